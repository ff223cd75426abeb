"""Tickets, reviews and comments that follow from what happened to the orders.

Tickets come from real trouble (refunds, stalled parcels, a missing-parts spike on
the SKU that later gets a packing fix), reviews from delivered orders, comments
from a handful of videos. Text is drawn from the pools in `text.py`, rendered once
per template and product, then indexed per row.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pyarrow as pa

from . import catalog as cat
from . import text as english
from .details import agree
from .exports import username
from .fmt import DAY, HOUR, NEVER, fmt_time, ints, join, pick, skip_dst_gap, usec, where, write_csv
from .orders import Shop
from .returns import RK_DECLINED, RK_NONE, RK_REFUND, RK_REPLACE
from .text import (
    COMMENT_KINDS,
    COMMENT_WEIGHTS,
    HANDLE_PARTS_A,
    HANDLE_PARTS_B,
    HANDLE_SEPS,
    ROOT_CAUSES,
    SUB_INDEX,
    TICKET_SUBCATEGORIES,
)

TICKET_HEADERS = ("ticket_id", "order_id", "buyer", "created_at", "first_response_at",
                  "resolved_at", "channel", "status", "category", "subcategory", "root_cause",
                  "sku", "subject", "message")
REVIEW_HEADERS = ("review_id", "order_id", "sku", "buyer", "rating", "review_text", "has_media",
                  "created_at")
COMMENT_HEADERS = ("comment_id", "video_id", "created_at", "author", "text")
SUBS = tuple(sub for _, sub in TICKET_SUBCATEGORIES)
TAIL_SHARE = 0.5  # of the comments, those that follow the orders rather than a video's burst
SHORT = (*(s.short for s in cat.SKUS), "order")  # index len(SKUS) = no SKU


def _short(texts: ModuleType) -> tuple[str, ...]:
    """What buyers writing in `texts`' language call each SKU, then an order."""
    if texts is english:
        return SHORT
    return (*(texts.SHORT[s.code] for s in cat.SKUS), texts.ORDER)


def _forms(texts: ModuleType) -> tuple[str, ...] | None:
    """The gender and number of each of `_short`'s names (details.FORMS), for a language
    whose words agree with them (its AGREE table); else None."""
    if not hasattr(texts, "AGREE"):
        return None
    return (*(texts.GENDER[s.code] for s in cat.SKUS), texts.ORDER_GENDER)


def _idx(rng: np.random.Generator, sizes: np.ndarray) -> np.ndarray:
    """A uniform index below each row's pool size."""
    return np.floor(rng.random(len(sizes)) * sizes).astype(np.int64)


def _render(pools: list[tuple[str, ...]], pool_ix: np.ndarray, tpl_ix: np.ndarray,
            sku_ix: np.ndarray, lang: ModuleType = english, *,
            name: bool = True) -> pa.Array:
    """pools[pool][tpl] with {product} filled (unless not `name`: the pools already name
    their product) and `lang`'s agreeing words in the form of the row's product, rendered
    once per distinct combination."""
    short, forms = _short(lang), _forms(lang)
    k = len(short)
    key = (pool_ix * 64 + tpl_ix) * k + sku_ix
    uniq, inv = np.unique(key, return_inverse=True)
    texts = []
    for u in uniq.tolist():
        rest, sk = divmod(u, k)
        p, t = divmod(rest, 64)
        text = pools[p][t]
        if forms is not None:
            text = agree(text, forms[sk], lang.AGREE)
        texts.append(text.replace("{product}", short[sk]) if name else text)
    return pick(texts, inv.reshape(-1))


def _cdf_pick(rng: np.random.Generator, table: np.ndarray, row: np.ndarray) -> np.ndarray:
    """Draw a column index from each row's distribution table[row]."""
    cum = np.cumsum(table / table.sum(1, keepdims=True), axis=1)
    return np.minimum((rng.random(len(row))[:, None] > cum[row]).sum(1), table.shape[1] - 1)


