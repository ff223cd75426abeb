"""Vectorised parsers from export text to typed columns.

Every parser takes a pyarrow string array (already trimmed, empty markers turned
into nulls) and returns ``(values, bad)`` where ``bad`` is a boolean numpy mask of
cells that held text but could not be parsed; the loader turns those into
reported bad rows instead of silently blanking them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EMPTY_MARKERS = ("", "/", "-", "--", "N/A", "n/a", "null", "NULL", "None", "nan", "NaN")

US_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p",
              "%m/%d/%Y %H:%M", "%m/%d/%Y")
DAY_FIRST_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M",
                     "%d/%m/%Y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y")
YEAR_FIRST_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                      "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")

EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "s")
_ISO_OFFSET = r"(?:Z|[+-]\d\d:?\d\d)$"


def clean_strings(arr: pa.Array | pa.ChunkedArray, *, id_like: bool = False) -> pa.Array:
    """Trim whitespace (tabs included) and turn empty markers into nulls.

    IDs also lose a leading apostrophe, which spreadsheets use to keep digits as text.
    Most columns have neither (IDs, times, statuses): each value's first and last byte
    and its length say so, and the column is then kept as it is, not copied twice.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if _may_need_trim(arr):
        arr = pc.utf8_trim_whitespace(arr)
    # The regex is the expensive step: run it only when some ID carries an apostrophe.
    if id_like and pc.any(pc.starts_with(arr, "'")).as_py():
        arr = pc.replace_substring_regex(arr, pattern=r"^'+", replacement="")
        arr = pc.utf8_trim_whitespace(arr)
    return _nulls_for_empty_markers(arr)


_MARKER_BYTES = max(len(m.encode()) for m in EMPTY_MARKERS)


def _bounds(arr: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """Each value's start offset and length in bytes (None for other array types)."""
    if not isinstance(arr, pa.StringArray):
        return None
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset:arr.offset + len(arr) + 1]
    return offsets[:-1], np.diff(offsets)


def _may_need_trim(arr: pa.Array) -> bool:
    """Might a value start or end with whitespace? Said of the first and last byte of
    each: a space, a control character, or any byte of a non-ASCII character (which
    may be a Unicode space) answers yes, and the column is trimmed."""
    bounds = _bounds(arr)
    if bounds is None:
        return True
    starts, lengths = bounds
    filled = lengths > 0
    if not filled.any():
        return False
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    first = data[starts[filled]]
    last = data[starts[filled] + lengths[filled] - 1]
    return bool(((first <= 0x20) | (first >= 0x7F)).any()
                or ((last <= 0x20) | (last >= 0x7F)).any())


def _nulls_for_empty_markers(arr: pa.Array) -> pa.Array:
    """``arr`` with its empty markers ("", "N/A", "-", ...) as nulls. Only values as short
    as a marker are looked up, and the nulls are a validity bitmap laid over the same
    text: a column is not copied for its few empty cells."""
    markers = pa.array(EMPTY_MARKERS)
    bounds = _bounds(arr)
    if bounds is None or arr.offset:
        return pc.if_else(pc.is_in(arr, value_set=markers), pa.scalar(None, arr.type), arr)
    _, lengths = bounds
    empty = lengths == 0
    short = np.flatnonzero(lengths <= _MARKER_BYTES)
    if len(short) > len(arr) // 4:
        empty |= pc.is_in(arr, value_set=markers).to_numpy(zero_copy_only=False)
    elif len(short):
        empty[short] = pc.is_in(arr.take(pa.array(short)), value_set=markers).to_numpy(
            zero_copy_only=False)
    if not empty.any():
        return arr
    valid = ~empty
    if arr.null_count:
        valid &= arr.is_valid().to_numpy(zero_copy_only=False)
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(arr.type, len(arr), [bitmap, *arr.buffers()[1:]],
                                 null_count=len(arr) - int(valid.sum()))


# An ID a spreadsheet (or a script) turned into a number and wrote back in scientific
# notation: "576400103679796819" becomes "5.764E+17", its last digits lost for good.
_MANGLED_ID = r"(?i)^[0-9](\.[0-9]+)?E\+[0-9]+$"


