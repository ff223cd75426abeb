"""Every shipped message template, rendered for a real-looking order: golden files, the
policy lint, category and locale variants, and a missing field as a clear error."""

from __future__ import annotations

import re
from datetime import date

import pytest
from timeline_frames import catalog, orders, settings

from cx_cli.engines.lint import lint_text
from cx_cli.engines.message_context import message_contexts
from cx_cli.engines.timeline import DueMessage
from cx_cli.errors import TemplateError
from cx_cli.io.ledger import message_id
from cx_cli.render.messages import MessageRenderer
from cx_cli.resources import templates_dir

PRODUCTS = catalog(
    **{
        "SOAP-LAV": {
            "name": "Lavender Oat Soap Bar", "category": "consumable", "processing_days": 1,
            "in_the_box": ["2 soap bars", "Cotton soap bag"],
            "quick_start": ["Wet the bar and the soap bag", "Lather for 20 seconds",
                            "Let the bar dry on a drained dish"],
            "common_issue": "The bar goes soft in the shower",
            "fixes": ["Keep it out of the water stream", "Use a draining dish",
                      "Cut the bar in half and use one half at a time"],
            "care_tips": "Store spare bars somewhere cool and dry.",
            "usage_cycle_days": 30,
        },
        "TEE-CLASSIC": {
            "name": "Classic Cotton Tee", "category": "apparel",
            "quick_start": ["Wash cold before first wear", "Tumble dry low"],
            "common_issue": "Runs slightly long", "fixes": ["Size down for a cropped fit"],
            "care_tips": "Wash inside out with similar colours.",
        },
        "SPEAKER-MINI": {
            "name": "Mini Bluetooth Speaker", "category": "device", "processing_days": 2,
            "in_the_box": ["Speaker", "USB-C cable", "Lanyard"],
            "quick_start": ["Charge until the light turns white", "Hold power for 3 seconds",
                            "Pick 'MiniSpeaker' in your phone's Bluetooth list"],
            "common_issue": "It does not show up in the Bluetooth list",
            "fixes": ["Turn Bluetooth off and on", "Hold power for 10 seconds to reset"],
            "care_tips": "Charge it at least once a month, even when unused.",
            "checkin": True,
        },
        "TOTE-ES": {"name": "Bolsa de lona", "category": "accessory", "locale": "es"},
        "MUG-STEEL": {"name": "Insulated Travel Mug", "category": "accessory",
                      "in_the_box": ["Mug", "Spill-proof lid"]},
        "CARD-SET": {"name": "Letterpress Card Set", "category": "other",
                     "processing_days": 0},
    })

ORDER = {"order_id": "576400000000000123", "buyer": "mia.r", "quantity": 1,
         "created_at": "2026-11-02 10:00", "paid_at": "2026-11-02 10:05",
         "rts_at": "2026-11-03 15:00", "shipped_at": "2026-11-04 11:00",
         "delivered_at": "2026-11-09 13:00", "tracking_id": "9400111206212345678901",
         "carrier": "USPS"}


def render(stage: str, sku: str, *, today: str, config: str = "",
           line: dict | None = None, products=PRODUCTS) -> tuple[str, str]:
    """(template used, text) for one stage of a one-line order of ``sku``."""
    s = settings(config)
    lines = orders({**ORDER, "sku": sku, "product_name": products[sku].name, **(line or {})})
    per_line = stage == "replenishment"
    m = DueMessage(message_id=message_id(ORDER["order_id"], stage, sku if per_line else None),
                   stage=stage, order_id=ORDER["order_id"], sku=sku if per_line else None,
                   buyer="mia.r", due_date=date.fromisoformat(today),
                   last_date=date.fromisoformat(today), template=stage, priority=0,
                   skus=(sku,))
    ctx = message_contexts([m], lines, catalog=products, settings=s,
                           as_of=date.fromisoformat(today))[0]
    rendered = MessageRenderer(s).render(m, ctx)
    return rendered.template, rendered.text


NOT_SHIPPED = {"shipped_at": None, "delivered_at": None}
NOT_DELIVERED = {"delivered_at": None}

