"""What every command shares: options, the error boundary, config + input resolution.

Kept free of pandas/pyarrow imports so that ``cx --help`` starts instantly.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])

# --- options, defined once -------------------------------------------------------------

# Placeholders in --help are lower case in angle brackets and say what goes there, like
# typer's own <path> and <table|csv|json>; tests/test_cli_help.py keeps them so.
EXPORTS = "<file|glob|folder>"  # an input export: a path, glob or folder
DAY = "<YYYY-MM-DD>"
NUMBER = "<n>"  # --limit, --weeks, --seed, ...: typer shows any bounds after the help

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: $CX_CONFIG, then ./cx.yaml).",
                 show_default=False),
]
OrdersOpt = Annotated[list[str] | None, typer.Option(
    "--orders", metavar=EXPORTS, help="Order export(s); repeatable. Overrides inputs.orders.",
    show_default=False)]
ReturnsOpt = Annotated[list[str] | None, typer.Option(
    "--returns", metavar=EXPORTS, help="Returns export(s); repeatable.", show_default=False)]
TicketsOpt = Annotated[list[str] | None, typer.Option(
    "--tickets", metavar=EXPORTS, help="Helpdesk ticket export(s); repeatable.",
    show_default=False)]
ReviewsOpt = Annotated[list[str] | None, typer.Option(
    "--reviews", metavar=EXPORTS, help="Review export(s); repeatable.", show_default=False)]
CommentsOpt = Annotated[list[str] | None, typer.Option(
    "--comments", metavar=EXPORTS, help="Video comment export(s); repeatable.",
    show_default=False)]
ProductsOpt = Annotated[list[str] | None, typer.Option(
    "--products", metavar=EXPORTS, help="Product catalog (YAML or CSV).", show_default=False)]
FixesOpt = Annotated[list[str] | None, typer.Option(
    "--fixes", metavar=EXPORTS, help="Voice-of-customer fix log (CSV).", show_default=False)]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Treat excluded bad rows as an error (exit 2).")]
DateOpt = Annotated[str | None, typer.Option(
    "--date", metavar=DAY, help="Run as of this day in shop time (default: today).",
    show_default=False)]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file instead of standard output.", show_default=False)]


def format_option(formats: type[Enum]) -> Any:
    """The type of ``-f/--format`` for a command that writes ``formats``, the first its
    default. Left out, it is None and ``cx_command`` picks the format from ``-o``."""
    default = next(iter(formats)).value
    return Annotated[formats | None, typer.Option(
        "--format", "-f", help=f"Output format (default: from -o's extension, else "
        f"{default}).", show_default=False)]


# The format a file's extension names, when -f is left out: `cx messages due -o due.csv`
# writes CSV, not a table that a cron job hands the sender (with --record, a table records
# only the rows it shows). One a command does not write is an error (exit 2); any other
# extension (.txt, none) gets the command's default, a table.
EXTENSION_FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
                     ".md": "md", ".html": "html", ".htm": "html"}
FORMAT_NAMES = {"table": "a table", "csv": "CSV", "json": "JSON", "jsonl": "JSON Lines",
                "md": "Markdown", "text": "text", "html": "HTML"}


def order_id_option(value: str | None) -> str | None:
    """An order ID as a seller pastes it: from a spreadsheet cell it may carry the
    apostrophe that kept its digits text, or the tab the export pads it with; the exports
    are read without them, so the option is too."""
    if value is None:
        return None
    return value.strip().lstrip("'").strip()


def inputs_from(**options: list[str] | None) -> dict[str, list[str]]:
    """The repeatable input options of a command as {input name: specs}."""
    return {name: list(value) for name, value in options.items() if value}


# --- the error boundary ----------------------------------------------------------------

def err_console():
    """The console for what cx says on stderr. On a terminal a long line wraps between
    words at its width (the terminal itself would cut words in two); anywhere else (a
    log, a pipe, cron's mail) each line stays one line, for scripts that grep them."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=not stderr_is_terminal())


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced, or closed
        return False


def fail(message: str, hint: str | None = None, code: int = 2) -> typer.Exit:
    from rich.text import Text

    # Text(), not markup: a message may quote a value from the seller's files ("[...]").
    console = err_console()
    console.print(Text.assemble(("Error:", "bold red"), " ", message))
    if hint:
        console.print(Text.assemble(("Hint:", "dim"), " ", hint))
    return typer.Exit(code)


def cx_command(func: F) -> F:
    """Run a command with CxError turned into `Error: ...` on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from cx_cli.errors import CxError

        try:
            mixed = choose_format(func, kwargs)
            try:
                done = func(*args, **kwargs)
            except typer.Exit as exit_:
                if exit_.exit_code == 1:  # written, with findings for a human
                    warn(mixed)
                raise
            warn(mixed)
            return done
        except CxError as exc:
            raise fail(exc.message, exc.hint, exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", code=130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


@functools.cache
def _formats_of(func: Callable[..., Any]) -> type[Enum] | None:
    """The enum of a command's ``fmt`` (``-f``), or None when it has none."""
    import inspect
    import typing
    from types import SimpleNamespace

    parameter = inspect.signature(func).parameters.get("fmt")
    if parameter is None:
        return None
    # Only this annotation is resolved: another may name a type imported for checkers.
    only_fmt = SimpleNamespace(__annotations__={"fmt": parameter.annotation})
    hint = typing.get_type_hints(only_fmt, globalns=func.__globals__)["fmt"]
    return next((t for t in typing.get_args(hint) if isinstance(t, type)
                 and issubclass(t, Enum)), None)


def choose_format(func: Callable[..., Any], kwargs: dict[str, Any]) -> list[str]:
    """Set ``kwargs["fmt"]`` when -f was left out: the format ``-o``'s extension names,
    else the command's default. With -f given, the warning when the extension names
    another format (-f wins: the file is written as asked)."""
    formats = _formats_of(func)
    if formats is None:
        return []
    names = [f.value for f in formats]
    fmt, output = kwargs.get("fmt"), kwargs.get("output")
    suffix = "" if output is None or str(output) == "-" else Path(output).suffix.lower()
    named = EXTENSION_FORMATS.get(suffix)
    if kwargs.get("list_rules") and named not in names and fmt is None:
        return []  # `lint --list-rules`: its text, whatever else the file's name says
    if fmt is not None:
        if named is None or named == fmt.value:
            return []
        wrote = f"wrote {FORMAT_NAMES[fmt.value]} to {output} (-f {fmt.value})"
        if named in names:
            return [f"{wrote}, not {FORMAT_NAMES[named]}: leave out -f (or give -f {named}) "
                    f"to write {FORMAT_NAMES[named]}"]
        return [f"{wrote}; this command writes no {FORMAT_NAMES[named]} (its formats: "
                f"{', '.join(names)})"]
    if named is not None and named not in names:
        from cx_cli.errors import CxError

        others = [ext for ext, name in EXTENSION_FORMATS.items() if name in names]
        rename = f"end the file name in {_either(others)}, or " if others else ""
        raise CxError(f"-o {output} asks for {FORMAT_NAMES[named]}, which this command does "
                      f"not write; its formats are {_either(names, 'and')}",
                      f"{rename}give -f <{'|'.join(names)}> to write that format to {output}")
    if named is None:  # .txt, no extension, standard output: the default
        named = "text" if suffix == ".txt" and "text" in names else names[0]
    kwargs["fmt"] = formats(named)
    return []


def _either(items: list[str], word: str = "or") -> str:
    return f"{', '.join(items[:-1])} {word} {items[-1]}" if len(items) > 1 else items[0]


def warn(lines: list[str]) -> None:
    if not lines:
        return
    from rich.text import Text

    # Text(), not markup: a warning may quote a SKU or a cell from an export ("[...]").
    console = err_console()
    for line in lines:
        console.print(Text.assemble(("Warning:", "yellow"), " ", line))


# --- config, dates and inputs ----------------------------------------------------------

def load_settings(config: Path | None):
    from cx_cli.config import load_settings as _load

    return _load(config)


def created_between(frame: Any, since: date | None, until: date | None) -> Any:
    """Rows created on shop dates [since, until): all a command's period reads, so the
    classifiers need not run over the rest of the export."""
    if since is None and until is None:
        return frame
    from cx_cli.engines.weeks import day_start_seconds, local_seconds

    created, valid = local_seconds(frame["created_at"])
    keep = valid.copy()
    if since is not None:
        keep &= created >= day_start_seconds(since)
    if until is not None:
        keep &= created < day_start_seconds(until)
    return frame.loc[keep]


# The years a run can be about. The weeks and periods around a day must stay within
# what dates (year 1 to 9999) and pandas' timestamps (1677 to 2262) can hold.
FIRST_YEAR, LAST_YEAR = 2000, 2099


def parse_day(value: str | None, tz: str, option: str = "--date") -> date:
    """``--date`` (or another day option) or today in the shop's timezone."""
    if value is None:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(tz)).date()
    import re

    from cx_cli.errors import CxError

    # Year first, the month and day may be written without their zero (2026-11-5): only
    # one day reads that way.
    parts = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
    if parts is None:
        raise CxError(f"{option} expects YYYY-MM-DD, found {value!r}")
    try:
        day = date(*map(int, parts.groups()))
    except ValueError:  # the right form, no such day
        raise CxError(f"{option} {value} is not a day in the calendar (month 01-12, "
                      "then a day that month has)") from None
    return check_year(day, option, value)


