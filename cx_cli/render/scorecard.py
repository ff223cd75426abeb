"""Presenting `cx scorecard` and `cx refunds`: rich tables, Markdown, CSV and JSON.

Every format renders the same rows (``Scorecard.metric_rows``/``health_rows``, the
refund table's rows); values are formatted by the metric's declared format, and a
null shows as "—".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from cx_cli.engines.metrics import REGISTRY
from cx_cli.engines.metrics_refunds import RefundTable
from cx_cli.engines.scorecard import Scorecard
from cx_cli.render.output import (
    Column,
    dump_csv,
    dump_json,
    dump_markdown,
    narrow_table,
    say_left_out,
    write_text,
    write_text_or_console,
)

DASH = "—"
SPARKS = "▁▂▃▄▅▆▇█"
TOP_SKUS = 10
REFUND_COLUMNS = ["lines", "refunded", "rate", "ci_low", "ci_high", "flagged"]


# --- formatting ---------------------------------------------------------------------------


def format_value(value: Any, fmt: str) -> str:
    """A metric value for people: 4.1%, 3.2 h, 1,204, 4.62; "—" for null."""
    if value is None:
        return DASH
    if fmt == "pct":
        return f"{value * 100:.1f}%"
    if fmt == "hours":
        return f"{value:.1f} h"
    if fmt == "count":
        return f"{int(value):,}"
    if fmt == "stars":
        return f"{value:.2f}"
    return f"{value:.1f}" if fmt == "words" else f"{value:.2f}"


def format_change(value: Any, fmt: str) -> str:
    """A week-on-week change: rates in percentage points, the rest in their own unit."""
    if value is None:
        return DASH
    if fmt == "pct":
        return f"{value * 100:+.1f} pp"
    if fmt == "hours":
        return f"{value:+.1f} h"
    if fmt == "count":
        return f"{int(value):+,}"
    if fmt == "stars":
        return f"{value:+.2f}"
    return f"{value:+.1f}" if fmt == "words" else f"{value:+.2f}"


def sparkline(values: Sequence[float | None]) -> str:
    """▁▂▃▄▅▆▇█ scaled between the series' min and max; a gap for a missing week. A flat
    series sits mid-height, or on the floor when every week is 0 (none at all)."""
    present = [v for v in values if v is not None]
    if not present:
        return " " * len(values)
    low, high = min(present), max(present)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif high == low:
            out.append(SPARKS[0] if high == 0 else SPARKS[3])
        else:
            out.append(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))])
    return "".join(out)


def _percent(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def _interval(row: dict) -> str:
    return f"{_percent(row['ci_low'])}–{_percent(row['ci_high'])}"


def _visible(rows: list[dict]) -> list[dict]:
    """Optional metrics (business hours) appear only when they were computed."""
    return [r for r in rows if not r["optional"] or r["computed"]]


def _status(row: dict) -> str:
    return {True: "ok", False: "over threshold", None: DASH}[row["healthy"]] \
        if row["direction"] == "down" else {True: "ok", False: "below threshold",
                                            None: DASH}[row["healthy"]]


def _last_day(card: Scorecard) -> str:
    return (card.week.end - timedelta(days=1)).isoformat()


def _cohort_line(card: Scorecard) -> str:
    c = card.cohort
    if c is None:
        return "Refunds: no orders export given."
    return (f"Refund cohort: lines paid {c.paid_from.isoformat()} to {c.paid_to.isoformat()} "
            f"(week minus {card.lag_days} days) — {c.lines:,} lines, {c.refunded:,} refunded, "
            f"shop rate {_percent(c.rate)}; flagged: at least {card.min_lines} lines and the "
            "95% interval above the shop rate.")


# --- scorecard ----------------------------------------------------------------------------


def fix_line(row: dict, bold: bool = False) -> str:
    """"Label (+2.0 h, target ↓): the fix" for a metric that moved the wrong way."""
    label = f"**{row['label']}**" if bold else row["label"]
    change = format_change(row["change"], row["format"])
    return f"{label} ({change}, target {row['arrow']}): {row['fix']}"


def scorecard_metric_cells(row: dict) -> list[str]:
    fmt = row["format"]
    return [row["label"], format_value(row["value"], fmt), format_value(row["previous"], fmt),
            format_change(row["change"], fmt), sparkline(row["series"]), row["arrow"]]


def render_scorecard(card: Scorecard, fmt: str, output: Path | None) -> None:
    if fmt == "json":
        write_text(dump_json(card.to_json()), output)
    elif fmt == "csv":
        write_text(scorecard_csv(card), output)
    elif fmt == "md":
        write_text(scorecard_markdown(card), output)
    else:
        write_text_or_console(lambda console: print_scorecard(card, console), output)


def scorecard_markdown(card: Scorecard) -> str:
    n = len(card.weeks)
    parts = [f"# Scorecard {card.week.name}\n\n",
             f"Week {card.week.start.isoformat()} to {_last_day(card)} (shop time), compared "
             f"with {card.previous_week.name}; as of {card.as_of.isoformat()}.\n\n"]
    rows = []
    fixes = []
    for r in _visible(card.metric_rows()):
        cells = scorecard_metric_cells(r)
        mark = {True: " ✗", False: " ✓", None: ""}[r["wrong_way"]]
        rows.append(dict(zip(["metric", "week", "previous", "change", "trend", "target"],
                             [*cells[:3], cells[3] + mark, cells[4], cells[5]], strict=True)))
        if r["fix"]:
            fixes.append(f"- {fix_line(r, bold=True)}")
    parts.append(dump_markdown(rows, ["metric", "week", "previous", "change", "trend", "target"],
                               ["Metric", "This week", "Previous", "Change",
                                f"{n} weeks", "Target"]))
    if fixes:
        parts.append("\n## Moved the wrong way\n\n" + "\n".join(fixes) + "\n")
    parts.append("\n## Worst SKUs by refund rate\n\n" + _cohort_line(card) + "\n\n")
    sku_rows = _sku_display_rows(card)
    if sku_rows:
        parts.append(dump_markdown(sku_rows, ["sku", "lines", "refunded", "rate", "ci", "flag"],
                                   ["SKU", "Lines", "Refunded", "Rate", "95% CI", "Flag"]))
        if more := _more_skus(card, sku_rows):
            parts.append(f"\n{more}\n")
    else:
        parts.append("No lines in this cohort.\n")
    parts.append("\n## Platform health\n\n")
    health = []
    for r in card.health_rows():
        note = f" ({r['threshold_note']})" if r["threshold_note"] else ""
        health.append({"metric": r["label"], "week": format_value(r["value"], "pct"),
                       "previous": format_value(r["previous"], "pct"),
                       "threshold": r["threshold"] + note, "status": _status(r)})
    parts.append(dump_markdown(health, ["metric", "week", "previous", "threshold", "status"],
                               ["Metric", "This week", "Previous", "TikTok threshold",
                                "Status"]))
    outside = [r for r in card.health_rows() if r["healthy"] is False]
    if outside:
        parts.append("\n## Outside the threshold\n\n" + "".join(
            f"- **{r['label']}** ({format_value(r['value'], 'pct')}, threshold "
            f"{r['threshold']}): {REGISTRY[r['metric']].fix}\n" for r in outside))
    return "".join(parts)


def _sku_display_rows(card: Scorecard) -> list[dict]:
    if card.cohort is None:
        return []
    return [{"sku": r["sku"] or DASH, "lines": r["lines"], "refunded": r["refunded"],
             "rate": _percent(r["rate"]), "ci": _interval(r),
             "flag": "FLAGGED" if r["flagged"] else ""}
            for r in card.cohort.rows[:TOP_SKUS]]


def _more_skus(card: Scorecard, shown: list[dict]) -> str | None:
    """Where the refund cohort's SKUs the table leaves out are (None: it shows them all)."""
    more = len(card.cohort.rows) - len(shown) if card.cohort else 0
    return f"{more} more SKUs in --format json or csv." if more > 0 else None


