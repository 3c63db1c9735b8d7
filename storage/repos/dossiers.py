"""Nomination dossiers, nominees, documents (storage/models/dossiers.py), and the registration facts
eligibility needs. Never commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import (
    Dossier,
    DossierDocument,
    DossierNominee,
    Registration,
    RegistrationStatus,
    Round,
)


async def add(session: AsyncSession, row: Dossier | DossierNominee | DossierDocument) -> None:
    session.add(row)
    await session.flush()


async def dossier(session: AsyncSession, dossier_id: int, *, lock: bool = False) -> Dossier | None:
    query = select(Dossier).where(Dossier.id == dossier_id)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def nominees(session: AsyncSession, dossier_id: int) -> Sequence[DossierNominee]:
    query = select(DossierNominee).where(DossierNominee.dossier_id == dossier_id).order_by(DossierNominee.id)
    return (await session.scalars(query)).all()


async def nominee(session: AsyncSession, nominee_id: int) -> DossierNominee | None:
    return await session.get(DossierNominee, nominee_id)


async def nominee_exists(session: AsyncSession, year: int, subject_key: str, award_code: str) -> bool:
    query = select(DossierNominee.id).where(
        DossierNominee.year == year, DossierNominee.subject_key == subject_key, DossierNominee.award_code == award_code
    )
    return await session.scalar(query.limit(1)) is not None


async def unit_award_counts(session: AsyncSession, unit_id: int, year: int) -> dict[str, int]:
    """How many nominees of the unit's dossiers that year are proposed for each award."""
    query = (
        select(DossierNominee.award_code, func.count())
        .join(Dossier, Dossier.id == DossierNominee.dossier_id)
        .where(Dossier.unit_id == unit_id, Dossier.year == year)
        .group_by(DossierNominee.award_code)
    )
    return {code: int(n) for code, n in (await session.execute(query)).all()}


async def documents(session: AsyncSession, dossier_id: int) -> Sequence[DossierDocument]:
    query = select(DossierDocument).where(DossierDocument.dossier_id == dossier_id).order_by(DossierDocument.id)
    return (await session.scalars(query)).all()


async def current_registrations(session: AsyncSession, unit_id: int, year: int) -> Sequence[Registration]:
    """The unit's registrations in force that year (every round of the year, latest versions only)."""
    query = (
        select(Registration)
        .join(Round, Round.id == Registration.round_id)
        .where(
            Registration.unit_id == unit_id,
            Round.year == year,
            Registration.status != RegistrationStatus.SUPERSEDED,
        )
        .options(selectinload(Registration.lines))
    )
    return (await session.scalars(query)).all()


async def dossiers_of(session: AsyncSession, year: int, unit_ids: Sequence[int] | None = None) -> Sequence[Dossier]:
    """The year's dossiers, of the given units or all of them, newest first."""
    query = select(Dossier).where(Dossier.year == year).order_by(Dossier.id.desc())
    if unit_ids is not None:
        query = query.where(Dossier.unit_id.in_(unit_ids))
    return (await session.scalars(query)).all()
