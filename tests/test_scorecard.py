"""The scorecard engine, its presenters (golden files) and the `cx scorecard` / `cx refunds`
commands.

Golden files come from tests/data/scorecard: a small fixed shop (948 order lines,
60 tickets, 45 reviews; config with support hours and min_lines 5) as of 2026-11-25.
"""

from __future__ import annotations

import ast
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from _metric_frames import frame
from _tables import table_rows
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.config import Settings
from cx_cli.engines.metrics import HEALTH_NAMES, METRIC_NAMES, MetricInputs
from cx_cli.engines.scorecard import build_scorecard
from cx_cli.engines.weeks import parse_week
from cx_cli.render.scorecard import format_change, format_value, sparkline

DATA = Path(__file__).parent / "data" / "scorecard"
CONFIG = str(DATA / "cx.yaml")
SAMPLE = Path(__file__).parents[1] / "examples"  # the sample shop
runner = CliRunner()

REQUIRED_METRICS = {
    "refund_rate", "frt_median_hours", "frt_p90_hours", "unanswered_tickets",
    "missing_parts_tickets", "missing_parts_per_1000_shipped", "reviews", "avg_rating",
    "review_words_mean", "detailed_share", "media_share", "repeat_rate_30", "repeat_rate_60",
    "repeat_rate_90", "negative_comment_rate"}
REQUIRED_HEALTH = {"late_dispatch_rate", "seller_fault_cancellation_rate",
                   "negative_review_rate", "answered_within_12h_share"}


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _tickets():
    # W46: answered in 2 h and 4 h; W47: 1 h, 9 h and one unanswered.
    rows = [("a", "2026-11-10 10:00:00", "2026-11-10 12:00:00"),
            ("b", "2026-11-11 10:00:00", "2026-11-11 14:00:00"),
            ("c", "2026-11-17 10:00:00", "2026-11-17 11:00:00"),
            ("d", "2026-11-18 10:00:00", "2026-11-18 19:00:00"),
            ("e", "2026-11-19 10:00:00", None)]
    return frame("tickets", [{"ticket_id": t, "created_at": c, "first_response_at": r}
                             for t, c, r in rows])


def _orders():
    rows = []
    for i in range(25):  # W47 cohort (paid 11-02..11-08): HOT 13/25, COOL 1/25
        rows.append({"order_id": f"h{i}", "sku": "HOT", "created_at": "2026-11-03 10:00:00",
                     "paid_at": "2026-11-03 10:00:00", "buyer": f"x{i}",
                     "return_type": "refund_only" if i < 13 else "none"})
        rows.append({"order_id": f"c{i}", "sku": "COOL", "created_at": "2026-11-04 10:00:00",
                     "paid_at": "2026-11-04 10:00:00", "buyer": f"y{i}",
                     "return_type": "refund_only" if i < 1 else "none"})
    rows.append({"order_id": "t1", "sku": "TINY", "created_at": "2026-11-05 10:00:00",
                 "paid_at": "2026-11-05 10:00:00", "return_type": "return_refund"})
    rows.append({"order_id": "t2", "sku": "TINY", "created_at": "2026-11-05 10:00:00",
                 "paid_at": "2026-11-05 10:00:00", "return_type": "return_refund"})
    return frame("orders", rows)


def test_scorecard_week_previous_change_and_wrong_way():
    card = build_scorecard(MetricInputs(orders=_orders(), tickets=_tickets()), Settings(),
                           date(2026, 11, 25))
    assert card.week.name == "2026-W47" and card.previous_week.name == "2026-W46"
    assert card.current("frt_median_hours") == 5.0       # of 1 h and 9 h
    assert card.previous("frt_median_hours") == 3.0      # of 2 h and 4 h
    assert card.change("frt_median_hours") == 2.0
    assert card.change("unanswered_tickets") == 1
    wrong = card.wrong_way()
    assert "frt_median_hours" in wrong and "unanswered_tickets" in wrong
    assert len(card.series("frt_median_hours")) == 8
    assert card.series("frt_median_hours")[-2:] == [3.0, 5.0]
    # worst SKUs: the flagged one first, then by rate (TINY's 2 lines are not flagged)
    rows = card.cohort.rows
    assert [(r["sku"], r["flagged"]) for r in rows] == [
        ("HOT", True), ("TINY", False), ("COOL", False)]
    assert card.current("refund_rate") == pytest.approx(16 / 52)


