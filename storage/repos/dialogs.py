"""Per-person dialog state: one conversation whichever channel the person writes from."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChatIdentity, Dialog


async def load(session: AsyncSession, account_id: int, *, lock: bool = False) -> Dialog | None:
    query = select(Dialog).where(Dialog.account_id == account_id)
    if lock:
        # Re-read under a row lock (PostgreSQL): a concurrent transaction that is using the same
        # dialog finishes first, and we then see what it left (or that it is gone).
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


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
    table = cast(Table, Dialog.__table__)
    values = {
        "identity_id": identity_id,
        "flow": flow,
        "step": step,
        "data": dict(data),
        "prompt": prompt,
        "expires_at": expires_at,
        "updated_at": now,
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(account_id=account_id, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=[table.c.account_id], set_=values))


async def clear(session: AsyncSession, account_id: int) -> None:
    await session.execute(delete(Dialog).where(Dialog.account_id == account_id))