CASES = [
    # golden name, stage, sku, today, order overrides
    ("order_confirmation", "order_confirmation", "SOAP-LAV", "2026-11-02",
     {**NOT_SHIPPED, "variation": "Lavender, 2 pack"}),
    ("label_created", "label_created", "SOAP-LAV", "2026-11-03", NOT_SHIPPED),
    ("in_transit", "in_transit", "SPEAKER-MINI", "2026-11-04", NOT_DELIVERED),
    ("tracking_stalled", "tracking_stalled", "SOAP-LAV", "2026-11-11", NOT_DELIVERED),
    ("tracking_stalled.label", "tracking_stalled", "SOAP-LAV", "2026-11-06", NOT_SHIPPED),
    ("delivery_day", "delivery_day", "SPEAKER-MINI", "2026-11-09", {}),
    ("delivery_day.no_quick_start", "delivery_day", "MUG-STEEL", "2026-11-09", {}),
    ("support_checkin", "support_checkin", "SPEAKER-MINI", "2026-11-12", {}),
    ("review_request", "review_request", "MUG-STEEL", "2026-11-16", {}),
    ("review_request.consumable", "review_request", "SOAP-LAV", "2026-11-19", {}),
    ("review_request.apparel", "review_request", "TEE-CLASSIC", "2026-11-14",
     {"variation": "White, M"}),
    ("review_request.device", "review_request", "SPEAKER-MINI", "2026-11-16", {}),
    ("review_request.es", "review_request", "TOTE-ES", "2026-11-16", {}),
    ("review_reminder", "review_reminder", "SPEAKER-MINI", "2026-11-23", {}),
    ("replenishment", "replenishment", "SOAP-LAV", "2026-11-30", {"quantity": 2}),
    ("education_day2", "education_day2", "SPEAKER-MINI", "2026-11-11", {}),
    ("education_day7", "education_day7", "SOAP-LAV", "2026-11-16", {}),
    ("education_day14", "education_day14", "TEE-CLASSIC", "2026-11-23", {}),
]


@pytest.mark.parametrize(("name", "stage", "sku", "today", "line"), CASES,
                         ids=[c[0] for c in CASES])
def test_rendered_template_matches_golden_and_passes_the_lint(golden, name, stage, sku,
                                                              today, line):
    template, text = render(stage, sku, today=today, line=line)
    golden(f"messages/{name}.txt", f"# {template}\n{text}")
    assert "None" not in text and "{{" not in text
    assert [f.format() for f in lint_text(text, path=name)] == []


def test_variants_by_category_and_locale_language_first():
    assert render("review_request", "SPEAKER-MINI", today="2026-11-16")[0] == \
        "messages/review_request.device.txt.j2"
    assert render("review_request", "TOTE-ES", today="2026-11-16")[0] == \
        "messages/review_request.es.txt.j2"
    # A Spanish shop gets the Spanish text even for a consumable: language beats type.
    shop_es = "shop: {locale: es}"
    assert render("review_request", "SOAP-LAV", today="2026-11-19", config=shop_es)[0] == \
        "messages/review_request.es.txt.j2"
    assert render("delivery_day", "TOTE-ES", today="2026-11-09")[0] == \
        "messages/delivery_day.es.txt.j2"


def test_steps_the_seller_numbered_show_one_number():
    numbered = catalog(**{"SPEAKER-MINI": {
        "name": "Mini Bluetooth Speaker", "category": "device",
        "quick_start": ["1. Charge until the light turns white", "Step 2: Hold power",
                        "3) Pick it in your Bluetooth list"]}})
    text = render("delivery_day", "SPEAKER-MINI", today="2026-11-09", products=numbered)[1]
    confirmation = render("order_confirmation", "SPEAKER-MINI", today="2026-11-02",
                          line=NOT_SHIPPED, products=numbered)[1]
    day7 = render("education_day7", "SPEAKER-MINI", today="2026-11-16", products=numbered)[1]
    steps = ("1. Charge until the light turns white\n2. Hold power\n"
             "3. Pick it in your Bluetooth list\n")
    assert steps in text and steps in confirmation
    assert "revisit this step: Pick it in your Bluetooth list." in day7


