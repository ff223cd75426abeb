"""The sample reviews' sentences about one product, made for each SKU from a language's
sentence templates (English has its own, written per product in `text.py`)."""

from __future__ import annotations

Details = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


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
