"""Rendering due messages (template choice, Jinja, the policy lint) and presenting them.

Each message renders with the most specific template for its stage, product category
and locale (``review_request.consumable.txt.j2``, ``review_request.es.txt.j2`` …), then
passes the policy lint; a message with an error finding is refused (not output) unless
the caller allows violations. Every output format renders the same rows.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from cx_cli.config import Settings
from cx_cli.engines.lint import Finding, lint_text
from cx_cli.engines.timeline import DueMessage
from cx_cli.errors import TemplateError
from cx_cli.render.output import (
    dump_csv,
    dump_jsonl,
    dump_markdown,
    fold,
    json_bytes,
    name_width,
    say_left_out,
    share_width,
    shorten,
    terminal_width,
    text_width,
    wrap_name,
    write_text,
    write_text_or_console,
)
from cx_cli.render.skeletons import LONGEST_VALUE, Skeleton, fits, marked, template_reads
from cx_cli.render.templating import (
    load_template,
    make_environment,
    readable_template,
    render_template,
    template_allows,
)

TEMPLATE_FOLDER = "messages"
# SPEC §13 keys of `messages due`, plus the channel.
KEYS = ["message_id", "stage", "order_id", "sku", "buyer", "due_date", "last_date",
        "channel", "text"]
HISTORY_KEYS = ["sent_at", "message_id", "stage", "order_id", "sku", "buyer", "due_date",
                "last_date", "channel", "source"]
FORMATS = ("table", "csv", "json", "jsonl", "md")
if TYPE_CHECKING:
    from cx_cli.engines.message_context import MessageContexts, MessageKeys

RENDER_BATCH = 5000  # contexts alive at a time
# The share of a big day's messages rendered in a worker process (``render_remembered``'s
# ``offload``): half, the worker having started (``Worker.warm``) while the timeline ran.
# The report's worker also draws the charts and masks the texts it renders: it renders less.
WORKER_SHARE = 0.5
REPORT_WORKER_SHARE = 0.46


@dataclass
class Rendered:
    message: DueMessage
    template: str
    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    def row(self, channel: str) -> dict[str, Any]:
        """The message as `messages due` lists it: ``KEYS``, in that order."""
        m = self.message
        return {"message_id": m.message_id, "stage": m.stage, "order_id": m.order_id,
                "sku": m.sku, "buyer": m.buyer, "due_date": m.due_date,
                "last_date": m.last_date, "channel": channel, "text": self.text}


class MessageRenderer:
    """Chooses and renders templates for messages; one Jinja environment per run, each
    template looked up and loaded once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.env = make_environment(settings)
        self._names: dict[tuple[str, str | None, str | None], str] = {}
        self._templates: dict[str, Any] = {}
        self._allows: dict[str, frozenset[str]] = {}  # template -> codes cx: allow'ed there
        # template -> what it reads (None: its messages cannot share skeletons)
        self._reads: dict[str, frozenset[str] | None] = {}
        # ``MessageKeys.base`` -> a number for it, and the rest columns its messages'
        # template reads (None: they cannot share skeletons)
        self._plans: dict[tuple[Any, ...], tuple[int, tuple[str, ...] | None]] = {}
        self._contexts: MessageContexts | None = None  # whose numbers the keys hold
        # (shared key's number, rest key) -> what its first message rendered (_First),
        # then its skeleton (or _ALONE)
        self._shared: dict[tuple[Any, ...], Any] = {}
        self._items: dict[int, str] = {}  # ``MessageKeys.items`` -> items_text
        self.filled = 0  # messages written from a skeleton
        self.lint = MessageLint(settings)

    def template_for(self, base: str, category: str | None, locale: str | None) -> str:
        """The most specific template; a buyer must be able to read it, so a variant in
        their language beats an English one for their product type."""
        key = (base, category, locale)
        if key not in self._names:
            self._names[key] = readable_template(self.env, f"{TEMPLATE_FOLDER}/{base}",
                                                 category=category, locale=locale,
                                                 shop_locale=self.settings.shop.locale)
        return self._names[key]

    def render(self, message: DueMessage, context: dict[str, Any]) -> Rendered:
        name, template = self._template(message, context)
        return self._finish(message, name, template.filename or name,
                            render_template(self.env, template, context),
                            _platform_fields(context))

    def render_all(self, messages: Sequence[DueMessage], contexts: MessageContexts
                   ) -> list[tuple[Rendered, str]]:
        """Each message rendered and linted, with the items text of its context.

        Messages whose contexts differ only in the buyer's name, the order id and the
        tracking number share one render (``skeletons``): the first renders in full, the
        second once more with marks in those places, checked against the first, and
        every later one is that skeleton with its own three values put in.
        """
        done = []
        self._use(contexts)
        shared, item_texts, lint, longest = self._shared, self._items, self.lint, LONGEST_VALUE
        keys = contexts.keys(messages)
        groups, group_keys = self._shared_keys(messages, keys, contexts)
        entries = [shared.get(key) for key in group_keys]  # as ``shared`` has them
        filled = 0
        for m, group, buyer, tracking, carrier, items in zip(
                messages, groups, keys.buyer, keys.tracking, keys.carrier, keys.items,
                strict=True):
            order_id = m.order_id
            entry = entries[group] if group >= 0 else _ALONE
            if entry.__class__ is _Filled and len(buyer) <= longest \
                    and len(order_id) <= longest and len(tracking) <= longest:
                # Most messages: as lean as it goes.
                text = entry.format(buyer, order_id, tracking)
                found = lint.remembered(text, buyer, order_id, tracking, carrier)
                if found and entry.allowed:
                    found = [f for f in found if f.code not in entry.allowed]
                text_items = item_texts.get(items)
                if text_items is None:
                    text_items = self._items_text(m, items, contexts)
                done.append((Rendered(m, entry.template, text, [
                    replace(f, path=f"{m.message_id} ({entry.template})") for f in found]
                    if found else []), text_items))
                filled += 1
                continue
            values = (buyer, order_id, tracking)
            key = None if group < 0 or not fits(values) else group_keys[group]
            if key is None:
                entry = _ALONE
            if isinstance(entry, _First):  # the second of its kind: make the skeleton
                entry = entries[group] = shared[key] = self._skeleton(
                    m, contexts.build([m])[0], *entry)
                if entry.__class__ is _Filled:
                    entry = entry.skeleton
            if isinstance(entry, Skeleton):
                filled += 1
                done.append((self._finish(m, entry.template, entry.filename,
                                          entry.fill(values), (*values, carrier)),
                             self._items_text(m, items, contexts)))
                continue
            context = contexts.build([m])[0]
            rendered, raw = self._render_raw(m, context)
            if entry is None:  # the first of its kind: remembered for the second
                if len(shared) >= MessageLint.MAX_REMEMBERED:
                    shared.clear()
                entries[group] = shared[key] = _First(raw, values, rendered.template)
            done.append((rendered, items_text(context)))
        self.filled += filled
        return done

    def _use(self, contexts: MessageContexts) -> None:
        if contexts is not self._contexts:  # the keys number what one MessageContexts holds
            self._contexts = contexts
            self._plans, self._shared, self._items = {}, {}, {}

    def _shared_keys(self, messages: Sequence[DueMessage], keys: MessageKeys,
                     contexts: MessageContexts) -> tuple[list[int], list[tuple[int, ...]]]:
        """The keys of the messages that share a render, and for each message the
        place of its key in them; -1 when it renders in full (its template does more
        with the three values). The first message of a ``keys.base`` tells which
        template, and so what else the key needs (``MessageContexts.rest_columns``).
        Worked out a column at a time, each base and key made once."""
        from cx_cli.engines.message_context import first_places, numbered

        n = len(messages)
        if not n:
            return [], []
        bases = numbered(*keys.base)
        plans = self._plans
        plan_number, plan_columns = [], []
        for at in first_places(bases).tolist():
            base = tuple(column[at] for column in keys.base)
            plan = plans.get(base)
            if plan is None:
                name = self._template(messages[at], contexts.build([messages[at]])[0])[0]
                reads = self._reads[name]
                plan = plans[base] = (len(plans), None if reads is None
                                      else contexts.rest_columns(reads))
            plan_number.append(plan[0])
            plan_columns.append(plan[1])
        numbers = np.asarray(plan_number, dtype=np.int64)[bases]
        groups = np.full(n, -1, dtype=np.int64)
        group_keys: list[tuple[int, ...]] = []
        alike: dict[tuple[str, ...], list[int]] = {}  # rest columns -> their bases
        for base, columns in enumerate(plan_columns):
            if columns is not None:
                alike.setdefault(columns, []).append(base)
        for columns, some in alike.items():
            at = np.flatnonzero(np.isin(bases, some))
            table = [numbers[at], *(keys.rest[c][at] for c in columns)]
            local = numbered(*table)
            firsts = first_places(local)
            groups[at] = len(group_keys) + local
            group_keys += map(tuple, np.column_stack([c[firsts] for c in table]).tolist())
        return groups.tolist(), group_keys

    def _items_text(self, message: DueMessage, key: int, contexts: MessageContexts) -> str:
        """``items_text`` of the message's context, made once for the same lines
        (``MessageKeys.items``)."""
        text = self._items.get(key)
        if text is None:
            text = self._items[key] = items_text({"items": contexts.items(message)})
        return text

    def _render_raw(self, message: DueMessage, context: dict[str, Any]
                    ) -> tuple[Rendered, str]:
        name, template = self._template(message, context)
        raw = render_template(self.env, template, context)
        return self._finish(message, name, template.filename or name, raw,
                            _platform_fields(context)), raw

    def _skeleton(self, message: DueMessage, context: dict[str, Any], real: str,
                  values: tuple[str, str, str], name: str) -> Skeleton | object:
        """The skeleton of a message's template and context, checked against ``real``
        (a message with the same key, rendered in full with its ``values``);
        ``_ALONE`` when its messages must each render in full."""
        chosen, template = self._template(message, context)
        if chosen != name:
            return _ALONE
        from cx_cli.engines.message_context import OrderFields

        order = context["order"]
        raw = render_template(self.env, template, {
            **context, "order": OrderFields(**marked(order, (
                order.buyer, order.order_id, order.tracking_id)))})
        skeleton = Skeleton.checked(raw, chosen, template.filename or chosen,
                                    real=real, values=values)
        if skeleton is None:
            return _ALONE
        return _Filled.of(skeleton, self._allows[chosen]) or skeleton

    def _template(self, message: DueMessage, context: dict[str, Any]) -> tuple[str, Any]:
        """The template a message renders with (its name and the template), loaded once."""
        product = context.get("product") or {}
        locale = product.get("locale") or self.settings.shop.locale
        key = (message.template, product.get("category"), locale)
        name = self._names.get(key) or self.template_for(*key)
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = load_template(self.env, name)
            self._allows[name] = template_allows(self.env, name)
            self._reads[name] = _reads(self.env, name)
        return name, template

    def _finish(self, message: DueMessage, name: str, filename: str, raw: str,
                platform: tuple[str, str, str, str]) -> Rendered:
        """A rendered text as sent (trimmed, one final newline), with its lint findings;
        ``platform``: what the text names that the platform gives (the buyer's name, the
        order id, the tracking number and the carrier), linted as placeholders."""
        text = raw.strip() + "\n"
        if text == "\n":
            raise _empty(filename, message)  # the file, for the seller
        findings = self.lint(text, path=f"{message.message_id} ({name})",
                             platform_fields=platform)
        allowed = self._allows[name]
        if allowed and findings:
            findings = [f for f in findings if f.code not in allowed]
        return Rendered(message, name, text, findings)


