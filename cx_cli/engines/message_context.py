"""What a message template receives: the order, its items, the product, the shop, and
computed values (processing days, ETA in business days).

Built only for the messages that are due (or previewed), so a plain loop per message
is fine here; the orders frame is cut down to those orders once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from cx_cli.config import Settings
from cx_cli.engines.timeline import DueMessage
from cx_cli.engines.weeks import holiday_dates
from cx_cli.io.catalog import Catalog, Product

# A parcel's time with the carrier, in business days (US ground services).
TRANSIT_BUSINESS_DAYS = (2, 5)
TIME_FIELDS = ("created_at", "paid_at", "rts_at", "shipped_at", "delivered_at")
LINE_COLUMNS = ("order_id", "sku", "product_name", "variation", "quantity", "return_type",
                "tracking_id", "carrier", *TIME_FIELDS)


class Fields(SimpleNamespace):
    """Template data read as attributes: ``order.items`` is the list of lines, not the
    dict method a plain dict would give Jinja."""

    def __getitem__(self, key: str) -> Any:
        return vars(self)[key]


class BusinessDays:
    """Mon–Fri minus the shop's public holidays (``shop.holidays``)."""

    def __init__(self, country: str | None, around: date) -> None:
        self.holidays = holiday_dates(country, around.year - 1, around.year + 1)
        self._seen: dict[tuple[date, int], date] = {}

    def add(self, day: date, n: int) -> date:
        """The n-th business day after ``day``, counted as the platform counts its dispatch
        deadline (``roll="backward"``: a Saturday order with 2 days ships by Tuesday)."""
        key = (day, n)
        if key not in self._seen:
            # With n = 0 a weekend order rolls forward, never to a day before it was placed.
            out = np.busday_offset(np.datetime64(day, "D"), n,
                                   roll="backward" if n > 0 else "forward",
                                   holidays=self.holidays)
            self._seen[key] = out.astype(date)
        return self._seen[key]


def day_text(day: date) -> str:
    """A date as buyers read it in a chat: "Thu, Nov 12"."""
    return f"{day:%a, %b} {day.day}"


def product_dict(product: Product) -> dict[str, Any]:
    """A catalog entry as template data; ``name`` never empty (falls back to the SKU)."""
    data = product.model_dump()
    data["name"] = product.display_name
    data["review_delay"] = product.review_delay
    return data


def message_contexts(messages: Sequence[DueMessage], orders: pd.DataFrame, *,
                     catalog: Catalog, settings: Settings, as_of: date) -> list[dict[str, Any]]:
    """One template context per message, in the same order."""
    if not messages:
        return []
    end = pd.Timestamp(as_of + timedelta(days=1), tz=settings.shop.tz)
    by_order = _lines_by_order(orders, {m.order_id for m in messages}, end)
    calendar = BusinessDays(settings.shop.holiday_country, as_of)
    shop = _shop(settings)
    products: dict[str, dict[str, Any]] = {}

    def product(sku: str) -> dict[str, Any]:
        if sku not in products:
            products[sku] = product_dict(catalog.get_or_default(sku))
        return products[sku]

    return [_context(m, by_order.get(m.order_id, []), product, shop, calendar, as_of)
            for m in messages]


def _lines_by_order(orders: pd.DataFrame, wanted: set[str],
                    end: pd.Timestamp) -> dict[str, list[dict[str, Any]]]:
    """The lines of the wanted orders as plain dicts (None for empty), times as of D."""
    ids = orders["order_id"].astype("string")
    lines = orders.loc[ids.isin(list(wanted)).to_numpy(dtype=bool, na_value=False),
                       [c for c in LINE_COLUMNS if c in orders.columns]]
    columns: dict[str, list[Any]] = {}
    for name in lines.columns:
        col = lines[name]
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            col = col.where(col < end)  # an event after D has not happened yet
        values = col.astype(object)
        columns[name] = values.where(col.notna(), None).tolist()
    by_order: dict[str, list[dict[str, Any]]] = {}
    for row in zip(*columns.values(), strict=True):
        record = dict(zip(columns, row, strict=True))
        by_order.setdefault(str(record["order_id"]), []).append(record)
    return by_order


def _shop(settings: Settings) -> dict[str, Any]:
    data = settings.shop.model_dump()
    data.update(timezone=settings.shop.tz, currency=settings.shop.currency_code,
                holidays=settings.shop.holiday_country, channel=settings.messages.channel)
    return data


