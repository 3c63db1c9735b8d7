"""The running bot sweeps orphan files by itself, on its scheduler (issue 9, item 13)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.sandbox.fake_api import FakeBotApi
from storage.files import FileStore
from tests.e2e.harness import make_settings, running_bot
from tests.test_file_sweep import age


async def test_the_running_bot_sweeps_on_its_own(api: FakeBotApi, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, file_sweep_hours=0.5 / 3600)  # every half second, for the test
    store = FileStore(settings.files_dir)
    digest = await store.put(b"tep mo coi")
    age(store.path_of(digest), 30)
    async with running_bot(api, settings):
        for _ in range(50):
            if not store.exists(digest):
                break
            await asyncio.sleep(0.1)
    assert not store.exists(digest)
