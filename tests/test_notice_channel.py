"""How the broadcast's Telegram channel reads each answer of the (fake) Bot API: what is retried,
what is recorded, and that a timed-out send is never sent again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.telegram.notices import TelegramNoticeChannel
from bot.channels.telegram.pacing import Pacer
from bot.sandbox.fake_api import FakeBotApi
from core.messages import Reply
from core.text import RichText

NOTICE = Reply(text=RichText("📢 <b>THÔNG BÁO</b>\n\nHọp lúc 8h &amp; mang tài liệu"))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def channel(api: FakeBotApi) -> AsyncIterator[TelegramNoticeChannel]:
    # A short read timeout, so an answer that comes late is a timeout within the test's time.
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(api.token, base_url=api.bot_base_url, request=request) as bot:
        yield TelegramNoticeChannel(bot, Pacer(0), backoff=0.01)


def sent_to(api: FakeBotApi, chat_id: int) -> int:
    return sum(1 for call in api.sent if call.chat_id == chat_id)


async def test_answers_become_outcomes(api: FakeBotApi, channel: TelegramNoticeChannel) -> None:
    api.inject(11, "500")
    api.inject(12, "502", times=10)
    api.block(13)
    api.inject(14, "429", retry_after=1)
    api.strict_chats = True  # a chat that never wrote to the bot: Telegram refuses it
    api.user_sends_text(11, "hi")
    api.user_sends_text(12, "hi")
    api.user_sends_text(14, "hi")
    outcomes = await asyncio.gather(*(channel.send_notice(chat, NOTICE) for chat in (11, 12, 13, 14, -15)))
    assert [o.status for o in outcomes] == ["delivered", "failed", "blocked", "delivered", "blocked"]
    assert outcomes[0].message_id is not None
    assert outcomes[1].reason is not None and outcomes[1].reason.startswith("server:")
    assert outcomes[4].reason is not None and outcomes[4].reason.startswith("chat_not_found:")  # unreachable
    refused = await channel.send_notice(11, Reply(text=RichText("<b>không đóng thẻ")))
    assert refused.status == "failed" and refused.reason is not None and refused.reason.startswith("rejected:")
    assert [sent_to(api, chat) for chat in (11, 12, 13, 14)] == [1, 0, 0, 1]


async def test_a_dropped_connection_is_unknown_and_not_sent_again(
    api: FakeBotApi, channel: TelegramNoticeChannel
) -> None:
    api.inject(22, "drop")  # Telegram delivers it, then the connection closes with no answer
    outcome = await channel.send_notice(22, NOTICE)
    assert (outcome.status, outcome.reason) == ("unknown", "timeout")
    assert sent_to(api, 22) == 1


async def test_a_late_answer_is_unknown_and_not_sent_again(api: FakeBotApi, channel: TelegramNoticeChannel) -> None:
    api.inject(21, "timeout", delay=0.6)  # Telegram delivers it, but answers after the client gave up
    outcome = await channel.send_notice(21, NOTICE)
    assert (outcome.status, outcome.reason) == ("unknown", "timeout")
    await asyncio.sleep(0.5)
    assert sent_to(api, 21) == 1  # it did arrive, once: retrying would have sent it twice