def check_year(day: date, option: str, value: str) -> date:
    """``day`` when its year is in FIRST_YEAR..LAST_YEAR; a clear error otherwise."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return day
    from cx_cli.errors import CxError

    raise CxError(f"{option} must be in the years {FIRST_YEAR} to {LAST_YEAR}, "
                  f"found {value!r}")


def load_inputs(config: Path | None, inputs: dict[str, list[str]], needed: tuple[str, ...],
                *, strict: bool = False, require: tuple[str, ...] = (),
                fields: dict[str, tuple[str, ...]] | None = None,
                meanwhile: Callable[[Any, Any], Any] | None = None):
    """Settings + the loaded Dataset for a command; bad-row warnings, and catalog
    entries that differ from a sold SKU only in case, go to stderr.

    ``fields`` names the canonical order columns the command uses, so the rest of the
    export is never parsed. ``meanwhile(settings, ds)`` runs while the orders load (see
    ``load_dataset``); its result is ``ds.meanwhile``.
    """
    from cx_cli.io.dataset import load_dataset, resolve_inputs

    settings = load_settings(config)
    unread: list[str] = []
    paths = resolve_inputs(settings, inputs, needed=needed, unread=unread)
    warn(unread)
    warn_nothing_given(settings, paths, needed)
    with _progress(sum(1 for n in needed if paths.get(n))) as progress:
        ds = load_dataset(settings, paths, needed, strict=strict, require=require,
                          progress=progress, fields=fields,
                          meanwhile=meanwhile and (lambda ds: meanwhile(settings, ds)))
    warn(ds.warning_lines() + ds.catalog_lines())
    return settings, ds


def warn_nothing_given(settings: Any, paths: dict[str, Any], needed: tuple[str, ...]) -> None:
    """A warning when none of ``needed`` has a file: the run is empty, not the shop quiet."""
    if not needed or any(name in paths for name in needed):
        return
    if settings.path is None:
        warn(["no cx.yaml here (nor in $CX_CONFIG) and no export given, so nothing was "
              "read: run cx in your shop's folder, pass --config PATH or the exports "
              "(--orders PATH, ...), or write a cx.yaml with `cx init`"])
    else:
        warn([f"{settings.path} sets none of inputs.{', inputs.'.join(needed)} and no "
              "export was given, so nothing was read"])


class _progress:
    """A progress bar over the inputs on a terminal; nothing in cron (no TTY)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty() or self.total == 0:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("loading {task.description}"), BarColumn(),
                            TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                            console=err_console(), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("", total=self.total)
        self.started = False
        return self.step

    def step(self, name: str) -> None:
        if self.started:
            self.bar.advance(self.task)
        self.started = True
        self.bar.update(self.task, description=name)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
