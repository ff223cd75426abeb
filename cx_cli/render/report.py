"""Presenting `cx report`: the run's Markdown, CSV and JSON files, its HTML page, the index.

File naming (one place, ``RunNames``): a run as of day D reports week W, the last
complete ISO week before D, and writes into ``DIR/W/``:

- per week (the newest run of the week replaces them): ``scorecard-W``, ``health-W``,
  ``voc-W`` as .md, .csv and .json;
- per day: ``refunds-D`` (lines paid in the 28 days before D) and ``messages-D`` (due
  on D) as .md, .csv and .json, the page ``report-D.html``, and ``run-D.json``, the
  run's manifest (headline numbers, files, breached thresholds) the index reads.

``DIR/index.html`` lists every run found under DIR, newest first. Every CSV goes
through ``dump_csv`` (formulas neutralised); the HTML through the sandboxed,
autoescaped Jinja environment — only the SVG charts, which cx draws itself, are
marked safe.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cx_cli.config import Settings
from cx_cli.engines.metrics import HEALTH, REGISTRY
from cx_cli.engines.metrics_refunds import RefundTable
from cx_cli.engines.privacy import mask, mask_all
from cx_cli.engines.report import Breach, ReportData, private_text, private_texts
from cx_cli.render import charts
from cx_cli.render.messages import KEYS, dump_rows
from cx_cli.render.output import dump_csv, dump_json, dump_markdown, readable_name
from cx_cli.render.scorecard import (
    format_change,
    format_value,
    group_label,
    scorecard_csv,
    scorecard_markdown,
)
from cx_cli.render.templating import make_environment, render
from cx_cli.render.worker import (
    RENDER_WORKER_MESSAGES,
    REPORT_WORKER_MESSAGES,
    Job,
    Worker,
    gather,
)

REPORT_TEMPLATE = "report/report.html.j2"
INDEX_TEMPLATE = "report/index.html.j2"
MANIFEST_VERSION = 1
HTML_MESSAGES = 100  # rows of the messages table on the page; the CSV has them all
HTML_SKUS = 15
WEEKLY = ("scorecard", "health", "voc")
DAILY = ("refunds", "messages")
FORMATS = ("md", "csv", "json")
# The headline cards, in order: the numbers a seller looks at first.
HEADLINE = ("refund_rate", "frt_median_hours", "avg_rating", "repeat_rate_30",
            "negative_comment_rate")
MESSAGE_KEYS = KEYS  # the messages files have the columns `messages due` writes
REFUND_COLUMNS = ["sku", "lines", "refunded", "rate", "ci_low", "ci_high", "flagged"]
HEALTH_CSV = ["metric", "label", "week", "value", "previous", "change", "threshold",
              "healthy", "status", "fix"]


@dataclass(frozen=True)
class RunNames:
    """Where one run's files go, relative to the output folder."""

    week: str
    day: date

    @property
    def folder(self) -> str:
        return self.week

    def section(self, name: str, ext: str) -> str:
        stamp = self.week if name in WEEKLY else self.day.isoformat()
        return f"{name}-{stamp}.{ext}"

    @property
    def html(self) -> str:
        return f"report-{self.day.isoformat()}.html"

    @property
    def manifest(self) -> str:
        return f"run-{self.day.isoformat()}.json"


class FileTexts(Mapping[str, str | bytes]):
    """File name -> text (or UTF-8 bytes), where a text may be made only when it is read.

    The messages files of a big day are tens of megabytes each: made one at a time as
    they are written, only one of them is ever in memory.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str | bytes | Callable[[], str | bytes]] = {}

    def __setitem__(self, name: str, text: str | bytes | Callable[[], str | bytes]) -> None:
        self._texts[name] = text

    def __getitem__(self, name: str) -> str | bytes:
        text = self._texts[name]
        return text() if callable(text) else text

    def __contains__(self, name: object) -> bool:
        return name in self._texts  # without making the text

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


@dataclass
class RunFiles:
    """One run's files (name in the week folder -> text), in the order they are written."""

    names: RunNames
    files: FileTexts = field(default_factory=FileTexts)
    refused: list[str] = field(default_factory=list)  # one line per lint finding
    refused_messages: int = 0  # the messages those findings kept out
    # Files of a section this run has nothing for (VoC without tickets, comments or
    # reviews) that an earlier run of the week, or of the day, wrote: removed once the
    # run's files are written, so the folder holds what its manifest says.
    stale: list[str] = field(default_factory=list)


