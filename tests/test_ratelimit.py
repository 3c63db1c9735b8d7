"""The bot's rate limiter without a server: window, gap, pause on RetryAfter, no burst afterwards."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.channels.telegram.ratelimit import WINDOW, EvenRateLimiter


class Calls:
    """A fake Bot API call: records when it really ran; raises RetryAfter when told to."""

    def __init__(self, retry_after: dict[int, int] | None = None) -> None:
        self.at: list[float] = []
        self.numbers: list[int] = []
        self.retry_after = retry_after or {}

    async def __call__(self, number: int) -> dict[str, Any]:
        self.at.append(time.monotonic())
        self.numbers.append(number)
        if self.retry_after.get(number):
            self.retry_after[number] -= 1
            raise RetryAfter(1)
        return {"ok": number}


async def request(limiter: EvenRateLimiter, calls: Calls, number: int, chat: bool = True) -> Any:
    data = {"chat_id": number} if chat else {}
    return await limiter.process_request(calls, (number,), {}, "sendMessage", data, None)


def most_in_a_window(stamps: list[float]) -> int:
    return max(sum(1 for t in stamps if start <= t < start + WINDOW) for start in stamps)


async def test_at_most_the_budget_in_any_second_and_never_a_burst() -> None:
    limiter = EvenRateLimiter(22)  # 20 a second once the headroom is kept
    assert limiter.per_second == 20
    calls = Calls()
    results = await asyncio.gather(*(request(limiter, calls, n) for n in range(26)))
    assert [r["ok"] for r in results] == list(range(26))
    assert most_in_a_window(calls.at) <= 20
    assert min(b - a for a, b in itertools.pairwise(calls.at)) >= limiter.gap * 0.9


async def test_retry_after_pauses_everyone_then_they_leave_one_by_one() -> None:
    limiter = EvenRateLimiter(32)
    calls = Calls(retry_after={0: 1})
    started = time.monotonic()
    await asyncio.gather(*(request(limiter, calls, n) for n in range(6)), request(limiter, calls, 99, chat=False))
    paced = [t for t, n in zip(calls.at, calls.numbers, strict=True) if n != 99]
    after = sorted(t for t in paced if t - started >= 1.05)
    assert len(after) >= 5  # everything but the calls that left before the 429 waited the full second
    assert min(b - a for a, b in itertools.pairwise(after)) >= limiter.gap * 0.9
    unpaced = calls.at[calls.numbers.index(99)]
    assert unpaced - started >= 1.05  # requests that are not counted still wait out a pause
    assert limiter.budget == limiter.per_second - 1  # it learns: one fewer a second for a while


async def test_retry_after_beyond_the_retries_is_raised() -> None:
    limiter = EvenRateLimiter(100, max_retries=0)
    with pytest.raises(RetryAfter):
        await request(limiter, Calls(retry_after={1: 1}), 1)
