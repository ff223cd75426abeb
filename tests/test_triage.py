"""Support triage: the engine on inline frames, the rules file, and `cx triage`."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from _tables import table_rows
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.clusters import find_clusters
from cx_cli.engines.triage import TRIAGE_KEYS, classify_tickets
from cx_cli.engines.triage_rules import DEFAULT_TRIAGE_RULES, SAVED_REPLIES, load_triage_rules
from cx_cli.errors import ConfigError

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[1] / "examples"  # the sample shop


def tickets(*rows: tuple[str, str], **columns) -> pd.DataFrame:
    """A tickets frame from (subject, message) pairs."""
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(1, len(rows) + 1)],
                          "subject": [r[0] for r in rows], "message": [r[1] for r in rows]})
    for name, values in columns.items():
        frame[name] = values
    return frame


def one(subject: str, message: str = "", **columns) -> dict:
    return classify_tickets(tickets((subject, message), **columns)).iloc[0].to_dict()


# --- classification ----------------------------------------------------------------------

@pytest.mark.parametrize(("subject", "message", "subcategory"), [
    ("Where is it", "Tracking still says label created after 6 days", "tracking_not_updating"),
    ("", "says delivered but i never got it, nothing at my door", "delivered_not_received"),
    ("Address", "I typed the wrong zip code, can you fix the address?", "wrong_address"),
    ("Broken", "the vase came smashed, box was crushed", "damaged"),
    ("", "only received 2 of the 3 candles I paid for", "missing_parts"),
    ("Dead", "it stopped working after two days and won't turn on", "defective"),
    ("", "I ordered size M and you sent size XL", "wrong_variant"),
    ("Help", "can't get it to work, what am I doing wrong?", "doesnt_work"),
    ("", "the jeans run small, too tight in the waist", "sizing_fit"),
    ("", "the earbuds won't pair with my phone over bluetooth", "setup_error"),
    ("", "the colour is much darker than in the pictures", "color_size_perception"),
    ("", "I thought it would remove stains, no difference at all", "performance_assumption"),
])
def test_rules_place_each_subcategory(subject, message, subcategory):
    row = one(subject, message)
    assert row["subcategory"] == subcategory
    assert row["source"] == "rules"


def test_a_tagged_ticket_keeps_its_tag():
    frame = tickets(("Where is my order", "Tracking has not moved in a week"),
                    ("Where is my order", "Tracking has not moved in a week"),
                    subcategory=["Missing Parts", None], category=["whatever", None])
    out = classify_tickets(frame)
    assert out.loc[0, ["category", "subcategory", "source"]].tolist() == [
        "product_issue", "missing_parts", "tagged"]
    assert out.loc[0, "reply_template"] == "missing_parts"
    assert out.loc[1, ["subcategory", "source"]].tolist() == ["tracking_not_updating", "rules"]


def test_a_category_tag_narrows_the_rules_to_its_subcategories():
    frame = tickets(("Damaged", "box crushed and the tracking never updated"),
                    category=["Shipping"])
    row = classify_tickets(frame).iloc[0]
    assert (row["category"], row["subcategory"]) == ("shipping", "tracking_not_updating")


@pytest.mark.parametrize(("message", "subcategory"), [
    ("No damage to the box, but it won't turn on", "defective"),
    ("Nothing is broken, it's just the wrong colour", "wrong_variant"),
    ("The parcel was not damaged at all but the lid is missing", "missing_parts"),
])
def test_negated_signals_do_not_count(message, subcategory):
    assert one("", message)["subcategory"] == subcategory


@pytest.mark.parametrize("message", [
    "it arrived not broken at all, love it",
    "it arrived and it was not damaged",
    "the mug was not even slightly cracked and works great",
    "received it with no damage, thank you",
    "the zipper is not stuck anymore, thanks",
    "the waist is not tight at all",
])
def test_a_cue_inside_a_signal_cancels_its_last_word(message):
    """A signal like /arrived … broken/ reads "it arrived not broken" as praise."""
    row = one("", message)
    assert row["category"] == "unclassified", row["subcategory"]


@pytest.mark.parametrize(("message", "subcategory"), [
    ("arrived broken", "damaged"),
    ("not working, arrived broken", "damaged"),
    ("it's not good, the glass was broken", "damaged"),
    ("the box was not sealed and the glass was broken", "damaged"),
    # a signal whose own words hold the cue keeps it
    ("the charger will not turn on", "defective"),
    ("it does not work at all", "doesnt_work"),
    ("my package has not been delivered yet", "tracking_not_updating"),
    ("tracking hasnt moved stuck at the facility", "tracking_not_updating"),
])
def test_a_cue_inside_leaves_complaints_classified(message, subcategory):
    assert one("", message)["subcategory"] == subcategory


def test_negation_is_the_same_in_re2_and_in_the_python_fallback():
    from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

    negation = Negation(cues=["not", "no"], window=3, breakers=["but"])
    by_re2 = TextMatcher((SignalGroup.build("g", ["broken"]),), negation)
    # A look-ahead RE2 cannot run: this group is checked by Python's re.
    by_python = TextMatcher((SignalGroup.build("g", [r"/broken(?=\b)/"]),), negation)
    texts = normalise_texts(pd.Series([
        "not broken", "not at all broken", "it is not, broken", "no but broken",
        "never broken", "not one two three broken"]))
    expected = [0, 0, 3, 3, 3, 3]
    assert by_re2.scores(texts)["g"].tolist() == expected
    assert by_python.scores(texts)["g"].tolist() == expected

    gaps = [r"/arrived (\w+ ){0,3}broken/", r"/(doesnt|does not) work/"]
    by_re2 = TextMatcher((SignalGroup.build("g", gaps),), negation)
    by_python = TextMatcher((SignalGroup.build("g", [r"/arrived (\w+ ){0,3}broken(?=\b)/",
                                                     *gaps[1:]]),), negation)
    texts = normalise_texts(pd.Series([
        "arrived not broken", "arrived not at all broken", "arrived, not broken",
        "arrived no but broken", "arrived broken", "not arrived broken", "it does not work",
        "arrived not broken, it does not work"]))
    expected = [0, 0, 0, 3, 3, 0, 3, 3]
    assert by_re2.scores(texts)["g"].tolist() == expected
    assert by_python.scores(texts)["g"].tolist() == expected


# Words, signals and cues a negation can play with: texts made of them exercise the
# cue before a match, inside its gap, the breakers, punctuation and a match's own cue.
_WORDS = ["not", "no", "never", "but", "and", "it", "arrived", "was", "broken", "does",
          "work", "box", "scratched", "x", ",", "?", "\x01"]
_SIGNALS = ["broken", "scratched", r"/arrived (\w+ ){0,3}(broken|scratched)\b/",
            r"/(was|box)\b.{0,12}\b(broken|scratched)/", r"/(doesnt|does not|not) work/"]


@pytest.mark.parametrize(("cues", "breakers"), [
    (["not", "no", "never"], ["but", "and"]),
    (["not", "no", "never", r"/(does|was) (it|x)/"], ["but", "and"]),
    # a breaker holding a cue's word, and breakers side by side ("but and does")
    (["not", "no", "never", r"/(does|was) (it|x)/"], ["but", "and", "and does"]),
])
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12), min_size=1, max_size=4),
       st.integers(1, 4))
def test_negation_is_the_same_in_re2_and_in_python_for_any_text(cues, breakers, texts,
                                                                  window):
    """pyarrow's RE2 checks every match of a column at once; Python's re one at a time
    (with a /regex/ cue too)."""
    from dataclasses import replace

    from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

    negation = Negation(cues=cues, window=window, breakers=breakers)
    group = SignalGroup.build("g", _SIGNALS)
    by_python = replace(group, strong=replace(group.strong, re2=False))
    arr = normalise_texts(pd.Series([" ".join(words) for words in texts]))
    assert (TextMatcher((group,), negation).scores(arr)["g"].tolist()
            == TextMatcher((by_python,), negation).scores(arr)["g"].tolist())


@pytest.mark.parametrize(("cues", "near"), [
    # a cue written around the signal ("có … không"): before it, and after it
    (["not", "was … x"], []),
    (["never", "does … /x\\s*\\?/"], ["no"]),
    # a near cue alone: only a signal right after it
    ([], ["no", "/it( x)?/"]),
])
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12), min_size=1, max_size=4),
       st.integers(1, 4))
def test_framing_and_near_cues_are_the_same_in_re2_and_in_python_for_any_text(cues, near,
                                                                              texts, window):
    """The cues written around a signal and the near cues read alike in RE2 over the
    column (the labels) and in Python one match at a time (what an explanation shows)."""
    from dataclasses import replace

    from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

    negation = Negation(cues=cues, near=near, window=window, breakers=["but", "and"])
    group = SignalGroup.build("g", _SIGNALS)
    by_python = replace(group, strong=replace(group.strong, re2=False))
    arr = normalise_texts(pd.Series([" ".join(words) for words in texts]))
    assert (TextMatcher((group,), negation).scores(arr)["g"].tolist()
            == TextMatcher((by_python,), negation).scores(arr)["g"].tolist())


_THAI_WORDS = ["ไม่", "แตก", "ของ", "ก็", "มา", "ครบ", "ถ้า", "จะ", "ไหม", " ", ",", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_THAI_WORDS), max_size=12), min_size=1, max_size=4))
def test_thai_cues_are_the_same_in_re2_and_in_python_for_any_text(texts):
    """Thai, written without spaces: a Thai cue cancels a signal that starts where it
    ends, or says itself what may stand between (a /regex/ cue), and a signal holding
    the cue's word is its own; alike in RE2 and in Python."""
    from dataclasses import replace

    from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

    negation = Negation(cues=["ไม่", "/ถ้า[ก-๛]{0,6}/", "จะ … ไหม", "not"], window=3,
                        breakers=["but"])
    group = SignalGroup.build("g", ["แตก", "/ของ(ก็)?แตก/", "ไม่ครบ", "/มา[ก-๛]{0,2}แตก/"])
    by_python = replace(group, strong=replace(group.strong, re2=False))
    arr = normalise_texts(pd.Series(["".join(words) for words in texts]))
    assert (TextMatcher((group,), negation).scores(arr)["g"].tolist()
            == TextMatcher((by_python,), negation).scores(arr)["g"].tolist())


