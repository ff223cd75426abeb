"""The message ledger: idempotent, transactional, locked, versioned, never created on read."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, date, datetime

import pytest

from cx_cli.errors import LedgerError
from cx_cli.io.ledger import SCHEMA_VERSION, Ledger, message_id

TZ = "America/Los_Angeles"


def msg(order: str, stage: str = "delivery_day", sku: str | None = None, **kw) -> dict:
    return {"message_id": message_id(order, stage, sku), "order_id": order, "stage": stage,
            "sku": sku, "buyer": "ana", "due_date": date(2026, 11, 5),
            "last_date": date(2026, 11, 6), "channel": "tiktok_chat", **kw}


def test_missing_ledger_reads_as_empty_and_is_not_created(tmp_path):
    ledger = Ledger(tmp_path / ".cx" / "ledger.sqlite", TZ)
    assert ledger.keys() == frozenset()
    assert ledger.rows() == []
    assert not (tmp_path / ".cx").exists()


def test_record_is_idempotent(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite", TZ)
    first = ledger.record([msg("1"), msg("2")], source="due.csv")
    again = ledger.record([msg("1"), msg("2"), msg("3")], source="due2.csv")
    assert (first.recorded, first.already) == (2, 0)
    assert (again.recorded, again.already) == (1, 2)
    rows = ledger.rows()
    assert [r["order_id"] for r in rows].count("1") == 1
    assert {r["source"] for r in rows if r["order_id"] == "1"} == {"due.csv"}
    assert ledger.keys() == {message_id(o, "delivery_day") for o in "123"}


def test_sent_at_is_kept_in_shop_time(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite", TZ)
    ledger.record([msg("1")], sent_at=datetime(2026, 11, 6, 7, 30, tzinfo=UTC))
    ledger.record([msg("2")], sent_at=datetime(2026, 11, 6, 9, 0))  # naive = shop time
    rows = {r["order_id"]: r for r in ledger.rows()}
    assert rows["1"]["sent_at"] == "2026-11-05T23:30:00-08:00"
    assert rows["2"]["sent_at"] == "2026-11-06T09:00:00-08:00"
    assert [r["order_id"] for r in ledger.rows(since=date(2026, 11, 6))] == ["2"]
    assert [r["order_id"] for r in ledger.rows(order_id="1")] == ["1"]


def test_rows_are_in_time_order_across_the_dst_fall_back(tmp_path):
    """Kept as shop time, 01:10-08:00 (PST) reads before 01:30-07:00 (PDT) but is later;
    messages recorded at the same instant keep the order they were recorded in."""
    ledger = Ledger(tmp_path / "ledger.sqlite", TZ)
    ledger.record([msg("1")], sent_at=datetime.fromisoformat("2026-11-01T01:30:00-07:00"))
    ledger.record([msg("2")], sent_at=datetime.fromisoformat("2026-11-01T01:10:00-08:00"))
    ledger.record([msg("3")], sent_at=datetime.fromisoformat("2026-11-01T08:45:00Z"))
    ledger.record([msg("4"), msg("5")], sent_at=datetime(2026, 11, 2, 9, 0))
    assert [r["order_id"] for r in ledger.rows()] == ["1", "3", "2", "4", "5"]


def test_rows_around_a_day_or_of_a_stage(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite", TZ)
    ledger.record([msg("1", "review_request")], sent_at=datetime(2026, 10, 1, 9, 0))
    ledger.record([msg("2")], sent_at=datetime(2026, 11, 12, 9, 0))
    ledger.record([msg("3")], sent_at=datetime(2026, 11, 20, 9, 0))
    around = ledger.rows(around=date(2026, 11, 12), stages=["review_request"])
    assert sorted(r["order_id"] for r in around) == ["1", "2"]


def test_message_id_must_match_its_key(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite", TZ)
    with pytest.raises(LedgerError, match="does not match its key"):
        ledger.record([{**msg("1"), "message_id": "0000000000000000"}])
    # Nothing was written: the whole call is one transaction.
    assert not (tmp_path / "ledger.sqlite").exists() or ledger.keys() == frozenset()


def test_schema_is_versioned_and_wal(tmp_path):
    path = tmp_path / "ledger.sqlite"
    Ledger(path, TZ).record([msg("1")])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="newer cx"):
        Ledger(path, TZ).keys()


@pytest.mark.parametrize("content", [b"this is not a database at all" * 10,
                                     b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_bad_ledger_file_is_a_ledger_error(tmp_path, content):
    path = tmp_path / "ledger.sqlite"
    path.write_bytes(content)
    with pytest.raises(LedgerError, match="cannot be used"):
        Ledger(path, TZ).keys()
    with pytest.raises(LedgerError):
        Ledger(path, TZ).record([msg("1")])


def test_a_ledger_path_that_is_a_folder_says_so(tmp_path):
    # messages.ledger: "." (or the .cx folder): SQLite's "disk I/O error" named no cause.
    with pytest.raises(LedgerError) as caught:
        Ledger(tmp_path, TZ).keys()
    assert caught.value.message == (f"ledger {tmp_path} is a folder; messages.ledger names "
                                    "the ledger's file")
    with pytest.raises(LedgerError, match="is a folder"):
        Ledger(tmp_path, TZ).record([msg("1")])


def test_a_ledger_under_a_file_says_which_file_is_in_the_way(tmp_path):
    # A file named .cx where the ledger's folder goes: "File exists" said nothing useful.
    (tmp_path / ".cx").write_text("")
    ledger = Ledger(tmp_path / ".cx" / "ledger.sqlite", TZ)
    for attempt in (lambda: ledger.record([msg("1")]), lambda: ledger.writing().__enter__()):
        with pytest.raises(LedgerError) as caught:
            attempt()
        assert caught.value.message == (f"cannot write ledger {ledger.path}: "
                                        f"{tmp_path / '.cx'} is a file, not a folder")
        assert caught.value.hint.startswith(f"move the file {tmp_path / '.cx'} aside")


def _without_root_powers(args: list[str]) -> list[str]:
    """Run ``args`` so that file permissions apply (root ignores them)."""
    if os.geteuid() != 0:
        return args
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder is writable")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", *args]


def test_a_ledger_in_a_read_only_folder_is_read_and_refuses_records_with_a_hint(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    Ledger(folder / "ledger.sqlite", TZ).record([msg("1"), msg("2")])
    (folder / "ledger.sqlite.lock").unlink()  # a copy of the ledger: no lock file beside it
    code = ("import sys\n"
            "from cx_cli.errors import LedgerError\n"
            "from cx_cli.io.ledger import Ledger\n"
            "ledger = Ledger(sys.argv[1], 'UTC')\n"
            "print(len(ledger.keys()), len(ledger.rows()), ledger.stamp()[1])\n"
            "try:\n"
            "    ledger.record([{'order_id': '3', 'stage': 'delivery_day'}])\n"
            "except LedgerError as exc:\n"
            "    print(exc.message); print(exc.hint)\n")
    os.chmod(folder, 0o555)
    try:
        run = subprocess.run(_without_root_powers(
            [sys.executable, "-c", code, str(folder / "ledger.sqlite")]),
            capture_output=True, text=True, timeout=120)
    finally:
        os.chmod(folder, 0o755)
    assert run.returncode == 0, run.stderr
    counts, error, hint = run.stdout.splitlines()
    # Listing needs no write: SQLite's -shm file cannot be made there, it is read as is.
    assert counts == "2 2 2"
    assert error == f"cannot write ledger {folder / 'ledger.sqlite'}: Permission denied"
    assert hint.startswith(f"check that the folder {folder} exists or can be created, that "
                           "cx may write in it")


def test_a_ledger_another_program_has_locked_is_not_called_damaged(tmp_path, monkeypatch):
    """A busy ledger is sound: the error must not advise moving it aside (cx would start
    an empty one and list every message already sent as due again)."""
    from cx_cli.io import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "BUSY_TIMEOUT_SECONDS", 0.1, raising=False)
    path = tmp_path / "ledger.sqlite"
    Ledger(path, TZ).record([msg("1")])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO sent (message_id, order_id, stage, sent_at) "
                   "VALUES ('x', '9', 'delivery_day', '2026-11-05T10:00:00-08:00')")
    try:
        for use in (lambda ledger: ledger.keys(), lambda ledger: ledger.record([msg("2")])):
            with pytest.raises(LedgerError) as caught:
                use(Ledger(path, TZ))
            assert "locked by another program" in caught.value.message
            assert "move it aside" not in caught.value.hint
            assert "do not move the ledger aside" in caught.value.hint
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Ledger(path, TZ).keys() == {message_id("1", "delivery_day")}


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "ledger.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE sent (x)")
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="did not create"):
        Ledger(path, TZ).record([msg("1")])


def test_concurrent_records_from_threads_both_succeed_without_duplicates(tmp_path):
    path = tmp_path / "ledger.sqlite"
    batch = [msg(str(i)) for i in range(200)]
    results = []
    errors = []

    def run() -> None:
        try:
            results.append(Ledger(path, TZ).record(batch, source="cron"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.recorded for r in results) == [0, 200]
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT message_id) FROM sent").fetchone() == \
        (200, 200)


def _record_in_process(path: str, start: int) -> int:
    batch = [msg(str(i)) for i in range(start, start + 150)]
    return Ledger(path, TZ).record(batch, source=f"proc{start}").recorded


def test_concurrent_records_from_processes(tmp_path):
    path = str(tmp_path / "ledger.sqlite")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        recorded = pool.starmap(_record_in_process, [(path, 0), (path, 100)])
    # 0..149 and 100..249 overlap on 50 messages: recorded once, by whichever came first.
    assert sum(recorded) == 250
    assert len(Ledger(path, TZ).keys()) == 250
