"""Messages that share a render (``cx_cli.render.skeletons``): what a template's syntax
lets share, and texts and findings identical to rendering every message in full."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from cx_cli.config import load_settings
from cx_cli.engines.message_context import MessageContexts
from cx_cli.engines.timeline import DueMessage
from cx_cli.io.dataset import load_dataset, resolve_inputs
from cx_cli.render.messages import MessageRenderer, items_text
from cx_cli.render.skeletons import LONGEST_VALUE, MARKS, Skeleton, template_reads
from cx_cli.resources import examples_dir, templates_dir

STAGES = sorted({p.name.split(".")[0] for p in (templates_dir() / "messages").iterdir()})


def reads(source: str) -> frozenset[str] | None:
    return template_reads(Environment(trim_blocks=True, lstrip_blocks=True).parse(source))


@pytest.mark.parametrize("source", [
    'Hi {{ order.buyer or "there" }}, order {{ order.order_id }}.',
    "{% if order.buyer %}Hi {{ order.buyer }}{% else %}Hi{% endif %}",
    "{% if order.tracking_id and shop.name %}{{ order.tracking_id }}{% endif %}",
    '{{ "tracked" if order.tracking_id else "not yet" }}',
    '{{ order.buyer if order.buyer else "there" }}',
    "{% for it in order.items if not order.buyer %}{{ it.name }}{% endfor %}",
    "{% macro day(d) %}{{ d }}{% endmacro %}{{ day(ship_by) }} {{ order.buyer }}",
])
def test_writing_or_testing_the_three_values_as_they_are_shares(source):
    assert reads(source) is not None


@pytest.mark.parametrize("source", [
    "{{ order.buyer | title }}",
    "{{ order.buyer ~ '!' }}",
    "{{ order.buyer[:3] }}",
    "{% if order.buyer | length > 3 %}long{% endif %}",
    "{% set who = order.buyer %}{{ who }}",
    "{% filter upper %}{{ order.buyer }}{% endfilter %}",
    "{% macro hi() %}{{ order.buyer }}{% endmacro %}{{ hi() | upper }}",
    "{% set block %}{{ order.order_id }}{% endset %}{{ block | reverse }}",
    "{{ message_id }}",
    "{{ order.created_at }}",
    "{{ order }}",
    "{{ order['buyer'] }}",
    "{% for order in [1] %}{{ order }}{% endfor %}",
    "{% include 'other.txt.j2' %}",
])
def test_anything_else_done_with_them_renders_each_message_in_full(source):
    assert reads(source) is None


def test_what_a_template_reads_names_the_order_fields():
    assert reads("{{ order.carrier }} {{ eta.from_text }} {{ item.name }}") == {
        "order", "order.carrier", "eta", "item"}


def test_a_day_of_the_order_read_by_name_is_that_day_and_any_other_read_is_every_day():
    assert reads("{% if order.dates.shipped %}{{ order.dates_text.shipped }}{% endif %}"
                 "{{ order.dates_text_es.rts }}") == {
        "order", "order.dates.shipped", "order.dates_text.shipped",
        "order.dates_text_es.rts"}
    assert reads("{{ order.dates['shipped'] }}") == {"order", "order.dates"}
    assert reads("{{ order.dates_text | tojson }} {{ order.dates.paid }}") == {
        "order", "order.dates_text", "order.dates.paid"}


def test_a_skeleton_that_does_not_give_the_real_text_is_not_used():
    raw = f"Hi {MARKS[0]}, order {MARKS[1]}."
    values = ("Ann", "57640", "")
    assert Skeleton.checked(raw, "t", "t", real="Hi Ann, order 57640.",
                            values=values).fill(("{1}", "9", "")) == "Hi {1}, order 9."
    assert Skeleton.checked(raw, "t", "t", real="Hi ANN, order 57640.",
                            values=values) is None


# --- every message shared or in full: the same texts and findings --------------------------

@pytest.fixture(scope="module")
def shop() -> Any:
    mp = pytest.MonkeyPatch()
    mp.setenv("CX_NO_CACHE", "1")  # never write a cache beside the bundled sample
    try:
        settings = load_settings(examples_dir() / "cx.yaml")
        ds = load_dataset(settings, resolve_inputs(settings, cwd=examples_dir()),
                          ("orders", "products"), require=("orders",))
    finally:
        mp.undo()
    return settings, ds


# Buyers' names that a careless fill would get wrong.
NAMES = ["Ann", "", None, "{0} {1}", "curly}", MARKS[1] + "x", "a" * (LONGEST_VALUE + 1),
         "Brightside", "  spaced  "]


def twins(orders: pd.DataFrame) -> pd.DataFrame:
    """The first 60 orders, and again under new ids, buyers and tracking numbers: every
    message of a twin shares its context but for those three."""
    ids = orders["order_id"].astype("string")
    orders = orders[ids.isin(ids.drop_duplicates().head(60)).to_numpy(dtype=bool)]
    out = [orders]
    ids = orders["order_id"].astype("string")
    for n, name in enumerate(NAMES):
        twin = orders.copy()
        twin["order_id"] = ids + f"{n:02d}"
        # The name messages greet the buyer by (Buyer Nickname), and the username.
        for column in ("buyer_name", "buyer"):
            twin[column] = pd.Series([name] * len(twin), dtype="string", index=twin.index)
        if "tracking_id" in twin.columns:
            twin["tracking_id"] = twin["tracking_id"].astype("string") + f"-{n}"
        out.append(twin)
    return pd.concat(out, ignore_index=True)


def every_stage(orders: pd.DataFrame, day: date) -> list[DueMessage]:
    firsts = orders.drop_duplicates("order_id")
    messages = []
    for order_id, sku, buyer in zip(firsts["order_id"], firsts["sku"], firsts["buyer"],
                                    strict=True):
        buyer = None if pd.isna(buyer) else str(buyer)
        for stage in STAGES:
            per_line = stage in ("replenishment", "support_checkin")
            messages.append(DueMessage(
                f"{order_id}:{stage}", stage, str(order_id), str(sku) if per_line else None,
                buyer, day, day, stage, 0, (str(sku),) if per_line else (),
                2 if stage == "replenishment" else 0))
    return messages


def render_both(settings, orders, catalog, day) -> tuple[list, list, MessageRenderer]:
    messages = every_stage(orders, day)
    contexts = MessageContexts(orders, {m.order_id for m in messages}, catalog=catalog,
                               settings=settings, as_of=day)
    shared = MessageRenderer(settings)
    got = [item for start in range(0, len(messages), 700)
           for item in shared.render_all(messages[start:start + 700], contexts)]
    full = MessageRenderer(settings)
    want = [(full.render(m, c), items_text(c))
            for m, c in zip(messages, contexts.build(messages), strict=True)]
    return got, want, shared


def assert_same(got, want) -> None:
    assert len(got) == len(want)
    for (g, g_items), (w, w_items) in zip(got, want, strict=True):
        assert (g.message, g.template, g.text, g.findings, g_items) == \
            (w.message, w.template, w.text, w.findings, w_items), w.message.message_id


@pytest.mark.parametrize("day", ["2026-10-20", "2026-11-26"])
def test_shared_renders_equal_full_renders_for_every_shipped_stage(shop, day):
    settings, ds = shop
    got, want, renderer = render_both(settings, twins(ds.orders), ds.catalog,
                                      date.fromisoformat(day))
    assert_same(got, want)
    # Most of them came from a skeleton (a twin's message shares its order's).
    assert renderer.filled > len(got) / 2


ODD = {
    "order_confirmation": "Hi {{ order.buyer | upper }} {{ order.order_id }}",
    "in_transit": "{% if order.buyer | length > 4 %}Dear{% endif %} {{ order.buyer }}, on its way",
    "label_created": "{{ message_id }} for {{ order.buyer }}",
    "delivery_day": "Delivered {{ order.delivered_at }} to {{ order.buyer or 'you' }}",
    "review_request": "{% macro hi() %}{{ order.buyer }}{% endmacro %}{{ hi() | title }}!",
    "replenishment": "{{ order.buyer }}{{ order.order_id }}{{ order.tracking_id }}",
    "support_checkin": "{% if order.tracking_id %}{{ order.tracking_id }}{% else %}"
                       "{{ order.buyer }}{% endif %} {{ item.name }} {{ eta.from_text }}",
}


def test_templates_doing_anything_else_with_the_three_give_the_same_texts(shop, tmp_path):
    settings, ds = shop
    folder = tmp_path / "templates" / "messages"
    folder.mkdir(parents=True)
    for stage, source in ODD.items():
        (folder / f"{stage}.txt.j2").write_text(source + "\n", encoding="utf-8")
    own = settings.model_copy(update={"templates": str(Path(tmp_path / "templates"))})
    got, want, renderer = render_both(own, twins(ds.orders), ds.catalog, date(2026, 11, 26))
    assert_same(got, want)
    assert renderer.filled > 0  # replenishment and support_checkin still share


@given(st.text(max_size=30), st.text(alphabet="0123456789{}", min_size=1, max_size=20))
def test_any_buyer_name_and_order_id_fill_as_jinja_writes_them(name, order_id):
    source = 'Hi {{ order.buyer or "there" }} ({{ order.order_id }}), {{ shop.name }}.'
    env = Environment()
    template = env.from_string(source)

    def render(buyer: str, oid: str) -> str:
        return template.render(order={"buyer": buyer, "order_id": oid}, shop={"name": "S"})

    values = ("Ann", "1", "")
    real = render(*values[:2])
    raw = render(MARKS[0], MARKS[1])
    skeleton = Skeleton.checked(raw, "t", "t", real=real, values=values)
    assert skeleton is not None
    if name:
        assert skeleton.fill((name, order_id, "")) == render(name, order_id)


# --- holes: what a template may do that a skeleton would get wrong ---------------------


def copies(orders: pd.DataFrame, buyers: list[str]) -> pd.DataFrame:
    """The first order again under a new id and tracking number for each of ``buyers``:
    their messages share a context but for those three, in this order."""
    first = orders[(orders["order_id"] == orders["order_id"].iloc[0]).to_numpy(dtype=bool)]
    out = []
    for n, name in enumerate(buyers):
        twin = first.copy()
        twin["order_id"] = (first["order_id"].astype("string") + f"{n:02d}").astype("string")
        for column in ("buyer_name", "buyer"):
            twin[column] = pd.Series([name] * len(twin), dtype="string", index=twin.index)
        twin["tracking_id"] = pd.Series([f"TRK{n}"] * len(twin), dtype="string",
                                        index=twin.index)
        out.append(twin)
    return pd.concat(out, ignore_index=True)


def render_own(settings, tmp_path, orders, catalog, files: dict[str, str], template: str
               ) -> tuple[list, list]:
    """Each order's message from the seller's own ``template`` (``files``: its folder),
    rendered both ways: (shared, in full), each a list of (Rendered, items text)."""
    folder = tmp_path / "templates" / "messages"
    folder.mkdir(parents=True)
    for name, source in files.items():
        (folder / name).write_text(source, encoding="utf-8")
    own = settings.model_copy(update={"templates": str(tmp_path / "templates")})
    day = date(2026, 11, 26)
    messages = [DueMessage(f"{oid}:note", "order_confirmation", str(oid), None,
                           str(buyer), day, day, template, 0, (), 0)
                for oid, buyer in zip(orders["order_id"], orders["buyer"], strict=True)]
    contexts = MessageContexts(orders, {m.order_id for m in messages}, catalog=catalog,
                               settings=own, as_of=day)
    got = MessageRenderer(own).render_all(messages, contexts)
    full = MessageRenderer(own)
    want = [(full.render(m, c), items_text(c))
            for m, c in zip(messages, contexts.build(messages), strict=True)]
    return got, want


def test_a_name_written_inside_a_recursive_loop_is_written_as_the_loop_changes_it(
        shop, tmp_path):
    """``loop()`` of a recursive loop is its text, which the loop may change (here:
    upper-case) before it writes it: the name is not written as it is."""
    settings, ds = shop
    source = ("{% for part in [[1]] recursive %}{% if part is iterable %}"
              "{{ loop(part) | upper }}{% else %}Hi {{ order.buyer }}{% endif %}"
              "{% endfor %}\n")
    orders = copies(ds.orders, ["BOB", "JO", "ann"])
    got, want = render_own(settings, tmp_path, orders, ds.catalog,
                           {"note.txt.j2": source}, "note")
    assert [r.text for r, _ in got] == ["HI BOB\n", "HI JO\n", "HI ANN\n"]
    assert_same(got, want)
    assert reads(source) is None


def test_a_name_written_by_a_template_named_html_is_written_as_a_full_render_writes_it(
        shop, tmp_path):
    """A chat template whose name says .html (note.html.txt.j2) writes "Tom & Jerry" as it
    is, shared or not; one that escapes ({% autoescape %}) renders each message in full."""
    settings, ds = shop
    orders = copies(ds.orders, ["Ann", "Jo", "Tom & Jerry"])
    got, want = render_own(settings, tmp_path, orders, ds.catalog,
                           {"note.html.txt.j2": "Hi {{ order.buyer }}!\n"}, "note.html")
    assert [r.text for r, _ in got] == ["Hi Ann!\n", "Hi Jo!\n", "Hi Tom & Jerry!\n"]
    assert_same(got, want)
    got, want = render_own(settings, tmp_path / "escaping", orders, ds.catalog,
                           {"note.txt.j2": "{% autoescape true %}Hi {{ order.buyer }}!"
                                           "{% endautoescape %}\n"}, "note")
    assert [r.text for r, _ in got] == ["Hi Ann!\n", "Hi Jo!\n", "Hi Tom &amp; Jerry!\n"]
    assert_same(got, want)


def rendered_both_ways(messages, orders, catalog, settings, day) -> tuple[list, Any]:
    """The messages rendered sharing skeletons, checked equal to each rendered in full;
    and the renderer that shared them."""
    contexts = MessageContexts(orders, {m.order_id for m in messages}, catalog=catalog,
                               settings=settings, as_of=day)
    shared = MessageRenderer(settings)
    got = shared.render_all(messages, contexts)
    full = MessageRenderer(settings)
    assert_same(got, [(full.render(m, c), items_text(c))
                      for m, c in zip(messages, contexts.build(messages), strict=True)])
    return got, shared


def greeting_templates(settings, tmp_path, sources: dict[str, str]):
    """Settings with a templates folder of one template per stage: "<buyer>: " then
    ``sources[stage]``."""
    folder = tmp_path / "templates" / "messages"
    folder.mkdir(parents=True)
    for stage, source in sources.items():
        (folder / f"{stage}.txt.j2").write_text("{{ order.buyer }}: " + source + "\n",
                                                 encoding="utf-8")
    return settings.model_copy(update={"templates": str(tmp_path / "templates")})


def test_lines_of_one_sku_cancelled_lines_and_missing_orders_give_the_same_texts(shop,
                                                                                  tmp_path):
    """Orders alike but for one line's quantity, variation order or cancellation, per-line
    messages with and without the timeline's units, and orders not in the export: each
    message's item, items and names are its own, as a full render gives them."""
    settings, ds = shop
    first = ds.orders.iloc[[0]]
    a = str(first["sku"].iloc[0])
    b = str(ds.orders["sku"][ds.orders["sku"] != a].iloc[0])
    shapes = {"O1": [(a, "v1", 1, False), (a, "v2", 2, False)],
              "O2": [(a, "v1", 1, False), (a, "v2", 2, False)],
              "O3": [(a, "v1", 1, False), (a, "v2", 3, False)],
              "O4": [(a, "v1", 1, True), (a, "v2", 2, False)],
              "O5": [(a, "v1", 1, False), (a, "v2", 2, True)],
              "O6": [(a, "v1", 1, True), (a, "v2", 2, True)],
              "O7": [(a, "v2", 2, False), (a, "v1", 1, False)],
              "O8": [(b, "", 1, False), (a, "v1", 1, False)],
              "O9": [(a, "v1", 1, False), (a, "v3", 2, False)]}
    rows = []
    for oid, lines in shapes.items():
        for sku, variation, quantity, cancelled in lines:
            row = first.copy()
            for column, value in (("order_id", oid), ("sku", sku), ("variation", variation),
                                  ("return_type", "cancel" if cancelled else "none"),
                                  # No display name: messages greet their buyer.
                                  ("buyer", oid.lower()), ("buyer_name", None),
                                  ("tracking_id", "T" + oid)):
                row[column] = pd.array([value], dtype="string")
            row["quantity"] = quantity
            row["cancelled_at"] = row["paid_at"] if cancelled else pd.NaT
            rows.append(row)
    orders = pd.concat(rows, ignore_index=True)
    # Each stage reads one thing, so that only its key tells the messages apart.
    sources = {"replenishment": "{{ item.variation }} x{{ item.quantity }}",
               "support_checkin": "{% for i in items %}{{ i.variation }}x{{ i.quantity }} "
                                  "{% endfor %}/ {{ item_names | length }}",
               "order_confirmation": "{% for i in items %}{{ i.variation }} {% endfor %}",
               "in_transit": "{{ order.items | map(attribute='variation') | join(',') }}"}
    own = greeting_templates(settings, tmp_path, sources)
    day = date(2026, 11, 26)
    kinds = [(None, (), 0, "order_confirmation"), (None, (), 0, "in_transit"),
             (a, (a,), 0, "replenishment"),
             (a, (a,), 2, "replenishment"), (a, (a,), 0, "support_checkin"),
             (b, (b,), 0, "support_checkin")]
    messages = [DueMessage(f"{oid}:{stage}:{units}:{n}", stage, oid, sku, f"{oid}-{n}", day,
                           day, stage, 0, skus, units)
                for n in range(3) for oid in [*shapes, "GONE1", "GONE2"]
                for sku, skus, units, stage in kinds]
    got, shared = rendered_both_ways(messages, orders, ds.catalog, own, day)
    texts = {r.message.message_id: r.text for r, _ in got}
    # O1's two variations of one SKU: the first named, with the units of both (or the
    # timeline's 2); O5's second line cancelled: only the first's unit.
    assert texts["O1:replenishment:0:2"] == "O1-2: v1 x3\n"
    assert texts["O1:replenishment:2:2"] == "O1-2: v1 x2\n"
    assert texts["O5:replenishment:0:2"] == "O5-2: v1 x1\n"
    assert texts["O4:replenishment:0:2"] == "O4-2: v2 x2\n"
    assert texts["O3:support_checkin:0:2"] == "O3-2: v1x1 v2x3 / 32\n"
    assert texts["O4:support_checkin:0:2"] == "O4-2: v2x2 / 32\n"
    assert texts["O9:order_confirmation:0:2"] == "O9-2: v1 v3\n"
    assert texts["O6:in_transit:0:2"] == "O6-2: v1,v2\n"
    assert shared.filled > len(got) / 2


