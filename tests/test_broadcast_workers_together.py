"""Two processes' broadcast workers on one database: every recipient once, one progress message, one report,
and a process starting never turns another live process's sends into 'unknown'."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from core.clock import FixedClock
from core.delivery import DeliveryOutcome
from services import broadcast_outbox as outbox
from storage.db import Database
from storage.models import RecipientState
from tests.conftest import POSTGRES_URL
from tests.test_broadcast_worker import FakeChannel, confirmed, states, wait_done, worker


def second_pool(db: Database) -> Database:
    """Another process's connections to the same database (PostgreSQL: the same schema)."""
    if db.dialect == "sqlite":
        return Database(db.engine)  # one process on SQLite; two workers still share the work
    schema = db.engine.dialect.default_schema_name
    return Database.from_url(POSTGRES_URL, schema=schema)


async def test_two_workers_share_one_broadcast(db: Database, clock: FixedClock) -> None:
    broadcast_id, _ = await confirmed(db, clock, officers=30)
    other = second_pool(db)
    channel_a, channel_b = FakeChannel(delay=0.01), FakeChannel(delay=0.01)
    first, second = worker(db, clock, channel_a), worker(other, clock, channel_b)
    try:
        await asyncio.gather(first.start(), second.start())
        await wait_done(db, broadcast_id, seconds=20)
        await asyncio.gather(first.stop(), second.stop())
    finally:
        if other.engine is not db.engine:
            await other.dispose()
    both = channel_a.sent + channel_b.sent
    assert len(both) == 30 and set(both.values()) == {1}  # nobody twice, nobody missed
    assert channel_a.sent and channel_b.sent  # and both did part of it
    posts = channel_a.posts + channel_b.posts
    assert len([text for _, text in posts if "Đang gửi" in text]) == 1  # one progress message
    assert len([text for _, text in posts if "Đã gửi tới" in text]) == 1  # one report
    assert await states(db, broadcast_id) == {RecipientState.DELIVERED: 30}


async def test_a_starting_process_leaves_a_live_one_s_sends_alone(db: Database, clock: FixedClock) -> None:
    broadcast_id, _ = await confirmed(db, clock, officers=3)
    async with db.transaction() as s:  # a live process is sending to one recipient right now
        (row, *_) = await outbox.pending(s, broadcast_id, 10)
        await outbox.claim(s, row.recipient_id, clock.now(), "live-process")
    channel = FakeChannel()
    newcomer = worker(db, clock, channel)
    await newcomer.start()
    await asyncio.sleep(0.3)
    assert (await states(db, broadcast_id)).get(RecipientState.SENDING) == 1  # not "unknown"
    async with db.transaction() as s:  # the live process finishes its send and records it
        await outbox.record(s, row.recipient_id, DeliveryOutcome("delivered", message_id="5"), clock.now())
    await wait_done(db, broadcast_id)
    await newcomer.stop()
    assert row.to.chat_id not in channel.sent and len(channel.sent) == 2
    assert await states(db, broadcast_id) == {RecipientState.DELIVERED: 3}


async def test_renewed_leases_outlive_their_first_term(db: Database, clock: FixedClock) -> None:
    broadcast_id, _ = await confirmed(db, clock, officers=1)
    async with db.transaction() as s:
        (row,) = await outbox.pending(s, broadcast_id, 10)
        await outbox.claim(s, row.recipient_id, clock.now(), "slow-sender")
    later = clock.now() + outbox.LEASE - timedelta(seconds=5)
    async with db.transaction() as s:
        assert await outbox.renew(s, "slow-sender", later) == 1
        assert await outbox.recover(s, clock.now() + outbox.LEASE + timedelta(seconds=5)) == {}
        assert await outbox.recover(s, later + outbox.LEASE + timedelta(seconds=1)) == {broadcast_id: 1}
