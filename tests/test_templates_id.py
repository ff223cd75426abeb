"""The Indonesian message templates (``<stage>.id.txt.j2``): a shop with ``shop.market: id``
and no ``shop.locale`` sends every stage in Indonesian, its days and counts said the way a
buyer there reads them, and every text passes the policy lint for that market."""

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

SHOP_ID = "shop: {market: id, name: Toko Rumah Kita}"
# An Indonesian shop's catalog, written in Indonesian: no word of its messages is English.
PRODUK = catalog(
    **{
        "SABUN-LAV": {
            "name": "Sabun Lavender", "category": "consumable", "processing_days": 1,
            "in_the_box": ["2 batang sabun", "Kantong sabun katun"],
            "quick_start": ["Basahi sabun dan kantongnya", "Gosok sampai berbusa 20 detik",
                            "Keringkan sabun di tempat sabun yang berlubang"],
            "common_issue": "Sabun cepat lembek di kamar mandi",
            "fixes": ["Jauhkan dari pancuran air", "Pakai tempat sabun yang berlubang",
                      "Potong sabun jadi dua dan pakai setengahnya dulu"],
            "care_tips": "Simpan sabun cadangan di tempat yang sejuk dan kering.",
            "usage_cycle_days": 30,
        },
        "SPEAKER-MINI": {
            "name": "Speaker Bluetooth Mini", "category": "device", "processing_days": 2,
            "in_the_box": ["Speaker", "Kabel USB-C", "Tali gantungan"],
            "quick_start": ["Isi daya sampai lampunya putih", "Tekan tombol daya 3 detik",
                            "Pilih MiniSpeaker di daftar Bluetooth HP"],
            "common_issue": "Speaker tidak muncul di daftar Bluetooth",
            "fixes": ["Matikan lalu nyalakan lagi Bluetooth HP",
                      "Tekan tombol daya 10 detik untuk reset"],
            "care_tips": "Isi dayanya minimal sebulan sekali, walaupun jarang dipakai.",
            "checkin": True,
        },
        "KAOS": {"name": "Kaos Katun Polos", "category": "apparel",
                 "common_issue": "Ukurannya agak panjang",
                 "fixes": ["Pilih satu ukuran lebih kecil"]},
        "TUMBLER": {"name": "Tumbler Stainless", "category": "accessory",
                    "in_the_box": ["Tumbler", "Tutup anti tumpah"]},
        "DUPA": {"name": "Dupa Gaharu", "category": "other", "processing_days": 0},
        "SAMBAL": {"name": "Sambal Bawang", "category": "consumable", "locale": "id"},
    })
JNT = {"carrier": "J&T Express", "tracking_id": "JX1234567890"}


def render(stage: str, *lines: dict, today: str, config: str = SHOP_ID,
           sku: str | None = None) -> tuple[str, str]:
    """(template used, text) of one stage for an order of ``lines`` (ORDER's times, read
    as Jakarta wall-clock times, as the loaders give an Indonesian shop's export);
    ``sku``: the line a replenishment message is about."""
    s = settings(config)
    frame = orders(*({**ORDER, **JNT, "product_name": PRODUK[line["sku"]].name, **line}
                     for line in lines), tz="Asia/Jakarta")
    buyer = lines[0].get("buyer", ORDER["buyer"])
    m = DueMessage(message_id=message_id(ORDER["order_id"], stage, sku), stage=stage,
                   order_id=ORDER["order_id"], sku=sku, buyer=buyer,
                   due_date=date.fromisoformat(today), last_date=date.fromisoformat(today),
                   template=stage, priority=0, skus=(sku,) if sku else ())
    ctx = message_contexts([m], frame, catalog=PRODUK, settings=s,
                           as_of=date.fromisoformat(today))[0]
    rendered = MessageRenderer(s).render(m, ctx)
    return rendered.template, rendered.text


def text(stage: str, *lines: dict, today: str, sku: str | None = None) -> str:
    return render(stage, *lines, today=today, sku=sku)[1]


SABUN = {"sku": "SABUN-LAV"}
SPEAKER = {"sku": "SPEAKER-MINI"}
KAOS = {"sku": "KAOS"}
TUMBLER = {"sku": "TUMBLER"}
DUPA = {"sku": "DUPA"}

CASES_ID = [
    # stage (the golden file's name), line, today, the line a message is about
    ("order_confirmation", {**SABUN, **NOT_SHIPPED, "variation": "Lavender, isi 2"},
     "2026-11-02", None),
    ("label_created", {**SABUN, **NOT_SHIPPED}, "2026-11-03", None),
    ("in_transit", {**SPEAKER, **NOT_DELIVERED}, "2026-11-04", None),
    ("tracking_stalled", {**SABUN, **NOT_DELIVERED}, "2026-11-11", None),
    ("delivery_day", SPEAKER, "2026-11-09", None),
    ("support_checkin", SPEAKER, "2026-11-12", None),
    ("education_day2", SPEAKER, "2026-11-11", None),
    ("education_day7", SABUN, "2026-11-16", None),
    ("education_day14", SABUN, "2026-11-23", None),
    ("review_request", SPEAKER, "2026-11-16", None),  # a device: .id beats .device
    ("review_reminder", TUMBLER, "2026-11-23", None),
    ("replenishment", {**SABUN, "quantity": 2}, "2026-11-30", "SABUN-LAV"),
]
# English a buyer in Indonesia would see if a text fell back to the English templates
# ("November", "label", "tips", "update" and "scan" are Indonesian words too).
ENGLISH = re.compile(r"\b(?:hi|there|your|you|the|and|orders?|thanks|business|days?|today|"
                     r"yesterday|tracking|reply|here|with|getting|started|reviews?|steps?|"
                     r"mon|tue|wed|thu|fri|sat|sun)\b", re.IGNORECASE)


