"""The policy rules of `cx lint`, one checker per rule over one sentence at a time.

Each checker reasons about a whole sentence, not single words: "coupon" alone is fine
("use the coupon from your TikTok coupon centre"), "coupon" *for a review* is not. The
regular expressions run on a lower-cased copy of the sentence with the same length,
so match offsets are offsets into the original text.

Pure Python on purpose: `cx lint` must start without pandas.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

from cx_cli.lint_codes import ERROR, RULES, WARNING, Rule  # noqa: F401 (re-exported)

# Domains that are the platform itself; links there keep the buyer on TikTok Shop.
PLATFORM_DOMAINS = ("tiktok.com", "tiktokshop.com", "tiktokglobalshop.com")

# ALL-CAPS words that are names or units, not shouting.
ACRONYMS = frozenset({
    "USPS", "FEDEX", "HDMI", "NASA", "USDA", "ASIN", "JPEG", "HTTP", "HTTPS", "HTML", "WIFI",
    "OEKO", "LINE", "ISBN", "GOTS", "UKCA", "ROHS", "DEET", "ANSI", "OSHA", "NIOSH", "NOAA",
    "TIKTOK", "XLSX", "JSON", "YAML", "README", "YYYY", "ASCII", "UUID", "HEPA", "LCD", "OLED",
    "QLED", "HDR", "USBC", "NFC", "GPS", "AAAA", "SPF", "OXXO", "SPEI", "CNPJ", "QRIS",
})


@dataclass
class Sentence:
    """One sentence of the (template-masked) text; ``start`` is its offset in the text."""

    start: int
    text: str
    prev: str = ""  # the previous sentence of the same paragraph, lower-cased
    low: str = field(init=False)

    _other: bool | None = field(default=None, init=False, repr=False, compare=False)
    _folded: tuple[str, list[int] | None] | None = field(default=None, init=False, repr=False,
                                                         compare=False)

    def __post_init__(self) -> None:
        # A typographic apostrophe (what word processors write: "we’ll") reads as "'":
        # the rules spell "we'll", and the same words must find the same things.
        self.low = lower_same_length(self.text).replace("’", "'")

    @property
    def other_language(self) -> bool:
        """Could the sentence be Indonesian, Malay, Vietnamese, Portuguese or Thai? A cheap
        look (a Thai or Vietnamese letter, or a common word of those languages) before
        their patterns run: most sentences are English and skip them."""
        if self._other is None:
            self._other = _maybe_other_language(self.low)
        return self._other

    @property
    def folded(self) -> tuple[str, list[int] | None]:
        """The lower-cased text with its accents taken off ("đánh giá" reads "danh gia",
        "avaliação" "avaliacao"), and where each of its characters was in the text (None
        when nowhere moved: only accents typed as separate marks are dropped)."""
        if self._folded is None:
            self._folded = fold_accents(self.low)
        return self._folded


@dataclass(frozen=True)
class Hit:
    start: int  # offset into the whole text
    end: int
    code: str
    message: str
    # A thing of its own to remove (an e-mail address, a phone number, a link): two of
    # them in one sentence are two findings, and other matches of the rule there
    # ("Email us at ...") fold into them.
    distinct: bool = False


@dataclass(frozen=True)
class Context:
    market_allows_review_update: bool = False
    allow_domains: Sequence[str] = ()


def lower_same_length(text: str) -> str:
    """Lower-case without changing the length (a few characters lower to two)."""
    out = text.lower()
    if len(out) == len(text):
        return out
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_FOLD_TABLE: dict[int, int | None] = {}


def fold_accents(low: str) -> tuple[str, list[int] | None]:
    """``low`` without accents: a letter with accents becomes its plain letter ("ệ" "e",
    "đ" "d", "ç" "c"), an accent typed as its own mark is dropped. Returns the text and,
    when marks were dropped, the offset in ``low`` of each character (and of the end)."""
    if not _FOLD_TABLE:
        import unicodedata

        for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
            base = unicodedata.normalize("NFD", chr(code))[0]
            if base.isascii() and base != chr(code):
                _FOLD_TABLE[code] = ord(base)
        _FOLD_TABLE.update({ord("đ"): ord("d"), ord("Đ"): ord("D"),
                            **dict.fromkeys(range(0x300, 0x370))})
    folded = low.translate(_FOLD_TABLE)
    if len(folded) == len(low):
        return folded, None
    where = [i for i, c in enumerate(low) if not 0x300 <= ord(c) < 0x370]
    return folded, [*where, len(low)]


# The words that let a sentence through to the Indonesian, Malay, Vietnamese (typed
# without its accents), Portuguese and Thai patterns: each of those patterns holds one of
# them, or a Thai, Vietnamese or Portuguese letter.
_WORDS = """
    yang dan untuk utk kami kak kakak ka ya yaa dengan ini itu akan sudah udah dari tidak
    tak tdk jangan mohon anda kita saya agar supaya bisa boleh sila juga atau dapat dapet
    dapatkan mendapat mendapatkan dpt kasih kasi beri berikan memberi memberikan terima
    makasih ulas ulasan ulasannya bintang penilaian nilai testimoni hubungi hub kontak nomor
    nombor rekening rek akaun tf trf langsung setelah sesudah selepas lepas jika
    kalau kalo bila apabila asal asalkan lagi aja saja dong nih yuk ayo buat bagi pesanan
    barang produk admin nanti stok terbatas terhad buruan cepetan tolong minta bantu ubah
    hapus ganti padam tukar bayar terus kehabisan sebelum tanpa dulu baru wa wasap berhak
    sebagai diskon diskaun baucar hadiah percuma potongan ongkir
    ke wang duit pindah pindahkan maybank cimb shopee lazada
    ban minh cho nhe nha khong ko duoc dc cua voi nhan danh zalo ck stk chuyen khoan nhanh
    giup vui long cam lien lh sdt hoan truc mua tang sao
    voce vc nao pra seu sua nos nosso nossa uma mais aqui gente
    agora zap whats wpp pix avalie avalia avaliar avaliando avaliacao avaliacoes estrelas pela
    estrelinhas cupom brinde ganhe receba obrigado obrigada frete loja chama ligue liga
    chave direto corre acaba hoje acabe nota pode coment comente comentar elogio mimo resenha
    estrela
"""
_OTHER_LANGUAGE_WORDS = frozenset(_WORDS.split())
_ASCII_WORD = re.compile(r"[a-z]+")
# Thai, the letters only Vietnamese writes (its own, its tones in the Latin Extended
# Additional block, and the grave, tilde and "ý" tones Spanish never writes), and the
# Portuguese ones Spanish has not.
_OTHER_LANGUAGE_LETTER = re.compile("[\u0e01-\u0e5b\u1ea0-\u1ef9ăđơưãõçêâôàèìòùýĩũ]")
# A Vietnamese sentence may carry only the acute accents Spanish writes too ("Xóa review
# giúp shop"): its common words spelled so tell it apart (none is a Spanish word).
_ACUTE_WORD = re.compile(r"\w*[áéíóú]\w*")
_VIETNAMESE_ACUTE_WORDS = frozenset({
    "xóa", "xoá", "giúp", "nhé", "có", "thích", "khó", "lúc", "ví", "gói", "bán", "hóa", "hoá",
    "nói", "cái", "bé", "tí", "tính",
})


def _maybe_other_language(low: str) -> bool:
    return (_OTHER_LANGUAGE_LETTER.search(low) is not None
            or not _OTHER_LANGUAGE_WORDS.isdisjoint(_ASCII_WORD.findall(low))
            or (not low.isascii()
                and not _VIETNAMESE_ACUTE_WORDS.isdisjoint(_ACUTE_WORD.findall(low))))


class _Lazy:
    """A regular expression compiled on first use.

    Compiling every rule's patterns took a third of `cx lint`'s start-up; most of them
    only confirm a first match (a tie to a review once an incentive is found), so on a
    clean template they are never compiled at all.
    """

    __slots__ = ("_args", "_guard", "_pattern")

    def __init__(self, pattern: str, flags: int, guard: str = "") -> None:
        self._args = (pattern, flags)
        self._guard = guard
        self._pattern: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._pattern is None:
            pattern, flags = self._args
            if self._guard:
                # The line break ends a trailing verbose comment before the ")".
                pattern = f"{self._guard}(?:{pattern}\n)"
            self._pattern = re.compile(pattern, flags)
        return self._pattern

    def unguarded(self) -> re.Pattern[str]:
        """The pattern as written, without its guard (the tests match both alike)."""
        return re.compile(*self._args)

    def search(self, *args):
        return self._get().search(*args)

    def match(self, *args):
        return self._get().match(*args)

    def fullmatch(self, *args):
        return self._get().fullmatch(*args)

    def finditer(self, *args):
        return self._get().finditer(*args)

    def findall(self, *args):
        return self._get().findall(*args)

    def sub(self, *args):
        return self._get().sub(*args)

    @property
    def pattern(self) -> str:
        return self._args[0]


def _c(pattern: str, flags: int = 0, *, starts: str | None = None) -> re.Pattern[str]:
    """A lazily compiled verbose pattern.

    ``starts``: for a long list of alternatives that each begin at the start of a word
    or with one of these characters. Saying so up front in a lookahead lets the regex
    engine leave every other position after one test instead of trying each
    alternative there: INCENTIVE runs about 3.5× faster, with the same matches.
    """
    guard = ("" if starts is None else r"(?=\b\w)" if not starts
             else rf"(?=[{re.escape(starts)}]|\b\w)")
    return _Lazy(pattern, re.VERBOSE | flags, guard)  # type: ignore[return-value]


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- shared vocabulary ---------------------------------------------------------------

_REVIEW_WORD = r"(?:review(?:s|ed|ing|er|ers)?|ratings?|rated|rate|feedback|testimonials?)"
REVIEW = _c(rf"\b{_REVIEW_WORD}\b")
# "review" as "check" or the seller looking at a case, "rate" as a quantity, a product
# "rating" (IP67 rating): none of them is the buyer's review.
_REVIEW_VERB_OBJECT = _c(r"""
    \s+(?:the|your|our|these|those|this)\s+(?:\w+\s+)?
    (?:order|orders|details|address|changes|instructions|steps|setup|set-up|guide|policy|terms|
       info|information|invoice|summary|cart|settings|manual|card|photos?|pictures?|images?|
       videos?|case|request|claim|ticket|evidence|documents?|faq|options|size\s+chart)\b""")
_SELLER_SUBJECT = _c(r"""(?:\bwe|\bwe've|\bwe'll|\bwe\s+will|\bwe\s+have|\bwe're|\bi|\bi'll|\bi've|
    \bour\s+team(?:\s+will|\s+has|\s+have)?|\bteam\s+will|\bthey)\s+(?:\w+\s+)?$""")
_RATE_OK_AFTER = _c(r"\s+(?:us|it|this|these|them|the|your|our|my|[1-5]|one|two|three|four|"
                    r"five|a\b|his|her)")
_RATING_NOT_REVIEW_BEFORE = _c(r"(?:ip\w*|water\w*|energy|power|heat|load|uv|spf|fire|safety|"
                               r"voltage|wattage|temperature|octane|credit|age|sun)[\s-]+$")


def review_terms(low: str) -> list[re.Match[str]]:
    """The mentions of a buyer's review or rating in a lower-cased sentence."""
    hits = []
    for m in REVIEW.finditer(low):
        word = m.group(0)
        before = low[max(0, m.start() - 40):m.start()]
        after = low[m.end():m.end() + 60]
        if (word.startswith("review") and word not in ("reviews", "reviewer", "reviewers")
                and (_REVIEW_VERB_OBJECT.match(after) or _SELLER_SUBJECT.search(before))):
            continue
        if word == "rate" and not (_RATE_OK_AFTER.match(after)
                                   or re.search(r"(?:please|pls|kindly|to|and|you|then)\s+$",
                                                before)):
            continue
        if word == "rated" and before.endswith("-"):
            continue
        if word.startswith("rating") and _RATING_NOT_REVIEW_BEFORE.search(before):
            continue
        hits.append(m)
    return hits


NEGATION = _c(r"""
    (?:\bnot\b|\bnever\b|n't\b|\bno\s+longer\b|\bwithout\b)\W+(?:[\w'-]+\W+){0,4}?
      (?:tied|linked|conditional|conditioned|depend\w*|required?|need(?:ed)?|affect\w*|
         change\w*|connected|related|in\s+exchange|offer\w*|give|giving|pay|paying|
         reward\w*|expect\w*|matter\w*)\b
  | \bwhether\s+or\s+not\b | \bwhether\s+you\b | \bregardless\b | \beither\s+way\b
  | \bno\s+strings\b | \bnothing\s+to\s+do\s+with\b | \bup\s+to\s+you\b
  | \b(?:is|are|always|completely|entirely)\s+optional\b | \bindependent(?:ly)?\s+of\b
""")

# TikTok's own review-coupon programme is run by the platform, not offered by the seller.
TIKTOK_PROGRAMME = _c(r"""
    \btiktok(?:\s+shop)?(?:['’]s)?\s+(?:may|might|can|could|sometimes|also|itself|will|often|
        occasionally|runs?|offers?|gives?|sends?|rewards?|provides?|has|own)\b
  | \b(?:run|offered|given|sent|paid|funded|provided|managed)\s+by\s+(?:tiktok|the\s+platform)\b
  | \b(?:programme|program)\s+(?:run\s+by|from|of)\s+tiktok\b
  # the programme by its name: "TikTok's review coupon programme", "TikTok Shop review rewards"
  | \btiktok(?:\s+shop)?(?:['’]s)?\s+(?:own\s+)?review[\s-]+(?:coupons?|rewards?|vouchers?)\b
  | \b(?:coupons?|rewards?|vouchers?)\s+(?:[\w-]+\s+){0,2}?from\s+(?:tiktok|the\s+platform)\b
""")
# ...unless the seller is the one who gives it ("we'll send you a TikTok review coupon").
_SELLER_GIVES = _c(r"""\b(?:we|we'(?:ll|re|d)|i|i'(?:ll|d)|our\s+(?:team|shop|store))\s+
    (?:\w+\s+){0,2}?(?:send|give|offer|add|credit|pay|gift|include|reward|issue|mail)\w*\b
  | \bfrom\s+(?:us|our\s+(?:team|shop|store))\b""")


def _platform_programme(low: str) -> bool:
    """The sentence is about TikTok's own review-coupon programme, not a seller's offer."""
    return bool(TIKTOK_PROGRAMME.search(low)) and not _SELLER_GIVES.search(low)


# --- CX101 incentive tied to a review ------------------------------------------------

INCENTIVE = _c(r"""
    \b\d+(?:\.\d+)?\s?%\s?(?:off|discount|back|cash\s?back)\b
  | [$£€]\s?\d+(?:[.,]\d+)?\s*(?:off|back|cash\s?back|credit|gift|coupon|voucher|refund|
        to\s+your|in\s+credit|bonus)\b
  | \bdiscount(?:s|ed)?\b | \bcoupons?\b | \bvouchers?\b | \bpromo(?:\s?codes?)?\b
  | \b(?:discount|promo|coupon|voucher|gift|bonus|reward|secret)\s+codes?\b
  | \buse\s+(?:the\s+|my\s+|our\s+|this\s+)?code\b
  | \bgift(?:s|\s?cards?|\s+certificates?|\s+vouchers?)?\b
  | \bfree(?:bies?)?\b
  | \brewards?\b | \brebates?\b | \bcash\s?back\b | \bmoney\s+back\b
  | \b(?:loyalty\s+|bonus\s+|reward\s+)?points\b
  | \bgiveaways?\b | \braffles?\b | \bsweepstakes?\b | \bprizes?\b | \bcontests?\b
  | \bentered\s+(?:into|in)\b | \bentr(?:y|ies)\b
  | \b(?:store|account|shop|wallet)\s+credit\b
  | \bcompensat\w+
  | \b(?:partial|full)\s+refunds?\b | \brefund(?:ed)?\s+(?:you\s+)?[$£€]?\d
  | \brefund\s+of\s+[$£€]?\d | \b\d+\s?%\s+refund
  | \bpay\s+you\b | \bbonus(?:es)?\b | \bperks?\b | \bmystery\s+(?:gift|box)\b | \bwin\b
  | \bupgrade\s+you\b | \bupgraded?\s+(?:to\s+)?(?:express|priority|free)\b
  | \b(?:little|small)\s+something\b | \bsomething\s+(?:extra|special)\b | \bsurprise\s+gift\b
  | \bon\s+the\s+house\b
  | \b(?:send|give|pay|paypal|venmo|zelle|transfer)\s+you\s+(?:back\s+)?[$£€]\s?\d
  | \brefund\s+(?:your\s+|the\s+)?(?:shipping|postage|delivery)\b | \bwaive\w*\s+(?:the\s+)?
        (?:shipping|fee|fees)\b
""",
    starts="$£€")
