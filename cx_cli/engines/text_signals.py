"""Text signals: phrases and ``/regex/`` entries scored over a whole column of texts.

A signal is a phrase or a ``/regex/`` entry; a ``SignalGroup`` (a subcategory, a
comment kind, an escalation reason) scores 3 points a strong signal, 1 a weak one, and
nothing when an ``unless`` signal is found. A negation word just before a signal, or
inside the gap of a /regex/ signal ("arrived not broken"), or a question written
around it ("có bị vỡ không?"), cancels it. ``ignore``
phrases (listing words like "peel off mask", praise like "arrived without a scratch")
are read as one plain word first. The rules files that name the signals are read by
``engines.triage_rules`` (tickets) and ``engines.comments``.

Speed: each list of signals is one alternation counted over the whole column by
pyarrow's RE2 (``count_substring_regex``, linear time, in C++). Negations are checked
in RE2 too, match by match, in the rows that hold a cue: the matches are marked off,
the texts split at the marks, and two small patterns read the text before each match
and the match itself, with the same expressions Python's ``re`` uses one match at a
time. Only a pattern RE2 cannot run (look-arounds) falls back to Python's ``re`` for
that list; for the ``ignore`` list, for that entry alone, in the rows RE2 finds it may
match in. 50,000 tickets take about a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from cx_cli.engines.columns import mask
from cx_cli.io.parse import distinct_values

STRONG_POINTS = 3
WEAK_POINTS = 1
# A tier's signals count at most this many times in one text: a subject that repeats
# the message ("Damaged" / "it arrived damaged") adds a little, not double.
MAX_COUNT = 2

STRING = pd.ArrowDtype(pa.string())


APOSTROPHES = "[’‘`´']"
# Accents are read as the plain letter ("llegó" as "llego", "não" as "nao", "vỡ" as
# "vo", "đ" as "d"): buyers write the same word with and without them, and RE2's \b and
# the negation window know the letters a-z only. NFD splits a letter from its marks,
# which go; NFC puts the rest (Hangul, kana) back together.
_ACCENTS = "[\u0300-\u036f]"


# Thai is written without spaces between words; editors and keyboards put an invisible
# zero-width space between some of them, which would split a phrase ("ของ\u200bไม่ครบ"):
# it goes with the accents.
_ZERO_WIDTH = "\u200b"
# The Thai block: a signal or cue written in it reads Thai's way (see `_phrase_source`
# and `_Negator`).
THAI = "\u0e00-\u0e7f"
_HAS_THAI = re.compile(f"[{THAI}]")


def without_accents(text: str) -> str:
    """The text with its letters' accents dropped (text already in lower case), as
    ``_without_accents_column`` drops them from the texts, so a rule's phrase and a
    buyer's text read alike. (The lint's ``lint_rules.fold_accents`` also keeps where
    each letter was, for its findings; a classifier needs no position.)"""
    if text.isascii():
        return text
    bare = re.sub(_ACCENTS, "", unicodedata.normalize("NFD", text.replace(_ZERO_WIDTH, "")))
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def _without_accents_column(arr: pa.Array) -> pa.Array:
    """``without_accents`` over a column of lower-case texts (no nulls), in pyarrow: only
    the rows with a non-ASCII character are read again."""
    plain = pc.string_is_ascii(arr).to_numpy(zero_copy_only=False)
    if plain.all():
        return arr
    rows = ~plain
    found = pc.replace_substring(arr.filter(pa.array(rows)), _ZERO_WIDTH, "")
    bare = pc.replace_substring_regex(pc.utf8_normalize(found, "NFD"), _ACCENTS, "")
    bare = pc.utf8_normalize(pc.replace_substring(bare, "đ", "d"), "NFC")
    return pc.replace_with_mask(arr, pa.array(rows), bare)


def _is_regex(entry: str) -> bool:
    return len(entry) >= 2 and entry.startswith("/") and entry.endswith("/")


def normalise_phrase(text: str) -> str:
    """How rule phrases and texts are compared: lower case, no apostrophes, no accents,
    single spaces."""
    return " ".join(without_accents(re.sub(APOSTROPHES, "", text.lower())).split())


# Validation context for the rules files cx ships: their expressions are checked by cx's
# own tests (tests/test_rules_shipped.py), so a run does not compile each of them with
# Python's re once more only to check it (0.09 s of reading the triage rules, 0.07 s of
# the comment rules). A seller's own rules file is checked in full.
SHIPPED = "shipped"


def _check_signal(entry: str, info: ValidationInfo) -> str:
    if not entry.strip():
        raise ValueError("a signal must be a phrase or a /regular expression/, found ''")
    if info.context and info.context.get(SHIPPED):
        return entry
    if _is_regex(entry):
        try:
            pattern = re.compile(entry[1:-1])
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc}): {entry}") from None
        if pattern.search("") is not None:
            # "//" or "/x*/" would score every text: every ticket in that subcategory.
            raise ValueError(f"the regular expression {entry} matches an empty text, so it "
                             "matches every ticket; it needs at least one character to find")
    return entry


Signal = Annotated[str, AfterValidator(_check_signal)]


def _signal_source(entry: str) -> str:
    if _is_regex(entry):
        return without_accents(re.sub(APOSTROPHES, "", entry[1:-1]))
    return _phrase_source(entry)


def _phrase_source(entry: str) -> str:
    phrase = re.escape(normalise_phrase(entry))
    # Whole words only, where the phrase starts/ends with a letter a-z, a digit or "_"
    # (RE2's \b knows no others). Thai has no spaces between words: a phrase starting
    # or ending in Thai script matches inside a run of Thai ("ไม่ครบ" in "ของไม่ครบค่ะ").
    head = r"\b" if re.match(r"[a-z0-9_]", phrase) else ""
    tail = r"\b" if re.search(r"[a-z0-9_]$", phrase) else ""
    return f"{head}{phrase}{tail}"


@dataclass(frozen=True)
class Tier:
    """One list of signals compiled into a single alternation."""

    source: str
    # pyarrow's RE2 can run the pattern (no look-arounds or back-references); when it
    # cannot, Python's re checks the rows that ``prefilter`` (an RE2 pattern matching
    # at least wherever ``source`` does) lets through, or every row without one.
    re2: bool
    prefilter: str | None = None
    # The signals as written, for the negation check (which of them are gap signals).
    entries: tuple[str, ...] = ()
    # An RE2 tier with signals in Thai script, in two parts: the Thai signals are looked
    # for only in the texts that hold a Thai letter, so texts in other scripts take the
    # time they took before Thai was read (None: no Thai signals).
    latin: str | None = None
    thai: str | None = None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Python's compiled form, built on first use: RE2 tiers need it only to explain
        a result, and compiling every tier cost a tenth of a second per command."""
        return re.compile(self.source)


