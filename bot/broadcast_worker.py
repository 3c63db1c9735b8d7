"""The background sender of the Office's notices.

Not a flow: it is started by ``BotRuntime.start`` (which first resumes whatever a previous run
left unfinished) and stopped by ``BotRuntime.stop``. It works from the outbox only
(``services/broadcast_outbox.py``): claim the next recipient in a committed transaction, send,
then record the outcome (committed together with the lane's next claim). Stopping lets every send
in flight finish and be recorded, so a clean stop never leaves a recipient "sending"; only a crash
can, and those are reported as unknown once their lease runs out, never sent again.

Several processes may run a worker on one PostgreSQL database: each claims with its own claimer
id (``FOR UPDATE SKIP LOCKED``: they take different rows), renews the leases of its sends in
flight, and recovers only expired leases; one of them posts the progress message, and the one
whose ``complete`` wins posts the report. Their sends share the bot's one budget (the pacer).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from core.catalog import t
from core.clock import Clock
from core.delivery import DeliveryOutcome, Outbound, Router
from core.messages import Reply
from core.text import RichText
from handlers import broadcast_views
from services import broadcast_outbox as outbox
from services import broadcasts
from services.broadcast_outbox import Job, Pending
from storage.db import Database
from storage.files import FileStore
from storage.models import RecipientState

log = logging.getLogger(__name__)
ErrorHook = Callable[[Exception], Awaitable[None]]
Done = tuple[int, DeliveryOutcome]  # a recipient sent to, and what its platform said
RECORD_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    # Sends in flight, to hide the platforms' round-trip time. The pace is each channel's own pacer
    # (e.g. bot/channels/telegram/pacing.py), first come first served.
    concurrency: int = 8
    poll_seconds: float = 1.0  # how soon a confirmed broadcast is noticed
    progress_seconds: float = 2.0  # Telegram dislikes frequent edits of one message
    drain_seconds: float = 30.0  # how long a stop waits for the sends in flight
    lease: timedelta = outbox.LEASE  # a claim's lease, renewed every third of it while the worker runs


def claimer_id() -> str:
    """This process among others: host, pid and a random tag (a restarted process is a new claimer)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


