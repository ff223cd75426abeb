"""The Malay message templates (``<stage>.ms.txt.j2``): a Malaysian shop (``shop.market:
my``, so ``shop.locale: ms``) sends every stage in Malay, with its days, counts and
several products said in Malay, and every text passes the policy lint."""

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

SHOP_MY = "shop: {market: my, name: Kedai Mia}"
# A Malaysian shop's catalog, written in Malay: every word of its messages is Malay.
PRODUK = catalog(
    **{
        "SABUN-LAV": {
            "name": "Sabun Lavender", "category": "consumable", "processing_days": 1,
            "in_the_box": ["2 ketul sabun", "Uncang sabun kapas"],
            "quick_start": ["Basahkan sabun dan uncangnya", "Gosok hingga berbuih 20 saat",
                            "Biarkan sabun kering selepas digunakan"],
            "common_issue": "Sabun jadi lembik di bilik mandi",
            "fixes": ["Jauhkan daripada pancuran air", "Guna bekas sabun yang berlubang"],
            "care_tips": "Simpan sabun simpanan di tempat yang sejuk dan kering.",
            "usage_cycle_days": 30,
        },
        "SPEAKER-MINI": {
            "name": "Speaker Bluetooth Mini", "category": "device", "processing_days": 2,
            "in_the_box": ["Speaker", "Kabel USB-C"],
            "quick_start": ["Cas sehingga lampu bertukar putih",
                            "Tekan butang kuasa selama 3 saat",
                            "Pilih 'MiniSpeaker' dalam senarai Bluetooth telefon"],
            "common_issue": "Tidak muncul dalam senarai Bluetooth",
            "fixes": ["Tutup dan buka semula Bluetooth", "Tekan butang kuasa 10 saat"],
            "care_tips": "Cas sekurang-kurangnya sebulan sekali walaupun tidak digunakan.",
            "checkin": True,
        },
        "BAJU-KAPAS": {
            "name": "Baju Kapas Klasik", "category": "apparel",
            "quick_start": ["Basuh dengan air sejuk sebelum dipakai"],
            "common_issue": "Saiznya agak labuh", "fixes": ["Pilih satu saiz lebih kecil"],
        },
        "TUMBLER": {"name": "Tumbler Keluli", "category": "accessory"},
        "SET-KAD": {"name": "Set Kad Ucapan", "category": "other", "processing_days": 0},
    })

# stage, sku, today, order overrides (ORDER: paid Mon Nov 2, ready Tue Nov 3, shipped
# Wed Nov 4, delivered Mon Nov 9)
CASES_MS = [
    ("order_confirmation", "SABUN-LAV", "2026-11-02", {**NOT_SHIPPED, "quantity": 2}),
    ("label_created", "SABUN-LAV", "2026-11-03", NOT_SHIPPED),
    ("in_transit", "SPEAKER-MINI", "2026-11-04", NOT_DELIVERED),
    ("tracking_stalled", "SABUN-LAV", "2026-11-11", NOT_DELIVERED),
    ("delivery_day", "SPEAKER-MINI", "2026-11-09", {}),
    ("support_checkin", "SPEAKER-MINI", "2026-11-12", {}),
    ("education_day2", "SPEAKER-MINI", "2026-11-11", {}),
    ("education_day7", "SABUN-LAV", "2026-11-16", {}),
    ("education_day14", "SABUN-LAV", "2026-11-23", {}),
    ("review_request", "SPEAKER-MINI", "2026-11-16", {}),
    ("review_reminder", "TUMBLER", "2026-11-23", {}),
    ("replenishment", "SABUN-LAV", "2026-11-30", {"quantity": 2}),
]
# English a Malay message must not show (the catalog above has none of it).
ENGLISH = re.compile(r"\b(?:hi|there|thanks|your\s+order|your|the|and|you|today|yesterday|"
                     r"business|days?|tracking|created|reply|here|review|tips|"
                     r"mon|tue|wed|thu|fri|sat|sun|nov)\b", re.IGNORECASE)


# A Malaysian courier and its tracking number.
LOCAL = {"carrier": "J&T Express", "tracking_id": "630098765432"}


