"""Shared pieces of the officer dialogs: a bot whose clock stands in June 2024, linking by invite, files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from services import invites
from storage.db import Database
from storage.models import ChatIdentity, Dialog, Round, Submission
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo
from tests.e2e.harness import converse, make_settings, running_bot

# 09:00 on Wednesday 05/06/2024 in Hà Nội: the 6-month report (II.1, due 10/06 17:00) is open.
JUNE_5 = datetime(2024, 6, 5, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PDF_2 = b"%PDF-1.7\n% phu luc so lieu\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bao-cao.txt", "không phải văn bản Office")
    return buffer.getvalue()


REPLY_TIMEOUT = 10.0


talk = converse  # the harness waits for each row's expected text


@asynccontextmanager
async def june_bot(api: FakeBotApi, tmp_path: Path, at: datetime = JUNE_5) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, make_settings(tmp_path), clock=FixedClock(at)) as runtime:
        yield runtime


async def link(runtime: BotRuntime, user: SimUser, unit_code: str) -> str:
    """Link ``user`` to a unit the way people do it: an invite from the Office, then /start <code>."""
    async with runtime.db.transaction() as s:
        unit = await unit_repo.by_code(s, unit_code)
        assert unit is not None
        issued = await invites.issue(
            s,
            None,
            unit.id,
            runtime.clock.now(),
            ttl=timedelta(days=7),
            max_uses=1,
            key=runtime.invite_key,
            label="test",
        )
    await talk(user, [(f"/start {issued.code}", f"đã được liên kết với {unit.name}")])
    return unit.name


async def round_id(runtime: BotRuntime, ref: str) -> int:
    async with runtime.db.transaction() as s:
        plan = await round_repo.current_plan(s)
        assert plan is not None
        item = next(i for i in await round_repo.plan_items(s, plan.id) if i.ref == ref)
        found = await round_repo.round_for_item(s, item.id)
        assert found is not None
        return found.id


async def submission_count(runtime: BotRuntime) -> int:
    async with runtime.db.transaction() as s:
        return await s.scalar(select(func.count()).select_from(Submission)) or 0


async def round_name(runtime: BotRuntime, rid: int) -> str:
    async with runtime.db.transaction() as s:
        row = await s.get(Round, rid)
        assert row is not None
        return row.name


def stored_files(tmp_path: Path) -> list[Path]:
    root = tmp_path / "files"
    return [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")] if root.exists() else []


async def forge(api: FakeBotApi, user: SimUser, data: str) -> str:
    """Press a button the bot never offered (a modified client) on the user's last bot message."""
    message = user.last_message
    assert message is not None
    api.user_presses(user.user_id, message["message_id"], data, forged=True)
    answer = await api.wait_for_message(user.chat_id, timeout=REPLY_TIMEOUT)
    return str(answer.get("text") or answer.get("caption") or "")


def button_data(user: SimUser, label: str) -> str:
    """The callback data of a button on the user's last keyboard."""
    for message in reversed(user.inbox):
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if label in button["text"]:
                    return str(button["callback_data"])
    raise LookupError(label)


async def stored_choice(db: Database, chat_id: int, label: str) -> str:
    """What the chat's current choice labelled ``label`` stands for, as the router stored it."""
    async with db.transaction() as session:
        row = await session.scalar(
            select(Dialog)
            .join(ChatIdentity, ChatIdentity.account_id == Dialog.account_id)
            .where(ChatIdentity.platform == "telegram", ChatIdentity.chat_id == str(chat_id))
        )
    assert row is not None and row.prompt is not None, "no choices stored for this chat"
    found = [str(data) for _n, data, text in row.prompt["c"] if label in text]
    assert len(found) == 1, (label, row.prompt)
    return found[0]


def is_stale(answer: str) -> bool:
    """The router's answer to a press of choices that are no longer current (or never were)."""
    return "Lựa chọn này đã cũ" in answer or "không còn hiệu lực" in answer
