"""Support triage: tickets -> category, subcategory, saved reply, dispute type, proof, escalation.

The rules are data, not code: a YAML file an ops lead can read and change
(``rules/triage.yaml`` ships with cx; ``triage.rules`` in cx.yaml points at a copy).
Signals are phrases or ``/regex/`` entries scored per subcategory; a negation word
just before a signal, or inside the gap of a /regex/ signal ("arrived not broken"),
cancels it. ``ignore`` phrases (listing words like "peel off mask", praise like
"arrived without a scratch") are read as one plain word first; those of
``ignore_in_subcategories`` and ``ignore_in_escalate`` only by the subcategories or
only by the escalation reasons. The text matcher and the defect-cluster search here are
shared with ``engines.comments``.

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
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from cx_cli.engines.columns import mask
from cx_cli.errors import ConfigError
from cx_cli.io.schemas import TICKET_SUBCATEGORIES
from cx_cli.resources import templates_dir
from cx_cli.yaml_text import NotUtf8, RepeatedKey, load_yaml, read_utf8, yaml_mistake

RULES_DIR = Path(__file__).resolve().parent / "rules"
DEFAULT_TRIAGE_RULES = RULES_DIR / "triage.yaml"

SUBCATEGORIES: tuple[str, ...] = tuple(TICKET_SUBCATEGORIES)
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(TICKET_SUBCATEGORIES.values()))
UNCLASSIFIED = "unclassified"
DISPUTE_TYPES = ("non_delivery", "not_as_described", "damaged", "defective", "buyers_remorse")
# The saved replies SPEC §6 names (templates/replies/<name>.txt.j2).
SAVED_REPLIES = ("ack_timeline", "damaged", "doesnt_work", "wrong_variant", "missing_parts",
                 "tracking_not_updating", "delivered_not_received", "refund_return",
                 "outcome_confirmation")

STRONG_POINTS = 3
WEAK_POINTS = 1
# A tier's signals count at most this many times in one text: a subject that repeats
# the message ("Damaged" / "it arrived damaged") adds a little, not double.
MAX_COUNT = 2

# The columns of classify_tickets' result that form the `cx triage` contract (SPEC §13).
TRIAGE_KEYS = ("ticket_id", "category", "subcategory", "source", "dispute_type",
               "reply_template", "proof", "escalate")

# Input columns carried into the result, for presenters and other engines.
CONTEXT_COLUMNS = ("created_at", "resolved_at", "order_id", "buyer", "sku", "status",
                   "subject")

STRING = pd.ArrowDtype(pa.string())

Subcategory = Literal[
    "tracking_not_updating", "delivered_not_received", "wrong_address", "damaged",
    "missing_parts", "defective", "wrong_variant", "doesnt_work", "sizing_fit", "setup_error",
    "color_size_perception", "performance_assumption",
]
DisputeType = Literal["non_delivery", "not_as_described", "damaged", "defective",
                      "buyers_remorse"]
TemplateName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]


# --- signals: phrases and /regex/ entries ---------------------------------------------

_APOSTROPHES = "[’‘`´']"


def _is_regex(entry: str) -> bool:
    return len(entry) >= 2 and entry.startswith("/") and entry.endswith("/")


def normalise_phrase(text: str) -> str:
    """How rule phrases and texts are compared: lower case, no apostrophes, single spaces."""
    return " ".join(re.sub(_APOSTROPHES, "", text.lower()).split())


def _check_signal(entry: str) -> str:
    if not entry.strip():
        raise ValueError("a signal must be a phrase or a /regular expression/, found ''")
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
        return re.sub(_APOSTROPHES, "", entry[1:-1])
    phrase = re.escape(normalise_phrase(entry))
    # Whole words only, where the phrase starts/ends with a word character.
    head = r"\b" if re.match(r"\w", phrase) else ""
    tail = r"\b" if re.search(r"\w$", phrase) else ""
    return f"{head}{phrase}{tail}"


@dataclass(frozen=True)
class _Tier:
    """One list of signals compiled into a single alternation."""

    source: str
    # pyarrow's RE2 can run the pattern (no look-arounds or back-references); when it
    # cannot, Python's re checks the rows that ``prefilter`` (an RE2 pattern matching
    # at least wherever ``source`` does) lets through, or every row without one.
    re2: bool
    prefilter: str | None = None
    # The signals as written, for the negation check (which of them are gap signals).
    entries: tuple[str, ...] = ()

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


def _compile_tier(entries: Sequence[str]) -> _Tier | None:
    if not entries:
        return None
    regexes = [_signal_source(e) for e in entries if _is_regex(e)]
    # Longest phrases first, so "no tracking" wins over "tracking" at the same place.
    phrases = sorted({_signal_source(e) for e in entries if not _is_regex(e)},
                     key=len, reverse=True)
    source = "|".join(f"(?:{s})" for s in [*regexes, *phrases])
    if _re2_accepts(source):
        return _Tier(source, True, entries=tuple(entries))
    looser = without_lookarounds(source)
    return _Tier(source, False, looser if _re2_accepts(looser) else None, tuple(entries))


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


def _check_cue(entry: str) -> str:
    """A cue is run by RE2 over whole columns: a /regex/ cue must be one RE2 can run."""
    if _is_regex(entry) and not _re2_accepts(_cue_source(entry)):
        raise ValueError(f"the cue {entry} uses a look-around or back-reference, which "
                         "cues cannot; write it without one")
    return entry


def _cue_source(cue: str) -> str:
    """A cue as a pattern: a /regex/ as written, a word or phrase as it reads."""
    return re.sub(_APOSTROPHES, "", cue[1:-1]) if _is_regex(cue) else re.escape(
        normalise_phrase(cue))


class Negation(BaseModel):
    """Cues (words, phrases or /regex/) that cancel a signal standing within ``window``
    words after them, or the last word of a /regex/ signal's match they stand inside
    (see ``_Negator``)."""

    model_config = ConfigDict(extra="forbid")

    cues: list[Annotated[Signal, AfterValidator(_check_cue)]] = Field(default_factory=list)
    window: int = Field(3, ge=0, le=10)
    breakers: list[str] = Field(default_factory=list)


# How far back before a match a cue is looked for, in characters: more than the
# window's words need.
_LOOK_BACK = 80
# Marks the matches in a copy of the texts, to cut each one out with the text before it.
_MARK = "\x01"


class _Negator:
    """When a cue cancels a match, as regular expressions that Python's ``re`` (one match
    at a time) and pyarrow's RE2 (every match of a column at once) run alike, over
    copies of the texts whose breaker words are replaced by "|":

    - before it: the text since the previous match ends in a cue and at most
      window - 1 words ("not broken", "no damage to the box");
    - inside it: the match is one of the tier's gap signals (a /regex/ that names no
      cue, see ``gaps``) and ends in a cue, at most window - 1 words and its last word
      ("arrived not broken", "the box arrived and nothing was broken").
    """

    def __init__(self, negation: Negation) -> None:
        self.cues = frozenset(_cue_source(c) for c in negation.cues)
        self.breakers = frozenset(re.escape(normalise_phrase(b)) for b in negation.breakers)
        self.window = negation.window
        self.active = bool(self.cues) and self.window > 0
        cues = self._alternation(self.cues)
        words = rf"(?: [a-z0-9_]+){{0,{max(self.window - 1, 0)}}}"
        self.before = rf"(?:^|[^a-z0-9_])(?:{cues}){words} $"
        self.inside = rf"[^a-z0-9_](?:{cues}){words} [a-z0-9_]+$"
        # Rows that may hold a cue. Without a word boundary in front: the text before a
        # match starts where the previous match ended, maybe inside a word.
        self.cue_pattern = rf"(?:{cues})(?:$|[^a-z0-9_])"
        self.breaker = (rf"(^|[^a-z0-9_])(?:{self._alternation(self.breakers)})($|[^a-z0-9_])"
                        if self.breakers else None)
        self._before = re.compile(self.before)
        self._inside = re.compile(self.inside)
        self._breaker = re.compile(self.breaker) if self.breaker else None
        self._cue_word = re.compile(rf"(?<![a-z0-9_])(?:{cues})(?![a-z0-9_])")
        self._gaps: dict[_Tier, _Tier | None] = {}

    @staticmethod
    def _alternation(patterns: frozenset[str]) -> str:
        return "|".join(sorted(patterns, key=len, reverse=True))

    def gaps(self, tier: _Tier) -> _Tier | None:
        """The tier's /regex/ signals that name no cue: a cue inside their match stands
        in a gap ("arrived not broken"); in "does not work" or "tracking hasnt moved"
        the cue is the signal's own word."""
        if tier not in self._gaps:
            self._gaps[tier] = _compile_tier([e for e in tier.entries
                                              if _is_regex(e) and not self._names_a_cue(e)])
        return self._gaps[tier]

    def _names_a_cue(self, entry: str) -> bool:
        # An escape (\b, \w, \s ...) is no letter of a word.
        return self._cue_word.search(re.sub(r"\\.", " ", _signal_source(entry))) is not None

    def negates(self, text: str, match: re.Match[str], since: int, tier: _Tier) -> bool:
        """Does a cue cancel this match of the tier? ``since``: where the previous match
        of the tier in the text ended."""
        if not self.active:
            return False
        before = text[max(since, match.start() - _LOOK_BACK):match.start()]
        if self._before.search(self._view_text(before)):
            return True
        gaps = self.gaps(tier)
        found = match.group(0)
        return (gaps is not None and self._inside.search(self._view_text(found)) is not None
                and gaps.pattern.fullmatch(found) is not None)

    def negated_counts(self, texts: pa.Array, tier: _Tier) -> np.ndarray:
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
        gaps = self.gaps(tier)
        if gaps is not None:
            matched = flat.take(pa.array(found))
            inside = np.flatnonzero(~hit & mask(pc.match_substring_regex(self.view(matched),
                                                                         self.inside)))
            if len(inside):
                hit[inside] = mask(pc.match_substring_regex(matched.take(pa.array(inside)),
                                                            f"^(?:{gaps.source})$"))
        row = np.repeat(np.arange(len(sizes)), sizes)
        return np.bincount(row[found[hit]], minlength=len(texts))

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
    strong: _Tier | None
    weak: _Tier | None = None
    unless: _Tier | None = None
    negatable: bool = True

    @classmethod
    def build(cls, name: str, strong: Sequence[str], weak: Sequence[str] = (),
              unless: Sequence[str] = (), negatable: bool = True) -> SignalGroup:
        return cls(name, _compile_tier(strong), _compile_tier(weak), _compile_tier(unless),
                   negatable)


