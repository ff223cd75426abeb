"""The policy lint's rules: code, severity, title and an example of each.

A module of its own, without the checkers: cx.yaml's ``lint.disable`` is checked against
these codes when the config loads, and the config must not import the engines.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    example: str


RULES: dict[str, Rule] = {r.code: r for r in [
    Rule("CX101", ERROR, "incentive tied to a review",
         "Leave a review and get 10% off your next order"),
    Rule("CX102", ERROR, "asks for a specific rating or only positive reviews",
         "Please leave us a 5-star review"),
    Rule("CX103", ERROR, "asks to remove, change or edit a review (relaxed in th, id)",
         "Could you update your review now that it's fixed?"),
    Rule("CX104", ERROR, "support or refund conditioned on a review",
         "We'll send the replacement after you leave a review"),
    Rule("CX105", ERROR, "review gating in the configuration",
         "messages.stages.review_request.filters: {min_rating: 4}"),
    Rule("CX201", ERROR, "off-platform contact (e-mail, phone, outside link, messenger)",
         "WhatsApp us at +44 7700 900123"),
    Rule("CX202", ERROR, "payment or ordering outside the platform",
         "Order directly from our website next time"),
    Rule("CX301", WARNING, "pressure or spam (urgency, ALL CAPS, repeated !)",
         "LAST CHANCE to grab your refill!!"),
    Rule("CX401", WARNING, "a file in your templates folder that cx never uses (misnamed "
         "or misplaced)", "templates/messages/order_confirmaton.txt.j2"),
    Rule("CX402", ERROR, "a template that cannot render: a Jinja syntax error, or a filter "
         "or test cx does not have", "{% if order.buyer %}Hi {{ order.buyer | titel }}"),
]}
