"""Events reach the bot by polling and by webhook, from the fake Zalo server over real HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from bot.channels.zalo.client import ZaloBotClient
from bot.channels.zalo.errors import ZaloApiError
from bot.channels.zalo.events import TextReceived, ZaloEvent
from bot.channels.zalo.receiver import ZaloPoller, webhook_handler
from bot.sandbox.fake_zalo import FakeZaloApi
from tests.zalo.conftest import USER, serving

pytestmark = pytest.mark.timeout(30)
SECRET = "bi-mat-webhook-cua-bot_2026"


class Inbox:
    def __init__(self) -> None:
        self.events: list[ZaloEvent] = []
        self.changed = asyncio.Event()

    async def __call__(self, event: ZaloEvent) -> None:
        self.events.append(event)
        self.changed.set()

    async def wait_for(self, count: int, seconds: float = 5.0) -> None:
        async with asyncio.timeout(seconds):
            while len(self.events) < count:
                self.changed.clear()
                await self.changed.wait()

    def texts(self) -> list[str]:
        return [e.text for e in self.events if isinstance(e, TextReceived)]


# --- polling --------------------------------------------------------------------------------------


async def test_polling_delivers_events_in_order_and_survives_server_errors(
    api: FakeZaloApi, client: ZaloBotClient
) -> None:
    await client.set_webhook("https://thidua.example.vn/zalo", SECRET)  # start() must remove it
    inbox = Inbox()
    poller = ZaloPoller(client, inbox, poll_seconds=1, backoff=(0.05,))
    api.inject("500", method="getUpdates")
    api.inject("429", method="getUpdates")

    await poller.start()
    for text in ("/start", "1", "xong"):
        api.user_sends_text(USER, text)
    await inbox.wait_for(3)
    await poller.stop()

    assert inbox.texts() == ["/start", "1", "xong"]
    assert api.webhook.url == ""
    assert [e[2]["error_code"] for e in api.errors if e[0] == "getUpdates"] == [500, 429]


async def test_polling_goes_on_after_a_connection_dropped_mid_poll(api: FakeZaloApi, client: ZaloBotClient) -> None:
    inbox = Inbox()
    poller = ZaloPoller(client, inbox, poll_seconds=1, backoff=(0.05,))
    api.inject("drop", method="getUpdates")
    api.user_sends_text(USER, "mất")  # handed out on the dropped poll: Zalo has no offset to ask again
    await poller.start()
    api.user_sends_text(USER, "đến")
    await inbox.wait_for(1)
    await poller.stop()

    assert inbox.texts() == ["đến"]
    assert [e["message"]["text"] for e in api.people.delivered] == ["mất", "đến"]


async def test_stopping_lets_the_running_poll_finish_so_its_event_is_not_lost(
    api: FakeZaloApi, client: ZaloBotClient
) -> None:
    inbox = Inbox()
    poller = ZaloPoller(client, inbox, poll_seconds=3)
    await poller.start()
    for _ in range(500):  # until a poll is waiting at the server
        if api.calls["getUpdates"]:
            break
        await asyncio.sleep(0.01)

    stopping = asyncio.create_task(poller.stop())
    await asyncio.sleep(0.2)
    api.user_sends_text(USER, "gửi đúng lúc dừng")  # handed to the poll in flight
    await stopping

    assert inbox.texts() == ["gửi đúng lúc dừng"]
    assert api.pending_events == []


async def test_a_failing_handler_does_not_stop_the_channel(api: FakeZaloApi, client: ZaloBotClient) -> None:
    seen: list[str] = []

    async def handler(event: ZaloEvent) -> None:
        assert isinstance(event, TextReceived)
        seen.append(event.text)
        if event.text == "hỏng":
            raise RuntimeError("a bug in a flow")

    poller = ZaloPoller(client, handler, poll_seconds=1)
    api.user_sends_text(USER, "hỏng")
    api.user_sends_text(USER, "vẫn chạy")
    await poller.start()
    for _ in range(200):
        if len(seen) == 2:
            break
        await asyncio.sleep(0.05)
    await poller.stop()

    assert seen == ["hỏng", "vẫn chạy"]


async def test_a_bad_token_stops_polling_with_the_error(api: FakeZaloApi) -> None:
    async with ZaloBotClient("1234567890:revoked", api.bot_base_url, timeout=1.0) as wrong:
        poller = ZaloPoller(wrong, Inbox(), poll_seconds=1)
        with pytest.raises(ZaloApiError) as caught:
            await poller.run()

    assert caught.value.error_code == 401


# --- webhook --------------------------------------------------------------------------------------


@pytest.fixture
async def bot_server() -> AsyncIterator[tuple[Inbox, str]]:
    """The bot's side: an aiohttp app with the webhook handler, on 127.0.0.1."""
    inbox = Inbox()
    app = web.Application()
    app.router.add_post("/zalo/webhook", webhook_handler(SECRET, inbox))
    async with serving(app) as base_url:
        yield inbox, f"{base_url}/zalo/webhook"


@pytest.mark.parametrize("wrapped", [False, True])
async def test_the_webhook_takes_events_with_the_right_secret(
    bot_server: tuple[Inbox, str], client: ZaloBotClient, api: FakeZaloApi, wrapped: bool
) -> None:
    inbox, url = bot_server
    api.wrap_webhook_body = wrapped
    await client.set_webhook(url, SECRET)

    api.user_sends_text(USER, "/nopbaocao")
    api.user_sends_image(USER, "https://photo.zdn.vn/trang-1.jpg")
    await inbox.wait_for(2)
    await api.wait_for_webhook(2)

    assert inbox.texts() == ["/nopbaocao"] and inbox.events[1].name == "message.image.received"
    assert [status for _, status in api.webhook.deliveries] == [200, 200]


async def test_a_wrong_secret_is_refused_and_changes_nothing(
    bot_server: tuple[Inbox, str], client: ZaloBotClient, api: FakeZaloApi, caplog: pytest.LogCaptureFixture
) -> None:
    inbox, url = bot_server
    caplog.set_level(logging.INFO)
    await client.set_webhook(url, "mot-bi-mat-khac")

    api.user_sends_text(USER, "giả mạo")
    await api.wait_for_webhook(1)

    assert api.webhook.deliveries[0][1] == 403 and inbox.events == []
    assert not any("mot-bi-mat-khac" in r.getMessage() or SECRET in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, b'{"event_name": "message.text.received"}', 403),
        ({"X-Bot-Api-Secret-Token": SECRET[:-1]}, b"{}", 403),
        ({"X-Bot-Api-Secret-Token": SECRET}, b"not json", 400),
        ({"X-Bot-Api-Secret-Token": SECRET}, b'{"event_name": "message.text.received"}', 400),
    ],
)
async def test_forged_or_malformed_calls_are_refused(
    bot_server: tuple[Inbox, str], headers: dict[str, str], body: bytes, status: int
) -> None:
    inbox, url = bot_server
    async with httpx.AsyncClient() as http:
        response = await http.post(url, content=body, headers={"Content-Type": "application/json", **headers})

    assert response.status_code == status and inbox.events == []


@pytest.mark.parametrize("secret", ["ngan", "bí-mật-dài-lắm-rồi", "x" * 257])
def test_a_secret_that_cannot_travel_in_a_header_is_refused_at_start(secret: str) -> None:
    with pytest.raises(ValueError, match="8 to 256"):
        webhook_handler(secret, Inbox())
