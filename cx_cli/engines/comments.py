"""Public comments: hide, reply, answer or leave each one, and find defect clusters.

A comment is read with the same signal matcher as support tickets (see
``engines.text_signals``), against ``rules/comments.yaml`` or the file ``comments.rules``
names. Hiding comes first (spam, hate, doxxing, harassment: hidden and kept on record),
then complaints that deserve a public reply, then questions, then praise; the rest is
"other". Praise slang ("this is sick", "insane quality") is its own kind, and a
complaint wins over praise, so sarcasm ("love how mine showed up broken") is answered.
Among complaints a safety report (fire, smoke, sparks, a burn, a shock) wins whatever
else the comment says: it gets the safety reply, not the one for a broken item.

A defect cluster is the same complaint about the same product from several buyers in
a few days: a product or listing problem to escalate, not a support case.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, model_validator

from cx_cli.engines import triage
from cx_cli.engines.clusters import ProductMatcher, find_clusters
from cx_cli.engines.text_signals import (
    STRING,
    Negation,
    Signal,
    SignalGroup,
    TextMatcher,
    normalise_texts,
)
from cx_cli.engines.triage import existing_as_of
from cx_cli.engines.triage_rules import (
    RULES_DIR,
    TemplateName,
    check_replies,
    file_stamp,
    read_rules_file,
    saved_replies,
)

DEFAULT_COMMENT_RULES = RULES_DIR / "comments.yaml"

ACTIONS = ("hide", "reply", "answer", "none")
# Kind -> its action in SPEC §7. The rules file may not move a kind to another action.
KIND_ACTIONS: dict[str, str] = {
    "spam": "hide", "hate": "hide", "doxxing": "hide", "harassment": "hide",
    "safety": "reply", "scam_claim": "reply", "broken": "reply", "doesnt_work": "reply",
    "shipping": "reply", "missing": "reply", "question": "answer", "praise": "none",
    "other": "none",
}
KINDS = tuple(KIND_ACTIONS)
DOXXING = "doxxing"
SAFETY = "safety"
# Kinds a rules file may leave out: a seller's copy written before cx had them keeps
# working, and such comments go to the other kinds.
OPTIONAL_KINDS = (SAFETY,)
# The public reply templates (templates/public/<name>.txt.j2).
PUBLIC_REPLIES = ("safety", "scam_claim", "broken_on_arrival", "doesnt_work", "shipping",
                  "missing_items", "question")
# Complaints and abuse: what the scorecard's negative comment rate counts. Spam and
# doxxing are hidden but are not a buyer's verdict on the shop (bots, or a buyer posting
# their own phone number), so they are not negative.
ABUSE_KINDS = ("hate", "harassment")
COMMENT_KEYS = ("comment_id", "action", "kind", "reply")
CONTEXT_COLUMNS = ("video_id", "created_at", "author", "text")
# Every module whose code decides the labels (``Dataset.memo``'s ``code``).
CODE = (*triage.CODE, sys.modules[__name__])

Kind = Literal["spam", "hate", "doxxing", "harassment", "safety", "scam_claim", "broken",
               "doesnt_work", "shipping", "missing", "question", "praise", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KindRule(_Strict):
    action: Literal["hide", "reply", "answer", "none"]
    reply: TemplateName | None = None
    family: str | None = None
    families: dict[str, list[Signal]] = Field(default_factory=dict)
    min_score: int = Field(1, ge=1)
    negatable: bool = True
    strong: list[Signal] = Field(default_factory=list)
    weak: list[Signal] = Field(default_factory=list)
    unless: list[Signal] = Field(default_factory=list)


class CommentRulesFile(_Strict):
    """The YAML file as written; see the comments at the top of rules/comments.yaml."""

    version: Literal[1] = 1
    negation: Negation = Field(default_factory=Negation)
    ignore: list[Signal] = Field(default_factory=list)
    kinds: dict[Kind, KindRule]
    fallback: Kind = "other"

    @model_validator(mode="after")
    def _complete(self) -> CommentRulesFile:
        missing = [k for k in KINDS
                   if k not in self.kinds and k != self.fallback and k not in OPTIONAL_KINDS]
        if missing:
            raise ValueError("kinds: every kind needs an entry; missing " + ", ".join(missing))
        wrong = [f"{k} must be '{KIND_ACTIONS[k]}'" for k, rule in self.kinds.items()
                 if rule.action != KIND_ACTIONS[k]]
        if wrong:
            raise ValueError("kinds: action of " + "; ".join(wrong))
        if KIND_ACTIONS[self.fallback] != "none":
            raise ValueError("fallback: must be a kind with no action (other or praise)")
        return self


@dataclass(frozen=True)
class CommentRules:
    """A validated comment rules file with its signals compiled."""

    spec: CommentRulesFile
    path: Path
    matcher: TextMatcher
    # kind -> matcher of its `families` overrides
    families: dict[str, TextMatcher]

    @classmethod
    def from_spec(cls, spec: CommentRulesFile, path: Path) -> CommentRules:
        groups = tuple(SignalGroup.build(name, rule.strong, rule.weak, rule.unless,
                                         rule.negatable)
                       for name, rule in spec.kinds.items())
        families = {
            kind: TextMatcher.build([SignalGroup.build(family, signals, negatable=rule.negatable)
                                     for family, signals in rule.families.items()],
                                    spec.negation, spec.ignore)
            for kind, rule in spec.kinds.items() if rule.families}
        return cls(spec, path, TextMatcher.build(groups, spec.negation, spec.ignore), families)


def load_comment_rules(path: Path | None = None) -> CommentRules:
    """The bundled rules, or the file at ``path`` (which replaces them as a whole)."""
    path = Path(path) if path is not None else DEFAULT_COMMENT_RULES
    return _load_comment_rules(path, file_stamp(path))


@lru_cache(maxsize=8)
def _load_comment_rules(path: Path, _stamp: tuple[int, int]) -> CommentRules:
    spec = read_rules_file(path, CommentRulesFile, "comment rules")
    return CommentRules.from_spec(spec, path)


def comment_rules_for(settings: Any) -> CommentRules:
    """The rules cx.yaml asks for (``comments.rules``), else the bundled ones; a
    seller's rules may only name public replies that exist."""
    value = settings.comments.rules
    if not value:
        return load_comment_rules()
    rules = load_comment_rules(settings.resolve(value))
    named = [(("kinds", kind, "reply"), rule.reply) for kind, rule in rules.spec.kinds.items()]
    check_replies("comment", rules.path, named, saved_replies(settings, "public"), "public",
                  "public reply")
    return rules


