"""What a plan item's prompt and a meeting's eve reminder say, as data (handlers/plan_action_messages.py
renders it). Loaded just before sending: an item finished meanwhile says nothing and is not sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.reminder_planner import Due
from storage.models import Broadcast, ItemState
from storage.repos import plan_actions as repo


@dataclass(frozen=True, slots=True)
class ItemPrompt:
    item_id: int
    ref: str
    task: str
    kind: str  # notice | meeting | internal | outbound | decision
    due_on: date | None
    due_note: str | None
    slot: str  # D0 | D-7 | D-3 | Q


@dataclass(frozen=True, slots=True)
class MeetingEve:
    broadcast_id: int
    text: str
    meeting_at: datetime
    place: str | None


PlanActionContent = ItemPrompt | MeetingEve


async def load(session: AsyncSession, dues: Sequence[Due]) -> dict[str, PlanActionContent]:
    result: dict[str, PlanActionContent] = {}
    actions = await repo.actions_of(session, [int(d.details["item"]) for d in dues if d.kind == "item"])
    for due in dues:
        kind, key, details = due.kind, due.key, due.details
        if kind == "item":
            item = await repo.item(session, int(details["item"]))
            action = actions.get(int(details["item"]))
            if item is None or (action is not None and action.state != ItemState.OPEN):
                continue
            result[key] = ItemPrompt(item.id, item.ref, item.task, item.kind, item.due_on, item.due_note, due.slot)
        elif kind == "eve":
            broadcast = await session.get(Broadcast, int(details["broadcast"]))
            if broadcast is None or broadcast.meeting_at is None:
                continue
            result[key] = MeetingEve(broadcast.id, broadcast.text, broadcast.meeting_at, broadcast.meeting_place)
    return result
