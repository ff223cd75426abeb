"""What a file is, from its first bytes: a workbook, and a text table's encoding and
delimiter. No heavy imports: the catalog reader uses it without pandas or pyarrow."""

from __future__ import annotations

import codecs

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
DELIMITERS = (",", ";", "\t", "|")


def detect_encoding(head: bytes, whole: bool = False) -> str:
    """The encoding of a text file from its first bytes (``whole``: all of them)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # UTF-16 without BOM: every other byte of ASCII text is zero.
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] != 0:
        return "utf-16-le"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed block is still UTF-8
        # (but the end of a whole file cuts nothing).
        if not whole and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
        return "cp1252"


def detect_delimiter(line: str, candidates: tuple[str, ...] = DELIMITERS) -> str:
    """The candidate the header line holds most of (a comma when it holds none)."""
    counts = {d: line.count(d) for d in candidates}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
