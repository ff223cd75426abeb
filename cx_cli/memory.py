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
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``; None on other systems and C libraries (musl has none)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
