"""The message timeline engine (SPEC §4), on small hand-built orders.

Every stage is checked on the day before its window, its first and last day and the
day after, then each of its suppressions. Shop time is America/Los_Angeles.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from timeline_frames import catalog, day, orders, returns, reviews, settings, tickets

from cx_cli.engines.stages import resolve_stages
from cx_cli.engines.timeline import compute, due_messages, explain
from cx_cli.errors import ConfigError
from cx_cli.io.ledger import message_id

NO_CAP = "messages: {max_per_buyer_per_day: 0}"

# One order through its whole life: paid 11-01, label 11-02, scan 11-03, delivered 11-05.
LIFE = {"order_id": "1", "sku": "A", "paid_at": "2026-11-01 09:05",
        "rts_at": "2026-11-02 10:00", "shipped_at": "2026-11-03 10:00",
        "delivered_at": "2026-11-05 14:00"}
PAID_ONLY = {"order_id": "1", "sku": "A", "status": "awaiting_shipment"}
LABEL_ONLY = {**PAID_ONLY, "rts_at": "2026-11-02 10:00", "status": "awaiting_collection"}
SCAN_ONLY = {**LABEL_ONLY, "shipped_at": "2026-11-03 10:00", "status": "in_transit"}


def due_keys(lines: pd.DataFrame, on: str, *, config: str = NO_CAP, **kw) -> list[tuple]:
    msgs = due_messages(lines, settings=settings(config), as_of=day(on), **kw)
    return [(m.stage, m.order_id, m.sku) for m in msgs]


def stages_due(lines: pd.DataFrame, on: str, **kw) -> set[str]:
    return {k[0] for k in due_keys(lines, on, **kw)}


def shift(text: str, days: int) -> str:
    return (day(text) + timedelta(days=days)).isoformat()


# --- every stage's window: day before, first day, last day, day after -----------------

ALL_ON = ("messages: {max_per_buyer_per_day: 0, stages: {review_reminder: {enabled: true}, "
          "education_day2: {enabled: true}, education_day7: {enabled: true}, "
          "education_day14: {enabled: true}}}")

WINDOWS = [
    # stage, order line, catalog, first day, last day
    ("order_confirmation", PAID_ONLY, {}, "2026-11-01", "2026-11-02"),
    ("label_created", LABEL_ONLY, {}, "2026-11-02", "2026-11-04"),
    ("in_transit", SCAN_ONLY, {}, "2026-11-03", "2026-11-05"),
    ("tracking_stalled", LABEL_ONLY, {}, "2026-11-05", "2026-11-08"),       # rts + 3 … + 6
    ("tracking_stalled", SCAN_ONLY, {}, "2026-11-10", "2026-11-13"),        # scan + 7 … + 10
    ("delivery_day", LIFE, {}, "2026-11-05", "2026-11-06"),
    ("support_checkin", LIFE, {"A": {"checkin": True}}, "2026-11-08", "2026-11-19"),
    ("review_request", LIFE, {}, "2026-11-12", "2026-11-19"),               # other: 7 days
    ("review_request", LIFE, {"A": {"category": "consumable"}}, "2026-11-15", "2026-11-22"),
    ("review_request", LIFE, {"A": {"category": "skincare"}}, "2026-11-19", "2026-11-26"),
    ("review_request", LIFE, {"A": {"category": "apparel"}}, "2026-11-10", "2026-11-17"),
    ("review_request", LIFE, {"A": {"category": "device", "review_delay_days": 3}},
     "2026-11-08", "2026-11-15"),
    ("replenishment", LIFE, {"A": {"usage_cycle_days": 30}}, "2026-11-26", "2026-12-03"),
    ("replenishment", {**LIFE, "quantity": 2}, {"A": {"usage_cycle_days": 30}},
     "2026-12-17", "2026-12-24"),                                           # 0.7 x 30 x 2
    ("replenishment", LIFE, {"A": {"usage_cycle_days": 15}}, "2026-11-16", "2026-11-23"),
    ("replenishment", PAID_ONLY, {"A": {"usage_cycle_days": 30}}, "2026-11-27", "2026-12-04"),
    ("education_day2", LIFE, {}, "2026-11-07", "2026-11-08"),
    ("education_day7", LIFE, {}, "2026-11-12", "2026-11-14"),
    ("education_day14", LIFE, {}, "2026-11-19", "2026-11-22"),
]


@pytest.mark.parametrize(("stage", "line", "products", "first", "last"), WINDOWS,
                         ids=[f"{w[0]}-{i}" for i, w in enumerate(WINDOWS)])
def test_window_edges(stage, line, products, first, last):
    lines = orders(line)
    cat = catalog(**products)

    def is_due(on: str) -> bool:
        return stage in stages_due(lines, on, config=ALL_ON, catalog=cat)

    assert not is_due(shift(first, -1))
    assert is_due(first)
    assert is_due(last)
    assert not is_due(shift(last, 1))


def test_review_reminder_window_from_ledger_sent_time():
    lines = orders(LIFE)
    sent = pd.DataFrame([{"message_id": message_id("1", "review_request"), "order_id": "1",
                          "stage": "review_request", "sku": None, "buyer": "ana",
                          "sent_at": "2026-11-12T18:30:00-08:00"}])

    def is_due(on: str) -> bool:
        return "review_reminder" in stages_due(lines, on, config=ALL_ON, sent_log=sent)

    assert [is_due(d) for d in ("2026-11-18", "2026-11-19", "2026-11-22", "2026-11-23")] == \
        [False, True, True, False]
    # Off by default; never without the request in the ledger; never once reviewed.
    assert "review_reminder" not in stages_due(lines, "2026-11-19", sent_log=sent)
    assert not {"review_reminder"} & stages_due(lines, "2026-11-19", config=ALL_ON)
    rv = reviews({"review_id": "r", "order_id": "1", "created_at": "2026-11-15 10:00"})
    assert "review_reminder" not in stages_due(lines, "2026-11-19", config=ALL_ON,
                                               sent_log=sent, reviews=rv)


def test_review_request_recorded_is_not_listed_and_anchors_nothing_else():
    lines = orders(LIFE)
    keys = {message_id("1", "review_request")}
    assert "review_request" not in stages_due(lines, "2026-11-12", ledger_keys=keys)


# --- suppressions, stage by stage -------------------------------------------------------

CANCELLED = {"status": "cancelled", "cancelled_at": "2026-11-01 12:00"}


@pytest.mark.parametrize(("stage", "line", "on"), [
    ("order_confirmation", PAID_ONLY, "2026-11-01"),
    ("label_created", LABEL_ONLY, "2026-11-02"),
    ("in_transit", SCAN_ONLY, "2026-11-03"),
    ("tracking_stalled", LABEL_ONLY, "2026-11-05"),
    ("delivery_day", LIFE, "2026-11-05"),
    ("review_request", LIFE, "2026-11-12"),
    ("support_checkin", LIFE, "2026-11-08"),
    ("replenishment", LIFE, "2026-11-26"),
    ("education_day2", LIFE, "2026-11-07"),
])
def test_cancelled_orders_get_nothing(stage, line, on):
    cat = catalog(A={"checkin": True, "usage_cycle_days": 30})
    assert stage in stages_due(orders(line), on, config=ALL_ON, catalog=cat)
    assert stage not in stages_due(orders({**line, **CANCELLED}), on, config=ALL_ON,
                                   catalog=cat)
    # Status cancelled with no time: cancelled all along.
    assert stage not in stages_due(orders({**line, "status": "cancelled"}), on, config=ALL_ON,
                                   catalog=cat)


def test_education_series_skips_returned_orders():
    refunded = orders({**LIFE, "return_type": "return_refund"})
    assert "education_day2" not in stages_due(refunded, "2026-11-07", config=ALL_ON)


def test_cancelled_from_the_moment_of_cancellation():
    line = {**PAID_ONLY, "status": "cancelled", "cancelled_at": "2026-11-02 08:00"}
    assert "order_confirmation" in stages_due(orders(line), "2026-11-01")
    assert "order_confirmation" not in stages_due(orders(line), "2026-11-02")


def test_replenishment_stops_for_a_cancelled_line_or_order():
    cat = catalog(A={"usage_cycle_days": 30}, B={"usage_cycle_days": 30})
    two = orders(LIFE, {**LIFE, "sku": "B", "return_type": "cancel"})
    assert due_keys(two, "2026-11-26", catalog=cat) == [("replenishment", "1", "A")]
    gone = orders({**LIFE, "status": "cancelled", "cancelled_at": "2026-11-20 10:00"})
    assert due_keys(gone, "2026-11-26", catalog=cat) == []


def test_a_line_cancelled_after_d_still_gets_d_s_messages():
    """The export (downloaded later) shows the line cancelled, with the Cancel type and
    its Cancelled Time; as of a day before that time it was a live line."""
    cat = catalog(A={"usage_cycle_days": 30}, B={"usage_cycle_days": 30})
    later = {**LIFE, "status": "cancelled", "return_type": "cancel",
             "cancelled_at": "2026-11-28 10:00"}
    assert due_keys(orders(later), "2026-11-26", catalog=cat) == [("replenishment", "1", "A")]
    assert due_keys(orders(later), "2026-11-28", catalog=cat) == []
    # The review delay reads the line too: skincare (14 days), not 0 days.
    skincare = catalog(A={"category": "skincare"})
    assert "review_request" not in stages_due(orders(later), "2026-11-05", catalog=skincare)
    assert "review_request" in stages_due(orders(later), "2026-11-19", catalog=skincare)
    # A cancel with no time is taken as exported: a cancelled line all along.
    two = orders(LIFE, {**LIFE, "sku": "B", "return_type": "cancel"})
    assert due_keys(two, "2026-11-26", catalog=cat) == [("replenishment", "1", "A")]


def test_label_created_not_on_the_day_of_the_scan():
    lines = orders({**LABEL_ONLY, "shipped_at": "2026-11-03 16:00"})
    assert "label_created" in stages_due(lines, "2026-11-02")
    assert "label_created" not in stages_due(lines, "2026-11-03")


def test_in_transit_not_on_the_day_of_delivery():
    lines = orders({**SCAN_ONLY, "delivered_at": "2026-11-04 09:00"})
    assert "in_transit" in stages_due(lines, "2026-11-03")
    assert "in_transit" not in stages_due(lines, "2026-11-04")


def test_tracking_stalled_stops_when_the_parcel_moves():
    scanned = orders({**LABEL_ONLY, "shipped_at": "2026-11-06 09:00"})
    assert "tracking_stalled" in stages_due(scanned, "2026-11-05")
    assert "tracking_stalled" not in stages_due(scanned, "2026-11-06")  # moving again
    assert "tracking_stalled" in stages_due(scanned, "2026-11-13")      # stalled after scan
    delivered = orders({**SCAN_ONLY, "delivered_at": "2026-11-11 09:00"})
    assert "tracking_stalled" in stages_due(delivered, "2026-11-10")
    assert "tracking_stalled" not in stages_due(delivered, "2026-11-11")


@pytest.mark.parametrize("refund", [{"return_type": "return_refund"},
                                    {"return_type": "refund_only"},
                                    {"returned_quantity": 1}])
def test_delivery_day_not_after_a_return_or_refund(refund):
    lines = orders(LIFE, {**LIFE, "sku": "B", **refund})
    assert "delivery_day" not in stages_due(lines, "2026-11-05")


def test_returns_export_decides_refunds():
    lines = orders(LIFE)
    ret = returns({"order_id": "1", "sku": "A", "requested_at": "2026-11-05 08:00"})
    assert "delivery_day" not in stages_due(lines, "2026-11-05", returns=ret)
    rejected = returns({"order_id": "1", "sku": "A", "requested_at": "2026-11-05 08:00",
                        "return_status": "rejected"})
    assert "delivery_day" in stages_due(lines, "2026-11-05", returns=rejected)
    later = returns({"order_id": "1", "sku": "A", "requested_at": "2026-11-07 08:00"})
    assert "delivery_day" in stages_due(lines, "2026-11-05", returns=later)  # not yet


def test_a_refund_in_either_export_stops_the_messages():
    """The returns export decides the refund rate; for messages, a refund the order
    export shows still counts when the returns export (a shorter window) lacks it."""
    refunded = orders(LIFE, {**LIFE, "sku": "B", "return_type": "return_refund"})
    unrelated = returns({"order_id": "9", "sku": "Z", "requested_at": "2026-11-05 08:00"})
    assert "delivery_day" not in stages_due(refunded, "2026-11-05", returns=unrelated)
    assert "delivery_day" in stages_due(orders(LIFE), "2026-11-05", returns=unrelated)


def test_a_return_the_returns_export_dates_after_d_does_not_stop_d_s_messages():
    """`--date D` gives the answer D's run gave: the order export (downloaded later)
    shows the line refunded, but the returns export has that return requested after D,
    or rejected; it decides, as before the order export's refunds counted for messages."""
    refunded = orders({**LIFE, "return_type": "return_refund", "returned_quantity": 1})
    later = returns({"order_id": "1", "sku": "A", "requested_at": "2026-11-07 08:00"})
    assert "delivery_day" in stages_due(refunded, "2026-11-05", returns=later)
    rejected = returns({"order_id": "1", "sku": "A", "requested_at": "2026-11-05 08:00",
                        "return_status": "rejected"})
    assert "delivery_day" in stages_due(refunded, "2026-11-05", returns=rejected)
    in_time = returns({"order_id": "1", "sku": "A", "requested_at": "2026-11-05 08:00"})
    assert "delivery_day" not in stages_due(refunded, "2026-11-05", returns=in_time)


