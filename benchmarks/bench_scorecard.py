"""Scorecard benchmark: `cx scorecard` from CSV vs DuckDB computing the same figures.

    python benchmarks/bench_scorecard.py                 # 1,000,000 lines, bench-data/ reused
    python benchmarks/bench_scorecard.py --repeat 3 --profile

Both contenders start from the same CSV exports (generated once by
``cx_cli.sampledata.generate(..., orders=1_000_000, seed=1, end=2026-11-25)``) in their
own subprocess, so wall time includes interpreter start-up and imports, and peak memory
(max RSS, from ``wait4``) is each one's own. cx runs with the parse cache off (a cold
run: `load_dataset` parses every file). DuckDB reads the files with ``all_varchar``,
parses times with ``strptime``, deduplicates the overlapping order files and computes
the scorecard's 8-week series with the definitions of SPEC §8. Figures that need cx's
text classifiers (untagged tickets' subcategory, negative comments) have no SQL
equivalent: DuckDB counts tagged missing-parts tickets only, and cx's classification
time is part of its total. The week-W figures of both are printed side by side.

Budget (SPEC §11): cx at most 1.5x DuckDB's time, peak memory under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-26"        # the day after the data ends: W47 is the last complete week
WEEK_START = "2026-09-28"   # first week of the 8-week series (2026-W40)
WEEKS = 8
BUDGET_RATIO = 1.5
BUDGET_MB = 1536

DUCKDB_SCORECARD = r"""
import json, sys, time
t0 = time.perf_counter()
import duckdb
folder, out_path, holidays = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
AS_OF, WEEK_START, WEEKS = sys.argv[4], sys.argv[5], int(sys.argv[6])
con = duckdb.connect()
con.execute("SET TimeZone = 'America/Los_Angeles'")
US, ISO = "%m/%d/%Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S"
def ts(col, fmt):
    return f"try_strptime(nullif(nullif(trim({col}), ''), '/'), '{fmt}')"
def weeks(shift=0):
    return (f"(SELECT i, DATE '{WEEK_START}' + INTERVAL (7 * i - {shift}) DAY AS ws, "
            f"DATE '{WEEK_START}' + INTERVAL (7 * i + 7 - {shift}) DAY AS we "
            f"FROM range({WEEKS}) t(i))")
