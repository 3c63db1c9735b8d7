"""The token and invite codes never reach a log line or the terminal (issue 9, item 6): a token Telegram
rejects ends the CLI with one Vietnamese line; at DEBUG nothing logs a code or the token."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.log_redaction import PAYLOAD_LOGGERS, Redactor, protect
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from tests.e2e.harness import ADMIN_ID, Press, converse, make_settings, running_bot

WRONG_TOKEN = "123456:WRONG-SECRET-TOKEN-abcdef"


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """main() and protect() reconfigure logging for the process; put it back for the next tests."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, {name: logging.getLogger(name).level for name in PAYLOAD_LOGGERS}
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)
    for handler in root.handlers:
        for found in [f for f in handler.filters if isinstance(f, Redactor)]:
            handler.removeFilter(found)


async def test_a_rejected_token_ends_the_cli_with_one_line_and_no_token(
    api: FakeBotApi,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    logging_restored: None,
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "TELEGRAM_BOT_TOKEN": WRONG_TOKEN,
        "TELEGRAM_API_URL": api.bot_base_url,
        "TELEGRAM_FILE_URL": api.base_file_url_prefix,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "FILES_DIR": str(tmp_path / "files"),
        "REMINDERS_ENABLED": "false",
        "LOG_LEVEL": "DEBUG",
    }.items():
        monkeypatch.setenv(name, value)
    code = await asyncio.to_thread(main, ["run"])  # the CLI runs its own event loop; the fake server runs here
    out, err = capsys.readouterr()
    assert code != 0
    failures = [line for line in err.splitlines() if line.startswith("Lỗi:")]
    assert failures == [
        "Lỗi: Telegram từ chối TELEGRAM_BOT_TOKEN (token sai hoặc đã bị thu hồi). "
        "Đề nghị lấy lại token từ @BotFather rồi chạy lại."
    ]
    assert "WRONG-SECRET" not in out + err
    assert "<token>" in err  # at DEBUG the traceback is logged, redacted


async def test_debug_logs_hold_neither_the_token_nor_invite_codes(
    api: FakeBotApi, tmp_path: Path, caplog: pytest.LogCaptureFixture, logging_restored: None
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.NOTSET)  # an earlier CLI test may have quietened it
    protect([caplog.handler], api.token)
    async with running_bot(api, make_settings(tmp_path)):
        admin = SimUser(api, ADMIN_ID, "Văn phòng")
        await converse(
            admin,
            [
                ("/donvi", "Danh sách đơn vị"),
                (Press("Phòng nghiệp vụ"), "Phòng Nghiệp vụ 1"),
                (Press("Phòng Nghiệp vụ 1"), "PNV1"),
                (Press("Cấp mã mời"), "Mã mời cho Phòng Nghiệp vụ 1"),
            ],
        )
        code = (admin.last_text or "").split("?start=")[1].split()[0]
        await converse(SimUser(api, 2001, "Lan"), [(f"/start {code}", "đã được liên kết với Phòng Nghiệp vụ 1")])
        typed = SimUser(api, 2002, "Minh")
        await converse(typed, [("/start", "Tôi có mã mời"), (Press("Tôi có mã mời"), "nhập mã mời")])
        await converse(typed, [(code.lower(), "đã được liên kết")])
    assert sum(r.levelno == logging.DEBUG for r in caplog.records) > 20  # DEBUG was really on
    assert "<token>" in caplog.text  # the URLs were logged, with the token masked
    for secret in (code, code.lower(), api.token):
        assert secret not in caplog.text
