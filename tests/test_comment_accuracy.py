"""Accuracy of the bundled comment rules on held-out comments in the buyers' languages.

``tests/labels/comments_languages_holdout.csv`` holds 34 public video comments each in
Spanish, Portuguese, Indonesian, Malay, Vietnamese and Thai, written the way people
comment under a shop's videos (short, slang and chat spellings, no accents, English mixed
in, emoji, jokes, spam with handles and links, insults), two or three of every kind and
five a person would call ``other``, each labelled with the kind (and so the action) a
careful moderator would give. They were written in one sitting, by one person, and
committed before the rules were run on them, so the floors below estimate accuracy on
unseen text. One fix followed the set's misses since (the doxxing kind reading addresses
and phone numbers as these languages write them): its doxxing comments are no longer
held out. Run ``pytest -s tests/test_comment_accuracy.py`` to
see each language's figures and its misses.

A second fix followed the misses' kinds, not their text: insults and hate (in Portuguese,
Malay and Vietnamese above all), spam sending buyers to another shop's handle, a wrong
colour or size, a slow courier or a tracking number that does not move, and chat
spellings of damage words. Its rules were written against a tuning set of their own,
``tests/labels/comments_languages.csv`` (new comments in each language on those gaps,
with look-alikes that must stay as they are: a friend's tag, "mi tienda favorita", "sou
mt burra", "đồ ngủ" (pyjamas), "hạt óc chó" (walnuts), "tahan lama" (long-lasting), a
colour asked about), which every row must pass; the held-out set was run only after.
Kind accuracy on it went from 76.5%, 70.6%, 67.6%, 70.6%, 67.6%, 85.3% to 85.3%, 91.2%,
85.3%, 85.3%, 88.2%, 100% (es, pt, id, ms, vi, th), action accuracy from 79.4%, 70.6%,
70.6%, 70.6%, 73.5%, 85.3% to 88.2%, 91.2%, 88.2%, 85.3%, 94.1%, 100%; no comment it read
right before is read wrong now, and the English sets read as before. The gaps were
named from this set's misses, and the misses' text had been seen, so these figures are
optimistic: the set is no longer a clean estimate for those five gaps.

A third fix named gaps this set's misses had shown again: fewer items than ordered ("2
de 3", "cuma dapat 2 padahal pesan 3"), "golpe" (a scam) and "barang palsu" (fake goods),
"merah2 gatal" (a skin reaction), "PM saya" beside an income or agent scheme (spam),
"tak boleh on" (does not turn on); with it, false complaints went: Vietnamese "vợ" (a
wife) read as "vỡ" (broken), a dented box with the product fine, the size ordered being
the size that came, Vietnamese "đồ" read as English "do ...?". Its comments went into
the tuning set; on this set kind accuracy went from 91.2%, 85.3%, 85.3% to 94.1%, 91.2%,
91.2% (pt, id, ms), action from 91.2%, 88.2%, 85.3% to 94.1%, 94.1%, 91.2%; es, vi and th
read as before, as do the English sets. Every comment it gained here is one whose text
had been seen, so the gain is optimistic too.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_triage_accuracy import _read

from cx_cli.engines.comments import (
    KIND_ACTIONS,
    KINDS,
    classify_comments,
    negative_comment_mask,
)

# Floors: what the rules scored when the set was made, rounded down to a whole percent,
# so that a change that loses a comment fails here. (kind, action)
LANGUAGE_FLOORS = {
    "es": (0.85, 0.88),
    "pt": (0.94, 0.94),
    "id": (0.91, 0.94),
    "ms": (0.91, 0.91),
    "vi": (0.88, 0.94),
    "th": (1.00, 1.00),
}


def _labelled() -> pd.DataFrame:
    return _read("comments_languages_holdout.csv")


# The kinds the tuning set was written for, and those its look-alikes must keep.
TUNED_KINDS = ("spam", "hate", "harassment", "missing", "shipping", "broken")
LOOK_ALIKE_KINDS = ("other", "praise", "question")


def test_every_comment_of_the_tuning_set_in_the_buyers_languages_reads_as_labelled():
    """tests/labels/comments_languages.csv: comments written for the rules on the gaps
    the held-out set showed, each read as its label says (hidden, replied to, answered
    or left alone as a moderator would)."""
    tuning = _read("comments_languages.csv")
    assert tuning["comment_id"].is_unique
    assert not set(tuning["text"]) & set(_labelled()["text"])
    assert (tuning["action"] == tuning["kind"].map(KIND_ACTIONS)).all()
    assert set(tuning["language"]) == set(LANGUAGE_FLOORS)
    for language, rows in tuning.groupby("language"):
        assert len(rows) >= 8, language
        assert set(TUNED_KINDS) <= set(rows["kind"]), language
        assert rows["kind"].isin(LOOK_ALIKE_KINDS).sum() >= 3, language
    result = classify_comments(tuning.drop(columns=["action", "kind", "language"]))
    got = result["kind"].astype(str).to_numpy()
    wrong = [(text, want, have) for text, want, have
             in zip(tuning["text"], tuning["kind"], got, strict=True) if want != have]
    assert not wrong
    assert (result["action"].astype(str).to_numpy() == tuning["action"].to_numpy()).all()


def test_a_wrong_colour_or_size_in_the_buyers_languages_clusters_as_a_wrong_variant():
    """A wrong colour or size is answered like a missing item, and a defect cluster
    counts it with the wrong-variant tickets, as in English."""
    texts = ["pedi talla M y me mandaron una XL", "comprei tamanho G e veio P",
             "tempah saiz XL dapat saiz S, kecewa", "đặt size M mà giao size XL",
             "สั่งไซส์ L ได้ไซส์ S มา", "la talla no es la que pedi"]
    result = classify_comments(pd.DataFrame({"comment_id": [str(i) for i in range(6)],
                                             "text": texts}))
    assert result["kind"].tolist() == ["missing"] * 6
    assert result["reply"].tolist() == ["missing_items"] * 6
    assert result["family"].tolist() == ["wrong_variant"] * 6


def test_the_set_covers_every_kind_in_every_language():
    labelled = _labelled()
    assert set(labelled["language"]) == set(LANGUAGE_FLOORS)
    assert labelled["comment_id"].is_unique
    # The action column is the one the kind takes in cx (SPEC §7).
    assert (labelled["action"] == labelled["kind"].map(KIND_ACTIONS)).all()
    for language, rows in labelled.groupby("language"):
        counts = rows["kind"].value_counts()
        assert len(rows) >= 30, language
        assert set(counts.index) == set(KINDS), language
        assert (counts >= 2).all(), (language, counts[counts < 2].to_dict())
        assert counts["other"] >= 5, language


def test_comment_rules_on_held_out_comments_in_the_buyers_languages():
    labelled = _labelled()
    result = classify_comments(labelled.drop(columns=["action", "kind", "language"]))
    kind = result["kind"].astype(str).to_numpy()
    action = result["action"].astype(str).to_numpy()
    low = {}
    for language, (kind_floor, action_floor) in LANGUAGE_FLOORS.items():
        rows = (labelled["language"] == language).to_numpy()
        want_kind = labelled["kind"].to_numpy()[rows]
        kind_accuracy = float((kind[rows] == want_kind).mean())
        action_accuracy = float((action[rows] == labelled["action"].to_numpy()[rows]).mean())
        print(f"\n{language}: kind {kind_accuracy:.1%}, action {action_accuracy:.1%} "
              f"of {rows.sum()} (floors {kind_floor:.0%}, {action_floor:.0%})")
        for text, want, got in zip(labelled["text"].to_numpy()[rows], want_kind,
                                   kind[rows], strict=True):
            if want != got:
                print(f"   {text!r}: {want}, read as {got}")
        if kind_accuracy < kind_floor:
            low[f"{language} kind"] = round(kind_accuracy, 3)
        if action_accuracy < action_floor:
            low[f"{language} action"] = round(action_accuracy, 3)
    assert not low, f"below the floor: {low}"


def _read_as(*texts: str) -> pd.DataFrame:
    return classify_comments(pd.DataFrame({"comment_id": [f"C{i}" for i in range(len(texts))],
                                           "text": list(texts)}))


# Comments cx read as a complaint (or a question) they are not, each with what it is.
@pytest.mark.parametrize(("text", "not_kind", "action", "kind"), [
    # "vợ" (a wife) loses its accent as "vỡ" (broken) does
    ("có vợ rồi", "broken", "none", "other"),
    ("mua cho vợ rồi, vợ thích lắm", "broken", "none", "praise"),
    ("bị vợ mắng vì mua nhiều quá", "broken", "none", "other"),
    # does the lid break easily? a question, however it is spaced or asked
    ("ฝาหักง่ายไหม", "broken", "answer", "question"),
    ("ฝาหัก ง่ายไหมคะ", "broken", "answer", "question"),
    ("ฝาหักง่ายจังไหม", "broken", "answer", "question"),
    ("ฝาหักง่ายรึป่าว", "broken", "answer", "question"),
    # ... and said, the lid breaks easily in use: it does not work, as "broke after a
    # week" does not; it did not come broken
    ("ฝาหักง่าย", "broken", "reply", "doesnt_work"),
    ("แก้วแตกง่ายมาก", "broken", "reply", "doesnt_work"),
    # the box dented, the product fine: no replacement to offer, no defect to cluster
    ("caixa veio amassada mas o produto ok", "broken", "none", "other"),
    ("la caja llegó aplastada pero el producto bien", "broken", "none", "other"),
    ("kotak penyok tapi barang aman", "broken", "none", "other"),
    ("hộp bị móp nhưng hàng vẫn ok", "broken", "none", "other"),
    # "đồ" (things) reads "do", which opens an English question
    ("đồ mới về đẹp quá", "question", "none", "praise"),
    # the size ordered is the size that came
    ("pedi M veio M", "missing", "none", "other"),
    ("pedí talla M y llegó talla M", "missing", "none", "other"),
    ("pesan hitam datang hitam", "missing", "none", "other"),
    ("đặt size M giao size M", "missing", "none", "other"),
])
def test_a_comment_cx_misread_in_the_buyers_language_is_no_longer_that_kind(
        text, not_kind, action, kind):
    result = _read_as(text)
    assert result["kind"].iloc[0] != not_kind
    assert (result["action"].iloc[0], result["kind"].iloc[0]) == (action, kind)


def test_the_misread_comments_no_longer_count_in_the_negative_comment_rate():
    """The scorecard's negative comment rate counts complaints: of these six comments
    only the broken glass is one (1 in 6, not 4 in 6)."""
    result = _read_as("có vợ rồi", "ฝาหักง่ายไหม", "caixa veio amassada mas o produto ok",
                      "đồ mới về đẹp quá", "pedi M veio M", "ly vỡ rồi shop ơi")
    assert negative_comment_mask(result).tolist() == [False] * 5 + [True]


# Complaints and spam cx left as nothing, with the kind and public reply they get.
@pytest.mark.parametrize(("text", "kind", "reply"), [
    # fewer came than were ordered
    ("vieram só 2 de 3", "missing", "missing_items"),
    ("llegaron 2 de 3", "missing", "missing_items"),
    ("llegaron solo 2 de las 3 tazas", "missing", "missing_items"),
    ("cuma dapat 2 padahal pesan 3", "missing", "missing_items"),
    ("dapat 2 je padahal tempah 3", "missing", "missing_items"),
    # a scam, fake goods
    ("golpe", "scam_claim", "scam_claim"),
    ("é um golpe essa loja", "scam_claim", "scam_claim"),
    ("golpe, no compren aquí", "scam_claim", "scam_claim"),
    ("barang palsu", "scam_claim", "scam_claim"),
    ("barang ni memang palsu", "scam_claim", "scam_claim"),
    # a skin reaction, "merah2" being "merah-merah" (reddened)
    ("merah2 gatal", "safety", "safety"),
    ("gatal dan merah-merah setelah pakai", "safety", "safety"),
    # message-me spam
    ("nak side income? PM saya untuk join ejen", "spam", None),
    ("cari reseller, PM aku", "spam", None),
    # does not turn on
    ("tak boleh on", "doesnt_work", "doesnt_work"),
    ("gak bisa on kak", "doesnt_work", "doesnt_work"),
    # the box crushed and the product broken: the box-fine exclusion does not take it
    ("caixa amassada e o produto quebrado", "broken", "broken_on_arrival"),
    # a delivery not on time, or late, as a slow one ("lambat") is
    ("pengiriman gak bisa on time", "shipping", "shipping"),
    ("paketnya gak on time", "shipping", "shipping"),
    ("pengiriman telat banget", "shipping", "shipping"),
])
def test_a_comment_cx_missed_in_the_buyers_language_gets_its_kind(text, kind, reply):
    result = _read_as(text)
    assert result["kind"].iloc[0] == kind
    assert result["action"].iloc[0] == KIND_ACTIONS[kind]
    assert (None if pd.isna(result["reply"].iloc[0]) else result["reply"].iloc[0]) == reply


# What those rules must leave alone: a dent in the box, "de golpe" (all at once),
# false lashes and nails, a red colour, a buyer asking to be messaged the price, "on
# time", every count that came, a colour ordered and another come.
@pytest.mark.parametrize(("text", "action", "kind"), [
    ("la caja tiene un golpe en la esquina", "none", "other"),
    ("golpe de calor jaja", "none", "other"),
    ("não é golpe, chegou certinho", "none", "other"),
    ("kuku palsu nya awet", "none", "other"),
    ("bulu mata palsu ini cantik banget", "none", "praise"),
    ("blush nya bikin pipi merah2 natural", "none", "other"),
    ("pm saya berapa harga", "answer", "question"),
    ("tak sabar nak on kan", "none", "other"),
    ("recebi 2 de 2 certinho", "none", "other"),
    ("llegaron 3 de 3", "none", "other"),
    ("pedi M veio G", "reply", "missing"),
    ("đặt size M mà giao size XL", "reply", "missing"),
    ("ly vỡ rồi shop ơi", "reply", "broken"),
    ("mua cho vợ rồi mà hàng bị vỡ", "reply", "broken"),
    ("caixa veio amassada mas o produto não está ok", "reply", "broken"),
    ("a caixa veio rasgada mas o copo chegou quebrado", "reply", "broken"),
    ("ได้รับแล้วฝาหัก", "reply", "broken"),
    ("ไม่แตกง่าย ชอบมาก", "none", "praise"),
    ("pengiriman selalu on time", "none", "other"),
    ("caixa veio amassada mas o produto ok", "none", "other"),
])
def test_look_alikes_of_the_new_rules_read_as_before(text, action, kind):
    result = _read_as(text)
    assert (result["action"].iloc[0], result["kind"].iloc[0]) == (action, kind)
