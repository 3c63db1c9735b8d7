"""Fixtures: a fake Zalo Bot API per test on 127.0.0.1, and the real client pointed at it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.channels.zalo.client import ZaloBotClient
from bot.sandbox.fake_zalo import FakeZaloApi

USER = "6ede9afa66b88fe6d6a9"


@pytest.fixture
async def api() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as server:
        server.timeout_delay = 1.5
        yield server


@pytest.fixture
async def client(api: FakeZaloApi) -> AsyncIterator[ZaloBotClient]:
    async with ZaloBotClient(api.token, api.bot_base_url, timeout=1.0) as zalo:
        yield zalo


@contextlib.asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """Run ``app`` on 127.0.0.1 (a free port); yields its base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()
