"""The message environment's shortcuts (a plain dict's keys and a namespace's fields
read directly, templates loaded once with flat globals) render and fail exactly as
Jinja's own sandbox does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cx_cli.engines.message_context import Fields
from cx_cli.render.sandbox import sandbox_class
from cx_cli.render.templating import load_template, render_template

TEMPLATES = {
    "keys.txt.j2": "{{ eta.from_text }} {{ eta['to_text'] }} {{ shop.name|upper }}",
    "methods.txt.j2": "{% for k, v in eta.items() %}{{ k }}={{ v }};{% endfor %}"
                      "{{ eta.get('nope', 'd') }} {{ eta.keys()|list|length }}",
    "shadow.txt.j2": "{{ d.items is defined }} {{ d.copy is defined }} "
                     "{{ d.values is callable }} {{ d['values'] }}",
    "loop.txt.j2": "{% for i in items %}{{ loop.index }}. {{ i.name }}{% if i.q > 1 %} x"
                   "{{ i.q }}{% endif %}\n{% endfor %}{{ range(3)|list }} {{ ns.x }}",
    "missing.txt.j2": "{{ eta.nope }}",
    "missing_or.txt.j2": "{{ eta.nope or 'fallback' }}",
    "dunder.txt.j2": "{{ eta.__class__ }}",
    "dunder2.txt.j2": "{{ eta.__class__.__mro__ }}",
    "update.txt.j2": "{{ eta.update({'x': 1}) }}{{ eta.x }}",
    "str_format.txt.j2": "{{ shop.name.format(1) }}",
    "fields.txt.j2": "{{ order.buyer }} {{ order.items|length }} {{ order['buyer'] }} "
                     "{{ order.carrier or 'none' }} {{ order.nope is defined }}",
    "fields_missing.txt.j2": "{{ order.nope }}",
    "fields_private.txt.j2": "{{ order._secret }}",
    "fields_dunder.txt.j2": "{{ order.__dict__ }}",
    "fields_class.txt.j2": "{{ order.__class__.__init__.__globals__ }}",
    "fields_property.txt.j2": "{{ masked.buyer }}",
    "fields_hidden.txt.j2": "{{ hiding.buyer }} {{ hiding.secret }}",
    "format_fields.txt.j2": "{{ '{0.name}|{0[name]}|{a!r:>6}'.format(shop, a='x') }}"
                            "{{ '{name}'.format_map(shop) }}{{ ('<{}>' | safe).format('&') }}",
    "format_numbering.txt.j2": "{{ '{}{1}'.format(1, 2) }}",
    "format_map_args.txt.j2": "{{ '{a}'.format_map({'a': 1}, 2) }}",
    "format_private.txt.j2": "{{ '{0.__class__}'.format(shop) }}",
    "made.txt.j2": "{{ shop.name[1:] }} {{ items[::-1] | map(attribute='name') | list }} "
                   "{{ shop.name.upper().split('C') }} {{ 'b,a'.encode() }} {{ [3, 1] | sort }} "
                   "{{ 'abca' | unique | list }} {{ cycler(*'ab').next() }} "
                   "{{ dict(**eta) | length }} {{ {}.fromkeys('ab') }} {{ dict.fromkeys([1]) }} "
                   "{{ [[1], [2]] | sum(start=[]) }} {{ 'xyz' | batch(2) | list }} "
                   "{{ items | groupby('q') | list | length }} {{ 'a' ~ 1 ~ none ~ [2] }} "
                   "{{ 5 - 2.5 }} {{ (eta.keys() - ['items']) | length }}",
    "compared.txt.j2": "{{ 'c' in shop.name }} {{ 'z' not in shop.name }} {{ 2 in [1, 2] }} "
                       "{{ 'a' in eta }} {{ 3 in eta.values() }} {{ [1] == [1] }} "
                       "{{ items < items }} {{ 1 < 2 < 3 }} {{ shop.name is in('xAcme') }} "
                       "{{ [1, 2] is eq([1, 2]) }} {{ 'ab' is lower }} {{ [1] is upper }} "
                       "{{ [3, 1, 2].index(2) }} {{ (1, 1).count(1) }} {{ 'x y' | wordcount }} "
                       "{{ '12' | int }} {{ '1.5' | float }} {{ 'abc' | join('-') }} "
                       "{{ 'ß'.upper() }} {{ 'Straße' | upper }} {{ 'a b'.split() }} "
                       "{{ 'ab' | list }} {{ '<&>' | e }} {{ 'é' | urlencode }} "
                       "{{ 'abc' | batch(2) | list }} {{ [2, 1] | sort }}",
    "made_html.txt.j2": "{% autoescape true %}{{ ('<b>' | safe) ~ '<i>' ~ 2 }}"
                        "{{ '<i>' ~ '&' }}{% endautoescape %}",
}
class _Masked(SimpleNamespace):
    """A namespace whose property stands in front of its field."""

    @property
    def buyer(self):
        return "REDACTED"


class _Hiding(SimpleNamespace):
    def __getattribute__(self, name):
        if name == "secret":
            raise AttributeError(name)
        return super().__getattribute__(name)


CONTEXT = {"eta": {"from_text": "Thu, Nov 12", "to_text": "Mon, Nov 16", "items": 3},
           "shop": {"name": "Acme"}, "d": {"items": "own", "values": "v"},
           "items": [{"name": "Soap", "q": 2}, {"name": "Tee", "q": 1}],
           "ns": type("NS", (), {"x": 5})(),
           "order": Fields(buyer="Ann", items=[1, 2], carrier=None, _secret="s"),
           "masked": _Masked(buyer="Ann Real"), "hiding": _Hiding(buyer="Ann", secret="s3")}


def environment(cls):
    return cls(loader=DictLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True,
               lstrip_blocks=True, keep_trailing_newline=True)


def outcome(render):
    try:
        return "ok", render()
    except Exception as exc:  # the same failure, the same message
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_renders_and_fails_as_the_jinja_sandbox(name):
    plain = environment(SandboxedEnvironment)
    fast = environment(sandbox_class())
    want = outcome(lambda: plain.get_template(name).render(
        **{k: (dict(v) if isinstance(v, dict) else v) for k, v in CONTEXT.items()}))
    got = outcome(lambda: load_template(fast, name).render(
        **{k: (dict(v) if isinstance(v, dict) else v) for k, v in CONTEXT.items()}))
    assert got == want


def test_a_loaded_template_renders_again_and_names_a_missing_field():
    from cx_cli.errors import TemplateError

    env = environment(sandbox_class())
    template = load_template(env, "keys.txt.j2")
    assert [render_template(env, template, CONTEXT) for _ in range(2)] == \
        ["Thu, Nov 12 Mon, Nov 16 ACME"] * 2
    with pytest.raises(TemplateError, match=r"missing\.txt\.j2"):
        render_template(env, load_template(env, "missing.txt.j2"), CONTEXT)


@pytest.mark.parametrize(("source", "forbidden"), [
    ("{{ 'x' * 10**9 }}", "a text or list repeated to more than 100000 items"),
    ("{{ 10**9 * 'x' }}", "a text or list repeated to more than 100000 items"),
    ("{{ [0] * 10**8 }}", "a text or list repeated to more than 100000 items"),
    ("{% set n = 7 %}{{ n ** 100000000 }}", "a power of more than 4300 digits"),
    ("{{ 'x' | center(10**9) }}", "the filter center was given 1000000000, above the limit "
     "of 100000"),
    ("{{ 'a' | indent(width=10**9) }}", "the filter indent was given 1000000000, above the "
     "limit of 100000"),
    ("{{ [1] | batch(10**9, 0) | list }}", "the filter batch was given 1000000000, above the "
     "limit of 100000"),
])
def test_a_template_cannot_take_the_machine_s_memory_or_hours(source, forbidden):
    """The sandbox caps range() only: a gigabyte of text, or a power with a hundred
    million digits (hours of arithmetic), rendered before the message did."""
    from cx_cli.errors import TemplateError

    env = sandbox_class()(loader=DictLoader({"big.txt.j2": source}),
                           undefined=StrictUndefined)
    with pytest.raises(TemplateError) as caught:
        render_template(env, load_template(env, "big.txt.j2"), {})
    assert caught.value.message == ("template big.txt.j2 tried something the sandbox "
                                    f"forbids: {forbidden}")


def test_ordinary_products_and_powers_still_render():
    env = sandbox_class()(loader=DictLoader({"ok.txt.j2": (
        "{{ 'ab' * 3 }} {{ [1] * 2 }} {{ 3 * 4 }} {{ 2 ** 10 }} {{ 1.5 ** 2 }} {{ 2 ** -1 }} "
        "{{ (-1) ** 10**9 }} {{ (10 ** 4000) > 1 }} {{ '-' * 40 }}|{{ 'x' | center(5) }}|"
        "{{ '%03d' | format(7) }} {{ [1, 2, 3] | batch(2, 0) | list }} "
        "{{ 'a b' | wordwrap(10**9) }}")}),
        undefined=StrictUndefined)
    assert render_template(env, load_template(env, "ok.txt.j2"), {}) == \
        "ababab [1, 1] 12 1024 2.25 0.5 1 True " + "-" * 40 + "|  x  |007 [[1, 2], [3, 0]] a b"


LONG = "would make a text of {} characters, above the limit of 100000"


@pytest.mark.parametrize(("source", "forbidden"), [
    ("{{ 'x'.ljust(999999999) }}", "ljust " + LONG.format(999999999)),
    ("{{ 'x'.rjust(999999999) }}", "rjust " + LONG.format(999999999)),
    ("{{ 'x'.center(999999999) }}", "center " + LONG.format(999999999)),
    ("{{ 'x'['zfill'](999999999) }}", "zfill " + LONG.format(999999999)),
    ("{{ ('\t' * 99999).expandtabs(99999) }}", "expandtabs " + LONG.format(9999900000)),
    ("{{ '{:>999999999}'.format(1) }}", "format " + LONG.format(999999999)),
    ("{{ '{:.999999999f}'.format(1.5) }}", "format " + LONG.format(999999999)),
    ("{{ '{:>{w}}'.format(1, w=999999999) }}", "format " + LONG.format(999999999)),
    ("{{ '{x:>999999999}'.format_map({'x': 1}) }}", "format_map " + LONG.format(999999999)),
    ("{{ '%999999999d' % 1 }}", "the % format " + LONG.format(999999999)),
    ("{{ '%*d' % (999999999, 1) }}", "the % format " + LONG.format(999999999)),
    ("{{ '%999999999d' | format(1) }}", "the filter format " + LONG.format(999999999)),
    ("{{ '%*d' | format(999999999, 1) }}", "the filter format " + LONG.format(999999999)),
    ("{{ '%.*f' % (999999999, 1.5) }}", "the % format " + LONG.format(1000000007)),
    ("{% set s = 'x' * 99999 %}{{ s | replace('x', s) }}",
     "the filter replace " + LONG.format(9999800001)),
    ("{% set s = 'x' * 99999 %}{{ s.replace('x', s) }}", "replace " + LONG.format(9999800001)),
    ("{% set s = 'x' * 99999 %}{{ s.translate({120: s}) }}",
     "translate " + LONG.format(9999800001)),
    ("{% set s = 'x' * 99999 %}{{ s.translate([''] * 120 + [s]) }}",
     "translate " + LONG.format(9999800001)),
    ("{{ range(99999) | join('x' * 99999) }}", "the filter join " + LONG.format(9999700002)),
    ("{{ ('x' * 99999).join(['a'] * 99999) }}", "join " + LONG.format(9999800001)),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
     "{% endfor %}", "'~' " + LONG.format(131072)),
    ("{% set ns = namespace(s=[1]) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
     "{% endfor %}", "'+' made a text or list 131072 long, above the limit of 100000"),
])
def test_one_value_cannot_take_the_machine_s_memory(source, forbidden):
    """Each took gigabytes in under a second: a width, a format, a replace or join that
    multiplies, a text doubled in a loop. Refused before it is made (or, for '~' and '+',
    at twice the limit), fast."""
    import time

    from cx_cli.errors import TemplateError

    env = sandbox_class()(loader=DictLoader({"big.txt.j2": source}),
                           undefined=StrictUndefined)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        render_template(env, load_template(env, "big.txt.j2"), {})
    assert time.perf_counter() - started < 2
    assert caught.value.message == ("template big.txt.j2 tried something the sandbox "
                                    f"forbids: {forbidden}")


# A text of 100,000 characters, written 1,000 times by one format: 100 MB.
HUGE_TEXT = "{% set s = 'x' * 100000 %}"


@pytest.mark.parametrize(("source", "message"), [
    ("{{ ('{0}' * 1000).format(s) }}", "format would make a text longer than the limit"),
    ("{{ ('{a}' * 1000).format(a=s) }}", "format would make a text longer than the limit"),
    ("{{ ('{a}' * 1000).format_map({'a': s}) }}",
     "format_map would make a text longer than the limit"),
    ("{{ ('{0!r}' * 1000).format(s) }}", "format would make a text longer than the limit"),
    ("{{ ('{0[a]}' * 1000).format({'a': s}) }}", "format would make a text longer than the limit"),
    ("{{ (('{0}' * 1000) | safe).format(s) }}",
     "format would make a text longer than the limit"),
    ("{{ ('%s' * 1000) % ((s,) * 1000) }}", "the % format " + LONG.format(100000000)),
    ("{{ ('%(a)s' * 1000) % {'a': s} }}", "the % format " + LONG.format(100000000)),
    ("{{ ('%(a)s' * 1000) | format(a=s) }}", "the filter format " + LONG.format(100000000)),
    # A width after a key with parentheses in it; a precision of no digits (0), which
    # prints a number whole.
    ("{{ ('%(a(b))99999s' * 1000) % {'a(b)': 1} }}", "the % format " + LONG.format(99999000)),
    ("{{ ('%.f' * 1000) % ((1e300,) * 1000) }}", "the % format " + LONG.format(308000)),
    # An indent or a wrap string on each line: a text, or spaces.
    ("{{ ('a\n' * 1000) | indent(s) }}", "the filter indent " + LONG.format(100002000)),
    ("{{ ('a\n' * 1000) | indent(99999, true) }}",
     "the filter indent " + LONG.format(100100999)),
    ("{{ ('a ' * 1000) | wordwrap(1, wrapstring=s) }}", "the filter wordwrap would make"),
    ("{{ ('a ' * 1000) | wordwrap(1, true, s) }}", "the filter wordwrap would make"),
])
def test_a_text_written_again_and_again_by_one_call_is_refused_before_it_is_made(source,
                                                                                  message):
    """A format whose fields repeat one long text, an indent that is a long text (or
    many spaces) on each of many lines, a long wrap string between many lines: each made
    100 MB, and stops now before the pieces are put together."""
    from cx_cli.render.sandbox import MAX_OUTPUT

    got, took, peak = _refused(HUGE_TEXT + source)
    assert peak < MAX_OUTPUT
    assert took < 1
    assert "tried something the sandbox forbids: " + message in got


def test_numbers_are_formatted_by_their_printed_length_not_their_value():
    """150000 is six characters, not a width of 150,000: these were refused."""
    source = ("{{ '%d' | format(150000) }}|{{ '%(n)d items' | format(n=150000) }}|"
              "{{ '%*d' % (8, 150000) }}|{{ '{:>{}}'.format(150000, 8) }}|{{ '%d' % 150000 }}|"
              "{{ '{0:,}'.format(10**20) }}|{{ '%.2f' % 150000.5 }}|{{ '%5s|%-4x' % (1, 255) }}|"
              "{{ ('{0}-' * 3).format('ab') }}|{{ '{a}{a}'.format_map({'a': 'x'}) }}|"
              "{{ '%s %r %a %c %%' % ([1, 'é'], 'é', 'é', 65) }}|{{ ('%s' | safe) % '<' }}|"
              "{{ 'a\nb' | indent(2) }}|{{ 'a\n\nb' | indent('> ', first=true) }}|"
              "{{ 'aa bb cc' | wordwrap(2, wrapstring='/') }}|{{ 'aa bb' | wordwrap(4) }}")
    rendered = []
    for cls in (SandboxedEnvironment, sandbox_class()):
        env = cls(loader=DictLoader({"n.txt.j2": source}), undefined=StrictUndefined)
        rendered.append(render_template(env, load_template(env, "n.txt.j2"), {})
                        if cls is not SandboxedEnvironment
                        else env.get_template("n.txt.j2").render())
    assert rendered[1] == rendered[0]
    assert rendered[1].startswith("150000|150000 items|  150000|  150000|150000|")


def test_a_long_text_indented_or_wrapped_renders_as_jinja_s():
    """A report's table of 3,000 rows in an indent block, a long text wrapped: what they
    add is short (the text was measured as it was made); they were refused as texts
    over 100,000 characters."""
    source = ("<table>\n{% filter indent(2, true) %}{% for i in range(3000) %}<tr><td>"
              "SKU-{{ i }}</td><td>12</td><td>3.5%</td></tr>\n{% endfor %}{% endfilter %}"
              "</table>\n<p>{% filter wordwrap(72) %}{% for i in range(3000) %}Order {{ i }} "
              "arrived on time and in good shape. {% endfor %}{% endfilter %}</p>")
    rendered = []
    for cls in (SandboxedEnvironment, sandbox_class()):
        env = cls(loader=DictLoader({"r.html.j2": source}), undefined=StrictUndefined,
                  autoescape=True)
        rendered.append(render_template(env, load_template(env, "r.html.j2"), {})
                        if cls is not SandboxedEnvironment
                        else env.get_template("r.html.j2").render())
    assert rendered[1] == rendered[0]
    assert len(rendered[1]) > 250_000


def test_ordinary_widths_formats_joins_and_concatenations_still_render():
    env = sandbox_class()(loader=DictLoader({"ok.txt.j2": (
        "{{ 'abc'.ljust(10) }}|{{ '{:>8}'.format(x) }}|{{ items | join(', ') }}|"
        "{{ items | map('upper') | join(' and ') }}|{{ name | replace('Bar', 'Block') }}|"
        "{% set ns = namespace(s='') %}{% for i in items %}{% set ns.s = ns.s ~ i ~ ';' %}"
        "{% endfor %}{{ ns.s }}|{{ '%5.2f' % 3.14159 }}|{{ '%s and %s' | format('a', 'b') }}|"
        "{{ 1 + 2 }}|{{ ', '.join(items) }}|{{ '7'.zfill(3) }}|{{ '{0:{1}}'.format('a', 3) }}|"
        "{{ '100%% %s' % 'sure' }}|{{ 'a\tb'.expandtabs(4) }}|{{ items + ['d'] }}")}),
        undefined=StrictUndefined)
    assert render_template(env, load_template(env, "ok.txt.j2"),
                           {"x": 42, "items": ["a", "b", "c"], "name": "Soap Bar"}) == (
        "abc       |      42|a, b, c|A and B and C|Soap Block|a;b;c;| 3.14|a and b|3|a, b, c|"
        "007|a  |100% sure|a   b|['a', 'b', 'c', 'd']")


NESTED_LOOPS = "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"
TOO_MUCH_WORK = "more than {} loop turns, calls and range() items in one render"


def test_loops_inside_loops_stop_fast_with_the_template_and_the_limit_named():
    """Each range() is under the sandbox's cap, but together they are ten billion turns:
    the render ran for hours."""
    import time

    from cx_cli.errors import TemplateError
    from cx_cli.render.sandbox import MAX_STEPS

    env = sandbox_class()(loader=DictLoader({"loops.txt.j2": "Hi\n" + NESTED_LOOPS}),
                           undefined=StrictUndefined)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        render_template(env, load_template(env, "loops.txt.j2"), {})
    assert time.perf_counter() - started < 5
    assert caught.value.message == ("template loops.txt.j2 line 2 tried something the "
                                    "sandbox forbids: " + TOO_MUCH_WORK.format(MAX_STEPS))
    assert "a loop inside a loop" in caught.value.hint


@pytest.mark.parametrize("source", [
    "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",
    "{% for a in range(1000) | select %}{% for b in range(1000) | select %}{% endfor %}"
    "{% endfor %}",
    "{% for a in range(1000) if a %}{% for b in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] %}"
    "{% endfor %}{% endfor %}",
    # A macro calling itself twice: a million calls, no loop at all.
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(20) }}",
    # A recursive loop given the same list again: its turns come through loop().
    "{% set r = range(1000) | list %}{% for x in r recursive %}{% if loop.depth0 < 1 %}"
    "{{ loop(r) }}{% endif %}{% endfor %}",
    "{% for a in range(1000) %}{{ range(1000) | sum }}{% endfor %}",
    "{% for a in range(1000) %}{{ ('x' * 1000) | length }}{% endfor %}",
    "{% for a in range(1000) %}{% include 'inner.txt.j2' %}{% endfor %}",
    "{% import 'inner.txt.j2' as inner %}{% for a in range(1000) %}{{ inner.f() }}{% endfor %}",
    "{{ lipsum(100, max=1000) | length }}",
    # A text of 99,999 characters (999 steps) made again a thousand times: a step per
    # 100 characters each time.
    "{% set s = '%099999d' % 0 %}{% for a in range(1000) %}{{ ('%s' % s) | length }}"
    "{% endfor %}",
    "{% set s = '%099999d' % 0 %}{% for a in range(1000) %}{{ '{}'.format(s) | length }}"
    "{% endfor %}",
    "{% set s = '%099999d' % 0 %}{% for a in range(1000) %}{{ s | upper | length }}"
    "{% endfor %}",
    "{% set s = '%099999d' % 0 %}{% for a in range(1000) %}{{ [s] | join | length }}"
    "{% endfor %}",
    "{% set s = '%099999d' % 0 %}{% for a in range(1000) %}{{ s | indent | length }}"
    "{% endfor %}",
    # A format of a thousand short fields made a hundred times: a step per field
    # (measuring them takes longer than the text they make).
    "{% set f = '%c' * 1000 %}{% set t = ('a',) * 1000 %}{% for a in range(100) %}"
    "{% set x = f % t %}{% endfor %}",
    "{% set f = '{}' * 1000 %}{% set t = ['a'] * 1000 %}{% for a in range(100) %}"
    "{% set x = f.format(*t) %}{% endfor %}",
    # A filter reading a thousand items to keep one, a hundred times.
    "{% set s = 'x' * 1000 %}{% for a in range(100) %}{{ s | unique | list }}{% endfor %}",
    "{% set s = 'x' * 1000 %}{% for a in range(100) %}{{ s | reject | list }}{% endfor %}",
    "{% set s = 'x' * 1000 %}{% for a in range(100) %}{{ s | max }}{% endfor %}",
    # A new list of a thousand items, a hundred times.
    "{% set s = 'x' * 1000 %}{% for a in range(100) %}{{ s | sort | length }}{% endfor %}",
    "{% set s = 'x' * 1000 %}{% for a in range(100) %}{{ s | map('upper') | list | length }}"
    "{% endfor %}",
    "{% set d = {}.fromkeys(range(1000) | map('string')) %}{% for a in range(100) %}"
    "{{ dict(**d) | length }}{% endfor %}",
    # Each list added copies the list so far.
    "{{ ([[0]] * 1000) | sum(start=[]) | length }}",
    # A text's method reads all of it.
    "{% set s = 'y' * 1000 %}{% for a in range(1000) %}{{ s.count('x') }}{% endfor %}",
    # Equal tuples or lists, compared an item at a time: each comparison reads them all.
    "{% set l = [(0,) * 1000] * 100 %}{% for a in range(10) %}{{ l | max | length }}"
    "{% endfor %}",
    "{% set l = [[0] * 1000] * 100 %}{% for a in range(10) %}{{ l | min | length }}"
    "{% endfor %}",
    "{% set l = [(0,) * 1000] * 100 %}{% for a in range(10) %}{{ l | sort | length }}"
    "{% endfor %}",
])
def test_every_way_to_multiply_the_work_counts_against_one_render(monkeypatch, source):
    from cx_cli.errors import TemplateError
    from cx_cli.render import sandbox

    # Each source takes a million steps (raising=False: the limit is what is tested).
    monkeypatch.setattr(sandbox, "MAX_STEPS", 10_000, raising=False)
    env = sandbox_class()(loader=DictLoader({
        "work.txt.j2": source,
        "inner.txt.j2": "{% macro f() %}{% for b in range(1000) %}{% endfor %}{% endmacro %}"
                        "{% for b in range(1000) %}{% endfor %}"}), undefined=StrictUndefined)
    with pytest.raises(TemplateError, match="sandbox forbids: more than 10000 loop turns"):
        render_template(env, load_template(env, "work.txt.j2"), {})


def test_each_render_has_the_whole_limit_and_the_sandbox_s_own_range_still_runs():
    env = sandbox_class()(loader=DictLoader({
        "big.txt.j2": "{% for a in range(100000) %}{% endfor %}{{ range(100000) | sum }}",
        "tree.txt.j2": "{% for x in [1, [2, [3]], 4] recursive %}{% if x is iterable %}"
                       "{{ loop(x) }}{% else %}{{ x }}@{{ loop.depth }} {% endif %}{% endfor %}"}),
        undefined=StrictUndefined)
    big = load_template(env, "big.txt.j2")
    # Three hundred thousand steps each: more than the limit together, not alone.
    assert [render_template(env, big, {}) for _ in range(3)] == ["4999950000"] * 3
    assert render_template(env, load_template(env, "tree.txt.j2"), {}) == \
        "1@1 2@2 3@3 4@1 "


@pytest.mark.parametrize(("source", "message"), [
    # A long text written many times: gigabytes joined at the end of the render.
    ("{% set s = 'x' * 90000 %}{% for i in range(100000) %}{{ s }}{% endfor %}",
     "writes too much: it would write more than the limit of 10,000,000 characters"),
    # Long texts made and dropped in a loop: each is within the size limit.
    ("{% set s = 'x' * 90000 %}{% for i in range(100000) %}"
     "{% if (s ~ i) | length > 1 %}{% endif %}{% endfor %}", "sandbox forbids: more than"),
    ("{% set s = 'x' * 90000 %}{% for i in range(100000) %}"
     "{% if (s | replace('x', 'y')) %}{% endif %}{% endfor %}", "sandbox forbids: more than"),
    # A list doubled at each turn: 2**64 items after 64 turns.
    ("{% set l = [1] %}{% for i in range(64) %}{{ l.extend(l) or '' }}{% endfor %}",
     "sandbox forbids: more than"),
    ("{% set l = [1] %}{% for i in range(64) %}{{ l.extend(l | map('string')) or '' }}"
     "{% endfor %}", "sandbox forbids: more than"),
    ("{% set d = {} %}{% for i in range(64) %}{{ d.update(d) or '' }}{% endfor %}", None),
])
def test_a_render_cannot_fill_the_memory(source, message):
    """Each value is within the size limit and each loop within the range limit; what
    the render makes or writes in all is bounded too, and said in the seller's terms."""
    import time

    from cx_cli.errors import TemplateError

    env = sandbox_class()(loader=DictLoader({"big.txt.j2": source}),
                           undefined=StrictUndefined)
    started = time.perf_counter()
    if message is None:  # a dict updated with itself stays as it is
        assert render_template(env, load_template(env, "big.txt.j2"), {}) == ""
        return
    with pytest.raises(TemplateError, match=r"big\.txt\.j2") as caught:
        render_template(env, load_template(env, "big.txt.j2"), {})
    assert time.perf_counter() - started < 5
    assert message in caught.value.message


