"""The README's first command without a token: the sandbox chat, driven by a script."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox.terminal import run_sandbox
from tests.e2e.harness import make_settings


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
