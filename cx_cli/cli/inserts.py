"""`cx inserts`: the four packaging insert cards per SKU, as a printable sheet."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cx_cli.cli.common import ConfigOpt, OutputOpt, ProductsOpt, cx_command, format_option


class InsertFormat(StrEnum):
    html = "html"
    md = "md"
    text = "text"


FormatOpt = format_option(InsertFormat)


def register(app: typer.Typer) -> None:
    app.command("inserts")(inserts)


@cx_command
def inserts(
    skus: Annotated[list[str] | None, typer.Argument(
        help="Seller SKUs from the catalog (default: every SKU).", show_default=False)] = None,
    card: Annotated[list[str] | None, typer.Option(
        "--card", metavar="<card>", help="Only these cards: included, quick_start, ugc, "
        "support; repeatable.", show_default=False)] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    products: ProductsOpt = None,
) -> None:
    """Packaging insert cards from the catalog: what's included, quick start, what to film, support.

    HTML (default) is a printable sheet, one 4x6 in card per page. A card whose catalog
    fields are missing (in_the_box, quick_start, name) is skipped and listed on stderr;
    a card that breaks the messaging policy is refused with the rule (exit code 1).
    """
    from cx_cli.cli.common import err_console, inputs_from, load_settings, warn
    from cx_cli.engines.inserts import plan_inserts, skipped_lines
    from cx_cli.engines.lint import lint_text
    from cx_cli.errors import CxError
    from cx_cli.io.catalog import load_catalog
    from cx_cli.io.dataset import resolve_inputs
    from cx_cli.render.inserts import render_cards, render_sheet
    from cx_cli.render.output import write_text
    from cx_cli.render.templating import make_environment

    settings = load_settings(config)
    unread: list[str] = []
    paths = resolve_inputs(settings, inputs_from(products=products), needed=("products",),
                           unread=unread)
    warn(unread)
    catalog = load_catalog(paths.get("products", []))
    plans = plan_inserts(catalog, skus or (), card or ())
    warn(skipped_lines(plans))
    env = make_environment(settings)
    cards = []
    refused = 0
    for c in render_cards(env, plans, settings.shop):
        findings = lint_text(c.text, path=f"{c.sku} {c.label} card", market=settings.shop.market,
                             allow_domains=settings.lint.allow_domains,
                             disable=[*settings.lint.disable, *c.allowed])
        errors = [f for f in findings if f.is_error]
        for f in findings:
            err_console().print(f"{'refused' if errors else 'warning'}: {f.path}, line "
                                f"{f.line}: {f.code} {f.message}", markup=False, emoji=False)
        if errors:
            refused += 1
        else:
            cards.append(c)
    if not cards:
        if refused:
            raise typer.Exit(1)
        raise CxError("no insert cards to print: the catalog lacks the fields the cards need",
                      "add name, in_the_box and quick_start to the products in the catalog")
    write_text(render_sheet(env, cards, settings.shop, fmt.value), output)
    if refused:
        raise typer.Exit(1)
