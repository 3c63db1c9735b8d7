"""What the broadcast sender needs from a chat channel, in channel-neutral terms.

A channel adapter turns the platform's answer into one :class:`DeliveryOutcome`. The outcome
is honest about doubt: ``unknown`` means the message may or may not have arrived (the request
went out and no answer came back), and such a message is never sent again.

Reminders use the smaller ``services.delivery.Pusher`` (a text, and whether a failure may be
retried by a later sweep); a notice also needs a file or photo, the message's id, the doubtful
outcome kept apart from failures, and the admin's progress message edited in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from core.messages import Reply

NoticeStatus = Literal["delivered", "blocked", "failed", "unknown"]


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    status: NoticeStatus
    message_id: int | None = None
    # "code" or "code: detail"; the code names a catalogue text ("bc.reason.<code>").
    reason: str | None = None


class NoticeChannel(Protocol):
    async def send_notice(self, chat_id: int, notice: Reply) -> DeliveryOutcome:
        """Send once; retry only what surely did not arrive (rate limits, server errors)."""
        ...

    async def post(self, chat_id: int, reply: Reply) -> int | None:
        """Send an ordinary message (progress, report); its id, or None when it could not be sent."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        """Replace a message's text; failures are logged, never raised (progress is best effort)."""
        ...