CSV_COLUMNS = ["section", "name", "label", "week", "value", "previous", "change", "direction",
               "wrong_way", "threshold", "lines", "refunded", "ci_low", "ci_high", "flagged",
               "fix"]


def scorecard_csv(card: Scorecard) -> str:
    """One flat CSV: the metrics, platform health and every SKU of the refund cohort."""
    rows = []
    for section, items in (("metric", card.metric_rows()), ("platform_health",
                                                            card.health_rows())):
        for r in items:
            rows.append({"section": section, "name": r["metric"], "label": r["label"],
                         "week": card.week.name, "value": r["value"],
                         "previous": r["previous"], "change": r["change"],
                         "direction": r["direction"], "wrong_way": r["wrong_way"],
                         "threshold": r.get("threshold"), "fix": r["fix"]})
    if card.cohort is not None:
        # A SKU's row says which lines it counts: the cohort is paid weeks before the week.
        cohort = (f"lines paid {card.cohort.paid_from.isoformat()} to "
                  f"{card.cohort.paid_to.isoformat()}")
        for r in card.cohort.rows:
            rows.append({"section": "refunds_by_sku", "name": r["sku"], "label": cohort,
                         "week": card.week.name, "value": r["rate"],
                         **{k: r[k] for k in REFUND_COLUMNS if k != "rate"}})
    return dump_csv(rows, CSV_COLUMNS)


