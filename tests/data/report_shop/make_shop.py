"""Regenerate the shop behind tests/test_report.py: `python tests/data/report_shop/make_shop.py`.

Seven weeks of a three-SKU shop ending 2026-11-24 (the report runs as of 2026-11-25):
a glass kettle that comes back far more often than the rest, a few tickets and
reviews with the usual complaints, one fix in the fix log. The order export carries
the recipient's phone and address like the real one; cx must never load them, and
the report tests check that none of it reaches a report file. Deterministic (seeded),
so the goldens only change when cx's output does.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
START = datetime(2026, 10, 6, 8, 0)
END = datetime(2026, 11, 24, 22, 0)

SKUS = {  # seller SKU: (product name, category, refund chance)
    "KETTLE-GLS": ("Glass Kettle 1.7 L", "Kitchen", 0.5),
    "MUG-SET": ("Stoneware Mug Set (4)", "Kitchen", 0.05),
    "TEA-SAMPLER": ("Loose Leaf Tea Sampler", "Food & Beverages", 0.02),
}
BUYERS = ["user1001", "user1002", "user1003", "user1004", "user1005", "user1006",
          "user1007", "user1008", "user1009", "user1010", "user1011", "user1012",
          "maria.lopez", "user1014", "user1015", "user1016", "user1017", "user1018"]
ORDER_HEADER = ["Order ID", "Order Status", "Cancelation/Return Type", "Seller SKU",
                "Product Name", "Quantity", "Sku Quantity of return", "Created Time",
                "Paid Time", "Shipped Time", "Delivered Time", "Cancelled Time", "Cancel By",
                "Tracking ID", "Shipping Provider Name", "Buyer Username",
                "Product Category", "Recipient", "Phone #", "Detail Address"]


def stamp(t: datetime | None) -> str:
    return "" if t is None else t.strftime("%Y-%m-%d %H:%M:%S")


def orders(rng: random.Random) -> list[list[str]]:
    rows = []
    t = START
    n = 0
    while t < END:
        n += 1
        sku = rng.choices(list(SKUS), weights=[4, 3, 3])[0]
        name, category, refund = SKUS[sku]
        paid = t + timedelta(minutes=rng.randint(1, 9))
        buyer = BUYERS[(n * 7) % len(BUYERS)]
        shipped = paid + timedelta(hours=rng.choice([20, 30, 52, 75]))
        delivered = shipped + timedelta(days=rng.choice([2, 3, 4]))
        status, ret, returned, cancelled, cancel_by = "Completed", "", "0", None, ""
        if rng.random() < 0.04:
            status, ret, cancelled = "Canceled", "Cancel", paid + timedelta(hours=3)
            cancel_by = rng.choice(["Seller", "User"])
            shipped = delivered = None
        elif rng.random() < refund:
            ret, returned = "Return/Refund", "1"
        if cancelled is None and delivered is not None and delivered > END:
            status = "In transit" if shipped <= END else "Awaiting shipment"
            delivered = None
            if shipped > END:
                shipped = None
        rows.append([
            f"5764001{n:05d}", status, ret, sku, name, "1", returned, stamp(t), stamp(paid),
            stamp(shipped), stamp(delivered), stamp(cancelled), cancel_by,
            f"9400{n:08d}" if shipped else "", "USPS" if shipped else "", buyer, category,
            f"Buyer Number{n}", f"(+1)415555{n % 10000:04d}", f"{100 + n} Market Street",
        ])
        t += timedelta(hours=rng.choice([12, 16, 20, 26]))
    return rows


TICKETS = [
    # id, order (row number or None), created, first response after (h), status, sub, root,
    # sku, subject, message
    ("T01", 3, "2026-10-08 10:00", 3, "solved", "damaged", "", "KETTLE-GLS",
     "Kettle arrived cracked", "The glass was cracked when I opened the box."),
    ("T02", 9, "2026-10-14 16:30", 20, "solved", "tracking_not_updating", "", "MUG-SET",
     "Where is my order?", "Tracking has not moved in days."),
    ("T03", None, "2026-11-20 09:10", 2, "solved", "", "", "",
     "Can you call me at 415-555-0134 about shipping to Canada?", "Thinking of ordering."),
    ("T04", 30, "2026-10-29 11:00", 5, "solved", "damaged", "packaging", "KETTLE-GLS",
     "Broken lid", "Lid hinge snapped out of the box, please call me at 415-555-0134."),
    ("T05", 35, "2026-11-03 08:45", 26, "pending", "damaged", "", "KETTLE-GLS",
     "Cracked kettle again", "Second one cracked, email me at maria.lopez@example.com"),
    ("T06", None, "2026-11-05 14:00", 1, "solved", "", "", "",
     "maria.lopez here: is the kettle dishwasher safe?", "Before I buy."),
    ("T07", 44, "2026-11-10 19:20", 15, "solved", "tracking_not_updating", "", "TEA-SAMPLER",
     "Where is my order?", "Still says label created."),
    ("T08", 50, "2026-11-17 07:30", 4, "solved", "damaged", "", "KETTLE-GLS",
     "Kettle cracked on first boil", "Send it to 221 Baker Street Apt 4 please."),
    ("T09", None, "2026-11-18 12:00", 2, "solved", "", "", "",
     "Is the kettle dishwasher safe?", "Thanks!"),
    ("T10", 58, "2026-11-20 21:00", None, "open", "missing_parts", "", "MUG-SET",
     "Only three mugs", "My set of four came with three mugs."),
]

REVIEWS = [
    ("R01", 4, "KETTLE-GLS", 5, "Boils fast and looks great on the counter, very happy with it.",
     "true", "2026-10-12 18:00"),
    ("R02", 8, "MUG-SET", 4, "Nice weight", "false", "2026-10-19 09:00"),
    ("R03", 12, "TEA-SAMPLER", 5, "Lovely selection of teas, the oolong is my favourite by far "
     "and I will reorder.", "false", "2026-10-25 10:00"),
    ("R04", 20, "KETTLE-GLS", 1, "Cracked after a week of use.", "true", "2026-10-31 20:00"),
    ("R05", 24, "MUG-SET", 5, "Beautiful mugs", "false", "2026-11-04 08:30"),
    ("R06", 28, "TEA-SAMPLER", 4, "Good tea, small bags", "false", "2026-11-09 17:00"),
    ("R07", 33, "KETTLE-GLS", 2, "Lid is flimsy and the glass chipped", "false",
     "2026-11-12 12:00"),
    ("R08", 38, "MUG-SET", 5, "Perfect gift, arrived well packed and the glaze is even nicer "
     "than the photos.", "true", "2026-11-16 15:00"),
    ("R09", 41, "KETTLE-GLS", 3, "Works but the handle gets warm", "false", "2026-11-19 19:00"),
    ("R10", 45, "TEA-SAMPLER", 5, "Great", "false", "2026-11-21 11:00"),
]

COMMENTS = [
    ("C01", "2026-10-20 10:00", "tea_fan", "where can I buy this?"),
    ("C02", "2026-11-02 18:00", "k.r", "mine arrived broken"),
    ("C03", "2026-11-18 09:30", "home.finds", "love this kettle"),
    ("C04", "2026-11-19 22:10", "spam.bot", "free followers at my page"),
]


def write(name: str, header: list[str], rows: list) -> None:
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    rng = random.Random(11)
    order_rows = orders(rng)
    write("orders.csv", ORDER_HEADER, order_rows)

    def order_of(n: int | None) -> tuple[str, str]:
        if n is None:
            return "", "user1018"
        row = order_rows[n - 1]
        return row[0], row[15]

    tickets = []
    for tid, n, created, hours, status, sub, root, sku, subject, message in TICKETS:
        order_id, buyer = order_of(n)
        at = datetime.fromisoformat(created)
        first = stamp(at + timedelta(hours=hours)) if hours is not None else ""
        solved = stamp(at + timedelta(hours=(hours or 0) + 8)) if status == "solved" else ""
        tickets.append([tid, order_id, buyer, stamp(at), first, solved, "chat", status, "",
                        sub, root, sku, subject, message])
    write("tickets.csv", ["ticket_id", "order_id", "buyer", "created_at", "first_response_at",
                          "resolved_at", "channel", "status", "category", "subcategory",
                          "root_cause", "sku", "subject", "message"], tickets)
    reviews = []
    for rid, n, sku, rating, text, media, created in REVIEWS:
        order_id, buyer = order_of(n)
        reviews.append([rid, order_id, sku, buyer, rating, text, media, created + ":00"])
    write("reviews.csv", ["review_id", "order_id", "sku", "buyer", "rating", "review_text",
                          "has_media", "created_at"], reviews)
    write("comments.csv", ["comment_id", "video_id", "created_at", "author", "text"],
          [[c, "V1", t + ":00", a, x] for c, t, a, x in COMMENTS])
    write("voc_fixes.csv", ["issue", "sku", "fix", "owner", "shipped_date"],
          [["tracking_not_updating", "", "Carrier pickup moved to 3 pm", "Lee (ops)",
            "2026-10-20"]])


if __name__ == "__main__":
    main()