def test_support_checkin_needs_a_sku_that_needs_it():
    lines = orders(LIFE)
    assert "support_checkin" not in stages_due(lines, "2026-11-08")
    assert "support_checkin" in stages_due(lines, "2026-11-08",
                                           catalog=catalog(A={"checkin": True}))


def _usage_ticket(i: int, order_id: str | None = None, sku: str | None = "A", **kw) -> dict:
    return {"ticket_id": f"T{i}", "order_id": order_id, "sku": sku,
            "created_at": "2026-11-06 10:00", "category": "usage",
            "subcategory": "setup_error", "status": "solved",
            "resolved_at": "2026-11-06 12:00", **kw}


def test_support_checkin_by_usage_ticket_rate():
    # 40 delivered lines of A in the last 30 days; 3% of 40 = 1.2, so 2 tickets needed.
    many = [{**LIFE, "order_id": str(100 + i), "buyer": f"b{i}"} for i in range(39)]
    lines = orders(LIFE, *many)
    one = tickets(_usage_ticket(1, order_id="100"))
    two = tickets(_usage_ticket(1, order_id="100"), _usage_ticket(2, order_id="101"))
    assert ("support_checkin", "1", None) not in due_keys(lines, "2026-11-08", tickets=one)
    assert ("support_checkin", "1", None) in due_keys(lines, "2026-11-08", tickets=two)
    # The catalog's checkin: false overrides the rate.
    assert ("support_checkin", "1", None) not in due_keys(
        lines, "2026-11-08", tickets=two, catalog=catalog(A={"checkin": False}))
    # A ticket tagged with another category is not a usage ticket...
    shipping = tickets(*[_usage_ticket(i, order_id="100", category="shipping",
                                       subcategory="tracking_not_updating") for i in (1, 2)])
    assert ("support_checkin", "1", None) not in due_keys(lines, "2026-11-08",
                                                          tickets=shipping)
    # ...unless the triage labels (the seam the CLI fills) say it is.
    labels = pd.DataFrame({"ticket_id": ["T1", "T2"], "category": ["usage", "usage"],
                           "subcategory": ["doesnt_work", "doesnt_work"]})
    assert ("support_checkin", "1", None) in due_keys(lines, "2026-11-08", tickets=shipping,
                                                      ticket_labels=labels)


