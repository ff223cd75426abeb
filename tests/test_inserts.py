"""Packaging insert cards: planning, the card texts, the printable sheet and `cx inserts`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.config import Settings
from cx_cli.engines.inserts import CARD_NAMES, plan_inserts, skipped_lines
from cx_cli.engines.lint import lint_text
from cx_cli.errors import CxError
from cx_cli.io.catalog import Catalog, Product, load_catalog
from cx_cli.render.inserts import parse_card, render_cards, render_sheet
from cx_cli.render.templating import make_environment

DATA = Path(__file__).parent / "data"
CATALOG = DATA / "catalog_lint.yaml"
runner = CliRunner()


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog([CATALOG])


@pytest.fixture
def shop():
    settings = Settings()
    settings.shop.name = "Acme Goods"
    return settings.shop


def test_plan_skips_cards_whose_fields_are_missing(catalog):
    plans = {p.sku: p for p in plan_inserts(catalog)}
    assert [c.name for c in plans["KETTLE-01"].cards] == list(CARD_NAMES)
    assert [c.name for c in plans["TEE-BLK-M"].cards] == ["included", "ugc", "support"]
    assert plans["TEE-BLK-M"].missing == {"quick_start": ["quick_start"]}
    assert plans["STRAP-02"].cards == []
    assert skipped_lines(list(plans.values())) == [
        "TEE-BLK-M: skipped Quick start (needs quick_start)",
        "STRAP-02: skipped What's in the box (needs name); Quick start (needs name, quick_start);"
        " Show it in action (needs name); Need a hand? (needs name)"]


def test_plan_keeps_the_requested_order_and_cards(catalog):
    plans = plan_inserts(catalog, ["SERUM-30", "KETTLE-01"], ["support", "included"])
    assert [(p.sku, [c.name for c in p.cards]) for p in plans] == [
        ("SERUM-30", ["included", "support"]), ("KETTLE-01", ["included", "support"])]


def test_plan_errors_name_the_fix(catalog):
    with pytest.raises(CxError, match="SKU 'KETTLE-1' is not in the product catalog") as err:
        plan_inserts(catalog, ["KETTLE-1"])
    assert err.value.hint == "did you mean 'KETTLE-01'?"
    with pytest.raises(CxError, match="unknown card 'faq'"):
        plan_inserts(catalog, [], ["faq"])
    with pytest.raises(CxError, match="catalog is empty"):
        plan_inserts(Catalog())


def test_parse_card_structure():
    title, blocks = parse_card("Title\n- a\n- b\n\nText one\ntext two\n> note\n1. x\n2. y\n")
    assert title == "Title"
    assert [(b.kind, list(b.lines)) for b in blocks] == [
        ("ul", ["a", "b"]), ("p", ["Text one", "text two"]), ("note", ["note"]),
        ("ol", ["x", "y"])]


def test_every_card_lints_clean_and_the_ugc_card_offers_nothing(catalog, shop):
    cards = render_cards(make_environment(None), plan_inserts(catalog), shop)
    assert len(cards) == 4 + 4 + 4 + 3
    for card in cards:
        assert lint_text(card.text) == [], (card.sku, card.kind)
    ugc = next(c for c in cards if c.kind == "ugc" and c.sku == "TEE-BLK-M")
    assert "The fit from the front, side and back" in ugc.text
    assert not re.search(r"free|discount|coupon|gift|win|reward|5.star", ugc.text, re.I)
    included = next(c for c in cards if c.kind == "included")
    assert "If anything is missing, message us with a photo of what you received" in included.text
    support = next(c for c in cards if c.kind == "support")
    assert "order number" in support.text and "photo or short video" in support.text


def test_markdown_golden(catalog, shop, golden):
    env = make_environment(None)
    cards = render_cards(env, plan_inserts(catalog), shop)
    golden("inserts/cards.md", render_sheet(env, cards, shop, "md"))


def test_text_format(catalog, shop):
    """The heading names the SKU and the card; its title is not printed again below it."""
    env = make_environment(None)
    cards = render_cards(env, plan_inserts(catalog, ["BREW-12"], ["quick_start"]), shop)
    assert render_sheet(env, cards, shop, "text") == (
        "BREW-12 · Quick start\n=====================\n\n"
        "1. Put one bag in 1 L of cold water.\n2. Steep in the fridge for 12 to 18 hours.\n"
        "3. Lift the bag out and serve over ice.\n\n"
        "Something not right? Steep it longer, up to 18 hours, for a stronger brew.\n")


def test_html_sheet_is_printable_self_contained_and_escaped(shop):
    catalog = Catalog({"X<1>": Product(sku="X<1>", name="Mug <b>big</b> & co",
                                       in_the_box=["Mug", "<script>alert(1)</script>"])})
    env = make_environment(None)
    html = render_sheet(env, render_cards(env, plan_inserts(catalog), shop), shop, "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "@page { size: 4in 6in; margin: 0; }" in html
    assert "break-after: page" in html and "page-break-after: always" in html
    assert "Mug &lt;b&gt;big&lt;/b&gt; &amp; co" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert not re.search(r"https?://|<link|src=|@import|url\(", html)
    assert html.count('<section class="card"') == 3


def test_cli_html_to_file_lists_skipped_skus(tmp_path):
    out = tmp_path / "cards.html"
    result = runner.invoke(app, ["inserts", "--products", str(CATALOG), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "TEE-BLK-M: skipped Quick start (needs quick_start)" in result.stderr
    assert "STRAP-02: skipped" in result.stderr
    assert out.read_text().count('<section class="card"') == 15


def test_cli_markdown_for_chosen_skus():
    result = runner.invoke(app, ["inserts", "KETTLE-01", "--products", str(CATALOG),
                                 "-f", "md", "--card", "quick_start"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Insert cards: My TikTok Shop\n\n## Pour-over kettle "
                                    "(KETTLE-01)\n\n### Quick start\n\n1. Rinse the kettle")
    assert "> The display stays dark? Push the kettle down" in result.stdout


def test_steps_the_seller_numbered_show_one_number_in_every_format(tmp_path):
    catalog = tmp_path / "products.yaml"
    catalog.write_text("LAMP:\n  name: Desk lamp\n"
                       "  quick_start: ['1. Plug it in.', 'Step 2: Tap the base.']\n")
    args = ["inserts", "--products", str(catalog), "--card", "quick_start"]
    text = runner.invoke(app, [*args, "-f", "text"])
    assert text.exit_code == 0, text.output
    assert text.stdout.endswith("Quick start\n==================\n\n1. Plug it in.\n"
                                "2. Tap the base.\n")
    md = runner.invoke(app, [*args, "-f", "md"]).stdout
    assert "### Quick start\n\n1. Plug it in.\n2. Tap the base.\n" in md
    html = runner.invoke(app, [*args, "-f", "html"]).stdout
    assert "<ol>\n      <li>Plug it in.</li>\n      <li>Tap the base.</li>\n    </ol>" in html


def test_cli_refuses_a_violating_card_and_prints_the_rest(tmp_path):
    catalog = tmp_path / "products.yaml"
    catalog.write_text("LAMP:\n  name: Desk lamp\n  in_the_box: [Lamp, Cable]\n"
                       "  quick_start: ['Plug it in.', 'Tap the base.', "
                       "'For help, WhatsApp us on +1 415 555 0100.']\n")
    result = runner.invoke(app, ["inserts", "--products", str(catalog), "-f", "text"])
    assert result.exit_code == 1
    assert "refused: LAMP Quick start card, line 4: CX201" in result.stderr
    assert "What's in the box" in result.stdout and "Quick start\n" not in result.stdout


def test_cli_unknown_sku_and_empty_catalog_exit_2(tmp_path):
    result = runner.invoke(app, ["inserts", "NOPE", "--products", str(CATALOG)])
    assert result.exit_code == 2 and "SKU 'NOPE' is not in the product catalog" in result.stderr
    result = runner.invoke(app, ["inserts", "STRAP-02", "--products", str(CATALOG)])
    assert result.exit_code == 2 and "no insert cards to print" in result.stderr
    empty = tmp_path / "cx.yaml"
    empty.write_text("shop: {name: A}\n")
    result = runner.invoke(app, ["inserts", "-c", str(empty)])
    assert result.exit_code == 2 and "catalog is empty or not configured" in result.stderr


def test_cli_a_cx_allow_comment_in_a_card_template_holds_for_the_rendered_card(tmp_path):
    own = tmp_path / "tpl" / "inserts"
    own.mkdir(parents=True)
    (own / "support.txt.j2").write_text(
        "Need help?\n{# cx: allow CX201 -- our setup videos #}\n"
        "Watch the setup video at https://videos.example.com\n")
    config = tmp_path / "cx.yaml"
    config.write_text("templates: tpl\n")
    args = ["inserts", "KETTLE-01", "--products", str(CATALOG), "--card", "support",
            "-f", "md", "--config", str(config)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "https://videos.example.com" in result.stdout
    (own / "support.txt.j2").write_text("Need help?\nWatch it at https://videos.example.com\n")
    assert runner.invoke(app, args).exit_code == 1


def test_each_cards_label_is_the_heading_its_template_prints():
    """stderr, the sheet's footer and the lint name a card as the buyer sees it."""
    from cx_cli.engines.inserts import CARDS
    from cx_cli.resources import templates_dir

    for kind in CARDS:
        source = (templates_dir() / "inserts" / f"{kind.name}.txt.j2").read_text("utf-8")
        assert kind.label in source, kind


