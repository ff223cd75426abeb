"""The Brazilian Portuguese message templates (``<stage>.pt.txt.j2``): what a buyer of a
shop with ``shop.market: br`` reads at every stage, in Portuguese, with its days, counts
and products said the way a Brazilian seller writes them, and clean under the lint."""

from __future__ import annotations

import pytest
from test_message_templates import (
    ENGLISH,
    NOT_DELIVERED,
    NOT_SHIPPED,
    ORDER,
    render,
    render_order,
)
from timeline_frames import catalog

from cx_cli.engines.lint import lint_text
from cx_cli.resources import templates_dir

SHOP_BR = "shop: {market: br, name: Casa Bela}"
# A Brazilian shop's catalog, written in Portuguese: every word of its messages is too.
PRODUTOS = catalog(
    **{
        "SABONETE-LAV": {
            "name": "Sabonete de lavanda", "category": "consumable", "processing_days": 1,
            "in_the_box": ["2 sabonetes", "Saquinho de algodão"],
            "quick_start": ["Molhe o sabonete e o saquinho", "Faça espuma por 20 segundos",
                            "Deixe secar numa saboneteira"],
            "common_issue": "O sabonete amolece no box",
            "fixes": ["Deixe fora do jato do chuveiro", "Use uma saboneteira vazada",
                      "Corte a barra ao meio e use uma metade de cada vez"],
            "care_tips": "Guarde os sabonetes extras em lugar fresco e seco.",
            "usage_cycle_days": 30,
        },
        "CAIXA-SOM": {
            "name": "Caixa de som Bluetooth mini", "category": "device", "processing_days": 2,
            "in_the_box": ["Caixa de som", "Cabo USB-C", "Cordão"],
            "quick_start": ["Carregue até a luz ficar branca",
                            "Segure o botão de ligar por 3 segundos",
                            "Escolha 'MiniSom' na lista de Bluetooth do celular"],
            "common_issue": "Ela não aparece na lista de Bluetooth",
            "fixes": ["Desligue e ligue o Bluetooth do celular",
                      "Segure o botão de ligar por 10 segundos para reiniciar"],
            "care_tips": "Carregue pelo menos uma vez por mês, mesmo sem usar.",
            "checkin": True,
        },
        "CAMISETA": {"name": "Camiseta de algodão", "category": "apparel",
                     "common_issue": "Fica um pouco comprida",
                     "fixes": ["Peça um número menor para um caimento mais curto"]},
        "GARRAFA": {"name": "Garrafa térmica de inox", "category": "accessory",
                    "in_the_box": ["Garrafa", "Tampa antivazamento"]},
        "VELA": {"name": "Vela aromática", "category": "other", "processing_days": 0},
    })
# What a Brazilian order carries: the Correios and their tracking code.
CORREIOS = {"carrier": "Correios", "tracking_id": "QB123456785BR"}

CASES_PT = [
    # stage, sku, today, order overrides (ORDER: paid Mon Nov 2, 2026, label Tue Nov 3,
    # shipped Wed Nov 4, delivered Mon Nov 9)
    ("order_confirmation", "SABONETE-LAV", "2026-11-02",
     {**NOT_SHIPPED, "variation": "Lavanda, 2 unidades"}),
    ("label_created", "SABONETE-LAV", "2026-11-03", NOT_SHIPPED),
    ("in_transit", "CAIXA-SOM", "2026-11-04", NOT_DELIVERED),
    ("tracking_stalled", "SABONETE-LAV", "2026-11-11", NOT_DELIVERED),
    ("delivery_day", "CAIXA-SOM", "2026-11-09", {}),
    ("support_checkin", "CAIXA-SOM", "2026-11-12", {}),
    ("education_day2", "CAIXA-SOM", "2026-11-11", {}),
    ("education_day7", "SABONETE-LAV", "2026-11-16", {}),
    ("education_day14", "SABONETE-LAV", "2026-11-23", {}),
    ("review_request", "GARRAFA", "2026-11-16", {}),
    ("review_reminder", "CAIXA-SOM", "2026-11-23", {}),
    ("replenishment", "SABONETE-LAV", "2026-11-30", {"quantity": 2}),
]


def pt(stage: str, sku: str, today: str, line: dict | None = None,
       config: str = SHOP_BR) -> tuple[str, str]:
    """(template used, text) of one stage for a one-line Brazilian order of ``sku``."""
    return render(stage, sku, today=today, config=config, line={**CORREIOS, **(line or {})},
                  products=PRODUTOS)


