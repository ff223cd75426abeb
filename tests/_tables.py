"""Reading a rich table back as a person does: a row's cells with their wrapped lines
joined (after "_", "." or "/" with nothing between, as a name or a setting wraps; else
with a space)."""

from __future__ import annotations


def table_rows(text: str, key: int) -> list[list[str]]:
    """The body rows of the boxed table in ``text``; a line whose ``key`` column is
    filled starts a row, the lines after it until the next one continue its cells."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if cells[key]:
            rows.append(cells)
            continue
        for i, cell in enumerate(cells):
            if cell:
                before = rows[-1][i]
                rows[-1][i] = before + ("" if before.endswith(("_", ".", "/")) else " ") + cell
    return rows
