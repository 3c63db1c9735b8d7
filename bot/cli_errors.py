"""A command that fails ends with one clear Vietnamese line on stderr and a non-zero exit, never a
traceback holding the token (python-telegram-bot's InvalidToken message quotes it whole)."""

from __future__ import annotations

import errno
import logging
import sys

from bot.log_redaction import Redactor

log = logging.getLogger("bot.cli")

EXIT_FAILED = 3


def describe(exc: BaseException) -> str:
    """What went wrong, for the operator, without the exception's own (English, maybe secret) words."""
    from telegram.error import InvalidToken, NetworkError, TimedOut

    if isinstance(exc, InvalidToken):
        return (
            "Telegram từ chối TELEGRAM_BOT_TOKEN (token sai hoặc đã bị thu hồi). "
            "Đề nghị lấy lại token từ @BotFather rồi chạy lại."
        )
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return (
            "Cổng HTTP_PORT đang có chương trình khác dùng (có thể là một tiến trình bot khác). Đề nghị chọn cổng khác."
        )
    if isinstance(exc, TimedOut | NetworkError):
        return "Không kết nối được tới máy chủ Telegram. Đề nghị kiểm tra mạng (hoặc TELEGRAM_API_URL) rồi chạy lại."
    return f"Lệnh không thực hiện được do lỗi {type(exc).__name__}. Chạy lại với LOG_LEVEL=DEBUG để xem chi tiết."


def report_failure(exc: BaseException, redactor: Redactor) -> int:
    """Print the one line (redacted all the same) and keep the traceback for LOG_LEVEL=DEBUG."""
    log.debug("command failed", exc_info=exc)
    print(redactor.redact(f"Lỗi: {describe(exc)}"), file=sys.stderr)
    return EXIT_FAILED
