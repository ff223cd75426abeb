"""`cx comments`: what to do with each public comment, and defect clusters."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cx_cli.cli.common import (
    CommentsOpt,
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
from cx_cli.cli.triage import LimitOpt


class CommentsFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = format_option(CommentsFormat)


def register(app: typer.Typer) -> None:
    app.command("comments")(comments)


@cx_command
def comments(
    config: ConfigOpt = None,
    comments: CommentsOpt = None,
    tickets: TicketsOpt = None,
    products: ProductsOpt = None,
    clusters: Annotated[bool, typer.Option(
        "--clusters", help="Also list defect clusters: the same complaint about one product "
        "in comments.escalate_after comments or tickets within comments.cluster_days "
        "days.")] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    date: DateOpt = None,
    strict: StrictOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Sort public video comments: hide (spam, hate, doxxing, harassment), reply
    (complaints), answer (questions) or none (praise, other), with the public reply
    template to use.

    Rules: cx_cli/engines/rules/comments.yaml, or the file comments.rules names. JSON is
    a list of {comment_id, action, kind, reply}; with --clusters it is {"comments": [...],
    "clusters": [...]}, and CSV holds the clusters. Tickets, when given, count towards
    clusters; the product catalog names the products. With --date, comments created
    after that day are left out.
    """
    from cx_cli.cli.common import err_console, load_inputs, load_settings, parse_day
    from cx_cli.engines.comments import classify_comments, comment_rules_for, defect_clusters
    from cx_cli.engines.triage import classify_tickets
    from cx_cli.engines.triage_rules import triage_rules_for
    from cx_cli.render.triage import comments_summary, render_comments

    settings = load_settings(config)
    rules = comment_rules_for(settings)
    triage_rules = triage_rules_for(settings) if clusters else None
    needed = ("comments", "tickets", "products") if clusters else ("comments",)
    settings, ds = load_inputs(
        config, inputs_from(comments=comments, tickets=tickets, products=products),
        needed=needed, strict=strict, require=("comments",))
    as_of = parse_day(date, settings.shop.tz)
    result = classify_comments(ds.comments, rules, as_of=as_of)
    found = None
    if clusters:
        options = {"escalate_after": settings.comments.escalate_after,
                   "window_days": settings.comments.cluster_days}
        triaged = None
        if ds.tickets is not None:
            triaged = classify_tickets(ds.tickets, triage_rules, as_of=as_of,
                                       catalog=ds.catalog, **options)
        found = defect_clusters(result, triaged, products=ds.catalog, **options)
    err_console().print(comments_summary(result, found), markup=False)
    render_comments(result, fmt.value, output, clusters=found, limit=limit)