def _count(arr: pa.Array, source: str) -> np.ndarray:
    counts = pc.fill_null(pc.count_substring_regex(arr, source), 0)
    return counts.to_numpy(zero_copy_only=False).astype(np.int64)


def _kept_matches(tier: _Tier, text: str,
                  negator: _Negator | None) -> Iterator[tuple[re.Match[str], bool]]:
    """Each match of the tier in the text, and whether a cue cancels it."""
    since = 0
    for m in tier.pattern.finditer(text):
        yield m, negator is not None and negator.negates(text, m, since, tier)
        since = m.end()


def _python_counts(tier: _Tier, texts: Sequence[str], negator: _Negator | None) -> np.ndarray:
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

    def _python_counts(self, tier: _Tier, negate: bool) -> np.ndarray:
        negator = self.negator if negate else None
        if tier.prefilter is None:
            return _python_counts(tier, self.texts, negator)
        counts = np.zeros(len(self.arr), dtype=np.int64)
        rows = np.flatnonzero(mask(pc.match_substring_regex(self.arr, tier.prefilter)))
        if len(rows):
            texts = self.arr.take(pa.array(rows)).to_pylist()
            counts[rows] = _python_counts(tier, texts, negator)
        return counts

    def counts(self, tier: _Tier, negatable: bool) -> np.ndarray:
        """Per row, how many times the tier's signals occur, not counting negated ones."""
        negate = negatable and self.negator.active
        if not tier.re2:
            return np.minimum(self._python_counts(tier, negate), MAX_COUNT)
        counts = _count(self.arr, tier.source)
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
    ignore: _Tier | None = None

    @classmethod
    def build(cls, groups: Sequence[SignalGroup], negation: Negation,
              ignore: Sequence[str] = ()) -> TextMatcher:
        return cls(tuple(groups), negation, _compile_tier(ignore))

    @cached_property
    def _negator(self) -> _Negator:
        return _Negator(self.negation)

    @cached_property
    def _ignore_parts(self) -> tuple[_Tier | None, tuple[_Tier, ...]]:
        """An ``ignore`` list RE2 cannot run whole, in parts: the entries RE2 can run, then
        each of the others (look-arounds), which Python reads after them in turn. No
        parts when every entry alone is one RE2 can run: Python reads the list whole."""
        entries = self.ignore.entries if self.ignore is not None else ()
        plain = [e for e in entries if _re2_accepts(_signal_source(e))]
        others = tuple(_compile_tier([e]) for e in entries if e not in plain)
        first = _compile_tier(plain)
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
            texts = out.to_pylist()
            for i in rows:
                if texts[i] is not None:
                    texts[i] = entry.pattern.sub(IGNORED, texts[i])
            out = pa.array(texts, pa.string())
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
        return self.scores_after_ignore(self.without_ignored(arr))

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


