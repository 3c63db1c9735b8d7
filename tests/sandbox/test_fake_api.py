"""The fake Bot API behaves like Telegram as far as python-telegram-bot can tell."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application

from bot.sandbox.fake_api import FakeBotApi
from tests.sandbox.conftest import USER

pytestmark = pytest.mark.timeout(15)


# --- polling ------------------------------------------------------------------------------------


async def test_updates_come_in_order_and_offset_confirms_them(api: FakeBotApi, bot: Bot) -> None:
    ids = [api.user_sends_text(USER, text)["update_id"] for text in ("/start", "một", "hai")]

    first = await bot.get_updates(limit=2)
    assert [u.update_id for u in first] == ids[:2]
    assert first[0].message and first[0].message.text == "/start"
    assert first[0].message.entities[0].type == "bot_command"

    again = await bot.get_updates()  # nothing confirmed yet: Telegram re-delivers
    assert [u.update_id for u in again] == ids

    rest = await bot.get_updates(offset=ids[1] + 1)
    assert [u.update_id for u in rest] == ids[2:]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    assert api.pending_updates == []


async def test_long_poll_wakes_up_when_a_user_writes(api: FakeBotApi, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    api.user_sends_text(USER, "xin chào")
    updates = await poll
    assert time.monotonic() - started < 1
    assert updates[0].message and updates[0].message.text == "xin chào"


async def test_long_poll_without_updates_returns_empty_after_timeout(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 2


async def test_echo_application_round_trip(api: FakeBotApi, demo_app: Application) -> None:  # type: ignore[type-arg]
    api.user_sends_text(USER, "Báo cáo tháng 6", first_name="Lan")
    reply = await api.wait_for_message(USER)
    assert reply["text"] == "Báo cáo tháng 6"
    assert reply["from"]["is_bot"] is True
    assert api.sent[-1].method == "sendMessage"
    assert api.sent[-1].chat_id == USER
    assert api.calls["getMe"] == 1
    assert api.calls["getUpdates"] >= 1
    assert api.errors == []


async def test_group_chat_command(api: FakeBotApi, demo_app: Application) -> None:  # type: ignore[type-arg]
    group = -100500
    api.user_sends_text(USER, f"/start@{api.bot_username}", chat_type="group", chat_id=group)
    reply = await api.wait_for_message(group)
    assert reply["chat"] == {"id": group, "type": "group", "title": f"Chat {group}"}
    assert "Xin chào" in reply["text"]


# --- buttons, files, commands -------------------------------------------------------------------


async def test_button_press_answers_and_edits(api: FakeBotApi, demo_app: Application) -> None:  # type: ignore[type-arg]
    api.user_sends_text(USER, "/start")
    menu = await api.wait_for_message(USER)
    assert menu["text"] == "Xin chào! Chọn một mục:"
    assert menu["entities"] == [{"offset": 0, "length": 9, "type": "bold"}]

    api.user_presses(USER, menu["message_id"], "register")
    edited = await api.wait_for_message(USER, lambda m: "edit_date" in m)
    assert edited["message_id"] == menu["message_id"]
    assert edited["text"] == "Bạn đã chọn: register"
    assert "reply_markup" not in edited  # editing without reply_markup drops the keyboard
    assert api.answered_callbacks[0]["text"] == "Đã nhận"
    assert [m["text"] for m in api.messages(USER)] == ["Bạn đã chọn: register"]
    assert [c.method for c in api.sent] == ["sendMessage", "editMessageText"]


async def test_pressing_a_button_that_is_not_there_is_a_test_error(api: FakeBotApi, bot: Bot) -> None:
    api.user_sends_text(USER, "hi")
    message = await bot.send_message(USER, "no buttons")
    with pytest.raises(ValueError, match=r"(?i)no button"):
        api.user_presses(USER, message.message_id, "ghost")


async def test_uploaded_document_downloads_byte_for_byte(api: FakeBotApi, demo_app: Application) -> None:  # type: ignore[type-arg]
    content = bytes(range(256)) * 40
    api.user_sends_document(USER, content, "báo cáo.xlsx", caption="Tháng 6")
    reply = await api.wait_for_message(USER)
    assert reply["caption"] == f"{len(content)} bytes"
    assert reply["document"]["file_name"] == "copy-báo cáo.xlsx"
    call = api.sent[-1]
    assert call.method == "sendDocument"
    upload = call.params["document"]
    assert upload.filename == "copy-báo cáo.xlsx"
    assert upload.data == content
    assert api.file_content(reply["document"]["file_id"]) == content


async def test_send_document_by_file_id_and_get_file(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_document(USER, b"%PDF-1.4 fake", filename="qd.pdf", caption="Quyết định")
    assert sent.document and sent.document.mime_type == "application/pdf"
    again = await bot.send_document(USER, sent.document.file_id)
    assert again.document and again.document.file_unique_id == sent.document.file_unique_id
    data = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(data) == b"%PDF-1.4 fake"
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(USER, "no-such-file-id")


async def test_photo_upload_and_user_photo(api: FakeBotApi, bot: Bot) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    sent = await bot.send_photo(USER, png, caption="ảnh")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (640, 480)
    update = api.user_sends_photo(USER, png)
    photo_id = update["message"]["photo"][-1]["file_id"]
    assert bytes(await (await bot.get_file(photo_id)).download_as_bytearray()) == png
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type Photo as Document"):
        await bot.send_document(USER, photo_id)


async def test_commands_are_stored_per_scope(api: FakeBotApi, bot: Bot) -> None:
    from telegram import BotCommand, BotCommandScopeChat

    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")])
    await bot.set_my_commands([BotCommand("admin", "Quản trị")], scope=BotCommandScopeChat(5))
    assert [c["command"] for c in api.commands["default"]] == ["start", "help"]
    assert api.commands[api.scope_key({"type": "chat", "chat_id": 5})] == [
        {"command": "admin", "description": "Quản trị"}
    ]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(5))] == ["admin"]
    await bot.delete_my_commands(scope=BotCommandScopeChat(5))
    assert await bot.get_my_commands(scope=BotCommandScopeChat(5)) == ()
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_delete_and_copy_message(api: FakeBotApi, bot: Bot) -> None:
    first = await bot.send_message(USER, "tạm")
    copied = await bot.copy_message(USER, USER, first.message_id)
    assert await bot.delete_message(USER, first.message_id)
    assert [m["message_id"] for m in api.messages(USER)] == [copied.message_id]
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, first.message_id)


# --- strictness ---------------------------------------------------------------------------------


async def test_text_rules(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b></b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "x" * 4097)
    # The limit counts visible text: markup and entities do not use it up.
    await bot.send_message(USER, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<b>đậm", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("điểm < 5", 'Unsupported start tag "" at byte offset 8'),
        ("Tom & Jerry", 'unescaped "&" at byte offset 4'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_malformed_html_is_refused(bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as caught:
        await bot.send_message(USER, html, parse_mode="HTML")
    assert detail.lower() in caught.value.message.lower()  # PTB lower-cases all but the first letter


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    ok = "đ" * 32  # 64 bytes in UTF-8
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data=ok)]])
    await bot.send_message(USER, "ok", reply_markup=fits)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data=ok + "x")]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "too long", reply_markup=too_long)


async def test_edit_rules(api: FakeBotApi, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Xong", callback_data="done")]])
    message = await bot.send_message(USER, "Việc 1", reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Việc 1", chat_id=USER, message_id=message.message_id, reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(chat_id=USER, message_id=message.message_id, reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=9999)
    # Same text without the keyboard is a modification.
    await bot.edit_message_text("Việc 1", chat_id=USER, message_id=message.message_id)
    assert "reply_markup" not in api.messages(USER)[0]


async def test_caption_and_file_size_limits(api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_document(USER, b"x", filename="a.txt", caption="c" * 1025)
    api.max_upload_bytes = 1000  # same check as the real 50 MB, without moving 50 MB in a test
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.send_document(USER, b"x" * 1001, filename="big.bin")


@pytest.mark.filterwarnings("ignore:Please use 'Bot.sendMessage'")
async def test_unknown_and_missing_parameters_are_refused(api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r'(?i)unknown parameter "bogus"'):
        await bot.do_api_request("sendMessage", api_kwargs={"bogus": 1, "chat_id": USER, "text": "x"})
    with pytest.raises(BadRequest, match=r'(?i)parameter "chat_id" is required'):
        await bot.do_api_request("sendMessage", api_kwargs={"text": "x"})
    with pytest.raises(BadRequest, match=r"(?i)can't parse reply_markup"):
        await bot.do_api_request(
            "sendMessage", api_kwargs={"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{}]]}}
        )
    assert [e[0] for e in api.errors] == ["sendMessage"] * 3
    assert api.sent == []


async def test_unknown_method_and_wrong_token(api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": USER})
    assert await bot.do_api_request("SENDCHATACTION", api_kwargs={"chat_id": USER, "action": "typing"}) is True
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=api.bot_base_url):
            pass


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # RetryAfter's own
async def test_injected_failures_map_to_ptb_errors(api: FakeBotApi, bot: Bot) -> None:
    api.inject(USER, "429", retry_after=3)
    with pytest.raises(RetryAfter, match=r"(?i)retry in (3 seconds|0:00:03)"):
        await bot.send_message(USER, "a")
    for kind in ("500", "502"):
        api.inject(USER, kind)
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(USER, "b")
        assert not isinstance(caught.value, BadRequest)
    api.inject(USER, "blocked")
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER, "c")
    other_chat = USER + 1
    api.inject(other_chat, "500")
    await bot.send_message(USER, "d")  # failures are per chat and used up
    assert [c.params["text"] for c in api.sent] == ["d"]


async def test_block_until_unblock(api: FakeBotApi, bot: Bot) -> None:
    api.block(USER)
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(USER, "x")
    api.unblock(USER)
    await bot.send_message(USER, "x")


async def test_injected_timeout_answers_late(api: FakeBotApi, bot: Bot) -> None:
    api.inject(USER, "timeout", delay=0.6)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "chậm", read_timeout=0.2)
    late = await api.wait_for_message(USER, after=0, timeout=2)
    assert late["text"] == "chậm"  # Telegram may still deliver a message the client gave up on


async def test_a_dropped_connection_after_delivery(api: FakeBotApi, bot: Bot) -> None:
    api.inject(USER, "drop")
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(USER, "đã tới")
    assert not isinstance(caught.value, (BadRequest, TimedOut))
    assert "disconnected" in str(caught.value).lower()
    assert [m["text"] for m in api.messages(USER)] == ["đã tới"]  # delivered, though no answer came
    await bot.send_message(USER, "sau")  # the next request works on a new connection


async def test_a_persistent_failure_until_healed(api: FakeBotApi, bot: Bot) -> None:
    api.fail_always(USER, "502")
    for _ in range(5):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(USER, "x")
    await bot.send_message(USER + 1, "other chats are fine")
    api.heal(USER)
    await bot.send_message(USER, "x")
    assert [c.chat_id for c in api.sent] == [USER + 1, USER]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit() -> None:
    async with FakeBotApi(rate_limit_per_second=5) as api, Bot(api.token, base_url=api.bot_base_url) as bot:
        for i in range(5):
            await bot.send_message(USER, str(i))
        with pytest.raises(RetryAfter, match=r"(?i)retry in (1 seconds|0:00:01)"):
            await bot.send_message(USER, "6")
        await bot.send_chat_action(USER, "typing")  # chat actions are not throttled
        assert api.send_count == 6
        await asyncio.sleep(1.0)
        await bot.send_message(USER, "after a second")


async def test_stop_releases_a_pending_long_poll() -> None:
    api = FakeBotApi()
    await api.start()
    async with Bot(api.token, base_url=api.bot_base_url) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await api.stop()
        with contextlib.suppress(TelegramError):
            assert await poll == ()
        assert time.monotonic() - started < 2


# --- wire formats -------------------------------------------------------------------------------


async def test_json_form_and_query_bodies(api: FakeBotApi) -> None:
    url = f"{api.bot_base_url}{api.token}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/sendMessage", json={"chat_id": USER, "text": "json"}) as r:
            assert (await r.json())["result"]["text"] == "json"
        markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
        form = {"chat_id": str(USER), "text": "form", "reply_markup": markup}
        async with http.post(f"{url}/sendmessage", data=form) as r:
            body = await r.json()
            assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
        async with http.get(f"{url}/getMe") as r:
            assert (await r.json())["result"]["username"] == api.bot_username
        async with http.post(f"{url}/sendMessage", data={"chat_id": "abc", "text": "x"}) as r:
            assert r.status == 400
        async with http.post(f"{url}/noSuchMethod") as r:
            assert (r.status, await r.json()) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
        async with http.post(f"{api.bot_base_url}0:BAD/getMe") as r:
            assert (await r.json())["error_code"] == 401
        async with http.get(f"{api.base_file_url_prefix}{api.token}/documents/missing.pdf") as r:
            assert r.status == 404


async def test_files_dir_and_strict_chats(tmp_path: Path) -> None:
    async with FakeBotApi(files_dir=tmp_path) as api, Bot(api.token, base_url=api.bot_base_url) as bot:
        bot_with_files = Bot(api.token, base_url=api.bot_base_url, base_file_url=api.base_file_url_prefix)
        async with bot_with_files:
            sent = await bot_with_files.send_document(USER, b"abc", filename="x.txt")
            assert sent.document
            assert [p.read_bytes() for p in (tmp_path / "documents").iterdir()] == [b"abc"]
            assert await (await bot_with_files.get_file(sent.document.file_id)).download_as_bytearray() == b"abc"
        api.strict_chats = True  # a user who never opened the bot: Telegram answers 400 "chat not found"
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(USER + 7, "x")
        with pytest.raises(BadRequest, match="not found"):
            await bot.send_message(-5, "x")


async def test_webhook_blocks_polling(bot: Bot) -> None:
    await bot.set_webhook("https://example.invalid/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()