_FREE_NOT_INCENTIVE = _c(r"""(?:feel|-|free\s+of|hands|toll)\s*$""")


def _before_spaces(text: str, end: int) -> int:
    """Where the spaces just before ``end`` start (``end`` when there are none)."""
    while end and text[end - 1].isspace():
        end -= 1
    return end


def _free_not_incentive(low: str, end: int) -> bool:
    """``_FREE_NOT_INCENTIVE`` ends at ``end``: searched from where its words can start
    (the spaces after them walked back over), not over the whole sentence for each
    "free" ("free free …" took time that grew with the square of its length)."""
    i = _before_spaces(low, end)
    start = i - len("hands")
    if low.endswith("of", 0, i):  # "free of"
        start = min(start, _before_spaces(low, i - 2) - len("free"))
    return _FREE_NOT_INCENTIVE.search(low, max(0, start), end) is not None


# "free of charge", "free replacement": support the buyer is owed, not a reward (CX104
# covers it when it hangs on a review).
_FREE_NOT_INCENTIVE_AFTER = _c(r"\s+(?:of|to|from|replacement\w*|returns?|repairs?|exchanges?|"
                               r"(?:return\s+|shipping\s+)?labels?)\b")
CODE_WORD = re.compile(r"\bcode\s+[A-Z0-9]{4,}\b", re.IGNORECASE)

# A review asked for, then "and" what comes of it: "leave a review and we'll refund your
# order", "review it and keep it for free" (a tie of its own, and what makes a refund after
# it a reward); not across an "if" ("leave a review if you like, and get a refund in the
# app if anything is wrong" offers the refund whatever the review).
_REVIEW_ASKED_AND = r"""
    \b(?:leav|writ|post|drop|giv|shar|submit|updat|edit|chang|revis)\w*\s+(?:us\s+|me\s+)?
        (?:a\s+|an\s+|your\s+|the\s+)?
        (?:[\w-]+\s+){0,2}?(?:review|reviews|rating|feedback)\b(?:(?!\bif\b)[^.!?;]){0,30}?\band\b
  | \b(?:review|rate)\s+(?:us|it|them)\s+and\b
"""
TIE = _c(r"""
    \b(?:get|gets|getting|receive|receives|earn|earns|win|wins|unlock|unlocks|claim|enjoy|
        grab|score|redeem|use|enter|enters|entered|entry|entries|qualify|qualifies)\b
  | \b(?:we'll|we\s+will|we\s+can|we'd|i'll|we\s+also)\s+(?:\w+\s+){0,2}?
        (?:send|give|mail|refund|add|credit|pay|offer|gift|ship|include|reward|throw\s+in)
  | \byou'll\s+(?:also\s+)?(?:get|receive|earn|be\s+entered|find)
  | \band\s+(?:we'll|we\s+will|you'll|you\s+will|i'll)\b
  | \bhere(?:'s|\s+is)\b
  | \b(?:we(?:'ve|\s+have)(?:\s+got)?|there's|there\s+is)\s+(?:a|an|some)\s+(?:[\w-]+\s+){0,2}?
        (?:gift|present|reward|treat|surprise|coupon|voucher|discount|bonus)s?\s+(?:waiting\s+)?
        for\s+you\b
  | \bfor\s+(?:a|an|your|each|every|the|any|leaving|writing|posting|sharing|our)?\s*
        (?:[\w-]+\s+){0,2}?(?:review|reviews|rating|ratings|feedback|reviewing|reviewers)\b
  | \bin\s+(?:exchange|return)\b | \bas\s+a\s+thank | \bto\s+thank\s+you\b
  | \bthank[- ]?you\s+(?:gift|present|coupon|discount|bonus)
  | \breviewers?\s+(?:\w+\s+)?(?:get|receive|earn|win|unlock|are\s+entered|can\s+claim)
  | \b(?:review|rating)\s+(?:bonus|reward|gift|perk|discount|coupon)
  | \bis\s+one\s+(?:\w+\s+)?entr
  | \b(?:review|reviews|rating|feedback)\s+(?:[\w-]+\s+){0,2}?for\s+(?:a|an|your|some|\d)
  | \b(?:leav|giv|drop|tap|click|select|choos|pick)\w*\s+(?:us\s+|me\s+|it\s+)?(?:a\s+)?
        (?:[\w-]+\s+){0,2}?(?:stars?\b|[★⭐]\ufe0f?)[\s★⭐\ufe0f]*(?:[\w-]+\s+){0,2}?
        for\s+(?:a|an|your|some|\d)
""" + "  | " + _REVIEW_ASKED_AND, starts="")
_CONDITION_REVIEW = _c(r"""
    \b(?:once|after|when|whenever|if|as\s+soon\s+as|upon|the\s+moment)\s+
    (?:you(?:'ve|\s+have|'re|\s+are)?|your)\s+(?:[\w'-]+\s+){0,3}?
    (?:review\w*|rat(?:e|ed|ing)|feedback|left|leave|post|posted|write|written|wrote|submit\w*)
  | \b(?:once|after|upon|when)\s+(?:leaving|writing|posting|submitting|sharing|giving|dropping)\s+
    (?:us\s+)?(?:a\s+|an\s+|your\s+)?(?:[\w-]+\s+){0,2}?(?:review|rating|feedback)\b
""")
# "Thanks for the review. As a thank-you, here's 10% off": the tie crosses the sentence.
_THANKS_BACKREF = _c(r"\bas\s+a\s+thank|\bto\s+thank\s+you\b|\bin\s+(?:return|exchange)\b|"
                     r"\bthank[- ]?you\s+(?:gift|present)|\bfor\s+(?:it|that|this)\b")


REVIEW_ASKED_AND = _c(_REVIEW_ASKED_AND)
# The order's money back, a reward only when it comes "and" after a review asked for (as
# support beside a review the buyer wrote, it is a refund like any other).
_REFUND_AFTER_REVIEW = _c(r"""\b(?:refund|reimburs)\w*\s+(?:you\s+)?(?:for\s+)?
    (?:your|the|this)\s+(?:whole\s+|full\s+|entire\s+)?(?:order|purchase|item|price|money|payment)\b
  | \b(?:get|receive)\s+(?:a\s+|your\s+)?(?P<refund>(?:full\s+)?refund)\b""")


def _incentives(s: Sentence) -> list[tuple[int, int]]:
    spans = []
    asked = REVIEW_ASKED_AND.search(s.low)
    if asked is not None:
        spans += [m.span("refund") if m.start("refund") >= 0 else m.span()
                  for m in _REFUND_AFTER_REVIEW.finditer(s.low, asked.end())]
    for m in INCENTIVE.finditer(s.low):
        word = m.group(0)
        if word.startswith("free") and (_free_not_incentive(s.low, m.start())
                                        or _FREE_NOT_INCENTIVE_AFTER.match(s.low, m.end())):
            continue
        if word in ("entry", "entries") and re.match(r"-level", s.low[m.end():]):
            continue
        spans.append((m.start(), m.end()))
    spans += [(m.start(), m.end()) for m in CODE_WORD.finditer(s.text)]
    return sorted(spans)


def check_incentive(s: Sentence, ctx: Context) -> Iterator[Hit]:
    incentives = _incentives(s)
    if not incentives or _platform_programme(s.low) or NEGATION.search(s.low):
        return
    tied = False
    if review_terms(s.low) or _star_rating(s.low):
        tied = bool(TIE.search(s.low) or _CONDITION_REVIEW.search(s.low))
    elif s.prev and review_terms(s.prev) and _THANKS_BACKREF.search(s.low):
        tied = not (_platform_programme(s.prev) or NEGATION.search(s.prev))
    if tied:
        start, end = incentives[0]
        yield Hit(s.start + start, s.start + end, "CX101",
                  f"incentive tied to a review ('{_snippet(s.text[start:end])}'): no discount, "
                  "gift, refund or entry may be given for a review")


def _star_rating(low: str) -> bool:
    """A rating asked for by its stars ("leave us 5 stars"): a review, for CX101 too;
    "our 5-star serum is back" is not one."""
    return _asked_stars(low) is not None


# --- CX102 specific rating, only positive reviews ---------------------------------------

STARS = _c(r"""
    (?:\b(?:4|5|four|five)(?:\.0)?\s*(?:-|\s)?\s*(?:stars?\b|★|⭐))
  | (?:[★⭐☆]\ufe0f?\s?){3,}
  | \b[45](?:\.\d)?\s*/\s*5\b | \b10\s*/\s*10\b
  | \b(?:full|top)\s+marks\b | \bperfect\s+(?:score|rating)\b | \bhighest\s+(?:rating|score|marks)\b
  | \btop\s+ratings?\b | \bfifth\s+star\b | \ball\s+(?:the\s+)?(?:five\s+|5\s+)?stars\b
  | \bmax(?:imum)?\s+stars\b | \b[45]\s?\*(?!\w)(?!\s*\d)  # not '4 * 2', a product
""",
    starts="★⭐☆")
_STARS_NOT_RATING_AFTER = _c(r"\s+of\s+(?:the|our|this)\b")
REQUEST = _c(r"""
    \b(?:please|pls|kindly|would\s+you|could\s+you|can\s+you|will\s+you|would\s+(?:mean|make|help|be)|
        means?\s+the\s+world|make\s+our\s+day|hope|hoping|we'd\s+(?:love|appreciate|be)|
        appreciate|help\s+us|leave|leaving|give|giving|drop|tap|click|select|choose|pick|rate|
        post|write|consider|remember|don't\s+forget|counts?|aim\w*|deserve\w*|if\s+you|
        if\s+your\s+(?:review|rating))\b
""")
_THANKS_FOR = _c(r"\bthank(?:s|\s+you)\s+(?:so\s+much\s+)?for\s+(?:the|your|a|all|that)\b[^.!?]*$")
_STAR_REVIEW = _c(r"""(?:\b(?:a|an|your|us|me|one)\s+)(?:4|5|four|five)[\s-]?stars?\s+
    (?:review|rating|feedback)""")
POSITIVE_REVIEW = _c(r"""
    \b(?:positive|good|great|glowing|nice|favou?rable|excellent|awesome|amazing|perfect|
        stellar|rave|top|high|best|5-star|five-star|shining|raving|fantastic|wonderful)\s+
    (?:review|reviews|rating|ratings|feedback)\b
""")
ONLY_HAPPY = _c(r"""
    \bonly\b(?:\W+[\w']+){0,6}?\W+(?:happy|satisfied|pleased|delighted|positive|love|loved|
        enjoy\w*)\b
  | \bif\s+you(?:'re|\s+are|\s+were|'ve\s+been)?\s+(?:\w+\s+){0,2}?(?:happy|satisfied|pleased|
        delighted|thrilled|love|loved|enjoy|enjoyed|enjoying)\b
  | \bif\s+you\s+(?:\w+\s+)?(?:like|liked)\s+(?:it|them|the|your|this|our)\b
  | \b(?:happy|satisfied|pleased|delighted)\s+(?:customers|buyers|shoppers|clients)\b
""")
DISCOURAGE = _c(r"""
    \b(?:don't|do\s+not|please\s+don't|never|instead\s+of|rather\s+than|before)\s+(?:you\s+)?
        (?:leav|post|writ|giv|drop|submit)\w*\s+(?:us\s+)?(?:a\s+|an\s+|your\s+|any\s+)?
        (?:[\w-]+\s+)?(?:review|rating|feedback)\b
  | \b(?:instead\s+of|rather\s+than|don't|do\s+not|avoid)\s+(?:\w+\s+){0,2}?
        (?:bad|negative|low|poor|critical|1-star|one-star|2-star|angry)\s+(?:review|rating|feedback)
""")
# A low rating named by its stars alone, no review word: "please don't give us 1 star".
DISCOURAGE_STARS = _c(r"""
    \b(?:don't|do\s+not|never|instead\s+of|rather\s+than)\s+(?:you\s+)?
        (?:leav|post|giv|drop|tap|click|select|choos|pick|rat)\w*\s+(?:us\s+|me\s+|it\s+|this\s+)?
        (?:a\s+|an\s+|just\s+|only\s+)?(?:[12]|one|two|low)[\s-]?stars?\b
""")


# "We'll never ask you to change a review" states the policy; it does not break it.
_NEVER_ASK = _c(r"""(?:\bnever|\bnot|\bno|n't|\bwon't)\s+(?:[\w']+\s+){0,3}?
    (?:ask|asking|request|requesting|pressure|pressuring|expect|push)\w*\b[^.!?;]*$""")


def _negated_ask(low: str, start: int) -> bool:
    return bool(_NEVER_ASK.search(low[max(0, start - 60):start]))


def _asked_stars(low: str) -> re.Match[str] | None:
    """The first star rating the sentence asks for (a request, or "a 5-star review"),
    not one it thanks for or names ("5 stars of the season")."""
    for m in STARS.finditer(low):
        if _STARS_NOT_RATING_AFTER.match(low, m.end()) or _THANKS_FOR.search(low[:m.start()]):
            continue
        # Asked for or not, the same for the later ones: searched once, not per rating
        # ("5 stars 5 stars …" searched the whole sentence for each).
        return m if REQUEST.search(low) or _STAR_REVIEW.search(low) else None
    return None


def check_rating(s: Sentence, ctx: Context) -> Iterator[Hit]:
    low = s.low
    asked = _asked_stars(low)
    if asked is not None:
        yield _rating_hit(s, asked.start(), asked.end(), "asks for a specific rating")
        return
    has_request = bool(REQUEST.search(low))
    for m in POSITIVE_REVIEW.finditer(low):
        if _THANKS_FOR.search(low[:m.start()]):
            continue
        if has_request or re.search(r"\b(?:a|an|your)\s+$", low[:m.start()]):
            yield _rating_hit(s, m.start(), m.end(), "asks only for positive reviews")
            return
    m = DISCOURAGE_STARS.search(low) if "star" in low else None
    if m and not _negated_ask(low, m.start()):
        yield _rating_hit(s, m.start(), m.end(), "discourages reviews from unhappy buyers")
        return
    if review_terms(low):
        for pattern, why in ((DISCOURAGE, "discourages reviews from unhappy buyers"),
                             (ONLY_HAPPY, "asks only satisfied buyers for a review")):
            m = pattern.search(low)
            if m and not _negated_ask(low, m.start()):
                yield _rating_hit(s, m.start(), m.end(), why)
                return


def _rating_hit(s: Sentence, start: int, end: int, why: str) -> Hit:
    return Hit(s.start + start, s.start + end, "CX102",
               f"{why} ('{_snippet(s.text[start:end])}'): ask every buyer for an honest review")


# --- CX103 remove or change a review -----------------------------------------------------

_CHANGE = r"(?:remov|delet|chang|edit|updat|revis|modif|amend|reconsider|retract|withdr[ae]w|" \
          r"adjust|rais|increas|upgrad|bump|correct|redo|rewrit|rewrot)"