# --- the run's files -----------------------------------------------------------------------


def report_files(data: ReportData, settings: Settings,
                 breached: list[Breach] | None = None, *, worker: Worker | None = None,
                 page: PageSections | None = None, newer_run: str | None = None) -> RunFiles:
    """Every file of the run; the manifest last, so a run without one is unfinished.

    Everything that can fail (rendering the messages, the page) is done here; the
    messages files are made as they are read (written). From
    ``REPORT_WORKER_MESSAGES`` due, the page's charts (about a second of matplotlib),
    the masking of the messages' contact details and part of their rendering are done
    in a worker process (``worker``, or one started here); it is let go before the
    files are made, so its memory and theirs do not add up. ``page``: the page's
    sections from ``start_charts``, their charts perhaps drawn already. ``newer_run``:
    the date of a later run of the same week already in the folder (a backfill): the
    week's scorecard, health and VoC files stay that run's, as the index says.
    """
    breached = breached or []
    if newer_run is not None:
        data.notes.append(f"The week's scorecard, health and VoC files are those of the "
                          f"later run of {newer_run}; this run left them as they were.")
    names = RunNames(data.week.name, data.as_of)
    out = RunFiles(names)
    page = page or page_sections(data)
    # A worker is started by its first job: a rerun may have none.
    with worker or Worker() as worker:
        big_day = len(data.due) >= REPORT_WORKER_MESSAGES
        if big_day:
            page.chart_batch.start(worker, data.memo)
        messages, items, refused, out.refused_messages = message_rows(
            data, settings, worker if big_day else None)
        out.refused = refused
        sections = {
            "scorecard": _scorecard_files(data),
            "health": _health_files(data),
            "voc": _voc_files(data),
            "refunds": _refund_files(data),
            "messages": _message_files(data, messages),
        }
        for section, texts in sections.items():
            if newer_run is not None and section in WEEKLY:
                continue
            for ext in FORMATS:
                if texts is None:
                    out.stale.append(names.section(section, ext))
                else:
                    out.files[names.section(section, ext)] = texts[ext]
        # The page quotes what the lint found: contact details in a template are masked
        # there as in every text of the report (the log on stderr keeps them).
        out.files[names.html] = report_html(data, settings, messages,
                                            [private_text(data, line) for line in refused],
                                            breached, out, page, items)
    out.files[names.manifest] = dump_json(manifest(data, names, out, messages, breached))
    return out


def _scorecard_files(data: ReportData) -> dict[str, str]:
    card = data.scorecard
    return {"md": scorecard_markdown(card), "csv": scorecard_csv(card),
            "json": dump_json(card.to_json())}


def _health_rows(data: ReportData) -> list[dict[str, Any]]:
    rows = []
    for r in data.scorecard.health_rows():
        rows.append({**r, "week": data.week.name, "status": health_status(r),
                     "fix": REGISTRY[r["metric"]].fix if r["healthy"] is False else None})
    return rows


def health_status(row: dict[str, Any]) -> str:
    if row["healthy"] is None:
        return "—"
    if row["healthy"]:
        return "ok"
    return "over threshold" if row["direction"] == "down" else "below threshold"


