"""SPEC §13: every command's --format json on the sample shop, on a normal day and on
days with nothing to show (before the first order, weeks after the last one) and for a
shop without reviews or comments: the contract's keys are there, dates read
YYYY-MM-DD, rates are fractions, and a missing value is null (never NaN, "", "nan",
"NaT")."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app

SAMPLE = Path(__file__).parents[1] / "examples"  # the sample shop
NORMAL, BEFORE, AFTER = "2026-11-25", "2026-01-01", "2027-06-01"  # orders 2026-07-28..11-24
runner = CliRunner()

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WEEK = re.compile(r"^\d{4}-W\d{2}$")
DATE_KEYS = {"due_date", "last_date", "fix_shipped", "first", "last", "as_of", "week_from",
             "week_to", "paid_from", "paid_to", "start", "end"}
RATE_KEYS = re.compile(r"(^|_)(rate|share)(_\d+)?$|^ci_(low|high)$|^refund_(before|after)$")
NOT_NULL = {"", "nan", "NaN", "NaT", "None", "<NA>", "null", "inf", "-inf"}

METRICS = {"refund_rate", "frt_median_hours", "frt_p90_hours", "unanswered_tickets",
           "missing_parts_tickets", "missing_parts_per_1000_shipped", "reviews", "avg_rating",
           "review_words_mean", "detailed_share", "media_share", "repeat_rate_30",
           "repeat_rate_60", "repeat_rate_90", "negative_comment_rate"}
HEALTH = {"late_dispatch_rate", "seller_fault_cancellation_rate", "negative_review_rate",
          "answered_within_12h_share"}
REFUND_ROW = {"lines", "refunded", "rate", "ci_low", "ci_high", "flagged"}
INPUT_KEYS = {"files", "rows", "duplicates_dropped", "bad_rows", "issues"}


def run_json(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def check_values(value, path: str = "$", key: str = "") -> None:
    """Every value in the tree: no NaN, no text standing for a missing value, dates as
    YYYY-MM-DD, rates in [0, 1] (a change between weeks may be negative)."""
    if isinstance(value, dict):
        for k, v in value.items():
            check_values(v, f"{path}.{k}", k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_values(v, f"{path}[{i}]", key)
    elif isinstance(value, float):
        assert math.isfinite(value), path
        if RATE_KEYS.search(key) and not path.startswith("$.change"):
            assert 0 <= value <= 1, f"{path} = {value}: not a fraction"
    elif isinstance(value, str):
        assert value.strip() not in NOT_NULL, f"{path} = {value!r}: a missing value is null"
        if key in DATE_KEYS:
            assert DATE.match(value), f"{path} = {value!r}: not YYYY-MM-DD"
        if key in ("week", "previous_week"):
            assert WEEK.match(value), path


@pytest.fixture(scope="module")
def shops(tmp_path_factory) -> dict[str, str]:
    """The sample shop's config, and one without its reviews and comments."""
    folder = tmp_path_factory.mktemp("no_feedback")
    (folder / "cx.yaml").write_text(
        "shop: {name: Brightside, market: us, timezone: America/Los_Angeles}\n"
        f"inputs: {{orders: '{SAMPLE}/orders/*.csv', returns: '{SAMPLE}/returns.csv',\n"
        f"         tickets: '{SAMPLE}/tickets.csv', products: '{SAMPLE}/products.yaml',\n"
        f"         fixes: '{SAMPLE}/voc_fixes.csv'}}\n"
        "cache: {enabled: false}\n", encoding="utf-8")
    return {"sample": str(SAMPLE / "cx.yaml"), "no_feedback": str(folder / "cx.yaml")}


DAYS = [NORMAL, BEFORE, AFTER]


def test_validate(shops):
    for shop in shops.values():
        data = run_json("validate", "-c", shop, "-f", "json")
        check_values(data)
        assert set(data["inputs"]["orders"]) >= INPUT_KEYS | {"error"}
        assert data["inputs"]["orders"]["rows"] == 3000  # kept, after deduplication
    assert {"reviews", "comments"} <= set(data["not_given"])


