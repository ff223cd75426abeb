"""Property tests for the files a seller writes by hand: cx.yaml, the product catalog
(YAML and CSV), the fix log, template overrides and the triage/comment rules.

Each test writes a malformed variant into a copy of the tiny report shop and runs the
real commands on it. Whatever the variant, a command ends with exit code 0 or 1, or
with exit code 2 and an `Error:` line; never with a traceback.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.errors import InputError
from cx_cli.io.catalog import load_catalog
from cx_cli.io.parse import EMPTY_MARKERS

ROOT = Path(__file__).parent.parent
SHOP = Path(__file__).parent / "data" / "report_shop"
DAY = "2026-11-25"  # the report shop's data runs up to this day
FEW = settings(max_examples=20, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture,
                                      HealthCheck.too_slow])
runner = CliRunner()

# Values a hand-edited YAML file ends up holding where something else belongs.
NASTY = st.sampled_from([
    None, True, False, 0, -1, 7, 10**30, 1.5, float("nan"), float("inf"), "", " ", "x",
    "../..", "America/New_York", "Mars/Olympus", "vn", "09:00", "25:00", "mon", "CX1",
    "paid_at", "consumable", [], {}, ["a"], ["mon", "sun"], {"a": 1}, {"enabled": True},
    "orders.csv", "é", "{{ x }}", "2026-01-01", "/[unclosed/",
])
NEW_KEYS = st.sampled_from(["extra", "Name", "enabled", "sku", 1, None, True, 1.5, "007"])


def shop_copy() -> Path:
    """A fresh copy of the report shop (a temporary folder per example)."""
    folder = Path(tempfile.mkdtemp(prefix="cx-seller-"))
    for file in SHOP.iterdir():
        if file.is_file():
            shutil.copy(file, folder / file.name)
    return folder


def cx(folder: Path, *args: str):
    return runner.invoke(app, [*args, "--config", str(folder / "cx.yaml")])


def assert_clean(result, command: str) -> None:
    """Exit 0 or 1, or 2 with an `Error:` line; no traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"cx {command} raised {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), (command, result.exit_code, result.output)
    assert "Traceback" not in result.output, (command, result.output)
    if result.exit_code == 2:
        assert "Error:" in result.output, (command, result.output)


def run_all(folder: Path, commands: list[list[str]]) -> dict[str, object]:
    """Run the commands in turn, stopping after the first exit code 2 (the same input
    error would stop the rest); the results by command name."""
    results = {}
    for command in commands:
        result = cx(folder, *command)
        assert_clean(result, " ".join(command))
        results[" ".join(command)] = result
        if result.exit_code == 2:
            break
    return results


# --- mutating a YAML tree --------------------------------------------------------------

def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


def _tweaks(value) -> st.SearchStrategy:
    """Values of the same type as ``value``, at the edges a seller might reach."""
    if isinstance(value, bool):
        return st.just(not value)
    if isinstance(value, int):
        return st.sampled_from([0, 1, 2, -1, 30, 52, 104, 365, 366, 10**6])
    if isinstance(value, float):
        return st.sampled_from([0.0, 0.001, 0.5, 1.0, 4.99, 5.0])
    if isinstance(value, str):
        return st.sampled_from([value.upper(), f" {value} ", "x", "UTC", "Asia/Kolkata", "th",
                                "br", "none", "00:00", "23:59", "sun", "skincare"])
    if isinstance(value, list):
        return st.sampled_from([[], value[:1], value * 2])
    return NASTY