def normalise_texts(*columns: pd.Series | None, length: int | None = None) -> pa.Array:
    """Columns joined with " . " (a negation never reaches across), lower case, no apostrophes."""
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
    text = pc.utf8_lower(joined)
    text = pc.replace_substring_regex(text, _APOSTROPHES, "")
    text = pc.replace_substring_regex(text, r"\s+", " ")
    return pc.utf8_trim_whitespace(text)


# --- the rules file -------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubcategoryRule(_Strict):
    reply: TemplateName
    dispute: DisputeType | None = None
    proof: str
    family: str | None = None
    negatable: bool = True
    strong: list[Signal] = Field(default_factory=list)
    weak: list[Signal] = Field(default_factory=list)
    unless: list[Signal] = Field(default_factory=list)


class UnclassifiedRule(_Strict):
    reply: TemplateName = "ack_timeline"
    proof: str = "Order number."


class DisputeSignal(_Strict):
    reply: TemplateName | None = None
    phrases: list[Signal]


class RepeatContact(_Strict):
    min_tickets: int = Field(2, ge=2)
    days: int = Field(14, ge=1)


class TriageRulesFile(_Strict):
    """The YAML file as written; see the comments at the top of rules/triage.yaml."""

    version: Literal[1] = 1
    min_score: int = Field(1, ge=1)
    priority: list[Subcategory]
    negation: Negation = Field(default_factory=Negation)
    ignore: list[Signal] = Field(default_factory=list)
    # Read as plain words by the subcategories (and dispute signals) alone, or by the
    # escalation reasons alone, after ``ignore``'s: "it broke me out" is no broken item
    # but a reaction to escalate; "burns too fast" is no burn but a candle's fault.
    ignore_in_subcategories: list[Signal] = Field(default_factory=list)
    ignore_in_escalate: list[Signal] = Field(default_factory=list)
    subcategories: dict[Subcategory, SubcategoryRule]
    unclassified: UnclassifiedRule = Field(default_factory=UnclassifiedRule)
    dispute_signals: dict[DisputeType, DisputeSignal] = Field(default_factory=dict)
    solved_reply: TemplateName | None = "outcome_confirmation"
    escalate: dict[str, list[Signal]] = Field(default_factory=dict)
    hypothetical: dict[str, list[Annotated[Signal, AfterValidator(_check_cue)]]] = Field(
        default_factory=dict)
    repeat_contact: RepeatContact = Field(default_factory=RepeatContact)

    @model_validator(mode="after")
    def _complete(self) -> TriageRulesFile:
        missing = [s for s in SUBCATEGORIES if s not in self.subcategories]
        if missing:
            raise ValueError("subcategories: every subcategory needs an entry; missing "
                             + ", ".join(missing))
        unlisted = [s for s in SUBCATEGORIES if s not in self.priority]
        twice = sorted({s for s in self.priority if self.priority.count(s) > 1})
        if unlisted or twice:
            raise ValueError("priority: list each subcategory once"
                             + (f"; missing {', '.join(unlisted)}" if unlisted else "")
                             + (f"; repeated {', '.join(twice)}" if twice else ""))
        unknown = [r for r in self.hypothetical
                   if r not in self.escalate and r not in self.subcategories]
        if unknown:
            raise ValueError(f"hypothetical: {', '.join(unknown)} is no reason under "
                             "escalate nor a subcategory; name one of "
                             + ", ".join([*self.escalate, *self.subcategories]))
        deaf = [s for s in self.hypothetical
                if s in self.subcategories and not self.subcategories[s].negatable]
        if deaf:
            raise ValueError(f"hypothetical: {', '.join(deaf)} has negatable: false, so no "
                             "cue cancels its signals; drop it here or make it negatable")
        return self


