"""The message timeline (SPEC §4): which post-purchase messages are due on a day.

Everything is computed at once over all orders with numpy arrays indexed by order
(and by line for the per-line replenishment stage); no Python loop runs per order
until the due set is known. The steps:

1. ``Snapshot`` (``timeline_snapshot``): the inputs as they stood at the end of day D
   (shop time), reduced to one value per order (and per line and SKU).
2. ``evaluate``: per stage, each order's window (first and last day) and the first
   reason it cannot get the message (``Why``); 0 means nothing stops it.
3. ``select``: in the window on D, not in the ledger, then the per-buyer cap.

``explain`` runs the same steps and reports one order instead of the due set.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cx_cli.config import Settings
from cx_cli.engines.stages import (
    STALLED_SHIPPED_OFFSET,
    Stage,
    enabled_stages,
    resolve_stages,
)
from cx_cli.engines.timeline_snapshot import NAT, NAT_DAY, Snapshot, build_snapshot
from cx_cli.io.catalog import REVIEW_DELAY_DAYS, Catalog
from cx_cli.io.ledger import message_id, message_ids
from cx_cli.threads import each

# A review request waits this long after the last ticket on the order is solved.
AFTER_RESOLVED_DAYS = 3
# Replenishment anchors on paid_at + 5 days when there is no delivery time.
PAID_FALLBACK_DAYS = 5
# A cycle x quantity beyond this (a wholesale line of 100,000 units) is never due; the
# cap keeps its window a real date (explain, preview) instead of past year 9999.
MAX_REPLENISH_DAYS = 365_250


class Why(IntEnum):
    """Why an order does not get a stage's message (first reason found wins)."""

    OK = 0
    CANCELLED = 1
    NO_ANCHOR = 2
    CATEGORY = 3
    FILTERED = 4
    SHIPPED = 5
    DELIVERED = 6
    REFUND = 7
    HAS_TICKET = 8
    NO_CHECKIN_SKU = 9
    REVIEW_EXISTS = 10
    TICKET_UNSOLVED = 11
    LINE_CANCELLED = 12
    LINE_REFUNDED = 13
    NO_CYCLE = 14
    REORDERED = 15
    ARRIVED = 16
    NO_DELIVERY_DAY = 17


WHY_TEXT = {
    Why.CANCELLED: "the order is cancelled",
    Why.NO_ANCHOR: "its anchor event has not happened",
    Why.CATEGORY: "no line of the order is in the stage's categories",
    Why.FILTERED: "excluded by the stage's filters (skus/exclude_skus)",
    Why.SHIPPED: "already shipped (carrier scan) by the end of the day",
    Why.DELIVERED: "already delivered by the end of the day",
    Why.REFUND: "a line of the order has a return/refund",
    Why.HAS_TICKET: "the order has a support ticket",
    Why.NO_CHECKIN_SKU: "none of its SKUs needs a check-in",
    Why.REVIEW_EXISTS: "a review already exists for the order",
    Why.TICKET_UNSOLVED: "a ticket on the order is unsolved at the end of the day; the "
                         f"request waits until {AFTER_RESOLVED_DAYS} days after it is solved",
    Why.LINE_CANCELLED: "the line is cancelled",
    Why.LINE_REFUNDED: "the line has a return/refund",
    Why.NO_CYCLE: "the SKU has no usage_cycle_days",
    Why.REORDERED: "the buyer has ordered this SKU again since",
    Why.ARRIVED: "the export shows the order {status} (no Delivered Time): it is no longer "
                 "on its way",
    Why.NO_DELIVERY_DAY: "the export shows the order {status} but no Delivered Time: no "
                         "delivery day to count from",
}
# How the export's status said an order arrived (``Snapshot.arrived_undated``).
ARRIVED_STATUS = {1: "delivered", 2: "completed"}


class DueMessage(NamedTuple):
    """One message due on the run's day (a tuple: the due set can be 100,000 long)."""

    message_id: str
    stage: str
    order_id: str
    sku: str | None
    buyer: str | None
    due_date: date
    last_date: date
    template: str
    priority: int
    # The SKUs the message is about when not the whole order: the check-in's SKUs
    # that need it, the replenished line, the lines in a stage's categories.
    skus: tuple[str, ...] = ()
    # The units a per-line message is about, as its due date counts them (a
    # replenishment: the live units of its SKU in the order); 0 when not counted.
    quantity: int = 0


