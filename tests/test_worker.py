"""The report's worker process: jobs run there, and in-process whenever it cannot."""

from __future__ import annotations

import os
import sys

import pytest

from cx_cli.render import worker as worker_module
from cx_cli.render.worker import Worker


def _pid_and_sum(values: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(values)


def _imported(name: str) -> bool:
    return name in sys.modules


def _fails(message: str) -> None:
    raise ValueError(message)


def test_a_job_runs_in_another_process():
    with Worker() as worker:
        first, second = worker.submit(_pid_and_sum, [1, 2]), worker.submit(_pid_and_sum, [3])
        (pid, total), (pid_again, total_again) = first.result(), second.result()
    assert (total, total_again) == (3, 3)
    assert pid != os.getpid() and pid_again == pid  # one worker for every job


def test_an_error_in_the_job_is_raised_here_as_without_a_worker():
    with Worker() as worker, pytest.raises(ValueError, match="bad chart"):
        worker.submit(_fails, "bad chart").result()


def test_without_a_process_the_job_runs_here(monkeypatch):
    import concurrent.futures

    def refuse(*args, **kwargs):
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    with Worker() as worker:
        assert worker.submit(_pid_and_sum, [5]).result() == (os.getpid(), 5)


def test_a_closed_worker_drops_what_it_has_not_started():
    worker = Worker()
    worker.submit(_pid_and_sum, [1]).result()
    worker.close()
    assert worker._pool is None
    assert worker_module.Worker().submit(_pid_and_sum, [2]).result()[1] == 2


def test_warm_imports_ahead_in_the_worker_only():
    assert not _imported("colorsys")
    with Worker() as worker:
        worker.warm("colorsys")
        assert worker.submit(_imported, "colorsys").result()  # jobs run in order
    assert not _imported("colorsys")
