"""The order columns each engine reads: a command loads only these (plus what
deduplication needs). Kept apart from the engines, which import pandas, so that a
command can name its columns and start reading the exports before pandas is imported.
"""

from __future__ import annotations

# The weekly metrics (scorecard, platform health, refunds).
SCORECARD = (
    "order_id", "status", "return_type", "sku_id", "sku", "variation", "product_category",
    "returned_quantity", "created_at", "paid_at", "shipped_at", "delivered_at",
    "cancelled_at", "buyer", "cancel_by",
)

# The message timeline, its templates and the observed reorder cycle.
TIMELINE = (
    "order_id", "status", "return_type", "sku_id", "sku", "product_name", "variation",
    "quantity", "returned_quantity", "created_at", "paid_at", "rts_at", "shipped_at",
    "delivered_at", "cancelled_at", "tracking_id", "carrier", "buyer", "buyer_name",
)

# VoC: fix checks' refund lines, an order's SKUs, orders in the period.
VOC = ("order_id", "sku", "paid_at", "return_type", "returned_quantity")

# `cx report`: every section above.
REPORT = tuple(sorted({*SCORECARD, *TIMELINE, *VOC}))