def _health_files(data: ReportData) -> dict[str, str]:
    card = data.scorecard
    rows = _health_rows(data)
    md = [f"# Platform health {card.week.name}\n\n",
          f"Week {card.week.start.isoformat()} to "
          f"{(card.week.end - timedelta(days=1)).isoformat()} (shop time) beside TikTok's "
          f"published thresholds; as of {card.as_of.isoformat()}.\n\n"]
    md.append(dump_markdown(
        [{"metric": r["label"], "week": format_value(r["value"], "pct"),
          "previous": format_value(r["previous"], "pct"),
          "threshold": r["threshold"] + (f" ({r['threshold_note']})"
                                         if r["threshold_note"] else ""),
          "status": r["status"]} for r in rows],
        ["metric", "week", "previous", "threshold", "status"],
        ["Metric", "This week", "Previous", "TikTok threshold", "Status"]))
    outside = [r for r in rows if r["healthy"] is False]
    if outside:
        md.append("\n## Outside the threshold\n\n" + "".join(
            f"- **{r['label']}** ({format_value(r['value'], 'pct')}, threshold "
            f"{r['threshold']}): {r['fix']}\n" for r in outside))
    payload = {
        "week": card.week.name, "as_of": card.as_of,
        "platform_health": {r["metric"]: r["value"] for r in rows},
        "previous": {r["metric"]: r["previous"] for r in rows},
        "thresholds": {m.name: {"op": m.threshold.op, "value": m.threshold.value,
                                "note": m.threshold.note or None}
                       for m in HEALTH if m.threshold is not None},
        "healthy": {r["metric"]: r["healthy"] for r in rows},
    }
    csv_rows = [{**r, "threshold": r["threshold"]} for r in rows]
    return {"md": "".join(md), "csv": dump_csv(csv_rows, HEALTH_CSV), "json": dump_json(payload)}


def _voc_files(data: ReportData) -> dict[str, str] | None:
    if data.voc is None:
        return None
    from cx_cli.render.voc import csv_rows, markdown

    rows, columns = csv_rows(data.voc)
    return {"md": markdown(data.voc), "csv": dump_csv(rows, columns),
            "json": dump_json(data.voc.as_dict())}


def _refund_summary(table: RefundTable, min_lines: int) -> str:
    return (f"{table.lines:,} lines, {table.refunded:,} refunded, shop rate "
            f"{format_value(table.rate, 'pct')}; flagged: at least {min_lines} lines and the "
            "95% interval above the shop rate.")


def _refund_files(data: ReportData) -> dict[str, str] | None:
    table = data.refunds
    if table is None:
        return None
    min_lines = data.scorecard.min_lines
    shown = [{"sku": r["sku"] or "—", "lines": r["lines"], "refunded": r["refunded"],
              "rate": format_value(r["rate"], "pct"), "ci": ci_text(r),
              "flag": "FLAGGED" if r["flagged"] else ""} for r in table.rows]
    md = (f"# Refund rate by {group_label('sku')}, lines paid {table.paid_from.isoformat()} to "
          f"{table.paid_to.isoformat()}\n\n{_refund_summary(table, min_lines)}\n\n")
    md += dump_markdown(shown, ["sku", "lines", "refunded", "rate", "ci", "flag"],
                        [group_label("sku", heading=True), "Lines", "Refunded", "Rate",
                         "95% CI", "Flag"]) \
        if shown else "No lines in the window.\n"
    return {"md": md, "csv": dump_csv(table.rows, REFUND_COLUMNS),
            "json": dump_json(table.rows)}


def ci_text(row: dict[str, Any]) -> str:
    return f"{format_value(row['ci_low'], 'pct')}–{format_value(row['ci_high'], 'pct')}"


