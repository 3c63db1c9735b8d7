"""The Zalo channel as one of the bot's outbound channels (core.channel.Channel): what the router sends there."""

from __future__ import annotations

from bot.channels.zalo.channel import ZaloSender
from bot.channels.zalo.client import ZaloBotClient
from bot.sandbox.fake_zalo import FakeZaloApi
from core.catalog import t
from core.channel import ZALO
from core.delivery import Address, Router
from core.messages import Choice, Reply
from core.text import Label, RichText
from handlers.choices import press_data
from tests.zalo.conftest import USER


async def test_the_router_sends_zalo_addresses_as_plain_numbered_text(api: FakeZaloApi, client: ZaloBotClient) -> None:
    router = Router([ZaloSender(client, backoff=0.01)])
    assert router.capabilities("zalo") == ZALO
    api.user_sends_text(USER, "xin chào")  # Zalo answers only people who wrote to the bot
    numbered = ((Choice(Label("Đồng ý"), press_data("k3J9", 1)),), (Choice(Label("Không"), press_data("k3J9", 2)),))
    sent = await router.deliver(
        Address("zalo", USER), Reply(text=t("common.use_numbers"), buttons=numbered), replace="5", reply=True
    )
    assert sent.ok and sent.message_id is not None
    text = (await api.wait_for_message(USER))["text"]
    assert "1. Đồng ý" in text and "2. Không" in text and "<" not in text  # numbered, no markup


async def test_an_address_of_another_platform_is_refused_and_not_sent(api: FakeZaloApi, client: ZaloBotClient) -> None:
    refused = await ZaloSender(client).deliver(Address("telegram", "5"), Reply(text=RichText.plain("x")))
    assert refused.status == "failed" and refused.reason is not None and refused.reason.startswith("rejected:")
    assert api.sent == []
