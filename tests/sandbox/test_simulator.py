"""Scripted users read like a dialog with the bot."""

from __future__ import annotations

import pytest
from telegram import KeyboardButton, ReplyKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser, render
from tests.sandbox.conftest import build_app, polling

pytestmark = pytest.mark.timeout(15)


async def test_dialog(api: FakeBotApi, demo_app: Application) -> None:  # type: ignore[type-arg]
    officer = SimUser(api, 1001, "Lan")

    replies = await officer.send("/start")
    assert [m["text"] for m in replies] == ["Xin chào! Chọn một mục:"]
    assert officer.last_buttons == ["Đăng ký", "Trợ giúp"]

    replies = await officer.press("đăng")  # case-insensitive part of the label
    assert [m["text"] for m in replies] == ["Bạn đã chọn: register"]
    assert officer.last_buttons == []

    await officer.send("/start")
    await officer.press(2)  # by number
    assert officer.last_text == "Bạn đã chọn: help"

    replies = await officer.upload(b"a,b\n1,2\n", "data.csv", caption="số liệu")
    assert replies[0]["caption"] == "8 bytes"
    assert render(replies[0]) == "[file] copy-data.csv\n8 bytes"
    assert len(officer.inbox) == 3  # two edited menus and the document
    assert api.errors == []


async def test_press_unknown_button_lists_what_is_there(api: FakeBotApi, demo_app: Application) -> None:  # type: ignore[type-arg]
    officer = SimUser(api, 1002, "Minh")
    await officer.send("/start")
    with pytest.raises(LookupError, match="Đăng ký"):
        await officer.press("Xoá")


async def test_reply_keyboard_is_pressed_by_sending_the_label(api: FakeBotApi) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message and update.effective_message.text
        keyboard = ReplyKeyboardMarkup([[KeyboardButton("Báo cáo"), KeyboardButton("Huỷ")]])
        await update.effective_message.reply_text(f"Bạn gửi: {update.effective_message.text}", reply_markup=keyboard)

    app = build_app(api)
    app.add_handler(MessageHandler(filters.TEXT, menu))
    async with polling(app):
        user = SimUser(api, 7, settle=0.05)
        await user.send("hi")
        assert user.last_buttons == ["Báo cáo", "Huỷ"]
        replies = await user.press("báo")
        assert replies[-1]["text"] == "Bạn gửi: Báo cáo"


async def test_silence_returns_no_replies_after_the_timeout(api: FakeBotApi) -> None:
    user = SimUser(api, 8, reply_timeout=0.2)
    assert await user.send("anyone?") == []
