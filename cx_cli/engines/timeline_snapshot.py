"""The inputs of the message timeline as they stood at the end of day D, as arrays.

Event times after the end of D (shop time) are blanked, tickets, reviews and returns
created after D dropped, and everything is reduced to one value per order (indexed by
an integer order code), per line and per SKU, so the stages are numpy expressions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cx_cli.config import Settings
from cx_cli.engines.refunds import (
    line_refunded,
    refunded_by_order_export,
    refunded_by_returns,
)
from cx_cli.engines.stages import REMINDER_OF
from cx_cli.io.catalog import Catalog
from cx_cli.threads import at_once

NAT = np.iinfo(np.int64).min
NEVER = np.iinfo(np.int64).max
NAT_DAY = np.datetime64("NaT", "D")

# Ticket labels that make a "usage/setup" ticket for the check-in rule.
USAGE_CATEGORY = "usage"
USAGE_SUBCATEGORIES = ("doesnt_work", "sizing_fit", "setup_error")
CHECKIN_LOOKBACK_DAYS = 30


def _seconds(series: pd.Series, tz: str) -> np.ndarray:
    """Epoch seconds (UTC) of a time column; NAT where empty."""
    s = series
    if not isinstance(s.dtype, pd.DatetimeTZDtype):
        s = pd.to_datetime(s)
        if s.dt.tz is None:
            s = s.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
    return s.dt.as_unit("s").array.asi8.copy()


def _local_days(secs: np.ndarray, tz: str) -> np.ndarray:
    """Shop-local calendar dates (datetime64[D]) of epoch seconds; NaT stays NaT."""
    idx = pd.DatetimeIndex(secs.view("M8[s]")).tz_localize("UTC").tz_convert(tz)
    return idx.tz_localize(None).to_numpy().astype("M8[D]")


def _arrow_text(values: Any) -> pa.Array:
    """Text as one pyarrow large_string array (the type every lookup here uses)."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.astype("string")
    arr = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.type == pa.large_string() else arr.cast(pa.large_string())


def _lookup(values: Any, table: pa.Array) -> np.ndarray:
    """Position of each value in ``table`` (-1 when absent or null).

    The few distinct values are hashed and the (large, unique) table is probed, not
    the other way round: hashing 600,000 order ids per lookup would cost more than
    the lookup itself.
    """
    values = _arrow_text(values)
    if not len(values):
        return np.zeros(0, np.int64)
    encoded = pc.dictionary_encode(values)
    distinct = encoded.dictionary
    where = pc.index_in(table, value_set=distinct).to_numpy(zero_copy_only=False)
    hit = ~np.isnan(where)
    position = np.full(len(distinct), -1, np.int64)
    position[where[hit].astype(np.int64)] = np.flatnonzero(hit)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    missing = np.isnan(codes) if codes.dtype.kind == "f" else np.zeros(len(codes), bool)
    out = np.full(len(codes), -1, np.int64)
    out[~missing] = position[codes[~missing].astype(np.int64)]
    return out


def _reduce(ufunc: np.ufunc, values: np.ndarray, perm: np.ndarray,
            starts: np.ndarray) -> np.ndarray:
    """One value per order from its lines (lines grouped by ``perm``)."""
    if len(starts) <= 1:
        return values[:0]
    return ufunc.reduceat(values[perm], starts[:-1])


def _as_of(secs: np.ndarray, end: int) -> np.ndarray:
    """Blank the times after the end of D: as of D those events have not happened."""
    return np.where(secs >= end, NAT, secs)


def _text(series: pd.Series) -> np.ndarray:
    return series.astype("string").to_numpy(dtype=object, na_value=None)


def _is(series: pd.Series, *values: str) -> np.ndarray:
    return series.isin(values).to_numpy(dtype=bool, na_value=False)


