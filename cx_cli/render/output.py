"""Presenters shared by every command: JSON, CSV, Markdown, rich tables, and where to write.

Engines return plain rows (lists of dicts); each format renders the same rows.
CSV output neutralises spreadsheet formulas because buyer text comes from outside.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def to_jsonable(value: Any) -> Any:
    """Dates as YYYY-MM-DD, times as ISO 8601, NaN/NaT as null, numpy scalars as Python."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    # numpy / pandas scalars without importing them here
    kind = type(value).__name__
    if kind in ("Timestamp",):
        return None if value != value else value.isoformat()
    if kind in ("NaTType",):
        return None
    if hasattr(value, "item"):
        return to_jsonable(value.item())
    if kind == "NAType":
        return None
    return str(value)


def dump_json(data: Any) -> str:
    """``json.dumps(to_jsonable(data), ensure_ascii=False, indent=2)`` plus a newline.

    The stdlib encoder is pure Python when it indents (about 10 s for 100,000 messages):
    this writes the same bytes in one pass, strings through the stdlib's C escaper.
    """
    fast = _rows_by_orjson(data)
    if fast is not None:
        return fast
    out: list[str] = []
    _encode(data, out, "\n")
    out.append("\n")
    return "".join(out)


# Value types orjson writes exactly as the stdlib does (no floats: "1e16" vs "1e+16").
_ORJSON_EXACT = frozenset({str, type(None), bool, int, date})


def _flat_rows(data: Any) -> bool:
    """A non-empty list of flat rows of text, dates and whole numbers (`messages due`)."""
    if type(data) is not list or not data or set(map(type, data)) != {dict}:
        return False
    first = data[0]
    if set(map(len, data)) == {len(first)}:
        # Rows of the same keys (the usual case): their values are looked at a column at
        # a time, without a Python loop per row.
        values: set[type] = set()
        try:
            for key in first:
                values.update(map(type, map(itemgetter(key), data)))
        except KeyError:
            pass  # rows of different keys
        else:
            return set(map(type, first)) <= {str} and values <= _ORJSON_EXACT
    keys: set[type] = set()
    values = set()
    for row in data:
        keys.update(map(type, row))
        values.update(map(type, row.values()))
    return keys <= {str} and values <= _ORJSON_EXACT


def _rows_by_orjson(data: Any) -> str | None:
    """Flat rows through orjson, byte for byte what the stdlib writes, 20× faster; None
    for anything else."""
    raw = _orjson_rows(data)
    return None if raw is None else raw.decode()


def _orjson_rows(data: Any, flat: bool = False) -> bytes | None:
    if not (flat and data) and not _flat_rows(data):
        return None
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # integers past 64 bits, lone surrogates
        return None


def json_bytes(data: Any, flat: bool = False) -> bytes:
    """``dump_json`` as UTF-8, without decoding orjson's bytes only to encode them again
    (a third of a second for a day's 100,000 messages). ``flat``: the caller knows the
    data are rows as ``_flat_rows`` wants them, which is then not checked again."""
    raw = _orjson_rows(data, flat)
    return raw if raw is not None else dump_json(data).encode("utf-8")


def dump_jsonl(rows: Sequence[dict]) -> str:
    """One compact ``json.dumps(to_jsonable(row), ensure_ascii=False,
    separators=(",", ":"))`` line per row."""
    if _flat_rows(rows):
        import orjson

        try:
            # Decoded row by row: one 80 MB decode at the end is three times slower.
            return "".join([orjson.dumps(row).decode() + "\n" for row in rows])
        except orjson.JSONEncodeError:
            pass
    out: list[str] = []
    for row in rows:
        _encode(row, out, None)
        out.append("\n")
    return "".join(out)


# A key as JSON with its separator, per separator (rows repeat their keys).
_KEYS: dict[str, dict[str, str]] = {": ": {}, ":": {}}


