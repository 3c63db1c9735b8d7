"""What came of one send, in channel-neutral terms: the one outcome every send of the bot reports.

A channel adapter turns the platform's answer into a :class:`DeliveryOutcome`, by one rule for every
message the bot sends (a reply, a reminder, a notice, an error report):

- ``delivered``: the platform accepted it.
- ``blocked``: the person blocked the bot, or the chat does not exist for the bot (never started it):
  the account is unreachable; nothing went out.
- ``failed``: surely not delivered. ``retryable`` when trying later is sensible (rate limit, a 5xx
  answer, a connection that never opened); not when the platform refused this message.
- ``unknown``: the request went out and no answer came back (read timeout, connection dropped):
  the message may or may not have arrived. It is recorded as such and never sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from core.messages import Reply
from core.text import RichText

NoticeStatus = Literal["delivered", "blocked", "failed", "unknown"]


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    status: NoticeStatus
    message_id: int | None = None
    # "code" or "code: detail"; the code names a catalogue text ("bc.reason.<code>").
    reason: str | None = None
    # Only for "failed": the message surely did not go out and a later attempt may succeed.
    retryable: bool = False

    @classmethod
    def delivered(cls, message_id: int | None = None) -> DeliveryOutcome:
        return cls("delivered", message_id)

    @classmethod
    def blocked(cls, reason: str) -> DeliveryOutcome:
        return cls("blocked", reason=reason)

    @classmethod
    def failed(cls, reason: str, *, retryable: bool) -> DeliveryOutcome:
        return cls("failed", reason=reason, retryable=retryable)

    @classmethod
    def unknown(cls, reason: str) -> DeliveryOutcome:
        return cls("unknown", reason=reason)

    @property
    def ok(self) -> bool:
        return self.status == "delivered"


class NoticeChannel(Protocol):
    async def send_notice(self, chat_id: int, notice: Reply) -> DeliveryOutcome:
        """Send once; retry only what surely did not arrive (rate limits, server errors)."""
        ...

    async def post(self, chat_id: int, reply: Reply) -> int | None:
        """Send an ordinary message (progress, report); its id, or None when it could not be sent."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: RichText) -> None:
        """Replace a message's text; failures are logged, never raised (progress is best effort)."""
        ...
