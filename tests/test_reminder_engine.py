"""The reminder sweep on both backends: who gets what and when, failures, pauses, digests."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.delivery import DeliveryOutcome
from services import reminder_admin, rounds, submissions
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import ChatIdentity, DeliveryStatus, ReminderDelivery
from tests import factories as f
from tests.reminder_helpers import RecordingOutbound, engine, local, round_id, world_2024

PDF = StoredUpload(sha256="b" * 64, file_name="bc.pdf", mime_type="application/pdf", size=10, label="PDF")
ADMIN = 1
# Wording and schedule behaviour runs the same SQL as the tests kept on both backends; SQLite is enough.
sqlite_only = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


@pytest.fixture
async def world(db: Database) -> Database:
    await world_2024(db)
    return db


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(local(2024, 6, 3, 8, 0))


async def rows(db: Database, **where: object) -> list[ReminderDelivery]:
    async with db.transaction() as s:
        query = select(ReminderDelivery).filter_by(**where).order_by(ReminderDelivery.id)
        return list((await s.scalars(query)).all())


def about(pushed: list, round_: int) -> list:  # type: ignore[type-arg]
    return [p for p in pushed if ("📤 Nộp báo cáo", f"sb:r:{round_}") in p.buttons]


async def sweep_at(world: Database, clock: FixedClock, pusher: RecordingOutbound, at: datetime, **options: object):  # type: ignore[no-untyped-def]
    clock.at = at
    return await engine(world, clock, pusher, **options).sweep(at)


async def test_every_active_account_of_an_owing_unit_gets_it_once(world: Database, clock: FixedClock) -> None:
    a = await f.officer(world, 10, "TTH-CL", clock.now())
    b = await f.officer(world, 11, "TTH-CL", clock.now())
    c = await f.officer(world, 12, "PNV1", clock.now())  # divisions do not owe the 6-month report
    report6 = await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 0))
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 5))
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 16, 55))
    got = about(pusher.sent, report6)
    assert sorted(p.chat_id for p in got) == [a.chat_id, b.chat_id]
    assert "Nhắc việc: còn 7 ngày đến hạn gửi" in got[0].text and "Thanh tra huyện Cao Lộc" in got[0].text
    assert "(hạn: 17:00 10/06/2024)" in got[0].text
    assert about(pusher.to(c.chat_id), report6) == []
    [row] = [r for r in await rows(world, round_id=report6, unit_id=a.unit_id) if r.status == DeliveryStatus.SENT]
    assert (row.slot, row.recipients, row.attempts) == ("D-7", 2, 1)


@sqlite_only
async def test_wording_on_the_day_and_when_overdue(world: Database, clock: FixedClock) -> None:
    a = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    for day in (10, 11, 14):
        await sweep_at(world, clock, pusher, local(2024, 6, day, 8, 0))
    texts = [p.text for p in about(pusher.to(a.chat_id), report6)]
    assert texts[0].startswith("🔔 Hôm nay là hạn cuối gửi")
    assert "đã quá hạn 1 ngày" in texts[1] and "đã quá hạn 4 ngày" in texts[2]
    assert "liên hệ Văn phòng Thanh tra tỉnh" in texts[1]


async def test_none_after_submission_and_again_after_a_return(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, ADMIN, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    await sweep_at(world, clock, pusher, local(2024, 6, 3))  # D-7
    clock.at = local(2024, 6, 5, 10)
    async with world.transaction() as s:
        receipt = await submissions.submit(s, officer, report6, [PDF], None, clock.now())
    for day in (7, 10, 11, 14):  # D-3, D0, D+1, D+4: nothing while submitted
        await sweep_at(world, clock, pusher, local(2024, 6, day))
    assert len(about(pusher.to(officer.chat_id), report6)) == 1
    clock.at = local(2024, 6, 17, 10)  # returned on Monday 17/06 at 10:00: the unit owes again
    async with world.transaction() as s:
        await submissions.review(s, boss, receipt.submission.id, accept=False, reason="Thiếu chữ ký", now=clock.now())
    await sweep_at(world, clock, pusher, local(2024, 6, 17, 10, 5))  # the 08:00 slot passed before the return
    await sweep_at(world, clock, pusher, local(2024, 6, 19, 8))
    got = about(pusher.to(officer.chat_id), report6)
    assert [p.at for p in got] == [local(2024, 6, 3), local(2024, 6, 19)]
    assert "đã quá hạn 9 ngày" in got[1].text and "bị trả lại" in got[1].text


async def test_a_missed_slot_is_caught_up_within_a_working_day_older_ones_skipped(
    world: Database, clock: FixedClock
) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    await sweep_at(world, clock, pusher, local(2024, 6, 3))
    # The bot is down from Thursday until Monday 10/06 09:00: D-3 (Fri 07/06) expired at 08:00 today.
    await sweep_at(world, clock, pusher, local(2024, 6, 10, 9))
    got = about(pusher.to(officer.chat_id), report6)
    assert [p.at for p in got] == [local(2024, 6, 3), local(2024, 6, 10, 9)]
    assert "Hôm nay là hạn cuối" in got[1].text
    log = {r.slot: (r.status, r.error) for r in await rows(world, round_id=report6, unit_id=officer.unit_id)}
    assert log["D-3"] == (DeliveryStatus.SKIPPED, "expired")
    # Down again from 10/06 noon to 12/06 07:45: D+1 (11/06 08:00) still within its window.
    await sweep_at(world, clock, pusher, local(2024, 6, 12, 7, 45))
    assert len(about(pusher.to(officer.chat_id), report6)) == 3


@sqlite_only
async def test_never_outside_working_hours(world: Database, clock: FixedClock) -> None:
    await f.officer(world, 10, "TTH-CL", clock.now())
    pusher = RecordingOutbound(clock)
    for at in (local(2024, 6, 3, 7, 0), local(2024, 6, 3, 17, 0), local(2024, 6, 8, 9), local(2024, 9, 2, 9)):
        report = await sweep_at(world, clock, pusher, at)
        assert report.state == "outside_hours" and report.next_working is not None
    assert pusher.sent == [] and await rows(world) == []


@sqlite_only
async def test_manual_reminder_the_same_day_suppresses_the_automatic_one(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    async with world.transaction() as s:
        s.add(
            ReminderDelivery(
                key=f"r{report6}:u{officer.unit_id}:manual:2024-06-07",
                kind="manual",
                slot="manual",
                round_id=report6,
                unit_id=officer.unit_id,
                slot_date=local(2024, 6, 7).date(),
                due_at=local(2024, 6, 7, 7, 40),
                status=DeliveryStatus.SENT,
                claimed_at=local(2024, 6, 7, 7, 40),
                recipients=1,
            )
        )
    pusher = RecordingOutbound(clock)
    await sweep_at(world, clock, pusher, local(2024, 6, 7, 8))
    assert about(pusher.to(officer.chat_id), report6) == []
    [auto] = await rows(world, round_id=report6, unit_id=officer.unit_id, slot="D-3")
    assert (auto.status, auto.error) == (DeliveryStatus.SKIPPED, "manual")
    await sweep_at(world, clock, pusher, local(2024, 6, 10, 8))  # the next day's slot goes out
    assert len(about(pusher.to(officer.chat_id), report6)) == 1


@sqlite_only
async def test_paused_round_or_unit_gets_nothing_and_resumes_at_the_next_slot(
    world: Database, clock: FixedClock
) -> None:
    boss = await f.admin(world, ADMIN, clock.now())
    a = await f.officer(world, 10, "TTH-CL", clock.now())
    b = await f.officer(world, 11, "TTS-TC", clock.now())
    report6 = await round_id(world, "II.1")
    async with world.transaction() as s:
        await reminder_admin.set_unit_paused(s, boss, report6, b.unit_id or 0, True, clock.now())
    pusher = RecordingOutbound(clock)
    await sweep_at(world, clock, pusher, local(2024, 6, 3))
    assert len(about(pusher.to(a.chat_id), report6)) == 1 and about(pusher.to(b.chat_id), report6) == []
    async with world.transaction() as s:
        await reminder_admin.set_round_paused(s, boss, report6, True, clock.now())
    await sweep_at(world, clock, pusher, local(2024, 6, 7))
    async with world.transaction() as s:
        await reminder_admin.set_round_paused(s, boss, report6, False, clock.now())
        await reminder_admin.set_unit_paused(s, boss, report6, b.unit_id or 0, False, clock.now())
    await sweep_at(world, clock, pusher, local(2024, 6, 7, 15))  # resumed: 08:00's slot stays skipped
    await sweep_at(world, clock, pusher, local(2024, 6, 10))
    assert [p.at for p in about(pusher.to(a.chat_id), report6)] == [local(2024, 6, 3), local(2024, 6, 10)]
    assert [p.at for p in about(pusher.to(b.chat_id), report6)] == [local(2024, 6, 10)]
    reasons = {(r.unit_id, r.slot): r.error for r in await rows(world, round_id=report6, status=DeliveryStatus.SKIPPED)}
    assert reasons[(a.unit_id, "D-3")] == "paused_round" and reasons[(b.unit_id, "D-7")] == "paused_unit"


async def test_failures_are_recorded_and_retried_by_a_later_sweep(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    pusher.fail(officer.chat_id, DeliveryOutcome.retry_later("rate limited: retry after 5"))
    pusher.fail(officer.chat_id, DeliveryOutcome.retry_later("network: Bad Gateway"))
    pusher.fail(officer.chat_id, DeliveryOutcome.retry_later("network: Bad Gateway"))
    first = await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 0))
    assert first.count("failed") == 2  # the registration (overdue) and the 6-month report (D-7)
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 5))
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 10))
    got = about(pusher.to(officer.chat_id), report6)
    assert len(got) == 1
    [row] = await rows(world, round_id=report6, unit_id=officer.unit_id, status=DeliveryStatus.SENT)
    assert row.attempts >= 2 and row.details["delivered"] == [officer.account_id]


async def test_attempts_are_bounded(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    pusher = RecordingOutbound(clock)
    pusher.fail(officer.chat_id, *[DeliveryOutcome.retry_later("network: 500")] * 20)
    for minute in range(0, 50, 5):
        await sweep_at(world, clock, pusher, local(2024, 6, 3, 9, minute), max_attempts=3)
    failed = await rows(world, unit_id=officer.unit_id, status=DeliveryStatus.FAILED)
    assert failed and all(r.attempts == 3 and "500" in (r.error or "") for r in failed)
    assert pusher.to(officer.chat_id) == []


async def test_a_timeout_is_unknown_and_never_resent(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    pusher = RecordingOutbound(clock)
    pusher.fail(officer.chat_id, *[DeliveryOutcome.unknown("timeout")] * 2)
    first = await sweep_at(world, clock, pusher, local(2024, 6, 3))
    assert first.count("unknown") == 2
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 9))
    assert pusher.to(officer.chat_id) == []
    unknown = await rows(world, unit_id=officer.unit_id, status=DeliveryStatus.UNKNOWN)
    assert len(unknown) == 2 and all(r.attempts == 1 and "timeout" in (r.error or "") for r in unknown)


async def test_a_retry_goes_only_to_those_who_surely_did_not_get_it(world: Database, clock: FixedClock) -> None:
    maybe = await f.officer(world, 10, "TTH-CL", clock.now())
    missed = await f.officer(world, 11, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    pusher.fail(maybe.chat_id, *[DeliveryOutcome.unknown("timeout")] * 2)
    pusher.fail(missed.chat_id, *[DeliveryOutcome.retry_later("server: Bad Gateway")] * 2)
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 0))
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 5))
    await sweep_at(world, clock, pusher, local(2024, 6, 3, 8, 10))
    assert about(pusher.to(maybe.chat_id), report6) == []  # may already have it: never again
    assert len(about(pusher.to(missed.chat_id), report6)) == 1
    [row] = await rows(world, round_id=report6, unit_id=maybe.unit_id, slot="D-7")
    assert row.status == DeliveryStatus.SENT and row.details["unknown"] == [maybe.account_id]


async def test_a_blocked_account_goes_inactive_and_the_unit_is_flagged(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, ADMIN, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    pusher = RecordingOutbound(clock)
    pusher.fail(officer.chat_id, *[DeliveryOutcome.blocked("Forbidden: bot was blocked by the user")] * 5)
    await sweep_at(world, clock, pusher, local(2024, 6, 3))
    async with world.transaction() as s:
        channel = await s.get(ChatIdentity, officer.identity_id)
        assert channel is not None and channel.unreachable_since == local(2024, 6, 3)
    flags = [p for p in pusher.to(boss.chat_id) if "không nhận được nhắc việc" in p.text]
    assert len(flags) == 1 and "Thanh tra huyện Cao Lộc" in flags[0].text
    await sweep_at(world, clock, pusher, local(2024, 6, 7))  # now simply skipped: nobody to send to
    assert pusher.to(officer.chat_id) == []
    assert len([p for p in pusher.to(boss.chat_id) if "không nhận được nhắc việc" in p.text]) == 1  # once a week


@sqlite_only
async def test_quarter_digest_on_the_first_working_day(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", local(2024, 1, 1))
    division = await f.officer(world, 11, "PNV1", local(2024, 1, 1))
    pusher = RecordingOutbound(clock)
    assert (await sweep_at(world, clock, pusher, local(2024, 1, 1, 9))).state == "outside_hours"
    await sweep_at(world, clock, pusher, local(2024, 1, 2, 8))
    await sweep_at(world, clock, pusher, local(2024, 1, 2, 10))
    [digest] = [p for p in pusher.to(officer.chat_id) if "Quý I/2024" in p.text]
    assert "Kính gửi Thanh tra huyện Cao Lộc" in digest.text
    assert "I.2. Phát động phong trào thi đua — phối hợp; thời hạn: 29/02/2024" in digest.text
    assert "I.3. Đăng ký thi đua năm 2024 — phối hợp; thời hạn: 15/03/2024" in digest.text
    assert "I.4." not in digest.text  # divisions only
    [mine] = [p for p in pusher.to(division.chat_id) if "Quý I/2024" in p.text]
    assert "I.3. Đăng ký thi đua năm 2024 — gửi văn bản về Văn phòng" in mine.text and "I.4." in mine.text


@sqlite_only
async def test_office_digest_on_mondays_and_after_a_deadline(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, ADMIN, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    clock.at = local(2024, 6, 4, 9)
    async with world.transaction() as s:
        await submissions.submit(s, officer, report6, [PDF], None, clock.now())
    pusher = RecordingOutbound(clock)
    for at in (local(2024, 6, 10), local(2024, 6, 11), local(2024, 6, 11, 12), local(2024, 6, 12)):
        await sweep_at(world, clock, pusher, at)
    digests = [p for p in pusher.to(boss.chat_id) if p.text.startswith("📋")]
    assert [p.at for p in digests] == [local(2024, 6, 10), local(2024, 6, 11)]
    weekly, after = digests
    assert "Tổng hợp tình hình gửi văn bản" in weekly.text and "ĐĂNG KÝ THI ĐUA NĂM 2024" in weekly.text
    assert "Đã hết hạn gửi văn bản" in after.text and "ĐĂNG KÝ THI ĐUA" not in after.text
    assert "Thanh tra huyện Cao Lộc" not in after.text  # it submitted
    assert "Thanh tra huyện Văn Lãng – quá hạn 1 ngày ⚠️ không có tài khoản nhận nhắc việc" in after.text
    assert "Tổng hợp: Đã nộp 1/31 đơn vị; chưa nộp 30; bị trả lại, chờ bổ sung 0; nộp muộn 0." in after.text


@sqlite_only
async def test_dry_run_writes_nothing(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    pusher = RecordingOutbound(clock)
    clock.at = local(2024, 6, 3)
    report = await engine(world, clock, pusher).sweep(clock.now(), dry_run=True)
    assert report.count("would_send") >= 2 and report.count("would_skip") > 0
    assert any(line.due.unit_id == officer.unit_id for line in report.lines if line.action == "would_send")
    assert pusher.sent == [] and await rows(world) == []


@sqlite_only
async def test_a_changed_deadline_gets_its_own_reminders(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, ADMIN, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    await sweep_at(world, clock, pusher, local(2024, 6, 7))  # D-3 of 10/06
    clock.at = local(2024, 6, 7, 10)
    async with world.transaction() as s:
        await rounds.set_deadline(s, boss, report6, local(2024, 6, 14, 17), clock.now())
    await sweep_at(world, clock, pusher, local(2024, 6, 7, 11))  # D-7 of the new deadline: same day, not again
    await sweep_at(world, clock, pusher, local(2024, 6, 11))  # D-3 of 14/06
    got = about(pusher.to(officer.chat_id), report6)
    assert [p.at for p in got] == [local(2024, 6, 7), local(2024, 6, 11)]
    assert "(hạn: 17:00 14/06/2024)" in got[1].text


@sqlite_only
async def test_a_return_with_its_own_deadline_gets_that_deadline_schedule(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, ADMIN, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    report6 = await round_id(world, "II.1")
    clock.at = local(2024, 6, 4, 9)
    async with world.transaction() as s:
        receipt = await submissions.submit(s, officer, report6, [PDF], None, clock.now())
    clock.at = local(2024, 6, 17, 10)
    async with world.transaction() as s:
        await submissions.review(
            s, boss, receipt.submission.id, accept=False, reason="Thiếu biểu mẫu", now=clock.now(),
            new_deadline=local(2024, 6, 21, 17),
        )  # fmt: skip
    pusher = RecordingOutbound(clock)
    for day in (18, 19, 20, 21, 24):
        await sweep_at(world, clock, pusher, local(2024, 6, day))
    got = about(pusher.to(officer.chat_id), report6)
    assert [p.at.day for p in got] == [18, 20, 21, 24]  # D-3, D-1, D0 of 21/06, then D+1 → Monday
    assert "còn 3 ngày" in got[0].text and "(hạn: 17:00 21/06/2024)" in got[0].text and "bị trả lại" in got[0].text


@sqlite_only
async def test_a_registration_round_reminder_starts_dangky(world: Database, clock: FixedClock) -> None:
    """Registration goes through /dangky: its reminder's button starts it, not /nopbaocao."""
    officer = await f.officer(world, 10, "PNV1", clock.now())
    registration, report6 = await round_id(world, "I.3"), await round_id(world, "II.1")
    pusher = RecordingOutbound(clock)
    await sweep_at(world, clock, pusher, local(2024, 3, 8, 8, 0))  # I.3 is due 17:00 15/03/2024
    got = [p for p in pusher.to(officer.chat_id) if "Đăng ký thi đua năm 2024" in p.text]
    assert got and got[0].buttons == (("📝 Đăng ký thi đua", f"rg:go:{registration}"),)
    assert about(got, registration) == [] and report6 != registration