# A key whose messages each render in full (``MessageRenderer.render_all``).
_ALONE = object()


def _platform_fields(context: dict[str, Any]) -> tuple[str, str, str, str]:
    """What a message's context names that the platform gives: the buyer's name, the
    order id, the tracking number and the carrier."""
    order = context["order"]
    return order.buyer, order.order_id, order.tracking_id, order.carrier


class _Filled(NamedTuple):
    """A skeleton whose text, filled, is the message as sent (``MessageRenderer._finish``
    would strip nothing from it: it starts and ends with the template's own text, not
    with one of the three values), ready for a message's values (``format``)."""

    format: Callable[..., str]
    template: str
    allowed: frozenset[str]  # codes cx: allow'ed in the template
    skeleton: Skeleton

    @classmethod
    def of(cls, skeleton: Skeleton, allowed: frozenset[str]) -> _Filled | None:
        from string import Formatter

        text = skeleton.text.strip()
        try:
            parts = list(Formatter().parse(text))
        except ValueError:
            return None
        if not parts or not parts[0][0] or parts[-1][1] is not None:
            return None  # a value at either end: each message is stripped
        return cls((text + "\n").format, skeleton.template, allowed, skeleton)


class _First(NamedTuple):
    """What the first message of a kind rendered: its text, its three values and its
    template (a skeleton is checked against them when the second comes)."""

    raw: str
    values: tuple[str, str, str]
    template: str


