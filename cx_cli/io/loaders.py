"""Loaders: export files -> canonical DataFrames (see ``schemas``), with a report.

One loader per input; each takes the files to read, the shop settings that decide
how text is parsed (timezone, day-first, decimal comma) and the column preset/map.
Rows whose required values cannot be parsed are excluded and reported, never
silently dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cx_cli.errors import InputError
from cx_cli.io import parse
from cx_cli.io.exports import (
    BackgroundReads,
    ColumnMapping,
    ParseSettings,
    read_export,
    select_fields,
)
from cx_cli.io.report import MAX_ISSUES_PER_REASON, InputReport
from cx_cli.io.schemas import (
    DERIVED_SOURCES,
    ORDER_DEDUP_FIELDS,
    ORDER_STATUSES,
    ORDER_TIME_FIELDS,
    SCHEMAS,
    Schema,
)
from cx_cli.io.tables import record_numbers
from cx_cli.threads import each

STRING = pd.ArrowDtype(pa.string())


@dataclass
class Loaded:
    frame: pd.DataFrame
    report: InputReport


def _is_description_row(value: str | None) -> bool:
    """The optional second header row reads like "Platform unique order ID."."""
    if not value:
        return False
    v = value.strip()
    return " " in v and any(c.isalpha() for c in v) and not any(c.isdigit() for c in v[:3])


def load_table(paths: Sequence[Path], schema: Schema, settings: ParseSettings,
               mapping: ColumnMapping | None = None, fields: Iterable[str] | None = None,
               always: Iterable[str] = ()) -> Loaded:
    """Read and parse every file of one input; the frames are concatenated in path order.

    With ``fields``, only those canonical columns (plus the required ones) are read and
    returned.
    """
    frames, report, schema = load_frames(paths, schema, settings, mapping, fields, always)
    return Loaded(concat_frames(frames, schema, settings), report)


def load_frames(paths: Sequence[Path], schema: Schema, settings: ParseSettings,
                mapping: ColumnMapping | None = None, fields: Iterable[str] | None = None,
                always: Iterable[str] = (), reads: BackgroundReads | None = None,
                ) -> tuple[list[pd.DataFrame], InputReport, Schema]:
    """One parsed frame per file (with ``_file`` and ``_row``), the report, the schema read.

    ``reads``: the files already being read (``exports.start_reading`` with the same
    fields), so only the parsing is left; whoever started them cancels what is left.
    """
    mapping = mapping or ColumnMapping()
    known = schema.names
    schema = select_fields(schema, fields, always)
    report = InputReport(schema.name, files=[str(p) for p in paths])
    if reads is not None and reads.schema != schema:
        reads.cancel()
        reads = None

    def one(file_no: int, path: Path) -> tuple[pd.DataFrame, InputReport]:
        own = InputReport(schema.name)
        if reads is not None:
            raw, cols = reads.take(path)
        else:
            # Two files at a time already keep both cores busy.
            raw, cols = read_export(path, schema, mapping, known, threads=len(paths) == 1)
        # The last file parses while the others are done: its columns, two at a time.
        frame = _parse_file(raw, cols, schema, settings, own,
                            by_columns=file_no == len(paths) - 1)
        # A first response derived from Zendesk's reply minutes is not absent.
        derived = {"first_response_at"} if "first_reply_minutes" in cols else set()
        own.absent = [f.name for f in schema.fields if f.name not in set(cols) | derived]
        frame["_file"] = np.int32(file_no)
        return frame, own

    # pyarrow's kernels release the GIL: one file parses while the next is read.
    results = each(lambda job: one(*job), list(enumerate(paths)), len(paths) > 1)
    for _, own in results:  # merged in path order, so reports do not depend on timing
        report.merge(own)
    frames = [frame for frame, _ in results]
    report.rows = sum(len(f) for f in frames)
    return frames, report, schema


def concat_frames(frames: list[pd.DataFrame], schema: Schema,
                  settings: ParseSettings) -> pd.DataFrame:
    if not frames:
        frame = _empty_frame(schema, settings)
        frame["_file"] = pd.Series(dtype="int32")
        return frame
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def _empty_frame(schema: Schema, settings: ParseSettings) -> pd.DataFrame:
    cols = {}
    for f in schema.fields:
        cols[f.name] = pd.Series(dtype=_dtype(f.kind, settings))
    frame = pd.DataFrame(cols)
    frame["_row"] = pd.Series(dtype="int64")
    return frame


def frame_dtypes(name: str, settings: ParseSettings) -> dict:
    """column -> dtype of the canonical frame of an input (used to restore cached frames)."""
    return {f.name: _dtype(f.kind, settings) for f in SCHEMAS[name].fields}


def _dtype(kind: str, settings: ParseSettings):
    return {
        "time": pd.DatetimeTZDtype("s", settings.tz),
        "date": np.dtype("datetime64[s]"),
        "money": np.dtype("float64"),
        "float": np.dtype("float64"),
        "int": np.dtype("int64"),
        "rating": np.dtype("int64"),
        "bool": np.dtype("bool"),
    }.get(kind, STRING)


def _parse_file(raw, cols: dict[str, int], schema: Schema, settings: ParseSettings,
                report: InputReport, by_columns: bool = True) -> pd.DataFrame:
    """One file's text columns cleaned, parsed and checked; ``by_columns``: a big file's
    columns two at a time (see ``PARALLEL_PARSE_ROWS``)."""
    file = str(raw.path)
    n = raw.num_rows
    # Records as pyarrow counts them, which are the rows a spreadsheet shows (the header
    # is 1).
    first_row = 2
    malformed: dict[str, list[int | None]] = {}
    lost: Counter[str] = Counter()
    for row, what, lines in raw.malformed:
        malformed.setdefault(what, []).append(row)
        lost[what] += lines  # each line of a record that could not be read is a row lost
    for what, rows in malformed.items():
        report.add_bad(file, None, f"{what} (malformed record)", rows, lost[what])
    report.blank_rows += len(raw.blank)

    def kind_of(name: str) -> str:
        return schema.field(name).kind if name in schema.names else DERIVED_SOURCES[name]

    threads = by_columns and n >= PARALLEL_PARSE_ROWS
    texts: dict[str, pa.Array] = dict(zip(cols, each(
        lambda name: parse.clean_strings(raw.columns[cols[name]], id_like=kind_of(name) == "id"),
        list(cols), threads), strict=True))

    desc = _description_row(texts, schema.id_field)
    if desc is not None:
        # Zero-copy slice: the description row (and the empty lines above it) never
        # reach the parsers.
        texts = {name: arr.slice(desc + 1) for name, arr in texts.items()}
        n -= desc + 1
        first_row += desc + 1
        report.description_rows += 1
        report.blank_rows += desc
    row_numbers = record_numbers(raw)[first_row - 2:]
    keep = np.ones(n, dtype=bool)
    blank = _blank_rows(texts, schema)
    n_blank = 0 if blank is None else int(blank.sum())
    if n_blank:
        report.blank_rows += n_blank
        keep &= ~blank  # never flagged as bad rows, and not kept
    headers = {name: raw.headers[cols[name]] for name in texts if name in cols}
    repeated = _repeated_headers(texts, headers, schema.id_field)
    n_repeated = 0 if repeated is None else int(repeated.sum())
    if n_repeated:
        report.header_rows += n_repeated
        report.header_row_numbers.extend(
            row_numbers[repeated][:MAX_ISSUES_PER_REASON].tolist())
        keep &= ~repeated

    out: dict[str, object] = {}
    bad_reason: dict[str, np.ndarray] = {}
    bad_kind: dict[str, str] = {}  # a reason that names the value found -> its kind

    def flag(name: str, kind: str | None, mask: np.ndarray, reason: str | None = None) -> None:
        mask = mask & keep
        if mask.any():
            if reason is None:
                reason = (_reason(kind, texts[name], mask, settings.day_first) if kind
                          else "empty required value")
                if kind:
                    bad_kind[f"{name}\x00{reason}"] = kind
            bad_reason[f"{name}\x00{reason}"] = mask

    present = [f for f in schema.fields if f.name in texts]
    parsed = dict(zip([f.name for f in present], each(
        lambda f: _parse_kind(f.kind, texts[f.name], settings, texts, f.name), present,
        threads),
        strict=True))
    for f in schema.fields:
        arr = texts.get(f.name)
        if arr is None:
            if f.kind == "order_status":
                continue
            out[f.name] = _missing_column(f.kind, n, settings, f.name)
            continue
        values, bad = parsed[f.name]
        if f.kind == "order_status":
            continue  # parsed below together with the substatus
        out[f.name] = values
        if bad.any():
            if f.kind in ("time", "date"):
                _check_day_order(file, raw.headers[cols[f.name]].strip(), arr, bad, settings)
            flag(f.name, f.kind, bad)
        if f.required:
            empty = pc.is_null(arr).to_numpy(zero_copy_only=False)
            if empty.any():
                flag(f.name, None, empty)

    if schema.name == "orders":
        status, bad = parse.order_status(texts["status"], texts.get("substatus"))
        out["status"] = status
        if bad.any():
            flag("status", "order_status", bad)
        empty = pc.is_null(texts["status"]).to_numpy(zero_copy_only=False)
        if empty.any():
            flag("status", None, empty)
        _derive_orders(out, texts)
    if schema.name == "tickets":
        for column, reason, mask in _derive_tickets(out, texts, settings):
            flag(column, None, mask, reason)

    excluded = np.zeros(n, dtype=bool)
    for key, mask in bad_reason.items():
        column, reason = key.split("\x00")
        header = raw.headers[cols[column]].strip() if column in cols else column
        messages = None
        if key in bad_kind:
            # Each row listed names its own value, not the first row's.
            shown = texts[column].filter(pa.array(mask)).slice(0, MAX_ISSUES_PER_REASON)
            messages = [_reason(bad_kind[key], pa.array([v], pa.string()), np.ones(1, bool),
                                settings.day_first) for v in shown.to_pylist()]
        report.add_bad(file, header, reason, row_numbers[mask].tolist(), messages=messages)
        excluded |= mask
    report.bad_rows += int(excluded.sum()) + sum(lines for _, _, lines in raw.malformed)
    keep &= ~excluded
    report.rows_read += n - n_blank - n_repeated

    frame = pd.DataFrame({name: _to_pandas(out[name], schema.field(name).kind, settings)
                          for name in schema.names})
    frame["_row"] = row_numbers  # orders a file's rows (the later row wins a tie)
    if not keep.all():
        frame = frame.loc[keep].reset_index(drop=True)
    return frame


def _blank_rows(texts: dict[str, pa.Array], schema: Schema) -> np.ndarray | None:
    """Rows with no value in any column read (a spreadsheet's ",,,,," padding rows), or
    None. Looked for only where the first required column is empty."""
    required = [f.name for f in schema.fields if f.required and f.name in texts]
    if not required:
        return None
    blank = pc.is_null(texts[required[0]]).to_numpy(zero_copy_only=False)
    if not blank.any():
        return None
    blank = blank.copy()
    for arr in texts.values():
        blank &= pc.is_null(arr).to_numpy(zero_copy_only=False)
    return blank if blank.any() else None


def _repeated_headers(texts: dict[str, pa.Array], headers: dict[str, str],
                      id_field: str | None) -> np.ndarray | None:
    """The file's header again below it (two exports pasted into one file), with the
    column-description row that follows it, or None. A repeated header holds every read
    column's own header (case and surrounding spaces aside)."""
    ids = texts.get(id_field) if id_field else None
    if ids is None or id_field not in headers:
        return None

    def holds_header(name: str, rows: np.ndarray | None = None) -> np.ndarray:
        column = texts[name] if rows is None else texts[name].take(rows)
        text = pc.utf8_lower(pc.utf8_trim_whitespace(column))
        hit = pc.equal(text, headers[name].strip().lower())
        return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)

    # Only IDs about as long as the header can be it: a million order IDs are not
    # lowered and trimmed one by one (that took 70 ms), just measured.
    target = len(headers[id_field].strip().encode())
    length = pc.fill_null(pc.binary_length(ids), 0).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero((length >= target) & (length <= target + 8))
    if not len(rows):
        return None
    repeated = np.zeros(len(ids), dtype=bool)
    repeated[rows] = holds_header(id_field, rows)
    if not repeated.any():
        return None
    for name in headers:
        if name != id_field:
            repeated &= holds_header(name)
    if not repeated.any():
        return None
    after = np.flatnonzero(repeated) + 1
    after = after[after < len(ids)]
    described = [i for i in after if _is_description_row(ids[int(i)].as_py())]
    repeated[described] = True
    return repeated


