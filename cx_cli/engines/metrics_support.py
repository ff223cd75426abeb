"""Support metrics: first response time (calendar and business hours), the 12-hour
answer share, and missing-parts tickets per 1,000 shipped orders.

First response time is real elapsed time: the tz-aware values are subtracted, so a
ticket spanning a DST change waits exactly as long as the buyer did. Business hours
are a wall-clock notion (09:00–18:00 on the shop's clock) and are computed on local
times.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cx_cli.config import WEEKDAYS, SupportHours
from cx_cli.engines.weeks import (
    DAY,
    Week,
    count_per_slot,
    day_numbers,
    holiday_dates,
    local_seconds,
    ratios,
    utc_seconds,
    week_keys,
    week_slots,
)
from cx_cli.io.schemas import TICKET_SUBCATEGORIES

ANSWER_WINDOW_HOURS = 12.0
MISSING_PARTS = "missing_parts"


def _quantiles_per_slot(values: np.ndarray, slots: np.ndarray, n: int,
                        qs: Sequence[float]) -> list[list[float | None]]:
    """numpy's default (linear) quantiles of ``values`` within each week slot."""
    out: list[list[float | None]] = [[None] * len(qs) for _ in range(n)]
    keep = slots >= 0
    vals, sl = values[keep], slots[keep]
    order = np.argsort(sl, kind="stable")
    vals, sl = vals[order], sl[order]
    bounds = np.searchsorted(sl, np.arange(n + 1))
    for i in range(n):
        chunk = vals[bounds[i]:bounds[i + 1]]
        if len(chunk):
            out[i] = [float(v) for v in np.quantile(chunk, qs)]
    return out


def business_seconds_until(local: np.ndarray, hours: SupportHours,
                           holidays: np.ndarray) -> np.ndarray:
    """Support-hour seconds from a fixed origin up to each local time (a cumulative clock).

    The business time between two moments is the difference of this clock at both,
    so whole days come from ``numpy.busday_count`` and only the two partial days are
    computed. Day d's support window is ``[d + start, d + start + length)``; an end at
    or before the start means the window runs past midnight (night shifts).
    """
    start = hours.start_time()
    end = hours.end_time()
    start_s = start.hour * 3600 + start.minute * 60
    length = (end.hour * 3600 + end.minute * 60 - start_s) % DAY or DAY
    weekmask = "".join("1" if d in hours.days else "0" for d in WEEKDAYS)
    if weekmask == "0000000":
        return np.zeros(len(local), dtype=np.int64)
    day = day_numbers(local)
    d64 = day.astype("datetime64[D]")
    prev = d64 - np.timedelta64(1, "D")
    whole = np.busday_count(np.datetime64("1970-01-01"), prev, weekmask=weekmask,
                            holidays=holidays).astype(np.int64)
    open_prev = np.is_busday(prev, weekmask=weekmask, holidays=holidays)
    open_today = np.is_busday(d64, weekmask=weekmask, holidays=holidays)
    in_prev = np.clip(local - (day - 1) * DAY - start_s, 0, length)
    in_today = np.clip(local - day * DAY - start_s, 0, length)
    return whole * length + open_prev * in_prev + open_today * in_today


