"""load_dataset's second thread: the smaller inputs, then ``meanwhile``, while the orders load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.config import parse_settings_text
from cx_cli.engines.triage import DEFAULT_TRIAGE_RULES
from cx_cli.errors import InputError
from cx_cli.io.dataset import load_dataset, resolve_inputs

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


def test_meanwhile_runs_once_on_the_smaller_inputs_before_the_orders_are_there():
    seen = []

    def meanwhile(ds):
        seen.append((ds.orders is None, len(ds.tickets), len(ds.comments)))
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
