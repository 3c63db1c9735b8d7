"""Updates of different chats run concurrently; updates of one chat run in the order they came.

PTB takes its global slot (``max_concurrent_updates``) *before* calling ``do_process_update``, so
an update that waits here for its chat's earlier ones would hold a global slot while doing
nothing: one chat's backlog of a few hundred updates filled every slot and every other user
waited behind it. So PTB is given no effective limit, and the real one is taken here, only when
it is the update's turn in its chat: a chat occupies at most one global slot at a time.

A chat's backlog (running + waiting) is capped: beyond it, updates are dropped unprocessed and
the chat is told once per flood (``on_overflow``); the notice is owed again after the backlog
has drained.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

# What PTB's own semaphore is given: never the limit that matters (ours is, below).
_UNBOUNDED = 1 << 30
DEFAULT_CONCURRENCY = 256
DEFAULT_BACKLOG = 50

Overflow = Callable[[object], Awaitable[None]]


@dataclass(slots=True)
class _ChatLine:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # FIFO: one chat's updates keep their order
    queued: int = 0  # running + waiting
    told: bool = False  # the flood notice went out for this backlog


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int = DEFAULT_CONCURRENCY,
        *,
        backlog_limit: int = DEFAULT_BACKLOG,
        on_overflow: Overflow | None = None,
    ) -> None:
        super().__init__(_UNBOUNDED)
        self.concurrency = max_concurrent_updates
        self.backlog_limit = backlog_limit
        self.on_overflow = on_overflow
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._chats: dict[int, _ChatLine] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        line = self._chats.get(key)
        if line is None:
            line = self._chats[key] = _ChatLine()
        if line.queued >= self.backlog_limit:
            await self._drop(update, coroutine, line, key)
            return
        line.queued += 1
        try:
            async with line.lock, self._slots:
                await coroutine
        finally:
            line.queued -= 1
            if line.queued == 0:
                del self._chats[key]

    async def _drop(self, update: object, coroutine: Awaitable[Any], line: _ChatLine, key: int) -> None:
        if isinstance(coroutine, Coroutine):
            coroutine.close()  # never started: nothing to undo, and no "never awaited" warning
        if line.told:
            return
        line.told = True
        log.warning("chat %s sent more than %s updates at once; the rest are dropped", key, self.backlog_limit)
        if self.on_overflow is not None:
            await self.on_overflow(update)

    async def initialize(self) -> None:
        """Nothing to set up; the chat lines are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _chat_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return 0
