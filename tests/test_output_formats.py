"""dump_json and dump_jsonl write exactly what the stdlib encoder writes after
to_jsonable (JSON indented by 2, JSON Lines compact): indent, separators, floats,
non-ASCII and control characters, and every value kind cx puts in rows; dump_csv and
dump_markdown write what one cell at a time did."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from enum import IntEnum, StrEnum

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_cli.render.output import (
    _csv_cell,
    _flat_rows,
    cell_text,
    dump_csv,
    dump_json,
    dump_jsonl,
    dump_markdown,
    json_bytes,
    to_jsonable,
)


class Stage(StrEnum):
    review = "review_request"


class Level(IntEnum):
    high = 3


def stdlib_json(data):
    return json.dumps(to_jsonable(data), ensure_ascii=False, indent=2) + "\n"


def stdlib_jsonl(rows):
    return "".join(json.dumps(to_jsonable(r), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for r in rows)


VALUES = [
    None, True, False, 0, -7, 2**70, 1.5, -0.0, 1e16, 1e-05, 0.1 + 0.2, math.nan, math.inf,
    -math.inf, "", "plain", "é ü 日本 😀", 'quote " backslash \\ slash /',
    "new\nline\ttab\r\b\f\x00\x1f\x7f\u2028\u2029", date(2026, 11, 26),
    datetime(2026, 11, 26, 10, 30, 5, 120, tzinfo=UTC), datetime(2026, 1, 2, 3, 4),
    np.int64(5), np.float64(2.25), np.float64("nan"), np.bool_(True), np.bool_(False),
    pd.Timestamp("2026-11-26 10:00", tz="America/Los_Angeles"), pd.NaT, pd.NA,
    Stage.review, Level.high, (1, "a"), [], {}, object.__new__(type("Odd", (), {})),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_every_value_kind_alone_and_in_a_row(value):
    if type(value).__name__ == "Odd":
        value = "odd"  # str(object) holds an address; the point is the fallback
    for data in (value, [value], {"k": value}, [{"a": value, "b": [value, {"c": value}]}]):
        assert dump_json(data) == stdlib_json(data)
    assert dump_jsonl([{"a": value}, {"b": [value]}]) == stdlib_jsonl([{"a": value},
                                                                        {"b": [value]}])


def test_nesting_empty_containers_and_non_string_keys():
    data = {"rows": [{"x": {}, "y": [], "z": [[], [{}], {"q": [1, [2, [3]]]}]}],
            1: "int key", 2.5: "float key", False: "bool key", "1": "dup of 1", None: "none key",
            date(2026, 1, 1): "date key", Stage.review: "enum key", "empty": {"": ""}}
    assert dump_json(data) == stdlib_json(data)
    assert dump_jsonl([data, data]) == stdlib_jsonl([data, data])
    assert dump_json([]) == stdlib_json([]) == "[]\n"
    assert dump_jsonl([]) == ""


def test_message_rows_as_messages_due_writes_them():
    rows = [{"message_id": f"m{i}", "stage": "in_transit", "order_id": "5764" + "0" * 14,
             "sku": None if i % 2 else "SKU-1", "buyer": "zoë" if i % 3 else None,
             "due_date": date(2026, 11, 26), "last_date": date(2026, 11, 28),
             "channel": "tiktok_chat", "text": f"Hi zoë,\n\nyour order {i} \"shipped\".\n"}
            for i in range(50)]
    assert dump_json(rows) == stdlib_json(rows)
    assert dump_jsonl(rows) == stdlib_jsonl(rows)


def cell_at_a_time_csv(rows, columns):
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def cell_at_a_time_markdown(rows, columns, headers=None):
    headers = list(headers or columns)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell_text(row.get(c)).replace("|", "\\|")
                                       .replace("\n", "<br>") for c in columns) + " |")
    return "\n".join(lines) + "\n"


def test_csv_and_markdown_equal_one_cell_at_a_time():
    plain = [v for v in VALUES if type(v).__name__ != "Odd"]
    extra = ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "a|b", "line\nbreak", "a,b", 'q"q',
             -3, -1.5, [1, "=x"], {"k": "v"}]
    cells = plain + extra
    rows = [{"a": v, "b": cells[(i * 7) % len(cells)], "gone": 1} for i, v in enumerate(cells)]
    for columns in (["a", "b"], ["b", "missing", "a"], []):
        assert dump_csv(rows, columns) == cell_at_a_time_csv(rows, columns)
        assert dump_markdown(rows, columns) == cell_at_a_time_markdown(rows, columns)
        assert dump_csv([], columns) == cell_at_a_time_csv([], columns)
        assert dump_markdown([], columns) == cell_at_a_time_markdown([], columns)
    assert dump_markdown(rows, ["a", "b"], ["A", "B"]) == \
        cell_at_a_time_markdown(rows, ["a", "b"], ["A", "B"])
    assert dump_csv(iter(rows), ["a"]) == cell_at_a_time_csv(rows, ["a"])


# Text made of the characters the csv writer treats specially, and the formula prefixes.
CSV_TEXT = st.text(alphabet=st.sampled_from(list(',"\r\n\t =+-@|\x00ab é')), max_size=12)


@given(st.lists(st.fixed_dictionaries({
    "a": st.one_of(st.none(), CSV_TEXT, st.dates(), st.integers(), st.floats()),
    "b": st.one_of(st.none(), CSV_TEXT), "c": CSV_TEXT}), max_size=6),
    st.sampled_from([["a", "b", "c"], ["c", "a"], ["b"], ["c", "missing"]]))
def test_csv_is_what_the_stdlib_writer_writes_cell_by_cell(rows, columns):
    """dump_csv quotes whole columns itself (the writer is slow on 100,000 texts): the
    same bytes for any text, a lone column and a column of empty cells included."""
    assert dump_csv(rows, columns) == cell_at_a_time_csv(rows, columns)


@given(st.lists(st.dictionaries(
    st.text(max_size=8),
    st.one_of(st.none(), st.text(), st.booleans(), st.integers(), st.dates()),
    max_size=5), max_size=5))
def test_flat_rows_any_text_number_or_date_as_the_stdlib_writes_them(rows):
    # Flat rows take orjson's road; lone surrogates and huge integers fall back.
    assert dump_json(rows) == stdlib_json(rows)
    assert dump_jsonl(rows) == stdlib_jsonl(rows)


@given(st.lists(st.fixed_dictionaries({
    "id": st.text(max_size=4),
    "when": st.one_of(st.none(), st.dates(), st.datetimes()),
    "n": st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans()),
    "text": st.text(max_size=8)}), min_size=1, max_size=5))
def test_rows_of_the_same_keys_as_the_stdlib_writes_them(rows):
    """Rows sharing their keys (`messages due`'s) are checked a column at a time: one
    float or time anywhere sends them all the stdlib's way."""
    assert dump_json(rows) == stdlib_json(rows)
    assert dump_jsonl(rows) == stdlib_jsonl(rows)


def test_rows_that_are_mappings_but_not_dicts_are_written_as_objects():
    from collections import UserDict

    from cx_cli.render.messages import dump_rows

    rows = [UserDict({"a": "x", "b": 1})]
    assert json.loads(dump_rows(rows, "json", ["a", "b"])) == [{"a": "x", "b": 1}]
    assert dump_rows(rows, "jsonl", ["a", "b"]) == '{"a":"x","b":1}\n'


@given(st.lists(st.tuples(st.text(max_size=6), st.one_of(st.none(), st.text(max_size=4)),
                          st.one_of(st.none(), st.text(max_size=4)), st.dates(),
                          st.text(max_size=12)), max_size=4),
       st.sampled_from(["json", "jsonl", "csv", "md"]))
def test_listed_rows_are_written_as_when_their_shape_is_checked(messages, fmt):
    """`messages due` vouches for its rows (``Rendered.row``'s): skipping the checks of
    their shape and value types writes the same bytes."""
    from cx_cli.engines.timeline import DueMessage
    from cx_cli.render.messages import KEYS, Rendered, dump_rows

    rows = [Rendered(DueMessage(f"m{i}", "delivery_day", order, sku, buyer, day, day,
                                "delivery_day.txt.j2", 4), "delivery_day.txt.j2", text
                     ).row("tiktok_chat")
            for i, (order, sku, buyer, day, text) in enumerate(messages)]
    assert dump_rows(rows, fmt, KEYS, listed=True) == dump_rows(rows, fmt, KEYS)


def test_which_rows_are_flat():
    day = date(2026, 11, 26)
    assert _flat_rows([{"a": "x", "d": day}, {"a": None, "d": 3}])
    assert not _flat_rows([{"a": "x"}, {"a": 0.5}])  # a float in a later row
    # Rows of other keys are looked at row by row.
    assert _flat_rows([{"a": "x"}, {"b": "y"}])
    assert not _flat_rows([{"a": "x"}, {"b": 0.5}])
    assert not _flat_rows([{"a": "x"}, {"b": "y", "c": 0.5}])
    assert not _flat_rows([{"a": "x"}, ["a"]])
    assert not _flat_rows([{1: "x"}, {1: "y"}])  # a key that is not text
    assert not _flat_rows([{"a": {"nested": 1}}, {"a": "x"}])
    assert not _flat_rows([])


def test_rows_orjson_cannot_write_fall_back_to_the_same_bytes():
    for rows in ([{"n": 2**70}], [{"t": "lone \ud800 surrogate"}], [{"f": 1e16}],
                 [{"d": datetime(2026, 1, 2, 3, 4)}], [{"s": Stage.review}]):
        assert dump_json(rows) == stdlib_json(rows)
        assert dump_jsonl(rows) == stdlib_jsonl(rows)


@pytest.mark.parametrize("data", [
    [{"message_id": "m1", "text": "Olá — ✓ \"quoted\"\n", "due": date(2026, 11, 25),
      "n": 3, "sku": None}],
    [{"rate": 0.25, "nested": {"a": [1, 2]}}],  # not flat rows: the stdlib-shaped encoder
    [],
])
def test_json_bytes_are_the_json_text_in_utf8(data):
    assert json_bytes(data) == dump_json(data).encode("utf-8")


def test_shorten_cuts_with_an_ellipsis_and_no_dangling_space():
    from cx_cli.render.output import shorten

    assert shorten("Bamboo Cutting Board", 20) == "Bamboo Cutting Board"  # fits: as it is
    assert shorten("Bamboo Cutting Board", 12) == "Bamboo Cutt…"
    assert shorten("Bamboo Cutting Board", 8) == "Bamboo…"  # not "Bamboo …"
    assert len(shorten("x" * 50, 10)) == 10


def test_fold_counts_an_emoji_as_the_two_columns_it_takes():
    """A folded line with an emoji was as many characters as the column but one wider on
    the terminal, which cut its last word short ("followers 🔥" lost its end)."""
    from rich.cells import cell_len

    from cx_cli.render.output import fold

    text = "check my profile for free followers 🔥 and more"
    lines = fold(text, 37).split("\n")
    assert all(cell_len(line) <= 37 for line in lines)
    assert " ".join(lines) == text  # two lines still hold it all
    assert fold("this is sick 🔥", 40) == "this is sick 🔥"


def test_a_thai_or_emoji_text_is_cut_by_the_cells_it_takes_not_its_characters():
    """A table cell of ``width`` is filled: a Thai vowel or tone mark takes no cell (the
    messages column showed 28 of 40 cells of a Thai message), an emoji two."""
    from rich.cells import cell_len

    from cx_cli.render.output import shorten, text_width

    thai = "สวัสดีค่ะ คุณ user4665 ขอบคุณที่สั่งซื้อสินค้ากับร้านค่ะ"
    assert (len(thai), text_width(thai)) == (56, 40)
    assert shorten(thai, 40) == thai
    cut = shorten(thai, 30)
    assert cut.endswith("…") and cell_len(cut) <= 30 and cell_len(cut) >= 28
    assert cut.startswith("สวัสดีค่ะ คุณ user4665 ขอบคุณ")
    assert shorten("Hi 😀😀😀 there", 8) == "Hi 😀😀…"
    assert shorten("plain ascii text", 10) == "plain asc…"