@pytest.mark.parametrize("source", [
    "{% for i in range(100000) %}{{ s }}{{ turn() }}{% endfor %}",
    "{% for i in range(1000) %}{% for j in range(100) %}{{ s }}{% endfor %}{{ turn() }}"
    "{% endfor %}",
    "{% for i in range(100000) %}{% include 'long.txt.j2' %}{{ turn() }}{% endfor %}",
])
def test_a_loop_writing_a_long_text_stops_soon_after_the_output_limit(source):
    """The same text written again and again: each piece is only a reference, so nothing
    stopped the loop before the render ended (100,000 turns) and its pieces were
    counted; it stops a chunk of pieces after it passes the limit (112 turns)."""
    from cx_cli.errors import TemplateError

    turns = []
    env = sandbox_class()(loader=DictLoader({
        "big.txt.j2": source, "long.txt.j2": "{{ s }}"}), undefined=StrictUndefined)
    with pytest.raises(TemplateError) as caught:
        render_template(env, load_template(env, "big.txt.j2"),
                        {"s": "x" * 90000, "turn": lambda: turns.append(1) or ""})
    assert len(turns) < 1000
    assert caught.value.message == ("template big.txt.j2 writes too much: it would write "
                                    "more than the limit of 10,000,000 characters")


def test_a_long_message_within_the_limits_still_renders():
    env = sandbox_class()(loader=DictLoader({
        "long.txt.j2": "{% set s = 'x' * 90000 %}{% for i in range(100) %}{{ s ~ i }}"
                       "{% endfor %}{% set l = [1, 2] %}{{ l.extend(l) or l | length }}"}),
        undefined=StrictUndefined)
    text = render_template(env, load_template(env, "long.txt.j2"), {})
    assert len(text) == 100 * 90000 + sum(len(str(i)) for i in range(100)) + 1
    assert text.endswith("4")


