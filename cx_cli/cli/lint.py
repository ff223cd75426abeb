"""`cx lint`: review and messaging policy checks over templates, messages and the config.

Imports nothing heavy: no pandas or pyarrow on this path (SPEC §11), so a pre-commit
hook or an editor can run it on every save.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cx_cli.cli.common import ConfigOpt, DateOpt, OutputOpt, cx_command, format_option

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cx_cli.config import Settings
    from cx_cli.engines.lint import Finding

TIMELINE_MODULE = "cx_cli.engines.timeline"


class LintFormat(StrEnum):
    text = "text"
    json = "json"


FormatOpt = format_option(LintFormat)


def register(app: typer.Typer) -> None:
    app.command("lint")(lint)


@cx_command
def lint(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files (any extension) or folders to lint, recursively; - reads standard input. "
        "Default: your templates folder, the bundled templates and the config's stages.",
        show_default=False)] = None,
    config: ConfigOpt = None,
    market: Annotated[str | None, typer.Option(
        "--market", metavar="<code>", help="Market rules to apply (default: shop.market). th "
        "and id may ask for a review update once an issue is solved.",
        show_default=False)] = None,
    fmt: FormatOpt = None,
    warnings_ok: Annotated[bool, typer.Option(
        "--warnings-ok", help="Exit 0 when only warnings (CX301, CX401) are found.")] = False,
    strict_warnings: Annotated[bool, typer.Option(
        "--strict-warnings", hidden=True,
        help="Exit 1 on warnings too: the default now; kept for old scripts.")] = False,
    rendered: Annotated[bool, typer.Option(
        "--rendered", help="Lint the messages due on --date (default today) as rendered, "
        "instead of the templates (PATHS given are linted too).")] = False,
    date: DateOpt = None,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", help="Show the rules and exit (-f json: a list of code, "
        "severity, title and example).")] = False,
    output: OutputOpt = None,
) -> None:
    """Check templates and messages against TikTok Shop's review and messaging policy.

    Prints one finding per line, `path:line:col CODE message`. Exit code 1 when anything
    is found (only errors with --warnings-ok), 2 on a usage error. In a folder, and in
    the shop's templates when no path is given, a Jinja template (.j2) that cannot
    render (a syntax error, an unknown filter or test) is an error too (CX402).
    Suppress a rule on one line with a comment holding `cx: allow CX201` (on its own
    line, it covers the next line too); turn rules off with lint.disable in cx.yaml.
    """
    from cx_cli.cli.common import load_settings
    from cx_cli.config_path import find_config_path
    from cx_cli.engines.lint import decode_text, lint_paths, lint_stage_config, lint_text
    from cx_cli.errors import CxError
    from cx_cli.markets import DEFAULT_MARKET

    if list_rules:
        _print_rules(output, fmt)
        return
    settings = None
    if paths and not rendered and find_config_path(config) is None:
        # Files outside a shop folder: the defaults, without loading (pydantic) settings.
        options = {"market": (market or DEFAULT_MARKET).lower(), "allow_domains": [],
                   "disable": []}
    else:
        settings = load_settings(config)
        options = {
            "market": (market or settings.shop.market).lower(),
            "allow_domains": settings.lint.allow_domains,
            "disable": settings.lint.disable,
        }
    findings: list[Finding] = []
    files = 0
    if paths:
        if paths.count("-") > 1:
            raise CxError("- (standard input) can be given only once")
        for spec in paths:
            if spec == "-":
                text = decode_text(sys.stdin.buffer.read())
                if text is None:
                    raise _not_text("standard input")
                findings += lint_text(text, path="-", **options)
                files += 1
            else:
                found = _files(spec)
                if not os.path.isdir(spec) and _binary_file(found[0]):
                    raise _not_text(spec)
                files += len(found)
                findings += lint_paths(found, **options)
                if os.path.isdir(spec):
                    # A file named on its own gets the policy lint only: the render check
                    # imports Jinja, and a hook linting one file must start instantly.
                    findings += template_findings(found, options["disable"])
    elif not rendered:
        for folder in default_folders(settings):
            found = _files(folder)
            files += len(found)
            findings += lint_paths(found, **options)
            findings += template_findings(found, options["disable"])
        findings += lint_stage_config(settings)
        findings += unused_template_findings(settings)
    messages: int | None = None
    if rendered:
        day = _day(date, settings)
        due = _rendered(settings, day)
        messages = len(due)
        for label, text, allowed in due:
            findings += lint_text(text, path=label,
                                  **{**options, "disable": [*options["disable"], *allowed]})
    _report(sorted(findings, key=lambda f: (f.path, f.line, f.col, f.code)), fmt, output, files,
            messages)
    errors = sum(f.is_error for f in findings)
    if errors or (findings and not warnings_ok):
        raise typer.Exit(1)


def default_folders(settings: Settings) -> list[Path]:
    """The seller's templates folder (when configured) and the bundled templates."""
    from cx_cli.render.templating import template_folders

    return list(dict.fromkeys(template_folders(settings)))


