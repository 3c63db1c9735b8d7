"""The background sender against a fake channel, on both backends: resume, clean stop, crash, pacing."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.broadcast_worker import BroadcastWorker, WorkerConfig
from bot.channels.telegram.render import to_html
from core.clock import FixedClock
from core.delivery import Address, DeliveryOutcome
from core.messages import Reply
from services import broadcast_outbox as outbox
from services import broadcasts
from services.actors import Actor
from services.broadcast_audience import Audience, AudienceKind
from services.broadcasts import Draft
from storage.db import Database
from storage.models import BroadcastRecipient, BroadcastStatus, RecipientState, ReplyKind, UnitKind
from tests import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class FakeChannel:
    """The outbound port as the worker sees it: notices to recipients, posts and edits to the admin's chat."""

    def __init__(
        self, delay: float = 0.0, outcomes: dict[int, DeliveryOutcome] | None = None, admin_chat: str = "1"
    ) -> None:
        self.delay = delay
        self.outcomes = {str(chat): outcome for chat, outcome in (outcomes or {}).items()}
        self.admin_chat = admin_chat
        self.sent: Counter[str] = Counter()
        self.posts: list[tuple[str, str]] = []
        self.edits: list[tuple[str, str, str]] = []
        self.notices: list[Reply] = []

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome:
        if replace is not None:
            self.edits.append((to.chat_id, replace, to_html(message.text)))
            return DeliveryOutcome.delivered(replace)
        if to.chat_id == self.admin_chat:
            self.posts.append((to.chat_id, to_html(message.text)))
            return DeliveryOutcome.delivered(str(len(self.posts)))
        await asyncio.sleep(self.delay)
        outcome = self.outcomes.get(to.chat_id, DeliveryOutcome.delivered(to.chat_id))
        if outcome.status == "delivered":
            self.sent[to.chat_id] += 1
            self.notices.append(message)
        return outcome


async def confirmed(
    db: Database, clock: FixedClock, officers: int, reply: ReplyKind = ReplyKind.ACK
) -> tuple[int, Actor]:
    boss = await f.admin(db, 1, clock.now())
    await f.load_default_units(db, clock.now())
    for number in range(officers):
        await f.officer(db, 100 + number, "PNV1", clock.now())
    async with db.transaction() as s:
        audience = Audience(AudienceKind.KIND, UnitKind.DIVISION.value)
        broadcast, _ = await broadcasts.create_draft(
            s, boss, Draft("Họp giao ban", reply, None, audience), clock.now(), clock.now().date()
        )
        await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
    return broadcast.id, boss


def worker(db: Database, clock: FixedClock, channel: FakeChannel, **config: float) -> BroadcastWorker:
    settings = {"concurrency": 3, "poll_seconds": 0.02, "progress_seconds": 0.05, **config}
    return BroadcastWorker(db, clock, channel, TZ, WorkerConfig(**settings))  # type: ignore[arg-type]


async def states(db: Database, broadcast_id: int) -> dict[RecipientState, int]:
    async with db.transaction() as s:
        return await outbox.counts(s, broadcast_id)


async def wait_done(db: Database, broadcast_id: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while True:
        async with db.transaction() as s:
            report = await broadcasts.build_report(s, broadcast_id)
        if report.broadcast.status == BroadcastStatus.DONE:
            return
        assert time.monotonic() < deadline, "broadcast did not finish"
        await asyncio.sleep(0.02)


async def test_sends_each_recipient_once_and_reports_to_the_admin(db: Database, clock: FixedClock) -> None:
    broadcast_id, boss = await confirmed(db, clock, officers=6)
    channel = FakeChannel(outcomes={101: DeliveryOutcome("blocked", reason="blocked: x")})
    sender = worker(db, clock, channel)
    await sender.start()
    await wait_done(db, broadcast_id)
    await sender.stop()
    assert set(channel.sent.values()) == {1} and len(channel.sent) == 5
    assert await states(db, broadcast_id) == {RecipientState.DELIVERED: 5, RecipientState.BLOCKED: 1}
    (progress_chat, progress_text), (report_chat, report_text) = channel.posts
    assert progress_chat == report_chat == boss.chat_id
    assert "Đang gửi thông báo số" in progress_text and "Đã gửi tới: 5" in report_text
    assert "Đã gửi xong" in channel.edits[-1][2]
    buttons = {b.data for n in channel.notices for row in n.buttons for b in row}
    assert len(buttons) == 5 and all(str(data).startswith("bc:ack:") for data in buttons)


async def test_a_clean_stop_leaves_nothing_in_flight_and_a_new_worker_finishes(db: Database, clock: FixedClock) -> None:
    broadcast_id, _ = await confirmed(db, clock, officers=12)
    channel = FakeChannel(delay=0.03)
    first = worker(db, clock, channel)
    await first.start()
    while sum(channel.sent.values()) < 4:  # noqa: ASYNC110 - polling a fake is simplest here
        await asyncio.sleep(0.005)
    await first.stop()
    halfway = await states(db, broadcast_id)
    assert RecipientState.SENDING not in halfway and halfway.get(RecipientState.PENDING)
    assert halfway[RecipientState.DELIVERED] == sum(channel.sent.values())
    second = worker(db, clock, channel)
    await second.start()
    await wait_done(db, broadcast_id)
    await second.stop()
    assert set(channel.sent.values()) == {1} and len(channel.sent) == 12
    assert len([text for _, text in channel.posts if "Đang gửi" in text]) == 1  # one progress message, resumed


async def test_sends_in_flight_at_a_crash_are_reported_unknown_and_not_resent(db: Database, clock: FixedClock) -> None:
    broadcast_id, _ = await confirmed(db, clock, officers=3)
    async with db.transaction() as s:  # a dead process had claimed one recipient, its lease since expired
        (first, *_) = await outbox.pending(s, broadcast_id, 10)
        await outbox.claim(s, first.recipient_id, clock.now() - outbox.LEASE - timedelta(seconds=1), "dead")
    channel = FakeChannel()
    sender = worker(db, clock, channel)
    await sender.start()
    await wait_done(db, broadcast_id)
    await sender.stop()
    assert first.to.chat_id not in channel.sent and len(channel.sent) == 2
    assert await states(db, broadcast_id) == {RecipientState.DELIVERED: 2, RecipientState.UNKNOWN: 1}
    assert "Chưa xác định (không gửi lại): 1" in channel.posts[-1][1]
    async with db.transaction() as s:
        unknown = await s.scalar(
            select(func.count()).where(
                BroadcastRecipient.state == RecipientState.UNKNOWN, BroadcastRecipient.error == "interrupted"
            )
        )
    assert unknown == 1


async def test_an_idle_worker_picks_up_a_broadcast_confirmed_later(db: Database, clock: FixedClock) -> None:
    channel = FakeChannel()
    await f.load_default_units(db, clock.now())
    sender = worker(db, clock, channel)
    await sender.start()
    await asyncio.sleep(0.05)
    broadcast_id, _ = await confirmed(db, clock, officers=2, reply=ReplyKind.NONE)
    await wait_done(db, broadcast_id)
    await sender.stop()
    assert len(channel.sent) == 2 and all(not n.buttons for n in channel.notices)
