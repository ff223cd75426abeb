"""Property tests: any file gives a correct load or a clean InputError, never a traceback."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cx_cli.errors import InputError
from cx_cli.io.loaders import ParseSettings, load_orders, load_reviews, load_tickets

US = ParseSettings()
HEADER = ["Order ID", "Order Status", "Order Substatus", "SKU ID", "Seller SKU", "Quantity",
          "Order Amount", "Created Time", "Paid Time", "Buyer Message"]
STATUSES = ["Unpaid", "To ship", "Shipped", "Completed", "Canceled", "Cancelled", "Selesai"]
FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _write(data: bytes) -> Path:
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
        handle.write(data)
    return Path(handle.name)


@FAST
@given(st.binary(max_size=400))
@example(b'\x01"\r\x01')  # a quote inside the header, then a line break
def test_random_bytes_never_crash(data):
    path = _write(data)
    for loader in (load_orders, load_tickets, load_reviews):
        try:
            loaded = loader([path], US)
        except InputError as exc:
            assert exc.message
        else:
            assert loaded.report.rows == len(loaded.frame)


@FAST
@given(st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=12), max_size=8))
def test_random_text_tables_never_crash(rows):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row)
    path = _write(buf.getvalue().encode("utf-8"))
    try:
        loaded = load_orders([path], US)
    except InputError as exc:
        assert str(path) in exc.message
    else:
        # every row is either kept or reported, never silently dropped
        assert len(loaded.frame) + loaded.report.bad_rows <= len(rows)


# Real exports seen in FORMATS.md: US (month-first, 12-hour, "$1,000.50") and SEA/BR
# markets (day-first, 24-hour, decimal comma "1.000,50"); times as text, ISO or Excel
# serial numbers; an empty time as "", a lone tab or "/"; blank rows after the last line.
MARKETS = {
    "us": (US, "%m/%d/%Y %I:%M:%S %p", "$1,000.50"),
    "vn": (ParseSettings(tz="Asia/Ho_Chi_Minh", day_first=True, decimal_comma=True),
           "%d/%m/%Y %H:%M:%S", "1.000,50₫"),
}
EXCEL_EPOCH = datetime(1899, 12, 30)

order_rows = st.lists(
    st.tuples(
        st.integers(10**17, 10**18 - 1),             # 18-digit order id
        st.integers(10**18, 10**19 - 1),             # 19-digit SKU id
        st.sampled_from(STATUSES),
        st.integers(1, 9),
        st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 1))
        .filter(lambda d: d.hour != 2),  # skip the DST gap hour: that wall time does not exist
        st.sampled_from(["\t", "'", ""]),            # ID quirk
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
        st.sampled_from(["market", "iso", "serial"]),  # how Created Time is written
        st.sampled_from(["", "\t", "/"]),            # an empty Paid Time
    ),
    min_size=1, max_size=15, unique_by=lambda r: (r[0], r[1]),
)


def _created_text(created: datetime, style: str, fmt: str) -> str:
    if style == "iso":
        return created.strftime("%Y-%m-%d %H:%M:%S")
    if style == "serial":
        since = created - EXCEL_EPOCH
        return repr(since.days + since.seconds / 86400)
    return created.strftime(fmt).lstrip("0")


@FAST
@given(order_rows, st.sampled_from([",", ";", "\t"]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), st.booleans(),
       st.sampled_from(sorted(MARKETS)), st.sampled_from(["\r\n", "\n"]), st.integers(0, 2))
def test_valid_rows_load_exactly(rows, delimiter, encoding, description_row, market, newline,
                                 blank_rows):
    settings_, fmt, amount = MARKETS[market]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(HEADER)
    if description_row:
        writer.writerow(["Platform unique order ID."] + ["Description."] * (len(HEADER) - 1))
    for oid, sid, status, qty, created, quirk, message, style, paid in rows:
        created = created.replace(microsecond=0)
        oid_text = f"'{oid}" if quirk == "'" else f"{oid}{quirk}"
        writer.writerow([oid_text, status, "", f"{sid}{quirk if quirk != chr(39) else ''}",
                         "SKU-A", qty, amount, _created_text(created, style, fmt), paid,
                         message])
    for _ in range(blank_rows):
        writer.writerow([""] * len(HEADER))
    path = _write(buf.getvalue().encode(encoding))
    loaded = load_orders([path], settings_)
    df = loaded.frame
    assert loaded.report.bad_rows == 0
    assert len(df) == len(rows)
    assert sorted(df["order_id"]) == sorted(str(r[0]) for r in rows)
    assert sorted(df["sku_id"]) == sorted(str(r[1]) for r in rows)
    assert df["paid_at"].isna().all()
    expected = sorted(pd.Timestamp(r[4].replace(microsecond=0)) for r in rows)
    got = sorted(df["created_at"].dt.tz_localize(None))
    # ambiguous DST hours resolve to one of the two instants; wall time is kept (an Excel
    # serial number's fraction of a day rounds to the very second)
    assert [g - e for g, e in zip(got, expected, strict=True)] == [timedelta(0)] * len(rows)
    assert (df["order_amount"] == 1000.5).all()


ticket_texts = st.lists(
    # A lone carriage return goes unquoted by the csv writer of some Python versions:
    # a line break the file really has, not one inside a value.
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
            max_size=30),
    min_size=1, max_size=60)


@FAST
@given(ticket_texts, st.none() | st.integers(0, 59), st.sampled_from([512, 2048, 1 << 20]))
@example([f"text number {i}" for i in range(60)], 10, 2048)  # 42 rows were lost unsaid
@example(["", '0"'], 0, 512)  # the later quote closed the open one: rows joined unsaid
@example(["a", "b", 'say "hi"', "c"], 0, 1 << 20)  # closed two rows later
@example(["a", "b, c", "d"], 0, 1 << 20)  # closed by a quoted comma: one value too many
def test_every_row_is_loaded_or_reported_whatever_the_block_size(texts, stray, block_size):
    """pyarrow reads big files in blocks: wherever they fall, and wherever a quote is
    left open in the last column (closed by a later row's quote, or never), each row is
    loaded or counted as excluded (or the read stops with an error naming the row),
    never dropped without a word."""
    from cx_cli.io import tables

    when = "2026-11-02 09:00:00"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["ticket_id", "created_at", "subject"])
    for i, text in enumerate(texts):
        writer.writerow([f"T{i}", when, text])
    lines = buf.getvalue().split("\n")
    # The stray quote replaces a line, so the rows must be one line each; a later row's
    # quote (a text quoted for a quote or a comma in it) may close it.
    opened = stray is not None and stray < len(texts) and "\n" not in "".join(texts)
    if opened:
        lines[stray + 1] = f'T{stray},{when},"never closed'
    path = _write("\n".join(lines).encode("utf-8"))
    saved = tables.BLOCK_SIZE
    tables.BLOCK_SIZE = block_size
    try:
        loaded = load_tickets([path], US)
    except InputError as exc:
        assert opened, exc.message
        return
    finally:
        tables.BLOCK_SIZE = saved
    blank = loaded.report.blank_rows
    assert len(loaded.frame) + loaded.report.bad_rows + blank == len(texts)
    if not opened:
        assert loaded.report.bad_rows == 0
        assert loaded.frame["ticket_id"].tolist() == [f"T{i}" for i in range(len(texts))]
    elif loaded.report.bad_rows:
        # named at the row where the quote opens (the header is row 1)
        assert [issue.row for issue in loaded.report.issues] == [stray + 2]
        assert loaded.frame["ticket_id"].tolist() == [f"T{i}" for i in range(stray)] + [
            f"T{i}" for i in range(stray + loaded.report.bad_rows, len(texts))]
