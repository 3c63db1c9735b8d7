"""Per-chat dialog state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import upsert
from storage.models import Dialog


async def load(session: AsyncSession, platform: str, chat_id: int, *, lock: bool = False) -> Dialog | None:
    query = select(Dialog).where(Dialog.platform == platform, Dialog.chat_id == chat_id)
    if lock:
        # Re-read under a row lock (PostgreSQL): a concurrent transaction that is using the same
        # dialog finishes first, and we then see what it left (or that it is gone).
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


_COLUMNS = ("flow", "step", "data", "expires_at", "updated_at")
_SAVES: dict[str, Any] = {}  # by dialect: the upsert, built once


def _save_statement(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    statement = _SAVES.get(dialect)
    if statement is None:
        table = cast(Table, Dialog.__table__)
        insert = upsert(session, table).values(
            {name: bindparam(name, type_=table.c[name].type) for name in ("platform", "chat_id", *_COLUMNS)}
        )
        statement = _SAVES[dialect] = insert.on_conflict_do_update(
            index_elements=[table.c.platform, table.c.chat_id],
            set_={name: insert.excluded[name] for name in _COLUMNS},
        )
    return statement


_CLEAR = delete(Dialog).where(Dialog.platform == bindparam("platform"), Dialog.chat_id == bindparam("chat_id"))


async def save(
    session: AsyncSession,
    platform: str,
    chat_id: int,
    *,
    flow: str,
    step: str,
    data: dict[str, Any],
    expires_at: datetime,
    now: datetime,
) -> None:
    """Insert or replace the chat's dialog in one statement (the ORM's unit of work buys nothing here)."""
    values = {"flow": flow, "step": step, "data": dict(data), "expires_at": expires_at, "updated_at": now}
    await session.execute(_save_statement(session), {"platform": platform, "chat_id": chat_id, **values})


async def clear(session: AsyncSession, platform: str, chat_id: int) -> None:
    await session.execute(_CLEAR, {"platform": platform, "chat_id": chat_id})
