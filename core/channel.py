"""What a chat channel is to the rest of the bot: what it can do, and how a message reaches a chat.

A channel (``bot/channels/<platform>``) implements :class:`Channel`; the :class:`core.delivery.Router`
holds one per platform. Flows and services never see a channel, only its :class:`Capabilities`
(to choose content) and the outcome of a delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from core.delivery import Address, DeliveryOutcome
    from core.messages import Reply


@dataclass(frozen=True, slots=True)
class Capabilities:
    platform: str
    text_limit: int  # Telegram 4096 (after HTML parsing); Zalo 2000
    caption_limit: int  # Telegram 1024; Zalo 2000 (sendPhoto caption)
    can_edit: bool  # a sent message can be replaced in place (Telegram yes; Zalo no)
    documents_out: bool  # Telegram yes; Zalo no (a signed link in the text)
    documents_in: bool  # Telegram yes; Zalo no (photos only, or the upload page)
    photos_in: bool
    photo_out_by_url_only: bool  # Zalo: sendPhoto takes a public https link
    max_file_bytes: int
    inline_choices: bool  # Telegram buttons; Zalo numbered lists
    command_menu: bool  # a per-chat command menu (Telegram's setMyCommands)


class Channel(Protocol):
    """One platform's way out: render, pace, send, classify. Never raises for a delivery problem."""

    @property
    def capabilities(self) -> Capabilities: ...

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome: ...
