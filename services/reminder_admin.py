"""The Office steering reminders: pause and resume a round or one unit in it, change a round's schedule.

Every change is checked against the caller's role here and audited; forged ids find nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from services.reminder_policy import ReminderPolicy, ReminderRules
from storage.models import Obligation, Round, RoundStatus, Unit
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo


@dataclass(frozen=True, slots=True)
class RoundReminderState:
    round: Round
    rules: ReminderRules
    custom_rules: bool
    missing: int
    total: int
    paused_units: int
    next_at: datetime | None


def rules_of(policy: ReminderPolicy, round_: Round) -> ReminderRules:
    return policy.rules.with_overrides(round_.reminder_policy)


def next_reminder(policy: ReminderPolicy, round_: Round, owing: Sequence[Obligation], now: datetime) -> datetime | None:
    """When the next automatic reminder of this round goes out to some unit, if any will."""
    if round_.status != RoundStatus.OPEN or round_.reminders_paused:
        return None
    rules = rules_of(policy, round_)
    best: datetime | None = None
    for deadline in {o.due_at or round_.deadline for o in owing if not o.reminders_paused}:
        for slot in policy.iter_round_slots(deadline, rules):
            if slot.due > now:
                best = slot.due if best is None else min(best, slot.due)
                break
    return best


async def overview(
    session: AsyncSession, actor: Actor, policy: ReminderPolicy, now: datetime
) -> list[RoundReminderState]:
    ensure_admin(actor, "reminders.view")
    rounds = await round_repo.rounds(session, status=RoundStatus.OPEN)
    counts = await round_repo.status_counts(session, [r.id for r in rounds])
    result = []
    for round_ in rounds:
        owing = [o for o, _ in await round_repo.owing_units(session, round_.id)]
        result.append(_state(policy, round_, owing, counts.get(round_.id, {}), now))
    return result


async def round_state(
    session: AsyncSession, actor: Actor, policy: ReminderPolicy, round_id: int, now: datetime
) -> RoundReminderState:
    ensure_admin(actor, "reminders.view", target_type="round", target_id=round_id)
    round_ = await _open_round(session, round_id)
    owing = [o for o, _ in await round_repo.owing_units(session, round_id)]
    counts = await round_repo.status_counts(session, [round_id])
    return _state(policy, round_, owing, counts.get(round_id, {}), now)


def _state(
    policy: ReminderPolicy, round_: Round, owing: Sequence[Obligation], counts: dict[str, int], now: datetime
) -> RoundReminderState:
    return RoundReminderState(
        round=round_,
        rules=rules_of(policy, round_),
        custom_rules=bool(round_.reminder_policy),
        missing=len(owing),
        total=counts.get("total", 0),
        paused_units=sum(1 for o in owing if o.reminders_paused),
        next_at=next_reminder(policy, round_, owing, now),
    )


async def _open_round(session: AsyncSession, round_id: int, *, lock: bool = False) -> Round:
    round_ = await round_repo.round_(session, round_id, lock=lock)
    if round_ is None:
        raise Refusal("rounds.unknown")
    if round_.status != RoundStatus.OPEN:
        raise Refusal("rem.round_closed", name=round_.name)
    return round_


async def owing_units(
    session: AsyncSession, actor: Actor, round_id: int
) -> tuple[Round, list[tuple[Obligation, Unit]]]:
    ensure_admin(actor, "reminders.view", target_type="round", target_id=round_id)
    round_ = await _open_round(session, round_id)
    return round_, list(await round_repo.owing_units(session, round_id))


async def set_round_paused(session: AsyncSession, actor: Actor, round_id: int, paused: bool, now: datetime) -> Round:
    action = "reminders.round_pause" if paused else "reminders.round_resume"
    ensure_admin(actor, action, target_type="round", target_id=round_id)
    round_ = await _open_round(session, round_id, lock=True)
    if round_.reminders_paused != paused:  # a second press on the same button changes nothing
        round_.reminders_paused = paused
        await audit.record(session, actor, action, now, target_type="round", target_id=round_id)
    return round_


async def set_unit_paused(
    session: AsyncSession, actor: Actor, round_id: int, unit_id: int, paused: bool, now: datetime
) -> tuple[Round, Unit]:
    action = "reminders.unit_pause" if paused else "reminders.unit_resume"
    ensure_admin(actor, action, target_type="round", target_id=round_id)
    round_ = await _open_round(session, round_id)
    obligation = await round_repo.obligation(session, round_id, unit_id, lock=True)
    unit = await unit_repo.get(session, unit_id)
    if obligation is None or unit is None:
        raise Refusal("rem.not_owing")
    if obligation.reminders_paused != paused:
        obligation.reminders_paused = paused
        await audit.record(
            session, actor, action, now, target_type="round", target_id=round_id, details={"unit_id": unit_id}
        )
    return round_, unit


async def set_round_rules(
    session: AsyncSession,
    actor: Actor,
    round_id: int,
    rules: ReminderRules | None,
    now: datetime,
) -> Round:
    """Give a round its own schedule (None: back to the settings' one)."""
    ensure_admin(actor, "reminders.rules", target_type="round", target_id=round_id)
    round_ = await _open_round(session, round_id, lock=True)
    previous = round_.reminder_policy
    round_.reminder_policy = rules.as_dict() if rules is not None else None
    await audit.record(
        session,
        actor,
        "reminders.rules",
        now,
        target_type="round",
        target_id=round_id,
        details={"from": previous, "to": round_.reminder_policy},
    )
    return round_
