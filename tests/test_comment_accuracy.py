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
"""

from __future__ import annotations

import pandas as pd
from test_triage_accuracy import _read

from cx_cli.engines.comments import KIND_ACTIONS, KINDS, classify_comments

# Floors: what the rules scored when the set was made, rounded down to a whole percent,
# so that a change that loses a comment fails here. (kind, action)
LANGUAGE_FLOORS = {
    "es": (0.85, 0.88),
    "pt": (0.91, 0.91),
    "id": (0.85, 0.88),
    "ms": (0.85, 0.85),
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
