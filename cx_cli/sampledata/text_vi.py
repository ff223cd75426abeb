"""Vietnamese texts for the sample shop's tickets, reviews and comments.

The same pools as `text.py` (see there). `{product}` is the product's short name below.
"""

from __future__ import annotations

from cx_cli.sampledata.details import review_details

SHORT = {
    "SERUM-30ML": "serum", "CLEANSER-150": "sữa rửa mặt", "COLLAGEN-60CT": "kẹo collagen",
    "MOP-PAD-2PK": "bông lau", "SPIN-MOP-KIT": "cây lau nhà", "LEGGINGS-BLK-M": "quần legging",
    "HOODIE-OAT-L": "áo hoodie", "BLENDER-PORT": "máy xay", "PHONE-MOUNT-MAG": "giá đỡ điện thoại",
    "LED-STRIP-5M": "đèn LED", "SHELF-FLOAT-3PC": "kệ treo tường", "TOTE-CANVAS": "túi vải",
    "SCRUNCHIE-6PK": "dây buộc tóc",
}
ORDER = "đơn hàng"
ORDER_REF = " Mã đơn "  # before an order ID at the end of a ticket

TICKET_SUBJECTS = {
    "tracking_not_updating": ("Chưa nhận được hàng", "Đơn hàng chưa cập nhật",
                              "giao lâu quá"),
    "delivered_not_received": ("Báo đã giao nhưng chưa nhận", "Không nhận được hàng"),
    "wrong_address": ("Đổi địa chỉ", "Ghi sai địa chỉ"),
    "damaged": ("Hàng bị vỡ", "Hộp bị móp"),
    "missing_parts": ("Thiếu phụ kiện", "Giao thiếu hàng"),
    "defective": ("Không lên nguồn", "Dùng vài ngày thì hỏng"),
    "wrong_variant": ("Giao sai màu", "Giao sai size"),
    "doesnt_work": ("Không hoạt động", "sao không hoạt động"),
    "sizing_fit": ("Đổi size", "Bị chật"),
    "setup_error": ("Không kết nối được", "Cách lắp đặt"),
    "color_size_perception": ("Không giống hình", "Màu khác hình"),
    "performance_assumption": ("Không có tác dụng", "Dùng không thấy gì"),
    "general": ("Hỏi shop", "Chào shop", "Có giao ra Phú Quốc không?"),
}

TICKET_MESSAGES = {
    "tracking_not_updating": (
        "Shop ơi, mình chưa nhận được hàng, đơn hàng một tuần rồi chưa cập nhật.",
        "{product} của mình chưa nhận được hàng, từ thứ hai tới giờ không thấy gì",
        "Chưa nhận được hàng, kiện hàng nằm ở kho 6 ngày rồi, shop kiểm tra giúp mình.",
    ),
    "delivered_not_received": (
        "Báo đã giao nhưng tôi chưa nhận được hàng, cả ngày tôi ở nhà.",
        "Báo đã giao nhưng tôi chưa nhận được hàng, {product} không có ở nhà.",
    ),
    "wrong_address": (
        "Tôi ghi sai địa chỉ, muốn đổi địa chỉ trước khi gửi.",
        "Địa chỉ của mình thiếu số nhà, shop đổi địa chỉ giúp mình nhé.",
    ),
    "damaged": (
        "{product} của mình giao tới bị vỡ, hộp bị móp. Mình gửi hình nhé.",
        "Hàng bị vỡ, {product} nứt một bên.",
        "hop bi mop, hang bi vo roi shop oi",
    ),
    "missing_parts": (
        "Thiếu phụ kiện shop ơi, hộp {product} không có ốc vít.",
        "Giao thiếu hàng, kệ chỉ có 2 cái thay vì 3.",
    ),
    "defective": (
        "{product} dùng được 2 ngày thì hỏng, sạc đầy vẫn không lên nguồn.",
        "Không lên nguồn luôn shop ơi.",
    ),
    "wrong_variant": (
        "Giao sai màu, mình đặt màu đen.",
        "Shop giao sai size, mình đặt M mà nhận L.",
    ),
    "doesnt_work": (
        "Không hoạt động, mình làm theo hướng dẫn rồi.",
        "{product} không hoạt động gì hết.",
    ),
    "sizing_fit": (
        "Áo bị chật, muốn đổi size L.",
        "{product} bị chật ở eo, mình muốn đổi size.",
    ),
    "setup_error": (
        "Không kết nối được với điện thoại, ghép nối thế nào shop?",
        "Lắp {product} thế nào vậy shop, hướng dẫn khó hiểu quá.",
    ),
    "color_size_perception": (
        "Không giống hình, màu khác hình nhiều.",
        "{product} nhỏ hơn hình nhiều.",
    ),
    "performance_assumption": (
        "Dùng {product} một tháng rồi không có tác dụng gì, không như quảng cáo.",
        "Không có tác dụng gì hết.",
    ),
    "general": (
        "Shop có giao toàn quốc không?",
        "Áo hoodie màu be khi nào có lại vậy shop?",
        "alo shop",
        "Có mã giảm giá cho đơn đầu không shop?",
    ),
}

