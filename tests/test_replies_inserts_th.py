"""The Thai saved replies, public replies and insert cards: a Thai shop (``shop.market: th``,
no explicit locale) or a product with catalog ``locale: th`` gets them, every one reads as
Thai and passes the policy lint with the Thai market."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_replies import CATALOG, PUBLIC, SAVED, every_reply, runner
from test_replies import show_reply as show

from cx_cli.config import Settings
from cx_cli.engines.inserts import plan_inserts
from cx_cli.engines.lint import lint_paths, lint_text
from cx_cli.io.catalog import Catalog, Product, load_catalog
from cx_cli.render.inserts import render_cards, render_sheet
from cx_cli.render.templating import make_environment
from cx_cli.resources import templates_dir

ORDER = "577012345678901234"
BUYER = "มายา"
SHOP = "บ้านสบายช็อป"
# A Thai seller's catalog, written in Thai as theirs would be (no Latin letters, so any
# Latin letter in a rendered text is a leftover of an English template).
SINKHA = """\
LAMPHONG:
  name: ลำโพงบลูทูธมินิ
  category: device
  processing_days: 2
  in_the_box: [ลำโพง, สายชาร์จ, สายคล้องมือ]
  quick_start: [ชาร์จจนไฟเป็นสีขาว, กดปุ่มเปิดค้างไว้ 3 วินาที, เลือกชื่อลำโพงในรายการบลูทูธของมือถือ]
  common_issue: หาชื่อลำโพงในรายการบลูทูธไม่เจอ
  fixes: [ปิดแล้วเปิดบลูทูธในมือถือใหม่, กดปุ่มเปิดค้างไว้ 10 วินาทีเพื่อรีเซ็ต]
SABU:
  name: สบู่ลาเวนเดอร์
  category: consumable
  in_the_box: [สบู่ 2 ก้อน, ถุงตีฟอง]
  quick_start: [ชุบน้ำให้สบู่และถุงเปียก, ตีฟองประมาณ 20 วินาที]
  fixes: [วางสบู่บนจานที่ระบายน้ำได้]
SERUM:
  name: เซรั่มบำรุงผิว
  category: skincare
  quick_start: [ทาบาง ๆ หลังล้างหน้า]
SUEA:
  name: เสื้อยืดคอตตอน
  category: apparel
KAEW:
  name: แก้วเก็บความเย็น
  category: accessory
  processing_days: 1
  in_the_box: [แก้ว, ฝากันหก]
KARD:
  name: ชุดการ์ดอวยพร
  category: other
