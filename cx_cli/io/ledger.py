"""The message ledger: an embedded SQLite file of the messages that were sent.

A message is keyed by (order_id, stage[, sku]) and its ``message_id`` is derived from
that key, so recording the same message twice is a no-op (INSERT OR IGNORE) and a
recorded message is never listed as due again.

Reading never creates the file (a missing ledger is an empty one). Writers take a
file lock beside the database and write in one transaction per call, in WAL mode,
so two cron runs cannot interleave and a crash loses nothing that was committed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import starmap
from pathlib import Path
from typing import Any

from cx_cli.errors import LedgerError

SCHEMA_VERSION = 1
LOCK_TIMEOUT_SECONDS = 60
# How long SQLite waits for another program's lock on the database file itself.
BUSY_TIMEOUT_SECONDS = 30
COLUMNS = ("message_id", "order_id", "stage", "sku", "buyer", "sent_at", "due_date",
           "last_date", "channel", "source")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    message_id TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL,
    stage      TEXT NOT NULL,
    sku        TEXT,
    buyer      TEXT,
    sent_at    TEXT NOT NULL,   -- ISO 8601 in shop time, with its offset
    due_date   TEXT,
    last_date  TEXT,
    channel    TEXT,
    source     TEXT              -- the due file recorded, or 'messages due --record'
);
CREATE INDEX IF NOT EXISTS sent_by_order ON sent (order_id);
CREATE INDEX IF NOT EXISTS sent_by_time ON sent (sent_at);
"""


def message_id(order_id: str, stage: str, sku: str | None = None) -> str:
    """Stable id of a message key: first 16 hex digits of sha256("order|stage|sku")."""
    key = f"{order_id}|{stage}|{sku or ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def message_ids(order_ids: Iterable[str], stages: Iterable[str],
                skus: Iterable[str | None]) -> list[str]:
    """``message_id`` of each (order, stage, SKU): a day's 100,000 candidates at once."""
    return list(starmap(message_id, zip(order_ids, stages, skus, strict=True)))


@dataclass(frozen=True)
class RecordResult:
    recorded: int
    already: int


