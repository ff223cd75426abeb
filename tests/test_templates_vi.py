"""The Vietnamese message templates (`<stage>.vi.txt.j2`): a shop with `shop.market: vn`
sends every stage in Vietnamese, reading right for one product or several, a quantity,
the day of delivery and the ship-by day, and every text passes the policy lint."""

from __future__ import annotations

import re
from datetime import date

import pytest
from test_message_templates import NOT_DELIVERED, NOT_SHIPPED, ORDER
from timeline_frames import catalog, orders, settings

from cx_cli.engines.lint import lint_text
from cx_cli.engines.message_context import message_contexts
from cx_cli.engines.stages import BUILTIN_NAMES
from cx_cli.engines.timeline import DueMessage
from cx_cli.io.ledger import message_id
from cx_cli.render.messages import MessageRenderer
from cx_cli.resources import templates_dir

VN = "shop: {name: Nhà Mộc Decor, market: vn}"

PRODUCTS = catalog(
    **{
        "XP-OAI-HUONG": {
            "name": "Xà phòng yến mạch oải hương", "category": "consumable",
            "processing_days": 1, "in_the_box": ["2 bánh xà phòng", "Túi lưới cotton"],
            "quick_start": ["Làm ướt bánh xà phòng và túi lưới", "Tạo bọt trong 20 giây",
                            "Để bánh xà phòng khô trên đĩa thoát nước"],
            "common_issue": "Bánh xà phòng bị mềm khi để trong nhà tắm",
            "fixes": ["Để xa vòi sen", "Dùng đĩa có lỗ thoát nước",
                      "Cắt đôi bánh và dùng từng nửa"],
            "care_tips": "Cất các bánh dự phòng ở nơi khô ráo, thoáng mát.",
            "usage_cycle_days": 30,
        },
        "AO-THUN": {
            "name": "Áo thun cotton basic", "category": "apparel",
            "quick_start": ["Giặt nước lạnh trước khi mặc lần đầu", "Sấy ở nhiệt độ thấp"],
            "common_issue": "Áo hơi dài so với size thường",
            "fixes": ["Lùi một size nếu thích mặc vừa người"],
            "care_tips": "Giặt chung với đồ cùng màu.",
        },
        "LOA-MINI": {
            "name": "Loa Bluetooth mini", "category": "device", "processing_days": 2,
            "in_the_box": ["Loa", "Cáp USB-C", "Dây đeo"],
            "quick_start": ["Sạc đến khi đèn chuyển sang màu trắng", "Giữ nút nguồn 3 giây",
                            "Chọn 'MiniSpeaker' trong danh sách Bluetooth của điện thoại"],
            "common_issue": "Loa không hiện trong danh sách Bluetooth",
            "fixes": ["Tắt Bluetooth rồi bật lại", "Giữ nút nguồn 10 giây để khởi động lại"],
            "care_tips": "Sạc loa ít nhất mỗi tháng một lần, kể cả khi không dùng.",
            "checkin": True,
        },
        "BINH-INOX": {"name": "Bình giữ nhiệt inox", "category": "accessory",
                      "in_the_box": ["Bình", "Nắp chống tràn"]},
        "THIEP": {"name": "Bộ thiệp in nổi", "category": "other", "processing_days": 0},
    })

# Mon Nov 2 paid, Tue Nov 3 packed, Wed Nov 4 shipped, Mon Nov 9 delivered (ORDER's times).
VN_ORDER = {"carrier": "J&T Express"}

