"""The Seller Center views of the simulated shop: order exports and the returns export.

Each order file is a snapshot taken the morning after its last day: anything that
happened later is not in it yet. Overlapping files therefore show the same order
at two stages, exactly like a seller's export history.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

from . import catalog as cat
from .fmt import (
    DAY,
    HOUR,
    fmt_time,
    ints,
    join,
    lpad,
    money,
    money_in,
    pick,
    pickq,
    quote,
    to_date,
    where,
    write_csv,
)
from .looks import Look, look
from .orders import CANCEL_BY, CANCEL_REASONS, Shop, mix
from .returns import DECLINED_STATUSES, RETURN_TYPES, RK_DECLINED, RK_NONE, RK_REFUND, RK_REPLACE
from .text import (
    ADDRESS_LINE_2,
    BUYER_MESSAGES,
    CREATOR_HANDLES,
    DELIVERY_INSTRUCTIONS,
    ORDER_CHANNEL_WEIGHTS,
    ORDER_CHANNELS,
    PAYMENT_WEIGHTS,
    RETURN_REASONS,
    SELLER_NOTES,
    STREET_SUFFIXES,
)

US = look("us")

# (header, description) of the 63-column US order export, in the export's order.
ORDER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Order ID", "Platform unique order ID."),
    ("Order Status", "Current order status."),
    ("Order Substatus", "Current order substatus."),
    ("Cancelation/Return Type", "Whether the order was cancelled or returned."),
    ("Normal or Pre-order", "Whether the order is a normal order or a pre-order."),
    ("SKU ID", "Platform unique SKU ID."),
    ("Seller SKU", "SKU code set by the seller."),
    ("Product ID", "Platform unique product ID."),
    ("Product Name", "Name of the product."),
    ("Variation", "Variation of the SKU."),
    (" Virtual Bundle Seller SKU", "Seller SKU of the virtual bundle."),
    ("Quantity", "Quantity of the SKU ordered."),
    ("Sku Quantity of return", "Quantity of the SKU returned."),
    ("SKU Unit Original Price", "Original unit price of the SKU."),
    ("SKU Subtotal Before Discount", "It equals to SKU Unit Original Price * Sku Quantity."),
    ("SKU Platform Discount", "SKU discount funded by the platform."),
    ("SKU Seller Discount", "SKU discount funded by the seller."),
    ("SKU Subtotal After Discount",
     "It equals to SKU Subtotal Before Discount - SKU Platform Discount - SKU Seller Discount."),
    ("Shipping Fee After Discount", "Shipping fee paid by the buyer."),
    ("Original Shipping Fee", "Shipping fee before any discount."),
    ("Shipping Fee Seller Discount", "Shipping fee discount funded by the seller."),
    ("Co-Funded Shipping Fee Discount",
     "Shipping fee discount funded by the seller and the platform together."),
    ("Shipping Fee Platform Discount", "Shipping fee discount funded by the platform."),
    ("Payment platform discount", "Discount offered by the payment platform."),
    ("Retail Delivery Fee", "Retail delivery fee charged by some states."),
    ("Taxes", "Taxes charged on the order."),
    ("Order Amount", "Total amount paid by the buyer for the order."),
    ("Order Refund Amount", "Total amount refunded to the buyer for the order."),
    ("Created Time", "Time the order was placed."),
    ("Paid Time", "Time the order was paid."),
    ("RTS Time", "Time the order was ready to ship."),
    ("Shipped Time", "Time the carrier picked up the package."),
    ("Delivered Time", "Time the package was delivered."),
    ("Cancelled Time", "Time the order was cancelled."),
    ("Cancel By", "Who cancelled the order."),
    ("Cancel Reason", "Reason for the cancellation."),
    ("Fulfillment Type", "Who fulfills the order."),
    ("Warehouse Name", "Warehouse that ships the order."),
    ("Tracking ID", "Tracking number of the package."),
    ("Delivery Option Type", "Type of the delivery option."),
    ("Delivery Option", "Delivery option chosen by the buyer."),
    ("Shipping Provider Name", "Carrier that delivers the package."),
    ("Buyer Message", "Message left by the buyer at checkout."),
    ("Buyer Nickname", "Display name of the buyer."),
    ("Buyer Username", "Username of the buyer."),
    ("Recipient", "Name of the recipient."),
    ("Phone #", "Phone number of the recipient."),
    ("Country", "Country of the delivery address."),
    ("State", "State of the delivery address."),
    ("City", "City of the delivery address."),
    ("Zipcode", "Zip code of the delivery address."),
    ("Address Line 1", "First line of the delivery address."),
    ("Address Line 2", "Second line of the delivery address."),
    ("Delivery Instruction", "Delivery instruction from the buyer."),
    ("Payment Method", "Payment method used by the buyer."),
    ("Weight(kg)", "Weight of the package in kilograms."),
    ("Product Category", "Category of the product."),
    ("Package ID", "Platform unique package ID."),
    ("Seller Note", "Note added by the seller."),
    ("Shipping Information", "Additional shipping information."),
    ("Combined Listing", "Whether the product is sold as a combined listing."),
    ("Order Channel", "Channel through which the order was placed."),
    ("Creator Handle", "Creator whose content led to the order."),
)
ORDER_HEADERS = tuple(h for h, _ in ORDER_COLUMNS)

RETURN_HEADERS = ("Return Order ID", "Order ID", "Seller SKU", "Product Name", "Time Requested",
                  "Return Quantity", "Return Reason", "Return unit price", "Return Type",
                  "Return Status", "Return Sub Status")
RETURN_SUB_STATUS = {
    "Pending request": "Awaiting seller review",
    "Awaiting buyer's response": "Seller requested more information",
    "Rejected": "Product functions well",
    "Awaiting buyer's shipment": "Return label sent to buyer",
    "Shipped by buyer": "Return package in transit",
    "Reception rejected": "Incorrect usage by the customer",
    "Refunded": "Refund issued",
    "Request closed": "Buyer cancelled the request",
    "Completed": "Refund completed",
}
OVERLAP_DAYS = 10
CHUNK = 100_000  # lines per written block: bounds memory for million-line files


def amounts(cents: np.ndarray, market: Look, styled: bool) -> pa.Array:
    """Amounts as the market's exports write them: US `25.00` or `$1,022.25`; elsewhere
    the market's decimal mark, `styled` with its currency and thousands (`BRL 1.022,25`)."""
    if market.code == "us":
        return money(cents, styled)
    m = market.money
    return money_in(np.asarray(cents, dtype=np.int64) * m.per_cent, m.decimals, m.comma,
                    m.prefix if styled else "", m.suffix if styled else "", grouped=styled)


