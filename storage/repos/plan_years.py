"""A plan's life in storage: drafts, the plan in force, past plans, and their rounds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Obligation, ObligationStatus, Plan, PlanItem, PlanStatus, Round, RoundStatus, Unit


async def latest_before(session: AsyncSession, year: int) -> Plan | None:
    """The newest plan of an earlier year that is not a draft: what a new year's plan is made from."""
    query = select(Plan).where(Plan.year < year, Plan.status != PlanStatus.DRAFT).order_by(Plan.year.desc()).limit(1)
    return await session.scalar(query)


async def by_status(session: AsyncSession, status: PlanStatus) -> Sequence[Plan]:
    return (await session.scalars(select(Plan).where(Plan.status == status).order_by(Plan.year))).all()


async def retire_in_force(session: AsyncSession, keep_id: int) -> None:
    """Every other plan in force becomes past: at most one plan is in force."""
    await session.execute(
        update(Plan)
        .where(Plan.status == PlanStatus.IN_FORCE, Plan.id != keep_id)
        .values(status=PlanStatus.PAST)
        .execution_options(synchronize_session="fetch")
    )


async def claim_publish(session: AsyncSession, plan_id: int, version: int, now: datetime) -> bool:
    """Draft → in force, only from the version the caller saw; False when another admin got there first."""
    result = await session.execute(
        update(Plan)
        .where(Plan.id == plan_id, Plan.status == PlanStatus.DRAFT, Plan.version == version)
        .values(status=PlanStatus.IN_FORCE, version=version + 1, published_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def bump_version(session: AsyncSession, plan_id: int, version: int) -> bool:
    """One edit of a draft, only on the version the editor saw."""
    result = await session.execute(
        update(Plan)
        .where(Plan.id == plan_id, Plan.status == PlanStatus.DRAFT, Plan.version == version)
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def item(session: AsyncSession, plan_id: int, item_id: int, *, lock: bool = False) -> PlanItem | None:
    query = select(PlanItem).where(PlanItem.id == item_id, PlanItem.plan_id == plan_id)
    return await session.scalar(query.with_for_update() if lock else query)


async def delete_items(session: AsyncSession, item_ids: Iterable[int]) -> None:
    """Drop items; their rounds (and what units sent) stay, as rounds of no plan item."""
    ids = list(item_ids)
    if not ids:
        return
    await session.execute(
        update(Round)
        .where(Round.plan_item_id.in_(ids))
        .values(plan_item_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(PlanItem).where(PlanItem.id.in_(ids)).execution_options(synchronize_session=False))


async def open_rounds_of_plan(session: AsyncSession, plan_id: int) -> Sequence[Round]:
    query = (
        select(Round)
        .join(PlanItem, PlanItem.id == Round.plan_item_id)
        .where(PlanItem.plan_id == plan_id, Round.status == RoundStatus.OPEN)
        .order_by(Round.deadline, Round.id)
    )
    return (await session.scalars(query)).all()


async def open_rounds_of_year(session: AsyncSession, year: int) -> Sequence[Round]:
    """Open rounds filed under ``year``: the plan's own and those created alone for that year."""
    query = select(Round).where(Round.year == year, Round.status == RoundStatus.OPEN).order_by(Round.deadline, Round.id)
    return (await session.scalars(query)).all()


async def still_owing(session: AsyncSession, round_ids: Sequence[int]) -> dict[int, list[Unit]]:
    """Per round: the units that have not sent it (or had it returned)."""
    if not round_ids:
        return {}
    query = (
        select(Obligation.round_id, Unit)
        .join(Unit, Unit.id == Obligation.unit_id)
        .where(
            Obligation.round_id.in_(round_ids),
            Obligation.status.in_([ObligationStatus.MISSING, ObligationStatus.RETURNED]),
        )
        .order_by(Unit.kind, Unit.sort_order, Unit.name)
    )
    result: dict[int, list[Unit]] = {rid: [] for rid in round_ids}
    for round_id, unit in (await session.execute(query)).all():
        result[round_id].append(unit)
    return result


async def close_rounds(session: AsyncSession, round_ids: Sequence[int], now: datetime) -> int:
    """Close exactly these rounds if still open; how many were closed."""
    if not round_ids:
        return 0
    result = await session.execute(
        update(Round)
        .where(Round.id.in_(round_ids), Round.status == RoundStatus.OPEN)
        .values(status=RoundStatus.CLOSED, closed_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def all_units(session: AsyncSession) -> Sequence[Unit]:
    return (await session.scalars(select(Unit))).all()