def classify_comments(comments: pd.DataFrame, rules: CommentRules | None = None, *,
                      as_of: date | None = None) -> pd.DataFrame:
    """One row per comment: comment_id, action, kind, reply, family, then the context.

    ``reply`` is the public reply template for reply/answer kinds, else null; ``family``
    is the complaint family used by :func:`defect_clusters`. The input's video_id,
    created_at, author and text follow. With ``as_of``, comments created after that
    day are left out.
    """
    rules = rules or load_comment_rules()
    spec = rules.spec
    frame = existing_as_of(comments, as_of).reset_index(drop=True)
    n = len(frame)
    text = normalise_texts(frame["text"] if "text" in frame.columns else None, length=n)
    scores = rules.matcher.scores(text)

    kind = np.full(n, spec.fallback, dtype=object)
    action = np.full(n, KIND_ACTIONS[spec.fallback], dtype=object)
    decided = np.zeros(n, dtype=bool)
    for act in ACTIONS:
        names = [k for k, rule in spec.kinds.items() if rule.action == act]
        if not names or not n:
            continue
        points = np.stack([np.where(scores[k] >= spec.kinds[k].min_score, scores[k], 0)
                           for k in names])
        best = points.argmax(axis=0)  # the first maximum: ties go to the kind listed first
        take = ~decided & (points.max(axis=0) > 0)
        kind[take] = np.array(names, dtype=object)[best[take]]
        action[take] = act
        decided |= take
    # A safety report is a safety complaint whatever else it complains about: "arrived
    # cracked and then it caught fire" needs the safety reply, not the damaged one.
    if SAFETY in spec.kinds and n:
        kind[(action == "reply") & (scores[SAFETY] >= spec.kinds[SAFETY].min_score)] = SAFETY
    # Personal details in the text make a comment doxxing whatever else it is (SPEC §7:
    # "doxxing — a phone number, address or e-mail in the text"): abuse or spam that
    # carries someone's address must not have its text shown as harassment or spam.
    if DOXXING in spec.kinds and n:
        kind[scores[DOXXING] >= spec.kinds[DOXXING].min_score] = DOXXING

    def of_kind(attr: str) -> list[Any]:
        return [getattr(spec.kinds[k], attr) if k in spec.kinds else None for k in kind]

    family = np.array(of_kind("family"), dtype=object)
    for name, matcher in rules.families.items():
        rows = np.flatnonzero(kind == name)
        if not len(rows):
            continue
        for override, points in matcher.scores(text.take(pa.array(rows))).items():
            family[rows[points > 0]] = override

    out = pd.DataFrame({
        "comment_id": frame["comment_id"].astype(STRING),
        "action": pd.Series([KIND_ACTIONS[k] for k in kind], dtype=STRING),
        "kind": pd.Series(kind, dtype=STRING),
        "reply": pd.Series(of_kind("reply"), dtype=STRING),
        "family": pd.Series(family, dtype=STRING),
    })
    for name in CONTEXT_COLUMNS:
        if name in frame.columns:
            out[name] = frame[name]
    return out


