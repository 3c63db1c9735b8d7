"""Renders Replies to Telegram and deals with what Telegram answers.

- Forbidden (the user blocked the bot): the account is marked unreachable; other replies go on.
- RetryAfter: handled by AIORateLimiter's retries.
- Network errors and 5xx: retried a few times with backoff; then raised to the error reporter.
- "message is not modified": a second press on the same button; nothing to do.

``push`` is for messages the bot starts (reminders): paced below Telegram's overall limit and
answering with an outcome per recipient instead of raising. It never retries a timeout: Telegram
may have delivered the message, and a reminder sent twice is what we promise never to do.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from telegram import Bot, BotCommand, BotCommandScopeChat, InputFile, Message
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.channels.telegram.convert import PLATFORM, keyboard
from bot.channels.telegram.pacing import Pacer
from core.messages import Incoming, OutgoingDocument, Reply
from services.delivery import PushResult

log = logging.getLogger(__name__)
T = TypeVar("T")

NETWORK_ATTEMPTS = 3


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long text at line breaks so each part stays within Telegram's limit."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


async def with_network_retries(
    call: Callable[[], Awaitable[T]], *, backoff: float = 0.5, retry_timeouts: bool = True
) -> T:
    for attempt in range(1, NETWORK_ATTEMPTS + 1):
        try:
            return await call()
        except (Forbidden, BadRequest, RetryAfter):
            raise
        except (TimedOut, NetworkError) as exc:
            if attempt == NETWORK_ATTEMPTS or (isinstance(exc, TimedOut) and not retry_timeouts):
                raise
            log.warning("Telegram network error (attempt %s): %s", attempt, exc)
            await asyncio.sleep(backoff * attempt)
    raise AssertionError("unreachable")


class Sender:
    def __init__(self, bot: Bot, on_blocked: Callable[[int], Awaitable[None]], pacer: Pacer | None = None) -> None:
        self.bot = bot
        self.on_blocked = on_blocked
        self.pacer = pacer or Pacer(0)

    async def push(self, platform: str, reply: Reply) -> PushResult:
        """Send a text the bot starts (a reminder) to ``reply.chat_id``; the outcome, never an exception."""
        chat_id = reply.chat_id
        if platform != PLATFORM or chat_id is None:
            return PushResult.failed(f"not a Telegram chat: {platform}:{chat_id}", retryable=False)
        parts = split_text(reply.text)
        markup = keyboard(reply.buttons)

        async def send(part: str, last: bool) -> Message:
            async with self.pacer.slot():  # each attempt is a request Telegram counts
                return await self.bot.send_message(
                    chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup if last else None
                )

        try:
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                await with_network_retries(partial(send, part, last), retry_timeouts=False)
        except Forbidden as exc:
            return PushResult.blocked(exc.message)
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                return PushResult.blocked(exc.message)
            log.exception("Telegram refused a pushed message to chat %s", chat_id)
            return PushResult.failed(f"bad request: {exc.message}", retryable=False)
        except RetryAfter as exc:
            return PushResult.failed(f"rate limited: {exc.message}", retryable=True)
        except TimedOut as exc:
            return PushResult.failed(f"timed out (may have been delivered): {exc.message}", retryable=False)
        except NetworkError as exc:
            return PushResult.failed(f"network: {exc.message}", retryable=True)
        except TelegramError as exc:
            log.exception("Telegram error pushing to chat %s", chat_id)
            return PushResult.failed(f"{type(exc).__name__}: {exc.message}", retryable=False)
        return PushResult.delivered()

    async def deliver(self, replies: list[Reply], incoming: Incoming | None) -> None:
        for reply in replies:
            chat_id = reply.chat_id if reply.chat_id is not None else (incoming.chat_id if incoming else None)
            if chat_id is None:
                continue
            try:
                await self._render(reply, chat_id, incoming)
                if reply.menu is not None:
                    await self._set_menu(chat_id, reply.menu)
            except Forbidden:
                await self.on_blocked(chat_id)

    async def _render(self, reply: Reply, chat_id: int, incoming: Incoming | None) -> Message | bool | None:
        markup = keyboard(reply.buttons)
        if reply.document is not None or reply.photo is not None:
            return await self._send_file(reply, chat_id)
        can_edit = (
            reply.edit
            and incoming is not None
            and incoming.callback_message_id is not None
            and chat_id == incoming.chat_id
            and len(reply.text) <= MessageLimit.MAX_TEXT_LENGTH
        )
        if can_edit and incoming is not None and incoming.callback_message_id is not None:
            message_id = incoming.callback_message_id
            try:
                return await with_network_retries(
                    lambda: self.bot.edit_message_text(
                        reply.text,
                        chat_id=chat_id,
                        message_id=message_id,
                        parse_mode=ParseMode.HTML,
                        reply_markup=markup,
                    )
                )
            except BadRequest as exc:
                if "not modified" in exc.message.lower():
                    return None
                if "not found" not in exc.message.lower():
                    raise
                # The message is gone (deleted or too old): send the new state instead.
        parts = split_text(reply.text)
        sent: Message | None = None
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            sent = await with_network_retries(
                lambda part=part, last=last: self.bot.send_message(  # type: ignore[misc]
                    chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup if last else None
                )
            )
        return sent

    async def _send_file(self, reply: Reply, chat_id: int) -> Message:
        out = reply.document or reply.photo
        assert out is not None
        caption = reply.text[: MessageLimit.CAPTION_LENGTH]
        markup = keyboard(reply.buttons)
        data = input_file(out)
        if reply.photo is not None:
            return await with_network_retries(
                lambda: self.bot.send_photo(
                    chat_id,
                    data,
                    caption=caption,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
            )
        return await with_network_retries(
            lambda: self.bot.send_document(
                chat_id,
                data,
                caption=caption,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
        )

    async def _set_menu(self, chat_id: int, menu: tuple[tuple[str, str], ...]) -> None:
        commands = [BotCommand(name, description) for name, description in menu]
        try:
            await self.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
        except BadRequest as exc:  # a chat that never talked to the bot has no menu to set
            log.info("menu not set for chat %s: %s", chat_id, exc.message)


def input_file(out: OutgoingDocument) -> str | InputFile:
    """A file Telegram already has goes by its id; otherwise the bytes are uploaded."""
    if out.file_id is not None:
        return out.file_id
    if out.content is not None:
        return InputFile(out.content, filename=out.file_name)
    assert out.path is not None
    return InputFile(out.path.read_bytes(), filename=out.file_name)
