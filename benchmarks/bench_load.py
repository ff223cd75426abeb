"""Loading benchmark: cx's loaders vs DuckDB reading the same order exports, same run.

    python benchmarks/bench_load.py --lines 1000000          # generates bench-data/ once

Each contender runs in its own subprocess so peak memory (max RSS) is its own. cx runs
twice: cold (parse cache off) and warm (second run on unchanged files, cache on).
DuckDB does the same work as cx: read every order file as text, drop the description
row, strip the ID tabs, parse the 12-hour times, and deduplicate on (order_id, sku_id)
keeping the latest event. Ratios are what to quote; machines are noisy.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from _common import DATA, NO_CACHE, ensure_data, run_measured

CX_LOAD = """
import json, os, resource, sys, time
from pathlib import Path
from cx_cli.config import load_settings
from cx_cli.io.dataset import load_dataset, resolve_inputs
t = time.perf_counter()
s = load_settings(Path(sys.argv[1]))
ds = load_dataset(s, resolve_inputs(s), ["orders", "tickets", "reviews", "comments"])
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "rows": len(ds.orders),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

DUCKDB_LOAD = """
import json, resource, sys, time
import duckdb
folder = sys.argv[1]
t = time.perf_counter()
con = duckdb.connect()
con.execute("SET threads TO 2")
con.execute("SET enable_progress_bar = false")
fmt = "%m/%d/%Y %I:%M:%S %p"
def ts(col):
    return (f"try_strptime(nullif(nullif(trim(\\"{col}\\"), ''), '/'), '{fmt}')")
rows = con.execute(f'''
WITH raw AS (
  SELECT * FROM read_csv('{folder}/orders/*.csv', all_varchar=true, header=true,
                         filename=true, strict_mode=false)
), typed AS (
  SELECT trim("Order ID") AS order_id, trim("SKU ID") AS sku_id,
         "Order Status" AS status, "Seller SKU" AS sku,
         TRY_CAST("Quantity" AS INTEGER) AS quantity,
         {ts("Created Time")} AS created_at, {ts("Paid Time")} AS paid_at,
         {ts("RTS Time")} AS rts_at, {ts("Shipped Time")} AS shipped_at,
         {ts("Delivered Time")} AS delivered_at, {ts("Cancelled Time")} AS cancelled_at,
         "Buyer Username" AS buyer, "Cancelation/Return Type" AS return_type,
         filename
  FROM raw WHERE "Order ID" <> 'Platform unique order ID.'
), dedup AS (
  SELECT * FROM typed
  QUALIFY row_number() OVER (PARTITION BY order_id, sku_id
     ORDER BY greatest(created_at, paid_at, rts_at, shipped_at, delivered_at, cancelled_at)
     DESC NULLS LAST, filename DESC) = 1
)
SELECT count(*) FROM dedup
''').fetchone()[0]
for name in ("tickets", "reviews", "comments"):
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{folder}/{name}.csv', "
                "all_varchar=true, header=true)")
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "rows": rows,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str, env: dict | None = None) -> dict:
    return run_measured([sys.executable, "-c", code, *args], env).last_json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    folder = args.data / f"{args.lines}"
    ensure_data(folder, args.lines, args.seed)
    config = folder / "cx.yaml"
    shutil.rmtree(folder / ".cx", ignore_errors=True)
    results = {"duckdb": [], "cx cold": [], "cx warm (cache)": []}
    for _ in range(args.repeat):
        results["duckdb"].append(run(DUCKDB_LOAD, str(folder)))
        results["cx cold"].append(run(CX_LOAD, str(config), env=NO_CACHE))
        shutil.rmtree(folder / ".cx", ignore_errors=True)
        run(CX_LOAD, str(config))  # fills the cache
        results["cx warm (cache)"].append(run(CX_LOAD, str(config)))
    best = {k: min(v, key=lambda r: r["seconds"]) for k, v in results.items()}
    base = best["duckdb"]["seconds"]
    print(f"{'contender':18} {'seconds':>8} {'x duckdb':>9} {'peak MB':>8} {'order rows':>11}")
    for name, r in best.items():
        print(f"{name:18} {r['seconds']:8.2f} {r['seconds'] / base:9.2f} {r['rss_mb']:8.0f} "
              f"{r['rows']:11,}")
    cold, warm = best["cx cold"]["seconds"], best["cx warm (cache)"]["seconds"]
    print(f"warm/cold: {warm / cold:.2f} (budget < 0.33)")


if __name__ == "__main__":
    main()
