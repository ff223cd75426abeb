"""`cx triage`: classify support tickets and say what to do with each."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cx_cli.cli.common import (
    NUMBER,
    ConfigOpt,
    DateOpt,
    OutputOpt,
    ProductsOpt,
    StrictOpt,
    TicketsOpt,
    cx_command,
    format_option,
    inputs_from,
)


class TriageFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = format_option(TriageFormat)


LimitOpt = Annotated[int | None, typer.Option(
    "--limit", min=0, metavar=NUMBER, help="Table only: show the first N rows (default: all; "
    "0 also shows all). CSV and JSON always hold every row.", show_default=False)]


def register(app: typer.Typer) -> None:
    app.command("triage")(triage)


@cx_command
def triage(
    config: ConfigOpt = None,
    tickets: TicketsOpt = None,
    products: ProductsOpt = None,
    untagged: Annotated[bool, typer.Option(
        "--untagged", help="Only the tickets the rules classified (no subcategory tag in "
        "the export).")] = False,
    open_only: Annotated[bool, typer.Option(
        "--open", help="Only tickets not solved by the end of --date (default today).")] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    date: DateOpt = None,
    strict: StrictOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Triage support tickets: category and subcategory, saved reply, dispute type, proof
    to collect, and whether to escalate.

    A ticket tagged in the export with one of the twelve subcategories keeps its tag
    (source "tagged"); the rules in cx_cli/engines/rules/triage.yaml (or the file
    triage.rules names) classify the rest from subject and message (source "rules"; no
    fit: category "unclassified"). Escalate: safety words, chargeback or dispute
    threats, repeated contact, or a defect cluster (comments.escalate_after tickets of
    one complaint about one product within comments.cluster_days days). A ticket solved
    by --date gets the outcome-confirmation reply; tickets created after that day are
    left out. A summary per category goes to stderr.
    """
    import numpy as np

    from cx_cli.cli.common import err_console, load_inputs, load_settings, parse_day
    from cx_cli.engines.triage import classify_tickets, solved_as_of
    from cx_cli.engines.triage_rules import triage_rules_for
    from cx_cli.render.triage import render_triage, triage_summary

    # The rules first: a broken rules file should fail before a long load.
    rules = triage_rules_for(load_settings(config))
    settings, ds = load_inputs(config, inputs_from(tickets=tickets, products=products),
                               needed=("tickets", "products"), strict=strict,
                               require=("tickets",))
    as_of = parse_day(date, settings.shop.tz)
    result = classify_tickets(ds.tickets, rules, as_of=as_of, catalog=ds.catalog,
                              escalate_after=settings.comments.escalate_after,
                              window_days=settings.comments.cluster_days)
    keep = np.ones(len(result), dtype=bool)
    if untagged:
        keep &= (result["source"] == "rules").to_numpy(dtype=bool)
    if open_only:
        keep &= ~solved_as_of(result, as_of)
    result = result[keep].reset_index(drop=True)
    err_console().print(triage_summary(result), markup=False)
    render_triage(result, fmt.value, output, limit=limit)
