"""Retention: repeat purchase by first-order month, observed reorder intervals, bundle ideas.

Definitions follow SPEC §8 (repeat purchase): an order *qualifies* when it has a paid
time and at least one line whose return_type is not cancel; orders without a buyer
are ignored; a buyer's first order is their earliest qualifying order in the data; a
repeat is another qualifying order (different order_id) paid strictly after the first
and at most N days later. A month cohort is shown at N days only once every buyer in
it has been observed for N full days by the end of ``as_of``.

Everything here is vectorised (factorised ids, numpy sorts), so a million order lines
take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from cx_cli.io.catalog import Catalog

HORIZONS = (30, 60, 90)
PAIR_DAYS = 30
# Buyers with more purchase occasions than this (resellers, test accounts) are left out
# of the pair counts: their every-SKU-with-every-SKU pairs say nothing about routines.
MAX_OCCASIONS_PER_BUYER = 100
CYCLE_BUCKETS = (30, 60, 90)
CYCLE_TOLERANCE = 0.2
TOP_BUNDLES = 5
# A 2-pack needs this share of the SKU's buyers to have bought it again.
MIN_TWO_PACK_SHARE = 0.1


def _local(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return pd.to_datetime(series)


@dataclass
class Lines:
    """Lines of qualifying orders as integer codes (fast to sort and join).

    ``paid`` is the order's shop-local paid time (naive), ``day`` its calendar day
    as days since 1970-01-01; ``skus`` maps sku codes back to names.
    """

    buyer: np.ndarray
    order: np.ndarray
    sku: np.ndarray
    paid: np.ndarray
    day: np.ndarray
    skus: np.ndarray

    def __len__(self) -> int:
        return len(self.order)

    def with_sku(self) -> Lines:
        """Only the lines that name a SKU (a line with none has sku code -1)."""
        keep = self.sku >= 0
        if keep.all():
            return self
        return Lines(buyer=self.buyer[keep], order=self.order[keep], sku=self.sku[keep],
                     paid=self.paid[keep], day=self.day[keep], skus=self.skus)

    @cached_property
    def occasions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(buyer, sku, day) purchase occasions, sorted; same-day orders are one occasion."""
        if not len(self.day):
            return self.buyer, self.sku, self.day
        span = int(self.day.max() - self.day.min()) + 1
        n_skus = len(self.skus)
        if (int(self.buyer.max()) + 1) * n_skus * span < 2**62:
            # One int64 key sorts faster than a three-key lexsort.
            key = (self.buyer.astype(np.int64) * n_skus + self.sku) * span \
                + (self.day - self.day.min())
            idx = np.argsort(key, kind="stable")
        else:
            idx = np.lexsort((self.day, self.sku, self.buyer))
        b, s, d = self.buyer[idx], self.sku[idx], self.day[idx]
        if not len(b):
            return b, s, d
        new = np.ones(len(b), dtype=bool)
        new[1:] = (b[1:] != b[:-1]) | (s[1:] != s[:-1]) | (d[1:] != d[:-1])
        return b[new], s[new], d[new]


def qualifying_lines(orders: pd.DataFrame, as_of: date | None = None, *,
                     with_sku: bool = True) -> Lines:
    """The lines that count as purchases: qualifying orders (SPEC §3.1), lines not cancelled.

    A cancelled line was never bought, so it is dropped; an order with no line left does
    not qualify. Orders without a buyer are ignored. With ``as_of``, orders paid after
    the end of that day do not exist yet. ``with_sku=False`` keeps the lines that name no
    SKU too (sku code -1): whether a buyer came back does not depend on SKUs.
    """
    order_codes, _ = pd.factorize(orders["order_id"].astype("string"))
    stamps = _local(orders["paid_at"]).to_numpy().astype("datetime64[ns]").astype(np.int64)
    never = np.iinfo(np.int64).max
    stamps = np.where(stamps == np.iinfo(np.int64).min, never, stamps)  # NaT
    if len(stamps):
        # An order has one paid time: the earliest of its lines (as the scorecard reads it).
        first = np.full(order_codes.max() + 1, never, dtype=np.int64)
        np.minimum.at(first, order_codes, stamps)
        stamps = first[order_codes]
    buyer = orders["buyer"].astype("string").str.strip()
    live = (orders["return_type"].astype("string") != "cancel").fillna(True)
    sku = orders["sku"].astype("string")
    keep = (stamps != never) & buyer.fillna("").ne("").to_numpy(dtype=bool) \
        & live.to_numpy(dtype=bool)
    if with_sku:
        keep &= sku.notna().to_numpy(dtype=bool)
    if as_of is not None:
        keep &= stamps < pd.Timestamp(as_of + timedelta(days=1)).as_unit("ns").value
    buyer_codes, _ = pd.factorize(buyer[keep])
    sku_codes, sku_names = pd.factorize(sku[keep])
    order_codes = order_codes[keep]
    times = stamps[keep].astype("datetime64[ns]")
    return Lines(buyer=buyer_codes, order=order_codes, sku=sku_codes, paid=times,
                 day=times.astype("datetime64[D]").astype(np.int64),
                 skus=np.asarray(sku_names, dtype=object))