def test_a_breaker_that_holds_a_cue_word_keeps_it_from_being_a_cue():
    """"why does it leak?" reports a leak that "does it leak?" only asks about, even
    right after another breaker."""
    from dataclasses import replace

    from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

    negation = Negation(cues=["not", "/does it/"], window=3, breakers=["but", "why does"])
    group = SignalGroup.build("g", ["leak"])
    by_python = replace(group, strong=replace(group.strong, re2=False))
    texts = normalise_texts(pd.Series(["does it leak", "why does it leak", "not leak",
                                       "love it but why does it leak", "love it but does it leak"]))
    expected = [0, 3, 0, 3, 0]
    assert TextMatcher((group,), negation).scores(texts)["g"].tolist() == expected
    assert TextMatcher((by_python,), negation).scores(texts)["g"].tolist() == expected


_IGNORE = ["never broken", "it", r"/box (\w+ )?scratched/", r"/(no|not) (\w+ )?work/"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12), min_size=1, max_size=4),
       st.integers(1, 4))
def test_ignored_phrases_read_the_same_in_re2_in_python_and_in_an_explanation(texts, window):
    """`ignore` phrases are replaced before any signal is read: by RE2 over the column,
    by Python's re where RE2 cannot run them, and one text at a time when explaining."""
    from dataclasses import replace

    from cx_cli.engines.text_signals import (
        MAX_COUNT,
        STRONG_POINTS,
        Negation,
        SignalGroup,
        TextMatcher,
        normalise_texts,
    )

    negation = Negation(cues=["not", "no", "never"], window=window, breakers=["but", "and"])
    group = SignalGroup.build("g", _SIGNALS)
    by_re2 = TextMatcher.build((group,), negation, _IGNORE)
    assert by_re2.ignore is not None and by_re2.ignore.re2
    by_python = TextMatcher((replace(group, strong=replace(group.strong, re2=False)),),
                            negation, replace(by_re2.ignore, re2=False))
    arr = normalise_texts(pd.Series([" ".join(words) for words in texts]))
    points = by_re2.scores(arr)["g"].tolist()
    assert by_python.scores(arr)["g"].tolist() == points
    for text, got in zip(arr.to_pylist(), points, strict=True):
        kept = [m for m in by_re2.matches(text).get("g", []) if not m.startswith("strong: not ")]
        assert got == STRONG_POINTS * min(len(kept), MAX_COUNT)


