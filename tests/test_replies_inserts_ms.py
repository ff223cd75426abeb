"""The Malay saved replies, public replies and insert cards (``*.ms.txt.j2``): a Malaysian
shop (``shop.market: my``, so ``shop.locale: ms``) or a catalog entry with ``locale: ms``
gets them, every one reads as Malay and passes the policy lint for its market."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_replies import CATALOG, PUBLIC, SAVED, every_reply, runner
from test_replies import show_reply as show

from cx_cli.cli.main import app
from cx_cli.config import Settings
from cx_cli.engines.inserts import plan_inserts
from cx_cli.engines.lint import lint_text
from cx_cli.io.catalog import Catalog, Product, load_catalog
from cx_cli.render.inserts import render_cards, render_sheet
from cx_cli.render.templating import make_environment

ORDER = "577012345678901234"
# A Malaysian seller's catalog, written in Malay as theirs would be.
PRODUK = """\
CEREK-01:
  name: Cerek Elektrik
  category: device
  processing_days: 2
  in_the_box: [Cerek (1 L), Tapak pemanas, Kad panduan]
  quick_start:
    - Isi air sehingga garisan MAX.
    - Letak cerek di atas tapak dan pilih suhu.
    - Tekan butang mula; cerek berbunyi bila air sudah siap.
  common_issue: Lampu tidak menyala?
  fixes:
    - Tekan cerek ke atas tapak sehingga berbunyi klik.
    - Cuba soket lain.
SERUM-C:
  name: Serum Vitamin C
  category: skincare
  in_the_box: [Botol serum 30 ml]
  quick_start: [Sapu 3 titis pada kulit yang bersih dan kering.]
BAJU-M:
  name: Baju Kapas Hitam M
  category: apparel
  in_the_box: [Baju]
CAWAN-1:
  name: Cawan Termos
  processing_days: 1
