"""What the Office needs around a review: a unit's versions, their files, the queue of versions
waiting for it, an early check before asking why a version is returned, and who in the unit to tell.

The review itself is :func:`services.submissions.review`, which checks everything again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import Ref
from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.errors import NotFound, Refusal
from services.submissions import Receipt, history
from storage.models import (
    Account,
    Obligation,
    Round,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    Unit,
)
from storage.repos import accounts as account_repo
from storage.repos import office_views
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """One unit's standing in one round, with every version it sent (newest first)."""

    round: Round
    unit: Unit
    obligation: Obligation
    deadline: datetime
    versions: list[Receipt]


async def unit_record(session: AsyncSession, actor: Actor, round_id: int, unit_id: int) -> UnitRecord:
    ensure_admin(actor, "submission.view", target_type="unit", target_id=unit_id)
    round_ = await round_repo.round_(session, round_id)
    if round_ is None:
        raise Refusal("rounds.unknown")
    obligation = await round_repo.obligation(session, round_id, unit_id)
    unit = await unit_repo.get(session, unit_id)
    if obligation is None or unit is None:
        raise Refusal("review.not_owing")
    return UnitRecord(
        round=round_,
        unit=unit,
        obligation=obligation,
        deadline=round_repo.effective_deadline(obligation, round_),
        versions=await history(session, actor, round_id, unit_id),
    )


async def unit_rounds(session: AsyncSession, actor: Actor, unit_id: int) -> tuple[Unit, list[tuple[Obligation, Round]]]:
    """The open rounds a unit owes, for the /donvi unit card."""
    ensure_admin(actor, "submission.view", target_type="unit", target_id=unit_id)
    unit = await unit_repo.get(session, unit_id)
    if unit is None:
        raise Refusal("units.unknown_unit")
    return unit, list(await round_repo.obligations_of_unit(session, unit_id, open_only=True))


@dataclass(frozen=True, slots=True)
class VersionFiles:
    submission: Submission
    round: Round
    unit: Unit
    files: Sequence[SubmissionFile]


async def version_files(session: AsyncSession, actor: Actor, submission_id: int, now: datetime) -> VersionFiles:
    """A version's files for the Office to download: the read of a unit's documents is audited."""
    ensure_admin(actor, "submission.files", target_type="submission", target_id=submission_id)
    submission = await round_repo.submission(session, submission_id)
    if submission is None:
        raise NotFound("review.unknown", action="submission.files", target_type="submission", target_id=submission_id)
    round_ = await round_repo.round_(session, submission.round_id)
    unit = await unit_repo.get(session, submission.unit_id)
    assert round_ is not None and unit is not None
    files = (await round_repo.files_of(session, [submission.id])).get(submission.id, [])
    if not files:
        raise Refusal("review.no_files")
    await audit.record(
        session,
        actor,
        "submission.files",
        now,
        target_type="submission",
        target_id=submission.id,
        details={"unit_id": unit.id, "round_id": round_.id, "files": [f.id for f in files]},
    )
    return VersionFiles(submission, round_, unit, files)


async def review_queue(
    session: AsyncSession, actor: Actor, round_id: int
) -> tuple[Round, list[office_views.PendingRow]]:
    ensure_admin(actor, "submission.view", target_type="round", target_id=round_id)
    round_ = await round_repo.round_(session, round_id)
    if round_ is None:
        raise Refusal("rounds.unknown")
    return round_, await office_views.awaiting_review(session, round_id)


@dataclass(frozen=True, slots=True)
class ReturnTarget:
    submission: Submission
    round: Round
    unit: Unit
    deadline: datetime  # the unit's current deadline, kept by "Giữ hạn cũ"


async def returnable(session: AsyncSession, actor: Actor, submission_id: int) -> ReturnTarget:
    """Refuse at once what :func:`services.submissions.review` would refuse, before asking for a reason."""
    ensure_admin(actor, "submission.return", target_type="submission", target_id=submission_id)
    submission = await round_repo.submission(session, submission_id)
    if submission is None:
        raise Refusal("review.unknown")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Refusal("review.already", status=Ref(f"status.submission.{submission.status.value}"))
    obligation = await round_repo.obligation(session, submission.round_id, submission.unit_id)
    round_ = await round_repo.round_(session, submission.round_id)
    unit = await unit_repo.get(session, submission.unit_id)
    assert obligation is not None and round_ is not None and unit is not None
    if obligation.latest_submission_id != submission.id:
        raise Refusal("review.not_latest")
    return ReturnTarget(submission, round_, unit, round_repo.effective_deadline(obligation, round_))


async def recipients(session: AsyncSession, unit_id: int) -> list[Account]:
    """The unit's accounts that can be told: active, with a role, with a channel the bot may write to."""
    return list(await account_repo.reachable_of_unit(session, unit_id))
