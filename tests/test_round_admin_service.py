"""What /kybaocao reads and changes, tested without a chat on both backends."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from services import plan_import, round_admin, rounds, submissions
from services.errors import Forbidden, Refusal
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import RoundStatus, UnitKind
from tests import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2024, 6, 12)


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), clock.now(), TZ, label="test")
    return db


async def test_groups_clusters_and_forged_units(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    async with world.transaction() as s:
        choice = await round_admin.unit_choice(s, boss, day=DAY, year=2024)
        assert {code: len(ids) for code, ids in choice.groups.items()} == {
            "all": 36,
            "TTS": 17,
            "TTH": 11,
            "CUM": 3,
            "PNV": 5,
        }
        assert [c.code for c, _ in choice.clusters] == ["CUM1", "CUM2", "CUM3"]
        assert [len(members) for _, members in choice.clusters] == [11, 9, 8]
        assert choice.units[0].kind == UnitKind.OFFICE  # the Office's reading order, not alphabetical codes
        with pytest.raises(Refusal):
            choice.unit(999_999)
        with pytest.raises(Refusal):
            choice.cluster_members(choice.units[0].id)  # the Office is no cluster
        after_abolition = await round_admin.unit_choice(s, boss, day=date(2025, 7, 1), year=2025)
        assert len(after_abolition.groups["TTS"]) == 0 and after_abolition.clusters == []


async def test_units_that_submitted_are_kept_and_counted(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    pdf = StoredUpload(sha256="d" * 64, file_name="x.pdf", mime_type="application/pdf", size=1, label="PDF")
    async with world.transaction() as s:
        lines = await round_admin.rounds_overview(s, boss)
        six_months = next(line.round for line in lines if line.round.name.startswith("Báo cáo sơ kết"))
        await submissions.submit(s, officer, six_months.id, [pdf], None, clock.now())
    async with world.transaction() as s:
        owing = await round_admin.owing_unit_ids(s, boss, six_months.id)
        districts = (await round_admin.unit_choice(s, boss, day=DAY, year=2024)).groups["TTH"]
        change = await round_admin.change_units(s, boss, six_months.id, (owing - districts) | {1}, clock.now())
    assert (change.added, change.removed, change.kept) == (1, 10, 1)
    async with world.transaction() as s:
        card = await round_admin.round_card(s, boss, six_months.id)
    assert (card.plan_ref, card.progress.total, card.progress.submitted, card.progress.late) == ("II.1", 22, 1, 1)


async def test_open_rounds_come_first_and_non_admins_are_refused(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    async with world.transaction() as s:
        first = (await round_admin.rounds_overview(s, boss))[0].round
        await rounds.set_status(s, boss, first.id, RoundStatus.CLOSED, clock.now())
    async with world.transaction() as s:
        lines = await round_admin.rounds_overview(s, boss)
        assert [line.round.status for line in lines] == [RoundStatus.OPEN] * 6 + [RoundStatus.CLOSED]
        assert await round_admin.working_year(s, DAY) == 2024
        with pytest.raises(Refusal):
            await round_admin.round_card(s, boss, 999_999)
    async with world.transaction() as s:
        with pytest.raises(Forbidden):
            await round_admin.rounds_overview(s, officer)
        with pytest.raises(Forbidden):
            await round_admin.change_units(s, officer, first.id, [1], clock.now())
        with pytest.raises(Forbidden):
            await round_admin.unit_choice(s, officer, day=DAY, year=2024)