def message_rows(data: ReportData, settings: Settings, worker: Worker | None = None
                 ) -> tuple[list[dict[str, Any]], list[str], list[str], int]:
    """The due messages rendered and linted as `cx messages due` lists them (rows of
    ``MESSAGE_KEYS``), each row's items (masked as the texts), why the refused ones were (a line
    per finding) and how many messages were refused.

    A message the policy lint refuses is left out (its reason is returned); texts are
    scrubbed of contact details and, with redaction, of buyer names. With ``worker``,
    each rendered batch is masked there while the next one renders; from
    ``RENDER_WORKER_MESSAGES`` due, the worker instead renders and masks the last
    ``REPORT_WORKER_SHARE`` of them while this process renders and masks the rest.
    Contexts are built a batch at a time, so a big day never holds every context at
    once.
    """
    if not data.due or data.message_lines is None:
        return [], [], [], 0
    from cx_cli.engines.message_context import MessageContexts
    from cx_cli.render.messages import (
        REPORT_WORKER_SHARE,
        Offload,
        Rendered,
        refusal_lines,
        render_remembered,
    )

    def contexts(some: list[Any]) -> MessageContexts:
        return MessageContexts(data.message_lines, {m.order_id for m in some},
                               catalog=data.catalog, settings=settings, as_of=data.as_of)

    masking: list[Job | list[str]] = []  # masked texts, or the job making them

    def mask_batch(batch: list[tuple[Rendered, str]], masked: list[str] | None) -> None:
        if masked is None:
            texts = [r.text for r, _ in batch]
            # With a share to render and mask, the worker has no time for these.
            masked = mask_all(texts, data.redactor) if offload is not None else \
                worker.submit(mask_all, texts, data.redactor)
        masking.append(masked)

    channel = settings.messages.channel
    items_seen: dict[str, str | None] = {}  # few distinct item lists: masked once each
    rows: list[dict[str, Any]] = []
    row_items: list[str | None] = []
    kept: list[int] = []
    refused = []
    offload: Offload | None = None
    if worker is not None and len(data.due) >= RENDER_WORKER_MESSAGES:
        offload = Offload(worker, data.message_lines, data.catalog, REPORT_WORKER_SHARE,
                          also=functools.partial(mask_all, redactor=data.redactor))
    rendered_all = render_remembered(data.due, contexts, settings, as_of=data.as_of,
                                     memo=data.memo, catalog_files=data.catalog_files,
                                     on_batch=mask_batch if worker is not None else None,
                                     offload=offload)
    for i, (rendered, items) in enumerate(rendered_all):
        if rendered.violations:
            refused.append(rendered)
            continue
        if items not in items_seen:
            # As the text beside them: a personalised item can name its buyer.
            items_seen[items] = mask(items, data.redactor)
        row_items.append(items_seen[items])
        rows.append(rendered.row(channel))
        kept.append(i)

    def masked() -> list[str]:
        done = iter(gather([part for part in masking if isinstance(part, Job)]))
        every = [text for part in masking
                 for text in (next(done) if isinstance(part, Job) else part)]
        return [every[i] for i in kept]

    texts = private_texts(data, [r["text"] for r in rows], masked if masking else None)
    for row, text in zip(rows, texts, strict=True):
        row["text"] = text
    return rows, row_items, refusal_lines(refused), len(refused)


def _message_files(data: ReportData, rows: list[dict[str, Any]]
                   ) -> dict[str, Callable[[], str | bytes]] | None:
    """The messages files, each made when it is written (see FileTexts).

    With the cache on, the Markdown and CSV files (about 2 s at 100,000 messages) are
    remembered, keyed by a digest of the rows: a rerun on the same day and exports
    reads them back.
    """
    if data.timeline is None:
        return None

    def json() -> bytes:
        # The rows are ``Rendered.row``'s, their texts masked (text for text).
        return dump_rows(rows, "json", MESSAGE_KEYS, listed=True)

    def md() -> str:
        return (f"# Messages due {data.as_of.isoformat()} ({len(rows)})\n\n"
                + (dump_markdown(rows, MESSAGE_KEYS) if rows else "None due.\n"))

    def csv() -> str:
        return dump_csv(rows, MESSAGE_KEYS)

    remember = getattr(data.memo, "text", None)
    if remember is None or not rows:
        return {"md": md, "csv": csv, "json": json}
    digest: list[str] = []

    def remembered(kind: str, make: Callable[[], str]) -> Callable[[], str]:
        def text() -> str:
            import hashlib
            import sys

            import orjson

            from cx_cli.render import output

            if not digest:
                # The rows whole (``MESSAGE_KEYS``, in order), keys and all: one C call.
                digest.append(hashlib.blake2b(orjson.dumps(rows, default=str),
                                              digest_size=16).hexdigest())
            return remember(f"message_files.{kind}", (), make,
                            {"rows": digest[0], "as_of": data.as_of.isoformat()},
                            code=(output, sys.modules[__name__]))
        return text

    return {"md": remembered("md", md), "csv": remembered("csv", csv), "json": json}