@dataclass
class Snapshot:
    """The inputs reduced to arrays per order, per line and per SKU, as of the end of D."""

    day: np.datetime64
    tz: str
    n_orders: int
    order_ids: pa.Array          # order id per order code
    # lines (only those of orders that exist on D)
    line_order: np.ndarray
    line_sku: np.ndarray
    line_qty: np.ndarray
    line_cancel: np.ndarray
    line_refund: np.ndarray
    line_return_cancel: np.ndarray
    # per order
    buyer: np.ndarray          # code into buyers, -1 when empty
    buyers: np.ndarray
    created_s: np.ndarray
    paid: np.ndarray
    rts: np.ndarray
    shipped: np.ndarray
    delivered: np.ndarray
    # The export's status says delivered (1) or completed (2) but no line has a
    # Delivered Time, and nothing of the order happened after D (0: not so).
    arrived_undated: np.ndarray
    cancelled: np.ndarray
    cancelled_day: np.ndarray
    refund_any: np.ndarray
    n_tickets: np.ndarray
    n_unsolved: np.ndarray
    resolved_max: np.ndarray
    has_review: np.ndarray
    review_sent: np.ndarray
    sent_today: dict[int, int]  # messages sent on D, by ``cap_key``
    # per SKU
    skus: np.ndarray
    sku_category: np.ndarray
    sku_delay_override: np.ndarray
    sku_cycle: np.ndarray
    sku_checkin: np.ndarray
    # lines grouped by order: lines of order o are perm[starts[o]:starts[o + 1]]
    perm: np.ndarray
    starts: np.ndarray

    def any_line(self, mask: np.ndarray) -> np.ndarray:
        """Per order: does any of its lines satisfy ``mask``?"""
        return _reduce(np.logical_or, mask, self.perm, self.starts)

    def max_line(self, values: np.ndarray) -> np.ndarray:
        return _reduce(np.maximum, values, self.perm, self.starts)

    def lines_of(self, order: int) -> np.ndarray:
        return self.perm[self.starts[order]:self.starts[order + 1]]

    def cap_key(self, orders: np.ndarray) -> np.ndarray:
        """Whom the frequency cap counts a message of each order for: its buyer's code,
        or, for an order with no buyer, ``len(buyers) + order`` (the order on its own)."""
        buyer = self.buyer[orders]
        return np.where(buyer >= 0, buyer, len(self.buyers) + orders)

    def order_codes(self, ids: Any) -> np.ndarray:
        """Order code of each id (-1 when the order is not in the snapshot)."""
        return _lookup(ids, self.order_ids)

    def order_id_of(self, codes: np.ndarray) -> np.ndarray:
        """Order ids (Python strings) of order codes."""
        return np.asarray(self.order_ids.take(pa.array(codes, pa.int64()))
                          .to_pylist(), dtype=object)


