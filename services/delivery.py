"""Pushing a message to one person on the bot's own initiative. Channel adapters implement :class:`Pusher`.

Services that send on their own initiative (reminders, manual reminders) depend on this, never on a
chat library. The outcome is the one every send reports (``core.delivery.DeliveryOutcome``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.clock import Clock
from core.delivery import DeliveryOutcome
from core.messages import Reply
from storage.db import Database


class Pusher(Protocol):
    async def push(self, platform: str, reply: Reply) -> DeliveryOutcome:
        """Send ``reply`` to ``reply.chat_id`` on ``platform``; never raises for a delivery problem."""
        ...


@dataclass(frozen=True, slots=True)
class Outbound:
    """What a send that happens after a flow's transaction needs: the database, the time, a pusher."""

    db: Database
    clock: Clock
    pusher: Pusher
