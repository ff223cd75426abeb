"""The Jinja environment every cx template renders in (messages, replies, insert cards).

Sandboxed (templates never run code), ``StrictUndefined`` (a missing field is an error
that names the template and the field, never a silent blank), and a two-level search
path: the seller's ``templates`` folder from cx.yaml first, then the bundled templates,
so a file of the same name overrides the shipped one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from types import BuiltinMethodType, MethodType, SimpleNamespace
from typing import TYPE_CHECKING, Any

from cx_cli.errors import TemplateError
from cx_cli.resources import templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment

    from cx_cli.config import Settings

# Jinja is imported inside the functions: `cx lint` asks template_folders() for the
# search path and should not pay for Jinja to get it.

TEXT_SUFFIX = ".txt.j2"


def template_folders(settings: Settings | None) -> list[Path]:
    """Search path: the configured templates folder (if any), then the bundled one."""
    folders: list[Path] = []
    if settings is not None and settings.templates:
        own = settings.resolve(settings.templates)
        if own.exists() and not own.is_dir():
            raise TemplateError(f"templates {own} is a file, not a folder",
                                "point 'templates' in cx.yaml at the folder that holds your "
                                "templates (cx init writes one)")
        if not own.is_dir():
            raise TemplateError(f"templates folder {own} does not exist",
                                "create it (cx init writes one) or fix 'templates' in cx.yaml")
        folders.append(own)
    folders.append(templates_dir())
    return folders


@lru_cache(maxsize=256)
def _autoescape(name: str | None) -> bool:
    # HTML output (report, insert sheet) is escaped; chat text must stay as written.
    return bool(name) and ".html" in Path(name).name


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
# The steps left to the render running in this thread, counted down: [n] while
# ``render_template`` renders, None otherwise (nothing is counted then).
_STEPS_LEFT: ContextVar[list[int] | None] = ContextVar("cx_template_steps", default=None)


class TooMuchWork(Exception):
    """A render went past ``MAX_STEPS``."""

    def __init__(self) -> None:
        super().__init__(f"more than {MAX_STEPS} loop turns, calls and range() items "
                         "in one render")


class TooMuchOutput(Exception):
    """A render wrote more than ``MAX_OUTPUT`` characters."""

    def __init__(self, size: int) -> None:
        super().__init__(f"it would write {size:,} characters, more than the limit of "
                         f"{MAX_OUTPUT:,}")


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


def _sandbox_class() -> type:
    """The sandbox, reading a key of a plain dict (``eta.from_text``) without first
    trying it as an attribute and catching the AttributeError, and a field of a
    namespace (``order.buyer``) without the checks meant for methods: the same value or
    undefined, at a fraction of the cost when 100,000 messages render. A render
    (``render_template``) may take at most ``MAX_STEPS`` steps."""
    from jinja2 import Template, pass_context
    from jinja2.environment import TemplateModule
    from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
    from markupsafe import Markup

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
            for name in SIZE_FILTERS:
                self.filters[name] = _bounded(self.filters[name])
            self.filters["join"] = _sized_join(self.filters["join"])
            self.filters[SIZED] = _sized
            # Taking the context keeps Jinja from running them once, when it compiles a
            # loop over a constant list, instead of at each render.
            self.filters[COUNT_ITEMS] = pass_context(_counted)
            self.filters[COUNT_STEP] = pass_context(_one_step)
            self.globals["range"] = _counted_range(self.globals["range"])
            self.globals["lipsum"] = _counted_lipsum(self.globals["lipsum"])

        def is_safe_callable(self, obj: Any) -> bool:
            # Asked before every call a template makes: a call is a step.
            _charge(1)
            return super().is_safe_callable(obj)

        def call(__self, __context: Any, __obj: Any, *args: Any,
                 **kwargs: Any) -> Any:
            # A list or dict that takes in another's items (``l.extend(l)`` in a loop
            # doubles it each turn) is charged those items.
            if (args and getattr(__obj, "__name__", None) in _GROWING
                    and type(getattr(__obj, "__self__", None)) in (list, dict)):
                args = (_counted(None, args[0]), *args[1:])
            return super().call(__context, __obj, *args, **kwargs)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            from jinja2.exceptions import SecurityError

            if operator == "*":
                for items, times in ((left, right), (right, left)):
                    if isinstance(items, str | list | tuple) and _whole(times):
                        size = len(items) * times
                        if size > MAX_RANGE:
                            raise SecurityError(f"a text or list repeated to more than "
                                                f"{MAX_RANGE} items")
                        _charge(max(size, 0))
            elif operator == "%":
                if isinstance(left, str):
                    _check_size("the % format", _percent_width(left, right))
            elif (_whole(left) and _whole(right) and abs(left) > 1
                  and right * math.log10(abs(left)) > MAX_POWER_DIGITS):
                raise SecurityError(f"a power of more than {MAX_POWER_DIGITS} digits")
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
            # that make a longer text check the length they would make first. Asked of
            # ``loop.index`` too: a value that is no method returns at once, as in Jinja.
            if type(value) not in _METHOD_TYPES:
                return None
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

    return Sandbox


def _counting_generator() -> type:
    """Jinja's code generator, compiling every ``for`` with its iterable passed through
    ``COUNT_ITEMS``, or, for a recursive loop (whose ``loop(children)`` calls pass their
    own iterables), with ``COUNT_STEP`` at the start of each turn; and every ``a ~ b`` and
    ``a + b`` with its result passed through ``SIZED`` (doubling a text in a loop)."""
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.visitor import NodeTransformer

    class SizeChecks(NodeTransformer):
        def visit_Concat(self, node: Any) -> Any:
            return nodes.Filter(self.generic_visit(node), SIZED, [nodes.Const("~")], [],
                                None, None, lineno=node.lineno)

        def visit_Add(self, node: Any) -> Any:
            return nodes.Filter(self.generic_visit(node), SIZED, [nodes.Const("+")], [],
                                None, None, lineno=node.lineno)

    class CountingGenerator(CodeGenerator):
        def visit_Template(self, node: Any, frame: Any = None) -> None:
            # Before Jinja looks up the filters the template uses.
            SizeChecks().visit(node)
            for loop in node.find_all(nodes.For):
                if loop.recursive:
                    step = nodes.Filter(nodes.Const(None), COUNT_STEP, [], [], None, None,
                                        lineno=loop.lineno)
                    loop.body = [nodes.ExprStmt(step, lineno=loop.lineno), *loop.body]
                else:
                    loop.iter = nodes.Filter(loop.iter, COUNT_ITEMS, [], [], None, None,
                                             lineno=loop.iter.lineno)
            super().visit_Template(node, frame)

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


def make_environment(settings: Settings | None = None) -> Environment:
    """The sandboxed environment with the seller's folder searched before the bundled one."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    loader = ChoiceLoader([FileSystemLoader(str(f)) for f in template_folders(settings)])
    return _sandbox_class()(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# Filters that take a width or a count and make a text or list that long:
# "{{ x | center(10**9) }}" would take a gigabyte, as "{{ 'x' * 10**9 }}" would
# (``call_binop``), and "{{ [1] | batch(10**9, 0) }}" a list of a billion items.
SIZE_FILTERS = ("center", "indent", "format", "batch", "slice")


def _bounded(filter_function: Any) -> Any:
    """``filter_function`` refusing a number above the sandbox's ``range()`` cap among its
    arguments (the value it filters aside)."""
    import functools

    from jinja2.sandbox import MAX_RANGE

    # A filter Jinja passes the environment (or context) to takes the value second.
    value_at = 1 if getattr(filter_function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(filter_function)  # keeps jinja_pass_arg
    def bounded(*args: Any, **kwargs: Any) -> Any:
        from jinja2.exceptions import SecurityError

        for arg in (*args[value_at + 1:], *kwargs.values()):
            if _whole(arg) and abs(arg) > MAX_RANGE:
                raise SecurityError(f"the filter {filter_function.__name__.removeprefix('do_')} "
                                    f"was given {arg}, above the limit of {MAX_RANGE}")
        return filter_function(*args, **kwargs)

    return bounded


# The longest text (or list) one step of a template may make: a method's width
# ("{{ 'x'.ljust(10**9) }}"), a format's width, a replace or join that multiplies, a text
# doubled with ``~`` in a loop. The same as the ``range()`` cap; a message is a few KB.
MAX_SIZE = 100_000
# A text (or list) a template makes costs a step per this many characters (items), so
# that making them in a loop stops within ``MAX_STEPS``: at most about 100 MB a render.
CHARS_PER_STEP = 100
# The most characters one render may write: its pieces are counted before they are
# joined ("{% for i in range(10**5) %}{{ long_text }}{% endfor %}" would join gigabytes).
MAX_OUTPUT = 10_000_000
# Methods that add all of another container's items to a list or dict.
_GROWING = frozenset({"extend", "update"})
# The filter the compiled templates pass each ``~`` and ``+`` result through.
SIZED = "cx_sized"


def _check_size(what: str, size: int) -> None:
    """Refuse a text longer than ``MAX_SIZE``; one within it is charged a step per
    ``CHARS_PER_STEP`` characters (made in a loop, such texts filled the memory)."""
    if size > MAX_SIZE:
        from jinja2.exceptions import SecurityError

        raise SecurityError(f"{what} would make a text of {size} characters, above the "
                            f"limit of {MAX_SIZE}")
    _charge(size // CHARS_PER_STEP)


def _measured_concat(pieces: Iterable[str]) -> str:
    """The pieces joined, refused before they are when they come to more than
    ``MAX_OUTPUT`` characters; the text made is charged a step per ``CHARS_PER_STEP``
    characters (a macro writing a long text, called in a loop, filled the memory)."""
    if not isinstance(pieces, list):
        pieces = list(pieces)
    size = sum(map(len, pieces))
    if size > MAX_OUTPUT:
        raise TooMuchOutput(size)
    _charge(size // CHARS_PER_STEP)
    return "".join(pieces)


def _sized(value: Any, operator: str) -> Any:
    """``value``, the result of ``a ~ b`` or ``a + b``, refused when too long: each side
    was checked, so it is at most twice the limit."""
    if not isinstance(value, str | list | tuple):
        return value
    if len(value) > MAX_SIZE:
        from jinja2.exceptions import SecurityError

        raise SecurityError(f"'{operator}' made a text or list {len(value)} long, above "
                            f"the limit of {MAX_SIZE}")
    _charge(len(value) // CHARS_PER_STEP)
    return value


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


def _joined(separator: str, items: list) -> int:
    return (len(separator) * max(len(items) - 1, 0)
            + sum(len(item) for item in items if isinstance(item, str)))


_NUMBER = re.compile(r"\d+")


def _number(digits: str) -> int:
    return int(digits) if len(digits) < 19 else 10**18


def _format_width(text: str, args: tuple, kwargs: dict) -> int:
    """The widest width or precision in the fields of ``text.format(*args, **kwargs)``;
    one given by an argument (``'{:>{}}'``) is taken as the largest whole argument."""
    import _string

    widest = 0
    for _, _, spec, _ in _string.formatter_parser(text):
        if not spec:
            continue
        if "{" in spec:
            given = [*args, *kwargs.values()]
            given += [v for a in args if isinstance(a, Mapping) for v in a.values()]
            widest = max(widest, *(abs(v) for v in given if _whole(v)), 0)
        widest = max(widest, *map(_number, _NUMBER.findall(spec)), 0)
    return widest


_PERCENT = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _percent_width(text: str, values: Any) -> int:
    """The widest width or precision in the ``%`` specifiers of ``text % values``; a
    ``*`` takes the largest whole value."""
    widest = 0
    for match in _PERCENT.finditer(text):
        for width in match.groups():
            if width == "*":
                given = values if isinstance(values, tuple) else (values,)
                widest = max(widest, *(abs(v) for v in given if _whole(v)), 0)
            elif width:
                widest = max(widest, _number(width))
    return widest


_METHOD_TYPES = (BuiltinMethodType, MethodType)  # a text's own methods, and Markup's
# A text's methods that make a text longer than itself, with the length each would make.
_SIZED_METHODS = {
    "ljust": _width_of, "rjust": _width_of, "center": _width_of, "zfill": _width_of,
    "expandtabs": _tabs_of, "replace": _replaced, "format": _format_width,
    "format_map": _format_width,
    "join": lambda separator, args, kwargs: _joined(separator, args[0]) if args else 0,
}


def _sized_filter(filter_function: Any, name: str, check: Any) -> Any:
    """``filter_function`` refusing a text longer than ``MAX_SIZE`` before making it;
    ``check(value, args, kwargs)`` says how long it would be."""
    import functools

    at = 1 if getattr(filter_function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(filter_function)  # keeps jinja_pass_arg
    def sized(*args: Any, **kwargs: Any) -> Any:
        # The value comes after the eval context Jinja passes, when it passes one.
        _check_size(f"the filter {name}", check(args[at], args[at + 1:], kwargs))
        return filter_function(*args, **kwargs)

    return sized


def _sized_join(do_join: Any) -> Any:
    """The filter ``join``, refusing a separator long enough to multiply the text
    ("{{ range(99999) | join('x' * 99999) }}"). A separator of at most ten characters is
    not checked (a message joins a few names with ", "): a join renders in every message,
    and the items come from a list the sandbox caps."""
    import functools

    @functools.wraps(do_join)  # keeps jinja_pass_arg
    def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
        if isinstance(d, str) and len(d) > 10:
            value = list(value)
            _check_size("the filter join", _joined(d, value))
        return do_join(eval_ctx, value, d, attribute)

    return join


# Filters that make a text from their value, with the length they would make.
_SIZED_FILTERS = {
    "replace": lambda value, args, kwargs: _replaced(str(value), args, kwargs),
    "format": lambda value, args, kwargs: _percent_width(str(value), kwargs or args),
}


def template_exists(env: Environment, name: str) -> bool:
    from jinja2 import TemplateNotFound

    assert env.loader is not None
    try:
        env.loader.get_source(env, name)
    except TemplateNotFound:
        return False
    except UnicodeDecodeError:
        raise _not_utf8(env, name) from None
    return True


def template_allows(env: Environment, name: str) -> frozenset[str]:
    """The lint codes a ``cx: allow CODE`` comment anywhere in template ``name`` allows.

    Jinja drops ``{# #}`` comments when it renders, so the lint of a rendered message
    cannot see them: its findings of these codes are left out instead, for every
    message of the template (the template's author approved that text).
    """
    from cx_cli.engines.lint import suppressions

    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    return frozenset(code for codes in suppressions(source).values() for code in codes)


def _not_utf8(env: Environment, name: str) -> TemplateError:
    """A template saved in another encoding (Notepad's cp1252): named, with the fix."""
    where = name
    for loader in getattr(env.loader, "loaders", [env.loader]):
        found = [Path(p) / name for p in getattr(loader, "searchpath", [])
                 if (Path(p) / name).is_file()]
        if found:
            where = str(found[0])
            break
    return TemplateError(f"template {where} is not UTF-8 text",
                         "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)")


def _locales(locale: str | None) -> list[str]:
    if not locale:
        return []
    loc = locale.replace("_", "-").strip()
    lang = loc.split("-")[0].lower()
    return list(dict.fromkeys([loc, lang]))


def find_template(env: Environment, base: str, *, category: str | None = None,
                  locale: str | None = None, suffix: str = TEXT_SUFFIX) -> str:
    """The most specific existing template for ``base`` (e.g. ``review_request``).

    Tried in order: ``base.<category>.<locale>``, ``base.<category>``, ``base.<locale>``,
    ``base`` — each with ``suffix`` (``.txt.j2``). A locale like ``es-MX`` also tries ``es``.
    """
    candidates: list[str] = []
    locales = _locales(locale)
    if category:
        candidates += [f"{base}.{category}.{loc}" for loc in locales]
        candidates.append(f"{base}.{category}")
    candidates += [f"{base}.{loc}" for loc in locales]
    candidates.append(base)
    for stem in candidates:
        name = stem + suffix
        if template_exists(env, name):
            return name
    tried = ", ".join(c + suffix for c in candidates)
    raise TemplateError(f"no template {base}{suffix} (looked for {tried})",
                        "add it to your templates folder or check the name")


def readable_template(env: Environment, base: str, *, category: str | None = None,
                      locale: str | None = None) -> str:
    """``find_template``, but the buyer must be able to read it: a variant in their
    language beats an English one for their product type (``review_request.es`` over
    ``review_request.device`` for a Spanish-speaking buyer of a device)."""
    name = find_template(env, base, category=category, locale=locale)
    lang = (_locales(locale) or [""])[-1]
    if lang and f".{lang}." not in name.lower():
        by_language = find_template(env, base, locale=locale)
        if f".{lang}." in by_language.lower():
            return by_language
    return name


def render(env: Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render a template; every failure is a TemplateError naming the template."""
    return render_template(env, load_template(env, name), context)


def load_template(env: Environment, name: str) -> Any:
    """The compiled template ``name``; a missing or broken one is a TemplateError.

    Jinja checks the file on every ``get_template``: a caller rendering the same
    template thousands of times loads it once with this and renders it with
    ``render_template``.
    """
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    try:
        template = env.get_template(name)
    except TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name or name} not found",
                            "check the name, or the templates folder in cx.yaml") from None
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template {name} line {exc.lineno}: {exc.message}",
                            "fix the Jinja syntax in the template") from None
    except UnicodeDecodeError:
        raise _not_utf8(env, name) from None
    # Jinja chains the template's globals to the environment's (a ChainMap, walked in
    # Python for every render); cx never changes globals once a template is loaded.
    template.globals = dict(template.globals)
    return template


def render_template(env: Environment, template: Any, context: Mapping[str, Any]) -> str:
    """Render a template from ``load_template``; every failure is a TemplateError, and
    a render that takes more than ``MAX_STEPS`` steps is one (templates it includes or
    imports take theirs from the same)."""
    budget = _STEPS_LEFT.set([MAX_STEPS])
    try:
        # What ``template.render(context)`` does, with the pieces measured before
        # they are joined.
        try:
            pieces = list(template.root_render_func(template.new_context(context)))
        except Exception:
            env.handle_exception()  # raises it again, its traceback in template lines
        size = sum(map(len, pieces))
        if size > MAX_OUTPUT:
            raise TooMuchOutput(size)
        return "".join(pieces)
    except TemplateError:
        raise
    except Exception as exc:
        raise _render_error(env, template, context, exc) from None
    finally:
        _STEPS_LEFT.reset(budget)


def _render_error(env: Environment, template: Any, context: Mapping[str, Any],
                  exc: Exception) -> TemplateError:
    """What went wrong, said in the seller's terms (Jinja's classes are imported only
    here: a day's 100,000 renders should not pay for an import each)."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    name = template.name
    line = _template_line(exc, template.filename)
    where = f" line {line}" if line else ""
    if isinstance(exc, TooMuchOutput):
        return TemplateError(f"template {name} writes too much: {exc}",
                             "look for a loop that writes a long text or list many times")
    if isinstance(exc, TooMuchWork):
        return TemplateError(f"template {name}{where} tried something the sandbox forbids: "
                             f"{exc}",
                             "look for a loop inside a loop over a big range() or list, or "
                             "a macro that calls itself")
    if isinstance(exc, UndefinedError):
        field = _missing_field(env, template, str(exc.message or exc))
        return TemplateError(
            f"template {name}{where} uses '{field}' which is not available; add it to the "
            "catalog or edit the template",
            "fields available: " + ", ".join(sorted(context)) if context else None)
    if isinstance(exc, SecurityError):
        return TemplateError(f"template {name} tried something the sandbox forbids: {exc}",
                             "templates may only read the fields they are given")
    if isinstance(exc, TemplateSyntaxError):  # an included template
        return TemplateError(f"template {exc.name or name} line {exc.lineno}: {exc.message}")
    # A filter or test failing on a value from the data.
    return TemplateError(f"template {name}{where} failed: {type(exc).__name__}: {exc}")


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    """The template line an exception came from (Jinja rewrites its traceback for this)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _missing_field(env: Environment, template: Any, message: str) -> str:
    """'product.fixes' from "'…Product object' has no attribute 'fixes'" and the source."""
    import re

    from jinja2 import nodes

    m = re.search(r"has no attribute '([^']+)'", message) or \
        re.search(r"no element '?([^']+?)'?$", message)
    if m is None:
        m = re.search(r"'([^']+)' is undefined", message)
        return m.group(1) if m else message
    attr = m.group(1)
    try:
        source = env.loader.get_source(env, template.name)[0] if env.loader else ""
        tree = env.parse(source)
    except Exception:
        return attr
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if key == attr:
            dotted = _dotted(node)
            if dotted:
                return dotted
    return attr


def _dotted(node: Any) -> str | None:
    from jinja2 import nodes

    parts: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        else:
            value = getattr(node.arg, "value", None)
            if not isinstance(value, str | int):
                return None
            parts.append(str(value))
        node = node.node
    if isinstance(node, nodes.Name):
        parts.append(node.name)
        return ".".join(reversed(parts))
    return None
