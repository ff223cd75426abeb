"""Refund rate: the lagged weekly cohort, per SKU with Wilson intervals, and any window.

Refunds arrive weeks after the order, so week W is measured on the lines paid in
``[W_start - L, W_end - L)`` (L = ``scorecard.refund_lag_days``). Cancelled lines are
not sales and are left out; "refunded" comes from ``line_refunded`` (the returns
export wins when given).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from cx_cli.engines.columns import equals
from cx_cli.engines.refunds import line_refunded, wilson_interval
from cx_cli.engines.weeks import (
    Week,
    count_per_slot,
    day_start_seconds,
    local_seconds,
    week_keys,
    week_slots,
)

REFUND_GROUPS = ("sku", "variation", "product_category")


@dataclass
class RefundTable:
    """Refund rates per group over the lines paid from ``paid_from`` to ``paid_to`` (both in)."""

    by: str
    paid_from: date
    paid_to: date
    lines: int
    refunded: int
    rows: list[dict] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        """The shop-wide rate of the same lines (what a group is flagged against)."""
        return self.refunded / self.lines if self.lines else None

    @property
    def flagged(self) -> list[dict]:
        return [r for r in self.rows if r["flagged"]]


def sale_lines(orders: pd.DataFrame, returns: pd.DataFrame | None,
               paid_from: date | None = None, paid_until: date | None = None) -> pd.DataFrame:
    """Paid, not-cancelled order lines with their local paid time and refunded flag.

    With ``paid_from``/``paid_until`` (shop dates, the end excluded) only those lines are
    kept — before the refund lookup, which is the costly part on a large export.
    """
    paid, valid = local_seconds(orders["paid_at"])
    keep = valid & ~equals(orders["return_type"], "cancel")
    if paid_from is not None:
        keep &= paid >= day_start_seconds(paid_from)
    if paid_until is not None:
        keep &= paid < day_start_seconds(paid_until)
    need = ["order_id", "sku", "return_type", "returned_quantity"]
    cols = list(dict.fromkeys(need + [c for c in REFUND_GROUPS if c in orders.columns]))
    out = orders.loc[keep, cols].reset_index(drop=True)
    out["_paid"] = paid[keep]
    out["_refunded"] = line_refunded(out, returns).to_numpy(dtype=bool)
    return out


def weekly_refund_rate(orders: pd.DataFrame | None, returns: pd.DataFrame | None,
                       weeks: Sequence[Week], lag_days: int,
                       lines: pd.DataFrame | None = None) -> dict[str, list]:
    """Shop-wide refund rate of each week's lagged cohort, with its line counts."""
    n = len(weeks)
    if orders is None:
        return {"refund_rate": [None] * n, "refund_lines": [None] * n,
                "refunded_lines": [None] * n}
    if lines is None:
        lag = timedelta(days=lag_days)
        lines = sale_lines(orders, returns, min(weeks).start - lag, max(weeks).end - lag)
    paid = lines["_paid"].to_numpy()
    slots = week_slots(week_keys(paid, lag_days), np.ones(len(paid), bool), list(weeks))
    total = count_per_slot(slots, n).astype(int)
    refunded = count_per_slot(slots, n, lines["_refunded"].to_numpy()).round().astype(int)
    rate = [int(r) / int(t) if t else None for r, t in zip(refunded, total, strict=True)]
    return {"refund_rate": rate, "refund_lines": [int(t) for t in total],
            "refunded_lines": [int(r) for r in refunded]}


def refund_cohort(orders: pd.DataFrame, returns: pd.DataFrame | None, week: Week,
                  lag_days: int = 14, min_lines: int = 20, by: str = "sku",
                  lines: pd.DataFrame | None = None) -> RefundTable:
    """Week W's lagged cohort per SKU: lines paid in [W_start - L, W_end - L)."""
    since = week.start - timedelta(days=lag_days)
    until = week.end - timedelta(days=lag_days + 1)
    return refunds_by(orders, returns, since, until, by=by, min_lines=min_lines, lines=lines)


def refunds_by(orders: pd.DataFrame, returns: pd.DataFrame | None, since: date, until: date,
               by: str = "sku", min_lines: int = 20,
               lines: pd.DataFrame | None = None) -> RefundTable:
    """Refund rate per ``by`` over lines paid from ``since`` to ``until`` (shop dates, inclusive).

    A group is flagged when it has at least ``min_lines`` lines and the lower bound of
    its Wilson 95% interval is strictly above the shop-wide rate of the same lines.
    Rows: flagged first, then by rate (highest first), then by lines.
    """
    if by not in REFUND_GROUPS:
        raise ValueError(f"by must be one of {', '.join(REFUND_GROUPS)}")
    if lines is None:
        lines = sale_lines(orders, returns, since, until + timedelta(days=1))
    paid = lines["_paid"].to_numpy()
    lo = day_start_seconds(since)
    hi = day_start_seconds(until + timedelta(days=1))
    window = lines.loc[(paid >= lo) & (paid < hi)]
    total = len(window)
    refunded_total = int(window["_refunded"].sum())
    table = RefundTable(by, since, until, total, refunded_total)
    if not total:
        return table
    shop_rate = refunded_total / total
    keys = window[by].astype("string").fillna("\x00")  # keep lines with no value as a group
    grouped = window["_refunded"].groupby(keys.to_numpy(dtype=object), sort=False)
    agg = pd.DataFrame({"lines": grouped.size(), "refunded": grouped.sum().astype(int)})
    low, high = wilson_interval(agg["refunded"].to_numpy(), agg["lines"].to_numpy())
    agg["rate"] = agg["refunded"] / agg["lines"]
    agg["ci_low"] = low
    agg["ci_high"] = high
    agg["flagged"] = (agg["lines"] >= min_lines) & (agg["ci_low"] > shop_rate)
    agg["_key"] = agg.index
    agg = agg.sort_values(["flagged", "rate", "lines", "_key"],
                          ascending=[False, False, False, True], kind="stable")
    for key, row in agg.iterrows():
        table.rows.append({
            by: None if key == "\x00" else str(key),
            "lines": int(row["lines"]),
            "refunded": int(row["refunded"]),
            "rate": float(row["rate"]),
            "ci_low": float(row["ci_low"]),
            "ci_high": float(row["ci_high"]),
            "flagged": bool(row["flagged"]),
        })
    return table
