"""aiosqlite with at most one thread hop per statement, and none where SQLite cannot wait.

SQLAlchemy's aiosqlite adapter makes a cursor (a hop to aiosqlite's thread), executes (a hop),
fetches the rows (a hop) and closes the cursor (a hop); ``commit`` is a hop even when no statement
opened a transaction (a message that only read). Each hop wakes the thread and then the event loop
through its self-pipe, and a process woken by a message pays for every thread it wakes: on the
bot's most common messages the hops cost more than the SQL (bench/README.md). Here:

- a statement runs start to finish in one call (execute, all rows, close);
- ``commit``/``rollback`` go to the thread only when SQLite says a transaction is open;
- in WAL mode, a read, and any statement once this connection holds the write lock (a transaction
  is open), runs on the event loop itself: WAL readers never wait for a writer, and the writer
  waits for nobody, so none of these can sit in SQLite's busy timeout. What may wait stays on the
  thread: the statement that takes the write lock, and ``COMMIT`` (which may checkpoint).

Nothing else changes: the same sqlite3 connection, the same SQL, the same transactions (SQLite opens
one at the first write and it ends at commit or rollback, as before). All rows are read at once, as
SQLAlchemy's adapter already did for every non-streaming result.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

Row = tuple[Any, ...]
Outcome = tuple[Any, int, int | None, list[Row]]


def _run(connection: aiosqlite.Connection, sql: str, parameters: Any, many: bool) -> Outcome:
    """On the connection's thread: the whole statement, leaving no cursor open."""
    cursor = connection._conn.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class Cursor:
    """What SQLAlchemy's adapter asks of an aiosqlite cursor, with the rows already fetched."""

    __slots__ = ("_connection", "_rows", "arraysize", "description", "lastrowid", "rowcount")

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._rows: list[Row] = []
        self.arraysize = 1
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> Cursor:  # no hop: nothing is made on the thread until execute
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._rows = []

    async def _call(self, sql: str, parameters: Any, many: bool) -> Cursor:
        connection = self._connection
        outcome: Outcome
        if connection.waits_for_nobody(sql):
            outcome = _run(connection, sql, parameters, many)
        else:
            outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _run, connection, sql, parameters, many
            )
        self.description, self.rowcount, self.lastrowid, self._rows = outcome
        return self

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> Cursor:
        return await self._call(sql, parameters, False)

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> Cursor:
        return await self._call(sql, parameters, True)

    async def fetchall(self) -> Sequence[Row]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Row | None:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Row]:
        count = self.arraysize if size is None else size
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:  # the sqlite3 cursor was closed on the thread already
        self._rows = []

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None


class Connection(aiosqlite.Connection):
    # Set once the database is known to be in WAL mode (storage/db.py's pragmas).
    wal = False

    def cursor(self) -> Cursor:  # type: ignore[override]
        return Cursor(self)

    def waits_for_nobody(self, sql: str) -> bool:
        """Whether the statement can run on the event loop: it can never wait for another connection."""
        if not self.wal or self._connection is None:
            return False
        return self._connection.in_transaction or sql.lstrip()[:6].upper() == "SELECT"

    async def commit(self) -> None:
        if self._connection is not None and self._connection.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction:
            await super().rollback()


def connect(database: str | bytes, **kwargs: Any) -> Connection:
    """As ``aiosqlite.connect``, for SQLAlchemy's ``async_creator_fn``."""
    location = database.decode() if isinstance(database, bytes) else str(database)

    def connector() -> sqlite3.Connection:
        # Used from the event loop too (reads in WAL mode), never from two threads at once.
        connection: sqlite3.Connection = sqlite3.connect(location, **{**kwargs, "check_same_thread": False})
        return connection

    connection = Connection(connector, 64)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own: never blocks exit
    return connection


def do_connect(dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
    """The engine's ``do_connect`` hook: SQLAlchemy's aiosqlite adapter around our connection."""
    return dialect.dbapi.connect(*cargs, async_creator_fn=connect, **cparams)
