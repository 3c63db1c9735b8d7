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

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Capabilities:
    platform: str
    text_limit: int  # characters of one message, after rendering
    caption_limit: int  # characters of a file's or photo's caption
    can_edit: bool  # a pressed message can be replaced in place
    documents_out: bool  # the bot can send a document (else: a signed link in the text)
    documents_in: bool  # users can send documents (else: photos only, or the upload page)
    photos_in: bool
    max_file_bytes: int  # the largest file the bot can take from a user
    inline_choices: bool  # choices as buttons (else: a numbered list)
    command_menu: bool  # a per-chat command menu


TELEGRAM = Capabilities(
    platform="telegram",
    text_limit=4096,
    caption_limit=1024,
    can_edit=True,
    documents_out=True,
    documents_in=True,
    photos_in=True,
    max_file_bytes=20 * MIB,  # what a bot may download
    inline_choices=True,
    command_menu=True,
)

ZALO = Capabilities(
    platform="zalo",
    text_limit=2000,
    caption_limit=2000,
    can_edit=False,
    documents_out=False,
    documents_in=False,
    photos_in=True,
    max_file_bytes=20 * MIB,  # the upload page's limit
    inline_choices=False,
    command_menu=False,
)

KNOWN: dict[str, Capabilities] = {caps.platform: caps for caps in (TELEGRAM, ZALO)}


def of(platform: str) -> Capabilities:
    """The capabilities of ``platform``; an unknown one gets the narrowest (Zalo's)."""
    return KNOWN.get(platform, ZALO)


class Channel(Protocol):
    """One platform's way out: render, pace, send, classify. Never raises for a delivery problem."""

    @property
    def capabilities(self) -> Capabilities: ...

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome: ...
