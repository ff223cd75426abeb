"""SPEC §4/§8 review: hand-computed cases for rules and edge inputs found in the review.

Shop time is America/Los_Angeles; the frames come from the same helpers as the
timeline and metric tests.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from _metric_frames import frame
from timeline_frames import catalog, day, orders, settings, tickets
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.metrics_refunds import refunds_by
from cx_cli.engines.timeline import due_messages

NO_CAP = "messages: {max_per_buyer_per_day: 0}"


def due_keys(lines, on: str, *, config: str = NO_CAP, **kw) -> list[tuple]:
    msgs = due_messages(lines, settings=settings(config), as_of=day(on), **kw)
    return [(m.stage, m.order_id, m.sku, m.due_date.isoformat(), m.last_date.isoformat())
            for m in msgs]


# --- replenishment on an order delivered with no paid time (cash on delivery) -----------

COD = {"order_id": "1", "sku": "A", "paid_at": None, "status": "delivered",
       "shipped_at": "2026-11-03 10:00", "delivered_at": "2026-11-05 14:00"}
CONSUMABLE = catalog(A={"category": "consumable", "usage_cycle_days": 10})


def test_replenishment_of_an_order_delivered_without_paid_time():
    # Anchor = delivered 11-05; 0.7 x 10 x 1 = 7 days -> due 11-12, last day 11-19.
    # The reorder check found no paid order at all and indexed an empty array.
    assert due_keys(orders(COD), "2026-11-12", catalog=CONSUMABLE) == [
        ("replenishment", "1", "A", "2026-11-12", "2026-11-19")]
    # An unpaid later order of the same SKU is no reorder: it does not suppress.
    unpaid = {**COD, "order_id": "2", "created_at": "2026-11-08 10:00",
              "delivered_at": None, "shipped_at": None, "status": "unpaid"}
    assert ("replenishment", "1", "A", "2026-11-12", "2026-11-19") in due_keys(
        orders(COD, unpaid), "2026-11-12", catalog=CONSUMABLE)


def test_messages_due_cli_with_a_cash_on_delivery_order(tmp_path: Path):
    (tmp_path / "orders.csv").write_text(
        "order_id,status,sku,quantity,created_at,paid_at,shipped_at,delivered_at,buyer\n"
        "1,delivered,SOAP,1,2026-11-01 09:00,,2026-11-03 10:00,2026-11-05 14:00,ana\n",
        encoding="utf-8")
    (tmp_path / "products.yaml").write_text(
        "SOAP: {name: Oat Soap, category: consumable, usage_cycle_days: 30}\n",
        encoding="utf-8")
    (tmp_path / "cx.yaml").write_text(
        "inputs: {orders: orders.csv, products: products.yaml}\n"
        "columns: {orders: {preset: generic}}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["messages", "due", "--date", "2026-11-26", "-f", "json",
                                      "--config", str(tmp_path / "cx.yaml")])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    # 0.7 x 30 = 21 days after the delivery on 11-05.
    assert [(r["stage"], r["order_id"], r["sku"], r["due_date"]) for r in rows] == [
        ("replenishment", "1", "SOAP", "2026-11-26")]


# --- support check-in: usage tickets against the SKU's deliveries of the last 30 days ----

def test_checkin_rate_counts_deliveries_of_the_last_30_days_only():
    # D = 12-01: the last 30 days are 11-02 .. 12-01. Rate 50%; one usage ticket on A.
    config = "messages: {max_per_buyer_per_day: 0, checkin_ticket_rate: 0.5}"
    mine = {"order_id": "1", "sku": "A", "buyer": "ana", "created_at": "2026-11-20 09:00",
            "paid_at": "2026-11-20 09:05", "delivered_at": "2026-11-28 10:00"}
    ticket = tickets({"ticket_id": "T1", "order_id": "2", "sku": "A", "category": "usage",
                      "subcategory": "setup_error", "created_at": "2026-11-25 10:00"})

    def checkin_due(other_delivered: str) -> bool:
        others = [{**mine, "order_id": str(i), "buyer": f"b{i}", "created_at": "2026-10-25 09:00",
                   "paid_at": "2026-10-25 09:05", "delivered_at": other_delivered}
                  for i in (2, 3)]
        keys = due_keys(orders(mine, *others), "2026-12-01", config=config, tickets=ticket)
        return any(k[:2] == ("support_checkin", "1") for k in keys)

    # 3 deliveries in the window: 1 ticket < 50% of 3 -> no check-in.
    assert not checkin_due("2026-11-02 00:30")
    # The other two a day earlier are outside it: 1 ticket >= 50% of 1 -> check-in.
    assert checkin_due("2026-11-01 23:30")


# --- review request: the latest solved ticket moves it; any unsolved one holds it ---------

LIFE = {"order_id": "1", "sku": "A", "paid_at": "2026-11-01 09:05",
        "rts_at": "2026-11-02 10:00", "shipped_at": "2026-11-03 10:00",
        "delivered_at": "2026-11-05 14:00"}


def test_review_request_waits_for_the_latest_solved_ticket_and_any_open_one():
    two_solved = [
        {"ticket_id": "T1", "order_id": "1", "status": "solved",
         "created_at": "2026-11-06 10:00", "resolved_at": "2026-11-10 10:00"},
        {"ticket_id": "T2", "order_id": "1", "status": "solved",
         "created_at": "2026-11-07 10:00", "resolved_at": "2026-11-13 10:00"},
    ]
    # other: delivered 11-05 + 7 = 11-12; latest solved 11-13 + 3 = 11-16 wins.
    assert not [k for k in due_keys(orders(LIFE), "2026-11-15", tickets=tickets(*two_solved))
                if k[0] == "review_request"]
    assert [k for k in due_keys(orders(LIFE), "2026-11-16", tickets=tickets(*two_solved))
            if k[0] == "review_request"] == [
        ("review_request", "1", None, "2026-11-16", "2026-11-23")]
    # A third ticket opened on 11-20 and still open: nothing is due while it is unsolved.
    reopened = tickets(*two_solved, {"ticket_id": "T3", "order_id": "1", "status": "open",
                                     "created_at": "2026-11-20 10:00"})
    assert [k for k in due_keys(orders(LIFE), "2026-11-19", tickets=reopened)
            if k[0] == "review_request"]
    assert not [k for k in due_keys(orders(LIFE), "2026-11-21", tickets=reopened)
                if k[0] == "review_request"]


# --- refund flag: the lower bound must be strictly above the shop-wide rate ---------------

def test_no_refunds_anywhere_flags_nothing():
    # 25 lines, none refunded: the Wilson lower bound is 0, equal to the shop rate 0.
    lines = frame("orders", [{"order_id": f"o{i}", "sku": "A", "paid_at": "2026-11-03 10:00:00",
                              "created_at": "2026-11-03 10:00:00"} for i in range(25)])
    table = refunds_by(lines, None, date(2026, 11, 1), date(2026, 11, 7), min_lines=20)
    assert table.rate == 0.0
    assert [(r["sku"], r["lines"], r["ci_low"], r["flagged"]) for r in table.rows] == [
        ("A", 25, 0.0, False)]
    assert table.rows[0]["ci_high"] == pytest.approx(1.959964**2 / (25 + 1.959964**2))


def test_ships_by_counts_business_days_like_the_dispatch_deadline():
    from datetime import date

    from cx_cli.engines.message_context import BusinessDays

    cal = BusinessDays("US", date(2026, 11, 21))
    saturday, tuesday = date(2026, 11, 21), date(2026, 11, 24)
    assert cal.add(saturday, 2) == date(2026, 11, 24)       # Sat -> Tue, as busday_offset
    assert cal.add(tuesday, 2) == date(2026, 11, 27)        # Thanksgiving (Thu 26th) skipped
    assert cal.add(saturday, 0) == date(2026, 11, 23)       # never before the order
