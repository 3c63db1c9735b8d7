"""The per-bot send budget shared by processes on one PostgreSQL database (bot/channels/telegram/shared_pacing.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from telegram import Bot

from bot.channels.telegram.outbound import TelegramOutbound
from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.shared_pacing import SharedPacer, pacer_for
from bot.replies import ReplySender
from bot.sandbox.fake_api import FakeBotApi
from core.delivery import Address, Router
from core.messages import Incoming, Reply
from core.text import RichText
from storage.db import Database
from tests.conftest import POSTGRES_URL, postgres_schema


async def send_many(pacer: Pacer, count: int, starts: list[float], lanes: int = 8) -> None:
    remaining = iter(range(count))

    async def lane() -> None:
        for _ in remaining:
            async with pacer.slot():
                starts.append(time.monotonic())
                await asyncio.sleep(0.005)  # the request

    await asyncio.gather(*(lane() for _ in range(lanes)))


def most_in_one_second(starts: list[float]) -> int:
    starts = sorted(starts)
    best, first = 0, 0
    for last, at in enumerate(starts):
        while at - starts[first] >= 1.0:
            first += 1
        best = max(best, last - first + 1)
    return best


async def test_two_processes_share_one_budget() -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    fresh = postgres_schema()
    async with fresh as one:
        other = Database.from_url(POSTGRES_URL, schema=fresh.schema)
        try:
            first, second = SharedPacer(one.engine, 30), SharedPacer(other.engine, 30)
            starts: list[float] = []
            began = time.monotonic()
            await asyncio.gather(send_many(first, 45, starts), send_many(second, 45, starts))
            elapsed = time.monotonic() - began
            await first.close()
            await second.close()
        finally:
            await other.dispose()
    assert most_in_one_second(starts) <= 30  # each process alone would have allowed 30
    assert 90 / elapsed >= 27  # and together they still use the budget
    assert first.db_calls >= 90 and second.db_calls >= 90  # a token taken and given back per send


async def test_sqlite_runs_one_process_with_its_own_pacer(db: Database) -> None:
    pacer = pacer_for(db.engine, 30)
    assert isinstance(pacer, SharedPacer) == (db.dialect == "postgresql")


class CountingPacer(Pacer):
    def __init__(self) -> None:
        super().__init__(0)
        self.slots = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        self.slots += 1
        yield


@pytest.mark.parametrize("shared", [False, True])
async def test_replies_take_a_place_in_the_budget_only_when_it_is_shared(shared: bool) -> None:
    async with FakeBotApi() as api, Bot(api.token, base_url=api.bot_base_url) as bot:
        pacer = CountingPacer()
        sender = ReplySender(Router([TelegramOutbound(bot, pacer, pace_replies=shared)]), _ignore)
        api.user_sends_text(5, "hi")
        await sender.deliver([Reply(text=RichText.plain("một")), Reply(text=RichText.plain("hai"))], _incoming(5))
    assert pacer.slots == (2 if shared else 0)
    assert len([c for c in api.sent if c.chat_id == 5]) == 2


async def _ignore(_to: Address) -> None:
    return None


def _incoming(chat_id: int) -> Incoming:
    return Incoming(
        platform="telegram", user_id=str(chat_id), chat_id=str(chat_id), chat_type="private", display_name="X"
    )
