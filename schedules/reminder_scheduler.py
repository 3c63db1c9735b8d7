"""APScheduler only wakes the reminder sweep; what is due and what was sent lives in the database.

One interval job, ``coalesce=True`` and ``max_instances=1``: a late or slow sweep never piles up,
and a restart loses nothing (the next sweep catches up from the log).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)
JOB_ID = "reminders-sweep"


class ReminderScheduler:
    def __init__(
        self,
        sweep: Callable[[], Awaitable[object]],
        interval_seconds: float,
        tz: ZoneInfo,
        *,
        on_stop: Callable[[], None] | None = None,
        on_error: Callable[[Exception], Awaitable[None]] | None = None,
    ) -> None:
        self.sweep = sweep
        self.interval_seconds = interval_seconds
        self.tz = tz
        self.on_stop = on_stop
        self.on_error = on_error
        self.runs = 0
        self._scheduler: AsyncIOScheduler | None = None
        self._running: asyncio.Task[object] | None = None

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=self.tz)
        scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self.interval_seconds, timezone=self.tz),
            id=JOB_ID,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, int(self.interval_seconds)),
        )
        scheduler.start()
        self._scheduler = scheduler

    async def _tick(self) -> None:
        self._running = asyncio.current_task()
        self.runs += 1
        try:
            await self.sweep()
        except Exception as exc:  # one failed sweep must not stop the next; the log and the admins hear of it
            log.exception("reminder sweep failed")
            if self.on_error is not None:
                try:
                    await self.on_error(exc)
                except Exception:
                    log.exception("could not report the failed reminder sweep")
        finally:
            self._running = None

    async def stop(self, grace_seconds: float = 30) -> None:
        """No new sweep; let the one in flight finish its sends (bounded), then shut down."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is None:
            return
        scheduler.pause()
        if self.on_stop is not None:
            self.on_stop()
        running = self._running
        if running is not None and not running.done():
            try:
                await asyncio.wait_for(asyncio.shield(running), grace_seconds)
            except TimeoutError:
                log.warning("reminder sweep still running after %ss; stopping it", grace_seconds)
        scheduler.shutdown(wait=False)
