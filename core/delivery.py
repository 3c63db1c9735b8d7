"""The one outbound path: deliver a message to an address, and what came of it.

Everything the bot sends (a reply, a reminder, a notice of a broadcast, its progress, an error report)
goes through :class:`Outbound`. A :class:`Router` holds one channel per platform (``core.channel``);
each channel renders the message, paces its own sends and turns the platform's answer into a
:class:`DeliveryOutcome` by its one classifier (Telegram: ``bot/channels/telegram/attempts.py``,
Zalo: ``bot/channels/zalo/outcome.py``):

- ``delivered``: the platform accepted it.
- ``blocked``: the person blocked the bot, or the chat does not exist for the bot (never started it):
  the identity is unreachable; nothing went out.
- ``retry_later``: surely not delivered, and a later attempt is sensible (rate limit, a 5xx answer,
  a connection that never opened).
- ``failed``: surely not delivered, and trying again cannot help (the platform refused this message).
- ``unknown``: the request went out and no answer came back (read timeout, connection dropped):
  the message may or may not have arrived. It is recorded as such and never sent again.

Only ``retry_later`` is ever tried again, never ``unknown``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from core.channel import Capabilities, Channel
    from core.messages import Reply

log = logging.getLogger(__name__)

DeliveryStatus = Literal["delivered", "blocked", "retry_later", "failed", "unknown"]


@dataclass(frozen=True, slots=True)
class Address:
    """A chat on a platform. Ids are text whatever the platform; only its channel parses them."""

    platform: str
    chat_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat_id}"


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    status: DeliveryStatus
    message_id: str | None = None
    # "code" or "code: detail"; the code names a catalogue text ("bc.reason.<code>").
    reason: str | None = None

    @classmethod
    def delivered(cls, message_id: str | None = None) -> DeliveryOutcome:
        return cls("delivered", message_id)

    @classmethod
    def blocked(cls, reason: str) -> DeliveryOutcome:
        return cls("blocked", reason=reason)

    @classmethod
    def retry_later(cls, reason: str) -> DeliveryOutcome:
        return cls("retry_later", reason=reason)

    @classmethod
    def failed(cls, reason: str) -> DeliveryOutcome:
        return cls("failed", reason=reason)

    @classmethod
    def unknown(cls, reason: str) -> DeliveryOutcome:
        return cls("unknown", reason=reason)

    @property
    def ok(self) -> bool:
        return self.status == "delivered"

    @property
    def retryable(self) -> bool:
        """Surely not delivered, and a later attempt may succeed."""
        return self.status == "retry_later"


class Outbound(Protocol):
    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome:
        """Send ``message`` to ``to``; never raises for a delivery problem (the outcome says it).

        ``replace``: the id of a message of the bot to replace in place, where the channel can edit
        (otherwise the message is sent anew). ``reply``: an answer to what the person just wrote, sent
        at once; anything else the bot starts waits for its place in the channel's pacer.
        """
        ...


class Router:
    """The :class:`Outbound` of the bot: each address goes to the channel of its platform."""

    def __init__(self, channels: Iterable[Channel] = ()) -> None:
        self.channels: dict[str, Channel] = {}
        for channel in channels:
            self.add(channel)

    def add(self, channel: Channel) -> None:
        self.channels[channel.capabilities.platform] = channel

    def capabilities(self, platform: str) -> Capabilities | None:
        channel = self.channels.get(platform)
        return channel.capabilities if channel is not None else None

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome:
        channel = self.channels.get(to.platform)
        if channel is None:  # a platform this process does not run now (no token): surely not sent
            log.warning("no channel for %s: message to %s not sent", to.platform, to)
            return DeliveryOutcome.retry_later(f"no_channel: {to.platform}")
        return await channel.deliver(to, message, replace=replace, reply=reply)
