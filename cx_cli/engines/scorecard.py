"""The weekly scorecard: week W against the week before, an N-week series, which way each
metric moved, the worst SKUs of W's refund cohort, and platform health beside thresholds.

``build_scorecard`` computes; ``Scorecard.to_json`` is the §13 contract; presenters in
``cx_cli.render.scorecard`` draw tables from ``metric_rows``/``health_rows``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cx_cli.config import Settings
from cx_cli.engines.metrics import (
    HEALTH,
    HEALTH_NAMES,
    METRIC_NAMES,
    METRICS,
    MetricInputs,
    WeeklyMetrics,
    weekly_metrics,
)
from cx_cli.engines.metrics_refunds import RefundTable, refund_cohort
from cx_cli.engines.weeks import Week, last_complete_week, series_weeks


@dataclass
class Scorecard:
    week: Week
    as_of: date
    series_length: int
    weekly: WeeklyMetrics
    cohort: RefundTable | None
    lag_days: int
    min_lines: int

    @property
    def previous_week(self) -> Week:
        return self.week.shift(-1)

    @property
    def weeks(self) -> list[Week]:
        """The weeks of the sparkline series, oldest first (the last is W)."""
        return self.weekly.weeks[-self.series_length:]

    def values(self, name: str) -> list:
        return self.weekly.values[name]

    def current(self, name: str) -> Any:
        return self.values(name)[-1]

    def previous(self, name: str) -> Any:
        return self.values(name)[-2]

    def change(self, name: str) -> float | None:
        now, before = self.current(name), self.previous(name)
        if now is None or before is None:
            return None
        return now - before

    def series(self, name: str) -> list:
        return self.values(name)[-self.series_length:]

    def wrong_way(self) -> list[str]:
        """Metrics (scorecard and health) that moved against their target direction."""
        return [m.name for m in METRICS + HEALTH if m.wrong_way(self.change(m.name))]

    def metric_rows(self) -> list[dict[str, Any]]:
        """One row per declared metric, in registry order, for the presenters."""
        return [self._row(m) for m in METRICS]

    def health_rows(self) -> list[dict[str, Any]]:
        rows = []
        for m in HEALTH:
            row = self._row(m)
            assert m.threshold is not None
            row["threshold"] = m.threshold.text
            row["threshold_note"] = m.threshold.note
            row["healthy"] = m.threshold.met(row["value"])
            rows.append(row)
        return rows

    def _row(self, m) -> dict[str, Any]:
        change = self.change(m.name)
        wrong = m.wrong_way(change)
        series = self.series(m.name)
        return {
            "metric": m.name, "label": m.label, "kind": m.kind, "format": m.fmt,
            "direction": m.direction, "arrow": m.arrow,
            "value": self.current(m.name), "previous": self.previous(m.name),
            "change": change, "series": series, "wrong_way": wrong,
            "fix": m.fix if wrong else None,
            "computed": any(v is not None for v in series) or self.previous(m.name) is not None,
            "optional": m.optional,
        }

    def to_json(self) -> dict[str, Any]:
        """The §13 contract (plus cohort, change, series and thresholds)."""
        metrics = {name: self.current(name) for name in METRIC_NAMES}
        previous = {name: self.previous(name) for name in METRIC_NAMES}
        cohort = self.cohort
        return {
            "week": self.week.name,
            "week_from": self.week.start,
            "week_to": self.week.end - timedelta(days=1),
            "as_of": self.as_of,
            "metrics": metrics,
            "previous_week": self.previous_week.name,
            "previous": previous,
            "change": {name: self.change(name) for name in METRIC_NAMES + HEALTH_NAMES},
            "direction": {m.name: m.direction for m in METRICS + HEALTH},
            "wrong_way": self.wrong_way(),
            "cohort": None if cohort is None else {
                "paid_from": cohort.paid_from, "paid_to": cohort.paid_to,
                "lag_days": self.lag_days, "min_lines": self.min_lines,
                "lines": cohort.lines, "refunded": cohort.refunded, "rate": cohort.rate,
            },
            "refunds_by_sku": [] if cohort is None else cohort.rows,
            "platform_health": {name: self.current(name) for name in HEALTH_NAMES},
            "platform_health_previous": {name: self.previous(name) for name in HEALTH_NAMES},
            "thresholds": {m.name: {"op": m.threshold.op, "value": m.threshold.value,
                                    "note": m.threshold.note or None}
                           for m in HEALTH if m.threshold is not None},
            "series": {"weeks": [w.name for w in self.weeks],
                       **{name: self.series(name) for name in METRIC_NAMES + HEALTH_NAMES}},
        }


def build_scorecard(inputs: MetricInputs, settings: Settings, as_of: date,
                    week: Week | None = None, weeks: int | None = None) -> Scorecard:
    """The scorecard of ``week`` (default: the last complete week before ``as_of``).

    ``weeks`` is the sparkline length (default ``scorecard.weeks``); the week before W is
    always computed, for the change column.
    """
    week = week or last_complete_week(as_of)
    length = weeks or settings.scorecard.weeks
    weekly = weekly_metrics(inputs, settings, series_weeks(week, max(length, 2)), as_of)
    cohort = None
    sc = settings.scorecard
    if inputs.orders is not None:
        cohort = refund_cohort(inputs.orders, inputs.returns, week, sc.refund_lag_days,
                               sc.min_lines, lines=weekly.sale_lines)
    return Scorecard(week, as_of, length, weekly, cohort, sc.refund_lag_days, sc.min_lines)
