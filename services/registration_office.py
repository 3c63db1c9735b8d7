"""What the Office, the leadership and cluster heads see of the registrations, and the Office reopening one.

- Admins and leaders (:func:`services.access.ensure_can_view_overview`): per round, the units registered
  and not, counts by title (individuals and collectives apart), a unit's registration in full, its scan.
- The head unit of a cluster (cụm trưởng that year): its members' registration status, read-only.
- Admins: reopen a unit's registration after the deadline until a date (the obligation's ``due_at``).
- :func:`register_rows`: the current registrations of a year, for the consolidated register sheet
  (services/export_registration.py) of the ``/xuat`` workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin, ensure_can_view_overview
from services.actors import Actor
from services.errors import DeniedAction, NotFound, Refusal
from storage.models import Account, Obligation, Registration, Round, RoundKind, RoundStatus, Unit
from storage.repos import accounts as account_repo
from storage.repos import registrations as registration_repo
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo
from storage.repos.registrations import TitleCounts

__all__ = [
    "ClusterStatus",
    "Overview",
    "Reopened",
    "UnitRegistration",
    "check_reopen",
    "cluster_rounds",
    "cluster_status",
    "overview",
    "register_export",
    "register_rows",
    "registration_round",
    "reopen",
    "rounds_for_office",
    "scan_of",
    "sees_everything",
    "unit_registration",
]


async def rounds_for_office(session: AsyncSession, actor: Actor) -> Sequence[Round]:
    ensure_can_view_overview(actor, "registration.overview")
    return await registration_repo.registration_rounds(session)


async def registration_round(session: AsyncSession, round_id: int) -> Round:
    """A registration round by id; a forged id or a report round finds nothing."""
    round_ = await round_repo.round_(session, round_id)
    if round_ is None or round_.kind is not RoundKind.REGISTRATION:
        raise Refusal("rounds.unknown")
    return round_


@dataclass(frozen=True, slots=True)
class Overview:
    round: Round
    owing: Sequence[tuple[Obligation, Unit]]
    current: Sequence[tuple[Registration, Unit]]
    counts: TitleCounts

    @property
    def registered_ids(self) -> set[int]:
        return {unit.id for _, unit in self.current}

    @property
    def missing(self) -> list[tuple[Obligation, Unit]]:
        registered = self.registered_ids
        return [(obligation, unit) for obligation, unit in self.owing if unit.id not in registered]

    @property
    def done(self) -> int:
        return len(self.owing) - len(self.missing)

    @property
    def warned(self) -> int:
        return sum(1 for registration, _ in self.current if registration.warnings)


async def overview(session: AsyncSession, actor: Actor, round_id: int) -> Overview:
    ensure_can_view_overview(actor, "registration.overview")
    round_ = await registration_round(session, round_id)
    return Overview(
        round=round_,
        owing=await registration_repo.owing_units(session, round_id),
        current=await registration_repo.current_for_round(session, round_id),
        counts=await registration_repo.title_counts(session, round_id),
    )


@dataclass(frozen=True, slots=True)
class UnitRegistration:
    round: Round
    unit: Unit
    obligation: Obligation | None
    latest: Registration | None  # with its lines
    versions: Sequence[Registration]  # newest first
    sent_by: Account | None


async def unit_registration(session: AsyncSession, actor: Actor, round_id: int, unit_id: int) -> UnitRegistration:
    ensure_can_view_overview(actor, "registration.view")
    round_ = await registration_round(session, round_id)
    unit = await unit_repo.get(session, unit_id)
    if unit is None:
        raise NotFound("reg.unknown_registration", action="registration.view", target_type="unit", target_id=unit_id)
    latest = await registration_repo.latest(session, round_id, unit_id)
    sent_by = await account_repo.get(session, latest.created_by_id) if latest and latest.created_by_id else None
    return UnitRegistration(
        round=round_,
        unit=unit,
        obligation=await round_repo.obligation(session, round_id, unit_id),
        latest=latest,
        versions=await registration_repo.versions(session, round_id, unit_id),
        sent_by=sent_by,
    )


async def scan_of(
    session: AsyncSession, actor: Actor, registration_id: int, now: dt.datetime
) -> tuple[Registration, Unit]:
    """A registration (any version) whose signed scan the Office wants back: the read is audited."""
    ensure_can_view_overview(actor, "registration.scan")
    registration = await registration_repo.get(session, registration_id)
    if registration is None or registration.scan_sha256 is None:
        raise NotFound(
            "reg.unknown_registration",
            action="registration.scan",
            target_type="registration",
            target_id=registration_id,
        )
    unit = await unit_repo.get(session, registration.unit_id)
    assert unit is not None
    await audit.record(
        session,
        actor,
        "registration.scan",
        now,
        target_type="registration",
        target_id=registration.id,
        details={"unit_id": unit.id, "round_id": registration.round_id, "version": registration.version},
    )
    return registration, unit


async def register_export(session: AsyncSession, actor: Actor, round_id: int, now: dt.datetime) -> Overview:
    """The round's register for the Office's Excel file; the export is audited."""
    view = await overview(session, actor, round_id)
    await audit.record(
        session,
        actor,
        "registration.export",
        now,
        target_type="round",
        target_id=round_id,
        details={"units": len(view.current), "year": view.round.year},
    )
    return view


# ---------------------------------------------------------------- reopening after the deadline
@dataclass(frozen=True, slots=True)
class Reopened:
    round: Round
    unit: Unit
    until: dt.datetime
    recipients: Sequence[Account]  # the unit's active, reachable accounts, to be told


async def check_reopen(
    session: AsyncSession, actor: Actor, round_id: int, unit_id: int, until: dt.datetime | None, now: dt.datetime
) -> tuple[Round, Unit, Obligation]:
    """Everything :func:`reopen` checks, so the typed date is refused before it is shown for confirmation."""
    ensure_admin(actor, "registration.reopen", target_type="unit", target_id=unit_id)
    round_ = await registration_round(session, round_id)
    if round_.status is not RoundStatus.OPEN:
        raise Refusal("rounds.closed", name=round_.name)
    obligation = await round_repo.obligation(session, round_id, unit_id)
    unit = await unit_repo.get(session, unit_id)
    if obligation is None or unit is None:
        raise Refusal("rounds.not_owed")
    if until is not None and until <= now:
        raise Refusal("rounds.deadline_past")
    if until is not None and until <= round_.deadline:
        raise Refusal("reg.office.reopen_too_early")
    return round_, unit, obligation


async def reopen(
    session: AsyncSession, actor: Actor, round_id: int, unit_id: int, until: dt.datetime, now: dt.datetime
) -> Reopened:
    """Let the unit send or edit its registration until ``until`` (its own deadline), audited."""
    round_, unit, obligation = await check_reopen(session, actor, round_id, unit_id, until, now)
    previous = obligation.due_at
    obligation.due_at = until
    await audit.record(
        session,
        actor,
        "registration.reopen",
        now,
        target_type="unit",
        target_id=unit.id,
        details={
            "round_id": round_.id,
            "until": until.isoformat(),
            "previous": previous.isoformat() if previous else None,
        },
    )
    recipients = await account_repo.reachable_of_unit(session, unit.id)
    return Reopened(round_, unit, until, recipients)


# ---------------------------------------------------------------- cluster heads
@dataclass(frozen=True, slots=True)
class ClusterStatus:
    round: Round
    cluster: Unit
    members: Sequence[tuple[Unit, Registration | None]]

    @property
    def done(self) -> int:
        return sum(1 for _, registration in self.members if registration is not None)


def _not_head(actor: Actor) -> Refusal:
    refusal = Refusal("reg.cluster.not_head")
    refusal.denied = DeniedAction("registration.cluster", target_type="unit", target_id=str(actor.unit_id))
    return refusal


async def cluster_rounds(session: AsyncSession, actor: Actor) -> list[Round]:
    """The registration rounds of the years in which the caller's unit heads a cluster, newest first."""
    if not actor.is_active or actor.unit_id is None:
        raise _not_head(actor)
    result = [
        round_
        for round_ in await registration_repo.registration_rounds(session)
        if await unit_repo.headed_clusters(session, actor.unit_id, round_.year)
    ]
    if not result:
        raise _not_head(actor)
    return result


