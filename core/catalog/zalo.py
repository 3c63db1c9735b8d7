"""Texts of the Zalo channel: what a Zalo user reads where Zalo lacks what Telegram has."""

TEXTS = {
    "zalo.unsupported": (
        "Bot đọc được tin nhắn chữ và ảnh. Tệp PDF, Word, Excel xin đồng chí gửi qua đường dẫn tải lên "
        "mà bot gửi ở bước cần tệp; gõ /help để xem các lệnh."
    ),
    "zalo.file_link": "📎 Tải tệp «{name}»: {url} (hết hạn lúc {expires})",
    "zalo.file_unavailable": (
        "📎 Tệp «{name}» chưa gửi được qua Zalo; đồng chí xem trên Telegram hoặc liên hệ Văn phòng."
    ),
}
