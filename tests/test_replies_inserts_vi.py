"""The Vietnamese saved replies, public replies and insert cards (`*.vi.txt.j2`): a shop
with `shop.market: vn` (locale vi by default) or a product with catalog `locale: vi`
gets them, every one reads as Vietnamese and passes the policy lint for the vn market."""

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
# A Vietnamese seller's catalog, written in Vietnamese as theirs would be.
DANH_MUC = """\
LOA-MINI:
  name: Loa Bluetooth mini
  category: device
  processing_days: 2
  in_the_box: [Loa, Cáp USB-C, Dây đeo]
  quick_start:
    - Sạc đến khi đèn chuyển sang màu trắng
    - Giữ nút nguồn 3 giây
  common_issue: Loa không hiện trong danh sách Bluetooth?
  fixes:
    - Tắt Bluetooth rồi bật lại.
    - Giữ nút nguồn 10 giây để khởi động lại.
XA-PHONG:
  name: Xà phòng yến mạch
  category: consumable
  in_the_box: [2 bánh xà phòng, Túi lưới cotton]
  quick_start: [Làm ướt bánh xà phòng, Tạo bọt trong 20 giây]
  common_issue: Bánh xà phòng bị mềm.
  fixes: [Để bánh trên đĩa có lỗ thoát nước.]
AO-THUN:
  name: Áo thun cotton basic
  category: apparel
  quick_start: [Giặt nước lạnh trước khi mặc lần đầu]
BINH-INOX:
  name: Bình giữ nhiệt inox
  processing_days: 1
"""
# Words of an English reply or card that have no place in a Vietnamese one.
ENGLISH = re.compile(r"\b(?:hi|hello|thanks?|sorry|please|your|order|item|dm|business|hours?|"
                     r"need\s+a\s+hand|what's|quick\s+start|show\s+it)\b", re.IGNORECASE)


@pytest.fixture
def cua_hang(tmp_path: Path) -> Path:
    """cx.yaml of a Vietnamese shop (market vn, no explicit locale) with its catalog."""
    (tmp_path / "san_pham.yaml").write_text(DANH_MUC, encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Nhà Mộc Decor, market: vn}\n"
                   "inputs: {products: san_pham.yaml}\n", encoding="utf-8")
    return cfg


def test_a_vietnamese_shop_answers_in_vietnamese(cua_hang, golden):
    texts = every_reply(cua_hang, "--sku", "LOA-MINI", "--buyer", "Lan", "--order", ORDER)
    for name, text in texts.items():
        golden(f"replies/vi/{name}.txt", text)
    assert texts["saved/doesnt_work"].startswith(
        "Chào bạn Lan, shop xin lỗi vì Loa Bluetooth mini của bạn chưa hoạt động như mong "
        "muốn.")
    assert "\n1. Tắt Bluetooth rồi bật lại.\n2. Giữ nút nguồn 10 giây để khởi động lại.\n" \
        in texts["saved/doesnt_work"]
    assert texts["saved/ack_timeline"].startswith(
        f"Chào bạn Lan, cảm ơn bạn đã nhắn shop về đơn hàng {ORDER}.")
    assert "\n- Loa\n- Cáp USB-C\n- Dây đeo\n" in texts["saved/missing_parts"]
    assert "trong vòng 2 ngày làm việc," in texts["saved/missing_parts"]
    assert texts["public/doesnt_work"].startswith(
        "Shop xin lỗi vì sản phẩm chưa dùng được như ý bạn! Bạn thử nhanh cách này nhé: "
        "Tắt Bluetooth rồi bật lại. Bạn nhắn tin riêng cho shop mã đơn hàng")
    assert "Trong hộp gồm: Loa, Cáp USB-C, Dây đeo." in texts["public/question"]


def test_vietnamese_replies_read_well_without_catalog_fields_buyer_or_order(cua_hang, golden):
    texts = every_reply(cua_hang, "--sku", "AO-THUN")  # no fixes, no box contents
    for name in ("saved/doesnt_work", "saved/missing_parts", "public/doesnt_work"):
        golden(f"replies/vi/{name}.no_catalog.txt", texts[name])
    assert "Bạn quay giúp shop một video ngắn lúc dùng rồi gửi vào đây được không?" in \
        texts["saved/doesnt_work"]
    assert texts["public/doesnt_work"].startswith(
        "Shop xin lỗi vì sản phẩm chưa dùng được như ý bạn! Bạn nhắn tin riêng cho shop")
    for name, text in texts.items():
        assert "None" not in text, name
        assert text.startswith(("Chào bạn,", "Shop ", "Cảm ơn bạn")), name
        assert all("  " not in line and line == line.strip() for line in text.splitlines()), name
    # Without an order number, the saved replies that need it ask for it, as in English.
    for name in ("ack_timeline", "damaged", "delivered_not_received", "doesnt_work",
                 "missing_parts", "wrong_variant"):
        assert "mã đơn hàng" in texts[f"saved/{name}"], name
    assert "mã đơn hàng" not in texts["saved/refund_return"]


