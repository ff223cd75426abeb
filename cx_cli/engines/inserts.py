"""Packaging insert cards: which of the four cards each SKU can have, from its catalog entry.

A card is only printed when the catalog has what it says (a "What's in the box" card
with no list would be worse than none), so each card names the fields it needs and a
SKU without them is reported rather than printed with blanks.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from cx_cli.errors import CxError
from cx_cli.io.catalog import Catalog, Product, near_skus


@dataclass(frozen=True)
class CardKind:
    name: str  # also the template: inserts/<name>.txt.j2
    label: str
    needs: tuple[str, ...]


# The playbook's four cards, in the order they go in the box; each labelled with the
# heading its bundled template prints (and README's card table uses).
CARDS: tuple[CardKind, ...] = (
    CardKind("included", "What's in the box", ("name", "in_the_box")),
    CardKind("quick_start", "Quick start", ("name", "quick_start")),
    CardKind("ugc", "Show it in action", ("name",)),
    CardKind("support", "Need a hand?", ("name",)),
)
CARD_NAMES = tuple(c.name for c in CARDS)


@dataclass
class InsertPlan:
    """One SKU: the cards it gets and, for each card it cannot have, the missing fields."""

    sku: str
    product: Product
    cards: list[CardKind] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)


def _missing_fields(product: Product, card: CardKind) -> list[str]:
    return [f for f in card.needs if not getattr(product, f)]


def plan_inserts(catalog: Catalog, skus: Sequence[str] = (),
                 kinds: Sequence[str] = ()) -> list[InsertPlan]:
    """Plans for the SKUs asked for (all catalog SKUs by default), in that order.

    Raises CxError for an empty catalog, an unknown SKU or an unknown card kind.
    """
    if not catalog:
        raise CxError("the product catalog is empty or not configured",
                      "set inputs.products in cx.yaml or pass --products products.yaml")
    unknown_kinds = [k for k in kinds if k not in CARD_NAMES]
    if unknown_kinds:
        raise CxError(f"unknown card {unknown_kinds[0]!r}", f"cards: {', '.join(CARD_NAMES)}")
    wanted = [c for c in CARDS if not kinds or c.name in kinds]
    plans = []
    for sku in skus or list(catalog):
        product = catalog.get(sku)
        if product is None:
            # A difference in case first: difflib compares characters as they are.
            close = list(near_skus(catalog, [sku]).values()) or \
                difflib.get_close_matches(sku, list(catalog), n=1)
            raise CxError(f"SKU {sku!r} is not in the product catalog",
                          f"did you mean {close[0]!r}?" if close else
                          f"catalog SKUs: {', '.join(list(catalog)[:10])}")
        plan = InsertPlan(sku, product)
        for card in wanted:
            missing = _missing_fields(product, card)
            if missing:
                plan.missing[card.name] = missing
            else:
                plan.cards.append(card)
        plans.append(plan)
    return plans


def skipped_lines(plans: Sequence[InsertPlan]) -> list[str]:
    """One line per SKU with cards skipped, naming the catalog fields to fill in."""
    labels = {c.name: c.label for c in CARDS}
    lines = []
    for plan in plans:
        if not plan.missing:
            continue
        parts = [f"{labels[k]} (needs {', '.join(v)})" for k, v in plan.missing.items()]
        lines.append(f"{plan.sku}: skipped {'; '.join(parts)}")
    return lines
