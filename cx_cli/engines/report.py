"""`cx report`: every weekly figure and today's messages, computed once from one Dataset.

The report is the scorecard (with platform health), refunds by SKU over the last 28
days, voice of customer, and the messages due on the run's day — the same engines as
`cx scorecard`, `cx refunds`, `cx voc` and `cx messages due`, so the report never
disagrees with them. What those commands each compute on their own is shared here:
tickets and comments are classified once, and every section reads the same frames.

Privacy is applied here too, before anything is rendered: buyer free text that
reaches the report (the top support questions) is scrubbed of phone numbers, e-mail
and street addresses, and with ``redact`` buyer names become stable pseudonyms —
in the message rows *and* in the context the message templates render from, so a
template cannot print the real name in any form.
"""

from __future__ import annotations

import operator
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from cx_cli.config import Settings
from cx_cli.engines.metrics import HEALTH_NAMES, METRIC_NAMES, REGISTRY, MetricInputs
from cx_cli.engines.metrics_refunds import RefundTable, refunds_by
from cx_cli.engines.privacy import mask, mask_all, scrub_all
from cx_cli.engines.pseudonyms import Redactor, buyer_key, keys_among, shop_salt
from cx_cli.engines.scorecard import Scorecard, build_scorecard
from cx_cli.engines.timeline import DueMessage, TimelineResult
from cx_cli.engines.timeline_snapshot import CHECKIN_LOOKBACK_DAYS
from cx_cli.engines.voc import VocResult, VocTexts, summarise_voc, voc_texts
from cx_cli.engines.weeks import Week
from cx_cli.errors import CxError
from cx_cli.io.catalog import Catalog
from cx_cli.threads import at_once

if TYPE_CHECKING:
    from cx_cli.io.dataset import Dataset
    from cx_cli.io.ledger import Ledger

REFUND_DAYS = 28  # the window of the refunds section, as `cx refunds` by default
EXTRA_FAIL_ON = {"flagged_skus": "SKUs flagged in the last 28 days of refunds"}


@dataclass
class Labels:
    """Classifier output shared by every section (None where the input is missing)."""

    tickets: pd.DataFrame | None = None
    comments: pd.DataFrame | None = None
    reviews: pd.DataFrame | None = None


@dataclass
class ReportTexts:
    """What the report reads from the texts alone: their labels and VoC's mentions
    (None without tickets, reviews or comments)."""

    labels: Labels
    voc: VocTexts | None = None


@dataclass
class ReportData:
    """Everything a report shows, computed once; presenters only format it."""

    shop: str
    as_of: date
    scorecard: Scorecard
    refunds: RefundTable | None
    voc: VocResult | None
    timeline: TimelineResult | None
    # The order lines of the due messages (``lines_of``) and the catalog: what their
    # templates read.
    message_lines: pd.DataFrame | None = None
    catalog: Catalog = field(default_factory=Catalog)
    redacted: bool = False
    redactor: Redactor | None = None
    notes: list[str] = field(default_factory=list)
    # Remembers rendered messages beside the parsed inputs (``Dataset.memoizer``).
    memo: Any = None
    catalog_files: list[Path] = field(default_factory=list)

    @property
    def week(self) -> Week:
        return self.scorecard.week

    @property
    def due(self) -> list[DueMessage]:
        return [] if self.timeline is None else self.timeline.due

    def value(self, metric: str) -> float | None:
        """A ``--fail-on`` metric's value this week (None when it could not be computed)."""
        if metric == "flagged_skus":
            return None if self.refunds is None else float(len(self.refunds.flagged))
        value = self.scorecard.current(metric)
        return None if value is None else float(value)


# --- one classification for every section ------------------------------------------------