# A 90,000-character text written 123 times: 11,070,000 characters, past MAX_OUTPUT.
LONG_TEXT = "{% set s = 'x' * 90000 %}"
PAST_THE_LIMIT = "{% for i in range(123) %}{{ s }}{% endfor %}"
WRITES_TOO_MUCH = ("writes too much: it would write 11,070,000 characters, more than the limit "
                   "of 10,000,000")


@pytest.mark.parametrize(("source", "message"), [
    # Each puts its pieces together inside the render, out of the render's own count:
    # with a loop of 100,000 turns instead of 123, each took 9 GB.
    (LONG_TEXT + "{% macro f() %}" + PAST_THE_LIMIT + "{% endmacro %}{{ f() | length }}",
     WRITES_TOO_MUCH),
    (LONG_TEXT + "{% set x %}" + PAST_THE_LIMIT + "{% endset %}{{ x | length }}",
     WRITES_TOO_MUCH),
    (LONG_TEXT + "{% filter upper %}" + PAST_THE_LIMIT + "{% endfilter %}", WRITES_TOO_MUCH),
    (LONG_TEXT + "{% macro w() %}{{ caller() | length }}{% endmacro %}{% call w() %}"
     + PAST_THE_LIMIT + "{% endcall %}", WRITES_TOO_MUCH),
    (LONG_TEXT + "{% for x in [[1] * 123] recursive %}{% if x is iterable %}"
     "{{ loop(x) | length }}{% else %}{{ s }}{% endif %}{% endfor %}", WRITES_TOO_MUCH),
    (LONG_TEXT + "{% block b %}{% if go %}" + PAST_THE_LIMIT + "{% endif %}{% endblock %}"
     "{% set go = true %}{{ self.b() | length }}", WRITES_TOO_MUCH),
    ("{% import 'module.txt.j2' as m %}{{ m | string | length }}", WRITES_TOO_MUCH),
    # Written where it is escaped (an HTML template).
    ("{% import 'module.txt.j2' as m %}{% autoescape true %}{{ m }}{% endautoescape %}",
     WRITES_TOO_MUCH),
    # A macro's text within the limit, made again at each call: 9,000,000 characters a
    # call, 900 MB in a hundred calls.
    (LONG_TEXT + "{% macro f() %}{% for i in range(100) %}{{ s }}{% endfor %}{% endmacro %}"
     "{% for j in range(100) %}{{ f() | length }}{% endfor %}",
     "sandbox forbids: more than 1000000 loop turns"),
    ("{% import 'within.txt.j2' as m %}{% for j in range(100) %}{{ m | string | length }}"
     "{% endfor %}", "sandbox forbids: more than 1000000 loop turns"),
])
def test_a_text_put_together_inside_the_render_is_measured_before_it_is_joined(source,
                                                                                message):
    """A macro's or a caller's text, a block assigned with set, a filter block, a
    recursive loop's loop(), self.block() and an imported template's text are joined
    by the sandbox, not by the render: they are measured the same way, before the
    join, and count as texts the template makes."""
    import time
    import tracemalloc

    from cx_cli.errors import TemplateError
    from cx_cli.render.sandbox import MAX_OUTPUT

    env = sandbox_class()(loader=DictLoader({
        "big.txt.j2": source,
        "module.txt.j2": LONG_TEXT + PAST_THE_LIMIT + "{% macro f() %}{% endmacro %}",
        "within.txt.j2": LONG_TEXT + "{% for i in range(100) %}{{ s }}{% endfor %}"}),
        undefined=StrictUndefined)
    template = load_template(env, "big.txt.j2")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TemplateError, match=r"big\.txt\.j2") as caught:
            render_template(env, template, {"go": False})
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message in caught.value.message
    assert took < 1
    assert peak < MAX_OUTPUT  # nothing the size of the text was made