M = TypeVar("M", bound=BaseModel)


def read_rules_file(path: Path, model: type[M], what: str) -> M:
    """Read and validate a rules YAML file; any problem is a ConfigError naming file and key."""
    from cx_cli.config import _line_of

    try:
        text = read_utf8(path)
    except FileNotFoundError:
        raise ConfigError(f"{what} file {path} does not exist",
                          "check the path in cx.yaml (it is relative to cx.yaml's folder)"
                          ) from None
    except NotUtf8 as exc:
        raise ConfigError(f"{what} file {path}:{exc.line}: not UTF-8 text", exc.hint) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {what} file {path}: {exc}") from None
    try:
        # libyaml when present: the rules files are read on every triage/scorecard run.
        data = load_yaml(text)
    except RepeatedKey as repeated:
        raise ConfigError(f"{what} file {path}:{repeated.again}: key {repeated}",
                          "merge the two into one") from None
    except yaml.YAMLError as exc:
        line, problem = yaml_mistake(exc)
        where = f":{line}" if line else ""
        raise ConfigError(f"{what} file {path}{where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{what} file {path}: expected a mapping of sections at the top",
                          f"start from a copy of the bundled rules in {RULES_DIR}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # node marks, for line numbers
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc)
            line = _line_of(root, loc) if loc else None
            where = f"{path}:{line}" if line else str(path)
            if err["type"] == "extra_forbidden":
                lines.append(f"{where}: unknown key '{key}'")
                continue
            msg = err["msg"].removeprefix("Value error, ")
            if key:
                msg = f"'{key}': {msg}"
            found = err.get("input")
            if loc and found is not None and not isinstance(found, dict | list) \
                    and str(found) not in msg:
                msg += f" (found {found!r})"
            lines.append(f"{where}: {msg}")
        raise ConfigError(f"invalid {what} file {path}:\n  " + "\n  ".join(lines),
                          f"the bundled rules in {RULES_DIR} document every key") from None


@dataclass(frozen=True)
class MatcherSet:
    """Signal groups read by several matchers that share one ``ignore`` list: a group
    named under `hypothetical` reads its question cues on top of the negation cues, so
    "does it catch fire when charging?" is no safety report and "what if parts are
    missing?" no missing-parts ticket."""

    names: tuple[str, ...]
    matchers: tuple[TextMatcher, ...]

    @classmethod
    def build(cls, groups: Sequence[SignalGroup], spec: TriageRulesFile,
              ignore: Sequence[str]) -> MatcherSet:
        """One matcher for the groups without question cues, one per list of cues
        (groups sharing a list share a matcher: the cues are looked for once); all of
        them read ``ignore``'s phrases as plain words."""
        by_cues: dict[tuple[str, ...], list[SignalGroup]] = {}
        for group in groups:
            by_cues.setdefault(tuple(spec.hypothetical.get(group.name, ())), []).append(group)
        matchers = []
        for cues, members in by_cues.items():
            negation = (spec.negation.model_copy(update={"cues": [*spec.negation.cues, *cues]})
                        if cues else spec.negation)
            matchers.append(TextMatcher.build(members, negation, ignore))
        return cls(tuple(g.name for g in groups), tuple(matchers))

    def scores(self, text: pa.Array) -> dict[str, np.ndarray]:
        """group name -> points per row, in the order the groups were given."""
        if not self.matchers:
            return {}
        read = self.matchers[0].without_ignored(text)
        found: dict[str, np.ndarray] = {}
        for matcher in self.matchers:
            found.update(matcher.scores_after_ignore(read))
        return {name: found[name] for name in self.names}


