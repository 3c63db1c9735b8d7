"""Fixtures: a fake Bot API per test and a tiny PTB application that polls it over real HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox.fake_api import FakeBotApi

USER = 1001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.bot_base_url, base_file_url=api.base_file_url_prefix) as client:
        yield client


def build_app(api: FakeBotApi) -> Application:  # type: ignore[type-arg]
    return (
        Application.builder()
        .token(api.token)
        .base_url(api.bot_base_url)
        .base_file_url(api.base_file_url_prefix)
        .build()
    )


@contextlib.asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run the application the way run_polling does, but inside the test's event loop."""
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=2)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    buttons = [
        InlineKeyboardButton("Đăng ký", callback_data="register"),
        InlineKeyboardButton("Trợ giúp", callback_data="help"),
    ]
    await update.effective_message.reply_text(
        "<b>Xin chào!</b> Chọn một mục:", parse_mode="HTML", reply_markup=InlineKeyboardMarkup([buttons])
    )


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Đã nhận")
    await query.edit_message_text(f"Bạn đã chọn: {query.data}")


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    data = await (await context.bot.get_file(message.document.file_id)).download_as_bytearray()
    name = f"copy-{message.document.file_name}"
    await message.reply_document(bytes(data), filename=name, caption=f"{len(data)} bytes")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_message.text
    await update.effective_message.reply_text(update.effective_message.text)


@pytest.fixture
async def demo_app(api: FakeBotApi) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """/start shows buttons, presses edit the message, documents are echoed, text is echoed."""
    app = build_app(api)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.Document.ALL, document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with polling(app):
        yield app
