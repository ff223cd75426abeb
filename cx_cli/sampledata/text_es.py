"""Spanish (Mexico) texts for the sample shop's tickets, reviews and comments.

The same pools as `text.py` (see there), written for buyers in Mexico and Spain.
`{product}` is the product's short name below; a word in braces agrees with that product
(the row's product, named in the text or not): `{el}`, `{roto}` are written as for a
masculine singular noun and come out as AGREE gives them for the product's GENDER
("{mi} {product} {llegó} {roto}": "mi licuadora llegó rota", "mis leggings llegaron rotos").
"""

from __future__ import annotations

from cx_cli.sampledata.details import by_number, gendered, review_details

# Each product's name and its gender and number (details.FORMS: m, f, mp, fp).
NOUNS = {
    "SERUM-30ML": ("sérum", "m"), "CLEANSER-150": ("limpiador", "m"),
    "COLLAGEN-60CT": ("gomitas", "fp"), "MOP-PAD-2PK": ("repuestos del trapeador", "mp"),
    "SPIN-MOP-KIT": ("trapeador", "m"), "LEGGINGS-BLK-M": ("leggings", "mp"),
    "HOODIE-OAT-L": ("sudadera", "f"), "BLENDER-PORT": ("licuadora", "f"),
    "PHONE-MOUNT-MAG": ("soporte para celular", "m"), "LED-STRIP-5M": ("tira LED", "f"),
    "SHELF-FLOAT-3PC": ("repisas", "fp"), "TOTE-CANVAS": ("bolsa", "f"),
    "SCRUNCHIE-6PK": ("scrunchies", "fp"),
}
SHORT = {code: name for code, (name, _) in NOUNS.items()}
GENDER = {code: form for code, (_, form) in NOUNS.items()}
ORDER = "pedido"
ORDER_GENDER = "m"
# The words that agree with the product: masculine, feminine, masculine and feminine
# plural.
AGREE = {
    "el": ("el", "la", "los", "las"), "mi": ("mi", "mi", "mis", "mis"),
    "del": ("del", "de la", "de los", "de las"), "al": ("al", "a la", "a los", "a las"),
    "lo": ("lo", "la", "los", "las"), "uno": ("uno", "una", "unos", "unas"),
    "tercer": ("tercer", "tercera", "terceros", "terceras"),
    **gendered("otro", "roto", "dañado", "estrellado", "entregado", "cargado", "empacado",
               "recomendado", "nuevo", "chico"),
    **by_number({
        "resistente": "resistentes", "diferente": "diferentes", "llegó": "llegaron",
        "llego": "llegaron", "llega": "llegan", "fue": "fueron", "es": "son",
        "está": "están", "esté": "estén", "tiene": "tienen", "dejó": "dejaron",
        "prende": "prenden", "funciona": "funcionan", "funcionó": "funcionaron",
        "queda": "quedan", "cumple": "cumplen", "sigue": "siguen", "ve": "ven",
        "siente": "sienten", "aguantó": "aguantaron", "encantó": "encantaron"}),
}
ORDER_REF = " Pedido #"  # before an order ID at the end of a ticket

TICKET_SUBJECTS = {
    "tracking_not_updating": ("¿Dónde está mi pedido?", "El rastreo no se mueve",
                              "pedido atrasado"),
    "delivered_not_received": ("Dice entregado y no llegó", "No recibí mi paquete"),
    "wrong_address": ("Cambiar dirección de envío", "Me equivoqué de dirección"),
    "damaged": ("{Llegó} {roto}", "Producto dañado"),
    "missing_parts": ("Faltan piezas", "Pedido incompleto"),
    "defective": ("{Dejó} de funcionar", "Producto defectuoso"),
    "wrong_variant": ("Me mandaron otro color", "No es lo que pedí"),
    "doesnt_work": ("No {funciona}", "ayuda, no {funciona}"),
    "sizing_fit": ("Cambio de talla", "Me {queda} {chico}"),
    "setup_error": ("Ayuda con la instalación", "No se conecta a la app"),
    "color_size_perception": ("No se parece a la foto", "Más {chico} de lo que pensaba"),
    "performance_assumption": ("No veo resultados", "No es lo que esperaba"),
    "general": ("Pregunta", "Hola", "¿Hay envío a Monterrey?"),
}

