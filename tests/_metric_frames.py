"""Build canonical input frames (the loaders' columns and dtypes) from a few dicts.

Metric tests write only the columns they care about; everything else gets the value
an export leaves when the event has not happened.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cx_cli.io.schemas import SCHEMAS

TZ = "America/Los_Angeles"
STRING = pd.ArrowDtype(pa.string())
DEFAULTS = {"status": "completed", "return_type": "none", "quantity": 1,
            "returned_quantity": 0, "has_media": False}


def frame(name: str, rows: list[dict], tz: str = TZ) -> pd.DataFrame:
    """A canonical ``name`` frame (orders, returns, tickets, reviews, comments)."""
    schema = SCHEMAS[name]
    data = {}
    for f in schema.fields:
        values = [r.get(f.name, DEFAULTS.get(f.name)) for r in rows]
        if f.kind == "time":
            data[f.name] = times(values, tz)
        elif f.kind in ("int", "rating"):
            data[f.name] = pd.Series([0 if v is None else v for v in values], dtype="int64")
        elif f.kind in ("money", "float"):
            data[f.name] = pd.Series([np.nan if v is None else v for v in values],
                                     dtype="float64")
        elif f.kind == "bool":
            data[f.name] = pd.Series([bool(v) for v in values], dtype="bool")
        else:
            data[f.name] = pd.Series(values, dtype=STRING)
    out = pd.DataFrame(data)
    if name == "orders":
        out["sku"] = out["sku"].fillna(out["sku_id"])
        out["sku_id"] = out["sku_id"].fillna(out["sku"])
    out["_file"] = np.int32(0)
    out["_row"] = np.arange(2, len(out) + 2)
    return out


def times(values: list, tz: str = TZ) -> pd.Series:
    """Shop-local naive strings (or None) -> ``datetime64[s, tz]``."""
    naive = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")
    aware = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    return aware.astype(pd.DatetimeTZDtype("s", tz))
