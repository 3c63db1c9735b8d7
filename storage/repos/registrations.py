"""Emulation registrations: versions per (round, unit), their lines, and the Office's counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, Subquery, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, selectinload

from storage.models import (
    Obligation,
    Plan,
    PlanItem,
    Registration,
    RegistrationLine,
    RegistrationStatus,
    Round,
    RoundKind,
    Unit,
)


@dataclass(frozen=True, slots=True)
class TitleCounts:
    """How many of each code the current registrations of a round hold, people and collectives apart."""

    person_titles: dict[str, int] = field(default_factory=dict)
    person_awards: dict[str, int] = field(default_factory=dict)
    collective_titles: dict[str, int] = field(default_factory=dict)
    collective_awards: dict[str, int] = field(default_factory=dict)


def _latest_versions(round_id: int) -> Subquery:
    return (
        select(Registration.unit_id, func.max(Registration.version).label("version"))
        .where(Registration.round_id == round_id)
        .group_by(Registration.unit_id)
        .subquery()
    )


async def get(session: AsyncSession, registration_id: int) -> Registration | None:
    query = select(Registration).where(Registration.id == registration_id).options(selectinload(Registration.lines))
    return await session.scalar(query)


async def by_receipt(session: AsyncSession, receipt_code: str) -> Registration | None:
    query = (
        select(Registration).where(Registration.receipt_code == receipt_code).options(selectinload(Registration.lines))
    )
    return await session.scalar(query)


async def latest(session: AsyncSession, round_id: int, unit_id: int) -> Registration | None:
    """The unit's current registration for the round (its highest version), with its lines."""
    query = (
        select(Registration)
        .where(Registration.round_id == round_id, Registration.unit_id == unit_id)
        .order_by(Registration.version.desc())
        .limit(1)
        .options(selectinload(Registration.lines))
    )
    return await session.scalar(query)


async def versions(session: AsyncSession, round_id: int, unit_id: int) -> Sequence[Registration]:
    """Every version the unit sent for the round, newest first (lines not loaded)."""
    query = (
        select(Registration)
        .where(Registration.round_id == round_id, Registration.unit_id == unit_id)
        .order_by(Registration.version.desc())
    )
    return (await session.scalars(query)).all()


async def next_version(session: AsyncSession, round_id: int, unit_id: int) -> int:
    query = select(func.max(Registration.version)).where(
        Registration.round_id == round_id, Registration.unit_id == unit_id
    )
    return (await session.scalar(query) or 0) + 1


async def add_version(session: AsyncSession, registration: Registration) -> Registration:
    """Store a new version (with its lines) and mark the unit's earlier versions for the round superseded.

    Two versions racing for the same number fail on the unique (round, unit, version): the caller's
    transaction rolls back and nothing is half written.
    """
    await session.execute(
        update(Registration)
        .where(
            Registration.round_id == registration.round_id,
            Registration.unit_id == registration.unit_id,
            Registration.version < registration.version,
            Registration.status != RegistrationStatus.SUPERSEDED,
        )
        .values(status=RegistrationStatus.SUPERSEDED)
        .execution_options(synchronize_session=False)
    )
    session.add(registration)
    await session.flush()
    return registration


async def set_status(session: AsyncSession, registration: Registration, status: RegistrationStatus) -> None:
    registration.status = status
    await session.flush()


async def current_for_round(session: AsyncSession, round_id: int) -> Sequence[tuple[Registration, Unit]]:
    """Each unit's current registration for the round with its unit, in the units' display order."""
    newest = _latest_versions(round_id)
    query = (
        select(Registration, Unit)
        .join(newest, (Registration.unit_id == newest.c.unit_id) & (Registration.version == newest.c.version))
        .join(Unit, Unit.id == Registration.unit_id)
        .where(Registration.round_id == round_id)
        .order_by(Unit.kind, Unit.sort_order, Unit.name)
        .options(selectinload(Registration.lines))
    )
    return [(registration, unit) for registration, unit in (await session.execute(query)).all()]


async def registered_unit_ids(session: AsyncSession, round_id: int) -> set[int]:
    query = select(Registration.unit_id).where(Registration.round_id == round_id).distinct()
    return set((await session.scalars(query)).all())


def _current_ids(round_id: int) -> Select[int]:
    newest = _latest_versions(round_id)
    return (
        select(Registration.id)
        .join(newest, (Registration.unit_id == newest.c.unit_id) & (Registration.version == newest.c.version))
        .where(Registration.round_id == round_id)
    )


async def _count(
    session: AsyncSession, column: InstrumentedAttribute[str | None], owner: InstrumentedAttribute[int], round_id: int
) -> dict[str, int]:
    query = select(column, func.count()).where(owner.in_(_current_ids(round_id)), column.is_not(None)).group_by(column)
    return {code: n for code, n in (await session.execute(query)).all() if code is not None}


async def title_counts(session: AsyncSession, round_id: int) -> TitleCounts:
    """Counts over the current versions only: a unit that re-sent is counted once, as it is now."""
    line_owner, registration = RegistrationLine.registration_id, Registration.id
    return TitleCounts(
        person_titles=await _count(session, RegistrationLine.title_code, line_owner, round_id),
        person_awards=await _count(session, RegistrationLine.award_code, line_owner, round_id),
        collective_titles=await _count(session, Registration.collective_title_code, registration, round_id),
        collective_awards=await _count(session, Registration.collective_award_code, registration, round_id),
    )


async def registration_rounds(session: AsyncSession, *, year: int | None = None) -> Sequence[Round]:
    """The registration rounds (Round.kind registration), newest year first."""
    query = select(Round).where(Round.kind == RoundKind.REGISTRATION).order_by(Round.year.desc(), Round.deadline.desc())
    if year is not None:
        query = query.where(Round.year == year)
    return (await session.scalars(query)).all()


async def plan_of_round(session: AsyncSession, round_: Round) -> Plan | None:
    """The plan whose item opened the round (its number and date are quoted to the units)."""
    if round_.plan_item_id is None:
        return None
    query = select(Plan).join(PlanItem, PlanItem.plan_id == Plan.id).where(PlanItem.id == round_.plan_item_id)
    return await session.scalar(query)


async def owing_units(session: AsyncSession, round_id: int) -> Sequence[tuple[Obligation, Unit]]:
    """Every unit that owes the round, whatever its status, in the units' display order."""
    query = (
        select(Obligation, Unit)
        .join(Unit, Unit.id == Obligation.unit_id)
        .where(Obligation.round_id == round_id)
        .order_by(Unit.kind, Unit.sort_order, Unit.name)
    )
    return [(obligation, unit) for obligation, unit in (await session.execute(query)).all()]