def _re2_accepts(source: str) -> bool:
    try:
        pc.match_substring_regex(pa.array([""]), source)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def compile_tier(entries: Sequence[str], *, literal: bool = False) -> Tier | None:
    """One pattern for ``entries``: rule phrases, and /regex/ entries unless ``literal``
    (a catalog's product names are phrases, whatever they look like: "/[unclosed/")."""
    if not entries:
        return None

    def regex(entry: str) -> bool:
        return not literal and _is_regex(entry)

    def alternation(some: Sequence[str]) -> str:
        regexes = [_signal_source(e) for e in some if regex(e)]
        # Longest phrases first, so "no tracking" wins over "tracking" at the same place.
        phrases = sorted({_phrase_source(e) for e in some if not regex(e)},
                         key=len, reverse=True)
        return "|".join(f"(?:{s})" for s in [*regexes, *phrases])

    source = alternation(entries)
    if _re2_accepts(source):
        thai = [e for e in entries if _HAS_THAI.search(e)]
        if not thai:
            return Tier(source, True, entries=tuple(entries))
        others = [e for e in entries if not _HAS_THAI.search(e)]
        return Tier(source, True, entries=tuple(entries),
                    latin=alternation(others) if others else None, thai=alternation(thai))
    looser = without_lookarounds(source)
    return Tier(source, False, looser if _re2_accepts(looser) else None, tuple(entries))


