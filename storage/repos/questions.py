"""Unanswered questions and the few lookups free-text answers need that no other repo has."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Obligation, Submission, UnansweredQuestion, Unit
from storage.repos.office_views import OWING


async def add_unanswered(session: AsyncSession, row: UnansweredQuestion) -> None:
    session.add(row)
    await session.flush()


async def unanswered(
    session: AsyncSession, *, since: datetime | None = None, limit: int = 100
) -> Sequence[UnansweredQuestion]:
    query = select(UnansweredQuestion).order_by(UnansweredQuestion.asked_at.desc(), UnansweredQuestion.id.desc())
    if since is not None:
        query = query.where(UnansweredQuestion.asked_at >= since)
    return (await session.scalars(query.limit(limit))).all()


async def unit_names(session: AsyncSession) -> list[tuple[int, str, str]]:
    """(id, code, name) of every unit: what a question may name."""
    rows = await session.execute(select(Unit.id, Unit.code, Unit.name))
    return [(unit_id, code, name) for unit_id, code, name in rows]


async def latest_receipts(session: AsyncSession, unit_id: int, limit: int) -> Sequence[Submission]:
    """The unit's latest submissions, newest first, whatever the round."""
    query = (
        select(Submission)
        .join(Obligation, Obligation.id == Submission.obligation_id)
        .where(Obligation.unit_id == unit_id)
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(limit)
    )
    return (await session.scalars(query)).all()


async def owing_first(session: AsyncSession, round_id: int, limit: int) -> list[tuple[str, datetime | None]]:
    """The first ``limit`` units still owing a round (name, own deadline after a return), in /chuanop's order."""
    query = (
        select(Unit.name, Obligation.due_at)
        .join(Unit, Unit.id == Obligation.unit_id)
        .where(Obligation.round_id == round_id, Obligation.status.in_(OWING))
        .order_by(Unit.kind, Unit.sort_order, Unit.name, Unit.id)
        .limit(limit)
    )
    return [(name, due_at) for name, due_at in (await session.execute(query)).all()]


async def owing_count_among(session: AsyncSession, round_id: int, unit_ids: Collection[int]) -> tuple[int, int]:
    """How many units owe a round at all, and how many of ``unit_ids`` are among them."""
    total = await session.scalar(select(func.count()).where(Obligation.round_id == round_id))
    among = 0
    if unit_ids:
        among = (
            await session.scalar(
                select(func.count()).where(Obligation.round_id == round_id, Obligation.unit_id.in_(list(unit_ids)))
            )
            or 0
        )
    return total or 0, among