def test_support_checkin_ticket_without_sku_counts_for_its_orders_skus():
    lines = orders(LIFE, {**LIFE, "order_id": "2", "buyer": "bo"})
    tk = tickets(_usage_ticket(1, order_id="2", sku=None))
    assert ("support_checkin", "1", None) in due_keys(lines, "2026-11-08", tickets=tk)
    assert ("support_checkin", "2", None) not in due_keys(lines, "2026-11-08", tickets=tk)


def test_support_checkin_names_the_skus_and_is_suppressed():
    cat = catalog(A={"checkin": True}, B={})
    lines = orders(LIFE, {**LIFE, "sku": "B"})
    msgs = due_messages(lines, settings=settings(NO_CAP), as_of=day("2026-11-08"), catalog=cat)
    checkin = [m for m in msgs if m.stage == "support_checkin"]
    assert len(checkin) == 1 and checkin[0].sku is None and checkin[0].skus == ("A",)
    # Any ticket on the order that exists on D (a ticket created later does not yet).
    tk = tickets({"ticket_id": "T9", "order_id": "1", "created_at": "2026-11-07 10:00",
                  "status": "open"})
    assert "support_checkin" not in stages_due(lines, "2026-11-08", catalog=cat, tickets=tk)
    later = tickets({"ticket_id": "T9", "order_id": "1", "created_at": "2026-11-09 10:00"})
    assert "support_checkin" in stages_due(lines, "2026-11-08", catalog=cat, tickets=later)
    refunded = orders(LIFE, {**LIFE, "sku": "B", "return_type": "refund_only"})
    assert "support_checkin" not in stages_due(refunded, "2026-11-08", catalog=cat)


