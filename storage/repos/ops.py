"""Audit log, error-report throttling and one-time chat notices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, ChatNotice, ErrorReport, InboundSeen


async def audit(
    session: AsyncSession,
    *,
    at: datetime,
    actor_account_id: int | None,
    actor_label: str,
    action: str,
    outcome: str,
    target_type: str | None = None,
    target_id: str | int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=at,
            actor_account_id=actor_account_id,
            actor_label=actor_label,
            action=action,
            outcome=outcome,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            details=details or {},
        )
    )
    await session.flush()


async def audit_entries(session: AsyncSession, *, action: str | None = None) -> Sequence[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return (await session.scalars(query)).all()


async def count_audit(
    session: AsyncSession,
    *,
    action: str,
    outcome: str,
    since: datetime,
    actor_account_id: int | None = None,
) -> int:
    """How many audit entries of ``action`` with ``outcome`` since ``since`` (by one account, if given)."""
    query = select(func.count()).where(
        AuditEntry.action == action, AuditEntry.outcome == outcome, AuditEntry.at >= since
    )
    if actor_account_id is not None:
        query = query.where(AuditEntry.actor_account_id == actor_account_id)
    return int(await session.scalar(query) or 0)


async def should_report_error(session: AsyncSession, fingerprint: str, now: datetime, every: timedelta) -> bool:
    """Count the error; True when admins have not heard of it within ``every``."""
    row = await session.get(ErrorReport, fingerprint, with_for_update=True)
    if row is None:
        session.add(ErrorReport(fingerprint=fingerprint, last_reported_at=now, occurrences=1))
        await session.flush()
        return True
    row.occurrences += 1
    if now - row.last_reported_at >= every:
        row.last_reported_at = now
        return True
    return False


async def first_notice(session: AsyncSession, platform: str, chat_id: str, kind: str, now: datetime) -> bool:
    """True the first time ``kind`` is noticed for this chat, then never again."""
    if await session.get(ChatNotice, (platform, chat_id, kind)) is not None:
        return False
    session.add(ChatNotice(platform=platform, chat_id=chat_id, kind=kind, at=now))
    await session.flush()
    return True


async def first_seen(session: AsyncSession, platform: str, event_id: str, now: datetime) -> bool:
    """True the first time this event is seen (recorded in the caller's transaction), else False."""
    table = cast(Table, InboundSeen.__table__)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(platform=platform, event_id=event_id, seen_at=now).on_conflict_do_nothing()
    result = await session.execute(statement)
    return bool(cast(CursorResult[Any], result).rowcount)


async def forget_seen(session: AsyncSession, before: datetime) -> int:
    """Drop records of events older than any redelivery (a platform redelivers within minutes)."""
    result = await session.execute(delete(InboundSeen).where(InboundSeen.seen_at < before))
    return int(cast(CursorResult[Any], result).rowcount or 0)
