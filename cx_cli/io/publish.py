"""Writing a report run into its output folder: one run at a time, one whole file at a time.

``report_lock`` is a ``filelock.FileLock`` on ``DIR/.cx-report.lock``: a second run
(cron overlapping a manual one) waits up to its timeout and then stops with an error
naming the lock, so two runs never interleave their files. Every file goes through
``write_atomic`` (temp file in the same folder, fsync, rename), so a run killed
mid-write leaves each file either as it was or complete — never half written — and
a rerun replaces files whole.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cx_cli.errors import CxError
from cx_cli.io.files import file_in_the_way, write_atomic

LOCK_NAME = ".cx-report.lock"
INDEX_NAME = "index.html"


class ReportLockedError(CxError):
    """Another `cx report` holds the output folder's lock."""


@contextmanager
def report_lock(out: Path, timeout: float) -> Iterator[Path]:
    """Hold ``out/.cx-report.lock`` for the duration; wait up to ``timeout`` seconds."""
    from filelock import FileLock, Timeout

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_create(out, exc) from None
    path = out / LOCK_NAME
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise ReportLockedError(
            f"another cx report is writing to {out} (lock {path} held for over "
            f"{timeout:g} s)",
            "wait for it to finish, or raise --lock-timeout; if no cx report is running, "
            "the lock is stale and is released when its process exits") from None
    except OSError as exc:  # a read-only folder, or something else where the lock goes
        raise CxError(f"cannot lock the report folder {out}: cannot create {path}: "
                      f"{exc.strerror or exc}",
                      "check the folder is writable and the disk is not full") from None
    try:
        yield path
    finally:
        lock.release()


def _cannot_create(out: Path, exc: OSError) -> CxError:
    """Why the report folder cannot be made: a file where it (or a folder above it) goes."""
    if out.exists() and not out.is_dir():
        return CxError(f"the report folder {out} is a file: cx report writes a folder of "
                       "files (a week's folder, index.html)",
                       "give --out (or reports.out in cx.yaml) a folder; cx creates it")
    blocking = file_in_the_way(out)
    if blocking is not None:
        return CxError(f"cannot create the report folder {out}: {blocking} is a file, not "
                       "a folder", "give --out (or reports.out in cx.yaml) a folder path "
                       f"that does not go through the file {blocking}")
    return CxError(f"cannot create the report folder {out}: {exc.strerror or exc}",
                   f"check that cx may write in {out.parent} and the disk is not full, or "
                   "give --out (or reports.out in cx.yaml) another folder")


# What ``write_atomic`` leaves of a report file when its run is killed mid-write (SIGKILL,
# a power cut): ``.NAME.XXXXXXXX.tmp`` beside it (``tempfile.mkstemp``).
_UNFINISHED = re.compile(r"\.(?:(?:scorecard|health|voc|refunds|messages|report|run)-[^/]+"
                         r"|index\.html)\.[a-z0-9_]{8}\.tmp")


def sweep_unfinished(out: Path) -> list[Path]:
    """Remove the temp files of killed runs from ``out`` and its week folders.

    Call it holding the folder's lock: no other run is writing them then. Left alone,
    each killed run would leave a half-written copy of its biggest file behind, forever.
    """
    removed: list[Path] = []
    folders = [out, *(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))] \
        if out.is_dir() else []
    for folder in folders:
        for path in folder.glob(".*.tmp"):
            if _UNFINISHED.fullmatch(path.name):
                try:
                    path.unlink()
                except OSError:
                    continue  # read-only: the writes will say so
                removed.append(path)
    return removed


def write_files(folder: Path, files: Mapping[str, str | bytes],
                on_write: Callable[[Path], None] | None = None) -> list[Path]:
    """Write every file atomically into ``folder``, in order; ``on_write`` hears of each.

    A file is written and synced to disk in a second thread while the next one's text
    is made (``files`` may make a text when it is read): a big day's messages files
    take 0.2–0.3 s each to reach the disk. One file is written at a time, so at most
    two texts are in memory. After a failed write, no later file is started.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    written: list[Path] = []
    pending: tuple[Path, Future] | None = None

    def finish(path: Path, job: Future) -> None:
        job.result()  # a write's error, raised here
        written.append(path)
        if on_write is not None:
            on_write(path)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cx-write") as pool:
        try:
            for name, text in files.items():  # the text is made here
                if pending is not None:
                    done, pending = pending, None
                    finish(*done)
                pending = (folder / name, pool.submit(write_one, folder / name, text))
        finally:
            # Also when making a text failed: the file being written is written (or
            # its error raised, as it would have been before the text was made).
            if pending is not None:
                finish(*pending)
    return written


def write_one(path: Path, text: str | bytes) -> None:
    """One file, atomically, readable as any file the user creates (their umask).

    The temp file behind the atomic rename is private (0600); a report folder is
    usually shared with a team or a web server, so it gets the usual permissions.
    """
    try:
        write_atomic(path, text)
        os.chmod(path, 0o666 & ~_umask())
    except OSError as exc:
        raise CxError(f"cannot write {path}: {exc.strerror or exc}",
                      "check the folder exists, is writable and the disk is not full") from None


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def newer_run(folder: Path, day: str) -> str | None:
    """The latest date after ``day`` (YYYY-MM-DD) with a run in a week's ``folder``."""
    days = [p.name.removeprefix("report-").removesuffix(".html")
            for p in folder.glob("report-*.html")] if folder.is_dir() else []
    later = [d for d in days if d > day]
    return max(later) if later else None


def scan_runs(out: Path) -> list[dict[str, Any]]:
    """Every run under ``out``: its manifest, or what the page's name tells without one.

    A run's week folder is ``out/<week>/``; its page is ``report-<date>.html`` and its
    manifest ``run-<date>.json``. A manifest that cannot be read is ignored (the page
    is still listed).
    """
    runs: dict[tuple[str, str], dict[str, Any]] = {}
    if not out.is_dir():
        return []
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for page in sorted(folder.glob("report-*.html")):
            day = page.name.removeprefix("report-").removesuffix(".html")
            run: dict[str, Any] = {"date": day, "week": folder.name, "html": page.name}
            manifest = folder / f"run-{day}.json"
            if manifest.is_file():
                try:
                    data = json.loads(manifest.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = None
                if isinstance(data, dict) and data.get("html") == page.name:
                    run = data
            run["folder"] = folder.name
            run["files"] = [f for f in run.get("files", [page.name])
                            if isinstance(f, str) and os.sep not in f and "/" not in f
                            and (folder / f).is_file()]
            runs[(folder.name, day)] = run
    return list(runs.values())