class Ledger:
    """The ledger file at ``path``; ``tz`` is the shop timezone sent times are kept in."""

    def __init__(self, path: Path, tz: str = "UTC") -> None:
        self.path = Path(path)
        self.tz = tz
        self._lock: Any = None  # one FileLock per ledger: held again (nested), not waited on

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    # --- reading -----------------------------------------------------------------------

    def keys(self) -> frozenset[str]:
        """Every message id that was recorded."""
        with self._reader() as db:
            if db is None:
                return frozenset()
            return frozenset(r[0] for r in db.execute("SELECT message_id FROM sent"))

    def stamp(self) -> list[Any] | None:
        """What identifies the content: the rows, the last row id and the last send time
        (cx only adds rows), or None when there is no ledger yet."""
        with self._reader() as db:
            if db is None:
                return None
            count, last, sent = db.execute(
                "SELECT count(*), max(rowid), max(sent_at) FROM sent").fetchone()
            return [str(self.path.resolve()), count, last, sent]

    def rows(self, *, since: date | None = None, order_id: str | None = None,
             stages: Iterable[str] | None = None,
             around: date | None = None) -> list[dict[str, Any]]:
        """Recorded messages, oldest first (by the instant they were sent).

        ``since``: sent on or after that day; ``around``: sent within a day of it (a
        cheap pre-filter; callers compare shop-local dates themselves); ``stages``:
        only those stages. ``around`` and ``stages`` together are OR-ed, which is what
        the timeline needs (today's sends for the cap, every review request for the
        reminder).
        """
        where: list[str] = []
        params: list[Any] = []
        if since is not None:
            where.append("sent_at >= ?")
            params.append(since.isoformat())
        if order_id is not None:
            where.append("order_id = ?")
            params.append(order_id)
        either: list[str] = []
        if around is not None:
            either.append("(sent_at >= ? AND sent_at < ?)")
            params += [(around - timedelta(days=1)).isoformat(),
                       (around + timedelta(days=2)).isoformat()]
        stage_list = list(stages or ())
        if stage_list:
            either.append(f"stage IN ({','.join('?' * len(stage_list))})")
            params += stage_list
        if either:
            where.append("(" + " OR ".join(either) + ")")
        sql = f"SELECT {', '.join(COLUMNS)} FROM sent"
        if where:
            sql += " WHERE " + " AND ".join(where)
        # By the instant, not the text: across a DST change 01:10-08:00 comes after
        # 01:30-07:00. Messages sent at the same instant keep the order they were recorded in.
        sql += " ORDER BY julianday(sent_at), rowid"
        with self._reader() as db:
            if db is None:
                return []
            return [dict(zip(COLUMNS, r, strict=True)) for r in db.execute(sql, params)]

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection | None]:
        if not self.path.exists():
            yield None
            return
        db = self._open_for_reading()
        try:
            if not self._has_table(db):
                yield None
            else:
                self._check_version(db)
                yield db
        except sqlite3.DatabaseError as exc:
            raise self._bad(exc) from None
        finally:
            db.close()

    def _open_for_reading(self) -> sqlite3.Connection:
        """A read-only connection; one to an unchanging file when its folder is read-only.

        Reading a WAL ledger needs its -shm file, which SQLite creates beside it: in a
        folder cx may not write in (a copy on a read-only share, another user's shop)
        it cannot, and the ledger could not even be listed. With no -wal file there,
        nothing is being written to it, and it is read as it is on disk.
        """
        db = self._connect(read_only=True)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.DatabaseError as exc:
            db.close()
            code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
            wal = self.path.with_name(self.path.name + "-wal")
            if code not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN) or wal.exists():
                raise self._bad(exc) from None
        try:
            return sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1", uri=True,
                                   isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise self._bad(exc) from None

    # --- writing -----------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Ledger]:
        """Hold the ledger's lock while a caller reads it, then records.

        `messages due --record` reads what was sent, writes the day's messages and records
        them: with the lock held throughout, no other cx records in between, so two
        overlapping cron runs never both hand the same message to a sender (the second
        one waits, then finds it sent). ``record`` inside takes the same lock again.
        A ledger that cannot take records (not cx's, read-only) is an error here, before
        the caller writes what it will record.
        """
        from filelock import Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = self._file_lock()
            lock.acquire()
        except Timeout:
            raise self._locked() from None
        except OSError as exc:
            raise self._cannot_write(exc) from None
        try:
            self._ready_to_record()
            yield self
        finally:
            lock.release()

    def _ready_to_record(self) -> None:
        """Create the ledger, or check it takes a write (its schema, SQLite's write lock)."""
        try:
            db = self._connect(read_only=False)
            try:
                self._ensure_schema(db)
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            raise self._bad(exc) from None
        except OSError as exc:
            raise self._cannot_write(exc) from None

    def _file_lock(self) -> Any:
        from filelock import FileLock

        if self._lock is None:
            self._lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_SECONDS)
        return self._lock

    def _cannot_write(self, exc: OSError) -> LedgerError:
        """The ledger's folder or lock file cannot be made: say where, and what to check."""
        from cx_cli.io.files import file_in_the_way

        blocking = file_in_the_way(self.path)
        if blocking is not None:
            return LedgerError(f"cannot write ledger {self.path}: {blocking} is a file, not "
                               "a folder",
                               f"move the file {blocking} aside, or set messages.ledger in "
                               "cx.yaml to a file in a folder")
        return LedgerError(f"cannot write ledger {self.path}: {exc.strerror or exc}",
                           f"check that the folder {self.path.parent} exists or can be "
                           f"created, that cx may write in it (the ledger, its lock file "
                           f"{self.lock_path.name} and SQLite's -wal file go there) and that "
                           "the disk is not full")

    def _locked(self) -> LedgerError:
        return LedgerError(f"ledger {self.path} is locked by another cx run",
                           f"wait for it to finish, or remove {self.lock_path} if no cx "
                           "is running")

    def record(self, messages: Iterable[Mapping[str, Any]], *, sent_at: datetime | None = None,
               source: str = "") -> RecordResult:
        """Record sent messages in one transaction; ones already there are left as they are."""
        from filelock import Timeout

        when = self._shop_time(sent_at)
        rows = [self._row(m, when, source) for m in messages]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._file_lock():
                db = self._connect(read_only=False)
                try:
                    self._ensure_schema(db)
                    db.execute("BEGIN IMMEDIATE")
                    before = db.total_changes
                    db.executemany(
                        f"INSERT OR IGNORE INTO sent ({', '.join(COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(COLUMNS))})", rows)
                    inserted = db.total_changes - before
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                finally:
                    db.close()
        except Timeout:
            raise self._locked() from None
        except sqlite3.DatabaseError as exc:
            raise self._bad(exc) from None
        except OSError as exc:
            raise self._cannot_write(exc) from None
        return RecordResult(recorded=inserted, already=len(rows) - inserted)

    def _row(self, m: Mapping[str, Any], when: str, source: str) -> tuple[Any, ...]:
        def text(key: str) -> str | None:
            value = m.get(key)
            if value is None or value == "":
                return None
            return value.isoformat() if isinstance(value, date) else str(value)

        order_id, stage = text("order_id"), text("stage")
        if not order_id or not stage:
            raise LedgerError("a message to record has no order_id or stage")
        mid = message_id(order_id, stage, text("sku"))
        given = text("message_id")
        if given and given != mid:
            raise LedgerError(f"message_id {given} does not match its key "
                              f"({order_id}, {stage}, {text('sku') or '-'}): expected {mid}",
                              "record the file exactly as `cx messages due` wrote it")
        return (mid, order_id, stage, text("sku"), text("buyer"), when, text("due_date"),
                text("last_date"), text("channel"), source or None)

    def _shop_time(self, when: datetime | None) -> str:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.tz)
        when = datetime.now(zone) if when is None else when
        when = when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)
        return when.isoformat(timespec="seconds")

    # --- the file --------------------------------------------------------------------

    def _connect(self, *, read_only: bool) -> sqlite3.Connection:
        if self.path.is_dir():
            raise LedgerError(f"ledger {self.path} is a folder; messages.ledger names the "
                              "ledger's file", "set messages.ledger in cx.yaml to a file in "
                              "it, e.g. .cx/ledger.sqlite")
        try:
            if read_only:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            else:
                db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS,
                                     isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
            return db
        except sqlite3.DatabaseError as exc:
            raise self._bad(exc) from None

    @staticmethod
    def _has_table(db: sqlite3.Connection) -> bool:
        row = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='sent'")
        return row.fetchone() is not None

    def _check_version(self, db: sqlite3.Connection) -> int:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LedgerError(f"ledger {self.path} was written by a newer cx "
                              f"(schema {version}, this cx knows {SCHEMA_VERSION})",
                              "upgrade cx")
        return version

    def _ensure_schema(self, db: sqlite3.Connection) -> None:
        version = self._check_version(db)
        if version == SCHEMA_VERSION and self._has_table(db):
            return
        if version == 0 and self._has_table(db):
            raise LedgerError(f"{self.path} holds a 'sent' table that cx did not create",
                              "point messages.ledger at another file")
        # One script, one transaction: the tables and the version appear together.
        db.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};"
                         "COMMIT;")

    def _bad(self, exc: Exception) -> LedgerError:
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            # A sound ledger that another program has open: moving it aside would forget
            # every message sent, and they would all be sent again.
            return LedgerError(f"ledger {self.path} is locked by another program: {exc}",
                               "wait for it to finish (an open `sqlite3` shell, a backup) "
                               "and run again; do not move the ledger aside, it holds the "
                               "messages already sent")
        if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM,
                    sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL):
            return LedgerError(f"ledger {self.path} cannot be opened or written: {exc}",
                               f"check that it and its folder {self.path.parent} are readable "
                               "and writable (SQLite keeps its -wal and -shm files beside it) "
                               "and the disk is not full; do not move the ledger aside, it "
                               "holds the messages already sent")
        return LedgerError(f"ledger {self.path} cannot be used: {exc}",
                           "it is not a cx ledger or it is damaged; move it aside (cx starts a "
                           "new one on the next record) or set messages.ledger in cx.yaml")
