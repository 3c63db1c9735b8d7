"""A fresh install runs the current year's plan: the shipped seed plan rolled over to this year.

The seed's own year is kept as history: its plan is past and its rounds are closed, so nobody is
reminded of "Đăng ký thi đua năm 2024" two years late.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit, plan_drafts, plan_import, plan_publish, plan_states
from services.reminder_policy import WorkCalendar
from storage.models import PlanStatus
from storage.repos import plan_years as repo
from storage.repos import rounds as round_repo


async def ensure_plan_in_force(session: AsyncSession, *, now: datetime, tz: ZoneInfo, calendar: WorkCalendar) -> str:
    """What was done, for the log; "" when a plan is already in force."""
    if await plan_states.plan_in_force(session) is not None:
        return ""
    today = now.astimezone(tz).date()
    done: list[str] = []
    if await repo.latest_before(session, today.year + 1) is None:
        seed = plan_import.load_default()
        in_force = seed.year >= today.year
        await plan_import.apply(session, seed, now, tz, make_current=in_force, label="khởi tạo")
        done.append(f"seed plan {seed.year} loaded")
        if in_force:
            return "; ".join(done)
        seed_plan = await round_repo.plan_by_year(session, seed.year)
        assert seed_plan is not None
        closed = await repo.close_rounds(
            session, [r.id for r in await repo.open_rounds_of_plan(session, seed_plan.id)], now
        )
        await audit.record(
            session,
            None,
            "plan.history",
            now,
            target_type="plan",
            target_id=seed_plan.id,
            label="khởi tạo",
            details={"year": seed.year, "rounds_closed": closed},
        )
        done.append(f"{closed} rounds of {seed.year} closed as history")
    this_year = await round_repo.plan_by_year(session, today.year)
    if this_year is None:
        await plan_drafts.make_draft(
            session, None, year=today.year, source_year=None, today=today, now=now, calendar=calendar
        )
        done.append(f"plan {today.year} rolled over")
    elif this_year.status != PlanStatus.DRAFT:
        await plan_states.put_in_force(session, this_year, now)
        return "; ".join([*done, f"plan {today.year} put in force"])
    published = await plan_publish.publish(session, None, year=today.year, version=None, now=now, tz=tz)
    done.append(f"plan {today.year} in force with {published.rounds_opened} rounds")
    # Rounds already past their deadline on the day of install stay visible but are not chased
    # automatically (nobody was asked for them in time); the Office resumes any in /nhacviec.
    paused = 0
    for round_ in await repo.open_rounds_of_plan(session, published.plan.id):
        if round_.deadline < now:
            round_.reminders_paused = True
            paused += 1
    if paused:
        done.append(f"{paused} rounds already past their deadline: reminders paused")
    return "; ".join(done)
