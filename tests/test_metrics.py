"""The weekly metrics of SPEC §8 on tiny hand-computed frames.

Unless a test says otherwise the week is 2026-W47: Monday 2026-11-16 00:00 to Monday
2026-11-23 00:00, shop time America/Los_Angeles. US holidays near it: Veterans Day
(Wed 11-11) and Thanksgiving (Thu 11-26).
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from _metric_frames import frame
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_cli.config import Settings, SupportHours
from cx_cli.engines import metrics as m
from cx_cli.engines.metrics_orders import dispatch_deadlines, order_table, weekly_repeat_rates
from cx_cli.engines.metrics_refunds import refund_cohort, refunds_by
from cx_cli.engines.metrics_support import business_seconds_until
from cx_cli.engines.weeks import (
    holiday_dates,
    last_complete_week,
    local_seconds,
    parse_week,
    week_of,
)
from cx_cli.errors import CxError

W47 = parse_week("2026-W47")
AS_OF = date(2026, 11, 25)


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval, written out independently of the engine."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


# --- weeks --------------------------------------------------------------------------------


def test_week_names_and_bounds():
    assert W47.start == date(2026, 11, 16) and W47.end == date(2026, 11, 23)
    assert W47.name == "2026-W47" and str(W47.shift(-1)) == "2026-W46"
    assert parse_week("2026w01").start == date(2025, 12, 29)  # ISO week 1 starts in 2025
    assert week_of(date(2026, 11, 22)) == W47


@pytest.mark.parametrize("today, expected", [
    (date(2026, 11, 25), "2026-W47"),  # Wednesday after W47
    (date(2026, 11, 23), "2026-W47"),  # Monday: W47 ended at midnight
    (date(2026, 11, 22), "2026-W46"),  # Sunday: W47 is not complete yet
])
def test_default_week_is_last_complete_one(today, expected):
    assert last_complete_week(today).name == expected


@pytest.mark.parametrize("text", ["2026-47", "W47", "2026-W54", "2026-W00", ""])
def test_bad_week_names(text):
    with pytest.raises(CxError):
        parse_week(text)


# --- refund rate --------------------------------------------------------------------------


def _line(oid, sku, paid, **kw):
    return {"order_id": oid, "sku": sku, "paid_at": paid, "created_at": paid,
            "buyer": kw.pop("buyer", f"b{oid}"), **kw}


def refund_orders() -> pd.DataFrame:
    """W47's cohort is paid 2026-11-02 00:00 .. 2026-11-09 00:00 (lag 14 days).

    BIG: 20 lines, 12 refunded; SMALL: 2 lines, 2 refunded; OK: 28 lines, 1 refunded.
    Shop: 50 lines, 15 refunded = 30%. Outside: the edges and a cancelled line.
    """
    rows = []
    kinds = ["return_refund"] * 5 + ["refund_only"] * 5 + ["qty"] * 2 + ["none"] * 8
    for i, kind in enumerate(kinds):
        extra = ({"returned_quantity": 1} if kind == "qty"
                 else {"return_type": kind} if kind != "none" else {})
        rows.append(_line(f"B{i}", "BIG", f"2026-11-0{2 + i % 7} 12:00:00", **extra))
    rows += [_line("S1", "SMALL", "2026-11-03 08:00:00", return_type="refund_only"),
             _line("S2", "SMALL", "2026-11-04 08:00:00", return_type="return_refund")]
    rows.append(_line("K0", "OK", "2026-11-02 00:00:00", return_type="refund_only"))  # first s
    rows.append(_line("K1", "OK", "2026-11-08 23:59:59"))  # last second
    rows += [_line(f"K{i}", "OK", "2026-11-05 10:00:00") for i in range(2, 28)]
    rows += [
        _line("X1", "OK", "2026-11-01 23:59:59", return_type="refund_only"),  # before
        _line("X2", "OK", "2026-11-09 00:00:00", return_type="refund_only"),  # after
        _line("X3", "BIG", "2026-11-05 10:00:00", return_type="cancel", status="cancelled"),
        _line("X4", "BIG", None, status="unpaid"),  # never paid
    ]
    return frame("orders", rows)


def test_refund_cohort_by_sku():
    table = refund_cohort(refund_orders(), None, W47, lag_days=14, min_lines=20)
    assert (table.paid_from, table.paid_to) == (date(2026, 11, 2), date(2026, 11, 8))
    assert (table.lines, table.refunded) == (50, 15)
    assert table.rate == pytest.approx(0.3)
    by_sku = {r["sku"]: r for r in table.rows}
    big = by_sku["BIG"]
    assert (big["lines"], big["refunded"], big["rate"]) == (20, 12, 0.6)
    low, high = wilson(12, 20)
    assert big["ci_low"] == pytest.approx(low) and big["ci_high"] == pytest.approx(high)
    assert big["ci_low"] == pytest.approx(0.3866, abs=1e-4)  # > 0.30: flagged
    assert big["flagged"] is True
    # Two lines, both refunded: the highest rate, but far too few lines to flag.
    small = by_sku["SMALL"]
    assert (small["lines"], small["rate"], small["flagged"]) == (2, 1.0, False)
    assert small["ci_high"] == 1.0  # clamped
    assert by_sku["OK"]["lines"] == 28 and by_sku["OK"]["refunded"] == 1
    # flagged first, then by rate
    assert [r["sku"] for r in table.rows] == ["BIG", "SMALL", "OK"]
    assert m.refund_rate(refund_orders(), None, W47) == pytest.approx(0.3)


def test_refund_lag_moves_the_cohort():
    orders = refund_orders()
    # With no lag, W47's cohort is the lines paid in W47: none.
    assert m.refund_rate(orders, None, W47, lag_days=0) is None
    # W46's cohort (lag 7) is paid 11-02..11-08 too.
    assert m.refund_rate(orders, None, W47.shift(-1), lag_days=7) == pytest.approx(0.3)


def test_returns_export_decides_refunds():
    orders = frame("orders", [
        _line("1", "A", "2026-11-03 10:00:00"),
        _line("2", "A", "2026-11-03 11:00:00", return_type="return_refund"),
        _line("3", "A", "2026-11-03 12:00:00"),
        _line("4", "B", "2026-11-03 12:00:00"),
    ])
    returns = frame("returns", [
        {"return_id": "r1", "order_id": "1", "sku": "A", "return_status": "refunded",
         "return_type": "Return and refund"},
        {"return_id": "r2", "order_id": "3", "sku": "A", "return_status": "rejected",
         "return_type": "Refund only"},
        {"return_id": "r3", "order_id": "4", "sku": "B", "return_status": "completed",
         "return_type": "Replacement"},
    ])
    table = refund_cohort(orders, returns, W47)
    # Only order 1: the export's own flag on order 2 is overruled, 3 was rejected,
    # 4 was a replacement.
    assert (table.lines, table.refunded) == (4, 1)


def test_refunds_by_variation_and_category_over_a_window():
    orders = frame("orders", [
        _line("1", "A", "2026-10-01 10:00:00", variation="Red", product_category="Tops",
              return_type="refund_only"),
        _line("2", "B", "2026-10-02 10:00:00", variation="Red", product_category="Mugs"),
        _line("3", "C", "2026-10-28 23:59:59", variation=None, product_category="Mugs",
              return_type="return_refund"),
        _line("4", "C", "2026-10-29 00:00:00", variation="Blue", return_type="refund_only"),
    ])
    table = refunds_by(orders, None, date(2026, 10, 1), date(2026, 10, 28), by="variation")
    assert (table.lines, table.refunded) == (3, 2)
    rows = {r["variation"]: (r["lines"], r["refunded"]) for r in table.rows}
    assert rows == {"Red": (2, 1), None: (1, 1)}
    cats = refunds_by(orders, None, date(2026, 10, 1), date(2026, 10, 28),
                      by="product_category")
    assert {r["product_category"]: r["refunded"] for r in cats.rows} == {"Tops": 1, "Mugs": 1}


# --- first response time ------------------------------------------------------------------


def frt_tickets() -> pd.DataFrame:
    return frame("tickets", [
        {"ticket_id": "t1", "created_at": "2026-11-16 09:00:00",
         "first_response_at": "2026-11-16 10:30:00"},           # 1.5 h
        {"ticket_id": "t2", "created_at": "2026-11-17 22:00:00",
         "first_response_at": "2026-11-18 08:00:00"},           # 10 h
        {"ticket_id": "t3", "created_at": "2026-11-18 12:00:00",
         "first_response_at": "2026-11-19 13:00:00"},           # 25 h
        {"ticket_id": "t4", "created_at": "2026-11-19 08:00:00"},  # unanswered
        {"ticket_id": "t5", "created_at": "2026-11-22 23:30:00",
         "first_response_at": "2026-11-23 02:00:00"},           # 2.5 h, last minutes of W
        {"ticket_id": "t6", "created_at": "2026-11-23 00:00:00",
         "first_response_at": "2026-11-23 00:10:00"},           # next week
        {"ticket_id": "t7", "created_at": "2026-11-15 23:59:59"},  # previous week
    ])


def test_first_response_time_median_p90_unanswered():
    out = m.first_response_time(frt_tickets(), W47)
    # answered: 1.5, 2.5, 10, 25 -> median (2.5 + 10) / 2; p90 at rank 2.7: 10 + 0.7 * 15
    assert out["frt_median_hours"] == pytest.approx(6.25)
    assert out["frt_p90_hours"] == pytest.approx(20.5)
    assert out["unanswered_tickets"] == 1
    assert out["tickets"] == 5
    assert out["answered_within_12h_share"] == pytest.approx(3 / 5)  # of ALL tickets in W
    assert out["frt_median_business_hours"] is None  # no support_hours


def test_first_response_time_is_real_hours_across_dst():
    # US DST ended Sunday 2026-11-01 02:00 -> 01:00 (week 2026-W44).
    tickets = frame("tickets", [
        {"ticket_id": "a", "created_at": "2026-10-31 23:00:00",
         "first_response_at": "2026-11-01 23:00:00"},  # 24 h on the wall, 25 h waited
        {"ticket_id": "b", "created_at": "2026-11-01 00:30:00",
         "first_response_at": "2026-11-01 03:30:00"},  # 3 h on the wall, 4 h waited
    ])
    out = m.first_response_time(tickets, parse_week("2026-W44"))
    assert out["frt_median_hours"] == pytest.approx(14.5)
    assert out["frt_p90_hours"] == pytest.approx(4 + 0.9 * 21)
    spring = frame("tickets", [{"ticket_id": "c", "created_at": "2026-03-07 22:00:00",
                                "first_response_at": "2026-03-08 04:00:00"}])
    # 2026-03-08 02:00 -> 03:00: six wall-clock hours are five real ones.
    assert m.first_response_time(spring, parse_week("2026-W10"))["frt_median_hours"] == 5


def test_empty_week():
    tickets = frt_tickets()
    reviews = frame("reviews", [{"review_id": "r", "rating": 5, "created_at":
                                 "2026-11-18 10:00:00"}])
    week = parse_week("2026-W30")
    out = m.first_response_time(tickets, week)
    assert out["frt_median_hours"] is None and out["frt_p90_hours"] is None
    assert out["unanswered_tickets"] == 0 and out["answered_within_12h_share"] is None
    stats = m.review_stats(reviews, week)
    assert stats["reviews"] == 0 and stats["avg_rating"] is None
    assert stats["detailed_share"] is None and stats["media_share"] is None


def test_ties_at_the_median_and_p90_and_the_12_hour_boundary():
    """Answered in W47: 2, 2, 2, 12, 12 h and 12 h 36 s (0.01 h over); one unanswered.

    Sorted [2, 2, 2, 12, 12, 12.01]: median at rank 2.5 = (2 + 12) / 2 = 7; p90 at rank
    4.5 = 12 + 0.5 * 0.01 = 12.005 (numpy's linear). Within 12 h (12 h itself included)
    5 of the 7 tickets created in W47.
    """
    rows = [("a", "2026-11-16 08:00:00"), ("b", "2026-11-16 09:00:00"),
            ("c", "2026-11-17 08:00:00")]
    tickets = [{"ticket_id": t, "created_at": c,
                "first_response_at": str(pd.Timestamp(c) + pd.Timedelta(hours=2))}
               for t, c in rows]
    tickets += [
        {"ticket_id": "d", "created_at": "2026-11-18 08:00:00",
         "first_response_at": "2026-11-18 20:00:00"},
        {"ticket_id": "e", "created_at": "2026-11-19 20:00:00",
         "first_response_at": "2026-11-20 08:00:00"},
        {"ticket_id": "f", "created_at": "2026-11-20 08:00:00",
         "first_response_at": "2026-11-20 20:00:36"},
        {"ticket_id": "g", "created_at": "2026-11-21 08:00:00"},
    ]
    out = m.first_response_time(frame("tickets", tickets), W47)
    assert out["frt_median_hours"] == pytest.approx(7.0)
    assert out["frt_p90_hours"] == pytest.approx(12.005)
    assert out["unanswered_tickets"] == 1
    assert out["answered_within_12h_share"] == pytest.approx(5 / 7)


def test_an_empty_week_leaves_every_rate_null_not_zero():
    """Every export has rows, none of them in W47 (they are in W46): the counts are 0,
    every rate and mean is null (— in the table), as nothing was measured."""
    orders = frame("orders", [_line("o1", "A", "2026-11-09 10:00:00",
                                    shipped_at="2026-11-10 10:00:00",
                                    delivered_at="2026-11-12 10:00:00")])
    tickets = frame("tickets", [{"ticket_id": "t", "created_at": "2026-11-10 10:00:00",
                                 "first_response_at": "2026-11-10 11:00:00",
                                 "subcategory": "missing_parts"}])
    reviews = frame("reviews", [{"review_id": "r", "rating": 1, "review_text": "bad",
                                 "created_at": "2026-11-12 10:00:00"}])
    comments = frame("comments", [{"comment_id": "c", "text": "scam",
                                   "created_at": "2026-11-12 10:00:00"}])
    labels = pd.DataFrame({"comment_id": ["c"], "negative": [True]})
    inputs = m.MetricInputs(orders=orders, tickets=tickets, reviews=reviews,
                            comments=comments, comment_labels=labels)
    week = m.weekly_metrics(inputs, Settings(), [parse_week("2026-W46"), W47], AS_OF)
    before, empty = week.week(0), week.week(1)
    assert before["missing_parts_per_1000_shipped"] == 1000.0
    assert before["negative_review_rate"] == 1.0 and before["negative_comment_rate"] == 1.0
    assert (empty["unanswered_tickets"], empty["missing_parts_tickets"], empty["reviews"]) \
        == (0, 0, 0)
    for name in ("frt_median_hours", "frt_p90_hours", "answered_within_12h_share",
                 "missing_parts_per_1000_shipped", "avg_rating", "review_words_mean",
                 "detailed_share", "media_share", "negative_comment_rate",
                 "negative_review_rate"):
        assert empty[name] is None, name


# --- business hours -----------------------------------------------------------------------


def _biz(created: str, responded: str, hours: SupportHours, holidays=None) -> float:
    c, _ = local_seconds(frame("tickets", [{"ticket_id": "x", "created_at": created}])
                         ["created_at"])
    r, _ = local_seconds(frame("tickets", [{"ticket_id": "x", "created_at": responded}])
                         ["created_at"])
    hol = np.array([], dtype="datetime64[D]") if holidays is None else holidays
    return float((business_seconds_until(r, hours, hol) -
                  business_seconds_until(c, hours, hol))[0] / 3600)


OFFICE = SupportHours(start="09:00", end="17:00", days=["mon", "tue", "wed", "thu", "fri"])
US = holiday_dates("US", 2026, 2026)


@pytest.mark.parametrize("created, responded, expected", [
    ("2026-11-20 18:30:00", "2026-11-23 10:15:00", 1.25),  # Friday evening -> Monday
    ("2026-11-20 16:00:00", "2026-11-23 09:30:00", 1.5),   # 1 h Friday + 0.5 h Monday
    ("2026-11-17 10:00:00", "2026-11-17 12:30:00", 2.5),   # same day
    ("2026-11-17 07:00:00", "2026-11-17 08:00:00", 0.0),   # before opening
    ("2026-11-16 23:59:00", "2026-11-17 00:01:00", 0.0),   # around midnight
    ("2026-11-16 09:00:00", "2026-11-20 17:00:00", 40.0),  # a whole week
    ("2026-11-25 16:00:00", "2026-11-27 10:00:00", 2.0),   # Thanksgiving is closed
])
def test_business_hours(created, responded, expected):
    assert _biz(created, responded, OFFICE, US) == pytest.approx(expected)


def test_business_hours_without_holidays_and_night_shift():
    assert _biz("2026-11-25 16:00:00", "2026-11-27 10:00:00", OFFICE) == pytest.approx(10)
    night = SupportHours(start="22:00", end="06:00", days=["mon", "tue", "wed", "thu", "fri"])
    assert _biz("2026-11-16 23:00:00", "2026-11-17 05:00:00", night) == pytest.approx(6)
    # Monday 05:00 is Sunday's shift (closed); Monday's opens at 22:00.
    assert _biz("2026-11-16 05:00:00", "2026-11-16 23:00:00", night) == pytest.approx(1)


def test_business_hours_figure_beside_calendar_one():
    settings = Settings.model_validate({"shop": {
        "support_hours": {"start": "09:00", "end": "17:00"}, "holidays": "US"}})
    tickets = frame("tickets", [
        {"ticket_id": "fri", "created_at": "2026-11-20 18:30:00",
         "first_response_at": "2026-11-23 10:15:00"},  # 63.75 h, 1.25 business h
        {"ticket_id": "tue", "created_at": "2026-11-17 10:00:00",
         "first_response_at": "2026-11-17 12:30:00"},  # 2.5 h both ways
        {"ticket_id": "open", "created_at": "2026-11-18 10:00:00"},
    ])
    out = m.first_response_time(tickets, W47, settings)
    assert out["frt_median_hours"] == pytest.approx((63.75 + 2.5) / 2)
    assert out["frt_median_business_hours"] == pytest.approx((1.25 + 2.5) / 2)
    assert out["frt_p90_business_hours"] == pytest.approx(1.25 + 0.9 * 1.25)
    assert out["unanswered_tickets"] == 1


# --- missing parts ------------------------------------------------------------------------


def test_missing_parts_tagged_else_triaged_per_1000_shipped():
    tickets = frame("tickets", [
        {"ticket_id": "1", "created_at": "2026-11-16 10:00:00", "subcategory": "missing_parts"},
        {"ticket_id": "2", "created_at": "2026-11-20 10:00:00", "subcategory": "Missing Parts"},
        {"ticket_id": "2b", "created_at": "2026-11-20 11:00:00", "subcategory": "general"},
        {"ticket_id": "3", "created_at": "2026-11-21 10:00:00"},  # untagged: triage says so
        {"ticket_id": "4", "created_at": "2026-11-21 11:00:00", "subcategory": "damaged"},
        {"ticket_id": "5", "created_at": "2026-11-13 10:00:00", "subcategory": "missing_parts"},
    ])
    # "general" is no tag of ours: the classifier decides for 2b as for the untagged 3.
    labels = pd.DataFrame({"ticket_id": ["2b", "3", "4"], "subcategory": ["missing_parts"] * 3})
    orders = frame("orders", [
        _line("o1", "A", "2026-11-12 10:00:00", shipped_at="2026-11-16 08:00:00"),
        _line("o1", "B", "2026-11-12 10:00:00", shipped_at="2026-11-16 08:00:00"),
        _line("o2", "A", "2026-11-13 10:00:00", shipped_at="2026-11-18 08:00:00"),
        _line("o3", "A", "2026-11-14 10:00:00", shipped_at="2026-11-22 23:59:59"),
        _line("o4", "A", "2026-11-15 10:00:00", shipped_at="2026-11-20 08:00:00"),
        _line("o5", "A", "2026-11-10 10:00:00", shipped_at="2026-11-13 08:00:00"),
    ])
    out = m.missing_parts(tickets, orders, W47, labels)
    assert out["missing_parts_tickets"] == 4  # 1, 2, 2b, 3; the tag wins on ticket 4
    assert out["missing_parts_per_1000_shipped"] == pytest.approx(4 / 4 * 1000)
    untriaged = m.missing_parts(tickets, orders, W47)
    assert untriaged["missing_parts_tickets"] == 2
    assert m.missing_parts(tickets, None, W47)["missing_parts_per_1000_shipped"] is None


# --- reviews and comments -----------------------------------------------------------------


def test_review_count_rating_depth_media():
    reviews = frame("reviews", [
        {"review_id": "1", "rating": 5, "review_text": "Great", "has_media": True,
         "created_at": "2026-11-16 00:00:00"},
        {"review_id": "2", "rating": 4, "review_text": "  fits   well\tand warm  ",
         "created_at": "2026-11-17 10:00:00"},
        {"review_id": "3", "rating": 1, "review_text": None,
         "created_at": "2026-11-18 10:00:00"},
        {"review_id": "4", "rating": 2, "has_media": True, "created_at": "2026-11-22 23:59:59",
         "review_text": "one two three four five six seven eight nine ten eleven"},
        {"review_id": "5", "rating": 1, "review_text": "old", "created_at":
         "2026-11-15 12:00:00"},
    ])
    out = m.review_stats(reviews, W47)
    assert out == {"reviews": 4, "avg_rating": 3.0, "review_words_mean": 4.0,
                   "detailed_share": 0.25, "media_share": 0.5}
    assert m.review_stats(reviews, W47, detailed_words=4)["detailed_share"] == 0.5


def test_negative_comment_rate():
    comments = frame("comments", [
        {"comment_id": c, "text": "x", "created_at": t} for c, t in [
            ("c1", "2026-11-16 10:00:00"), ("c2", "2026-11-17 10:00:00"),
            ("c3", "2026-11-18 10:00:00"), ("c4", "2026-11-22 10:00:00"),
            ("c5", "2026-11-12 10:00:00")]])
    labels = pd.DataFrame({"comment_id": ["c1", "c2", "c3", "c4", "c5"],
                           "negative": [True, False, True, False, True]})
    assert m.negative_comment_rate(comments, W47, labels) == 0.5
    assert m.negative_comment_rate(comments, W47, None) is None  # not classified: unknown


# --- repeat purchase ----------------------------------------------------------------------


def repeat_orders() -> pd.DataFrame:
    """W47's 30-day cohort: first qualifying order paid in [10-17, 10-24)."""
    o = []

    def order(oid, buyer, paid, **kw):
        o.append(_line(oid, "A", paid, buyer=buyer, **kw))

    order("a1", "A", "2026-10-17 10:00:00")  # first in the data, first of the cohort
    order("a2", "A", "2026-11-16 10:00:00")  # exactly 30 days later: repeats
    order("b1", "B", "2026-10-18 10:00:00")
    order("b2", "B", "2026-11-17 10:00:01")  # 30 days + 1 s: not within 30
    order("c1", "C", "2026-10-20 12:00:00")
    order("c2", "C", "2026-10-20 12:00:00")  # same paid time: not a repeat
    order("d1", "D", "2026-10-23 23:59:59")  # last second of the cohort
    order("d2", "D", "2026-10-25 09:00:00")
    order("e1", "E", "2026-10-24 00:00:00")  # next week's cohort
    order("e2", "E", "2026-10-25 00:00:00")
    order("f1", "F", "2026-10-16 23:59:59")  # previous week's cohort
    order("f2", "F", "2026-10-20 00:00:00")
    order("g0", "G", "2026-10-10 10:00:00", return_type="cancel", status="cancelled")
    order("g1", "G", "2026-10-19 10:00:00")  # first *qualifying* order
    order("h0", "H", None, status="unpaid")
    order("h1", "H", "2026-10-21 10:00:00")
    order("h2", "H", "2026-10-22 10:00:00")
    order("n1", "", "2026-10-18 10:00:00")   # empty buyer: ignored
    order("n2", "", "2026-10-19 10:00:00")
    order("n3", None, "2026-10-19 10:00:00")
    return frame("orders", o)


def test_repeat_rate_30_edges():
    out = m.repeat_rates(repeat_orders(), W47)
    # cohort A B C D G H; repeaters A (exactly 30 d), D, H
    assert out["repeat_rate_30"] == pytest.approx(3 / 6)
    # 60/90-day cohorts of W47 (first paid in September / August): empty -> null
    assert out["repeat_rate_60"] is None and out["repeat_rate_90"] is None


def test_repeat_cohort_shift():
    table = order_table(repeat_orders())
    # W51 (12-14..12-20): its 60-day cohort is first paid in [10-15, 10-22):
    # A B C F G H; repeaters A, B (30 days + 1 s is within 60), F and H.
    w51 = parse_week("2026-W51")
    out = weekly_repeat_rates(table, [w51, parse_week("2026-W48")])
    assert out["repeat_rate_60"][0] == pytest.approx(4 / 6)
    # W48's 30-day cohort is first paid in [10-24, 10-31): E, repeating on 10-25.
    assert out["repeat_rate_30"][1] == 1.0


def test_buyer_numbers_tell_buyers_apart_and_leave_out_unnamed_ones():
    import pyarrow as pa

    from cx_cli.engines.metrics_orders import buyer_numbers

    chunked = pa.chunked_array([["amy", "", None], ["bo", "amy"]])
    assert buyer_numbers(chunked).tolist() == [0, -1, -1, 1, 0]


# --- platform health ----------------------------------------------------------------------


def test_dispatch_deadline_business_days():
    days = np.array(["2026-11-21", "2026-11-22", "2026-11-17", "2026-11-25"],
                    dtype="datetime64[D]")
    # Saturday and Sunday -> Tuesday, Tuesday -> Thursday; Wednesday before Thanksgiving
    # -> Monday (Thursday is a holiday), Friday without it.
    assert dispatch_deadlines(days, 2, US).astype(str).tolist() == [
        "2026-11-24", "2026-11-24", "2026-11-19", "2026-11-30"]
    assert str(dispatch_deadlines(days[3:], 2, np.array([], "datetime64[D]"))[0]) == \
        "2026-11-27"


def health_orders() -> pd.DataFrame:
    return frame("orders", [
        _line("o1", "A", "2026-11-21 10:00:00", shipped_at="2026-11-24 18:00:00"),  # Sat, ok
        _line("o2", "A", "2026-11-22 10:00:00", shipped_at="2026-11-25 08:00:00"),  # Sun, late
        _line("o3", "A", "2026-11-17 10:00:00", shipped_at="2026-11-19 23:59:00"),  # Tue, ok
        _line("o4", "A", "2026-11-17 11:00:00", shipped_at="2026-11-20 00:00:01"),  # late
        _line("o5", "A", "2026-11-20 10:00:00"),  # due Tue 11-24, no scan by 11-25: late
        _line("o6", "A", "2026-11-16 10:00:00", shipped_at="2026-11-17 10:00:00",
              delivered_at="2026-11-19 10:00:00"),
        _line("o6", "B", "2026-11-16 10:00:00", shipped_at="2026-11-19 10:00:00",
              delivered_at="2026-11-21 10:00:00"),  # first scan 11-17: ok
        _line("o7", "A", "2026-11-16 09:00:00", status="cancelled", return_type="cancel",
              cancel_by="Seller"),
        _line("o8", "A", "2026-11-16 09:30:00", status="cancelled", return_type="cancel",
              cancel_by="User"),
        _line("o9", "A", "2026-11-15 09:30:00", status="cancelled", return_type="cancel",
              cancel_by="Seller"),  # paid the week before
        _line("o10", "A", "2026-11-10 09:00:00", shipped_at="2026-11-11 09:00:00",
              delivered_at="2026-11-18 09:00:00"),
    ])


def test_platform_health():
    reviews = frame("reviews", [
        {"review_id": "1", "rating": 1, "created_at": "2026-11-18 10:00:00"},
        {"review_id": "2", "rating": 2, "created_at": "2026-11-19 10:00:00"},
        {"review_id": "3", "rating": 3, "created_at": "2026-11-19 10:00:00"},
        {"review_id": "4", "rating": 1, "created_at": "2026-11-12 10:00:00"},
    ])
    inputs = m.MetricInputs(orders=health_orders(), tickets=frt_tickets(), reviews=reviews)
    out = m.platform_health(inputs, Settings(), W47, AS_OF)
    # not cancelled, paid in W: o1..o6 -> late o2, o4, o5
    assert out["late_dispatch_rate"] == pytest.approx(3 / 6)
    # paid in W: o1..o8 = 8 orders; seller-cancelled o7
    assert out["seller_fault_cancellation_rate"] == pytest.approx(1 / 8)
    # 1-2 star reviews in W: 2; orders delivered in W: o6 (first delivery 11-19) and o10
    assert out["negative_review_rate"] == pytest.approx(2 / 2)
    assert out["answered_within_12h_share"] == pytest.approx(3 / 5)


def test_unscanned_order_is_late_only_after_its_deadline():
    orders = frame("orders", [_line("o", "A", "2026-11-20 10:00:00")])  # due Tue 11-24
    settings = Settings()
    on_day = m.platform_health(m.MetricInputs(orders=orders), settings, W47, date(2026, 11, 24))
    after = m.platform_health(m.MetricInputs(orders=orders), settings, W47, date(2026, 11, 25))
    assert on_day["late_dispatch_rate"] == 0.0 and after["late_dispatch_rate"] == 1.0


def test_missing_inputs_are_null():
    values = m.metrics_for_week(m.MetricInputs(orders=health_orders()), Settings(), W47, AS_OF)
    for name in ("frt_median_hours", "unanswered_tickets", "missing_parts_tickets",
                 "missing_parts_per_1000_shipped", "reviews", "avg_rating",
                 "negative_comment_rate", "negative_review_rate", "answered_within_12h_share"):
        assert values[name] is None, name
    assert values["late_dispatch_rate"] is not None
    empty = m.metrics_for_week(m.MetricInputs(), Settings(), W47, AS_OF)
    assert all(empty[name] is None for name in m.METRIC_NAMES + m.HEALTH_NAMES)


def test_registry_declares_every_metric_once():
    names = [x.name for x in m.METRICS + m.HEALTH]
    assert len(names) == len(set(names))
    assert all(x.fix and x.label and x.direction in ("up", "down") for x in m.METRICS + m.HEALTH)
    assert {x.name for x in m.HEALTH} == {"late_dispatch_rate", "seller_fault_cancellation_rate",
                                          "negative_review_rate", "answered_within_12h_share"}
    assert m.REGISTRY["refund_rate"].arrow == "↓" and m.REGISTRY["repeat_rate_30"].arrow == "↑"
    assert m.REGISTRY["late_dispatch_rate"].threshold.met(0.04) is True
    assert m.REGISTRY["negative_review_rate"].threshold.met(0.005) is False
    assert m.REGISTRY["answered_within_12h_share"].threshold.met(0.85) is False


@pytest.mark.parametrize("dtype", ["string", "str", object, "string[pyarrow]"])
def test_returns_export_matches_order_lines_whatever_the_string_dtype(dtype):
    """(order_id, seller SKU) joins; a rejected return and a replacement are no refunds."""
    from cx_cli.engines.refunds import refunded_by_returns

    orders = pd.DataFrame({"order_id": pd.Series(["1", "1", "2", "3"], dtype=dtype),
                           "sku": pd.Series(["A", "B", "A", None], dtype=dtype)})
    returns = pd.DataFrame({"order_id": ["1", "2", "2", "3"], "sku": ["B", "A", "A", None],
                            "return_status": ["completed", "rejected", "completed", None],
                            "return_type": ["return_refund", "refund_only", "replacement",
                                            "refund_only"]})
    assert refunded_by_returns(orders, returns).tolist() == [False, True, False, True]


def test_a_return_without_a_seller_sku_covers_its_orders_lines():
    # A shop without Seller SKUs: order lines carry the SKU ID, returns carry nothing.
    from cx_cli.engines.refunds import refunded_by_returns

    orders = pd.DataFrame({"order_id": ["1", "1", "2"], "sku": ["1729001", "1729002", "1729001"]},
                          dtype="string")
    returns = pd.DataFrame({"order_id": ["1"], "sku": pd.Series([None], dtype="string"),
                            "return_status": ["completed"], "return_type": ["refund_only"]})
    assert refunded_by_returns(orders, returns).tolist() == [True, True, False]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["1", "2", "3", None]),
                          st.sampled_from(["A", "B", None])), max_size=12),
       st.lists(st.tuples(st.sampled_from(["1", "2", "4", None]), st.sampled_from(["A", None]),
                          st.sampled_from(["completed", "rejected", None]),
                          st.sampled_from(["refund_only", "replacement"])), max_size=6))
def test_a_line_is_refunded_exactly_when_its_order_and_sku_have_a_valid_return(lines, rets):
    """Matching only the lines of orders with a return gives what joining every line's
    (order, SKU) key gives; a missing order joins as empty, and a return without a SKU
    covers every line of its order."""
    from cx_cli.engines.refunds import refunded_by_returns

    orders = pd.DataFrame(lines, columns=["order_id", "sku"], dtype="string")
    returns = pd.DataFrame(rets, columns=["order_id", "sku", "return_status", "return_type"])
    valid = [(o or "", s) for o, s, status, kind in rets
             if status != "rejected" and kind != "replacement"]
    expected = [any((o or "") == ro and (rs is None or rs == (s or "")) for ro, rs in valid)
                for o, s in lines]
    assert refunded_by_returns(orders, returns).tolist() == expected
