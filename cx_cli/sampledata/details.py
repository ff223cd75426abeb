"""The sample reviews' sentences about one product, made for each SKU from a language's
sentence templates (English has its own, written per product in `text.py`), and the
words of a template that agree with the product it is about."""

from __future__ import annotations

import re
from collections.abc import Mapping

Details = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]

# A product noun's gender and number: its column in a language's AGREE table.
FORMS = ("m", "f", "mp", "fp")
_SLOT = re.compile(r"\{([^{}]+)\}")


def review_details(short: dict[str, str], good: tuple[str, ...], bad: tuple[str, ...],
                   *, capitalise: bool = False) -> Details:
    """Per SKU, the sentences a good and a bad review say about it: each template's
    ``{product}`` replaced by the SKU's ``short`` name (``capitalise``: a sentence that
    starts with the name starts with a capital, "Serum ini …")."""
    def made(template: str, name: str) -> str:
        sentence = template.replace("{product}", name)
        return sentence[:1].upper() + sentence[1:] if capitalise else sentence

    return {code: (tuple(made(t, name) for t in good), tuple(made(t, name) for t in bad))
            for code, name in short.items()}


def gendered(*words: str) -> dict[str, tuple[str, str, str, str]]:
    """The four forms (``FORMS``) of words that end in -o and change as -a, -os, -as
    ("roto": "roto", "rota", "rotos", "rotas"), for an AGREE table."""
    return {w: (w, w[:-1] + "a", w + "s", w[:-1] + "as") for w in words}


def by_number(words: Mapping[str, str]) -> dict[str, tuple[str, str, str, str]]:
    """The four forms of words that change only in the plural (singular -> plural:
    "llegó": "llegaron", "resistente": "resistentes"), for an AGREE table."""
    return {one: (one, one, many, many) for one, many in words.items()}


def agree(template: str, form: str, words: Mapping[str, tuple[str, str, str, str]]) -> str:
    """``template`` with each ``{word}`` (a key of ``words``, written in its masculine
    singular: ``{el}``, ``{roto}``) in the ``form`` (one of FORMS) of the product the text
    is about: "{Mi} {product} {llegó} {roto}" is "Mis leggings llegaron rotos" for the
    leggings. ``{Word}`` with a capital gives the word with a capital. ``{product}`` stays
    for the caller to fill."""
    column = FORMS.index(form)

    def word(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "product":
            return m.group(0)
        lower = key[:1].lower() + key[1:]
        found = words[lower][column]
        return found[:1].upper() + found[1:] if key != lower else found

    return _SLOT.sub(word, template)
