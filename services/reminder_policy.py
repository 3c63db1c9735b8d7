"""The reminder policy as pure functions: working days, slot times, catch-up windows. No database.

Everything here is computed from a deadline, "now" and the calendar, so the planner, the CLI's
``reminders plan`` and the tests share one definition of "when is a reminder due".

- Working time is Monday–Friday, ``day_start``–``day_end`` local, minus Vietnamese public holidays
  (``holidays.country_holidays("VN")``, Tết included). A slot that falls outside moves to the next
  working morning.
- Before a deadline: the listed calendar days before the deadline's day (0 = the day itself), at
  ``send_time``. A slot that would move past the deadline is dropped (the overdue ones take over).
- After it: ``after_first_days`` calendar days after the deadline's day, then every
  ``after_every_working_days`` working days.
- At most one automatic reminder per (round, unit) and day: slots moved onto the same day merge,
  the one nearest the deadline wins (D-1 on a Saturday and the D-day on Monday become one).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

MAX_OFFSET_DAYS = 60
MAX_EVERY_WORKING_DAYS = 20


class WorkCalendar:
    """Working days and hours in one time zone; holiday lookups are cached per day."""

    def __init__(
        self, tz: ZoneInfo, day_start: time, day_end: time, public_holidays: Mapping[date, Any] | None = None
    ) -> None:
        if day_start >= day_end:
            raise ValueError("the working day must start before it ends")
        self.tz = tz
        self.day_start = day_start
        self.day_end = day_end
        # country_holidays expands to any year it is asked about; a plain mapping works for tests.
        # Made on first use: importing ``holidays`` costs more than the rest of a start-up's imports.
        self._given_holidays = public_holidays
        self._working: dict[date, bool] = {}

    @functools.cached_property
    def _holidays(self) -> Mapping[date, Any]:
        if self._given_holidays is not None:
            return self._given_holidays
        import holidays

        # Vietnamese names: they are shown to users (a deadline moved off "Tết Nguyên Đán").
        return holidays.country_holidays("VN", language="vi")

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return None if name is None else str(name)

    def is_working_day(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = day.weekday() < 5 and day not in self._holidays
        return known

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.tz)

    def at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.tz)

    def is_working_time(self, at: datetime) -> bool:
        local = self.local(at)
        return self.is_working_day(local.date()) and self.day_start <= local.time() < self.day_end

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_day_on_or_after(self, day: date) -> date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: date, count: int) -> date:
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_moment(self, at: datetime) -> datetime:
        """``at`` itself if it is working time, else the next working morning."""
        local = self.local(at)
        if self.is_working_day(local.date()):
            if local.time() < self.day_start:
                return self.at(local.date(), self.day_start)
            if local.time() < self.day_end:
                return local
        return self.at(self.next_working_day(local.date()), self.day_start)


@dataclass(frozen=True, slots=True)
class ReminderRules:
    """What the Office may change per round (``Round.reminder_policy``) or in settings."""

    before_days: tuple[int, ...] = (7, 3, 1, 0)
    after_first_days: int = 1
    after_every_working_days: int = 3

    def __post_init__(self) -> None:
        if any(not 0 <= d <= MAX_OFFSET_DAYS for d in self.before_days):
            raise ValueError(f"reminder days before the deadline must be between 0 and {MAX_OFFSET_DAYS}")
        if not 1 <= self.after_first_days <= MAX_OFFSET_DAYS:
            raise ValueError(f"the first overdue reminder must come 1 to {MAX_OFFSET_DAYS} days after the deadline")
        if not 1 <= self.after_every_working_days <= MAX_EVERY_WORKING_DAYS:
            raise ValueError(f"overdue reminders repeat every 1 to {MAX_EVERY_WORKING_DAYS} working days")
        object.__setattr__(self, "before_days", tuple(sorted(set(self.before_days), reverse=True)))

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> ReminderRules:
        """These rules with a round's stored overrides; a broken stored value falls back to these."""
        if not overrides:
            return self
        try:
            return replace(
                self,
                before_days=tuple(int(d) for d in overrides.get("before_days", self.before_days)),
                after_first_days=int(overrides.get("after_first_days", self.after_first_days)),
                after_every_working_days=int(overrides.get("after_every_working_days", self.after_every_working_days)),
            )
        except (TypeError, ValueError):
            return self

    def as_dict(self) -> dict[str, Any]:
        return {
            "before_days": list(self.before_days),
            "after_first_days": self.after_first_days,
            "after_every_working_days": self.after_every_working_days,
        }