def test_scorecard_json_contract():
    card = build_scorecard(MetricInputs(orders=_orders(), tickets=_tickets()), Settings(),
                           date(2026, 11, 25), parse_week("2026-W47"), weeks=4)
    data = card.to_json()
    assert data["week"] == "2026-W47"
    assert set(data["metrics"]) >= REQUIRED_METRICS and set(data["previous"]) >= REQUIRED_METRICS
    assert set(data["platform_health"]) == REQUIRED_HEALTH
    assert set(data["refunds_by_sku"][0]) == {"sku", "lines", "refunded", "rate", "ci_low",
                                              "ci_high", "flagged"}
    assert data["metrics"]["reviews"] is None  # no reviews export: null
    assert data["cohort"]["paid_from"] == date(2026, 11, 2)
    assert data["cohort"]["paid_to"] == date(2026, 11, 8)
    assert data["series"]["weeks"] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert set(METRIC_NAMES) == set(data["metrics"]) and set(HEALTH_NAMES) == REQUIRED_HEALTH


def test_one_week_series_still_has_a_previous_week():
    card = build_scorecard(MetricInputs(tickets=_tickets()), Settings(), date(2026, 11, 25),
                           weeks=1)
    assert card.series("frt_median_hours") == [5.0]
    assert card.previous("frt_median_hours") == 3.0


def test_formatting_helpers():
    assert sparkline([1, 2, None, 8]) == "▁▂ █"
    assert sparkline([3, 3]) == "▄▄" and sparkline([None, None]) == "  "
    # Eight weeks without a missing-parts ticket read as nothing, not as a middling bar.
    assert sparkline([0, 0, None, 0.0]) == "▁▁ ▁"
    assert format_value(0.0412, "pct") == "4.1%" and format_value(None, "pct") == "—"
    assert format_change(-0.011, "pct") == "-1.1 pp" and format_change(2, "count") == "+2"
    assert format_value(3.25, "hours") == "3.2 h" and format_value(1204, "count") == "1,204"


# --- presenters: golden files ---------------------------------------------------------------


def test_golden_markdown(golden):
    result = run("scorecard", "-c", CONFIG, "--date", "2026-11-25", "-f", "md")
    assert result.exit_code == 0, result.output
    golden("scorecard.md", result.stdout)


def test_golden_json(golden):
    result = run("scorecard", "-c", CONFIG, "--date", "2026-11-25", "-f", "json")
    assert result.exit_code == 0, result.output
    golden("scorecard.json", result.stdout)
    data = json.loads(result.stdout)
    assert set(data["metrics"]) >= REQUIRED_METRICS
    assert data["metrics"]["negative_comment_rate"] is None  # no comments export


# --- the commands ---------------------------------------------------------------------------