def _reads(env: Any, name: str) -> frozenset[str] | None:
    """What ``name`` reads (``skeletons.template_reads``; None: its messages cannot
    share skeletons). A template that escapes what it writes (an HTML page) writes no
    value as it is: "Tom & Jerry" is "Tom &amp; Jerry" there."""
    from cx_cli.render.templating import _loaded_source

    escapes = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    source = _loaded_source(env, name)
    if source is None or escapes:
        return None
    try:
        return template_reads(env.parse(source))
    except Exception:  # it compiled once already; anything odd renders in full
        return None


def _empty(template: str, message: DueMessage) -> TemplateError:
    """An empty chat message is never meant: a template emptied to stop a stage, or a
    condition that leaves nothing for some orders."""
    return TemplateError(
        f"template {template} renders no text for order {message.order_id} "
        f"({message.stage}): a message cannot be empty",
        f"to stop sending {message.stage}, set messages.stages.{message.stage}.enabled: "
        "false in cx.yaml")


class MessageLint:
    """The policy lint over rendered messages, one paragraph at a time, remembered.

    The rules never look across a paragraph, so a paragraph's findings do not depend
    on the rest of the message; most paragraphs of a day's messages are the same
    template text. The buyer's name, order id, tracking number and carrier come from
    the platform, not the seller (a carrier written "SEUR" is no shouting), and would
    make every paragraph unique: they are linted as placeholders. With those replaced,
    many whole messages are the same text too, so a whole message's findings are
    remembered as well.
    """

    PLACEHOLDERS = ("Alex", "ORDER-ID", "TRACKING-ID", "Carrier")
    MAX_REMEMBERED = 100_000  # texts (and paragraphs) remembered before starting afresh

    def __init__(self, settings: Settings) -> None:
        self.options = {"market": settings.shop.market,
                        "allow_domains": settings.lint.allow_domains,
                        "disable": settings.lint.disable}
        self._seen: dict[str, list[Finding]] = {}
        self._texts: dict[str, list[Finding]] = {}

    def __call__(self, text: str, *, path: str,
                 platform_fields: Sequence[str | None] = ()) -> list[Finding]:
        return [replace(f, path=path)
                for f in self._found(self.as_linted(text, platform_fields))]

    def remembered(self, text: str, buyer: str, order_id: str, tracking_id: str,
                   carrier: str) -> list[Finding]:
        """``__call__`` for the text of a message, with no path: the findings of the
        text as ``as_linted`` makes it (empty fields are ""). Its replacements are written
        out here: through ``as_linted``'s loop, rendering a big day took 3–4% longer."""
        buyer_mark, order_mark, tracking_mark, carrier_mark = self.PLACEHOLDERS
        if len(buyer) > 2:
            text = text.replace(buyer, buyer_mark)
        if len(order_id) > 2:
            text = text.replace(order_id, order_mark)
        if len(tracking_id) > 2:
            text = text.replace(tracking_id, tracking_mark)
        if len(carrier) > 2:
            text = text.replace(carrier, carrier_mark)
        return self._found(text)

    def _found(self, text: str) -> list[Finding]:
        """The findings of a text as linted (path left empty), remembered."""
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= self.MAX_REMEMBERED:
                self._texts.clear()
            found = self._texts[text] = self._paragraphs(text)
        return found

    @classmethod
    def as_linted(cls, text: str, platform_fields: Sequence[str | None]) -> str:
        """The text as the lint reads it: the buyer's name, order id, tracking number and
        carrier (``platform_fields``, in that order) replaced by ``PLACEHOLDERS``."""
        for value, placeholder in zip(platform_fields, cls.PLACEHOLDERS, strict=False):
            if value and len(value) > 2:
                text = text.replace(value, placeholder)
        return text

    def _paragraphs(self, text: str) -> list[Finding]:
        """Findings of a text (path left empty), linted a paragraph at a time."""
        if len(self._seen) >= self.MAX_REMEMBERED:
            self._seen.clear()
        findings: list[Finding] = []
        line = 1
        for paragraph in _PARAGRAPHS.split(text):
            if paragraph.strip() and not paragraph.isspace():
                if paragraph not in self._seen:
                    self._seen[paragraph] = lint_text(paragraph, path="", **self.options)
                findings += [replace(f, line=f.line + line - 1) for f in self._seen[paragraph]]
            line += paragraph.count("\n")
        return findings