_REVIEW_OBJ = r"(?:review|reviews|rating|ratings|feedback|stars?|comment)"
CHANGE_REVIEW = _c(rf"""
    \b{_CHANGE}\w*\s+(?:up\s+)?(?:your|the|that|this|those|these|its|their|my)?\s*
        (?:[\w'-]+\s+){{0,2}}?{_REVIEW_OBJ}\b
  | \btak\w*\s+(?:your|the|that|this)?\s*(?:[\w'-]+\s+){{0,2}}?{_REVIEW_OBJ}\s+down\b
  | \btak\w*\s+down\s+(?:your|the|that|this)?\s*(?:[\w'-]+\s+){{0,2}}?{_REVIEW_OBJ}\b
  | \b(?:review|rating|feedback)\s+(?:\w+\s+){{0,2}}?(?:removed|deleted|changed|edited|updated|
        withdrawn|taken\s+down|retracted|revised|amended)\b
  # a review named by its stars: "remove the 1-star", "change it to 5 stars"
  | \b(?:remov|delet|chang|edit|revis|retract|withdr[ae]w|bump|rais)\w*\s+(?:your|the|that|this)\s+
        (?:[1-5]|one|two|three|four)[\s-]?stars?\b(?![\s-]+[a-z])
  | \b{_CHANGE}\w*\s+(?:it|that|this|them)\s+(?:up\s+)?to\s+(?:a\s+)?
        (?:[1-5]|one|two|three|four|five)[\s-]*stars?\b
""")
CHANGE_IT = _c(r"""\b(?:please|kindly|could\s+you|would\s+you|can\s+you|mind|consider)\s+
    (?:\w+\s+)?(?:remov|delet|retract|withdraw|edit|chang|updat|tak\w*\s+down)\w*\s+it\b""")


# Where a market's guidance allows asking for a review update once the issue is solved
# (th, id), asking for the review to go is still CX103: the verbs that remove one, in
# every language the rules read (at a word's start anywhere in a CX103 match, folded
# text: "delete your review", "your review removed", "could you please delete it").
_REMOVAL = re.compile(r"""\b(?:remov|delet|retract|withdr[ae]w|tak\w*\s+(?:\S+\s+){0,3}?down|
    borr|elimin|quit|retir|hapus|dihapus|padam|dipadam|buang|dibuang|xoa|go\b|
    apag|exclu|tir|ลบ)""", re.VERBOSE)


# ...and so is an update traded for something: the guidance allows asking once the issue
# is solved, not "change your 1-star review and we'll send a replacement" (English,
# Indonesian and Thai; over the lower-cased or folded sentence, after the update asked for).
# The Indonesian refund as "refund" is read: "nanti pengembalian dana kami proses", "nanti
# dana dikembalikan", "dapatkan uang kembali".
_ID_REFUND = r"""(?:pengembalian\s+dana|
    (?:dana|uang)\s+(?:kami\s+|akan\s+)?(?:kembali|dikembalikan|kembalikan))"""
# Thai loyalty points as buyers and sellers write them: "แต้ม", "แต้มสะสม", "คะแนนสะสม",
# "พอยท์", "พอยต์", "พ้อยท์" (not "พอยท์เตอร์", a laser pointer); and coins, "เหรียญ",
# got or given ("รับเหรียญ 100 เหรียญ", "แจกเหรียญ", "ให้เหรียญ"): "ได้รับเหรียญที่ระลึกแล้ว" is the
# commemorative coin the buyer ordered, received.
_TH_POINTS = r"(?:แต้ม|คะแนนสะสม|พ้?อย[ทต]์(?!เตอร์))"
_TH_COINS = r"(?:(?<!ได้)(?<![คห])รับ|ได้(?!รับ)|แจก|แถม|ให้)\s*(?:\d+\s*)?เหรียญ(?!ครบ|แล้ว)"
_TRADED = _c(rf"""
    \b(?:we'll|we\s+will|i'll|i\s+will|then\s+we|and\s+we|you'll|you\s+will)\s+(?:\w+\s+){{0,2}}?
        (?:send|give|refund|ship|replac|reship|resend|credit|pay|issue|offer|gift|get|receive|
        process|releas|approv|reimburs)\w*\b
  | \bin\s+(?:exchange|return)\b
  | \b(?:nanti|akan|lalu|terus|baru|langsung|setelah\s+itu|sesudah\s+itu)\s+
        (?:kami\s+|admin\s+|kita\s+|saya\s+)?(?:akan\s+)?(?:kirim\w*|kasih|beri\w*|refund|
        ganti\w*|proses\w*|tukar|transfer|kembalikan|dikirim|diganti|diproses|dapat|dapet|
        {_ID_REFUND})\b
  | \b(?:dapat|dapatkan|dapet)\s+(?:\w+\s+)?(?:voucher|hadiah|diskon|pengganti|refund|cashback|
        bonus|gratis|kupon|{_ID_REFUND})\b
  | \bsebagai\s+(?:gantinya|imbalan|hadiah|tanda\s+terima\s+kasih)\b
  # Thai: "แก้รีวิวแล้วรับส่วนลด" (then get a discount), "ได้คูปอง", "แลกกับโค้ด" (in exchange
  # for), "แล้วร้านจะคืนเงินให้" (then the shop refunds); not "ครับ", nor "แลกเปลี่ยน"
  # (exchanging goods)
  | (?:(?<![คห])รับ|ได้|แถม|ให้|ส่ง)\S{{0,8}}?(?:ส่วนลด|คูปอง|โค้ด|ของขวัญ|ของแถม|รางวัล|เงินคืน|
        แคชแบ็ก|{_TH_POINTS}|โบนัส|voucher)
  | {_TH_COINS}
  | แลก(?!เปลี่ยน) | ตอบแทน
  | แล้ว(?:ทาง)?(?:ร้าน|เรา)?(?:จะ)?(?:ได้)?(?:รับ|คืนเงิน|ส่ง|แถม|ชดเชย|โอน)
""")
# "We'll send a replacement once you update your review": the trade before the update.
_UPDATE_CONDITION = _c(r"""\b(?:once|after|if|when|as\s+soon\s+as|setelah|sesudah|kalau|kalo|
    jika|asal(?:kan)?|begitu)\s+(?:\w+\s+){0,2}$
  | (?:หลัง(?:จาก)?(?:ที่)?|เมื่อ|ถ้า|หาก|พอ)(?:คุณ|ลูกค้า|คุณลูกค้า)?(?:ช่วย)?\s*$""")


def _allowed_update(ctx: Context, asked: str, text: str = "", start: int = 0,
                    end: int = 0) -> bool:
    """Is this CX103 match (``text[start:end]``) an update the market's guidance allows:
    not a removal, and nothing offered for it?"""
    if not ctx.market_allows_review_update or _REMOVAL.search(asked):
        return False
    if _TRADED.search(text, end):
        return False
    return not (_UPDATE_CONDITION.search(text, max(0, start - 30), start)
                and _TRADED.search(text, 0, start))


def check_change_review(s: Sentence, ctx: Context) -> Iterator[Hit]:
    low = s.low
    m = CHANGE_REVIEW.search(low)
    while m is not None and _SELLER_SUBJECT.search(low[max(0, m.start() - 30):m.start()]):
        m = CHANGE_REVIEW.search(low, m.end())
    if m is None and review_terms(low):
        m = CHANGE_IT.search(low)
    if m is not None and not _negated_ask(low, m.start()) \
            and not _allowed_update(ctx, m.group(0), low, m.start(), m.end()):
        yield Hit(s.start + m.start(), s.start + m.end(), "CX103",
                  f"asks the buyer to remove or change a review "
                  f"('{_snippet(s.text[m.start():m.end()])}'): solve the issue and leave the "
                  "review to the buyer")


# --- CX104 support conditioned on a review ----------------------------------------------

SUPPORT = _c(r"""
    \b(?:refund\w*|returns?|returned|replacement\w*|replac(?:e|ing)|exchange|warranty|repair\w*|
        reship\w*|resend\w*|help|support|ticket|claim|case|missing\s+parts?|issue|problem|fix|
        resolv\w*|look\s+into|look\s+at|process\w*|compensation|assist\w*|ship)\b
""")
_REVIEWISH = r"(?:review\w*|rat(?:e|ed|ing|ings)|feedback|stars?)\b"
CONDITION = _c(rf"""
    \b(?:once|after|as\s+soon\s+as|when|if|only\s+if|until|unless|provided(?:\s+that)?|
        as\s+long\s+as|on\s+condition)\s+
    (?:you(?:'ve|\s+have)?|your|we\s+(?:see|receive|get|have|read)|we've\s+(?:seen|received|got))
    \s+(?:[\w'-]+\s+){{0,3}}?{_REVIEWISH}
""")
REVIEW_FIRST = _c(rf"""
    \b(?:leav|post|writ|giv|drop|submit)\w*\s+(?:a\s+|an\s+|your\s+|us\s+a\s+)?(?:[\w-]+\s+)?
        (?:review|rating|feedback)\s+(?:first|so\s+(?:that\s+)?we\s+can|before\s+we|
        to\s+(?:get|receive|start|qualify|unlock))
  | \b{_REVIEWISH}\s*(?:first|before\s+we)\b
  | \bno\s+(?:review|rating)s?,?\s*no\s+(?:refund|return|replacement|help|support|exchange|
        warranty)
  | \b(?:for|to)\s+(?:buyers|customers|those|people|shoppers|anyone|users)\s+who\s+
        (?:have\s+|'ve\s+)?(?:[\w'-]+\s+){{0,2}}?(?:reviewed|rated|review|rating|feedback)\b
""")
_WISH = re.compile(r"\b(?:grateful|appreciate\w*|love|glad|happy|thankful|welcome|feel\s+free)\b")
_CONDITION_FIRST = _c(rf"""
    \b(?:once|after|if|when|as\s+soon\s+as)\s+you(?:'ve|\s+have)?\s+(?:[\w'-]+\s+){{0,3}}?
        {_REVIEWISH}[^.!?]{{0,40}}?\b(?:we'll|we\s+will|we\s+can|then|your)\b
""")


def check_conditioned_support(s: Sentence, ctx: Context) -> Iterator[Hit]:
    low = s.low
    if not review_terms(low) or NEGATION.search(low):
        return
    supports = [m for m in SUPPORT.finditer(low)
                if not re.search(r"\bin\s+$", low[max(0, m.start() - 4):m.start()])]
    if not supports:
        return
    hit = None
    for m in CONDITION.finditer(low):
        # "support ... if you review", with the support in the clause the condition governs
        # (not "once it's resolved, we'd be grateful if you reviewed").
        if any(sp.start() < m.start() and m.start() - sp.end() <= 60
               and not _WISH.search(low, sp.end(), m.start()) for sp in supports):
            hit = m
            break
    if hit is None:
        m = _CONDITION_FIRST.search(low)
        if m and any(sp.start() > m.end() - 6 for sp in supports):
            hit = m
    if hit is None:
        hit = REVIEW_FIRST.search(low)
    if hit is not None:
        yield Hit(s.start + hit.start(), s.start + hit.end(), "CX104",
                  f"support or refund conditioned on a review "
                  f"('{_snippet(s.text[hit.start():hit.end()])}'): help every buyer, "
                  "reviewed or not")


# --- CX101-CX104 in Spanish (a catalog or shop locale "es") ------------------------------
# The same rules over the words a Spanish-speaking seller uses; one checker, since each
# of them needs the review first ("reseña", "calificación", "estrellas").

ES_REVIEW = _c(r"""\b(?:reseñas?|valoraci(?:ón|on|ones)|calificaci(?:ón|on|ones)|
    opini(?:ón|on|ones)|comentarios?|estrellas?)\b""")
_ES_INCENTIVE = _c(r"""
    \b\d+\s?%\s?(?:de\s+)?(?:descuento|dto|reembolso)\b | \bdescuentos?\b | \bcup(?:ón|on|ones)\b
  | \bc[óo]digos?\s+(?:de\s+)?(?:descuento|promo\w*|regalo)\b
  | \bregal(?:o|os|amos|aremos|arte|ito)\b
  | \bgratis\b | \bsorteos?\b | \brifas?\b | \bpremios?\b | \bpuntos\b | \bbonos?\b | \bcashback\b
  | \breembolso\s+(?:parcial|total|completo)\b | \breembols(?:amos|aremos|arte)\s+(?:tu|el|la)\s+
        (?:pedido|compra|dinero|env[íi]o)\b | \bte\s+devolvemos\s+(?:tu|el)\s+dinero\b
  | \bsaldo\s+a\s+favor\b | \bsorpresa\b
""")
# A free replacement or exchange is support, not a reward.
_ES_FREE_SUPPORT = _c(r"(?:reemplazo|reposici[óo]n|cambio|devoluci[óo]n|reenv[íi]o)\s+gratis$")
_ES_TIE = _c(r"""
    \by\s+(?:te|le|les|os)\s+(?:\w+\s+)?(?:damos|daremos|enviamos|enviaremos|mandamos|mandaremos|
        regalamos|regalaremos|reembolsamos|devolvemos|hacemos|haremos|llega|llegará)\b
  | \by\s+(?:recibe|recibes|recibirás|reciba|obt[ée]n|obtienes|obtendrás|gana|ganas|ganarás|
        participa|participas|participarás|llévate|te\s+llevas|consigue|consigues|entra|entras)\b
  | \bpor\s+(?:tu|su|una|cada|dejar(?:nos)?|escribir(?:nos)?|publicar)\s+(?:\w+\s+)?
        (?:reseña|valoraci[óo]n|calificaci[óo]n|opini[óo]n|comentario)
  | \ba\s+cambio\s+de\b | \bpara\s+(?:recibir|obtener|ganar|participar|conseguir)\b
  | \b(?:d[ée]ja(?:nos|me)?|escribe|publica|comparte|califica(?:nos)?|valora(?:nos)?)\b
        [^.!?;]{0,30}?
        \b(?:reseña|calificaci[óo]n|valoraci[óo]n|opini[óo]n|estrellas)\b[^.!?;]{0,20}?\by\b
  | \b(?:cuando|después\s+de\s+que|una\s+vez\s+que|al|si|tras|en\s+cuanto)\s+(?:nos\s+)?
        (?:dejes|dejar|escribas|escribir|publiques|publicar|califiques|calificar|valores|valorar|
        compartas)\b
""")
_ES_NEGATION = _c(r"""
    \bno\s+(?:\w+\s+){0,3}?(?:depende|afecta|cambia|influye|est[áa]\s+(?:ligad|condicionad))
  | \bsin\s+importar\b | \bindependientemente\b | \b(?:es|son)\s+(?:totalmente\s+)?opcional
  | \bbuena\s+o\s+mala\b | \bnunca\s+(?:te\s+)?(?:pedimos|pediremos|pedir[íi]amos)\b
""")
_ES_PLATFORM = _c(r"""\btiktok(?:\s+shop)?\s+(?:puede|podr[íi]a|a\s+veces|tambi[ée]n|ofrece|da|
    env[íi]a|regala|tiene)\b | \b(?:programa|cupones?)\s+(?:\w+\s+){0,3}?de\s+tiktok\b
  | \b(?:dirigido|gestionado|ofrecido|pagado)\s+por\s+tiktok\b""")
_ES_STARS = _c(r"""\b(?:4|5|cuatro|cinco)\s*(?:-|\s)?\s*estrellas?\b""")
_ES_REQUEST = _c(r"""\b(?:por\s+favor|danos|d[ée]janos|deja|dale|regálanos|nos\s+das|nos\s+dejas|
    podr[íi]as|puedes|pon(?:nos)?|calif[íi]canos|val[óo]ranos|esperamos|nos\s+encantar[íi]a|
    nos\s+ayudar[íi]a|ay[úu]danos|si\s+te)\b""")