def manifest(data: ReportData, names: RunNames, run: RunFiles, messages: list[dict[str, Any]],
             breached: list[Breach]) -> dict[str, Any]:
    """What the index needs to list a run without reading its page."""
    card = data.scorecard
    health = card.health_rows()
    return {
        "cx_report": MANIFEST_VERSION,
        "shop": data.shop,
        "date": data.as_of,
        "week": data.week.name,
        "html": names.html,
        "files": [*run.files, names.manifest],
        "redacted": data.redacted,
        "headline": {
            "refund_rate": card.current("refund_rate"),
            "refund_rate_previous": card.previous("refund_rate"),
            "flagged_skus": [r["sku"] for r in data.refunds.flagged] if data.refunds else [],
            "wrong_way": card.wrong_way(),
            "health_outside": [r["metric"] for r in health if r["healthy"] is False],
            "messages_due": len(messages),
            "messages_refused": run.refused_messages,
            "needs_owner": [i["issue"] for i in data.voc.issues if i["needs_owner"]]
            if data.voc else [],
        },
        "breaches": [{"metric": b.rule.metric, "rule": b.rule.text, "value": b.value}
                     for b in breached],
    }


# --- the HTML page -------------------------------------------------------------------------


def _state(wrong_way: bool | None) -> str:
    return {True: "bad", False: "good", None: "neutral"}[wrong_way]


def _metric_view(row: dict[str, Any], weeks: list[str], *, threshold: float | None = None,
                 charts_later: charts.ChartBatch | None = None) -> dict[str, Any]:
    fmt = row["format"]
    state = _state(row["wrong_way"])
    view = {
        "name": row["metric"], "label": row["label"], "arrow": row["arrow"],
        "value": format_value(row["value"], fmt), "previous": format_value(row["previous"], fmt),
        "change": format_change(row["change"], fmt), "state": state,
        "changed": row["change"] is not None,
        "fix": row["fix"],
    }
    if charts_later is not None:
        charts_later.later(view, "chart", charts.trend_chart, weeks, row["series"], fmt,
                           state=state, threshold=threshold, name=row["metric"])
    return view


def _flagged(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"sku": r["sku"] or "—", "lines": r["lines"], "refunded": r["refunded"],
             "rate": format_value(r["rate"], "pct"), "ci": ci_text(r)}
            for r in rows if r["flagged"]]


@dataclass
class PageSections:
    """The page's sections that do not depend on the day's messages, formatted, with
    their charts wanted (``chart_batch``): made before the messages render, so the
    charts can be drawn meanwhile."""

    metrics: list[dict[str, Any]]
    headline: list[dict[str, Any]]
    health: list[dict[str, Any]]
    cohort_rows: list[dict[str, Any]]
    refunds: dict[str, Any] | None
    voc: dict[str, Any] | None
    chart_batch: charts.ChartBatch


def start_charts(data: ReportData, worker: Worker) -> PageSections:
    """The page's sections, their charts drawing in ``worker`` (unless remembered).

    ``data`` needs only the weekly figures (``build_report``'s ``on_weekly``): the
    charts then draw while the day's messages are worked out.
    """
    page = page_sections(data)
    page.chart_batch.start(worker, data.memo)
    return page


