"""One render for all the messages that differ only in who they are to.

A big day's messages mostly share every value their template reads except three the
platform gives each order: the buyer's name, the order id and the tracking number.
When a template only writes those three as they are (``{{ order.buyer }}``,
``{{ order.buyer or "there" }}``) or asks whether they are empty (``{% if
order.tracking_id %}``), it is rendered once per distinct rest of context with a
mark in each one's place (the *skeleton*), and each message's text is the skeleton
with its own three values put in: the same text Jinja would write, at a fraction of
the cost. ``template_reads`` decides from a template's syntax whether that holds;
``Skeleton.checked`` checks it again on a real render before a skeleton is used.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# The order fields put in afterwards, and the marks that stand for them while the
# skeleton renders: private-use characters, which no export or template writes (a
# skeleton whose text holds one anyway is not used: ``Skeleton.checked``).
IDENTITY = ("buyer", "order_id", "tracking_id")
MARKS = ("\ue0b0", "\ue0b1", "\ue0b2")
# The longest value put into a skeleton: a longer one renders its message in full, so
# the sandbox's limit on a render's output is met or refused as it would be then.
LONGEST_VALUE = 1_000
# Fields of the order a skeleton cannot share: times to the second, one per order
# (``message_context.TIME_FIELDS``, not imported here: that module brings pandas).
_OWN_TIMES = frozenset(("created_at", "paid_at", "rts_at", "shipped_at", "delivered_at"))
# The order's days by event (``order.dates.shipped``), and their texts
# (``message_context._DATE_FIELDS`` and ``_DATE_NAMES``, not imported here either).
_DAY_FIELDS = frozenset(("dates", "dates_text", "dates_text_es"))
_DAYS = ("created", "paid", "rts", "shipped", "delivered")
# Context values that are the message's own (no two messages share them).
_OWN_NAMES = frozenset(("message_id",))


def template_reads(tree: Any) -> frozenset[str] | None:
    """What a template (its Jinja syntax tree) reads of its context: the names, and the
    fields of ``order`` as "order.<field>" (a day of its dates as
    "order.dates.<day>", "order.dates_text.<day>" …). None when it uses the buyer's name, the
    order id or the tracking number other than by writing one of them as it is or by
    testing whether it is empty, or reads anything else that is a message's own; also
    when it does anything this cannot see through (an include, an import, a macro or a
    filter block or a recursive loop around such a write, the whole ``order`` passed
    somewhere)."""
    from jinja2 import meta, nodes

    unsafe = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends,
              nodes.ContextReference, nodes.DerivedContextReference)
    # Blocks whose output is kept, changed or written again rather than written once.
    capturing = (nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock,
                 nodes.Block, nodes.ScopedEvalContextModifier, nodes.EvalContextModifier)
    fields: set[str] = set()

    def fine(node: Any, parents: list[Any]) -> bool:
        if isinstance(node, unsafe):
            return False
        if isinstance(node, nodes.Name):
            if node.name in _OWN_NAMES:
                return False
            if node.name == "order":
                if not _plain_order_read(node, parents, capturing):
                    return False
                fields.add(_order_field(parents))
        parents.append(node)
        try:
            return all(fine(child, parents) for child in node.iter_child_nodes())
        finally:
            parents.pop()

    if not fine(tree, []):
        return None
    return frozenset(meta.find_undeclared_variables(tree)) | fields


def _order_field(parents: list[Any]) -> str:
    """The field of ``order`` read: "order.<field>", or "order.<field>.<day>" for one
    day of ``order.dates`` (or its texts) read by name (``order.dates.shipped``)."""
    from jinja2 import nodes

    read = parents[-1]
    field = "order." + read.attr
    if read.attr in _DAY_FIELDS and len(parents) > 1:
        day = parents[-2]
        if isinstance(day, nodes.Getattr) and day.node is read and day.attr in _DAYS:
            return f"{field}.{day.attr}"
    return field


def _plain_order_read(name: Any, parents: list[Any], capturing: tuple[type, ...]) -> bool:
    from jinja2 import nodes

    if name.ctx != "load" or not parents:
        return False
    read = parents[-1]
    if not isinstance(read, nodes.Getattr) or read.node is not name:
        return False  # the whole order: passed to a filter, looped over, set aside…
    if read.attr in _OWN_TIMES:
        return False
    if read.attr not in IDENTITY:
        return True
    # Up through "or" and "a if b else c" (each gives one of its values as it is)...
    child, above = read, len(parents) - 2
    while above >= 0:
        parent = parents[above]
        if isinstance(parent, nodes.Or) or (isinstance(parent, nodes.CondExpr)
                                            and parent.test is not child):
            child, above = parent, above - 1
            continue
        break
    if above >= 0 and isinstance(parents[above], nodes.Output):
        # ...to a write: fine unless a block around it keeps or changes what it wrote
        # (a recursive loop's ``loop()`` is the text of its turns, to change at will).
        return not any(isinstance(p, capturing) or (isinstance(p, nodes.For) and p.recursive)
                       for p in parents[:above])
    # Or only tested, through "and", "or" and "not", by an if, a condition or a loop filter.
    child, above = read, len(parents) - 2
    while above >= 0 and isinstance(parents[above], (nodes.And, nodes.Or, nodes.Not)):
        child, above = parents[above], above - 1
    return above >= 0 and isinstance(parents[above], (nodes.If, nodes.CondExpr, nodes.For)) \
        and getattr(parents[above], "test", None) is child


def marked(order: Any, values: tuple[str, str, str]) -> dict[str, Any]:
    """The fields of a template's ``order`` with the three values' marks in their place
    (an empty value stays empty: a template may test it)."""
    fields = dict(vars(order))
    for field, value, mark in zip(IDENTITY, values, MARKS, strict=True):
        fields[field] = mark if value else ""
    return fields


class Skeleton(NamedTuple):
    """A rendered text with ``{0}``, ``{1}`` and ``{2}`` where the buyer's name, the
    order id and the tracking number go (``str.format``), and the template it came
    from (its name and its file)."""

    text: str
    template: str
    filename: str

    def fill(self, values: tuple[str, str, str]) -> str:
        return self.text.format(*values)

    @classmethod
    def checked(cls, raw: str, template: str, filename: str, *,
                real: str, values: tuple[str, str, str]) -> Skeleton | None:
        """The skeleton of ``raw`` (rendered with the marks), or None when putting a
        message's own ``values`` in does not give ``real``, its text rendered in full
        (the template did something with them that the syntax did not show), or when
        the text could pass the sandbox's output limit with longer values in."""
        from cx_cli.render.sandbox import MAX_OUTPUT

        if any(mark in real for mark in MARKS):
            return None
        sites = sum(raw.count(mark) for mark in MARKS)
        if len(raw) + sites * LONGEST_VALUE > MAX_OUTPUT:
            return None
        text = raw.replace("{", "{{").replace("}", "}}")
        for index, mark in enumerate(MARKS):
            text = text.replace(mark, f"{{{index}}}")
        skeleton = cls(text, template, filename)
        return skeleton if skeleton.fill(values) == real else None


def fits(values: tuple[str, str, str]) -> bool:
    """Can these values go into a skeleton (none longer than ``LONGEST_VALUE``)?"""
    return max(map(len, values)) <= LONGEST_VALUE
