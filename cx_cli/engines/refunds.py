"""Which order lines were refunded, and the Wilson interval for a refund rate.

Shared by the scorecard, `cx refunds`, the voice-of-customer fix check and the
message timeline (no delivery-day message or replenishment after a refund).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cx_cli.engines.columns import mask, text
from cx_cli.io.parse import RETURN_STATUS_VOID

Z95 = 1.959964
REFUND_TYPES = ("return_refund", "refund_only")


def refunded_by_order_export(orders: pd.DataFrame) -> pd.Series:
    """A line has a return/refund per the order export: its type, or a returned quantity."""
    rt = orders["return_type"].astype("string")
    return (rt.isin(REFUND_TYPES).fillna(False) | (orders["returned_quantity"] > 0)).astype(bool)


def refunded_by_returns(orders: pd.DataFrame, returns: pd.DataFrame, *,
                        any_return: bool = False) -> pd.Series:
    """A line has a return that was not rejected or cancelled (returns export = truth).

    Returns are matched on (order_id, seller SKU); a "Replacement" is not a refund. A
    return without a Seller SKU (a shop that sets none: its order lines carry the SKU
    ID instead, which the returns export lacks) covers every line of its order.
    ``any_return``: a line with any return there (rejected, a replacement too): the
    lines the returns export knows of.
    """
    valid = returns
    if not any_return:
        valid = valid[~valid["return_status"].astype("string").isin(RETURN_STATUS_VOID)
                      .fillna(False)]
        rtype = valid["return_type"].astype("string").str.lower().fillna("")
        valid = valid[~rtype.str.contains("replace")]
    found = np.zeros(len(orders), dtype=bool)
    if not len(valid) or not len(orders):
        return pd.Series(found, index=orders.index)
    # Only lines of an order with a return can match: the (order, SKU) keys are built
    # for those few, not for a million lines.
    order_ids, returned = _filled(orders["order_id"]), _filled(valid["order_id"])
    rows = np.flatnonzero(mask(pc.is_in(order_ids, value_set=returned)))
    if len(rows):
        take = pa.array(rows)
        keys = _joined(order_ids.take(take), _filled(orders["sku"]).take(take))
        found[rows] = mask(pc.is_in(keys, value_set=_joined(returned, _filled(valid["sku"]))))
        no_sku = valid["sku"].isna().to_numpy(dtype=bool)
        if no_sku.any():
            whole = _filled(valid["order_id"][no_sku])
            found[rows] |= mask(pc.is_in(order_ids.take(take), value_set=whole))
    return pd.Series(found, index=orders.index)


def _filled(column: pd.Series) -> pa.Array:
    """The column as strings, a missing value as "" (as it joins)."""
    arr = pc.fill_null(pc.cast(text(column), pa.string()), "")
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _joined(order_ids: pa.Array, skus: pa.Array) -> pa.Array:
    keys = pc.binary_join_element_wise(order_ids, skus, "\x1f")
    return keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys


def line_keys(frame: pd.DataFrame) -> pa.Array:
    """(order_id, seller SKU) as one string per row, for hash joins in pyarrow.

    A missing SKU joins as "" (the loaders turn empty cells into missing values, so
    the two cannot be told apart anyway).
    """
    return _joined(_filled(frame["order_id"]), _filled(frame["sku"]))


def line_refunded(orders: pd.DataFrame, returns: pd.DataFrame | None = None) -> pd.Series:
    """Per order line: refunded? With a returns export, that export decides."""
    if returns is not None:
        return refunded_by_returns(orders, returns)
    return refunded_by_order_export(orders)


def wilson_interval(refunded: int | np.ndarray, lines: int | np.ndarray,
                    z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval, bounds clamped to [0, 1]; NaN where there are no lines."""
    k = np.asarray(refunded, dtype=float)
    n = np.asarray(lines, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        low = np.clip(centre - half, 0, 1)
        high = np.clip(centre + half, 0, 1)
    # Exactly 0 with no refund and 1 with every line refunded: the two terms above cancel
    # only up to rounding (0 of 69 lines gave 3.5e-18, "above" a shop-wide rate of 0).
    low = np.where(k <= 0, 0.0, low)
    high = np.where(k >= n, 1.0, high)
    low = np.where(n > 0, low, np.nan)
    high = np.where(n > 0, high, np.nan)
    return low, high


def two_proportion_p_value(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (NaN when undefined)."""
    if n1 == 0 or n2 == 0:
        return math.nan
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0 if k1 / n1 == k2 / n2 else 0.0
    z = (k1 / n1 - k2 / n2) / se
    return math.erfc(abs(z) / math.sqrt(2))
