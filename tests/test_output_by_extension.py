"""-o's extension picks the format when -f is left out (`-o x.json` writes JSON, not a
table); a format the command does not write is exit 2 naming those it does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.common import _formats_of, format_option
from cx_cli.cli.main import app
from cx_cli.cli.scorecard import ScorecardFormat

SAMPLE = Path(__file__).parents[1] / "examples" / "cx.yaml"  # the sample shop
ScorecardFormatOpt = format_option(ScorecardFormat)  # for a command's annotation below


def run(*args: str):
    return CliRunner().invoke(app, [*args, "--config", str(SAMPLE)], catch_exceptions=False)


@pytest.mark.parametrize("command", [
    ("scorecard", "--date", "2026-11-25"), ("voc", "--date", "2026-11-25"),
    ("triage", "--date", "2026-11-25"), ("refunds", "--date", "2026-11-25"),
    ("retention", "--date", "2026-11-25"), ("validate",), ("replies", "list")])
def test_a_json_file_gets_json(tmp_path, command):
    out = tmp_path / "x.json"
    result = run(*command, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))  # a table is not JSON
    assert "Warning: wrote" not in result.stderr


def test_a_csv_file_gets_csv_and_a_text_file_a_table(tmp_path):
    csv_file, text_file = tmp_path / "refunds.csv", tmp_path / "refunds.txt"
    assert run("refunds", "--date", "2026-11-25", "-o", str(csv_file)).exit_code == 0
    assert run("refunds", "--date", "2026-11-25", "-o", str(text_file)).exit_code == 0
    assert csv_file.read_text(encoding="utf-8").startswith("sku,")
    assert "┃" in text_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(("command", "name", "formats"), [
    (("scorecard", "--date", "2026-11-25"), "s.jsonl", "table, csv, json and md"),
    (("validate",), "v.csv", "table, json and md"),
    (("lint",), "findings.md", "text and json")])
def test_a_file_of_a_format_the_command_does_not_write_is_exit_2(tmp_path, command, name,
                                                                formats):
    out = tmp_path / name
    result = run(*command, "-o", str(out))
    assert result.exit_code == 2
    assert f"which this command does not write; its formats are {formats}" in result.stderr
    assert not out.exists()
    given = run(*command, "-f", "json", "-o", str(out))  # -f wins, with a warning
    assert given.exit_code in (0, 1)  # lint: 1 when it finds something
    assert isinstance(json.loads(out.read_text(encoding="utf-8")), list | dict)
    assert f"Warning: wrote JSON to {out} (-f json); this command writes no" in given.stderr


def test_inserts_follow_the_extension_too(tmp_path):
    for name, start in (("cards.md", "# Insert cards"), ("cards.txt", "SERUM-30ML · "),
                        ("cards.html", "<!DOCTYPE html>")):  # .txt: inserts' text format
        assert run("inserts", "-o", str(tmp_path / name)).exit_code == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name


def test_an_html_file_names_html(tmp_path):
    """A box-drawn table in s.html is no web page: exit 2, as for any format the command
    does not write; inserts, which write HTML, warn when -f says otherwise."""
    out = tmp_path / "s.html"
    result = run("scorecard", "--date", "2026-11-25", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert "asks for HTML, which this command does not write" in result.stderr
    cards = tmp_path / "cards.htm"
    given = run("inserts", "-f", "md", "-o", str(cards))
    assert given.exit_code == 0
    assert f"Warning: wrote Markdown to {cards} (-f md), not HTML" in given.stderr


def test_the_format_is_read_from_the_fmt_annotation_alone():
    """Another parameter may name a type imported only for type checkers."""
    def command(fmt: ScorecardFormatOpt = None,
                settings: NotImportedHere = None) -> None:  # noqa: F821
        """(a command)"""

    assert _formats_of(command) is ScorecardFormat