def _description_row(texts: dict[str, pa.Array], id_field: str | None) -> int | None:
    """The index of the column-description row: the first row with an ID, when it reads
    like a description and only blank rows (empty lines) come before it."""
    ids = texts.get(id_field) if id_field else None
    if ids is None:
        return None
    first = pc.index(ids.is_valid(), True).as_py()
    if first < 0 or not _is_description_row(ids[first].as_py()):
        return None
    if any(arr.slice(0, first).null_count < first for arr in texts.values()):
        return None
    return first


# From this many rows, the last (or only) file of an input has its columns cleaned and
# parsed two at a time: Arrow's kernels release the GIL, and that file parses while the
# others are done. Only the last: while two files parse side by side, both cores are
# busy already, and parsing their columns two at a time too would hold more of them in
# memory at once (the load is when a run peaks).
PARALLEL_PARSE_ROWS = 100_000


# How many dates must read only the other way before a column is taken for an export in
# the other day/month order (rows, and share of the column's dates).
DAY_ORDER_MIN_ROWS = 2
DAY_ORDER_MIN_SHARE = 0.05


def _check_day_order(file: str, header: str, arr: pa.Array, bad: np.ndarray,
                     settings: ParseSettings) -> None:
    """Stop when a column's dates read only in the other day/month order: some values
    fail as the shop reads them but read the other way, and none needs the shop's
    order. Its rows with a day up to 12 would otherwise be kept with day and month
    swapped, and the others excluded (a US export under a day-first market)."""
    other = not settings.day_first
    other_bad = parse.parse_times(arr, day_first=other, tz="UTC")[1]
    present = ~pc.is_null(arr).to_numpy(zero_copy_only=False)
    only_other = bad & ~other_bad & present
    # One typo ("11/13/2026" among days up to 12) proves nothing about the file: it stays
    # a bad row. An export in the other order has a day past the 12th in ~60 % of rows.
    enough = max(DAY_ORDER_MIN_ROWS, DAY_ORDER_MIN_SHARE * int(present.sum()))
    if only_other.sum() < enough or (~bad & other_bad & present).any():
        return
    example = arr.filter(pa.array(only_other))[0].as_py()
    order = "day" if other else "month"
    raise InputError(
        f"{file}: {header} reads {order} first ({example!r} is no date the other way), "
        f"but the shop reads dates {'day' if settings.day_first else 'month'} first "
        f"(shop.day_first: {str(settings.day_first).lower()}); its dates with a day up to "
        "12 would be read with day and month swapped",
        _set_day_first(other))