REVIEW_SHORT = {
    "pos": ("Rất thích!", "Chất lượng tốt", "Giao hàng nhanh", "Giống hình",
            "Đáng tiền", "Tuyệt vời"),
    "mid": ("Tạm được", "Bình thường", "Cũng ổn", "Giao hơi lâu"),
    "neg": ("Hàng bị vỡ", "Đừng mua", "Chất lượng kém", "Phí tiền", "Không dùng được"),
}

REVIEW_SENTENCES = {
    "pos": (
        "Xem live thấy hơi nghi nhưng dùng thử thì tốt thật.",
        "Giao nhanh hơn dự kiến, đóng gói cẩn thận.",
        "Dùng mỗi ngày hai tuần rồi vẫn như mới.",
        "Mua một cái cho mình, một cái làm quà.",
    ),
    "mid": (
        "Dùng được, nhưng hướng dẫn chưa rõ.",
        "Giao hàng lâu hơn dự kiến.",
        "Với giá này thì ổn, đừng kỳ vọng nhiều.",
    ),
    "neg": (
        "Một tuần là hỏng, vẫn đang chờ hoàn tiền.",
        "Hộp bị móp khi giao tới.",
        "Khác xa trong video.",
        "Nhắn shop mà chưa thấy trả lời.",
    ),
}

REVIEW_CLOSERS = {
    "pos": ("Sẽ mua lại.", "Năm sao.", "Đã giới thiệu cho bạn bè."),
    "mid": ("Vậy thôi.", "Có sale chắc mua lại."),
    "neg": ("Mình sẽ trả hàng.", "Không mua lại nữa.", "Rất thất vọng."),
}



_DETAIL_POS = ("{product} đúng thứ mình cần.", "{product} nhìn sang, chất lượng ổn.")
_DETAIL_NEG = ("{product} khác xa trong video.", "{product} của mình một tuần đã hỏng.")
REVIEW_DETAILS = review_details(SHORT, _DETAIL_POS, _DETAIL_NEG, capitalise=True)

COMMENTS = {
    "praise": ("đẹp quá 😍", "nhận hàng rồi, thích lắm", "món hời nhất năm",
               "chất lượng xịn so với giá", "3 ngày là nhận, tuyệt"),
    "question": ("có giao ra Hà Nội không?", "bao lâu thì nhận được hàng?",
                 "có màu khác không shop?", "{product} có chống nước không?"),
    "complaint": ("{product} của mình giao tới bị vỡ mà shop không trả lời",
                  "thanh toán 2 tuần rồi vẫn chưa nhận được hàng",
                  "vẫn chưa được hoàn tiền {product}", "{product} không hoạt động, lừa đảo"),
    "spam": ("follow mình mình follow lại 🔥", "kiếm tiền tại nhà, inbox mình",
             "tăng follow miễn phí, link ở bio"),
    "abuse": ("câm mồm đi, lũ hề", "mày ngu vl, shop gì vậy"),
    "doxxing": ("số của chủ shop nè 555-0147, gọi cho nó đi",
                "anh trong video ở số 18 Nguyễn Trãi đó haha"),
    "other": ("đầu tiên", "hahaha", "ai từ live qua đây?", "bài nhạc gì vậy 🎶"),
}

DEFECT_CLUSTER = (
    "{product} của mình giao tới bị vỡ, cốc bị nứt",
    "của mình cũng bị vỡ 😭",
    "cái {product} thứ ba bị vỡ rồi, sao vậy shop?",
    "{product} bị vỡ trong hộp luôn",
    "hàng bị vỡ, đế bị nứt",
)
