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
from functools import cached_property, lru_cache
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
                "cancelled_at", "tracking_id", "carrier", "buyer_name", *TIME_FIELDS)
_DATE_NAMES = tuple(f.removesuffix("_at") for f in TIME_FIELDS)
# The context values made from the day an order was paid and the day it left, and the
# order's fields made from the days of its events (``MessageContexts.rest_columns``).
_ETA_VALUES = frozenset(("eta", "ship_by", "ship_by_text", "ship_by_text_es"))
_DATE_FIELDS = frozenset(("order.dates", "order.dates_text", "order.dates_text_es"))
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


def greeting(name: str | None, username: str | None) -> str:
    """What a message calls its buyer (``order.buyer``): the display name the export
    gives, else the username ("" when neither)."""
    return name or username or ""


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

    def keys(self, messages: Sequence[DueMessage]) -> MessageKeys:
        """What ``messages`` share a render by (``MessageKeys``), worked out a column at
        a time: a big day's 100,000 messages, a few Python calls each, took a second."""
        processing, eta, choice = self._numbers
        return self._orders.keys(messages, {"processing": processing, "eta": eta}, choice)

    @cached_property
    def _numbers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per order code (and one more slot for an order not in the export): its
        processing days (``processing_days``, the most of its products'), and a number
        for its ship-by day and delivery range (``eta``, ``ship_by``: those of orders
        paid on different days can be the same); per line, a number for what its
        product's template is chosen by (category and language)."""
        lines = self._orders
        starts = np.asarray(lines.starts, dtype=np.int64)
        n = len(starts) - 1
        processing = np.full(n + 1, 2, dtype=np.int64)  # no lines: 2, as ``_order``
        codes, skus = pd.factorize(np.asarray(lines.sku, dtype=object))
        products = [self.product(sku) for sku in skus]
        choices: dict[tuple[Any, Any], int] = {}
        choice = np.array([choices.setdefault((p.get("category"), p.get("locale")),
                                              len(choices)) for p in products] or [0],
                          dtype=np.int64)[codes]
        if n:
            days = np.array([p["processing_days"] for p in products], dtype=np.int64)
            processing[:n] = np.maximum.reduceat(days[codes], starts[:-1])
        by = lines.by_order
        paid, start = by.days["paid"], by.start
        which = numbered(paid, processing, start)
        numbers: dict[tuple[date, date, date], int] = {}
        eta = []
        for at in first_places(which).tolist():  # an order of each combination
            made = self._eta(_day(int(paid[at])), int(processing[at]), _day(int(start[at])))[0]
            eta.append(numbers.setdefault((made["ship_by"], made["from"], made["to"]),
                                          len(numbers)))
        return processing, np.asarray(eta, dtype=np.int64)[which], choice

    @staticmethod
    def rest_columns(reads: frozenset[str]) -> tuple[str, ...]:
        """For a template that reads ``reads`` (``skeletons.template_reads``): which of
        ``MessageKeys.rest`` its messages' contexts are made from besides what its
        template is chosen by: when read, the message's due and last day, the line it
        names first, the order's ship-by day and delivery range, its processing days,
        the days of its events (those read by name, else all), every line of the order,
        the lines the message is about, and the carrier."""
        due = bool(reads & {"due_date", "last_date"})
        every_day = bool(reads & _DATE_FIELDS)
        wanted = {
            "due_date": due, "last_date": due,
            "main": bool(reads & {"item", "product"}),
            "eta": bool(reads & _ETA_VALUES),
            "processing": "processing_days" in reads,
            **{day: not every_day and any(f"{field}.{day}" in reads for field in _DATE_FIELDS)
               for day in _DATE_NAMES},
            "delivered": "days_since_delivery" in reads or (
                not every_day and any(f"{field}.delivered" in reads for field in _DATE_FIELDS)),
            "dates": every_day,
            "lines": "order.items" in reads,
            "items": bool(reads & {"items", "item_names"}),
            "carrier": "order.carrier" in reads,
        }
        return tuple(name for name, read in wanted.items() if read)

    def items(self, message: DueMessage) -> list[dict[str, Any]]:
        """The message's ``items`` alone, without the rest of its context."""
        lines = self._orders
        return _live(lines.items(lines.code(message.order_id), self._products, self.product),
                     message.skus)

    def _order(self, order_id: str) -> _Order:
        lines = self._orders
        code = lines.code(order_id)
        items = lines.items(code, self._products, self.product)
        paid, start, delivered = lines.milestones(code)
        tracking_id, carrier = lines.shipment(code)
        processing = max([i["product"]["processing_days"] for i in items], default=2)
        return _Order(code, items, paid, start, delivered, tracking_id, carrier, processing,
                      lines.name(code))

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
                buyer=greeting(order.name, message.buyer),
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
    name: str  # what the buyer is called ("" when the export has no name: the username)


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
        # The buyer's display name, the first an order's lines give ("" when none: a
        # name of spaces is none).
        self._names = [""] * len(uniques)
        if "buyer_name" in lines.columns:
            named = _display_names(lines, codes)
            for code, name in zip(named.index.tolist(), _values(named), strict=True):
                self._names[code] = name or ""
        # Per order (by code): the latest time of each event (``later_field`` makes
        # them as Python datetimes when a template reads one) and its day.
        self._latest = {field: _latest(lines, field, codes, len(uniques), end)
                        for field in TIME_FIELDS}
        self._made: dict[str, list[Any]] = {}
        days = [_days(self._latest[field], len(uniques)) for field in TIME_FIELDS]
        self._days = list(zip(*days, strict=True))
        _, self._paid, rts, shipped, self._delivered = days
        self._start = [s or r for s, r in zip(shipped, rts, strict=True)]
        # Numbers for sets of lines, and for a line with its summed units (``keys``).
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

    def keys(self, messages: Sequence[DueMessage], orders: dict[str, np.ndarray],
             choice: np.ndarray) -> MessageKeys:
        """``MessageContexts.keys``: each message's from its order's (``by_order``,
        and ``orders``: more rest columns by order code, with the slot for none;
        ``choice``: what a line's template is chosen by, by line). A message about some
        SKUs only, or about units summed over several lines, looks at its order's lines
        when it has several."""
        if not messages:
            return MessageKeys(((),) * 9, {}, [], [], [], [])
        (_, stages, order_ids, firsts, buyers, dues, lasts, templates, _, skus, units
         ) = zip(*messages, strict=True)
        by = self.by_order
        none = len(by.main) - 1  # the slot of an order not in the export
        get = self._code.get
        code_list = [get(o, none) for o in order_ids]
        codes = np.array(code_list, dtype=np.int64)
        tracking = [by.tracking[c] for c in code_list]
        names = [greeting(by.name[c], b) for c, b in zip(code_list, buyers, strict=True)]
        main, main_line = by.main[codes], by.main_line[codes]
        items = by.lines[codes]
        # An order of one line names that line, whatever the message is about: only a
        # message about some SKUs, or about units summed, of a longer order looks at it.
        narrowed = np.fromiter(map(bool, skus), bool, len(skus)) | (
            (np.asarray(units) == 0) & np.array([s is not None for s in firsts]))
        for i in np.flatnonzero(narrowed & (by.count[codes] > 1)).tolist():
            about, code = skus[i], code_list[i]
            summed = not units[i] and firsts[i] is not None
            main[i], main_line[i] = self._main_number(code, about, summed)
            if about:
                items[i] = self._lines_number(code, about)
        chosen_by = np.where(main_line >= 0, choice[main_line] if len(choice) else -1, -1)
        base = (templates, stages, firsts, skus, units, [bool(b) for b in names],
                [bool(o) for o in order_ids], [bool(t) for t in tracking],
                chosen_by.tolist())
        rest = {"due_date": np.fromiter(map(date.toordinal, dues), np.int64, len(dues)),
                "last_date": np.fromiter(map(date.toordinal, lasts), np.int64, len(lasts)),
                "main": main, **{name: days[codes] for name, days in by.days.items()},
                "dates": by.dates[codes],
                "lines": by.lines[codes], "items": items, "carrier": by.carrier_code[codes],
                **{name: numbers[codes] for name, numbers in orders.items()}}
        return MessageKeys(base, rest, items.tolist(), names, tracking,
                           [by.carrier[c] for c in code_list])

    @cached_property
    def by_order(self) -> _ByOrder:
        """Each order's numbers for ``keys``, made once, with one more slot for an order
        not in the export. A line's number is the same for lines alike (SKU, title, variation,
        units, cancelled); an order's lines are numbered by those of its lines, its main
        line by its first live line's."""
        starts = np.asarray(self._starts, dtype=np.int64)
        n = len(starts) - 1
        line = numbered(self.sku, self.product_name, self.variation, self.quantity,
                         self.cancelled)
        self._line_numbers = line.tolist()
        # Numbers made from tuples (``_number``) go past the lines' own.
        known = self._offset = int(line.max()) + 1 if len(line) else 0
        whole = np.full(n + 1, -1, dtype=np.int64)
        main = np.full(n + 1, -1, dtype=np.int64)
        main_line = np.full(n + 1, -1, dtype=np.int64)
        if n:
            counts = np.diff(starts)
            first = starts[:-1]
            whole[:n] = line[first]
            for code in np.flatnonzero(counts > 1).tolist():
                whole[code] = known + self._number(
                    tuple(self._line_numbers[starts[code]:starts[code + 1]]))
            # The first live line of each order (its first line when none is live).
            position = np.where(np.asarray(self.cancelled, dtype=bool), len(line),
                                np.arange(len(line)))
            live = np.minimum.reduceat(position, first)
            main_line[:n] = np.where(live < len(line), live, first)
            main[:n] = line[main_line[:n]]
        name = [*self._names, ""]
        tracking = [self.tracking_id[s] or "" for s in self._starts[:-1]] + [""]
        carrier = [self.carrier[s] or "" for s in self._starts[:-1]] + [""]
        day = {field: _day_numbers(self._latest[field], n) for field in TIME_FIELDS}
        shipped, rts = day["shipped_at"], day["rts_at"]
        start = np.where(shipped != _NO_DAY, shipped, rts)
        dates = np.full(n + 1, -1, dtype=np.int64)
        if n:
            dates[:n] = numbered(*(day[f][:n] for f in TIME_FIELDS))
        count = np.zeros(n + 1, dtype=np.int64)
        count[:n] = np.diff(starts)
        return _ByOrder(count, main, main_line, whole, name, tracking, carrier,
                        pd.factorize(np.asarray(carrier, dtype=object))[0],
                        {name: day[field] for name, field in zip(_DATE_NAMES, TIME_FIELDS,
                                                                 strict=True)},
                        start, dates)

    @property
    def starts(self) -> list[int]:
        """Where each order's lines start in the line columns (and where the last ends)."""
        return self._starts

    def _lines_number(self, code: int, skus: tuple[str, ...]) -> int:
        """The number of the order's lines of ``skus`` (of all its lines when none is)."""
        line, sku = self._line_numbers, self.sku
        picked = tuple(line[i] for i in range(self._starts[code], self._starts[code + 1])
                       if sku[i] in skus)
        return self._offset + self._number(picked) if picked else int(self.by_order.lines[code])

    def _main_number(self, code: int, skus: tuple[str, ...], summed: bool
                     ) -> tuple[int, int]:
        """The number of the line a message names first (``item``: the first live one
        of those it is about), with its units summed over the live lines it is about
        when ``summed`` and there are several; and where the line is. -1: none."""
        span = range(self._starts[code], self._starts[code + 1])
        if not span:
            return -1, -1
        sku, cancelled = self.sku, self.cancelled
        about = [i for i in span if sku[i] in skus] if skus else None
        about = about or span
        live = [i for i in about if not cancelled[i]] or about
        total = sum(self.quantity[i] for i in live) if summed and len(live) > 1 else None
        return self._offset + self._number((self._line_numbers[live[0]], total)), live[0]

    def _number(self, value: tuple[Any, ...]) -> int:
        return self._numbers.setdefault(value, len(self._numbers))

    def name(self, code: int | None) -> str:
        """What the order's buyer is called in the export ("" when it does not say: the
        username is then the name)."""
        return "" if code is None else self._names[code]

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


# An order's event that has not happened (NaT as a number of days).
_NO_DAY = np.iinfo(np.int64).min


class MessageKeys(NamedTuple):
    """What the messages of a batch share a render by (``MessageContexts.keys``), a
    list or an array with one value per message.

    ``base``: what the template is chosen by and the context is made from, but for
    what only some templates read (``rest``) and for the buyer's name, order id and
    tracking number (only whether each is empty), as columns: the template, stage, SKU,
    SKUs and units, whether each of the three is there, and a number for what the
    template is chosen by (the category and language of the product the message names
    first). ``rest``: numbers for the rest (``MessageContexts.rest_columns`` names
    them). Two messages whose bases and read rests are equal have the same context but
    for those three (``cx_cli.render.skeletons``); numbers can differ where values are
    the same (then the two render apart), never the other way.
    """

    base: tuple[Sequence[Any], ...]
    rest: dict[str, np.ndarray]
    items: list[int]  # a number for the lines the message is about (its ``items``)
    buyer: list[str]  # what the message calls its buyer (``order.buyer``)
    tracking: list[str]  # its order's tracking number and carrier ("" when none)
    carrier: list[str]


class _ByOrder(NamedTuple):
    """Numbers and values per order code (``_OrderLines.by_order``)."""

    count: np.ndarray  # its lines
    main: np.ndarray  # the number of the line messages about the order name first
    main_line: np.ndarray  # and where it is (-1: none)
    lines: np.ndarray
    name: list[str]  # what the buyer is called ("": the username)
    tracking: list[str]
    carrier: list[str]
    carrier_code: np.ndarray
    days: dict[str, np.ndarray]  # the day of each event by name ("paid", "shipped" …)
    start: np.ndarray  # the day the order left (shipped, else ready to ship)
    dates: np.ndarray  # a number for all its days


def numbered(*columns: Sequence[Any]) -> np.ndarray:
    """A number per row of ``columns`` (from 0, in the order first seen), the same for
    rows with the same values."""
    number = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        if len(column) and isinstance(column[0], tuple):
            # numpy would make a table of tuples of one length: numbered one by one.
            seen: dict[Any, int] = {}
            codes = np.fromiter((seen.setdefault(v, len(seen)) for v in column), np.int64,
                                len(column))
            count = len(seen)
        else:
            if not isinstance(column, np.ndarray):
                column = np.asarray(column, dtype=object)
            codes, uniques = pd.factorize(column, use_na_sentinel=False)
            count = len(uniques)
        number = pd.factorize(number * count + codes)[0]
    return number


def first_places(numbers: np.ndarray) -> np.ndarray:
    """Where each of ``numbers`` (0 to k - 1, as ``numbered`` gives them) is first."""
    firsts = np.zeros(int(numbers.max()) + 1, dtype=np.int64)
    firsts[numbers[::-1]] = np.arange(len(numbers) - 1, -1, -1)
    return firsts


def _day(number: int) -> date | None:
    """A day from its number (``_day_numbers``), None for ``_NO_DAY``."""
    return None if number == _NO_DAY else date(1970, 1, 1) + timedelta(days=number)


def _day_numbers(latest: pd.Series | None, n: int) -> np.ndarray:
    """The local day of each time as a number (``_NO_DAY`` where none), with one more
    slot for an order not in the export."""
    out = np.full(n + 1, _NO_DAY, dtype=np.int64)
    if latest is not None and n:
        if isinstance(latest.dtype, pd.DatetimeTZDtype):
            latest = latest.dt.tz_localize(None)  # the wall time where the shop is
        out[:n] = latest.to_numpy().astype("datetime64[D]").astype(np.int64)
    return out


def lines_of(orders: pd.DataFrame, order_ids: set[str] | Sequence[str]) -> pd.DataFrame:
    """The lines of ``order_ids`` with only the columns a context reads (what a worker
    process is sent to render some of the messages)."""
    keep = ids_in(orders["order_id"].astype("string"), order_ids)
    return orders.loc[keep, [c for c in LINE_COLUMNS if c in orders.columns]]


def shipments(orders: pd.DataFrame, order_ids: set[str]
              ) -> dict[str, tuple[str, str, str]]:
    """Each order's buyer name, tracking number and carrier as its messages name them
    (the first of its lines that gives a name; its first line's tracking number and
    carrier; "" when none), without the rest of its context."""
    lines = lines_of(orders, order_ids)
    first = lines.drop_duplicates("order_id")
    ids = first["order_id"].astype("string").tolist()

    def column(name: str, frame: pd.DataFrame = first) -> list[str]:
        if name not in frame.columns:
            return [""] * len(ids)
        return [v or "" for v in _values(frame[name])]

    named = first
    if "buyer_name" in lines.columns:
        named = _display_names(lines, lines["order_id"].astype("string")).reindex(
            ids).to_frame("buyer_name")
    return dict(zip(ids, zip(column("buyer_name", named), column("tracking_id"),
                             column("carrier"), strict=True), strict=True))


def _display_names(lines: pd.DataFrame, orders: Any) -> pd.Series:
    """Each order's buyer display name (``orders``: each line's order): the first its
    lines give, trimmed; a name of spaces is none (the username greets instead)."""
    return lines["buyer_name"].str.strip().replace("", None).groupby(
        orders, sort=False).first()


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
