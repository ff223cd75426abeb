"""The parsers' shortcuts (clean_strings, assume_shop_time) give what the plain kernels give."""

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


# --- shop-local times as instants -----------------------------------------------------

ZONES = ["America/Los_Angeles", "Europe/London", "Australia/Lord_Howe", "America/Santiago",
         "Asia/Jakarta", "Asia/Kolkata", "Pacific/Chatham"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ZONES), st.integers(1900, 2035), st.integers(0, 2 ** 32 - 1),
       st.floats(0, 0.5), st.booleans())
def test_shop_times_are_localised_as_arrow_localises_each_value(tz, year, seed, nulls,
                                                                 outliers):
    """Looked up once per hour, the instants are Arrow's value by value, in the hours a
    clock change skips or repeats too (dense around the changes of a year, spread over
    the whole span and with a few outliers)."""
    import numpy as np

    from cx_cli.io.parse import _localise, assume_shop_time

    rng = np.random.default_rng(seed)
    start = int(np.datetime64(f"{year}-01-01", "s").astype(np.int64))
    wall = start + rng.integers(0, 366 * 86400, 3000)
    wall[:1000] = start + rng.integers(0, 366 * 24, 1000) * 3600 + rng.choice(
        [0, 1, 1799, 1800, 3599], 1000)  # the edges of every hour
    if outliers:  # decades apart: each value localised on its own
        wall[-5:] = rng.integers(-2 * 10 ** 9, 4 * 10 ** 9, 5)
    naive = pa.array(wall.view("M8[s]"), mask=rng.random(len(wall)) < nulls)
    assert assume_shop_time(naive, tz).equals(_localise(naive, tz))
