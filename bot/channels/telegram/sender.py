"""Renders Replies to Telegram and records what Telegram answered, by the one rule of attempts.py.

- Every send (a reply, a notice to another chat, an error report, a reminder) is tried by
  ``attempt``: retried only when it surely did not arrive; a timeout or a dropped connection is
  never resent (the message may have arrived).
- Blocked, or a chat the bot cannot reach (never started): the account is marked unreachable and
  the other replies go on; it is never an error.
- "message is not modified": a second press on the same button; nothing to do.
- A message Telegram refuses (a bad request) is a bot bug: the other replies still go out, then
  it is raised to the error reporter.

``push`` is for messages the bot starts (reminders): paced below Telegram's overall limit and
answering with an outcome per recipient instead of raising. With ``pace_replies`` (several processes
share the bot's budget, bot/channels/telegram/shared_pacing.py) replies, edits and files take their
place in the pacer too; one process leaves replies to AIORateLimiter alone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, BotCommand, BotCommandScopeChat, InputFile
from telegram.constants import MessageLimit, ParseMode
from telegram.error import TelegramError

from bot.channels.telegram.attempts import attempt
from bot.channels.telegram.convert import PLATFORM, keyboard, keyboard_json
from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.render import to_html
from core.delivery import DeliveryOutcome
from core.messages import Incoming, OutgoingDocument, Reply
from core.text import split_lines

log = logging.getLogger(__name__)
T = TypeVar("T")


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long rendered text at line breaks so each part stays within Telegram's limit."""
    return split_lines(text, limit)


class RepliesRejected(TelegramError):
    """Telegram refused some replies (a bad request): a bot bug, reported once the others are out."""


