"""A second process for the report's pure-Python side work: charts, masking its texts.

Python runs one thread at a time, so the report's charts (matplotlib) and the masking
of contact details in a big day's messages only run beside the rendering of those
messages in another process. The worker is spawned, a fresh interpreter rather than a
copy of this one and its gigabyte of frames, so it costs what it imports (matplotlib)
and what it is sent.

Nothing depends on the worker being there: a job that cannot be sent, or whose worker
dies, is done in this process instead, with the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A day with this many messages due is big enough for a worker: it renders them for
# longer than a worker takes to start. A smaller day does everything in-process.
BIG_DAY = 10_000
# About one message is due per ten order lines (a million lines: 105,735 due), so
# exports this long start the worker, and its imports, before the due set is known.
BIG_EXPORT_LINES = 10 * BIG_DAY


class Job:
    """One call sent to the worker; ``result`` waits for it."""

    def __init__(self, fn: Callable[..., Any], args: tuple, future: Any) -> None:
        self._fn, self._args, self._future = fn, args, future

    def result(self) -> Any:
        """The worker's result, or the call made here if the worker could not do it
        (an error in ``fn`` itself is then raised here, as without a worker)."""
        if self._future is not None:
            try:
                return self._future.result()
            except Exception:  # a broken worker, or fn's own error: raised again below
                pass
        return self._fn(*self._args)


class Worker:
    """At most one worker process, started by the first ``submit``; a context manager
    that stops it (dropping jobs not started) when the report is done with it."""

    def __init__(self) -> None:
        self._pool: Any = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Job:
        """Send ``fn(*args)`` (module-level, picklable) to the worker."""
        try:
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                self._pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"))
            return Job(fn, args, self._pool.submit(fn, *args))
        except (OSError, RuntimeError):  # cannot start a process here: do it in-process
            return Job(fn, args, None)

    def warm(self, *modules: str) -> None:
        """Start the worker now and import ``modules`` there, ahead of the jobs that
        will need them (the imports then overlap this process's own work)."""
        self.submit(_import_all, modules)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _import_all(modules: tuple[str, ...]) -> None:
    import importlib

    for name in modules:
        importlib.import_module(name)
