"""Configuration: the documented example loads, errors name key, file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_cli.config import load_settings, parse_settings_file, parse_settings_text
from cx_cli.errors import ConfigError

ROOT = Path(__file__).parent.parent


def test_config_example_loads_and_documents_every_section():
    settings = parse_settings_file(ROOT / "config.example.yaml")
    assert settings.shop.market == "us"
    assert settings.scorecard.refund_lag_days == 14
    assert settings.messages.stages["review_reminder"].enabled is False
    text = (ROOT / "config.example.yaml").read_text()
    for section in ("shop:", "inputs:", "columns:", "messages:", "scorecard:", "triage:",
                    "comments:", "lint:", "voc:", "retention:", "reports:", "templates:"):
        assert section in text


def test_every_settings_field_is_documented_in_the_example():
    from pydantic import BaseModel

    from cx_cli.config import Settings

    text = (ROOT / "config.example.yaml").read_text()

    def walk(model: type[BaseModel]):
        for name, field in model.model_fields.items():
            yield name
            ann = field.annotation
            for candidate in (ann, *getattr(ann, "__args__", ())):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    yield from walk(candidate)

    missing = {n for n in walk(Settings) if f"{n}:" not in text}
    # StageConfig fields are documented together in one comment line
    assert missing <= {"enabled", "anchor", "offset_days", "window_days", "template",
                       "categories", "filters", "map", "preset"}, missing


def test_market_sets_defaults_and_explicit_keys_win():
    s = parse_settings_text("shop: {market: vn}")
    assert (s.shop.tz, s.shop.dayfirst, s.shop.decimal_is_comma) == ("Asia/Ho_Chi_Minh", True,
                                                                      True)
    s = parse_settings_text("shop: {market: vn, timezone: UTC, day_first: false}")
    assert (s.shop.tz, s.shop.dayfirst) == ("UTC", False)
    # A Mexican shop's messages are in Spanish unless shop.locale says otherwise.
    assert parse_settings_text("shop: {market: mx}").shop.locale == "es"
    assert parse_settings_text("shop: {market: mx, locale: en}").shop.locale == "en"
    assert parse_settings_text("shop: {market: us}").shop.locale == "en"


def test_unknown_key_names_key_file_and_line():
    with pytest.raises(ConfigError) as info:
        parse_settings_text("shop:\n  name: x\n  markett: us\n", "cx.yaml")
    assert "cx.yaml:3: unknown key 'shop.markett'" in info.value.message


def test_unknown_key_suggests_the_key_meant():
    with pytest.raises(ConfigError) as info:
        parse_settings_text("shop:\n  timzone: UTC\ninput:\n  orders: o.csv\nmessages:\n"
                            "  stages:\n    review_request:\n      enabeld: true\n"
                            "scorecard:\n  zzz: 1\n", "cx.yaml")
    message = info.value.message
    assert "cx.yaml:2: unknown key 'shop.timzone' (did you mean 'timezone'?)" in message
    assert "cx.yaml:3: unknown key 'input' (did you mean 'inputs'?)" in message
    assert ("cx.yaml:8: unknown key 'messages.stages.review_request.enabeld' "
            "(did you mean 'enabled'?)") in message
    assert "cx.yaml:10: unknown key 'scorecard.zzz'\n" in message + "\n"


def test_config_error_says_where_the_documented_example_is():
    """The hint names a file the seller can open, wherever cx is installed."""
    with pytest.raises(ConfigError) as info:
        parse_settings_text("shop:\n  nme: x\n", "cx.yaml")
    example = info.value.hint.removeprefix("every key is documented in ")
    assert example.endswith("config.example.yaml")
    assert "timezone:" in Path(example).read_text(encoding="utf-8")


def test_wrong_type_names_key_and_value():
    with pytest.raises(ConfigError) as info:
        parse_settings_text("scorecard:\n  weeks: lots\n", "cx.yaml")
    assert "cx.yaml:2: 'scorecard.weeks'" in info.value.message
    assert "'lots'" in info.value.message


def test_a_key_given_twice_is_an_error_naming_both_lines():
    with pytest.raises(ConfigError) as info:
        parse_settings_text("inputs:\n  orders: a.csv\nshop: {name: x}\ninputs:\n"
                            "  tickets: t.csv\n", "cx.yaml")
    assert "cx.yaml:4: key 'inputs' is given twice (first on line 1)" in info.value.message
    # The same key in two different sections is fine, and so are aliases.
    settings = parse_settings_text("scorecard: {weeks: 8}\nvoc: {weeks: 4}\n"
                                   "inputs: {orders: &o a.csv, returns: *o}\n")
    assert settings.inputs.returns == "a.csv"


def test_an_empty_input_path_is_an_error_not_the_config_folder():
    with pytest.raises(ConfigError) as info:
        parse_settings_text('inputs:\n  orders: ""\n', "cx.yaml")
    assert "cx.yaml:2: 'inputs.orders'" in info.value.message
    assert "is empty" in info.value.message
    with pytest.raises(ConfigError, match="is empty"):
        parse_settings_text('inputs:\n  tickets: [t.csv, " "]\n')


def test_lint_disable_takes_rule_codes_and_prefixes_only():
    assert parse_settings_text("lint: {disable: [cx2, CX301]}").lint.disable == ["cx2", "CX301"]
    with pytest.raises(ConfigError) as info:
        parse_settings_text("lint:\n  disable: [CX999]\n", "cx.yaml")
    assert "cx.yaml:2: 'lint.disable'" in info.value.message
    assert "'CX999' is not a lint rule" in info.value.message
    assert "CX101" in info.value.message


def test_gb_is_the_uk_market_as_iso_names_it():
    """A British seller may write the country's ISO code: "GB" is cx's "uk", with its
    time zone, currency and day-first dates."""
    shop = parse_settings_text("shop: {market: GB}").shop
    assert shop.market == "uk"
    assert (shop.tz, shop.currency_code, shop.dayfirst) == ("Europe/London", "GBP", True)


def test_unknown_market_and_timezone():
    with pytest.raises(ConfigError, match="unknown market 'mars'"):
        parse_settings_text("shop: {market: mars}")
    with pytest.raises(ConfigError, match="unknown timezone"):
        parse_settings_text("shop: {timezone: Moon/Base}")


def test_invalid_yaml_is_a_config_error():
    with pytest.raises(ConfigError, match="not valid YAML"):
        parse_settings_text("shop: [unclosed\n", "cx.yaml")


def test_precedence_explicit_then_env_then_cwd(tmp_path, monkeypatch):
    (tmp_path / "cx.yaml").write_text("shop: {name: From cwd}\n")
    env = tmp_path / "env.yaml"
    env.write_text("shop: {name: From env}\n")
    explicit = tmp_path / "explicit.yaml"
    explicit.write_text("shop: {name: Explicit}\n")
    assert load_settings(None, cwd=tmp_path).shop.name == "From cwd"
    monkeypatch.setenv("CX_CONFIG", str(env))
    assert load_settings(None, cwd=tmp_path).shop.name == "From env"
    assert load_settings(explicit, cwd=tmp_path).shop.name == "Explicit"


def test_no_config_at_all_uses_defaults(tmp_path):
    s = load_settings(None, cwd=tmp_path)
    assert s.shop.market == "us" and s.path is None


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    sub = tmp_path / "shop"
    sub.mkdir()
    (sub / "cx.yaml").write_text("inputs: {orders: exports/*.csv}\n")
    s = parse_settings_file(sub / "cx.yaml")
    assert s.resolve("exports/a.csv") == sub.resolve() / "exports/a.csv"


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.yaml")
    # /dev/null is there, just not a config file: it was said not to exist.
    with pytest.raises(ConfigError, match="config file /dev/null is not a file"):
        load_settings(Path("/dev/null"))


@pytest.mark.parametrize(("text", "key"), [
    ("messages: {stages: {delivery_day: {offset_days: 3000000}}}",
     "messages.stages.delivery_day.offset_days"),
    ("messages: {stages: {delivery_day: {window_days: 3000000}}}",
     "messages.stages.delivery_day.window_days"),
    ("scorecard: {refund_lag_days: 3000000}", "scorecard.refund_lag_days"),
    ("voc: {weeks: 500}", "voc.weeks"),
])
def test_day_counts_beyond_any_calendar_are_config_errors(text, key):
    """Millions of days overflowed the date arithmetic into a traceback."""
    with pytest.raises(ConfigError) as info:
        parse_settings_text(text, "cx.yaml")
    assert f"'{key}'" in info.value.message
    assert "less than or equal" in info.value.message


def test_yaml_merge_keys_still_work_beside_the_repeated_key_check():
    settings = parse_settings_text(
        "messages:\n  stages:\n    review_request: &rr {offset_days: 3, window_days: 5}\n"
        "    review_reminder:\n      <<: *rr\n      offset_days: 10\n")
    reminder = settings.messages.stages["review_reminder"]
    assert (reminder.offset_days, reminder.window_days) == (10, 5)


@pytest.mark.parametrize(("text", "key"), [
    ("shop: {dispatch_days: yes}", "shop.dispatch_days"),
    ("messages: {max_per_buyer_per_day: no}", "messages.max_per_buyer_per_day"),
    ("messages: {checkin_ticket_rate: off}", "messages.checkin_ticket_rate"),
    ("messages: {stages: {review_request: {offset_days: on}}}",
     "messages.stages.review_request.offset_days"),
    ("scorecard: {weeks: true}", "scorecard.weeks"),
    ("voc: {min_lines: false}", "voc.min_lines"),
])
def test_yes_and_no_are_not_numbers(text, key):
    """YAML reads yes/no/on/off as booleans, which were taken as 1 and 0 without a word."""
    with pytest.raises(ConfigError) as info:
        parse_settings_text(text, "cx.yaml")
    assert f"cx.yaml:1: '{key}': expected a number, found a yes/no value" in info.value.message


@pytest.mark.parametrize(("text", "key"), [
    ('messages: {ledger: ""}', "messages.ledger"),
    ('cache: {dir: " "}', "cache.dir"),
    ('reports: {out: ""}', "reports.out"),
])
def test_an_empty_ledger_cache_or_report_path_is_an_error_not_the_config_folder(text, key):
    with pytest.raises(ConfigError) as info:
        parse_settings_text(text, "cx.yaml")
    assert f"cx.yaml:1: '{key}': is empty" in info.value.message


def test_support_hours_need_a_day():
    """No day made every business-hours response time 0 hours, the best figure there is."""
    with pytest.raises(ConfigError) as info:
        parse_settings_text("shop:\n  support_hours: {days: []}\n", "cx.yaml")
    assert "cx.yaml:2: 'shop.support_hours.days': is empty" in info.value.message


@pytest.mark.parametrize("domain", ["https://acme.co/", "*.acme.co", " ", "acme"])
def test_allow_domains_must_be_domains(domain):
    """A URL, a wildcard or a blank matched no link's host: it allowed nothing, silently."""
    with pytest.raises(ConfigError) as info:
        parse_settings_text(f"lint:\n  allow_domains: ['{domain}']\n", "cx.yaml")
    assert f"'{domain}' is not a domain" in info.value.message
    allowed = parse_settings_text("lint: {allow_domains: [acme.co, .shop.acme.co]}")
    assert allowed.lint.allow_domains == ["acme.co", ".shop.acme.co"]


