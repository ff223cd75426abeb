"""Handing memory freed by one phase of a big run back to the system before the next.

Loading a million order lines and working out the day's messages allocate and free
several hundred megabytes of small Python objects and Arrow buffers. glibc's malloc
and Arrow's allocator both keep freed pages for reuse, so the process stays as big as
its busiest moment while it renders, and a worker process it starts then adds to that.
``release_freed_memory`` gives those pages back (about 400 MB at a million lines, in a
few milliseconds).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable


def release_freed_memory() -> None:
    """Return freed heap pages to the system (glibc and Arrow's pool; no-op elsewhere)."""
    if "pyarrow" in sys.modules:  # never imported just for this
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    trim = _libc_function("malloc_trim")  # glibc's (musl has none)
    if trim is not None:
        trim(0)


# Read by NumPy when it is imported and by Arrow's allocator (mimalloc) when it starts.
_NO_HUGE_PAGES = {"NUMPY_MADVISE_HUGEPAGE": "0", "MIMALLOC_ALLOW_THP": "0"}


def avoid_huge_pages() -> None:
    """Ask NumPy and Arrow's allocator not to back big buffers with transparent huge
    pages; called before either is imported, and inherited by the worker process.

    Both ask Linux for 2 MB pages on big buffers by default. A run allocates and frees
    its column-sized buffers over and over, and the kernel zeroes a whole 2 MB page for
    each new one it hands out: in a million-line `messages due` that zeroing was 13% of
    the run's CPU time. With 4 kB pages, faulted in as they are touched, the system time
    fell by about a third (2.96 to 2.01 s) and the command from 7.50 to 7.25 s (medians
    of alternating runs). A value already in the environment is left to decide.
    """
    for name, value in _NO_HUGE_PAGES.items():
        os.environ.setdefault(name, value)


# glibc's mallopt parameter for how many malloc arenas threads may spread over.
_M_ARENA_MAX = -8
ARENAS = 2


def limit_malloc_arenas() -> None:
    """At most ``ARENAS`` glibc malloc arenas, before the loading threads start.

    glibc gives each thread that finds the arenas busy an arena of its own, up to eight
    per core; the pages one thread frees in its arena serve no other. With a million
    order lines, parsing in threads beside the main one left `cx report` about 80 MB
    bigger at its peak than with two arenas, and no faster. ``MALLOC_ARENA_MAX`` in the
    environment, when set, is left to decide.
    """
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return
    mallopt = _libc_function("mallopt")
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, ARENAS)


@functools.cache
def _libc_function(name: str) -> Callable[..., int] | None:
    """A glibc function; None on other systems and C libraries that lack it."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