@pytest.mark.parametrize("day", DAYS)
def test_messages_due(shops, day):
    rows = run_json("messages", "due", "-c", shops["sample"], "--date", day, "-f", "json")
    check_values(rows)
    for row in rows:
        assert set(row) >= {"message_id", "stage", "order_id", "sku", "buyer", "due_date",
                            "last_date", "text"}
        assert (row["sku"] is not None) == (row["stage"] == "replenishment")
        assert row["due_date"] <= day <= row["last_date"]
    assert bool(rows) == (day == NORMAL)
    lines = runner.invoke(app, ["messages", "due", "-c", shops["sample"], "--date", day,
                                "-f", "jsonl"]).stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows


@pytest.mark.parametrize("day", DAYS)
def test_scorecard(shops, day):
    for name, shop in shops.items():
        data = run_json("scorecard", "-c", shop, "--date", day, "-f", "json")
        check_values(data)
        assert WEEK.match(data["week"])
        assert set(data["metrics"]) >= METRICS and set(data["previous"]) >= METRICS
        assert set(data["platform_health"]) == HEALTH
        for row in data["refunds_by_sku"]:
            assert set(row) == REFUND_ROW | {"sku"}
        assert data["metrics"]["refund_rate"] == data["cohort"]["rate"]
        if name == "no_feedback":  # no reviews, no comments: unknown, not 0
            for key in ("reviews", "avg_rating", "media_share", "negative_comment_rate"):
                assert data["metrics"][key] is None, key
            assert data["platform_health"]["negative_review_rate"] is None
        if day != NORMAL:  # no order in the week's cohort
            assert data["metrics"]["refund_rate"] is None and data["refunds_by_sku"] == []


@pytest.mark.parametrize("day", DAYS)
def test_refunds(shops, day):
    for by in ("sku", "variation", "product_category"):
        rows = run_json("refunds", "-c", shops["sample"], "--date", day, "--by", by,
                        "-f", "json")
        check_values(rows)
        assert all(set(row) == REFUND_ROW | {by} for row in rows)
        assert bool(rows) == (day == NORMAL)


@pytest.mark.parametrize("day", DAYS)
def test_triage(shops, day):
    rows = run_json("triage", "-c", shops["sample"], "--date", day, "-f", "json")
    check_values(rows)
    for row in rows:
        assert set(row) >= {"ticket_id", "category", "subcategory", "source", "dispute_type",
                            "reply_template", "proof", "escalate"}
        assert row["source"] in ("tagged", "rules") and isinstance(row["escalate"], bool)
    assert bool(rows) == (day != BEFORE)


@pytest.mark.parametrize("day", DAYS)
def test_comments(shops, day):
    rows = run_json("comments", "-c", shops["sample"], "--date", day, "-f", "json")
    check_values(rows)
    for row in rows:
        assert set(row) >= {"comment_id", "action", "kind", "reply"}
        assert row["action"] in ("hide", "reply", "answer", "none")
    data = run_json("comments", "-c", shops["sample"], "--date", day, "--clusters",
                    "-f", "json")
    check_values(data)
    assert data["comments"] == rows
    for cluster in data["clusters"]:
        assert DATE.match(cluster["first"]) and DATE.match(cluster["last"])


@pytest.mark.parametrize("day", DAYS)
def test_voc(shops, day):
    for shop in shops.values():
        data = run_json("voc", "-c", shop, "--date", day, "-f", "json")
        check_values(data)
        assert set(data) >= {"issues", "top_questions"}
        for issue in data["issues"]:
            assert set(issue) >= {"issue", "category", "per_week", "trend", "skus", "owner",
                                  "fix_shipped", "refund_before", "refund_after", "verdict",
                                  "needs_owner", "owned_via"}
            assert issue["verdict"] in ("dropped", "no_change", "too_early", None)
            assert all(WEEK.match(week) for week in issue["per_week"])


def test_lint(tmp_path):
    message = tmp_path / "m.txt"
    message.write_text("Leave a 5-star review and WhatsApp us at +44 7700 900123\n")
    result = runner.invoke(app, ["lint", str(message), "-f", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    check_values(findings)
    assert findings and all(set(f) == {"path", "line", "col", "code", "severity", "message"}
                            for f in findings)
    assert all(isinstance(f["line"], int) and f["line"] >= 1 for f in findings)
