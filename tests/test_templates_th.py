"""Every message stage in Thai: a shop with ``shop.market: th`` (and no locale) sends the
``.th`` templates, and what its buyers read (golden files, days, counts, products, the
policy lint)."""

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

SHOP_TH = "shop: {market: th, name: บ้านสบายช็อป}"
# The order's times are Bangkok's, as a Thai shop's export gives them.
BANGKOK = "Asia/Bangkok"
# A Thai shop's catalog, written in Thai.
SINKHA = catalog(
    **{
        "SABU-LAV": {
            "name": "สบู่ลาเวนเดอร์", "category": "consumable", "processing_days": 1,
            "in_the_box": ["สบู่ 2 ก้อน", "ถุงตีฟอง"],
            "quick_start": ["ชุบน้ำให้สบู่และถุงเปียก", "ตีฟองประมาณ 20 วินาที",
                            "วางสบู่ไว้บนจานที่ระบายน้ำได้"],
            "common_issue": "สบู่เละเมื่อโดนน้ำจากฝักบัว",
            "fixes": ["วางให้ห่างจากสายน้ำ", "ใช้จานรองสบู่ที่ระบายน้ำได้",
                      "ตัดแบ่งครึ่งแล้วใช้ทีละครึ่ง"],
            "care_tips": "เก็บสบู่ก้อนสำรองไว้ในที่แห้งและเย็น",
            "usage_cycle_days": 30,
        },
        "LAMPHONG": {
            "name": "ลำโพงบลูทูธมินิ", "category": "device", "processing_days": 2,
            "quick_start": ["ชาร์จจนไฟเป็นสีขาว", "กดปุ่มเปิดค้างไว้ 3 วินาที"],
            "common_issue": "หาชื่อลำโพงในรายการบลูทูธไม่เจอ",
            "fixes": ["ปิดแล้วเปิดบลูทูธใหม่", "กดปุ่มเปิดค้างไว้ 10 วินาทีเพื่อรีเซ็ต"],
            "checkin": True,
        },
        "SUEA": {"name": "เสื้อยืดคอตตอน", "category": "apparel",
                 "fixes": ["ถ้าชอบทรงพอดีตัว เลือกไซซ์เล็กลงหนึ่งไซซ์"]},
        "KAEW": {"name": "แก้วเก็บความเย็น", "category": "accessory",
                 "in_the_box": ["แก้ว", "ฝากันหก"]},
        "KARD": {"name": "ชุดการ์ดอวยพร", "category": "other", "processing_days": 0},
    })


def th(stage: str, *lines: dict, today: str, buyer: str | None = "mia.r",
       config: str = SHOP_TH) -> tuple[str, str]:
    """(template used, text) of one stage for an order of ``lines`` (ORDER's times, in
    Bangkok) from a Thai shop; each line names a SKU of SINKHA."""
    s = settings(config)
    frame = orders(*({**ORDER, "buyer": buyer, "product_name": SINKHA[line["sku"]].name,
                      **line} for line in lines), tz=BANGKOK)
    skus = tuple(dict.fromkeys(line["sku"] for line in lines))
    sku = skus[0] if stage == "replenishment" else None
    m = DueMessage(message_id=message_id(ORDER["order_id"], stage, sku), stage=stage,
                   order_id=ORDER["order_id"], sku=sku, buyer=buyer,
                   due_date=date.fromisoformat(today), last_date=date.fromisoformat(today),
                   template=stage, priority=0, skus=skus)
    ctx = message_contexts([m], frame, catalog=SINKHA, settings=s,
                           as_of=date.fromisoformat(today))[0]
    rendered = MessageRenderer(s).render(m, ctx)
    return rendered.template, rendered.text


def text_of(stage: str, *lines: dict, today: str, **kw) -> str:
    return th(stage, *lines, today=today, **kw)[1]


SOAP, SPEAKER, TEE, MUG, CARDS = ({"sku": s} for s in ("SABU-LAV", "LAMPHONG", "SUEA",
                                                          "KAEW", "KARD"))