def _set_day_first(value: bool) -> str:
    return f"set shop.day_first: {str(value).lower()} in cx.yaml"


def _reason(kind: str, arr: pa.Array, bad: np.ndarray, day_first: bool = False) -> str:
    first = arr.filter(pa.array(bad))[0].as_py()
    if kind in ("time", "date") and isinstance(first, str) and not parse.parse_times(
            pa.array([first], pa.string()), day_first=not day_first, tz="UTC")[1][0]:
        # It reads in the other order: the market's default (or shop.day_first) is wrong
        # for this export, and its rows with a day up to 12 were read with day and
        # month swapped.
        order, other = ("day", "month") if day_first else ("month", "day")
        return (f"expected a date/time with the {order} first (shop.day_first: "
                f"{str(day_first).lower()}), found {first!r}, which reads {other} first: "
                + _set_day_first(not day_first))
    what = {
        "time": "a date/time", "date": "a date", "money": "an amount", "int": "a whole number",
        "float": "a number", "rating": "a whole-number rating 1–5",
        "order_status": "a known order status", "return_type": "a known return type",
        "ticket_status": "open, pending or solved", "return_status": "a known return status",
        "id": "an ID as exported, not a number in scientific notation (a spreadsheet "
              "converted it: re-export, or format the column as text before saving)",
    }.get(kind, "a value")
    return f"expected {what}, found {first!r}"


