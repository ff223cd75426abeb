"""A day written as a buyer reads it in their language: the ``day_text`` template filter.

``{{ ship_by | day_text("pt") }}`` gives "quinta-feira, 12 de novembro". The weekday
and month names come from the Unicode CLDR (Babel); the order of the parts is the one
a chat message in that language uses, without the year (messages speak of the next
days). A language without its own pattern below gets CLDR's "weekday, day month"
form for it.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from cx_cli.markets import language_of

# CLDR date patterns ('…' is literal text). English matches the context's
# ``ship_by_text`` ("Thu, Nov 12") and Spanish its ``ship_by_text_es``.
PATTERNS = {
    "en": "EEE, MMM d",
    "es": "EEEE d 'de' MMMM",
    "pt": "EEEE, d 'de' MMMM",
    "id": "EEEE, d MMMM",
    "ms": "EEEE, d MMMM",
    "vi": "EEEE, 'ngày' d 'tháng' M",
    "th": "EEEE'ที่' d MMMM",
}
SKELETON = "MMMMEd"  # any other language: CLDR's own "weekday, day month"


def day_text(day: date | datetime | None, locale: str = "en") -> str:
    """``day`` in ``locale`` ("pt", "pt-BR", "th" …); "" for no day (an order not yet
    delivered has no delivery day), so a template can test the text."""
    if day is None or day == "" or day != day:  # day != day: a missing time (NaT)
        return ""
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise ValueError(f"day_text needs a date, not {type(day).__name__} {day!r}")
    return _day_text(day, _babel_locale(locale))


@lru_cache(maxsize=64)
def _babel_locale(locale: str) -> str:
    """"pt-BR" as Babel names it ("pt_BR"); an unknown one is a clear error."""
    from babel import Locale, UnknownLocaleError

    name = str(locale).strip().replace("-", "_")
    try:
        # Babel's own name: "EN" is "en", and Indonesian's old code "in" is "id_ID".
        return str(Locale.parse(name))
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"day_text: unknown language {locale!r} (use a code like "
                         "'pt', 'pt-BR', 'id', 'th' or 'vi')") from None


@lru_cache(maxsize=4096)
def _day_text(day: date, locale: str) -> str:
    from babel.dates import format_date, format_skeleton

    pattern = PATTERNS.get(language_of(locale))
    if pattern is None:
        return format_skeleton(SKELETON, day, locale=locale)
    return format_date(day, pattern, locale=locale)