@dataclass(frozen=True)
class TriageRules:
    """A validated rules file with its signals compiled, ready for classify_tickets."""

    spec: TriageRulesFile
    path: Path
    subcategories: MatcherSet
    disputes: TextMatcher
    escalations: MatcherSet

    @classmethod
    def from_spec(cls, spec: TriageRulesFile, path: Path) -> TriageRules:
        subs = [SignalGroup.build(name, rule.strong, rule.weak, rule.unless, rule.negatable)
                for name, rule in spec.subcategories.items()]
        disputes = tuple(SignalGroup.build(name, sig.phrases)
                         for name, sig in spec.dispute_signals.items())
        reasons = [SignalGroup.build(name, entries) for name, entries in spec.escalate.items()]
        by_subcategories = [*spec.ignore, *spec.ignore_in_subcategories]
        return cls(spec, path, MatcherSet.build(subs, spec, by_subcategories),
                   TextMatcher.build(disputes, spec.negation, by_subcategories),
                   MatcherSet.build(reasons, spec, [*spec.ignore, *spec.ignore_in_escalate]))

    def escalation_scores(self, text: pa.Array) -> dict[str, np.ndarray]:
        """escalate reason -> points per row, in the file's order."""
        return self.escalations.scores(text)


def load_triage_rules(path: Path | None = None) -> TriageRules:
    """The bundled rules, or the file at ``path`` (which replaces them as a whole)."""
    path = Path(path) if path is not None else DEFAULT_TRIAGE_RULES
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (0, 0)
    return _load_triage_rules(path.resolve() if path.exists() else path, key)


@lru_cache(maxsize=8)
def _load_triage_rules(path: Path, _stamp: tuple[int, int]) -> TriageRules:
    return TriageRules.from_spec(read_rules_file(path, TriageRulesFile, "triage rules"), path)


def triage_rules_for(settings: Any) -> TriageRules:
    """The rules cx.yaml asks for (``triage.rules``), else the bundled ones.

    A seller's rules file may only suggest saved replies that exist (bundled, or in
    the templates folder cx.yaml names): agents are handed the reply's name.
    """
    value = settings.triage.rules
    if not value:
        return load_triage_rules()
    rules = load_triage_rules(settings.resolve(value))
    spec = rules.spec
    named = [(("subcategories", sub, "reply"), rule.reply)
             for sub, rule in spec.subcategories.items()]
    named.append((("unclassified", "reply"), spec.unclassified.reply))
    named += [(("dispute_signals", kind, "reply"), sig.reply)
              for kind, sig in spec.dispute_signals.items()]
    named.append((("solved_reply",), spec.solved_reply))
    check_replies("triage", rules.path, named, saved_replies(settings))
    return rules


def saved_replies(settings: Any, folder: str = "replies") -> set[str]:
    """Names of the replies (``<folder>/<name>[.variant].txt.j2``: saved replies, or
    ``public`` comment replies) in the bundled templates and the seller's folder."""
    roots = [templates_dir()]
    if settings.templates:
        roots.append(settings.resolve(settings.templates))
    return {p.name.split(".")[0] for root in roots for p in (root / folder).glob("*.txt.j2")}


def check_replies(kind: str, path: Path, named: list[tuple[tuple[str, ...], str | None]],
                  saved: Collection[str], folder: str = "replies",
                  noun: str = "saved reply") -> None:
    """A ConfigError naming each reply a rules file names (``named``: where in the file,
    and the reply) that is not in ``saved``: agents are handed the reply's name."""
    from cx_cli.config import _line_of

    missing = [(loc, reply) for loc, reply in named if reply and reply not in saved]
    if not missing:
        return
    root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    lines = []
    for loc, reply in missing:
        line = _line_of(root, loc)
        lines.append(f"{path}{f':{line}' if line else ''}: '{'.'.join(loc)}': "
                     f"no {noun} named '{reply}'")
    raise ConfigError(f"invalid {kind} rules file {path}:\n  " + "\n  ".join(lines),
                      f"the {noun.replace('reply', 'replies')} are {', '.join(sorted(saved))}; "
                      f"a new one goes in your templates folder as {folder}/<name>.txt.j2")


# --- classify ---------------------------------------------------------------------------

def _column(frame: pd.DataFrame, name: str) -> pd.Series | None:
    return frame[name] if name in frame.columns else None


def _normalise_tag(series: pd.Series | None, n: int, known: Iterable[str]) -> np.ndarray:
    """Export tags like 'Missing Parts' or 'missing-parts' -> 'missing_parts'; others None."""
    out = np.full(n, None, dtype=object)
    if series is None:
        return out
    known = set(known)
    values = series.astype(STRING).str.lower().str.replace(_APOSTROPHES, "", regex=True)
    values = values.str.strip().str.replace(r"[\s\-/]+", "_", regex=True)
    hit = values.isin(known).fillna(False).to_numpy(dtype=bool)
    out[hit] = values[hit].to_numpy(dtype=object)
    return out


