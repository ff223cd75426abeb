"""The weekly metrics of SPEC §8: one registry, and pure functions that compute them.

Every metric is declared once in ``METRICS`` (scorecard table) or ``HEALTH`` (platform
health, with TikTok's published threshold): name, label, kind, direction, format and
the common fix shown when it moves the wrong way. Presenters iterate over the
registry; nothing else lists metric names.

The computations live by family (``metrics_refunds``, ``metrics_support``,
``metrics_orders``, ``metrics_feedback``) and take a *list* of weeks, grouping rows by
an integer week key once instead of re-filtering per week, so an 8-week series costs
about as much as one week. A metric whose input was not given is None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import pandas as pd

from cx_cli.config import Settings
from cx_cli.engines.metrics_feedback import (
    weekly_negative_comments,
    weekly_negative_reviews,
    weekly_reviews,
)
from cx_cli.engines.metrics_orders import (
    OrderTable,
    order_table,
    orders_per_week,
    weekly_dispatch,
    weekly_repeat_rates,
)
from cx_cli.engines.metrics_refunds import sale_lines, weekly_refund_rate
from cx_cli.engines.metrics_support import weekly_missing_parts, weekly_support
from cx_cli.engines.weeks import Week

Direction = Literal["down", "up"]
Kind = Literal["simple", "ratio", "derived"]
Format = Literal["pct", "hours", "count", "stars", "words", "per1000"]


@dataclass(frozen=True)
class Threshold:
    """A published platform bar: ``value op threshold`` is healthy."""

    op: Literal["<=", "<", ">", ">="]
    value: float
    note: str = ""

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        value = float(value)
        return {"<=": value <= self.value, "<": value < self.value,
                ">": value > self.value, ">=": value >= self.value}[self.op]

    @property
    def text(self) -> str:
        symbol = {"<=": "≤", "<": "<", ">": ">", ">=": "≥"}[self.op]
        return f"{symbol} {self.value * 100:g}%"


@dataclass(frozen=True)
class Metric:
    """One declared metric (metricflow style: kind, label, direction)."""

    name: str
    label: str
    kind: Kind
    direction: Direction
    fmt: Format
    needs: tuple[str, ...]
    fix: str
    # Hidden from tables when it was never computed (business hours need support_hours).
    optional: bool = False
    threshold: Threshold | None = None

    @property
    def arrow(self) -> str:
        return "↓" if self.direction == "down" else "↑"

    def wrong_way(self, change: float | None) -> bool | None:
        """True when the change went against the target direction (None: no change known)."""
        if change is None or change == 0:
            return None
        return bool(change > 0) if self.direction == "down" else bool(change < 0)


_REFUND_FIX = ("Open the flagged SKUs below: check their listing photos, size chart and "
               "description against what ships, and add an insert card (what's in the box, "
               "quick start).")
_FRT_FIX = ("Answer the top questions with saved replies (cx triage), staff the busiest hours, "
            "and send an acknowledgement with a timeline first.")
_MISSING_FIX = ("Check packing for the affected SKUs: a packing checklist, a photo at packing "
                "and a what's-in-the-box insert card.")
_DEPTH_FIX = ("Ask one specific question in the review request (how they use it, what "
              "surprised them) after real use; 11+ words is TikTok's bar for substance.")
_REPEAT_FIX = ("Send the replenishment reminder at ~70% of the usage cycle and try the bundle "
               "candidates from cx retention (2-packs, routine sets).")

METRICS: tuple[Metric, ...] = (
    Metric("refund_rate", "Refund rate (cohort)", "ratio", "down", "pct", ("orders",),
           _REFUND_FIX),
    Metric("frt_median_hours", "First response median", "simple", "down", "hours",
           ("tickets",), _FRT_FIX),
    Metric("frt_p90_hours", "First response p90", "simple", "down", "hours", ("tickets",),
           "Clear the oldest open tickets first and cover evenings and weekends: the slowest "
           "tenth of buyers waits longest."),
    Metric("frt_median_business_hours", "FRT median, business h", "simple",
           "down", "hours", ("tickets",), _FRT_FIX, optional=True),
    Metric("frt_p90_business_hours", "FRT p90, business h", "simple", "down",
           "hours", ("tickets",), "Clear the oldest open tickets at the start of each "
           "support day.", optional=True),
    Metric("unanswered_tickets", "Unanswered tickets", "simple", "down", "count",
           ("tickets",), "Work the unanswered queue today: an acknowledgement with a timeline "
           "beats silence."),
    Metric("missing_parts_tickets", "Missing-parts tickets", "simple", "down", "count",
           ("tickets",), _MISSING_FIX),
    Metric("missing_parts_per_1000_shipped", "Missing parts / 1k shipped", "ratio", "down",
           "per1000", ("tickets", "orders"), _MISSING_FIX),
    Metric("reviews", "Reviews", "simple", "up", "count", ("reviews",),
           "Check the review_request stage is on and goes out after real use "
           "(cx messages due)."),
    Metric("avg_rating", "Average rating", "simple", "up", "stars", ("reviews",),
           "Read this week's 1–3 star reviews in cx voc, fix the top issue, and reply "
           "publicly: acknowledge, clarify, act."),
    Metric("review_words_mean", "Review words (mean)", "simple", "up", "words", ("reviews",),
           _DEPTH_FIX),
    Metric("detailed_share", "Detailed reviews", "ratio", "up", "pct",
           ("reviews",), _DEPTH_FIX),
    Metric("media_share", "Reviews with media", "ratio", "up", "pct", ("reviews",),
           "Add a UGC prompt card that suggests what to film — with no incentive attached."),
    Metric("repeat_rate_30", "Repeat rate 30d", "ratio", "up", "pct", ("orders",),
           _REPEAT_FIX),
    Metric("repeat_rate_60", "Repeat rate 60d", "ratio", "up", "pct", ("orders",),
           _REPEAT_FIX),
    Metric("repeat_rate_90", "Repeat rate 90d", "ratio", "up", "pct", ("orders",),
           _REPEAT_FIX),
    Metric("negative_comment_rate", "Negative comments", "ratio", "down", "pct",
           ("comments",), "Reply to complaints within a day (acknowledge, order number by DM, "
           "action with a timeframe), hide spam and abuse, and check cx comments for defect "
           "clusters."),
)

HEALTH: tuple[Metric, ...] = (
    Metric("late_dispatch_rate", "Late dispatch rate", "ratio", "down", "pct", ("orders",),
           "Print labels the day an order is paid, book carrier pickups before the cut-off, "
           "and set realistic processing days on slow SKUs.",
           threshold=Threshold("<=", 0.04)),
    Metric("seller_fault_cancellation_rate", "Seller-fault cancellations", "ratio", "down",
           "pct", ("orders",), "Keep stock in sync across channels and pause a SKU before it "
           "runs out rather than cancel.", threshold=Threshold("<=", 0.025)),
    Metric("negative_review_rate", "Negative review rate", "ratio", "down", "pct",
           ("reviews", "orders"), "Check in after delivery on SKUs with setup or usage "
           "questions, and solve tickets before the review request goes out.",
           threshold=Threshold("<", 0.005, "published for Thailand")),
    Metric("answered_within_12h_share", "Answered within 12 h", "ratio", "up", "pct",
           ("tickets",), "Cover the 12-hour window every day, weekends included; a real "
           "first answer counts, an auto-reply does not.",
           threshold=Threshold(">", 0.85)),
)

METRIC_NAMES = tuple(m.name for m in METRICS)
HEALTH_NAMES = tuple(m.name for m in HEALTH)
REGISTRY: dict[str, Metric] = {m.name: m for m in METRICS + HEALTH}

# Optional columns an export may lack, and the metrics each leaves unknown (null, "—")
# rather than read from an empty column: no media column is not "no review had media",
# and no carrier scan column is not "every order dispatched late".
NEEDS_COLUMN: dict[tuple[str, str], tuple[str, ...]] = {
    ("reviews", "has_media"): ("media_share",),
    ("reviews", "review_text"): ("review_words_mean", "detailed_share"),
    ("orders", "shipped_at"): ("late_dispatch_rate",),
    ("orders", "cancel_by"): ("seller_fault_cancellation_rate",),
}


@dataclass
class MetricInputs:
    """The frames the metrics read; None for an input that was not given."""

    orders: pd.DataFrame | None = None
    returns: pd.DataFrame | None = None
    tickets: pd.DataFrame | None = None
    reviews: pd.DataFrame | None = None
    comments: pd.DataFrame | None = None
    # From the triage classifier: ticket_id, subcategory (used where a ticket is untagged).
    ticket_labels: pd.DataFrame | None = None
    # From the comments classifier: comment_id, negative (complaint or abuse).
    comment_labels: pd.DataFrame | None = None
    # The orders collapsed to one row each; computed from ``orders`` when not given.
    order_table: OrderTable | None = None
    # The tickets export has no first response column (Gorgias's has none): response
    # times and unanswered counts are not known, rather than every ticket unanswered.
    no_first_response: bool = False
    # Metrics whose column no file of their export has (``NEEDS_COLUMN``): null.
    unknown: frozenset[str] = frozenset()

    @classmethod
    def from_dataset(cls, ds: Any, ticket_labels: pd.DataFrame | None = None,
                     comment_labels: pd.DataFrame | None = None) -> MetricInputs:
        """The dataset's frames; the order table is remembered beside the parsed orders
        when the dataset has a cache (``Dataset.memo``)."""
        table = None
        memo = getattr(ds, "memo", None)
        if ds.orders is not None and memo is not None:
            from cx_cli.engines import metrics_orders

            table = OrderTable(memo("order_table", ("orders",),
                                    lambda: order_table(ds.orders).frame,
                                    code=(metrics_orders,)))
        reports = getattr(ds, "reports", {})

        def absent(name: str) -> list[str]:
            report = reports.get(name)
            return (report.absent or []) if report is not None else []

        unknown = frozenset(metric for (name, column), metrics in NEEDS_COLUMN.items()
                            if column in absent(name) for metric in metrics)
        return cls(ds.orders, ds.returns, ds.tickets, ds.reviews, ds.comments,
                   ticket_labels, comment_labels, table,
                   no_first_response="first_response_at" in absent("tickets"),
                   unknown=unknown)


@dataclass
class WeeklyMetrics:
    """Every metric for a list of weeks: ``values[name][i]`` belongs to ``weeks[i]``."""

    weeks: list[Week]
    values: dict[str, list] = field(default_factory=dict)
    # Reused by the refund cohort table, so the lines are prepared once.
    sale_lines: pd.DataFrame | None = None
    orders: OrderTable | None = None

    def week(self, i: int = -1) -> dict[str, Any]:
        """All values of one week (default: the last) as {name: value}."""
        return {name: series[i] for name, series in self.values.items()}


def weekly_metrics(inputs: MetricInputs, settings: Settings, weeks: Sequence[Week],
                   as_of: date) -> WeeklyMetrics:
    """Compute every scorecard and platform-health metric for each of ``weeks``."""
    weeks = list(weeks)
    sc, shop = settings.scorecard, settings.shop
    result = WeeklyMetrics(weeks)
    v = result.values
    table = None
    if inputs.orders is not None:
        # Only the lines of the series' cohorts are looked up for refunds.
        lag = timedelta(days=sc.refund_lag_days)
        span = sorted(weeks)
        result.sale_lines = sale_lines(inputs.orders, inputs.returns, span[0].start - lag,
                                       span[-1].end - lag)
        table = result.orders = (inputs.order_table if inputs.order_table is not None
                                 else order_table(inputs.orders))
    v.update(weekly_refund_rate(inputs.orders, inputs.returns, weeks, sc.refund_lag_days,
                                lines=result.sale_lines))
    support = weekly_support(inputs.tickets, weeks, shop.support_hours, shop.holiday_country)
    if inputs.no_first_response:
        support = {k: (v if k == "tickets" else [None] * len(weeks)) for k, v in support.items()}
    v.update(support)
    shipped = orders_per_week(table, "shipped", weeks)
    delivered = orders_per_week(table, "delivered", weeks)
    v["orders_shipped"] = shipped
    v["orders_delivered"] = delivered
    v.update(weekly_missing_parts(inputs.tickets, shipped, weeks, inputs.ticket_labels))
    v.update(weekly_reviews(inputs.reviews, weeks, sc.detailed_words))
    v.update(weekly_repeat_rates(table, weeks))
    v["negative_comment_rate"] = weekly_negative_comments(inputs.comments, weeks,
                                                          inputs.comment_labels)
    v.update(weekly_dispatch(table, weeks, as_of, shop.dispatch_days, shop.holiday_country))
    v["negative_review_rate"] = weekly_negative_reviews(inputs.reviews, delivered, weeks)
    for name in inputs.unknown:
        v[name] = [None] * len(weeks)
    return result


def metrics_for_week(inputs: MetricInputs, settings: Settings, week: Week,
                     as_of: date) -> dict[str, Any]:
    """Every metric of one week, as {name: value} (plus the counts behind the rates)."""
    return weekly_metrics(inputs, settings, [week], as_of).week(0)


# --- one family, one week: small conveniences over the weekly functions -------------------


def refund_rate(orders: pd.DataFrame, returns: pd.DataFrame | None, week: Week,
                lag_days: int = 14) -> float | None:
    """Shop-wide refund rate of week W's lagged cohort."""
    return weekly_refund_rate(orders, returns, [week], lag_days)["refund_rate"][0]


