"""The day_text filter: a day in the buyer's language, and the markets that pick one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cx_cli.config import parse_settings_text
from cx_cli.engines.message_context import day_text as english_day_text
from cx_cli.engines.message_context import day_text_es
from cx_cli.errors import TemplateError
from cx_cli.render.local_dates import day_text
from cx_cli.render.templating import make_environment, render_template

THU = date(2026, 11, 12)


@pytest.mark.parametrize(("locale", "text"), [
    ("en", "Thu, Nov 12"),
    ("es", "jueves 12 de noviembre"),
    ("pt-BR", "quinta-feira, 12 de novembro"),
    ("pt", "quinta-feira, 12 de novembro"),
    ("id", "Kamis, 12 November"),
    ("ms", "Khamis, 12 November"),
    ("vi", "Thứ Năm, ngày 12 tháng 11"),
    ("th", "วันพฤหัสบดีที่ 12 พฤศจิกายน"),
    ("fr", "jeu. 12 novembre"),  # no pattern of cx's own: CLDR's weekday, day month
    ("in", "Kamis, 12 November"),  # Indonesian's old code
    ("EN", "Thu, Nov 12"), ("pt_BR", "quinta-feira, 12 de novembro"),
])
def test_a_day_reads_as_a_chat_in_that_language_says_it(locale, text):
    assert day_text(THU, locale) == text


def test_english_and_spanish_agree_with_the_context_s_day_texts_all_year():
    for n in range(366):
        day = date(2026, 1, 1) + timedelta(days=n)
        assert day_text(day, "en") == english_day_text(day)
        assert day_text(day, "es-MX") == day_text_es(day)


def test_no_day_is_no_text_and_a_time_is_its_day():
    import pandas as pd

    assert day_text(None, "pt") == ""
    assert day_text(pd.NaT, "th") == ""  # a missing time read by pandas
    assert day_text(pd.Timestamp("2026-11-12 08:00"), "ms") == "Khamis, 12 November"
    assert day_text(datetime(2026, 11, 12, 23, 59), "id") == "Kamis, 12 November"


def _render(source: str, **context) -> str:
    env = make_environment()
    return render_template(env, env.from_string(source), context)


def test_templates_have_the_filter():
    assert _render('Enviado {{ d | day_text("pt-BR") }}.', d=THU) == \
        "Enviado quinta-feira, 12 de novembro."
    assert _render('{{ d | day_text("th") or "ยังไม่" }}', d=None) == "ยังไม่"


def test_an_unknown_language_or_a_value_that_is_no_day_is_a_template_error():
    with pytest.raises(TemplateError) as err:
        _render('{{ d | day_text("xx-YY") }}', d=THU)
    assert "unknown language 'xx-YY'" in err.value.message
    with pytest.raises(TemplateError) as err:
        _render('{{ d | day_text("pt") }}', d="2026-11-12")
    assert "needs a date" in err.value.message


@pytest.mark.parametrize(("market", "locale"), [
    ("br", "pt-BR"), ("id", "id"), ("th", "th"), ("vn", "vi"), ("my", "ms"),
    ("mx", "es"), ("us", "en"), ("uk", "en"), ("ph", "en"), ("sg", "en"),
    # The policy lint does not read these languages: their shops stay English.
    ("de", "en"), ("fr", "en"), ("it", "en"), ("jp", "en"),
])
def test_a_market_writes_in_its_language_unless_shop_locale_says_otherwise(market, locale):
    assert parse_settings_text(f"shop: {{market: {market}}}").shop.locale == locale
    assert parse_settings_text(f"shop: {{market: {market}, locale: en}}").shop.locale == "en"