def _encode(value: Any, out: list[str], newline: str | None) -> None:
    """Append the JSON of ``to_jsonable(value)`` as the stdlib writes it: with ``newline``
    (a line break and the indent of this level) indented by 2; compact (separators
    "," and ":") when None."""
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        if any(type(key) is not str for key in value):
            value = to_jsonable(value)  # keys as to_jsonable makes them (str(key))
        inner = newline + "  " if newline is not None else None
        sep = "," + inner if inner is not None else ","
        colon = ": " if newline is not None else ":"
        names = _KEYS[colon]
        out.append("{" + inner if inner is not None else "{")
        first = True
        for key, item in value.items():
            if first:
                first = False
            else:
                out.append(sep)
            name = names.get(key)
            if name is None:
                if len(names) > 10_000:
                    names.clear()
                name = names[key] = encode_basestring(key) + colon
            out.append(name)
            kind = type(item)
            if kind is str:
                out.append(encode_basestring(item))
            elif item is None:
                out.append("null")
            elif kind is date:
                out.append(f'"{item.isoformat()}"')
            else:
                _encode(item, out, inner)
        out.append(newline + "}" if newline is not None else "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  " if newline is not None else None
        sep = "," + inner if inner is not None else ","
        out.append("[" + inner if inner is not None else "[")
        for i, item in enumerate(value):
            if i:
                out.append(sep)
            _encode(item, out, inner)
        out.append(newline + "]" if newline is not None else "]")
    elif isinstance(value, float):
        out.append("null" if math.isnan(value) or math.isinf(value) else float.__repr__(value))
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, str):
        out.append(encode_basestring(value))
    else:
        # Dates, times, numpy and pandas scalars: whatever to_jsonable makes of them.
        _encode(to_jsonable(value), out, newline)


def _texts(values: Iterable[Any]) -> list[str]:
    """``cell_text`` of each value, with text, nulls and dates (most cells) inline: a
    column of text as it is, and each distinct date written once (a day's messages
    share a few)."""
    values = values if isinstance(values, list) else list(values)
    if all(type(v) is str for v in values):
        return values
    iso: dict[date, str] = {}
    out = []
    for v in values:
        kind = type(v)
        if kind is str:
            out.append(v)
        elif v is None:
            out.append("")
        elif kind is date:
            text = iso.get(v)
            if text is None:
                text = iso[v] = v.isoformat()
            out.append(text)
        else:
            out.append(cell_text(v))
    return out


def _column(rows: Sequence[dict], name: str) -> list[Any]:
    """Each row's value of ``name`` (None where a row lacks it)."""
    try:
        return list(map(itemgetter(name), rows))
    except KeyError:
        return [row.get(name) for row in rows]


def text_width(text: str) -> int:
    """Terminal cells ``text`` takes: its length, but a Thai vowel or tone mark takes none
    and an emoji or a CJK character two."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells, the last one an ellipsis when cut."""
    if text.isascii():
        return text if len(text) <= width else text[:width - 1].rstrip() + "…"
    if text_width(text) <= width:
        return text
    from rich.cells import set_cell_size

    return set_cell_size(text, width - 1).rstrip() + "…"


def fold(text: str, width: int, lines: int = 2) -> str:
    """``text`` wrapped between words over at most ``lines`` lines of ``width`` terminal
    cells (an emoji takes two), the last one ending in " …" when the text goes on."""
    import textwrap

    from rich.cells import cell_len

    size = max(width, 4)
    while True:
        wrapped = textwrap.wrap(text, size, max_lines=lines, placeholder=" …")
        if size <= 4 or all(cell_len(line) <= width for line in wrapped):
            return "\n".join(wrapped)
        size -= 1


# A name's parts: a line may break after "_", "." or "/" (tracking_not_ | updating).
_NAME_PARTS = re.compile(r"[^_./]*[_./]+|[^_./]+")
# ... and after "-" or ":" too, in a label or a SKU (Missing- | parts, SHELF- | FLOAT-3PC,
# video: | 7298606217412368295).
_LABEL_PARTS = re.compile(r"[^_./:-]*[_./:-]+|[^_./:-]+")


def _parts(hyphens: bool) -> re.Pattern[str]:
    return _LABEL_PARTS if hyphens else _NAME_PARTS


def name_width(text: str, hyphens: bool = False) -> int:
    """The narrowest column ``wrap_name`` keeps every part of ``text`` whole in."""
    return max((len(part) for word in text.split() for part in _parts(hyphens).findall(word)),
               default=0)


