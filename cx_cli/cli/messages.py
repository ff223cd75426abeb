"""`cx messages`: the post-purchase messages due today, previews, and the sent ledger."""

from __future__ import annotations

import contextlib
import functools
from datetime import date as date_type
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from cx_cli.cli.common import (
    DAY,
    NUMBER,
    ConfigOpt,
    DateOpt,
    OrdersOpt,
    OutputOpt,
    ProductsOpt,
    ReturnsOpt,
    ReviewsOpt,
    StrictOpt,
    TicketsOpt,
    cx_command,
    err_console,
    format_option,
    inputs_from,
    order_id_option,
    warn,
)
from cx_cli.cli.groups import SuggestingGroup

INPUTS = ("orders", "tickets", "reviews", "returns", "products")
RECORD_SOURCE = "messages due --record"
# Rows a `messages due` table shows by default: a terminal cannot show a big shop's day
# (100,000 messages take over a minute to lay out), the files can.
TABLE_LIMIT = 1000

app = typer.Typer(
    cls=SuggestingGroup,
    help="Post-purchase messages: what is due today, previews, and the ledger of what "
         "was sent.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class DueFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    md = "md"


def register(main_app: typer.Typer) -> None:
    main_app.add_typer(app, name="messages")


FormatOpt = format_option(DueFormat)


@app.command("due")
@cx_command
def due(
    date: DateOpt = None,
    stage: Annotated[list[str] | None, typer.Option(
        "--stage", metavar="<stage>", help="Only this stage; repeatable.",
        show_default=False)] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    record: Annotated[bool, typer.Option(
        "--record", help="Record the messages written to the output in the ledger as sent "
        "(for cron, when the output goes straight to the sender). A table records only the "
        "rows it shows (--limit): use -o FILE.csv (or .json, .jsonl) --record to send and "
        "record every message.")] = False,
    allow_violations: Annotated[bool, typer.Option(
        "--allow-violations", help="List messages that fail the policy lint instead of "
        "refusing them.")] = False,
    explain_order: Annotated[str | None, typer.Option(
        "--explain", metavar="<order_id>", help="Show every stage for this order: due or not, "
        "its window, and why.", show_default=False, callback=order_id_option)] = None,
    config: ConfigOpt = None,
    orders: OrdersOpt = None,
    tickets: TicketsOpt = None,
    reviews: ReviewsOpt = None,
    returns: ReturnsOpt = None,
    products: ProductsOpt = None,
    strict: StrictOpt = False,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, metavar=NUMBER, help=f"Table only: show the first N messages (default "
        f"{TABLE_LIMIT:,}; 0 shows all). csv/json/jsonl/md always hold every message.",
        show_default=False)] = None,
) -> None:
    """List the messages due on --date (default today, shop time), rendered and linted.

    Stages follow the table in README (confirmation, label created, in transit,
    tracking stalled, delivery day, support check-in, review request, replenishment;
    review reminder and the education series on days 2, 7 and 14 when switched on; and
    any in messages.stages). A message is listed while today is in
    its window, its conditions hold at the end of the day, and it is not in the ledger;
    messages.max_per_buyer_per_day defers lower-priority ones to a later day. A message
    that fails the policy lint is refused (reported on stderr, exit 1) unless
    --allow-violations. csv/json/jsonl/md carry the full text and message_id; record
    what you sent with `cx messages record FILE`, or use --record in cron.
    """
    run = _Run.load(config, date, strict, inputs_from(
        orders=orders, tickets=tickets, reviews=reviews, returns=returns, products=products))
    from cx_cli.render.messages import present_due, present_explain

    if explain_order is not None:
        rows = run.explain(explain_order)
        present_explain(rows, fmt.value, output,
                        title=f"Order {explain_order} as of {run.as_of.isoformat()}")
        return
    from cx_cli.memory import release_freed_memory
    from cx_cli.render.worker import LINES_PER_MESSAGE, RENDER_WORKER_MESSAGES

    # With --record, the ledger stays locked from reading what was sent to recording what
    # the output holds: another cx recording in between (a second cron run, `messages
    # record`) would have its messages listed here too, and sent twice.
    guard = run.ledger.writing() if record else contextlib.nullcontext()
    with guard:
        if record:
            _keep_recorded_output(run.ledger, output)
        with run.worker:
            if len(run.ds.orders) >= LINES_PER_MESSAGE * RENDER_WORKER_MESSAGES:
                # Half of a big day renders in the worker: its imports overlap the timeline.
                run.worker.warm("cx_cli.render.messages", "cx_cli.engines.message_context")
            result = run.compute(stage)
            warn(_disabled_stage_lines(run.settings, stage))
            release_freed_memory()  # what loading and the timeline freed, before rendering
            rendered = run.render(result.due)
        # Most messages have no finding at all: only those are looked at twice.
        refused = [] if allow_violations else \
            [r for r in rendered if r.findings and r.violations]
        listed = [r for r in rendered if not (r.findings and r.violations)] \
            if refused else rendered
        if refused:
            from cx_cli.render.messages import refusal_lines

            warn(refusal_lines(refused))
        channel = run.settings.messages.channel
        rows = [r.row(channel) for r in listed]
        if limit is None:
            limit = TABLE_LIMIT
        shown = rows[:limit] if limit and fmt.value == "table" else rows
        title = f"Messages due {run.as_of.isoformat()} ({len(rows)})"
        if len(shown) < len(rows):
            title += f", first {len(shown)} shown"
            warn([_cut_warning(len(shown), len(rows), record)])
        items = [run.items[r.message.message_id] for r in listed[:len(shown)]] \
            if fmt.value == "table" else []
        present_due(shown, fmt.value, output, title=title, items=items)
        recorded = None
        if record and shown:
            # Only what the output holds: a message the sender never got stays due.
            recorded = _record_written(run.ledger, shown, output)
    lost = sum(1 for m in result.deferred if m.last_date <= run.as_of)
    _summary(run.as_of, len(rows), len(result.deferred), result.in_ledger, len(refused),
             recorded, lost)
    if rows and output is not None and not record and fmt.value in RECORDABLE \
            and output.is_file():
        # Until they are recorded, the same messages are listed again tomorrow.
        err_console().print(f"Once they are sent: cx messages record {_quoted(output)}",
                            markup=False, soft_wrap=True)
    if refused:
        raise typer.Exit(1)


