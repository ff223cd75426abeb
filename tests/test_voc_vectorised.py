"""cx voc's whole-period computations agree with the simple per-issue ones they replace.

At a million order lines ``cx voc`` matches every issue's mentions to the orders in one
join, asks ``line_refunded`` once for all fix checks, and cleans each distinct label once.
Each test here recomputes the same answer the plain way (one issue, one line, one value
at a time) on a small hand-made fixture, ties and missing values included.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from cx_cli.engines.refunds import line_refunded
from cx_cli.engines.voc import (
    RefundLines,
    _mention_skus,
    _names,
    issue_name,
    top_skus_by,
    voice_of_customer,
)

TZ = "America/Los_Angeles"


def text(values) -> pd.Series:
    return pd.Series(list(values), dtype="string")


def times(values) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values))).dt.tz_localize(TZ).astype(
        f"datetime64[s, {TZ}]")


# --- top SKUs ------------------------------------------------------------------------------

def reference_top_skus(mentions: pd.DataFrame, orders: pd.DataFrame | None,
                       limit: int = 3) -> list[dict]:
    """One issue's top SKUs the plain way: own SKU, else the order's SKUs, each mention
    once per SKU; more mentions first, ties by SKU name."""
    order_skus: dict[str, set[str]] = {}
    if orders is not None:
        for oid, sku in zip(orders["order_id"], orders["sku"], strict=True):
            if not pd.isna(oid) and not pd.isna(sku):
                order_skus.setdefault(oid, set()).add(sku)
    pairs = set()
    for ref, source, sku, oid in zip(mentions["ref"], mentions["source"], mentions["sku"],
                                     mentions["order_id"], strict=True):
        if not pd.isna(sku):
            pairs.add((ref, source, sku))
        elif not pd.isna(oid):
            pairs.update((ref, source, s) for s in order_skus.get(oid, ()))
    counts: dict[str, int] = {}
    for _ref, _source, sku in pairs:
        counts[sku] = counts.get(sku, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"sku": s, "mentions": n} for s, n in ranked]


def mention_frame(rows: list[tuple]) -> pd.DataFrame:
    """(source, ref, issue, root_cause, order_id, sku) rows."""
    cols = ["source", "ref", "issue", "root_cause", "order_id", "sku"]
    return pd.DataFrame({c: text(r[i] for r in rows) for i, c in enumerate(cols)})


ORDERS = pd.DataFrame({
    "order_id": text(["o1", "o1", "o1", "o2", "o3", "o3", "o4", "o5"]),
    # o1 holds A twice (two lines of one SKU), o4 a line without a SKU.
    "sku": text(["A", "B", "A", "C", "D", "E", None, "B"]),
})

MENTIONS = mention_frame([
    # damaged: A 3 (t1 via o1, t2 own, r1 own), B 3 (t1, c1 via o5, t4 own), C 1, D 1,
    # E 1 -> A and B tie at 3 (A first by name), then C, D, E tie at 1 (C wins).
    ("ticket", "t1", "damaged", "packaging", "o1", None),
    ("ticket", "t2", "damaged", "packaging", "o2", "A"),  # own SKU beats its order's C
    ("review", "r1", "damaged", None, None, "A"),
    ("comment", "c1", "damaged", None, "o5", None),
    ("ticket", "t4", "damaged", "carrier", None, "B"),
    ("ticket", "t5", "damaged", "carrier", "o2", None),
    ("ticket", "t6", "damaged", "carrier", "o3", None),
    ("ticket", "t6", "damaged", "carrier", "o3", None),  # the same ticket twice: once
    # defective: only an order without SKUs, an unknown order and no order at all.
    ("ticket", "t7", "defective", None, "o4", None),
    ("ticket", "t8", "defective", None, "o9", None),
    ("comment", "c2", "defective", None, None, None),
    # The same ref from two sources counts twice.
    ("ticket", "x1", "wrong_variant", "picking", None, "Z"),
    ("review", "x1", "wrong_variant", "picking", None, "Z"),
    ("review", "x2", "wrong_variant", "picking", None, "Y"),
])


@pytest.mark.parametrize("orders", [ORDERS, None, ORDERS.iloc[0:0]])
@pytest.mark.parametrize("key", ["issue", "root_cause"])
def test_top_skus_for_all_issues_match_one_issue_at_a_time(orders, key):
    got = top_skus_by(_mention_skus(MENTIONS, orders), key)
    names = MENTIONS[key].dropna().unique()
    for name in names:
        expected = reference_top_skus(MENTIONS[MENTIONS[key] == name], orders)
        assert got.get(name, []) == expected, name
    assert set(got) <= set(names)


def test_top_skus_ties_go_by_sku_name():
    got = top_skus_by(_mention_skus(MENTIONS, ORDERS), "issue")
    assert got["damaged"] == [{"sku": "A", "mentions": 3}, {"sku": "B", "mentions": 3},
                              {"sku": "C", "mentions": 1}]
    assert "defective" not in got  # no SKU to show
    assert got["wrong_variant"] == [{"sku": "Z", "mentions": 2}, {"sku": "Y", "mentions": 1}]
    causes = top_skus_by(_mention_skus(MENTIONS, ORDERS), "root_cause")
    assert causes["carrier"] == [{"sku": "B", "mentions": 1}, {"sku": "C", "mentions": 1},
                                 {"sku": "D", "mentions": 1}]


def test_top_skus_in_the_voc_rows():
    """Through voice_of_customer: only the period's mentions count, ties by name."""
    orders = pd.DataFrame({
        "order_id": text(["o1", "o1", "o2"]), "sku": text(["B", "A", "C"]),
        "paid_at": times(["2026-11-02 10:00"] * 3),
        "return_type": text(["none"] * 3), "returned_quantity": [0, 0, 0],
    })
    rows = [("t1", "2026-11-04 10:00", "o1", None),  # A and B
            ("t2", "2026-11-05 10:00", None, "C"),
            ("t3", "2026-11-06 10:00", "o2", None),  # C again
            ("t4", "2026-11-06 11:00", None, "D"),
            ("t5", "2026-10-06 11:00", None, "D")]  # before the period: not counted
    t = pd.DataFrame({
        "ticket_id": text(r[0] for r in rows), "order_id": text(r[2] for r in rows),
        "subcategory": text("damaged" for _ in rows), "category": text(None for _ in rows),
        "root_cause": text("packaging" for _ in rows), "sku": text(r[3] for r in rows),
        "subject": text(None for _ in rows), "message": text(None for _ in rows),
        "created_at": times(r[1] for r in rows),
    })
    result = voice_of_customer(as_of=date(2026, 11, 25), orders=orders, tickets=t)
    by = {r["issue"]: r for r in result.issues}
    top = [{"sku": "C", "mentions": 2}, {"sku": "A", "mentions": 1},
           {"sku": "B", "mentions": 1}]
    assert by["damaged"]["skus"] == top
    assert by["packaging"]["skus"] == top


