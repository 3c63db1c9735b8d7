"""The order of a unit's work (services/task_urgency.py) as a table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.task_urgency import agenda
from services.unit_tasks import UnitTask
from storage.models import Obligation, ObligationStatus, Round

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 1, 20, 3, 0, tzinfo=UTC)


def task(number: int, days: int, status: ObligationStatus = ObligationStatus.MISSING) -> UnitTask:
    deadline = NOW + timedelta(days=days)
    round_ = Round(id=number, name=f"Kỳ {number}", year=deadline.year, deadline=deadline)
    return UnitTask(round_, Obligation(round_id=number, unit_id=1, status=status), deadline, None, None)


@pytest.mark.parametrize(
    ("tasks", "current", "folded", "last_year"),
    [
        # Due soonest first; overdue within the window leads (most urgent), ancient ones are folded.
        ([task(1, -400), task(2, 10), task(3, -5), task(4, 3)], [3, 4, 2], [1], True),
        # What was sent (not owed) comes after what is owed, never folded.
        ([task(1, -400, ObligationStatus.SUBMITTED), task(2, 10)], [2, 1], [], True),
        # In January, December's annual report 50 days late is still current, not folded.
        ([task(1, -50), task(2, 30)], [1, 2], [], True),
        # Two overdue within the window: the one due earlier first.
        ([task(1, -2), task(2, -19)], [2, 1], [], True),
        ([task(1, -100), task(2, -70), task(3, 1)], [3], [2, 1], True),
    ],
)
def test_urgency_order(tasks: list[UnitTask], current: list[int], folded: list[int], last_year: bool) -> None:
    view = agenda(tasks, NOW, TZ)
    assert [t.round.id for t in view.current] == current
    assert [t.round.id for t in view.folded] == folded
    assert view.folded_all_last_year is last_year


def test_old_overdue_work_of_this_year_is_not_called_last_years() -> None:
    july = datetime(2026, 7, 1, 3, 0, tzinfo=UTC)
    view = agenda([task(1, 0)], july + timedelta(days=80), TZ)  # due 20/01/2026, seen in September
    assert [t.round.id for t in view.folded] == [1] and not view.folded_all_last_year