def classify(ds: Dataset, settings: Settings, as_of: date,
             memo: Callable[..., Any] | None = None) -> Labels:
    """Tickets, comments and 1–2 star reviews through their classifiers, once.

    Labels are per row, so one pass over everything that existed by ``as_of`` serves
    the scorecard (its weeks), VoC (its period) and the timeline (recent tickets).
    ``memo`` (``Dataset.memo``, from the caller) remembers each set of labels beside
    the parsed inputs, keyed by the day, the rules files and the catalog.
    """
    from cx_cli.io.cache import file_digest

    def remembered(kind: str, needs: str, compute: Callable[[], Any], parts: dict,
                   code: tuple) -> Any:
        if memo is None:
            return compute()
        return memo(kind, (needs,), compute, parts, code=code)

    labels = Labels()
    day = {"as_of": as_of.isoformat()}
    rules = None
    if (ds.tickets is not None and len(ds.tickets)) or (ds.reviews is not None
                                                        and len(ds.reviews)):
        from cx_cli.engines import triage
        from cx_cli.engines.triage_rules import triage_rules_for

        rules = triage_rules_for(settings)
        rules_file = {"rules": file_digest(rules.path)}
    if ds.tickets is not None and len(ds.tickets):
        catalog = {"catalog": [file_digest(p) for p in ds.paths.get("products", [])]}
        labels.tickets = remembered(
            "ticket_labels.report", "tickets",
            lambda: triage.classify_tickets(ds.tickets, rules, as_of=as_of, catalog=ds.catalog),
            {**day, **rules_file, **catalog}, triage.CODE)
    if ds.comments is not None and len(ds.comments):
        from cx_cli.engines import comments

        comment_rules = comments.comment_rules_for(settings)
        labels.comments = remembered(
            "comment_labels.report", "comments",
            lambda: comments.classify_comments(ds.comments, comment_rules, as_of=as_of),
            {**day, "rules": file_digest(comment_rules.path)}, comments.CODE)
    if ds.reviews is not None and len(ds.reviews):
        labels.reviews = remembered(
            "review_labels.report", "reviews",
            lambda: _review_labels(ds.reviews, settings, rules), rules_file, triage.CODE)
    return labels


def _review_labels(reviews: pd.DataFrame, settings: Settings, rules: Any) -> pd.DataFrame | None:
    """The same reading `cx voc` gives a low review (see triage.classify_low_reviews)."""
    from cx_cli.engines.triage import classify_low_reviews
    from cx_cli.engines.triage_rules import triage_rules_for

    return classify_low_reviews(reviews, rules or triage_rules_for(settings))


def _recent(labels: pd.DataFrame | None, tickets: pd.DataFrame | None, as_of: date,
            tz: str) -> pd.DataFrame | None:
    """The labels of tickets created in the timeline's check-in lookback (as `messages due`)."""
    if labels is None or tickets is None:
        return None
    start = pd.Timestamp(as_of - timedelta(days=CHECKIN_LOOKBACK_DAYS), tz=tz)
    created = tickets["created_at"]
    if getattr(created.dt, "tz", None) is None:
        return labels
    return _labels_of(labels, tickets.loc[
        (created >= start).fillna(False).to_numpy(dtype=bool), "ticket_id"])


def _untagged(labels: pd.DataFrame | None, tickets: pd.DataFrame | None) -> pd.DataFrame | None:
    """The labels of tickets the export leaves untagged: what `cx voc` reads (a tagged
    ticket keeps its tag, and its category too)."""
    if labels is None or tickets is None:
        return None
    return _labels_of(labels, tickets.loc[tickets["subcategory"].isna().to_numpy(dtype=bool),
                                          "ticket_id"])


def _labels_of(labels: pd.DataFrame, ticket_ids: pd.Series) -> pd.DataFrame | None:
    """The labels of these tickets (ids compared as text), None when there are none."""
    import pyarrow.compute as pc

    from cx_cli.engines import columns

    # In Arrow: pandas' isin on text columns goes through a Python list of the values.
    keep = columns.mask(pc.is_in(columns.text(labels["ticket_id"]),
                                 value_set=columns.text(ticket_ids), skip_nulls=True))
    out = labels.loc[keep]
    return out if len(out) else None


# --- the report ----------------------------------------------------------------------------


def read_texts(ds: Dataset, settings: Settings, as_of: date,
               memo: Callable[..., Any] | None = None) -> ReportTexts:
    """The texts' labels and VoC's mentions and questions: everything that reads no
    orders, so it can run while they load (``load_dataset``'s ``meanwhile``)."""
    labels = classify(ds, settings, as_of, memo)
    if ds.tickets is None and ds.reviews is None and ds.comments is None:
        return ReportTexts(labels)
    return ReportTexts(labels, voc_texts(
        as_of=as_of, tickets=ds.tickets, reviews=ds.reviews, comments=ds.comments,
        ticket_labels=_untagged(labels.tickets, ds.tickets), comment_labels=labels.comments,
        review_labels=labels.reviews, weeks=settings.voc.weeks))