class Sender:
    def __init__(
        self,
        bot: Bot,
        on_blocked: Callable[[int], Awaitable[None]],
        pacer: Pacer | None = None,
        *,
        backoff: float = 0.5,
        pace_replies: bool = False,
    ) -> None:
        self.bot = bot
        self.on_blocked = on_blocked
        self.pacer = pacer or Pacer(0)
        self.backoff = backoff
        self.pace_replies = pace_replies

    def _reply_call(self, call: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
        return (lambda: self._paced(call)) if self.pace_replies else call

    async def _api(self, endpoint: str, data: dict[str, object]) -> object:
        """A text or an edit through PTB's request path (limiter, errors) without building a Message from
        Telegram's answer: only its message id is used, and the Message cost ~70 µs per reply."""
        return await self.bot._post(endpoint, data)

    async def _paced(self, call: Callable[[], Awaitable[T]]) -> T:
        async with self.pacer.slot():  # each attempt is a request Telegram counts
            return await call()

    async def push(self, platform: str, reply: Reply) -> DeliveryOutcome:
        """Send a text the bot starts (a reminder) to ``reply.chat_id``; the outcome, never an exception."""
        chat_id = reply.chat_id
        if platform != PLATFORM or chat_id is None:
            return DeliveryOutcome.failed(f"rejected: not a Telegram chat: {platform}:{chat_id}", retryable=False)
        return await self._send_text(reply, chat_id, paced=True)

    async def _send_text(self, reply: Reply, chat_id: int, *, paced: bool) -> DeliveryOutcome:
        """Send the text in as many parts as it needs; the first part that is not delivered ends it."""
        parts = split_text(to_html(reply.text))
        markup = keyboard_json(reply.buttons)
        outcome = DeliveryOutcome.delivered()
        for index, part in enumerate(parts):
            data: dict[str, object] = {"chat_id": chat_id, "text": part, "parse_mode": ParseMode.HTML.value}
            if markup is not None and index == len(parts) - 1:
                data["reply_markup"] = markup

            def send(data: dict[str, object] = data) -> Awaitable[object]:
                return self._api("sendMessage", dict(data))  # PTB adds to the dict it is given

            call = (lambda send=send: self._paced(send)) if paced else send
            outcome, _ = await attempt(call, backoff=self.backoff, what=f"message to chat {chat_id}")
            if not outcome.ok:
                break
        return outcome

    async def deliver(self, replies: list[Reply], incoming: Incoming | None) -> list[DeliveryOutcome]:
        """Send every reply, each on its own: one that fails never stops the others."""
        outcomes: list[DeliveryOutcome] = []
        rejected: list[str] = []
        for reply in replies:
            chat_id = reply.chat_id if reply.chat_id is not None else (incoming.chat_id if incoming else None)
            if chat_id is None:
                continue
            outcome = await self._render(reply, chat_id, incoming)
            outcomes.append(outcome)
            if outcome.ok and reply.menu is not None:
                await self._set_menu(chat_id, reply.menu)
            elif outcome.status == "blocked":
                await self.on_blocked(chat_id)
            elif outcome.status == "failed":
                log.error("a reply to chat %s was not delivered: %s", chat_id, outcome.reason)
                if not outcome.retryable:
                    rejected.append(f"chat {chat_id}: {outcome.reason}")
        if rejected:
            raise RepliesRejected("; ".join(rejected))
        return outcomes

    async def _render(self, reply: Reply, chat_id: int, incoming: Incoming | None) -> DeliveryOutcome:
        if reply.document is not None or reply.photo is not None:
            return await self._send_file(reply, chat_id)
        can_edit = (
            reply.edit
            and incoming is not None
            and incoming.callback_message_id is not None
            and chat_id == incoming.chat_id
            and len(to_html(reply.text)) <= MessageLimit.MAX_TEXT_LENGTH
        )
        if can_edit and incoming is not None and incoming.callback_message_id is not None:
            message_id = incoming.callback_message_id
            edit: dict[str, object] = {
                "chat_id": chat_id,
                "message_id": message_id,
                "text": to_html(reply.text),
                "parse_mode": ParseMode.HTML.value,
            }
            if reply.buttons:
                edit["reply_markup"] = keyboard_json(reply.buttons)
            outcome, _ = await attempt(
                self._reply_call(lambda: self._api("editMessageText", dict(edit))),
                backoff=self.backoff,
                what=f"edit in chat {chat_id}",
            )
            detail = (outcome.reason or "").lower()
            if outcome.status != "failed" or outcome.retryable:
                return outcome
            if "not modified" in detail:
                return DeliveryOutcome.delivered(message_id)
            if "not found" not in detail:
                return outcome
            # The message is gone (deleted or too old): send the new state instead.
        return await self._send_text(reply, chat_id, paced=self.pace_replies)

    async def _send_file(self, reply: Reply, chat_id: int) -> DeliveryOutcome:
        out = reply.document or reply.photo
        assert out is not None
        text = to_html(reply.text)
        # A caption too long for Telegram is never cut (a cut could break the markup): the file goes
        # without it and the text follows as a message of its own.
        caption = text if len(text) <= MessageLimit.CAPTION_LENGTH else None
        markup = keyboard(reply.buttons) if caption is not None else None
        data = input_file(out)
        send = self.bot.send_photo if reply.photo is not None else self.bot.send_document
        outcome, _ = await attempt(
            self._reply_call(
                lambda: send(chat_id, data, caption=caption, parse_mode=ParseMode.HTML, reply_markup=markup)
            ),
            backoff=self.backoff,
            what=f"file to chat {chat_id}",
        )
        if caption is None and outcome.ok:
            return await self._send_text(reply, chat_id, paced=False)
        return outcome

    async def _set_menu(self, chat_id: int, menu: tuple[tuple[str, str], ...]) -> None:
        commands = [BotCommand(name, description) for name, description in menu]
        outcome, _ = await attempt(
            lambda: self.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id)),
            backoff=self.backoff,
            what=f"menu of chat {chat_id}",
        )
        if not outcome.ok:  # a chat that never talked to the bot has no menu to set
            log.info("menu not set for chat %s: %s", chat_id, outcome.reason)


def input_file(out: OutgoingDocument) -> str | InputFile:
    """A file Telegram already has goes by its id; otherwise the bytes are uploaded."""
    if out.file_id is not None:
        return out.file_id
    if out.content is not None:
        return InputFile(out.content, filename=out.file_name)
    assert out.path is not None
    return InputFile(out.path.read_bytes(), filename=out.file_name)
