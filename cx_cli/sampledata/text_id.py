"""Indonesian texts for the sample shop's tickets, reviews and comments.

The same pools as `text.py` (see there). `{product}` is the product's short name below.
"""

from __future__ import annotations

from cx_cli.sampledata.details import review_details

SHORT = {
    "SERUM-30ML": "serum", "CLEANSER-150": "sabun cuci muka", "COLLAGEN-60CT": "gummy kolagen",
    "MOP-PAD-2PK": "kain pel", "SPIN-MOP-KIT": "alat pel", "LEGGINGS-BLK-M": "legging",
    "HOODIE-OAT-L": "hoodie", "BLENDER-PORT": "blender", "PHONE-MOUNT-MAG": "holder hp",
    "LED-STRIP-5M": "lampu LED", "SHELF-FLOAT-3PC": "rak dinding", "TOTE-CANVAS": "tas",
    "SCRUNCHIE-6PK": "ikat rambut",
}
ORDER = "pesanan"
ORDER_REF = " No. pesanan "  # before an order ID at the end of a ticket

TICKET_SUBJECTS = {
    "tracking_not_updating": ("Paket belum sampai", "Resi tidak bergerak", "pesanan lama"),
    "delivered_not_received": ("Status terkirim tapi belum terima", "Paket tidak sampai"),
    "wrong_address": ("Ganti alamat", "Salah alamat"),
    "damaged": ("Barang rusak", "Paket pecah"),
    "missing_parts": ("Barang tidak lengkap", "Kurang part"),
    "defective": ("Mati total", "Tidak mau nyala"),
    "wrong_variant": ("Salah kirim warna", "Salah kirim ukuran"),
    "doesnt_work": ("Tidak berfungsi", "kok tidak berfungsi"),
    "sizing_fit": ("Tukar ukuran", "Kekecilan"),
    "setup_error": ("Cara pasang", "Tidak bisa konek"),
    "color_size_perception": ("Tidak sesuai gambar", "Warna beda"),
    "performance_assumption": ("Tidak ada hasil", "Gak ngefek"),
    "general": ("Tanya", "Halo kak", "Kirim ke Papua bisa?"),
}

TICKET_MESSAGES = {
    "tracking_not_updating": (
        "Kak, paket belum sampai juga, resi tidak bergerak sejak seminggu.",
        "{product} saya belum sampai, resinya dari senin tidak update",
        "Paket saya tertahan di gudang kurir 6 hari, tolong dicek ya kak",
    ),
    "delivered_not_received": (
        "Status terkirim tapi barang belum sampai ke saya, saya di rumah seharian.",
        "Di aplikasi {product} sudah terkirim tapi saya tidak terima apa-apa.",
    ),
    "wrong_address": (
        "Salah alamat kak, mau ganti alamat pengiriman sebelum dikirim.",
        "Alamat saya kurang lengkap, nomor rumahnya belum ada. Bisa diganti?",
    ),
    "damaged": (
        "Kak, {product} saya sampai dalam keadaan pecah, kardusnya penyok. Ini fotonya.",
        "Barangnya rusak, {product} retak di samping.",
        "paket sampai dalam keadaan pecah :(",
    ),
    "missing_parts": (
        "Barang tidak lengkap kak, sekrup {product} tidak ada di dalam kotak.",
        "Pesanan kurang 1 pcs, raknya cuma 2 dari 3.",
        "aksesorisnya tidak ada di dalam kotak",
    ),
    "defective": (
        "{product} baru dipakai 2 hari sudah mati total, padahal sudah dicas.",
        "gak mau nyala sama sekali kak",
    ),
    "wrong_variant": (
        "Salah kirim warna, saya pesan hitam.",
        "Salah kirim ukuran kak, saya pesan M datang L.",
    ),
    "doesnt_work": (
        "Tidak berfungsi kak, sudah ikuti petunjuk tapi tetap tidak berfungsi.",
        "{product} saya tidak berfungsi sama sekali.",
    ),
    "sizing_fit": (
        "Kekecilan kak, mau tukar ukuran ke L.",
        "{product} kekecilan di pinggang, bisa tukar ukuran?",
    ),
    "setup_error": (
        "Tidak bisa konek ke hp, cara pairing gimana?",
        "Cara pasang {product} gimana kak? petunjuknya membingungkan.",
    ),
    "color_size_perception": (
        "Tidak sesuai gambar, aslinya lebih kecil.",
        "Warnanya beda dari foto, jauh lebih gelap.",
    ),
    "performance_assumption": (
        "Sudah sebulan pakai {product} tapi gak ngefek sama sekali, tidak sesuai iklan.",
        "Kirain bisa lebih kuat, es batu saja tidak hancur.",
    ),
    "general": (
        "Kak, bisa kirim ke luar pulau?",
        "Hoodie warna oat kapan ready lagi?",
        "halo",
        "Ada voucher untuk pembelian pertama kak?",
    ),
}