def test_ordinary_macros_blocks_and_imports_still_render():
    env = sandbox_class()(loader=DictLoader({
        "ok.txt.j2": "{% import 'names.txt.j2' as names %}{% from 'names.txt.j2' import hi %}"
                     "{% macro item(i) %}{{ i }}.{% endmacro %}"
                     "{% set x %}{% for i in range(3) %}{{ item(i) }}{% endfor %}{% endset %}"
                     "{% macro w() %}[{{ caller() }}]{% endmacro %}"
                     "{{ x }} {% filter upper %}{{ hi('ann') }}{% endfilter %} "
                     "{% call w() %}in{% endcall %} {{ names | trim }} "
                     "{% for y in [1, [2]] recursive %}{% if y is iterable %}{{ loop(y) }}"
                     "{% else %}{{ y }}{% endif %}{% endfor %} "
                     "{% block b %}b{% endblock %}{{ self.b() }}",
        "names.txt.j2": "module text {% macro hi(n) %}hi {{ n }}{% endmacro %}"}),
        undefined=StrictUndefined)
    assert render_template(env, load_template(env, "ok.txt.j2"), {}) == \
        "0.1.2. HI ANN [in] module text 12 bb"


# 100,000 texts of 90,000 characters: one text of 9,000,000,000 characters, 9 GB.
BIG_LIST = LONG_TEXT + "{% set l = [s] * 100000 %}"
MORE_THAN_THE_LIMIT = ("writes too much: it would write more than the limit of 10,000,000 "
                       "characters")


