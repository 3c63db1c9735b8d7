"""Plans as the command line lists them: each plan with its counts, a plan's items with their rounds."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Plan, PlanItem, Round


class PlanLine(NamedTuple):
    plan: Plan
    items: int
    rounds: int


async def plans_with_counts(session: AsyncSession) -> list[PlanLine]:
    items = (
        select(PlanItem.plan_id, func.count().label("n")).group_by(PlanItem.plan_id).subquery()
    )  # counted apart: joining both would multiply the counts
    rounds = (
        select(PlanItem.plan_id, func.count(Round.id).label("n"))
        .join(Round, Round.plan_item_id == PlanItem.id)
        .group_by(PlanItem.plan_id)
        .subquery()
    )
    query = (
        select(Plan, func.coalesce(items.c.n, 0), func.coalesce(rounds.c.n, 0))
        .outerjoin(items, items.c.plan_id == Plan.id)
        .outerjoin(rounds, rounds.c.plan_id == Plan.id)
        .order_by(Plan.year)
    )
    return [PlanLine(p, n_items, n_rounds) for p, n_items, n_rounds in (await session.execute(query)).all()]


async def items_with_rounds(session: AsyncSession, plan_id: int) -> list[tuple[PlanItem, Round | None]]:
    query = (
        select(PlanItem, Round)
        .outerjoin(Round, Round.plan_item_id == PlanItem.id)
        .where(PlanItem.plan_id == plan_id)
        .order_by(PlanItem.quarter, PlanItem.item_no)
    )
    return [(item, round_) for item, round_ in (await session.execute(query)).all()]
