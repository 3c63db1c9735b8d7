"""The PTB handler: update → Incoming → dispatcher → replies out through the one outbound path."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.channels.telegram.convert import to_incoming
from bot.replies import ReplySender, answer
from core import log_context
from core.catalog import t
from core.messages import Incoming, Reply
from handlers.dispatch import Dispatcher
from services.error_report import ErrorReporter

log = logging.getLogger(__name__)


class TelegramChannel:
    def __init__(
        self, dispatcher: Dispatcher, replies: ReplySender, reporter: ErrorReporter, bot_username: str
    ) -> None:
        self.dispatcher = dispatcher
        self.replies = replies
        self.reporter = reporter
        self.bot_username = bot_username

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        log_context.bind(update_id=update.update_id, chat=chat.id if chat is not None else None)
        incoming = to_incoming(update, self.bot_username)
        try:
            if incoming is not None:
                await self._handle(incoming)
        finally:
            # Answered once the replies are out: the button's spinner stops when the new state is on
            # screen, and whoever watches the chat (the sandbox, the tests) can tell the press is done.
            if update.callback_query is not None:
                await _answer(update)

    async def _handle(self, incoming: Incoming) -> None:
        await answer(self.dispatcher, self.replies, self.reporter.report, incoming)

    async def on_flood(self, update: object) -> None:
        """A chat sent more at once than it may queue: said once, politely; the excess was dropped."""
        incoming = to_incoming(update, self.bot_username) if isinstance(update, Update) else None
        if incoming is None:
            return
        try:
            await self.replies.deliver([Reply(text=t("common.flood"))], incoming)
        except Exception:
            log.exception("could not tell chat %s that its flood was dropped", incoming.chat_id)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Errors outside a flow (polling, PTB internals): log and tell admins, throttled."""
        if context.error is None:
            return
        replies = await self.reporter.report(context.error, None)
        try:
            await self.replies.deliver(replies, None)
        except Exception:
            log.exception("could not deliver an error report")


async def _answer(update: Update) -> None:
    """Stop the button's spinner; an old query that can no longer be answered is harmless."""
    assert update.callback_query is not None
    try:
        await update.callback_query.answer()
    except BadRequest as exc:
        log.info("callback query not answered: %s", exc.message)
