"""The SQLite driver (storage/sqlite_driver.py): at most one thread hop per statement, none where SQLite
cannot wait, none for an empty commit; the same transactions as aiosqlite's own adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text

from storage.db import Database


@pytest.fixture
async def lite(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database.from_url(f"sqlite:///{tmp_path / 'driver.db'}")
    async with database.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"))
    yield database
    await database.dispose()


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every function sent to a connection's thread."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def test_a_read_stays_on_the_event_loop(lite: Database, hops: list[str]) -> None:
    async with lite.transaction() as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
    assert hops == []  # WAL: a reader never waits, so it never leaves the loop; nothing to commit


async def test_what_may_wait_goes_to_the_thread(lite: Database, hops: list[str]) -> None:
    async with lite.transaction() as session:
        await session.execute(text("SELECT 1"))
        inserted = await session.execute(text("INSERT INTO t (name) VALUES ('a') RETURNING id"))  # takes the lock
        assert inserted.scalar_one() == 1
        updated = await session.execute(text("UPDATE t SET name = 'b' WHERE id = 1"))  # holds it: no wait
        assert updated.rowcount == 1  # type: ignore[attr-defined]
    assert hops == ["_run", "commit"]
    async with lite.transaction() as session:
        assert (await session.execute(text("SELECT name FROM t"))).scalars().all() == ["b"]


async def test_without_wal_every_statement_hops(lite: Database, hops: list[str]) -> None:
    async with lite.engine.connect() as connection:  # the pool's one connection, as if WAL were refused
        raw = await connection.get_raw_connection()
        raw.driver_connection.wal = False  # type: ignore[union-attr]
    async with lite.transaction() as session:
        await session.execute(text("SELECT 1"))
        await session.execute(text("INSERT INTO t (name) VALUES ('a')"))
        await session.execute(text("SELECT 1"))
    assert hops == ["_run", "_run", "_run", "commit"]


async def test_a_failed_transaction_is_rolled_back(lite: Database) -> None:
    with pytest.raises(RuntimeError):
        async with lite.transaction() as session:
            await session.execute(text("INSERT INTO t (name) VALUES ('lost')"))
            raise RuntimeError("the flow failed after writing")
    async with lite.transaction() as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0


async def test_errors_are_the_drivers(lite: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        async with lite.transaction() as session:
            await session.execute(text("INSERT INTO t (name) VALUES (NULL)"))
    async with lite.transaction() as session:  # the connection is usable afterwards
        await session.execute(text("INSERT INTO t (name) VALUES ('ok')"))


async def test_many_rows_and_streams(lite: Database) -> None:
    async with lite.transaction() as session:
        await session.execute(text("INSERT INTO t (name) VALUES (:name)"), [{"name": f"n{i}"} for i in range(250)])
    async with lite.engine.connect() as connection:
        streamed = [row.name async for row in await connection.stream(text("SELECT name FROM t ORDER BY id"))]
        partitions = [
            len(part)
            async for part in (await connection.stream(text("SELECT id FROM t"))).partitions(100)  # fetchmany
        ]
    assert streamed == [f"n{i}" for i in range(250)]
    assert partitions == [100, 100, 50]