_ES_THANKS = _c(r"\bgracias\s+por\b[^.!?]*$")
_ES_POSITIVE = _c(r"""\b(?:reseña|valoraci[óo]n|calificaci[óo]n|opini[óo]n|comentario)s?\s+
        (?:positiv|buen|excelente|de\s+(?:5|cinco)\s+estrellas)\w*
  | \b(?:buena|excelente|gran|positiva)\s+(?:reseña|valoraci[óo]n|calificaci[óo]n|opini[óo]n)""")
_ES_ONLY_HAPPY = _c(r"""\bsi\s+(?:te\s+(?:gust[óo]|gusta|encant[óo]|encanta)|est[áa]s\s+
    (?:content|satisfech|feliz)\w*|qued[óa]ste\s+(?:content|satisfech)\w*)
  | \bs[óo]lo\s+si\s+(?:est[áa]s|qued[óa]ste)\s+(?:content|satisfech|feliz)\w*""")
_ES_DISCOURAGE = _c(r"""\bno\s+(?:nos\s+)?(?:dejes|pongas|escribas|publiques)\s+(?:una\s+)?
        (?:reseña|calificaci[óo]n|valoraci[óo]n|opini[óo]n|comentario)\s+(?:negativ|mal)\w*
  | \bantes\s+de\s+(?:dejar|escribir|publicar|poner)\s+(?:una\s+)?(?:reseña|calificaci[óo]n|
        valoraci[óo]n|opini[óo]n|comentario)""")
_ES_CHANGE = _c(r"""\b(?:borr|elimin|quit|cambi|modific|edit|actualiz|corrig|retir|revis)
    (?!\w*mos\b)\w*\s+(?:tu|la|esa|su|el|esas|tus)?\s*(?:[\w-]+\s+){0,2}?
    (?:reseña|valoraci[óo]n|calificaci[óo]n|opini[óo]n|comentario|estrellas?)\b
  | \bsub(?:ir|as|e)\s+(?:tu|la|su)\s+(?:calificaci[óo]n|valoraci[óo]n)\b""")
_ES_SUPPORT = _c(r"""\b(?:reembols\w*|reemplazo|reposici[óo]n|cambio|devoluci[óo]n|garant[íi]a|
    reparaci[óo]n|ayuda|ayudar\w*|soporte|reclamo|reclamaci[óo]n|env[íi]\w*|procesa\w*|resolv\w*|
    solucion\w*)\b""")
_ES_CONDITION = _c(r"""\b(?:cuando|después\s+de\s+que|una\s+vez\s+que|hasta\s+que|s[óo]lo\s+si|si|
    en\s+cuanto|tan\s+pronto\s+como|siempre\s+que)\s+(?:nos\s+)?(?:dejes|dejas|escribas|escribes|
    publiques|publicas|califiques|calificas|valores|valoras|veamos|recibamos|tengamos)\b(?:\s+\w+){0,3}?\s+
    (?:reseña|valoraci[óo]n|calificaci[óo]n|opini[óo]n|comentario|estrellas)
  | \bsin\s+(?:reseña|calificaci[óo]n|valoraci[óo]n)\s+no\s+hay\b
  | \bprimero\s+(?:d[ée]ja(?:nos)?|escribe|publica)\s+(?:tu\s+|una\s+)?
        (?:reseña|calificaci[óo]n)""")
# ...unless the seller is the one who gives it ("te damos un cupón; TikTok también...").
_ES_SELLER_GIVES = _c(r"""\b(?:te|le|les)\s+(?:damos|daremos|enviamos|enviaremos|mandamos|
    mandaremos|regalamos|regalaremos)\b | \bde\s+nuestra\s+parte\b""")


def check_review_es(s: Sentence, ctx: Context) -> Iterator[Hit]:
    low = s.low
    if not ES_REVIEW.search(low):
        return

    def hit(code: str, start: int, end: int, why: str) -> Hit:
        return Hit(s.start + start, s.start + end, code,
                   f"{why} ('{_snippet(s.text[start:end])}'): {RULE_ADVICE[code]}")

    negated = _ES_NEGATION.search(low)
    incentives = [m for m in _ES_INCENTIVE.finditer(low)
                  if not (m.group(0) == "gratis" and _ES_FREE_SUPPORT.search(low, 0, m.end()))]
    platform = _ES_PLATFORM.search(low) and not _ES_SELLER_GIVES.search(low)
    if incentives and not negated and not platform and _ES_TIE.search(low):
        m = incentives[0]
        yield hit("CX101", m.start(), m.end(), "incentive tied to a review")
    stars = _ES_STARS.search(low)
    if stars and not _ES_THANKS.search(low, 0, stars.start()) and _ES_REQUEST.search(low):
        yield hit("CX102", stars.start(), stars.end(), "asks for a specific rating")
    else:
        for pattern, why in ((_ES_POSITIVE, "asks only for positive reviews"),
                             (_ES_DISCOURAGE, "discourages reviews from unhappy buyers"),
                             (_ES_ONLY_HAPPY, "asks only satisfied buyers for a review")):
            m = pattern.search(low)
            if m and not _ES_THANKS.search(low, 0, m.start()) and not negated:
                yield hit("CX102", m.start(), m.end(), why)
                break
    m = _ES_CHANGE.search(low)
    if m and not _ES_NEGATION.search(low, 0, m.start()) \
            and not _allowed_update(ctx, m.group(0), low, m.start(), m.end()):
        yield hit("CX103", m.start(), m.end(), "asks the buyer to remove or change a review")
    m = _ES_CONDITION.search(low)
    if m and not negated and _ES_SUPPORT.search(low):
        yield hit("CX104", m.start(), m.end(), "support or refund conditioned on a review")


RULE_ADVICE = {
    "CX101": "no discount, gift, refund or entry may be given for a review",
    "CX102": "ask every buyer for an honest review",
    "CX103": "solve the issue and leave the review to the buyer",
    "CX104": "help every buyer, reviewed or not",
}


# --- CX101-CX104 in Indonesian, Malay, Vietnamese, Brazilian Portuguese and Thai ------
# The markets of id, my, vn, br and th write in their own languages. The patterns read
# the folded text (``Sentence.folded``: no accents), so "đánh giá" and "danh gia",
# "avaliação" and "avaliacao" read alike; Thai has no spaces between words, so its
# patterns are plain substrings, with no word boundaries. They run only on a sentence
# that may be in one of these languages (``Sentence.other_language``).

_XX_REVIEW_WORD = r"""(?:ulasan\w*|penilaian\w*|review\w*|rating\w*|testimoni\w*|maklum\s+balas|
    danh\s+gia|nhan\s+xet|avali\w*|resenha\w*|comentario\w*|feedback\w*|
    cham\s+(?:\w+\s+){0,3}?diem\b|cham\s+(?:[1-9]|10|nam|muoi)\b|binh\s+luan\s+(?:\w+\s+)?(?:tich\s+cuc|tot)\b)"""
XX_REVIEW = _c(rf"""\b{_XX_REVIEW_WORD} | \bbintang\b | \b(?:ulas|mengulas)\b
  | \b(?:[1-5]|nam|lima|cinco)\s*(?:sao|estrel\w*)\b | \b[1-5]\s*[★⭐]
  | \bnota\s+(?:[1-5]|10|cinco|dez|maxima)\b | \bestrel(?:as|inhas)\b
  | \bnota\b(?!\s+fiscal)(?:(?<=\b[st]ua\snota)|(?<=\bes[st]a\snota)|(?<=\ba\snota))
  | \bcoment(?:e|em|ar)\b
  | รีวิว | คะแนน | ดาว(?!น์) | ความคิดเห็น""")
_XX_INCENTIVE = _c(rf"""
    \b(?:voucher|vocer|baucar|kupon|diskon|diskaun|potongan|cashback|cash\s+back|hadiah|gratis|
        percuma|free|bonus|poin|koin|saldo|ganjaran|rebat|duit\s+balik|uang\s+kembali|giveaway|
        undian|ongkir|kejutan|bingkisan|cenderamata|souvenir|suvenir)\b
  | \b\d+\s?%\s?(?:off|diskon|diskaun|de\s+desconto|desconto)?
  | \b(?:ma\s+)?giam\s+(?:gia|\d+) | \bqua\s+(?:tang|nho|xinh|bat\s+ngo) | \bphan\s+qua\b
  | \btang\s+(?:ngay|kem|qua|them|\d) | \bhoan\s+(?:tien\s+)?(?:xu|\d+) | \bfreeship\b
  | \bmien\s+phi\b | \bxu\b(?!\s+ly\b) | \bthe\s+cao\b | \bboc\s+tham\b | \buu\s+dai\b
  | \b(?:cupo(?:m|ns)|descontos?|brindes?|sorteios?|premios?|pontos|cashback|
        mimos?|presentes?|bonus|vale[\s-]?(?:presente|compras?)|frete\s+gratis)\b
  | \breembolso\s+(?:parcial|de\s+(?:r\$\s?)?\d)
  | \bdinheiro\s+de\s+volta\b
  | \b(?:points|coins)\b
  | ส่วนลด | คูปอง | โค้ด | แถม | ของขวัญ | รางวัล | ฟรี | เงินคืน | แคชแบ็ก | โบนัส | ลุ้น
  | {_TH_POINTS} | {_TH_COINS}""",
    starts="สคโแขรฟเลพไใ")
# A free replacement or exchange is support, not a reward ("troca grátis", "ganti baru gratis").
_XX_FREE_SUPPORT = _c(r"""(?:troca|reenvio|substituicao|reposicao|reemplazo|cambio|devolucion|
    ganti\s+baru|penggantian|pengganti|kirim\s+ulang|doi\s+moi|gui\s+lai|ส่งใหม่|เปลี่ยน\S{0,8})\s*$""")
_XX_GIFT = _c(r"\bquà\b")  # "quà" (a gift), read in the accented text: "qua" is also "via"
_XX_TIE = _c(r"""
    \b(?:dapat|dapet|dapatkan|mendapat(?:kan)?|dpt|berhak|klaim|nikmati|menangkan|raih|layak|
        menerima|memperoleh|berpeluang|berkesempatan)\b
  | \b(?:kami|admin|kita|saya)\s+(?:\w+\s+){0,2}?(?:kasih|beri|berikan|kirim\w*|hadiahkan|
        tambahkan|bagi|hantar\w*|sediakan|tawarkan)\b | \bkami\s+belanja\b
  | \b(?:akan|nanti)\s+(?:kami\s+)?(?:kasih|beri|berikan|kirim\w*|dikirim|diberi|diberikan|dapat|
        dihantar|ada)\b
  | \bdari\s+(?:kami|admin|toko\s+kami|kedai\s+kami)\b
  | \bsebagai\s+(?:hadiah|apresiasi|tanda|ucapan|ganti)\b
  | \b(?:untuk|utk|buat|bagi)\s+(?:setiap\s+|tiap\s+|yang\s+)?(?:\w+\s+)?(?:ulasan|review|rating|
        penilaian|memberi|kasih|beri|memberikan)
  | \b(?:setelah|sesudah|selepas|lepas)\s+(?:\w+\s+){0,2}?(?:kasih|beri|memberi\w*|tulis|menulis|
        upload|review|ulasan|rating|bintang)
  | \b(?:nhan|de\s+nhan|duoc\s+(?:tang|nhan|hoan|giam)|se\s+duoc|shop\s+(?:se\s+)?(?:tang|gui|
        hoan|tra|tang))\b
  | \b(?:sau\s+)?khi\s+(?:ban\s+)?(?:danh\s+gia|review)
  | \b(?:e\s+)?(?:ganhe|ganha|ganhar|receba|recebe|receber|concorra|concorre|concorrer|participe|
        garanta|resgate|leve|ganham|recebem)\b
  | \b(?:te|lhe|vos)\s+(?:damos|daremos|enviamos|enviaremos|mandamos|mandaremos|presenteamos|
        manda|envia|da|dou|mando|envio|presenteia)\b
  | \b(?:a\s+gente|nos)\s+(?:te\s+|lhe\s+)?(?:manda|envia|da|presenteia|devolve|libera|
        vai\s+(?:te\s+|lhe\s+)?(?:mandar|enviar|dar))\b
  | \bvamos\s+(?:te\s+)?(?:dar|enviar|mandar)\b | \bem\s+troca\b
  | \bcomo\s+(?:agradecimento|presente)\b
  | \bpor\s+(?:sua|cada|uma|deixar)\s+(?:\w+\s+)?avalia
  | \b(?:apos|depois\s+que|depois\s+de|assim\s+que)\s+(?:voce\s+)?(?:avaliar|deixar|fizer|der|
        postar|escrever|comentar)
  | \bterima\b(?!\s+kasih)
  # "รับ" (receive), not the goods or the fix received ("ได้รับสินค้าแล้ว", "ได้รับการแก้ไข")
  | (?<![คห])รับ(?!สินค้า|ของ(?!ขวัญ|แถม)|พัสดุ|การ|ประกัน)
  | แลก | ร้าน(?:จะ)?(?:มี)?(?:ของ)?(?:ให้|ส่ง|แถม|แจก) | หลัง(?:จาก)?(?:รีวิว|ให้คะแนน)
  | เมื่อรีวิว | มี(?:ของ)?(?:แถม|ของขวัญ|รางวัล)\S{0,8}?\s*ให้
  # "ได้" (get) right before the reward: "รีวิวแล้วได้โค้ดส่วนลด"; not "รีวิวได้เลย" (feel free)
  | ได้(?!เลย)\S{0,6}?(?:ส่วนลด|คูปอง|โค้ด|ของขวัญ|ของแถม|รางวัล|เงินคืน|แคชแบ็ก|แต้ม|โบนัส|ฟรี|
        คะแนนสะสม|พ้?อย[ทต]์|เหรียญ(?!ครบ|แล้ว))""",
    starts="รแหเมไ")
_XX_NEGATION = _c(r"""
    \btidak\s+(?:\w+\s+){0,2}?(?:tergantung|bergantung|berpengaruh|mempengaruhi|menjejaskan|
        terkait|berkaitan|wajib|diwajibkan|ada\s+hubungan)\b
  | \btanpa\s+syarat\b | \bbaik\s+(?:atau|maupun)\s+buruk\b
  | \bpositif\s+(?:atau|maupun)\s+negatif\b
  | \bopsional\b
  | \bkhong\s+(?:anh\s+huong|phu\s+thuoc|lien\s+quan|bat\s+buoc)\b | \btot\s+hay\s+(?:xau|chua)\b
  | \bnao\s+(?:\w+\s+){0,2}?(?:depende|afeta|influencia|e\s+obrigatori\w*|esta\s+(?:ligad|
        condicionad)\w*)\b
  | \bindependente(?:mente)?\b | \bboa\s+ou\s+ruim\b | \bsem\s+compromisso\b | \bopcional\b
  | \bnunca\s+(?:\w+\s+)?(?:pedimos|pediremos|pedimos)\b
  | ไม่มีผล | ไม่เกี่ยว | ไม่ว่าจะ | ไม่บังคับ | ไม่ขึ้นอยู่กับ""",
    starts="ไ")
# TikTok's own programme: "voucher dari TikTok", "chương trình của TikTok", "cupom do TikTok".
_XX_PLATFORM = _c(r"""\btiktok(?:\s+shop)?\s+(?:kadang\w*|juga|sendiri|memberi\w*|bisa|mungkin|
    co\s+the|cung|thuong|pode|as\s+vezes|tambem|oferece|da)\b
  | \b(?:dari|daripada|cua|do|da|pelo|pela)\s+(?:pihak\s+|ben\s+|propri[oa]\s+)?tiktok\b
  | (?:จาก|ของ)(?:ทาง)?\s*tiktok""")
_XX_SELLER_GIVES = _c(r"""\b(?:kami|admin)\s+(?:\w+\s+)?(?:kasih|beri|berikan|kirim\w*)\b
  | \bshop\s+(?:se\s+)?(?:tang|gui)\b | \b(?:te|lhe)\s+(?:damos|enviamos|mandamos)\b
  | ร้าน(?:จะ)?(?:มี)?(?:ของ)?(?:ให้|แถม)""")