def test_an_ignored_phrase_is_read_as_one_plain_word():
    from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

    group = SignalGroup.build("g", ["peeling", r"/arrived (\w+ ){0,2}broken/"])
    matcher = TextMatcher.build((group,), Negation(cues=["not"]), ["foot peeling mask"])
    texts = normalise_texts(pd.Series(["foot peeling mask", "the foot peeling mask is peeling",
                                       "the foot peeling mask arrived broken",
                                       "not foot peeling mask peeling"]))
    # one word: "not _ peeling" is in the cue's reach
    assert matcher.scores(texts)["g"].tolist() == [0, 3, 3, 0]
    assert matcher.matches("the foot peeling mask arrived broken") == {
        "g": ["strong: arrived broken"]}


_IGNORE_LOOKING = ["never broken", r"/box (\w+ )?scratched/",
                   r"/\bit(?<!not it)\b/", r"/(?<!\bbut )work\b/"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12), min_size=1, max_size=4))
def test_an_ignore_entry_with_a_look_around_reads_the_same_by_column_and_by_text(texts):
    """RE2 reads the entries it can run over the column; Python each look-around entry
    after them, in the texts RE2 finds it may match in: as for one text at a time, and
    as Python's re applying the entries in that order."""
    import re

    from cx_cli.engines.text_signals import (
        IGNORED,
        Negation,
        SignalGroup,
        TextMatcher,
        _signal_source,
        normalise_texts,
    )

    matcher = TextMatcher.build((SignalGroup.build("g", _SIGNALS),), Negation(cues=["not"]),
                                _IGNORE_LOOKING)
    assert matcher.ignore is not None and not matcher.ignore.re2
    arr = normalise_texts(pd.Series([" ".join(words) for words in texts]))
    plain = re.compile("|".join(f"(?:{_signal_source(e)})" for e in _IGNORE_LOOKING[:2]))
    expected = []
    for text in arr.to_pylist():
        text = plain.sub(IGNORED, text)
        for entry in _IGNORE_LOOKING[2:]:
            text = re.sub(_signal_source(entry), IGNORED, text)
        expected.append(text)
    assert matcher.without_ignored(arr).to_pylist() == expected
    assert [matcher.without_ignored_text(t) for t in arr.to_pylist()] == expected


def test_only_the_look_around_entries_of_the_bundled_ignore_lists_need_python():
    """The leak-proof and candle entries use look-arounds; the rest stays one RE2 pass
    over the column, so a shop whose texts all name its "peel off mask" pays nothing."""
    from cx_cli.engines.comments import load_comment_rules

    for matcher in (load_triage_rules().disputes, load_comment_rules().matcher):
        plain, others = matcher._ignore_parts
        assert plain is not None and plain.re2
        assert 1 <= len(others) <= 3
        assert all(entry.prefilter is not None for entry in others)



@pytest.mark.parametrize("source, expected", [
    (r"a(?!b)c", "ac"),
    (r"\d{3}(?! (?:days?|hours?))x", r"\d{3}x"),
    (r"(?<=\$)\d+(?<!0)", r"\d+"),
    (r"[(?!]x\(?=y\)", r"[(?!]x\(?=y\)"),  # a class and escaped parens are not groups
    (r"a(?=[)])b", "ab"),
])
def test_without_lookarounds_drops_only_the_lookaround_groups(source, expected):
    from cx_cli.engines.text_signals import without_lookarounds

    assert without_lookarounds(source) == expected


def test_a_prefiltered_python_tier_counts_as_the_plain_python_scan():
    """Rows the RE2 prefilter rules out are never matches: the counts are the same."""
    from dataclasses import replace

    from cx_cli.engines.text_signals import Negation, SignalGroup, TextMatcher, normalise_texts

    group = SignalGroup.build("g", [r"/\d{3} ?\d{4}(?! (?:days?|pieces?))/", "broken"])
    assert not group.strong.re2 and group.strong.prefilter is not None
    plain = replace(group, strong=replace(group.strong, prefilter=None))
    negation = Negation(cues=["not"], window=3)
    texts = normalise_texts(pd.Series([
        "call 555 1234 now", "555 1234 days", "not 555 1234", "no digits", None,
        "555 1234 and 555 9876 pieces", "broken, 555 1234"]))
    with_prefilter = TextMatcher((group,), negation).scores(texts)["g"]
    assert with_prefilter.tolist() == TextMatcher((plain,), negation).scores(texts)["g"].tolist()
    assert with_prefilter.tolist() == [3, 0, 0, 0, 0, 3, 6]

def test_only_negated_signals_leave_a_ticket_unclassified():
    row = one("Order", "It arrived safely, not damaged, thank you")
    assert row["subcategory"] is pd.NA or row["subcategory"] is None
    assert row["category"] == "unclassified" and row["source"] == "rules"
    assert row["reply_template"] == "ack_timeline"


def test_outputs_per_subcategory():
    row = one("Broken", "the glass arrived shattered")
    assert row["dispute_type"] == "damaged"
    assert row["reply_template"] == "damaged"
    assert "photo" in row["proof"].lower() and "order number" in row["proof"].lower()
    row = one("", "I changed my mind, how do I return it?")
    assert (row["category"], row["dispute_type"], row["reply_template"]) == (
        "unclassified", "buyers_remorse", "refund_return")


def test_every_reply_in_the_bundled_rules_is_a_saved_reply():
    spec = load_triage_rules().spec
    replies = {r.reply for r in spec.subcategories.values()}
    replies |= {spec.unclassified.reply, spec.solved_reply}
    replies |= {s.reply for s in spec.dispute_signals.values() if s.reply}
    assert replies <= set(SAVED_REPLIES)
    templates = Path(__file__).parent.parent / "templates" / "replies"
    if templates.is_dir():
        assert {p.name.split(".")[0] for p in templates.glob("*.txt.j2")} >= replies


# --- escalation -------------------------------------------------------------------------

@pytest.mark.parametrize(("message", "reason"), [
    ("the charger sparked and there was smoke", "safety"),
    ("the box arrived crushed; I will file a chargeback with my bank", "dispute_threat"),
    ("this is the third time I'm writing, the tracking still has not moved", "repeat_contact"),
])
def test_escalation_signals(message, reason):
    row = one("", message)
    assert row["escalate"] is True or row["escalate"] == True  # noqa: E712
    assert reason in row["escalate_reason"]


