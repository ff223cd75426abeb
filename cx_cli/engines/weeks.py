"""ISO weeks in shop time, and the vectorised time keys the weekly metrics group on.

A week runs from Monday 00:00 to the next Monday 00:00 on the shop's wall clock and is
named like ``2026-W47``. Weekly metrics never re-filter a frame per week: each row gets
an integer *week key* (Monday-based weeks counted from 1969-12-29) and one groupby
answers every week of the series at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from cx_cli.errors import CxError

DAY = 86_400
WEEK = 7 * DAY
# 1970-01-01 was a Thursday: shifting by 3 days makes week 0 start on Monday 1969-12-29.
_EPOCH_SHIFT_DAYS = 3
_EPOCH = date(1970, 1, 1)
_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week; ``start`` is its Monday, ``end`` the next Monday (exclusive)."""

    start: date

    @property
    def end(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def name(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def key(self) -> int:
        """The integer week key rows are grouped on (see ``week_keys``)."""
        return ((self.start - _EPOCH).days + _EPOCH_SHIFT_DAYS) // 7

    def shift(self, weeks: int) -> Week:
        return Week(self.start + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return self.name


def week_of(day: date) -> Week:
    """The ISO week holding ``day``."""
    return Week(day - timedelta(days=day.weekday()))


def last_complete_week(as_of: date) -> Week:
    """The last week that had ended by the start of ``as_of`` (the default week)."""
    return week_of(as_of).shift(-1)


def parse_week(text: str) -> Week:
    """``2026-W47`` (or ``2026W47``) -> Week; a clear error for anything else."""
    m = _WEEK_RE.match(text or "")
    if not m:
        raise CxError(f"--week expects an ISO week like 2026-W47, found {text!r}")
    year, number = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        raise CxError(f"{year} has no ISO week {number} (found {text!r})") from None
    return Week(monday)


def series_weeks(last: Week, count: int) -> list[Week]:
    """``count`` consecutive weeks ending with ``last``, oldest first."""
    return [last.shift(i - count + 1) for i in range(count)]


# --- vectorised keys ----------------------------------------------------------------------


def local_seconds(times: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Shop wall-clock seconds since 1970 (int64) and a validity mask.

    Weeks, days and business hours are wall-clock notions, so they are computed on
    local times; real elapsed durations use the tz-aware values instead.
    """
    values = times
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    arr = values.to_numpy(dtype="datetime64[s]")
    valid = ~np.isnat(arr)
    return arr.view("int64"), valid


def utc_seconds(times: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Real (UTC) seconds since 1970 and a validity mask: for elapsed-time arithmetic."""
    if isinstance(times.dtype, pd.DatetimeTZDtype):
        arr = times.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[s]")
    else:
        arr = times.to_numpy(dtype="datetime64[s]")
    valid = ~np.isnat(arr)
    return arr.view("int64"), valid


def week_keys(seconds: np.ndarray, shift_days: int = 0) -> np.ndarray:
    """Week key of each local time, after moving it forward by ``shift_days``.

    A lagged cohort ``[W_start - L, W_end - L)`` is exactly the rows whose time plus
    L days falls in W, so one shift turns every cohort into a plain weekly group.
    """
    days = np.floor_divide(seconds, DAY) + shift_days
    return np.floor_divide(days + _EPOCH_SHIFT_DAYS, 7)


def day_numbers(seconds: np.ndarray) -> np.ndarray:
    """Local calendar day number (days since 1970-01-01) of each local time."""
    return np.floor_divide(seconds, DAY)


def day_start_seconds(day: date) -> int:
    """Local wall-clock seconds of a date's midnight (comparable to ``local_seconds``)."""
    return (day - _EPOCH).days * DAY


def to_datetime64_days(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]")


def local_midnight(day: date, tz: str) -> datetime:
    """Midnight of ``day`` in the shop timezone, as an aware datetime."""
    return pd.Timestamp(day).tz_localize(tz).to_pydatetime()


def holiday_dates(country: str | None, first_year: int, last_year: int) -> np.ndarray:
    """The shop's public holidays as ``datetime64[D]`` (empty without a holiday country)."""
    return _holiday_dates(country.upper() if country else None, first_year, last_year).copy()


@lru_cache(maxsize=32)
def _holiday_dates(country: str | None, first_year: int, last_year: int) -> np.ndarray:
    if not country:
        return np.array([], dtype="datetime64[D]")
    import holidays

    from cx_cli.errors import ConfigError

    try:
        calendar = holidays.country_holidays(country.upper(),
                                             years=range(first_year, last_year + 1))
    except (NotImplementedError, KeyError, ValueError):
        raise ConfigError(f"shop.holidays: unknown holiday country {country!r}",
                          "use an ISO country code such as US, GB, TH, or 'none'") from None
    return np.array(sorted(calendar.keys()), dtype="datetime64[D]")


def week_slots(keys: np.ndarray, valid: np.ndarray, weeks: list[Week]) -> np.ndarray:
    """Position of each row's week in ``weeks`` (-1 when invalid or not one of them)."""
    wanted = np.array([w.key for w in weeks], dtype=np.int64)
    order = np.argsort(wanted)
    sorted_keys = wanted[order]
    pos = np.searchsorted(sorted_keys, keys)
    pos = np.clip(pos, 0, max(len(sorted_keys) - 1, 0))
    hit = valid & (sorted_keys[pos] == keys) if len(sorted_keys) else np.zeros_like(valid)
    return np.where(hit, order[pos], -1)


def count_per_slot(slots: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Rows (or summed weights) per week slot; slot -1 is ignored."""
    keep = slots >= 0
    w = None if weights is None else weights[keep].astype(float)
    return np.bincount(slots[keep], weights=w, minlength=n)


def ratios(numerators, denominators) -> list[float | None]:
    """Per-week ratios as plain floats; None where the denominator is 0 or unknown."""
    return [float(a) / float(b) if b else None
            for a, b in zip(numerators, denominators, strict=True)]
