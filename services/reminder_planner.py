"""Planning a sweep: which reminders are due now, which were missed, which are retried.

Reads a few result sets (storage/repos/reminders.py) and decides in memory, so it costs the same
whether a round has 30 units or 2,000. Writes nothing: the engine claims what this returns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.reminder_policy import ReminderPolicy, ReminderRules, Schedule, Slot, due_slots, pick
from services.unit_selectors import resolve
from storage.models import DeliveryStatus, ObligationStatus, PlanStatus, Round
from storage.repos import reminders as repo
from storage.repos import rounds as round_repo

ROLE_ORDER = ("lead", "coordinating", "submitter")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One channel of a person: a reminder goes once to each enabled, reachable identity."""

    account_id: int
    platform: str
    chat_id: str
    name: str
    identity_id: int


@dataclass(slots=True)
class Due:
    """One log row to write: a reminder to send, or a slot to record as skipped (``reason``)."""

    key: str
    kind: str  # before | due | after | quarter | office | flag
    slot: str
    due_at: datetime
    round_id: int | None = None
    unit_id: int | None = None
    recipients: tuple[Recipient, ...] = ()
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # Set for a row that already exists (a retry or a claim left behind by a stopped sweep).
    delivery_id: int | None = None
    was: DeliveryStatus | None = None
    attempts: int = 0
    claimed_at: datetime | None = None

    @property
    def slot_date(self) -> date:
        return self.due_at.date()

    def row(self, now: datetime) -> dict[str, Any]:
        status = DeliveryStatus.SKIPPED if self.reason else DeliveryStatus.CLAIMED
        return {
            "key": self.key,
            "kind": self.kind,
            "slot": self.slot,
            "round_id": self.round_id,
            "unit_id": self.unit_id,
            "slot_date": self.slot_date,
            "due_at": self.due_at,
            "status": status,
            "claimed_at": now,
            "finished_at": now if self.reason else None,
            "attempts": 0,
            "recipients": 0,
            "error": self.reason,
            "created_by_id": None,
            "details": self.details,
        }


@dataclass
class Plan:
    now: datetime
    working: bool
    rounds: dict[int, Round]
    owing: dict[tuple[int, int], repo.OwingRow]
    send: list[Due] = field(default_factory=list)
    skip: list[Due] = field(default_factory=list)
    retry: list[Due] = field(default_factory=list)
    interrupted: list[Due] = field(default_factory=list)
    abandon: list[Due] = field(default_factory=list)  # claims never started that are no longer due
    # Units that could not be reminded (no reachable account) → the rounds concerned: flagged to the Office.
    unreachable: dict[int, set[int]] = field(default_factory=dict)
    admins: tuple[Recipient, ...] = ()
    # Reachable channels of persons per unit (units without any are absent).
    accounts: dict[int, tuple[Recipient, ...]] = field(default_factory=dict)


def round_key(round_id: int, unit_id: int, slot: Slot) -> str:
    return f"r{round_id}:u{unit_id}:{slot.label}:{slot.day.isoformat()}"


def _recipients(rows: list[repo.AccountRow]) -> tuple[Recipient, ...]:
    return tuple(Recipient(a.account_id, a.platform, a.chat_id, a.name, a.identity_id) for a in rows)


