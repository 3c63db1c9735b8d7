"""The real APScheduler job: it wakes the sweep, never runs two at once, survives a failing sweep,
stops cleanly; and, with time-machine moving the system clock, the engine behind it sends on time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import time_machine

from core.clock import SystemClock
from schedules.reminder_scheduler import ReminderScheduler
from storage.db import Database
from tests import factories as f
from tests.reminder_helpers import TZ, RecordingOutbound, local, world_2024
from tests.reminder_helpers import engine as make_engine


async def test_the_job_never_overlaps_and_stops_for_good() -> None:
    active = peak = 0
    calls: list[float] = []
    loop = asyncio.get_running_loop()

    async def slow_sweep() -> None:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        calls.append(loop.time())
        await asyncio.sleep(0.15)  # three times the interval
        active -= 1

    scheduler = ReminderScheduler(slow_sweep, 0.05, TZ)
    scheduler.start()
    await asyncio.sleep(0.7)
    await scheduler.stop()
    assert peak == 1 and len(calls) >= 2
    done = len(calls)
    await asyncio.sleep(0.2)
    assert len(calls) == done


async def test_stop_lets_the_sweep_in_flight_finish_and_a_failure_does_not_stop_the_job() -> None:
    finished = asyncio.Event()
    second = asyncio.Event()
    stopping: list[bool] = []
    runs = 0

    async def sweep() -> None:
        nonlocal runs
        runs += 1
        if runs == 1:
            raise RuntimeError("database is down")
        second.set()
        await asyncio.sleep(0.2)
        finished.set()

    reported: list[Exception] = []

    async def report(exc: Exception) -> None:
        reported.append(exc)

    scheduler = ReminderScheduler(sweep, 0.05, TZ, on_stop=lambda: stopping.append(True), on_error=report)
    scheduler.start()
    await asyncio.wait_for(second.wait(), 5)
    await scheduler.stop()
    assert finished.is_set() and stopping == [True]
    assert [str(e) for e in reported] == ["database is down"]


async def test_the_scheduled_engine_sends_on_time_as_the_clock_moves(db: Database) -> None:
    await world_2024(db)
    officer = await f.officer(db, 10, "TTH-CL", local(2024, 1, 1))
    with time_machine.travel(datetime(2024, 6, 3, 0, 59, 50, tzinfo=UTC), tick=True) as traveller:  # 07:59:50
        clock = SystemClock()
        pusher = RecordingOutbound(clock)  # type: ignore[arg-type]
        engine = make_engine(db, clock, pusher)  # type: ignore[arg-type]
        scheduler = ReminderScheduler(engine.sweep, 0.1, TZ, on_stop=engine.stop)
        scheduler.start()
        try:
            await asyncio.sleep(0.3)
            assert pusher.to(officer.chat_id) == []  # not yet 08:00
            traveller.move_to(datetime(2024, 6, 3, 1, 0, 5, tzinfo=UTC))  # 08:00:05
            for _ in range(50):
                if any("còn 7 ngày" in p.text for p in pusher.to(officer.chat_id)):
                    break
                await asyncio.sleep(0.05)
            runs = scheduler.runs
            await asyncio.sleep(0.5)  # a few more sweeps: nothing new
            assert scheduler.runs > runs
        finally:
            await scheduler.stop()
    texts = [p.text for p in pusher.to(officer.chat_id)]
    assert sum("còn 7 ngày" in text for text in texts) == 1
    assert all(p.at.astimezone(TZ).hour == 8 for p in pusher.sent)