@st.composite
def mutated(draw, tree):
    """``tree`` with one to three edits: a value changed within its type or replaced by
    a NASTY one, a key removed or added, a value wrapped in a list."""
    tree = copy.deepcopy(tree)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(tree) if p]
        path = draw(st.sampled_from(paths))
        parent = tree
        for part in path[:-1]:
            parent = parent[part]
        edit = draw(st.sampled_from(["tweak", "tweak", "tweak", "replace", "drop", "add",
                                     "wrap"]))
        # A drawn value is copied: NASTY's lists and dicts are shared by every example,
        # and a later edit of this one would change them for the next (hypothesis then
        # stops with "inconsistent data generation").
        if edit == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif edit == "add" and isinstance(parent, dict):
            parent[draw(NEW_KEYS)] = copy.deepcopy(draw(NASTY))
        elif edit == "wrap":
            parent[path[-1]] = [parent[path[-1]]]
        elif edit == "tweak":
            parent[path[-1]] = copy.deepcopy(draw(_tweaks(parent[path[-1]])))
        else:
            parent[path[-1]] = copy.deepcopy(draw(NASTY))
    return tree


def dump(tree) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


# --- cx.yaml ---------------------------------------------------------------------------

def _full_config() -> dict:
    """config.example.yaml (every key) reading the report shop's exports."""
    tree = yaml.safe_load((ROOT / "config.example.yaml").read_text())
    tree["inputs"] = yaml.safe_load((SHOP / "cx.yaml").read_text())["inputs"]
    tree["templates"] = None
    tree["cache"]["enabled"] = False
    tree["scorecard"]["min_lines"] = 5
    return tree


FULL_CONFIG = _full_config()
DAILY = [["validate"], ["messages", "due", "--date", DAY], ["scorecard", "--date", DAY],
         ["voc", "--date", DAY]]


@FEW
@given(mutated(FULL_CONFIG))
@example({**FULL_CONFIG, "shop": {**FULL_CONFIG["shop"], "support_hours": {"days": []}}})
@example({**FULL_CONFIG, "messages": {**FULL_CONFIG["messages"], "ledger": ""}})
def test_a_mangled_config_is_a_clean_error_or_a_run(tree):
    folder = shop_copy()
    try:
        (folder / "cx.yaml").write_text(dump(tree), encoding="utf-8")
        results = run_all(folder, DAILY)
        validated = results["validate"]
        if validated.exit_code == 2 and "configuration" in validated.output:
            assert str(folder / "cx.yaml") in validated.output  # the file is named
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@FEW
@given(st.binary(max_size=300))
@example(b"shop: {name: Caf\xe9}\n")  # cp1252, not UTF-8
@example(b"\xff\xfes\x00h\x00o\x00p\x00:\x00")  # UTF-16
def test_config_bytes_are_a_clean_error_or_a_run(data):
    folder = shop_copy()
    try:
        (folder / "cx.yaml").write_bytes(data)
        run_all(folder, [["validate"], ["scorecard", "--date", DAY]])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the product catalog ---------------------------------------------------------------

FULL_PRODUCT = {
    "name": "Glass Kettle", "category": "device", "processing_days": 1,
    "in_the_box": ["Kettle", "Base"], "quick_start": ["Fill", "Boil", "Pour"],
    "common_issue": "Lid sticks", "fixes": ["Press the hinge"], "care_tips": "Descale",
    "usage_cycle_days": 30, "review_delay_days": 7, "checkin": True, "locale": "en",
}
CATALOG = {"KETTLE-GLS": dict(FULL_PRODUCT),
           "TEA-SAMPLER": {**FULL_PRODUCT, "name": "Tea Sampler", "category": "consumable"}}
CATALOG_COMMANDS = [["validate"], ["messages", "due", "--date", DAY], ["inserts"]]


@FEW
@given(mutated(CATALOG))
@example({"KETTLE-GLS": {**FULL_PRODUCT, 1: "x"}})
@example({"KETTLE-GLS": {**FULL_PRODUCT, "sku": "OTHER"}})
@example({"KETTLE-GLS": {**FULL_PRODUCT, "review_delay_days": False}})
def test_a_mangled_yaml_catalog_is_a_clean_error_or_a_run(tree):
    folder = shop_copy()
    try:
        (folder / "products.yaml").write_text(dump(tree), encoding="utf-8")
        run_all(folder, CATALOG_COMMANDS)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


