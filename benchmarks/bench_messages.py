"""Messages benchmark: the due set of `cx messages due` vs DuckDB computing it, same run.

    python benchmarks/bench_messages.py                  # 1,000,000 lines, bench-data/ reused
    python benchmarks/bench_messages.py --skip-e2e       # only the due set

The exports are generated once by ``cx_cli.sampledata.generate(..., orders=1_000_000,
seed=1, end=2026-11-25)`` (the same folder bench_scorecard.py uses) and the run is as
of 2026-11-26, an empty ledger, the default stages and cap (2 a buyer a day).

Every contender runs in its own subprocess, so wall time includes interpreter start-up
and imports and peak memory (max RSS, from ``wait4``) is its own:

- duckdb: reads the CSV exports (all text), parses times, deduplicates the overlapping
  order files, and computes every default stage of SPEC §4 in SQL (as-of masking,
  cancellation, refunds from the returns export, tickets, reviews, the check-in ticket
  rate, review delays, replenishment with reorders, the per-buyer cap);
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
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-26"
BUDGET_RATIO = 1.5
BUDGET_MB = 1536

DUCKDB_DUE = r"""
import json, sys, time
t0 = time.perf_counter()
import duckdb
folder, out_path, catalog, D = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
cap, rate, replenish_at = int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")  # times stay naive shop-local wall clock
con.execute("SET enable_progress_bar = false")
US, ISO = "%m/%d/%Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S"
E = f"(DATE '{D}' + INTERVAL 1 DAY)"          # the end of day D
def ts(col, fmt):
    return f"try_strptime(nullif(nullif(trim({col}), ''), '/'), '{fmt}')"
def idc(col):  # ids as the loaders keep them: no tabs/spaces, no leading apostrophe
    return f"nullif(ltrim(trim({col}, chr(32) || chr(9)), chr(39)), '')"
def asof(col):
    return f"CASE WHEN {col} < {E} THEN {col} END"
con.execute("CREATE TABLE catalog(sku VARCHAR, category VARCHAR, delay INTEGER, "
            "cycle DOUBLE, checkin BOOLEAN)")