def mangled_ids(arr: pa.Array) -> np.ndarray:
    """Per cell: is it an ID in scientific notation (``5.764E+17``)? Such IDs cannot be
    told apart (hundreds of orders share one), so their rows are reported, not merged."""
    none = np.zeros(len(arr), dtype=bool)
    # Most exports have no "+" in any ID: one scan of the bytes (a millisecond for a
    # million IDs) says so before any per-cell search.
    data = arr.buffers()[2] if isinstance(arr, pa.StringArray) else None
    if not len(arr) or (data is not None and not (np.frombuffer(data, dtype=np.uint8)
                                                  == ord("+")).any()):
        return none
    if not pc.any(pc.match_substring(arr, "e+", ignore_case=True)).as_py():
        return none
    found = pc.match_substring_regex(arr, _MANGLED_ID)
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def _unparsed(result: pa.Array, source: pa.Array) -> np.ndarray:
    return (pc.and_(pc.is_null(result), pc.is_valid(source))).to_numpy(zero_copy_only=False)


def parse_times(arr: pa.Array, *, day_first: bool, tz: str) -> tuple[pd.Series, np.ndarray]:
    """Shop-local timestamps from any of the export time formats.

    The market decides between month-first and day-first (the two are ambiguous for
    days <= 12, so only one is tried). ISO values with an offset are converted to
    shop time; naive values are shop time. Bare numbers are Excel serial dates.
    """
    n = len(arr)
    result = pa.nulls(n, pa.timestamp("s"))
    remaining = arr
    formats = (DAY_FIRST_FORMATS if day_first else US_FORMATS) + YEAR_FIRST_FORMATS
    for fmt in formats:
        if remaining.null_count == n:
            break
        parsed = pc.strptime(remaining, format=fmt, unit="s", error_is_null=True)
        if parsed.null_count == n:
            continue
        parsed = _without_rolled_days(parsed, remaining, fmt)
        result = pc.coalesce(result, parsed)
        remaining = pc.if_else(pc.is_valid(parsed), pa.scalar(None, pa.string()), remaining)
    result = _two_digit_years(result, arr, formats)
    series = pd.Series(assume_shop_time(result, tz).to_pandas(), copy=False)
    if remaining.null_count < n:
        series = _parse_leftover_times(series, remaining, tz)
    bad = (series.isna().to_numpy() & pc.is_valid(arr).to_numpy(zero_copy_only=False))
    return series, bad


def _localise(naive: pa.Array, tz: str) -> pa.Array:
    """Arrow's reading of wall times in ``tz``: a time a clock change repeats is the
    earlier instant, and one it skips the last instant before the change."""
    return pc.assume_timezone(naive, timezone=tz, ambiguous="earliest", nonexistent="earliest")


# Beyond this many hours between a column's first and last time (23 years), each value
# is localised on its own.
_MAX_HOURS = 200_000


def assume_shop_time(naive: pa.Array, tz: str) -> pa.Array:
    """Naive shop-local times (``timestamp[s]``) as instants in ``tz``, as ``_localise``
    reads them, with the zone looked up once per hour of the column's span instead of
    once per value (Arrow asks the time zone database for each value: a fifth of parsing
    a time column).

    An hour whose first and last second have the same offset from UTC has it for every
    second between (zones change offset at most once an hour); only the values in an
    hour where the clock changes are localised one by one.
    """
    n = len(naive)
    if naive.null_count == n or n < 1000:
        return _localise(naive, tz)
    valid = naive.is_valid().to_numpy(zero_copy_only=False)
    wall = naive.cast(pa.int64()).fill_null(0).to_numpy()
    hour = wall // 3600
    first, last = int(hour[valid].min()), int(hour[valid].max())
    if last - first > _MAX_HOURS:
        return _localise(naive, tz)
    starts = np.arange(first, last + 1, dtype=np.int64) * 3600

    def offsets(at: np.ndarray) -> np.ndarray:
        stamps = pa.array(at.view("M8[s]"))
        return at - _localise(stamps, tz).cast(pa.int64()).to_numpy()

    offset = offsets(starts)
    steady = offset == offsets(starts + 3599)
    at = np.where(valid, hour - first, 0)
    utc = wall - offset[at]
    changing = valid & ~steady[at]
    if changing.any():
        rows = np.flatnonzero(changing)
        utc[rows] = _localise(naive.take(pa.array(rows)), tz).cast(pa.int64()).to_numpy()
    return pa.array(utc, type=pa.timestamp("s", tz=tz), mask=~valid)


