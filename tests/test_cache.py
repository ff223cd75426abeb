"""The parse cache: a second run on unchanged files reads Parquet, any change is a miss."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cx_cli.config import parse_settings_text
from cx_cli.io import loaders
from cx_cli.io.dataset import load_dataset, resolve_inputs

DATA = Path(__file__).parent / "data"


@pytest.fixture
def shop(tmp_path, monkeypatch):
    monkeypatch.delenv("CX_NO_CACHE", raising=False)
    shutil.copy(DATA / "orders_bad_rows.csv", tmp_path / "orders.csv")
    (tmp_path / "cx.yaml").write_text("inputs: {orders: orders.csv}\n")
    return tmp_path


def _settings(folder: Path, extra: str = ""):
    s = parse_settings_text("inputs: {orders: orders.csv}\n" + extra)
    s._base_dir = folder
    return s


def _load(folder: Path, extra: str = ""):
    s = _settings(folder, extra)
    return load_dataset(s, resolve_inputs(s), ["orders"])


def _count_loads(monkeypatch) -> list[int]:
    calls = []
    real = loaders.load_orders

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setitem(loaders.LOADERS, "orders", counting)
    return calls


def test_second_run_reads_the_cache_with_identical_frame_and_report(shop, monkeypatch):
    calls = _count_loads(monkeypatch)
    first = _load(shop)
    second = _load(shop)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first.orders, second.orders)
    assert second.reports["orders"].bad_rows == first.reports["orders"].bad_rows == 2
    assert second.warning_lines() == first.warning_lines()
    assert list((shop / ".cx" / "cache").glob("orders.*.parquet"))


def test_changed_file_is_a_miss(shop, monkeypatch):
    calls = _count_loads(monkeypatch)
    _load(shop)
    path = shop / "orders.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("Teleported", "Completed"),
                    encoding="utf-8")
    os.utime(path, ns=(1, 1))
    again = _load(shop)
    assert len(calls) == 2
    assert len(again.orders) == 2
    # the stale entry was pruned
    assert len(list((shop / ".cx" / "cache").glob("orders.*.parquet"))) == 1


def test_cache_can_be_disabled(shop, monkeypatch):
    calls = _count_loads(monkeypatch)
    _load(shop, "cache: {enabled: false}\n")
    _load(shop, "cache: {enabled: false}\n")
    assert len(calls) == 2
    assert not (shop / ".cx").exists()
    monkeypatch.setenv("CX_NO_CACHE", "1")
    _load(shop)
    assert len(calls) == 3


def test_unwritable_cache_folder_only_costs_speed(shop, monkeypatch):
    (shop / "blocked").write_text("a file where the cache folder should be")
    result = _load(shop, "cache: {dir: blocked/cache}\n")
    assert len(result.orders) == 1


def test_no_cache_option_bypasses_the_cache(shop, monkeypatch):
    from typer.testing import CliRunner

    from cx_cli.cli.main import app

    monkeypatch.chdir(shop)
    result = CliRunner().invoke(app, ["--no-cache", "validate"])
    assert result.exit_code == 0, result.output
    assert not (shop / ".cx").exists()
    monkeypatch.delenv("CX_NO_CACHE")  # the option set it for the (single) process
    result = CliRunner().invoke(app, ["validate"])
    assert (shop / ".cx" / "cache").exists()
