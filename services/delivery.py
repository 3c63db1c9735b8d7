"""Pushing a message to one person, and what came of it. Channel adapters implement :class:`Pusher`.

Services that send on their own initiative (reminders) depend on this, never on a chat library.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from core.messages import Reply


class Outcome(enum.StrEnum):
    DELIVERED = "delivered"
    BLOCKED = "blocked"  # the person blocked the bot (or the chat is gone): stop counting them reachable
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PushResult:
    outcome: Outcome
    error: str | None = None
    # True when the message certainly did not go out and trying again later is sensible (429, 5xx,
    # connection refused); False when it may have gone out (a timeout) or never will (a bad request).
    retryable: bool = False

    @classmethod
    def delivered(cls) -> PushResult:
        return cls(Outcome.DELIVERED)

    @classmethod
    def blocked(cls, error: str) -> PushResult:
        return cls(Outcome.BLOCKED, error)

    @classmethod
    def failed(cls, error: str, *, retryable: bool) -> PushResult:
        return cls(Outcome.FAILED, error, retryable)


class Pusher(Protocol):
    async def push(self, platform: str, reply: Reply) -> PushResult:
        """Send ``reply`` to ``reply.chat_id`` on ``platform``; never raises for a delivery problem."""
        ...
