"""`cx validate`: check every input and report, without computing anything else."""

from __future__ import annotations

from enum import StrEnum

import typer

from cx_cli.cli.common import (
    CommentsOpt,
    ConfigOpt,
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
    warn_nothing_given,
)


class ValidateFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


FormatOpt = format_option(ValidateFormat)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)


@cx_command
def validate(
    config: ConfigOpt = None,
    orders: OrdersOpt = None,
    returns: ReturnsOpt = None,
    tickets: TicketsOpt = None,
    reviews: ReviewsOpt = None,
    comments: CommentsOpt = None,
    products: ProductsOpt = None,
    fixes: FixesOpt = None,
    strict: StrictOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Check every input export: columns, row counts, duplicates, rows excluded and why.

    Reads each input given in cx.yaml or on the command line. An input that cannot be
    used at all (missing column, empty file, not a table) is reported and makes the exit
    code 2; rows with unparseable values are excluded, counted and listed (exit 0, or 2
    with --strict). SKUs sold but missing from the product catalog are listed too (with
    the entry that differs only in case), and catalog SKUs no order has. The parts of
    cx.yaml that other commands read later (message stages, the holiday country, the
    templates folder, your own triage and comment rules) are checked first; a file in
    the templates folder that cx never uses is named, with the name it probably meant,
    and one that cannot render (a Jinja syntax error, an unknown filter) is an error
    (exit code 2).
    """
    from cx_cli.cli.common import load_settings
    from cx_cli.config import INPUT_NAMES
    from cx_cli.io.dataset import resolve_inputs
    from cx_cli.io.validation import validate_inputs
    from cx_cli.render.templating import broken_templates, unused_templates
    from cx_cli.render.validation import render_validation

    settings = load_settings(config)
    check_settings(settings)
    paths = resolve_inputs(settings, inputs_from(
        orders=orders, returns=returns, tickets=tickets, reviews=reviews, comments=comments,
        products=products, fixes=fixes))
    warn_nothing_given(settings, paths, INPUT_NAMES)
    result = validate_inputs(settings, paths)
    _check_catalog_languages(settings, result.catalog_locales)
    result.unused_templates = [
        {"file": str(u.path), "did_you_mean": u.meant, "message": u.note(str(u.path))}
        for u in unused_templates(settings)]
    result.broken_templates = [{"file": str(path), "line": line, "message": problem}
                               for path, line, problem in broken_templates(settings)]
    render_validation(result, fmt.value, output)
    if result.errors or result.broken_templates or (strict and result.bad_rows):
        raise typer.Exit(2)


def check_settings(settings) -> None:
    """A ConfigError for what the other commands would find wrong in cx.yaml when they
    come to use it, so that a clean `cx validate` is not followed by a failing cron run."""
    from cx_cli.engines.stages import resolve_stages
    from cx_cli.render.templating import template_folders

    template_folders(settings)
    _check_stage_templates(settings, resolve_stages(settings))
    if settings.shop.holidays is not None:  # a market's own calendar is known to exist
        from datetime import date

        from cx_cli.engines.weeks import holiday_dates

        year = date.today().year  # any year: an unknown country fails for every one
        holiday_dates(settings.shop.holiday_country, year, year)
    if settings.triage.rules:
        from cx_cli.engines.triage_rules import triage_rules_for

        triage_rules_for(settings)
    if settings.comments.rules:
        from cx_cli.engines.comments import comment_rules_for

        comment_rules_for(settings)


def _check_stage_templates(settings, stages, locales: dict[str, list[str]] | None = None
                           ) -> None:
    """Every enabled stage has a template for each product category it may write to
    (a stage of your own names one that `cx init` did not write), in the shop's language
    and in each other language of ``locales`` (a catalog locale -> its SKUs)."""
    from cx_cli.errors import TemplateError
    from cx_cli.io.schemas import CATEGORIES
    from cx_cli.render.templating import find_template, make_environment

    env = make_environment(settings)
    languages = {settings.shop.locale: [], **(locales or {})}
    for stage in stages:
        if not stage.enabled:
            continue
        for category in sorted(stage.categories or CATEGORIES):
            for locale, skus in languages.items():
                try:
                    find_template(env, f"messages/{stage.template}", category=category,
                                  locale=locale)
                except TemplateError as error:
                    whose = (f" (for the catalog's locale {locale} products: "
                             f"{', '.join(skus[:3])}{' …' if len(skus) > 3 else ''})"
                             if skus else "")
                    raise TemplateError(f"messages.stages.{stage.name}: {error.message}{whose}",
                                        f"write templates/messages/{stage.template}.txt.j2 in "
                                        "your templates folder, or set the stage's template "
                                        "to one that exists") from None


def _check_catalog_languages(settings, catalog_locales: dict[str, list[str]]) -> None:
    """``_check_stage_templates`` for the other languages of the catalog's entries too: a
    stage of your own written only as ``spring_restock.th.txt.j2`` stops `messages due`
    on the day one is due for a product with ``locale: es``."""
    from cx_cli.engines.stages import resolve_stages

    locales = {locale: skus for locale, skus in catalog_locales.items()
               if locale != settings.shop.locale}
    if locales:
        _check_stage_templates(settings, resolve_stages(settings), locales)