def test_replenishment_text_leaves_out_a_refunded_lines_units_as_its_due_date_does():
    """Two variations of SOAP-LAV on one order: 2 units kept, 1 unit refunded. The
    message is due 0.7 x 30 days x 2 units = 42 days after delivery (11-09 + 42 =
    12-21), and says "(you ordered 2)", not 3."""
    from cx_cli.engines.timeline import due_messages

    s = settings("messages: {max_per_buyer_per_day: 0}")
    line = {**ORDER, "sku": "SOAP-LAV", "product_name": PRODUCTS["SOAP-LAV"].name}
    lines = orders({**line, "sku_id": "1", "quantity": 2},
                   {**line, "sku_id": "2", "quantity": 1, "return_type": "refund_only"})
    today = date(2026, 12, 21)
    due = [m for m in due_messages(lines, settings=s, as_of=today, catalog=PRODUCTS)
           if m.stage == "replenishment"]
    assert [(m.sku, m.due_date) for m in due] == [("SOAP-LAV", today)]
    ctx = message_contexts(due, lines, catalog=PRODUCTS, settings=s, as_of=today)[0]
    text = MessageRenderer(s).render(due[0], ctx).text
    assert "near the end of them (you ordered 2)." in text


def test_every_shipped_message_template_passes_the_lint():
    folder = templates_dir() / "messages"
    names = sorted(p.name for p in folder.glob("*.txt.j2"))
    assert len(names) >= 16
    for path in folder.glob("*.txt.j2"):
        assert lint_text(path.read_text(encoding="utf-8"), path=path.name) == [], path.name


def test_a_template_for_every_stage():
    from cx_cli.engines.stages import BUILTIN_NAMES

    folder = templates_dir() / "messages"
    for name in BUILTIN_NAMES:
        assert (folder / f"{name}.txt.j2").is_file(), name
    for variant in ("consumable", "apparel", "device", "es"):
        assert (folder / f"review_request.{variant}.txt.j2").is_file()


def test_missing_field_names_the_template_and_the_field(tmp_path):
    own = tmp_path / "templates" / "messages"
    own.mkdir(parents=True)
    (own / "delivery_day.txt.j2").write_text("Hi, your {{ product.warranty_years }} years\n")
    with pytest.raises(TemplateError) as err:
        render("delivery_day", "SOAP-LAV", today="2026-11-09",
               config=f"templates: {tmp_path / 'templates'}")
    assert "messages/delivery_day.txt.j2" in err.value.message
    assert "product.warranty_years" in err.value.message


def test_a_template_saved_with_a_byte_order_mark_sends_no_invisible_character(tmp_path):
    # Notepad's "UTF-8" starts the file with U+FEFF: it must not open every message.
    own = tmp_path / "templates" / "messages"
    own.mkdir(parents=True)
    (own / "delivery_day.txt.j2").write_bytes(
        "\ufeffHi {{ order.buyer }}, your order arrived.\n".encode())
    template, text = render("delivery_day", "SOAP-LAV", today="2026-11-09",
                            config=f"templates: {tmp_path / 'templates'}")
    assert template == "messages/delivery_day.txt.j2"
    assert text.startswith("Hi mia.r, your order arrived.")
    assert "\ufeff" not in text


def test_message_lint_checks_paragraphs_and_skips_platform_fields():
    from cx_cli.render.messages import MessageLint

    lint = MessageLint(settings())
    text = ("Hi whatsapp.jo, your order 576400000000000123 shipped.\n\n"
            "Thanks again.\n\nLeave a 5-star review and get a free gift.\n")
    found = lint(text, path="m1", platform_fields=("whatsapp.jo",
                                                   "576400000000000123", None))
    assert {f.code for f in found} >= {"CX101", "CX102"}
    assert {f.line for f in found} == {5} and {f.path for f in found} == {"m1"}
    # The same paragraphs again come from memory, with this message's path.
    again = lint(text.replace("whatsapp.jo", "bo"), path="m2",
                 platform_fields=("bo", "576400000000000123", None))
    assert [(f.code, f.line) for f in again] == [(f.code, f.line) for f in found]
    # Without the placeholders, the buyer's handle would read as a phone number.
    assert "CX201" in {f.code for f in lint_text(text, path="raw")}


