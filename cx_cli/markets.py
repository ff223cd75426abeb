"""Per-market defaults: timezone, date order, decimal mark, currency, holiday calendar,
the messages' language.

`shop.market` picks a row; every field can still be set explicitly in `shop`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Market:
    code: str
    timezone: str
    day_first: bool
    decimal_comma: bool
    currency: str
    holidays: str
    # Markets whose own guidance lets a seller ask a buyer to update a review once
    # their issue is resolved (CX103 is relaxed there).
    review_update_allowed: bool = False
    # The language of the shop's messages when shop.locale is not set (templates with
    # a ``.es`` variant are chosen for "es", ``.pt`` for "pt-BR"). A market whose
    # language the policy lint does not read (de, fr, it, jp) stays "en": its messages
    # are not sent unchecked.
    locale: str = "en"


def language_of(locale: str | None) -> str:
    """The language of a locale as template names carry it: "pt" for "pt-BR" or
    "pt_BR", "" for none."""
    return (locale or "").strip().replace("_", "-").split("-")[0].lower()


# The market of a shop whose cx.yaml does not name one.
DEFAULT_MARKET = "us"

MARKETS: dict[str, Market] = {
    m.code: m
    for m in [
        Market("us", "America/Los_Angeles", False, False, "USD", "US"),
        Market("uk", "Europe/London", True, False, "GBP", "GB"),
        Market("id", "Asia/Jakarta", True, True, "IDR", "ID", review_update_allowed=True,
               locale="id"),
        Market("th", "Asia/Bangkok", True, False, "THB", "TH", review_update_allowed=True,
               locale="th"),
        Market("vn", "Asia/Ho_Chi_Minh", True, True, "VND", "VN", locale="vi"),
        Market("my", "Asia/Kuala_Lumpur", True, False, "MYR", "MY", locale="ms"),
        Market("ph", "Asia/Manila", False, False, "PHP", "PH"),
        Market("sg", "Asia/Singapore", True, False, "SGD", "SG"),
        Market("br", "America/Sao_Paulo", True, True, "BRL", "BR", locale="pt-BR"),
        Market("mx", "America/Mexico_City", True, False, "MXN", "MX", locale="es"),
        Market("es", "Europe/Madrid", True, True, "EUR", "ES", locale="es"),
        Market("de", "Europe/Berlin", True, True, "EUR", "DE"),
        Market("fr", "Europe/Paris", True, True, "EUR", "FR"),
        Market("it", "Europe/Rome", True, True, "EUR", "IT"),
        Market("ie", "Europe/Dublin", True, False, "EUR", "IE"),
        Market("jp", "Asia/Tokyo", False, False, "JPY", "JP"),
    ]
}

# Codes a seller may type for a market cx knows by another: the United Kingdom is "uk"
# on TikTok Shop, "gb" in ISO 3166.
ALIASES = {"gb": "uk"}


def market_code(value: str | None) -> str | None:
    """The code of the market ``value`` names (case and spaces ignored, "gb" is "uk");
    None when it names none."""
    code = (value or "").lower().strip()
    code = ALIASES.get(code, code)
    return code if code in MARKETS else None


def known_markets() -> str:
    """The market codes cx knows, for an error message."""
    return ", ".join(sorted(MARKETS))
