"""The classifiers read Thai: ticket subcategories, escalations and comment kinds, with
signals matched inside runs of Thai (no spaces between words) and Thai negation and
"what if" cues (rules/triage.yaml and rules/comments.yaml, "Languages"). Also the
comment safety kind in Spanish, Portuguese, Indonesian, Malay and Vietnamese."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_classify_languages import comment_kinds, escalations, subcategories
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

# Hand-labelled Thai tickets: what a Thai shop's support inbox says, and the subcategory
# a person reading it gives it (None: no subcategory).
THAI_TICKETS = [
    ("ของไม่ครบค่ะ", "missing_parts"),
    ("ได้ไม่ครบ ขาดชิ้นส่วน", "missing_parts"),
    ("สั่งไป 2 ชิ้น ได้มาแค่ 1 ชิ้น", "missing_parts"),
    ("ไม่มีสายชาร์จมาให้ในกล่อง", "missing_parts"),
    ("สินค้าแตกมาค่ะ", "damaged"),
    ("กล่องบุบ ของข้างในเสียหาย", "damaged"),
    ("แก้วร้าว มีรอยแตก", "damaged"),
    ("ของเราก็แตกมาเหมือนกัน", "damaged"),
    ("แก้ว แตกในกล่องเลย", "damaged"),
    ("สินค้า แตก", "damaged"),
    ("ยังไม่ได้รับสินค้าเลยค่ะ", "tracking_not_updating"),
    ("ของยังไม่มา สั่งไปอาทิตย์นึงแล้ว", "tracking_not_updating"),
    ("พัสดุไม่ขยับเลย สถานะไม่อัปเดต", "tracking_not_updating"),
    ("ขึ้นว่าจัดส่งสำเร็จแต่ยังไม่ได้รับของ", "delivered_not_received"),
    ("ส่งผิดสีค่ะ สั่งสีดำได้สีขาว", "wrong_variant"),
    ("ได้ของผิด ไม่ตรงกับที่สั่ง", "wrong_variant"),
    ("ใส่ที่อยู่ผิด ขอเปลี่ยนที่อยู่ได้ไหมคะ", "wrong_address"),
    ("ที่อยู่ไม่ครบ", "wrong_address"),
    ("เชื่อมต่อบลูทูธไม่ได้ ตั้งค่ายังไง", "setup_error"),
    ("เปิดไม่ติดเลย", "defective"),
    ("ใช้ได้ 2 วันก็พัง", "defective"),
    ("ชาร์จไม่เข้า", "defective"),
    ("ใช้ไม่ได้ค่ะ", "doesnt_work"),
    ("เล็กไป ขอเปลี่ยนไซส์", "sizing_fit"),
    ("ใส่ไม่เข้า คับไป", "sizing_fit"),
    ("ไม่ตรงปก สีเพี้ยน", "color_size_perception"),
    ("สีแตกต่างจากรูปมาก", "color_size_perception"),
    ("ของจริงเล็กกว่าในรูป", "color_size_perception"),
    ("ไม่เห็นผลเลย โฆษณาเกินจริง", "performance_assumption"),
    # Thai mixed with English
    ("order มาไม่ครบ missing 1 ชิ้น", "missing_parts"),
    ("the box arrived broken ค่ะ", "damaged"),
    ("ได้รับแล้ว แต่ size ผิด", "wrong_variant"),
    # the negation traps: a negated problem is none ...
    ("ของไม่แตก ขอบคุณค่ะ", None),
    ("สินค้าไม่เสียหาย ไม่มีรอยแตก", None),
    ("สินค้าไม่ได้รับความเสียหาย", None),
    ("กล่องไม่บุบเลย", None),
    ("ไม่แตกมาเลย ขอบคุณค่ะ", None),
    ("ร้านห่วยแตกมาก", None),  # slang: the shop is awful
    ("ได้รับครบ ไม่ขาดชิ้นส่วน", None),
    # ... a question about one is none ...
    ("ถ้าของแตกจะทำยังไง", None),
    ("กลัวของไม่ครบ", None),
    # ... and look-alikes: "แตกต่าง" (different), "ส้นเท้าแตก" (cracked heels: what the
    # cream is for), "ส่วนประกอบ" (ingredients), "ขึ้นราคา" (a price rise)
    ("ครีมทาส้นเท้าแตก ใช้ดีมาก", None),
    ("ส่วนประกอบมีอะไรบ้าง", None),
    ("ร้านขึ้นราคาแล้วเหรอ", None),
]


@pytest.mark.parametrize(("message", "expected"), THAI_TICKETS)
def test_a_thai_ticket_gets_its_subcategory(message, expected):
    assert subcategories(message) == [expected]


def test_the_negation_in_a_thai_signal_is_part_of_it():
    """"ไม่ครบ" (incomplete) and "ยังไม่ได้รับ" (not yet received) hold the word "ไม่"
    (not) that cancels "ไม่แตก" (not broken): read whole, they are the problem."""
    assert subcategories("ไม่ครบ", "ไม่แตก", "ยังไม่ได้รับสินค้า", "แตกหัก") == [
        "missing_parts", None, "tracking_not_updating", "damaged"]


def test_a_thai_cue_cancels_only_the_signal_right_after_it():
    """A Thai cue touches its signal; words between need a cue that names them
    ("ไม่มีรอย"), and a cue further back ("ไม่รู้ทำไม", don't know why) cancels nothing."""
    group = SignalGroup.build("damaged", ["แตก"])
    matcher = TextMatcher.build([group], Negation(cues=["ไม่", "ไม่มีรอย"]))
    texts = normalise_texts(pd.Series(["ไม่แตก", "ไม่มีรอยแตก", "ไม่รู้ทำไมแตก", "แตก",
                                       "ของ\u200bแตก"]))
    assert list(matcher.scores(texts)["damaged"]) == [0, 0, 3, 3, 3]
    assert matcher.matches("ไม่แตก") == {"damaged": ["strong: not แตก"]}


def test_a_latin_phrase_keeps_its_whole_words_beside_thai():
    """"size" is a whole word; "ไซส์" is found inside a run of Thai."""
    group = SignalGroup.build("sizing", ["size", "ไซส์"])
    texts = normalise_texts(pd.Series(["size ผิด", "oversized", "ขอเปลี่ยนไซส์ค่ะ"]))
    scores = TextMatcher.build([group], Negation()).scores(texts)["sizing"]
    assert list(scores) == [3, 0, 3]


def test_a_thai_change_of_mind_prepares_a_buyers_remorse_dispute():
    for message in ("เปลี่ยนใจค่ะ ไม่อยากได้แล้ว", "กดสั่งผิด ขอยกเลิก"):
        frame = pd.DataFrame({"ticket_id": ["T1"], "subject": [""], "message": [message]})
        from cx_cli.engines.triage import classify_tickets
        row = classify_tickets(frame).iloc[0]
        assert pd.isna(row["subcategory"])
        assert row["dispute_type"] == "buyers_remorse"


THAI_ESCALATIONS = [
    ("ชาร์จแล้วไฟไหม้", "safety"),
    ("ปลั๊กไฟช็อต มีควันออก", "safety"),
    ("แบตบวมแล้วระเบิด", "safety"),
    ("ชาร์จทิ้งไว้เกือบจะระเบิด", "safety"),
    ("ทาแล้วแพ้ ผื่นขึ้นเต็มหน้า", "safety"),
    ("ใช้แล้วแพ้หนักมาก ต้องไปหาหมอ", "safety"),
    ("ได้ของไม่ครบ จะแจ้ง สคบ.", "dispute_threat"),
    ("ถ้าไม่คืนเงินจะแจ้งความ", "dispute_threat"),
    ("จะฟ้องร้านนะ", "dispute_threat"),
    ("ทักไปหลายรอบแล้วไม่มีใครตอบ", "repeat_contact"),
    ("ติดต่อมาครั้งที่ 3 แล้ว ร้านไม่ตอบแชท", "repeat_contact"),
    # denied, asked about, or listing copy: no escalation
    ("ปลอดภัย ไม่ระเบิด", None),
    ("ไม่มีอาการแพ้ ใช้ดี", None),
    ("ถ้าชาร์จทั้งคืนจะระเบิดไหม", None),
    ("กลัวว่าจะไฟช็อต", None),
    ("ผิวแพ้ง่ายใช้ได้ไหมคะ", None),
    ("ปลั๊กกันไฟดูด ดีมาก", None),
]


@pytest.mark.parametrize(("message", "reason"), THAI_ESCALATIONS)
def test_a_thai_ticket_escalates_for_its_reason(message, reason):
    assert escalations(message) == [reason]


def test_a_thai_missing_parts_ticket_counts_in_the_scorecard(tmp_path):
    """SPEC: missing-parts tickets are those whose subcategory (the tag, else what triage
    reads in the text) is missing_parts. Two of the three W47 tickets say parts are
    missing, in Thai (one mixed with English); the third says nothing is missing."""
    (tmp_path / "g.csv").write_text(
        "id,channel,created_datetime,first_response_datetime,status,subject\n"
        "1,chat,2026-11-17 10:00:00,2026-11-17 11:00:00,closed,ของไม่ครบค่ะ\n"
        "2,chat,2026-11-18 10:00:00,2026-11-18 11:00:00,closed,order ขาดชิ้นส่วน\n"
        "3,chat,2026-11-19 10:00:00,2026-11-19 11:00:00,closed,ได้รับครบ ไม่ขาดชิ้นส่วน\n",
        encoding="utf-8")
    (tmp_path / "cx.yaml").write_text("columns: {tickets: {preset: gorgias}}\n"
                                      "inputs: {tickets: g.csv}\n")
    result = CliRunner().invoke(app, ["scorecard", "-c", str(tmp_path / "cx.yaml"),
                                      "--date", "2026-11-25", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metrics"]["missing_parts_tickets"] == 2


def test_a_thai_safety_ticket_shows_escalated_in_cx_triage(tmp_path):
    """"ชาร์จแล้วไฟไหม้" (it caught fire while charging) is flagged; "ไม่ไหม้" (did not
    burn) beside it is not."""
    path = tmp_path / "tickets.csv"
    path.write_text(
        "ticket_id,order_id,created_at,subject,message\n"
        "S1,O1,2026-11-20 10:00:00,ที่ชาร์จ,ชาร์จแล้วไฟไหม้ ควันออกเต็มห้อง\n"
        "S2,O2,2026-11-20 11:00:00,ที่ชาร์จ,ใช้ดี ไม่มีควัน ไม่ร้อน\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["triage", "--tickets", str(path), "--date",
                                      "2026-11-25", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["ticket_id"]: r for r in json.loads(result.stdout)}
    assert (rows["S1"]["escalate"], rows["S2"]["escalate"]) == (True, False)
    assert rows["S1"]["escalate_reason"] == "safety"


THAI_COMMENTS = [
    ("ดีมากค่ะ ชอบมาก", "none", "praise"),
    ("ปังมากแม่", "none", "praise"),
    ("ตรงปก คุ้มค่า", "none", "praise"),
    ("ราคาเท่าไหร่คะ", "answer", "question"),
    ("มีไซส์ L ไหม", "answer", "question"),
    ("ของแท้ไหมคะ", "answer", "question"),
    ("ของไม่ครบ ขาดชิ้นส่วน", "reply", "missing"),
    ("ส่งผิดสี", "reply", "missing"),
    ("สินค้าแตกมา", "reply", "broken"),
    ("ยังไม่ได้รับสินค้าเลย", "reply", "shipping"),
    ("ใช้ไม่ได้ ห่วยมาก", "reply", "doesnt_work"),
    ("ร้านโกง ของปลอม", "reply", "scam_claim"),
    ("ฟอลกลับด้วยนะ", "hide", "spam"),
    ("สล็อตเว็บตรง ฝากถอนไม่มีขั้นต่ำ", "hide", "spam"),
    ("ไอ้โง่ หุบปาก", "hide", "harassment"),
    ("กลับประเทศมึงไป", "hide", "hate"),
    ("ชาร์จแล้วไฟไหม้", "reply", "safety"),
    ("ใช้แล้วแพ้ ผื่นขึ้น", "reply", "safety"),
    # negated, asked about, look-alikes
    ("ของไม่แตก ดีมาก", "none", "praise"),
    ("ไม่ดีมาก", "none", "other"),
    ("ปลอดภัย ไม่ระเบิด ใช้ดี", "none", "praise"),
    ("ถ้าชาร์จทั้งคืนจะระเบิดไหม", "answer", "question"),
    ("จะไหม้ไหม", "answer", "question"),
    ("ผิวแพ้ง่ายใช้ได้ไหม", "answer", "question"),
    ("ผ้าไหมสวยมาก", "none", "praise"),
    ("ขนมปังอร่อย", "none", "other"),
]


@pytest.mark.parametrize(("text", "action", "kind"), THAI_COMMENTS)
def test_a_thai_comment_gets_its_kind(text, action, kind):
    assert comment_kinds(text) == [(action, kind)]


def _matchers(rules: object, seen: set[int] | None = None) -> list[TextMatcher]:
    """Every TextMatcher a rules object holds, however deep."""
    seen = set() if seen is None else seen
    if id(rules) in seen:
        return []
    seen.add(id(rules))
    if isinstance(rules, TextMatcher):
        return [rules]
    if isinstance(rules, dict):
        children = list(rules.values())
    elif isinstance(rules, list | tuple):
        children = list(rules)
    else:
        children = list(getattr(rules, "__dict__", {}).values())
    return [m for child in children for m in _matchers(child, seen)]


def test_thai_signals_looked_for_only_in_thai_texts_count_as_the_whole_list_does():
    """A list with Thai signals looks for them only in the texts that hold a Thai
    letter (English texts take the time they took before): per text, the same count as
    the whole list in one pattern, in Thai, English and mixed texts alike."""
    import pyarrow as pa

    from cx_cli.engines.comments import load_comment_rules
    from cx_cli.engines.text_signals import _Scan, count_matches
    from cx_cli.engines.triage_rules import load_triage_rules

    texts = [t for t, _ in THAI_TICKETS] + [
        "the box arrived broken", "parts are missing, no screws", "ของไม่ครบ missing parts",
        "it caught fire ไฟไหม้", "ดีมาก love it", "", "สวยมากค่ะ 😍", "wrong item ส่งผิด"]
    arr = normalise_texts(pd.Series(texts))
    tiers = 0
    for rules in (load_triage_rules(), load_comment_rules()):
        for matcher in _matchers(rules):
            scan = _Scan(matcher.without_ignored(arr), matcher._negator)
            for group in matcher.groups:
                for tier in (group.strong, group.weak, group.unless):
                    if tier is None or tier.thai is None:
                        continue
                    tiers += 1
                    assert (scan._re2_counts(tier) == count_matches(scan.arr, tier.source)
                            ).all(), tier.thai
    assert tiers > 20
    english = _Scan(pa.array(["the box arrived broken"]), None)
    assert len(english.thai_rows) == 0


def test_a_thai_danger_about_to_happen_is_a_safety_report():
    """"มันจะระเบิด" (it's going to explode) reports a danger; "จะระเบิดไหม" (will it
    explode?) asks, as "ถ้า..." (if) does."""
    assert escalations("มันจะระเบิด", "แบตบวม มันจะระเบิดแล้ว", "จะระเบิดไหมคะ",
                       "ชาร์จทั้งคืนจะระเบิดหรือเปล่า") == ["safety", "safety", None, None]
    assert comment_kinds("มันจะระเบิด")[0] == ("reply", "safety")
    assert comment_kinds("จะระเบิดไหมคะ")[0][1] != "safety"


def test_a_missing_free_gift_is_missing_parts():
    """"ยังไม่ได้ของแถม" (no free gift yet) came in a delivered parcel: missing parts, not
    a parcel that has not come ("ยังไม่ได้ของ", still no goods)."""
    assert subcategories("ยังไม่ได้ของแถม", "ไม่ได้รับของแถมค่ะ", "ยังไม่ได้ของเลยค่ะ") == [
        "missing_parts", "missing_parts", "tracking_not_updating"]
    assert comment_kinds("ยังไม่ได้ของแถม", "ยังไม่ได้ของเลย") == [
        ("reply", "missing"), ("reply", "shipping")]
