"""Messages benchmark: the due set of `cx messages due` vs DuckDB computing it, same run.

    python benchmarks/bench_messages.py                  # 1,000,000 lines, bench-data/ reused
    python benchmarks/bench_messages.py --skip-e2e       # only the due set

The exports are generated once by ``cx_cli.sampledata.generate(..., orders=1_000_000,
seed=1, end=2026-11-25)`` (the same folder bench_scorecard.py uses) and the run is as
of 2026-11-26, an empty ledger, the default stages and cap (2 a buyer a day).

Every contender runs in its own subprocess, so wall time includes interpreter start-up
and imports and peak memory (max RSS, from ``wait4``) is its own:

- duckdb (benchmarks/_sql.py): reads the CSV exports (all text), parses times,
  deduplicates the overlapping order files, and computes every default stage of SPEC §4
  in SQL (as-of masking, cancellation, refunds from the returns export, tickets,
  reviews, the check-in ticket rate, review delays, replenishment with reorders, the
  per-buyer cap);
- cx due set: the same from the same CSVs with cx's loaders and the timeline engine
  (``cx_cli.engines.timeline.compute``), cold (parse cache off: every CSV parsed) and
  warm (a second run on unchanged files, SPEC §11's parse cache); the engine's own time
  is printed apart. Ticket labels are the export's tags on both sides (the CLI also
  runs the triage classifier, which SQL cannot);
- cx messages due (end to end): the command itself, rendering and linting every due
  message to JSON lines (a cold run, then a warm one that reuses the parse cache).

The two due sets must match exactly (same (stage, order, sku) keys); the script fails
otherwise. Budget (SPEC §11): cx's due set at most 1.5x DuckDB's time, peak under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _common import (
    AS_OF,
    BUDGET_MB,
    BUDGET_RATIO,
    DATA,
    NO_CACHE,
    bench_config,
    cx_cmd,
    duckdb_cmd,
    duckdb_params,
    ensure_data,
    run_measured,
)

CX_DUE = r"""
import gc, json, sys, time
t0 = time.perf_counter()
gc.disable()  # as the cx executable runs (cx_cli.cli.main.run)
from datetime import date
from pathlib import Path
from cx_cli.config import load_settings
from cx_cli.io.dataset import load_dataset, resolve_inputs
from cx_cli.engines.order_fields import TIMELINE
s = load_settings(Path(sys.argv[1]))
ds = load_dataset(s, resolve_inputs(s), ("orders", "tickets", "reviews", "returns", "products"),
                  fields={"orders": TIMELINE})  # the columns `cx messages due` reads
from cx_cli.engines.timeline_memo import compute_remembered  # after, as the CLI does
t1 = time.perf_counter()
# As `cx messages due` computes it (remembered when the cache is on), with no ledger.
inputs = {"tickets": ds.tickets, "reviews": ds.reviews, "returns": ds.returns,
          "catalog": ds.catalog, "settings": s, "as_of": date.fromisoformat(sys.argv[3]),
          "ticket_labels": None}
result = compute_remembered(ds.orders, memo=ds.remembering, inputs=inputs,
                            ledger_inputs=lambda: {}, ledger_stamp=None,
                            catalog_files=ds.paths.get("products", []))
t2 = time.perf_counter()
keys = sorted([[m.stage, m.order_id, m.sku] for m in result.due], key=str)
Path(sys.argv[2]).write_text(json.dumps(keys))
print(json.dumps({"seconds": time.perf_counter() - t0, "load": t1 - t0, "engine": t2 - t1,
                  "due": len(result.due), "deferred": len(result.deferred)}))