def _missing_column(kind: str, n: int, settings: ParseSettings, name: str):
    if kind == "time":
        return pd.Series(pd.NaT, index=range(n), dtype=pd.DatetimeTZDtype("s", settings.tz))
    if kind == "date":
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    if kind in ("money", "float"):
        return np.full(n, np.nan)
    if kind == "int":
        return np.full(n, 1 if name == "quantity" else 0, dtype=np.int64)
    if kind == "bool":
        return np.zeros(n, dtype=bool)
    if kind == "return_type":
        return pa.array(["none"] * n, pa.string())
    return pa.nulls(n, pa.string())


def _parse_kind(kind: str, arr: pa.Array, settings: ParseSettings, texts, name: str):
    none = np.zeros(len(arr), dtype=bool)
    if kind == "time":
        return parse.parse_times(arr, day_first=settings.day_first, tz=settings.tz)
    if kind == "date":
        return parse.parse_dates(arr, day_first=settings.day_first)
    if kind == "money":
        return parse.parse_money(arr, decimal_comma=settings.decimal_comma)
    if kind == "float":
        return parse.parse_float(arr)
    if kind == "int":
        return parse.parse_ints(arr, 1 if name == "quantity" else 0)
    if kind == "rating":
        return parse.parse_rating(arr)
    if kind == "bool":
        return parse.parse_bool(arr)
    if kind == "return_type":
        values, bad = parse.normalise_vocabulary(arr, parse.RETURN_TYPE_WORDS)
        return pc.fill_null(values, "none"), bad
    if kind == "ticket_status":
        return parse.normalise_vocabulary(arr, parse.TICKET_STATUS_WORDS)
    if kind == "return_status":
        return parse.normalise_vocabulary(arr, parse.RETURN_STATUS_WORDS)
    if kind == "order_status":
        return None, none
    if kind == "id":
        return arr, parse.mangled_ids(arr)
    return arr, none


