"""``thidua-bot plan new|publish|list`` on a temporary SQLite database, on the system clock."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import prepare_database
from bot.cli_reminders import cmd_reminders
from core.clock import FixedClock
from storage.db import Database
from tests import factories as f
from tests.e2e.harness import make_settings
from tests.test_cli_plan import database, run  # noqa: F401  (the same temporary database and runner)

THIS_YEAR = datetime.now(UTC).year
NEXT = THIS_YEAR + 1


def test_new_dry_run_then_draft_then_publish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "new", "--year", str(NEXT), "--dry-run")
    assert code == 0 and f"Kế hoạch năm {NEXT} sẽ được lập từ năm {THIS_YEAR} (chưa ghi gì)" in out
    assert f"Đăng ký thi đua năm {NEXT}" in out and "I.3" in out
    code, out, _ = run(capsys, "plan", "list")
    assert str(NEXT) not in out  # a dry run writes nothing
    code, out, _ = run(capsys, "plan", "new", "--year", str(NEXT))
    assert code == 0 and f"Đã lập bản dự thảo kế hoạch năm {NEXT} từ năm {THIS_YEAR}: 23 nhiệm vụ" in out
    code, out, _ = run(capsys, "plan", "list")
    assert f"{NEXT} (bản dự thảo)" in out and f"{THIS_YEAR} (đang áp dụng)" in out and "2024 (đã qua)" in out
    code, _, err = run(capsys, "plan", "new", "--year", str(NEXT))
    assert code == 2 and f"Năm {NEXT} đã có kế hoạch" in err and "--replace" in err
    code, out, _ = run(capsys, "plan", "new", "--year", str(NEXT), "--from", "2024", "--replace")
    assert code == 0 and f"Đã lập lại bản dự thảo kế hoạch năm {NEXT} từ năm 2024" in out
    code, out, _ = run(capsys, "plan", "publish", "--year", str(NEXT))
    assert code == 0 and f"Kế hoạch năm {NEXT} đã có hiệu lực: mở 7 kỳ báo cáo" in out
    assert f"Kế hoạch năm {THIS_YEAR} chuyển sang «đã qua»" in out
    code, out, _ = run(capsys, "plan", "list")
    assert f"{NEXT} (đang áp dụng)" in out and f"{THIS_YEAR} (đã qua)" in out
    code, _, err = run(capsys, "plan", "publish", "--year", str(NEXT))
    assert code == 2 and "đã được công bố trước đó" in err


def test_the_reorganisation_is_listed_when_rolling_from_2024(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "new", "--year", str(NEXT), "--from", "2024", "--dry-run")
    assert code == 0
    assert f"Đơn vị thay đổi theo tổ chức bộ máy năm {NEXT}" in out
    assert "II.1: bỏ Thanh tra các sở, ban, ngành (đã hợp nhất vào Thanh tra tỉnh)" in out
    assert "II.1: bỏ Thanh tra các huyện, thành phố (đã hợp nhất vào Thanh tra tỉnh)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "new", "--year", "2020"], "Không lập kế hoạch cho năm 2020: năm này đã qua"),
        (["plan", "new", "--year", str(NEXT), "--from", "2019"], "Không có kế hoạch năm 2019 để làm căn cứ"),
        (["plan", "publish", "--year", "2031"], "Chưa có kế hoạch năm 2031"),
        (["plan", "publish", "--year", str(THIS_YEAR)], f"Kế hoạch năm {THIS_YEAR} đã được công bố trước đó"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and not out


async def test_a_fresh_install_never_reminds_the_seed_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: `reminders run` on a fresh install sent "D+999" for «Đăng ký thi đua năm 2024»."""
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", admin_telegram_ids=())
    december = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    db = Database.from_url(settings.database_url)
    await prepare_database(db, settings, FixedClock(december))  # the first start, on 04/12/2026
    for number, unit in enumerate(("PNV1", "CUM1", "VP"), 10):
        await f.officer(db, number, unit, december)
    await db.dispose()
    args = argparse.Namespace(reminders_command="run", at="2026-12-04 08:00", dry_run=True)
    assert await cmd_reminders(args, settings) == 0
    out = capsys.readouterr().out
    assert "SẼ GỬI" in out  # this year's rounds are reminded…
    assert "2024" not in out  # …and nothing of the seed's year, whose rounds are closed
