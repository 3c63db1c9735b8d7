"""The one rule of what a failed request means (bot/channels/telegram/attempts.py), answer by answer."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.channels.telegram.attempts import classify


def caused(exc: TelegramError, cause: BaseException | None) -> TelegramError:
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    ("error", "status", "retryable", "code"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), "blocked", False, "blocked"),
        (BadRequest("Bad Request: chat not found"), "blocked", False, "chat_not_found"),  # never opened the bot
        (BadRequest("Bad Request: can't parse entities"), "failed", False, "rejected"),
        (RetryAfter(5), "retry_later", True, "rate_limited"),
        (NetworkError("Bad Gateway"), "retry_later", True, "server"),  # Telegram answered 502: not delivered
        (
            caused(NetworkError("Error (500)"), TelegramError("bad body")),
            "retry_later",
            True,
            "server",
        ),
        (caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")), "retry_later", True, "server"),
        (caused(TimedOut(), httpx.ConnectTimeout("no route")), "retry_later", True, "server"),
        (caused(TimedOut("Pool timeout"), httpx.PoolTimeout("busy")), "retry_later", True, "server"),
        (caused(TimedOut(), httpx.ReadTimeout("late")), "unknown", False, "timeout"),  # may have arrived
        (caused(TimedOut(), httpx.WriteTimeout("half written")), "unknown", False, "timeout"),
        (
            caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("disconnected")),
            "unknown",
            False,
            "timeout",
        ),
        (caused(NetworkError("Unknown error in HTTP implementation"), OSError("reset")), "unknown", False, "timeout"),
        (ChatMigrated(-100123), "failed", False, "error"),
    ],
)
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # RetryAfter's own
def test_each_answer_has_one_meaning(error: TelegramError, status: str, retryable: bool, code: str) -> None:
    outcome = classify(error)
    assert (outcome.status, outcome.retryable) == (status, retryable)
    assert (outcome.reason or "").split(":")[0] == code