def test_replenishment_of_a_seller_sku_on_two_lines_counts_both_lines_units():
    # Two variations sharing the seller SKU, one unit each: one message, about 2 units.
    s = settings()
    line = {**ORDER, "sku": "SOAP-LAV", "product_name": PRODUCTS["SOAP-LAV"].name}
    lines = orders({**line, "sku_id": "1"}, {**line, "sku_id": "2"})
    m = DueMessage(message_id=message_id(ORDER["order_id"], "replenishment", "SOAP-LAV"),
                   stage="replenishment", order_id=ORDER["order_id"], sku="SOAP-LAV",
                   buyer="mia.r", due_date=date(2026, 12, 21), last_date=date(2026, 12, 28),
                   template="replenishment", priority=8, skus=("SOAP-LAV",))
    ctx = message_contexts([m], lines, catalog=PRODUCTS, settings=s,
                           as_of=date(2026, 12, 21))[0]
    text = MessageRenderer(s).render(m, ctx).text
    assert "(you ordered 2)" in text


# --- what a buyer reads --------------------------------------------------------------------

def render_order(stage: str, *lines: dict, today: str, config: str = "",
                 skus: tuple[str, ...] = (), buyer: str | None = "mia.r",
                 products=PRODUCTS) -> str:
    """The text of one stage for an order of several ``lines`` (ORDER's times)."""
    s = settings(config)
    frame = orders(*({**ORDER, "buyer": buyer, **line} for line in lines))
    m = DueMessage(message_id=message_id(ORDER["order_id"], stage, None), stage=stage,
                   order_id=ORDER["order_id"], sku=None, buyer=buyer,
                   due_date=date.fromisoformat(today), last_date=date.fromisoformat(today),
                   template=stage, priority=0, skus=skus)
    ctx = message_contexts([m], frame, catalog=products, settings=s,
                           as_of=date.fromisoformat(today))[0]
    return MessageRenderer(s).render(m, ctx).text


SOAP_LINE = {"sku": "SOAP-LAV", "product_name": "Lavender Oat Soap Bar, 2 Pack, Handmade",
             **NOT_SHIPPED}
SPEAKER_LINE = {"sku": "SPEAKER-MINI", "product_name": "Mini Bluetooth Speaker", **NOT_SHIPPED}


def test_order_list_shows_counts_only_above_one_and_no_cancelled_line():
    text = render_order(
        "order_confirmation",
        {**SOAP_LINE, "quantity": 3, "variation": "2 pack"},
        {**SPEAKER_LINE, "variation": "Black"},
        {**SPEAKER_LINE, "variation": "Red", "return_type": "cancel"},
        today="2026-11-02")
    listed = text.split("You ordered:\n")[1].split("\n\n")[0]
    # The listing's title as the order page shows it; a variation it already names is
    # not repeated; "x 1" is never written.
    assert listed == ("- 3 x Lavender Oat Soap Bar, 2 Pack, Handmade\n"
                      "- Mini Bluetooth Speaker (Black)")
    assert "x 1" not in text and "Red" not in text


def test_same_day_dispatch_and_a_passed_ship_by_day_are_said_plainly():
    cards = {"sku": "CARD-SET", "product_name": "Letterpress Card Set", **NOT_SHIPPED}
    # Paid Mon Nov 2, packed the same business day, the message sent that day.
    text = render_order("order_confirmation", cards, today="2026-11-02")
    assert "We pack orders the same business day, so yours should leave us today." in text
    assert "0 business day" not in text
    # Sent the next day (the last of its window): no "by Mon, Nov 2" in the past.
    text = render_order("order_confirmation", cards, today="2026-11-03")
    assert "leave us today" in text and "Nov 2" not in text
    # Paid on a Saturday with 1 processing day: by Monday (as the platform counts).
    sat = {**cards, "sku": "SOAP-LAV", "product_name": "Lavender Oat Soap Bar"}
    text = render_order("order_confirmation", {**sat, "paid_at": "2026-11-07 10:00"},
                        today="2026-11-07")
    assert "within 1 business day, so yours should leave us by Mon, Nov 9." in text


