"""Voice of customer: what buyers complain about, whether it is growing, and whether fixes worked.

Mentions come from three sources, each turned into an *issue* name:

- tickets: the tagged subcategory, else the triaged one (``ticket_labels``), else
  ``safety`` when the rules escalate it as a safety issue (a skin reaction, a burn);
  tickets that are none of these (pre-sale questions, "hello") are no issue. A
  ticket's ``root_cause`` adds a second, finer issue row under its subcategory;
- complaint comments (``comment_labels`` action ``reply``): the complaint kind mapped
  onto the ticket taxonomy (``COMMENT_KIND_ISSUES``), unknown kinds kept as they are;
- 1–2 star reviews: ``safety`` when the ticket rules escalate the review text as a
  safety issue (a burn, a fire, a skin reaction), as a safety comment is its own issue;
  else the subcategory they give it (``review_labels``), else ``low_rating``.

The period is the last ``weeks`` *complete* ISO weeks before ``as_of`` (the same
"last complete week" the scorecard uses), compared with the same number of weeks
before it. Fixes are checked on refunds: lines of the affected SKUs paid in the 28
days before the fix's shipped date against the 28 days from it (refunded per
``line_refunded``), with the pooled two-proportion test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from cx_cli.engines.refunds import line_refunded, two_proportion_p_value
from cx_cli.io.schemas import TICKET_SUBCATEGORIES

FIX_WINDOW_DAYS = 28
P_THRESHOLD = 0.05
# An issue with at least this many mentions in the period and no owner needs one.
NEEDS_OWNER_AT = 3
# A fix-log issue with no mentions is still listed while its fix is this recent (or unshipped).
RECENT_FIX_DAYS = 90
TOP_SKUS = 3
TOP_QUESTIONS = 5

# Comment complaint kinds -> the ticket subcategory they describe.
COMMENT_KIND_ISSUES = {
    "broken": "damaged",
    "damaged": "damaged",
    "missing": "missing_parts",
    "missing_parts": "missing_parts",
    "doesnt_work": "doesnt_work",
    "defective": "defective",
    "shipping": "tracking_not_updating",
    "late": "tracking_not_updating",
    "wrong_item": "wrong_variant",
    "wrong_variant": "wrong_variant",
    "scam": "scam_claim",
    "scam_claim": "scam_claim",
}
# Categories of issues that are not ticket subcategories. A safety comment or low review
# (fire, a burn, a shock, a skin reaction) is its own issue, so a growing one is seen apart
# from routine defects.
EXTRA_CATEGORIES = {"scam_claim": "trust", "safety": "product_issue", "low_rating": "rating",
                    "refund_delay": "refund"}

VERDICTS = ("dropped", "no_change", "too_early")


# --- small helpers ---------------------------------------------------------------------

def issue_name(value: object) -> str | None:
    """'Missing Parts ' -> 'missing_parts'; empty -> None (fix log and tags are typed by hand)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = re.sub(r"[\s\-/]+", "_", str(value).strip().lower()).strip("_")
    return text or None


def _names(series: pd.Series) -> pd.Series:
    """Vectorised ``issue_name`` for a column.

    A column holds few distinct labels: each is cleaned once, then spread to its rows.
    """
    s = series.astype("string")
    codes, labels = pd.factorize(s)
    clean = pd.Series(labels, dtype=s.dtype).str.strip().str.lower()
    clean = clean.str.replace(r"[\s\-/]+", "_", regex=True).str.strip("_")
    clean = clean.where(clean.fillna("") != "", pd.NA)
    values = clean.to_numpy(dtype=object, na_value=pd.NA)
    values = np.append(values, pd.NA)[codes]  # code -1 (missing) picks the NA at the end
    return pd.Series(values, index=series.index, dtype=s.dtype)


def _local(series: pd.Series) -> pd.Series:
    """Shop-local wall-clock times, naive (the frames carry the shop timezone)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return pd.to_datetime(series)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_name(start: date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Period:
    """The summarised weeks and the equally long stretch before them (for the trend)."""

    weeks: tuple[date, ...]  # Monday of each week, oldest first

    @property
    def start(self) -> date:
        return self.weeks[0]

    @property
    def end(self) -> date:
        """Exclusive: the Monday after the last week."""
        return self.weeks[-1] + timedelta(days=7)

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=7 * len(self.weeks))

    @property
    def names(self) -> list[str]:
        return [week_name(w) for w in self.weeks]


def voc_period(as_of: date, weeks: int) -> Period:
    """The last ``weeks`` complete ISO weeks before ``as_of``'s week."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    last = monday(as_of) - timedelta(days=7)
    return Period(tuple(last - timedelta(days=7 * i) for i in range(weeks - 1, -1, -1)))


def trend_direction(current: int, previous: int) -> str:
    """up/down when the count moved by at least 25% and at least 2 mentions, else flat.

    Both bars keep a quiet issue (1 -> 2 mentions) from reading as a surge.
    """
    delta = current - previous
    if delta >= 2 and current >= 1.25 * previous:
        return "up"
    if delta <= -2 and current <= 0.75 * previous:
        return "down"
    return "flat"


