"""/kybaocao and /xuat as the Office lives them, through the real PTB stack and the fake Bot API.

The clock is Wednesday 12/06/2024 09:00 in Hà Nội; the default 2024 plan has opened seven rounds.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from services import rounds as round_service
from services import submissions
from services.uploads import StoredUpload
from storage.models import AuditEntry, Obligation, Round, RoundStatus
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, converse, make_settings, running_bot, texts

NOW = datetime(2024, 6, 12, 2, 0, tzinfo=UTC)


@pytest.fixture
def admin(api: FakeBotApi) -> SimUser:
    """The Office's admin. A press is answered at once and edited after the transaction: on a loaded
    machine that can take longer than the default quiet time, so wait a little longer for the edit."""
    return SimUser(api, ADMIN_ID, "Văn phòng", settle=0.3)


@pytest.fixture
async def june(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, make_settings(tmp_path), clock=FixedClock(NOW)) as runtime:
        yield runtime


async def round_named(runtime: BotRuntime, prefix: str) -> Round:
    async with runtime.db.transaction() as s:
        return (await s.scalars(select(Round).where(Round.name.startswith(prefix)))).one()


async def owing(runtime: BotRuntime, round_id: int) -> int:
    async with runtime.db.transaction() as s:
        return len((await s.scalars(select(Obligation).where(Obligation.round_id == round_id))).all())


async def audited(runtime: BotRuntime, outcome: str = "ok") -> list[str]:
    async with runtime.db.transaction() as s:
        rows = await s.scalars(select(AuditEntry).where(AuditEntry.outcome == outcome).order_by(AuditEntry.id))
        return [row.action for row in rows]


async def test_create_a_round_by_groups_cluster_and_single_units(
    june: BotRuntime, api: FakeBotApi, admin: SimUser
) -> None:
    await converse(
        admin,
        [
            ("/kybaocao", ["Kỳ báo cáo: 7 đang mở, 0 đã đóng", "🟢 Đăng ký thi đua năm 2024", "Tạo kỳ báo cáo mới"]),
            (Press("Tạo kỳ báo cáo mới"), "bước 1/3"),
            ("   ", "không được để trống"),
            ("Báo cáo nhanh  quý II", ["Đơn vị phải nộp — Báo cáo nhanh quý II", "Đã chọn: 0 đơn vị"]),
            ("Thanh tra sở", "chọn bằng các nút"),  # text where a button is expected
            (Press("Tiếp tục"), "Chưa chọn đơn vị nào"),
            (
                Press("Thanh tra sở (17)"),
                ["Đã chọn: 17 đơn vị", "✅ Thanh tra sở (17)", "Thanh tra sở, ban, ngành: 17"],
            ),
            (Press("Thành viên một cụm"), ["năm 2024", "Cụm thi đua số 1 - Thanh tra các huyện, thành phố (11"]),
            (Press("Cụm thi đua số 1"), "✅ Cụm thi đua số 1"),
            (Press("Quay lại"), ["Đã chọn: 28 đơn vị", "✅ Thanh tra huyện (11)"]),
            (Press("Chọn từng đơn vị"), ["đã chọn 28", "Trang 1/4", "▫️ Văn phòng Thanh tra tỉnh"]),
            (Press("Phòng Nghiệp vụ 1"), ["đã chọn 29", "✅ Phòng Nghiệp vụ 1"]),
            (Press("Sau ›"), ["Trang 2/4", "✅ Thanh tra Sở Nội vụ"]),
            (Press("Xong"), ["Đã chọn: 29 đơn vị", "Phòng nghiệp vụ: 1", "Tiếp tục ▶ (29 đơn vị)"]),
            (Press("Tiếp tục"), ["Bước 3/3", "«15/7/2024»", "«thứ sáu tuần sau»"]),
            ("hôm qua kia", ["chưa hiểu thời hạn «hôm qua kia»", "«cuối tháng 7»"]),
            ("1/6/2024", "Hạn nộp phải sau thời điểm hiện tại"),
            ("thứ sáu tuần sau", ["Hạn nộp: 17:00 thứ Sáu, 21/06/2024. Xác nhận?", "Đúng", "Nhập lại"]),
            ("để tôi xem đã", ["chọn bằng các nút", "Đúng", "Nhập lại"]),  # a choice, not text, is asked
            (Press("Nhập lại"), "Đồng chí nhập hạn nộp"),
            ("17 giờ ngày 12/7/2024", "Hạn nộp: 17:00 thứ Sáu, 12/07/2024. Xác nhận?"),
            (
                "đúng",  # a choice's label typed out is that choice
                [
                    "Đã tạo kỳ báo cáo «Báo cáo nhanh quý II»: 29 đơn vị phải nộp, hạn nộp 17:00 thứ Sáu, 12/07/2024",
                    "Đơn vị phải nộp: 29 — đã nộp 0",
                ],
            ),
        ],
    )
    # The confirmation pressed a second time (a double tap that raced the edit) changes nothing.
    api.user_presses(admin.user_id, admin.last_message["message_id"], "kb:y", forged=True)  # type: ignore[index]
    assert "không còn hiệu lực" in (await api.wait_for_message(admin.chat_id, timeout=5)).get("text", "")
    created = await round_named(june, "Báo cáo nhanh")
    assert created.deadline == datetime(2024, 7, 12, 10, 0, tzinfo=UTC) and created.year == 2024
    assert await owing(june, created.id) == 29
    assert (await audited(june)).count("round.create") == 1


async def test_edit_a_round_keeps_units_that_submitted(june: BotRuntime, admin: SimUser) -> None:
    six_months = await round_named(june, "Báo cáo sơ kết")
    officer = await f.officer(june.db, 1001, "TTH-CL", NOW)
    pdf = StoredUpload(sha256="c" * 64, file_name="so-ket.pdf", mime_type="application/pdf", size=10, label="PDF")
    async with june.db.transaction() as s:
        await submissions.submit(s, officer, six_months.id, [pdf], None, NOW)
    await admin.send("/kybaocao")
    await converse(
        admin,
        [
            (
                Press("Báo cáo sơ kết"),
                ["Mục kế hoạch: II.1", "Hạn nộp: 17:00 thứ Hai, 10/06/2024", "31 — đã nộp 1 (muộn 1), chưa nộp 30"],
            ),
            (Press("Đổi tên"), "nhập tên mới"),
            ("Báo cáo sơ kết 6 tháng năm 2024", ["Đã đổi tên kỳ báo cáo thành «Báo cáo sơ kết 6 tháng năm 2024»"]),
            (Press("Đổi hạn nộp"), "nhập hạn nộp cho kỳ «Báo cáo sơ kết 6 tháng năm 2024»"),
            ("30/6/2024", "Hạn nộp: 17:00 Chủ nhật, 30/06/2024. Xác nhận?"),
            (Press("Đúng"), ["Đã đổi hạn nộp", "Hạn nộp: 17:00 Chủ nhật, 30/06/2024"]),
            (Press("Đơn vị phải nộp"), ["Đã chọn: 31 đơn vị", "✅ Thanh tra huyện (11)"]),
            (Press("Thanh tra huyện"), "Đã chọn: 20 đơn vị"),
            (
                Press("Lưu"),
                ["thêm 0, bỏ 10 đơn vị", "Giữ lại 1 đơn vị đã nộp văn bản", "Đơn vị phải nộp: 21 — đã nộp 1"],
            ),
            (Press("Đóng kỳ báo cáo"), ["Đã đóng kỳ báo cáo", "đã đóng", "Mở lại"]),
            (Press("Mở lại"), ["Đã mở lại", "đang nhận văn bản"]),
            (Press("Danh sách kỳ báo cáo"), "7 đang mở"),
        ],
    )
    changed = await round_named(june, "Báo cáo sơ kết 6 tháng năm 2024")
    assert changed.status == RoundStatus.OPEN and changed.deadline == datetime(2024, 6, 30, 10, 0, tzinfo=UTC)
    assert await owing(june, changed.id) == 21
    actions = await audited(june)
    assert [a for a in actions if a.startswith("round.")] == [
        "round.rename",
        "round.deadline",
        "round.units",
        "round.status",
        "round.status",
    ]


async def test_cancel_and_a_list_of_many_rounds(june: BotRuntime, admin: SimUser) -> None:
    await converse(
        admin,
        [
            ("/kybaocao", "Tạo kỳ báo cáo mới"),
            (Press("Tạo kỳ báo cáo mới"), "bước 1/3"),
            ("Kỳ sẽ hủy", "Đã chọn: 0"),
            (Press("Tất cả đơn vị"), "Đã chọn: 36 đơn vị"),
            (Press("Bỏ chọn tất cả"), "Đã chọn: 0 đơn vị"),
            (Press("Hủy"), "Đã hủy, không có thay đổi nào"),
        ],
    )
    boss = await f.newcomer(june.db, 9001, NOW)
    async with june.db.transaction() as s:
        for number in range(3):
            await round_service.create(
                s,
                boss,
                name=f"Kỳ thêm {number}",
                deadline=NOW.replace(month=9),
                unit_ids=[1],
                now=NOW,
                tz=june.settings.tz,
            )
    await converse(admin, [("/kybaocao", ["10 đang mở", "trang 1/2", "Sau ›"]), (Press("Sau ›"), "trang 2/2")])
    async with june.db.transaction() as s:
        assert (await s.scalars(select(Round).where(Round.name == "Kỳ sẽ hủy"))).first() is None


async def test_non_admins_and_forged_buttons_change_nothing(june: BotRuntime, api: FakeBotApi, admin: SimUser) -> None:
    officer = SimUser(api, 1001, "Lan", settle=0.3)
    await converse(officer, [("/kybaocao", "không có quyền"), ("/xuat", "không có quyền")])
    message_id = officer.last_message["message_id"]  # type: ignore[index]
    for forged in ("kb:r:1", "kb:cl:1", "kb:new", "ku:g:all", "kb:y"):
        api.user_presses(officer.user_id, message_id, forged, forged=True)
        await api.wait_for_message(officer.chat_id, timeout=5)
    assert {"round.view"} <= set(await audited(june, "denied"))

    await admin.send("/kybaocao")
    message_id = admin.last_message["message_id"]  # type: ignore[index]
    for forged, answer in (
        ("kb:r:999999", "Không tìm thấy kỳ báo cáo"),
        ("kb:cl:999999", "Không tìm thấy kỳ báo cáo"),
        ("kb:un:999999", "Không tìm thấy kỳ báo cáo"),
        ("kb:l:abc", "không còn hiệu lực"),
        ("kb:y", "không còn hiệu lực"),
        ("ku:t:1:1", "không còn hiệu lực"),  # a selection button outside the selection step
        ("kb:zz:1", "không còn hiệu lực"),
    ):
        api.user_presses(admin.user_id, message_id, forged, forged=True)
        reply = await api.wait_for_message(admin.chat_id, timeout=5)
        assert answer in (reply or {}).get("text", ""), (forged, reply)
    await converse(admin, [(Press("Tạo kỳ báo cáo mới"), "bước 1/3"), ("Kỳ thử", "Đã chọn: 0")])
    message_id = admin.last_message["message_id"]  # type: ignore[index]
    for forged, answer in (("ku:t:999999:1", "Không tìm thấy đơn vị"), ("ku:c:999999", "Không tìm thấy đơn vị")):
        api.user_presses(admin.user_id, message_id, forged, forged=True)
        reply = await api.wait_for_message(admin.chat_id, timeout=5)
        assert answer in (reply or {}).get("text", ""), (forged, reply)
    await converse(admin, [(Press("Thanh tra sở"), "Đã chọn: 17 đơn vị")])  # the dialog survived the forgeries
    async with june.db.transaction() as s:
        statuses = set((await s.scalars(select(Round.status))).all())
    assert statuses == {RoundStatus.OPEN}


async def test_export_is_sent_as_a_workbook(june: BotRuntime, api: FakeBotApi, admin: SimUser) -> None:
    await converse(
        admin,
        [
            ("/xuat abc", "Năm không hợp lệ: «abc»"),
            ("/xuat 2030", "Năm 2030 chưa có kỳ báo cáo nào"),
            ("/xuat năm ngoái", "Năm 2023 chưa có kỳ báo cáo nào"),
            ("/xuat năm nay", "thi-dua-2024.xlsx"),
            ("/xuat", ["thi-dua-2024.xlsx", "Tình hình nộp báo cáo năm 2024", "7 kỳ báo cáo"]),
        ],
    )
    document = admin.last_message["document"]  # type: ignore[index]
    workbook = load_workbook(io.BytesIO(api.file_content(document["file_id"])))
    assert workbook.sheetnames == ["Tình hình", "Văn bản đã nộp", "Đơn vị", "Tổng hợp đăng ký thi đua"]
    assert workbook["Tình hình"]["B2"].value == "Chưa nộp"


async def test_a_round_tapped_in_the_list_ends_the_create_step(
    june: BotRuntime, api: FakeBotApi, admin: SimUser
) -> None:
    await converse(
        admin,
        [
            ("/kybaocao", "Tạo kỳ báo cáo mới"),
            (Press("Tạo kỳ báo cáo mới"), "bước 1/3"),
            (Press("Đăng ký thi đua năm 2024"), "Đăng ký thi đua năm 2024"),
            ("Họp giao ban", "Bot chưa hiểu câu hỏi «Họp giao ban»"),
        ],
    )
    assert "Đơn vị phải nộp — Họp giao ban" not in texts(admin)


async def test_owing_units_are_told_of_a_new_round_and_a_moved_deadline(
    june: BotRuntime, api: FakeBotApi, admin: SimUser
) -> None:
    await f.officer(june.db, 1001, "TTH-CL", NOW)  # Thanh tra huyện: owes the new round
    await f.officer(june.db, 1002, "PNV1", NOW)  # a department: does not
    await converse(
        admin,
        [
            ("/kybaocao", "Tạo kỳ báo cáo mới"),
            (Press("Tạo kỳ báo cáo mới"), "bước 1/3"),
            ("Báo cáo nhanh quý III", "Đã chọn: 0"),
            (Press("Thanh tra huyện (11)"), "Đã chọn: 11 đơn vị"),
            (Press("Tiếp tục"), "Bước 3/3"),
            ("12/7/2024", "Xác nhận?"),
            (Press("Đúng"), ["Đã tạo kỳ báo cáo", "Đã báo tới 1 tài khoản"]),
        ],
    )
    told = await api.wait_for_message(1001, lambda m: "Báo cáo nhanh quý III" in m.get("text", ""), timeout=5)
    assert "đề nghị đơn vị nộp «Báo cáo nhanh quý III», hạn nộp 17:00 thứ Sáu, 12/07/2024" in told["text"]
    await converse(
        admin,
        [
            (Press("Đổi hạn nộp"), "nhập hạn nộp"),
            ("19/7/2024", "Xác nhận?"),
            (Press("Đúng"), ["Đã đổi hạn nộp", "Đã báo tới 1 tài khoản"]),
        ],
    )
    moved = await api.wait_for_message(1001, lambda m: "được đổi thành" in m.get("text", ""), timeout=5)
    assert "Hạn nộp «Báo cáo nhanh quý III» được đổi thành 17:00 thứ Sáu, 19/07/2024" in moved["text"]
    assert not any("Báo cáo nhanh" in m.get("text", "") for m in api.messages(1002))
