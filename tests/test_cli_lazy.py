"""Lazy command loading: `cx --help` builds nothing, and its summaries stay true."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import COMMANDS, app, load_command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_summary_matches_the_command_docstring(name):
    command = load_command(name)
    first_paragraph = " ".join((command.help or "").strip().split("\n\n")[0].split())
    assert COMMANDS[name][1] == first_paragraph


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: cx" in result.stdout


def test_top_level_help_imports_no_command_module():
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from cx_cli.cli.main import app\n"
            "r = CliRunner().invoke(app, ['--help'])\n"
            "assert r.exit_code == 0 and 'messages' in r.stdout, r.output\n"
            "loaded = [m for m in sys.modules if m.startswith('cx_cli.cli.')\n"
            "          and m not in ('cx_cli.cli.main', 'cx_cli.cli.groups')]\n"
            "print(','.join(sorted(loaded)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(app, ["frobnicate"])
    assert result.exit_code == 2


def test_a_mistyped_command_names_the_one_meant():
    result = CliRunner().invoke(app, ["scorcard"])
    assert result.exit_code == 2
    assert "No such command 'scorcard'. Did you mean 'scorecard'?" in result.output
    nothing_close = CliRunner().invoke(app, ["frobnicate"])
    assert "No such command 'frobnicate'." in nothing_close.output
    assert "Did you mean" not in nothing_close.output


@pytest.mark.parametrize(("args", "meant"), [
    (["messages", "dur"], "due"), (["messages", "histroy"], "history"),
    (["replies", "shw"], "show")])
def test_a_mistyped_subcommand_names_the_one_meant(args, meant):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert f"No such command {args[1]!r}. Did you mean {meant!r}?" in result.output


def test_the_command_list_uses_a_wide_terminal_and_keeps_whole_words(monkeypatch):
    """At 120 columns the summaries were still cut for 80 ("columns, row counts..."),
    and the cut dropped a word that fitted ("duplicates")."""
    monkeypatch.setenv("COLUMNS", "120")
    wide = CliRunner().invoke(app, ["--help"]).stdout
    assert ("validate     Check every input export: columns, row counts, duplicates, rows "
            "excluded and why.\n") in wide
    assert max(len(line) for line in wide.splitlines()) <= 118
    assert "--no-cache  Parse the exports again instead of reading the cache of parsed\n" \
        in wide  # option help and paragraphs keep click's 80 columns
    monkeypatch.setenv("COLUMNS", "80")
    narrow = CliRunner().invoke(app, ["--help"]).stdout
    assert "validate     Check every input export: columns, row counts, duplicates...\n" \
        in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 80