# --- mentions --------------------------------------------------------------------------

MENTION_COLUMNS = ["source", "ref", "at", "issue", "category", "root_cause", "order_id", "sku"]


def _empty_mentions() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in MENTION_COLUMNS}).assign(
        at=pd.Series(dtype="datetime64[ns]"))


def _label_column(frame: pd.DataFrame, labels: pd.DataFrame | None, key: str,
                  column: str) -> pd.Series:
    """The ``column`` of ``labels`` aligned to ``frame`` on the id column ``key``."""
    if labels is None or column not in labels.columns or key not in labels.columns \
            or not len(frame):
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    lab = labels.drop_duplicates(key, keep="last")
    lookup = pd.Series(lab[column].astype("string").to_numpy(),
                       index=lab[key].astype("string").to_numpy())
    return pd.Series(frame[key].astype("string").map(lookup).to_numpy(), index=frame.index,
                     dtype="string")


def ticket_mentions(tickets: pd.DataFrame, ticket_labels: pd.DataFrame | None) -> pd.DataFrame:
    """One row per ticket with an issue: the tagged subcategory, else the triaged one."""
    if tickets is None or not len(tickets):
        return _empty_mentions()
    tagged = _names(_opt(tickets, "subcategory"))
    triaged = _names(_label_column(tickets, ticket_labels, "ticket_id", "subcategory"))
    issue = tagged.fillna(triaged)
    # A ticket the rules escalate as a safety issue (a burn, a skin reaction) that no
    # subcategory places is `safety`, as such a review or comment is.
    safety = _escalated_as_safety(tickets, ticket_labels, "ticket_id")
    unplaced = issue.isna() | (issue == "general").fillna(False)
    issue = issue.mask((unplaced & safety).to_numpy(dtype=bool), "safety")
    # A tagged category only describes a tagged subcategory.
    tagged_cat = _names(_opt(tickets, "category")).where(tagged.notna(), pd.NA)
    label_cat = _names(_label_column(tickets, ticket_labels, "ticket_id", "category"))
    known_cat = issue.map({**TICKET_SUBCATEGORIES, "safety": EXTRA_CATEGORIES["safety"]}) \
        .astype("string")
    category = tagged_cat.fillna(known_cat).fillna(label_cat)
    root = _names(_opt(tickets, "root_cause"))
    out = pd.DataFrame({
        "source": "ticket",
        "ref": tickets["ticket_id"].astype("string"),
        "at": _local(tickets["created_at"]),
        "issue": issue,
        "category": category,
        "root_cause": root,
        "order_id": _opt(tickets, "order_id"),
        "sku": _opt(tickets, "sku"),
    })
    # "general" is the triage name for "no problem" (pre-sale questions).
    keep = out["issue"].notna() & (out["issue"] != "general")
    return out[keep].reset_index(drop=True)


def comment_mentions(comments: pd.DataFrame | None,
                     comment_labels: pd.DataFrame | None) -> pd.DataFrame:
    """Complaint comments (action 'reply'), their kind mapped onto the ticket taxonomy."""
    if comments is None or comment_labels is None or not len(comments):
        return _empty_mentions()
    action = _label_column(comments, comment_labels, "comment_id", "action")
    kind = _names(_label_column(comments, comment_labels, "comment_id", "kind"))
    complaint = (action.str.lower() == "reply").fillna(False).astype(bool)
    issue = kind.map(lambda k: COMMENT_KIND_ISSUES.get(k, k) if isinstance(k, str) else "complaint")
    out = pd.DataFrame({
        "source": "comment",
        "ref": comments["comment_id"].astype("string"),
        "at": _local(comments["created_at"]),
        "issue": issue.astype("string"),
        "category": pd.Series(pd.NA, index=comments.index, dtype="string"),
        "root_cause": pd.Series(pd.NA, index=comments.index, dtype="string"),
        "order_id": pd.Series(pd.NA, index=comments.index, dtype="string"),
        "sku": pd.Series(pd.NA, index=comments.index, dtype="string"),
    })
    return out[complaint.to_numpy()].reset_index(drop=True)


def _escalated_as_safety(frame: pd.DataFrame, labels: pd.DataFrame | None,
                         key: str) -> pd.Series:
    """Per row: do the ticket rules escalate its text as a safety issue? (``safety`` is
    one of the labels' comma-separated escalate reasons.)"""
    reasons = _label_column(frame, labels, key, "escalate_reason")
    return reasons.str.contains(r"(?:^|, )safety(?:,|$)", regex=True).fillna(False)