def render(stage: str, *lines: dict, today: str, config: str = SHOP_MY,
           buyer: str | None = "mia.r", products=PRODUK,
           skus: tuple[str, ...] = ()) -> tuple[str, str]:
    """(template used, text) of one stage for an order of ``lines``: ORDER's times, in
    the Malaysian shop's own time zone (test_message_templates writes them in Los
    Angeles time, a day behind Kuala Lumpur's for most of these days)."""
    s = settings(config)
    frame = orders(*({**ORDER, **LOCAL, "buyer": buyer, **line} for line in lines),
                   tz="Asia/Kuala_Lumpur")
    sku = lines[0]["sku"] if stage == "replenishment" else None
    m = DueMessage(message_id=message_id(ORDER["order_id"], stage, sku), stage=stage,
                   order_id=ORDER["order_id"], sku=sku, buyer=buyer,
                   due_date=date.fromisoformat(today), last_date=date.fromisoformat(today),
                   template=stage, priority=0, skus=skus)
    ctx = message_contexts([m], frame, catalog=products, settings=s,
                           as_of=date.fromisoformat(today))[0]
    rendered = MessageRenderer(s).render(m, ctx)
    return rendered.template, rendered.text


def render_order(stage: str, *lines: dict, today: str, **kwargs) -> str:
    return render(stage, *lines, today=today, **kwargs)[1]


def line_of(sku: str, **fields) -> dict:
    return {"sku": sku, "product_name": PRODUK[sku].name, **fields}


def ms(stage: str, sku: str, today: str, line: dict | None = None) -> str:
    """The text of one stage for a one-line order of ``sku``."""
    return render(stage, line_of(sku, **(line or {})), today=today, skus=(sku,))[1]


def test_every_stage_has_a_malay_template():
    folder = templates_dir() / "messages"
    assert [n for n in BUILTIN_NAMES if not (folder / f"{n}.ms.txt.j2").is_file()] == []
    assert {c[0] for c in CASES_MS} == set(BUILTIN_NAMES)


@pytest.mark.parametrize(("stage", "sku", "today", "line"), CASES_MS,
                         ids=[c[0] for c in CASES_MS])
def test_a_malaysian_shop_sends_every_stage_in_malay(golden, stage, sku, today, line):
    template, text = render(stage, line_of(sku, **line), today=today, skus=(sku,))
    # shop.market: my alone picks the .ms file, over the device and consumable variants
    assert template == f"messages/{stage}.ms.txt.j2"
    golden(f"messages/ms/{stage}.txt", text)
    assert text.startswith("Hai mia.r, ")
    assert text.splitlines()[-1] == "Kedai Mia"
    assert ENGLISH.findall(text) == []
    assert "None" not in text and "{{" not in text and "\n\n\n" not in text
    assert " ." not in text and " ," not in text and "  " not in text
    assert [f.format() for f in lint_text(text, path=stage, market="my")] == []


def test_every_malay_template_lints_clean_for_a_malaysian_shop():
    folder = templates_dir() / "messages"
    for path in sorted(folder.glob("*.ms.txt.j2")):
        text = path.read_text(encoding="utf-8")
        assert [f.format() for f in lint_text(text, path=path.name, market="my")] == []
        assert text.startswith("{#") and text.endswith("\n{{ shop.name }}\n"), path.name


def test_a_buyer_with_no_handle_is_greeted_without_a_gap():
    text = render_order("review_reminder", {"sku": "TUMBLER", "product_name": "Tumbler"},
                        today="2026-11-23", buyer=None)
    assert text.startswith("Hai, satu mesej terakhir tentang Tumbler Keluli anda: ")


