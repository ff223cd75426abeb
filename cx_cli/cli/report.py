"""`cx report`: the weekly report files and HTML page, safe to run unattended from cron."""

from __future__ import annotations

import sys
from datetime import date as date_type
from pathlib import Path
from typing import Annotated, Any

import typer

from cx_cli.cli.common import (
    CommentsOpt,
    ConfigOpt,
    DateOpt,
    FixesOpt,
    OrdersOpt,
    ProductsOpt,
    ReturnsOpt,
    ReviewsOpt,
    StrictOpt,
    TicketsOpt,
    cx_command,
    inputs_from,
)

INPUTS = ("orders", "returns", "tickets", "reviews", "comments", "products", "fixes")
DEFAULT_LOCK_TIMEOUT = 10.0


def register(app: typer.Typer) -> None:
    app.command("report")(report)


@cx_command
def report(
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="<folder>", help="Folder to write the report into (default: "
        "reports.out in cx.yaml, 'reports').", show_default=False)] = None,
    date: DateOpt = None,
    fail_on: Annotated[list[str] | None, typer.Option(
        "--fail-on", metavar="<expr>", help="Exit 1 when the report's week breaches this "
        "threshold, e.g. 'refund_rate>0.08' or 'late_dispatch_rate>4%'; repeatable. Any "
        "scorecard or platform health metric key (as in --format json), or flagged_skus.",
        show_default=False)] = None,
    redact: Annotated[bool | None, typer.Option(
        "--redact/--no-redact", help="Replace buyer names with stable pseudonyms "
        "(default: reports.redact in cx.yaml).", show_default=False)] = None,
    lock_timeout: Annotated[float, typer.Option(
        "--lock-timeout", min=0, metavar="<seconds>", help="How long to wait for another "
        "cx report writing to the same folder.")] = DEFAULT_LOCK_TIMEOUT,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print only errors and breached thresholds (no file list, no "
        "warnings).")] = False,
    config: ConfigOpt = None,
    orders: OrdersOpt = None,
    returns: ReturnsOpt = None,
    tickets: TicketsOpt = None,
    reviews: ReviewsOpt = None,
    comments: CommentsOpt = None,
    products: ProductsOpt = None,
    fixes: FixesOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Write the weekly report: scorecard, platform health, refunds, VoC, messages due.

    Each section goes out as Markdown, CSV and JSON, plus one self-contained HTML page
    with charts (it opens offline, and mails as one file) and an index of every run in
    the folder. A run as of --date D reports week W, the last complete week before D:

    \b
      DIR/W/report-D.html, refunds-D.*, messages-D.*, run-D.json   (per day)
      DIR/W/scorecard-W.*, health-W.*, voc-W.*   (per week; the newest run wins)
      DIR/index.html   (every run, newest first)

    Safe in cron: files are replaced atomically, a lock on DIR/.cx-report.lock keeps two
    runs apart (--lock-timeout), a rerun for the same date replaces its files, no
    colours without a terminal, one line per file written on stderr (--quiet: only
    errors and breached thresholds). Contact details are masked in buyer text;
    --redact pseudonymises buyer names everywhere. Exit 0 ok, 1 a --fail-on threshold
    breached or a message refused by the policy lint (after every file is written), 2
    usage or input error.
    """
    rules = []
    if fail_on:
        # Bad thresholds fail before any loading, so a typo in a crontab costs nothing.
        from cx_cli.engines.report import parse_fail_on

        rules = [parse_fail_on(expr) for expr in fail_on]
    from cx_cli.cli.common import load_settings, parse_day

    settings = load_settings(config)
    folder = out if out is not None else settings.resolve(settings.reports.out)
    as_of = parse_day(date, settings.shop.tz)
    log = _Log(quiet)
    inputs = inputs_from(orders=orders, returns=returns, tickets=tickets, reviews=reviews,
                         comments=comments, products=products, fixes=fixes)
    from cx_cli.io.dataset import load_dataset, resolve_inputs

    # Missing files are usage errors: report them before the folder and its lock exist.
    load_dataset(settings, resolve_inputs(settings, inputs, needed=INPUTS), (),
                 require=("orders",))

    from cx_cli.io.publish import (
        INDEX_NAME,
        newer_run,
        report_lock,
        scan_runs,
        sweep_unfinished,
        write_files,
        write_one,
    )

    with report_lock(Path(folder), lock_timeout):
        sweep_unfinished(Path(folder))  # what a run killed mid-write left
        ds = _load(config, settings, inputs, strict, quiet, as_of)
        from cx_cli.engines.report import breaches, build_report
        from cx_cli.memory import release_freed_memory
        from cx_cli.render.report import index_html, report_files, start_charts
        from cx_cli.render.worker import LINES_PER_MESSAGE, REPORT_WORKER_MESSAGES, Worker

        release_freed_memory()  # what parsing freed, before the weekly figures and timeline
        with Worker() as worker:
            pages = []  # the page's sections, charts drawing, once the weekly figures are in
            on_weekly = None
            if "orders" in ds.parsed and \
                    len(ds.orders) >= LINES_PER_MESSAGE * REPORT_WORKER_MESSAGES:
                # A big day on fresh exports: the worker starts and imports while the day
                # is worked out, and draws the charts as soon as the weekly figures are
                # made. (A rerun on cached exports most likely has the day's messages and
                # charts remembered: a worker then starts only if a job turns up.)
                worker.warm("cx_cli.render.charts", "matplotlib.figure",
                            "cx_cli.render.messages", "cx_cli.engines.message_context")

                def on_weekly(weekly: Any) -> None:
                    pages.append(start_charts(weekly, worker))

            data = build_report(ds, settings, as_of, ledger=_ledger(settings),
                                redact=settings.reports.redact if redact is None else redact,
                                memo=ds.remembering, texts=ds.meanwhile, on_weekly=on_weekly)
            # The report holds what it shows; the full exports (a gigabyte at a million
            # order lines) go before the messages render and their files are made.
            del ds
            release_freed_memory()
            breached = breaches(data, rules)
            later = newer_run(Path(folder) / data.week.name, as_of.isoformat())
            run = report_files(data, settings, breached, worker=worker,
                               page=pages[0] if pages else None, newer_run=later)
        log.warnings(run.refused)  # messages the policy lint kept out, as messages due
        if data.voc is not None:
            log.warnings(data.voc.warning_lines())
        for rule in rules:
            if data.value(rule.metric) is None:
                log.warnings([f"--fail-on {rule.text}: {rule.metric} has no value for "
                              f"{data.week.name}; not checked"])
        week_folder = Path(folder) / run.names.folder
        write_files(week_folder, run.files, on_write=log.wrote)
        for name in run.stale:  # an earlier run's section this run has nothing for
            stale = week_folder / name
            if stale.is_file():
                stale.unlink()
                log.removed(stale)
        index = Path(folder) / INDEX_NAME
        write_one(index, index_html(scan_runs(Path(folder)), settings))
        log.wrote(index)
    if breached or run.refused:
        from cx_cli.cli.common import err_console

        console = err_console()
        for b in breached:
            console.print(f"Threshold breached: {b.message()}", markup=False, highlight=False)
        if run.refused:
            # Like `messages due`: messages left out for a human to fix their template.
            console.print(f"Refused by the policy lint: {run.refused_messages} message(s), "
                          f"their findings listed on the report page; they are not in "
                          f"{run.names.section('messages', 'csv')}",
                          markup=False, highlight=False)
        raise typer.Exit(1)


class _Log:
    """Progress for cron logs: one plain line per file on stderr; nothing with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def wrote(self, path: Path) -> None:
        if not self.quiet:
            sys.stderr.write(f"wrote {path}\n")
            sys.stderr.flush()

    def removed(self, path: Path) -> None:
        if not self.quiet:
            sys.stderr.write(f"removed {path} (this run has no such section)\n")
            sys.stderr.flush()

    def warnings(self, lines: list[str]) -> None:
        if not self.quiet and lines:
            from cx_cli.cli.common import warn

            warn(lines)


