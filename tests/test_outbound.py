"""The one outbound path: the router picks the channel by platform; the Telegram channel reads each
answer of the (fake) Bot API by its classifier: what is retried, what is recorded, and that a timed-out
send is never sent again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.telegram.outbound import CAPABILITIES, TelegramOutbound
from bot.channels.telegram.pacing import Pacer
from bot.sandbox.fake_api import FakeBotApi
from core.channel import Capabilities
from core.delivery import Address, DeliveryOutcome, Router
from core.messages import Reply
from core.text import RichText

NOTICE = Reply(text=RichText("📢 <b>THÔNG BÁO</b>\n\nHọp lúc 8h &amp; mang tài liệu"))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def channel(api: FakeBotApi) -> AsyncIterator[Router]:
    # A short read timeout, so an answer that comes late is a timeout within the test's time.
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(api.token, base_url=api.bot_base_url, request=request) as bot:
        yield Router([TelegramOutbound(bot, Pacer(0), backoff=0.01)])


def tg(chat_id: int) -> Address:
    return Address("telegram", str(chat_id))


def sent_to(api: FakeBotApi, chat_id: int) -> int:
    return sum(1 for call in api.sent if call.chat_id == chat_id)


async def test_answers_become_outcomes(api: FakeBotApi, channel: Router) -> None:
    api.inject(11, "500")
    api.inject(12, "502", times=10)
    api.block(13)
    api.inject(14, "429", retry_after=1)
    api.strict_chats = True  # a chat that never wrote to the bot: Telegram refuses it
    api.user_sends_text(11, "hi")
    api.user_sends_text(12, "hi")
    api.user_sends_text(14, "hi")
    outcomes = await asyncio.gather(*(channel.deliver(tg(chat), NOTICE) for chat in (11, 12, 13, 14, -15)))
    assert [o.status for o in outcomes] == ["delivered", "retry_later", "blocked", "delivered", "blocked"]
    assert outcomes[0].message_id is not None
    assert outcomes[1].reason is not None and outcomes[1].reason.startswith("server:")
    assert outcomes[4].reason is not None and outcomes[4].reason.startswith("chat_not_found:")  # unreachable
    refused = await channel.deliver(tg(11), Reply(text=RichText("<b>không đóng thẻ")))
    assert refused.status == "failed" and refused.reason is not None and refused.reason.startswith("rejected:")
    assert [sent_to(api, chat) for chat in (11, 12, 13, 14)] == [1, 0, 0, 1]


async def test_a_dropped_connection_is_unknown_and_not_sent_again(api: FakeBotApi, channel: Router) -> None:
    api.inject(22, "drop")  # Telegram delivers it, then the connection closes with no answer
    outcome = await channel.deliver(tg(22), NOTICE)
    assert (outcome.status, outcome.reason) == ("unknown", "timeout")
    assert sent_to(api, 22) == 1


async def test_a_late_answer_is_unknown_and_not_sent_again(api: FakeBotApi, channel: Router) -> None:
    api.inject(21, "timeout", delay=0.6)  # Telegram delivers it, but answers after the client gave up
    outcome = await channel.deliver(tg(21), NOTICE)
    assert (outcome.status, outcome.reason) == ("unknown", "timeout")
    await asyncio.sleep(0.5)
    assert sent_to(api, 21) == 1  # it did arrive, once: retrying would have sent it twice


async def test_an_edit_replaces_in_place_and_a_gone_message_is_sent_anew(api: FakeBotApi, channel: Router) -> None:
    api.user_sends_text(31, "hi")
    first = await channel.deliver(tg(31), Reply(text=RichText.plain("Đang gửi 1/3")))
    assert first.ok and first.message_id is not None
    edited = await channel.deliver(tg(31), Reply(text=RichText.plain("Đang gửi 2/3")), replace=first.message_id)
    again = await channel.deliver(
        tg(31), Reply(text=RichText.plain("Đang gửi 2/3")), replace=first.message_id
    )  # not modified
    assert (edited.status, edited.message_id) == ("delivered", first.message_id) == (again.status, again.message_id)
    gone = await channel.deliver(
        tg(31), Reply(text=RichText.plain("Xong")), replace="999999"
    )  # no such message: a new one
    assert gone.ok and gone.message_id not in (None, first.message_id)
    assert [m["text"] for m in api.messages(31)][-2:] == ["Đang gửi 2/3", "Xong"]


class Recorder:
    """A channel of another platform, as a second channel plugs into the router."""

    def __init__(self, platform: str) -> None:
        self._capabilities = Capabilities(platform, 2000, 2000, False, False, False, True, 1, False, False)
        self.sent: list[tuple[Address, str, str | None, bool]] = []

    @property
    def capabilities(self) -> Capabilities:
        return self._capabilities

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome:
        self.sent.append((to, message.text, replace, reply))
        return DeliveryOutcome.delivered("m1")


async def test_the_router_picks_the_channel_by_platform(api: FakeBotApi, channel: Router) -> None:
    zalo = Recorder("zalo")
    channel.add(zalo)
    api.user_sends_text(41, "hi")
    on_telegram = await channel.deliver(tg(41), Reply(text=RichText.plain("Telegram")))
    on_zalo = await channel.deliver(Address("zalo", "a1b2c3"), Reply(text=RichText.plain("Zalo")), reply=True)
    nowhere = await channel.deliver(Address("viber", "1"), Reply(text=RichText.plain("?")))
    assert on_telegram.ok and on_zalo == DeliveryOutcome.delivered("m1")
    assert zalo.sent == [(Address("zalo", "a1b2c3"), RichText.plain("Zalo"), None, True)]
    assert [m["text"] for m in api.messages(41)][-1] == "Telegram"
    assert (nowhere.status, nowhere.reason) == ("retry_later", "no_channel: viber")  # not running: surely not sent
    assert channel.capabilities("telegram") == CAPABILITIES and channel.capabilities("zalo") == zalo.capabilities
    not_telegram = await TelegramOutbound(channel.channels["telegram"].bot).deliver(  # type: ignore[attr-defined]
        Address("telegram", "not-a-number"), Reply(text=RichText.plain("x"))
    )
    assert not_telegram.status == "failed"
