"""Plan items that act (services/plan_actions.py), on SQLite and PostgreSQL: when each kind acts, its
status, the Office's checklist records, a notice or an invitation carrying an item out, the meeting's eve
reminder and the overdue items of the Office digest."""

from __future__ import annotations

import asyncio
import io
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select, update

from core.clock import FixedClock
from services import attendance_workbook, broadcasts, plan_actions, plan_import
from services.actors import Actor
from services.broadcast_audience import Audience, AudienceKind
from services.broadcasts import Draft
from services.errors import Forbidden, Refusal
from services.plan_actions import ItemStatus
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import (
    AuditEntry,
    Broadcast,
    BroadcastRecipient,
    ItemState,
    PlanItem,
    RecipientState,
    ReminderDelivery,
    ReplyKind,
    Response,
)
from storage.repos import rounds as round_repo
from tests import factories as f
from tests.reminder_helpers import TZ, RecordingOutbound, engine, local
from tests.test_reminder_restart import second_process

SCAN = StoredUpload(sha256="d" * 64, file_name="bao-cao.pdf", mime_type="application/pdf", size=10, label="PDF")


def item(kind: str, due: date | None, quarter: int = 4) -> PlanItem:
    return PlanItem(quarter=quarter, item_no=1, task="x", kind=kind, due_on=due)


@pytest.mark.parametrize(
    ("kind", "due", "slots"),
    [
        ("submission", date(2024, 6, 10), []),
        ("notice", date(2024, 2, 29), [("D0", date(2024, 2, 29))]),
        ("notice", None, [("Q", date(2024, 10, 1))]),
        ("meeting", date(2024, 12, 20), [("D-7", date(2024, 12, 13))]),
        ("meeting", None, [("Q", date(2024, 10, 1))]),
        ("internal", date(2024, 12, 10), [("D-3", date(2024, 12, 7)), ("D0", date(2024, 12, 10))]),
        ("outbound", date(2024, 12, 15), [("D-3", date(2024, 12, 12)), ("D0", date(2024, 12, 15))]),
        ("decision", date(2024, 12, 31), [("D-3", date(2024, 12, 28)), ("D0", date(2024, 12, 31))]),
    ],
)
def test_each_kind_acts_on_its_days(kind: str, due: date | None, slots: list[tuple[str, date]]) -> None:
    assert plan_actions.action_slots(item(kind, due), 2024) == slots


@pytest.mark.parametrize(
    ("today", "state", "expected"),
    [
        (date(2024, 12, 1), None, ItemStatus.UPCOMING),
        (date(2024, 12, 7), None, ItemStatus.DUE),
        (date(2024, 12, 10), None, ItemStatus.DUE),
        (date(2024, 12, 11), None, ItemStatus.OVERDUE),
        (date(2024, 12, 11), ItemState.OPEN, ItemStatus.OVERDUE),
        (date(2024, 12, 11), ItemState.DONE, ItemStatus.DONE),
        (date(2024, 12, 1), ItemState.NOT_DONE, ItemStatus.NOT_DONE),
    ],
)
def test_status_of_a_checklist_item(today: date, state: ItemState | None, expected: ItemStatus) -> None:
    from storage.models import PlanItemAction

    action = None if state is None else PlanItemAction(state=state)
    assert plan_actions.status_of(item("internal", date(2024, 12, 10)), 2024, action, today) == expected


def test_an_item_without_a_date_is_overdue_after_its_quarter() -> None:
    meeting = item("meeting", None, quarter=2)
    assert plan_actions.status_of(meeting, 2024, None, date(2024, 3, 31)) == ItemStatus.UPCOMING
    assert plan_actions.status_of(meeting, 2024, None, date(2024, 4, 1)) == ItemStatus.DUE
    assert plan_actions.status_of(meeting, 2024, None, date(2024, 7, 1)) == ItemStatus.OVERDUE


@pytest.fixture
async def world(db: Database) -> Database:
    at = local(2024, 1, 1, 0, 0)
    await f.load_default_units(db, at)
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), at, TZ, label="test")
    return db