CASES_TH = [
    # golden name, stage, line, today
    ("order_confirmation", "order_confirmation",
     {**SOAP, **NOT_SHIPPED, "variation": "กลิ่นลาเวนเดอร์ แพ็กคู่"}, "2026-11-02"),
    ("label_created", "label_created", {**SOAP, **NOT_SHIPPED}, "2026-11-03"),
    ("in_transit", "in_transit", {**SPEAKER, **NOT_DELIVERED}, "2026-11-04"),
    ("tracking_stalled", "tracking_stalled", {**SOAP, **NOT_DELIVERED}, "2026-11-11"),
    ("tracking_stalled.label", "tracking_stalled", {**SOAP, **NOT_SHIPPED}, "2026-11-06"),
    ("delivery_day", "delivery_day", SPEAKER, "2026-11-09"),
    ("delivery_day.no_quick_start", "delivery_day", MUG, "2026-11-11"),
    ("support_checkin", "support_checkin", SPEAKER, "2026-11-12"),
    ("education_day2", "education_day2", SPEAKER, "2026-11-11"),
    ("education_day7", "education_day7", SOAP, "2026-11-16"),
    ("education_day14", "education_day14", TEE, "2026-11-23"),
    ("review_request", "review_request", MUG, "2026-11-16"),
    ("review_reminder", "review_reminder", SPEAKER, "2026-11-23"),
    ("replenishment", "replenishment", {**SOAP, "quantity": 2}, "2026-11-30"),
]
# English a Thai buyer must not read (the catalog and shop name above are Thai).
ENGLISH = re.compile(r"\b(?:hi|thanks|your\s+order|there|you|the|and|today|yesterday|"
                     r"tracking|reply|here|review|business\s+days?|nov|mon|tue|wed|thu|fri|"
                     r"sat|sun)\b", re.IGNORECASE)


@pytest.mark.parametrize(("name", "stage", "line", "today"), CASES_TH,
                         ids=[c[0] for c in CASES_TH])
def test_a_thai_shop_sends_every_stage_in_thai(golden, name, stage, line, today):
    template, text = th(stage, line, today=today)
    golden(f"messages/th/{name}.txt", f"# {template}\n{text}")
    assert template == f"messages/{stage}.th.txt.j2"
    assert text.startswith("สวัสดีค่ะ คุณ mia.r ")
    assert text.splitlines()[-1] == "บ้านสบายช็อป"
    assert ENGLISH.findall(text) == []
    assert "None" not in text and "{{" not in text and "\n\n\n" not in text
    assert "  " not in text and " ." not in text and " ," not in text
    assert [f.format() for f in lint_text(text, path=name, market="th")] == []


def test_every_stage_has_a_thai_template_a_thai_shop_finds():
    folder = templates_dir() / "messages"
    assert [n for n in BUILTIN_NAMES if not (folder / f"{n}.th.txt.j2").is_file()] == []
    for stage, line, today in [(c[1], c[2], c[3]) for c in CASES_TH]:
        assert th(stage, line, today=today)[0] == f"messages/{stage}.th.txt.j2", stage
    # The language beats the product type: a device's review request is the Thai one,
    # not the English review_request.device.
    assert th("review_request", SPEAKER, today="2026-11-16")[0] == \
        "messages/review_request.th.txt.j2"
    # A Thai shop that sets another locale gets that language.
    assert th("review_request", MUG, today="2026-11-16",
              config="shop: {market: th, locale: en}")[0] == "messages/review_request.txt.j2"


def test_every_thai_template_passes_the_lint_for_a_thai_shop():
    folder = templates_dir() / "messages"
    for path in sorted(folder.glob("*.th.txt.j2")):
        source = path.read_text(encoding="utf-8")
        assert [f.format() for f in lint_text(source, path=path.name, market="th")] == []
        assert source.startswith("{# Thai "), path.name  # says what it sends


def test_the_order_list_and_the_day_it_ships():
    # Paid Mon Nov 2, 1 processing day: it leaves by Tue Nov 3; 3 soaps, 1 speaker.
    text = text_of("order_confirmation", {**SOAP, **NOT_SHIPPED, "quantity": 3},
                   {**SPEAKER, **NOT_SHIPPED, "variation": "สีดำ"}, today="2026-11-02")
    assert "รายการที่สั่ง:\n- สบู่ลาเวนเดอร์ จำนวน 3 ชิ้น\n- ลำโพงบลูทูธมินิ (สีดำ)\n\n" in text
    assert "จำนวน 1" not in text
    # The speaker's 2 days are the order's: by Wed Nov 4.
    assert ("ร้านแพ็กสินค้าภายใน 2 วันทำการ พัสดุของคุณจึงจะออกจากร้านภายใน"
            "วันพุธที่ 4 พฤศจิกายนค่ะ") in text
    text = text_of("order_confirmation", {**SOAP, **NOT_SHIPPED}, today="2026-11-02")
    assert "ภายใน 1 วันทำการ พัสดุของคุณจึงจะออกจากร้านภายในวันอังคารที่ 3 พฤศจิกายนค่ะ" in text
    assert "ระหว่างรอของ ลองดูวิธีเริ่มใช้ สบู่ลาเวนเดอร์ ไว้ก่อนได้เลยค่ะ:\n1. ชุบน้ำ" in text
    # Sent on the ship-by day itself: today, not the day's name.
    text = text_of("order_confirmation", {**SOAP, **NOT_SHIPPED}, today="2026-11-03")
    assert "พัสดุของคุณจึงจะออกจากร้านภายในวันนี้ค่ะ" in text and "พฤศจิกายน" not in text
    # Packed the same business day (no processing days): no "0 วันทำการ".
    text = text_of("order_confirmation", {**CARDS, **NOT_SHIPPED}, today="2026-11-02")
    assert ("ร้านแพ็กสินค้าภายในวันทำการเดียวกับที่สั่ง พัสดุของคุณจึงจะออกจากร้าน"
            "ภายในวันนี้ค่ะ") in text
    assert "0 วัน" not in text and "ระหว่างรอของ" not in text  # the cards have no steps


