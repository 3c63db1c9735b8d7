"""Per-chat dialog state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import upsert
from storage.models import Dialog

# The advisory lock space of chats (any constant; reminders use another).
CHAT_LOCK_SPACE = 0x43484154  # "CHAT"


async def lock_chat(session: AsyncSession, platform: str, chat_id: int | str) -> None:
    """Hold the chat until this transaction ends: two updates of one chat, in two processes, run one after the other.

    First thing in an update's transaction, before the dialog is read; the second process then
    reads what the first one committed, and neither update is lost. PostgreSQL: a transaction-scoped
    advisory lock on the chat's key rather than ``SELECT … FOR UPDATE`` of the dialog row, because a
    chat often has no row to lock (its first message, or after /huy removed it). SQLite: one process
    and one writer, nothing to do. The key is hashed to 32 bits: two chats may now and then share a
    lock, which only makes one wait for the other's transaction.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    key = f"{platform}:{chat_id}"
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:space, hashtext(current_schema() || ':' || :key))"),
        {"space": CHAT_LOCK_SPACE, "key": key},
    )


async def load(session: AsyncSession, platform: str, chat_id: int, *, lock: bool = False) -> Dialog | None:
    query = select(Dialog).where(Dialog.platform == platform, Dialog.chat_id == chat_id)
    if lock:
        # Re-read under a row lock (PostgreSQL): a concurrent transaction that is using the same
        # dialog finishes first, and we then see what it left (or that it is gone).
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


_COLUMNS = ("flow", "step", "data", "prompt", "expires_at", "updated_at")
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
    flow: str | None,
    step: str | None,
    data: dict[str, Any],
    expires_at: datetime,
    now: datetime,
    prompt: dict[str, Any] | None = None,
) -> None:
    """Insert or replace the chat's dialog in one statement (the ORM's unit of work buys nothing here)."""
    values = {
        "flow": flow,
        "step": step,
        "data": dict(data),
        "prompt": prompt,
        "expires_at": expires_at,
        "updated_at": now,
    }
    await session.execute(_save_statement(session), {"platform": platform, "chat_id": chat_id, **values})


async def clear(session: AsyncSession, platform: str, chat_id: int) -> None:
    await session.execute(_CLEAR, {"platform": platform, "chat_id": chat_id})