def test_blank_catalog_entries_are_no_content_a_card_would_print(tmp_path):
    """A card is skipped (and listed), never printed with blanks: a YAML list of blank
    entries, or a blank name, is nothing."""
    from cx_cli.io.catalog import Product

    p = Product(sku="LAMP-1", name="  ", in_the_box=["", "  "], quick_start=["", " Plug in "],
                common_issue=" ", fixes=["Reset it", ""])
    assert p.name is None and p.display_name == "LAMP-1"
    assert p.in_the_box == [] and p.quick_start == ["Plug in"] and p.fixes == ["Reset it"]
    assert p.common_issue is None


def test_markdown_escapes_catalog_text_that_markdown_would_read_as_markup(shop):
    """A product name or box item is printed as written: not a raw HTML tag, not
    emphasis, not a nested list or a heading inside the card's list."""
    catalog = Catalog({"MUG-1": Product(
        sku="MUG-1", name="Mug *Big* <b>1</b>",
        in_the_box=["- 2 spare lids", "# 3 straws", "Mug <script>x</script>", "Cup_holder",
                    "4. Spare straw"],
        quick_start=["1) Rinse it.", "> Fill it."])})
    env = make_environment(None)
    cards = render_cards(env, plan_inserts(catalog, [], ["included", "quick_start"]), shop)
    md = render_sheet(env, cards, shop, "md")
    assert "## Mug \\*Big\\* \\<b>1\\</b> (MUG-1)\n" in md
    assert "\n- \\- 2 spare lids\n- \\# 3 straws\n- Mug \\<script>x\\</script>\n" in md
    assert "\n- Cup\\_holder\n- 4\\. Spare straw\n" in md
    assert "\n1. Rinse it.\n2. \\> Fill it.\n" in md  # (the seller's "1)" is dropped)
    assert "<script>" not in md.replace("\\<script>", "")


