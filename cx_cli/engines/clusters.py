"""Defect clusters: one complaint about one product from several buyers within a few days.

Such a cluster is a product or listing problem to escalate, not a one-off support case.
``ProductMatcher`` finds which catalog product a text names, for the tickets and
comments that name no SKU. Shared by ``engines.triage`` and ``engines.comments``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from cx_cli.engines.text_signals import compile_tier, count_matches, normalise_phrase

# Words too generic to tell one product from another in a comment.
_GENERIC_TEXT = """
    with from this that your pack size mini large small medium black white color colour
    pink blue green grey gray gold silver clear original premium classic deluxe pro plus
    max ultra edition version refill refills bundle twin kit set pcs piece pieces women
    mens womens kids unisex portable rechargeable electric travel home new best
"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())


class ProductMatcher:
    """Finds which catalog product a text names: its SKU, its full name, or a name word
    no other product shares."""

    def __init__(self, catalog: Mapping[str, Any] | None) -> None:
        terms: dict[str, str] = {}
        words: dict[str, set[str]] = {}
        for sku, product in (catalog or {}).items():
            terms.setdefault(normalise_phrase(str(sku)), str(sku))
            name = getattr(product, "name", None)
            if name:
                terms.setdefault(normalise_phrase(name), str(sku))
                for word in re.findall(r"[a-z][a-z\-]{3,}", normalise_phrase(name)):
                    if word not in _GENERIC_WORDS:
                        words.setdefault(word, set()).add(str(sku))
        for word, skus in words.items():
            if len(skus) == 1:
                terms.setdefault(word, next(iter(skus)))
                if not word.endswith("s"):
                    terms.setdefault(word + "s", next(iter(skus)))
        self.terms = terms
        self.tier = compile_tier(list(terms), literal=True) if terms else None
        self.names = {str(sku): getattr(p, "name", None) for sku, p in (catalog or {}).items()}

    def identify(self, text: pa.Array) -> np.ndarray:
        """Per row the one SKU the text names, else None (none or several)."""
        out = np.full(len(text), None, dtype=object)
        if self.tier is None or not len(text):
            return out
        texts = text.to_pylist()
        rows = (np.flatnonzero(count_matches(text, self.tier.source) > 0) if self.tier.re2
                else range(len(texts)))
        for i in rows:
            found = {self.terms.get(m.group(0)) for m in self.tier.pattern.finditer(texts[i])}
            found.discard(None)
            if len(found) == 1:
                out[i] = found.pop()
        return out


def _local_days(times: pd.Series | np.ndarray) -> np.ndarray:
    """Shop-local calendar dates as day numbers (tz-aware times keep their wall clock)."""
    series = pd.Series(times)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    series = pd.to_datetime(series, errors="coerce")
    return series.to_numpy(dtype="datetime64[D]")


def _naive_seconds(times: pd.Series) -> np.ndarray:
    series = times
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[s]").astype(
        np.int64)


def _as_date(day_number: int) -> date:
    return date(1970, 1, 1) + timedelta(days=int(day_number))


def find_clusters(events: pd.DataFrame, *, escalate_after: int = 3,
                  window_days: int = 7) -> list[dict]:
    """Groups of ≥ escalate_after events of one (product, family) inside window_days days.

    ``events`` has columns id, product, family, time. A window is ``window_days``
    consecutive shop-local calendar days; overlapping windows that each reach the bar
    merge into one cluster. Returns dicts: product, complaint, count, first, last
    (dates), ids (in time order).
    """
    if not len(events):
        return []
    ev = events.dropna(subset=["product", "family", "time"])
    ev = ev[(ev["product"].astype(str) != "") & (ev["family"].astype(str) != "")]
    if not len(ev):
        return []
    ev = ev.assign(_day=_local_days(ev["time"]))
    ev = ev[~pd.isna(ev["_day"])]
    if not len(ev):
        return []
    group = ev.groupby(["product", "family"], sort=True).ngroup().to_numpy()
    day = ev["_day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    when = _naive_seconds(ev["time"])
    order = np.lexsort((when, day, group))
    group, day = group[order], day[order]
    ids = ev["id"].to_numpy(dtype=object)[order]
    products = ev["product"].to_numpy(dtype=object)[order]
    families = ev["family"].to_numpy(dtype=object)[order]
    bounds = np.flatnonzero(np.diff(group)) + 1
    clusters: list[dict] = []
    for lo_g, hi_g in zip(np.r_[0, bounds], np.r_[bounds, len(group)], strict=True):
        if hi_g - lo_g < escalate_after:
            continue
        days = day[lo_g:hi_g]
        # For each start i, the events up to the last day of its window.
        end = np.searchsorted(days, days + window_days - 1, side="right")
        starts = np.flatnonzero(end - np.arange(len(days)) >= escalate_after)
        spans: list[list[int]] = []
        for i in starts:
            if spans and i < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], int(end[i]))
            else:
                spans.append([int(i), int(end[i])])
        for lo, hi in spans:
            clusters.append({
                "product": str(products[lo_g]),
                "complaint": str(families[lo_g]),
                "count": hi - lo,
                "first": _as_date(days[lo]),
                "last": _as_date(days[hi - 1]),
                "ids": ids[lo_g + lo:lo_g + hi].tolist(),
            })
    clusters.sort(key=lambda c: (c["last"], c["count"]), reverse=True)
    return clusters