_XX_STARS_WORD = r"""(?:bintang\s*(?:5|lima)|(?:5|lima)\s*bintang|rating\s*(?:5|lima)\b|
    (?:full|penuh)\s+bintang|(?:rating|bintang|skor|markah)\s+(?:yang\s+)?(?:tinggi|penuh)\b|
    (?:5|nam)\s*(?:sao|\*)|full\s+(?:5\s+|nam\s+)?sao\b|
    (?:sao|diem|danh\s+gia)\s+toi\s+da\b|toi\s+da\s+(?:5\s+|nam\s+)?sao\b|
    (?:ulasan|nilai|rating|penilaian|bintang|skor)\s+(?:yang\s+)?(?:sempurna|maksimal|maksimum|
        tertinggi)\b|
    (?:5|cinco)\s*estrel\w*|nota\s*(?:5|10|maxima|cinco|dez)\b|
    (?:5|ห้า)\s*ดาว|เต็ม\s*5|คะแนนเต็ม|ดาวเต็ม|เต็ม\s*ดาว)"""
# Asked for with a verb just before: "kasih bintang 5", "cho shop 5 sao", "avalie com 5
# estrelas", "ให้ 5 ดาว"; or the review named by its stars ("review bintang 5").
_XX_STARS_ASKED = _c(rf"""
    \b(?:(?<!terima\s)kasih|kasi|beri|berikan|bagi|memberi|memberikan|kasihkan|minta|tolong|mohon|
        bantu|lupa|yuk|ayo|sila|cho|vote|cham|rate|xin|giup|avali\w*|deixe|deixa|coloque|coloca|marque|
        marca|clique|nos\s+de|da\s+(?:pra|para)|me\s+de|manda|d[ae]\s+uma?|dar|
        # "dê nota máxima": "de"/"da" as a verb only where a clause starts, not "of"
        d[ae](?=\s+(?:a\s+|sua\s+)?nota\b)(?:(?<![\w\s]..)|(?<=[,;:!?(]\s..)|(?<=\be\s..)|
           (?<=\b(?:vc|so|ai)\s..)|(?<=\b(?:pode|voce)\s..)|(?<=\bfavor\s..)))\s+
        (?:[\w-]+\s+){{0,3}}?{_XX_STARS_WORD}
  | \b(?:ulasan|review|rating|penilaian|danh\s+gia|avaliacao|nota|feedback)\s+(?:\w+\s+)?
        {_XX_STARS_WORD}
  | \bdanh\s+gia\s+toi\s+da\b
  # "chấm 5 điểm", "chấm điểm tối đa / cao": a mark, asked for
  | \bcham\s+(?:\w+\s+){{0,2}}?(?:(?:[5-9]|10|nam|muoi)\s*diem|
        diem\s+(?:cao|tot|tuyet\s+doi|toi\s+da|[5-9]|10|nam|muoi))\b
  # "5⭐" after Vietnamese words only: after "rate" it is the English rule's (same finding)
  | \b(?:danh\s+gia|cho(?:\s+\w+){0,3}?)\s+(?:5|nam)\s*[★⭐]
  | (?:ให้|ช่วย|รบกวน|ฝาก|กด|ขอ(?!บคุณ)|รีวิว)\s*(?:\S{{0,10}}?)\s*{_XX_STARS_WORD}""")
_XX_REQUEST = _c(r"""\b(?:kasih|kasi|beri|berikan|mohon|tolong|bantu|lupa|yuk|ayo|sila|minta|harap|
    berharap|semoga|(?:sangat|amat|akan)\s+membantu|membantu\s+(?:kami|toko|kedai)|
    vui\s+long|giup|nhe|nha|xin|hay|mong|hy\s+vong|hi\s+vong|
    tulis|tuliskan|tinggalkan|
    por\s+favor|pfv|deixe|deixa|avalie|poderia|pode|ajude|ajudaria|esperamos|conto\s+com|
    escreva|escreve|comente)\b
  | ให้ | ช่วย | รบกวน | ฝาก | ขอ(?!บคุณ) | อย่าลืม | จะ(?:ดีใจ|ปลื้ม|ขอบคุณ) | เป็นกำลังใจ""")
_XX_THANKS = _c(r"""(?:\b(?:terima\s+kasih|makasih|trims|cam\s+on|obrigad\w*|valeu|agradecemos|
    agradeco)\b|ขอบคุณ)[^.!?]*$""")
# A grade of the product itself: "khách sạn 5 sao", "padrão hotel 5 estrelas", "โรงแรม 5 ดาว".
_XX_GRADE_BEFORE = _c(r"""(?:\b(?:khach\s+san|hotel|resort|chuan|tieu\s+chuan|padrao|qualidade|
    linha|nivel|kecap|merek|brand|produk|produto)\s+(?:\w+\s+)?|โรงแรม\s*|ระดับ\s*)$""")
_XX_POSITIVE = _c(r"""
    \b(?:ulasan|review|rating|penilaian)\w*\s+(?:yang\s+)?(?:positif|bagus|baik|terbaik|
        memuaskan|mantap|menyenangkan|manis|indah|keren)\b
  | \b(?:danh\s+gia|nhan\s+xet|binh\s+luan|feedback)\s+(?:\w+\s+)?(?:tot|tich\s+cuc)\b
  | \bavaliac\w+\s+(?:positiva|boa|otima|excelente)\b | \b(?:boa|otima|excelente)\s+avaliacao\b
  | \b(?:comentario|resenha)s?\s+(?:positiv|bo[nm]|otim|excelente|elogi)\w*
  | \b(?:bo[nm]|otimo|excelente)\s+comentario\b | \bnota\s+alta\b
  | รีวิวดี | รีวิวที่ดี | รีวิวเชิงบวก | คะแนนดี""")
# "If it suits you / you're happy / it's good, leave a review", with up to a few words
# between ("kalau produknya cocok", "nếu dùng thấy tốt", "ถ้าใช้แล้วถูกใจ"), but not "if it's
# not" ("kalau tidak cocok", "nếu chưa ổn", "ถ้าไม่พอใจ"): that is the buyer with a problem.
_XX_ONLY_HAPPY = _c(r"""
    \b(?:jika|kalau|kalo|bila|apabila)\s+(?:(?!tidak\b|tak\b|kurang\b|gak\b|nggak\b|tiada\b)\w+\s+){0,3}?
        (?:puas|suka|berpuas\s+hati|senang|gembira|cocok|happy)\b
  | \b(?:hanya|cuma|khusus)\s+(?:\w+\s+){0,4}?(?:puas|berpuas\s+hati|senang|gembira|happy)\b
  | \b(?:puas|senang|gembira|happy)(?:\s+hati)?\s+(?:sahaja|saja|aja)\b
  | \bneu\s+(?:(?!chua\b|khong\b|ko\b|k\b|chang\b|kem\b|cam\b)\w+\s+){0,3}?
        (?:hai\s+long|thich|ung\s+y|vua\s+y|ung|on|tot|ok|oke|hop)\b
  | \bse\s+(?:voce\s+|vc\s+)?(?:tiver\s+|tenha\s+)?(?:gost\w*|am(?:ou|ar|ado)|curt\w*|
        (?:ficou|ficar|esta|estiver|estava|sentir|sentiu)\s+(?:\w+\s+)?(?:satisfeit\w*|feliz|
        contente|encantad\w*))
  | \bse\s+(?:(?!nao\b)\w+\s+)?(?:for|forem|seja|sejam)\s+(?:um\s+|pra\s+|para\s+)?
        (?:elogi\w*|positiv\w*|(?:bo[ma]|otim[oa])(?!\s+(?:pra|para)\b))\b
  | \bse\s+(?:a\s+)?(?:sua\s+)?(?:experiencia|compra)\s+(?:\w+\s+)?(?:foi|for|tiver\s+sido)\s+
        (?:\w+\s+)?(?:boa|otima|positiva|incrivel)\b
  | (?:ถ้า|หาก)(?:(?!ไม่)\S){0,12}?(?:พอใจ|ชอบ|ถูกใจ|ประทับใจ)""")
_XX_DISCOURAGE = _c(r"""
    \bjangan\s+(?:\w+\s+)?(?:kasih|beri|memberi|tulis|kasi|bagi|berikan|tinggalkan)\s+
        (?:\w+\s+){0,2}?(?:(?:ulasan|review|rating|bintang|penilaian)\w*\s+(?:\w+\s+)?
        (?:jelek|buruk|negatif|rendah|1|satu)\b|(?:1|satu)\s+bintang\b)
  # held back until the buyer has talked to the seller: "jangan langsung kasih ulasan"
  | \bjangan\s+(?:langsung|buru-buru|terus|cepat-cepat)\s+(?:\w+\s+)?(?:kasih|beri|memberi\w*|
        tulis|menulis|kasi|bagi|berikan|tinggalkan)\s+(?:\w+\s+)?(?:ulasan|review|rating|bintang|
        penilaian)
  | \bsebelum\s+(?:\w+\s+)?(?:memberi|memberikan|kasih|beri|menulis|tulis|kasi)\s+(?:\w+\s+)?
        (?:ulasan|review|rating|bintang|penilaian)
  | \bdung\s+(?:\w+\s+)?danh\s+gia\s+(?:xau|thap|1\s+sao|kem|tieu\s+cuc)
  | \btruoc\s+khi\s+(?:ban\s+)?(?:de\s+lai\s+|viet\s+|cho\s+|gui\s+)?
        (?:danh\s+gia|review|nhan\s+xet)
  | \btruoc\s+(?:,\s*)?(?:roi|sau\s+do)\s+(?:\w+\s+){0,2}?(?:danh\s+gia|review)
  | \bnao\s+(?:deixe|de|coloque|poste)\s+(?:\w+\s+)?avaliac\w+\s+(?:negativa|ruim)
  | \bantes\s+de\s+(?:avaliar|deixar\s+(?:sua\s+|uma\s+)?avaliac)
  | อย่า(?:ให้|รีวิว|กด)\S{0,10}?(?:ต่ำ|น้อย|แย่|ไม่ดี|1\s*ดาว)
  | ก่อน(?:ที่)?(?:จะ)?(?:กด|เขียน)?(?:รีวิว|ให้คะแนน|ให้ดาว)
  | อย่า(?:เพิ่ง|พึ่ง|รีบ)(?:กด|เขียน)?(?:รีวิว|ให้คะแนน|ให้ดาว)""")
_XX_CHANGE = _c(r"""
    \b(?:ubah|ganti|edit|hapus|perbarui|update|revisi|naikkan|tambah(?:kan)?|koreksi|diubah|
        diganti|diedit|dihapus|diperbarui|diupdate|direvisi|dinaikkan|padam|tukar|kemas\s+kini|
        dipadam|ditukar|dikemaskini|buang|dibuang)\s+(?:\w+\s+){0,2}?(?:ulasan|penilaian|bintang|
        komentar|reviewnya|ratingnya)
  | \b(?:sua(?:\s+lai)?|chinh\s+sua|xoa|go|doi|thay\s+doi|cap\s+nhat|nang)\s+
        (?:lai\s+|giup\s+|shop\s+|minh\s+|em\s+|cho\s+|phan\s+|cai\s+|len\s+)*
        (?:danh\s+gia|review|nhan\s+xet|binh\s+luan|\d\s*sao|sao)\b
  | \b(?:alter|mud|edit|apag|exclu|remov|retir|atualiz|corrig|revis|aument|tir)(?!\w*mos\b)\w*\s+
        (?:\w+\s+){0,2}?(?:avaliac\w*|comentario|nota(?!\s+fiscal)|estrel\w*|resenha)
  | (?:แก้(?:ไข)?|ลบ|เปลี่ยน|อัปเดต|อัพเดท|อัพเดต|ปรับ)\s*(?:รีวิว|คะแนน|ดาว|ความคิดเห็น)""")
_XX_CONDITION = _c(r"""
    \b(?:setelah|sesudah|selepas|lepas|jika|kalau|kalo|asal(?:kan)?|hanya|baru|syarat\w*|wajib)\s+
        (?:\w+\s+){0,3}?(?:ulasan|review|rating|penilaian|bintang|mengulas|ulas)\w*
  | \b(?:ulasan|review|rating)\w*\s+(?:\w+\s+){0,2}?dulu\b
  | \btanpa\s+(?:ulasan|review|rating)\w*\s*,?\s*(?:tidak|tak|tdk|tiada)\b
  # ...the review, not another thing done first: "sau khi nhận hàng bạn đánh giá" is after
  # the goods arrive
  | \b(?:sau\s+khi|khi|neu|chi\s+khi)\s+
        (?:(?!nhan\s+(?:duoc\s+|lai\s+)?(?:hang|san\s+pham|goi|don|kien)|dung\b|su\s+dung|mo\b|
            thu\b|kiem\b|giao\b|lap\b|cai\b)\w+\s+){0,3}?
        (?:danh\s+gia|review|nhan\s+xet|feedback)
  | \bdanh\s+gia\s+(?:\w+\s+){0,3}?truoc\b | \bkhong\s+danh\s+gia\s+(?:thi\s+)?(?:khong|ko)\b
  | \b(?:depois\s+que|depois\s+de|apos|assim\s+que|quando|so\s+se|somente\s+se|apenas\s+se|se|
        ate\s+que|mediante)\s+(?:\w+\s+){0,3}?(?:avali\w*|comentar|nota|estrel\w*|review)
  | \bsem\s+avaliac\w*\s*,?\s*sem\b
  # ("ไม่ต้องรีวิว", no need to review, is no condition)
  | (?:หลัง(?:จาก)?|เมื่อ|ถ้า|หาก|(?<!ไม่)ต้อง|จนกว่า)\S{0,12}?(?:รีวิว|ให้คะแนน|ให้ดาว|ให้\s*5\s*ดาว)
  | รีวิวก่อน | ไม่รีวิวไม่""",
    starts="หเถตจรไ")
_XX_SUPPORT = _c(r"""
    \b(?:refund|pengembalian\s+dana|dana\s+kembali|retur|return|tukar|penukaran|garansi|jaminan|
        komplain|klaim|kirim\s+ulang|bantu\w*|proses\w*|diproses|bayaran\s+balik|pemulangan|
        pengganti\w*|ganti\s+baru|
        hoan\s+tien|doi\s+tra|doi\s+hang|bao\s+hanh|ho\s+tro|gui\s+lai|xu\s+ly|giai\s+quyet|
        hoan\s+hang|reembolso|estorno|troca|devolucao|reenvio|garantia|ajud\w*|suporte|resolv\w*|
        process\w*|liberad\w*|liberar)\b
  | คืนเงิน | เปลี่ยนสินค้า | ส่งใหม่ | เคลม | ช่วยเหลือ | ดำเนินการ | รับประกัน | แก้ไขปัญหา""",
    starts="คเสชดรแ")
# "Once it's fixed, feel free to review": a wish, not a condition.
_XX_WISH = _c(r"""\b(?:boleh|silakan|sila|lupa|senang|berkenan|co\s+the|hay|fique|pode|sinta)\b
    | ยินดี | สามารถ""")


# The order's money back traded for a review, as "leave a review and we'll refund your
# order" is in English: a refund is support on its own ("ร้านจะคืนเงินให้ค่ะ"), a reward
# when the review is asked for and then "and" / "then" / "get" / "receive" it.
_XX_REFUND = r"""(?P<refund>refund|pengembalian\s+(?:dana|wang)|
    (?:dana|uang|wang|duit)\s+(?:\w+\s+)?(?:kembali|dikembalikan|kami\s+kembalikan)\b|
    (?:kembalikan|pulangkan)\s+(?:\w+\s+)?(?:dana|uang|wang|duit)\b|bayar(?:an)?\s+balik|
    hoan\s+(?:lai\s+|tra\s+)?tien|tra\s+lai\s+tien|boi\s+hoan|
    reembols\w*|estorn\w*|(?:devolv|restitu)\w*\s+(?:(?:o|seu|teu|todo|sua)\s+){0,2}dinheiro|
    dinheiro\s+de\s+volta)"""
