"""Tiny canonical frames for the timeline tests, built inline with the loaders' dtypes.

Times are written as shop-local wall-clock text ("2026-11-05 10:00"), exactly like
the exports; a value ending in an offset ("...Z", "+00:00") is converted to shop time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa

from cx_cli.config import Settings, parse_settings_text
from cx_cli.io.catalog import Catalog, Product
from cx_cli.io.schemas import SCHEMAS

TZ = "America/Los_Angeles"
STRING = pd.ArrowDtype(pa.string())

ORDER_DEFAULTS = {
    "status": "delivered", "return_type": "none", "quantity": 1, "returned_quantity": 0,
    "buyer": "ana", "created_at": "2026-11-01 09:00", "paid_at": "2026-11-01 09:05",
}


def _time(values: list[object], tz: str) -> pd.Series:
    out = []
    for v in values:
        if v is None or v == "":
            out.append(pd.NaT)
            continue
        ts = pd.Timestamp(v)
        out.append(ts.tz_convert(tz) if ts.tzinfo else ts.tz_localize(tz))
    return pd.Series(pd.DatetimeIndex(out, tz=tz)).astype(pd.DatetimeTZDtype("s", tz))


def frame(schema_name: str, rows: list[dict], tz: str = TZ,
          defaults: dict | None = None) -> pd.DataFrame:
    """A canonical frame of ``schema_name`` from dicts (missing fields empty/default)."""
    schema = SCHEMAS[schema_name]
    defaults = defaults or {}
    rows = [{**defaults, **r} for r in rows]
    data = {}
    for f in schema.fields:
        values = [r.get(f.name) for r in rows]
        if f.kind == "time":
            data[f.name] = _time(values, tz)
        elif f.kind == "int":
            data[f.name] = pd.Series([0 if v is None else int(v) for v in values], dtype="int64")
        elif f.kind in ("money", "float"):
            data[f.name] = pd.Series([float("nan") if v is None else float(v) for v in values])
        elif f.kind in ("bool",):
            data[f.name] = pd.Series([bool(v) for v in values], dtype=bool)
        elif f.kind == "rating":
            data[f.name] = pd.Series([int(v or 5) for v in values], dtype="int64")
        else:
            data[f.name] = pd.Series([None if v is None else str(v) for v in values],
                                     dtype=STRING)
    out = pd.DataFrame(data)
    out["_row"] = range(2, len(out) + 2)
    out["_file"] = pd.Series([0] * len(out), dtype="int32")
    return out


def orders(*rows: dict, tz: str = TZ) -> pd.DataFrame:
    """Order lines; sku_id mirrors sku, and the order defaults above fill the gaps."""
    rows_ = [{**r, "sku_id": r.get("sku_id", r.get("sku"))} for r in rows]
    return frame("orders", rows_, tz, ORDER_DEFAULTS)


def tickets(*rows: dict, tz: str = TZ) -> pd.DataFrame:
    return frame("tickets", list(rows), tz, {"created_at": "2026-11-06 10:00"})


def reviews(*rows: dict, tz: str = TZ) -> pd.DataFrame:
    return frame("reviews", list(rows), tz, {"rating": 5})


def returns(*rows: dict, tz: str = TZ) -> pd.DataFrame:
    return frame("returns", list(rows), tz, {"return_status": "refunded"})


def catalog(**products: dict) -> Catalog:
    cat = Catalog()
    for sku, fields in products.items():
        cat[sku] = Product(sku=sku, **fields)
    return cat


def settings(yaml_text: str = "", base: Path | None = None) -> Settings:
    """Settings from YAML text; by default every stage on and no cap, to test one at a time."""
    s = parse_settings_text(yaml_text or "{}")
    if base is not None:
        s._base_dir = base
    return s


def day(text: str) -> date:
    return date.fromisoformat(text)
