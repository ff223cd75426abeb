"""Vectorised cell formatting and CSV writing.

A million order lines times 63 columns is too much for the csv module, so every
cell is built with pyarrow compute kernels and each chunk of rows is joined into
one buffer and written in a single call. Times are int64 seconds of naive shop
wall-clock time (shop time is all the exports carry); NEVER marks an event that
does not happen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NEVER = np.iinfo(np.int64).max
DAY = 86_400
HOUR = 3_600
BOM = "\ufeff"
_EPOCH = dt.date(1970, 1, 1)
_YEAR_3000 = (dt.date(3000, 1, 1) - _EPOCH).days * DAY

Cell = pa.Array | str


def usec(rng: np.random.Generator, lo: float, hi: float, n: int) -> np.ndarray:
    """n uniform durations in [lo, hi) seconds, as int64."""
    return rng.uniform(lo, hi, n).astype(np.int64)


def epoch_day(d: dt.date) -> int:
    """Days since 1970-01-01 for a calendar date."""
    return (d - _EPOCH).days


def to_date(day: int) -> dt.date:
    """Inverse of epoch_day."""
    return _EPOCH + dt.timedelta(days=int(day))


def ints(values: np.ndarray) -> pa.Array:
    """Integers as decimal strings."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def pick(table: Sequence[str], idx: np.ndarray) -> pa.Array:
    """table[idx] for every idx, as a string array (the per-row lookup of a small pool)."""
    return pa.array(list(table), pa.string()).take(pa.array(np.asarray(idx, dtype=np.int64)))


def pickq(table: Sequence[str], idx: np.ndarray) -> pa.Array:
    """pick() with CSV quoting applied to the pool entries, so the rows need no scan."""
    return pick([str(quote(v)) for v in table], idx)


def const(value: str, n: int) -> pa.Array:
    """A string repeated n times (arrow's join is far slower with scalar arguments)."""
    return pa.array([value], pa.string()).take(pa.array(np.zeros(n, dtype=np.int64)))


def join(*parts: Cell, sep: str = "") -> pa.Array:
    """Element-wise concatenation; plain str parts broadcast."""
    n = next(len(p) for p in parts if not isinstance(p, str))
    return pc.binary_join_element_wise(
        *(const(p, n) if isinstance(p, str) else p for p in parts), const(sep, n))


def where(mask: np.ndarray, a: Cell, b: Cell) -> pa.Array:
    """mask ? a : b, element-wise."""
    return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), a, b)


def lpad(arr: pa.Array, width: int) -> pa.Array:
    """Left-pad with zeros."""
    return pc.utf8_lpad(arr, width=width, padding="0")


