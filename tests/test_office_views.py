"""The Office's views as services on both backends: /tinhhinh, /chuanop, manual reminders, review helpers."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from services import manual_reminders, missing_units, office_review, plan_import, rounds, status_overview
from services.actors import Actor
from services.errors import Forbidden, Refusal
from storage.db import Database
from storage.models import AuditEntry, ClusterMembership, DeliveryStatus, ReminderDelivery, RoundStatus
from tests import factories as f
from tests.office_helpers import leader, review, round_for, submit, unreachable

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), clock.now(), TZ, label="test")
    return db


async def staged(world: Database, clock: FixedClock) -> tuple[Actor, dict[str, Actor], int]:
    """II.1 (due 10/06 17:00; now 12/06 09:30): Cao Lộc accepted, Văn Lãng returned with a new deadline,
    Sở Tài chính waiting for review; every submission is late."""
    now = clock.now()
    boss = await f.admin(world, 1, now)
    people = {code: await f.officer(world, 10 + n, code, now) for n, code in enumerate(("TTH-CL", "TTH-VL", "TTS-TC"))}
    round_id = await round_for(world, "II.1")
    accepted = await submit(world, people["TTH-CL"], round_id, now)
    returned = await submit(world, people["TTH-VL"], round_id, now)
    await submit(world, people["TTS-TC"], round_id, now)
    await review(world, boss, accepted.submission.id, now, accept=True)
    new_deadline = datetime(2024, 6, 14, 17, 0, tzinfo=TZ)
    await review(
        world, boss, returned.submission.id, now, accept=False, reason="Thiếu chữ ký", new_deadline=new_deadline
    )
    return boss, people, round_id


async def test_overview_counts_every_status_of_every_open_round(world: Database, clock: FixedClock) -> None:
    boss, people, round_id = await staged(world, clock)
    on_time_round = await round_for(world, "II.2")  # due 30/06
    await submit(world, people["TTH-CL"], on_time_round, clock.now())
    async with world.transaction() as s:
        result = await status_overview.overview(s, boss, year=2024)
    by_id = {r.round.id: r for r in result.rounds}
    six_months = by_id[round_id]
    assert (six_months.total, six_months.submitted, six_months.late, six_months.on_time) == (31, 2, 2, 0)
    assert (six_months.accepted, six_months.pending, six_months.returned, six_months.missing) == (1, 1, 1, 28)
    assert six_months.owing == 29
    stories = by_id[on_time_round]
    assert (stories.submitted, stories.late, stories.on_time, stories.missing) == (1, 0, 1, 30)
    assert len(result.rounds) == 7 and result.elsewhere == 0
    assert [r.round.deadline for r in result.rounds] == sorted(r.round.deadline for r in result.rounds)


async def test_overview_shows_every_open_round_the_years_plan_first(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    pnv1, closed = await f.unit_id(world, "PNV1"), await round_for(world, "I.3")
    async with world.transaction() as s:
        later = await rounds.create(
            s,
            boss,
            name="Báo cáo bổ sung đầu năm 2025",
            tz=TZ,
            deadline=datetime(2025, 1, 10, 10, tzinfo=TZ),
            unit_ids=[pnv1],
            now=clock.now(),
        )
        await rounds.set_status(s, boss, closed, RoundStatus.CLOSED, clock.now())
    async with world.transaction() as s:
        result = await status_overview.overview(s, boss, year=2024)
    # A round created alone is filed under its deadline's year, and no open round is ever hidden.
    assert later.year == 2025 and result.elsewhere == 0 and result.all_years
    assert closed not in [r.round.id for r in result.rounds]
    assert [r.round.year for r in result.rounds] == [2024] * 6 + [2025]


async def test_leaders_see_the_overview_officers_do_not(world: Database, clock: FixedClock) -> None:
    chief = await leader(world, 2, clock.now())
    officer = await f.officer(world, 3, "TTH-CL", clock.now())
    round_id = await round_for(world, "II.1")
    async with world.transaction() as s:
        assert (await status_overview.overview(s, chief, year=2024)).rounds
        assert (await missing_units.missing_list(s, chief, round_id, clock.now(), TZ)).units
    for call in ("overview", "missing"):
        with pytest.raises(Forbidden):
            async with world.transaction() as s:
                if call == "overview":
                    await status_overview.overview(s, officer, year=2024)
                else:
                    await missing_units.missing_list(s, officer, 1, clock.now(), TZ)


async def test_missing_list_has_clusters_days_and_accounts(world: Database, clock: FixedClock) -> None:
    boss, _, round_id = await staged(world, clock)
    await unreachable(world, await f.officer(world, 40, "TTH-TD", clock.now()), clock.now())
    khdt, cum3, cum1 = [await f.unit_id(world, code) for code in ("TTS-KHDT", "CUM3", "CUM1")]
    async with world.transaction() as s:  # a unit in two clusters the same year, and one of another year
        s.add_all(
            [
                ClusterMembership(cluster_id=cum3, unit_id=khdt, year=2024),
                ClusterMembership(cluster_id=cum1, unit_id=khdt, year=2023),
            ]
        )
    async with world.transaction() as s:
        listing = await missing_units.missing_list(s, boss, round_id, clock.now(), TZ)
    units = {u.name: u for u in listing.units}
    assert len(listing.units) == 29 == listing.tally.owing
    assert "Thanh tra huyện Cao Lộc" not in units and "Thanh tra Sở Tài chính" not in units
    van_lang = units["Thanh tra huyện Văn Lãng"]
    assert van_lang.returned and van_lang.days_left == 2 and van_lang.reachable == 1
    assert van_lang.clusters == ("Cụm thi đua số 1 - Thanh tra các huyện, thành phố",)
    assert units["Thanh tra Sở Kế hoạch và Đầu tư"].clusters == (
        "Cụm thi đua số 2 - Thanh tra các sở",
        "Cụm thi đua số 3 - Thanh tra các sở, ban, ngành",
    )
    trang_dinh = units["Thanh tra huyện Tràng Định"]
    assert trang_dinh.days_left == -2 and not trang_dinh.returned and trang_dinh.reachable == 0
    assert units["Cụm thi đua số 1 - Thanh tra các huyện, thành phố"].clusters == ()
    with pytest.raises(Refusal, match=r"rounds\.unknown"):
        async with world.transaction() as s:
            await missing_units.missing_list(s, boss, 999_999, clock.now(), TZ)


async def test_manual_reminders_log_each_unit_and_a_second_batch_needs_a_fresh_confirmation(
    world: Database, clock: FixedClock
) -> None:
    boss, people, round_id = await staged(world, clock)
    async with world.transaction() as s:
        first = await manual_reminders.preview(s, boss, round_id, clock.now(), TZ)
    assert (first.units, first.reachable_units, first.times_today, first.token) == (29, 1, 0, 0)
    async with world.transaction() as s:
        sent = await manual_reminders.remind_all(s, boss, round_id, first.token, clock.now(), TZ)
    assert len(sent.reminders) == 29 and sent.recipients == 1 and len(sent.without_account) == 28
    assert [r.chat_ids for r in sent.reminders if r.chat_ids] == [[people["TTH-VL"].chat_id]]
    with pytest.raises(Refusal, match="remind_stale"):  # the same confirmation pressed twice
        async with world.transaction() as s:
            await manual_reminders.remind_all(s, boss, round_id, first.token, clock.now(), TZ)
    clock.at += timedelta(hours=2)
    async with world.transaction() as s:
        again = await manual_reminders.preview(s, boss, round_id, clock.now(), TZ)
        assert (again.times_today, again.token) == (1, 29)
        assert again.last_at == clock.now() - timedelta(hours=2)
        await manual_reminders.remind_all(s, boss, round_id, again.token, clock.now(), TZ)
    async with world.transaction() as s:
        rows = (await s.scalars(select(ReminderDelivery).order_by(ReminderDelivery.id))).all()
        audits = (await s.scalars(select(AuditEntry).where(AuditEntry.action == "missing.remind_all"))).all()
    assert len(rows) == 58 and len(audits) == 2
    van_lang = [r for r in rows if r.unit_id == people["TTH-VL"].unit_id]
    assert [r.key for r in van_lang] == [
        f"r{round_id}:u{van_lang[0].unit_id}:manual:2024-06-12:1",
        f"r{round_id}:u{van_lang[0].unit_id}:manual:2024-06-12:2",
    ]
    row = van_lang[0]  # claimed, nothing sent yet: the flow sends it once this transaction has committed
    assert (row.kind, row.slot, row.round_id, row.status, row.recipients, row.error, row.attempts) == (
        "manual",
        "manual",
        round_id,
        DeliveryStatus.CLAIMED,
        0,
        None,
        0,
    )
    assert (
        row.slot_date.isoformat() == "2024-06-12"
        and row.due_at == row.claimed_at
        and row.created_by_id == boss.account_id
    )
    silent = next(r for r in rows if r.recipients == 0)
    assert silent.status == DeliveryStatus.FAILED and silent.error == manual_reminders.NO_ACCOUNT
    assert audits[0].details["units"] == 29 and audits[1].details["batch"] == 2


async def test_two_admins_confirming_at_once_remind_each_unit_once(world: Database, clock: FixedClock) -> None:
    boss, _, round_id = await staged(world, clock)
    other = await f.admin(world, 2, clock.now())

    async def confirm(actor: Actor) -> str:
        try:
            async with world.transaction() as s:
                await manual_reminders.remind_all(s, actor, round_id, 0, clock.now(), TZ)
        except Refusal as refusal:
            return refusal.key
        return "sent"

    outcomes = await asyncio.gather(confirm(boss), confirm(other))
    assert sorted(outcomes) == ["missing.remind_stale", "sent"]
    async with world.transaction() as s:
        assert len((await s.scalars(select(ReminderDelivery))).all()) == 29


async def test_reminders_are_refused_to_officers_for_closed_rounds_and_when_nobody_owes(
    world: Database, clock: FixedClock
) -> None:
    boss, people, round_id = await staged(world, clock)
    with pytest.raises(Forbidden):
        async with world.transaction() as s:
            await manual_reminders.preview(s, people["TTH-CL"], round_id, clock.now(), TZ)
    with pytest.raises(Refusal, match=r"rounds\.unknown"):
        async with world.transaction() as s:
            await manual_reminders.remind_all(s, boss, 999_999, 0, clock.now(), TZ)
    async with world.transaction() as s:
        await rounds.set_status(s, boss, round_id, RoundStatus.CLOSED, clock.now())
    with pytest.raises(Refusal, match=r"rounds\.closed"):
        async with world.transaction() as s:
            await manual_reminders.remind_all(s, boss, round_id, 0, clock.now(), TZ)
    async with world.transaction() as s:
        assert (await s.scalars(select(ReminderDelivery))).all() == []


async def test_review_helpers_refuse_old_versions_and_other_rounds(world: Database, clock: FixedClock) -> None:
    boss, people, round_id = await staged(world, clock)
    officer = people["TTS-TC"]
    later = await submit(world, officer, round_id, clock.now(), note="Bổ sung")
    async with world.transaction() as s:
        record = await office_review.unit_record(s, boss, round_id, officer.unit_id or 0)
        assert [r.submission.version for r in record.versions] == [2, 1]
        old_id = record.versions[1].submission.id
        target = await office_review.returnable(s, boss, later.submission.id)
        assert target.deadline == record.deadline
        files = await office_review.version_files(s, boss, old_id, clock.now())
        assert [x.file_name for x in files.files] == ["bao-cao.pdf"]
        _, queue = await office_review.review_queue(s, boss, round_id)
        assert [(p.unit_name, p.version) for p in queue] == [("Thanh tra Sở Tài chính", 2)]
        assert [a.id for a in await office_review.recipients(s, officer.unit_id or 0)] == [officer.account_id]
    for call, key in (
        (lambda s: office_review.returnable(s, boss, old_id), "review.not_latest"),
        (lambda s: office_review.returnable(s, boss, 999_999), "review.unknown"),
        (lambda s: office_review.unit_record(s, boss, round_id, boss.unit_id or 0), "review.not_owing"),
        (lambda s: office_review.unit_record(s, boss, 999_999, officer.unit_id or 0), "rounds.unknown"),
    ):
        with pytest.raises(Refusal) as refused:
            async with world.transaction() as s:
                await call(s)
        assert refused.value.key == key
    with pytest.raises(Forbidden):
        async with world.transaction() as s:
            await office_review.version_files(s, officer, old_id, clock.now())
