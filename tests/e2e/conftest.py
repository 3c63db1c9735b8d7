from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import BotRuntime, prepare_database
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from storage.db import Database
from tests.e2e import harness
from tests.e2e.harness import ADMIN_ID, make_settings, running_bot


@pytest.fixture(scope="session", autouse=True)
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate and seed one database per test process; make_settings copies it for each test."""
    folder = tmp_path_factory.mktemp("template")
    settings = make_settings(folder, admin_telegram_ids=())
    database = Database.from_url(settings.database_url)

    async def prepare() -> None:
        # Seeded as of early 2024, so the 2024 rounds exist before any test's clock (reminders only
        # chase what was owed at the time).
        await prepare_database(database, settings, FixedClock(datetime(2024, 1, 2, tzinfo=UTC)))
        await database.dispose()

    asyncio.run(prepare())
    path = folder / "bot.db"
    harness.TEMPLATE_DB[:] = [path]
    return path


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