def page_sections(data: ReportData) -> PageSections:
    from cx_cli.render.voc import ARROWS, VERDICT_TEXT, pct, skus_text

    card = data.scorecard
    weeks = [w.name for w in card.weeks]
    rows = [r for r in card.metric_rows() if not r["optional"] or r["computed"]]
    batch = charts.ChartBatch()
    metric_views = [_metric_view(r, weeks, charts_later=batch) for r in rows]
    by_name = {v["name"]: v for v in metric_views}
    headline = [by_name[n] for n in HEADLINE if n in by_name]
    health = []
    for r in _health_rows(data):
        m = REGISTRY[r["metric"]]
        view = _metric_view(r, weeks, threshold=m.threshold.value if m.threshold else None,
                            charts_later=batch)
        view.update({"threshold": r["threshold"], "threshold_note": r["threshold_note"],
                     "status": r["status"],
                     "health": {True: "good", False: "bad", None: "neutral"}[r["healthy"]],
                     "fix": r["fix"]})
        health.append(view)
    cohort = card.cohort
    cohort_rows = [] if cohort is None else [
        {"sku": r["sku"] or "—", "lines": f"{r['lines']:,}", "refunded": f"{r['refunded']:,}",
         "rate": format_value(r["rate"], "pct"), "ci": ci_text(r), "flagged": r["flagged"]}
        for r in cohort.rows[:10]]
    refunds = None
    if data.refunds is not None:
        t = data.refunds
        refunds = {
            "paid_from": t.paid_from.isoformat(), "paid_to": t.paid_to.isoformat(),
            "summary": _refund_summary(t, card.min_lines),
            "rate": format_value(t.rate, "pct"),
            "rows": [{"sku": r["sku"] or "—", "lines": f"{r['lines']:,}",
                      "refunded": f"{r['refunded']:,}", "rate": format_value(r["rate"], "pct"),
                      "ci": ci_text(r), "flagged": r["flagged"]} for r in t.rows[:HTML_SKUS]],
            "more": max(len(t.rows) - HTML_SKUS, 0),
            "flagged": _flagged(t.rows),
            "chart": None,
        }
        if t.rows:
            batch.later(refunds, "chart", charts.refund_chart, t.rows, t.rate, limit=HTML_SKUS)
    voc = None
    if data.voc is not None:
        v = data.voc
        period = v.period.names
        issues = []
        for i in v.issues:
            issues.append({
                "issue": readable_name(i["issue"]), "root": i["kind"] == "root_cause",
                "category": readable_name(i["category"] or "—"),
                "per_week": [i["per_week"][w] for w in period],
                "trend": f"{ARROWS[i['trend']['direction']]} {i['trend']['current']} vs "
                         f"{i['trend']['previous']}",
                "trend_state": {"up": "bad", "down": "good"}.get(i["trend"]["direction"],
                                                                  "neutral"),
                "share": pct(i["share_of_orders"]), "skus": skus_text(i["skus"]),
                "owner": i["owner"], "needs_owner": i["needs_owner"],
                "fix": i["fix"], "fix_shipped": i["fix_shipped"],
                "refunds": (f"{pct(i['refund_before'])} → {pct(i['refund_after'])}"
                            if i["fix_shipped"] else None),
                "verdict": VERDICT_TEXT.get(i["verdict"]) if i["verdict"] else None,
                "verdict_class": i["verdict"] or "",
            })
        voc = {
            "period": period, "weeks": [w.split("-")[-1] for w in period],
            "span": period[0] if len(period) == 1 else f"{period[0]} – {period[-1]}",
            "sources": v.sources, "orders": v.orders_in_period,
            "orders_earlier": v.orders_named_earlier,
            "chart": None,
            "issues": issues,
            "needs_owner": [i for i in issues if i["needs_owner"]],
            "questions": v.top_questions,
        }
        if v.issues:
            batch.later(voc, "chart", charts.issues_chart, period, v.issues)
    return PageSections(metric_views, headline, health, cohort_rows, refunds, voc, batch)