_PARAGRAPHS = re.compile(r"(\n[ \t]*\n)")


def render_messages(messages: Sequence[DueMessage], contexts: MessageContexts,
                    renderer: MessageRenderer, batch: int = RENDER_BATCH,
                    on_batch: Callable[[list[tuple[Rendered, str]], Any], None] | None = None,
                    ) -> Iterator[tuple[Rendered, str]]:
    """Each message rendered and linted, with the items text of its context, in order.

    Contexts are built a batch at a time, so only one batch of them is alive. While a
    batch renders, Python's cycle collector is paused: the contexts hold no cycles, and
    collecting while 100,000 messages' objects pile up costs a quarter of the time.
    ``on_batch(batch, None)`` sees each batch as soon as it is rendered (the report
    starts masking its texts in a worker process while the next batch renders).
    """
    for start in range(0, len(messages), batch):
        chunk = messages[start:start + batch]
        enabled = gc.isenabled()
        gc.disable()
        try:
            done = renderer.render_all(chunk, contexts)
        finally:
            if enabled:
                gc.enable()
        if on_batch is not None:
            on_batch(done, None)
        yield from done


@dataclass
class Offload:
    """Where some of a big day's messages render (``render_remembered``): a worker
    process (``cx_cli.render.worker.Worker``), the order lines (or a function that
    makes them) and the catalog; the last ``share`` of the messages go there (None:
    ``WORKER_SHARE``). ``also(texts)`` (picklable), when given, is made there too from
    the texts it renders: the report masks them where they are instead of sending
    them back to be masked."""

    worker: Any
    orders: Any
    catalog: Any
    share: float | None = None
    also: Callable[[list[str]], Any] | None = None