# --- cohorts ---------------------------------------------------------------------------

def cohort_repeat_rates(orders: pd.DataFrame | Lines, *, as_of: date) -> list[dict[str, Any]]:
    """Repeat rate at 30/60/90 days per first-order month; only matured horizons.

    A month is listed once its 30-day rate has matured; a horizon not yet matured is None.
    """
    lines = orders if isinstance(orders, Lines) else qualifying_lines(orders, as_of,
                                                                      with_sku=False)
    if not len(lines):
        return []
    _, first_line = np.unique(lines.order, return_index=True)
    buyer = lines.buyer[first_line]
    paid = lines.paid[first_line].astype(np.int64)
    n_buyers = buyer.max() + 1
    first = np.full(n_buyers, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, buyer, paid)
    # The next qualifying order strictly after the first (same-time orders are no repeat).
    nxt = np.full(n_buyers, np.iinfo(np.int64).max, dtype=np.int64)
    later = paid > first[buyer]
    np.minimum.at(nxt, buyer[later], paid[later])
    has_next = nxt != np.iinfo(np.int64).max
    gap_days = np.where(has_next, (nxt - first) / 86_400e9, np.inf)
    first_ts = pd.to_datetime(first.astype("datetime64[ns]"))
    months = first_ts.to_period("M")
    observed_until = pd.Timestamp(as_of + timedelta(days=1))
    rows = []
    codes, uniques = pd.factorize(months, sort=True)
    for i, period in enumerate(uniques):
        in_cohort = codes == i
        size = int(in_cohort.sum())
        month_end = (period + 1).to_timestamp()
        row: dict[str, Any] = {"cohort": str(period), "buyers": size}
        for n in HORIZONS:
            matured = month_end + pd.Timedelta(days=n) <= observed_until
            repeaters = int((gap_days[in_cohort] <= n).sum())
            row[f"repeaters_{n}"] = repeaters if matured else None
            row[f"repeat_{n}"] = repeaters / size if matured else None
        if row["repeat_30"] is not None:
            rows.append(row)
    return rows


# --- reorder intervals -----------------------------------------------------------------

def reorder_stats(orders: pd.DataFrame | Lines, *, as_of: date | None = None) -> pd.DataFrame:
    """Per SKU: buyers, repeaters (buyers who bought it again), reorders and median gap.

    The gap is counted in shop-local calendar days between a buyer's consecutive
    purchases of the SKU; several orders on one day are one purchase (a split basket is
    no reorder). The median pools every gap of every buyer.
    """
    lines = orders if isinstance(orders, Lines) else qualifying_lines(orders, as_of)
    b, s, d = lines.occasions
    columns = ["sku", "buyers", "repeaters", "reorders", "median_days"]
    if not len(b):
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "median_days" else "int64")
                             for c in columns}).astype({"sku": object})
    same = (b[1:] == b[:-1]) & (s[1:] == s[:-1])
    gap_sku, gap = s[1:][same], (d[1:] - d[:-1])[same]
    # Each (buyer, sku) run starts once: its first occasion counts a buyer, a gap a reorder.
    starts = np.ones(len(b), dtype=bool)
    starts[1:] = ~same
    n_skus = len(lines.skus)
    buyers = np.bincount(s[starts], minlength=n_skus)
    reorders = np.bincount(gap_sku, minlength=n_skus)
    # A repeater: a (buyer, sku) run with at least one gap.
    run_has_gap = np.zeros(len(b), dtype=bool)
    run_has_gap[:-1] = same
    repeaters = np.bincount(s[starts & run_has_gap], minlength=n_skus)
    median = pd.Series(gap.astype(float)).groupby(gap_sku).median()
    frame = pd.DataFrame({"sku": lines.skus, "buyers": buyers, "repeaters": repeaters,
                          "reorders": reorders,
                          "median_days": median.reindex(range(n_skus)).to_numpy()})
    return frame[frame["buyers"] > 0].sort_values("sku").reset_index(drop=True)


