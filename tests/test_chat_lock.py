"""Two updates of one person handled by two processes at once: neither is lost (storage/repos/dialogs.lock_chat)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from storage.db import Database
from storage.repos import dialogs as dialog_repo
from tests import factories as f
from tests.conftest import POSTGRES_URL, postgres_schema

NOW = datetime(2024, 6, 12, 2, 30, tzinfo=UTC)


async def person(db: Database) -> int:
    """The account whose dialog both processes update (a dialog belongs to a person)."""
    return (await f.newcomer(db, 42, NOW)).account_id


async def add_item(db: Database, account_id: int, item: str, *, lock: bool, pause: float) -> None:
    """What a flow step does to its dialog: read the saved state, think, write it back with one more item."""
    async with db.transaction() as session:
        if lock:
            await dialog_repo.lock_chat(session, account_id)
        row = await dialog_repo.load(session, account_id)
        items = list(row.data["items"]) if row is not None else []
        await asyncio.sleep(pause)  # the other process runs meanwhile
        await dialog_repo.save(
            session,
            account_id,
            identity_id=None,
            flow="list",
            step="more",
            data={"items": [*items, item]},
            expires_at=NOW + timedelta(hours=1),
            now=NOW,
        )


async def saved_items(db: Database, account_id: int) -> list[str]:
    async with db.transaction() as session:
        row = await dialog_repo.load(session, account_id)
        return list(row.data["items"]) if row is not None else []


@pytest.mark.parametrize("lock", [False, True])
async def test_two_processes_one_chat(lock: bool) -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    fresh = postgres_schema()
    async with fresh as first:
        second = Database.from_url(POSTGRES_URL, schema=fresh.schema)  # another process's pool
        try:
            account_id = await person(first)
            # The person has no dialog yet: there is no row a SELECT … FOR UPDATE could lock.
            await asyncio.gather(
                add_item(first, account_id, "a", lock=lock, pause=0.3),
                add_item(second, account_id, "b", lock=lock, pause=0.3),
            )
            items = await saved_items(first, account_id)
        finally:
            await second.dispose()
    if lock:
        assert sorted(items) == ["a", "b"]
    else:  # what happened before the lock: last writer wins, one update is lost
        assert len(items) == 1


async def test_sqlite_keeps_its_single_process_path(db: Database) -> None:
    account_id = await person(db)
    await add_item(db, account_id, "a", lock=True, pause=0)
    await add_item(db, account_id, "b", lock=True, pause=0)
    assert await saved_items(db, account_id) == ["a", "b"]
