"""Generate a realistic, deterministic set of shop exports for demos, tests and benchmarks.

One call writes every input cx reads: overlapping TikTok order exports, the returns
export, tickets, reviews, video comments, the product catalog, the fix log and a
cx.yaml pointing at them, for a shop in any of cx's markets (see looks.py). The same
(orders, seed, end, order_files, market) always gives the same bytes: all randomness
comes from one numpy seed, and the clock is only read when `end` is not given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import yaml

from cx_cli.markets import MARKETS, known_markets

from . import catalog as cat
from .exports import write_orders, write_returns
from .fmt import epoch_day, to_date, write_csv
from .looks import look
from .orders import simulate
from .support import write_comments, write_reviews, write_tickets

FIX_DAYS_BEFORE_END = 49  # the packing fix shipped 7 weeks before the last day of data
SHOP_NAME = "Brightside Home & Beauty"


def _fixes(fix_day: int, end_day: int) -> list[list[str]]:
    """The fix log: one fix that worked, one shop-wide change, one too recent to judge."""
    return [
        ["missing_parts", cat.FIX_SKU,
         "Hardware bag taped inside the box lid; packing checklist with a weight check",
         "Dana (warehouse)", to_date(fix_day).isoformat()],
        ["tracking_not_updating", "", "Daily carrier pickup moved to 3 pm so labels scan same day",
         "Luis (ops)", to_date(end_day - 84).isoformat()],
        ["sizing_fit", "LEGGINGS-BLK-M", "Size chart photo with model measurements on the listing",
         "Sam (listings)", to_date(end_day - 12).isoformat()],
    ]


def _config(market: str) -> str:
    """A minimal cx.yaml beside the data; paths are relative to it."""
    return yaml.safe_dump({
        "shop": {"name": SHOP_NAME, "market": market, "timezone": MARKETS[market].timezone},
        "inputs": {"orders": "orders/*.csv", "returns": "returns.csv", "tickets": "tickets.csv",
                   "reviews": "reviews.csv", "comments": "comments.csv",
                   "products": "products.yaml", "fixes": "voc_fixes.csv"},
    }, sort_keys=False, allow_unicode=True)


def _products(market: str) -> str:
    head = ("# Product catalog (sample data), keyed by seller SKU.\n"
            "# SCRUNCHIE-6PK is sold but deliberately missing: cx uses category defaults.\n")
    entries = cat.catalog_yaml_dict()
    if market != "us":
        # The US shop's Spanish-speaking tote buyers (`locale: es`) are a US thing: every
        # other shop's buyers get the shop's own language.
        for entry in entries.values():
            entry.pop("locale", None)
    return head + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)


def generate(out_dir: Path, orders: int = 3000, seed: int = 7, end: dt.date | None = None,
             order_files: int = 3, market: str = "us") -> dict[str, list[Path]]:
    """Write sample exports under out_dir and return the written paths by input kind.

    `orders` is the number of order lines (exact); `end` the last day of data (default
    today); the data spans the 120 days up to `end`, split into `order_files` exports
    that overlap by about ten days. Keys of the result: orders, returns, tickets,
    reviews, comments, products, fixes, config. Files are overwritten, and older
    `orders/orders_*_*.csv` files from a previous run are removed so the `orders/*.csv`
    glob in cx.yaml never picks up stale exports.
    """
    if market not in MARKETS:
        raise ValueError(f"unknown market {market!r} (known: {known_markets()})")
    if orders < 1:
        raise ValueError("orders must be at least 1")
    if order_files < 1:
        raise ValueError("order_files must be at least 1")
    end = end or dt.date.today()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Independent streams, so changing one part never reshuffles the others.
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    end_day = epoch_day(end)
    fix_day = end_day - FIX_DAYS_BEFORE_END
    shop_look = look(market)
    shop = simulate(streams[0], orders, end_day, fix_day, sales_tax=shop_look.sales_tax)
    texts = shop_look.texts

    result: dict[str, list[Path]] = {
        "orders": write_orders(shop, out_dir / "orders", order_files, streams[1], shop_look),
        "returns": [write_returns(shop, out_dir / "returns.csv", streams[2], shop_look)],
        "tickets": [write_tickets(shop, out_dir / "tickets.csv", streams[3], texts)],
        "reviews": [write_reviews(shop, out_dir / "reviews.csv", streams[4], texts)],
        "comments": [write_comments(shop, out_dir / "comments.csv", streams[5], texts)],
    }
    products = out_dir / "products.yaml"
    products.write_text(_products(market), encoding="utf-8")
    fixes = write_csv(out_dir / "voc_fixes.csv", ("issue", "sku", "fix", "owner", "shipped_date"),
                      [], preamble=_fixes(fix_day, end_day))
    config = out_dir / "cx.yaml"
    config.write_text(_config(market), encoding="utf-8")
    result.update(products=[products], fixes=[fixes], config=[config])
    return result
