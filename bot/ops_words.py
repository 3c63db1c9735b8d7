"""What the bot tells its operator (logs at WARNING and above, CLI lines): in Vietnamese, never a secret."""

from __future__ import annotations

SECOND_POLLER = (
    "Một tiến trình bot khác đang nhận tin nhắn bằng cùng TELEGRAM_BOT_TOKEN (Telegram báo 409 Conflict). "
    "Tiến trình này dừng lại để không tranh tin nhắn với tiến trình kia. Chế độ polling chỉ chạy được "
    "một tiến trình cho mỗi token; muốn chạy nhiều tiến trình, đặt PUBLIC_BASE_URL để dùng webhook."
)
NEWCOMER_POLLER = (
    "Telegram báo 409 Conflict: có tiến trình khác vừa bắt đầu nhận tin nhắn bằng cùng token. "
    "Tiến trình này tiếp tục chạy; tiến trình mới sẽ tự dừng."
)
POLLING_FAILED = "Nhận tin nhắn từ Telegram bị lỗi (%s); bot tự thử lại."
STOPPING = "Nhận tín hiệu dừng: không nhận tin nhắn mới, hoàn tất các việc đang làm rồi thoát."
STOPPED = "Bot đã dừng."
STOP_TIMEOUT = "Sau {seconds:g} giây vẫn còn việc chưa xong; bot thoát luôn (việc dở sẽ do lần chạy sau xử lý)."
