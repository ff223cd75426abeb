"""Keeping buyers' private details out of reports.

The loaders never read the export's phone and address columns, but buyers type them
into free text anyway ("call me at 415-555-0134", "send it to 221 Baker Street"), and
that text reaches reports through ticket subjects and chat messages. ``scrub`` masks
phone numbers, e-mail addresses and street addresses in such text. The buyers' names
are ``engines.pseudonyms``' job (``--redact``).

The patterns are deliberately careful with the numbers a report needs: order ids
(18 digits), tracking numbers, dates and prices are left alone; a 10-digit number on
its own, or a 555-0134 without a word saying it is something else, is taken for a phone
number, which is the safe side to err on.

When redacting, buyer names are replaced first and the contact details masked after
(``mask``): a name that reads like a street ("Ashley Lane") or holds a phone number
("kim.4155550134") is still the buyer's pseudonym. The patterns never start a number
inside a pseudonym, and read one as a street's name ("12 buyer-3f9a2c Way" is still an
address).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cx_cli.engines.pseudonyms import Redactor

PHONE_MASK = "[phone]"
EMAIL_MASK = "[email]"
ADDRESS_MASK = "[address]"
# What ``pseudonym`` makes. The contact patterns start no number inside one, and read one
# as a name where a street's name may be.
PSEUDONYM_SHAPE = r"buyer-[0-9a-f]{6}"

# Tried only where a run of name characters starts (tried at each of them, a long run
# with no domain after its "@" was read once per character); addresses joined by ".", "+"
# or "'" ("a@b.co+c@d.com") are one match.
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
                    r"(?:[.+'][\w.+'-]*@[\w-]+(?:\.[\w-]+)+)*", re.UNICODE)
# An address spelled out to get past filters: "jen at gmail dot com", "jen (at) gmail
# (dot) co (dot) uk". "at" and "dot" stand alone or in brackets; the last part is a
# common top-level domain, so "looked at it dot by dot" is left alone.
_SPELT_AT = r"(?:[ \t]+at[ \t]+|[ \t]*[(\[]at[)\]][ \t]*)"
_SPELT_DOT = r"(?:[ \t]+dot[ \t]+|[ \t]*[(\[]dot[)\]][ \t]*)"
_SPELT_EMAIL = re.compile(
    rf"(?i)(?<![\w.+'-])[\w.+'-]+{_SPELT_AT}[\w-]+(?:{_SPELT_DOT}[\w-]+)*{_SPELT_DOT}"
    r"(?:com|net|org|edu|gov|info|biz|co|io|me|us|uk|ca|au|de|fr|es|it|nl|in|th|my|ph|"
    r"id|vn|sg|br|mx|jp)\b")

# Four shapes cover what buyers type: international (+44 20 7946 0958), North American
# ((415) 555-0134, 415.555.0134, 4155550134), national numbers with a trunk 0
# (081-234-5678, 0812 3456 7890) and a local number without its area code (555-0134,
# 555 0134, 555.0134, and 5550134 after a word that says so: see ``_local_phone``; its
# exchange starts with 2 to 9, and it is not part of a longer run like ABC-123-4567, a
# price like $250-1200 or a range of amounts like 250-1500 ml). Digits on either side
# mean it is part of a longer number (an order id), so it is not a phone number.
# A range of amounts or prices ("250-1500 ml", "299-1299 baht") is no local number.
_UNITS = ("ml|l|g|kg|mg|mm|cm|m|km|oz|lb|lbs|lm|w|kw|v|mah|pcs|units?|items?|times|"
          "baht|thb|usd|dollars?|bucks|php|pesos?|idr|rupiah|vnd|myr|ringgit|sgd|eur|euros?|"
          "gbp|pounds|yen|people|followers|views|likes|reviews|sold|rpm|kcal|calories")
_PHONE = re.compile(
    r"(?=[\d+(])(?<![\w+])(?<!buyer-)(?:"  # every shape starts with a digit, "+" or "("
    r"\+\s?\(?\d{1,4}\)?(?:[\s.-]?\(?\d{1,5}\)?){2,5}"
    r"|\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}"
    r"|0\d{1,4}[\s.-]\d{3,4}[\s.-]?\d{3,4}"
    # Brazil: (11) 98765-4321, (21) 3456-7890, 11 98765-4321 (a mobile's 9 first);
    # Mexico: 55 1234 5678, 55-1234-5678 (the same separator twice)
    r"|\(\d{2}\)\s?\d{4,5}[\s.-]?\d{4}"
    r"|\d{2}\s9\d{4}[\s.-]?\d{4}"
    r"|\d{2}([\s.-])\d{4}\1\d{4}"
    r"|(?<![.,$€£-])[2-9]\d{2}[ .-]?\d{4}(?![.-]\d|\s?(?i:" + _UNITS + r")\b)"
    r")(?![\w])")
_PHONE_DIGITS = (7, 15)

_STREET_TYPES = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    "terrace|ter|parkway|pkwy|highway|hwy|circle|cir|square|sq|crescent|close|alley")
# Suffixes that are no everyday word: these also follow a street name typed in lower case
# ("221 baker street"); "5 days on the road" or "2 sets on the way" stay as they are.
_STREET_ONLY_TYPES = "street|st|avenue|ave|rd|boulevard|blvd|lane|ln|dr|pkwy|hwy"
_UNIT = r"(?i:,?\s+(?:apt|apartment|suite|ste|unit|flat|floor|fl|#)\.?\s*#?[\w-]{1,6})?"
# "221 Baker Street Apt 4", "4529 Birch Ave", "12B Rose Lane, Unit 3", "221 baker st"
# (``\d(?<!\w\d)`` is ``\b\d`` written digit first, so the search skips to digits; a
# pseudonym's digits are no house number, and a pseudonym is a name: "12 buyer-3f9a2c Way"
# is the street of a buyer named Alder.)
_NOT_IN_PSEUDONYM = r"(?<!buyer-\d)"
_STREET = re.compile(
    r"\d(?<!\w\d)" + _NOT_IN_PSEUDONYM + r"\d{0,5}[A-Za-z]?\s+(?:"
    r"(?:(?:[A-Z][\w'.-]*|" + PSEUDONYM_SHAPE + r")\s+){1,4}(?i:" + _STREET_TYPES + r")"
    r"|(?i:(?:[^\W\d_][\w'.-]*\s+){1,4}(?:" + _STREET_ONLY_TYPES + r"))"
    r")\b\.?" + _UNIT)
# Suffixes that are everyday words too ("742 evergreen terrace", "18 alder court"; not
# drive, circle or highway, which follow numbers as often as not: "64 gig flash drive"):
# typed in lower case, a street only with a house number of 2 to 6 digits and name
# words none of which is a function word or a unit ("20 minutes drive", "10 down the
# road", "100 km road" stay as they are).
_EVERYDAY_TYPES = "road|court|terrace|crescent|alley"
_EVERYDAY_WORDS = tuple(_EVERYDAY_TYPES.split("|"))
_NOT_NAME = (
    "the|a|an|my|your|our|their|his|her|its|this|that|these|those|on|in|at|to|of|off|"
    "down|up|by|for|from|with|and|or|but|so|per|each|every|whole|long|short|more|less|"
    "other|out|all|no|not|just|about|over|into|"
    r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|miles?|mi|"
    r"km|kms|kilomet(?:er|re)s?|met(?:er|re)s?|m|ft|foot|feet|yards?|blocks?|inch(?:es)?|"
    r"cm|mm|mph|kph|gb|tb|mb|usb|times?|people|persons?|percent|pcs|pieces?|items?|"
    r"steps?|sets?|packs?|units?")
_STREET_LOWER = re.compile(
    r"\d(?<!\w\d)" + _NOT_IN_PSEUDONYM + r"\d{1,5}[A-Za-z]?\s+"
    r"(?:(?!(?i:" + _NOT_NAME + r")\b)[^\W\d_][\w'.-]*\s+){1,3}"
    r"(?i:" + _EVERYDAY_TYPES + r")\b\.?" + _UNIT)
# "12 rue de la Paix", "15 avenue des Champs-Élysées", "3 chemin du Lac", "8 rue
# Oberkampf": the number first, then the street type (French and Belgian addresses),
# then a particle, a capital or a pseudonym ("the 2 avenue options" is no address).
_NUMBER_FIRST_TYPES = "rue|avenue|boulevard|chemin|allée|allee|impasse|quai"
_NUMBER_FIRST_WORDS = ("rue", "avenue", "boulevard", "chemin", "allée", "allee", "impasse",
                       "quai")
_NUMBER_FIRST = re.compile(
    r"\d(?<!\w\d)" + _NOT_IN_PSEUDONYM + r"\d{0,4}[A-Za-z]?,?\s+(?i:" + _NUMBER_FIRST_TYPES
    + r")\s+(?:(?:(?i:de|du|des|la|le|les)\s+|(?i:[ld])['’])+[^\W\d_]|[A-ZÀ-Þ]|"
    + PSEUDONYM_SHAPE + r"\b)"
    r"[\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){0,2}" + _UNIT)
# "Jalan Ampang 12", "Rua Augusta, 45", "Calle Mayor 8", "Soi Sukhumvit 11". One to four
# words, each after a space: words that may also join up ("\s*" between them) split a
# long word every possible way ("via" and 200 letters took seconds).
_STREET_FIRST = re.compile(
    r"\b(?:jalan|jl\.|rua|calle|avenida|av\.|soi|đường|duong|via|rue)\s+"
    r"[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,3}\s*(?:,\s*)?(?:no\.?\s*)?"
    r"\d{1,5}[A-Za-z]?\b" + _UNIT,
    re.IGNORECASE)
# Vietnamese and Thai addresses, a house, alley or village number after the word that
# says so: "số 15 ngõ 32", "số nhà 12", "hẻm 45/2", "ngach 5" (with accents or without;
# "số 15" alone is any number 15, "hem" alone a hem), "บ้านเลขที่ 12/3", "ซอยสุขุมวิท 18",
# "ซ.5", "หมู่ 4", and the parts that follow them ("ซอย 5 ถนนพระราม 4").
_VI_PLACE = r"(?:ngõ|ngo|ngách|ngach|hẻm|kiệt|kiet)"
_VI_NUMBER = r"\d{1,5}[a-z]?(?:/\d{1,4})?"
_VI_ADDRESS = re.compile(
    rf"\b(?:(?:số|so)\s+(?:nhà|nha)\s+{_VI_NUMBER}"
    rf"|(?:số|so)\s+{_VI_NUMBER}(?=\s*,?\s*(?:{_VI_PLACE}|hem|đường|duong|phố|pho)\s)"
    rf"|{_VI_PLACE}\s+{_VI_NUMBER}\b)"
    rf"(?:\s*,?\s*(?:{_VI_PLACE}|hem)\s+{_VI_NUMBER}\b)*",
    re.IGNORECASE)
_VI_ADDRESS_WORDS = ("số", "so nha", "ngõ", "ngo ", "ngách", "ngach", "hẻm", "kiệt", "kiet")
_TH_PART = (r"(?:บ้านเลขที่\s*\d{1,5}(?:/\d{1,4})?|(?:ซอย|ซ\.)\s*[ก-๛A-Za-z]*\s*\d{1,4}"
            r"(?:/\d{1,4})?|(?:หมู่(?:ที่)?|ม\.)\s*\d{1,3}(?!\d))")
_TH_ADDRESS = re.compile(
    _TH_PART + r"(?:\s*(?:" + _TH_PART + r"|(?:ถนน|ถ\.)\s*[ก-๛A-Za-z]+(?:\s*\d{1,4})?))*")
_TH_ADDRESS_WORDS = ("บ้านเลขที่", "ซอย", "ซ.", "หมู่", "ม.")
# "PO Box 123"
_PO_BOX = re.compile(r"\bp\.?\s?o\.?\s+box\s+\d+\b", re.IGNORECASE)

# A street named without a house number ("ship it to Maple Avenue, Springfield", "I live
# on Elm St in Austin", "deliver to Flat B, Rosewood Court"). Without the number a street
# type after a name is as often a product ("the Main Street style", "Google Drive"), so it
# is taken for an address only
# - after a flat or unit, or right after "to", "on", "at", "in", "is" or ":" with a word
#   about where a parcel goes or someone lives shortly before ("ship it to", "lives on",
#   "my address is"; ``_ADDRESS_CUE``);
# - named by one to three capitalised words (or pseudonyms) before a capitalised street
#   type, or by words in any case before "street", "avenue", "boulevard" or "blvd" (a
#   lower-case "st" or "rd" is everywhere in text: "ship to elm st" stays), and none of
#   them a small word ("ship to the Avenue store"), a storage word ("sent to Google
#   Drive") or, in lower case, a word like "wrong" ("delivered to the wrong street");
# - followed by the end, punctuation or a small word ("in Austin", "instead", "please"): a
#   noun or a name after it ("Main Street style", "in Park Avenue Navy") makes it a
#   product's name. "St" or "Dr" before a capital is a saint or a doctor ("Port St Lucie").
_NAMED_TYPES = (
    "Street|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Way|Place|Pl|Terrace|"
    "Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Crescent|Close|Alley|St|Dr")
_NAMED_LOWER_TYPES = ("street", "avenue", "boulevard", "blvd")
_UNIT_WORDS = "flat|apt|apartment|unit|suite|ste"
_UNIT_NUMBER = r"(?i:" + _UNIT_WORDS + r")\.?\s*#?[\w-]{1,6},?\s"  # "Flat B, ", "apt 4 "
_NOT_STREET_NAME = (
    "the|a|an|my|your|ur|our|their|his|her|its|this|that|these|those|some|any|no|to|on|at|"
    "in|into|onto|of|off|by|for|from|with|via|and|or|but|so|is|are|was|i|it|me|we|you|u|he|"
    "she|they|them|google|hard|flash|thumb|usb|disk|disc|test|cloud")
_NOT_LOWER_STREET_NAME = (
    _NOT_STREET_NAME + "|" + _NOT_NAME
    + "|wrong|right|same|next|another|different|correct|new|old|busy|quiet|one")
_STREET_FOLLOWERS = (
    "in|at|on|to|near|by|with|from|off|and|or|but|so|because|cause|cuz|since|instead|please|"
    "pls|plz|thanks|thank|thx|ty|asap|now|today|tonight|tomorrow|yesterday|lol|lmao|btw|"
    "also|not|is|was|has|had|which|where|who|that|if|when|then|last|this|next|for|i|we|he|"
    "she|they|it|you|my|his|her|their|our|the|a|an|apt|apartment|unit|flat|suite|ste|floor|"
    "house|home|address|rather|either")
# A name word ends in "." only if short ("St. James Place", "Martin L. King Blvd"): "I live
# in Florida. Way too hot" names no street.
_NAME_REST = r"(?:[\w'’-]*|[\w'’-]{0,2}\.)"
_NAMED_STREET = re.compile(
    r"(?:\b(?i:to|on|at|in|into|onto|is)\s+|:\s*|\b(?=" + _UNIT_NUMBER + r"))"
    r"(?P<street>(?P<unit>" + _UNIT_NUMBER + r"\s*)?(?:"
    r"(?:(?!(?i:" + _NOT_STREET_NAME + r")\b)(?:[A-ZÀ-Þ]" + _NAME_REST + r"|"
    + PSEUDONYM_SHAPE + r")\s+){1,3}"
    r"(?:" + _NAMED_TYPES + r")\b(?!(?<=St|Dr)\.?\s+[A-ZÀ-Þ])"
    r"|(?i:(?:(?!(?:" + _NOT_LOWER_STREET_NAME + r")\b)[^\W\d_]" + _NAME_REST + r"\s+){1,3}(?:"
    + "|".join(_NAMED_LOWER_TYPES) + r"))\b"
    r")\.?" + _UNIT + r")"
    r"(?=\s*(?:$|[^\w\s'’-])|\s+(?i:" + _STREET_FOLLOWERS + r")\b)")
# What scrub looks for before trying _NAMED_STREET, which is tried at every "to", "on"
# and "in": a capitalised street type is rare.
_NAMED_TYPE = re.compile(r"(?:" + _NAMED_TYPES + r")\b")
_ADDRESS_CUE = re.compile(
    r"\b(?:ship(?:s|ped|ping)?|send(?:s|ing)?|sent|deliver(?:s|ed|ing|y)?|mail(?:s|ed|ing)?|"
    r"post(?:s|ed)?|forward(?:s|ed)?|redirect(?:s|ed)?|return(?:s|ed)?|address(?:es)?|addr|"
    r"live[sd]?|living|mov(?:e|es|ed|ing)|reside[sd]?|located|house|home|apartment|flat|"
    r"parcel|package|courier|driver|drop(?:s|ped)?|left|stay(?:s|ed|ing)?)\b", re.IGNORECASE)
ADDRESS_CUE_CHARS = 40  # how far before the street the word may be


def _named_street(match: re.Match[str]) -> str:
    """The street ``match`` found, masked if a flat number or a cue word says it is one."""
    if match.group("unit") is None:
        start = match.start()
        if not _ADDRESS_CUE.search(match.string[max(0, start - ADDRESS_CUE_CHARS):start]):
            return match.group(0)
    return match.string[match.start():match.start("street")] + ADDRESS_MASK


# A local number: exchange, separator (none, a space, "." or "-") and line.
_LOCAL = re.compile(r"([2-9]\d{2})([ .-]?)(\d{4})")
# "No." / "no:" is the abbreviation of number; the word "no" ("no idea", "no difference
# between the 300-1000 models") says nothing about what follows.
_LOCAL_CUE = re.compile(r"\b(?:call(?:ing)?|phone|tel|text|txt|sms|number|num|cell|mobile|"
                        r"whats\s?app|ring|reach|contact|dial)\b|\bno\s?[.:#]", re.IGNORECASE)
LOCAL_CUE_CHARS = 40  # how far before the number the word may be
# A rising pair after a word about prices or a range, at most two words before it, is a
# range of amounts whatever its ends ("paid 299-1499 for it", "between 250-1899", "prices
# range from 299-1499"); a cue word such as call still makes it a phone number.
_RANGE_CUE = re.compile(
    r"\b(?:between|paid|paying|cost(?:s|ing)?|prices?|priced|pricing|spen[dt]|spending|"
    r"budget|range[sd]?|ranging|worth|sells|selling|sold|retails?|charged|fees?)\b"
    r"\W*(?:\w+\W+){0,2}$", re.IGNORECASE)
# Seven digits in one run are as often an amount ("reach 2500000 views") or an id: a
# phone number only a few words after the cue ("text me at 5550134", "my number is
# 5550134"), not "the number of views is 2500000".
_LOCAL_CUE_NEAR = re.compile(r"(?:" + _LOCAL_CUE.pattern + r")\W*(?:\w+\W+){0,2}$",
                             re.IGNORECASE)
# A number right after one of these words is theirs, cue or not: "order 555-0134", "SKU
# no. 555 0134", "my order number is 5550134", "page 250-1200".
_LOCAL_ID = re.compile(
    r"\b(?:orders?|sku|item|model|part|ref|reference|code|id|tracking|invoice|ticket|"
    r"batch|lot|serial|po|pin|otp|voucher|coupon|promo|room|flight|pages?|sizes?|qty|"
    r"quantity|version|ver|product|listing|account|acct|awb|shipment|receipt|"
    r"transaction|txn)(?:\s*(?:number|num|no|nr|id)\b)?\.?\s*(?:is\s*)?[:#]?\s*$",
    re.IGNORECASE)
# What comes right before or after a local number in a longer run: "1 555 0134", "12-555-0134
# 9", "1,555.0134"; the last digit of a pseudonym ("Hi buyer-3f9a24 555-0134") is none.
_RUN_BEFORE = re.compile(r"(?<!buyer-[0-9a-f]{5})\d[ .,-]$")
_RUN_AFTER = re.compile(r"[ .-]\d")


def _local_phone(match: re.Match[str], exchange: str, separator: str, line: str) -> bool:
    """Whether a number without its area code (555-0134) is a phone number.

    After an id word ("order 555-0134") it is not; after a word such as call, text or
    number it is. Without either, one written with a separator is a phone number unless it
    reads as something else: a range of round amounts ("200-1000 people", "250-1500") or,
    after a word about prices, of any amounts ("paid 299-1499"), a year after a count
    ("the 300 2026 models"), part of a longer run of digit groups, or a number after "#".
    Seven digits in one run need the cue word close by.
    """
    text, start = match.string, match.start()
    before = text[max(0, start - LOCAL_CUE_CHARS):start]
    if _LOCAL_ID.search(before):
        return False
    if not separator:
        return _LOCAL_CUE_NEAR.search(before) is not None and not line.endswith("000")
    if _LOCAL_CUE.search(before):
        return True
    low, high = int(exchange), int(line)
    rising = high > low
    if rising and low % 10 == 0 and high % 50 == 0:
        return False
    if rising and separator == "-" and _RANGE_CUE.search(before):
        return False
    if separator == " " and 1900 <= high <= 2099:
        return False
    return not (_RUN_BEFORE.search(before) or _RUN_AFTER.match(text, match.end())
                or before.rstrip().endswith("#"))


def _phone(match: re.Match[str]) -> str:
    found = match.group(0)
    digits = sum(ch.isdigit() for ch in found)
    low, high = _PHONE_DIGITS
    if not low <= digits <= high:
        return found
    local = _LOCAL.fullmatch(found)
    if local and not _local_phone(match, *local.groups()):
        return found
    return PHONE_MASK


# What a pattern cannot match without: scanning for these is far cheaper than trying the
# pattern at every position, and most texts have none. Case-insensitive words are looked
# for in ``case_folded(text)``; test_privacy checks every character the patterns match
# folds to the letter they match it as.
_PO_BOX_WORD = "box"
_STREET_FIRST_WORDS = ("jalan", "jl.", "rua", "calle", "avenida", "av.", "soi", "đường",
                       "duong", "via", "rue")
# A phone number without "+" starts with a run of digits with no letter or digit on
# either side: 3 to 10 digits ((415) 555-0134, 4155550134) or 0 and 1 to 4 more
# (081-234-5678). The "150" of "150ml" is no start. One leading digit for both forms,
# so the search skips straight to digits (a third faster over a day's messages).
_PHONE_START = re.compile(r"\d(?<!\w\d)(?:\d{2,9}(?!\w)|(?<=0)\d{1,4}(?!\w))")
# The letters re.IGNORECASE matches beyond str.lower(): dotless i and long s (İ lowers
# to two characters).
_FOLD = str.maketrans({"ı": "i", "İ": "i", "ſ": "s"})


def case_folded(text: str) -> str:
    """``text`` in lower case, each letter as the case-blind patterns match it. "Σ" lowers
    to "ς" at the end of a word but to "σ" before "'s": both are "σ" here, so a name is
    the same folded alone and in a sentence."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD).lower().replace("ς", "σ")


