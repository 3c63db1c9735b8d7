"""Channel-neutral messages: what a flow receives and what it answers.

Channel adapters (``bot/channels``) translate a platform update into an
:class:`Incoming` and render each :class:`Reply`; flows in ``handlers/`` only see
these types, so a Zalo adapter can be added without touching a flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.delivery import Address
from core.text import Label, RichText


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file the user sent; the bytes are fetched only when a flow asks."""

    file_id: str
    file_name: str | None
    mime_type: str | None
    size: int | None
    kind: str = "document"  # "document" | "photo"


@dataclass(frozen=True, slots=True)
class Incoming:
    platform: str
    # The platform's ids as text (Telegram's integers, Zalo's strings); only the channel parses them.
    user_id: str
    chat_id: str
    chat_type: str
    display_name: str
    text: str | None = None
    command: str | None = None
    args: tuple[str, ...] = ()
    callback_data: str | None = None
    callback_message_id: str | None = None
    file: FileRef | None = None
    # The platform's id of this event when it may be delivered twice (Zalo): handled once.
    event_id: str | None = None

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"

    @property
    def address(self) -> Address:
        """The chat this came from: where replies go."""
        return Address(self.platform, self.chat_id)


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing the user may pick. The router numbers the choices of a reply, stores them with the
    chat's dialog and resolves a button press, "2", "số 2" or the label typed out to ``data``;
    Telegram shows a button, Zalo a numbered line. ``data`` only names the action ("prefix:arg…"):
    the flow re-checks everything when it is picked. ``url``: a link to open instead."""

    label: Label
    data: str | None = None
    url: str | None = None


Choices = tuple[tuple[Choice, ...], ...]  # rows: a layout hint for channels with buttons


@dataclass(frozen=True, slots=True)
class OutgoingDocument:
    file_name: str
    path: Path | None = None
    content: bytes | None = None
    # A file the platform already has (what a user sent): re-sent by id, never downloaded.
    file_id: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show.

    ``to`` None means "the chat the incoming message came from".
    ``edit`` replaces the message whose button was pressed instead of sending a new one, where the
    channel can edit. ``prompt`` is set by the router when it has stored the choices (their numbers
    then follow the order of ``buttons``, counting only choices with ``data``).
    """

    text: RichText
    buttons: Choices = ()
    to: Address | None = None
    edit: bool = False
    document: OutgoingDocument | None = None
    photo: OutgoingDocument | None = None
    # The chat's command menu to set with this reply (role changed); None leaves it as it is.
    menu: tuple[tuple[str, str], ...] | None = None
    prompt: str | None = None
