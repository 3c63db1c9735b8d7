"""``thidua-bot reminders run --at … [--dry-run]`` and ``reminders plan``: what, to whom, and why."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli_reminders import cmd_reminders
from bot.sandbox.fake_api import FakeBotApi
from storage.db import Database
from storage.migrate import upgrade
from tests import factories as f
from tests.e2e.harness import make_settings
from tests.reminder_helpers import local, world_2024


@pytest.fixture
async def prepared(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    db = Database.from_url(url)
    await upgrade(db.engine)
    await world_2024(db)
    await f.officer(db, 10, "TTH-CL", local(2024, 1, 1))
    await db.dispose()
    return url


def run_args(at: str, *, dry_run: bool) -> argparse.Namespace:
    return argparse.Namespace(reminders_command="run", at=at, dry_run=dry_run)


async def test_dry_run_says_what_to_whom_and_why(
    prepared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings(tmp_path, prepared, admin_telegram_ids=())
    assert await cmd_reminders(run_args("2024-06-11 08:00", dry_run=True), settings) == 0
    out = capsys.readouterr().out
    assert "Quét nhắc việc lúc 08:00 thứ Ba 11/06/2024 (chạy thử: không gửi, không ghi)" in out
    assert "SẼ GỬI    D+1            «Báo cáo sơ kết công tác thi đua" in out
    assert "→ Thanh tra huyện Cao Lộc: Cán bộ 10  [quá hạn 1 ngày; chưa nộp]" in out
    assert "→ Thanh tra huyện Văn Lãng  [quá hạn 1 ngày; chưa nộp; đơn vị không có tài khoản nhận]" in out
    assert "BỎ QUA    D0" in out and "[quá hạn 1 ngày; chưa nộp; quá thời gian gửi bù]" in out
    # Nothing was written: the same dry run says the same.
    assert await cmd_reminders(run_args("2024-06-11 08:00", dry_run=True), settings) == 0
    assert capsys.readouterr().out == out
    assert await cmd_reminders(run_args("15/06/2024 08:00", dry_run=True), settings) == 0
    assert "Ngoài giờ làm việc: không gửi. Lượt quét trong giờ tiếp theo: 07:30 thứ Hai 17/06/2024" in (
        capsys.readouterr().out
    )
    assert await cmd_reminders(run_args("hôm qua", dry_run=True), settings) == 2


async def test_a_real_run_sends_through_telegram_once(
    prepared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings(tmp_path, prepared, admin_telegram_ids=())
    assert await cmd_reminders(run_args("2024-06-11 08:00", dry_run=False), settings) == 2
    assert "Chưa có TELEGRAM_BOT_TOKEN" in capsys.readouterr().err
    async with FakeBotApi() as api:
        settings = make_settings(
            tmp_path,
            prepared,
            admin_telegram_ids=(),
            telegram_bot_token=api.token,
            telegram_api_url=api.bot_base_url,
            telegram_file_url=api.base_file_url_prefix,
        )
        for _ in range(2):
            assert await cmd_reminders(run_args("2024-06-11 08:00", dry_run=False), settings) == 0
        out = capsys.readouterr().out
        sent = [c for c in api.sent if c.method == "sendMessage" and c.chat_id == 10]
    assert "ĐÃ GỬI    D+1" in out and "Tổng: không có gì đến hạn" in out  # the second run finds it done
    assert len(sent) == 2  # 11/06 is the 6-month report's D+1 and a registration overdue slot: once each
    assert sum("đã quá hạn 1 ngày" in c.params["text"] for c in sent) == 1


async def test_plan_lists_a_round_schedule_and_the_log(
    prepared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings(tmp_path, prepared, admin_telegram_ids=())
    async with FakeBotApi() as api:
        sending = make_settings(
            tmp_path, prepared, admin_telegram_ids=(), telegram_bot_token=api.token, telegram_api_url=api.bot_base_url
        )
        await cmd_reminders(run_args("2024-06-10 08:00", dry_run=False), sending)
    capsys.readouterr()
    args = argparse.Namespace(reminders_command="plan", round=3, at="2024-06-12 08:00")
    assert await cmd_reminders(args, settings) == 0
    out = capsys.readouterr().out
    assert "Kỳ #3 «Báo cáo sơ kết" in out and "hạn 17:00 10/06/2024 — đang mở, đang nhắc" in out
    assert "Lịch: D-7, D-3, D-1, D0; quá hạn D+1, rồi mỗi 3 ngày làm việc (mặc định)" in out
    assert "D0     08:00 thứ Hai 10/06/2024   đã gửi 1, bỏ qua 30" in out
    assert "D+4    08:00 thứ Sáu 14/06/2024   dự kiến" in out
    missing = argparse.Namespace(reminders_command="plan", round=999, at=None)
    assert await cmd_reminders(missing, settings) == 2


ENGLISH = re.compile(r"\b(sent|failed|skipped|claimed|weekly|after-deadline|quarter|no_recipient|open|closed)\b")


async def test_the_operator_reads_no_english(prepared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path, prepared, admin_telegram_ids=())
    async with FakeBotApi() as api:
        sending = make_settings(
            tmp_path, prepared, admin_telegram_ids=(), telegram_bot_token=api.token, telegram_api_url=api.bot_base_url
        )
        await cmd_reminders(run_args("2024-06-10 08:00", dry_run=False), sending)
    await cmd_reminders(run_args("2024-06-11 08:00", dry_run=True), settings)
    await cmd_reminders(run_args("2024-07-01 08:00", dry_run=True), settings)  # a quarter's first working day
    await cmd_reminders(argparse.Namespace(reminders_command="plan", round=None, at="2024-06-12 08:00"), settings)
    out = capsys.readouterr().out
    assert "đầu quý III/2024" in out or "hằng tuần" in out
    assert ENGLISH.findall(out) == []