def html_context(data: ReportData, settings: Settings, messages: list[dict[str, Any]],
                 refused: list[str], breached: list[Breach], run: RunFiles,
                 sections: PageSections | None = None,
                 items: Sequence[str | None] = ()) -> dict[str, Any]:
    """Everything the page shows, formatted: the template only lays it out. ``items``:
    each message's items (``message_rows``), where known."""
    page = sections or page_sections(data)
    card = data.scorecard
    names = run.names
    by_stage = Counter(r["stage"] for r in messages)
    timeline = data.timeline
    message_view = {
        "count": len(messages),
        "by_stage": sorted(by_stage.items(), key=lambda kv: (-kv[1], kv[0])),
        "rows": [{"stage": r["stage"], "order_id": r["order_id"], "buyer": r["buyer"] or "—",
                  "products": (items[i] if i < len(items) else None) or "",
                  "first": _first_line(r["text"]), "text": r["text"], "due": r["due_date"],
                  "last": r["last_date"]}
                 for i, r in enumerate(messages[:HTML_MESSAGES])],
        "more": max(len(messages) - HTML_MESSAGES, 0),
        "deferred": len(timeline.deferred) if timeline else 0,
        "in_ledger": timeline.in_ledger if timeline else 0,
        "refused": refused,
        "available": timeline is not None,
    }
    outside = [h for h in page.health if h["health"] == "bad"]
    files = [{"section": s, "links": [(ext, names.section(s, ext)) for ext in FORMATS
                                      if names.section(s, ext) in run.files]}
             for s in (*WEEKLY, *DAILY)]
    page.chart_batch.draw(data.memo)
    cohort = card.cohort
    return {
        "shop": data.shop, "week": card.week.name,
        "week_from": card.week.start.isoformat(),
        "week_to": (card.week.end - timedelta(days=1)).isoformat(),
        "previous_week": card.previous_week.name, "as_of": data.as_of.isoformat(),
        "weeks": [w.name for w in card.weeks],
        "headline": page.headline,
        "extra_cards": _extra_cards(data, page.refunds, page.health, message_view),
        "wrong_way": [v for v in page.metrics if v["state"] == "bad" and v["fix"]],
        "metrics": page.metrics,
        "health": page.health, "outside": outside,
        "cohort": None if cohort is None else {
            "paid_from": cohort.paid_from.isoformat(), "paid_to": cohort.paid_to.isoformat(),
            "lines": f"{cohort.lines:,}", "refunded": f"{cohort.refunded:,}",
            "rate": format_value(cohort.rate, "pct"), "lag": card.lag_days,
            "rows": page.cohort_rows, "flagged": _flagged(cohort.rows),
            "more": max(len(cohort.rows) - len(page.cohort_rows), 0),
            "files": " and ".join(names.section("scorecard", ext) for ext in ("csv", "json"))},
        "min_lines": card.min_lines,
        "refunds": page.refunds, "voc": page.voc, "messages": message_view,
        "breaches": [b.message() for b in breached],
        "notes": data.notes, "redacted": data.redacted,
        "files": files, "messages_csv": names.section("messages", "csv"),
    }