def build_report(ds: Dataset, settings: Settings, as_of: date, *, ledger: Ledger | None = None,
                 redact: bool = False, memo: Callable[..., Any] | None = None,
                 texts: ReportTexts | None = None,
                 on_weekly: Callable[[ReportData], None] | None = None) -> ReportData:
    """Compute every section of the report for the run day ``as_of``.

    Args:
        ledger: the sent-message ledger; messages in it are not due again (as in
            `cx messages due`). None reads as an empty ledger.
        redact: replace buyer names with pseudonyms (``pseudonym``, salted per shop).
        memo: remembers the classifier labels between runs (``Dataset.memo``).
        texts: ``read_texts`` of the same inputs and day, when already worked out.
        on_weekly: sees the weekly figures as soon as they are made (a ``ReportData``
            without the day's messages), in another thread while the messages due are
            worked out: the report starts drawing its charts then.
    """
    texts = texts or read_texts(ds, settings, as_of, memo)
    labels = texts.labels
    notes: list[str] = []
    redactor = None
    if redact:
        # The aliases are worked out in Arrow, which lets go of the GIL: beside the names.
        aliases, names = at_once(lambda: _buyer_aliases(ds), lambda: _buyer_names(ds))
        redactor = Redactor(shop_salt(settings.shop.name), names, aliases)
    remembering = ds.remembering if hasattr(ds, "remembering") else None

    def weekly() -> tuple[Scorecard, RefundTable | None, VocResult | None]:
        inputs = MetricInputs.from_dataset(ds, labels.tickets, labels.comments)
        card = build_scorecard(inputs, settings, as_of)
        refunds = None
        if ds.orders is not None:
            last = as_of - timedelta(days=1)
            refunds = refunds_by(ds.orders, ds.returns, last - timedelta(days=REFUND_DAYS - 1),
                                 last, by="sku", min_lines=settings.scorecard.min_lines)
        voc = None
        if texts.voc is not None:
            voc = summarise_voc(texts.voc, orders=ds.orders, returns=ds.returns,
                                fixes=ds.fixes, min_lines=settings.voc.min_lines)
            for q in voc.top_questions:
                q["question"] = mask(q["question"], redactor)
        if on_weekly is not None:
            on_weekly(ReportData(settings.shop.name, as_of, card, refunds, voc, None,
                                 redacted=redact, redactor=redactor, memo=remembering))
        return card, refunds, voc

    def due_today() -> tuple[TimelineResult | None, pd.DataFrame | None]:
        if ds.orders is None:
            return None, None
        from cx_cli.engines.message_context import lines_of
        from cx_cli.engines.timeline import ledger_inputs
        from cx_cli.engines.timeline_memo import compute_remembered

        inputs = {"tickets": ds.tickets, "reviews": ds.reviews, "returns": ds.returns,
                  "catalog": ds.catalog, "settings": settings, "as_of": as_of,
                  "ticket_labels": _recent(labels.tickets, ds.tickets, as_of,
                                           settings.shop.tz)}
        timeline = compute_remembered(
            ds.orders, memo=memo, inputs=inputs,
            ledger_inputs=lambda: ledger_inputs(ledger, settings, as_of),
            ledger_stamp=None if ledger is None else ledger.stamp(),
            catalog_files=ds.paths.get("products", []))
        if redactor is not None:
            # The template context is built from the message: it renders the pseudonym,
            # so no template can print the real name in any form.
            timeline.due = [m._replace(buyer=redactor.name(m.buyer)) for m in timeline.due]
        else:
            timeline.due = _scrubbed_buyers(timeline.due)
        lines = lines_of(ds.orders, {m.order_id for m in timeline.due})
        if redactor is not None and "buyer_name" in lines.columns:
            # Nor the display name the export gives: messages greet the pseudonym.
            lines = lines.drop(columns="buyer_name")
        return timeline, lines

    # pandas lets go of the GIL for most of their work: the two take the time of one.
    (card, refunds, voc), (timeline, lines) = at_once(weekly, due_today)
    if voc is None:
        notes.append("Voice of customer: no tickets, reviews or comments were given.")
    if timeline is None:
        notes.append("Messages due: no orders export was given.")
    return ReportData(settings.shop.name, as_of, card, refunds, voc, timeline, lines,
                      ds.catalog, redacted=redact, redactor=redactor, notes=notes,
                      memo=remembering, catalog_files=list(ds.paths.get("products", [])))


