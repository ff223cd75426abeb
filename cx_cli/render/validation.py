"""Presenting `cx validate`: a readable table on the terminal, JSON for scripts."""

from __future__ import annotations

import sys
from pathlib import Path

from cx_cli.io.catalog import near_sku_note
from cx_cli.io.validation import ValidationResult
from cx_cli.render.output import (
    Column,
    dump_json,
    dump_markdown,
    narrow_table,
    say_left_out,
    write_text,
    write_text_or_console,
)

COLUMNS = ["input", "files", "rows", "duplicates_dropped", "bad_rows", "status"]
HEADERS = ["input", "files", "rows kept", "duplicates dropped", "rows excluded", "status"]


def validation_rows(result: ValidationResult) -> list[dict]:
    rows = []
    for name, report in result.reports.items():
        status = "ok" if not report.bad_rows else "rows excluded"
        rows.append({"input": name, "files": len(report.files), "rows": report.rows,
                     "duplicates_dropped": report.duplicates_dropped,
                     "bad_rows": report.bad_rows, "status": status})
    for name, _message in result.errors.items():
        rows.append({"input": name, "files": None, "rows": None, "duplicates_dropped": None,
                     "bad_rows": None, "status": "UNUSABLE"})
    return rows


def render_validation(result: ValidationResult, fmt: str, output: Path | None) -> None:
    if fmt == "json":
        write_text(dump_json(result.as_dict()), output)
        # The JSON holds each error too; stderr says it for a person or cron's mail.
        for line in _error_lines(result):
            sys.stderr.write(line + "\n")
        return
    if fmt == "md":
        text = dump_markdown(validation_rows(result), COLUMNS, HEADERS)
        text += "".join(f"\n- {line}" for line in _detail_lines(result))
        write_text(text + "\n", output)
        return
    rows = validation_rows(result)
    # Narrower than the table (``narrow_table``), the figures' headers wrap ("rows" /
    # "kept"), then the files go, then the duplicates: no figure is ever cut.
    drops = {"files": 1, "duplicates_dropped": 2}
    columns = [Column(header, ["—" if row[c] is None else f"{row[c]:,}"
                               if isinstance(row[c], int) else str(row[c]) for row in rows],
                      "left" if c in ("input", "status") else "right",
                      figure=c not in ("input", "status"), drop=drops.get(c, 0),
                      short_header=True)
               for c, header in zip(COLUMNS, HEADERS, strict=True)]
    styles = ["red" if row["status"] == "UNUSABLE" else "yellow" if row["bad_rows"] else None
              for row in rows]

    def draw(console) -> None:
        table, left_out = narrow_table("Inputs", columns, console.width, styles)
        console.print(table)
        say_left_out(console, left_out)
        for line in _detail_lines(result):
            # On a terminal a long line wraps between words (the terminal itself would
            # cut a SKU in two); in a file or a pipe it stays one line, for grep.
            console.print(line, markup=False, soft_wrap=not console.is_terminal)

    write_text_or_console(draw, output)


def _error_lines(result: ValidationResult) -> list[str]:
    lines = []
    for name, message in result.errors.items():
        lines.append(f"Error: {message}")
        if name in result.hints:
            lines.append(f"  Hint: {result.hints[name]}")
    for broken in result.broken_templates:
        lines.append(f"Error: template {broken['file']} line {broken['line']}: "
                     f"{broken['message']}")
        lines.append("  Hint: fix the template: every message from it would fail")
    return lines