def test_delivery_day_says_when_it_was_delivered_and_names_every_item():
    soap = {**SOAP_LINE, "shipped_at": ORDER["shipped_at"], "delivered_at": ORDER["delivered_at"]}
    tee = {"sku": "TEE-CLASSIC", "product_name": "Classic Cotton Tee, Crew Neck"}
    # Delivered Mon Nov 9; sent on the last day of the window, Tue Nov 10.
    text = render_order("delivery_day", soap, tee, today="2026-11-10")
    assert text.startswith("Hi mia.r, the tracking shows your Lavender Oat Soap Bar and "
                           "Classic Cotton Tee as delivered yesterday.\n")
    # The steps are the soap's: said so, and never "three steps" for two.
    assert "Getting started with your Lavender Oat Soap Bar:\n1. Wet the bar" in text
    text = render_order("delivery_day", tee, today="2026-11-09")
    assert "your Classic Cotton Tee as delivered today." in text
    assert "three steps" not in text and "Getting started:\n1. Wash cold" in text


def test_messages_name_the_product_as_the_catalog_does():
    # The export's listing title is long; the catalog's name is what a person would say.
    line = {**SOAP_LINE, "product_name": "Lavender Oat Soap Bar, 2 Pack, Handmade, Vegan",
            "shipped_at": ORDER["shipped_at"], "delivered_at": ORDER["delivered_at"]}
    text = render_order("review_request", line, today="2026-11-19")
    assert "you've had your Lavender Oat Soap Bar for 10 days now." in text
    # A SKU the catalog does not have is named by its listing title, not its code.
    ghost = {**line, "sku": "GHOST-9", "product_name": "Cork Coasters"}
    assert "your Cork Coasters for 10 days now" in render_order("review_request", ghost,
                                                               today="2026-11-19")


def test_a_review_request_on_the_day_of_delivery_never_says_0_days():
    line = {"sku": "MUG-STEEL", "product_name": "Insulated Travel Mug"}
    text = render_order("review_request", line, today="2026-11-09")
    assert "your Insulated Travel Mug has just arrived." in text and "0 day" not in text
    es = {"sku": "TOTE-ES", "product_name": "Bolsa de lona"}
    assert "acabas de recibir tu Bolsa de lona." in render_order("review_request", es,
                                                                 today="2026-11-09")
    assert "ya llevas 1 día con tu Bolsa de lona." in render_order("review_request", es,
                                                                  today="2026-11-10")


def test_support_checkin_on_two_products_reads_as_two():
    speaker = {**SPEAKER_LINE, "shipped_at": ORDER["shipped_at"],
               "delivered_at": ORDER["delivered_at"]}
    soap = {**speaker, "sku": "SOAP-LAV", "product_name": "Lavender Oat Soap Bar"}
    text = render_order("support_checkin", speaker, soap, {**speaker, "variation": "Red"},
                        today="2026-11-12", skus=("SPEAKER-MINI", "SOAP-LAV"))
    assert text.startswith("Hi mia.r, checking in on your Mini Bluetooth Speaker and "
                           "Lavender Oat Soap Bar. How are they working out so far?\n")
    # Each product's tips once, though the speaker is on two lines.
    assert text.count("Something we often hear about the Mini Bluetooth Speaker") == 1
    one = render_order("support_checkin", speaker, today="2026-11-12",
                       skus=("SPEAKER-MINI",))
    assert "How is it working out so far?" in one


def test_education_messages_promise_only_what_they_give():
    mug = {"sku": "MUG-STEEL", "product_name": "Insulated Travel Mug",
           "delivered_at": ORDER["delivered_at"]}
    text = render_order("education_day7", mug, today="2026-11-16")
    assert "tips" not in text.split("\n")[0]  # the mug has no care tips or steps
    tee = {"sku": "TEE-CLASSIC", "product_name": "Classic Cotton Tee"}
    text = render_order("education_day2", tee, today="2026-11-11")
    assert "Top 1 fixes" not in text
    assert "The fix that helps most:\n1. Size down for a cropped fit" in text