con.executemany("INSERT INTO catalog VALUES (?, ?, ?, ?, ?)", catalog)
con.execute(f'''
CREATE TABLE raw_lines AS
WITH raw AS (
  SELECT "Order ID" AS oid, "SKU ID" AS sid, "Seller SKU" AS ssku, "Order Status" AS st,
         "Cancelation/Return Type" AS rt, "Quantity" AS qty, "Buyer Username" AS buyer,
         "Created Time" AS c, "Paid Time" AS p, "RTS Time" AS r, "Shipped Time" AS s,
         "Delivered Time" AS d, "Cancelled Time" AS x, filename
  FROM read_csv('{folder}/orders/*.csv', all_varchar=true, header=true, filename=true)
  WHERE "Order ID" <> 'Platform unique order ID.'
), typed AS (
  SELECT {idc('oid')} AS order_id, coalesce({idc('sid')}, {idc('ssku')}) AS sku_id,
         coalesce({idc('ssku')}, {idc('sid')}) AS sku, lower(trim(st)) AS status,
         lower(trim(coalesce(rt, ''))) AS return_type,
         coalesce(try_cast(trim(qty) AS INTEGER), 1) AS quantity,
         nullif(trim(buyer), '') AS buyer,
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

-- As of D: orders created after D do not exist, later events have not happened.
CREATE TABLE l AS
SELECT l.order_id, l.sku, l.buyer, l.quantity, l.created_at,
       {asof('l.paid_at')} AS paid_at, {asof('l.rts_at')} AS rts_at,
       {asof('l.shipped_at')} AS shipped_at, {asof('l.delivered_at')} AS delivered_at,
       l.status IN ('canceled', 'cancelled')
         AND (l.cancelled_at IS NULL OR l.cancelled_at < {E}) AS cancelled_on_d,
       l.return_type IN ('cancel', 'cancellation') AS rt_cancel,
       v.order_id IS NOT NULL AS refunded,
       coalesce(c.category, 'other') AS category,
       coalesce(c.delay, CASE coalesce(c.category, 'other') WHEN 'consumable' THEN 10
                WHEN 'skincare' THEN 14 WHEN 'apparel' THEN 5 ELSE 7 END) AS delay,
       c.cycle, c.checkin
FROM raw_lines l
LEFT JOIN (SELECT DISTINCT {idc('"Order ID"')} AS order_id, {idc('"Seller SKU"')} AS sku
           FROM read_csv('{folder}/returns.csv', all_varchar=true, header=true)
           WHERE lower(trim("Return Status")) NOT IN ('rejected', 'reception rejected',
                   'request closed', 'closed', 'cancelled', 'canceled')
             AND lower(coalesce("Return Type", '')) NOT LIKE '%replace%'
             AND coalesce({ts('"Time Requested"', US)}, TIMESTAMP '1970-01-01') < {E}
          ) v ON v.order_id = l.order_id AND v.sku = l.sku
LEFT JOIN catalog c ON c.sku = l.sku
WHERE l.created_at < {E};

CREATE TABLE o AS
SELECT order_id, any_value(buyer) AS buyer, min(created_at) AS created_at,
       CAST(max(paid_at) AS DATE) AS paid, CAST(max(rts_at) AS DATE) AS rts,
       CAST(max(shipped_at) AS DATE) AS shipped, CAST(max(delivered_at) AS DATE) AS delivered,
       bool_or(cancelled_on_d) AS cancelled, bool_or(refunded) AS refund_any,
       coalesce(max(delay) FILTER (WHERE NOT (cancelled_on_d OR rt_cancel)), 0) AS delay
FROM l GROUP BY order_id;

CREATE TABLE t AS
SELECT {idc('ticket_id')} AS ticket_id, {idc('order_id')} AS order_id, {idc('sku')} AS sku,
       {ts('created_at', ISO)} AS created_at,
       {ts('resolved_at', ISO)} AS resolved_at, lower(trim(status)) AS status,
       lower(trim(coalesce(category, ''))) AS category,
       lower(trim(coalesce(subcategory, ''))) AS subcategory
FROM read_csv('{folder}/tickets.csv', all_varchar=true, header=true);
DELETE FROM t WHERE created_at IS NULL OR created_at >= {E};

CREATE TABLE tk AS
SELECT order_id, count(*) AS n,
       count(*) FILTER (WHERE NOT (coalesce(resolved_at < {E}, false)
                                   OR (resolved_at IS NULL AND status IN
                                       ('solved', 'closed', 'resolved', 'done')))) AS unsolved,
       CAST(max(resolved_at) FILTER (WHERE resolved_at < {E}) AS DATE) AS resolved
FROM t WHERE order_id IS NOT NULL GROUP BY order_id;

-- Check-in: usage/setup tickets per SKU vs its delivered lines, both over 30 days.
CREATE TABLE needs AS
WITH usage AS (
  SELECT ticket_id, order_id, sku FROM t
  WHERE CAST(created_at AS DATE) BETWEEN DATE '{D}' - 29 AND DATE '{D}'
    AND (category = 'usage' OR subcategory IN ('doesnt_work', 'sizing_fit', 'setup_error'))
), pairs AS (
  SELECT DISTINCT ticket_id, sku FROM (
    SELECT ticket_id, sku FROM usage WHERE sku IS NOT NULL
    UNION ALL
    SELECT u.ticket_id, l.sku FROM usage u JOIN l ON l.order_id = u.order_id
    WHERE u.sku IS NULL)
), tickets_per_sku AS (SELECT sku, count(*) AS n FROM pairs GROUP BY sku),
delivered_per_sku AS (
  SELECT l.sku, count(*) AS n FROM l JOIN o USING (order_id)
  WHERE o.delivered BETWEEN DATE '{D}' - 29 AND DATE '{D}'
    AND NOT (l.cancelled_on_d OR l.rt_cancel) GROUP BY l.sku)
SELECT s.sku, coalesce(c.checkin, coalesce(tp.n, 0) > 0
       AND coalesce(tp.n, 0) >= {rate} * coalesce(dp.n, 0) - 1e-9) AS needs
FROM (SELECT DISTINCT sku FROM l) s
LEFT JOIN catalog c USING (sku) LEFT JOIN tickets_per_sku tp USING (sku)
LEFT JOIN delivered_per_sku dp USING (sku);

CREATE TABLE reviewed AS
SELECT DISTINCT {idc('order_id')} AS order_id
FROM read_csv('{folder}/reviews.csv', all_varchar=true, header=true)
WHERE {ts('created_at', ISO)} < {E} AND {idc('order_id')} IS NOT NULL;
''')