@pytest.mark.parametrize("args", [
    ("--sku", "LOA-MINI", "--buyer", "Lan", "--order", ORDER),
    ("--sku", "AO-THUN"),
    (),
])
def test_no_english_is_left_in_a_vietnamese_reply(cua_hang, args):
    for name, text in every_reply(cua_hang, *args).items():
        assert not ENGLISH.search(text), (name, ENGLISH.search(text))
        assert lint_text(text, market="vn") == [], name


def test_without_a_sku_a_vietnamese_reply_says_san_pham(cua_hang):
    assert show(cua_hang, "damaged").startswith(
        "Chào bạn, shop thật sự xin lỗi vì sản phẩm đến tay bạn bị hư hỏng.")
    result = runner.invoke(app, ["replies", "show", "refund_return", "--sku", "KHONG-CO",
                                 "-c", str(cua_hang)])
    assert result.exit_code == 0, result.output
    assert "Bạn trả lại sản phẩm theo các bước sau nhé:" in result.stdout
    assert "KHONG-CO" not in result.stdout and "item" not in result.stdout
    assert 'the reply says "sản phẩm"' in result.stderr


def test_a_vietnamese_shop_lists_its_replies_in_vietnamese(cua_hang):
    result = runner.invoke(app, ["replies", "list", "-f", "json", "-c", str(cua_hang)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(SAVED) + len(PUBLIC)
    assert rows[0] == {"name": "ack_timeline", "kind": "saved", "first_line":
                       "Chào bạn, cảm ơn bạn đã nhắn shop. Shop đã nhận được tin nhắn và đang "
                       "kiểm tra cho bạn ngay đây."}
    assert {"name": "shipping", "kind": "public", "first_line":
            "Shop xin lỗi vì để bạn phải chờ! Bạn nhắn tin riêng cho shop mã đơn hàng, shop sẽ "
            "kiểm tra hành trình đơn và trong vòng 24 giờ báo bạn hàng đang ở đâu và shop sẽ "
            "xử lý tiếp ra sao."} in rows


def test_vietnamese_public_replies_are_short_and_move_to_the_shop_chat(cua_hang):
    texts = every_reply(cua_hang, "--sku", "LOA-MINI", "--buyer", "Lan", "--order", ORDER)
    for name, text in texts.items():
        if name.startswith("public/"):
            assert len(text) <= 300, name
            assert "nhắn tin riêng cho shop" in text, name
            assert "24 giờ" in text or "ngày làm việc" in text, name
            # Read by everyone under the video: no buyer, no order, no signature.
            assert "Lan" not in text and ORDER not in text, name
            assert "Nhà Mộc Decor" not in text, name
        else:
            assert len(text) <= 900, name
            # The same signature line as the Vietnamese timeline messages.
            assert text.rstrip("\n").splitlines()[-1] == "Nhà Mộc Decor", name


def test_a_one_day_turnaround_reads_1_ngay_lam_viec(cua_hang):
    texts = every_reply(cua_hang, "--sku", "BINH-INOX")
    for name in ("saved/missing_parts", "saved/wrong_variant", "public/missing_items"):
        assert "trong vòng 1 ngày làm việc" in texts[name], name


def test_an_english_shop_still_answers_in_english_and_a_vietnamese_product_in_vietnamese(
        tmp_path):
    (tmp_path / "products.yaml").write_text(
        CATALOG.read_text("utf-8") + "BINH-INOX: {name: Bình giữ nhiệt inox, locale: vi}\n",
        encoding="utf-8")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Acme Goods, market: us}\ninputs: {products: products.yaml}\n",
                   encoding="utf-8")
    assert show(cfg, "damaged", "--sku", "KETTLE-01").startswith(
        "Hi, I'm so sorry your Pour-over kettle arrived damaged.")
    assert show(cfg, "public/shipping").startswith("Sorry for the wait! Please DM us")
    vietnamese = show(cfg, "damaged", "--sku", "BINH-INOX")
    assert vietnamese.startswith(
        "Chào bạn, shop thật sự xin lỗi vì Bình giữ nhiệt inox đến tay bạn bị hư hỏng.")
    assert vietnamese.rstrip("\n").splitlines()[-1] == "Acme Goods"
    assert show(cfg, "public/shipping", "--sku", "BINH-INOX").startswith(
        "Shop xin lỗi vì để bạn phải chờ! Bạn nhắn tin riêng cho shop")
    assert "your item arrived damaged" in show(cfg, "damaged")