def write_tickets(shop: Shop, path: Path, rng: np.random.Generator,
                  texts: ModuleType = english) -> Path:
    """About 5% of orders raise a ticket; ~60% tagged, ~8% never answered."""
    n, m = shop.n_lines, shop.n_orders
    lo, sub = shop.l_order, shop.r_sub
    deliv_l = shop.delivered[lo]
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(order: np.ndarray, line: np.ndarray, s: np.ndarray, t: np.ndarray) -> None:
        parts.append((order, line, s, t))

    # a. buyers who end up refunded usually write first
    is_ret = np.isin(shop.r_kind, (RK_REFUND, RK_REPLACE, RK_DECLINED))
    li = np.flatnonzero(is_ret & (rng.random(n) < 0.22))
    track = sub[li] == SUB_INDEX["tracking_not_updating"]
    t = np.where(track, shop.shipped[lo[li]] + usec(rng, 6 * DAY, 9 * DAY, len(li)),
                 np.maximum(shop.r_req[li] - usec(rng, HOUR, 36 * HOUR, len(li)),
                            deliv_l[li] + 1800))
    add(lo[li], li, sub[li], t)
    # b. the missing-parts spike: two weeks before the packing fix
    fix_ix = [s.code for s in cat.SKUS].index(cat.FIX_SKU)
    dday = np.where(deliv_l == NEVER, 0, deliv_l // DAY)
    li = np.flatnonzero((shop.sku == fix_ix) & (dday >= shop.fix_day - 16)
                        & (dday <= shop.fix_day - 2) & (rng.random(n) < 0.3))
    add(lo[li], li, np.full(len(li), SUB_INDEX["missing_parts"]),
        deliv_l[li] + usec(rng, 2 * HOUR, 48 * HOUR, len(li)))
    # c. stalled parcels
    oi = np.flatnonzero(shop.stall_rts & (rng.random(m) < 0.3))
    add(oi, np.full(len(oi), -1), np.full(len(oi), SUB_INDEX["tracking_not_updating"]),
        shop.rts[oi] + usec(rng, 3 * DAY, 5 * DAY, len(oi)))
    oi = np.flatnonzero(shop.stall_transit & (rng.random(m) < 0.35))
    add(oi, np.full(len(oi), -1), np.full(len(oi), SUB_INDEX["tracking_not_updating"]),
        shop.shipped[oi] + usec(rng, 6 * DAY, 9 * DAY, len(oi)))
    # d. delivered but not received, e. wrong address
    oi = np.flatnonzero((shop.delivered != NEVER) & (rng.random(m) < 0.005))
    add(oi, np.full(len(oi), -1), np.full(len(oi), SUB_INDEX["delivered_not_received"]),
        shop.delivered[oi] + usec(rng, HOUR, 40 * HOUR, len(oi)))
    oi = np.flatnonzero((shop.paid != NEVER) & (rng.random(m) < 0.004))
    add(oi, np.full(len(oi), -1), np.full(len(oi), SUB_INDEX["wrong_address"]),
        shop.paid[oi] + usec(rng, HOUR // 2, 12 * HOUR, len(oi)))
    # f. everyday usage and expectation questions
    li = np.flatnonzero((deliv_l != NEVER) & (shop.r_kind == RK_NONE) & (rng.random(n) < 0.007))
    add(lo[li], li, sub[li], deliv_l[li] + usec(rng, DAY // 2, 10 * DAY, len(li)))
    # g. pre-sale questions with no order
    g = max(1, round(0.004 * m))
    add(np.full(g, -1), np.full(g, -1), np.full(g, SUB_INDEX["general"]),
        shop.day0 * DAY + usec(rng, 0, (shop.end_day - shop.day0 + 1) * DAY, g))

    order, line, s, created = (np.concatenate(x) for x in zip(*parts, strict=True))
    keep = (created <= shop.t_end) & (created >= shop.day0 * DAY)
    order, line, s, created = order[keep], line[keep], s[keep], created[keep]
    ix = np.lexsort((created, order))  # first ticket per order wins
    order, line, s, created = order[ix], line[ix], s[ix], created[ix]
    first = np.r_[True, order[1:] != order[:-1]] | (order < 0)
    order, line, s, created = order[first], line[first], s[first], created[first]
    ix = np.argsort(created, kind="stable")
    order, line, s, created = order[ix], line[ix], s[ix], skip_dst_gap(created[ix])
    k = len(order)

    # First response: business hours mostly, a long tail, some never.
    frt = np.exp(rng.normal(np.log(3.5), 0.8, k)) * HOUR
    frt = np.where(rng.random(k) < 0.05, frt + rng.uniform(24, 96, k) * HOUR, frt)
    day, sec = created // DAY, created % DAY
    dow, hour = (day + 3) % 7, sec // HOUR
    off = (dow >= 5) | (hour < 8) | (hour >= 19) | ((dow == 4) & (hour >= 17))
    nxt = np.busday_offset((day + (hour >= 8)).astype("datetime64[D]"), 0,
                           roll="forward").astype(np.int64)
    monday = nxt * DAY + 9 * HOUR + usec(rng, 0, 3 * HOUR, k)
    first_resp = np.where(off & (rng.random(k) < 0.5), np.maximum(monday, created + 600),
                          created + frt.astype(np.int64))
    first_resp = np.where(rng.random(k) < 0.065, NEVER, first_resp)
    first_resp = np.where(first_resp > shop.t_end, NEVER, skip_dst_gap(first_resp))
    resolve = (np.exp(rng.normal(np.log(18), 1.0, k)) * HOUR).astype(np.int64)
    resolved = np.where(first_resp == NEVER, NEVER, first_resp + resolve)
    resolved = np.where((first_resp == NEVER) | (rng.random(k) < 0.12) |
                        (resolved > shop.t_end), NEVER, skip_dst_gap(resolved))
    status = np.where(first_resp == NEVER, 0, np.where(resolved != NEVER, 2, 1))

    general = s == SUB_INDEX["general"]
    tagged = (rng.random(k) < 0.63) & ~general
    cats = pick([c for c, _ in TICKET_SUBCATEGORIES], s)
    subs = pick(SUBS, s)
    roots = [ROOT_CAUSES[x] for x in SUBS]
    root_ix = _idx(rng, np.array([len(r) for r in roots])[s])
    flat = [r for rs in roots for r in rs]
    offs = np.cumsum([0] + [len(r) for r in roots])[:-1]
    root = pick(flat, offs[s] + root_ix)
    has_order = order >= 0
    oo = np.where(has_order, order, 0)
    first_line_sku = shop.sku[shop.start[oo]]
    nk = len(cat.SKUS)
    sku = np.where(line >= 0, shop.sku[np.maximum(line, 0)],
                   np.where(has_order & (rng.random(k) < 0.6), first_line_sku, nk))
    codes = (*(x.code for x in cat.SKUS), "")
    oid = ints(shop.order_id[oo])
    subj_pools = [texts.TICKET_SUBJECTS[x] for x in SUBS]
    msg_pools = [texts.TICKET_MESSAGES[x] for x in SUBS]
    subject = _render(subj_pools, s, _idx(rng, np.array([len(p) for p in subj_pools])[s]), sku,
                      texts)
    message = _render(msg_pools, s, _idx(rng, np.array([len(p) for p in msg_pools])[s]), sku,
                      texts)
    message = where(has_order & (rng.random(k) < 0.2), join(message, texts.ORDER_REF, oid),
                    message)
    buyer = where(has_order, username(shop.buyer[oo]),
                  username(rng.integers(10 * m + 64, 20 * m + 128, k)))
    cols = [ints(48_001 + np.arange(k)), where(has_order, oid, ""), buyer,
            fmt_time(created, "iso"), fmt_time(first_resp, "iso"), fmt_time(resolved, "iso"),
            pick(("chat", "email", "web_form"), rng.choice(3, size=k, p=(0.7, 0.2, 0.1))),
            pick(("open", "pending", "solved"), status),
            where(tagged, cats, ""), where(tagged, subs, ""),
            where(tagged & (rng.random(k) < 0.7), root, ""), pick(codes, sku), subject, message]
    return write_csv(path, TICKET_HEADERS, cols)


def write_reviews(shop: Shop, path: Path, rng: np.random.Generator,
                  texts: ModuleType = english) -> Path:
    """A quarter of delivered orders review one line, 3-20 days after delivery."""
    m = shop.n_orders
    oi = np.flatnonzero((shop.delivered != NEVER) & (shop.cancelled == NEVER)
                        & (rng.random(m) < 0.25))
    created = shop.delivered[oi] + usec(rng, 3 * DAY, 20 * DAY, len(oi))
    keep = created <= shop.t_end
    oi, created = oi[keep], created[keep]
    ix = np.argsort(created, kind="stable")
    oi, created = oi[ix], skip_dst_gap(created[ix])
    k = len(oi)
    li = shop.start[oi] + np.floor(rng.random(k) * shop.nlines[oi]).astype(np.int64)
    sku = shop.sku[li]
    fix_ix = [s.code for s in cat.SKUS].index(cat.FIX_SKU)
    poor = np.array([s.poor_reviews for s in cat.SKUS])[sku] | (
        (sku == fix_ix) & (shop.paid[oi] < shop.fix_day * DAY))
    refunded = (shop.r_kind[li] != RK_NONE) & (shop.r_req[li] <= created)
    table = np.array([[0.03, 0.04, 0.08, 0.20, 0.65],  # good SKU
                      [0.16, 0.12, 0.12, 0.20, 0.40],  # poor SKU
                      [0.55, 0.25, 0.12, 0.05, 0.03]])  # refunded line
    rating = 1 + _cdf_pick(rng, table, np.where(refunded, 2, np.where(poor, 1, 0)))
    bucket = np.where(rating <= 2, 2, np.where(rating == 3, 1, 0))  # pos, mid, neg

    style = rng.choice(3, size=k, p=(0.45, 0.3, 0.25))  # short, medium, long
    names = ("pos", "mid", "neg")
    # Every sentence of a review is about its line's product: its words agree with it.
    short = _render([texts.REVIEW_SHORT[b] for b in names], bucket,
                    _idx(rng, np.array([len(texts.REVIEW_SHORT[b]) for b in names])[bucket]),
                    sku, texts, name=False)
    sent_n = np.array([len(texts.REVIEW_SENTENCES[b]) for b in names])[bucket]
    s1 = _idx(rng, sent_n)
    s3 = (s1 + 1 + _idx(rng, sent_n - 1)) % sent_n
    sentences = [texts.REVIEW_SENTENCES[b] for b in names]
    gen1 = _render(sentences, bucket, s1, sku, texts, name=False)
    gen3 = _render(sentences, bucket, s3, sku, texts, name=False)
    negative_detail = (bucket == 2) | ((bucket == 1) & (rng.random(k) < 0.5))
    detail_pools = [texts.REVIEW_DETAILS[s.code][j] for s in cat.SKUS for j in (0, 1)]
    detail = _render(detail_pools, sku * 2 + negative_detail, _idx(rng, np.full(k, 2)),
                     sku, texts, name=False)
    closer = _render([texts.REVIEW_CLOSERS[b] for b in names], bucket,
                     _idx(rng, np.array([len(texts.REVIEW_CLOSERS[b]) for b in names])[bucket]),
                     sku, texts, name=False)
    medium = where(rng.random(k) < 0.5, detail, join(gen1, detail, sep=" "))
    long = join(gen1, detail, gen3, closer, sep=" ")
    text = where(style == 0, short, where(style == 1, medium, long))
    media = rng.random(k) < np.array([0.1, 0.25, 0.45])[style]
    codes = [s.code for s in cat.SKUS]
    ids = 7_301_000_000_000_000_000 + np.arange(k) * 1000 + rng.integers(0, 1000, k)
    cols = [ints(ids), ints(shop.order_id[oi]), pick(codes, sku), username(shop.buyer[oi]),
            ints(rating), text, pick(("false", "true"), media.astype(np.int64)),
            fmt_time(created, "iso")]
    return write_csv(path, REVIEW_HEADERS, cols)


def write_comments(shop: Shop, path: Path, rng: np.random.Generator,
                   texts: ModuleType = english) -> Path:
    """~3 comments per 100 order lines on the shop's videos, plus one defect cluster.

    A video draws a burst of comments in the days after it is posted, and keeps drawing
    them for as long as the shop sells: half the comments follow the orders, so every
    week up to the last day has comments. The tail is drawn from a child of `rng`, so
    the rest of the stream (kinds, products, texts, the cluster) is as it was.
    """
    tail_rng = rng.spawn(1)[0]
    k = round(0.03 * shop.n_lines)
    v = max(5, k // 80)
    span = (shop.end_day - shop.day0 + 1) * DAY
    posted = np.sort(shop.day0 * DAY + usec(rng, 0, span - DAY, v))
    vw = 1 / (1 + rng.permutation(v)) ** 0.8
    video = rng.choice(v, size=k, p=vw / vw.sum())
    room = (shop.t_end - posted[video]).astype(float)
    mean = 1.5 * DAY
    u = rng.random(k)
    offset = -mean * np.log1p(-u * (1 - np.exp(-room / mean)))  # truncated exponential
    created = posted[video] + np.minimum(offset.astype(np.int64), room.astype(np.int64))
    # The long tail: half the comments come at the pace of the orders, spread evenly over
    # them (the orders cut into as many equal stretches, one comment within an hour of an
    # order of each), on one of the videos up by then, the popular ones more often.
    first = int(np.searchsorted(shop.created, posted[0], side="left"))
    tail = np.flatnonzero((tail_rng.random(k) < TAIL_SHARE) & (first < shop.n_orders))
    t = len(tail)
    stretch = (np.arange(t) + tail_rng.random(t)) * ((shop.n_orders - first) / max(t, 1))
    at = (shop.created[np.minimum(first + stretch.astype(np.int64), shop.n_orders - 1)]
          + usec(tail_rng, 0, HOUR, t))
    live = np.searchsorted(posted, at, side="right")
    cum = np.cumsum(vw)
    created[tail] = at
    video[tail] = np.minimum(np.searchsorted(cum, tail_rng.random(t) * cum[live - 1],
                                             side="right"), live - 1)
    kind = rng.choice(len(COMMENT_KINDS), size=k, p=COMMENT_WEIGHTS)
    pop = np.array([s.popularity for s in cat.SKUS])
    bad = pop * (1 + 12 * np.array([s.refund_rate for s in cat.SKUS]))
    sku = np.where(kind == COMMENT_KINDS.index("complaint"),
                   rng.choice(len(pop), size=k, p=bad / bad.sum()),
                   rng.choice(len(pop), size=k, p=pop / pop.sum()))
    pools = [texts.COMMENTS[x] for x in COMMENT_KINDS] + [texts.DEFECT_CLUSTER]
    tpl = _idx(rng, np.array([len(p) for p in pools])[kind])

    # The defect cluster: "arrived broken" about one product, five times in one week.
    c = len(texts.DEFECT_CLUSTER)
    c_start = (shop.end_day - 24) * DAY
    c_video = int(np.searchsorted(posted, c_start, side="right")) - 1
    created = np.r_[created, c_start + np.sort(usec(rng, 0, 6 * DAY, c))]
    video = np.r_[video, np.full(c, max(c_video, 0))]
    kind = np.r_[kind, np.full(c, len(COMMENT_KINDS))]
    tpl = np.r_[tpl, np.arange(c)]
    sku = np.r_[sku, np.full(c, [s.code for s in cat.SKUS].index(cat.CLUSTER_SKU))]
    n = k + c
    ix = np.argsort(created, kind="stable")
    created, video, kind, tpl, sku = (x[ix] for x in (created, video, kind, tpl, sku))
    created = skip_dst_gap(np.minimum(created, shop.t_end))
    text = _render(pools, kind, tpl, sku, texts)

    a = rng.integers(0, len(HANDLE_PARTS_A), n)
    handle = join(pick(HANDLE_PARTS_A, a), pick(HANDLE_SEPS, rng.integers(0, 4, n)),
                  pick(HANDLE_PARTS_B, rng.integers(0, len(HANDLE_PARTS_B), n)),
                  where(rng.random(n) < 0.6, ints(rng.integers(1, 100, n)), ""))
    author = where(rng.random(n) < 0.15,
                   username(shop.buyer[rng.integers(0, shop.n_orders, n)]), handle)
    vid = 7_290_000_000_000_000_000 + np.sort(rng.integers(0, 10**16, v))
    ids = 7_302_000_000_000_000_000 + np.arange(n) * 1000 + rng.integers(0, 1000, n)
    cols = [ints(ids), ints(vid[video]), fmt_time(created, "iso"), author, text]
    return write_csv(path, COMMENT_HEADERS, cols)