def _derive_orders(out: dict, texts: dict) -> None:
    """Seller SKU falls back to the SKU ID when empty (and the other way round)."""
    sku = out.get("sku")
    sku_id = out.get("sku_id")
    if isinstance(sku, pa.Array) and isinstance(sku_id, pa.Array):
        out["sku"] = pc.coalesce(sku, sku_id)
        out["sku_id"] = pc.coalesce(sku_id, sku)


def _derive_tickets(out: dict, texts: dict, settings: ParseSettings
                    ) -> list[tuple[str, str, np.ndarray]]:
    """Zendesk gives first-reply minutes instead of a time; tags may carry the subcategory.

    Returns the rows to report as bad (column, reason, mask): reply minutes that are not
    a number of minutes, and a first response before the ticket was created (its
    response time would be negative and pull the median down).
    """
    bad = []
    if "first_reply_minutes" in texts:
        minutes, unreadable = parse.parse_float(texts["first_reply_minutes"])
        unreadable = unreadable | (minutes < 0)
        if unreadable.any():
            first = texts["first_reply_minutes"].filter(pa.array(unreadable))[0].as_py()
            bad.append(("first_reply_minutes",
                        f"expected a number of minutes, found {first!r}", unreadable))
        created = out["created_at"]
        # Floored in UTC: a local time in the hour a fall-back change repeats cannot
        # be floored on its wall clock.
        derived = (created.dt.tz_convert("UTC") + pd.to_timedelta(minutes, unit="min")
                   ).dt.floor("s").dt.tz_convert(created.dt.tz)
        current = out["first_response_at"]
        if isinstance(current, pd.Series):
            out["first_response_at"] = current.fillna(derived)
        else:
            out["first_response_at"] = derived
    if "tags" in texts:
        from cx_cli.io.schemas import TICKET_SUBCATEGORIES

        tags = texts["tags"].to_pylist()
        found = []
        for t in tags:
            hit = None
            if t:
                for tag in t.replace(";", " ").replace(",", " ").split():
                    if tag.lower() in TICKET_SUBCATEGORIES:
                        hit = tag.lower()
                        break
            found.append(hit)
        sub = out.get("subcategory")
        tag_arr = pa.array(found, pa.string())
        out["subcategory"] = pc.coalesce(sub, tag_arr) if isinstance(sub, pa.Array) else tag_arr
        cat = out.get("category")
        from_tags = pa.array([TICKET_SUBCATEGORIES.get(s) if s else None for s in found],
                             pa.string())
        out["category"] = pc.coalesce(cat, from_tags) if isinstance(cat, pa.Array) else from_tags
    created, first_response = out.get("created_at"), out.get("first_response_at")
    if isinstance(created, pd.Series) and isinstance(first_response, pd.Series):
        early = (first_response < created).to_numpy(dtype=bool, na_value=False)
        if early.any():
            bad.append(("first_response_at", "expected a first response after the ticket "
                        "was created, found one before it", early))
    return bad