due = con.execute(f'''
WITH x AS (
  SELECT o.*, coalesce(tk.n, 0) AS n_tickets, coalesce(tk.unsolved, 0) AS unsolved,
         tk.resolved, r.order_id IS NOT NULL AS reviewed,
         EXISTS (SELECT 1 FROM l JOIN needs USING (sku) WHERE l.order_id = o.order_id
                 AND needs.needs AND NOT (l.cancelled_on_d OR l.rt_cancel)) AS checkin
  FROM o LEFT JOIN tk USING (order_id) LEFT JOIN reviewed r USING (order_id)
  WHERE NOT o.cancelled
), windows AS (
  SELECT 0 AS priority, 'order_confirmation' AS stage, order_id, NULL AS sku, buyer,
         paid AS first, paid + 1 AS last FROM x WHERE paid IS NOT NULL
  UNION ALL
  SELECT 1, 'label_created', order_id, NULL, buyer, rts, rts + 2 FROM x
  WHERE rts IS NOT NULL AND shipped IS NULL AND delivered IS NULL
  UNION ALL
  SELECT 2, 'in_transit', order_id, NULL, buyer, shipped, shipped + 2 FROM x
  WHERE shipped IS NOT NULL AND delivered IS NULL
  UNION ALL
  SELECT 3, 'tracking_stalled', order_id, NULL, buyer,
         CASE WHEN shipped IS NOT NULL THEN shipped + 7 ELSE rts + 3 END,
         CASE WHEN shipped IS NOT NULL THEN shipped + 10 ELSE rts + 6 END FROM x
  WHERE delivered IS NULL AND (shipped IS NOT NULL OR rts IS NOT NULL)
  UNION ALL
  SELECT 4, 'delivery_day', order_id, NULL, buyer, delivered, delivered + 1 FROM x
  WHERE delivered IS NOT NULL AND NOT refund_any
  UNION ALL
  SELECT 5, 'support_checkin', order_id, NULL, buyer, delivered + 3, delivered + 14 FROM x
  WHERE delivered IS NOT NULL AND NOT refund_any AND n_tickets = 0 AND checkin
  UNION ALL
  SELECT 6, 'review_request', order_id, NULL, buyer, f, f + 7 FROM (
    SELECT *, CASE WHEN resolved + 3 > delivered + delay THEN resolved + 3
                   ELSE delivered + delay END AS f FROM x) y
  WHERE delivered IS NOT NULL AND NOT reviewed AND unsolved = 0
  UNION ALL
  SELECT 8, 'replenishment', l.order_id, l.sku, l.buyer, a + d, a + d + 7 FROM (
    SELECT l.*, coalesce(o.delivered, o.paid + 5) AS a,
           CAST(ceil(round({replenish_at} * l.cycle * greatest(l.quantity, 1), 6)) AS INTEGER)
             AS d
    FROM l JOIN o USING (order_id)
    WHERE l.cycle IS NOT NULL AND NOT o.cancelled AND NOT l.cancelled_on_d
      AND NOT l.rt_cancel AND NOT l.refunded) l
  WHERE a IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM l l2 JOIN o o2 ON o2.order_id = l2.order_id
    WHERE l.buyer IS NOT NULL AND l2.buyer = l.buyer AND l2.sku = l.sku
      AND o2.paid IS NOT NULL AND NOT o2.cancelled AND NOT l2.rt_cancel
      AND o2.created_at > (SELECT created_at FROM o o3 WHERE o3.order_id = l.order_id))
), candidates AS (
  SELECT * FROM windows WHERE DATE '{D}' BETWEEN first AND last
)
SELECT stage, order_id, sku FROM candidates
QUALIFY {cap} = 0 OR row_number() OVER (
  PARTITION BY coalesce(buyer, '#' || order_id)
  ORDER BY priority, last, order_id, coalesce(sku, '')) <= {cap}
''').fetchall()
Path = __import__("pathlib").Path
Path(out_path).write_text(json.dumps(sorted([list(r) for r in due], key=str)))
print(json.dumps({"seconds": time.perf_counter() - t0, "due": len(due)}))
"""

CX_DUE = r"""
import json, sys, time
t0 = time.perf_counter()
from datetime import date
from pathlib import Path
from cx_cli.config import load_settings
from cx_cli.io.dataset import load_dataset, resolve_inputs
from cx_cli.engines.timeline import ORDER_FIELDS, compute
s = load_settings(Path(sys.argv[1]))
ds = load_dataset(s, resolve_inputs(s), ("orders", "tickets", "reviews", "returns", "products"),
                  fields={"orders": ORDER_FIELDS})  # the columns `cx messages due` reads