@pytest.mark.parametrize("message", [
    "the charger caught fire", "this is a fire hazard",
    "there was smoke coming out of the charger", "the charger started smoking",
    "it smells like burning plastic", "the cream burned my skin", "the plug is burnt",
    "my daughter got a rash from this", "my kid had an allergic reaction",
    "it gave me an electric shock", "her lips started swelling", "the paint smells toxic",
    "found mold inside the bottle", "there was black mold in the lid",
    "the water tank is mouldy",
])
def test_safety_escalates(message):
    assert "safety" in str(one("", message)["escalate_reason"])


@pytest.mark.parametrize("message", [
    "I ordered the Smoke Grey one, when will it ship?",
    "the fire red lipstick looks orange on me",
    "the burnt orange sweater runs small",
    "the candle smells like burnt sugar, too sweet for me",
    "the sunburn relief gel leaked in the box",
    "fat burning cream did nothing for me",
    "the hypoallergenic earrings tarnished in a week",
    "non-toxic paint set arrived with two colours missing",
    "the rash guard is too tight in the arms",
    "shock absorbing insoles are too thin",
    "I was shocked how small it is",
    "the ice roller reduces swelling but the handle snapped",
    "the silicone cake mold arrived cracked",
])
def test_a_listing_colour_material_or_claim_is_no_safety_issue(message):
    assert "safety" not in str(one("", message)["escalate_reason"])


@pytest.mark.parametrize(("message", "subcategory"), [
    ("the silicone ice cube mold smells weird", None),
    ("the candle smells like burnt sugar, too sweet for me", None),
    ("there is mold in the water tank", "defective"),
    ("the unit gets hot and smells like burning plastic", "defective"),
    ("the set comes in 12 pieces but the lid is missing", "missing_parts"),
    ("the bowl was in two pieces when I opened the box", "damaged"),
])
def test_mould_burns_and_pieces_as_defects_not_as_products(message, subcategory):
    found = one("", message)["subcategory"]
    assert (None if pd.isna(found) else found) == subcategory


# --- the buyers' languages: what the comment rules were taught, read in tickets too -----

def _sub(message: str) -> str | None:
    found = one("", message)["subcategory"]
    return None if pd.isna(found) else found


def _reasons(message: str) -> str:
    found = one("", message)["escalate_reason"]
    return "" if pd.isna(found) else found


@pytest.mark.parametrize("message", [
    "có vợ rồi", "mua cho vợ rồi", "bị vợ mắng", "co vo roi",
])
def test_a_vietnamese_wife_is_no_broken_product(message):
    """"vợ" (a wife) reads "vo" as "vỡ" (broken) does."""
    assert _sub(message) is None


@pytest.mark.parametrize("message", [
    "caixa veio amassada mas o produto ok",
    "la caja llegó aplastada pero el producto bien",
    "kotak penyok tapi barang aman",
    "hộp bị móp nhưng hàng vẫn ok",
    "the box was crushed but the product is fine",
])
def test_a_damaged_box_with_the_product_fine_is_no_damaged_ticket(message):
    """No packaging subcategory, and no damaged reply nor dispute for a product with
    nothing wrong: the ticket is left unclassified, with the acknowledgement."""
    row = one("", message)
    assert pd.isna(row["subcategory"]) and row["category"] == "unclassified"
    assert pd.isna(row["dispute_type"]) and row["reply_template"] == "ack_timeline"


@pytest.mark.parametrize("message", [
    "hàng vỡ rồi", "bị vỡ mất",
    "caixa amassada e o produto quebrado",
    "caixa veio amassada mas o produto não está ok",
    "tiene un golpe", "llegó con un golpe en la esquina",
])
def test_a_broken_product_or_a_dent_beside_those_is_still_damaged(message):
    row = one("", message)
    assert (row["subcategory"], row["dispute_type"]) == ("damaged", "damaged")
    assert "dispute_threat" not in _reasons(message)


@pytest.mark.parametrize(("message", "subcategory"), [
    ("vieram só 2 de 3", "missing_parts"),
    ("llegaron 2 de 3", "missing_parts"),
    ("cuma dapat 2 padahal pesan 3", "missing_parts"),
    ("dapat 2 padahal pesan 3", "missing_parts"),
    ("llegaron 3 de 3", None),
    ("recebi 2 de 2", None),
    # does not turn on: a fault, as "gak mau nyala" is (the doesnt_work saved reply)
    ("tak boleh on", "defective"),
    ("gak bisa on kak", "defective"),
    ("pengiriman gak bisa on time", None),
    ("kalau gak bisa on gimana?", None),
])
def test_fewer_items_than_ordered_and_does_not_turn_on(message, subcategory):
    assert _sub(message) == subcategory


@pytest.mark.parametrize("message", [
    "barang palsu", "produknya palsu", "é golpe", "golpe!!", "é um golpe", "caí no golpe",
    "esto es un golpe",
])
def test_a_fake_goods_or_scam_claim_escalates_as_a_dispute_threat(message):
    assert _reasons(message) == "dispute_threat"


@pytest.mark.parametrize("message", [
    "bulu mata palsu", "kuku palsu cantik", "ini palsu ke?", "apakah barang ini palsu",
    "barang ori, bukan barang palsu", "tiene un golpe", "qué golpe trae la caja",
    "me llegó de golpe todo", "golpe de calor",
])
def test_false_lashes_a_question_or_a_dent_is_no_scam_claim(message):
    assert _reasons(message) == ""


@pytest.mark.parametrize("message", [
    "this is fake", "you sent me a fake", "the bag is counterfeit", "counterfeit product",
    "this is a cheap knock-off", "these are knockoffs", "i got a cheap knock off",
    "it is not authentic", "this isn't genuine", "this is not the real one",
    "these are fake airpods", "the fake plant is fine but the bag is fake",
    "this is a scam, I want my money back", "this shop is a scam", "total scam!!",
    "you scammed me",
])
def test_an_english_fake_goods_claim_escalates_as_a_dispute_threat(message):
    """A US seller's most serious ticket, read where "scam" and "barang palsu" go."""
    row = one("", message)
    assert row["escalate_reason"] == "dispute_threat" and bool(row["escalate"])


