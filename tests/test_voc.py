"""Voice of customer: issues per week, trend, owners, the fix check on refunds, questions.

Every expected number is counted by hand from the inline fixtures. The run is as of
Wednesday 2026-11-25, so the 4 summarised weeks are 2026-W44..W47 (Oct 26 – Nov 22)
and the trend compares them with Sep 28 – Oct 25.
"""

from __future__ import annotations

import csv
import itertools
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from _tables import spaced_rows
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.voc import (
    fix_log_by_issue,
    mask_private,
    question_text,
    top_questions,
    trend_direction,
    voc_period,
    voice_of_customer,
)

TZ = "America/Los_Angeles"
AS_OF = date(2026, 11, 25)
WEEKS = ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
ISSUE_KEYS = {"issue", "category", "per_week", "trend", "skus", "owner", "fix_shipped",
              "refund_before", "refund_after", "verdict", "needs_owner"}


def times(values) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values))).dt.tz_localize(TZ).astype(
        f"datetime64[s, {TZ}]")


def text(values) -> pd.Series:
    return pd.Series(list(values), dtype="string")


class Orders:
    """Order lines, one order each, built by (sku, paid time, how many, how many refunded)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.ids = itertools.count(1)

    def add(self, sku: str, when: str, n: int, refunded: int = 0,
            return_type: str = "return_refund", buyer: str | None = None) -> Orders:
        for i in range(n):
            k = next(self.ids)
            self.rows.append({"order_id": f"o{k}", "sku": sku, "paid_at": when,
                              "return_type": return_type if i < refunded else "none",
                              "buyer": buyer or f"b{k}"})
        return self

    def frame(self) -> pd.DataFrame:
        r = self.rows
        return pd.DataFrame({
            "order_id": text(x["order_id"] for x in r), "status": text("completed" for _ in r),
            "return_type": text(x["return_type"] for x in r),
            "sku_id": text(x["sku"] for x in r), "sku": text(x["sku"] for x in r),
            "quantity": [1] * len(r), "returned_quantity": [0] * len(r),
            "created_at": times(x["paid_at"] for x in r),
            "paid_at": times(x["paid_at"] for x in r),
            "buyer": text(x["buyer"] for x in r),
        })


def tickets(rows: list[dict]) -> pd.DataFrame:
    cols = ["ticket_id", "order_id", "category", "subcategory", "root_cause", "sku", "subject",
            "message"]
    frame = pd.DataFrame({c: text(r.get(c) for r in rows) for c in cols})
    frame["created_at"] = times(r["created_at"] for r in rows)
    return frame


def ticket(i: int, when: str, sub: str | None, **more) -> dict:
    return {"ticket_id": f"t{i}", "created_at": when, "subcategory": sub, **more}


def fixes(rows: list[tuple]) -> pd.DataFrame:
    """(issue, sku, owner, shipped_date) rows."""
    return pd.DataFrame({
        "issue": text(r[0] for r in rows), "sku": text(r[1] for r in rows),
        "fix": text(f"fix for {r[0]}" for r in rows), "owner": text(r[2] for r in rows),
        "shipped_date": pd.to_datetime([r[3] for r in rows]).astype("datetime64[s]"),
    })


def by_issue(result) -> dict[str, dict]:
    return {r["issue"]: r for r in result.issues}


# --- the period and the trend ------------------------------------------------------------

def test_period_is_the_last_complete_weeks_before_as_of():
    period = voc_period(AS_OF, 4)
    assert period.names == WEEKS
    assert period.start == date(2026, 10, 26)
    assert period.end == date(2026, 11, 23)
    assert period.previous_start == date(2026, 9, 28)
    # On a Monday the week that just ended is the last one.
    assert voc_period(date(2026, 11, 23), 1).names == ["2026-W47"]


@pytest.mark.parametrize(("current", "previous", "direction"), [
    (2, 0, "up"), (1, 0, "flat"), (10, 8, "up"), (9, 8, "flat"), (5, 4, "flat"),
    (0, 2, "down"), (6, 8, "down"), (7, 8, "flat"), (3, 3, "flat"),
])
def test_trend_needs_a_quarter_and_two_mentions(current, previous, direction):
    assert trend_direction(current, previous) == direction


def test_per_week_counts_trend_and_sources():
    rows = [
        # damaged: W44 1, W46 2, W47 3 -> 6 now; 2 in the weeks before -> up
        ticket(1, "2026-10-26 00:00", "damaged"), ticket(2, "2026-11-09 08:00", "damaged"),
        ticket(3, "2026-11-15 23:59", "damaged"), ticket(4, "2026-11-16 09:00", "damaged"),
        ticket(5, "2026-11-18 09:00", "damaged"), ticket(6, "2026-11-22 23:00", "damaged"),
        ticket(7, "2026-09-28 10:00", "damaged"), ticket(8, "2026-10-20 10:00", "damaged"),
        ticket(9, "2026-11-23 10:00", "damaged"),  # after the period
        ticket(10, "2026-09-01 10:00", "damaged"),  # before the previous weeks
        # wrong_address: 1 now, 4 before -> down
        ticket(11, "2026-11-02 10:00", "wrong_address"),
        *(ticket(12 + i, f"2026-10-0{1 + i} 10:00", "wrong_address") for i in range(4)),
        # sizing_fit: 3 now, 3 before -> flat
        *(ticket(20 + i, f"2026-11-0{2 + i} 10:00", "Sizing Fit") for i in range(3)),
        *(ticket(30 + i, f"2026-10-1{2 + i} 10:00", "sizing_fit") for i in range(3)),
        # untagged and untriaged, and a pre-sale question: no issue
        ticket(40, "2026-11-02 10:00", None), ticket(41, "2026-11-02 10:00", "general"),
    ]
    result = voice_of_customer(as_of=AS_OF, tickets=tickets(rows))
    issues = by_issue(result)
    assert set(issues) == {"damaged", "wrong_address", "sizing_fit"}
    damaged = issues["damaged"]
    assert damaged["per_week"] == {"2026-W44": 1, "2026-W45": 0, "2026-W46": 2, "2026-W47": 3}
    assert damaged["trend"] == {"direction": "up", "current": 6, "previous": 2}
    assert damaged["category"] == "product_issue"
    assert issues["wrong_address"]["trend"] == {"direction": "down", "current": 1,
                                                "previous": 4}
    assert issues["sizing_fit"]["trend"]["direction"] == "flat"
    assert issues["sizing_fit"]["category"] == "usage"
    # most mentioned first
    assert [r["issue"] for r in result.issues] == ["damaged", "sizing_fit", "wrong_address"]
    assert result.sources == {"ticket": 10, "comment": 0, "review": 0}


def test_triaged_comments_and_low_reviews_become_issues():
    t = tickets([ticket(1, "2026-11-03 10:00", None, order_id="o1"),
                 ticket(2, "2026-11-03 11:00", "missing_parts", order_id="o2")])
    labels = pd.DataFrame({"ticket_id": ["t1"], "category": ["shipping"],
                           "subcategory": ["tracking_not_updating"]})
    comments = pd.DataFrame({
        "comment_id": text(["c1", "c2", "c3", "c4"]),
        "created_at": times(["2026-11-04 10:00"] * 4),
        "text": text(["arrived broken", "scam!!", "so cute", "does it ship to Canada?"]),
    })
    comment_labels = pd.DataFrame({"comment_id": ["c1", "c2", "c3", "c4"],
                                   "action": ["reply", "reply", "none", "answer"],
                                   "kind": ["broken", "scam_claim", "praise", "question"]})
    reviews = pd.DataFrame({
        "review_id": text(["r1", "r2", "r3"]), "order_id": text(["o3", "o4", "o5"]),
        "sku": text(["A", "B", "A"]), "rating": [1, 2, 4],
        "review_text": text(["box crushed", "meh", "nice"]),
        "created_at": times(["2026-11-05 10:00"] * 3),
    })
    review_labels = pd.DataFrame({"ticket_id": ["r1", "r2"], "subcategory": ["damaged", None]})
    result = voice_of_customer(as_of=AS_OF, tickets=t, ticket_labels=labels, comments=comments,
                               comment_labels=comment_labels, reviews=reviews,
                               review_labels=review_labels)
    issues = by_issue(result)
    assert issues["tracking_not_updating"]["category"] == "shipping"
    assert issues["missing_parts"]["mentions"] == 1
    # comment "broken" + review r1 (damaged by the ticket rules)
    assert issues["damaged"]["mentions"] == 2
    assert issues["damaged"]["by_source"] == {"ticket": 0, "comment": 1, "review": 1}
    assert issues["scam_claim"]["category"] == "trust"
    assert issues["low_rating"]["mentions"] == 1  # r2: the rules found nothing
    assert result.sources == {"ticket": 2, "comment": 2, "review": 2}
    assert result.top_questions == [{"question": "does it ship to Canada?", "count": 1,
                                     "tickets": 0, "comments": 1}]


def test_safety_comments_are_an_issue_of_their_own():
    from cx_cli.engines.comments import classify_comments

    comments = pd.DataFrame({
        "comment_id": text(["c1", "c2", "c3"]),
        "created_at": times(["2026-11-04 10:00"] * 3),
        "text": text(["my charger caught fire", "it sparked and smoked", "stopped working"]),
    })
    result = voice_of_customer(as_of=AS_OF, comments=comments,
                               comment_labels=classify_comments(comments))
    issues = by_issue(result)
    assert (issues["safety"]["mentions"], issues["safety"]["category"]) == (2, "product_issue")
    assert issues["doesnt_work"]["mentions"] == 1



def test_a_low_review_reporting_a_safety_issue_is_a_safety_issue():
    """A skin reaction has no ticket subcategory, so such a review was ``low_rating``; the
    ticket rules escalate it as safety, as a comment about it is a safety complaint.
    Like a safety comment, it is ``safety`` whatever else it says."""
    from cx_cli.engines.triage import classify_low_reviews
    from cx_cli.engines.triage_rules import load_triage_rules

    reviews = pd.DataFrame({
        "review_id": text(["r1", "r2", "r3", "r4", "r5"]),
        "order_id": text(["o1", "o2", "o3", "o4", "o5"]),
        "buyer": text(["b1", "b2", "b3", "b4", "b5"]),
        "sku": text(["SERUM"] * 5), "rating": [1, 2, 1, 2, 5],
        "review_text": text(["It broke me out around my chin.",
                             "The box was crushed when it arrived. It gave me a rash.",
                             "The box was crushed when it arrived.",
                             "meh",
                             "It broke me out but I love it anyway"]),
        "created_at": times(["2026-11-05 10:00"] * 5),
    })
    labels = classify_low_reviews(reviews, load_triage_rules())
    result = voice_of_customer(as_of=AS_OF, reviews=reviews, review_labels=labels)
    issues = by_issue(result)
    assert (issues["safety"]["mentions"], issues["safety"]["category"]) == (2, "product_issue")
    assert issues["safety"]["by_source"] == {"ticket": 0, "comment": 0, "review": 2}
    assert issues["damaged"]["mentions"] == 1
    assert issues["low_rating"]["mentions"] == 1
    # every 1–2 star review is still one review mention, whatever its issue
    assert result.sources["review"] == 4


def test_a_ticket_escalated_as_safety_without_a_subcategory_is_a_safety_issue():
    """A skin reaction has no subcategory, so such a ticket was counted nowhere, though
    triage escalates it as safety; it is ``safety`` now, as such a review or comment is.
    A ticket with a subcategory keeps it (a burn from a defect is still ``defective``)."""
    from cx_cli.engines.triage import classify_tickets

    t = tickets([
        ticket(1, "2026-11-03 10:00", None, message="It gave me a rash after two days."),
        ticket(2, "2026-11-04 10:00", None,
               message="My skin is red and itchy after using it"),
        ticket(3, "2026-11-05 10:00", None, message="The candle burned my hand."),
        ticket(4, "2026-11-06 10:00", None, message="does it ship to Canada?"),
        ticket(5, "2026-11-07 10:00", "damaged", message="It gave me a rash, box crushed"),
    ])
    labels = classify_tickets(t[t["subcategory"].isna()])
    result = voice_of_customer(as_of=AS_OF, tickets=t, ticket_labels=labels)
    issues = by_issue(result)
    assert (issues["safety"]["mentions"], issues["safety"]["category"]) == (2, "product_issue")
    assert issues["safety"]["by_source"] == {"ticket": 2, "comment": 0, "review": 0}
    assert issues["defective"]["mentions"] == 1
    assert issues["damaged"]["mentions"] == 1
    assert result.sources["ticket"] == 4  # the pre-sale question is no issue

def test_share_of_orders_and_top_skus():
    orders = (Orders().add("A", "2026-11-02 10:00", 6).add("B", "2026-11-03 10:00", 3)
              .add("A", "2026-10-01 10:00", 5))  # paid before the period: not counted
    frame = orders.frame()
    # o1 holds A; add B to o1 so a ticket on o1 without a SKU points at both.
    extra = frame.iloc[[0]].assign(sku=text(["B"]), sku_id=text(["B"]))
    frame = pd.concat([frame, extra], ignore_index=True)
    t = tickets([
        ticket(1, "2026-11-04 10:00", "defective", order_id="o1"),
        ticket(2, "2026-11-04 10:00", "defective", order_id="o2", sku="A"),
        ticket(3, "2026-11-05 10:00", "defective", order_id="o2", sku="A"),
        ticket(4, "2026-11-05 10:00", "defective", sku="C"),
    ])
    result = voice_of_customer(as_of=AS_OF, orders=frame, tickets=t)
    row = by_issue(result)["defective"]
    assert result.orders_in_period == 9
    assert row["orders_affected"] == 2
    assert row["share_of_orders"] == pytest.approx(2 / 9)
    assert row["skus"] == [{"sku": "A", "mentions": 3}, {"sku": "B", "mentions": 1},
                           {"sku": "C", "mentions": 1}]


def test_orders_paid_before_the_period_that_complaints_name_keep_shares_under_one():
    # One order paid in the period; three damaged tickets on orders paid in September.
    frame = Orders().add("A", "2026-11-02 10:00", 1).add("A", "2026-09-10 10:00", 3).frame()
    t = tickets([ticket(i, "2026-11-04 10:00", "damaged", order_id=f"o{i}")
                 for i in (2, 3, 4)] + [ticket(5, "2026-11-04 10:00", "damaged")])
    result = voice_of_customer(as_of=AS_OF, orders=frame, tickets=t)
    row = by_issue(result)["damaged"]
    assert (result.orders_in_period, result.orders_named_earlier) == (1, 3)
    assert row["orders_affected"] == 3
    assert row["share_of_orders"] == pytest.approx(3 / 4)
    assert result.as_dict()["orders_named_earlier"] == 3


def test_order_ids_that_are_numbers_count_as_their_text():
    # A frame from Python with integer order ids: the share base is counted, not an
    # ArrowTypeError ("Expected a string or bytes dtype, got int64").
    frame = Orders().add("A", "2026-11-02 10:00", 1).add("A", "2026-09-10 10:00", 3).frame()
    frame["order_id"] = frame["order_id"].str[1:].astype("int64")
    t = tickets([ticket(i, "2026-11-04 10:00", "damaged", order_id=str(i)) for i in (2, 3, 4)])
    result = voice_of_customer(as_of=AS_OF, orders=frame, tickets=t)
    assert (result.orders_in_period, result.orders_named_earlier) == (1, 3)


# --- the fix check -------------------------------------------------------------------------

def fix_orders() -> pd.DataFrame:
    """Lines around the fixes of ``fix_log()``; windows are 28 days either side.

    Fixes of Oct 1: before = paid Sep 3 .. Sep 30, after = Oct 1 .. Oct 28.
    """
    o = Orders()
    # A: 100 lines before (20 refunded), 100 after (5 refunded); the fix day is "after".
    o.add("A", "2026-09-20 12:00", 99, 20).add("A", "2026-09-30 23:30", 1)
    o.add("A", "2026-10-10 12:00", 99, 5).add("A", "2026-10-01 00:30", 1)
    o.add("A", "2026-08-01 12:00", 30, 30)  # outside both windows
    o.add("A", "2026-09-20 12:00", 10, 10, return_type="cancel")  # cancelled: not a line
    # B: 50 before (5 refunded), 50 after (4 refunded)
    o.add("B", "2026-09-20 12:00", 50, 5).add("B", "2026-10-10 12:00", 50, 4)
    # C: fix of Nov 15, 10 days before the run
    o.add("C", "2026-11-01 12:00", 30, 3).add("C", "2026-11-18 12:00", 30, 0)
    # D: fix of Aug 28, only 10 lines a side
    o.add("D", "2026-08-10 12:00", 10, 5).add("D", "2026-08-30 12:00", 10, 0)
    return o.frame()


def fix_log() -> pd.DataFrame:
    return fixes([
        ("missing_parts", "A", "Dana", "2026-10-01"),
        ("defective", "B", "Kim", "2026-10-01"),
        ("Tracking not updating", None, "Luis", "2026-10-01"),  # every SKU
        ("damaged", "C", "Ana", "2026-11-15"),
        ("wrong_variant", "D", "Jo", "2026-08-28"),
        ("setup_error", None, "Max", None),  # owned, not shipped yet
    ])


def test_fix_verdicts_dropped_no_change_too_early():
    result = voice_of_customer(as_of=AS_OF, orders=fix_orders(), fixes=fix_log(),
                               tickets=tickets([]), min_lines=20)
    issues = by_issue(result)

    a = issues["missing_parts"]
    assert (a["lines_before"], a["refunded_before"], a["lines_after"], a["refunded_after"]) \
        == (100, 20, 100, 5)
    assert a["refund_before"] == pytest.approx(0.20)
    assert a["refund_after"] == pytest.approx(0.05)
    assert a["p_value"] == pytest.approx(0.00134, abs=1e-4)
    assert a["verdict"] == "dropped"
    assert a["owner"] == "Dana" and a["fix_shipped"] == date(2026, 10, 1)
    assert a["fix_skus"] == ["A"]

    b = issues["defective"]
    assert (b["lines_before"], b["refunded_before"], b["lines_after"], b["refunded_after"]) \
        == (50, 5, 50, 4)
    assert b["verdict"] == "no_change"

    # An empty SKU in the fix log: every SKU's lines (A and B paid in the windows).
    shop = issues["tracking_not_updating"]
    assert shop["fix_skus"] is None
    assert (shop["lines_before"], shop["refunded_before"], shop["lines_after"],
            shop["refunded_after"]) == (150, 25, 150, 9)
    assert shop["verdict"] == "dropped"

    c = issues["damaged"]  # shipped 10 days ago
    assert c["days_since_fix"] == 10
    assert c["refund_before"] == pytest.approx(0.1) and c["refund_after"] == 0.0
    assert c["verdict"] == "too_early"

    d = issues["wrong_variant"]  # 89 days ago, 50% -> 0%, but 10 lines a side
    assert (d["lines_before"], d["lines_after"]) == (10, 10)
    assert d["verdict"] == "too_early"

    e = issues["setup_error"]
    assert e["owner"] == "Max" and e["fix_shipped"] is None and e["verdict"] is None
    assert all(r["kind"] == "fix_log" for r in result.issues)


def test_too_few_lines_with_a_lower_threshold_gives_a_verdict():
    result = voice_of_customer(as_of=AS_OF, orders=fix_orders(), fixes=fix_log(),
                               tickets=tickets([]), min_lines=10)
    assert by_issue(result)["wrong_variant"]["verdict"] == "dropped"


def test_a_fix_dated_after_as_of_has_not_shipped_yet():
    log = fix_log_by_issue(fixes([("damaged", "C", "Ana", "2026-11-15")]), date(2026, 11, 14))
    assert log["damaged"].shipped is None and log["damaged"].owner == "Ana"
    assert log["damaged"].planned


def test_latest_fix_wins_and_same_day_rows_union_their_skus():
    log = fix_log_by_issue(fixes([
        ("damaged", "A", "Old owner", "2026-09-01"),
        ("damaged", "B", "Ana", "2026-10-01"),
        ("damaged", "C", None, "2026-10-01"),
    ]), AS_OF)
    assert log["damaged"].shipped == date(2026, 10, 1)
    assert log["damaged"].skus == {"B", "C"}
    assert log["damaged"].owner == "Ana"


def test_needs_owner_from_three_mentions_without_an_owner():
    rows = [*(ticket(i, "2026-11-10 10:00", "setup_error") for i in range(3)),
            *(ticket(10 + i, "2026-11-10 10:00", "doesnt_work") for i in range(2)),
            *(ticket(20 + i, "2026-11-10 10:00", "damaged") for i in range(5))]
    result = voice_of_customer(as_of=AS_OF, tickets=tickets(rows),
                               fixes=fixes([("damaged", "C", "Ana", "2026-11-15")]))
    issues = by_issue(result)
    assert issues["setup_error"]["needs_owner"] is True
    assert issues["setup_error"]["owner"] is None
    assert issues["doesnt_work"]["needs_owner"] is False  # 2 mentions: not yet
    assert issues["damaged"]["needs_owner"] is False
    assert result.issues[0]["issue"] == "damaged"


def test_a_root_cause_fix_covers_its_subcategory():
    rows = [*(ticket(i, "2026-11-10 10:00", "missing_parts", root_cause="packing_error",
                     sku="A") for i in range(3)),
            *(ticket(10 + i, "2026-11-10 10:00", "missing_parts", root_cause="supplier_short",
                     sku="A") for i in range(3))]
    result = voice_of_customer(as_of=AS_OF, tickets=tickets(rows), orders=fix_orders(),
                               fixes=fixes([("packing_error", "A", "Dana", "2026-10-01")]))
    assert [(r["issue"], r["kind"]) for r in result.issues] == [
        ("missing_parts", "issue"), ("packing_error", "root_cause"),
        ("supplier_short", "root_cause")]
    sub, cause, other = result.issues
    assert cause["parent"] == "missing_parts"
    assert cause["verdict"] == "dropped" and cause["owner"] == "Dana"
    assert sub["owner"] == "Dana" and sub["owned_via"] == "packing_error"
    assert sub["verdict"] == "dropped"
    assert not sub["needs_owner"] and not cause["needs_owner"]
    assert other["owner"] is None and other["needs_owner"] is True


# --- top questions -------------------------------------------------------------------------

def test_question_detection_and_masking():
    assert question_text("Where is my order?") == "Where is my order?"
    assert question_text("Hi, can you change my address. Thanks") == "can you change my address."
    assert question_text("Hello! Do you ship to Alaska? I live in Juneau") == \
        "Do you ship to Alaska?"
    assert question_text("Do not ring the bell") is None
    assert question_text("Missing screws") is None
    assert question_text(None) is None
    assert mask_private("call me at 555-201-7788 or mail a.b@x.example?") == \
        "call me at [number] or mail [email]?"


def test_top_questions_group_wordings_and_show_the_most_common():
    rows = [
        ticket(1, "2026-11-02 10:00", None, subject="Where is my order?"),
        ticket(2, "2026-11-03 10:00", None, subject="where is my order??"),
        ticket(3, "2026-11-04 10:00", None, subject="Where is my order?"),
        ticket(4, "2026-11-05 10:00", None, subject="Question", message="Do you ship to Alaska?"),
        ticket(5, "2026-11-05 10:00", None, subject="Hello",
               message="Hi! Do you ship to Alaska? Thanks"),
        ticket(6, "2026-11-05 10:00", None, subject="Can I track order 576400003194483986?"),
        ticket(7, "2026-10-01 10:00", None, subject="Is it vegan?"),  # before the period
        ticket(8, "2026-11-05 10:00", None, subject="Broken lid", message="It came broken."),
    ]
    got = top_questions(tickets(rows), None, None, date(2026, 10, 26), date(2026, 11, 23))
    assert got == [
        {"question": "Where is my order?", "count": 3, "tickets": 3, "comments": 0},
        {"question": "Do you ship to Alaska?", "count": 2, "tickets": 2, "comments": 0},
        {"question": "Can I track order [number]?", "count": 1, "tickets": 1, "comments": 0},
    ]


def test_top_questions_keep_five():
    rows = [ticket(i, "2026-11-02 10:00", None, subject=f"Is model {chr(65 + i)} in stock?")
            for i in range(7)]
    got = top_questions(tickets(rows), None, None, date(2026, 10, 26), date(2026, 11, 23))
    assert len(got) == 5


# --- the command ---------------------------------------------------------------------------

def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def small_shop(folder: Path) -> dict[str, Path]:
    """A tiny shop, every ticket tagged (so the output does not depend on the rules)."""
    order_rows = []
    n = 0
    for sku, day, count, refunded in [("MUG", "2026-09-20", 30, 9), ("MUG", "2026-10-10", 30, 1),
                                      ("LAMP", "2026-11-03", 4, 0), ("MUG", "2026-11-05", 6, 0)]:
        for i in range(count):
            n += 1
            order_rows.append([f"10{n:03d}", "Completed", "Return/Refund" if i < refunded
                               else "", sku, sku, "1", "0", f"{day} 10:00:00",
                               f"{day} 10:05:00", f"buyer{n}"])
    orders = write_csv(folder / "orders.csv", [
        "Order ID", "Order Status", "Cancelation/Return Type", "SKU ID", "Seller SKU",
        "Quantity", "Sku Quantity of return", "Created Time", "Paid Time", "Buyer Username"],
        order_rows)
    ticket_rows = [
        ["t1", "10001", "2026-11-02 09:00:00", "product_issue", "damaged", "packaging", "MUG",
         "Arrived broken", "The mug came in pieces."],
        ["t2", "10002", "2026-11-10 09:00:00", "product_issue", "damaged", "packaging", "MUG",
         "Cracked", "Where do I send the photos?"],
        ["t3", "", "2026-11-17 09:00:00", "product_issue", "damaged", "", "MUG",
         "Broken mug", "Handle snapped off."],
        ["t4", "10061", "2026-11-04 09:00:00", "usage", "setup_error", "", "LAMP",
         "How do I pair the lamp?", "It blinks red."],
        ["t5", "10062", "2026-11-11 09:00:00", "usage", "setup_error", "", "LAMP",
         "how do i pair the lamp", "Still blinking."],
        ["t6", "10063", "2026-11-18 09:00:00", "usage", "setup_error", "", "LAMP",
         "How do I pair the lamp?", "App says failed."],
        ["t7", "", "2026-10-05 09:00:00", "shipping", "tracking_not_updating", "", "",
         "Where is my order?", "No scans for days."],
    ]
    tickets_csv = write_csv(folder / "tickets.csv", [
        "ticket_id", "order_id", "created_at", "category", "subcategory", "root_cause", "sku",
        "subject", "message"], ticket_rows)
    fixes_csv = write_csv(folder / "fixes.csv", ["issue", "sku", "fix", "owner", "shipped_date"], [
        ["damaged", "MUG", "Double box with corner guards", "Dana", "2026-10-01"],
        ["tracking_not_updating", "", "Earlier pickup", "Luis", "2026-11-20"],
    ])
    return {"orders": orders, "tickets": tickets_csv, "fixes": fixes_csv}


def run(args: list[str]):
    return CliRunner().invoke(app, args)


def shop_args(files: dict[str, Path]) -> list[str]:
    out = []
    for name, path in files.items():
        out += [f"--{name}", str(path)]
    return out


def test_cli_json_follows_the_contract(tmp_path):
    files = small_shop(tmp_path)
    result = run(["voc", "--date", "2026-11-25", "--format", "json", *shop_args(files)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"issues", "top_questions"} <= set(data)
    for issue in data["issues"]:
        assert set(issue) >= ISSUE_KEYS
        assert issue["verdict"] in ("dropped", "no_change", "too_early", None)
    issues = {i["issue"]: i for i in data["issues"]}
    damaged = issues["damaged"]
    assert damaged["per_week"] == {"2026-W44": 0, "2026-W45": 1, "2026-W46": 1, "2026-W47": 1}
    assert damaged["fix_shipped"] == "2026-10-01"
    assert damaged["refund_before"] == pytest.approx(0.3)
    assert damaged["refund_after"] == pytest.approx(1 / 30)
    assert damaged["verdict"] == "dropped"
    assert issues["setup_error"]["needs_owner"] is True
    assert issues["tracking_not_updating"]["verdict"] == "too_early"
    assert data["top_questions"][0] == {"question": "How do I pair the lamp?", "count": 3,
                                        "tickets": 3, "comments": 0}


def test_cli_json_issues_share_one_set_of_keys_and_unknown_counts_are_null(tmp_path):
    """`owned_via` (a README key of every issue) was only on the issues a root cause's
    fix covered, so a script reading it from another issue failed; without orders,
    `orders_named_earlier` read 0 beside an unknown (null) `orders_in_period`."""
    files = small_shop(tmp_path)
    # The fix of a root cause covers its subcategory: damaged is owned via packaging.
    write_csv(files["fixes"], ["issue", "sku", "fix", "owner", "shipped_date"],
              [["packaging", "MUG", "Double box", "Dana", "2026-10-01"]])
    result = run(["voc", "--date", "2026-11-25", "-f", "json", *shop_args(files)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len({frozenset(issue) for issue in data["issues"]}) == 1
    issues = {i["issue"]: i for i in data["issues"]}
    assert issues["damaged"]["owned_via"] == "packaging"
    assert issues["setup_error"]["owned_via"] is None
    assert data["orders_in_period"] == 10 and data["orders_named_earlier"] == 2

    del files["orders"]
    data = json.loads(run(["voc", "--date", "2026-11-25", "-f", "json",
                           *shop_args(files)]).stdout)
    assert data["orders_in_period"] is None and data["orders_named_earlier"] is None
    assert all(i["share_of_orders"] is None for i in data["issues"])


def test_cli_markdown_golden(tmp_path, golden):
    files = small_shop(tmp_path)
    result = run(["voc", "--date", "2026-11-25", "--format", "md", *shop_args(files)])
    assert result.exit_code == 0, result.output
    golden("voc.md", result.stdout)


def test_cli_csv_and_table(tmp_path):
    files = small_shop(tmp_path)
    result = run(["voc", "--date", "2026-11-25", "-f", "csv", "--weeks", "2",
                  *shop_args(files)])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert header[:6] == ["issue", "kind", "parent", "category", "2026-W46", "2026-W47"]
    table = run(["voc", "--date", "2026-11-25", *shop_args(files)])
    assert table.exit_code == 0, table.output
    assert "NEEDS OWNER" in table.stdout and "DROPPED" in table.stdout


def test_cli_fix_lines_wrap_under_their_text(tmp_path, monkeypatch):
    """In a narrow cron mail a long fix wraps under its own text, the verdicts stay a
    column of their own."""
    monkeypatch.setenv("COLUMNS", "60")
    files = small_shop(tmp_path)
    lines = run(["voc", "--date", "2026-11-25", *shop_args(files)]).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  DROPPED "))
    text_column = len("  DROPPED    ")
    assert lines[at][text_column - 1] == " " and lines[at][text_column] != " "
    assert lines[at + 1][:text_column].isspace() and lines[at + 1][text_column] != " "



def test_cli_counts_a_low_review_about_a_rash_as_safety(tmp_path):
    files = small_shop(tmp_path)
    files["reviews"] = write_csv(tmp_path / "reviews.csv", [
        "review_id", "order_id", "sku", "buyer", "rating", "review_text", "created_at"], [
        ["r1", "10061", "LAMP", "buyer61", "1", "gave me a rash", "2026-11-12 10:00:00"],
        ["r2", "10062", "LAMP", "buyer62", "2", "meh", "2026-11-12 11:00:00"],
    ])
    result = run(["voc", "--date", "2026-11-25", "--format", "json", *shop_args(files)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    issues = {i["issue"]: i for i in data["issues"]}
    assert issues["safety"]["by_source"]["review"] == 1
    assert issues["low_rating"]["mentions"] == 1
    assert data["mentions"]["review"] == 2


def test_cli_counts_an_untagged_ticket_about_a_rash_as_safety(tmp_path):
    files = small_shop(tmp_path)
    with files["tickets"].open("a", newline="") as f:
        csv.writer(f).writerow(["t8", "10061", "2026-11-12 09:00:00", "", "", "", "LAMP",
                                "Skin reaction", "It gave me a rash after two days."])
    result = run(["voc", "--date", "2026-11-25", "--format", "json", *shop_args(files)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    issues = {i["issue"]: i for i in data["issues"]}
    assert issues["safety"]["by_source"] == {"ticket": 1, "comment": 0, "review": 0}
    assert data["mentions"]["ticket"] == 7

def test_cli_needs_some_feedback_input(tmp_path):
    files = small_shop(tmp_path)
    result = run(["voc", "--orders", str(files["orders"])])
    assert result.exit_code == 2
    assert "needs at least one of tickets, reviews or comments" in result.stderr


def test_cli_rejects_bad_weeks_and_dates(tmp_path):
    files = small_shop(tmp_path)
    assert run(["voc", "--weeks", "0", *shop_args(files)]).exit_code == 2
    bad = run(["voc", "--date", "25/11/2026", *shop_args(files)])
    assert bad.exit_code == 2 and "--date expects YYYY-MM-DD" in bad.stderr


def test_sample_shop_packing_fix_dropped(tmp_path):
    sampledata = pytest.importorskip("cx_cli.sampledata")
    paths = sampledata.generate(tmp_path, orders=3000, seed=7, end=date(2026, 11, 24))
    result = run(["voc", "--config", str(paths["config"][0]), "--date", "2026-11-25",
                  "--format", "json"])
    assert result.exit_code == 0, result.output
    issues = {i["issue"]: i for i in json.loads(result.stdout)["issues"]}
    fixed = issues["missing_parts"]
    assert fixed["verdict"] == "dropped"
    assert fixed["refund_after"] < fixed["refund_before"]
    assert issues["sizing_fit"]["verdict"] == "too_early"  # shipped 12 days before the end


SAMPLE = Path(__file__).parents[1] / "examples"  # the sample shop
ISSUE_HEADERS = ["issue", "W44–W47", "trend", "orders", "top SKU", "owner"]


@pytest.mark.parametrize("width", [80, 120])
def test_cli_issues_table_on_the_sample_shop_keeps_skus_names_and_owners_whole(monkeypatch,
                                                                               width):
    """At 80 columns the issues table cut SKUs ("BLENDER-P…", "SHELF-FLO…": a cut SKU
    identifies nothing), names ("tracking_not_upd…") and owners ("Sam (listi…"). Now an
    issue takes two lines there: its name wrapped after an underscore, a sub-issue's
    under its own name, the owner between words; the SKU and the figures whole. At 120
    each issue keeps one line."""
    monkeypatch.setenv("COLUMNS", str(width))
    args = ["voc", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25"]
    table = CliRunner().invoke(app, args, terminal_width=width)
    assert table.exit_code == 0, table.output
    issues = json.loads(run([*args, "-f", "json"]).stdout)["issues"]
    text = table.stdout.split("Fixes:")[0]
    assert max(map(len, text.splitlines())) <= width
    rows = spaced_rows(text, ISSUE_HEADERS, key=1)
    arrows = {"up": "↑", "down": "↓", "flat": "→"}
    assert [r[0] for r in rows] == [("↳ " if i["kind"] == "root_cause" else "") + i["issue"]
                                    for i in issues]
    for row, issue in zip(rows, issues, strict=True):
        trend = issue["trend"]
        assert row[1:4] == [" ".join(map(str, issue["per_week"].values())),
                            f"{arrows[trend['direction']]} {trend['current']} vs "
                            f"{trend['previous']}", f"{issue['share_of_orders']:.1%}"]
        assert row[4] == (issue["skus"][0]["sku"] if issue["skus"] else "—")
        assert row[5] == ("NEEDS OWNER" if issue["needs_owner"] else issue["owner"] or "—")
    assert {"SHELF-FLOAT-3PC", "Dana (warehouse)", "manufacturing_defect"} <= \
        {cell.removeprefix("↳ ") for row in rows for cell in row}
    # A sub-issue sits under its issue, a wrapped name's second line under its name.
    lines = text.splitlines()
    body = lines[next(i for i, line in enumerate(lines) if "top SKU" in line) + 2:]
    body = [line for line in body if line.strip()]
    issue_end = lines[next(i for i, line in enumerate(lines) if "top SKU" in line)].index(
        "W44–W47")
    wrapped = [(above, line) for above, line in itertools.pairwise(body)
               if "↳" in above[:issue_end] and line[:issue_end].strip()
               and not line[issue_end:].strip()]
    for above, line in wrapped:
        assert len(line) - len(line.lstrip()) == above.index("↳") + 2
    assert bool(wrapped) == (width == 80)  # "↳ manufacturing_" / "defect"
    parent = None
    for issue in issues:
        if issue["kind"] == "root_cause":
            assert issue["parent"] == parent
        else:
            parent = issue["issue"]
    # One line an issue where there is room; at 80 never more than two.
    assert (len(body) == len(issues)) == (width == 120)
    assert len(body) <= 2 * len(issues)


def test_cli_issues_table_over_8_weeks_at_80_columns_keeps_skus_whole(monkeypatch):
    """Eight weekly counts leave less room: the SKUs were folded mid-id over three lines
    ("SHELF-" / "FLOAT-" / "3PC"). Now the trend and then the counts wrap between
    their figures, each issue on two lines, and every SKU stays whole on one."""
    monkeypatch.setenv("COLUMNS", "80")
    args = ["voc", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25",
            "--weeks", "8"]
    table = CliRunner().invoke(app, args, terminal_width=80)
    assert table.exit_code == 0, table.output
    issues = json.loads(run([*args, "-f", "json"]).stdout)["issues"]
    text = table.stdout.split("Fixes:")[0]
    assert max(map(len, text.splitlines())) <= 80
    rows = spaced_rows(text, ["issue", "W40–W47", "trend", "orders", "top SKU", "owner"],
                       key=3)
    assert [r[0].removeprefix("↳ ") for r in rows] == [i["issue"] for i in issues]
    for row, issue in zip(rows, issues, strict=True):
        assert row[1] == " ".join(map(str, issue["per_week"].values()))
        assert row[2].endswith(f"{issue['trend']['current']} vs {issue['trend']['previous']}")
        assert row[4] == (issue["skus"][0]["sku"] if issue["skus"] else "—")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if "top SKU" in line)
    assert len([line for line in lines[header + 2:] if line.strip()]) == 2 * len(issues)


@pytest.mark.parametrize(("width", "left_out"), [
    (70, ["weekly counts"]), (60, ["weekly counts", "orders"]),
    (50, ["weekly counts", "orders"]), (40, ["weekly counts", "orders", "top SKU"])])
def test_cli_issues_table_below_80_columns_leaves_columns_out_never_splits_a_word(
        monkeypatch, width, left_out):
    """Below about 78 columns the issues table fell back to rich's own wrapping: SKUs
    split mid-word ("BL" / "EN" / "DE"), shares cut ("2.…"), headers over three lines
    ("to" / "p" / "SK" / "U"), at 40 every column but the counts gone, unsaid. Now the
    weekly counts go first, then the share of orders, then the top SKU (a line under
    the table names them); a SKU wraps only after a "-", names after an "_", owners and
    trends between words."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(width))
    args = ["voc", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25"]
    table = CliRunner().invoke(app, args, terminal_width=width)
    assert table.exit_code == 0, table.output
    issues = json.loads(run([*args, "-f", "json"]).stdout)["issues"]
    assert max(map(cell_len, table.stdout.splitlines())) <= width
    text, note = table.stdout.split("Fixes:")[0].split("Left out at this width:")
    assert " ".join(note.split()) == f"{', '.join(left_out)} (-f md has them)."
    headers = [h for h in ["issue", "trend", "orders", "top SKU", "owner"] if h not in left_out]
    rows = spaced_rows(text, headers, key=1, starts=("↑", "↓", "→"))
    cells = [dict(zip(headers, row, strict=True)) for row in rows]
    arrows = {"up": "↑", "down": "↓", "flat": "→"}
    assert [c["issue"] for c in cells] == [("↳ " if i["kind"] == "root_cause" else "")
                                           + i["issue"] for i in issues]
    for cell, issue in zip(cells, issues, strict=True):
        trend = issue["trend"]
        assert cell["trend"] == (f"{arrows[trend['direction']]} {trend['current']} vs "
                                 f"{trend['previous']}")
        assert cell["owner"] == ("NEEDS OWNER" if issue["needs_owner"]
                                 else issue["owner"] or "—")
        if "orders" in cell:
            assert cell["orders"] == f"{issue['share_of_orders']:.1%}"
        if "top SKU" in cell:  # wrapped after a "-" at 50 ("SHELF-FLOAT-" / "3PC")
            assert cell["top SKU"].replace(" ", "") == (issue["skus"][0]["sku"]
                                                        if issue["skus"] else "—")
    assert ("SHELF-FLOAT-3PC" in text) == (width > 50)
    assert "manufacturing_" in text and "NEEDS OWNER" in text


def test_cli_issues_table_written_to_a_file_keeps_one_line_an_issue(tmp_path):
    """A file is laid out 120 columns wide: every issue on one line, nothing cut, no
    trailing spaces."""
    out = tmp_path / "voc.txt"
    args = ["voc", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25"]
    assert run([*args, "-o", str(out)]).exit_code == 0
    issues = json.loads(run([*args, "-f", "json"]).stdout)["issues"]
    text = out.read_text(encoding="utf-8")
    assert all(line == line.rstrip() for line in text.splitlines())
    rows = spaced_rows(text, ISSUE_HEADERS, key=1)
    assert [r[0].removeprefix("↳ ") for r in rows] == [i["issue"] for i in issues]
    assert [r[4] for r in rows] == [i["skus"][0]["sku"] if i["skus"] else "—" for i in issues]
    issues_text = text.split("Fixes:")[0]
    assert "…" not in issues_text
    assert sum(" vs " in line for line in issues_text.splitlines()) == len(issues)


def test_an_issues_sku_too_long_for_an_80_column_line_stays_whole_never_cut():
    """A 45-character SKU was cut ("SERUM-VI…") to keep each issue on one line, then
    folded mid-word ("…-SENS" / "ITIVE-SKIN"); now the weekly counts and the share of
    orders make room for it on one line, and a line under the table names them."""
    import io

    from rich.console import Console

    from cx_cli.render.voc import print_voc

    long_sku = "SERUM-VITC-30ML-FRAGRANCE-FREE-SENSITIVE-SKIN"
    t = tickets([ticket(i, f"2026-11-1{i % 9} 10:00", sub, sku=long_sku)
                 for i, sub in enumerate(["tracking_not_updating"] * 4 + ["damaged"])])
    result = voice_of_customer(as_of=AS_OF, tickets=t)
    out = io.StringIO()
    print_voc(result, Console(file=out, width=80, color_system=None))
    text = out.getvalue()
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "…" not in text.split("Top support")[0]
    rows = spaced_rows(text.split("Left out")[0], ["issue", "trend", "top SKU", "owner"],
                       key=2)
    assert [r[0] for r in rows] == ["tracking_not_updating", "damaged"]
    assert [r[2] for r in rows] == [long_sku] * 2
    assert sum(long_sku in line for line in text.splitlines()) == 2
    assert rows[0][3] == "NEEDS OWNER"  # 4 mentions without an owner
    assert "Left out at this width: weekly counts, orders (-f md has them)." in text


def test_a_shipped_fix_whose_sku_no_order_has_is_named_for_the_seller_to_check():
    """Its verdict can never leave too_early: a typo in the fix log, said once."""
    log = pd.concat([fix_log(), fixes([("packing_error", "A-TYPO", "Dana", "2026-10-01"),
                                        ("late_dispatch", "NOPE", "Lee", None)])])
    result = voice_of_customer(as_of=AS_OF, orders=fix_orders(), fixes=log,
                               tickets=tickets([]), min_lines=20)
    assert result.unsold_fix_skus == [("packing_error", "A-TYPO")]  # not the unshipped one
    assert by_issue(result)["packing_error"]["verdict"] == "too_early"
    line, = result.warning_lines()
    assert "issue packing_error: SKU 'A-TYPO' matches no paid order line" in line
    # Without orders nothing can be said either way.
    assert voice_of_customer(as_of=AS_OF, fixes=log, tickets=tickets([])).unsold_fix_skus == []


def test_cli_weekly_counts_header_names_the_years_when_the_period_crosses_one(monkeypatch):
    """Over 52 weeks the counts' header read "W48–W47", as if the weeks ran backwards;
    a period across a new year names both years."""
    from cx_cli.render.voc import _weeks_span

    assert _weeks_span(["2025-W48", "2025-W49", "2026-W47"]) == "2025-W48–2026-W47"
    assert _weeks_span(["2026-W44", "2026-W47"]) == "W44–W47"
    assert _weeks_span(["2026-W47"]) == "W47"
    monkeypatch.setenv("COLUMNS", "400")
    table = CliRunner().invoke(app, ["voc", "--config", str(SAMPLE / "cx.yaml"), "--date",
                                     "2026-11-25", "--weeks", "52"], terminal_width=400)
    assert table.exit_code == 0, table.output
    assert "2025-W48–2026-W47" in table.stdout and " W48–W47" not in table.stdout


def test_a_shipped_fix_without_an_orders_export_has_no_verdict(tmp_path):
    """Without orders no refund can be compared: the fix read "TOO EARLY … 0 → 0 lines",
    as if its lines were yet to come. Now its verdict is null and the table says why."""
    files = small_shop(tmp_path)
    write_csv(files["fixes"], ["issue", "sku", "fix", "owner", "shipped_date"],
              [["damaged", "MUG", "Double box", "Dana", "2026-09-01"]])
    with_orders = json.loads(run(["voc", "--date", "2026-11-25", "-f", "json",
                                  *shop_args(files)]).stdout)
    fixed = {i["issue"]: i for i in with_orders["issues"]}["damaged"]
    assert fixed["verdict"] is not None and fixed["lines_before"] is not None
    del files["orders"]
    data = json.loads(run(["voc", "--date", "2026-11-25", "-f", "json",
                           *shop_args(files)]).stdout)
    issue = {i["issue"]: i for i in data["issues"]}["damaged"]
    assert issue["fix_shipped"] == "2026-09-01" and issue["owner"] == "Dana"
    assert (issue["verdict"], issue["lines_before"], issue["refund_before"]) == (None,) * 3
    table = run(["voc", "--date", "2026-11-25", *shop_args(files)])
    assert table.exit_code == 0, table.output
    said = " ".join(table.stdout.split())
    assert "damaged — shipped 2026-09-01 on MUG by Dana: refunds not checked (no orders " \
           "export given)" in said and "TOO EARLY" not in said