def _refused(source, name="big.txt.j2"):
    """The message of a render refused, the seconds it took and its peak memory (from a
    second render: tracing each allocation slows the render several times)."""
    import time
    import tracemalloc

    from cx_cli.errors import TemplateError
    from cx_cli.render.templating import _autoescape

    env = sandbox_class()(loader=DictLoader({name: source}), undefined=StrictUndefined,
                           autoescape=_autoescape)
    template = load_template(env, name)
    started = time.perf_counter()
    with pytest.raises(TemplateError, match=name.replace(".", r"\.")) as caught:
        render_template(env, template, {})
    took = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError):
            render_template(env, template, {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return caught.value.message, took, peak


@pytest.mark.parametrize(("source", "message"), [
    # The items' lengths are summed before the join (a separator of ten characters or
    # fewer was not checked at all).
    (BIG_LIST + "{{ l | join }}", "writes too much: it would write 9,000,000,000 characters, "
     "more than the limit of 10,000,000"),
    (BIG_LIST + "{{ l | join(', ') | length }}", "writes too much: it would write "
     "9,000,199,998 characters, more than the limit of 10,000,000"),
    # Items made one at a time, or lists made into text to be joined.
    (BIG_LIST + "{{ [l] | join }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ ['a', 'b'] | join(l) }}", MORE_THAN_THE_LIMIT),
    # The text of a list, estimated from its items' lengths.
    (BIG_LIST + "{{ l }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ l | string | length }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ l | tojson | length }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ l | pprint | length }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ l | upper | length }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ {'l': [l]}.items() }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ namespace(l=l) }}", MORE_THAN_THE_LIMIT),
    (BIG_LIST + "{{ ('%s' % l) | length }}",
     "sandbox forbids: the % format would make a text of"),
    (BIG_LIST + "{{ '{}'.format(l) | length }}", "sandbox forbids: format would make a text of"),
    (BIG_LIST + "{{ '%s' | format(l) | length }}",
     "sandbox forbids: the filter format would make a text of"),
    (BIG_LIST + "{{ (l ~ '') | length }}",
     "tried something the sandbox forbids: '~' would make a text longer than the limit of "
     "100000"),
    # Laid out: under a 90,000-character key, each of 10,000 lines is indented that much.
    (LONG_TEXT + "{{ {s: range(10000) | list} | pprint | length }}", MORE_THAN_THE_LIMIT),
    ("{{ [range(100000) | list] | tojson(indent=100000) | length }}", MORE_THAN_THE_LIMIT),
])
def test_a_list_made_into_one_text_is_refused_before_it_is_made(source, message):
    """Each made one text of gigabytes: a join, the text of a list (written, or by
    string, tojson, pprint, a text filter, '~'), pprint's layout."""
    from cx_cli.render.sandbox import MAX_OUTPUT

    got, took, peak = _refused(source)
    assert message in got
    assert took < 1
    assert peak < MAX_OUTPUT


LIST_OF_NUMBERS = "{% set l = range(100000) | list %}"  # 588,890 characters as text


@pytest.mark.parametrize(("name", "source"), [
    # A new text of the list at each turn: 1.4 GB and 12 s before the render was measured.
    ("big.txt.j2", LIST_OF_NUMBERS + "{% for i in range(100000) %}{{ l }}{% endfor %}"),
    ("big.txt.j2", LIST_OF_NUMBERS + "{% macro f() %}{% for i in range(100000) %}{{ l }}"
     "{% endfor %}{% endmacro %}{{ f() | length }}"),
    ("big.txt.j2", LIST_OF_NUMBERS + "{% for i in range(100000) %}{{ l | string | length }}"
     "{% endfor %}"),
    ("big.txt.j2", "{% set n = 10 ** 999 %}{% for i in range(100000) %}{{ n }}{% endfor %}"),
    # A join's items made one at a time.
    ("big.txt.j2", BIG_LIST + "{{ l | map('lower') | join }}"),
    # Escaped in an HTML template: a copy of the text at each turn.
    ("big.html.j2", LONG_TEXT + "{% for i in range(100000) %}{{ s }}{% endfor %}"),
])
def test_a_value_made_into_text_again_and_again_stops_at_the_output_limit(name, source):
    from cx_cli.render.sandbox import MAX_OUTPUT

    got, took, peak = _refused(source, name)
    assert MORE_THAN_THE_LIMIT in got
    assert took < 1
    assert peak < 2 * MAX_OUTPUT  # the texts made up to the limit, not gigabytes


# A text of 9,999,900 characters, within the output limit.
TEN_MILLION = ("{% set s = 'x' * 99999 %}{% set c %}{% for i in range(100) %}{{ s }}"
               "{% endfor %}{% endset %}")
MADE_AND_KEPT = "{% set l = [] %}" + LONG_TEXT + "{% for i in range(20000) %}{% set _ = l.append("
REUSED = "{% set l = [] %}{% set r = range(90000) | list %}{% set d = {}.fromkeys(r) %}" \
    "{% for i in range(20000) %}{% set _ = l.append("


@pytest.mark.parametrize("source", [
    # 20,000 new texts or lists of 90,000 characters or items each, kept: 1.5 GB and
    # more, never counted.
    MADE_AND_KEPT + "s[i:]) %}{% endfor %}",
    MADE_AND_KEPT + "s.upper()) %}{% endfor %}",
    MADE_AND_KEPT + "s.split('x')) %}{% endfor %}",
    MADE_AND_KEPT + "s.encode()) %}{% endfor %}",
    MADE_AND_KEPT + "s | list) %}{% endfor %}",
    MADE_AND_KEPT + "cycler(*s)) %}{% endfor %}",
    REUSED + "r[1:]) %}{% endfor %}",
    REUSED + "r + []) %}{% endfor %}",
    REUSED + "r | batch(100000) | list) %}{% endfor %}",
    REUSED + "r.copy()) %}{% endfor %}",
    REUSED + "{}.fromkeys(r)) %}{% endfor %}",
    REUSED + "dict(d)) %}{% endfor %}",
    REUSED + "namespace(d)) %}{% endfor %}",
    REUSED + "dict.update({}, d) or d) %}{% endfor %}",
    REUSED + "d.keys() - []) %}{% endfor %}",
    # Written: a slice of ten million characters at each turn, held until a chunk of
    # 1,024 pieces is counted (10 GB).
    TEN_MILLION + "{% for i in range(1024) %}{{ c[i:] }}{% endfor %}",
])
def test_a_text_or_list_made_again_and_again_stops_at_the_step_limit(source):
    """A slice, a text's method, a filter or call that makes a list: each new text or
    list is charged as it is made (a step per 100 characters, or per item), so a loop
    keeping them stops within the step limit, at about 100 MB."""
    from cx_cli.render.sandbox import CHARS_PER_STEP, MAX_STEPS

    got, took, peak = _refused(source)
    assert "sandbox forbids: more than 1000000 loop turns" in got
    assert took < 1
    assert peak < 1.5 * MAX_STEPS * CHARS_PER_STEP


def test_a_long_chain_of_concatenations_is_refused_before_it_is_joined():
    """Each part of a '~' chain may be ten million characters long: forty of them made
    400 MB before the text was measured."""
    from cx_cli.render.sandbox import MAX_OUTPUT

    got, took, peak = _refused(TEN_MILLION + "{{ (" + " ~ ".join(["c"] * 40) + ") | length }}")
    assert got == ("template big.txt.j2 tried something the sandbox forbids: '~' "
                   + LONG.format(40 * 9999900))
    assert took < 1
    assert peak < 2 * MAX_OUTPUT


def test_a_join_counts_the_characters_it_makes():
    """9,000,000 characters a join, within the limit, made 100,000 times: hours."""
    got, took, _ = _refused(LONG_TEXT + "{% set l = [s] * 100 %}{% for i in range(100000) %}"
                            "{{ l | join | length }}{% endfor %}")
    assert "sandbox forbids: more than 1000000 loop turns" in got
    assert took < 1


# Texts with quotes, a backslash, a line break, a tab, accents, an emoji and HTML.
ODD_TEXT = "it's \"q\" \\ a\nb\tc é 😀 <b>&"
ORDINARY_VALUES = [
    1, -2.5, None, True, 10 ** 50, "", ODD_TEXT, ["a", 1, None, [2.5, ("t",)], {}],
    ("one",), {"b": [1, {"c": ODD_TEXT}], "a": "x"}, [ODD_TEXT] * 30, list(range(300)),
    {str(i): list(range(i)) for i in range(30)}, SimpleNamespace(a=[1], b=ODD_TEXT),
    Fields(buyer="Ann", items=[{"sku": "A-1", "name": ODD_TEXT}]), {1, 2}, frozenset(),
]


def _json_ready(value):
    import json

    try:
        json.dumps(value)
    except TypeError:
        return False
    return True


@pytest.mark.parametrize("autoescape", [False, True])
@pytest.mark.parametrize("value", ORDINARY_VALUES, ids=range(len(ORDINARY_VALUES)))
def test_ordinary_values_are_written_as_jinja_writes_them(value, autoescape):
    source = ("{{ v }}|{{ v | string }}|{{ v | pprint }}|{{ v ~ '' }}|{{ v | upper }}|"
              "{{ [v, v] }}|{% macro m() %}{{ v }}{% endmacro %}{{ m() }}|")
    if _json_ready(value):
        source += "{{ v | tojson }}|{{ v | tojson(2) }}|"
    if isinstance(value, list | tuple | dict | set | frozenset):
        source += "{{ v | join(', ') }}|{{ v | join }}"
    rendered = []
    for cls in (SandboxedEnvironment, sandbox_class()):
        env = cls(loader=DictLoader({"v.j2": source}), undefined=StrictUndefined,
                  autoescape=autoescape)
        rendered.append(env.get_template("v.j2").render(v=value))
    env = sandbox_class()(loader=DictLoader({"v.j2": source}), undefined=StrictUndefined,
                           autoescape=autoescape)
    rendered.append(render_template(env, load_template(env, "v.j2"), {"v": value}))
    assert rendered[1] == rendered[2] == rendered[0]


@pytest.mark.parametrize("value", [*ORDINARY_VALUES, "\x00\x7f\u2028" * 5, "'" * 9,
                                   "'\"", {"k": {"k": [["x"] * 3] * 3}}, {}.items(),
                                   {"a": 1}.keys(), [[]] * 5, [1.5e300, -1e-300, 1e22]])
def test_an_estimated_length_is_never_below_the_real_one(value):
    from jinja2.utils import htmlsafe_json_dumps

    from cx_cli.render.sandbox import _json_size, _text_size

    assert _text_size(value, 10 ** 9) >= len(str(value))
    if _json_ready(value):
        for indent in (None, 0, 3, "\t\t"):
            assert _json_size(value, 10 ** 9, indent) >= \
                len(htmlsafe_json_dumps(value, sort_keys=True, indent=indent))


@pytest.mark.parametrize(("text", "args"), [
    ("a\nb\r\nc\n\n", (3,)), ("a\nb\u2028c", ("> ", True, True)), ("", (4, True)),
    ("one line", ("\t",)),
])
def test_an_indent_s_estimated_length_is_never_below_the_real_one(text, args):
    from jinja2.filters import do_indent

    from cx_cli.render.sandbox import _indented

    assert _indented(text, args, {}) >= len(do_indent(text, *args))


@pytest.mark.parametrize(("text", "args"), [
    ("aa bb cc dd", (2, True, "<br>")), ("a-b-c-d e\n\nf", (1, False, "--")),
    ("x" * 50, (7, True, None)), ("a\tb c", (3, True, "\r\n")),
])
def test_a_wordwrap_s_estimated_length_is_never_below_the_real_one(text, args):
    from jinja2 import Environment
    from jinja2.filters import do_wordwrap

    from cx_cli.render.sandbox import _wrapped

    assert _wrapped(text, args, {}) >= len(do_wordwrap(Environment(), text, *args))


@pytest.mark.parametrize(("text", "values"), [
    ("%#x %+d % f %#.3g %e", (255, 5, -1.5, 2.0, 1e300)),
    ("%*.*f|%-*s|%c", (9, 2, 1e20, 4, "é", 65)), ("%5.1s %o", ("abc", -8)),
    ("%(a)r %(b)a %(a)s%%", {"a": "it's", "b": "😀"}), ("%s", [1, "x"]), ("%r", ({"k": (1,)},)),
    ("%s %+d %.3f", ("<a href='x'>&", 7, 1.5)), ("%(a(b))9s %(n).f %(n)#.G", {"a(b)": 1, "n": 255}),
    ("%.f %.0g %r %a", (1e300, 255, Markup("<i>"), Markup(""))),
])
def test_a_percent_format_s_estimated_length_is_never_below_the_real_one(text, values):
    from markupsafe import Markup

    from cx_cli.render.sandbox import _percent_size

    assert _percent_size(text, values) >= len(text % values)
    try:  # an HTML text escapes what it puts in
        made = Markup(text) % values
    except TypeError:  # Markup takes no '*', no %x
        return
    assert _percent_size(Markup(text), values) >= len(made)


# Ten million characters, and another 100,000-item list equal to ``r`` but for its last.
TEN_MILLION_TWICE = TEN_MILLION + ("{% set d %}{% for i in range(100) %}{{ s }}{% endfor %}"
                                   "{% endset %}")
LISTS = "{% set r = range(100000) | list %}{% set q = r[:-1] + [-1] %}"


@pytest.mark.parametrize("source", [
    # Each read ten million characters or 100,000 items for one step, its loop turn:
    # minutes at the step limit (a text's search 0.1 ms, a list's 0.5 ms, wordcount 24 ms).
    TEN_MILLION + "{% for i in range(100000) %}{% if 'y' in c %}{% endif %}{% endfor %}",
    TEN_MILLION + "{% for i in range(100000) %}{% if 'y' not in c %}{% endif %}{% endfor %}",
    TEN_MILLION + "{% for i in range(100000) %}{% if 'y' is in(c) %}{% endif %}{% endfor %}",
    TEN_MILLION + "{% for i in range(100000) %}{{ ['y'] | select('in', c) | list }}"
    "{% endfor %}",
    TEN_MILLION_TWICE + "{% for i in range(100000) %}{% if c == d %}{% endif %}{% endfor %}",
    TEN_MILLION + "{% for i in range(100000) %}{% if c is lower %}{% endif %}{% endfor %}",
    TEN_MILLION + "{% for i in range(100000) %}{{ c | wordcount }}{% endfor %}",
    TEN_MILLION + "{% for i in range(100000) %}{{ c | int }}{% endfor %}",
    LISTS + "{% for i in range(100000) %}{% if -1 in r %}{% endif %}{% endfor %}",
    LISTS + "{% for i in range(100000) %}{% if r == q %}{% endif %}{% endfor %}",
    LISTS + "{% set l = [r] * 10 %}{% for i in range(100000) %}{% if q in l %}{% endif %}"
    "{% endfor %}",
    LISTS + "{% for i in range(100000) %}{{ r.index(99999) }}{% endfor %}",
    LISTS + "{% for i in range(100000) %}{{ r.count(-1) }}{% endfor %}",
    LISTS + "{% for i in range(100000) %}{{ r.sort() }}{% endfor %}",
    "{% set g = range(100000) %}{% for i in range(100000) %}{% if 0.5 in g %}{% endif %}"
    "{% endfor %}",
    # A text joined a character at a time: 0.7 s a join, charged 100,000 steps.
    TEN_MILLION + "{% for i in range(100) %}{{ c | join | length }}{% endfor %}",
])
def test_reading_a_long_text_or_list_again_and_again_stops_at_the_step_limit(source):
    """A comparison, a search, a test, a list's method or a filter that reads all of a
    long text or list is charged a step per 100 characters or per item it reads."""
    got, took, _ = _refused(source)
    assert "sandbox forbids: more than 1000000 loop turns" in got
    assert took < 2


@pytest.mark.parametrize("source", [
    # Ten million emoji (40 MB) written as escapes: ten bytes each, 100 MB made at once.
    "{% set s = '😀' * 99999 %}{% set c %}{% for i in range(100) %}{{ s }}{% endfor %}"
    "{% endset %}{{ c.encode('unicode_escape') | length }}",
    # A million characters beyond Latin-1 made a list of as many new texts (60 MB), a
    # million words of one as many again.
    "{% set s = 'ā' * 99999 %}{% set c %}{% for i in range(10) %}{{ s }}{% endfor %}"
    "{% endset %}{% for i in range(10) %}{{ c | list | length }}{% endfor %}",
    "{% set s = 'ā ' * 49999 %}{% set c %}{% for i in range(20) %}{{ s }}{% endfor %}"
    "{% endset %}{% for i in range(10) %}{{ c.split() | length }}{% endfor %}",
])
def test_a_call_that_makes_more_than_it_is_given_is_refused_before_it_is_made(source):
    """A method or filter that may make several times its text (or a list of its
    characters) is charged the most it may make before it runs: what the steps left
    cannot pay for is never made."""
    from cx_cli.render.sandbox import CHARS_PER_STEP, MAX_STEPS

    got, took, peak = _refused(source)
    assert "sandbox forbids: more than 1000000 loop turns" in got
    assert took < 2
    assert peak < 0.5 * MAX_STEPS * CHARS_PER_STEP  # the text itself, not 100 MB more


# A tuple of 1,000 items, a list of 1,000 numbers and a text of 500 one-letter words.
TUPLE = "{% set t = (0,) * 1000 %}{% set d = {} %}"
NUMBERS = "{% set l = range(1000) | list %}"
WORDS = "{% set s = 'a ' * 500 %}"


@pytest.mark.parametrize("source", [
    # A tuple's hash, unlike a text's, is not kept: each lookup reads all of it.
    TUPLE + "{% for a in range(1000) %}{% if t in d %}{% endif %}{% endfor %}",
    TUPLE + "{% for a in range(1000) %}{% if t not in d.keys() %}{% endif %}{% endfor %}",
    TUPLE + "{% for a in range(1000) %}{% if t is in(d) %}{% endif %}{% endfor %}",
    TUPLE + "{% for a in range(1000) %}{{ d[t] is defined }}{% endfor %}",
    TUPLE + "{% for a in range(1000) %}{{ d.get(t) }}{% endfor %}",
    TUPLE + "{% for a in range(1000) %}{% set e = {t: a} %}{% endfor %}",
    TUPLE + "{% for a in range(500) %}{{ [t, t] | unique | list | length }}{% endfor %}",
    TUPLE + "{% for a in range(500) %}{{ {}.fromkeys([t, t]) | length }}{% endfor %}",
    TUPLE + "{% for a in range(500) %}{{ dict([(t, 1), (t, 2)]) | length }}{% endfor %}",
    TUPLE + "{% for a in range(500) %}{{ d.update([[t, 1], [t, 2]]) }}{% endfor %}",
    # A tuple of ten items, each the same tuple of a hundred: a thousand read at each.
    "{% set u = ((0,) * 100,) * 10 %}{% for a in range(1000) %}{% if u in {} %}{% endif %}"
    "{% endfor %}",
    # l.pop(0) moves every item after the one it takes.
    NUMBERS + "{% for a in range(1000) %}{{ l.append(l.pop(0)) }}{% endfor %}",
    # urlize reads its text a word at a time, in Python.
    WORDS + "{% for a in range(100) %}{{ s | urlize | length }}{% endfor %}",
])
def test_a_lookup_a_pop_or_urlize_is_charged_what_it_reads(monkeypatch, source):
    """Each took a step or two (a loop turn, a call) for reading a thousand items or
    characters: 100,000-item tuples looked up, lists popped from the front or texts
    linked with urlize in a loop ran for minutes within the step limit."""
    from cx_cli.errors import TemplateError
    from cx_cli.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_STEPS", 10_000, raising=False)
    env = sandbox_class()(loader=DictLoader({"work.txt.j2": source}),
                           undefined=StrictUndefined)
    with pytest.raises(TemplateError, match="sandbox forbids: more than 10000 loop turns"):
        render_template(env, load_template(env, "work.txt.j2"), {})


def test_lookups_pops_and_links_within_the_limits_still_render():
    env = sandbox_class()(loader=DictLoader({"ok.txt.j2": (
        "{% set k = (1, 'a') %}{% set d = {k: 2, 'x': 3} %}{{ d[k] }} {{ k in d }} "
        "{{ d.get(k) }} {{ d.pop(k) }} {{ {k: 1} }} {{ 'x' in d }} {{ [k, k] | unique | list }} "
        "{{ {}.fromkeys([k]) }} {{ dict([(k, 1)], y=2) }} {{ d.update([('z', k)]) }}{{ d }} "
        "{% set l = [1, 2, 3] + range(10) | list %}{{ l.pop(0) }}{{ l.pop() }}{{ l.pop(-2) }} "
        "{{ l }} {{ 'see www.a.co, or mail a@b.co' | urlize(target='_blank') }}")}),
        undefined=StrictUndefined)
    assert render_template(env, load_template(env, "ok.txt.j2"), {}) == (
        "2 True 2 2 {(1, 'a'): 1} True [(1, 'a')] {(1, 'a'): None} {(1, 'a'): 1, 'y': 2} "
        "None{'x': 3, 'z': (1, 'a')} 197 [2, 3, 0, 1, 2, 3, 4, 5, 6, 8] "
        'see <a href="https://www.a.co" rel="noopener" target="_blank">www.a.co</a>, '
        'or mail <a href="mailto:a@b.co">a@b.co</a>')


@pytest.mark.parametrize("source", [
    # A thousand items sorted take 10,000 comparisons: charged a step each, not a
    # thousand steps in all (three sorts were within the limit of 10,000).
    NUMBERS + "{% for a in range(3) %}{{ l | sort | length }}{% endfor %}",
    NUMBERS + "{% for a in range(3) %}{{ l.sort() }}{% endfor %}",
    "{% set d = {}.fromkeys(range(1000)) %}{% for a in range(3) %}{{ d | dictsort | length }}"
    "{% endfor %}",
    NUMBERS + "{% for a in range(3) %}{{ l | groupby('real') | length }}{% endfor %}",
])
def test_a_sort_is_charged_for_its_comparisons(monkeypatch, source):
    from cx_cli.errors import TemplateError
    from cx_cli.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_STEPS", 10_000, raising=False)
    env = sandbox_class()(loader=DictLoader({"work.txt.j2": source}),
                           undefined=StrictUndefined)
    with pytest.raises(TemplateError, match="sandbox forbids: more than 10000 loop turns"):
        render_template(env, load_template(env, "work.txt.j2"), {})


def test_a_long_sort_within_the_limits_still_renders():
    env = sandbox_class()(loader=DictLoader({"ok.txt.j2": (
        "{% set l = range(20000) | reverse | list %}{{ (l | sort)[:3] }} {{ l.sort() }}"
        "{{ l[:3] }} {{ {'b': 1, 'a': 2} | dictsort }} {{ [3, 1, 2] | sort }}")}),
        undefined=StrictUndefined)
    assert render_template(env, load_template(env, "ok.txt.j2"), {}) == \
        "[0, 1, 2] None[0, 1, 2] [('a', 2), ('b', 1)] [1, 2, 3]"


# 20,000 new texts of 90,000 emoji each (four bytes a character), kept.
WIDE_MADE_AND_KEPT = "{% set l = [] %}{% set s = '😀' * 90000 %}{% for i in range(20000) %}"


@pytest.mark.parametrize("source", [
    WIDE_MADE_AND_KEPT + "{% set _ = l.append(s[i:]) %}{% endfor %}",
    WIDE_MADE_AND_KEPT + "{% set _ = l.append(s.upper()) %}{% endfor %}",
    WIDE_MADE_AND_KEPT + "{% set _ = l.append(s | upper) %}{% endfor %}",
    WIDE_MADE_AND_KEPT + "{% set _ = l.append(s ~ i) %}{% endfor %}",
    WIDE_MADE_AND_KEPT + "{% set _ = l.append([s, i] | join) %}{% endfor %}",
    WIDE_MADE_AND_KEPT + "{% set _ = l.append('%s%d' % (s, i)) %}{% endfor %}",
    WIDE_MADE_AND_KEPT + "{% set _ = l.append('{}{}'.format(s, i)) %}{% endfor %}",
    WIDE_MADE_AND_KEPT + "{% set x %}{{ s }}{{ i }}{% endset %}{% set _ = l.append(x) %}"
    "{% endfor %}",
])
def test_a_text_of_wide_characters_made_again_and_again_stops_at_the_same_memory(source):
    """A character past U+FFFF takes four bytes: charged a step per 100 characters,
    such texts reached 350 MB before the step limit stopped them, not 100 MB."""
    from cx_cli.render.sandbox import CHARS_PER_STEP, MAX_STEPS

    got, took, peak = _refused(source)
    assert "sandbox forbids: more than 1000000 loop turns" in got
    assert took < 1
    assert peak < 1.5 * MAX_STEPS * CHARS_PER_STEP


def test_a_chat_template_named_html_writes_the_text_as_it_is(tmp_path):
    """Only an HTML page (report.html.j2) is escaped: a stage named "note.html" is still
    chat text, where "&amp;" would reach the buyer."""
    from cx_cli.config import load_settings
    from cx_cli.render.templating import make_environment, render
    from cx_cli.resources import examples_dir

    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "note.html.txt.j2").write_text("Hi {{ buyer }}!\n",
                                                             encoding="utf-8")
    settings = load_settings(examples_dir() / "cx.yaml").model_copy(
        update={"templates": str(tmp_path)})
    env = make_environment(settings)
    assert render(env, "messages/note.html.txt.j2", {"buyer": "Tom & Jerry"}) == \
        "Hi Tom & Jerry!\n"
    assert str(env.from_string("{{ x }}").render(x="&")) == "&"
    assert env.autoescape("report/report.html.j2") and env.autoescape("a/page.html")