def username(buyer: np.ndarray) -> pa.Array:
    """`user8841`-style usernames, unique per buyer."""
    return join("user", ints(1000 + buyer * 7 + (mix(buyer, 7) % np.uint64(7)).astype(np.int64)))


def file_windows(day0: int, end_day: int, files: int) -> list[tuple[int, int]]:
    """Date ranges (epoch days, inclusive) of `files` exports overlapping by ~10 days."""
    span = end_day - day0 + 1
    if files == 1:
        return [(day0, end_day)]
    length = min(span, -(-(span + (files - 1) * OVERLAP_DAYS) // files))
    step = max(1, length - OVERLAP_DAYS)
    wins = [(day0 + i * step, day0 + i * step + length - 1) for i in range(files - 1)]
    return [*wins, (end_day - length + 1, end_day)]


EMPTY_CELLS = ("", "\t", "/")  # how an export writes "not happened yet"
LINE_CELLS = {
    "SKU ID": [f"{s.sku_id}\t" for s in cat.SKUS],
    "Seller SKU": [s.code for s in cat.SKUS],
    "Product ID": [f"{s.product_id}\t" for s in cat.SKUS],
    "Product Name": [s.name for s in cat.SKUS],
    "Variation": [s.variation for s in cat.SKUS],
    "Product Category": [s.tiktok_category for s in cat.SKUS],
}
LINE_MONEY = {"SKU Unit Original Price": "unit", "SKU Subtotal Before Discount": "before",
              "SKU Platform Discount": "plat", "SKU Seller Discount": "seller",
              "SKU Subtotal After Discount": "after"}
ORDER_MONEY = {"Original Shipping Fee": "ship_orig",
               "Shipping Fee Seller Discount": "ship_seller",
               "Co-Funded Shipping Fee Discount": "ship_cofund",
               "Shipping Fee Platform Discount": "ship_plat",
               "Payment platform discount": "pay_disc", "Retail Delivery Fee": "rdf",
               "Taxes": "taxes", "Order Amount": "amount"}


class _OrderView:
    """What every file shares: costly cells (times, addresses, tracking) as strings per
    order, cheap ones as codes into small pools that each chunk looks up itself (which
    keeps a million-line run's memory down)."""

    def __init__(self, shop: Shop, rng: np.random.Generator, market: Look) -> None:
        m, n = shop.n_orders, shop.n_lines
        b = shop.buyer
        people = market.people
        self.times = {k: fmt_time(getattr(shop, k), market.date_style) for k in
                      ("created", "paid", "rts", "shipped", "delivered", "cancelled")}
        first = pickq(people.first, mix(b, 2) % np.uint64(len(people.first)))
        last_ix = (mix(b, 3) % np.uint64(len(people.last))).astype(np.int64)
        last = pickq(people.last, last_ix)
        initials = pickq([x[0] + "." for x in people.last], last_ix)
        places = people.places
        place = (shop.place if market.code == "us" else
                 (mix(b, 1) % np.uint64(len(places))).astype(np.int64))
        h = mix(b, 4)
        two = lpad(ints((h // np.uint64(100) % np.uint64(100)).astype(np.int64)), 2)
        number = ints(10 + (h // np.uint64(10_000) % np.uint64(9890)).astype(np.int64))
        street = pickq(people.streets, (h >> np.uint64(30)) % np.uint64(len(people.streets)))
        postal = pickq([p[2] for p in places], place)
        self.buyer = {
            "Buyer Nickname": (join(last, first, sep=" ") if people.family_first
                               else join(first, initials, sep=" ")),
            "Buyer Username": username(b),
            "Recipient": (join(last, first, sep=" ") if people.family_first
                          else join(first, last, sep=" ")),
            "Phone #": join(f"(+{people.phone})", pickq([p[3] for p in places], place), "*****",
                            lpad(ints((h % np.uint64(100)).astype(np.int64)), 2)),
            "State": pickq([p[1] for p in places], place),
            "City": pickq([p[0] for p in places], place),
            "Zipcode": (join(postal, two, people.postal_suffix) if people.postal_suffix else
                        join(postal, two) if people.postal_digits else postal),
            "Address Line 1": (join(
                number, street,
                pickq(STREET_SUFFIXES, (h >> np.uint64(40)) % np.uint64(len(STREET_SUFFIXES))),
                sep=" ") if market.code == "us" else
                join(number, street, sep=" ") if people.number_first else
                quote(join(street, number, sep=", "))),
            "Address Line 2": where((h >> np.uint64(50)) % np.uint64(4) == 0,
                                    pickq(ADDRESS_LINE_2, (h >> np.uint64(52)) %
                                          np.uint64(len(ADDRESS_LINE_2))), ""),
        }

        def sometimes(pool: tuple[str, ...], p: float) -> tuple[tuple[str, ...], np.ndarray]:
            code = np.where(rng.random(m) < p, rng.integers(0, len(pool), m) + 1, 0)
            return ("", *pool), code

        channel = rng.choice(len(ORDER_CHANNELS), size=m, p=ORDER_CHANNEL_WEIGHTS)
        creator = (channel <= 1) & (rng.random(m) < 0.55)
        self.codes: dict[str, tuple[tuple[str, ...], np.ndarray]] = {
            "Buyer Message": sometimes(BUYER_MESSAGES, 0.04),
            "Delivery Instruction": sometimes(DELIVERY_INSTRUCTIONS, 0.06),
            "Seller Note": sometimes(SELLER_NOTES, 0.02),
            "Payment Method": (market.payments, rng.choice(len(market.payments), size=m,
                                                           p=PAYMENT_WEIGHTS)),
            "Order Channel": (ORDER_CHANNELS, channel),
            "Creator Handle": (("", *CREATOR_HANDLES),
                               np.where(creator, rng.integers(0, len(CREATOR_HANDLES), m) + 1,
                                        0)),
            "Normal or Pre-order": (("Normal", "Pre-order"), rng.random(m) < 0.005),
            "Delivery Option": (("Standard shipping", "Express shipping"), rng.random(m) < 0.08),
        }
        track_num = join(ints(rng.integers(10**8, 10**9, m)), ints(rng.integers(10**8, 10**9, m)))
        prefix = market.tracking
        self.tracking = where(shop.carrier == 0, join(prefix[0], track_num, "\t"),
                              where(shop.carrier == 1, join(prefix[1], ints(
                                  rng.integers(10**7, 10**8, m))),
                                    join(prefix[2], ints(rng.integers(10**11, 10**12, m)), "\t")))
        self.empty = rng.choice(len(EMPTY_CELLS), size=n, p=(0.95, 0.03, 0.02))


def _refunded(shop: Shop, t: int) -> np.ndarray:
    """Order Refund Amount as of t: refunds paid out so far, or everything if cancelled."""
    refunded = np.add.reduceat(np.where(shop.r_refund <= t, shop.r_amount, 0), shop.start)
    return np.where((shop.cancelled <= t) & (shop.paid <= t), shop.amount, refunded)


def _snapshot(shop: Shop, view: _OrderView, sel: np.ndarray, t: int, dollar: bool,
              refunded: np.ndarray, market: Look) -> list:
    """The 63 columns of the lines `sel` as an export taken at time t would show them."""
    o = shop.l_order[sel]
    o_pa = pa.array(o)
    empty = pickq(EMPTY_CELLS, view.empty[sel])

    def seen(event: str) -> tuple[np.ndarray, pa.Array]:
        vis = getattr(shop, event)[o] <= t
        return vis, where(vis, view.times[event].take(o_pa), empty)

    canc, canc_s = seen("cancelled")
    paid, paid_s = seen("paid")
    rts, rts_s = seen("rts")
    ship, ship_s = seen("shipped")
    deliv, deliv_s = seen("delivered")
    comp = shop.completed[o] <= t
    state = np.select([canc, ~paid, comp, deliv, ship, rts], [0, 1, 2, 3, 4, 5], 6)
    kind, rtype = shop.r_kind[sel], shop.r_type[sel]
    shown = (kind == RK_REFUND) & shop.r_recorded[sel]
    rt = np.where(canc, 1, np.where(shown & (shop.r_req[sel] <= t), 2 + rtype, 0))
    weight = shop.weight_g[o]
    cols: dict[str, pa.Array | str] = {
        "Order ID": join(ints(shop.order_id[o]), "\t"),
        "Order Status": pickq(market.statuses[0] if market.statuses else
                              ("Canceled", "Unpaid", "Completed", "Shipped", "Shipped",
                               "To ship", "To ship"), state),
        "Order Substatus": pickq(market.statuses[1] if market.statuses else
                                 ("Canceled", "Unpaid", "Completed", "Delivered", "In transit",
                                  "Awaiting collection", "Awaiting shipment"), state),
        "Cancelation/Return Type": pickq(("", "Cancel", "Return/Refund", "Refund only"), rt),
        " Virtual Bundle Seller SKU": "",
        "Quantity": ints(shop.qty[sel]),
        "Sku Quantity of return": where(shown & (shop.r_refund[sel] <= t),
                                        ints(shop.r_qty[sel]), ""),
        "Shipping Fee After Discount": amounts((shop.ship_orig - shop.ship_seller
                                                - shop.ship_plat - shop.ship_cofund)[o],
                                               market, dollar),
        "Order Refund Amount": amounts(refunded[o], market, dollar),
        "Created Time": view.times["created"].take(o_pa), "Paid Time": paid_s,
        "RTS Time": rts_s, "Shipped Time": ship_s, "Delivered Time": deliv_s,
        "Cancelled Time": canc_s,
        "Cancel By": pickq(CANCEL_BY, np.where(canc, shop.cancel_by[o], 0)),
        "Cancel Reason": pickq(("", *CANCEL_REASONS), np.where(canc, shop.cancel_reason[o] + 1,
                                                               0)),
        "Fulfillment Type": "Fulfillment by seller", "Warehouse Name": market.warehouse,
        "Tracking ID": where(rts, view.tracking.take(o_pa), ""),
        "Delivery Option Type": "Send by seller",
        "Shipping Provider Name": pickq(("", *market.carriers),
                                        np.where(rts, shop.carrier[o] + 1, 0)),
        "Country": market.country,
        "Weight(kg)": join(ints(weight // 1000), lpad(ints(weight % 1000 // 10), 2), sep="."),
        "Package ID": where(rts, join(ints(115_400_000_000_000_000 + shop.order_id[o] % 10**14),
                                      "\t"), ""),
        "Shipping Information": "", "Combined Listing": "",
    }
    cols.update({k: amounts(getattr(shop, v)[sel], market, dollar)
                 for k, v in LINE_MONEY.items()})
    cols.update({k: amounts(getattr(shop, v)[o], market, dollar)
                 for k, v in ORDER_MONEY.items()})
    cols.update({k: pickq(v, shop.sku[sel]) for k, v in LINE_CELLS.items()})
    cols.update({k: v.take(o_pa) for k, v in view.buyer.items()})
    cols.update({k: pickq(pool, code[o].astype(np.int64)) for k, (pool, code)
                 in view.codes.items()})
    return [cols[h] for h in ORDER_HEADERS]


def write_orders(shop: Shop, folder: Path, files: int, rng: np.random.Generator,
                 market: Look = US) -> list[Path]:
    """Write the overlapping order exports; odd-numbered files write money with its
    currency (`$1,022.25`, `BRL 1.022,25`)."""
    folder.mkdir(parents=True, exist_ok=True)
    wins = file_windows(shop.day0, shop.end_day, files)
    names = [f"orders_{to_date(a).isoformat()}_{to_date(b).isoformat()}.csv" for a, b in wins]
    for stale in folder.glob("orders_*_*.csv"):
        if stale.name not in names:
            stale.unlink()
    view = _OrderView(shop, rng, market)  # read-only from here on, so threads may share it
    day = shop.created // DAY

    def one(i: int) -> Path:
        a, b = wins[i]
        t = shop.t_end if i == files - 1 else (b + 1) * DAY + 9 * HOUR + i * 13 * 60
        lines = np.flatnonzero(np.isin(shop.l_order, np.flatnonzero((day >= a) & (day <= b))))
        lines = lines[np.lexsort((shop.l_pos[lines], -shop.l_order[lines]))]  # newest first
        dollar = i % 2 == 1
        refunded = _refunded(shop, t)
        chunks = (_snapshot(shop, view, lines[k:k + CHUNK], t, dollar, refunded, market)
                  for k in range(0, len(lines), CHUNK))
        return write_csv(folder / names[i], ORDER_HEADERS, chunks=chunks,
                         safe=range(len(ORDER_HEADERS)), bom=True, eol="\r\n",
                         preamble=[[d for _, d in ORDER_COLUMNS]])

    # Arrow kernels release the GIL, so two files are built at once on a 2-core box.
    # Nothing random happens in `one`, so the bytes do not depend on thread timing.
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, range(files)))


def write_returns(shop: Shop, path: Path, rng: np.random.Generator,
                  market: Look = US) -> Path:
    """The returns export: every request made by the end, refunded or not."""
    t = shop.t_end
    idx = np.flatnonzero((shop.r_kind != RK_NONE) & (shop.r_req <= t))
    idx = idx[np.argsort(shop.r_req[idx], kind="stable")]
    kind, rtype = shop.r_kind[idx], shop.r_type[idx]
    statuses = ("Pending request", "Awaiting buyer's shipment", "Shipped by buyer", "Refunded",
                "Completed", *DECLINED_STATUSES)
    late_done = (t - shop.r_refund[idx] > 7 * DAY) & (rng.random(len(idx)) < 0.5)
    refund_state = np.select(
        [t < shop.r_approve[idx], (rtype == 0) & (t < shop.r_buyer_ship[idx]),
         t < shop.r_refund[idx], late_done], [0, 1, 2, 4], 3)
    replace_state = np.select([t < shop.r_approve[idx], t < shop.r_done[idx]], [0, 1], 4)
    state = np.where(kind == RK_REFUND, refund_state,
                     np.where(kind == RK_REPLACE, replace_state, 5 + shop.r_declined[idx]))
    state = np.where((kind == RK_DECLINED) & (t < shop.r_approve[idx]), 0, state)
    status = pick(statuses, state)
    sub = pick([RETURN_SUB_STATUS[s] for s in statuses], state)
    sub = where((kind == RK_REPLACE) & (state == 4), "Replacement delivered", sub)
    ids = 577_100_000_000_000_000 + np.arange(len(idx)) * 7919 + rng.integers(0, 7919, len(idx))
    skus = cat.SKUS
    sku = shop.sku[idx]
    cols = [join(ints(ids), "\t"), join(ints(shop.order_id[shop.l_order[idx]]), "\t"),
            pick([s.code for s in skus], sku), pick([s.name for s in skus], sku),
            fmt_time(shop.r_req[idx], market.date_style), ints(shop.r_qty[idx]),
            pick(RETURN_REASONS, shop.r_reason[idx]),
            amounts(shop.after[idx] // shop.qty[idx], market, False), pick(RETURN_TYPES, rtype),
            status, sub]
    rev = pa.array(np.arange(len(idx))[::-1].copy())
    cols = [c.take(rev) for c in cols]  # newest first, like the export
    # The amounts come CSV-ready ("174,95" quoted), so they are not quoted again.
    return write_csv(path, RETURN_HEADERS, cols, safe={7}, bom=True, eol="\r\n")