def test_a_line_break_inside_a_catalog_entry_stays_inside_its_card_item(shop):
    """A fix or a box item written over two lines (a YAML block) is one item: the fix
    stays in the card's note, the item in the list."""
    catalog = Catalog({"LAMP-1": Product(
        sku="LAMP-1", name="Desk\nlamp", in_the_box=["Lamp\n\nwith shade", "Base"],
        quick_start=["Plug it in."], common_issue="It flickers",
        fixes=["Tighten the bulb\nuntil it clicks."])})
    env = make_environment(None)
    cards = render_cards(env, plan_inserts(catalog, [], ["included", "quick_start"]), shop)
    box = cards[0].blocks[0]
    assert (box.kind, box.lines) == ("ul", ("Lamp with shade", "Base"))
    assert cards[0].product == "Desk lamp"
    note = [b for b in cards[1].blocks if b.kind == "note"]
    assert [b.lines for b in note] == [("It flickers? Tighten the bulb until it clicks.",)]
    assert [b.kind for b in cards[1].blocks] == ["ol", "note"]
    html = render_sheet(env, cards, shop, "html")
    assert "<li>Lamp with shade</li>" in html
    assert "<p>It flickers? Tighten the bulb until it clicks.</p></div>" in html


def test_cards_are_in_the_buyer_s_language_the_catalog_or_the_shop_sets(catalog, shop,
                                                                        golden):
    """A Mexican shop (locale es, the mx default) prints every card in Spanish; an
    English shop prints a product with catalog ``locale: es`` in Spanish and the rest in
    English, as the messages do."""
    env = make_environment(None)
    spanish = Settings.model_validate({"shop": {"name": "Acme Goods", "market": "mx"}}).shop
    cards = render_cards(env, plan_inserts(catalog), spanish)
    golden("inserts/cards.es.md", render_sheet(env, cards, spanish, "md"))
    assert {c.title for c in cards} == {"Qué viene en la caja", "Primeros pasos",
                                        "Muéstralo en acción", "¿Necesitas ayuda?"}
    for c in cards:
        assert lint_text(c.text, path="card", market="mx") == []
        assert not re.search(r"\b(?:What's|Quick start|Need a hand|the box)\b", c.text)
    brew = catalog["BREW-12"].model_copy(update={"locale": "es"})
    mixed = Catalog({"BREW-12": brew, "KETTLE-01": catalog["KETTLE-01"]})
    titles = {(c.sku, c.title) for c in render_cards(env, plan_inserts(mixed, kinds=["support"]),
                                                     shop)}
    assert titles == {("BREW-12", "¿Necesitas ayuda?"), ("KETTLE-01", "Need a hand?")}
    quick = render_cards(env, plan_inserts(mixed, ["BREW-12"], ["quick_start"]), shop)[0]
    assert quick.text.endswith("> ¿Algo no funciona bien? Steep it longer, up to 18 hours, "
                               "for a stronger brew.\n")