def print_scorecard(card: Scorecard, console) -> None:
    n = len(card.weeks)
    rows = [(r, scorecard_metric_cells(r)) for r in _visible(card.metric_rows())]
    # At 80 columns (a cron mail) the figures keep their width and a metric's name that
    # does not fit wraps between words onto a second line ("Missing parts / 1k" /
    # "shipped"), never cut. Narrower, the trend goes, then last week's figures; then
    # the names take more lines (``narrow_table``).
    cells = [[c[i] for _, c in rows] for i in range(6)]
    columns = [Column("Metric", cells[0]), Column("This week", cells[1], "right", True),
               Column("Previous", cells[2], "right", True, drop=2),
               Column("Change", cells[3], "right", True),
               Column(f"{n} weeks", cells[4], figure=True, drop=1),
               Column("Target", cells[5], "center", True)]
    styles = [{True: "red", False: "green", None: None}[r["wrong_way"]] for r, _ in rows]
    _print_narrow(console, f"Scorecard {card.week.name} ({card.week.start.isoformat()} to "
                  f"{_last_day(card)}) vs {card.previous_week.name}", columns, styles)
    _print_fixes(console, "Moved the wrong way — the common fix:",
                 [r for r, _ in rows if r["fix"]])
    console.print()
    sku_rows = _sku_display_rows(card)
    if sku_rows:
        print_refund_rows(console, "Worst SKUs by refund rate (flagged first)", sku_rows,
                          "sku")
        if more := _more_skus(card, sku_rows):
            console.print(more, markup=False)
    console.print(_cohort_line(card), markup=False)
    console.print()
    health = card.health_rows()
    notes = [f" ({r['threshold_note']})" if r["threshold_note"] else "" for r in health]
    columns = [Column("Metric", [r["label"] for r in health]),
               Column("This week", [format_value(r["value"], "pct") for r in health],
                      "right", True),
               Column("Previous", [format_value(r["previous"], "pct") for r in health],
                      "right", True, drop=1),
               Column("Threshold", [r["threshold"] + note for r, note in zip(health, notes,
                                                                             strict=True)]),
               Column("Status", [_status(r) for r in health], drop=2)]
    _print_narrow(console, "Platform health (beside TikTok's published thresholds)", columns,
                  [{True: "green", False: "red", None: None}[r["healthy"]] for r in health])
    _print_fixes(console, "Outside the threshold — the common fix:",
                 [r for r in card.health_rows() if r["healthy"] is False])


