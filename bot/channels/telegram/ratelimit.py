"""Telegram's overall limit, kept for every request python-telegram-bot makes.

Why not PTB's AIORateLimiter: it is a leaky bucket, so it lets a second's worth of requests out
at once and then keeps the rate; over a sliding second Telegram can see nearly twice the limit.
And when Telegram answers RetryAfter it holds every request, then lets all the held ones go at
the same instant: that burst earns the next RetryAfter, and a broadcast crawls from one 429 to
the next. PTB asks for a subclass of BaseRateLimiter for anything finer; this is that:

- requests to a chat go one at a time (first come, first served), at most ``per_second`` in any
  sliding second and never closer than a short gap, counted when they are actually let go;
- ``per_second`` is the configured limit less a small headroom, because Telegram counts when a
  request arrives, and a busy event loop or network can bunch a few that left here spaced out;
- a RetryAfter pauses every request for as long as Telegram says, then they resume one by one,
  and the budget drops by one message per second (it grows back one per 30 s while Telegram
  stays content): where the timing is noisier than the headroom, the bot settles just below it
  instead of paying a pause again and again;
- a request is retried up to ``max_retries`` times after a RetryAfter, as AIORateLimiter does.

Requests with no chat (getMe, setMyCommands, answerCallbackQuery) wait out a pause but are not
counted, as in AIORateLimiter. The bot only talks in private chats: there is no per-group limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
Result = bool | dict[str, Any] | list[dict[str, Any]]
HEADROOM = 2  # messages per second kept free for timing jitter between here and Telegram
WINDOW = 1.0
RECOVER_AFTER = 30.0  # seconds without a RetryAfter before the budget grows back by one (a 429 costs ~30 messages)


class EvenRateLimiter(BaseRateLimiter[None]):  # no per-call arguments, as the builder expects
    def __init__(self, rate: float, *, max_retries: int = 3) -> None:
        self.per_second = max(1, int(rate) - HEADROOM)
        self.budget = self.per_second  # lowered by RetryAfter, restored while Telegram is content
        self._calm_since = float("-inf")
        # Making up for a stalled moment goes no faster than the rate plus a fifth.
        self.gap = WINDOW / (self.per_second * 1.2)
        self.max_retries = max_retries
        self._sent: deque[float] = deque()
        self._paused_until = float("-inf")
        self._turns = asyncio.Lock()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        counted = data.get("chat_id") is not None
        for attempt in range(self.max_retries + 1):
            await (self._turn() if counted else self._unpaused())
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = _seconds(exc.retry_after) + 0.1
                self._pause(seconds)
                if attempt == self.max_retries:
                    raise
                log.info("Telegram asked to wait %.1f s (%s); every request pauses", seconds, endpoint)
        raise AssertionError("unreachable")

    def _pause(self, seconds: float) -> None:
        now = asyncio.get_running_loop().time()
        if now >= self._paused_until:  # one lesson per pause, however many requests it stopped
            self.budget = max(1, self.per_second // 2, self.budget - 1)
        self._paused_until = max(self._paused_until, now + seconds)
        self._calm_since = self._paused_until

    def _ready_at(self, now: float) -> float:
        if self.budget < self.per_second and now - self._calm_since >= RECOVER_AFTER:
            self.budget += 1
            self._calm_since = now
        while self._sent and now - self._sent[0] >= WINDOW:
            self._sent.popleft()
        at = max(now, self._paused_until)
        if self._sent:
            at = max(at, self._sent[-1] + self.gap)
        if len(self._sent) >= self.budget:
            at = max(at, self._sent[0] + WINDOW)
        return at

    async def _turn(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._turns:
            # A timed wait, not polling: a pause may begin or grow meanwhile, so look again after it.
            while (delay := self._ready_at(loop.time()) - loop.time()) > 0:  # noqa: ASYNC110
                await asyncio.sleep(delay)
            self._sent.append(loop.time())

    async def _unpaused(self) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._paused_until - loop.time()) > 0:  # noqa: ASYNC110 - a timed wait, not polling
            await asyncio.sleep(delay)


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