def test_one_renderer_given_the_contexts_of_two_runs_keeps_them_apart(shop):
    """The keys hold numbers that one set of contexts hands out: the orders of a second
    set get the same numbers for other lines."""
    settings, ds = shop
    day = date(2026, 11, 26)
    ids = ds.orders["order_id"].astype("string")
    firsts = ids.drop_duplicates()
    renderer = MessageRenderer(settings)
    for some in (firsts.head(40), firsts.iloc[40:80]):
        orders = twins(ds.orders[ids.isin(some).to_numpy(dtype=bool)])
        messages = every_stage(orders, day)
        contexts = MessageContexts(orders, {m.order_id for m in messages},
                                   catalog=ds.catalog, settings=settings, as_of=day)
        got = renderer.render_all(messages, contexts)
        full = MessageRenderer(settings)
        assert_same(got, [(full.render(m, c), items_text(c))
                          for m, c in zip(messages, contexts.build(messages), strict=True)])


def test_a_carrier_named_in_capitals_is_no_shouting_whether_shared_or_rendered_in_full(shop):
    """The carrier's name comes from the export, as the buyer's name, the order id and
    the tracking number do: "SEUR" or "ONTRAC" in a message is the platform's spelling,
    not the seller raising their voice (CX301), whichever way the message is made."""
    settings, ds = shop
    orders = twins(ds.orders)
    if "carrier" in orders.columns:
        shipped = orders["carrier"].notna()
    else:
        shipped = pd.Series(True, index=orders.index)
    orders["carrier"] = pd.Series(["SEUR"] * len(orders), dtype="string",
                                  index=orders.index).where(shipped, None)
    got, want, renderer = render_both(settings, orders, ds.catalog, date(2026, 11, 26))
    assert_same(got, want)
    named = [r for r, _ in got if "SEUR" in r.text]
    assert len(named) > 10 and renderer.filled > 0
    assert not [f for r, _ in got for f in r.findings if f.code == "CX301"]