CELLS = st.one_of(
    st.sampled_from(["", " ", "KETTLE-GLS", "TEA-SAMPLER", "device", "consumable", "Food",
                     "1", "1.5", "-3", "nan", "inf", "1e9", "99999999999999999999", "true",
                     "yes", "maybe", "a|b|c|d", "a;b", '"', 'say "hi"', "x,y", "line\nbreak",
                     "=SUM(A1)", "é", "\t"]),
    st.text(max_size=8),
)
CATALOG_FIELDS = ["sku", "name", "category", "processing_days", "in_the_box", "quick_start",
                  "usage_cycle_days", "review_delay_days", "checkin", "", "SKU ", "colour"]


@st.composite
def catalog_csv(draw) -> tuple[str, list[list[str]]]:
    header = draw(st.lists(st.sampled_from(CATALOG_FIELDS), min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 1), max_size=5))
    # A one-column header shows no delimiter: a reader takes the usual comma (with ";",
    # a row ';"line<newline>break"' is two rows of one unquoted cell each).
    delimiter = draw(st.sampled_from([",", ";", "\t"])) if len(header) > 1 else ","
    if draw(st.booleans()):  # as a spreadsheet writes it
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buf.getvalue(), rows
    # as typed by hand: no quoting at all, so a cell's line break starts a new row
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    typed = re.split(r"\r\n|\r|\n", "\n".join(lines[1:])) if rows else []
    return "\n".join(lines) + "\n", [line.split(delimiter) for line in typed]