@pytest.mark.parametrize("message", [
    # a thing that is fake by design
    "fake plant looks real", "love these fake lashes", "faux leather jacket",
    "fake nails popped off after a day", "my fake tan came out streaky",
    "the anti-counterfeit sticker is missing",
    # a question, as "ini palsu ke?" is
    "is this authentic?", "is it fake?", "are these counterfeit?", "real or fake?",
    "is this a knockoff or the real brand?", "can you check if it is fake",
    # a negation, and the verb "knock off"
    "it's not fake, I checked", "can you knock off the shipping fee",
    # a question in Portuguese: "is this a scam?"
    "isso é golpe?", "é golpe?", "será que é golpe",
    # ... and in English
    "is this a scam?", "Is this store a scam or legit?", "wondering if this is a scam",
    "is this site legit or a scam?",
])
def test_a_fake_thing_by_design_or_a_question_is_no_dispute_threat(message):
    assert _reasons(message) == ""


@pytest.mark.parametrize(("message", "subcategory"), [
    # "the lid breaks easily": it breaks in use, as "it broke after a week" does
    ("ฝาหักง่าย", "defective"),
    ("แก้วแตกง่ายมาก", "defective"),
    # asked, it is no ticket about damage; arrived broken, it is damage
    ("ฝาหักง่ายไหม", None),
    ("ฝาหัก ง่ายไหมคะ", None),
    ("ได้รับแล้วฝาหัก", "damaged"),
])
def test_a_thai_product_that_breaks_easily_is_defective_not_damaged(message, subcategory):
    assert _sub(message) == subcategory


def test_a_fake_thing_by_design_that_came_broken_is_still_damaged():
    row = one("", "the fake plant arrived broken")
    assert row["subcategory"] == "damaged" and pd.isna(row["escalate_reason"])


def test_repeated_contact_on_one_order_escalates_the_later_ticket():
    frame = tickets(("Wrong colour", "ordered blue got pink"), ("Hello", "any news?"),
                    ("Other", "ordered blue got pink"),
                    order_id=["O1", "O1", "O2"],
                    created_at=pd.to_datetime(["2026-11-01", "2026-11-03", "2026-11-03"]))
    out = classify_tickets(frame)
    assert out["escalate"].tolist() == [False, True, False]
    assert out.loc[1, "escalate_reason"] == "repeat_contact"


def test_a_follow_up_without_the_order_number_is_a_repeat_contact_of_its_buyer():
    """Bob's second ticket (no order number) was not linked to his first (order O1): only
    his third escalated. One buyer's tickets about two orders are two contacts."""
    frame = tickets(("Where is it", "tracking has not moved"), ("Hello", "any news?"),
                    ("Hello", "hello??"), ("Wrong colour", "ordered blue got pink"),
                    ("Late", "tracking has not moved"), ("Hi", "invoice please"),
                    order_id=["O1", None, None, "O7", "O8", None],
                    buyer=["bob", "bob", "bob", "amy", "amy", "cy"],
                    created_at=pd.to_datetime(["2026-11-01", "2026-11-03", "2026-11-05",
                                               "2026-11-01", "2026-11-03", "2026-11-03"]))
    out = classify_tickets(frame)
    assert out["escalate"].tolist() == [False, True, True, False, False, False]
    assert set(out["escalate_reason"].dropna()) == {"repeat_contact"}


def test_repeat_contact_counts_the_window_up_to_each_ticket():
    frame = tickets(("Hi", "a"), ("Hi", "b"), ("Hi", "c"), buyer=["cat"] * 3,
                    created_at=pd.to_datetime(["2026-11-01 00:00:00", "2026-11-15 00:00:00",
                                               "2026-11-15 00:00:01"]))
    # 14 days to the second: still within the window; then the third is cat's second
    # ticket in 14 days whichever way it is counted
    assert classify_tickets(frame)["escalate"].tolist() == [False, True, True]
    frame["created_at"] = pd.to_datetime(["2026-11-01 00:00:00", "2026-11-15 00:00:01",
                                          "2026-12-30 00:00:00"])
    assert classify_tickets(frame)["escalate"].tolist() == [False, False, False]


def test_a_defect_cluster_of_tickets_escalates():
    frame = tickets(*[("Broken", "arrived shattered")] * 3, ("Broken", "arrived shattered"),
                    sku=["A", "A", "A", "B"],
                    created_at=pd.to_datetime(["2026-11-01", "2026-11-03", "2026-11-06",
                                               "2026-11-06"]))
    out = classify_tickets(frame, escalate_after=3, window_days=7)
    assert out["escalate"].tolist() == [True, True, True, False]
    assert set(out["escalate_reason"].dropna()) == {"defect_cluster"}


def test_find_clusters_windows_are_calendar_days():
    events = pd.DataFrame({"id": ["a", "b", "c", "d"], "product": "P", "family": "broken",
                           "time": pd.to_datetime(["2026-11-01 00:10", "2026-11-04 00:00",
                                                   "2026-11-07 23:50", "2026-11-30 00:00"])})
    clusters = find_clusters(events, escalate_after=3, window_days=7)
    assert clusters == [{"product": "P", "complaint": "broken", "count": 3,
                         "first": date(2026, 11, 1), "last": date(2026, 11, 7),
                         "ids": ["a", "b", "c"]}]
    assert find_clusters(events, escalate_after=3, window_days=6) == []


# --- as of a day -------------------------------------------------------------------------

def test_as_of_leaves_out_later_tickets_and_later_resolutions():
    frame = tickets(("Invoice", "can I get an invoice?"), ("Invoice", "can I get an invoice?"),
                    created_at=pd.to_datetime(["2026-11-01 10:00", "2026-11-09 10:00"]),
                    resolved_at=pd.to_datetime(["2026-11-05 10:00", None]),
                    status=["solved", "open"])
    out = classify_tickets(frame, as_of=date(2026, 11, 3))
    assert out["ticket_id"].tolist() == ["T1"]
    assert out.loc[0, "reply_template"] == "ack_timeline"  # not solved yet on the 3rd
    out = classify_tickets(frame, as_of=date(2026, 11, 5))
    assert out.loc[0, "reply_template"] == "outcome_confirmation"


