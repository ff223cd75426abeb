"""`cx messages due / preview / record / history` end to end on tiny exports.

The shop (tests/data/timeline_*): on 2026-11-15 order 1003 was paid (confirmation),
1004 delivered (delivery day), 1002 is a check-in SKU delivered on the 10th, 1001 a
consumable delivered on the 5th (review request), 1005 is cancelled.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from _tables import table_rows
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.io.ledger import message_id
from cx_cli.render.messages import KEYS

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[1] / "examples" / "cx.yaml"  # the sample shop
DAY = "2026-11-15"
EXPECTED = [("order_confirmation", "1003"), ("delivery_day", "1004"),
            ("support_checkin", "1002"), ("review_request", "1001")]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A config in a temporary folder (so the ledger lands there) over the test exports."""
    for name in ("timeline_orders.csv", "timeline_products.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    write_config(tmp_path)
    return tmp_path


def write_config(folder: Path, extra: str = "") -> Path:
    path = folder / "cx.yaml"
    path.write_text(
        "shop: {name: Acme Goods, market: us}\n"
        "inputs: {orders: timeline_orders.csv, products: timeline_products.yaml}\n"
        "columns: {orders: {preset: generic}}\n" + extra, encoding="utf-8")
    return path


def cx(folder: Path, *args: str):
    result = CliRunner().invoke(app, [*args, "--config", str(folder / "cx.yaml")],
                                catch_exceptions=False)
    return result


def due_json(folder: Path, *args: str) -> list[dict]:
    result = cx(folder, "messages", "due", "--date", DAY, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_due_json_lists_the_messages_with_the_contract_keys(shop):
    rows = due_json(shop)
    assert [(r["stage"], r["order_id"]) for r in rows] == EXPECTED
    assert all(list(r) == KEYS for r in rows)
    review = rows[-1]
    assert review["message_id"] == message_id("1001", "review_request")
    assert (review["sku"], review["buyer"], review["due_date"], review["last_date"]) == \
        (None, "ana", "2026-11-15", "2026-11-22")
    assert review["channel"] == "tiktok_chat"
    assert "Lavender Oat Soap Bar" in review["text"] and "honest review" in review["text"]
    assert "Mini Bluetooth Speaker" in rows[2]["text"]  # the check-in names the SKU


def test_due_table_and_summary(shop):
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 0
    assert "Messages due 2026-11-15 (4)" in result.stdout
    for stage, order in EXPECTED:
        assert stage in result.stdout and order in result.stdout
    assert "4 message(s) due 2026-11-15." in result.stderr


def test_a_long_table_is_cut_with_a_warning_and_files_hold_every_message(shop, monkeypatch):
    from cx_cli.cli import messages

    monkeypatch.setattr(messages, "TABLE_LIMIT", 2)
    result = cx(shop, "messages", "due", "--date", DAY)
    assert "Messages due 2026-11-15 (4), first 2 shown" in result.stdout
    assert "first 2 of 4 messages" in result.stderr and "--limit 0" in result.stderr
    assert "1001" not in result.stdout  # the last row (review_request for 1001) is cut
    # Each shown row has its own order's items beside it.
    lines = result.stdout.splitlines()
    assert "Classic" in next(line for line in lines if "1003" in line)
    assert "Insulated" in next(line for line in lines if "1004" in line)
    everything = cx(shop, "messages", "due", "--date", DAY, "--limit", "0")
    assert "(4)" in everything.stdout and "shown" not in everything.stdout
    assert "1001" in everything.stdout and "Warning" not in everything.stderr
    assert len(due_json(shop)) == 4


def test_stage_filter_and_cap(shop):
    rows = due_json(shop, "--stage", "review_request", "--stage", "delivery_day")
    assert [r["stage"] for r in rows] == ["delivery_day", "review_request"]
    write_config(shop, "messages: {max_per_buyer_per_day: 1}\n")
    result = cx(shop, "messages", "due", "--date", DAY, "-f", "json")
    assert [r["order_id"] for r in json.loads(result.stdout)] == ["1003", "1004", "1002"]
    assert "1 deferred by max_per_buyer_per_day" in result.stderr
    result = cx(shop, "messages", "due", "--date", DAY, "--stage", "nope")
    assert result.exit_code == 2 and "unknown stage 'nope'" in result.stderr


def test_the_summary_says_when_the_cap_defers_a_message_on_its_last_day(shop):
    # ana's review request for 1001 runs 11-15 … 11-22; on the 22nd her new order 1006
    # is confirmed and the cap of 1 leaves the request no later day.
    orders = shop / "timeline_orders.csv"
    orders.write_text(orders.read_text(encoding="utf-8") + "1006,To ship,MUG-STEEL,Mug,,1,"
                      "2026-11-22 08:00,2026-11-22 08:01,,,,,,,ana,\n", encoding="utf-8")
    write_config(shop, "messages: {max_per_buyer_per_day: 1}\n")
    result = cx(shop, "messages", "due", "--date", "2026-11-22", "-f", "json")
    assert [(r["stage"], r["order_id"]) for r in json.loads(result.stdout)] == \
        [("order_confirmation", "1006"), ("support_checkin", "1002")]
    assert ("3 deferred by max_per_buyer_per_day (1 on the last day of their window, so "
            "not sent at all)") in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_record_a_due_file_then_nothing_is_listed_again(shop, fmt):
    out = shop / f"due.{fmt}"
    result = cx(shop, "messages", "due", "--date", DAY, "-f", fmt, "-o", str(out))
    assert result.exit_code == 0 and out.is_file()
    assert not (shop / ".cx").exists()  # listing never writes the ledger
    first = cx(shop, "messages", "record", str(out))
    assert first.exit_code == 0, first.output
    assert f"Recorded 4 message(s) from {out}; 0 already in the ledger." in first.stderr
    again = cx(shop, "messages", "record", str(out))
    assert "Recorded 0 message(s)" in again.stderr and "4 already" in again.stderr
    assert due_json(shop) == []
    history = cx(shop, "messages", "history", "-f", "json")
    sent = json.loads(history.stdout)
    assert sorted((r["stage"], r["order_id"]) for r in sent) == sorted(EXPECTED)
    assert {r["source"] for r in sent} == {str(out)}


def test_due_record_records_while_listing(shop):
    result = cx(shop, "messages", "due", "--date", DAY, "--record", "-f", "jsonl")
    assert len(result.stdout.splitlines()) == 4
    assert "4 recorded in the ledger" in result.stderr
    assert due_json(shop) == []
    again = cx(shop, "messages", "due", "--date", DAY)
    assert "0 message(s) due 2026-11-15; 4 already sent." in again.stderr
    one = cx(shop, "messages", "history", "--order", "1001", "-f", "json")
    assert [r["stage"] for r in json.loads(one.stdout)] == ["review_request"]
    assert json.loads(cx(shop, "messages", "history", "--since", "2099-01-01",
                         "-f", "json").stdout) == []


def test_due_record_with_a_cut_table_records_only_the_shown_rows(shop):
    """A cron `due --record` in table format must not mark what the table cut as sent."""
    result = cx(shop, "messages", "due", "--date", DAY, "--record", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "first 2 shown" in result.stdout and "1001" not in result.stdout
    assert "only those 2 were recorded in the ledger, the other 2 stay due" in result.stderr
    assert "-o FILE.csv (or .json, .jsonl) --record" in result.stderr
    assert "2 recorded in the ledger." in result.stderr
    sent = json.loads(cx(shop, "messages", "history", "-f", "json").stdout)
    assert [(r["stage"], r["order_id"]) for r in sent] == EXPECTED[:2]
    assert [(r["stage"], r["order_id"]) for r in due_json(shop)] == EXPECTED[2:]


def test_due_record_keeps_the_ledger_locked_until_it_has_recorded(shop, monkeypatch):
    """Two cron runs overlapping: a recording that comes while `due --record` has listed
    the day but not recorded it yet must wait, not record the same messages, which the
    output already hands to the sender (both outboxes would hold them: sent twice)."""
    import threading

    from cx_cli.io.ledger import Ledger
    from cx_cli.render import messages as render_messages

    ledger = shop / ".cx" / "ledger.sqlite"
    others: list = []
    real = render_messages.present_due

    def present_while_another_run_records(rows, *args, **kwargs):
        other = threading.Thread(target=lambda: others.append(
            Ledger(ledger).record(rows, source="the other run")))
        other.start()
        other.join(timeout=1.5)  # it waits for the lock; without one it records at once
        real(rows, *args, **kwargs)
        present_while_another_run_records.other = other

    monkeypatch.setattr(render_messages, "present_due", present_while_another_run_records)
    result = cx(shop, "messages", "due", "--date", DAY, "--record", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    present_while_another_run_records.other.join(timeout=30)
    assert len(result.stdout.splitlines()) == 4
    assert "4 recorded in the ledger" in result.stderr
    assert [(r.recorded, r.already) for r in others] == [(0, 4)]
    sent = Ledger(ledger).rows()
    assert len(sent) == 4 and {r["source"] for r in sent} == {"messages due --record"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md"])
def test_due_record_never_replaces_a_file_listing_messages_it_recorded(shop, fmt):
    """A second `due --record -o FILE` the same day (a retried cron job, a manual rerun)
    found nothing due and replaced the file with an empty one: the messages it listed
    stayed recorded as sent while no file listed them for the sender any more."""
    out = shop / f"due.{fmt}"
    args = ("messages", "due", "--date", DAY, "-f", fmt, "-o", str(out))
    assert cx(shop, *args).exit_code == 0  # listed, not recorded: replaced as before
    first = cx(shop, *args, "--record")
    assert first.exit_code == 0 and "4 recorded in the ledger" in first.stderr
    listed = out.read_bytes()
    again = cx(shop, *args, "--record")
    assert again.exit_code == 2
    assert again.stderr.startswith(f"Error: {out} lists 4 message(s) already recorded as "
                                   "sent; --record does not replace it")
    assert "write to a new file" in again.stderr
    assert out.read_bytes() == listed
    fresh = cx(shop, "messages", "due", "--date", DAY, "--record", "-f", fmt,
               "-o", str(shop / f"due-2.{fmt}"))
    assert fresh.exit_code == 0 and "0 message(s) due" in fresh.stderr


def test_due_record_checks_the_ledger_takes_records_before_writing_the_output(shop):
    """A ledger cx cannot record in was found only after the output was written: the
    sender got messages the ledger never had, due (and sent) again the next day."""
    import sqlite3

    from cx_cli.io.ledger import COLUMNS

    ledger = shop / ".cx" / "ledger.sqlite"
    ledger.parent.mkdir()
    db = sqlite3.connect(ledger)
    db.execute(f"CREATE TABLE sent ({', '.join(COLUMNS)})")  # readable, not cx's
    db.commit()
    db.close()
    out = shop / "due.jsonl"
    result = cx(shop, "messages", "due", "--date", DAY, "--record", "-f", "jsonl",
                "-o", str(out))
    assert result.exit_code == 2
    assert "holds a 'sent' table that cx did not create" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("to_file", [True, False])
def test_a_record_failing_after_the_output_says_its_messages_were_not_recorded(
        shop, monkeypatch, to_file):
    from cx_cli.errors import LedgerError
    from cx_cli.io.ledger import Ledger

    def full_disk(self, *args, **kwargs):
        raise LedgerError(f"cannot write ledger {self.path}: No space left on device")

    monkeypatch.setattr(Ledger, "record", full_disk)
    out = shop / "due.jsonl"
    result = cx(shop, "messages", "due", "--date", DAY, "--record", "-f", "jsonl",
                *(["-o", str(out)] if to_file else []))
    assert result.exit_code == 2
    where = str(out) if to_file else "standard output"
    assert f"No space left on device; the 4 message(s) written to {where} were not " \
           "recorded" in result.stderr
    assert f"cx messages record {out if to_file else 'FILE'}" in result.stderr
    written = out.read_text() if to_file else result.stdout
    assert len(written.splitlines()) == 4


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_due_record_to_a_full_disk_on_standard_output_is_exit_2_and_records_nothing(shop):
    """`cx messages due --record -f csv > outbox/due.csv` on a full disk: a traceback
    and exit 1 (findings) before; a plain error and exit 2, and nothing recorded."""
    import os
    import subprocess
    import sys

    from cx_cli.io.ledger import Ledger

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cx_cli", "messages", "due", "--date", DAY, "--record",
             "-f", "csv", "--config", str(shop / "cx.yaml")],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Error: cannot write to standard output: No space left "
                                  "on device")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert Ledger(shop / ".cx" / "ledger.sqlite").rows() == []


def test_due_record_makes_the_output_files_name_durable_before_recording(shop, monkeypatch):
    """The file is fsynced before it is renamed into place, but the rename itself is on
    disk only once its folder is synced: before the ledger commits that its messages
    were sent, or a power cut can leave them recorded with no file listing them."""
    import os
    import stat

    from cx_cli.io.ledger import Ledger

    events: list[str] = []
    real_fsync, real_record = os.fsync, Ledger.record

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            events.append("sync the outbox" if os.path.samestat(os.fstat(fd), os.stat(outbox))
                          else "sync a folder")
        return real_fsync(fd)

    def record(self, *args, **kwargs):
        events.append("record")
        return real_record(self, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Ledger, "record", record)
    outbox = shop / "outbox"
    outbox.mkdir()
    result = cx(shop, "messages", "due", "--date", DAY, "--record", "-f", "csv",
                "-o", str(outbox / "due.csv"))
    assert result.exit_code == 0, result.output
    assert events[-2:] == ["sync the outbox", "record"]


def test_history_is_in_time_order_across_the_dst_fall_back(shop):
    """01:30 PDT (08:30Z), 01:10 PST (09:10Z) and 08:45Z: sent in the order 1, 3, 2."""
    rows = due_json(shop)
    for order, when in [("1003", "2026-11-01T01:30:00-07:00"),
                        ("1004", "2026-11-01T01:10:00-08:00"),
                        ("1002", "2026-11-01T08:45:00Z")]:
        path = shop / f"sent-{order}.json"
        path.write_text(json.dumps([r for r in rows if r["order_id"] == order]))
        assert cx(shop, "messages", "record", str(path), "--sent-at", when).exit_code == 0
    sent = json.loads(cx(shop, "messages", "history", "-f", "json").stdout)
    assert [(r["order_id"], r["sent_at"]) for r in sent] == [
        ("1003", "2026-11-01T01:30:00-07:00"), ("1002", "2026-11-01T01:45:00-07:00"),
        ("1004", "2026-11-01T01:10:00-08:00")]


@pytest.mark.parametrize(("name", "text"), [
    ("notes.md", "# Sent today\n"),
    ("notes.md", ""),
    ("sent.csv", "order,when\n"),
    ("sent.csv", "message_id,order_id\nabc,1001\n"),
])
def test_record_a_file_that_is_not_a_due_file_is_exit_2(shop, name, text):
    path = shop / name
    path.write_text(text)
    result = cx(shop, "messages", "record", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: due file {path} ")
    assert "csv, json or jsonl" in result.stderr
    assert "Recorded" not in result.stderr


def _saved_again(path, rows, how):
    """The due file as a spreadsheet saves it after it was opened and edited."""
    if how == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
        return
    sep, encoding = {"semicolons": (";", "utf-8"), "cp1252": (",", "cp1252")}[how]
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=sep).writerows(rows)


@pytest.mark.parametrize(("how", "said"), [
    ("xlsx", "is an Excel workbook, not the csv, json or jsonl file `cx messages due` wrote"),
    ("semicolons", "has its columns separated by semicolons, not commas: a spreadsheet "
                   "saved it again"),
    ("cp1252", "is not UTF-8 text (byte "),
])
def test_record_a_due_file_a_spreadsheet_saved_again_says_what_happened(shop, how, said):
    written = shop / "due.csv"
    assert cx(shop, "messages", "due", "--date", DAY, "-f", "csv", "-o",
              str(written)).exit_code == 0
    rows = list(csv.reader(written.open(encoding="utf-8")))
    rows[1][-1] += " café"  # an edit the encoding shows in
    path = shop / ("due.xlsx" if how == "xlsx" else "saved.csv")
    _saved_again(path, rows, how)
    result = cx(shop, "messages", "record", str(path))
    assert result.exit_code == 2, result.output
    assert f"Error: due file {path} {said}" in result.stderr
    assert "Hint: record the file `cx messages due -o FILE` wrote, not a copy a spreadsheet " \
           "saved" in result.stderr
    assert "Traceback" not in result.output and "codec" not in result.stderr


def test_record_a_due_file_that_is_not_json_says_how_to_record_it(shop):
    for name in ("due.json", "due.jsonl"):
        (shop / name).write_text("order_id,stage\n1001,delivery_day\n")
        result = cx(shop, "messages", "record", str(shop / name))
        assert result.exit_code == 2
        assert "is not valid JSON" in result.stderr
        assert "Hint: record the file exactly as `cx messages due` wrote it" in result.stderr


@pytest.mark.parametrize(("name", "text"), [("due.csv", ""), ("due.json", "\n"),
                                            ("due.jsonl", None)])
def test_record_an_empty_file_is_an_error_unless_due_writes_it_so(shop, name, text):
    # A 0-byte due.csv was recorded as "0 messages" with exit 0: a file cut short after
    # its messages were sent went unnoticed, and they were listed again the next day.
    path = shop / name
    if text is None:  # what `messages due -f jsonl` writes when nothing is due
        assert cx(shop, "messages", "due", "--date", "2020-01-01", "-f", "jsonl", "-o",
                  str(path)).exit_code == 0
        assert path.read_bytes() == b""
        result = cx(shop, "messages", "record", str(path))
        assert result.exit_code == 0, result.output
        assert "Recorded 0 message(s)" in result.stderr
        return
    path.write_text(text)
    result = cx(shop, "messages", "record", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: due file {path} is empty: `cx messages due` "
                                    "writes ")
    assert "Recorded" not in result.stderr


def test_record_a_header_only_file_records_nothing_when_it_has_the_due_columns(shop):
    path = shop / "due.csv"
    path.write_text(",".join(KEYS) + "\n")
    result = cx(shop, "messages", "record", str(path))
    assert result.exit_code == 0, result.output
    assert "Recorded 0 message(s)" in result.stderr
    path.write_text("buyer,sku\n")
    result = cx(shop, "messages", "record", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: due file {path} is not a messages file: no "
                                    "order_id or stage column")


def test_record_refuses_an_edited_message_id(shop):
    rows = due_json(shop)
    rows[0]["message_id"] = "0123456789abcdef"
    (shop / "edited.json").write_text(json.dumps(rows))
    result = cx(shop, "messages", "record", str(shop / "edited.json"))
    assert result.exit_code == 2
    assert "does not match its key" in result.stderr


def test_explain_shows_every_stage_and_why(shop):
    result = cx(shop, "messages", "due", "--date", DAY, "--explain", "1002", "-f", "json")
    rows = {r["stage"]: r for r in json.loads(result.stdout)}
    assert rows["support_checkin"]["status"] == "due"
    assert rows["review_request"]["reason"] == "window starts 2026-11-17"
    assert rows["delivery_day"]["reason"] == "window ended 2026-11-11"
    assert rows["replenishment"]["reason"] == "the SKU has no usage_cycle_days"
    table = cx(shop, "messages", "due", "--date", DAY, "--explain", "1005")
    assert "the order is cancelled (2026-11-14)" in table.stdout
    missing = cx(shop, "messages", "due", "--date", DAY, "--explain", "999")
    assert missing.exit_code == 2 and "order 999 is not in the orders export" in missing.stderr


TICKETS_HEADER = "ticket_id,order_id,buyer,created_at,first_response_at,resolved_at," \
    "channel,status,category,subcategory,root_cause,sku,subject,message\n"


def with_tickets(folder: Path, rows: str, extra: str = "") -> None:
    """The shop with a tickets export (the generic columns) holding ``rows``."""
    (folder / "tickets.csv").write_text(TICKETS_HEADER + rows, encoding="utf-8")
    write_config(folder, extra).write_text(
        (folder / "cx.yaml").read_text(encoding="utf-8").replace(
            "products: timeline_products.yaml}",
            "products: timeline_products.yaml, tickets: tickets.csv}").replace(
            "{preset: generic}}", "{preset: generic}, tickets: {preset: generic}}"),
        encoding="utf-8")


def explained(folder: Path, order: str, day: str) -> tuple[dict[str, dict], dict[str, list]]:
    """--explain as JSON and as the table, by stage."""
    result = cx(folder, "messages", "due", "--date", day, "--explain", order, "-f", "json")
    assert result.exit_code == 0, result.output
    table = CliRunner().invoke(app, ["messages", "due", "--date", day, "--explain", order,
                                     "--config", str(folder / "cx.yaml")], terminal_width=200)
    assert table.exit_code == 0, table.output
    return ({r["stage"]: r for r in json.loads(result.stdout)},
            {row[0]: row for row in table_rows(table.stdout, key=0)})


def test_explain_says_when_a_review_request_held_by_a_ticket_goes_out_at_the_earliest(shop):
    """1001 (soap, consumable: delivered 11-05, asked 11-15 … 11-22) has a ticket open
    since 11-09. --explain showed that window and "waits until 3 days after it is
    solved": the request cannot go out before the ticket is solved + 3 days, so on 11-15
    it goes out from 11-18 at the earliest."""
    with_tickets(shop, "T1,1001,ana,2026-11-09 10:00,,,chat,open,,,,,Lid,The lid leaks\n")
    rows, table = explained(shop, "1001", DAY)
    request = rows["review_request"]
    reason = ("a ticket on the order is unsolved at the end of the day; the request waits "
              "until 3 days after it is solved (from 2026-11-18 at the earliest, if it is "
              "solved on 2026-11-15)")
    assert (request["status"], request["due_date"], request["last_date"], request["reason"]) \
        == ("not_due", "2026-11-15", "2026-11-22", reason)
    assert table["review_request"][1:] == ["not due", "2026-11-15 … 2026-11-22", reason]
    # On 11-10 the window itself is later than the ticket solved that day + 3 days.
    rows, table = explained(shop, "1001", "2026-11-10")
    assert rows["review_request"]["reason"] == (
        "a ticket on the order is unsolved at the end of the day; the request waits until "
        "3 days after it is solved (from 2026-11-15 at the earliest, if it is solved on "
        "2026-11-10)")


def test_explain_of_several_unsolved_tickets_after_a_solved_one(shop):
    """A ticket solved on 11-14 moved 1001's window to 11-17 … 11-24; two more are still
    open on 11-15: solved that day, the request goes out from 11-18."""
    with_tickets(shop, "T0,1001,ana,2026-11-11 10:00,,2026-11-14 09:00,chat,solved,,,,,"
                       "Late,Where is it\n"
                       "T1,1001,ana,2026-11-12 10:00,,,chat,open,,,,,Lid,The lid leaks\n"
                       "T2,1001,ana,2026-11-13 10:00,,,chat,pending,,,,,Smell,Too strong\n")
    rows, table = explained(shop, "1001", DAY)
    reason = ("2 tickets on the order are unsolved at the end of the day; the request "
              "waits until 3 days after they are solved (from 2026-11-18 at the earliest, "
              "if they are solved on 2026-11-15)")
    assert (rows["review_request"]["due_date"], rows["review_request"]["last_date"],
            rows["review_request"]["reason"]) == ("2026-11-17", "2026-11-24", reason)
    assert table["review_request"][1:] == ["not due", "2026-11-17 … 2026-11-24", reason]
    # The due set is as before: no review request on 11-15, while they are open.
    assert ("review_request", "1001") not in [
        (r["stage"], r["order_id"]) for r in due_json(shop)]


def test_explain_of_a_review_reminder_held_by_a_ticket(shop):
    """The reminder does not wait 3 days after the ticket: it goes out as soon as the
    ticket is solved, inside its window (request sent 11-15: 11-22 … 11-25). --explain
    said it "waits until 3 days after it is solved", also once its window had ended."""
    with_tickets(shop, "T1,1001,ana,2026-11-16 10:00,,,chat,open,,,,,Lid,The lid leaks\n",
                 "messages: {stages: {review_reminder: {enabled: true}}}\n")
    out = shop / "due.json"
    assert cx(shop, "messages", "due", "--date", DAY, "--stage", "review_request",
              "-o", str(out)).exit_code == 0
    assert cx(shop, "messages", "record", str(out), "--sent-at",
              "2026-11-15T10:00").exit_code == 0
    rows, table = explained(shop, "1001", "2026-11-23")
    reason = ("a ticket on the order is unsolved at the end of the day; the reminder "
              "waits until it is solved, up to 2026-11-25")
    assert (rows["review_reminder"]["status"], rows["review_reminder"]["due_date"],
            rows["review_reminder"]["last_date"], rows["review_reminder"]["reason"]) == \
        ("not_due", "2026-11-22", "2026-11-25", reason)
    assert table["review_reminder"][1:] == ["not due", "2026-11-22 … 2026-11-25", reason]
    # The request itself went out on 11-15: it is not waiting for the ticket.
    assert (rows["review_request"]["status"], rows["review_request"]["reason"]) == \
        ("sent", "already in the ledger (sent)")
    ended = explained(shop, "1001", "2026-11-26")[0]["review_reminder"]["reason"]
    assert ended == ("a ticket on the order is unsolved at the end of the day; its window "
                     "ended 2026-11-25, so it is not sent")


def test_an_unknown_holiday_country_stops_only_what_needs_the_calendar(shop):
    """The holidays are worked out ahead while the orders load; an unknown country is
    still reported only by what counts business days (rendering a message)."""
    write_config(shop, "messages: {}\n").write_text(
        (shop / "cx.yaml").read_text(encoding="utf-8").replace(
            "market: us}", "market: us, holidays: XX}"), encoding="utf-8")
    explained = cx(shop, "messages", "due", "--date", DAY, "--explain", "1002", "-f", "json")
    assert explained.exit_code == 0, explained.output
    due = cx(shop, "messages", "due", "--date", DAY)
    assert due.exit_code == 2
    assert "unknown holiday country 'XX'" in due.stderr


def test_preview_renders_a_message_that_is_not_due(shop):
    result = cx(shop, "messages", "preview", "review_request", "--order", "1002",
                "--date", DAY)
    assert result.exit_code == 0
    assert "is not due on 2026-11-15: window starts 2026-11-17" in result.stderr
    assert "messages/review_request.device.txt.j2" in result.stderr
    assert result.stdout.startswith("Hi bo, you've had your Mini Bluetooth Speaker for 7 days")


def test_preview_of_a_stage_whose_event_has_not_happened_is_exit_2_not_a_broken_text(shop):
    # 1003 was paid on the day and not delivered: a review request would read
    # "you've had your ... for None days".
    result = cx(shop, "messages", "preview", "review_request", "--order", "1003",
                "--date", DAY)
    assert result.exit_code == 2
    assert "cannot preview review_request for order 1003 on 2026-11-15: not delivered " \
        "by the end of 2026-11-15" in result.stderr
    assert "cx messages due --explain 1003" in result.stderr
    assert "None" not in result.stdout and result.stdout == ""
    stalled = cx(shop, "messages", "preview", "tracking_stalled", "--order", "1003",
                 "--date", DAY)
    assert stalled.exit_code == 2 and "created on ," not in stalled.stdout
    assert "no shipping label or carrier scan by the end of 2026-11-15" in stalled.stderr


def test_preview_refuses_only_a_message_whose_event_has_not_happened(shop):
    # 1002's SKU has no usage_cycle_days: no replenishment window, but its text reads
    # well ("if you've been using your ... regularly"), as it did before the refusal.
    cycle = cx(shop, "messages", "preview", "replenishment", "--order", "1002",
               "--date", DAY)
    assert cycle.exit_code == 0, cycle.output
    assert "not due on 2026-11-15: the SKU has no usage_cycle_days" in cycle.stderr
    assert cycle.stdout.startswith("Hi bo,") and "None" not in cycle.stdout
    # 1005 was cancelled before delivery: what is missing is the delivery, not that
    # "the order is cancelled, and the message is written from it".
    cancelled = cx(shop, "messages", "preview", "review_request", "--order", "1005",
                   "--date", DAY)
    assert cancelled.exit_code == 2
    assert "order 1005 on 2026-11-15: not delivered by the end of 2026-11-15, and" \
        in cancelled.stderr


def test_preview_with_a_sku_the_order_does_not_have_is_exit_2_listing_its_skus(shop):
    result = cx(shop, "messages", "preview", "replenishment", "--order", "1001",
                "--sku", "NOPE", "--date", DAY)
    assert result.exit_code == 2
    assert "Error: order 1001 has no SKU 'NOPE'" in result.stderr
    assert "its SKUs: SOAP-LAV" in result.stderr
    assert result.stdout == ""  # no message for another product
    right = cx(shop, "messages", "preview", "replenishment", "--order", "1001",
               "--sku", "SOAP-LAV", "--date", DAY)
    assert right.exit_code == 0 and "Lavender Oat Soap Bar" in right.stdout



def own_file(shop: Path) -> Path:
    """The file own_delivery_day writes, as errors name it."""
    return shop / "my_templates" / "messages" / "delivery_day.txt.j2"


def own_delivery_day(shop: Path, source: str) -> None:
    """The shop's own delivery_day template (a templates folder in cx.yaml)."""
    own = shop / "my_templates" / "messages"
    own.mkdir(parents=True)
    (own / "delivery_day.txt.j2").write_text(source, encoding="utf-8")
    write_config(shop, "templates: my_templates\n")


def test_a_missing_template_field_is_exit_2_naming_template_and_field(shop):
    own_delivery_day(shop, "Enjoy it! {{ product.warranty_years }}\n")
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 2
    # The file the seller opens, by its full path (as a syntax error names it).
    assert f"Error: template {own_file(shop)} line 1 uses 'product.warranty_years' which is not " \
        "available" in " ".join(result.stderr.split())


@pytest.mark.parametrize("command", [("messages", "due", "--date", DAY),
                                     ("messages", "preview", "delivery_day", "--order", "1004",
                                      "--date", DAY),
                                     ("lint", "--rendered", "--date", DAY)])
def test_a_template_with_loops_inside_loops_is_exit_2_not_hours(shop, command):
    own_delivery_day(shop, (
        "Hi {{ order.buyer }}\n{% for a in range(100000) %}{% for b in range(100000) %}x"
        "{% endfor %}{% endfor %}\n"))
    result = cx(shop, *command)
    assert result.exit_code == 2, result.output
    assert f"Error: template {own_file(shop)} line 2 tried something the sandbox " \
        "forbids: more than 1000000 loop turns, calls and range() items in one render" \
        in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_a_template_whose_macro_writes_too_much_is_exit_2_naming_it(shop):
    """The macro's text is joined inside the render: 11,070,000 characters (with
    100,000 turns instead of 123 it took 9 GB before the message was measured)."""
    own_delivery_day(shop, (
        "Hi {{ order.buyer }}\n{% set s = 'x' * 90000 %}{% macro f() %}"
        "{% for i in range(123) %}{{ s }}{% endfor %}{% endmacro %}{{ f() | length }}\n"))
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 2, result.output
    assert f"Error: template {own_file(shop)} writes too much: it would write " \
        "11,070,000 characters, more than the limit of 10,000,000" \
        in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_a_template_writing_a_list_in_a_loop_is_exit_2_fast(shop):
    """A new text of the list at each turn: 1.4 GB and 12 s before the message was
    measured; it stops as soon as it passes the limit."""
    import time

    own_delivery_day(shop, (
        "Hi {{ order.buyer }}\n{% set l = range(100000) | list %}"
        "{% for i in range(100000) %}{{ l }}{% endfor %}\n"))
    started = time.perf_counter()
    result = cx(shop, "messages", "due", "--date", DAY)
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2, result.output
    assert f"Error: template {own_file(shop)} writes too much: it would write " \
        "more than the limit of 10,000,000 characters" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize("source", ["", "\n\n", "{% if order.buyer == 'nobody' %}Hi{% endif %}\n"])
def test_a_template_that_renders_nothing_is_exit_2_not_an_empty_message(shop, source):
    own_delivery_day(shop, source)
    result = cx(shop, "messages", "due", "--date", DAY, "-f", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"Error: template {own_file(shop)} renders no text for order" \
        in " ".join(result.stderr.split())
    assert "messages.stages.delivery_day.enabled: false" in " ".join(result.stderr.split())


@pytest.mark.parametrize("command", [("messages", "due", "--date", DAY),
                                     ("messages", "preview", "order_confirmation", "--order",
                                      "1003", "--date", DAY)])
def test_a_template_saved_in_another_encoding_is_exit_2_naming_it(shop, command):
    own = shop / "my_templates" / "messages"
    own.mkdir(parents=True)
    # Notepad's cp1252: a curly apostrophe is the byte 0x92, not UTF-8.
    (own / "order_confirmation.txt.j2").write_bytes(b"Thanks! We\x92ll ship it soon.\n")
    write_config(shop, "templates: my_templates\n")
    result = cx(shop, *command)
    assert result.exit_code == 2, result.output
    assert "order_confirmation.txt.j2 is not UTF-8 text" in result.stderr
    assert "save it as UTF-8" in result.stderr
    assert "Traceback" not in result.output


def test_a_violating_message_is_refused_unless_allowed(shop):
    own_delivery_day(shop, (
        "Your {{ item.name }} arrived. Leave a 5-star review and get 10% off your next "
        "order.\n"))
    result = cx(shop, "messages", "due", "--date", DAY, "-f", "json")
    assert result.exit_code == 1
    assert [r["stage"] for r in json.loads(result.stdout)] == [
        "order_confirmation", "support_checkin", "review_request"]
    assert "refused delivery_day for order 1004 (messages/delivery_day.txt.j2): CX101" \
        in result.stderr
    assert "1 refused by the policy lint" in result.stderr
    allowed = cx(shop, "messages", "due", "--date", DAY, "-f", "json", "--allow-violations")
    assert allowed.exit_code == 0
    assert len(json.loads(allowed.stdout)) == 4


def test_a_cx_allow_comment_in_a_template_holds_for_its_rendered_messages(shop):
    """Jinja drops {# #} comments: the approval still holds for what the template renders,
    in messages due, lint --rendered, replies and insert cards, and only for that code."""
    own = shop / "my_templates"
    (own / "messages").mkdir(parents=True)
    (own / "messages" / "delivery_day.txt.j2").write_text(
        "Your {{ item.name }} arrived.\n"
        "{# cx: allow CX201 -- the warranty site is approved #}\n"
        "Register it at https://warranty.example.com\n")
    (own / "replies").mkdir()
    (own / "replies" / "damaged.txt.j2").write_text(
        "Sorry! Photos help: see https://acme.co/claims {# cx: allow CX201 #}\n")
    write_config(shop, "templates: my_templates\n")
    result = cx(shop, "messages", "due", "--date", DAY, "-f", "json")
    assert result.exit_code == 0, result.stderr
    delivery = next(r for r in json.loads(result.stdout) if r["stage"] == "delivery_day")
    assert "https://warranty.example.com" in delivery["text"]
    assert cx(shop, "lint", "--rendered", "--date", DAY).exit_code == 0
    assert cx(shop, "replies", "show", "damaged").exit_code == 0
    # Another rule in the same template is still refused.
    (own / "messages" / "delivery_day.txt.j2").write_text(
        "{# cx: allow CX201 #}Leave a 5-star review at https://warranty.example.com\n")
    refused = cx(shop, "messages", "due", "--date", DAY, "-f", "json")
    assert refused.exit_code == 1 and ": CX102" in refused.stderr
    assert "CX201" not in refused.stderr


def test_custom_stages_from_config_end_to_end(shop):
    own = shop / "my_templates" / "messages"
    own.mkdir(parents=True)
    (own / "care_card.txt.j2").write_text(
        "Hi {{ order.buyer }}, a quick care note for your {{ item.name }}: keep it dry "
        "between uses.\n{{ shop.name }}\n")
    write_config(shop, "templates: my_templates\n"
                       "messages:\n"
                       "  max_per_buyer_per_day: 0\n"
                       "  stages:\n"
                       "    education_day2: {enabled: true}\n"
                       "    care_card: {anchor: delivered_at, offset_days: 5, window_days: 2,\n"
                       "                categories: [consumable]}\n")
    rows = due_json(shop)
    stages = [(r["stage"], r["order_id"]) for r in rows]
    assert ("education_day2", "1002") not in stages           # delivered 11-10: day 2 was 11-12
    rows13 = json.loads(cx(shop, "messages", "due", "--date", "2026-11-12", "-f",
                           "json").stdout)
    edu = [r for r in rows13 if r["stage"] == "education_day2"]
    assert [r["order_id"] for r in edu] == ["1002"]
    assert "Turn Bluetooth off and on" in edu[0]["text"]
    care = [r for r in rows13 if r["stage"] == "care_card"]
    assert [r["order_id"] for r in care] == ["1001"]                # 11-05 + 5 … + 7, SOAP
    assert care[0]["text"] == ("Hi ana, a quick care note for your Lavender Oat Soap Bar: "
                               "keep it dry between uses.\nAcme Goods\n")
    assert stages[-1] == ("review_request", "1001")


def test_a_bad_ledger_file_is_exit_2(shop):
    (shop / ".cx").mkdir()
    (shop / ".cx" / "ledger.sqlite").write_bytes(b"not a database" * 100)
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 2
    assert "Error: ledger" in result.stderr and "cannot be used" in result.stderr


def test_lint_rendered_lints_todays_messages(shop):
    result = cx(shop, "lint", "--rendered", "--date", DAY)
    assert result.exit_code == 0, result.output
    assert "0 findings in 4 messages." in result.stderr  # messages, not files


def test_a_jsonl_due_file_reads_back_names_with_unicode_line_separators(tmp_path):
    """JSON Lines keep non-ASCII as written, so U+2028, U+2029, \\x85 and \\x1c stay raw
    inside a line; only "\\n" ends a record."""
    from cx_cli.io.due_file import read_due_file
    from cx_cli.render.output import dump_jsonl

    rows = [{"message_id": f"m{i}", "stage": "in_transit", "order_id": f"57640{i}",
             "buyer": name, "text": f"Hi {name},\r\nyour order shipped.\n"}
            for i, name in enumerate(["Ann\u2028Lee", "Bo\u2029b", "Cy\x85d", "Di\x1ce", "Eve"])]
    path = tmp_path / "due.jsonl"
    path.write_text(dump_jsonl(rows), encoding="utf-8", newline="")
    assert read_due_file(path) == rows


def test_a_big_day_renders_part_of_its_messages_in_a_worker_with_the_same_result(
        shop, monkeypatch):
    """From RENDER_WORKER_MESSAGES due, the last WORKER_SHARE of them render in a worker
    process: the same texts, in the same order, and the same refusals."""
    from cx_cli.render import messages as messages_module
    from cx_cli.render import worker as worker_module

    own_delivery_day(shop, (
        "Your {{ item.name }} arrived. Leave a 5-star review and get 10% off your next "
        "order.\n"))

    def run() -> tuple[str, str]:
        result = cx(shop, "messages", "due", "--date", DAY, "-f", "json")
        assert result.exit_code == 1  # delivery_day refused
        return result.stdout, result.stderr

    in_process = run()
    sent, jobs = [], []

    def submit(self, fn, *args):
        sent.append((fn.__name__, len(args[1][0])))
        jobs.append(real_submit(self, fn, *args))
        return jobs[-1]

    real_submit = worker_module.Worker.submit
    monkeypatch.setattr(worker_module.Worker, "submit", submit)
    monkeypatch.setattr(worker_module, "RENDER_WORKER_MESSAGES", 1)
    monkeypatch.setattr(messages_module, "WORKER_SHARE", 0.75)
    assert run() == in_process
    assert sent == [("render_share", 3)]  # delivery_day among the worker's three
    assert jobs[0].collected and not jobs[0].worker_failed
    assert "refused delivery_day for order 1004" in in_process[1]


def test_a_carrier_the_export_names_in_capitals_is_no_shouting_in_the_rendered_lint(shop):
    """"SEUR" is how the export writes the carrier: the rendered message names it so,
    and the policy lint reads it as the platform's, as it does the buyer's name, not as
    the seller's ALL CAPS (CX301). The template's own capitals still are."""
    orders = shop / "timeline_orders.csv"
    orders.write_text(orders.read_text(encoding="utf-8").replace(",USPS,ana,", ",SEUR,ana,"),
                      encoding="utf-8")
    own_delivery_day(shop, "Your {{ item.name }} came with {{ order.carrier }} today.\n")
    result = cx(shop, "lint", "--rendered", "--date", DAY)
    assert result.exit_code == 0, result.output
    assert "SEUR" not in result.output
    rows = due_json(shop)
    assert "came with SEUR today" in next(r["text"] for r in rows if r["order_id"] == "1004")
    own = shop / "my_templates" / "messages" / "delivery_day.txt.j2"
    own.write_text("Your {{ item.name }} came with {{ order.carrier }} TODAY.\n",
                   encoding="utf-8")
    shouting = cx(shop, "lint", "--rendered", "--date", DAY)
    assert shouting.exit_code == 1
    assert "CX301 ALL CAPS ('TODAY')" in shouting.output and "SEUR" not in shouting.output


def test_a_buyer_named_in_capitals_is_no_shouting_in_the_rendered_lint(shop):
    """`cx lint --rendered` reads the buyer's name as `messages due` does, as the
    platform's (a username "ANNABELLE" greeted by the review request is no CX301): a
    daily `cx lint --rendered` in cron does not fail for a buyer's name."""
    orders = shop / "timeline_orders.csv"
    orders.write_text(orders.read_text(encoding="utf-8").replace(",ana,", ",ANNABELLE,"),
                      encoding="utf-8")
    assert any("Hi ANNABELLE" in r["text"] for r in due_json(shop))
    result = cx(shop, "lint", "--rendered", "--date", DAY)
    assert result.exit_code == 0, result.output
    assert "0 findings in 4 messages" in result.output


def test_record_with_a_sent_at_still_to_come_is_exit_2(shop, tmp_path):
    from datetime import datetime, timedelta

    due_file = tmp_path / "due.json"
    assert cx(shop, "messages", "due", "--date", DAY, "-f", "json", "-o",
              str(due_file)).exit_code == 0
    tomorrow = (datetime.now() + timedelta(days=1)).isoformat(timespec="minutes")
    result = cx(shop, "messages", "record", str(due_file), "--sent-at", tomorrow)
    assert result.exit_code == 2
    assert f"--sent-at {tomorrow} is in the future" in result.stderr
    assert cx(shop, "messages", "history", "-f", "json").stdout.strip() == "[]"


def test_history_table_at_80_columns_keeps_ids_stages_and_times_whole(shop, monkeypatch):
    """Real order ids are 18 digits: at 80 columns the table used to fold them (and the
    stage, the SKU, the sent time) in the middle, so none could be read or copied."""
    sent = [{"order_id": "576400101637697230", "stage": "order_confirmation",
             "buyer": "user24376"},
            {"order_id": "576400101758163918", "stage": "replenishment",
             "sku": "SHELF-FLOAT-3PC", "buyer": "user13933"}]
    path = shop / "messages-2026-11-27.json"
    path.write_text(json.dumps(sent))
    assert cx(shop, "messages", "record", str(path),
              "--sent-at", "2026-11-27T20:51:44").exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["messages", "history", "--config",
                                      str(shop / "cx.yaml")], terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    text = result.stdout
    for whole in ("576400101637697230", "576400101758163918", "order_confirmation",
                  "replenishment", "SHELF-FLOAT-3PC", "2026-11-27", "20:51:44-08:00"):
        assert whole in text, whole
    # Each message is one row; its time may wrap once, between the date and the time.
    assert len([line for line in lines if "5764001" in line]) == 2


@pytest.mark.parametrize("width", [72, 80])
def test_due_table_keeps_stage_and_order_whole_on_a_narrow_terminal(shop, monkeypatch, width):
    """The table promised the stage and order in full, but floored the room for the
    other columns at 30: below about 82 columns it was wider than the terminal, and
    rich then cut the 18-digit order ids ('576400101637697…') and the stage. (The stage
    now wraps after an underscore there, whole over its two lines.)"""
    path = shop / "timeline_orders.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0]] + [f"57640010163769{line}" for line in lines[1:]])
                    + "\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", str(width))
    result = CliRunner().invoke(app, ["messages", "due", "--date", DAY, "--config",
                                      str(shop / "cx.yaml")], terminal_width=width)
    assert result.exit_code == 0, result.output
    assert max(map(len, result.stdout.splitlines())) <= width
    assert [(row[0], row[1]) for row in table_rows(result.stdout, key=1)] == \
        [(stage, f"57640010163769{order}") for stage, order in EXPECTED]


@pytest.mark.parametrize("width", [80, 120])
def test_due_table_on_the_sample_shop_gives_each_message_a_readable_share(monkeypatch, width):
    """At 80 columns the message column was left 13 characters beside the items and the
    buyer ("Hi user28803…"): every message read the same. The items, then the buyer, make
    room for 40 characters of the text; at 80 each message takes two lines, the first
    line of its text folded over both and the stage wrapped after an underscore. The
    order id (copied to find the chat) is always whole."""
    monkeypatch.setenv("COLUMNS", str(width))
    args = ["messages", "due", "--date", "2026-11-25", "--config", str(SAMPLE)]
    table = CliRunner().invoke(app, [*args, "--limit", "0"], terminal_width=width)
    assert table.exit_code == 0, table.output
    due = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    assert max(map(len, table.stdout.splitlines())) <= width
    rows = table_rows(table.stdout, key=1)
    assert [(row[0], row[1]) for row in rows] == [(m["stage"], m["order_id"]) for m in due]
    for row, message in zip(rows, due, strict=True):
        first = message["text"].splitlines()[0]
        shown = row[-1].removesuffix("…").rstrip()
        assert first.startswith(shown)
        assert len(shown) >= min(len(first), 50 if width == 80 else 38), row
    # The review requests name their product: a seller tells them apart.
    reviews = [row[-1] for row in rows if row[0] == "review_request"]
    assert len(reviews) > 10 and all("you've had your " in text or "how is the " in text
                                     or "Hola" in text for text in reviews)
    assert ("items" in table.stdout) == (width == 120)


def test_a_due_table_written_to_a_file_has_no_trailing_spaces(shop):
    """rich pads the title and every cell to the table's width: the file's lines ended
    in runs of spaces."""
    out = shop / "due.txt"
    assert cx(shop, "messages", "due", "--date", DAY, "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Messages due 2026-11-15 (4)"
    assert lines[1].startswith("┏") and all(line == line.rstrip() for line in lines)
    assert cx(shop, "messages", "due", "--date", DAY, "--explain", "1001",
              "-o", str(out)).exit_code == 0
    assert all(line == line.rstrip() for line in out.read_text(encoding="utf-8").splitlines())


def test_explain_table_at_80_columns_wraps_a_setting_between_its_parts(shop, monkeypatch):
    """At 80 columns the reason's setting was folded in the middle of a word
    ("messages.stages.rev" / "iew_reminder.enabled"): it wraps after a dot now, and the
    stage names stay whole."""
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["messages", "due", "--date", DAY, "--explain", "1001",
                                      "--config", str(shop / "cx.yaml")], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert max(map(len, result.stdout.splitlines())) <= 80
    rows = {row[0]: row for row in table_rows(result.stdout, key=0)}
    assert rows["review_reminder"][1:] == [
        "disabled", "—", "switched off (messages.stages.review_reminder.enabled)"]
    assert rows["review_request"][1] == "due"


def test_due_to_a_csv_file_writes_csv_and_record_records_every_message(shop, monkeypatch):
    """`cx messages due -o due.csv` without -f wrote a table into due.csv, and with
    --record recorded only the rows that table showed: a cron job handed its sender a
    table and left the cut messages due. The extension now picks the format."""
    from cx_cli.cli import messages

    monkeypatch.setattr(messages, "TABLE_LIMIT", 2)  # a table would show only 2 of the 4
    out = shop / "due.csv"
    result = cx(shop, "messages", "due", "--date", DAY, "--record", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr
    assert "4 message(s) due 2026-11-15; 4 recorded in the ledger." in result.stderr
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["stage"], r["order_id"]) for r in rows] == EXPECTED
    assert list(rows[0]) == KEYS and "honest review" in rows[-1]["text"]
    sent = json.loads(cx(shop, "messages", "history", "-f", "json").stdout)
    assert [(r["stage"], r["order_id"]) for r in sent] == EXPECTED
    assert due_json(shop) == []


@pytest.mark.parametrize(("name", "first"), [
    ("due.json", "["), ("due.JSONL", '{"message_id"'), ("due.ndjson", '{"message_id"'),
    ("due.md", "| message_id"), ("due.txt", "Messages due 2026-11-15 (4)"),
    ("due", "Messages due 2026-11-15 (4)")])
def test_due_writes_the_format_its_file_name_says(shop, name, first):
    out = shop / name
    result = cx(shop, "messages", "due", "--date", DAY, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith(first) and "Warning" not in result.stderr
    if first.startswith("Messages"):  # a table, as on the terminal
        assert "┃ stage" in text and "1001" in text


@pytest.mark.parametrize(("fmt", "wrote"), [("table", "a table"), ("json", "JSON")])
def test_a_format_other_than_the_files_extension_is_written_with_a_warning(shop, fmt, wrote):
    out = shop / "due.csv"
    result = cx(shop, "messages", "due", "--date", DAY, "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if line.startswith("Warning")]
    assert warning == [f"Warning: wrote {wrote} to {out} (-f {fmt}), not CSV: leave out -f "
                       "(or give -f csv) to write CSV"]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Messages due") if fmt == "table" else json.loads(text)
    same = cx(shop, "messages", "due", "--date", DAY, "-f", "csv", "-o", str(out))
    assert same.exit_code == 0 and "Warning" not in same.stderr


# --- an error inside a template another one includes -------------------------------------

FOOTER = "messages/_footer.txt.j2"
INCLUDES_FOOTER = "Hi {{ order.buyer }},\n\nenjoy it!\n{% include '" + FOOTER + "' %}\n"


def own_templates(shop: Path, files: dict[str, str]) -> Path:
    """The shop's own templates folder holding ``files`` (name: text)."""
    own = shop / "my_templates"
    for name, text in files.items():
        (own / name).parent.mkdir(parents=True, exist_ok=True)
        (own / name).write_text(text, encoding="utf-8")
    write_config(shop, "templates: my_templates\n")
    return own


def test_a_missing_field_in_an_included_template_names_that_file_and_its_includer(shop):
    own = own_templates(shop, {"messages/delivery_day.txt.j2": INCLUDES_FOOTER,
                               FOOTER: "Thanks,\n{{ shop.nmae }}\n"})
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 2, result.output
    assert (f"Error: template {own / FOOTER} line 2 (included from "
            f"{own / 'messages' / 'delivery_day.txt.j2'} line 4) uses 'shop.nmae' which is "
            "not available") in " ".join(result.stderr.split())


def test_preview_names_each_template_of_two_levels_of_include(shop):
    own = own_templates(shop, {
        "messages/delivery_day.txt.j2": INCLUDES_FOOTER,
        FOOTER: "Thanks,\n{% include 'messages/_signature.txt.j2' %}\n",
        "messages/_signature.txt.j2": "The {{ shop.name }} team\n{{ shop.owner }}\n"})
    result = cx(shop, "messages", "preview", "delivery_day", "--order", "1004", "--date", DAY)
    assert result.exit_code == 2, result.output
    assert (f"Error: template {own / 'messages' / '_signature.txt.j2'} line 2 (included from "
            f"{own / FOOTER} line 2, included from {own / 'messages' / 'delivery_day.txt.j2'} "
            "line 4) uses 'shop.owner' which is not available") \
        in " ".join(result.stderr.split())


def test_a_syntax_error_in_an_included_template_names_that_file_and_its_includer(shop):
    own = own_templates(shop, {"messages/delivery_day.txt.j2": INCLUDES_FOOTER,
                               FOOTER: "Thanks,\n{{ shop.name \n"})
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 2, result.output
    assert " ".join(result.stderr.split()).startswith(
        f"Error: template {own / FOOTER} line 2 (included from "
        f"{own / 'messages' / 'delivery_day.txt.j2'} line 4): unexpected end of template, "
        "expected 'end of print statement'.")
    assert "Hint: fix the Jinja syntax in the template" in result.stderr


def test_an_error_in_the_template_itself_is_still_at_its_own_line(shop):
    own = own_templates(shop, {
        "messages/delivery_day.txt.j2": "Hi {{ order.buyer }},\n{% include '" + FOOTER
        + "' %}\n{{ product.warranty_years }}\n",
        FOOTER: "Thanks,\n{{ shop.name }}\n"})
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 2, result.output
    assert (f"Error: template {own / 'messages' / 'delivery_day.txt.j2'} line 3 uses "
            "'product.warranty_years' which is not available") \
        in " ".join(result.stderr.split())
    assert "included from" not in result.stderr


def test_an_include_of_a_file_that_is_not_there_names_it_and_the_folders_searched(shop):
    own = own_templates(shop, {"messages/delivery_day.txt.j2": INCLUDES_FOOTER})
    result = cx(shop, "messages", "due", "--date", DAY)
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert (f"Error: template {own / 'messages' / 'delivery_day.txt.j2'} line 4 brings in "
            f"'{FOOTER}', which is in no templates folder ({own}, ") in said
    assert "TemplateNotFound" not in said and "Traceback" not in said
    assert "Hint: check the name in the {% include %}" in said


@pytest.mark.parametrize("width", [60, 40])
def test_due_table_narrower_than_its_text_leaves_the_text_out_not_the_order(monkeypatch,
                                                                             width):
    """At 40 columns the table still gave the text 10 characters ("Hi …"), and rich cut
    the order ids and stages to make room ("5764001028310…", "confirma…"): ids that
    match no order. Below 16 characters of text the text goes now, with a line naming
    what was left out; the stage and the order id stay whole."""
    monkeypatch.setenv("COLUMNS", str(width))
    args = ["messages", "due", "--date", "2026-11-25", "--config", str(SAMPLE)]
    table = CliRunner().invoke(app, [*args, "--limit", "0"], terminal_width=width)
    assert table.exit_code == 0, table.output
    due = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    assert max(map(len, table.stdout.splitlines())) <= width
    rows = table_rows(table.stdout, key=1)
    assert [(row[0], row[1]) for row in rows] == [(m["stage"], m["order_id"]) for m in due]
    assert "order_confirmation" in {m["stage"] for m in due}
    note = "Left out at this width: buyer, items, message (-f md has each message whole)."
    assert (note in " ".join(table.stdout.split())) == (width == 40)
    if width == 60:  # the start of the text's first line, folded over two lines
        for row, message in zip(rows, due, strict=True):
            shown = row[2].removesuffix("…").rstrip()
            assert len(shown) >= 5 and message["text"].startswith(shown), row


def test_an_order_id_pasted_from_a_spreadsheet_cell_finds_its_order(shop):
    """An order ID copied from Excel carries the apostrophe that kept it text (or the
    export's tab): --explain said the order was not in the export, --order of history
    listed nothing, and preview refused it."""
    explained = cx(shop, "messages", "due", "--date", DAY, "--explain", "'1002", "-f", "json")
    assert explained.exit_code == 0, explained.output
    rows = {r["stage"]: r for r in json.loads(explained.stdout)}
    assert rows["support_checkin"]["status"] == "due"
    out = shop / "due.csv"
    assert cx(shop, "messages", "due", "--date", DAY, "-o", str(out)).exit_code == 0
    assert cx(shop, "messages", "record", str(out)).exit_code == 0
    history = cx(shop, "messages", "history", "--order", "1002\t", "-f", "json")
    assert [(r["stage"], r["order_id"]) for r in json.loads(history.stdout)] == \
        [("support_checkin", "1002")]
    preview = cx(shop, "messages", "preview", "review_request", "--order", " '1002 ",
                 "--date", DAY)
    assert preview.exit_code == 0, preview.output
    assert preview.stdout.startswith("Hi bo, you've had your Mini Bluetooth Speaker")


def test_a_due_file_says_how_to_record_it_once_sent(shop):
    """Written to a file, the due list ended with its count: nothing said that the
    messages must be recorded once sent, or they are listed again the next day."""
    out = shop / "out box" / "due.csv"
    result = cx(shop, "messages", "due", "--date", DAY, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-2:] == [
        "4 message(s) due 2026-11-15.",
        f"Once they are sent: cx messages record '{out}'"]
    # Recorded already (--record), or nothing due: nothing to say.
    again = cx(shop, "messages", "due", "--date", DAY, "-o", str(shop / "due.csv"), "--record")
    assert "Once they are sent" not in again.stderr
    empty = cx(shop, "messages", "due", "--date", DAY, "-o", str(shop / "none.csv"))
    assert "0 message(s) due" in empty.stderr and "Once they are sent" not in empty.stderr


def test_a_mistyped_stage_names_the_one_meant_and_a_disabled_one_says_it_is_off(shop):
    """`--stage review_requests` listed the stages but not the one meant; `--stage
    review_reminder` (off unless enabled) listed 0 messages like a quiet day."""
    typo = cx(shop, "messages", "due", "--date", DAY, "--stage", "review_requests")
    assert typo.exit_code == 2
    assert typo.stderr.startswith(
        "Error: unknown stage 'review_requests' (did you mean 'review_request'?)")
    preview = cx(shop, "messages", "preview", "revew_request", "--order", "1002",
                 "--date", DAY)
    assert preview.exit_code == 2
    assert "unknown stage 'revew_request' (did you mean 'review_request'?)" in preview.stderr
    off = cx(shop, "messages", "due", "--date", DAY, "--stage", "review_reminder",
             "--stage", "review_request", "-f", "json")
    assert off.exit_code == 0, off.output
    assert ("Warning: stage review_reminder is disabled, so none of its messages is listed: "
            "set messages.stages.review_reminder.enabled: true in cx.yaml to send it"
            ) in off.stderr
    assert [r["order_id"] for r in json.loads(off.stdout)] == ["1001"]
    assert "is disabled" not in cx(shop, "messages", "due", "--date", DAY, "--stage",
                                   "review_request").stderr


def test_preview_of_a_replenishment_counts_the_units_messages_due_sends(shop):
    """Order 1009: SOAP-LAV on two lines (variations sharing the seller SKU), 2 units
    kept and 1 refunded. Due 0.7 x 30 days x 2 units = 42 days after the 11-01
    delivery, on 12-13; `messages due` says "(you ordered 2)", and so does its preview
    (it said 3, adding the refunded line's unit)."""
    path = shop / "timeline_orders.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [rows[0] + ",sku_id"] + [row + "," for row in rows[1:]]  # variations: SKU IDs
    for variation, quantity, return_type, sku_id in (("2 pack", 2, "", "17301"),
                                                     ("single", 1, "Refund only", "17302")):
        rows.append(f"1009,delivered,SOAP-LAV,Lavender Oat Soap Bar,{variation},{quantity},"
                    "2026-10-28 09:00,2026-10-28 09:05,2026-10-29 10:00,2026-10-30 10:00,"
                    f"2026-11-01 14:00,,9400111206212345670009,USPS,dee,{return_type},{sku_id}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    due = cx(shop, "messages", "due", "--date", "2026-12-13", "--stage", "replenishment",
             "-f", "json")
    assert due.exit_code == 0, due.output
    [message] = [m for m in json.loads(due.stdout) if m["order_id"] == "1009"]
    assert "near the end of them (you ordered 2)." in message["text"]
    preview = cx(shop, "messages", "preview", "replenishment", "--order", "1009",
                 "--date", "2026-12-13")
    assert preview.exit_code == 0, preview.output
    assert "replenishment for order 1009 is due on 2026-12-13" in preview.stderr
    assert "near the end of them (you ordered 2)." in preview.stdout


def test_messages_greet_the_display_name_the_export_gives_else_the_username(shop):
    """With a buyer_name column (Buyer Nickname in TikTok's export) a message greets
    its buyer by it; a line without one greets the username, which the buyer field keeps
    either way. A display name in capitals is the platform's, no shouting (CX301)."""
    orders = shop / "timeline_orders.csv"
    lines = orders.read_text(encoding="utf-8").splitlines()
    named = [lines[0] + ",buyer_name"] + [
        line + ("," if ",ana," not in line else ",ANNABELLE K.") for line in lines[1:]]
    orders.write_text("\n".join(named) + "\n", encoding="utf-8")
    rows = due_json(shop)
    ana = [r for r in rows if r["buyer"] == "ana"]
    others = [r for r in rows if r["buyer"] not in ("ana", None)]
    assert ana and others
    assert all(r["text"].startswith("Hi ANNABELLE K.,") for r in ana)
    assert all(r["text"].startswith(f"Hi {r['buyer']},") for r in others)
    result = cx(shop, "lint", "--rendered", "--date", DAY)
    assert result.exit_code == 0, result.output
    assert "ANNABELLE" not in result.output


def test_a_check_in_filtered_off_a_sku_does_not_ask_about_it(tmp_path):
    # Both SKUs need a check-in; the stage excludes the speaker. Delivered 11-10, so the
    # check-in for the lamp is due 11-13 … 11-24, and on 11-15 it asks about the lamp only.
    (tmp_path / "orders.csv").write_text(
        "order_id,status,sku,product_name,quantity,created_at,paid_at,delivered_at,buyer\n"
        "2001,delivered,SPEAKER-MINI,Mini Bluetooth Speaker,1,2026-11-06 18:00,"
        "2026-11-06 18:02,2026-11-10 12:00,bo\n"
        "2001,delivered,LAMP-DESK,Desk Lamp,1,2026-11-06 18:00,"
        "2026-11-06 18:02,2026-11-10 12:00,bo\n", encoding="utf-8")
    (tmp_path / "products.yaml").write_text(
        "SPEAKER-MINI: {name: Mini Bluetooth Speaker, category: device, checkin: true}\n"
        "LAMP-DESK: {name: Desk Lamp, category: device, checkin: true}\n", encoding="utf-8")
    (tmp_path / "cx.yaml").write_text(
        "shop: {name: Acme Goods, market: us}\n"
        "inputs: {orders: orders.csv, products: products.yaml}\n"
        "columns: {orders: {preset: generic}}\n"
        "messages: {stages: {support_checkin: {filters: {exclude_skus: [SPEAKER-MINI]}}}}\n",
        encoding="utf-8")
    [checkin] = due_json(tmp_path, "--stage", "support_checkin")
    assert checkin["order_id"] == "2001"
    assert checkin["text"].startswith("Hi bo, checking in on your Desk Lamp. How is it working")
    assert "Speaker" not in checkin["text"]


# tests/data/timeline_completed.csv, a US Seller Center export (shop time): every order
# paid 11-08, labelled (RTS) 11-09 but 002 on 11-10; scanned 11-10 but 002 never and 005
# on 11-14. No Delivered Time except 004 (11-12). 001, 002, 004 and 005 are Completed,
# 003 is Shipped / In transit, 006 Shipped / Delivered.
COMPLETED = "576400000000000"


@pytest.fixture
def completed_shop(tmp_path: Path) -> Path:
    shutil.copy(DATA / "timeline_completed.csv", tmp_path / "orders.csv")
    (tmp_path / "cx.yaml").write_text(
        "shop: {name: Acme Goods, market: us}\ninputs: {orders: orders.csv}\n",
        encoding="utf-8")
    return tmp_path


def _due_on(folder: Path, day: str) -> list[tuple[str, str]]:
    result = cx(folder, "messages", "due", "--date", day, "-f", "json")
    assert result.exit_code == 0, result.output
    return [(r["stage"], r["order_id"].removeprefix(COMPLETED)) for r in
            json.loads(result.stdout)]


@pytest.mark.parametrize("status", ["Completed", "Selesai", "เสร็จสมบูรณ์"])
def test_a_completed_order_with_no_delivered_time_is_never_told_its_parcel_is_on_its_way(
        completed_shop, status):
    orders = completed_shop / "orders.csv"
    orders.write_text(orders.read_text(encoding="utf-8").replace(
        "001\t,Completed,Completed", f"001\t,{status},{status}"), encoding="utf-8")
    # 11-12: before, 001 got in_transit (scan 11-10, window to 11-12), 002 label_created
    # (label 11-10) and 006 in_transit. 003 is still on its way; 004 arrived today. 005
    # was scanned only on 11-14: on 11-12 it had stood labelled for 3 days (stalled).
    assert _due_on(completed_shop, "2026-11-12") == [
        ("in_transit", "003"), ("tracking_stalled", "005"), ("delivery_day", "004")]
    # 11-13: 002 had no scan 3 days after its label (stalled 11-13 … 11-16) before.
    assert _due_on(completed_shop, "2026-11-13") == [
        ("tracking_stalled", "005"), ("delivery_day", "004")]
    # 11-17: scan + 7 days with no delivery: only 003 (001 and 006 got it before). 005,
    # scanned 11-14, is done by now as far as cx can tell.
    assert _due_on(completed_shop, "2026-11-17") == [("tracking_stalled", "003")]


def test_explain_says_a_completed_order_is_not_on_its_way_and_has_no_delivery_day(
        completed_shop):
    def explain(order: str, day: str = "2026-11-17") -> dict[str, dict]:
        result = cx(completed_shop, "messages", "due", "--date", day, "--explain",
                    COMPLETED + order, "-f", "json")
        assert result.exit_code == 0, result.output
        return {r["stage"]: r for r in json.loads(result.stdout)}

    rows = explain("001")
    on_its_way = "the export shows the order completed (no Delivered Time): it is no " \
        "longer on its way"
    no_day = "the export shows the order completed but no Delivered Time: no delivery " \
        "day to count from"
    assert (rows["in_transit"]["status"], rows["in_transit"]["reason"]) == \
        ("not_due", on_its_way)
    assert rows["tracking_stalled"]["reason"] == on_its_way
    assert rows["tracking_stalled"]["due_date"] == "2026-11-17"
    for stage in ("delivery_day", "support_checkin", "review_request"):
        assert (rows[stage]["status"], rows[stage]["reason"], rows[stage]["due_date"]) == \
            ("not_due", no_day, None)
    assert explain("002", "2026-11-12")["label_created"]["reason"] == on_its_way
    assert explain("006", "2026-11-12")["in_transit"]["reason"] == \
        on_its_way.replace("completed", "delivered")
    # 005 on 11-12: scanned only on 11-14, so on 11-12 it was not done, whatever it is now.
    assert explain("005", "2026-11-12")["tracking_stalled"]["status"] == "due"
    assert explain("005", "2026-11-12")["delivery_day"]["reason"] == \
        "not delivered by the end of 2026-11-12"


def test_preview_of_a_review_request_for_a_completed_order_with_no_delivered_time(
        completed_shop):
    result = cx(completed_shop, "messages", "preview", "review_request", "--order",
                COMPLETED + "001", "--date", "2026-11-20")
    assert result.exit_code == 2
    assert "the export shows the order completed but gives no Delivered Time" in \
        " ".join(result.stderr.split())