def _to_pandas(values, kind: str, settings: ParseSettings):
    if isinstance(values, pd.Series):
        if kind == "time":
            return values.astype(pd.DatetimeTZDtype("s", settings.tz)).reset_index(drop=True)
        return values.reset_index(drop=True)
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return pd.Series(values, dtype=STRING) if kind not in ("bool",) else values.to_numpy()
    return values


# --- one function per input -------------------------------------------------------------


def load_orders(paths: Sequence[Path], settings: ParseSettings,
                mapping: ColumnMapping | None = None,
                fields: Iterable[str] | None = None,
                reads: BackgroundReads | None = None) -> Loaded:
    """Order lines from one or more (overlapping) order exports, deduplicated.

    Rows are unioned and deduplicated on (order_id, sku_id). Of duplicates, the one
    with the latest event time wins; ties go to the more advanced status, then the
    later file in sorted path order, then the later row.
    """
    frames, report, schema = load_frames(paths, SCHEMAS["orders"], settings, mapping, fields,
                                         always=ORDER_DEDUP_FIELDS, reads=reads)
    if len(frames) > 1:
        # The decision is made on the key columns alone, and each file's frame is cut
        # down before the one concatenation: a million-row frame is copied once, not twice.
        keys = pd.concat([f[["order_id", "sku_id", "status", "_file", "_row",
                             *ORDER_TIME_FIELDS]] for f in frames], ignore_index=True)
        losers = duplicate_losers(keys)
        report.duplicates_dropped = int(losers.sum())
        if report.duplicates_dropped:
            bounds = np.cumsum([0, *(len(f) for f in frames)])
            frames = [f.loc[~losers[a:b]] for f, a, b in zip(frames, bounds, bounds[1:],
                                                              strict=False)]
    elif frames:
        losers = duplicate_losers(frames[0])
        report.duplicates_dropped = int(losers.sum())
        if report.duplicates_dropped:
            frames = [frames[0].loc[~losers]]
    frame = concat_frames(frames, schema, settings)
    if len(frames) == 1:
        frame = frame.reset_index(drop=True)
    report.rows = len(frame)
    return Loaded(frame, report)


def duplicate_losers(lines: pd.DataFrame) -> np.ndarray:
    """Per order line: is it a duplicate of a (order_id, sku_id) key that another line wins?

    Only keys seen more than once need a decision; hashing is cheaper than sorting a
    million rows, and overlaps between exports are a minority of the lines.
    """
    losers = np.zeros(len(lines), dtype=bool)
    if not len(lines):
        return losers
    keys = _key_columns(lines)
    dup = _may_repeat(keys)
    if not dup.any():
        return losers
    rows = np.flatnonzero(dup)
    # NaT is the smallest int64, so a missing time never wins.
    latest = np.max(np.stack([lines[c].array.asi8[rows] for c in ORDER_TIME_FIELDS]), axis=0)
    statuses = pc.index_in(pa.array(lines["status"].array).take(rows),
                           value_set=pa.array(ORDER_STATUSES)).fill_null(-1).to_numpy()
    # Each key as integers (texts by their codes; a missing id is one key of its own),
    # then one stable sort: by key, and within a key by time, status, file and row, so
    # the winner is a key's last row. A numpy sort of integers is several times faster
    # than sorting a frame by six columns.
    key_codes = [col.to_numpy() if col.dtype == np.int64 else pd.factorize(col)[0]
                 for col in (keys[c].iloc[rows] for c in keys.columns)]
    order = np.lexsort((lines["_row"].to_numpy()[rows], lines["_file"].to_numpy()[rows],
                        statuses, latest, *reversed(key_codes)))
    same_key_next = np.ones(len(order) - 1, dtype=bool)
    for codes in key_codes:
        ranked = codes[order]
        same_key_next &= ranked[:-1] == ranked[1:]
    beaten = order[:-1][same_key_next]
    losers[rows[beaten]] = True
    return losers


