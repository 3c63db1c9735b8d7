"""Manual reminders (/chuanop "Gửi nhắc tất cả") in the shared reminder log.

Each unit reminded by hand gets a row of kind "manual" for the local day, claimed before anything is
sent and then sent and recorded like an automatic reminder (services/reminder_send.py), so the
automatic engine can skip a unit that was reminded (or may have been) that day, and not one whose
manual reminder failed. The key ends with the unit's count of manual
reminders that day: several a day are allowed, and two admins confirming the same batch at the same
moment compute the same keys, so ``INSERT … ON CONFLICT DO NOTHING`` lets only one of them through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import upsert
from storage.models import DeliveryStatus, ReminderDelivery

KIND = "manual"
# Bound parameters per statement stay far below SQLite's and asyncpg's limits (32,766).
CHUNK = 500


def manual_key(round_id: int, unit_id: int, day: date, number: int) -> str:
    return f"r{round_id}:u{unit_id}:manual:{day.isoformat()}:{number}"


@dataclass(frozen=True, slots=True)
class ManualToday:
    per_unit: dict[int, int]  # unit id → manual reminders already logged today
    last_at: datetime | None

    @property
    def rows(self) -> int:
        return sum(self.per_unit.values())

    @property
    def times(self) -> int:
        """How many batches went out today (every batch reaches each unit at most once)."""
        return max(self.per_unit.values(), default=0)


async def today(session: AsyncSession, round_id: int, day: date) -> ManualToday:
    query = (
        select(ReminderDelivery.unit_id, func.count(), func.max(ReminderDelivery.claimed_at))
        .where(
            ReminderDelivery.round_id == round_id,
            ReminderDelivery.kind == KIND,
            ReminderDelivery.slot_date == day,
        )
        .group_by(ReminderDelivery.unit_id)
    )
    per_unit: dict[int, int] = {}
    last: datetime | None = None
    for unit_id, n, at in (await session.execute(query)).all():
        if unit_id is not None:
            per_unit[unit_id] = n
        if at is not None and (last is None or at > last):
            last = at
    return ManualToday(per_unit, last)


@dataclass(frozen=True, slots=True)
class ManualRow:
    round_id: int
    unit_id: int
    number: int  # the unit's n-th manual reminder today
    error: str | None  # set when nobody can be told: the row is logged as failed, nothing is sent
    details: dict[str, Any]


async def claim(
    session: AsyncSession, rows: Sequence[ManualRow], *, day: date, now: datetime, created_by_id: int | None
) -> dict[int, int]:
    """Log the rows, claimed (nothing sent yet) or failed when nobody can be told; {unit id: row id}
    of the rows that were new (the others were logged by a concurrent batch)."""
    claimed: dict[int, int] = {}
    for start in range(0, len(rows), CHUNK):
        values = [
            {
                "key": manual_key(r.round_id, r.unit_id, day, r.number),
                "kind": KIND,
                "slot": KIND,
                "round_id": r.round_id,
                "unit_id": r.unit_id,
                "slot_date": day,
                "due_at": now,
                "status": DeliveryStatus.CLAIMED if r.error is None else DeliveryStatus.FAILED,
                "claimed_at": now,
                "finished_at": None if r.error is None else now,
                "attempts": 0,
                "recipients": 0,
                "error": r.error,
                "created_by_id": created_by_id,
                "details": r.details,
            }
            for r in rows[start : start + CHUNK]
        ]
        statement = (
            upsert(session, ReminderDelivery)
            .values(values)
            .on_conflict_do_nothing(index_elements=[ReminderDelivery.key])
            .returning(ReminderDelivery.unit_id, ReminderDelivery.id)
        )
        claimed.update({u: i for u, i in (await session.execute(statement)).all() if u is not None})
    return claimed
