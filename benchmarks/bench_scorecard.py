"""Scorecard benchmark: `cx scorecard` from CSV vs DuckDB computing the same figures.

    python benchmarks/bench_scorecard.py                 # 1,000,000 lines, bench-data/ reused
    python benchmarks/bench_scorecard.py --repeat 3 --profile

Both contenders start from the same CSV exports (generated once by
``cx_cli.sampledata.generate(..., orders=1_000_000, seed=1, end=2026-11-25)``) in their
own subprocess, so wall time includes interpreter start-up and imports, and peak memory
(max RSS, from ``wait4``) is each one's own. cx runs with the parse cache off (a cold
run: `load_dataset` parses every file). DuckDB (benchmarks/_sql.py) reads the files with
``all_varchar``, parses times with ``strptime``, deduplicates the overlapping order files
and computes the scorecard's 8-week series with the definitions of SPEC §8. Figures that need cx's
text classifiers (untagged tickets' subcategory, negative comments) have no SQL
equivalent: DuckDB counts tagged missing-parts tickets only, and cx's classification
time is part of its total. The week-W figures of both are printed side by side.

Budget (SPEC §11): cx at most 1.5x DuckDB's time, peak memory under 1.5 GB.
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
    cx_cmd,
    duckdb_cmd,
    duckdb_params,
    ensure_data,
    run_measured,
)

CX_PHASES = r"""
import json, os, sys, time
t0 = time.perf_counter()
from datetime import date
from pathlib import Path
from cx_cli.config import load_settings
from cx_cli.io.dataset import load_dataset, resolve_inputs
from cx_cli.cli.labels import comment_labels, ticket_labels
from cx_cli.engines.metrics import MetricInputs
from cx_cli.engines import order_fields
from cx_cli.engines.scorecard import build_scorecard
FIELDS = {"orders": order_fields.SCORECARD}
from cx_cli.engines.weeks import last_complete_week, series_weeks
phases = {"imports": time.perf_counter() - t0}
s = load_settings(Path(sys.argv[1]))
paths = resolve_inputs(s)
for name in ("orders", "returns", "tickets", "reviews", "comments", "products"):
    t = time.perf_counter()
    part = load_dataset(s, paths, (name,), fields=FIELDS)
    phases[f"load {name}"] = time.perf_counter() - t
ds = load_dataset(s, paths, ("orders", "returns", "tickets", "reviews", "comments"),
                  fields=FIELDS)
as_of = date.fromisoformat(sys.argv[2])
weeks = series_weeks(last_complete_week(as_of), s.scorecard.weeks)
t = time.perf_counter()
tl = ticket_labels(s, ds, weeks[0].start, weeks[-1].end)
phases["classify tickets"] = time.perf_counter() - t
t = time.perf_counter()
cl = comment_labels(s, ds, weeks[0].start, weeks[-1].end)
phases["classify comments"] = time.perf_counter() - t
t = time.perf_counter()
build_scorecard(MetricInputs.from_dataset(ds, tl, cl), s, as_of)
phases["metrics engine"] = time.perf_counter() - t
print(json.dumps(phases))
"""


def compare(cx: dict, db: dict) -> list[tuple[str, object, object]]:
    """Week W's figures from both, side by side."""
    last = len(db["refund"]) - 1
    m, h = cx["metrics"], cx["platform_health"]

    def rate(row, a, b):
        return row[b] / row[a] if row[a] else None

    t = db["tickets"][last]
    r = db["reviews"][last]
    o = db["orders_in_week"][last]
    d = db["dispatch"][last]
    rows = [
        ("refund_rate", m["refund_rate"], rate(db["refund"][last], 1, 2)),
        ("frt_median_hours", m["frt_median_hours"], t[1]),
        ("frt_p90_hours", m["frt_p90_hours"], t[2]),
        ("unanswered_tickets", m["unanswered_tickets"], t[3]),
        ("missing_parts_tickets (tagged)", m["missing_parts_tickets"], t[4]),
        ("reviews", m["reviews"], r[1]),
        ("avg_rating", m["avg_rating"], r[2]),
        ("review_words_mean", m["review_words_mean"], r[3]),
        ("detailed_share", m["detailed_share"], r[4]),
        ("media_share", m["media_share"], r[5]),
        ("repeat_rate_30", m["repeat_rate_30"], rate(db["repeat_30"][last], 1, 2)),
        ("repeat_rate_60", m["repeat_rate_60"], rate(db["repeat_60"][last], 1, 2)),
        ("repeat_rate_90", m["repeat_rate_90"], rate(db["repeat_90"][last], 1, 2)),
        ("late_dispatch_rate", h["late_dispatch_rate"], rate(d, 1, 2)),
        ("seller_fault_cancellation_rate", h["seller_fault_cancellation_rate"],
         rate(d, 3, 4)),
        ("negative_review_rate", h["negative_review_rate"], r[6] / o[2] if o[2] else None),
        ("answered_within_12h_share", h["answered_within_12h_share"], t[5]),
        ("flagged SKUs", sum(x["flagged"] for x in cx["refunds_by_sku"]),
         sum(bool(x[5]) for x in db["skus"])),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender (best kept)")
    parser.add_argument("--profile", action="store_true",
                        help="also time cx's phases (loading per input, classifiers, engine)")
    args = parser.parse_args()
    folder = args.data / f"{args.lines}"
    ensure_data(folder, args.lines, args.seed)
    config = folder / "cx.yaml"

    work = Path(tempfile.mkdtemp(prefix="cx-bench-"))
    cx_json, db_json = work / "cx.json", work / "duckdb.json"
    cx = cx_cmd("scorecard", "-c", config, "--date", AS_OF, "-f", "json", "-o", cx_json)
    db = duckdb_cmd("scorecard", duckdb_params(config), work, db_json)
    best = {}
    for _ in range(args.repeat):
        for name, cmd, env in (("duckdb", db, None), ("cx scorecard", cx, NO_CACHE)):
            run = run_measured(cmd, env)
            if name not in best or run.seconds < best[name].seconds:
                best[name] = run
    base = best["duckdb"].seconds
    print(f"{args.lines:,} order lines, {folder}")
    print(f"{'contender':14} {'seconds':>8} {'x duckdb':>9} {'peak MB':>8}")
    for name, run in best.items():
        print(f"{name:14} {run.seconds:8.2f} {run.seconds / base:9.2f} {run.rss_mb:8.0f}")
    ratio = best["cx scorecard"].seconds / base
    rss = best["cx scorecard"].rss_mb
    print(f"budget: ratio {ratio:.2f} (<= {BUDGET_RATIO}) "
          f"{'OK' if ratio <= BUDGET_RATIO else 'OVER'}; peak {rss:.0f} MB (< {BUDGET_MB}) "
          f"{'OK' if rss < BUDGET_MB else 'OVER'}")

    cx_out = json.loads(cx_json.read_text())
    db_out = json.loads(db_json.read_text())["scorecard"]
    print(f"\nweek {cx_out['week']}: cx vs duckdb")
    for name, a, b in compare(cx_out, db_out):
        same = (a is None and b is None) or (a is not None and b is not None
                                             and abs(float(a) - float(b)) < 1e-9)
        print(f"  {name:32} {_fmt(a):>14} {_fmt(b):>14} {'' if same else '  differs'}")

    if args.profile:
        run = run_measured([sys.executable, "-c", CX_PHASES, str(config), AS_OF], NO_CACHE)
        print("\nwhere cx's time goes (separate run):")
        for name, value in run.last_json().items():
            print(f"  {name:20} {value:7.2f} s")


def _fmt(value) -> str:
    if value is None:
        return "null"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