con.execute(f'''
CREATE TABLE lines AS
WITH raw AS (
  SELECT "Order ID" AS oid, "SKU ID" AS sid, "Seller SKU" AS ssku, "Order Status" AS st,
         "Cancelation/Return Type" AS rt, "Sku Quantity of return" AS rq,
         "Cancel By" AS cb, "Buyer Username" AS buyer,
         "Created Time" AS c, "Paid Time" AS p, "RTS Time" AS r, "Shipped Time" AS s,
         "Delivered Time" AS d, "Cancelled Time" AS x, filename
  FROM read_csv('{folder}/orders/*.csv', all_varchar=true, header=true, filename=true)
  WHERE "Order ID" <> 'Platform unique order ID.'
), typed AS (
  SELECT trim(oid) AS order_id, coalesce(nullif(trim(sid), ''), trim(ssku)) AS sku_id,
         coalesce(nullif(trim(ssku), ''), trim(sid)) AS sku, lower(trim(st)) AS status,
         lower(trim(coalesce(rt, ''))) AS return_type,
         coalesce(try_cast(trim(rq) AS INTEGER), 0) AS returned_qty,
         lower(trim(coalesce(cb, ''))) AS cancel_by, nullif(trim(buyer), '') AS buyer,
         {ts('c', US)} AS created_at, {ts('p', US)} AS paid_at, {ts('r', US)} AS rts_at,
         {ts('s', US)} AS shipped_at, {ts('d', US)} AS delivered_at,
         {ts('x', US)} AS cancelled_at, filename
  FROM raw
)
SELECT * EXCLUDE (filename) FROM typed
QUALIFY row_number() OVER (PARTITION BY order_id, sku_id
  ORDER BY greatest(created_at, paid_at, rts_at, shipped_at, delivered_at, cancelled_at)
           DESC NULLS LAST,
           CASE status WHEN 'unpaid' THEN 0 WHEN 'to ship' THEN 1 WHEN 'shipped' THEN 3
                       WHEN 'completed' THEN 5 ELSE 6 END DESC, filename DESC) = 1;
CREATE TABLE valid_returns AS
SELECT DISTINCT trim("Order ID") AS order_id, trim("Seller SKU") AS sku
FROM read_csv('{folder}/returns.csv', all_varchar=true, header=true)
WHERE lower(trim("Return Status")) NOT IN ('rejected', 'reception rejected',
                                          'request closed', 'cancelled', 'canceled')
  AND lower("Return Type") NOT LIKE '%replace%';
CREATE TABLE sale AS
SELECT l.sku, l.paid_at, v.order_id IS NOT NULL AS refunded
FROM lines l LEFT JOIN valid_returns v ON v.order_id = l.order_id AND v.sku = l.sku
WHERE l.paid_at IS NOT NULL AND l.return_type <> 'cancel';
CREATE TABLE orders AS
SELECT order_id, any_value(buyer) AS buyer, min(paid_at) AS paid_at,
       min(shipped_at) AS shipped_at, min(delivered_at) AS delivered_at,
       bool_or(status IN ('canceled', 'cancelled')) AS cancelled,
       bool_or(status IN ('canceled', 'cancelled'))
         AND bool_or(cancel_by = 'seller') AS seller_cancel,
       bool_or(return_type <> 'cancel') AS sale_line
FROM lines GROUP BY order_id;
CREATE TABLE tickets AS
SELECT {ts('created_at', ISO)} AS created_at,
       {ts('first_response_at', ISO)} AS first_response_at,
       lower(trim(subcategory)) AS subcategory
FROM read_csv('{folder}/tickets.csv', all_varchar=true, header=true);
CREATE TABLE reviews AS
SELECT {ts('created_at', ISO)} AS created_at, try_cast(trim(rating) AS INTEGER) AS rating,
       coalesce(len(list_filter(string_split_regex(review_text, '\s+'), lambda w: w <> '')), 0)
         AS words,
       lower(trim(has_media)) IN ('true', '1', 'yes', 'y', 't') AS media
FROM read_csv('{folder}/reviews.csv', all_varchar=true, header=true);
''')
q = {}
def series(sql):
    return [list(r) for r in con.execute(sql).fetchall()]
q["refund"] = series(f'''
SELECT w.i, count(s.paid_at), count(s.paid_at) FILTER (WHERE s.refunded)
FROM {weeks(14)} w LEFT JOIN sale s ON s.paid_at >= w.ws AND s.paid_at < w.we
GROUP BY w.i ORDER BY w.i''')
q["skus"] = series(f'''
WITH c AS (SELECT s.sku, count(*) AS n, count(*) FILTER (WHERE s.refunded) AS k
           FROM sale s, {weeks(14)} w
           WHERE w.i = {WEEKS} - 1 AND s.paid_at >= w.ws AND s.paid_at < w.we GROUP BY s.sku),
     shop AS (SELECT sum(k) / sum(n) AS rate FROM c),
     wil AS (SELECT sku, n, k, k / n AS p, 1.959964 AS z FROM c)
SELECT sku, n, k, p,
       greatest(0, (p + z*z/(2*n) - z*sqrt(p*(1-p)/n + z*z/(4*n*n))) / (1 + z*z/n)) AS lo,
       n >= 20 AND greatest(0, (p + z*z/(2*n) - z*sqrt(p*(1-p)/n + z*z/(4*n*n)))
                            / (1 + z*z/n)) > (SELECT rate FROM shop) AS flagged
FROM wil ORDER BY flagged DESC, p DESC, n DESC, sku''')
q["tickets"] = series(f'''
WITH t AS (SELECT created_at, subcategory,
                  epoch(timezone('America/Los_Angeles', first_response_at))
                    - epoch(timezone('America/Los_Angeles', created_at)) AS secs FROM tickets)
SELECT w.i, quantile_cont(t.secs / 3600, 0.5), quantile_cont(t.secs / 3600, 0.9),
       count(t.created_at) FILTER (WHERE t.secs IS NULL),
       count(t.created_at) FILTER (WHERE t.subcategory = 'missing_parts'),
       count(t.created_at) FILTER (WHERE t.secs <= 43200) / nullif(count(t.created_at), 0)
FROM {weeks()} w LEFT JOIN t ON t.created_at >= w.ws AND t.created_at < w.we
GROUP BY w.i ORDER BY w.i''')
q["orders_in_week"] = series(f'''
SELECT w.i,
  (SELECT count(*) FROM orders o WHERE o.shipped_at >= w.ws AND o.shipped_at < w.we),
  (SELECT count(*) FROM orders o WHERE o.delivered_at >= w.ws AND o.delivered_at < w.we)
FROM {weeks()} w ORDER BY w.i''')
q["reviews"] = series(f'''
SELECT w.i, count(r.created_at), avg(r.rating), avg(r.words),
       avg(CASE WHEN r.words >= 11 THEN 1 ELSE 0 END), avg(CASE WHEN r.media THEN 1 ELSE 0 END),
       count(r.created_at) FILTER (WHERE r.rating <= 2)
FROM {weeks()} w LEFT JOIN reviews r ON r.created_at >= w.ws AND r.created_at < w.we
GROUP BY w.i ORDER BY w.i''')
for n in (30, 60, 90):
    q[f"repeat_{n}"] = series(f'''
    WITH qo AS (SELECT buyer, paid_at FROM orders
                WHERE paid_at IS NOT NULL AND sale_line AND buyer IS NOT NULL),
         f AS (SELECT buyer, min(paid_at) AS fp FROM qo GROUP BY buyer),
         nx AS (SELECT qo.buyer, min(qo.paid_at) AS np FROM qo JOIN f USING (buyer)
                WHERE qo.paid_at > f.fp GROUP BY qo.buyer),
         b AS (SELECT f.fp, nx.np IS NOT NULL AND nx.np <= f.fp + INTERVAL {n} DAY AS rep
               FROM f LEFT JOIN nx USING (buyer))
    SELECT w.i, count(b.fp), count(b.fp) FILTER (WHERE b.rep)
    FROM {weeks(n)} w LEFT JOIN b ON b.fp >= w.ws AND b.fp < w.we
    GROUP BY w.i ORDER BY w.i''')