REVIEW_SHORT = {
    "pos": ("Suka banget!", "Kualitas bagus", "Pengiriman cepat", "Sesuai gambar",
            "Recommended seller", "Mantap"),
    "mid": ("Lumayan", "Biasa aja", "Oke lah", "Pengiriman agak lama"),
    "neg": ("Barang rusak", "Jangan beli", "Kualitas jelek", "Buang uang", "Tidak berfungsi"),
}

REVIEW_SENTENCES = {
    "pos": (
        "Lihat di live awalnya ragu, ternyata bagus beneran.",
        "Pengiriman lebih cepat dari perkiraan dan packingnya rapi.",
        "Sudah dua minggu dipakai tiap hari, masih seperti baru.",
        "Beli satu buat sendiri, satu lagi buat kado.",
    ),
    "mid": (
        "Berfungsi, tapi petunjuknya kurang jelas.",
        "Pengirimannya lebih lama dari estimasi.",
        "Untuk harga segini oke, jangan berharap lebih.",
    ),
    "neg": (
        "Seminggu sudah rusak dan refund belum diproses.",
        "Kardusnya penyok waktu sampai.",
        "Beda jauh sama yang di video.",
        "Sudah chat admin tapi belum ada jawaban.",
    ),
}

REVIEW_CLOSERS = {
    "pos": ("Bakal beli lagi.", "Bintang lima.", "Sudah rekomendasikan ke teman."),
    "mid": ("Ya begitulah.", "Mungkin beli lagi kalau promo."),
    "neg": ("Mau saya retur.", "Tidak akan beli lagi.", "Kecewa banget."),
}

_DETAIL_POS = ("{product} ini persis seperti yang saya cari.",
               "{product} nya kelihatan mahal, kualitasnya oke.")
_DETAIL_NEG = ("{product} nya beda jauh dari video.", "{product} saya seminggu sudah rusak.")
REVIEW_DETAILS = review_details(SHORT, _DETAIL_POS, _DETAIL_NEG, capitalise=True)

COMMENTS = {
    "praise": ("bagus banget 😍", "punyaku udah sampai, suka banget", "best purchase tahun ini",
               "kualitasnya mantap untuk harga segini", "3 hari sampai, mantap"),
    "question": ("bisa kirim ke Medan?", "berapa lama pengirimannya kak?",
                 "ada warna lain?", "{product} nya tahan air gak?"),
    "complaint": ("{product} saya sampai pecah dan admin gak balas",
                  "sudah bayar 2 minggu barang belum sampai",
                  "refund {product} saya belum diproses", "{product} tidak berfungsi, penipuan"),
    "spam": ("follow aku ya nanti aku follback 🔥", "cari cuan dari rumah, DM aku",
             "followers gratis, link di bio"),
    "abuse": ("dasar goblok semua", "lu tolol banget, toko gak jelas"),
    "doxxing": ("ini nomor owner-nya 555-0147, telepon aja",
                "cowok di video itu tinggal di Jl. Kenanga 18 wkwk"),
    "other": ("pertamax", "wkwkwk", "siapa yang dari live?", "lagunya apa 🎶"),
}

DEFECT_CLUSTER = (
    "{product} saya sampai dalam keadaan pecah, gelasnya retak",
    "punyaku juga sampai pecah 😭",
    "{product} ketiga dari sini yang sampai pecah, kenapa ya?",
    "{product} saya pecah di dalam kotak",
    "sampai pecah, bagian bawahnya retak",
)