def build_snapshot(orders: pd.DataFrame, *, tickets: pd.DataFrame | None,
                   reviews: pd.DataFrame | None, returns: pd.DataFrame | None,
                   catalog: Catalog, settings: Settings, as_of: date,
                   ticket_labels: pd.DataFrame | None = None,
                   sent_log: pd.DataFrame | None = None) -> Snapshot:
    """Reduce the inputs to what the stages need, as they stood at the end of ``as_of``."""
    tz = settings.shop.tz
    col = orders["created_at"]
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        tz = str(col.dtype.tz)
    end = int(pd.Timestamp(as_of + timedelta(days=1), tz=tz).timestamp())
    day = np.datetime64(as_of, "D")

    created = _seconds(orders["created_at"], tz)
    exists = (created != NAT) & (created < end) & orders["order_id"].notna().to_numpy()
    if not exists.all():
        # An order created after D does not exist on D.
        orders = orders.loc[exists]
        created = created[exists]

    def order_days() -> tuple[np.ndarray, Any, np.ndarray, np.ndarray,
                              dict[str, np.ndarray], np.ndarray]:
        """Each line's order code, the order ids, the lines grouped by order, each
        order's latest paid, ready-to-ship, shipped and delivered day as of D, and
        which orders arrived with no delivery time (``arrived_undated``)."""
        order_codes, order_ids = pd.factorize(orders["order_id"])
        perm = np.argsort(order_codes, kind="stable")
        counts = np.bincount(order_codes, minlength=len(order_ids))
        starts = np.concatenate(([0], np.cumsum(counts)))
        days: dict[str, np.ndarray] = {}
        # Per line: a Delivered Time (any day), or paid, labelled or scanned after D.
        dated_or_later = np.zeros(len(orders), bool)
        for name in ("paid_at", "rts_at", "shipped_at", "delivered_at"):
            secs = _seconds(orders[name], tz)
            dated_or_later |= (secs != NAT) if name == "delivered_at" else (secs >= end)
            days[name] = _local_days(_reduce(np.maximum, _as_of(secs, end), perm, starts), tz)
        arrived = _arrived_undated(orders["status"], order_codes, perm, starts, dated_or_later)
        return order_codes, order_ids, perm, starts, days, arrived

    # The SKUs and buyers are hashed, and the lines' refunds found, in a second thread
    # while the orders are hashed and their days worked out (Arrow's hashing and pandas'
    # and NumPy's kernels let go of the GIL).
    (((sku_codes, skus), (buyer_codes, buyers)), refund), \
        (order_codes, order_ids, perm, starts, days, arrived_undated) = at_once(
            lambda: (_sku_and_buyer_codes(orders), _refunds(orders, returns, end, tz)),
            order_days)
    n = len(order_ids)

    def first_of(values: np.ndarray) -> np.ndarray:
        return values[perm[starts[:-1]]] if n else values[:0]

    status_cancel = _is(orders["status"], "cancelled")
    cancelled_s = _seconds(orders["cancelled_at"], tz)
    # Cancelled on D: status cancelled, and the cancellation time (if any) is not after D.
    cancelled_on_d = (cancelled_s == NAT) | (cancelled_s < end)
    line_cancelled = status_cancel & cancelled_on_d
    # A "Cancel" return type is the cancellation itself: with a Cancelled Time after D
    # the line was live on D (the export is downloaded later); with none, as exported.
    return_cancel = _is(orders["return_type"], "cancel") & cancelled_on_d
    cancel_known = np.where(line_cancelled & (cancelled_s != NAT), cancelled_s, NEVER)

    quantity = orders["quantity"].to_numpy(dtype=np.int64, na_value=1)

    cancel_min = _reduce(np.minimum, cancel_known, perm, starts)
    snap = Snapshot(
        day=day, tz=tz, n_orders=n, order_ids=_arrow_text(order_ids),
        line_order=order_codes.astype(np.int64), line_sku=sku_codes.astype(np.int64),
        line_qty=quantity, line_cancel=line_cancelled | return_cancel, line_refund=refund,
        line_return_cancel=return_cancel,
        buyer=first_of(buyer_codes.astype(np.int64)), buyers=buyers,
        created_s=_reduce(np.minimum, created, perm, starts),
        paid=days["paid_at"], rts=days["rts_at"], shipped=days["shipped_at"],
        delivered=days["delivered_at"], arrived_undated=arrived_undated,
        cancelled=_reduce(np.logical_or, line_cancelled, perm, starts),
        cancelled_day=_local_days(np.where(cancel_min == NEVER, NAT, cancel_min), tz),
        refund_any=_reduce(np.logical_or, refund, perm, starts),
        n_tickets=np.zeros(n, np.int64), n_unsolved=np.zeros(n, np.int64),
        resolved_max=np.full(n, NAT_DAY), has_review=np.zeros(n, bool),
        review_sent=np.full(n, NAT_DAY), sent_today={},
        skus=skus, perm=perm, starts=starts,
        **_catalog_arrays(skus, catalog, settings, orders, as_of),
    )
    if tickets is not None and len(tickets):
        _add_tickets(snap, tickets, end, ticket_labels, settings)
    else:
        snap.sku_checkin = np.where(np.isnan(snap.sku_checkin), 0.0, snap.sku_checkin)
    if reviews is not None and len(reviews):
        rc = _seconds(reviews["created_at"], tz)
        found = reviews.loc[(rc != NAT) & (rc < end), "order_id"].dropna().astype("string")
        codes = snap.order_codes(found)
        snap.has_review[codes[codes >= 0]] = True
    if sent_log is not None and len(sent_log):
        _add_sent_log(snap, sent_log, end)
    return snap