def _load(config: Path | None, settings: Any, inputs: dict[str, list[str]], strict: bool,
          quiet: bool, as_of: date_type) -> Any:
    """Load every input once; with --quiet, without the bad-row warnings or progress bar.

    The texts are classified (and VoC's mentions found) while the orders load: the
    result is the dataset's ``meanwhile``.
    """
    from cx_cli.engines import order_fields

    def texts(ds: Any) -> Any:
        from cx_cli.engines.report import read_texts

        return read_texts(ds, settings, as_of, ds.remembering)

    # Only the order columns the sections read (scorecard, refunds, VoC, messages).
    fields = {"orders": order_fields.REPORT}
    if not quiet:
        from cx_cli.cli.common import load_inputs

        return load_inputs(config, inputs, INPUTS, strict=strict, require=("orders",),
                           fields=fields, meanwhile=lambda _, ds: texts(ds))[1]
    from cx_cli.io.dataset import load_dataset, resolve_inputs

    return load_dataset(settings, resolve_inputs(settings, inputs, needed=INPUTS), INPUTS,
                        strict=strict, require=("orders",), fields=fields, meanwhile=texts)


def _ledger(settings: Any) -> Any:
    """The sent-message ledger (read only here: a missing file is an empty ledger)."""
    from cx_cli.io.ledger import Ledger

    return Ledger(settings.resolve(settings.messages.ledger), tz=settings.shop.tz)
