"""load_dataset's threads: the order exports read at once, the smaller inputs and then
``meanwhile`` in a second thread while the orders load."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.config import parse_settings_text
from cx_cli.engines.triage_rules import DEFAULT_TRIAGE_RULES
from cx_cli.errors import InputError
from cx_cli.io import exports, loaders
from cx_cli.io.dataset import load_dataset, parse_settings_of, resolve_inputs
from cx_cli.io.exports import ColumnMapping, ParseSettings, start_reading
from cx_cli.io.schemas import ORDER_DEDUP_FIELDS, SCHEMAS

DATA = Path(__file__).parent / "data"
NEEDED = ("orders", "tickets", "comments")


def _settings(folder: Path, orders: str = "orders_overlap_*.csv",
              tickets: str = "triage_tickets.csv"):
    s = parse_settings_text(f"inputs: {{orders: '{orders}', tickets: '{tickets}', "
                            "comments: comments_comments.csv}\n")
    s._base_dir = DATA
    return s


def _load(settings, meanwhile):
    return load_dataset(settings, resolve_inputs(settings), NEEDED, meanwhile=meanwhile)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("CX_NO_CACHE", "1")


def test_meanwhile_runs_once_on_the_smaller_inputs_while_the_orders_load(monkeypatch):
    ran = threading.Event()
    real = loaders.LOADERS["orders"]

    def orders_after_meanwhile(*args, **kwargs):
        # Would time out if meanwhile waited for the orders.
        assert ran.wait(timeout=10), "meanwhile did not run while the orders loaded"
        return real(*args, **kwargs)

    monkeypatch.setitem(loaders.LOADERS, "orders", orders_after_meanwhile)
    seen = []

    def meanwhile(ds):
        seen.append((ds.orders is None, len(ds.tickets), len(ds.comments)))
        ran.set()
        return "labels"

    ds = _load(_settings(DATA), meanwhile)
    assert seen == [(True, len(ds.tickets), len(ds.comments))]
    assert ds.meanwhile == "labels"
    assert len(ds.orders) > 0
    # Warnings and `cx validate` list the inputs in the order asked, whichever thread won.
    assert list(ds.reports) == list(NEEDED)


def test_without_meanwhile_there_is_no_result():
    assert _load(_settings(DATA), None).meanwhile is None


def test_a_bad_orders_file_is_the_error_shown_even_when_meanwhile_fails_too():
    def meanwhile(ds):
        raise InputError("the rules file is broken")

    with pytest.raises(InputError, match=r"not_a_table\.csv"):
        _load(_settings(DATA, orders="not_a_table.csv"), meanwhile)


def test_a_bad_smaller_input_stops_the_second_thread_before_meanwhile():
    calls = []
    with pytest.raises(InputError, match=r"not_a_table\.csv"):
        _load(_settings(DATA, tickets="not_a_table.csv"), calls.append)
    assert calls == []


def test_an_error_in_meanwhile_reaches_the_caller_after_the_orders_loaded():
    def meanwhile(ds):
        raise InputError("the rules file is broken")

    with pytest.raises(InputError, match="rules file is broken"):
        _load(_settings(DATA), meanwhile)


def test_without_orders_meanwhile_runs_after_the_other_inputs():
    s = parse_settings_text("inputs: {tickets: triage_tickets.csv}\n")
    s._base_dir = DATA
    ds = load_dataset(s, resolve_inputs(s), NEEDED, meanwhile=lambda ds: len(ds.tickets))
    assert ds.orders is None and ds.meanwhile == len(ds.tickets)


@pytest.mark.parametrize("command", ["voc", "scorecard"])
def test_a_broken_rules_file_read_while_the_orders_load_exits_2_naming_it(tmp_path, command):
    text = DEFAULT_TRIAGE_RULES.read_text(encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(text.replace("      - shattered\n",
                                                      "      - /broken(/\n", 1),
                                         encoding="utf-8")
    for name in ("orders_overlap_a.csv", "orders_overlap_b.csv", "triage_tickets.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "cx.yaml").write_text(
        "triage: {rules: rules.yaml}\n"
        "inputs: {orders: 'orders_overlap_*.csv', tickets: triage_tickets.csv}\n",
        encoding="utf-8")
    result = CliRunner().invoke(app, [command, "-c", str(tmp_path / "cx.yaml"),
                                      "--date", "2026-11-30"])
    assert result.exit_code == 2, result.output
    assert "rules.yaml" in result.stderr and "subcategories.damaged.strong" in result.stderr
    assert "Traceback" not in result.output


def test_orders_read_in_the_background_equal_a_plain_load():
    s = _settings(DATA)
    ds = load_dataset(s, resolve_inputs(s), ("orders",), fields={"orders": ("paid_at",)})
    plain = loaders.load_orders(resolve_inputs(s)["orders"], parse_settings_of(s),
                                fields=["paid_at"])
    pd.testing.assert_frame_equal(ds.orders, plain.frame)
    assert ds.reports["orders"].duplicates_dropped == plain.report.duplicates_dropped == 1


def test_reads_started_for_other_fields_are_dropped_and_the_files_read_again():
    files = resolve_inputs(_settings(DATA))["orders"]
    reads = start_reading(files, SCHEMAS["orders"], ColumnMapping(), ["buyer"],
                          ORDER_DEDUP_FIELDS)
    loaded = loaders.load_orders(files, ParseSettings(), fields=["paid_at"], reads=reads)
    assert "buyer" not in loaded.frame.columns and "paid_at" in loaded.frame.columns
    pd.testing.assert_frame_equal(
        loaded.frame, loaders.load_orders(files, ParseSettings(), fields=["paid_at"]).frame)


def test_orders_in_the_parse_cache_are_not_read_at_all(tmp_path, monkeypatch):
    monkeypatch.delenv("CX_NO_CACHE")
    for name in ("orders_overlap_a.csv", "orders_overlap_b.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    s = parse_settings_text("inputs: {orders: 'orders_overlap_*.csv'}\n")
    s._base_dir = tmp_path
    reads = []
    real = exports.read_export

    def counting(*args, **kwargs):
        reads.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(exports, "read_export", counting)
    first = load_dataset(s, resolve_inputs(s), ("orders",))
    assert len(reads) == 2
    second = load_dataset(s, resolve_inputs(s), ("orders",))
    assert len(reads) == 2  # the cache answered: no file was read again
    pd.testing.assert_frame_equal(first.orders, second.orders)


def test_finding_and_reading_the_inputs_imports_no_pandas():
    """The order exports start reading before pandas is imported (it takes ~0.3 s)."""
    code = ("import sys\n"
            "import cx_cli.io.dataset, cx_cli.io.exports, cx_cli.io.cache\n"
            "print('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("command", [["voc"], ["scorecard"], ["messages", "due"],
                                     ["report", "--quiet"]])
def test_each_command_starts_reading_the_orders_before_pandas_is_imported(tmp_path, command):
    shop = tmp_path / "shop"
    shutil.copytree(DATA / "report_shop", shop)
    code = ("import sys\n"
            "from cx_cli.io import exports\n"
            "seen = []\n"
            "start = exports.BackgroundReads.__init__\n"
            "def spy(self, *args, **kwargs):\n"
            "    seen.append('pandas' in sys.modules)\n"
            "    start(self, *args, **kwargs)\n"
            "exports.BackgroundReads.__init__ = spy\n"
            "from cx_cli.cli.main import app\n"
            "app(sys.argv[1:], standalone_mode=False)\n"
            "print('pandas imported first:', seen, file=sys.stderr)\n")
    extra = ["--out", str(tmp_path / "reports")] if command[0] == "report" else []
    out = subprocess.run([sys.executable, "-c", code, *command, "-c", str(shop / "cx.yaml"),
                          "--date", "2026-11-25", *extra],
                         capture_output=True, text=True, cwd=tmp_path)
    assert "pandas imported first: [False]" in out.stderr, out.stderr[-2000:]


def test_a_bad_orders_file_is_shown_without_waiting_for_meanwhile():
    release = threading.Event()

    def slow_meanwhile(ds):
        release.wait(timeout=30)  # classifying a big day

    started = time.perf_counter()
    with pytest.raises(InputError, match=r"not_a_table\.csv"):
        _load(_settings(DATA, orders="not_a_table.csv"), slow_meanwhile)
    assert time.perf_counter() - started < 10
    release.set()


def test_a_folder_input_skips_lock_files_and_hidden_files(tmp_path):
    """Excel's lock file of an open export (~$…), macOS's ._ files and hidden files are
    not exports: a cron run must not fail while someone has the export open."""
    folder = tmp_path / "orders"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "orders_us.csv", folder / "orders.csv")
    (folder / "~$orders.xlsx").write_bytes(b"\x05Owner\x00\x00")
    (folder / "._orders.csv").write_bytes(b"\x00\x05\x16\x07binary")
    (folder / ".hidden.csv").write_text("not,an,export\n")
    for spec in ("orders", "orders/*.*", "orders/*"):
        settings = parse_settings_text(f"inputs: {{orders: '{spec}'}}\n")
        settings._base_dir = tmp_path
        assert resolve_inputs(settings)["orders"] == [folder / "orders.csv"], spec
