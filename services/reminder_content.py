"""What each reminder says, as data: loaded for a batch of claimed rows in a few queries.

How it reads (catalogue, buttons) is handlers/reminder_messages.py; the engine only carries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from core.messages import Reply
from services import plan_action_content, plan_actions
from services.plan_action_content import PlanActionContent
from services.plan_actions import OverdueItem
from services.reminder_planner import Due, Plan
from services.reminder_policy import ReminderPolicy
from storage.models import ObligationStatus, PlanItem, RoundKind, Unit
from storage.repos import reminders as repo
from storage.repos import rounds as round_repo


@dataclass(frozen=True, slots=True)
class RoundReminder:
    round_id: int
    round_name: str
    unit_name: str
    deadline: datetime
    returned: bool
    registration: bool = False  # a registration round: its button starts /dangky


@dataclass(frozen=True, slots=True)
class QuarterItem:
    ref: str
    task: str
    role: str  # lead | coordinating | submitter
    due_on: date | None
    due_note: str | None


@dataclass(frozen=True, slots=True)
class QuarterDigest:
    unit_name: str
    year: int
    quarter: int
    items: tuple[QuarterItem, ...]


@dataclass(frozen=True, slots=True)
class MissingUnit:
    name: str
    deadline: datetime
    returned: bool
    paused: bool
    reachable: bool


@dataclass(frozen=True, slots=True)
class RoundMissing:
    round_id: int
    name: str
    deadline: datetime
    paused: bool
    missing: tuple[MissingUnit, ...]
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class OfficeDigest:
    weekly: bool
    rounds: tuple[RoundMissing, ...]
    items: tuple[OverdueItem, ...] = ()  # the Office's own overdue plan items (weekly digest)


@dataclass(frozen=True, slots=True)
class UnreachableUnits:
    units: tuple[tuple[str, tuple[str, ...]], ...]  # (unit name, names of the rounds it was not reminded of)


Content = RoundReminder | QuarterDigest | OfficeDigest | UnreachableUnits | PlanActionContent


class Renderer(Protocol):
    def __call__(self, content: Content, now: datetime) -> Reply | None:
        """The message for ``content`` as of ``now``; None when there is nothing worth sending."""
        ...


async def load(session: AsyncSession, dues: Sequence[Due], plan: Plan, policy: ReminderPolicy) -> dict[str, Content]:
    """Content per due key, for the rows this sweep is about to send."""
    office = [d for d in dues if d.kind == "office"]
    digest_rounds: set[int] = set()
    today = policy.local_day(plan.now)
    for due in office:
        if due.details.get("weekly"):
            digest_rounds |= {rid for rid, r in plan.rounds.items() if _in_reminder_period(plan, policy, rid, today)}
        else:
            digest_rounds |= {int(rid) for rid in due.details.get("rounds", []) if int(rid) in plan.rounds}
    unit_ids = {d.unit_id for d in dues if d.unit_id is not None}
    unit_ids |= {u for (r, u) in plan.owing if r in digest_rounds}
    units = await repo.units_by_id(session, unit_ids)
    items = await _plan_items(session, dues)
    counts = await round_repo.status_counts(session, sorted(digest_rounds))
    result: dict[str, Content] = {}
    overdue = await plan_actions.overdue(session, today) if any(d.details.get("weekly") for d in office) else []
    for due in dues:
        content = _content(due, plan, policy, units, items, counts, digest_rounds)
        if isinstance(content, OfficeDigest) and content.weekly:
            content = OfficeDigest(content.weekly, content.rounds, tuple(overdue))
        if content is not None:
            result[due.key] = content
    result.update(await plan_action_content.load(session, [d for d in dues if d.kind in ("item", "eve")]))
    return result


def _content(
    due: Due,
    plan: Plan,
    policy: ReminderPolicy,
    units: dict[int, Unit],
    items: dict[int, PlanItem],
    counts: dict[int, dict[str, int]],
    digest_rounds: set[int],
) -> Content | None:
    unit = units.get(due.unit_id or 0)
    if due.kind in ("before", "due", "after"):
        row = plan.owing.get((due.round_id or 0, due.unit_id or 0))
        round_ = plan.rounds.get(due.round_id or 0)
        if row is None or round_ is None or unit is None:
            return None
        deadline = row.due_at or round_.deadline
        return RoundReminder(
            round_.id,
            round_.name,
            unit.name,
            deadline,
            row.status == ObligationStatus.RETURNED,
            round_.kind is RoundKind.REGISTRATION,
        )
    if due.kind == "quarter":
        year, quarter = (int(part) for part in due.slot.removeprefix("quarter:").split("-"))
        chosen = [
            QuarterItem(item.ref, item.task, str(role), item.due_on, item.due_note)
            for item_id, role in due.details.get("items", [])
            if (item := items.get(int(item_id))) is not None
        ]
        return QuarterDigest(unit.name if unit else "", year, quarter, tuple(chosen)) if chosen else None
    if due.kind == "office":
        wanted = digest_rounds if due.details.get("weekly") else {int(r) for r in due.details.get("rounds", [])}
        rounds = tuple(
            _round_missing(plan, rid, units, counts.get(rid, {}))
            for rid in sorted(wanted & set(plan.rounds), key=lambda rid: (plan.rounds[rid].deadline, rid))
        )
        return OfficeDigest(bool(due.details.get("weekly")), tuple(r for r in rounds if r.missing))
    if due.kind == "flag" and unit is not None:
        names = tuple(plan.rounds[int(r)].name for r in due.details.get("rounds", []) if int(r) in plan.rounds)
        return UnreachableUnits(((unit.name, names),))
    return None


def _in_reminder_period(plan: Plan, policy: ReminderPolicy, round_id: int, today: date) -> bool:
    """The weekly digest lists rounds already overdue or within their first reminder's reach."""
    round_ = plan.rounds[round_id]
    rules = policy.rules.with_overrides(round_.reminder_policy)
    first = max(rules.before_days, default=0)
    return policy.local_day(round_.deadline) - timedelta(days=first) <= today


