"""Restarts and overlapping sweeps on SQLite and PostgreSQL: nothing sent twice, nothing lost."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from core.clock import FixedClock
from core.delivery import Address, DeliveryOutcome
from core.messages import Reply
from services.reminder_planner import Due
from storage.db import Database
from storage.models import DeliveryStatus, ReminderDelivery
from storage.repos import reminders as repo
from tests import factories as f
from tests.reminder_helpers import RecordingOutbound, engine, local, round_id, world_2024

T0 = local(2024, 6, 3, 8, 0)


class PowerCut(BaseException):
    """The process dies: nothing after this line runs."""


@pytest.fixture
async def world(db: Database) -> Database:
    await world_2024(db)
    return db


async def second_process(db: Database) -> Database:
    """Another Database on the same file or schema, as a second bot process would have."""
    url = db.engine.url.render_as_string(hide_password=False)
    if db.dialect != "postgresql":
        return Database.from_url(url)
    async with db.transaction() as s:
        schema = await s.scalar(text("SELECT current_schema()"))
    return Database.from_url(url, schema=schema)


async def officers(db: Database, clock: FixedClock) -> list[str]:
    chats = []
    for n, code in enumerate(("TTH-CL", "TTH-VL", "TTS-TC", "TTS-NV", "CUM1")):
        chats.append((await f.officer(db, 10 + n, code, clock.now())).chat_id)
    return chats


async def log(db: Database) -> list[ReminderDelivery]:
    async with db.transaction() as s:
        return list((await s.scalars(select(ReminderDelivery).order_by(ReminderDelivery.id))).all())


def once_each(pusher: RecordingOutbound) -> None:
    seen = Counter((p.chat_id, p.text) for p in pusher.sent)
    assert seen and max(seen.values()) == 1, [k for k, n in seen.items() if n > 1]


async def test_restart_between_claim_and_send_sends_each_once(world: Database) -> None:
    clock = FixedClock(T0)
    chats = await officers(world, clock)
    pusher = RecordingOutbound(clock)
    first = engine(world, clock, pusher)

    async def power_cut(*_: object) -> None:
        raise PowerCut

    first._deliver_all = power_cut  # type: ignore[method-assign]
    with pytest.raises(PowerCut):
        await first.sweep(T0)
    claimed = [r for r in await log(world) if r.status == DeliveryStatus.CLAIMED]
    assert claimed and all(r.recipients == 0 for r in claimed) and pusher.sent == []
    restarted = await second_process(world)
    try:
        clock.at = T0 + timedelta(minutes=5)
        await engine(restarted, clock, pusher).sweep(clock.now())
    finally:
        await restarted.dispose()
    once_each(pusher)
    assert {p.chat_id for p in pusher.sent} >= set(chats)
    after = {r.key: r.status for r in await log(world)}
    assert all(after[r.key] == DeliveryStatus.SENT for r in claimed)


async def test_a_crash_during_a_send_is_never_resent_and_recorded_as_interrupted(world: Database) -> None:
    clock = FixedClock(T0)
    await officers(world, clock)
    report6 = await round_id(world, "II.1")

    class DiesAfterSending(RecordingOutbound):
        async def deliver(
            self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
        ) -> DeliveryOutcome:
            await super().deliver(to, message)
            raise PowerCut  # Telegram has it; we die before writing that down

    dying = DiesAfterSending(clock)
    with pytest.raises(PowerCut):
        await engine(world, clock, dying, workers=1).sweep(T0)
    [started] = [r for r in await log(world) if r.status == DeliveryStatus.CLAIMED and r.recipients > 0]
    pusher = RecordingOutbound(clock)
    clock.at = T0 + timedelta(minutes=5)  # restarted soon: the row might still be in flight elsewhere
    await engine(world, clock, pusher, workers=1).sweep(clock.now())
    clock.at = T0 + timedelta(minutes=20)  # past stale_after (15 min): recorded, not resent
    report = await engine(world, clock, pusher, workers=1).sweep(clock.now())
    assert report.count("interrupted") == 1
    row = next(r for r in await log(world) if r.key == started.key)
    assert row.status == DeliveryStatus.UNKNOWN and (row.error or "").startswith("interrupted")
    assert [p.text for p in pusher.sent + dying.sent].count(dying.sent[0].text) == 1
    others = [r for r in await log(world) if r.round_id == report6 and r.status == DeliveryStatus.SENT]
    assert others  # everything else of that sweep went out after the restart


async def test_two_sweeps_at_once_send_each_reminder_once(world: Database) -> None:
    clock = FixedClock(T0)
    await officers(world, clock)
    other = await second_process(world)
    pusher = RecordingOutbound(clock)
    try:
        first, second = await asyncio.gather(
            engine(world, clock, pusher).sweep(T0), engine(other, clock, pusher).sweep(T0)
        )
        third = await engine(other, clock, pusher).sweep(T0 + timedelta(minutes=5))
    finally:
        await other.dispose()
    once_each(pusher)
    sent = [r for r in await log(world) if r.status == DeliveryStatus.SENT and r.kind in repo.ROUND_KINDS]
    assert len(sent) == len([p for p in pusher.sent if p.buttons])
    assert third.count("sent") == 0
    if world.dialect == "postgresql":  # the advisory lock: one of them did not even plan
        assert sorted([first.state, second.state]) == ["busy", "done"]


async def test_concurrent_claims_of_the_same_keys_are_disjoint(world: Database) -> None:
    """Without any lock, the unique key alone decides: every key is owned by exactly one claimer."""
    other = await second_process(world)
    dues = [Due(key=f"test:{n}", kind="flag", slot="test", due_at=T0, details={"n": n}).row(T0) for n in range(200)]

    async def claim(db: Database, delay: float) -> set[str]:
        async with db.transaction() as s:
            await asyncio.sleep(delay)
            got = await repo.claim(s, dues)
            await asyncio.sleep(0.05)  # keep the transaction open while the other one tries
            return set(got)

    try:
        a, b = await asyncio.gather(claim(world, 0), claim(other, 0.01))
    finally:
        await other.dispose()
    assert not a & b and a | b == {d["key"] for d in dues}
    assert len(await log(world)) == 200


async def test_claims_left_by_a_stop_that_are_no_longer_due_are_closed_not_sent(world: Database) -> None:
    clock = FixedClock(T0)
    await officers(world, clock)
    pusher = RecordingOutbound(clock)
    stopped = engine(world, clock, pusher)
    stopped.stop()  # shutting down: claims are written, nothing is started
    await stopped.sweep(T0)
    left = [r for r in await log(world) if r.status == DeliveryStatus.CLAIMED]
    assert left and pusher.sent == []
    clock.at = local(2024, 6, 5, 8, 0)  # back two days later: their catch-up window is over
    report = await engine(world, clock, pusher).sweep(clock.now())
    assert pusher.sent == []
    after = {r.key: (r.status, r.error) for r in await log(world)}
    assert all(after[r.key] == (DeliveryStatus.SKIPPED, "expired") for r in left)
    assert report.count("skipped") >= len(left)
