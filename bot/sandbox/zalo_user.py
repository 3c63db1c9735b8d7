"""A simulated Zalo user against the fake Zalo Bot API, with the same moves as the Telegram one.

Zalo has no buttons: "pressing" a choice means reading the numbered list of the bot's last message
and typing the number, exactly as a person does. Zalo has no documents either: a file is sent the
way the bot asks for it on Zalo, through the one-time upload link in its last message, by a
multipart POST as the upload page's form does (the page itself is tested in a real browser).
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from bot.sandbox.fake_zalo import FakeZaloApi

JSONDict = dict[str, Any]
_NUMBERED = re.compile(r"^(\d{1,3})\. (.+)$")
_UPLOAD_LINK = re.compile(r"(https?://\S+/u/[A-Za-z0-9_\-.]+)")


def numbered_choices(text: str) -> list[tuple[int, str]]:
    """The "n. label" lines of a Zalo message, in order."""
    return [(int(m.group(1)), m.group(2)) for line in text.splitlines() if (m := _NUMBERED.match(line))]


class ZaloSimUser:
    platform = "zalo"

    def __init__(self, api: FakeZaloApi, user_id: str, display_name: str = "Người dùng") -> None:
        self.api = api
        self.user_id = user_id
        self.chat_id = user_id  # Zalo's private chat has the user's id
        self.display_name = display_name
        api.add_user(user_id, display_name)

    # --- what the user sees -------------------------------------------------------------------------

    @property
    def inbox(self) -> list[JSONDict]:
        return self.api.messages(self.chat_id)

    @property
    def last_text(self) -> str | None:
        inbox = self.inbox
        return _text(inbox[-1]) if inbox else None

    @property
    def last_buttons(self) -> list[str]:
        """The choices the chat shows last (Zalo: the numbered lines of the latest message with any)."""
        for message in reversed(self.inbox):
            found = numbered_choices(_text(message))
            if found:
                return [label for _, label in found]
        return []

    def mark(self) -> int:
        return len(self.inbox)

    def shown_since(self, mark: int) -> str:
        return "\n---\n".join(_text(m) for m in self.inbox[mark:])

    async def wait_for_change(self, seconds: float) -> None:
        await self.api.people.wait_for_change(seconds)

    # --- what the user does ----------------------------------------------------------------------

    async def send(self, text: str) -> None:
        self.api.user_sends_text(self.user_id, text, self.display_name)

    async def press(self, label_or_number: str | int) -> None:
        """Type the number of the choice whose label matches (exact, then contains), or a number."""
        if isinstance(label_or_number, int):
            await self.send(str(label_or_number))
            return
        for message in reversed(self.inbox):
            found = numbered_choices(_text(message))
            if not found:
                continue
            exact = [n for n, label in found if label == label_or_number]
            loose = [n for n, label in found if label_or_number.casefold() in label.casefold()]
            picked = exact or loose
            if picked:
                await self.send(str(picked[0]))
                return
            break
        raise LookupError(f"no choice {label_or_number!r}; the chat shows: {self.last_buttons}")

    async def upload(self, content: bytes, file_name: str, mime_type: str | None = None) -> int:
        """Send a file through the upload link the bot gave last; the page's HTTP status."""
        for message in reversed(self.inbox):
            link = _UPLOAD_LINK.search(_text(message))
            if link is not None:
                files = {"file": (file_name, content, mime_type or "application/octet-stream")}
                async with httpx.AsyncClient(timeout=30) as http:
                    response = await http.post(link.group(1), files=files)
                return response.status_code
        raise LookupError("the bot gave no upload link in this chat")


def _text(message: JSONDict) -> str:
    return str(message.get("text") or message.get("caption") or "")
