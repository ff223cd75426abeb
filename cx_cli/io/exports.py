"""What cx knows of an export before pandas is imported, and reading it as text.

How text is parsed (``ParseSettings``), which header holds which field
(``ColumnMapping``, ``match_columns``), which columns a command needs
(``select_fields``), and reading those columns (``read_export``, pyarrow only).
``BackgroundReads`` starts reading the order exports at once, so pyarrow tokenises
them (the GIL released) while the main thread still imports pandas and the loaders.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from cx_cli.errors import InputError
from cx_cli.io.schemas import DERIVED_SOURCES, Schema
from cx_cli.io.tables import (
    RawFile,
    first_rows,
    read_columns,
    read_header,
    read_xlsx,
    xlsx_columns,
)


@dataclass(frozen=True)
class ParseSettings:
    """How to read text in the exports; derived from ``shop`` in cx.yaml."""

    tz: str = "America/Los_Angeles"
    day_first: bool = False
    decimal_comma: bool = False


@dataclass
class ColumnMapping:
    preset: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)


def normalise_header(text: str) -> str:
    """Headers match ignoring case, surrounding spaces and BOMs."""
    return " ".join(text.replace("\ufeff", "").strip().lower().split())


# Zendesk names a custom field's column with its type: "Order ID [txt]", "SKU [list]".
_FIELD_TYPE = re.compile(r"\s*\[[a-z]+\]$")


def _header_index(headers: list[str]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """normalised header -> indexes, exactly and without a Zendesk field-type suffix
    (the second is read only when no header matches exactly)."""
    exact: dict[str, list[int]] = {}
    loose: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        name = normalise_header(h)
        exact.setdefault(name, []).append(i)
        bare = _FIELD_TYPE.sub("", name)
        if bare != name:
            loose.setdefault(bare, []).append(i)
    return exact, loose


def candidate_headers(schema: Schema, mapping: ColumnMapping,
                      known: Sequence[str] | None = None) -> dict[str, list[str]]:
    """canonical name -> accepted header spellings, most specific first."""
    preset_name = mapping.preset or schema.default_preset
    if preset_name != "generic" and preset_name not in schema.presets:
        known = ", ".join(["generic", *schema.presets])
        raise InputError(f"unknown column preset '{preset_name}' for {schema.name}",
                         f"known presets: {known}")
    preset = schema.presets.get(preset_name, {})
    known = known or schema.names
    unknown = [k for k in mapping.overrides if k not in known and k not in DERIVED_SOURCES]
    if unknown:
        raise InputError(f"columns.{schema.name}.map names an unknown field '{unknown[0]}'",
                         f"{schema.name} fields: {', '.join(known)}")
    names = list(schema.names) + [k for k in DERIVED_SOURCES if k in preset]
    out: dict[str, list[str]] = {}
    for name in names:
        options = []
        if name in mapping.overrides:
            options.append(mapping.overrides[name])
        if name in preset:
            options.append(preset[name])
        options.append(name)
        out[name] = options
    return out


def match_columns(path: Path, headers: list[str], schema: Schema,
                  candidates: dict[str, list[str]],
                  mapped: dict[str, str] | None = None,
                  preset: str | None = None) -> dict[str, int]:
    """canonical name -> header index; errors on missing or duplicated required columns,
    and on a header ``mapped`` (``columns.<input>.map`` in cx.yaml) names that the file
    does not have: the seller said where the field is, so it is not looked for elsewhere."""
    index, loose = _header_index(headers)
    for name, header in (mapped or {}).items():
        if name in candidates and normalise_header(header) not in index \
                and normalise_header(header) not in loose:
            raise InputError(
                f"{schema.name} export {path} has no column '{header}', which "
                f"columns.{schema.name}.map.{name} in cx.yaml names"
                f"{_closest(header, headers)}",
                f"fix columns.{schema.name}.map.{name} to the file's header, or remove it "
                "to use the preset's")
    found: dict[str, int] = {}
    for name, options in candidates.items():
        keys = [normalise_header(opt) for opt in options]
        for hits in [index.get(k) for k in keys] + [loose.get(k) for k in keys]:
            if hits:
                field_ = schema.field(name) if name in schema.names else None
                if len(hits) > 1 and field_ is not None and field_.required:
                    raise InputError(
                        f"{path}: column '{headers[hits[0]].strip()}' ({name}) appears "
                        f"{len(hits)} times in the header",
                        "remove the duplicate column or map another header with "
                        f"columns.{schema.name}.map.{name} in cx.yaml")
                found[name] = hits[0]
                break
    missing = [f for f in schema.fields if f.required and f.name not in found]
    for group in schema.one_of:
        if not any(g in found for g in group):
            missing.append(schema.field(group[0]))
    if missing:
        f = missing[0]
        expected = candidates[f.name][0]
        fits = _fitting_preset(headers, schema, preset)
        raise InputError(
            f"{schema.name} export {path} is missing '{expected}' ({f.name})"
            f"{_closest(expected, headers)}",
            f"the file's headers are the {fits} preset's: set columns.{schema.name}.preset: "
            f"{fits} in cx.yaml" if fits else
            f"set columns.{schema.name}.map.{f.name} in cx.yaml to the header that holds it, "
            f"or choose another columns.{schema.name}.preset")
    return found


def _fitting_preset(headers: list[str], schema: Schema, current: str | None) -> str | None:
    """Another preset under which the file has every required column (a Gorgias export
    read with the zendesk preset), or None."""
    index, loose = _header_index(headers)

    def has(header: str) -> bool:
        return normalise_header(header) in index or normalise_header(header) in loose

    for name in [*schema.presets, "generic"]:
        if name == (current or schema.default_preset):
            continue
        preset = schema.presets.get(name, {})

        def found(field: str, preset: dict[str, str] = preset) -> bool:
            return has(preset.get(field, field)) or has(field)

        if all(found(f.name) for f in schema.fields if f.required) and \
                all(any(found(g) for g in group) for group in schema.one_of):
            return name
    return None


def _closest(header: str, headers: list[str]) -> str:
    """"; closest header: 'X'" for the file's header nearest ``header``, or ""."""
    close = difflib.get_close_matches(normalise_header(header),
                                      [normalise_header(h) for h in headers], n=1, cutoff=0.5)
    if not close:
        return ""
    original = next(h for h in headers if normalise_header(h) == close[0])
    return f"; closest header: '{original.strip()}'"