def _arrived_undated(status: pd.Series, order_codes: np.ndarray, perm: np.ndarray,
                     starts: np.ndarray, dated_or_later: np.ndarray) -> np.ndarray:
    """Per order: 1 when the export's status says delivered, 2 completed, with no
    Delivered Time on any line and nothing paid, labelled or scanned after D
    (``dated_or_later``, per line); else 0.

    The status is the one at download, after D, and carries no time. Such an order is
    taken as arrived as of D (as a cancellation with no time is taken as cancelled),
    unless the export shows it paid, labelled or scanned after D: then on D it was
    certainly not there yet."""
    arrived = _is(status, "delivered", "completed")
    undated = _reduce(np.logical_or, arrived, perm, starts) \
        & ~_reduce(np.logical_or, dated_or_later, perm, starts)
    code = undated.astype(np.int8)
    if undated.any():  # which of the two, on the (few) lines of those orders only
        lines = np.flatnonzero(arrived & undated[order_codes])
        done = lines[_is(status.iloc[lines], "completed")]
        code[order_codes[done]] = 2
    return code


def _sku_and_buyer_codes(orders: pd.DataFrame) -> tuple[tuple[np.ndarray, np.ndarray],
                                                         tuple[np.ndarray, np.ndarray]]:
    """Per line, a code for its SKU and for its buyer, with the SKUs and buyer names.

    A line with no SKU gets a placeholder SKU "" (so per-SKU arrays line up); a line
    with no buyer, or an empty name, gets -1.
    """
    sku_codes, skus = pd.factorize(orders["sku"])
    skus = np.asarray(skus.astype(object))
    if (sku_codes < 0).any():
        skus = np.append(skus, "")
        sku_codes = np.where(sku_codes < 0, len(skus) - 1, sku_codes)
    buyer_codes, buyers = pd.factorize(orders["buyer"])
    # An empty name is no buyer (loaders make it null); compared as Arrow text.
    empty = np.flatnonzero(np.asarray(buyers == "", dtype=bool))
    buyers = np.asarray(buyers.astype(object))
    if len(empty):
        buyer_codes = np.where(buyer_codes == empty[0], -1, buyer_codes)
    return (sku_codes, skus), (buyer_codes, buyers)


def _refunds(orders: pd.DataFrame, returns: pd.DataFrame | None, end: int,
             tz: str) -> np.ndarray:
    """Per line: a return/refund as of D (a return requested after D does not exist).

    A refund either export shows stops the messages: the returns export decides the
    refund *rate* (§3.1a), but a buyer the order export shows refunded must not be
    told their parcel is on the doorstep or asked to reorder, even when the returns
    export (a shorter window, say) lacks that return. A line the returns export has a
    return for is its to decide: requested after D, or rejected, that return stops
    nothing on D, whatever the order export (downloaded later) says now.
    """
    by_order_export = refunded_by_order_export(orders).to_numpy(dtype=bool)
    if returns is None:
        return by_order_export
    if by_order_export.any():
        known = refunded_by_returns(orders, returns, any_return=True).to_numpy(dtype=bool)
        by_order_export = by_order_export & ~known
    req = _seconds(returns["requested_at"], tz)
    returns = returns.loc[(req == NAT) | (req < end)]
    return by_order_export | line_refunded(orders, returns).to_numpy(dtype=bool)