def test_every_shipped_stage_has_an_indonesian_variant():
    folder = templates_dir() / "messages"
    assert [n for n in BUILTIN_NAMES if not (folder / f"{n}.id.txt.j2").is_file()] == []
    assert {c[0] for c in CASES_ID} == set(BUILTIN_NAMES)


def test_an_indonesian_market_writes_in_indonesian_without_a_locale():
    assert settings(SHOP_ID).shop.locale == "id"


@pytest.mark.parametrize(("stage", "line", "today", "sku"), CASES_ID,
                         ids=[c[0] for c in CASES_ID])
def test_an_indonesian_shop_sends_every_stage_in_indonesian(golden, stage, line, today, sku):
    template, body = render(stage, line, today=today, sku=sku)
    assert template == f"messages/{stage}.id.txt.j2"
    golden(f"messages/id/{stage}.txt", f"# {template}\n{body}")
    assert body.startswith("Halo Kak mia.r, ")
    assert body.splitlines()[-1] == "Toko Rumah Kita"
    assert ENGLISH.findall(body) == []
    assert "None" not in body and "{{" not in body and "\n\n\n" not in body
    assert " ." not in body and " ," not in body and "  " not in body
    assert [f.format() for f in lint_text(body, path=stage, market="id")] == []


def test_an_indonesian_catalog_entry_in_an_english_shop_gets_indonesian():
    shop_us = "shop: {name: Toko Rumah Kita}"
    template, body = render("delivery_day", {"sku": "SAMBAL"}, today="2026-11-09",
                            config=shop_us)
    assert template == "messages/delivery_day.id.txt.j2"
    assert body.startswith("Halo Kak mia.r, menurut info pelacakan, Sambal Bawang pesanan "
                           "Kakak sudah sampai hari ini.\n")
    # The shop's other products stay in English.
    assert render("delivery_day", TUMBLER, today="2026-11-09",
                  config=shop_us)[1].startswith("Hi mia.r, ")


def test_a_buyer_with_no_name_is_still_greeted_politely():
    body = render("label_created", {**SABUN, **NOT_SHIPPED, "buyer": None},
                  today="2026-11-03")[1]
    assert body.startswith("Halo Kak, pesanan 576400000000000123 sudah dikemas")


def test_every_indonesian_template_passes_the_lint_for_its_market():
    folder = templates_dir() / "messages"
    for path in sorted(folder.glob("*.id.txt.j2")):
        source = path.read_text(encoding="utf-8")
        assert lint_text(source, path=path.name, market="id") == [], path.name


def test_the_ship_by_day_today_or_later():
    # Paid Mon Nov 2, 1 processing day: ships by Tue Nov 3.
    body = text("order_confirmation", {**SABUN, **NOT_SHIPPED}, today="2026-11-02")
    assert ("Pesanan kami kemas dalam 1 hari kerja, jadi paket Kakak dikirim paling lambat "
            "Selasa, 3 November.") in body
    assert "Sambil menunggu, ini cara mulai pakai Sabun Lavender:\n1. Basahi sabun" in body
    # Sent on the ship-by day itself: "hari ini", no day in the past.
    body = text("order_confirmation", {**SABUN, **NOT_SHIPPED}, today="2026-11-03")
    assert "jadi paket Kakak dikirim hari ini." in body and "3 November" not in body
    # Packed the same business day.
    body = text("order_confirmation", {**DUPA, **NOT_SHIPPED}, today="2026-11-02")
    assert ("Pesanan kami kemas di hari kerja yang sama, jadi paket Kakak dikirim hari "
            "ini.") in body
    assert "0 hari" not in body and "Sambil menunggu" not in body  # no quick start
    # 2 processing days from Mon: Wed Nov 4.
    body = text("order_confirmation", {**SPEAKER, **NOT_SHIPPED}, today="2026-11-02")
    assert "dalam 2 hari kerja, jadi paket Kakak dikirim paling lambat Rabu, 4 November." \
        in body


def test_the_order_list_shows_each_line_with_its_quantity_above_one():
    body = text("order_confirmation", {**SABUN, **NOT_SHIPPED, "quantity": 3},
                {**SPEAKER, **NOT_SHIPPED, "variation": "Hitam"},
                {**KAOS, **NOT_SHIPPED, "return_type": "cancel"}, today="2026-11-02")
    assert "Pesanan Kakak:\n- 3 x Sabun Lavender\n- Speaker Bluetooth Mini (Hitam)\n\n" in body
    assert "Kaos" not in body