def test_orders_alike_but_for_the_days_of_their_events_give_the_same_texts(shop, tmp_path):
    """A template that reads one day of the order's events (``order.dates.shipped``), the
    ship-by day and delivery range, the processing days, the days since delivery or the
    line it names first: messages share a render only when what it reads is the same,
    not when the order's other days or lines differ."""
    settings, ds = shop
    orders = copies(ds.orders, [f"b{n}" for n in range(12)])
    n = orders["order_id"].str[-2:].astype(int).to_numpy()
    for column, step in (("created_at", n % 2), ("paid_at", n % 3), ("rts_at", n % 2),
                         ("shipped_at", n // 4), ("delivered_at", n // 6)):
        if column in orders.columns:
            orders[column] = orders[column] - pd.to_timedelta(step, unit="D")
    sources = {
        "order_confirmation": "{% if order.dates.shipped %}left {{ order.dates_text.shipped }}"
                              "{% else %}not yet{% endif %}",
        "in_transit": "{{ eta.from_text }} to {{ eta.to_text }}, by {{ ship_by_text }}",
        "label_created": "{{ processing_days }} days; {{ order.dates.rts }}",
        "delivery_day": "{{ days_since_delivery }} {{ order.dates_text_es.delivered }}",
        "review_request": "{{ order.dates }}",
        "replenishment": "{{ item.name }} {{ product.category }}",
    }
    own = greeting_templates(settings, tmp_path, sources)
    day = date(2026, 11, 26)
    messages = [DueMessage(f"{oid}:{stage}", stage, str(oid), None, str(buyer), day, day,
                           stage, 0, (), 0)
                for oid, buyer in zip(orders["order_id"].drop_duplicates(),
                                      orders.drop_duplicates("order_id")["buyer"], strict=True)
                for stage in sources]
    got, shared = rendered_both_ways(messages, orders, ds.catalog, own, day)
    texts = {}
    for r, _ in got:
        texts.setdefault(r.message.stage, set()).add(r.text.split(": ", 1)[1])
    # Three shipped days, two created days: the shipped day alone tells texts apart.
    assert len(texts["order_confirmation"]) == 3
    assert len(texts["review_request"]) > 3  # every day of the order, written whole
    assert shared.filled > len(got) / 3