def first_response_time(tickets: pd.DataFrame, week: Week, settings: Settings | None = None
                        ) -> dict[str, Any]:
    """FRT median/p90 (hours), unanswered count, 12-hour share, business-hours figures."""
    shop = (settings or Settings()).shop
    out = weekly_support(tickets, [week], shop.support_hours, shop.holiday_country)
    return {k: v[0] for k, v in out.items()}


def missing_parts(tickets: pd.DataFrame, orders: pd.DataFrame | None, week: Week,
                  ticket_labels: pd.DataFrame | None = None) -> dict[str, Any]:
    shipped = orders_per_week(order_table(orders) if orders is not None else None,
                              "shipped", [week])
    out = weekly_missing_parts(tickets, shipped, [week], ticket_labels)
    if orders is None:
        out["missing_parts_per_1000_shipped"] = [None]
    return {k: v[0] for k, v in out.items()}


def review_stats(reviews: pd.DataFrame, week: Week, detailed_words: int = 11
                 ) -> dict[str, Any]:
    return {k: v[0] for k, v in weekly_reviews(reviews, [week], detailed_words).items()}


def repeat_rates(orders: pd.DataFrame, week: Week) -> dict[str, Any]:
    out = weekly_repeat_rates(order_table(orders), [week])
    return {k: v[0] for k, v in out.items()}


def negative_comment_rate(comments: pd.DataFrame, week: Week,
                          comment_labels: pd.DataFrame | None) -> float | None:
    return weekly_negative_comments(comments, [week], comment_labels)[0]


def platform_health(inputs: MetricInputs, settings: Settings, week: Week,
                    as_of: date) -> dict[str, Any]:
    """The four platform-health rates of one week."""
    values = metrics_for_week(inputs, settings, week, as_of)
    return {name: values[name] for name in HEALTH_NAMES}
