"""What a flow step gets: the caller, its dialog state, the incoming message, and a place for replies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core import channel
from core.channel import Capabilities
from core.clock import fmt_date, fmt_datetime
from core.delivery import Address
from core.messages import Choice, Incoming, OutgoingDocument, Reply
from core.text import RichText
from handlers.routes import Routes
from services import reach
from services.actors import Actor
from services.delivery import Sending
from services.reminder_policy import ReminderPolicy
from services.uploads import StoredUpload
from storage.files import FileStore


@dataclass(frozen=True, slots=True)
class FlowConfig:
    """Settings the flows need, taken from the one Settings object by the factory."""

    tz: ZoneInfo
    bot_username: str
    dialog_ttl: timedelta
    invite_ttl: timedelta
    invite_max_uses: int
    admin_ids: tuple[int, ...] = ()
    # The server's invite secret (bot/invite_secret.py): invite codes are stored as HMACs under it.
    invite_key: bytes = b""
    # The reminder policy from settings (working days, default schedule), for /nhacviec.
    reminders: ReminderPolicy | None = None
    # The server's ballot secret (bot/ballot_secret.py): the council's secret ballot keys derive from it.
    ballot_key: bytes = b""


@dataclass
class DialogState:
    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    changed: bool = False
    # The choices the chat was last offered (handlers/choices.py), kept until new ones replace them.
    prompt: dict[str, Any] | None = None

    def go(self, flow: str, step: str, **data: Any) -> None:
        """Move to a step; ``data`` is merged into what the flow has collected so far."""
        if flow != self.flow:
            self.data = {}
        self.flow, self.step = flow, step
        self.data.update(data)
        self.changed = True

    def clear(self) -> None:
        if self.flow is not None:  # nothing to write when there was no dialog
            self.flow, self.step, self.data = None, None, {}
            self.changed = True

    @property
    def active(self) -> bool:
        return self.flow is not None


Keyboard = tuple[tuple[Choice, ...], ...]
# Work a step leaves for after its transaction has committed (sends that record their own outcome,
# e.g. manual reminders); it returns replies to send when it is done.
FollowUp = Callable[[Sending], Awaitable[list[Reply]]]


@dataclass
class FlowContext:
    session: AsyncSession
    actor: Actor
    incoming: Incoming
    now: dt.datetime
    config: FlowConfig
    dialog: DialogState
    routes: Routes
    # A file the user sent at a step that takes files, already checked and stored.
    upload: StoredUpload | None = None
    files: FileStore | None = None
    # What the step's preparer read from the upload, outside the transaction (see Routes.step).
    prepared: object = None
    replies: list[Reply] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)

    def after_commit(self, work: FollowUp) -> None:
        """Run ``work`` once this step's transaction has committed and its replies are out."""
        self.followups.append(work)

    @property
    def channel(self) -> Capabilities:
        """What the incoming chat's channel can do (choose content by it, never a number)."""
        return channel.of(self.incoming.platform)

    def say(self, text: RichText, buttons: Keyboard = (), *, menu: tuple[tuple[str, str], ...] | None = None) -> None:
        self.replies.append(Reply(text=text, buttons=buttons, menu=menu))

    def edit(self, text: RichText, buttons: Keyboard = ()) -> None:
        """Replace the message whose button was pressed (or send a new one if there is none)."""
        self.replies.append(Reply(text=text, buttons=buttons, edit=self.incoming.callback_message_id is not None))

    def send_to(
        self, to: Address, text: RichText, buttons: Keyboard = (), *, menu: tuple[tuple[str, str], ...] | None = None
    ) -> None:
        self.replies.append(Reply(text=text, buttons=buttons, to=to, menu=menu))

    async def send_to_person(
        self,
        account_id: int,
        text: RichText,
        buttons: Keyboard = (),
        *,
        menu: tuple[tuple[str, str], ...] | None = None,
    ) -> int:
        """Tell a person on each of their enabled, reachable channels; how many chats that is."""
        chats = await reach.addresses_of(self.session, [account_id])
        for to in chats:
            self.send_to(to, text, buttons, menu=menu)
        return len(chats)

    def send_document(self, document: OutgoingDocument, caption: RichText) -> None:
        self.replies.append(Reply(text=caption, document=document))

    def send_photo(self, photo: OutgoingDocument, caption: RichText) -> None:
        self.replies.append(Reply(text=caption, photo=photo))

    def date(self, value: dt.datetime) -> str:
        return fmt_date(value, self.config.tz)

    def date_only(self, value: dt.date) -> str:
        return value.strftime("%d/%m/%Y")

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.config.tz).date()

    def datetime(self, value: dt.datetime) -> str:
        return fmt_datetime(value, self.config.tz)