TICKET_MESSAGES = {
    "tracking_not_updating": (
        "Hola, el rastreo no se ha actualizado en una semana. ¿Ya enviaron {mi} {product}?",
        "todavía no me llega mi pedido y el rastreo sigue igual desde el lunes",
        "Mi paquete lleva 6 días detenido en la paquetería, ¿me pueden ayudar?",
    ),
    "delivered_not_received": (
        "Dice entregado pero no lo recibí, estuve en casa todo el día.",
        "La app dice que {mi} {product} {fue} {entregado} y no me llegó nada.",
    ),
    "wrong_address": (
        "Puse mal la dirección, quiero cambiar la dirección de envío antes de que salga.",
        "Mi dirección está incompleta, falta el número interior. ¿Lo pueden corregir?",
    ),
    "damaged": (
        "{Mi} {product} {llegó} {roto}, la caja venía aplastada. Les mando fotos.",
        "{El} {product} {llegó} {dañado}, {tiene} un golpe y {está} {estrellado}.",
        "la caja venia aplastada y {el} {product} {llego} {roto} :(",
    ),
    "missing_parts": (
        "Hola, faltan piezas en la caja: no vienen los tornillos {del} {product}.",
        "El pedido llegó incompleto, solo venían 2 soportes de 3.",
        "me faltó la bolsita de tornillos para armarlo",
    ),
    "defective": (
        "{Mi} {product} {dejó} de funcionar a los 3 días, ya no {prende} aunque {esté} "
        "{cargado}.",
        "ya no {prende}, {lo} usé una vez y {dejó} de funcionar",
    ),
    "wrong_variant": (
        "Me mandaron otro color, yo pedí el negro.",
        "No es lo que pedí, me llegó otra talla.",
    ),
    "doesnt_work": (
        "No funciona, ya lo intenté todo y nada.",
        "{Mi} {product} no {funciona}, seguí las instrucciones y no pasa nada.",
    ),
    "sizing_fit": (
        "Me {queda} muy {chico}, quiero cambiar de talla por una L.",
        "me {queda} muy {chico} {el} {product}, ¿puedo cambiar de talla?",
    ),
    "setup_error": (
        "No se conecta al celular, no {lo} puedo vincular con la app.",
        "¿Cómo {lo} instalo? Las instrucciones son confusas.",
    ),
    "color_size_perception": (
        "El color no se parece a la foto, se ve mucho más oscuro.",
        "{Es} mucho más {chico} que en la foto, me decepcionó.",
    ),
    "performance_assumption": (
        "No veo ningún resultado después de un mes de usar {el} {product}.",
        "Pensé que funcionaría mejor, casi no hace nada.",
    ),
    "general": (
        "¿Hacen envíos a todo el país?",
        "¿Cuándo vuelve a haber la sudadera color avena?",
        "hola",
        "¿Tienen algún código de descuento para la primera compra?",
    ),
}

REVIEW_SHORT = {
    "pos": ("¡Me encantó!", "Excelente calidad", "Llegó rapidísimo", "Tal cual la foto",
            "Súper {recomendado}", "10/10"),
    "mid": ("Está bien", "Nada especial", "Cumple, sin más", "Tardó en llegar"),
    "neg": ("{Llegó} {roto}", "No {lo} compren", "Mala calidad", "Dinero tirado",
            "No {funcionó}"),
}

REVIEW_SENTENCES = {
    "pos": (
        "{Lo} vi en un live y la verdad sí {cumple}.",
        "{Llegó} antes de lo esperado y muy bien {empacado}.",
        "{Lo} uso diario desde hace dos semanas y {sigue} como {nuevo}.",
        "Compré {uno} para mí y {otro} para regalar.",
    ),
    "mid": (
        "{Funciona}, pero las instrucciones podrían ser más claras.",
        "El envío tardó más de lo que decía.",
        "Por el precio está bien, no esperen milagros.",
    ),
    "neg": (
        "{Dejó} de funcionar en una semana y sigo esperando mi reembolso.",
        "La caja llegó aplastada.",
        "No se parece nada al video.",
        "Escribí a soporte y sigo sin respuesta.",
    ),
}

REVIEW_CLOSERS = {
    "pos": ("{Lo} volvería a comprar.", "Cinco estrellas.", "Ya se {lo} recomendé a mis amigas."),
    "mid": ("Está bien y ya.", "Quizá {lo} vuelva a comprar en oferta."),
    "neg": ("{Lo} voy a devolver.", "No {lo} vuelvo a comprar.", "Muy decepcionada."),
}

_DETAIL_POS = ("{El} {product} {es} justo lo que buscaba.",
               "{Mi} {product} se {ve} y se {siente} de calidad.")
_DETAIL_NEG = ("{El} {product} se {ve} muy {diferente} {al} del video.",
               "{Mi} {product} no {aguantó} ni una semana.")
REVIEW_DETAILS = review_details(SHORT, _DETAIL_POS, _DETAIL_NEG)

COMMENTS = {
    "praise": ("qué bonito 😍", "ya me {llegó} y me {encantó}", "la mejor compra del año",
               "calidad increíble por ese precio", "me llegó en 3 días, súper"),
    "question": ("¿hacen envíos a Mérida?", "¿cuánto tarda en llegar?",
                 "¿viene en otros colores?", "¿{el} {product} {es} {resistente} al agua?"),
    "complaint": ("{mi} {product} {llegó} {roto} y nadie me contesta",
                  "pagué hace 2 semanas y nada", "sigo esperando mi reembolso {del} {product}",
                  "{el} {product} no {funciona}, una estafa"),
    "spam": ("sígueme y te sigo 🔥", "gana dinero desde casa, mándame DM",
             "seguidores gratis, link en mi perfil"),
    "abuse": ("eres una payasa, cállate", "tú eres un idiota y tu tienda también"),
    "doxxing": ("este es el número de la dueña 555-0147, háblenle",
                "el del video vive en Calle Robles 18, jaja"),
    "other": ("primero", "jajaja", "¿quién viene del live?", "la canción 🎶"),
}

DEFECT_CLUSTER = (
    "{mi} {product} {llegó} {roto}, el vaso estrellado",
    "a mí también me {llegó} {roto} 😭",
    "{tercer} {product} de aquí que {llega} {roto}, ¿qué pasa?",
    "{mi} {product} {llegó} {roto} en la caja",
    "{llegó} {roto}, la base está quebrada",
)
