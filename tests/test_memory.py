"""Giving freed memory back between the phases of a big run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_release_imports_nothing_heavy_and_runs_anywhere():
    script = ("import sys\nfrom cx_cli.memory import release_freed_memory\n"
              "release_freed_memory()\n"
              "assert 'pyarrow' not in sys.modules and 'pandas' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", script], check=True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_freed_heap_pages_go_back_to_the_system():
    script = (
        "import os\nfrom cx_cli import memory\n"
        "def rss():\n"
        "    return int(open(f'/proc/{os.getpid()}/statm').read().split()[1]) * "
        "os.sysconf('SC_PAGE_SIZE')\n"
        "if memory._libc_function('malloc_trim') is None:\n"
        "    raise SystemExit(0)  # not glibc\n"
        # Texts over 512 bytes come from malloc (smaller ones from Python's own arenas),
        # and a few survivors keep the heap from shrinking on its own.
        "keep = [str(i) * 100 for i in range(300_000)]\n"
        "pins = keep[::10_000]\n"
        "del keep\nbefore = rss()\nmemory.release_freed_memory()\nafter = rss()\n"
        "print(before - after)\nassert before - after > 50 * 2**20, (before, after)\n")
    subprocess.run([sys.executable, "-c", script], check=True)


def test_the_cx_executable_runs_without_the_cycle_collector():
    """Collecting cycles among a big run's millions of objects cost 0.7 s at a million
    lines; ``run`` (the `cx` executable, never a test's in-process call) turns it off."""
    # The stub ends the process as the real app does, saying whether the collector ran.
    script = ("import gc, sys\nfrom cx_cli.cli import main\n"
              "main.app = lambda: sys.exit(3 if gc.isenabled() else 0)\n"
              "assert gc.isenabled()\nmain.run()\n")
    assert subprocess.run([sys.executable, "-c", script]).returncode == 0


def test_the_cx_executable_asks_for_no_huge_pages_unless_the_environment_says():
    """Zeroing a fresh 2 MB page for each big buffer was 13% of a million-line run's CPU
    time; the executable turns huge pages off for NumPy and Arrow's allocator before
    either loads (its worker inherits the setting), and a value given is kept."""
    script = ("import os, sys\nfrom cx_cli.cli import main\n"
              "def command():\n"
              "    import numpy\n"
              "    from numpy._core import multiarray\n"
              "    print(multiarray._get_madvise_hugepage(), os.environ['MIMALLOC_ALLOW_THP'])\n"
              "    sys.exit(0)\n"
              "main.app = command\nmain.run()\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("NUMPY_MADVISE_HUGEPAGE", "MIMALLOC_ALLOW_THP")}
    off = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=True)
    assert off.stdout.split() == ["False", "0"]
    chosen = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**env, "NUMPY_MADVISE_HUGEPAGE": "1",
                                 "MIMALLOC_ALLOW_THP": "1"}, check=True)
    assert chosen.stdout.split() == ["True", "1"]


def test_the_cx_executable_ends_without_taking_its_heap_apart():
    """A million-line run spent 0.17–0.25 s freeing its objects one by one at exit; the
    executable ends once the output is flushed and the exit handlers have run."""
    script = (
        "import atexit, sys\nfrom cx_cli.cli import main\n"
        "class Heap:\n"
        "    def __del__(self):\n        sys.stderr.write('taken apart\\n')\n"
        "def command():\n"
        "    global heap\n    heap = Heap()\n"
        "    atexit.register(lambda: sys.stderr.write('handler ran\\n'))\n"
        "    sys.stdout.write('x' * 1_000_000)\n    sys.exit(3)\n"
        "main.app = command\nmain.run()\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 3
    assert len(out.stdout) == 1_000_000  # buffered output is flushed
    assert out.stderr == "handler ran\n"


def test_an_uncaught_error_still_ends_the_usual_way():
    script = ("from cx_cli.cli import main\n"
              "def command():\n    raise RuntimeError('boom')\n"
              "main.app = command\nmain.run()\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 1
    assert "RuntimeError: boom" in out.stderr


def test_a_run_started_with_its_output_closed_ends_quietly():
    """cron mails whatever reaches stderr: a closed stdout (``>&-``) must not add a
    traceback at exit."""
    script = ("import sys\nfrom cx_cli.cli import main\n"
              "def command():\n    sys.stdout = None\n    sys.exit(0)\n"
              "main.app = command\nmain.run()\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (out.returncode, out.stderr) == (0, "")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_threads_share_at_most_two_malloc_arenas_unless_the_environment_says():
    """Each arena a loading thread makes keeps its freed pages to itself; two are enough
    for two cores. Counted from glibc's own report of its arenas."""
    script = (
        "import ctypes, os, sys, threading\nfrom cx_cli import memory\n"
        "memory.limit_malloc_arenas()\n"
        "together = threading.Barrier(8)\n"
        "def work():\n    keep = [bytes(1000) for _ in range(2000)]\n    together.wait()\n"
        "threads = [threading.Thread(target=work) for _ in range(8)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "libc = ctypes.CDLL(None)\n"
        "if not hasattr(libc, 'malloc_info'):\n    print(-1); raise SystemExit\n"
        "libc.fdopen.restype = ctypes.c_void_p\n"
        "libc.malloc_info.argtypes = libc.fclose.argtypes = [ctypes.c_void_p]\n"
        "libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]\n"
        "r, w = os.pipe(); f = libc.fdopen(w, b'w'); libc.malloc_info(0, f); libc.fclose(f)\n"
        "print(os.read(r, 1 << 20).count(b'<heap nr='))\n")
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    limited = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             env=env, check=True)
    if limited.stdout.strip() == "-1":
        pytest.skip("no malloc_info: not glibc")
    assert 1 <= int(limited.stdout) <= 2
    chosen = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**env, "MALLOC_ARENA_MAX": "4"}, check=True)
    assert int(chosen.stdout) > 2  # the environment's setting is left alone
