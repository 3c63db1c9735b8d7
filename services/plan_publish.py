"""Publishing a draft: it becomes the plan in force, its rounds open, the plan before it becomes past.

Publishing is one conditional update on the draft's version: of two admins pressing at once, or
one confirming a preview another has since edited, exactly one succeeds; the other is told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit, plan_states
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from services.plan_import import END_OF_WORKDAY, quarter_end
from services.unit_selectors import resolve
from storage.models import Plan, PlanItem, PlanStatus, Round, RoundKind, RoundStatus
from storage.repos import plan_years as repo
from storage.repos import rounds as round_repo

MAX_ROUND_NAME = 255


@dataclass(frozen=True, slots=True)
class Published:
    plan: Plan
    previous_year: int | None
    rounds_opened: int


def missing_deadlines(items: Sequence[PlanItem]) -> list[str]:
    """Refs of items that open a round but have no date: a round needs a deadline."""
    return [f"{('I', 'II', 'III', 'IV')[i.quarter - 1]}.{i.item_no}" for i in items if i.submitters and not i.due_on]


async def publish(
    session: AsyncSession, actor: Actor | None, *, year: int, version: int | None, now: datetime, tz: ZoneInfo
) -> Published:
    if actor is not None:
        ensure_admin(actor, "plan.publish", target_type="plan", target_id=year)
    plan = await round_repo.plan_by_year(session, year)
    if plan is None:
        raise Refusal("plans.none_year", year=year)
    if plan.status != PlanStatus.DRAFT:
        raise Refusal("plans.already_published", year=year)
    items = await round_repo.plan_items(session, plan.id)
    if missing := missing_deadlines(items):
        raise Refusal("plans.item_no_deadline", refs=", ".join(missing))
    previous = await plan_states.plan_in_force(session)
    if not await repo.claim_publish(session, plan.id, plan.version if version is None else version, now):
        raise Refusal("plans.changed", year=year)
    await session.refresh(plan)
    await repo.retire_in_force(session, plan.id)
    opened = await open_rounds(session, plan, items, now, tz)
    await audit.record(
        session,
        actor,
        "plan.publish",
        now,
        target_type="plan",
        target_id=plan.id,
        label=None if actor else "cli",
        details={"year": year, "rounds": opened, "previous": previous.year if previous else None},
    )
    return Published(plan, previous.year if previous and previous.id != plan.id else None, opened)


def deadline_on(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, END_OF_WORKDAY, tzinfo=tz)


async def open_rounds(session: AsyncSession, plan: Plan, items: Sequence[PlanItem], now: datetime, tz: ZoneInfo) -> int:
    """A round for each item that asks units to send something; an existing round keeps its deadline."""
    opened = 0
    for item in items:
        if not item.submitters:
            continue
        round_ = await round_repo.round_for_item(session, item.id)
        if round_ is None:
            day = item.due_on or quarter_end(plan.year, item.quarter)
            round_ = Round(
                year=plan.year,
                plan_item_id=item.id,
                name=item.task if len(item.task) <= MAX_ROUND_NAME else item.task[: MAX_ROUND_NAME - 1] + "…",
                kind=RoundKind(item.round_kind or RoundKind.REPORT.value),
                status=RoundStatus.OPEN,
                deadline=deadline_on(day, tz),
                created_at=now,
            )
            await round_repo.add(session, round_)
            opened += 1
        on = round_.deadline.astimezone(tz).date()
        units = await resolve(session, item.submitters, year=plan.year, on=on)
        await round_repo.set_owing_units(session, round_.id, units)
    return opened
