"""What a cx template may do: Jinja's sandbox, plus limits on the work a render does
and the text it makes.

A seller's template is their own code run on every order: a loop of loops, a huge
``range`` or a text multiplied a billion times must end as a clear error naming the
template (``TooMuchWork``, ``TooMuchOutput``), in well under a second and without
filling the memory. Steps (loop turns, calls, items, each new text or list by its
size: ``_made_size``, each long text or list a comparison, search or filter reads
by its size: ``_read_size``, and each key looked up by what hashing it reads:
``_hashed``) are counted against ``MAX_STEPS``, which bounds what a
render can make and keep to about 100 MB and the time it takes to a few seconds (a
call that may make several times what it is given is charged the most first); text a
render makes is measured before it is made, against ``MAX_SIZE`` for one value and
``MAX_OUTPUT`` for the whole render (a render's pieces a chunk at a time as they come:
``joined_output``).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache, wraps
from itertools import islice
from types import BuiltinMethodType, MethodType, SimpleNamespace
from typing import Any

_DICT_ATTRIBUTES = frozenset(dir(dict))
# The longest power a template may compute: Python prints no longer number anyway.
MAX_POWER_DIGITS = 4300


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# The work one render may do, in steps: a loop's turns, a call (a macro, a method,
# ``loop()`` of a recursive loop), an item of a ``range()`` or of a repeated text or
# list. Each range is capped, but loops inside loops multiply them: two nested
# ``range(100000)`` loops ran for hours, as did a macro calling itself twice. Ten times
# the range cap: a shipped message takes under ten steps.
MAX_STEPS = 1_000_000
# What is left to the render running in this thread, counted down: [steps, characters
# of new text] while ``render_template`` renders (``_made``), None otherwise (nothing is
# counted then).
_STEPS_LEFT: ContextVar[list[int] | None] = ContextVar("cx_template_steps", default=None)


class TooMuchWork(Exception):
    """A render went past ``MAX_STEPS``."""

    def __init__(self) -> None:
        super().__init__(f"more than {MAX_STEPS} loop turns, calls and range() items "
                         "in one render")


class TooMuchOutput(Exception):
    """A render wrote more than ``MAX_OUTPUT`` characters (``size``: how many, when it
    was counted to the end)."""

    def __init__(self, size: int | None = None) -> None:
        super().__init__(f"it would write {size:,} characters, more than the limit of "
                         f"{MAX_OUTPUT:,}" if size is not None else
                         f"it would write more than the limit of {MAX_OUTPUT:,} characters")


def _charge(steps: int) -> None:
    left = _STEPS_LEFT.get()
    if left is not None:
        left[0] -= steps
        if left[0] < 0:
            raise TooMuchWork


def _counted(context: Any, iterable: Any) -> Any:
    """``iterable``, what a ``for`` loops over (the filter ``COUNT_ITEMS``), its items
    charged: all at once when it has a length (nothing per turn), else one by one as the
    loop takes them."""
    if _STEPS_LEFT.get() is None:
        return iterable
    try:
        size = len(iterable)
    except TypeError:  # a generator (``items | select(...)``)
        return _count_each(iter(iterable))
    _charge(size)
    return iterable


def _count_each(items: Iterator[Any]) -> Iterator[Any]:
    for item in items:
        _charge(1)
        yield item


def _one_step(context: Any, _: Any) -> None:
    _charge(1)


# The filters the compiled templates call (``_counting_generator``): on the iterable of
# a ``for``, and at each turn of a recursive one.
COUNT_ITEMS = "cx_count_items"
COUNT_STEP = "cx_count_step"


_MISSING = object()


@lru_cache(maxsize=64)
def _plain_namespace(cls: type) -> bool:
    """A SimpleNamespace whose own classes add nothing but dunder names, so no property
    or ``__getattribute__`` stands in front of a field (``Fields`` is one)."""
    if not issubclass(cls, SimpleNamespace):
        return False
    own = cls.__mro__[:cls.__mro__.index(SimpleNamespace)]
    return all(name.startswith("__") and name != "__getattribute__"
               for klass in own for name in vars(klass))


def sandbox_class() -> type:
    """The sandbox, reading a key of a plain dict (``eta.from_text``) without first
    trying it as an attribute and catching the AttributeError, and a field of a
    namespace (``order.buyer``) without the checks meant for methods: the same value or
    undefined, at a fraction of the cost when 100,000 messages render. A render
    (``render_template``) may take at most ``MAX_STEPS`` steps."""
    from jinja2 import Template, pass_context
    from jinja2.environment import TemplateModule
    from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
    from jinja2.utils import Namespace
    from markupsafe import Markup

    # The owners of the methods ``call`` charges for what they make.
    texts = frozenset({*_TEXTS, Markup})
    containers = frozenset({*_CONTAINERS, str, bytes})

    class Module(TemplateModule):
        # An imported template (``{% import 'x' as m %}{{ m }}``): its text is joined
        # when it is written, not by the compiled template.
        def __str__(self) -> str:
            return _measured_concat(self._body_stream)

        def __html__(self) -> Markup:
            return Markup(_measured_concat(self._body_stream))

    class MeasuredTemplate(Template):
        def make_module(self, vars: Any = None, shared: bool = False,
                        locals: Any = None) -> TemplateModule:
            return Module(self, self.new_context(vars, shared, locals))

    class Sandbox(SandboxedEnvironment):
        # ``range`` is capped by the sandbox; a repeated text or list and a power are
        # not: "{{ 'x' * 10**9 }}" takes a gigabyte and "{{ n ** 10**8 }}" hours.
        intercepted_binops = frozenset({"*", "**", "%"})
        code_generator_class = _counting_generator()
        # What the compiled template joins inside a render (a macro's or caller()'s
        # text, a {% set %} or {% filter %} block, a recursive loop's loop(),
        # self.block() and super()), measured as the render's own output is.
        concat = staticmethod(_measured_concat)
        template_class = MeasuredTemplate

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # The environment's own copy of the filters.
            for name, check in _SIZED_FILTERS.items():
                self.filters[name] = _sized_filter(self.filters[name], name, check)
            self.filters["tojson"] = _sized_tojson(self.filters["tojson"])
            self.filters["pprint"] = _pretty
            for name in SIZE_FILTERS:
                self.filters[name] = _bounded(self.filters[name])
            self.filters["join"] = _sized_join(self.filters["join"])
            for name, count in _LIST_FILTERS.items():
                self.filters[name] = _made_list(self.filters[name], count)
            for name in ("batch", "slice"):
                self.filters[name] = _made_lists(self.filters[name])
            self.filters["sum"] = _counted_sum(self.filters["sum"])
            for name in READING_FILTERS:
                self.filters[name] = _reading(self.filters[name])
            self.filters.update(_number_filters())
            self.filters["urlize"] = _counted_urlize(self.filters["urlize"])
            # Last: the checks above see the value's text.
            for name in TEXT_FILTERS:
                self.filters[name] = _text_filter(self.filters[name])
            for name in OTHER_TEXT_FILTERS:
                self.filters[name] = _text_filter(self.filters[name], convert=False)
            self.filters[SIZED] = _sized
            self.filters[TEXT_OPERAND] = _operand
            self.filters[SCANNED] = _scanned
            self.filters[HASHED] = _hashed
            # Taking the context keeps Jinja from running them once, when it compiles a
            # loop over a constant list or a slice of a constant, instead of at each
            # render.
            self.filters[COUNT_ITEMS] = pass_context(_counted)
            self.filters[COUNT_STEP] = pass_context(_one_step)
            self.filters[SLICED] = pass_context(_sliced)
            for name in _COMPARING_TESTS:
                self.tests[name] = _comparing_test(self.tests[name])
            for name in ("lower", "upper"):
                self.tests[name] = _text_test(self.tests[name])
            self.globals["range"] = _counted_range(self.globals["range"])
            self.globals["lipsum"] = _counted_lipsum(self.globals["lipsum"])

        def is_safe_callable(self, obj: Any) -> bool:
            # Asked before every call a template makes: a call is a step.
            _charge(1)
            return super().is_safe_callable(obj)

        def call(__self, __context: Any, __obj: Any, *args: Any,
                 **kwargs: Any) -> Any:
            owner = getattr(__obj, "__self__", None)
            if type(owner) in texts:
                # A text's method reads it and may make a new text or list
                # (``s.upper()``, ``s.split()``, kept with ``l.append`` in a loop:
                # gigabytes): charged both. A message's "s.rstrip('.')" costs nothing.
                # One that may make more than its text ("c.encode('unicode_escape')":
                # ten bytes a character) is charged the most it may make first, so
                # that it is refused before making what the steps left cannot pay for.
                grows = _GROWING_TEXT.get(__obj.__name__)
                reserved = len(owner) * grows * _width(owner) // CHARS_PER_STEP \
                    if grows else 0
                # (Inline, not through a helper: a message's "s.rstrip('.')" is
                # on the hot path, and the extra call layer costs it a third more.)
                if reserved:
                    _charge(reserved)
                made = super().call(__context, __obj, *args, **kwargs)
                if reserved or len(owner) >= CHARS_PER_STEP or type(made) is not str or \
                        len(made) >= CHARS_PER_STEP:
                    _charge(len(owner) // CHARS_PER_STEP + _made_size(made) - reserved)
                return made
            if type(owner) in (list, tuple) and len(owner) >= _FEW:
                if __obj.__name__ in _SCANNING:
                    # "l.index(x)", "l.count(x)" read every item, "l.sort()" each
                    # about log2(n) times.
                    _charge(_read_size(owner) * (
                        len(owner).bit_length() if __obj.__name__ == "sort" else 1))
                elif __obj.__name__ == "pop" and args and _whole(args[0]):
                    # "l.pop(0)" moves every item after the one it takes.
                    _charge(len(owner) - 1 - args[0] % len(owner))
            at = 0  # where the items taken in are among the arguments
            if owner is None and args and getattr(__obj, "__objclass__", None) is dict:
                owner, at = args[0], 1  # dict.update(d, e): d's own method
            if type(owner) is dict and len(args) > at:
                _hashed(args[at])  # "d.get(key)"
            # A list or dict that takes in another's items (``l.extend(l)`` in a loop
            # doubles it each turn, ``dict(d)`` and ``namespace(d)`` copy it) is charged
            # those items; a dict taking keys from a list, each key's hash.
            if len(args) > at and (__obj is dict or __obj is Namespace or (
                    getattr(__obj, "__name__", None) in _GROWING
                    and (type(owner) in (list, dict) or owner is dict))):
                items = _counted(None, args[at])
                if type(items) in (list, tuple) and type(owner) is not list:
                    items = _keys_hashed(items, pairs=__obj.__name__ != "fromkeys")
                args = (*args[:at], items, *args[at + 1:])
            made = super().call(__context, __obj, *args, **kwargs)
            # A list's or dict's method may make a new one (``l.copy()``,
            # ``{}.fromkeys(l)``): charged its items.
            kind = type(owner)
            if (kind in containers or (kind is type and owner in containers)) \
                    and made is not owner and __obj.__name__ not in _TAKING:
                _charge(_made_size(made))
            return made

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for items, times in ((left, right), (right, left)):
                    if isinstance(items, str | bytes | list | tuple) and _whole(times):
                        size = len(items) * times
                        _refuse_over(size, MAX_RANGE,
                                     "a text or list repeated to more than {limit} items")
                        _charge(max(size, 0))
            elif operator == "%":
                if isinstance(left, str):
                    # Checked, and charged, for all it writes; a text of wide characters
                    # for the memory it takes (``_made_size``) once it is made.
                    _check_size("the % format", _percent_size(left, right))
                    made = super().call_binop(context, operator, left, right)
                    if not made.isascii():
                        _charge(_made_size(made) - len(made) // CHARS_PER_STEP)
                    return made
            elif _whole(left) and _whole(right) and abs(left) > 1:
                _refuse_over(right * math.log10(abs(left)), MAX_POWER_DIGITS,
                             "a power of more than {limit} digits")
            return super().call_binop(context, operator, left, right)

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    return self.undefined(obj=obj, name=attribute)
            if _plain_namespace(type(obj)) and not attribute.startswith("_"):
                # Template data (``order.buyer``): a value the sandbox would return as is.
                found = vars(obj).get(attribute, _MISSING)
                if found is not _MISSING:
                    return found
            return super().getattr(obj, attribute)

        def wrap_str_format(self, value: Any) -> Any:
            # Asked of every method a template takes from an object: a text's methods
            # that make a longer text check the length they would make first, and its
            # format and format_map measure each field as they write it. Asked of
            # ``loop.index`` too: a value that is no method returns at once, as in Jinja.
            if type(value) not in _METHOD_TYPES:
                return None
            if value.__name__ in ("format", "format_map") and isinstance(
                    getattr(value, "__self__", None), str):
                return self._measured_format(value.__self__, value.__name__)
            check = _SIZED_METHODS.get(value.__name__)
            if check is None or not isinstance(getattr(value, "__self__", None), str):
                return super().wrap_str_format(value)
            method = super().wrap_str_format(value) or value

            def sized(*args: Any, **kwargs: Any) -> Any:
                if args and value.__name__ == "join":  # a generator is read once
                    args = (list(args[0]), *args[1:])
                _check_size(value.__name__, check(value.__self__, args, kwargs))
                return method(*args, **kwargs)

            return sized

        def _measured_format(self, text: str, name: str) -> Any:
            """``text.format`` or ``text.format_map`` (``name``), written by the
            sandbox's formatter measuring each field as it is made (``_formatter_class``),
            as Jinja's own would write it (escaping the fields of an HTML text)."""
            escaping = isinstance(text, Markup)

            def formatted(*args: Any, **kwargs: Any) -> str:
                if name == "format_map":
                    if kwargs:
                        raise TypeError("format_map() takes no keyword arguments")
                    if len(args) != 1:
                        raise TypeError("format_map() takes exactly one argument "
                                        f"({len(args)} given)")
                    args, kwargs = (), args[0]
                formatter = _formatter_class(escaping)(
                    self, name, **({"escape": text.escape} if escaping else {}))
                made = type(text)(formatter.vformat(text, args, kwargs))
                _charge(_made_size(made))
                return made

            return formatted

    return Sandbox