def _catalog_arrays(skus: np.ndarray, catalog: Catalog, settings: Settings,
                    orders: pd.DataFrame, as_of: date) -> dict[str, np.ndarray]:
    """Per SKU: category, review-delay override, usage cycle and the check-in override."""
    products = [catalog.get_or_default(str(s)) for s in skus]
    cycle = np.array([p.usage_cycle_days if p.usage_cycle_days else np.nan for p in products],
                     dtype=float)
    if settings.messages.replenishment.cycle == "observed" and len(skus):
        from cx_cli.engines.retention import observed_reorder_intervals

        observed = observed_reorder_intervals(
            orders, min_repeaters=settings.retention.min_repeaters, as_of=as_of)
        for i, s in enumerate(skus):
            value = observed.get(str(s))
            if value is not None and value == value and value > 0:
                cycle[i] = float(value)
    return {
        "sku_category": np.array([p.category for p in products], dtype=object),
        "sku_delay_override": np.array(
            [-1 if p.review_delay_days is None else p.review_delay_days for p in products],
            dtype=np.int64),
        "sku_cycle": cycle,
        # NaN = decided by the ticket rate; 1.0/0.0 = catalog override.
        "sku_checkin": np.array([np.nan if p.checkin is None else float(p.checkin)
                                 for p in products], dtype=float),
    }


def _add_tickets(snap: Snapshot, tickets: pd.DataFrame, end: int,
                 labels: pd.DataFrame | None, settings: Settings) -> None:
    """Per order: tickets existing on D, those unsolved, the latest resolved day; and
    per SKU whether usage/setup tickets reach the check-in rate."""
    tz = snap.tz
    created = _seconds(tickets["created_at"], tz)
    keep = (created != NAT) & (created < end)
    t = tickets.loc[keep]
    created = created[keep]
    resolved = _seconds(t["resolved_at"], tz)
    resolved_on_d = (resolved != NAT) & (resolved < end)
    # A ticket solved with no resolved time counts as solved (we cannot date it); one
    # the export shows open or pending with a resolved time was reopened after it: the
    # buyer's issue is open again, so it is unsolved (when it reopened is not exported).
    reopened = _is(t["status"], "open", "pending")
    solved = (resolved_on_d & ~reopened) | ((resolved == NAT) & _is(t["status"], "solved"))
    codes = snap.order_codes(t["order_id"]) if "order_id" in t else np.full(len(t), -1)
    on_order = codes >= 0
    n = snap.n_orders
    snap.n_tickets = np.bincount(codes[on_order], minlength=n)
    snap.n_unsolved = np.bincount(codes[on_order & ~solved], minlength=n)
    res_days = _local_days(np.where(resolved_on_d, resolved, NAT), tz).astype(np.int64)
    sel = on_order & resolved_on_d
    best = np.full(n, NAT, dtype=np.int64)
    np.maximum.at(best, codes[sel], res_days[sel])
    snap.resolved_max = best.view("M8[D]")

    # --- check-in: usage/setup tickets per SKU over the last 30 days
    created_day = _local_days(created, tz)
    lo = snap.day - np.timedelta64(CHECKIN_LOOKBACK_DAYS - 1, "D")
    recent = (created_day >= lo) & (created_day <= snap.day)
    category, subcategory = _labels(t, labels)
    usage = recent & ((category == USAGE_CATEGORY) | np.isin(subcategory, USAGE_SUBCATEGORIES))
    n_skus = len(snap.skus)
    sku_index = pd.Index(snap.skus)
    pairs_ticket: list[np.ndarray] = []
    pairs_sku: list[np.ndarray] = []
    rows = np.flatnonzero(usage)
    if len(rows):
        tsku = t["sku"].astype("string").to_numpy(dtype=object, na_value=None)[rows] \
            if "sku" in t else np.full(len(rows), None)
        has_sku = np.array([s is not None for s in tsku], dtype=bool)
        with_sku = rows[has_sku]
        found = sku_index.get_indexer(pd.Index(tsku[has_sku], dtype=object)) \
            if has_sku.any() else np.zeros(0, np.int64)
        pairs_ticket.append(with_sku[found >= 0])
        pairs_sku.append(found[found >= 0])
        # No SKU on the ticket: it counts for every SKU of its order.
        no_sku = rows[~has_sku & (codes[rows] >= 0)]
        oc = codes[no_sku]
        cnt = snap.starts[oc + 1] - snap.starts[oc]
        within = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        lines = snap.perm[np.repeat(snap.starts[oc], cnt) + within]
        pairs_ticket.append(np.repeat(no_sku, cnt))
        pairs_sku.append(snap.line_sku[lines])
    usage_count = np.zeros(n_skus, np.int64)
    if pairs_ticket:
        pairs = np.unique(np.stack([np.concatenate(pairs_ticket),
                                    np.concatenate(pairs_sku)]), axis=1)
        usage_count = np.bincount(pairs[1], minlength=n_skus)
    line_delivered = snap.delivered[snap.line_order]
    delivered_recent = (line_delivered >= lo) & (line_delivered <= snap.day) & ~snap.line_cancel
    delivered_count = np.bincount(snap.line_sku[delivered_recent], minlength=n_skus)
    rate = settings.messages.checkin_ticket_rate
    by_rate = (usage_count > 0) & (usage_count >= rate * delivered_count - 1e-9)
    snap.sku_checkin = np.where(np.isnan(snap.sku_checkin), by_rate.astype(float),
                                snap.sku_checkin)


