"""Reminders through the real stack: APScheduler wakes the sweep, PTB sends to the fake Bot API,
which injects 429, 5xx and "blocked"; and the Office's /nhacviec dialog."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from storage.models import AuditEntry, DeliveryStatus, ReminderDelivery
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, converse, identity_of, make_settings, running_bot
from tests.reminder_helpers import local

OFFICER = 1001


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(local(2024, 6, 3, 7, 0))  # before working hours: the sweeps find nothing to do yet


@pytest.fixture
async def live(api: FakeBotApi, tmp_path: Path, clock: FixedClock) -> AsyncIterator[BotRuntime]:
    settings = make_settings(tmp_path, reminder_sweep_seconds=0.2)
    async with running_bot(api, settings, clock) as runtime:
        await f.officer(runtime.db, OFFICER, "TTH-CL", clock.now())
        yield runtime


def reminders_to(api: FakeBotApi, chat_id: int, fragment: str) -> list[dict]:  # type: ignore[type-arg]
    return [
        call.message
        for call in api.sent
        if call.method == "sendMessage" and call.chat_id == chat_id and fragment in (call.params.get("text") or "")
    ]


async def test_the_scheduler_sends_a_reminder_with_a_submit_button(
    api: FakeBotApi, live: BotRuntime, clock: FixedClock
) -> None:
    assert live.scheduler is not None
    clock.at = local(2024, 6, 3, 8, 0)
    message = await api.wait_for_message(OFFICER, lambda m: "còn 7 ngày" in m.get("text", ""), timeout=5, after=0)
    assert (
        "Đến thời điểm này, Văn phòng Thanh tra tỉnh chưa nhận được văn bản của Thanh tra huyện Cao Lộc"
        in (message["text"])
    )
    [[button]] = message["reply_markup"]["inline_keyboard"]
    assert button == {"text": "📤 Nộp báo cáo", "callback_data": "sb:r:3"}
    runs = live.scheduler.runs
    await asyncio.sleep(0.7)
    assert live.scheduler.runs > runs  # it keeps sweeping…
    assert len(reminders_to(api, OFFICER, "còn 7 ngày")) == 1  # …and never sends it again


async def test_5xx_and_429_are_recorded_and_retried_by_a_later_sweep(
    api: FakeBotApi, live: BotRuntime, clock: FixedClock
) -> None:
    api.inject(OFFICER, "500", times=4)  # the four attempts of one sweep: surely not sent, retryable
    api.inject(OFFICER, "429", times=4, retry_after=0)  # AIORateLimiter's tries, then one more wait
    clock.at = local(2024, 6, 7, 8, 0)  # D-3 of the 6-month report
    await api.wait_for_message(OFFICER, lambda m: "còn 3 ngày" in m.get("text", ""), timeout=15, after=0)
    await asyncio.sleep(0.5)
    assert len(reminders_to(api, OFFICER, "còn 3 ngày")) == 1  # counted at the server
    async with live.db.transaction() as s:
        rows = (await s.scalars(select(ReminderDelivery).where(ReminderDelivery.slot == "D-3"))).all()
    [row] = [r for r in rows if r.recipients]
    assert row.status == DeliveryStatus.SENT and row.attempts >= 2
    errors = [e["description"] for _, _, e in api.errors]
    assert any("Internal Server Error" in e for e in errors) and any("Too Many Requests" in e for e in errors)


async def test_a_connection_dropped_after_delivery_is_unknown_and_never_resent(
    api: FakeBotApi, live: BotRuntime, clock: FixedClock
) -> None:
    api.fail_always(OFFICER, "drop")  # every send arrives, and every answer is lost
    clock.at = local(2024, 6, 3, 8, 0)  # the registration (overdue) and the 6-month report (D-7)
    await api.wait_for_message(OFFICER, lambda m: "còn 7 ngày" in m.get("text", ""), timeout=5, after=0)
    assert live.reminders is not None
    for minute in (5, 10, 30):  # later sweeps of the same day: the retry window is still open
        clock.at = local(2024, 6, 3, 8, minute)
        for _ in range(100):  # one whole sweep at this time (the scheduler's own may be running)
            if (await live.reminders.sweep(clock.now())).state == "done":
                break
            await asyncio.sleep(0.05)
    assert len(reminders_to(api, OFFICER, "còn 7 ngày")) == 1
    async with live.db.transaction() as s:
        rows = (await s.scalars(select(ReminderDelivery).where(ReminderDelivery.recipients == 0))).all()
        started = [r for r in rows if r.kind in ("before", "after") and r.attempts]
    assert started and all(r.status == DeliveryStatus.UNKNOWN and r.attempts == 1 for r in started)
    assert sum(1 for call in api.sent if call.chat_id == OFFICER) == len(started)


async def test_a_user_who_blocked_the_bot_goes_inactive_and_the_office_is_told(
    api: FakeBotApi, live: BotRuntime, clock: FixedClock
) -> None:
    api.block(OFFICER)
    clock.at = local(2024, 6, 3, 8, 0)
    flag = await api.wait_for_message(
        ADMIN_ID, lambda m: "không nhận được nhắc việc" in m.get("text", ""), timeout=5, after=0
    )
    assert "Thanh tra huyện Cao Lộc" in flag["text"], flag["text"]
    async with live.db.transaction() as s:
        assert (await identity_of(s, OFFICER)).unreachable_since is not None
    assert reminders_to(api, OFFICER, "") == []


async def test_the_office_pauses_a_round_and_a_unit(api: FakeBotApi, live: BotRuntime, admin: SimUser) -> None:
    await admin.send("/start")
    officer = SimUser(api, OFFICER, "Lan")
    await converse(officer, [("/nhacviec", "không có quyền")])
    await converse(
        admin,
        [
            ("/nhacviec", ["Nhắc việc tự động", "Các kỳ báo cáo đang mở: 7", "🔔 Báo cáo sơ kết"]),
            (Press("🔔 Báo cáo sơ kết"), ["Hạn nộp: 17:00 10/06/2024", "Nhắc việc: đang bật", "Chưa nộp: 31/31"]),
            (Press("⏸ Tạm dừng nhắc kỳ này"), ["Nhắc việc: đang tạm dừng", "Lần nhắc tiếp theo: không có"]),
            (Press("🔔 Tiếp tục nhắc kỳ này"), ["Nhắc việc: đang bật", "Lần nhắc tiếp theo: 08:00 03/06/2024"]),
            (Press("🏢 Tạm dừng theo đơn vị"), ["Đơn vị chưa nộp: 31", "Trang sau"]),
            (Press("Trang sau »"), "Thanh tra Ban Dân tộc"),
            (Press("Trang sau »"), "🔔 Thanh tra huyện Cao Lộc"),
            (Press("🔔 Thanh tra huyện Cao Lộc"), "⏸ Thanh tra huyện Cao Lộc"),
            (Press("« Quay lại"), "(tạm dừng nhắc 1 đơn vị)"),
            (Press("🗓 Đổi lịch nhắc"), "Ví dụ: 7 3 1 0 / 3"),
            ("mười ngày", "Chưa hiểu lịch nhắc «mười ngày»"),
            ("5 2 0 / 2", ["trước hạn 5 ngày, 2 ngày, ngày đến hạn", "cứ 2 ngày làm việc", "xác nhận lưu"]),
            (Press("✅ Lưu"), "Đã lưu lịch nhắc"),
        ],
    )
    async with live.db.transaction() as s:
        actions = [a.action for a in (await s.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()]
    assert actions[-4:] == [
        "reminders.round_pause",
        "reminders.round_resume",
        "reminders.unit_pause",
        "reminders.rules",
    ]
    assert "reminders.view" in actions  # the officer's refused /nhacviec is audited too
    message = admin.last_message
    assert message is not None
    for forged in ("nh:p:999999:1", "nh:up:3:999999:1:1", "nh:p:3:2", "nh:rs:3"):
        api.user_presses(ADMIN_ID, message["message_id"], forged, forged=True)
        reply = await api.wait_for_message(ADMIN_ID, timeout=5)
        assert any(
            text in reply.get("text", "")
            for text in ("Không tìm thấy kỳ báo cáo", "không phải nộp", "Nút này không còn hiệu lực")
        ), forged


async def test_a_failing_sweep_is_reported_to_the_admins(api: FakeBotApi, live: BotRuntime, clock: FixedClock) -> None:
    assert live.reminders is not None

    async def broken(*_: object) -> None:
        raise RuntimeError("planner exploded")

    live.reminders.planner.plan = broken  # type: ignore[method-assign,assignment]
    clock.at = local(2024, 6, 3, 8, 0)
    message = await api.wait_for_message(ADMIN_ID, lambda m: "Lỗi hệ thống" in m.get("text", ""), timeout=5, after=0)
    assert "RuntimeError" in message["text"] and "planner exploded" in message["text"]