async def cluster_status(session: AsyncSession, actor: Actor, round_id: int) -> list[ClusterStatus]:
    """Each cluster the caller's unit heads in the round's year, with each member's current registration."""
    round_ = await registration_round(session, round_id)
    if not actor.is_active or actor.unit_id is None:
        raise _not_head(actor)
    clusters = await unit_repo.headed_clusters(session, actor.unit_id, round_.year)
    if not clusters:
        raise _not_head(actor)
    current = {
        unit.id: registration for registration, unit in await registration_repo.current_for_round(session, round_id)
    }
    result = []
    for cluster in clusters:
        members = await unit_repo.cluster_members(session, cluster.id, round_.year)
        result.append(ClusterStatus(round_, cluster, [(unit, current.get(unit.id)) for _, unit in members]))
    return result


# ---------------------------------------------------------------- the consolidated register
async def register_rows(session: AsyncSession, year: int) -> list[tuple[Registration, Unit]]:
    """Each unit's current registration (lines loaded) in the year's registration round(s).

    For the ``/xuat`` workbook's register sheet (services/export_registration.py); the export checks
    the caller's rights itself.
    """
    rows: list[tuple[Registration, Unit]] = []
    for round_ in reversed(await registration_repo.registration_rounds(session, year=year)):
        rows += await registration_repo.current_for_round(session, round_.id)
    return rows


def sees_everything(actor: Actor) -> bool:
    """Admins and leaders see every unit's registration; anyone else at most their cluster's status."""
    try:
        ensure_can_view_overview(actor, "registration.overview")
    except Refusal:
        return False
    return True
