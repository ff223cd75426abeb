"""The `cx` command: a thin Typer app; each command lives in its own module.

Commands load lazily: `cx --help` lists them from the table below without importing a
single command module, and `cx NAME` imports and builds only NAME. Building every
command's parameters up front costs more than all of Python's start-up, and cron runs
cx many times a day. tests/test_cli_lazy.py keeps the table's one-line summaries equal
to the commands' own docstrings.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import shutil
import sys
from functools import cache
from typing import Annotated, Any

import typer

from cx_cli import __version__
from cx_cli.cli.groups import SuggestingGroup
from cx_cli.memory import avoid_huge_pages

HELP = """Customer experience for TikTok Shop sellers, from their CSV/XLSX exports.

Exit codes: 0 ok, 1 findings that need a human (lint violations, --fail-on), 2 usage or
input error.
"""

# name -> (module under cx_cli.cli, one-line summary). Order is the order in `cx --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "Run cx's main jobs on the bundled sample shop (no files of yours needed)."),
    "validate": ("validate", "Check every input export: columns, row counts, duplicates, rows "
                 "excluded and why."),
    "init": ("init", "Write a starter cx.yaml, products.yaml and a templates/ folder to edit."),
    "sample-data": ("sample_data", "Write a realistic sample shop in the real export formats, "
                    "with a cx.yaml."),
    "messages": ("messages", "Post-purchase messages: what is due today, previews, and the "
                 "ledger of what was sent."),
    "scorecard": ("scorecard", "The weekly scorecard: this week vs last, an 8-week trend, and "
                  "what to fix."),
    "refunds": ("refunds", "Refund rate per SKU (or variation, or product category) with a "
                "Wilson 95% interval."),
    "voc": ("voc", "Voice of customer: what buyers complain about, and whether the fixes "
            "worked."),
    "retention": ("retention", "Retention: who buys again, how often, and what to sell "
                  "together."),
    "triage": ("triage", "Triage support tickets: category and subcategory, saved reply, "
               "dispute type, proof to collect, and whether to escalate."),
    "comments": ("comments", "Sort public video comments: hide (spam, hate, doxxing, "
                 "harassment), reply (complaints), answer (questions) or none (praise, "
                 "other), with the public reply template to use."),
    "replies": ("replies", "Saved replies for support chat and public replies for video "
                "comments."),
    "lint": ("lint", "Check templates and messages against TikTok Shop's review and messaging "
             "policy."),
    "inserts": ("inserts", "Packaging insert cards from the catalog: what's included, quick "
                "start, what to film, support."),
    "report": ("report", "Write the weekly report: scorecard, platform health, refunds, VoC, "
               "messages due."),
}


@cache
def load_command(name: str) -> Any:
    """Import one command's module and build its click command (or sub-group)."""
    module = importlib.import_module(f"cx_cli.cli.{COMMANDS[name][0]}")
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    module.register(holder)
    built = typer.main.get_command(holder)
    sub = getattr(built, "commands", {})
    command = sub.get(name, built)
    command.name = name
    _hint_expanded_globs(command)
    return command


INPUT_OPTIONS = ("--orders", "--returns", "--tickets", "--reviews", "--comments",
                 "--products", "--fixes")


def _hint_expanded_globs(command: Any) -> None:
    """An unquoted glob (`--orders ~/Downloads/Order_All_*.csv`) reaches cx as one file
    after the option and the others as extra arguments, which click refuses with "Got
    unexpected extra argument(s)": add what happened and what to type instead."""
    parse = command.parse_args

    def parse_args(ctx: Any, args: list[str]) -> Any:
        given = list(args)
        try:
            return parse(ctx, args)
        except Exception as exc:
            message = getattr(exc, "message", None)
            if isinstance(message, str) and message.startswith("Got unexpected extra"):
                hint = _expanded_glob_hint(given)
                if hint:
                    exc.message = f"{message}\nHint: {hint}"
            raise

    command.parse_args = parse_args
    for sub in getattr(command, "commands", {}).values():
        _hint_expanded_globs(sub)


def _expanded_glob_hint(args: list[str]) -> str | None:
    """The hint for an input option followed by two or more existing files, else None."""
    for i, arg in enumerate(args[:-2]):
        if arg not in INPUT_OPTIONS:
            continue
        files = []
        for value in args[i + 1:]:
            if value.startswith("-") or not os.path.exists(value):
                break
            files.append(value)
        if len(files) < 2:
            continue
        folder = os.path.dirname(files[0])
        ext = os.path.splitext(files[0])[1]
        pattern = os.path.join(folder, f"*{ext}") if folder else f"*{ext}"
        return (f"the shell expanded a glob after {arg} into {len(files)} files, and {arg} "
                f"takes one: quote the glob so that cx expands it ({arg} '{pattern}'), or "
                f"give {arg} before each file")
    return None


class LazyGroup(SuggestingGroup):
    """Lists commands from COMMANDS; builds one only when it is run or asked for help."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # The list is one line per command, so it may use a terminal wider than the
        # 80 columns click keeps paragraphs to (up to 120): summaries are cut less.
        paragraphs = formatter.width
        terminal = ctx.terminal_width or shutil.get_terminal_size().columns
        formatter.width = max(paragraphs, min(terminal, 120) - 2)
        width = formatter.width - 6 - max(len(n) for n in COMMANDS)
        rows = [(name, _shorten(summary, width)) for name, (_, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
        formatter.width = paragraphs


def _shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    # One character more than fits, so that a word ending right at the edge is kept.
    cut = text[: max(width - 2, 10)].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


app = typer.Typer(
    name="cx",
    cls=LazyGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Parse the exports again instead of reading the cache of parsed "
        "inputs (same as CX_NO_CACHE=1).")] = False,
) -> None:
    """Customer experience for TikTok Shop sellers."""
    if no_cache:
        os.environ["CX_NO_CACHE"] = "1"


def run() -> None:
    """The ``cx`` executable: one short batch job per process.

    Python's cycle collector is off for it. A run makes millions of objects that hold no
    cycles (rows as Python values, due messages, template contexts), and the collector
    walks them again and again as they pile up: 0.7 s of a million-line `messages due`.
    What a whole million-line report leaves in cycles is about 1,600 objects, freed
    when the process exits.

    Nor does the process take its heap apart object by object when it ends: once the
    command has finished and the exit handlers registered during the run have run,
    ``_end_now`` flushes the standard streams and ends it (0.17–0.25 s of a
    million-line run). Files are written and closed by then; the system takes back the
    memory at once.
    """
    gc.disable()
    avoid_huge_pages()
    # Registered first, so it runs after every handler that the run itself registers.
    atexit.register(_end_now)
    try:
        app()
    except SystemExit as done:
        _exit_status.append(done.code)
        raise


_exit_status: list[int | str | None] = []


def _end_now() -> None:
    """End the process with the command's exit status without tearing down the heap;
    after an uncaught exception, or when a stream cannot be flushed (a closed pipe),
    Python ends it as usual."""
    if not _exit_status:
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when cx was started with the stream closed
                stream.flush()
    except (OSError, ValueError):
        return
    code = _exit_status[-1]
    os._exit(0 if code is None else code if isinstance(code, int) else 1)
