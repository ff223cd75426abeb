"""`cx refunds`: refund rate by SKU, variation or category over any window of paid dates."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cx_cli.cli.common import (
    DAY,
    ConfigOpt,
    DateOpt,
    OrdersOpt,
    OutputOpt,
    ReturnsOpt,
    StrictOpt,
    cx_command,
    format_option,
    inputs_from,
)

DEFAULT_DAYS = 28


class RefundsFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


FormatOpt = format_option(RefundsFormat)


class RefundsBy(StrEnum):
    sku = "sku"
    variation = "variation"
    product_category = "product_category"


def register(app: typer.Typer) -> None:
    app.command("refunds")(refunds)


@cx_command
def refunds(
    since: Annotated[str | None, typer.Option(
        "--since", metavar=DAY, help="First paid date (default: 28 days before --date).",
        show_default=False)] = None,
    until: Annotated[str | None, typer.Option(
        "--until", metavar=DAY, help="Last paid date, included (default: the day before "
        "--date).", show_default=False)] = None,
    by: Annotated[RefundsBy, typer.Option("--by", help="Group the lines by this column.")] =
    RefundsBy.sku,
    date: DateOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    orders: OrdersOpt = None,
    returns: ReturnsOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Refund rate per SKU (or variation, or product category) with a Wilson 95% interval.

    Counts the order lines paid from --since to --until (shop dates, both included;
    default the 28 days before --date), leaving out cancelled lines. A line is refunded
    when its return type is Return/Refund or Refund only or it has a returned quantity
    — or, with --returns, when the returns export has a return for it that was not
    rejected or cancelled. A group is flagged when it has at least scorecard.min_lines
    lines and the lower bound of its interval is above the shop-wide rate of the same
    lines. Flagged groups come first, then the highest rates.
    """
    from datetime import timedelta

    from cx_cli.cli.common import load_inputs, parse_day
    from cx_cli.engines.metrics_refunds import refunds_by
    from cx_cli.errors import CxError
    from cx_cli.render.scorecard import render_refunds

    settings, ds = load_inputs(config, inputs_from(orders=orders, returns=returns),
                               ("orders", "returns"), strict=strict, require=("orders",))
    tz = settings.shop.tz
    as_of = parse_day(date, tz)
    last = parse_day(until, tz, "--until") if until else as_of - timedelta(days=1)
    first = (parse_day(since, tz, "--since") if since
             else last - timedelta(days=DEFAULT_DAYS - 1))
    if first > last:
        if until:
            raise CxError(f"--since {first.isoformat()} is after --until {last.isoformat()}")
        raise CxError(f"--since {first.isoformat()} is after {last.isoformat()}, the last "
                      "paid date by default (the day before --date, default today)",
                      f"give --until too, or --date {(first + timedelta(days=1)).isoformat()} "
                      "or later")
    report = ds.reports.get("orders")
    if by is not RefundsBy.sku and report is not None and by.value in (report.absent or []):
        # Every line would fall in one group with no value: say why instead.
        header = {"variation": "Variation", "product_category": "Product Category"}[by.value]
        raise CxError(f"--by {by.value}: the orders export has no {by.value} column "
                      f"('{header}' in a Seller Center export)",
                      f"group --by sku, or if the export has it under another header, set "
                      f"columns.orders.map.{by.value} in cx.yaml")
    table = refunds_by(ds.orders, ds.returns, first, last, by=by.value,
                       min_lines=settings.scorecard.min_lines)
    render_refunds(table, fmt.value, output, settings.scorecard.min_lines)
