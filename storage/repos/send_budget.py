"""The bot's send budget shared by every process on one PostgreSQL database: ``rate`` tokens in rows.

A send takes a token before it starts and gives it back when it completed; the token is free
again one window later (``free_at``). So Telegram never receives more than ``rate`` sends of
ours within a window, whatever the processes, the latency or the jitter: send k−rate had been
answered before send k started. (The same reasoning as the local pacer, bot/channels/telegram/pacing.py.)
Times are the database's clock, the one clock every process shares; the caller passes a connection
in autocommit mode, so each statement holds its row lock for well under a millisecond. A token
held by a process that died is free again after ``hold``.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_CREATE = text(
    "INSERT INTO send_tokens (name, slot, free_at) SELECT :name, n, clock_timestamp() "
    "FROM generate_series(0, :rate - 1) AS n ON CONFLICT DO NOTHING"
)
_TAKE = text(
    """
    UPDATE send_tokens SET held_until = clock_timestamp() + :hold
    WHERE name = :name AND slot = (
        SELECT slot FROM send_tokens
        WHERE name = :name AND slot < :rate
          AND (held_until IS NULL OR held_until < clock_timestamp()) AND free_at <= clock_timestamp()
        ORDER BY free_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING slot
    """
)
_NEXT_FREE = text(
    "SELECT EXTRACT(EPOCH FROM MIN(free_at) - clock_timestamp()) FROM send_tokens "
    "WHERE name = :name AND slot < :rate AND (held_until IS NULL OR held_until < clock_timestamp())"
)
_GIVE_BACK = text(
    "UPDATE send_tokens SET held_until = NULL, free_at = clock_timestamp() + :window "
    "WHERE name = :name AND slot = :slot"
)


async def create(connection: AsyncConnection, name: str, rate: int) -> None:
    await connection.execute(_CREATE, {"name": name, "rate": rate})


async def take(connection: AsyncConnection, name: str, rate: int, hold: timedelta) -> tuple[int | None, float | None]:
    """(the token taken, None) or (None, seconds until one may be free; None: all are in flight)."""
    slot = await connection.scalar(_TAKE, {"name": name, "rate": rate, "hold": hold})
    if slot is not None:
        return int(slot), None
    wait = await connection.scalar(_NEXT_FREE, {"name": name, "rate": rate})
    return None, None if wait is None else float(wait)


async def give_back(connection: AsyncConnection, name: str, slot: int, window: timedelta) -> None:
    await connection.execute(_GIVE_BACK, {"name": name, "slot": slot, "window": window})