class Planner:
    def __init__(self, policy: ReminderPolicy, *, max_attempts: int, stale_after: timedelta) -> None:
        self.policy = policy
        self.max_attempts = max_attempts
        self.stale_after = stale_after

    async def plan(self, session: AsyncSession, now: datetime) -> Plan:
        policy = self.policy
        today = policy.local_day(now)
        since_day = today - timedelta(days=policy.lookback_days)
        rounds = {r.id: r for r in await repo.open_rounds(session)}
        round_ids = sorted(rounds)
        owing = {(o.round_id, o.unit_id): o for o in await repo.owing(session, round_ids)}
        plan = Plan(now, policy.calendar.is_working_time(now), rounds, owing)
        accounts: dict[int, list[repo.AccountRow]] = defaultdict(list)
        reachable = await repo.reachable_accounts(session)
        for account in reachable:
            accounts[account.unit_id].append(account)
        plan.accounts = {unit_id: _recipients(rows) for unit_id, rows in accounts.items()}
        plan.admins = _recipients([a for a in reachable if a.admin])
        last_days = await repo.last_round_days(session, round_ids, since_day)
        await self._rounds(session, plan, accounts, last_days, since_day)
        await self._quarter(session, plan, accounts)
        await self._office(session, plan)
        # Imported here: plan_action_dues builds this module's Due rows (see services/plan_action_dues.py).
        from services import plan_action_dues

        await plan_action_dues.add_dues(session, plan, policy)
        await self._unfinished(session, plan, accounts)
        return plan

    # ------------------------------------------------------------------ round reminders
    async def _rounds(
        self,
        session: AsyncSession,
        plan: Plan,
        accounts: dict[int, list[repo.AccountRow]],
        last_days: dict[tuple[int, int], date],
        since_day: date,
    ) -> None:
        policy, now = self.policy, plan.now
        now_ts = now.timestamp()
        lookback_ts = policy.calendar.at(since_day, policy.send_time).timestamp()
        schedules: dict[tuple[datetime, ReminderRules], Schedule] = {}
        rules_of = {rid: policy.rules.with_overrides(r.reminder_policy) for rid, r in plan.rounds.items()}
        created_ts = {rid: r.created_at.timestamp() for rid, r in plan.rounds.items()}
        chosen: list[tuple[repo.OwingRow, Slot]] = []
        for pair, row in plan.owing.items():
            round_ = plan.rounds[row.round_id]
            deadline = row.due_at or round_.deadline
            rules = rules_of[row.round_id]
            slots = schedules.get((deadline, rules))
            if slots is None:
                slots = schedules[(deadline, rules)] = Schedule.of(policy.round_slots(deadline, now, rules))
            owing_since = created_ts[row.round_id]
            if row.status == ObligationStatus.RETURNED and row.returned_at is not None:
                owing_since = row.returned_at.timestamp()
            candidates = due_slots(slots, last_days.get(pair), max(owing_since, lookback_ts), now_ts)
            if not candidates:
                continue
            picked = pick(policy, candidates, now)
            for missed, why in picked.skipped:
                plan.skip.append(self._round_due(row, missed, reason=why))
            if picked.send is not None:
                chosen.append((row, picked.send))
        # Read only when something is due: most sweeps have nothing to send.
        manual = await repo.manual_days(session, sorted(plan.rounds), since_day) if chosen else {}
        for row, slot in chosen:
            round_ = plan.rounds[row.round_id]
            reason: str | None = None
            if round_.reminders_paused:
                reason = "paused_round"
            elif row.paused:
                reason = "paused_unit"
            elif any(day >= slot.day for day in manual.get((row.round_id, row.unit_id), ())):
                reason = "manual"
            elif row.unit_id not in plan.accounts:
                reason = "no_recipient"
                plan.unreachable.setdefault(row.unit_id, set()).add(row.round_id)
            due = self._round_due(row, slot, reason=reason, recipients=plan.accounts.get(row.unit_id, ()))
            (plan.skip if reason else plan.send).append(due)

    @staticmethod
    def _round_due(
        row: repo.OwingRow, slot: Slot, *, reason: str | None, recipients: tuple[Recipient, ...] = ()
    ) -> Due:
        return Due(
            key=round_key(row.round_id, row.unit_id, slot),
            kind=slot.kind,
            slot=slot.label,
            due_at=slot.due,
            round_id=row.round_id,
            unit_id=row.unit_id,
            recipients=() if reason else recipients,
            reason=reason,
        )

    # ------------------------------------------------------------------ quarter digests
    async def _quarter(self, session: AsyncSession, plan: Plan, accounts: dict[int, list[repo.AccountRow]]) -> None:
        policy, now = self.policy, plan.now
        year, quarter = policy.quarter_of(now)
        due_at = policy.quarter_start(year, quarter)
        slot = f"quarter:{year}-{quarter}"
        if not due_at <= now < due_at + timedelta(days=policy.lookback_days):
            return
        if await repo.has_slot(session, "quarter", slot):
            return
        plan_row = await round_repo.plan_by_year(session, year)
        if plan_row is None or plan_row.status == PlanStatus.DRAFT:  # a draft binds nobody yet
            return
        involved: dict[int, dict[int, str]] = defaultdict(dict)
        day = policy.local_day(due_at)
        for item in await round_repo.plan_items(session, plan_row.id):
            if item.quarter != quarter:
                continue
            for role, selectors in (
                ("lead", [item.lead] if item.lead else []),
                ("coordinating", item.coordinating),
                ("submitter", item.submitters),
            ):
                for unit_id in await resolve(session, [str(s) for s in selectors], year=year, on=day):
                    current = involved[unit_id].get(item.id)
                    if current is None or ROLE_ORDER.index(role) < ROLE_ORDER.index(current):
                        involved[unit_id][item.id] = role
        expired = now >= policy.expires(due_at)
        for unit_id, items in sorted(involved.items()):
            recipients = _recipients(accounts.get(unit_id, []))
            reason = "expired" if expired else None if recipients else "no_recipient"
            if reason == "no_recipient":
                plan.unreachable.setdefault(unit_id, set())
            due = Due(
                key=f"q{year}-{quarter}:u{unit_id}",
                kind="quarter",
                slot=slot,
                due_at=due_at,
                unit_id=unit_id,
                recipients=() if reason else recipients,
                reason=reason,
                details={"items": [[item_id, role] for item_id, role in sorted(items.items())]},
            )
            (plan.skip if reason else plan.send).append(due)

    # ------------------------------------------------------------------ the Office's digests
    async def _office(self, session: AsyncSession, plan: Plan) -> None:
        policy, now = self.policy, plan.now
        lookback = now - timedelta(days=policy.lookback_days)
        nominal, weekly_at = policy.weekly_office_slot(now)
        candidates = [
            Due(
                key=f"office:w:{nominal.isoformat()}",
                kind="office",
                slot="weekly",
                due_at=weekly_at,
                details={"weekly": True},
            )
        ]
        for round_ in plan.rounds.values():
            due_at = policy.office_after_deadline(round_.deadline)
            if due_at > now or due_at < max(round_.created_at, lookback):
                continue
            same_morning = policy.local_day(due_at) == policy.local_day(weekly_at)
            candidates.append(
                Due(
                    key=f"office:r{round_.id}:{policy.local_day(due_at).isoformat()}",
                    kind="office",
                    slot="after-deadline",
                    due_at=due_at,
                    round_id=round_.id,
                    reason="in_weekly" if same_morning else None,
                    details={"rounds": [round_.id]},
                )
            )
        present = await repo.present_keys(session, [c.key for c in candidates])
        for due in candidates:
            if due.key in present:
                continue
            if due.reason is None and now >= policy.expires(due.due_at):
                due.reason = "expired"
            if due.reason is None and not plan.admins:
                due.reason = "no_recipient"
            if due.reason is None:
                due.recipients = plan.admins
            (plan.skip if due.reason else plan.send).append(due)

    # ------------------------------------------------------------------ retries and leftovers
    async def _unfinished(self, session: AsyncSession, plan: Plan, accounts: dict[int, list[repo.AccountRow]]) -> None:
        """Failed rows worth another try, claims a stopped sweep never started, and stale started ones."""
        policy, now = self.policy, plan.now
        since = now - timedelta(days=policy.lookback_days)
        for row in await repo.unfinished(session, since):
            due = Due(
                key=row.key,
                kind=row.kind,
                slot=row.slot,
                due_at=policy.calendar.local(row.due_at),
                round_id=row.round_id,
                unit_id=row.unit_id,
                details=dict(row.details or {}),
                delivery_id=row.id,
                was=row.status,
                attempts=row.attempts,
                claimed_at=row.claimed_at,
            )
            if row.kind == repo.MANUAL:  # sent by the admin's flow, never by a sweep
                if now - row.claimed_at >= self.stale_after:  # the process stopped while sending them
                    due.reason = "stopped"
                    (plan.interrupted if row.recipients > 0 else plan.abandon).append(due)
                continue
            if row.status == DeliveryStatus.CLAIMED and row.recipients > 0:
                if now - row.claimed_at >= self.stale_after:
                    plan.interrupted.append(due)
                continue  # started by a sweep that may still be running
            if row.status == DeliveryStatus.FAILED and (
                not due.details.get("retryable") or row.attempts >= self.max_attempts
            ):
                continue
            # No channel that has it, or may have it (an unknown outcome), is sent it again (identity ids).
            delivered = {*due.details.get("delivered", []), *due.details.get("unknown", [])}
            admins_only = due.kind in ("office", "flag")
            pool = plan.admins if admins_only else _recipients(accounts.get(due.unit_id or 0, []))
            if "to" in due.details:  # addressed to named accounts (plan items, meeting eves)
                wanted = {int(a) for a in due.details["to"]}
                pool = tuple(r for rs in plan.accounts.values() for r in rs if r.account_id in wanted)
            due.recipients = tuple(r for r in pool if r.identity_id not in delivered)
            if now >= policy.expires(due.due_at):
                due.reason = "expired"
            elif not self._still_wanted(plan, due):
                due.reason = "no_longer_due"
            elif not due.recipients:
                due.reason = "no_recipient"
            if due.reason is None:
                plan.retry.append(due)
            elif row.status == DeliveryStatus.CLAIMED:  # never started, and now never will be: say why
                plan.abandon.append(due)

    @staticmethod
    def _still_wanted(plan: Plan, due: Due) -> bool:
        if due.kind not in repo.ROUND_KINDS:
            return True
        row = plan.owing.get((due.round_id or 0, due.unit_id or 0))
        round_ = plan.rounds.get(due.round_id or 0)
        return row is not None and round_ is not None and not (row.paused or round_.reminders_paused)