t1 = time.perf_counter()
result = compute(ds.orders, tickets=ds.tickets, reviews=ds.reviews, returns=ds.returns,
                 catalog=ds.catalog, settings=s, as_of=date.fromisoformat(sys.argv[3]))
t2 = time.perf_counter()
keys = sorted([[m.stage, m.order_id, m.sku] for m in result.due], key=str)
Path(sys.argv[2]).write_text(json.dumps(keys))
print(json.dumps({"seconds": time.perf_counter() - t0, "load": t1 - t0, "engine": t2 - t1,
                  "due": len(result.due), "deferred": len(result.deferred)}))
"""


def ensure_data(folder: Path, lines: int, seed: int) -> None:
    """Generate the sample exports once (same marker as the other benchmarks)."""
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
    """Run a subprocess; (wall seconds, peak RSS MB, stdout), peak from ``wait4``."""
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code != 0:
            raise SystemExit(f"{' '.join(cmd[:4])} … failed ({code}):\n{err.read()[-3000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()


def catalog_rows(config: Path) -> list[list]:
    """The catalog (YAML, which SQL cannot read) as rows for DuckDB."""
    from cx_cli.config import load_settings
    from cx_cli.io.dataset import load_dataset, resolve_inputs

    settings = load_settings(config)
    ds = load_dataset(settings, resolve_inputs(settings), ("products",))
    return [[sku, p.category, p.review_delay_days, p.usage_cycle_days, p.checkin]
            for sku, p in ds.catalog.items()]


def settings_args(config: Path) -> list[str]:
    from cx_cli.config import load_settings

    m = load_settings(config).messages
    return [str(m.max_per_buyer_per_day), str(m.checkin_ticket_rate), str(m.replenish_at)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--date", default=AS_OF)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender (best kept)")
    parser.add_argument("--skip-e2e", action="store_true",
                        help="skip the end-to-end `cx messages due` runs")
    args = parser.parse_args()
    folder = args.data / f"{args.lines}"
    ensure_data(folder, args.lines, args.seed)
    config = folder / "cx.yaml"
    work = Path(tempfile.mkdtemp(prefix="cx-bench-messages-"))
    # The ledger goes to the scratch folder: an empty ledger, never the data's.
    bench_config = work / "cx.yaml"
    bench_config.write_text(config.read_text(encoding="utf-8").replace(
        "inputs:", f"messages: {{ledger: {work / 'ledger.sqlite'}}}\ninputs:")
        .replace(": orders/", f": {folder}/orders/")
        .replace("returns: ", f"returns: {folder}/").replace("tickets: ", f"tickets: {folder}/")
        .replace("reviews: ", f"reviews: {folder}/").replace("comments: ", f"comments: {folder}/")
        .replace("products: ", f"products: {folder}/").replace("fixes: ", f"fixes: {folder}/"),
        encoding="utf-8")
    cx_keys, db_keys = work / "cx.json", work / "duckdb.json"
    db_cmd = [sys.executable, "-c", DUCKDB_DUE, str(folder), str(db_keys),
              json.dumps(catalog_rows(bench_config)), args.date, *settings_args(bench_config)]
    cx_cmd = [sys.executable, "-c", CX_DUE, str(bench_config), str(cx_keys), args.date]
    no_cache = {"CX_NO_CACHE": "1"}
    best: dict[str, tuple[float, float, str]] = {}
    run_measured(cx_cmd)  # fills the parse cache for the warm runs
    for _ in range(args.repeat):
        for name, cmd, env in (("duckdb due set", db_cmd, None),
                               ("cx due set", cx_cmd, no_cache),
                               ("cx due set (warm cache)", cx_cmd, None)):
            run = run_measured(cmd, env)
            if name not in best or run[0] < best[name][0]:
                best[name] = run
    if not args.skip_e2e:
        out = work / "due.jsonl"
        e2e = [sys.executable, "-m", "cx_cli", "messages", "due", "-c", str(bench_config),
               "--date", args.date, "-f", "jsonl", "-o", str(out)]
        best["cx messages due (cold)"] = run_measured(e2e, no_cache)
        best["cx messages due (warm)"] = run_measured(e2e)
        listed = sum(1 for _ in out.open(encoding="utf-8"))

    base = best["duckdb due set"][0]
    cx_info = json.loads(best["cx due set"][2].strip().splitlines()[-1])
    db_info = json.loads(best["duckdb due set"][2].strip().splitlines()[-1])
    print(f"{args.lines:,} order lines ({folder}), as of {args.date}")
    print(f"{'contender':26} {'seconds':>8} {'x duckdb':>9} {'peak MB':>8}")
    for name, (seconds, rss, _) in best.items():
        print(f"{name:26} {seconds:8.2f} {seconds / base:9.2f} {rss:8.0f}")
    warm_info = json.loads(best["cx due set (warm cache)"][2].strip().splitlines()[-1])
    print(f"  cx due set: load {cx_info['load']:.2f} s cold / {warm_info['load']:.2f} s "
          f"warm (imports included), timeline engine {cx_info['engine']:.2f} s; "
          f"{cx_info['due']:,} due, {cx_info['deferred']:,} deferred by the cap")
    if not args.skip_e2e:
        print(f"  cx messages due listed {listed:,} messages (tickets triaged, rendered, linted)")
    for name in ("cx due set", "cx due set (warm cache)"):
        ratio = best[name][0] / base
        rss = best[name][1]
        print(f"budget, {name}: ratio {ratio:.2f} (<= {BUDGET_RATIO}) "
              f"{'OK' if ratio <= BUDGET_RATIO else 'OVER'}; peak {rss:.0f} MB "
              f"(< {BUDGET_MB}) {'OK' if rss < BUDGET_MB else 'OVER'}")

    a = {tuple(k) for k in json.loads(cx_keys.read_text())}
    b = {tuple(k) for k in json.loads(db_keys.read_text())}
    by_stage: dict[str, list[int]] = {}
    for stage, *_ in a:
        by_stage.setdefault(stage, [0, 0])[0] += 1
    for stage, *_ in b:
        by_stage.setdefault(stage, [0, 0])[1] += 1
    print(f"\ndue set: cx {len(a):,}, duckdb {db_info['due']:,}")
    for stage, (n_cx, n_db) in sorted(by_stage.items()):
        print(f"  {stage:20} {n_cx:8,} {n_db:8,}{'' if n_cx == n_db else '  differs'}")
    if a != b:
        only_cx, only_db = sorted(a - b, key=str)[:5], sorted(b - a, key=str)[:5]
        raise SystemExit(f"due sets differ: only cx {only_cx}, only duckdb {only_db}")
    print("due sets match")


if __name__ == "__main__":
    main()
