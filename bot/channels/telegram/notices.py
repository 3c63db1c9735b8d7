"""Broadcast delivery over Telegram: one send per recipient, retried only when it surely did not arrive.

Every request (each attempt, the progress edits, the report) takes a place in the pacer the bot
shares with the reminders (pacing.py), so all the messages the bot starts stay under the limit.

- RetryAfter: AIORateLimiter already waited and retried; if Telegram still says wait, we wait
  as told and try again a few more times (nothing was delivered).
- A 5xx answer, or a connection that never opened: nothing was delivered; retried with backoff.
- Forbidden (blocked, deactivated, never started the bot): "blocked".
- BadRequest: Telegram refused this message for this chat; retrying cannot help: "failed".
- A read timeout or a connection lost after the request went out: Telegram may have delivered
  it. It is NOT retried (that could deliver twice); the outcome is "unknown".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import httpx
from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.convert import keyboard
from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.sender import input_file, split_text, with_network_retries
from core.delivery import DeliveryOutcome
from core.messages import Reply

log = logging.getLogger(__name__)
T = TypeVar("T")

SERVER_ATTEMPTS = 4
RETRY_AFTER_ROUNDS = 3
# httpx errors raised before any byte of the request reached Telegram.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _surely_not_sent(exc: NetworkError) -> bool:
    """No cause: Telegram answered with an error status. A connect/pool failure: nothing went out."""
    cause = exc.__cause__
    return cause is None or isinstance(cause, _NOT_SENT)


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramNoticeChannel:
    def __init__(self, bot: Bot, pacer: Pacer, *, backoff: float = 0.5) -> None:
        self.bot = bot
        self.pacer = pacer
        self.backoff = backoff

    async def send_notice(self, chat_id: int, notice: Reply) -> DeliveryOutcome:
        server_errors = waits = 0
        while True:
            try:
                message = await self._send(chat_id, notice)
            except Forbidden as exc:
                return DeliveryOutcome("blocked", reason=f"blocked: {exc.message}")
            except RetryAfter as exc:
                waits += 1
                if waits > RETRY_AFTER_ROUNDS:
                    return DeliveryOutcome("failed", reason=f"rate_limited: {exc.retry_after}")
                await asyncio.sleep(_seconds(exc.retry_after) + 0.1)
            except BadRequest as exc:  # before NetworkError: PTB derives BadRequest from it
                return DeliveryOutcome("failed", reason=f"rejected: {exc.message}")
            except NetworkError as exc:  # TimedOut included
                if not _surely_not_sent(exc):
                    log.warning("notice to chat %s may or may not have arrived: %r", chat_id, exc)
                    return DeliveryOutcome("unknown", reason="timeout")
                server_errors += 1
                if server_errors >= SERVER_ATTEMPTS:
                    return DeliveryOutcome("failed", reason=f"server: {exc.message}")
                await asyncio.sleep(self.backoff * server_errors)
            except TelegramError as exc:
                return DeliveryOutcome("failed", reason=f"error: {exc.message}")
            else:
                return DeliveryOutcome("delivered", message_id=message.message_id)

    async def _send(self, chat_id: int, notice: Reply) -> Message:
        async with self.pacer.slot():
            return await self._request(chat_id, notice)

    async def _request(self, chat_id: int, notice: Reply) -> Message:
        markup = keyboard(notice.buttons)
        if notice.photo is not None:
            return await self.bot.send_photo(
                chat_id, input_file(notice.photo), caption=notice.text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        if notice.document is not None:
            return await self.bot.send_document(
                chat_id,
                input_file(notice.document),
                caption=notice.text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
        return await self.bot.send_message(chat_id, notice.text, parse_mode=ParseMode.HTML, reply_markup=markup)

    async def post(self, chat_id: int, reply: Reply) -> int | None:
        parts = split_text(reply.text)
        message_id: int | None = None
        try:
            for index, part in enumerate(parts):
                markup = keyboard(reply.buttons) if index == len(parts) - 1 else None
                message = await with_network_retries(
                    lambda part=part, markup=markup: self._paced(  # type: ignore[misc]
                        lambda: self.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup)
                    )
                )
                message_id = message.message_id
        except TelegramError as exc:
            log.warning("could not post to chat %s: %s", chat_id, exc)
        return message_id

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        try:
            await with_network_retries(
                lambda: self._paced(
                    lambda: self.bot.edit_message_text(
                        text, chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML
                    )
                )
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                log.warning("could not edit message %s in chat %s: %s", message_id, chat_id, exc.message)
        except TelegramError as exc:
            log.warning("could not edit message %s in chat %s: %s", message_id, chat_id, exc)

    async def _paced(self, call: Callable[[], Awaitable[T]]) -> T:
        async with self.pacer.slot():  # each attempt is a request Telegram counts
            return await call()