def _may_repeat(keys: pd.DataFrame) -> np.ndarray:
    """Per row: might its key occur on another row? True for every repeated key.

    Integer keys are mixed into one 64-bit hash first (a third of the time of hashing
    the pair); a collision only adds a row that the exact sort in
    ``duplicate_losers`` then leaves alone, since its key has no second row.
    """
    if len(keys.columns) == 2 and all(keys.dtypes == np.int64):
        first, second = (keys[c].to_numpy().view(np.uint64) for c in keys.columns)
        with np.errstate(over="ignore"):
            mixed = first * np.uint64(0x9E3779B97F4A7C15) ^ second
        return pd.Series(mixed).duplicated(keep=False).to_numpy()
    return keys.duplicated(keep=False).to_numpy()


def _key_columns(lines: pd.DataFrame) -> pd.DataFrame:
    """(order_id, sku_id) as integers when both are plain digit IDs (about twice as fast
    to hash and sort), else as the texts."""
    numbers = {c: parse.digit_ids(pa.array(lines[c].array)) for c in ("order_id", "sku_id")}
    if all(v is not None for v in numbers.values()):
        return pd.DataFrame(numbers)
    return lines[["order_id", "sku_id"]].reset_index(drop=True)


def load_returns(paths, settings, mapping=None) -> Loaded:
    return _load_simple("returns", paths, settings, mapping, key=("return_id", "order_id", "sku"))


def load_tickets(paths, settings, mapping=None) -> Loaded:
    return _load_simple("tickets", paths, settings, mapping, key=("ticket_id",))


def load_reviews(paths, settings, mapping=None) -> Loaded:
    return _load_simple("reviews", paths, settings, mapping, key=("review_id",))


def load_comments(paths, settings, mapping=None) -> Loaded:
    return _load_simple("comments", paths, settings, mapping, key=("comment_id",))


def load_fixes(paths, settings, mapping=None) -> Loaded:
    return _load_simple("fixes", paths, settings, mapping, key=None)


def _load_simple(name: str, paths, settings, mapping, key) -> Loaded:
    """Load and deduplicate on the key, later file/row winning (a re-export is newer)."""
    loaded = load_table(paths, SCHEMAS[name], settings, mapping)
    frame = loaded.frame
    if key and len(frame):
        before = len(frame)
        if name == "tickets" and frame.duplicated(list(key)).any():
            frame = _keep_first_responses(frame)
        frame = frame.drop_duplicates(list(key), keep="last").reset_index(drop=True)
        loaded.report.duplicates_dropped = before - len(frame)
        loaded.report.rows = len(frame)
        loaded.frame = frame
    return loaded


def _keep_first_responses(tickets: pd.DataFrame) -> pd.DataFrame:
    """A reply does not un-happen: of a ticket in two exports, the copy that wins (the
    later file or row) takes the earliest first response of any copy when it has none,
    so an export taken before the reply that sorts later ("tickets.csv" after
    "tickets (1).csv") does not turn an answered ticket into an unanswered one."""
    if "first_response_at" not in tickets.columns:
        return tickets
    first = tickets.groupby("ticket_id", sort=False, dropna=False,
                            observed=True)["first_response_at"].transform("min")
    out = tickets.copy()
    out["first_response_at"] = tickets["first_response_at"].fillna(first)
    return out


LOADERS = {
    "orders": load_orders,
    "returns": load_returns,
    "tickets": load_tickets,
    "reviews": load_reviews,
    "comments": load_comments,
    "fixes": load_fixes,
}
