"""The real bot (real PTB stack, real HTTP) against the fake Bot API, and dialog tables to drive it."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.app import BotRuntime, build_application
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser, render
from bot.settings import Settings
from core.clock import Clock

ADMIN_ID = 9001

# A migrated database with the default units and plan, made once per test process by the
# e2e conftest and copied for each test: a fresh bot then starts in milliseconds, not a second.
TEMPLATE_DB: list[Path] = []


def make_settings(tmp_path: Path, database_url: str | None = None, **overrides: object) -> Settings:
    if database_url is None:
        target = tmp_path / "bot.db"
        if TEMPLATE_DB and not target.exists():
            shutil.copyfile(TEMPLATE_DB[0], target)
        database_url = f"sqlite+aiosqlite:///{target}"
    values: dict[str, object] = {
        "database_url": database_url,
        "files_dir": tmp_path / "files",
        "admin_telegram_ids": (ADMIN_ID,),
        "telegram_bot_token": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@asynccontextmanager
async def running_bot(api: FakeBotApi, settings: Settings, clock: Clock | None = None) -> AsyncIterator[BotRuntime]:
    runtime = build_application(
        settings, clock=clock, token=api.token, base_url=api.bot_base_url, base_file_url=api.base_file_url_prefix
    )
    await runtime.start(poll_timeout=1)
    try:
        yield runtime
    finally:
        await runtime.stop()


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Press:
    label: str | int


@dataclass(frozen=True)
class Upload:
    content: bytes
    file_name: str
    mime_type: str | None = None


Action = str | Say | Press | Upload


async def converse(user: SimUser, table: Sequence[tuple[Action, str | Sequence[str]]]) -> None:
    """Run a dialog table: each row is what the user does and what the bot's answer must contain."""
    for number, (action, expected) in enumerate(table, 1):
        if isinstance(action, str):
            action = Say(action)
        if isinstance(action, Say):
            replies = await user.send(action.text)
        elif isinstance(action, Press):
            replies = await user.press(action.label)
        else:
            replies = await user.upload(action.content, action.file_name, action.mime_type)
        shown = "\n---\n".join(render(m) for m in replies)
        for fragment in [expected] if isinstance(expected, str) else expected:
            assert fragment in shown, f"row {number} ({action}): expected {fragment!r} in:\n{shown}"


def texts(user: SimUser) -> str:
    return "\n---\n".join(render(m) for m in user.inbox)
