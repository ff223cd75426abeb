"""Presenting `cx triage` and `cx comments`: rich tables for people, CSV/JSON for scripts.

Data goes to standard output (or ``-o FILE``); the one-line summaries go to stderr, so
``cx triage -f json | jq`` stays clean. Tables never show contact details: phone
numbers and e-mail addresses in buyer text are masked, and a comment hidden as
doxxing shows no text at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cx_cli.render.output import (
    Column,
    dump_csv,
    dump_json,
    fold,
    name_width,
    narrow_table,
    say_left_out,
    share_width,
    shorten,
    two_line_width,
    wrap_name,
    write_text,
    write_text_or_console,
)

TRIAGE_COLUMNS = ("ticket_id", "category", "subcategory", "source", "dispute_type",
                  "reply_template", "proof", "escalate", "escalate_reason")
COMMENT_COLUMNS = ("comment_id", "action", "kind", "reply")
CLUSTER_COLUMNS = ("product", "product_name", "complaint", "count", "first", "last", "ids")

_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(\.[\w\-]+)*\.[a-zA-Z]{2,}")
_PHONE = re.compile(r"(?<!\d)\+?\d[\d ().\-]{7,16}\d(?!\d)")
TEXT_WIDTH = 60
FILE_WIDTH = 140  # a triage or comments table written to a file
SUBJECT_LEAST = 24  # the least of a subject a one-line triage table shows
SUBJECT_MOST = 40  # a longer subject is cut, at a word, with " …"


def mask_contacts(text: str | None) -> str:
    """Phone numbers, e-mail and street addresses replaced, for anything shown or
    printed (the report's scrub, after this table's wider net for phone numbers)."""
    from cx_cli.engines.privacy import scrub

    if not text:
        return ""
    text = _EMAIL.sub("[e-mail]", text)
    text = _PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group(0)) <= 13
                      else m.group(0), text)
    return scrub(text) or text


def _records(frame: Any, columns: Sequence[str]) -> list[dict]:
    present = [c for c in columns if c in frame.columns]
    rows = frame[present].astype(object).where(frame[present].notna(), None)
    return rows.to_dict("records")


def _clip(text: str, width: int = TEXT_WIDTH) -> str:
    return shorten(" ".join(text.split()), width)


# --- fitting a table to the terminal --------------------------------------------------

def _table(title: str, cells: dict[str, list[str]], width: int, *, flexible: str,
           droppable: Sequence[str] = (), capped: dict[str, int] | None = None,
           styles: Sequence[str | None] = (), right: Sequence[str] = (),
           fit: Callable[[int, int], str] | None = None, min_flexible: int = 8):
    """A rich table with explicit column widths: names and ids whole, ``capped`` columns
    wrapped at their cap, the ``flexible`` column in what is left (cut with "…", or
    ``fit(row, width)`` when given: that row's text made to fit). A terminal too narrow
    for all of it with ``min_flexible`` characters of the flexible column loses the
    ``droppable`` columns, in that order. Returns the table and the columns it left
    out."""
    from rich.table import Table
    from rich.text import Text

    capped = capped or {}
    natural = {h: max([len(h), *(len(v) for v in values)]) for h, values in cells.items()}
    for header, cap in capped.items():
        natural[header] = min(natural[header], cap)
    headers = list(cells)

    def fixed_width(columns: list[str]) -> int:
        return sum(natural[h] for h in columns if h != flexible) + 3 * len(columns) + 1

    for header in droppable:
        if fixed_width(headers) + (min_flexible if flexible in headers else 0) <= width:
            break
        headers.remove(header)
    flexible_width = (max(8, min(natural[flexible], width - fixed_width(headers)))
                      if flexible in headers else 0)
    table = Table(title=title, title_justify="left")
    for header in headers:
        size = natural[header]
        if header == flexible:
            size = flexible_width
        table.add_column(header, width=size, no_wrap=header not in capped,
                         overflow="ellipsis" if header == flexible else "fold",
                         justify="right" if header in right else "left")
    n = len(next(iter(cells.values()))) if cells else 0
    for i in range(n):
        row = {h: cells[h][i] for h in headers}
        if fit is not None and flexible in row:
            row[flexible] = fit(i, flexible_width)
        # Text(), not markup: buyer text may hold "[...]" that rich would swallow.
        table.add_row(*[Text(row[h]) for h in headers],
                      style=styles[i] if i < len(styles) else None)
    return table, [h for h in cells if h not in headers]


def _more(console, total: int, limit: int | None, command: str) -> None:
    # The command named: `cx demo` shows these tables too, and has no --format.
    if limit and total > limit:
        console.print(f"… and {total - limit} more (all of them with `{command} --format csv` "
                      "or json)", markup=False)


# --- triage -----------------------------------------------------------------------------

def triage_rows(classified: Any) -> list[dict]:
    """The SPEC §13 rows (plus escalate_reason), in the export's order."""
    return _records(classified, TRIAGE_COLUMNS)


def triage_summary(classified: Any) -> str:
    from cx_cli.engines.triage import category_counts

    n = len(classified)
    tagged = int((classified["source"] == "tagged").sum()) if n else 0
    parts = [f"{name} {count:,}" for name, count in category_counts(classified).items()]
    escalate = int(classified["escalate"].sum()) if n else 0
    return (f"Triage: {n:,} ticket{'s' if n != 1 else ''} ({tagged:,} tagged, "
            f"{n - tagged:,} by rules) — " + " · ".join(parts) + f" — escalate {escalate:,}")


def render_triage(classified: Any, fmt: str, output: Path | None, *,
                  limit: int | None = None) -> None:
    if fmt == "json":
        write_text(dump_json(triage_rows(classified)), output)
        return
    if fmt == "csv":
        write_text(dump_csv(triage_rows(classified), TRIAGE_COLUMNS), output)
        return
    shown = classified.head(limit) if limit else classified  # 0: all
    cells: dict[str, list[str]] = {h: [] for h in ("ticket", "category", "subcategory",
                                                   "source", "reply", "escalate", "subject")}
    styles = []
    for row in _records(shown, (*TRIAGE_COLUMNS, "subject")):
        escalate = ""
        if row.get("escalate"):
            reason = row.get("escalate_reason")
            escalate = "yes" + (f" ({reason})" if reason else "")
        values = (str(row["ticket_id"]), row["category"] or "", row["subcategory"] or "—",
                  row["source"], row["reply_template"] or "", escalate,
                  fold(" ".join(mask_contacts(row.get("subject")).split()), SUBJECT_MOST, 1))
        for header, value in zip(cells, values, strict=True):
            cells[header].append(value)
        styles.append("bold" if row.get("escalate") else None)

    def draw(console) -> None:
        table, left_out = _triage_table(cells, console.width, styles)
        console.print(table)
        # The source and category go silently where the subject still has room (the
        # subcategory names the category); once a column more goes, a line names them all.
        if any(h not in ("source", "category") for h in left_out):
            say_left_out(console, left_out, None)
        _more(console, len(classified), limit, "cx triage")

    write_text_or_console(draw, output, width=FILE_WIDTH)


def _triage_table(cells: dict[str, list[str]], width: int,
                  styles: Sequence[str | None]) -> tuple[Any, list[str]]:
    """The triage table within ``width``, and the headers it left out: one line per
    ticket while the subject keeps ``SUBJECT_LEAST`` characters, the source going first,
    then the category (the subcategory says it). Narrower (80 columns), a ticket takes
    two lines: the names wrap after an underscore ("tracking_not_" / "updating") and the
    subject folds between words. Narrower still, the subject goes, then the reply
    (about 50 columns), then the escalation: the ticket id and the subcategory are
    always whole."""
    from rich.table import Table
    from rich.text import Text

    natural = {h: max([len(h), *map(len, values)]) for h, values in cells.items()}
    least = dict(natural, subject=min(natural["subject"], SUBJECT_LEAST))
    headers = list(cells)
    widths = None
    for drop in ("source", "category", None):
        widths = _shared(headers, width, natural, least)
        if widths is not None or drop is None:
            break
        headers.remove(drop)
    folded = widths is None
    if folded:
        # Each cell gets two lines: first what holds the subject and the names in two
        # (the escalation's first), then what is left, to the subject first.
        two_lines = dict(natural, subject=max(16, (natural["subject"] + 1) // 2 + 4))
        for h in ("subcategory", "reply", "escalate"):
            least[h] = max([len(h), *map(name_width, cells[h])])
            two_lines[h] = max([least[h], *map(two_line_width, set(cells[h]))])
        least["subject"] = min(natural["subject"], 16)
        for columns in (["ticket", "subject", "escalate", "reply", "subcategory"],
                        ["ticket", "escalate", "reply", "subcategory"],
                        ["ticket", "escalate", "subcategory"], ["ticket", "subcategory"]):
            widths = _shared(columns, width, two_lines, least)
            if widths is not None:
                widths = _shared(columns, width, natural, widths)
                break
        headers = [h for h in headers if widths is None or h in widths]
    table = Table(title="Support triage", title_justify="left")
    for header in headers:
        table.add_column(header, no_wrap=widths is not None,
                         width=None if widths is None else widths[header])
    for i in range(len(cells["ticket"])):
        row = []
        for header in headers:
            value = cells[header][i]
            if widths is not None and header != "ticket":
                size = widths[header]
                value = (fold(value, size, 2 if folded else 1) if header == "subject"
                         else wrap_name(value, size))
            # Text(), not markup: buyer text may hold "[...]" that rich would swallow.
            row.append(Text(value))
        table.add_row(*row, style=styles[i] if i < len(styles) else None)
    return table, [h for h in ("source", "category", "subject", "reply", "escalate")
                   if h not in headers]


def _shared(headers: list[str], width: int, natural: dict[str, int],
            least: dict[str, int]) -> dict[str, int] | None:
    """``share_width`` over a rich table's columns: ``width`` less its borders."""
    room = width - 3 * len(headers) - 1
    got = share_width(room, [natural[h] for h in headers], [least[h] for h in headers])
    return None if got is None else dict(zip(headers, got, strict=True))


# --- comments ---------------------------------------------------------------------------

def comment_rows(classified: Any) -> list[dict]:
    return _records(classified, COMMENT_COLUMNS)


def cluster_rows(clusters: Sequence[dict]) -> list[dict]:
    return [{k: c.get(k) for k in CLUSTER_COLUMNS} for c in clusters]


def comments_summary(classified: Any, clusters: Sequence[dict] | None = None) -> str:
    from cx_cli.engines.comments import action_counts

    n = len(classified)
    hidden = (classified[classified["action"] == "hide"]["kind"].value_counts().to_dict()
              if n else {})
    hide_detail = ", ".join(f"{k} {int(v):,}" for k, v in sorted(hidden.items()))
    parts = [f"{action} {count:,}" + (f" ({hide_detail})" if action == "hide" and hide_detail
                                    else "")
             for action, count in action_counts(classified).items()]
    text = f"Comments: {n:,} — " + " · ".join(parts)
    if clusters is not None:
        text += f" — defect clusters {len(clusters):,}"
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
    shown = classified.head(limit) if limit else classified  # 0: all
    cells: dict[str, list[str]] = {h: [] for h in ("comment", "action", "kind", "reply",
                                                   "text")}
    styles = []
    for row in _records(shown, (*COMMENT_COLUMNS, "text")):
        text = ("[hidden: personal details]" if row["kind"] == "doxxing"
                else " ".join(mask_contacts(row.get("text")).split()))
        values = (str(row["comment_id"]), row["action"], row["kind"], row["reply"] or "", text)
        for header, value in zip(cells, values, strict=True):
            cells[header].append(value)
        styles.append("dim" if row["action"] == "hide" else None)

    def draw(console) -> None:
        # A comment is read by its text: on a narrow terminal the reply template's name
        # (most often the kind's own) goes before the text would have fewer than 30
        # characters a line. A text longer than its line (at most TEXT_WIDTH) wraps
        # between words onto a second one, and only a longer one is cut, with "…".
        table, left_out = _table("Public comments", cells, console.width, flexible="text",
                                 droppable=("reply", "text", "kind"),
                                 capped={"text": TEXT_WIDTH}, styles=styles, min_flexible=30,
                                 fit=lambda i, room: fold(cells["text"][i], room))
        console.print(table)
        # The reply goes silently (it is most often the kind's own template); once the
        # text goes too, a line names them all.
        if any(h != "reply" for h in left_out):
            say_left_out(console, left_out, "-f csv has them")
        _more(console, len(classified), limit, "cx comments")
        if clusters is not None:
            if clusters:
                table, left_out = _cluster_table(clusters, console.width)
                console.print(table)
                say_left_out(console, left_out, "-f csv has them")
            else:
                console.print("No defect clusters: no complaint about one product reached "
                              "the bar.", markup=False)

    write_text_or_console(draw, output, width=FILE_WIDTH)


def _cluster_table(clusters: Sequence[dict], width: int) -> tuple[Any, list[str]]:
    """The clusters' table within ``width``, and the headers it left out. Where the
    complaint, the count, both dates and the product (as wide as its longest word, 20
    at least) fit (80 columns), as many whole ids as fit go beside them; narrower
    (``narrow_table``), the ids go, then the first date, then the last, and the product
    and then the complaint wrap between words or after "_", "-" or ":" (``video:`` /
    its id), so no id, SKU, count or date is cut."""
    cells: dict[str, list[str]] = {h: [] for h in ("product", "complaint", "count", "first",
                                                   "last", "ids")}
    for c in clusters:
        name = f"{c['product']} ({c['product_name']})" if c.get("product_name") else c["product"]
        ids = _ids_text([str(i) for i in c["ids"]], 3)
        for header, value in zip(cells, (name, c["complaint"], str(c["count"]),
                                         str(c["first"]), str(c["last"]), ids), strict=True):
            cells[header].append(value)
    title = "Defect clusters — a product or listing issue, not a support issue"
    styles = ["bold red"] * len(clusters)
    # The product wraps between words, never inside one: a SKU or "video:<id>" stays whole.
    longest = max(len(word) for name in cells["product"] for word in name.split())
    cap = max(20, longest)
    natural = {h: max([len(h), *map(len, values)]) for h, values in cells.items()}
    natural["product"] = min(natural["product"], cap)
    # Without the ids: each column takes 3 of borders and padding, and the table one more.
    if sum(natural[h] for h in cells if h != "ids") + 3 * 5 + 1 > width:
        drops = {"ids": 1, "first": 2, "last": 3}
        columns = [Column(h, values, "right" if h == "count" else "left",
                          figure=h in ("count", "first", "last"), drop=drops.get(h, 0),
                          whole=h == "complaint")
                   for h, values in cells.items()]
        return narrow_table(title, columns, width, styles)
    return _table(title, cells, width, flexible="ids", droppable=("ids",),
                  capped={"product": cap}, right=("count",), styles=styles,
                  fit=lambda i, room: _ids_fitting([str(x) for x in clusters[i]["ids"]],
                                                   room))


def _ids_text(ids: list[str], shown: int) -> str:
    """The first ``shown`` ids and how many more: "C3, T2 … (+3)"."""
    text = ", ".join(ids[:shown])
    if len(ids) > shown:
        text += (" " if shown else "") + f"… (+{len(ids) - shown})"
    return text


def _ids_fitting(ids: list[str], width: int) -> str:
    """As many whole ids (three at most) as ``width`` holds: a cut id matches nothing."""
    for shown in range(min(3, len(ids)), 0, -1):
        text = _ids_text(ids, shown)
        if len(text) <= width:
            return text
    return _ids_text(ids, 0)
