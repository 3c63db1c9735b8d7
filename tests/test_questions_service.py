"""Free-text answers (services/questions) on both backends: data from the caller's unit only, the Office's
figures for the Office only, the legal basis by date, and the log of questions not understood."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from core.text import to_plain
from handlers.questions import render
from services import submissions
from services.actors import Actor
from services.questions import service
from services.questions.answer import Answer, OfferKind
from services.uploads import StoredUpload
from storage.db import Database
from storage.repos import questions as question_repo
from tests import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    return await f.load_default_plan(db, clock.now())


async def ask(db: Database, actor: Actor, text: str, clock: FixedClock) -> Answer:
    async with db.transaction() as s:
        return await service.reply_to(s, actor, text, now=clock.now(), tz=TZ, platform="telegram")


def shown(found: Answer) -> str:
    return "\n".join(to_plain(render(line)) for line in found.lines)


async def test_own_unit_answers_and_receipt_after_a_submission(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    round_id = await f.round_for(world, "II.1")
    before = await ask(world, officer, "da nop bc so ket chua", clock)
    assert "chưa nộp" in shown(before)
    assert [(o.kind, o.arg) for o in before.offers] == [(OfferKind.SUBMIT, round_id)]
    upload = StoredUpload(sha256="a" * 64, file_name="bc.pdf", mime_type="application/pdf", size=9, label="PDF")
    async with world.transaction() as s:
        receipt = await submissions.submit(s, officer, round_id, [upload], None, clock.now())
    after = await ask(world, officer, "đã nộp báo cáo sơ kết chưa", clock)
    assert receipt.submission.receipt_code in shown(after)
    assert after.offers == ()  # nothing left to send for that round
    code = await ask(world, officer, "mã biên nhận lần trước", clock)
    assert receipt.submission.receipt_code in shown(code)
    missing = await ask(world, officer, "con thieu gi", clock)
    assert "Báo cáo sơ kết" not in shown(missing) and "Đăng ký thi đua năm 2024" in shown(missing)


async def test_another_units_data_only_for_the_office(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    boss = await f.admin(world, 1, clock.now())
    question = "Thanh tra huyện Văn Lãng đã nộp sơ kết chưa"
    refused = shown(await ask(world, officer, question, clock))
    assert "chỉ xem được tình hình của đơn vị mình" in refused and "Văn Lãng" not in refused
    assert "Thanh tra huyện Văn Lãng · Báo cáo sơ kết" in shown(await ask(world, boss, question, clock))
    for office_question in ("đơn vị nào chưa nộp sơ kết", "bao nhiêu đơn vị đã đăng ký", "ai chưa xác nhận thông báo"):
        assert "thuộc phần theo dõi chung" in shown(await ask(world, officer, office_question, clock))
    assert "chưa nộp 31/31" in shown(await ask(world, boss, "đơn vị nào chưa nộp sơ kết", clock))


@pytest.mark.parametrize(
    ("question", "present", "absent"),
    [
        ("ngày 30/06/2025 áp dụng nghị định nào", "98/2023", "152/2025"),
        ("ngày 01/07/2025 áp dụng nghị định nào", "152/2025", "98/2023"),
        ("năm 2025 áp dụng nghị định nào", "từ 01/07/2025 áp dụng Nghị định số 152/2025", None),
        ("khen thưởng năm 2024 theo văn bản nào", "98/2023", "152/2025"),
    ],
)
async def test_legal_basis_by_date(
    world: Database, clock: FixedClock, question: str, present: str, absent: str | None
) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    text = shown(await ask(world, officer, question, clock))
    assert present in text and "Thông tư số 03/2024/TT-TTCP" in text
    assert absent is None or absent not in text


async def test_criteria_cite_the_decree_in_force_today(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    in_2024 = shown(await ask(world, officer, "điều kiện CSTĐCS", clock))
    later = FixedClock(clock.now() + timedelta(days=400))  # July 2025
    in_2025 = shown(await ask(world, officer, "điều kiện CSTĐCS", later))
    assert "98/2023" in in_2024 and "152/2025" not in in_2024
    assert "152/2025" in in_2025 and "98/2023" not in in_2025


async def test_generic_award_asks_which_never_guesses(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    found = await ask(world, officer, "bằng khen cần điều kiện gì", clock)
    assert [o.arg for o in found.offers] == [
        "award.criteria:BK_UBND_TINH",
        "award.criteria:BK_TTCP",
        "award.criteria:BK_TTG",
    ]


async def test_not_understood_is_logged_with_role_only(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    newcomer = await f.newcomer(world, 20, clock.now())
    first = await ask(world, officer, "giá vàng hôm nay", clock)
    await ask(world, newcomer, "alo alo", clock)
    await ask(world, officer, "cảm ơn", clock)  # understood: not logged
    assert not first.understood and first.offers[-1].kind is OfferKind.MENU
    async with world.transaction() as s:
        rows = await question_repo.unanswered(s)
    assert [(r.text, r.role) for r in rows] == [("alo alo", "none"), ("giá vàng hôm nay", "officer")]


def test_cli_lists_unanswered_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    assert main(["questions", "unanswered"]) == 0
    assert "Chưa có câu hỏi nào" in capsys.readouterr().out

    async def log_one() -> None:
        from core.clock import SystemClock
        from storage.models import UnansweredQuestion

        db = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
        async with db.transaction() as s:
            row = UnansweredQuestion(asked_at=SystemClock().now(), role="officer", platform="telegram", text="alo <b>")
            await question_repo.add_unanswered(s, row)
        await db.dispose()

    asyncio.run(log_one())
    assert main(["questions", "unanswered"]) == 0
    out = capsys.readouterr().out
    assert "Cán bộ đầu mối của đơn vị · alo <b>" in out


async def test_registration_receipt_is_among_the_latest_codes(world: Database, clock: FixedClock) -> None:
    from services.award_catalog import default_catalog
    from services.registration_submit import save_version
    from tests.test_registration_submit import draft

    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    catalog = default_catalog()
    round_id = await f.round_for(world, "I.3")
    assert officer.unit_id is not None
    async with world.transaction() as s:
        await save_version(
            s, officer, catalog, draft(catalog), round_id=round_id, unit_id=officer.unit_id,
            year=2024, version=1, receipt_code="DK24-CL-V1", due_at=None, reopened_until=None, now=clock.now(), tz=TZ,
        )  # fmt: skip
    assert "DK24-CL-V1" in shown(await ask(world, officer, "mã biên nhận đăng ký thi đua", clock))
    assert "DK24-CL-V1" not in shown(await ask(world, officer, "mã biên nhận báo cáo sơ kết", clock))
