"""Policy lint: review and messaging rules over message text, templates and the config.

The rules themselves live in ``lint_rules``; this module turns text into sentences
(Jinja and HTML markup made opaque first, the string literals inside Jinja tags read
on their own), runs the rules, maps offsets to line and column, and applies inline
``cx: allow CX201`` suppressions and ``lint.disable``.

Pure Python (no pandas, pyarrow, typer or rich): `cx lint` must start instantly.
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cx_cli.engines.lint_rules import CHECKS, RULES, Context, Hit, Sentence
from cx_cli.errors import CxError
from cx_cli.markets import MARKETS, known_markets, market_code

if TYPE_CHECKING:
    from cx_cli.config import Settings

__all__ = ["RULES", "Finding", "lint_paths", "lint_stage_config", "lint_text", "mask_markup"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format(self) -> str:
        """ruff style: ``path:line:col CODE message``."""
        return f"{self.path}:{self.line}:{self.col} {self.code} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


# --- markup: Jinja and HTML are opaque ------------------------------------------------

# Markup is found left to right, each opener closed by the first closer after it. As
# regexes ("\{\{.*?\}\}", "<!--.*?-->"), every opener that is never closed was searched
# to the end of the text: 10,000 unclosed "{{" took two seconds. Below, the first
# unclosed opener of a kind rules out the later ones.
_JINJA_CLOSERS = {"{": "}}", "%": "%}", "#": "#}"}  # after "{"
_HTML_BLOCK_START = re.compile(r"<(style|script)\b[^>]*>", re.IGNORECASE)
_HTML_BLOCK_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
                   for name in ("style", "script")}
_HTML_TAG = re.compile(r"</?[A-Za-z!][\w:-]*(?:\s[^<>]*)?/?>")  # comments apart
_LINK_ATTR = re.compile(r"""\b(?:href|src|action)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# A placeholder *named* like an incentive ({{ coupon }}, {{ discount_code }}) is one.
_INCENTIVE_NAMES = frozenset({
    "coupon", "coupons", "discount", "discounts", "voucher", "vouchers", "promo", "promocode",
    "giftcard", "gift", "reward", "rewards", "cashback", "rebate", "freebie", "bonus",
})
_PLACEHOLDER_WORD = "coupon"


def _blank(text: str) -> str:
    return "".join("\n" if c == "\n" else " " for c in text)


def _is_incentive_expression(expr: str) -> bool:
    names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr.split("|")[0])
    parts = {p.lower() for name in names for p in name.split("_") if p}
    return bool(parts & _INCENTIVE_NAMES) or any(n.lower() == "code" for n in names)


def _jinja_spans(text: str) -> Iterator[tuple[int, int]]:
    """``{{ }}``, ``{% %}`` and ``{# #}``."""
    closers = dict(_JINJA_CLOSERS)
    pos = 0
    while (start := text.find("{", pos)) != -1:
        kind = text[start + 1:start + 2]
        closer = closers.get(kind)
        end = -1 if closer is None else text.find(closer, start + 2)
        if end == -1:
            closers.pop(kind, None)  # never closed: nor is a later one of its kind
            pos = start + 1
        else:
            yield start, end + 2
            pos = end + 2


def _html_block_spans(text: str) -> Iterator[tuple[int, int]]:
    """``<style>…</style>`` and ``<script>…</script>``."""
    unclosed: set[str] = set()
    last = text.rfind(">") + 1  # an opening tag ends with a ">"
    pos = 0
    while (m := _HTML_BLOCK_START.search(text, pos, last)) is not None:
        name = m.group(1).lower()
        end = None if name in unclosed else _HTML_BLOCK_END[name].search(text, m.end())
        if end is None:
            unclosed.add(name)
            pos = m.start() + 1
        else:
            yield m.start(), end.end()
            pos = end.end()


def _html_tag_spans(text: str) -> Iterator[tuple[int, int]]:
    """HTML tags and comments, a comment first where one starts."""
    if "<!--" not in text:
        yield from (m.span() for m in _HTML_TAG.finditer(text))
        return
    last = text.rfind("-->")
    pos = 0
    tag = _HTML_TAG.search(text)
    comment = text.find("<!--")
    while True:
        if tag is not None and tag.start() < pos:
            tag = _HTML_TAG.search(text, pos)
        if 0 <= comment < pos:
            comment = text.find("<!--", pos)
        if comment != -1 and comment + 4 <= last and (tag is None or comment <= tag.start()):
            pos = text.find("-->", comment + 4) + 3
            yield comment, pos
        elif tag is not None:
            pos = tag.end()
            yield tag.span()
        else:
            return


