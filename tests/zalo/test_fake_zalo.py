"""The fake Zalo Bot API is strict: it refuses what the real one would, so the bot cannot rely on slack.

Raw HTTP here (not the client), because the client itself refuses some of these before sending.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.sandbox.fake_zalo import FakeZaloApi
from tests.zalo.conftest import USER, serving

pytestmark = pytest.mark.timeout(20)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def call(http: httpx.AsyncClient, api: FakeZaloApi, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    response = await http.post(f"{api.bot_base_url}{api.token}/{method}", json=params)
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("method", "params", "status", "says"),
    [
        ("sendMessage", {"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": []}}, 400, "reply_markup"),
        ("sendMessage", {"chat_id": USER, "text": "<b>x</b>", "parse_mode": "HTML"}, 400, "parse_mode"),
        ("sendMessage", {"chat_id": USER, "text": "đ" * 2001}, 400, "too long"),
        ("sendMessage", {"chat_id": USER, "text": "   "}, 400, "empty"),
        ("sendMessage", {"chat_id": 6001, "text": "x"}, 400, "string"),
        ("sendMessage", {"text": "x"}, 400, "chat_id is required"),
        ("sendMessage", {"chat_id": "người-lạ", "text": "x"}, 400, "chat not found"),
        ("sendPhoto", {"chat_id": USER, "photo": "AgACfile_id"}, 400, "link"),
        ("sendPhoto", {"chat_id": USER, "photo": "https://x.vn/a.png", "caption": "c" * 2001}, 400, "too long"),
        ("sendDocument", {"chat_id": USER, "document": "https://x.vn/a.pdf"}, 404, "does not exist"),
        ("editMessageText", {"chat_id": USER, "text": "x"}, 404, "does not exist"),
        ("sendChatAction", {"chat_id": USER, "action": "upload_document"}, 400, "action"),
        ("getUpdates", {"offset": 5}, 400, "offset"),
        ("getUpdates", {"timeout": "lâu"}, 400, "timeout"),
        ("setWebhook", {"url": "http://thidua.example.vn/hook", "secret_token": "du-dai-roi"}, 400, "https"),
        ("setWebhook", {"url": "https://thidua.example.vn/hook", "secret_token": "ngắn"}, 400, "8 to 256"),
        ("setWebhook", {"url": "https://thidua.example.vn/hook", "secret_token": "bí-mật-dài-lắm"}, 400, "A-Z"),
    ],
)
async def test_what_zalo_would_refuse_is_refused(
    api: FakeZaloApi, http: httpx.AsyncClient, method: str, params: dict[str, Any], status: int, says: str
) -> None:
    api.add_user(USER)

    code, body = await call(http, api, method, **params)

    assert code == status and body["ok"] is False and body["error_code"] == status
    assert says in body["description"]
    assert api.messages(USER) == [] and api.sent == []


async def test_a_wrong_token_and_a_stray_path_are_refused(api: FakeZaloApi, http: httpx.AsyncClient) -> None:
    wrong = await http.post(f"{api.bot_base_url}1234567890:other/getMe", json={})
    stray = await http.get(f"{api.base_url}/getMe")

    assert (wrong.status_code, wrong.json()["error_code"]) == (401, 401)
    assert stray.status_code == 404
    assert api.calls["getMe"] == 0


async def test_only_json_bodies_are_read(api: FakeZaloApi, http: httpx.AsyncClient) -> None:
    api.add_user(USER)

    response = await http.post(f"{api.bot_base_url}{api.token}/sendMessage", data={"chat_id": USER, "text": "x"})

    assert response.status_code == 400 and "JSON" in response.json()["description"]


async def test_exactly_2000_characters_pass(api: FakeZaloApi, http: httpx.AsyncClient) -> None:
    api.add_user(USER)

    code, body = await call(http, api, "sendMessage", chat_id=USER, text="đ" * 2000)

    assert code == 200 and body["ok"] and isinstance(body["result"]["message_id"], str)
    assert len(api.messages(USER)[0]["text"]) == 2000


async def test_each_poll_hands_out_one_event_once_and_an_empty_poll_says_408(
    api: FakeZaloApi, http: httpx.AsyncClient
) -> None:
    first = api.user_sends_text(USER, "một")
    api.user_sends_sticker(USER)

    _, one = await call(http, api, "getUpdates", timeout="1")
    _, two = await call(http, api, "getUpdates", timeout=1)
    code, empty = await call(http, api, "getUpdates", timeout=0)

    assert one["result"] == first and two["result"]["event_name"] == "message.sticker.received"
    assert (code, empty) == (200, {"ok": False, "error_code": 408, "description": "Request timeout"})
    assert api.pending_events == []


async def test_a_fault_without_a_chat_hits_sends_not_polls(api: FakeZaloApi, http: httpx.AsyncClient) -> None:
    api.add_user(USER)
    api.inject("500")
    api.user_sends_text(USER, "x")

    poll_code, _ = await call(http, api, "getUpdates", timeout=0)
    send_code, _ = await call(http, api, "sendMessage", chat_id=USER, text="y")

    assert (poll_code, send_code) == (200, 500)


async def test_a_poll_can_be_made_to_fail(api: FakeZaloApi, http: httpx.AsyncClient) -> None:
    api.inject("502", method="getUpdates")
    api.user_sends_text(USER, "chờ")

    failed, _ = await call(http, api, "getUpdates", timeout=0)
    code, body = await call(http, api, "getUpdates", timeout=0)

    assert failed == 502 and code == 200 and body["result"]["message"]["text"] == "chờ"


async def test_the_rate_limit_answers_429_with_retry_after(http: httpx.AsyncClient) -> None:
    async with FakeZaloApi(rate_limit_per_second=2) as api:
        api.add_user(USER)
        codes = [(await call(http, api, "sendMessage", chat_id=USER, text=str(i)))[0] for i in range(3)]
        _, body = await call(http, api, "sendMessage", chat_id=USER, text="again")

    assert codes == [200, 200, 429]
    assert body["parameters"] == {"retry_after": 1}
    assert api.texts(USER) == ["0", "1"]


# --- webhook --------------------------------------------------------------------------------------


class Receiver:
    """The bot's side of a webhook: records each call, answers with ``status``."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.calls: list[tuple[str | None, Any]] = []
        self.arrived = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        self.calls.append((request.headers.get("X-Bot-Api-Secret-Token"), await request.json()))
        self.arrived.set()
        return web.json_response({"ok": True}, status=self.status)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    target = Receiver()
    app = web.Application()
    app.router.add_post("/zalo/webhook", target.handle)
    async with serving(app) as base_url:
        yield target, f"{base_url}/zalo/webhook"