def pt_text(stage: str, sku: str, today: str, line: dict | None = None) -> str:
    return pt(stage, sku, today, line)[1]


@pytest.mark.parametrize(("stage", "sku", "today", "line"), CASES_PT,
                         ids=[c[0] for c in CASES_PT])
def test_a_brazilian_shop_sends_every_stage_in_portuguese(golden, stage, sku, today, line):
    template, text = pt(stage, sku, today, line)
    golden(f"messages/pt/{stage}.txt", f"# {template}\n{text}")
    assert template == f"messages/{stage}.pt.txt.j2"
    assert text.startswith("Oi, mia.r! ")
    assert text.splitlines()[-1] == "Casa Bela"
    # No English left over: the catalog and the order are Brazilian, so is every word.
    assert ENGLISH.findall(text) == []
    assert not any(w in text for w in ("Hi", "Thanks", "your order"))
    assert "None" not in text and "{{" not in text and "\n\n\n" not in text
    assert " ." not in text and " ," not in text and "  " not in text
    assert lint_text(text, path=stage, market="br") == []


def test_a_brazilian_shop_without_a_locale_finds_a_portuguese_template_for_every_stage():
    from cx_cli.engines.stages import BUILTIN_NAMES

    folder = templates_dir() / "messages"
    assert [n for n in BUILTIN_NAMES if not (folder / f"{n}.pt.txt.j2").is_file()] == []
    # shop.market: br alone (locale pt-BR) picks them; the language beats the product
    # type (a consumable, a device, apparel get review_request.pt, not .consumable).
    for sku in ("SABONETE-LAV", "CAIXA-SOM", "CAMISETA", "GARRAFA"):
        assert pt("review_request", sku, "2026-11-19")[0] == \
            "messages/review_request.pt.txt.j2", sku
    # An explicit locale written as the market's ("pt-BR") or as the language ("pt").
    for config in ("shop: {locale: pt-BR}", "shop: {market: us, locale: pt}"):
        assert pt("delivery_day", "GARRAFA", "2026-11-09", config=config)[0] == \
            "messages/delivery_day.pt.txt.j2", config


def test_portuguese_messages_say_their_days_in_portuguese():
    # Paid Mon Nov 2 (Finados, no business day in Brazil), 1 processing day: by Tue Nov 3.
    text = pt_text("order_confirmation", "SABONETE-LAV", "2026-11-02", NOT_SHIPPED)
    assert ("Despachamos os pedidos em até 1 dia útil, então o seu deve sair daqui até "
            "terça-feira, 3 de novembro.") in text
    # 2 processing days: by Wed Nov 4; sent on that day, "hoje".
    text = pt_text("order_confirmation", "CAIXA-SOM", "2026-11-02", NOT_SHIPPED)
    assert "em até 2 dias úteis, então o seu deve sair daqui até quarta-feira, " \
        "4 de novembro." in text
    text = pt_text("order_confirmation", "CAIXA-SOM", "2026-11-04", NOT_SHIPPED)
    assert "então o seu deve sair daqui hoje." in text and "novembro" not in text
    # Same-day dispatch, paid on a business day (Tue Nov 3) and sent that day.
    text = pt_text("order_confirmation", "VELA", "2026-11-03",
                   {**NOT_SHIPPED, "paid_at": "2026-11-03 09:00"})
    assert "Despachamos os pedidos no mesmo dia útil, então o seu deve sair daqui hoje." \
        in text and "0 dia" not in text
    # Scanned Wed Nov 4: 2 to 5 business days, Fri Nov 6 to Wed Nov 11.
    text = pt_text("in_transit", "CAIXA-SOM", "2026-11-04", NOT_DELIVERED)
    assert ("A maioria dos pacotes chega em 2 a 5 dias úteis, então a previsão é entre "
            "sexta-feira, 6 de novembro, e quarta-feira, 11 de novembro.") in text
    assert "Código de rastreio: QB123456785BR (" in text
    text = pt_text("tracking_stalled", "SABONETE-LAV", "2026-11-11", NOT_DELIVERED)
    assert "Despachamos o pacote via Correios na quarta-feira, 4 de novembro, e desde " \
        "então ele" in text
    text = pt_text("tracking_stalled", "SABONETE-LAV", "2026-11-06", NOT_SHIPPED)
    assert ("A etiqueta de envio foi gerada na terça-feira, 3 de novembro, mas a "
            "transportadora ainda não fez a coleta do pacote. Estamos cobrando a "
            "transportadora (Correios) para ele seguir viagem.") in text
    # A label made on a Saturday: "no sábado", as Portuguese says it.
    text = pt_text("tracking_stalled", "SABONETE-LAV", "2026-11-10",
                   {**NOT_SHIPPED, "rts_at": "2026-11-07 10:00"})
    assert "A etiqueta de envio foi gerada no sábado, 7 de novembro, mas" in text


