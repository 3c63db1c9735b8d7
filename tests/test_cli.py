"""The operator's command line, run in-process against a temporary SQLite database."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("BOT_USERNAME", "thidua_lang_son_bot")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_db_upgrade_loads_defaults_and_units_list(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["units", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    codes = {row["code"]: row for row in rows}
    assert codes["TTH-CL"]["valid_to"] == "2025-06-30" and codes["VP"]["kind"] == "office"


def test_invite_prints_a_code_and_a_deep_link(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invite", "pnv1", "--json"]) == 0
    issued = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert issued["unit"] == "PNV1" and len(issued["code"]) == 10
    assert issued["link"] == f"https://t.me/thidua_lang_son_bot?start={issued['code']}"
    assert main(["invite", "NOPE"]) == 2


def test_units_import_reports_errors_in_vietnamese(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = env / "bad.yaml"
    bad.write_text("units:\n  - {code: A, name: A, kind: planet}\n", encoding="utf-8")
    assert main(["units", "import", str(bad)]) == 2
    assert "Dữ liệu không hợp lệ" in capsys.readouterr().err
    good = env / "good.yaml"
    good.write_text("units:\n  - {code: PNV9, name: Phòng 9, kind: division}\n", encoding="utf-8")
    assert main(["units", "import", str(good)]) == 0
    assert "1 đơn vị mới" in capsys.readouterr().out


def test_admin_add_is_audited(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "add", "424242"]) == 0
    assert "424242" in capsys.readouterr().out
    import sqlite3

    with sqlite3.connect(env / "cli.db") as conn:
        role = conn.execute(
            "select role, status from accounts join chat_identities i on i.account_id = accounts.id"
            " where i.platform = 'telegram' and i.external_user_id = '424242'"
        ).fetchone()
        audit = conn.execute("select actor_label from audit_log where action = 'role.grant'").fetchall()
    assert role == ("admin", "active") and audit == [("cli",)]


def test_secrets_never_reach_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from bot.logging_setup import configure

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure("INFO", ["123456:SECRET-TOKEN"])
        logging.getLogger("httpx").warning("POST https://api.telegram.org/bot123456:SECRET-TOKEN/getUpdates")
        logging.getLogger("x").info("token %s", "123456:SECRET-TOKEN")
        err = capsys.readouterr().err
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    assert "SECRET-TOKEN" not in err and err.count("<token>") == 2


def test_no_invite_for_a_unit_no_longer_in_force(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invite", "TTH-CL"]) == 2  # Thanh tra huyện: abolished from 01/07/2025
    err = capsys.readouterr().err
    assert "TTH-CL (Thanh tra huyện Cao Lộc) chỉ hoạt động đến hết ngày 30/06/2025, không cấp mã mời" in err


def test_plan_list_of_a_year_without_a_plan_says_so(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "list", "--year", "2031"]) == 2
    # A fresh install keeps the seed's 2024 plan as history beside this year's, rolled over from it.
    assert re.search(r"Chưa có kế hoạch năm 2031 \(đã có: 2024, 20\d\d\)", capsys.readouterr().out)
    assert main(["plan", "list", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Quý I.3    nộp" in out and "đã đóng" in out
    assert not re.search(r"\b(submission|notice|meeting|open|closed)\b", out)


def test_units_list_names_kinds_in_vietnamese_and_alembic_stays_quiet(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["units", "list"]) == 0
    captured = capsys.readouterr()
    assert "VP           Văn phòng Thanh tra tỉnh" in captured.out
    assert "dept_inspectorate" not in captured.out and "office" not in captured.out
    assert "alembic" not in captured.err
