"""Reading one export file into string columns: encoding, delimiter, CSV vs XLSX.

Everything is read as text (IDs must never become floats); parsing into types
happens later in ``cx_cli.io.parse``. Only the requested columns are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from cx_cli.errors import InputError
from cx_cli.io.sniff import OLE_MAGIC, XLSX_MAGIC, detect_delimiter, detect_encoding

SNIFF_BYTES = 64 * 1024
# pyarrow parses blocks of this size in parallel.
BLOCK_SIZE = 16 << 20
_THREE_DECIMALS = re.compile(r"-?\d{1,3}\.\d{3}$")
# A web page (after any comments: a browser's "Save page as" writes one first) or XML.
_MARKUP = re.compile(r"\s*(?:<!--(?:(?!-->).)*-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|"
                     r"body[\s>]|\?xml[\s?])",
                     re.IGNORECASE | re.DOTALL)


@dataclass
class RawFile:
    """A file's header and the text of the columns asked for."""

    path: Path
    headers: list[str]
    columns: dict[int, pa.Array] = field(default_factory=dict)  # header index -> text
    num_rows: int = 0
    # Records that could not be split into the header's columns: (row number or None,
    # message, how many lines of the file the record took: a quote that is never closed
    # joins every line after it into one record).
    malformed: list[tuple[int | None, str, int]] = field(default_factory=list)
    # Records of only spaces (and delimiters, but not the header's count of them): blank
    # lines, skipped like empty ones. Their numbers keep the rows after them in place.
    blank: list[int | None] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","


@dataclass
class _Sniff:
    kind: str  # "csv" or "xlsx"
    encoding: str = "utf-8"
    delimiter: str = ","
    header: list[str] = field(default_factory=list)


