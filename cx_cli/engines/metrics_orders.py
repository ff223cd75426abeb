"""Order-level metrics: repeat purchase at 30/60/90 days, late dispatch, seller-fault
cancellations, and the shipped/delivered order counts other rates divide by.

The order export has one row per SKU line; these metrics count orders, so the lines
are first collapsed into one row per order (``order_table``) with one groupby.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cx_cli.engines.columns import equals, text
from cx_cli.engines.weeks import (
    DAY,
    Week,
    count_per_slot,
    day_numbers,
    holiday_dates,
    local_seconds,
    ratios,
    week_keys,
    week_slots,
)
from cx_cli.io.parse import digit_ids

REPEAT_HORIZONS = (30, 60, 90)
_NONE = np.iinfo(np.int64).max  # "no such event" in a min-aggregate


@dataclass
class OrderTable:
    """One row per order: local times in seconds (``_NONE`` when absent), flags, and the
    buyer as a number (``buyer_numbers``)."""

    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)


def order_table(orders: pd.DataFrame) -> OrderTable:
    """Collapse order lines into orders.

    paid/shipped/delivered are the earliest among the lines (the first carrier scan is
    what dispatch is judged on); an order is cancelled when any line is, seller-cancelled
    when it is cancelled and a line says Cancel By = Seller, and qualifies (for repeat
    purchase) when it is paid and has a line whose return type is not cancel.
    """
    ids = digit_ids(text(orders["order_id"]))
    codes, _ = pd.factorize(ids if ids is not None else orders["order_id"], sort=False)
    n = len(orders)

    def secs(col: str) -> np.ndarray:
        s, ok = local_seconds(orders[col])
        return np.where(ok, s, _NONE)

    lines = pd.DataFrame({
        "paid": secs("paid_at"),
        "shipped": secs("shipped_at"),
        "delivered": secs("delivered_at"),
        "cancelled": equals(orders["status"], "cancelled"),
        "seller": equals(orders["cancel_by"], "seller", normalise=True),
        "sale_line": ~equals(orders["return_type"], "cancel"),
    })
    agg = lines.groupby(codes, sort=True).agg(
        paid=("paid", "min"), shipped=("shipped", "min"), delivered=("delivered", "min"),
        cancelled=("cancelled", "max"), seller=("seller", "max"),
        sale_line=("sale_line", "max"))
    # factorize numbers orders by first appearance, so new codes mark each first line.
    if n:
        running = np.maximum.accumulate(codes)
        first = np.flatnonzero(np.r_[True, codes[1:] > running[:-1]])
    else:
        first = np.array([], dtype=np.int64)
    buyer = pc.utf8_trim_whitespace(pc.take(text(orders["buyer"]), pa.array(first)))
    agg["buyer"] = buyer_numbers(buyer)
    agg["seller"] = agg["seller"] & agg["cancelled"]
    agg["qualifies"] = (agg["paid"] != _NONE) & agg["sale_line"]
    return OrderTable(agg.reset_index(drop=True))


def buyer_numbers(buyer: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Each buyer name as a number (the same name, the same number); -1 for no name."""
    if isinstance(buyer, pa.ChunkedArray):
        buyer = buyer.combine_chunks()
    named = pc.if_else(pc.equal(buyer, ""), pa.scalar(None, pa.string()), buyer)
    codes = pc.fill_null(pc.dictionary_encode(named).indices, -1)
    return codes.to_numpy(zero_copy_only=False).astype(np.int64)


def _slots(table: OrderTable, col: str, weeks: Sequence[Week], shift_days: int = 0):
    values = table.frame[col].to_numpy()
    valid = values != _NONE
    return week_slots(week_keys(np.where(valid, values, 0), shift_days), valid, list(weeks))


def orders_per_week(table: OrderTable | None, col: str, weeks: Sequence[Week]) -> list:
    """Orders whose ``col`` time (paid, shipped, delivered) falls in each week."""
    if table is None:
        return [None] * len(weeks)
    return [int(c) for c in count_per_slot(_slots(table, col, weeks), len(weeks))]


