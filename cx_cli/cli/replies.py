"""`cx replies`: the saved replies (support chat) and public replies (video comments).

Both are templates: ``templates/replies/<name>.txt.j2`` and ``templates/public/<name>.txt.j2``,
overridable from the seller's templates folder. ``show`` renders one with the SKU's
catalog entry and lints the result before printing it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cx_cli.cli.common import (
    ConfigOpt,
    OutputOpt,
    ProductsOpt,
    cx_command,
    format_option,
    order_id_option,
)
from cx_cli.cli.groups import SuggestingGroup

if TYPE_CHECKING:
    from jinja2 import Environment

    from cx_cli.config import Settings
    from cx_cli.io.catalog import Product

# Template folder per kind; a bare NAME is looked up in this order.
KINDS = {"saved": "replies", "public": "public"}
SUFFIX = ".txt.j2"

replies_app = typer.Typer(
    cls=SuggestingGroup,
    name="replies", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    help="Saved replies for support chat and public replies for video comments.")


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


FormatOpt = format_option(ListFormat)


def register(app: typer.Typer) -> None:
    app.add_typer(replies_app, name="replies")


@replies_app.command("list")
@cx_command
def list_replies(
    config: ConfigOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List every saved and public reply with its first line."""
    from cx_cli.cli.common import load_settings
    from cx_cli.render.templating import make_environment

    settings = load_settings(config)
    env = make_environment(settings)
    rows = reply_rows(env, settings)
    _present(rows, fmt, output)


@replies_app.command("show")
@cx_command
def show_reply(
    name: Annotated[str, typer.Argument(
        help="Reply name (see `cx replies list`); public/NAME or saved/NAME when both exist.")],
    sku: Annotated[str | None, typer.Option(
        "--sku", metavar="<sku>", help="Fill in this product from the catalog (name, fixes, "
        "box contents).", show_default=False)] = None,
    buyer: Annotated[str | None, typer.Option(
        "--buyer", metavar="<name>", help="Buyer name to greet.", show_default=False)] = None,
    order: Annotated[str | None, typer.Option(
        "--order", metavar="<order_id>", help="Order number to mention.",
        show_default=False, callback=order_id_option)] = None,
    config: ConfigOpt = None,
    products: ProductsOpt = None,
    output: OutputOpt = None,
) -> None:
    """Render one reply, filled in from the catalog, ready to paste.

    The text is linted first; a reply that breaks the policy (e.g. a catalog fix that
    mentions an e-mail address) is refused with the rule, exit code 1.
    """
    from cx_cli.cli.common import err_console, load_settings, warn
    from cx_cli.engines.lint import lint_text
    from cx_cli.render.output import write_text
    from cx_cli.render.templating import (
        make_environment,
        readable_template,
        render,
        template_allows,
    )

    settings = load_settings(config)
    product, notes = _product(settings, sku, products)
    warn(notes)
    env = make_environment(settings)
    kind, base = resolve_name(env, name)
    template = readable_template(env, f"{KINDS[kind]}/{base}", category=product.category,
                                 locale=product.locale or settings.shop.locale,
                                 shop_locale=settings.shop.locale)
    text = render(env, template, reply_context(settings, product, buyer=buyer, order_id=order))
    # The template's cx: allow comments are gone once rendered: their codes are off.
    findings = lint_text(text, path=template, market=settings.shop.market,
                         allow_domains=settings.lint.allow_domains,
                         disable=[*settings.lint.disable, *template_allows(env, template)])
    errors = [f for f in findings if f.is_error]
    console = err_console()
    for f in findings:
        console.print(f"{'refused' if errors else 'warning'}: {f.format()}", markup=False,
                      emoji=False)
    if errors:
        raise typer.Exit(1)
    write_text(text, output)


# --- shared with other commands (triage, comments) -----------------------------------