@app.command("preview")
@cx_command
def preview(
    stage: Annotated[str, typer.Argument(help="Stage name, e.g. review_request.")],
    order: Annotated[str, typer.Option("--order", metavar="<order_id>", help="Order ID.",
                                       show_default=False, callback=order_id_option)],
    sku: Annotated[str | None, typer.Option(
        "--sku", metavar="<sku>", help="Line to use for a per-line stage (replenishment).",
        show_default=False)] = None,
    date: DateOpt = None,
    config: ConfigOpt = None,
    orders: OrdersOpt = None,
    tickets: TicketsOpt = None,
    reviews: ReviewsOpt = None,
    returns: ReturnsOpt = None,
    products: ProductsOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Render one stage's message for one order in full, due today or not."""
    run = _Run.load(config, date, strict, inputs_from(
        orders=orders, tickets=tickets, reviews=reviews, returns=returns, products=products))
    from cx_cli.engines.message_context import preview_message

    rows = [r for r in run.explain(order) if r["stage"] == stage
            and (sku is None or r["sku"] in (None, sku))]
    row = rows[0] if rows else None
    if row is not None and row["status"] == "not_due" and row.get("missing"):
        # The event the message is built from has not happened: its text would read
        # "for None days" or "created on ," (a not-yet-due message is shown as it would
        # read on its first day, and this one has none yet).
        from cx_cli.errors import CxError

        raise CxError(f"cannot preview {stage} for order {order} on {run.as_of}: "
                      f"{row['missing']}, and the message is written from it",
                      f"preview an order that has it (cx messages due --stage {stage} "
                      "lists the ones due), or see every stage with "
                      f"cx messages due --explain {order}")
    first = (row or {}).get("due_date") or run.as_of
    last = (row or {}).get("last_date") or run.as_of
    message = preview_message(order, stage, run.ds.orders, settings=run.settings,
                              due_date=first, last_date=last,
                              sku=sku or (row or {}).get("sku"),
                              quantity=(row or {}).get("units", 0))
    # A message not due yet is shown as it would read on its first day.
    rendered = run.render([message], on=max(first, run.as_of))[0]
    console = err_console()
    if row is not None and row["status"] == "due":
        console.print(f"{stage} for order {order} is due on {run.as_of} ({rendered.template})",
                      markup=False)
    else:
        why = row["reason"] if row else "unknown stage for this order"
        status = row["status"].replace("_", " ") if row else "not due"
        console.print(f"{stage} for order {order} is {status} on {run.as_of}: {why} "
                      f"({rendered.template}); shown anyway", markup=False)
    for f in rendered.findings:
        console.print(f"{f.severity}: {f.code} {f.message}", markup=False)
    typer.echo(rendered.text, nl=False)


@app.command("record")
@cx_command
def record_file(
    file: Annotated[Path, typer.Argument(help="A csv/json/jsonl file `messages due` wrote.")],
    sent_at: Annotated[str | None, typer.Option(
        "--sent-at", metavar="<YYYY-MM-DDTHH:MM>", help="When they were sent, ISO 8601; "
        "shop time unless a zone is given (default: now).",
        show_default=False)] = None,
    config: ConfigOpt = None,
) -> None:
    """Record the messages a due file lists as sent (run it after sending them).

    Recording is idempotent: a message already in the ledger is left as it is. A
    recorded message is never listed as due again.
    """
    from cx_cli.cli.common import load_settings
    from cx_cli.io.due_file import read_due_file

    settings = load_settings(config)
    rows = read_due_file(file)
    when = _parse_sent_at(sent_at, settings.shop.tz)
    result = _ledger(settings).record(rows, sent_at=when, source=str(file))
    err_console().print(f"Recorded {result.recorded:,} message(s) from {file}; "
                        f"{result.already:,} already in the ledger.", markup=False)


@app.command("history")
@cx_command
def history(
    since: Annotated[str | None, typer.Option(
        "--since", metavar=DAY, help="Sent on or after this day.", show_default=False)] = None,
    order: Annotated[str | None, typer.Option(
        "--order", metavar="<order_id>", help="Only this order.", show_default=False,
        callback=order_id_option)] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
) -> None:
    """What was sent, from the ledger (oldest first)."""
    from cx_cli.cli.common import load_settings, parse_day
    from cx_cli.render.messages import present_history

    settings = load_settings(config)
    day = parse_day(since, settings.shop.tz, "--since") if since else None
    rows = _ledger(settings).rows(since=day, order_id=order)
    present_history(rows, fmt.value, output)


# --- the shared run -----------------------------------------------------------------------


class _Run:
    """Config, inputs, day and ledger of one `messages` command."""

    def __init__(self, settings: Any, ds: Any, as_of: date_type) -> None:
        self.settings = settings
        self.ds = ds
        self.as_of = as_of
        self.ledger = _ledger(settings)
        self.items: dict[str, str] = {}
        from cx_cli.render.worker import Worker

        # Renders part of a big day's messages; started by the first job (or ``warm``).
        self.worker = Worker()

    @classmethod
    def load(cls, config: Path | None, date: str | None, strict: bool,
             inputs: dict[str, list[str]]) -> _Run:
        from cx_cli.cli.common import load_inputs, parse_day
        from cx_cli.cli.labels import timeline_ticket_labels
        from cx_cli.engines import order_fields

        def labels(settings: Any, ds: Any) -> Any:
            """The run day and its ticket labels, worked out while the orders load; and
            the shop's holidays, which the messages' ship-by dates count (the holidays
            library takes 0.2 s, then on the way to the first message)."""
            as_of = parse_day(date, settings.shop.tz)
            found = timeline_ticket_labels(settings, ds, as_of)
            from cx_cli.engines.message_context import BusinessDays
            from cx_cli.errors import ConfigError

            # An unknown country is reported when a message needs the calendar.
            with contextlib.suppress(ConfigError):
                BusinessDays(settings.shop.holiday_country, as_of)
            return as_of, found

        settings, ds = load_inputs(config, inputs, INPUTS, strict=strict, require=("orders",),
                                   fields={"orders": order_fields.TIMELINE}, meanwhile=labels)
        as_of, run_labels = ds.meanwhile
        run = cls(settings, ds, as_of)
        run.ticket_labels = run_labels
        return run

    @functools.cached_property
    def ticket_labels(self) -> Any:
        from cx_cli.cli.labels import timeline_ticket_labels

        return timeline_ticket_labels(self.settings, self.ds, self.as_of)

    def _engine_inputs(self) -> dict[str, Any]:
        """What the timeline reads besides the orders and the ledger."""
        return {
            "tickets": self.ds.tickets, "reviews": self.ds.reviews,
            "returns": self.ds.returns, "catalog": self.ds.catalog,
            "settings": self.settings, "as_of": self.as_of,
            "ticket_labels": self.ticket_labels,
        }

    def _ledger_inputs(self) -> dict[str, Any]:
        from cx_cli.engines.timeline import ledger_inputs

        return ledger_inputs(self.ledger, self.settings, self.as_of)

    def compute(self, stages: list[str] | None) -> Any:
        from cx_cli.engines.timeline_memo import compute_remembered

        return compute_remembered(
            self.ds.orders, memo=self.ds.remembering, inputs=self._engine_inputs(),
            ledger_inputs=self._ledger_inputs, ledger_stamp=self.ledger.stamp(),
            catalog_files=self.ds.paths.get("products", []), stages=stages)

    def explain(self, order_id: str) -> list[dict[str, Any]]:
        from cx_cli.engines.timeline import explain

        return explain(order_id, self.ds.orders, **self._engine_inputs(),
                       **self._ledger_inputs())

    def render(self, messages: list[Any], on: date_type | None = None) -> list[Any]:
        """Render (and lint) in batches, so only one batch of contexts is alive; a big
        day renders part of its messages in a worker process meanwhile."""
        from cx_cli.engines.message_context import MessageContexts, lines_of
        from cx_cli.render.messages import Offload, render_remembered
        from cx_cli.render.worker import RENDER_WORKER_MESSAGES

        if not messages:
            return []
        day = on or self.as_of

        @functools.cache
        def lines() -> Any:
            """The messages' order lines, cut from the export once (when they render,
            not when read back): the worker's share and this process's are cut from
            these few."""
            return lines_of(self.ds.orders, {m.order_id for m in messages})

        def contexts(some: Any) -> Any:
            return MessageContexts(lines(), {m.order_id for m in some},
                                   catalog=self.ds.catalog, settings=self.settings,
                                   as_of=day)

        rendered = []
        offload = Offload(self.worker, lines, self.ds.catalog) \
            if len(messages) >= RENDER_WORKER_MESSAGES else None
        for r, items in render_remembered(
                messages, contexts, self.settings, as_of=day, memo=self.ds.remembering,
                catalog_files=self.ds.paths.get("products", []), offload=offload):
            self.items[r.message.message_id] = items
            rendered.append(r)
        return rendered


def _ledger(settings: Any) -> Any:
    from cx_cli.io.ledger import Ledger

    return Ledger(settings.resolve(settings.messages.ledger), tz=settings.shop.tz)


def _record_written(ledger: Any, rows: list[dict[str, Any]], output: Path | None) -> Any:
    """Record what the output holds; should that fail now it is written, say so: its
    messages stay due, and whoever sends them has to record them."""
    from cx_cli.errors import LedgerError
    from cx_cli.render.output import to_stdout

    to_file = not to_stdout(output)
    if to_file:
        from cx_cli.io.files import sync_folder

        # The file's data was synced before its rename; the rename is on disk only once
        # its folder is: before the ledger commits, or a power cut could leave the
        # messages recorded with no file listing them.
        sync_folder(output)
    try:
        return ledger.record(rows, source=RECORD_SOURCE)
    except LedgerError as exc:
        raise LedgerError(
            f"{exc.message}; the {len(rows)} message(s) written to "
            f"{output if to_file else 'standard output'} were not recorded",
            f"{exc.hint + '; ' if exc.hint else ''}once they are sent, record them with "
            f"cx messages record {output if to_file else 'FILE'}") from None


def _keep_recorded_output(ledger: Any, output: Path | None) -> None:
    """--record never replaces a file that lists messages the ledger has as sent: the
    sender may not have read it yet, and once replaced no file would list them (a rerun
    the same day finds them sent, not due)."""
    import re

    from cx_cli.render.output import to_stdout

    if to_stdout(output) or not output.is_file():
        return

    try:
        text = output.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return  # not readable: writing it fails with its own message
    # Every format cx writes that a sender reads (csv, json, jsonl, md) has the ids.
    listed = set(re.findall(r"\b[0-9a-f]{16}\b", text)) & ledger.keys()
    if listed:
        from cx_cli.errors import CxError

        raise CxError(f"{output} lists {len(listed)} message(s) already recorded as sent; "
                      "--record does not replace it",
                      "the sender may not have them yet: write to a new file (named by "
                      f"date, say), or move {output} away once they are sent")


def _cut_warning(shown: int, listed: int, record: bool) -> str:
    """What a cut table warns: how to see every message, and with --record that only the
    shown ones were recorded."""
    text = f"the table shows the first {shown:,} of {listed:,} messages"
    if record:
        return (f"{text}; only those {shown:,} were recorded in the ledger, the other "
                f"{listed - shown:,} stay due. A sender needs the full texts: -o FILE.csv "
                "(or .json, .jsonl) --record writes and records every message")
    # The command named: `cx demo` shows this table too, and takes neither option.
    return (f"{text}; `cx messages due --limit 0` shows all, and -o FILE.csv (or .json) "
            "writes every message with its text")


def _disabled_stage_lines(settings: Any, only: list[str] | None) -> list[str]:
    """A warning per --stage that is switched off: it lists nothing, and 0 due alone
    reads as a quiet day."""
    if not only:
        return []
    from cx_cli.engines.stages import resolve_stages

    return [f"stage {s.name} is disabled, so none of its messages is listed: set "
            f"messages.stages.{s.name}.enabled: true in cx.yaml to send it"
            for s in resolve_stages(settings) if s.name in only and not s.enabled]


# The formats `cx messages record` reads back.
RECORDABLE = ("csv", "json", "jsonl")


def _quoted(path: Path) -> str:
    """``path`` as a shell would need it typed (a name with spaces quoted)."""
    import shlex

    return shlex.quote(str(path))


def _summary(day: date_type, listed: int, deferred: int, sent: int, refused: int,
             recorded: Any, lost: int = 0) -> None:
    parts = [f"{listed:,} message(s) due {day.isoformat()}"]
    if deferred:
        text = f"{deferred:,} deferred by max_per_buyer_per_day"
        if lost:
            # Their window ends today: there is no later day to wait for.
            text += f" ({lost:,} on the last day of their window, so not sent at all)"
        parts.append(text)
    if sent:
        parts.append(f"{sent:,} already sent")
    if refused:
        parts.append(f"{refused:,} refused by the policy lint")
    if recorded is not None:
        parts.append(f"{recorded.recorded:,} recorded in the ledger")
    err_console().print("; ".join(parts) + ".", markup=False)


# A sender's clock a little ahead of this machine's is not "the future".
SENT_AT_SLACK_MINUTES = 10


def _parse_sent_at(value: str | None, tz: str) -> Any:
    """--sent-at as given (a naive time is shop time); a time not yet come is an error:
    the ledger would count the message as sent on a day that has not happened."""
    if value is None:
        return None
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from cx_cli.errors import CxError

    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise CxError(f"--sent-at expects an ISO 8601 time, found {value!r}",
                      "e.g. 2026-11-20T10:30 (shop time) or 2026-11-20T18:30Z") from None
    aware = when if when.tzinfo else when.replace(tzinfo=ZoneInfo(tz))
    if aware > datetime.now(ZoneInfo(tz)) + timedelta(minutes=SENT_AT_SLACK_MINUTES):
        raise CxError(f"--sent-at {value} is in the future",
                      "give the time the messages were sent (default: now)")
    return when


def rendered_for_lint(settings: Any, day: date_type
                      ) -> list[tuple[str, str, frozenset[str]]]:
    """(label, text, codes its template allows) of every message due on ``day`` as
    rendered, the text as the policy lint reads it (what comes from the platform, the
    buyer's name, order id, tracking number and carrier, as placeholders, as `messages
    due` lints it): `cx lint --rendered`."""
    from cx_cli.io.dataset import load_dataset, resolve_inputs

    ds = load_dataset(settings, resolve_inputs(settings, needed=INPUTS), INPUTS,
                      require=("orders",))
    warn(ds.warning_lines())
    run = _Run(settings, ds, day)
    from cx_cli.render.templating import make_environment, template_allows

    env = make_environment(settings)
    allows: dict[str, frozenset[str]] = {}
    with run.worker:
        rendered = run.render(run.compute(None).due)
    if not rendered:
        return []
    from cx_cli.engines.message_context import greeting, shipments
    from cx_cli.render.messages import MessageLint

    shipment = shipments(ds.orders, {r.message.order_id for r in rendered})
    out = []
    for r in rendered:
        if r.template not in allows:
            allows[r.template] = template_allows(env, r.template)
        m = r.message
        name, tracking, carrier = shipment.get(m.order_id, ("", "", ""))
        text = MessageLint.as_linted(r.text, (greeting(name, m.buyer), m.order_id, tracking,
                                              carrier))
        out.append((f"message:{m.message_id} ({r.template})", text, allows[r.template]))
    return out
