"""Two operating-system processes sweep reminders at once on one PostgreSQL database: each reminder goes out once.

``thidua-bot reminders run`` twice at the same moment, as two servers' timers would: the sweep's advisory
lock lets one plan and send while the other says a sweep is running (or, if it came a moment later, finds
everything sent); the log's unique keys are the second line of defence.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.soak_rig import Database as FreshDatabase
from bot.sandbox.fake_api import FakeBotApi
from storage.db import Database
from storage.migrate import upgrade
from tests import factories as f
from tests.conftest import POSTGRES_URL
from tests.reminder_helpers import local, world_2024

ROOT = Path(__file__).resolve().parent.parent
OFFICERS = {10: "TTH-CL", 11: "TTH-TPLS", 12: "TTS-TC", 13: "TTS-XD"}


async def test_two_processes_sweep_once(tmp_path: Path) -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    fresh = FreshDatabase(POSTGRES_URL)
    await fresh.create()
    try:
        db = Database.from_url(fresh.url)
        await upgrade(db.engine)
        await world_2024(db)
        for user_id, code in OFFICERS.items():
            await f.officer(db, user_id, code, local(2024, 1, 1))
        await db.dispose()
        async with FakeBotApi() as api:
            env = {
                **os.environ,
                "DATABASE_URL": fresh.url,
                "FILES_DIR": str(tmp_path / "files"),
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_URL": api.bot_base_url,
                "TELEGRAM_FILE_URL": api.base_file_url_prefix,
                "ADMIN_TELEGRAM_IDS": "",
            }
            command = [sys.executable, "-m", "bot", "reminders", "run", "--at", "2024-06-11 08:00"]
            runs = [
                await asyncio.create_subprocess_exec(
                    *command, env=env, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
                )
                for _ in range(2)
            ]
            outputs = [await run.communicate() for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
    finally:
        await fresh.drop()
    texts = [out.decode() for out, _ in outputs]
    sent = Counter((c.chat_id, c.params["text"]) for c in api.sent if c.method == "sendMessage")
    assert {chat for chat, _ in sent} >= set(OFFICERS)  # each officer was reminded …
    assert set(sent.values()) == {1}  # … and nobody got any message twice
    # One process swept; the other saw the lock taken, or came later and found nothing left to send.
    assert sum("ĐÃ GỬI" in text for text in texts) == 1
    assert any("Một lượt quét khác đang chạy" in text or "không có gì đến hạn" in text for text in texts)