def test_a_spanish_buyer_gets_the_reminder_in_spanish_too():
    tote = {"sku": "TOTE-ES", "product_name": "Bolsa de lona"}
    text = render_order("review_reminder", tote, today="2026-11-23",
                        config="shop: {name: \"Mia's Home & Co\"}")
    assert text.startswith("Hola mia.r, un último mensaje sobre tu Bolsa de lona:")
    assert "Hi " not in text and "review" not in text
    assert text.endswith("\nMia's Home & Co\n")  # as written: no &amp; or &#39;


def test_every_message_signs_off_the_same_way():
    for name, stage, sku, today, line in CASES:
        text = render(stage, sku, today=today, line=line)[1]
        assert text.splitlines()[-1] == "My TikTok Shop", name
        assert "\n\n\n" not in text and " ." not in text and " ," not in text, name


def test_a_line_cancelled_after_the_day_is_still_in_that_days_order_list():
    """A backfill of 11-02 (the paid day): the mug line the export now marks Cancel was
    cancelled on 11-05, so that day's confirmation listed it, as the timeline (which
    counts the line as live until its Cancelled Time) and that day's run did."""
    from cx_cli.engines.timeline import due_messages

    s = settings("messages: {max_per_buyer_per_day: 0}")
    lines = orders({**ORDER, "sku": "TEE-CLASSIC", "product_name": "Classic Cotton Tee"},
                   {**ORDER, "sku": "MUG-STEEL", "product_name": "Insulated Travel Mug",
                    "return_type": "cancel", "cancelled_at": "2026-11-05 09:00"},
                   # a line with no return type at all (an empty cell) reads as live
                   {**ORDER, "sku": "CARD-SET", "product_name": "Letterpress Card Set",
                    "return_type": None})
    today = date(2026, 11, 2)
    due = [m for m in due_messages(lines, settings=s, as_of=today, catalog=PRODUCTS)
           if m.stage == "order_confirmation"]
    assert len(due) == 1
    ctx = message_contexts(due, lines, catalog=PRODUCTS, settings=s, as_of=today)[0]
    text = MessageRenderer(s).render(due[0], ctx).text
    assert ("You ordered:\n- Classic Cotton Tee\n- Insulated Travel Mug\n"
            "- Letterpress Card Set\n") in text
    # On 11-05 and after, the mug line is cancelled and left out of a message's list.
    later = message_contexts(due, lines, catalog=PRODUCTS, settings=s,
                             as_of=date(2026, 11, 5))[0]
    assert [i["sku"] for i in later["items"]] == ["TEE-CLASSIC", "CARD-SET"]


# --- Spanish (a shop or catalog entry with locale "es") -------------------------------------

SHOP_MX = "shop: {market: mx, locale: es, name: Casa Mía}"
# A Mexican shop's catalog, written in Spanish: every word of its messages is Spanish.
PRODUCTOS = catalog(
    **{
        "JABON-LAV": {
            "name": "Jabón de lavanda", "category": "consumable", "processing_days": 1,
            "in_the_box": ["2 jabones", "Bolsita de algodón"],
            "quick_start": ["Moja el jabón y la bolsita", "Haz espuma 20 segundos",
                            "Deja secar el jabón en una jabonera"],
            "common_issue": "El jabón se ablanda en la regadera",
            "fixes": ["Déjalo fuera del chorro de agua", "Usa una jabonera con escurridor"],
            "care_tips": "Guarda los jabones de repuesto en un lugar fresco y seco.",
            "usage_cycle_days": 30,
        },
        "BOCINA-MINI": {
            "name": "Bocina Bluetooth mini", "category": "device", "processing_days": 2,
            "quick_start": ["Cárgala hasta que la luz se ponga blanca",
                            "Mantén presionado el botón 3 segundos"],
            "common_issue": "No aparece en la lista de Bluetooth",
            "fixes": ["Apaga y prende el Bluetooth", "Mantén presionado 10 segundos"],
            "checkin": True,
        },
        "PLAYERA": {"name": "Playera de algodón", "category": "apparel"},
        "TERMO": {"name": "Termo de acero", "category": "accessory"},
        "INCIENSO": {"name": "Incienso de copal", "category": "other"},
    })