def _money_calc(c: np.ndarray, dollar: bool) -> pa.Array:
    whole = c // 100
    s_whole = ints(whole)
    if dollar and (whole >= 1000).any():
        grouped = join(ints(whole // 1000), lpad(ints(whole % 1000), 3), sep=",")
        s_whole = where(whole >= 1000, grouped, s_whole)
    out = join(s_whole, lpad(ints(c % 100), 2), sep=".")
    if not dollar:
        return out
    # "$1,022.25" holds a comma: quoted here so writers can treat money as CSV-safe.
    return where(whole >= 1000, join('"$', out, '"'), join("$", out))


_MONEY_TABLE = 200_000  # cents below $2,000 are formatted by lookup


@lru_cache(maxsize=2)
def _money_table(dollar: bool) -> pa.Array:
    return _money_calc(np.arange(_MONEY_TABLE, dtype=np.int64), dollar)


def money(cents: np.ndarray, dollar: bool = False) -> pa.Array:
    """Amounts in cents as `25.00`, or `$1,022.25` in the dollar style some exports use.

    The result is CSV-ready: amounts of $1,000 and more in the dollar style come quoted.
    """
    c = np.abs(np.asarray(cents, dtype=np.int64))
    small = c < _MONEY_TABLE
    out = _money_table(dollar).take(pa.array(np.where(small, c, 0)))
    if not small.all():
        out = where(small, out, _money_calc(c, dollar))
    return out


def money_in(minor: np.ndarray, decimals: int, comma: bool, prefix: str = "",
             suffix: str = "", grouped: bool = False) -> pa.Array:
    """Amounts in a currency's minor units as a market's exports write them, CSV-ready.

    `35,91` (decimal comma), `BRL 1.022,25` (grouped, with the currency), `82.912₫`
    (no minor unit: `decimals` 0). Amounts up to a thousand million.
    """
    c = np.abs(np.asarray(minor, dtype=np.int64))
    whole = c // 10**decimals
    s_whole = ints(whole)
    if grouped and (whole >= 1000).any():
        mark = "." if comma else ","
        units = lpad(ints(whole % 1000), 3)
        millions = join(ints(whole // 10**6), lpad(ints(whole // 1000 % 1000), 3), units,
                        sep=mark)
        thousands = join(ints(whole // 1000), units, sep=mark)
        s_whole = where(whole >= 10**6, millions, where(whole >= 1000, thousands, s_whole))
    out = s_whole
    if decimals:
        out = join(s_whole, lpad(ints(c % 10**decimals), decimals), sep="," if comma else ".")
    if prefix or suffix:
        out = join(prefix, out, suffix)
    return quote(out)


@lru_cache(maxsize=4)
def _time_of_day(style: str) -> pa.Array:
    """All 86,400 clock strings of one style, so formatting a time is a lookup."""
    s = np.arange(DAY)
    h, m, sec = s // HOUR, s // 60 % 60, s % 60
    if style == "us":
        h12 = np.where(h % 12 == 0, 12, h % 12)
        ampm = np.where(h < 12, " AM", " PM")
        return join(ints(h12), lpad(ints(m), 2), join(lpad(ints(sec), 2), pa.array(ampm)),
                    sep=":")
    return join(lpad(ints(h), 2), lpad(ints(m), 2), lpad(ints(sec), 2), sep=":")


def fmt_time(t: np.ndarray, style: str = "us") -> pa.Array:
    """`MM/DD/YYYY h:mm:ss AM/PM` (style "us"), `DD/MM/YYYY HH:MM:SS` ("dmy", the day-first
    markets), `YYYY/MM/DD HH:MM:SS` ("ymd") or ISO `YYYY-MM-DD HH:MM:SS`; NEVER -> ""."""
    t = np.asarray(t, dtype=np.int64)
    never = t == NEVER
    tt = np.where(never, 0, t)
    if not len(t) or never.all():
        return pa.array([""] * len(t), pa.string())
    days = tt // DAY
    d0 = int(days[~never].min())
    days = np.where(never, d0, days)
    table = []
    for day in range(d0, int(days.max()) + 1):
        d = to_date(day)
        table.append(f"{d.month:02d}/{d.day:02d}/{d.year}" if style == "us" else
                     f"{d.day:02d}/{d.month:02d}/{d.year}" if style == "dmy" else
                     f"{d.year}/{d.month:02d}/{d.day:02d}" if style == "ymd" else d.isoformat())
    out = join(pick(table, days - d0), _time_of_day(style).take(pa.array(tt % DAY)), sep=" ")
    return where(never, "", out)


def skip_dst_gap(t: np.ndarray) -> np.ndarray:
    """Squeeze 02:00-04:00 on US spring-forward days into 03:00-04:00.

    02:xx does not exist on those days in America/Los_Angeles, so a real export never
    holds it; the map is monotone, which keeps every event order intact.
    """
    t = np.asarray(t, dtype=np.int64)
    ok = (t >= 0) & (t < _YEAR_3000)  # NEVER (and anything absurd) is left alone
    if not ok.any():
        return t
    days = t[ok] // DAY
    gap_days = []
    for year in range(to_date(int(days.min())).year, to_date(int(days.max())).year + 1):
        march1 = dt.date(year, 3, 1)
        first_sunday = march1 + dt.timedelta(days=(6 - march1.weekday()) % 7)
        gap_days.append(epoch_day(first_sunday + dt.timedelta(days=7)))
    sec = t % DAY
    hit = ok & np.isin(t // DAY, gap_days) & (sec >= 2 * HOUR) & (sec < 4 * HOUR)
    if not hit.any():
        return t
    out = t.copy()
    out[hit] = t[hit] // DAY * DAY + 3 * HOUR + (sec[hit] - 2 * HOUR) // 2
    return out


def quote(arr: Cell) -> Cell:
    """CSV-quote cells holding a comma, quote or line break (RFC 4180)."""
    if isinstance(arr, str):
        if any(ch in arr for ch in ',"\r\n'):
            return '"' + arr.replace('"', '""') + '"'
        return arr
    need = pc.match_substring_regex(arr, '[",\r\n]')
    if not pc.any(need).as_py():
        return arr
    quoted = join('"', pc.replace_substring(arr, '"', '""'), '"')
    return pc.if_else(need, quoted, arr)


def write_csv(path: Path, header: Sequence[str], columns: Sequence[Cell] = (), *,
              chunks: Iterable[Sequence[Cell]] | None = None, safe: Collection[int] = (),
              bom: bool = False, eol: str = "\n", preamble: Sequence[Sequence[str]] = (),
              chunk: int = 100_000) -> Path:
    """Write a CSV from string columns (or constants), chunk by chunk, one buffer per chunk.

    `chunks` yields column lists of consecutive row blocks (so a caller can build big
    files piecewise); `safe` are column indices the caller knows never need quoting,
    which skips the scan that dominates the cost.
    """
    if chunks is None:
        n = max((len(c) for c in columns if not isinstance(c, str)), default=0)
        chunks = ([c if isinstance(c, str) else c.slice(a, chunk) for c in columns]
                  for a in range(0, n, chunk))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        head = [",".join(str(quote(h)) for h in header)]
        head += [",".join(str(quote(v)) for v in row) for row in preamble]
        f.write(((BOM if bom else "") + eol.join(head) + eol).encode("utf-8"))
        for part in chunks:
            cols = [c if i in safe else quote(c) for i, c in enumerate(part)]
            arrays = [c for c in cols if not isinstance(c, str)]
            if not arrays:
                continue
            lines = join(*cols, sep=",")
            lines = join(lines, eol)
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32,
                                    count=len(lines) + 1, offset=lines.offset * 4)
            f.write(memoryview(lines.buffers()[2])[offsets[0]:offsets[-1]])
    return path
