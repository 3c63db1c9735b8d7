"""`thidua-bot sandbox`: chat with the real bot in a terminal, no Telegram token needed.

A fake Bot API server runs in-process on 127.0.0.1; the real bot polls it over HTTP exactly
as it would poll Telegram. You type as a user; ``:user N`` switches user (user 1 is an admin
of the Office), a bare number presses that button of the last message, ``:file PATH`` sends
a file, ``:help`` lists the commands.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from bot.app import build_application
from bot.sandbox.api_spec import JSONDict
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser, render
from bot.settings import Settings

SANDBOX_ADMIN = 1
SANDBOX_DB = "sqlite+aiosqlite:///data/sandbox.db"
HELP = """Lệnh sandbox:
  (gõ nội dung)      gửi tin nhắn tới bot, ví dụ /start
  <số>               bấm nút số <số> của tin nhắn gần nhất
  :user N [Tên]      đổi sang người dùng N (người dùng 1 là cán bộ Văn phòng - quản trị)
  :users             các người dùng đã dùng
  :file ĐƯỜNG_DẪN    gửi một tệp
  :inbox             xem lại tin nhắn của người dùng hiện tại
  :quit              thoát"""


class Terminal:
    def __init__(self, api: FakeBotApi, write: Callable[[str], None]) -> None:
        self.api = api
        self.write = write
        self.users: dict[int, SimUser] = {}
        self.seen: dict[int, int] = {}
        self.current = self._user(SANDBOX_ADMIN, "Cán bộ Văn phòng")

    def _user(self, user_id: int, name: str | None = None) -> SimUser:
        if user_id not in self.users:
            self.users[user_id] = SimUser(self.api, user_id, name or f"Cán bộ {user_id}", settle=0.3)
        return self.users[user_id]

    def _show_new(self, user: SimUser) -> None:
        """Messages that reached this user while they were not the one typing."""
        inbox = user.inbox
        for message in inbox[self.seen.get(user.user_id, 0) :]:
            self.write(_indent(render(message)))
        self.seen[user.user_id] = len(inbox)

    def _show(self, user: SimUser, replies: list[JSONDict]) -> None:
        """What the bot answered, edits included (an edited message is shown again)."""
        for message in replies:
            self.write(_indent(render(message)))
        self.seen[user.user_id] = len(user.inbox)

    async def handle(self, line: str) -> bool:
        """One typed line; False means quit."""
        line = line.strip()
        if not line:
            return True
        user = self.current
        try:
            if line in (":quit", ":q", ":exit"):
                return False
            if line == ":help":
                self.write(HELP)
            elif line == ":users":
                for uid, sim in self.users.items():
                    self.write(f"  {uid}: {sim.first_name}{' (đang dùng)' if sim is user else ''}")
            elif line.startswith(":user"):
                parts = line.split(maxsplit=2)
                self.current = self._user(int(parts[1]), parts[2] if len(parts) > 2 else None)
                self.write(f"— Đang là người dùng {self.current.user_id} ({self.current.first_name})")
                self._show_new(self.current)
            elif line == ":inbox":
                self.seen[user.user_id] = 0
                self._show_new(user)
            elif line.startswith(":file"):
                path = Path(line.split(maxsplit=1)[1])
                self._show(user, await user.upload(path))
            elif line.isdigit() and user.last_buttons:
                self._show(user, await user.press(int(line)))
            else:
                self._show(user, await user.send(line))
        except (LookupError, ValueError, IndexError, OSError) as exc:
            self.write(f"! {exc}")
        return True


def _indent(text: str) -> str:
    return "\n".join(f"  🤖 {line}" if i == 0 else f"     {line}" for i, line in enumerate(text.splitlines()))


async def _lines(script: Path | None) -> AsyncIterator[str]:
    if script is not None:
        content = await asyncio.to_thread(script.read_text, encoding="utf-8")
        for line in content.splitlines():
            print(f"> {line}")
            yield line
        return
    while True:
        try:
            line = await asyncio.to_thread(input, "> ")
        except EOFError:
            return
        yield line


async def run_sandbox(settings: Settings, *, script: Path | None = None) -> int:
    if "database_url" not in settings.model_fields_set:
        settings = settings.model_copy(update={"database_url": SANDBOX_DB})
    settings = settings.model_copy(
        update={"admin_telegram_ids": (*settings.admin_telegram_ids, SANDBOX_ADMIN), "telegram_bot_token": None}
    )
    async with FakeBotApi(bot_username="thidua_sandbox_bot") as api:
        runtime = build_application(
            settings, token=api.token, base_url=api.bot_base_url, base_file_url=api.base_file_url_prefix
        )
        await runtime.start(poll_timeout=1)
        terminal = Terminal(api, print)
        print(f"Sandbox: bot @{api.bot_username} chạy trên {api.base_url} (cơ sở dữ liệu {settings.database_url}).")
        print(HELP)
        print(f"— Đang là người dùng {SANDBOX_ADMIN} (Cán bộ Văn phòng, quản trị)")
        try:
            async for line in _lines(script):
                if not await terminal.handle(line):
                    break
        finally:
            await runtime.stop()
    sys.stdout.flush()
    return 0