def test_shipping_messages_say_their_days_in_thai():
    # Scanned Wed Nov 4: 2 to 5 business days, Fri Nov 6 to Wed Nov 11.
    text = text_of("in_transit", {**SPEAKER, **NOT_DELIVERED}, today="2026-11-04")
    assert "คำสั่งซื้อ 576400000000000123 ออกเดินทางกับ USPS แล้วค่ะ\n" in text
    assert "เลขพัสดุ: 9400111206212345678901 (ดูได้ในหน้าคำสั่งซื้อด้วยค่ะ)" in text
    assert ("พัสดุส่วนใหญ่จะถึงภายใน 2-5 วันทำการ น่าจะได้รับระหว่างวันศุกร์ที่ 6 พฤศจิกายน "
            "ถึงวันพุธที่ 11 พฤศจิกายนค่ะ") in text
    # No carrier or tracking number in the export: neither is mentioned.
    text = text_of("in_transit", {**SPEAKER, **NOT_DELIVERED, "carrier": None,
                                  "tracking_id": None}, today="2026-11-04")
    assert "ออกเดินทางแล้วค่ะ\n\n" in text and "เลขพัสดุ" not in text
    text = text_of("tracking_stalled", {**SOAP, **NOT_DELIVERED}, today="2026-11-11")
    assert "ร้านส่งพัสดุให้ USPS ไปเมื่อวันพุธที่ 4 พฤศจิกายน และ" in text
    text = text_of("tracking_stalled", {**SOAP, **NOT_SHIPPED, "carrier": None},
                   today="2026-11-06")
    assert ("ใบปะหน้าพัสดุสร้างไว้แล้วตั้งแต่วันอังคารที่ 3 พฤศจิกายน แต่ขนส่งยังไม่ได้สแกน"
            "รับพัสดุ ร้านกำลังตามกับขนส่งให้พัสดุเริ่มเดินทางค่ะ") in text
    text = text_of("label_created", {**SOAP, **NOT_SHIPPED}, today="2026-11-03")
    assert "และสร้างใบปะหน้าพัสดุแล้วค่ะ (ขนส่งโดย USPS)\n\nตอนนี้พัสดุพร้อมส่งแล้ว" in text


def test_delivery_day_says_when_it_arrived_and_names_every_product():
    # Delivered Mon Nov 9: today, yesterday, then the day.
    assert "สถานะพัสดุแจ้งว่า แก้วเก็บความเย็น ส่งถึงเรียบร้อยแล้ววันนี้ค่ะ\n" in \
        text_of("delivery_day", MUG, today="2026-11-09")
    assert "ส่งถึงเรียบร้อยแล้วเมื่อวานนี้ค่ะ\n" in text_of("delivery_day", MUG,
                                                         today="2026-11-10")
    text = text_of("delivery_day", MUG, today="2026-11-11")
    assert "ส่งถึงเรียบร้อยแล้วเมื่อวันจันทร์ที่ 9 พฤศจิกายนค่ะ\n" in text
    # No quick start in the catalog: three steps, with what is in the box.
    assert ("เริ่มต้นง่าย ๆ 3 ขั้นตอนค่ะ:\n1. เช็กว่าของในกล่องครบ ได้แก่ แก้ว, ฝากันหก\n"
            "2. อ่านการ์ดในกล่อง") in text
    assert "พร้อมเลขคำสั่งซื้อ (576400000000000123)" in text
    # Several products: each named, and the steps said to be the soap's.
    text = text_of("delivery_day", SOAP, TEE, MUG, today="2026-11-10")
    assert text.startswith("สวัสดีค่ะ คุณ mia.r สถานะพัสดุแจ้งว่า สบู่ลาเวนเดอร์, เสื้อยืดคอตตอน "
                           "และ แก้วเก็บความเย็น ส่งถึงเรียบร้อยแล้วเมื่อวานนี้ค่ะ\n")
    assert "เริ่มใช้ สบู่ลาเวนเดอร์ ง่าย ๆ ตามนี้ค่ะ:\n1. ชุบน้ำ" in text
    text = text_of("delivery_day", SPEAKER, today="2026-11-09")
    assert "เริ่มใช้งานง่าย ๆ ตามนี้ค่ะ:\n1. ชาร์จจนไฟเป็นสีขาว\n2. กดปุ่ม" in text