def _labels(t: pd.DataFrame, labels: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """Category and subcategory per ticket: the classifier's when given, else the export's."""
    category = _text(t["category"]) if "category" in t else np.full(len(t), None)
    subcategory = _text(t["subcategory"]) if "subcategory" in t else np.full(len(t), None)
    if labels is not None and len(labels):
        lab = labels.assign(_id=labels["ticket_id"].astype("string")).drop_duplicates(
            "_id", keep="last")
        pos = pd.Index(lab["_id"]).get_indexer(t["ticket_id"].astype("string"))
        got = pos >= 0
        for name in ("category", "subcategory"):
            if name in lab:
                values = _text(lab[name])[np.maximum(pos, 0)]
                if name == "category":
                    category = np.where(got, values, category)
                else:
                    subcategory = np.where(got, values, subcategory)
    category = np.array([c.lower() if isinstance(c, str) else "" for c in category], object)
    subcategory = np.array([c.lower() if isinstance(c, str) else "" for c in subcategory],
                           object)
    return category, subcategory


def _add_sent_log(snap: Snapshot, sent: pd.DataFrame, end: int) -> None:
    """The reminder's anchor (the review request's sent day) and today's sends per buyer."""
    at = pd.to_datetime(sent["sent_at"], utc=True, format="ISO8601")
    secs = at.dt.as_unit("s").array.asi8
    ok = (secs != NAT) & (secs < end)
    sent_day = _local_days(secs, snap.tz)
    stage = sent["stage"].astype("string").to_numpy(dtype=object, na_value="")
    req = ok & (stage == REMINDER_OF)
    if req.any():
        codes = snap.order_codes(sent.loc[req, "order_id"].astype("string"))
        days = sent_day[req].astype(np.int64)
        best = np.full(snap.n_orders, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, codes[codes >= 0], days[codes >= 0])
        snap.review_sent = np.where(best == np.iinfo(np.int64).max, NAT, best).view("M8[D]")
    today = ok & (sent_day == snap.day)
    if today.any():
        # Counted as the cap counts (``cap_key``): by buyer, and an order with no buyer
        # on its own; a row recorded with no buyer (or one the export no longer names)
        # counts for its order's buyer.
        rows = sent.loc[today]
        key = pd.Index(snap.buyers).get_indexer(rows["buyer"].astype("string").fillna(""))
        unnamed = key < 0
        if unnamed.any():
            order = snap.order_codes(rows["order_id"].astype("string"))[unnamed]
            known = order >= 0
            key[np.flatnonzero(unnamed)[known]] = snap.cap_key(order[known])
        counted = np.unique(key[key >= 0], return_counts=True)
        snap.sent_today = dict(zip(counted[0].tolist(), counted[1].tolist(), strict=True))
