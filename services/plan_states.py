"""The plan in force: the one service every view asks, and the moves of a plan's life.

draft (prepared, not yet binding) → in force (at most one: its rounds are open) → past (history).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Plan, PlanStatus
from storage.repos import plan_years as repo
from storage.repos import rounds as round_repo

STATUS_KEYS = {
    PlanStatus.DRAFT: "plans.status.draft",
    PlanStatus.IN_FORCE: "plans.status.in_force",
    PlanStatus.PAST: "plans.status.past",
}


async def plan_in_force(session: AsyncSession) -> Plan | None:
    """The plan the bot runs now, whatever the calendar says (December's draft is not it yet)."""
    return await round_repo.current_plan(session)


async def year_in_force(session: AsyncSession, today: date) -> int:
    """The year views start from: the plan in force's, else the calendar year."""
    plan = await plan_in_force(session)
    return plan.year if plan is not None else today.year


async def put_in_force(session: AsyncSession, plan: Plan, now: datetime) -> None:
    """Make ``plan`` the one in force; the one before becomes past."""
    await repo.retire_in_force(session, plan.id)
    if plan.status != PlanStatus.IN_FORCE:
        plan.status = PlanStatus.IN_FORCE
        plan.published_at = now
    await session.flush()