def test_malay_order_confirmation_lists_the_order_and_says_when_it_ships():
    # Paid Mon Nov 2, 1 processing day: posted by Tue Nov 3; "2 x" only above one.
    text = ms("order_confirmation", "SABUN-LAV", "2026-11-02", {**NOT_SHIPPED, "quantity": 2})
    assert "Pesanan anda:\n- 2 x Sabun Lavender\n\n" in text
    assert ("Kami bungkus pesanan dalam 1 hari bekerja, jadi pesanan anda dijangka dipos "
            "selewat-lewatnya pada Selasa, 3 November.") in text
    assert ("Sementara menunggu, ini langkah mudah untuk mula guna Sabun Lavender:\n"
            "1. Basahkan sabun dan uncangnya\n") in text
    # 2 processing days: by Wed Nov 4; the confirmation sent that day says "hari ini".
    text = ms("order_confirmation", "SPEAKER-MINI", "2026-11-02", NOT_SHIPPED)
    assert "- Speaker Bluetooth Mini\n\n" in text and " x " not in text
    assert "dalam 2 hari bekerja, jadi pesanan anda dijangka dipos selewat-lewatnya " \
        "pada Rabu, 4 November." in text
    assert "jadi pesanan anda dijangka dipos hari ini." in ms(
        "order_confirmation", "SPEAKER-MINI", "2026-11-04", NOT_SHIPPED)
    # Packed the same day: no "0 hari"; no quick start, no "Sementara menunggu".
    text = ms("order_confirmation", "SET-KAD", "2026-11-02", NOT_SHIPPED)
    assert ("Kami bungkus pesanan pada hari bekerja yang sama, jadi pesanan anda dijangka "
            "dipos hari ini.") in text
    assert "0 hari" not in text and "Sementara menunggu" not in text
    # Several lines, each as the order page lists it.
    text = render_order("order_confirmation",
                        {"sku": "SABUN-LAV", "product_name": "Sabun Lavender", "quantity": 3,
                         **NOT_SHIPPED},
                        {"sku": "TUMBLER", "product_name": "Tumbler Keluli 500ml",
                         "variation": "Hitam", **NOT_SHIPPED},
                        today="2026-11-02")
    assert "Pesanan anda:\n- 3 x Sabun Lavender\n- Tumbler Keluli 500ml (Hitam)\n\n" in text


def test_malay_shipping_messages_say_their_days_in_malay():
    # Scanned Wed Nov 4: 2 to 5 business days, Fri Nov 6 to Wed Nov 11.
    text = ms("in_transit", "SPEAKER-MINI", "2026-11-04", NOT_DELIVERED)
    assert ("Kebanyakan parcel sampai dalam 2 hingga 5 hari bekerja, jadi anggarannya "
            "parcel tiba antara Jumaat, 6 November dan Rabu, 11 November.") in text
    assert "Nombor penjejakan: 630098765432 (ada juga" in text
    assert "sudah dalam perjalanan melalui J&T Express." in text
    text = ms("tracking_stalled", "SABUN-LAV", "2026-11-11", NOT_DELIVERED)
    assert "Parcel telah diserahkan kepada J&T Express pada Rabu, 4 November dan sejak itu" in text
    text = ms("tracking_stalled", "SABUN-LAV", "2026-11-06", NOT_SHIPPED)
    assert "Label penghantaran sudah dibuat pada Selasa, 3 November, tetapi kurier" in text
    text = ms("label_created", "SABUN-LAV", "2026-11-03", {**NOT_SHIPPED, "carrier": None})
    assert "sudah siap dibungkus dan label penghantarannya sudah dibuat." in text


def test_malay_delivery_day_says_today_yesterday_or_the_day():
    tumbler = {"sku": "TUMBLER", "product_name": "Tumbler Keluli"}
    # Delivered Mon Nov 9.
    text = render_order("delivery_day", tumbler, today="2026-11-09")
    assert text.startswith("Hai mia.r, status penjejakan menunjukkan Tumbler Keluli anda "
                           "sudah sampai hari ini.\n")
    # No quick start: the three general steps, with nothing after "kotak" to list.
    assert ("Untuk mula, tiga langkah mudah:\n1. Pastikan semua barang ada dalam kotak.\n"
            "2. Baca kad") in text
    text = render_order("delivery_day", tumbler, today="2026-11-10")
    assert "Tumbler Keluli anda sudah sampai semalam.\n" in text
    text = render_order("delivery_day", tumbler, today="2026-11-12")
    assert "Tumbler Keluli anda sudah sampai pada Isnin, 9 November.\n" in text
    # A product with its own steps gets them, not the three general ones.
    text = ms("delivery_day", "SPEAKER-MINI", "2026-11-09")
    assert "Untuk mula guna:\n1. Cas sehingga lampu bertukar putih\n" in text
    assert "tiga langkah" not in text