CASES_ES = [
    # stage, sku, today, order overrides
    ("order_confirmation", "JABON-LAV", "2026-11-02", NOT_SHIPPED),
    ("label_created", "JABON-LAV", "2026-11-03", NOT_SHIPPED),
    ("in_transit", "BOCINA-MINI", "2026-11-04", NOT_DELIVERED),
    ("tracking_stalled", "JABON-LAV", "2026-11-11", NOT_DELIVERED),
    ("tracking_stalled", "JABON-LAV", "2026-11-06", NOT_SHIPPED),
    ("delivery_day", "BOCINA-MINI", "2026-11-11", {}),
    ("delivery_day", "TERMO", "2026-11-09", {}),
    ("support_checkin", "BOCINA-MINI", "2026-11-12", {}),
    ("replenishment", "JABON-LAV", "2026-11-30", {"quantity": 2}),
    ("education_day2", "BOCINA-MINI", "2026-11-11", {}),
    ("education_day7", "JABON-LAV", "2026-11-16", {}),
    ("education_day14", "PLAYERA", "2026-11-23", {}),
    ("review_request", "TERMO", "2026-11-16", {}),
    ("review_reminder", "TERMO", "2026-11-23", {}),
]
# English words a Spanish message must not show (the catalog above has none of them).
ENGLISH = re.compile(r"\b(?:hi|there|your|you|the|and|order|orders|thanks|business|days?|"
                     r"today|yesterday|tracking|label|created|reply|here|with|getting|"
                     r"started|review|tips|fixes|step|steps|mon|tue|wed|thu|fri|sat|sun|"
                     r"nov|november)\b", re.IGNORECASE)


@pytest.mark.parametrize(("stage", "sku", "today", "line"), CASES_ES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES_ES])
def test_a_spanish_shop_sends_every_stage_in_spanish(stage, sku, today, line):
    template, text = render(stage, sku, today=today, config=SHOP_MX, line=line,
                            products=PRODUCTOS)
    assert template == f"messages/{stage}.es.txt.j2"
    assert text.startswith("Hola mia.r, ")
    assert text.splitlines()[-1] == "Casa Mía"
    assert ENGLISH.findall(text) == []
    assert "None" not in text and "{{" not in text and "\n\n\n" not in text
    assert " ." not in text and " ," not in text and "  " not in text
    assert lint_text(text, path=stage, market="mx") == []


def test_a_mexican_shop_without_a_locale_writes_in_spanish():
    # shop.market: mx alone sent every message in English.
    template, text = render("in_transit", "TERMO", today="2026-11-04",
                            config="shop: {market: mx, name: Casa Mía}", products=PRODUCTOS)
    assert template == "messages/in_transit.es.txt.j2" and text.startswith("Hola mia.r, ")


def es(stage: str, sku: str, today: str, line: dict | None = None) -> str:
    return render(stage, sku, today=today, config=SHOP_MX, line=line, products=PRODUCTOS)[1]


def test_spanish_messages_say_their_dates_and_counts_in_spanish():
    # Paid Mon Nov 2, 1 processing day: ships by Tue Nov 3.
    text = es("order_confirmation", "JABON-LAV", "2026-11-02", NOT_SHIPPED)
    assert "Tu pedido:\n- Jabón de lavanda\n\n" in text
    assert ("Preparamos los pedidos en 1 día hábil, así que el tuyo debería salir a más "
            "tardar el martes 3 de noviembre.") in text
    assert "Mientras esperas, estos son los primeros pasos con tu Jabón de lavanda:\n" \
        "1. Moja el jabón y la bolsita\n" in text
    # 2 processing days, paid Mon: by Wed Nov 4; sent that day, "hoy".
    text = es("order_confirmation", "BOCINA-MINI", "2026-11-02",
              {**NOT_SHIPPED, "quantity": 2})
    assert "- 2 x Bocina Bluetooth mini\n" in text
    assert "en 2 días hábiles, así que el tuyo debería salir a más tardar el miércoles " \
        "4 de noviembre." in text
    text = es("order_confirmation", "BOCINA-MINI", "2026-11-04", NOT_SHIPPED)
    assert "debería salir hoy." in text
    # Scanned Wed Nov 4: 2 to 5 business days, Fri Nov 6 to Wed Nov 11.
    text = es("in_transit", "BOCINA-MINI", "2026-11-04", NOT_DELIVERED)
    assert ("La mayoría de los paquetes llegan en 2 a 5 días hábiles, así que espéralo "
            "entre el viernes 6 de noviembre y el miércoles 11 de noviembre.") in text
    assert "Número de rastreo: 9400111206212345678901 " in text
    text = es("tracking_stalled", "JABON-LAV", "2026-11-11", NOT_DELIVERED)
    assert "Entregamos el paquete a USPS el miércoles 4 de noviembre y" in text
    text = es("tracking_stalled", "JABON-LAV", "2026-11-06", NOT_SHIPPED)
    assert "La guía de envío se generó el martes 3 de noviembre, pero" in text
    # Delivered Mon Nov 9: "hoy", "ayer", then the day.
    assert "que tu Termo de acero se entregó hoy." in es("delivery_day", "TERMO", "2026-11-09")
    assert "se entregó ayer." in es("delivery_day", "TERMO", "2026-11-10")
    text = es("delivery_day", "TERMO", "2026-11-11")
    assert "que tu Termo de acero se entregó el lunes 9 de noviembre." in text
    assert "Para empezar, tres pasos:\n1. Revisa que venga todo en la caja.\n" in text
    text = es("replenishment", "JABON-LAV", "2026-11-30", {"quantity": 2})
    assert "puede que ya te quede poco (pediste 2)." in text
    assert "cada uno rinde unos 30 días" in text
    assert "(pediste" not in es("replenishment", "JABON-LAV", "2026-11-30")