@settings(max_examples=150, deadline=None)
@given(catalog_csv(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
@example(("sku,name\nMUG-01," + "x" * 200_000 + "\n", [["MUG-01", "x" * 200_000]]), "utf-8")
@example(("sku\nline\nbreak\n", [["line"], ["break"]]), "utf-8")  # a break typed in a cell
@example(("sku\n0\r1\n", [["0"], ["1"]]), "utf-8")  # a lone carriage return: one too
def test_a_csv_catalog_loads_every_product_row_or_says_why(table, encoding):
    text, rows = table
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "products.csv"
        path.write_bytes(data)
        try:
            catalog = load_catalog([path])
        except InputError as exc:
            assert str(path) in exc.message
            return
    # Loaded: each product is one row with a SKU, none is lost or invented.
    assert len(catalog) <= len(rows)
    assert all(sku and sku == sku.strip() for sku in catalog)


# --- the fix log -----------------------------------------------------------------------

FIX_DATES = st.one_of(
    st.sampled_from(["", "2026-10-20", "10/20/2026", "20/10/2026", "2026-02-30", "0001-01-01",
                     "9999-12-31", "1999-12-31", "46315", "2026-10-20 13:00", "soon", "/"]),
    st.dates().map(str),
)
FIX_ROWS = st.lists(st.tuples(
    st.sampled_from(["tracking_not_updating", "Missing Parts", "missing-parts", "", " ",
                     "frobnicated", "low_rating", "x" * 200]),
    st.sampled_from(["", "KETTLE-GLS", "NOPE-SKU", "1e5"]),
    st.sampled_from(["", "Moved pickup to 3 pm", "=cmd|' /C calc'!A0", "[bold]x[/]"]),
    st.sampled_from(["", "Lee", "<script>"]),
    FIX_DATES,
), max_size=6)
FIX_COLUMNS = ["issue", "sku", "fix", "owner", "shipped_date"]


@FEW
@given(FIX_ROWS, st.sets(st.sampled_from(FIX_COLUMNS[1:])))
@example([("low_rating", "", "", "", "20/10/2026")] * 2, set())  # day first: unusable
@example([("", "", "", "", "/")], set())  # a row of empty markers is blank, not lost
def test_a_fix_log_is_read_row_for_row_or_said_to_be_unusable(rows, dropped):
    keep = [i for i, c in enumerate(FIX_COLUMNS) if c not in dropped]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([FIX_COLUMNS[i] for i in keep])
    written = [[row[i] for i in keep] for row in rows]
    writer.writerows(written)
    folder = shop_copy()
    try:
        (folder / "voc_fixes.csv").write_text(buf.getvalue(), encoding="utf-8")
        results = run_all(folder, [["validate", "-f", "json"], ["voc", "--date", DAY,
                                                                "-f", "json"]])
        validated = results["validate -f json"]
        fixes = json.loads(validated.stdout)["inputs"]["fixes"]
        if validated.exit_code == 2:  # unusable as a whole (dates the other way round)
            assert fixes["error"] in " ".join(validated.stderr.split()), validated.output
            return
        assert validated.exit_code == 0, validated.output
        # Every row with a value is kept or counted as excluded: none silently lost.
        # A cell of only "/", "N/A", "-" … is empty, as a spreadsheet export writes one.
        filled = sum(1 for row in written
                     if any(cell.strip() not in EMPTY_MARKERS for cell in row))
        assert fixes["rows"] + fixes["bad_rows"] == filled, fixes
        voc = results[f"voc --date {DAY} -f json"]
        assert voc.exit_code == 0
        json.loads(voc.stdout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- template overrides ----------------------------------------------------------------

SNIPPETS = st.sampled_from([
    "Hi {{ order.buyer or 'there' }}, ", "{{ item.name }}", "{{ shop.name }}",
    "{{ order.nope }}", "{{ nope }}", "{{ order['items'][99] }}", "{{ 1 / 0 }}",
    "{% for i in range(10**9) %}x{% endfor %}", "{% for i in range(3) %}{{ i }}{% endfor %}",
    "{{ 'x' * 10**9 }}", "{{ [0] * 10**8 }}", "{{ 10 ** 10 ** 8 }}", "{{ 7 ** 100000000 }}",
    "{{ 2 ** 10 }}", "{{ 'ab' * 3 }}", "{{ order.buyer | nosuchfilter }}", "{{ 'a' | int + 'x' }}",
    "{{ order.__class__.__mro__ }}", "{% include 'nope.txt.j2' %}", "{% if %}", "{{ ",
    "{% endfor %}", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "Leave a 5-star review for a gift card!", "\u00e9\u4e2d\U0001f600", "{# note #}",
    "{% raw %}{{ not jinja }}{% endraw %}", "{{ '%s' | format(order.buyer) }}",
])


@FEW
@given(st.lists(SNIPPETS, min_size=1, max_size=4).map("".join),
       st.sampled_from(["messages/review_request.txt.j2", "messages/order_confirmation.txt.j2",
                        "replies/damaged.txt.j2", "inserts/support.txt.j2"]))
@example("{{ 'x' * 10**9 }}", "messages/review_request.txt.j2")
@example("{{ 7 ** 100000000 }}", "messages/review_request.txt.j2")
def test_a_template_override_renders_or_is_a_clean_error(source, name):
    folder = shop_copy()
    try:
        with (folder / "cx.yaml").open("a") as config:
            config.write("templates: templates\n")
        template = folder / "templates" / name
        template.parent.mkdir(parents=True)
        template.write_text(source, encoding="utf-8")
        run_all(folder, [["messages", "due", "--date", DAY], ["replies", "show", "damaged"],
                         ["inserts"], ["lint"]])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the seller's own triage and comment rules -----------------------------------------

RULES = ROOT / "cx_cli" / "engines" / "rules"
TRIAGE_RULES = yaml.safe_load((RULES / "triage.yaml").read_text())
COMMENT_RULES = yaml.safe_load((RULES / "comments.yaml").read_text())


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["triage", "comments"]).flatmap(
    lambda kind: st.tuples(st.just(kind),
                           mutated(TRIAGE_RULES if kind == "triage" else COMMENT_RULES))))
def test_mangled_rules_are_a_clean_error_or_a_run(case):
    kind, tree = case
    folder = shop_copy()
    try:
        (folder / "rules.yaml").write_text(dump(tree), encoding="utf-8")
        with (folder / "cx.yaml").open("a") as config:
            config.write(f"{kind}: {{rules: rules.yaml}}\n")
        results = run_all(folder, [["validate"], [kind]])
        if results["validate"].exit_code == 0:
            assert results[kind].exit_code in (0, 1)  # validate found what triage finds
    finally:
        shutil.rmtree(folder, ignore_errors=True)
