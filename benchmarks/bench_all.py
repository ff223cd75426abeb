"""SPEC §11 in one run: cx scorecard, messages due, voc and report vs DuckDB, and start-up.

    python benchmarks/bench_all.py                         # 1,000,000 lines, 3 runs each
    python benchmarks/bench_all.py --lines 100000 --runs 5
    python benchmarks/bench_all.py --growth --runs 1       # 100k, 1M and 3M lines
    python benchmarks/bench_all.py --commands voc,report   # a subset

The exports are generated once per size into bench-data/<lines>/ by
``cx_cli.sampledata.generate(folder, orders=N, seed=1, end=2026-11-25)`` (with tickets,
reviews, comments and returns in proportion) and every run is as of 2026-11-26 with an
empty ledger. Each contender is a fresh subprocess, so times include interpreter start-up
and imports. Peak memory is the max RSS (``os.wait4``) of the timed runs and, for cx,
the summed PSS of the process and its worker in one more cold run that is not timed
(reading PSS takes CPU from the command):

- cx: the real CLI (``python -m cx_cli scorecard | messages due | voc | report``) with
  the parse cache off (``CX_NO_CACHE=1``, a cold run), ``--runs`` times; then, the cache
  emptied, a first run with the cache on and a second one on the unchanged files.
  "due set" is the loaders plus the timeline engine only (bench_messages.py's CX_DUE):
  what DuckDB's due set computes, without triage, rendering and the policy lint.
  "report figures" is what `cx report` computes before it renders anything
  (``CX_REPORT_FIGURES``): the loaders, the text classifiers, the scorecard, refunds,
  VoC and the due set. It is shown to say where the report's time goes; the budget is
  the whole report's.
- DuckDB: the SQL of benchmarks/_sql.py, from the same CSV files, ``--runs`` times:
  scorecard (SPEC §8), the due set (§4), VoC (§9) and, for the report, all of them plus
  refunds by SKU in one process that reads the exports once.
- start-up: ``cx --help``, ``cx lint`` on one template, on all 38 bundled templates and
  ``--list-rules``, and ``cx init`` vs ``python -c "import typer, rich"``.

Medians are printed as Markdown tables for the README, with the machine. Quote ratios:
the machine is shared and absolute times drift. After timing, the figures of both sides
are compared (scorecard week W, the due set, VoC's tag-based figures).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from _common import (
    AS_OF,
    BUDGET_MB,
    BUDGET_RATIO,
    DATA,
    NO_CACHE,
    ROOT,
    bench_config,
    cx_cmd,
    duckdb_cmd,
    duckdb_params,
    ensure_data,
    machine,
    markdown_table,
    median,
    run_measured,
)
from bench_messages import CX_DUE, compare_due, due_keys
from bench_scorecard import _fmt, compare

COMMANDS = ("scorecard", "messages due", "due set", "voc", "report", "report figures")

# `cx report` up to its figures, as cx_cli/cli/report.py loads and computes them: the
# exports loaded with the texts classified meanwhile, then every section's figures and
# the day's due set (no ledger); nothing rendered, drawn or written.
CX_REPORT_FIGURES = r"""
import gc, json, sys, time
t0 = time.perf_counter()
gc.disable()  # as the cx executable runs (cx_cli.cli.main.run)
from datetime import date
from pathlib import Path
from cx_cli.cli.report import INPUTS
from cx_cli.config import load_settings
from cx_cli.engines.order_fields import REPORT
from cx_cli.engines.report import build_report, read_texts
from cx_cli.io.dataset import load_dataset, resolve_inputs
from cx_cli.memory import release_freed_memory
s = load_settings(Path(sys.argv[1]))
as_of = date.fromisoformat(sys.argv[3])
ds = load_dataset(s, resolve_inputs(s), INPUTS, require=("orders",),
                  fields={"orders": REPORT},
                  meanwhile=lambda ds: read_texts(ds, s, as_of, ds.remembering))
t1 = time.perf_counter()
release_freed_memory()
data = build_report(ds, s, as_of, memo=ds.remembering, texts=ds.meanwhile)
t2 = time.perf_counter()
Path(sys.argv[2]).write_text(json.dumps({"due": len(data.due),
                                         "refund_rate": data.scorecard.current("refund_rate")}))
