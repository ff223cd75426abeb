"""What cx does when its standard output cannot take what it prints: a closed stream,
a full disk, a reader that went away. The same for a table (rich) and for csv/json."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ORDERS = str(DATA / "orders_overlap_a.csv")
# A table drawn by rich, and plain text cx writes itself.
COMMANDS = [["validate", "--orders", ORDERS], ["validate", "--orders", ORDERS, "-f", "json"]]


def cx(args: list[str], **popen) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "CX_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "cx_cli", *args], stderr=subprocess.PIPE,
                          text=True, env=env, timeout=120, **popen)


@pytest.mark.parametrize("args", COMMANDS, ids=["table", "json"])
def test_a_closed_standard_output_is_an_error_not_output_lost(args):
    # `cx validate >&-` in a script: nothing can be printed, so the run must not pass.
    run = cx(args, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "Error: standard output is closed" in run.stderr
    assert "Hint: write to a file with -o FILE" in run.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=["table", "json"])
def test_a_full_disk_on_standard_output_is_an_error_not_a_traceback(args):
    with open("/dev/full", "w") as full:
        run = cx(args, stdout=full)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "Error: cannot write to standard output: No space left on device" in run.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=["table", "json"])
def test_a_reader_that_goes_away_ends_the_run_quietly_with_exit_0(args):
    # `cx validate | head -1`: exit 0 as for csv, not rich's exit 1 ("findings").
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "CX_NO_CACHE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "cx_cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    proc.stdout.close()  # before cx writes anything: its first write finds no reader
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "Error" not in stderr
