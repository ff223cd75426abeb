"""Malay texts for the sample shop's tickets, reviews and comments.

The same pools as `text.py` (see there). `{product}` is the product's short name below.
"""

from __future__ import annotations

from cx_cli.sampledata.details import review_details

SHORT = {
    "SERUM-30ML": "serum", "CLEANSER-150": "pencuci muka", "COLLAGEN-60CT": "gummy kolagen",
    "MOP-PAD-2PK": "kain mop", "SPIN-MOP-KIT": "mop", "LEGGINGS-BLK-M": "legging",
    "HOODIE-OAT-L": "hoodie", "BLENDER-PORT": "blender", "PHONE-MOUNT-MAG": "pemegang telefon",
    "LED-STRIP-5M": "lampu LED", "SHELF-FLOAT-3PC": "rak dinding", "TOTE-CANVAS": "beg",
    "SCRUNCHIE-6PK": "getah rambut",
}
ORDER = "pesanan"
ORDER_REF = " No. pesanan "  # before an order ID at the end of a ticket

TICKET_SUBJECTS = {
    "tracking_not_updating": ("Parcel tak sampai lagi", "Tracking tak update", "order lambat"),
    "delivered_not_received": ("Status sampai tapi tak terima", "Parcel hilang"),
    "wrong_address": ("Tukar alamat", "Alamat salah"),
    "damaged": ("Barang rosak", "Parcel pecah"),
    "missing_parts": ("Barang tak lengkap", "Kurang barang"),
    "defective": ("Tak boleh hidup", "Rosak lepas guna"),
    "wrong_variant": ("Salah hantar saiz", "Salah hantar warna"),
    "doesnt_work": ("Tak boleh guna", "tak jalan langsung"),
    "sizing_fit": ("Tukar saiz", "Terlalu ketat"),
    "setup_error": ("Cara pasang", "Tak boleh sambung"),
    "color_size_perception": ("Tak sama macam gambar", "Warna lain"),
    "performance_assumption": ("Tak ada kesan", "Tak berkesan"),
    "general": ("Soalan", "Hai", "Boleh pos ke Sabah?"),
}

TICKET_MESSAGES = {
    "tracking_not_updating": (
        "Mana parcel saya? Tracking tak update dah seminggu.",
        "{product} saya tak sampai lagi, tracking sama je sejak isnin",
        "Parcel tersangkut di hab kurier 6 hari, boleh tolong semak?",
    ),
    "delivered_not_received": (
        "Status dah sampai tapi saya tak terima apa apa, saya ada di rumah.",
        "Status dah sampai tapi saya tak terima apa apa, {product} tak ada.",
    ),
    "wrong_address": (
        "Alamat saya tak lengkap, nak tukar alamat sebelum pos.",
        "Saya tersalah alamat, nak tukar alamat penghantaran.",
    ),
    "damaged": (
        "{product} saya sampai dah rosak, kotak kemek. Ini gambarnya.",
        "Barang dah rosak bila sampai, {product} retak.",
        "kotak kemek, barang pecah",
    ),
    "missing_parts": (
        "Parcel sampai tapi tak lengkap, skru {product} tak ada dalam kotak.",
        "Barang tak lengkap, kurang satu rak.",
    ),
    "defective": (
        "{product} rosak lepas 2 hari guna, tak boleh hidup langsung.",
        "Baru guna sekali dah tak boleh hidup.",
    ),
    "wrong_variant": (
        "Salah hantar saiz, saya order M dapat L.",
        "Salah hantar warna, saya pilih hitam.",
    ),
    "doesnt_work": (
        "Tak boleh guna langsung, dah ikut arahan.",
        "{product} ni tak boleh guna langsung.",
    ),
    "sizing_fit": (
        "Terlalu ketat, nak tukar saiz L.",
        "{product} terlalu ketat di pinggang, boleh tukar saiz?",
    ),
    "setup_error": (
        "Tak boleh sambung ke telefon, macam mana nak pairing?",
        "Macam mana nak pasang {product}? Arahan tak jelas.",
    ),
    "color_size_perception": (
        "Tak sama macam gambar, warna lagi gelap.",
        "Warna tak sama macam gambar, lagi gelap.",
    ),
    "performance_assumption": (
        "Dah sebulan guna {product}, tak ada kesan langsung.",
        "Tak ada kesan langsung, tak macam iklan.",
    ),
    "general": (
        "Boleh pos ke Sarawak?",
        "Hoodie warna oat bila restock?",
        "hai",
        "Ada baucar untuk pembelian pertama?",
    ),
}

