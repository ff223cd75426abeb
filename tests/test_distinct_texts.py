"""Classifiers read each distinct text once (``on_distinct_texts``): the points every
row gets must be the ones reading every row would give it."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_cli.engines.comments import load_comment_rules
from cx_cli.engines.text_signals import on_distinct_texts
from cx_cli.engines.triage_rules import load_triage_rules

PIECES = ["it arrived broken", "missing the charger", "wrong color", "love it",
          "not broken at all", "where is my package", "tracking not updating", "this is fake",
          "llego roto", "faltan piezas", "barang tidak sampai", "hàng bị vỡ", "", "ok"]

texts = st.lists(st.sampled_from(PIECES).map(str.lower), min_size=0, max_size=60)


def _every_row(matcher, values: list[str]) -> dict[str, np.ndarray]:
    arr = pa.array(values, pa.string())
    return matcher.scores_after_ignore(matcher.without_ignored(arr))


@settings(max_examples=60, deadline=None)
@given(texts)
def test_triage_scores_are_the_same_read_once_per_distinct_text(values):
    rules = load_triage_rules()
    once = rules.subcategories.scores(pa.array(values, pa.string()))
    for matcher in rules.subcategories.matchers:
        for name, points in _every_row(matcher, values).items():
            assert once[name].tolist() == points.tolist()


@settings(max_examples=60, deadline=None)
@given(texts)
def test_comment_scores_are_the_same_read_once_per_distinct_text(values):
    matcher = load_comment_rules().matcher
    once = matcher.scores(pa.array(values, pa.string()))
    assert {k: v.tolist() for k, v in once.items()} == \
        {k: v.tolist() for k, v in _every_row(matcher, values).items()}


def test_repeated_texts_are_scored_once_and_spread_back_in_row_order():
    seen = []

    def score(arr: pa.Array) -> dict[str, np.ndarray]:
        seen.append(arr.to_pylist())
        return {"len": np.array([len(t) for t in arr.to_pylist()])}

    out = on_distinct_texts(pa.array(["bb", "a", "bb", "bb", "a"]), score)
    assert seen == [["bb", "a"]]
    assert out["len"].tolist() == [2, 1, 2, 2, 1]


def test_texts_that_hardly_repeat_or_hold_nulls_are_read_row_by_row():
    calls = []

    def score(arr: pa.Array) -> dict[str, np.ndarray]:
        calls.append(len(arr))
        return {"n": np.zeros(len(arr), dtype=np.int64)}

    on_distinct_texts(pa.array(["a", "b", "c", "d", "e", "a"]), score)
    on_distinct_texts(pa.array(["a", None, "a", "a"]), score)
    assert calls == [6, 4]
