"""Award decisions and the commendation record (lịch sử khen thưởng)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AwardRecord, Decision


async def decision_by_number(session: AsyncSession, issuer_code: str, year: int, number: int) -> Decision | None:
    query = select(Decision).where(
        Decision.issuer_code == issuer_code, Decision.year == year, Decision.number == number
    )
    return await session.scalar(query)


async def decision(session: AsyncSession, decision_id: int) -> Decision | None:
    return await session.get(Decision, decision_id)


async def records_of_decision(session: AsyncSession, decision_id: int) -> Sequence[AwardRecord]:
    query = select(AwardRecord).where(AwardRecord.decision_id == decision_id).order_by(AwardRecord.id)
    return (await session.scalars(query)).all()


async def history(session: AsyncSession, holder_key: str, collective: bool) -> Sequence[AwardRecord]:
    query = (
        select(AwardRecord)
        .where(AwardRecord.holder_key == holder_key, AwardRecord.collective.is_(collective))
        .order_by(AwardRecord.year, AwardRecord.id)
    )
    return (await session.scalars(query)).all()


async def existing(
    session: AsyncSession, keys: Sequence[tuple[str, bool, int]]
) -> dict[tuple[str, bool, int], list[AwardRecord]]:
    """Records already held by (holder, collective, year), for duplicate and two-unit checks."""
    found: dict[tuple[str, bool, int], list[AwardRecord]] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        query = select(AwardRecord).where(
            tuple_(AwardRecord.holder_key, AwardRecord.collective, AwardRecord.year).in_(chunk)
        )
        for record in await session.scalars(query):
            found.setdefault((record.holder_key, record.collective, record.year), []).append(record)
    return found


async def decisions_of_session(session: AsyncSession, session_id: int) -> Sequence[Decision]:
    query = select(Decision).where(Decision.session_id == session_id).order_by(Decision.id)
    return (await session.scalars(query)).all()