def test_a_value_named_in_the_message_is_not_repeated():
    with pytest.raises(ConfigError) as info:
        parse_settings_text("shop: {timezone: Moon/Base}", "cx.yaml")
    assert info.value.message.count("Moon/Base") == 1


def test_a_config_in_another_encoding_names_the_line(tmp_path):
    path = tmp_path / "cx.yaml"
    path.write_bytes("shop:\n  name: Café\n".encode("cp1252"))
    with pytest.raises(ConfigError) as info:
        parse_settings_file(path)
    assert info.value.message == f"{path}:2: not UTF-8 text"
    assert info.value.hint.startswith("save it as UTF-8")


@pytest.mark.parametrize("written", ["spring_restock", "spring_restock.txt.j2",
                                     "messages/spring_restock.txt.j2", " spring_restock "])
def test_a_stage_template_may_be_written_as_its_file_name(written):
    settings = parse_settings_text(f"messages: {{stages: {{spring: {{template: '{written}'}}}}}}")
    assert settings.messages.stages["spring"].template == "spring_restock"


@pytest.mark.parametrize("written", ["", "other/spring.txt.j2", ".txt.j2"])
def test_a_stage_template_that_names_no_template_is_an_error(written):
    with pytest.raises(ConfigError, match="is not a template name"):
        parse_settings_text(f"messages: {{stages: {{spring: {{template: '{written}'}}}}}}")
