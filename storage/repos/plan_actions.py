"""What the Office did about plan items, and the meetings whose attendees are reminded. Never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import upsert
from storage.models import (
    Account,
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    PlanItem,
    PlanItemAction,
    RecipientState,
    ReplyKind,
    Response,
    Unit,
)

ATTENDING = (Response.ATTEND, Response.DELEGATE)


class Attendee(NamedTuple):
    account_id: int
    account_name: str
    unit_name: str | None
    response: Response | None
    responded_at: datetime | None


async def actions_of(session: AsyncSession, item_ids: Iterable[int]) -> dict[int, PlanItemAction]:
    wanted = sorted(set(item_ids))
    if not wanted:
        return {}
    query = select(PlanItemAction).where(PlanItemAction.plan_item_id.in_(wanted))
    return {a.plan_item_id: a for a in (await session.scalars(query)).all()}


async def action_for_update(session: AsyncSession, item_id: int, now: datetime) -> PlanItemAction:
    """The item's row, created if new (``INSERT … ON CONFLICT DO NOTHING``: two admins at once make one)
    and locked on PostgreSQL, so the caller's read-then-write is not overtaken."""
    insert = upsert(session, PlanItemAction)
    await session.execute(
        insert.values(plan_item_id=item_id, state="open", updated_at=now).on_conflict_do_nothing(
            index_elements=["plan_item_id"]
        )
    )
    query = select(PlanItemAction).where(PlanItemAction.plan_item_id == item_id).with_for_update()
    action = (await session.scalars(query.execution_options(populate_existing=True))).one()
    return action


async def item(session: AsyncSession, item_id: int) -> PlanItem | None:
    return await session.get(PlanItem, item_id)


async def response_counts(session: AsyncSession, broadcast_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Per broadcast: how many it reached ("delivered") and how many gave each answer."""
    if not broadcast_ids:
        return {}
    result: dict[int, dict[str, int]] = {b: {} for b in broadcast_ids}
    reached = (
        select(BroadcastRecipient.broadcast_id, func.count())
        .where(BroadcastRecipient.broadcast_id.in_(broadcast_ids), BroadcastRecipient.state == RecipientState.DELIVERED)
        .group_by(BroadcastRecipient.broadcast_id)
    )
    for broadcast_id, n in (await session.execute(reached)).all():
        result[broadcast_id]["delivered"] = n
    answers = (
        select(BroadcastRecipient.broadcast_id, BroadcastRecipient.response, func.count())
        .where(BroadcastRecipient.broadcast_id.in_(broadcast_ids), BroadcastRecipient.response.is_not(None))
        .group_by(BroadcastRecipient.broadcast_id, BroadcastRecipient.response)
    )
    for broadcast_id, response, n in (await session.execute(answers)).all():
        if response is not None:
            result[broadcast_id][Response(response).value] = n
    return result


async def attendees(session: AsyncSession, broadcast_id: int) -> list[Attendee]:
    """Every recipient the invitation reached, with their answer (None: not answered yet)."""
    query = (
        select(
            BroadcastRecipient.account_id,
            Account.display_name,
            Unit.name,
            BroadcastRecipient.response,
            BroadcastRecipient.responded_at,
        )
        .join(Account, Account.id == BroadcastRecipient.account_id)
        .outerjoin(Unit, Unit.id == BroadcastRecipient.unit_id)
        .where(
            BroadcastRecipient.broadcast_id == broadcast_id,
            BroadcastRecipient.state.in_([RecipientState.DELIVERED, RecipientState.UNKNOWN]),
        )
        .order_by(Unit.name, Account.display_name, BroadcastRecipient.id)
    )
    return [Attendee(*row) for row in (await session.execute(query)).all()]


async def meetings_between(session: AsyncSession, start: datetime, end: datetime) -> Sequence[Broadcast]:
    """Confirmed meeting invitations whose meeting falls in [start, end)."""
    query = (
        select(Broadcast)
        .where(
            Broadcast.reply_kind == ReplyKind.MEETING,
            Broadcast.status.in_([BroadcastStatus.SENDING, BroadcastStatus.DONE]),
            Broadcast.meeting_at >= start,
            Broadcast.meeting_at < end,
        )
        .order_by(Broadcast.meeting_at, Broadcast.id)
    )
    return (await session.scalars(query)).all()


async def attending_accounts(session: AsyncSession, broadcast_ids: Sequence[int]) -> dict[int, list[int]]:
    """Per invitation: the accounts that answered «Tham dự» or «Cử người thay»."""
    if not broadcast_ids:
        return {}
    query = (
        select(BroadcastRecipient.broadcast_id, BroadcastRecipient.account_id)
        .where(BroadcastRecipient.broadcast_id.in_(broadcast_ids), BroadcastRecipient.response.in_(ATTENDING))
        .distinct()  # a person with two channels answered on one of them, but once is enough
        .order_by(BroadcastRecipient.account_id)
    )
    result: dict[int, list[int]] = {}
    for broadcast_id, account_id in (await session.execute(query)).all():
        result.setdefault(broadcast_id, []).append(account_id)
    return result