async def test_events_are_posted_to_the_webhook_with_the_secret_header(
    api: FakeZaloApi, http: httpx.AsyncClient, receiver: tuple[Receiver, str]
) -> None:
    target, url = receiver
    await call(http, api, "setWebhook", url=url, secret_token="bi-mat-cua-bot")
    event = api.user_sends_text(USER, "/start")

    await api.wait_for_webhook(1)

    assert target.calls == [("bi-mat-cua-bot", event)]
    assert api.webhook.deliveries == [(event, 200)]
    code, body = await call(http, api, "getUpdates", timeout=0)
    assert code == 409 and "webhook" in body["description"]


async def test_a_refused_webhook_call_is_retried_then_dropped(
    api: FakeZaloApi, http: httpx.AsyncClient, receiver: tuple[Receiver, str]
) -> None:
    target, url = receiver
    target.status = 403
    await call(http, api, "setWebhook", url=url, secret_token="bi-mat-cua-bot")
    api.user_sends_text(USER, "x")

    await api.wait_for_webhook(1)

    assert len(target.calls) == api.webhook.attempts == 3
    assert api.webhook.deliveries[0][1] == 403
    assert api.pending_events == []


async def test_the_documented_wrapped_body_can_be_chosen(
    http: httpx.AsyncClient, receiver: tuple[Receiver, str]
) -> None:
    target, url = receiver
    async with FakeZaloApi(wrap_webhook_body=True) as api:
        await call(http, api, "setWebhook", url=url, secret_token="bi-mat-cua-bot")
        event = api.user_sends_image(USER, "https://photo.zdn.vn/a.jpg")
        await api.wait_for_webhook(1)

    assert target.calls[0][1] == {"ok": True, "result": event}
