"""`cx demo`: the main jobs on the bundled sample exports, one section per capability."""

from __future__ import annotations

from typing import Annotated

import typer

from cx_cli.cli.common import DAY, cx_command, parse_day


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def _demo_steps():
    """(title, function(config_path, day)) for each capability, in the order shown."""
    from cx_cli.cli import validate as validate_cmd

    def validate_step(config, day):
        validate_cmd.validate(config=config)

    def scorecard_step(config, day):
        from cx_cli.cli import scorecard as scorecard_cmd

        scorecard_cmd.scorecard(config=config, date=day.isoformat())

    def voc_step(config, day):
        from cx_cli.cli import voc as voc_cmd

        voc_cmd.voc(config=config, date=day.isoformat())

    def retention_step(config, day):
        from cx_cli.cli import retention as retention_cmd

        retention_cmd.retention(config=config, date=day.isoformat())

    def lint_step(config, day):
        from cx_cli.cli import lint as lint_cmd

        lint_cmd.demo_step(config, day)

    def messages_step(config, day):
        from cx_cli.cli import messages as messages_cmd

        # Lists only: never --record, so no ledger is written beside the sample.
        messages_cmd.due(config=config, date=day.isoformat(), limit=15)

    def triage_step(config, day):
        from cx_cli.cli import triage as triage_cmd

        triage_cmd.triage(config=config, date=day.isoformat(), open_only=True, limit=10)

    def comments_step(config, day):
        from cx_cli.cli import comments as comments_cmd

        comments_cmd.comments(config=config, date=day.isoformat(), clusters=True, limit=10)

    def report_step(config, day):
        import tempfile
        from pathlib import Path

        from cx_cli.cli import report as report_cmd

        # A fresh temporary folder: the demo never writes beside the bundled sample.
        out = Path(tempfile.mkdtemp(prefix="cx-report-"))
        report_cmd.report(out=out, config=config, date=day.isoformat(), quiet=True)
        for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name[0] != "."):
            typer.echo(str(path))

    return [("Validate the exports", validate_step), ("Weekly scorecard", scorecard_step),
            ("Voice of customer", voc_step),
            ("Retention", retention_step),
            ("Policy lint of the shipped templates", lint_step),
            ("Messages due today", messages_step),
            ("Support triage", triage_step),
            ("Public comments", comments_step),
            ("Weekly report files", report_step)]


@cx_command
def demo(
    date: Annotated[str | None, typer.Option(
        "--date", metavar=DAY, help="Run as of this day (default: the day after the sample "
        "data ends).", show_default=False)] = None,
) -> None:
    """Run cx's main jobs on the bundled sample shop (no files of yours needed)."""
    import os

    from rich.rule import Rule

    from cx_cli.render.output import terminal_console
    from cx_cli.resources import examples_dir

    # The sample may live inside the installed package: never write a cache there.
    os.environ["CX_NO_CACHE"] = "1"
    config = examples_dir() / "cx.yaml"
    day = parse_day(date, "UTC") if date else _sample_today(config)
    console = terminal_console()
    console.print(f"cx demo — the bundled sample shop as of {day.isoformat()}")
    # On a line of its own, whole: an installed copy's path is longer than a terminal.
    console.print(f"config: {config}", soft_wrap=True, markup=False)
    for title, step in _demo_steps():
        console.print(Rule(title, align="left"))
        step(config, day)


def _sample_today(config):
    """The day after the newest order in the sample: the morning after the export."""
    from datetime import timedelta

    from cx_cli.cli.common import load_inputs

    _, ds = load_inputs(config, {}, ("orders",))
    newest = ds.orders["created_at"].max()
    return newest.date() + timedelta(days=1)
