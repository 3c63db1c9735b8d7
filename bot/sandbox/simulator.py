"""A scripted Telegram user for the fake Bot API.

Conversation tests and the terminal sandbox both want to "say something and see what the bot
answered", without caring how many messages or edits the bot needed. ``SimUser`` sends through
:class:`~bot.sandbox.fake_api.FakeBotApi` and waits until the bot has gone quiet in the chat:

    officer = SimUser(api, 1001, "Lan")
    replies = await officer.send("/start")
    await officer.press("Đăng ký")
"""

from __future__ import annotations

import asyncio
import mimetypes
import time
from pathlib import Path

from bot.sandbox.api_spec import JSONDict
from bot.sandbox.fake_api import FakeBotApi

# How long a press whose only visible effect so far is the answered spinner waits for a message.
CALLBACK_ONLY_SETTLE = 1.5


class SimUser:
    """One person chatting with the bot, in a private chat or (with ``chat_id``) a group."""

    def __init__(
        self,
        api: FakeBotApi,
        user_id: int,
        first_name: str = "Tester",
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        settle: float = 0.15,
        reply_timeout: float = 5.0,
    ) -> None:
        self.api = api
        self.user_id = user_id
        self.first_name = first_name
        if chat_id is not None and chat_id < 0 and chat_type == "private":
            chat_type = "group"
        self.chat_type = chat_type
        self.chat_id = user_id if chat_id is None else chat_id
        self.settle = settle
        self.reply_timeout = reply_timeout

    # --- what the user sees ---------------------------------------------------------------------

    @property
    def inbox(self) -> list[JSONDict]:
        """The bot's messages in this chat, as currently shown (after edits)."""
        return self.api.messages(self.chat_id)

    @property
    def last_message(self) -> JSONDict | None:
        inbox = self.inbox
        return inbox[-1] if inbox else None

    @property
    def last_text(self) -> str | None:
        message = self.last_message
        return None if message is None else message.get("text", message.get("caption"))

    @property
    def last_buttons(self) -> list[str]:
        """Labels of the keyboard the user would tap next (inline first, else the reply keyboard)."""
        message = self._keyboard_message()
        if message is not None:
            return [b["text"] for b in _inline_buttons(message)]
        return _reply_labels(self.api.reply_keyboard(self.chat_id))

    # --- actions ----------------------------------------------------------------------------------

    async def send(self, text: str) -> list[JSONDict]:
        mark = self._activity()
        self.api.user_sends_text(
            self.user_id, text, self.first_name, chat_type=self.chat_type, chat_id=self._group_id()
        )
        return await self._replies(mark)

    async def press(self, label_or_data: str | int, message: JSONDict | int | None = None) -> list[JSONDict]:
        """Tap a button by label (exact, then case-insensitive substring), callback data or 1-based number.

        Reply-keyboard buttons are "pressed" by sending their label, as Telegram clients do.
        """
        if isinstance(message, int):
            message = next((m for m in self.inbox if m["message_id"] == message), None)
            if message is None:
                raise LookupError("no such bot message in this chat")
        target = message or self._keyboard_message()
        if target is not None:
            buttons = _inline_buttons(target)
            labels, data = [b["text"] for b in buttons], [b.get("callback_data") for b in buttons]
            index = _pick(labels, data, label_or_data)
            if index is not None:
                callback_data = data[index]
                if callback_data is None:
                    raise LookupError(f"button {labels[index]!r} has no callback_data")
                mark = self._activity()
                self.api.user_presses(self.user_id, target["message_id"], callback_data, chat_id=self.chat_id)
                return await self._replies(mark)
        reply_labels = _reply_labels(self.api.reply_keyboard(self.chat_id))
        if message is None:
            index = _pick(reply_labels, [None] * len(reply_labels), label_or_data)
            if index is not None:
                return await self.send(reply_labels[index])
        raise LookupError(f"no button {label_or_data!r}; visible buttons: {self.last_buttons}")

    async def upload(
        self,
        path_or_bytes: Path | str | bytes,
        file_name: str | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> list[JSONDict]:
        if isinstance(path_or_bytes, bytes):
            content, name = path_or_bytes, file_name or "file.bin"
        else:
            path = Path(path_or_bytes)
            content, name = await asyncio.to_thread(path.read_bytes), file_name or path.name
        mark = self._activity()
        self.api.user_sends_document(
            self.user_id,
            content,
            name,
            mime_type or mimetypes.guess_type(name)[0],
            caption,
            first_name=self.first_name,
            chat_type=self.chat_type,
            chat_id=self._group_id(),
        )
        return await self._replies(mark)

    # --- internals --------------------------------------------------------------------------------

    def _group_id(self) -> int | None:
        return None if self.chat_type == "private" else self.chat_id

    def _keyboard_message(self) -> JSONDict | None:
        return next((m for m in reversed(self.inbox) if _inline_buttons(m)), None)

    def _activity(self) -> tuple[int, int]:
        """Bot output so far: messages/edits in the chat, and answered callback queries."""
        return self.api.mark(self.chat_id), len(self.api.answered_callbacks)

    async def _replies(self, mark: tuple[int, int]) -> list[JSONDict]:
        """Wait for the first reply, then until nothing new arrives for ``settle`` seconds.

        A bot answers a button's spinner before it has the reply ready, so an answered callback
        alone only counts after a longer quiet spell (``CALLBACK_ONLY_SETTLE``); a busy machine
        must not make a press return before its reply.
        """
        deadline = time.monotonic() + self.reply_timeout
        seen, last_change = mark, time.monotonic()
        while True:
            now, current = time.monotonic(), self._activity()
            if current != seen:
                seen, last_change = current, now
            answered = seen != mark
            settle = self.settle if seen[0] != mark[0] else max(self.settle, CALLBACK_ONLY_SETTLE)
            if (answered and now - last_change >= settle) or now >= deadline:
                break
            wake_at = min(deadline, last_change + settle) if answered else deadline
            await self.api.wait_for_change(wake_at - now)
        latest: dict[int, JSONDict] = {}
        for snapshot in self.api.timeline(self.chat_id)[mark[0] :]:
            latest.pop(snapshot["message_id"], None)
            latest[snapshot["message_id"]] = snapshot
        return sorted(latest.values(), key=lambda m: m["message_id"])


def _inline_buttons(message: JSONDict) -> list[JSONDict]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def _reply_labels(markup: JSONDict | None) -> list[str]:
    rows = (markup or {}).get("keyboard", [])
    return [b if isinstance(b, str) else b["text"] for row in rows for b in row]


def _pick(labels: list[str], data: list[str | None], wanted: str | int) -> int | None:
    """Index of the wanted button; exact matches win over numbers, numbers over substrings."""
    if isinstance(wanted, int):  # a number is a position, never part of a label ("12" is not "Tháng 12")
        if 1 <= wanted <= len(labels):
            return wanted - 1
        raise LookupError(f"Không có nút số {wanted}: tin nhắn có {len(labels)} nút.")
    key = str(wanted)
    for candidates in (labels, data):
        if key in candidates:
            return candidates.index(key)
    if key.isdigit() and 1 <= int(key) <= len(labels):
        return int(key) - 1
    matches = [i for i, label in enumerate(labels) if key.casefold() in label.casefold()]
    if len(matches) > 1:
        raise LookupError(f"{wanted!r} matches several buttons: {[labels[i] for i in matches]}")
    return matches[0] if matches else None


def render(message: JSONDict) -> str:
    """Plain-text view of a bot message with numbered buttons, for the terminal and test failures."""
    lines = [message.get("text") or message.get("caption") or ""]
    if "document" in message:
        lines.insert(0, f"[file] {message['document'].get('file_name', 'document')}")
    if "photo" in message:
        lines.insert(0, "[photo]")
    buttons = _inline_buttons(message)
    if buttons:
        lines.append("  ".join(f"[{i}] {b['text']}" for i, b in enumerate(buttons, 1)))
    if "edit_date" in message:
        lines[0] = f"(edited) {lines[0]}"
    return "\n".join(line for line in lines if line)