def read_header(path: Path) -> _Sniff:
    """Detect the format and read the header row (cheap: looks at the first 64 KB)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not head:
        raise InputError(f"{path} is empty (0 bytes)", "export the file again from Seller Center")
    if head.startswith((XLSX_MAGIC, OLE_MAGIC)):
        return _Sniff("xlsx", header=[])
    # A head shorter than the block is the whole file: nothing was cut at its end.
    encoding = detect_encoding(head, whole=len(head) < SNIFF_BYTES)
    text = _decode_head(head, encoding)
    if "\x00" in text:
        raise InputError(f"{path} is not a text table (binary content)",
                         "cx reads CSV, TSV and XLSX exports")
    if _MARKUP.match(text):
        # A page saved in place of the file (the export link's sign-in or error page), or a
        # sheet saved as a web page: its first row would read as a header of tags.
        raise InputError(f"{path} is a web page (HTML/XML), not a CSV or XLSX export",
                         "download the export again from Seller Center's export history, "
                         "or open the file in Excel and save it as CSV or .xlsx")
    first_line = _first_record(text)
    if not first_line.strip():
        raise InputError(f"{path} has no header row")
    delimiter = detect_delimiter(first_line)
    try:
        header = next(csv.reader([first_line], delimiter=delimiter), [])
    except csv.Error as exc:  # a stray quote before a line break, say
        raise InputError(f"{path}: the header row cannot be read ({exc})",
                         "export the file again from Seller Center") from None
    return _Sniff("csv", encoding, delimiter, header)


def first_rows(path: Path, sniff: _Sniff, book: Workbook | None = None,
               count: int = 5) -> list[list[str]]:
    """The file's first ``count`` rows as text (an empty line is a row), each CSV line
    split at the delimiter it holds most of: for telling where the header is when the
    first row is not it (read only then)."""
    if book is not None:
        return [book.header] + [_header(row) for row in book.body[:count - 1]]
    try:
        with path.open("rb") as fh:
            text = _decode_head(fh.read(SNIFF_BYTES), sniff.encoding)
    except OSError:
        return []
    rows: list[list[str]] = []
    while text and len(rows) < count:
        record = _first_record(text)
        rows.append(_split(record, detect_delimiter(record)))
        text = text[len(record):]
        text = text[2:] if text.startswith("\r\n") else text[1:]
    return rows


def _decode_head(head: bytes, encoding: str) -> str:
    return head.decode(encoding, errors="ignore")


def _first_record(text: str) -> str:
    """The header record, honouring quotes (a quoted header may contain a newline)."""
    in_quotes = False
    for i, ch in enumerate(text):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch in "\r\n" and not in_quotes:
            return text[:i]
    return text


def read_columns(path: Path, sniff: _Sniff, wanted: list[int], *, threads: bool = True,
                 id_column: int | None = None) -> RawFile:
    """Read the wanted columns (by header index) of a CSV/TSV as text.

    ``threads`` lets pyarrow split the file over all cores; when the caller already
    reads several files at once, one thread per file does the same work with about
    half the CPU time (pyarrow's block hand-offs are not free). ``id_column``: the
    header index of the file's IDs (one of ``wanted``), by which a value that took the
    rows after it is told from one with line breaks of its own (``_cut_swallowing``).
    """
    import pyarrow.csv as pacsv

    n_cols = len(sniff.header)
    names = [f"c{i}" for i in range(n_cols)]
    raw = RawFile(path=path, headers=sniff.header, encoding=sniff.encoding,
                  delimiter=sniff.delimiter)

    def on_invalid(row: pacsv.InvalidRow) -> str:
        number = row.number if row.number is not None and row.number > 0 else None
        if not row.text.replace(sniff.delimiter, "").strip():
            raw.blank.append(number)
            return "skip"
        what = f"expected {row.expected_columns} columns"
        lines = 1
        if row.text.count('"') % 2 and "\n" in row.text:
            # A quote never closed: the lines after it were read as one record, each a
            # row lost. (A record with a line break inside a closed quote is one row.)
            lines = row.text.count("\n") + 1
            start = row.text.split("\n", 1)[0].rstrip("\r")
            what += (f": a quote is not closed, joining {lines} lines into one record "
                     f"from {start[:60]!r}")
        elif "\n" in row.text or "\r" in row.text:
            # Its quotes are closed, but maybe by a quote in a later row (``_count_joined``).
            joined.append((len(raw.malformed), row.text))
        raw.malformed.append((number, what, lines))
        return "skip"

    joined: list[tuple[int, str]] = []  # malformed records of several lines, and their text
    on_invalid.cx_quiet = True  # type: ignore[attr-defined]  (see _quiet_undecodable_rows)

    source: object = str(path)
    encoding = sniff.encoding
    if encoding.startswith("utf-16"):
        # pyarrow cannot transcode UTF-16 itself: decode once in memory.
        source = io.BytesIO(path.read_bytes().decode(encoding).encode("utf-8"))
        encoding = "utf-8"
    elif encoding == "utf-8-sig":
        encoding = "utf-8"

    # The last column is read too, to see a quote opened there and never closed.
    read = sorted({*wanted, n_cols - 1})

    def attempt(enc: str, parallel: bool = threads) -> pa.Table:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        raw.malformed.clear()
        raw.blank.clear()
        joined.clear()
        return pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=enc,
                                           block_size=BLOCK_SIZE, use_threads=parallel),
            # Blocks are cut where a record ends, quotes honoured. Cut at any line break
            # (faster over threads), a quote left open in the last column drops the rest
            # of its block with nothing reported, and a quoted line break is a bad row.
            # An empty line is a row of empty values, counted as a blank row: and so
            # pyarrow's record numbers are the rows a spreadsheet shows.
            parse_options=pacsv.ParseOptions(delimiter=sniff.delimiter,
                                             newlines_in_values=True,
                                             ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                include_columns=[names[i] for i in read],
                column_types={names[i]: pa.string() for i in read},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )

    def read_all(enc: str) -> pa.Table:
        table = attempt(enc)
        if threads and None in _skipped(raw):
            # Split over threads, pyarrow does not number the records it cannot read: a
            # file that has some is read once more in one thread, to say where they are
            # (and where the rows after them are).
            table = attempt(enc, parallel=False)
        return table

    try:
        try:
            with _quiet_undecodable_rows():
                table = read_all(encoding)
        except pa.ArrowInvalid as exc:
            # A record that cannot be split and is not UTF-8 either fails the read before
            # the columns are checked: a cp1252 file whose accents start past the head.
            if encoding != "utf-8" or ("UTF8" not in str(exc) and (
                    isinstance(source, io.BytesIO) or _is_utf8(path))):
                raise
            # Not valid UTF-8 after all: Excel's "CSV" on Windows is cp1252.
            raw.encoding = "cp1252"
            table = read_all("cp1252")
    except (pa.ArrowInvalid, UnicodeDecodeError, LookupError) as exc:
        if "straddles two block boundaries" in str(exc):
            # A record longer than two of pyarrow's blocks: a quote that is never closed.
            raise InputError(f"{path}: row {_open_quote_row(raw)}: a quote is never "
                             "closed, so every line after it would be read into one value",
                             "close the quote in that row, or remove it") from None
        raise InputError(f"{path} cannot be read as a {sniff.delimiter!r}-delimited table: "
                         f"{_short(exc)}", "check that the file is an unmodified export") from None
    table = _cut_never_closed(raw, table, names[-1], source)
    table = _cut_swallowing(raw, table, {i: names[i] for i in read}, id_column)
    _count_joined(raw, table, {i: names[i] for i in read}, id_column, joined)
    raw.num_rows = table.num_rows
    for i in wanted:
        raw.columns[i] = table.column(names[i]).combine_chunks()
    return raw


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _holds_values(line: str, delimiter: str) -> bool:
    """Is ``line`` more than blanks and delimiters (a row, not an empty line)?"""
    return bool(line.replace(delimiter, "").strip())


def _cut_never_closed(raw: RawFile, table: pa.Table, column: str, source: object) -> pa.Table:
    """The table without its last record when that record's last value opens a quote that
    is never closed, and so took every row after it into itself: reported as a malformed
    record, with the rows it took.

    pyarrow reads a quote left open up to the end of the file, so such a value is the
    last record's, and the file ends with the value as written: its opening quote, then
    its text with any quote doubled. A quoted value with line breaks of its own ends
    with its closing quote. The end of the file is read only when the last value has
    lines after its first: nothing else is looked at, whatever the file's size.
    """
    if not table.num_rows:
        return table
    cell = table.column(column)[-1].as_py()
    first, *after = _LINE_BREAK.split(cell)
    taken = [line for line in after if _holds_values(line, raw.delimiter)]
    if not taken:
        return table
    written = '"' + cell.replace('"', '""')
    if not _ends_with(source, written.encode(
            "cp1252" if raw.encoding == "cp1252" else "utf-8", errors="replace")):
        return table
    number = table.num_rows + len(_skipped(raw)) + 1  # every record skipped came before it
    start = '"' + first[:60]
    raw.malformed.append((number, f"a quote in the last column ('{raw.headers[-1].strip()}') "
                          f"is never closed: the {len(taken)} rows after it were read into "
                          f"its value, from {start!r}", 1 + len(taken)))
    return table.slice(0, table.num_rows - 1)


def _cut_swallowing(raw: RawFile, table: pa.Table, read: dict[int, str],
                    id_column: int | None) -> pa.Table:
    """The table without the records where a quote left open took the rows after it into
    one value, up to a quote in a later row that closed it: each is reported as a
    malformed record at its own row, with the rows it took.

    Such a value reads like one with line breaks of its own (a buyer's message), but its
    lines after the first are rows of the file: a line that splits into the header's
    columns (a value in the last column: at least as many; of the value's last line,
    where a later row's quote closed it, the values before that quote) written as the
    rows around it write theirs (``_written_alike``). Only values with a line break are
    looked at, after one scan of each column's bytes for one.
    """
    if not table.num_rows:
        return table
    found: dict[int, tuple[int, int, str]] = {}  # table row -> header index, lines, first
    for j, name in read.items():
        column = table.column(name)
        for i in _with_line_breaks(column):
            if i in found:
                continue
            cell = column[i].as_py()
            first, *after = _LINE_BREAK.split(cell)
            if _took_rows(raw, table, read, id_column, i, j, after):
                taken = sum(_holds_values(line, raw.delimiter) for line in after)
                found[i] = (j, 1 + taken, first)
    if not found:
        return table
    raw.num_rows = table.num_rows
    numbers = record_numbers(raw)
    for i, (j, lines, first) in sorted(found.items()):
        start = '"' + first[:60]
        rows = "the row after it was" if lines == 2 else f"the {lines - 1} rows after it were"
        raw.malformed.append((int(numbers[i]), f"a quote in column '{raw.headers[j].strip()}' "
                              f"is not closed on its row: {rows} read into its value, up "
                              f"to a quote that closes it, from {start!r}", lines))
    keep = np.ones(table.num_rows, dtype=bool)
    keep[list(found)] = False
    return table.filter(pa.array(keep))


def _count_joined(raw: RawFile, table: pa.Table, read: dict[int, str],
                  id_column: int | None, joined: list[tuple[int, str]]) -> None:
    """A malformed record of several lines whose quotes are all closed is one row, unless
    a quote left open took the rows after it, up to a quote in a later row that closed
    it (and the values no longer fit the header): then each of those rows is counted,
    as for a quote never closed. A line after the record's first is such a row when it
    splits into the header's columns written as the rows around the record write theirs
    (see ``_cut_swallowing``)."""
    if not joined or not table.num_rows:
        return
    raw.num_rows = table.num_rows
    numbers = record_numbers(raw)
    for k, text in joined:
        number, what, _ = raw.malformed[k]
        if number is None:
            continue
        at = int(np.searchsorted(numbers, number))  # the first row after the record
        first, *after = _LINE_BREAK.split(text)
        seen: dict[int, list[str]] | None = None
        for line in after:
            values = _split(line, raw.delimiter)
            if len(values) != len(raw.headers):
                continue
            if seen is None:
                seen = _neighbours(table, read, list(range(at - 3, at + 3)))
            if _written_alike(values, seen, id_column):
                lines = 1 + sum(_holds_values(line, raw.delimiter) for line in after)
                raw.malformed[k] = (number, f"{what}: a quote is not closed on its row, "
                                    f"joining {lines} lines into one record up to a quote "
                                    f"in a later row, from {first[:60]!r}", lines)
                break


def _with_line_breaks(column: pa.ChunkedArray) -> list[int]:
    """The rows whose value has a line break. The column's bytes are scanned for one
    first, a piece at a time (a piece stays in the CPU's cache while it is searched:
    a few milliseconds for a million product names), and most columns have none."""
    if not any(_has_line_break(chunk.buffers()[2]) for chunk in column.chunks):
        return []
    import pyarrow.compute as pc  # (imported where a value has a line break)

    rows: list[int] = []
    start = 0
    for hits in pc.match_substring_regex(column, r"[\r\n]").chunks:
        # (to_pylist: an Arrow array's first to_numpy imports pandas, and the exports
        # are read before it is.)
        rows.extend(start + i for i in pc.indices_nonzero(hits).to_pylist())
        start += len(hits)
    return rows


def _has_line_break(data: pa.Buffer | None, piece: int = 1 << 18) -> bool:
    if data is None:
        return False
    view = memoryview(data)
    for at in range(0, len(view), piece):
        text = view[at:at + piece].tobytes()
        if b"\n" in text or b"\r" in text:
            return True
    return False


def _took_rows(raw: RawFile, table: pa.Table, read: dict[int, str], id_column: int | None,
               i: int, j: int, after: list[str]) -> bool:
    """Is one of a value's lines after its first a row of the file (see
    ``_cut_swallowing``)? The value is row ``i``'s in column ``j``."""
    columns = len(raw.headers)
    seen: dict[int, list[str]] | None = None
    for k, line in enumerate(after):
        if not _holds_values(line, raw.delimiter):
            continue
        values = _split(line, raw.delimiter)
        if j == columns - 1:
            whole = len(values) >= columns
        elif k == len(after) - 1:
            # The row whose quote closed the value, in this column or a later one (where
            # the delimiters after the quote made up the count): its values before it.
            values = values[:-1]
            whole = bool(values)
        else:
            whole = len(values) == columns
        if not whole:
            continue
        rows = list(range(i - 3, i + 4))  # the rows around it, and its own
        if seen is None and id_column is not None and id_column < len(values):
            # The ID first, alone: it rules out most lines, and reads one column.
            ids = _neighbours(table, {id_column: read[id_column]}, rows, (i, j))
            if id_column in ids and not any(_written_as(_bare(values[id_column]), v)
                                            for v in ids[id_column]):
                continue
        if seen is None:
            seen = _neighbours(table, read, rows, (i, j))
        if _written_alike(values, seen, id_column):
            return True
    return False


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _neighbours(table: pa.Table, read: dict[int, str], rows: list[int],
               but: tuple[int, int] | None = None) -> dict[int, list[str]]:
    """Per column read: the values of these rows of the table (those it has), ``but`` one
    (row, header index). Empty values are left out, and so are values without a digit
    where others have one (an order export's description row, "Platform unique order
    ID.", is a row of the table)."""
    rows = [r for r in rows if 0 <= r < table.num_rows]
    seen: dict[int, list[str]] = {}
    for col, name in read.items():
        column = table.column(name)
        values = [v for r in rows if (r, col) != but and (v := _bare(column[r].as_py()))]
        if values:
            seen[col] = [v for v in values if _DIGIT.search(v)] or values
    return seen


def _written_alike(values: list[str], seen: dict[int, list[str]],
                   id_column: int | None) -> bool:
    """Is a line's split ``values`` written as the rows around it write theirs? Its ID
    must be written as one of theirs (``_written_as``), and more of its values in the
    columns they write in one form with digits (dates, amounts, other IDs) written so
    than not; an empty one is neither. Two must be so (one, when only one is in reach)."""
    alike, unlike, checked = 0, 0, 0
    for col, others in seen.items():
        if col >= len(values):
            continue
        if col != id_column:
            forms = {_shape(v) for v in others}
            if len(forms) > 1 or "0" not in forms.pop():
                continue
        checked += 1
        value = _bare(values[col])
        if any(_written_as(value, v) for v in others):
            alike += 1
        elif col == id_column:
            return False
        elif value:
            unlike += 1
    return alike > unlike and alike >= min(2, checked)


def _written_as(value: str, other: str) -> bool:
    """Of one form, and of one length (a short value: give or take a character, as
    ``T99`` and ``T100``; TikTok's long IDs are all of one length)."""
    return (_shape(value) == _shape(other)
            and abs(len(value) - len(other)) <= (len(other) < 10))


def _bare(text: str | None) -> str:
    """A value as the parsers see it: spaces around it, and an ID's apostrophe, gone."""
    return (text or "").strip().lstrip("'").strip()


_DIGIT = re.compile(r"\d")
_RUNS = re.compile(r"(\d+)|([^\W\d_]+)|\s+")


def _shape(text: str) -> str:
    """A value's form: each run of digits a 0, of letters an a, spaces left out
    ("2026-11-02 09:00:00" -> "0-0-00:0:0", "T123" -> "a0")."""
    return _RUNS.sub(lambda m: "0" if m.group(1) else "a" if m.group(2) else "", text)


def _ends_with(source: object, tail: bytes) -> bool:
    """Does the file end with these bytes? (Only that many are read, from its end.)"""
    if isinstance(source, io.BytesIO):
        with source.getbuffer() as data:
            return len(data) >= len(tail) and data[len(data) - len(tail):].tobytes() == tail
    with open(source, "rb") as fh:  # type: ignore[arg-type]
        size = fh.seek(0, io.SEEK_END)
        if size < len(tail):
            return False
        fh.seek(size - len(tail))
        return fh.read() == tail


def _open_quote_row(raw: RawFile) -> int:
    """The row (the header is 1) of the record that runs on to the end of the file, as
    one whose quote is never closed does. Read only when pyarrow could not read the file."""
    row = 0
    try:
        with raw.path.open(encoding=raw.encoding, errors="replace", newline="") as fh:
            for _ in csv.reader(fh, delimiter=raw.delimiter):
                row += 1  # an empty line is a row too, as a spreadsheet shows it
    except csv.Error:  # that record passed the csv module's field size limit
        row += 1
    return row


def _skipped(raw: RawFile) -> list[int | None]:
    """The numbers of the records pyarrow counted but did not read into the table."""
    return [row for row, _, _ in raw.malformed] + raw.blank


def record_numbers(raw: RawFile) -> np.ndarray:
    """Each table row's record number (the header is 1), which is the row a spreadsheet
    shows it on: the records skipped (malformed, or blank but for spaces) keep their
    numbers, so the rows after one are not reported a row too early.

    A spreadsheet shows an empty line as an empty row, and pyarrow reads it as one (see
    ``read_columns``); a cell with a line break is one row in both. XLSX rows are the
    sheet's own: its empty rows are read as rows.
    """
    skipped = _skipped(raw)
    if not skipped or None in skipped:
        return np.arange(2, raw.num_rows + 2, dtype=np.int64)
    numbers = np.arange(2, raw.num_rows + len(skipped) + 2, dtype=np.int64)
    return numbers[~np.isin(numbers, skipped)][:raw.num_rows]


_hook_lock = threading.Lock()
_hook_users = 0
_outer_hook = None


def _quiet_hook(unraisable) -> None:
    if isinstance(unraisable.exc_value, UnicodeDecodeError) and getattr(
            unraisable.object, "cx_quiet", False):
        return  # the read fails, and the file is read again as cp1252
    (_outer_hook or sys.__unraisablehook__)(unraisable)


@contextmanager
def _quiet_undecodable_rows():
    """pyarrow decodes a record it cannot split as UTF-8 before handing it to
    ``on_invalid``; in a cp1252 file that decoding fails inside pyarrow's callback, which
    Python prints as "Exception ignored ... Traceback" on stderr. The read then fails and
    is retried as cp1252, so that print is noise: silenced while files are read."""
    global _hook_users, _outer_hook
    with _hook_lock:
        if _hook_users == 0:
            _outer_hook = sys.unraisablehook
            sys.unraisablehook = _quiet_hook
        _hook_users += 1
    try:
        yield
    finally:
        with _hook_lock:
            _hook_users -= 1
            if _hook_users == 0:
                if sys.unraisablehook is _quiet_hook:
                    sys.unraisablehook = _outer_hook or sys.__unraisablehook__
                _outer_hook = None


def _is_utf8(path: Path) -> bool:
    """Does the whole file decode as UTF-8? (Read only when a read has failed.)"""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while block := fh.read(BLOCK_SIZE):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200]


@dataclass
class Workbook:
    """The sheet of a workbook cx reads: its header and rows as Python values."""

    header: list[str]
    body: list[list]
    sheet: str
    sheets: list[str]  # every sheet of the workbook, in order

    def which_sheet(self) -> str:
        """"" for a workbook of one sheet, else which sheet was read, of which."""
        if len(self.sheets) < 2:
            return ""
        listed = ", ".join(f"'{n}'" for n in self.sheets)
        return f"; cx read the sheet '{self.sheet}' of {len(self.sheets)} ({listed})"


def read_xlsx(path: Path, sheet_name: str | None = "OrderSKUList") -> Workbook:
    """All rows of the export sheet (or the first sheet) as Python values.

    calamine reads the cells themselves, so a stale ``<dimension ref="A1:A1">`` that
    makes streaming readers see one column does not matter. Another sheet with the same
    header is an error: its rows would be left out of every figure.
    """
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if not names:
            raise InputError(f"{path} has no sheets")
        name = sheet_name if sheet_name in names else names[0]
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        _trim(rows)
        if not rows:
            raise InputError(f"{path} has no header row")
        header = _header(rows[0])
        same = [n for n in names if n != name and _header(_other_header(book, n)) == header]
    except InputError:
        raise
    except Exception as exc:  # calamine raises several unrelated types for broken files
        with path.open("rb") as fh:
            ole = fh.read(len(OLE_MAGIC)) == OLE_MAGIC
        if ole:
            raise InputError(f"{path} is an old-format Excel workbook (.xls) or a "
                             "password-protected one, which cx cannot open",
                             "open it in Excel, remove any password and save it as .xlsx "
                             "(Excel Workbook), or export it as CSV") from None
        inside = _zip_members(path)
        if inside is not None:
            listed = ", ".join(f"'{n}'" for n in inside[:3]) + (", …" if len(inside) > 3 else "")
            raise InputError(f"{path} is a ZIP archive ({listed or 'empty'}), not a workbook",
                             "unzip it and give cx the export files inside") from None
        raise InputError(f"{path} cannot be read as a spreadsheet: {_short(exc)}",
                         "save it again as .xlsx or export it as CSV") from None
    if same:
        others = ", ".join(f"'{n}'" for n in same)
        raise InputError(f"{path} has the same columns on more than one sheet ('{name}', "
                         f"{others}); cx reads one sheet, so the rows on {others} would be "
                         "left out", "put the rows on one sheet, or save each sheet as its "
                         "own CSV file and give cx all of them (a folder or a glob)")
    return Workbook(header, rows[1:], name, list(names))


def _zip_members(path: Path) -> list[str] | None:
    """The files in a ZIP archive that is not a workbook (a downloaded export left
    zipped); None for a workbook, or for a file that is no readable archive."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None if "[Content_Types].xml" in names else names


def _trim(rows: list[list]) -> None:
    while rows and all(c in ("", None) for c in rows[-1]):
        rows.pop()


def _header(row: list) -> list[str]:
    header = [_cell_text(c) for c in row]
    while header and header[-1] == "":
        header.pop()
    return header


def _other_header(book: Any, name: str) -> list:
    """The first row that is not empty of another sheet ([] for an empty sheet, or one
    that cannot be read: a chart sheet, or a damaged one the export does not use)."""
    try:
        for row in book.get_sheet_by_name(name).iter_rows():
            if any(c not in ("", None) for c in row):
                return row
    except Exception:  # calamine raises several unrelated types
        return []
    return []


def xlsx_columns(path: Path, header: list[str], body: list[list], wanted: list[int]) -> RawFile:
    raw = RawFile(path=path, headers=header, encoding="xlsx", num_rows=len(body))
    for i in wanted:
        raw.columns[i] = pa.array([_cell_text(r[i]) if i < len(r) else "" for r in body],
                                  pa.string())
    return raw


def _cell_text(value: object) -> str:
    """Spreadsheet cell -> text the parsers understand (dates as ISO, 2.0 as 2)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        # A number cell has a decimal point whatever the market; "1.125" alone would read
        # as 1125 in a decimal-comma market (see parse_money), "1.1250" reads as 1.125.
        return text + "0" if _THREE_DECIMALS.match(text) else text
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
