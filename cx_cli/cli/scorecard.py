"""`cx scorecard`: the weekly operational scorecard."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cx_cli.cli.common import (
    NUMBER,
    CommentsOpt,
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
    format_option,
    inputs_from,
    warn,
)

INPUTS = ("orders", "returns", "tickets", "reviews", "comments", "products")


class ScorecardFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


FormatOpt = format_option(ScorecardFormat)


def register(app: typer.Typer) -> None:
    app.command("scorecard")(scorecard)


@cx_command
def scorecard(
    week: Annotated[str | None, typer.Option(
        "--week", metavar="<YYYY-Www>", help="ISO week to report, e.g. 2026-W47 (default: "
        "the last complete week before --date; a week not over by --date is shown with a "
        "warning).",
        show_default=False)] = None,
    weeks: Annotated[int | None, typer.Option(
        "--weeks", min=1, max=104, metavar=NUMBER, help="Weeks in the trend sparkline (default: "
        "scorecard.weeks, 8).", show_default=False)] = None,
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
    strict: StrictOpt = False,
) -> None:
    """The weekly scorecard: this week vs last, an 8-week trend, and what to fix.

    Metrics (SPEC §8): refund rate on the cohort paid refund_lag_days earlier (per SKU,
    with a Wilson 95% interval; flagged SKUs first), first response time (median and
    p90, real hours; business hours too when shop.support_hours is set), unanswered and
    missing-parts tickets, review count/rating/depth, repeat purchase at 30/60/90 days,
    negative comments, then platform health beside TikTok's published thresholds.
    A metric whose input was not given shows as "—". Weeks run Monday to Monday in
    shop time.
    """
    from cx_cli.cli.common import check_year, load_inputs, parse_day
    from cx_cli.cli.labels import comment_labels, ticket_labels
    from cx_cli.engines import order_fields
    from cx_cli.engines.iso_weeks import last_complete_week, parse_week, series_weeks

    chosen = parse_week(week) if week is not None else None
    if chosen is not None:
        check_year(chosen.start, "--week", week)

    def classify(settings, ds) -> tuple:
        """The run day and the labels of the texts in the weeks shown, worked out while
        the orders load (the day once, so both halves of the run agree on it)."""
        as_of = parse_day(date, settings.shop.tz)
        span = series_weeks(chosen or last_complete_week(as_of),
                            max(weeks or settings.scorecard.weeks, 2))
        since, until = span[0].start, span[-1].end
        return as_of, (ticket_labels(settings, ds, since, until),
                       comment_labels(settings, ds, since, until))

    settings, ds = load_inputs(config, inputs_from(
        orders=orders, returns=returns, tickets=tickets, reviews=reviews, comments=comments,
        products=products), INPUTS, strict=strict, fields={"orders": order_fields.SCORECARD},
        meanwhile=classify)
    # Imported once the exports are being read (pandas takes ~0.3 s to import).
    from cx_cli.engines.metrics import MetricInputs
    from cx_cli.engines.scorecard import build_scorecard
    from cx_cli.render.scorecard import render_scorecard

    as_of, labels = ds.meanwhile
    if chosen is not None and chosen.end > as_of:
        warn([f"week {chosen.name} is not over on {as_of.isoformat()} (--date, default "
              "today): its figures are partial"])
    inputs = MetricInputs.from_dataset(ds, *labels)
    card = build_scorecard(inputs, settings, as_of, chosen, weeks)
    render_scorecard(card, fmt.value, output)