def _any_in(text: str, words: Sequence[str]) -> bool:
    """Whether one of ``words`` is in ``text``: a plain loop, as any() over a generator
    costs more than the look-ups themselves in a message, and scrub makes several such
    checks on every text."""
    for word in words:  # noqa: SIM110 — any() is the slower form here
        if word in text:
            return True
    return False


_SPELT_DOT_WORDS = ("dot", "DOT", "Dot")


def scrub(text: str | None) -> str | None:
    """``text`` with phone numbers, e-mail and street addresses masked; None stays None."""
    if not text:
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    if _any_in(text, _SPELT_DOT_WORDS):
        text = _SPELT_EMAIL.sub(EMAIL_MASK, text)
    before = text
    folded = case_folded(text)
    if _PO_BOX_WORD in folded:
        text = _PO_BOX.sub(ADDRESS_MASK, text)
    if _any_in(folded, _NAMED_LOWER_TYPES) or _NAMED_TYPE.search(text):
        # Before _STREET, which would take "Apt 4B Rosewood Ct" from its number on.
        text = _NAMED_STREET.sub(_named_street, text)
    text = _STREET.sub(ADDRESS_MASK, text)
    if _any_in(folded, _EVERYDAY_WORDS):
        text = _STREET_LOWER.sub(ADDRESS_MASK, text)
    if text is not before:
        folded = case_folded(text)
    if _any_in(folded, _NUMBER_FIRST_WORDS):
        masked = _NUMBER_FIRST.sub(ADDRESS_MASK, text)
        if masked is not text:
            text, folded = masked, case_folded(masked)
    if _any_in(folded, _STREET_FIRST_WORDS):
        text = _STREET_FIRST.sub(ADDRESS_MASK, text)
    if _any_in(folded, _VI_ADDRESS_WORDS):
        text = _VI_ADDRESS.sub(ADDRESS_MASK, text)
    if _any_in(text, _TH_ADDRESS_WORDS):
        text = _TH_ADDRESS.sub(ADDRESS_MASK, text)
    if "+" in text or _PHONE_START.search(text):
        text = _PHONE.sub(_phone, text)
    return text