def existing_as_of(frame: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """As of day D a ticket created after the end of D (shop time) does not exist yet."""
    if as_of is None or "created_at" not in frame.columns:
        return frame
    created = frame["created_at"]
    if getattr(created.dt, "tz", None) is not None:
        created = created.dt.tz_localize(None)
    end = pd.Timestamp(as_of + timedelta(days=1))
    keep = (created < end).fillna(True).to_numpy(dtype=bool)
    return frame.loc[keep]


def solved_as_of(frame: pd.DataFrame, as_of: date | None) -> np.ndarray:
    """Solved on day D: resolved by the end of D, or marked solved with no resolved time.

    A ticket resolved after D was still open on D (SPEC §4).
    """
    n = len(frame)
    status = _column(frame, "status")
    marked = (np.zeros(n, dtype=bool) if status is None else
              (status.astype(STRING).str.lower() == "solved").fillna(False).to_numpy(bool))
    resolved = _column(frame, "resolved_at")
    if resolved is None:
        return marked
    if isinstance(resolved.dtype, pd.DatetimeTZDtype):
        resolved = resolved.dt.tz_localize(None)
    resolved = pd.to_datetime(resolved, errors="coerce")
    has_time = resolved.notna().to_numpy(dtype=bool)
    if as_of is None:
        return marked | has_time
    end = pd.Timestamp(as_of + timedelta(days=1))
    by_then = (resolved < end).fillna(False).to_numpy(dtype=bool)
    return np.where(has_time, by_then, marked)


def classify_tickets(tickets: pd.DataFrame, rules: TriageRules | None = None, *,
                     as_of: date | None = None, catalog: Mapping[str, Any] | None = None,
                     escalate_after: int = 3, window_days: int = 7) -> pd.DataFrame:
    """One row per ticket: the SPEC §13 keys, then the reason for escalating and context.

    Columns: ticket_id, category, subcategory, source, dispute_type, reply_template,
    proof, escalate, escalate_reason, family (the complaint family for defect
    clusters), product (sku, or the catalog product named in the text), then created_at,
    resolved_at, order_id, buyer, sku, status, subject as given.

    The reply of a ticket solved by ``as_of`` is ``solved_reply`` (the outcome
    confirmation), whatever its subcategory: the loop to close is the buyer's.

    A ticket whose export carries one of the twelve subcategories keeps it (source
    "tagged"); rules fill the rest (source "rules", category "unclassified" when no rule
    fits). With ``as_of``, tickets created after that day are left out. Escalation:
    any `escalate` signal in the text, repeated contact (``repeat_contact``), or a
    defect cluster: ``escalate_after`` tickets of one complaint family about one product
    within ``window_days`` calendar days.
    """
    rules = rules or load_triage_rules()
    spec = rules.spec
    frame = existing_as_of(tickets, as_of).reset_index(drop=True)
    n = len(frame)
    text = normalise_texts(_column(frame, "subject"), _column(frame, "message"), length=n)

    # Subcategory by rules; a known category tag narrows the choice to its subcategories.
    scores = rules.subcategories.scores(text)
    order = list(spec.priority)
    matrix = np.stack([scores[s] for s in order])
    tag_sub = _normalise_tag(_column(frame, "subcategory"), n, SUBCATEGORIES)
    tag_cat = _normalise_tag(_column(frame, "category"), n, CATEGORIES)
    for cat in CATEGORIES:
        rows = tag_cat == cat
        outside = np.array([TICKET_SUBCATEGORIES[s] != cat for s in order])
        if rows.any() and outside.any():
            matrix[np.ix_(outside, rows)] = -1
    best = matrix.argmax(axis=0)  # the first maximum: ties go by priority order
    best_points = matrix.max(axis=0, initial=0)
    by_rules = np.where(best_points >= spec.min_score, np.array(order, dtype=object)[best],
                        None)

    tagged = tag_sub != None  # noqa: E711 — elementwise on an object array
    subcategory = np.where(tagged, tag_sub, by_rules)
    category = np.array([TICKET_SUBCATEGORIES[s] if s else None for s in subcategory],
                        dtype=object)
    cat_only = ~tagged & (subcategory == None) & (tag_cat != None)  # noqa: E711
    category[cat_only] = tag_cat[cat_only]
    category[category == None] = UNCLASSIFIED  # noqa: E711
    source = np.where(tagged | cat_only, "tagged", "rules")

    sub_rules = spec.subcategories
    reply = np.array([sub_rules[s].reply if s else spec.unclassified.reply
                      for s in subcategory], dtype=object)
    proof = np.array([sub_rules[s].proof if s else spec.unclassified.proof
                      for s in subcategory], dtype=object)
    dispute = np.array([sub_rules[s].dispute if s else None for s in subcategory],
                       dtype=object)
    family = np.array([sub_rules[s].family if s else None for s in subcategory], dtype=object)

    # A ticket no subcategory fits may still be a return of a change of mind.
    if spec.dispute_signals and n:
        signals = rules.disputes.scores(text)
        for name, sig in spec.dispute_signals.items():
            hit = (signals[name] > 0) & (subcategory == None)  # noqa: E711
            hit &= dispute == None  # noqa: E711
            dispute[hit] = name
            if sig.reply:
                reply[hit] = sig.reply

    if spec.solved_reply:
        reply[solved_as_of(frame, as_of)] = spec.solved_reply

    product = ticket_products(frame, text, catalog)
    reasons = _escalations(frame, text, rules, family, product,
                           escalate_after=escalate_after, window_days=window_days)

    out = pd.DataFrame({
        "ticket_id": frame["ticket_id"].astype(STRING),
        "category": pd.Series(category, dtype=STRING),
        "subcategory": pd.Series(subcategory, dtype=STRING),
        "source": pd.Series(source, dtype=STRING),
        "dispute_type": pd.Series(dispute, dtype=STRING),
        "reply_template": pd.Series(reply, dtype=STRING),
        "proof": pd.Series(proof, dtype=STRING),
        "escalate": pd.Series([bool(r) for r in reasons], dtype=bool),
        "escalate_reason": pd.Series([", ".join(r) if r else None for r in reasons],
                                     dtype=STRING),
        "family": pd.Series(family, dtype=STRING),
        "product": pd.Series(product, dtype=STRING),
    })
    for name in CONTEXT_COLUMNS:
        if name in frame.columns:
            out[name] = frame[name]
    return out


def _escalations(frame: pd.DataFrame, text: pa.Array, rules: TriageRules,
                 family: np.ndarray, product: np.ndarray, *, escalate_after: int,
                 window_days: int) -> list[list[str]]:
    n = len(frame)
    reasons: list[list[str]] = [[] for _ in range(n)]
    if not n:
        return reasons
    for name, points in rules.escalation_scores(text).items():
        for i in np.flatnonzero(points > 0):
            reasons[i].append(name)
    if "created_at" not in frame.columns:
        return reasons
    created = frame["created_at"]
    # Repeated contact: the same order (or buyer) wrote again within the window.
    repeat = rules.spec.repeat_contact
    key = None
    for name in ("order_id", "buyer"):
        if name in frame.columns:
            col = frame[name].astype(STRING)
            key = col if key is None else key.fillna(col)
    if key is not None:
        times = created.to_numpy(dtype="datetime64[s]")
        hit = repeat_contacts(key.to_numpy(dtype=object, na_value=None), times,
                              min_tickets=repeat.min_tickets, days=repeat.days)
        for r in np.flatnonzero(hit):
            reasons[r].append("repeat_contact")
    # A defect cluster: a product/listing problem, not a one-off.
    events = pd.DataFrame({"id": np.arange(n), "product": product, "family": family,
                           "time": created.reset_index(drop=True)})
    for cluster in find_clusters(events, escalate_after=escalate_after,
                                 window_days=window_days):
        for i in cluster["ids"]:
            reasons[int(i)].append("defect_cluster")
    return reasons


def repeat_contacts(key: np.ndarray, times: np.ndarray, *, min_tickets: int,
                    days: int) -> np.ndarray:
    """Rows whose key (order or buyer) has at least ``min_tickets`` rows, this one
    included, created within the ``days`` days up to it. Vectorised: one sort and two
    binary searches over (key, time) packed into one int64."""
    n = len(key)
    out = np.zeros(n, dtype=bool)
    keys = pd.Series(key, dtype=object)
    valid = (keys.notna() & (keys.fillna("").astype(str) != "")).to_numpy(dtype=bool)
    valid = valid & ~np.isnat(times)
    rows = np.flatnonzero(valid)
    if len(rows) < min_tickets:
        return out
    codes, _ = pd.factorize(key[rows])
    seconds = times[rows].astype(np.int64)
    seconds = seconds - seconds.min()
    order = np.lexsort((seconds, codes))
    code, t = codes[order].astype(np.int64), seconds[order]
    span = days * 86_400
    packed = code * (int(t.max()) + span + 1) + t
    first_of_key = np.searchsorted(code, code, side="left")
    window_start = np.maximum(np.searchsorted(packed, packed - span, side="left"),
                              first_of_key)
    enough = np.arange(len(order)) - window_start + 1 >= min_tickets
    out[rows[order[enough]]] = True
    return out


# --- products and defect clusters (shared with engines.comments) ----------------------

# Words too generic to tell one product from another in a comment.
_GENERIC_TEXT = """
    with from this that your pack size mini large small medium black white color colour
    pink blue green grey gray gold silver clear original premium classic deluxe pro plus
    max ultra edition version refill refills bundle twin kit set pcs piece pieces women
    mens womens kids unisex portable rechargeable electric travel home new best
"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())


class ProductMatcher:
    """Finds which catalog product a text names: its SKU, its full name, or a name word
    no other product shares."""

    def __init__(self, catalog: Mapping[str, Any] | None) -> None:
        terms: dict[str, str] = {}
        words: dict[str, set[str]] = {}
        for sku, product in (catalog or {}).items():
            terms.setdefault(normalise_phrase(str(sku)), str(sku))
            name = getattr(product, "name", None)
            if name:
                terms.setdefault(normalise_phrase(name), str(sku))
                for word in re.findall(r"[a-z][a-z\-]{3,}", normalise_phrase(name)):
                    if word not in _GENERIC_WORDS:
                        words.setdefault(word, set()).add(str(sku))
        for word, skus in words.items():
            if len(skus) == 1:
                terms.setdefault(word, next(iter(skus)))
                if not word.endswith("s"):
                    terms.setdefault(word + "s", next(iter(skus)))
        self.terms = terms
        self.tier = _compile_tier(list(terms)) if terms else None
        self.names = {str(sku): getattr(p, "name", None) for sku, p in (catalog or {}).items()}

    def identify(self, text: pa.Array) -> np.ndarray:
        """Per row the one SKU the text names, else None (none or several)."""
        out = np.full(len(text), None, dtype=object)
        if self.tier is None or not len(text):
            return out
        texts = text.to_pylist()
        rows = (np.flatnonzero(_count(text, self.tier.source) > 0) if self.tier.re2
                else range(len(texts)))
        for i in rows:
            found = {self.terms.get(m.group(0)) for m in self.tier.pattern.finditer(texts[i])}
            found.discard(None)
            if len(found) == 1:
                out[i] = found.pop()
        return out


def ticket_products(frame: pd.DataFrame, text: pa.Array,
                    catalog: Mapping[str, Any] | None) -> np.ndarray:
    """A ticket's product: its sku, else the catalog product its text names."""
    n = len(frame)
    product = np.full(n, None, dtype=object)
    if "sku" in frame.columns and n:
        sku = frame["sku"].astype(STRING)
        has = sku.notna().to_numpy(dtype=bool) & (sku.fillna("") != "").to_numpy(dtype=bool)
        product[has] = sku[has].to_numpy(dtype=object)
    if catalog:
        missing = product == None  # noqa: E711
        if missing.any():
            named = ProductMatcher(catalog).identify(text)
            product[missing] = named[missing]
    return product


def _local_days(times: pd.Series | np.ndarray) -> np.ndarray:
    """Shop-local calendar dates as day numbers (tz-aware times keep their wall clock)."""
    series = pd.Series(times)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    series = pd.to_datetime(series, errors="coerce")
    return series.to_numpy(dtype="datetime64[D]")


def _naive_seconds(times: pd.Series) -> np.ndarray:
    series = times
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[s]").astype(
        np.int64)