def mask_markup(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Text of the same length with Jinja and HTML markup blanked out.

    Returns the masked text and the spans of placeholders that stand for an incentive
    (``{{ coupon }}``): those read as the word "coupon" so the rules see them.
    """
    chars = list(text)
    incentive_spans: list[tuple[int, int]] = []

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    for start, end in _jinja_spans(text):
        blank(start, end)
        body = text[start:end]
        if body.startswith("{{") and _is_incentive_expression(body[2:-2]) \
                and len(body) >= len(_PLACEHOLDER_WORD):
            chars[start:start + len(_PLACEHOLDER_WORD)] = _PLACEHOLDER_WORD
            incentive_spans.append((start, end))
    masked = "".join(chars)
    for start, end in _html_block_spans(masked):
        blank(start, end)
    masked = "".join(chars)
    for start, end in _html_tag_spans(masked):
        links = [(a.start(1), a.end(1)) for a in _LINK_ATTR.finditer(masked, start, end)]
        blank(start, end)
        for a, b in links:  # an href stays visible: a link in markup is still a link
            chars[a:b] = text[a:b]
    return "".join(chars), incentive_spans


# --- text inside Jinja tags ------------------------------------------------------------

# A literal that is one word ('SHIPPED', 'review_request', 'es') is a key, a name or a
# value compared against, not text a buyer reads.
_ONE_WORD = re.compile(r"[\w-]*")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r"""(['"])(.*?)\1""", re.DOTALL)


def _words_quoted_in_tags(text: str) -> bool:
    """Might a tag hold a literal of more than one word? Only then is Jinja imported:
    it takes about 20 ms, a third of `cx lint`'s start-up budget, and most templates'
    literals are one word (``{{ order.buyer or "there" }}``, ``"s" if n != 1``). This
    only decides whether to ask the lexer: a literal with an escaped quote or anything
    but a word in it, or a quote without its pair, says yes."""
    for start, end in _jinja_spans(text):
        if text[start + 1] == "#":
            continue
        body = text[start + 2:end - 2]
        if body.count("'") % 2 or body.count('"') % 2:
            return True
        if any(not _ONE_WORD.fullmatch(m.group(2)) for m in _QUOTED.finditer(body)):
            return True
    return False


@lru_cache(maxsize=1)
def _jinja_lexer() -> Any:
    from jinja2 import Environment

    return Environment(keep_trailing_newline=True).lexer


def jinja_literals(text: str) -> list[tuple[int, str]]:
    """The string literals inside ``{{ }}`` and ``{% %}`` tags, as (offset of the text
    between the quotes, that text as written): ``{{ 'Email help@acme.co' }}``, ``{% set
    note = '…' %}``, ``{{ "…" ~ x }}``, a macro's default argument. Comments have none.

    Read with Jinja's own lexer (imported only when a tag may quote more than one
    word). A text Jinja cannot lex gives the literals before the place it stops at.
    """
    if ("{{" not in text and "{%" not in text) or not _words_quoted_in_tags(text):
        return []
    from jinja2.exceptions import TemplateSyntaxError

    # The lexer reads every line end as "\n": offsets are found in that text, then
    # moved to the same line and column of ``text``.
    normal = _NEWLINE.sub("\n", text)
    found: list[tuple[int, str]] = []
    cursor = 0
    try:
        for _line, kind, value in _jinja_lexer().tokeniter(normal, None):
            at = normal.find(value, cursor)
            if at == -1:  # (a token is always there; if not, stop rather than guess)
                break
            cursor = at + len(value)
            inner = value[1:-1]
            if kind == "string" and not _ONE_WORD.fullmatch(inner):
                found.append((at + 1, inner))
    except TemplateSyntaxError:
        pass
    if normal is text or len(normal) == len(text) or not found:
        return found
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    normal_starts = [0] + [i + 1 for i, c in enumerate(normal) if c == "\n"]
    moved = []
    for at, inner in found:
        line = bisect.bisect_right(normal_starts, at) - 1
        moved.append((starts[line] + at - normal_starts[line], inner))
    return moved


# --- accents typed as separate marks -----------------------------------------------------

# A letter and the accents typed after it as marks of their own ("e" U+0323 U+0302, as
# some keyboards and text copied from PDFs or macOS file names have it) read as the one
# letter they make ("ệ"): the rules are written in precomposed letters ("điện thoại",
# "reseña"). Only such letters are composed, so a text without marks is left as it is.
_MARKED = re.compile("(?s).[\u0300-\u036f]+")
_MARK = re.compile("[\u0300-\u036f]")


def compose_marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each letter and its separately typed accents composed (NFC), and
    where the text got shorter: after each composed letter, (offset in the result,
    offset in ``text``). Empty when nothing moved."""
    if text.isascii() or _MARK.search(text) is None:
        return text, []
    parts: list[str] = []
    moves: list[tuple[int, int]] = []
    pos = length = 0
    for m in _MARKED.finditer(text):
        composed = unicodedata.normalize("NFC", m.group(0))
        if composed == m.group(0):
            continue
        parts += [text[pos:m.start()], composed]
        length += m.start() - pos + len(composed)
        pos = m.end()
        moves.append((length, pos))
    parts.append(text[pos:])
    return "".join(parts), moves


def _offset_in(moves: list[tuple[int, int]], offset: int) -> int:
    """The offset in the text as written of an offset in ``compose_marks``' result."""
    at = bisect.bisect_right(moves, offset, key=lambda move: move[0]) - 1
    if at < 0:
        return offset
    composed, written = moves[at]
    return written + offset - composed


# --- sentences --------------------------------------------------------------------------

_BOUNDARY = re.compile(r"""
    (?<![.!?…])[.!?…]+["'”’)\]]*(?=\s|$)   # end of a sentence (tried once per run)
  | \n[ \t]*\n\s*                          # a blank line ends a paragraph
  | \n(?=[ \t]*(?:[-*•]|\d+[.)])\s)        # a list item starts
  | (?<=:)[ \t]*\n                         # a line that introduces something
  | \n(?=[ \t]*\#)                         # a Markdown heading
""", re.VERBOSE)


def split_sentences(masked: str) -> list[Sentence]:
    """Sentences (with their offsets) of masked text; rules never look across a paragraph."""
    spans: list[tuple[int, int, bool]] = []  # start, end, paragraph break after
    pos = 0
    for m in _BOUNDARY.finditer(masked):
        end = m.end() if not m.group(0).startswith("\n") else m.start()
        spans.append((pos, end, "\n\n" in re.sub(r"[ \t]", "", m.group(0))))
        pos = m.end()
    spans.append((pos, len(masked), True))
    out: list[Sentence] = []
    prev = ""
    for start, end, para_break in spans:
        chunk = masked[start:end]
        stripped = chunk.lstrip()
        if stripped.strip():
            s = Sentence(start + len(chunk) - len(stripped), stripped.rstrip(), prev)
            out.append(s)
            prev = s.low
        if para_break:
            prev = ""
    return out


# --- suppression -----------------------------------------------------------------------

_ALLOW = re.compile(r"cx:\s*allow\s+((?:CX\d{3})(?:\s*,\s*CX\d{3})*)", re.IGNORECASE)
# Spaces before and after an opener that is not there match one way only: "\s*X?\s*" split
# a long run of spaces every way there is.
_COMMENT_OPENER = re.compile(r"\s*(?:(?:\{#-?|<!--|#+|//|/\*|;+|--|%)\s*)?")


def suppressions(text: str) -> dict[int, set[str]]:
    """1-based line -> codes allowed there by a ``cx: allow CODE[, CODE]`` comment.

    A comment alone on its line also covers the next line.
    """
    allowed: dict[int, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        m = _ALLOW.search(line)
        if not m:
            continue
        codes = {c.strip().upper() for c in m.group(1).split(",")}
        allowed.setdefault(number, set()).update(codes)
        if _COMMENT_OPENER.fullmatch(line[:m.start()]):
            allowed.setdefault(number + 1, set()).update(codes)
    return allowed


# --- one finding per violation ------------------------------------------------------------

def one_per_violation(hits: list[Hit], lines: list[int]) -> list[Hit]:
    """One sentence's hits (on the given 1-based lines), a rule matched twice on a line
    reported once.

    "Email us at help@acme.co" is one violation, not two ('Email us' and the address):
    when a line of a sentence has hits of a rule that are things of their own to remove
    (an address, a number, a link), those are reported and the rule's other hits there
    are not; otherwise the first hit of the rule on the line stands for the rest ("ACT NOW
    before the price goes up!" is one urgency finding). A sentence running over several
    lines (a CSV file has no full stops) keeps each line's findings.
    """
    if len(hits) < 2:
        return hits
    groups: dict[tuple[int, str], list[Hit]] = {}
    for hit, line in zip(hits, lines, strict=True):
        groups.setdefault((line, hit.code), []).append(hit)
    kept: list[Hit] = []
    for group in groups.values():
        distinct = [h for h in group if h.distinct]
        kept += distinct or [min(group, key=lambda h: (h.start, -h.end))]
    return kept


# --- the public API -----------------------------------------------------------------------

def _market(market: str) -> bool:
    code = market_code(market or "us")
    if code is None:
        raise CxError(f"unknown market {market!r}", f"known: {known_markets()}")
    return MARKETS[code].review_update_allowed


def rule_disabled(code: str, disable: Sequence[str]) -> bool:
    """Does `lint.disable` (codes or prefixes such as CX3) turn rule ``code`` off?"""
    return any(code.startswith(d.strip().upper()) for d in disable if d.strip())


# (context, sentence, the sentence before it) -> what the checks find there, at offsets
# from the sentence's start: the rules read a sentence and the one before it, nothing
# else, and a day's messages repeat their sentences (an order list's product lines).
_SENTENCE_HITS: dict[tuple[Context, str, str], list[Hit]] = {}
MAX_REMEMBERED_SENTENCES = 100_000


def _sentence_hits(sentence: Sentence, ctx: Context) -> list[Hit]:
    """The checks' hits in one sentence (at offsets into the whole text), remembered."""
    key = (ctx, sentence.text, sentence.prev)
    at = sentence.start
    found = _SENTENCE_HITS.get(key)
    if found is None:
        if len(_SENTENCE_HITS) >= MAX_REMEMBERED_SENTENCES:
            _SENTENCE_HITS.clear()
        hits = [hit for check in CHECKS for hit in check(sentence, ctx)]
        _SENTENCE_HITS[key] = [replace(h, start=h.start - at, end=h.end - at) for h in hits]
        return hits
    return [replace(h, start=h.start + at, end=h.end + at) for h in found] if found else []


def lint_text(text: str, *, path: str = "-", market: str = "us",
              allow_domains: Sequence[str] = (), disable: Sequence[str] = ()) -> list[Finding]:
    """Findings for one text (a message, or a template's source), sorted by position.

    Args:
        text: the message or template source; ``{{ }}``/``{% %}`` markup is opaque
            except that a placeholder named like an incentive counts as one, and the
            string literals inside it are read, each as a text of its own.
        path: what to call the text in findings.
        market: ``shop.market``; th and id may ask for a review update (CX103 relaxed).
        allow_domains: link domains that are fine besides TikTok's own.
        disable: rule codes (or prefixes like ``CX3``) to skip.
    """
    ctx = Context(market_allows_review_update=_market(market),
                  allow_domains=tuple(allow_domains))
    written = text
    text, moves = compose_marks(written)
    masked, incentive_spans = mask_markup(text)
    sentences = split_sentences(masked)
    for at, literal in jinja_literals(text):
        sentences += [Sentence(at + s.start, s.text) for s in split_sentences(literal)]
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    # Lines and columns are those of the text as written, before its marks were composed.
    written_starts = line_starts if not moves else \
        [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", written)]
    hits: list[Hit] = []
    for sentence in sentences:
        found = _sentence_hits(sentence, ctx)
        if found:
            hits += one_per_violation(found, [bisect.bisect_right(line_starts, h.start)
                                              for h in found])
    allowed = suppressions(text)
    seen: set[tuple[int, int, str]] = set()
    findings: list[Finding] = []
    for hit in hits:
        if rule_disabled(hit.code, disable):
            continue
        line = bisect.bisect_right(line_starts, hit.start)
        col = (hit.start if not moves else _offset_in(moves, hit.start)) \
            - written_starts[line - 1] + 1
        if hit.code in allowed.get(line, ()) or (line, col, hit.code) in seen:
            continue
        seen.add((line, col, hit.code))
        message = hit.message
        for a, b in incentive_spans:  # name the whole placeholder, not its first letters
            if a == hit.start:
                message = re.sub(r"\('[^']*'\)", f"('{text[a:b]}')", message, count=1)
        findings.append(Finding(path, line, col, hit.code, RULES[hit.code].severity, message))
    return sorted(findings)


_SKIP_DIRS = {"__pycache__", "node_modules"}


def read_text_file(path: Path) -> str | None:
    """A file's text, or None for a binary file (cx lint skips those)."""
    return decode_text(path.read_bytes())


def decode_text(data: bytes) -> str | None:
    """Bytes as text (UTF-16 by its mark, UTF-8, else cp1252), or None when binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if is_binary(data):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def is_binary(head: bytes) -> bool:
    """Do the first bytes of a file say it is not text (a NUL outside UTF-16)?"""
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in head[:8192]


def iter_files(paths: Iterable[str | Path]) -> Iterable[Path]:
    """Files named, and files under folders named (recursively, hidden files and folders
    skipped)."""
    for spec in paths:
        p = Path(spec)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS]
                # A link to nothing (or a loop of links) in a folder is no text to check.
                found += [Path(root) / name for name in files
                          if not name.startswith(".") and os.path.exists(Path(root) / name)]
            yield from sorted(found)
        elif p.exists():  # a file, or a pipe (cx lint <(cmd)) or /dev/stdin
            yield p
        elif p.is_symlink():
            raise CxError(f"{spec} is a link to {os.readlink(p)}, which cannot be read "
                          "(it does not exist, or the links loop)",
                          "point the link at a file, or lint the file itself")
        else:
            raise CxError(f"{spec} does not exist",
                          "cx lint takes files, folders, or - for stdin; `cx lint` alone checks "
                          "your templates folder, the bundled templates and the config's "
                          "stages (`cx init` writes templates to edit)")


def lint_paths(paths: Iterable[str | Path], *, market: str = "us",
               allow_domains: Sequence[str] = (), disable: Sequence[str] = ()) -> list[Finding]:
    """Lint files of any extension and folders recursively; binary files are skipped."""
    findings: list[Finding] = []
    for file in iter_files(paths):
        try:
            text = read_text_file(file)
        except OSError as exc:
            raise CxError(f"cannot read {file}: {exc.strerror or exc}") from None
        if text is not None:
            findings += lint_text(text, path=str(file), market=market,
                                  allow_domains=allow_domains, disable=disable)
    return findings


# --- CX105: review gating in the configuration ------------------------------------------

REVIEW_STAGES = ("review_request", "review_reminder")
_GATING = re.compile(r"rating|stars?\b|score|sentiment|positive|negative|happy|satisf|csat|nps"
                     r"|refund|return|ticket|complain|solved|resolved|outcome|dispute|feedback"
                     r"|emotion|mood|review", re.IGNORECASE)


def is_review_stage(name: str, template: str | None) -> bool:
    """A stage that asks for a review: the two built-in ones, or any about reviews."""
    return name in REVIEW_STAGES or "review" in name.lower() or "review" in (template or "").lower()


def _gating_term(value: Any) -> str | None:
    if isinstance(value, dict):
        for k, v in value.items():
            term = _gating_term(k) or _gating_term(v)
            if term:
                return term
        return None
    if isinstance(value, list | tuple):
        for v in value:
            term = _gating_term(v)
            if term:
                return term
        return None
    m = _GATING.search(str(value))
    return m.group(0) if m else None


def _yaml_position(text: str, keys: Sequence[str]) -> tuple[int, int] | None:
    """1-based (line, col) of the deepest of ``keys`` found in the YAML text."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    where = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return where
        for key_node, value_node in node.value:
            if key_node.value == key:
                mark = key_node.start_mark
                where, node = (mark.line + 1, mark.column + 1), value_node
                break
        else:
            return where
    return where


def lint_stage_config(settings: Settings, *, disable: Sequence[str] | None = None) -> list[Finding]:
    """CX105: a review-request stage whose ``filters`` gate on rating, refund, tickets…"""
    disable = settings.lint.disable if disable is None else disable
    if rule_disabled("CX105", disable):
        return []
    path = str(settings.path) if settings.path else "cx.yaml"
    text = ""
    if settings.path is not None:
        try:
            text = Path(settings.path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
    findings = []
    for name, stage in settings.messages.stages.items():
        if not is_review_stage(name, stage.template):
            continue
        for key, value in stage.filters.items():
            term = _gating_term({key: value})
            if term is None:
                continue
            keys = ("messages", "stages", name, "filters", key)
            line, col = (_yaml_position(text, keys) if text else None) or (1, 1)
            findings.append(Finding(
                path, line, col, "CX105", RULES["CX105"].severity,
                f"review gating: stage '{name}' is filtered on '{key}' ({term}); a review "
                "request goes to every delivered order, so remove this filter"))
    return sorted(findings)
