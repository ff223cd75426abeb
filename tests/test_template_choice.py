"""Which template a message, reply or card is written from: the seller's own files
before the shipped ones, and the buyer's language before a product-type variant."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.config import parse_settings_text
from cx_cli.render.templating import make_environment, readable_template


def _choose(tmp_path, market: str, own: dict[str, str], base: str, *,
            category: str | None = None, locale: str | None = None) -> str:
    folder = tmp_path / "templates"
    for name, text in own.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    folder.mkdir(exist_ok=True)
    settings = parse_settings_text(f"shop: {{market: {market}}}\ntemplates: {folder}\n")
    shop = settings.shop.locale
    name = readable_template(make_environment(settings), base, category=category,
                             locale=locale or shop, shop_locale=shop)
    return ("own " if (folder / name).exists() else "shipped ") + name


@pytest.mark.parametrize(("market", "own", "base", "category", "locale", "chosen"), [
    # A shop that wrote its own file keeps it when cx ships a variant in the shop's
    # language (an Indonesian shop wrote order_confirmation in Indonesian before cx had
    # one) or for the product type.
    ("id", ["messages/order_confirmation.txt.j2"], "messages/order_confirmation", None, None,
     "own messages/order_confirmation.txt.j2"),
    ("mx", ["replies/damaged.txt.j2"], "replies/damaged", None, None,
     "own replies/damaged.txt.j2"),
    ("us", ["messages/review_request.txt.j2"], "messages/review_request", "device", None,
     "own messages/review_request.txt.j2"),
    # Its own variant for the type, or in a language, is more specific still.
    ("us", ["messages/review_request.txt.j2", "messages/review_request.device.txt.j2"],
     "messages/review_request", "device", None, "own messages/review_request.device.txt.j2"),
    ("br", ["messages/review_request.txt.j2", "messages/review_request.pt-BR.txt.j2"],
     "messages/review_request", "device", None, "own messages/review_request.pt-BR.txt.j2"),
    # A buyer whose catalog entry names another language than the shop's cannot read
    # the shop's own plain files: the shipped variant in their language, or theirs.
    ("us", ["messages/review_request.txt.j2"], "messages/review_request", "device", "es",
     "shipped messages/review_request.es.txt.j2"),
    ("us", ["messages/review_request.txt.j2", "messages/review_request.es.txt.j2"],
     "messages/review_request", None, "es", "own messages/review_request.es.txt.j2"),
    # ...and the shop's own file where cx has nothing in that language either.
    ("us", ["messages/how_to_video.txt.j2"], "messages/how_to_video", None, "de",
     "own messages/how_to_video.txt.j2"),
    # Nothing of its own: the shipped one, the buyer's language first.
    ("th", [], "messages/review_request", "device", None,
     "shipped messages/review_request.th.txt.j2"),
    ("us", [], "messages/review_request", "device", None,
     "shipped messages/review_request.device.txt.j2"),
])
def test_the_seller_s_own_templates_win_in_the_shop_s_language(tmp_path, market, own, base,
                                                               category, locale, chosen):
    files = {name: "{{ shop.name }}\n" for name in own}
    assert _choose(tmp_path, market, files, base, category=category, locale=locale) == chosen


def test_a_mexican_shop_s_own_saved_reply_is_the_one_shown(tmp_path):
    folder = tmp_path / "templates" / "replies"
    folder.mkdir(parents=True)
    (folder / "damaged.txt.j2").write_text("Lo sentimos mucho, te mandamos otro hoy.\n"
                                           "{{ shop.name }}\n", encoding="utf-8")
    config = tmp_path / "cx.yaml"
    config.write_text("shop: {name: Tienda, market: mx}\ntemplates: templates\n")
    result = CliRunner().invoke(app, ["replies", "show", "damaged", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Lo sentimos mucho, te mandamos otro hoy.\nTienda\n"


def test_an_unedited_copy_from_cx_init_does_not_keep_a_shop_from_its_language(tmp_path):
    """A Thai shop set up before cx shipped Thai has `cx init`'s English copies: left as
    they were, they are no choice of the seller's, and the Thai templates are sent. An
    edited copy is the seller's own."""
    from cx_cli.resources import templates_dir

    shipped = (templates_dir() / "messages" / "review_request.txt.j2").read_text("utf-8")
    copy = {"messages/review_request.txt.j2": shipped}
    assert _choose(tmp_path / "a", "th", copy, "messages/review_request") == \
        "shipped messages/review_request.th.txt.j2"
    edited = {"messages/review_request.txt.j2": shipped.replace("Hi ", "Hello ")}
    assert _choose(tmp_path / "b", "th", edited, "messages/review_request") == \
        "own messages/review_request.txt.j2"


