"""Reporting rounds: what a unit owes, and the Office creating and editing rounds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin, ensure_linked
from services.actors import Actor
from services.errors import NotFound, Refusal
from storage.models import Obligation, ObligationStatus, Round, RoundKind, RoundStatus
from storage.repos import rounds as round_repo

MAX_NAME = 255


@dataclass(frozen=True, slots=True)
class Task:
    """One round as a unit sees it."""

    round: Round
    obligation: Obligation
    deadline: datetime

    def days_left(self, now: datetime, tz: ZoneInfo) -> int:
        return days_left(self.deadline, now, tz)


def days_left(deadline: datetime, now: datetime, tz: ZoneInfo) -> int:
    """Calendar days to the deadline in local time: 0 is "today"; negative is days overdue (at least 1)."""
    diff = (deadline.astimezone(tz).date() - now.astimezone(tz).date()).days
    if now > deadline:
        return -max(1, -diff)
    return diff


async def tasks_of_unit(session: AsyncSession, actor: Actor, *, open_only: bool = True) -> list[Task]:
    ensure_linked(actor)
    assert actor.unit_id is not None
    rows = await round_repo.obligations_of_unit(session, actor.unit_id, open_only=open_only)
    return [Task(r, o, round_repo.effective_deadline(o, r)) for o, r in rows]


async def owed_open_round(session: AsyncSession, actor: Actor, round_id: int, *, lock: bool = False) -> Task:
    """The round, if the caller's unit owes it and it is open; forged ids find nothing."""
    ensure_linked(actor)
    assert actor.unit_id is not None
    round_ = await round_repo.round_(session, round_id)
    obligation = await round_repo.obligation(session, round_id, actor.unit_id, lock=lock)
    if round_ is None or obligation is None:
        raise NotFound("rounds.not_owed", action="round.open", target_type="round", target_id=round_id)
    if round_.status != RoundStatus.OPEN:
        raise Refusal("rounds.closed", name=round_.name)
    return Task(round_, obligation, round_repo.effective_deadline(obligation, round_))


def check_name(name: str) -> str:
    """The name as stored (spaces squeezed), or a Refusal; flows call it to refuse early."""
    name = " ".join(name.split())
    if not name:
        raise Refusal("rounds.name_empty")
    if len(name) > MAX_NAME:
        raise Refusal("common.too_long", limit=MAX_NAME)
    return name


def check_deadline(deadline: datetime, now: datetime) -> None:
    if deadline <= now:
        raise Refusal("rounds.deadline_past")


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str,
    deadline: datetime,
    unit_ids: Iterable[int],
    now: datetime,
    tz: ZoneInfo,
    kind: RoundKind = RoundKind.REPORT,
) -> Round:
    """A round created alone belongs to the year of its deadline (a plan's rounds, to the plan's year)."""
    ensure_admin(actor, "round.create")
    year = deadline.astimezone(tz).year
    units = sorted(set(unit_ids))
    if not units:
        raise Refusal("rounds.no_units")
    check_deadline(deadline, now)
    round_ = Round(
        year=year,
        name=check_name(name),
        kind=kind,
        status=RoundStatus.OPEN,
        deadline=deadline,
        created_at=now,
        created_by_id=actor.account_id,
    )
    await round_repo.add(session, round_)
    await round_repo.set_owing_units(session, round_.id, units)
    await audit.record(
        session,
        actor,
        "round.create",
        now,
        target_type="round",
        target_id=round_.id,
        details={"name": round_.name, "units": len(units), "deadline": deadline.isoformat()},
    )
    return round_


async def _editable(session: AsyncSession, actor: Actor, round_id: int, action: str) -> Round:
    ensure_admin(actor, action, target_type="round", target_id=round_id)
    round_ = await round_repo.round_(session, round_id, lock=True)
    if round_ is None:
        raise Refusal("rounds.unknown")
    return round_


async def set_deadline(session: AsyncSession, actor: Actor, round_id: int, deadline: datetime, now: datetime) -> Round:
    round_ = await _editable(session, actor, round_id, "round.deadline")
    check_deadline(deadline, now)
    previous = round_.deadline
    round_.deadline = deadline
    await audit.record(
        session,
        actor,
        "round.deadline",
        now,
        target_type="round",
        target_id=round_.id,
        details={"from": previous.isoformat(), "to": deadline.isoformat()},
    )
    return round_


async def rename(session: AsyncSession, actor: Actor, round_id: int, name: str, now: datetime) -> Round:
    round_ = await _editable(session, actor, round_id, "round.rename")
    round_.name = check_name(name)
    await audit.record(
        session, actor, "round.rename", now, target_type="round", target_id=round_.id, details={"name": round_.name}
    )
    return round_


async def set_units(
    session: AsyncSession, actor: Actor, round_id: int, unit_ids: Iterable[int], now: datetime
) -> tuple[int, int]:
    round_ = await _editable(session, actor, round_id, "round.units")
    units = set(unit_ids)
    if not units:
        raise Refusal("rounds.no_units")
    added, removed = await round_repo.set_owing_units(session, round_.id, units)
    await audit.record(
        session,
        actor,
        "round.units",
        now,
        target_type="round",
        target_id=round_.id,
        details={"added": added, "removed": removed},
    )
    return added, removed


async def set_status(session: AsyncSession, actor: Actor, round_id: int, status: RoundStatus, now: datetime) -> Round:
    round_ = await _editable(session, actor, round_id, "round.status")
    round_.status = status
    round_.closed_at = now if status == RoundStatus.CLOSED else None
    await audit.record(
        session, actor, "round.status", now, target_type="round", target_id=round_.id, details={"status": status.value}
    )
    return round_


async def open_rounds(session: AsyncSession, actor: Actor, *, year: int | None = None) -> Sequence[Round]:
    ensure_admin(actor, "round.view")
    return await round_repo.rounds(session, year=year, status=RoundStatus.OPEN)


def status_of(obligation: Obligation) -> str:
    """Catalogue key of the status a unit sees: chưa nộp / đã nộp / nộp muộn / đã tiếp nhận / bị trả lại."""
    if obligation.status == ObligationStatus.SUBMITTED and obligation.late:
        return "status.submission.late"
    return f"status.submission.{obligation.status.value}"
