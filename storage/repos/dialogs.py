"""Per-person dialog state: one conversation whichever channel the person writes from."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import upsert
from storage.models import ChatIdentity, Dialog

# The advisory lock space of chats (any constant; reminders use another).
CHAT_LOCK_SPACE = 0x43484154  # "CHAT"


async def lock_chat(session: AsyncSession, account_id: int) -> bool:
    """Hold the person's dialog until this transaction ends: two updates of one person, in two processes
    (or on two channels), run one after the other. True when a lock was taken.

    Keyed by the dialog's key (the account): taken before the dialog is used, and the caller re-reads
    the dialog when it returns True; the second process then reads what the first one committed, and
    neither update is lost. PostgreSQL: a transaction-scoped advisory lock rather than
    ``SELECT … FOR UPDATE`` of the dialog row, because a person often has no row to lock (their first
    message, or after /huy removed it). SQLite: one process and one writer, nothing to do (False). The
    key is hashed to 32 bits: two people may now and then share a lock, which only makes one wait for
    the other's transaction.
    """
    if session.get_bind().dialect.name != "postgresql":
        return False
    key = f"account:{account_id}"
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:space, hashtext(current_schema() || ':' || :key))"),
        {"space": CHAT_LOCK_SPACE, "key": key},
    )
    return True


async def load(session: AsyncSession, account_id: int, *, lock: bool = False) -> Dialog | None:
    query = select(Dialog).where(Dialog.account_id == account_id)
    if lock:
        # Re-read under a row lock (PostgreSQL): a concurrent transaction that is using the same
        # dialog finishes first, and we then see what it left (or that it is gone).
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


_COLUMNS = ("identity_id", "flow", "step", "data", "prompt", "expires_at", "updated_at")
_SAVES: dict[str, Any] = {}  # by dialect: the upsert, built once


def _save_statement(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    statement = _SAVES.get(dialect)
    if statement is None:
        table = cast(Table, Dialog.__table__)
        insert = upsert(session, table).values(
            {name: bindparam(name, type_=table.c[name].type) for name in ("account_id", *_COLUMNS)}
        )
        statement = _SAVES[dialect] = insert.on_conflict_do_update(
            index_elements=[table.c.account_id],
            set_={name: insert.excluded[name] for name in _COLUMNS},
        )
    return statement


_CLEAR = delete(Dialog).where(Dialog.account_id == bindparam("account_id"))


async def load_of(session: AsyncSession, platform: str, external_user_id: str) -> Dialog | None:
    """The dialog of whoever this platform's user is (None for someone the bot has not met)."""
    query = (
        select(Dialog)
        .join(ChatIdentity, ChatIdentity.account_id == Dialog.account_id)
        .where(ChatIdentity.platform == platform, ChatIdentity.external_user_id == external_user_id)
    )
    return await session.scalar(query)


async def save(
    session: AsyncSession,
    account_id: int,
    *,
    identity_id: int | None,
    flow: str | None,
    step: str | None,
    data: dict[str, Any],
    expires_at: datetime,
    now: datetime,
    prompt: dict[str, Any] | None = None,
) -> None:
    """Insert or replace the person's dialog in one statement (the ORM's unit of work buys nothing here).

    ``identity_id``: the chat identity this step was answered on (where its prompt is shown).
    """
    values = {
        "identity_id": identity_id,
        "flow": flow,
        "step": step,
        "data": dict(data),
        "prompt": prompt,
        "expires_at": expires_at,
        "updated_at": now,
    }
    await session.execute(_save_statement(session), {"account_id": account_id, **values})


async def clear(session: AsyncSession, account_id: int) -> None:
    await session.execute(_CLEAR, {"account_id": account_id})