def wrap_name(text: str, width: int, hyphens: bool = False) -> str:
    """A name, a template's or a setting's (``tracking_not_updating``,
    ``messages.stages.review_reminder.enabled``), over lines of ``width``: broken at a
    space, or inside a word only after "_", "." or "/" (``hyphens``: or "-" or ":"), never in
    the middle of a part."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width >= len(word):
            lines.append(line)  # a word that fits a line of its own starts one
            line = ""
        for i, part in enumerate(_parts(hyphens).findall(word)):
            glue = " " if i == 0 and line else ""
            if line and len(line) + len(glue) + len(part) > width:
                lines.append(line)
                line = part
            else:
                line += glue + part
    if line:
        lines.append(line)
    return "\n".join(lines)


def two_line_width(name: str, hyphens: bool = False) -> int:
    """The narrowest column that holds ``name`` in two lines (``wrap_name``)."""
    width = name_width(name, hyphens)
    while len(wrap_name(name, width, hyphens).split("\n")) > 2:
        width += 1
    return width


def cell_text(value: Any) -> str:
    """A value as a CSV/Markdown cell: empty for null, ISO dates, plain numbers."""
    if type(value) is str:
        return value
    value = to_jsonable(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def neutralise_formula(text: str) -> str:
    """Prefix cells a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _csv_cell(value: Any) -> str:
    # Negative numbers stay numbers; only text is neutralised.
    if type(value) is str:
        return neutralise_formula(value)
    if _is_number(value):
        return cell_text(value)
    return neutralise_formula(cell_text(value))


def dump_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """The rows as CSV, byte for byte what ``csv.writer`` (``lineterminator="\\n"``)
    writes, formulas neutralised.

    The writer looks at every character of every cell one at a time, most of a second
    for a day's 100,000 messages. Here a column is searched once for a character that
    needs quotes (``_csv_specials``, asked of the writer itself), and only the cells of a
    column that has one are quoted one by one.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    rows = rows if isinstance(rows, list | tuple) else list(rows)
    if len(columns) < 2:  # the writer quotes a lone empty cell: left to it
        writer.writerows([_csv_cell(row.get(c)) for c in columns] for row in rows)
        return buf.getvalue()
    # A column at a time, as the Markdown file's cells (``_texts``); a column with no
    # formula in it, and none to quote, is kept as it is.
    search = _csv_specials().search
    cells = []
    for name in columns:
        values = _column(rows, name)
        column = _texts(values)
        if any(t.startswith(FORMULA_PREFIXES) for t in column):
            # Negative numbers stay numbers; only text is neutralised (``_csv_cell``).
            column = [t if _is_number(v) else neutralise_formula(t)
                      for t, v in zip(column, values, strict=True)]
        if any(map(search, column)):
            column = [('"' + v.replace('"', '""') + '"') if search(v) else v for v in column]
        cells.append(column)
    if rows:
        buf.write("\n".join(map(",".join, zip(*cells, strict=True))))
        buf.write("\n")
    return buf.getvalue()


@functools.cache
def _csv_specials() -> re.Pattern[str]:
    """The characters that make ``csv.writer`` quote a cell, asked of it: whether a
    carriage return counts changed between Python versions."""
    quoted = []
    for char in ',"\r\n':
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([f"a{char}b", ""])
        if buf.getvalue().startswith('"'):
            quoted.append(char)
    return re.compile("[" + re.escape("".join(quoted)) + "]")


def dump_markdown(rows: Sequence[dict], columns: Sequence[str],
                  headers: Sequence[str] | None = None) -> str:
    headers = list(headers or columns)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    rows = rows if isinstance(rows, list | tuple) else list(rows)
    if not columns:
        lines += ["|  |"] * len(rows)
        return "\n".join(lines) + "\n"
    cells = []
    for name in columns:
        column = _texts(_column(rows, name))
        if any("|" in v or "\n" in v for v in column):  # most columns have neither
            column = [v.replace("|", "\\|").replace("\n", "<br>") for v in column]
        cells.append(column)
    lines += ["| " + " | ".join(row) + " |" for row in zip(*cells, strict=True)]
    return "\n".join(lines) + "\n"


def to_stdout(output: Path | None) -> bool:
    """Does ``-o`` say standard output (not given, or "-")?"""
    return output is None or str(output) == "-"


def write_text(text: str | bytes, output: Path | None) -> None:
    """To the file (atomically) when given, else standard output (bytes are UTF-8)."""
    if to_stdout(output):
        try:
            if isinstance(text, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(text)
                sys.stdout.buffer.flush()
                return
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # a reader went away (`| head`): the command ends quietly
        except AttributeError:
            if sys.stdout is None:  # cx was started with standard output closed (>&-)
                raise _stdout_closed() from None
            raise
        except OSError as exc:
            # A redirection to a full disk (a cron job's `> outbox/due.csv`): an error
            # like a file's, not a traceback (and nothing after it, such as --record, runs).
            raise _stdout_failed(exc) from None
        return
    from cx_cli.io.files import write_atomic

    write_atomic(output, text)


FILE_WIDTH = 120  # the width of a rich layout written to a file


def plain_text(text: str) -> str:
    """Text a rich console wrote, each line without the spaces rich pads it with to the
    layout's width (a file should not carry trailing whitespace)."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def console_text(draw: Callable[[Any], None], width: int = FILE_WIDTH) -> str:
    """What ``draw(console)`` prints, as plain text ``width`` columns wide (no colour
    codes, no trailing spaces): what cx writes to a file from a rich layout."""
    from rich.console import Console

    buf = io.StringIO()
    draw(Console(file=buf, width=width, highlight=False, color_system=None,
                 force_terminal=False))
    return plain_text(buf.getvalue())