def observed_reorder_intervals(orders: pd.DataFrame, *, min_repeaters: int = 20,
                               as_of: date | None = None) -> dict[str, float]:
    """sku -> median days between a buyer's consecutive orders of it.

    Only SKUs that at least ``min_repeaters`` buyers reordered; the replenishment stage
    uses these with ``messages.replenishment.cycle: observed`` (the catalog's
    usage_cycle_days elsewhere).
    """
    stats = reorder_stats(orders, as_of=as_of)
    enough = stats[stats["repeaters"] >= min_repeaters]
    return {str(s): float(d) for s, d in zip(enough["sku"], enough["median_days"], strict=True)}


# --- bundle candidates -----------------------------------------------------------------

def pair_candidates(orders: pd.DataFrame | Lines, *, as_of: date | None = None,
                    window_days: int = PAIR_DAYS, min_buyers: int = 3,
                    limit: int = TOP_BUNDLES) -> list[dict[str, Any]]:
    """SKU pairs bought by the same buyer in one order or within ``window_days``.

    ``buyers`` counts distinct buyers with such a pair; ``same_order`` counts the orders
    holding both; ``lift`` is buyers over what two independent SKUs would give. Pairs
    with at least ``min_buyers`` buyers and a lift above 1 (together more often than
    chance), ranked by lift, then buyers.
    """
    lines = orders if isinstance(orders, Lines) else qualifying_lines(orders, as_of)
    b, s, d = lines.occasions
    if not len(b):
        return []
    occ = pd.DataFrame({"buyer": b, "sku": s, "day": d})
    per_buyer = occ.groupby("buyer")["sku"]
    useful = (per_buyer.transform("size") <= MAX_OCCASIONS_PER_BUYER) & (
        per_buyer.transform("nunique") > 1)
    occ = occ[useful.to_numpy()]
    both = occ.merge(occ, on="buyer", suffixes=("_a", "_b"))
    both = both[(both["sku_a"] < both["sku_b"])
                & ((both["day_a"] - both["day_b"]).abs() <= window_days)]
    pairs = both.drop_duplicates(["buyer", "sku_a", "sku_b"])
    counts = pairs.groupby(["sku_a", "sku_b"]).size().rename("buyers")
    basket = pd.DataFrame({"order": lines.order, "sku": lines.sku}).drop_duplicates()
    basket = basket[basket.groupby("order")["sku"].transform("size").to_numpy() > 1]
    together = basket.merge(basket, on="order", suffixes=("_a", "_b"))
    together = together[together["sku_a"] < together["sku_b"]]
    same = together.groupby(["sku_a", "sku_b"]).size().rename("same_order")
    table = pd.concat([counts, same], axis=1).fillna(0).astype(int).reset_index()
    table = table[table["buyers"] >= min_buyers]
    # Lift: how much more often the pair shows up than two independent SKUs would, so a
    # pair of best-sellers does not win on popularity alone.
    sku_buyers = np.bincount(s[np.r_[True, (b[1:] != b[:-1]) | (s[1:] != s[:-1])]],
                             minlength=len(lines.skus))
    n_buyers = len(np.unique(b))
    table["lift"] = table["buyers"] * n_buyers / (
        sku_buyers[table["sku_a"].to_numpy()] * sku_buyers[table["sku_b"].to_numpy()])
    names = lines.skus
    table["name_a"] = names[table["sku_a"].to_numpy()]
    table["name_b"] = names[table["sku_b"].to_numpy()]
    # Name order inside a pair, so the output does not depend on code order.
    swap = table["name_a"] > table["name_b"]
    table.loc[swap, ["name_a", "name_b"]] = table.loc[swap, ["name_b", "name_a"]].to_numpy()
    table = table[table["lift"] > 1]
    table = table.sort_values(["lift", "buyers", "name_a", "name_b"],
                              ascending=[False, False, True, True]).head(limit)
    return [{"skus": [str(a), str(b)], "buyers": int(n), "same_order": int(m),
             "lift": round(float(lift), 2)}
            for a, b, n, m, lift in zip(table["name_a"], table["name_b"], table["buyers"],
                                        table["same_order"], table["lift"], strict=True)]


