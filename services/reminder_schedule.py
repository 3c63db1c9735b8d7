"""A round's reminder schedule beside what the log says happened: for ``thidua-bot reminders plan``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.reminder_admin import rules_of
from services.reminder_policy import ReminderPolicy, ReminderRules, Slot
from storage.models import Round, RoundStatus
from storage.repos import reminders as repo
from storage.repos import rounds as round_repo

FUTURE_AFTER_SLOTS = 3
PAST_AFTER_SLOTS = 10


@dataclass
class SlotLine:
    slot: Slot
    counts: Counter[str] = field(default_factory=Counter)  # status → rows in the log


@dataclass
class RoundSchedule:
    round: Round
    rules: ReminderRules
    custom_rules: bool
    owing: int
    paused_units: int
    own_deadlines: int  # units given their own deadline when their submission was returned
    slots: list[SlotLine]
    hidden_after: int  # older overdue slots not listed
    other: Counter[str]  # log rows of slots not listed (older ones, own deadlines, an old deadline, manual)


async def schedules(
    session: AsyncSession, policy: ReminderPolicy, now: datetime, round_id: int | None = None
) -> list[RoundSchedule]:
    """The open rounds' schedules, or one round's (open or not)."""
    if round_id is None:
        rounds = list(await round_repo.rounds(session, status=RoundStatus.OPEN))
    else:
        found = await round_repo.round_(session, round_id)
        rounds = [found] if found is not None else []
    return [await _schedule(session, policy, r, now) for r in rounds]


async def _schedule(session: AsyncSession, policy: ReminderPolicy, round_: Round, now: datetime) -> RoundSchedule:
    rules = rules_of(policy, round_)
    end = round_.closed_at if round_.status == RoundStatus.CLOSED and round_.closed_at else None
    slots: list[Slot] = []
    future_after = 0
    for slot in policy.iter_round_slots(round_.deadline, rules):
        if end is not None and slot.due > end:
            break
        if slot.kind == "after" and slot.due > now:
            future_after += 1
            if future_after > FUTURE_AFTER_SLOTS:
                break
        slots.append(slot)
    before = [s for s in slots if s.kind != "after"]
    after = [s for s in slots if s.kind == "after"]
    past_after = [s for s in after if s.due <= now]
    hidden = max(0, len(past_after) - PAST_AFTER_SLOTS)
    shown = before + after[hidden:]
    lines = {(s.label, s.day): SlotLine(s) for s in shown}
    other: Counter[str] = Counter()
    for row in await repo.of_round(session, round_.id):
        if row.unit_id is None:
            continue  # the Office's digests
        key: tuple[str, date] = (row.slot, row.slot_date)
        if key in lines:
            lines[key].counts[row.status.value] += 1
        else:
            other[row.status.value] += 1
    owing = [o for o, _ in await round_repo.owing_units(session, round_.id)]
    return RoundSchedule(
        round=round_,
        rules=rules,
        custom_rules=bool(round_.reminder_policy),
        owing=len(owing),
        paused_units=sum(1 for o in owing if o.reminders_paused),
        own_deadlines=sum(1 for o in owing if o.due_at is not None),
        slots=list(lines.values()),
        hidden_after=hidden,
        other=other,
    )