def without_lookarounds(source: str) -> str:
    """The pattern with its look-around groups removed: it matches wherever the original
    does (a look-around only ever rules a match out), and RE2 can usually run it."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
        elif ch == "[":
            end = _class_end(source, i)
            out.append(source[i:end])
            i = end
        elif source.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(source, i)
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _class_end(source: str, i: int) -> int:
    """Index just after the character class opening at ``i``."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1  # a leading "]" is a literal
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _group_end(source: str, i: int) -> int:
    """Index just after the group opening at ``i`` (escapes and classes honoured)."""
    depth, j = 0, i
    while j < len(source):
        ch = source[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(source, j)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


# A cue written around the signal, "có … không": the part before "…" stands before
# the signal, the part after it after the signal (see `_Negator`).
FRAME = " … "


def _frame_parts(cue: str) -> tuple[str, str] | None:
    """The two parts of a cue written around the signal, or None for a plain cue."""
    if FRAME not in cue:
        return None
    opening, _, closing = cue.partition(FRAME)
    return opening.strip(), closing.strip()


def _check_cue(entry: str, info: ValidationInfo) -> str:
    """A cue is run by RE2 over whole columns: a /regex/ cue must be one RE2 can run."""
    parts = _frame_parts(entry) or (entry,)
    for part in parts:
        if not part:
            raise ValueError(f"the cue {entry} needs a word on both sides of '…'")
        _check_signal(part, info)
        if _is_regex(part) and not _re2_accepts(_cue_source(part)):
            raise ValueError(f"the cue {entry} uses a look-around or back-reference, which "
                             "cues cannot; write it without one")
    return entry


def _cue_source(cue: str) -> str:
    """A cue as a pattern: a /regex/ as written, a word or phrase as it reads."""
    return without_accents(re.sub(APOSTROPHES, "", cue[1:-1])) if _is_regex(cue) else re.escape(
        normalise_phrase(cue))


# A cue: a word, a phrase or a /regex/ that RE2 can run.
Cue = Annotated[Signal, AfterValidator(_check_cue)]


class Negation(BaseModel):
    """Cues (words, phrases or /regex/) that cancel a signal standing within ``window``
    words after them, or the last word of a /regex/ signal's match they stand inside;
    ``near`` cues only a signal right after them; a cue written around the signal
    ("có … không") one standing between its two parts (see ``_Negator``)."""

    model_config = ConfigDict(extra="forbid")

    cues: list[Cue] = Field(default_factory=list)
    near: list[Cue] = Field(default_factory=list)
    window: int = Field(3, ge=0, le=10)
    breakers: list[str] = Field(default_factory=list)


# How far back before a match a cue is looked for, in characters: more than the
# window's words need; and as far after it for the second part of a cue written around
# the signal.
_LOOK_BACK = 80
# How many words may stand between a signal and the second part of a cue written
# around it ("có bị vỡ trong lúc vận chuyển không": four).
_FRAME_REACH = 6
# Marks the matches in a copy of the texts, to cut each one out with the text before it.
_MARK = "\x01"
# A pattern that matches nothing, not even an empty text.
_NEVER = "x^"
# The last word of a match, and what follows it.
_LAST_WORD = re.compile(r"\S+$")


class _Negator:
    """When a cue cancels a match, as regular expressions that Python's ``re`` (one match
    at a time) and pyarrow's RE2 (every match of a column at once) run alike, over
    copies of the texts whose breaker words are replaced by "|":

    - before it: the text since the previous match ends in a cue and at most
      window - 1 words ("not broken", "no damage to the box");
    - inside it: the match is one of the tier's gap signals (a /regex/ that names no
      cue, see ``gaps``) and ends in a cue, at most window - 1 words and its last word
      ("arrived not broken", "the box arrived and nothing was broken");
    - around it: a cue written "có … không" has its first part before the match (or in
      it, before its last word) and its second after it ("có bị vỡ không?").

    A near cue reaches no further than the signal right after it.
    """

    def __init__(self, negation: Negation) -> None:
        frames = [p for p in map(_frame_parts, negation.cues) if p is not None]
        sources = frozenset(_cue_source(c) for c in negation.cues if _frame_parts(c) is None)
        # A cue written in Thai script reads Thai's way: Thai has no spaces between
        # words, so it cancels a match that starts right where it ends ("ไม่แตก", not
        # broken), and says itself which words may stand between ("ไม่มีรอยแตก": the
        # cue "ไม่มีรอย"; a /regex/ cue "/ถ้า[ก-๛]{0,12}/" reaches over 12 Thai letters).
        # A signal that starts with the cue's word holds it, and it cancels nothing
        # there: "ไม่ครบ" (incomplete) is its own signal, the match has no cue before it.
        # A near cue is a word English has too ("ko", "ga": a KO, Georgia): it cancels
        # only a signal right after it ("ko bị vỡ", "ga rusak"); a /regex/ near cue
        # names the words of its own language that may stand between ("/ko( bi)?/").
        near = frozenset(_cue_source(c) for c in negation.near)
        self.thai = frozenset(c for c in sources | near if _HAS_THAI.search(c))
        self.cues = sources - self.thai
        self.near = near - self.thai
        self.breakers = frozenset(re.escape(normalise_phrase(b)) for b in negation.breakers)
        self.window = negation.window
        self.active = bool(sources or near or frames) and self.window > 0
        latin = self.cues | self.near
        cues, thai = self._alternation(self.cues), self._alternation(self.thai)
        words = rf"(?: [a-z0-9_]+){{0,{max(self.window - 1, 0)}}}"
        reach = "|".join(part for part in (f"(?:{cues}){words}" if self.cues else "",
                                           f"(?:{self._alternation(self.near)})"
                                           if self.near else "") if part)
        # Each pattern in two parts, the cues in Latin script and those in Thai: a part
        # with no cues is left out (an empty alternation would match anywhere).
        self.before = self._either(rf"(?:^|[^a-z0-9_])(?:{reach}) $", f"(?:{thai})$")
        self.inside = (rf"[^a-z0-9_](?:{reach}) [a-z0-9_]+$" if latin else None)
        # A cue written around the signal ("có … không", "จะ … ไหม"): its first part
        # stands before the match as a cue does, its second after the match, within
        # `_FRAME_REACH` words (Thai: right after it, the part says which letters may
        # stand between), in the text up to the end of the piece after the next match.
        self.frames = tuple(self._frame(opening, closing) for opening, closing in frames)
        self.framed = "|".join(self._framed(opening, closing) for opening, closing in frames)
        # Rows that may hold a cue. Without a word boundary in front: the text before a
        # match starts where the previous match ended, maybe inside a word.
        openings = frozenset(_cue_source(opening) for opening, _ in frames)
        latin |= {c for c in openings if not _HAS_THAI.search(c)}
        thai_or_open = self.thai | {c for c in openings if _HAS_THAI.search(c)}
        self.cue_pattern = "|".join(
            part for part, some in (
                (rf"(?:{self._alternation(latin)})(?:$|[^a-z0-9_])", latin),
                (f"(?:{self._alternation(thai_or_open)})", thai_or_open)) if some) or _NEVER
        self.breaker = (rf"(^|[^a-z0-9_])(?:{self._alternation(self.breakers)})($|[^a-z0-9_])"
                        if self.breakers else None)
        self._before = re.compile(self.before)
        self._inside = re.compile(self.inside) if self.inside else None
        self._breaker = re.compile(self.breaker) if self.breaker else None
        # A Thai cue inside a Thai /regex/ signal is the signal's own word ("/ไม่(ครบ|
        # พอ)/"), wherever it stands.
        self._cue_word = re.compile(
            "|".join(part for part, some in (
                (rf"(?<![a-z0-9_])(?:{self._alternation(latin)})(?![a-z0-9_])", latin),
                (f"(?:{thai})", self.thai)) if some) or _NEVER)
        self._frames = tuple((re.compile(b), re.compile(a)) for b, a in self.frames)
        self._gaps: dict[Tier, Tier | None] = {}

    @staticmethod
    def _framed(opening: str, closing: str) -> str:
        """A text that holds both parts of a cue written around a signal, in order."""
        first, second = _cue_source(opening), _cue_source(closing)
        if not _HAS_THAI.search(first):
            first = rf"(?:^|[^a-z0-9_])(?:{first}) "
        return f"{first}.*(?:{second})"

    @staticmethod
    def _frame(opening: str, closing: str) -> tuple[str, str]:
        """The patterns of a cue written around the signal: the text before the match,
        the text after it."""
        first, second = _cue_source(opening), _cue_source(closing)
        before = (f"(?:{first})$" if _HAS_THAI.search(first)
                  else rf"(?:^|[^a-z0-9_])(?:{first})(?: [a-z0-9_]+){{0,{_FRAME_REACH}}} $")
        after = (f"^(?:{second})" if _HAS_THAI.search(second)
                 else rf"^(?: [a-z0-9_]+){{0,{_FRAME_REACH}}} (?:{second})")
        return before, after

    @staticmethod
    def _alternation(patterns: frozenset[str]) -> str:
        return "|".join(sorted(patterns, key=len, reverse=True))

    def _either(self, latin: str, thai: str) -> str:
        """The pattern for the Latin cues, the Thai ones, or both (at least one: a
        negation without cues is never active, and its patterns are never run)."""
        parts = [p for p, cues in ((latin, self.cues | self.near), (thai, self.thai)) if cues]
        return "|".join(parts) or _NEVER

    def gaps(self, tier: Tier) -> Tier | None:
        """The tier's /regex/ signals that name no cue: a cue inside their match stands
        in a gap ("arrived not broken"); in "does not work" or "tracking hasnt moved"
        the cue is the signal's own word."""
        if tier not in self._gaps:
            self._gaps[tier] = compile_tier([e for e in tier.entries
                                              if _is_regex(e) and not self._names_a_cue(e)])
        return self._gaps[tier]

    def _names_a_cue(self, entry: str) -> bool:
        # An escape (\b, \w, \s ...) is no letter of a word.
        return self._cue_word.search(re.sub(r"\\.", " ", _signal_source(entry))) is not None

    def negates(self, text: str, found: Sequence[re.Match[str]], i: int, tier: Tier) -> bool:
        """Does a cue cancel match ``i`` of the tier's matches ``found`` in the text?"""
        if not self.active:
            return False
        match = found[i]
        since = found[i - 1].end() if i else 0
        before = text[max(since, match.start() - _LOOK_BACK):match.start()]
        if self._before.search(self._view_text(before)):
            return True
        if self._frames:
            # From the end of the match before the previous one to the start of the
            # match after the next one, as `_frame_hits` reads them.
            since = found[i - 2].end() if i >= 2 else 0
            until = found[i + 2].start() if i + 2 < len(found) else len(text)
            before = self._view_text((text[since:match.start()]
                                      + _LAST_WORD.sub("", match.group(0)))[-_LOOK_BACK:])
            after = self._view_text(text[match.end():until][:_LOOK_BACK])
            if any(b.search(before) and a.search(after) for b, a in self._frames):
                return True
        gaps = self.gaps(tier)
        found = match.group(0)
        return (gaps is not None and self._inside is not None
                and self._inside.search(self._view_text(found)) is not None
                and gaps.pattern.fullmatch(found) is not None)

    def negated_counts(self, texts: pa.Array, tier: Tier) -> np.ndarray:
        """Per text, how many of the tier's matches a cue cancels: ``negates`` for every
        match at once, in RE2. Each match is marked off, so that a split cuts every text
        into before, match, between, match, ..., after."""
        texts = pc.replace_substring(texts, _MARK, "\x00")  # the mark must be ours alone
        marked = pc.replace_substring_regex(texts, f"(?:{tier.source})", rf"{_MARK}\0{_MARK}")
        pieces = pc.split_pattern(marked, _MARK)
        flat = pc.list_flatten(pieces)
        offsets = pieces.offsets.to_numpy()
        sizes = np.diff(offsets)
        place = np.arange(offsets[-1]) - np.repeat(offsets[:-1], sizes)  # in its own text
        found = np.flatnonzero(place % 2 == 1)  # the matches; the piece before each precedes it
        before = pc.utf8_slice_codeunits(flat.take(pa.array(found - 1)), start=-_LOOK_BACK)
        hit = mask(pc.match_substring_regex(self.view(before), self.before))
        row = np.repeat(np.arange(len(sizes)), sizes)
        if self.frames:
            # Only in the texts that hold both parts of a cue written around a signal.
            framed = mask(pc.match_substring_regex(texts, self.framed))[row[found]]
            if framed.any():
                self._frame_hits(hit, framed, flat, found, offsets[:-1][row[found]],
                                 offsets[1:][row[found]])
        gaps = self.gaps(tier)
        if gaps is not None and self.inside is not None:
            matched = flat.take(pa.array(found))
            inside = np.flatnonzero(~hit & mask(pc.match_substring_regex(self.view(matched),
                                                                         self.inside)))
            if len(inside):
                hit[inside] = mask(pc.match_substring_regex(matched.take(pa.array(inside)),
                                                            f"^(?:{gaps.source})$"))
        return np.bincount(row[found[hit]], minlength=len(texts))

    def _frame_hits(self, hit: np.ndarray, framed: np.ndarray, flat: pa.Array,
                    found: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> None:
        """Marks in ``hit`` the matches a cue written around them cancels, in the texts
        ``framed`` holding both its parts: its first part in the text since the match
        before the previous one (or in the match, before its last word), its second in
        the text up to the match after the next one. ``starts``, ``ends``: where each
        match's text starts and ends among the ``flat`` pieces."""
        rows = np.flatnonzero(~hit & framed)
        if not len(rows):
            return

        def joined(steps: tuple[int, ...]) -> pa.Array:
            pieces = []
            for step in steps:
                at = found[rows] + step
                inside = (at >= starts[rows]) & (at < ends[rows])
                piece = flat.take(pa.array(np.where(inside, at, 0)))
                pieces.append(pc.if_else(pa.array(inside), piece, ""))
            return pc.binary_join_element_wise(*pieces, "")

        # ... and the match but its last word: "sạc có bị cháy không?" asks, though
        # the signal "sạc ... bị cháy" holds its "có".
        head = pc.replace_substring_regex(flat.take(pa.array(found[rows])),
                                          _LAST_WORD.pattern, "")
        before = pc.binary_join_element_wise(joined((-3, -2, -1)), head, "")
        before = self.view(pc.utf8_slice_codeunits(before, start=-_LOOK_BACK))
        after = self.view(pc.utf8_slice_codeunits(joined((1, 2, 3)), start=0, stop=_LOOK_BACK))
        for opening, closing in self.frames:
            found_here = (mask(pc.match_substring_regex(before, opening))
                          & mask(pc.match_substring_regex(after, closing)))
            hit[rows[found_here]] = True

    # The breakers are replaced twice: a breaker right after another ("but why does")
    # lost the space before it to the first one's match.
    def view(self, arr: pa.Array) -> pa.Array:
        if self.breaker is None:
            return arr
        for _ in range(2):
            arr = pc.replace_substring_regex(arr, self.breaker, r"\1|\2")
        return arr

    def _view_text(self, text: str) -> str:
        if self._breaker is None:
            return text
        return self._breaker.sub(r"\1|\2", self._breaker.sub(r"\1|\2", text))


@dataclass(frozen=True)
class SignalGroup:
    """A named set of signals: strong (3 points each), weak (1 point), and vetoes."""

    name: str
    strong: Tier | None
    weak: Tier | None = None
    unless: Tier | None = None
    negatable: bool = True

    @classmethod
    def build(cls, name: str, strong: Sequence[str], weak: Sequence[str] = (),
              unless: Sequence[str] = (), negatable: bool = True) -> SignalGroup:
        return cls(name, compile_tier(strong), compile_tier(weak), compile_tier(unless),
                   negatable)


def count_matches(arr: pa.Array, source: str) -> np.ndarray:
    """Per text, how many times ``source`` matches (0 for a null)."""
    counts = pc.fill_null(pc.count_substring_regex(arr, source), 0)
    return counts.to_numpy(zero_copy_only=False).astype(np.int64)


def _kept_matches(tier: Tier, text: str,
                  negator: _Negator | None) -> Iterator[tuple[re.Match[str], bool]]:
    """Each match of the tier in the text, and whether a cue cancels it."""
    found = list(tier.pattern.finditer(text))
    for i, m in enumerate(found):
        yield m, negator is not None and negator.negates(text, found, i, tier)


def _python_counts(tier: Tier, texts: Sequence[str], negator: _Negator | None) -> np.ndarray:
    counts = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        counts[i] = sum(1 for _, negated in _kept_matches(tier, text, negator) if not negated)
    return counts


class _Scan:
    """One column of texts being scored: the texts and the rows that hold a cue."""

    def __init__(self, arr: pa.Array, negator: _Negator) -> None:
        self.arr = arr
        self.negator = negator
        self._texts: list[str] | None = None
        self._cue_rows: np.ndarray | None = None
        self._thai_rows: np.ndarray | None = None

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = self.arr.to_pylist()
        return self._texts

    @property
    def cue_rows(self) -> np.ndarray:
        if self._cue_rows is None:
            mask = pc.fill_null(pc.match_substring_regex(self.arr, self.negator.cue_pattern),
                                False)
            self._cue_rows = mask.to_numpy(zero_copy_only=False)
        return self._cue_rows

    @property
    def thai_rows(self) -> np.ndarray:
        """The rows that hold a Thai letter (positions)."""
        if self._thai_rows is None:
            # Most texts are ASCII: only the others are searched.
            rows = np.flatnonzero(~mask(pc.string_is_ascii(self.arr)))
            if len(rows):
                rows = rows[mask(pc.match_substring_regex(self.arr.take(pa.array(rows)),
                                                          f"[{THAI}]"))]
            self._thai_rows = rows
        return self._thai_rows

    def _re2_counts(self, tier: Tier) -> np.ndarray:
        if tier.thai is None:
            return count_matches(self.arr, tier.source)
        counts = (count_matches(self.arr, tier.latin) if tier.latin is not None
                  else np.zeros(len(self.arr), dtype=np.int64))
        rows = self.thai_rows
        if len(rows):
            counts[rows] += count_matches(self.arr.take(pa.array(rows)), tier.thai)
        return counts

    def _python_counts(self, tier: Tier, negate: bool) -> np.ndarray:
        negator = self.negator if negate else None
        if tier.prefilter is None:
            return _python_counts(tier, self.texts, negator)
        counts = np.zeros(len(self.arr), dtype=np.int64)
        rows = np.flatnonzero(mask(pc.match_substring_regex(self.arr, tier.prefilter)))
        if len(rows):
            texts = self.arr.take(pa.array(rows)).to_pylist()
            counts[rows] = _python_counts(tier, texts, negator)
        return counts

    def counts(self, tier: Tier, negatable: bool) -> np.ndarray:
        """Per row, how many times the tier's signals occur, not counting negated ones."""
        negate = negatable and self.negator.active
        if not tier.re2:
            return np.minimum(self._python_counts(tier, negate), MAX_COUNT)
        counts = self._re2_counts(tier)
        if negate:
            rows = np.flatnonzero((counts > 0) & self.cue_rows)
            if len(rows):
                negated = self.negator.negated_counts(self.arr.take(pa.array(rows)), tier)
                counts[rows] = np.maximum(counts[rows] - negated, 0)
        return np.minimum(counts, MAX_COUNT)


# What an `ignore` phrase is read as: one word that no signal names and no cue is.
IGNORED = "_"


@dataclass(frozen=True)
class TextMatcher:
    """Scores normalised texts against signal groups, honouring negations. The phrases
    of ``ignore`` (product names, listing copy, praise about condition) are read as the
    one word ``IGNORED`` before any signal or cue is looked for."""

    groups: tuple[SignalGroup, ...]
    negation: Negation
    ignore: Tier | None = None

    @classmethod
    def build(cls, groups: Sequence[SignalGroup], negation: Negation,
              ignore: Sequence[str] = ()) -> TextMatcher:
        return cls(tuple(groups), negation, compile_tier(ignore))

    @cached_property
    def _negator(self) -> _Negator:
        return _Negator(self.negation)

    @cached_property
    def _ignore_parts(self) -> tuple[Tier | None, tuple[Tier, ...]]:
        """An ``ignore`` list RE2 cannot run whole, in parts: the entries RE2 can run, then
        each of the others (look-arounds), which Python reads after them in turn. No
        parts when every entry alone is one RE2 can run: Python reads the list whole."""
        entries = self.ignore.entries if self.ignore is not None else ()
        plain = [e for e in entries if _re2_accepts(_signal_source(e))]
        others = tuple(compile_tier([e]) for e in entries if e not in plain)
        first = compile_tier(plain)
        if not others or (first is not None and not first.re2):
            return None, ()
        return first, others

    def without_ignored(self, arr: pa.Array) -> pa.Array:
        """The texts with every ``ignore`` phrase replaced by ``IGNORED``: in RE2 over the
        whole column. Entries RE2 cannot run (a look-around) are read after the others,
        one at a time, by Python's ``re`` in the texts RE2 finds it may match in."""
        tier = self.ignore
        if tier is None or not len(arr):
            return arr
        if tier.re2:
            return pc.replace_substring_regex(arr, tier.source, IGNORED)
        plain, others = self._ignore_parts
        if not others:
            return pa.array([self.without_ignored_text(t) if t is not None else None
                             for t in arr.to_pylist()], pa.string())
        out = pc.replace_substring_regex(arr, plain.source, IGNORED) if plain else arr
        for entry in others:
            rows = (np.arange(len(out)) if entry.prefilter is None else
                    np.flatnonzero(mask(pc.match_substring_regex(out, entry.prefilter))))
            if not len(rows):
                continue
            # Only the rows the entry may match in go through Python: a look-ahead
            # entry whose RE2 part finds a common word would otherwise copy the whole
            # column out and back once per entry.
            found = out.take(pa.array(rows)).to_pylist()
            fixed = pa.array([entry.pattern.sub(IGNORED, t) if t is not None else None
                              for t in found], pa.string())
            where = np.zeros(len(out), dtype=bool)
            where[rows] = True
            out = pc.replace_with_mask(out, pa.array(where), fixed)
        return out

    def without_ignored_text(self, text: str) -> str:
        """``without_ignored`` for one text."""
        if self.ignore is None:
            return text
        plain, others = (None, ()) if self.ignore.re2 else self._ignore_parts
        if not others:
            return self.ignore.pattern.sub(IGNORED, text)
        text = plain.pattern.sub(IGNORED, text) if plain else text
        for entry in others:
            text = entry.pattern.sub(IGNORED, text)
        return text

    def scores(self, arr: pa.Array) -> dict[str, np.ndarray]:
        """group name -> points per row (0 where an `unless` signal vetoes the group)."""
        return on_distinct_texts(arr, lambda texts: self.scores_after_ignore(
            self.without_ignored(texts)))

    def scores_after_ignore(self, arr: pa.Array) -> dict[str, np.ndarray]:
        """``scores`` of texts whose ``ignore`` phrases are already replaced: matchers
        sharing one ``ignore`` list replace them once."""
        scan = _Scan(arr, self._negator)
        out: dict[str, np.ndarray] = {}
        for group in self.groups:
            total = np.zeros(len(arr), dtype=np.int64)
            if group.strong is not None:
                total += STRONG_POINTS * scan.counts(group.strong, group.negatable)
            if group.weak is not None:
                total += WEAK_POINTS * scan.counts(group.weak, group.negatable)
            if group.unless is not None:
                total[scan.counts(group.unless, group.negatable) > 0] = 0
            out[group.name] = total
        return out

    def matches(self, text: str) -> dict[str, list[str]]:
        """The signals found in one (normalised) text, per group: for explaining a result."""
        text = self.without_ignored_text(text)
        found: dict[str, list[str]] = {}
        for group in self.groups:
            negator = self._negator if group.negatable else None
            for label, tier in (("strong", group.strong), ("weak", group.weak),
                                ("unless", group.unless)):
                if tier is None:
                    continue
                for m, negated in _kept_matches(tier, text, negator):
                    mark = "not " if negated else ""
                    found.setdefault(group.name, []).append(f"{label}: {mark}{m.group(0)}")
        return found


def on_distinct_texts(arr: pa.Array, score: Callable[[pa.Array], dict[str, np.ndarray]]
                      ) -> dict[str, np.ndarray]:
    """``score(arr)``, reading each distinct text once.

    Short texts repeat: "love it" among a shop's reviews, a buyer's quick reply among
    its tickets, a comment pasted under several videos. Each distinct text is scored
    once and its points given to every row that holds it; a column of distinct texts
    costs one hashing pass more.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    found = None if arr.null_count or len(arr) < 2 else distinct_values(arr, most=0.8)
    if found is None:  # nulls, or under a fifth repeats: every row is read
        return score(arr)
    dictionary, indices = found
    rows = indices.to_numpy(zero_copy_only=False)
    return {name: points[rows] for name, points in score(dictionary).items()}


def normalise_texts(*columns: pd.Series | None, length: int | None = None) -> pa.Array:
    """Columns joined with " . " (a negation never reaches across), lower case, no
    apostrophes, no accents."""
    parts = []
    for col in columns:
        if col is None:
            continue
        arr = pa.array(col.astype(STRING), from_pandas=True)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        parts.append(pc.fill_null(arr, ""))
    if not parts:
        return pa.array([""] * (length or 0), pa.string())
    joined = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, " . ")
    text = _without_accents_column(pc.utf8_lower(joined))
    text = pc.replace_substring_regex(text, APOSTROPHES, "")
    text = pc.replace_substring_regex(text, r"\s+", " ")
    return pc.utf8_trim_whitespace(text)
