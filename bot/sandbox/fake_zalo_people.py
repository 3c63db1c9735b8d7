"""The people and the inbox of the fake Zalo Bot API: who wrote, what they sent, what the bot answered.

Kept apart from the HTTP server (fake_zalo.py) so each stays small. Events are built in the wire
shape Zalo uses (see bot/channels/zalo/events.py): string ids, ``date`` in milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]


@dataclass
class SentCall:
    """One accepted call that sends (sendMessage, sendPhoto, sendChatAction)."""

    method: str
    chat_id: str
    params: JSONDict
    at: float  # time.monotonic()


@dataclass
class People:
    """Users who wrote to the bot, events waiting for the bot, and every chat's bot messages."""

    names: dict[str, str] = field(default_factory=dict)
    pending: deque[JSONDict] = field(default_factory=deque)
    delivered: list[JSONDict] = field(default_factory=list)
    timelines: dict[str, list[JSONDict]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(0x5A10000))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _marks: dict[str, int] = field(default_factory=dict)

    # --- a user writes --------------------------------------------------------------------------

    def add_user(self, user_id: str, display_name: str | None = None) -> None:
        """A person who has opened a chat with the bot (the bot may write to them)."""
        self.names[user_id] = display_name or self.names.get(user_id) or f"Người dùng {user_id}"

    def event(self, event_name: str, user_id: str, content: JSONDict, display_name: str | None) -> JSONDict:
        self.add_user(user_id, display_name)
        message: JSONDict = {
            "message_id": f"{next(self._message_ids):020x}",
            "from": {"id": user_id, "display_name": self.names[user_id], "is_bot": False},
            "chat": {"id": user_id, "chat_type": "PRIVATE"},
            "date": int(time.time() * 1000),
            **content,
        }
        event = {"event_name": event_name, "message": message}
        self._marks[user_id] = len(self.timelines.get(user_id, []))
        self.queue(event)
        return copy.deepcopy(event)

    def queue(self, event: JSONDict) -> None:
        self.pending.append(copy.deepcopy(event))
        self.notify()

    def next_event(self) -> JSONDict | None:
        if not self.pending:
            return None
        event = self.pending.popleft()
        self.delivered.append(copy.deepcopy(event))
        return event

    # --- the bot answers ------------------------------------------------------------------------

    def record(self, chat_id: str, content: JSONDict) -> JSONDict:
        message = {"message_id": f"{next(self._message_ids):020x}", "date": int(time.time() * 1000), **content}
        self.timelines.setdefault(chat_id, []).append(copy.deepcopy(message))
        self.notify()
        return message

    def messages(self, chat_id: str) -> list[JSONDict]:
        return copy.deepcopy(self.timelines.get(chat_id, []))

    def mark(self, chat_id: str) -> int:
        return len(self.timelines.get(chat_id, []))

    async def wait_for_message(
        self,
        chat_id: str,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the whole wait, not one call
        after: int | None = None,
    ) -> JSONDict:
        """The next bot message in the chat (by default since the user last wrote) that matches."""
        index = self._marks.get(chat_id, 0) if after is None else after
        deadline = time.monotonic() + timeout
        while True:
            timeline = self.timelines.get(chat_id, [])
            for message in timeline[index:]:
                index += 1
                if predicate is None or predicate(message):
                    return copy.deepcopy(message)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                last = [m.get("text", m.get("caption")) for m in timeline[-3:]]
                raise TimeoutError(f"no matching bot message in Zalo chat {chat_id} in {timeout}s; last: {last}")
            await self.wait_for_change(remaining)

    async def wait_for_change(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), max(seconds, 0))

    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
