"""A second process for a big day's pure-Python work: rendering, charts, masking texts.

Python runs one thread at a time, so `messages due` renders half of a big day's
messages, and `report` draws its charts and renders and masks (contact details) part
of its messages, in another process while the main one renders. The worker is
spawned, a fresh interpreter rather than a copy of this one and its gigabyte of
frames, so it costs what it imports and what it is sent. It leaves Ctrl-C to the main
process (an interrupted run prints no worker traceback) and ends if the main process
is killed.

Nothing depends on the worker being there: a job that cannot be sent, or whose worker
dies, is done in this process instead, with the same result.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

# How many messages due make a worker worth its start (about 0.7 s of the other core).
# A report's charts and masking (1.5 s of work at any size) hide behind rendering
# 10,000 messages; rendering half of the day there pays from about 30,000.
REPORT_WORKER_MESSAGES = 10_000
RENDER_WORKER_MESSAGES = 30_000
# About one message is due per ten order lines (a million lines: 105,735 due): exports
# that long start the worker, and its imports, before the due set is known.
LINES_PER_MESSAGE = 10
# While a worker runs, this process's threads that carry its jobs and results wait at
# most this long for the GIL (Python's default is 5 ms): with the main thread busy
# rendering, a result of 10 MB crossing the pipe 64 KB at a time took a second at 5 ms.
SWITCH_INTERVAL = 0.0005
_switching = {"workers": 0, "before": 0.005}  # workers started and not let go


class Job:
    """One call sent to the worker; ``result`` waits for it."""

    def __init__(self, fn: Callable[..., Any], args: tuple, future: Any) -> None:
        self._fn, self._args, self._future = fn, args, future
        self.collected = False  # result() was called
        self.ran_here = False  # ... and the call was made in this process
        self.worker_failed = future is None  # ... because the worker could not do it
        self._here: Any = None

    def take_back(self) -> bool:
        """Whether the job was taken back from a worker that had not begun it (``result``
        then makes the call here)."""
        if self._future is not None and self._future.cancel():
            self._future = None
            return True
        return False

    def result(self, take_back: bool = True) -> Any:
        """The worker's result; or the call made here if the worker has not begun it
        (this process is free now and the worker behind; not with ``take_back=False``,
        for a job that needs the worker's own state), or could not do it (an error in
        ``fn`` itself is then raised here, as without a worker)."""
        self.collected = True
        if take_back:
            self.take_back()
        if self._future is not None:
            try:
                return self._future.result()
            except Exception:  # a broken worker, or fn's own error: raised again below
                self._future = None
                self.worker_failed = True
        if not self.ran_here:
            self.ran_here = True
            try:
                self._here = (self._fn(*self._args), None)
            except Exception as exc:
                self._here = (None, exc)
        value, error = self._here
        if error is not None:
            raise error
        return value


def gather(jobs: list[Job]) -> list[Any]:
    """The jobs' results in order. The worker runs its jobs in order, so the ones it has
    not begun are the last: they are taken back and done here first, while it finishes
    the others."""
    for job in [job for job in reversed(jobs) if job.take_back()][::-1]:
        job.result()
    return [job.result() for job in jobs]


class Worker:
    """At most one worker process, started by the first ``submit``; a context manager
    that lets it go when the command is done with it. Once let go it starts no other:
    a job submitted then (by a thread still finishing after Ctrl-C or an error) is done
    in this process if its result is asked for."""

    def __init__(self) -> None:
        self._pool: Any = None
        self._closed = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Job:
        """Send ``fn(*args)`` (module-level, picklable) to the worker."""
        if self._closed:
            return Job(fn, args, None)
        try:
            if self._pool is not None:
                return Job(fn, args, self._pool.submit(fn, *args))
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker)
            _switch_fast()
            with _interrupts_ignored():  # the first submit starts the process
                return Job(fn, args, self._pool.submit(fn, *args))
        except Exception:  # no process can start here (a sandbox, an odd interpreter)
            return Job(fn, args, None)

    def warm(self, *modules: str) -> None:
        """Start the worker now and import ``modules`` there, ahead of the jobs that
        will need them (the imports then overlap this process's own work)."""
        self.submit(_import_all, modules)

    def close(self) -> None:
        """Let the worker go, dropping the jobs it has not begun. A job in hand (after an
        error or Ctrl-C here) still finishes, a few seconds at most, before the
        interpreter exits: stopping a worker while it sends its result would leave this
        process waiting for the rest of it forever."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            _switch_back()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _switch_fast() -> None:
    """``SWITCH_INTERVAL`` from the first worker started until the last is let go."""
    if _switching["workers"] == 0:
        _switching["before"] = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
    _switching["workers"] += 1


def _switch_back() -> None:
    _switching["workers"] -= 1
    if _switching["workers"] == 0:
        sys.setswitchinterval(_switching["before"])


@contextlib.contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ctrl-C ignored while the worker starts: a process started so keeps it ignored
    (``_start_worker`` would set it only once the worker runs, and a Ctrl-C in between
    prints the worker's traceback). In the main thread only, where signals are set."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _import_all(modules: tuple[str, ...]) -> None:
    import importlib

    for name in modules:
        importlib.import_module(name)


def _start_worker() -> None:
    """In the worker: leave Ctrl-C to the main process, end when it is gone (killed,
    it never says so, and the worker would wait for jobs forever), and run without the
    cycle collector, as the `cx` executable does (``cx_cli.cli.main.run``), even for a
    caller that keeps it on (a test): the charts, the one job that makes cycles,
    collect them (``charts._draw_all``)."""
    import gc
    import multiprocessing
    import os
    import signal
    import threading
    from multiprocessing.connection import wait

    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="cx-parent-watch").start()
