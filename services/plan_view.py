"""The annual plan as an officer reads it: one quarter at a time, the items that involve its unit marked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services import plan_actions
from services.access import ensure_linked
from services.actors import Actor
from services.errors import Refusal
from services.plan_import import quarter_end
from services.unit_selectors import resolve
from storage.models import Plan, PlanItem, PlanStatus
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class Party:
    """One "who" of an item: a plan group (shown by its catalogue name) or a named unit or cluster."""

    group: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ItemView:
    ref: str  # "II.1"
    task: str
    lead: Party | None
    coordinating: tuple[Party, ...]
    submitters: tuple[Party, ...]
    due_on: date | None  # the round's deadline when the item has one (the Office may have moved it)
    due_note: str | None
    optional: bool
    involved: bool
    kind: str = "submission"
    # What the item's kind has come to (services/plan_actions.py), and a notice's or invitation's answers.
    status: plan_actions.ItemStatus | None = None
    counts: dict[str, int] | None = None


@dataclass(frozen=True, slots=True)
class QuarterView:
    plan: Plan
    quarter: int
    is_current: bool  # the quarter today falls in
    items: tuple[ItemView, ...]
    unit_name: str


def default_quarter(plan_year: int, today: date) -> int:
    """The quarter today falls in; for a plan of another year, the nearest end of it."""
    if today.year < plan_year:
        return 1
    if today.year > plan_year:
        return 4
    return (today.month - 1) // 3 + 1


async def quarter_view(
    session: AsyncSession, actor: Actor, *, today: date, tz: ZoneInfo, year: int | None = None, quarter: int | None
) -> QuarterView:
    """The current plan (or the plan of ``year``), one quarter; forged years or quarters find nothing."""
    ensure_linked(actor)
    assert actor.unit_id is not None
    plan = await (round_repo.current_plan(session) if year is None else round_repo.plan_by_year(session, year))
    if plan is None or (plan.status == PlanStatus.DRAFT and not actor.is_admin):  # a draft is the Office's
        raise Refusal("plan.none" if year is None else "plan.unknown")
    if quarter is None:
        quarter = default_quarter(plan.year, today)
    if quarter not in QUARTERS:
        raise Refusal("common.stale_button")
    items = [i for i in await round_repo.plan_items(session, plan.id) if i.quarter == quarter]
    deadlines = {
        r.plan_item_id: r.deadline.astimezone(tz).date()
        for r in await round_repo.rounds(session, year=plan.year)
        if r.plan_item_id is not None
    }
    names = await _names(session, [s for i in items for s in _selectors(i)])
    involved = _Involvement(session, plan.year)
    statuses = await plan_actions.statuses(session, plan, items, today)
    views = []
    for item in items:
        on = item.due_on or quarter_end(plan.year, item.quarter)
        views.append(
            ItemView(
                ref=item.ref,
                task=item.task,
                lead=_party(item.lead, names) if item.lead else None,
                coordinating=tuple(_party(s, names) for s in item.coordinating),
                submitters=tuple(_party(s, names) for s in item.submitters),
                due_on=deadlines.get(item.id, item.due_on),
                due_note=item.due_note,
                optional=item.optional,
                involved=await involved.includes(actor.unit_id, _selectors(item), on),
                kind=item.kind,
                status=statuses[item.id][0],
                counts=statuses[item.id][1],
            )
        )
    return QuarterView(
        plan=plan,
        quarter=quarter,
        is_current=default_quarter(plan.year, today) == quarter and today.year == plan.year,
        items=tuple(views),
        unit_name=actor.unit_name or "",
    )


def _selectors(item: PlanItem) -> list[str]:
    return [*([item.lead] if item.lead else []), *map(str, item.coordinating), *map(str, item.submitters)]


def _party(selector: str, names: dict[str, str]) -> Party:
    kind, _, code = str(selector).rpartition(":")
    if not kind:
        return Party(group=code)
    return Party(name=names.get(code, code))


async def _names(session: AsyncSession, selectors: Iterable[str]) -> dict[str, str]:
    """Names of the units and clusters that items name one by one ("unit:TTS-TC", "cluster:CUM1")."""
    codes = {s.rpartition(":")[2] for s in selectors if ":" in s}
    names: dict[str, str] = {}
    for code in sorted(codes):
        unit = await unit_repo.by_code(session, code)
        if unit is not None:
            names[code] = unit.name
    return names


class _Involvement:
    """Resolves selectors once per (selector, day): a quarter repeats the same groups item after item."""

    def __init__(self, session: AsyncSession, year: int) -> None:
        self.session = session
        self.year = year
        self.cache: dict[tuple[str, date], set[int]] = {}

    async def includes(self, unit_id: int, selectors: Sequence[str], on: date) -> bool:
        for selector in selectors:
            key = (selector, on)
            if key not in self.cache:
                self.cache[key] = await resolve(self.session, [selector], year=self.year, on=on)
            if unit_id in self.cache[key]:
                return True
        return False