def review_mentions(reviews: pd.DataFrame | None,
                    review_labels: pd.DataFrame | None) -> pd.DataFrame:
    """1–2 star reviews; the issue the ticket rules read in the text, else ``low_rating``.

    A review the rules escalate as a safety issue ("it broke me out", "gave me a rash",
    "it caught fire") is ``safety`` whatever else it says, as a safety comment is.
    """
    if reviews is None or not len(reviews):
        return _empty_mentions()
    low = reviews[pd.to_numeric(reviews["rating"], errors="coerce").le(2).fillna(False)
                  .to_numpy(dtype=bool)]
    if review_labels is not None and "review_id" not in review_labels.columns \
            and "ticket_id" in review_labels.columns:
        # classify_tickets run over the reviews names its id column ticket_id.
        review_labels = review_labels.rename(columns={"ticket_id": "review_id"})
    issue = _names(_label_column(low, review_labels, "review_id", "subcategory"))
    issue = issue.where(issue != "general", pd.NA).fillna("low_rating")
    safety = _escalated_as_safety(low, review_labels, "review_id")
    issue = issue.mask(safety.to_numpy(dtype=bool), "safety")
    out = pd.DataFrame({
        "source": "review",
        "ref": low["review_id"].astype("string"),
        "at": _local(low["created_at"]),
        "issue": issue,
        "category": pd.Series(pd.NA, index=low.index, dtype="string"),
        "root_cause": pd.Series(pd.NA, index=low.index, dtype="string"),
        "order_id": _opt(low, "order_id"),
        "sku": _opt(low, "sku"),
    })
    return out.reset_index(drop=True)


