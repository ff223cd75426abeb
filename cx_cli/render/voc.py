"""Presenting `cx voc`: a rich table, Markdown, CSV of the issues, JSON per SPEC §13.

Issues that need an owner stand out (bold, "NEEDS OWNER" in the owner column) and
verdicts are coloured: dropped green, no change yellow, too early dim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cx_cli.engines.voc import VocResult
from cx_cli.render.output import (
    dump_csv,
    dump_json,
    dump_markdown,
    name_width,
    say_left_out,
    share_width,
    two_line_width,
    wrap_name,
    write_text,
    write_text_or_console,
)

ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
VERDICT_TEXT = {"dropped": "dropped", "no_change": "no change", "too_early": "too early"}
VERDICT_STYLE = {"dropped": "bold green", "no_change": "yellow", "too_early": "dim"}

CSV_HEAD = ["issue", "kind", "parent", "category"]
CSV_TAIL = ["mentions", "previous", "trend", "orders_affected", "share_of_orders", "skus",
            "owner", "needs_owner", "fix", "fix_shipped", "fix_skus", "lines_before",
            "refunded_before", "refund_before", "lines_after", "refunded_after", "refund_after",
            "p_value", "verdict"]


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def p_text(value: float | None) -> str:
    if value is None:
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def trend_text(trend: dict[str, Any]) -> str:
    return f"{ARROWS[trend['direction']]} {trend['current']} vs {trend['previous']}"


def skus_text(skus: list[dict[str, Any]]) -> str:
    return ", ".join(f"{s['sku']} ({s['mentions']})" for s in skus) or "—"


def refund_text(row: dict[str, Any]) -> str:
    if row["fix_shipped"] is None:
        return "—"
    return f"{pct(row['refund_before'])} → {pct(row['refund_after'])}"


def owner_text(row: dict[str, Any]) -> str:
    if row["needs_owner"]:
        return "NEEDS OWNER"
    return row["owner"] or "—"


def issue_label(row: dict[str, Any]) -> str:
    return f"  ↳ {row['issue']}" if row["kind"] == "root_cause" else row["issue"]


def title(result: VocResult) -> str:
    names = result.period.names
    span = names[0] if len(names) == 1 else f"{names[0]} – {names[-1]}"
    return f"Voice of customer, {span} (as of {result.as_of.isoformat()})"


def summary(result: VocResult) -> str:
    s = result.sources
    orders = "—" if result.orders_in_period is None else f"{result.orders_in_period:,}"
    text = (f"{s.get('ticket', 0):,} tickets, {s.get('comment', 0):,} complaint comments, "
            f"{s.get('review', 0):,} 1–2 star reviews; {orders} orders paid in the period")
    if result.orders_in_period is not None and result.orders_named_earlier:
        text += f" and {result.orders_named_earlier:,} paid earlier that the mentions name"
    return text


def heading(result: VocResult) -> str:
    return f"{title(result)}: {summary(result)}"


def csv_rows(result: VocResult) -> tuple[list[dict[str, Any]], list[str]]:
    weeks = result.period.names
    rows = []
    for r in result.issues:
        row = {k: r.get(k) for k in CSV_HEAD + CSV_TAIL}
        row.update(r["per_week"])
        row["previous"] = r["trend"]["previous"]
        row["trend"] = r["trend"]["direction"]
        row["skus"] = skus_text(r["skus"]) if r["skus"] else None
        rows.append(row)
    return rows, CSV_HEAD + weeks + CSV_TAIL


def markdown(result: VocResult) -> str:
    weeks = result.period.names
    rows = []
    for r in result.issues:
        row = {"issue": issue_label(r).replace("  ↳ ", "↳ "), "category": r["category"] or "—",
               "trend": trend_text(r["trend"]), "share": pct(r["share_of_orders"], 2),
               "skus": skus_text(r["skus"]),
               "owner": "**needs owner**" if r["needs_owner"] else (r["owner"] or "—"),
               "fix_shipped": r["fix_shipped"] or "—", "refunds": refund_text(r),
               "verdict": VERDICT_TEXT.get(r["verdict"], "—")}
        row.update({w: r["per_week"][w] for w in weeks})
        rows.append(row)
    columns = ["issue", "category", *weeks, "trend", "share", "skus", "owner", "fix_shipped",
               "refunds", "verdict"]
    headers = ["issue", "category", *(w.split("-")[1] for w in weeks), "trend",
               "orders affected", "top SKUs", "owner", "fix shipped", "refund rate before → after",
               "verdict"]
    out = [f"## {title(result)}\n\n{summary(result)}.\n\n",
           dump_markdown(rows, columns, headers) if rows else "No issues in the period.\n"]
    out.append("\n### Top support questions\n\n")
    if result.top_questions:
        for i, q in enumerate(result.top_questions, start=1):
            out.append(f"{i}. {_md_text(q['question'])} ({q['count']}×)\n")
    else:
        out.append("None in the period.\n")
    return "".join(out)


def _md_text(text: str) -> str:
    # Buyer text: keep it literal in Markdown.
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def render_voc(result: VocResult, fmt: str, output: Path | None) -> None:
    if fmt == "json":
        write_text(dump_json(result.as_dict()), output)
    elif fmt == "csv":
        rows, columns = csv_rows(result)
        write_text(dump_csv(rows, columns), output)
    elif fmt == "md":
        write_text(markdown(result), output)
    else:
        write_text_or_console(lambda console: print_voc(result, console), output)


def _weeks_span(weeks: list[str]) -> str:
    """The weekly counts' header: "W44–W47", with the years when the period crosses one
    ("2025-W48–2026-W47": a year's W48–W47 would read as going backwards)."""
    first, last = weeks[0], weeks[-1]
    if first == last:
        return first.split("-")[1]
    if first.split("-")[0] != last.split("-")[0]:
        return f"{first}–{last}"
    return f"{first.split('-')[1]}–{last.split('-')[1]}"


def print_voc(result: VocResult, console) -> None:
    """The terminal view: the issues table, the fixes and their verdicts, the questions.

    Issues and fixes are two tables so each stays readable in an 80-column cron mail.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(heading(result), markup=False)
    weeks = result.period.names
    span = _weeks_span(weeks)
    counts = [" ".join(str(r["per_week"][w]) for w in weeks) for r in result.issues]
    trends = [trend_text(r["trend"]) for r in result.issues]
    shares = [pct(r["share_of_orders"]) for r in result.issues]
    labels = [issue_label(r) for r in result.issues]
    skus = [r["skus"][0]["sku"] if r["skus"] else "—" for r in result.issues]
    owners = ["NEEDS OWNER" if r["needs_owner"] else r["owner"] or "—" for r in result.issues]

    headers = {"issue": "issue", "weeks": span, "trend": "trend", "orders": "orders",
               "sku": "top SKU", "owner": "owner"}
    cells = {"issue": [r["issue"] for r in result.issues], "weeks": counts, "trend": trends,
             "orders": shares, "sku": skus, "owner": owners}
    fitted = _issues_widths(result.issues, cells, headers, console.width)
    right = ("weeks", "orders")
    if fitted is not None:
        padding, edge, width_of = fitted
        issues = Table(title="Issues", title_justify="left", box=box.SIMPLE_HEAD,
                       padding=padding, show_edge=edge, pad_edge=edge)
        for key, width in width_of.items():
            issues.add_column(headers[key], justify="right" if key in right else "left",
                              no_wrap=True, width=width)
    else:  # narrower than any layout: the fewest columns, as rich wraps them
        width_of = {key: 0 for key in headers if key not in LEFT_OUT_FIRST}
        issues = Table(title="Issues", title_justify="left", box=box.SIMPLE_HEAD,
                       show_edge=False, pad_edge=False)
        for key in width_of:
            issues.add_column(headers[key], overflow="fold")
    for r, label, count, trend, share, sku, owner in zip(
            result.issues, labels, counts, trends, shares, skus, owners, strict=True):
        if fitted is not None:
            label = _issue_lines(r, width_of["issue"])
            count, owner = (wrap_name(text, width_of[key]) if key in width_of else text
                            for text, key in ((count, "weeks"), (owner, "owner")))
            trend = _trend_lines(trend, width_of["trend"])
            if "sku" in width_of and len(sku) > width_of["sku"]:
                sku = wrap_name(sku, width_of["sku"], True)
        row = {"issue": Text(label), "weeks": count,
               "trend": Text(trend, style={"up": "red", "down": "green"}.get(
                   r["trend"]["direction"], "")),
               "orders": share, "sku": Text(sku),
               "owner": Text(owner, style="bold red" if r["needs_owner"] else "")}
        issues.add_row(*(row[key] for key in width_of),
                       style="bold" if r["needs_owner"] else None)
    if result.issues:
        console.print(issues)
        left_out = [LEFT_OUT_NAMES[key] for key in headers if key not in width_of]
        say_left_out(console, left_out)
        if fitted is None or not fitted[1]:
            console.print()  # the blank line the table's lower edge leaves
    else:
        console.print("No issues in the period.")
    fixed = [r for r in result.issues if r["fix_shipped"] is not None
             and "owned_via" not in r]
    if fixed:
        console.print("Fixes: refund rate of the fixed SKUs, 28 days before vs after the fix",
                      style="bold")
        # A grid, so a fix too long for the line wraps under its own text, not under
        # the verdicts.
        fixes = Table.grid(padding=(0, 2), pad_edge=True)
        fixes.add_column(no_wrap=True)
        fixes.add_column()
        for r in fixed:
            verdict, _, *rest = fix_line(r)
            fixes.add_row(Text(*verdict), Text.assemble(*rest))
        console.print(fixes)
    console.print("Top support questions", style="bold")
    if not result.top_questions:
        console.print("  none in the period")
    for i, q in enumerate(result.top_questions, start=1):
        console.print(f"  {i}. {q['question']} ({q['count']}×)", markup=False)


# The issues table's layouts, the first that fits the terminal: its cells' padding and
# the columns that may take a second line. A space either side of a cell, then one
# after it only (the gap between columns two spaces, not three).
_ISSUES_LAYOUTS = (((0, 1, 0, 1), ()), ((0, 1, 0, 1), ("issue", "owner")),
                   ((0, 1, 0, 0), ("issue", "owner")),
                   ((0, 1, 0, 0), ("issue", "owner", "trend")),
                   ((0, 1, 0, 0), ("issue", "owner", "trend", "weeks")))
# Narrower than those (below about 78 columns) the table loses its blank edges, then
# leaves columns out in this order: the weekly counts (the trend sums them up), the
# share of orders, the top SKU. The issue, its trend and its owner always stay.
LEFT_OUT_FIRST = ("weeks", "orders", "sku")
LEFT_OUT_NAMES = {"weeks": "weekly counts", "orders": "orders", "sku": "top SKU"}


def _issues_widths(rows: list[dict[str, Any]], cells: dict[str, list[str]],
                   headers: dict[str, str], width: int
                   ) -> tuple[tuple[int, ...], bool, dict[str, int]] | None:
    """The issues table's padding, whether it keeps its edges, and the widths of the
    columns it shows within ``width``: one line per issue where there is room (120
    columns). At 80 (a cron mail) an issue takes two lines: its name wraps after an
    underscore ("tracking_not_" / "updating"), a sub-issue's under its own name, the
    owner between words; if need be the gaps narrow, then the trend wraps ("↑ 13" /
    "vs 8"), then the weekly counts (--weeks 8). Narrower, the edges go, then the
    weekly counts and the share of orders; then the SKU wraps after a "-", then it
    goes too; last, the names and owners take as many lines as they need. The figures
    stay whole, and so does every part of a SKU: a cut SKU identifies nothing (`-f md`
    and `-f json` have all of an issue's SKUs). None when even that does not fit
    (under about 36 columns)."""
    natural = {k: max([len(headers[k]), *map(len, values)]) for k, values in cells.items()}
    natural["issue"] = max([len("issue")] + [len(issue_label(r)) for r in rows])
    two_lines = {k: max([len(headers[k]), *map(two_line_width, values)])
                 for k, values in cells.items()}
    two_lines["issue"] = max([len("issue")] + [two_line_width(r["issue"]) + _sub_indent(r)
                                              for r in rows])
    any_lines = {k: max([len(headers[k]), *map(name_width, values)])
                 for k, values in cells.items()}
    any_lines["issue"] = max([len("issue")] + [name_width(r["issue"]) + _sub_indent(r)
                                              for r in rows])
    tight, wrapped = _ISSUES_LAYOUTS[-1]
    stages = [[k for k in cells if k not in LEFT_OUT_FIRST[:n]]
              for n in range(len(LEFT_OUT_FIRST) + 1)]
    tries = [(padding, wrapped, True, list(cells), two_lines)
             for padding, wrapped in _ISSUES_LAYOUTS]
    tries += [(tight, wrapped, False, shown, two_lines) for shown in stages[:-1]]
    # Before the SKU goes, it wraps after a "-" (SHELF-FLOAT- / 3PC).
    sku_lines = dict(two_lines, sku=max([len(headers["sku"]),
                                         *(two_line_width(c, True) for c in cells["sku"])]))
    tries += [(tight, (*wrapped, "sku"), False, stages[-2], sku_lines),
              (tight, wrapped, False, stages[-1], two_lines),
              (tight, wrapped, False, stages[-1], any_lines)]
    for padding, wrapped, edge, shown, least in tries:
        # The room for the cells: a rule between columns (blank in this box), each
        # cell's padding and, with the edges, a blank edge either side; without them,
        # no padding at the table's two ends.
        n = len(shown)
        room = width - (n - 1) - sum(padding[1::2]) * n
        room -= 2 if edge else -sum(padding[1::2])
        widths = share_width(room, [natural[k] for k in shown],
                             [least[k] if k in wrapped else natural[k] for k in shown])
        if widths is not None:
            return padding, edge, dict(zip(shown, widths, strict=True))
    return None


def _trend_lines(text: str, width: int) -> str:
    """A trend over lines of ``width``: on one line when it fits, else broken before its
    "vs" ("↑ 13" / "vs 8"), else between any of its words."""
    if len(text) <= width:
        return text
    now, _, before = text.partition(" vs ")
    if max(len(now), len(before) + 3) <= width:
        return f"{now}\nvs {before}"
    return wrap_name(text, width)


def _sub_indent(row: dict[str, Any]) -> int:
    """The width of a sub-issue's "  ↳ " (0 for an issue)."""
    return len(issue_label(row)) - len(row["issue"])


def _issue_lines(row: dict[str, Any], width: int) -> str:
    """An issue's name over lines of ``width``, wrapped after an underscore; a sub-issue's
    lines after the first indented under its name ("  ↳ manufacturing_" / "    defect")."""
    indent = _sub_indent(row)
    first, *rest = wrap_name(row["issue"], width - indent).split("\n")
    return "\n".join([issue_label(row)[:indent] + first, *(" " * indent + line
                                                           for line in rest)])


def fix_line(row: dict[str, Any]) -> list[tuple[str, str] | str]:
    """One fix as text parts (verdict styled): readable at any terminal width."""
    verdict = row["verdict"]
    skus = ", ".join(row["fix_skus"]) if row["fix_skus"] else "all SKUs"
    p = p_text(row["p_value"])
    test = "no test" if p == "—" else ("p < 0.001" if p.startswith("<") else f"p = {p}")
    label = VERDICT_TEXT.get(verdict, "—").upper()
    return [
        (f"{label:<9}", VERDICT_STYLE.get(verdict, "")), "  ", (row["issue"], "bold"),
        f" — shipped {row['fix_shipped']} on {skus}"
        + (f" by {row['owner']}" if row["owner"] else "")
        + (": refunds not checked (no orders export given)" if row["lines_before"] is None
           else f": refunds {pct(row['refund_before'])} → {pct(row['refund_after'])} "
           f"({row['lines_before']:,} → {row['lines_after']:,} lines, {test})"),
    ]
