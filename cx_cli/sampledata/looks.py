"""How each market's sample shop looks: its exports' money, dates and status words, its
buyers' names and places, and the language of their tickets, reviews and comments.

The simulated shop is the same everywhere (amounts in US cents); a market only changes
how it is written. "us" is the shop the generator has always written.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from cx_cli.markets import MARKETS, language_of

from . import text, text_es, text_id, text_ms, text_pt, text_th, text_vi


@dataclass(frozen=True)
class Money:
    """A currency as the order exports write it.

    `per_cent` minor units of it stand for one simulated US cent (whole multiples, so
    every total still adds up); `decimals` is 0 for currencies with no minor unit. The
    plain style (`35,91`) has neither the currency nor thousands separators; the
    currency style (`BRL 1.022,25`, `82.912₫`) has both.
    """

    per_cent: int
    decimals: int
    comma: bool  # decimal comma (and dots between thousands)
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class People:
    """Buyers and where they live: (city, region, postal code, phone area code)."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    places: tuple[tuple[str, str, str, str], ...]
    streets: tuple[str, ...]
    phone: str  # country calling code
    postal_digits: bool = True  # postal code = prefix + two digits
    postal_suffix: str = ""  # then this: a Brazilian CEP is eight digits, "01011-000"
    number_first: bool = True  # "12 High Street" rather than "Rua das Flores, 12"
    family_first: bool = False  # "Nguyễn Lan"


@dataclass(frozen=True)
class Look:
    code: str
    country: str
    money: Money
    date_style: str  # "us" (MM/DD/YYYY h:mm:ss AM), "dmy" (DD/MM/YYYY HH:MM:SS), "ymd"
    people: People
    carriers: tuple[str, str, str]
    tracking: tuple[str, str, str]  # tracking number prefix per carrier
    warehouse: str
    payments: tuple[str, ...]  # six, in the US weights' order of popularity
    statuses: tuple[tuple[str, ...], tuple[str, ...]] | None  # localized status, substatus
    texts: ModuleType  # the buyers' language: text (English) or text_<lang>
    sales_tax: bool = False  # US: taxes on top of the price; elsewhere included


# Order Status and Order Substatus per simulated state: cancelled, unpaid, completed,
# delivered, in transit, awaiting collection, awaiting shipment. Only the languages the
# real exports are seen localized in (FORMATS.md, README "What cx reads").
STATUSES = {
    "id": (("Dibatalkan", "Belum dibayar", "Selesai", "Dikirim", "Dikirim", "Perlu dikirim",
            "Perlu dikirim"),
           ("Dibatalkan", "Belum dibayar", "Selesai", "Terkirim", "Dalam pengiriman",
            "Menunggu diambil", "Menunggu pengiriman")),
    "th": (("ยกเลิกแล้ว", "ค้างชำระ", "เสร็จสมบูรณ์", "จัดส่งแล้ว", "จัดส่งแล้ว", "ที่จะจัดส่ง",
            "ที่จะจัดส่ง"),
           ("ยกเลิกแล้ว", "ค้างชำระ", "เสร็จสมบูรณ์", "จัดส่งสำเร็จ", "จัดส่งแล้ว", "ที่จะจัดส่ง",
            "ที่จะจัดส่ง")),
    "vi": (("Đã hủy", "Chưa thanh toán", "Hoàn thành", "Đang giao", "Đang giao",
            "Chờ giao hàng", "Chờ giao hàng"),
           ("Đã hủy", "Chưa thanh toán", "Hoàn thành", "Đã giao hàng", "Đang giao",
            "Chờ lấy hàng", "Chờ giao hàng")),
    "pt": (("Cancelado", "Não pago", "Concluído", "Enviado", "Enviado", "A enviar",
            "A enviar"),
           ("Cancelado", "Não pago", "Concluído", "Entregue", "Em trânsito", "A enviar",
            "A enviar")),
    "es": (("Cancelado", "No pagado", "Completado", "Enviado", "Enviado", "Por enviar",
            "Por enviar"),
           ("Cancelado", "No pagado", "Completado", "Entregado", "En tránsito", "Por enviar",
            "Por enviar")),
}

