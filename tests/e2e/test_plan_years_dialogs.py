"""The Office prepares next year's plan in the chat, through the real stack.

The clock stands at 10:00 on Wednesday 04/12/2024: the 2024 plan is in force and December is when
next year's plan is made. An officer of a unit has talked to the bot, so the plan's notice has a
recipient; it must reach them exactly once, with the plan as a workbook.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from storage.models import AuditEntry, PlanStatus, RoundStatus
from storage.repos import rounds as round_repo
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, converse, make_settings, running_bot

NOW = datetime(2024, 12, 4, 3, 0, tzinfo=UTC)


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, make_settings(tmp_path), clock=FixedClock(NOW)) as runtime:
        yield runtime


async def test_next_years_plan_is_made_edited_published_and_announced_once(bot: BotRuntime, api: FakeBotApi) -> None:
    admin = SimUser(api, ADMIN_ID, "Văn phòng")
    unit_officer = SimUser(api, 1001, "Lan")
    await unit_officer.send("/toi")
    await f.officer(bot.db, 1001, "PNV1", NOW)
    await converse(admin, [("/start", ["Đã đến tháng 12", "Lập kế hoạch năm 2025"])])
    await converse(
        admin,
        [
            ("/kehoach", "Lập kế hoạch năm sau"),
            (Press("Lập kế hoạch năm sau"), ["Năm 2024: đang áp dụng", "Lập kế hoạch năm 2025 từ năm 2024"]),
            (
                Press("Lập kế hoạch năm 2025"),
                [
                    "Đã lập bản dự thảo kế hoạch năm 2025 từ kế hoạch năm 2024: 23 nhiệm vụ",
                    # 15/02/2025 is a Saturday; Thanh tra sở/huyện end on 30/06/2025.
                    "I.1: 15/02/2025 → 14/02/2025 (Thứ Bảy)",
                    "IV.3: bỏ Thanh tra các sở, ban, ngành (đã hợp nhất vào Thanh tra tỉnh)",
                    "Dự thảo kế hoạch năm 2025 · Quý I · trang 1/2",
                    "Đăng ký thi đua năm 2025",
                ],
            ),
            (Press("✏️ I.3"), ["Nhiệm vụ I.3", "Đồng chí muốn sửa gì?"]),
            (Press("Thời hạn"), "Nhập thời hạn mới cho nhiệm vụ I.3"),
            ("30/12/2024", "Thời hạn phải thuộc năm 2025 trở đi"),  # a deadline before the plan's year
            ("ngày 20 tháng 3 năm 2025", "Thời hạn mới của nhiệm vụ I.3: 20/03/2025"),
            (Press("Đồng ý"), ["Đã lưu nhiệm vụ I.3", "Hạn: 20/03/2025"]),
            (Press("Quay lại"), "Quý I · trang 1/2"),
            (Press("Công bố kế hoạch"), ["Công bố kế hoạch năm 2025?", "7 kỳ báo cáo sẽ được mở", "tới 2 tài khoản"]),
            (
                Press("📢 Công bố"),
                ["Kế hoạch năm 2025 đã có hiệu lực: mở 7 kỳ báo cáo", "đang được gửi tới 2 tài khoản"],
            ),
        ],
    )
    notice = await api.wait_for_message(unit_officer.chat_id, lambda m: "document" in m)
    assert notice["document"]["file_name"] == "ke-hoach-thi-dua-2025.xlsx" and "năm 2025" in notice["caption"]
    content = api.file_content(notice["document"]["file_id"])
    assert content.startswith(b"PK")  # an .xlsx
    await asyncio.sleep(0.5)
    documents = [c for c in api.sent if c.method == "sendDocument" and c.chat_id == unit_officer.chat_id]
    assert len(documents) == 1
    async with bot.db.transaction() as s:
        plan = await round_repo.plan_by_year(s, 2025)
        assert plan is not None and plan.status == PlanStatus.IN_FORCE
        registration = next(r for r in await round_repo.rounds(s, year=2025) if r.name.startswith("Đăng ký"))
        assert registration.deadline.astimezone(bot.settings.tz).day == 20
        actions = set((await s.scalars(select(AuditEntry.action))).all())
    assert {"plan.new", "plan.edit", "plan.publish", "broadcast.send"} <= actions
    # Closing 2024: what is missing is listed first, then every open round of 2024 is closed.
    await converse(
        admin,
        [
            ("/kehoach", "Lập kế hoạch năm sau"),
            (Press("Lập kế hoạch năm sau"), ["Năm 2024: đã qua", "Năm 2025: đang áp dụng", "Kết thúc năm 2024"]),
            (Press("Kết thúc năm 2024"), ["Kết thúc năm 2024: đóng 7 kỳ báo cáo còn mở", "còn thiếu"]),
            (Press("🏁 Kết thúc năm 2024"), "Đã kết thúc năm 2024: đóng 7 kỳ báo cáo"),
        ],
    )
    async with bot.db.transaction() as s:
        assert all(r.status == RoundStatus.CLOSED for r in await round_repo.rounds(s, year=2024))


async def test_an_officer_cannot_use_the_plan_buttons(bot: BotRuntime, api: FakeBotApi) -> None:
    unit_officer = SimUser(api, 1001, "Lan")
    await unit_officer.send("/toi")
    await f.officer(bot.db, 1001, "PNV1", NOW)
    await converse(unit_officer, [("/kehoach", "QUÝ IV")])
    assert not any("Lập kế hoạch" in b for b in unit_officer.last_buttons)
    api.user_presses(
        unit_officer.user_id, unit_officer.inbox[-1]["message_id"], "ny:new:2025", chat_id=1001, forged=True
    )
    await api.wait_for_message(1001, lambda m: "quyền" in m.get("text", ""))
    async with bot.db.transaction() as s:
        assert await round_repo.plan_by_year(s, 2025) is None


async def test_every_field_is_editable_and_a_stale_preview_cannot_publish(bot: BotRuntime, api: FakeBotApi) -> None:
    first = SimUser(api, ADMIN_ID, "Văn phòng")
    second = SimUser(api, 2, "Phó Văn phòng")
    await second.send("/toi")
    await f.admin(bot.db, 2, NOW)
    await converse(
        first,
        [
            ("/kehoach", "Lập kế hoạch năm sau"),
            (Press("Lập kế hoạch năm sau"), "Lập kế hoạch năm 2025"),
            (Press("Lập kế hoạch năm 2025"), "Quý I · trang 1/2"),
        ],
    )
    # The second admin opens the same draft and reads its first page.
    await converse(
        second,
        [
            ("/kehoach", "Lập kế hoạch năm sau"),
            (Press("Lập kế hoạch năm sau"), "Dự thảo năm 2025"),
            (Press("Dự thảo năm 2025"), "Quý I · trang 1/2"),
        ],
    )
    await converse(
        first,
        [
            (Press("✏️ I.4"), "Nhiệm vụ I.4"),
            (Press("Nội dung"), "Gửi nội dung mới của nhiệm vụ I.4"),
            ("Xây dựng điển hình tiên tiến năm 2025", ["Đã lưu nhiệm vụ I.4", "Xây dựng điển hình tiên tiến năm 2025"]),
            (Press("Chủ trì"), "Chọn đơn vị chủ trì nhiệm vụ I.4"),
            (Press("Các Phòng nghiệp vụ"), ["Đã lưu nhiệm vụ I.4", "Chủ trì: Các Phòng nghiệp vụ"]),
            (Press("Loại"), "Chọn loại của nhiệm vụ I.4"),
            (Press("việc của Văn phòng"), ["Đã lưu nhiệm vụ I.4", "Loại: việc của Văn phòng"]),
            (Press("Đơn vị nộp"), "Chọn các nhóm đơn vị phải nộp nhiệm vụ I.4"),
            (Press("Các cụm thi đua"), "✅ Các cụm thi đua"),
            (Press("Xong"), ["Đã lưu nhiệm vụ I.4", "Cụm thi đua số 1", "(8 đơn vị)"]),
        ],
    )
    # The second admin's page is older than these edits: publishing from it is refused, with the reason.
    await converse(second, [(Press("Công bố kế hoạch"), "vừa được đồng chí khác chỉnh sửa hoặc công bố")])
    async with bot.db.transaction() as s:
        plan = await round_repo.plan_by_year(s, 2025)
        assert plan is not None and plan.status == PlanStatus.DRAFT
        item = next(i for i in await round_repo.plan_items(s, plan.id) if i.ref == "I.4")
        assert (item.kind, item.lead, item.submitters) == ("internal", "PNV", ["CUM", "PNV"])


async def test_a_draft_is_not_shown_to_units(bot: BotRuntime, api: FakeBotApi) -> None:
    async with bot.db.transaction() as s:
        from services import plan_drafts
        from services.reminder_policy import WorkCalendar

        calendar = WorkCalendar(bot.settings.tz, bot.settings.work_day_start, bot.settings.work_day_end)
        await plan_drafts.make_draft(s, None, year=2025, source_year=None, today=NOW.date(), now=NOW, calendar=calendar)
    unit_officer = SimUser(api, 1001, "Lan")
    await unit_officer.send("/toi")
    await f.officer(bot.db, 1001, "PNV1", NOW)
    await converse(unit_officer, [("/kehoach", "năm 2024")])
    api.user_presses(unit_officer.user_id, unit_officer.inbox[-1]["message_id"], "kh:2025:1", chat_id=1001, forged=True)
    await api.wait_for_message(1001, lambda m: "Không tìm thấy kế hoạch này" in m.get("text", ""))


async def test_in_january_last_years_open_rounds_are_shown_with_the_chart(api: FakeBotApi, tmp_path: Path) -> None:
    january = datetime(2025, 1, 15, 3, 0, tzinfo=UTC)  # the 2024 plan is still the one in force
    async with running_bot(api, make_settings(tmp_path), clock=FixedClock(january)) as runtime:
        admin = SimUser(api, ADMIN_ID, "Văn phòng")
        await converse(admin, [("/start", "Văn phòng")])
        await converse(admin, [("/tinhhinh", ["Báo cáo sơ kết công tác thi đua", "Đăng ký thi đua năm 2024"])])
        assert "không có kỳ báo cáo nào đang mở" not in admin.inbox[-1].get("text", "")
        chart = await api.wait_for_message(ADMIN_ID, lambda m: "photo" in m)
        assert chart["caption"].startswith("📊")
        async with runtime.db.transaction() as s:
            assert len(await round_repo.rounds(s, year=2024, status=RoundStatus.OPEN)) == 7
