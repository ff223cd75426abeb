"""Presenting `cx retention`: cohorts, reorder intervals and bundle candidates.

JSON carries everything; CSV is the cohort table (one table per file); Markdown and
the terminal show all three sections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cx_cli.engines.retention import HORIZONS, RetentionResult
from cx_cli.render.output import dump_csv, dump_json, dump_markdown, write_text
from cx_cli.render.voc import draw_to, pct

COHORT_COLUMNS = ["cohort", "buyers", *(f"{k}_{n}" for n in HORIZONS
                                        for k in ("repeaters", "repeat"))]


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def cohort_rows(result: RetentionResult) -> list[dict[str, Any]]:
    return [{"cohort": c["cohort"], "buyers": f"{c['buyers']:,}",
             **{f"{n}d": pct(c[f"repeat_{n}"]) for n in HORIZONS}} for c in result.cohorts]


def interval_rows(result: RetentionResult) -> list[dict[str, Any]]:
    rows = []
    for r in result.intervals:
        observed = (_days(r["observed_days"]) if r["observed_days"] is not None
                    else f"— ({r['repeaters']:,}/{result.min_repeaters:,} reordered)")
        rows.append({"sku": r["sku"], "name": r["name"] or "—", "buyers": f"{r['buyers']:,}",
                     "repeaters": f"{r['repeaters']:,}", "observed": observed,
                     "catalog": _days(r["usage_cycle_days"])})
    return rows


def bundle_lines(result: RetentionResult) -> list[str]:
    """One line per bundle candidate, grouped by kind."""
    lines = []
    for t in result.two_packs:
        every = f", every {_days(t['median_days'])} days" if t["median_days"] is not None else ""
        lines.append(f"2-pack: {t['sku']} — {t['repeaters']:,} of {t['buyers']:,} buyers "
                     f"({pct(t['repeat_share'])}) bought it again{every}")
    for p in result.pairs:
        lines.append(f"Routine bundle: {p['skus'][0]} + {p['skus'][1]} — {p['buyers']:,} "
                     f"buyers within 30 days ({p['same_order']:,} orders together, "
                     f"lift {p['lift']:.2f})")
    for s in result.replacement_sets:
        parts = ", ".join(f"{x['sku']} ({_days(x['cycle_days'])} d, {x['source']})"
                          for x in s["skus"])
        lines.append(f"Replacement set, every {s['cycle_days']} days: {parts}")
    return lines


INTERVAL_HEADERS = ["SKU", "name", "buyers", "reordered by", "observed median days",
                    "catalog usage_cycle_days"]
INTERVAL_COLUMNS = ["sku", "name", "buyers", "repeaters", "observed", "catalog"]
COHORT_HEADERS = ["first-order month", "buyers", *(f"repeat {n}d" for n in HORIZONS)]
COHORT_VIEW = ["cohort", "buyers", *(f"{n}d" for n in HORIZONS)]


def markdown(result: RetentionResult) -> str:
    out = [f"## Retention (as of {result.as_of.isoformat()})\n\n",
           "### Repeat purchase by first-order month\n\n"]
    rows = cohort_rows(result)
    out.append(dump_markdown(rows, COHORT_VIEW, COHORT_HEADERS) if rows
               else "No cohort has been observed for 30 days yet.\n")
    out.append("\n### Reorder interval per SKU\n\n")
    rows = interval_rows(result)
    out.append(dump_markdown(rows, INTERVAL_COLUMNS, INTERVAL_HEADERS) if rows
               else "No SKU has been reordered yet.\n")
    out.append("\n### Bundle candidates\n\n")
    lines = bundle_lines(result)
    out.append("".join(f"- {line}\n" for line in lines) if lines else "None yet.\n")
    return "".join(out)


def print_retention(result: RetentionResult, console) -> None:
    from rich.table import Table

    console.print(f"Retention as of {result.as_of.isoformat()}", style="bold")
    cohorts = Table(title="Repeat purchase by first-order month (matured cohorts only)",
                    title_justify="left")
    for h in COHORT_HEADERS:
        cohorts.add_column(h, justify="left" if h.startswith("first") else "right")
    for row in cohort_rows(result):
        cohorts.add_row(*(str(row[c]) for c in COHORT_VIEW))
    if result.cohorts:
        console.print(cohorts)
    else:
        console.print("No cohort has been observed for 30 days yet.")
    intervals = Table(title=f"Reorder interval per SKU (shown once {result.min_repeaters} "
                            "buyers reordered)", title_justify="left")
    rows = interval_rows(result)
    for h in INTERVAL_HEADERS:
        if h == "SKU":
            # An id to copy or look up: whole, the name beside it wraps instead.
            intervals.add_column(h, no_wrap=True,
                                 min_width=max([len(h), *(len(r["sku"]) for r in rows)]))
        else:
            intervals.add_column(h, justify="left" if h == "name" else "right")
    for row in rows:
        intervals.add_row(*(str(row[c]) for c in INTERVAL_COLUMNS),
                          style=None if row["observed"][0].isdigit() else "dim")
    if result.intervals:
        console.print(intervals)
    console.print("Bundle candidates", style="bold")
    lines = bundle_lines(result)
    for line in lines or ["none yet"]:
        console.print(f"  {line}", markup=False)


def render_retention(result: RetentionResult, fmt: str, output: Path | None) -> None:
    if fmt == "json":
        write_text(dump_json(result.as_dict()), output)
    elif fmt == "csv":
        write_text(dump_csv(result.cohorts, COHORT_COLUMNS), output)
    elif fmt == "md":
        write_text(markdown(result), output)
    else:
        draw_to(lambda console: print_retention(result, console), output)
