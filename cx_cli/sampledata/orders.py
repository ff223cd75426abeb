"""Simulate the shop's ground truth: orders, their lines, lifecycles and buyers.

Everything is drawn as whole numpy arrays (loops only run over SKUs or a handful of
rounds), so a million lines take seconds. Times are int64 seconds of shop wall-clock
time; an event in the future of an export (or one that never happens) is simply not
shown by that export, which is how overlapping exports come to show progress.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import catalog as cat
from .fmt import DAY, HOUR, NEVER, skip_dst_gap, usec
from .returns import simulate_returns
from .text import CANCEL_REASONS_SELLER, CANCEL_REASONS_USER, PLACES

WINDOW_DAYS = 120
LINES_PER_ORDER_P = (0.72, 0.20, 0.08)
QTY_P = (0.86, 0.10, 0.04)
WEEKDAY_FACTOR = np.array([1.0, 0.94, 0.95, 1.0, 1.04, 1.12, 1.15])  # Mon..Sun
HOUR_WEIGHTS = np.array([1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.4, 2.0, 2.4, 2.6, 2.8, 3.0, 3.0,
                         2.9, 2.9, 3.0, 3.3, 3.8, 4.4, 4.8, 4.6, 3.6, 2.0])
CANCEL_REASONS = ("Customer overdue to pay", "Package lost", "Package delivery failed",
                  *CANCEL_REASONS_USER, *CANCEL_REASONS_SELLER)
CANCEL_BY = ("", "System", "User", "Seller")
CARRIERS = ("USPS", "UPS", "FedEx")


@dataclass
class Shop:
    """The simulated truth that every export is a view of."""

    day0: int  # epoch day of the first day of data
    end_day: int  # epoch day of `end`
    fix_day: int  # epoch day the packing fix shipped
    t_end: int  # last second of `end`
    # orders (M), sorted by creation
    order_id: np.ndarray
    created: np.ndarray
    paid: np.ndarray
    rts: np.ndarray
    shipped: np.ndarray
    delivered: np.ndarray
    completed: np.ndarray
    cancelled: np.ndarray
    cancel_by: np.ndarray
    cancel_reason: np.ndarray
    stall_rts: np.ndarray
    stall_transit: np.ndarray
    buyer: np.ndarray
    start: np.ndarray
    nlines: np.ndarray
    place: np.ndarray
    subtotal: np.ndarray
    ship_orig: np.ndarray
    ship_seller: np.ndarray
    ship_plat: np.ndarray
    ship_cofund: np.ndarray
    pay_disc: np.ndarray
    rdf: np.ndarray
    taxes: np.ndarray
    amount: np.ndarray
    weight_g: np.ndarray
    carrier: np.ndarray
    # lines (N), grouped by order
    l_order: np.ndarray
    l_pos: np.ndarray
    sku: np.ndarray
    qty: np.ndarray
    unit: np.ndarray
    before: np.ndarray
    plat: np.ndarray
    seller: np.ndarray
    after: np.ndarray
    # returns (per line)
    r_kind: np.ndarray
    r_type: np.ndarray
    r_sub: np.ndarray
    r_reason: np.ndarray
    r_req: np.ndarray
    r_approve: np.ndarray
    r_buyer_ship: np.ndarray
    r_refund: np.ndarray
    r_done: np.ndarray
    r_qty: np.ndarray
    r_amount: np.ndarray
    r_recorded: np.ndarray
    r_declined: np.ndarray

    @property
    def n_orders(self) -> int:
        return len(self.created)

    @property
    def n_lines(self) -> int:
        return len(self.l_order)


def mix(x: np.ndarray, salt: int) -> np.ndarray:
    """splitmix64 of x: stable pseudo-random bits per buyer (same buyer, same address)."""
    z = np.asarray(x).astype(np.uint64) + np.uint64(salt * 0x9E3779B97F4A7C15 % 2**64)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _line_counts(rng: np.random.Generator, n_lines: int) -> np.ndarray:
    """Lines per order (1-3) summing to exactly n_lines."""
    k = np.empty(0, dtype=np.int64)
    while k.sum() < n_lines:
        more = int((n_lines - k.sum()) / 1.36 * 1.1) + 8
        k = np.concatenate([k, rng.choice([1, 2, 3], size=more, p=LINES_PER_ORDER_P)])
    cs = np.cumsum(k)
    m = int(np.searchsorted(cs, n_lines)) + 1
    k = k[:m].copy()
    k[-1] -= cs[m - 1] - n_lines
    return k


def _created_times(rng: np.random.Generator, m: int, day0: int) -> np.ndarray:
    """Order creation times over the window: mild growth, weekend peaks, evening peaks."""
    days = day0 + np.arange(WINDOW_DAYS)
    w = WEEKDAY_FACTOR[(days + 3) % 7] * (0.85 + 0.3 * np.arange(WINDOW_DAYS) / WINDOW_DAYS)
    day = rng.choice(WINDOW_DAYS, size=m, p=w / w.sum())
    hour = rng.choice(24, size=m, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    t = (day0 + day) * DAY + hour * HOUR + rng.integers(0, HOUR, m)
    t.sort()
    return t


def _order_ids(rng: np.random.Generator, created: np.ndarray) -> np.ndarray:
    """18-digit, unique order IDs that grow with creation time, like TikTok's."""
    m = len(created)
    ids = 576_400_000_000_000_000 + (created - created[0]) * 10_000 + rng.integers(0, 10_000, m)
    ids.sort()
    ar = np.arange(m, dtype=np.int64)
    return np.maximum.accumulate(ids - ar) + ar