def _round_missing(plan: Plan, round_id: int, units: dict[int, Unit], counts: dict[str, int]) -> RoundMissing:
    round_ = plan.rounds[round_id]
    rows = [row for (rid, _), row in plan.owing.items() if rid == round_id]
    ordered = sorted(
        (row for row in rows if row.unit_id in units),
        key=lambda row: (units[row.unit_id].kind.value, units[row.unit_id].sort_order, units[row.unit_id].name),
    )
    missing = tuple(
        MissingUnit(
            units[row.unit_id].name,
            row.due_at or round_.deadline,
            row.status == ObligationStatus.RETURNED,
            row.paused,
            row.unit_id in plan.accounts,
        )
        for row in ordered
    )
    return RoundMissing(round_.id, round_.name, round_.deadline, round_.reminders_paused, missing, counts)


async def _plan_items(session: AsyncSession, dues: Sequence[Due]) -> dict[int, PlanItem]:
    ids = {int(item_id) for d in dues if d.kind == "quarter" for item_id, _ in d.details.get("items", [])}
    return await repo.plan_items_by_id(session, ids)


async def unreachable_units(session: AsyncSession, plan: Plan, flagged: dict[int, set[int]]) -> UnreachableUnits:
    units = await repo.units_by_id(session, flagged)
    entries = []
    for unit_id, round_ids in sorted(flagged.items(), key=lambda kv: units[kv[0]].name if kv[0] in units else ""):
        if unit_id not in units:
            continue
        names = tuple(plan.rounds[r].name for r in sorted(round_ids) if r in plan.rounds)
        entries.append((units[unit_id].name, names))
    return UnreachableUnits(tuple(entries))
