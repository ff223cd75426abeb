"""ISO weeks on the shop's calendar: ``Week``, parsing ``2026-W47``, the week series.

Plain ``datetime`` only (the vectorised keys the metrics group on are in ``weeks``), so
a command can check its --week before pandas is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from cx_cli.errors import CxError

# 1970-01-01 was a Thursday: shifting by 3 days makes week 0 start on Monday 1969-12-29.
EPOCH_SHIFT_DAYS = 3
EPOCH = date(1970, 1, 1)
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
        return ((self.start - EPOCH).days + EPOCH_SHIFT_DAYS) // 7

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
