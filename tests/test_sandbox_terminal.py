"""The README's first command without a token: the sandbox chat, driven by a script."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.sandbox.clock import SandboxClock
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import _pick
from bot.sandbox.terminal import SANDBOX_ADMIN, Terminal, run_sandbox
from tests import factories as f
from tests.e2e.harness import make_settings, running_bot


async def test_sandbox_script_onboards_an_officer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "chat.txt"
    script.write_text(
        "\n".join(["/start", ":user 2 Lan", "/start", "2", "2", "1", "1", ":user 1", "1", ":user 2", "/toi", ":quit"]),
        encoding="utf-8",
    )
    settings = make_settings(tmp_path, admin_telegram_ids=())
    assert await run_sandbox(settings, script=script) == 0
    out = capsys.readouterr().out
    assert "Yêu cầu liên kết tài khoản" in out
    assert "Văn phòng Thanh tra tỉnh đã duyệt" in out
    assert "Vai trò: Cán bộ đầu mối của đơn vị" in out


async def test_numbers_text_lines_files_and_the_clock(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, admin_telegram_ids=(SANDBOX_ADMIN,))
    clock = SandboxClock(datetime(2024, 6, 10, 7, 0, tzinfo=settings.tz))  # the plan is loaded at start
    shown: list[str] = []
    async with FakeBotApi() as api, running_bot(api, settings, clock=clock) as runtime:
        await f.officer(runtime.db, 10, "TTH-CL", clock.now())
        terminal = Terminal(api, shown.append, runtime=runtime, clock=clock, save_dir=tmp_path / "saved")
        admin = terminal.current

        async def typed(*lines: str) -> str:
            start = len(shown)
            for line in lines:
                assert await terminal.handle(line)
            return "\n".join(shown[start:])

        assert "Tạo kỳ báo cáo mới" in await typed("/kybaocao")
        buttons = len(admin.last_buttons)
        # A number past the last button says so; it never presses a button whose label holds the digits.
        assert f"Không có nút số 99: tin nhắn có {buttons} nút." in await typed("99")
        assert f"Không có nút số {buttons + 1}" in await typed(str(buttons + 1))
        # A number as text while buttons show.
        assert "Không có lựa chọn này" in await typed(":text 12")  # typed, a number names a choice
        # A message of several lines.
        await typed(":multi", "dòng một", "  dòng hai", ":end")
        texts = [m.get("text") for m in api.messages(admin.chat_id)]
        assert any("Bot chưa hiểu câu hỏi «dòng một\n  dòng hai»" in text for text in texts)
        # A file the bot sends is saved, its path printed.
        out = await typed("/xuat 2024")
        assert "💾 Đã lưu tệp: " in out
        saved = Path(out.split("💾 Đã lưu tệp: ")[1].splitlines()[0])
        assert saved.parent == (tmp_path / "saved").resolve()
        assert (await asyncio.to_thread(saved.read_bytes))[:2] == b"PK"
        # The clock: shown, set, and a reminder sweep run at the bot's time.
        assert "thứ Hai 10/06/2024" in await typed(":at")
        assert "08:05 thứ Ba 11/06/2024" in await typed(":at 2024-06-11 08:05")  # D+1 of the 6-month report
        assert "Không hiểu thời điểm «ngày mai»" in await typed(":at ngày mai")
        swept = await typed(":nhac")
        assert "Lượt nhắc việc xong: đã gửi" in swept and "đã gửi 0" not in swept, swept
        officer = await typed(":user 10")
        assert "Báo cáo sơ kết" in officer
        assert "08:00 thứ Hai 07/12/2026" in await typed(":at 2026-12-07 08:00")
        assert clock.now().astimezone(settings.tz).date() == date(2026, 12, 7)


def test_a_number_is_a_position_never_part_of_a_label() -> None:
    assert _pick(["Tháng 12", "Khác"], [None, None], 2) == 1
    with pytest.raises(LookupError, match="Không có nút số 12: tin nhắn có 2 nút"):
        _pick(["Tháng 12", "Khác"], [None, None], 12)
    assert _pick(["Tháng 12", "Khác"], [None, None], "12") == 0  # a typed label still matches by text