class BroadcastWorker:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        outbound: Outbound,
        tz: ZoneInfo,
        config: WorkerConfig,
        on_error: ErrorHook | None = None,
        files: FileStore | None = None,
    ) -> None:
        self.db, self.clock, self.outbound, self.tz, self.config = db, clock, outbound, tz, config
        self.on_error = on_error
        self.files = files  # where files the bot made for a notice (the plan's workbook) are kept
        self.claimer = claimer_id()
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._renewer: asyncio.Task[None] | None = None
        self._recovered_at = 0.0

    async def start(self) -> None:
        await self._recover()
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name="broadcast-worker")
        self._renewer = asyncio.create_task(self._renew_forever(), name="broadcast-leases")

    async def _recover(self) -> None:
        """Sends whose process died (their lease ran out) become unknown; another live process's are left."""
        self._recovered_at = asyncio.get_running_loop().time()
        async with self.db.transaction() as session:
            interrupted = await outbox.recover(session, self.clock.now())
        for broadcast_id, count in interrupted.items():
            log.warning("broadcast %s: %s sends were in flight when their process died: unknown", broadcast_id, count)

    async def _renew_forever(self) -> None:
        period = self.config.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(period)
            try:
                async with self.db.transaction() as session:
                    await outbox.renew(session, self.claimer, self.clock.now(), self.config.lease)
            except Exception:  # the next renewal may work; a lease lost only turns a 'delivered' into 'unknown'
                log.exception("could not renew the leases of broadcast sends in flight")

    async def stop(self) -> None:
        """Finish the sends in flight, record them, then return; no new recipient is claimed."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), self.config.drain_seconds)
        except TimeoutError:
            log.warning("broadcast sends still in flight after %ss: cancelled", self.config.drain_seconds)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        renewer, self._renewer = self._renewer, None
        if renewer is not None:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                progressed = await self._pass()
            except Exception as exc:  # the database or a bug: log, tell the admins, try again later
                log.exception("broadcast worker pass failed")
                await self._report(exc)
                progressed = False
            if not progressed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.config.poll_seconds)
                self._wake.clear()

    async def _pass(self) -> bool:
        if asyncio.get_running_loop().time() - self._recovered_at > self.config.lease.total_seconds() / 2:
            await self._recover()  # another process may have died mid-send
        async with self.db.transaction() as session:
            broadcast_ids = await outbox.active(session)
        progressed = False
        for broadcast_id in broadcast_ids:
            if self._stopping.is_set():
                break
            progressed = await self._send_all(broadcast_id) or progressed
        return progressed

    async def _send_all(self, broadcast_id: int) -> bool:
        async with self.db.transaction() as session:
            job = await outbox.job(session, broadcast_id)
        if job is None:
            return False
        progress = _Progress(self, job)
        await progress.begin()
        ticker = asyncio.create_task(progress.tick(), name=f"broadcast-{job.id}-progress")
        sent = 0
        try:
            sent = await self._lanes(job)
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
        if self._stopping.is_set():
            await progress.update()
            return sent > 0
        async with self.db.transaction() as session:
            finished = await outbox.complete(session, job.id, self.clock.now())
        if finished:
            await progress.finish()
        else:
            await progress.update()
        return sent > 0 or finished

    async def _lanes(self, job: Job) -> int:
        """Each lane claims the next recipient, sends, and records it with its next claim, until none is left."""
        sent = 0

        async def lane() -> None:
            nonlocal sent
            done: Done | None = None
            while not self._stopping.is_set():
                item = await self._claim(job.id, done)
                done = None
                if item is None:
                    break
                done = (item.recipient_id, await self._send(job, item))
                sent += 1
            if done is not None:
                await self._record(*done)

        await asyncio.gather(*(lane() for _ in range(self.config.concurrency)))
        return sent

    async def _claim(self, broadcast_id: int, done: Done | None) -> Pending | None:
        """Record the lane's previous outcome and claim the next recipient in one transaction.

        One commit per notice instead of two; a crash between them loses nothing more than
        before: the claimed row is 'sending' either way. Never raises: None ends the lane.
        """
        try:
            async with self.db.transaction() as session:
                if done is not None:
                    await outbox.record(session, *done, self.clock.now())
                return await outbox.claim_next(session, broadcast_id, self.clock.now(), self.claimer, self.config.lease)
        except Exception:
            log.exception("could not claim the next recipient of broadcast %s", broadcast_id)
        if done is not None:
            await self._record(*done)  # the outcome of a message sent must not be lost
        return None

    async def _send(self, job: Job, item: Pending) -> DeliveryOutcome:
        notice = broadcast_views.notice(
            job.body_html,
            job.reply_kind,
            job.attachment_kind,
            job.attachment_file_id,
            job.attachment_name,
            recipient_id=item.recipient_id,
            stored=self.files.path_of if self.files is not None else None,
        )
        try:
            return await self.outbound.deliver(item.to, notice)
        except Exception as exc:  # a bug, not the platform: the message may have gone out, so no resend
            log.exception("sending to recipient %s failed unexpectedly", item.recipient_id)
            return DeliveryOutcome("unknown", reason=f"error: {type(exc).__name__}")

    async def _record(self, recipient_id: int, outcome: DeliveryOutcome) -> None:
        for attempt in range(1, RECORD_ATTEMPTS + 1):
            try:
                async with self.db.transaction() as session:
                    await outbox.record(session, recipient_id, outcome, self.clock.now())
            except Exception:
                log.exception("could not record the outcome of recipient %s (attempt %s)", recipient_id, attempt)
                await asyncio.sleep(0.5 * attempt)
            else:
                return
        log.error("recipient %s stays 'sending'; it is reported as unknown after the next start", recipient_id)

    async def _report(self, exc: Exception) -> None:
        if self.on_error is None:
            return
        try:
            await self.on_error(exc)
        except Exception:
            log.exception("could not report a broadcast worker error")


class _Progress:
    """The admin's progress message: posted once, edited at most every few seconds, then closed."""

    def __init__(self, worker: BroadcastWorker, job: Job) -> None:
        self.worker, self.job = worker, job
        self.message_id = job.progress_message_id
        self.shown: RichText | None = None

    async def _text(self) -> RichText:
        async with self.worker.db.transaction() as session:
            counts = await outbox.counts(session, self.job.id)
        return broadcast_views.progress_text(self.job.id, self.job.audience_label, self.job.total, counts)

    def _can_edit(self) -> bool:
        """Progress is edited in place where the channel can; elsewhere only the final report is sent."""
        to, outbound = self.job.progress_to, self.worker.outbound
        if to is None:
            return False
        capabilities = outbound.capabilities(to.platform) if isinstance(outbound, Router) else None
        return capabilities is None or capabilities.can_edit

    async def _post(self, message: Reply) -> str | None:
        """Send a message to the admin; its id, or None when it could not be sent (logged)."""
        assert self.job.progress_to is not None
        outcome = await self.worker.outbound.deliver(self.job.progress_to, message)
        if not outcome.ok:
            log.warning("could not post to %s: %s", self.job.progress_to, outcome.reason)
        return outcome.message_id if outcome.ok else None

    async def _edit(self, text: RichText) -> None:
        """Replace the progress message's text; best effort (a failure is logged, never raised)."""
        assert self.job.progress_to is not None and self.message_id is not None
        outcome = await self.worker.outbound.deliver(self.job.progress_to, Reply(text=text), replace=self.message_id)
        if not outcome.ok:
            log.warning("could not edit the progress of broadcast %s: %s", self.job.id, outcome.reason)
        elif outcome.message_id not in (None, self.message_id):  # the old message was gone: a new one shows it
            self.message_id = outcome.message_id
            async with self.worker.db.transaction() as session:
                await outbox.set_progress_message(session, self.job.id, outcome.message_id)

    async def begin(self) -> None:
        if not self._can_edit() or self.message_id is not None:
            return
        async with self.worker.db.transaction() as session:
            if not await outbox.claim_progress(session, self.job.id):
                return  # another process posts it
        self.shown = await self._text()
        self.message_id = await self._post(Reply(text=self.shown))
        if self.message_id is not None:
            async with self.worker.db.transaction() as session:
                await outbox.set_progress_message(session, self.job.id, self.message_id)

    async def tick(self) -> None:
        while True:
            await asyncio.sleep(self.worker.config.progress_seconds)
            try:
                await self.update()
            except Exception:  # progress is a courtesy; the sends go on
                log.exception("could not update the progress of broadcast %s", self.job.id)

    async def update(self) -> None:
        if self.job.progress_to is None or not outbox.progress_posted(self.message_id):
            return  # none, or another process is posting it
            return
        text = await self._text()
        if text != self.shown:
            self.shown = text
            await self._edit(text)

    async def finish(self) -> None:
        if self.job.progress_to is None:
            return
        async with self.worker.db.transaction() as session:
            report = await broadcasts.build_report(session, self.job.id)
            current = await outbox.job_progress_message(session, self.job.id)
        if outbox.progress_posted(current):  # another process may have posted it
            self.message_id = current
        if outbox.progress_posted(self.message_id) and self._can_edit():
            delivered = report.counts.get(RecipientState.DELIVERED, 0)
            await self._edit(t("bc.progress_done", id=self.job.id, delivered=delivered, total=self.job.total))
        text = broadcast_views.report_text(report, self.worker.tz)
        await self._post(Reply(text=text, buttons=broadcast_views.report_buttons(report)))