def read_export(path: Path, schema: Schema, mapping: ColumnMapping, known: Sequence[str],
                threads: bool = True) -> tuple[RawFile, dict[str, int]]:
    """The text of the columns ``schema`` names, and canonical name -> header index."""
    sniff = read_header(path)
    book = None
    if sniff.kind == "xlsx":
        book = read_xlsx(path)
        sniff.header = book.header
    candidates = candidate_headers(schema, mapping, known)
    try:
        cols = match_columns(path, sniff.header, schema, candidates, mapping.overrides,
                             mapping.preset)
    except InputError as exc:
        below = _header_below(first_rows(path, sniff, book), candidates)
        if below is not None:
            # (The closest header would be the title's cell: no help.)
            message = exc.message.partition("; closest header:")[0]
            raise InputError(message, f"the header must be on the first row; row {below} "
                             "looks like the header: delete the rows above it") from None
        if book is None or not book.which_sheet():
            raise
        # The export may be on another sheet: say which one was read.
        raise InputError(exc.message + book.which_sheet(),
                         "move the export's sheet to the front of the workbook, or save "
                         f"that sheet as CSV; else {exc.hint}") from None
    wanted = sorted(set(cols.values()))
    if book is not None:
        raw = xlsx_columns(path, sniff.header, book.body, wanted)
    else:
        raw = read_columns(path, sniff, wanted, threads=threads, id_column=_id_column(schema, cols))
    return raw, cols


def _header_below(rows: list[list[str]], candidates: dict[str, list[str]]) -> int | None:
    """The row (1-based) among the file's first few that looks like the header when the
    first does not: below a title ("Ticket info", merged across the columns) or an empty
    row. The first row has one cell, or at most half as many as that row, which names
    more of the input's fields (two at least) than the first row does."""

    def filled(row: list[str]) -> int:
        return sum(1 for cell in row if cell.strip())

    def fields(row: list[str]) -> int:
        names = {normalise_header(cell) for cell in row}
        return sum(1 for options in candidates.values()
                   if any(normalise_header(o) in names for o in options))

    if not rows:
        return None
    above, found = filled(rows[0]), fields(rows[0])
    best, number = 0, None
    for i, row in enumerate(rows[1:], 2):
        score = fields(row)
        if score > best and (above <= 1 or above * 2 <= filled(row)):
            best, number = score, i
    return number if best >= 2 and best > found else None


def _id_column(schema: Schema, cols: dict[str, int]) -> int | None:
    """The header index of the file's IDs: the schema's ID field, or else the first ID
    column read (a returns export's order ID, the fix log's SKU)."""
    ids = [schema.id_field] + [f.name for f in schema.fields if f.kind == "id"]
    return next((cols[name] for name in ids if name in cols), None)


def select_fields(schema: Schema, fields: Iterable[str] | None,
                  always: Iterable[str] = ()) -> Schema:
    """The schema narrowed to the fields a command needs (required ones always stay).

    Reading fewer columns is the cheapest speed-up there is: each column costs its
    conversion, cleaning, parsing and copying for every row.
    """
    if fields is None:
        return schema
    wanted = set(fields) | set(always) | {f.name for f in schema.fields if f.required}
    for group in schema.one_of:
        wanted |= set(group)
    if schema.id_field:
        wanted.add(schema.id_field)
    unknown = wanted - set(schema.names)
    if unknown:
        raise ValueError(f"unknown {schema.name} fields: {sorted(unknown)}")
    return replace(schema, fields=tuple(f for f in schema.fields if f.name in wanted))


class BackgroundReads:
    """The export files of one input being read (``read_export``) in two threads.

    The loader takes each file's text with ``take``; it parses it as before. A file is
    read with one pyarrow thread when there are several, as the loader would.
    """

    def __init__(self, paths: Sequence[Path], schema: Schema, mapping: ColumnMapping,
                 known: Sequence[str]) -> None:
        self.schema = schema
        threads = len(paths) == 1
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cx-read")
        self._reads: dict[Path, Future] = {
            p: pool.submit(read_export, p, schema, mapping, known, threads) for p in paths}
        pool.shutdown(wait=False)

    def take(self, path: Path) -> tuple[RawFile, dict[str, int]]:
        """The file's text; a read error (``InputError``) is raised here."""
        return self._reads.pop(path).result()

    def cancel(self) -> None:
        """Drop the reads not started yet (after an error elsewhere)."""
        for future in self._reads.values():
            future.cancel()


def start_reading(paths: Sequence[Path], schema: Schema, mapping: ColumnMapping,
                  fields: Iterable[str] | None, always: Iterable[str]) -> BackgroundReads:
    """Begin reading ``paths`` as the loader of ``schema`` would with these ``fields``."""
    return BackgroundReads(paths, select_fields(schema, fields, always), mapping, schema.names)
