"""Return and refund requests per order line: where the refund-rate patterns live.

Two SKUs refund far above the rest, the fix SKU refunds heavily until its packing fix
and rarely after, and about one refund in five never reaches the order export (which
under-reports returns, as sellers reconciling against the returns export find).
"""

from __future__ import annotations

import numpy as np

from . import catalog as cat
from .fmt import DAY, HOUR, NEVER, skip_dst_gap, usec
from .text import SUB_INDEX, TICKET_SUBCATEGORIES

# What happened to a line's request: nothing, refunded, replaced, or turned down.
RK_NONE, RK_REFUND, RK_REPLACE, RK_DECLINED = 0, 1, 2, 3
RETURN_TYPES = ("Return and refund", "Refund only", "Replacement")
DECLINED_STATUSES = ("Rejected", "Request closed", "Reception rejected",
                     "Awaiting buyer's response")
# subcategory -> index into text.RETURN_REASONS
SUB_REASON = {"tracking_not_updating": 0, "delivered_not_received": 1, "damaged": 3,
              "missing_parts": 5, "defective": 4, "doesnt_work": 4, "setup_error": 4,
              "wrong_variant": 7, "sizing_fit": 6, "color_size_perception": 6,
              "performance_assumption": 6, "wrong_address": 1, "general": 6}
GOLDEN = 0.6180339887498949


def _spread(rng: np.random.Generator, order: np.ndarray) -> np.ndarray:
    """Uniform-looking values in [0, 1) that are evenly spread along `order`.

    A randomly phased golden-ratio sequence: any run of consecutive items holds close
    to its expected share below a threshold, unlike independent draws.
    """
    out = np.empty(len(order))
    out[order] = (np.arange(len(order)) * GOLDEN + rng.random()) % 1.0
    return out


def simulate_returns(rng: np.random.Generator, o: dict[str, np.ndarray], l_order: np.ndarray,
                     sku: np.ndarray, qty: np.ndarray, after: np.ndarray, fix_ts: int,
                     t_end: int) -> dict[str, np.ndarray]:
    """Requests per line (kind, type, reason, timeline) from the order lifecycles `o`."""
    n = len(l_order)
    deliv = o["delivered"][l_order]
    eligible = (deliv != NEVER) & (o["cancelled"][l_order] == NEVER)
    rate = np.array([s.refund_rate for s in cat.SKUS])[sku]
    fix_ix = [s.code for s in cat.SKUS].index(cat.FIX_SKU)
    is_fix = sku == fix_ix
    before_fix = o["paid"][l_order] < fix_ts
    rate = np.where(is_fix, np.where(before_fix, cat.FIX_RATE_BEFORE, cat.FIX_RATE_AFTER), rate)
    late = o["stall_transit"][l_order]
    rate = rate + np.where(late, 0.06, 0.0)
    # The fix SKU's refunds follow a randomly phased golden-ratio sequence in paid order
    # instead of independent draws: every 28-day window then holds close to its share,
    # so the before/after-fix drop is significant for any seed, not just most.
    u = rng.random(n)
    fx = np.flatnonzero(is_fix & eligible)
    u[fx] = _spread(rng, np.argsort(o["paid"][l_order[fx]], kind="stable"))
    refund = eligible & (u < rate)
    declined = eligible & ~refund & (rng.random(n) < 0.012)

    # Subcategory from the SKU's issue profile.
    subs = [sub for _, sub in TICKET_SUBCATEGORIES]
    w = np.zeros((len(cat.SKUS), len(subs)))
    for i, s in enumerate(cat.SKUS):
        for sub, weight in s.issues.items():
            w[i, SUB_INDEX[sub]] = weight
    cum = np.cumsum(w / w.sum(1, keepdims=True), axis=1)
    sub = np.minimum((rng.random(n)[:, None] > cum[sku]).sum(1), len(subs) - 1)
    mp = SUB_INDEX["missing_parts"]
    sub = np.where(is_fix & before_fix & (rng.random(n) < 0.85), mp, sub)
    sub = np.where(late & (rng.random(n) < 0.6), SUB_INDEX["tracking_not_updating"], sub)
    reason_of = np.array([SUB_REASON[s] for s in subs])
    reason = reason_of[sub]
    reason = np.where((sub == mp) & (rng.random(n) < 0.3), 2, reason)

    cheap = np.array([s.price_cents for s in cat.SKUS])[sku] < 1500
    u = rng.random(n)
    rtype = np.where(u < np.where(cheap, 0.65, 0.3), 1, 0)
    rtype = np.where((u > 0.96) & (sub != SUB_INDEX["tracking_not_updating"]), 2, rtype)
    kind = np.where(refund, np.where(rtype == 2, RK_REPLACE, RK_REFUND),
                    np.where(declined, RK_DECLINED, RK_NONE))

    base_req = deliv + ((0.1 + np.minimum(rng.gamma(1.6, 1.8, n), 25)) * DAY).astype(np.int64)
    req = np.where(declined, deliv + usec(rng, DAY, 14 * DAY, n), base_req)
    approve = req + usec(rng, 2 * HOUR, 44 * HOUR, n)
    buyer_ship = approve + usec(rng, DAY, 5 * DAY, n)
    refund_at = np.where(rtype == 1, approve, buyer_ship + usec(rng, 2 * DAY, 6 * DAY, n))
    done = approve + usec(rng, 5 * DAY, 9 * DAY, n)
    has = kind != RK_NONE
    req, approve, buyer_ship, refund_at, done = (
        np.where(has, skip_dst_gap(np.where(has, x, NEVER)), NEVER)
        for x in (req, approve, buyer_ship, refund_at, done))
    refund_at = np.where(kind == RK_REFUND, refund_at, NEVER)
    rqty = np.where((qty > 1) & (rng.random(n) < 0.3), 1, qty)
    # ~80% of refunds reach the order export, spread evenly over time (see above).
    ri = np.flatnonzero(refund)
    recorded = np.zeros(n, dtype=bool)
    recorded[ri] = _spread(rng, np.argsort(o["paid"][l_order[ri]], kind="stable")) < 0.8
    dec = rng.choice(len(DECLINED_STATUSES), size=n, p=(0.4, 0.35, 0.1, 0.15))
    dec = np.where((dec == 3) & (t_end - req > 5 * DAY), 1, dec)
    return {"r_kind": kind.astype(np.int8), "r_type": rtype.astype(np.int8), "r_sub": sub,
            "r_reason": reason, "r_req": req, "r_approve": approve,
            "r_buyer_ship": buyer_ship, "r_refund": refund_at, "r_done": done,
            "r_qty": rqty, "r_amount": (after * rqty) // qty,
            "r_recorded": recorded, "r_declined": dec}