def _extra_cards(data: ReportData, refunds: dict[str, Any] | None, health: list[dict[str, Any]],
                 messages: dict[str, Any]) -> list[dict[str, Any]]:
    """Cards beside the metric headlines: counts that each point at a section below."""
    flagged = len(refunds["flagged"]) if refunds else 0
    needs_owner = sum(1 for i in data.voc.issues if i["needs_owner"]) if data.voc else 0
    # No lines paid in the 28 days: nothing was compared, which is not a good sign.
    sold = bool(refunds and refunds["rows"])
    # A rate with no orders (or tickets) behind it is neither inside nor outside.
    measured = [h for h in health if h["health"] != "neutral"]
    outside = [h for h in measured if h["health"] == "bad"]
    health_card = {"label": "Platform health", "value": "—", "state": "neutral",
                   "target": "#health", "note": "nothing to measure this week"}
    if measured:
        unmeasured = len(health) - len(measured)
        health_card.update(value=f"{len(outside)} of {len(measured)}",
                           state="bad" if outside else "good",
                           note="outside TikTok's thresholds"
                           + (f" ({unmeasured} not measured)" if unmeasured else ""))
    return [
        {"label": "Flagged SKUs (28 days)", "value": str(flagged) if sold else "—",
         "state": ("bad" if flagged else "good") if sold else "neutral", "target": "#refunds",
         "note": "refund rate well above the shop's" if sold
         else "no order lines paid in the 28 days"},
        health_card,
        {"label": "Issues without an owner", "value": str(needs_owner),
         "state": "bad" if needs_owner else "good", "target": "#voc",
         "note": "need someone to fix them"},
        {"label": "Messages due today", "value": f"{messages['count']:,}", "state": "neutral",
         "target": "#messages", "note": ", ".join(f"{n} {s.replace('_', ' ')}"
                                                  for s, n in messages["by_stage"][:3])},
    ]


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def report_html(data: ReportData, settings: Settings, messages: list[dict[str, Any]],
                refused: list[str], breached: list[Breach], run: RunFiles,
                sections: PageSections | None = None, items: Sequence[str | None] = ()) -> str:
    env = make_environment(settings)
    return render(env, REPORT_TEMPLATE, html_context(data, settings, messages, refused,
                                                     breached, run, sections, items))


# --- the index -----------------------------------------------------------------------------


def index_html(runs: list[dict[str, Any]], settings: Settings | None = None) -> str:
    """The index of every run found in the output folder, newest first.

    ``runs`` are manifests (``run-D.json``) with a ``folder`` key added by the scanner;
    a page without a manifest comes with ``date``, ``week`` and ``html`` only.
    """
    rows = []
    for run in sorted(runs, key=lambda r: (str(r.get("date")), str(r.get("week"))),
                      reverse=True):
        folder = run["folder"]
        head = run.get("headline") or {}
        files = [f for f in run.get("files", []) if not f.endswith((".html",))
                 and not f.startswith("run-")]
        rows.append({
            "date": run.get("date"), "week": run.get("week"), "shop": run.get("shop"),
            "html": f"{folder}/{run['html']}",
            "refund_rate": format_value(head.get("refund_rate"), "pct")
            if "refund_rate" in head else "—",
            "flagged": head.get("flagged_skus") or [],
            "health_outside": len(head.get("health_outside") or []),
            "wrong_way": len(head.get("wrong_way") or []),
            "messages_due": head.get("messages_due"),
            "messages_refused": head.get("messages_refused") or 0,
            "needs_owner": len(head.get("needs_owner") or []),
            "breaches": [b.get("rule") for b in run.get("breaches") or []],
            "files": _grouped(folder, files),
            "complete": "headline" in run,
        })
    env = make_environment(settings)
    shops = sorted({r["shop"] for r in rows if r["shop"]})
    return render(env, INDEX_TEMPLATE, {"runs": rows, "shop": ", ".join(shops)})


def _grouped(folder: str, files: list[str]) -> list[dict[str, Any]]:
    """["scorecard-2026-W47.md", ...] -> [{"section": "scorecard", "links": [(md, href)]}]."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in files:
        section = name.split("-", 1)[0]
        ext = name.rsplit(".", 1)[-1]
        groups.setdefault(section, []).append((ext, f"{folder}/{name}"))
    return [{"section": section, "links": links} for section, links in groups.items()]
