"""What the admin reads before publishing a draft: the items of a quarter, their deadlines and the
units that would owe them (resolved the way publishing will), and the plans of every year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.access import ensure_admin
from services.actors import Actor
from services.broadcast_audience import Audience, AudienceKind
from services.broadcast_audience import resolve as resolve_audience
from services.plan_closing import years_to_close
from services.plan_drafts import draft_of
from services.plan_rollover import quarter_end
from services.unit_selectors import resolve
from storage.models import Plan, PlanItem, PlanStatus, Unit
from storage.repos import plan_years as repo
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo


@dataclass(frozen=True, slots=True)
class ItemPreview:
    item: PlanItem
    owing: list[Unit]


@dataclass(frozen=True, slots=True)
class QuarterPreview:
    plan: Plan
    quarter: int
    items: list[ItemPreview]
    total_items: int
    rounds: int  # items that will open a round


@dataclass(frozen=True, slots=True)
class Years:
    plans: list[Plan]
    in_force: Plan | None
    next_year: int  # the year a new plan would be made for
    can_make: bool  # no plan for next_year yet
    drafts: list[int]
    to_close: list[int]  # past years with rounds still open


async def years(session: AsyncSession, actor: Actor, this_year: int) -> Years:
    ensure_admin(actor, "plan.view_years")
    plans = list(await repo.by_status(session, PlanStatus.DRAFT))
    every = list(plans)
    for status in (PlanStatus.IN_FORCE, PlanStatus.PAST):
        every += list(await repo.by_status(session, status))
    every.sort(key=lambda p: p.year)
    in_force = next((p for p in every if p.status == PlanStatus.IN_FORCE), None)
    next_year = max(this_year, in_force.year if in_force else this_year) + 1
    return Years(
        plans=every,
        in_force=in_force,
        next_year=next_year,
        can_make=all(p.year != next_year for p in every),
        drafts=[p.year for p in plans],
        to_close=await years_to_close(session),
    )


async def quarter(session: AsyncSession, actor: Actor, year: int, quarter: int) -> QuarterPreview:
    ensure_admin(actor, "plan.preview", target_type="plan", target_id=year)
    plan = await draft_of(session, year)
    items = list(await round_repo.plan_items(session, plan.id))
    units = {u.id: u for u in await unit_repo.list_units(session)}
    shown: list[ItemPreview] = []
    for item in (i for i in items if i.quarter == quarter):
        on = item.due_on or quarter_end(year, item.quarter)
        ids = await resolve(session, item.submitters, year=year, on=on) if item.submitters else set()
        owing = sorted((units[i] for i in ids if i in units), key=lambda u: (u.kind, u.sort_order, u.name))
        shown.append(ItemPreview(item, owing))
    return QuarterPreview(plan, quarter, shown, len(items), sum(1 for i in items if i.submitters))


async def notice_audience(session: AsyncSession, today: date) -> int:
    """How many accounts the plan's notice would go to (every unit's reachable accounts)."""
    return len((await resolve_audience(session, Audience(AudienceKind.ALL), today)).targets)


async def december_offer(session: AsyncSession, today: date) -> int | None:
    """In December, next year's plan while it is not yet in force (none, or still a draft)."""
    if today.month != 12:
        return None
    plan = await round_repo.plan_by_year(session, today.year + 1)
    return today.year + 1 if plan is None or plan.status == PlanStatus.DRAFT else None
