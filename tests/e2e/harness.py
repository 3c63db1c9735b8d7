"""The real bot (real PTB stack, real HTTP) against the fake Bot API, and dialog tables to drive it."""

from __future__ import annotations

import shutil
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import BotRuntime, build_application
from bot.sandbox.api_spec import JSONDict
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser, render
from bot.settings import Settings
from core.clock import Clock
from storage.models import Account, ChatIdentity

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


async def identity_of(session: AsyncSession, user_id: int, platform: str = "telegram") -> ChatIdentity:
    """The chat identity of a (fake) platform user."""
    query = select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.external_user_id == str(user_id))
    return (await session.scalars(query)).one()


async def account_of(session: AsyncSession, user_id: int, platform: str = "telegram") -> Account:
    """The person behind a (fake) platform user."""
    account = await session.get(Account, (await identity_of(session, user_id, platform)).account_id)
    assert account is not None
    return account


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


async def converse(user: SimUser, table: Sequence[tuple[Action, str | Sequence[str]]], patience: float = 10.0) -> None:
    """Run a dialog table: each row is what the user does and what the bot's answer must contain.

    A row waits until every expected fragment has arrived (or ``patience`` runs out), not merely for
    a quiet moment: on a busy machine a slow step may answer after the simulator stopped listening.
    """
    for number, (action, expected) in enumerate(table, 1):
        mark = user.api.mark(user.chat_id)
        if isinstance(action, str):
            action = Say(action)
        if isinstance(action, Say):
            await user.send(action.text)
        elif isinstance(action, Press):
            await user.press(action.label)
        else:
            await user.upload(action.content, action.file_name, action.mime_type)
        wanted = [expected] if isinstance(expected, str) else list(expected)
        deadline = time.monotonic() + patience
        while True:
            shown = shown_since(user, mark)
            missing = [fragment for fragment in wanted if fragment not in shown]
            if not missing:
                break
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"row {number} ({action}): expected {missing[0]!r} in:\n{shown}"
            await user.api.wait_for_change(min(remaining, 0.2))


def shown_since(user: SimUser, mark: int) -> str:
    """The bot's messages in the chat since ``mark`` (an api.mark), each as last edited."""
    latest: dict[int, JSONDict] = {}
    for snapshot in user.api.timeline(user.chat_id)[mark:]:
        latest.pop(snapshot["message_id"], None)
        latest[snapshot["message_id"]] = snapshot
    return "\n---\n".join(render(latest[message_id]) for message_id in sorted(latest))


def texts(user: SimUser) -> str:
    return "\n---\n".join(render(m) for m in user.inbox)
