"""Lines a hand-edited export gets wrong: a quote never closed in the last column, empty
lines, lines of only spaces. None is lost without a word: a record that took rows with
it is reported with them, and blank lines are skipped and counted as blank rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.io.loaders import ParseSettings, load_orders, load_tickets

US = ParseSettings()
TICKETS = "ticket_id,created_at,subject"
WHEN = "2026-11-02 09:00:00"
NEVER_CLOSED = [f"T1,{WHEN},late", f'T2,{WHEN},"never closed', f"T3,{WHEN},x",
                f"T4,{WHEN},y", f"T5,{WHEN},z"]


def _write(path: Path, lines: list[str], newline: str = "\n", final: bool = True,
           encoding: str = "utf-8") -> Path:
    path.write_bytes((newline.join(lines) + (newline if final else "")).encode(encoding))
    return path


def _validate(*args: str):
    return CliRunner().invoke(app, ["validate", *args], terminal_width=200)


def _said(result) -> str:
    return " ".join(result.output.split())  # however the terminal wrapped it


# --- a quote never closed in the last column ------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False], ids=["final-break", "no-final-break"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_a_quote_never_closed_in_the_last_column_is_reported_with_the_rows_it_took(
        tmp_path, newline, final, encoding):
    path = _write(tmp_path / "tickets.csv", [TICKETS, *NEVER_CLOSED], newline, final, encoding)
    loaded = load_tickets([path], US)
    assert loaded.frame["ticket_id"].tolist() == ["T1"]
    assert loaded.report.bad_rows == 4
    assert loaded.report.warning_lines() == [
        f"{path}: excluded 4 rows: a quote in the last column ('subject') is never closed: "
        "the 3 rows after it were read into its value, from '\"never closed' "
        "(malformed record) (rows 3)"]


@pytest.mark.parametrize("files", [1, 2], ids=["one-file-over-threads", "two-files"])
def test_a_quote_never_closed_in_a_file_of_many_blocks_loses_nothing_unsaid(
        tmp_path, monkeypatch, files):
    """pyarrow reads a big file in blocks (16 MB). Cut at every line break, the block
    where a last-column quote opens was dropped from there on, with nothing said: a
    year's export lost up to 16 MB of rows silently."""
    from cx_cli.io import tables

    monkeypatch.setattr(tables, "BLOCK_SIZE", 1024)
    lines = [TICKETS] + [f"T{i},{WHEN},s{i}" for i in range(200)]
    lines[160] = f'T159,{WHEN},"never closed'
    paths = [_write(tmp_path / "tickets.csv", lines)]
    if files == 2:
        paths.append(_write(tmp_path / "more.csv", [TICKETS, f"X1,{WHEN},x"]))
    loaded = load_tickets(paths, US)
    assert len(loaded.frame) == 159 + (files == 2)
    assert loaded.report.bad_rows == 41
    assert "a quote in the last column ('subject') is never closed: the 40 rows after " \
        "it were read into its value" in loaded.report.warning_lines()[0]


def test_validate_and_strict_name_the_row_where_the_quote_opens(tmp_path):
    path = _write(tmp_path / "tickets.csv", [TICKETS, *NEVER_CLOSED])
    shown = _validate("--tickets", str(path))
    assert shown.exit_code == 0, shown.output
    assert "│ tickets │ 1 │ 1 │ 0 │ 4 │ rows excluded │" in _said(shown)
    assert (f"Excluded: {path}: excluded 4 rows: a quote in the last column ('subject') is "
            "never closed: the 3 rows after it were read into its value, from "
            "'\"never closed' (malformed record) (rows 3)") in _said(shown)
    strict = _validate("--tickets", str(path), "--strict")
    assert strict.exit_code == 2
    assert "the 3 rows after it were read into its value" in _said(strict)


def test_blank_lines_a_quote_took_are_not_counted_as_rows(tmp_path):
    path = _write(tmp_path / "tickets.csv",
                  [TICKETS, *NEVER_CLOSED[:3], "", "   ", ",,", *NEVER_CLOSED[3:]])
    report = load_tickets([path], US).report
    assert report.bad_rows == 4 and report.blank_rows == 0
    assert "the 3 rows after it" in report.warning_lines()[0]


def test_a_quote_never_closed_in_a_column_cx_does_not_read(tmp_path):
    # The last column of an order export is one cx does not need (Creator Handle).
    header = "Order ID,Order Status,SKU ID,Created Time,Creator Handle"
    lines = [header] + [f"57646141393892345{i},Completed,17293847561029384{i},"
                        f"11/02/2026 9:30:33 AM,@creator{i}" for i in range(5)]
    lines[3] = lines[3].replace("@creator2", '"@creator2')
    loaded = load_orders([_write(tmp_path / "orders.csv", lines)], US)
    assert len(loaded.frame) == 2
    assert loaded.report.bad_rows == 3
    (line,) = loaded.report.warning_lines()
    assert "a quote in the last column ('Creator Handle') is never closed: the 2 rows " \
        "after it were read into its value, from '\"@creator2' (malformed record) (rows 4)" \
        in line