async def item_id(db: Database, ref: str) -> int:
    async with db.transaction() as s:
        plan = await round_repo.current_plan(s)
        assert plan is not None
        for row in await round_repo.plan_items(s, plan.id):
            if row.ref == ref:
                return row.id
    raise AssertionError(ref)


async def audit_actions(db: Database) -> list[str]:
    async with db.transaction() as s:
        return list((await s.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all())


async def test_the_checklist_records_owner_done_and_not_done_with_note_and_file(world: Database) -> None:
    at = local(2024, 12, 11, 9)
    boss = await f.admin(world, 1, at)
    iv4, iv2 = await item_id(world, "IV.4"), await item_id(world, "IV.2")
    async with world.transaction() as s:
        await plan_actions.take(s, boss, iv4, at)
        line = await plan_actions.item_line(s, boss, iv4, at.date())
    assert line.owner_name == boss.display_name and line.status == ItemStatus.OVERDUE
    async with world.transaction() as s:
        with pytest.raises(Refusal, match=r"pa.reason_needed"):
            await plan_actions.finish(s, boss, iv2, done=False, note="  ", upload=None, now=at)
    async with world.transaction() as s:
        await plan_actions.finish(s, boss, iv4, done=True, note="Tờ trình số 12", upload=SCAN, now=at)
        await plan_actions.finish(s, boss, iv2, done=False, note="Sở Nội vụ hoãn", upload=None, now=at)
    async with world.transaction() as s:
        with pytest.raises(Refusal, match=r"pa.already_finished"):
            await plan_actions.finish(s, boss, iv4, done=True, note=None, upload=None, now=at)
        _, lines = await plan_actions.checklist(s, boss, at.date())
    by_ref = {line.item.ref: line for line in lines}
    assert by_ref["IV.4"].status == ItemStatus.DONE
    assert by_ref["IV.4"].action is not None and by_ref["IV.4"].action.file_name == "bao-cao.pdf"
    assert by_ref["IV.2"].status == ItemStatus.NOT_DONE
    assert "II.1" not in by_ref  # a submission is a round, not a checklist line
    async with world.transaction() as s:
        await plan_actions.reopen(s, boss, iv4, at)
    async with world.transaction() as s:
        assert (await plan_actions.item_line(s, boss, iv4, at.date())).status == ItemStatus.OVERDUE
    assert (await audit_actions(world))[-4:] == [
        "plan_item.take",
        "plan_item.done",
        "plan_item.not_done",
        "plan_item.reopen",
    ]


async def test_an_officer_cannot_touch_the_checklist_and_a_submission_is_not_an_item(world: Database) -> None:
    at = local(2024, 12, 11, 9)
    boss = await f.admin(world, 1, at)
    lan = await f.officer(world, 10, "PNV1", at)
    iv4, ii1 = await item_id(world, "IV.4"), await item_id(world, "II.1")
    async with world.transaction() as s:
        with pytest.raises(Forbidden):
            await plan_actions.finish(s, lan, iv4, done=True, note=None, upload=None, now=at)
    async with world.transaction() as s:
        with pytest.raises(Refusal, match=r"common.stale_button"):
            await plan_actions.take(s, boss, ii1, at)
    async with world.transaction() as s:  # only an Office admin can own an Office task
        with pytest.raises(Refusal, match=r"common.stale_button"):
            await plan_actions.take(s, boss, iv4, at, owner_id=lan.account_id)


async def invite(world: Database, boss: Actor, ref: str, at: datetime, meeting_at: datetime) -> int:
    iid = await item_id(world, ref)
    async with world.transaction() as s:
        prefill = await plan_actions.prefill(s, boss, iid)
        assert prefill.reply_kind == ReplyKind.MEETING
        draft = Draft(
            prefill.text,
            prefill.reply_kind,
            None,
            Audience(AudienceKind.KIND, "division"),
            plan_item_id=iid,
            meeting_at=meeting_at,
            meeting_place="Hội trường tầng 3",
        )
        broadcast, _ = await broadcasts.create_draft(s, boss, draft, at, at.date())
    assert "Hội trường tầng 3" in broadcast.body_html and "08:00 ngày 20/12/2024" in broadcast.body_html
    await send(world, boss, broadcast.id, at)
    return broadcast.id


async def send(world: Database, boss: Actor, broadcast_id: int, at: datetime) -> None:
    """Confirm a draft, and let it reach everybody (the outbox worker's part, tested elsewhere)."""
    async with world.transaction() as s:
        await broadcasts.confirm(s, boss, broadcast_id, boss.identity_id, at)
        await s.execute(
            update(BroadcastRecipient)
            .where(BroadcastRecipient.broadcast_id == broadcast_id)
            .values(state=RecipientState.DELIVERED)
        )


async def answer(world: Database, actor: Actor, broadcast_id: int, response: Response, at: datetime) -> None:
    async with world.transaction() as s:
        row = await s.scalar(
            select(BroadcastRecipient).where(
                BroadcastRecipient.broadcast_id == broadcast_id, BroadcastRecipient.account_id == actor.account_id
            )
        )
        assert row is not None
        await broadcasts.answer(s, actor, row.id, response, at)


async def test_an_invitation_carries_the_meeting_out_and_reminds_those_who_attend_the_day_before(
    world: Database,
) -> None:
    at = local(2024, 12, 13, 9)
    boss = await f.admin(world, 1, at)
    people = [await f.officer(world, 10 + n, code, at) for n, code in enumerate(("PNV1", "PNV2", "PNV3"))]
    broadcast_id = await invite(world, boss, "IV.5", at, local(2024, 12, 20, 8, 0))
    for person, response in zip(people, (Response.ATTEND, Response.DELEGATE, Response.ABSENT), strict=True):
        await answer(world, person, broadcast_id, response, at)
    iv5 = await item_id(world, "IV.5")
    async with world.transaction() as s:
        line = await plan_actions.item_line(s, boss, iv5, at.date())
        _, _, rows = await plan_actions.attendance(s, boss, iv5, at)
    assert line.status == ItemStatus.DONE
    assert line.counts == {"delivered": 3, "attend": 1, "delegate": 1, "absent": 1}
    assert sorted(r.response.value for r in rows if r.response) == ["absent", "attend", "delegate"]
    assert "plan_item.attendance_export" in await audit_actions(world)
    async with world.transaction() as s:
        item = await s.get(PlanItem, iv5)
        meeting = await s.get(Broadcast, broadcast_id)
        assert item is not None and meeting is not None
    sheet = openpyxl.load_workbook(io.BytesIO(attendance_workbook.attendance_xlsx(item, meeting, rows, TZ))).active
    assert sheet is not None
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == ["IV.5. Họp xem xét kết quả công tác thi đua khen thưởng"]
    assert "08:00 20/12/2024" in cells[1][0] and "Hội trường tầng 3" in cells[1][0]
    assert cells[2] == ["STT", "Đơn vị", "Người nhận giấy mời", "Trả lời", "Thời điểm trả lời"]
    assert [row[1:4] for row in cells[3:]] == [
        ["Phòng Nghiệp vụ 1", people[0].display_name, "Tham dự"],
        ["Phòng Nghiệp vụ 2", people[1].display_name, "Cử người thay"],
        ["Phòng Nghiệp vụ 3", people[2].display_name, "Vắng mặt"],
    ]

    clock = FixedClock(local(2024, 12, 18, 9))
    pusher = RecordingOutbound(clock)
    sweeper = engine(world, clock, pusher)
    await sweeper.sweep()
    assert not [p for p in pusher.sent if "Nhắc lịch họp" in p.text]  # two days before: not yet
    clock.at = local(2024, 12, 19, 8, 5)
    await sweeper.sweep()
    clock.at = local(2024, 12, 19, 10, 5)
    await sweeper.sweep()
    eve = [p for p in pusher.sent if "Nhắc lịch họp" in p.text]
    assert sorted(p.chat_id for p in eve) == [people[0].chat_id, people[1].chat_id]
    assert "Hội trường tầng 3" in eve[0].text and "08:00 ngày 20/12/2024" in eve[0].text
    async with world.transaction() as s:
        keys = (await s.scalars(select(ReminderDelivery.key).where(ReminderDelivery.kind == "eve"))).all()
    assert keys == [f"eve:b{broadcast_id}"]


async def test_a_notice_from_an_item_marks_it_done_and_shows_the_received_count(world: Database) -> None:
    at = local(2024, 2, 29, 9)
    boss = await f.admin(world, 1, at)
    lan = await f.officer(world, 10, "PNV1", at)
    i2 = await item_id(world, "I.2")
    async with world.transaction() as s:
        prefill = await plan_actions.prefill(s, boss, i2)
        draft = Draft(prefill.text, prefill.reply_kind, None, Audience(AudienceKind.ALL), plan_item_id=i2)
        broadcast, _ = await broadcasts.create_draft(s, boss, draft, at, at.date())
        assert (await plan_actions.item_line(s, boss, i2, at.date())).status == ItemStatus.DUE  # a draft is not sent
    await send(world, boss, broadcast.id, at)
    await answer(world, lan, broadcast.id, Response.RECEIVED, at)
    async with world.transaction() as s:
        line = await plan_actions.item_line(s, boss, i2, at.date())
    assert line.status == ItemStatus.DONE
    assert line.counts["received"] == 1 and line.counts["delivered"] >= 1


async def test_a_draft_may_not_name_an_item_that_is_not_a_notice_or_a_meeting(world: Database) -> None:
    at = local(2024, 2, 29, 9)
    boss = await f.admin(world, 1, at)
    draft = Draft("x", ReplyKind.ACK, None, Audience(AudienceKind.ALL), plan_item_id=await item_id(world, "IV.4"))
    async with world.transaction() as s:
        with pytest.raises(Refusal, match=r"common.stale_button"):
            await broadcasts.create_draft(s, boss, draft, at, at.date())


async def test_the_weekly_office_digest_lists_overdue_internal_and_outbound_items(world: Database) -> None:
    at = local(2024, 12, 16, 8, 5)  # Monday: IV.4 (10/12) and IV.2 (15/12) are past
    boss = await f.admin(world, 1, at)
    async with world.transaction() as s:
        await plan_actions.take(s, boss, await item_id(world, "IV.2"), at)
    clock = FixedClock(at)
    pusher = RecordingOutbound(clock)
    await engine(world, clock, pusher).sweep()
    digest = [p for p in pusher.to(boss.chat_id) if "Việc của Văn phòng quá hạn" in p.text]
    assert len(digest) == 1
    text = digest[0].text
    assert "IV.4" in text and "IV.2" in text and f"phụ trách: {boss.display_name}" in text
    assert "IV.6" not in text  # a decision (31/12) is not overdue yet, and not an internal or outbound item


async def test_two_processes_sweeping_at_once_ask_the_office_once(world: Database) -> None:
    at = local(2024, 12, 13, 8, 5)  # IV.5's invitation is due
    clock = FixedClock(at)
    boss = await f.admin(world, 1, at)
    other = await second_process(world)
    pusher = RecordingOutbound(clock)
    try:
        await asyncio.gather(engine(world, clock, pusher).sweep(at), engine(other, clock, pusher).sweep(at))
        await engine(other, clock, pusher).sweep(local(2024, 12, 13, 10))
    finally:
        await other.dispose()
    prompts = [p for p in pusher.to(boss.chat_id) if "gửi giấy mời?" in p.text]
    assert len(prompts) == 1 and "Họp xem xét kết quả" in prompts[0].text


async def test_a_meeting_attended_elsewhere_or_a_notice_that_did_not_arise_is_recorded_by_hand(
    world: Database,
) -> None:
    at = local(2024, 7, 15, 9)
    boss = await f.admin(world, 1, at)
    ii3, ii5 = await item_id(world, "II.3"), await item_id(world, "II.5")
    async with world.transaction() as s:
        await plan_actions.finish(s, boss, ii3, done=True, note="Đã dự tại UBND tỉnh ngày 12/7", upload=None, now=at)
        await plan_actions.finish(s, boss, ii5, done=False, note="Năm nay không phát động", upload=None, now=at)
    async with world.transaction() as s:
        _, lines = await plan_actions.checklist(s, boss, date(2024, 8, 1))
    by_ref = {line.item.ref: line.status for line in lines}
    assert by_ref["II.3"] == ItemStatus.DONE and by_ref["II.5"] == ItemStatus.NOT_DONE
    assert by_ref["II.4"] == ItemStatus.OVERDUE  # nothing recorded, and its quarter is over
