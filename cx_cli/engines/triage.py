"""Support triage: tickets -> category, subcategory, saved reply, dispute type, proof, escalation.

The triage rules (``engines.triage_rules``) score each ticket's subject and message;
a ticket whose export carries one of the twelve subcategories keeps it. A ticket is
escalated for an ``escalate`` signal, a repeat contact, or a defect cluster
(``engines.clusters``). Low reviews are read as tickets with no subject.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from cx_cli.engines import clusters, columns, text_signals, triage_rules
from cx_cli.engines.clusters import ProductMatcher, find_clusters
from cx_cli.engines.text_signals import APOSTROPHES, STRING, normalise_texts
from cx_cli.engines.triage_rules import SUBCATEGORIES, TriageRules, load_triage_rules
from cx_cli.io.schemas import TICKET_SUBCATEGORIES

CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(TICKET_SUBCATEGORIES.values()))
UNCLASSIFIED = "unclassified"

# The columns of classify_tickets' result that form the `cx triage` contract (SPEC §13).
TRIAGE_KEYS = ("ticket_id", "category", "subcategory", "source", "dispute_type",
               "reply_template", "proof", "escalate")

# Input columns carried into the result, for presenters and other engines.
CONTEXT_COLUMNS = ("created_at", "resolved_at", "order_id", "buyer", "sku", "status",
                   "subject")

# Every module whose code decides the labels: a change to any of them is a cache miss
# for the labels remembered between runs (``Dataset.memo``'s ``code``).
CODE = (columns, text_signals, triage_rules, clusters, sys.modules[__name__])


def _column(frame: pd.DataFrame, name: str) -> pd.Series | None:
    return frame[name] if name in frame.columns else None


def _normalise_tag(series: pd.Series | None, n: int, known: Iterable[str]) -> np.ndarray:
    """Export tags like 'Missing Parts' or 'missing-parts' -> 'missing_parts'; others None."""
    out = np.full(n, None, dtype=object)
    if series is None:
        return out
    known = set(known)
    values = series.astype(STRING).str.lower().str.replace(APOSTROPHES, "", regex=True)
    values = values.str.strip().str.replace(r"[\s\-/]+", "_", regex=True)
    hit = values.isin(known).fillna(False).to_numpy(dtype=bool)
    out[hit] = values[hit].to_numpy(dtype=object)
    return out


def existing_as_of(frame: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """As of day D a ticket created after the end of D (shop time) does not exist yet."""
    if as_of is None or "created_at" not in frame.columns:
        return frame
    created = frame["created_at"]
    if getattr(created.dt, "tz", None) is not None:
        created = created.dt.tz_localize(None)
    end = pd.Timestamp(as_of + timedelta(days=1))
    keep = (created < end).fillna(True).to_numpy(dtype=bool)
    return frame.loc[keep]


def solved_as_of(frame: pd.DataFrame, as_of: date | None) -> np.ndarray:
    """Solved on day D: resolved by the end of D, or marked solved with no resolved time.

    A ticket resolved after D was still open on D (SPEC §4).
    """
    n = len(frame)
    status = _column(frame, "status")
    marked = (np.zeros(n, dtype=bool) if status is None else
              (status.astype(STRING).str.lower() == "solved").fillna(False).to_numpy(bool))
    resolved = _column(frame, "resolved_at")
    if resolved is None:
        return marked
    if isinstance(resolved.dtype, pd.DatetimeTZDtype):
        resolved = resolved.dt.tz_localize(None)
    resolved = pd.to_datetime(resolved, errors="coerce")
    has_time = resolved.notna().to_numpy(dtype=bool)
    if as_of is None:
        return marked | has_time
    end = pd.Timestamp(as_of + timedelta(days=1))
    by_then = (resolved < end).fillna(False).to_numpy(dtype=bool)
    return np.where(has_time, by_then, marked)


def classify_tickets(tickets: pd.DataFrame, rules: TriageRules | None = None, *,
                     as_of: date | None = None, catalog: Mapping[str, Any] | None = None,
                     escalate_after: int = 3, window_days: int = 7) -> pd.DataFrame:
    """One row per ticket: the SPEC §13 keys, then the reason for escalating and context.

    Columns: ticket_id, category, subcategory, source, dispute_type, reply_template,
    proof, escalate, escalate_reason, family (the complaint family for defect
    clusters), product (sku, or the catalog product named in the text), then created_at,
    resolved_at, order_id, buyer, sku, status, subject as given.

    The reply of a ticket solved by ``as_of`` is ``solved_reply`` (the outcome
    confirmation), whatever its subcategory: the loop to close is the buyer's.

    A ticket whose export carries one of the twelve subcategories keeps it (source
    "tagged"); rules fill the rest (source "rules", category "unclassified" when no rule
    fits). With ``as_of``, tickets created after that day are left out. Escalation:
    any `escalate` signal in the text, repeated contact (``repeat_contact``), or a
    defect cluster: ``escalate_after`` tickets of one complaint family about one product
    within ``window_days`` calendar days.
    """
    rules = rules or load_triage_rules()
    spec = rules.spec
    frame = existing_as_of(tickets, as_of).reset_index(drop=True)
    n = len(frame)
    text = normalise_texts(_column(frame, "subject"), _column(frame, "message"), length=n)

    # Subcategory by rules; a known category tag narrows the choice to its subcategories.
    scores = rules.subcategories.scores(text)
    order = list(spec.priority)
    matrix = np.stack([scores[s] for s in order])
    tag_sub = _normalise_tag(_column(frame, "subcategory"), n, SUBCATEGORIES)
    tag_cat = _normalise_tag(_column(frame, "category"), n, CATEGORIES)
    for cat in CATEGORIES:
        rows = tag_cat == cat
        outside = np.array([TICKET_SUBCATEGORIES[s] != cat for s in order])
        if rows.any() and outside.any():
            matrix[np.ix_(outside, rows)] = -1
    best = matrix.argmax(axis=0)  # the first maximum: ties go by priority order
    best_points = matrix.max(axis=0, initial=0)
    by_rules = np.where(best_points >= spec.min_score, np.array(order, dtype=object)[best],
                        None)

    tagged = tag_sub != None  # noqa: E711 — elementwise on an object array
    subcategory = np.where(tagged, tag_sub, by_rules)
    category = np.array([TICKET_SUBCATEGORIES[s] if s else None for s in subcategory],
                        dtype=object)
    cat_only = ~tagged & (subcategory == None) & (tag_cat != None)  # noqa: E711
    category[cat_only] = tag_cat[cat_only]
    category[category == None] = UNCLASSIFIED  # noqa: E711
    source = np.where(tagged | cat_only, "tagged", "rules")

    sub_rules = spec.subcategories
    reply = np.array([sub_rules[s].reply if s else spec.unclassified.reply
                      for s in subcategory], dtype=object)
    proof = np.array([sub_rules[s].proof if s else spec.unclassified.proof
                      for s in subcategory], dtype=object)
    dispute = np.array([sub_rules[s].dispute if s else None for s in subcategory],
                       dtype=object)
    family = np.array([sub_rules[s].family if s else None for s in subcategory], dtype=object)

    # A ticket no subcategory fits may still be a return of a change of mind.
    if spec.dispute_signals and n:
        signals = rules.disputes.scores(text)
        for name, sig in spec.dispute_signals.items():
            hit = (signals[name] > 0) & (subcategory == None)  # noqa: E711
            hit &= dispute == None  # noqa: E711
            dispute[hit] = name
            if sig.reply:
                reply[hit] = sig.reply

    if spec.solved_reply:
        reply[solved_as_of(frame, as_of)] = spec.solved_reply

    product = ticket_products(frame, text, catalog)
    reasons = _escalations(frame, text, rules, family, product,
                           escalate_after=escalate_after, window_days=window_days)

    out = pd.DataFrame({
        "ticket_id": frame["ticket_id"].astype(STRING),
        "category": pd.Series(category, dtype=STRING),
        "subcategory": pd.Series(subcategory, dtype=STRING),
        "source": pd.Series(source, dtype=STRING),
        "dispute_type": pd.Series(dispute, dtype=STRING),
        "reply_template": pd.Series(reply, dtype=STRING),
        "proof": pd.Series(proof, dtype=STRING),
        "escalate": pd.Series([bool(r) for r in reasons], dtype=bool),
        "escalate_reason": pd.Series([", ".join(r) if r else None for r in reasons],
                                     dtype=STRING),
        "family": pd.Series(family, dtype=STRING),
        "product": pd.Series(product, dtype=STRING),
    })
    for name in CONTEXT_COLUMNS:
        if name in frame.columns:
            out[name] = frame[name]
    return out


def _escalations(frame: pd.DataFrame, text: pa.Array, rules: TriageRules,
                 family: np.ndarray, product: np.ndarray, *, escalate_after: int,
                 window_days: int) -> list[list[str]]:
    n = len(frame)
    reasons: list[list[str]] = [[] for _ in range(n)]
    if not n:
        return reasons
    for name, points in rules.escalation_scores(text).items():
        for i in np.flatnonzero(points > 0):
            reasons[i].append(name)
    if "created_at" not in frame.columns:
        return reasons
    created = frame["created_at"]
    # Repeated contact: the same order wrote again within the window, or the same buyer
    # did with no order number on one of the two tickets.
    repeat = rules.spec.repeat_contact
    keys = {name: frame[name].astype(STRING).to_numpy(dtype=object, na_value=None)
            if name in frame.columns else np.full(n, None, dtype=object)
            for name in ("order_id", "buyer")}
    hit = repeat_contacts(keys["order_id"], keys["buyer"],
                          created.to_numpy(dtype="datetime64[s]"),
                          min_tickets=repeat.min_tickets, days=repeat.days)
    for r in np.flatnonzero(hit):
        reasons[r].append("repeat_contact")
    # A defect cluster: a product/listing problem, not a one-off.
    events = pd.DataFrame({"id": np.arange(n), "product": product, "family": family,
                           "time": created.reset_index(drop=True)})
    for cluster in find_clusters(events, escalate_after=escalate_after,
                                 window_days=window_days):
        for i in cluster["ids"]:
            reasons[int(i)].append("defect_cluster")
    return reasons


def repeat_contacts(order: np.ndarray, buyer: np.ndarray, times: np.ndarray, *,
                    min_tickets: int, days: int) -> np.ndarray:
    """Rows with at least ``min_tickets`` tickets of one contact, this one included,
    created within the ``days`` days up to it. Two tickets are of one contact when they
    name the same order, or come from the same buyer and one of them names no order (a
    follow-up written without the order number); one buyer's tickets about two
    different orders are two contacts."""
    has_order = _present(order)
    orderless = ~has_order
    by_order = _window_counts(order, times, has_order, days=days)
    by_buyer_orderless = _window_counts(buyer, times, orderless, days=days)
    by_buyer = _window_counts(buyer, times, np.ones(len(order), dtype=bool), days=days)
    total = np.where(has_order, by_order + by_buyer_orderless, by_buyer)
    return total >= min_tickets


def _present(key: np.ndarray) -> np.ndarray:
    keys = pd.Series(key, dtype=object)
    return (keys.notna() & (keys.fillna("").astype(str).str.strip() != "")).to_numpy(
        dtype=bool)


def _window_counts(key: np.ndarray, times: np.ndarray, counted: np.ndarray, *,
                   days: int) -> np.ndarray:
    """Per row with a key and a time: how many ``counted`` rows of the same key were
    created within the ``days`` days up to it (rows at the same time count up to this
    one, in row order). Vectorised: one sort, a running count and a binary search over
    (key, time) packed into one int64."""
    n = len(key)
    out = np.zeros(n, dtype=np.int64)
    valid = _present(key) & ~np.isnat(times)
    rows = np.flatnonzero(valid)
    if not len(rows):
        return out
    codes, _ = pd.factorize(key[rows])
    seconds = times[rows].astype(np.int64)
    seconds = seconds - seconds.min()
    order = np.lexsort((seconds, codes))
    code, t = codes[order].astype(np.int64), seconds[order]
    span = days * 86_400
    packed = code * (int(t.max()) + span + 1) + t
    first_of_key = np.searchsorted(code, code, side="left")
    window_start = np.maximum(np.searchsorted(packed, packed - span, side="left"),
                              first_of_key)
    running = np.concatenate(([0], np.cumsum(counted[rows][order], dtype=np.int64)))
    out[rows[order]] = running[np.arange(len(order)) + 1] - running[window_start]
    return out

def ticket_products(frame: pd.DataFrame, text: pa.Array,
                    catalog: Mapping[str, Any] | None) -> np.ndarray:
    """A ticket's product: its sku, else the catalog product its text names."""
    n = len(frame)
    product = np.full(n, None, dtype=object)
    if "sku" in frame.columns and n:
        sku = frame["sku"].astype(STRING)
        has = sku.notna().to_numpy(dtype=bool) & (sku.fillna("") != "").to_numpy(dtype=bool)
        product[has] = sku[has].to_numpy(dtype=object)
    if catalog:
        missing = product == None  # noqa: E711
        if missing.any():
            named = ProductMatcher(catalog).identify(text)
            product[missing] = named[missing]
    return product