def _scrubbed_buyers(due: list[Any]) -> list[Any]:
    """The due messages with contact details masked in their buyer names.

    A username is typed by the buyer ("call 415-555-0134"): it reaches the report's buyer
    column as it is, where the message text that prints it is scrubbed. Each distinct
    name is scrubbed once, in one quick pass (``scrub_all``); most have nothing to mask.
    """
    buyers = list({m.buyer for m in due if isinstance(m.buyer, str)})
    masked = {buyer: scrubbed for buyer, scrubbed in zip(buyers, scrub_all(buyers), strict=True)
              if scrubbed != buyer}
    if not masked:
        return due
    return [m._replace(buyer=masked[m.buyer]) if m.buyer in masked else m for m in due]


def _buyer_names(ds: Dataset) -> Iterable[str]:
    """Every buyer name in the inputs: redaction must also catch them inside free text."""
    names: set[str] = set()
    for frame in (ds.orders, ds.tickets, ds.reviews):
        if frame is not None and "buyer" in frame.columns:
            names.update(str(v) for v in frame["buyer"].dropna().unique())
    if ds.comments is not None and "author" in ds.comments.columns:
        # A comment's author is a buyer's handle ("kelly.smith22"); one of letters only
        # ("wow", "help") would be masked wherever the word is written.
        names.update(h for h in map(str, ds.comments["author"].dropna().unique())
                     if any(not c.isalpha() for c in h))
    return names


