"""/chuanop "Gửi nhắc tất cả" when Telegram fails for one officer: each unit is claimed, sent and
recorded on its own, the admin gets the real counts, and the automatic engine still reminds the unit
whose manual reminder failed. 07:45 on Friday 14/06/2024: the 6-month report (II.1, due 10/06) is
overdue, and its next automatic reminder (every 3 working days after D+1) is due at 08:00."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import BotRuntime, outbound_router, reminder_engine
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from storage.models import DeliveryStatus, ReminderDelivery
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, converse, make_settings, running_bot
from tests.office_helpers import round_for

NOW = datetime(2024, 6, 14, 0, 45, tzinfo=UTC)
SWEEP = datetime(2024, 6, 14, 1, 0, tzinfo=UTC)
UNITS = ("TTH-VL", "TTH-CL", "TTH-TD", "TTH-BG")
MANUAL = "Nhắc việc: Báo cáo sơ kết"


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    settings = make_settings(tmp_path, reminders_enabled=False)  # the test runs the sweep itself
    async with running_bot(api, settings, clock=FixedClock(NOW)) as runtime:
        yield runtime


def received(api: FakeBotApi, chat_id: int, fragment: str) -> int:
    return sum(1 for m in api.timeline(chat_id) if fragment in (m.get("text") or ""))


async def test_a_persistent_502_on_one_officer_stops_nobody_and_the_admin_sees_real_counts(
    bot: BotRuntime, api: FakeBotApi
) -> None:
    admin = SimUser(api, ADMIN_ID, "Văn phòng")
    await admin.send("/start")
    officers = []
    for number, unit in enumerate(UNITS, 1):
        user = SimUser(api, 1000 + number, f"Cán bộ {number}")
        await user.send("/toi")
        officers.append((user, await f.officer(bot.db, user.user_id, unit, NOW)))
    broken = officers[1][0]
    api.fail_always(broken.chat_id, "502")
    await converse(
        admin,
        [
            ("/chuanop", "Báo cáo sơ kết"),
            (Press("Báo cáo sơ kết"), "Gửi nhắc tất cả"),
            (Press("Gửi nhắc tất cả"), "4 đơn vị có tài khoản"),
            (Press("📣 Gửi nhắc"), ["Đang gửi nhắc việc", "tới 4 đơn vị (4 tài khoản)"]),
        ],
    )
    result = await api.wait_for_message(ADMIN_ID, lambda m: "Kết quả nhắc việc" in m.get("text", ""), timeout=15)
    for fragment in (
        "đã nhắc được 3/4 đơn vị",
        "Đã gửi tới: 3 tài khoản",
        "Không liên lạc được (đã chặn bot hoặc chưa mở bot): 0",
        "Lỗi, chưa gửi được: 1",
        "Chưa rõ đã nhận hay chưa (bot không gửi lại): 0",
    ):
        assert fragment in result["text"], result["text"]
    assert [received(api, user.chat_id, MANUAL) for user, _ in officers] == [1, 0, 1, 1]
    round_id = await round_for(bot.db, "II.1")
    async with bot.db.transaction() as s:
        rows = (await s.scalars(select(ReminderDelivery).where(ReminderDelivery.kind == "manual"))).all()
    by_unit = {r.unit_id: r for r in rows}
    states = [(by_unit[actor.unit_id].status, by_unit[actor.unit_id].recipients) for _, actor in officers]
    assert states == [
        (DeliveryStatus.SENT, 1),
        (DeliveryStatus.FAILED, 0),
        (DeliveryStatus.SENT, 1),
        (DeliveryStatus.SENT, 1),
    ]
    assert "Bad Gateway" in (by_unit[officers[1][1].unit_id].error or "")
    # The automatic engine, the same day: the three reminded units are skipped, the failed one is not.
    api.heal(broken.chat_id)
    engine = reminder_engine(bot.settings, bot.db, outbound_router(bot.settings, bot.application.bot), bot.clock)
    await engine.sweep(SWEEP)
    async with bot.db.transaction() as s:
        automatic = (
            await s.scalars(
                select(ReminderDelivery).where(
                    ReminderDelivery.round_id == round_id,
                    ReminderDelivery.kind == "after",
                    ReminderDelivery.slot_date == SWEEP.date(),
                )
            )
        ).all()
    outcome = {r.unit_id: (r.status, r.error) for r in automatic}
    assert [outcome[actor.unit_id] for _, actor in officers] == [
        (DeliveryStatus.SKIPPED, "manual"),
        (DeliveryStatus.SENT, None),
        (DeliveryStatus.SKIPPED, "manual"),
        (DeliveryStatus.SKIPPED, "manual"),
    ]
    assert received(api, broken.chat_id, "Báo cáo sơ kết") == 1
