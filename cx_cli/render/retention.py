"""Presenting `cx retention`: cohorts, reorder intervals and bundle candidates.

JSON carries everything; CSV is the cohort table (one table per file); Markdown and
the terminal show all three sections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cx_cli.engines.retention import HORIZONS, RetentionResult
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
from cx_cli.render.voc import pct

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
        # Too few reorders to observe: "—", the "reordered" count beside it says how far.
        observed = _days(r["observed_days"]) if r["observed_days"] is not None else "—"
        rows.append({"sku": r["sku"], "name": r["name"] or "—", "buyers": f"{r['buyers']:,}",
                     "repeaters": f"{r['repeaters']:,}", "observed": observed,
                     "catalog": _days(r["usage_cycle_days"])})
    return rows


def bundle_lines(result: RetentionResult) -> list[str]:
    """One line per bundle candidate, grouped by kind."""
    return [f"{kind}: {text}" for kind, texts in bundle_groups(result).items()
            for text in texts]


def bundle_groups(result: RetentionResult) -> dict[str, list[str]]:
    """The bundle candidates' texts by kind ("2-pack", "Routine bundle", ...)."""
    groups: dict[str, list[str]] = {}
    for t in result.two_packs:
        every = f", every {_days(t['median_days'])} days" if t["median_days"] is not None else ""
        groups.setdefault("2-pack", []).append(
            f"{t['sku']} — {t['repeaters']:,} of {t['buyers']:,} buyers "
            f"({pct(t['repeat_share'])}) bought it again{every}")
    for p in result.pairs:
        groups.setdefault("Routine bundle", []).append(
            f"{p['skus'][0]} + {p['skus'][1]} — {p['buyers']:,} buyers within 30 days "
            f"({p['same_order']:,} orders together, lift {p['lift']:.2f})")
    for s in result.replacement_sets:
        skus = ", ".join(f"{x['sku']} ({_days(x['cycle_days'])} d, {x['source']})"
                         for x in s["skus"])
        groups.setdefault("Replacement set", []).append(f"every {s['cycle_days']} days: {skus}")
    return groups


INTERVAL_HEADERS = ["SKU", "name", "buyers", "reordered", "median days", "catalog days"]
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


def _print_narrow(console, title: str, columns: list[Column],
                  styles: list[str | None]) -> None:
    table, left_out = narrow_table(title, columns, console.width, styles)
    console.print(table)
    say_left_out(console, left_out)


def print_retention(result: RetentionResult, console) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(f"Retention as of {result.as_of.isoformat()}", style="bold")
    # Narrower than the tables (``narrow_table``), a figure's header wraps ("repeat" /
    # "30d"); then the cohort's buyers go; in the intervals the catalog days, then the
    # buyers, then the product's name. A SKU and a figure are never cut.
    rows = cohort_rows(result)
    if result.cohorts:
        columns = [Column(COHORT_HEADERS[0], [r["cohort"] for r in rows]),
                   *(Column(header, [r[key] for r in rows], "right", True,
                            drop=1 if key == "buyers" else 0, short_header=True)
                     for header, key in zip(COHORT_HEADERS[1:], COHORT_VIEW[1:],
                                            strict=True))]
        _print_narrow(console, "Repeat purchase by first-order month (matured cohorts only)",
                      columns, [])
    else:
        console.print("No cohort has been observed for 30 days yet.")
    rows = interval_rows(result)
    if result.intervals:
        drops = {"name": 3, "buyers": 2, "catalog": 1}
        columns = [Column(header, [r[key] for r in rows],
                          "left" if key in ("sku", "name") else "right",
                          figure=key not in ("sku", "name"), drop=drops.get(key, 0),
                          whole=key == "sku", short_header=True)
                   for header, key in zip(INTERVAL_HEADERS, INTERVAL_COLUMNS, strict=True)]
        _print_narrow(console, f"Reorder interval per SKU (shown once {result.min_repeaters} "
                      "buyers reordered)", columns,
                      [None if r["observed"][0].isdigit() else "dim" for r in rows])
    console.print("Bundle candidates", style="bold")
    groups = bundle_groups(result)
    if not groups:
        console.print("  none yet")
        return
    for kind, texts in groups.items():
        console.print(f"  {kind}s", style="bold")
        # A grid, so a line too long for the terminal wraps under its own text.
        grid = Table.grid(padding=0, pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column()
        for text in texts:
            grid.add_row("    ", Text(text))
        console.print(grid)


def render_retention(result: RetentionResult, fmt: str, output: Path | None) -> None:
    if fmt == "json":
        write_text(dump_json(result.as_dict()), output)
    elif fmt == "csv":
        write_text(dump_csv(result.cohorts, COHORT_COLUMNS), output)
    elif fmt == "md":
        write_text(markdown(result), output)
    else:
        write_text_or_console(lambda console: print_retention(result, console), output)
