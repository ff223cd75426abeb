"""What a message template receives: the order, its items, the product, the shop, and
computed values (processing days, ETA in business days).

A day can have 100,000 messages, so the order values (latest time of each event over
the lines, first tracking number, the lines themselves) are computed once with pandas
for every order of the run (``MessageContexts``); the dicts a template reads are then
made a batch at a time, so only one batch of contexts is alive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, NamedTuple

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
                "cancelled_at", "tracking_id", "carrier", *TIME_FIELDS)
_DATE_NAMES = tuple(f.removesuffix("_at") for f in TIME_FIELDS)
# The context values made from the day an order was paid and the day it left, and the
# order's fields made from the days of its events (``MessageContexts.rest_key``).
_ETA_VALUES = frozenset(("eta", "ship_by", "ship_by_text", "ship_by_text_es"))
_DATE_FIELDS = frozenset(("order.dates", "order.dates_text", "order.dates_text_es"))
_EVERY_LINE = frozenset(("order.items", "processing_days"))
# The fields of a template's ``order`` made only when read (``OrderFields``).
_LATER_FIELDS = frozenset((*TIME_FIELDS, "dates", "dates_text", "dates_text_es"))


class Fields(SimpleNamespace):
    """Template data read as attributes: ``order.items`` is the list of lines, not the
    dict method a plain dict would give Jinja."""

    def __getitem__(self, key: str) -> Any:
        return vars(self)[key]


class OrderFields(Fields):
    """A template's ``order``. The latest time of each event (``created_at`` …) and its
    day (``dates``, ``dates_text``) are made when a template first reads them: the
    shipped templates read one day at most, and making every one of them for a big
    day's orders took a third of the time spent preparing their contexts."""

    def __getattr__(self, name: str) -> Any:
        # Called only for a name not yet made (or no field at all).
        later = self.__dict__.get("_later")
        if later is None or name not in _LATER_FIELDS:
            raise AttributeError(name)
        lines, code = later
        value = lines.later_field(name, code)
        setattr(self, name, value)
        return value

    def __getitem__(self, key: str) -> Any:
        if key in _LATER_FIELDS:
            return getattr(self, key)
        if key.startswith("_"):  # where the order's lines are: not template data
            raise KeyError(key)
        return vars(self)[key]

    # Only dunder names here: a template's ``order.buyer`` is then read straight from the
    # namespace (``sandbox._plain_namespace``).

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OrderFields):
            return every_field(self) == every_field(other)
        return isinstance(other, SimpleNamespace) and every_field(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "OrderFields(" + ", ".join(f"{k}={v!r}" for k, v in every_field(self).items()) \
            + ")"


def every_field(order: OrderFields) -> dict[str, Any]:
    """An order's fields, those made when read included (made now if not yet)."""
    for name in _LATER_FIELDS:
        getattr(order, name)
    return {k: v for k, v in vars(order).items() if not k.startswith("_")}


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


@lru_cache(maxsize=4096)
def day_text(day: date) -> str:
    """A date as buyers read it in a chat: "Thu, Nov 12"."""
    return f"{day:%a, %b} {day.day}"


_DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")


@lru_cache(maxsize=4096)
def day_text_es(day: date) -> str:
    """A date as a Spanish-speaking buyer reads it: "jueves 12 de noviembre" (the
    ``.es`` templates write "el" before it)."""
    return f"{_DIAS[day.weekday()]} {day.day} de {_MESES[day.month - 1]}"


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
    builder = MessageContexts(orders, {m.order_id for m in messages}, catalog=catalog,
                              settings=settings, as_of=as_of)
    return builder.build(messages)


class MessageContexts:
    """Template contexts for the messages of one run (``build``, a batch at a time).

    ``order_ids`` are the orders the messages belong to; their lines are cut out of
    ``orders`` once. Every time is as of the end of ``as_of``: an event after it has not
    happened yet.
    """

    def __init__(self, orders: pd.DataFrame, order_ids: set[str] | Sequence[str], *,
                 catalog: Catalog, settings: Settings, as_of: date) -> None:
        self.catalog = catalog
        self.today = as_of
        self.calendar = BusinessDays(settings.shop.holiday_country, as_of)
        self.shop = _shop(settings)
        self._products: dict[str, dict[str, Any]] = {}
        self._etas: dict[tuple[date, int, date | None],
                         tuple[dict[str, Any], str, str]] = {}
        end = pd.Timestamp(as_of + timedelta(days=1), tz=settings.shop.tz)
        self._orders = _OrderLines(orders, order_ids, end)

    def product(self, sku: str) -> dict[str, Any]:
        """The catalog entry of a SKU as template data (one dict per SKU, shared)."""
        entry = self._products.get(sku)
        if entry is None:
            entry = self._products[sku] = product_dict(self.catalog.get_or_default(sku))
        return entry

    def build(self, messages: Sequence[DueMessage]) -> list[dict[str, Any]]:
        """One template context per message, in the same order."""
        orders: dict[str, _Order] = {}
        out = []
        for m in messages:
            order = orders.get(m.order_id)
            if order is None:
                order = orders[m.order_id] = self._order(m.order_id)
            out.append(self._context(m, order))
        return out

    def shared_key(self, message: DueMessage
                   ) -> tuple[tuple[Any, ...], tuple[str, str], int | None]:
        """What the message's template is chosen by and its context made from, but for
        what only some templates read (``rest_key``) and for its buyer's name, order id
        and tracking number (only whether each is empty); its tracking number and
        carrier; and its order's code. Two messages whose keys and rest keys are the same
        have the same context but for those three (``cx_cli.render.skeletons``)."""
        lines = self._orders
        code = lines.code(message.order_id)
        shipment = lines.shipment(code)
        return (message.template, message.stage, message.sku, message.skus, message.quantity,
                bool(message.buyer), bool(message.order_id), bool(shipment[0]),
                lines.main_key(code, message.skus,
                               not message.quantity and message.sku is not None)
                ), shipment, code

    def items_key(self, message: DueMessage, code: int | None) -> int:
        """A number for the lines a message is about (messages with the same number
        have the same ``items``)."""
        return self._orders.lines_key(code, message.skus)

    def shipment(self, order_id: str) -> tuple[str, str]:
        """The order's tracking number and carrier, as its messages name them ("" when
        none)."""
        lines = self._orders
        return lines.shipment(lines.code(order_id))

    def items(self, message: DueMessage) -> list[dict[str, Any]]:
        """The message's ``items`` alone, without the rest of its context."""
        lines = self._orders
        return _live(lines.items(lines.code(message.order_id), self._products, self.product),
                     message.skus)

    def rest_key(self, reads: frozenset[str]) -> Callable[[DueMessage, int | None], tuple]:
        """For a template that reads ``reads`` (``skeletons.template_reads``): what else
        its messages' contexts are made from, as a function of the message and its
        order's code. ``shared_key`` has the line the message names first (``item``);
        this adds, when read, the lines it is about (``items``), every line of the
        order, its carrier, the message's due and last day, and the days of the order's
        events that what the template reads is made from."""
        lines = self._orders
        due = bool(reads & {"due_date", "last_date"})
        eta = bool(reads & _ETA_VALUES)
        delivered = "days_since_delivery" in reads
        dates = bool(reads & _DATE_FIELDS)
        # Every line: the order's items, and the processing days (the most of its
        # products') that its ship-by day is counted with.
        every_line = eta or bool(reads & _EVERY_LINE)
        about = bool(reads & {"items", "item_names"})
        carrier = "order.carrier" in reads

        def key(message: DueMessage, code: int | None) -> tuple:
            days = _NONE5 if code is None else lines.days(code)
            return (message.due_date if due else None, message.last_date if due else None,
                    (days[1], lines.start(code)) if eta else None,
                    days[4] if delivered else None, days if dates else None,
                    lines.lines_key(code) if every_line else None,
                    self.items_key(message, code) if about else None,
                    lines.shipment(code)[1] if carrier else None)

        return key

    def _order(self, order_id: str) -> _Order:
        lines = self._orders
        code = lines.code(order_id)
        items = lines.items(code, self._products, self.product)
        paid, start, delivered = lines.milestones(code)
        tracking_id, carrier = lines.shipment(code)
        processing = max([i["product"]["processing_days"] for i in items], default=2)
        return _Order(code, items, paid, start, delivered, tracking_id, carrier, processing)

    def _context(self, message: DueMessage, order: _Order) -> dict[str, Any]:
        items = order.items
        live = _live(items, message.skus)
        main = live[0] if live else {"sku": "", "name": "", "product_name": "", "listing": "",
                                     "variation": "", "quantity": 1,
                                     "product": self.product(""), "cancelled": False}
        if message.quantity:
            # A message about one SKU on several lines (variations sharing a seller
            # SKU) is about the units its due date counts: a refunded line's are not.
            if message.quantity != main["quantity"]:
                main = {**main, "quantity": message.quantity}
        elif message.sku is not None and len(live) > 1:
            main = {**main, "quantity": sum(i["quantity"] for i in live)}
        eta, ship_by_text, ship_by_text_es = self._eta(order.paid, order.processing,
                                                       order.start)
        today = self.today
        delivered = order.delivered
        return {
            "message_id": message.message_id,
            "stage": message.stage,
            "due_date": message.due_date,
            "last_date": message.last_date,
            "order": OrderFields(
                order_id=message.order_id,
                buyer=message.buyer or "",
                items=items,
                tracking_id=order.tracking_id,
                carrier=order.carrier,
                _later=(self._orders, order.code),
            ),
            "items": live,
            "item_names": _names_text(live),
            "item": main,
            "product": main["product"],
            "shop": self.shop,
            "processing_days": order.processing,
            "ship_by": eta["ship_by"],
            "ship_by_text": ship_by_text,
            "ship_by_text_es": ship_by_text_es,
            "eta": eta,
            "today": today,
            "days_since_delivery": (today - delivered).days if delivered else None,
        }

    def _eta(self, paid: date | None, processing: int, start: date | None
             ) -> tuple[dict[str, Any], str, str]:
        """Ship-by (paid + processing business days) and the delivery range after it,
        and the ship-by day as text (English, Spanish); the same for every order with
        the same days, so made once (the range a copy each)."""
        key = (paid or self.today, processing, start)
        made = self._etas.get(key)
        if made is None:
            eta = _eta(paid, processing, start, self.calendar, self.today)
            ship_by = eta["ship_by"]
            made = self._etas[key] = (eta, day_text(ship_by), day_text_es(ship_by))
        return dict(made[0]), made[1], made[2]


def _live(items: list[dict[str, Any]], skus: tuple[str, ...]) -> list[dict[str, Any]]:
    """The lines a message is about (those of ``skus``, else all), the live ones (all,
    when every one is cancelled): a template's ``items``."""
    about = [i for i in items if i["sku"] in skus] or items
    return [i for i in about if not i["cancelled"]] or about


def _names_text(items: list[dict[str, Any]]) -> str:
    """The items' names as a buyer reads them: "A", "A and B", "A, B and C" (each once:
    two variations of one product are one name)."""
    if len(items) == 1:  # most messages: 0.08 s less a big day
        return items[0]["name"]
    names = list(dict.fromkeys(i["name"] for i in items))
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class _Order(NamedTuple):
    """What every message of one order reads (computed once per order and batch)."""

    code: int | None
    items: list[dict[str, Any]]
    paid: date | None
    start: date | None
    delivered: date | None
    tracking_id: str
    carrier: str
    processing: int


class _OrderLines:
    """The lines of the wanted orders as columns of Python values, each order's lines
    side by side (in frame order), with the latest time of each event per order
    computed with pandas. A line's values are made ready here, a column at a time: an
    item is then one dict per line, not seven lookups and conversions."""

    def __init__(self, orders: pd.DataFrame, wanted: set[str] | Sequence[str],
                 end: pd.Timestamp) -> None:
        lines = lines_of(orders, wanted)
        codes, uniques = pd.factorize(lines["order_id"].astype("string").to_numpy(dtype=object))
        self._code = {str(u): c for c, u in enumerate(uniques)}
        # Lines of order c: positions _starts[c] to _starts[c + 1] of the columns below.
        by_order = np.argsort(codes, kind="stable")
        self._starts = np.concatenate(
            ([0], np.cumsum(np.bincount(codes, minlength=len(uniques))))).tolist()
        n = len(lines)

        def column(name: str) -> pd.Series:
            if name not in lines.columns:
                return pd.Series([None] * n, dtype=object)
            return lines[name].iloc[by_order]

        self.sku = [str(v) if v else "" for v in _values(column("sku"))]
        self.product_name = _values(column("product_name"))
        self.variation = [v or "" for v in _values(column("variation"))]
        # No quantity (or 0) is one item, as the export shows the line.
        self.quantity = [int(v or 1) for v in _values(column("quantity"))]
        # A Cancel line is cancelled from its Cancelled Time (as the timeline counts it):
        # a day before that, the line was live and that day's messages named it.
        cancel = np.array([v == "cancel" for v in _values(column("return_type"))], dtype=bool)
        if cancel.any() and "cancelled_at" in lines.columns:
            cancel &= ~(column("cancelled_at") >= end).to_numpy(dtype=bool, na_value=False)
        self.cancelled = cancel.tolist()
        self.tracking_id = _values(column("tracking_id"))
        self.carrier = _values(column("carrier"))
        # Per order (by code): the latest time of each event (``later_field`` makes
        # them as Python datetimes when a template reads one) and its day.
        self._latest = {field: _latest(lines, field, codes, len(uniques), end)
                        for field in TIME_FIELDS}
        self._made: dict[str, list[Any]] = {}
        days = [_days(self._latest[field], len(uniques)) for field in TIME_FIELDS]
        self._days = list(zip(*days, strict=True))
        _, self._paid, rts, shipped, self._delivered = days
        self._start = [s or r for s, r in zip(shipped, rts, strict=True)]
        # Numbers for lines and sets of lines alike (``lines_key``).
        self._lines_key: list[int | None] = [None] * len(uniques)
        self._main_key: list[int | None] = [None] * len(uniques)
        self._line_key: list[int | None] = [None] * n
        self._numbers: dict[tuple[Any, ...], int] = {}

    def code(self, order_id: str) -> int | None:
        return self._code.get(order_id)

    def items(self, code: int | None, products: dict[str, dict[str, Any]],
              product: Callable[[str], dict[str, Any]]) -> list[dict[str, Any]]:
        """The order's lines as template items (none for an order not in the export);
        ``products`` holds the catalog entries made so far, ``product`` makes one."""
        if code is None:
            return []
        items = []
        for i in range(self._starts[code], self._starts[code + 1]):  # one or two, mostly
            sku = self.sku[i]
            entry = products.get(sku) or product(sku)
            listed = self.product_name[i] or entry["name"]
            # A message names the product as the catalog does ("Portable Blender"), not
            # by the listing's title ("Portable Blender 380ml, USB-C Rechargeable"),
            # which is kept for the order list; a SKU not in the catalog by its title.
            named = entry["name"] if entry["name"] != sku else listed
            variation = self.variation[i]
            # The order list's line: the title, and the variation when the title does
            # not already name it (worked out here: in the sandbox, .lower() on both
            # doubled the time of rendering an order confirmation).
            listing = f"{listed} ({variation})" if variation and listed and \
                variation.lower() not in listed.lower() else (listed or "")
            items.append({"sku": sku, "name": named, "product_name": listed,
                          "listing": listing, "variation": variation,
                          "quantity": self.quantity[i], "product": entry,
                          "cancelled": self.cancelled[i]})
        return items

    def lines_key(self, code: int | None, skus: tuple[str, ...] = ()) -> int:
        """A number for the order's lines as a context reads them (SKU, title,
        variation, quantity, cancelled), or for those of ``skus`` only when some are
        (the lines a message about them names). Lines alike get the same number (-1:
        an order not in the export)."""
        if code is None:
            return -1
        whole = self._lines_key[code]
        if whole is None:
            whole = self._lines_key[code] = self._number(
                tuple(map(self._line, range(self._starts[code], self._starts[code + 1]))))
        if not skus:
            return whole
        sku = self.sku
        picked = tuple(self._line(i) for i in range(self._starts[code], self._starts[code + 1])
                       if sku[i] in skus)
        return self._number(picked) if picked else whole

    def main_key(self, code: int | None, skus: tuple[str, ...], summed: bool) -> int:
        """A number for the line a message names first (``item``: the first live one of
        those it is about), with its quantity summed over the live lines it is about
        when ``summed`` and there are several. -1: none."""
        if code is None or self._starts[code] == self._starts[code + 1]:
            return -1
        if not skus and not summed:  # a message about the whole order (most): once each
            made = self._main_key[code]
            if made is None:
                made = self._main_key[code] = self._main_key_of(code, skus, summed)
            return made
        return self._main_key_of(code, skus, summed)

    def _main_key_of(self, code: int, skus: tuple[str, ...], summed: bool) -> int:
        span = range(self._starts[code], self._starts[code + 1])
        sku, cancelled = self.sku, self.cancelled
        about = [i for i in span if sku[i] in skus] if skus else None
        about = about or span
        live = [i for i in about if not cancelled[i]] or about
        total = sum(self.quantity[i] for i in live) if summed and len(live) > 1 else None
        return self._number((self._line(live[0]), total))

    def _line(self, i: int) -> int:
        made = self._line_key[i]
        if made is None:
            made = self._line_key[i] = self._number(
                (self.sku[i], self.product_name[i], self.variation[i], self.quantity[i],
                 self.cancelled[i]))
        return made

    def _number(self, value: tuple[Any, ...]) -> int:
        return self._numbers.setdefault(value, len(self._numbers))

    def days(self, code: int) -> tuple[date | None, ...]:
        """The days of the order's events (``TIME_FIELDS``), None where none yet."""
        return self._days[code]

    def start(self, code: int | None) -> date | None:
        """The day the order left (shipped, else ready to ship)."""
        return None if code is None else self._start[code]

    def shipment(self, code: int | None) -> tuple[str, str]:
        """Tracking number and carrier of the order's first line ("" when none)."""
        if code is None or self._starts[code] == self._starts[code + 1]:
            return "", ""
        first = self._starts[code]
        return self.tracking_id[first] or "", self.carrier[first] or ""

    def milestones(self, code: int | None) -> tuple[date | None, date | None, date | None]:
        """The days the order was paid, left (shipped, else ready to ship) and was
        delivered; None where not yet."""
        if code is None:
            return None, None, None
        return self._paid[code], self._start[code], self._delivered[code]

    def later_field(self, name: str, code: int | None) -> Any:
        """A field of ``OrderFields`` made when first read: a time (``TIME_FIELDS``,
        None where none yet; the whole column is made at its first read), ``dates``
        (its days), ``dates_text`` (the days as buyers read them, "" where none) or
        ``dates_text_es`` (the same in Spanish)."""
        if name == "dates":
            return Fields(**dict(zip(_DATE_NAMES, _NONE5 if code is None else self._days[code],
                                     strict=True)))
        if name in ("dates_text", "dates_text_es"):
            days = _NONE5 if code is None else self._days[code]
            text = day_text if name == "dates_text" else day_text_es
            return Fields(**{k: text(d) if d else "" for k, d in
                             zip(_DATE_NAMES, days, strict=True)})
        if code is None:
            return None
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = _datetimes(self._latest[name], len(self._paid))
        return made[code]


_NONE5 = (None,) * 5


def lines_of(orders: pd.DataFrame, order_ids: set[str] | Sequence[str]) -> pd.DataFrame:
    """The lines of ``order_ids`` with only the columns a context reads (what a worker
    process is sent to render some of the messages)."""
    keep = ids_in(orders["order_id"].astype("string"), order_ids)
    return orders.loc[keep, [c for c in LINE_COLUMNS if c in orders.columns]]


def ids_in(ids: pd.Series, wanted: set[str] | Sequence[str]) -> np.ndarray:
    """``ids.isin(wanted)`` as a numpy mask (False for a missing id), with Arrow's own
    hash lookup when the ids are Arrow strings (pandas turns ``wanted`` into a list of
    Python strings first, most of the time for 100,000 orders)."""
    arrow_text = (isinstance(ids.dtype, pd.StringDtype) and ids.dtype.storage == "pyarrow"
                  ) or (isinstance(ids.dtype, pd.ArrowDtype)
                        and str(ids.dtype.pyarrow_dtype) in ("string", "large_string"))
    if arrow_text:
        import pyarrow as pa
        import pyarrow.compute as pc

        values = pa.array(ids)
        found = pc.is_in(values, value_set=pa.array(list(wanted), type=values.type))
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
    return ids.isin(list(wanted)).to_numpy(dtype=bool, na_value=False)


def _values(col: pd.Series) -> list[Any]:
    """A column as Python values, None where empty."""
    return col.astype(object).where(col.notna(), None).tolist()


def _latest(lines: pd.DataFrame, field: str, codes: np.ndarray, n: int,
            end: pd.Timestamp) -> pd.Series | None:
    """The latest time of ``field`` per order code (like the timeline: a line may be
    newer), NaT when no line has it by ``end``; None when the column is missing."""
    if field not in lines.columns:
        return None
    col = lines[field]
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.where(col < end)  # an event after D has not happened yet
    return col.groupby(codes).max().reindex(range(n))


def _days(latest: pd.Series | None, n: int) -> list[date | None]:
    """The local day of each time (the shop's time zone), None where none."""
    if latest is None:
        return [None] * n
    if isinstance(latest.dtype, pd.DatetimeTZDtype):
        latest = latest.dt.tz_localize(None)  # the wall time where the shop is
    return latest.to_numpy().astype("datetime64[D]").astype(object).tolist()


def _datetimes(latest: pd.Series | None, n: int) -> list[datetime | None]:
    """The times as Python datetimes (with the shop's time zone), None where none."""
    if latest is None:
        return [None] * n
    missing = latest.isna().to_numpy().tolist()
    return [None if gone else v for v, gone in
            zip(latest.dt.to_pydatetime().tolist(), missing, strict=True)]


def _shop(settings: Settings) -> dict[str, Any]:
    data = settings.shop.model_dump()
    data.update(timezone=settings.shop.tz, currency=settings.shop.currency_code,
                holidays=settings.shop.holiday_country, channel=settings.messages.channel)
    return data


def _eta(paid: date | None, processing: int, start: date | None, calendar: BusinessDays,
         today: date) -> dict[str, Any]:
    """Ship-by (paid + processing business days) and the delivery range after it."""
    ship_by = calendar.add(paid or today, processing)
    start = start or max(ship_by, today)
    low, high = TRANSIT_BUSINESS_DAYS
    return {
        "ship_by": ship_by,
        "from": calendar.add(start, low),
        "to": calendar.add(start, high),
        "from_text": day_text(calendar.add(start, low)),
        "to_text": day_text(calendar.add(start, high)),
        "from_text_es": day_text_es(calendar.add(start, low)),
        "to_text_es": day_text_es(calendar.add(start, high)),
        "business_days": f"{low} to {high}",
        "min_days": low,
        "max_days": high,
    }


def preview_message(order_id: str, stage_name: str, orders: pd.DataFrame, *,
                    settings: Settings, due_date: date, last_date: date,
                    sku: str | None = None, quantity: int = 0) -> DueMessage:
    """A message for one stage and order outside the due set (``messages preview``);
    ``quantity``: the units the timeline counts for it (``DueMessage.quantity``)."""
    from cx_cli.engines.stages import resolve_stages
    from cx_cli.errors import CxError
    from cx_cli.io.ledger import message_id

    stages = resolve_stages(settings)
    stage = next((s for s in stages if s.name == stage_name), None)
    if stage is None:
        from cx_cli.engines.stages import unknown_stage

        raise unknown_stage(stage_name, stages)
    ids = orders["order_id"].astype("string")
    rows = orders.loc[(ids == order_id).to_numpy(dtype=bool, na_value=False)]
    if rows.empty:
        raise CxError(f"order {order_id} is not in the orders export")
    skus = list(dict.fromkeys(str(v) for v in rows["sku"].dropna() if str(v)))
    if sku is not None and sku not in skus:
        raise CxError(f"order {order_id} has no SKU {sku!r}",
                      f"its SKUs: {', '.join(skus) or 'none'}")
    buyer = rows["buyer"].iloc[0]
    sku = (sku or str(rows["sku"].iloc[0])) if stage.per_line else None
    return DueMessage(
        message_id=message_id(order_id, stage.name, sku), stage=stage.name,
        order_id=order_id, sku=sku,
        buyer=None if buyer is None or buyer is pd.NA else str(buyer),
        due_date=due_date, last_date=last_date, template=stage.template,
        priority=stage.priority, skus=(sku,) if sku else (), quantity=quantity)