def mask(text: str, redactor: Redactor | None = None) -> str:
    """Free text for a report: buyer names replaced when redacting (``redactor``), then
    contact details scrubbed (a name in an address's or a phone number's place is still
    the buyer's pseudonym, and the address around a name is still masked)."""
    if redactor is not None:
        text = redactor.text(text) or text
    return scrub(text) or text


def mask_all(texts: list[str], redactor: Redactor | None = None) -> list[str]:
    """``mask`` of each text (a day's messages; also what the report's worker runs)."""
    if redactor is not None:
        texts = [redactor.text(text) or text for text in texts]
    return [scrubbed or text for scrubbed, text in zip(scrub_all(texts), texts, strict=True)]


# Below this many texts the quick pass over all of them is not worth its set-up.
SCRUB_ALL_MIN = 1000
# Whitespace and word characters as Python's patterns see them in ASCII text (\s there
# also takes \v and \x1c-\x1f; RE2's \s does not).
A_SPACE = r"[\t\n\x0b\x0c\r \x1c-\x1f]"
_A_WORD = "A-Za-z0-9_"
_A_EDGE = f"(?:^|[^{_A_WORD}])"  # what (?<!\w) and \b before a digit say
_A_UNIT_NUMBER = (f"(?i:\\b(?:{_UNIT_WORDS}))\\.?{A_SPACE}*#?[{_A_WORD}-]{{1,6}},?"
                  f"{A_SPACE}+")