def render_share(lines: Any, columns: list[list[Any]], catalog: Any, settings: Settings,
                 as_of: date, also: Callable[[list[str]], Any] | None = None
                 ) -> tuple[list[str], list[str], list[list[Finding]], list[str], Any]:
    """What a worker process renders of a big day: the messages (``DueMessage`` fields
    as columns, ``_columns``) from their orders' ``lines``, and ``also(texts)``. Sent
    and returned as columns, which cross between processes several times faster than
    40,000 objects."""
    from cx_cli.engines.message_context import MessageContexts

    whole = [list(map(c.values.__getitem__, c.codes)) if isinstance(c, _Distinct) else c
             for c in columns]
    messages = list(map(DueMessage._make, zip(*whole, strict=True)))
    contexts = MessageContexts(lines, {m.order_id for m in messages}, catalog=catalog,
                               settings=settings, as_of=as_of)
    done = list(render_messages(messages, contexts, MessageRenderer(settings)))
    texts = [r.text for r, _ in done]
    return ([r.template for r, _ in done], texts, [r.findings for r, _ in done],
            [items for _, items in done], None if also is None else also(texts))


class _Distinct(NamedTuple):
    """A column of ``DueMessage`` fields as its distinct values and each message's index
    into them."""

    values: list[Any]
    codes: list[int]


# Fields sent to the worker as ``_Distinct``: a day has a few dozen due and last dates,
# and pickling 50,000 date objects one by one took 0.06 s, before the worker could start.
_DISTINCT_FIELDS = ("due_date", "last_date")


def _columns(messages: Sequence[DueMessage]) -> list[Any]:
    """``messages`` as a column per field, as ``render_share`` takes them."""
    columns: list[Any] = []
    for i, name in enumerate(DueMessage._fields):
        column = list(map(itemgetter(i), messages))
        if name in _DISTINCT_FIELDS:
            distinct: dict[Any, int] = {}
            codes = [distinct.setdefault(value, len(distinct)) for value in column]
            column = _Distinct(list(distinct), codes)
        columns.append(column)
    return columns


def _render_elsewhere(messages: Sequence[DueMessage], offload: Offload, settings: Settings,
                      as_of: date) -> Callable[[], tuple[list[tuple[Rendered, str]], Any]]:
    """Send ``messages`` to the offload's worker; returns what waits for them (and for
    what ``offload.also`` made of them)."""
    from cx_cli.engines.message_context import lines_of

    orders = offload.orders() if callable(offload.orders) else offload.orders
    lines = lines_of(orders, {m.order_id for m in messages})
    job = offload.worker.submit(render_share, lines, _columns(messages), offload.catalog,
                                settings, as_of, offload.also)

    def rendered() -> tuple[list[tuple[Rendered, str]], Any]:
        templates, texts, findings, items, also = job.result()
        return [(Rendered(m, template, text, found), item) for m, template, text, found, item
                in zip(messages, templates, texts, findings, items, strict=True)], also

    return rendered