def _without_rolled_days(parsed: pa.Array, texts: pa.Array, fmt: str) -> pa.Array:
    """``parsed`` without the days a month lacks: strptime rolls "11/31/2026" over to
    Dec 1 (and Feb 30 to Mar 2). Such a value lands on the 1st to 3rd of a month, and
    its text's day is 29 to 31; it is left unparsed, a reported bad value."""
    if "%d" not in fmt:
        return parsed
    early = pc.indices_nonzero(pc.fill_null(pc.less_equal(pc.day(parsed), 3), False))
    if not len(early):
        return parsed
    # Only the texts of those (a tenth of a column) are matched.
    rolled = pc.match_substring_regex(texts.take(early), _day_29_31(fmt))
    if not pc.any(rolled).as_py():
        return parsed
    unparsed = np.zeros(len(parsed), dtype=bool)
    unparsed[early.filter(rolled).to_numpy()] = True
    return pc.if_else(pa.array(unparsed), pa.scalar(None, parsed.type), parsed)


@lru_cache(maxsize=32)
def _day_29_31(fmt: str) -> str:
    r"""A pattern for texts in ``fmt`` whose day is 29, 30 or 31 ("%m/%d/%Y":
    ``^\s*\d{1,2}/0*(29|30|31)(\D|$)``)."""
    pieces = {"%m": r"\d{1,2}", "%Y": r"\d{4}", "%y": r"\d{2}"}
    before_day = re.sub(r"%[mYy]|.", lambda m: pieces.get(m.group(), re.escape(m.group())),
                        fmt[:fmt.index("%d")])
    return r"^\s*" + before_day + r"0*(29|30|31)(\D|$)"


_YEAR_100 = pa.scalar(-59011459200, pa.timestamp("s"))  # 0100-01-01


def _two_digit_years(result: pa.Array, arr: pa.Array, formats: tuple[str, ...]) -> pa.Array:
    """``%Y`` also takes two digits: a spreadsheet's "12/15/25 9:30" would be the year 25.
    Such values are read with ``%y`` (2025); a year that is still below 100 ("0025") is
    left unparsed, so it is reported rather than kept."""
    early = pc.fill_null(pc.less(result, _YEAR_100), False)
    if not pc.any(early).as_py():
        return result
    texts = pc.if_else(early, arr, pa.scalar(None, pa.string()))
    fixed = pa.nulls(len(arr), pa.timestamp("s"))
    for fmt in formats:
        if "%Y" in fmt:
            parsed = pc.strptime(texts, format=fmt.replace("%Y", "%y"), unit="s",
                                 error_is_null=True)
            fixed = pc.coalesce(fixed, parsed)
    return pc.if_else(early, fixed, result)


