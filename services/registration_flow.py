"""Emulation registration as a reporting round: which registration a unit owes, opening it, and sending it.

A registration is a round of kind ``registration`` (plan item I.3). Sending it does two things in the
caller's one transaction: :func:`services.submissions.submit` records the round's submission (the signed
scan as its file, a short note), so the obligation, late flag, versions, receipt code and every overview
and reminder treat it like any other report; then :func:`services.registration_submit.save_version`
stores the structured registration under the same version and receipt code.

The deadline: up to the round's deadline; afterwards only while the Office has reopened it for the
unit, which is the obligation's own ``due_at`` (set by :func:`services.registration_office.reopen`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import plain
from services import file_types, rounds, submissions
from services.actors import Actor
from services.award_catalog import AwardCatalog
from services.errors import NotFound
from services.registration_submit import (
    EditWindow,
    RegistrationDraft,
    SavedRegistration,
    check_draft,
    ensure_can_edit,
    save_version,
    warnings_for,
)
from services.rounds import Task
from services.submissions import Receipt
from services.uploads import StoredUpload
from storage.models import Plan, Registration, RoundKind, Unit
from storage.repos import registrations as registration_repo
from storage.repos import units as unit_repo

__all__ = [
    "OpenRegistration",
    "SentRegistration",
    "heads_a_cluster",
    "open_for_edit",
    "registration_tasks",
    "send",
]

_SCAN_LABELS = {kind.mime_type: kind.label for kind in (file_types.PDF, file_types.JPEG, file_types.PNG)}


async def registration_tasks(session: AsyncSession, actor: Actor) -> list[Task]:
    """The open registration rounds the caller's unit owes, soonest deadline first."""
    return [task for task in await rounds.tasks_of_unit(session, actor) if task.round.kind is RoundKind.REGISTRATION]


@dataclass(frozen=True, slots=True)
class OpenRegistration:
    task: Task
    unit: Unit
    window: EditWindow
    latest: Registration | None  # the version sent last, with its lines
    plan: Plan | None


async def open_for_edit(
    session: AsyncSession, actor: Actor, round_id: int, now: dt.datetime, tz: ZoneInfo, *, lock: bool = False
) -> OpenRegistration:
    """The caller's unit's registration round, if it owes it, it is open and the deadline allows editing.

    A forged round id (another unit's, a report round, garbage) finds nothing: ``rounds.not_owed``.
    """
    task = await rounds.owed_open_round(session, actor, round_id, lock=lock)
    if task.round.kind is not RoundKind.REGISTRATION:
        raise NotFound("rounds.not_owed", action="registration.open", target_type="round", target_id=round_id)
    window = ensure_can_edit(
        now, due_at=task.round.deadline, reopened_until=task.obligation.due_at, year=task.round.year, tz=tz
    )
    unit = await unit_repo.get(session, task.obligation.unit_id)
    assert unit is not None  # the obligation's foreign key
    latest = await registration_repo.latest(session, round_id, unit.id)
    plan = await registration_repo.plan_of_round(session, task.round)
    return OpenRegistration(task, unit, window, latest, plan)


@dataclass(frozen=True, slots=True)
class SentRegistration:
    receipt: Receipt
    saved: SavedRegistration
    unit: Unit


def _note(catalog: AwardCatalog, draft: RegistrationDraft, warnings: int) -> str:
    collective = catalog.find(draft.collective_title_code or "")
    return plain(
        "reg.submission_note",
        people=len(draft.people),
        collective=collective.short if collective else plain("reg.summary_none"),
        warnings=warnings,
    )


async def send(
    session: AsyncSession,
    actor: Actor,
    catalog: AwardCatalog,
    draft: RegistrationDraft,
    *,
    round_id: int,
    now: dt.datetime,
    tz: ZoneInfo,
) -> SentRegistration:
    """Send the draft as the unit's next version: the round's submission and the registration, together."""
    opened = await open_for_edit(session, actor, round_id, now, tz, lock=True)
    on = now.astimezone(tz).date()
    check_draft(catalog, draft, on)  # before anything is written
    assert draft.scan is not None  # check_draft refuses a draft without one
    scan = StoredUpload(
        sha256=draft.scan.sha256,
        file_name=draft.scan.name,
        mime_type=draft.scan.mime,
        size=draft.scan.size,
        label=_SCAN_LABELS.get(draft.scan.mime, draft.scan.mime),
    )
    note = _note(catalog, draft, len(warnings_for(catalog, draft, on)))
    receipt = await submissions.submit(session, actor, round_id, [scan], note, now)
    saved = await save_version(
        session,
        actor,
        catalog,
        draft,
        round_id=round_id,
        unit_id=opened.unit.id,
        year=opened.task.round.year,
        version=receipt.submission.version,
        receipt_code=receipt.submission.receipt_code,
        due_at=opened.task.round.deadline,
        reopened_until=opened.task.obligation.due_at,
        now=now,
        tz=tz,
    )
    return SentRegistration(receipt, saved, opened.unit)


async def heads_a_cluster(session: AsyncSession, actor: Actor, year: int) -> bool:
    """Whether the caller's unit is a cluster head (cụm trưởng) in ``year``: it may follow its members."""
    if not actor.is_active or actor.unit_id is None:
        return False
    return bool(await unit_repo.headed_clusters(session, actor.unit_id, year))