"""


def due_keys(path: Path, task: str | None = None) -> set[tuple]:
    """(stage, order_id, sku) of every due message in a JSON file (cx's, or DuckDB's)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if task:
        data = data[task]
    return {(m["stage"], m["order_id"], m["sku"]) if isinstance(m, dict) else tuple(m)
            for m in data}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--date", default=AS_OF)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender (best kept)")
    parser.add_argument("--skip-e2e", action="store_true",
                        help="skip the end-to-end `cx messages due` runs")
    args = parser.parse_args()
    folder = args.data / f"{args.lines}"
    ensure_data(folder, args.lines, args.seed)
    work = Path(tempfile.mkdtemp(prefix="cx-bench-messages-"))
    config = bench_config(folder, work)  # an empty ledger in the scratch folder
    cx_keys, db_out = work / "cx.json", work / "duckdb.json"
    db = duckdb_cmd("due", duckdb_params(config, args.date), work, db_out)
    cx = [sys.executable, "-c", CX_DUE, str(config), str(cx_keys), args.date]
    best = {}
    run_measured(cx)  # fills the parse cache for the warm runs
    for _ in range(args.repeat):
        for name, cmd, env in (("duckdb due set", db, None),
                               ("cx due set", cx, NO_CACHE),
                               ("cx due set (warm cache)", cx, None)):
            run = run_measured(cmd, env)
            if name not in best or run.seconds < best[name].seconds:
                best[name] = run
    if not args.skip_e2e:
        out = work / "due.jsonl"
        e2e = cx_cmd("messages", "due", "-c", config, "--date", args.date, "-f", "jsonl",
                     "-o", out)
        cold = run_measured(e2e, NO_CACHE)
        # Its worker's memory counted in, from one more run that is not timed.
        cold.rss_mb = max(cold.rss_mb, run_measured(e2e, NO_CACHE, tree=True).rss_mb)
        best["cx messages due (cold)"] = cold
        best["cx messages due (warm)"] = run_measured(e2e)
        listed = sum(1 for _ in out.open(encoding="utf-8"))

    base = best["duckdb due set"].seconds
    cx_info = best["cx due set"].last_json()
    print(f"{args.lines:,} order lines ({folder}), as of {args.date}")
    print(f"{'contender':26} {'seconds':>8} {'x duckdb':>9} {'peak MB':>8}")
    for name, run in best.items():
        print(f"{name:26} {run.seconds:8.2f} {run.seconds / base:9.2f} {run.rss_mb:8.0f}")
    warm_info = best["cx due set (warm cache)"].last_json()
    print(f"  cx due set: load {cx_info['load']:.2f} s cold / {warm_info['load']:.2f} s "
          f"warm (imports included), timeline engine {cx_info['engine']:.2f} s; "
          f"{cx_info['due']:,} due, {cx_info['deferred']:,} deferred by the cap")
    if not args.skip_e2e:
        print(f"  cx messages due listed {listed:,} messages (tickets triaged, rendered, linted)")
    for name in ("cx due set", "cx due set (warm cache)"):
        ratio = best[name].seconds / base
        rss = best[name].rss_mb
        print(f"budget, {name}: ratio {ratio:.2f} (<= {BUDGET_RATIO}) "
              f"{'OK' if ratio <= BUDGET_RATIO else 'OVER'}; peak {rss:.0f} MB "
              f"(< {BUDGET_MB}) {'OK' if rss < BUDGET_MB else 'OVER'}")
    compare_due(due_keys(cx_keys), due_keys(db_out, "due"))


def compare_due(a: set[tuple], b: set[tuple]) -> None:
    """Per-stage counts of cx's due set and DuckDB's; they must be the same set."""
    by_stage: dict[str, list[int]] = {}
    for stage, *_ in a:
        by_stage.setdefault(stage, [0, 0])[0] += 1
    for stage, *_ in b:
        by_stage.setdefault(stage, [0, 0])[1] += 1
    print(f"\ndue set: cx {len(a):,}, duckdb {len(b):,}")
    for stage, (n_cx, n_db) in sorted(by_stage.items()):
        print(f"  {stage:20} {n_cx:8,} {n_db:8,}{'' if n_cx == n_db else '  differs'}")
    if a != b:
        only_cx, only_db = sorted(a - b, key=str)[:5], sorted(b - a, key=str)[:5]
        raise SystemExit(f"due sets differ: only cx {only_cx}, only duckdb {only_db}")
    print("due sets match")


if __name__ == "__main__":
    main()