# --- review request: no gating, only an unsolved ticket moves it ----------------------


def test_review_request_goes_to_refunded_orders_with_solved_tickets():
    lines = orders({**LIFE, "return_type": "return_refund", "returned_quantity": 1})
    tk = tickets({"ticket_id": "T1", "order_id": "1", "created_at": "2026-11-06 10:00",
                  "status": "solved", "resolved_at": "2026-11-06 15:00",
                  "category": "product_issue", "subcategory": "defective"})
    rv = reviews({"review_id": "R1", "order_id": "9", "rating": 1,
                  "created_at": "2026-11-06 10:00"})
    assert "review_request" in stages_due(lines, "2026-11-12", tickets=tk, reviews=rv)


def test_review_request_waits_for_an_unsolved_ticket():
    lines = orders(LIFE)
    open_ticket = tickets({"ticket_id": "T1", "order_id": "1", "status": "open",
                           "created_at": "2026-11-10 10:00"})
    assert "review_request" not in stages_due(lines, "2026-11-12", tickets=open_ticket)
    # Resolved after D: still unsolved on D.
    resolved_later = tickets({"ticket_id": "T1", "order_id": "1", "status": "solved",
                              "created_at": "2026-11-10 10:00",
                              "resolved_at": "2026-11-13 10:00"})
    assert "review_request" not in stages_due(lines, "2026-11-12", tickets=resolved_later)


def test_review_request_due_three_days_after_the_ticket_is_solved():
    lines = orders(LIFE)
    tk = tickets({"ticket_id": "T1", "order_id": "1", "status": "solved",
                  "created_at": "2026-11-10 10:00", "resolved_at": "2026-11-14 10:00"})
    # Solved 2 days before D: not yet; due from resolved + 3, window moves with it.
    assert "review_request" not in stages_due(lines, "2026-11-16", tickets=tk)
    assert "review_request" in stages_due(lines, "2026-11-17", tickets=tk)
    msgs = due_messages(lines, settings=settings(NO_CAP), as_of=day("2026-11-24"), tickets=tk)
    rr = [m for m in msgs if m.stage == "review_request"]
    assert (rr[0].due_date.isoformat(), rr[0].last_date.isoformat()) == \
        ("2026-11-17", "2026-11-24")
    # An early ticket does not pull the request forward.
    early = tickets({"ticket_id": "T1", "order_id": "1", "status": "solved",
                     "created_at": "2026-11-04 10:00", "resolved_at": "2026-11-05 10:00"})
    assert "review_request" in stages_due(lines, "2026-11-12", tickets=early)
    assert "review_request" not in stages_due(lines, "2026-11-11", tickets=early)


def test_solved_status_without_resolved_time_counts_as_solved():
    tk = tickets({"ticket_id": "T1", "order_id": "1", "status": "solved",
                  "created_at": "2026-11-06 10:00"})
    assert "review_request" in stages_due(orders(LIFE), "2026-11-12", tickets=tk)


