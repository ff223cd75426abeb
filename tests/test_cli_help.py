"""Every `cx ... --help` names what goes after an option: `--date <YYYY-MM-DD>`, not
typer's `--date <str>`, and one style throughout (lower case in angle brackets, like
typer's own `<path>` and `<table|csv|json>`), so a new option cannot bring back a
placeholder that tells the seller nothing."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from cx_cli.cli.main import app

# What typer prints for an option or argument that sets no metavar of its own.
TYPE_PLACEHOLDERS = ("<str>", "<int>", "<int range>", "<float>", "<float range>")
# click's own words in a usage line.
USAGE_WORDS = {"[OPTIONS]", "COMMAND", "[ARGS]..."}


def command_paths() -> list[list[str]]:
    """[] for `cx` itself, then every command and subcommand."""
    paths: list[list[str]] = []

    def walk(cmd, path: list[str]) -> None:
        paths.append(path)
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(None):
                walk(cmd.get_command(None, name), [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


def help_of(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"},
                                terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.stdout


def section_rows(text: str, title: str) -> list[str]:
    """The first column of each row of a help section ("Options:", "Arguments:")."""
    rows: list[str] = []
    inside = False
    for line in text.splitlines():
        if not line.startswith(" "):
            inside = line == title
            continue
        if inside and re.match(r"  \S", line):
            rows.append(re.split(r"\s{2,}", line.strip())[0])
    return rows


def all_capitals(word: str) -> bool:
    return re.fullmatch(r"[A-Z][A-Z0-9_]*", word) is not None


def test_the_walk_reaches_every_subcommand():
    paths = {" ".join(p) for p in command_paths()}
    assert {"", "messages due", "messages history", "replies show", "report"} <= paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "cx")
def test_every_placeholder_says_what_goes_there(path):
    text = help_of(path)
    for placeholder in TYPE_PLACEHOLDERS:
        assert placeholder not in text, f"cx {' '.join(path)} --help shows {placeholder}"
    for row in section_rows(text, "Options:"):
        for option in re.split(r", | / ", row):
            name, _, metavar = option.partition(" ")
            assert name.startswith("-"), row
            if metavar:
                assert re.fullmatch(r"<[^<>\s]+>", metavar), (
                    f"{name} {metavar}: write placeholders as <what-goes-there>")
                assert not all_capitals(metavar[1:-1]), f"{name} {metavar}: lower case"
    usage = text.split("\n", 1)[0]
    for word in usage.split()[1:]:
        if word not in USAGE_WORDS and word not in path:
            assert not all_capitals(word.strip("{}[].")), usage
    for row in section_rows(text, "Arguments:"):
        assert not all_capitals(row.rstrip(".")), row


@pytest.mark.parametrize(("path", "row"), [
    (["scorecard"], "--weeks <n> Weeks in the trend sparkline (default: scorecard.weeks, "
     "8). [1<=x<=104]"),
    (["voc"], "--weeks <n> Complete weeks to summarise (default: voc.weeks, 4). [1<=x<=52]"),
    (["triage"], "every row. [x>=0]"),
    (["messages", "due"], "--limit <n> Table only: show the first N messages"),
    (["report"], "--lock-timeout <seconds> How long to wait for another cx report writing "
     "to the same folder. [default: 10.0; x>=0]"),
    (["sample-data"], "-n, --orders <n> Order lines to generate. [default: 3000; x>=1]"),
    (["scorecard"], "--week <YYYY-Www> ISO week to report, e.g. 2026-W47"),
    (["validate"], "--orders <file|glob|folder> Order export(s); repeatable."),
    (["messages", "due"], "--explain <order_id> Show every stage for this order"),
])
def test_placeholders_keep_the_bounds_and_defaults_beside_them(path, row):
    assert row in " ".join(help_of(path).split())


@pytest.mark.parametrize("path", [p for p in command_paths() if p], ids=" ".join)
def test_format_says_the_output_files_extension_picks_it(path):
    text = " ".join(help_of(path).split())
    if "--format" in text and "--output" in text:
        assert "Output format (default: from -o's extension, else " in text


def test_lint_warnings_ok_names_every_warning_rule():
    """`--warnings-ok` said CX301 only; an unused template file (CX401) is a warning too,
    and a seller reading the help could not tell it would not fail the hook."""
    from cx_cli.lint_codes import RULES, WARNING

    text = " ".join(help_of(["lint"]).split())
    option = text[text.index("--warnings-ok"):text.index("--rendered")]
    warnings = [code for code, rule in RULES.items() if rule.severity == WARNING]
    assert warnings == ["CX301", "CX401"]
    for code in warnings:
        assert code in option
