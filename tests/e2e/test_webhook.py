"""Webhook mode end to end: the fake Bot API POSTs each update to the bot's own HTTP server."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import BotRuntime
from bot.channels.telegram import webhook
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.catalog import t
from core.text import to_plain
from storage.models import ChatIdentity, ErrorReport
from tests.e2e.harness import converse, make_settings, running_bot

SECRET = "a-webhook-secret-for-the-tests"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(tmp_path: Path, **overrides: object):  # type: ignore[no-untyped-def]
    port = free_port()
    values: dict[str, object] = {
        "public_base_url": f"http://127.0.0.1:{port}",
        "http_port": port,
        "telegram_webhook_secret": SECRET,
    }
    values.update(overrides)
    return make_settings(tmp_path, **values)


@pytest.fixture
async def hooked(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, webhook_settings(tmp_path)) as runtime:
        yield runtime


async def post(runtime: BotRuntime, body: bytes, secret: str | None = SECRET) -> tuple[int, dict[str, object]]:
    assert runtime.web is not None
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[webhook.SECRET_HEADER] = secret
    async with (
        aiohttp.ClientSession() as session,
        session.post(runtime.web.url + webhook.PATH, data=body, headers=headers) as response,
    ):
        return response.status, await response.json(content_type=None)


async def get(runtime: BotRuntime, path: str) -> tuple[int, dict[str, object]]:
    assert runtime.web is not None
    async with aiohttp.ClientSession() as session, session.get(runtime.web.url + path) as response:
        return response.status, await response.json()


async def test_updates_arrive_by_webhook_and_polling_is_never_used(
    hooked: BotRuntime, api: FakeBotApi, officer: SimUser
) -> None:
    assert api.webhook.config is not None and api.webhook.config.secret == SECRET
    assert api.webhook_url.endswith(webhook.PATH)
    await converse(officer, [("/start", "Chọn đơn vị"), ("/toi", "Thông tin tài khoản")])
    assert api.calls["getUpdates"] == 0
    delivered = [d.status for d in api.webhook.deliveries]
    assert delivered == [200, 200]
    assert api.pending_updates == []
    assert await get(hooked, "/healthz") == (200, {"status": "ok"})
    status, body = await get(hooked, "/readyz")
    assert status == 200, body
    assert body["checks"] == {"database": True, "migrations": True, "telegram": True}


async def test_bad_webhook_calls_are_refused_and_change_nothing(
    hooked: BotRuntime, api: FakeBotApi, officer: SimUser
) -> None:
    update = {"update_id": 900001, "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
              "from": {"id": 5, "is_bot": False, "first_name": "X"}, "text": "/start"}}  # fmt: skip
    body = json.dumps(update).encode()
    assert (await post(hooked, body, secret="wrong-secret-of-the-same-kind"))[0] == 403
    assert (await post(hooked, body, secret=None))[0] == 403
    assert (await post(hooked, b"{not json", secret=SECRET))[0] == 400
    assert (await post(hooked, b'["an", "array"]'))[0] == 400
    assert (await post(hooked, b'{"no_update_id": 1}'))[0] == 400
    assert (await post(hooked, b" " * (2 * 1024 * 1024)))[0] == 413
    assert hooked.serving.webhook is not None and hooked.serving.webhook.accepted == 0
    await asyncio.sleep(0.3)
    assert api.messages(5) == []  # nothing of the refused calls reached the flows
    # A chat of a kind the bot does not know is taken (200) and treated as not private: one polite
    # note (as in a group), no error report, no account.
    odd = {**update, "update_id": 900002}
    odd["message"] = {**update["message"], "chat": {"id": -77, "type": "a_new_kind_of_chat", "title": "?"}}
    assert (await post(hooked, json.dumps(odd).encode()))[0] == 200
    note = await api.wait_for_message(-77, timeout=5)
    assert note["text"] == to_plain(t("common.private_only"))
    await converse(officer, [("/toi", "Thông tin tài khoản")])  # the bot is still fine
    async with hooked.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(ErrorReport)) == 0
        assert (
            await session.scalar(
                select(func.count()).select_from(ChatIdentity).where(ChatIdentity.external_user_id == "5")
            )
            == 0
        )


async def test_a_draining_process_refuses_updates_and_the_next_one_takes_them(
    api: FakeBotApi, tmp_path: Path, officer: SimUser
) -> None:
    settings = webhook_settings(tmp_path)
    async with running_bot(api, settings) as first:
        await converse(officer, [("/start", "Chọn đơn vị")])
        await first.serving.stop_taking()  # what SIGTERM does first
        assert (await get(first, "/readyz"))[0] == 503
        assert (await get(first, "/healthz"))[0] == 200
        api.user_sends_text(officer.user_id, "/toi", officer.first_name)
        await asyncio.sleep(0.5)
        assert len(api.pending_updates) == 1  # refused with 503: Telegram keeps it
        assert any(d.status == 503 for d in api.webhook.deliveries)
    async with running_bot(api, settings):
        await api.wait_for_message(officer.chat_id, lambda m: "Thông tin tài khoản" in m.get("text", ""), timeout=10)
    assert api.pending_updates == []


async def test_the_fake_refuses_webhooks_telegram_would_refuse(api: FakeBotApi) -> None:
    from telegram import Bot
    from telegram.error import BadRequest

    bot = Bot(api.token, base_url=api.bot_base_url)
    async with bot:
        with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
            await bot.set_webhook("http://bot.example.org/telegram/webhook")
        with pytest.raises(BadRequest, match=r"(?i)ports 80, 88, 443 or 8443"):
            await bot.set_webhook("https://bot.example.org:9000/telegram/webhook")
        with pytest.raises(BadRequest, match=r"(?i)unallowed characters"):
            await bot.set_webhook("https://bot.example.org/telegram/webhook", secret_token="not allowed!")
        assert await bot.set_webhook("https://bot.example.org/telegram/webhook", secret_token="fine_secret-1")
        info = await bot.get_webhook_info()
        assert info.url == "https://bot.example.org/telegram/webhook" and info.max_connections == 40
        assert await bot.delete_webhook()
