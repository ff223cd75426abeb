"""Policy lint: each rule's positions, suppression, market relaxation, config gating, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.config import parse_settings_file
from cx_cli.engines import lint_rules
from cx_cli.engines.lint import (
    Finding,
    lint_paths,
    lint_stage_config,
    lint_text,
    mask_markup,
    split_sentences,
    suppressions,
)
from cx_cli.errors import CxError

runner = CliRunner()


def codes(text: str, **kw) -> list[str]:
    return [f.code for f in lint_text(text, **kw)]


def where(text: str, code: str, **kw) -> list[tuple[int, int]]:
    return [(f.line, f.col) for f in lint_text(text, **kw) if f.code == code]


# --- the acceptance example and positions -----------------------------------------------

def test_coupon_placeholder_for_five_star_review_fails_at_the_right_columns():
    template = "Hi {{ buyer }},\nUse {{ coupon }} for a 5-star review\n"
    findings = lint_text(template, path="review_request.txt.j2")
    assert [(f.code, f.line, f.col) for f in findings] == [("CX101", 2, 5), ("CX102", 2, 24)]
    assert findings[0].path == "review_request.txt.j2"
    assert "{{ coupon }}" in findings[0].message
    assert findings[0].as_dict() == {
        "path": "review_request.txt.j2", "line": 2, "col": 5, "code": "CX101",
        "severity": "error", "message": findings[0].message}


# --- text inside Jinja tags ---------------------------------------------------------------

JINJA_TEXT = (
    "Hi {{ buyer }},\n"                                                      # 1
    "{{ 'Email help@acme.co' }}\n"                                           # 2
    "{% set note = 'Leave 5 stars for a free gift' %}{{ note }}\n"           # 3
    '{{ "Questions? Call +1 415 555 0100 or " ~ shop.name }}\n'              # 4
    "{% macro sign(by='DM us on Instagram') %}{{ by }}{% endmacro %}\n"      # 5
    "{# {{ 'Email help@acme.co' }} is what we used to say #}\n"             # 6
    "{% if status == 'SHIPPED' %}On its way{% endif %}{{ x | join(', ') }}\n"  # 7
    "{{ 'See https://acme.co/setup' }} {# cx: allow CX201 #}\n"             # 8
)


def test_text_inside_jinja_tags_is_linted_where_it_is_written():
    """What a template prints from a string literal ({{ '…' }}, a {% set %}, a "…" ~ x,
    a macro's default argument) is in every message it renders: it is linted at the
    literal's line and column. Comments, one-word keys and allowed lines stay quiet."""
    assert [(f.line, f.col, f.code) for f in lint_text(JINJA_TEXT)] == [
        (2, 11, "CX201"),  # help@acme.co
        (3, 22, "CX102"),  # '5 stars'
        (3, 36, "CX101"),  # 'free gift', for the stars
        (4, 21, "CX201"),  # +1 415 555 0100
        (5, 28, "CX201"),  # Instagram
    ]
    # Windows line ends: the same lines and columns.
    assert where(JINJA_TEXT.replace("\n", "\r\n"), "CX201") == [(2, 11), (4, 21), (5, 28)]


def test_cli_names_the_literal_inside_a_template_tag(tmp_path):
    f = tmp_path / "review_request.txt.j2"
    f.write_text("Thanks, {{ buyer }}!\n{{ 'Questions? Email help@acme.co' }}\n")
    result = runner.invoke(app, ["lint", str(f)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{f}:2:22 CX201 off-platform contact: an e-mail address ('help@acme.co'); keep "
        "buyers in TikTok Shop chat")


def test_finding_format_is_ruff_style():
    f = Finding("a.txt", 3, 7, "CX201", "error", "off-platform contact")
    assert f.format() == "a.txt:3:7 CX201 off-platform contact"


def test_columns_count_characters_on_later_lines():
    text = "Thanks for your order!\n\n  Email help@acme.co for tips."
    assert where(text, "CX201") == [(3, 9)]


# --- one block per rule: what fires and what must not ---------------------------------

@pytest.mark.parametrize("text", [
    "Leave a review and get 10% off your next order!",
    "Write a review and we'll send you a free sample.",
    "Reviewers are entered into our monthly giveaway.",
    "Thanks for the review! As a thank-you, here's 10% off your next order.",
    "Use {{ discount_code }} once you've left a review.",
    "Leave us 5 stars and get a 10% discount!",  # a rating named by its stars
    "Write a review to enter our giveaway.",
])
def test_cx101_incentive_tied_to_review(text):
    assert "CX101" in codes(text)


@pytest.mark.parametrize("text", [
    "20% off everything this weekend, for every buyer.",
    "TikTok may offer you a coupon for a review with a photo — that is run by TikTok.",
    "An honest review helps other buyers, good or bad.",
    "We're sending a free replacement today.",
    "Your refund does not depend on whether you leave a review.",
    "Your tracking number is {{ order.tracking_id }}.",
    "Enter our holiday giveaway on our profile page!",
    "Enter code WELCOME at checkout for 10% off your next order.",
    "Our 5 stars of the season are back: 20% off them this week.",
    "Our 5-star serum is back: use code GLOW for 10% off.",
])
def test_cx101_compliant(text):
    assert codes(text) == []


@pytest.mark.parametrize("text", [
    # SPEC §5: TikTok's own review-coupon programme is not a seller message, by whatever
    # name it is mentioned.
    "TikTok's review coupon programme may reward detailed reviews with photos.",
    "Through TikTok's review coupon programme, a review with 11+ words and a photo can "
    "earn you a coupon.",
    "TikTok Shop's review coupon programme gives a coupon for a review with a photo.",
    "Reviews with 11+ words and a photo may qualify for a coupon from TikTok.",
    "TikTok Shop may send you a coupon for a detailed review with a photo.",
])
def test_cx101_mentioning_tiktoks_review_coupon_programme_is_compliant(text):
    assert codes(text) == []


@pytest.mark.parametrize("text", [
    # ...but naming TikTok does not excuse the seller's own incentive.
    "We'll send you a TikTok review coupon if you leave a review.",
    "Leave a review and we will give you a coupon; TikTok may also send one.",
    "TikTok may send a coupon for reviews, and we'll add a free gift for yours too.",
    "We’ll send you a TikTok review coupon if you leave a review.",
    "Leave a review and we’ll give you 10% off; TikTok may also send a coupon.",
    "Leave a review and get a TikTok Shop review coupon from us!",
    "Leave a review and we’ll give you 10% off.",
])
def test_cx101_seller_incentive_beside_the_tiktok_programme_still_fails(text):
    assert "CX101" in codes(text)


@pytest.mark.parametrize("text,col", [
    ("Please leave us a 5-star review!", 19),
    ("Tap ⭐⭐⭐⭐⭐ if you loved it", 5),
    ("If you're happy, please leave a positive review.", 33),
    ("Only leave a review if you're satisfied.", 1),
    ("Please don't leave a bad review, message us instead.", 1),
])
def test_cx102_specific_rating_or_only_positive(text, col):
    assert where(text, "CX102") == [(1, col)]


@pytest.mark.parametrize("text", [
    "Follow the 5-step setup.", "It ships in 48–72 hours.", "One of the 3 stars of the show.",
    "Thanks for the 5-star review!", "If anything wasn't right, message us first — we'll make "
    "it right.", "The towels feel five-star soft.",
])
def test_cx102_compliant(text):
    assert codes(text) == []


def test_cx103_change_review_is_relaxed_in_th_and_id_only():
    text = "Now that the replacement arrived, could you update your review?"
    assert where(text, "CX103") == [(1, 45)]
    assert codes(text, market="th") == []
    assert codes(text, market="id") == []
    assert codes(text, market="uk") == ["CX103"]
    assert codes("Please take your review down.", market="us") == ["CX103"]


@pytest.mark.parametrize("text", [
    "Please delete your review.",
    "Could you take your review down?",
    "Please remove the 1-star review now that it's fixed.",
    "Por favor borra tu reseña.",
    "Mohon hapus ulasan kakak ya.",
    "ช่วยลบรีวิวให้หน่อยนะคะ",
    # the removal asked for after the review is named, not before it
    "Now that it's sorted, could you get your review removed?",
    "About your review: could you please delete it?",
    "Would it be possible to have the 1-star review taken down?",
])
def test_th_and_id_may_ask_for_an_update_but_never_for_a_review_to_go(text):
    # Their guidance encourages asking for an update once the issue is solved; a seller
    # asking to delete or take down the review passed clean there.
    for market in ("th", "id", "us"):
        assert codes(text, market=market) == ["CX103"], market


def test_cx103_compliant():
    assert codes("We updated the instructions after reading reviews like yours.") == []
    assert codes("You can change your delivery address until it ships.") == []


@pytest.mark.parametrize("text", [
    "We'll send the replacement after you leave a review.",
    "Your refund will be processed once you've reviewed the product.",
    "No review, no refund.",
    "Help is for customers who have rated their order.",
])
def test_cx104_support_conditioned_on_review(text):
    assert "CX104" in codes(text)


def test_cx104_compliant():
    assert codes("Once we've reviewed your photos, we'll send a replacement.") == []
    assert codes("Once your issue is resolved, we'd be grateful for an honest review.") == []


@pytest.mark.parametrize("text,what", [
    ("Write to help@acme.co", "e-mail"),
    ("Call 1-800-555-0199", "phone"),
    ("Text us at (415) 555-0123", "phone"),
    ("Setup videos: https://acme.co/setup", "link"),
    ("See acme.co/setup for videos", "link"),
    ("Chat on WhatsApp for quick help", "channel"),
    ("DM us on Instagram", "channel"),
])
def test_cx201_off_platform_contact(text, what):
    findings = lint_text(text)
    assert findings and all(f.code == "CX201" for f in findings)
    assert any(what in f.message for f in findings)


@pytest.mark.parametrize("text,found", [
    # The words that point at the contact and the contact are one violation: the
    # address, number or link is reported.
    ("Email us at help@acme.co", [(1, 13, "e-mail address ('help@acme.co')")]),
    ("Text us at (415) 555-0123.", [(1, 12, "phone number ('(415) 555-0123')")]),
    ("Join our Telegram group for tips: t.me/acmetips",
     [(1, 35, "link outside the platform ('t.me/acmetips')")]),
    ("Ring us on 020 7946 0958 between 9 and 5.", [(1, 12, "phone number")]),
    # Two contacts in a sentence are two; a sentence without an address has one, and
    # so has each line of a sentence running over several.
    ("Call +1 415 555 0100 or email help@acme.co.",
     [(1, 6, "phone number ('+1 415 555 0100')"), (1, 31, "e-mail address")]),
    ("Email us at help@acme.co. Or call us.",
     [(1, 13, "e-mail address"), (1, 30, "another channel ('call us')")]),
    ("Text us or call us\nhelp@acme.co\n\nText us or call us", [
        (1, 1, "another channel ('Text us')"), (2, 1, "e-mail address"),
        (4, 1, "another channel ('Text us')")]),
])
def test_cx201_one_finding_per_contact(text, found):
    findings = lint_text(text)
    assert [f.code for f in findings] == ["CX201"] * len(found)
    assert len(findings) == len(found)
    for f, (line, col, what) in zip(findings, found, strict=True):
        assert (f.line, f.col) == (line, col)
        assert what in f.message.replace(" (messenger, e-mail, phone)", "")


@pytest.mark.parametrize("text", [
    "Tracking 9400 1118 9922 3344 5566 77 with USPS.",
    "Order 577012345678901234 is packed.",
    "Shipped 2025-03-14, arriving by 03/18/2025.",
    "It costs $19.99 and ships in 48–72 hours.",
    "Please send us your order number by DM.",
    "Guide: https://shop.tiktok.com/view/product/1729",
    "Call it a fresh start.",
])
def test_cx201_compliant(text):
    assert codes(text) == []


def test_cx201_a_long_word_takes_time_in_proportion_to_its_length():
    """The e-mail pattern was tried inside every run of address characters: a template
    looping out 100,000 letters took ten seconds per message to lint."""
    import time

    started = time.perf_counter()
    findings = lint_text("x" * 300_000 + " then write to help@acme.co")
    assert [f.code for f in findings] == ["CX201"]
    assert time.perf_counter() - started < 5  # about 0.15 s; quadratic, it was minutes
    assert where("mail ann.lee+cx@acme.co or bob@x.io", "CX201") == [(1, 6), (1, 28)]


def test_cx201_many_contacts_in_one_sentence_take_time_in_proportion_to_the_text():
    """Each contact found was checked against every one found before it: "a.com "
    over 40,000 characters took 1.1 s to lint, 80,000 over 4 s."""
    import time

    text = "a.com " * 13_334
    started = time.perf_counter()
    found = where(text, "CX201")
    assert time.perf_counter() - started < 1.5  # about 0.3 s
    assert found == [(1, 1 + 6 * i) for i in range(13_334)]


@pytest.mark.parametrize("text,found", [
    ("Write to jane at gmail dot com", [(1, 10)]),
    ("mail: jane.doe+cx at gmail dot co", [(1, 7)]),
    ("Contact: service [at] acmegoods [dot] com", [(1, 10)]),
    ("service(at)acmegoods(dot)shop", [(1, 1)]),
    ("Reach .jo-b at my-shop dot store today", [(1, 8)]),  # from its first letter
    ("ann at a dot uk, bob at b dot net", [(1, 1), (1, 18)]),
    ("x  at   y   dot   io", [(1, 1)]),
    ("Look at the dot on the box.", []),
    ("jane at gmail dot community", []),
])
def test_cx201_an_email_address_spelled_out(text, found):
    assert where(text, "CX201") == found


@pytest.mark.parametrize("text", [
    "a." * 10_000, "1-" * 10_000, "www." * 5_000, "a.b-c+d_1" * 2_222,
    "jane at" + " " * 20_000 + "x", "jane at gmail" + " " * 20_000 + "dotcom",
    "jane at gmail dot" + " " * 20_000 + "x",
])
def test_cx201_a_spelled_out_address_is_found_in_time_in_proportion_to_the_text(text):
    """Tried at every letter of "a.a.a…", and at every split of a run of spaces, the
    pattern took seven seconds on 20,000 characters."""
    import time

    started = time.perf_counter()
    lint_text(text)
    assert time.perf_counter() - started < 1  # about 0.05 s


# The spelled-out e-mail pattern as it was (quadratic on long runs): the lint finds
# exactly what it found.
_SPELLED_BEFORE = r"""\b[\w.+-]+\s*(?:[\[(]\s*at\s*[\])]|\s+at\s+)\s*[\w-]+\s*
    (?:[\[(]\s*dot\s*[\])]|\s+dot\s+)\s*(?:com|net|org|co|io|shop|store|uk)\b"""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["jo", "a.b", ".x", "-y", "+z", "_", "1", "é", " at ", " [at] ",
                                 "(at)", "at", " dot ", "[dot]", " (dot) ", "dot", "com", "co",
                                 "uk", ".", "-", " ", "  ", "\n", "x", "("]),
                max_size=16).map("".join))