def _counted(n: int, thing: str) -> str:
    """"1 file", "3 files"."""
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _detail_lines(result: ValidationResult) -> list[str]:
    lines = _error_lines(result)
    for report in result.reports.values():
        if report.description_rows:
            lines.append(f"{report.name}: skipped the column-description row in "
                         f"{_counted(report.description_rows, 'file')}")
        if report.blank_rows:
            lines.append(f"{report.name}: skipped {_counted(report.blank_rows, 'blank row')} "
                         "(no value in any column cx reads)")
        if report.header_rows:
            n = report.header_rows
            rows = ", ".join(map(str, report.header_row_numbers))
            more = ", …" if n > len(report.header_row_numbers) else ""
            lines.append(f"{report.name}: skipped {_counted(n, 'row')} repeating the header "
                         f"(two exports pasted into one file): row{'' if n == 1 else 's'}"
                         f" {rows}{more}")
        if report.name == "tickets" and "first_response_at" in (report.absent or ()):
            lines.append("tickets: no first response column (first_response_at, or the "
                         "preset's header for it): first response times, unanswered "
                         "tickets and the 12-hour share are not computed")
        if report.name == "tickets" and "order_id" in (report.absent or ()):
            lines.append("tickets: no order ID column (order_id, or the preset's header for "
                         "it): tickets are not matched to orders, so review requests are "
                         "not held for buyers with an open ticket, and a ticket without a "
                         "SKU counts for no product (support check-ins, VoC). If the export "
                         "has it under another header, set columns.tickets.map.order_id in "
                         "cx.yaml")
        if report.name == "orders":
            lines.extend(_absent_order_times(report.absent or ()))
        if report.name == "reviews":
            lines.extend(f"reviews: no {name} column: {effect}"
                         for name, effect in OPTIONAL_REVIEW_COLUMNS
                         if name in (report.absent or ()))
        if report.name == "fixes" and "shipped_date" in (report.absent or ()):
            lines.append("fixes: no shipped_date column: every fix is taken as not shipped "
                         "yet, and none is checked against refunds")
        lines.extend(f"Excluded: {line}" for line in report.warning_lines())
    if result.catalog_skus is not None:
        lines.append(f"Catalog: {_counted(result.catalog_skus, 'SKU')}")
    if result.missing_skus:
        lines.append("SKUs sold but not in the catalog (category defaults apply): "
                     + ", ".join(result.missing_skus))
        lines.extend(near_sku_note(sku, entry) for sku, entry in result.near_skus.items())
    if result.unsold_skus:
        lines.append("Catalog SKUs no order has (check them against the orders' Seller "
                     "SKU): " + ", ".join(result.unsold_skus))
    lines.extend(f"Templates: {u['message']}" for u in result.unused_templates)
    if result.not_given:
        lines.append("Not given: " + ", ".join(result.not_given))
    return lines


# Optional order columns whose absence changes what every command says (a header typo
# leaves them out without an error): (field, what it is, Seller Center header, effect).
OPTIONAL_ORDER_COLUMNS = (
    ("sku", "seller SKU", "Seller SKU",
     "lines are known by the platform's SKU ID instead, so none matches the "
     "product catalog and per-SKU figures show those IDs"),
    ("paid_at", "paid time", "Paid Time",
     "refund rates, repeat purchase and retention cohorts are not computed, and no order "
     "confirmation is due"),
    ("delivered_at", "delivery time", "Delivered Time",
     "no delivery-day, check-in or review request is due, and every shipped order is "
     "taken as still in transit (a tracking-stalled message 7 days after its scan)"),
    ("shipped_at", "shipped time", "Shipped Time",
     "the late dispatch rate and missing parts per 1,000 shipped are not computed, no "
     "in-transit message is due, and parcels already on their way are sent label-created "
     "and tracking-stalled messages"),
    ("cancel_by", "cancel-by", "Cancel By",
     "the seller-fault cancellation rate is not computed"),
)

# Optional review columns the scorecard reads: (field, what their absence leaves out).
OPTIONAL_REVIEW_COLUMNS = (
    ("review_text", "review words and the detailed share are not computed"),
    ("has_media", "the media share is not computed"),
)


def _absent_order_times(absent) -> list[str]:
    return [f"orders: no {what} column ({name}; '{header}' in a Seller Center export): "
            f"{effect}. If the export has it under another header, set "
            f"columns.orders.map.{name} in cx.yaml"
            for name, what, header, effect in OPTIONAL_ORDER_COLUMNS if name in absent]
