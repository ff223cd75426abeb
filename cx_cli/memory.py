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
import sys
from collections.abc import Callable


def release_freed_memory() -> None:
    """Return freed heap pages to the system (glibc and Arrow's pool; no-op elsewhere)."""
    if "pyarrow" in sys.modules:  # never imported just for this
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    trim = _libc_function("malloc_trim")  # glibc's (musl has none)
    if trim is not None:
        trim(0)


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
    import os

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