_A_NAMES = f"(?:[A-Za-z][{_A_WORD}'.-]*{A_SPACE}+)"
_A_NAMED_TYPE = (f"(?:{_NAMED_TYPES}|(?i:" + "|".join(_NAMED_LOWER_TYPES)
                 + f"))(?:[^{_A_WORD}]|$)")
# What every match of the patterns above needs, written for RE2 without look-arounds
# (which only narrow a match, so each alternative matches whenever its pattern could):
# a street number and street words (_STREET, _STREET_LOWER), a number and a
# number-first street type (_NUMBER_FIRST), a street-first word with words and a
# digit after it (_STREET_FIRST), a word and a street type (_NAMED_STREET), a digit
# run a phone number could start with (_PHONE_START), and the "@", "+" and "box" that
# scrub's quick checks look for.
# For ASCII texts only: there \w, \d, \s and case-blind letters mean the same to both.
_MAY_MASK = "|".join([
    f"{_A_EDGE}\\d{{1,6}}[A-Za-z]?{A_SPACE}+(?:"
    f"(?:(?:[A-Z]|buyer-)[{_A_WORD}'.-]*{A_SPACE}+){{1,4}}(?i:{_STREET_TYPES})"
    f"|(?i:(?:[A-Za-z][{_A_WORD}'.-]*{A_SPACE}+){{1,4}}"
    f"(?:{_STREET_ONLY_TYPES}|{_EVERYDAY_TYPES})))",
    f"{_A_EDGE}\\d{{1,5}}[A-Za-z]?,?{A_SPACE}+(?i:"
    + "|".join(w for w in _NUMBER_FIRST_WORDS if w.isascii()) + f"){A_SPACE}",
    "(?i:\\b(?:" + "|".join(re.escape(w) for w in _STREET_FIRST_WORDS if w.isascii())
    + f"){A_SPACE}+(?:[A-Za-z][{_A_WORD}'.-]*{A_SPACE}*){{1,4}},?{A_SPACE}*"
    f"(?:no\\.?{A_SPACE}*)?\\d)",
    f"{_A_EDGE}(?:\\d{{3,10}}|0\\d)(?:[^{_A_WORD}]|$)",
    # Vietnamese written without accents (_VI_ADDRESS)
    f"(?i:\\b(?:so{A_SPACE}+nha|ngo|ngach|kiet){A_SPACE}+\\d)",
    f"(?i:\\bso{A_SPACE}+\\d{{1,5}}[A-Za-z]?(?:/\\d{{1,4}})?{A_SPACE}*,?{A_SPACE}*"
    f"(?:ngo|ngach|hem|kiet|duong|pho){A_SPACE})",
    "[@+]|(?i:box)",
    r"(?i:[ \t(\[]dot[ \t)\]])",  # a spelt-out address (_SPELT_EMAIL)
    f"(?:(?i:\\b(?:to|on|at|in|into|onto|is)){A_SPACE}+(?:{_A_UNIT_NUMBER})?|:{A_SPACE}*)"
    f"{_A_NAMES}{{1,3}}{_A_NAMED_TYPE}",
    f"{_A_UNIT_NUMBER}{_A_NAMES}{{0,3}}{_A_NAMED_TYPE}",
    # (where a flat number could start, it may also take the flat's word for a name)
    f"(?i:\\b(?:{_UNIT_WORDS}))[{_A_WORD}'.-]*{A_SPACE}+{_A_NAMES}{{0,2}}{_A_NAMED_TYPE}",
])