def _skus(rng: np.random.Generator, k: np.ndarray, start: np.ndarray,
          l_order: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """SKU per line: popularity-weighted, partners bought together, no repeats in an order."""
    n, nk = len(l_order), len(cat.SKUS)
    pop = np.array([s.popularity for s in cat.SKUS])
    pop = pop / pop.sum()
    code_ix = {s.code: i for i, s in enumerate(cat.SKUS)}
    partner = np.array([code_ix.get(s.partner, -1) if s.partner else -1 for s in cat.SKUS])
    sku = rng.choice(nk, size=n, p=pop)
    first = sku[start[l_order]]
    use = (pos > 0) & (partner[first] >= 0) & (rng.random(n) < 0.35)
    sku = np.where(use, partner[first], sku)
    for attempt in range(30):
        prev1 = np.r_[-1, sku[:-1]]
        prev2 = np.r_[-1, -1, sku[:-2]][:n]
        dup = ((pos >= 1) & (sku == prev1)) | ((pos >= 2) & (sku == prev2))
        if not dup.any():
            break
        if attempt < 5:
            sku[dup] = rng.choice(nk, size=int(dup.sum()), p=pop)
        else:
            sku[dup] = (sku[dup] + 1) % nk
    return sku


def _lifecycle(rng: np.random.Generator, created: np.ndarray) -> dict[str, np.ndarray]:
    """Paid, RTS, shipped, delivered, completed and cancellation of every order."""
    m = len(created)
    paid = created + (rng.exponential(150, m) + 8).astype(np.int64)
    slow = rng.random(m) < 0.03
    paid[slow] += usec(rng, HOUR, 8 * HOUR, int(slow.sum()))
    u = rng.random(m)
    unpaid, user_c = u < 0.012, (u >= 0.012) & (u < 0.024)
    seller_c, lost = (u >= 0.024) & (u < 0.029), (u >= 0.029) & (u < 0.032)
    failed = (u >= 0.032) & (u < 0.034)

    # Dispatch in business days (weekends skipped for most orders). A weekend order
    # already waits for Monday, so it gets less slack: the platform's deadline is two
    # business days after the paid date rolled back, i.e. Tuesday.
    weekend = (paid // DAY + 3) % 7 >= 5
    total = np.where(weekend, rng.choice(5, size=m, p=(0.5, 0.44, 0.04, 0.015, 0.005)),
                     rng.choice(5, size=m, p=(0.32, 0.5, 0.155, 0.018, 0.007)))
    rts_bd = np.floor(rng.random(m) * (total + 1)).astype(np.int64)
    calendar = rng.random(m) < 0.1
    paid_day = paid // DAY
    rts_day = np.where(calendar, paid_day + rts_bd,
                       np.busday_offset(paid_day.astype("datetime64[D]"), rts_bd,
                                        roll="forward").astype(np.int64))
    rts = rts_day * DAY + usec(rng, 9 * HOUR, 17.5 * HOUR, m)
    # Labels printed before the payment is impossible: same evening if the shift is
    # still on, else the next business morning.
    early = rts < paid + 15 * 60
    evening = paid % DAY >= 16 * HOUR
    next_day = np.busday_offset((paid // DAY + 1).astype("datetime64[D]"), 0,
                                roll="forward").astype(np.int64)
    rts = np.where(early & ~evening, paid + usec(rng, 15 * 60, 2 * HOUR, m), rts)
    rts = np.where(early & evening, next_day * DAY + usec(rng, 9 * HOUR, 12 * HOUR, m), rts)
    ship_day = np.where(calendar, paid_day + total,
                        np.busday_offset(paid_day.astype("datetime64[D]"), total,
                                         roll="forward").astype(np.int64))
    ship_day = np.maximum(ship_day, rts // DAY)
    stall_rts = rng.random(m) < 0.01
    ship_day = ship_day + np.where(stall_rts, rng.integers(4, 12, m), 0)
    shipped = ship_day * DAY + usec(rng, 13 * HOUR, 21 * HOUR, m)
    shipped = np.maximum(shipped, rts + usec(rng, HOUR, 4 * HOUR, m))
    transit = rng.choice(np.arange(2, 8), size=m, p=(0.15, 0.3, 0.25, 0.15, 0.1, 0.05))
    stall_transit = rng.random(m) < 0.025
    transit = np.where(stall_transit, rng.integers(9, 19, m), transit)
    delivered = (shipped // DAY + transit) * DAY + usec(rng, 9 * HOUR, 20.5 * HOUR, m)
    completed = delivered + usec(rng, 7 * DAY, 14 * DAY, m)

    cancelled = np.full(m, NEVER, dtype=np.int64)
    by = np.zeros(m, dtype=np.int8)
    reason = np.full(m, -1, dtype=np.int64)
    n_user, n_seller = len(CANCEL_REASONS_USER), len(CANCEL_REASONS_SELLER)
    cancelled[unpaid] = created[unpaid] + usec(rng, DAY, DAY + 2 * HOUR, int(unpaid.sum()))
    by[unpaid], reason[unpaid] = 1, 0
    cancelled[user_c] = paid[user_c] + usec(rng, 0.2 * HOUR, 10 * HOUR, int(user_c.sum()))
    by[user_c] = 2
    reason[user_c] = 3 + rng.integers(0, n_user, int(user_c.sum()))
    cancelled[seller_c] = paid[seller_c] + usec(rng, 2 * HOUR, 40 * HOUR, int(seller_c.sum()))
    by[seller_c] = 3
    reason[seller_c] = 3 + n_user + rng.integers(0, n_seller, int(seller_c.sum()))
    cancelled[lost] = shipped[lost] + usec(rng, 14 * DAY, 21 * DAY, int(lost.sum()))
    by[lost], reason[lost] = 1, 1
    cancelled[failed] = shipped[failed] + usec(rng, 6 * DAY, 10 * DAY, int(failed.sum()))
    by[failed], reason[failed] = 1, 2

    before_rts = unpaid | user_c | seller_c
    paid[unpaid] = NEVER
    for t in (rts, shipped):
        t[before_rts] = NEVER
    for t in (delivered, completed):
        t[before_rts | lost | failed] = NEVER
    stall_transit &= ~(before_rts | lost | failed)
    stall_rts &= ~before_rts
    out = {"created": created, "paid": paid, "rts": rts, "shipped": shipped,
           "delivered": delivered, "completed": completed, "cancelled": cancelled}
    out = {k: skip_dst_gap(v) for k, v in out.items()}
    out.update(cancel_by=by, cancel_reason=reason, stall_rts=stall_rts,
               stall_transit=stall_transit | lost)
    return out


def _buyers(rng: np.random.Generator, created: np.ndarray, ok: np.ndarray,
            l_order: np.ndarray, sku: np.ndarray, qty: np.ndarray) -> np.ndarray:
    """Buyer per order: a random pool, plus reorders matched on each consumable's cycle.

    For a share of buyers of a consumable, the first later order of the same SKU that
    lands near created + cycle x quantity is given to the same buyer; chains of such
    links (first order -> refill -> refill) all map to the first order's buyer.
    """
    m = len(created)
    base = rng.integers(0, max(64, 4 * m), m)
    parent = np.arange(m)
    is_target = np.zeros(m, dtype=bool)
    code_ix = {s.code: i for i, s in enumerate(cat.SKUS)}
    for a_code, t_code, cycle, share in cat.REORDERS:
        la = np.flatnonzero((sku == code_ix[a_code]) & ok[l_order])
        la = la[rng.random(len(la)) < share]
        ot = l_order[sku == code_ix[t_code]]
        if not len(la) or not len(ot):
            continue
        times = created[ot]
        oa = l_order[la]
        target = created[oa] + (cycle * qty[la] * DAY * rng.uniform(0.85, 1.17, len(la)))
        target = target.astype(np.int64)
        for _ in range(4):
            pos = np.searchsorted(times, target)
            inb = pos < len(ot)
            posc = np.minimum(pos, len(ot) - 1)
            cand = ot[posc]
            near = inb & (times[posc] - target < 3 * DAY)
            free = near & ~is_target[cand]
            gi = np.flatnonzero(free)
            _, first = np.unique(cand[gi], return_index=True)
            win = gi[first]
            parent[cand[win]] = oa[win]
            is_target[cand[win]] = True
            retry = near.copy()
            retry[win] = False
            oa, target = oa[retry], times[posc[retry]] + 1
            if not len(oa):
                break
    for _ in range(64):
        nxt = parent[parent]
        if np.array_equal(nxt, parent):
            break
        parent = nxt
    return base[parent]


def simulate(rng: np.random.Generator, n_lines: int, end_day: int, fix_day: int,
             sales_tax: bool = True) -> Shop:
    """Draw the whole shop: n_lines order lines over the WINDOW_DAYS days up to end_day.

    `sales_tax`: taxes (and Colorado's retail delivery fee) on top of the prices, as in
    the US; elsewhere prices include them and the export shows none.
    """
    day0 = end_day - WINDOW_DAYS + 1
    k = _line_counts(rng, n_lines)
    m = len(k)
    start = np.cumsum(k) - k
    created = _created_times(rng, m, day0)
    order_id = _order_ids(rng, created)
    l_order = np.repeat(np.arange(m), k)
    pos = np.arange(n_lines) - start[l_order]
    sku = _skus(rng, k, start, l_order, pos)
    qty = rng.choice([1, 2, 3], size=n_lines, p=QTY_P)

    life = _lifecycle(rng, created)
    ok = (life["paid"] != NEVER) & (life["cancelled"] == NEVER)
    buyer = _buyers(rng, life["created"], ok, l_order, sku, qty)

    price = np.array([s.price_cents for s in cat.SKUS])
    unit = price[sku]
    # A rare bulk line (company merch, a gift run) worth $900-1,500; never a consumable,
    # so replenishment timing stays sane. It is also what makes "$1,022.25" cells occur.
    bulk = (rng.random(n_lines) < 0.0008) & (np.array([s.cycle_days is None
                                                         for s in cat.SKUS])[sku])
    qty = np.where(bulk, np.ceil(rng.uniform(90_000, 150_000, n_lines) / unit), qty)
    qty = qty.astype(np.int64)
    before = unit * qty
    seller = np.where(rng.random(n_lines) < 0.25,
                      before * rng.choice([10, 15, 20], size=n_lines) // 100, 0)
    plat = np.where(rng.random(n_lines) < 0.15,
                    before * rng.integers(5, 16, n_lines) // 100, 0)
    after = before - seller - plat
    subtotal = np.add.reduceat(after, start)
    weight = np.add.reduceat(np.array([s.weight_g for s in cat.SKUS])[sku] * qty, start)
    ship_orig = np.where(weight > 1500, 899, 599)
    ship_seller = np.where(subtotal >= 3500, ship_orig, 0)
    ship_plat = np.where((ship_seller == 0) & (rng.random(m) < 0.2), 300, 0)
    ship_cofund = np.where((ship_seller == 0) & (ship_plat == 0) & (rng.random(m) < 0.06),
                           100, 0)
    pay_disc = np.where(rng.random(m) < 0.03, rng.integers(1, 4, m) * 100, 0)
    pay_disc = np.minimum(pay_disc, subtotal // 2)
    place = (mix(buyer, 1) % np.uint64(len(PLACES))).astype(np.int64)
    tax_rate = np.array([p[4] for p in PLACES])[place]
    taxes = subtotal * tax_rate // 1000 * sales_tax
    rdf = np.where(np.array([p[1] == "Colorado" for p in PLACES])[place] & sales_tax, 28, 0)
    amount = subtotal + (ship_orig - ship_seller - ship_plat - ship_cofund) + taxes + rdf
    amount -= pay_disc

    t_end = (end_day + 1) * DAY - 1
    rets = simulate_returns(rng, life, l_order, sku, qty, after, fix_day * DAY, t_end)
    carrier = rng.choice(len(CARRIERS), size=m, p=(0.6, 0.25, 0.15))
    return Shop(day0=day0, end_day=end_day, fix_day=fix_day, t_end=t_end, order_id=order_id,
                **{k_: life[k_] for k_ in ("created", "paid", "rts", "shipped", "delivered",
                                           "completed", "cancelled", "cancel_by",
                                           "cancel_reason", "stall_rts", "stall_transit")},
                buyer=buyer, start=start, nlines=k, place=place, subtotal=subtotal,
                ship_orig=ship_orig, ship_seller=ship_seller, ship_plat=ship_plat,
                ship_cofund=ship_cofund, pay_disc=pay_disc, rdf=rdf, taxes=taxes,
                amount=amount, weight_g=weight, carrier=carrier, l_order=l_order, l_pos=pos,
                sku=sku, qty=qty, unit=unit, before=before, plat=plat, seller=seller,
                after=after, **rets)