def test_review_request_with_several_tickets_waits_for_every_one():
    lines = orders(LIFE)
    solved = {"ticket_id": "T1", "order_id": "1", "status": "solved",
              "created_at": "2026-11-06 10:00", "resolved_at": "2026-11-06 12:00"}
    # One solved, one open: nothing is due.
    tk = tickets(solved, {"ticket_id": "T2", "order_id": "1", "status": "open",
                          "created_at": "2026-11-07 10:00"})
    assert "review_request" not in stages_due(lines, "2026-11-12", tickets=tk)
    # Solved on 11-14, and one solved with no time: due from 11-17.
    tk = tickets({**solved, "resolved_at": "2026-11-14 12:00"},
                 {"ticket_id": "T2", "order_id": "1", "status": "solved",
                  "created_at": "2026-11-07 10:00"})
    assert "review_request" not in stages_due(lines, "2026-11-16", tickets=tk)
    assert "review_request" in stages_due(lines, "2026-11-17", tickets=tk)
    # Reopened: the export shows it open again, with the time it was first solved.
    reopened = tickets({**solved, "status": "open"})
    assert "review_request" not in stages_due(lines, "2026-11-12", tickets=reopened)
    rows = explain("1", lines, settings=settings(NO_CAP), as_of=day("2026-11-12"),
                   tickets=reopened)
    assert {r["stage"]: r["reason"] for r in rows}["review_request"].startswith(
        "a ticket on the order is unsolved")


def test_review_request_once_per_order_with_the_longest_delay():
    cat = catalog(A={"category": "apparel"}, B={"category": "consumable"})
    lines = orders(LIFE, {**LIFE, "sku": "B"})
    assert "review_request" not in stages_due(lines, "2026-11-14", catalog=cat)
    assert due_keys(lines, "2026-11-15", catalog=cat, config=NO_CAP) == \
        [("review_request", "1", None)]


def test_review_request_delay_of_an_order_whose_lines_are_all_cancel_typed():
    # The export marks the only line a Cancel with no time, yet the order is not
    # cancelled: the delay is still its skincare 14 days, not none (the delivery day).
    lines = orders({**LIFE, "return_type": "cancel"})
    skincare = catalog(A={"category": "skincare"})
    assert "review_request" not in stages_due(lines, "2026-11-05", catalog=skincare)
    assert "review_request" in stages_due(lines, "2026-11-19", catalog=skincare)


def test_review_request_not_when_a_review_exists():
    rv = reviews({"review_id": "R1", "order_id": "1", "created_at": "2026-11-10 10:00"})
    assert "review_request" not in stages_due(orders(LIFE), "2026-11-12", reviews=rv)
    later = reviews({"review_id": "R1", "order_id": "1", "created_at": "2026-11-13 10:00"})
    assert "review_request" in stages_due(orders(LIFE), "2026-11-12", reviews=later)


def test_review_gating_filters_are_refused():
    gated = "messages: {stages: {review_request: {filters: {skip_returns: true}}}}"
    with pytest.raises(ConfigError, match="review gating"):
        resolve_stages(settings(gated))


# --- replenishment --------------------------------------------------------------------

CYCLE = catalog(A={"category": "consumable", "usage_cycle_days": 30})


def test_replenishment_is_per_line():
    cat = catalog(A={"usage_cycle_days": 30}, B={"usage_cycle_days": 30})
    lines = orders(LIFE, {**LIFE, "sku": "B"})
    assert due_keys(lines, "2026-11-26", catalog=cat) == [
        ("replenishment", "1", "A"), ("replenishment", "1", "B")]


def test_replenishment_of_a_seller_sku_on_two_lines_is_one_message_for_both():
    # Two variations (SKU IDs) sharing the seller SKU A: one message (one message_id),
    # due after 0.7 x 30 x 2 units = 42 days, not two identical messages at 21.
    cat = catalog(A={"usage_cycle_days": 30})
    two = orders({**LIFE, "sku_id": "111"}, {**LIFE, "sku_id": "222"})
    assert due_keys(two, "2026-11-26", catalog=cat) == []
    msgs = due_messages(two, settings=settings(NO_CAP), as_of=day("2026-12-17"), catalog=cat)
    assert [(m.stage, m.sku, str(m.due_date), str(m.last_date)) for m in msgs] == [
        ("replenishment", "A", "2026-12-17", "2026-12-24")]
    rows = explain("1", two, settings=settings(NO_CAP), as_of=day("2026-12-17"), catalog=cat)
    assert [r["status"] for r in rows if r["stage"] == "replenishment"] == ["due"]
    # One of them refunded: the other unit alone, due after 21 days.
    one_left = orders({**LIFE, "sku_id": "111", "return_type": "refund_only"},
                      {**LIFE, "sku_id": "222"})
    assert due_keys(one_left, "2026-11-26", catalog=cat) == [("replenishment", "1", "A")]


def test_replenishment_rounds_fractional_days_up_without_float_noise():
    # 1.1 x 10 x 1 is 11.000000000000002 in floating point; it is 11 days.
    cat = catalog(A={"usage_cycle_days": 10})
    config = "messages: {max_per_buyer_per_day: 0, replenish_at: 1.1}"
    assert "replenishment" in stages_due(orders(LIFE), "2026-11-16", catalog=cat,
                                         config=config)
    assert "replenishment" not in stages_due(orders(LIFE), "2026-11-15", catalog=cat,
                                             config=config)


def test_replenishment_needs_a_cycle_and_no_refund():
    assert "replenishment" not in stages_due(orders(LIFE), "2026-11-26")
    refunded = orders({**LIFE, "return_type": "refund_only"})
    assert "replenishment" not in stages_due(refunded, "2026-11-26", catalog=CYCLE)


