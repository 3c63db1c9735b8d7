"""Plans, rounds, obligations and submissions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Obligation,
    ObligationStatus,
    Plan,
    PlanItem,
    PlanStatus,
    Round,
    RoundStatus,
    Submission,
    SubmissionFile,
    Unit,
)


async def plan_by_year(session: AsyncSession, year: int) -> Plan | None:
    return await session.scalar(select(Plan).where(Plan.year == year))


async def current_plan(session: AsyncSession) -> Plan | None:
    return await session.scalar(
        select(Plan).where(Plan.status == PlanStatus.IN_FORCE).order_by(Plan.year.desc()).limit(1)
    )


async def plan_items(session: AsyncSession, plan_id: int) -> Sequence[PlanItem]:
    query = select(PlanItem).where(PlanItem.plan_id == plan_id).order_by(PlanItem.quarter, PlanItem.item_no)
    return (await session.scalars(query)).all()


# The statements a chat's message runs most (/nhiemvu, /nopbaocao, a round's button), built once: a
# statement built per call costs more Python than running it (bench/README.md).
_ROUND = select(Round).where(Round.id == bindparam("round_id"))
_ROUND_LOCKED = _ROUND.with_for_update()
_OBLIGATION = select(Obligation).where(
    Obligation.round_id == bindparam("round_id"), Obligation.unit_id == bindparam("unit_id")
)
_OBLIGATION_LOCKED = _OBLIGATION.with_for_update()
_OF_UNIT = (
    select(Obligation, Round)
    .join(Round, Round.id == Obligation.round_id)
    .where(Obligation.unit_id == bindparam("unit_id"))
    .order_by(Round.deadline, Round.id)
)
_OPEN_OF_UNIT = _OF_UNIT.where(Round.status == RoundStatus.OPEN)
_ITEMS = cast(Table, PlanItem.__table__)  # columns only: a Core statement skips the ORM's compile step
_ITEM_REFS = select(_ITEMS.c.id, _ITEMS.c.quarter, _ITEMS.c.item_no).where(
    _ITEMS.c.id.in_(bindparam("ids", expanding=True))
)


async def round_(session: AsyncSession, round_id: int, *, lock: bool = False) -> Round | None:
    return await session.scalar(_ROUND_LOCKED if lock else _ROUND, {"round_id": round_id})


async def round_for_item(session: AsyncSession, plan_item_id: int) -> Round | None:
    return await session.scalar(select(Round).where(Round.plan_item_id == plan_item_id))


async def rounds(
    session: AsyncSession, *, year: int | None = None, status: RoundStatus | None = None
) -> Sequence[Round]:
    query = select(Round).order_by(Round.deadline, Round.id)
    if year is not None:
        query = query.where(Round.year == year)
    if status is not None:
        query = query.where(Round.status == status)
    return (await session.scalars(query)).all()


async def obligation(session: AsyncSession, round_id: int, unit_id: int, *, lock: bool = False) -> Obligation | None:
    query = _OBLIGATION_LOCKED if lock else _OBLIGATION
    return await session.scalar(query, {"round_id": round_id, "unit_id": unit_id})


async def obligations_of_round(session: AsyncSession, round_id: int) -> Sequence[Obligation]:
    return (await session.scalars(select(Obligation).where(Obligation.round_id == round_id))).all()


async def obligations_of_unit(
    session: AsyncSession, unit_id: int, *, open_only: bool = True
) -> Sequence[tuple[Obligation, Round]]:
    query = _OPEN_OF_UNIT if open_only else _OF_UNIT
    return [(o, r) for o, r in (await session.execute(query, {"unit_id": unit_id})).all()]


async def set_owing_units(session: AsyncSession, round_id: int, unit_ids: Iterable[int]) -> tuple[int, int]:
    """Make exactly these units owe the round; units with a submission are never dropped silently."""
    wanted = set(unit_ids)
    current = {o.unit_id: o for o in await obligations_of_round(session, round_id)}
    added = 0
    for unit_id in sorted(wanted - current.keys()):
        session.add(Obligation(round_id=round_id, unit_id=unit_id, status=ObligationStatus.MISSING))
        added += 1
    removed = 0
    for unit_id, row in current.items():
        if unit_id not in wanted and row.versions == 0:
            await session.delete(row)
            removed += 1
    await session.flush()
    return added, removed


async def submission(session: AsyncSession, submission_id: int, *, lock: bool = False) -> Submission | None:
    query = select(Submission).where(Submission.id == submission_id)
    return await session.scalar(query.with_for_update() if lock else query)


async def submissions_of(session: AsyncSession, round_id: int, unit_id: int) -> Sequence[Submission]:
    query = (
        select(Submission)
        .where(Submission.round_id == round_id, Submission.unit_id == unit_id)
        .order_by(Submission.version.desc())
    )
    return (await session.scalars(query)).all()


async def files_of(session: AsyncSession, submission_ids: Sequence[int]) -> dict[int, list[SubmissionFile]]:
    if not submission_ids:
        return {}
    query = select(SubmissionFile).where(SubmissionFile.submission_id.in_(submission_ids)).order_by(SubmissionFile.id)
    result: dict[int, list[SubmissionFile]] = {}
    for row in (await session.scalars(query)).all():
        result.setdefault(row.submission_id, []).append(row)
    return result


async def status_counts(session: AsyncSession, round_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Per round: how many owing units are in each status, plus late ones — one set-based query.

    Keys: "total", each status value, "late" (late among units that submitted) and "late_<status>"
    (late among units in that status, so on-time/late can be told apart within a status).
    """
    if not round_ids:
        return {}
    query = (
        select(Obligation.round_id, Obligation.status, Obligation.late, func.count())
        .where(Obligation.round_id.in_(round_ids))
        .group_by(Obligation.round_id, Obligation.status, Obligation.late)
    )
    result: dict[int, dict[str, int]] = {rid: {} for rid in round_ids}
    for round_id, status, late, n in (await session.execute(query)).all():
        counts = result[round_id]
        counts[status.value] = counts.get(status.value, 0) + n
        counts["total"] = counts.get("total", 0) + n
        if late and status != ObligationStatus.MISSING:
            counts["late"] = counts.get("late", 0) + n
            counts[f"late_{status.value}"] = counts.get(f"late_{status.value}", 0) + n
    return result


async def owing_units(session: AsyncSession, round_id: int) -> Sequence[tuple[Obligation, Unit]]:
    query = (
        select(Obligation, Unit)
        .join(Unit, Unit.id == Obligation.unit_id)
        .where(
            Obligation.round_id == round_id,
            Obligation.status.in_([ObligationStatus.MISSING, ObligationStatus.RETURNED]),
        )
        .order_by(Unit.kind, Unit.sort_order, Unit.name)
    )
    return [(o, u) for o, u in (await session.execute(query)).all()]


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


def effective_deadline(obligation: Obligation, round_: Round) -> datetime:
    return obligation.due_at or round_.deadline


async def plan_item_refs(session: AsyncSession, item_ids: Iterable[int]) -> dict[int, str]:
    """ "II.1"-style numbers of plan items, for labelling their rounds."""
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    rows = await session.execute(_ITEM_REFS, {"ids": ids})
    return {item_id: f"{('I', 'II', 'III', 'IV')[quarter - 1]}.{no}" for item_id, quarter, no in rows.all()}
