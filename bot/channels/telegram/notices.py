"""Broadcast delivery over Telegram: one send per recipient, by the one rule of attempts.py
(retried only when it surely did not arrive; a timeout or a dropped connection is "unknown").

Every request (each attempt, the progress edits, the report) takes a place in the pacer the bot
shares with the reminders (pacing.py), so all the messages the bot starts stay under the limit.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, Message
from telegram.constants import ParseMode

from bot.channels.telegram.attempts import attempt
from bot.channels.telegram.convert import keyboard
from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.render import to_html
from bot.channels.telegram.sender import input_file, split_text
from core.delivery import DeliveryOutcome
from core.messages import Reply
from core.text import RichText

log = logging.getLogger(__name__)
T = TypeVar("T")


class TelegramNoticeChannel:
    def __init__(self, bot: Bot, pacer: Pacer, *, backoff: float = 0.5) -> None:
        self.bot = bot
        self.pacer = pacer
        self.backoff = backoff

    async def send_notice(self, chat_id: int, notice: Reply) -> DeliveryOutcome:
        outcome, _ = await attempt(
            lambda: self._paced(lambda: self._request(chat_id, notice)),
            backoff=self.backoff,
            what=f"notice to chat {chat_id}",
        )
        return outcome

    async def _request(self, chat_id: int, notice: Reply) -> Message:
        markup = keyboard(notice.buttons)
        if notice.photo is not None:
            return await self.bot.send_photo(
                chat_id,
                input_file(notice.photo),
                caption=to_html(notice.text),
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
        if notice.document is not None:
            return await self.bot.send_document(
                chat_id,
                input_file(notice.document),
                caption=to_html(notice.text),
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
        return await self.bot.send_message(
            chat_id, to_html(notice.text), parse_mode=ParseMode.HTML, reply_markup=markup
        )

    async def post(self, chat_id: int, reply: Reply) -> int | None:
        parts = split_text(to_html(reply.text))
        message_id: int | None = None
        for index, part in enumerate(parts):
            markup = keyboard(reply.buttons) if index == len(parts) - 1 else None
            outcome, _ = await attempt(
                lambda part=part, markup=markup: self._paced(  # type: ignore[misc]
                    lambda: self.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup)
                ),
                backoff=self.backoff,
                what=f"post to chat {chat_id}",
            )
            if not outcome.ok:
                log.warning("could not post to chat %s: %s", chat_id, outcome.reason)
                break
            message_id = outcome.message_id
        return message_id

    async def edit(self, chat_id: int, message_id: int, text: RichText) -> None:
        outcome, _ = await attempt(
            lambda: self._paced(
                lambda: self.bot.edit_message_text(
                    to_html(text), chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML
                )
            ),
            backoff=self.backoff,
            what=f"edit of message {message_id} in chat {chat_id}",
        )
        if not outcome.ok and "not modified" not in (outcome.reason or "").lower():
            log.warning("could not edit message %s in chat %s: %s", message_id, chat_id, outcome.reason)

    async def _paced(self, call: Callable[[], Awaitable[T]]) -> T:
        async with self.pacer.slot():  # each attempt is a request Telegram counts
            return await call()
