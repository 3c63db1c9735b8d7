"""Set-based reads for the Excel export: one query per table for a whole year, plain rows, no ORM objects.

60,000 obligations come back as tuples in one round trip; building ORM instances for them would
cost more than the query itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Account,
    AccountRole,
    AccountStatus,
    Obligation,
    ObligationStatus,
    PlanItem,
    Round,
    RoundKind,
    RoundStatus,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    Unit,
    UnitKind,
)


class UnitRow(NamedTuple):
    id: int
    code: str
    name: str
    kind: UnitKind
    valid_from: date | None
    valid_to: date | None
    merged_into_id: int | None


class RoundRow(NamedTuple):
    id: int
    name: str
    kind: RoundKind
    status: RoundStatus
    deadline: datetime
    quarter: int | None
    item_no: int | None


class ObligationRow(NamedTuple):
    round_id: int
    unit_id: int
    status: ObligationStatus
    late: bool
    last_submitted_at: datetime | None


class SubmissionRow(NamedTuple):
    id: int
    round_id: int
    unit_id: int
    version: int
    receipt_code: str
    submitted_at: datetime
    late: bool
    status: SubmissionStatus
    note: str | None
    review_note: str | None


class OfficerRow(NamedTuple):
    unit_id: int
    display_name: str
    role: AccountRole | None


async def units(session: AsyncSession) -> list[UnitRow]:
    """Every unit, in the order the Office reads them: by kind (Văn phòng, phòng, sở, huyện, cụm), then the
    unit file's order. Sorted here because the kind column holds codes, whose alphabetical order is not that."""
    query = select(
        Unit.id, Unit.code, Unit.name, Unit.kind, Unit.valid_from, Unit.valid_to, Unit.merged_into_id, Unit.sort_order
    )
    rows = (await session.execute(query)).all()
    order = list(UnitKind)
    rows = sorted(rows, key=lambda r: (order.index(r.kind), r.sort_order, r.name))
    return [UnitRow._make(row[:7]) for row in rows]


async def rounds_of_year(session: AsyncSession, year: int) -> list[RoundRow]:
    query = (
        select(Round.id, Round.name, Round.kind, Round.status, Round.deadline, PlanItem.quarter, PlanItem.item_no)
        .outerjoin(PlanItem, PlanItem.id == Round.plan_item_id)
        .where(Round.year == year)
        .order_by(Round.deadline, Round.id)
    )
    return [RoundRow._make(row) for row in (await session.execute(query)).all()]


async def obligations_of_year(session: AsyncSession, year: int) -> list[ObligationRow]:
    query = (
        select(
            Obligation.round_id,
            Obligation.unit_id,
            Obligation.status,
            Obligation.late,
            Obligation.last_submitted_at,
        )
        .join(Round, Round.id == Obligation.round_id)
        .where(Round.year == year)
    )
    return [ObligationRow._make(row) for row in (await session.execute(query)).all()]


async def submissions_of_year(session: AsyncSession, year: int) -> list[SubmissionRow]:
    """Every version of every submission of the year (the caller orders them)."""
    query = (
        select(
            Submission.id,
            Submission.round_id,
            Submission.unit_id,
            Submission.version,
            Submission.receipt_code,
            Submission.submitted_at,
            Submission.late,
            Submission.status,
            Submission.note,
            Submission.review_note,
        )
        .join(Round, Round.id == Submission.round_id)
        .where(Round.year == year)
    )
    return [SubmissionRow._make(row) for row in (await session.execute(query)).all()]


async def file_names_of_year(session: AsyncSession, year: int) -> dict[int, list[str]]:
    """File names per submission id. Joined in Python: GROUP_CONCAT and string_agg differ by backend."""
    query = (
        select(SubmissionFile.submission_id, SubmissionFile.file_name)
        .join(Submission, Submission.id == SubmissionFile.submission_id)
        .join(Round, Round.id == Submission.round_id)
        .where(Round.year == year)
        .order_by(SubmissionFile.submission_id, SubmissionFile.id)
    )
    names: dict[int, list[str]] = {}
    for submission_id, file_name in (await session.execute(query)).all():
        names.setdefault(submission_id, []).append(file_name)
    return names


async def active_officers(session: AsyncSession) -> list[OfficerRow]:
    """Accounts that currently act for a unit (officers, leaders, admins), by unit and name."""
    query = (
        select(Account.unit_id, Account.display_name, Account.role)
        .where(Account.status == AccountStatus.ACTIVE, Account.unit_id.is_not(None), Account.role.is_not(None))
        .order_by(Account.unit_id, Account.display_name)
    )
    return [OfficerRow._make(row) for row in (await session.execute(query)).all()]


async def years_with_rounds(session: AsyncSession) -> Sequence[int]:
    query = select(Round.year).distinct().order_by(Round.year)
    return (await session.scalars(query)).all()
