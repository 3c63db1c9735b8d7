"""One-time upload tickets (services/upload_tickets.py): looked up and claimed by the token's hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import UploadTicket


async def add(
    session: AsyncSession,
    *,
    token_hash: str,
    platform: str,
    chat_id: str,
    flow: str,
    step: str,
    prompt_id: str | None,
    kinds: list[str],
    expires_at: datetime,
    now: datetime,
) -> UploadTicket:
    ticket = UploadTicket(
        token_hash=token_hash,
        platform=platform,
        chat_id=chat_id,
        flow=flow,
        step=step,
        prompt_id=prompt_id,
        kinds=list(kinds),
        expires_at=expires_at,
        used_at=None,
        created_at=now,
    )
    session.add(ticket)
    await session.flush()
    return ticket


async def by_hash(session: AsyncSession, token_hash: str, *, fresh: bool = False) -> UploadTicket | None:
    """``fresh``: read the row again even if this session holds it (after an UPDATE it did not see)."""
    query = select(UploadTicket).where(UploadTicket.token_hash == token_hash)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return await session.scalar(query)


async def claim(session: AsyncSession, token_hash: str, now: datetime) -> bool:
    """Mark the ticket used, in one statement: of two uploads racing, exactly one gets True."""
    result = await session.execute(
        update(UploadTicket)
        .where(
            UploadTicket.token_hash == token_hash,
            UploadTicket.used_at.is_(None),
            UploadTicket.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount == 1


async def release(session: AsyncSession, ticket_id: int) -> None:
    """Undo a claim whose upload could not be stored: the person may try again with the same link."""
    await session.execute(
        update(UploadTicket)
        .where(UploadTicket.id == ticket_id)
        .values(used_at=None)
        .execution_options(synchronize_session=False)
    )


async def delete_expired(session: AsyncSession, before: datetime) -> int:
    """Drop tickets that expired before ``before`` (used or not): nothing refers to them."""
    result = await session.execute(
        delete(UploadTicket).where(UploadTicket.expires_at < before).execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount
