"""`thidua-bot sandbox`: chat with the real bot in a terminal, no Telegram token needed.

A fake Bot API server runs in-process on 127.0.0.1; the real bot polls it over HTTP exactly
as it would poll Telegram. You type as a user; ``:user N`` switches user (user 1 is an admin
of the Office), a bare number presses that button of the last message, ``:file PATH`` sends
a file, ``:text 12`` sends a number as text, ``:multi`` … ``:end`` a message of several lines,
``:at 2026-12-07 08:00`` moves the bot's clock (``:nhac`` then runs a reminder sweep), and files the
bot sends are saved to a folder, their path printed. ``:help`` lists the commands.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

from bot.app import BotRuntime, build_application
from bot.cli_reminders import parse_at
from bot.sandbox.api_spec import JSONDict
from bot.sandbox.clock import SandboxClock
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser, render
from bot.settings import Settings
from core.clock import WEEKDAYS_VI

SANDBOX_ADMIN = 1
SANDBOX_DB = "sqlite+aiosqlite:///data/sandbox.db"
SANDBOX_FILES = Path("data/sandbox-files")
HELP = """Lệnh sandbox:
  (gõ nội dung)      gửi tin nhắn tới bot, ví dụ /start
  <số>               bấm nút số <số> của tin nhắn gần nhất
  :text NỘI_DUNG     gửi nguyên văn (ví dụ :text 12 gửi số 12, không bấm nút)
  :multi … :end      gửi một tin nhắn nhiều dòng: các dòng giữa :multi và :end
  :user N [Tên]      đổi sang người dùng N (người dùng 1 là cán bộ Văn phòng - quản trị)
  :users             các người dùng đã dùng
  :file ĐƯỜNG_DẪN    gửi một tệp (tệp bot gửi được lưu tự động, đường dẫn in ra)
  :at [THỜI_ĐIỂM]    xem hoặc đặt giờ của bot, ví dụ :at 2026-12-07 08:00
  :nhac              chạy ngay một lượt nhắc việc theo giờ của bot
  :inbox             xem lại tin nhắn của người dùng hiện tại
  :quit              thoát"""


class Terminal:
    def __init__(
        self,
        api: FakeBotApi,
        write: Callable[[str], None],
        *,
        runtime: BotRuntime | None = None,
        clock: SandboxClock | None = None,
        save_dir: Path = SANDBOX_FILES,
    ) -> None:
        self.api = api
        self.write = write
        self.runtime = runtime
        self.clock = clock
        self.save_dir = save_dir
        self.saved: set[str] = set()  # file ids already saved: an edited message shows its file again
        self.lines: list[str] | None = None  # the lines of a :multi message being typed
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
            self._write_message(message)
        self.seen[user.user_id] = len(inbox)

    def _show(self, user: SimUser, replies: list[JSONDict]) -> None:
        """What the bot answered, edits included (an edited message is shown again)."""
        for message in replies:
            self._write_message(message)
        self.seen[user.user_id] = len(user.inbox)

    def _write_message(self, message: JSONDict) -> None:
        self.write(_indent(render(message)))
        if (path := self._save(message)) is not None:
            self.write(f"     💾 Đã lưu tệp: {path}")

    def _save(self, message: JSONDict) -> Path | None:
        """Keep a file the bot sent, so it can be opened (an Excel export, a submitted report)."""
        if "document" in message:
            file_id, name = message["document"]["file_id"], message["document"].get("file_name") or "tep"
        elif message.get("photo"):
            file_id, name = message["photo"][-1]["file_id"], f"anh-{message['message_id']}.jpg"
        else:
            return None
        if file_id in self.saved:
            return None
        self.saved.add(file_id)
        self.save_dir.mkdir(parents=True, exist_ok=True)
        path = self.save_dir / f"{message['message_id']}-{Path(name).name}"
        path.write_bytes(self.api.file_content(file_id))
        return path.resolve()

    def _set_clock(self, text: str) -> None:
        if self.clock is None or self.runtime is None:
            raise ValueError("Sandbox này không đặt được giờ.")
        if text:
            try:
                self.clock.set(parse_at(text, self.runtime.settings))
            except ValueError:
                raise ValueError(f"Không hiểu thời điểm «{text}». Ví dụ: :at 2026-12-07 08:00") from None
        self.write(f"— Giờ của bot: {_when(self.clock.now(), self.runtime)}")

    async def _sweep(self) -> None:
        if self.runtime is None or self.runtime.reminders is None:
            raise ValueError("Nhắc việc đang tắt (REMINDERS_ENABLED=false).")
        report = await self.runtime.reminders.sweep()
        if report.state == "outside_hours" and report.next_working is not None:
            self.write(
                f"— Ngoài giờ làm việc: không nhắc. Giờ làm việc tiếp theo: {_when(report.next_working, self.runtime)}"
            )
        elif report.state == "busy":
            self.write("— Một lượt nhắc khác đang chạy.")
        else:
            counts = f"đã gửi {report.count('sent')}, lỗi {report.count('failed')}, chưa rõ {report.count('unknown')}"
            self.write(f"— Lượt nhắc việc xong: {counts}.")
        self._show_new(self.current)

    async def handle(self, line: str) -> bool:
        """One typed line; False means quit."""
        if self.lines is not None:  # inside :multi … :end
            if line.strip() != ":end":
                self.lines.append(line.rstrip("\n"))
                return True
            text, self.lines = "\n".join(self.lines), None
            if text.strip():
                self._show(self.current, await self.current.send(text))
            return True
        line = line.strip()
        if not line:
            return True
        user = self.current
        try:
            if line in (":quit", ":q", ":exit"):
                return False
            if line == ":multi":
                self.lines = []
                self.write("— Gõ các dòng của tin nhắn, kết thúc bằng :end")
            elif line.startswith(":text "):
                self._show(user, await user.send(line.split(" ", 1)[1]))
            elif line == ":at" or line.startswith(":at "):
                self._set_clock(line[3:].strip())
            elif line == ":nhac":
                await self._sweep()
            elif line == ":help":
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
            elif line.isdigit() and user.last_buttons:  # a number only ever presses by position
                self._show(user, await user.press(int(line)))
            else:
                self._show(user, await user.send(line))
        except (LookupError, ValueError, IndexError, OSError) as exc:
            self.write(f"! {exc}")
        return True


def _when(at: datetime, runtime: BotRuntime) -> str:
    local = at.astimezone(runtime.settings.tz)
    return f"{local:%H:%M} {WEEKDAYS_VI[local.weekday()]} {local:%d/%m/%Y}"


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


async def run_sandbox(
    settings: Settings, *, script: Path | None = None, at: str | None = None, save_dir: Path = SANDBOX_FILES
) -> int:
    if "database_url" not in settings.model_fields_set:
        settings = settings.model_copy(update={"database_url": SANDBOX_DB})
    settings = settings.model_copy(
        update={"admin_telegram_ids": (*settings.admin_telegram_ids, SANDBOX_ADMIN), "telegram_bot_token": None}
    )
    try:
        clock = SandboxClock(parse_at(at, settings) if at else None)
    except ValueError:
        print(f'Không hiểu thời điểm «{at}». Ví dụ: --at "2026-12-07 08:00"', file=sys.stderr)
        return 2
    async with FakeBotApi(bot_username="thidua_sandbox_bot") as api:
        runtime = build_application(
            settings, clock=clock, token=api.token, base_url=api.bot_base_url, base_file_url=api.base_file_url_prefix
        )
        await runtime.start(poll_timeout=1)
        terminal = Terminal(api, print, runtime=runtime, clock=clock, save_dir=save_dir)
        print(f"Sandbox: bot @{api.bot_username} chạy trên {api.base_url} (cơ sở dữ liệu {settings.database_url}).")
        print(HELP)
        print(f"— Đang là người dùng {SANDBOX_ADMIN} (Cán bộ Văn phòng, quản trị)")
        print(f"— Giờ của bot: {_when(clock.now(), runtime)}")
        try:
            async for line in _lines(script):
                if not await terminal.handle(line):
                    break
        finally:
            await runtime.stop()
    sys.stdout.flush()
    return 0