@dataclass
class TimelineResult:
    day: date
    due: list[DueMessage]
    deferred: list[DueMessage] = field(default_factory=list)
    in_ledger: int = 0


# --- 2. per stage: window and reason --------------------------------------------------


@dataclass
class StageEval:
    """A stage over every order (or line): window days and the blocking reason."""

    stage: Stage
    order: np.ndarray
    line: np.ndarray | None
    first: np.ndarray
    last: np.ndarray
    why: np.ndarray
    units: np.ndarray | None = None  # per line: the units its due date counts

    def due_mask(self, day: np.datetime64) -> np.ndarray:
        return (self.why == Why.OK) & (self.first <= day) & (day <= self.last)

    def due_on(self, day: np.datetime64) -> StageEval:
        """Only the orders (or lines) due on ``day``: a stage's arrays over every order
        are dropped as soon as it is evaluated, not kept for all the stages at once
        (100 MB or more at a million lines)."""
        rows = np.flatnonzero(self.due_mask(day))

        def cut(values: np.ndarray | None) -> np.ndarray | None:
            return None if values is None else values[rows]

        return StageEval(self.stage, self.order[rows], cut(self.line), self.first[rows],
                         self.last[rows], self.why[rows], cut(self.units))


def _flag(why: np.ndarray, cond: np.ndarray, reason: Why) -> None:
    """Set ``reason`` where ``cond`` holds and nothing earlier blocked."""
    why[(why == Why.OK) & cond] = reason


def _days(n: int | np.ndarray) -> np.ndarray:
    return np.asarray(n).astype("m8[D]")


def _line_filters(snap: Snapshot, stage: Stage) -> tuple[np.ndarray, np.ndarray]:
    """Per line: in the stage's categories? passes its SKU filters?"""
    n_lines = len(snap.line_order)
    cat_ok = np.ones(n_lines, bool)
    if stage.categories is not None:
        sku_ok = np.isin(snap.sku_category, list(stage.categories))
        cat_ok = sku_ok[snap.line_sku]
    filt_ok = np.ones(n_lines, bool)
    if _sku_filtered(stage):
        filt_ok = _sku_ok(stage, snap.skus)[snap.line_sku]
    return cat_ok, filt_ok


def _sku_filtered(stage: Stage) -> bool:
    return stage.filters.get("skus") is not None or bool(stage.filters.get("exclude_skus"))


def _sku_ok(stage: Stage, skus: np.ndarray) -> np.ndarray:
    """Per SKU: does it pass the stage's ``skus`` / ``exclude_skus`` filters?"""
    ok = np.ones(len(skus), bool)
    only = stage.filters.get("skus")
    if only is not None:
        ok &= np.isin(skus, [str(s) for s in only])
    excluded = stage.filters.get("exclude_skus")
    if excluded:
        ok &= ~np.isin(skus, [str(s) for s in excluded])
    return ok


