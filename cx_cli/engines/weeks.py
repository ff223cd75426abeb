"""The vectorised time keys the weekly metrics group on (ISO weeks in shop time).

A week runs from Monday 00:00 to the next Monday 00:00 on the shop's wall clock and is
named like ``2026-W47`` (``Week`` and the week series live in ``iso_weeks``, re-exported
here). Weekly metrics never re-filter a frame per week: each row gets an integer *week
key* (Monday-based weeks counted from 1969-12-29) and one groupby answers every week of
the series at once.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import numpy as np
import pandas as pd

from cx_cli.engines.iso_weeks import (  # noqa: F401 (re-exported: the metrics import them here)
    EPOCH,
    EPOCH_SHIFT_DAYS,
    Week,
    last_complete_week,
    parse_week,
    series_weeks,
    week_of,
)

DAY = 86_400
WEEK = 7 * DAY


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
    return np.floor_divide(days + EPOCH_SHIFT_DAYS, 7)


def day_numbers(seconds: np.ndarray) -> np.ndarray:
    """Local calendar day number (days since 1970-01-01) of each local time."""
    return np.floor_divide(seconds, DAY)


def day_start_seconds(day: date) -> int:
    """Local wall-clock seconds of a date's midnight (comparable to ``local_seconds``)."""
    return (day - EPOCH).days * DAY


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
    except (NotImplementedError, KeyError, ValueError, TypeError, AttributeError):
        # (TypeError: "sun" or "jan" names one of the library's weekday or month numbers.)
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