def category_counts(classified: pd.DataFrame) -> dict[str, int]:
    """Tickets per category, in the SPEC's order, unclassified last."""
    counts = classified["category"].value_counts(dropna=False).to_dict() if len(
        classified) else {}
    order = [*CATEGORIES, UNCLASSIFIED]
    out = {c: int(counts.get(c, 0)) for c in order}
    for other, value in counts.items():
        if other not in out and isinstance(other, str):
            out[other] = int(value)
    return out


def classify_low_reviews(reviews: pd.DataFrame, rules: TriageRules) -> pd.DataFrame | None:
    """The ticket rules over 1–2 star review texts: which issue a low rating is about.

    A review reads as a ticket with no subject; the labels carry ``review_id``.
    """
    low = reviews[pd.to_numeric(reviews["rating"], errors="coerce").le(2).fillna(False)
                  .to_numpy(dtype=bool)]
    if not len(low):
        return None
    none = pd.Series(pd.NA, index=low.index, dtype="string")
    as_tickets = pd.DataFrame({
        "ticket_id": low["review_id"], "order_id": low["order_id"], "buyer": low["buyer"],
        "created_at": low["created_at"], "first_response_at": pd.NaT, "resolved_at": pd.NaT,
        "channel": "review", "status": none, "category": none, "subcategory": none,
        "root_cause": none, "sku": low["sku"], "subject": none, "message": low["review_text"],
    })
    return classify_tickets(as_tickets, rules).rename(columns={"ticket_id": "review_id"})
