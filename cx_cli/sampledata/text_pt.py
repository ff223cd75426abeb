"""Brazilian Portuguese texts for the sample shop's tickets, reviews and comments.

The same pools as `text.py` (see there). `{product}` is the product's short name below;
a word in braces agrees with that product (the row's product, named in the text or not):
`{meu}`, `{quebrado}` are written as for a masculine singular noun and come out as AGREE
gives them for the product's GENDER ("{meu} {product} {chegou} {quebrado}": "minha
legging chegou quebrada", "minhas prateleiras chegaram quebradas").
"""

from __future__ import annotations

from cx_cli.sampledata.details import by_number, gendered, review_details

# Each product's name and its gender and number (details.FORMS: m, f, mp, fp).
NOUNS = {
    "SERUM-30ML": ("sérum", "m"), "CLEANSER-150": ("sabonete facial", "m"),
    "COLLAGEN-60CT": ("gominhas", "fp"), "MOP-PAD-2PK": ("refis do mop", "mp"),
    "SPIN-MOP-KIT": ("mop", "m"), "LEGGINGS-BLK-M": ("legging", "f"),
    "HOODIE-OAT-L": ("moletom", "m"), "BLENDER-PORT": ("mini liquidificador", "m"),
    "PHONE-MOUNT-MAG": ("suporte de celular", "m"), "LED-STRIP-5M": ("fita LED", "f"),
    "SHELF-FLOAT-3PC": ("prateleiras", "fp"), "TOTE-CANVAS": ("bolsa", "f"),
    "SCRUNCHIE-6PK": ("scrunchies", "fp"),
}
SHORT = {code: name for code, (name, _) in NOUNS.items()}
GENDER = {code: form for code, (_, form) in NOUNS.items()}
ORDER = "pedido"
ORDER_GENDER = "m"
# The words that agree with the product: masculine, feminine, masculine and feminine
# plural.
AGREE = {
    "o": ("o", "a", "os", "as"), "meu": ("meu", "minha", "meus", "minhas"),
    "o meu": ("o meu", "a minha", "os meus", "as minhas"),
    "do": ("do", "da", "dos", "das"), "um": ("um", "uma", "uns", "umas"),
    **gendered("outro", "terceiro", "quebrado", "amassado", "riscado", "embalado", "novinho",
               "pequeno"),
    **by_number({
        "entregue": "entregues", "menor": "menores", "chegou": "chegaram", "chega": "chegam",
        "veio": "vieram", "foi": "foram", "é": "são", "tem": "têm", "ficou": "ficaram",
        "parou": "pararam", "liga": "ligam", "funciona": "funcionam",
        "funcionou": "funcionaram", "continua": "continuam", "entrega": "entregam",
        "cumpre": "cumprem", "promete": "prometem", "durou": "duraram"}),
}
ORDER_REF = " Pedido #"  # before an order ID at the end of a ticket

TICKET_SUBJECTS = {
    "tracking_not_updating": ("Cadê meu pedido?", "Rastreio parado", "pedido atrasado"),
    "delivered_not_received": ("Consta entregue mas não recebi", "Não recebi o pacote"),
    "wrong_address": ("Mudar endereço", "Endereço errado"),
    "damaged": ("{Chegou} {quebrado}", "Produto avariado"),
    "missing_parts": ("Faltando peças", "Pedido incompleto"),
    "defective": ("{Parou} de funcionar", "{Veio} com defeito"),
    "wrong_variant": ("Cor errada", "Não é o que pedi"),
    "doesnt_work": ("Não {funciona}", "socorro, não {funciona}"),
    "sizing_fit": ("Troca de tamanho", "{Ficou} {pequeno}"),
    "setup_error": ("Ajuda para instalar", "Não pareia com o celular"),
    "color_size_perception": ("Diferente da foto", "{Menor} do que parece"),
    "performance_assumption": ("Sem resultado", "Não era o que eu esperava"),
    "general": ("Dúvida", "Oi", "Entrega para Manaus?"),
}