@pytest.mark.parametrize(("locale", "issue", "line"), [
    (None, "Won't turn on?", "> Won't turn on? Charge it."),
    (None, "Won't turn on.", "> Won't turn on? Charge it."),
    ("es", "¿No enciende?", "> ¿No enciende? Charge it."),
    ("es", "No enciende.", "> ¿No enciende? Charge it."),
])
def test_a_common_issue_written_as_a_question_gets_one_question_mark(shop, locale, issue,
                                                                     line):
    product = Product(sku="X", name="Lamp", quick_start=["Plug it in"], common_issue=issue,
                      fixes=["Charge it."], locale=locale)
    env = make_environment(None)
    card = render_cards(env, plan_inserts(Catalog({"X": product}), kinds=["quick_start"]),
                        shop)[0]
    assert card.text.splitlines()[-1] == line


def test_a_card_of_your_own_in_a_language_is_used_not_reported_unused(tmp_path):
    own = tmp_path / "templates" / "inserts"
    own.mkdir(parents=True)
    (own / "support.th.txt.j2").write_text("ต้องการความช่วยเหลือ?\nแชทหาเราในแอป\n")
    (own / "suport.es.txt.j2").write_text("¿Ayuda?\n")
    config = tmp_path / "cx.yaml"
    config.write_text(f"templates: {tmp_path / 'templates'}\n")
    result = runner.invoke(app, ["lint", "--config", str(config)])
    assert "support.th.txt.j2" not in result.output
    assert "CX401" in result.output and "suport.es.txt.j2" in result.output