CASES = [
    # golden name, stage, sku, today, order overrides
    ("order_confirmation", "order_confirmation", "XP-OAI-HUONG", "2026-11-02",
     {**NOT_SHIPPED, "variation": "Oải hương, 2 bánh"}),
    ("label_created", "label_created", "XP-OAI-HUONG", "2026-11-03", NOT_SHIPPED),
    ("in_transit", "in_transit", "LOA-MINI", "2026-11-04", NOT_DELIVERED),
    ("tracking_stalled", "tracking_stalled", "XP-OAI-HUONG", "2026-11-11", NOT_DELIVERED),
    ("tracking_stalled.label", "tracking_stalled", "XP-OAI-HUONG", "2026-11-06", NOT_SHIPPED),
    ("delivery_day", "delivery_day", "LOA-MINI", "2026-11-09", {}),
    ("delivery_day.no_quick_start", "delivery_day", "BINH-INOX", "2026-11-09", {}),
    ("support_checkin", "support_checkin", "LOA-MINI", "2026-11-12", {}),
    ("review_request", "review_request", "BINH-INOX", "2026-11-16", {}),
    ("review_request.device", "review_request", "LOA-MINI", "2026-11-16", {}),
    ("review_reminder", "review_reminder", "LOA-MINI", "2026-11-23", {}),
    ("replenishment", "replenishment", "XP-OAI-HUONG", "2026-11-30", {"quantity": 2}),
    ("education_day2", "education_day2", "LOA-MINI", "2026-11-11", {}),
    ("education_day7", "education_day7", "XP-OAI-HUONG", "2026-11-16", {}),
    ("education_day14", "education_day14", "AO-THUN", "2026-11-23", {}),
]
ENGLISH = re.compile(r"\bHi\b|\bThanks\b|\byour order\b", re.IGNORECASE)


def rendered(stage: str, *lines: dict, today: str, config: str = VN, skus: tuple[str, ...] = (),
             buyer: str | None = "mia.r", products=PRODUCTS) -> tuple[str, str]:
    """(template used, text) of one stage for an order of ``lines`` (ORDER's times, as the
    shop's clock in Ho Chi Minh City read them)."""
    s = settings(config)
    frame = orders(*({**ORDER, **VN_ORDER, "buyer": buyer, **line} for line in lines),
                   tz="Asia/Ho_Chi_Minh")
    sku = lines[0]["sku"] if stage == "replenishment" else None
    m = DueMessage(message_id=message_id(ORDER["order_id"], stage, sku), stage=stage,
                   order_id=ORDER["order_id"], sku=sku, buyer=buyer,
                   due_date=date.fromisoformat(today), last_date=date.fromisoformat(today),
                   template=stage, priority=0, skus=skus)
    ctx = message_contexts([m], frame, catalog=products, settings=s,
                           as_of=date.fromisoformat(today))[0]
    out = MessageRenderer(s).render(m, ctx)
    return out.template, out.text


def vi(stage: str, sku: str, today: str, line: dict | None = None) -> tuple[str, str]:
    """(template used, text) of one stage for a vn shop's one-line order of ``sku``."""
    return rendered(stage, {"sku": sku, "product_name": PRODUCTS[sku].name, **(line or {})},
                    today=today)


def vi_order(stage: str, *lines: dict, today: str, **kwargs) -> str:
    """The text of one stage for a vn shop's order of several ``lines``."""
    return rendered(stage, *lines, today=today, **kwargs)[1]


def line(sku: str, **fields) -> dict:
    return {"sku": sku, "product_name": PRODUCTS[sku].name, **fields}


def clean(text: str) -> list[str]:
    return [f.format() for f in lint_text(text, path="vi", market="vn")]