REVIEW_SHORT = {
    "pos": ("Suka sangat!", "Kualiti terbaik", "Penghantaran laju", "Sama macam gambar",
            "Memang berbaloi", "Terbaik"),
    "mid": ("Okay je", "Biasa biasa", "Boleh la", "Lambat sikit sampai"),
    "neg": ("Barang rosak", "Jangan beli", "Kualiti teruk", "Membazir duit", "Tak boleh guna"),
}

REVIEW_SENTENCES = {
    "pos": (
        "Nampak dalam live, mula-mula ragu tapi memang bagus.",
        "Sampai lebih cepat dari jangkaan dan dibungkus kemas.",
        "Dah dua minggu guna setiap hari, masih macam baru.",
        "Beli satu untuk sendiri, satu lagi untuk hadiah.",
    ),
    "mid": (
        "Boleh guna, tapi arahan kurang jelas.",
        "Penghantaran lambat sikit dari anggaran.",
        "Dengan harga ni okay la, jangan harap lebih.",
    ),
    "neg": (
        "Seminggu dah rosak dan refund belum dapat.",
        "Kotak kemek masa sampai.",
        "Jauh beza dengan video.",
        "Dah mesej seller tapi tak ada jawapan.",
    ),
}

REVIEW_CLOSERS = {
    "pos": ("Akan beli lagi.", "Lima bintang.", "Dah cadangkan pada kawan."),
    "mid": ("Itu je.", "Mungkin beli lagi masa sale."),
    "neg": ("Nak pulangkan.", "Tak akan beli lagi.", "Kecewa sangat."),
}



_DETAIL_POS = ("{product} ni memang yang saya cari.", "{product} nampak mahal, kualiti okay.")
_DETAIL_NEG = ("{product} ni jauh beza dari video.", "{product} saya seminggu dah rosak.")
REVIEW_DETAILS = review_details(SHORT, _DETAIL_POS, _DETAIL_NEG, capitalise=True)

COMMENTS = {
    "praise": ("cantik gila 😍", "dah sampai, suka sangat", "pembelian terbaik tahun ni",
               "kualiti power dengan harga ni", "3 hari je sampai, terbaik"),
    "question": ("boleh pos ke Sabah?", "berapa lama nak sampai?", "ada warna lain?",
                 "{product} ni kalis air tak?"),
    "complaint": ("{product} saya sampai rosak dan seller tak balas",
                  "dah bayar 2 minggu barang tak sampai lagi",
                  "refund {product} saya belum dapat", "{product} tak boleh guna, scam"),
    "spam": ("follow saya nanti saya follow balik 🔥", "buat duit dari rumah, DM saya",
             "followers percuma, link dalam bio"),
    "abuse": ("awak ni bodoh betul", "korang memang bangang"),
    "doxxing": ("ni nombor owner 555-0147, call dia",
                "lelaki dalam video tu tinggal di Jalan Kenanga 18 haha"),
    "other": ("first", "hahaha", "siapa dari live?", "lagu apa ni 🎶"),
}

DEFECT_CLUSTER = (
    "{product} saya sampai rosak, gelas retak",
    "saya punya pun sampai rosak 😭",
    "{product} ketiga dari kedai ni yang sampai rosak, kenapa?",
    "{product} saya pecah dalam kotak",
    "sampai rosak, bahagian bawah retak",
)