# Asked for: a verb before an Indonesian or Malay review noun ("beri ulasan"); Vietnamese and
# Thai review words are verbs too; in Portuguese "avalie", "deixe sua avaliação".
_XX_REVIEW_ASKED = _c(r"""
    \b(?:beri|berikan|kasih|kasi|bagi|tulis|tuliskan|tinggalkan|memberi\w*|menulis|buat|isi)\s+
        (?:\w+\s+){0,3}?(?:ulasan|penilaian|bintang|rating|review|maklum\s+balas)
  | \b(?:ulas|review\w*|danh\s+gia|nhan\s+xet|avali(?:e|em|ar|ando|a)|coment(?:e|em|ar))\b
  | \b(?:deix|faz|dei?|poste|escrev)\w*\s+(?:\w+\s+){0,2}?(?:avaliac\w*|comentario|resenha|nota|
        estrel\w*)
  | รีวิว | ให้(?:\s*\d\s*)?(?:ดาว|คะแนน)""")
_XX_REFUND_AFTER = _c(rf"""
    \b(?:dan|lalu|terus|nanti|kemudian|langsung|akan|kami|admin|dapat\w*|dapet|mendapat\w*|
        terima(?!\s+kasih)|menerima|boleh|va|roi|duoc|nhan|shop|e|ganhe|ganha|receba|recebe|
        vamos|a\s+gente)\s+
    (?:(?:kami|kita|admin|akan|nanti|langsung|segera|kakak|kak|anda|awak|boleh|bisa|full|penuh|
        se|duoc|nhan|lai|ngay|cho|ban|minh|em|shop|o|a|um|uma|seu|sua|te|lhe|voce|vc|nos|vai|
        total|integral|\d+\s?%)\s+){{0,3}}?{_XX_REFUND}
  | (?:แล้ว|และ|ได้|รับ)\s*(?:ทาง)?(?:ร้าน|เรา|แอดมิน)?(?:จะ)?(?:ได้)?(?:รับ)?(?:การ)?คืนเงิน""")
# ...or first, with a word for "get" and the review it waits for: "nhận hoàn tiền khi đánh giá".
_XX_REFUND_FOR = _c(rf"""
    \b(?:dapat\w*|dapet|mendapat\w*|terima(?!\s+kasih)|menerima|nhan|duoc|receba|recebe|ganhe|
        ganha|garanta)\s+(?:\w+\s+){{0,2}}?{_XX_REFUND}\s+(?:\w+\s+){{0,2}}?
    (?:setelah|sesudah|selepas|lepas|jika|kalau|kalo|bila|apabila|dengan|asal(?:kan)?|untuk|
        khi|sau\s+khi|neu|ao|quando|depois\s+de|apos|assim\s+que|por|para)\s+
    (?:\w+\s+){{0,3}}?{_XX_REVIEW_WORD}""")
# The review thanked for or apologised for is one the buyer wrote: a refund beside it is
# support ("Maaf atas ulasannya, nanti kami refund").
_XX_WROTE = _c(r"""\b(?:terima\s+kasih|makasih|maaf|cam\s+on|xin\s+loi|obrigad\w*|desculp\w*|
    lamentamos|sentimos)\b | ขอบคุณ | ขอโทษ | ขออภัย | (?:อ่าน|เห็น|จาก)(?:รีวิว|ความคิดเห็น)""")
_XX_REFUND_CUE = _c(r"refund|embali|balik|tien|hoan|reembols|estorn|dinheiro|คืนเงิน")


def _refund_span(m: re.Match[str]) -> tuple[int, int]:
    return (m.start("refund"), m.end("refund")) if m.group("refund") \
        else (m.end() - len("คืนเงิน"), m.end())


def _xx_refund_traded(text: str) -> tuple[int, int] | None:
    """Where in the folded sentence a refund is traded for a review, or None."""
    if _XX_REFUND_CUE.search(text) is None:
        return None
    for asked in chain(_XX_REVIEW_ASKED.finditer(text), _XX_CHANGE.finditer(text)):
        m = _XX_REFUND_AFTER.search(text, asked.end(), asked.end() + 60)
        if m is not None and not _XX_WROTE.search(text, 0, m.start()):
            return _refund_span(m)
    m = _XX_REFUND_FOR.search(text)
    if m is not None and not _XX_WISH.search(text, m.start(), m.end()):
        return _refund_span(m)
    return None


def _xx_spans(s: Sentence, pattern: re.Pattern[str], start: int = 0,
              end: int | None = None) -> Iterator[tuple[int, int]]:
    """The matches of a pattern over the folded sentence, as offsets into its text."""
    text, where = s.folded
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        if where is None:
            yield m.span()
        else:
            yield where[m.start()], where[m.end()]


def _xx_first(s: Sentence, pattern: re.Pattern[str], start: int = 0,
              end: int | None = None) -> tuple[int, int] | None:
    return next(_xx_spans(s, pattern, start, end), None)


def _xx_at(s: Sentence, offset: int) -> int:
    """The folded offset of a sentence offset."""
    where = s.folded[1]
    return offset if where is None else bisect_left(where, offset)


def check_review_xx(s: Sentence, ctx: Context) -> Iterator[Hit]:
    if not s.other_language:
        return
    text = s.folded[0]
    if not XX_REVIEW.search(text):
        return

    def hit(code: str, span: tuple[int, int], why: str) -> Hit:
        start, end = span
        return Hit(s.start + start, s.start + end, code,
                   f"{why} ('{_snippet(s.text[start:end])}'): {RULE_ADVICE[code]}")

    def thanked(start: int) -> bool:
        return _XX_THANKS.search(text, 0, _xx_at(s, start)) is not None

    negated = _XX_NEGATION.search(text) is not None
    incentive = next((m.span() for m in _XX_INCENTIVE.finditer(text)
                      if not _XX_FREE_SUPPORT.search(text, max(0, m.start() - 30), m.start())),
                     None)
    if incentive is not None and s.folded[1] is not None:
        incentive = (s.folded[1][incentive[0]], s.folded[1][incentive[1]])
    incentive = incentive or next((m.span() for m in _XX_GIFT.finditer(s.low)), None)
    if not negated and not (_XX_PLATFORM.search(text) and not _XX_SELLER_GIVES.search(text)):
        if not (incentive and _XX_TIE.search(text)):
            # no reward tied to the review: is the order's money back traded for it?
            refund = _xx_refund_traded(text)
            incentive = refund and (refund if s.folded[1] is None
                                    else (s.folded[1][refund[0]], s.folded[1][refund[1]]))
        if incentive:
            yield hit("CX101", incentive, "incentive tied to a review")
    for span in _xx_spans(s, _XX_STARS_ASKED):
        stars = re.search(_XX_STARS_WORD, text[_xx_at(s, span[0]):_xx_at(s, span[1])],
                          re.VERBOSE)
        at = _xx_at(s, span[0]) + (stars.start() if stars else 0)
        if thanked(span[0]) or _XX_GRADE_BEFORE.search(text, max(0, at - 40), at):
            continue
        yield hit("CX102", span, "asks for a specific rating")
        break
    else:
        for pattern, why in ((_XX_POSITIVE, "asks only for positive reviews"),
                             (_XX_DISCOURAGE, "discourages reviews from unhappy buyers"),
                             (_XX_ONLY_HAPPY, "asks only satisfied buyers for a review")):
            span = _xx_first(s, pattern)
            if (span and not thanked(span[0]) and not negated
                    and (pattern is not _XX_POSITIVE or _XX_REQUEST.search(text))):
                yield hit("CX102", span, why)
                break
    span = _xx_first(s, _XX_CHANGE)
    at = span and (_xx_at(s, span[0]), _xx_at(s, span[1]))
    if at and not _XX_NEGATION.search(text, 0, at[0]) \
            and not _allowed_update(ctx, text[at[0]:at[1]], text, *at):
        yield hit("CX103", span, "asks the buyer to remove or change a review")
    if not negated:
        supports = [(a, b) for a, b in ((_xx_at(s, a), _xx_at(s, b))
                                        for a, b in _xx_spans(s, _XX_SUPPORT))]
        for m in _XX_CONDITION.finditer(text):
            # support, then the review it waits for ("refund kami proses setelah ... ulasan");
            # or the review first, then the support ("รีวิวก่อน ร้านจะคืนเงิน")
            if any((b <= m.start() and m.start() - b <= 60
                    and not _XX_WISH.search(text, b, m.end()))
                   or (a >= m.end() - 2 and a - m.end() <= 40
                       and not _XX_WISH.search(text, m.start(), a))
                   for a, b in supports):
                where = s.folded[1]
                span = m.span() if where is None else (where[m.start()], where[m.end()])
                yield hit("CX104", span, "support or refund conditioned on a review")
                break


# --- CX201 off-platform contact -------------------------------------------------------

# Tried only where a run of address characters starts: tried inside one as well, a long
# run with no "@" (a word of 100,000 letters) took time that grows with its square.
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                   r"\.[A-Za-z]{2,}")
# Spelled out: "jane at gmail dot com", "jane [at] gmail (dot) com". Tried at each letter
# of "a.a.a…" and at each split of a run of spaces, it took seven seconds on 20,000
# characters. It is tried once per run of address characters, from the run's first
# letter or digit (a later start in the run ends where that one does, so it finds the
# same or nothing), and the spaces around "at" and "dot" match one way only.
_SPELLED_DOMAIN = r"""(?:\s*[\[(]\s*(?:at|arroba)\s*[\])]\s*|\s+(?:at|arroba)\s+)[\w-]+
    (?:\s*[\[(]\s*(?:dot|punto)\s*[\])]\s*|\s+(?:dot|punto)\s+)(?:com|net|org|co|io|shop|store|uk|mx|es)\b"""
EMAIL_SPELLED = _c(rf"(?<![\w.+-])[.+-]*+(?P<address>\w[\w.+-]*+{_SPELLED_DOMAIN})")
# Where an address ends inside a run ("… dot com.jo at …"), the next may start right on.
_EMAIL_SPELLED_ON = _c(rf"[.+-][\w.+-]*+{_SPELLED_DOMAIN}")
# A bare domain (no http://, no www.) needs a common TLD; the newer word-like ones
# (.shop, .app) only count with a path, so code like `settings.shop` is not a link.
_TLDS = "com|net|org|co|io|me|ly|be|us|uk|ca|au|de|fr|es|nl|biz|info|xyz|tv|gg|vn"
_WORD_TLDS = "shop|store|site|online|app|link|page|club|to|it"
_NOT_URL = r"""[^\s<>"'()\[\]{}]"""
# Names whose ".id" is a record's id, not a domain.
_ID_NOT_DOMAIN = r"""(?:order|orders|user|item|items|row|product|buyer|customer|seller|sku|ticket|
    review|message|msg|self|this|obj|object|record|event|file|video|comment|account|shop|store|
    catalog|entry|node|session|request|data|post|page|chat|case|return|refund|package|shipment|
    variant|listing|line|stage|template|reply|card)"""
# Where an Indonesian domain ends: ".id" closing the name, nothing of a word or a call after it.
_ID_END = r"\.id\b(?![.-]?\w|\()"
URL = _c(rf"""
    \bhttps?://{_NOT_URL}+
  | \bwww\.{_NOT_URL}+
  # (not "shop.co" of "shop.co.id": ID_DOMAIN reads the whole domain)
  | (?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?!{_ID_END})(?:/{_NOT_URL}*)?
  | (?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_WORD_TLDS})/{_NOT_URL}*
""", re.IGNORECASE, starts="")
# A bare domain on Indonesia's own ending, in any case, ending the name ("tokorumahkita.id",
# "SHOP.CO.ID", a name under one of the two-letter second levels co, ac, go, or, my), not a
# field of a record ("order.id") or a part of a file name ("review.id.txt"). Looked for
# only in a sentence holding ".id": most hold none.
ID_DOMAIN = _c(rf"""(?<![@\w.-])(?!{_ID_NOT_DOMAIN}\.id\b)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*
    (?:[a-z0-9][a-z0-9-]+[a-z0-9]|(?<=\.)(?:co|ac|go|or|my)){_ID_END}(?:/{_NOT_URL}*)?""",
               re.IGNORECASE)
PHONE = _c(r"""(?<![\w+/.,-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,5}
    (?:[\s.-]\d{2,6}){1,4}(?![\w/])""")
PHONE_PLAIN = _c(r"(?<![\w+/.,-])\+?\d{7,15}(?![\w/])")
_NANP = re.compile(r"(?:1[\s.-])?\d{3}[\s.-]\d{3}[\s.-]\d{4}")
_DATE = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4}")
_PHONE_CONTEXT = _c(r"""(?:\b(?:call|phone|tel|telephone|text|sms|whats\s?app|mobile|cell|ring|
    dial|hotline|contact|reach|viber|telegram|signal|line|
    tel[ée]fono|celular|ll[áa]m\w*|marca\w*|contacto|
    wa|wasap|hubungi|telp|telepon|telefon|zalo|sđt|sdt|gọi|goi|liên\s+hệ|lien\s+he|lh|
    điện\s+thoại|dien\s+thoai|đt|
    zap|whats|wpp|ligue|liga|telefone)\b|โทร|เบอร์|ไลน์)[^.!?]{0,30}$""")


def _phone_context(low: str, end: int) -> bool:
    """A word like "call" shortly before ``end``. The pattern's matches are at most 39
    characters long: searched in the last 40 only, not the whole sentence for each number
    ("55 55 55 …" took time that grew with the square of its length)."""
    return _PHONE_CONTEXT.search(low, max(0, end - 40), end) is not None


MESSENGER = _c(r"""
    \bwhats\s?app\b | \btelegram\b | \bt\.me/ | \bwechat\b | \bviber\b | \bkakao(?:talk)?\b
  | \bsnapchat\b | \bdiscord\b | \bskype\b | \b(?:facebook|fb)(?:\s+messenger)?\b | \bmessenger\b
  | \binstagram\b | \binsta\b | \big\s+(?:dm|dms|account|page|handle|story)\b | \bon\s+ig\b
  | \b(?:our|my)\s+ig\b | \big\s*[:.]?\s*@\w
  | \btwitter\b
  | \b(?:text|sms|call|phone|ring|e-?mail|whats\s?app)\s+(?:me|us|our\s+team|the\s+shop)\b
  | \bgive\s+(?:us|me)\s+a\s+(?:call|ring|text|buzz)\b
  | \b(?:by|via|through|over)\s+(?:e-?mail|phone|telephone|text(?:\s+message)?|sms)\b
  | \b(?:our|my)\s+(?:e-?mail(?:\s+address)?|phone(?:\s+number)?|mobile(?:\s+number)?|hotline|
        cell|personal\s+number|whats\s?app)\b
  # Spanish: "llámanos", "mándanos un correo", "por correo", "nuestro número"
  | \bll[áa]m(?:anos|ame|enos)\b
  | \bm[áa]nd(?:anos|ame)\s+un\s+(?:correo|mail|e-?mail|sms|mensaje\s+de\s+texto)\b
  | \bpor\s+(?:correo(?:\s+electr[óo]nico)?|tel[ée]fono|sms|mensaje\s+de\s+texto)\b
  | \b(?:nuestro|mi)\s+(?:correo|tel[ée]fono|celular|whats\s?app)\b
  | \b(?:send|shoot|drop|fire\s+off)\s+(?:us|me)\s+an?\s+(?:quick\s+)?(?:e-?mail|text|sms)\b
  | \b(?:e-?mail|write\s+to)\s+(?:our|the)\s+(?:team|support)
""")
MESSENGER_CASED = _c(r"\b(?:on|via|add(?:\s+us\s+on)?|our)\s+LINE\b|\bLINE\s+(?:ID|@|official)|"
                     r"\b(?:on|via)\s+Signal\b")
