"""The Mexican-Spanish saved and public replies: a Spanish-speaking shop or product gets
them, every one reads as Spanish and passes the policy lint."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_replies import CATALOG, PUBLIC, SAVED, every_reply, runner
from test_replies import show_reply as show

from cx_cli.cli.main import app
from cx_cli.engines.lint import lint_text

ORDER = "577012345678901234"
# A Mexican seller's catalog, written in Spanish as theirs would be.
CATALOGO = """\
HERVIDOR-01:
  name: Hervidor eléctrico
  category: device
  processing_days: 2
  in_the_box: [Hervidor (1 L), Base, Tarjeta de inicio]
  fixes:
    - Asienta bien el hervidor en la base hasta que escuches un clic.
    - Prueba el contacto con otro aparato.
PLAYERA-M:
  name: Playera negra M
  category: apparel
TAZA-1:
  name: Taza térmica
  processing_days: 1
"""
# Words of an English reply that have no place in a Spanish one.
ENGLISH = re.compile(r"\b(?:hi|hello|thanks?|sorry|please|your|order|item|we|you|the|dm|"
                     r"business|hours?)\b", re.IGNORECASE)


@pytest.fixture
def tienda(tmp_path: Path) -> Path:
    """cx.yaml of a Mexican shop (no explicit locale) with a Spanish catalog."""
    (tmp_path / "productos.yaml").write_text(CATALOGO, encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Tienda Luna, market: mx}\n"
                   "inputs: {products: productos.yaml}\n", encoding="utf-8")
    return cfg


def every_reply_es(cfg: Path, *args: str) -> dict[str, str]:
    return every_reply(cfg, *args, saved="replies/es", public="public/es")


def test_a_mexican_shop_answers_in_spanish(tienda, golden):
    texts = every_reply_es(tienda, "--sku", "HERVIDOR-01", "--buyer", "Lupita", "--order", ORDER)
    for name, text in texts.items():
        golden(f"{name}.txt", text)
    assert texts["replies/es/doesnt_work"].startswith(
        "Hola Lupita, lamento que tu Hervidor eléctrico no esté funcionando como debería.")
    assert "\n1. Asienta bien el hervidor en la base hasta que escuches un clic.\n" \
        "2. Prueba el contacto con otro aparato.\n" in texts["replies/es/doesnt_work"]
    assert texts["public/es/doesnt_work"].startswith(
        "¡Lamentamos que no te esté funcionando! Algo rápido que puedes probar: Asienta "
        "bien el hervidor en la base hasta que escuches un clic. Mándanos")


def test_spanish_replies_read_well_without_catalog_fields_buyer_or_order(tienda, golden):
    texts = every_reply_es(tienda, "--sku", "PLAYERA-M")  # no fixes, no box contents
    for name in ("replies/es/doesnt_work", "replies/es/missing_parts",
                 "public/es/doesnt_work"):
        golden(f"{name}.no_catalog.txt", texts[name])
    assert "¿Nos puedes mandar aquí un video corto donde se vea lo que pasa?" in \
        texts["replies/es/doesnt_work"]
    for name, text in texts.items():
        assert "None" not in text, name
        assert all("  " not in line and line == line.strip() for line in text.splitlines()), name
    # Without an order number, the saved replies that need it ask for it, as in English.
    for name in ("ack_timeline", "damaged", "delivered_not_received", "doesnt_work",
                 "missing_parts", "wrong_variant"):
        assert "número de pedido" in texts[f"replies/es/{name}"], name


@pytest.mark.parametrize("args", [
    ("--sku", "HERVIDOR-01", "--buyer", "Lupita", "--order", ORDER),
    ("--sku", "PLAYERA-M"),
    (),
])
def test_no_english_is_left_in_a_spanish_reply(tienda, args):
    for name, text in every_reply_es(tienda, *args).items():
        assert not ENGLISH.search(text), (name, ENGLISH.search(text))
        assert lint_text(text, market="mx") == [], name


def test_without_a_sku_a_spanish_reply_says_tu_producto(tienda):
    assert show(tienda, "damaged").startswith(
        "Hola, lamento mucho que tu producto haya llegado con daños.")
    result = runner.invoke(app, ["replies", "show", "refund_return", "--sku", "NO-EXISTE",
                                 "-c", str(tienda)])
    assert result.exit_code == 0, result.output
    assert "Así puedes devolver tu producto:" in result.stdout
    assert "NO-EXISTE" not in result.stdout
    assert 'the reply says "tu producto"' in result.stderr


def test_a_mexican_shop_lists_its_replies_in_spanish(tienda):
    result = runner.invoke(app, ["replies", "list", "-f", "json", "-c", str(tienda)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(SAVED) + len(PUBLIC)
    assert rows[0] == {"name": "ack_timeline", "kind": "saved", "first_line":
                       "Hola, gracias por escribirnos. Ya recibimos tu mensaje y lo estamos "
                       "revisando."}
    assert {"name": "shipping", "kind": "public", "first_line":
            "¡Perdón por la espera! Mándanos tu número de pedido por mensaje privado y "
            "revisamos el rastreo; en menos de 24 horas te decimos dónde está y qué vamos a "
            "hacer."} in rows


def test_an_english_shop_still_answers_in_english_and_a_spanish_product_in_spanish(tmp_path):
    (tmp_path / "products.yaml").write_text(
        CATALOG.read_text("utf-8") + "TAZA-1: {name: Taza térmica, locale: es}\n",
        encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Acme Goods, market: us}\ninputs: {products: products.yaml}\n",
                   encoding="utf-8")
    english = show(cfg, "damaged", "--sku", "KETTLE-01")
    assert english.startswith("Hi, I'm so sorry your Pour-over kettle arrived damaged.")
    assert show(cfg, "public/shipping").startswith("Sorry for the wait! Please DM us")
    assert show(cfg, "damaged", "--sku", "TAZA-1").startswith(
        "Hola, lamento mucho que tu Taza térmica haya llegado con daños.")
    assert show(cfg, "public/shipping", "--sku", "TAZA-1").startswith(
        "¡Perdón por la espera! Mándanos tu número de pedido por mensaje privado")
    # An English shop's reply with no SKU still says "your item".
    assert "your item arrived damaged" in show(cfg, "damaged")


def test_spanish_public_replies_are_short_and_move_to_a_private_message(tienda):
    texts = every_reply_es(tienda, "--sku", "HERVIDOR-01", "--buyer", "Lupita", "--order", ORDER)
    for name, text in texts.items():
        if name.startswith("public/"):
            assert len(text) <= 300, name
            assert "por mensaje privado" in text, name
            assert "24 horas" in text or "día hábil" in text or "días hábiles" in text, name
            # Read by everyone under the video: no buyer, no order.
            assert "Lupita" not in text and ORDER not in text, name
        else:
            assert len(text) <= 900, name
            # The same signature line as the Spanish timeline messages.
            assert text.rstrip("\n").splitlines()[-1] == "Tienda Luna", name


def test_spanish_turnarounds_say_dia_habil_or_dias_habiles(tienda):
    one = every_reply_es(tienda, "--sku", "TAZA-1")
    for name in ("replies/es/missing_parts", "replies/es/wrong_variant",
                 "public/es/missing_items"):
        assert "en un máximo de 1 día hábil" in one[name], name
        assert "1 días" not in one[name], name
    two = every_reply_es(tienda, "--sku", "HERVIDOR-01")
    assert "en un máximo de 2 días hábiles," in two["replies/es/missing_parts"]