def test_transit_and_stalled_tracking_say_their_days_in_indonesian():
    # Scanned Wed Nov 4: 2 to 5 business days, Fri Nov 6 to Wed Nov 11.
    body = text("in_transit", {**SPEAKER, **NOT_DELIVERED}, today="2026-11-04")
    assert ("Biasanya paket sampai dalam 2 sampai 5 hari kerja, jadi perkiraan tiba antara "
            "Jumat, 6 November dan Rabu, 11 November.") in body
    assert "Nomor resi: JX1234567890 (bisa dilihat juga di halaman pesanan)." in body
    body = text("tracking_stalled", {**SABUN, **NOT_DELIVERED}, today="2026-11-11")
    assert ("Paket sudah kami serahkan ke J&T Express pada Rabu, 4 November, dan sejak itu "
            "belum ada scan baru.") in body
    body = text("tracking_stalled", {**SABUN, **NOT_SHIPPED, "carrier": None},
                today="2026-11-06")
    assert ("Label pengirimannya sudah dibuat pada Selasa, 3 November, tapi paketnya belum "
            "di-scan oleh kurir. Kami sedang menindaklanjutinya dengan kurir supaya") in body


def test_delivery_day_says_today_yesterday_or_the_day():
    # Delivered Mon Nov 9.
    assert ("menurut info pelacakan, Tumbler Stainless pesanan Kakak sudah sampai hari "
            "ini.\n") in text("delivery_day", TUMBLER, today="2026-11-09")
    assert "Tumbler Stainless pesanan Kakak sudah sampai kemarin.\n" in \
        text("delivery_day", TUMBLER, today="2026-11-10")
    body = text("delivery_day", TUMBLER, today="2026-11-11")
    assert "Tumbler Stainless pesanan Kakak sudah sampai pada Senin, 9 November.\n" in body
    # No quick start: the three general steps, with what is in the box.
    assert ("Tiga langkah untuk mulai:\n1. Cek dulu isi paketnya sudah lengkap: Tumbler, "
            "Tutup anti tumpah.\n2. Baca kartu") in body
    body = text("delivery_day", SPEAKER, today="2026-11-09")
    assert "Cara mulai pakainya:\n1. Isi daya sampai lampunya putih\n" in body
    assert "Tiga langkah" not in body


def test_a_message_about_several_products_names_each():
    body = text("delivery_day", SABUN, DUPA, today="2026-11-10")
    assert body.startswith("Halo Kak mia.r, menurut info pelacakan, Sabun Lavender dan Dupa "
                           "Gaharu pesanan Kakak sudah sampai kemarin.\n")
    # The steps are the soap's, and say so.
    assert "Cara mulai pakai Sabun Lavender:\n1. Basahi sabun" in body
    body = text("support_checkin", SABUN, DUPA, SPEAKER, {**SPEAKER, "variation": "Merah"},
                today="2026-11-12")
    assert ("kami mau tanya kabar Sabun Lavender, Dupa Gaharu, dan Speaker Bluetooth Mini "
            "pesanan Kakak. Semuanya sudah lancar dipakai?\n") in body
    # Each product's tips once, though the speaker is on two lines.
    assert body.count("Yang sering ditanyakan soal Speaker Bluetooth Mini: Speaker tidak "
                      "muncul di daftar Bluetooth.\nBiasanya beres dengan cara ini:\n- ") == 1
    one = text("support_checkin", SPEAKER, today="2026-11-12")
    assert "kabar Speaker Bluetooth Mini pesanan Kakak. Sudah lancar dipakai?\n" in one


def test_counts_and_days_read_right():
    body = text("replenishment", {**SABUN, "quantity": 2}, today="2026-11-30", sku="SABUN-LAV")
    assert ("kalau Kakak rutin memakai Sabun Lavender, sepertinya sekarang persediaannya "
            "sudah mulai menipis (Kakak pesan 2).\n") in body
    assert "Biasanya satu cukup untuk sekitar 30 hari, jadi" in body
    one = text("replenishment", SABUN, today="2026-11-30", sku="SABUN-LAV")
    assert "menipis.\n" in one and "Kakak pesan" not in one
    # A review request on the day of delivery never says "0 hari".
    assert "Halo Kak mia.r, Tumbler Stainless Kakak baru saja sampai." in \
        text("review_request", TUMBLER, today="2026-11-09")
    assert "Halo Kak mia.r, sudah 7 hari Kakak pakai Tumbler Stainless." in \
        text("review_request", TUMBLER, today="2026-11-16")
    body = text("education_day2", KAOS, today="2026-11-11")
    assert "Cara yang paling membantu:\n1. Pilih satu ukuran lebih kecil" in body
    assert "Ini 2 cara yang paling membantu:\n" in text("education_day2", SPEAKER,
                                                        today="2026-11-11")
    body = text("education_day7", TUMBLER, today="2026-11-16")  # no care tips or steps
    assert "sudah seminggu Kakak pakai Tumbler Stainless. Bagaimana, sejauh ini cocok?\n" \
        in body and "tips" not in body