print(json.dumps({"seconds": time.perf_counter() - t0, "load": t1 - t0,
                  "figures": t2 - t1, "due": len(data.due)}))
"""
GROWTH = (100_000, 1_000_000, 3_000_000)
STARTUP_RUNS = 10
WARM_BUDGET = 1 / 3


def commands(folder: Path, work: Path) -> dict[str, tuple[list[str], str]]:
    """command -> (cx's command line, the DuckDB task that computes the same figures)."""
    config = bench_config(folder, work)
    base = ["-c", config, "--date", AS_OF]
    return {
        "scorecard": (cx_cmd("scorecard", *base, "-f", "json", "-o", work / "scorecard.json"),
                      "scorecard"),
        "messages due": (cx_cmd("messages", "due", *base, "-f", "json", "-o",
                                work / "due.json"), "due"),
        "due set": ([sys.executable, "-c", CX_DUE, str(config), str(work / "due-set.json"),
                     AS_OF], "due"),
        "voc": (cx_cmd("voc", *base, "-f", "json", "-o", work / "voc.json"), "voc"),
        "report": (cx_cmd("report", *base, "--out", work / "reports", "--quiet"), "report"),
        "report figures": ([sys.executable, "-c", CX_REPORT_FIGURES, str(config),
                            str(work / "report-figures.json"), AS_OF], "report"),
    }


def bench(lines: int, runs: int, wanted: list[str]) -> dict:
    """Time every wanted command at one size; returns the medians, peaks and checks."""
    folder = DATA / str(lines)
    ensure_data(folder, lines)
    work = Path(tempfile.mkdtemp(prefix=f"cx-bench-{lines}-"))
    cmds = {k: v for k, v in commands(folder, work).items() if k in wanted}
    config = folder / "cx-bench.yaml"
    params = duckdb_params(config)
    tasks = sorted({task for _, task in cmds.values()})
    db_cmds = {t: duckdb_cmd(t, params, work, work / f"duckdb-{t}.json") for t in tasks}
    cx_runs: dict[str, list] = {k: [] for k in cmds}
    db_runs: dict[str, list] = {t: [] for t in tasks}
    for i in range(runs):
        print(f"[{lines:,} lines] run {i + 1}/{runs}", file=sys.stderr, flush=True)
        for task, cmd in db_cmds.items():
            db_runs[task].append(run_measured(cmd))
        for name, (cmd, _) in cmds.items():
            cx_runs[name].append(run_measured(cmd, NO_CACHE))
    # Peak memory with the worker's counted in, from one more cold run each (not timed).
    tree_mb = {name: run_measured(cmd, NO_CACHE, tree=True).rss_mb
               for name, (cmd, _) in cmds.items()}
    cache = {}
    for name, (cmd, _) in cmds.items():
        shutil.rmtree(folder / ".cx" / "cache", ignore_errors=True)
        first = run_measured(cmd)
        second = run_measured(cmd)
        cache[name] = (first.seconds, second.seconds, second.rss_mb)
    out = {"lines": lines, "work": str(work), "commands": {}}
    for name, (_, task) in cmds.items():
        cx_s = median([r.seconds for r in cx_runs[name]])
        db_s = median([r.seconds for r in db_runs[task]])
        out["commands"][name] = {
            "cx_s": cx_s, "db_s": db_s, "ratio": cx_s / db_s,
            "cx_mb": max(tree_mb[name], *(r.rss_mb for r in cx_runs[name])),
            "db_mb": max(r.rss_mb for r in db_runs[task]),
            "cx_runs": [r.seconds for r in cx_runs[name]],
            "db_runs": [r.seconds for r in db_runs[task]],
            "first_s": cache[name][0], "warm_s": cache[name][1], "warm_mb": cache[name][2],
        }
    if "due set" in cx_runs:
        out["due_set_split"] = cx_runs["due set"][-1].last_json()
    if "report figures" in cx_runs:
        out["report_split"] = cx_runs["report figures"][-1].last_json()
    out["duckdb_steps"] = {t: r[-1].last_json()["steps"] for t, r in db_runs.items()}
    (work / "results.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def startup(runs: int = STARTUP_RUNS) -> dict[str, tuple[float, float]]:
    """Median wall seconds and peak MB of the start-up commands."""
    cx = Path(sys.executable).with_name("cx")
    cx = [str(cx)] if cx.exists() else [sys.executable, "-m", "cx_cli"]
    with tempfile.TemporaryDirectory(prefix="cx-init-") as scratch:
        return _time_startup(cx, Path(scratch) / "shop", runs)


def _time_startup(cx: list[str], shop: Path, runs: int) -> dict[str, tuple[float, float]]:
    cmds = {
        'python -c "import typer, rich"': [sys.executable, "-c", "import typer, rich"],
        "cx --help": [*cx, "--help"],
        # Start-up of the lint command: one template, as a pre-commit hook or an editor
        # on save runs it (outside a shop folder: no cx.yaml to read).
        "cx lint one template": [*cx, "lint", str(ROOT / "templates" / "messages" /
                                                  "order_confirmation.txt.j2")],
        # Start-up plus the work: every bundled template (38 files).
        "cx lint templates/": [*cx, "lint", str(ROOT / "templates")],
        "cx lint --list-rules": [*cx, "lint", "--list-rules"],
        # A starter shop: cx.yaml, products.yaml and the 38 templates to edit.
        # Every run writes the files (--force: the first run finds none to keep).
        "cx init": [*cx, "init", str(shop), "--force"],
    }
    times: dict[str, list] = {k: [] for k in cmds}
    for _ in range(runs):  # interleaved, so drift hits every command alike
        for name, cmd in cmds.items():
            times[name].append(run_measured(cmd, ok=(0, 1)))
    return {k: (median([r.seconds for r in v]), max(r.rss_mb for r in v))
            for k, v in times.items()}


# --- tables ------------------------------------------------------------------------------

def ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


# Shown to say where a command's time goes, not held to a budget of their own.
DIAGNOSTIC = {"report figures"}


def budget_table(result: dict) -> str:
    rows = []
    for name, c in result["commands"].items():
        within = c["ratio"] <= BUDGET_RATIO and c["cx_mb"] < BUDGET_MB
        verdict = "— (a part of `report`)" if name in DIAGNOSTIC else ok(within)
        rows.append([f"`{label(name)}`", f"{c['cx_s']:.2f}", f"{c['db_s']:.2f}",
                     f"{c['ratio']:.2f}", f"{c['cx_mb']:.0f}", f"{c['db_mb']:.0f}", verdict])
    return markdown_table(["command", "cx median s", "DuckDB median s", "ratio",
                           "cx peak MB", "DuckDB peak MB", "budget OK?"], rows)


def cache_table(result: dict) -> str:
    rows = []
    for name, c in result["commands"].items():
        share = c["warm_s"] / c["first_s"]
        rows.append([f"`{label(name)}`", f"{c['first_s']:.2f}", f"{c['warm_s']:.2f}",
                     f"{share:.2f}", f"{c['warm_mb']:.0f}", ok(share < WARM_BUDGET)])
    return markdown_table(["command", "first run s (cache on)", "second run s",
                           "second / first", "peak MB", "under 1/3?"], rows)


# Start-up plus real work (linting 38 files, about 30 ms on its own): shown for scale,
# not held to the start-up budget.
WITH_WORK = {"cx lint templates/"}


def startup_table(times: dict[str, tuple[float, float]]) -> str:
    base = times['python -c "import typer, rich"'][0]

    def verdict(name: str, seconds: float) -> str:
        if name.startswith("python"):
            return "—"
        if name in WITH_WORK:
            return "— (start-up + linting)"
        return ok(seconds / base <= BUDGET_RATIO)

    rows = [[f"`{k}`", f"{s * 1000:.0f}", f"{s / base:.2f}", f"{mb:.0f}", verdict(k, s)]
            for k, (s, mb) in times.items()]
    return markdown_table(["command", "median ms", "× import typer, rich", "peak MB",
                           "budget OK?"], rows)


def growth_table(results: list[dict]) -> str:
    rows = []
    for name in results[0]["commands"]:
        prev = None
        for r in results:
            c = r["commands"][name]
            growth = "—" if prev is None else f"{c['cx_s'] / prev:.1f}×"
            rows.append([f"`{label(name)}`", f"{r['lines']:,}", f"{c['cx_s']:.2f}",
                         f"{c['db_s']:.2f}", f"{c['ratio']:.2f}", f"{c['cx_mb']:.0f}",
                         f"{c['db_mb']:.0f}", growth])
            prev = c["cx_s"]
    return markdown_table(["command", "order lines", "cx s", "DuckDB s", "ratio",
                           "cx peak MB", "DuckDB peak MB", "cx time vs previous size"], rows)


def label(name: str) -> str:
    return {"due set": "messages due (due set: loaders + timeline engine)",
            "messages due": "messages due (CLI: + triage, render, lint)",
            "report": "report (DuckDB: scorecard + refunds + voc + due set)",
            "report figures": "report, its figures only (loaders, classifiers, sections, due "
                              "set; nothing rendered or written)"}.get(
        name, name)


# --- the figures of both sides --------------------------------------------------------------

def check(result: dict) -> list[str]:
    """Compare cx's figures with DuckDB's; the lines that differ (empty: all agree)."""
    work, cmds = Path(result["work"]), result["commands"]
    problems: list[str] = []
    if "scorecard" in cmds:
        cx = json.loads((work / "scorecard.json").read_text())
        db = json.loads((work / "duckdb-scorecard.json").read_text())["scorecard"]
        for name, a, b in compare(cx, db):
            same = (a is None and b is None) or (a is not None and b is not None
                                                 and abs(float(a) - float(b)) < 1e-9)
            if not same and "tagged" not in name:  # DuckDB cannot triage untagged tickets
                problems.append(f"scorecard {name}: cx {_fmt(a)}, duckdb {_fmt(b)}")
    for name, path in (("messages due", "due.json"), ("due set", "due-set.json")):
        if name in cmds:
            compare_due(due_keys(work / path), due_keys(work / "duckdb-due.json", "due"))
    if "report figures" in cmds and "due set" in cmds:
        figures = json.loads((work / "report-figures.json").read_text())["due"]
        due_set = len(due_keys(work / "due-set.json"))
        if figures != due_set:
            problems.append(f"report figures: {figures:,} due, the due set {due_set:,}")
    if "voc" in cmds:
        problems += check_voc(json.loads((work / "voc.json").read_text()),
                              json.loads((work / "duckdb-voc.json").read_text())["voc"])
    return problems


def check_voc(cx: dict, db: dict) -> list[str]:
    """VoC figures that do not depend on the classifiers must be equal: orders in the
    period, every fix check, the root-cause rows (tagged tickets only) and the number of
    1–2 star reviews. cx's issue rows also hold triaged tickets and comments, and untagged
    tickets the rules escalate as safety (the `safety` row); none of these is compared."""
    problems = []
    if cx["orders_in_period"] != db["orders_in_period"]:
        problems.append(f"voc orders_in_period: cx {cx['orders_in_period']}, "
                        f"duckdb {db['orders_in_period']}")
    fixes = {f["issue"]: f for f in db["fixes"]}
    keys = ("lines_before", "refunded_before", "lines_after", "refunded_after", "verdict")
    for row in cx["issues"]:
        fix = fixes.get(row["issue"])
        if fix and row["kind"] != "root_cause" and "owned_via" not in row:
            for k in keys:
                if row[k] != fix[k]:
                    problems.append(f"voc fix {row['issue']} {k}: cx {row[k]}, duckdb {fix[k]}")
        d = db["issues"].get(row["issue"])
        if row["kind"] == "root_cause":
            per_week = {f"{y}-W{w:02d}": n for day, n in (d or {}).get("per_week", {}).items()
                        for y, w, _ in [date.fromisoformat(day).isocalendar()]}
            got = (row["mentions"], row["trend"]["previous"], row["orders_affected"],
                   {k: v for k, v in row["per_week"].items() if v},
                   [[s["sku"], s["mentions"]] for s in row["skus"]])
            want = d and (d["mentions"], d["previous"], d["orders_affected"], per_week,
                          d["skus"])
            if got != want:
                problems.append(f"voc root cause {row['issue']}: cx {got}, duckdb {want}")
    # cx's review mentions are every 1–2 star review of the period, whichever issue its
    # text gives it (a subcategory, safety or low_rating); DuckDB names them all low_rating.
    low = db["issues"].get("low_rating", {}).get("mentions", 0)
    if cx["mentions"]["review"] != low:
        problems.append(f"voc 1–2 star reviews: cx {cx['mentions']['review']}, duckdb {low}")
    tagged = sum(d["ticket"] for d in db["issues"].values() if d["kind"] == "issue")
    print(f"voc: {len(fixes)} fix checks, root causes, orders in period and 1–2 star reviews "
          f"compared; tickets with an issue: cx {cx['mentions']['ticket']:,} (tagged + "
          f"triaged), DuckDB {tagged:,} (tagged only)")
    return problems


def report(results: list[dict], times: dict | None, load: tuple[float, ...]) -> None:
    print(f"\nMachine: {machine()}")
    print(f"Load average (1/5/15 min) at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Reproduce: python benchmarks/bench_all.py {' '.join(sys.argv[1:])}".rstrip())
    for r in results:
        c = r["commands"]
        print(f"\n### {r['lines']:,} order lines: cx (cold, parse cache off) vs DuckDB, "
              f"median of {len(next(iter(c.values()))['cx_runs'])} run(s)\n")
        print(budget_table(r))
        print("\nBudget: cx at most 1.5× DuckDB, peak under 1.5 GB (1,536 MB). `voc` and "
              "`report` also run text classifiers (triage, comments, review texts), "
              "which DuckDB cannot: DuckDB counts the export's tags only.")
        if "due_set_split" in r:
            s = r["due_set_split"]
            print(f"Due set split (last cold run): load {s['load']:.2f} s (imports "
                  f"included), timeline engine {s['engine']:.2f} s; {s['due']:,} due.")
        if "report_split" in r:
            s = r["report_split"]
            print(f"Report figures split (last cold run): load and classify {s['load']:.2f} s "
                  f"(imports included), figures and due set {s['figures']:.2f} s; "
                  f"{s['due']:,} due.")
        for task, steps in r["duckdb_steps"].items():
            print(f"DuckDB {task} (last run): " + ", ".join(
                f"{k} {v:.2f} s" for k, v in steps.items()))
        print(f"\n#### Parse cache at {r['lines']:,} lines\n")
        print(cache_table(r))
    if len(results) > 1:
        print("\n### Growth\n")
        print(growth_table(results))
    if times:
        print(f"\n### Start-up (median of {STARTUP_RUNS})\n")
        print(startup_table(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--growth", action="store_true", help="100k, 1M and 3M lines")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--commands", default=",".join(COMMANDS),
                        help=f"comma-separated subset of: {', '.join(COMMANDS)}")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up runs")
    args = parser.parse_args()
    wanted = [c.strip() for c in args.commands.split(",")]
    unknown = set(wanted) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown command(s): {', '.join(sorted(unknown))}")
    # cx is timed as installed: its bytecode compiled, as ``pip install`` does. An editable
    # checkout under PYTHONDONTWRITEBYTECODE would otherwise compile every module from
    # source on every run, while pandas, typer and rich come precompiled.
    compileall.compile_dir(str(ROOT / "cx_cli"), quiet=1)
    load = os.getloadavg()
    results = []
    for lines in GROWTH if args.growth else (args.lines,):
        results.append(bench(lines, args.runs, wanted))
    times = None if args.no_startup else startup()
    report(results, times, load)
    problems = [p for r in results for p in check(r)]
    for p in problems:
        print(f"DIFFERS: {p}")
    print(f"\nraw results: {', '.join(r['work'] + '/results.json' for r in results)}")
    if problems:
        raise SystemExit("cx and DuckDB disagree on figures they both compute")


if __name__ == "__main__":
    main()
