"""/chuanop "Gửi nhắc tất cả": remind every unit that still owes a round, now, and log it.

Each unit's reminder is a row of the shared reminder log (kind "manual", the local day). The admin
confirms first; the confirm button carries how many manual rows the round had today when it was shown,
so a second press of the same button (or a batch another admin sent meanwhile) is refused instead of
reminding everyone twice.

The rows are claimed in the flow's transaction (``remind_all``); once it has committed, ``send`` sends
each unit's reminder on its own through the path of automatic reminders (``reminder_send.send_row``:
started, pushed, outcome recorded), and returns the real counts for the admin. The automatic engine
skips a unit reminded (or maybe reminded) by hand that day, not one whose manual reminder failed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.messages import Reply
from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.delivery import Sending
from services.errors import Refusal
from services.missing_units import MissingUnit, missing_of
from services.reminder_planner import Recipient
from services.reminder_send import send_row
from storage.models import Round, RoundStatus
from storage.repos import manual_reminders as manual_repo
from storage.repos import office_views
from storage.repos import rounds as round_repo

log = logging.getLogger(__name__)
NO_ACCOUNT = "no reachable account"
SEND_LANES = 8  # units sent to at once (the pusher paces itself under Telegram's limit)


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
    recipients: tuple[Recipient, ...]
    delivery_id: int  # its row of the reminder log, claimed (or failed when nobody can be told)
    claimed_at: datetime

    @property
    def chat_ids(self) -> list[str]:
        return [r.chat_id for r in self.recipients]


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
    chats = {
        unit_id: tuple(Recipient(a.account_id, a.platform, a.chat_id, a.name, a.identity_id) for a in accounts)
        for unit_id, accounts in (await office_views.recipients_of_owing(session, round_.id)).items()
    }
    rows = [
        manual_repo.ManualRow(
            round_id=round_.id,
            unit_id=unit.unit_id,
            number=today.per_unit.get(unit.unit_id, 0) + 1,
            error=None if chats.get(unit.unit_id) else NO_ACCOUNT,
            details=_details(unit),
        )
        for unit in listing.units
    ]
    claimed = await manual_repo.claim(session, rows, day=day, now=now, created_by_id=actor.account_id)
    if not claimed:  # another admin's identical batch got there first
        raise Refusal("missing.remind_stale")
    result = RemindResult(
        round_,
        [
            UnitReminder(u, chats.get(u.unit_id, ()), claimed[u.unit_id], now)
            for u in listing.units
            if u.unit_id in claimed
        ],
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


@dataclass(frozen=True, slots=True)
class SendCounts:
    """What came of a batch, per account: for the admin, who must see the truth, not the intention."""

    delivered: int = 0
    unreachable: int = 0  # blocked the bot, or never opened it: marked unreachable
    failed: int = 0  # surely not delivered (Telegram's errors outlasted the retries)
    unknown: int = 0  # may or may not have arrived: not sent again
    units_reached: int = 0

    def __add__(self, other: SendCounts) -> SendCounts:
        return SendCounts(
            self.delivered + other.delivered,
            self.unreachable + other.unreachable,
            self.failed + other.failed,
            self.unknown + other.unknown,
            self.units_reached + other.units_reached,
        )


async def send(out: Sending, jobs: Sequence[tuple[UnitReminder, Reply]]) -> SendCounts:
    """Send each unit's claimed reminder on its own (one failing never stops the others); the counts."""
    queue = list(jobs)
    totals: list[SendCounts] = []

    async def lane() -> None:
        while queue:
            reminder, reply = queue.pop(0)
            totals.append(await _send_one(out, reminder, reply))

    await asyncio.gather(*(lane() for _ in range(min(SEND_LANES, len(queue)))))
    return sum(totals, SendCounts())


async def _send_one(out: Sending, reminder: UnitReminder, reply: Reply) -> SendCounts:
    try:
        result = await send_row(
            out, reminder.delivery_id, reminder.claimed_at, reminder.recipients, reply, _details(reminder.unit)
        )
    except Exception:  # the database went away mid-send: the row stays started, "unknown" after the next sweep
        log.exception("manual reminder row %s could not be sent or recorded", reminder.delivery_id)
        return SendCounts(unknown=len(reminder.recipients))
    if result.status is None:  # started elsewhere: not ours to count
        return SendCounts()
    return SendCounts(
        delivered=len(result.delivered),
        unreachable=len(result.blocked),
        failed=len(result.failed),
        unknown=len(result.unknown),
        units_reached=int(bool(result.delivered)),
    )


def _details(unit: MissingUnit) -> dict[str, object]:
    return {"days_left": unit.days_left, "returned": unit.returned}
