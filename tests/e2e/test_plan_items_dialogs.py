"""Plan items that act, through the real PTB stack and the fake Bot API: the council's invitation from the
sweep's prompt to the answers, the eve reminder and the attendance list; the Office checklist."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from storage.models import AuditEntry, ItemState, PlanItemAction
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, Upload, converse, make_settings, running_bot
from tests.e2e.officer_helpers import button_data, forge
from tests.reminder_helpers import local


def sent_to(api: FakeBotApi, chat_id: int, fragment: str) -> list[str]:
    return [
        str(call.params.get("text") or "")
        for call in api.sent
        if call.method == "sendMessage" and call.chat_id == chat_id and fragment in str(call.params.get("text") or "")
    ]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(local(2024, 12, 9, 7, 0))  # before working hours: nothing due yet


@pytest.fixture
async def live(api: FakeBotApi, tmp_path: Path, clock: FixedClock) -> AsyncIterator[BotRuntime]:
    settings = make_settings(tmp_path, reminder_sweep_seconds=0.2, broadcast_poll_seconds=0.1)
    async with running_bot(api, settings, clock) as runtime:
        yield runtime


async def test_the_council_invitation_from_its_prompt_to_answers_eve_reminder_and_attendance_list(
    api: FakeBotApi, live: BotRuntime, clock: FixedClock, admin: SimUser
) -> None:
    await admin.send("/start")
    await f.officer(live.db, 1001, "PNV1", clock.now())
    await f.officer(live.db, 1002, "PNV2", clock.now())
    lan, hung = SimUser(api, 1001, "Lan"), SimUser(api, 1002, "Hùng")
    clock.at = local(2024, 12, 13, 8, 0)  # seven days before the council meets (IV.5, 20/12)
    prompt = await api.wait_for_message(ADMIN_ID, lambda m: "gửi giấy mời?" in m.get("text", ""), timeout=10)
    assert "Họp xem xét kết quả công tác thi đua khen thưởng" in prompt["text"] and "20/12/2024" in prompt["text"]
    await converse(
        admin,
        [
            (Press("Soạn giấy mời"), ["Soạn giấy mời cho nhiệm vụ IV.5", "Họp xem xét kết quả", "Tiếp tục"]),
            (Press("Tiếp tục"), "phản hồi thế nào"),
            (Press("Hội nghị"), "thời gian họp"),
            ("sau khi có giấy mời", "Chưa đọc được thời gian"),
            ("hôm qua", "đã qua"),  # a meeting in the past is refused
            ("8h ngày 20/12/2024", ["08:00 ngày 20/12/2024", "địa điểm"]),
            ("Hội trường tầng 3, Thanh tra tỉnh", "tới đâu"),
            (Press("Theo nhóm đơn vị"), "Chọn nhóm đơn vị"),
            (
                Press("Phòng nghiệp vụ"),
                ["Thời gian: 08:00 ngày 20/12/2024", "Địa điểm: Hội trường tầng 3", "Tham dự", "Xác nhận gửi"],
            ),
            (Press("Xác nhận gửi"), "Đã xác nhận gửi thông báo số"),
        ],
    )
    await api.wait_for_message(1001, lambda m: "Hội trường tầng 3" in str(m.get("text")), timeout=10)
    await api.wait_for_message(1002, lambda m: "Hội trường tầng 3" in str(m.get("text")), timeout=10)
    await converse(lan, [(Press("Tham dự"), "Tham dự")])
    await converse(hung, [(Press("Vắng mặt"), "Vắng mặt")])
    await converse(
        admin,
        [
            ("/viecvanphong", ["Việc của Văn phòng theo kế hoạch năm 2024", "✅ đã thực hiện IV.5"]),
            (
                Press("IV.5"),
                [
                    "Tình trạng: ✅ đã thực hiện",
                    "Giấy mời: 08:00 ngày 20/12/2024",
                    "Địa điểm: Hội trường tầng 3, Thanh tra tỉnh",
                    "Tham dự 1, cử người thay 0, vắng 1 / 2 đã nhận giấy mời",
                    "User 1001 (Phòng Nghiệp vụ 1): Tham dự",
                    "User 1002 (Phòng Nghiệp vụ 2): Vắng mặt",
                ],
            ),
            (Press("Danh sách tham dự"), "Danh sách tham dự: IV.5"),
        ],
    )
    documents = [c for c in api.sent if c.method == "sendDocument" and c.chat_id == ADMIN_ID]
    assert len(documents) == 1
    await converse(lan, [("/kehoach", ["IV.5.", "Tình trạng: ✅ đã thực hiện · Tham dự 1"])])

    clock.at = local(2024, 12, 19, 8, 0)  # the working day before the meeting
    eve = await api.wait_for_message(1001, lambda m: "Nhắc lịch họp ngày mai" in m.get("text", ""), timeout=10)
    assert "Hội trường tầng 3" in eve["text"] and "08:00 ngày 20/12/2024" in eve["text"]
    clock.at = local(2024, 12, 19, 10, 0)
    await api.wait_for_change(1.0)
    assert len(sent_to(api, 1001, "Nhắc lịch họp")) == 1  # never twice
    assert sent_to(api, 1002, "Nhắc lịch họp") == []  # said they would not come
    assert len(sent_to(api, ADMIN_ID, "gửi giấy mời?")) == 1


async def test_the_office_checklist_owner_done_with_a_file_sent_upward_and_not_done(
    api: FakeBotApi, live: BotRuntime, clock: FixedClock, admin: SimUser
) -> None:
    await admin.send("/start")
    await f.officer(live.db, 1001, "PNV1", clock.now())
    lan = SimUser(api, 1001, "Lan")
    clock.at = local(2024, 12, 9, 8, 0)  # IV.4 (10/12): three days before, moved off the weekend
    await api.wait_for_message(ADMIN_ID, lambda m: "Việc của Văn phòng: Tham mưu" in m.get("text", ""), timeout=10)
    clock.at = local(2024, 12, 9, 7, 0)  # no more sweeps while the Office works
    await converse(
        admin,
        [
            (Press("Mở việc IV.4"), ["IV.4. Tham mưu nội dung", "Tình trạng: ⏳ đến hạn", "Tôi phụ trách"]),
            (Press("Tôi phụ trách"), ["Phụ trách: Văn phòng", "Giao cho"]),
            (Press("Giao cho"), ["cán bộ Văn phòng nào", "Văn phòng"]),
            (Press("Văn phòng"), ["Phụ trách: Văn phòng", "Đã xong"]),  # the only admin
            (Press("Đã xong"), ["ghi chú kết quả", "Không ghi chú"]),
            (
                Upload(b"%PDF-1.4 to trinh", "to-trinh.pdf"),
                ["Đã ghi nhận nhiệm vụ IV.4 hoàn thành", "Tệp: to-trinh.pdf"],
            ),
            (Press("Tải tệp đã ghi nhận"), "Tệp ghi nhận của nhiệm vụ IV.4"),
            ("/viecvanphong", ["✅ đã thực hiện IV.4", "🔜 sắp tới IV.2", "III.3"]),
            (Press("IV.2"), ["báo cáo, trình cấp trên", "Ghi nhận đã gửi cấp trên"]),
            (Press("Ghi nhận đã gửi cấp trên"), "nơi nhận và số văn bản"),
            (
                "Sở Nội vụ, CV số 45/TTr-VP",
                ["Đã ghi nhận nhiệm vụ IV.2 hoàn thành", "Đã gửi: Sở Nội vụ, CV số 45/TTr-VP"],
            ),
            ("/viecvanphong", "IV.6"),
            (Press("IV.6"), "Không thực hiện"),
            (Press("Không thực hiện"), "lý do"),
            ("Chờ quy chế khen thưởng mới", ["không thực hiện", "Ghi chú: Chờ quy chế khen thưởng mới", "Mở lại"]),
        ],
    )
    async with live.db.transaction() as s:
        rows = {a.plan_item_id: a for a in (await s.scalars(select(PlanItemAction))).all()}
        actions = (
            await s.scalars(
                select(AuditEntry.action).where(AuditEntry.action.like("plan_item.%")).order_by(AuditEntry.id)
            )
        ).all()
    assert sorted(a.state for a in rows.values()) == [ItemState.DONE, ItemState.DONE, ItemState.NOT_DONE]
    assert [a.file_name for a in rows.values() if a.file_name] == ["to-trinh.pdf"]
    fetched = [c for c in api.sent if c.method == "sendDocument" and c.chat_id == ADMIN_ID]
    assert len(fetched) == 1
    assert list(actions) == [
        "plan_item.take",
        "plan_item.take",
        "plan_item.done",
        "plan_item.file_read",
        "plan_item.done",
        "plan_item.not_done",
    ]

    # An officer has no checklist, and a forged button changes nothing (and is audited).
    await converse(lan, [("/viecvanphong", "không có quyền")])
    # The admin's button names a choice of the admin's own prompt: pressed by another chat it is stale.
    assert "không còn hiệu lực" in await forge(api, lan, button_data(admin, "Mở lại"))
    # The action itself, forged as raw data, reaches the flow, whose service refuses it.
    not_done = next(a for a in rows.values() if a.state == ItemState.NOT_DONE)
    answer = await forge(api, lan, f"vv:ro:{not_done.plan_item_id}")
    assert "không có quyền" in answer
    async with live.db.transaction() as s:
        still = (await s.scalars(select(PlanItemAction).where(PlanItemAction.state == ItemState.NOT_DONE))).all()
        denied = (await s.scalars(select(AuditEntry).where(AuditEntry.outcome != "ok"))).all()
    assert len(still) == 1
    assert any(d.action == "plan_item.reopen" for d in denied)