def test_replenishment_of_a_huge_quantity_is_never_due_and_explains_with_real_dates():
    # 0.7 x 3650 days x 2,000 units is 5.1 million days: past year 9999 uncapped, which
    # made explain print integers for dates and `messages preview` crash.
    cat = catalog(A={"usage_cycle_days": 3650})
    lines = orders({**LIFE, "quantity": 2000})
    assert "replenishment" not in stages_due(lines, "2026-11-26", catalog=cat)
    rows = explain("1", lines, settings=settings(NO_CAP), as_of=day("2026-11-26"),
                   catalog=cat)
    row = next(r for r in rows if r["stage"] == "replenishment")
    assert row["status"] == "not_due"
    assert isinstance(row["due_date"], date) and isinstance(row["last_date"], date)
    assert row["due_date"] > day("2099-12-31")


REORDER = {"order_id": "2", "sku": "A", "created_at": "2026-11-20 10:00",
           "paid_at": "2026-11-20 10:05", "status": "awaiting_shipment"}


@pytest.mark.parametrize(("reorder", "suppressed"), [
    (REORDER, True),
    ({**REORDER, "buyer": "someone_else"}, False),
    ({**REORDER, "sku": "Z"}, False),
    ({**REORDER, "paid_at": None, "status": "unpaid"}, False),
    ({**REORDER, "paid_at": "2026-11-27 09:00"}, False),           # paid after D
    ({**REORDER, "status": "cancelled", "cancelled_at": "2026-11-21 10:00"}, False),
    ({**REORDER, "status": "cancelled", "cancelled_at": "2026-11-28 10:00"}, True),
    ({**REORDER, "return_type": "cancel"}, False),
    # As the export writes a cancellation: status, Cancel type and time. Cancelled
    # after D, the reorder was paid and live on D: D's run suppressed the message.
    ({**REORDER, "status": "cancelled", "return_type": "cancel",
      "cancelled_at": "2026-11-28 10:00"}, True),
    ({**REORDER, "status": "cancelled", "return_type": "cancel",
      "cancelled_at": "2026-11-21 10:00"}, False),
    ({**REORDER, "created_at": "2026-10-20 10:00", "paid_at": "2026-10-20 10:05"}, False),
])
def test_replenishment_suppressed_when_the_buyer_ordered_the_sku_again(reorder, suppressed):
    lines = orders(LIFE, reorder)
    keys = due_keys(lines, "2026-11-26", catalog=CYCLE)
    assert (("replenishment", "1", "A") not in keys) is suppressed


def test_observed_cycle_is_used_when_configured(monkeypatch):
    import cx_cli.engines.retention as retention

    monkeypatch.setattr(retention, "observed_reorder_intervals",
                        lambda orders, min_repeaters, as_of=None: {"A": 10.0})
    config = "messages: {max_per_buyer_per_day: 0, replenishment: {cycle: observed}}"
    # 0.7 x 10 = 7 days after delivery instead of 21.
    assert "replenishment" in stages_due(orders(LIFE), "2026-11-12", catalog=CYCLE,
                                         config=config)
    assert "replenishment" not in stages_due(orders(LIFE), "2026-11-12", catalog=CYCLE)


# --- as of D, and the shop's calendar ---------------------------------------------------


def test_as_of_delivered_tomorrow_is_in_transit_today():
    lines = orders({**SCAN_ONLY, "delivered_at": "2026-11-06 09:00", "status": "delivered"})
    on_5 = stages_due(lines, "2026-11-05")
    assert "delivery_day" not in on_5 and "in_transit" in on_5
    assert "delivery_day" in stages_due(lines, "2026-11-06")


def test_orders_created_after_d_do_not_exist():
    lines = orders({**PAID_ONLY, "created_at": "2026-11-03 10:00", "paid_at": "2026-11-03 10:01"})
    assert due_keys(lines, "2026-11-02") == []


def test_timezone_edge_23_30_shop_time_is_that_day():
    # 07:30 UTC on Nov 6 is 23:30 on Nov 5 in Los Angeles.
    lines = orders({**SCAN_ONLY, "delivered_at": "2026-11-06T07:30:00+00:00"})
    assert "delivery_day" in stages_due(lines, "2026-11-05")
    assert "delivery_day" in stages_due(lines, "2026-11-06")
    assert "delivery_day" not in stages_due(lines, "2026-11-07")
    # Half an hour later it is Nov 6 in the shop: not delivered as of Nov 5.
    later = orders({**SCAN_ONLY, "delivered_at": "2026-11-06T08:30:00+00:00"})
    assert "delivery_day" not in stages_due(later, "2026-11-05")
    assert "in_transit" in stages_due(later, "2026-11-05")


def test_other_shop_timezone_uses_its_own_calendar():
    tz = "Asia/Bangkok"
    lines = orders({**SCAN_ONLY, "delivered_at": "2026-11-05T17:30:00+00:00"}, tz=tz)
    config = "shop: {market: th}\nmessages: {max_per_buyer_per_day: 0}"
    # 17:30 UTC is 00:30 on Nov 6 in Bangkok.
    assert "delivery_day" not in stages_due(lines, "2026-11-05", config=config)
    assert "delivery_day" in stages_due(lines, "2026-11-06", config=config)


# --- the frequency cap -------------------------------------------------------------------

