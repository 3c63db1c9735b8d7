"""What a unit owes and what it has sent, as the unit's own officers see it.

Every call starts from the caller's unit (``ensure_linked``): ids that come from buttons only
select among the unit's own rounds and files, so a forged id finds nothing.

Registration rounds (đăng ký thi đua) are sent through /dangky with their titles and list of people,
never as bare files through /nopbaocao: :func:`submittable` leaves them out and :func:`task_to_submit`
refuses them; :func:`owed_task` finds them, so a "send" button can point the officer to /dangky.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Address
from services import reach, rounds, submissions
from services.access import ensure_linked
from services.actors import Actor
from services.errors import NotFound, Refusal
from services.rounds import Task
from storage.models import Obligation, ObligationStatus, Round, RoundKind, SubmissionFile
from storage.repos import accounts as account_repo
from storage.repos import rounds as round_repo


@dataclass(frozen=True, slots=True)
class UnitTask:
    round: Round
    obligation: Obligation
    deadline: datetime
    ref: str | None  # the plan item's number ("II.1"), for rounds that come from the plan
    return_reason: str | None  # the Office's reason, when the latest version was returned

    @property
    def status_key(self) -> str:
        return rounds.status_of(self.obligation)

    @property
    def owes(self) -> bool:
        return self.obligation.status.owes

    @property
    def registration(self) -> bool:
        """A registration round: sent through /dangky, not /nopbaocao."""
        return self.round.kind is RoundKind.REGISTRATION

    @property
    def submittable(self) -> bool:
        """Through /nopbaocao, anything not yet accepted may be (re)sent; a new version replaces the one
        under review. A registration round never is."""
        return not self.registration and self.obligation.status != ObligationStatus.ACCEPTED


async def _details(session: AsyncSession, tasks: Sequence[Task]) -> list[UnitTask]:
    refs = await round_repo.plan_item_refs(session, [t.round.plan_item_id for t in tasks if t.round.plan_item_id])
    result = []
    for task in tasks:
        reason = None
        latest_id = task.obligation.latest_submission_id
        if task.obligation.status == ObligationStatus.RETURNED and latest_id is not None:
            latest = await round_repo.submission(session, latest_id)
            reason = latest.review_note if latest is not None else None
        ref = refs.get(task.round.plan_item_id) if task.round.plan_item_id else None
        result.append(UnitTask(task.round, task.obligation, task.deadline, ref, reason))
    return result


async def open_tasks(session: AsyncSession, actor: Actor) -> list[UnitTask]:
    """The unit's open rounds, earliest deadline first."""
    return await _details(session, await rounds.tasks_of_unit(session, actor))


async def submittable(session: AsyncSession, actor: Actor) -> list[UnitTask]:
    return [task for task in await open_tasks(session, actor) if task.submittable]


async def owed_task(session: AsyncSession, actor: Actor, round_id: int) -> UnitTask:
    """One round, of any kind, open and owed by the caller's unit (re-checked every time)."""
    task = await rounds.owed_open_round(session, actor, round_id)
    return (await _details(session, [task]))[0]


async def task_to_submit(session: AsyncSession, actor: Actor, round_id: int) -> UnitTask:
    """One round the unit may send to now through /nopbaocao: open, owed, not a registration round."""
    task = await owed_task(session, actor, round_id)
    if task.registration:
        raise Refusal("submit.registration_round", name=task.round.name)
    return task


async def sent_rounds(session: AsyncSession, actor: Actor) -> list[UnitTask]:
    """Rounds, open or closed, for which the unit has sent at least one version."""
    tasks = await rounds.tasks_of_unit(session, actor, open_only=False)
    return await _details(session, [t for t in tasks if t.obligation.versions > 0])


async def history(session: AsyncSession, actor: Actor, round_id: int) -> list[submissions.Receipt]:
    """Every version the caller's unit sent for a round, newest first."""
    ensure_linked(actor)
    assert actor.unit_id is not None
    return await submissions.history(session, actor, round_id, actor.unit_id)


async def own_file(
    session: AsyncSession, actor: Actor, round_id: int, file_id: int
) -> tuple[submissions.Receipt, SubmissionFile]:
    """A file of one of the unit's own versions; anything else is "not found", whoever asks."""
    for receipt in await history(session, actor, round_id):
        for file in receipt.files:
            if file.id == file_id:
                return receipt, file
    raise NotFound("tasks.file_unknown", action="submission.file", target_type="file", target_id=file_id)


async def office_chats(session: AsyncSession, actor: Actor) -> list[Address]:
    """Chats of the Office's active admins to tell about a submission (not the sender's own)."""
    admins = [a.id for a in await account_repo.active_admins(session) if a.id != actor.account_id]
    return await reach.addresses_of(session, admins)
