"""The order a unit reads its work in: what is due soonest first, overdue work within a bounded window
among it; older overdue work folded away under its own heading, so it never buries this week's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services.unit_tasks import UnitTask

OVERDUE_WINDOW = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class Agenda:
    current: list[UnitTask]  # owed, soonest deadline first (recently overdue ones lead); then the rest
    folded: list[UnitTask]  # owed and overdue for longer than the window, newest first
    folded_all_last_year: bool  # every folded one is from an earlier year ("Quá hạn từ năm trước")

    @property
    def ordered(self) -> list[UnitTask]:
        return [*self.current, *self.folded]


def agenda(tasks: Sequence[UnitTask], now: datetime, tz: ZoneInfo) -> Agenda:
    this_year = now.astimezone(tz).year
    owed = [t for t in tasks if t.owes]
    old = [t for t in owed if now - t.deadline > OVERDUE_WINDOW]
    recent = [t for t in owed if t not in old]
    rest = [t for t in tasks if not t.owes]
    by_deadline = sorted(recent, key=lambda t: (t.deadline, t.round.id))
    return Agenda(
        current=by_deadline + sorted(rest, key=lambda t: (t.deadline, t.round.id)),
        folded=sorted(old, key=lambda t: (t.deadline, t.round.id), reverse=True),
        folded_all_last_year=all(t.deadline.astimezone(tz).year < this_year for t in old),
    )
