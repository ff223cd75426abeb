"""Classifier labels for the texts a command's period reads, remembered between runs.

Triage and the comments classifier are pure functions of the texts and the rules
file, so their labels are kept in the cache next to the parsed inputs
(``Dataset.memo``): a second run on unchanged exports and rules reads them back
instead of running the rules again. Without the triage or comments engine installed
a command simply gets no labels.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from cx_cli.cli.common import created_between


def _window(since: date | None, until: date | None) -> dict[str, str | None]:
    return {"since": since and since.isoformat(), "until": until and until.isoformat()}


def _rules_digest(path: Path) -> str:
    from cx_cli.io.cache import file_digest

    return file_digest(path)


def ticket_labels(settings: Any, ds: Any, since: date | None = None,
                  until: date | None = None) -> Any:
    """Triage labels for the untagged tickets created in [since, until), or None.

    Tagged tickets keep their tag, so only untagged ones are classified; without the
    triage engine the scorecard counts tagged subcategories only.
    """
    tickets = ds.tickets
    if tickets is None or not len(tickets):
        return None
    try:
        from cx_cli.engines import triage
    except ImportError:
        return None
    from cx_cli.engines import metrics_support

    def compute() -> Any:
        untagged = tickets[metrics_support.subcategory_tags(tickets).isna().to_numpy(bool)]
        untagged = created_between(untagged, since, until)
        if not len(untagged):
            return None
        return triage.classify_tickets(untagged, triage.triage_rules_for(settings))

    value = settings.triage.rules
    path = settings.resolve(value) if value else triage.DEFAULT_TRIAGE_RULES
    return ds.memo("ticket_labels", ("tickets",), compute,
                   {**_window(since, until), "rules": _rules_digest(path)},
                   code=(triage, metrics_support))


def comment_labels(settings: Any, ds: Any, since: date | None = None,
                   until: date | None = None) -> Any:
    """The comments classifier's labels for comments created in [since, until), or None."""
    comments = ds.comments
    if comments is None:
        return None
    try:
        from cx_cli.engines import comments as engine
    except ImportError:
        return None
    from cx_cli.engines import triage

    def compute() -> Any:
        return engine.classify_comments(created_between(comments, since, until),
                                        engine.comment_rules_for(settings))

    value = settings.comments.rules
    path = settings.resolve(value) if value else engine.DEFAULT_COMMENT_RULES
    return ds.memo("comment_labels", ("comments",), compute,
                   {**_window(since, until), "rules": _rules_digest(path)},
                   code=(engine, triage))
