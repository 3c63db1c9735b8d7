"""Texts of a person's channels (/toi): linking Telegram and Zalo to one account, notices per channel."""

TEXTS: dict[str, str] = {
    "cmd.lienket": "Liên kết với tài khoản trên kênh khác (Telegram/Zalo)",
    "link.platform.telegram": "Telegram",
    "link.platform.zalo": "Zalo",
    "link.header": "<b>Kênh nhận tin</b>",
    "link.channel_line": "• {channel} ({name}): {state}{here}",
    "link.here": " — kênh đang dùng",
    "link.state_on": "đang nhận thông báo, nhắc việc",
    "link.state_off": "đã tắt thông báo, nhắc việc",
    "link.state_blocked": "không gửi được từ {since} (đồng chí đã chặn bot?)",
    "link.turn_off": "🔕 Tắt thông báo qua {channel}",
    "link.turn_on": "🔔 Bật thông báo qua {channel}",
    "link.link_button": "🔗 Liên kết {channel}",
    "link.nothing_to_link": "Tài khoản đã dùng mọi kênh bot hỗ trợ.",
    "link.code_issued": (
        "Mã liên kết {channel} của đồng chí: <code>{code}</code>\n"
        "Mở {channel}, nhắn cho bot: <code>/lienket {code}</code> (hoặc nhập mã khi bot hỏi mã).\n"
        "Mã dùng một lần, hết hạn lúc {until}. Không đưa mã cho người khác."
    ),
    "link.ask_code": ("Đề nghị đồng chí nhập <b>mã liên kết 6 số</b> (lấy ở kênh đã dùng: gõ /toi, chọn «Liên kết»)."),
    "link.code_invalid": (
        "Mã liên kết không đúng hoặc đã hết hạn. Đề nghị lấy mã mới ở kênh đã dùng (/toi) và nhập lại."
    ),
    "link.wrong_channel": "Mã này dùng để liên kết {channel}: đề nghị nhập mã trong {channel}.",
    "link.too_many": "Đồng chí đã nhập sai mã nhiều lần. Đề nghị thử lại sau một giờ.",
    "link.already_yours": "Kênh này đã thuộc tài khoản của đồng chí.",
    "link.already_has": "Tài khoản đã liên kết một tài khoản {channel} khác.",
    "link.in_use": (
        "Tài khoản {channel} này đã được dùng với một đơn vị, không liên kết được. "
        "Đề nghị liên hệ Văn phòng Thanh tra tỉnh."
    ),
    "link.keep_one": "Cần giữ ít nhất một kênh nhận thông báo.",
    "link.linked": (
        "Đã liên kết {channel} với tài khoản của đồng chí {name}.\nĐơn vị: {unit}\nVai trò: {role}\n"
        "Thông báo, nhắc việc sẽ gửi qua mọi kênh đang bật (xem /toi)."
    ),
    "link.linked_elsewhere": (
        "🔗 Một tài khoản {channel} vừa được liên kết với tài khoản của đồng chí {name}. "
        "Nếu không phải đồng chí, đề nghị báo ngay Văn phòng Thanh tra tỉnh."
    ),
}