con.execute("CREATE TABLE hol(d DATE)")
con.executemany("INSERT INTO hol VALUES (?)", [[h] for h in holidays])
q["dispatch"] = series(f'''
WITH days AS (SELECT CAST(d AS DATE) AS d
              FROM range(DATE '2026-01-01', DATE '2027-06-01', INTERVAL 1 DAY) t(d)),
     bd AS (SELECT d, isodow(d) <= 5 AND d NOT IN (SELECT d FROM hol) AS open FROM days),
     numbered AS (SELECT d, open, sum(CASE WHEN open THEN 1 ELSE 0 END)
                  OVER (ORDER BY d) AS n FROM bd),
     deadline AS (SELECT a.d AS paid_day, b.d AS due FROM numbered a
                  JOIN numbered b ON b.open AND b.n = a.n + 2),
     o AS (SELECT o.*, dl.due FROM orders o
           JOIN deadline dl ON dl.paid_day = CAST(o.paid_at AS DATE))
SELECT w.i,
       count(o.order_id) FILTER (WHERE NOT o.cancelled),
       count(o.order_id) FILTER (WHERE NOT o.cancelled AND CASE WHEN o.shipped_at IS NULL
             THEN o.due < DATE '{AS_OF}' ELSE CAST(o.shipped_at AS DATE) > o.due END),
       count(o.order_id), count(o.order_id) FILTER (WHERE o.seller_cancel)
FROM {weeks()} w LEFT JOIN o ON o.paid_at >= w.ws AND o.paid_at < w.we
GROUP BY w.i ORDER BY w.i''')
Path = __import__("pathlib").Path
Path(out_path).write_text(json.dumps(q, default=float))
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""

CX_PHASES = r"""
import json, os, sys, time
t0 = time.perf_counter()
from datetime import date
from pathlib import Path
from cx_cli.config import load_settings
from cx_cli.io.dataset import load_dataset, resolve_inputs
from cx_cli.cli.scorecard import comment_labels, ticket_labels
from cx_cli.engines.metrics import MetricInputs
from cx_cli.engines.scorecard import ORDER_FIELDS, build_scorecard
FIELDS = {"orders": ORDER_FIELDS}
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
tl = ticket_labels(s, ds.tickets, weeks[0].start, weeks[-1].end)
phases["classify tickets"] = time.perf_counter() - t
t = time.perf_counter()
cl = comment_labels(s, ds.comments, weeks[0].start, weeks[-1].end)
phases["classify comments"] = time.perf_counter() - t
t = time.perf_counter()
build_scorecard(MetricInputs.from_dataset(ds, tl, cl), s, as_of)
phases["metrics engine"] = time.perf_counter() - t
print(json.dumps(phases))
"""


