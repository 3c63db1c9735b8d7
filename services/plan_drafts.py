"""Next year's plan as a draft: made from an earlier plan by the rollover, then edited item by item.

Every edit names the draft's version the editor saw; an edit or a publish made on an older view is
refused ("plans.changed"), so an admin never confirms what another has just changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from services.plan_publish import open_rounds
from services.plan_rollover import Directory, ItemData, Rollover, UnitFact, roll
from services.reminder_policy import WorkCalendar
from storage.models import Plan, PlanItem, PlanStatus
from storage.repos import plan_years as repo
from storage.repos import rounds as round_repo

EDITABLE_KINDS = ("submission", "meeting", "notice", "internal", "decision", "outbound")
LEADS = ("VP", "CUM", "TTS", "TTH", "PNV", "HD", "CTT")
MAX_TASK = 2000


@dataclass(frozen=True, slots=True)
class NewPlan:
    rollover: Rollover
    plan: Plan | None  # None for a dry run
    replaced: bool


def item_data(row: PlanItem) -> ItemData:
    return ItemData(
        quarter=row.quarter,
        item_no=row.item_no,
        task=row.task,
        kind=row.kind,
        lead=row.lead,
        coordinating=tuple(str(s) for s in row.coordinating or ()),
        submitters=tuple(str(s) for s in row.submitters or ()),
        deliverable=row.deliverable,
        due_on=row.due_on,
        due_note=row.due_note,
        optional=row.optional,
        conditional=row.conditional,
        note=row.note,
        round_kind=row.round_kind,
        planned_on=row.planned_on,
    )


def _write(row: PlanItem, data: ItemData) -> None:
    row.task, row.kind, row.lead = data.task, data.kind, data.lead
    row.coordinating, row.submitters = list(data.coordinating), list(data.submitters)
    row.deliverable, row.due_on, row.due_note = data.deliverable, data.due_on, data.due_note
    row.optional, row.conditional, row.note = data.optional, data.conditional, data.note
    row.round_kind, row.planned_on = data.round_kind, data.planned_on


async def directory(session: AsyncSession) -> Directory:
    units = await repo.all_units(session)
    codes = {u.id: u.code for u in units}
    return Directory(
        UnitFact(u.code, u.name, u.kind.value, u.valid_from, u.valid_to, codes.get(u.merged_into_id or 0))
        for u in units
    )


def _authorize(actor: Actor | None, action: str) -> None:
    if actor is not None:  # None: the command line, run by whoever runs the server
        ensure_admin(actor, action)


async def make_draft(
    session: AsyncSession,
    actor: Actor | None,
    *,
    year: int,
    source_year: int | None,
    today: date,
    now: datetime,
    calendar: WorkCalendar,
    replace_existing: bool = False,
    dry_run: bool = False,
) -> NewPlan:
    """The plan for ``year`` rolled over from ``source_year`` (default: the latest earlier plan)."""
    _authorize(actor, "plan.new")
    if year < today.year:
        raise Refusal("plans.past_year", year=year, today=today.year)
    source = await (
        round_repo.plan_by_year(session, source_year) if source_year is not None else repo.latest_before(session, year)
    )
    if source is None or source.year >= year or source.status == PlanStatus.DRAFT:
        raise Refusal("plans.no_source", year=source_year if source_year is not None else year - 1)
    existing = await round_repo.plan_by_year(session, year)
    if existing is not None and not replace_existing:
        raise Refusal("plans.exists", year=year)
    units = await directory(session)
    issuer = next((u.code for u in units.by_code.values() if u.name == source.issuer), None)
    rows = await round_repo.plan_items(session, source.id)
    rollover = roll(
        [item_data(r) for r in rows],
        title=source.title,
        source_year=source.year,
        year=year,
        directory=units,
        calendar=calendar,
        issuer_code=issuer,
    )
    if dry_run:
        return NewPlan(rollover, None, existing is not None)
    plan = existing or Plan(year=year, status=PlanStatus.DRAFT, version=1, imported_at=now)
    plan.title, plan.issuer, plan.signer, plan.signer_title = (
        rollover.title,
        source.issuer,
        source.signer,
        source.signer_title,
    )
    plan.number, plan.issued_on, plan.source_year, plan.imported_at = None, None, source.year, now
    if existing is None:
        session.add(plan)
    else:
        plan.version += 1
    await session.flush()
    await _store_items(session, plan, rollover.items)
    if plan.status == PlanStatus.IN_FORCE:  # replacing the plan in force: its rounds follow its items
        await open_rounds(session, plan, await round_repo.plan_items(session, plan.id), now, calendar.tz)
    await audit.record(
        session,
        actor,
        "plan.new",
        now,
        target_type="plan",
        target_id=plan.id,
        label=None if actor else "cli",
        details={"year": year, "from": source.year, "items": len(rollover.items), "replace": existing is not None},
    )
    return NewPlan(rollover, plan, existing is not None)


async def _store_items(session: AsyncSession, plan: Plan, items: Sequence[ItemData]) -> None:
    """Items written in place by (quarter, number): a replaced plan keeps its rounds and what units sent."""
    existing = {(i.quarter, i.item_no): i for i in await round_repo.plan_items(session, plan.id)}
    wanted = {(i.quarter, i.item_no) for i in items}
    await repo.delete_items(session, [row.id for key, row in existing.items() if key not in wanted])
    for data in items:
        row = existing.get((data.quarter, data.item_no))
        if row is None:
            row = PlanItem(plan_id=plan.id, quarter=data.quarter, item_no=data.item_no)
            session.add(row)
        _write(row, data)
    await session.flush()


async def draft_of(session: AsyncSession, year: int) -> Plan:
    plan = await round_repo.plan_by_year(session, year)
    if plan is None:
        raise Refusal("plans.none_year", year=year)
    if plan.status != PlanStatus.DRAFT:
        raise Refusal("plans.not_draft", year=year)
    return plan


async def draft_item(session: AsyncSession, plan_id: int, item_id: int) -> PlanItem:
    row = await repo.item(session, plan_id, item_id)
    if row is None:
        raise Refusal("plans.item_unknown")
    return row


async def items_of(session: AsyncSession, plan_id: int) -> Sequence[PlanItem]:
    return await round_repo.plan_items(session, plan_id)


@dataclass(frozen=True, slots=True)
class ItemEdit:
    """One change to a draft item; fields left None stay as they are."""

    due_on: date | None = None
    task: str | None = None
    lead: str | None = None
    submitters: tuple[str, ...] | None = None
    kind: str | None = None


async def edit_item(
    session: AsyncSession, actor: Actor, *, year: int, version: int, item_id: int, change: ItemEdit, now: datetime
) -> tuple[Plan, PlanItem]:
    ensure_admin(actor, "plan.edit", target_type="plan_item", target_id=item_id)
    plan = await draft_of(session, year)
    row = await repo.item(session, plan.id, item_id, lock=True)
    if row is None:
        raise Refusal("plans.item_unknown")
    data = item_data(row)
    if change.due_on is not None and change.due_on.year < plan.year:
        raise Refusal("plans.deadline_before_year", year=plan.year)
    if change.task is not None and not change.task.strip():
        raise Refusal("plans.task_empty")
    if change.task is not None and len(change.task) > MAX_TASK:
        raise Refusal("common.too_long", limit=MAX_TASK)
    if change.kind is not None and change.kind not in EDITABLE_KINDS:
        raise Refusal("common.stale_button")
    if change.lead is not None and change.lead not in LEADS:
        raise Refusal("common.stale_button")
    updated = replace(
        data,
        due_on=change.due_on or data.due_on,
        planned_on=change.due_on or data.planned_on,  # a date the Office chose is the one meant
        task=" ".join(change.task.split()) if change.task is not None else data.task,
        lead=change.lead or data.lead,
        submitters=change.submitters if change.submitters is not None else data.submitters,
        kind=change.kind or data.kind,
    )
    if not await repo.bump_version(session, plan.id, version):
        raise Refusal("plans.changed", year=year)
    _write(row, updated)
    await session.flush()
    await session.refresh(plan)
    await audit.record(
        session,
        actor,
        "plan.edit",
        now,
        target_type="plan_item",
        target_id=row.id,
        details={"year": year, "ref": data.ref, **_diff(data, updated)},
    )
    return plan, row


def _diff(before: ItemData, after: ItemData) -> dict[str, str]:
    fields = ("due_on", "task", "lead", "submitters", "kind")
    return {name: str(getattr(after, name)) for name in fields if getattr(before, name) != getattr(after, name)}