def _buyer_aliases(ds: Dataset) -> dict[str, str]:
    """The name each ticket or review was signed with -> the username on its order, where
    the two differ ("Maria Lopez" on maria.lopez's order): one buyer, one pseudonym.

    A name that is itself an order's username, or is signed on orders of more than one
    buyer, stays a buyer of its own. Done in Arrow: at a million order lines a join in
    pandas took 0.1–0.2 s, this 0.05 s.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from cx_cli.engines.columns import mask, text

    orders = ds.orders
    frames = [frame for frame in (ds.tickets, ds.reviews)
              if frame is not None and {"order_id", "buyer"} <= set(frame.columns)]
    if orders is None or not {"order_id", "buyer"} <= set(orders.columns) or not frames:
        return {}

    def joined(column: str) -> pa.ChunkedArray:
        arrays = [pc.cast(text(frame[column]), pa.large_string()) for frame in frames]
        return pa.chunked_array([chunk for arr in arrays for chunk in
                                 (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr])],
                                type=pa.large_string())

    order_ids, names = joined("order_id"), joined("buyer")
    ids = pc.unique(order_ids.drop_null())
    # The buyer of each order a ticket or review is on (from any one of its lines).
    order_lines = text(orders["order_id"])
    where = pc.index_in(order_lines, value_set=pc.cast(ids, order_lines.type))
    line_of = np.full(len(ids), -1, dtype=np.int64)
    line_of[pc.drop_null(where).to_numpy()] = np.flatnonzero(mask(pc.is_valid(where)))
    owner_of = pc.take(text(orders["buyer"]), pa.array(line_of, mask=line_of < 0))
    owners = pc.take(owner_of, pc.index_in(order_ids, value_set=ids))
    # Most are signed with the order's username itself: only the others are looked at.
    other = mask(pc.not_equal(names, pc.cast(owners, pa.large_string())))
    pairs = set(zip(pc.filter(names, other).to_pylist(), pc.filter(owners, other).to_pylist(),
                    strict=True))
    targets: dict[str, set[str]] = {}  # buyer key of a name -> those of its orders' buyers
    for name, owner in pairs:
        key, target = buyer_key(name), buyer_key(owner)
        if key != target:
            targets.setdefault(key, set()).add(target)
    usernames = keys_among(text(orders["buyer"]), targets)
    return {name: owner for name, owner in pairs
            if len(targets.get(key := buyer_key(name), ())) == 1 and key not in usernames}


def private_text(data: ReportData, text: str | None) -> str | None:
    """Free text for the report: buyer names redacted when asked, contact details scrubbed."""
    if text is None:
        return None
    return mask(text, data.redactor)


def private_texts(data: ReportData, texts: list[str],
                  masked: Callable[[], list[str]] | None = None) -> list[str]:
    """``private_text`` of many texts (a day's messages), remembered beside the parsed
    inputs: keyed by the texts themselves and, with redaction, the names it replaces.

    ``masked``, when given, returns them already masked (work started earlier, in the
    report's worker process); it is called only when the cache has no answer.
    """
    def masked_texts() -> list[str]:
        return masked() if masked is not None else mask_all(texts, data.redactor)

    def compute() -> pd.DataFrame:
        return pd.DataFrame({"text": masked_texts()})

    if data.memo is None or not texts:
        return masked_texts()
    import hashlib

    from cx_cli.engines import privacy, pseudonyms

    digest = hashlib.blake2b("\0".join(texts).encode("utf-8", "surrogatepass"),
                             digest_size=16).hexdigest()
    redactor = data.redactor
    parts = {"texts": digest, "count": len(texts),
             "redactor": None if redactor is None else redactor.digest()}
    frame = data.memo("private_texts", (), compute, parts,
                      code=(privacy, pseudonyms, sys.modules[__name__]))
    out = frame["text"].tolist() if frame is not None and len(frame) == len(texts) else None
    return out if out is not None else masked_texts()


# --- --fail-on -----------------------------------------------------------------------------

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
    ">": operator.gt, "<": operator.lt,
}
_EXPRESSION = re.compile(r"^\s*([a-z0-9_]+)\s*(>=|<=|==|!=|>|<)\s*([-+]?\d+(?:\.\d+)?)\s*(%?)\s*$")


def fail_on_metrics() -> list[str]:
    """The metric keys ``--fail-on`` accepts: the scorecard and platform health (SPEC §13)."""
    return [*METRIC_NAMES, *HEALTH_NAMES, *EXTRA_FAIL_ON]


@dataclass(frozen=True)
class FailOn:
    """One ``--fail-on`` threshold: the run needs a human when ``metric op value`` holds."""

    metric: str
    op: str
    value: float
    text: str

    def breached(self, value: float | None) -> bool:
        return value is not None and _OPS[self.op](value, self.value)


def parse_fail_on(expression: str) -> FailOn:
    """'refund_rate>0.08' (or '8%') -> FailOn; a bad expression or metric is a CxError."""
    m = _EXPRESSION.match(expression.strip().lower())
    if m is None:
        raise CxError(f"--fail-on {expression!r} is not METRIC OP NUMBER",
                      "e.g. --fail-on 'refund_rate>0.08' or 'late_dispatch_rate>=4%'; OP is "
                      "one of > >= < <= == !=")
    name, op, number, percent = m.groups()
    known = fail_on_metrics()
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, known, n=1)
        hint = (f"did you mean {close[0]}? " if close else "") + "metrics: " + ", ".join(known)
        raise CxError(f"--fail-on {expression!r}: unknown metric '{name}'", hint)
    fmt = REGISTRY[name].fmt if name in REGISTRY else "count"
    if percent and fmt != "pct":
        raise CxError(f"--fail-on {expression!r}: {name} is not a rate, so a percentage "
                      "means nothing for it",
                      f"give a plain number, e.g. --fail-on '{name}{op}{number}'")
    value = float(number) / (100 if percent else 1)
    return FailOn(name, op, value, f"{name} {op} {number}{percent}")


@dataclass(frozen=True)
class Breach:
    rule: FailOn
    value: float
    week: str
    # What the value was measured on, when not the week (flagged_skus: the 28 days).
    span: str | None = None

    def message(self) -> str:
        fmt = REGISTRY[self.rule.metric].fmt if self.rule.metric in REGISTRY else "count"
        shown = f"{self.value * 100:.1f}%" if fmt == "pct" else f"{self.value:g}"
        return (f"{self.rule.metric} is {shown} in {self.span or self.week} "
                f"(--fail-on {self.rule.text})")


def breaches(data: ReportData, rules: Iterable[FailOn]) -> list[Breach]:
    """The thresholds the report's week breaches; a metric that is null breaches none."""
    out = []
    for rule in rules:
        value = data.value(rule.metric)
        if rule.breached(value):
            assert value is not None
            span = None
            if rule.metric == "flagged_skus" and data.refunds is not None:
                span = (f"the lines paid {data.refunds.paid_from.isoformat()} to "
                        f"{data.refunds.paid_to.isoformat()}")
            out.append(Breach(rule, value, data.week.name, span))
    return out
