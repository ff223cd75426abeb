"""The message stages: the built-in table of SPEC §4 merged with `messages.stages` in cx.yaml.

A stage is a window of days relative to an anchor event, plus the rule that decides
whether an order (or, for replenishment, an order line) gets the message. Built-in
stages keep their rule; config can switch them on/off and move their offset, window,
template and categories. Stages that are not built in are *custom*: anchored on one
order event, one message per order, never for a cancelled order.

Priority (what the frequency cap keeps first) is the table's order; the shipped
education series and then the seller's own stages come after the built-ins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cx_cli.config import Settings, StageConfig
from cx_cli.engines.lint import is_review_stage
from cx_cli.errors import ConfigError, did_you_mean
from cx_cli.io.schemas import CATEGORIES

ANCHORS = ("paid_at", "rts_at", "shipped_at", "delivered_at")

# Filters a stage may carry (`messages.stages.<name>.filters`).
FILTER_KEYS = {
    "skus": "only orders (lines, for per-line stages) of these seller SKUs",
    "exclude_skus": "never for orders (lines) of these seller SKUs",
    "skip_returns": "not when the order has a return/refund (never on review stages)",
    "shipped_offset_days": "tracking_stalled only: days after the carrier scan (default 7)",
}
# Only these filters may sit on a review stage; anything else would ask some buyers
# and not others (review gating, lint CX105).
REVIEW_STAGE_FILTERS = ("skus", "exclude_skus")


@dataclass(frozen=True)
class StageDefault:
    """One row of the built-in stage table."""

    name: str
    rule: str
    anchor: str
    offset_days: int | None
    window_days: int
    enabled: bool = True
    per_line: bool = False
    filters: Mapping[str, Any] = field(default_factory=dict)


# SPEC §4, in priority order. offset None = computed per order/line (review delay,
# replenishment cycle); the reminder is anchored on the ledger, not on an order event.
BUILTIN_STAGES: tuple[StageDefault, ...] = (
    StageDefault("order_confirmation", "confirmation", "paid_at", 0, 1),
    StageDefault("label_created", "label", "rts_at", 0, 2),
    StageDefault("in_transit", "transit", "shipped_at", 0, 2),
    StageDefault("tracking_stalled", "stalled", "rts_at", 3, 3),
    StageDefault("delivery_day", "delivery", "delivered_at", 0, 1),
    StageDefault("support_checkin", "checkin", "delivered_at", 3, 11),
    StageDefault("review_request", "review", "delivered_at", None, 7),
    StageDefault("review_reminder", "reminder", "review_request", 7, 3, enabled=False),
    StageDefault("replenishment", "replenish", "delivered_at", None, 7, per_line=True),
    # The playbook's education series: ordinary custom stages, shipped switched off.
    StageDefault("education_day2", "custom", "delivered_at", 2, 1, enabled=False,
                 filters={"skip_returns": True}),
    StageDefault("education_day7", "custom", "delivered_at", 7, 2, enabled=False,
                 filters={"skip_returns": True}),
    StageDefault("education_day14", "custom", "delivered_at", 14, 3, enabled=False,
                 filters={"skip_returns": True}),
)
BUILTIN_NAMES = tuple(s.name for s in BUILTIN_STAGES)
STALLED_SHIPPED_OFFSET = 7
REMINDER_OF = "review_request"


@dataclass(frozen=True)
class Stage:
    """A stage as this run uses it (defaults merged with config)."""

    name: str
    rule: str
    anchor: str
    offset_days: int | None
    window_days: int
    template: str
    categories: frozenset[str] | None
    enabled: bool
    priority: int
    per_line: bool = False
    filters: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_review(self) -> bool:
        return is_review_stage(self.name, self.template)


def resolve_stages(settings: Settings) -> list[Stage]:
    """Every stage (enabled or not) in priority order, config applied and checked."""
    configured: dict[str, StageConfig] = dict(settings.messages.stages)
    stages = []
    try:
        for priority, default in enumerate(BUILTIN_STAGES):
            stages.append(_merge(default, configured.pop(default.name, None), priority))
        for offset, (name, cfg) in enumerate(configured.items(), start=len(stages)):
            stages.append(_custom(name, cfg, offset))
    except ConfigError as error:
        raise settings.located(error) from None
    return stages


def unknown_stage(name: str, stages: list[Stage]) -> ConfigError:
    """The error for a stage name no stage has, naming the one probably meant."""
    known = [s.name for s in stages]
    return ConfigError(f"unknown stage '{name}'{did_you_mean(name, known)}",
                       f"stages: {', '.join(known)}")


def enabled_stages(settings: Settings, only: list[str] | None = None) -> list[Stage]:
    """The enabled stages, optionally restricted to ``only`` (unknown names are errors)."""
    stages = resolve_stages(settings)
    if only:
        known = {s.name for s in stages}
        unknown = [n for n in only if n not in known]
        if unknown:
            raise unknown_stage(unknown[0], stages)
        stages = [s for s in stages if s.name in only]
    return [s for s in stages if s.enabled]


def _merge(default: StageDefault, cfg: StageConfig | None, priority: int) -> Stage:
    cfg = cfg or StageConfig()
    where = f"messages.stages.{default.name}"
    if cfg.anchor is not None and cfg.anchor != default.anchor:
        raise ConfigError(f"{where}.anchor: the built-in stage {default.name} is anchored on "
                          f"{default.anchor}; its anchor cannot be changed",
                          "add a stage under a new name to anchor a message elsewhere")
    filters = {**default.filters, **cfg.filters}
    stage = Stage(
        name=default.name,
        rule=default.rule,
        anchor=default.anchor,
        offset_days=cfg.offset_days if cfg.offset_days is not None else default.offset_days,
        window_days=cfg.window_days if cfg.window_days is not None else default.window_days,
        template=cfg.template or default.name,
        categories=_categories(cfg.categories, where),
        enabled=default.enabled if cfg.enabled is None else cfg.enabled,
        priority=priority,
        per_line=default.per_line,
        filters=filters,
    )
    _check_filters(stage, where)
    return stage


def _custom(name: str, cfg: StageConfig, priority: int) -> Stage:
    where = f"messages.stages.{name}"
    if not name.replace("_", "").isalnum():
        raise ConfigError(f"{where}: a stage name uses letters, digits and underscores only")
    if cfg.anchor is None:
        raise ConfigError(f"{where}: a new stage needs an anchor",
                          f"set anchor to one of {', '.join(ANCHORS)} and offset_days")
    stage = Stage(
        name=name,
        rule="custom",
        anchor=cfg.anchor,
        offset_days=cfg.offset_days or 0,
        window_days=cfg.window_days if cfg.window_days is not None else 0,
        template=cfg.template or name,
        categories=_categories(cfg.categories, where),
        enabled=True if cfg.enabled is None else cfg.enabled,
        priority=priority,
        filters=dict(cfg.filters),
    )
    _check_filters(stage, where)
    return stage


def _categories(values: list[str] | None, where: str) -> frozenset[str] | None:
    if values is None:
        return None
    bad = [v for v in values if v not in CATEGORIES]
    if bad:
        raise ConfigError(f"{where}.categories: unknown category '{bad[0]}'",
                          f"categories: {', '.join(CATEGORIES)}")
    return frozenset(values)


def _check_filters(stage: Stage, where: str) -> None:
    for key, value in stage.filters.items():
        if key not in FILTER_KEYS:
            known = "; ".join(f"{k} ({v})" for k, v in FILTER_KEYS.items())
            raise ConfigError(f"{where}.filters: unknown filter '{key}'", f"filters: {known}")
        if stage.is_review and key not in REVIEW_STAGE_FILTERS:
            raise ConfigError(
                f"{where}.filters.{key}: review requests go to every delivered order; "
                "filtering them by refunds, ratings, sentiment or tickets is review gating "
                "(CX105)", "remove the filter; an unsolved ticket already delays the request")
        if key in ("skus", "exclude_skus") and not (
                isinstance(value, list) and all(isinstance(v, str | int) for v in value)):
            raise ConfigError(f"{where}.filters.{key}: expected a list of seller SKUs")
        if key == "skip_returns" and not isinstance(value, bool):
            raise ConfigError(f"{where}.filters.skip_returns: expected true or false")
        if key == "shipped_offset_days":
            if stage.rule != "stalled":
                raise ConfigError(f"{where}.filters.shipped_offset_days: only tracking_stalled "
                                  "has a carrier-scan branch")
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 365:
                raise ConfigError(f"{where}.filters.shipped_offset_days: expected days "
                                  "(0 to 365)")