@pytest.mark.parametrize("final", [True, False], ids=["final-break", "no-final-break"])
def test_quoted_line_breaks_in_the_last_column_stay_one_value(tmp_path, final):
    """Buyer messages with line breaks, even ones whose lines split like records, load as
    one value when their quote is closed: in the middle and at the end of the file."""
    messages = ["Hi,\nit broke, the cap, sadly", 'He said "fine",\nT9,x,y\n', "Thanks!\n",
                "Hi,\nit broke, the cap, sadly"]
    lines = [TICKETS] + [f'T{i},{WHEN},"{m.replace(chr(34), 2 * chr(34))}"'
                         for i, m in enumerate(messages)]
    loaded = load_tickets([_write(tmp_path / "tickets.csv", lines, final=final)], US)
    assert loaded.report.bad_rows == 0, loaded.report.warning_lines()
    assert loaded.frame["subject"].tolist() == [m.strip() for m in messages]


def test_a_quote_never_closed_on_the_last_line_takes_no_row(tmp_path):
    path = _write(tmp_path / "tickets.csv", [TICKETS, *NEVER_CLOSED[:2]])
    loaded = load_tickets([path], US)
    assert loaded.frame["ticket_id"].tolist() == ["T1", "T2"]
    assert loaded.report.bad_rows == 0


# --- a quote left open that a quote in a later row closes --------------------------------

ORDERS = "Order ID,Order Status,SKU ID,Created Time,Buyer Message,Creator Handle"


def _order(i: int, message: str = "fast please") -> str:
    return (f"57646141393892345{i},Completed,17293847561029384{i},11/02/2026 9:30:33 AM,"
            f"{message},@creator{i}")


# A stray quote opens a value in row 3; the quote that closes it is row 5's (a value
# quoted for the quote in it): rows 3 to 5 read as one record of the right width, the
# value with two line breaks, as a real multi-line message would.
SWALLOWED = {
    "orders": [ORDERS, _order(0), _order(1, '"fast please'), _order(2),
               _order(3, '"say ""hi"""'), _order(4)],
    "tickets": [TICKETS, f"T1,{WHEN},late", f'T2,{WHEN},"never closed', f"T3,{WHEN},x",
                f'T4,{WHEN},"said ""hi"""', f"T5,{WHEN},y"],
}


@pytest.mark.parametrize("input_", ["orders", "tickets"])
def test_a_quote_a_later_row_closes_is_reported_at_its_row_with_the_rows_it_took(
        tmp_path, input_):
    """In a middle column (the buyer's message) and in the last one (the subject)."""
    path = _write(tmp_path / f"{input_}.csv", SWALLOWED[input_])
    loaded = (load_orders if input_ == "orders" else load_tickets)([path], US)
    ids = loaded.frame["order_id" if input_ == "orders" else "ticket_id"].tolist()
    assert ids == (["576461413938923450", "576461413938923454"] if input_ == "orders"
                   else ["T1", "T5"])
    assert loaded.report.bad_rows == 3
    column, start = (("Buyer Message", "fast please,@creator1") if input_ == "orders"
                     else ("subject", "never closed"))
    assert loaded.report.warning_lines() == [
        f"{path}: excluded 3 rows: a quote in column '{column}' is not closed on its row: "
        "the 2 rows after it were read into its value, up to a quote that closes it, from "
        f"'\"{start}' (malformed record) (rows 3)"]


def test_validate_and_strict_name_the_row_a_later_quote_closes(tmp_path):
    path = _write(tmp_path / "orders.csv", SWALLOWED["orders"])
    shown = _validate("--orders", str(path))
    assert shown.exit_code == 0, shown.output
    assert "│ orders │ 1 │ 2 │ 0 │ 3 │ rows excluded │" in _said(shown)
    assert (f"Excluded: {path}: excluded 3 rows: a quote in column 'Buyer Message' is not "
            "closed on its row: the 2 rows after it were read into its value") in _said(shown)
    strict = _validate("--orders", str(path), "--strict")
    assert strict.exit_code == 2
    assert "(rows 3)" in _said(strict)


def test_a_quote_closed_in_the_next_row_takes_that_row(tmp_path):
    lines = [TICKETS, f"T1,{WHEN},late", f'T2,{WHEN},"never closed',
             f'T4,{WHEN},"said ""hi"""', f"T5,{WHEN},y"]
    loaded = load_tickets([_write(tmp_path / "tickets.csv", lines)], US)
    assert loaded.frame["ticket_id"].tolist() == ["T1", "T5"]
    assert loaded.report.bad_rows == 2
    assert "the row after it was read into its value" in loaded.report.warning_lines()[0]