def _counting_generator() -> type:
    """Jinja's code generator, compiling every ``for`` with its iterable passed through
    ``COUNT_ITEMS``, or, for a recursive loop (whose ``loop(children)`` calls pass their
    own iterables), with ``COUNT_STEP`` at the start of each turn; every ``a + b`` and
    ``a - b`` with its result passed through ``SIZED`` (doubling a text in a loop),
    every ``a ~ b ~ …`` with its parts measured before they are joined
    (``_concatenated``), every slice charged (``_sliced``), every ``*items`` or
    ``**d`` of a call counted and every comparison charged what it reads
    (``_scanned``)."""
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, optimizeconst
    from jinja2.visitor import NodeTransformer

    class SizeChecks(NodeTransformer):
        def visit_Concat(self, node: Any) -> Any:
            self.generic_visit(node)
            node.nodes = [_through(operand, TEXT_OPERAND) for operand in node.nodes]
            return node  # joined by ``_concatenated``

        def visit_Add(self, node: Any) -> Any:
            return _through(self.generic_visit(node), SIZED, "+")

        def visit_Sub(self, node: Any) -> Any:
            # A dict's keys or items less another list: a new set ("d.keys() - []").
            return _through(self.generic_visit(node), SIZED, "-")

        # ``f(*items, **d)``: the arguments unpacked are items made ("cycler(*s)" keeps
        # a tuple of a text's characters), counted as a loop's are.
        def visit_Call(self, node: Any) -> Any:
            self.generic_visit(node)
            for field in ("dyn_args", "dyn_kwargs"):
                unpacked = getattr(node, field)
                if unpacked is not None:
                    setattr(node, field, _through(unpacked, COUNT_ITEMS))
            return node

        visit_Filter = visit_Test = visit_Call

        # A key looked up (``d[key]``, ``{key: …}``) passes through ``HASHED``; not a
        # number (``weeks[-1]``: no tuple comes of a '-'). A slice (Jinja makes it
        # itself, as Python does) passes through ``SLICED``.
        def visit_Getitem(self, node: Any) -> Any:
            self.generic_visit(node)
            if isinstance(node.arg, nodes.Slice):
                return _through(node, SLICED)
            if not (isinstance(node.arg, nodes.UnaryExpr) or _literal(node.arg)):
                node.arg = _through(node.arg, HASHED)
            return node

        def visit_Pair(self, node: Any) -> Any:
            self.generic_visit(node)
            if not _literal(node.key):
                node.key = _through(node.key, HASHED)
            return node

        def visit_Compare(self, node: Any) -> Any:
            # "'y' in c" reads all of c, "a == b" both: each side that may be long (no
            # literal) passes through ``SCANNED``, charged what the comparison may
            # read, and what is looked up in it through ``HASHED``. A message's
            # "category in ('a', 'b')" and "x == 'apparel'" are compiled as Jinja
            # compiles them.
            self.generic_visit(node)
            left = node.expr
            for at, operand in enumerate(node.ops):
                if operand.op in ("in", "notin"):
                    if not _literal(operand.expr):
                        operand.expr = _through(operand.expr, SCANNED, operand.op)
                        if at == 0 and not _literal(left):  # a key looked up: "t in d"
                            node.expr = _through(left, HASHED)
                elif not (_literal(left) or _literal(operand.expr)):
                    if at == 0:
                        node.expr = _through(left, SCANNED, operand.op)
                    operand.expr = _through(operand.expr, SCANNED, operand.op)
                left = operand.expr
            return node

    def _literal(node: Any) -> bool:
        # A constant, or a tuple or list of them: as short as the template's own text.
        return isinstance(node, nodes.Const) or (
            isinstance(node, nodes.Tuple | nodes.List)
            and all(isinstance(item, nodes.Const) for item in node.items))

    def _through(node: Any, name: str, *args: Any) -> Any:
        """``node`` passed through the filter ``name`` (``node | name(*args)``)."""
        return nodes.Filter(node, name, [nodes.Const(a) for a in args], [], None, None,
                            lineno=node.lineno)

    class CountingGenerator(CodeGenerator):
        def visit_Template(self, node: Any, frame: Any = None) -> None:
            # What ``{{ }}`` writes with (``_output_child_pre``).
            self.writeline("from cx_cli.render.sandbox import _written as cx_str, "
                           "_escaped as cx_escape, _concatenated as cx_concat")
            # Before Jinja looks up the filters the template uses.
            SizeChecks().visit(node)
            for loop in node.find_all(nodes.For):
                if loop.recursive:
                    step = _through(nodes.Const(None, lineno=loop.lineno), COUNT_STEP)
                    loop.body = [nodes.ExprStmt(step, lineno=loop.lineno), *loop.body]
                else:
                    loop.iter = _through(loop.iter, COUNT_ITEMS)
            super().visit_Template(node, frame)

        @optimizeconst
        def visit_Concat(self, node: Any, frame: Any) -> None:
            # "cx_concat(join, (a, b, …))": the parts measured together before Jinja's
            # join (chosen as Jinja chooses it) puts them together.
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
            if frame.eval_ctx.volatile:
                join = "(markup_join if context.eval_ctx.volatile else str_join)"
            self.write(f"cx_concat({join}, (")
            for part in node.nodes:
                self.visit(part, frame)
                self.write(", ")
            self.write("))")

        # Jinja writes a value with str(value) or escape(value): these measure the text
        # made. A text (most values a message writes) is written as it is, without a
        # call: "(cx_v if type(cx_v := value) is str else cx_str(cx_v))".
        def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
            if frame.eval_ctx.volatile:
                self.write("cx_escape(escape if context.eval_ctx.autoescape else None, ")
            elif frame.eval_ctx.autoescape:
                self.write("cx_escape(escape, ")
            else:
                self.write("(cx_v if type(cx_v := ")
            if finalize.src is not None:
                self.write(finalize.src)

        def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
            if finalize.src is not None:
                self.write(")")
            if frame.eval_ctx.volatile or frame.eval_ctx.autoescape:
                self.write(")")
            else:
                self.write(") is str else cx_str(cx_v))")

    return CountingGenerator