# Indonesian, Malay, Vietnamese, Portuguese and Thai, over the folded text: "hubungi
# via WA", "nhắn Zalo", "me chama no zap", "แอดไลน์".
MESSENGER_XX = _c(r"""
    \b(?:via|lewat|melalui|di|ke|hubungi|hub|kontak|chat|japri|save|simpan|add|no|nomor|nombor|
        mesej|pc)\s+(?:kami\s+|admin\s+|kita\s+|saya\s+)?(?:di\s+|ke\s+|via\s+)?wa\b
  | \bwa\s+(?:kami|admin|kita|saya|aja|saja|toko)\b | \bwa\s*[:.]?\s*\+?\d[\d\s.-]{6} | \bwasap\b
  | \b(?:nomor|no|nombor)\.?\s+(?:hp|telp|telepon|telefon|handphone)\b
  | \b(?:email|e-mel|emel|telepon|telefon)\s+(?:kami|admin)\b
  | \b(?:nhan|nhan\s+tin|lien\s+he|lh|ket\s+ban|add|ib|inbox|goi|chat|qua|sdt|so|tim|them)\s+
        (?:\w+\s+){0,2}?zalo\b
  | \bzalo\s*[:.]?\s*\+?\d[\d\s.-]{6} | \bzalo\s+(?:shop|cua\s+shop|minh|em|ben\s+minh)\b
  | \b(?:sdt|so\s+dien\s+thoai|so\s+dt)\s+(?:cua\s+)?(?:shop|minh|ben\s+minh|em)\b
  | \bgoi\s+(?:dien\s+)?(?:cho\s+)?(?:shop|minh|hotline)\b
  | \b(?:nhan\s+tin|inbox|ib|lien\s+he)\s+(?:qua\s+|voi\s+)?(?:facebook|fb|fanpage|page|
        messenger|instagram|ig)\b
  | \b(?:chama|chame|chamar|manda|mande|fala|fale|contato|no|pelo|nosso|meu|add|adiciona)\s+
        (?:a\s+gente\s+)?(?:no\s+|pelo\s+)?(?:zap(?:zap)?|whats|wpp)\b
  | \bzap\s*[:.]?\s*\(?\+?\d[\d\s().-]{6}
  | \b(?:liga|ligue|ligar|liguem)\s+(?:pra|para|pro)\s+(?:a\s+gente|gente|nos|mim|loja|nossa|
        o\s+nosso|o\s+numero|\d|\()
  | \bme\s+liga\b | \b(?:nosso|meu)\s+(?:telefone|celular|e-?mail|instagram|insta)\b
  | \bpor\s+e-?mail\b | \bpelo\s+(?:telefone|celular|e-?mail|direct|insta)\b | \bno\s+direct\b
  | \b(?:manda|mande|envie|envia)\s+(?:um\s+)?(?:e-?mail|sms|direct)\b
  | \badd\s+line\s*(?:@|id\b|:)
  # LINE in Indonesian: "Line kami: @toko", "hubungi via Line", "line @toko"
  | \bline\s+(?:kami|admin|toko|resmi|official|saya|kita)\b | \b(?:via|lewat|melalui)\s+line\b
  | \bline\s*(?:id\s*)?:?\s*@\w | \bline\s+id\s*:
  | (?:แอด|ทัก|ติดต่อ(?:ทาง|ผ่าน)?|เพิ่มเพื่อน|ไอดี)\s*(?:ไลน์|line) | ไลน์\s*(?:ไอดี|id|@)
  | ทางไลน์ | ไลน์ร้าน | โทร(?:หา|มา|ศัพท์)?\s*[:.]?\s*0\d | เบอร์(?:โทร)?\S{0,8}?\s*[:.]?\s*0\d
  | ติดต่อ(?:ทาง|ผ่าน)(?:โทรศัพท์|เฟซบุ๊ก|เฟส|อีเมล|อินสตาแกรม|ไอจี) | อินบ็อกซ์เฟส | เพจร้าน""",
    starts="แทตเไโอ")
# Facebook and Instagram in Thai, as a way to reach the shop: "ติดต่อเราทางเฟซบุ๊ก",
# "ทักเฟซบุ๊กร้าน", "ทักมาทาง IG", "ไอจีร้าน @..." (run only on a sentence naming one of
# _SOCIAL_TH: most name none).
SOCIAL_TH = _c(r"""
    (?:ติดต่อ|ทัก|แชท|ส่งข้อความ|อินบ็อกซ์|ทาง|ผ่าน)\S{0,12}?\s*(?:เฟซบุ๊ก|เฟสบุ๊ก|เฟซบุ้ก|เฟสบุ้ค|
        เฟซบุ๊ค|เฟสบุ๊ค|เฟซ|เฟส|facebook|fb|ไอจี|อินสตาแกรม|อินสตา|instagram|ig)(?![a-z])
  | (?:เฟซบุ๊ก|เฟสบุ๊ก|เฟสบุ้ค|เพจ|ไอจี|อินสตาแกรม)(?:ของ)?(?:ทาง)?ร้าน | (?:ไอจี|\big)\s*[:.]?\s*@\w""")
_SOCIAL_TH = ("เฟซ", "เฟส", "facebook", "fb", "ไอจี", "อินสตา", "instagram", "ig", "เพจ")
OUR_SITE = _c(r"""\bour\s+(?:own\s+)?(?:web\s*site|site|blog|web\s*shop|web\s*store|
    online\s+(?:store|shop)|shopify\s+store|homepage|landing\s+page)\b
  | \b(?:nuestra|mi)\s+(?:p[áa]gina\s+web|web|tienda\s+(?:en\s+l[íi]nea|online|web))\b
  | \b(?:nuestro|mi)\s+sitio(?:\s+web)?\b""")
# The seller's own website in Indonesian, Malay, Vietnamese, Portuguese and Thai (folded
# text): "laman web kami", "website của shop", "nosso site", "เว็บไซต์ของร้าน".
OUR_SITE_XX = _c(r"""
    \b(?:laman\s+web|laman\s+sesawang|website|web|situs(?:\s+web)?|blog)\s+(?:resmi\s+|rasmi\s+)?
        (?:kami|toko\s+kami|kedai\s+kami)\b
  | \b(?:trang\s+web|website|web)\s+(?:rieng\s+)?(?:cua\s+|ben\s+)?(?:shop|minh|chung\s+toi)\b
  | \b(?:nosso|meu)\s+(?:proprio\s+)?(?:site|blog|e-?commerce)\b
  | \bnossa\s+loja\s+(?:virtual|online|propria)\b
  | เว็บ(?:ไซต์)?(?:ของ)?(?:ทาง)?ร้าน""",
    starts="เ")
# ...and buying there is ordering outside the platform (CX202), as "buy from our website" is.
_ORDER_WORDS_XX = _c(r"""\b(?:beli|membeli|belanja|berbelanja|pesan|memesan|order|checkout|harga|
    murah\w*|mua|dat\s+hang|gia|re\s+hon|compr\w*|pedido|pedir|peca|preco\w*|barat\w*)\b
  | สั่ง | ซื้อ | ราคา""",
    starts="สซร")
# Another marketplace, named beside buying or its price: "beli di Shopee kami lebih murah",
# "mua trên Shopee rẻ hơn", "สั่งในช้อปปี้ถูกกว่า" (as "order from us on Shopee" in English).
_MARKETPLACES = ("shopee", "lazada", "tokopedia", "tokped", "bukalapak", "blibli", "ช้อปปี้",
                 "ลาซาด้า")
MARKETPLACE_XX = _c(r"\b(?:shopee|lazada|tokopedia|tokped|bukalapak|blibli)\b | ช้อปปี้ | ลาซาด้า")
# Each OUR_SITE_XX match holds one of these: most sentences hold none and skip it.
_SITE_PARTS = ("web", "sit", "blog", "sesawang", "commerce", "loja", "เว็บ")


def _our_site_xx(s: Sentence) -> list[tuple[int, int]]:
    """The spans of the seller's own website named in the (folded) sentence."""
    text = s.folded[0]
    if not any(part in text for part in _SITE_PARTS):
        return []
    return list(_xx_spans(s, OUR_SITE_XX))


def spelled_emails(low: str) -> Iterator[tuple[int, int]]:
    """The spans of the spelled-out e-mail addresses in a lower-cased sentence."""
    pos = 0
    while (m := EMAIL_SPELLED.search(low, pos)) is not None:
        start, pos = m.span("address")
        yield start, pos
        while (m := _EMAIL_SPELLED_ON.match(low, pos)) is not None:
            yield m.span()
            pos = m.end()


def _domain_allowed(host: str, allow: Sequence[str]) -> bool:
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    for domain in (*PLATFORM_DOMAINS, *allow):
        domain = domain.lower().strip().lstrip(".")
        if domain.startswith("www."):
            domain = domain[4:]
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def _host(url: str) -> str:
    rest = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
    return re.split(r"[/:?#]", rest, maxsplit=1)[0]


def check_contact(s: Sentence, ctx: Context) -> Iterator[Hit]:
    text, low = s.text, s.low
    # The spans already reported, apart from each other and sorted: a span is free when
    # the last one starting before its end ends before its start. Looking through them
    # all took 1.1 s for "a.com " repeated over 40,000 characters.
    starts: list[int] = []
    ends: list[int] = []

    def hit(start: int, end: int, what: str, distinct: bool = True) -> Hit:
        at = bisect_left(starts, start)
        starts.insert(at, start)
        ends.insert(at, end)
        return Hit(s.start + start, s.start + end, "CX201",
                   f"off-platform contact: {what} ('{_snippet(text[start:end])}'); keep buyers "
                   "in TikTok Shop chat", distinct)

    def free(start: int, end: int) -> bool:
        before = bisect_left(starts, end) - 1
        return before < 0 or ends[before] <= start

    for m in EMAIL.finditer(text):
        yield hit(m.start(), m.end(), "an e-mail address")
    for start, end in spelled_emails(low):
        if free(start, end):
            yield hit(start, end, "an e-mail address")
    urls: Iterable[re.Match[str]] = URL.finditer(text)
    if ".id" in low:
        urls = chain(urls, ID_DOMAIN.finditer(text))
    for m in urls:
        url = m.group(0).rstrip(".,;:!?")
        end = m.start() + len(url)
        if not free(m.start(), end) or _domain_allowed(_host(url), ctx.allow_domains):
            continue
        yield hit(m.start(), end, "a link outside the platform")
    for m in PHONE.finditer(text):
        number = m.group(0)
        digits = sum(c.isdigit() for c in number)
        if not 7 <= digits <= 15 or _DATE.fullmatch(number) or not free(m.start(), m.end()):
            continue
        if (number.startswith(("+", "(")) or _NANP.fullmatch(number)
                or _phone_context(low, m.start())):
            yield hit(m.start(), m.end(), "a phone number")
    for m in PHONE_PLAIN.finditer(text):
        if free(m.start(), m.end()) and (m.group(0).startswith("+")
                                         or _phone_context(low, m.start())):
            yield hit(m.start(), m.end(), "a phone number")
    for pattern, source in ((MESSENGER, low), (MESSENGER_CASED, text)):
        for m in pattern.finditer(source):
            if free(m.start(), m.end()):
                yield hit(m.start(), m.end(), "another channel (messenger, e-mail, phone)",
                          False)
    if s.other_language:
        social = any(name in s.folded[0] for name in _SOCIAL_TH)
        for pattern in (MESSENGER_XX, SOCIAL_TH) if social else (MESSENGER_XX,):
            for start, end in _xx_spans(s, pattern):
                if free(start, end):
                    yield hit(start, end, "another channel (messenger, e-mail, phone)", False)
    if not _ordering_outside(s):
        for m in OUR_SITE.finditer(low):
            if free(m.start(), m.end()):
                yield hit(m.start(), m.end(), "a website outside the platform", False)
    if s.other_language:
        sites = [span for span in _our_site_xx(s) if free(*span)]
        if sites and not _ORDER_WORDS_XX.search(s.folded[0]):
            for start, end in sites:
                yield hit(start, end, "a website outside the platform", False)


# --- CX202 payment or ordering outside the platform --------------------------------------

