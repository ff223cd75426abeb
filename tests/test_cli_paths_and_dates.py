"""What a user gives -o and --date/--week: a folder, a pipe, a symlink, a far-off day.

Each ends in a clear `Error:` line and exit code 2, or in the output where it was asked
for; never a traceback.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app

DATA = Path(__file__).parent / "data"
SCORECARD = str(DATA / "scorecard" / "cx.yaml")
ORDERS = str(DATA / "orders_us.csv")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


WRITERS = {
    "scorecard": ("scorecard", "-c", SCORECARD, "--date", "2026-11-25"),
    "refunds": ("refunds", "-c", SCORECARD, "--date", "2026-11-25", "-f", "json"),
    "validate": ("validate", "--orders", ORDERS, "-f", "json"),
}


@pytest.mark.parametrize("command", WRITERS)
def test_output_to_a_folder_is_an_error_naming_it(tmp_path, command):
    folder = tmp_path / "out"
    folder.mkdir()
    result = run(*WRITERS[command], "-o", str(folder))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot write {folder}: it is a folder")
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


def test_output_where_no_file_can_be_is_an_error_without_leftovers(tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder")
    target = tmp_path / "notes" / "card.json"
    result = run(*WRITERS["validate"], "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot write {target}: Not a directory")
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]


def test_output_to_a_named_pipe_writes_through_it(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run(*WRITERS["validate"], "-o", str(pipe))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert received and json.loads(received[0])["inputs"]["orders"]["rows"] > 0
    assert pipe.is_fifo()  # still the pipe, not replaced by a file
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_output_to_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "target.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    result = run(*WRITERS["validate"], "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == target.name
    assert json.loads(target.read_text())["inputs"]["orders"]["rows"] > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "target.json"]


@pytest.mark.parametrize("args, message", [
    (("messages", "due", "--orders", ORDERS, "--date", "9999-12-31"),
     "--date must be in the years 2000 to 2099, found '9999-12-31'"),
    (("scorecard", "-c", SCORECARD, "--date", "0001-01-01"),
     "--date must be in the years 2000 to 2099, found '0001-01-01'"),
    (("retention", "--orders", ORDERS, "--date", "0001-01-01"),
     "--date must be in the years 2000 to 2099"),
    (("scorecard", "-c", SCORECARD, "--week", "9999-W52"),
     "--week must be in the years 2000 to 2099, found '9999-W52'"),
    (("refunds", "-c", SCORECARD, "--date", "2026-11-25", "--until", "9999-12-31"),
     "--until must be in the years 2000 to 2099"),
    (("voc", "-c", SCORECARD, "--date", "9999-12-31"),
     "--date must be in the years 2000 to 2099"),
    (("demo", "--date", "9999-12-31"), "--date must be in the years 2000 to 2099"),
    (("demo", "--date", "yesterday"), "--date expects YYYY-MM-DD, found 'yesterday'"),
    # The form is right; the day does not exist: "expects YYYY-MM-DD" said it was not.
    (("demo", "--date", "2026-13-01"),
     "--date 2026-13-01 is not a day in the calendar (month 01-12, then a day that month "
     "has)"),
    (("refunds", "-c", SCORECARD, "--date", "2026-11-25", "--since", "2026-02-30"),
     "--since 2026-02-30 is not a day in the calendar"),
    (("sample-data", "unused-folder", "--end", "1900-01-01"),
     "--end must be in the years 2000 to 2099"),
])
def test_days_out_of_range_are_a_clear_error(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {message}")
    assert "Traceback" not in result.output


def test_days_at_the_ends_of_the_range_run():
    for day in ("2000-01-01", "2099-12-31"):
        result = run("scorecard", "-c", SCORECARD, "--date", day, "-f", "json")
        assert result.exit_code == 0, result.output


def test_demo_names_its_config_whole_on_a_line_of_its_own(monkeypatch):
    """An installed copy's config path is longer than a terminal: it is not wrapped into
    the header, and the run goes on to its steps."""
    monkeypatch.setenv("COLUMNS", "80")
    result = run("demo")
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith("cx demo — the bundled sample shop as of ")
    assert second.startswith("config: ") and second.endswith("cx.yaml")
    assert "Weekly scorecard" in result.stdout and "Weekly report files" in result.stdout


def test_demo_hints_name_the_command_that_takes_the_option(monkeypatch):
    """The demo cuts its tables short; their hints said '--limit 0 shows all' and 'all of
    them with --format csv or json', options `cx demo` itself rejects."""
    monkeypatch.setenv("COLUMNS", "80")
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "`cx messages due --limit 0` shows all" in result.stderr
    assert "all of them with `cx triage --format csv` or json" in result.stdout
    assert "all of them with `cx comments --format csv` or json" in result.stdout
    assert "; --limit 0" not in result.stderr and "(all of them with --format" \
        not in result.stdout


def test_a_day_written_without_its_zeros_is_that_day():
    """`--since 2026-11-2` (as a seller types it) was refused as not YYYY-MM-DD, though
    only one day reads that way; a day the month lacks is still named as such."""
    padded = run("refunds", "-c", SCORECARD, "--date", "2026-11-25", "--since", "2026-11-02",
                 "--until", "2026-11-08", "-f", "json")
    short = run("refunds", "-c", SCORECARD, "--date", "2026-11-25", "--since", "2026-11-2",
                "--until", "2026-11-8", "-f", "json")
    assert short.exit_code == 0, short.output
    assert json.loads(short.stdout) == json.loads(padded.stdout) != []
    missing = run("refunds", "-c", SCORECARD, "--date", "2026-2-30")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: --date 2026-2-30 is not a day in the calendar")
    assert run("refunds", "-c", SCORECARD, "--date", "26-11-25").stderr.startswith(
        "Error: --date expects YYYY-MM-DD, found '26-11-25'")


def test_an_unquoted_glob_the_shell_expanded_says_to_quote_it(tmp_path):
    """`--orders Downloads/Order_All_*.csv` unquoted reaches cx as one file for --orders
    and the rest as extra arguments: click's 'Got unexpected extra argument(s)' alone
    did not say why, nor what to type."""
    files = []
    for name in ("Order_All_20261101_20261115.csv", "Order_All_20261101_20261115 (1).csv"):
        (tmp_path / name).write_text((DATA / "orders_us.csv").read_text(encoding="utf-8-sig"))
        files.append(str(tmp_path / name))
    result = run("validate", "--orders", *files)
    assert result.exit_code == 2
    assert "Error: Got unexpected extra argument(s)" in result.stderr
    assert (f"Hint: the shell expanded a glob after --orders into 2 files, and --orders takes "
            f"one: quote the glob so that cx expands it (--orders '{tmp_path}/*.csv'), or "
            "give --orders before each file") in result.stderr
    # A stray word that is no file gets click's message alone.
    stray = run("validate", "--orders", files[0], "extra")
    assert stray.exit_code == 2 and "Hint:" not in stray.stderr
    # In a sub-command too.
    due = run("messages", "due", "--orders", *files)
    assert due.exit_code == 2 and "quote the glob" in due.stderr