# --- insert cards ----------------------------------------------------------------------

def vn_shop():
    return Settings.model_validate({"shop": {"name": "Nhà Mộc Decor", "market": "vn"}}).shop


def test_a_vietnamese_shop_prints_its_cards_in_vietnamese(tmp_path, golden):
    (tmp_path / "san_pham.yaml").write_text(DANH_MUC, encoding="utf-8")
    catalog = load_catalog([tmp_path / "san_pham.yaml"])
    env = make_environment(None)
    shop = vn_shop()
    assert shop.locale == "vi"
    cards = render_cards(env, plan_inserts(catalog), shop)
    golden("inserts/cards.vi.md", render_sheet(env, cards, shop, "md"))
    # LOA-MINI and XA-PHONG all four; AO-THUN has no box list, BINH-INOX no box list and
    # no quick start.
    assert len(cards) == 4 + 4 + 3 + 2
    assert {c.title for c in cards} == {"Trong hộp có gì", "Hướng dẫn nhanh",
                                        "Quay video cùng sản phẩm", "Cần hỗ trợ?"}
    for c in cards:
        assert lint_text(c.text, path="card", market="vn") == [], (c.sku, c.kind)
        assert not ENGLISH.search(c.text), (c.sku, c.kind, ENGLISH.search(c.text))
    by = {(c.sku, c.kind): c.text for c in cards}
    # The seller wrote the issue as a question, or as a statement: one question mark.
    assert by["LOA-MINI", "quick_start"].splitlines()[-1] == (
        "> Loa không hiện trong danh sách Bluetooth? Tắt Bluetooth rồi bật lại.")
    assert by["XA-PHONG", "quick_start"].splitlines()[-1] == (
        "> Bánh xà phòng bị mềm? Để bánh trên đĩa có lỗ thoát nước.")
    assert "- Dáng mặc nhìn từ phía trước, bên hông và phía sau" in by["AO-THUN", "ugc"]
    assert not re.search(r"miễn phí|quà|giảm giá|voucher|đánh giá|5 sao",
                         by["AO-THUN", "ugc"], re.I)


@pytest.mark.parametrize(("issue", "line"), [
    ("Không lên nguồn?", "> Không lên nguồn? Sạc đầy pin."),
    ("Không lên nguồn.", "> Không lên nguồn? Sạc đầy pin."),
    ("Không lên nguồn ?", "> Không lên nguồn? Sạc đầy pin."),
    (None, "> Có gì chưa ổn? Sạc đầy pin."),
])
def test_a_vietnamese_quick_start_asks_the_common_issue_once(issue, line):
    product = Product(sku="X", name="Đèn bàn", quick_start=["Cắm điện"], common_issue=issue,
                      fixes=["Sạc đầy pin."])
    env = make_environment(None)
    card = render_cards(env, plan_inserts(Catalog({"X": product}), kinds=["quick_start"]),
                        vn_shop())[0]
    assert card.text.splitlines()[-1] == line


def test_an_english_shop_prints_a_vietnamese_product_s_cards_in_vietnamese():
    catalog = load_catalog([CATALOG])
    shop = Settings.model_validate({"shop": {"name": "Acme Goods"}}).shop
    binh = Product(sku="BINH-INOX", name="Bình giữ nhiệt inox", locale="vi")
    mixed = Catalog({"BINH-INOX": binh, "KETTLE-01": catalog["KETTLE-01"]})
    env = make_environment(None)
    titles = {(c.sku, c.title) for c in render_cards(env, plan_inserts(mixed, kinds=["support"]),
                                                     shop)}
    assert titles == {("BINH-INOX", "Cần hỗ trợ?"), ("KETTLE-01", "Need a hand?")}
