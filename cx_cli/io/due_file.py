"""Reading back a file that `cx messages due` wrote (CSV, JSON or JSON lines), to record it.

The CSV cx writes prefixes cells that a spreadsheet would run as a formula with an
apostrophe; that prefix is taken off again here so ids and names match the ledger.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from cx_cli.errors import InputError

REQUIRED = ("order_id", "stage")
AS_WRITTEN = "record the file exactly as `cx messages due` wrote it (csv, json or jsonl)"
SAVED_AGAIN = ("record the file `cx messages due -o FILE` wrote, not a copy a spreadsheet "
               "saved (it may also have rounded the order ids)")
_NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def read_due_file(path: Path) -> list[dict[str, Any]]:
    """The messages a due file lists, as dicts with at least order_id and stage."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"due file {path} does not exist") from None
    except OSError as exc:
        raise InputError(f"cannot read due file {path}: {exc.strerror or exc}") from None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        # Opened in Excel and saved as a workbook: ids may have been rounded there too.
        raise InputError(f"due file {path} is an Excel workbook, not the csv, json or jsonl "
                         "file `cx messages due` wrote", SAVED_AGAIN)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"due file {path} is not UTF-8 text (byte {exc.start + 1}): it was "
                         "saved again in another encoding", SAVED_AGAIN) from None
    stripped = text.lstrip()
    suffix = path.suffix.lower()
    if not stripped:
        if suffix == ".jsonl":  # what `messages due` writes on a day with nothing due
            return []
        if suffix in (".csv", ".json"):
            # `messages due` writes a header row or [] even then: this one was cut short
            # (a full disk, a copy stopped), and may have listed messages that were sent.
            raise InputError(f"due file {path} is empty: `cx messages due` writes "
                             f"{'a header row' if suffix == '.csv' else '[]'} even when "
                             "nothing is due, so this file was cut short and cannot say what "
                             "was sent", "record the file the send run wrote, or write it "
                             "again with the same --date and --output")
        raise InputError(f"due file {path} is empty and not a csv, json or jsonl file", AS_WRITTEN)
    if suffix == ".jsonl" or (suffix != ".json" and stripped.startswith("{")):
        rows = _jsonl(path, text)
    elif suffix == ".json" or stripped.startswith("["):
        rows = _json(path, text)
    else:
        rows = _csv(path, text)
    for number, row in enumerate(rows, start=1):
        missing = [k for k in REQUIRED if not row.get(k)]
        if missing:
            raise InputError(f"due file {path}: message {number} has no {missing[0]}",
                             AS_WRITTEN)
    return rows


def _json(path: Path, text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"due file {path} is not valid JSON: {exc}", AS_WRITTEN) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(f"due file {path}: expected a list of messages")
    return data


def _jsonl(path: Path, text: str) -> list[dict[str, Any]]:
    rows = []
    # Records end at "\n" only: a buyer name may hold U+2028 or \x85, which
    # str.splitlines() would also break at.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"due file {path} line {number} is not valid JSON: {exc}",
                             AS_WRITTEN) from None
        if not isinstance(row, dict):
            raise InputError(f"due file {path} line {number}: expected one message object")
        rows.append(row)
    return rows


def _csv(path: Path, text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [f.strip() for f in reader.fieldnames or []]
    missing = [k for k in REQUIRED if k not in header]
    if missing:
        # Checked on the header: a file with no rows would otherwise record nothing, silently.
        first = text.split("\n", 1)[0]
        for sep, name in ((";", "semicolons"), ("\t", "tabs")):
            if all(k in first.split(sep) for k in REQUIRED):
                raise InputError(f"due file {path} has its columns separated by {name}, not "
                                 "commas: a spreadsheet saved it again",
                                 SAVED_AGAIN)
        raise InputError(f"due file {path} is not a messages file: no "
                         f"{' or '.join(missing)} column (expected csv, json or jsonl "
                         "with order_id and stage)", AS_WRITTEN)
    return [{k.strip(): _unneutralise(v) for k, v in row.items() if k} for row in reader]


def _unneutralise(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    return value[1:] if value.startswith(_NEUTRALISED) else value
