"""Kết thúc năm: an admin closes what is still open of a past year, after seeing who never sent it.

Nothing is deleted: the obligations stay "chưa nộp" in the record and in the year's export; a
closed round is never reminded again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from storage.models import PlanStatus, Round, RoundStatus, Unit
from storage.repos import plan_years as repo
from storage.repos import rounds as round_repo


@dataclass(frozen=True, slots=True)
class YearToClose:
    year: int
    rounds: list[tuple[Round, list[Unit]]]  # each open round with the units still missing it


async def preview(session: AsyncSession, actor: Actor, year: int) -> YearToClose:
    ensure_admin(actor, "plan.close_year", target_type="plan", target_id=year)
    plan = await round_repo.plan_by_year(session, year)
    if plan is not None and plan.status != PlanStatus.PAST:
        raise Refusal("plans.close_not_past", year=year)
    if plan is None:
        in_force = await round_repo.current_plan(session)
        if in_force is None or in_force.year <= year:
            raise Refusal("plans.close_not_past", year=year)
    open_rounds = list(await repo.open_rounds_of_year(session, year))
    missing = await repo.still_owing(session, [r.id for r in open_rounds])
    return YearToClose(year, [(r, missing.get(r.id, [])) for r in open_rounds])


async def close_year(session: AsyncSession, actor: Actor, year: int, round_ids: list[int], now: datetime) -> int:
    """Close the rounds the admin saw in the preview (a round opened since is left for another look)."""
    seen = await preview(session, actor, year)
    ids = [r.id for r, _ in seen.rounds if r.id in set(round_ids)]
    missing = {r.id: [u.code for u in units] for r, units in seen.rounds if r.id in set(ids)}
    closed = await repo.close_rounds(session, ids, now)
    await audit.record(
        session,
        actor,
        "plan.close_year",
        now,
        target_type="plan",
        target_id=year,
        details={"year": year, "rounds": ids, "closed": closed, "missing": missing},
    )
    return closed


async def years_to_close(session: AsyncSession) -> list[int]:
    """Past years that still have open rounds, for the admin's menu."""
    in_force = await round_repo.current_plan(session)
    limit = in_force.year if in_force is not None else None
    years = {r.year for r in await round_repo.rounds(session, status=RoundStatus.OPEN)}
    return sorted(y for y in years if limit is not None and y < limit)