def test_scorecard_table():
    result = run("scorecard", "-c", CONFIG, "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Scorecard 2026-W47 (2026-11-16 to 2026-11-22) vs 2026-W46" in out
    assert "│ Refund rate (cohort)       │     24.6% │    22.8% │  +1.8 pp │" in out
    assert "Moved the wrong way — the common fix:" in out
    assert "│ TEE-M  │    14 │        7 │ 50.0% │ 26.8%–73.2% │ FLAGGED │" in out
    assert "Refund cohort: lines paid 2026-11-02 to 2026-11-08" in out
    assert "< 0.5% (published for Thailand)" in out
    assert "FRT median, business h" in out


def test_scorecard_csv_and_output_file(tmp_path):
    target = tmp_path / "card.csv"
    result = run("scorecard", "-c", CONFIG, "--date", "2026-11-25", "-f", "csv",
                 "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    lines = target.read_text().splitlines()
    assert lines[0].startswith("section,name,label,week,value,previous,change")
    assert any(line.startswith("metric,refund_rate,") for line in lines)
    assert any(line.startswith("platform_health,late_dispatch_rate,") for line in lines)
    # A SKU's row names the paid dates its cohort counts, as the table's heading does.
    assert any(line.startswith("refunds_by_sku,TEE-M,lines paid 2026-11-02 to 2026-11-08,"
                               "2026-W47,") for line in lines)


def test_scorecard_week_and_weeks_options():
    result = run("scorecard", "-c", CONFIG, "--date", "2026-11-25", "--week", "2026-W45",
                 "--weeks", "3", "-f", "json")
    data = json.loads(result.stdout)
    assert data["week"] == "2026-W45" and data["previous_week"] == "2026-W44"
    assert data["series"]["weeks"] == ["2026-W43", "2026-W44", "2026-W45"]
    assert data["cohort"]["paid_from"] == "2026-10-19"
    assert "partial" not in result.stderr


@pytest.mark.parametrize(("week", "warned"), [("2026-W47", False), ("2026-W48", True),
                                               ("2026-W53", True)])
def test_a_week_not_over_on_the_day_is_shown_with_a_warning(week, warned):
    result = run("scorecard", "-c", CONFIG, "--date", "2026-11-25", "--week", week,
                 "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["week"] == week
    assert (f"week {week} is not over on 2026-11-25 (--date, default today): its figures "
            "are partial" in result.stderr) is warned


@pytest.mark.parametrize("week", ["2026-47", "2026-W60", "last"])
def test_bad_week_exits_2(week):
    result = run("scorecard", "-c", CONFIG, "--week", week)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_scorecard_without_inputs_shows_dashes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("scorecard", "--date", "2026-11-25", "-f", "md")
    assert result.exit_code == 0, result.output
    assert "| Refund rate (cohort) | — | — | — |" in result.stdout


def test_refunds_command_default_window_and_groups():
    result = run("refunds", "-c", CONFIG, "--date", "2026-11-25", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert set(rows[0]) == {"sku", "lines", "refunded", "rate", "ci_low", "ci_high", "flagged"}
    md = run("refunds", "-c", CONFIG, "--date", "2026-11-25", "-f", "md").stdout
    assert "lines paid 2026-10-28 to 2026-11-24" in md  # the 28 days before --date
    by_var = json.loads(run("refunds", "-c", CONFIG, "--since", "2026-11-02", "--until",
                            "2026-11-08", "--by", "variation", "-f", "json").stdout)
    assert {r["variation"] for r in by_var} == {"Blue", "M", "White", "Black"}
    # the same window as the scorecard's W47 cohort gives the same per-SKU counts
    by_sku = json.loads(run("refunds", "-c", CONFIG, "--since", "2026-11-02", "--until",
                            "2026-11-08", "-f", "json").stdout)
    card = json.loads(run("scorecard", "-c", CONFIG, "--date", "2026-11-25", "-f",
                          "json").stdout)
    assert by_sku == card["refunds_by_sku"]
    csv_out = run("refunds", "-c", CONFIG, "--by", "product_category", "--date", "2026-11-25",
                  "-f", "csv").stdout
    assert csv_out.startswith("product_category,lines,refunded,rate,ci_low,ci_high,flagged\n")
    table = run("refunds", "-c", CONFIG, "--date", "2026-11-25").stdout
    assert "Refund rate by SKU" in table


@pytest.mark.parametrize("args, message", [
    (("--since", "2026-11-10", "--until", "2026-11-01"), "is after --until"),
    # No --until: the default it is after is named, not an --until never given.
    (("--since", "2026-11-25", "--date", "2026-11-25"),
     "--since 2026-11-25 is after 2026-11-24, the last paid date by default (the day "
     "before --date"),
    (("--since", "11/01/2026"), "--since expects YYYY-MM-DD"),
    (("--by", "colour"), ""),
])
def test_refunds_bad_options_exit_2(args, message):
    result = run("refunds", "-c", CONFIG, *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(("by", "header"), [("variation", "Variation"),
                                             ("product_category", "Product Category")])
def test_refunds_by_a_column_the_export_lacks_says_so(tmp_path, monkeypatch, by, header):
    # An export without a Variation column gave one group "—" holding every line.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "orders.csv").write_text(
        "Order ID,Order Status,Seller SKU,Paid Time,Created Time,Cancelation/Return Type\n"
        "1,Completed,A,2026-11-03 10:00:00,2026-11-03 10:00:00,\n"
        "2,Completed,A,2026-11-04 10:00:00,2026-11-04 10:00:00,Refund only\n",
        encoding="utf-8")
    result = run("refunds", "--orders", "orders.csv", "--date", "2026-11-10", "--by", by)
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert f"--by {by}: the orders export has no {by} column ('{header}'" in message
    by_sku = run("refunds", "--orders", "orders.csv", "--date", "2026-11-10", "-f", "json")
    assert [(r["sku"], r["lines"], r["refunded"]) for r in json.loads(by_sku.stdout)] == [
        ("A", 2, 1)]


def test_refunds_needs_orders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("refunds")
    assert result.exit_code == 2 and "no orders export given" in result.stderr


def test_engines_and_cli_modules_keep_their_layers():
    """Engines never import typer/rich/cli; cli modules import no pandas at module level."""
    root = Path(__file__).parent.parent / "cx_cli"
    engines = ["weeks", "metrics", "metrics_refunds", "metrics_support", "metrics_orders",
               "metrics_feedback", "scorecard"]
    for name in engines:
        tree = ast.parse((root / "engines" / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) \
                    else [node.module or ""]
                for mod in mods:
                    assert not mod.startswith(("typer", "rich", "cx_cli.cli")), (name, mod)
    for name in ("scorecard", "refunds"):
        tree = ast.parse((root / "cli" / f"{name}.py").read_text())
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) \
                    else [node.module or ""]
                assert not any(m.startswith(("pandas", "pyarrow", "numpy")) for m in mods)


def test_scorecard_classifies_comments_when_given(tmp_path):
    pytest.importorskip("cx_cli.engines.comments")
    comments = tmp_path / "comments.csv"
    comments.write_text(
        "comment_id,video_id,created_at,author,text\n"
        "c1,v1,2026-11-16 10:00:00,ann,this is a scam it arrived broken\n"
        "c2,v1,2026-11-17 10:00:00,bob,love it so much\n"
        "c3,v1,2026-11-18 10:00:00,cat,what size should I get?\n"
        "c4,v1,2026-11-10 10:00:00,dan,mine never arrived\n", encoding="utf-8")
    result = run("scorecard", "-c", CONFIG, "--date", "2026-11-25", "--comments",
                 str(comments), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rate = data["metrics"]["negative_comment_rate"]
    assert rate is not None and 0 < rate < 1  # 3 comments in W47, not all negative
    assert data["previous"]["negative_comment_rate"] is not None


def test_tickets_without_a_first_response_column_leave_response_metrics_unknown(tmp_path):
    """Gorgias's export has no first response time: its tickets are not all unanswered,
    their response figures are unknown (—), and validate says why."""
    (tmp_path / "g.csv").write_text(
        "id,channel,created_datetime,opened_datetime,closed_datetime,status,subject\n"
        "1,chat,2026-11-17 10:00:00,2026-11-17 10:00:00,2026-11-17 12:00:00,closed,Where?\n"
        "2,chat,2026-11-18 10:00:00,2026-11-18 10:00:00,,open,Broken\n")
    (tmp_path / "cx.yaml").write_text("columns: {tickets: {preset: gorgias}}\n"
                                      "inputs: {tickets: g.csv}\n")
    config = str(tmp_path / "cx.yaml")
    card = json.loads(run("scorecard", "-c", config, "--date", "2026-11-25",
                          "-f", "json").stdout)
    for name in ("unanswered_tickets", "frt_median_hours", "frt_p90_hours"):
        assert card["metrics"][name] is None, name
    assert card["platform_health"]["answered_within_12h_share"] is None
    assert "first response times, unanswered tickets and the 12-hour share are not " \
           "computed" in run("validate", "-c", config).stdout
    # With the column (here empty for the open ticket) the figures are computed.
    (tmp_path / "g.csv").write_text(
        "id,channel,created_datetime,first_response_datetime,status,subject\n"
        "1,chat,2026-11-17 10:00:00,2026-11-17 11:00:00,closed,Where?\n"
        "2,chat,2026-11-18 10:00:00,,open,Broken\n")
    card = json.loads(run("scorecard", "-c", config, "--date", "2026-11-25",
                          "-f", "json").stdout)
    assert card["metrics"]["unanswered_tickets"] == 1
    assert card["metrics"]["frt_median_hours"] == 1.0


def test_a_metric_whose_column_the_export_lacks_is_null_not_zero(tmp_path):
    """Reviews without a media column read "media share 0.0", orders without Shipped Time
    "late dispatch 1.0" (every order late) and without Cancel By "seller-fault
    cancellations 0.0": figures the exports cannot give, now null ("—")."""
    text = (DATA / "orders.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, h in enumerate(rows[0]) if h not in ("Shipped Time", "Cancel By")]
    orders = tmp_path / "orders.csv"
    with orders.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([[row[i] for i in keep] for row in rows])
    reviews = tmp_path / "reviews.csv"
    with reviews.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([row[:-2] + row[-1:] for row in csv.reader(
            (DATA / "reviews.csv").open(encoding="utf-8"))])  # has_media left out
    assert "has_media" not in reviews.read_text(encoding="utf-8")
    common = ["scorecard", "--date", "2026-11-25", "-f", "json"]
    whole = json.loads(run(*common, "-c", CONFIG).stdout)
    card = json.loads(run(*common, "--orders", str(orders), "--reviews", str(reviews),
                          "--tickets", str(DATA / "tickets.csv")).stdout)
    for section in ("metrics", "previous"):
        assert whole[section]["media_share"] is not None
        assert card[section]["media_share"] is None
        assert card[section]["missing_parts_per_1000_shipped"] is None
        assert card[section]["avg_rating"] == whole[section]["avg_rating"]
        assert card[section]["detailed_share"] == whole[section]["detailed_share"]
    for section in ("platform_health", "platform_health_previous"):
        assert whole[section]["late_dispatch_rate"] is not None
        assert card[section]["late_dispatch_rate"] is None
        assert card[section]["seller_fault_cancellation_rate"] is None
        assert card[section]["negative_review_rate"] == whole[section]["negative_review_rate"]
    assert set(card["series"]["late_dispatch_rate"]) == {None}
    out = " ".join(run("validate", "--orders", str(orders), "--reviews", str(reviews)
                       ).stdout.split())
    assert "orders: no shipped time column (shipped_at; 'Shipped Time'" in out
    assert "orders: no cancel-by column (cancel_by; 'Cancel By'" in out
    assert "reviews: no has_media column: the media share is not computed" in out


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_scorecard_wraps_a_long_metric_name_never_cuts_it(monkeypatch, width):
    """At 80 columns the sample shop's scorecard read "Missing parts / 1k sh…". Now a name
    too long for its column wraps between words onto a second line ("Missing parts /
    1k" / "shipped"), the figures whole; at 120 every metric keeps one line."""
    import csv
    import io

    monkeypatch.setenv("COLUMNS", str(width))
    args = ["scorecard", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25"]
    result = runner.invoke(app, args, terminal_width=width)
    assert result.exit_code == 0, result.output
    # The sample shop has no support hours: the business-hours metrics are not shown.
    expected = [r for r in csv.DictReader(io.StringIO(run(*args, "-f", "csv").stdout))
                if r["section"] == "metric" and not r["name"].endswith("_business_hours")]
    text = result.stdout.split("Moved the wrong way")[0]
    assert max(map(len, text.splitlines())) <= width
    rows = table_rows(text, key=1)  # "This week" starts a row: a name may take two lines
    assert [r[0] for r in rows] == [r["label"] for r in expected]
    assert "Missing parts / 1k shipped" in [r[0] for r in rows]
    assert "…" not in text
    assert all(r[1] and r[2] and r[3] for r in rows)  # the figures, on the name's line
    body = [line for line in text.splitlines() if line.startswith("│")]
    assert len(body) == len(rows) + (width == 80)  # only that name takes two lines


def test_the_scorecard_written_to_a_file_keeps_one_line_a_metric(tmp_path):
    out = tmp_path / "scorecard.txt"
    result = run("scorecard", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8").split("Moved the wrong way")[0]
    assert all(line == line.rstrip() for line in text.splitlines())
    rows = table_rows(text, key=1)
    assert "Missing parts / 1k shipped" in [r[0] for r in rows]
    assert len([line for line in text.splitlines() if line.startswith("│")]) == len(rows)


def _card(tmp_path, *args: str) -> dict:
    result = run("scorecard", "--date", "2026-11-25", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_reply_in_one_of_two_overlapping_ticket_exports_is_kept(tmp_path):
    """T1 was exported twice: before the reply ("tickets.csv") and after it ("tickets
    (1).csv", which sorts first). Whichever copy wins, the ticket was answered:
    W47 has T1 (1 h) and T2 (unanswered) -> median 1.0 h, 1 unanswered, 12-hour share
    1/2. Before, the older copy won and both tickets read unanswered (median —)."""
    (tmp_path / "tickets.csv").write_text(
        "ticket_id,created_at,first_response_at,status\n"
        "T1,2026-11-16 09:00:00,,open\n", encoding="utf-8")
    (tmp_path / "tickets (1).csv").write_text(
        "ticket_id,created_at,first_response_at,status\n"
        "T1,2026-11-16 09:00:00,2026-11-16 10:00:00,solved\n"
        "T2,2026-11-17 09:00:00,,open\n", encoding="utf-8")
    card = _card(tmp_path, "--tickets", str(tmp_path / "tickets*.csv"))
    assert card["metrics"]["unanswered_tickets"] == 1
    assert card["metrics"]["frt_median_hours"] == 1.0
    assert card["platform_health"]["answered_within_12h_share"] == 0.5


def test_ticket_times_with_an_offset_fall_in_the_shop_week_across_a_dst_change(tmp_path):
    """Shop time America/Los_Angeles; US DST ended Sun 2026-11-01 02:00 PDT -> 01:00 PST.

    A 2026-11-02T07:30Z = Sun 11-01 23:30 PST -> W44, answered 09:30Z: 2 h
    B 2026-11-02T08:00Z = Mon 11-02 00:00 PST -> W45 (not counted in W44)
    C 2026-11-01T08:30Z = Sun 11-01 01:30 PDT -> W44, answered 09:30Z (01:30 PST): 1 h
      (0 h on the wall clock, 1 h waited)
    D 2026-10-26T06:59Z = Sun 10-25 23:59 PDT -> W43, answered 30 min later
    W44: [1, 2] -> median 1.5, p90 1 + 0.9 * 1 = 1.9; W43: 0.5.
    """
    (tmp_path / "t.csv").write_text(
        "ticket_id,created_at,first_response_at,status\n"
        "A,2026-11-02T07:30:00Z,2026-11-02T09:30:00Z,solved\n"
        "B,2026-11-02T08:00:00Z,2026-11-02T08:30:00Z,solved\n"
        "C,2026-11-01T08:30:00Z,2026-11-01T09:30:00Z,solved\n"
        "D,2026-10-26T06:59:00Z,2026-10-26T07:29:00Z,solved\n", encoding="utf-8")
    card = _card(tmp_path, "--tickets", str(tmp_path / "t.csv"), "--week", "2026-W44")
    assert card["metrics"]["frt_median_hours"] == pytest.approx(1.5)
    assert card["metrics"]["frt_p90_hours"] == pytest.approx(1.9)
    assert card["platform_health"]["answered_within_12h_share"] == 1.0
    assert card["previous"]["frt_median_hours"] == pytest.approx(0.5)


def test_review_figures_count_words_as_whitespace_separates_them(tmp_path):
    """Reviews created in W47, after the loader drops the 0- and 6-star rows (bad rows):

    R1 5 stars, "   " (only spaces): 0 words, media
    R2 4 stars, "👍👍 👍" (emoji between spaces are words): 2 words
    R3 2 stars, "很好用 推荐" (CJK words separated by a space only once): 2 words
    R4 3 stars, 11 words joined by no-break and ideographic spaces: 11 words
    count 4, rating 14/4 = 3.5, words 15/4 = 3.75, detailed (>= 11) 1/4, media 1/4.
    """
    eleven = ("one\u00a0two\u00a0three\u00a0four\u00a0five\u00a0six\u3000"
              "seven\u2003eight\u2003nine\u2003ten\u2003eleven")
    rows = [("R1", 5, "   ", "yes"), ("R2", 4, "👍👍 👍", ""), ("R3", 2, "很好用 推荐", "no"),
            ("R4", 3, eleven, "0"), ("R5", 0, "zero stars is no rating", ""),
            ("R6", 6, "six stars is none either", "")]
    path = tmp_path / "r.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["review_id", "rating", "review_text", "has_media", "created_at"])
        out.writerows([(r, s, t, m, "2026-11-18 10:00:00") for r, s, t, m in rows])
    result = run("scorecard", "--date", "2026-11-25", "-f", "json", "--reviews", str(path))
    assert "excluded 2 rows: rating" in " ".join(result.stderr.split())
    metrics = json.loads(result.stdout)["metrics"]
    assert (metrics["reviews"], metrics["avg_rating"], metrics["review_words_mean"],
            metrics["detailed_share"], metrics["media_share"]) == (4, 3.5, 3.75, 0.25, 0.25)


def test_the_terminal_scorecard_says_how_many_skus_its_refund_table_leaves_out():
    # The sample shop's W47 cohort has 13 SKUs; the table shows 10. The Markdown said
    # "3 more SKUs in --format json or csv."; the terminal said nothing.
    args = ["scorecard", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-29"]
    result = runner.invoke(app, args, terminal_width=120)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "3 more SKUs in --format json or csv." in text
    card = json.loads(run(*args, "-f", "json").stdout)
    assert len(card["refunds_by_sku"]) == 13


def test_the_sample_shop_has_comments_in_its_last_weeks():
    """The sample shop's comments stopped on 2026-11-10, two weeks before its last day:
    `cx demo`'s scorecard showed "Negative comments  —" for W47. Its videos now draw
    comments as long as the shop sells. W47 (11-16 to 11-22) has 4: "what a loser
    product from losers" (abuse), "ordered 3 weeks ago and it's still in transit" (a
    complaint), "W product" and "this is sick 🔥" (praise) -> 2/4 = 50.0%; W46 has 5,
    3 of them complaints (a broken spin mop, a refund, a wrong colour) -> 60.0%."""
    args = ["scorecard", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25"]
    card = json.loads(run(*args, "-f", "json").stdout)
    assert card["week"] == "2026-W47"
    assert card["metrics"]["negative_comment_rate"] == 0.5
    assert card["previous"]["negative_comment_rate"] == 0.6
    series = card["series"]
    assert series["weeks"][-4:] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert None not in series["negative_comment_rate"][-4:]
    with open(SAMPLE / "comments.csv", encoding="utf-8", newline="") as f:
        weeks = {date.fromisoformat(r["created_at"][:10]).isocalendar()[:2]
                 for r in csv.DictReader(f)}
    assert {(2026, w) for w in (44, 45, 46, 47)} <= weeks
    rows = table_rows(runner.invoke(app, args, terminal_width=120).stdout
                      .split("Moved the wrong way")[0], key=1)
    assert [r[1:4] for r in rows if r[0] == "Negative comments"] == [
        ["50.0%", "60.0%", "-10.0 pp"]]


ORDER_HEADER = ("Order ID,Order Status,Cancelation/Return Type,Seller SKU,Quantity,"
                "Sku Quantity of return,Created Time,Paid Time,Shipped Time,Buyer Username")


def test_a_sku_with_no_refund_is_never_flagged_and_its_bounds_are_exact(tmp_path):
    """W47's cohort (paid 11-02..11-08): MUG 69 lines, none refunded; CASE 4 lines, all
    refunded (a Refund only and three returned quantities). Shop-wide 4/73.
    MUG's Wilson interval is [0, z²/(69 + z²)]: its lower bound 0 is not above the
    shop-wide rate, so it is not flagged. Before, rounding left the lower bound at
    3.5e-18, so in a cohort with no refund at all MUG was FLAGGED at 0%. CASE, 4 of 4:
    [4/(4 + z²), 1], the upper bound exactly 1 (it was 0.9999999999999999)."""
    z2 = 1.959964 ** 2
    rows = [f"{700000 + i},Completed,,MUG,1,0,11/03/2026 10:00:00 AM,"
            f"11/03/2026 10:00:00 AM,11/04/2026 10:00:00 AM,b{i}" for i in range(69)]
    no_refund = tmp_path / "mug.csv"
    no_refund.write_text(ORDER_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    card = _card(tmp_path, "--orders", str(no_refund))
    assert card["cohort"]["rate"] == 0.0
    assert card["refunds_by_sku"] == [{"sku": "MUG", "lines": 69, "refunded": 0, "rate": 0.0,
                                       "ci_low": 0.0, "ci_high": pytest.approx(z2 / (69 + z2)),
                                       "flagged": False}]
    rows += [f"{800000 + i},Completed,{'Refund only' if i == 0 else ''},CASE,1,"
             f"{0 if i == 0 else 1},11/05/2026 10:00:00 AM,11/05/2026 10:00:00 AM,,c{i}"
             for i in range(4)]
    some = tmp_path / "orders.csv"
    some.write_text(ORDER_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    card = _card(tmp_path, "--orders", str(some))
    case = card["refunds_by_sku"][0]
    assert (case["sku"], case["lines"], case["refunded"], case["ci_high"]) == ("CASE", 4, 4, 1.0)
    assert case["ci_low"] == pytest.approx(4 / (4 + z2))
