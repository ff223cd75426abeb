"""Voice of customer against the spec (§9), edge by edge, on hand-made shops.

Every expected figure is worked out by hand in the test's docstring. Unless a test says
otherwise the run is as of Wednesday 2026-11-25: the 4 summarised weeks are
2026-W44..W47 (Oct 26 – Nov 22), compared with Sep 28 – Oct 25.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from test_voc import Orders, by_issue, fixes, text, ticket, tickets, times

from cx_cli.engines.voc import top_questions, voice_of_customer

AS_OF = date(2026, 11, 25)


# --- did the fix work? ---------------------------------------------------------------------

def exactly_28_days_orders() -> pd.DataFrame:
    """Lines of SKU A around a fix shipped Wed 2026-10-28, 28 days before AS_OF.

    before = paid Sep 30 .. Oct 27, after = paid Oct 28 .. Nov 24 (the fix day is after):
    - Sep 29 23:59, 5 lines, 5 refunded: a minute too early, in no window;
    - Sep 30 00:00, 20 lines, 10 refunded: before;
    - Oct 28 00:00, 10 lines, none refunded: after (the fix day);
    - Nov 24 23:59, 10 lines, none refunded: after (its last minute);
    - Nov 25 08:00, 5 lines, 5 refunded: fix + 28 days, past the window.
    """
    o = Orders()
    o.add("A", "2026-09-29 23:59", 5, 5).add("A", "2026-09-30 00:00", 20, 10)
    o.add("A", "2026-10-28 00:00", 10).add("A", "2026-11-24 23:59", 10)
    o.add("A", "2026-11-25 08:00", 5, 5)
    return o.frame()


def test_a_fix_shipped_exactly_28_days_ago_has_its_verdict():
    """28 days is not "under 28 days": the verdict is given.

    before 10/20 = 0.5, after 0/20 = 0. Pooled rate 10/40 = 0.25;
    se = sqrt(0.25 · 0.75 · (1/20 + 1/20)) = 0.136931; z = 0.5 / 0.136931 = 3.6515;
    two-sided p = 0.000261 < 0.05 and the rate fell: dropped. A day earlier (27 days
    since the fix) the same lines are too early.
    """
    log = fixes([("damaged", "A", "Ana", "2026-10-28")])
    row = by_issue(voice_of_customer(as_of=AS_OF, orders=exactly_28_days_orders(),
                                     tickets=tickets([]), fixes=log))["damaged"]
    assert (row["lines_before"], row["refunded_before"], row["lines_after"],
            row["refunded_after"]) == (20, 10, 20, 0)
    assert (row["refund_before"], row["refund_after"]) == (0.5, 0.0)
    assert row["days_since_fix"] == 28
    assert row["p_value"] == pytest.approx(0.000261, abs=2e-6)
    assert row["verdict"] == "dropped"

    day_before = by_issue(voice_of_customer(as_of=date(2026, 11, 24),
                                            orders=exactly_28_days_orders(),
                                            tickets=tickets([]), fixes=log))["damaged"]
    assert day_before["days_since_fix"] == 27
    assert (day_before["lines_before"], day_before["lines_after"]) == (20, 20)
    assert day_before["verdict"] == "too_early"


def test_a_fix_on_a_sku_with_no_line_after_it_is_too_early_not_a_division_by_zero():
    """SKU Z: 30 lines paid Oct 1 (3 refunded), none since. Fix shipped Oct 20, 36 days
    before AS_OF: before = Sep 22 .. Oct 19 holds the 30 lines (3/30 = 0.1), after =
    Oct 20 .. Nov 16 holds none. Too few lines after (0 < 20): too_early, the rate
    after and the p-value unknown (null), and no warning (Z has sold, just not lately).
    """
    orders = Orders().add("Z", "2026-10-01 10:00", 30, 3).frame()
    result = voice_of_customer(as_of=AS_OF, orders=orders, tickets=tickets([]),
                               fixes=fixes([("defective", "Z", "Kim", "2026-10-20")]))
    row = by_issue(result)["defective"]
    assert (row["lines_before"], row["refunded_before"], row["lines_after"],
            row["refunded_after"]) == (30, 3, 0, 0)
    assert row["refund_before"] == pytest.approx(0.1)
    assert row["refund_after"] is None and row["p_value"] is None
    assert row["days_since_fix"] == 36
    assert row["verdict"] == "too_early"
    assert result.warning_lines() == []


def test_two_fixes_of_one_issue_on_different_days_the_latest_is_judged():
    """damaged: Old shipped a fix for SKU A on Sep 1, Ana one for SKU B on Oct 1.

    The Oct 1 fix decides: its owner, date and SKU, and its windows (Sep 3 .. Sep 30
    before, Oct 1 .. Oct 28 after) on B's lines only:
    - B Sep 20, 20 lines, 8 refunded; B Oct 10, 20 lines, none refunded;
    - A Aug 20 and A Oct 10, 20 lines each, all refunded: not B, not counted.
    before 8/20 = 0.4, after 0/20 = 0; pooled 8/40 = 0.2, se = sqrt(0.2 · 0.8 · 0.1)
    = 0.126491, z = 3.1623, p = 0.00157: dropped.
    """
    o = Orders()
    o.add("A", "2026-08-20 10:00", 20, 20).add("A", "2026-10-10 10:00", 20, 20)
    o.add("B", "2026-09-20 10:00", 20, 8).add("B", "2026-10-10 10:00", 20, 0)
    log = fixes([("damaged", "A", "Old", "2026-09-01"), ("damaged", "B", "Ana", "2026-10-01")])
    row = by_issue(voice_of_customer(as_of=AS_OF, orders=o.frame(), tickets=tickets([]),
                                     fixes=log))["damaged"]
    assert (row["owner"], row["fix_shipped"], row["fix_skus"]) == \
        ("Ana", date(2026, 10, 1), ["B"])
    assert (row["lines_before"], row["refunded_before"], row["lines_after"],
            row["refunded_after"]) == (20, 8, 20, 0)
    assert row["p_value"] == pytest.approx(0.00157, abs=1e-5)
    assert row["verdict"] == "dropped"


def test_a_fix_log_row_with_an_unknown_issue_is_an_issue_of_its_own():
    """"misisng parts" (a typo) names no mention's issue. It is listed as its own
    issue (kind fix_log, 0 mentions, no category) while it is recent, so the seller
    sees it; the real missing_parts, 3 mentions and nobody in the fix log for it,
    still needs an owner.
    """
    rows = [ticket(i, "2026-11-10 10:00", "missing_parts") for i in range(3)]
    result = voice_of_customer(as_of=AS_OF, tickets=tickets(rows),
                               fixes=fixes([("misisng parts", None, "Jo", "2026-11-01")]))
    issues = by_issue(result)
    typo = issues["misisng_parts"]
    assert (typo["kind"], typo["mentions"], typo["category"], typo["owner"]) == \
        ("fix_log", 0, None, "Jo")
    real = issues["missing_parts"]
    assert (real["mentions"], real["owner"], real["needs_owner"]) == (3, None, True)
    assert [r["issue"] for r in result.issues] == ["missing_parts", "misisng_parts"]


# --- mentions, shares and SKUs -------------------------------------------------------------

def test_a_ticket_and_a_review_of_one_order_are_two_mentions_and_one_order():
    """Order o1 (SKU A) has a damaged ticket and a 1-star review the rules read as
    damaged; o2 (SKU B) a 2-star damaged review; o3 (SKU C) nothing. All three orders
    were paid in the period.

    damaged: 3 mentions (ticket 1, review 2), W45 — all on Nov 4 and 5; orders affected
    = {o1, o2} = 2 of 3 orders paid: share 2/3; top SKUs A 2 (the ticket and the
    review), B 1.
    """
    orders = (Orders().add("A", "2026-11-02 10:00", 1).add("B", "2026-11-02 10:00", 1)
              .add("C", "2026-11-02 10:00", 1)).frame()
    t = tickets([ticket(1, "2026-11-04 10:00", "damaged", order_id="o1", sku="A")])
    reviews = pd.DataFrame({
        "review_id": text(["r1", "r2"]), "order_id": text(["o1", "o2"]),
        "sku": text(["A", "B"]), "rating": [1, 2],
        "review_text": text(["box crushed", "arrived cracked"]),
        "created_at": times(["2026-11-05 10:00", "2026-11-05 11:00"]),
    })
    labels = pd.DataFrame({"ticket_id": ["r1", "r2"], "subcategory": ["damaged", "damaged"]})
    result = voice_of_customer(as_of=AS_OF, orders=orders, tickets=t, reviews=reviews,
                               review_labels=labels)
    row = by_issue(result)["damaged"]
    assert row["mentions"] == 3
    assert row["by_source"] == {"ticket": 1, "comment": 0, "review": 2}
    assert row["per_week"] == {"2026-W44": 0, "2026-W45": 3, "2026-W46": 0, "2026-W47": 0}
    assert (row["orders_affected"], result.orders_in_period) == (2, 3)
    assert row["share_of_orders"] == pytest.approx(2 / 3)
    assert row["skus"] == [{"sku": "A", "mentions": 2}, {"sku": "B", "mentions": 1}]


def test_a_period_across_new_year_with_an_empty_week():
    """As of Wed 2027-01-13, 4 weeks: 2026-W51 (Dec 14), 2026-W52 (Dec 21), 2026-W53
    (Dec 28 – Jan 3: 2026 has 53 ISO weeks) and 2027-W01 (Jan 4 – Jan 10); the weeks
    before are Nov 16 – Dec 13.

    damaged: Dec 14 00:00 (W51); none in W52; Dec 31 and Sun Jan 3 23:59 (W53);
    Mon Jan 4 00:00 and Jan 10 23:59 (W01) -> 5 now. Before: Nov 16 00:00 and Dec 13
    23:59 -> 2 (Nov 15 23:59 and Jan 11 00:00 fall outside). 5 vs 2: +3 and 5 >= 2.5: up.
    wrong_address: 3 mentions before, none now -> listed, all weeks 0, down.
    sizing_fit: 1 now, 0 before -> flat (1 mention is not a trend).
    """
    rows = [ticket(i, when, "damaged") for i, when in enumerate([
        "2026-12-14 00:00", "2026-12-31 12:00", "2027-01-03 23:59", "2027-01-04 00:00",
        "2027-01-10 23:59", "2026-11-16 00:00", "2026-12-13 23:59", "2026-11-15 23:59",
        "2027-01-11 00:00"])]
    rows += [ticket(20 + i, f"2026-11-2{i} 10:00", "wrong_address") for i in range(3)]
    rows += [ticket(30, "2027-01-01 09:00", "sizing_fit")]
    result = voice_of_customer(as_of=date(2027, 1, 13), tickets=tickets(rows))
    assert result.period.names == ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]
    issues = by_issue(result)
    assert issues["damaged"]["per_week"] == {"2026-W51": 1, "2026-W52": 0, "2026-W53": 2,
                                             "2027-W01": 2}
    assert issues["damaged"]["trend"] == {"direction": "up", "current": 5, "previous": 2}
    assert issues["wrong_address"]["per_week"] == {"2026-W51": 0, "2026-W52": 0,
                                                   "2026-W53": 0, "2027-W01": 0}
    assert issues["wrong_address"]["trend"] == {"direction": "down", "current": 0,
                                                "previous": 3}
    assert issues["sizing_fit"]["per_week"]["2026-W53"] == 1
    assert issues["sizing_fit"]["trend"]["direction"] == "flat"
    period = result.as_dict()["period"]
    assert (period["start"], period["end"]) == (date(2026, 12, 14), date(2027, 1, 10))


def test_issues_with_as_many_mentions_go_by_the_weeks_before_then_by_name():
    """damaged, defective and wrong_variant: 2 mentions each in the period; defective
    had 1 in the weeks before, the other two none. Order: defective (more before), then
    damaged and wrong_variant by name. setup_error (3 mentions) leads.
    """
    rows = [ticket(1, "2026-11-10 10:00", "wrong_variant"),
            ticket(2, "2026-11-10 10:00", "wrong_variant"),
            ticket(3, "2026-11-10 10:00", "damaged"), ticket(4, "2026-11-10 10:00", "damaged"),
            ticket(5, "2026-11-10 10:00", "defective"),
            ticket(6, "2026-11-10 10:00", "defective"),
            ticket(7, "2026-10-10 10:00", "defective"),
            *(ticket(10 + i, "2026-11-11 10:00", "setup_error") for i in range(3))]
    result = voice_of_customer(as_of=AS_OF, tickets=tickets(rows))
    assert [r["issue"] for r in result.issues] == ["setup_error", "defective", "damaged",
                                                   "wrong_variant"]


# --- top questions -------------------------------------------------------------------------

def test_questions_asked_as_often_go_by_who_asked_first_not_by_file_order():
    """Tickets in file order: t1 "Is it vegan?" (Nov 10), t2 "Does it fit a queen bed?"
    (Nov 2), t3 "is it vegan??" (Nov 4); one answered comment "do you ship to canada?"
    (Nov 1).

    "is it vegan" was asked twice: it leads, in the wording asked first ("is it
    vegan??", Nov 4; each wording once). Then the questions asked once, oldest first:
    canada (Nov 1, a comment), then the queen bed (Nov 2). The tickets' file order and
    tickets-before-comments used to decide these ties.
    """
    t = tickets([ticket(1, "2026-11-10 10:00", None, subject="Is it vegan?"),
                 ticket(2, "2026-11-02 10:00", None, subject="Does it fit a queen bed?"),
                 ticket(3, "2026-11-04 10:00", None, subject="is it vegan??")])
    comments = pd.DataFrame({"comment_id": text(["c1"]),
                             "created_at": times(["2026-11-01 10:00"]),
                             "text": text(["do you ship to canada?"])})
    labels = pd.DataFrame({"comment_id": ["c1"], "action": ["answer"], "kind": ["question"]})
    got = top_questions(t, comments, labels, date(2026, 10, 26), date(2026, 11, 23))
    assert got == [
        {"question": "is it vegan??", "count": 2, "tickets": 2, "comments": 0},
        {"question": "do you ship to canada?", "count": 1, "tickets": 0, "comments": 1},
        {"question": "Does it fit a queen bed?", "count": 1, "tickets": 1, "comments": 0},
    ]