def _as_date(day_number: int) -> date:
    return date(1970, 1, 1) + timedelta(days=int(day_number))


def find_clusters(events: pd.DataFrame, *, escalate_after: int = 3,
                  window_days: int = 7) -> list[dict]:
    """Groups of ≥ escalate_after events of one (product, family) inside window_days days.

    ``events`` has columns id, product, family, time. A window is ``window_days``
    consecutive shop-local calendar days; overlapping windows that each reach the bar
    merge into one cluster. Returns dicts: product, complaint, count, first, last
    (dates), ids (in time order).
    """
    if not len(events):
        return []
    ev = events.dropna(subset=["product", "family", "time"])
    ev = ev[(ev["product"].astype(str) != "") & (ev["family"].astype(str) != "")]
    if not len(ev):
        return []
    ev = ev.assign(_day=_local_days(ev["time"]))
    ev = ev[~pd.isna(ev["_day"])]
    if not len(ev):
        return []
    group = ev.groupby(["product", "family"], sort=True).ngroup().to_numpy()
    day = ev["_day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    when = _naive_seconds(ev["time"])
    order = np.lexsort((when, day, group))
    group, day = group[order], day[order]
    ids = ev["id"].to_numpy(dtype=object)[order]
    products = ev["product"].to_numpy(dtype=object)[order]
    families = ev["family"].to_numpy(dtype=object)[order]
    bounds = np.flatnonzero(np.diff(group)) + 1
    clusters: list[dict] = []
    for lo_g, hi_g in zip(np.r_[0, bounds], np.r_[bounds, len(group)], strict=True):
        if hi_g - lo_g < escalate_after:
            continue
        days = day[lo_g:hi_g]
        # For each start i, the events up to the last day of its window.
        end = np.searchsorted(days, days + window_days - 1, side="right")
        starts = np.flatnonzero(end - np.arange(len(days)) >= escalate_after)
        spans: list[list[int]] = []
        for i in starts:
            if spans and i < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], int(end[i]))
            else:
                spans.append([int(i), int(end[i])])
        for lo, hi in spans:
            clusters.append({
                "product": str(products[lo_g]),
                "complaint": str(families[lo_g]),
                "count": hi - lo,
                "first": _as_date(days[lo]),
                "last": _as_date(days[hi - 1]),
                "ids": ids[lo_g + lo:lo_g + hi].tolist(),
            })
    clusters.sort(key=lambda c: (c["last"], c["count"]), reverse=True)
    return clusters