def weekly_support(tickets: pd.DataFrame | None, weeks: Sequence[Week],
                   support_hours: SupportHours | None = None,
                   holiday_country: str | None = None) -> dict[str, list]:
    """Per week: FRT median/p90 (calendar and business hours), unanswered, 12-hour share."""
    n = len(weeks)
    names = ("frt_median_hours", "frt_p90_hours", "unanswered_tickets", "tickets",
             "frt_median_business_hours", "frt_p90_business_hours",
             "answered_within_12h_share")
    if tickets is None:
        return {k: [None] * n for k in names}
    created_local, created_ok = local_seconds(tickets["created_at"])
    slots = week_slots(week_keys(created_local), created_ok, list(weeks))
    mine = slots >= 0
    created_utc, _ = utc_seconds(tickets["created_at"])
    resp_utc, answered = utc_seconds(tickets["first_response_at"])
    hours = (resp_utc - created_utc) / 3600.0

    total = count_per_slot(slots, n).astype(int)
    unanswered = count_per_slot(np.where(answered, -1, slots), n).astype(int)
    ans_slots = np.where(answered, slots, -1)
    quick = count_per_slot(np.where(answered & (hours <= ANSWER_WINDOW_HOURS), slots, -1), n)
    frt = _quantiles_per_slot(hours, ans_slots, n, (0.5, 0.9))
    out: dict[str, list] = {
        "tickets": [int(t) for t in total],
        "unanswered_tickets": [int(u) for u in unanswered],
        "frt_median_hours": [q[0] for q in frt],
        "frt_p90_hours": [q[1] for q in frt],
        "answered_within_12h_share": ratios(quick, total),
    }
    if support_hours is None:
        out["frt_median_business_hours"] = [None] * n
        out["frt_p90_business_hours"] = [None] * n
        return out
    sel = mine & answered
    biz = np.full(len(tickets), np.nan)
    if sel.any():
        resp_local, _ = local_seconds(tickets["first_response_at"])
        c, r = created_local[sel], resp_local[sel]
        years = pd.to_datetime(np.concatenate([c, r]), unit="s").year
        hol = holiday_dates(holiday_country, int(years.min()) - 1, int(years.max()) + 1)
        clock_c = business_seconds_until(c, support_hours, hol)
        clock_r = business_seconds_until(r, support_hours, hol)
        # A reply stamped before the ticket (clock skew in an export) waited no time.
        biz[sel] = np.maximum(clock_r - clock_c, 0) / 3600.0
    bq = _quantiles_per_slot(biz, np.where(sel, slots, -1), n, (0.5, 0.9))
    out["frt_median_business_hours"] = [q[0] for q in bq]
    out["frt_p90_business_hours"] = [q[1] for q in bq]
    return out


def subcategory_tags(tickets: pd.DataFrame) -> pd.Series:
    """The tagged subcategory of each ticket, or NA when its tag is not one of the twelve.

    Tags are forgiving the way triage reads them: 'Missing Parts', 'missing-parts' and
    'missing_parts' are the same tag; anything else counts as untagged.
    """
    tags = tickets["subcategory"].astype("string").str.strip().str.lower()
    tags = tags.str.replace(r"[\s\-/]+", "_", regex=True)
    return tags.where(tags.isin(list(TICKET_SUBCATEGORIES)).fillna(False), pd.NA)


def ticket_subcategories(tickets: pd.DataFrame,
                         ticket_labels: pd.DataFrame | None = None) -> pd.Series:
    """Each ticket's subcategory: its tag when tagged, else the classifier's label."""
    tagged = subcategory_tags(tickets)
    if ticket_labels is None or not len(ticket_labels) or "subcategory" not in ticket_labels:
        return tagged
    labels = ticket_labels.drop_duplicates("ticket_id", keep="last")
    mapped = tickets["ticket_id"].astype("string").map(
        pd.Series(labels["subcategory"].astype("string").str.strip().str.lower().to_numpy(),
                  index=labels["ticket_id"].astype("string").to_numpy()))
    return tagged.fillna(mapped.astype("string"))


def weekly_missing_parts(tickets: pd.DataFrame | None, shipped_per_week: list[int | None],
                         weeks: Sequence[Week],
                         ticket_labels: pd.DataFrame | None = None) -> dict[str, list]:
    """Missing-parts tickets created per week, and per 1,000 orders shipped that week."""
    n = len(weeks)
    if tickets is None:
        return {"missing_parts_tickets": [None] * n, "missing_parts_per_1000_shipped": [None] * n}
    created_local, ok = local_seconds(tickets["created_at"])
    sub = ticket_subcategories(tickets, ticket_labels)
    is_missing = (sub == MISSING_PARTS).fillna(False).to_numpy(dtype=bool)
    slots = week_slots(week_keys(created_local), ok & is_missing, list(weeks))
    counts = [int(c) for c in count_per_slot(slots, n)]
    per_1000 = [c * 1000.0 / float(s) if s else None
                for c, s in zip(counts, shipped_per_week, strict=True)]
    return {"missing_parts_tickets": counts, "missing_parts_per_1000_shipped": per_1000}
