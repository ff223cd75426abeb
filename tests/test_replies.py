"""The Jinja environment, the saved and public replies, and `cx replies`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.cli.replies import reply_context, reply_names
from cx_cli.config import Settings, parse_settings_file
from cx_cli.engines.lint import lint_paths
from cx_cli.errors import TemplateError
from cx_cli.io.catalog import load_catalog
from cx_cli.render.templating import find_template, make_environment, render
from cx_cli.resources import templates_dir

DATA = Path(__file__).parent / "data"
CATALOG = DATA / "catalog_lint.yaml"
runner = CliRunner()

SAVED = ["ack_timeline", "damaged", "delivered_not_received", "doesnt_work", "missing_parts",
         "outcome_confirmation", "refund_return", "tracking_not_updating", "wrong_variant"]
PUBLIC = ["broken_on_arrival", "doesnt_work", "missing_items", "question", "safety",
          "scam_claim", "shipping"]


def show_reply(cfg: Path, name: str, *args: str) -> str:
    """`cx replies show NAME` with ``cfg``: exit 0 and nothing on stderr (no lint
    finding, not even a warning); the reply's text."""
    from cx_cli.cli.main import app

    result = runner.invoke(app, ["replies", "show", name, "-c", str(cfg), *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr
    return result.stdout


def every_reply(cfg: Path, *args: str, saved: str = "saved", public: str = "public"
                ) -> dict[str, str]:
    """Every saved and public reply as ``show_reply`` gives it, keyed "saved/<name>" and
    "public/<name>" (or the folders given)."""
    texts = {f"{saved}/{n}": show_reply(cfg, n, *args) for n in SAVED}
    texts |= {f"{public}/{n}": show_reply(cfg, f"public/{n}", *args) for n in PUBLIC}
    return texts


def own_settings(tmp_path: Path, files: dict[str, str]) -> Settings:
    for name, text in files.items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Acme Goods}\ntemplates: templates\n")
    return parse_settings_file(cfg)


# --- the environment ----------------------------------------------------------------

def test_own_templates_override_the_bundled_ones(tmp_path):
    settings = own_settings(tmp_path, {"replies/damaged.txt.j2": "Ours for {{ shop.name }}\n"})
    env = make_environment(settings)
    context = {"shop": settings.shop}
    assert render(env, "replies/damaged.txt.j2", context) == "Ours for Acme Goods\n"
    assert "shipping.txt.j2" in find_template(env, "public/shipping")


def test_missing_templates_folder_is_a_clear_error(tmp_path):
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("templates: nowhere\n")
    with pytest.raises(TemplateError, match=r"templates folder .*nowhere does not exist"):
        make_environment(parse_settings_file(cfg))


def test_a_templates_file_is_said_to_be_a_file(tmp_path):
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("templates: cx.yaml\n")
    result = CliRunner().invoke(app, ["replies", "list", "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: templates {cfg} is a file, not a folder")


def test_find_template_picks_the_most_specific(tmp_path):
    settings = own_settings(tmp_path, {
        "msg/review_request.txt.j2": "base", "msg/review_request.es.txt.j2": "es",
        "msg/review_request.device.txt.j2": "device",
        "msg/review_request.device.es.txt.j2": "device es"})
    env = make_environment(settings)
    pick = lambda **kw: find_template(env, "msg/review_request", **kw)  # noqa: E731
    assert pick() == "msg/review_request.txt.j2"
    assert pick(locale="es-MX") == "msg/review_request.es.txt.j2"
    assert pick(category="device") == "msg/review_request.device.txt.j2"
    assert pick(category="device", locale="es") == "msg/review_request.device.es.txt.j2"
    assert pick(category="apparel", locale="fr") == "msg/review_request.txt.j2"
    with pytest.raises(TemplateError, match=r"no template msg/nothing\.txt\.j2"):
        find_template(env, "msg/nothing")


def test_strict_undefined_names_template_and_field(tmp_path):
    settings = own_settings(tmp_path, {
        "replies/x.txt.j2": "Hi {{ buyer }},\nTry: {{ product.warranty }}\n"})
    env = make_environment(settings)
    product = load_catalog([CATALOG])["KETTLE-01"]
    with pytest.raises(TemplateError) as err:
        render(env, "replies/x.txt.j2", {"buyer": "Maya", "product": product})
    # The file the seller opens, by its full path (as a syntax error names it).
    own = tmp_path / "templates" / "replies" / "x.txt.j2"
    assert err.value.message == (f"template {own} line 2 uses 'product.warranty' which "
                                 "is not available; add it to the catalog or edit the template")
    with pytest.raises(TemplateError, match="uses 'buyer' which is not available"):
        render(env, "replies/x.txt.j2", {"product": product})


def test_syntax_errors_and_sandbox_are_template_errors(tmp_path):
    settings = own_settings(tmp_path, {
        "bad.txt.j2": "ok\n{% if x %}\nno end\n",
        "evil.txt.j2": "{{ ''.__class__.__mro__ }}",
        "call.txt.j2": "{{ shop.model_dump.__globals__ }}"})
    env = make_environment(settings)
    with pytest.raises(TemplateError) as err:
        render(env, "bad.txt.j2", {"x": 1})
    # The file the seller opens, and its line (Jinja finds the missing endif at the end).
    assert err.value.message.startswith(f"template {tmp_path / 'templates' / 'bad.txt.j2'} "
                                        "line 3: ")
    for name in ("evil.txt.j2", "call.txt.j2"):
        with pytest.raises(TemplateError):
            render(env, name, {"shop": settings.shop})
    with pytest.raises(TemplateError, match=r"template nope\.txt\.j2 not found"):
        render(env, "nope.txt.j2", {})


def test_autoescape_only_for_html(tmp_path):
    settings = own_settings(tmp_path, {"a.txt.j2": "{{ v }}", "a.html.j2": "{{ v }}"})
    env = make_environment(settings)
    assert render(env, "a.txt.j2", {"v": "<b>&"}) == "<b>&"
    assert render(env, "a.html.j2", {"v": "<b>&"}) == "&lt;b&gt;&amp;"


# --- the shipped replies ------------------------------------------------------------------

def test_every_reply_is_shipped():
    names = reply_names(make_environment(None))
    assert [n for k, n in names if k == "saved"] == SAVED
    assert [n for k, n in names if k == "public"] == PUBLIC


def test_every_shipped_template_lints_clean():
    assert [f.format() for f in lint_paths([templates_dir()])] == []


def _render_all(product, buyer, order_id):
    settings = Settings()
    settings.shop.name = "Acme Goods"
    env = make_environment(settings)
    context = reply_context(settings, product, buyer=buyer, order_id=order_id)
    out = {}
    for kind, name in reply_names(env):
        folder = "replies" if kind == "saved" else "public"
        out[f"{kind}-{name}"] = render(env, f"{folder}/{name}.txt.j2", context)
    return out


def test_replies_golden_with_a_full_catalog_entry(golden):
    product = load_catalog([CATALOG])["KETTLE-01"]
    for name, text in _render_all(product, "Maya", "577012345678901234").items():
        golden(f"replies/{name}.txt", text)


def test_replies_render_without_catalog_fields_buyer_or_order(golden):
    product = load_catalog([CATALOG])["TEE-BLK-M"]  # no fixes, no quick start
    texts = _render_all(product, None, None)
    for name in ("saved-doesnt_work", "saved-missing_parts", "public-doesnt_work"):
        golden(f"replies/{name}.no_catalog.txt", texts[name])
    for text in texts.values():
        assert "None" not in text
        assert all("  " not in line and line == line.strip() for line in text.splitlines())


def test_replies_are_short_and_public_ones_move_to_dm():
    texts = _render_all(load_catalog([CATALOG])["KETTLE-01"], "Maya", "5770")
    for name, text in texts.items():
        if name.startswith("public-"):
            assert len(text) <= 300, name
            assert "DM" in text, name
            assert "24 hours" in text or "business day" in text, name
        else:
            assert len(text) <= 900, name


# --- the command -----------------------------------------------------------------------

def test_cli_replies_list_json():
    result = runner.invoke(app, ["replies", "list", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(SAVED) + len(PUBLIC)
    assert rows[0] == {"name": "ack_timeline", "kind": "saved", "first_line":
                       "Hi, thanks for getting in touch. We've got your message and we're "
                       "looking into it now."}
    assert {r["kind"] for r in rows} == {"saved", "public"}


def test_cli_replies_list_table():
    result = runner.invoke(app, ["replies", "list"])
    assert result.exit_code == 0
    assert "delivered_not_received  saved" in result.stdout
    assert "scam_claim" in result.stdout and "public" in result.stdout


def test_cli_replies_show_with_sku(golden):
    result = runner.invoke(app, ["replies", "show", "doesnt_work", "--sku", "KETTLE-01",
                                 "--products", str(CATALOG), "--buyer", "Maya"])
    assert result.exit_code == 0, result.output
    assert "1. Push the kettle down firmly onto the base until it clicks." in result.stdout
    public = runner.invoke(app, ["replies", "show", "public/doesnt_work", "--sku", "KETTLE-01",
                                 "--products", str(CATALOG)])
    assert public.stdout.startswith("Sorry it isn't working for you! One quick thing to try: "
                                    "Push the kettle down")


def test_cli_replies_show_unknown_sku_warns_and_uses_defaults():
    result = runner.invoke(app, ["replies", "show", "damaged", "--sku", "LED-STRIP-5M",
                                 "--products", str(CATALOG)])
    assert result.exit_code == 0
    assert "SKU LED-STRIP-5M is not in the product catalog" in result.stderr
    assert "your item arrived damaged" in result.stdout
    assert "LED-STRIP-5M" not in result.stdout
    assert "CX301" not in result.stderr  # the SKU in capitals read as shouting


def test_cli_replies_show_unknown_name_is_a_usage_error():
    result = runner.invoke(app, ["replies", "show", "damagd"])
    assert result.exit_code == 2
    assert "no reply named 'damagd'" in result.stderr and "did you mean 'damaged'?" in result.stderr


def test_cli_replies_show_refuses_a_reply_that_breaks_the_policy(tmp_path):
    catalog = tmp_path / "products.yaml"
    catalog.write_text("LAMP:\n  name: Desk lamp\n  fixes: [Email help@lamp.co for a new cable.]\n")
    result = runner.invoke(app, ["replies", "show", "doesnt_work", "--sku", "LAMP",
                                 "--products", str(catalog)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "refused: replies/doesnt_work.txt.j2:" in result.stderr and "CX201" in result.stderr


def test_cli_replies_show_picks_the_buyers_language_over_the_product_type(tmp_path):
    """Like message templates: a Spanish-speaking buyer of a device gets the Spanish
    reply, not the English one for devices."""
    own = tmp_path / "tpl" / "replies"
    own.mkdir(parents=True)
    (own / "damaged.es.txt.j2").write_text("Lo sentimos mucho.\n")
    (own / "damaged.device.txt.j2").write_text("Sorry about your device.\n")
    (tmp_path / "products.yaml").write_text(
        "LAMP: {name: Lamp, category: device, locale: es}\n"
        "FAN: {name: Fan, category: device}\n")
    (tmp_path / "cx.yaml").write_text("templates: tpl\ninputs: {products: products.yaml}\n")
    config = str(tmp_path / "cx.yaml")
    spanish = runner.invoke(app, ["replies", "show", "damaged", "--sku", "LAMP", "-c", config])
    assert spanish.exit_code == 0, spanish.output
    assert spanish.stdout == "Lo sentimos mucho.\n"
    english = runner.invoke(app, ["replies", "show", "damaged", "--sku", "FAN", "-c", config])
    assert english.stdout == "Sorry about your device.\n"


def test_each_render_failure_says_what_went_wrong(tmp_path):
    settings = own_settings(tmp_path, {
        "divide.txt.j2": "ok\n{{ 10 // n }}\n",
        "outer.txt.j2": "{% include 'inner.txt.j2' %}",
        "inner.txt.j2": "{% for x in y %}\n",
        "evil.txt.j2": "{{ ''.__class__.__mro__ }}"})
    env = make_environment(settings)
    with pytest.raises(TemplateError) as err:
        render(env, "divide.txt.j2", {"n": 0})
    own = tmp_path / "templates"
    assert err.value.message == (f"template {own / 'divide.txt.j2'} line 2 failed: "
                                 "ZeroDivisionError: integer division or modulo by zero")
    with pytest.raises(TemplateError) as err:
        render(env, "outer.txt.j2", {"y": []})
    assert err.value.message.startswith(
        f"template {own / 'inner.txt.j2'} line 1 (included from {own / 'outer.txt.j2'} "
        "line 1): ")
    with pytest.raises(TemplateError) as err:
        render(env, "evil.txt.j2", {})
    assert err.value.message.startswith(f"template {own / 'evil.txt.j2'} tried something the "
                                        "sandbox forbids: ")
    assert err.value.hint == "templates may only read the fields they are given"


@pytest.mark.parametrize(("source", "how"), [
    ("{% extends 'layout.txt.j2' %}\n", "extended by"),
    ("{% import 'macros.txt.j2' as m with context %}\nHi\n{{ m.sign() }}\n", "called from"),
    ("{% from 'macros.txt.j2' import sign %}\n{% include 'layout.txt.j2' %}\n",
     "included from"),
])
def test_an_error_in_a_template_brought_in_names_it_and_how_it_came_in(tmp_path, source, how):
    settings = own_settings(tmp_path, {
        "reply.txt.j2": source,
        "layout.txt.j2": "Hello\n{{ shop.nmae }}\n",
        "macros.txt.j2": "{% macro sign() %}\n{{ shop.nmae }}\n{% endmacro %}\n"})
    env = make_environment(settings)
    with pytest.raises(TemplateError) as err:
        render(env, "reply.txt.j2", {"shop": {"name": "Acme"}})
    own = tmp_path / "templates"
    inner = own / ("macros.txt.j2" if how == "called from" else "layout.txt.j2")
    line = source.count("\n")
    assert err.value.message == (
        f"template {inner} line 2 ({how} {own / 'reply.txt.j2'} line {line}) uses "
        "'shop.nmae' which is not available; add it to the catalog or edit the template")


def test_an_error_in_a_block_of_the_template_itself_stays_at_its_line(tmp_path):
    settings = own_settings(tmp_path, {
        "reply.txt.j2": "{% extends 'layout.txt.j2' %}\n{% block body %}\n"
                        "{{ shop.nmae }}\n{% endblock %}\n",
        "layout.txt.j2": "Hello\n{% block body %}{% endblock %}\n"})
    with pytest.raises(TemplateError) as err:
        render(make_environment(settings), "reply.txt.j2", {"shop": {"name": "Acme"}})
    assert err.value.message.startswith(
        f"template {tmp_path / 'templates' / 'reply.txt.j2'} line 3 uses 'shop.nmae' ")


def test_a_macro_imported_without_the_fields_says_how_to_give_them(tmp_path):
    settings = own_settings(tmp_path, {
        "reply.txt.j2": "{% from 'macros.txt.j2' import sign %}\n{{ sign() }}\n",
        "macros.txt.j2": "{% macro sign() %}\n{{ shop.name }}\n{% endmacro %}\n"})
    with pytest.raises(TemplateError) as err:
        render(make_environment(settings), "reply.txt.j2", {"shop": {"name": "Acme"}})
    own = tmp_path / "templates"
    assert err.value.message == (f"template {own / 'macros.txt.j2'} line 2 (called from "
                                 f"{own / 'reply.txt.j2'} line 2) uses 'shop', which it is "
                                 "not given")
    assert "'with context'" in err.value.hint


def test_fixes_the_seller_numbered_show_one_number(tmp_path):
    catalog = tmp_path / "products.yaml"
    catalog.write_text("LAMP:\n  name: Desk lamp\n"
                       "  fixes: ['1. Check the plug.', '2. Hold the switch for 5 seconds.']\n")
    result = runner.invoke(app, ["replies", "show", "doesnt_work", "--sku", "LAMP",
                                 "--products", str(catalog)])
    assert result.exit_code == 0, result.output
    assert "\n1. Check the plug.\n2. Hold the switch for 5 seconds.\n" in result.stdout
    public = runner.invoke(app, ["replies", "show", "public/doesnt_work", "--sku", "LAMP",
                                 "--products", str(catalog)])
    assert "One quick thing to try: Check the plug. Please DM us" in public.stdout


def test_a_one_day_turnaround_reads_one_business_day():
    from cx_cli.io.catalog import Product

    product = Product(sku="MUG-1", name="Travel Mug", processing_days=1)
    texts = _render_all(product, "Maya", "5770")
    for name in ("saved-missing_parts", "saved-wrong_variant", "public-missing_items"):
        assert "within 1 business day," in texts[name] or "within 1 business day." in \
            texts[name], name
        assert "1 business days" not in texts[name], name
    texts = _render_all(Product(sku="MUG-1", name="Travel Mug", processing_days=3), None, None)
    assert "within 3 business days" in texts["saved-missing_parts"]


def test_saved_replies_sign_off_like_the_timeline_messages():
    # A buyer sees both in one chat: the same signature line under each.
    texts = _render_all(load_catalog([CATALOG])["KETTLE-01"], "Maya", "5770")
    for name, text in texts.items():
        if name.startswith("saved-"):
            assert text.rstrip("\n").splitlines()[-1] == "Acme Goods", name


def test_replies_show_mentions_an_order_pasted_from_a_spreadsheet_without_its_apostrophe():
    result = runner.invoke(app, ["replies", "show", "ack_timeline", "--order",
                                 "'576400000000000001\t"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "thanks for getting in touch about order 576400000000000001." in result.stdout
