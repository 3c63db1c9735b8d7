"""Engine, sessions and the one place that opens a transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def normalise_url(url: str) -> str:
    """Accept plain ``sqlite:///`` and ``postgresql://`` URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, *, schema: str | None = None, echo: bool = False) -> AsyncEngine:
    url = normalise_url(url)
    connect_args: dict[str, Any] = {}
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        # Wait for the writer instead of failing at once with "database is locked".
        connect_args["timeout"] = 30
    elif schema is not None:
        connect_args["server_settings"] = {"search_path": schema}
    # A server connection can drop while idle (pre-ping finds out); a local SQLite file cannot,
    # and the extra "SELECT 1" per transaction costs a thread hop on every message.
    pool: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        # SQLite has one writer at a time anyway; one connection (one aiosqlite thread) avoids
        # "database is locked" and the GIL contention of many threads. Transactions are short:
        # nothing waits on the network inside one.
        # The pool's "rollback on return" is a thread hop per transaction even when nothing is
        # open (every transaction here ends in a commit or a rollback): roll back only what is open.
        pool = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 60, "pool_reset_on_return": None}
    engine = create_async_engine(url, echo=echo, connect_args=connect_args, **pool)
    if url.startswith("sqlite"):
        from storage import sqlite_driver

        # At most one thread hop per statement instead of four (storage/sqlite_driver.py).
        event.listen(engine.sync_engine, "do_connect", sqlite_driver.do_connect)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "reset", _sqlite_reset)
    return engine


def _sqlite_reset(dbapi_connection: Any, record: Any, reset_state: Any) -> None:
    """Returned to the pool: roll back a transaction left open (an error, a cancelled task), only then."""
    driver = record.driver_connection
    if driver is not None and driver.in_transaction:
        dbapi_connection.rollback()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    from storage import sqlite_driver

    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    mode = cursor.fetchone()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    driver = getattr(dbapi_connection, "driver_connection", None)
    if isinstance(driver, sqlite_driver.Connection):  # reads need not leave the event loop (see there)
        driver.wal = mode is not None and str(mode[0]).lower() == "wal"


def upsert(session: AsyncSession, target: Any) -> Any:
    """``INSERT`` with ``ON CONFLICT`` for the session's database. The PostgreSQL dialect module (its
    catalogue of types, ~2 MiB and 0.1 s) is imported only by a bot that runs on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(target)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(target)


class Database:
    """Owns the engine; hands out one transaction per incoming message or job."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @classmethod
    def from_url(cls, url: str, *, schema: str | None = None) -> Database:
        return cls(create_engine(url, schema=schema))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Commit on success, roll back on any exception: a write is never half done."""
        async with self.sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
