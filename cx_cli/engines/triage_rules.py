"""The triage rules file: ``rules/triage.yaml`` read, checked and compiled into matchers.

The rules are data, not code: a YAML file an ops lead can read and change
(``rules/triage.yaml`` ships with cx; ``triage.rules`` in cx.yaml points at a copy).
Its signals are scored per subcategory, dispute type and escalation reason (see
``engines.text_signals``); ``ignore_in_subcategories`` and ``ignore_in_escalate``
phrases are read as plain words only by the subcategories or only by the escalation
reasons, and a name under ``hypothetical`` reads its question cues as negations.
Reading a rules file and checking the replies it names are shared with
``engines.comments``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import numpy as np
import pyarrow as pa
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from cx_cli.engines.text_signals import (
    SHIPPED,
    Cue,
    Negation,
    Signal,
    SignalGroup,
    TextMatcher,
    on_distinct_texts,
)
from cx_cli.errors import ConfigError
from cx_cli.io.schemas import TICKET_SUBCATEGORIES
from cx_cli.resources import templates_dir
from cx_cli.yaml_text import NotUtf8, RepeatedKey, load_yaml, read_utf8, yaml_mistake

RULES_DIR = Path(__file__).resolve().parent / "rules"
DEFAULT_TRIAGE_RULES = RULES_DIR / "triage.yaml"

SUBCATEGORIES: tuple[str, ...] = tuple(TICKET_SUBCATEGORIES)
DISPUTE_TYPES = ("non_delivery", "not_as_described", "damaged", "defective", "buyers_remorse")
# The saved replies SPEC §6 names (templates/replies/<name>.txt.j2).
SAVED_REPLIES = ("ack_timeline", "damaged", "doesnt_work", "wrong_variant", "missing_parts",
                 "tracking_not_updating", "delivered_not_received", "refund_return",
                 "outcome_confirmation")

Subcategory = Literal[
    "tracking_not_updating", "delivered_not_received", "wrong_address", "damaged",
    "missing_parts", "defective", "wrong_variant", "doesnt_work", "sizing_fit", "setup_error",
    "color_size_perception", "performance_assumption",
]
DisputeType = Literal["non_delivery", "not_as_described", "damaged", "defective",
                      "buyers_remorse"]
TemplateName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]


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
    hypothetical: dict[str, list[Cue]] = Field(default_factory=dict)
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
    from cx_cli.config import yaml_line_of

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
        shipped = path.resolve().is_relative_to(RULES_DIR.resolve())
        return model.model_validate(data, context={SHIPPED: shipped})
    except ValidationError as exc:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # node marks, for line numbers
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc)
            line = yaml_line_of(root, loc) if loc else None
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

        def score(texts: pa.Array) -> dict[str, np.ndarray]:
            read = self.matchers[0].without_ignored(texts)
            found: dict[str, np.ndarray] = {}
            for matcher in self.matchers:
                found.update(matcher.scores_after_ignore(read))
            return {name: found[name] for name in self.names}

        return on_distinct_texts(text, score)


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
    return _load_triage_rules(path.resolve() if path.exists() else path, file_stamp(path))


def file_stamp(path: Path) -> tuple[int, int]:
    """(mtime, size) of a rules file, (0, 0) when there is none: the key under which its
    compiled rules are remembered, so that a saved edit is read again."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


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
    from cx_cli.config import yaml_line_of

    missing = [(loc, reply) for loc, reply in named if reply and reply not in saved]
    if not missing:
        return
    root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    lines = []
    for loc, reply in missing:
        line = yaml_line_of(root, loc)
        lines.append(f"{path}{f':{line}' if line else ''}: '{'.'.join(loc)}': "
                     f"no {noun} named '{reply}'")
    raise ConfigError(f"invalid {kind} rules file {path}:\n  " + "\n  ".join(lines),
                      f"the {noun.replace('reply', 'replies')} are {', '.join(sorted(saved))}; "
                      f"a new one goes in your templates folder as {folder}/<name>.txt.j2")