def _print_narrow(console, title: str, columns: list[Column],
                  styles: list[str | None]) -> None:
    """A table laid out for the console's width (``narrow_table``), and which columns a
    narrow terminal left out."""
    table, left_out = narrow_table(title, columns, console.width, styles)
    console.print(table)
    say_left_out(console, left_out)


def print_refund_rows(console, title: str, rows: list[dict], by: str) -> None:
    """The refund rates by SKU (or variation, category): narrower than they need, the
    95% interval goes, then the refunded count, then a SKU wraps after a "-"; the
    figures stay whole."""
    figures = [("Lines", [f"{r['lines']:,}" for r in rows], 0),
               ("Refunded", [f"{r['refunded']:,}" for r in rows], 2),
               ("Rate", [r["rate"] for r in rows], 0), ("95% CI", [r["ci"] for r in rows], 1)]
    columns = [Column(group_label(by, heading=True), [str(r[by]) for r in rows], whole=True),
               *(Column(header, cells, "right", True, drop) for header, cells, drop in figures),
               Column("Flag", [r["flag"] for r in rows], figure=True)]
    _print_narrow(console, title, columns, ["red" if r["flag"] else None for r in rows])


def _print_fixes(console, title: str, rows: list[dict]) -> None:
    """A bulleted list whose wrapped lines stay indented under their bullet."""
    from rich.table import Table

    if not rows:
        return
    console.print(title, style="bold")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for r in rows:
        grid.add_row("•", _fix_text(r), style="red")
    console.print(grid)


def _fix_text(row: dict):
    from rich.text import Text

    if "threshold" in row:
        value = format_value(row["value"], row["format"])
        return Text(f"{row['label']} ({value}, threshold {row['threshold']}): "
                    f"{REGISTRY[row['metric']].fix}")
    return Text(fix_line(row))


# --- cx refunds ---------------------------------------------------------------------------


def group_label(by: str, heading: bool = False) -> str:
    """A refund grouping as people write it: "SKU", "variation", "product category"
    (capitalised as a column heading); the files' keys stay ``sku``, ``variation``..."""
    text = "SKU" if by == "sku" else by.replace("_", " ")
    return text[:1].upper() + text[1:] if heading else text


def render_refunds(table: RefundTable, fmt: str, output: Path | None,
                   min_lines: int = 20) -> None:
    by = table.by
    if fmt == "json":
        write_text(dump_json(table.rows), output)
        return
    if fmt == "csv":
        write_text(dump_csv(table.rows, [by, *REFUND_COLUMNS]), output)
        return
    title = (f"Refund rate by {group_label(by)}, lines paid {table.paid_from.isoformat()} to "
             f"{table.paid_to.isoformat()}")
    summary = (f"{table.lines:,} lines, {table.refunded:,} refunded, shop rate "
               f"{_percent(table.rate)}; flagged: at least {min_lines} lines and the 95% "
               "interval above the shop rate.")
    display = [{by: r[by] if r[by] is not None else DASH, "lines": r["lines"],
                "refunded": r["refunded"], "rate": _percent(r["rate"]), "ci": _interval(r),
                "flag": "FLAGGED" if r["flagged"] else ""} for r in table.rows]
    if fmt == "md":
        text = f"# {title}\n\n{summary}\n\n"
        text += dump_markdown(display, [by, "lines", "refunded", "rate", "ci", "flag"],
                              [group_label(by, heading=True), "Lines", "Refunded", "Rate",
                               "95% CI", "Flag"])
        write_text(text, output)
        return

    def draw(console) -> None:
        if display:
            print_refund_rows(console, title, display, by)
        console.print(summary, markup=False)

    write_text_or_console(draw, output)
