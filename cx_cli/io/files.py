"""Writing files safely: atomic replace, so a crash never leaves half a report."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cx_cli.errors import CxError


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write to a temp file in the same folder, fsync, then rename over the target.

    A symlink is followed: the file it points to is replaced and the link stays. An
    existing target that is not a regular file (a pipe, a device) is written straight
    through, as a shell redirection would. Any OSError becomes a CxError naming the path.
    """
    path = Path(path)
    try:
        _write(path, data, encoding)
    except BrokenPipeError:
        raise  # a reader of a pipe went away: the command ends quietly, as on stdout
    except OSError as exc:
        raise CxError(f"cannot write {path}: {exc.strerror or exc}",
                      "check the folder exists, is writable and the disk is not full"
                      ) from None


def _write(path: Path, data: str | bytes, encoding: str) -> None:
    mode = "wb" if isinstance(data, bytes) else "w"
    text_args = {} if mode == "wb" else {"encoding": encoding, "newline": ""}
    try:
        kind = os.stat(path).st_mode  # through a symlink
    except FileNotFoundError:
        kind = None  # a new file (or a dangling link: its target is created)
    if kind is not None and stat.S_ISDIR(kind):
        raise CxError(f"cannot write {path}: it is a folder",
                      f"move the folder {path} aside, or write to another file name (-o "
                      f"{path / 'out.txt'} writes into it)")
    if kind is not None and not stat.S_ISREG(kind):
        with open(path, mode, **text_args) as fh:
            fh.write(data)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **text_args) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file owner-only; give it the permissions a normal write would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_in_the_way(path: Path) -> Path | None:
    """A file where one of the folders above ``path`` should be (None when there is
    none): what keeps cx from creating ``path``, named in its error."""
    return next((p for p in path.parents if p.exists() and not p.is_dir()), None)


def sync_folder(path: Path) -> None:
    """Put the rename that made ``path`` on disk: its folder's entry is synced (where a
    folder can be opened and synced; elsewhere this does nothing)."""
    try:
        fd = os.open(Path(path).resolve().parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