# --- the fix check's refund lines ------------------------------------------------------------

def loaded(values) -> pd.Series:
    """Text as the loaders hand it over (pyarrow strings)."""
    return pd.Series(list(values), dtype=pd.ArrowDtype(pa.string()))


def refund_orders() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    n = 400
    start = pd.Timestamp("2026-08-01 00:30")
    paid = [start + pd.Timedelta(hours=int(h)) for h in rng.integers(0, 24 * 120, n)]
    paid_at = times(paid)
    paid_at[rng.random(n) < 0.05] = pd.NaT  # unpaid
    skus = rng.choice(np.array(["A", "B", "C", None], dtype=object), n)
    types = rng.choice(np.array(["none", "cancel", "return_refund", "refund_only", None],
                                dtype=object), n)
    return pd.DataFrame({
        "order_id": loaded(f"o{i // 2}" for i in range(n)), "sku": loaded(skus),
        "paid_at": paid_at, "return_type": loaded(types),
        "returned_quantity": rng.integers(0, 2, n),
    })


def refund_returns(orders: pd.DataFrame) -> pd.DataFrame:
    picked = orders.iloc[::3]
    m = len(picked)
    return pd.DataFrame({
        "order_id": loaded(picked["order_id"]), "sku": loaded(picked["sku"]),
        "return_type": loaded((["Refund only", "Replacement", "Return and refund"] * m)[:m]),
        "return_status": loaded((["Completed", "Rejected", "Pending request", None] * m)[:m]),
    })


def reference_check(orders: pd.DataFrame, returns: pd.DataFrame | None, skus, fixed: date,
                    as_of: date) -> tuple[int, int, int, int]:
    """Lines before/after and refunded before/after, one line at a time."""
    refunded = line_refunded(orders, returns).to_numpy(dtype=bool)
    n1 = k1 = n2 = k2 = 0
    for i in range(len(orders)):
        return_type = orders["return_type"].iloc[i]
        if (not pd.isna(return_type) and return_type == "cancel") \
                or pd.isna(orders["paid_at"].iloc[i]):
            continue
        day = orders["paid_at"].iloc[i].date()
        sku = orders["sku"].iloc[i]
        if day > as_of or (skus is not None and (pd.isna(sku) or sku not in skus)):
            continue
        if fixed - timedelta(days=28) <= day < fixed:
            n1, k1 = n1 + 1, k1 + refunded[i]
        elif fixed <= day < fixed + timedelta(days=28):
            n2, k2 = n2 + 1, k2 + refunded[i]
    return n1, k1, n2, k2


@pytest.mark.parametrize("with_returns", [True, False])
def test_refund_lines_match_a_line_by_line_count(with_returns):
    orders = refund_orders()
    returns = refund_returns(orders) if with_returns else None
    as_of = date(2026, 11, 10)
    lines = RefundLines(orders, returns, as_of)
    for skus in (None, {"A"}, {"B", "C"}, {"nope"}):
        for fixed in (date(2026, 9, 1), date(2026, 10, 20), date(2026, 11, 5)):
            check = lines.check(skus, fixed, as_of, min_lines=1)
            got = (check.lines_before, check.refunded_before, check.lines_after,
                   check.refunded_after)
            assert got == reference_check(orders, returns, skus, fixed, as_of), (skus, fixed)
    assert sum(lines.check(None, date(2026, 9, 1), as_of, 1).__dict__[k]
               for k in ("lines_before", "lines_after")) > 100


def test_refund_lines_without_orders():
    for orders in (None, refund_orders().iloc[0:0]):
        check = RefundLines(orders, None, date(2026, 11, 10)).check(
            {"A"}, date(2026, 10, 1), date(2026, 11, 10), min_lines=1)
        assert (check.lines_before, check.lines_after, check.verdict) == (0, 0, "too_early")


# --- issue names -----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [object, "string", "string[pyarrow]",
                                   pd.ArrowDtype(pa.string())])
def test_names_clean_each_value_like_issue_name(dtype):
    values = ["Missing Parts ", "missing-parts", None, "", "  ", " - ", "Wrong / Variant",
              "MISSING PARTS", np.nan, "doesn't_work", "_x_"]
    series = pd.Series(values, dtype=dtype, index=range(100, 100 + len(values)))
    got = _names(series)
    assert list(got.index) == list(series.index)
    assert [None if pd.isna(v) else v for v in got] == [issue_name(v) for v in series]
    assert _names(series.iloc[0:0]).empty