def reply_context(settings: Settings, product: Product, *, buyer: str | None = None,
                  order_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """What every reply template receives: shop, product, buyer and order_id (may be None)."""
    return {"shop": settings.shop, "product": product, "buyer": buyer, "order_id": order_id,
            **extra}


# What a reply calls a product the catalog does not name, by the reply's language, and
# how the reply then says it.
GENERIC_NAME = {"en": ("item", "your item"), "es": ("producto", "tu producto"),
                "vi": ("sản phẩm", "sản phẩm"), "th": ("สินค้า", "สินค้า"),
                "ms": ("barang", "barang anda"), "id": ("produk", "produk"),
                # (a named product is "o produto X" in a Portuguese reply, with no article
                # whose gender cx does not know; an unnamed one "seu produto")
                "pt": ("produto", "seu produto")}


def generic_name(locale: str | None) -> tuple[str, str]:
    """("item", "your item"), or the same in the locale's language."""
    from cx_cli.markets import language_of

    return GENERIC_NAME.get(language_of(locale), GENERIC_NAME["en"])


def default_product(locale: str | None = None) -> Product:
    """Stands in when no SKU is given, so replies still read naturally ("your item",
    "tu producto" in a Spanish reply, "sản phẩm" in a Vietnamese one)."""
    from cx_cli.io.catalog import Product

    name, _ = generic_name(locale)
    return Product(sku=name, name=name)


def reply_names(env: Environment) -> list[tuple[str, str]]:
    """(kind, name) of every reply template, base names only (no locale variants)."""
    assert env.loader is not None
    found: dict[tuple[str, str], None] = {}
    for template in env.loader.list_templates():
        folder, _, file = template.partition("/")
        kind = next((k for k, f in KINDS.items() if f == folder), None)
        if kind is None or "/" in file or not file.endswith(SUFFIX):
            continue
        found[(kind, file.split(".")[0])] = None
    return sorted(found, key=lambda kn: (list(KINDS).index(kn[0]), kn[1]))


def resolve_name(env: Environment, name: str) -> tuple[str, str]:
    """(kind, base) for NAME, saved/NAME, public/NAME (replies/NAME works too)."""
    from cx_cli.errors import CxError

    available = reply_names(env)
    prefix, _, rest = name.partition("/")
    if rest:
        kind = {"saved": "saved", "replies": "saved", "public": "public"}.get(prefix)
        if kind and (kind, rest) in available:
            return kind, rest
    else:
        for kind in KINDS:
            if (kind, name) in available:
                return kind, name
    import difflib

    names = [n if k == "saved" else f"public/{n}" for k, n in available]
    close = difflib.get_close_matches(name, names, n=1)
    raise CxError(f"no reply named {name!r}",
                  f"did you mean {close[0]!r}?" if close else "see `cx replies list`")


def reply_rows(env: Environment, settings: Settings) -> list[dict[str, str]]:
    from cx_cli.errors import TemplateError
    from cx_cli.render.templating import readable_template, render

    rows = []
    # The shop's own language, as `show` writes a reply with no SKU.
    locale = settings.shop.locale
    context = reply_context(settings, default_product(locale))
    for kind, name in reply_names(env):
        try:
            text = render(env, readable_template(env, f"{KINDS[kind]}/{name}", locale=locale),
                          context)
            first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        except TemplateError as exc:
            first = f"(cannot render: {exc.message})"
        rows.append({"name": name, "kind": kind, "first_line": first})
    return rows


def _product(settings: Settings, sku: str | None,
             products: list[str] | None) -> tuple[Product, list[str]]:
    locale = settings.shop.locale
    if sku is None:
        return default_product(locale), []
    from cx_cli.cli.common import inputs_from
    from cx_cli.io.catalog import Product, load_catalog, near_sku_note, near_skus
    from cx_cli.io.dataset import resolve_inputs

    paths = resolve_inputs(settings, inputs_from(products=products), needed=("products",))
    catalog = load_catalog(paths.get("products", []))
    if sku in catalog:
        return catalog[sku], []
    near = near_skus(catalog, [sku])
    missing = near_sku_note(sku, near[sku]) if near else \
        f"SKU {sku} is not in the product catalog"
    # Named "item", as without --sku: the SKU itself ("LED-STRIP-5M") is no name to
    # write to a buyer, and in capitals it reads as shouting (CX301).
    name, said = generic_name(locale)
    return Product(sku=sku, name=name), [
        f"{missing}; the reply says \"{said}\" and uses "
        "no fixes or box contents (add the SKU to the catalog for them)"]


def _present(rows: list[dict[str, str]], fmt: ListFormat, output: Path | None) -> None:
    from cx_cli.render.output import (
        dump_json,
        dump_markdown,
        shorten,
        write_text,
        write_text_or_console,
    )

    if fmt is ListFormat.json:
        write_text(dump_json(rows), output)
        return
    if fmt is ListFormat.md:
        write_text(dump_markdown(rows, ["name", "kind", "first_line"],
                                 ["name", "kind", "first line"]), output)
        return
    from rich.table import Table
    from rich.text import Text

    def draw(console) -> None:
        name_w = max((len(r["name"]) for r in rows), default=4)
        # rich squeezes every no-wrap column when a line is too long; cut the text instead.
        room = max(20, console.width - name_w - 6 - 4)
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("name", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("first line", no_wrap=True)
        for row in rows:
            # Text(), not markup: a reply's first line may hold "[...]".
            table.add_row(Text(row["name"]), Text(row["kind"]),
                          Text(shorten(row["first_line"], room)))
        console.print(table)

    write_text_or_console(draw, output)
