"""Domain errors. The CLI turns each into one `Error:` line plus a hint and exit code 2."""

from __future__ import annotations

from collections.abc import Iterable


class CxError(Exception):
    """A problem the user can fix; `hint` says how."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(CxError):
    """The configuration file is missing, unreadable or invalid."""


class InputError(CxError):
    """An input export cannot be used as a whole (missing column, unreadable, empty file)."""


class BadRowsError(InputError):
    """Rows were excluded and `--strict` asked for that to be an error."""


class TemplateError(CxError):
    """A template is missing, fails to render, or refers to a field that does not exist."""


class LedgerError(CxError):
    """The message ledger cannot be opened or written."""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """" (did you mean 'review_request'?)" for the known name closest to ``name``, or ""."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