def test_a_record_a_later_quote_closed_counts_every_row_it_took(tmp_path):
    """A stray quote closed by another in a later row and column: the values no longer
    fit the header, and the record was one bad row, its quotes being closed."""
    lines = [TICKETS, f"T1,{WHEN},late", f'T2,{WHEN},"never closed', f"T3,{WHEN},x",
             f'"T4,{WHEN},y', f"T5,{WHEN},z"]
    loaded = load_tickets([_write(tmp_path / "tickets.csv", lines)], US)
    assert loaded.frame["ticket_id"].tolist() == ["T1", "T5"]
    assert loaded.report.bad_rows == 3
    assert "expected 3 columns: a quote is not closed on its row, joining 3 lines into " \
        "one record up to a quote in a later row" in loaded.report.warning_lines()[0]


MESSAGES = [
    "Hi,\nmy order 576461413938923452, the blue one, arrived broken,\nrefund or resend, thanks",
    "Order 3, 4 and 5,\nT9, as I said, twice, again and again\n2026-11-02, 9:30, 10:30, ok",
    'He wrote "fine",\nthen, nothing, at, all,\nT2',
]


@pytest.mark.parametrize("last", [False, True], ids=["middle-column", "last-column"])
def test_real_multi_line_messages_with_commas_are_not_taken_for_rows(tmp_path, last):
    header = "ticket_id,created_at,message" + ("" if last else ",channel")
    lines = [header] + [f'T{i},{WHEN},"{m.replace(chr(34), 2 * chr(34))}"' + ("" if last
                        else ",chat") for i, m in enumerate(MESSAGES * 2)]
    loaded = load_tickets([_write(tmp_path / "tickets.csv", lines)], US)
    assert loaded.report.bad_rows == 0, loaded.report.warning_lines()
    assert loaded.frame["message"].tolist() == MESSAGES * 2


# --- empty lines and lines of only spaces ---------------------------------------------


def test_validate_counts_empty_lines_as_blank_rows(tmp_path):
    path = _write(tmp_path / "tickets.csv",
                  [TICKETS, "", f"T1,{WHEN},late", "", "", ",,", f"T2,{WHEN},x", "", ""],
                  newline="\r\n")
    loaded = load_tickets([path], US)
    assert loaded.frame["ticket_id"].tolist() == ["T1", "T2"]
    assert loaded.report.blank_rows == 6
    assert "tickets: skipped 6 blank rows (no value in any column cx reads)" in _said(
        _validate("--tickets", str(path)))


@pytest.mark.parametrize("blank", ["   ", "\t", " , ", ",,,,,,", " ,\t, , , "])
def test_a_line_of_only_spaces_is_a_blank_row_not_a_malformed_record(tmp_path, blank):
    path = _write(tmp_path / "tickets.csv",
                  [TICKETS, f"T1,{WHEN},late", blank, "T2,bogus,x", f"T3,{WHEN},y"])
    loaded = load_tickets([path], US)
    assert loaded.frame["ticket_id"].tolist() == ["T1", "T3"]
    assert loaded.report.blank_rows == 1
    assert loaded.report.warning_lines() == [
        f"{path}: excluded 1 row: created_at: expected a date/time, found 'bogus' (rows 4)"]
    shown = _validate("--tickets", str(path))
    assert "tickets: skipped 1 blank row (no value in any column cx reads)" in _said(shown)
    assert "malformed" not in shown.output


def test_the_description_row_is_found_under_empty_lines(tmp_path):
    path = _write(tmp_path / "orders.csv", [
        "Order ID,Order Status,SKU ID,Created Time", "", "",
        "Platform unique order ID.,Current order status.,SKU ID.,Created time.",
        "576461413938923452,Completed,1729384756102938475,11/02/2026 9:30:33 AM",
        "576461413938923453,Teleported,1729384756102938476,11/02/2026 9:30:33 AM"])
    loaded = load_orders([path], US)
    assert loaded.frame["order_id"].tolist() == ["576461413938923452"]
    assert loaded.report.description_rows == 1 and loaded.report.blank_rows == 2
    assert [i.row for i in loaded.report.issues] == [6]


def test_a_quote_open_past_what_pyarrow_reads_in_one_piece_stops_with_its_row(
        tmp_path, monkeypatch):
    """pyarrow reads a file in blocks (16 MB); a value that runs on over two of them
    cannot be read at all: the command stops, naming the row where the quote opens."""
    from cx_cli.errors import InputError
    from cx_cli.io import tables

    monkeypatch.setattr(tables, "BLOCK_SIZE", 1024)
    lines = [TICKETS] + [f"T{i},{WHEN},s{i}" for i in range(300)]
    lines[150] = f'T149,{WHEN},"never closed'
    path = _write(tmp_path / "tickets.csv", lines)
    more = _write(tmp_path / "more.csv", [TICKETS, f"X1,{WHEN},x"])
    with pytest.raises(InputError) as caught:
        load_tickets([path, more], US)  # two files: each is read in one thread
    assert caught.value.message == (f"{path}: row 151: a quote is never closed, so every "
                                    "line after it would be read into one value")
