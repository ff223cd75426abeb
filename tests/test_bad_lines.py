"""Lines a hand-edited export gets wrong: empty lines, lines of only spaces. None is lost
without a word: blank lines are skipped and counted as blank rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.io.loaders import ParseSettings, load_orders, load_tickets

US = ParseSettings()
TICKETS = "ticket_id,created_at,subject"
WHEN = "2026-11-02 09:00:00"


def _write(path: Path, lines: list[str], newline: str = "\n", final: bool = True,
           encoding: str = "utf-8") -> Path:
    path.write_bytes((newline.join(lines) + (newline if final else "")).encode(encoding))
    return path


def _validate(*args: str):
    return CliRunner().invoke(app, ["validate", *args], terminal_width=200)


def _said(result) -> str:
    return " ".join(result.output.split())  # however the terminal wrapped it


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

