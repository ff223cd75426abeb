"""Canonical schemas of every input and the column presets that map export headers onto them.

Each field has a *kind* that decides how its text is parsed (see ``cx_cli.io.parse``).
The DataFrames the loaders return have exactly these columns, in this order:

- ``id`` / ``text``: pyarrow strings (ids exact: never floats, tabs and apostrophes removed)
- ``time``: ``datetime64[s, <shop timezone>]`` (NaT when the event has not happened)
- ``money`` / ``float``: float64 (NaN when empty)
- ``int``: int64 (the field's default when empty)
- ``bool``: bool
- ``date``: ``datetime64[s]`` naive calendar date
- ``order_status`` / ``return_type`` / ``ticket_status``: normalised vocabularies (strings)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    default: object = None


@dataclass(frozen=True)
class Schema:
    name: str
    fields: tuple[Field, ...]
    # Fields of which at least one must be present (e.g. orders need sku_id or sku).
    one_of: tuple[tuple[str, ...], ...] = ()
    # The field whose first-row cell reveals a description row ("Platform unique order ID.").
    id_field: str | None = None
    presets: dict[str, dict[str, str]] = field(default_factory=dict)
    default_preset: str = "generic"

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _fields(spec: str) -> tuple[Field, ...]:
    """Parse 'name:kind[!]' tokens; '!' marks a required field."""
    out = []
    for token in spec.split():
        name, kind = token.split(":")
        required = kind.endswith("!")
        out.append(Field(name, kind.rstrip("!"), required))
    return tuple(out)


ORDER_TIME_FIELDS = (
    "created_at", "paid_at", "rts_at", "shipped_at", "delivered_at", "cancelled_at"
)
# Deduplicating order lines needs the keys, every event time and the status: these are
# read whichever fields a command asks for.
ORDER_DEDUP_FIELDS = ("order_id", "sku_id", "sku", "status", "substatus", *ORDER_TIME_FIELDS)

ORDERS = Schema(
    name="orders",
    fields=_fields(
        "order_id:id! status:order_status! substatus:text return_type:return_type "
        "sku_id:id sku:id product_name:text variation:text quantity:int "
        "returned_quantity:int order_amount:money refund_amount:money "
        "created_at:time! paid_at:time rts_at:time shipped_at:time delivered_at:time "
        "cancelled_at:time tracking_id:id carrier:text buyer:text buyer_name:text "
        "product_category:text "
        "buyer_message:text cancel_by:text cancel_reason:text"
    ),
    one_of=(("sku_id", "sku"),),
    id_field="order_id",
    default_preset="tiktok",
    presets={
        "tiktok": {
            "order_id": "Order ID",
            "status": "Order Status",
            "substatus": "Order Substatus",
            "return_type": "Cancelation/Return Type",
            "sku_id": "SKU ID",
            "sku": "Seller SKU",
            "product_name": "Product Name",
            "variation": "Variation",
            "quantity": "Quantity",
            "returned_quantity": "Sku Quantity of return",
            "order_amount": "Order Amount",
            "refund_amount": "Order Refund Amount",
            "created_at": "Created Time",
            "paid_at": "Paid Time",
            "rts_at": "RTS Time",
            "shipped_at": "Shipped Time",
            "delivered_at": "Delivered Time",
            "cancelled_at": "Cancelled Time",
            "tracking_id": "Tracking ID",
            "carrier": "Shipping Provider Name",
            "buyer": "Buyer Username",
            "buyer_name": "Buyer Nickname",
            "product_category": "Product Category",
            "buyer_message": "Buyer Message",
            "cancel_by": "Cancel By",
            "cancel_reason": "Cancel Reason",
        }
    },
)

RETURNS = Schema(
    name="returns",
    fields=_fields(
        "return_id:id order_id:id! sku:id requested_at:time quantity:int reason:text "
        "return_type:text return_status:return_status!"
    ),
    id_field="return_id",
    default_preset="tiktok",
    presets={
        "tiktok": {
            "return_id": "Return Order ID",
            "order_id": "Order ID",
            "sku": "Seller SKU",
            "requested_at": "Time Requested",
            "quantity": "Return Quantity",
            "reason": "Return Reason",
            "return_type": "Return Type",
            "return_status": "Return Status",
        }
    },
)

TICKETS = Schema(
    name="tickets",
    fields=_fields(
        "ticket_id:id! order_id:id buyer:text created_at:time! first_response_at:time "
        "resolved_at:time channel:text status:ticket_status category:text subcategory:text "
        "root_cause:text sku:id subject:text message:text"
    ),
    id_field="ticket_id",
    presets={
        # Zendesk's export has no first-reply timestamp, only minutes; tags carry the
        # subcategory when the team tags tickets with cx's names.
        "zendesk": {
            "ticket_id": "Id",
            "buyer": "Requester",
            "subject": "Subject",
            "status": "Status",
            "channel": "Via",
            "created_at": "Created at",
            "resolved_at": "Solved at",
            "first_reply_minutes": "First reply time in minutes",
            "tags": "Tags",
            "order_id": "Order ID",
            "category": "Category",
            "subcategory": "Subcategory",
            "root_cause": "Root cause",
            "sku": "SKU",
            "message": "Description",
        },
        "gorgias": {
            "ticket_id": "id",
            "channel": "channel",
            "created_at": "created_datetime",
            "first_response_at": "first_response_datetime",
            "resolved_at": "closed_datetime",
            "status": "status",
            "tags": "tags",
            "buyer": "customer",
            "subject": "subject",
            "message": "first_message",
            "order_id": "order_id",
            "sku": "sku",
        },
    },
)

REVIEWS = Schema(
    name="reviews",
    fields=_fields(
        "review_id:id! order_id:id sku:id buyer:text rating:rating! review_text:text "
        "has_media:bool created_at:time!"
    ),
    id_field="review_id",
)

COMMENTS = Schema(
    name="comments",
    fields=_fields("comment_id:id! video_id:id created_at:time! author:text text:text!"),
    id_field="comment_id",
)

FIXES = Schema(
    name="fixes",
    fields=_fields("issue:text! sku:id fix:text owner:text shipped_date:date"),
)

SCHEMAS: dict[str, Schema] = {
    s.name: s for s in (ORDERS, RETURNS, TICKETS, REVIEWS, COMMENTS, FIXES)
}

# Extra source columns some presets read to derive canonical fields.
DERIVED_SOURCES = {"first_reply_minutes": "float", "tags": "text"}

ORDER_STATUSES = (
    "unpaid",
    "awaiting_shipment",
    "awaiting_collection",
    "in_transit",
    "delivered",
    "completed",
    "cancelled",
)
RETURN_TYPES = ("none", "cancel", "return_refund", "refund_only")
TICKET_STATUSES = ("open", "pending", "solved")
CATEGORIES = ("consumable", "skincare", "apparel", "device", "accessory", "other")

# The four ticket categories and their subcategories (SPEC §6): subcategory -> category.
TICKET_SUBCATEGORIES = {
    "tracking_not_updating": "shipping",
    "delivered_not_received": "shipping",
    "wrong_address": "shipping",
    "damaged": "product_issue",
    "missing_parts": "product_issue",
    "defective": "product_issue",
    "wrong_variant": "product_issue",
    "doesnt_work": "usage",
    "sizing_fit": "usage",
    "setup_error": "usage",
    "color_size_perception": "expectation_mismatch",
    "performance_assumption": "expectation_mismatch",
}
