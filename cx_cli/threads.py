"""Two things at once in one process: pandas, NumPy and Arrow let go of Python's GIL
for most of their work, so on two cores two such jobs take little more than the longer.

The loaders (``io``) and the engines both use these; neither imports anything heavy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def at_once(other: Callable[[], Any], here: Callable[[], Any]) -> tuple[Any, Any]:
    """``(other(), here())``, ``other`` in a second thread. An error is raised as if
    they had run one after the other (``other``'s first, waiting for it); Ctrl-C is
    not kept waiting (the thread is a daemon, as the loader's)."""
    import threading

    done: list[tuple[Any, BaseException | None]] = []

    def run() -> None:
        try:
            done.append((other(), None))
        except BaseException as exc:  # handed to the calling thread below
            done.append((None, exc))

    thread = threading.Thread(target=run, name="cx-beside", daemon=True)
    thread.start()
    try:
        second = here()
    except Exception:
        thread.join()
        if done[0][1] is not None:
            raise done[0][1] from None
        raise
    thread.join()
    first, error = done[0]
    if error is not None:
        raise error
    return first, second


def each(func: Callable[..., Any], items: Sequence[Any], threads: bool) -> list[Any]:
    """``[func(item) for item in items]`` in order, two at a time with ``threads``."""
    if not threads or len(items) < 2:
        return [func(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="cx-each") as pool:
        return list(pool.map(func, items))