def test_cx201_spelled_out_addresses_are_the_ones_the_old_pattern_found(text):
    import re

    before = re.compile(_SPELLED_BEFORE, re.VERBOSE)
    assert list(lint_rules.spelled_emails(text)) == [m.span() for m in before.finditer(text)]


def test_cx201_allow_domains_cover_subdomains():
    text = "Size chart: https://help.acme.co/size and https://other.io/x"
    assert where(text, "CX201") == [(1, 13), (1, 43)]
    assert where(text, "CX201", allow_domains=["acme.co"]) == [(1, 43)]
    assert where(text, "CX201", allow_domains=["www.acme.co", "other.io"]) == []


@pytest.mark.parametrize("text", [
    "Send $20 via Zelle for the extra pair.", "We take Venmo.", "Pay by bank transfer.",
    "Order directly from our website next time.", "Buy on our website and save 10%.",
])
def test_cx202_payment_or_ordering_outside(text):
    assert codes(text) == ["CX202"]


def test_cx202_compliant():
    assert codes("Your refund goes back to your original payment method, PayPal included.") == []
    assert codes("Reorder in two taps from the Orders tab in the app.") == []


def test_cx301_is_a_warning_once_a_sentence():
    # 'LAST CHANCE' (urgency), 'CHANCE' (capitals) and '!!' are one pressure finding
    # for the sentence; the next sentence has its own, and so has its next line.
    findings = lint_text("LAST CHANCE to grab it!! Only 2 left\nHURRY")
    assert [(f.line, f.col, f.code, f.severity) for f in findings] == [
        (1, 1, "CX301", "warning"), (1, 26, "CX301", "warning"), (2, 1, "CX301", "warning")]
    assert "'LAST CHANCE'" in findings[0].message
    assert codes("Your USPS tracking and the LED, USB-C and WELCOME15.") == []


@pytest.mark.parametrize("text", ["Our 5 stars " * 3_400, "ABCD " * 8_000, "55 " * 13_333,
                                  "free " * 8_000])
def test_a_rule_looking_back_from_each_match_takes_time_in_proportion_to_the_text(text):
    """For each rating, number, "free" or word in capitals, the rule searched the whole
    sentence before it again: 40,000 characters took seconds."""
    import time

    started = time.perf_counter()
    lint_text(text)
    assert time.perf_counter() - started < 1  # about 0.2 s


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["reply", "REPLY", "use", "xuse", "code", "call", "recall",
                                 "telephone", "whats app", " ", "  ", "\n", "\t", "\xa0", '"',
                                 "“", "'", "STOP", "x" * 12, ".", "1", "free", "of", "feel",
                                 "hands", "toll", "-"]),
                max_size=14).map("".join))
def test_looking_back_from_a_match_finds_what_searching_the_whole_sentence_did(text):
    for end in range(len(text) + 1):
        assert lint_rules._free_not_incentive(text, end) == \
            bool(lint_rules._FREE_NOT_INCENTIVE.search(text[:end]))
        assert lint_rules._keyword_before(text, end) == \
            bool(lint_rules._KEYWORD_BEFORE.search(text[:end]))
        assert lint_rules._phone_context(text, end) == \
            bool(lint_rules._PHONE_CONTEXT.search(text[:end]))


# --- markup, sentences, suppression, disable ------------------------------------------

def test_markup_is_masked_to_the_same_length():
    text = "<p>Hi {{ buyer }}</p>{% if x %}\n{# note #}<style>b{}</style>"
    masked, spans = mask_markup(text)
    assert len(masked) == len(text) and masked.count("\n") == 1
    assert masked.split() == ["Hi"] and spans == []
    masked, spans = mask_markup("Use {{ promo_code | upper }} today")
    assert masked.startswith("Use coupon") and spans == [(4, 28)]


def test_href_in_html_stays_visible():
    assert codes('<a href="https://evil.example.com/x">our shop</a>') == ["CX201"]


def test_sentences_do_not_cross_paragraphs_or_list_items():
    text = "Leave a review\n\nand get 10% off."
    assert codes(text) == []
    assert [s.text for s in split_sentences("Steps:\n- one\n- two. Three!")] == \
        ["Steps:", "- one", "- two.", "Three!"]


def test_suppression_on_the_line_and_the_next_when_alone():
    assert suppressions("a {# cx: allow CX201, CX301 #}\n# cx: allow cx202\nb") == \
        {1: {"CX201", "CX301"}, 2: {"CX202"}, 3: {"CX202"}}
    template = "{# cx: allow CX201 #}\nWrite to help@acme.co\nor help@acme.co"
    assert where(template, "CX201") == [(3, 4)]
    inline = "Write to help@acme.co {# cx: allow CX201 #}\nEmail: help@acme.co"
    assert where(inline, "CX201") == [(2, 8)]
    assert codes("LAST CHANCE!! <!-- cx: allow CX201 -->") == ["CX301"]


@pytest.mark.parametrize("text", [
    "Wait" + "." * 40_000 + "x", "Wait" + "?!" * 20_000 + "x", "{{" * 20_000, "{%" * 20_000,
    "{#" * 20_000, "<!--" * 10_000, "<style>" * 8_000, "<!-- x >" * 8_000,
    " " * 40_000 + "x cx: allow CX201",
])
def test_markup_sentences_and_allow_comments_take_time_in_proportion_to_the_text(text):
    """An unclosed "{{" or "<!--" was searched for its closer to the end of the text,
    each one; a run of "." tried at each of its dots, and spaces before an allow comment
    split every way: 40,000 characters took from one to forty seconds to lint."""
    import time

    started = time.perf_counter()
    lint_text(text)
    assert time.perf_counter() - started < 1  # about 0.05 s


# The patterns as they were (quadratic on such text): markup, sentences and allow
# comments are found exactly where they were.
_BEFORE = {
    "jinja": r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}",
    "block": r"<(style|script)\b[^>]*>.*?</\1\s*>",
    "tag": r"<!--.*?-->|</?[A-Za-z!][\w:-]*(?:\s[^<>]*)?/?>",
    "boundary": r"""[.!?…]+["'”’)\]]*(?=\s|$) | \n[ \t]*\n\s* | \n(?=[ \t]*(?:[-*•]|\d+[.)])\s)
                   | (?<=:)[ \t]*\n | \n(?=[ \t]*\#)""",
    "opener": r"\s*(?:\{#-?|<!--|#+|//|/\*|;+|--|%)?\s*",
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "{{", "}}", "{%", "%}", "{#", "#}", "%", "#", "x",
                                 " ", "\n", "<", ">", "<!--", "-->", "<a href='e.co'>", "</a>",
                                 "<style>", "</style>", "<SCRIPT x>", "</Script >", "<br/>", "-",
                                 "/", ".", "!", "?", "…", "”", ")", ":", "- ", "1. ", "\t", "//",
                                 ";"]),
                max_size=20).map("".join))
def test_markup_sentences_and_allow_comments_are_found_where_they_were(text):
    import re

    from cx_cli.engines import lint

    def spans(name, flags=re.DOTALL):
        return [m.span() for m in re.compile(_BEFORE[name], flags).finditer(text)]

    assert list(lint._jinja_spans(text)) == spans("jinja")
    assert list(lint._html_block_spans(text)) == spans("block", re.DOTALL | re.IGNORECASE)
    assert list(lint._html_tag_spans(text)) == spans("tag")
    assert [m.span() for m in lint._BOUNDARY.finditer(text)] == spans("boundary", re.VERBOSE)
    assert bool(lint._COMMENT_OPENER.fullmatch(text)) == \
        bool(re.fullmatch(_BEFORE["opener"], text))


def test_disable_by_code_or_prefix():
    text = "LAST CHANCE: email help@acme.co!!"
    assert set(codes(text)) == {"CX201", "CX301"}
    assert set(codes(text, disable=["CX301"])) == {"CX201"}
    assert codes(text, disable=["cx2", "CX3"]) == []


def test_unknown_market_is_a_usage_error():
    with pytest.raises(CxError, match="unknown market"):
        lint_text("hi", market="zz")


# --- files and folders --------------------------------------------------------------------

def test_lint_paths_walks_folders_any_extension_and_skips_binary(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "msg.md").write_text("Leave a 5-star review!\n")
    (tmp_path / "a" / "note").write_text("fine\n")
    (tmp_path / "b.txt.j2").write_text("Call 555-123-4567\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\x00\x00 Leave a 5-star review")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x").write_text("Leave a 5-star review!")
    (tmp_path / "utf16.txt").write_bytes("Email a@b.co".encode("utf-16"))
    found = lint_paths([tmp_path])
    assert [(Path(f.path).name, f.code) for f in found] == [
        ("msg.md", "CX102"), ("b.txt.j2", "CX201"), ("utf16.txt", "CX201")]
    with pytest.raises(CxError, match="does not exist"):
        lint_paths([tmp_path / "missing.txt"])


def test_a_named_binary_file_or_stdin_is_an_error_not_a_pass(tmp_path):
    # A message written in Word: linting it found nothing, and said "All checks passed".
    doc = tmp_path / "message.docx"
    doc.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00 Leave a 5-star review for a gift")
    for args, stdin in ((["lint", str(doc)], None), (["lint", "-"], doc.read_bytes())):
        result = runner.invoke(app, args, input=stdin)
        assert result.exit_code == 2, result.output
        assert "is not text (binary content" in result.stderr
        assert "nothing in it was checked" in result.stderr
        assert "All checks passed" not in result.stderr
    # UTF-16 text on standard input is read as text (it was read as UTF-8: no finding).
    result = runner.invoke(app, ["lint", "-"], input="Leave a 5-star review".encode("utf-16"))
    assert result.exit_code == 1 and "CX102" in result.stdout


