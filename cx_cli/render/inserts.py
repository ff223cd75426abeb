"""Insert cards as text (what gets linted), and as a printable HTML sheet, Markdown or text.

Each card's words come from one template (``templates/inserts/<card>.txt.j2``, which a
seller can override). Its first line is the title; ``- `` lines are a bullet list and
``1. `` lines a numbered one; ``> `` lines a note set apart (the fix, the "message us");
blank lines separate paragraphs. The HTML sheet and the
Markdown are built from that same structure, so all formats print the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from cx_cli.engines.inserts import InsertPlan
from cx_cli.io.catalog import Product
from cx_cli.render.templating import readable_template, render, template_allows

SHEET_TEMPLATE = "inserts/sheet.html.j2"
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_NOTE = re.compile(r"^\s*>\s?(.*)$")


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "ul", "ol" or "note"
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    sku: str
    product: str
    kind: str
    label: str
    text: str  # the rendered card template
    allowed: frozenset[str] = frozenset()  # lint codes its template's cx: allow comments allow

    @property
    def title(self) -> str:
        return parse_card(self.text)[0]

    @property
    def blocks(self) -> list[Block]:
        return parse_card(self.text)[1]

    def as_dict(self) -> dict[str, Any]:
        return {"sku": self.sku, "product": self.product, "kind": self.kind,
                "label": self.label, "title": self.title,
                "blocks": [{"kind": b.kind, "lines": list(b.lines)} for b in self.blocks]}


def parse_card(text: str) -> tuple[str, list[Block]]:
    """(title, blocks) of a card's text."""
    lines = text.strip("\n").splitlines()
    title = lines[0].strip() if lines else ""
    blocks: list[Block] = []
    kind, buf = "", []

    def flush() -> None:
        nonlocal kind, buf
        if buf:
            blocks.append(Block(kind, tuple(buf)))
        kind, buf = "", []

    for raw in lines[1:]:
        line = raw.strip()
        if not line:
            flush()
            continue
        marked = _BULLET.match(line) or _NUMBERED.match(line) or _NOTE.match(line)
        this = "p"
        if marked:
            this = {"-": "ul", "*": "ul", "•": "ul", ">": "note"}.get(line[0], "ol")
        if this != kind:
            flush()
            kind = this
        buf.append(marked.group(1) if marked else line)
    flush()
    return title, blocks


def _one_line(value: Any) -> Any:
    """Catalog text on one line: a card's lines are its structure, so a fix or a box item
    written over several lines (a YAML block) would fall out of its note or list."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    return value


def _card_product(product: Product) -> Product:
    return product.model_copy(update={
        name: _one_line(getattr(product, name))
        for name in ("name", "in_the_box", "quick_start", "common_issue", "fixes", "care_tips")})


def render_cards(env: Environment, plans: Sequence[InsertPlan], shop: Any) -> list[Card]:
    """Every planned card rendered from its template, SKU by SKU: the card in the buyer's
    language (the catalog entry's ``locale``, else the shop's) when a variant exists
    (``inserts/support.es.txt.j2``), as the messages choose theirs."""
    cards = []
    names: dict[tuple[str, str | None], str] = {}
    for plan in plans:
        product = _card_product(plan.product)
        context = {"shop": shop, "product": product, "buyer": None, "order_id": None}
        locale = plan.product.locale or getattr(shop, "locale", None)
        for kind in plan.cards:
            key = (kind.name, locale)
            if key not in names:
                names[key] = readable_template(env, f"inserts/{kind.name}", locale=locale,
                                               shop_locale=getattr(shop, "locale", None))
            name = names[key]
            text = render(env, name, context)
            cards.append(Card(plan.sku, product.display_name, kind.name, kind.label,
                              text.strip() + "\n", template_allows(env, name)))
    return cards


def render_sheet(env: Environment, cards: Sequence[Card], shop: Any, fmt: str) -> str:
    """The cards as ``html`` (printable sheet), ``md`` or ``text``."""
    if fmt == "html":
        return render(env, SHEET_TEMPLATE, {"shop": shop, "cards": [c.as_dict() for c in cards]})
    if fmt == "md":
        return _markdown(cards, shop)
    if fmt == "text":
        return _text(cards)
    raise ValueError(f"unknown insert format {fmt!r}")


# Markdown reads these as markup anywhere in a line (emphasis, code, links, HTML tags)...
_MD_INLINE = re.compile(r"([\\`*_\[\]<])")
# ...and these at its start (a heading, a quote, a list inside the card's list).
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Catalog and card text as Markdown that shows it as written."""
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                              _MD_INLINE.sub(r"\\\1", text))


def _block_lines(block: Block, md: bool) -> list[str]:
    lines = [md_escape(line) for line in block.lines] if md else list(block.lines)
    if block.kind == "ul":
        return [f"- {line}" for line in lines]
    if block.kind == "ol":
        return [f"{i}. {line}" for i, line in enumerate(lines, 1)]
    if block.kind == "note" and md:
        return ["> " + " ".join(lines)]
    return [" ".join(lines)] if md else lines


def _markdown(cards: Sequence[Card], shop: Any) -> str:
    out = [f"# Insert cards: {md_escape(shop.name)}", ""]
    sku = None
    for card in cards:
        if card.sku != sku:
            sku = card.sku
            out += [f"## {md_escape(card.product)} ({md_escape(card.sku)})", ""]
        out += [f"### {md_escape(card.title)}", ""]
        for block in card.blocks:
            out += [*_block_lines(block, md=True), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _text(cards: Sequence[Card]) -> str:
    out: list[str] = []
    for card in cards:
        head = f"{card.sku} · {card.label}"
        # The card's own title, unless the heading already says it (the bundled cards).
        title = [card.title] if card.title != card.label else []
        out += [head, "=" * len(head), *title, ""]
        for block in card.blocks:
            out += [*_block_lines(block, md=False), ""]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