def _opt(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    s = frame[column].astype("string").str.strip()
    return s.where(s.fillna("") != "", pd.NA)


def _category(issue: str, seen: pd.Series) -> str | None:
    if issue in TICKET_SUBCATEGORIES:
        return TICKET_SUBCATEGORIES[issue]
    if issue in EXTRA_CATEGORIES:
        return EXTRA_CATEGORIES[issue]
    seen = seen.dropna()
    return str(seen.mode().iloc[0]) if len(seen) else None


# --- the fix check ---------------------------------------------------------------------

@dataclass
class FixCheck:
    """Refund rate of the affected SKUs before vs after a fix, and the verdict."""

    lines_before: int
    refunded_before: int
    lines_after: int
    refunded_after: int
    days_since_fix: int
    p_value: float | None
    verdict: str

    @property
    def rate_before(self) -> float | None:
        return self.refunded_before / self.lines_before if self.lines_before else None

    @property
    def rate_after(self) -> float | None:
        return self.refunded_after / self.lines_after if self.lines_after else None


class RefundLines:
    """Order lines by shop-local paid day and whether each was refunded.

    The paid day and SKU of the lines are read once; whether they were refunded
    (``line_refunded``, per line) only when a fix is first checked.
    """

    def __init__(self, orders: pd.DataFrame | None, returns: pd.DataFrame | None,
                 as_of: date) -> None:
        self._orders, self._returns = orders, returns
        self._refunded: np.ndarray | None = None
        if orders is None or not len(orders):
            self._keep = np.array([], dtype=bool)
            self.day = np.array([], dtype="datetime64[D]")
            self._sku_codes = np.array([], dtype=np.intp)
            self._sku_names = pd.Index([], dtype="string")
            return
        not_cancel = (orders["return_type"].astype("string") != "cancel").fillna(True)
        paid = _local(orders["paid_at"])
        end = pd.Timestamp(as_of + timedelta(days=1))
        self._keep = (not_cancel & paid.notna() & (paid < end)).to_numpy(dtype=bool)
        self.day = paid.to_numpy()[self._keep].astype("datetime64[D]")
        # SKUs as codes into their distinct names: a fix's SKUs are matched on the names.
        codes, names = pd.factorize(orders["sku"].astype("string")[self._keep])
        self._sku_codes, self._sku_names = codes, pd.Index(names, dtype="string")

    @property
    def given(self) -> bool:
        """Whether an orders export was given: without one no fix can be checked."""
        return self._orders is not None

    @property
    def refunded(self) -> np.ndarray:
        """Per line (as ``day``): refunded? Worked out on first use."""
        if self._refunded is None:
            if self._orders is None or not len(self._orders):
                self._refunded = np.array([], dtype=bool)
            else:
                flags = line_refunded(self._orders, self._returns).to_numpy(dtype=bool)
                self._refunded = flags[self._keep]
        return self._refunded

    def unsold(self, skus: set[str]) -> list[str]:
        """The SKUs of ``skus`` that no order line has (none when no orders were given)."""
        if self._orders is None:
            return []
        return sorted(set(skus) - set(self._sku_names[self._sku_names.isin(list(skus))]))

    def _sku_in(self, skus: set[str]) -> np.ndarray:
        """Lines whose SKU is one of ``skus`` (a line without a SKU is none of them)."""
        wanted = np.flatnonzero(self._sku_names.isin(list(skus)))
        return np.isin(self._sku_codes, wanted)

    def check(self, skus: set[str] | None, fixed: date, as_of: date,
              min_lines: int) -> FixCheck:
        """Lines paid in [fix − 28, fix) against [fix, fix + 28); ``skus`` None = all."""
        d = np.datetime64(fixed, "D")
        window = np.timedelta64(FIX_WINDOW_DAYS, "D")
        sel = np.ones(len(self.day), dtype=bool) if skus is None else self._sku_in(skus)
        before = sel & (self.day >= d - window) & (self.day < d)
        after = sel & (self.day >= d) & (self.day < d + window)
        n1, k1 = int(before.sum()), int(self.refunded[before].sum())
        n2, k2 = int(after.sum()), int(self.refunded[after].sum())
        days = (as_of - fixed).days
        p = two_proportion_p_value(k1, n1, k2, n2) if n1 and n2 else float("nan")
        if days < FIX_WINDOW_DAYS or n1 < min_lines or n2 < min_lines:
            verdict = "too_early"
        elif k2 / n2 < k1 / n1 and p < P_THRESHOLD:
            verdict = "dropped"
        else:
            verdict = "no_change"
        return FixCheck(n1, k1, n2, k2, days, None if np.isnan(p) else float(p), verdict)


@dataclass
class FixInfo:
    owner: str | None = None
    fix: str | None = None
    shipped: date | None = None
    skus: set[str] | None = None  # None = all SKUs
    planned: bool = False  # a row for the issue exists but nothing shipped by as_of


def fix_log_by_issue(fixes: pd.DataFrame | None, as_of: date) -> dict[str, FixInfo]:
    """issue -> the owner, the latest shipped fix and the SKUs it covers.

    A fix dated after ``as_of`` has not shipped yet that day (a backfill answers as the
    day's run would have). Of several rows the latest shipped one decides the fix; the
    owner is the latest row's that names one (unshipped rows count as the newest: work
    in progress). Rows of the same shipped day are one fix over the union of their SKUs;
    any of them with an empty SKU makes it shop-wide.
    """
    out: dict[str, FixInfo] = {}
    if fixes is None or not len(fixes):
        return out
    issue = _names(fixes["issue"])
    shipped = pd.to_datetime(fixes["shipped_date"]) if "shipped_date" in fixes else \
        pd.Series(pd.NaT, index=fixes.index)
    shipped = shipped.where(shipped.dt.normalize() <= pd.Timestamp(as_of))
    frame = pd.DataFrame({
        "issue": issue, "shipped": shipped.dt.normalize(),
        "owner": _opt(fixes, "owner"), "fix": _opt(fixes, "fix"), "sku": _opt(fixes, "sku"),
        "pos": np.arange(len(fixes)),
    }).dropna(subset=["issue"])
    for name, rows in frame.groupby("issue", sort=True):
        info = FixInfo()
        done = rows[rows["shipped"].notna()]
        if len(done):
            last_day = done["shipped"].max()
            same = done[done["shipped"] == last_day]
            info.shipped = last_day.date()
            info.skus = None if same["sku"].isna().any() else set(same["sku"].astype(str))
            fixes_text = same["fix"].dropna()
            info.fix = str(fixes_text.iloc[-1]) if len(fixes_text) else None
        else:
            info.planned = True
        # Newest first: unshipped rows (in progress), then by shipped date, then file order.
        ranked = rows.sort_values(["shipped", "pos"], na_position="last")
        owners = ranked["owner"].dropna()
        info.owner = str(owners.iloc[-1]) if len(owners) else None
        out[str(name)] = info
    return out


# --- top questions -------------------------------------------------------------------------

_GREETING = re.compile(
    r"^\s*(hi|hello|hey|hiya|heya|good (morning|afternoon|evening)|dear \w+)"
    r"( there| team| all)?\b[\s,!.:;\-]*", re.I)
_QUESTION_START = re.compile(
    r"^(how|what|what's|whats|when|where|why|who|which|can|could|do(?! not\b)|does|did|is|"
    r"are|will|would|should|any)\b", re.I)
_SENTENCE = re.compile(r"^(.+?[.!?]+)(?=\s|$)", re.S)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_NUMBER = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def mask_private(text: str) -> str:
    """Replace e-mail addresses and long numbers (phones, order numbers) before showing."""
    return _NUMBER.sub("[number]", _EMAIL.sub("[email]", text))


def question_text(text: object) -> str | None:
    """The question a text opens with (greeting dropped), or None when it is not one."""
    if not isinstance(text, str):
        return None
    flat = " ".join(text.split())
    flat = _GREETING.sub("", flat).strip()
    if not flat:
        return None
    m = _SENTENCE.match(flat)
    first = (m.group(1) if m else flat).strip()
    if first.endswith("?") or _QUESTION_START.match(first):
        return mask_private(first[:200])
    return None


def question_key(text: str) -> str:
    """Grouping key: lower case, words only ("Where is my order??" = "where is my order")."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower().replace("'", "")).split())


def top_questions(tickets: pd.DataFrame | None, comments: pd.DataFrame | None,
                  comment_labels: pd.DataFrame | None, start: date, end: date,
                  limit: int = TOP_QUESTIONS) -> list[dict[str, Any]]:
    """The most asked questions in [start, end), shown in their most common wording.

    A ticket's question is its subject when that is a question, else the first sentence
    of its message when that is; comments count when the comment rules answer them.
    Equally often asked questions (and wordings) go by who asked first, whatever the
    order of the files: tickets and comments alike by their creation time.
    """
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    found: list[tuple[pd.Timestamp, str, str]] = []  # (asked at, wording, source)
    seen: dict[str, str | None] = {}  # text -> its question (subjects repeat a lot)

    def question_of(text: object) -> str | None:
        if not isinstance(text, str):
            return None
        if text not in seen:
            seen[text] = question_text(text)
        return seen[text]

    if tickets is not None and len(tickets):
        at = _local(tickets["created_at"])
        t = tickets[((at >= lo) & (at < hi)).to_numpy(dtype=bool)]
        subjects = t["subject"] if "subject" in t else pd.Series(None, index=t.index)
        messages = t["message"] if "message" in t else pd.Series(None, index=t.index)
        asked_at = at[((at >= lo) & (at < hi)).to_numpy(dtype=bool)].tolist()
        for when, subject, message in zip(asked_at, subjects.tolist(), messages.tolist(),
                                          strict=True):
            q = question_of(subject) or question_of(message)
            if q:
                found.append((when, q, "tickets"))
    if comments is not None and comment_labels is not None and len(comments):
        at = _local(comments["created_at"])
        action = _label_column(comments, comment_labels, "comment_id", "action")
        asked = (action.str.lower() == "answer").fillna(False) & (at >= lo) & (at < hi)
        rows = asked.to_numpy(dtype=bool)
        for when, text in zip(at[rows].tolist(), comments.loc[rows, "text"].tolist(),
                              strict=True):
            if isinstance(text, str) and text.strip():
                q = question_of(text) or mask_private(" ".join(text.split())[:200])
                found.append((when, q, "comments"))
    # Oldest first (a stable sort: tickets before comments asked at the same time), so
    # "first" below is the question asked first.
    found.sort(key=lambda item: item[0])
    groups: dict[str, dict[str, Any]] = {}
    for order, (_when, wording, source) in enumerate(found):
        key = question_key(wording)
        if not key:
            continue
        g = groups.setdefault(key, {"count": 0, "tickets": 0, "comments": 0, "wordings": {},
                                    "first": order})
        g["count"] += 1
        g[source] += 1
        g["wordings"][wording] = g["wordings"].get(wording, 0) + 1
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1]["count"], kv[1]["first"]))
    out = []
    for _key, g in ranked[:limit]:
        # Most common original wording; ties go to the one asked first.
        wording = max(g["wordings"].items(), key=lambda kv: kv[1])[0]
        out.append({"question": wording, "count": g["count"], "tickets": g["tickets"],
                    "comments": g["comments"]})
    return out


# --- the summary -------------------------------------------------------------------------

@dataclass
class VocResult:
    """Rows for the presenters; ``as_dict`` is the JSON contract (SPEC §13)."""

    as_of: date
    period: Period
    issues: list[dict[str, Any]] = field(default_factory=list)
    top_questions: list[dict[str, Any]] = field(default_factory=list)
    orders_in_period: int | None = None
    # Orders a mention of the period names that were paid before it: shares of orders
    # count them too, so no share passes 100 %.
    orders_named_earlier: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    # Shipped fixes whose SKUs match no order line (a typo, or a SKU renamed): their
    # refund check can never leave "too early". (issue, SKU) pairs.
    unsold_fix_skus: list[tuple[str, str]] = field(default_factory=list)

    def warning_lines(self) -> list[str]:
        """What the seller should check in the fix log (printed on stderr)."""
        return [f"fix log: issue {issue}: SKU '{sku}' matches no paid order line, so its refund "
                "check stays too early; check the SKU in the fix log"
                for issue, sku in self.unsold_fix_skus]

    @property
    def share_base(self) -> int | None:
        """What ``share_of_orders`` divides by: orders paid in the period, and the
        orders its mentions name that were paid before."""
        if self.orders_in_period is None:
            return None
        return self.orders_in_period + self.orders_named_earlier

    def as_dict(self) -> dict[str, Any]:
        no_orders = self.orders_in_period is None
        return {
            # Every issue has the same keys: owned_via is null unless a root cause's fix
            # covers the subcategory.
            "issues": [{**row, "owned_via": row.get("owned_via")} for row in self.issues],
            "top_questions": self.top_questions,
            "as_of": self.as_of,
            "weeks": self.period.names,
            "period": {"start": self.period.start,
                       "end": self.period.end - timedelta(days=1)},
            "orders_in_period": self.orders_in_period,
            # Without orders neither count is known (not "no order paid before").
            "orders_named_earlier": None if no_orders else self.orders_named_earlier,
            "mentions": self.sources,
        }


@dataclass
class VocTexts:
    """What VoC reads from the texts alone (no orders): the mentions in the period and
    the equally long stretch before it, and the period's most asked questions."""

    as_of: date
    period: Period
    mentions: pd.DataFrame
    top_questions: list[dict[str, Any]]


def voc_texts(
    *,
    as_of: date,
    tickets: pd.DataFrame | None = None,
    reviews: pd.DataFrame | None = None,
    comments: pd.DataFrame | None = None,
    ticket_labels: pd.DataFrame | None = None,
    comment_labels: pd.DataFrame | None = None,
    review_labels: pd.DataFrame | None = None,
    weeks: int = 4,
) -> VocTexts:
    """The mentions and top questions of the last ``weeks`` complete weeks.

    Args:
        ticket_labels: ``classify_tickets`` output (ticket_id, category, subcategory...),
            used where a ticket carries no tagged subcategory.
        comment_labels: ``classify_comments`` output (comment_id, action, kind).
        review_labels: the ticket rules run over review texts (review_id or ticket_id,
            subcategory); without it a 1–2 star review is ``low_rating``.
    """
    period = voc_period(as_of, weeks)
    lo, mid, hi = (pd.Timestamp(period.previous_start), pd.Timestamp(period.start),
                   pd.Timestamp(period.end))
    # Only texts created in the period and the stretch before it can be mentions.
    parts = [ticket_mentions(_created_in(tickets, lo, hi), ticket_labels)
             if tickets is not None else None,
             comment_mentions(_created_in(comments, lo, hi), comment_labels),
             review_mentions(_created_in(reviews, lo, hi), review_labels)]
    mentions = pd.concat([p for p in parts if p is not None and len(p)] or [_empty_mentions()],
                         ignore_index=True)
    mentions["at"] = pd.to_datetime(mentions["at"])
    mentions = mentions[(mentions["at"] >= lo) & (mentions["at"] < hi)].reset_index(drop=True)
    mentions["current"] = (mentions["at"] >= mid).to_numpy(dtype=bool)
    day = mentions["at"].dt.normalize()
    mentions["week"] = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.date
    questions = top_questions(tickets, comments, comment_labels, period.start, period.end)
    return VocTexts(as_of, period, mentions, questions)


def voice_of_customer(
    *,
    as_of: date,
    orders: pd.DataFrame | None = None,
    returns: pd.DataFrame | None = None,
    tickets: pd.DataFrame | None = None,
    reviews: pd.DataFrame | None = None,
    comments: pd.DataFrame | None = None,
    fixes: pd.DataFrame | None = None,
    ticket_labels: pd.DataFrame | None = None,
    comment_labels: pd.DataFrame | None = None,
    review_labels: pd.DataFrame | None = None,
    weeks: int = 4,
    min_lines: int = 20,
    needs_owner_at: int = NEEDS_OWNER_AT,
) -> VocResult:
    """Summarise issues over the last ``weeks`` complete weeks and check shipped fixes:
    ``voc_texts`` then ``summarise_voc`` (see both)."""
    texts = voc_texts(as_of=as_of, tickets=tickets, reviews=reviews, comments=comments,
                      ticket_labels=ticket_labels, comment_labels=comment_labels,
                      review_labels=review_labels, weeks=weeks)
    return summarise_voc(texts, orders=orders, returns=returns, fixes=fixes,
                         min_lines=min_lines, needs_owner_at=needs_owner_at)


def summarise_voc(texts: VocTexts, *, orders: pd.DataFrame | None = None,
                  returns: pd.DataFrame | None = None, fixes: pd.DataFrame | None = None,
                  min_lines: int = 20, needs_owner_at: int = NEEDS_OWNER_AT) -> VocResult:
    """The issues of ``texts`` with their trend, share of orders, top SKUs and fixes.

    Args:
        min_lines: fewer order lines on either side of a fix makes its verdict too_early.
        needs_owner_at: mentions in the period from which an ownerless issue needs an owner.
    """
    as_of, period, mentions = texts.as_of, texts.period, texts.mentions
    cur = mentions[mentions["current"]]
    paid, named_earlier = _orders_of_period(orders, period, cur["order_id"])
    fix_log = fix_log_by_issue(fixes, as_of)
    refund_lines = RefundLines(orders, returns, as_of)

    result = VocResult(as_of=as_of, period=period, orders_in_period=paid,
                       orders_named_earlier=named_earlier)
    share_base = result.share_base
    result.sources = {s: int((cur["source"] == s).sum()) for s in ("ticket", "comment", "review")}

    rows: list[dict[str, Any]] = []
    # A root cause named like a subcategory would be a second row of the same name.
    subcats = set(mentions["issue"].dropna())
    with_root = mentions[mentions["root_cause"].notna()
                         & ~mentions["root_cause"].isin(subcats).fillna(False)]
    # The SKUs of the period's mentions, matched to the orders once for every issue.
    sku_pairs = _mention_skus(mentions[mentions["current"]], orders)
    issue_skus = top_skus_by(sku_pairs, "issue")
    cause_skus = top_skus_by(sku_pairs[sku_pairs["root_cause"].notna()
                                       & ~sku_pairs["root_cause"].isin(subcats).fillna(False)],
                             "root_cause")
    # Subcategory-level issues (all mentions), then root causes (tickets that carry one).
    for issue, group in mentions.groupby("issue", sort=True):
        rows.append(_issue_row(str(issue), "issue", group, period,
                               issue_skus.get(str(issue), []), share_base))
    for cause, group in with_root.groupby("root_cause", sort=True):
        row = _issue_row(str(cause), "root_cause", group, period,
                         cause_skus.get(str(cause), []), share_base)
        row["parent"] = str(group["issue"].mode().iloc[0])
        rows.append(row)
    seen = {r["issue"] for r in rows}
    for name, info in fix_log.items():
        recent = info.shipped is None or (as_of - info.shipped).days <= RECENT_FIX_DAYS
        if name not in seen and recent:
            rows.append(_issue_row(name, "fix_log", mentions.iloc[0:0], period, [],
                                   share_base))

    # A subcategory with no fix row of its own takes the fix of its most mentioned root
    # cause that has one ("match issue to subcategory or root cause").
    causes = sorted((r for r in rows if r["kind"] == "root_cause" and r["issue"] in fix_log),
                    key=lambda r: -r["mentions"])
    for row in rows:
        info, via = fix_log.get(row["issue"]), None
        if info is None and row["kind"] == "issue":
            via = next((c["issue"] for c in causes if c["parent"] == row["issue"]), None)
            info = fix_log.get(via) if via else None
        _attach_fix(row, info, refund_lines, as_of, min_lines)
        if via:
            row["owned_via"] = via
    _settle_owners(rows, needs_owner_at)
    result.unsold_fix_skus = [(name, sku) for name, info in sorted(fix_log.items())
                              if info.shipped is not None and info.skus
                              for sku in refund_lines.unsold(info.skus)]
    result.issues = _ordered(rows)
    result.top_questions = texts.top_questions
    return result


def _created_in(frame: pd.DataFrame | None, lo: pd.Timestamp,
                hi: pd.Timestamp) -> pd.DataFrame | None:
    """The rows created in [lo, hi), shop-local time (as a mention's ``at``)."""
    if frame is None or not len(frame):
        return frame
    at = _local(frame["created_at"])
    return frame[((at >= lo) & (at < hi)).to_numpy(dtype=bool)]


def _settle_owners(rows: list[dict[str, Any]], needs_owner_at: int) -> None:
    """Mark "needs owner": volume and nobody named in the fix log.

    A subcategory's owner covers its root causes too (and a root cause's fix was already
    carried up to its subcategory), so one fix-log row is enough for both; an ownerless
    subcategory is flagged once, not again on each of its root causes.
    """
    parents = {r["issue"]: r for r in rows if r["kind"] != "root_cause"}
    for row in rows:
        if row["kind"] != "root_cause":
            row["needs_owner"] = row["mentions"] >= needs_owner_at and row["owner"] is None
    for row in rows:
        if row["kind"] == "root_cause":
            parent = parents.get(row["parent"], {})
            # Flag the subcategory once rather than it and each of its root causes.
            covered = (parent.get("owner") is not None and "owned_via" not in parent) \
                or parent.get("needs_owner", False)
            row["needs_owner"] = (row["mentions"] >= needs_owner_at and row["owner"] is None
                                  and not covered)


def _issue_row(issue: str, kind: str, group: pd.DataFrame, period: Period,
               skus: list[dict[str, Any]], share_base: int | None) -> dict[str, Any]:
    cur = group[group["current"]]
    counts = cur.groupby("week").size()
    per_week = {week_name(w): int(counts.get(w, 0)) for w in period.weeks}
    current, previous = len(cur), int((~group["current"]).sum())
    affected = cur["order_id"].dropna().nunique()
    share = (affected / share_base) if share_base else None
    return {
        "issue": issue,
        "kind": kind,
        "parent": None,
        "category": _category(issue, group["category"]) if len(group) else
        TICKET_SUBCATEGORIES.get(issue, EXTRA_CATEGORIES.get(issue)),
        "per_week": per_week,
        "mentions": current,
        "trend": {"direction": trend_direction(current, previous), "current": current,
                  "previous": previous},
        "by_source": {s: int((cur["source"] == s).sum()) for s in ("ticket", "comment",
                                                                     "review")},
        "orders_affected": int(affected),
        "share_of_orders": share,
        "skus": skus,
    }


def _mention_skus(mentions: pd.DataFrame, orders: pd.DataFrame | None) -> pd.DataFrame:
    """(mention, SKU) pairs: the mention's own SKU, else every SKU of its order.

    One row per pair, keyed by the mention's ``ref`` and ``source`` and carrying its
    ``issue`` and ``root_cause`` (what ``top_skus_by`` groups on). Only the orders some
    mention points at are read.
    """
    columns = ["ref", "source", "issue", "root_cause", "sku"]
    own = mentions.loc[mentions["sku"].notna(), columns]
    pairs = [own]
    need = mentions[mentions["sku"].isna() & mentions["order_id"].notna()]
    if len(need) and orders is not None and len(orders):
        order_id = orders["order_id"].astype("string")
        hit = order_id.isin(need["order_id"].unique()).to_numpy(dtype=bool)
        order_skus = pd.DataFrame({"order_id": order_id[hit],
                                   "sku": orders["sku"].astype("string")[hit]})
        order_skus = order_skus.dropna().drop_duplicates()
        pairs.append(need[["ref", "source", "issue", "root_cause", "order_id"]].merge(
            order_skus, on="order_id")[columns])
    return pd.concat(pairs, ignore_index=True)


def top_skus_by(pairs: pd.DataFrame, key: str,
                limit: int = TOP_SKUS) -> dict[str, list[dict[str, Any]]]:
    """Per value of ``key`` (issue or root cause): its most mentioned SKUs.

    A SKU counts each mention (``ref`` + ``source``) once; more mentions first, ties by
    SKU name.
    """
    both = pairs[[key, "ref", "source", "sku"]]
    both = both[both[key].notna()].drop_duplicates()
    if not len(both):
        return {}
    counts = both.groupby([key, "sku"], sort=False).size().reset_index(name="mentions")
    counts = counts.sort_values([key, "mentions", "sku"], ascending=[True, False, True])
    counts = counts.groupby(key, sort=False).head(limit)
    out: dict[str, list[dict[str, Any]]] = {}
    for name, sku, n in zip(counts[key], counts["sku"], counts["mentions"], strict=True):
        out.setdefault(str(name), []).append({"sku": str(sku), "mentions": int(n)})
    return out


def _id_strings(ids: pd.Series):
    """Order ids as an Arrow string array: as they are when strings (the loaders'), as
    text when a caller's frame holds numbers (12345 names the order "12345")."""
    import pyarrow as pa

    try:
        return pa.array(ids, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array([None if pd.isna(v) else str(v) for v in ids], type=pa.string())


def _orders_of_period(orders: pd.DataFrame | None, period: Period, named: pd.Series
                      ) -> tuple[int | None, int]:
    """Orders paid in the period, and how many other orders the period's mentions name
    (a complaint this week about an order paid last month)."""
    if orders is None:
        return None, 0
    import pyarrow.compute as pc

    paid = _local(orders["paid_at"])
    inside = (paid >= pd.Timestamp(period.start)) & (paid < pd.Timestamp(period.end))
    # In Arrow: pandas' isin makes a Python string of each of 100,000 order ids.
    paid_ids = pc.unique(_id_strings(orders.loc[inside.to_numpy(dtype=bool), "order_id"]))
    named_ids = pc.unique(_id_strings(named.dropna()))
    earlier = len(named_ids) - (pc.sum(pc.is_in(named_ids, value_set=paid_ids)).as_py() or 0)
    return len(paid_ids), int(earlier)


def _attach_fix(row: dict[str, Any], info: FixInfo | None, lines: RefundLines, as_of: date,
                min_lines: int) -> None:
    row.update({"owner": None, "fix": None, "fix_shipped": None, "fix_skus": None,
                "refund_before": None, "refund_after": None, "lines_before": None,
                "lines_after": None, "refunded_before": None, "refunded_after": None,
                "p_value": None, "days_since_fix": None, "verdict": None})
    if info is None:
        return
    row["owner"] = info.owner
    row["fix"] = info.fix
    if info.shipped is None:
        return
    row["fix_shipped"] = info.shipped
    row["fix_skus"] = None if info.skus is None else sorted(info.skus)
    if not lines.given:  # no verdict: "too early" would say the lines are yet to come
        return
    check = lines.check(info.skus, info.shipped, as_of, min_lines)
    row.update({"refund_before": check.rate_before, "refund_after": check.rate_after,
                "lines_before": check.lines_before, "lines_after": check.lines_after,
                "refunded_before": check.refunded_before,
                "refunded_after": check.refunded_after, "p_value": check.p_value,
                "days_since_fix": check.days_since_fix, "verdict": check.verdict})


def _ordered(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most mentioned first; each root cause right under its subcategory."""
    rows = list(rows)
    tops = [r for r in rows if r["kind"] != "root_cause"]
    tops.sort(key=lambda r: (-r["mentions"], -r["trend"]["previous"], r["issue"]))
    causes = [r for r in rows if r["kind"] == "root_cause"]
    causes.sort(key=lambda r: (-r["mentions"], r["issue"]))
    out: list[dict[str, Any]] = []
    placed: set[int] = set()
    for top in tops:
        out.append(top)
        for i, c in enumerate(causes):
            if i not in placed and c["parent"] == top["issue"]:
                out.append(c)
                placed.add(i)
    out.extend(c for i, c in enumerate(causes) if i not in placed)
    return out
