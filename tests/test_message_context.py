"""The template contexts built from columns (``MessageContexts``) equal the contexts of
the plain per-message loop cx used before, on the bundled sample shop."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from cx_cli.config import load_settings
from cx_cli.engines.message_context import (
    TIME_FIELDS,
    BusinessDays,
    Fields,
    MessageContexts,
    _shop,
    day_text,
    day_text_es,
    message_contexts,
    product_dict,
    shipments,
)
from cx_cli.engines.timeline import DueMessage, compute
from cx_cli.io.catalog import load_catalog
from cx_cli.io.dataset import load_dataset, resolve_inputs
from cx_cli.resources import examples_dir


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Any:
    mp = pytest.MonkeyPatch()
    mp.setenv("CX_NO_CACHE", "1")  # never write a cache beside the bundled sample
    try:
        settings = load_settings(examples_dir() / "cx.yaml")
        ds = load_dataset(settings, resolve_inputs(settings, cwd=examples_dir()),
                          ("orders", "tickets", "reviews", "returns", "products"),
                          require=("orders",))
    finally:
        mp.undo()
    return settings, ds


# --- the reference: one message at a time, as cx did it before ---------------------------

def reference_contexts(messages, orders, *, catalog, settings, as_of):
    end = pd.Timestamp(as_of + timedelta(days=1), tz=settings.shop.tz)
    wanted = {m.order_id for m in messages}
    ids = orders["order_id"].astype("string")
    lines = orders.loc[ids.isin(list(wanted)).to_numpy(dtype=bool, na_value=False)]
    columns = {}
    for name in ("order_id", "sku", "product_name", "variation", "quantity", "return_type",
                 "tracking_id", "carrier", "buyer_name", *TIME_FIELDS):
        if name not in lines.columns:
            columns[name] = [None] * len(lines)
            continue
        col = lines[name]
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            col = col.where(col < end)
        columns[name] = [None if pd.isna(v) else v for v in col.astype(object)]
    # A Cancel line is live before its Cancelled Time (as the timeline counts it).
    columns["cancelled_later"] = ((lines["cancelled_at"] >= end).fillna(False).tolist()
                                  if "cancelled_at" in lines.columns else [False] * len(lines))
    by_order: dict[str, list[dict]] = {}
    for values in zip(*columns.values(), strict=True):
        record = dict(zip(columns, values, strict=True))
        by_order.setdefault(str(record["order_id"]), []).append(record)
    calendar = BusinessDays(settings.shop.holiday_country, as_of)
    return [reference_context(m, by_order.get(m.order_id, []), catalog, _shop(settings),
                              calendar, as_of) for m in messages]


PRODUCTS: dict[str, dict] = {}


def reference_context(message, rows, catalog, shop, calendar, today):
    def product(sku):
        if sku not in PRODUCTS:
            PRODUCTS[sku] = product_dict(catalog.get_or_default(sku))
        return PRODUCTS[sku]

    def names(sku, title):
        listed = title or product(sku)["name"]
        entry = catalog.get(sku)
        return (entry.name if entry is not None and entry.name else listed), listed

    def listing(title, variation):
        # the title, with the variation in brackets unless the title already names it
        if variation and title and variation.lower() not in title.lower():
            return f"{title} ({variation})"
        return title or ""

    items = [{"sku": str(r["sku"] or ""),
              "name": names(str(r["sku"] or ""), r["product_name"])[0],
              "product_name": names(str(r["sku"] or ""), r["product_name"])[1],
              "listing": listing(names(str(r["sku"] or ""), r["product_name"])[1],
                                 r["variation"] or ""),
              "variation": r["variation"] or "", "quantity": int(r["quantity"] or 1),
              "product": product(str(r["sku"] or "")),
              "cancelled": r["return_type"] == "cancel" and not r["cancelled_later"]}
             for r in rows]
    focus = [i for i in items if i["sku"] in message.skus] or items
    live = [i for i in focus if not i["cancelled"]] or focus
    main = live[0] if live else {"sku": "", "name": "", "product_name": "", "listing": "",
                                 "variation": "", "quantity": 1, "product": product(""),
                                 "cancelled": False}
    unique_names = list(dict.fromkeys(i["name"] for i in live))
    times: dict[str, datetime | None] = {}
    for f in TIME_FIELDS:
        values = [r[f] for r in rows if r[f] is not None]
        times[f] = max(values).to_pydatetime() if values else None
    dates = {f.removesuffix("_at"): (t.date() if t else None) for f, t in times.items()}
    processing = max((i["product"]["processing_days"] for i in items), default=2)
    ship_by = calendar.add(dates["paid"] or today, processing)
    start = dates["shipped"] or dates["rts"] or max(ship_by, today)
    eta = {"ship_by": ship_by, "from": calendar.add(start, 2), "to": calendar.add(start, 5),
           "from_text": day_text(calendar.add(start, 2)),
           "to_text": day_text(calendar.add(start, 5)),
           "from_text_es": day_text_es(calendar.add(start, 2)),
           "to_text_es": day_text_es(calendar.add(start, 5)),
           "business_days": "2 to 5", "min_days": 2, "max_days": 5}
    first = rows[0] if rows else {}
    return {
        "message_id": message.message_id, "stage": message.stage,
        "due_date": message.due_date, "last_date": message.last_date,
        # Greeted by the display name the export gives, else by the username.
        "order": Fields(order_id=message.order_id,
                        buyer=next((r["buyer_name"] for r in rows if r["buyer_name"]), None)
                        or message.buyer or "", items=items,
                        dates=Fields(**dates),
                        dates_text=Fields(**{k: day_text(v) if v else ""
                                             for k, v in dates.items()}),
                        dates_text_es=Fields(**{k: day_text_es(v) if v else ""
                                                for k, v in dates.items()}),
                        **times, tracking_id=first.get("tracking_id") or "",
                        carrier=first.get("carrier") or ""),
        "items": live,
        "item_names": (", ".join(unique_names[:-1]) + " and " + unique_names[-1])
        if len(unique_names) > 2 else " and ".join(unique_names),
        "item": main, "product": main["product"], "shop": shop,
        "processing_days": processing, "ship_by": ship_by, "ship_by_text": day_text(ship_by),
        "ship_by_text_es": day_text_es(ship_by),
        "eta": eta, "today": today,
        "days_since_delivery": (today - dates["delivered"]).days if dates["delivered"]
        else None,
    }


# --- the tests -----------------------------------------------------------------------------

def every_order_messages(orders: pd.DataFrame, day: date) -> list[DueMessage]:
    """A whole-order and a one-line message for every order, plus an unknown order."""
    out = []
    firsts = orders.drop_duplicates("order_id")
    for order_id, sku, buyer in zip(firsts["order_id"], firsts["sku"], firsts["buyer"],
                                    strict=True):
        buyer = None if pd.isna(buyer) else str(buyer)
        out.append(DueMessage(f"{order_id}:a", "in_transit", str(order_id), None, buyer,
                              day, day, "in_transit", 0))
        out.append(DueMessage(f"{order_id}:b", "replenishment", str(order_id), str(sku),
                              buyer, day, day, "replenishment", 0, (str(sku),)))
    out.append(DueMessage("x", "in_transit", "no-such-order", None, None, day, day,
                          "in_transit", 0))
    return out


@pytest.mark.parametrize("day", ["2026-10-01", "2026-11-25"])
def test_contexts_equal_the_per_message_loop_for_every_order(sample, day):
    settings, ds = sample
    as_of = date.fromisoformat(day)
    messages = every_order_messages(ds.orders, as_of)
    got = message_contexts(messages, ds.orders, catalog=ds.catalog, settings=settings,
                           as_of=as_of)
    want = reference_contexts(messages, ds.orders, catalog=ds.catalog, settings=settings,
                              as_of=as_of)
    assert len(got) == len(want) == len(messages)
    for g, w in zip(got, want, strict=True):
        assert g == w, g["message_id"]


def test_contexts_of_the_due_set_in_batches_equal_the_loop(sample):
    settings, ds = sample
    as_of = date(2026, 11, 20)
    due = compute(ds.orders, tickets=ds.tickets, reviews=ds.reviews, returns=ds.returns,
                  catalog=ds.catalog, settings=settings, as_of=as_of).due
    assert due
    builder = MessageContexts(ds.orders, {m.order_id for m in due}, catalog=ds.catalog,
                              settings=settings, as_of=as_of)
    got = builder.build(due[:3]) + builder.build(due[3:])
    want = reference_contexts(due, ds.orders, catalog=ds.catalog, settings=settings,
                              as_of=as_of)
    assert got == want


def test_eta_is_a_copy_per_message(sample):
    settings, ds = sample
    as_of = date(2026, 11, 20)
    messages = every_order_messages(ds.orders, as_of)[:4]
    first, second, *_ = message_contexts(messages, ds.orders, catalog=ds.catalog,
                                         settings=settings, as_of=as_of)
    first["eta"]["from_text"] = "changed"
    assert second["eta"]["from_text"] != "changed"


@pytest.mark.parametrize("dtype", [pd.StringDtype("pyarrow"), pd.StringDtype("python"),
                                   pd.ArrowDtype(pa.string()), pd.ArrowDtype(pa.large_string())],
                         ids=str)
def test_ids_in_equals_pandas_isin(dtype):
    from cx_cli.engines.message_context import ids_in

    ids = pd.Series(["1001", None, "1002", "", "1003", "1001", "é"], dtype=dtype)
    for wanted in ({"1001", "é"}, set(), {"", "x"}, ["1003", "1002"]):
        expected = ids.isin(list(wanted)).to_numpy(dtype=bool, na_value=False)
        assert ids_in(ids, wanted).tolist() == expected.tolist()


def test_templates_read_the_times_and_days_made_when_read(sample):
    """``order.created_at``, ``order.dates`` and ``order.dates_text`` are made on first
    read; a template reads them as any other field, by attribute or by key."""
    from cx_cli.render.templating import make_environment, render_template

    settings, ds = sample
    as_of = date(2026, 11, 20)
    messages = every_order_messages(ds.orders, as_of)
    got = message_contexts(messages, ds.orders, catalog=ds.catalog, settings=settings,
                           as_of=as_of)
    want = reference_contexts(messages, ds.orders, catalog=ds.catalog, settings=settings,
                              as_of=as_of)
    env = make_environment(settings)
    template = env.from_string(
        "{{ order.created_at }}|{{ order['delivered_at'] }}|{{ order.dates.paid }}|"
        "{{ order.dates_text['shipped'] }}|{{ order.shipped_at.hour if order.shipped_at }}")
    delivered = 0
    for g, w in zip(got, want, strict=True):
        text = render_template(env, template, g)
        assert text == template.render(w), g["message_id"]
        delivered += w["order"].delivered_at is not None
    assert delivered  # some orders have every field to show


@pytest.mark.parametrize("source", ["{{ order._later }}", "{{ order['_later'] }}"])
def test_a_template_cannot_reach_the_orders_lines(sample, source):
    from cx_cli.errors import TemplateError
    from cx_cli.render.templating import make_environment, render_template

    settings, ds = sample
    as_of = date(2026, 11, 20)
    context, = message_contexts(every_order_messages(ds.orders, as_of)[:1], ds.orders,
                                catalog=ds.catalog, settings=settings, as_of=as_of)
    env = make_environment(settings)
    with pytest.raises(TemplateError):
        render_template(env, env.from_string(source), context)


def test_days_in_spanish_for_the_spanish_templates():
    assert day_text(date(2026, 11, 12)) == "Thu, Nov 12"
    assert day_text_es(date(2026, 11, 12)) == "jueves 12 de noviembre"
    assert day_text_es(date(2026, 3, 1)) == "domingo 1 de marzo"
    assert day_text_es(date(2027, 1, 6)) == "miércoles 6 de enero"


def test_an_orders_shipment_is_its_first_lines_tracking_number_and_carrier():
    """`cx lint --rendered` reads each message's buyer name, tracking number and carrier
    (linted as the platform's) from the order's lines: the first name one gives, the
    first line's tracking number and carrier, "" where the export has none."""
    orders = pd.DataFrame({
        "order_id": pd.array(["A", "A", "B", "C"], dtype="string"),
        "buyer_name": pd.array(["  ", "Ann K. ", "Bo", None], dtype="string"),
        "tracking_id": pd.array(["T1", "T2", None, "T3"], dtype="string"),
        "carrier": pd.array(["SEUR", "UPS", "USPS", None], dtype="string")})
    assert shipments(orders, {"A", "B", "C", "GONE"}) == {
        "A": ("Ann K.", "T1", "SEUR"), "B": ("Bo", "", "USPS"), "C": ("", "T3", "")}
    assert shipments(orders.drop(columns=["carrier", "buyer_name"]), {"A"}) == {
        "A": ("", "T1", "")}


def test_a_message_greets_the_display_name_of_its_order_else_the_username():
    """``order.buyer``: the first display name an order's lines give, trimmed; a name of
    spaces, or none, greets the username; an order not in the export too."""
    orders = pd.DataFrame({
        "order_id": pd.array(["A", "A", "B", "C"], dtype="string"),
        "sku": pd.array(["S1", "S2", "S1", "S1"], dtype="string"),
        "buyer_name": pd.array(["  ", " Ann K. ", None, "   "], dtype="string")})
    day = date(2026, 11, 26)
    settings = load_settings(examples_dir() / "cx.yaml")
    messages = [DueMessage(f"{o}:s", "order_confirmation", o, None, f"user-{o}", day, day,
                           "order_confirmation", 0) for o in ("A", "B", "C", "GONE")]
    contexts = MessageContexts(orders, {m.order_id for m in messages},
                               catalog=load_catalog([]), settings=settings, as_of=day)
    assert [c["order"].buyer for c in contexts.build(messages)] == [
        "Ann K.", "user-B", "user-C", "user-GONE"]
    assert contexts.keys(messages).buyer == ["Ann K.", "user-B", "user-C", "user-GONE"]
