"""`cx retention`: repeat purchase by cohort, reorder intervals, bundle candidates."""

from __future__ import annotations

from enum import StrEnum

import typer

from cx_cli.cli.common import (
    ConfigOpt,
    DateOpt,
    OrdersOpt,
    OutputOpt,
    ProductsOpt,
    StrictOpt,
    cx_command,
    format_option,
    inputs_from,
)

INPUTS = ("orders", "products")


class RetentionFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


FormatOpt = format_option(RetentionFormat)


def register(app: typer.Typer) -> None:
    app.command("retention")(retention)


@cx_command
def retention(
    date: DateOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    orders: OrdersOpt = None,
    products: ProductsOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Retention: who buys again, how often, and what to sell together.

    Repeat purchase at 30/60/90 days by first-order month (a month is shown at N days
    only once every buyer in it has been observed for N full days by --date; same
    qualifying-order rules as the scorecard). Per SKU the median days between a buyer's
    consecutive orders of it, shown once retention.min_repeaters buyers reordered, beside
    the catalog's usage_cycle_days. Bundle candidates: SKUs the same buyers reorder (a
    2-pack), pairs bought together or within 30 days (a routine bundle, ranked by lift),
    and consumables on 30/60/90-day cycles (a replacement set). CSV output is the cohort
    table; JSON has everything.
    """
    from cx_cli.cli.common import load_inputs, parse_day
    from cx_cli.engines.retention import retention as build
    from cx_cli.render.retention import render_retention

    settings, ds = load_inputs(config, inputs_from(orders=orders, products=products), INPUTS,
                               strict=strict, require=("orders",))
    as_of = parse_day(date, settings.shop.tz)
    result = build(ds.orders, as_of=as_of, catalog=ds.catalog,
                   min_repeaters=settings.retention.min_repeaters)
    render_retention(result, fmt.value, output)