def evaluate(snap: Snapshot, stage: Stage, replenish_at: float) -> StageEval:
    """Window and blocking reason of ``stage`` for every order (or line)."""
    if stage.per_line:
        return _replenishment(snap, stage, replenish_at)
    n = snap.n_orders
    why = np.zeros(n, np.int8)
    cat_ok, filt_ok = _line_filters(snap, stage)
    anchor, first = _anchor_and_first(snap, stage, cat_ok & filt_ok)
    _flag(why, snap.cancelled, Why.CANCELLED)
    if stage.anchor == "delivered_at":
        # Arrived by the export's status, but on no day cx knows: nothing to count from.
        _flag(why, snap.arrived_undated > 0, Why.NO_DELIVERY_DAY)
    _flag(why, np.isnat(anchor), Why.NO_ANCHOR)
    _flag(why, ~snap.any_line(cat_ok), Why.CATEGORY)
    _flag(why, ~snap.any_line(cat_ok & filt_ok), Why.FILTERED)
    if stage.filters.get("skip_returns"):
        _flag(why, snap.refund_any, Why.REFUND)
    rule = stage.rule
    if rule == "label":
        _flag(why, ~np.isnat(snap.shipped) | ~np.isnat(snap.delivered), Why.SHIPPED)
        _flag(why, snap.arrived_undated > 0, Why.ARRIVED)
    elif rule in ("transit", "stalled"):
        _flag(why, ~np.isnat(snap.delivered), Why.DELIVERED)
        _flag(why, snap.arrived_undated > 0, Why.ARRIVED)
    elif rule == "delivery":
        _flag(why, snap.refund_any, Why.REFUND)
    elif rule == "checkin":
        _flag(why, snap.refund_any, Why.REFUND)
        _flag(why, snap.n_tickets > 0, Why.HAS_TICKET)
        needs = (snap.sku_checkin > 0)[snap.line_sku] & cat_ok & filt_ok & ~snap.line_cancel
        _flag(why, ~snap.any_line(needs), Why.NO_CHECKIN_SKU)
    elif rule in ("review", "reminder"):
        _flag(why, snap.has_review, Why.REVIEW_EXISTS)
        _flag(why, snap.n_unsolved > 0, Why.TICKET_UNSOLVED)
    last = first + _days(stage.window_days)
    return StageEval(stage, np.arange(n), None, first, last, why)


