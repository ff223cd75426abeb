"""What a load found: rows kept, duplicates dropped, rows excluded and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MAX_ISSUES_PER_REASON = 5


@dataclass
class Issue:
    file: str
    row: int | None
    column: str | None
    message: str
    # The reason the warning groups the row under, when its own message differs (each
    # row names the value it holds; the warning names the first row's).
    group: str | None = None

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class InputReport:
    """Per input (orders, tickets, ...): the numbers `cx validate` shows."""

    name: str
    files: list[str] = field(default_factory=list)
    rows: int = 0
    rows_read: int = 0
    duplicates_dropped: int = 0
    description_rows: int = 0
    # Rows with no value in any column cx reads (Excel's ",,,,," padding): skipped, said
    # by `cx validate`, never counted as bad rows.
    blank_rows: int = 0
    # The header again below it (two exports pasted into one file), with its description
    # row: skipped and said by `cx validate`, never counted as bad rows.
    header_rows: int = 0
    header_row_numbers: list[int] = field(default_factory=list)  # the first few
    bad_rows: int = 0
    # (file, column, reason) -> number of rows excluded for that reason
    bad_counts: Counter = field(default_factory=Counter)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Fields no file of the input has (None until a file is read): a metric that reads
    # one is not computed rather than taken from an empty column.
    absent: list[str] | None = None

    def add_bad(self, file: str, column: str | None, reason: str, rows: list[int | None],
                count: int | None = None, messages: list[str] | None = None) -> None:
        """Record excluded rows: ``count`` of them (by default one per row number given);
        only the first few row numbers are kept for display, each with its own message
        when ``messages`` gives them (in the order of ``rows``)."""
        count = len(rows) if count is None else count
        if not count:
            return
        self.bad_counts[(file, column, reason)] += count
        for k, r in enumerate(rows[:MAX_ISSUES_PER_REASON]):
            own = messages[k] if messages is not None and k < len(messages) else reason
            self.issues.append(Issue(file, r, column, own, None if own == reason else reason))

    def merge(self, other: InputReport) -> None:
        """Add another file's findings (files are parsed separately, then merged)."""
        self.rows_read += other.rows_read
        self.description_rows += other.description_rows
        self.blank_rows += other.blank_rows
        self.header_rows += other.header_rows
        self.header_row_numbers.extend(other.header_row_numbers)
        self.bad_rows += other.bad_rows
        self.bad_counts.update(other.bad_counts)
        self.issues.extend(other.issues)
        self.notes.extend(other.notes)
        if other.absent is not None:
            self.absent = sorted(set(other.absent) if self.absent is None
                                 else set(self.absent) & set(other.absent))

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "rows": self.rows,
            "duplicates_dropped": self.duplicates_dropped,
            "bad_rows": self.bad_rows,
            # By file, then row (a row without a number last), as a reader goes through them.
            "issues": [i.as_dict() for i in sorted(self.issues, key=lambda i: (
                i.file, i.row is None, i.row or 0))],
        }

    def warning_lines(self) -> list[str]:
        """One line per (file, reason): count and the first row numbers."""
        lines = []
        for (file, column, reason), count in self.bad_counts.items():
            rows = [i.row for i in self.issues if i.file == file
                    and (i.group or i.message) == reason and i.column == column
                    and i.row is not None]
            if column:
                reason = f"{column}: {reason}"
            # A record that took several rows with it is one row number for all of them.
            more = len(rows) == MAX_ISSUES_PER_REASON and count > len(rows)
            where = f" (rows {', '.join(map(str, rows))}{', …' if more else ''})" if rows else ""
            lines.append(f"{file}: excluded {count} row{'s' if count != 1 else ''}: "
                         f"{reason}{where}")
        return lines
