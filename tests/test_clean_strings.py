"""clean_strings: trimmed text, empty markers as nulls, whatever the shortcuts it takes."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_cli.io.parse import EMPTY_MARKERS, clean_strings


def plainly(arr: pa.Array) -> list[str | None]:
    """The definition, kernel by kernel, with no shortcut."""
    trimmed = pc.utf8_trim_whitespace(arr)
    empty = pc.is_in(trimmed, value_set=pa.array(EMPTY_MARKERS))
    return pc.if_else(empty, pa.scalar(None, pa.string()), trimmed).to_pylist()


SPACES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\u00a0", "\u3000", "\u2003", "\u200b"]
PIECES = st.sampled_from([*EMPTY_MARKERS, *SPACES, "576400103679796819", "09/13/2026 1:02:03 PM",
                          "Completed", "Kaos Polos Hitam", "ผ้าขนหนู", "🧴", "é", "'123", "x"])
VALUES = st.one_of(st.none(), st.lists(PIECES, max_size=4).map("".join),
                   st.text(max_size=6))


@settings(max_examples=400, deadline=None)
@given(st.lists(VALUES, max_size=40), st.integers(0, 5))
def test_clean_strings_matches_the_definition(values, cut):
    arr = pa.array(values, pa.string())
    assert clean_strings(arr).to_pylist() == plainly(arr)
    # A slice (an array with an offset) and a column in chunks read the same.
    part = arr.slice(min(cut, len(arr)))
    assert clean_strings(part).to_pylist() == plainly(part)
    chunked = pa.chunked_array([arr.slice(0, cut), arr.slice(cut)], pa.string())
    assert clean_strings(chunked).to_pylist() == plainly(arr)


def test_a_column_with_nothing_to_clean_is_kept_as_it_is():
    ids = pa.array([str(576400103679796819 + i) for i in range(1000)])
    assert clean_strings(ids) is ids


def test_markers_become_nulls_and_the_rest_keeps_its_text():
    arr = pa.array(["N/A", " 12.50 ", "-", "", "—", "null ", "\tnone"])
    assert clean_strings(arr).to_pylist() == [None, "12.50", None, None, "—", None, "none"]