def _counted_range(safe_range: Any) -> Any:
    """The sandbox's ``range``, its items charged: "{{ range(10**5) | sum }}" in a loop."""

    def range_(*args: Any) -> range:
        numbers = safe_range(*args)
        _charge(len(numbers))
        return numbers

    return range_


def _counted_lipsum(lipsum: Any) -> Any:
    """``lipsum(n, html, min, max)`` charged its most words: "{{ lipsum(10**5) }}" took
    seconds without a loop."""

    def lipsum_(*args: Any, **kwargs: Any) -> str:
        n = args[0] if args else kwargs.get("n", 5)
        most = args[3] if len(args) > 3 else kwargs.get("max", 100)
        if _whole(n) and _whole(most):
            _charge(max(n, 0) * max(most, 0))
        return lipsum(*args, **kwargs)

    return lipsum_


def _counted_urlize(do_urlize: Any) -> Any:
    """The filter ``urlize``, charged before it runs a step per character of its text
    (it reads the text a word at a time, in Python: 0.1 s for 100,000 one-letter words,
    made with a thousand steps) and, for each link it may make, what a long ``target``
    or ``rel`` adds to it (escaped: "&" is "&amp;")."""
    @wraps(do_urlize)  # keeps jinja_pass_arg
    def urlize(eval_ctx: Any, value: Any, trim_url_limit: Any = None, nofollow: bool = False,
               target: Any = None, rel: Any = None, extra_schemes: Any = None) -> Any:
        if isinstance(value, str):
            target, rel = (_as_text(text) if text is not None and not isinstance(text, str)
                           else text for text in (target, rel))
            added = 5 * sum(len(text) for text in (target, rel) if text is not None)
            _charge(len(value) + (len(value) // 2 + 1) * added // CHARS_PER_STEP)
        return do_urlize(eval_ctx, value, trim_url_limit, nofollow, target, rel,
                         extra_schemes)

    return urlize


# Filters that take a width or a count and make a text or list that long:
# "{{ x | center(10**9) }}" would take a gigabyte, as "{{ 'x' * 10**9 }}" would
# (``call_binop``), "{{ [1] | batch(10**9, 0) }}" a list of a billion items, and
# "{{ x | tojson(10**9) }}" a gigabyte of spaces. (Not ``format``: the numbers it is given
# are values to print, "{{ '%d' | format(150000) }}"; it is measured as ``%`` is.)
SIZE_FILTERS = ("center", "indent", "batch", "slice", "tojson")


def _value_at(filter_function: Any) -> int:
    """Where a filter's value is among its arguments: second for a filter Jinja passes
    the environment (or context) to."""
    return 1 if getattr(filter_function, "jinja_pass_arg", None) is not None else 0


def _bounded(filter_function: Any) -> Any:
    """``filter_function`` refusing a number above the sandbox's ``range()`` cap among its
    arguments (the value it filters aside)."""
    from jinja2.sandbox import MAX_RANGE

    value_at = _value_at(filter_function)
    name = filter_function.__name__.removeprefix("do_")

    @wraps(filter_function)  # keeps jinja_pass_arg
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args[value_at + 1:], *kwargs.values()):
            if _whole(arg):
                _refuse_over(abs(arg), MAX_RANGE,
                             "the filter {} was given {}, above the limit of {limit}", name, arg)
        return filter_function(*args, **kwargs)

    return bounded


# The longest text (or list) one step of a template may make: a method's width
# ("{{ 'x'.ljust(10**9) }}"), a format's width, a replace or join that multiplies, a text
# doubled with ``~`` in a loop. The same as the ``range()`` cap; a message is a few KB.
MAX_SIZE = 100_000
# A text a template makes costs a step per this many characters (a list, a step per
# item: ``_made_size``), so that making them in a loop stops within ``MAX_STEPS``: at
# most about 100 MB a render.
CHARS_PER_STEP = 100
# The most characters one render may write: its pieces are counted before they are
# joined ("{% for i in range(10**5) %}{{ long_text }}{% endfor %}" would join gigabytes).
MAX_OUTPUT = 10_000_000
# Methods that add all of another container's items to a list or dict (or make a dict
# of them).
_GROWING = frozenset({"extend", "update", "fromkeys"})
# A list's methods that read (or move) all its items.
_SCANNING = frozenset({"index", "count", "sort", "remove", "reverse", "insert"})
# A text's methods that may make more than its length, with the most each may make
# for a character (an item, for a list: ``CHARS_PER_STEP``), charged before they run.
_GROWING_TEXT = {"encode": 10, "upper": 3, "lower": 3, "casefold": 3, "swapcase": 3,
                 "title": 3, "capitalize": 3, "hex": 3, "split": CHARS_PER_STEP,
                 "rsplit": CHARS_PER_STEP, "splitlines": CHARS_PER_STEP}
# A list's or dict's methods that return one of its items, not a new value.
_TAKING = frozenset({"get", "pop", "setdefault"})
# The filter the compiled templates pass each ``~`` and ``+`` result through, and each
# operand of ``~``.
SIZED = "cx_sized"
TEXT_OPERAND = "cx_text"
# The filter each side of a comparison that may be long passes through, and each key
# looked up in a dict or set.
SCANNED = "cx_scanned"
HASHED = "cx_hashed"
# The filter each slice passes through.
SLICED = "cx_sliced"


def _check_size(what: str, size: int) -> None:
    """Refuse a text longer than ``MAX_SIZE``; one within it is charged a step per
    ``CHARS_PER_STEP`` characters (made in a loop, such texts filled the memory)."""
    _refuse_over(size, MAX_SIZE, "{} would make a text of {} characters, above the limit "
                 "of {limit}", what, size)
    _charge(size // CHARS_PER_STEP)


def _refuse_over(size: float, limit: int, message: str, *shown: Any) -> None:
    """Refuse what would be ``size`` long (or big) when that passes ``limit``: a
    SecurityError saying ``message``, formatted with ``shown`` and the ``limit``."""
    if size > limit:
        from jinja2.exceptions import SecurityError

        raise SecurityError(message.format(*shown, limit=limit))


def _measured_concat(pieces: Iterable[str]) -> str:
    """The pieces joined, refused before they are when they come to more than
    ``MAX_OUTPUT`` characters; the text made is charged as ``_made_size`` charges it (a
    macro writing a long text, called in a loop, filled the memory)."""
    text = joined_output(pieces)
    _charge(_made_size(text))
    return text


def _sized(value: Any, operator: str) -> Any:
    """``value``, the result of ``a + b`` or ``a - b`` (or an escaped ``a ~ b``),
    refused when too long: each side was checked, so it is at most twice the limit."""
    if not isinstance(value, str | list | tuple | set | frozenset):
        return value
    _refuse_over(len(value), MAX_SIZE, "'{}' made a text or list {} long, above the limit "
                 "of {limit}", operator, len(value))
    _charge(_made_size(value))
    return value


def _made_size(value: Any) -> int:
    """The steps a new value costs: a step per ``CHARS_PER_STEP`` bytes of a text (a
    character past Latin-1 takes two, past U+FFFF four: ``_width``), a step per item of
    a list, tuple, dict or set (each item takes more memory than a character); nothing
    for another value."""
    if isinstance(value, str):
        return len(value) * _width(value) // CHARS_PER_STEP
    if isinstance(value, _TEXTS):
        return len(value) // CHARS_PER_STEP
    if isinstance(value, _CONTAINERS):
        return len(value)
    return 0


def _width(text: str) -> int:
    """The bytes each character of ``text`` takes in memory: 1 for ASCII or Latin-1, 2
    up to U+FFFF, 4 past it (read from the text's size, at once: an emoji text of ten
    million characters takes 40 MB, as a hundred million ASCII characters would)."""
    if text.isascii():
        return 1
    return min(max((sys.getsizeof(text) - _TEXT_HEADER) // (len(text) + 1), 1), 4)


# The size of a text past ASCII less its characters (and the one that ends it).
_TEXT_HEADER = sys.getsizeof("\u0100") - 2 * 2
_TEXTS = (str, bytes, bytearray)
_CONTAINERS = (list, tuple, dict, set, frozenset)
# Slices and lists of fewer items cost no step of their own: keeping one takes a loop
# turn and a call, two steps already (a message's ``fixes[:3]``).
_FEW = 10


def _sliced(context: Any, part: Any) -> Any:
    """``value[a:b]`` (the filter ``SLICED``; Jinja slices without asking the
    sandbox): the new text or list charged as it is made (``_made_size``),
    so that slices kept in a loop ("{% set _ = l.append(s[i:]) %}") stop within
    ``MAX_STEPS``."""
    if type(part) not in _FEW_TYPES or len(part) >= _FEW:
        _charge(_made_size(part))
    return part


_FEW_TYPES = frozenset({str, list, tuple})


def _scanned(value: Any, op: str) -> Any:
    """``value``, a side of a comparison (``cx_scanned`` in the compiled templates; the
    container of an ``in``), charged what comparing it may read (``_read_size``): a
    lookup in a dict or set reads one key. "{% if 'y' in c %}" on a text of ten
    million characters, in a loop, ran for minutes within the step limit."""
    kind = type(value)
    if kind is str:
        if len(value) >= CHARS_PER_STEP:
            _charge(len(value) // CHARS_PER_STEP)
    elif not (op in ("in", "notin") and kind in _LOOKED_UP) and kind not in _NUMBERS:
        _charge(_read_size(value))
    return value


def _comparing_test(test: Any) -> Any:
    """A test comparing two values (``in``, ``eq``, ``<``…), each charged what
    comparing it reads, as the operator is (``_scanned``)."""
    op = "in" if test.__name__ == "test_in" else "=="

    def comparing(value: Any, other: Any) -> bool:
        if op == "==":
            _scanned(value, op)
        else:
            _hashed(value)
        return test(value, _scanned(other, op))

    return comparing


def _hashed(key: Any) -> Any:
    """``key``, looked up in a dict or set (``cx_hashed`` in the compiled templates: the
    left side of an ``in``, a key in ``d[key]`` or ``{key: value}``; the key of a dict's
    method), charged what hashing it reads: a tuple's hash, unlike a text's, is not
    kept, and reads all it holds (``_compared``) at each lookup. "{% if t in d %}" on
    a tuple of 100,000 items, in a loop, ran for minutes within the step limit."""
    if type(key) is tuple:
        _compared(key)
    return key


def _compared(item: Any) -> Any:
    """``item``, compared with others (by ``max``, ``min`` or ``sort``) or hashed: a
    list or tuple, read an item at a time, is charged all it holds (``_read_size``),
    from ``_FEW`` steps ("[t] * 100000 | max" ran for a minute within the step limit)."""
    if type(item) in (list, tuple):
        size = _read_size(item)
        if size >= _FEW:
            _charge(size)
    return item


def _keys_hashed(items: Iterable[Any], pairs: bool) -> Iterator[Any]:
    """``items``, the keys a dict takes in (or, with ``pairs``, its (key, value)
    pairs), each key charged its hash (``_hashed``) as it is taken."""
    for item in items:
        _hashed(item[0] if pairs and type(item) in (tuple, list) and len(item) == 2
                else item)
        yield item


# Jinja's tests that compare their value with another.
_COMPARING_TESTS = ("in", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le",
                    "<=", "gt", "greaterthan", ">", "ge", ">=")


def _text_test(test: Any) -> Any:
    """The test ``lower`` or ``upper``, reading all of the value's text: the text of a
    value that is none made by ``_as_text``, and a step charged per ``CHARS_PER_STEP``
    characters."""

    def text_test(value: Any) -> bool:
        text = value if isinstance(value, str) else _as_text(value)
        return test(_scanned(text, "is"))

    return text_test


_LOOKED_UP = frozenset({dict, set, frozenset, type({}.keys()), type({}.items())})


def _read_size(value: Any) -> int:
    """The steps reading all of ``value`` takes, as comparing it to another does or
    looking for an item in it: a step per ``CHARS_PER_STEP`` characters of a text, a
    step per item of a list, tuple, range, set or dict (its values), and what its items
    take, counted again for each time an item is there (``[r] * 1000`` compared to an
    equal copy reads r a thousand times); the count stops once past the steps the
    render has left."""
    left = _STEPS_LEFT.get()
    limit = MAX_STEPS if left is None else left[0]
    size = 0
    waiting = [value]
    while waiting and size <= limit:
        item = waiting.pop()
        if isinstance(item, _TEXTS):
            size += len(item) // CHARS_PER_STEP
            continue
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, _READ):
            continue
        size += len(item)
        if isinstance(item, range) or len(item) == 0:
            continue
        kinds = set(map(type, item))
        if kinds <= _NUMBERS:  # compared one to one, at C speed: a step each
            continue
        if kinds <= {str}:
            size += sum(map(len, item)) // CHARS_PER_STEP
        else:
            waiting.extend(item)
    return size


def _concatenated(join: Any, parts: tuple) -> Any:
    """``a ~ b ~ …`` (``cx_concat`` in the compiled templates): the parts, each made a
    text (``_operand``), refused before they are joined (by ``join``, Jinja's) when
    together they pass ``MAX_SIZE``: a chain of forty parts of ten million characters
    each made 400 MB before the text was measured."""
    if not all(type(part) is str for part in parts):
        parts = tuple(part if isinstance(part, str) else str(part) for part in parts)
    size = sum(map(len, parts))
    if size > MAX_SIZE:
        _check_size("'~'", size)
    # Measured again once joined: an HTML part has the others escaped, longer.
    return _sized(join(parts), "~")


def _made(size: int) -> None:
    """Count ``size`` characters of new text the render made of a value (its text, its
    escaped text): a step per ``CHARS_PER_STEP``, and against the ``MAX_OUTPUT`` such
    texts may come to in one render, so that a list written at each turn of a loop stops
    at the limit, fast (a string already written again is only a reference)."""
    left = _STEPS_LEFT.get()
    if left is not None:
        left[1] -= size
        if left[1] < 0:
            raise TooMuchOutput
        left[0] -= size // CHARS_PER_STEP
        if left[0] < 0:
            raise TooMuchWork


def _text_left() -> int:
    """The characters of new text the render may still make (``_made``)."""
    left = _STEPS_LEFT.get()
    return MAX_OUTPUT if left is None else left[1]


def _as_text(value: Any) -> str:
    """``str(value)``, counted (``_made``); a container (a list, a dict, a namespace…)
    is refused before its text is made when its estimated length (``_text_size``)
    passes what the render may still make."""
    if isinstance(value, _containers()):
        left = _text_left()
        if _text_size(value, left) > left:
            raise TooMuchOutput
    text = str(value)
    _made(len(text))
    return text


def _written(value: Any) -> str:
    """``str(value)`` for ``{{ value }}`` when ``value`` is no text (``cx_str`` in the
    compiled templates): made by ``_as_text``; a number's text is counted only when it is
    long (a short one costs the render no more than the text around it)."""
    if type(value) in _NUMBERS:
        text = str(value)
        if len(text) >= CHARS_PER_STEP:
            _made(len(text))
        return text
    return _as_text(value)


def _escaped(escape: Any, value: Any) -> Any:
    """``escape(value)`` for ``{{ value }}`` in an HTML template (``cx_escape``, given
    Jinja's ``escape``, or None where ``{% autoescape %}`` turned it off): a long text's
    escaped copy is refused before it is made when it would pass what the render may
    still make, and counted (``_made``)."""
    if escape is None:
        return value if type(value) is str else _written(value)
    if not isinstance(value, str):
        if not hasattr(value, "__html__"):
            value = _written(value)
    elif len(value) > MAX_SIZE // 10 and _escaped_size(value) > _text_left():
        raise TooMuchOutput  # '&' is written '&amp;'
    text = escape(value)
    if len(text) >= CHARS_PER_STEP:
        _made(len(text))
    return text


def _operand(value: Any) -> Any:
    """An operand of ``a ~ b`` (the filter ``TEXT_OPERAND``) made into text, refused
    before its text is made when that would pass ``MAX_SIZE``, the limit of the text
    ``~`` makes."""
    if isinstance(value, str) or hasattr(value, "__html__"):
        return value
    if isinstance(value, _containers()):
        _refuse_over(_text_size(value, MAX_SIZE), MAX_SIZE,
                     "'~' would make a text longer than the limit of {limit}")
    return _as_text(value)


def _escaped_size(text: str) -> int:
    """The length of ``text`` HTML-escaped."""
    return (len(text) + 4 * (text.count("&") + text.count('"') + text.count("'"))
            + 3 * (text.count("<") + text.count(">")))


@lru_cache(maxsize=1)
def _containers() -> tuple[type, ...]:
    """The values whose text is made of their items' (``_text_size`` walks them)."""
    from jinja2.utils import Namespace

    return (list, tuple, dict, set, frozenset, SimpleNamespace, Namespace, *_DICT_VIEWS)


_DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))
# What ``_read_size`` reads the items of.
_READ = (list, tuple, set, frozenset, range, *_DICT_VIEWS)
_READ_TYPES = frozenset(_READ)
_NUMBERS = frozenset({int, float, bool, type(None)})


def _text_size(value: Any, limit: int) -> int:
    """A length never below that of ``str(value)`` (``repr(value)`` for an item) for a
    list, tuple, dict, set, dict view or namespace of texts, numbers and such
    containers (another item counts its repr's length), estimated from the items'
    lengths; the walk stops once it passes ``limit``."""
    walk = _Walk(limit, json=False, indent=None)
    walk.add(value, 0)
    return walk.size


def _json_size(value: Any, limit: int, indent: Any = None) -> int:
    """A length never below that of ``value`` written by ``tojson`` (JSON, with
    ``indent``), estimated as ``_text_size`` does (a value JSON cannot write counts 0:
    ``tojson`` refuses it)."""
    if indent is None:
        width = None
    elif isinstance(indent, str):
        width = len(indent)
    else:
        width = max(indent, 0) if _whole(indent) or isinstance(indent, bool) else 0
    walk = _Walk(limit, json=True, indent=width)
    walk.add(value, 0)
    return walk.size


class _Walk:
    """``_text_size`` or (``json``) ``_json_size`` walking a value: ``size`` grows with
    each item until it passes ``limit``."""

    def __init__(self, limit: int, *, json: bool, indent: int | None) -> None:
        self.limit = limit
        self.json = json
        self.indent = indent
        self.size = 0
        self.open: set[int] = set()  # the containers being walked (a list in itself)

    def add(self, value: Any, depth: int) -> None:
        if self.size > self.limit:
            return
        kind = type(value)
        if kind in _NUMBERS:
            self.size += self._number(value)
        elif isinstance(value, str):
            self.size += _json_text_size(value) if self.json else _quoted_size(value)
            if kind is not str and not self.json:
                self.size += len(kind.__name__) + 2  # Markup('...')
        elif id(value) in self.open:
            self.size += len(kind.__name__) + 50  # [...], or pprint's <Recursion on ...>
        else:
            self._container(value, kind, depth)

    def _number(self, value: Any) -> int:
        if not self.json:
            return len(repr(value))
        if value is None or isinstance(value, bool):
            return 5
        return max(len(repr(value)), 9)  # -Infinity

    def _container(self, value: Any, kind: type, depth: int) -> None:
        from jinja2.utils import Namespace

        pairs: Any = None
        items: Any = None
        before, named = 2, False
        if isinstance(value, dict) and (self.json or kind.__repr__ is dict.__repr__):
            pairs = value.items()
        elif isinstance(value, list | tuple) and (
                self.json or kind.__repr__ in (list.__repr__, tuple.__repr__)):
            items, before = value, 3  # (1,)
        elif self.json:
            return  # not JSON: tojson refuses it
        elif kind in (set, frozenset) or kind in _DICT_VIEWS:
            items, before = value, len(kind.__name__) + 4  # frozenset({1})
        elif isinstance(value, SimpleNamespace) and kind.__repr__ is SimpleNamespace.__repr__:
            pairs, before, named = vars(value).items(), len(kind.__name__) + 2, True
        elif kind is Namespace:
            pairs, before = value._Namespace__attrs.items(), 14  # <Namespace {}>
        else:
            self.size += len(repr(value))
            return
        # ", " between items, or "," and a line break and the indent of the next level.
        each = 2 if self.indent is None else 2 + self.indent * (depth + 1)
        self.size += before + (0 if self.indent is None else 1 + self.indent * depth)
        self.open.add(id(value))
        try:
            if items is not None:
                self._items(items, each, depth)
            else:
                self._pairs(pairs, each + 2, depth, named)
        finally:
            self.open.discard(id(value))

    def _items(self, items: Any, each: int, depth: int) -> None:
        if len(items) > 50 and isinstance(items, list | tuple) \
                and set(map(type, items)) == {int}:
            # range(100000) | list: its widest number for each, at C speed.
            self.size += len(items) * (each + max(len(repr(min(items))),
                                                  len(repr(max(items)))))
            return
        for item in items:
            if self.size > self.limit:
                return
            self.size += each
            self.add(item, depth + 1)

    def _pairs(self, pairs: Any, each: int, depth: int, named: bool) -> None:
        for key, item in pairs:
            if self.size > self.limit:
                return
            self.size += each
            if named:  # namespace(key=...)
                self.size += len(key)
            elif self.json and not isinstance(key, str):
                self.size += self._number(key) + 2  # {"1": ...}
            else:
                self.add(key, depth + 1)
            self.add(item, depth + 1)


def _quoted_size(text: str) -> int:
    """A length never below that of ``repr(text)``."""
    if text.isprintable():
        return len(text) + 2 + text.count("\\") + text.count("'")
    if len(text) <= MAX_SIZE:
        return len(repr(text))
    return 10 * len(text) + 2  # \U0001f600


def _json_text_size(text: str) -> int:
    """A length never below that of ``text`` as ``tojson`` writes it: ASCII only,
    with <, >, & and ' written as \\u escapes."""
    if text.isascii() and text.isprintable():
        return (len(text) + 2 + text.count('"') + text.count("\\")
                + 5 * (text.count("<") + text.count(">") + text.count("&")
                       + text.count("'")))
    if len(text) <= MAX_SIZE:
        from jinja2.utils import htmlsafe_json_dumps

        return len(htmlsafe_json_dumps(text))
    return 12 * len(text) + 2  # a surrogate pair


def _width_of(text: Any, args: tuple, kwargs: dict) -> int:
    width = args[0] if args else 0
    return width if _whole(width) else 0


def _tabs_of(text: str, args: tuple, kwargs: dict) -> int:
    size = args[0] if args else kwargs.get("tabsize", 8)
    return len(text) + text.count("\t") * size if _whole(size) else 0


def _replaced(text: str, args: tuple, kwargs: dict) -> int:
    if len(args) < 2:
        return 0
    old, new = str(args[0]), str(args[1])
    if len(new) <= len(old):
        return len(text)
    times = text.count(old) if old else len(text) + 1
    count = args[2] if len(args) > 2 else kwargs.get("count")
    if _whole(count) and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def _translated(text: str, args: tuple, kwargs: dict) -> int:
    """A length never below that of ``text.translate(table)``: each character the table
    (a dict, or a list read by position) maps to a longer text counts that much longer
    ("{120: s}" puts s for each 'x'). The table's entries are charged a step each."""
    table = args[0] if args else kwargs.get("table")
    entries = table.items() if isinstance(table, dict) else \
        enumerate(table) if isinstance(table, list | tuple) else ()
    _charge(len(table) if isinstance(table, dict | list | tuple) else 0)
    size = len(text)
    for key, into in entries:
        if isinstance(into, str) and len(into) > 1 and isinstance(key, int) \
                and 0 <= key <= 0x10FFFF:
            size += text.count(chr(key)) * (len(into) - 1)
    return size


# What ``str.splitlines`` breaks a text at ("\r\n" counts twice).
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _line_count(text: str) -> int:
    """At least the number of lines of ``text``, as ``splitlines`` finds them."""
    return 1 + sum(text.count(mark) for mark in _LINE_BREAKS)


def _indented(text: Any, args: tuple, kwargs: dict) -> int:
    """A length never below that of the filter ``indent``'s text: the text, and on each
    line but the first (unless ``first``) the indent, a number of spaces or a text
    ("{{ lines | indent(big) }}")."""
    if not isinstance(text, str):
        return 0  # indent fails on it
    width = args[0] if args else kwargs.get("width", 4)
    first = args[1] if len(args) > 1 else kwargs.get("first", False)
    indent = len(width) if isinstance(width, str) else max(width, 0) if _whole(width) else 0
    return len(text) + indent * (_line_count(text) - (not first))


def _wrapped(text: Any, args: tuple, kwargs: dict) -> int:
    """A length never below that of the filter ``wordwrap``'s text: the text, and the
    ``wrapstring`` (a line break by default) between each two of its lines. Two lines
    in a row hold more than ``width`` of the text's characters, or the second would
    have begun on the first: a paragraph of n characters wraps into at most
    2n / width + 2 lines."""
    if not isinstance(text, str):
        return 0
    width = args[0] if args else kwargs.get("width", 79)
    joint = args[2] if len(args) > 2 else kwargs.get("wrapstring")
    joint = len(joint) if isinstance(joint, str) else 2  # "\r\n" at most
    lines = 2 * len(text) // (width if _whole(width) and width > 0 else 1) \
        + 3 * _line_count(text)
    return len(text) + joint * lines


def _lengthened(text: Any, size: int) -> int:
    """``size``, the length a filter would make of ``text``, when what it adds to the
    text passes ``MAX_SIZE``; else only what it adds: a report's long table indented by
    two spaces is checked for its spaces (the table was measured when it was made)."""
    added = size - (len(text) if isinstance(text, str) else 0)
    return size if added > MAX_SIZE else added


def _joined(separator: str, items: list) -> int:
    return (len(separator) * max(len(items) - 1, 0)
            + sum(len(item) for item in items if isinstance(item, str)))


_NUMBER = re.compile(r"\d+")


def _number(digits: str) -> int:
    return int(digits) if len(digits) < 19 else 10**18


@lru_cache(maxsize=2)
def _formatter_class(escaping: bool) -> type:
    """The formatter of ``str.format`` in the sandbox (of an HTML text's, ``escaping``
    its fields), measuring the text as it is made: a field's width or precision and a
    list's text (estimated, ``_text_size``) are refused past ``MAX_SIZE`` before the
    field is written, and the whole text once what it has written passes it. A field
    written again and again ("('{0}' * 3000).format(s)") stops there, before the pieces
    are joined."""
    from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter

    class Formatter(SandboxedEscapeFormatter if escaping else SandboxedFormatter):
        def __init__(self, env: Any, name: str, **kwargs: Any) -> None:
            super().__init__(env, **kwargs)
            self.name = name  # format or format_map
            self.written = 0
            self.depth = 0  # 2 inside a field's spec ("{:>{width}}")

        def parse(self, format_string: str) -> Any:
            self.depth += 1
            try:
                for literal, *field in super().parse(format_string):
                    _charge(1)  # a field takes longer than the loop turn it is in
                    if self.depth == 1:
                        self._add(len(literal))
                    yield (literal, *field)
            finally:
                self.depth -= 1

        def convert_field(self, value: Any, conversion: Any) -> Any:
            if conversion is not None:  # "{0!r}" makes its text here
                self._check(value, "")
            return super().convert_field(value, conversion)

        def format_field(self, value: Any, format_spec: str) -> Any:
            self._check(value, format_spec)
            made = super().format_field(value, format_spec)
            if self.depth == 1:  # a spec's own fields are measured as its widths
                self._add(len(made))
            return made

        def _check(self, value: Any, format_spec: str) -> None:
            size = max(map(_number, _NUMBER.findall(format_spec)), default=0)
            if isinstance(value, _containers()):
                size += _text_size(value, MAX_SIZE)
            if size > MAX_SIZE:
                _check_size(self.name, size)

        def _add(self, size: int) -> None:
            self.written += size
            _refuse_over(self.written, MAX_SIZE,
                         "{} would make a text longer than the limit of {limit}", self.name)

    return Formatter


# A ``%`` specifier after its mapping key: flags, width, .precision (a '.' alone is 0),
# length, conversion.
_PERCENT = re.compile(r"([-#0 +]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)", re.S)
_PARENTHESES = re.compile(r"[()]")


def _specifiers(text: str) -> Iterator[tuple[Any, ...]]:
    """The ``%`` specifiers of ``text`` as Python reads them: (its length, its mapping
    key or None, flags, width, precision, conversion). A key may hold parentheses in
    pairs ("%(a(b))99999s" is a width of 99999). Each specifier is charged a step, and
    each parenthesis of a key: estimating them takes longer than formatting."""
    at = text.find("%")
    while at >= 0:
        _charge(1)
        key, end = None, at + 1
        if text.startswith("(", end):
            depth = 0
            for parenthesis in _PARENTHESES.finditer(text, end):
                _charge(1)
                depth += 1 if parenthesis[0] == "(" else -1
                if not depth:
                    key, end = text[end + 1:parenthesis.start()], parenthesis.end()
                    break
            if key is None:  # Python refuses it: an incomplete format key
                return
        match = _PERCENT.match(text, end)
        yield (match.end() - at, key, *match.groups())
        at = text.find("%", match.end())


def _percent_size(text: str, values: Any) -> int:
    """A length never below that of ``text % values``: the text around the specifiers,
    and for each its value as that conversion prints it (``_printed_size``), or its
    width when wider, plus its precision. A ``*`` takes the next value as the width; a
    key, the value of that key."""
    given = values if isinstance(values, tuple) else (values,)
    escaping = hasattr(text, "__html__")
    at = 0
    size = len(text)
    for length, key, flags, width, precision, kind in _specifiers(text):
        size -= length
        numbers = []
        for number in (width, precision):
            if number == "*":
                taken = given[at] if at < len(given) else 0
                at += 1
                numbers.append(abs(taken) if _whole(taken) else 0)
            else:
                numbers.append(_number(number) if number else 0)
        if kind == "%":
            printed = 1
        elif key is not None:
            try:
                printed = _printed_size(values[key], kind, flags)
            except Exception:  # the format fails the same way
                printed = 0
        elif at < len(given):
            printed = _printed_size(given[at], kind, flags)
            at += 1
        else:
            printed = 0
        if escaping:  # an HTML text escapes what it puts in ('"' is "&#34;")
            printed *= 5
        size += max(numbers[0], printed + numbers[1])
    return size


def _printed_size(value: Any, kind: str, flags: str) -> int:
    """A length never below that of ``value`` written by the ``%`` conversion ``kind``
    with ``flags`` (a sign, "0x"), without a width or precision: a number by its
    printed length, a list by its estimated text (``_text_size``)."""
    if kind in ("s", "r", "a"):
        if isinstance(value, str):
            if kind == "s":
                return len(value)
            quoted = _quoted_size(value) if kind == "r" or value.isascii() \
                else 10 * len(value) + 2  # ascii('😀') is '\U0001f600'
            # A Markup's repr is "Markup('...')".
            return quoted + (0 if type(value) is str else len(type(value).__name__) + 2)
        if isinstance(value, _containers()):
            return _text_size(value, MAX_SIZE) * (10 if kind == "a" else 1)
        return len(str(value) if kind == "s" else repr(value) if kind == "r" else ascii(value))
    if kind == "c":
        return 1
    # A number: its own text is short (an int's has at most 4,300 digits). A 'g' with a
    # short precision is written as an 'e' ('%.0g' % 255 is '3e+02').
    kinds = (kind, "e") if kind in ("g", "G") else (kind,)
    try:
        return max(len(f"%{flags}{each}" % value) for each in kinds)
    except Exception:  # the format fails the same way
        return 0


_METHOD_TYPES = (BuiltinMethodType, MethodType)  # a text's own methods, and Markup's
# A text's methods that make a text longer than itself, with the length each would make.
_SIZED_METHODS = {
    "ljust": _width_of, "rjust": _width_of, "center": _width_of, "zfill": _width_of,
    "expandtabs": _tabs_of, "replace": _replaced, "translate": _translated,
    "join": lambda separator, args, kwargs: _joined(separator, args[0]) if args else 0,
}


def _sized_filter(filter_function: Any, name: str, check: Any) -> Any:
    """``filter_function`` refusing a text longer than ``MAX_SIZE`` before making it;
    ``check(value, args, kwargs)`` says how long it would be."""
    at = _value_at(filter_function)

    @wraps(filter_function)  # keeps jinja_pass_arg
    def sized(*args: Any, **kwargs: Any) -> Any:
        # The value comes after the eval context Jinja passes, when it passes one.
        _check_size(f"the filter {name}", check(args[at], args[at + 1:], kwargs))
        return filter_function(*args, **kwargs)

    return sized


def _sized_join(do_join: Any) -> Any:
    """The filter ``join``, refusing a text longer than ``MAX_OUTPUT`` before it is made:
    the items' lengths are summed (an item that is not a text made into one as ``join``
    would, measured; a generator's items taken one at a time, stopping at the limit). A
    separator of more than ten characters multiplies the text: the join is refused above
    ``MAX_SIZE`` then ("{{ range(99999) | join('x' * 99999) }}"). The text made is
    charged a step per ``CHARS_PER_STEP`` characters (wide ones as ``_made_size``
    charges them); a value whose items are not all texts
    (a text itself: its characters) is read an item at a time, a step each."""
    from jinja2.filters import make_attrgetter

    @wraps(do_join)  # keeps jinja_pass_arg
    def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
        if attribute is not None:
            value = map(make_attrgetter(eval_ctx.environment, attribute), value)
        if not isinstance(d, str):
            d = _as_text(d)
        long_separator = len(d) > 10
        if long_separator and isinstance(value, list | tuple | range):
            _check_size("the filter join", _joined(d, value))  # nothing made yet
        kind = type(value)
        if isinstance(value, str) or (kind in _READ_TYPES and len(value) >= _FEW and not (
                kind in _FEW_TYPES and set(map(type, value)) <= {str})):
            # Read an item at a time (a text, a character at a time): a step each.
            _charge(len(value))
        items, size = _join_items(value, len(d), eval_ctx.autoescape)
        if long_separator:
            _check_size("the filter join", size)
        elif size >= CHARS_PER_STEP:
            _charge(size // CHARS_PER_STEP)
        made = do_join(eval_ctx, items, d)
        if size >= CHARS_PER_STEP and not made.isascii():
            # Its wide characters, for the memory they take (``_made_size``).
            _charge(_made_size(made) - len(made) // CHARS_PER_STEP)
        return made

    return join


def _join_items(value: Any, separator: int, autoescape: bool) -> tuple[Any, int]:
    """The items of ``value`` as texts, and the length of their join with a separator of
    ``separator`` characters (escaped, in an HTML template), refused past
    ``MAX_OUTPUT``. The texts of a list are counted to the end (nothing is made for
    them), a generator's items only up to the limit."""
    whole = isinstance(value, list | tuple)
    if whole and not autoescape and set(map(type, value)) <= {str}:  # at C speed
        size = sum(map(len, value)) + separator * max(len(value) - 1, 0)
        if size > MAX_OUTPUT:
            raise TooMuchOutput(size)
        return value, size
    items: list[Any] = []
    size = -separator
    for item in value:
        if type(item) is not str:
            # An imported template keeps its HTML text (Jinja's join does the same).
            item = item.__html__() if hasattr(item, "__html__") else _as_text(item)
        size += separator + (len(item) if not autoescape or hasattr(item, "__html__")
                             else _escaped_size(item))
        if size > MAX_OUTPUT and not whole:
            raise TooMuchOutput
        items.append(item)
    if size > MAX_OUTPUT:
        raise TooMuchOutput(size)
    return items, max(size, 0)


def _made_list(filter_function: Any, count: Any) -> Any:
    """``filter_function``, which makes a new list (``list``, ``sort``, ``groupby``…),
    charged a step for each item ``count`` finds in it. Kept in a loop ("{% set _ =
    l.append(s | list) %}"), they filled the memory. ``sort`` compares the items: each
    is charged what that reads (``_compared``) as it is taken, before the sort."""
    at = _value_at(filter_function)
    comparing = filter_function.__name__ == "do_sort"

    @wraps(filter_function)  # keeps jinja_pass_arg
    def made_list(*args: Any, **kwargs: Any) -> Any:
        # A list of the value's items is made first (one object a character of a text
        # that is not Latin-1: 600 MB for ten million): its items are charged before.
        value = args[at] if len(args) > at else None
        reserved = len(value) if isinstance(value, (*_TEXTS, *_READ, dict)) else 0
        if comparing:
            args = (*args[:at], map(_compared, value), *args[at + 1:])
        if reserved:
            _charge(reserved)  # then settled: what it made, less what was charged
        made = filter_function(*args, **kwargs)
        rest = (count(made) if isinstance(made, list) else 0) - reserved
        if rest:
            _charge(rest)
        return made

    return made_list


def _made_lists(filter_function: Any) -> Any:
    """``filter_function``, which makes its lists one at a time (``batch``, ``slice``),
    charged (as ``_made_list`` charges one list) for each item of each as it is made."""
    made_list = _made_list(filter_function, len)
    return wraps(filter_function)(lambda *args, **kwargs: _each(made_list(*args, **kwargs)))


def _each(lists: Iterator[list]) -> Iterator[list]:
    for made in lists:
        _charge(len(made))
        yield made


def _sorted(items: list) -> int:
    """The items of a sorted list, each compared about log2(n) times as it was sorted:
    a sort of 100,000 items takes 1.7 million comparisons."""
    return len(items) * len(items).bit_length()


def _grouped(groups: list) -> int:
    """The items of ``groupby``'s list: its groups, and the items in each, sorted first
    (``_sorted``)."""
    items = sum(len(group[1]) for group in groups)
    return len(groups) + items * items.bit_length()


# Filters that make a new list, with what counts its items (``_made_list``). ``reverse``
# makes one of a value it cannot reverse in place (a generator); ``map``, ``select``
# and the like make none: what keeps their items (``list``, a loop, ``join``) counts them.
_LIST_FILTERS = {"list": len, "sort": _sorted, "dictsort": _sorted, "groupby": _grouped,
                 "reverse": len}


def _reading(filter_function: Any) -> Any:
    """``filter_function``, which reads each item of its value (``unique``, ``map``,
    ``max``…), given the value through ``_counted``: its items are charged as a loop's
    are. "{{ s | unique | list }}" read 90,000 characters for one item, 20,000 times.
    ``unique`` looks each item up in a set: each is charged its hash (``_hashed``);
    ``max`` and ``min`` compare them: each is charged what that reads (``_compared``)."""
    each = {"do_unique": _hashed, "do_max": _compared, "do_min": _compared}.get(
        filter_function.__name__)

    @wraps(filter_function)  # keeps jinja_pass_arg
    def reading(passed: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        # ``passed``: the context or environment Jinja passes these filters.
        if type(value) not in _FEW_TYPES or len(value) >= _FEW:  # a message's few: free
            value = _counted(None, value)
        if each:
            value = map(each, value)
        return filter_function(passed, value, *args, **kwargs)

    return reading


# Filters that read every item of their value, and keep few or none of them (what is
# kept is counted as it is made).
READING_FILTERS = ("map", "select", "reject", "selectattr", "rejectattr", "unique",
                   "min", "max", "sum")


def _counted_sum(do_sum: Any) -> Any:
    """The filter ``sum``: given a list to start from, each item is added by copying the
    list so far ("[l] * 1000 | sum(start=[])" took minutes and gigabytes): each copy is
    charged its items."""
    from jinja2.filters import make_attrgetter

    @wraps(do_sum)  # keeps jinja_pass_arg
    def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if not isinstance(start, list | tuple):
            return do_sum(environment, iterable, attribute, start)
        if attribute is not None:
            iterable = map(make_attrgetter(environment, attribute), iterable)
        return do_sum(environment, _copies_charged(iterable, len(start)), start=start)

    return sum_


def _copies_charged(items: Iterable[Any], size: int) -> Iterator[Any]:
    for item in items:
        size += len(item) if isinstance(item, list | tuple) else 1
        _charge(size)
        yield item


def _sized_tojson(do_tojson: Any) -> Any:
    """The filter ``tojson``, refusing a text longer than what is left of ``MAX_OUTPUT``
    before it is made (estimated from the items: ``_json_size``)."""
    @wraps(do_tojson)  # keeps jinja_pass_arg
    def tojson(eval_ctx: Any, value: Any, indent: Any = None) -> Any:
        left = _text_left()
        spaces = eval_ctx.environment.policies["json.dumps_kwargs"].get("indent") \
            if indent is None else indent
        if _json_size(value, left, spaces) > left:
            raise TooMuchOutput
        text = do_tojson(eval_ctx, value, indent)
        _made(len(text))
        return text

    return tojson


def _pretty(value: Any) -> str:
    """The filter ``pprint`` (``pformat(value)``), measured as it is laid out: each
    repr it makes of a part is estimated first, and its text stops once past what is
    left of ``MAX_OUTPUT`` (a list under a long key is indented that much on each of its
    lines: a gigabyte from a text of a megabyte)."""
    stream = _Layout(_text_left())
    _printer_class()(stream).pprint(value)
    text = "".join(stream.pieces[:-1])  # pprint ends with a line break pformat leaves out
    _made(len(text))
    return text


class _Layout:
    """Where ``_pretty`` lays its text out: the pieces, refused past ``left``
    characters in all."""

    def __init__(self, left: int) -> None:
        self.left = left
        self.pieces: list[str] = []

    def write(self, text: str) -> None:
        self.left -= len(text)
        if self.left < 0:
            raise TooMuchOutput
        self.pieces.append(text)


@lru_cache(maxsize=1)
def _printer_class() -> type:
    from pprint import PrettyPrinter

    class Printer(PrettyPrinter):
        """pformat's printer, writing into a ``_Layout``; a part's repr (each level
        of the layout makes its own) is estimated before it is made and charged."""

        def __init__(self, stream: _Layout) -> None:
            super().__init__(stream=stream)
            self.layout = stream
            self.inside = False  # within a repr already estimated

        def format(self, object: Any, context: Any, maxlevels: Any, level: Any) -> Any:
            if self.inside:
                return super().format(object, context, maxlevels, level)
            if _text_size(object, self.layout.left) > self.layout.left:
                raise TooMuchOutput
            self.inside = True
            try:
                found = super().format(object, context, maxlevels, level)
            finally:
                self.inside = False
            _charge(len(found[0]) // CHARS_PER_STEP)
            return found

    return Printer


def _text_filter(filter_function: Any, convert: bool = True) -> Any:
    """``filter_function``, which makes a text of its value, given a value that is no
    text yet as ``_as_text`` makes it (measured; not when ``convert`` is false); the
    text it reads or makes, the longer, is charged a step per ``CHARS_PER_STEP``
    characters (what it makes, as ``_made_size`` charges it: "{{ c | wordcount }}"
    reads ten million characters and makes a number).
    A filter that may make more than it reads (``_GROWING_FILTERS``) is charged the most
    first, so that it is refused before making what the steps left cannot pay for."""
    at = _value_at(filter_function)
    grows = _GROWING_FILTERS.get(filter_function.__name__.removeprefix("do_"), 1)

    @wraps(filter_function)  # keeps jinja_pass_arg
    def text_filter(*args: Any, **kwargs: Any) -> Any:
        value = read = args[at]
        if convert and not isinstance(value, str) and not hasattr(value, "__html__"):
            read = _as_text(value)
            args = (*args[:at], read, *args[at + 1:])
        reserved = len(read) * grows * _width(read) // CHARS_PER_STEP \
            if grows > 1 and isinstance(read, str) else 0
        # (Inline, as a text method's charge: "| trim" is on the hot path.)
        if reserved:
            _charge(reserved)
        made = filter_function(*args, **kwargs)
        if made is not value:
            _charge(max(_made_size(made) if isinstance(made, str) else 0,
                        len(read) // CHARS_PER_STEP if isinstance(read, str) else 0)
                    - reserved)
        elif reserved:
            _charge(-reserved)
        return made

    return text_filter


# Text filters that may make more than the text they are given, with the most each may
# make for a character: as the text's method of the same name does ("ß" is "SS"), '"' is
# "&#34;", "😀" is "%F0%9F%98%80".
_GROWING_FILTERS = {"escape": 5, "forceescape": 5, "urlencode": 12, **{
    name: _GROWING_TEXT[name] for name in ("upper", "lower", "title", "capitalize")}}


def _number_filters() -> dict[str, Any]:
    """The filters that read a number from a text (``int``, ``float``,
    ``filesizeformat``), a text charged a step per ``CHARS_PER_STEP`` characters: "{{ c
    | int }}" reads ten million characters, twice. (Their own arguments: a wrapper
    taking any would cost a message's "| int" twice the filter.)"""
    from jinja2.filters import do_filesizeformat, do_float, do_int

    def read(value: Any) -> Any:
        if isinstance(value, _TEXTS):
            _charge(2 * len(value) // CHARS_PER_STEP)
        return value

    def int_(value: Any, default: int = 0, base: int = 10) -> int:
        return do_int(read(value), default, base)

    def float_(value: Any, default: float = 0.0) -> float:
        return do_float(read(value), default)

    def filesizeformat(value: Any, binary: bool = False) -> str:
        return do_filesizeformat(read(value), binary)

    return {"int": int_, "float": float_, "filesizeformat": filesizeformat}


# Filters that make a text of any value (``str(value)``, which for a list of long texts
# is gigabytes): "{{ items | upper }}".
TEXT_FILTERS = ("capitalize", "center", "e", "escape", "forceescape", "format", "lower",
                "replace", "safe", "string", "striptags", "title", "trim", "upper", "urlize",
                "wordcount")
# Filters that make a text too (of a text, or of a list's items): charged.
OTHER_TEXT_FILTERS = ("indent", "reverse", "truncate", "urlencode", "wordwrap", "xmlattr")


# Filters that make a text from their value, with the length they would make.
_SIZED_FILTERS = {
    "replace": lambda value, args, kwargs: _replaced(str(value), args, kwargs),
    "format": lambda value, args, kwargs: _percent_size(
        value if isinstance(value, str) else str(value), kwargs or args),
    "indent": lambda value, args, kwargs: _lengthened(value, _indented(value, args, kwargs)),
    "wordwrap": lambda value, args, kwargs: _lengthened(value, _wrapped(value, args, kwargs)),
}


def start_render() -> Any:
    """Give the render about to run in this thread the whole budget of ``MAX_STEPS``
    steps and ``MAX_OUTPUT`` characters; returns what ``end_render`` takes."""
    return _STEPS_LEFT.set([MAX_STEPS, MAX_OUTPUT])


def end_render(started: Any) -> None:
    _STEPS_LEFT.reset(started)


def joined_output(pieces: Iterable[str]) -> str:
    """A render's pieces as its text, measured before they are joined. A list is counted
    whole; a generator (a render writing as it goes) a chunk of ``_CHUNK`` pieces at a
    time, so that a loop writing the same long text again and again stops soon after it
    passes the limit, not once the render ends. A chunk holds references to texts that
    exist already, and new texts each charged as it was made (a slice, a method's text:
    ``_made_size``): no more than the step limit lets a render make."""
    taken: list[str] = []
    size = 0
    while True:
        chunk = pieces if isinstance(pieces, list) else list(islice(pieces, _CHUNK))
        size += sum(map(len, chunk))
        last = chunk is pieces or len(chunk) < _CHUNK
        if size > MAX_OUTPUT:
            # The whole size is known when all came at once (a list, a message's few
            # pieces).
            raise TooMuchOutput(size if last and not taken else None)
        if last:
            return "".join(taken + chunk if taken else chunk)
        taken += chunk


# How many of a render's pieces are taken before they are counted (``joined_output``): a
# shipped message writes under fifty.
_CHUNK = 1024
