"""The reminder sweep: plan → claim → send → record. The database is the source of truth.

Each row of ``reminder_deliveries`` goes through:

    claimed (recipients = 0)  ──start──►  claimed (recipients = n)  ──►  sent | failed
          │ a sweep stopped here: certainly not sent             │ a crash here: maybe sent
          ▼                                                      ▼
    taken back and sent by the next sweep              after ``stale_after``: unknown "interrupted",
                                                       never resent (a duplicate is worse than one
                                                       lost reminder: the next slot follows anyway)

Claiming is ``INSERT … ON CONFLICT (key) DO NOTHING``, so two sweeps, two processes or a restart
cannot send a slot twice; with PostgreSQL an advisory lock also keeps to one sweep at a time.
Each row is sent by ``reminder_send.send_row``, by the one rule of what a send's outcome means: a
send that certainly did not go out (429, 5xx) is retried by later sweeps while the slot's catch-up
window lasts, up to ``max_attempts``; one that may have arrived (a timeout, a connection dropped
after the request went out) is recorded "unknown" and never sent again, to nobody who may have it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from core.clock import Clock
from core.delivery import Outbound
from core.messages import Reply
from services import reminder_content
from services.delivery import Sending
from services.reminder_content import Content, Renderer
from services.reminder_planner import Due, Plan, Planner, Recipient
from services.reminder_policy import ReminderPolicy
from services.reminder_send import send_row
from storage.db import Database
from storage.models import DeliveryStatus
from storage.repos import reminders as repo

log = logging.getLogger(__name__)
ACTIONS = {DeliveryStatus.SENT: "sent", DeliveryStatus.FAILED: "failed", DeliveryStatus.UNKNOWN: "unknown"}


@dataclass(frozen=True, slots=True)
class ReportLine:
    action: str  # sent | failed | skipped | interrupted | would_send | would_skip | would_retry | …
    due: Due
    note: str | None = None
    recipients: tuple[str, ...] = ()


@dataclass
class SweepReport:
    at: datetime
    dry_run: bool
    state: str = "done"  # done | outside_hours | busy
    next_working: datetime | None = None
    lines: list[ReportLine] = field(default_factory=list)
    plan: Plan | None = None

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)


@dataclass(frozen=True, slots=True)
class _Job:
    due: Due
    reply: Reply


@dataclass(frozen=True, slots=True)
class _Sent:
    status: DeliveryStatus | None  # None: another sweep had already started this row
    error: str | None = None
    blocked: tuple[int, ...] = ()


class ReminderEngine:
    def __init__(
        self,
        db: Database,
        policy: ReminderPolicy,
        outbound: Outbound,
        render: Renderer,
        clock: Clock,
        *,
        max_attempts: int = 3,
        stale_after: timedelta = timedelta(minutes=15),
        workers: int = 8,
    ) -> None:
        self.db = db
        self.policy = policy
        self.outbound = outbound
        self.render = render
        self.clock = clock
        self.planner = Planner(policy, max_attempts=max_attempts, stale_after=stale_after)
        self.workers = workers
        self._guard = asyncio.Lock()  # one sweep at a time in this process
        self._stopping = False

    def stop(self) -> None:
        """Finish the sends in flight, start no new one; unstarted claims go to the next sweep."""
        self._stopping = True

    async def sweep(self, now: datetime | None = None, *, dry_run: bool = False) -> SweepReport:
        now = now or self.clock.now()
        report = SweepReport(now, dry_run)
        if not self.policy.calendar.is_working_time(now):
            report.state = "outside_hours"
            report.next_working = self.policy.calendar.working_moment(now)
            return report
        if self._guard.locked():
            report.state = "busy"
            return report
        async with self._guard:
            if dry_run:  # reads only: no lock needed, and it must not stall a real sweep
                async with self.db.transaction() as session:
                    report.plan = await self.planner.plan(session, now)
                self._describe(report, report.plan)
                return report
            async with repo.sweep_lock(self.db) as mine:
                if not mine:
                    report.state = "busy"
                    return report
                await self._run(report, now)
        return report

    # ------------------------------------------------------------------ the real sweep
    async def _run(self, report: SweepReport, now: datetime) -> None:
        async with self.db.transaction() as session:
            plan = report.plan = await self.planner.plan(session, now)
        if not (plan.send or plan.skip or plan.retry or plan.interrupted or plan.abandon or plan.unreachable):
            return
        jobs_due = await self._claim(report, plan, now)
        async with self.db.transaction() as session:
            contents = await reminder_content.load(session, jobs_due, plan, self.policy)
        jobs: list[_Job] = []
        nothing: list[Due] = []
        for due in jobs_due:
            reply = self._render(contents.get(due.key), now)
            if reply is None:
                nothing.append(due)
            else:
                jobs.append(_Job(due, reply))
        if nothing:
            await self._finish_unsent(report, nothing, "nothing_to_report")
        blocked = await self._deliver_all(report, jobs)
        await self._flag(report, plan, now, blocked)

    async def _claim(self, report: SweepReport, plan: Plan, now: datetime) -> list[Due]:
        """Write the plan's rows; return the dues this sweep now owns and must send."""
        fresh = plan.send + plan.skip
        owned: list[Due] = []
        async with self.db.transaction() as session:
            for due in plan.interrupted:
                assert due.delivery_id is not None and due.claimed_at is not None
                error = "interrupted: the send may have gone out; not resent to avoid a duplicate"
                if await repo.interrupt(session, due.delivery_id, due.claimed_at, error, now):
                    report.lines.append(ReportLine("interrupted", due, error))
            for due in plan.abandon:
                assert due.delivery_id is not None and due.claimed_at is not None
                if await repo.skip_unstarted(session, due.delivery_id, due.claimed_at, due.reason or "", now):
                    report.lines.append(ReportLine("skipped", due, due.reason))
            claimed = await repo.claim(session, [due.row(now) for due in fresh])
            for due in fresh:
                if due.key not in claimed:
                    continue  # another sweep has it
                if due.reason:
                    report.lines.append(ReportLine("skipped", due, due.reason))
                else:
                    owned.append(replace(due, delivery_id=claimed[due.key], claimed_at=now))
            for due in plan.retry:
                assert due.delivery_id is not None and due.claimed_at is not None
                assert due.was is not None
                taken = await repo.reclaim(
                    session, due.delivery_id, status=due.was, attempts=due.attempts, claimed_at=due.claimed_at, now=now
                )
                if taken:
                    owned.append(replace(due, claimed_at=now))
        return owned

    def _render(self, content: Content | None, now: datetime) -> Reply | None:
        if content is None:
            return None
        try:
            return self.render(content, now)
        except Exception:  # a rendering bug must not stop the other reminders
            log.exception("could not render a reminder: %r", content)
            return None

    async def _finish_unsent(self, report: SweepReport, dues: list[Due], reason: str) -> None:
        async with self.db.transaction() as session:
            ids = [d.delivery_id for d in dues if d.delivery_id is not None]
            await repo.finish(
                session, ids, status=DeliveryStatus.SKIPPED, now=self.clock.now(), recipients=0, error=reason,
                details={},
            )  # fmt: skip
        report.lines += [ReportLine("skipped", d, reason) for d in dues]

    async def _deliver_all(self, report: SweepReport, jobs: list[_Job]) -> dict[int, set[int]]:
        """Send with a few workers (the channel paces itself); returns blocked identity ids per unit."""
        queue: asyncio.Queue[_Job] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)
        blocked: dict[int, set[int]] = {}

        async def worker() -> None:
            while not self._stopping:
                try:
                    job = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                try:
                    gone = (await self._deliver(report, job)).blocked
                except Exception:  # e.g. the database went away: the row stays started → "interrupted"
                    log.exception("reminder %s could not be delivered or recorded", job.due.key)
                    continue
                if gone and job.due.unit_id is not None and job.due.kind in (*repo.ROUND_KINDS, "quarter"):
                    blocked.setdefault(job.due.unit_id, set()).update(gone)

        await asyncio.gather(*(worker() for _ in range(max(1, min(self.workers, len(jobs))))))
        return blocked

    async def _deliver(self, report: SweepReport, job: _Job) -> _Sent:
        due = job.due
        assert due.delivery_id is not None and due.claimed_at is not None
        out = Sending(self.db, self.clock, self.outbound)
        result = await send_row(out, due.delivery_id, due.claimed_at, due.recipients, job.reply, due.details)
        if result.status is None:
            return _Sent(None)
        names = tuple(r.name for r in due.recipients)
        report.lines.append(ReportLine(ACTIONS[result.status], due, result.error, names))
        return _Sent(result.status, result.error, result.blocked)

    # ------------------------------------------------------------------ units nobody could be reached at
    async def _flag(self, report: SweepReport, plan: Plan, now: datetime, blocked: dict[int, set[int]]) -> None:
        """Tell the Office, once per unit and week, about units with no reachable account left."""
        flagged = {unit: set(rounds) for unit, rounds in plan.unreachable.items()}
        for unit_id, accounts in blocked.items():
            if not {r.identity_id for r in plan.accounts.get(unit_id, ())} - accounts:  # every channel blocked
                flagged.setdefault(unit_id, set()).update(
                    d.round_id for d in plan.send if d.unit_id == unit_id and d.round_id is not None
                )
        if not flagged or not plan.admins:
            return
        dues = flag_dues(self.policy, flagged, now, plan.admins)
        async with self.db.transaction() as session:
            claimed = await repo.claim(session, [d.row(now) for d in dues])
            if not claimed:
                return
            content = await reminder_content.unreachable_units(
                session, plan, {d.unit_id: flagged[d.unit_id] for d in dues if d.key in claimed and d.unit_id}
            )
        reply = self._render(content, now)
        owned = [replace(d, delivery_id=claimed[d.key], claimed_at=now) for d in dues if d.key in claimed]
        if reply is None:
            await self._finish_unsent(report, owned, "nothing_to_report")
            return
        # One message for all of them: sent through the first row; the others record its outcome.
        head, rest = owned[0], owned[1:]
        sent = await self._deliver(
            report, _Job(replace(head, details={**head.details, "with": [d.key for d in rest]}), reply)
        )
        if not rest or sent.status is None:
            return
        async with self.db.transaction() as session:
            await repo.finish(
                session, [d.delivery_id for d in rest if d.delivery_id], status=sent.status, now=self.clock.now(),
                recipients=0, error=sent.error, details={"with": head.key},
            )  # fmt: skip
        report.lines += [ReportLine(ACTIONS[sent.status], d, sent.error) for d in rest]

    # ------------------------------------------------------------------ dry run
    def _describe(self, report: SweepReport, plan: Plan) -> None:
        for due in plan.interrupted:
            report.lines.append(ReportLine("would_interrupt", due, "interrupted"))
        for due in plan.send:
            report.lines.append(ReportLine("would_send", due, None, tuple(r.name for r in due.recipients)))
        for due in plan.retry:
            report.lines.append(ReportLine("would_retry", due, None, tuple(r.name for r in due.recipients)))
        for due in plan.skip + plan.abandon:
            report.lines.append(ReportLine("would_skip", due, due.reason))
        if plan.unreachable and plan.admins:
            for due in flag_dues(self.policy, plan.unreachable, plan.now, plan.admins):
                report.lines.append(ReportLine("would_flag", due, None, tuple(r.name for r in plan.admins)))


def flag_dues(
    policy: ReminderPolicy, flagged: dict[int, set[int]], now: datetime, admins: Iterable[Recipient]
) -> list[Due]:
    # At most once a week per unit: the weekly digest marks such units too, daily alerts would be noise.
    year, week, _ = policy.local_day(now).isocalendar()
    return [
        Due(
            key=f"flag:u{unit_id}:w{year}-{week:02d}",
            kind="flag",
            slot="no_recipient",
            due_at=policy.calendar.local(now),
            unit_id=unit_id,
            recipients=tuple(admins),
            details={"rounds": sorted(rounds)},
        )
        for unit_id, rounds in sorted(flagged.items())
    ]