def unused_template_findings(settings: Settings) -> list[Finding]:
    """CX401: a file in the configured templates folder that cx never looks up (a
    misspelt or misplaced override, ignored while the shipped template is sent)."""
    from cx_cli.engines.lint import RULES, Finding, rule_disabled
    from cx_cli.render.templating import unused_templates

    if rule_disabled("CX401", settings.lint.disable):
        return []
    return [Finding(str(u.path), 1, 1, "CX401", RULES["CX401"].severity, u.note("this file"))
            for u in unused_templates(settings)]


def template_findings(files: list[Path], disable: Sequence[str]) -> list[Finding]:
    """CX402: a Jinja template among ``files`` that cannot render (a syntax error, an
    unknown filter or test), found now rather than when a message renders. Jinja is
    imported only when there is such a file."""
    from cx_cli.engines.lint import RULES, Finding, read_text_file, rule_disabled
    from cx_cli.render.templating import template_problems

    if rule_disabled("CX402", disable):
        return []
    # Read as the policy lint reads them (a file that cannot be read failed that lint).
    return [Finding(str(file), line, 1, "CX402", RULES["CX402"].severity,
                    f"template cannot render: {message}")
            for file, line, message in template_problems(files, read_text_file, _display)]


def rendered_messages(settings: Settings, day: date
                      ) -> list[tuple[str, str, frozenset[str]]]:
    """(label, text, codes its template's ``cx: allow`` comments allow) of every message
    due on ``day``, rendered: the hook for ``--rendered``.

    Loads the inputs in cx.yaml the way ``cx messages due`` does and renders every due
    message, refused or not: ``("message:<message_id> (<template>)", text)``.
    """
    from cx_cli.cli.messages import rendered_for_lint

    return rendered_for_lint(settings, day)


def _rendered(settings: Settings, day: date) -> list[tuple[str, str, frozenset[str]]]:
    import importlib

    from cx_cli.errors import CxError

    try:
        importlib.import_module(TIMELINE_MODULE)
    except ImportError:
        raise CxError("cx lint --rendered needs the message timeline, which this build "
                      "does not have yet", "lint the templates instead: cx lint") from None
    return rendered_messages(settings, day)


def _day(value: str | None, settings: Settings) -> date:
    from cx_cli.cli.common import parse_day

    return parse_day(value, settings.shop.tz)


def _files(spec: str | Path) -> list[Path]:
    from cx_cli.engines.lint import iter_files

    return list(iter_files([spec]))


def _binary_file(path: Path) -> bool:
    """Is a file named on the command line binary? (A pipe is read once, by the lint.)"""
    from cx_cli.engines.lint import is_binary

    if not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            return is_binary(fh.read(8192))
    except OSError:
        return False  # the lint names the error when it reads the file


def _not_text(what: str) -> Exception:
    from cx_cli.errors import CxError

    return CxError(f"{what} is not text (binary content, such as a Word document or an "
                   "image): nothing in it was checked",
                   "save the message as plain text (.txt) and lint that; in a folder, "
                   "binary files are skipped")


def _display(path: str) -> str:
    """Paths under the working folder relative to it, like ruff; others as they are."""
    if path == "-" or not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _report(findings: list[Finding], fmt: LintFormat, output: Path | None, files: int,
            messages: int | None = None) -> None:
    from cx_cli.render.output import dump_json, write_text

    if fmt is LintFormat.json:
        rows = [dict(f.as_dict(), path=_display(f.path)) for f in findings]
        write_text(dump_json(rows), output)
    else:
        lines = [f"{_display(f.path)}:{f.line}:{f.col} {f.code} {f.message}" for f in findings]
        if lines or output is not None:
            write_text("".join(line + "\n" for line in lines), output)
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    # --rendered lints the day's messages, not files: count them as what they are.
    parts = [] if messages is not None and not files else [
        f"{files} file{'s' if files != 1 else ''}"]
    if messages is not None:
        parts.append(f"{messages} message{'s' if messages != 1 else ''}")
    place = " and ".join(parts)
    if findings:
        summary = (f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} "
                   f"({errors} error{'s' if errors != 1 else ''}, "
                   f"{warnings} warning{'s' if warnings != 1 else ''}) in {place}.")
    else:
        summary = f"All checks passed: 0 findings in {place}."
    typer.echo(summary, err=True)


def _print_rules(output: Path | None = None, fmt: LintFormat = LintFormat.text) -> None:
    from cx_cli.engines.lint import RULES
    from cx_cli.render.output import dump_json, write_text

    if fmt is LintFormat.json:
        write_text(dump_json([{"code": rule.code, "severity": rule.severity,
                               "title": rule.title, "example": rule.example}
                              for rule in RULES.values()]), output)
        return
    write_text("".join(f"{rule.code}  {rule.severity:<7}  {rule.title}\n"
                       f"{'':7}  e.g. {rule.example}\n" for rule in RULES.values()), output)


def demo_step(config: Path | None, day: date) -> None:
    """`cx demo`: the shipped templates through the lint; 0 findings expected."""
    from cx_cli.engines.lint import lint_paths
    from cx_cli.resources import templates_dir

    found = _files(templates_dir())
    findings = lint_paths(found)
    for f in findings:
        typer.echo(f"{_display(f.path)}:{f.line}:{f.col} {f.code} {f.message}")
    typer.echo(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in "
               f"{len(found)} shipped templates.")