def test_delivery_day_says_today_yesterday_or_the_day():
    # Delivered Mon Nov 9.
    first = "Oi, mia.r! Pelo rastreio, seu pedido (Garrafa térmica de inox) foi entregue "
    assert pt_text("delivery_day", "GARRAFA", "2026-11-09").startswith(first + "hoje.\n")
    assert pt_text("delivery_day", "GARRAFA", "2026-11-10").startswith(first + "ontem.\n")
    assert pt_text("delivery_day", "GARRAFA", "2026-11-11").startswith(
        first + "na segunda-feira, 9 de novembro.\n")
    saturday = pt_text("delivery_day", "GARRAFA", "2026-11-10",
                       {"delivered_at": "2026-11-07 13:00"})
    assert saturday.startswith(first + "no sábado, 7 de novembro.\n")
    # No quick start in the catalog: three general steps, with what is in the box.
    text = pt_text("delivery_day", "GARRAFA", "2026-11-09")
    assert ("Para começar, três passos:\n"
            "1. Confira se veio tudo na caixa: Garrafa, Tampa antivazamento.\n"
            "2. Leia o cartão que vem dentro antes de usar pela primeira vez.\n"
            "3. Teste uma vez e guarde a embalagem por alguns dias.\n") in text
    text = pt_text("delivery_day", "VELA", "2026-11-09")
    assert "1. Confira se veio tudo na caixa.\n" in text
    # The seller's own steps, with no "three steps" announced.
    text = pt_text("delivery_day", "CAIXA-SOM", "2026-11-09")
    assert "Primeiros passos:\n1. Carregue até a luz ficar branca\n" in text
    assert "três passos" not in text
    assert "(576400000000000123) que a gente resolve." in text


def test_portuguese_messages_count_units_and_name_several_products():
    # Quantity above one in the list and in the replenishment, never "1 x".
    text = render_order(
        "order_confirmation",
        {"sku": "SABONETE-LAV", "product_name": "Sabonete de lavanda", "quantity": 3,
         **NOT_SHIPPED},
        {"sku": "VELA", "product_name": "Vela aromática", **NOT_SHIPPED},
        today="2026-11-02", config=SHOP_BR, products=PRODUTOS)
    assert "Seu pedido:\n- 3 x Sabonete de lavanda\n- Vela aromática\n\n" in text
    text = pt_text("replenishment", "SABONETE-LAV", "2026-11-30", {"quantity": 2})
    assert ("Se você tem usado o produto Sabonete de lavanda com frequência, as unidades "
            "já devem estar perto do fim (você pediu 2).") in text
    assert "cada unidade dura uns 30 dias" in text
    text = pt_text("replenishment", "SABONETE-LAV", "2026-11-30")
    assert "com frequência, ele já deve estar perto do fim.\n" in text
    assert "(você pediu" not in text

    delivered = {"shipped_at": ORDER["shipped_at"], "delivered_at": ORDER["delivered_at"]}
    soap = {"sku": "SABONETE-LAV", "product_name": "Sabonete de lavanda", **delivered}
    candle = {"sku": "VELA", "product_name": "Vela aromática", **delivered}
    bottle = {"sku": "GARRAFA", "product_name": "Garrafa térmica de inox", **delivered}
    text = render_order("delivery_day", soap, candle, today="2026-11-10", config=SHOP_BR,
                        products=PRODUTOS)
    assert text.startswith("Oi, mia.r! Pelo rastreio, seu pedido (Sabonete de lavanda e "
                           "Vela aromática) foi entregue ontem.\n")
    # The steps are the soap's: said so.
    assert "Primeiros passos com o produto Sabonete de lavanda:\n1. Molhe" in text
    assert "vamos adorar ver os produtos em uso" in text
    text = render_order("support_checkin", soap, candle, bottle, {**soap, "variation": "2"},
                        today="2026-11-12", config=SHOP_BR, products=PRODUTOS)
    assert text.startswith("Oi, mia.r! Passando para saber como está indo com o seu pedido "
                           "(Sabonete de lavanda, Vela aromática e Garrafa térmica de inox). "
                           "Os produtos estão funcionando bem até agora?\n")
    # Each product's tips once, though the soap is on two lines.
    assert text.count("Algo que ouvimos bastante sobre o produto Sabonete de lavanda: O "
                      "sabonete amolece no box.\nO que costuma resolver:\n- Deixe fora") == 1
    one = render_order("support_checkin", soap, today="2026-11-12", config=SHOP_BR,
                       products=PRODUTOS)
    assert "(Sabonete de lavanda). O produto está funcionando bem até agora?" in one


