"""The reminder pacer: never more than `rate` arrivals at the server within a window, whatever the jitter."""

from __future__ import annotations

import asyncio
import random

from bot.channels.telegram.pacing import Pacer


async def test_no_window_ever_sees_more_than_the_rate_and_the_pace_stays_near_it() -> None:
    rng = random.Random(4)
    pacer = Pacer(5, window=0.2, margin=0)
    loop = asyncio.get_running_loop()
    arrivals: list[float] = []
    start = loop.time()

    async def send() -> None:
        async with pacer.slot():
            await asyncio.sleep(rng.uniform(0, 0.03))  # the request on its way (jitter)
            arrivals.append(loop.time())  # what the server sees
            await asyncio.sleep(rng.uniform(0, 0.03))  # the answer on its way back

    await asyncio.gather(*(send() for _ in range(40)))
    arrivals.sort()
    assert all(later - earlier >= 0.2 for earlier, later in zip(arrivals, arrivals[5:], strict=False))
    assert loop.time() - start < 40 / 5 * 0.2 * 1.35  # latency costs a little, bursts are not serialised


async def test_rate_zero_does_not_pace() -> None:
    pacer = Pacer(0)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for _ in range(100):
        async with pacer.slot():
            pass
    assert loop.time() - start < 0.1
