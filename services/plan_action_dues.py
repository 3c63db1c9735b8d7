"""The sweep's part for plan items that are not rounds: which prompts and meeting reminders are due.

Each is a row of the reminder log (kind "item" or "eve"), claimed, sent and recorded by the same engine
as the round reminders, so the same rules hold: once only, working hours of working days only, a missed
one caught up within the window, a send cut short never repeated.
- "item:<id>:<label>": the Office (or the item's owner) is asked to act: a notice to send, an invitation,
  a checklist task; nothing once the item is done.
- "eve:b<id>": the working day before a meeting, those who answered «Tham dự» or «Cử người thay».
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services import plan_actions
from services.plan_states import plan_in_force
from services.reminder_planner import Due, Plan, Recipient
from services.reminder_policy import ReminderPolicy
from storage.models import ItemState
from storage.repos import plan_actions as repo
from storage.repos import reminders as reminder_repo
from storage.repos import rounds as round_repo

KINDS = ("item", "eve")
EVE_LOOKAHEAD = timedelta(days=21)


def _targets(plan: Plan, account_ids: list[int]) -> tuple[Recipient, ...]:
    wanted = set(account_ids)
    return tuple(r for rs in plan.accounts.values() for r in rs if r.account_id in wanted)


def previous_working_day(policy: ReminderPolicy, day: datetime) -> datetime:
    """The send time of the last working day before ``day``'s date."""
    calendar = policy.calendar
    local = calendar.local(day).date() - timedelta(days=1)
    while not calendar.is_working_day(local):
        local -= timedelta(days=1)
    return calendar.at(local, policy.send_time)


async def add_dues(session: AsyncSession, plan: Plan, policy: ReminderPolicy) -> None:
    now = plan.now
    oldest = now - timedelta(days=policy.lookback_days)  # a fresh install does not log a past year's prompts
    candidates: list[Due] = []
    current = await plan_in_force(session)
    if current is not None:
        items = [i for i in await round_repo.plan_items(session, current.id) if i.kind in plan_actions.ACTED_KINDS]
        actions = await repo.actions_of(session, [i.id for i in items])
        for item in items:
            action = actions.get(item.id)
            if action is not None and action.state != ItemState.OPEN:
                continue
            for label, day in plan_actions.action_slots(item, current.year):
                due_at = policy.slot_at(day)
                if due_at > now or due_at < oldest:
                    continue
                owner = action.owner_id if action is not None else None
                admins = list(dict.fromkeys(a.account_id for a in plan.admins))  # persons, not their channels
                to = [owner] if owner is not None and _targets(plan, [owner]) else admins
                candidates.append(
                    Due(
                        key=f"item:{item.id}:{label}",
                        kind="item",
                        slot=label,
                        due_at=due_at,
                        details={"item": item.id, "ref": item.ref, "to": to},
                    )
                )
    for meeting in await repo.meetings_between(session, now, now + EVE_LOOKAHEAD):
        assert meeting.meeting_at is not None
        due_at = previous_working_day(policy, meeting.meeting_at)
        if due_at > now:
            continue
        attending = (await repo.attending_accounts(session, [meeting.id])).get(meeting.id, [])
        if not attending:
            continue  # nobody said they attend yet: asked again next sweep, nothing logged
        candidates.append(
            Due(
                key=f"eve:b{meeting.id}",
                kind="eve",
                slot="eve",
                due_at=due_at,
                details={"broadcast": meeting.id, "to": attending},
            )
        )
    present = await reminder_repo.present_keys(session, [c.key for c in candidates])
    for due in candidates:
        if due.key in present:
            continue
        due.recipients = _targets(plan, list(due.details["to"]))
        if now >= policy.expires(due.due_at):
            due.reason = "expired"
        elif not due.recipients:
            due.reason = "no_recipient"
        (plan.skip if due.reason else plan.send).append(due)