def render_remembered(messages: Sequence[DueMessage],
                      contexts: Callable[[Sequence[DueMessage]], MessageContexts],
                      settings: Settings, *, as_of: date,
                      memo: Callable[..., Any] | None = None,
                      catalog_files: Sequence[Path] = (),
                      on_batch: Callable[[list[tuple[Rendered, str]], Any], None] | None = None,
                      offload: Offload | None = None) -> list[tuple[Rendered, str]]:
    """``render_messages`` over all of ``messages``, remembered beside the parsed orders.

    A rendered message is a function of the order exports, the catalog, the settings,
    the templates, the day and the message itself: with all of them unchanged (a
    `cx report` after `cx messages due`, or a second run) the texts and their lint
    findings are read back instead of rendered again (and ``on_batch`` is not called).

    ``contexts(some)`` makes the contexts of some of the messages. With ``offload``,
    the last ``offload.share`` of the messages render in its worker process while the
    rest render here; the texts are the same either way. ``on_batch`` sees them as
    one batch, with what ``offload.also`` made of them.
    """
    def render() -> list[tuple[Rendered, str]]:
        if offload is None:
            return list(render_messages(messages, contexts(messages),
                                        MessageRenderer(settings), on_batch=on_batch))
        share = WORKER_SHARE if offload.share is None else offload.share
        cut = len(messages) - int(len(messages) * share)
        theirs = _render_elsewhere(messages[cut:], offload, settings, as_of)
        mine = messages[:cut]
        done = list(render_messages(mine, contexts(mine), MessageRenderer(settings),
                                    on_batch=on_batch))
        rest, also = theirs()
        if on_batch is not None:
            on_batch(rest, also)
        return done + rest

    if memo is None or not messages:
        return render()
    import hashlib

    from cx_cli.engines import lint, lint_rules, message_context
    from cx_cli.io.cache import file_digest
    from cx_cli.render import earlier_templates, local_dates, sandbox, skeletons, templating

    fresh: list[tuple[Rendered, str]] = []

    def compute() -> Any:
        fresh.extend(render())
        return _rendered_frame(fresh)

    from importlib.metadata import version

    import orjson

    # Every field of every message, as JSON arrays (twice as quick as their reprs).
    due = hashlib.blake2b(orjson.dumps([tuple(m) for m in messages]), digest_size=16)
    parts = {"as_of": as_of.isoformat(), "due": due.hexdigest(),
             # Jinja renders the texts; holidays moves the ship-by dates in them; Babel
             # names their days in the buyer's language.
             "libraries": [version("jinja2"), version("holidays"), version("babel")],
             "settings": settings.model_dump_json(),
             "templates": _folder_stamps(templating.template_folders(settings)),
             "catalog": [file_digest(p) for p in catalog_files]}
    frame = memo("rendered_messages", ("orders:files",), compute, parts,
                 code=(message_context, templating, earlier_templates, sandbox, local_dates,
                       skeletons, lint, lint_rules, sys.modules[__name__]))
    if fresh:
        return fresh
    return _rendered_from_frame(frame, messages) or render()


def _folder_stamps(folders: Sequence[Path]) -> list[list]:
    """Every file under the template folders with its size and mtime."""
    stamps = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                st = path.stat()
                stamps.append([str(path), st.st_size, st.st_mtime_ns])
    return stamps


def _rendered_frame(rendered: list[tuple[Rendered, str]]) -> Any:
    import json

    import pandas as pd

    return pd.DataFrame({
        "message_id": [r.message.message_id for r, _ in rendered],
        "template": [r.template for r, _ in rendered],
        "text": [r.text for r, _ in rendered],
        "items": [items for _, items in rendered],
        "findings": [json.dumps([f.as_dict() for f in r.findings]) if r.findings else ""
                     for r, _ in rendered],
    })


def _rendered_from_frame(frame: Any, messages: Sequence[DueMessage]
                         ) -> list[tuple[Rendered, str]]:
    """The remembered messages, or [] when they are not the due set's (never with the
    same key, but a wrong text must not go out)."""
    import json

    if frame is None or frame["message_id"].tolist() != [m.message_id for m in messages]:
        return []
    return [(Rendered(m, template, text,
                      [Finding(**f) for f in json.loads(found)] if found else []), items)
            for m, template, text, items, found in zip(
                messages, frame["template"].tolist(), frame["text"].tolist(),
                frame["items"].tolist(), frame["findings"].tolist(), strict=True)]


def items_text(context: dict[str, Any]) -> str:
    return ", ".join(f"{i['name']} x{i['quantity']}" if i["quantity"] > 1 else i["name"]
                     for i in context.get("items", []))


def refusal_lines(refused: Sequence[Rendered]) -> list[str]:
    """One line per violation: message, template, rule and what it found."""
    return [f"refused {r.message.stage} for order {r.message.order_id} "
            f"({r.template}): {f.code} {f.message}"
            for r in refused for f in r.violations]


# --- presenters -------------------------------------------------------------------------


def present_due(rows: list[dict[str, Any]], fmt: str, output: Path | None, *,
                title: str, items: Sequence[str] = ()) -> None:
    """The due messages in ``fmt``; the table shows the first line of each text, and
    ``items`` (each row's items, as ``items_text`` writes them) beside it."""
    if fmt == "table":
        _write_table(rows, items, output, title)
        return
    write_text(dump_rows(rows, fmt, KEYS, listed=True), output)