def test_a_spanish_message_about_several_products_names_each():
    jabon = {"sku": "JABON-LAV", "product_name": "Jabón de lavanda"}
    incienso = {"sku": "INCIENSO", "product_name": "Incienso de copal"}
    termo = {"sku": "TERMO", "product_name": "Termo de acero"}
    text = render_order("delivery_day", jabon, incienso, today="2026-11-10", config=SHOP_MX,
                        products=PRODUCTOS)
    assert text.startswith("Hola mia.r, el rastreo indica que tu Jabón de lavanda y tu "
                           "Incienso de copal se entregaron ayer.\n")
    assert "Para empezar con tu Jabón de lavanda:\n1. Moja" in text
    text = render_order("support_checkin", jabon, incienso, termo, today="2026-11-12",
                        config=SHOP_MX, products=PRODUCTOS)
    assert text.startswith("Hola mia.r, queríamos saber cómo te va con tu Jabón de lavanda, "
                           "tu Incienso de copal y tu Termo de acero. ¿Te están funcionando "
                           "bien hasta ahora?\n")
    assert "Algo que nos cuentan seguido sobre tu Jabón de lavanda: El jabón se ablanda " \
        "en la regadera.\nLo que normalmente lo resuelve:\n- Déjalo fuera" in text
    one = render_order("support_checkin", jabon, today="2026-11-12", config=SHOP_MX,
                       products=PRODUCTOS)
    assert "con tu Jabón de lavanda. ¿Te está funcionando bien hasta ahora?" in one


def test_a_spanish_catalog_entry_in_an_english_shop_gets_every_stage_in_spanish():
    for stage, _, today, line in CASES_ES:
        template, text = render(stage, "TOTE-ES", today=today, line=line)
        assert template == f"messages/{stage}.es.txt.j2", stage
        assert text.startswith("Hola mia.r, ") and ENGLISH.findall(text) == [], stage
    # The English shop's other products stay in English.
    assert render("delivery_day", "MUG-STEEL", today="2026-11-09")[1].startswith("Hi mia.r")


def test_every_shipped_stage_template_has_a_spanish_variant():
    from cx_cli.engines.stages import BUILTIN_NAMES

    folder = templates_dir() / "messages"
    assert [n for n in BUILTIN_NAMES if not (folder / f"{n}.es.txt.j2").is_file()] == []


def test_a_stalled_parcel_with_no_label_day_names_no_empty_day():
    """Tracking that never left the label stage, with no ready-to-ship time in the
    export: the message says the label was created, not "created on ,"."""
    text = render_order("tracking_stalled", {**SOAP_LINE, "rts_at": None}, today="2026-11-06")
    assert "The shipping label was created, but the carrier has not scanned" in text
    assert " on ," not in text and " on  " not in text