def test_support_checkin_on_several_products_asks_about_each():
    text = text_of("support_checkin", SPEAKER, SOAP, {**SPEAKER, "variation": "สีแดง"},
                   today="2026-11-12")
    assert text.startswith("สวัสดีค่ะ คุณ mia.r ร้านขอทักมาถามไถ่เรื่อง ลำโพงบลูทูธมินิ และ "
                           "สบู่ลาเวนเดอร์ หน่อยนะคะ ตอนนี้ใช้งานได้ดีทุกชิ้นไหมคะ\n")
    # Each product's tips once, though the speaker is on two lines.
    assert text.count("เรื่องที่ลูกค้าเจอกันบ่อยกับ ลำโพงบลูทูธมินิ:") == 1
    assert ("เรื่องที่ลูกค้าเจอกันบ่อยกับ สบู่ลาเวนเดอร์: สบู่เละเมื่อโดนน้ำจากฝักบัว\n"
            "วิธีที่มักช่วยแก้ได้:\n- วางให้ห่างจากสายน้ำ\n") in text
    one = text_of("support_checkin", SPEAKER, today="2026-11-12")
    assert "เรื่อง ลำโพงบลูทูธมินิ หน่อยนะคะ ตอนนี้ใช้งานได้ดีไหมคะ\n" in one


def test_review_messages_count_days_and_never_say_0():
    assert "เพิ่งได้รับ แก้วเก็บความเย็น ไป เป็นอย่างไรบ้างคะ\n" in \
        text_of("review_request", MUG, today="2026-11-09")
    assert "ได้ใช้ แก้วเก็บความเย็น มา 1 วันแล้ว" in text_of("review_request", MUG,
                                                           today="2026-11-10")
    text = text_of("review_request", MUG, today="2026-11-16")
    assert "ได้ใช้ แก้วเก็บความเย็น มา 7 วันแล้ว เป็นอย่างไรบ้างคะ\n" in text
    assert "ไม่ว่าประสบการณ์ของคุณจะดีหรือไม่ดีก็ตาม" in text  # honest, good or bad


def test_counts_cycles_and_care_in_thai():
    text = text_of("replenishment", {**SOAP, "quantity": 2}, today="2026-11-30")
    assert ("ถ้าใช้ สบู่ลาเวนเดอร์ ที่สั่งไป 2 ชิ้น เป็นประจำ ตอนนี้น่าจะเหลืออีกไม่มากแล้วค่ะ\n"
            "\nปกติ 1 ชิ้นใช้ได้ประมาณ 30 วัน") in text
    assert "ที่สั่งไป" not in text_of("replenishment", SOAP, today="2026-11-30")
    text = text_of("education_day14", SOAP, today="2026-11-23")
    assert "เมื่อใช้อย่างสม่ำเสมอ ปกติ 1 ชิ้นใช้ได้ประมาณ 30 วัน ปิดให้สนิท" in text
    assert "\n\nเก็บสบู่ก้อนสำรองไว้ในที่แห้งและเย็น\n" in text
    text = text_of("education_day7", SOAP, today="2026-11-16")
    assert "วิธีดูแล: เก็บสบู่ก้อนสำรองไว้ในที่แห้งและเย็น\n" in text
    assert "ลองกลับมาดูขั้นตอนนี้อีกครั้งนะคะ: วางสบู่ไว้บนจานที่ระบายน้ำได้\n" in text
    # The mug has no care tips or steps: no tips promised.
    text = text_of("education_day7", MUG, today="2026-11-16")
    assert "มาได้หนึ่งสัปดาห์แล้ว เป็นอย่างไรบ้างคะ\n" in text and "เคล็ดลับ" not in text
    # One fix is "the fix", never "1 วิธีแก้".
    text = text_of("education_day2", TEE, today="2026-11-11")
    assert "\n\nวิธีแก้ที่ช่วยได้มากที่สุด:\n1. ถ้าชอบทรงพอดีตัว" in text and "1 วิธี" not in text
    text = text_of("education_day2", SOAP, today="2026-11-11")
    assert "\n\n3 วิธีแก้ที่ช่วยได้มากที่สุด:\n1. วางให้ห่าง" in text


def test_a_buyer_without_a_name_is_greeted_politely():
    for stage, line, today in [(c[1], c[2], c[3]) for c in CASES_TH]:
        text = text_of(stage, line, today=today, buyer=None)
        assert text.startswith("สวัสดีค่ะ คุณลูกค้า "), stage
