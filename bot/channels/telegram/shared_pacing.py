"""One send budget per bot, whatever the number of processes (PostgreSQL).

The local :class:`~bot.channels.telegram.pacing.Pacer` keeps one process under the limit; with
several processes each would allow the full rate. :class:`SharedPacer` also takes one of the
bot's ``rate`` tokens in the database (storage/repos/send_budget.py) for each send, from before it
starts until one window after it completed: the pacer's causal rule, across processes, so
Telegram never receives more than ``rate`` of the bot's sends within a window, whatever the
jitter; each process takes what it needs (an idle one takes nothing). Within a process one lane
at a time asks the database; the others wait their turn here, not in the database.

If the database cannot be reached the pacer falls back to the local limit (logged once); the
sends go on, faster than the shared budget allows, rather than stopping.

Cost: two short statements per send on one connection the pacer keeps (autocommit: no BEGIN or
COMMIT, no pool checkout); ``db_calls`` and ``db_seconds`` count them, bench/soak.py prints the figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.channels.telegram.pacing import MARGIN_SECONDS, Pacer
from storage.repos import send_budget

log = logging.getLogger(__name__)
T = TypeVar("T")
HOLD = timedelta(seconds=60)  # a token of a process that died mid-send is free again after this
POLL_SECONDS = 0.01  # every token in flight: look again this soon
MAX_WAIT = 0.1


class SharedPacer(Pacer):
    def __init__(
        self,
        engine: AsyncEngine,
        rate: float,
        *,
        name: str = "telegram",
        window: float = 1.0,
        margin: float = MARGIN_SECONDS,
    ) -> None:
        super().__init__(rate, window=window, margin=margin)
        self.engine, self.name = engine, name
        self.cooldown = timedelta(seconds=window + margin)
        self.db_calls = 0
        self.db_seconds = 0.0  # time spent in the database's statements, not waiting for a token
        self._created = False
        self._asking = asyncio.Lock()  # one lane of this process waits for a token at a time
        self._using = asyncio.Lock()  # the connection runs one statement at a time
        self._connection: AsyncConnection | None = None
        self._degraded = False

    async def close(self) -> None:
        async with self._using:
            connection, self._connection = self._connection, None
            if connection is not None:
                await connection.close()

    async def _on_connection(self, action: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        async with self._using:
            if self._connection is None:
                connection = await self.engine.connect()
                self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            try:
                return await action(self._connection)
            except Exception:
                connection, self._connection = self._connection, None
                with contextlib.suppress(Exception):
                    await connection.close()
                raise

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self.limit <= 0:
            yield
            return
        async with super().slot():  # this process's own limit, without a database round trip
            token = await self._take()
            try:
                yield
            finally:
                if token is not None:
                    await self._give_back(token)

    async def _take(self) -> int | None:
        async with self._asking:
            while True:
                started = time.perf_counter()
                try:
                    if not self._created:
                        await self._on_connection(lambda c: send_budget.create(c, self.name, self.limit))
                        self._created = True
                    token, wait = await self._on_connection(lambda c: send_budget.take(c, self.name, self.limit, HOLD))
                except Exception:
                    self._degrade()
                    return None
                self._count(started)
                if token is not None:
                    return token
                await asyncio.sleep(POLL_SECONDS if wait is None else min(max(wait, 0.001), MAX_WAIT))

    async def _give_back(self, token: int) -> None:
        started = time.perf_counter()
        try:
            await self._on_connection(lambda c: send_budget.give_back(c, self.name, token, self.cooldown))
        except Exception:  # the token comes back by itself after HOLD
            self._degrade()
            return
        self._count(started)

    def _count(self, started: float) -> None:
        self.db_calls += 1
        self.db_seconds += time.perf_counter() - started
        if self._degraded:
            log.info("the shared send budget is back")
            self._degraded = False

    def _degrade(self) -> None:
        if not self._degraded:
            log.exception("the shared send budget is unreachable; pacing this process alone")
            self._degraded = True


def pacer_for(engine: AsyncEngine, rate: float) -> Pacer:
    """The shared pacer on PostgreSQL (several processes may run); the local one on SQLite (one process)."""
    if engine.dialect.name == "postgresql" and rate >= 1:
        return SharedPacer(engine, rate)
    return Pacer(rate)