TEXTS = {"es": text_es, "pt": text_pt, "id": text_id, "ms": text_ms, "vi": text_vi,
         "th": text_th}

PEOPLE = {
    "us": People(text.FIRST_NAMES, text.LAST_NAMES,
                 tuple(p[:4] for p in text.PLACES), text.STREETS, "1"),
    "uk": People(("Olivia", "Amelia", "Isla", "Ava", "Freya", "Poppy", "Ellie", "Grace",
                  "Oliver", "George", "Harry", "Jack", "Noah", "Alfie", "Charlie", "Priya"),
                 ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans",
                  "Davies", "Thomas", "Roberts", "Walker", "Wright", "Khan", "Patel"),
                 (("London", "Greater London", "E1 6AN", "20"),
                  ("Manchester", "Greater Manchester", "M14 5RQ", "161"),
                  ("Birmingham", "West Midlands", "B15 2TT", "121"),
                  ("Leeds", "West Yorkshire", "LS6 3HN", "113"),
                  ("Glasgow", "Scotland", "G12 8QQ", "141"),
                  ("Bristol", "Bristol", "BS8 1TH", "117"),
                  ("Cardiff", "Wales", "CF10 3AT", "29")),
                 ("High Street", "Church Road", "Station Road", "Victoria Road", "Mill Lane",
                  "Park Avenue", "Queens Road"), "44", postal_digits=False),
    "ie": People(("Aoife", "Saoirse", "Niamh", "Ciara", "Emma", "Grace", "Sean", "Conor",
                  "Cian", "Oisin", "Jack", "Fionn"),
                 ("Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien",
                  "Doyle", "McCarthy", "Kennedy"),
                 (("Dublin", "Co. Dublin", "D02 X285", "1"), ("Cork", "Co. Cork", "T12 R2NC", "21"),
                  ("Galway", "Co. Galway", "H91 E2K3", "91"),
                  ("Limerick", "Co. Limerick", "V94 T9PX", "61")),
                 ("Main Street", "Church Road", "Strand Road", "Patrick Street"), "353",
                 postal_digits=False),
    "id": People(("Putri", "Siti", "Dewi", "Ayu", "Rina", "Nurul", "Indah", "Fitri", "Budi",
                  "Agus", "Rizky", "Dimas", "Andi", "Fajar", "Wahyu", "Citra"),
                 ("Santoso", "Wijaya", "Saputra", "Lestari", "Pratama", "Hidayat",
                  "Kurniawan", "Nugroho", "Setiawan", "Rahmawati", "Susanto", "Halim"),
                 (("Jakarta Selatan", "DKI Jakarta", "121", "21"),
                  ("Surabaya", "Jawa Timur", "602", "31"), ("Bandung", "Jawa Barat", "401", "22"),
                  ("Medan", "Sumatera Utara", "201", "61"),
                  ("Semarang", "Jawa Tengah", "502", "24"),
                  ("Makassar", "Sulawesi Selatan", "901", "411"),
                  ("Denpasar", "Bali", "801", "361")),
                 ("Jl. Sudirman", "Jl. Merdeka", "Jl. Diponegoro", "Jl. Gatot Subroto",
                  "Jl. Ahmad Yani", "Jl. Pemuda", "Jl. Melati"), "62", number_first=False),
    "th": People(("สมชาย", "สมศรี", "นภา", "กมล", "วิไล", "อรุณ", "ปรียา", "ธนา", "สุดา",
                  "พิมพ์", "อนันต์", "ศิริพร", "ณัฐ", "กิตติ"),
                 ("ใจดี", "ศรีสุข", "วงศ์ไทย", "บุญมา", "แสงทอง", "สุขสวัสดิ์", "ทองดี",
                  "รุ่งเรือง", "มั่นคง", "พึ่งบุญ"),
                 (("Bangkok", "Bangkok", "101", "2"), ("Chiang Mai", "Chiang Mai", "502", "53"),
                  ("Nonthaburi", "Nonthaburi", "110", "2"),
                  ("Khon Kaen", "Khon Kaen", "400", "43"),
                  ("Hat Yai", "Songkhla", "901", "74"), ("Pattaya", "Chon Buri", "201", "38")),
                 ("Sukhumvit Rd", "Rama IV Rd", "Phahonyothin Rd", "Ratchadaphisek Rd",
                  "Nimmanhaemin Rd", "Charoen Krung Rd"), "66"),
    "vn": People(("Lan", "Hương", "Linh", "Trang", "Mai", "Ngọc", "Thảo", "Hà", "Minh",
                  "Tuấn", "Hùng", "Nam", "Đức", "Khánh"),
                 ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"),
                 (("Quận 1", "Hồ Chí Minh", "700", "28"), ("Quận 7", "Hồ Chí Minh", "756", "28"),
                  ("Ba Đình", "Hà Nội", "111", "24"), ("Cầu Giấy", "Hà Nội", "113", "24"),
                  ("Hải Châu", "Đà Nẵng", "501", "236"), ("Ninh Kiều", "Cần Thơ", "901", "292")),
                 ("Nguyễn Huệ", "Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt",
                  "Nguyễn Trãi"), "84", family_first=True),
    "my": People(("Nur", "Siti", "Aisyah", "Farah", "Mei Ling", "Wei Jie", "Kavitha", "Priya",
                  "Ahmad", "Hafiz", "Amir", "Jia Hui", "Arjun", "Syafiq"),
                 ("Abdullah", "Ismail", "Rahman", "Hassan", "Tan", "Lim", "Wong", "Lee",
                  "Raj", "Kumar", "Osman", "Yusof"),
                 (("Kuala Lumpur", "Wilayah Persekutuan", "504", "3"),
                  ("Petaling Jaya", "Selangor", "474", "3"), ("Shah Alam", "Selangor", "400", "3"),
                  ("Johor Bahru", "Johor", "801", "7"), ("George Town", "Pulau Pinang", "102",
                                                          "4"),
                  ("Ipoh", "Perak", "304", "5"), ("Kota Kinabalu", "Sabah", "880", "88")),
                 ("Jalan Ampang", "Jalan Tun Razak", "Jalan Bukit Bintang", "Jalan SS2/24",
                  "Jalan Merdeka", "Jalan Sultan Ismail"), "60"),
    "ph": People(("Maria", "Angel", "Kristine", "Joy", "Princess", "Andrea", "Camille",
                  "Jasmine", "John Paul", "Mark", "Christian", "Jerome", "Carlo", "Miguel"),
                 ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz",
                  "Ramos", "Aquino", "Villanueva", "Torres", "Castillo"),
                 (("Quezon City", "Metro Manila", "11", "2"), ("Makati", "Metro Manila", "12",
                                                               "2"),
                  ("Cebu City", "Cebu", "60", "32"), ("Davao City", "Davao del Sur", "80", "82"),
                  ("Pasig", "Metro Manila", "16", "2"), ("Iloilo City", "Iloilo", "50", "33")),
                 ("Rizal St", "Mabini St", "Bonifacio Ave", "Luna St", "Aguinaldo Hwy",
                  "Katipunan Ave"), "63"),
    "sg": People(("Wei Ling", "Hui Min", "Jia Yi", "Siti", "Nurul", "Priya", "Rachel",
                  "Jun Jie", "Wei Ming", "Arif", "Ravi", "Daniel", "Marcus", "Chloe"),
                 ("Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Koh", "Teo",
                  "Rahman", "Pillai"),
                 (("Singapore", "Central", "2386", "6"), ("Singapore", "Tampines", "5201", "6"),
                  ("Singapore", "Jurong West", "6406", "6"),
                  ("Singapore", "Woodlands", "7305", "6"),
                  ("Singapore", "Punggol", "8202", "6")),
                 ("Orchard Road", "Tampines Ave 4", "Jurong West St 52", "Woodlands Drive 14",
                  "Punggol Field", "Ang Mo Kio Ave 3"), "65"),
    "br": People(("Ana", "Maria", "Juliana", "Camila", "Beatriz", "Larissa", "Fernanda",
                  "Gabriela", "João", "Pedro", "Lucas", "Rafael", "Gustavo", "Thiago"),
                 ("Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Ferreira",
                  "Costa", "Rodrigues", "Almeida", "Carvalho", "Gomes"),
                 (("São Paulo", "SP", "010", "11"), ("Rio de Janeiro", "RJ", "220", "21"),
                  ("Belo Horizonte", "MG", "301", "31"), ("Curitiba", "PR", "800", "41"),
                  ("Salvador", "BA", "401", "71"), ("Recife", "PE", "500", "81"),
                  ("Porto Alegre", "RS", "900", "51")),
                 ("Rua das Flores", "Av. Paulista", "Rua Augusta", "Rua XV de Novembro",
                  "Av. Brasil", "Rua da Consolação"), "55", number_first=False,
                 postal_suffix="-000"),
    "mx": People(("María", "Guadalupe", "Fernanda", "Daniela", "Valeria", "Ximena", "Sofía",
                  "Andrea", "José", "Juan", "Luis", "Carlos", "Diego", "Alejandro"),
                 ("Hernández", "García", "Martínez", "López", "González", "Pérez",
                  "Rodríguez", "Sánchez", "Ramírez", "Flores", "Cruz", "Morales"),
                 (("Ciudad de México", "CDMX", "064", "55"), ("Guadalajara", "Jalisco", "441",
                                                               "33"),
                  ("Monterrey", "Nuevo León", "640", "81"), ("Puebla", "Puebla", "720", "222"),
                  ("Mérida", "Yucatán", "970", "999"), ("Tijuana", "Baja California", "220",
                                                         "664"),
                  ("Querétaro", "Querétaro", "760", "442")),
                 ("Av. Insurgentes Sur", "Calle Hidalgo", "Av. Juárez", "Calle Morelos",
                  "Av. Reforma", "Calle 5 de Mayo"), "52", number_first=False),
    "es": People(("Lucía", "María", "Paula", "Carmen", "Marta", "Alba", "Sara", "Laura",
                  "Hugo", "Pablo", "Javier", "Álvaro", "Daniel", "Sergio"),
                 ("García", "Fernández", "González", "Rodríguez", "López", "Martínez",
                  "Sánchez", "Pérez", "Gómez", "Martín", "Ruiz", "Díaz"),
                 (("Madrid", "Madrid", "280", "91"), ("Barcelona", "Barcelona", "080", "93"),
                  ("Valencia", "Valencia", "460", "96"), ("Sevilla", "Sevilla", "410", "95"),
                  ("Bilbao", "Bizkaia", "480", "94"), ("Málaga", "Málaga", "290", "95")),
                 ("Calle Mayor", "Gran Vía", "Calle de Alcalá", "Avenida de la Constitución",
                  "Calle Real", "Paseo de Gracia"), "34", number_first=False),
    "de": People(("Mia", "Emma", "Hannah", "Lea", "Lena", "Sophie", "Marie", "Anna",
                  "Lukas", "Leon", "Finn", "Jonas", "Paul", "Felix"),
                 ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
                  "Becker", "Schulz", "Hoffmann", "Koch", "Richter"),
                 (("Berlin", "Berlin", "101", "30"), ("Hamburg", "Hamburg", "203", "40"),
                  ("München", "Bayern", "803", "89"), ("Köln", "Nordrhein-Westfalen", "506",
                                                        "221"),
                  ("Frankfurt am Main", "Hessen", "603", "69"),
                  ("Leipzig", "Sachsen", "041", "341")),
                 ("Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße",
                  "Lindenstraße", "Bergstraße"), "49", number_first=False),
    "fr": People(("Louise", "Jade", "Emma", "Chloé", "Léa", "Manon", "Camille", "Inès",
                  "Gabriel", "Louis", "Arthur", "Jules", "Hugo", "Lucas"),
                 ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
                  "Durand", "Leroy", "Moreau", "Simon", "Laurent"),
                 (("Paris", "Île-de-France", "750", "1"), ("Lyon", "Auvergne-Rhône-Alpes",
                                                          "690", "4"),
                  ("Marseille", "Provence-Alpes-Côte d'Azur", "130", "4"),
                  ("Toulouse", "Occitanie", "310", "5"), ("Lille", "Hauts-de-France", "590",
                                                          "3"),
                  ("Nantes", "Pays de la Loire", "440", "2")),
                 ("rue de la République", "avenue Jean Jaurès", "rue Victor Hugo",
                  "boulevard Voltaire", "rue Pasteur", "place de la Gare"), "33"),
    "it": People(("Giulia", "Sofia", "Aurora", "Alice", "Ginevra", "Emma", "Martina",
                  "Chiara", "Leonardo", "Francesco", "Alessandro", "Lorenzo", "Matteo",
                  "Andrea"),
                 ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
                  "Ricci", "Marino", "Greco", "Bruno", "Gallo"),
                 (("Roma", "Lazio", "001", "6"), ("Milano", "Lombardia", "201", "2"),
                  ("Napoli", "Campania", "801", "81"), ("Torino", "Piemonte", "101", "11"),
                  ("Bologna", "Emilia-Romagna", "401", "51"), ("Firenze", "Toscana", "501",
                                                               "55")),
                 ("Via Roma", "Via Garibaldi", "Corso Italia", "Via Mazzini", "Via Dante",
                  "Viale dei Mille"), "39", number_first=False),
    "jp": People(("Yui", "Hina", "Sakura", "Aoi", "Misaki", "Yuna", "Haruto", "Sota",
                  "Ren", "Yuto", "Kaito", "Riku"),
                 ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto",
                  "Nakamura", "Kobayashi", "Kato"),
                 (("Shibuya-ku", "Tokyo", "150-00", "3"), ("Setagaya-ku", "Tokyo", "154-00",
                                                           "3"),
                  ("Osaka", "Osaka", "530-00", "6"), ("Yokohama", "Kanagawa", "220-00", "45"),
                  ("Nagoya", "Aichi", "460-00", "52"), ("Fukuoka", "Fukuoka", "810-00", "92")),
                 ("Jingumae 1-2", "Sangenjaya 2-14", "Umeda 3-1", "Minatomirai 4-3",
                  "Sakae 5-8", "Tenjin 2-11"), "81", number_first=False),
}

