"""Where the bundled templates, sample exports and example config live.

An installed wheel carries them in ``cx_cli/_bundled``; a source checkout (or an
editable install) reads them from the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def bundled(name: str) -> Path:
    """Path of a bundled top-level resource: templates, examples, config.example.yaml."""
    installed = _PACKAGE / "_bundled" / name
    if installed.exists():
        return installed
    return _REPO / name


def templates_dir() -> Path:
    return bundled("templates")


def examples_dir() -> Path:
    return bundled("examples")
