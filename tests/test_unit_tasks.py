"""What a unit owes and sent (services/unit_tasks) and the report draft (services/report_drafts), on both backends."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from core.delivery import Address
from services import plan_import, report_drafts, submissions, unit_tasks
from services.errors import Refusal
from services.uploads import StoredUpload
from storage.db import Database
from storage.repos import dialogs as dialog_repo
from storage.repos import rounds as round_repo
from tests import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FLOW = "submit_report"


def upload(n: int) -> StoredUpload:
    return StoredUpload(sha256=f"{n:064x}", file_name=f"tep-{n}.pdf", mime_type="application/pdf", size=n, label="PDF")


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), clock.now(), TZ, label="test")
    return db


async def test_statuses_reasons_and_what_may_still_be_sent(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    async with world.transaction() as s:
        tasks = await unit_tasks.open_tasks(s, officer)
    assert [(t.ref, t.status_key, t.owes) for t in tasks] == [
        ("I.3", "status.submission.missing", True),
        ("II.1", "status.submission.missing", True),
        ("II.2", "status.submission.missing", True),
        ("IV.3", "status.submission.missing", True),
    ]
    by_ref = {t.ref: t.round.id for t in tasks}
    async with world.transaction() as s:
        returned = await submissions.submit(s, officer, by_ref["II.1"], [upload(1)], None, clock.now())
        accepted = await submissions.submit(s, officer, by_ref["II.2"], [upload(2)], None, clock.now())
    new_deadline = clock.now() + timedelta(days=3)
    async with world.transaction() as s:
        await submissions.review(
            s,
            boss,
            returned.submission.id,
            accept=False,
            reason="Thiếu dấu",
            now=clock.now(),
            new_deadline=new_deadline,
        )
        await submissions.review(s, boss, accepted.submission.id, accept=True, reason=None, now=clock.now())
    async with world.transaction() as s:
        tasks = {t.ref: t for t in await unit_tasks.open_tasks(s, officer)}
        choosable = [t.ref for t in await unit_tasks.submittable(s, officer)]
        sent = [t.ref for t in await unit_tasks.sent_rounds(s, officer)]
    assert tasks["II.1"].status_key == "status.submission.returned" and tasks["II.1"].owes
    assert tasks["II.1"].return_reason == "Thiếu dấu" and tasks["II.1"].deadline == new_deadline
    assert tasks["II.2"].status_key == "status.submission.accepted" and not tasks["II.2"].owes
    # Earliest deadline first; accepted ones are done; I.3, the registration round, is sent through /dangky.
    assert choosable == ["II.1", "IV.3"]
    assert tasks["I.3"].registration and not tasks["II.1"].registration
    assert sorted(sent) == ["II.1", "II.2"]
    with pytest.raises(Refusal) as refused:
        async with world.transaction() as s:
            await unit_tasks.task_to_submit(s, officer, tasks["I.3"].round.id)
    assert refused.value.key == "submit.registration_round"


async def test_files_are_found_only_among_my_units_versions(world: Database, clock: FixedClock) -> None:
    mine = await f.officer(world, 11, "TTH-CL", clock.now())
    theirs = await f.officer(world, 12, "TTH-VL", clock.now())
    async with world.transaction() as s:
        round_id = (await unit_tasks.open_tasks(s, mine))[1].round.id
        receipt = await submissions.submit(s, mine, round_id, [upload(3), upload(4)], "ghi chú", clock.now())
    file_id = receipt.files[1].id
    async with world.transaction() as s:
        found, file = await unit_tasks.own_file(s, mine, round_id, file_id)
    assert file.file_name == "tep-4.pdf" and found.submission.version == 1
    for actor, rid, fid in ((theirs, round_id, file_id), (mine, round_id, 999_999), (mine, round_id + 1, file_id)):
        with pytest.raises(Refusal, match=r"tasks\.file_unknown|rounds\.unknown"):
            async with world.transaction() as s:
                await unit_tasks.own_file(s, actor, rid, fid)


async def test_the_office_is_told_but_not_the_sender_twice(world: Database, clock: FixedClock) -> None:
    first = await f.admin(world, 1, clock.now())
    await f.admin(world, 2, clock.now())
    officer = await f.officer(world, 13, "TTH-CL", clock.now())
    async with world.transaction() as s:
        assert await unit_tasks.office_chats(s, officer) == [Address("telegram", "1"), Address("telegram", "2")]
        assert await unit_tasks.office_chats(s, first) == [Address("telegram", "2")]


async def test_a_confirm_token_is_claimed_once_even_by_racing_transactions(db: Database, clock: FixedClock) -> None:
    me = (await f.newcomer(db, 5, clock.now())).account_id
    other = (await f.newcomer(db, 6, clock.now())).account_id
    async with db.transaction() as s:
        await dialog_repo.save(
            s,
            me,
            identity_id=None,
            flow=FLOW,
            step="confirm",
            data={"token": "mot-lan", "round_id": 1},
            expires_at=clock.now() + timedelta(hours=1),
            now=clock.now(),
        )
    async with db.transaction() as s:
        assert not await report_drafts.claim(s, me, FLOW, "khac")
        assert not await report_drafts.claim(s, me, "onboarding", "mot-lan")
        assert not await report_drafts.claim(s, other, FLOW, "mot-lan")
    claimed = asyncio.Event()

    async def first() -> bool:
        async with db.transaction() as s:
            won = await report_drafts.claim(s, me, FLOW, "mot-lan")
            claimed.set()
            await asyncio.sleep(0.3)  # the second press arrives while this one is still sending
            await dialog_repo.clear(s, me)
            return won

    async def second() -> bool:
        await claimed.wait()
        async with db.transaction() as s:
            return await report_drafts.claim(s, me, FLOW, "mot-lan")

    assert await asyncio.gather(first(), second()) == [True, False]


def test_draft_files_and_notes() -> None:
    files = [upload(n) for n in range(1, report_drafts.MAX_FILES + 1)]
    assert report_drafts.from_data([report_drafts.to_data(u) for u in files]) == files
    assert report_drafts.from_data(None) == [] and report_drafts.from_data(["rác", 3]) == []
    assert report_drafts.add_file(files[:2], upload(1)) is None
    with pytest.raises(Refusal, match="too_many_files"):
        report_drafts.add_file(files, upload(99))
    assert report_drafts.add_note(None, "  Kính gửi  ") == "Kính gửi"
    assert report_drafts.add_note("Dòng 1", "Dòng 2") == "Dòng 1\nDòng 2"
    with pytest.raises(Refusal, match="too_long"):
        report_drafts.add_note("x" * 1990, "y" * 20)


async def test_the_round_ids_of_plan_items_become_refs(world: Database) -> None:
    async with world.transaction() as s:
        plan = await round_repo.current_plan(s)
        assert plan is not None
        items = await round_repo.plan_items(s, plan.id)
        refs = await round_repo.plan_item_refs(s, [i.id for i in items] + [999_999])
    assert refs == {i.id: i.ref for i in items}
