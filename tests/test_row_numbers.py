"""A reported row is the row the seller finds on opening the file in a spreadsheet: the
header is row 1, an empty line or a line of only commas is a row of its own, and a cell
with a line break in it is still one row."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.io.loaders import ParseSettings, load_orders, load_tickets
from cx_cli.io.tables import read_columns, read_header, record_numbers

US = ParseSettings()
TICKETS = "ticket_id,created_at,subject\n"
GOOD = "T1,2026-11-02 09:00:00,late\n"
BAD = "T2,bogus,lost\n"
ORDERS = "Order ID,Order Status,SKU ID,Created Time,Buyer Message\n"
DESCRIPTION = "Platform unique order ID.,Current order status.,SKU ID.,Created.,Message.\n"


def _strict_error(path: Path, *args: str) -> str:
    """The --strict error of a triage run on ``path``: exit 2, one excluded row."""
    result = CliRunner().invoke(app, ["triage", "--tickets", str(path), "--strict",
                                      "--date", "2026-11-10", *args])
    assert result.exit_code == 2, result.output
    return " ".join(result.stderr.split())  # however the terminal wrapped it


@pytest.mark.parametrize(("text", "row"), [
    (TICKETS + GOOD + "\n\n" + BAD, 5),                               # empty lines
    (TICKETS + "\n" + GOOD + "\n" + BAD, 5),                          # one before the first
    ((TICKETS + GOOD + "\n" + BAD).replace("\n", "\r\n"), 4),         # Windows line ends
    (TICKETS + GOOD + ",,\n,,\n" + BAD, 5),                           # lines of only commas
    (TICKETS + GOOD + ",,\n\n" + BAD, 5),                             # both
    (TICKETS + 'T1,2026-11-02 09:00:00,"line one\nline two"\n\n' + BAD, 4),  # a cell's break
    ("\ufeff" + TICKETS + "\n" + GOOD + BAD, 4),                      # a UTF-8 BOM
    (TICKETS + GOOD + "T9\n\n" + BAD, 5),                             # after a short record
], ids=["empty", "before-first", "crlf", "commas", "both", "multiline", "bom", "short"])
def test_the_strict_error_names_the_row_the_seller_sees(tmp_path, text, row):
    path = tmp_path / "tickets.csv"
    path.write_text(text, encoding="utf-8")
    shown = _strict_error(path)
    assert (f"{path}: excluded 1 row: created_at: expected a date/time, found 'bogus' "
            f"(rows {row})") in shown


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_rows_after_empty_lines_in_other_encodings(tmp_path, encoding):
    path = tmp_path / "tickets.csv"
    path.write_bytes((TICKETS + GOOD + "\n\n" + "T2,bogus,café\n").encode(encoding))
    issue, = load_tickets([path], US).report.issues
    assert issue.row == 5


def test_validate_names_the_row_under_the_description_row(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("\ufeff" + ORDERS + DESCRIPTION + "\n"
                    '576461413938923452\t,Completed,1729384756102938475\t,'
                    '11/02/2026 9:30:33 AM,"Please ship fast,\nit\'s a gift"\n'
                    "\n,,,,\n"
                    "576461413938923453\t,Teleported,1729384756102938476\t,"
                    "11/02/2026 9:30:33 AM,\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--orders", str(path), "--strict"])
    assert result.exit_code == 2, result.output
    assert (f"{path}: excluded 1 row: Order Status: expected a known order status, "
            "found 'Teleported' (rows 7)") in " ".join(result.output.split())


def test_a_quote_never_closed_is_reported_at_the_row_it_opens(tmp_path):
    path = tmp_path / "tickets.csv"
    # Past the csv module's field size limit: the re-read stops there, not with an error.
    path.write_text(TICKETS + GOOD + "\n" + 'T2,"never closed,2026-11-02 09:00:00\n'
                    + "T3,2026-11-02 09:00:00,x\n" * 10_000, encoding="utf-8")
    report = load_tickets([path], US).report
    assert {i.row for i in report.issues} == {4}
    assert report.bad_rows == 10_001


def test_empty_rows_of_a_sheet_keep_the_rows_after_them_in_place(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for values in (["ticket_id", "created_at"], ["T1", "2026-11-02 09:00:00"], [], [],
                   ["T2", "bogus"]):
        sheet.append(values)
    path = tmp_path / "tickets.xlsx"
    book.save(path)
    issue, = load_tickets([path], US).report.issues
    assert issue.row == 5


def test_record_numbers_are_the_rows_a_spreadsheet_shows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('h1;h2\n\na;"b\n\nc"\n;\n\r\n\nd;e\n', encoding="utf-8")
    raw = read_columns(path, read_header(path), [0, 1])
    # 1 header, 2 empty, 3 a (three lines in an editor, one row in a sheet), 4 ";",
    # 5 and 6 empty, 7 d
    assert raw.columns[0].to_pylist() == ["", "a", "", "", "", "d"]
    assert record_numbers(raw).tolist() == [2, 3, 4, 5, 6, 7]


# --- any placement of blank lines ------------------------------------------------------

# Each item is one row of the file: a good ticket (its subject may break across lines),
# or a blank line: empty, of only commas, of only spaces, or of more commas than the
# header has (a wider sheet's padding).
BLANK = ["empty", "commas", "spaces", "wide"]
items = st.lists(st.sampled_from(["good", "multiline", *BLANK]), max_size=12)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items, items, st.sampled_from(["\n", "\r\n"]), st.sampled_from(["utf-8", "utf-8-sig"]),
       st.booleans())
def test_any_blank_lines_before_a_bad_row_leave_its_number_exact(
        before, after, newline, encoding, orders):
    lines = [ORDERS.rstrip("\n") if orders else TICKETS.rstrip("\n")]
    if orders:
        lines.append(DESCRIPTION.rstrip("\n"))
    for i, item in enumerate([*before, "bad", *after]):
        if item == "bad":
            bad_row = len(lines) + 1  # the header is row 1
        lines.append(_line(item, i, orders))
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
        handle.write((newline.join(lines) + newline).encode(encoding))
    path = Path(handle.name)
    report = (load_orders if orders else load_tickets)([path], US).report
    assert [i.row for i in report.issues] == [bad_row]
    assert report.bad_rows == 1
    assert report.blank_rows == sum(item in BLANK for item in [*before, *after])
    path.unlink()


@settings(max_examples=60, deadline=None)
@given(items, st.lists(st.sampled_from(["good", *BLANK]), max_size=8),
       st.sampled_from(["\n", "\r\n"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
       st.booleans(), st.booleans())
def test_a_quote_never_closed_in_the_last_column_takes_the_rows_after_it(
        before, after, newline, encoding, orders, final):
    """Whatever comes before it, the record whose last value opens a quote is reported at
    its own row, with every row after it; the rows before it load."""
    after = [*after, "good"]
    lines = [ORDERS.rstrip("\n") if orders else TICKETS.rstrip("\n")]
    for i, item in enumerate([*before, "open", *after]):
        if item == "open":
            open_row = len(lines) + 1
            lines.append(_line("good", i, orders).rsplit(",", 1)[0] + ',"never closed')
        else:
            lines.append(_line(item, i, orders))
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
        handle.write((newline.join(lines) + (newline if final else "")).encode(encoding))
    path = Path(handle.name)
    loaded = (load_orders if orders else load_tickets)([path], US)
    path.unlink()
    assert len(loaded.frame) == sum(item in ("good", "multiline") for item in before)
    assert [i.row for i in loaded.report.issues] == [open_row]
    assert loaded.report.bad_rows == 1 + after.count("good")
    assert loaded.report.blank_rows == sum(item in BLANK for item in before)


def _line(item: str, i: int, orders: bool) -> str:
    if item == "empty":
        return ""
    if item == "commas":
        return "," * (4 if orders else 2)
    if item == "spaces":
        return " \t "
    if item == "wide":
        return "," * 9
    when = "bogus" if item == "bad" else "11/02/2026 9:30:33 AM"
    text = "line one\nline two" if item == "multiline" else "fine"
    buf = io.StringIO()
    fields = ([f"5764614139389{i:05d}", "Completed", f"17293847561029{i:05d}", when, text]
              if orders else [f"T{i}", when, text])
    csv.writer(buf).writerow(fields)
    return buf.getvalue().removesuffix("\r\n")
