"""Per-chat dialog state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialog


async def load(session: AsyncSession, platform: str, chat_id: int, *, lock: bool = False) -> Dialog | None:
    query = select(Dialog).where(Dialog.platform == platform, Dialog.chat_id == chat_id)
    if lock:
        # Re-read under a row lock (PostgreSQL): a concurrent transaction that is using the same
        # dialog finishes first, and we then see what it left (or that it is gone).
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


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
    row = await load(session, platform, chat_id)
    if row is None:
        session.add(
            Dialog(
                platform=platform,
                chat_id=chat_id,
                flow=flow,
                step=step,
                data=data,
                expires_at=expires_at,
                updated_at=now,
            )
        )
    else:
        row.flow, row.step, row.data = flow, step, dict(data)
        row.expires_at, row.updated_at = expires_at, now
    await session.flush()


async def clear(session: AsyncSession, platform: str, chat_id: int) -> None:
    await session.execute(delete(Dialog).where(Dialog.platform == platform, Dialog.chat_id == chat_id))