def ensure_data(folder: Path, lines: int, seed: int) -> None:
    """Generate the sample exports once (same marker as bench_load.py); reuse them later."""
    marker = folder / ".generated.json"
    wanted = {"lines": lines, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return
    from cx_cli.sampledata import generate

    t = time.perf_counter()
    generate(folder, orders=lines, seed=seed, end=date(2026, 11, 25))
    print(f"generated {lines:,} order lines in {time.perf_counter() - t:.1f} s -> {folder}")
    marker.write_text(json.dumps(wanted))


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run a subprocess, return (wall seconds, peak RSS MB, stdout) using wait4."""
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            what = "cx" if "cx_cli" in cmd else "duckdb"
            raise SystemExit(f"{what} run failed:\n{err.read()[-3000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()


def compare(cx: dict, db: dict) -> list[tuple[str, object, object]]:
    """Week W's figures from both, side by side."""
    last = WEEKS - 1
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
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender (best kept)")
    parser.add_argument("--profile", action="store_true",
                        help="also time cx's phases (loading per input, classifiers, engine)")
    args = parser.parse_args()
    folder = args.data / f"{args.lines}"
    ensure_data(folder, args.lines, args.seed)
    config = folder / "cx.yaml"

    from cx_cli.engines.weeks import holiday_dates

    holidays = json.dumps([str(d) for d in holiday_dates("US", 2025, 2027)])
    work = Path(tempfile.mkdtemp(prefix="cx-bench-"))
    cx_json, db_json = work / "cx.json", work / "duckdb.json"
    cx_cmd = [sys.executable, "-m", "cx_cli", "scorecard", "-c", str(config), "--date", AS_OF,
              "-f", "json", "-o", str(cx_json)]
    db_cmd = [sys.executable, "-c", DUCKDB_SCORECARD, str(folder), str(db_json), holidays,
              AS_OF, WEEK_START, str(WEEKS)]
    best = {"duckdb": (float("inf"), 0.0), "cx scorecard": (float("inf"), 0.0)}
    for _ in range(args.repeat):
        for name, cmd, env in (("duckdb", db_cmd, None),
                               ("cx scorecard", cx_cmd, {"CX_NO_CACHE": "1"})):
            seconds, rss, _ = run_measured(cmd, env)
            if seconds < best[name][0]:
                best[name] = (seconds, rss)
    base = best["duckdb"][0]
    print(f"{args.lines:,} order lines, {folder}")
    print(f"{'contender':14} {'seconds':>8} {'x duckdb':>9} {'peak MB':>8}")
    for name, (seconds, rss) in best.items():
        print(f"{name:14} {seconds:8.2f} {seconds / base:9.2f} {rss:8.0f}")
    ratio = best["cx scorecard"][0] / base
    rss = best["cx scorecard"][1]
    print(f"budget: ratio {ratio:.2f} (<= {BUDGET_RATIO}) "
          f"{'OK' if ratio <= BUDGET_RATIO else 'OVER'}; peak {rss:.0f} MB (< {BUDGET_MB}) "
          f"{'OK' if rss < BUDGET_MB else 'OVER'}")

    cx_out = json.loads(cx_json.read_text())
    db_out = json.loads(db_json.read_text())
    print(f"\nweek {cx_out['week']}: cx vs duckdb")
    for name, a, b in compare(cx_out, db_out):
        same = (a is None and b is None) or (a is not None and b is not None
                                             and abs(float(a) - float(b)) < 1e-9)
        print(f"  {name:32} {_fmt(a):>14} {_fmt(b):>14} {'' if same else '  differs'}")

    if args.profile:
        seconds, rss, out = run_measured([sys.executable, "-c", CX_PHASES, str(config), AS_OF],
                                         {"CX_NO_CACHE": "1"})
        phases = json.loads(out.strip().splitlines()[-1])
        print("\nwhere cx's time goes (separate run):")
        for name, value in phases.items():
            print(f"  {name:20} {value:7.2f} s")


def _fmt(value) -> str:
    if value is None:
        return "null"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