def negative_comment_mask(classified: pd.DataFrame) -> pd.Series:
    """Complaints (every reply kind; questions are answers, not complaints) and abuse
    (hate, harassment). Spam and doxxing are hidden but not counted as negative."""
    action = classified["action"].astype(STRING)
    kind = classified["kind"].astype(STRING)
    mask = (action == "reply") | kind.isin(ABUSE_KINDS)
    return mask.fillna(False).astype(bool)


def action_counts(classified: pd.DataFrame) -> dict[str, int]:
    counts = classified["action"].value_counts().to_dict() if len(classified) else {}
    return {a: int(counts.get(a, 0)) for a in ACTIONS}


# --- defect clusters --------------------------------------------------------------------

def comment_products(classified: pd.DataFrame,
                     products: Mapping[str, Any] | None) -> np.ndarray:
    """Per comment the product it is about: a catalog product its text names; else the
    product named by at least half the comments on the same video (and by ≥ 3/4 of those
    naming one); else ``video:<video_id>``."""
    n = len(classified)
    text = normalise_texts(classified["text"] if "text" in classified.columns else None,
                           length=n)
    named = ProductMatcher(products).identify(text)
    out = named.copy()
    if "video_id" not in classified.columns:
        return out
    video = classified["video_id"].astype(STRING).to_numpy(dtype=object, na_value=None)
    frame = pd.DataFrame({"video": video, "sku": named})
    known = frame.dropna()
    if len(known):
        # A video is about the product at least half of its comments name, when it is
        # also ≥ 3/4 of those naming a product: one comment naming a product is no
        # evidence for the video's other comments when most of them name none cx knows
        # (a product written in the buyers' language, not the catalog's).
        top = (known.value_counts(["video", "sku"]).reset_index(name="n")
               .sort_values(["video", "n"], ascending=[True, False], kind="stable")
               .drop_duplicates("video").set_index("video"))
        naming = known["video"].value_counts()
        comments_on = frame["video"].value_counts()
        count = top["n"]
        agreed = (count >= 0.75 * naming.reindex(count.index)) & (
            count >= 0.5 * comments_on.reindex(count.index))
        by_video = top.loc[agreed, "sku"].to_dict()
        fill = np.array([by_video.get(v) if v is not None else None for v in video],
                        dtype=object)
        out = np.where(out == None, fill, out)  # noqa: E711
    fallback = np.array([f"video:{v}" if v else None for v in video], dtype=object)
    return np.where(out == None, fallback, out)  # noqa: E711


def defect_clusters(comments_classified: pd.DataFrame | None,
                    tickets_classified: pd.DataFrame | None = None, *,
                    escalate_after: int = 3, window_days: int = 7,
                    products: Mapping[str, Any] | None = None) -> list[dict]:
    """The same complaint about the same product in ≥ ``escalate_after`` comments or
    tickets within ``window_days`` calendar days.

    Complaints match by family (broken comments with damaged tickets, doesnt_work with
    defective/doesnt_work, missing with missing_parts ...; see ``family`` in the rules
    files). Products match by SKU or catalog name (``products``, a Catalog), else by
    video. Returns dicts: product, product_name, complaint, count, first, last, ids;
    newest first.
    """
    frames = []
    if comments_classified is not None and len(comments_classified):
        c = comments_classified
        has_family = c["family"].notna().to_numpy(dtype=bool)
        c = c[has_family].reset_index(drop=True)
        if len(c):
            frames.append(pd.DataFrame({
                "id": c["comment_id"].astype(str).to_numpy(),
                "product": comment_products(c, products),
                "family": c["family"].astype(str).to_numpy(),
                "time": _naive_times(c["created_at"]),
            }))
    if tickets_classified is not None and len(tickets_classified):
        t = tickets_classified
        t = t[t["family"].notna().to_numpy(dtype=bool)].reset_index(drop=True)
        if len(t) and "created_at" in t.columns:
            product = t["product"] if "product" in t.columns else t.get("sku")
            frames.append(pd.DataFrame({
                "id": t["ticket_id"].astype(str).to_numpy(),
                "product": (product.astype(STRING).to_numpy(dtype=object, na_value=None)
                            if product is not None else np.full(len(t), None, object)),
                "family": t["family"].astype(str).to_numpy(),
                "time": _naive_times(t["created_at"]),
            }))
    if not frames:
        return []
    events = pd.concat(frames, ignore_index=True)
    clusters = find_clusters(events, escalate_after=escalate_after, window_days=window_days)
    names = {str(sku): getattr(p, "name", None) for sku, p in (products or {}).items()}
    for cluster in clusters:
        cluster["product_name"] = names.get(cluster["product"])
    keys = ("product", "product_name", "complaint", "count", "first", "last", "ids")
    return [{k: c[k] for k in keys} for c in clusters]


def _naive_times(series: pd.Series) -> np.ndarray:
    """Shop-local wall-clock times, so comments and tickets compare on one clock."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[s]")