def test_a_malay_message_about_several_products_names_each():
    sabun = {"sku": "SABUN-LAV", "product_name": "Sabun Lavender"}
    kad = {"sku": "SET-KAD", "product_name": "Set Kad Ucapan"}
    tumbler = {"sku": "TUMBLER", "product_name": "Tumbler Keluli"}
    text = render_order("delivery_day", sabun, kad, today="2026-11-10")
    assert text.startswith("Hai mia.r, status penjejakan menunjukkan Sabun Lavender dan "
                           "Set Kad Ucapan anda sudah sampai semalam.\n")
    # The steps are the soap's, and say so.
    assert "Untuk mula guna Sabun Lavender:\n1. Basahkan sabun" in text
    text = render_order("support_checkin", sabun, kad, tumbler,
                        {**sabun, "variation": "Ros"}, today="2026-11-12")
    assert text.startswith("Hai mia.r, kami ingin bertanya khabar tentang Sabun Lavender, "
                           "Set Kad Ucapan dan Tumbler Keluli anda. Semuanya okey setakat "
                           "ini?\n")
    # Each product's tips once, though the soap is on two lines.
    assert text.count("tentang Sabun Lavender:") == 1
    assert ("Satu perkara yang sering pembeli beritahu kami tentang Sabun Lavender: Sabun "
            "jadi lembik di bilik mandi.\nCara yang biasanya berkesan:\n- Jauhkan") in text


def test_malay_counts_and_product_details_read_correctly():
    text = ms("replenishment", "SABUN-LAV", "2026-11-30", {"quantity": 2})
    assert "mungkin bekalan anda sudah hampir habis (anda beli 2).\n" in text
    assert "Biasanya satu boleh tahan lebih kurang 30 hari" in text
    assert "(anda beli" not in ms("replenishment", "SABUN-LAV", "2026-11-30")
    # The day of delivery: never "0 hari".
    text = ms("review_request", "TUMBLER", "2026-11-09")
    assert "Hai mia.r, Tumbler Keluli anda baru sahaja sampai. Bagaimana" in text
    assert "0 hari" not in text
    assert "sudah 1 hari anda menggunakan Tumbler Keluli." in ms("review_request", "TUMBLER",
                                                                "2026-11-10")
    # One fix: no "1 cara"; several: their number.
    text = ms("education_day2", "BAJU-KAPAS", "2026-11-11")
    assert "Cara yang paling membantu:\n1. Pilih satu saiz lebih kecil\n" in text
    assert "2 cara yang paling membantu:\n1. Tutup dan buka" in ms(
        "education_day2", "SPEAKER-MINI", "2026-11-11")
    # Day 7 with neither care tips nor several steps promises no tips.
    text = ms("education_day7", "TUMBLER", "2026-11-16")
    assert text.startswith("Hai mia.r, sudah seminggu anda menggunakan Tumbler Keluli. "
                           "Bagaimana setakat ini?\n")
    text = ms("education_day14", "SPEAKER-MINI", "2026-11-23")
    assert "Bateri akan mencapai tempoh penggunaan biasa" in text


def test_a_malay_catalog_entry_in_an_english_shop_is_sent_in_malay():
    products = catalog(**{"TUMBLER": {"name": "Tumbler Keluli", "category": "accessory",
                                      "locale": "ms"}})
    for stage in BUILTIN_NAMES:
        line = {"order_confirmation": NOT_SHIPPED, "label_created": NOT_SHIPPED,
                "in_transit": NOT_DELIVERED, "tracking_stalled": NOT_DELIVERED}.get(stage)
        template, text = render(stage, {"sku": "TUMBLER", **(line or {})},
                                today="2026-11-16", config="", products=products)
        assert template == f"messages/{stage}.ms.txt.j2"
        assert text.startswith(f"Hai {ORDER['buyer']}, ") and ENGLISH.findall(text) == [], \
            stage
