"""Broadcasts and their outbox rows. State changes are conditional updates, so a claim can only win once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    Account,
    AccountStatus,
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    ChatIdentity,
    RecipientState,
    Response,
    Unit,
)
from storage.repos.identities import reachable


@dataclass(frozen=True, slots=True)
class RecipientTarget:
    account_id: int
    unit_id: int | None
    identity_id: int  # the channel of the person this row is sent on


@dataclass(frozen=True, slots=True)
class RecipientLine:
    """One recipient as the Office reads it in a report."""

    recipient_id: int
    account_name: str
    unit_name: str | None
    state: RecipientState
    error: str | None
    response: Response | None
    platform: str = "telegram"  # the channel this row was sent on


async def reachable_accounts(session: AsyncSession, unit_ids: Sequence[int]) -> Sequence[Account]:
    """Accounts a notice can reach: linked (active, with a role) with a channel the bot may write to."""
    if not unit_ids:
        return []
    query = (
        select(Account)
        .where(
            Account.unit_id.in_(unit_ids),
            Account.status == AccountStatus.ACTIVE,
            Account.role.is_not(None),
            reachable(Account.id),
        )
        .order_by(Account.unit_id, Account.id)
    )
    return (await session.scalars(query)).all()


async def add(session: AsyncSession, broadcast: Broadcast, targets: Sequence[RecipientTarget]) -> Broadcast:
    session.add(broadcast)
    await session.flush()
    if targets:
        await session.execute(
            insert(BroadcastRecipient),
            [
                {
                    "broadcast_id": broadcast.id,
                    "account_id": target.account_id,
                    "unit_id": target.unit_id,
                    "identity_id": target.identity_id,
                    "state": RecipientState.PENDING,
                    "attempts": 0,
                }
                for target in targets
            ],
        )
    return broadcast


async def get(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    return await session.get(Broadcast, broadcast_id)


async def change_status(
    session: AsyncSession, broadcast_id: int, old: BroadcastStatus, new: BroadcastStatus, **values: Any
) -> bool:
    """Move a broadcast from ``old`` to ``new``; False when it was not in ``old`` (a second press, a race)."""
    result = await session.execute(
        update(Broadcast).where(Broadcast.id == broadcast_id, Broadcast.status == old).values(status=new, **values)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def drop_recipients(session: AsyncSession, broadcast_id: int) -> None:
    await session.execute(delete(BroadcastRecipient).where(BroadcastRecipient.broadcast_id == broadcast_id))


async def stale_drafts(session: AsyncSession, before: datetime) -> Sequence[int]:
    query = select(Broadcast.id).where(Broadcast.status == BroadcastStatus.DRAFT, Broadcast.created_at < before)
    return (await session.scalars(query)).all()


async def sending_ids(session: AsyncSession) -> Sequence[int]:
    """Confirmed broadcasts still to finish, oldest confirmation first."""
    query = (
        select(Broadcast.id)
        .where(Broadcast.status == BroadcastStatus.SENDING)
        .order_by(Broadcast.confirmed_at, Broadcast.id)
    )
    return (await session.scalars(query)).all()


class PendingRow(NamedTuple):
    recipient_id: int
    platform: str
    chat_id: str


async def pending_recipients(session: AsyncSession, broadcast_id: int, limit: int) -> list[PendingRow]:
    """Recipients still to send to, with the chat of their identity (read now: a chat may have moved)."""
    query = (
        select(BroadcastRecipient.id, ChatIdentity.platform, ChatIdentity.chat_id)
        .join(ChatIdentity, ChatIdentity.id == BroadcastRecipient.identity_id)
        .where(BroadcastRecipient.broadcast_id == broadcast_id, BroadcastRecipient.state == RecipientState.PENDING)
        .order_by(BroadcastRecipient.id)
        .limit(limit)
    )
    return [PendingRow(*row) for row in (await session.execute(query)).all()]


def _claimed(now: datetime, claimer: str, lease: timedelta) -> dict[str, Any]:
    return {
        "state": RecipientState.SENDING,
        "claimed_at": now,
        "claimed_by": claimer,
        "lease_until": now + lease,
        "attempts": BroadcastRecipient.attempts + 1,
    }


async def claim(session: AsyncSession, recipient_id: int, now: datetime, claimer: str, lease: timedelta) -> bool:
    """pending → sending; only one caller can win, whatever the number of workers."""
    result = await session.execute(
        update(BroadcastRecipient)
        .where(BroadcastRecipient.id == recipient_id, BroadcastRecipient.state == RecipientState.PENDING)
        .values(**_claimed(now, claimer, lease))
        .execution_options(synchronize_session=False)  # hot path: no ORM bookkeeping
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def claim_next(
    session: AsyncSession, broadcast_id: int, now: datetime, claimer: str, lease: timedelta
) -> PendingRow | None:
    """Claim the broadcast's next pending recipient, with the chat of its identity; None when none is left.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED`` in the subquery, so processes claiming at once each take a
    different row instead of queueing on the same one; SQLite has one writer and ignores the clause.
    """
    next_id = (
        select(BroadcastRecipient.id)
        .where(BroadcastRecipient.broadcast_id == broadcast_id, BroadcastRecipient.state == RecipientState.PENDING)
        .order_by(BroadcastRecipient.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    result = await session.execute(
        update(BroadcastRecipient)
        .where(BroadcastRecipient.id == next_id, BroadcastRecipient.state == RecipientState.PENDING)
        .values(**_claimed(now, claimer, lease))
        .returning(BroadcastRecipient.id, BroadcastRecipient.identity_id)
        .execution_options(synchronize_session=False)
    )
    row = result.first()
    if row is None:
        return None
    chat = (
        await session.execute(select(ChatIdentity.platform, ChatIdentity.chat_id).where(ChatIdentity.id == row[1]))
    ).one()  # read now: a chat may have moved
    return PendingRow(int(row[0]), chat[0], chat[1])


async def renew_leases(session: AsyncSession, claimer: str, until: datetime) -> int:
    """The claimer is alive: its rows in flight keep their claim until ``until``."""
    result = await session.execute(
        update(BroadcastRecipient)
        .where(BroadcastRecipient.claimed_by == claimer, BroadcastRecipient.state == RecipientState.SENDING)
        .values(lease_until=until)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


POSTING = "0"  # the progress message is being posted by another process


async def claim_progress_message(session: AsyncSession, broadcast_id: int) -> bool:
    """Of several processes starting one broadcast, the one that will post its progress message.

    The winner's row holds "0" until the real message id is stored (0 is never a Telegram message id;
    progress is only posted where the channel can edit).
    """
    result = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.progress_message_id.is_(None))
        .values(progress_message_id=POSTING)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def finish(
    session: AsyncSession,
    recipient_id: int,
    state: RecipientState,
    now: datetime,
    *,
    message_id: str | None = None,
    error: str | None = None,
) -> bool:
    result = await session.execute(
        update(BroadcastRecipient)
        .where(BroadcastRecipient.id == recipient_id, BroadcastRecipient.state == RecipientState.SENDING)
        .values(state=state, finished_at=now, message_id=message_id, error=error)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def mark_interrupted(session: AsyncSession, now: datetime, error: str) -> dict[int, int]:
    """Rows left 'sending' by a process that died mid-send become 'unknown'; per broadcast, how many.

    Only rows whose lease ran out: another live process renews the lease of what it is sending.
    A row without a lease (claimed before leases existed) counts as expired.
    """
    expired = (BroadcastRecipient.state == RecipientState.SENDING) & (
        BroadcastRecipient.lease_until.is_(None) | (BroadcastRecipient.lease_until < now)
    )
    result = await session.execute(
        update(BroadcastRecipient)
        .where(expired)
        .values(state=RecipientState.UNKNOWN, finished_at=now, error=error)
        .returning(BroadcastRecipient.broadcast_id)
        .execution_options(synchronize_session=False)
    )
    found: dict[int, int] = {}
    for (broadcast_id,) in result.all():
        found[broadcast_id] = found.get(broadcast_id, 0) + 1
    return found


async def state_counts(session: AsyncSession, broadcast_ids: Sequence[int]) -> dict[int, dict[RecipientState, int]]:
    if not broadcast_ids:
        return {}
    query = (
        select(BroadcastRecipient.broadcast_id, BroadcastRecipient.state, func.count())
        .where(BroadcastRecipient.broadcast_id.in_(broadcast_ids))
        .group_by(BroadcastRecipient.broadcast_id, BroadcastRecipient.state)
    )
    counts: dict[int, dict[RecipientState, int]] = {broadcast_id: {} for broadcast_id in broadcast_ids}
    for broadcast_id, state, n in (await session.execute(query)).all():
        counts[broadcast_id][state] = n
    return counts


async def clear_other_answers(session: AsyncSession, answered: BroadcastRecipient) -> None:
    """A person answered on one channel: their rows on their other channels hold no answer of their own."""
    await session.execute(
        update(BroadcastRecipient)
        .where(
            BroadcastRecipient.broadcast_id == answered.broadcast_id,
            BroadcastRecipient.account_id == answered.account_id,
            BroadcastRecipient.id != answered.id,
        )
        .values(response=None, responded_at=None)
        .execution_options(synchronize_session=False)
    )


async def response_counts(session: AsyncSession, broadcast_id: int) -> dict[Response, int]:
    query = (
        select(BroadcastRecipient.response, func.count())
        .where(BroadcastRecipient.broadcast_id == broadcast_id, BroadcastRecipient.response.is_not(None))
        .group_by(BroadcastRecipient.response)
    )
    return {response: n for response, n in (await session.execute(query)).all() if response is not None}


async def recipient_lines(
    session: AsyncSession,
    broadcast_id: int,
    *,
    states: Sequence[RecipientState] | None = None,
    answered: bool | None = None,
) -> Sequence[RecipientLine]:
    """Recipients with their account and unit names, by unit then name."""
    query = (
        select(BroadcastRecipient, Account.display_name, Unit.name, ChatIdentity.platform)
        .join(Account, Account.id == BroadcastRecipient.account_id)
        .join(ChatIdentity, ChatIdentity.id == BroadcastRecipient.identity_id)
        .outerjoin(Unit, Unit.id == BroadcastRecipient.unit_id)
        .where(BroadcastRecipient.broadcast_id == broadcast_id)
        .order_by(Unit.sort_order, Unit.name, Account.display_name, BroadcastRecipient.id)
    )
    if states is not None:
        query = query.where(BroadcastRecipient.state.in_(states))
    if answered is True:
        query = query.where(BroadcastRecipient.response.is_not(None))
    elif answered is False:  # nobody answered, on any of the person's channels
        other = aliased(BroadcastRecipient)
        answered_elsewhere = exists().where(
            other.broadcast_id == BroadcastRecipient.broadcast_id,
            other.account_id == BroadcastRecipient.account_id,
            other.response.is_not(None),
        )
        query = query.where(BroadcastRecipient.response.is_(None), ~answered_elsewhere)
    return [
        RecipientLine(row.id, name, unit_name, row.state, row.error, row.response, platform)
        for row, name, unit_name, platform in (await session.execute(query)).all()
    ]


async def history(session: AsyncSession, *, before_id: int | None, limit: int) -> Sequence[Broadcast]:
    """Confirmed broadcasts, newest first."""
    query = (
        select(Broadcast)
        .where(Broadcast.status.in_([BroadcastStatus.SENDING, BroadcastStatus.DONE]))
        .order_by(Broadcast.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(Broadcast.id < before_id)
    return (await session.scalars(query)).all()


async def recipient(session: AsyncSession, recipient_id: int) -> BroadcastRecipient | None:
    return await session.get(BroadcastRecipient, recipient_id)