PAY_APP = _c(r"""
    \bpay\s?pal\b | \bvenmo\b | \bzelle\b | \bcash\s?app\b | \bwestern\s+union\b | \bmoney\s?gram\b
  | \b(?:bank|wire|direct)\s+(?:transfer|deposit)\b | \bbank\s+account\b
  | \bcrypto(?:currency)?\b | \bbitcoin\b | \bbtc\b | \busdt\b | \bethereum\b | \bapple\s+cash\b
  | \bpay\w*\s+(?:us\s+|me\s+)?(?:directly|direct|outside|off[- ]platform|separately|in\s+cash)\b
  | \bpayment\s+link\b
  | \b(?:send|transfer)\s+(?:us\s+|me\s+)?(?:the\s+)?(?:money|payment|cash|balance|deposit)\b
  # Spanish: "transferencia bancaria", "depósito en OXXO", "págame directo"
  | \btransferencia(?:\s+bancaria)?\b
  | \bdep[óo]sito\s+(?:bancario|en\s+(?:oxxo|efectivo|tienda|el\s+banco))\b
  | \bp[áa]g(?:a|ame|anos|ar)\s+(?:directo|directamente|por\s+fuera|en\s+efectivo)\b
""")
PAY_XX = _c(r"""
    \btransfer\s+(?:\w+\s+){0,2}?(?:ke\s+)?(?:rekening|rek|akaun)\b
  | \b(?:tf|trf|transfer)\s+langsung\b
  | \b(?:nomor|no|nombor)\.?\s+(?:rekening|rek|akaun)\b
  | \brekening\s+(?:kami|saya|pribadi|toko|bca|bri|bni|mandiri)\b
  | \bakaun\s+(?:bank\s+)?(?:kami|saya)\b | \bbank[\s-]in\b
  | \bpindah\w*\s+(?:wang|duit|bayaran)\s+(?:\w+\s+)?(?:ke|kepada)\b
        (?!\s+(?:akaun\s+(?:bank\s+)?)?(?:anda|awak)\b)
  | \b(?:maybank2u|maybank|cimb|public\s*bank|rhb|hong\s+leong|ambank|bank\s+islam|bsn|
        bank\s+rakyat)\s*[:.]?\s*\d[\d\s-]{6}
  | \bbayar\s+(?:\w+\s+)?(?:langsung|terus|di\s*luar|lewat\s+(?:wa|transfer)|
        via\s+(?:wa|transfer))\b
  | \b(?:di\s*luar|luar)\s+(?:aplikasi|apl|tiktok|platform|app)\b
  | \b(?:via|lewat|pakai|ke)\s+(?:ovo|gopay|shopeepay|linkaja|qris|duitnow|tng)\b
  | \b(?:order|pesan|beli|belanja)\s+(?:\w+\s+)?(?:langsung\s+)?(?:lewat|via|di|melalui)\s+
        (?:wa|whatsapp|website|web|situs|ig|instagram)\b
  # another marketplace ("order di Tokopedia kami", "beli di Shopee"), or the shop's own
  # online store when it is where to order directly or cheaper ("pesan langsung di toko
  # online kami"; "belanja di toko online kami" alone may be the TikTok shop)
  | \b(?:order|pesan|beli|belanja|checkout|co)\s+(?:\w+\s+){0,2}?(?:di|lewat|via|melalui|ke)\s+
        (?:toko\s+|akun\s+)?(?:tokopedia|tokped|shopee|lazada|bukalapak|blibli)\b
  | \b(?:tokopedia|tokped|shopee|lazada|bukalapak|blibli)\s+(?:resmi\s+)?kami\b
        (?=[^.!?]*\b(?:order|pesan|beli|belanja|checkout|harga|murah\w*|hemat)\b)
  | \b(?:order|pesan|beli|belanja)\s+langsung\s+(?:\w+\s+)?(?:di|lewat|via|melalui|ke)\s+
        toko\s+(?:online|daring)\s+(?:resmi\s+)?(?:kami|sendiri)\b
  | \btoko\s+(?:online|daring)\s+(?:resmi\s+)?(?:kami|sendiri)\b
        (?=[^.!?]*\b(?:lebih\s+murah|lebih\s+hemat|harga\s+khusus)\b)
  | \blebih\s+(?:murah|hemat)\b[^.!?]{0,40}?\btoko\s+(?:online|daring)\s+(?:resmi\s+)?
        (?:kami|sendiri)\b
  | \bchuyen\s+khoan\b | \bck\s+(?:truc\s+tiep|cho\s+shop|qua|vao|truoc)\b
  | \b(?:stk|so\s+tai\s+khoan|tai\s+khoan\s+(?:ngan\s+hang|cua\s+shop|shop))\b
  | \bthanh\s+toan\s+(?:\w+\s+)?(?:truc\s+tiep|ngoai|qua\s+(?:momo|zalo\s*pay|ngan\s+hang|stk|
        tai\s+khoan))\b
  | \b(?:qua|vao|bang|so)\s+(?:vi\s+)?momo\b | \bmomo\s*[:.]?\s*0\d
  | \bngoai\s+(?:san|app|ung\s+dung|tiktok)\b
  | \b(?:dat|mua|order)\s+(?:hang\s+)?(?:\w+\s+)?(?:qua|tren)\s+(?:zalo|facebook|fb|fanpage|
        web|website|trang\s+web)\b | \bmua\s+(?:\w+\s+)?truc\s+tiep\b
  | \bpix\s+(?:direto|diretamente|pra\s+gente|para\s+nos|pra\s+mim|na\s+conta)\b | \bchave\s+pix\b
  | \b(?:faz|faca|fazer|manda|mande|envia|envie)\s+(?:um\s+|o\s+)?pix\b | \b(?:nosso|meu)\s+pix\b
  | \b(?:direto|diretamente)\s+(?:no|pelo|via)\s+pix\b | \btransferencia\s+bancaria\b
  | \bdeposito\s+(?:na|em)\s+conta\b
  | \b(?:pagamento|pague|paga|pagar)\s+(?:\w+\s+)?(?:direto|diretamente|por\s+fora|
        fora\s+(?:da|do))\b
  | \bfora\s+(?:da|do)\s+(?:plataforma|app|aplicativo|tiktok)\b
  | \b(?:compre|compra|comprar|peca|pedir)\s+(?:\w+\s+){0,2}?(?:no|pelo|em)\s+nosso\s+
        (?:site|whats|zap|instagram|insta)\b
  | \b(?:te\s+)?(?:mando|envio|enviamos|mandamos)\s+(?:o\s+|um\s+)?boleto\b
  | โอน(?:เงิน)?(?:โดยตรง|ตรง|(?:มา|ไป)?(?:ที่|ยัง|ให้|เข้า)(?:ทาง)?(?:บัญชี|บช|ร้าน))
  | เลข(?:ที่)?บัญชี | พร้อมเพย์ | \bpromptpay
  | (?:สั่ง|ซื้อ)(?:ซื้อ|ของ|สินค้า)?(?:กับ|จาก)(?:ทาง)?ร้าน\s*(?:โดยตรง|ตรงๆ)
  | ถูกกว่า(?:ใน|บน|ที่)?(?:แอป|แอพ|tiktok|ติ๊กต็อก)
  | ชำระ(?:เงิน)?(?:นอก|โดยตรง|ตรง) | นอก(?:แอป|แอพ|แพลตฟอร์ม|ระบบ|ติ๊กต็อก|tiktok)
  | สั่ง(?:ซื้อ)?(?:ผ่าน|ทาง)(?:ไลน์|line|เฟส|facebook|เพจ|เว็บ) | ซื้อ(?:ตรง|โดยตรง)""",
    starts="โเพชนสซถ")
# A refund paid back is not a payment taken: "hoàn tiền qua chuyển khoản", "คืนเงินเข้าบัญชี".
_PAY_EXEMPT_XX = _c(r"""\b(?:refund|pengembalian\s+dana|dana\s+dikembalikan|bayaran\s+balik|
    hoan\s+tien|reembolso|estorno|kurir|cod)\b | คืนเงิน | โอน(?:เงิน)?คืน | เงินคืน""")
CASHTAG = re.compile(r"(?<![\w$])\$[A-Za-z][A-Za-z0-9_]{2,}\b")
_PAY_EXEMPT = _c(r"\boriginal\s+payment\s+method\b|\brefund\w*\s+(?:\w+\s+){0,3}?(?:to|back)\b|"
                 r"\breembols\w*|\bm[ée]todo\s+de\s+pago\s+original\b")
ORDER_OUTSIDE = _c(r"""
    \b(?:order|buy|purchas|shop|reorder|check\s?out|get\s+it|get\s+them)\w*\s+(?:[\w-]+\s+){0,2}?
        (?:from|on|at|through|via|in|with)\s+(?:our|my)\s+(?:own\s+)?(?:web\s*site|site|web\s*shop|
        web\s*store|online\s+(?:store|shop)|shopify(?:\s+store)?|amazon(?:\s+store)?|etsy|ebay|app)\b
  | \b(?:order|buy|purchas|shop)\w*\s+(?:\w+\s+)?direct(?:ly)?\b
  | \b(?:order|buy|purchas)\w*\s+(?:it\s+|them\s+)?(?:from|with)\s+us\s+direct(?:ly)?\b
  | \b(?:outside|off)\s+(?:of\s+)?(?:the\s+)?(?:tiktok|app|platform)\b | \boff[- ]platform\b
  | \bskip\s+(?:the\s+)?(?:tiktok|platform|app|marketplace)(?:'s)?\s+(?:fees?|checkout)\b
  | \bavoid\s+(?:the\s+)?(?:tiktok\s+|platform\s+)?(?:checkout|fees?)\b
  | \b(?:order|buy|purchas|reorder)\w*\s+(?:\w+\s+){0,2}?(?:on|at|from)\s+(?:amazon|etsy|ebay|
        shopify|walmart|aliexpress|shopee|lazada|tokopedia)\b
  | \b(?:compr|pid|orden|ped)\w*\s+(?:[\w-]+\s+){0,2}?(?:en|desde)\s+(?:nuestra|mi|nuestro)\s+
        (?:p[áa]gina|tienda\s+(?:en\s+l[íi]nea|online|web)|sitio|web)\b
  | \b(?:compr|pid|orden)\w*\s+(?:\w+\s+)?directo\b
  | \bfuera\s+de\s+(?:la\s+)?(?:app|aplicaci[óo]n|plataforma|tiktok)\b
""")
_ORDER_WORDS = _c(r"\b(?:order\w*|buy\w*|purchas\w*|price\w*|cheaper|for\s+less|save|discount\w*|"
                  r"shop\w*|checkout|cart|members\w*|compr\w*|pedid\w*|precio\w*|ahorr\w*|"
                  r"descuento\w*)\b")


def _ordering_outside(s: Sentence) -> re.Match[str] | None:
    m = ORDER_OUTSIDE.search(s.low)
    if m is None:
        site = OUR_SITE.search(s.low)
        if site and _ORDER_WORDS.search(s.low):
            return site
    return m


def check_payment(s: Sentence, ctx: Context) -> Iterator[Hit]:
    def hit(start: int, end: int, what: str) -> Hit:
        return Hit(s.start + start, s.start + end, "CX202",
                   f"{what} outside the platform ('{_snippet(s.text[start:end])}'): orders and "
                   "payments go through TikTok Shop")

    m = PAY_APP.search(s.low)
    if m and not _PAY_EXEMPT.search(s.low):
        yield hit(m.start(), m.end(), "payment")
        return
    m = CASHTAG.search(s.text)
    if m:
        yield hit(m.start(), m.end(), "payment")
        return
    m = _ordering_outside(s)
    if m:
        yield hit(m.start(), m.end(), "ordering")
        return
    if s.other_language:
        span = _xx_first(s, PAY_XX)
        if span and not _PAY_EXEMPT_XX.search(s.folded[0]):
            yield hit(*span, "payment or ordering")
            return
        sites = _our_site_xx(s)
        if not sites and any(name in s.folded[0] for name in _MARKETPLACES):
            sites = list(_xx_spans(s, MARKETPLACE_XX))
        if sites and _ORDER_WORDS_XX.search(s.folded[0]):
            yield hit(*sites[0], "ordering")


# --- CX301 pressure or spam (a warning) -----------------------------------------------

URGENCY = _c(r"""
    \bact\s+(?:now|fast|quickly|today)\b | \bhurry\b | \blast\s+chance\b | \blimited[- ]time\b
  | \blimited\s+stock\b | \bends\s+(?:tonight|today|soon|at\s+midnight|midnight|tomorrow|in\s+\d+)
  | \bexpires?\s+(?:today|tonight|soon|in\s+\d+|at\s+midnight)\b | \boffer\s+expires\b
  | \bdon't\s+miss\b | \bdo\s+not\s+miss\b | \bonly\s+(?:\d+|a\s+few)\s+(?:\w+\s+)?left\b
  | \bwhile\s+(?:stocks?|supplies)\s+lasts?\b
  | \bbefore\s+(?:they're|it's|they\s+are|it\s+is)\s+(?:all\s+)?(?:gone|too\s+late)\b
  | \btoo\s+late\b | \btoday\s+only\b | \burgent(?:ly)?\b
  | \b(?:time|stock|supplies)\s+(?:is|are)\s+running\s+out\b | \bselling\s+(?:out|fast)\b
  | \bgoing\s+fast\b | \bdon't\s+wait\b | \bdo\s+not\s+wait\b | \bnow\s+or\s+never\b
  | \bfinal\s+(?:hours|call|chance)\b | \blast\s+day\b | \bprices?\s+(?:go|goes|going)\s+up\b
  | \b(?:order|buy|shop|grab\s+(?:it|yours|one))\s+now\b | \bflash\s+sale\b
  # Spanish
  | \btiempo\s+limitado\b | \b[úu]ltimas?\s+(?:piezas|unidades|horas|oportunidad|d[íi]as?)\b
  | \bdate\s+prisa\b | \bap[úu]rate\b | \bno\s+te\s+lo\s+pierdas\b | \bs[óo]lo\s+hoy\b
  | \bcompra\s+(?:ya|ahora)\b | \bse\s+(?:agota|acaba)\w*\b | \bquedan\s+pocas?\b
  | \btermina\s+(?:hoy|esta\s+noche|pronto|ma[ñn]ana)\b | \burgente\b
""")
URGENCY_XX = _c(r"""
    \b(?:stok|stock|waktu|masa|promo|jumlah|kuota)\s+(?:sangat\s+)?(?:terbatas|terhad)\b
  | \bburuan\b | \bcepetan\b | \bsebelum\s+(?:kehabisan|habis)\b
  | \bjangan\s+sampai\s+(?:kehabisan|ketinggalan|kelewatan)\b | \bhari\s+ini\s+(?:saja|aja|sahaja)\b
  | \b(?:kesempatan|peluang)\s+terakhir\b | \bberakhir\s+(?:hari\s+ini|malam\s+ini|besok)\b
  | \bjangan\s+lepaskan\s+peluang\b | \bcepat\s+sebelum\b
  | \bnhanh\s+tay\b | \bso\s+luong\s+(?:co\s+han|gioi\s+han)\b | \bchi\s+(?:trong\s+)?hom\s+nay\b
  | \bsap\s+het\s+hang\b | \bco\s+hoi\s+cuoi\b | \bdung\s+bo\s+lo\b | \bkeo\s+(?:lo|het)\b
  | \bultim(?:as|os)\s+(?:unidades|pecas|horas|dias)\b | \bultima\s+(?:chance|oportunidade)\b
  | \bpor\s+tempo\s+limitado\b | \bestoque\s+limitado\b | \b(?:so|somente)\s+hoje\b
  | \bnao\s+perca\b
  | \bcorr(?:e|a|am)\s+(?:que|antes|pra|para\s+garantir)\b | \bcorr(?:e|a)\s*!
  | \bacaba\s+(?:hoje|amanha|logo|em\s+\d)\b | \baproveite\s+(?:ja|agora|logo)\b
  | \bcompre\s+(?:ja|agora)\b | \b(?:esta|estao)\s+acabando\b
  | \bantes\s+que\s+(?:esgote|esgotem)\b
  | \b(?:aproveite|aproveita|compre|compra|garanta|garante|corra|pegue|pega)\b[^.!?]{0,30}?
        \bantes\s+que\s+(?:acabe|acabem|termine)\b
  | จำนวนจำกัด | เวลาจำกัด | วันนี้วันเดียว | วันสุดท้าย | โอกาสสุดท้าย | รีบ(?:สั่ง|ซื้อ|กด|เลย)
  | ก่อน(?:ของ)?หมด | อย่าพลาด | หมดแล้วหมดเลย | ใกล้หมด
  | (?:โปร\S{0,8}?หมด|หมดเขต)\S{0,4}?(?:คืนนี้|วันนี้|พรุ่งนี้|เที่ยงคืน) | (?:คืน|วัน)นี้เท่านั้น
  | (?<!ที่)(?<!ที่คุณ)(?:กด)?(?:สั่ง|ซื้อ)(?:เลย|ด่วน|ตอนนี้)""",
    starts="จเวโรกอหใคสซ")
# A name in a web address ("SHOP.COM", "TOKO.CO.ID") is not shouting: the address has
# its own finding.
CAPS = re.compile(r"(?<![\w.-])[A-Z]{4,}(?![\w-]|\.\w)")
# A keyword the buyer types ("reply STOP") or a code ("use code SPRING") is not shouting.
_KEYWORD_BEFORE = re.compile(r"\b(?:reply|type|send|text|enter|code|use)\s+[\"'“]?$", re.I)


def _keyword_before(text: str, end: int) -> bool:
    """``_KEYWORD_BEFORE`` ends at ``end``: searched from the keyword on (the spaces and
    the quote after it walked back over), not over the whole sentence for each word in
    capitals ("ABCD ABCD …" took time that grew with the square of its length)."""
    i = _before_spaces(text, end)
    if i and text[i - 1] in "\"'“":
        i = _before_spaces(text, i - 1)
    return _KEYWORD_BEFORE.search(text, max(0, i - len("reply")), end) is not None


BANGS = re.compile(r"!(?:\s*!)+")
# "NOTE:", "SAFETY WARNING:" opening a sentence label what follows; they do not shout.
_CAPS_LABEL = re.compile(r"(?:[A-Z]{2,}[ -]){0,2}[A-Z]{2,}:")


def check_pressure(s: Sentence, ctx: Context) -> Iterator[Hit]:
    def hit(start: int, end: int, what: str) -> Hit:
        return Hit(s.start + start, s.start + end, "CX301",
                   f"{what} ('{_snippet(s.text[start:end])}'): post-purchase messages stay calm")

    for m in URGENCY.finditer(s.low):
        yield hit(m.start(), m.end(), "urgency")
    if s.other_language:
        for start, end in _xx_spans(s, URGENCY_XX):
            yield hit(start, end, "urgency")
    label = _CAPS_LABEL.match(s.text)
    for m in CAPS.finditer(s.text, label.end() if label else 0):
        if m.group(0) not in ACRONYMS and not _keyword_before(s.text, m.start()):
            yield hit(m.start(), m.end(), "ALL CAPS")
    for m in BANGS.finditer(s.text):
        yield hit(m.start(), m.end(), "repeated exclamation marks")


CHECKS: tuple[Callable[[Sentence, Context], Iterator[Hit]], ...] = (
    check_incentive, check_rating, check_change_review, check_conditioned_support,
    check_review_es, check_review_xx, check_contact, check_payment, check_pressure,
)