def test_empty_tickets():
    out = classify_tickets(tickets())
    assert len(out) == 0
    assert list(out.columns[:len(TRIAGE_KEYS)]) == list(TRIAGE_KEYS)


# --- the rules file ---------------------------------------------------------------------

def _rules_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_TRIAGE_RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_rules_file_can_change_the_rules(tmp_path):
    path = _rules_copy(tmp_path, "      - shattered\n", "      - shattered\n      - kaputt\n")
    row = classify_tickets(tickets(("", "es ist kaputt")), load_triage_rules(path)).iloc[0]
    assert row["subcategory"] == "damaged"


def test_a_rules_file_can_name_its_own_listing_words(tmp_path):
    message = "the Shattered Glass mosaic kit is lovely"
    assert one("", message)["subcategory"] == "damaged"
    path = _rules_copy(tmp_path, "ignore:\n", "ignore:\n  - shattered glass mosaic\n")
    row = classify_tickets(tickets(("", message)), load_triage_rules(path)).iloc[0]
    assert pd.isna(row["subcategory"])


@pytest.mark.parametrize(("key", "subcategory", "escalate_reason"), [
    ("ignore_in_subcategories", None, "safety"),
    ("ignore_in_escalate", "defective", None),
])
def test_a_phrase_can_be_ignored_by_the_subcategories_or_the_escalations_alone(
        tmp_path, key, subcategory, escalate_reason):
    """A phrase under `ignore_in_subcategories` still escalates; under
    `ignore_in_escalate` it still gives the subcategory."""
    message = "the charger caught fire"
    row = one("", message)
    assert (row["subcategory"], row["escalate_reason"]) == ("defective", "safety")
    path = _rules_copy(tmp_path, f"{key}:\n", f"{key}:\n  - caught fire\n")
    row = classify_tickets(tickets(("", message)), load_triage_rules(path)).iloc[0]
    got = tuple(None if pd.isna(row[c]) else row[c] for c in ("subcategory", "escalate_reason"))
    assert got == (subcategory, escalate_reason)


def test_a_rules_file_without_the_scoped_ignore_lists_still_loads(tmp_path):
    """A copy made before `ignore_in_subcategories` and `ignore_in_escalate` existed: every
    rule reads every phrase, so a candle that "burns too fast" escalates, as it did."""
    import re

    text = DEFAULT_TRIAGE_RULES.read_text(encoding="utf-8")
    start = text.index("ignore_in_subcategories:")
    text = text[:start] + text[text.index("\nsubcategories:", start):]
    # ... and the references to the phrases defined there (burnt food)
    text = re.sub(r"\n *- \*(broke_me_out|i_broke_out|made_me_break_out|burns_food)(?=\n)",
                  "", text)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    rules = load_triage_rules(path)
    assert rules.spec.ignore_in_subcategories == rules.spec.ignore_in_escalate == []
    row = classify_tickets(tickets(("", "this candle burns too fast")), rules).iloc[0]
    assert row["escalate_reason"] == "safety"


def test_the_subcategories_named_under_hypothetical_read_questions_as_no_ticket(tmp_path):
    """Only the rules file decides which subcategories a question cue cancels."""
    question = "what if parts are missing?"
    assert pd.isna(one("", question)["subcategory"])
    path = _rules_copy(tmp_path, "  missing_parts: *product_question\n", "")
    row = classify_tickets(tickets(("", question)), load_triage_rules(path)).iloc[0]
    assert row["subcategory"] == "missing_parts"


def test_a_bad_regex_names_file_line_and_key(tmp_path):
    path = _rules_copy(tmp_path, "      - shattered\n", "      - /broken(/\n")
    with pytest.raises(ConfigError) as err:
        load_triage_rules(path)
    message = str(err.value)
    assert str(path) in message and "subcategories.damaged.strong" in message
    assert "regular expression" in message


def test_a_key_given_twice_in_a_rules_file_is_an_error_naming_its_line(tmp_path):
    path = _rules_copy(tmp_path, "version: 1\n", "version: 1\nversion: 1\n")
    with pytest.raises(ConfigError) as err:
        load_triage_rules(path)
    first = DEFAULT_TRIAGE_RULES.read_text(encoding="utf-8").splitlines().index("version: 1") + 1
    assert (f"{path}:{first + 1}: key 'version' is given twice (first on line {first})"
            in str(err.value))


@pytest.mark.parametrize("regex", ["//", "/x*/", "/(broken)?/"])
def test_a_regex_that_matches_an_empty_text_is_an_error(tmp_path, regex):
    """It would put every ticket in that subcategory."""
    path = _rules_copy(tmp_path, "      - shattered\n", f"      - {regex}\n")
    with pytest.raises(ConfigError) as err:
        load_triage_rules(path)
    assert f"the regular expression {regex} matches an empty text" in str(err.value)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("version: 1\n", "version: 1\ncolour: red\n", "unknown key 'colour'"),
    ("hypothetical:\n  safety:\n", "hypothetical:\n  fire:\n",
     "hypothetical: fire is no reason under escalate"),
    ("    - what if\n", "    - /(?=does) it/\n", "look-around"),
    ("  color_size_perception: *product_question\n",
     "  color_size_perception: *product_question\n  performance_assumption: [what if]\n",
     "performance_assumption has negatable: false"),
    ("    dispute: damaged\n", "    dispute: broken\n", "subcategories.damaged.dispute"),
    ("  - performance_assumption\n", "", "priority"),
])
def test_invalid_rules_files(tmp_path, old, new, expected):
    with pytest.raises(ConfigError, match=expected):
        load_triage_rules(_rules_copy(tmp_path, old, new))


