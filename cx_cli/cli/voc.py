"""`cx voc`: the voice-of-customer log — issues, trends, owners, and whether fixes worked."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cx_cli.cli.common import (
    NUMBER,
    CommentsOpt,
    ConfigOpt,
    DateOpt,
    FixesOpt,
    OrdersOpt,
    OutputOpt,
    ProductsOpt,
    ReturnsOpt,
    ReviewsOpt,
    StrictOpt,
    TicketsOpt,
    cx_command,
    format_option,
    inputs_from,
)

INPUTS = ("orders", "returns", "tickets", "reviews", "comments", "products", "fixes")


class VocFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


FormatOpt = format_option(VocFormat)


def register(app: typer.Typer) -> None:
    app.command("voc")(voc)


@cx_command
def voc(
    weeks: Annotated[int | None, typer.Option(
        "--weeks", min=1, max=52, metavar=NUMBER, help="Complete weeks to summarise (default: "
        "voc.weeks, 4).", show_default=False)] = None,
    date: DateOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
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
    """Voice of customer: what buyers complain about, and whether the fixes worked.

    Summarises the last --weeks complete ISO weeks before --date: tickets (tagged
    subcategory, else triaged), complaint comments and 1–2 star reviews, per issue and
    root cause — mentions per week, trend against the weeks before (up/down need a
    change of 25% and 2 mentions), share of the period's orders affected, top SKUs, and
    the fix owner and shipped date from the fix log. For a shipped fix, the refund rate
    of its SKUs (all SKUs when the fix row has none) on lines paid 28 days before vs 28
    days from the fix: "dropped" (lower, two-proportion p < 0.05), "no change", or
    "too early" (under 28 days, or fewer than voc.min_lines lines on a side). Issues
    with 3+ mentions and no owner are marked NEEDS OWNER. Lists the top 5 support
    questions verbatim, for the FAQ.

    On a terminal narrower than about 78 columns the table leaves out the weekly
    counts, then the share of orders, then the top SKU (a line under it says which;
    -f md has them all); the issue, its trend and its owner always stay. No SKU, name
    or figure is cut; a SKU wraps only after a "-", a name after a "_".
    """
    from cx_cli.cli.common import load_inputs, parse_day, warn
    from cx_cli.cli.labels import comment_labels, review_labels, ticket_labels, untagged
    from cx_cli.engines import order_fields
    from cx_cli.errors import InputError

    def read_texts(settings, ds):
        """Mentions and questions, worked out while the orders load (they read no orders).

        VoC reads the period and the equally long stretch before it (the trend): only
        texts created then go through the classifiers.
        """
        from cx_cli.engines.voc import voc_period, voc_texts

        as_of, span = parse_day(date, settings.shop.tz), weeks or settings.voc.weeks
        period = voc_period(as_of, span)
        since, until = period.previous_start, period.end
        return voc_texts(
            as_of=as_of, tickets=ds.tickets, reviews=ds.reviews, comments=ds.comments,
            ticket_labels=ticket_labels(settings, ds, since, until, select=untagged),
            comment_labels=comment_labels(settings, ds, since, until),
            review_labels=review_labels(settings, ds, since, until), weeks=span)

    settings, ds = load_inputs(config, inputs_from(
        orders=orders, returns=returns, tickets=tickets, reviews=reviews, comments=comments,
        products=products, fixes=fixes), INPUTS, strict=strict, fields={"orders": order_fields.VOC},
        meanwhile=read_texts)
    if ds.tickets is None and ds.reviews is None and ds.comments is None:
        raise InputError("cx voc needs at least one of tickets, reviews or comments",
                         "pass --tickets/--reviews/--comments PATH or set inputs.tickets "
                         "(reviews, comments) in cx.yaml")
    # Imported once the inputs are loaded (the loaders have brought pandas in by now).
    from cx_cli.engines.voc import summarise_voc
    from cx_cli.render.voc import render_voc

    result = summarise_voc(ds.meanwhile, orders=ds.orders, returns=ds.returns, fixes=ds.fixes,
                           min_lines=settings.voc.min_lines)
    warn(result.warning_lines())
    render_voc(result, fmt.value, output)