CAP_ORDERS = [
    {**PAID_ONLY, "order_id": "10", "paid_at": "2026-11-12 09:00",
     "created_at": "2026-11-12 08:59"},                                          # confirmation
    {**LIFE, "order_id": "11", "delivered_at": "2026-11-12 10:00"},             # delivery day
    {**LIFE, "order_id": "12"},                                                 # review 11-12
]


def test_cap_defers_lower_priority_messages_to_a_later_day():
    lines = orders(*CAP_ORDERS)
    s = settings("messages: {max_per_buyer_per_day: 2}")
    result = compute(lines, settings=s, as_of=day("2026-11-12"))
    assert [m.stage for m in result.due] == ["order_confirmation", "delivery_day"]
    assert [m.stage for m in result.deferred] == ["review_request"]
    # Next day, the two were sent (ledger, sent on the 12th): the request comes through.
    sent = pd.DataFrame([{"message_id": m.message_id, "order_id": m.order_id,
                          "stage": m.stage, "buyer": m.buyer,
                          "sent_at": "2026-11-12T09:30:00-08:00"} for m in result.due])
    nxt = compute(lines, settings=s, as_of=day("2026-11-13"), sent_log=sent)
    assert [m.stage for m in nxt.due] == ["review_request"]
    # Not sent: they are still due (window +1) and the request still waits.
    again = compute(lines, settings=s, as_of=day("2026-11-13"))
    assert [m.stage for m in again.due] == ["order_confirmation", "delivery_day"]


def test_cap_deferring_a_message_on_its_last_day_says_it_is_not_sent():
    # Order 12's review request (delivered 10-29, other: 7 days) has 11-05 … 11-12; on
    # 11-12 the cap keeps the two of higher priority, and there is no later day.
    lines = orders(*CAP_ORDERS[:2], {**CAP_ORDERS[2], "delivered_at": "2026-10-29 10:00"})
    s = settings("messages: {max_per_buyer_per_day: 2}")
    result = compute(lines, settings=s, as_of=day("2026-11-12"))
    assert [(m.stage, str(m.last_date)) for m in result.deferred] == \
        [("review_request", "2026-11-12")]
    rows = {r["stage"]: r for r in explain("12", lines, settings=s, as_of=day("2026-11-12"))}
    reason = rows["review_request"]["reason"]
    assert rows["review_request"]["status"] == "deferred"
    assert reason.endswith("its window ends 2026-11-12, so it is not sent")
    assert "waits for a later day" not in reason


def test_cap_counts_messages_already_sent_today():
    lines = orders(*CAP_ORDERS)
    s = settings("messages: {max_per_buyer_per_day: 2}")
    sent = pd.DataFrame([{"message_id": message_id("10", "order_confirmation"),
                          "order_id": "10", "stage": "order_confirmation", "buyer": "ana",
                          "sent_at": "2026-11-12T08:00:00-08:00"}])
    result = compute(lines, settings=s, as_of=day("2026-11-12"), sent_log=sent)
    assert [m.stage for m in result.due] == ["delivery_day"]
    assert [m.stage for m in result.deferred] == ["review_request"]


def test_cap_counts_todays_sends_of_an_order_with_no_buyer():
    # An export row with no Buyer Username: the order is capped on its own. Delivered
    # 11-05, a device that needs a check-in with a 3-day review delay and a 4-day cycle:
    # check-in, review request and replenishment (ceil(0.7 x 4) = 3) all due on 11-08.
    line = {**LIFE, "buyer": None}
    cat = catalog(A={"category": "device", "checkin": True, "review_delay_days": 3,
                     "usage_cycle_days": 4})
    s = settings("messages: {max_per_buyer_per_day: 2}")
    first = compute(orders(line), settings=s, as_of=day("2026-11-08"), catalog=cat)
    assert [m.stage for m in first.due] == ["support_checkin", "review_request"]
    assert [m.stage for m in first.deferred] == ["replenishment"]
    # The two are sent (recorded with no buyer) and cx runs again the same day: the
    # replenishment still waits, as it would for a named buyer.
    sent = pd.DataFrame([{"message_id": m.message_id, "order_id": m.order_id,
                          "stage": m.stage, "buyer": None,
                          "sent_at": "2026-11-08T09:30:00-08:00"} for m in first.due])
    again = compute(orders(line), settings=s, as_of=day("2026-11-08"), catalog=cat,
                    sent_log=sent)
    assert again.due == [] and [m.stage for m in again.deferred] == ["replenishment"]
    # The next day it goes.
    nxt = compute(orders(line), settings=s, as_of=day("2026-11-09"), catalog=cat,
                  sent_log=sent)
    assert [m.stage for m in nxt.due] == ["replenishment"]

def test_cap_is_per_buyer_and_zero_means_none():
    lines = orders(*[{**o, "buyer": f"b{i}"} for i, o in enumerate(CAP_ORDERS)])
    s = settings("messages: {max_per_buyer_per_day: 1}")
    assert len(compute(lines, settings=s, as_of=day("2026-11-12")).due) == 3
    same = orders(*CAP_ORDERS)
    assert len(compute(same, settings=settings(NO_CAP), as_of=day("2026-11-12")).due) == 3


# --- config: stages on/off, custom stages, categories -----------------------------------


