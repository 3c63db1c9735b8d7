"""Cross-check scoring rows (storage/models/scoring.py). Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, func, literal, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import (
    CrossCheck,
    Obligation,
    Round,
    RoundKind,
    ScoreLine,
    ScoreTemplate,
    Submission,
)


async def template(session: AsyncSession, cluster_id: int, year: int) -> ScoreTemplate | None:
    query = select(ScoreTemplate).where(ScoreTemplate.cluster_id == cluster_id, ScoreTemplate.year == year)
    return await session.scalar(query)


async def template_by_id(session: AsyncSession, template_id: int) -> ScoreTemplate | None:
    return await session.get(ScoreTemplate, template_id)


async def add(session: AsyncSession, row: ScoreTemplate | CrossCheck | ScoreLine) -> None:
    session.add(row)
    await session.flush()


async def check(session: AsyncSession, check_id: int, *, lock: bool = False) -> CrossCheck | None:
    query = select(CrossCheck).where(CrossCheck.id == check_id)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def checks(session: AsyncSession, template_id: int) -> Sequence[CrossCheck]:
    query = select(CrossCheck).where(CrossCheck.template_id == template_id).order_by(CrossCheck.id)
    return (await session.scalars(query)).all()


async def delete_checks(session: AsyncSession, template_id: int) -> None:
    await session.execute(delete(CrossCheck).where(CrossCheck.template_id == template_id))


async def lines(session: AsyncSession, check_id: int) -> dict[str, ScoreLine]:
    query = select(ScoreLine).where(ScoreLine.check_id == check_id)
    return {line.criterion: line for line in (await session.scalars(query)).all()}


async def line(session: AsyncSession, check_id: int, criterion: str) -> ScoreLine:
    """The criterion's line, created empty on first use."""
    query = select(ScoreLine).where(ScoreLine.check_id == check_id, ScoreLine.criterion == criterion)
    found = await session.scalar(query)
    if found is None:
        found = ScoreLine(check_id=check_id, criterion=criterion, note="")
        session.add(found)
        await session.flush()
    return found


async def settled_totals(
    session: AsyncSession, template_ids: Sequence[int], penalties: Sequence[tuple[int, str]]
) -> list[tuple[int, int, float]]:
    """(template id, checked unit id, settled total) for every check of the templates, summed in the
    database: a penalty item (template id, criterion) counts negatively; a check with no line totals 0."""
    signed: ColumnElement[float | None] = ScoreLine.__table__.c.final_points
    if penalties:
        penalty = tuple_(CrossCheck.template_id, ScoreLine.criterion).in_(list(penalties))
        signed = case((penalty, -ScoreLine.final_points), else_=ScoreLine.final_points)
    query = (
        select(CrossCheck.template_id, CrossCheck.checked_unit_id, func.coalesce(func.sum(signed), literal(0.0)))
        .outerjoin(ScoreLine, ScoreLine.check_id == CrossCheck.id)
        .where(CrossCheck.template_id.in_(template_ids))
        .group_by(CrossCheck.template_id, CrossCheck.checked_unit_id, CrossCheck.id)
        .order_by(CrossCheck.id)
    )
    return [(t, u, float(total or 0)) for t, u, total in (await session.execute(query)).all()]


async def templates_of_year(session: AsyncSession, year: int) -> Sequence[ScoreTemplate]:
    query = select(ScoreTemplate).where(ScoreTemplate.year == year).order_by(ScoreTemplate.cluster_id)
    return (await session.scalars(query)).all()


async def report_punctuality(
    session: AsyncSession, unit_ids: Sequence[int], year: int, now: datetime
) -> dict[int, tuple[int, int]]:
    """Per unit: (reports due by ``now`` in ``year``, of which the first version came on time).

    A report is due at its own deadline (a return's new deadline does not excuse the first one).
    """
    on_time = (
        select(Submission.id)
        .where(Submission.obligation_id == Obligation.id, Submission.version == 1, Submission.late.is_(False))
        .exists()
    )
    query = (
        select(Obligation.unit_id, func.count(), func.count().filter(on_time))
        .join(Round, Round.id == Obligation.round_id)
        .where(
            Obligation.unit_id.in_(unit_ids),
            Round.year == year,
            Round.kind == RoundKind.REPORT,
            or_(Round.deadline <= now, Obligation.versions > 0),
        )
        .group_by(Obligation.unit_id)
    )
    return {u: (int(due), int(ok)) for u, due, ok in (await session.execute(query)).all()}


async def checks_of_unit(session: AsyncSession, unit_id: int, year: int) -> Sequence[CrossCheck]:
    """The year's checks in which the unit checks or is checked."""
    query = (
        select(CrossCheck)
        .join(ScoreTemplate, ScoreTemplate.id == CrossCheck.template_id)
        .where(
            ScoreTemplate.year == year,
            or_(CrossCheck.checker_unit_id == unit_id, CrossCheck.checked_unit_id == unit_id),
        )
        .order_by(CrossCheck.id)
    )
    return (await session.scalars(query)).all()