"""
# Words of an English reply or card that have no place in a Malay one ("DM" is what a
# Malaysian buyer calls the chat too).
ENGLISH = re.compile(r"\b(?:hi|hello|thanks?|sorry|please|your|order|item|we|you|the|"
                     r"business|hours?|need|hand|box|quick|start|what's|show|action)\b",
                     re.IGNORECASE)


@pytest.fixture
def kedai(tmp_path: Path) -> Path:
    """cx.yaml of a Malaysian shop (no explicit locale) with a Malay catalog."""
    (tmp_path / "produk.yaml").write_text(PRODUK, encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Kedai Mia, market: my}\ninputs: {products: produk.yaml}\n",
                   encoding="utf-8")
    return cfg


@pytest.fixture
def produk(kedai: Path) -> Catalog:
    return load_catalog([kedai.parent / "produk.yaml"])


def cards_for(catalog: Catalog, market: str = "my"):
    env = make_environment(None)
    shop = Settings.model_validate({"shop": {"name": "Kedai Mia", "market": market}}).shop
    return env, shop, render_cards(env, plan_inserts(catalog), shop)


# --- saved and public replies -----------------------------------------------------------

def test_a_malaysian_shop_answers_in_malay(kedai, golden):
    texts = every_reply(kedai, "--sku", "CEREK-01", "--buyer", "Aisyah", "--order", ORDER)
    for name, text in texts.items():
        golden(f"replies/ms/{name}.txt", text)
    assert texts["saved/doesnt_work"].startswith(
        "Hai Aisyah, maaf kerana Cerek Elektrik anda tidak berfungsi seperti sepatutnya.")
    assert "\n1. Tekan cerek ke atas tapak sehingga berbunyi klik.\n2. Cuba soket lain.\n" \
        in texts["saved/doesnt_work"]
    assert texts["saved/ack_timeline"].startswith(
        f"Hai Aisyah, terima kasih kerana menghubungi kami tentang pesanan anda {ORDER}.")
    assert "\n- Tapak pemanas\n" in texts["saved/missing_parts"]
    assert texts["public/doesnt_work"].startswith(
        "Maaf kerana ia tidak berfungsi untuk anda! Satu cara cepat yang boleh dicuba: Tekan "
        "cerek ke atas tapak sehingga berbunyi klik. Sila DM kami")
    assert "Dalam kotak: Cerek (1 L), Tapak pemanas, Kad panduan." in texts["public/question"]


def test_malay_replies_read_well_without_catalog_fields_buyer_or_order(kedai, golden):
    texts = every_reply(kedai, "--sku", "BAJU-M")  # no fixes, no turnaround
    for name in ("saved/doesnt_work", "saved/missing_parts", "public/doesnt_work"):
        golden(f"replies/ms/{name}.no_catalog.txt", texts[name])
    assert "Boleh rakam video pendek semasa anda menggunakannya dan kongsikan di sini?" in \
        texts["saved/doesnt_work"]
    assert texts["public/doesnt_work"].startswith(
        "Maaf kerana ia tidak berfungsi untuk anda! Sila DM kami")
    for name, text in texts.items():
        assert text.startswith("Hai, ") or name.startswith("public/"), name
        assert "None" not in text, name
        assert all("  " not in line and line == line.strip() for line in text.splitlines()), name
    # Without an order number, the saved replies that need it ask for it, as in English.
    for name in ("ack_timeline", "damaged", "delivered_not_received", "doesnt_work",
                 "missing_parts", "wrong_variant"):
        assert "nombor pesanan anda" in texts[f"saved/{name}"].lower(), name


@pytest.mark.parametrize("args", [
    ("--sku", "CEREK-01", "--buyer", "Aisyah", "--order", ORDER),
    ("--sku", "BAJU-M"),
    (),
])
def test_no_english_is_left_in_a_malay_reply(kedai, args):
    for name, text in every_reply(kedai, *args).items():
        assert not ENGLISH.search(text), (name, ENGLISH.search(text))
        assert lint_text(text, market="my") == [], name


def test_without_a_sku_a_malay_reply_says_barang_anda(kedai):
    assert show(kedai, "damaged").startswith(
        "Hai, kami mohon maaf kerana barang anda sampai dalam keadaan rosak.")
    result = runner.invoke(app, ["replies", "show", "refund_return", "--sku", "TIADA-01",
                                 "-c", str(kedai)])
    assert result.exit_code == 0, result.output
    assert "Ini cara untuk memulangkan barang anda:" in result.stdout
    assert "TIADA-01" not in result.stdout
    assert 'the reply says "barang anda"' in result.stderr


def test_a_malaysian_shop_lists_its_replies_in_malay(kedai):
    result = runner.invoke(app, ["replies", "list", "-f", "json", "-c", str(kedai)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(SAVED) + len(PUBLIC)
    assert rows[0] == {"name": "ack_timeline", "kind": "saved", "first_line":
                       "Hai, terima kasih kerana menghubungi kami. Kami sudah terima mesej "
                       "anda dan sedang menyemaknya sekarang."}
    assert {"name": "shipping", "kind": "public", "first_line":
            "Maaf kerana membuat anda menunggu! Sila DM kami nombor pesanan anda dan kami "
            "akan semak status penjejakannya, kemudian maklumkan dalam masa 24 jam di mana "
            "parcel anda dan apa langkah kami seterusnya."} in rows


def test_an_english_shop_still_answers_in_english_and_a_malay_product_in_malay(tmp_path):
    (tmp_path / "products.yaml").write_text(
        CATALOG.read_text("utf-8") + "CAWAN-1: {name: Cawan Termos, locale: ms}\n",
        encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Acme Goods, market: us}\ninputs: {products: products.yaml}\n",
                   encoding="utf-8")
    assert show(cfg, "damaged", "--sku", "KETTLE-01").startswith(
        "Hi, I'm so sorry your Pour-over kettle arrived damaged.")
    assert show(cfg, "public/shipping").startswith("Sorry for the wait! Please DM us")
    assert "your item arrived damaged" in show(cfg, "damaged")
    assert show(cfg, "damaged", "--sku", "CAWAN-1").startswith(
        "Hai, kami mohon maaf kerana Cawan Termos anda sampai dalam keadaan rosak.")
    assert show(cfg, "public/shipping", "--sku", "CAWAN-1").startswith(
        "Maaf kerana membuat anda menunggu! Sila DM kami nombor pesanan anda")


def test_malay_public_replies_are_short_and_saved_ones_sign_with_the_shop(kedai):
    texts = every_reply(kedai, "--sku", "CEREK-01", "--buyer", "Aisyah", "--order", ORDER)
    for name, text in texts.items():
        if name.startswith("public/"):
            assert len(text) <= 300, name
            assert "DM" in text, name
            assert "dalam masa 24 jam" in text or "hari bekerja" in text, name
            # Read by everyone under the video: no buyer, no order.
            assert "Aisyah" not in text and ORDER not in text, name
        else:
            assert len(text) <= 900, name
            # The same signature line as the Malay timeline messages.
            assert text.rstrip("\n").splitlines()[-1] == "Kedai Mia", name


def test_malay_turnarounds_name_the_working_days(kedai):
    one = every_reply(kedai, "--sku", "CAWAN-1")
    for name in ("saved/missing_parts", "saved/wrong_variant", "public/missing_items"):
        assert "dalam masa 1 hari bekerja" in one[name], name
    two = every_reply(kedai, "--sku", "CEREK-01")
    assert "pos bahagian yang kurang itu dalam masa 2 hari bekerja, tanpa sebarang kos" in \
        two["saved/missing_parts"]


# --- insert cards -----------------------------------------------------------------------

def test_a_malaysian_shop_prints_its_cards_in_malay(produk, golden):
    env, shop, cards = cards_for(produk)
    golden("inserts/cards.ms.md", render_sheet(env, cards, shop, "md"))
    assert shop.locale == "ms"
    assert {c.title for c in cards} == {"Apa yang ada dalam kotak", "Cara mula guna",
                                        "Tunjukkan cara anda menggunakannya",
                                        "Perlukan bantuan?"}
    for c in cards:
        assert lint_text(c.text, path="card", market="my") == [], (c.sku, c.kind)
        assert not ENGLISH.search(c.text), (c.sku, c.kind, ENGLISH.search(c.text))
    ugc = next(c for c in cards if c.kind == "ugc" and c.sku == "BAJU-M")
    assert "- Potongannya dari depan, sisi dan belakang\n" in ugc.text
    support = next(c for c in cards if c.kind == "support")
    assert "- Nombor pesanan anda\n- Gambar atau video pendek tentang masalahnya\n" in \
        support.text


@pytest.mark.parametrize(("issue", "line"), [
    ("Lampu tidak menyala?", "> Lampu tidak menyala? Cuba soket lain."),
    ("Lampu tidak menyala.", "> Lampu tidak menyala? Cuba soket lain."),
    (None, "> Ada yang tidak kena? Cuba soket lain."),
])
def test_a_malay_quick_start_card_asks_its_common_issue_once(issue, line):
    product = Product(sku="X", name="Lampu Meja", quick_start=["Pasang palam"],
                      common_issue=issue, fixes=["Cuba soket lain."], locale="ms")
    env = make_environment(None)
    shop = Settings().shop
    card = render_cards(env, plan_inserts(Catalog({"X": product}), kinds=["quick_start"]),
                        shop)[0]
    assert card.text.splitlines()[-1] == line


def test_an_english_shop_prints_a_malay_product_in_malay_and_the_rest_in_english():
    catalog = load_catalog([CATALOG])
    mixed = Catalog({"BREW-12": catalog["BREW-12"].model_copy(update={"locale": "ms"}),
                     "KETTLE-01": catalog["KETTLE-01"]})
    _, _, cards = cards_for(mixed, "us")
    titles = {(c.sku, c.kind): c.title for c in cards}
    assert titles[("BREW-12", "support")] == "Perlukan bantuan?"
    assert titles[("BREW-12", "included")] == "Apa yang ada dalam kotak"
    assert titles[("KETTLE-01", "support")] == "Need a hand?"
    assert titles[("KETTLE-01", "included")] == "What's in the box"