def _context(message: DueMessage, rows: list[dict[str, Any]],
             product: Callable[[str], dict[str, Any]], shop: dict[str, Any],
             calendar: BusinessDays, today: date) -> dict[str, Any]:
    items = []
    for row in rows:
        sku = str(row.get("sku") or "")
        entry = product(sku)
        items.append({
            "sku": sku,
            "name": row.get("product_name") or entry["name"],
            "variation": row.get("variation") or "",
            "quantity": int(row.get("quantity") or 1),
            "product": entry,
            "cancelled": row.get("return_type") == "cancel",
        })
    focus = [i for i in items if i["sku"] in message.skus] or items
    live = [i for i in focus if not i["cancelled"]] or focus
    main = live[0] if live else {"sku": "", "name": "", "variation": "", "quantity": 1,
                                 "product": product(""), "cancelled": False}
    first = rows[0] if rows else {}
    times: dict[str, datetime | None] = {}
    for f in TIME_FIELDS:
        # The latest value over the lines, like the timeline (a line may be newer).
        values = [r[f] for r in rows if r.get(f) is not None]
        times[f] = max(values).to_pydatetime() if values else None
    dates = {f.removesuffix("_at"): (t.date() if t else None) for f, t in times.items()}
    processing = max((i["product"]["processing_days"] for i in items), default=2)
    eta = _eta(dates, processing, calendar, today)
    delivered = dates.get("delivered")
    return {
        "message_id": message.message_id,
        "stage": message.stage,
        "due_date": message.due_date,
        "last_date": message.last_date,
        "order": Fields(
            order_id=message.order_id,
            buyer=message.buyer or "",
            items=items,
            dates=Fields(**dates),
            dates_text=Fields(**{k: day_text(v) if v else "" for k, v in dates.items()}),
            **times,
            tracking_id=first.get("tracking_id") or "",
            carrier=first.get("carrier") or "",
        ),
        "items": live,
        "item": main,
        "product": main["product"],
        "shop": shop,
        "processing_days": processing,
        "ship_by": eta["ship_by"],
        "ship_by_text": day_text(eta["ship_by"]),
        "eta": eta,
        "today": today,
        "days_since_delivery": (today - delivered).days if delivered else None,
    }


def _eta(dates: dict[str, date | None], processing: int, calendar: BusinessDays,
         today: date) -> dict[str, Any]:
    """Ship-by (paid + processing business days) and the delivery range after it."""
    paid = dates.get("paid") or today
    ship_by = calendar.add(paid, processing)
    start = dates.get("shipped") or dates.get("rts") or max(ship_by, today)
    low, high = TRANSIT_BUSINESS_DAYS
    return {
        "ship_by": ship_by,
        "from": calendar.add(start, low),
        "to": calendar.add(start, high),
        "from_text": day_text(calendar.add(start, low)),
        "to_text": day_text(calendar.add(start, high)),
        "business_days": f"{low} to {high}",
        "min_days": low,
        "max_days": high,
    }


def preview_message(order_id: str, stage_name: str, orders: pd.DataFrame, *,
                    settings: Settings, due_date: date, last_date: date,
                    sku: str | None = None) -> DueMessage:
    """A message for one stage and order outside the due set (``messages preview``)."""
    from cx_cli.engines.stages import resolve_stages
    from cx_cli.errors import CxError
    from cx_cli.io.ledger import message_id

    stage = next((s for s in resolve_stages(settings) if s.name == stage_name), None)
    if stage is None:
        names = ", ".join(s.name for s in resolve_stages(settings))
        raise CxError(f"unknown stage '{stage_name}'", f"stages: {names}")
    ids = orders["order_id"].astype("string")
    rows = orders.loc[(ids == order_id).to_numpy(dtype=bool, na_value=False)]
    if rows.empty:
        raise CxError(f"order {order_id} is not in the orders export")
    buyer = rows["buyer"].iloc[0]
    sku = (sku or str(rows["sku"].iloc[0])) if stage.per_line else None
    return DueMessage(
        message_id=message_id(order_id, stage.name, sku), stage=stage.name,
        order_id=order_id, sku=sku,
        buyer=None if buyer is None or buyer is pd.NA else str(buyer),
        due_date=due_date, last_date=last_date, template=stage.template,
        priority=stage.priority, skus=(sku,) if sku else ())
