"""The `cx` command: a thin Typer app; each command lives in its own module.

Command modules import only typer at module level, so `cx --help` stays instant.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from cx_cli import __version__

HELP = """Customer experience for TikTok Shop sellers, from their CSV/XLSX exports.

Exit codes: 0 ok, 1 findings that need a human (lint violations, --fail-on), 2 usage or
input error.
"""

app = typer.Typer(
    name="cx",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Each module defines register(app). Order here is the order in `cx --help`.
COMMAND_MODULES = [
    "demo",
    "validate",
    "init",
    "sample_data",
    "scorecard",
    "refunds",
    "voc",
    "retention",
    "lint",
    "replies",
    "inserts",
    "messages",
    "triage",
    "comments",
    "report",
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Customer experience for TikTok Shop sellers."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"cx_cli.cli.{_name}").register(app)


def run() -> None:
    app()
