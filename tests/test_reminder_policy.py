"""The reminder policy as tables: working days (VN holidays, Tết), slot times, catch-up, digests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from bot.app import reminder_policy
from bot.settings import Settings
from services.reminder_policy import ReminderRules, Slot, due_slots, parse_rules_text, pick
from tests.reminder_helpers import TZ, local, policy

# The official 2024 days off in Vietnam, written by hand: the oracle for the `holidays` package.
VN_2024_DAYS_OFF = {
    date(2024, 1, 1),
    *(date(2024, 2, d) for d in range(8, 15)),  # Tết Giáp Thìn, 08–14/02
    date(2024, 4, 18),  # Giỗ Tổ Hùng Vương
    date(2024, 4, 29),  # swapped with Saturday 04/05
    date(2024, 4, 30),
    date(2024, 5, 1),
    date(2024, 9, 2),
    date(2024, 9, 3),
}


def test_the_calendar_knows_every_2024_day_off_and_nothing_else() -> None:
    calendar = policy().calendar
    day = date(2024, 1, 1)
    while day.year == 2024:
        expected = day.weekday() < 5 and day not in VN_2024_DAYS_OFF
        assert calendar.is_working_day(day) == expected, day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("at", "working"),
    [
        (local(2024, 6, 12, 7, 29), False),
        (local(2024, 6, 12, 7, 30), True),
        (local(2024, 6, 12, 16, 59), True),
        (local(2024, 6, 12, 17, 0), False),
        (local(2024, 6, 15, 10, 0), False),  # Saturday
        (local(2024, 2, 12, 10, 0), False),  # Tết
        (local(2024, 9, 3, 10, 0), False),  # Quốc khánh
        (datetime(2024, 6, 12, 1, 0, tzinfo=TZ).astimezone(TZ), False),
    ],
)
def test_working_time(at: datetime, working: bool) -> None:
    assert policy().calendar.is_working_time(at) is working


@pytest.mark.parametrize(
    ("at", "moment"),
    [
        (local(2024, 6, 12, 9, 0), local(2024, 6, 12, 9, 0)),
        (local(2024, 6, 12, 6, 0), local(2024, 6, 12, 7, 30)),
        (local(2024, 6, 14, 18, 0), local(2024, 6, 17, 7, 30)),  # Friday evening → Monday morning
        (local(2024, 6, 15, 10, 0), local(2024, 6, 17, 7, 30)),
        (local(2024, 2, 7, 18, 0), local(2024, 2, 15, 7, 30)),  # before Tết → after it
        (local(2024, 4, 26, 17, 0), local(2024, 5, 2, 7, 30)),  # 27/04–01/05 off
    ],
)
def test_working_moment(at: datetime, moment: datetime) -> None:
    assert policy().calendar.working_moment(at) == moment


def _schedule(deadline: datetime, days: int = 25, rules: ReminderRules | None = None) -> list[str]:
    slots = policy().round_slots(deadline, deadline + timedelta(days=days), rules)
    assert all(s.due.time() == time(8, 0) for s in slots)
    return [f"{s.label} {s.due:%d/%m}" for s in slots]


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        # II.1: Monday 10/06. D-1 is a Sunday → Monday, merged into the D-day.
        (
            local(2024, 6, 10, 17),
            ["D-7 03/06", "D-3 07/06", "D0 10/06", "D+1 11/06", "D+4 14/06", "D+9 19/06", "D+14 24/06", "D+17 27/06"],
        ),
        # I.3: Friday 15/03. D+1 is a Saturday → Monday 18/03, then every 3 working days.
        (
            local(2024, 3, 15, 17),
            ["D-7 08/03", "D-3 12/03", "D-1 14/03", "D0 15/03", "D+3 18/03", "D+6 21/03", "D+11 26/03", "D+14 29/03"],
        ),
        # I.4: Sunday 31/03. The D-day and D-1 would move past the deadline: the overdue ones take over.
        (
            local(2024, 3, 31, 17),
            [
                "D-7 25/03",
                "D-3 28/03",
                "D+1 01/04",
                "D+4 04/04",
                "D+9 09/04",
                "D+12 12/04",
                "D+17 17/04",
                "D+23 23/04",
            ],  # 18/04 off
        ),
        # Friday 26/04: 27/04–01/05 off, and 18/04 (Giỗ Tổ) is skipped before.
        (local(2024, 4, 26, 17), ["D-7 19/04", "D-3 23/04", "D-1 25/04", "D0 26/04", "D+6 02/05", "D+11 07/05"]),
        # Wednesday 07/02, the eve of Tết: the first overdue reminder waits until 15/02.
        (local(2024, 2, 7, 17), ["D-7 31/01", "D-3 05/02", "D-1 06/02", "D0 07/02", "D+8 15/02", "D+13 20/02"]),
        # A deadline in the morning: the D-day's 08:00 slot would come after it.
        (local(2024, 6, 12, 7, 45), ["D-7 05/06", "D-3 10/06", "D-1 11/06", "D+1 13/06", "D+6 18/06"]),
    ],
)
def test_round_schedule(deadline: datetime, expected: list[str]) -> None:
    assert _schedule(deadline)[: len(expected)] == expected


def test_a_round_may_override_the_schedule() -> None:
    rules = ReminderRules().with_overrides({"before_days": [5, 0], "after_every_working_days": 5})
    assert _schedule(local(2024, 6, 10, 17), 16, rules) == [
        "D-5 05/06",
        "D0 10/06",
        "D+1 11/06",
        "D+8 18/06",
        "D+15 25/06",
    ]
    assert ReminderRules().with_overrides({"before_days": ["x"]}) == ReminderRules()  # broken data → defaults


@pytest.mark.parametrize(
    ("text", "before", "every"),
    [
        ("7 3 1 0 / 3", (7, 3, 1, 0), 3),
        ("5,2,0/2", (5, 2, 0), 2),
        ("0 1 3", (3, 1, 0), 3),
        ("/ 5", (7, 3, 1, 0), 5),
    ],
)
def test_parse_rules_text(text: str, before: tuple[int, ...], every: int) -> None:
    rules = parse_rules_text(text, ReminderRules())
    assert (rules.before_days, rules.after_every_working_days) == (before, every)


@pytest.mark.parametrize("text", ["", "abc", "7 3 / x", "61 / 3", "7 / 0", "7 / 21"])
def test_parse_rules_text_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rules_text(text, ReminderRules())


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [
        (2024, 1, local(2024, 1, 2)),  # 01/01 is a holiday
        (2024, 2, local(2024, 4, 1)),
        (2024, 3, local(2024, 7, 1)),
        (2024, 4, local(2024, 10, 1)),
        (2025, 1, local(2025, 1, 2)),
        (2025, 2, local(2025, 4, 1)),
        (2025, 3, local(2025, 7, 1)),
    ],
)
def test_quarter_digest_on_the_first_working_day(year: int, quarter: int, expected: datetime) -> None:
    assert policy().quarter_start(year, quarter) == expected


@pytest.mark.parametrize(
    ("at", "nominal", "due"),
    [
        (local(2024, 6, 12, 9), date(2024, 6, 10), local(2024, 6, 10)),
        (local(2024, 6, 10, 7, 59), date(2024, 6, 3), local(2024, 6, 3)),
        (local(2024, 4, 30, 10), date(2024, 4, 22), local(2024, 4, 22)),  # 29/04 moved: not due yet
        (local(2024, 5, 2, 8), date(2024, 4, 29), local(2024, 5, 2)),
        (local(2024, 2, 15, 9), date(2024, 2, 12), local(2024, 2, 15)),  # Tết Monday → Thursday
        (local(2024, 9, 4, 9), date(2024, 9, 2), local(2024, 9, 4)),
    ],
)
def test_weekly_office_digest(at: datetime, nominal: date, due: datetime) -> None:
    assert policy().weekly_office_slot(at) == (nominal, due)


@pytest.mark.parametrize(
    ("deadline", "digest"),
    [
        (local(2024, 6, 10, 17), local(2024, 6, 11)),
        (local(2024, 3, 15, 17), local(2024, 3, 18)),
        (local(2024, 2, 7, 17), local(2024, 2, 15)),
    ],
)
def test_office_digest_after_a_deadline(deadline: datetime, digest: datetime) -> None:
    assert policy().office_after_deadline(deadline) == digest


@pytest.mark.parametrize(
    ("due", "expires"),
    [
        (local(2024, 6, 12), local(2024, 6, 13)),
        (local(2024, 6, 14), local(2024, 6, 17)),  # Friday → Monday
        (local(2024, 2, 7), local(2024, 2, 15)),  # across Tết
    ],
)
def test_catch_up_window_is_one_working_day(due: datetime, expires: datetime) -> None:
    assert policy().expires(due) == expires


def _slots(*days: int) -> list[Slot]:
    return [Slot(local(2024, 6, d), f"S{d}", "after") for d in days]


@pytest.mark.parametrize(
    ("days", "now", "send", "skipped"),
    [
        ((), local(2024, 6, 12, 9), None, []),
        ((12,), local(2024, 6, 12, 9), 12, []),
        ((11, 12), local(2024, 6, 12, 9), 12, [(11, "expired")]),
        ((10, 11, 12), local(2024, 6, 12, 9), 12, [(10, "expired"), (11, "expired")]),
        ((10,), local(2024, 6, 11, 7, 59), 10, []),  # still within a working day
        ((10,), local(2024, 6, 11, 8), None, [(10, "expired")]),
        ((6, 7), local(2024, 6, 10, 9), None, [(6, "expired"), (7, "expired")]),
    ],
)
def test_pick(days: tuple[int, ...], now: datetime, send: int | None, skipped: list[tuple[int, str]]) -> None:
    chosen = pick(policy(), _slots(*days), now)
    assert (chosen.send.due.day if chosen.send else None) == send
    assert [(s.due.day, reason) for s, reason in chosen.skipped] == skipped


def test_pick_supersedes_older_slots_still_in_a_longer_window() -> None:
    chosen = pick(replace(policy(), catch_up_working_days=3), _slots(10, 11, 12), local(2024, 6, 12, 9))
    assert chosen.send is not None and chosen.send.due.day == 12
    assert [(s.due.day, reason) for s, reason in chosen.skipped] == [(10, "superseded"), (11, "superseded")]


def test_due_slots_respects_last_handled_day_and_owing_since() -> None:
    slots = _slots(3, 7, 10, 11, 14)
    now = local(2024, 6, 12, 9)
    assert [s.day.day for s in due_slots(slots, None, None, now)] == [3, 7, 10, 11]
    assert [s.day.day for s in due_slots(slots, date(2024, 6, 7), None, now)] == [10, 11]
    assert [s.day.day for s in due_slots(slots, None, local(2024, 6, 10, 9), now)] == [11]


def test_settings_feed_the_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMINDER_BEFORE_DAYS", "5, 2 0")
    monkeypatch.setenv("REMINDER_AFTER_EVERY_WORKING_DAYS", "2")
    monkeypatch.setenv("WORK_DAY_START", "08:00")
    built = reminder_policy(Settings(_env_file=None))  # type: ignore[call-arg]
    assert built.rules == ReminderRules(before_days=(5, 2, 0), after_every_working_days=2)
    assert built.calendar.working_moment(local(2024, 6, 12, 7, 45)) == local(2024, 6, 12, 8, 0)
    monkeypatch.setenv("REMINDER_BEFORE_DAYS", "99")
    with pytest.raises(ValueError, match="between 0 and 60"):
        Settings(_env_file=None)  # type: ignore[call-arg]