_DASHES = ("\u2014", "\u2013")  # em and en dash


def scrub_all(texts: Sequence[str | None]) -> list[str | None]:
    """``scrub`` of each text, with one quick pass (RE2, in Arrow) over all of them
    first: an ASCII text in which no pattern could match is kept as it is, and only
    the others go through Python's patterns. A day's messages are mostly template text
    with nothing to mask, and the pass takes a tenth of the time of the patterns."""
    if len(texts) < SCRUB_ALL_MIN or not set(map(type, texts)) <= {str, type(None)}:
        return [scrub(text) for text in texts]
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(texts, type=pa.large_string())
        ascii_ = pc.string_is_ascii(arr).fill_null(True).to_numpy(zero_copy_only=False)
        flags = pc.match_substring_regex(arr, _MAY_MASK).fill_null(False).to_numpy(
            zero_copy_only=False)
        if not ascii_.all():
            # A dash is to every pattern what "~" is (no word, space, digit or case;
            # named in no class): read so, a text whose only non-ASCII is a dash ("— Shop"
            # written in a template) is still an ASCII text here, not one every pattern
            # must read.
            rows = np.flatnonzero(~ascii_)
            probe = arr.take(rows)
            for dash in _DASHES:
                probe = pc.replace_substring(probe, dash, "~")
            flags[rows] = (~pc.string_is_ascii(probe).to_numpy(zero_copy_only=False)
                           | pc.match_substring_regex(probe, _MAY_MASK).fill_null(False)
                           .to_numpy(zero_copy_only=False))
    except (pa.ArrowException, UnicodeError):  # a lone surrogate, an Arrow without RE2
        return [scrub(text) for text in texts]
    return [scrub(text) if flag else text
            for text, flag in zip(texts, flags.tolist(), strict=True)]
