"""Manual reminders (/chuanop "Gửi nhắc tất cả") as services, on both backends: claimed in the flow's
transaction, then each unit sent and recorded on its own with the one outcome rule; what a stopped
process leaves claimed is closed by the next sweep and never resent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.delivery import Address, DeliveryOutcome
from core.messages import Reply
from core.text import RichText
from services import manual_reminders
from services.delivery import Sending
from storage.db import Database
from storage.models import DeliveryStatus, ReminderDelivery
from tests import factories as f
from tests.reminder_helpers import TZ, RecordingOutbound, engine, local, round_id, world_2024


@pytest.fixture
async def world(db: Database) -> Database:
    await world_2024(db)
    return db


async def manual_rows(db: Database) -> dict[int, ReminderDelivery]:
    async with db.transaction() as s:
        rows = (await s.scalars(select(ReminderDelivery).where(ReminderDelivery.kind == "manual"))).all()
    return {r.unit_id or 0: r for r in rows}


async def claim(db: Database, clock: FixedClock) -> manual_reminders.RemindResult:
    boss = await f.admin(db, 1, clock.now())
    async with db.transaction() as s:
        return await manual_reminders.remind_all(s, boss, await round_id(db, "II.1"), 0, clock.now(), TZ)


async def test_each_unit_is_sent_and_recorded_on_its_own(world: Database) -> None:
    clock = FixedClock(local(2024, 6, 12, 9, 0))
    ok = await f.officer(world, 10, "TTH-VL", clock.now())
    down = await f.officer(world, 11, "TTH-CL", clock.now())
    maybe = await f.officer(world, 12, "TTH-TD", clock.now())
    gone = await f.officer(world, 13, "TTH-BG", clock.now())
    result = await claim(world, clock)
    assert {r.status for r in (await manual_rows(world)).values() if r.unit_id in {ok.unit_id, down.unit_id}} == {
        DeliveryStatus.CLAIMED
    }  # nothing is "sent" before it is
    pusher = RecordingOutbound(clock)
    pusher.fail(down.chat_id, *[DeliveryOutcome.retry_later("server: Bad Gateway")])
    pusher.fail(maybe.chat_id, DeliveryOutcome.unknown("timeout"))
    pusher.fail(gone.chat_id, DeliveryOutcome.blocked("chat_not_found: Chat not found"))
    jobs = [(r, Reply(text=RichText.plain(f"nhắc {r.unit.name}"))) for r in result.reminders if r.recipients]
    counts = await manual_reminders.send(Sending(world, clock, pusher), jobs)
    assert counts == manual_reminders.SendCounts(delivered=1, unreachable=1, failed=1, unknown=1, units_reached=1)
    rows = await manual_rows(world)
    assert [rows[a.unit_id or 0].status for a in (ok, down, maybe, gone)] == [
        DeliveryStatus.SENT,
        DeliveryStatus.FAILED,
        DeliveryStatus.UNKNOWN,
        DeliveryStatus.FAILED,
    ]
    assert [p.chat_id for p in pusher.sent] == [ok.chat_id]
    again = await manual_reminders.send(Sending(world, clock, pusher), jobs)  # the same jobs run twice
    assert again == manual_reminders.SendCounts() and len(pusher.sent) == 1


async def test_a_batch_a_stopped_process_left_is_closed_by_the_sweep_and_never_resent(world: Database) -> None:
    clock = FixedClock(local(2024, 6, 12, 9, 0))
    started = await f.officer(world, 10, "TTH-VL", clock.now())
    waiting = await f.officer(world, 11, "TTH-CL", clock.now())
    result = await claim(world, clock)
    first = next(r for r in result.reminders if r.unit.unit_id == started.unit_id)

    class PowerCut(Exception):
        pass

    class DiesAfterSending(RecordingOutbound):
        async def deliver(
            self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
        ) -> DeliveryOutcome:
            await super().deliver(to, message)
            raise PowerCut

    dying = DiesAfterSending(clock)  # sent, then the process fails before recording it
    counts = await manual_reminders.send(Sending(world, clock, dying), [(first, Reply(text=RichText.plain("nhắc")))])
    assert counts == manual_reminders.SendCounts(unknown=1)  # the admin is told it may have arrived
    assert (await manual_rows(world))[started.unit_id or 0].status == DeliveryStatus.CLAIMED
    pusher = RecordingOutbound(clock)
    clock.at = local(2024, 6, 12, 9, 30)  # past the stale time: the process is gone
    await engine(world, clock, pusher).sweep(clock.now())
    rows = await manual_rows(world)
    assert rows[started.unit_id or 0].status == DeliveryStatus.UNKNOWN  # it may have arrived
    assert (rows[waiting.unit_id or 0].status, rows[waiting.unit_id or 0].error) == (DeliveryStatus.SKIPPED, "stopped")
    assert [p for p in pusher.sent if p.text == "nhắc"] == []  # neither is sent by the sweep