def test_rules_file_that_is_missing_or_not_yaml(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_triage_rules(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("subcategories: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_triage_rules(bad)


def test_engines_do_not_import_the_cli_layer():
    import ast

    for name in ("triage.py", "comments.py"):
        tree = ast.parse((DEFAULT_TRIAGE_RULES.parent.parent / name).read_text())
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                     for a in n.names}
        assert not {m for m in imported if m.split(".")[0] in ("typer", "rich")
                    or m.startswith("cx_cli.cli")}


def test_the_classifier_modules_import_one_way():
    """Signals know no rules file, the rules no classifying, the shared defect clusters
    neither triage nor comments: each can be read (and changed) without those after it."""
    import ast

    engines = DEFAULT_TRIAGE_RULES.parent.parent
    after = {"text_signals": {"triage_rules", "triage", "clusters", "comments"},
             "triage_rules": {"triage", "clusters", "comments"},
             "clusters": {"triage_rules", "triage", "comments"},
             "triage": {"comments"}}
    for name, later in after.items():
        tree = ast.parse((engines / f"{name}.py").read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "cx_cli.engines":
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "cx_cli.engines."):
                imported.add(node.module.split(".")[2])
            elif isinstance(node, ast.ImportFrom | ast.Import):
                modules = [node.module] if isinstance(node, ast.ImportFrom) else [
                    a.name for a in node.names]
                assert not [m for m in modules if (m or "").split(".")[0] in ("typer", "rich")
                            or (m or "").startswith("cx_cli.cli")], name
        assert not imported & later, (name, imported & later)


# --- cx triage -------------------------------------------------------------------------

runner = CliRunner()


def cx(*args: str):
    return runner.invoke(app, list(args))


def test_cli_json_contract():
    result = cx("triage", "--tickets", str(DATA / "triage_tickets.csv"), "--format", "json",
                "--date", "2026-11-10")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["ticket_id"] for r in rows] == [f"T{i}" for i in range(1, 9)]  # T9 is later
    assert set(TRIAGE_KEYS) <= set(rows[0])
    by_id = {r["ticket_id"]: r for r in rows}
    assert (by_id["T1"]["subcategory"], by_id["T1"]["source"]) == ("missing_parts", "tagged")
    assert by_id["T2"]["subcategory"] == "damaged" and by_id["T2"]["dispute_type"] == "damaged"
    assert by_id["T3"]["subcategory"] == "defective"
    assert by_id["T4"]["category"] == "unclassified" and by_id["T4"]["subcategory"] is None
    assert by_id["T4"]["reply_template"] == "outcome_confirmation"
    assert by_id["T5"]["escalate"] is True and "safety" in by_id["T5"]["escalate_reason"]
    assert by_id["T6"]["escalate"] is False and by_id["T7"]["escalate"] is True
    assert "Triage: 8 tickets (1 tagged, 7 by rules)" in result.stderr


def test_cli_untagged_and_open(tmp_path):
    args = ("triage", "--tickets", str(DATA / "triage_tickets.csv"), "-f", "json",
            "--date", "2026-11-30")
    rows = json.loads(cx(*args, "--untagged").stdout)
    assert "T1" not in {r["ticket_id"] for r in rows} and len(rows) == 8
    assert {r["source"] for r in rows} == {"rules"}
    rows = json.loads(cx(*args, "--open").stdout)
    assert "T4" not in {r["ticket_id"] for r in rows} and len(rows) == 8


@pytest.mark.parametrize("command", ["triage", "comments"])
def test_limit_help_says_the_table_shows_every_row_by_default(command):
    """It said "0 for all (as messages due ...)", and messages due shows 1,000 by
    default: the help never said that triage and comments show every row."""
    result = cx(command, "--help")
    text = " ".join(result.stdout.split())
    assert "Table only: show the first N rows (default: all; 0 also shows all)." in text
    assert "as messages due" not in text


def test_cli_table_and_csv(tmp_path):
    result = cx("triage", "--tickets", str(DATA / "triage_tickets.csv"), "--date",
                "2026-11-30", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert "Support triage" in result.stdout and "missing_parts" in result.stdout
    assert "… and 6 more" in result.stdout
    assert "shipping 0 · product_issue" in result.stderr
    every = cx("triage", "--tickets", str(DATA / "triage_tickets.csv"), "--date",
               "2026-11-30", "--limit", "0")  # 0 shows all, as in messages due
    assert every.exit_code == 0 and "more" not in every.stdout
    out = tmp_path / "triage.csv"
    result = cx("triage", "--tickets", str(DATA / "triage_tickets.csv"), "-f", "csv",
                "-o", str(out))
    assert result.exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(",".join(TRIAGE_KEYS)) and len(lines) == 10


@pytest.mark.parametrize("width", [80, 120])
def test_cli_table_on_the_sample_shop_keeps_the_subject_readable(monkeypatch, width):
    """At 80 columns the subject went altogether (at 120 it was cut to 15 characters,
    "Tracking hasn'…") beside names kept whole on one line. Now the source and the
    category go first; at 80 a ticket takes two lines, its names wrapped after an
    underscore and its subject folded between words. The ticket id is always whole."""
    import csv

    monkeypatch.setenv("COLUMNS", str(width))
    args = ("triage", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25")
    table = runner.invoke(app, [*args, "--open"], terminal_width=width)
    assert table.exit_code == 0, table.output
    expected = json.loads(cx(*args, "--open", "-f", "json").stdout)
    with open(SAMPLE / "tickets.csv", encoding="utf-8", newline="") as f:
        subjects = {r["ticket_id"]: r["subject"] for r in csv.DictReader(f)}
    lines = table.stdout.splitlines()
    assert max(map(len, lines)) <= width
    header = next(line for line in lines if "ticket" in line)
    assert [h.strip() for h in header.strip("┃").split("┃")] == \
        ["ticket", "subcategory", "reply", "escalate", "subject"]
    rows = table_rows(table.stdout, key=0)
    assert [r[0] for r in rows] == [r["ticket_id"] for r in expected]
    for row, ticket in zip(rows, expected, strict=True):
        assert row[1:3] == [ticket["subcategory"] or "—", ticket["reply_template"]]
        assert row[3] == ("yes" + (f" ({ticket['escalate_reason']})"
                                   if ticket["escalate_reason"] else "")
                          if ticket["escalate"] else "")
        assert row[4] == " ".join(subjects[ticket["ticket_id"]].split())  # whole
    assert any(row[3].startswith("yes (") for row in rows)
    # One line a ticket where there is room for it.
    assert (len([line for line in lines if line.startswith("│")]) == len(rows)) == \
        (width == 120)


@pytest.mark.parametrize("width", [80, 120])
def test_a_long_subject_is_cut_at_a_word_not_inside_one(tmp_path, monkeypatch, width):
    """A subject longer than the table keeps (40 characters) ends at a word with " …";
    it was cut inside a word ("…the hinge on the lid is brok…")."""
    monkeypatch.setenv("COLUMNS", str(width))
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "ticket_id,order_id,created_at,subject,message\n"
        "T1,O1,2026-11-20 10:00:00,Kettle arrived and the hinge on the lid is broken "
        "already,It came broken\n", encoding="utf-8")
    result = runner.invoke(app, ["triage", "--tickets", str(tickets), "--date", "2026-11-25"],
                           terminal_width=width)
    assert result.exit_code == 0, result.output
    subject = " ".join(table_rows(result.stdout, key=0)[0][-1].split())
    assert subject.endswith(" …")
    shown = subject.removesuffix(" …")
    assert "Kettle arrived and the hinge on the lid is broken already".startswith(shown + " ")


def test_cli_table_written_to_a_file_has_no_trailing_spaces(tmp_path):
    out = tmp_path / "triage.txt"
    for command in ("triage", "comments"):
        result = cx(command, "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25",
                    "--limit", "5", "-o", str(out))
        assert result.exit_code == 0, result.output
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines[0] in ("Support triage", "Public comments")
        assert len(lines) > 8 and all(line == line.rstrip() for line in lines)


def test_cli_bad_rules_file_exits_2_naming_it(tmp_path):
    rules = _rules_copy(tmp_path, "      - shattered\n", "      - /broken(/\n")
    config = tmp_path / "cx.yaml"
    config.write_text(f"triage:\n  rules: {rules.name}\n", encoding="utf-8")
    result = cx("triage", "--config", str(config), "--tickets",
                str(DATA / "triage_tickets.csv"))
    assert result.exit_code == 2
    assert "rules.yaml" in result.stderr and "subcategories.damaged.strong" in result.stderr
    assert "Traceback" not in result.output


def test_cli_rules_naming_a_missing_reply_exit_2_listing_the_replies(tmp_path):
    rules = _rules_copy(tmp_path, "    reply: damaged\n", "    reply: nope_reply\n")
    line = rules.read_text(encoding="utf-8").splitlines().index("    reply: nope_reply") + 1
    config = tmp_path / "cx.yaml"
    config.write_text(f"triage:\n  rules: {rules.name}\n", encoding="utf-8")
    args = ("triage", "--config", str(config), "--tickets", str(DATA / "triage_tickets.csv"))
    result = cx(*args)
    assert result.exit_code == 2
    assert (f"{rules}:{line}: 'subcategories.damaged.reply': no saved reply named "
            "'nope_reply'") in result.stderr
    assert "the saved replies are ack_timeline, damaged," in result.stderr
    # the seller's own saved reply of that name is fine
    (tmp_path / "mine" / "replies").mkdir(parents=True)
    (tmp_path / "mine" / "replies" / "nope_reply.txt.j2").write_text("Sorry!\n")
    config.write_text(f"triage:\n  rules: {rules.name}\ntemplates: mine\n", encoding="utf-8")
    assert cx(*args).exit_code == 0


def test_cli_without_tickets_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cx("triage")
    assert result.exit_code == 2
    assert "no tickets export given" in result.stderr


def test_cli_uses_the_catalog_for_ticket_products(tmp_path):
    frame = pd.read_csv(DATA / "triage_tickets.csv", dtype=str)
    frame["sku"] = None
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    shutil.copy(DATA / "triage_products.yaml", tmp_path / "products.yaml")
    result = cx("triage", "--tickets", str(path), "--products", str(tmp_path / "products.yaml"),
                "-f", "json")
    assert result.exit_code == 0, result.output


def test_the_triage_table_masks_a_street_address_in_a_subject():
    from cx_cli.render.triage import mask_contacts

    assert mask_contacts("change address to 12 Main St please") == \
        "change address to [address] please"
    assert mask_contacts("call me 415-555-0134 or a@b.co") == "call me [phone] or [e-mail]"


@pytest.mark.parametrize(("width", "left_out"), [(60, "source, category, subject"),
                                                 (40, "source, category, subject, reply")])
def test_cli_table_on_a_narrow_terminal_says_what_it_left_out(monkeypatch, width, left_out):
    """At 60 columns the subject went without a word; at 40 the table fell back to
    rich's own layout, which cut the headers ("tick…"), the subcategories ("trac…")
    and the reply names. The reply goes now after the subject, a line names what is
    left out, and the ticket ids and subcategories stay whole (wrapped after "_")."""
    monkeypatch.setenv("COLUMNS", str(width))
    args = ("triage", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25")
    table = runner.invoke(app, [*args, "--open"], terminal_width=width)
    assert table.exit_code == 0, table.output
    expected = json.loads(cx(*args, "--open", "-f", "json").stdout)
    lines = table.stdout.splitlines()
    assert max(map(len, lines)) <= width
    assert "…" not in table.stdout
    header = next(line for line in lines if "ticket" in line)
    shown = ["ticket", "subcategory", *(["reply"] if width == 60 else []), "escalate"]
    assert [h.strip() for h in header.strip("┃").split("┃")] == shown
    rows = table_rows(table.stdout, key=0)
    assert [r[0] for r in rows] == [t["ticket_id"] for t in expected]
    for row, ticket in zip(rows, expected, strict=True):
        assert row[1] == (ticket["subcategory"] or "—")
        if width == 60:
            assert row[2] == ticket["reply_template"]
        assert row[-1] == ("yes" + (f" ({ticket['escalate_reason']})"
                                    if ticket["escalate_reason"] else "")
                           if ticket["escalate"] else "")
    assert f"Left out at this width: {left_out}." in " ".join(table.stdout.split())


@pytest.mark.parametrize("name", ["/[unclosed/", "/(tea|mug)/", "/x/"])
def test_a_product_name_that_looks_like_a_regex_is_matched_as_written(name):
    """Catalog names are phrases: "/[unclosed/" stopped every command reading texts with
    "unterminated character set" (it was compiled as a /regex/ rule entry)."""
    import pyarrow as pa

    from cx_cli.engines.clusters import ProductMatcher
    from cx_cli.io.catalog import Product

    matcher = ProductMatcher({"ODD-1": Product(sku="ODD-1", name=name),
                              "MUG-2": Product(sku="MUG-2", name="Stoneware Mug")})
    texts = pa.array([f"my {name} arrived broken", "the stoneware mug leaks", "tea or mug"])
    assert matcher.identify(texts).tolist() == ["ODD-1", "MUG-2", None]
