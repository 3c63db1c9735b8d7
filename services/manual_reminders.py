"""/chuanop "Gửi nhắc tất cả": remind every unit that still owes a round, now, and log it.

Each unit's reminder is a row of the shared reminder log (kind "manual", the local day), so the automatic
engine skips a unit already reminded by hand that day. The admin confirms first; the confirm button
carries how many manual rows the round had today when it was shown, so a second press of the same button
(or a batch another admin sent meanwhile) is refused instead of reminding everyone twice. The messages go
out as replies, after the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from services.missing_units import MissingUnit, missing_of
from storage.models import Round, RoundStatus
from storage.repos import manual_reminders as manual_repo
from storage.repos import office_views
from storage.repos import rounds as round_repo

NO_ACCOUNT = "no reachable account"


@dataclass(frozen=True, slots=True)
class ReminderPreview:
    round: Round
    units: int
    reachable_units: int
    times_today: int  # manual batches already sent today for this round
    last_at: datetime | None
    token: int  # manual rows logged today for the round when the preview was made


@dataclass(frozen=True, slots=True)
class UnitReminder:
    unit: MissingUnit
    chat_ids: list[int]


@dataclass(frozen=True, slots=True)
class RemindResult:
    round: Round
    reminders: list[UnitReminder]

    @property
    def recipients(self) -> int:
        return sum(len(r.chat_ids) for r in self.reminders)

    @property
    def without_account(self) -> list[MissingUnit]:
        return [r.unit for r in self.reminders if not r.chat_ids]


async def _remindable(session: AsyncSession, actor: Actor, round_id: int) -> Round:
    ensure_admin(actor, "missing.remind", target_type="round", target_id=round_id)
    round_ = await round_repo.round_(session, round_id)
    if round_ is None:
        raise Refusal("rounds.unknown")
    if round_.status != RoundStatus.OPEN:
        raise Refusal("rounds.closed", name=round_.name)
    return round_


async def preview(session: AsyncSession, actor: Actor, round_id: int, now: datetime, tz: ZoneInfo) -> ReminderPreview:
    round_ = await _remindable(session, actor, round_id)
    listing = await missing_of(session, round_, now, tz)
    if not listing.units:
        raise Refusal("missing.remind_nobody")
    today = await manual_repo.today(session, round_.id, now.astimezone(tz).date())
    return ReminderPreview(
        round=round_,
        units=len(listing.units),
        reachable_units=sum(u.has_account for u in listing.units),
        times_today=today.times,
        last_at=today.last_at,
        token=today.rows,
    )


async def remind_all(
    session: AsyncSession, actor: Actor, round_id: int, token: int, now: datetime, tz: ZoneInfo
) -> RemindResult:
    """Log a reminder for every unit still owing the round; the caller sends the texts to ``chat_ids``."""
    round_ = await _remindable(session, actor, round_id)
    day = now.astimezone(tz).date()
    today = await manual_repo.today(session, round_.id, day)
    if today.rows != token:
        raise Refusal("missing.remind_stale")
    listing = await missing_of(session, round_, now, tz)
    if not listing.units:
        raise Refusal("missing.remind_nobody")
    chats = await office_views.recipients_of_owing(session, round_.id)
    rows = [
        manual_repo.ManualRow(
            round_id=round_.id,
            unit_id=unit.unit_id,
            number=today.per_unit.get(unit.unit_id, 0) + 1,
            recipients=len(chats.get(unit.unit_id, [])),
            error=None if chats.get(unit.unit_id) else NO_ACCOUNT,
            details={"days_left": unit.days_left, "returned": unit.returned},
        )
        for unit in listing.units
    ]
    claimed = await manual_repo.claim(session, rows, day=day, now=now, created_by_id=actor.account_id)
    if not claimed:  # another admin's identical batch got there first
        raise Refusal("missing.remind_stale")
    result = RemindResult(
        round_, [UnitReminder(u, chats.get(u.unit_id, [])) for u in listing.units if u.unit_id in claimed]
    )
    await audit.record(
        session,
        actor,
        "missing.remind_all",
        now,
        target_type="round",
        target_id=round_.id,
        details={
            "units": len(result.reminders),
            "recipients": result.recipients,
            "without_account": len(result.without_account),
            "batch": today.times + 1,
        },
    )
    return result