def _anchor_and_first(snap: Snapshot, stage: Stage,
                      in_stage: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The anchor day per order and the first day of the window (``in_stage``: the
    lines in the stage's categories and filters)."""
    rule = stage.rule
    offset = stage.offset_days or 0
    if rule == "stalled":
        # Stalled after the label (no scan) or after the scan (no delivery).
        scanned = ~np.isnat(snap.shipped)
        anchor = np.where(scanned, snap.shipped, snap.rts)
        shipped_offset = int(stage.filters.get("shipped_offset_days", STALLED_SHIPPED_OFFSET))
        return anchor, anchor + np.where(scanned, _days(shipped_offset), _days(offset))
    if rule == "reminder":
        return snap.review_sent, snap.review_sent + _days(offset)
    anchor = {"paid_at": snap.paid, "rts_at": snap.rts, "shipped_at": snap.shipped,
              "delivered_at": snap.delivered}[stage.anchor]
    if rule != "review":
        return anchor, anchor + _days(offset)
    # Review request: the largest review delay of the order's lines, then never
    # before the last solved ticket + 3 days.
    default = np.array([REVIEW_DELAY_DAYS.get(c, REVIEW_DELAY_DAYS["other"])
                        if stage.offset_days is None else stage.offset_days
                        for c in snap.sku_category], dtype=np.int64)
    per_sku = np.where(snap.sku_delay_override >= 0, snap.sku_delay_override, default)
    delay_line = np.where(in_stage & ~snap.line_cancel, per_sku[snap.line_sku], -1)
    delay = snap.max_line(delay_line)
    if (delay < 0).any():
        # No live line (every one a Cancel type, the order not cancelled): the largest
        # delay of all its lines in the stage's categories, never none at all.
        all_lines = snap.max_line(np.where(in_stage, per_sku[snap.line_sku], -1))
        delay = np.where(delay < 0, all_lines, delay)
    first = anchor + _days(np.maximum(delay, 0))
    after_ticket = snap.resolved_max + _days(AFTER_RESOLVED_DAYS)
    first = np.where(~np.isnat(after_ticket) & (after_ticket > first), after_ticket, first)
    return anchor, first


def _replenishment(snap: Snapshot, stage: Stage, replenish_at: float) -> StageEval:
    """Per line: anchor (delivery, else paid + 5) + replenish_at x cycle x quantity."""
    order = snap.line_order
    n_lines = len(order)
    why = np.zeros(n_lines, np.int8)
    cat_ok, filt_ok = _line_filters(snap, stage)
    delivered = snap.delivered[order]
    paid_fallback = snap.paid[order] + _days(PAID_FALLBACK_DAYS)
    anchor = np.where(np.isnat(delivered), paid_fallback, delivered)
    cycle = snap.sku_cycle[snap.line_sku]
    qty = np.maximum(snap.line_qty, 1)
    # One message per (order, SKU): two lines of one seller SKU (variations sharing
    # it) are one replenishment of their live units together.
    key = order * len(snap.skus) + snap.line_sku
    dup = pd.Series(key).duplicated(keep=False).to_numpy()
    if dup.any():
        group = np.unique(key[dup], return_inverse=True)[1]
        live = ~snap.line_cancel[dup] & ~snap.line_refund[dup]
        total = np.bincount(group, weights=np.where(live, qty[dup], 0)).astype(np.int64)
        qty = qty.copy()
        qty[dup] = np.where(total[group] > 0, total[group], qty[dup])
    raw = replenish_at * cycle * qty
    # Round away float noise first (1.1 x 10 is 11.000000000000002), then up.
    days = np.ceil(np.round(np.nan_to_num(raw, nan=0.0), 6))
    days = np.minimum(days, MAX_REPLENISH_DAYS).astype(np.int64)
    first = anchor + _days(days + (stage.offset_days or 0))
    _flag(why, snap.cancelled[order], Why.CANCELLED)
    _flag(why, snap.line_cancel, Why.LINE_CANCELLED)
    _flag(why, np.isnat(anchor), Why.NO_ANCHOR)
    _flag(why, ~cat_ok, Why.CATEGORY)
    _flag(why, ~filt_ok, Why.FILTERED)
    _flag(why, np.isnan(cycle), Why.NO_CYCLE)
    first = np.where(np.isnan(cycle), NAT_DAY, first)
    _flag(why, snap.line_refund, Why.LINE_REFUNDED)
    _flag(why, _reordered(snap, why == Why.OK), Why.REORDERED)
    last = first + _days(stage.window_days)
    lines = np.arange(n_lines)
    if dup.any():
        # Of a SKU's lines, the one that can get the message speaks for them (else the
        # first): its message id is the SKU's.
        rows = lines[dup]
        by = np.lexsort((rows, why[rows] != Why.OK, group))
        head = np.r_[True, group[by][1:] != group[by][:-1]]
        keep = ~dup
        keep[rows[by[head]]] = True
        lines = lines[keep]
    return StageEval(stage, order[lines], lines, first[lines], last[lines], why[lines],
                     qty[lines])


def _reordered(snap: Snapshot, candidates: np.ndarray) -> np.ndarray:
    """Per line: did the buyer place another qualifying order with this SKU later?

    Qualifying (SPEC §3.1) on D: a buyer, paid, not cancelled, and the line itself
    not a cancel. "Later" compares the orders' created times.
    """
    out = np.zeros(len(candidates), bool)
    order = snap.line_order
    buyer = snap.buyer[order]
    candidates = candidates & (buyer >= 0)
    if not candidates.any():
        return out
    # Only SKUs some candidate line has can matter.
    wanted_sku = np.zeros(len(snap.skus), bool)
    wanted_sku[snap.line_sku[candidates]] = True
    qualifying = (~np.isnat(snap.paid) & ~snap.cancelled)[order] & (buyer >= 0) \
        & ~snap.line_return_cancel & wanted_sku[snap.line_sku]
    if not qualifying.any():
        # e.g. cash-on-delivery orders delivered with no paid time: nothing to reorder.
        return out
    n_skus = len(snap.skus)
    key = buyer * n_skus + snap.line_sku
    created = snap.created_s[order]
    latest = pd.Series(created[qualifying]).groupby(key[qualifying]).max()
    pos = latest.index.get_indexer(key[candidates])
    later = np.where(pos >= 0, latest.to_numpy()[np.maximum(pos, 0)], NAT)
    out[candidates] = later > created[candidates]
    return out


# --- 3. the due set: window, ledger, cap ----------------------------------------------


@dataclass
class _Selection:
    result: TimelineResult
    # message_id -> "sent" or "deferred" for candidates in their window on D
    state: dict[str, str]


def _sort_keys(values: np.ndarray) -> np.ndarray:
    """Sortable integer ranks of an object array of strings (None first, as "").

    Ranked by Arrow (UTF-8 bytes sort as the code points do, the order Python's own
    comparison gives): sorting 100,000 Python strings with NumPy took twice as long."""
    if not len(values):
        return np.zeros(0, np.int64)
    text = pc.fill_null(pa.array(values, pa.large_string()), "")
    return pc.rank(text, sort_keys="ascending", tiebreaker="dense").to_numpy().astype(np.int64) - 1


def _select(snap: Snapshot, evals: list[StageEval], settings: Settings,
            ledger_keys: Container[str]) -> _Selection:
    """Candidates in their window -> minus the ledger -> the per-buyer cap."""
    picks = [(ev, np.flatnonzero(ev.due_mask(snap.day))) for ev in evals]
    stage_of = [ev.stage for ev, idx in picks for _ in range(len(idx))]
    order = np.concatenate([ev.order[idx] for ev, idx in picks] or [np.zeros(0, np.int64)])
    line = np.concatenate([ev.line[idx] if ev.line is not None else np.full(len(idx), -1)
                           for ev, idx in picks] or [np.zeros(0, np.int64)])
    first = np.concatenate([ev.first[idx] for ev, idx in picks] or [np.zeros(0, "M8[D]")])
    last = np.concatenate([ev.last[idx] for ev, idx in picks] or [np.zeros(0, "M8[D]")])
    units = np.concatenate([ev.units[idx] if ev.units is not None else np.zeros(len(idx), int)
                            for ev, idx in picks] or [np.zeros(0, np.int64)])
    priority = np.array([s.priority for s in stage_of], dtype=np.int64)
    oid = snap.order_id_of(order)
    sku = np.full(len(order), None, dtype=object)
    sku[line >= 0] = snap.skus[snap.line_sku[line[line >= 0]]]
    ids = message_ids(oid, [st.name for st in stage_of], sku)
    state = {i: "sent" for i in ids if i in ledger_keys}
    open_ = np.array([i not in state for i in ids], dtype=bool)

    # Frequency cap: per buyer, keep the highest-priority messages (the stage table's
    # order, then the window that closes first); messages sent on D count.
    o_rank, s_rank = _sort_keys(oid), _sort_keys(sku)
    buyer = snap.buyer[order]
    buyer_key = snap.cap_key(order)
    deferred = np.zeros(len(order), bool)
    cap = settings.messages.max_per_buyer_per_day
    if cap > 0 and open_.any():
        idx = np.flatnonzero(open_)
        by = idx[np.lexsort((s_rank[idx], o_rank[idx], last[idx].astype(np.int64),
                             priority[idx], buyer_key[idx]))]
        keys = buyer_key[by]
        pos = np.arange(len(by))
        group_start = np.maximum.accumulate(np.where(np.r_[True, keys[1:] != keys[:-1]],
                                                     pos, 0))
        already = np.zeros(len(keys), np.int64)
        if snap.sent_today:
            sent = pd.Series(snap.sent_today, dtype=np.int64)
            already = sent.reindex(keys, fill_value=0).to_numpy(dtype=np.int64)
        deferred[by] = (pos - group_start) + already >= cap
    for i in np.flatnonzero(deferred):
        state[ids[i]] = "deferred"

    out = np.lexsort((s_rank, o_rank, first.astype(np.int64), priority))

    # Python objects once per column, not per message.
    buyer_name = np.full(len(order), None, dtype=object)
    has_buyer = buyer >= 0
    buyer_name[has_buyer] = snap.buyers[buyer[has_buyer]]
    first_d, last_d = first.astype(object), last.astype(object)
    names = np.array([st.name for st in stage_of], dtype=object)
    templates = np.array([st.template for st in stage_of], dtype=object)
    ids_arr = np.array(ids, dtype=object)

    needs_focus = {ev.stage.name for ev in evals if ev.stage.per_line
                   or ev.stage.rule == "checkin" or ev.stage.categories is not None
                   or _sku_filtered(ev.stage)}

    def messages(rows: np.ndarray) -> list[DueMessage]:
        # Only the messages of a stage that looks at SKUs are worked out one by one (most
        # messages are about the whole order).
        focus: list[tuple[str, ...]] = [()] * len(rows)
        for j in np.flatnonzero(np.isin(names[rows], list(needs_focus))).tolist():
            i = rows[j]
            focus[j] = _focus_skus(snap, stage_of[i], int(order[i]), int(line[i]))
        return list(map(DueMessage._make, zip(
            ids_arr[rows], names[rows], oid[rows], sku[rows], buyer_name[rows],
            first_d[rows], last_d[rows], templates[rows], priority[rows].tolist(), focus,
            units[rows].tolist(), strict=True)))

    keep = open_ & ~deferred
    result = TimelineResult(day=snap.day.astype(date), due=messages(out[keep[out]]),
                            deferred=messages(out[deferred[out]]),
                            in_ledger=int((~open_).sum()))
    return _Selection(result, state)


def _focus_skus(snap: Snapshot, stage: Stage, order: int, line: int) -> tuple[str, ...]:
    """The SKUs a message is about; () = the whole order (no need to look)."""
    if line >= 0:
        return (str(snap.skus[snap.line_sku[line]]),)
    if stage.rule != "checkin" and stage.categories is None and not _sku_filtered(stage):
        return ()
    lines = snap.lines_of(order)
    lines = lines[~snap.line_cancel[lines]] if (~snap.line_cancel[lines]).any() else lines
    if stage.rule == "checkin":
        lines = lines[snap.sku_checkin[snap.line_sku[lines]] > 0]
    if stage.categories is not None:
        keep = np.isin(snap.sku_category[snap.line_sku[lines]], list(stage.categories))
        lines = lines[keep] if keep.any() else lines
    if _sku_filtered(stage):
        # Not about the SKUs its filters leave out (a check-in with exclude_skus: [A]
        # that an order's other SKU qualifies for does not ask about A).
        keep = _sku_ok(stage, snap.skus[snap.line_sku[lines]])
        lines = lines[keep] if keep.any() else lines
    return tuple(dict.fromkeys(str(snap.skus[snap.line_sku[i]]) for i in lines))


# --- the public calls -----------------------------------------------------------------


def compute(orders: pd.DataFrame, *, tickets: pd.DataFrame | None = None,
            reviews: pd.DataFrame | None = None, returns: pd.DataFrame | None = None,
            catalog: Catalog | None = None, settings: Settings, as_of: date,
            ledger_keys: Container[str] = frozenset(),
            ticket_labels: pd.DataFrame | None = None,
            sent_log: pd.DataFrame | None = None,
            stages: Sequence[str] | None = None) -> TimelineResult:
    """The due set on ``as_of`` plus what the cap deferred.

    Args:
        ledger_keys: message ids already sent (never listed again).
        ticket_labels: triage labels (ticket_id, category, subcategory) for tickets the
            export does not tag; without it only the export's own labels count.
        sent_log: ledger rows (message_id, order_id, stage, buyer, sent_at) for the
            reminder's anchor and the messages already sent to a buyer on D.
        stages: only these stages (``--stage``); the cap still sees all of them.
    """
    snap = build_snapshot(orders, tickets=tickets, reviews=reviews, returns=returns,
                          catalog=catalog or Catalog(), settings=settings, as_of=as_of,
                          ticket_labels=ticket_labels, sent_log=sent_log)
    # The stages are NumPy over the same arrays, which lets go of the GIL: two at a time.
    evals = each(lambda stage: evaluate(snap, stage, settings.messages.replenish_at)
                 .due_on(snap.day), enabled_stages(settings), threads=True)
    sel = _select(snap, evals, settings, _with_sent(ledger_keys, sent_log))
    if stages:
        enabled_stages(settings, list(stages))  # unknown names are errors
        keep = set(stages)
        sel.result.due = [m for m in sel.result.due if m.stage in keep]
        sel.result.deferred = [m for m in sel.result.deferred if m.stage in keep]
    return sel.result


def due_messages(orders: pd.DataFrame, *, tickets: pd.DataFrame | None = None,
                 reviews: pd.DataFrame | None = None, returns: pd.DataFrame | None = None,
                 catalog: Catalog | None = None, settings: Settings, as_of: date,
                 ledger_keys: Container[str] = frozenset(),
                 ticket_labels: pd.DataFrame | None = None,
                 sent_log: pd.DataFrame | None = None) -> list[DueMessage]:
    """The messages due on ``as_of`` (cap applied), highest priority first."""
    return compute(orders, tickets=tickets, reviews=reviews, returns=returns,
                   catalog=catalog, settings=settings, as_of=as_of, ledger_keys=ledger_keys,
                   ticket_labels=ticket_labels, sent_log=sent_log).due


def ledger_inputs(ledger: Any, settings: Settings, as_of: date) -> dict[str, Any]:
    """``ledger_keys`` and ``sent_log`` for ``compute`` from a ``Ledger`` (None: empty):
    every id already sent, and the sends the cap and the review reminder read."""
    if ledger is None:
        return {"ledger_keys": frozenset(), "sent_log": None}
    from cx_cli.engines.stages import REMINDER_OF

    reminder = any(s.rule == "reminder" for s in enabled_stages(settings))
    sent = ledger.rows(around=as_of, stages=[REMINDER_OF] if reminder else None)
    return {"ledger_keys": ledger.keys(), "sent_log": pd.DataFrame(sent) if sent else None}


def _with_sent(keys: Container[str], sent_log: pd.DataFrame | None) -> Container[str]:
    if sent_log is None or not len(sent_log):
        return keys
    ids = set(sent_log["message_id"].astype("string").dropna())
    return _Union(keys, ids)


class _Union:
    def __init__(self, a: Container[str], b: Container[str]) -> None:
        self.a, self.b = a, b

    def __contains__(self, item: object) -> bool:
        return item in self.b or item in self.a


def explain(order_id: str, orders: pd.DataFrame, *, tickets: pd.DataFrame | None = None,
            reviews: pd.DataFrame | None = None, returns: pd.DataFrame | None = None,
            catalog: Catalog | None = None, settings: Settings, as_of: date,
            ledger_keys: Container[str] = frozenset(),
            ticket_labels: pd.DataFrame | None = None,
            sent_log: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Every stage for one order on ``as_of``: due or not, its window, and why.

    Rows: stage, sku, status (due, deferred, sent, not_due, disabled), due_date,
    last_date, message_id, reason, missing (what has not happened that the message is
    written from, else None).
    """
    snap = build_snapshot(orders, tickets=tickets, reviews=reviews, returns=returns,
                          catalog=catalog or Catalog(), settings=settings, as_of=as_of,
                          ticket_labels=ticket_labels, sent_log=sent_log)
    pos = snap.order_codes([order_id])[0]
    if pos < 0:
        from cx_cli.errors import CxError

        raise CxError(f"order {order_id} is not in the orders export as of {as_of}",
                      "check the order id, or the --date (orders created later do not exist)")
    all_stages = resolve_stages(settings)
    evals = [evaluate(snap, s, settings.messages.replenish_at) for s in all_stages]
    sent = _with_sent(ledger_keys, sent_log)
    sel = _select(snap, [e for e in evals if e.stage.enabled], settings, sent)
    rows = []
    for ev in evals:
        idx = np.flatnonzero(ev.order == pos)
        for i in idx:
            line = int(ev.line[i]) if ev.line is not None else -1
            sku = str(snap.skus[snap.line_sku[line]]) if line >= 0 else None
            first, last = ev.first[i], ev.last[i]
            row = {
                "stage": ev.stage.name, "sku": sku,
                "due_date": None if np.isnat(first) else first.astype(date),
                "last_date": None if np.isnat(last) else last.astype(date),
                "message_id": message_id(order_id, ev.stage.name, sku),
                # the units its text counts (a replenishment's), for a preview of it
                "units": int(ev.units[i]) if ev.units is not None else 0,
            }
            state = sel.state.get(row["message_id"])
            if state is None and row["message_id"] in sent:
                state = "sent"  # outside its window on D, or blocked
            row.update(_status(snap, ev, int(i), state, settings))
            # The event the message is written from has not happened (whatever else
            # blocks it, a cancellation say): no window, and no text to preview. A SKU
            # without usage_cycle_days has no window either, but its text reads well.
            row["missing"] = (_missing_text(snap, ev, pos) if np.isnat(first)
                              and Why(int(ev.why[i])) != Why.NO_CYCLE else None)
            rows.append(row)
    return rows


def _status(snap: Snapshot, ev: StageEval, i: int, state: str | None,
            settings: Settings) -> dict[str, str]:
    stage = ev.stage
    if not stage.enabled:
        return {"status": "disabled",
                "reason": f"switched off (messages.stages.{stage.name}.enabled)"}
    why = Why(int(ev.why[i]))
    if why == Why.TICKET_UNSOLVED and state == "sent":
        # Sent before the ticket came: it waits for nothing.
        return {"status": "sent", "reason": "already in the ledger (sent)"}
    if why != Why.OK:
        return {"status": "not_due", "reason": _why_text(snap, ev, i, why)}
    first, last, day = ev.first[i], ev.last[i], snap.day
    if day < first:
        return {"status": "not_due", "reason": f"window starts {first}"}
    if day > last:
        return {"status": "not_due", "reason": f"window ended {last}"}
    if state == "sent":
        return {"status": "sent", "reason": "already in the ledger (sent)"}
    if state == "deferred":
        cap = settings.messages.max_per_buyer_per_day
        then = (f"its window ends {last}, so it is not sent" if last <= day
                else f"waits for a later day up to {last}")
        return {"status": "deferred", "reason": f"the buyer already has {cap} message(s) of "
                f"higher priority on {day} (max_per_buyer_per_day: {cap}); {then}"}
    return {"status": "due", "reason": f"in its window {first} … {last}"}


# What a missing anchor means to a seller (the export's event, not cx's column name).
ANCHOR_MISSING = {
    "paid_at": "not paid",
    "rts_at": "no shipping label (RTS)",
    "shipped_at": "no carrier scan",
    "delivered_at": "not delivered",
}


def _missing_text(snap: Snapshot, ev: StageEval, order: int) -> str:
    """The event a stage's message is written from, as not having happened."""
    if ev.stage.anchor == "delivered_at" and not ev.stage.per_line \
            and snap.arrived_undated[order]:
        status = ARRIVED_STATUS[int(snap.arrived_undated[order])]
        return f"the export shows the order {status} but gives no Delivered Time"
    if ev.stage.rule == "reminder":
        return "the review_request has not been recorded as sent in the ledger"
    if ev.stage.per_line:
        return "neither delivered nor paid by the end of the day"
    if ev.stage.rule == "stalled":
        return f"no shipping label or carrier scan by the end of {snap.day}"
    return f"{ANCHOR_MISSING.get(ev.stage.anchor, 'no ' + ev.stage.anchor)} " \
        f"by the end of {snap.day}"


def _why_text(snap: Snapshot, ev: StageEval, i: int, why: Why) -> str:
    o = int(ev.order[i])
    if why == Why.CANCELLED:
        when = snap.cancelled_day[o]
        return WHY_TEXT[why] + ("" if np.isnat(when) else f" ({when})")
    if why == Why.NO_ANCHOR:
        return _missing_text(snap, ev, o)
    if why in (Why.ARRIVED, Why.NO_DELIVERY_DAY):
        return WHY_TEXT[why].format(status=ARRIVED_STATUS[int(snap.arrived_undated[o])])
    if why == Why.TICKET_UNSOLVED:
        text = _ticket_wait_text(snap, ev, i)
        if snap.n_unsolved[o] > 1:
            text = text.replace("a ticket", f"{snap.n_unsolved[o]} tickets", 1) \
                .replace("it is solved", "they are solved") \
                .replace(" is unsolved", " are unsolved")
        return text
    return WHY_TEXT[why]


def _ticket_wait_text(snap: Snapshot, ev: StageEval, i: int) -> str:
    """When a message held by an unsolved ticket can go out. The window ``explain``
    shows is the one before the ticket: a review request moves to 3 days after it is
    solved, so solved on D it goes out from D + 3 at the earliest (or its window's first
    day, when later); a reminder keeps its window and goes out once it is solved."""
    first, last, day = ev.first[i], ev.last[i], snap.day
    if ev.stage.rule == "reminder":
        head = WHY_TEXT[Why.TICKET_UNSOLVED].split(";")[0]
        if np.isnat(last):
            return head
        if day > last:
            return f"{head}; its window ended {last}, so it is not sent"
        return f"{head}; the reminder waits until it is solved, up to {last}"
    if np.isnat(first):
        return WHY_TEXT[Why.TICKET_UNSOLVED]
    earliest = max(first, day + _days(AFTER_RESOLVED_DAYS))
    return f"{WHY_TEXT[Why.TICKET_UNSOLVED]} (from {earliest} at the earliest, if it is " \
        f"solved on {day})"
