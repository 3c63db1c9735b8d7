"""``thidua-bot plan …`` and ``thidua-bot export`` against a temporary SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from bot.cli import main
from schedules.plan_file import default_plan_path
from services.plan_rollover import move_year

THIS_YEAR = datetime.now(UTC).year  # the command line runs on the system clock


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_template_then_import_then_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "template", "-o", str(tmp_path / "mau.xlsx"))
    assert code == 0 and "23 nhiệm vụ" in out
    code, out, _ = run(capsys, "plan", "import", str(tmp_path / "mau.xlsx"))
    assert code == 0 and "Đã nhập kế hoạch năm 2024: 23 nhiệm vụ" in out
    code, out, _ = run(capsys, "plan", "list")
    # The seed's 2024 plan is history; the plan in force is this year's, rolled over from it.
    assert code == 0 and "2024 (đã qua)" in out and f"{THIS_YEAR} (đang áp dụng)" in out and "7 kỳ báo cáo" in out
    code, out, _ = run(capsys, "plan", "list", "--year", "2024")
    assert code == 0 and "Quý II.1" in out and "hạn 10/06/2024" in out and "kỳ #" in out
    code, out, _ = run(capsys, "plan", "list", "--year", "1999")
    assert code == 2 and "Chưa có kế hoạch năm 1999" in out


def test_a_new_year_from_yaml_becomes_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = yaml.safe_load(default_plan_path().read_text(encoding="utf-8"))
    raw["year"] = THIS_YEAR + 1
    for item in raw["items"]:
        if item.get("due"):
            item["due"] = move_year(item["due"], 2024, THIS_YEAR + 1)
    source = tmp_path / "ke-hoach-next.yaml"
    source.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(capsys, "plan", "import", str(source))
    assert code == 0 and "7 kỳ báo cáo mới" in out
    code, out, _ = run(capsys, "plan", "list")
    assert f"{THIS_YEAR + 1} (đang áp dụng)" in out and f"{THIS_YEAR} (đã qua)" in out


def test_broken_plan_files_print_the_reason_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = yaml.safe_load(default_plan_path().read_text(encoding="utf-8"))
    raw["items"][2]["quarter"] = 9
    broken = tmp_path / "hong.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "plan", "import", str(broken))
    assert code == 2 and out == ""
    assert "Tệp kế hoạch hong.yaml không hợp lệ" in err and "tối đa 4" in err
    code, _, err = run(capsys, "plan", "import", str(tmp_path / "khong-co.yaml"))
    assert code == 2 and "không tìm thấy" in err
    code, _, err = run(capsys, "plan", "import", str(tmp_path / "ke-hoach.docx"))
    assert code == 2 and "chỉ nhận tệp .yaml, .yml hoặc .xlsx" in err
    assert not (tmp_path / "cli.db").exists()  # a broken file never opens the database


def test_export_writes_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "xuat" / "thi-dua-2024.xlsx"
    code, out, _ = run(capsys, "export", "--year", "2024", "-o", str(target))
    assert code == 0 and "7 kỳ báo cáo" in out
    assert load_workbook(target).sheetnames == ["Tình hình", "Văn bản đã nộp", "Đơn vị", "Tổng hợp đăng ký thi đua"]
    code, _, err = run(capsys, "export", "--year", "2030", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "Năm 2030 chưa có kỳ báo cáo nào" in err
    code, _, err = run(capsys, "export", "--year", "2024", "-o", str(tmp_path / "x.csv"))
    assert code == 2 and ".xlsx" in err