def test_portuguese_review_and_education_messages_read_right():
    # Delivered Mon Nov 9: the day itself, one day, then days.
    assert "O produto Garrafa térmica de inox acabou de chegar. O que você está achando?" \
        in pt_text("review_request", "GARRAFA", "2026-11-09")
    assert "Faz 1 dia que você recebeu o produto Garrafa térmica de inox." \
        in pt_text("review_request", "GARRAFA", "2026-11-10")
    text = pt_text("review_request", "GARRAFA", "2026-11-16")
    assert "Faz 7 dias que você recebeu" in text and "boa ou ruim" in text
    text = pt_text("review_reminder", "GARRAFA", "2026-11-23")
    assert "Se não quiser, tudo bem, e não vamos pedir de novo." in text
    # One fix is "the fix", not "the 1 fixes"; no fixes and no steps: the card in the box.
    text = pt_text("education_day2", "CAMISETA", "2026-11-11")
    assert "A solução que mais ajuda:\n1. Peça um número menor" in text
    assert "A confusão mais comum: Fica um pouco comprida." in text
    text = pt_text("education_day2", "SABONETE-LAV", "2026-11-11")
    assert "As 3 soluções que mais ajudam:\n1. Deixe fora" in text
    text = pt_text("education_day2", "GARRAFA", "2026-11-11")
    assert "tire um minutinho para ler o cartão que vem na caixa" in text
    # Day 7 promises tips only when it has some.
    text = pt_text("education_day7", "GARRAFA", "2026-11-16")
    assert text.split("\n")[0].endswith("com o produto Garrafa térmica de inox. Como está "
                                        "sendo?")
    text = pt_text("education_day7", "SABONETE-LAV", "2026-11-16")
    assert "Aqui vão algumas dicas" in text
    assert "vale voltar a este passo: Deixe secar numa saboneteira." in text
    text = pt_text("education_day14", "CAMISETA", "2026-11-23")
    assert "Lave a peça do avesso" in text
    text = pt_text("education_day14", "CAIXA-SOM", "2026-11-23")
    assert "A bateria chega à duração normal" in text


def test_a_portuguese_message_without_a_buyer_name_greets_plainly():
    text = render_order("in_transit", {"sku": "GARRAFA", "product_name": "Garrafa",
                                       **CORREIOS, **NOT_DELIVERED},
                        today="2026-11-04", config=SHOP_BR, products=PRODUTOS, buyer=None)
    assert text.startswith("Oi! Boa notícia: seu pedido 576400000000000123 já está a "
                           "caminho via Correios.\n")


def test_every_portuguese_template_passes_the_brazilian_lint():
    folder = templates_dir() / "messages"
    paths = sorted(folder.glob("*.pt.txt.j2"))
    assert len(paths) == 12
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for market in ("br", "us"):
            assert lint_text(text, path=path.name, market=market) == [], (path.name, market)


def test_a_portuguese_catalog_entry_in_an_english_shop_gets_every_stage_in_portuguese():
    products = catalog(**{"GARRAFA-BR": {"name": "Garrafa térmica", "category": "accessory",
                                         "locale": "pt-BR"},
                          "MUG-STEEL": {"name": "Insulated Travel Mug",
                                        "category": "accessory"}})
    for stage, _, today, line in CASES_PT:
        template, text = render(stage, "GARRAFA-BR", today=today, line=line,
                                products=products)
        assert template == f"messages/{stage}.pt.txt.j2", stage
        assert text.startswith("Oi, mia.r! ") and ENGLISH.findall(text) == [], stage
    # The English shop's other products stay in English.
    assert render("delivery_day", "MUG-STEEL", today="2026-11-09",
                  products=products)[1].startswith("Hi mia.r")
