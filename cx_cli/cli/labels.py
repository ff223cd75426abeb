"""Classifier labels for the texts a command's period reads, remembered between runs.

Triage and the comments classifier are pure functions of the texts and the rules
file, so their labels are kept in the cache next to the parsed inputs
(``Dataset.memo``): a second run on unchanged exports and rules reads them back
instead of running the rules again. Without the triage or comments engine installed
a command simply gets no labels.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from cx_cli.cli.common import created_between


def _window(since: date | None, until: date | None) -> dict[str, str | None]:
    return {"since": since and since.isoformat(), "until": until and until.isoformat()}


def _rules_digest(path: Path) -> str:
    from cx_cli.io.cache import file_digest

    return file_digest(path)


def _replies(settings: Any, folder: str = "replies") -> list[str]:
    """The replies the rules may name: a rules file naming one deleted since must fail
    as it would without the cache, not hand agents remembered labels that name it."""
    from cx_cli.engines.triage_rules import saved_replies

    return sorted(saved_replies(settings, folder))


def _triage_rules_path(settings: Any) -> Path:
    from cx_cli.engines.triage_rules import DEFAULT_TRIAGE_RULES

    value = settings.triage.rules
    return settings.resolve(value) if value else DEFAULT_TRIAGE_RULES


def rules_and_catalog(settings: Any, ds: Any) -> dict[str, Any]:
    """What triage reads besides the tickets: the rules file and the product catalog."""
    from cx_cli.io.cache import file_digest

    return {"rules": _rules_digest(_triage_rules_path(settings)),
            "replies": _replies(settings),
            "catalog": [file_digest(p) for p in ds.paths.get("products", [])]}


def untagged_or_unknown_tag(tickets: Any) -> Any:
    """The scorecard's view: a ticket whose tag is not one of the twelve subcategories is
    classified (its tag cannot be counted)."""
    from cx_cli.engines.metrics_support import subcategory_tags

    return subcategory_tags(tickets).isna().to_numpy(bool)


def untagged(tickets: Any) -> Any:
    """VoC's view: any tag is the seller's own name for the issue; only untagged tickets
    are classified."""
    return tickets["subcategory"].isna().to_numpy(dtype=bool)


def ticket_labels(settings: Any, ds: Any, since: date | None = None,
                  until: date | None = None,
                  select: Callable[[Any], Any] = untagged_or_unknown_tag) -> Any:
    """Triage labels for the tickets ``select`` picks among those created in
    [since, until), or None (no tickets, none picked, or no triage engine)."""
    tickets = ds.tickets
    if tickets is None or not len(tickets):
        return None
    try:
        from cx_cli.engines import triage
        from cx_cli.engines.triage_rules import triage_rules_for
    except ImportError:
        return None
    from cx_cli.engines import metrics_support

    def compute() -> Any:
        window = created_between(tickets, since, until)
        picked = window[select(window)]
        if not len(picked):
            return None
        return triage.classify_tickets(picked, triage_rules_for(settings))

    path = _triage_rules_path(settings)
    return ds.memo("ticket_labels", ("tickets",), compute,
                   {**_window(since, until), "rules": _rules_digest(path),
                    "replies": _replies(settings), "select": select.__name__},
                   code=(*triage.CODE, metrics_support))


def review_labels(settings: Any, ds: Any, since: date | None = None,
                  until: date | None = None) -> Any:
    """The ticket rules run over 1–2 star review texts created in [since, until): the
    issue a low rating is about."""
    reviews = ds.reviews
    if reviews is None or not len(reviews):
        return None
    try:
        from cx_cli.engines import triage
        from cx_cli.engines.triage_rules import triage_rules_for
    except ImportError:
        return None

    def compute() -> Any:
        return triage.classify_low_reviews(created_between(reviews, since, until),
                                           triage_rules_for(settings))

    path = _triage_rules_path(settings)
    return ds.memo("review_labels", ("reviews",), compute,
                   {**_window(since, until), "rules": _rules_digest(path),
                    "replies": _replies(settings)}, code=triage.CODE)


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

    def compute() -> Any:
        window = created_between(comments, since, until)
        if not len(window):
            return None
        return engine.classify_comments(window, engine.comment_rules_for(settings))

    value = settings.comments.rules
    path = settings.resolve(value) if value else engine.DEFAULT_COMMENT_RULES
    return ds.memo("comment_labels", ("comments",), compute,
                   {**_window(since, until), "rules": _rules_digest(path),
                    "replies": _replies(settings, "public")},
                   code=engine.CODE)


def timeline_ticket_labels(settings: Any, ds: Any, as_of: date) -> Any:
    """Triage labels for recent tickets, so untagged usage tickets count for check-ins."""
    tickets = ds.tickets
    if tickets is None or not len(tickets):
        return None
    from datetime import timedelta

    import pandas as pd

    from cx_cli.engines import triage
    from cx_cli.engines.timeline_snapshot import CHECKIN_LOOKBACK_DAYS
    from cx_cli.engines.triage_rules import triage_rules_for

    start = pd.Timestamp(as_of - timedelta(days=CHECKIN_LOOKBACK_DAYS), tz=settings.shop.tz)
    created = tickets["created_at"]
    if getattr(created.dt, "tz", None) is not None:
        recent = tickets.loc[(created >= start).fillna(False).to_numpy(dtype=bool)]
    else:
        recent = tickets
    if not len(recent):
        return None

    def compute() -> Any:
        return triage.classify_tickets(recent, triage_rules_for(settings),
                                       as_of=as_of, catalog=ds.catalog)

    return ds.memo("ticket_labels.timeline", ("tickets",), compute,
                   {"as_of": as_of.isoformat(), **rules_and_catalog(settings, ds)},
                   code=triage.CODE)
