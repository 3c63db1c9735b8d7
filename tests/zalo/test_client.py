"""The Zalo client against the fake Zalo Bot API over real HTTP: every method and what it parses."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from bot.channels.zalo.client import ZaloBotClient
from bot.channels.zalo.errors import ZaloApiError
from bot.channels.zalo.events import ImageReceived, StickerReceived, TextReceived, UnsupportedReceived, dedup_key
from bot.sandbox.fake_zalo import FakeZaloApi
from tests.zalo.conftest import USER

pytestmark = pytest.mark.timeout(20)


async def test_get_me_reads_the_bot(api: FakeZaloApi, client: ZaloBotClient) -> None:
    me = await client.get_me()

    assert (me.id, me.account_name, me.can_join_groups) == ("1234567890", "bot.thidua.sandbox", False)
    assert api.calls["getMe"] == 1


async def test_a_text_event_is_parsed_with_its_sender_and_time(api: FakeZaloApi, client: ZaloBotClient) -> None:
    sent = api.user_sends_text(USER, "/start ABC123", display_name="Nguyễn Thị Lan")

    event = await client.get_update(poll_seconds=1)

    assert isinstance(event, TextReceived)
    assert event.text == "/start ABC123"
    assert event.info is not None
    assert event.info.message_id == sent["message"]["message_id"]
    assert (event.info.chat_id, event.info.sender.id, event.info.sender.display_name) == (USER, USER, "Nguyễn Thị Lan")
    assert event.info.is_private
    assert event.info.date == datetime.fromtimestamp(sent["message"]["date"] / 1000, tz=UTC)


async def test_image_sticker_and_unsupported_events_have_their_own_types(
    api: FakeZaloApi, client: ZaloBotClient
) -> None:
    api.user_sends_image(USER, "https://photo.zdn.vn/scan-1.jpg", caption="Trang 1")
    api.user_sends_sticker(USER, "abc123")
    api.user_sends_unsupported(USER)

    image, sticker, unsupported = [await client.get_update(poll_seconds=1) for _ in range(3)]

    assert isinstance(image, ImageReceived)
    assert (image.photo_url, image.caption) == ("https://photo.zdn.vn/scan-1.jpg", "Trang 1")
    assert isinstance(sticker, StickerReceived)
    assert sticker.sticker == "abc123"
    assert sticker.url is not None and "abc123" in sticker.url
    assert isinstance(unsupported, UnsupportedReceived)
    assert unsupported.info is not None and unsupported.info.chat_id == USER


async def test_one_event_per_poll_and_an_empty_poll_is_none(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.user_sends_text(USER, "một")
    api.user_sends_text(USER, "hai")

    first = await client.get_update(poll_seconds=1)
    second = await client.get_update(poll_seconds=1)
    started = time.monotonic()
    third = await client.get_update(poll_seconds=1)

    assert isinstance(first, TextReceived) and first.text == "một"
    assert isinstance(second, TextReceived) and second.text == "hai"
    assert third is None
    assert time.monotonic() - started >= 0.9  # it really waited: a long poll, not a busy loop


async def test_a_long_poll_returns_as_soon_as_the_user_writes(api: FakeZaloApi, client: ZaloBotClient) -> None:
    poll = asyncio.create_task(client.get_update(poll_seconds=10))
    await asyncio.sleep(0.2)
    api.user_sends_text(USER, "đây")
    started = time.monotonic()

    event = await poll

    assert isinstance(event, TextReceived) and event.text == "đây"
    assert time.monotonic() - started < 5  # well before the 10 s the poll would wait


async def test_a_redelivered_event_keeps_its_message_id(api: FakeZaloApi, client: ZaloBotClient) -> None:
    original = api.user_sends_text(USER, "nộp báo cáo")
    first = await client.get_update(poll_seconds=1)
    api.redeliver(original)

    again = await client.get_update(poll_seconds=1)

    assert first is not None and again is not None
    assert dedup_key(first) == dedup_key(again) == f"message.text.received:{original['message']['message_id']}"


async def test_sends_reach_the_user_and_return_the_message_id(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER, "Lan")

    text = await client.send_message(USER, "Sở KH&ĐT: <b> là chữ, không phải thẻ")
    photo = await client.send_photo(USER, "https://bot.example.vn/f/abc.png", caption="Biểu đồ")
    await client.send_chat_action(USER, "upload_photo")

    messages = api.messages(USER)
    assert [m["message_id"] for m in messages] == [text.message_id, photo.message_id]
    assert messages[0]["text"] == "Sở KH&ĐT: <b> là chữ, không phải thẻ"
    assert (messages[1]["photo"], messages[1]["caption"]) == ("https://bot.example.vn/f/abc.png", "Biểu đồ")
    assert [(c.method, c.params.get("action")) for c in api.sent][-1] == ("sendChatAction", "upload_photo")
    assert text.date_ms is not None


async def test_a_text_of_exactly_2000_characters_is_sent_and_one_more_is_refused_before_any_request(
    api: FakeZaloApi, client: ZaloBotClient
) -> None:
    api.add_user(USER)

    await client.send_message(USER, "đ" * 2000)
    with pytest.raises(ValueError, match="2000"):
        await client.send_message(USER, "đ" * 2001)
    with pytest.raises(ValueError, match="2000"):
        await client.send_photo(USER, "https://x.vn/a.png", caption="c" * 2001)
    with pytest.raises(ValueError, match="link"):
        await client.send_photo(USER, "/tmp/a.png")

    assert api.calls["sendMessage"] == 1
    assert api.calls["sendPhoto"] == 0


async def test_webhook_set_read_and_deleted(api: FakeZaloApi, client: ZaloBotClient) -> None:
    info = await client.set_webhook("https://thidua.example.vn/zalo/webhook", "bi-mat-du-dai")

    assert info.url == "https://thidua.example.vn/zalo/webhook"
    assert (await client.get_webhook_info()).url == "https://thidua.example.vn/zalo/webhook"
    with pytest.raises(ZaloApiError) as conflict:
        await client.get_update(poll_seconds=0)
    assert conflict.value.error_code == 409

    await client.delete_webhook()

    assert (await client.get_webhook_info()).url == ""
    assert await client.get_update(poll_seconds=0) is None


async def test_an_unreadable_event_is_dropped_not_raised(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.people.queue({"event_name": "message.text.received", "message": {"text": "không có người gửi"}})
    api.user_sends_text(USER, "sau đó")

    assert await client.get_update(poll_seconds=1) is None
    follow = await client.get_update(poll_seconds=1)
    assert isinstance(follow, TextReceived) and follow.text == "sau đó"
