"""The outbox side of broadcasts: what the background sender claims, sends and records.

Exactly once per recipient: a row is claimed (pending → sending) in a committed transaction
before its message goes out, and given its outcome in another one after. A worker that stops
cleanly finishes its sends in flight, so it never leaves a row "sending". Several processes may
send one broadcast at once: each claim names its claimer and holds a lease the claimer renews
while it lives. A row still "sending" after its lease ran out was in flight when its process
died: it may or may not have arrived, so it becomes "unknown" and is reported, never sent again;
a row another live process is sending is never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Address, DeliveryOutcome
from services import audit
from storage.models import BroadcastStatus, RecipientState, ReplyKind
from storage.repos import broadcasts as repo
from storage.repos import identities as identity_repo

INTERRUPTED = "interrupted"
# Drafts nobody confirmed (the dialog expired) are dropped after this long.
DRAFT_TTL = timedelta(days=2)
MAX_REASON = 255
# How long a claim holds without renewal; the worker renews its claims every third of it.
LEASE = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Job:
    """A confirmed broadcast as the sender needs it."""

    id: int
    reply_kind: ReplyKind
    body_html: str
    attachment_kind: str | None
    attachment_file_id: str | None  # what finds it: Telegram's file_id, or the sha256 of a stored file
    attachment_name: str | None
    audience_label: str
    total: int
    progress_to: Address | None  # the admin's chat the progress and the report are shown on
    progress_message_id: str | None


@dataclass(frozen=True, slots=True)
class Pending:
    recipient_id: int
    to: Address


async def recover(session: AsyncSession, now: datetime) -> dict[int, int]:
    """Rows a dead process left in flight (lease expired) become 'unknown'; stale drafts are dropped."""
    interrupted = await repo.mark_interrupted(session, now, INTERRUPTED)
    for draft_id in await repo.stale_drafts(session, now - DRAFT_TTL):
        if await repo.change_status(session, draft_id, BroadcastStatus.DRAFT, BroadcastStatus.CANCELLED):
            await repo.drop_recipients(session, draft_id)
    for broadcast_id, count in interrupted.items():
        await audit.record(
            session,
            None,
            "broadcast.interrupted",
            now,
            target_type="broadcast",
            target_id=broadcast_id,
            details={"unknown": count},
        )
    return interrupted


async def active(session: AsyncSession) -> Sequence[int]:
    return await repo.sending_ids(session)


async def job(session: AsyncSession, broadcast_id: int) -> Job | None:
    broadcast = await repo.get(session, broadcast_id)
    if broadcast is None or broadcast.status != BroadcastStatus.SENDING:
        return None
    shown_on = broadcast.progress_identity_id
    progress = await identity_repo.get(session, shown_on) if shown_on is not None else None
    return Job(
        id=broadcast.id,
        reply_kind=broadcast.reply_kind,
        body_html=broadcast.body_html,
        attachment_kind=broadcast.attachment_kind,
        attachment_file_id=broadcast.attachment_ref,
        attachment_name=broadcast.attachment_name,
        audience_label=broadcast.audience_label,
        total=broadcast.total,
        progress_to=Address(progress.platform, progress.chat_id) if progress is not None else None,
        progress_message_id=broadcast.progress_message_id,
    )


async def set_progress_message(session: AsyncSession, broadcast_id: int, message_id: str) -> None:
    broadcast = await repo.get(session, broadcast_id)
    if broadcast is not None:
        broadcast.progress_message_id = message_id


async def pending(session: AsyncSession, broadcast_id: int, limit: int) -> list[Pending]:
    rows = await repo.pending_recipients(session, broadcast_id, limit)
    return [Pending(row.recipient_id, Address(row.platform, row.chat_id)) for row in rows]


async def claim(
    session: AsyncSession, recipient_id: int, now: datetime, claimer: str = "", lease: timedelta = LEASE
) -> bool:
    return await repo.claim(session, recipient_id, now, claimer, lease)


async def claim_next(
    session: AsyncSession, broadcast_id: int, now: datetime, claimer: str, lease: timedelta = LEASE
) -> Pending | None:
    """The broadcast's next recipient, claimed for ``claimer``; None when none is left to claim."""
    claimed = await repo.claim_next(session, broadcast_id, now, claimer, lease)
    return None if claimed is None else Pending(claimed.recipient_id, Address(claimed.platform, claimed.chat_id))


async def renew(session: AsyncSession, claimer: str, now: datetime, lease: timedelta = LEASE) -> int:
    return await repo.renew_leases(session, claimer, now + lease)


async def job_progress_message(session: AsyncSession, broadcast_id: int) -> str | None:
    broadcast = await repo.get(session, broadcast_id)
    return None if broadcast is None else broadcast.progress_message_id


def progress_posted(message_id: str | None) -> bool:
    """A real progress message id: not None, and not the mark of a process still posting it."""
    return message_id is not None and message_id != repo.POSTING


async def claim_progress(session: AsyncSession, broadcast_id: int) -> bool:
    """True for the one process that posts the broadcast's progress message."""
    return await repo.claim_progress_message(session, broadcast_id)


async def record(session: AsyncSession, recipient_id: int, outcome: DeliveryOutcome, now: datetime) -> None:
    """The outcome of one send; a channel that blocked the bot stops counting as reachable."""
    reason = outcome.reason[:MAX_REASON] if outcome.reason else None
    # "retry later" has no state of its own here: the worker does not come back to a recipient.
    state = RecipientState.FAILED if outcome.status == "retry_later" else RecipientState(outcome.status)
    await repo.finish(session, recipient_id, state, now, message_id=outcome.message_id, error=reason)
    if state == RecipientState.BLOCKED:
        row = await repo.recipient(session, recipient_id)
        if row is not None:
            await identity_repo.mark_unreachable_ids(session, [row.identity_id], now)


async def counts(session: AsyncSession, broadcast_id: int) -> dict[RecipientState, int]:
    return (await repo.state_counts(session, [broadcast_id]))[broadcast_id]


async def complete(session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """Close the broadcast once every recipient has an outcome; True for the one call that closes it."""
    by_state = await counts(session, broadcast_id)
    if by_state.get(RecipientState.PENDING) or by_state.get(RecipientState.SENDING):
        return False
    if not await repo.change_status(
        session, broadcast_id, BroadcastStatus.SENDING, BroadcastStatus.DONE, finished_at=now
    ):
        return False
    await audit.record(
        session,
        None,
        "broadcast.finish",
        now,
        target_type="broadcast",
        target_id=broadcast_id,
        details={state.value: n for state, n in by_state.items()},
    )
    return True