def dump_rows(rows: list[dict[str, Any]], fmt: str, keys: list[str], *,
              listed: bool = False) -> str | bytes:
    """``rows`` in ``fmt`` with ``keys`` in that order (None where a row lacks one).

    ``listed``: the rows are ``Rendered.row``'s (``KEYS``, each value text, a date or
    None), so their shape and value types are not looked at again (0.08 s of a day's
    100,000 messages)."""
    # Rows made with exactly these keys (`messages due`'s) go as they are.
    shaped = listed or (set(map(type, rows)) <= {dict}
                        and all(map(keys.__eq__, map(list, rows))))
    clean = rows if shaped else [{k: r.get(k) for k in keys} for r in rows]
    if fmt == "json":
        return json_bytes(clean, flat=listed)
    if fmt == "jsonl":
        return dump_jsonl(clean)
    if fmt == "csv":
        return dump_csv(clean, keys)
    return dump_markdown(clean, keys)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


# The least of a message's first line a one-line table shows; below it the line folds.
MESSAGE_LEAST = 40
# The least a folded table (two lines a message) shows of it: "Hi user18283," / "the …".
MESSAGE_FOLDED_LEAST = 16


def _write_table(rows: list[dict[str, Any]], items: Sequence[str], output: Path | None,
                 title: str) -> None:
    """One line per message: stage and order in full, the first line of the text with at
    least ``MESSAGE_LEAST`` characters. A narrower terminal loses the items (the text
    names the product), then the buyer (the text greets them); narrower still (80
    columns), each message takes two lines: the stage wraps after an underscore and the
    text's first line folds over two lines; narrower again (about 56 columns) the text
    goes too, and a line under the table names what was left out. The order id is
    always whole: it is copied."""
    from rich.table import Table
    from rich.text import Text

    width = terminal_width(output)
    firsts = [_first_line(r["text"]) for r in rows]
    cells = {"buyer": [r["buyer"] or "—" for r in rows],
             "items": list(items) if items else [""] * len(rows), "message": firsts}
    stage_w = max([len(r["stage"]) for r in rows] + [5])
    order_w = max([len(r["order_id"]) for r in rows] + [5])
    natural = {"buyer": min(16, max(map(text_width, cells["buyer"]), default=0)),
               "items": min(40, max(map(text_width, cells["items"]), default=0)),
               "message": max(map(text_width, firsts), default=0)}
    natural = {name: max(n, len(name)) for name, n in natural.items()}
    least = {"buyer": min(natural["buyer"], 6), "items": min(natural["items"], 12),
             "message": min(natural["message"], MESSAGE_LEAST)}

    def share(shown: list[str], stage: int) -> dict[str, int] | None:
        # Each column takes 3 of borders and padding, and the table one more.
        room = width - stage - order_w - 3 * (2 + len(shown)) - 1
        got = share_width(room, [natural[c] for c in shown], [least[c] for c in shown])
        return None if got is None else dict(zip(shown, got, strict=True))

    folded = False
    for shown in (["buyer", "items", "message"], ["buyer", "message"], ["message"]):
        widths = share(shown, stage_w)
        if widths is not None:
            break
    else:
        folded = True
        stage_w = max([name_width(r["stage"]) for r in rows] + [5])
        room = width - stage_w - order_w - 3 * 3 - 1
        # With less than MESSAGE_FOLDED_LEAST of the text (under about 57 columns) the
        # text goes: the order id is copied to find the chat, and is never cut for room.
        widths = ({"message": min(natural["message"], room)}
                  if room >= min(natural["message"], MESSAGE_FOLDED_LEAST) else {})
    table = Table(title=Text(title), title_justify="left")
    table.add_column("stage", no_wrap=True, width=stage_w)
    table.add_column("order", no_wrap=True, width=order_w)
    for name, w in widths.items():
        table.add_column(name, no_wrap=True, width=w)
    for i, r in enumerate(rows):
        stage = wrap_name(r["stage"], stage_w) if folded else r["stage"]
        texts = [fold(cells[name][i], w) if folded else shorten(cells[name][i], w)
                 for name, w in widths.items()]
        # Text(), not markup: a buyer name or product name may hold "[...]".
        table.add_row(Text(stage), Text(r["order_id"]), *map(Text, texts))
    left_out = [name for name in ("buyer", "items", "message") if name not in widths]

    def draw(console) -> None:
        console.print(table)
        if "message" in left_out:
            say_left_out(console, left_out, "-f md has each message whole")

    write_text_or_console(draw, output)


def print_renderable(renderable: Any, output: Path | None) -> None:
    """A rich renderable to stdout, or as plain text to a file."""
    write_text_or_console(lambda console: console.print(renderable), output)