@pytest.mark.parametrize(("name", "stage", "sku", "today", "order"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_vn_shop_sends_every_stage_in_vietnamese(golden, name, stage, sku, today, order):
    template, text = vi(stage, sku, today, order)
    golden(f"messages/vi/{name}.txt", f"# {template}\n{text}")
    # Its own language beats the product type's English variant (review_request.device).
    assert template == f"messages/{stage}.vi.txt.j2"
    assert text.startswith("Chào bạn mia.r, ")
    assert text.splitlines()[-1] == "Nhà Mộc Decor"
    assert ENGLISH.search(text) is None, ENGLISH.search(text)
    assert "None" not in text and "{{" not in text and "\n\n\n" not in text
    assert " ." not in text and " ," not in text
    assert clean(text) == []


def test_every_stage_has_a_vietnamese_template_that_lints_clean_for_vn():
    folder = templates_dir() / "messages"
    for stage in BUILTIN_NAMES:
        path = folder / f"{stage}.vi.txt.j2"
        assert path.is_file(), stage
        source = path.read_text(encoding="utf-8")
        assert source.startswith("{# Vietnamese "), stage
        assert lint_text(source, path=path.name, market="vn") == [], stage
    assert len(list(folder.glob("*.vi.txt.j2"))) == len(BUILTIN_NAMES) == 12


def test_several_products_and_a_quantity_read_correctly():
    soap = line("XP-OAI-HUONG", quantity=3, variation="2 bánh", **NOT_SHIPPED)
    speaker = line("LOA-MINI", variation="Đen", **NOT_SHIPPED)
    cancelled = line("LOA-MINI", variation="Đỏ", return_type="cancel", **NOT_SHIPPED)
    text = vi_order("order_confirmation", soap, speaker, cancelled, today="2026-11-02")
    assert ("Đơn của bạn gồm:\n- Xà phòng yến mạch oải hương (2 bánh) x3\n"
            "- Loa Bluetooth mini (Đen)\n\n") in text
    assert "x1" not in text and "Đỏ" not in text
    assert ("Trong lúc chờ hàng, đây là vài bước đầu tiên với Xà phòng yến mạch oải "
            "hương:\n1. Làm ướt bánh xà phòng và túi lưới\n") in text
    # Delivered: every product named once, "A và B"; the steps say whose they are.
    delivered = {"shipped_at": ORDER["shipped_at"], "delivered_at": ORDER["delivered_at"]}
    soap, speaker = line("XP-OAI-HUONG", **delivered), line("LOA-MINI", **delivered)
    tee = line("AO-THUN", **delivered)
    text = vi_order("delivery_day", soap, speaker, {**speaker, "variation": "Đỏ"}, tee,
                    today="2026-11-09")
    assert text.startswith("Chào bạn mia.r, theo thông tin vận chuyển, Xà phòng yến "
                           "mạch oải hương, Loa Bluetooth mini và Áo thun cotton basic đã "
                           "được giao tới bạn hôm nay.\n")
    assert "Cách bắt đầu với Xà phòng yến mạch oải hương:\n1. Làm ướt" in text
    # The check-in asks after both, and gives each product's tips once.
    text = vi_order("support_checkin", speaker, soap, {**speaker, "variation": "Đỏ"},
                    today="2026-11-12", skus=("LOA-MINI", "XP-OAI-HUONG"))
    assert text.startswith("Chào bạn mia.r, shop hỏi thăm một chút về Loa Bluetooth "
                           "mini và Xà phòng yến mạch oải hương của bạn. Đến giờ bạn dùng "
                           "thấy cả hai đều ổn chứ?\n")
    assert text.count("Với Loa Bluetooth mini, nhiều bạn hay gặp tình trạng này") == 1
    one = vi_order("support_checkin", speaker, today="2026-11-12", skus=("LOA-MINI",))
    assert "Đến giờ bạn dùng thấy có ổn không?" in one
    # Two units of a consumable: said, and the cycle of one.
    text = vi("replenishment", "XP-OAI-HUONG", "2026-11-30", {"quantity": 2})[1]
    assert ("nếu bạn dùng Xà phòng yến mạch oải hương đều đặn thì có lẽ cũng sắp dùng hết "
            "rồi (bạn đã đặt 2 sản phẩm).") in text
    assert "Thường mỗi sản phẩm dùng được khoảng 30 ngày," in text
    for each in (text, one):
        assert clean(each) == []


def test_delivered_today_yesterday_or_earlier_is_said_in_vietnamese():
    mug = line("BINH-INOX", delivered_at="2026-11-09 13:00")
    said = {today: vi_order("delivery_day", mug, today=today).split("\n")[0]
            for today in ("2026-11-09", "2026-11-10", "2026-11-12")}
    start = "Chào bạn mia.r, theo thông tin vận chuyển, Bình giữ nhiệt inox đã được giao "
    assert said == {"2026-11-09": start + "tới bạn hôm nay.",
                    "2026-11-10": start + "tới bạn hôm qua.",
                    "2026-11-12": start + "tới bạn vào Thứ Hai, ngày 9 tháng 11."}
    # No quick_start: the three steps, with what is in the box.
    text = vi_order("delivery_day", mug, today="2026-11-09")
    assert ("Ba bước để bắt đầu:\n1. Kiểm tra trong hộp có đủ đồ: Bình, Nắp chống tràn.\n"
            "2. Đọc thẻ hướng dẫn") in text
    # A buyer with no name is greeted all the same.
    assert vi_order("delivery_day", mug, today="2026-11-09", buyer=None).startswith(
        "Chào bạn, theo thông tin vận chuyển,")
    # The review request never says "0 ngày".
    request = vi_order("review_request", mug, today="2026-11-09")
    assert "Bình giữ nhiệt inox vừa đến tay bạn. Bạn dùng thấy thế nào?" in request
    assert "0 ngày" not in request
    assert "bạn đã dùng Bình giữ nhiệt inox được 7 ngày rồi." in vi_order(
        "review_request", mug, today="2026-11-16")


def test_ship_by_today_or_a_later_day_is_said_plainly():
    cards = line("THIEP", **NOT_SHIPPED)
    text = vi_order("order_confirmation", cards, today="2026-11-02")
    assert ("Shop đóng gói đơn ngay trong ngày làm việc, nên đơn của bạn sẽ được gửi đi "
            "ngay hôm nay.") in text
    assert "0 ngày" not in text
    # Sent the next day (the last of its window): no ship-by day in the past.
    text = vi_order("order_confirmation", cards, today="2026-11-03")
    assert "được gửi đi ngay hôm nay." in text and "tháng 11" not in text
    # Paid on a Saturday with 1 processing day: by Monday.
    soap = line("XP-OAI-HUONG", paid_at="2026-11-07 10:00", **NOT_SHIPPED)
    text = vi_order("order_confirmation", soap, today="2026-11-07")
    assert ("Shop chuẩn bị hàng trong vòng 1 ngày làm việc, nên đơn của bạn sẽ được gửi đi "
            "chậm nhất vào Thứ Hai, ngày 9 tháng 11.") in text
    speaker = line("LOA-MINI", **NOT_SHIPPED)
    text = vi_order("order_confirmation", speaker, today="2026-11-02")
    assert ("trong vòng 2 ngày làm việc, nên đơn của bạn sẽ được gửi đi chậm nhất vào "
            "Thứ Tư, ngày 4 tháng 11.") in text


def test_the_days_of_tracking_are_in_vietnamese():
    text = vi("in_transit", "LOA-MINI", "2026-11-04", NOT_DELIVERED)[1]
    assert ("Đa số kiện hàng đến nơi trong 2 đến 5 ngày làm việc, nên dự kiến bạn sẽ nhận hàng "
            "trong khoảng từ Thứ Sáu, ngày 6 tháng 11 đến Thứ Tư, ngày 11 tháng 11.") in text
    text = vi("tracking_stalled", "XP-OAI-HUONG", "2026-11-11", NOT_DELIVERED)[1]
    assert ("Shop đã giao kiện hàng cho J&T Express vào Thứ Tư, ngày 4 tháng 11 và từ đó "
            "đến nay chưa có lần quét mới.") in text
    text = vi("tracking_stalled", "XP-OAI-HUONG", "2026-11-06", NOT_SHIPPED)[1]
    assert "Vận đơn đã được tạo vào Thứ Ba, ngày 3 tháng 11, nhưng" in text


def test_a_catalog_entry_in_vietnamese_reads_vietnamese_in_any_shop():
    products = catalog(**{"BINH-VI": {"name": "Bình giữ nhiệt inox", "locale": "vi"}})
    template, text = rendered("review_reminder", {"sku": "BINH-VI"}, today="2026-11-23",
                              config="shop: {market: us}", products=products)
    assert template == "messages/review_reminder.vi.txt.j2"
    assert text.startswith("Chào bạn mia.r, shop nhắn lần cuối về Bình giữ nhiệt inox nhé:")
