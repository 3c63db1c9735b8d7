from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from tests.e2e.harness import ADMIN_ID, make_settings, running_bot


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, make_settings(tmp_path)) as runtime:
        yield runtime


@pytest.fixture
def admin(api: FakeBotApi) -> SimUser:
    return SimUser(api, ADMIN_ID, "Văn phòng")


@pytest.fixture
def officer(api: FakeBotApi) -> SimUser:
    return SimUser(api, 1001, "Lan")