def weekly_repeat_rates(table: OrderTable | None, weeks: Sequence[Week],
                        horizons: Sequence[int] = REPEAT_HORIZONS) -> dict[str, list]:
    """Repeat purchase rate at N days on cohorts shifted back N days (SPEC §8).

    Cohort of W: buyers whose first qualifying order was paid in [W_start - N, W_end - N);
    a repeater has another qualifying order paid after the first and at most N days later
    (orders at the very same paid time are not repeats). Null for an empty cohort.
    """
    n = len(weeks)
    if table is None:
        return {f"repeat_rate_{h}": [None] * n for h in horizons}
    f = table.frame
    q = f.loc[f["qualifies"].to_numpy(bool) & (f["buyer"].to_numpy() >= 0), ["buyer", "paid"]]
    buyer_codes = q["buyer"].to_numpy()
    paid = q["paid"].to_numpy()
    order = np.lexsort((paid, buyer_codes))
    b, p = buyer_codes[order], paid[order]
    starts = np.flatnonzero(np.r_[True, b[1:] != b[:-1]]) if len(b) else np.array([], int)
    first_paid = p[starts]
    # The second distinct paid time of each buyer: the first later than their first.
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(b)]))
    later = np.where(p > first_paid[group], p, _NONE)
    next_paid = (np.minimum.reduceat(later, starts) if len(starts)
                 else np.array([], dtype=np.int64))
    gap = np.where(next_paid != _NONE, next_paid - first_paid, _NONE)
    out = {}
    for h in horizons:
        slots = week_slots(week_keys(first_paid, h), np.ones(len(first_paid), bool), list(weeks))
        cohort = count_per_slot(slots, n)
        repeaters = count_per_slot(np.where(gap <= h * DAY, slots, -1), n)
        out[f"repeat_rate_{h}"] = ratios(repeaters, cohort)
    return out


def dispatch_deadlines(paid_days: np.ndarray, dispatch_days: int,
                       holidays: np.ndarray) -> np.ndarray:
    """The ``dispatch_days``-th business day (Mon–Fri minus holidays) after each paid day.

    ``roll="backward"``: an order paid on a weekend counts from the Friday before, so
    with 2 days it is due Tuesday; one paid on Tuesday is due Thursday.
    """
    return np.busday_offset(paid_days.astype("datetime64[D]"), dispatch_days, roll="backward",
                            weekmask="1111100", holidays=holidays)


def weekly_dispatch(table: OrderTable | None, weeks: Sequence[Week], as_of: date,
                    dispatch_days: int = 2,
                    holiday_country: str | None = None) -> dict[str, list]:
    """Late dispatch rate and seller-fault cancellation rate of the orders paid each week."""
    n = len(weeks)
    if table is None:
        return {"late_dispatch_rate": [None] * n, "seller_fault_cancellation_rate": [None] * n,
                "orders_paid": [None] * n}
    f = table.frame
    slots = _slots(table, "paid", weeks)
    paid_count = count_per_slot(slots, n)
    seller = count_per_slot(np.where(f["seller"].to_numpy(bool), slots, -1), n)

    mine = (slots >= 0) & ~f["cancelled"].to_numpy(bool)
    paid_day = day_numbers(f["paid"].to_numpy()[mine])
    shipped = f["shipped"].to_numpy()[mine]
    scanned = shipped != _NONE
    late = np.zeros(len(paid_day), dtype=bool)
    if len(paid_day):
        years = pd.to_datetime(paid_day.min() * DAY, unit="s").year
        hol = holiday_dates(holiday_country, years - 1,
                            max(pd.to_datetime(paid_day.max() * DAY, unit="s").year,
                                as_of.year) + 1)
        deadline = dispatch_deadlines(paid_day, dispatch_days, hol).astype(np.int64)
        scan_day = day_numbers(np.where(scanned, shipped, 0))
        today = (np.datetime64(as_of, "D") - np.datetime64("1970-01-01", "D")).astype(np.int64)
        late = np.where(scanned, scan_day > deadline, deadline < today)
    slots_mine = slots[mine]
    eligible = count_per_slot(slots_mine, n)
    late_count = count_per_slot(np.where(late, slots_mine, -1), n)
    return {
        "late_dispatch_rate": ratios(late_count, eligible),
        "seller_fault_cancellation_rate": ratios(seller, paid_count),
        "orders_paid": [int(p) for p in paid_count],
    }
