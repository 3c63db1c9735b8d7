"""Pacing for messages the bot starts, so a burst of reminders never trips Telegram's flood limit.

PTB's AIORateLimiter is a leaky bucket: it lets ``rate`` calls through at once and then ``rate``
per second, so in the first second of a burst Telegram can see twice its limit and answer 429
(each one halting every request for a second). Pacing on the times requests *start* is not
enough either: under load one request waits in the event loop while a later one goes straight
through, and Telegram sees 31 within a second.

This pacer counts a send from the moment it starts until one window after it *completed*. A new
send starts only while fewer than ``rate`` sends are counted. By causality the server received
send k−rate before its answer came back, and send k after it started, so it never sees more
than ``rate`` of our sends within one window, whatever the latency or jitter; in steady state
that is ``rate / (window + latency)`` per second, a hair under the limit.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

MARGIN_SECONDS = 0.01  # for the server's own bookkeeping between receiving and answering


class Pacer:
    def __init__(self, rate: float, *, window: float = 1.0, margin: float = MARGIN_SECONDS) -> None:
        self.limit = int(rate)  # 0: no pacing (benchmarks of other things, tests)
        self.span = window + margin
        self._done: deque[float] = deque()  # completion times within the last window
        self._in_flight = 0
        self._changed = asyncio.Condition()

    async def close(self) -> None:
        """Release what the pacer holds (the shared one's database connection); this one holds nothing."""

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a place for one send; it counts until one window after the send completes."""
        if self.limit <= 0:
            yield
            return
        await self._acquire()
        try:
            yield
        finally:
            await self._release()

    async def _acquire(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._changed:
            while True:
                now = loop.time()
                while self._done and now - self._done[0] >= self.span:
                    self._done.popleft()
                if self._in_flight + len(self._done) < self.limit:
                    self._in_flight += 1
                    return
                if self._done:
                    wait = self.span - (now - self._done[0])
                    with suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), wait)
                else:
                    await self._changed.wait()  # all places are in flight: wait for one to finish

    async def _release(self) -> None:
        async with self._changed:
            self._in_flight -= 1
            self._done.append(asyncio.get_running_loop().time())
            self._changed.notify_all()
