"""Buyers' names out of reports (``--redact``): a stable pseudonym for each buyer.

``pseudonym`` gives a buyer a stand-in name ("buyer-3f9a2c", the same for every way the
name is written); ``Redactor`` replaces the buyers' names with their pseudonyms, in
fields and in free text. Masking contact details (phone numbers, e-mail and street
addresses) is ``engines.privacy``'s job; its ``mask`` replaces the names first.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from cx_cli.engines.privacy import A_SPACE, PSEUDONYM_SHAPE, case_folded

if TYPE_CHECKING:
    import pyarrow as pa


def shop_salt(shop_name: str | None) -> str:
    """The per-shop salt of the pseudonyms: one shop's "buyer-3f9a2c" is not another's."""
    return f"cx-redact:{(shop_name or '').strip().casefold()}"


def pseudonym(name: str, salt: str) -> str:
    """A stable stand-in for a buyer name: "buyer-" and 6 hex digits of HMAC-SHA256 of
    its ``buyer_key``.

    The same buyer and salt always give the same pseudonym, however the name is written
    ("Maria.Lopez", "@maria.lopez", "maria.lopez "), so a buyer can be followed across a
    report (and across weeks) without being named. It hides the name from a reader; it
    is not encryption — anyone with the salt and a list of usernames can test guesses.
    """
    key = buyer_key(name) or name.strip()
    digest = hmac.new(salt.encode("utf-8"), key.encode("utf-8"), hashlib.sha256)
    return "buyer-" + digest.hexdigest()[:6]


# A one-word name is word characters and these ("kelly.smith22", "anne-marie"). In text
# a name may be joined to them without being part of a longer word: "maria_lopez's",
# "maria_lopez-approved", "@kelly.smith22", "...maria_lopez". So a name is found wherever
# no word character touches it ("maria_lopez2" is another name).
_JOINERS = ".@+'-"
_RUN = re.compile(r"\w+")


def _tidy(name: str) -> str:
    """``name`` without a mention's "@" or a stray joiner at either end, its words one
    space apart: "@kelly.smith22", "Maria  Lopez." are "kelly.smith22", "Maria Lopez"."""
    return " ".join(name.strip().strip(_JOINERS).split())


def buyer_key(name: str) -> str:
    """The buyer a name stands for: tidied (``_tidy``) and folded (``case_folded``), as names
    are found in text. "Maria.Lopez", "@maria.lopez" and "MARIA.LOPEZ " are one buyer, and
    so are "Ann  Lee" and "ann lee"."""
    return case_folded(_tidy(name))


def keys_among(names: pa.Array | pa.ChunkedArray, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` (``buyer_key``s) is the key of one of ``names`` (a column).

    Most usernames are ASCII without a space: their key is the name trimmed of joiners
    and lowered, which Arrow works out for a million of them at once (one by one in
    Python took half a second). Only the others are keyed one by one.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    wanted = set(keys)
    if not wanted:
        return set()
    names = pc.unique(names.drop_null())
    plain = pc.fill_null(pc.and_(pc.string_is_ascii(names), pc.invert(
        pc.match_substring_regex(names, A_SPACE))), False)
    lowered = pc.utf8_lower(pc.utf8_trim(names.filter(plain), characters=_JOINERS))
    found = pc.filter(lowered, pc.is_in(lowered, value_set=pa.array(sorted(wanted),
                                                                 type=lowered.type)))
    others = names.filter(pc.invert(plain)).to_pylist()
    return set(found.to_pylist()) | wanted.intersection(map(buyer_key, others))


# A pseudonym in a text is left whole, whatever its parts look like (a buyer named
# "buyer" or "facade" must not rewrite "buyer-3f9a2c" or "buyer-facade").
_PSEUDONYM = re.compile(r"(?<!\w)" + PSEUDONYM_SHAPE + r"(?!\w)")


def _word_at(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a word character (as \\w); False outside ``text``."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _bounded(name: str) -> str:
    """A pattern of ``name`` that no word character touches (for a word-character edge),
    its words apart by any whitespace ("Ann  Lee", "Ann\tLee")."""
    return ((r"(?<!\w)" if _RUN.match(name) else "") + r"\s+".join(map(re.escape, name.split()))
            + (r"(?!\w)" if _RUN.match(name[-1]) else ""))


# A several-word name is looked up, not searched for: the folded text is cut into pieces
# (runs of word characters, runs of whitespace, and every other character on its own), a
# name found is whole pieces, whitespace one space, and where a name may start the pieces
# after it are looked up in a dict of names and a set of their beginnings. The pattern of
# every name (``_bounded``) found the same, trying each name at every place of a text:
# 42,000 texts took 32 s with 3,000 display names, 389 s with 30,000 (0.25 s and 0.27 s
# looked up; benchmarks/bench_redact.py).
_PIECE = re.compile(r"\w+|\s+|[^\w\s]")
# Letters re.IGNORECASE takes for one another that fold (``case_folded``) to different
# letters: "µ" (micro) matches "μ" (mu), "ϐ" matches "β", and the Cyrillic letters have
# old forms. A text with one of these where a name has another of its group is done the
# slow way (``Redactor._swap_several_slowly``), as the pattern of every name would.
_CASE_TWINS = ("\xb5\u03bc", "\u0345\u03b9\u1fbe", "\u0390\u1fd3", "\u03b0\u1fe3", "βϐ", "εϵ",
               "θϑ", "κϰ", "πϖ", "ρϱ", "φϕ", "вᲀ", "дᲁ", "оᲂ", "сᲃ", "тᲄᲅ", "ъᲆ", "ѣᲇ",
               "ꙋᲈ", "ṡẛ", "ﬅﬆ")
_TWINS_OF = {letter: frozenset(group) - {letter} for group in _CASE_TWINS for letter in group}


class Redactor:
    """Replaces known buyer names with their pseudonyms, in fields and in free text.

    One buyer, one pseudonym: a name is known by its ``buyer_key`` (whatever its case,
    spacing or "@"), and ``aliases`` link a name to the buyer it stands for (a ticket
    signed "Maria Lopez" on maria.lopez's order), whose pseudonym it then takes.
    """

    _WORD = re.compile(r"[\w.@+'-]+", re.UNICODE)

    def __init__(self, salt: str, names: Iterable[str] = (),
                 aliases: Mapping[str, str] | None = None) -> None:
        self.salt = salt
        self._cache: dict[str, str] = {}
        # Names are found whatever their case ("MARIA LOPEZ", "User28803"), folded
        # (``case_folded``), and each takes the pseudonym of its buyer (``buyer_key``).
        self._single: set[str] = set()  # folded one-word names
        self._alias: dict[str, str] = {}  # buyer key -> the buyer key it stands for
        # The first run of word characters of each one-word name with a joiner inside
        # ("kelly" of "kelly.smith22"), and the most runs any one-word name has.
        self._heads: set[str] = set()
        self._runs = 1
        self._joined: dict[str, re.Pattern[str]] = {}  # head -> a joiner and a run after it
        self._chain: re.Pattern[str] | None = None  # up to self._runs runs, joined
        # Buyer key -> name, names of several words (the least of those with one key: its
        # pattern finds them all), in the order the pattern of them all would try them.
        self._multi: dict[str, str] = {}
        # Looking them up (``_swap_several``): buyer key -> its place in that order, the
        # first piece of each (``_PIECE``), every beginning of one that ends between
        # pieces, the first run of word characters of each (or, with none, its first
        # character) and the letters that make a text go the slow way.
        self._multi_at: dict[str, int] = {}
        self._multi_starts: set[str] = set()
        self._multi_heads: set[str] = set()
        self._multi_first_runs: set[str] = set()
        self._multi_first_chars: set[str] = set()
        self._multi_twins: set[str] = set()
        self._multi_pattern: re.Pattern[str] | None = None  # made only for the slow way
        aliases = dict(aliases or {})
        self.add([*names, *aliases, *aliases.values()])
        for name, buyer in aliases.items():
            key, target = buyer_key(name), buyer_key(buyer)
            if key and target and key != target:
                self._alias[key] = target

    def add(self, names: Iterable[str]) -> None:
        """Register names that must not appear in free text (buyer usernames, full names)."""
        single, multi_names = self._single, self._multi
        for raw in names:
            if not isinstance(raw, str):
                continue
            name = raw.strip()
            if self._WORD.fullmatch(name):
                # A mention's "@" or a full stop around a name is no part of it: "@kelly"
                # is found as "kelly", and is the same buyer.
                key = buyer_key(name)
                if len(key) < 3:
                    continue  # also a name of joiners alone
                single.add(key)
                runs = _RUN.findall(key)
                if len(runs) > 1 or runs[0] != key:
                    self._heads.add(runs[0])
                    if len(runs) > self._runs:
                        self._runs, self._chain = len(runs), None
            else:
                # (Two letters would mask ordinary words, "Jo", "Al", all over the text,
                # also once a stray joiner is gone: a ticket signed "Jo ." or "- -".)
                name = _tidy(name)
                if len(name) < 3:
                    continue
                key = case_folded(name)
                multi_names[key] = min(multi_names.get(key, name), name)
        # Longest first, so "Maria Lopez Garcia" is replaced before "Maria Lopez"; ties by
        # name, so the order (and the digest) is the same in every process.
        multi = sorted(self._multi, key=lambda low: (-len(low), low))
        self._multi = {low: self._multi[low] for low in multi}
        self._multi_pattern = None
        self._multi_at, starts, heads = {}, set(), set()
        first_runs, first_chars, letters = set(), set(), set()
        for rank, low in enumerate(multi):
            self._multi_at[low] = rank
            pieces = _PIECE.findall(low)
            starts.add(pieces[0])
            heads.update(itertools.accumulate(pieces[:-1]))
            run = _RUN.search(low)
            if run is not None:
                first_runs.add(run.group())
            else:
                first_chars.add(low[0])
            if not low.isascii():
                letters.update(low)
        self._multi_starts, self._multi_heads = starts, heads
        self._multi_first_runs, self._multi_first_chars = first_runs, first_chars
        self._multi_twins = set().union(*(_TWINS_OF.get(letter, ()) for letter in letters))

    def __getstate__(self) -> dict:
        # Sent to the report's worker with every batch of texts: the pseudonyms made so
        # far (and the patterns of heads) are quick to make again, and 100,000 pseudonyms
        # would weigh megabytes.
        return {**self.__dict__, "_cache": {}, "_joined": {}, "_multi_pattern": None}

    def digest(self) -> str:
        """What decides ``text``: the salt, every registered name and every alias."""
        names = "\0".join([self.salt, *sorted(self._single), "", *self._multi.values(), "",
                           *(f"{key}\0{target}" for key, target in sorted(self._alias.items()))])
        return hashlib.blake2b(names.encode("utf-8", "surrogatepass"),
                               digest_size=16).hexdigest()

    def name(self, value: str | None) -> str | None:
        """The pseudonym of one buyer field (None and empty stay as they are): that of
        its buyer key, or of the buyer an alias links it to."""
        if value is None or not str(value).strip():
            return value
        value = str(value)
        found = self._cache.get(value)
        if found is None:
            key = buyer_key(value)
            found = self._cache[value] = pseudonym(self._alias.get(key, key) or value, self.salt)
        return found

    def text(self, value: str | None) -> str | None:
        """Free text with every registered name replaced by its pseudonym."""
        if not value:
            return value
        # Compared folded (``case_folded``: lower case, and İ, ı, ſ as the letters the
        # patterns' IGNORECASE matches them as), as the names are registered.
        low = case_folded(value)
        # Most texts name no one (a message's buyer is already a pseudonym): a name is
        # looked for first, without a call per word. A several-word name has its first
        # run of word characters in the text's runs (or, with none, its first character
        # in the text).
        runs = _RUN.findall(low)
        named = value
        if self._multi_twins and not self._multi_twins.isdisjoint(low):
            named = self._swap_several_slowly(value, low)
        elif self._multi and (not self._multi_first_runs.isdisjoint(runs) or (
                self._multi_first_chars and not self._multi_first_chars.isdisjoint(low))):
            named = self._swap_several(value, low)
        if named is not value:
            value, low = named, case_folded(named)
            runs = _RUN.findall(low)
        # A one-word name no word character touches is a run of word characters of the
        # text or, with a joiner inside, starts with one that a joiner and another run
        # follow (looked for only after the few heads the text has: "beauty" of
        # "beauty.dad" may be in every text of a shop).
        starts = self._single.intersection(runs)
        heads = self._heads
        if heads and not heads.isdisjoint(runs):
            starts.update(head for head in heads.intersection(runs)
                          if self._joined_after(head).search(low))
        return self._swap_words(value, low, starts) if starts else value

    def _joined_after(self, head: str) -> re.Pattern[str]:
        """A pattern of ``head`` with a joiner and a run of word characters after it."""
        pattern = self._joined.get(head)
        if pattern is None:
            pattern = self._joined[head] = re.compile(re.escape(head) + r"[.@+'-]+\w")
        return pattern

    def _swap_several(self, value: str, low: str) -> str:
        """``value`` with every several-word name replaced, given ``low``
        (``case_folded(value)``, as long).

        Where a name may start (a piece of ``low`` that is the first piece of one), the
        pieces after it are joined while they are the beginning of a name, and each
        joined that is a name is found. Pieces are whole runs of word characters, so no
        word character touches a name found ("Ann Lee" is not in "Ann Leeds" or
        "JoAnn Lee"), as ``_bounded`` says where its first or last character is one;
        where it is not one, the name is a piece of its own ("!kim x" in "a!kim x").
        Of the names found, the first from the left is replaced, the longest of those
        starting there, and so on after it: what the pattern of every name (tried
        longest first) replaced.
        """
        pieces = _PIECE.findall(low)
        starts, heads, names = self._multi_starts, self._multi_heads, self._multi_at
        last = len(pieces) - 1
        found: list[tuple[int, int, int, str]] = []  # first piece, rank, last piece, key
        for first, piece in enumerate(pieces):
            if piece not in starts:
                continue
            key, at = piece, first
            while True:
                rank = names.get(key)
                if rank is not None:
                    found.append((first, rank, at, key))
                if at == last or key not in heads:
                    break
                at += 1
                key += " " if pieces[at].isspace() else pieces[at]
        if not found:
            return value
        ends = [0, *itertools.accumulate(map(len, pieces))]
        parts: list[str] = []
        done = 0
        for first, _rank, at, key in sorted(found):
            start, end = ends[first], ends[at + 1]
            if start < done:
                continue
            parts += (value[done:start], self.name(self._multi[key]) or value[start:end])
            done = end
        return "".join(parts) + value[done:] if parts else value

    def _swap_several_slowly(self, value: str, low: str) -> str:
        """``_swap_several`` for a text with a letter re.IGNORECASE takes for another
        letter of a name (``_CASE_TWINS``), which the folded text does not show: the
        pattern of every name, tried at every place, where one of the names' keys is in
        the text."""
        spaced = " ".join(low.split())  # the names' words one space apart, as here
        if not any(name in spaced for name in self._multi):
            return value
        if self._multi_pattern is None:
            # The names as registered ("İlker" lowers to two characters, which the
            # pattern of its lower case would not match back).
            self._multi_pattern = re.compile(
                "|".join(_bounded(name) for name in self._multi.values()), re.IGNORECASE)
        return self._multi_pattern.sub(self._swap_multi, value)

    def _swap_multi(self, match: re.Match[str]) -> str:
        """The pseudonym of the multi-word name ``match`` found, whatever its case and
        spacing."""
        found = match.group(0)
        name = self._multi.get(buyer_key(found))
        if name is None:  # a case folding does not map back
            name = next(n for n in self._multi.values()
                        if re.fullmatch(_bounded(n), found, re.IGNORECASE))
        return self.name(name) or found

    def _swap_words(self, value: str, low: str, starts: set[str]) -> str:
        """``value`` with every one-word name replaced, given ``low`` (``case_folded(value)``,
        as long: each character folds to one) and the runs of word characters a name
        could start with (``starts``).

        Only where those runs are is a name looked for, from left to right, the longest
        from each: "kelly.smith22" before "kelly". A pseudonym is skipped.
        """
        found = []
        for run in starts:
            at = low.find(run)
            while at >= 0:
                end = at + len(run)
                if not (_word_at(low, at - 1) or _word_at(low, end)):
                    found.append(at)
                # None starts inside this one: a word character would precede it.
                at = low.find(run, end)
        kept = [m.span() for m in _PSEUDONYM.finditer(low)] if "buyer-" in low else []
        if self._chain is None:
            self._chain = re.compile(rf"\w+(?:[.@+'-]+\w+){{0,{self._runs - 1}}}")
        single = self._single
        parts: list[str] = []
        done = 0
        for at in sorted(found):
            if at < done or any(left <= at < right for left, right in kept):
                continue
            chain = self._chain.match(low, at)
            for end in sorted((run.end() for run in _RUN.finditer(low, at, chain.end())),
                              reverse=True):
                key = low[at:end]
                if key in single:
                    parts += (value[done:at], self.name(key) or value[at:end])
                    done = end
                    break
        return "".join(parts) + value[done:] if parts else value