def present_explain(rows: list[dict[str, Any]], fmt: str, output: Path | None, *,
                    title: str) -> None:
    keys = ["stage", "sku", "status", "due_date", "last_date", "message_id", "reason"]
    if fmt != "table":
        write_text(dump_rows(rows, fmt, keys), output)
        return
    from rich.table import Table
    from rich.text import Text

    style = {"due": "bold green", "deferred": "yellow", "sent": "cyan", "disabled": "dim"}
    cells = {"stage": [r["stage"] + (f" ({r['sku']})" if r["sku"] else "") for r in rows],
             "status": [r["status"].replace("_", " ") for r in rows],
             "window": ["—" if r["due_date"] is None else f"{r['due_date']} … {r['last_date']}"
                        for r in rows],
             "why": [r["reason"] for r in rows]}
    widths = _explain_widths(cells, terminal_width(output))
    table = Table(title=Text(title), title_justify="left")
    for name in cells:
        if widths is None:
            table.add_column(name, overflow="fold")
        else:
            table.add_column(name, no_wrap=True, width=widths[name])
    for i, r in enumerate(rows):
        stage, status, window, why = (
            cells[name][i] if widths is None or name == "status"
            else wrap_name(cells[name][i], widths[name]) for name in cells)
        table.add_row(Text(stage), Text(status, style=style.get(r["status"], "")),
                      Text(window), Text(why))
    print_renderable(table, output)


def _explain_widths(cells: dict[str, list[str]], width: int) -> dict[str, int] | None:
    """The explain table's widths within ``width``: the status whole, the window on one
    line or two (between the days), the stage wrapped between words, and the reason
    in what is left, wrapped between words (a setting's name after a dot:
    "messages.stages." / "review_reminder.enabled", never in the middle of a word).
    None when even that does not fit: every cell folds."""
    natural = {h: max([len(h), *map(len, values)]) for h, values in cells.items()}
    least = {"stage": max([5, *(len(w) for v in cells["stage"] for w in v.split())]),
             "status": natural["status"], "window": min(natural["window"], 12),
             "why": max([min(natural["why"], 20), *map(name_width, cells["why"])])}
    order = ["status", "why", "stage", "window"]  # what is left goes to the reason first
    got = share_width(width - 3 * len(order) - 1, [natural[h] for h in order],
                      [least[h] for h in order])
    return None if got is None else dict(zip(order, got, strict=True))


def present_history(rows: list[dict[str, Any]], fmt: str, output: Path | None) -> None:
    if fmt != "table":
        write_text(dump_rows(rows, fmt, HISTORY_KEYS), output)
        return
    from rich.table import Table
    from rich.text import Text

    # The time with a space, not "T", so a narrow table can wrap it between date and time.
    cells = {"sent_at": [(r["sent_at"] or "").replace("T", " ", 1) for r in rows],
             "stage": [r["stage"] for r in rows], "order": [r["order_id"] for r in rows],
             "sku": [r["sku"] or "" for r in rows], "buyer": [r["buyer"] or "—" for r in rows],
             "source": [r["source"] or "" for r in rows]}
    width = terminal_width(output)
    headers, widths = _history_widths(cells, width)
    table = Table(title=f"Messages sent ({len(rows)})", title_justify="left")
    for header in headers:
        if widths is None:
            table.add_column(header, overflow="fold")
        else:
            table.add_column(header, width=widths[header], no_wrap=header != "sent_at",
                             overflow="fold" if header == "sent_at" else "ellipsis")
    for i in range(len(rows)):
        values = [cells[h][i] for h in headers]
        if widths is not None and "source" in widths:
            values[-1] = _cut_left(values[-1], widths["source"])
        table.add_row(*map(Text, values))
    print_renderable(table, output)


def _history_widths(cells: dict[str, list[str]], width: int
                    ) -> tuple[list[str], dict[str, int] | None]:
    """The history table's columns and their widths within ``width``: the stage, order,
    SKU and buyer whole (ids to copy), the time on one line or wrapped between date and
    time, the source file in what is left. A narrow terminal loses the source, then the
    buyer; narrower still, None: every cell folds."""
    natural = {h: max([len(h), *map(len, values)]) for h, values in cells.items()}
    least = dict(natural, source=min(natural["source"], 12),
                 sent_at=max([len("sent_at"), *(len(part) for value in cells["sent_at"]
                                                for part in value.split(" "))]))
    headers = list(cells)
    for drop in ("source", "buyer", None):
        room = width - (3 * len(headers) + 1)  # a rule at each edge, " │ " between cells
        shared = share_width(room, [natural[h] for h in headers], [least[h] for h in headers])
        if shared is not None:
            return headers, dict(zip(headers, shared, strict=True))
        if drop is not None:
            headers.remove(drop)
    return list(cells), None


def _cut_left(text: str, width: int) -> str:
    """A path cut at its start ("…/messages-2026-11-27.csv"): its end names the file."""
    return text if len(text) <= width else "…" + text[len(text) - width + 1:]
