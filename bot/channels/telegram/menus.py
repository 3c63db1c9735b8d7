"""The per-chat command menus this process has set, so an unchanged one is not sent again.

``/help`` and ``/start`` carry the caller's menu so it follows the role; sending it every time
cost a second Bot API call on the most common messages. A menu is sent when this process has not
set that exact menu for the chat (first contact after a start, or a role change); set by another
process, it is at worst sent once more here. Bounded: the least recently used chats are forgotten.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict

from core.messages import Incoming, Reply

Menu = tuple[tuple[str, str], ...]


class MenuMemory:
    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._menus: OrderedDict[int, Menu] = OrderedDict()

    def pending(self, replies: list[Reply], incoming: Incoming | None) -> tuple[list[Reply], dict[int, Menu]]:
        """The replies without menus already set, and the menus that will be set, by chat."""
        kept: list[Reply] = []
        owed: dict[int, Menu] = {}
        for reply in replies:
            chat_id = reply.chat_id if reply.chat_id is not None else (incoming.chat_id if incoming else None)
            if reply.menu is None or chat_id is None:
                kept.append(reply)
            elif self._menus.get(chat_id) == reply.menu and chat_id not in owed:
                self._menus.move_to_end(chat_id)
                kept.append(dataclasses.replace(reply, menu=None))
            else:
                owed[chat_id] = reply.menu
                kept.append(reply)
        return kept, owed

    def remember(self, owed: dict[int, Menu]) -> None:
        """Called once the replies (and their menus) were delivered."""
        for chat_id, menu in owed.items():
            self._menus[chat_id] = menu
            self._menus.move_to_end(chat_id)
        while len(self._menus) > self.capacity:
            self._menus.popitem(last=False)
