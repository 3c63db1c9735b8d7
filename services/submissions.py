"""Submitting a round's documents, and the Office accepting or returning them.

Each submission is a new version; earlier ones are kept. The obligation mirrors the latest version
(status, late, when), so "who has not submitted" is one indexed query.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import Ref
from services import audit
from services.access import ensure_admin, ensure_linked
from services.actors import Actor
from services.errors import Forbidden, NotFound, Refusal
from services.invites import ALPHABET
from services.rounds import owed_open_round
from services.uploads import StoredUpload
from storage.models import (
    ObligationStatus,
    Round,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    Unit,
)
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo

MAX_NOTE = 2000
MAX_FILES = 10


@dataclass(frozen=True, slots=True)
class Receipt:
    submission: Submission
    round: Round
    files: Sequence[SubmissionFile]


def receipt_code(year: int) -> str:
    return f"BC{year % 100:02d}-" + "".join(secrets.choice(ALPHABET) for _ in range(6))


async def submit(
    session: AsyncSession, actor: Actor, round_id: int, uploads: Sequence[StoredUpload], note: str | None, now: datetime
) -> Receipt:
    """Record a new version for the caller's unit; two officers at once get versions n and n+1."""
    note = (note or "").strip() or None
    if not uploads and not note:
        raise Refusal("submit.nothing")
    if len(uploads) > MAX_FILES:
        raise Refusal("submit.too_many_files", limit=MAX_FILES)
    if note is not None and len(note) > MAX_NOTE:
        raise Refusal("common.too_long", limit=MAX_NOTE)
    task = await owed_open_round(session, actor, round_id, lock=True)
    obligation = task.obligation
    obligation.versions += 1
    late = now > task.deadline
    submission = Submission(
        obligation_id=obligation.id,
        round_id=round_id,
        unit_id=obligation.unit_id,
        version=obligation.versions,
        receipt_code=receipt_code(task.round.year),
        status=SubmissionStatus.SUBMITTED,
        note=note,
        late=late,
        submitted_by_id=actor.account_id,
        submitted_at=now,
    )
    await round_repo.add(session, submission)
    files = [
        SubmissionFile(
            submission_id=submission.id, sha256=u.sha256, file_name=u.file_name, mime_type=u.mime_type, size=u.size
        )
        for u in uploads
    ]
    session.add_all(files)
    obligation.status, obligation.late = ObligationStatus.SUBMITTED, late
    obligation.latest_submission_id, obligation.last_submitted_at = submission.id, now
    await session.flush()
    return Receipt(submission, task.round, files)


@dataclass(frozen=True, slots=True)
class Review:
    submission: Submission
    round: Round
    unit: Unit


async def review(
    session: AsyncSession,
    actor: Actor,
    submission_id: int,
    *,
    accept: bool,
    reason: str | None,
    now: datetime,
    new_deadline: datetime | None = None,
) -> Review:
    """Accept or return the latest version; a second press, or a press on an old version, changes nothing."""
    action = "submission.accept" if accept else "submission.return"
    ensure_admin(actor, action, target_type="submission", target_id=submission_id)
    submission = await round_repo.submission(session, submission_id, lock=True)
    if submission is None:
        raise Refusal("review.unknown")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Refusal("review.already", status=Ref(f"status.submission.{submission.status.value}"))
    obligation = await round_repo.obligation(session, submission.round_id, submission.unit_id, lock=True)
    round_ = await round_repo.round_(session, submission.round_id)
    unit = await unit_repo.get(session, submission.unit_id)
    assert obligation is not None and round_ is not None and unit is not None
    if obligation.latest_submission_id != submission.id:
        raise Refusal("review.not_latest")
    reason = (reason or "").strip() or None
    if not accept and not reason:
        raise Refusal("review.reason_needed")
    if reason is not None and len(reason) > MAX_NOTE:
        raise Refusal("common.too_long", limit=MAX_NOTE)
    if new_deadline is not None and new_deadline <= now:
        raise Refusal("rounds.deadline_past")
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    submission.reviewed_by_id, submission.reviewed_at, submission.review_note = actor.account_id, now, reason
    obligation.status = ObligationStatus.ACCEPTED if accept else ObligationStatus.RETURNED
    if not accept and new_deadline is not None:
        obligation.due_at = new_deadline
    await audit.record(
        session,
        actor,
        action,
        now,
        target_type="submission",
        target_id=submission.id,
        details={"round_id": round_.id, "unit_id": unit.id, "reason": reason},
    )
    return Review(submission, round_, unit)


async def history(session: AsyncSession, actor: Actor, round_id: int, unit_id: int) -> list[Receipt]:
    """Every version of a unit's submissions for a round: the unit's own officers and the Office."""
    ensure_linked(actor)
    if not actor.is_admin and actor.unit_id != unit_id:
        raise Forbidden("submission.view", target_type="unit", target_id=unit_id)
    round_ = await round_repo.round_(session, round_id)
    if round_ is None:
        raise NotFound("rounds.unknown", action="submission.view", target_type="round", target_id=round_id)
    rows = await round_repo.submissions_of(session, round_id, unit_id)
    files = await round_repo.files_of(session, [s.id for s in rows])
    return [Receipt(s, round_, files.get(s.id, [])) for s in rows]
