"""Shared fixtures: golden files, a pinned terminal width, paths to test data."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on the same examples every time (CI=1 in .ci/run): a
# submission lands or not on its code, not on the draw. Elsewhere hypothesis draws
# afresh each run, and remembers what it found in .hypothesis/.
# No deadline in either: on a shared 2-core machine a draw that took 300 ms once and
# 0.2 ms when replayed failed a test as flaky (DeadlineExceeded); how long a property
# test runs is the benchmarks' business, what it finds is the test's.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("local", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output")


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch):
    """Rich output is laid out for a fixed width and no colour, whatever the terminal."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("CX_CONFIG", raising=False)
    # Tests never share parsed inputs through the cache (tests/test_cache.py turns it on).
    monkeypatch.setenv("CX_NO_CACHE", "1")


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def golden(request):
    """golden(name, text): compare with tests/golden/<name>, show a diff on mismatch."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {path} did not exist; written — check it in")
            return
        expected = path.read_text(encoding="utf-8")
        if expected != text:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                f"golden/{name}", "actual"))
            pytest.fail(f"output differs from golden/{name} "
                        f"(rerun with --update-golden if intended):\n{diff}")

    return check
