"""A cache of parsed inputs: Parquet files keyed by what was read and how.

Parsing a million-line export dominates a run; the second run on unchanged files
reads the already-parsed frame instead. The key covers every file's size, mtime and
content hash, the parse settings, the column mapping and cx's version, so any
change to any of them is a miss. A cache that cannot be written (read-only folder)
is simply skipped: it never changes results, only speed.

Hashing the content of a million-line export takes longer than reading its Parquet
entry, so each file's hash is remembered (hashes.json in the cache folder) against
its inode, size, mtime and ctime, and read again only when one of those changed: any
write, copy or ``touch`` changes the ctime. A file modified in the last few seconds is
hashed again on every run (a write within the same timestamp tick would not show).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from cx_cli import __version__
from cx_cli.io.report import InputReport, Issue

if TYPE_CHECKING:  # pandas and pyarrow are imported where a frame is read or written, so
    # that working out the keys leaves the order exports free to start reading first.
    import pandas as pd
    import pyarrow as pa

# Bump when the cache's own layout changes. Parsing rules need no bump: the modules
# that parse (``PARSING_CODE``) are part of every key, so editing one is a miss.
CACHE_FORMAT = 1
PARSING_CODE = ("loaders.py", "parse.py", "tables.py", "exports.py", "schemas.py", "report.py")
# A file modified more recently than this is not trusted to its stat: hashed each run.
RECENT_SECONDS = 5


def content_hash(path: Path) -> str:
    # SHA-256 runs on the CPU's SHA instructions: about twice blake2b's speed here.
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()[:32]


class HashMemo:
    """Content hashes of files, remembered against their stat (see the module doc)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, list] | None = None
        self.changed = False

    def _load(self) -> dict[str, list]:
        if self.entries is None:
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}
        return self.entries

    def digest(self, path: Path, st: os.stat_result) -> str:
        stamp = [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        entries, key = self._load(), str(path.resolve())
        entry = entries.get(key)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp:
            return entry[1]
        digest = content_hash(path)
        if time.time() - max(st.st_mtime, st.st_ctime) > RECENT_SECONDS:
            entries[key] = [stamp, digest]
            self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed or self.entries is None:
            return
        # Files that are gone are forgotten, so the memo does not grow forever.
        kept = {k: v for k, v in self.entries.items() if Path(k).exists()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(kept), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            return  # only costs speed
        self.changed = False


def file_fingerprint(path: Path, memo: HashMemo | None = None) -> dict:
    st = path.stat()
    digest = memo.digest(path, st) if memo is not None else content_hash(path)
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "hash": digest}


def cache_key(name: str, paths: list[Path], parse_settings, mapping,
              fields: list[str] | None = None, memo: HashMemo | None = None) -> str:
    files = [file_fingerprint(p, memo) for p in paths]
    if memo is not None:
        memo.save()
    parts = {
        "format": CACHE_FORMAT,
        "version": __version__,
        "input": name,
        "files": files,
        "parse": asdict(parse_settings),
        "mapping": {"preset": mapping.preset, "map": dict(sorted(mapping.overrides.items()))},
        "fields": fields,
        "code": [_path_stamp(Path(__file__).with_name(module)) for module in PARSING_CODE],
    }
    blob = json.dumps(parts, sort_keys=True).encode()
    # Commands that read different columns keep separate entries (pruned per column set).
    columns = "all" if fields is None else hashlib.blake2b(
        json.dumps(fields).encode(), digest_size=4).hexdigest()
    return f"{name}.{columns}-{hashlib.blake2b(blob, digest_size=16).hexdigest()}"


def with_exclusions(key: str, report: InputReport) -> str:
    """A files key (``cache_key`` with no fields) that also names the rows a load
    excluded for a bad value.

    Which rows those are depends on the columns read (a bad price only counts where
    the price is read): two commands share a result only when they excluded the same
    rows, told by the same (file, column, reason, count) of every exclusion. A load that
    excluded nothing keeps the plain key.
    """
    if not report.bad_counts:
        return key
    excluded = sorted(json.dumps([f, c, r, n]) for (f, c, r), n in report.bad_counts.items())
    digest = hashlib.blake2b("\n".join(excluded).encode(), digest_size=8).hexdigest()
    return f"{key}-x{digest}"


class ParseCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hashes = HashMemo(folder / "hashes.json")

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.parquet", self.folder / f"{key}.json"

    def has(self, key: str) -> bool:
        """Is an entry stored under ``key`` (it may still fail to read)?"""
        return all(p.exists() for p in self._paths(key))

    def get(self, key: str, dtypes: dict) -> tuple[pd.DataFrame, InputReport] | None:
        data, meta = self._paths(key)
        if not (data.exists() and meta.exists()):
            return None
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            report = _report_from_json(json.loads(meta.read_text(encoding="utf-8")))
            table = pq.read_table(data)
            if not _written_for(table, key):
                return None
            frame = table.to_pandas(types_mapper=_types_mapper)
            for col, dtype in dtypes.items():
                if col in frame and frame[col].dtype != dtype:
                    frame[col] = frame[col].astype(dtype)
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            return None
        return frame, report

    def put(self, key: str, frame: pd.DataFrame, report: InputReport) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        data, meta = self._paths(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = data.with_suffix(f".{os.getpid()}.tmp")
            pq.write_table(_with_key(pa.Table.from_pandas(frame, preserve_index=False), key),
                           tmp, compression="lz4")
            os.replace(tmp, data)
            tmp_meta = meta.with_suffix(f".{os.getpid()}.tmp")
            tmp_meta.write_text(json.dumps(_report_to_json(report)), encoding="utf-8")
            os.replace(tmp_meta, meta)
        except OSError:
            return  # a read-only or full disk only costs speed
        self._prune(keep=key)

    def _prune(self, keep: str) -> None:
        """Drop older entries of the same input so the cache does not grow forever."""
        prefix = keep.split("-")[0] + "-"
        for p in self.folder.glob(f"{prefix}*"):
            if not p.name.startswith(keep):
                p.unlink(missing_ok=True)


class ResultCache:
    """Frames computed from parsed inputs (classifier labels, the per-order table), kept
    beside the parse cache so that a second run on unchanged files skips them too.

    An entry's key is the cache keys of the inputs it reads, whatever else the
    computation depends on (``parts``: a rules file's hash, a window) and the size and
    mtime of the modules that compute it, so editing cx's code is a miss as well.
    Dtypes survive the round trip: strings come back pyarrow-backed, and the others
    (second-resolution, tz-aware timestamps) are restored from the entry's metadata.
    """

    KEEP_PER_KIND = 4

    def __init__(self, folder: Path, input_keys: dict[str, str]) -> None:
        self.folder = folder
        self.input_keys = input_keys

    def key(self, kind: str, needs: Iterable[str], parts: dict | None = None,
            code: Iterable[object] = ()) -> str | None:
        """The entry's key; None when an input it reads was not cached (no key to trust)."""
        inputs = {}
        for name in needs:
            if name not in self.input_keys:
                return None
            inputs[name] = self.input_keys[name]
        modules = [_module_stamp(m) for m in code]
        blob = json.dumps({"format": CACHE_FORMAT, "version": __version__, "inputs": inputs,
                           "parts": parts or {}, "code": modules}, sort_keys=True, default=str)
        return f"result.{kind}-{hashlib.blake2b(blob.encode(), digest_size=16).hexdigest()}"

    def frame(self, kind: str, needs: Iterable[str], compute: Callable[[], pd.DataFrame | None],
              parts: dict | None = None, code: Iterable[object] = ()) -> pd.DataFrame | None:
        """The cached frame, or ``compute()`` stored for next time."""
        key = self.key(kind, needs, parts, code)
        if key is None:
            return compute()
        path = self.folder / f"{key}.parquet"
        hit = self._read(path)
        if hit is not None:
            return hit
        frame = compute()
        if frame is not None:
            self._write(path, frame)
            self._prune(kind)
        return frame

    def peek(self, kind: str, needs: Iterable[str], parts: dict | None = None,
             code: Iterable[object] = ()) -> pd.DataFrame | None:
        """The cached frame, or None: for starting work early only when it is needed."""
        key = self.key(kind, needs, parts, code)
        return None if key is None else self._read(self.folder / f"{key}.parquet")

    def text(self, kind: str, needs: Iterable[str], compute: Callable[[], str],
             parts: dict | None = None, code: Iterable[object] = ()) -> str:
        """``frame`` for one big text (a file cx writes), kept as a plain UTF-8 file:
        no frame to build, no copy into Arrow."""
        key = self.key(kind, needs, parts, code)
        if key is None:
            return compute()
        path = self.folder / f"{key}.txt"
        hit = _read_text_entry(path, key)
        if hit is not None:
            return hit
        text = compute()
        data = text.encode("utf-8", "surrogatepass")
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as fh:
                fh.write(_text_header(key, len(data)))
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
            return text  # only costs speed
        self._prune(kind, "txt")
        return text

    def _read(self, path: Path) -> pd.DataFrame | None:
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
            if not _written_for(table, path.stem):
                return None
            frame = table.to_pandas(types_mapper=_types_mapper)
            dtypes = json.loads((table.schema.metadata or {}).get(b"cx_dtypes", b"{}"))
            for col, dtype in dtypes.items():
                if dtype == "object":  # Python strings and None, as computed
                    frame[col] = pd.Series(frame[col].to_numpy(dtype=object, na_value=None),
                                           index=frame.index, dtype=object)
                elif str(frame[col].dtype) != dtype:
                    frame[col] = frame[col].astype(dtype)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            return None
        return frame

    def _write(self, path: Path, frame: pd.DataFrame) -> None:
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq

        restore = {str(c): str(t) for c, t in frame.dtypes.items()
                   if not isinstance(t, pd.ArrowDtype)}
        try:
            table = pa.Table.from_pandas(frame, preserve_index=not isinstance(
                frame.index, pd.RangeIndex))
            table = _with_key(table.replace_schema_metadata({
                **(table.schema.metadata or {}), b"cx_dtypes": json.dumps(restore).encode()}),
                path.stem)
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            pq.write_table(table, tmp, compression="lz4")
            os.replace(tmp, path)
        except (OSError, pa.ArrowException):
            return  # only costs speed

    def _prune(self, kind: str, suffix: str = "parquet") -> None:
        """Keep the few newest entries of a kind (a scorecard and a voc window, say)."""
        def newest_first(p: Path) -> int:
            try:
                return -p.stat().st_mtime_ns
            except OSError:  # pruned by a concurrent run
                return 0

        entries = sorted(self.folder.glob(f"result.{kind}-*.{suffix}"), key=newest_first)
        for old in entries[self.KEEP_PER_KIND:]:
            old.unlink(missing_ok=True)


def _text_header(key: str, size: int) -> bytes:
    """A text entry's first line: the key it is stored under and the text's length in
    bytes, so that a file cut short (a crash, a full disk) or copied over another entry
    is a miss, never a report file with part of its text."""
    return f"cx-text {key} {size}\n".encode()


def _read_text_entry(path: Path, key: str) -> str | None:
    try:  # bytes: a text's "\r" must come back as it was, not as a line break
        raw = path.read_bytes()
    except OSError:
        return None
    end = raw.find(b"\n") + 1  # 0 when there is no header line
    if not end or raw[:end] != _text_header(key, len(raw) - end):
        return None
    try:  # decoded where it lies: a day's messages file is 60 MB, not copied first
        return str(memoryview(raw)[end:], "utf-8")
    except UnicodeDecodeError:
        return None


def _with_key(table: pa.Table, key: str) -> pa.Table:
    """The table with the key it is stored under in its metadata (``_written_for``)."""
    return table.replace_schema_metadata({**(table.schema.metadata or {}),
                                          b"cx_key": key.encode()})


def _written_for(table: pa.Table, key: str) -> bool:
    """Was ``table`` stored under ``key``? A file copied or restored over another
    entry holds some other frame (other columns, other rows): a miss, not its data."""
    return (table.schema.metadata or {}).get(b"cx_key") == key.encode()


def _module_stamp(module: object) -> list:
    return _path_stamp(Path(getattr(module, "__file__", "") or ""))


def _path_stamp(path: Path) -> list:
    """A source file's name, size and mtime: a key part that changes when it is edited."""
    try:
        st = path.stat()
    except OSError:
        return [path.name, 0, 0]
    return [path.name, st.st_size, st.st_mtime_ns]


def file_digest(path: Path) -> str:
    """A small file's content hash (rules files), or "missing"."""
    try:
        return content_hash(path)
    except OSError:
        return "missing"


def _types_mapper(arrow_type: pa.DataType):
    import pandas as pd
    import pyarrow as pa

    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.ArrowDtype(pa.string())
    return None


def _report_to_json(report: InputReport) -> dict:
    return {
        "name": report.name, "files": report.files, "rows": report.rows,
        "rows_read": report.rows_read, "duplicates_dropped": report.duplicates_dropped,
        "description_rows": report.description_rows, "blank_rows": report.blank_rows,
        "header_rows": report.header_rows, "header_row_numbers": report.header_row_numbers,
        "bad_rows": report.bad_rows,
        "bad_counts": [[f, c, r, n] for (f, c, r), n in report.bad_counts.items()],
        "issues": [{**i.as_dict(), "group": i.group} for i in report.issues],
        "notes": report.notes,
        "absent": report.absent,
    }


def _report_from_json(data: dict) -> InputReport:
    report = InputReport(data["name"], files=data["files"], rows=data["rows"],
                         rows_read=data["rows_read"],
                         duplicates_dropped=data["duplicates_dropped"],
                         description_rows=data["description_rows"],
                         blank_rows=data.get("blank_rows", 0), bad_rows=data["bad_rows"],
                         header_rows=data.get("header_rows", 0),
                         header_row_numbers=data.get("header_row_numbers", []),
                         notes=data["notes"], absent=data.get("absent"))
    for f, c, r, n in data["bad_counts"]:
        report.bad_counts[(f, c, r)] = n
    report.issues = [Issue(i["file"], i["row"], i["column"], i["message"], i.get("group"))
                     for i in data["issues"]]
    return report