# How buyers pay in the United Kingdom and Ireland.
_CARDS_AND_WALLETS = ("Debit card", "Credit card", "PayPal", "Apple Pay", "Google Pay", "Klarna")
_EU = ("DHL", "DPD", "GLS")
_LOOKS = {
    # code: (country, Money, date style, carriers, tracking prefixes, warehouse, payments)
    "us": ("United States", Money(1, 2, False, "$"), "us", ("USPS", "UPS", "FedEx"),
           ("9400", "1ZA4F27903", ""), "Ontario CA Warehouse", text.PAYMENT_METHODS),
    "uk": ("United Kingdom", Money(1, 2, False, "GBP "), "dmy", ("Royal Mail", "Evri", "DPD"),
           ("RM", "H01", "155"), "Milton Keynes Warehouse",
           _CARDS_AND_WALLETS),
    "ie": ("Ireland", Money(1, 2, False, "EUR "), "dmy", ("An Post", "DPD", "GLS"),
           ("CE", "155", "GL"), "Dublin 15 Warehouse",
           _CARDS_AND_WALLETS),
    "id": ("Indonesia", Money(150, 0, True, "IDR "), "dmy", ("J&T Express", "SPX Express",
                                                              "JNE"),
           ("JX", "SPXID", "CGK"), "Gudang Jakarta Barat",
           ("GoPay", "COD", "DANA", "OVO", "Transfer bank", "ShopeePay")),
    "th": ("Thailand", Money(35, 2, False, "THB "), "dmy", ("Flash Express", "J&T Express",
                                                             "Kerry Express"),
           ("TH", "JTTH", "KER"), "Bangkok Bang Na Warehouse",
           ("COD", "PromptPay", "TrueMoney Wallet", "Credit card", "Debit card",
            "Mobile banking")),
    "vn": ("Vietnam", Money(250, 0, True, "", "₫"), "dmy", ("J&T Express", "GHN",
                                                            "Viettel Post"),
           ("JTVN", "GHN", "VTP"), "Kho Thủ Đức",
           ("COD", "MoMo", "ZaloPay", "Thẻ tín dụng", "Chuyển khoản ngân hàng", "VNPay")),
    "my": ("Malaysia", Money(4, 2, False, "MYR "), "dmy", ("J&T Express", "Ninja Van",
                                                           "Pos Laju"),
           ("JTMY", "NVMY", "EP"), "Shah Alam Warehouse",
           ("Online banking", "COD", "Touch 'n Go eWallet", "Credit card", "Debit card",
            "GrabPay")),
    "ph": ("Philippines", Money(55, 2, False, "PHP "), "us", ("J&T Express", "Flash Express",
                                                              "Ninja Van"),
           ("JTPH", "PH", "NVPH"), "Valenzuela Warehouse",
           ("COD", "GCash", "Maya", "Credit card", "Debit card", "ShopeePay")),
    "sg": ("Singapore", Money(1, 2, False, "SGD "), "dmy", ("Ninja Van", "J&T Express",
                                                            "SingPost"),
           ("NVSG", "JTSG", "SP"), "Tuas Warehouse",
           ("Credit card", "PayNow", "Debit card", "Apple Pay", "GrabPay", "Atome")),
    "br": ("Brazil", Money(5, 2, True, "BRL "), "dmy", ("Correios", "Jadlog", "Loggi"),
           ("BR", "JD", "LG"), "CD Cajamar",
           ("Pix", "Cartão de crédito", "Boleto", "Cartão de débito", "Mercado Pago",
            "PicPay")),
    "mx": ("Mexico", Money(17, 2, False, "MXN "), "dmy", ("Estafeta", "DHL", "J&T Express"),
           ("ES", "DHL", "JTMX"), "Almacén Cuautitlán",
           ("Tarjeta de crédito", "Tarjeta de débito", "OXXO", "Mercado Pago", "PayPal",
            "Transferencia SPEI")),
    "es": ("Spain", Money(1, 2, True, "EUR "), "dmy", ("Correos", "Correos Express", "GLS"),
           ("PQ", "CE", "GL"), "Almacén Getafe",
           ("Tarjeta de débito", "Tarjeta de crédito", "PayPal", "Bizum", "Apple Pay",
            "Google Pay")),
    "de": ("Germany", Money(1, 2, True, "EUR "), "dmy", _EU, ("JJD", "015", "GL"),
           "Lager Leipzig", ("PayPal", "Klarna", "Kreditkarte", "Apple Pay", "Google Pay",
                             "SEPA-Lastschrift")),
    "fr": ("France", Money(1, 2, True, "EUR "), "dmy", ("Colissimo", "Chronopost",
                                                       "Mondial Relay"),
           ("6A", "XY", "MR"), "Entrepôt Lyon Saint-Priest",
           ("Carte bancaire", "PayPal", "Apple Pay", "Google Pay", "Klarna", "Carte de débit")),
    "it": ("Italy", Money(1, 2, True, "EUR "), "dmy", ("Poste Italiane", "BRT", "GLS"),
           ("PI", "BRT", "GL"), "Magazzino Piacenza",
           ("Carta di credito", "PayPal", "Carta di debito", "Satispay", "Apple Pay",
            "Klarna")),
    "jp": ("Japan", Money(1, 0, False, "JPY "), "ymd", ("Yamato Transport", "Sagawa Express",
                                                         "Japan Post"),
           ("4", "3", "1"), "Chiba Warehouse",
           ("Credit card", "PayPay", "Konbini", "Apple Pay", "Debit card", "Carrier billing")),
}


def look(code: str) -> Look:
    """The look of market `code` (one of cx_cli.markets.MARKETS)."""
    country, money, style, carriers, tracking, warehouse, payments = _LOOKS[code]
    lang = language_of(MARKETS[code].locale)
    return Look(code, country, money, style, PEOPLE[code], carriers, tracking, warehouse,
                payments, STATUSES.get(lang), TEXTS.get(lang, text),
                sales_tax=code == "us")
