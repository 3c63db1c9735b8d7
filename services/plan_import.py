"""Putting a plan file into the database and opening a reporting round for each item that asks units
to send something. Re-importing updates the plan in place and never drops a unit's submissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from schedules.plan_file import PlanFile, PlanItemSpec, UnitSelector, default_plan_path, load_plan_file
from services import audit, plan_states
from services.unit_selectors import resolve, selector_text
from storage.models import Plan, PlanItem, PlanStatus, Round, RoundKind, RoundStatus
from storage.repos import rounds as round_repo

END_OF_WORKDAY = time(17, 0)


@dataclass(frozen=True, slots=True)
class PlanImportResult:
    year: int
    items: int
    rounds_created: int
    rounds_updated: int


def _selectors(values: list[UnitSelector]) -> list[str]:
    return [selector_text(s.kind, s.code) for s in values]


def quarter_end(year: int, quarter: int) -> date:
    first_of_next = date(year + (quarter == 4), 1 if quarter == 4 else quarter * 3 + 1, 1)
    return first_of_next - timedelta(days=1)


def deadline_of(spec: PlanItemSpec, year: int, tz: ZoneInfo) -> datetime:
    """The item's due date at 17:00 local; without one, the end of its quarter (the Office edits it)."""
    day = spec.due or quarter_end(year, spec.quarter)
    return datetime.combine(day, END_OF_WORKDAY, tzinfo=tz)


def round_name(spec: PlanItemSpec) -> str:
    return spec.task if len(spec.task) <= 255 else spec.task[:254] + "…"


async def apply(
    session: AsyncSession, plan: PlanFile, now: datetime, tz: ZoneInfo, *, make_current: bool = True, label: str
) -> PlanImportResult:
    row = await round_repo.plan_by_year(session, plan.year)
    if row is None:
        row = Plan(
            year=plan.year,
            title=plan.title,
            issuer=plan.issuer,
            signer=plan.signer,
            signer_title=plan.signer_title,
            imported_at=now,
            status=PlanStatus.DRAFT,
        )
        session.add(row)
    row.number, row.issued_on, row.title, row.issuer = plan.number, plan.date, plan.title, plan.issuer
    row.signer, row.signer_title, row.imported_at = plan.signer, plan.signer_title, now
    in_force = await plan_states.plan_in_force(session)
    if make_current and (in_force is None or in_force.year <= plan.year):  # history never replaces a later plan
        await plan_states.put_in_force(session, row, now)
    elif row.status == PlanStatus.DRAFT:
        row.status = PlanStatus.PAST  # imported as history: a draft is made by `plan new` only
    await session.flush()
    existing = {(i.quarter, i.item_no): i for i in await round_repo.plan_items(session, row.id)}
    created = updated = 0
    for spec in plan.items:
        item = existing.get((spec.quarter, spec.item_no))
        if item is None:
            item = PlanItem(plan_id=row.id, quarter=spec.quarter, item_no=spec.item_no, task=spec.task, kind=spec.kind)
            session.add(item)
        item.task, item.kind, item.lead = spec.task, spec.kind.value, spec.lead.value if spec.lead else None
        item.coordinating, item.submitters = _selectors(spec.coordinating), _selectors(spec.submitters)
        item.deliverable, item.due_on, item.due_note = spec.deliverable, spec.due, spec.due_note
        item.optional, item.conditional, item.note = spec.optional, spec.conditional, spec.note
        item.round_kind = spec.round_kind if spec.creates_round else None
        await session.flush()
        if spec.creates_round:
            was_new = await _ensure_round(session, item, spec, plan.year, now, tz)
            created += was_new
            updated += not was_new
    await audit.record(
        session,
        None,
        "plan.import",
        now,
        target_type="plan",
        target_id=row.id,
        label=label,
        details={"year": plan.year, "items": len(plan.items), "rounds_created": created},
    )
    return PlanImportResult(plan.year, len(plan.items), created, updated)


async def _ensure_round(
    session: AsyncSession, item: PlanItem, spec: PlanItemSpec, year: int, now: datetime, tz: ZoneInfo
) -> bool:
    """Open the item's round, or bring its owing units up to date; an edited deadline is kept."""
    existing = await round_repo.round_for_item(session, item.id)
    if existing is None:
        existing = Round(
            year=year,
            plan_item_id=item.id,
            name=round_name(spec),
            kind=RoundKind(spec.round_kind),
            status=RoundStatus.OPEN,
            deadline=deadline_of(spec, year, tz),
            created_at=now,
        )
        session.add(existing)
        await session.flush()
        created = True
    else:
        created = False
    on = existing.deadline.astimezone(tz).date()
    units = await resolve(session, item.submitters, year=year, on=on)
    await round_repo.set_owing_units(session, existing.id, units)
    return created


def load_default() -> PlanFile:
    return load_plan_file(default_plan_path())