def two_pack_candidates(stats: pd.DataFrame, *, min_repeaters: int = 3,
                        min_share: float = MIN_TWO_PACK_SHARE,
                        limit: int = TOP_BUNDLES) -> list[dict[str, Any]]:
    """SKUs the same buyers reorder most: sell two at once.

    At least ``min_share`` of a SKU's buyers must have bought it again, so a best-seller
    with a handful of replacement orders is not mistaken for a staple.
    """
    if not len(stats):
        return []
    top = stats[stats["repeaters"] >= min_repeaters].copy()
    top["repeat_share"] = top["repeaters"] / top["buyers"]
    top = top[top["repeat_share"] >= min_share]
    top = top.sort_values(["repeaters", "repeat_share", "sku"],
                          ascending=[False, False, True]).head(limit)
    return [{"sku": str(r.sku), "buyers": int(r.buyers), "repeaters": int(r.repeaters),
             "repeat_share": float(r.repeat_share),
             "median_days": None if pd.isna(r.median_days) else float(r.median_days)}
            for r in top.itertuples()]


def cycle_bucket(days: float) -> int | None:
    """30, 60 or 90 when the cycle is within 20% of it (the nearest wins), else None."""
    best = min(CYCLE_BUCKETS, key=lambda b: abs(days - b))
    return best if abs(days - best) <= CYCLE_TOLERANCE * best else None


def replacement_sets(cycles: dict[str, tuple[float, str]],
                     catalog: Catalog | None) -> list[dict[str, Any]]:
    """Consumables grouped by a 30/60/90-day cycle: one set replaces them all on schedule.

    ``cycles`` is sku -> (days, source) where source is "observed" or "catalog".
    """
    groups: dict[int, list[dict[str, Any]]] = {}
    for sku, (days, source) in sorted(cycles.items()):
        product = catalog.get(sku) if catalog else None
        consumable = product is None or product.category == "consumable" \
            or product.usage_cycle_days is not None
        bucket = cycle_bucket(days)
        if bucket is None or not consumable:
            continue
        groups.setdefault(bucket, []).append({"sku": sku, "cycle_days": days, "source": source})
    return [{"cycle_days": b, "skus": groups[b]} for b in sorted(groups)]


# --- the whole report ------------------------------------------------------------------

@dataclass
class RetentionResult:
    """Rows for the presenters; ``as_dict`` is the JSON output."""

    as_of: date
    min_repeaters: int
    cohorts: list[dict[str, Any]] = field(default_factory=list)
    intervals: list[dict[str, Any]] = field(default_factory=list)
    two_packs: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    replacement_sets: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "min_repeaters": self.min_repeaters,
            "cohorts": self.cohorts,
            "reorder_intervals": self.intervals,
            "bundles": {"two_pack": self.two_packs, "routine": self.pairs,
                        "replacement_sets": self.replacement_sets},
        }


def retention(orders: pd.DataFrame, *, as_of: date, catalog: Catalog | None = None,
              min_repeaters: int = 20, min_buyers: int = 3) -> RetentionResult:
    """Cohort repeat rates, reorder intervals beside the catalog, and bundle candidates.

    Args:
        min_repeaters: buyers who must have reordered a SKU before its observed
            interval is shown (SPEC §9a).
        min_buyers: support a bundle candidate needs (buyers, or repeaters for a 2-pack).
    """
    result = RetentionResult(as_of=as_of, min_repeaters=min_repeaters)
    every = qualifying_lines(orders, as_of, with_sku=False)
    result.cohorts = cohort_repeat_rates(every, as_of=as_of)
    lines = every.with_sku()
    stats = reorder_stats(lines)
    catalog = catalog or Catalog()
    skus = sorted(set(stats["sku"].astype(str)) | {s for s, p in catalog.items()
                                                    if p.usage_cycle_days is not None})
    by_sku = stats.set_index(stats["sku"].astype(str)) if len(stats) else None
    cycles: dict[str, tuple[float, str]] = {}
    for sku in skus:
        row = by_sku.loc[sku] if by_sku is not None and sku in by_sku.index else None
        repeaters = int(row["repeaters"]) if row is not None else 0
        observed = (float(row["median_days"]) if row is not None and repeaters >= min_repeaters
                    else None)
        product = catalog.get(sku)
        usage = product.usage_cycle_days if product else None
        if repeaters == 0 and usage is None:
            continue
        result.intervals.append({
            "sku": sku, "name": product.display_name if product else None,
            "buyers": int(row["buyers"]) if row is not None else 0,
            "repeaters": repeaters,
            "reorders": int(row["reorders"]) if row is not None else 0,
            "observed_days": observed, "usage_cycle_days": usage,
        })
        if observed is not None:
            cycles[sku] = (observed, "observed")
        elif usage is not None:
            cycles[sku] = (float(usage), "catalog")
    result.two_packs = two_pack_candidates(stats, min_repeaters=min_buyers)
    result.pairs = pair_candidates(lines, min_buyers=min_buyers)
    result.replacement_sets = replacement_sets(cycles, catalog)
    return result
