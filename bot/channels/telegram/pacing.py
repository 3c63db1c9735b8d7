"""Pacing for messages the bot starts, so a burst of reminders never trips Telegram's flood limit.

PTB's AIORateLimiter is a leaky bucket: it lets ``rate`` calls through at once and then ``rate``
per second, so in the first second of a burst Telegram can see twice its limit and answer 429
(each costing a one-second pause). This pacer keeps at most ``rate`` sends started in any window
of a second plus a small margin (for jitter between here and the server), so a long run goes out
at just under the limit without a single 429. Interactive replies keep the PTB limiter alone.
"""

from __future__ import annotations

import asyncio
from collections import deque

MARGIN_SECONDS = 0.05


class Pacer:
    def __init__(self, rate: float, *, window: float = 1.0, margin: float = MARGIN_SECONDS) -> None:
        self.limit = int(rate)  # 0: no pacing (benchmarks of other things, tests)
        self.span = window + margin
        self._starts: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when one more send may start."""
        if self.limit <= 0:
            return
        async with self._lock:
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                while self._starts and now - self._starts[0] >= self.span:
                    self._starts.popleft()
                if len(self._starts) < self.limit:
                    self._starts.append(now)
                    return
                await asyncio.sleep(self.span - (now - self._starts[0]))