def _parse_leftover_times(series: pd.Series, remaining: pa.Array, tz: str) -> pd.Series:
    """ISO 8601 with fractions or offsets, and Excel serial numbers."""
    left = pd.Series(remaining.to_pandas(), dtype=object)
    idx = left.dropna().index
    values = left.loc[idx].astype(str)
    out = series.copy()
    has_offset = values.str.contains(_ISO_OFFSET, regex=True)
    if has_offset.any():
        parsed = pd.to_datetime(values[has_offset], format="ISO8601", utc=True, errors="coerce")
        # Floored in UTC: flooring a local time re-reads its wall clock, which fails
        # in the hour a fall-back change repeats.
        out.loc[parsed.index] = parsed.dt.floor("s").dt.tz_convert(tz)
    iso = values[~has_offset & values.str.match(r"^\d{4}-\d\d-\d\d[T ]\d")]
    if len(iso):
        parsed = pd.to_datetime(iso, format="ISO8601", errors="coerce")
        out.loc[parsed.index] = parsed.dt.floor("s").dt.tz_localize(
            tz, ambiguous=np.ones(len(parsed), dtype=bool), nonexistent="shift_forward"
        )
    serial = values[values.str.fullmatch(r"\d{4,5}(\.\d+)?")]
    if len(serial):
        days = serial.astype(float)
        ok = days.between(1, 2958465)
        secs = np.round(days[ok].to_numpy() * 86400).astype("int64")
        stamps = pd.Series(EXCEL_EPOCH + secs.astype("timedelta64[s]"), index=days[ok].index)
        out.loc[stamps.index] = stamps.dt.tz_localize(
            tz, ambiguous=np.ones(len(stamps), dtype=bool), nonexistent="shift_forward"
        )
    return out


def parse_dates(arr: pa.Array, *, day_first: bool) -> tuple[pd.Series, np.ndarray]:
    """Calendar dates (no time of day) as naive ``datetime64[s]`` at midnight."""
    times, bad = parse_times(arr, day_first=day_first, tz="UTC")
    return times.dt.tz_localize(None).dt.normalize(), bad


