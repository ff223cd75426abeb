"""README stays true: its command list and --help excerpts match the real CLI.

Blocks in README.md look like::

    <!-- help: messages due -->
    ```text
    ...output of `cx messages due --help`...
    ```
    <!-- /help -->

and the command table sits between ``<!-- commands -->`` and ``<!-- /commands -->``.
``pytest --update-golden`` rewrites them from the current CLI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cx_cli.cli.main import app

README = Path(__file__).parent.parent / "README.md"
HELP_BLOCK = re.compile(
    r"<!-- help: (?P<args>[^>]*?) -->\n```text\n(?P<body>.*?)```\n<!-- /help -->", re.DOTALL)
COMMANDS_BLOCK = re.compile(r"<!-- commands -->\n(?P<body>.*?)<!-- /commands -->", re.DOTALL)


def help_text(args: str) -> str:
    result = CliRunner().invoke(app, [*args.split(), "--help"], env={"COLUMNS": "100"},
                                terminal_width=100)
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()).strip() + "\n"


def command_table() -> str:
    root = typer.main.get_command(app)
    rows = ["| command | what it does |", "| --- | --- |"]

    def walk(cmd, prefix: str) -> None:
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(None):
                walk(cmd.get_command(None, name), f"{prefix} {name}".strip())
            return
        summary = (cmd.help or "").strip().split("\n\n")[0].replace("\n", " ")
        rows.append(f"| `cx {prefix}` | {summary} |")

    walk(root, "")
    return "\n".join(rows) + "\n"


def test_readme_command_table_matches_the_cli(request):
    text = README.read_text(encoding="utf-8")
    match = COMMANDS_BLOCK.search(text)
    assert match, "README.md lacks the <!-- commands --> block"
    expected = command_table()
    if request.config.getoption("--update-golden"):
        text = text[:match.start("body")] + expected + text[match.end("body"):]
        README.write_text(text, encoding="utf-8")
        return
    assert match.group("body") == expected, "README command table is stale: " \
        "run pytest tests/test_docs.py --update-golden"


def test_readme_help_excerpts_match_the_cli(request):
    text = README.read_text(encoding="utf-8")
    blocks = list(HELP_BLOCK.finditer(text))
    assert blocks, "README.md has no --help excerpts"
    if request.config.getoption("--update-golden"):
        for m in reversed(blocks):
            text = text[:m.start("body")] + help_text(m.group("args")) + text[m.end("body"):]
        README.write_text(text, encoding="utf-8")
        return
    for m in blocks:
        assert m.group("body") == help_text(m.group("args")), (
            f"README excerpt of `cx {m.group('args')} --help` is stale: "
            "run pytest tests/test_docs.py --update-golden")


@pytest.mark.parametrize("section", ["## Set up", "pip install . && cx demo",
                                     'pip install ".[test]" && pytest'])
def test_readme_opens_with_the_two_setup_commands(section):
    text = README.read_text(encoding="utf-8")
    assert section in text[:1500]


def test_ci_runs_the_readme_test_command():
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]" && pytest' in ci