def _stdout_failed(exc: OSError) -> Exception:
    from cx_cli.errors import CxError

    return CxError(f"cannot write to standard output: {exc.strerror or exc}",
                   "check the disk it goes to is not full")


def _stdout_closed() -> Exception:
    from cx_cli.errors import CxError

    return CxError("standard output is closed: what cx prints would be lost",
                   "write to a file with -o FILE, or send the output somewhere "
                   "(cx ... > FILE)")


def terminal_console(**options: Any) -> Any:
    """A rich Console on standard output, that fails as ``write_text`` does.

    rich on its own prints into nothing when standard output is closed (exit 0, the
    table lost), shows a traceback on a full disk, and exits 1 when the reader of a
    pipe goes away (`cx scorecard | head -1`). Here the first two are errors (exit 2)
    and the last ends the command quietly, as a plain write does.
    """
    if sys.stdout is None:
        raise _stdout_closed()
    return _stdout_console_class()(highlight=False, **options)


@functools.cache
def _stdout_console_class() -> type:
    import os

    from rich.console import Console

    class StdoutConsole(Console):
        def on_broken_pipe(self) -> None:
            # What is still buffered goes nowhere, so that exiting does not fail again.
            self.quiet = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            raise BrokenPipeError  # the command's error boundary ends it with exit 0

        def _check_buffer(self) -> None:
            try:
                super()._check_buffer()
            except BrokenPipeError:
                raise
            except OSError as exc:
                self.quiet = True
                raise _stdout_failed(exc) from None

    return StdoutConsole


def write_text_or_console(draw: Callable[[Any], None], output: Path | None,
                          width: int = FILE_WIDTH) -> None:
    """Draw a rich layout on the terminal, or into a plain-text file with ``-o``."""
    if to_stdout(output):
        draw(terminal_console())
        return
    write_text(console_text(draw, width), output)


def terminal_width(output: Path | None) -> int:
    """The width a table is laid out for: the terminal's, or a file's."""
    if not to_stdout(output):
        return FILE_WIDTH
    from rich.console import Console

    return Console().width


def say_left_out(console: Any, left_out: Sequence[str],
                 where: str | None = "-f md has them") -> None:
    """The line under a narrowed table naming the columns it left out, and ``where``
    to find them; nothing when none was."""
    if left_out:
        console.print(f"Left out at this width: {', '.join(left_out)}"
                      + (f" ({where})." if where else "."), style="dim", markup=False)


def share_width(room: int, natural: Sequence[int], least: Sequence[int]) -> list[int] | None:
    """Column widths for a table that must fit ``room`` characters of cells: each column
    gets its ``least``, then what is left goes to the columns in order, up to their
    ``natural`` width; None when even the least does not fit. A column whose least is
    its natural width keeps it whole (a figure); the others are cut with an ellipsis."""
    widths = [min(n, m) for n, m in zip(natural, least, strict=True)]
    spare = room - sum(widths)
    if spare < 0:
        return None
    for i, want in enumerate(natural):
        extra = max(0, min(spare, want - widths[i]))
        widths[i] += extra
        spare -= extra
    return widths