_RULES_TEXT = re.compile(r"^\s*([\d\s,;.-]*?)\s*(?:/\s*(\d+)\s*)?$")


def parse_rules_text(text: str, base: ReminderRules) -> ReminderRules:
    """ "7 3 1 0 / 3" → before 7, 3, 1 days and the day itself; overdue every 3 working days.

    Raises ValueError when the text is not in that shape or out of bounds.
    """
    match = _RULES_TEXT.match(text)
    if match is None or not (match.group(1).strip() or match.group(2)):
        raise ValueError("not a reminder schedule")
    days = [int(n) for n in re.findall(r"\d+", match.group(1))]
    every = int(match.group(2)) if match.group(2) else base.after_every_working_days
    return ReminderRules(
        before_days=tuple(days) if days else base.before_days,
        after_first_days=base.after_first_days,
        after_every_working_days=every,
    )


@dataclass(frozen=True, slots=True)
class Slot:
    """One moment a reminder is due. ``label`` names it in the log key: D-3, D0, D+1, D+6…"""

    due: datetime  # aware, in the calendar's zone: ``due.date()`` is the local day
    label: str
    kind: str  # before | due | after

    @property
    def day(self) -> date:
        return self.due.date()


@dataclass(frozen=True)
class ReminderPolicy:
    calendar: WorkCalendar
    rules: ReminderRules = field(default_factory=ReminderRules)
    send_time: time = time(8, 0)
    catch_up_working_days: int = 1
    office_weekday: int = 0  # Monday
    lookback_days: int = 14
    # expires() per slot instant: thousands of pairs share a handful of slots in one sweep.
    _expiry: dict[datetime, datetime] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        return self.calendar.tz

    def local_day(self, at: datetime) -> date:
        return self.calendar.local(at).date()

    def slot_at(self, day: date) -> datetime:
        """The send time on ``day``; on a weekend or holiday, the send time of the next working day."""
        working_day = self.calendar.working_day_on_or_after(day)
        # A send time configured outside working hours moves into them too.
        return self.calendar.working_moment(self.calendar.at(working_day, self.send_time))

    def expires(self, due: datetime) -> datetime:
        """A slot missed at ``due`` may still go out until this instant (the catch-up window)."""
        known = self._expiry.get(due)
        if known is None:
            local = self.calendar.local(due)
            day = self.calendar.add_working_days(local.date(), self.catch_up_working_days)
            known = self._expiry[due] = self.calendar.at(day, local.time())
        return known

    # ------------------------------------------------------------------ rounds
    def round_slots(self, deadline: datetime, until: datetime, rules: ReminderRules | None = None) -> list[Slot]:
        """Every slot of a deadline that is due at or before ``until``, in time order."""
        result: list[Slot] = []
        for slot in self.iter_round_slots(deadline, rules):
            if slot.due > until:
                break
            result.append(slot)
        return result

    def iter_round_slots(self, deadline: datetime, rules: ReminderRules | None = None) -> Iterator[Slot]:
        """The endless schedule of a deadline (after-slots repeat until the round is done)."""
        rules = rules or self.rules
        deadline_day = self.local_day(deadline)
        before: list[Slot] = []
        for offset in rules.before_days:  # sorted far → near
            due = self.slot_at(deadline_day - timedelta(days=offset))
            if due >= deadline:
                continue
            slot = Slot(due, f"D-{offset}" if offset else "D0", "before" if offset else "due")
            if before and self.local_day(before[-1].due) == self.local_day(due):
                before[-1] = slot  # moved onto the same day: the nearer one wins
            else:
                before.append(slot)
        yield from before
        last_day = self.local_day(before[-1].due) if before else None
        due = self.slot_at(deadline_day + timedelta(days=rules.after_first_days))
        while True:
            day = self.local_day(due)
            if day != last_day:
                yield Slot(due, f"D+{(day - deadline_day).days}", "after")
                last_day = day
            due = self.slot_at(self.calendar.add_working_days(day, rules.after_every_working_days))

    # ------------------------------------------------------------------ digests
    def quarter_start(self, year: int, quarter: int) -> datetime:
        """The quarter digest: the first working day of the quarter at the send time."""
        first = date(year, 3 * (quarter - 1) + 1, 1)
        return self.calendar.at(self.calendar.working_day_on_or_after(first), self.send_time)

    def quarter_of(self, at: datetime) -> tuple[int, int]:
        day = self.local_day(at)
        return day.year, (day.month - 1) // 3 + 1

    def weekly_office_slot(self, at: datetime) -> tuple[date, datetime]:
        """The latest weekly Office digest at or before ``at``: (its nominal weekday, when it is due).

        A holiday Monday moves to the next working morning; the key stays the nominal Monday.
        """
        day = self.local_day(at)
        nominal = day - timedelta(days=(day.weekday() - self.office_weekday) % 7)
        due = self.slot_at(nominal)
        if due > at:
            nominal -= timedelta(days=7)
            due = self.slot_at(nominal)
        return nominal, due

    def office_after_deadline(self, deadline: datetime) -> datetime:
        """The Office's digest of who is missing: the working day after the deadline's day."""
        return self.calendar.at(self.calendar.next_working_day(self.local_day(deadline)), self.send_time)