def category_counts(classified: pd.DataFrame) -> dict[str, int]:
    """Tickets per category, in the SPEC's order, unclassified last."""
    counts = classified["category"].value_counts(dropna=False).to_dict() if len(
        classified) else {}
    order = [*CATEGORIES, UNCLASSIFIED]
    out = {c: int(counts.get(c, 0)) for c in order}
    for other, value in counts.items():
        if other not in out and isinstance(other, str):
            out[other] = int(value)
    return out


def classify_low_reviews(reviews: pd.DataFrame, rules: TriageRules) -> pd.DataFrame | None:
    """The ticket rules over 1–2 star review texts: which issue a low rating is about.

    A review reads as a ticket with no subject; the labels carry ``review_id``.
    """
    low = reviews[pd.to_numeric(reviews["rating"], errors="coerce").le(2).fillna(False)
                  .to_numpy(dtype=bool)]
    if not len(low):
        return None
    none = pd.Series(pd.NA, index=low.index, dtype="string")
    as_tickets = pd.DataFrame({
        "ticket_id": low["review_id"], "order_id": low["order_id"], "buyer": low["buyer"],
        "created_at": low["created_at"], "first_response_at": pd.NaT, "resolved_at": pd.NaT,
        "channel": "review", "status": none, "category": none, "subcategory": none,
        "root_cause": none, "sku": low["sku"], "subject": none, "message": low["review_text"],
    })
    return classify_tickets(as_tickets, rules).rename(columns={"ticket_id": "review_id"})
