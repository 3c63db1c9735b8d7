"""Next year's plan from last year's: pure rules, no database (services/plan_drafts.py stores the result).

- Every date moves to the new year (an item due early in the following year keeps that offset); a day
  that is not a working day (weekend, Vietnamese public holiday, Tết included) moves to the working
  day before it, and the shift is listed.
- Mentions of the source year ("năm 2024", "6 tháng đầu năm 2024", "tháng 12/2024") become the new
  year; a document number such as "84/2025/QH15" is left alone (the year is followed by "/").
- Who must send or take part is checked against the units in force on the item's new date: a unit
  that ended is replaced by the unit it was merged into when that one is in force, and dropped when
  there is none or it is the plan's own issuer (the Inspectorate does not report to itself); a
  group with no unit left in force is replaced the same way by its units' successors. Every such
  change is listed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from services.reminder_policy import WorkCalendar
from services.unit_selectors import GROUP_KINDS, GROUP_UNITS, selector_text

MAX_MERGE_CHAIN = 10


@dataclass(frozen=True, slots=True)
class ItemData:
    """One plan item, as stored on a plan (``storage.models.PlanItem``) and as a draft edits it."""

    quarter: int
    item_no: int
    task: str
    kind: str
    lead: str | None = None
    coordinating: tuple[str, ...] = ()
    submitters: tuple[str, ...] = ()
    deliverable: str | None = None
    due_on: date | None = None
    due_note: str | None = None
    optional: bool = False
    conditional: bool = False
    note: str | None = None
    round_kind: str | None = None
    planned_on: date | None = None  # the day meant, before a move off a day off (None: due_on is it)

    @property
    def ref(self) -> str:
        return f"{('I', 'II', 'III', 'IV')[self.quarter - 1]}.{self.item_no}"


@dataclass(frozen=True, slots=True)
class UnitFact:
    code: str
    name: str
    kind: str  # storage.models.UnitKind value
    valid_from: date | None = None
    valid_to: date | None = None
    merged_into: str | None = None  # code of the successor

    def in_force(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Directory:
    """The unit list, read once, so a plan of any size is checked without a query per item."""

    def __init__(self, units: Iterable[UnitFact]) -> None:
        self.by_code = {u.code: u for u in units}
        self.by_kind: dict[str, list[UnitFact]] = {}
        for unit in self.by_code.values():
            self.by_kind.setdefault(unit.kind, []).append(unit)
        self._kind_cache: dict[tuple[str, int], bool] = {}
        # Between two consecutive start/end dates every unit is in force or not alike: answers about
        # the organisation are cached per such stretch ("epoch"), not per day.
        changes = {u.valid_from for u in self.by_code.values() if u.valid_from is not None}
        changes |= {u.valid_to + timedelta(days=1) for u in self.by_code.values() if u.valid_to is not None}
        self._changes = sorted(changes)

    def epoch(self, day: date) -> int:
        return bisect_right(self._changes, day)

    def kind_in_force(self, kind: str, day: date) -> bool:
        key = (kind, self.epoch(day))
        if key not in self._kind_cache:
            self._kind_cache[key] = any(u.in_force(day) for u in self.by_kind.get(kind, ()))
        return self._kind_cache[key]

    def successor(self, code: str, day: date) -> UnitFact | None:
        """The unit that took over ``code`` and is in force on ``day``, following a chain of merges."""
        unit = self.by_code.get(code)
        for _ in range(MAX_MERGE_CHAIN):
            if unit is None or unit.merged_into is None:
                return None
            unit = self.by_code.get(unit.merged_into)
            if unit is not None and unit.in_force(day):
                return unit
        return None


@dataclass(frozen=True, slots=True)
class DateShift:
    ref: str
    same_day: date  # the source date in the new year
    moved_to: date
    reason: str  # the holiday's name, or "" for a weekend


@dataclass(frozen=True, slots=True)
class UnitChange:
    ref: str
    field: str  # "submitters" | "coordinating"
    before: str  # the selector as stored
    after: tuple[str, ...]  # what replaces it; empty: dropped
    reason: str  # "ended" (no longer in force) | "issuer" (merged into the plan's issuer) | "unknown"


@dataclass(frozen=True, slots=True)
class Rollover:
    source_year: int
    year: int
    title: str
    items: list[ItemData]
    shifts: list[DateShift]
    unit_changes: list[UnitChange]
    retitled: list[str]  # refs whose texts named the source year


def move_year(day: date, source_year: int, year: int) -> date:
    """The same day and month ``year - source_year`` years later; 29/02 becomes 28/02 when needed."""
    target = day.year + year - source_year
    try:
        return day.replace(year=target)
    except ValueError:
        return day.replace(year=target, day=28)


def retitle(text: str | None, source_year: int, year: int) -> str | None:
    if text is None:
        return None
    following = re.sub(rf"(?<!\d){source_year + 1}(?![\d/])", str(year + 1), text)
    return re.sub(rf"(?<!\d){source_year}(?![\d/])", str(year), following)


def working_day_on_or_before(calendar: WorkCalendar, day: date) -> date:
    """The working day before a day off; if that leaves the year (01/01), the working day after it."""
    earlier = day
    while not calendar.is_working_day(earlier):
        earlier -= timedelta(days=1)
    if earlier.year == day.year:
        return earlier
    return calendar.working_day_on_or_after(day)


def quarter_end(year: int, quarter: int) -> date:
    first_of_next = date(year + (quarter == 4), 1 if quarter == 4 else quarter * 3 + 1, 1)
    return first_of_next - timedelta(days=1)


class _Resolver:
    def __init__(self, directory: Directory, issuer_code: str | None) -> None:
        self.directory = directory
        self.issuer_code = issuer_code
        self._groups: dict[tuple[str, int, int], tuple[bool, tuple[str, ...], str]] = {}

    def selectors(
        self, ref: str, field: str, values: Sequence[str], source_day: date, day: date, changes: list[UnitChange]
    ) -> tuple[str, ...]:
        result: list[str] = []
        for value in values:
            kept, replacement, reason = self._one(value, source_day, day)
            if kept:
                result.append(value)
                continue
            added = tuple(r for r in replacement if r not in result and r not in values)
            result.extend(added)
            changes.append(UnitChange(ref, field, value, added, reason))
        return tuple(result)

    def _one(self, value: str, source_day: date, day: date) -> tuple[bool, tuple[str, ...], str]:
        kind, _, code = value.rpartition(":")
        directory = self.directory
        if not kind and code in GROUP_KINDS:
            unit_kind = GROUP_KINDS[code].value
            if directory.kind_in_force(unit_kind, day):
                return True, (), ""
            key = (unit_kind, directory.epoch(source_day), directory.epoch(day))
            if key not in self._groups:  # a group ends for every item of the year at once: work it out once
                before = [u.code for u in directory.by_kind.get(unit_kind, ()) if u.in_force(source_day)]
                self._groups[key] = self._successors(before, day)
            return self._groups[key]
        unit_code = GROUP_UNITS.get(code, "") if not kind else code
        unit = directory.by_code.get(unit_code)
        if unit is None:
            return (True, (), "") if not kind else (False, (), "unknown")
        if unit.in_force(day):
            return True, (), ""
        return self._successors([unit.code], day)

    def _successors(self, codes: Iterable[str], day: date) -> tuple[bool, tuple[str, ...], str]:
        found: dict[str, None] = {}  # ordered and unique
        to_issuer = False
        for code in codes:
            successor = self.directory.successor(code, day)
            if successor is None:
                continue
            if successor.code == self.issuer_code:
                to_issuer = True
            else:
                found[selector_text("unit", successor.code)] = None
        if found:
            return False, tuple(found), "ended"
        return False, (), "issuer" if to_issuer else "ended"


def roll(
    items: Sequence[ItemData],
    *,
    title: str,
    source_year: int,
    year: int,
    directory: Directory,
    calendar: WorkCalendar,
    issuer_code: str | None,
) -> Rollover:
    resolver = _Resolver(directory, issuer_code)
    shifts: list[DateShift] = []
    changes: list[UnitChange] = []
    retitled: list[str] = []
    rolled: list[ItemData] = []
    for item in items:
        due = same_day = None
        meant = item.planned_on or item.due_on
        if meant is not None:
            same_day = move_year(meant, source_year, year)
            due = working_day_on_or_before(calendar, same_day)
            if due != same_day:
                shifts.append(DateShift(item.ref, same_day, due, calendar.holiday_name(same_day) or ""))
        source_day = meant or quarter_end(source_year, item.quarter)
        day = due or quarter_end(year, item.quarter)
        task = retitle(item.task, source_year, year) or item.task
        deliverable = retitle(item.deliverable, source_year, year)
        due_note = retitle(item.due_note, source_year, year)
        note = retitle(item.note, source_year, year)
        if (task, deliverable, due_note, note) != (item.task, item.deliverable, item.due_note, item.note):
            retitled.append(item.ref)
        rolled.append(
            replace(
                item,
                task=task,
                deliverable=deliverable,
                due_note=due_note,
                note=note,
                due_on=due,
                planned_on=same_day,
                submitters=resolver.selectors(item.ref, "submitters", item.submitters, source_day, day, changes),
                coordinating=resolver.selectors(item.ref, "coordinating", item.coordinating, source_day, day, changes),
            )
        )
    new_title = retitle(title, source_year, year) or title
    return Rollover(source_year, year, new_title, rolled, shifts, changes, retitled)
