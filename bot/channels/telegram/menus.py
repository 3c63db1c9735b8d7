"""The per-chat command menus this process has set, so an unchanged one is not sent again.

``/help`` and ``/start`` carry the caller's menu so it follows the role; sending it every time
cost a second Bot API call on the most common messages. A menu is sent when this process has not
set that exact menu for the chat (first contact after a start, or a role change); set by another
process, it is at worst sent once more here. Bounded: the least recently used chats are forgotten.
"""

from __future__ import annotations

from collections import OrderedDict

Menu = tuple[tuple[str, str], ...]


class MenuMemory:
    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._menus: OrderedDict[int, Menu] = OrderedDict()

    def is_set(self, chat_id: int, menu: Menu) -> bool:
        """True when this process already set exactly ``menu`` for the chat."""
        if self._menus.get(chat_id) != menu:
            return False
        self._menus.move_to_end(chat_id)
        return True

    def remember(self, chat_id: int, menu: Menu) -> None:
        """Called once the menu was set."""
        self._menus[chat_id] = menu
        self._menus.move_to_end(chat_id)
        while len(self._menus) > self.capacity:
            self._menus.popitem(last=False)