@dataclass(frozen=True, slots=True)
class Pick:
    """What to do with the slots that came due for one (round, unit) since it was last handled."""

    send: Slot | None
    skipped: tuple[tuple[Slot, str], ...]


@dataclass(frozen=True, slots=True)
class Schedule:
    """A deadline's slots up to some instant, indexed for the planner's many lookups."""

    slots: tuple[Slot, ...]
    stamps: tuple[float, ...]  # POSIX seconds: comparing floats is far cheaper than aware datetimes
    days: tuple[date, ...]

    @classmethod
    def of(cls, slots: list[Slot]) -> Schedule:
        return cls(tuple(slots), tuple(s.due.timestamp() for s in slots), tuple(s.day for s in slots))


def due_slots(
    schedule: Schedule | list[Slot],
    after_day: date | None,
    not_before: datetime | float | None,
    now: datetime | float,
) -> list[Slot]:
    """The slots due by ``now``, on a day after ``after_day`` (the last one handled) and not before
    ``not_before`` (when the unit started owing). Instants may be given as POSIX seconds."""
    if not isinstance(schedule, Schedule):
        schedule = Schedule.of(schedule)
    end = bisect.bisect_right(schedule.stamps, _seconds(now))
    start = bisect.bisect_left(schedule.stamps, _seconds(not_before)) if not_before is not None else 0
    if after_day is not None:
        start = max(start, bisect.bisect_right(schedule.days, after_day))
    return list(schedule.slots[start:end])


def _seconds(at: datetime | float) -> float:
    return at if isinstance(at, float) else at.timestamp()


def pick(policy: ReminderPolicy, candidates: list[Slot], now: datetime) -> Pick:
    """Send the latest due slot if it is still within the catch-up window; the rest are skipped.

    Never two reminders at once for the same (round, unit): earlier ones are "superseded".
    """
    if not candidates:
        return Pick(None, ())
    latest = candidates[-1]
    if now >= policy.expires(latest.due):
        return Pick(None, tuple((s, "expired") for s in candidates))
    earlier = tuple((s, "expired" if now >= policy.expires(s.due) else "superseded") for s in candidates[:-1])
    return Pick(latest, earlier)