def test_stage_switched_off_and_moved_by_config():
    off = "messages: {max_per_buyer_per_day: 0, stages: {delivery_day: {enabled: false}}}"
    assert "delivery_day" not in stages_due(orders(LIFE), "2026-11-05", config=off)
    moved = ("messages: {max_per_buyer_per_day: 0, stages: {review_request: "
             "{offset_days: 2, window_days: 1}}}")
    assert "review_request" in stages_due(orders(LIFE), "2026-11-07", config=moved)
    assert "review_request" not in stages_due(orders(LIFE), "2026-11-09", config=moved)


def test_custom_stage_from_config():
    config = """
messages:
  max_per_buyer_per_day: 0
  stages:
    how_to_video: {anchor: shipped_at, offset_days: 1, window_days: 0, categories: [device]}
"""
    cat = catalog(A={"category": "device"})
    lines = orders(LIFE)
    assert "how_to_video" in stages_due(lines, "2026-11-04", config=config, catalog=cat)
    assert "how_to_video" not in stages_due(lines, "2026-11-05", config=config, catalog=cat)
    assert "how_to_video" not in stages_due(lines, "2026-11-04", config=config)  # not device
    cancelled = orders({**LIFE, **CANCELLED})
    assert "how_to_video" not in stages_due(cancelled, "2026-11-04", config=config,
                                            catalog=cat)
    stages = resolve_stages(settings(config))
    assert stages[-1].name == "how_to_video"
    assert stages[-1].priority > max(s.priority for s in stages[:-1])


@pytest.mark.parametrize(("config", "message"), [
    ("messages: {stages: {welcome: {offset_days: 1}}}", "needs an anchor"),
    ("messages: {stages: {delivery_day: {anchor: paid_at}}}", "cannot be changed"),
    ("messages: {stages: {welcome: {anchor: paid_at, categories: [toys]}}}", "unknown category"),
    ("messages: {stages: {welcome: {anchor: paid_at, filters: {mood: 1}}}}", "unknown filter"),
])
def test_bad_stage_config_is_an_error(config, message):
    with pytest.raises(ConfigError, match=message):
        resolve_stages(settings(config))


def test_stage_filters_skus():
    config = ("messages: {max_per_buyer_per_day: 0, stages: {delivery_day: "
              "{filters: {exclude_skus: [A]}}}}")
    assert "delivery_day" not in stages_due(orders(LIFE), "2026-11-05", config=config)


# --- explain and message ids ---------------------------------------------------------------


def test_explain_says_why_for_every_stage():
    lines = orders(*CAP_ORDERS)
    s = settings("messages: {max_per_buyer_per_day: 2}")
    cat = catalog(A={"usage_cycle_days": 30})
    rows = {r["stage"]: r for r in explain("12", lines, settings=s, as_of=day("2026-11-12"),
                                           catalog=cat)}
    assert rows["review_request"]["status"] == "deferred"
    assert "max_per_buyer_per_day" in rows["review_request"]["reason"]
    assert rows["label_created"]["status"] == "not_due"
    assert "already shipped" in rows["label_created"]["reason"]
    assert rows["review_reminder"]["status"] == "disabled"
    assert rows["order_confirmation"]["reason"] == "window ended 2026-11-02"
    assert rows["replenishment"]["sku"] == "A"
    assert str(rows["replenishment"]["due_date"]) == "2026-11-26"
    sent = explain("10", lines, settings=s, as_of=day("2026-11-12"),
                   ledger_keys={message_id("10", "order_confirmation")})
    assert {r["stage"]: r["status"] for r in sent}["order_confirmation"] == "sent"


def test_message_id_is_stable_and_keyed():
    assert message_id("1", "review_request") == message_id("1", "review_request", None)
    assert message_id("1", "replenishment", "A") != message_id("1", "replenishment", "B")
    assert len(message_id("1", "x")) == 16
    msgs = due_messages(orders(LIFE), settings=settings(NO_CAP), as_of=day("2026-11-05"))
    assert msgs[0].message_id == message_id("1", "delivery_day")


def test_message_ids_in_bulk_are_each_messages_own():
    from cx_cli.io.ledger import message_ids

    keys = [("1", "review_request", None), ("1", "review_request", ""),
            ("576400103679796819", "replenishment", "SKU-A"), ("ทดสอบ", "in_transit", "é")]
    assert message_ids(*zip(*keys, strict=True)) == [message_id(*k) for k in keys]
    # The ids the ledger has (and buyers were sent) never change: sha256 of "order|stage|sku".
    assert message_ids(["1"], ["review_request"], [None]) == ["da854566caef27a1"]


def test_empty_orders_give_nothing():
    assert due_messages(orders(LIFE).iloc[:0], settings=settings(), as_of=day("2026-11-05")) \
        == []


@pytest.mark.parametrize("dtype", ["object", "string"])
def test_a_line_with_an_empty_or_missing_buyer_name_has_no_buyer(dtype):
    from cx_cli.engines.timeline_snapshot import _sku_and_buyer_codes

    lines = pd.DataFrame({"sku": ["A", "B", "A", "C"],
                          "buyer": pd.Series(["ann", "", None, "ann"], dtype=dtype)})
    (sku_codes, skus), (buyer_codes, buyers) = _sku_and_buyer_codes(lines)
    assert buyer_codes.tolist() == [0, -1, -1, 0] and buyers[0] == "ann"
    assert skus[sku_codes].tolist() == ["A", "B", "A", "C"]