class Column:
    """A column of a table laid out by ``narrow_table``. A ``figure`` (a number, a rate,
    an arrow) is never cut nor wrapped; other cells wrap between words, and after "_",
    ".", "/", "-" or ":" inside one, ``whole`` ones (a SKU, copied and searched for)
    only once no column is left to drop, and they get the room first. ``drop``: the
    order the column is left out in when the terminal is too narrow (1 first; 0:
    never). ``short_header``: a figure's header may wrap between words before any
    column is dropped ("median" / "days")."""

    def __init__(self, header: str, cells: Sequence[str], justify: str = "left",
                 figure: bool = False, drop: int = 0, whole: bool = False,
                 short_header: bool = False) -> None:
        self.header, self.cells, self.justify = header, list(cells), justify
        self.figure, self.drop, self.whole = figure, drop, whole
        self.short_header = short_header

    def natural(self) -> int:
        return max([len(self.header), *map(len, self.cells)])

    def least(self, squeeze: int) -> int:
        """The narrowest the column may be: a figure keeps its width (from ``squeeze``
        2 its header may wrap between words); the other cells keep two lines each
        (from ``squeeze`` 2 as many as it takes)."""
        if self.whole and squeeze < 2:
            return self.natural()
        if self.figure:
            values = max(map(len, self.cells), default=0)
            header = (len(self.header) if squeeze < 2 and not self.short_header
                      else name_width(self.header))
            return max(values, header)
        fit = two_line_width if squeeze < 2 else name_width
        return max([name_width(self.header), *(fit(c, True) for c in self.cells)])


def narrow_table(title: str, columns: Sequence[Column], width: int,
                 styles: Sequence[str | None] = ()) -> tuple[Any, list[str]]:
    """A rich table of ``columns`` that fits ``width`` and keeps every figure whole: a
    name that does not fit wraps onto two lines; narrower, the columns with a ``drop``
    are left out in its order; narrower still, the names take as many lines as they
    need, the headers wrap and the table loses its outer frame. Returns the table and
    the headers left out (a note for the reader: ``-f md`` has every column).

    A table that fits as it is, is laid out as rich lays it out."""
    from rich.table import Table
    from rich.text import Text

    least_first = sorted({c.drop for c in columns if c.drop})
    stages = [[c for c in columns if not c.drop or c.drop > k] for k in [0, *least_first]]
    tries = [(stage, 1, True) for stage in stages]
    tries += [(stages[-1], 2, True), (stages[-1], 2, False)]
    layout = None
    for shown, squeeze, edge in tries:
        n = len(shown)
        # The cells' room: a border between and either side of the cells, and a space
        # either side of each (without the outer frame: none at its edges).
        room = width - (n + 1) - 2 * n if edge else width - (n - 1) - 2 * n + 2
        # What is spare goes to the ``whole`` columns first (a name on one line), then
        # to the others in their order.
        order = sorted(range(n), key=lambda i: not shown[i].whole)
        shared = share_width(room, [shown[i].natural() for i in order],
                             [shown[i].least(squeeze) for i in order])
        if shared is not None:
            widths = [w for _, w in sorted(zip(order, shared, strict=True))]
            layout = shown, widths, edge
            break
    if layout is None:  # narrower than any layout: the fewest columns, as rich fits them
        shown, widths, edge = stages[-1], [], False
    table = Table(title=title, title_justify="left", show_edge=edge, pad_edge=edge)
    natural = layout is not None and widths == [c.natural() for c in shown]
    for i, column in enumerate(shown):
        if not widths or natural:
            table.add_column(column.header, justify=column.justify, no_wrap=column.figure)
            continue
        header = column.header
        if len(header) > widths[i]:
            header = wrap_name(header, widths[i])
        table.add_column(header, justify=column.justify, no_wrap=True, width=widths[i])
    for r in range(len(columns[0].cells) if columns else 0):
        cells = [c.cells[r] if c.figure or not widths or len(c.cells[r]) <= w
                 else wrap_name(c.cells[r], w, True)
                 for c, w in zip(shown, widths or [0] * len(shown), strict=True)]
        # Text(), not markup: a SKU or name from an export may hold "[...]".
        table.add_row(*map(Text, cells), style=styles[r] if r < len(styles) else None)
    return table, [c.header for c in columns if c not in shown]


# Words an issue key spells without its apostrophe ("doesnt_work").
_CONTRACTIONS = {"doesnt": "doesn't", "dont": "don't", "isnt": "isn't", "cant": "can't",
                 "wont": "won't", "didnt": "didn't", "arent": "aren't", "wasnt": "wasn't"}


def readable_name(key: str) -> str:
    """An issue or category key as the page shows it: "doesnt_work" → "doesn't work"."""
    return " ".join(_CONTRACTIONS.get(w, w) for w in key.replace("_", " ").split(" "))