"""
LATIN = re.compile(r"[A-Za-z]")
ENGLISH = ("Hi", "Thanks", "your order", "Need a hand", "Sorry", "DM")


@pytest.fixture
def ran(tmp_path: Path) -> Path:
    """cx.yaml of a Thai shop (market th, no explicit locale) with a Thai catalog."""
    (tmp_path / "sinkha.yaml").write_text(SINKHA, encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text(f"shop: {{name: {SHOP}, market: th}}\n"
                   "inputs: {products: sinkha.yaml}\n", encoding="utf-8")
    return cfg


# --- saved and public replies -----------------------------------------------------------

def test_a_thai_shop_answers_in_thai(ran, golden):
    texts = every_reply(ran, "--sku", "LAMPHONG", "--buyer", BUYER, "--order", ORDER)
    for name, text in texts.items():
        golden(f"replies/th/{name}.txt", text)
    assert texts["saved/doesnt_work"].startswith(
        "สวัสดีค่ะ คุณ มายา ขอโทษนะคะที่ ลำโพงบลูทูธมินิ ใช้งานได้ไม่ดีอย่างที่ควร")
    assert "\n1. ปิดแล้วเปิดบลูทูธในมือถือใหม่\n2. กดปุ่มเปิดค้างไว้ 10 วินาทีเพื่อรีเซ็ต\n" in \
        texts["saved/doesnt_work"]
    assert texts["saved/ack_timeline"].startswith(
        "สวัสดีค่ะ คุณ มายา ขอบคุณที่ทักมาเรื่องคำสั่งซื้อ 577012345678901234 นะคะ")
    assert texts["public/doesnt_work"].rstrip("\n").endswith(
        "ระหว่างนี้ลองแบบนี้ดูก่อนได้ค่ะ: ปิดแล้วเปิดบลูทูธในมือถือใหม่")
    assert "ในกล่องมี ลำโพง, สายชาร์จ, สายคล้องมือ ค่ะ" in texts["public/question"]


def test_thai_replies_read_well_without_catalog_fields_buyer_or_order(ran):
    texts = every_reply(ran, "--sku", "SUEA")  # no fixes, no box contents
    assert "รบกวนส่งคลิปสั้น ๆ ตอนที่ใช้งานมาในแชทนี้ได้ไหมคะ" in texts["saved/doesnt_work"]
    assert "ในกล่องควรมี" not in texts["saved/missing_parts"]
    assert texts["public/doesnt_work"].rstrip("\n").endswith("หรือส่งชิ้นใหม่ไปให้ค่ะ")
    for name, text in texts.items():
        assert "None" not in text, name
        assert all("  " not in line and line == line.strip() for line in text.splitlines()), name
        if name.startswith("saved/"):
            assert text.startswith("สวัสดีค่ะ คุณลูกค้า "), name
    # Without an order number, the saved replies that need it ask for it, as in English.
    for name in ("ack_timeline", "damaged", "delivered_not_received", "doesnt_work",
                 "missing_parts", "wrong_variant"):
        assert "เลขคำสั่งซื้อ" in texts[f"saved/{name}"], name


@pytest.mark.parametrize("args", [
    ("--sku", "LAMPHONG", "--buyer", BUYER, "--order", ORDER),
    ("--sku", "SUEA"),
    (),
])
def test_no_english_is_left_in_a_thai_reply(ran, args):
    for name, text in every_reply(ran, *args).items():
        assert not [w for w in ENGLISH if w in text], name
        # The app's name is the only Latin text a Thai reply writes itself.
        assert not LATIN.search(text.replace("TikTok Shop", "")), (name, text)
        assert lint_text(text, market="th") == [], name


def test_without_a_sku_a_thai_reply_says_sinkha(ran):
    assert show(ran, "damaged").startswith(
        "สวัสดีค่ะ คุณลูกค้า ต้องขอโทษจริง ๆ นะคะที่สินค้าไปถึงในสภาพเสียหาย")
    from cx_cli.cli.main import app

    result = runner.invoke(app, ["replies", "show", "refund_return", "--sku", "MAI-MEE",
                                 "-c", str(ran)])
    assert result.exit_code == 0, result.output
    assert "ส่งคืนสินค้าได้ตามนี้นะคะ:" in result.stdout
    assert "MAI-MEE" not in result.stdout and "item" not in result.stdout
    assert 'the reply says "สินค้า"' in result.stderr


@pytest.mark.parametrize(("name", "line"), [
    ("damaged", "ต้องขอโทษจริง ๆ นะคะที่สินค้าไปถึงในสภาพเสียหาย"),
    ("doesnt_work", "ขอโทษนะคะที่สินค้าใช้งานได้ไม่ดีอย่างที่ควร"),
    ("missing_parts", "ขอโทษนะคะที่ได้รับสินค้าไม่ครบชิ้นค่ะ"),
    ("refund_return", "ได้เลยค่ะ ส่งคืนสินค้าได้ตามนี้นะคะ:"),
    ("wrong_variant", "ดูเหมือนสินค้าที่ได้รับจะไม่ตรงกับแบบที่สั่งไว้"),
])
def test_without_a_sku_sinkha_is_written_with_no_spaces_around_it(ran, name, line):
    """Thai writes no spaces between words: "ที่ สินค้า ไปถึง" read as a gap in the
    sentence; a product named in the catalog keeps its spaces, as a name does."""
    assert line in show(ran, name)


def test_a_thai_shop_lists_its_replies_in_thai(ran):
    from cx_cli.cli.main import app

    result = runner.invoke(app, ["replies", "list", "-f", "json", "-c", str(ran)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(SAVED) + len(PUBLIC)
    assert rows[0] == {"name": "ack_timeline", "kind": "saved", "first_line":
                       "สวัสดีค่ะ คุณลูกค้า ขอบคุณที่ทักมานะคะ ร้านได้รับข้อความแล้ว "
                       "และกำลังตรวจสอบให้อยู่ค่ะ"}
    assert {"name": "shipping", "kind": "public", "first_line":
            "ขอโทษที่ให้รอนะคะ รบกวนทักแชทหาร้านพร้อมเลขคำสั่งซื้อ ร้านจะเช็กสถานะพัสดุ "
            "แล้วแจ้งภายใน 24 ชั่วโมงว่าตอนนี้พัสดุอยู่ที่ไหน และร้านจะจัดการต่ออย่างไรค่ะ"} in rows


def test_an_english_shop_still_answers_in_english_and_a_thai_product_in_thai(tmp_path):
    (tmp_path / "products.yaml").write_text(
        CATALOG.read_text("utf-8") + "KAEW: {name: แก้วเก็บความเย็น, locale: th}\n",
        encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Acme Goods, market: us}\ninputs: {products: products.yaml}\n",
                   encoding="utf-8")
    assert show(cfg, "damaged", "--sku", "KETTLE-01").startswith(
        "Hi, I'm so sorry your Pour-over kettle arrived damaged.")
    assert show(cfg, "public/shipping").startswith("Sorry for the wait! Please DM us")
    assert show(cfg, "damaged", "--sku", "KAEW").startswith(
        "สวัสดีค่ะ คุณลูกค้า ต้องขอโทษจริง ๆ นะคะที่ แก้วเก็บความเย็น ไปถึงในสภาพเสียหาย")
    assert show(cfg, "public/shipping", "--sku", "KAEW").startswith(
        "ขอโทษที่ให้รอนะคะ รบกวนทักแชทหาร้านพร้อมเลขคำสั่งซื้อ")
    # Signed by the shop, as the English ones are.
    assert show(cfg, "damaged", "--sku", "KAEW").rstrip("\n").splitlines()[-1] == "Acme Goods"


def test_thai_public_replies_are_short_and_move_to_the_shops_chat(ran):
    texts = every_reply(ran, "--sku", "LAMPHONG", "--buyer", BUYER, "--order", ORDER)
    for name, text in texts.items():
        if name.startswith("public/"):
            assert len(text) <= 300, name
            assert "ทักแชทหาร้าน" in text, name
            assert "24 ชั่วโมง" in text or "วันทำการ" in text, name
            # Read by everyone under the video: no buyer, no order, no greeting.
            assert BUYER not in text and ORDER not in text and SHOP not in text, name
        else:
            assert len(text) <= 900, name
            # The same signature line as the Thai timeline messages.
            assert text.rstrip("\n").splitlines()[-1] == SHOP, name


def test_thai_turnarounds_say_wan_tham_kan(ran):
    one = every_reply(ran, "--sku", "KAEW")
    for name in ("saved/missing_parts", "saved/wrong_variant", "public/missing_items"):
        assert "ภายใน 1 วันทำการ" in one[name], name
    assert "ร้านจะส่งชิ้นที่ขาดไปให้ภายใน 2 วันทำการ โดยลูกค้าไม่ต้องเสียค่าใช้จ่ายค่ะ" in \
        every_reply(ran, "--sku", "LAMPHONG")["saved/missing_parts"]


def test_every_thai_template_lints_clean_with_the_thai_market():
    files = [p for folder in ("replies", "public", "inserts")
             for p in sorted((templates_dir() / folder).glob("*.th.txt.j2"))]
    assert len(files) == len(SAVED) + len(PUBLIC) + 4
    assert [f.format() for f in lint_paths(files, market="th")] == []


# --- insert cards ----------------------------------------------------------------------

def _thai_shop():
    return Settings.model_validate({"shop": {"name": SHOP, "market": "th"}}).shop


def test_a_thai_shop_prints_its_insert_cards_in_thai(tmp_path, golden):
    (tmp_path / "sinkha.yaml").write_text(SINKHA, encoding="utf-8")
    catalog = load_catalog([tmp_path / "sinkha.yaml"])
    env = make_environment(None)
    shop = _thai_shop()
    cards = render_cards(env, plan_inserts(catalog), shop)
    golden("inserts/cards.th.md", render_sheet(env, cards, shop, "md"))
    assert {c.title for c in cards} == {"ในกล่องมีอะไรบ้าง", "วิธีเริ่มใช้งาน",
                                        "โชว์ตอนใช้งานจริง", "มีอะไรให้ร้านช่วยไหมคะ"}
    for c in cards:
        assert lint_text(c.text, path="card", market="th") == [], (c.sku, c.kind)
        assert not LATIN.search(c.text.replace("TikTok Shop", "")), (c.sku, c.kind, c.text)
    by = {(c.sku, c.kind): c.text for c in cards}
    assert by[("LAMPHONG", "quick_start")].splitlines()[-1] == (
        "> หาชื่อลำโพงในรายการบลูทูธไม่เจอ? ลองแบบนี้ค่ะ: ปิดแล้วเปิดบลูทูธในมือถือใหม่")
    assert by[("SABU", "quick_start")].splitlines()[-1] == (
        "> ใช้แล้วมีอะไรติดขัด? ลองแบบนี้ก่อนค่ะ: วางสบู่บนจานที่ระบายน้ำได้")
    assert "- ตอนใส่จริง ให้เห็นทั้งด้านหน้า ด้านข้าง และด้านหลัง" in by[("SUEA", "ugc")]
    assert "- เลขคำสั่งซื้อ\n- รูปหรือคลิปสั้น ๆ ที่เห็นปัญหา" in by[("KARD", "support")]
    # A suggestion only: nothing offered for a video, no review asked for.
    for c in cards:
        if c.kind == "ugc":
            assert not re.search("ส่วนลด|คูปอง|โค้ด|แถม|ของขวัญ|รางวัล|ฟรี|เงินคืน|แต้ม|รีวิว|ดาว",
                                 c.text), c.sku


def test_a_thai_product_in_an_english_shop_gets_thai_cards():
    catalog = load_catalog([CATALOG])
    shop = Settings.model_validate({"shop": {"name": "Acme Goods"}}).shop
    thai = catalog["BREW-12"].model_copy(update={"locale": "th"})
    mixed = Catalog({"BREW-12": thai, "KETTLE-01": catalog["KETTLE-01"]})
    env = make_environment(None)
    titles = {(c.sku, c.title) for c in render_cards(env, plan_inserts(mixed, kinds=["support"]),
                                                     shop)}
    assert titles == {("BREW-12", "มีอะไรให้ร้านช่วยไหมคะ"), ("KETTLE-01", "Need a hand?")}


@pytest.mark.parametrize(("issue", "line"), [
    ("เปิดไม่ติด?", "> เปิดไม่ติด? ลองแบบนี้ค่ะ: ชาร์จก่อน"),
    ("เปิดไม่ติด.", "> เปิดไม่ติด? ลองแบบนี้ค่ะ: ชาร์จก่อน"),
    (" เปิดไม่ติด ", "> เปิดไม่ติด? ลองแบบนี้ค่ะ: ชาร์จก่อน"),
])
def test_a_thai_common_issue_written_as_a_question_gets_one_question_mark(issue, line):
    product = Product(sku="X", name="โคมไฟ", quick_start=["เสียบปลั๊ก"], common_issue=issue,
                      fixes=["ชาร์จก่อน"], locale="th")
    env = make_environment(None)
    card = render_cards(env, plan_inserts(Catalog({"X": product}), kinds=["quick_start"]),
                        _thai_shop())[0]
    assert card.text.splitlines()[-1] == line