TICKET_MESSAGES = {
    "tracking_not_updating": (
        "Oi, o rastreio não atualiza faz uma semana. Cadê meu pedido?",
        "{meu} {product} ainda não {chegou} e o rastreio tá parado desde segunda",
        "O pacote está parado na transportadora há 6 dias, podem verificar?",
    ),
    "delivered_not_received": (
        "Consta como entregue mas não recebi nada, fiquei em casa o dia todo.",
        "O app diz que {o} {product} {foi} {entregue} e não {chegou} aqui.",
    ),
    "wrong_address": (
        "Coloquei o endereço errado, preciso mudar o endereço antes do envio.",
        "Meu endereço está incompleto, falta o número do apartamento.",
    ),
    "damaged": (
        "{Meu} {product} {chegou} {quebrado}, a caixa veio amassada. Mando fotos.",
        "{O} {product} {chegou} {amassado} e {riscado}.",
        "{veio} {quebrado}, a caixa toda amassada",
    ),
    "missing_parts": (
        "Veio faltando peças: não tinha os parafusos {do} {product}.",
        "Não veio o carregador na caixa {do} {product}.",
        "pedido veio incompleto, faltando peças",
    ),
    "defective": (
        "{Meu} {product} {parou} de funcionar depois de 3 dias, não {liga} mais.",
        "{Veio} com defeito, não {liga} de jeito nenhum.",
    ),
    "wrong_variant": (
        "Veio a cor errada, eu pedi preto.",
        "Veio o tamanho errado, pedi M e veio G.",
    ),
    "doesnt_work": (
        "Não funciona, já tentei de tudo.",
        "{O} {product} não {funciona}, segui o manual e nada.",
    ),
    "sizing_fit": (
        "{Ficou} {pequeno}, quero trocar o tamanho por um G.",
        "{o} {product} {ficou} {pequeno}, posso trocar o tamanho?",
    ),
    "setup_error": (
        "Não pareia com o celular, o app não encontra.",
        "Não consigo conectar no app, como instalo?",
    ),
    "color_size_perception": (
        "{É} bem {menor} do que parece na foto.",
        "A cor não é igual à foto, é bem mais escura.",
    ),
    "performance_assumption": (
        "Não vi nenhum resultado depois de um mês usando {o} {product}.",
        "Propaganda enganosa, não vi nenhum resultado.",
    ),
    "general": (
        "Vocês entregam em todo o Brasil?",
        "Quando volta o moletom no tamanho GG?",
        "oi",
        "Tem cupom para a primeira compra?",
    ),
}

REVIEW_SHORT = {
    "pos": ("Amei!", "Ótima qualidade", "{Chegou} super rápido", "Igual à foto",
            "Recomendo demais", "Perfeito"),
    "mid": ("É ok", "Nada demais", "{Cumpre} o que {promete}", "Demorou pra chegar"),
    "neg": ("{Chegou} {quebrado}", "Não comprem", "Qualidade ruim", "Dinheiro jogado fora",
            "Não {funcionou}"),
}

REVIEW_SENTENCES = {
    "pos": (
        "Vi numa live e fiquei com receio, mas {entrega} o que {promete}.",
        "{Chegou} antes do prazo e muito bem {embalado}.",
        "Uso todo dia há duas semanas e {continua} {novinho}.",
        "Comprei {um} pra mim e {outro} pra dar de presente.",
    ),
    "mid": (
        "{Funciona}, mas o manual podia ser mais claro.",
        "A entrega demorou mais do que o previsto.",
        "Pelo preço está bom, só não espere milagre.",
    ),
    "neg": (
        "{Parou} de funcionar em uma semana e ainda espero o reembolso.",
        "A caixa chegou toda amassada.",
        "Não tem nada a ver com o vídeo.",
        "Falei com o suporte e até agora nada.",
    ),
}

REVIEW_CLOSERS = {
    "pos": ("Compraria de novo.", "Cinco estrelas.", "Já indiquei pras amigas."),
    "mid": ("É isso.", "Talvez compre de novo numa promoção."),
    "neg": ("Vou devolver.", "Não compro de novo.", "Muito decepcionada."),
}

_DETAIL_POS = ("O produto {product} é exatamente o que eu queria.",
               "{Meu} {product} {tem} cara de produto caro.")
_DETAIL_NEG = ("O produto {product} é bem diferente do vídeo.",
               "{Meu} {product} não {durou} nem uma semana.")
REVIEW_DETAILS = review_details(SHORT, _DETAIL_POS, _DETAIL_NEG)

COMMENTS = {
    "praise": ("que lindo 😍", "{chegou} {o meu} e amei", "melhor compra do ano",
               "qualidade absurda pelo preço", "chegou em 3 dias, amei"),
    "question": ("entrega em Recife?", "quanto tempo demora pra chegar?",
                 "tem em outras cores?", "{o} {product} {é} à prova d'água?"),
    "complaint": ("{meu} {product} {chegou} {quebrado} e ninguém responde",
                  "paguei faz 2 semanas e nada", "ainda esperando o reembolso {do} {product}",
                  "{o} {product} não {funciona}, golpe"),
    "spam": ("me segue que eu sigo de volta 🔥", "ganhe dinheiro em casa, chama no direct",
             "seguidores grátis, link na bio"),
    "abuse": ("você é ridícula, cala a boca", "vc é um palhaço, ninguém te perguntou"),
    "doxxing": ("o número da dona é 555-0147, liguem pra ela",
                "o cara do vídeo mora na Rua Alecrim 18 kkk"),
    "other": ("primeiro", "kkkkk", "quem veio da live?", "a música 🎶"),
}

DEFECT_CLUSTER = (
    "{meu} {product} {chegou} {quebrado}, o copo trincado",
    "{o meu} também {chegou} {quebrado} 😭",
    "{terceiro} {product} daqui que {chega} {quebrado}, o que tá acontecendo?",
    "{meu} {product} {veio} {quebrado} na caixa",
    "{chegou} {quebrado}, a base rachada",
)