def test_a_link_to_nothing_in_a_folder_is_skipped_and_named_when_given(tmp_path):
    (tmp_path / "msg.txt").write_text("Leave a 5-star review!\n")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "CX102" in result.stdout and "in 1 file" in result.stderr
    result = runner.invoke(app, ["lint", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert "a.txt is a link to" in result.stderr and "the links loop" in result.stderr


# --- CX105: gating in the configuration ----------------------------------------------------

GATED = """\
shop: {name: Acme, market: us}
messages:
  stages:
    review_request:
      filters:
        min_rating: 4
        country: US
    thank_you:
      template: review_thanks
      filters: {ticket_status: solved}
    replenishment:
      filters: {refund: false}
"""


def test_cx105_flags_review_stages_filtered_on_outcome(tmp_path):
    path = tmp_path / "cx.yaml"
    path.write_text(GATED)
    findings = lint_stage_config(parse_settings_file(path))
    assert [(f.line, f.col, f.code) for f in findings] == [(6, 9, "CX105"), (10, 17, "CX105")]
    assert findings[0].path == str(path)
    assert "'review_request'" in findings[0].message and "'min_rating'" in findings[0].message
    assert lint_stage_config(parse_settings_file(path), disable=["CX105"]) == []


# --- the command -------------------------------------------------------------------------

def test_cli_clean_file_exits_0(tmp_path):
    f = tmp_path / "ok.txt"
    f.write_text("Thanks for your order! It ships tomorrow.\n")
    result = runner.invoke(app, ["lint", str(f)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 findings in 1 file" in result.stderr


def test_cli_findings_exit_1_with_ruff_lines(tmp_path):
    f = tmp_path / "bad.txt.j2"
    f.write_text("Hi!\nUse {{ coupon }} for a 5-star review\n")
    result = runner.invoke(app, ["lint", str(f)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{f}:2:5 CX101 incentive tied to a review")
    assert lines[1].startswith(f"{f}:2:24 CX102 ")
    assert "2 errors" in result.stderr


def test_cli_json_and_stdin():
    result = runner.invoke(app, ["lint", "-", "--format", "json"],
                           input="WhatsApp us: +44 7700 900123")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert list(rows[0]) == ["path", "line", "col", "code", "severity", "message"]
    # 'WhatsApp us' and the number are one contact: reported once, at the number.
    assert [(r["path"], r["code"], r["col"]) for r in rows] == [("-", "CX201", 14)]


def test_cli_exits_1_when_anything_is_found_warnings_too_unless_warnings_ok():
    # SPEC §5: "exit 1 when anything is found"; CX301 is a warning.
    assert runner.invoke(app, ["lint", "-"], input="Shipped!!").exit_code == 1
    assert runner.invoke(app, ["lint", "-", "--warnings-ok"], input="Shipped!!").exit_code == 0
    assert runner.invoke(app, ["lint", "-", "--warnings-ok"],
                         input="WhatsApp us: +44 7700 900123").exit_code == 1
    # the old option still runs (old crontabs), and means the default
    assert runner.invoke(app, ["lint", "-", "--strict-warnings"], input="Shipped!!").exit_code == 1
    assert runner.invoke(app, ["lint", "-"], input="Thanks for your order.").exit_code == 0


def test_cli_market_option_overrides_config(tmp_path):
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {market: th}\n")
    text = "Could you update your review now that it's fixed?"
    assert runner.invoke(app, ["lint", "-", "-c", str(cfg)], input=text).exit_code == 0
    assert runner.invoke(app, ["lint", "-", "-c", str(cfg), "--market", "us"],
                         input=text).exit_code == 1
    bad = runner.invoke(app, ["lint", "-", "--market", "xx"], input=text)
    assert bad.exit_code == 2 and "unknown market" in bad.stderr


def test_cli_usage_errors_exit_2(tmp_path):
    result = runner.invoke(app, ["lint", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'nope.txt'} does not exist")
    # A shop made by `cx sample-data` has no templates/ folder: the hint says what to run.
    assert "`cx lint` alone checks your templates folder, the bundled templates" in \
        " ".join(result.stderr.split())


def test_cli_default_lints_own_templates_bundled_and_config(tmp_path):
    (tmp_path / "templates" / "messages").mkdir(parents=True)
    (tmp_path / "templates" / "messages" / "review_request.txt.j2").write_text(
        "Loved it? Leave us a five-star review!\n")
    cfg = tmp_path / "cx.yaml"
    cfg.write_text(GATED + "lint: {allow_domains: [acme.co]}\ntemplates: templates\n")
    result = runner.invoke(app, ["lint", "-c", str(cfg), "-f", "json"])
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert {(Path(r["path"]).name, r["code"]) for r in rows} == {
        ("review_request.txt.j2", "CX102"), ("cx.yaml", "CX105")}
    assert "files" in result.stderr


def test_cli_rendered_needs_the_timeline_and_lints_what_the_hook_gives(monkeypatch):
    from cx_cli.cli import lint as lint_cmd

    monkeypatch.setattr(lint_cmd, "TIMELINE_MODULE", "cx_cli.engines.no_such_timeline")
    result = runner.invoke(app, ["lint", "--rendered"])
    assert result.exit_code == 2 and "needs the message timeline" in result.stderr
    monkeypatch.setattr(lint_cmd, "TIMELINE_MODULE", "cx_cli.engines.lint")
    monkeypatch.setattr(lint_cmd, "rendered_messages", lambda settings, day: [
        ("message:m1", "Leave a 5-star review", frozenset()),
        ("message:m2", "Email help@acme.co", frozenset({"CX201"}))])  # allowed there
    result = runner.invoke(app, ["lint", "--rendered", "--date", "2026-01-05"])
    assert result.exit_code == 1 and result.stdout.startswith("message:m1:1:9 CX102")
    assert "message:m2" not in result.stdout


def test_list_rules_names_every_code():
    result = runner.invoke(app, ["lint", "--list-rules"])
    assert result.exit_code == 0
    for code in ("CX101", "CX102", "CX103", "CX104", "CX105", "CX201", "CX202", "CX301"):
        assert code in result.stdout


def test_list_rules_as_json_is_a_list_a_script_can_read(tmp_path):
    """`cx lint --list-rules -f json` printed the text listing, which no JSON reader
    takes; `-o rules.json` wrote that text into a .json file."""
    result = runner.invoke(app, ["lint", "--list-rules", "-f", "json"])
    assert result.exit_code == 0, result.output
    rules = json.loads(result.stdout)
    assert [r["code"] for r in rules][:2] == ["CX101", "CX102"]
    assert all(set(r) == {"code", "severity", "title", "example"} for r in rules)
    assert {r["code"]: r["severity"] for r in rules}["CX301"] == "warning"
    out = tmp_path / "rules.json"
    assert runner.invoke(app, ["lint", "--list-rules", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == rules
    # -f json into a file named .md is written as asked, with the warning other commands
    # give (it went silently); without -f, a .md file gets the text listing.
    md = tmp_path / "rules.md"
    asked = runner.invoke(app, ["lint", "--list-rules", "-f", "json", "-o", str(md)])
    assert asked.exit_code == 0 and json.loads(md.read_text(encoding="utf-8")) == rules
    assert f"Warning: wrote JSON to {md} (-f json)" in " ".join(asked.stderr.split())
    plain = runner.invoke(app, ["lint", "--list-rules", "-o", str(md)])
    assert plain.exit_code == 0 and not plain.stderr
    assert md.read_text(encoding="utf-8").startswith("CX101")


def test_lint_imports_neither_pandas_nor_pyarrow(tmp_path):
    f = tmp_path / "m.txt"
    f.write_text("Email help@acme.co\n")
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from cx_cli.cli.main import app\n"
            f"r = CliRunner().invoke(app, ['lint', {str(f)!r}])\n"
            "assert r.exit_code == 1, r.output\n"
            "r = CliRunner().invoke(app, ['lint'])\n"
            "assert r.exit_code == 0, r.output\n"
            "print(','.join(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert out.stdout.strip() == ""


def test_lint_of_files_outside_a_shop_folder_skips_the_settings_machinery(tmp_path):
    """No cx.yaml: the defaults are used without importing pydantic or yaml; with one,
    its lint section applies."""
    f = tmp_path / "m.txt"
    f.write_text("Visit https://acme.example for help\n")
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from cx_cli.cli.main import app\n"
            f"r = CliRunner().invoke(app, ['lint', {str(f)!r}])\n"
            "print(r.exit_code, ','.join(m for m in ('pydantic', 'yaml') if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert run.stdout.split() == ["1"]
    (tmp_path / "cx.yaml").write_text("lint: {allow_domains: [acme.example]}\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert run.stdout.split() == ["0", "pydantic,yaml"]


def test_lint_defaults_without_settings_are_the_settings_defaults():
    from cx_cli.config import Settings
    from cx_cli.markets import DEFAULT_MARKET

    defaults = Settings()
    assert defaults.shop.market == DEFAULT_MARKET
    assert defaults.lint.allow_domains == [] and defaults.lint.disable == []


def test_lint_engine_is_pure():
    """The engine imports no CLI, terminal or data-frame library."""
    import ast

    for name in ("lint.py", "lint_rules.py"):
        src = (Path(__file__).parents[1] / "cx_cli" / "engines" / name).read_text()
        mods = {n.module or "" for n in ast.walk(ast.parse(src)) if isinstance(n, ast.ImportFrom)}
        mods |= {a.name for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Import)
                 for a in n.names}
        assert not {m.split(".")[0] for m in mods} & {"typer", "rich", "pandas", "pyarrow"}
        assert not any(m.startswith("cx_cli.cli") for m in mods)


# --- any input: a clean result, never a traceback ------------------------------------------

_PIECES = st.sampled_from([
    "review", "5 stars", "{{ coupon }}", "{% if x %}", "{#", "#}", "<p>", "cx: allow CX201",
    "\n", "\n\n", "!!", "HURRY", "a@b.co", "+1 415 555 0100", "www.x.com", " ", ".", "—", "⭐",
    "refund", "once you leave a review", "İ", "\r\n", "\t", "-", "1."])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=25).map("".join))
def test_lint_any_text_positions_stay_inside_the_text(text):
    lines = text.splitlines() or [""]
    for f in lint_text(text):
        assert 1 <= f.line <= len(lines) + 1
        assert f.col >= 1
        assert f.severity in ("error", "warning")


_GUARDED = {name: rx for name, rx in vars(lint_rules).items()
            if isinstance(rx, lint_rules._Lazy) and rx._guard}
_PIECES = st.sampled_from([
    "$", "£", "€", "10", "5", "4.5", "%", " ", "  ", ".", ",", "-", "'", "/", "★", "⭐", "☆",
    "off", "discount", "gift", "free", "code", "SAVE20", "review", "rating", "stars", "five",
    "for", "your", "a", "get", "we'll", "you'll", "here's", "thank", "you", "in", "return",
    "www", "https://", "shop", "example", ".com", ".shop", "x", "co", "entry", "points",
    "ได้", "รับ", "รีวิว", "ส่วนลด", "คะแนนสะสม", "คืนเงิน", "แล้ว",
])


def test_the_rules_with_a_start_guard_are_the_ones_made_faster():
    assert set(_GUARDED) == {"INCENTIVE", "STARS", "TIE", "URL", "MESSENGER_XX", "PAY_XX",
                             "URGENCY_XX", "_XX_CONDITION", "_XX_INCENTIVE", "_XX_NEGATION",
                             "_XX_SUPPORT", "_XX_TIE", "OUR_SITE_XX", "_ORDER_WORDS_XX"}


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_a_start_guard_never_changes_what_a_rule_matches(text):
    """The guard only says where the alternatives can start (see ``lint_rules._c``)."""
    for name, rx in _GUARDED.items():
        for t in (text, text.lower()):
            assert ([m.span() for m in rx.finditer(t)]
                    == [m.span() for m in rx.unguarded().finditer(t)]), name


@pytest.mark.parametrize("text", [
    "leave a review and get $10 off your next order", "£5 credit for a rating",
    "€10 gift with your review", "rate us ⭐⭐⭐⭐⭐ please", "★☆★ or ⭐️⭐️⭐️", "★★★★★",
    "$ 5 back", "visit shop.example.com/deal", "www.example.shop", "here's 10% off",
])
def test_a_start_guard_keeps_matches_that_begin_with_a_sign(text):
    """Matches that begin with a currency sign or a star, not a word: the characters
    the guard lists in ``starts`` must be there, or these are lost."""
    found = 0
    for name, rx in _GUARDED.items():
        for t in (text, text.lower()):
            spans = [m.span() for m in rx.unguarded().finditer(t)]
            assert [m.span() for m in rx.finditer(t)] == spans, name
            found += len(spans)
    assert found


def test_a_start_guard_matches_the_bundled_templates_and_fixtures_alike():
    root = Path(__file__).parents[1]
    lines = [line for folder in (root / "templates", root / "tests" / "data")
             for path in sorted(folder.rglob("*")) if path.suffix in (".j2", ".csv", ".yaml")
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    assert len(lines) > 500
    for name, rx in _GUARDED.items():
        plain = rx.unguarded()
        for line in lines:
            assert [m.span() for m in rx.finditer(line)] == \
                   [m.span() for m in plain.finditer(line)], (name, line)


def test_a_path_that_is_not_a_regular_file_is_read(tmp_path):
    """`cx lint <(cmd)` names a pipe: it is read like a file, not 'does not exist'."""
    import os
    import threading

    pipe = tmp_path / "fifo"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=("Email help@acme.co\n",))
    writer.start()
    result = runner.invoke(app, ["lint", str(pipe)])
    writer.join()
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{pipe}:1:7 CX201")


def test_list_rules_writes_to_the_output_file(tmp_path):
    """`-o FILE` ("write to this file instead of standard output") was ignored by
    --list-rules: the rules went to the terminal and no file was written."""
    for name in ("rules.txt", "rules.md"):  # one layout, whatever the file's extension
        out = tmp_path / name
        result = runner.invoke(app, ["lint", "--list-rules", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout == "" and result.stderr == ""
        written = out.read_text(encoding="utf-8")
        assert written.startswith("CX101  error") and "CX301  warning" in written


# --- phrasings a seller types that the rules missed or misread --------------------------

@pytest.mark.parametrize("text,at", [
    # a review asked for, "and" the reward: the refund of the order is the payment
    ("Leave a review and we'll refund your order in full.", "refund your order"),
    ("Leave us a review and we'll reimburse the full price.", "reimburse"),
    ("Post a review and your next order ships free.", "free"),
    ("Review it and keep it for free!", "free"),
    ("Leave a review and we'll send you another one on the house.", "on the house"),
    ("Send us a screenshot of your review and we'll send you $5.", "send you $5"),
    ("Post a review with photos and we will PayPal you $10.", "PayPal you $10"),
    ("After leaving your review, message us for a discount code.", "discount code"),
    # ...or "get" / "receive" it, and a review changed as one left
    ("Leave a review and get a refund.", "refund"),
    ("Write a review and receive a full refund!", "full refund"),
    ("Update your review and get a refund.", "refund"),
    ("Update your review and we'll refund your order.", "refund your order"),
])
def test_cx101_the_reward_after_a_review_asked_for(text, at):
    """Found, and the column points at the reward."""
    assert where(text, "CX101") == [(1, text.index(at) + 1)]


@pytest.mark.parametrize("text", [
    # a refund as support beside a review the buyer wrote, or the seller's own review
    "Sorry to read your review — we'll refund your order today.",
    "Thanks for the honest review. We'll refund your order right away.",
    "Please review the refund policy and we'll process it.",
    "Write your order number on the return slip and we'll refund you.",
    "We'll refund your order in full; leaving a review is up to you.",
    "Your refund of $5 is on its way.",
    "Request a refund in the app, and leave a review whenever you like.",
    "Sorry about your review; you'll get a refund today.",
    "Leave a review if you like, and get a refund in the app if anything is wrong.",
])
def test_cx101_a_refund_as_support_beside_a_review_is_compliant(text):
    assert "CX101" not in codes(text)


def test_cx102_a_rating_written_with_an_asterisk():
    assert where("Would you mind leaving a 5* review?", "CX102") == [(1, 26)]
    assert codes("Our 5* hotel-quality pillow is back.") == []
    # A product written with an asterisk is no rating, even beside a request.
    assert codes("Please leave room for 4 * 2 jars on the shelf.") == []
    assert codes("Leave a review of the 5 *2 pack if you want.") == []
    assert where("Please leave us 5* if you can.", "CX102") == [(1, 17)]


@pytest.mark.parametrize("text,col", [
    ("Any chance you could remove the 1-star?", 22),
    ("Can you change it to 5 stars?", 9),
])
def test_cx103_a_review_named_by_its_stars(text, col):
    assert where(text, "CX103") == [(1, col)]


@pytest.mark.parametrize("text", [
    "Shoot us an email and we'll sort it out.",
    "Drop us a text when you're home.",
])
def test_cx201_another_channel_in_everyday_words(text):
    assert codes(text) == ["CX201"]


@pytest.mark.parametrize("text", [
    "Made in the USA. NOTE: hand wash only.",
    "WARNING: the base gets hot during use.",
    "IMPORTANT: peel off the film before first use.",
])
def test_cx301_a_label_in_capitals_before_a_colon_is_not_shouting(text):
    assert codes(text) == []
    assert codes("This is AMAZING: you'll love it.") == ["CX301"]


@pytest.mark.parametrize("text", ["Visit SHOP.COM for more.", "Kunjungi TOKO.CO.ID ya.",
                                  "Find us at www.BRIGHTSIDE.shop today."])
def test_cx301_a_web_address_in_capitals_is_found_once_not_as_shouting(text):
    assert codes(text) == ["CX201"]
    assert codes("We hope you ENJOY.") == ["CX301"]  # a word before a full stop still is


# --- Spanish (a catalog or shop locale "es"): the same rules in the buyer's language ---

@pytest.mark.parametrize("text,code,at", [
    ("Déjanos una reseña y te damos un 10% de descuento.", "CX101", "10% de descuento"),
    ("Deja tu reseña y recibe un cupón de $5.", "CX101", "cupón"),
    ("Por tu reseña te regalamos una muestra gratis.", "CX101", "regalamos"),
    ("Escribe una reseña y participa en nuestro sorteo.", "CX101", "sorteo"),
    ("Por favor, déjanos 5 estrellas.", "CX102", "5 estrellas"),
    ("¿Nos das cinco estrellas?", "CX102", "cinco estrellas"),
    ("Si te gustó, deja una reseña positiva.", "CX102", "reseña positiva"),
    ("Antes de dejar una reseña negativa, escríbenos aquí.", "CX102", "Antes de dejar"),
    ("¿Podrías borrar tu reseña?", "CX103", "borrar tu reseña"),
    ("¿Podrías cambiar tu calificación ahora que está resuelto?", "CX103", "cambiar"),
    ("Por favor elimina tu comentario negativo.", "CX103", "elimina"),
    ("Te enviamos el reembolso cuando dejes tu reseña.", "CX104", "cuando dejes"),
    ("Sin reseña no hay reembolso.", "CX104", "Sin reseña"),
    ("Si nos dejas tu reseña, te ayudamos con el cambio.", "CX104", "Si nos dejas"),
    ("Deja tu reseña y tu próximo envío es gratis.", "CX101", "gratis"),
    ("Escríbenos a ayuda arroba acme punto com", "CX201", "ayuda arroba"),
    ("Llámanos y te ayudamos.", "CX201", "Llámanos"),
    ("Mándanos un correo y lo revisamos.", "CX201", "Mándanos un correo"),
    ("Escríbenos por WhatsApp al 55 1234 5678.", "CX201", "55 1234 5678"),
    ("Págame por transferencia bancaria.", "CX202", "transferencia bancaria"),
    ("Compra directo en nuestra página web y ahorra.", "CX202", "Compra directo"),
    ("¡Oferta por tiempo limitado!", "CX301", "tiempo limitado"),
    ("Últimas piezas, no te lo pierdas.", "CX301", "Últimas piezas"),
])
def test_spanish_phrasings_are_found_where_they_are(text, code, at):
    assert (1, text.index(at) + 1) in where(text, code)


@pytest.mark.parametrize("text", [
    "Tu número de pedido es 577012345678901234.",
    "Tu número de guía es 9400 1118 9922 3344 5566 77.",
    "Una reseña sincera, buena o mala, ayuda a otros compradores.",
    "El reembolso llega a tu método de pago original en 3 a 5 días.",
    "Respóndenos aquí en el chat de TikTok Shop y te ayudamos.",
    "Tenemos un cupón para todos los compradores este fin de semana.",
    "Nuestro producto estrella es el sérum de vitamina C.",
    "Tu reembolso no depende de que dejes una reseña.",
    "Te enviamos un reemplazo gratis hoy; no tienes que devolver nada.",
    "Gracias por tu reseña de 5 estrellas, nos alegró el día.",
    "Actualizamos las instrucciones después de leer reseñas como la tuya.",
    "TikTok a veces regala cupones por reseñas con foto; ese programa es de TikTok, no nuestro.",
    "Recibirás un mensaje de texto de la paquetería el día de la entrega.",
    "Puedes cambiar tu dirección de envío desde la página del pedido.",
    "Si algo no está bien, respóndenos aquí antes que nada y lo resolvemos.",
    "Paga en la app como siempre; el envío es gratis en pedidos de más de $500.",
    "Revisamos tu comentario y te enviamos un reemplazo gratis.",
    "Cuando dejes tu reseña, cuéntanos qué tal te quedó la talla.",
    "Nuestra lámpara de 5 estrellas volvió.",
])
def test_spanish_look_alikes_are_compliant(text):
    assert codes(text) == []


def test_spanish_review_update_is_relaxed_in_th_and_id_only():
    text = "Ahora que llegó el reemplazo, ¿podrías actualizar tu reseña?"
    assert codes(text) == ["CX103"]
    assert codes(text, market="th") == []


def test_spanish_seller_incentive_beside_the_tiktok_programme_still_fails():
    assert codes("TikTok a veces regala cupones por reseñas con foto.") == []
    assert "CX101" in codes("Deja tu reseña y te damos un cupón; TikTok también puede darte uno.")


# --- Indonesian, Malay, Vietnamese, Brazilian Portuguese, Thai -----------------------------

@pytest.mark.parametrize("text,market,code,at", [
    ("Kak, kasih bintang 5 ya, nanti dapat voucher 10rb.", "id", "CX101", "voucher"),
    ("Kak, kasih bintang 5 ya, nanti dapat voucher 10rb.", "id", "CX102", "kasih bintang 5"),
    ("Beri ulasan 5 bintang dan dapatkan baucar RM5.", "my", "CX101", "baucar"),
    ("Tolong hapus review bintang 1 nya ya kak.", "my", "CX103", "hapus review"),
    ("Retur hanya kami proses jika kakak sudah memberi ulasan.", "id", "CX104", "jika kakak"),
    ("Untuk info lebih lanjut hubungi admin via WA ya.", "id", "CX201", "hubungi admin"),
    ("Simpan nomor WA kami: 0812 3456 7890.", "id", "CX201", "0812 3456 7890"),
    ("Transfer langsung ke rekening BCA kami.", "id", "CX202", "Transfer langsung"),
    ("Stok terbatas, buruan!", "id", "CX301", "Stok terbatas"),
    ("Đánh giá 5 sao để nhận ngay voucher 20k nhé!", "vn", "CX101", "voucher"),
    ("Danh gia 5 sao de nhan ngay voucher 20k nhe!", "vn", "CX101", "voucher"),
    ("Bạn đánh giá giúp shop 5 sao nhé!", "vn", "CX102", "giúp shop 5 sao"),
    ("Ban co the xoa danh gia 1 sao giup shop khong?", "vn", "CX103", "xoa danh gia"),
    ("Có gì bạn nhắn Zalo cho shop nhé.", "vn", "CX201", "nhắn Zalo"),
    ("Bạn chuyển khoản trực tiếp cho shop nhé.", "vn", "CX202", "chuyển khoản"),
    ("Nhanh tay lên, số lượng có hạn!", "vn", "CX301", "Nhanh tay"),
    ("Avalie com 5 estrelas e ganhe um cupom!", "br", "CX101", "cupom"),
    ("Avalie com 5 estrelas e ganhe um cupom!", "br", "CX102", "Avalie com 5 estrelas"),
    ("Você pode apagar aquele comentário de 1 estrela?", "br", "CX103", "apagar"),
    ("A troca só sai depois que você avaliar o produto.", "br", "CX104", "depois que"),
    ("Qualquer coisa me chama no zap.", "br", "CX201", "chama no zap"),
    ("Faz um pix direto pra gente.", "br", "CX202", "Faz um pix"),
    ("Últimas unidades, não perca!", "br", "CX301", "Últimas unidades"),  # one per sentence
    ("รีวิว 5 ดาว รับส่วนลด 50 บาท", "th", "CX101", "ส่วนลด"),
    ("ช่วยกด 5 ดาวให้ร้านด้วยนะคะ", "th", "CX102", "ช่วยกด 5 ดาว"),
    ("รบกวนลบรีวิวให้หน่อยนะคะ", "us", "CX103", "ลบรีวิว"),
    ("ร้านจะคืนเงินให้หลังจากลูกค้ารีวิวแล้ว", "th", "CX104", "หลังจากลูกค้ารีวิว"),
    ("ต้องรีวิวก่อนนะคะ ร้านถึงจะคืนเงินให้", "th", "CX104", "ต้องรีวิว"),
    ("สอบถามเพิ่มเติม แอดไลน์ @shopdee ได้เลยค่ะ", "th", "CX201", "แอดไลน์"),
    ("Please add LINE @shopdee for updates.", "th", "CX201", "add LINE"),
    ("โอนเงินโดยตรงเข้าบัญชีร้านได้เลย", "th", "CX202", "โอนเงินโดยตรง"),
    ("ของมีจำนวนจำกัด รีบสั่งเลย", "th", "CX301", "จำนวนจำกัด"),
])
def test_southeast_asian_and_portuguese_phrasings_are_found_where_they_are(text, market, code,
                                                                            at):
    assert (1, text.index(at) + 1) in where(text, code, market=market)


@pytest.mark.parametrize("text,market", [
    ("Pesanan Kecap Bintang 5 kakak sudah dikirim hari ini.", "id"),
    ("Gratis ongkir untuk semua pesanan di atas Rp50.000.", "id"),
    ("Terima kasih atas ulasannya kak, sangat membantu kami.", "id"),
    ("Pakai voucher toko saat checkout untuk potongan Rp10.000.", "id"),
    ("Nomor resi kakak JNT0012345678, bisa dicek di aplikasi.", "id"),
    ("Nomor pesanan 577012345678901234 sudah kami kemas.", "id"),
    ("Pembayaran COD bayar langsung ke kurir saat barang sampai.", "id"),
    ("Kami akan kirim pengganti baru gratis, tidak perlu kirim balik barangnya.", "id"),
    ("Kalau sudah beres, kakak boleh kasih ulasan jujur ya.", "id"),
    ("Cảm ơn bạn đã đánh giá 5 sao cho shop!", "vn"),
    ("Bộ chăn ga chuẩn khách sạn 5 sao của bạn đã được giao.", "vn"),
    ("Shop được đánh giá cao về chất lượng sữa tươi.", "vn"),
    ("Đơn hàng của bạn đang được giao, mã vận đơn 84123456789.", "vn"),
    ("Freeship cho đơn từ 99k trong tuần này.", "vn"),
    ("Seu jogo de lençol padrão hotel 5 estrelas já foi enviado.", "br"),
    ("Você pode pagar com Pix no checkout do TikTok Shop normalmente.", "br"),
    ("A nota fiscal segue junto com o pedido.", "br"),
    ("Obrigada pela avaliação 5 estrelas!", "br"),
    ("Sua troca grátis já foi enviada, não precisa devolver nada.", "br"),
    ("Corra com conforto com o nosso tênis novo.", "br"),
    ("O liquidificador liga no botão lateral.", "br"),
    ("ขอบคุณที่ให้ 5 ดาวนะคะ", "th"),
    ("ห้องพักโรงแรม 5 ดาว หมอนนุ่มมาก", "th"),
    ("ดาวน์โหลดคู่มือได้ในแอป TikTok Shop ค่ะ", "th"),
    ("ได้รับสินค้าแล้วอย่าลืมกดยืนยันรับสินค้านะครับ", "th"),
    ("ส่งด่วนภายใน 24 ชั่วโมง", "th"),
    # a full refund for a damaged item, "no need to review"
    ("สินค้าเสียหาย ร้านจะคืนเงินเต็มจำนวนค่ะ ไม่ต้องรีวิวก็ได้", "th"),
    ("Seattle, WA 98101 is where our warehouse ships from.", "us"),
    ("Add line spacing to the label text before printing.", "us"),
])
def test_southeast_asian_and_portuguese_look_alikes_are_compliant(text, market):
    assert codes(text, market=market) == []


@pytest.mark.parametrize("text,market,code,at", [
    # Indonesian: a perfect or pleasant review, only when it suits, held back, a surprise
    ("Tolong kasih ulasan sempurna ya Kak", "id", "CX102", "Tolong kasih ulasan"),
    ("kasih nilai sempurna di ulasan", "id", "CX102", "kasih nilai sempurna"),
    ("Mohon beri ulasan yang menyenangkan", "id", "CX102", "ulasan yang menyenangkan"),
    ("Ulasan positif dari Kakak sangat membantu", "id", "CX102", "Ulasan positif"),
    ("Kalau produknya cocok, jangan lupa kasih ulasan", "id", "CX102", "Kalau produknya cocok"),
    ("Kalau barangnya cocok, tulis ulasan ya Kak.", "id", "CX102", "Kalau barangnya cocok"),
    ("hubungi kami dulu ya Kak, jangan langsung kasih ulasan", "id", "CX102", "jangan langsung"),
    ("Jangan kasih 1 bintang ya Kak, chat kami dulu.", "id", "CX102", "Jangan kasih 1 bintang"),
    ("Kasih ulasan jujur ya Kak, nanti ada kejutan kecil dari kami", "id", "CX101", "kejutan"),
    ("Tulis ulasan ya Kak, nanti ada hadiah kecil dari kami.", "id", "CX101", "hadiah"),
    # Brazilian Portuguese: only when they liked it, the top mark, a reward for reviewing
    ("Se você curtir o produto, deixe uma avaliação…", "br", "CX102", "Se você curtir"),
    ("Se tiver gostado, deixe uma avaliação…", "br", "CX102", "Se tiver gostado"),
    ("Se você tiver curtido, deixe sua avaliação.", "br", "CX102", "Se você tiver curtido"),
    ("Se estiver feliz com a compra, deixe uma avaliação.", "br", "CX102", "Se estiver feliz"),
    ("Se a sua experiência foi boa, conta pra gente numa avaliação.", "br", "CX102",
     "Se a sua experiência foi boa"),
    ("Dá uma nota máxima pra gente na página do produto?", "br", "CX102", "Dá uma nota máxima"),
    ("Dê uma nota máxima pro produto, por favor.", "br", "CX102", "Dê uma nota máxima"),
    ("Avaliando o produto, você ganha um cupom na próxima compra.", "br", "CX101", "cupom"),
    # Malay: a reward, only happy buyers, a low rating discouraged
    ("Tulis ulasan dan kami hantar hadiah percuma untuk anda.", "my", "CX101", "hadiah"),
    ("Setiap ulasan bergambar layak menerima baucar RM3.", "my", "CX101", "baucar"),
    ("Ulasan jujur anda akan diberi ganjaran baucar RM5.", "my", "CX101", "ganjaran"),
    ("Beri ulasan penuh bintang, kami belanja penghantaran percuma.", "my", "CX101", "percuma"),
    ("Beri ulasan penuh bintang, kami belanja penghantaran percuma.", "my", "CX102",
     "Beri ulasan penuh bintang"),
    ("Hanya pembeli yang berpuas hati diminta memberi ulasan.", "my", "CX102", "Hanya pembeli"),
    ("Pembeli yang puas hati sahaja, sila tinggalkan ulasan.", "my", "CX102",
     "puas hati sahaja"),
    ("Kalau anda gembira dengan produk ini, tinggalkan ulasan.", "my", "CX102",
     "Kalau anda gembira"),
    ("Jangan bagi bintang 1 ya, chat kami dulu.", "my", "CX102", "Jangan bagi bintang 1"),
    # ...as in English
    ("Please don't give us 1 star, message us first.", "us", "CX102", "don't give us 1 star"),
    ("Don't leave a one-star, talk to us instead.", "us", "CX102", "Don't leave a one-star"),
    # the seller's own website: named, it is CX201; bought from, CX202 (as "buy from our
    # website" is in English)
    ("Kunjungi laman web kami untuk tips penjagaan.", "my", "CX201", "laman web kami"),
    ("Cek panduan lengkap di website kami ya.", "id", "CX201", "website kami"),
    ("Xem hướng dẫn trên website của shop nhé.", "vn", "CX201", "website của shop"),
    ("Veja dicas no nosso site.", "br", "CX201", "nosso site"),
    ("ดูวิธีใช้ได้ที่เว็บไซต์ร้านค่ะ", "th", "CX201", "เว็บไซต์ร้าน"),
    ("Boleh juga beli terus dari laman web kami.", "my", "CX202", "laman web kami"),
    ("Harga lebih murah di website kami.", "id", "CX202", "website kami"),
    ("สั่งซื้อได้ที่เว็บไซต์ของร้านค่ะ", "th", "CX202", "เว็บไซต์ของร้าน"),
    # Vietnamese: only when it suits, a good review, top marks, wait before reviewing
    ("Nếu bạn thấy ưng, bạn để lại đánh giá cho shop nhé.", "vn", "CX102", "Nếu bạn thấy ưng"),
    ("Nếu sản phẩm ổn, bạn đánh giá giúp shop nhé.", "vn", "CX102", "Nếu sản phẩm ổn"),
    ("Nếu dùng thấy tốt, bạn đánh giá giúp shop nha.", "vn", "CX102", "Nếu dùng thấy tốt"),
    ("Nếu bạn dùng thấy ok, đánh giá cho shop nhé.", "vn", "CX102", "Nếu bạn dùng thấy ok"),
    ("Mong bạn để lại đánh giá tốt cho shop.", "vn", "CX102", "đánh giá tốt"),
    ("Bạn đánh giá full sao giúp shop nhé.", "vn", "CX102", "đánh giá full sao"),
    ("Bạn đánh giá 5⭐ giúp shop nhé.", "vn", "CX102", "đánh giá 5⭐"),
    ("Bạn cho shop 5⭐ nhé.", "vn", "CX102", "cho shop 5⭐"),
    ("Bạn cho shop xin đánh giá tối đa nhé.", "vn", "CX102", "cho shop xin"),
    ("Bạn vui lòng nhắn shop trước khi để lại đánh giá nhé.", "vn", "CX102", "trước khi"),
    ("Có vấn đề gì bạn nhắn shop trước rồi hãy đánh giá nhé.", "vn", "CX102", "trước rồi"),
    # Thai: words between "if" and "liked it", "before (going to) review", full stars
    ("ถ้าใช้แล้วถูกใจ ฝากรีวิวด้วยนะคะ", "th", "CX102", "ถ้าใช้แล้วถูกใจ"),
    ("ถ้าใช้แล้วชอบ ช่วยรีวิวให้ร้านหน่อยนะคะ", "th", "CX102", "ถ้าใช้แล้วชอบ"),
    ("ถ้าลองใช้แล้วประทับใจ รีวิวให้ร้านหน่อยนะคะ", "th", "CX102", "ถ้าลองใช้แล้วประทับใจ"),
    ("มีปัญหาอะไรทักร้านก่อนนะคะ ก่อนจะรีวิว", "th", "CX102", "ก่อนจะรีวิว"),
    ("ก่อนที่จะรีวิว ทักแชทร้านก่อนนะคะ", "th", "CX102", "ก่อนที่จะรีวิว"),
    ("ช่วยกดดาวเต็มให้ร้านหน่อยนะคะ", "th", "CX102", "ช่วยกดดาวเต็ม"),
])
def test_review_policy_breaches_in_everyday_southeast_asian_and_portuguese_words(
        text, market, code, at):
    assert (1, text.index(at) + 1) in where(text, code, market=market)


@pytest.mark.parametrize("text,market", [
    # liking it, then something other than a review: tag us in a video
    ("ถ้าใช้แล้วถูกใจ แท็กร้านในคลิปได้นะคะ", "th"),
    ("Se você curtir o produto, marque a gente num vídeo.", "br"),
    ("Nếu bạn thích, hãy quay video và tag shop nhé.", "vn"),
    ("Kalau Kakak suka, tag kami di video ya!", "id"),
    ("If you like it, tag us in a video!", "us"),
    # before *using* it, not before reviewing
    ("Before using it, read the card, and leave an honest review whenever you like.", "us"),
    ("Sebelum dipakai, baca kartu petunjuknya ya; ulasan jujur Kakak kami tunggu.", "id"),
    ("ก่อนใช้งาน อ่านคู่มือก่อนนะคะ รีวิวตามจริงได้เลยค่ะ", "th"),
    ("Trước khi dùng, bạn đọc kỹ hướng dẫn nhé, rồi đánh giá thật lòng giúp shop.", "vn"),
    ("Antes de usar, leia o cartão; sua avaliação sincera ajuda muito.", "br"),
    # "if it is *not* right, talk to us": the buyer with a problem, not a filter
    ("Kalau ada yang kurang cocok, chat kami dulu ya; ulasan jujur tetap kami hargai.", "id"),
    ("Nếu sản phẩm chưa ổn, bạn nhắn shop nhé, đánh giá thật lòng luôn được trân trọng.", "vn"),
    ("ถ้าไม่พอใจ ทักร้านได้เลย รีวิวตามจริงได้ค่ะ", "th"),
    ("Ulasan positif maupun negatif sangat membantu kami.", "id"),
    # thanks for a top rating already given
    ("Terima kasih atas ulasan sempurna dari Kakak!", "id"),
    ("Terima kasih atas rating bintang 5 dari Kakak!", "id"),
    ("Obrigada pela nota máxima!", "br"),
    ("Cảm ơn bạn đã đánh giá tối đa cho shop!", "vn"),
    ("ขอบคุณที่ให้ดาวเต็มนะคะ", "th"),
    ("Giao hàng tối đa 3 ngày, bạn nhận hàng rồi đánh giá giúp shop nhé.", "vn"),
    # "xử lý" (we'll handle it) is not "xu" (coins)
    ("shop sẽ xử lý ngay, bạn cứ đánh giá thật lòng nhé", "vn"),
    ("Shop xử lý đơn, bạn nhận được hàng thì đánh giá nhé.", "vn"),
])
def test_southeast_asian_and_portuguese_near_misses_stay_clean(text, market):
    assert codes(text, market=market) == []


@pytest.mark.parametrize("text,market,code,at", [
    # Vietnamese: a phone number after "(số) điện thoại", a bare .vn link, the review called
    # "feedback", a mark out of ten asked with "chấm", positive comments only
    ("Nhắn shop qua số điện thoại 0987654321 nhé.", "vn", "CX201", "0987654321"),
    ("Điện thoại: 0987654321", "vn", "CX201", "0987654321"),
    ("Bạn xem thêm tại nhamoc.vn nhé.", "vn", "CX201", "nhamoc.vn"),
    ("Hướng dẫn ở shop.nhamoc.vn/huong-dan nha.", "vn", "CX201", "shop.nhamoc.vn"),
    ("Khách feedback có ảnh được tặng quà nhé.", "vn", "CX101", "tặng quà"),
    ("Feedback 5 sao giúp shop nhé.", "vn", "CX102", "Feedback 5 sao"),
    ("Bạn chấm điểm tối đa cho shop nhé.", "vn", "CX102", "chấm điểm tối đa"),
    ("Bạn chấm 5 điểm cho shop nhé.", "vn", "CX102", "chấm 5 điểm"),
    ("Bạn chấm giúp shop 10 điểm nha.", "vn", "CX102", "chấm giúp shop 10 điểm"),
    ("Bạn chấm điểm cao cho shop nhé.", "vn", "CX102", "chấm điểm cao"),
    ("Bạn để lại nhận xét tích cực cho shop nhé.", "vn", "CX102", "nhận xét tích cực"),
    ("Bạn để lại bình luận tích cực cho shop nhé.", "vn", "CX102", "bình luận tích cực"),
    ("Mong bạn để lại feedback tốt cho shop.", "vn", "CX102", "feedback tốt"),
    # ...a condition on the review itself is still CX104
    ("Khi shop nhận được đánh giá của bạn, shop sẽ hoàn tiền.", "vn", "CX104", "Khi shop"),
    ("Shop sẽ gửi lại hàng mới sau khi bạn để lại feedback.", "vn", "CX104", "sau khi"),
    # Thai: "don't review yet", a good review hoped for, Facebook and IG, money to the
    # shop's account, buying from the shop directly, a deal ending tonight, a gift
    ("ถ้าไม่พอใจอย่าเพิ่งรีวิวนะคะ ทักแชทร้านก่อน", "th", "CX102", "อย่าเพิ่งรีวิว"),
    ("อย่ารีบให้คะแนนนะคะ ทักร้านก่อน", "th", "CX102", "อย่ารีบให้คะแนน"),
    ("ถ้าได้รีวิวดีๆ ร้านจะดีใจมากค่ะ", "th", "CX102", "รีวิวดี"),
    ("ติดต่อเราทางเฟซบุ๊ก", "th", "CX201", "ติดต่อเราทางเฟซบุ๊ก"),
    ("ทักเฟซบุ๊กร้านได้เลยค่ะ", "th", "CX201", "ทักเฟซบุ๊ก"),
    ("ทักแชทเพจเฟซบุ๊กได้ค่ะ", "th", "CX201", "ทักแชทเพจเฟซบุ๊ก"),
    ("ทักมาทาง IG ได้เลยค่ะ", "th", "CX201", "ทักมาทาง IG"),
    ("ไอจีร้าน @baansabai", "th", "CX201", "ไอจีร้าน"),
    ("Our IG is @baansabai", "us", "CX201", "Our IG"),
    ("IG: @baansabai", "us", "CX201", "IG: @b"),
    ("โอนเงินมาที่บัญชีร้านได้เลยค่ะ", "th", "CX202", "โอนเงินมาที่บัญชีร้าน"),
    ("โอนให้ร้านได้เลยค่ะ", "th", "CX202", "โอนให้ร้าน"),
    ("ซื้อผ่านเว็บไซต์ของร้านถูกกว่า", "th", "CX202", "เว็บไซต์ของร้าน"),
    ("สั่งกับร้านโดยตรง ถูกกว่าในแอป", "th", "CX202", "สั่งกับร้านโดยตรง"),
    ("ราคานี้ถูกกว่าในแอปค่ะ", "th", "CX202", "ถูกกว่าในแอป"),
    ("สั่งในช้อปปี้ได้ราคาดีกว่าค่ะ", "th", "CX202", "ช้อปปี้"),
    ("โปรหมดเขตคืนนี้ สั่งเลยค่ะ", "th", "CX301", "โปรหมดเขตคืนนี้"),
    ("ส่วนลดนี้หมดเขตพรุ่งนี้ค่ะ", "th", "CX301", "หมดเขตพรุ่งนี้"),
    ("ส่งฟรีวันนี้เท่านั้นค่ะ", "th", "CX301", "วันนี้เท่านั้น"),
    ("รีวิวพร้อมรูป ร้านมีของแถมให้ค่ะ", "th", "CX101", "แถม"),
    ("รีวิวพร้อมรูป มีของขวัญเล็กๆ ให้ค่ะ", "th", "CX101", "ของขวัญ"),
    ("leave a review with a photo, we have a gift for you", "us", "CX101", "gift"),
    ("Review us today and there's a coupon waiting for you.", "us", "CX101", "coupon"),
    # Malay: money to a named bank, another marketplace for less, a high or full rating
    ("Bank in ke Maybank 1234567890.", "my", "CX202", "Bank in"),
    ("Pindahkan wang ke Maybank 1234567890.", "my", "CX202", "Pindahkan wang ke"),
    ("Pindahkan duit ke akaun kami ya.", "my", "CX202", "Pindahkan duit ke"),
    ("Bayar ke CIMB 8001234567 ya kak.", "my", "CX202", "CIMB 8001234567"),
    ("Hubungi kami di Shopee untuk harga lebih murah.", "my", "CX202", "Shopee"),
    ("Beli di Shopee kami lebih murah.", "my", "CX202", "Beli di Shopee"),
    ("Order from us on Shopee for a lower price.", "my", "CX202", "Order from us on Shopee"),
    ("Mua trên Shopee của shop rẻ hơn nhé.", "vn", "CX202", "Shopee"),
    ("Tolong bagi rating tinggi ya.", "my", "CX102", "Tolong bagi rating tinggi"),
    ("Bagi bintang penuh ya kak.", "my", "CX102", "Bagi bintang penuh"),
    ("Sila beri kami bintang yang penuh.", "my", "CX102", "Sila beri kami bintang yang penuh"),
])
def test_more_vietnamese_thai_and_malay_breaches_are_found_where_they_are(text, market, code,
                                                                           at):
    assert (1, text.index(at) + 1) in where(text, code, market=market)


@pytest.mark.parametrize("text,market", [
    # after the goods arrive, not after the review: no support waits for it
    ("Shop sẽ xử lý ngay, sau khi nhận hàng bạn đánh giá giúp shop nhé", "vn"),
    ("Sau khi nhận hàng, bạn kiểm tra rồi đánh giá giúp shop nhé.", "vn"),
    ("Shop hỗ trợ đổi trả, khi dùng thử xong bạn đánh giá thật lòng nhé.", "vn"),
    # a mark asked for with none named, an honest comment, "VN" and "v.v." are not links
    ("Bạn chấm điểm sản phẩm giúp shop nhé.", "vn"),
    ("Bạn để lại nhận xét thật lòng giúp shop nhé.", "vn"),
    ("Feedback của bạn, tốt hay chưa tốt, shop đều trân trọng.", "vn"),
    ("Hàng VN chất lượng cao, sản xuất tại VN.", "vn"),
    ("Shop có đủ size, màu, v.v. bạn cứ nhắn shop nhé.", "vn"),
    ("Điện thoại của bạn cần bản cập nhật mới nhất để kết nối.", "vn"),
    # "don't throw the box away yet", an honest review, the shop's own chat and delivery
    ("อย่าเพิ่งทิ้งกล่องนะคะ เผื่อต้องเปลี่ยนสินค้า", "th"),
    ("รีวิวตามจริงได้เลยค่ะ ร้านจะดีใจมาก", "th"),
    ("ทางร้านจัดส่งภายในวันนี้ค่ะ ทักแชทร้านได้เลย", "th"),
    ("สั่งซื้อกับร้านในแอปได้เลยค่ะ", "th"),
    # money going back to the buyer is a refund
    ("ร้านโอนเงินคืนเข้าบัญชีของคุณแล้วค่ะ", "th"),
    ("Bayaran balik akan dipindahkan ke akaun bank anda.", "my"),
    ("Kami akan pindahkan wang ke akaun anda dalam 3 hari.", "my"),
    ("Your refund goes back to your Maybank card within 5 days.", "my"),
    # a free replacement is support; a high rating described, not asked for
    ("ร้านมีบริการเปลี่ยนสินค้าให้ฟรีค่ะ รีวิวตามจริงได้เลย", "th"),
    ("Produk ini mendapat rating tinggi daripada pembeli.", "my"),
    ("Bagi ulasan jujur ya kak, berapa bintang pun kami hargai.", "my"),
    # another marketplace named with nothing bought there
    ("Kami juga ada di Shopee.", "my"),
    ("We have a care guide for you in the box; leave an honest review anytime.", "us"),
])
def test_more_vietnamese_thai_and_malay_near_misses_stay_clean(text, market):
    assert codes(text, market=market) == []


@pytest.mark.parametrize("text", [
    "Masalah sudah beres, boleh kakak update ulasannya?",
    "ปัญหาได้รับการแก้ไขแล้ว รบกวนแก้ไขรีวิวให้ด้วยนะคะ",
])
def test_review_update_in_the_markets_own_language_is_relaxed_in_th_and_id_only(text):
    assert codes(text, market="th") == codes(text, market="id") == []
    for market in ("us", "my", "vn", "br"):
        assert codes(text, market=market) == ["CX103"], market


def test_vietnamese_reads_alike_with_accents_without_them_and_with_separate_marks():
    import unicodedata

    composed = "Bạn vui lòng sửa lại đánh giá giúp shop. Nhắn Zalo 0901 234 567 nhé."
    plain = "Ban vui long sua lai danh gia giup shop. Nhan Zalo 0901 234 567 nhe."
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) > len(composed)
    for text in (composed, plain, decomposed):
        found = lint_text(text, market="vn")
        # the columns point at the words as typed: "sửa lại đánh giá", then the number
        # ("Nhắn Zalo" folds into it: one violation, one finding)
        assert [(f.code, f.col) for f in found] == [
            ("CX103", text.index(" s") + 2), ("CX201", text.index("0901") + 1)], text


@pytest.mark.parametrize(("text", "col"), [
    ("Số điện thoại: 0912 345 678", 16),
    # "số" typed as "so" and two marks, "điện" as "đie" and two marks: the same number,
    # two characters further along in the text as typed
    ("So\u0302\u0301 điện thoại: 0912 345 678", 18),
    ("Số đie\u0323\u0302n thoại: 0912 345 678", 18),
    ("So\u0302\u0301 đie\u0323\u0302n thoa\u0323i: 0912 345 678", 21),
])
def test_a_vietnamese_phone_word_typed_with_separate_marks_is_read(text, col):
    assert where(text, "CX201", market="vn") == [(1, col)]


def test_spanish_typed_with_separate_marks_reads_as_typed_whole():
    # "Déjanos" typed as "e" and U+0301: the findings of the precomposed text (CX102 at
    # "5 estrellas", CX101 at "regalamos"), one column further on, after the mark
    text = "De\u0301janos 5 estrellas y te regalamos un cupo\u0301n."
    assert [(f.code, f.col) for f in lint_text(text, market="mx")] == [
        ("CX102", 10), ("CX101", 27)]
    assert where("Por favor, borra tu resen\u0303a.", "CX103", market="mx") == [(1, 12)]


@pytest.mark.parametrize(("text", "col"), [
    ("Xóa review giúp shop", 1),  # only the accents Spanish writes too
    ("Shop xin phép nhờ bạn xóa review", 23),
    ("Xóa review 1 sao dùm shop", 1),
])
def test_vietnamese_with_only_accents_spanish_shares_gets_the_vietnamese_rules(text, col):
    assert where(text, "CX103", market="vn") == [(1, col)]


@pytest.mark.parametrize("text", [
    "Aquí está tu guía: el envío llegará el miércoles.",
    "¿Podrías contarnos qué pasó con tu pedido?",
    "Tu reseña, buena o mala, es bienvenida; también tu foto.",
])
def test_spanish_does_not_open_the_other_languages_rules(text):
    assert not lint_rules.Sentence(0, text).other_language


def test_the_language_pre_check_only_saves_time(monkeypatch):
    """With the cheap look for another language forced open, every labelled message and
    every shipped template gets the same findings: it only skips work."""
    root = Path(__file__).parents[1]
    import yaml

    entries = [(e["text"], e.get("market", "us"))
               for name in ("lint_corpus.yaml", "lint_heldout.yaml")
               for e in yaml.safe_load((root / "tests" / name).read_text(encoding="utf-8"))]
    entries += [(p.read_text(encoding="utf-8"), "us")
                for p in sorted(root.glob("templates/**/*.j2"))]
    before = [lint_text(t, market=m) for t, m in entries]
    monkeypatch.setattr(lint_rules.Sentence, "other_language", property(lambda self: True))
    assert [lint_text(t, market=m) for t, m in entries] == before


_XX_PIECES = st.sampled_from([
    "รีวิว", "5", " ", "ดาว", "รับ", "ครับ", "ส่วนลด", "ไม่", "โอน", "เงิน", "โดยตรง", "ไลน์", "แอด",
    "ๆ", "ที่", "หลังจาก", "คืนเงิน", "จำนวนจำกัด", "ka", "wa", "via", "kami", "zalo", "pix",
    "direto", "voucher", "dapat", "ulasan", "0812", "-", ".", "!", "%", "nhan", "tay",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_XX_PIECES, max_size=30).map("".join))
def test_a_start_guard_never_changes_what_a_thai_or_other_language_rule_matches(text):
    for name, rx in _GUARDED.items():
        if "XX" in name:
            assert ([m.span() for m in rx.finditer(text)]
                    == [m.span() for m in rx.unguarded().finditer(text)]), name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "{{ ", " }}", "{% set n = ", " %}", "{# ", " #}", "'", '"', "\\", "~", " x ", "\n", "\r\n",
    "\r", " ", "Email help@acme.co", "Leave 5 stars for a free gift", "WhatsApp",
    "call +1 415 555 0100", "Hãy đánh giá 5 sao", "nhắn Zalo", "รีวิว 5 ดาว", "ลบรีวิว",
    "kasih bintang 5 dapat voucher", "déjanos 5 estrellas", "LAST CHANCE!!", ".", "é",
    "cx: allow CX201", "<b>", "</b>", "e\u0301", "\u0323\u0302",
    "đie\u0323\u0302n thoại 0912 345 678"]), max_size=18).map("".join))
def test_every_finding_points_inside_the_text_it_was_found_in(text):
    """Whatever a template holds (tags, quotes, line ends of every kind, text in other
    scripts, accents typed as separate marks), the lint ends without an error and every
    line:col it reports is a place in the file: the offsets of literals inside tags, of
    folded Vietnamese text and of composed marks are mapped back to where they were
    written."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in lint_text(text, market="vn"):
        assert 1 <= f.line <= len(lines), (f, text)
        assert 1 <= f.col <= len(lines[f.line - 1]) + 1, (f, text)


# --- Portuguese and Indonesian gaps found writing templates (and two in English) ----------

@pytest.mark.parametrize("text,market,code,at", [
    # Brazilian Portuguese: a small gift for a screenshot of the review
    ("Mande um print da sua avaliação que a gente te manda um mimo.", "br", "CX101", "mimo"),
    ("Deixe sua avaliação e a gente te envia um brinde.", "br", "CX101", "brinde"),
    # the top mark asked with "dê"/"dá" at a clause's start, a thumbs-up of 5 stars, a
    # positive comment, a comment only if it is praise
    ("dê nota máxima para a loja", "br", "CX102", "dê nota máxima"),
    ("Por favor, dê nota 5 pra gente.", "br", "CX102", "dê nota 5"),
    ("Dá um joinha de 5 estrelas?", "br", "CX102", "Dá um joinha"),
    ("Deixa um comentário positivo pra gente!", "br", "CX102", "comentário positivo"),
    ("Escreva um bom comentário sobre a loja.", "br", "CX102", "bom comentário"),
    ("Só comente se for elogio.", "br", "CX102", "se for elogio"),
    ("Avalie a loja só se for positivo.", "br", "CX102", "se for positivo"),
    # the rating called "sua nota", a comment edited
    ("muda sua nota para 5 depois que a gente resolver", "br", "CX103", "muda sua nota"),
    ("Pode editar o comentário negativo?", "br", "CX103", "editar o comentário"),
    ("O reembolso sai assim que você mudar a nota.", "br", "CX104", "assim que"),
    ("Só hoje: aproveite antes que acabe!", "br", "CX301", "Só hoje"),
    ("Garanta o seu antes que esgote.", "br", "CX301", "antes que esgote"),
    # Indonesian: a bare .id domain (in English too), LINE, another marketplace or the
    # shop's own online store to order from
    ("Kunjungi tokorumahkita.id ya Kak.", "id", "CX201", "tokorumahkita.id"),
    ("Visit tokorumahkita.id", "us", "CX201", "tokorumahkita.id"),
    ("Promo lengkap di shop.toko-rumah.id/promo ya Kak.", "id", "CX201", "shop.toko-rumah.id"),
    # ...in capitals, and under a two-letter second level ("co.id", "ac.id", "my.id")
    ("visit SHOP.CO.ID", "id", "CX201", "SHOP.CO.ID"),
    ("Kunjungi TOKORUMAHKITA.ID ya Kak.", "id", "CX201", "TOKORUMAHKITA.ID"),
    ("Promo di Toko.Co.Id/promo ya Kak.", "id", "CX201", "Toko.Co.Id"),
    ("Info di kampus.ac.id dan tokoku.my.id ya Kak.", "id", "CX201", "tokoku.my.id"),
    ("Line kami: @tokorumah", "id", "CX201", "Line kami"),
    ("Add Line kami ya: tokorumah", "id", "CX201", "Line kami"),
    ("Hubungi kami lewat Line ya Kak.", "id", "CX201", "lewat Line"),
    ("Order di Tokopedia kami saja ya Kak.", "id", "CX202", "Order di Tokopedia"),
    ("Beli di Shopee kami lebih murah", "id", "CX202", "Beli di Shopee"),
    ("Harga di Lazada kami lebih murah, Kak.", "id", "CX202", "Lazada kami"),
    ("Pesan langsung di toko online kami supaya lebih murah", "id", "CX202", "Pesan langsung"),
    ("Lebih hemat kalau belanja di toko online kami.", "id", "CX202", "Lebih hemat"),
    # "tulis" (write) asks as "beri" (give) does
    ("Tulis ulasan positif ya Kak.", "id", "CX102", "ulasan positif"),
    ("Tulis ulasan yang bagus ya Kak.", "id", "CX102", "ulasan yang bagus"),
    # a replacement (Indonesian "pengganti") waiting for a review
    ("Kami akan kirim pengganti setelah kakak ubah ulasan.", "id", "CX104", "setelah kakak"),
])
def test_portuguese_and_indonesian_phrasings_templates_missed(text, market, code, at):
    assert (1, text.index(at) + 1) in where(text, code, market=market)


@pytest.mark.parametrize("domain", ["shop.co.id", "SHOP.CO.ID", "Shop.Co.Id/promo"])
def test_a_co_id_link_is_reported_whole_and_can_be_allowed_whole(domain):
    text = f"Kunjungi {domain} ya Kak."
    [found] = [f for f in lint_text(text, market="id") if f.code == "CX201"]
    assert (found.col, f"('{domain}')" in found.message) == (10, True)
    assert "CX201" not in codes(text, market="id", allow_domains=["shop.co.id"])


@pytest.mark.parametrize("text,market", [
    # "nota fiscal" is the invoice; "de nota máxima" after a noun is "of"
    ("Sua nota fiscal já está disponível no app.", "br"),
    ("Nosso produto de nota máxima voltou ao estoque.", "br"),
    ("Dê uma olhada no manual antes de usar.", "br"),
    # comments asked for with no filter, praise or criticism alike
    ("Comente no vídeo qual cor você quer na próxima coleção.", "br"),
    ("Pode comentar o que achou, seja elogio ou crítica.", "br"),
    ("Obrigada pelo comentário positivo!", "br"),
    ("Se não for bom, fale com a gente antes.", "br"),
    ("Se for bom pra você, deixe sua avaliação quando puder.", "br"),
    ("Pode mudar o endereço de entrega no app.", "br"),
    # the shop sending something that is no reward for a review
    ("Mande um print da tela de erro que a gente te ajuda.", "br"),
    ("A gente te manda o código de rastreio por aqui.", "br"),
    # running out that is no sale
    ("Carregue a bateria antes que acabe.", "br"),
    # ".id" that is no domain: a record's id, a file name, a code, upper case
    ("Use order.id in the template.", "id"),
    ("See review_request.id.txt.j2 and review.id.txt for the Indonesian text.", "id"),
    ("obj.id() returns the number.", "id"),
    ("Contoh: a.id, b.id", "id"),
    ("Isi kolom Order.Id di catatan ya Kak.", "id"),
    ("Lihat contoh di Review.Id.txt ya Kak.", "id"),
    # "line" that is no LINE, a marketplace named with no order there, the TikTok shop
    ("Line produk kami sudah lengkap.", "id"),
    ("Deadline kami hari Jumat.", "id"),
    ("Kami juga ada di Shopee, tapi pesanan ini dari TikTok Shop.", "id"),
    ("Pesanan Kakak dari Shopee sudah kami terima?", "id"),
    ("Terima kasih sudah belanja di toko online kami.", "id"),
    ("Order langsung di keranjang kuning ya Kak.", "id"),
    # writing with no filter
    ("Tulis ulasan jujur ya Kak.", "id"),
    ("Tulis nomor pesanan di chat ya Kak.", "id"),
    ("Pengganti kami kirim hari ini; ulasan jujur kakak selalu kami hargai.", "id"),
])
def test_portuguese_and_indonesian_near_misses_of_those_stay_clean(text, market):
    assert codes(text, market=market) == []


@pytest.mark.parametrize("text", [
    "Mohon ubah ulasan bintang 1 Kakak ya, nanti kami kirim pengganti.",
    "Tolong update ulasan ya Kak, nanti dapat voucher.",
    "Please change your 1-star review and we'll send a replacement.",
    "Update your review and you'll get a coupon for your next order.",
    "We'll send a replacement once you update your review.",
    # Thai: "change the review, then get a discount", "... then get a 50-baht coupon",
    # "update the review in exchange for a code", "the shop gives a coupon after you
    # change your review", "change it to 5 stars, then the shop refunds you"
    "แก้รีวิวแล้วรับส่วนลด",
    "ช่วยแก้รีวิวแล้วรับคูปอง 50 บาทค่ะ",
    "อัปเดตรีวิวเพื่อแลกกับโค้ดส่วนลด",
    "ร้านจะให้คูปองหลังจากคุณแก้รีวิว",
    "แก้ไขรีวิวเป็น 5 ดาว แล้วร้านจะคืนเงินให้ค่ะ",
])
def test_an_update_traded_for_something_is_cx103_in_th_and_id_too(text):
    """th and id allow asking for an update once the issue is solved; a replacement,
    refund or gift for the update is not that: CX103 there as in every market."""
    for market in ("us", "th", "id"):
        assert "CX103" in codes(text, market=market), market


@pytest.mark.parametrize("text", [
    "Masalah sudah beres dan pengganti sudah kami kirim, boleh kakak update ulasannya?",
    "Now that the replacement arrived, could you update your review?",
    "Could you update your review? We'll send the replacement today.",
    "Could you update your review now that it's fixed, and we'll keep improving the guide?",
    # Thai: "the problem is solved, please update the review"; "could you update the
    # review? The shop sends the new item today" (two sentences, as in English); "you got
    # the new item? please update the review"
    "ปัญหาได้รับการแก้ไขแล้ว รบกวนแก้ไขรีวิวให้ด้วยนะครับ",
    "รบกวนแก้ไขรีวิวให้หน่อยนะครับ ร้านจะส่งสินค้าใหม่ให้วันนี้ครับ",
    "ได้รับสินค้าใหม่แล้วใช่ไหมคะ รบกวนอัปเดตรีวิวให้หน่อยนะคะ ขอบคุณมากค่ะ",
])
def test_an_update_once_solved_stays_allowed_in_th_and_id(text):
    assert codes(text, market="th") == codes(text, market="id") == []
    assert codes(text, market="us") == ["CX103"]


@pytest.mark.parametrize("text", [
    "Ubah ulasan jadi bintang 5, nanti kami refund",
    # the same refund in Indonesian words: "the refund we'll process", "the money is
    # given back", "the money comes back", "get your money back"
    "Ubah ulasan jadi bintang 5, nanti pengembalian dana kami proses",
    "Ubah ulasan jadi bintang 5, nanti dana dikembalikan",
    "Ubah ulasan jadi bintang 5, nanti uang kembali",
    "Ubah ulasannya ya kak, dan dapatkan pengembalian dana penuh",
])
def test_an_update_traded_for_an_indonesian_refund_is_cx101_and_cx103_in_id(text):
    """"pengembalian dana", "dana dikembalikan", "uang kembali" are the refund "refund"
    is: traded for the update, the update is not the allowed one."""
    found = codes(text, market="id")
    assert "CX101" in found and "CX103" in found


@pytest.mark.parametrize("text", [
    # a refund alone, "the refund will be processed within 3 days"; the update asked once
    # the refund is done, nothing traded for it
    "Pengembalian dana akan kami proses dalam 3 hari",
    "Pengembalian dana sudah kami proses, kalau berkenan boleh ubah ulasannya ya kak",
    "Masalahnya sudah selesai ya kak, boleh ubah ulasannya",
])
def test_an_indonesian_refund_not_traded_stays_clean_in_id(text):
    assert codes(text, market="id") == []


@pytest.mark.parametrize(("text", "at"), [
    # "review and get points" in the spellings Thai shops write, "review and get 100
    # coins", and the English words inside Thai text
    ("รีวิวสินค้าได้พอยท์", "พอยท์"),
    ("รีวิวสินค้ารับพอยต์ 100 พอยต์", "พอยต์"),
    ("รีวิวสินค้าได้พ้อยท์", "พ้อยท์"),
    ("รีวิวแล้วรับแต้มสะสม 50 แต้ม", "แต้ม"),
    ("รีวิว 5 ดาว รับเหรียญ 100 เหรียญ", "รับเหรียญ"),
    ("รีวิวสินค้าแล้วรับ 50 points", "points"),
    ("รีวิวรับ coins", "coins"),
])
def test_cx101_thai_loyalty_points_and_coins_in_any_spelling(text, at):
    assert where(text, "CX101", market="th") == [(1, text.index(at) + 1)]


@pytest.mark.parametrize("text", [
    # "please update the review, you get 50 points"; "the shop hands out / gives coins
    # after you update the review"; "update the review, then get loyalty points"
    "ช่วยแก้ไขรีวิวให้หน่อยนะคะ ได้พอยท์ 50 พอยท์",
    "ร้านจะแจกเหรียญหลังจากคุณแก้รีวิว",
    "ร้านจะให้เหรียญ 100 เหรียญหลังจากคุณแก้รีวิว",
    "แก้รีวิวแล้วรับคะแนนสะสม",
])
def test_a_thai_update_traded_for_points_or_coins_is_cx103_in_th(text):
    assert "CX103" in codes(text, market="th")
    assert "CX101" in codes(text, market="th")


@pytest.mark.parametrize("text", [
    # the commemorative coin the buyer ordered, received; all 2 coins received; a laser
    # pointer; points collected on every order, no review in it
    "ได้รับเหรียญที่ระลึกแล้วใช่ไหมคะ รีวิวได้เลยค่ะ",
    "ได้รับเหรียญครบ 2 เหรียญแล้ว รีวิวได้เลยค่ะ",
    "เลเซอร์พอยท์เตอร์ใช้งานได้ดีไหมคะ รีวิวได้เลยค่ะ",
    "ได้รับสินค้าแล้ว รีวิวได้เลยค่ะ สะสมพอยท์ได้ทุกการสั่งซื้อนะคะ",
])
def test_thai_coins_and_points_look_alikes_stay_clean(text):
    assert codes(text, market="th") == []


@pytest.mark.parametrize(("text", "found"), [
    ("โปรพิเศษ สั่งเลยค่ะ", True),  # "order now", as the English "Order now!" is
    ("กดสั่งเลยนะคะ", True),
    ("ซื้อเลยวันนี้", True),
    ("สินค้าที่สั่งเลยมาถึงแล้วค่ะ", False),  # what was ordered: no push to order
    ("ของที่คุณสั่งเลยส่งให้แล้วนะคะ", False),
    ("ขอบคุณที่สั่งซื้อสินค้ากับร้านค่ะ", False),
])
def test_thai_order_now_is_pressure_as_in_english(text, found):
    assert ("CX301" in codes(text, market="th")) is found


# --- a reward or the order's money back traded for a review, in Thai, Indonesian, Malay,
# Vietnamese and Portuguese, with "get" / "receive" as in English --------------------------

@pytest.mark.parametrize(("text", "market", "at"), [
    # Thai: "change the review to 5 stars and the shop will refund you", "update the review,
    # get 10% off", "review and get a discount code", "review, get points", "give 5 stars
    # then we refund you"
    ("แก้ไขรีวิวเป็น 5 ดาว แล้วร้านจะคืนเงินให้ค่ะ", "th", "คืนเงิน"),
    ("แก้รีวิวได้ส่วนลด 10%", "th", "ส่วนลด"),
    ("รีวิวแล้วได้โค้ดส่วนลด", "th", "โค้ด"),
    ("รีวิวสินค้าได้คะแนนสะสม", "th", "คะแนนสะสม"),
    ("ให้ 5 ดาว แล้วเราจะคืนเงินให้", "th", "คืนเงิน"),
    # Indonesian and Malay: "terima" (receive) ties as "dapat" does; the money back
    ("Tulis ulasan dan terima hadiah", "id", "hadiah"),
    ("Beri ulasan dan dapatkan refund", "id", "refund"),
    ("Ubah ulasan jadi bintang 5, nanti kami refund", "id", "refund"),
    ("Ubah ulasan Kakak, nanti uang kami kembalikan", "id", "uang kami kembalikan"),
    ("Ulas produk ini dan terima voucher diskon", "id", "voucher"),
    ("Dapat refund penuh kalau kasih ulasan", "id", "refund"),
    ("Tulis ulasan dan terima baucar", "my", "baucar"),
    ("Beri ulasan 5 bintang, kami akan bayar balik", "my", "bayar balik"),
    ("Tukar ulasan anda dan terima bayaran balik penuh", "my", "bayaran balik"),
    # Vietnamese: "and get a refund", "the shop will refund", "get an offer", refund first
    ("Đánh giá sản phẩm và được hoàn tiền", "vn", "hoàn tiền"),
    ("Sửa đánh giá thành 5 sao, shop sẽ hoàn tiền cho bạn", "vn", "hoàn tiền"),
    ("Đánh giá và nhận ưu đãi", "vn", "ưu đãi"),
    ("Nhận hoàn tiền khi đánh giá 5 sao", "vn", "hoàn tiền"),
    # Portuguese
    ("Avalie o produto e receba um reembolso", "br", "reembolso"),
    ("Altere sua avaliação para 5 estrelas e devolvemos seu dinheiro", "br",
     "devolvemos seu dinheiro"),
    ("Mude sua avaliação e te reembolsamos", "br", "reembolsamos"),
    ("Receba o reembolso ao avaliar o produto", "br", "reembolso"),
])
def test_cx101_a_reward_or_refund_for_a_review_in_the_shops_language(text, market, at):
    """Found, and the column points at the reward."""
    assert where(text, "CX101", market=market) == [(1, text.index(at) + 1)]


@pytest.mark.parametrize(("text", "market"), [
    # Thai: a refund for a damaged item on its own; "once you get it, feel free to review";
    # thanks for the review, then the refund; the review read, then the refund; the goods
    # received, and a code for next time
    ("ร้านจะคืนเงินให้ค่ะ", "th"),
    ("ถ้าได้รับสินค้าแล้ว รีวิวได้เลยค่ะ", "th"),
    ("ขอบคุณสำหรับรีวิวค่ะ แล้วร้านจะคืนเงินให้ภายใน 3 วัน", "th"),
    ("ร้านได้อ่านรีวิวแล้ว และจะคืนเงินให้ค่ะ", "th"),
    ("ได้รับสินค้าแล้ว รีวิวได้เลยค่ะ ครั้งหน้าใช้โค้ดส่วนลดได้นะคะ", "th"),
    # a refund asked for through the app, or beside a review the buyer wrote
    ("Beri ulasan dan ajukan refund lewat aplikasi", "id"),
    ("Maaf atas ulasan bintang 1, nanti kami refund penuh", "id"),
    ("Terima kasih atas ulasannya, refund sudah kami proses", "id"),
    ("Terima kasih atas ulasan anda, bayaran balik akan diproses", "my"),
    ("Xin lỗi về đánh giá của bạn, shop sẽ hoàn tiền ngay", "vn"),
    ("Bạn cứ đánh giá thoải mái, và yêu cầu hoàn tiền trên ứng dụng", "vn"),
    ("Shop sẽ hoàn tiền cho bạn trong 3 ngày", "vn"),
    ("Avalie o produto e solicite reembolso pelo app", "br"),
    ("Obrigada pela avaliação, e o reembolso já foi feito", "br"),
    ("Seu reembolso já foi aprovado, avalie se quiser", "br"),
])
def test_cx101_a_refund_as_support_in_the_shops_language_is_compliant(text, market):
    assert "CX101" not in codes(text, market=market)