def test_a_shop_that_edits_the_english_copy_keeps_its_language_copy_for_its_buyers(tmp_path):
    """`cx init --market th` copies each template in English and in Thai. A Thai shop
    that adds a line to the English order confirmation still sends its Thai buyers the
    Thai one in its folder (before, the edited English file was taken for the shop's
    language and every Thai buyer got English)."""
    from cx_cli.resources import templates_dir

    def shipped(name: str) -> str:
        return (templates_dir() / name).read_text("utf-8")

    english, thai = "messages/order_confirmation.txt.j2", "messages/order_confirmation.th.txt.j2"
    folder = {english: shipped(english) + "Thanks from Brightside!\n", thai: shipped(thai)}
    assert _choose(tmp_path / "a", "th", folder, "messages/order_confirmation") == \
        "own messages/order_confirmation.th.txt.j2"
    # The same for a Mexican shop from an older `cx init` (every English and .es copy)
    # that edited an English saved reply: its Spanish buyers still get the Spanish one.
    reply, spanish = "replies/damaged.txt.j2", "replies/damaged.es.txt.j2"
    folder = {reply: shipped(reply).replace("Hi", "Hello"), spanish: shipped(spanish)}
    assert _choose(tmp_path / "c", "mx", folder, "replies/damaged") == \
        "own replies/damaged.es.txt.j2"


def test_a_copy_an_earlier_cx_init_made_counts_as_shipped_too(tmp_path):
    """A Thai shop set up before cx shipped Thai holds the English copies as cx shipped
    them then: tracking_stalled and the quick-start card have changed since. Left as
    they were, they are no choice of the seller's either: its buyers get the Thai ones
    (they got these two in English, the other stages and cards in Thai)."""
    from cx_cli.resources import templates_dir

    def earlier(name: str, now: str, then: str) -> str:
        text = (templates_dir() / name).read_text("utf-8")
        assert now in text
        return text.replace(now, then)

    stalled = "messages/tracking_stalled.txt.j2"
    old = earlier(stalled, "created{% if order.dates.rts %} on {{ order.dates_text.rts }}"
                           "{% endif %},", "created on {{ order.dates_text.rts }},")
    assert _choose(tmp_path / "a", "th", {stalled: old}, "messages/tracking_stalled") == \
        "shipped messages/tracking_stalled.th.txt.j2"
    card = "inserts/quick_start.txt.j2"
    old = earlier(card, 'trim(".?")', 'trim(".")')
    assert _choose(tmp_path / "b", "th", {card: old}, "inserts/quick_start") == \
        "shipped inserts/quick_start.th.txt.j2"
    # Edited, it is the seller's own.
    assert _choose(tmp_path / "c", "th", {card: old + "Thanks!\n"}, "inserts/quick_start") \
        == "own inserts/quick_start.txt.j2"


def test_every_shipped_template_is_known_to_earlier_versions_of_itself():
    """Today's text of each shipped template is among the digests, so a copy `cx init`
    makes now is still recognised once the template changes (after editing a shipped
    template: python -m cx_cli.render.earlier_templates)."""
    from cx_cli.render.earlier_templates import shipped_before
    from cx_cli.resources import templates_dir

    folder = templates_dir()
    missing = [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*.j2"))
               if not shipped_before(p.relative_to(folder).as_posix(),
                                     p.read_text(encoding="utf-8-sig"))]
    assert missing == [], ("shipped templates changed: run `python -m "
                           "cx_cli.render.earlier_templates` in a git checkout and commit "
                           "cx_cli/render/earlier_templates.py")
