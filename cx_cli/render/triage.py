"""Presenting `cx triage` and `cx comments`: rich tables for people, CSV/JSON for scripts.

Data goes to standard output (or ``-o FILE``); the one-line summaries go to stderr, so
``cx triage -f json | jq`` stays clean. Tables never show contact details: phone
numbers and e-mail addresses in buyer text are masked, and a comment hidden as
doxxing shows no text at all.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cx_cli.render.output import dump_csv, dump_json, write_text

TRIAGE_COLUMNS = ("ticket_id", "category", "subcategory", "source", "dispute_type",
                  "reply_template", "proof", "escalate", "escalate_reason")
COMMENT_COLUMNS = ("comment_id", "action", "kind", "reply")
CLUSTER_COLUMNS = ("product", "product_name", "complaint", "count", "first", "last", "ids")

_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(\.[\w\-]+)*\.[a-zA-Z]{2,}")
_PHONE = re.compile(r"(?<!\d)\+?\d[\d ().\-]{7,16}\d(?!\d)")
TEXT_WIDTH = 60


def mask_contacts(text: str | None) -> str:
    """Phone numbers and e-mail addresses replaced, for anything shown or printed."""
    if not text:
        return ""
    text = _EMAIL.sub("[e-mail]", text)
    return _PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group(0)) <= 13
                      else m.group(0), text)


def _records(frame: Any, columns: Sequence[str]) -> list[dict]:
    present = [c for c in columns if c in frame.columns]
    rows = frame[present].astype(object).where(frame[present].notna(), None)
    return rows.to_dict("records")


def _clip(text: str, width: int = TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _console(output: Path | None):
    from rich.console import Console

    if output is None or str(output) == "-":
        return Console(highlight=False), None
    buffer = io.StringIO()
    return Console(file=buffer, width=140, no_color=True, highlight=False), buffer


# --- triage -----------------------------------------------------------------------------

def triage_rows(classified: Any) -> list[dict]:
    """The SPEC §13 rows (plus escalate_reason), in the export's order."""
    return _records(classified, TRIAGE_COLUMNS)


def triage_summary(classified: Any) -> str:
    from cx_cli.engines.triage import category_counts

    n = len(classified)
    tagged = int((classified["source"] == "tagged").sum()) if n else 0
    parts = [f"{name} {count}" for name, count in category_counts(classified).items()]
    escalate = int(classified["escalate"].sum()) if n else 0
    return (f"Triage: {n} ticket{'s' if n != 1 else ''} ({tagged} tagged, {n - tagged} by "
            f"rules) — " + " · ".join(parts) + f" — escalate {escalate}")


def render_triage(classified: Any, fmt: str, output: Path | None, *,
                  limit: int | None = None) -> None:
    if fmt == "json":
        write_text(dump_json(triage_rows(classified)), output)
        return
    if fmt == "csv":
        write_text(dump_csv(triage_rows(classified), TRIAGE_COLUMNS), output)
        return
    from rich.table import Table

    console, buffer = _console(output)
    table = Table(title="Support triage", title_justify="left")
    for header in ("ticket", "category", "subcategory", "source", "reply", "escalate",
                   "subject"):
        table.add_column(header, overflow="fold" if header != "subject" else "ellipsis",
                         no_wrap=header == "subject")
    shown = classified if limit is None else classified.head(limit)
    for row in _records(shown, (*TRIAGE_COLUMNS, "subject")):
        escalate = ""
        if row.get("escalate"):
            escalate = "yes" + (f" ({row['escalate_reason']})" if row.get("escalate_reason")
                                else "")
        table.add_row(str(row["ticket_id"]), row["category"] or "",
                      row["subcategory"] or "—", row["source"], row["reply_template"] or "",
                      escalate, _clip(mask_contacts(row.get("subject")), 40),
                      style="bold" if row.get("escalate") else None)
    console.print(table)
    if limit is not None and len(classified) > limit:
        console.print(f"… and {len(classified) - limit} more (all of them with "
                      "--format csv or json)", markup=False)
    if buffer is not None:
        write_text(buffer.getvalue(), output)


# --- comments ---------------------------------------------------------------------------

def comment_rows(classified: Any) -> list[dict]:
    return _records(classified, COMMENT_COLUMNS)


def cluster_rows(clusters: Sequence[dict]) -> list[dict]:
    return [{k: c.get(k) for k in CLUSTER_COLUMNS} for c in clusters]


def comments_summary(classified: Any, clusters: Sequence[dict] | None = None) -> str:
    from cx_cli.engines.comments import action_counts

    n = len(classified)
    counts = action_counts(classified)
    hidden = classified[classified["action"] == "hide"]["kind"].value_counts().to_dict() \
        if n else {}
    hide_detail = ", ".join(f"{k} {int(v)}" for k, v in sorted(hidden.items()))
    parts = [f"{action} {count}" + (f" ({hide_detail})" if action == "hide" and hide_detail
                                    else "") for action, count in counts.items()]
    text = f"Comments: {n} — " + " · ".join(parts)
    if clusters is not None:
        text += f" — defect clusters {len(clusters)}"
    return text


def render_comments(classified: Any, fmt: str, output: Path | None, *,
                    clusters: Sequence[dict] | None = None, limit: int | None = None) -> None:
    if fmt == "json":
        rows = comment_rows(classified)
        data: Any = rows if clusters is None else {"comments": rows,
                                                   "clusters": cluster_rows(clusters)}
        write_text(dump_json(data), output)
        return
    if fmt == "csv":
        # One table per file: with --clusters the CSV is the clusters.
        if clusters is None:
            write_text(dump_csv(comment_rows(classified), COMMENT_COLUMNS), output)
        else:
            write_text(dump_csv(cluster_rows(clusters), CLUSTER_COLUMNS), output)
        return
    from rich.table import Table

    console, buffer = _console(output)
    table = Table(title="Public comments", title_justify="left")
    for header in ("comment", "action", "kind", "reply", "text"):
        table.add_column(header, overflow="ellipsis" if header == "text" else "fold",
                         no_wrap=header == "text")
    shown = classified if limit is None else classified.head(limit)
    for row in _records(shown, (*COMMENT_COLUMNS, "text")):
        text = ("[hidden: personal details]" if row["kind"] == "doxxing"
                else _clip(mask_contacts(row.get("text"))))
        table.add_row(str(row["comment_id"]), row["action"], row["kind"], row["reply"] or "",
                      text, style="dim" if row["action"] == "hide" else None)
    console.print(table)
    if limit is not None and len(classified) > limit:
        console.print(f"… and {len(classified) - limit} more (all of them with "
                      "--format csv or json)", markup=False)
    if clusters is not None:
        console.print(_cluster_table(clusters) if clusters else
                      "No defect clusters: no complaint about one product reached the bar.")
    if buffer is not None:
        write_text(buffer.getvalue(), output)


def _cluster_table(clusters: Sequence[dict]):
    from rich.table import Table

    table = Table(title="Defect clusters — a product or listing issue, not a support issue",
                  title_justify="left")
    for header in ("product", "complaint", "count", "first", "last", "ids"):
        table.add_column(header, justify="right" if header == "count" else "left",
                         overflow="fold")
    for c in clusters:
        name = f"{c['product']} ({c['product_name']})" if c.get("product_name") else c["product"]
        ids = ", ".join(str(i) for i in c["ids"][:5]) + (" …" if len(c["ids"]) > 5 else "")
        table.add_row(name, c["complaint"], str(c["count"]), str(c["first"]), str(c["last"]),
                      ids, style="bold red")
    return table
