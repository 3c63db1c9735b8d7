"""Polling mode: one process per token; a second one started by mistake stops with a clear message."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot import ops_words
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from tests.e2e.harness import converse, make_settings, running_bot


async def test_a_second_poller_stops_and_the_first_goes_on(
    api: FakeBotApi, tmp_path: Path, officer: SimUser, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path)
    async with running_bot(api, settings) as first:
        first.serving.conflict_window = 0  # it has been polling for a while
        other = tmp_path / "other"  # another machine: its own database and files
        other.mkdir()
        async with running_bot(api, make_settings(other)) as second:
            await asyncio.wait_for(second.serving.conflict.wait(), 15)
        assert not first.serving.conflict.is_set()
        await converse(officer, [("/toi", "Thông tin tài khoản")])  # the first still answers
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert ops_words.SECOND_POLLER in errors
    assert any(r.getMessage() == ops_words.NEWCOMER_POLLER for r in caplog.records)
