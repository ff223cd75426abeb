"""Reading a rich table back as a person does: a row's cells with their wrapped lines
joined (after "_", "." or "/" with nothing between, as a name or a setting wraps; else
with a space)."""

from __future__ import annotations


def table_rows(text: str, key: int, framed: bool = True) -> list[list[str]]:
    """The body rows of the boxed table in ``text`` (not ``framed``: drawn without its
    outer frame, as a narrow table is); a line whose ``key`` column is filled starts a
    row, the lines after it until the next one continue its cells."""
    if not framed:
        return _rows([line.split("│") for line in text.splitlines() if "│" in line], key)
    lines = [line.strip().strip("│").split("│") for line in text.splitlines()
             if line.startswith("│")]
    return _rows(lines, key)


def spaced_rows(text: str, headers: list[str], key: int,
                starts: str | tuple[str, ...] = "") -> list[list[str]]:
    """The body rows of the first table in ``text`` drawn without rules between its
    columns (`cx voc`'s issues), from the line under the header to the first blank line.
    Its columns are told apart by the gaps of two or more spaces that run down the
    header and every body line (inside a cell words are one space apart). Rows as in
    ``table_rows``; with ``starts``, only a ``key`` cell beginning with it starts a row
    (a trend's arrow: "↑ 13" / "vs 8")."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if all(h in line for h in headers))
    body = []
    for line in lines[at + 2:]:
        if not line.strip():
            break
        body.append(line)
    block = [lines[at], *body]
    blank = [all(line[i:i + 1] in ("", " ") for line in block)
             for i in range(max(map(len, block)))]
    spans, start = [], None
    for i, empty in enumerate([*blank, True, True]):
        gap = empty and (i + 1 >= len(blank) or blank[i + 1])
        if start is None and not empty:
            start = i
        elif start is not None and gap:
            spans.append((start, i))
            start = None
    assert [lines[at][a:b].strip() for a, b in spans] == headers, spans
    return _rows([[line[a:b] for a, b in spans] for line in body], key, starts)


def _rows(lines: list[list[str]], key: int,
          starts: str | tuple[str, ...] = "") -> list[list[str]]:
    rows: list[list[str]] = []
    for line in lines:
        cells = [cell.strip() for cell in line]
        if cells[key] and cells[key].startswith(starts):
            rows.append(cells)
            continue
        for i, cell in enumerate(cells):
            if cell:
                before = rows[-1][i]
                rows[-1][i] = before + ("" if before.endswith(("_", ".", "/")) else " ") + cell
    return rows