def _on_distinct(func, arr: pa.Array, *args, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """Apply a (values, bad) parser to the distinct values only, then expand.

    Amounts and counts repeat a lot across a million lines; parsing each distinct text
    once is several times faster than parsing every cell.
    """
    found = distinct_values(arr, most=0.25)
    if found is None:
        return func(arr, *args, **kwargs)
    dictionary, indices = found
    values, bad = func(dictionary, *args, **kwargs)
    idx = indices.to_numpy(zero_copy_only=False)
    valid = pc.is_valid(arr).to_numpy(zero_copy_only=False)
    safe = np.where(valid, idx, 0).astype(np.int64)
    out_values = values[safe] if len(values) else np.zeros(len(arr), dtype=values.dtype)
    out_bad = bad[safe] & valid if len(bad) else np.zeros(len(arr), dtype=bool)
    if not valid.all():
        null_values, _ = func(pa.nulls(1, pa.string()), *args, **kwargs)
        out_values = np.where(valid, out_values, null_values[0])
    return out_values, out_bad


def distinct_values(arr: pa.Array | pa.ChunkedArray, *, most: float
                    ) -> tuple[pa.Array, pa.Array] | None:
    """The distinct values of ``arr`` and each row's index into them (null for a null),
    or None when more than ``most`` of the rows are distinct: working on the distinct
    values then saves too little to pay for the hashing."""
    encoded = pc.dictionary_encode(arr)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    if len(encoded.dictionary) > len(arr) * most:
        return None
    return encoded.dictionary, encoded.indices


def parse_money(arr: pa.Array, *, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    """Amounts like ``12.99``, ``$1,022.25``, ``MYR 0.00``, ``BRL 35,91``, ``82.912₫``.

    Where both separators appear, the last one is the decimal mark. With only one, a
    separator that appears twice groups thousands and one before 1, 2 or 4+ digits is
    the decimal mark (``25.00`` is 25 in every market); only ``82.912`` and ``1,022``
    are ambiguous, and there the market decides (decimal-comma markets read ``82.912``
    as eighty-two thousand).
    """
    return _on_distinct(_parse_money, arr, decimal_comma=decimal_comma)


def _parse_money(arr: pa.Array, *, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    # The dot of an abbreviated currency ("Rp. 15.000", "kr. 1.234,50", "15.000 Rp.")
    # goes with its letters: left in, it reads as a second decimal mark.
    s = pc.replace_substring_regex(arr, pattern=r"\pL+\.|[^0-9,.\-]", replacement="")
    both = pc.and_(pc.match_substring(s, ","), pc.match_substring(s, "."))
    comma_last = pc.match_substring_regex(s, r",\d*$")
    # One kind of separator: only "d.ddd" / "ddd,ddd" (one separator before exactly three
    # digits) can be a thousands separator as well as a decimal mark, and there the market
    # decides. A separator seen twice groups thousands; one before 1, 2 or 4+ digits
    # ("25.00", "35,91", "1022.125") is the decimal mark whatever the market.
    ambiguous = pc.match_substring_regex(s, r"^-?\d{1,3}[.,]\d{3}$")
    commas = pc.count_substring(s, ",")
    dots = pc.count_substring(s, ".")
    one_kind = pc.if_else(pc.greater(commas, 0), pc.less_equal(commas, 1),
                          pc.greater(dots, 1))
    comma_decimal = pc.if_else(both, comma_last,
                               pc.if_else(ambiguous, pa.scalar(decimal_comma), one_kind))
    # Thousands separators stand between groups of three digits: "1.2.3" is no amount.
    grouped = pc.if_else(
        comma_decimal,
        pc.or_(pc.equal(dots, 0), pc.match_substring_regex(s, r"^-?\d{1,3}(\.\d{3})+(,\d*)?$")),
        pc.or_(pc.equal(commas, 0),
               pc.match_substring_regex(s, r"^-?\d{1,3}(,\d{3})+(\.\d*)?$")))
    s = pc.if_else(grouped, s, pa.scalar(None, pa.string()))
    as_comma = pc.replace_substring(pc.replace_substring(s, ".", ""), ",", ".")
    as_dot = pc.replace_substring(s, ",", "")
    normalised = pc.if_else(comma_decimal, as_comma, as_dot)
    normalised = pc.if_else(pc.equal(normalised, ""), pa.scalar(None, pa.string()), normalised)
    ok = pc.match_substring_regex(normalised, r"^-?\d+(\.\d+)?$|^-?\.\d+$")
    cleaned = pc.if_else(ok, normalised, pa.scalar(None, pa.string()))
    # Stripping letters and signs would read "1e+16" (a spreadsheet's big number) as 116:
    # an exponent is read as one when the cell is nothing else, else the cell is bad.
    exponent = pc.fill_null(pc.match_substring_regex(arr, r"\d[eE][-+]?\d"), False)
    if pc.any(exponent).as_py():
        trimmed = pc.utf8_trim_whitespace(arr)
        whole = pc.fill_null(pc.match_substring_regex(
            trimmed, r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$"), False)
        cleaned = pc.if_else(exponent, pc.if_else(whole, trimmed, pa.scalar(None, pa.string())),
                             cleaned)
    values = pc.cast(cleaned, pa.float64()).to_numpy(zero_copy_only=False)
    # An accountant's negative: "(5.00)", "($5.00)".
    brackets = pc.fill_null(pc.match_substring_regex(arr, r"^\s*\(.*\d.*\)\s*$"), False)
    if pc.any(brackets).as_py():
        values = np.where(brackets.to_numpy(zero_copy_only=False), -np.abs(values), values)
    bad = _unparsed(cleaned, arr)
    return values, bad


def parse_float(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    ok = pc.match_substring_regex(arr, r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
    cleaned = pc.if_else(ok, arr, pa.scalar(None, pa.string()))
    return pc.cast(cleaned, pa.float64()).to_numpy(zero_copy_only=False), _unparsed(cleaned, arr)


def parse_ints(arr: pa.Array, default: int) -> tuple[np.ndarray, np.ndarray]:
    """Whole numbers; ``2.0`` (what a spreadsheet makes of 2) is accepted."""
    return _on_distinct(_parse_ints, arr, default)


def _parse_ints(arr: pa.Array, default: int) -> tuple[np.ndarray, np.ndarray]:
    ok = pc.match_substring_regex(arr, r"^-?\d+(\.0+)?$")
    cleaned = pc.if_else(ok, pc.replace_substring_regex(arr, r"\.0+$", ""),
                         pa.scalar(None, pa.string()))
    bad = _unparsed(cleaned, arr)
    values = pc.fill_null(pc.cast(cleaned, pa.int64()), default)
    return values.to_numpy(zero_copy_only=False), bad


def parse_rating(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Star ratings: a whole number 1–5, anything else is a bad value (an empty one is
    the loader's "empty required value", said once)."""
    ok = pc.match_substring_regex(arr, r"^[1-5](\.0+)?$")
    cleaned = pc.if_else(ok, pc.replace_substring_regex(arr, r"\.0+$", ""),
                         pa.scalar(None, pa.string()))
    bad = pc.invert(pc.fill_null(ok, True)).to_numpy(zero_copy_only=False)
    return pc.fill_null(pc.cast(cleaned, pa.int64()), 0).to_numpy(zero_copy_only=False), bad


TRUE_WORDS = ("true", "1", "yes", "y", "t")


def parse_bool(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    lowered = pc.utf8_lower(arr)
    values = pc.fill_null(pc.is_in(lowered, value_set=pa.array(TRUE_WORDS)), False)
    return values.to_numpy(zero_copy_only=False), np.zeros(len(arr), dtype=bool)


def _key(text: str) -> str:
    """Lower-case, accent-insensitive lookup key for localized vocabularies."""
    text = unicodedata.normalize("NFC", text.strip().lower())
    return re.sub(r"\s+", " ", text)


# Display strings (English and localized) of the order export's status column, plus cx's
# own canonical names (a generic-preset file may already use them).
ORDER_STATUS_WORDS = {
    "awaiting_shipment": "awaiting_shipment", "awaiting_collection": "awaiting_collection",
    "in_transit": "in_transit",
    "unpaid": "unpaid", "awaiting payment": "unpaid", "to ship": "awaiting_shipment",
    "awaiting shipment": "awaiting_shipment", "awaiting collection": "awaiting_collection",
    "ready to ship": "awaiting_collection", "shipped": "in_transit", "in transit": "in_transit",
    "delivered": "delivered", "completed": "completed", "canceled": "cancelled",
    "cancelled": "cancelled",
    # Indonesian
    "belum dibayar": "unpaid", "perlu dikirim": "awaiting_shipment",
    "menunggu pengiriman": "awaiting_shipment", "menunggu diambil": "awaiting_collection",
    "dikirim": "in_transit", "dalam pengiriman": "in_transit", "terkirim": "delivered",
    "selesai": "completed", "dibatalkan": "cancelled",
    # Thai
    "ค้างชำระ": "unpaid", "ที่จะจัดส่ง": "awaiting_shipment", "จัดส่งแล้ว": "in_transit",
    "จัดส่งสำเร็จ": "delivered", "เสร็จสมบูรณ์": "completed", "ยกเลิกแล้ว": "cancelled",
    # Vietnamese
    "chưa thanh toán": "unpaid", "chờ giao hàng": "awaiting_shipment",
    "chờ lấy hàng": "awaiting_collection", "đang giao": "in_transit",
    "đã vận chuyển": "in_transit", "đã giao": "delivered", "đã giao hàng": "delivered",
    "hoàn thành": "completed", "đã hoàn thành": "completed", "đã hủy": "cancelled",
    # Portuguese / Spanish
    "não pago": "unpaid", "a enviar": "awaiting_shipment", "enviado": "in_transit",
    "em trânsito": "in_transit", "entregue": "delivered", "concluído": "completed",
    "cancelado": "cancelled", "no pagado": "unpaid", "por enviar": "awaiting_shipment",
    "en tránsito": "in_transit", "entregado": "delivered", "completado": "completed",
    # Malay
    "belum dibayar.": "unpaid", "untuk dihantar": "awaiting_shipment", "dihantar": "in_transit",
    "selesai.": "completed", "dibatalkan.": "cancelled",
    # Chinese
    "未付款": "unpaid", "待发货": "awaiting_shipment", "待揽收": "awaiting_collection",
    "已发货": "in_transit", "运输中": "in_transit", "已送达": "delivered",
    "已完成": "completed", "已取消": "cancelled",
}

RETURN_TYPE_WORDS = {
    "none": "none", "cancel": "cancel", "cancellation": "cancel", "return/refund": "return_refund",
    "return and refund": "return_refund", "return_refund": "return_refund",
    "refund only": "refund_only", "refund_only": "refund_only", "refund": "refund_only",
    "pembatalan": "cancel", "pengembalian/pengembalian dana": "return_refund",
    "hủy": "cancel", "cancelamento": "cancel", "devolução/reembolso": "return_refund",
    "取消": "cancel", "退货退款": "return_refund", "仅退款": "refund_only",
}

TICKET_STATUS_WORDS = {
    "new": "open", "open": "open", "pending": "pending", "hold": "pending", "on-hold": "pending",
    "on hold": "pending", "snoozed": "pending", "solved": "solved", "closed": "solved",
    "resolved": "solved", "done": "solved",
}

# Return statuses that mean the refund did not (and will not) happen.
RETURN_STATUS_VOID = ("rejected", "reception_rejected", "request_closed", "cancelled")
RETURN_STATUS_WORDS = {
    "pending request": "pending_request", "awaiting buyer's response": "awaiting_buyer_response",
    "awaiting buyer response": "awaiting_buyer_response", "rejected": "rejected",
    "awaiting buyer's shipment": "awaiting_buyer_shipment",
    "awaiting buyer shipment": "awaiting_buyer_shipment", "shipped by buyer": "shipped_by_buyer",
    "reception rejected": "reception_rejected", "refunded": "refunded",
    "request closed": "request_closed", "closed": "request_closed", "completed": "completed",
    "cancelled": "cancelled", "canceled": "cancelled", "approved": "approved",
}


def normalise_vocabulary(arr: pa.Array, words: dict[str, str]) -> tuple[pa.Array, np.ndarray]:
    """Map display strings onto a canonical vocabulary; unknown non-empty values are bad.

    Works on the distinct values only, so it is cheap on a million rows.
    """
    encoded = pc.dictionary_encode(arr)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    mapped = [words.get(_key(v)) if v is not None else None
              for v in encoded.dictionary.to_pylist()]
    values = pc.take(pa.array(mapped, pa.string()), encoded.indices)
    bad = _unparsed(values, arr)
    return values, bad


def order_status(status: pa.Array, substatus: pa.Array | None) -> tuple[pa.Array, np.ndarray]:
    """One canonical status from Order Status refined by Order Substatus.

    "Shipped" becomes in_transit or delivered and "To ship" awaiting_shipment or
    awaiting_collection according to the substatus; the top-level status wins when it
    says unpaid, completed or cancelled.
    """
    main, bad = normalise_vocabulary(status, ORDER_STATUS_WORDS)
    if substatus is None:
        return main, bad
    sub, _ = normalise_vocabulary(substatus, ORDER_STATUS_WORDS)
    refinable = pc.is_in(main, value_set=pa.array(["awaiting_shipment", "in_transit",
                                                    "awaiting_collection", "delivered"]))
    use_sub = pc.and_(pc.fill_null(refinable, False), pc.is_valid(sub))
    sub_ok = pc.is_in(sub, value_set=pa.array(["awaiting_shipment", "awaiting_collection",
                                               "in_transit", "delivered"]))
    use_sub = pc.and_(use_sub, pc.fill_null(sub_ok, False))
    return pc.if_else(use_sub, sub, main), bad


def digit_ids(arr: pa.Array | pa.ChunkedArray) -> np.ndarray | None:
    """IDs as int64 when every one is plain digits without a leading zero, else None.

    TikTok's order and SKU IDs are 18–19 digit numbers kept as text; hashing them as
    integers is about twice as fast as hashing strings. Two distinct texts never map to
    one number here ("007" vs "7" is ruled out), so grouping by the numbers groups by
    the texts. Null IDs, or values past int64, give None: the caller hashes the text.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.null_count or not len(arr) or not pa.types.is_string(arr.type):
        return None
    if not pc.all(pc.utf8_is_digit(arr)).as_py() or pc.any(pc.starts_with(arr, "0")).as_py():
        return None
    try:
        return pc.cast(arr, pa.int64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, OverflowError):
        return None
