"""Telegram's way out: the :class:`core.channel.Channel` every message to a Telegram chat takes.

Replies, reminders, broadcast notices and their progress, error reports: one ``deliver`` renders the
message (sender.py: text and keyboard), sends it by the one rule of attempts.py (retried only when it
surely did not arrive; a timeout or a dropped connection is never resent) and answers with the
outcome; it never raises for a delivery problem.

- Messages the bot starts take a place in the channel's pacer (pacing.py: under Telegram's overall
  limit, shared by reminders, notices and progress); a reply (``reply=True``) goes at once, counted
  by PTB's own rate limiter only. With ``pace_replies`` (several processes share the bot's budget,
  shared_pacing.py) replies take their place in the pacer too.
- The text is rendered by render.py (``to_html``); a caption too long for Telegram is never cut
  (a cut could break the markup): the file goes without it and the text follows on its own.
- ``replace``: the message is edited in place. "message is not modified" (a second press) is
  delivered; a message that is gone, or a text too long for one message, is sent anew.
- A long text is split at line breaks; the keyboard travels with the last part.
- A reply's command menu (``Reply.menu``) is set once it was delivered, unless this process already
  set that very menu for the chat (menus.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, BotCommand, BotCommandScopeChat, Message
from telegram.constants import MessageLimit, ParseMode

from bot.channels.telegram.attempts import attempt
from bot.channels.telegram.convert import PLATFORM, keyboard
from bot.channels.telegram.menus import MenuMemory
from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.render import to_html
from bot.channels.telegram.sender import input_file, split_text
from core.channel import TELEGRAM, Capabilities
from core.delivery import Address, DeliveryOutcome
from core.messages import Reply

log = logging.getLogger(__name__)
T = TypeVar("T")

CAPABILITIES = TELEGRAM


class TelegramOutbound:
    def __init__(
        self,
        bot: Bot,
        pacer: Pacer | None = None,
        *,
        backoff: float = 0.5,
        menus: MenuMemory | None = None,
        pace_replies: bool = False,
    ) -> None:
        self.bot = bot
        self.pacer = pacer or Pacer(0)
        self.backoff = backoff
        self.menus = menus or MenuMemory()
        self.pace_replies = pace_replies

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome:
        chat_id = _chat(to)
        if chat_id is None:
            return DeliveryOutcome.failed(f"rejected: not a Telegram chat: {to}")
        paced = self.pace_replies or not reply
        if message.document is not None or message.photo is not None:
            outcome = await self._send_file(message, chat_id, paced=paced)
        elif replace is not None and replace.isdigit() and len(_text(message)) <= MessageLimit.MAX_TEXT_LENGTH:
            outcome = await self._edit(message, chat_id, int(replace), paced=paced)
        else:
            outcome = await self._send_text(message, chat_id, paced=paced)
        if outcome.ok and message.menu is not None and not self.menus.is_set(chat_id, message.menu):
            await self._set_menu(chat_id, message.menu)
        return outcome

    # ------------------------------------------------------------------ requests
    async def _try(self, call: Callable[[], Awaitable[T]], *, paced: bool, what: str) -> DeliveryOutcome:
        async def paced_call() -> T:
            async with self.pacer.slot():  # each attempt is a request Telegram counts
                return await call()

        outcome, _ = await attempt(paced_call if paced else call, backoff=self.backoff, what=what)
        return outcome

    async def _send_text(self, message: Reply, chat_id: int, *, paced: bool) -> DeliveryOutcome:
        """Send the text in as many parts as it needs; the first part that is not delivered ends it."""
        parts = split_text(_text(message))
        markup = keyboard(message.buttons)
        outcome = DeliveryOutcome.delivered()
        for index, part in enumerate(parts):
            last = index == len(parts) - 1

            def send(part: str = part, last: bool = last) -> Awaitable[Message]:
                return self.bot.send_message(
                    chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup if last else None
                )

            outcome = await self._try(send, paced=paced, what=f"message to chat {chat_id}")
            if not outcome.ok:
                break
        return outcome

    async def _edit(self, message: Reply, chat_id: int, message_id: int, *, paced: bool) -> DeliveryOutcome:
        outcome = await self._try(
            lambda: self.bot.edit_message_text(
                _text(message),
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(message.buttons),
            ),
            paced=paced,
            what=f"edit in chat {chat_id}",
        )
        if outcome.status != "failed":
            return outcome
        detail = (outcome.reason or "").lower()
        if "not modified" in detail:  # a second press on the same button: already shown
            return DeliveryOutcome.delivered(str(message_id))
        if "not found" not in detail:
            return outcome
        return await self._send_text(message, chat_id, paced=paced)  # deleted or too old: show it anew

    async def _send_file(self, message: Reply, chat_id: int, *, paced: bool) -> DeliveryOutcome:
        out = message.document or message.photo
        assert out is not None
        text = _text(message)
        caption = text if len(text) <= MessageLimit.CAPTION_LENGTH else None
        markup = keyboard(message.buttons) if caption is not None else None
        data = input_file(out)
        send = self.bot.send_photo if message.photo is not None else self.bot.send_document
        outcome = await self._try(
            lambda: send(chat_id, data, caption=caption, parse_mode=ParseMode.HTML, reply_markup=markup),
            paced=paced,
            what=f"file to chat {chat_id}",
        )
        if caption is None and outcome.ok:
            return await self._send_text(message, chat_id, paced=paced)
        return outcome

    async def _set_menu(self, chat_id: int, menu: tuple[tuple[str, str], ...]) -> None:
        commands = [BotCommand(name, description) for name, description in menu]
        outcome, _ = await attempt(
            lambda: self.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id)),
            backoff=self.backoff,
            what=f"menu of chat {chat_id}",
        )
        if outcome.ok:
            self.menus.remember(chat_id, menu)
        else:  # a chat that never talked to the bot has no menu to set
            log.info("menu not set for chat %s: %s", chat_id, outcome.reason)


def _chat(to: Address) -> int | None:
    """Telegram's chat ids are integers; the only place they are parsed on the way out."""
    if to.platform != PLATFORM:
        return None
    try:
        return int(to.chat_id)
    except ValueError:
        return None


def _text(message: Reply) -> str:
    """The message's text as Telegram HTML (the one place the channel renders text)."""
    return to_html(message.text)
