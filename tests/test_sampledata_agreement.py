"""The Spanish and Portuguese sample shops' tickets, reviews and comments write each
product with the articles, possessives and participles of its gender and number: a
Mexican seller trying cx reads "mi licuadora llegó rota", not "mi licuadora llegó roto"
or "el licuadora"; a Brazilian one "minha legging chegou quebrada"."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from cx_cli.sampledata import generate

# What a Spanish / Brazilian buyer calls each product, with its gender and number, as a
# native speaker writes it (m, f, mp, fp).
ES = {"sérum": "m", "limpiador": "m", "gomitas": "fp", "repuestos del trapeador": "mp",
      "trapeador": "m", "leggings": "mp", "sudadera": "f", "licuadora": "f",
      "soporte para celular": "m", "tira LED": "f", "repisas": "fp", "bolsa": "f",
      "scrunchies": "fp"}
PT = {"sérum": "m", "sabonete facial": "m", "gominhas": "fp", "refis do mop": "mp",
      "mop": "m", "legging": "f", "moletom": "m", "mini liquidificador": "m",
      "suporte de celular": "m", "fita LED": "f", "prateleiras": "fp", "bolsa": "f",
      "scrunchies": "fp"}
FORM = {"m": 0, "f": 1, "mp": 2, "fp": 3}
# The words before a product noun that agree with it, and the verbs after which a
# participle or adjective describes it ("llegó rota", "chegaram quebradas").
DETERMINERS = {
    "es": (("el", "la", "los", "las"), ("mi", "mi", "mis", "mis"),
           ("del", "de la", "de los", "de las"), ("tercer", "tercera", "terceros", "terceras")),
    "pt": (("o", "a", "os", "as"), ("meu", "minha", "meus", "minhas"),
           ("do", "da", "dos", "das"), ("terceiro", "terceira", "terceiros", "terceiras")),
}
VERBS = {"es": "llegó|llego|llegaron|llega|llegan|fue|fueron|queda|quedan",
         "pt": "chegou|chegaram|chega|chegam|veio|vieram|ficou|ficaram"}
ENDINGS = ("o", "a", "os", "as")
# The forms the sample texts used to get wrong.
WRONG = {
    "es": ("licuadora llegó roto", "licuadora llega roto", "el licuadora", "del licuadora",
           "mi leggings", "leggings llegó", "leggings no funciona", "el sudadera",
           "chica la trapeador", "el repisas", "mi repisas", "me llegó roto 😭",
           "llegó roto, la base"),
    "pt": ("meu legging", "o legging", "a moletom", "das mop", "das sérum", "meu prateleiras",
           "legging chegou quebrado", "o fita LED", "meu fita LED"),
}


def _texts(root: Path) -> list[str]:
    """Every ticket subject and message, review and comment the shop wrote."""
    out = []
    for name, cols in (("tickets.csv", ("subject", "message")), ("reviews.csv",
                                                                 ("review_text",)),
                       ("comments.csv", ("text",))):
        with open(root / name, newline="", encoding="utf-8") as f:
            out += [row[c] for row in csv.DictReader(f) for c in cols]
    return out


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    root = tmp_path_factory.mktemp("agree")
    made = {}
    for market in ("mx", "es", "br"):
        generate(root / market, orders=1500, seed=7, end=dt.date(2026, 6, 30), market=market)
        made[market] = _texts(root / market)
    return made


@pytest.mark.parametrize("market", ["mx", "es", "br"])
def test_no_text_has_the_old_disagreeing_forms(shops, market):
    lang = "pt" if market == "br" else "es"
    texts = shops[market]
    wrong = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, WRONG[lang])) + r")(?!\w)",
                       re.IGNORECASE)
    assert not [t for t in texts if wrong.search(t)]
    assert not [t for t in texts if "{" in t or "}" in t]  # every word filled in


@pytest.mark.parametrize("market", ["mx", "es", "br"])
def test_every_article_and_participle_agrees_with_its_product(shops, market):
    lang = "pt" if market == "br" else "es"
    nouns = PT if lang == "pt" else ES
    texts = shops[market]
    checked = 0
    for noun, form in nouns.items():
        col = FORM[form]
        for forms in DETERMINERS[lang]:
            wrong = {f for i, f in enumerate(forms) if f != forms[col]}
            pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, wrong)) + r") "
                                 + re.escape(noun) + r"\b", re.IGNORECASE)
            bad = [t for t in texts if pattern.search(t)]
            assert not bad, (noun, bad[:3])
            right = re.compile(r"(?<![\w])" + re.escape(forms[col]) + " " + re.escape(noun)
                               + r"\b", re.IGNORECASE)
            checked += sum(bool(right.search(t)) for t in texts)
        # "licuadora llegó rota", "prateleiras chegaram quebradas"
        after = re.compile(re.escape(noun) + r" (?:no )?(?:" + VERBS[lang] + r") (?:muy )?"
                           r"(\w+?)(os|as|o|a)\b")
        for t in texts:
            for m in after.finditer(t):
                assert m.group(2) == ENDINGS[col], (noun, t)
                checked += 1
    assert checked > 50  # the shop names its products plenty


def test_the_blender_cluster_reads_as_a_feminine_noun_in_spanish(shops):
    cluster = [t for t in shops["mx"] if "vaso estrellado" in t or "base está quebrada" in t
               or "también me" in t or "de aquí que" in t]
    assert "mi licuadora llegó rota, el vaso estrellado" in cluster
    assert "a mí también me llegó rota 😭" in cluster
    assert "tercera licuadora de aquí que llega rota, ¿qué pasa?" in cluster
    assert "llegó rota, la base está quebrada" in cluster
    assert not [t for t in cluster if re.search(r"\brot(o|os)\b", t)]
