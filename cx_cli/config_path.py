"""Where cx.yaml is: the one part of the configuration that needs no validation.

Kept apart from ``cx_cli.config`` (pydantic, yaml) so that ``cx lint FILES`` run
outside a shop folder starts without importing either.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_FILE_NAME = "cx.yaml"
CONFIG_ENV = "CX_CONFIG"


def find_config_path(explicit: Path | None, cwd: Path | None = None) -> Path | None:
    """``--config`` > ``$CX_CONFIG`` > ``./cx.yaml`` > none."""
    if explicit is not None:
        return explicit
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    candidate = (cwd or Path.cwd()) / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None
