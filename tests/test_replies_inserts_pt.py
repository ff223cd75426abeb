"""The Brazilian Portuguese saved replies, public replies and insert cards
(``<name>.pt.txt.j2``): what the buyers of a shop with ``shop.market: br`` read in the
support chat, under a video and in the parcel, in Portuguese and clean under the lint."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_inserts import CATALOG as ENGLISH_CATALOG
from test_replies import PUBLIC, SAVED, runner

from cx_cli.cli.main import app
from cx_cli.config import Settings
from cx_cli.engines.inserts import plan_inserts
from cx_cli.engines.lint import lint_text
from cx_cli.io.catalog import Catalog, Product, load_catalog
from cx_cli.render.inserts import render_cards, render_sheet
from cx_cli.render.templating import make_environment

CATALOG_PT = Path(__file__).parent / "data" / "catalog_pt.yaml"
NAMES = [("saved", n) for n in SAVED] + [("public", n) for n in PUBLIC]
# What an English template would leave in a Portuguese text.
ENGLISH = re.compile(r"\b(?:Hi|Thanks|your order|Need a hand|Sorry|please|DM us|"
                     r"business days?|the box|What's|Quick start)\b")


@pytest.fixture
def br_config(tmp_path: Path) -> str:
    """A Brazilian shop (market br, no locale) with a catalog written in Portuguese."""
    config = tmp_path / "cx.yaml"
    config.write_text(f"shop: {{name: Casa Bela, market: br}}\n"
                      f"inputs: {{products: {CATALOG_PT}}}\n")
    return str(config)


def show(config: str | None, name: str, *args: str) -> str:
    result = runner.invoke(app, ["replies", "show", name, *args,
                                 *(["-c", config] if config else [])])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # not refused, and no lint warning either
    return result.stdout


def assert_portuguese(text: str, where: str) -> None:
    assert ENGLISH.findall(text) == [], where
    assert "None" not in text and "{{" not in text and "\n\n\n" not in text, where
    assert " ." not in text and " ," not in text and "  " not in text, where
    assert lint_text(text, path=where, market="br") == [], where


# --- saved and public replies ----------------------------------------------------------

@pytest.mark.parametrize(("kind", "name"), NAMES, ids=[f"{k}-{n}" for k, n in NAMES])
def test_a_brazilian_shop_gets_every_reply_in_portuguese(golden, br_config, kind, name):
    text = show(br_config, f"{kind}/{name}", "--sku", "CAIXA-SOM", "--buyer", "Ana",
                "--order", "577012345678901234")
    golden(f"replies/pt/{kind}/{name}.txt", text)
    assert_portuguese(text, name)
    if kind == "saved":
        # Greets as the Portuguese messages do and signs with the shop's name, like them.
        assert text.startswith("Oi, Ana! ")
        assert text.splitlines()[-1] == "Casa Bela"
        assert len(text) <= 900
    else:
        # Everyone reads it: no buyer, no order number; the rest goes by DM, with a
        # timeframe.
        assert "Ana" not in text and "5770" not in text and "Casa Bela" not in text
        assert "por DM" in text
        assert "em até 24 horas" in text or "dia útil" in text or "dias úteis" in text
        assert len(text) <= 300


@pytest.mark.parametrize(("kind", "name"), NAMES, ids=[f"{k}-{n}" for k, n in NAMES])
def test_portuguese_replies_read_right_without_a_sku_buyer_or_order(br_config, kind, name):
    text = show(br_config, f"{kind}/{name}")
    assert_portuguese(text, name)
    # The stand-in product is called "item": no "o produto item" in a Portuguese reply.
    assert "item" not in text
    if kind == "saved":
        assert text.startswith("Oi! ")


def test_the_product_is_named_without_a_gendered_article_and_the_reply_asks_for_the_order(
        br_config):
    damaged = show(br_config, "damaged", "--sku", "CAMISETA", "--buyer", "Ana")
    assert damaged.startswith("Oi, Ana! Poxa, sinto muito que o produto Camiseta de algodão, "
                              "preta, M tenha chegado danificado.")
    assert "com a etiqueta de envio? Mande também o número do pedido.\n" in damaged
    assert show(br_config, "damaged").startswith(
        "Oi! Poxa, sinto muito que seu produto tenha chegado danificado.")
    # No fixes in the catalog: the reply asks for a video, not for numbered steps.
    fixes = show(br_config, "doesnt_work", "--sku", "CAMISETA")
    assert "Pode mandar aqui um vídeo curto do que acontece quando você usa?" in fixes
    assert "\n1. " not in fixes


@pytest.mark.parametrize(("name", "line"), [
    ("damaged", "Oi! Poxa, sinto muito que seu produto tenha chegado danificado."),
    ("doesnt_work", "Oi! Poxa, sinto muito que seu produto não esteja funcionando como deveria."),
    ("missing_parts", "Oi! Sinto muito que tenha faltado alguma coisa no seu pedido.\n"),
    ("refund_return", "Oi! Claro. Veja como devolver seu produto:\n"),
    ("wrong_variant", "Oi! Sinto muito: pelo que você contou, seu produto chegou diferente"),
])
def test_without_a_sku_a_portuguese_reply_says_seu_produto(br_config, name, line):
    """As "your item" and "tu producto": the buyer's product, not "o produto" (the
    product, any product)."""
    assert show(br_config, name).startswith(line)


def test_business_days_are_said_in_portuguese_one_and_many(br_config):
    # SABONETE-LAV ships in 1 business day, CAIXA-SOM in 2.
    one = show(br_config, "missing_parts", "--sku", "SABONETE-LAV", "--order", "5770")
    assert ("Aí a gente envia o que faltou em até 1 dia útil, sem custo nenhum para você."
            in one)
    assert "- 2 sabonetes\n- Saquinho de algodão\n" in one
    assert show(br_config, "public/missing_items", "--sku", "CAIXA-SOM").endswith(
        "que a gente envia o que faltou em até 2 dias úteis.\n")
    wrong = show(br_config, "wrong_variant", "--sku", "SABONETE-LAV", "--order", "5770")
    assert "a gente envia o produto certo em até 1 dia útil ou faz o reembolso" in wrong


def test_a_public_reply_offers_the_first_fix_with_one_full_stop(br_config):
    text = show(br_config, "public/doesnt_work", "--sku", "CAIXA-SOM")
    assert text == ("Sentimos muito que não esteja funcionando! Uma dica rápida para testar: "
                    "Desligue e ligue o Bluetooth do celular. Mande o número do pedido por DM "
                    "que a gente te ajuda a resolver em até 24 horas, ou envia outro.\n")


def test_an_english_shop_still_answers_in_english(tmp_path):
    config = tmp_path / "cx.yaml"
    config.write_text(f"shop: {{name: Acme Goods}}\ninputs: {{products: {CATALOG_PT}}}\n")
    assert show(str(config), "damaged").startswith("Hi, I'm so sorry your item arrived damaged.")
    assert show(str(config), "public/shipping").startswith("Sorry for the wait!")


def test_a_catalog_entry_in_portuguese_gets_portuguese_replies_in_an_english_shop(tmp_path):
    (tmp_path / "products.yaml").write_text(
        "LAMP: {name: Luminária de mesa, category: device, locale: pt}\n"
        "FAN: {name: Desk fan, category: device}\n")
    (tmp_path / "cx.yaml").write_text("shop: {name: Acme Goods}\n"
                                      "inputs: {products: products.yaml}\n")
    config = str(tmp_path / "cx.yaml")
    assert show(config, "damaged", "--sku", "LAMP").startswith(
        "Oi! Poxa, sinto muito que o produto Luminária de mesa tenha chegado danificado.")
    assert show(config, "public/broken_on_arrival", "--sku", "LAMP").startswith(
        "Poxa, sentimos muito que tenha chegado danificado!")
    assert show(config, "damaged", "--sku", "FAN").startswith(
        "Hi, I'm so sorry your Desk fan arrived damaged.")


def test_replies_list_shows_a_brazilian_shop_its_portuguese_first_lines(br_config):
    result = runner.invoke(app, ["replies", "list", "-f", "json", "-c", br_config])
    assert result.exit_code == 0, result.output
    rows = {(r["kind"], r["name"]): r["first_line"] for r in json.loads(result.stdout)}
    assert len(rows) == len(SAVED) + len(PUBLIC)
    assert rows["saved", "ack_timeline"] == ("Oi! Obrigado por falar com a gente. Recebemos sua "
                                             "mensagem e já estamos verificando.")
    assert rows["public", "shipping"].startswith("Desculpe a demora! Mande o número")
    assert all(not ENGLISH.search(line) for line in rows.values())


# --- insert cards ----------------------------------------------------------------------

def test_a_brazilian_shop_prints_every_insert_card_in_portuguese(golden):
    env = make_environment(None)
    shop = Settings.model_validate({"shop": {"name": "Casa Bela", "market": "br"}}).shop
    cards = render_cards(env, plan_inserts(load_catalog([CATALOG_PT])), shop)
    golden("inserts/cards.pt.md", render_sheet(env, cards, shop, "md"))
    assert len(cards) == 4 + 4 + 4 + 3  # CAMISETA has no quick start
    assert {c.title for c in cards} == {"O que vem na caixa", "Primeiros passos",
                                        "Mostre em ação", "Precisa de ajuda?"}
    for card in cards:
        assert_portuguese(card.text, f"{card.sku} {card.kind}")
    ugc = next(c for c in cards if c.kind == "ugc" and c.sku == "CAMISETA")
    assert "- O caimento de frente, de lado e de costas\n" in ugc.text
    # A suggestion, never a reward for a video or a review.
    assert not re.search(r"grátis|gratis|desconto|cupom|brinde|prêmio|sorteio|5 estrelas",
                         ugc.text, re.I)
    support = next(c for c in cards if c.kind == "support")
    assert "- O número do pedido\n- Uma foto ou um vídeo curto do problema\n" in support.text


def test_a_catalog_entry_in_portuguese_gets_portuguese_cards_in_an_english_shop():
    english = load_catalog([ENGLISH_CATALOG])
    mixed = Catalog({"BREW-12": english["BREW-12"].model_copy(update={"locale": "pt"}),
                     "KETTLE-01": english["KETTLE-01"]})
    shop = Settings.model_validate({"shop": {"name": "Acme Goods"}}).shop
    env = make_environment(None)
    titles = {(c.sku, c.title) for c in render_cards(env, plan_inserts(mixed, kinds=["support"]),
                                                     shop)}
    assert titles == {("BREW-12", "Precisa de ajuda?"), ("KETTLE-01", "Need a hand?")}
    quick = render_cards(env, plan_inserts(mixed, ["BREW-12"], ["quick_start"]), shop)[0]
    assert quick.text.endswith("> Algo não está funcionando bem? Steep it longer, up to 18 "
                               "hours, for a stronger brew.\n")


@pytest.mark.parametrize(("issue", "line"), [
    ("Não liga?", "> Não liga? Carregue por 2 horas."),
    ("Não liga.", "> Não liga? Carregue por 2 horas."),
    (" Não liga ", "> Não liga? Carregue por 2 horas."),
])
def test_a_common_issue_written_as_a_question_gets_one_question_mark(issue, line):
    product = Product(sku="X", name="Luminária", quick_start=["Ligue na tomada"],
                      common_issue=issue, fixes=["Carregue por 2 horas."], locale="pt")
    shop = Settings.model_validate({"shop": {"name": "Acme Goods"}}).shop
    card = render_cards(make_environment(None),
                        plan_inserts(Catalog({"X": product}), kinds=["quick_start"]), shop)[0]
    assert card.text.splitlines()[-1] == line


def test_cx_inserts_markdown_for_a_brazilian_shop(br_config):
    result = runner.invoke(app, ["inserts", "SABONETE-LAV", "-f", "md", "-c", br_config,
                                 "--card", "included"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# Insert cards: Casa Bela\n\n## Sabonete de lavanda (SABONETE-LAV)\n\n"
        "### O que vem na caixa\n\n- 2 sabonetes\n- Saquinho de algodão\n\n"
        "> Se faltar alguma coisa, mande uma mensagem com uma foto do que você recebeu que "
        "a gente envia o que faltou na hora. Abra o seu pedido no app do TikTok Shop para "
        "falar com a gente.\n")


def test_an_unknown_sku_s_warning_says_what_the_portuguese_reply_says(br_config):
    """The reply for a SKU the catalog lacks says "seu produto"; so does the warning
    (it said "your item", which the Brazilian reply never says)."""
    result = runner.invoke(app, ["replies", "show", "damaged", "--sku", "NAO-EXISTE",
                                 "-c", br_config])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Oi! Poxa, sinto muito que seu produto tenha chegado "
                                    "danificado.")
    assert 'the reply says "seu produto" and uses no fixes' in result.stderr
