"""Plan import, rounds, submissions and reviews, tested without a chat on both backends."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from services import plan_import, rounds, submissions
from services.errors import Forbidden, Refusal
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import ObligationStatus, RoundKind, RoundStatus
from storage.repos import rounds as round_repo
from tests import factories as f
from tests.factories import round_for

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = StoredUpload(sha256="a" * 64, file_name="bao-cao.pdf", mime_type="application/pdf", size=10, label="PDF")


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), clock.now(), TZ, label="test")
    return db


async def test_the_2024_plan_opens_seven_rounds_owed_by_the_right_units(world: Database, clock: FixedClock) -> None:
    async with world.transaction() as s:
        all_rounds = await round_repo.rounds(s, year=2024)
        assert len(all_rounds) == 7
        by_name = {r.name: r for r in all_rounds}
        registration = by_name["Đăng ký thi đua năm 2024"]
        assert registration.kind == RoundKind.REGISTRATION
        assert registration.deadline == datetime(2024, 3, 15, 17, 0, tzinfo=TZ)
        owing = await round_repo.obligations_of_round(s, registration.id)
        # 3 clusters + 17 department + 11 district inspectorates + 5 divisions
        assert len(owing) == 3 + 17 + 11 + 5
    cross_check = await round_for(world, "II.6")
    async with world.transaction() as s:
        assert len(await round_repo.obligations_of_round(s, cross_check)) == 3  # cluster heads' clusters


async def test_reimport_keeps_an_edited_deadline_and_submissions(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    round_id = await round_for(world, "II.1")
    new_deadline = datetime(2024, 6, 20, 17, 0, tzinfo=TZ)
    async with world.transaction() as s:
        await rounds.set_deadline(s, boss, round_id, new_deadline, clock.now())
    async with world.transaction() as s:
        result = await plan_import.apply(s, plan_import.load_default(), clock.now(), TZ, label="test")
    assert (result.rounds_created, result.rounds_updated) == (0, 7)
    async with world.transaction() as s:
        row = await round_repo.round_(s, round_id)
        assert row is not None and row.deadline == new_deadline


async def test_submit_versions_late_flag_and_receipt(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    round_id = await round_for(world, "II.1")  # due 10/06/2024 17:00; the clock says 12/06
    async with world.transaction() as s:
        first = await submissions.submit(s, officer, round_id, [PDF], "Gửi kèm báo cáo", clock.now())
    async with world.transaction() as s:
        second = await submissions.submit(s, officer, round_id, [], "Bổ sung số liệu", clock.now())
    assert (first.submission.version, second.submission.version) == (1, 2)
    assert first.submission.late and first.submission.receipt_code != second.submission.receipt_code
    async with world.transaction() as s:
        history = await submissions.history(s, officer, round_id, officer.unit_id or 0)
        obligation = await round_repo.obligation(s, round_id, officer.unit_id or 0)
    assert [r.submission.version for r in history] == [2, 1]
    assert [f.file_name for f in history[1].files] == ["bao-cao.pdf"]
    assert obligation is not None and obligation.status == ObligationStatus.SUBMITTED and obligation.late


async def test_two_officers_at_the_same_moment_both_versions_kept(world: Database, clock: FixedClock) -> None:
    a = await f.officer(world, 11, "TTS-TC", clock.now())
    b = await f.officer(world, 12, "TTS-TC", clock.now())
    round_id = await round_for(world, "II.1")

    async def send(actor: object, note: str) -> int:
        async with world.transaction() as s:
            receipt = await submissions.submit(s, actor, round_id, [PDF], note, clock.now())  # type: ignore[arg-type]
            return receipt.submission.version

    versions = await asyncio.gather(send(a, "A"), send(b, "B"))
    assert sorted(versions) == [1, 2]


@pytest.mark.parametrize(
    ("unit", "ref", "key"),
    [("PNV1", "II.1", "rounds.not_owed"), ("TTH-CL", "IV.5", "rounds.not_owed")],
)
async def test_rounds_not_owed_are_refused(world: Database, clock: FixedClock, unit: str, ref: str, key: str) -> None:
    officer = await f.officer(world, 13, unit, clock.now())
    with pytest.raises(Refusal) as refused:
        async with world.transaction() as s:
            await submissions.submit(s, officer, await round_for(world, ref), [PDF], None, clock.now())
    assert refused.value.key == key


async def test_closed_round_and_forged_round_ids_are_refused(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 14, "TTH-CL", clock.now())
    round_id = await round_for(world, "II.1")
    async with world.transaction() as s:
        await rounds.set_status(s, boss, round_id, RoundStatus.CLOSED, clock.now())
    for target, key in ((round_id, "rounds.closed"), (999_999, "rounds.not_owed")):
        with pytest.raises(Refusal) as refused:
            async with world.transaction() as s:
                await submissions.submit(s, officer, target, [PDF], None, clock.now())
        assert refused.value.key == key


async def test_return_makes_the_unit_owe_again_and_a_second_return_is_refused(
    world: Database, clock: FixedClock
) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 15, "TTH-CL", clock.now())
    round_id = await round_for(world, "II.1")
    async with world.transaction() as s:
        receipt = await submissions.submit(s, officer, round_id, [PDF], None, clock.now())
    new_deadline = clock.now() + timedelta(days=5)
    async with world.transaction() as s:
        await submissions.review(
            s,
            boss,
            receipt.submission.id,
            accept=False,
            reason="Thiếu chữ ký",
            now=clock.now(),
            new_deadline=new_deadline,
        )
    with pytest.raises(Refusal, match=r"review\.already"):
        async with world.transaction() as s:
            await submissions.review(s, boss, receipt.submission.id, accept=False, reason="lần 2", now=clock.now())
    async with world.transaction() as s:
        obligation = await round_repo.obligation(s, round_id, officer.unit_id or 0)
        assert obligation is not None and obligation.status == ObligationStatus.RETURNED
        assert obligation.due_at == new_deadline
        owing = [u.code for _, u in await round_repo.owing_units(s, round_id)]
        assert "TTH-CL" in owing
    with pytest.raises(Forbidden):
        async with world.transaction() as s:
            await submissions.review(s, officer, receipt.submission.id, accept=True, reason=None, now=clock.now())


async def test_status_counts_are_set_based(world: Database, clock: FixedClock) -> None:
    round_id = await round_for(world, "II.1")
    for n, code in enumerate(("TTH-CL", "TTH-VL", "TTS-TC")):
        officer = await f.officer(world, 20 + n, code, clock.now())
        async with world.transaction() as s:
            await submissions.submit(s, officer, round_id, [PDF], None, clock.now())
    async with world.transaction() as s:
        counts = (await round_repo.status_counts(s, [round_id]))[round_id]
    assert counts["submitted"] == 3 and counts["late"] == 3 and counts["total"] == 3 + 17 + 11


async def test_admin_creates_a_round_and_refuses_past_deadlines(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    units = [await f.unit_id(world, "PNV1"), await f.unit_id(world, "PNV2")]
    with pytest.raises(Refusal, match="deadline_past"):
        async with world.transaction() as s:
            await rounds.create(
                s,
                boss,
                name="Báo cáo quý",
                tz=TZ,
                deadline=clock.now() - timedelta(hours=1),
                unit_ids=units,
                now=clock.now(),
            )
    async with world.transaction() as s:
        created = await rounds.create(
            s,
            boss,
            name="  Báo cáo   quý ",
            tz=TZ,
            deadline=datetime(2024, 7, 1, 10, tzinfo=UTC),
            unit_ids=units,
            now=clock.now(),
        )
    assert created.name == "Báo cáo quý"


def test_days_left_counts_local_calendar_days() -> None:
    deadline = datetime(2024, 6, 14, 17, 0, tzinfo=TZ)
    assert rounds.days_left(deadline, datetime(2024, 6, 12, 9, 0, tzinfo=TZ), TZ) == 2
    assert rounds.days_left(deadline, datetime(2024, 6, 14, 8, 0, tzinfo=TZ), TZ) == 0
    assert rounds.days_left(deadline, datetime(2024, 6, 14, 18, 0, tzinfo=TZ), TZ) == -1
    assert rounds.days_left(deadline, datetime(2024, 6, 20, 8, 0, tzinfo=TZ), TZ) == -6
