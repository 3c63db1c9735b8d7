"""LOG_FORMAT=json: one JSON object per line, with the update's context, and never a secret."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import configure
from core import log_context

TOKEN = "123456:SECRET-TOKEN-FOR-JSON"


@pytest.fixture
def json_logging() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure("INFO", [TOKEN], others=["db-password-77"], fmt="json")
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


async def test_json_lines_carry_the_update_and_hide_secrets(json_logging: io.StringIO) -> None:
    log = logging.getLogger("bot.test")

    async def handle_update() -> None:
        log_context.bind(update_id=77, chat=1001)
        log_context.bind(flow="submit", step="files")
        log.info("sending to https://api.telegram.org/bot%s/sendMessage", TOKEN)
        try:
            raise RuntimeError("connect failed with db-password-77")
        except RuntimeError:
            log.exception("the step failed")

    await asyncio.create_task(handle_update())
    log.warning("outside any update")
    logging.getLogger("httpx").info("GET https://api.telegram.org/bot%s/getUpdates", TOKEN)  # held at WARNING
    lines = [json.loads(line) for line in json_logging.getvalue().splitlines()]
    assert len(lines) == 3
    first, failed, outside = lines
    assert first["msg"] == "sending to https://api.telegram.org/bot<token>/sendMessage"
    assert {k: first[k] for k in ("update_id", "chat", "flow", "step", "level", "logger")} == {
        "update_id": 77, "chat": 1001, "flow": "submit", "step": "files", "level": "INFO", "logger": "bot.test",
    }  # fmt: skip
    assert "RuntimeError: connect failed with <secret>" in failed["exc"]
    assert "update_id" not in outside and outside["level"] == "WARNING"
    assert all("SECRET-TOKEN" not in json.dumps(line) and "db-password-77" not in json.dumps(line) for line in lines)
