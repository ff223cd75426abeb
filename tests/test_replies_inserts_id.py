"""The Indonesian saved replies, public replies and insert cards (``<name>.id.txt.j2``): a
shop with ``shop.market: id`` and no ``shop.locale`` answers its buyers in Indonesian, an
English shop still in English, and every text passes the policy lint for that market."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_replies import PUBLIC, SAVED
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.config import Settings
from cx_cli.engines.inserts import CARD_NAMES, plan_inserts
from cx_cli.engines.lint import lint_text
from cx_cli.io.catalog import Catalog, Product, load_catalog
from cx_cli.render.inserts import render_cards, render_sheet
from cx_cli.render.templating import make_environment
from cx_cli.resources import templates_dir

DATA = Path(__file__).parent / "data"
PRODUK = DATA / "catalog_id.yaml"  # an Indonesian shop's catalog, written in Indonesian
CATALOG = DATA / "catalog_lint.yaml"  # an English one
runner = CliRunner()

REPLIES = [("saved", n) for n in SAVED] + [("public", n) for n in PUBLIC]
# What an English template would say; none of it may reach an Indonesian buyer.
ENGLISH = re.compile(r"\b(?:Hi|Thanks|thank you|your order|your item|Need a hand|Sorry|"
                     r"DM us|business days?|in the box|Quick start|Show it in action|"
                     r"hours|item)\b", re.IGNORECASE)


def config(tmp_path: Path, shop: str = "{market: id, name: Toko Rumah Kita}",
           products: Path = PRODUK) -> str:
    path = tmp_path / "cx.yaml"
    path.write_text(f"shop: {shop}\ninputs: {{products: {products}}}\n")
    return str(path)


def show(cfg: str, kind: str, name: str, *args: str) -> str:
    result = runner.invoke(app, ["replies", "show", f"{kind}/{name}", "-c", cfg, *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr  # refused or warned: the lint found something
    return result.stdout


def test_every_reply_and_card_has_an_indonesian_variant():
    root = templates_dir()
    folders = {"saved": "replies", "public": "public"}
    for kind, name in REPLIES:
        assert (root / folders[kind] / f"{name}.id.txt.j2").is_file(), (kind, name)
    for card in CARD_NAMES:
        assert (root / "inserts" / f"{card}.id.txt.j2").is_file(), card


@pytest.mark.parametrize(("kind", "name"), REPLIES)
def test_an_indonesian_shop_s_replies_are_indonesian(tmp_path, golden, kind, name):
    """`cx replies show` for a shop.market id shop (no locale): the .id variant, filled
    from the catalog, lint clean for the market (show prints nothing on stderr)."""
    text = show(config(tmp_path), kind, name, "--sku", "SPEAKER-MINI", "--buyer", "Rina",
                "--order", "577012345678901234")
    golden(f"replies/id/{kind}/{name}.txt", text)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert lint_text(text, path=name, market="id") == []
    if kind == "saved":
        assert text.startswith("Halo Kak Rina, ")
        assert text.rstrip("\n").splitlines()[-1] == "Toko Rumah Kita"
    else:
        # Everyone reads it: no buyer, no order number; the conversation moves to DM.
        assert "Rina" not in text and "577012345678901234" not in text
        assert "lewat DM" in text and ("24 jam" in text or "hari kerja" in text)
        assert len(text) <= 300


@pytest.mark.parametrize(("kind", "name"), [("saved", "doesnt_work"), ("saved", "missing_parts"),
                                            ("saved", "ack_timeline"), ("public", "doesnt_work")])
def test_indonesian_replies_without_catalog_fields_buyer_or_order(tmp_path, golden, kind, name):
    """No --sku: the product is "produk" (not the English "item"), no name is greeted, and
    the reply asks for the order number."""
    text = show(config(tmp_path), kind, name)
    golden(f"replies/id/{kind}/{name}.no_catalog.txt", text)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    if kind == "saved":
        assert text.startswith("Halo Kak, ")
        assert "nomor pesanannya" in text


def test_a_one_day_turnaround_and_a_fix_list_in_indonesian(tmp_path):
    cfg = config(tmp_path)
    doesnt_work = show(cfg, "saved", "doesnt_work", "--sku", "SPEAKER-MINI")
    assert ("\n1. Matikan lalu nyalakan lagi Bluetooth HP.\n"
            "2. Tekan tombol daya 10 detik untuk reset.\n") in doesnt_work
    missing = show(cfg, "public", "missing_items", "--sku", "SABUN-LAV")
    assert missing.endswith("nanti bagian yang kurang kami kirim dalam 1 hari kerja.\n")
    public = show(cfg, "public", "doesnt_work", "--sku", "SABUN-LAV")
    assert ("Coba cara ini dulu: Simpan di tempat sabun yang berlubang supaya tidak cepat "
            "lembek. Boleh kirim") in public


def test_an_english_shop_still_answers_in_english(tmp_path):
    cfg = config(tmp_path, shop="{name: Acme Goods}", products=CATALOG)
    assert show(cfg, "saved", "damaged", "--sku", "KETTLE-01").startswith(
        "Hi, I'm so sorry your Pour-over kettle arrived damaged.")
    assert show(cfg, "public", "shipping").startswith("Sorry for the wait!")


def test_a_product_with_catalog_locale_id_gets_indonesian_in_an_english_shop(tmp_path):
    products = tmp_path / "products.yaml"
    products.write_text("SAMBAL: {name: Sambal Bawang, category: consumable, locale: id}\n"
                        "KETTLE-01: {name: Pour-over kettle, category: device}\n")
    cfg = config(tmp_path, shop="{name: Acme Goods}", products=products)
    assert show(cfg, "saved", "damaged", "--sku", "SAMBAL").startswith(
        "Halo Kak, mohon maaf sekali Sambal Bawang Kakak sampai dalam keadaan rusak.")
    assert show(cfg, "saved", "damaged", "--sku", "KETTLE-01").startswith("Hi, ")
    result = runner.invoke(app, ["inserts", "SAMBAL", "KETTLE-01", "--card", "support",
                                 "-f", "md", "-c", cfg])
    assert result.exit_code == 0, result.output
    assert "## Sambal Bawang (SAMBAL)\n\n### Butuh bantuan?\n" in result.stdout
    assert "## Pour-over kettle (KETTLE-01)\n\n### Need a hand?\n" in result.stdout


def test_replies_list_shows_an_indonesian_shop_its_replies_in_indonesian(tmp_path):
    """`cx replies list` quotes each reply's first line as `show` prints it for the shop."""
    result = runner.invoke(app, ["replies", "list", "-f", "json", "-c", config(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = {(r["kind"], r["name"]): r["first_line"] for r in json.loads(result.stdout)}
    assert len(rows) == len(REPLIES)
    assert rows["saved", "ack_timeline"] == ("Halo Kak, terima kasih sudah menghubungi kami. "
                                             "Pesan Kakak sudah kami terima dan sedang kami "
                                             "cek sekarang.")
    assert rows["public", "shipping"].startswith("Mohon maaf sudah menunggu lama, Kak! ")
    for line in rows.values():
        assert not ENGLISH.search(line), line


# --- insert cards -------------------------------------------------------------------------

def test_an_indonesian_shop_s_insert_cards_are_indonesian(golden):
    env = make_environment(None)
    shop = Settings.model_validate({"shop": {"name": "Toko Rumah Kita", "market": "id"}}).shop
    cards = render_cards(env, plan_inserts(load_catalog([PRODUK])), shop)
    golden("inserts/cards.id.md", render_sheet(env, cards, shop, "md"))
    assert {c.title for c in cards} == {"Isi dalam kotak", "Cara mulai pakai",
                                        "Tunjukkan saat dipakai", "Butuh bantuan?"}
    for c in cards:
        assert lint_text(c.text, path="card", market="id") == [], c.text
        assert not ENGLISH.search(c.text), (c.text, ENGLISH.search(c.text))


@pytest.mark.parametrize(("issue", "line"), [
    ("Tidak mau menyala?", "> Tidak mau menyala? Isi dayanya dulu."),
    ("Tidak mau menyala.", "> Tidak mau menyala? Isi dayanya dulu."),
    (None, "> Ada yang kurang pas? Isi dayanya dulu."),
])
def test_the_indonesian_quick_start_card_asks_the_common_issue_once(issue, line):
    product = Product(sku="X", name="Lampu Meja", quick_start=["Colokkan kabelnya"],
                      common_issue=issue, fixes=["Isi dayanya dulu."], locale="id")
    shop = Settings().shop
    card = render_cards(make_environment(None),
                        plan_inserts(Catalog({"X": product}), kinds=["quick_start"]), shop)[0]
    assert card.text.splitlines()[-1] == line


def test_an_unknown_sku_s_warning_says_what_the_indonesian_reply_says(tmp_path):
    """The reply for a SKU the catalog lacks says "produk"; so does the warning (it
    said "your item", which the Indonesian reply never says)."""
    result = runner.invoke(app, ["replies", "show", "damaged", "--sku", "TIDAK-ADA",
                                 "-c", config(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Halo Kak, mohon maaf sekali produk Kakak sampai")
    assert 'the reply says "produk" and uses no fixes' in result.stderr
