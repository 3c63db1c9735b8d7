"""Shared fixtures: a migrated database per test on SQLite and, where configured, PostgreSQL.

PostgreSQL runs when TEST_POSTGRES_URL is set (``.ci/run`` sets it). If it is set and the
server is down, the tests fail: a configured database is never skipped silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from core.clock import FixedClock
from storage.db import Database, create_engine
from storage.migrate import upgrade

# Opt in to python-telegram-bot's future timedelta API (otherwise every RetryAfter warns).
os.environ.setdefault("PTB_TIMEDELTA", "1")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await upgrade(database.engine)
        yield database
        await database.dispose()
        return
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    async with postgres_schema() as database:
        yield database


class postgres_schema:
    """A fresh schema per test, dropped afterwards, so tests never see each other's rows."""

    def __init__(self) -> None:
        self.schema = f"t_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(POSTGRES_URL)

    async def __aenter__(self) -> Database:
        async with self.admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        self.database = Database.from_url(POSTGRES_URL, schema=self.schema)
        await upgrade(self.database.engine)
        return self.database

    async def __aexit__(self, *exc: object) -> None:
        await self.database.dispose()
        async with self.admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        await self.admin.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2024, 6, 12, 2, 30, tzinfo=UTC))  # 09:30 in Hà Nội, a Wednesday
