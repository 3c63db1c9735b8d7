"""Emulation registration as officers and the Office live it, through the real stack and the fake Bot API.

The clock is set in March 2024, inside the default plan's registration round (item I.3, due 17:00
15/03/2024), and moved past the deadline where the deadline rule is the point.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser, render
from core.clock import FixedClock
from services import invites
from storage.models import AuditEntry, Obligation, Registration, Round, RoundKind, Submission, SubmissionFile
from storage.repos import units as unit_repo
from tests.e2e.harness import ADMIN_ID, Press, Upload, converse, make_settings, running_bot
from tests.e2e.officer_helpers import is_stale, stored_choice

MARCH_5 = datetime(2024, 3, 5, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội, ten days before the deadline
AFTER_DEADLINE = datetime(2024, 3, 16, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n% ban dang ky thi dua da ky, dong dau\n%%EOF\n"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASTE = """1. Nguyễn Văn An - Trưởng phòng - CSTĐCS
2. Trần Thị Bình - Phó Trưởng phòng - CSTĐCS
3. Lê Văn Cường - Thanh tra viên - LĐTT"""


@dataclass
class World:
    api: FakeBotApi
    bot: BotRuntime
    clock: FixedClock

    async def link(self, user_id: int, name: str, unit_code: str) -> SimUser:
        """An officer linked to the unit through an invite code, as the Office would hand it out."""
        async with self.bot.db.transaction() as s:
            unit = await unit_repo.by_code(s, unit_code)
            assert unit is not None
            issued = await invites.issue(
                s,
                None,
                unit.id,
                self.clock.now(),
                ttl=timedelta(days=60),
                max_uses=1,
                key=self.bot.invite_key,
                label="test",
            )
        user = SimUser(self.api, user_id, name)
        await converse(user, [(f"/start {issued.code}", f"liên kết với {unit.name}")])
        return user

    async def forge(self, user: SimUser, message_id: int, data: str) -> str:
        """Press a button the message does not (or no longer) offer, as a modified client can."""
        mark = self.api.mark(user.chat_id)
        self.api.user_presses(user.user_id, message_id, data, forged=True)
        message = await self.api.wait_for_message(user.chat_id, after=mark, timeout=5)
        return str(message.get("text", ""))

    def document(self, user: SimUser) -> bytes:
        message = user.last_message
        assert message is not None and "document" in message, message
        return self.api.file_content(message["document"]["file_id"])

    async def registration_round(self) -> Round:
        async with self.bot.db.transaction() as s:
            return (await s.scalars(select(Round).where(Round.kind == RoundKind.REGISTRATION))).one()


@pytest.fixture
async def world(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[World]:
    clock = FixedClock(MARCH_5)
    async with running_bot(api, make_settings(tmp_path), clock=clock) as runtime:
        yield World(api, runtime, clock)


def button_data(user: SimUser, label: str) -> tuple[int, str]:
    """The message showing a button, and the button's data: what a replay would send again."""
    for message in reversed(user.inbox):
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if label in button["text"]:
                    return message["message_id"], button["callback_data"]
    raise LookupError(label)


async def test_register_paste_one_by_one_scan_warnings_confirm_then_a_new_version(world: World) -> None:
    officer = await world.link(1001, "Lan", "PNV1")
    await converse(
        officer,
        [
            ("/dangky", ["chọn đợt đăng ký thi đua", "Đăng ký thi đua năm 2024 · hạn 15/03"]),
            ("tùy ý", "chọn bằng các nút"),
            (
                Press("Đăng ký thi đua năm 2024"),
                ["Kính gửi đồng chí Lan", "đề nghị Phòng Nghiệp vụ 1 đăng ký thi đua năm 2024", "15/03/2024"],
            ),
            ("tập thể tốt nhất", "chọn bằng các nút"),  # the label typed out would pick it
            (Press("Tập thể lao động xuất sắc"), ["Danh hiệu thi đua tập thể: Tập thể lao động xuất sắc", "Bằng khen"]),
            (Press("Không đề nghị khen thưởng tập thể"), "tổng số cán bộ"),
            ("mười", "số nguyên từ 1 đến 2000"),
            ("10", "mỗi dòng một người"),
            # A typo in a title: the whole paste is refused, with the line and the closest title.
            (
                "Nguyễn Văn An - Trưởng phòng - CSTĐCCS\nTrần Thị Bình - Phó Trưởng phòng - LĐTT",
                ["có 1 lỗi", "Dòng 1", "Có phải", "CSTĐCS — Chiến sĩ thi đua cơ sở"],
            ),
            ("   ", "Chưa có nội dung"),
            (PASTE, "Đã ghi nhận 3 người. Danh sách hiện có 3 người."),
            (Press("Thêm từng người"), "Họ và tên"),
            ("Lan", "chưa hợp lệ"),
            ("hoàng thị lan", "Chức vụ của đồng chí Hoàng Thị Lan"),
            ("Văn thư", "Danh hiệu thi đua đăng ký cho đồng chí Hoàng Thị Lan"),
            ("LĐTT", "chọn bằng các nút"),
            (Press("Lao động tiên tiến"), "Hình thức khen thưởng đề nghị"),
            (Press("Không đề nghị khen thưởng"), ["Đã thêm: Hoàng Thị Lan – Văn thư – LĐTT", "có 4 người"]),
            (Press("Xong danh sách"), "cam kết, chỉ tiêu"),
            ("Hoàn thành 100% kế hoạch thanh tra năm 2024.", "bản chụp (PDF)"),
            ("đây là bản ký", "bản chụp (PDF)"),
            (
                Upload(b"PK\x03\x04not really", "danh_sach.xlsx", XLSX_MIME),
                "Tệp «danh_sach.xlsx» bị hỏng hoặc không phải tệp XLSX thật",
            ),
            (
                Upload(PDF, "DangKy_PNV1.pdf", "application/pdf"),
                [
                    "Đã nhận bản chụp: DangKy_PNV1.pdf",
                    "kiểm tra, xác nhận nội dung đăng ký",
                    "Danh hiệu thi đua tập thể: Tập thể lao động xuất sắc",
                    "Số cá nhân đăng ký: 4",
                    "• Chiến sĩ thi đua cơ sở: 2",
                    "4. Hoàng Thị Lan – Văn thư – LĐTT",
                    "Cảnh báo (2)",
                    "Đơn vị có 2 cá nhân đăng ký Chiến sĩ thi đua cơ sở, trong khi chỉ có 4 người đăng ký "
                    "Lao động tiên tiến",
                    "15% của 4 người chưa đủ một người",
                    "ít nhất 70% cá nhân đạt Lao động tiên tiến. Hiện đơn vị mới đăng ký 4/10 người (40%)",
                    "Vẫn gửi",
                ],
            ),
            ("gửi", "chọn bằng các nút"),
        ],
    )
    summary_id, send_data = button_data(officer, "Vẫn gửi")
    received = [
        "đã nhận Bản đăng ký thi đua năm 2024 của Phòng Nghiệp vụ 1 lúc 09:00 ngày 05/03/2024",
        "Mã tiếp nhận: BC24-",
    ]
    await converse(officer, [(Press("Vẫn gửi"), received)])
    # A replayed [Gửi] (a double tap, a modified client) finds no confirmation step and sends nothing.
    assert is_stale(await world.forge(officer, summary_id, send_data))

    round_ = await world.registration_round()
    async with world.bot.db.transaction() as s:
        registration = (await s.scalars(select(Registration))).one()
        submission = (await s.scalars(select(Submission))).one()
        obligation = (
            await s.scalars(
                select(Obligation).where(Obligation.round_id == round_.id, Obligation.unit_id == registration.unit_id)
            )
        ).one()
        scan = (await s.scalars(select(SubmissionFile))).one()
        assert (registration.receipt_code, registration.version) == (submission.receipt_code, submission.version)
        assert (obligation.status.value, obligation.versions, obligation.late) == ("submitted", 1, False)
        assert (scan.file_name, scan.mime_type, scan.sha256) == (
            "DangKy_PNV1.pdf",
            "application/pdf",
            registration.scan_sha256,
        )
        assert [w["rule"] for w in registration.warnings] == ["cstdcs_quota", "ttldxs_ldtt_share"]
        assert (registration.collective_title_code, registration.member_count) == ("TTLDXS", 10)
    assert submission.note is not None and "4 cá nhân" in submission.note
    first_code = registration.receipt_code
    # The Office hears of it as it does of a report.
    office = await world.api.wait_for_message(ADMIN_ID, lambda m: "Bản đăng ký" in m.get("text", ""), timeout=5)
    assert (
        office["text"] == f"📥 Phòng Nghiệp vụ 1 đã gửi Bản đăng ký thi đua năm 2024 (lần 1), mã tiếp nhận {first_code}"
    )

    # Editing later is a new version that starts from the one sent.
    await converse(
        officer,
        [
            ("/dangky", "Đăng ký thi đua năm 2024"),
            (Press("Đăng ký thi đua năm 2024"), ["đã gửi Bản đăng ký thi đua năm 2024", first_code]),
            (Press("Tiếp tục"), ["Số cá nhân đăng ký: 4", "DangKy_PNV1.pdf", "Cảnh báo (2)"]),
        ],
    )
    # The old [Gửi] replayed while a new version waits for confirmation: its token is not this one's.
    assert is_stale(await world.forge(officer, summary_id, send_data))
    await converse(
        officer,
        [
            (Press("Sửa"), "muốn sửa phần nào"),
            (Press("Danh hiệu tập thể"), "danh hiệu thi đua tập thể"),
            (Press("Tập thể lao động tiên tiến"), "hình thức khen thưởng"),
            (Press("Giấy khen"), "tổng số cán bộ"),
            (Press("Bỏ qua"), ["Danh hiệu thi đua tập thể: Tập thể lao động tiên tiến", "Giấy khen", "Cảnh báo (1)"]),
            (Press("Vẫn gửi"), ["Mã tiếp nhận: BC24-", "bản đăng ký thứ 2", f"bản trước (mã tiếp nhận {first_code})"]),
        ],
    )
    async with world.bot.db.transaction() as s:
        versions = (await s.scalars(select(Registration).order_by(Registration.version))).all()
        submissions = (await s.scalars(select(Submission).order_by(Submission.version))).all()
        assert [(r.version, r.status.value) for r in versions] == [(1, "superseded"), (2, "submitted")]
        assert [r.receipt_code for r in versions] == [s_.receipt_code for s_ in submissions]
        assert versions[1].collective_award_code == "GK_CTT" and versions[1].scan_sha256 == versions[0].scan_sha256


async def test_a_send_button_for_the_registration_round_leads_to_dangky(world: World) -> None:
    """Registration goes through /dangky, never /nopbaocao: its list leaves the round out, /nhiemvu's button
    and an old reminder's "Nộp báo cáo" (sb:r) both lead to /dangky on that round."""
    officer = await world.link(1001, "Lan", "PNV1")
    round_ = await world.registration_round()
    await officer.send("/nopbaocao")
    shown = render(officer.inbox[-1])
    assert "Nộp báo cáo" in shown or "không có kỳ báo cáo nào cần nộp" in shown
    assert "Đăng ký thi đua năm 2024" not in shown
    await converse(officer, [("/nhiemvu", ["Đăng ký thi đua năm 2024", "📝 Đăng ký thi đua"])])
    tasks_id = officer.inbox[-1]["message_id"]
    assert button_data(officer, "📝 Đăng ký thi đua")[0] == tasks_id
    assert await stored_choice(world.bot.db, officer.chat_id, "📝 Đăng ký thi đua") == f"rg:go:{round_.id}"

    # The button a reminder carries for a report round, pressed for the registration round.
    assert "là đợt đăng ký thi đua" in await world.forge(officer, tasks_id, f"sb:r:{round_.id}")
    assert "Đơn vị đăng ký bằng lệnh /dangky" in render(officer.inbox[-1])
    redirect_id = officer.inbox[-1]["message_id"]
    assert button_data(officer, "📝 Đăng ký thi đua")[0] == redirect_id
    assert await stored_choice(world.bot.db, officer.chat_id, "📝 Đăng ký thi đua") == f"rg:go:{round_.id}"
    await converse(
        officer,
        [
            (Press("📝 Đăng ký thi đua"), ["Kính gửi đồng chí Lan", "đề nghị Phòng Nghiệp vụ 1 đăng ký thi đua"]),
            (Press("Tập thể lao động xuất sắc"), "Danh hiệu thi đua tập thể: Tập thể lao động xuất sắc"),
        ],
    )
    # The pressed messages stay as they were: /dangky went on in a message of its own.
    texts = {m["message_id"]: render(m) for m in officer.inbox}
    assert "Đăng ký thi đua năm 2024" in texts[tasks_id] and "là đợt đăng ký thi đua" in texts[redirect_id]
    # Pressed again mid-draft, the entry button keeps the draft; a forged round finds nothing.
    assert "soạn dở bản đăng ký thi đua" in await world.forge(officer, tasks_id, f"rg:go:{round_.id}")
    await converse(officer, [("/huy", "")])
    async with world.bot.db.transaction() as s:
        report = (await s.scalars(select(Round).where(Round.kind != RoundKind.REGISTRATION))).first()
    assert report is not None
    assert "không phải nộp kỳ báo cáo này" in await world.forge(officer, tasks_id, f"rg:go:{report.id}")
    assert "không phải nộp kỳ báo cáo này" in await world.forge(officer, tasks_id, "rg:go:999999")


async def test_excel_template_round_trip_and_bad_lists(world: World) -> None:
    officer = await world.link(1002, "Hà", "TTS-KHDT")
    await converse(officer, [("/maudangky", "Mau_dang_ky_thi_dua.xlsx")])
    template = load_workbook(io.BytesIO(world.document(officer)))
    sheet = template["Danh sách"]
    assert sheet["A2"].value == "Đơn vị: Thanh tra Sở Kế hoạch và Đầu tư"
    sheet["B5"], sheet["C5"], sheet["D5"] = "Vi Văn Đức", "Chánh Thanh tra", "CSTĐCS"
    sheet["B6"], sheet["C6"], sheet["D6"] = "Lương Thị Hoa", "Thanh tra viên", "LDTTT"
    sheet["B7"], sheet["C7"], sheet["D7"], sheet["E7"] = "Hứa Văn Khánh", "Thanh tra viên", "LĐTT", "Giấy khen"
    broken = io.BytesIO()
    template.save(broken)
    sheet["D6"] = "Lao động tiên tiến"
    fixed = io.BytesIO()
    template.save(fixed)
    stranger = io.BytesIO()
    Workbook().save(stranger)
    too_long = "\n".join("Lê An - LĐTT" for _ in range(300))
    assert len(too_long) < 4096  # it fits in one Telegram message, and is still refused as a whole

    await converse(
        officer,
        [
            ("/dangky", "Đăng ký thi đua năm 2024"),
            (Press("Đăng ký thi đua năm 2024"), "Thanh tra Sở Kế hoạch và Đầu tư"),
            (Press("Không đăng ký danh hiệu tập thể"), "hình thức khen thưởng"),
            (Press("Không đề nghị khen thưởng tập thể"), "mỗi dòng một người"),
            (Press("Xong danh sách"), "chưa có danh hiệu thi đua tập thể và chưa có cá nhân nào"),
            (Upload(stranger.getvalue(), "ds.xlsx", XLSX_MIME), "không phải mẫu đăng ký thi đua của bot"),
            (Upload(broken.getvalue(), "ds.xlsx", XLSX_MIME), ["có 1 lỗi (số dòng theo tệp Excel)", "Dòng 6", "LDTTT"]),
            (Upload(PDF, "ds.pdf", "application/pdf"), "Đề nghị gửi tệp Excel (.xlsx) theo mẫu"),
            (too_long, ["300 dòng, vượt quá 200 dòng", "/maudangky"]),
            (Upload(fixed.getvalue(), "ds.xlsx", XLSX_MIME), "Đã ghi nhận 3 người từ tệp Excel"),
            (PASTE, "Danh sách hiện có 6 người"),
            (Upload(fixed.getvalue(), "ds.xlsx", XLSX_MIME), "Danh sách hiện có 3 người"),  # the file is the list
            (Press("Xong danh sách"), "cam kết"),
            (Press("Bỏ qua"), "bản chụp"),
        ],
    )
    # The signed registration photographed rather than scanned: a photo is taken as the scan.
    mark = world.api.mark(officer.chat_id)
    world.api.user_sends_photo(officer.user_id, b"\xff\xd8\xff\xe0 anh chup ban dang ky", first_name="Hà")
    summary = await world.api.wait_for_message(officer.chat_id, lambda m: "Cảnh báo" in m.get("text", ""), after=mark)
    for fragment in (
        "Bản ký, đóng dấu: anh.jpg",
        "Danh hiệu thi đua tập thể: Không đăng ký",
        "2. Lương Thị Hoa – Thanh tra viên – LĐTT",
        "3. Hứa Văn Khánh – Thanh tra viên – LĐTT + Giấy khen",
        "Cảnh báo (1)",
    ):
        assert fragment in summary["text"]
    await converse(officer, [("/huy", "Đã hủy")])
    async with world.bot.db.transaction() as s:
        assert (await s.scalars(select(Registration))).all() == []
        assert (await s.scalars(select(Submission))).all() == []


async def test_deadline_reopen_office_view_cluster_head_and_forged_buttons(world: World) -> None:
    api = world.api
    member = await world.link(1003, "Sơn", "TTS-KHDT")  # cluster 2, whose head is Thanh tra Sở Tài chính
    await converse(
        member,
        [
            ("/dangky", "Đăng ký thi đua năm 2024"),
            (Press("Đăng ký thi đua năm 2024"), "danh hiệu thi đua tập thể"),
            (Press("Tập thể lao động tiên tiến"), "hình thức khen thưởng"),
            (Press("Không đề nghị khen thưởng tập thể"), "tổng số cán bộ"),
            ("5", "mỗi dòng"),
            (PASTE, "3 người"),
            (Press("Xong danh sách"), "cam kết"),
            ("Không để cán bộ vi phạm kỷ luật.", "bản chụp"),
            (Upload(PDF, "KHDT.pdf", "application/pdf"), "Cảnh báo (1)"),
            (Press("Vẫn gửi"), "Mã tiếp nhận"),
        ],
    )
    late = await world.link(1004, "Tùng", "TTS-XD")
    head = await world.link(1005, "Hải", "TTS-TC")
    round_ = await world.registration_round()

    world.clock.at = AFTER_DEADLINE
    await converse(
        late,
        [("/dangky", "hạn 15/03"), (Press("Đăng ký thi đua năm 2024"), "Đã hết hạn đăng ký thi đua năm 2024")],
    )
    message_id = late.last_message["message_id"]  # type: ignore[index]
    # Forged buttons: a round the unit does not owe, another unit's registration, the Office's buttons.
    assert "không phải nộp" in await world.forge(late, message_id, "rg:r:999999")
    assert "không phải nộp" in await world.forge(late, message_id, f"rg:r:{round_.id + 1}")
    assert is_stale(await world.forge(late, message_id, "rg:send:abc"))
    assert "không có quyền" in await world.forge(late, message_id, f"ro:u:{round_.id}:1")
    assert "không có quyền" in await world.forge(late, message_id, f"ro:re:{round_.id}:1")
    await converse(late, [("/dangkythidua", "Chỉ đơn vị Cụm trưởng")])

    admin = SimUser(api, ADMIN_ID, "Văn phòng")
    await converse(
        admin,
        [
            (
                "/dangkythidua",
                [
                    "Đăng ký thi đua năm 2024",
                    "Đã đăng ký: 1/",
                    "• Chiến sĩ thi đua cơ sở: 2",
                    "• Tập thể lao động tiên tiến: 1",
                ],
            ),
            (
                Press("Chưa đăng ký"),
                ["DANH SÁCH ĐƠN VỊ CHƯA ĐĂNG KÝ THI ĐUA NĂM 2024", "Thanh tra Sở Xây dựng", "Nút chọn đơn vị: trang 1"],
            ),
        ],
    )
    # The units' buttons come a page at a time (the list itself stays whole in the text).
    assert len(admin.last_buttons) <= 10 + 2 and "Trang sau ›" in admin.last_buttons
    while not any("Thanh tra Sở Xây dựng" in label for label in admin.last_buttons):
        await converse(admin, [(Press("Trang sau ›"), "Nút chọn đơn vị: trang")])
    await converse(
        admin,
        [
            (Press("Thanh tra Sở Xây dựng"), "Chưa gửi Bản đăng ký thi đua năm 2024"),
            (Press("Mở lại"), ["thời hạn mở lại", "Thanh tra Sở Xây dựng"]),
            ("abc xyz", "Không nhận ra thời hạn"),
            ("10/3/2024", "phải sau thời điểm hiện tại"),
            ("20/3/2024", "đến 17:00 thứ Tư, 20/03/2024?"),
            (
                Press("Xác nhận"),
                "Đã mở lại việc đăng ký thi đua cho Thanh tra Sở Xây dựng đến 17:00 thứ Tư, 20/03/2024",
            ),
        ],
    )
    assert "Văn phòng Thanh tra tỉnh đã mở lại việc đăng ký thi đua năm 2024" in (late.last_text or "")
    await converse(late, [("/dangky", "hạn 20/03"), (Press("Đăng ký thi đua năm 2024"), "danh hiệu thi đua tập thể")])

    await converse(
        admin,
        [
            ("/dangkythidua", "Đã đăng ký: 1/"),
            (Press("Đã đăng ký"), "Thanh tra Sở Kế hoạch và Đầu tư · 3 người"),
            (
                Press("Thanh tra Sở Kế hoạch và Đầu tư"),
                [
                    "Mã tiếp nhận: BC24-",
                    "bởi Sơn",
                    "Tổng số cán bộ: 5",
                    "Cam kết: Không để cán bộ vi phạm kỷ luật.",
                    "1. Nguyễn Văn An – Trưởng phòng – CSTĐCS",
                    "Cảnh báo (1)",
                ],
            ),
            (Press("Bản ký, đóng dấu"), ["[file] KHDT.pdf", "Thanh tra Sở Kế hoạch và Đầu tư: Bản đăng ký thi đua"]),
        ],
    )
    assert world.document(admin) == PDF
    await converse(
        admin, [("/dangkythidua", "Đã đăng ký"), (Press("Xuất Excel"), "Tong_hop_dang_ky_thi_dua_2024.xlsx")]
    )
    register = load_workbook(io.BytesIO(world.document(admin)))["Tổng hợp đăng ký thi đua"]
    rows = [[c.value for c in row] for row in register.iter_rows(min_row=4)]
    assert [row[1:4] for row in rows] == [
        ["Thanh tra Sở Kế hoạch và Đầu tư", "Tập thể", "Thanh tra Sở Kế hoạch và Đầu tư"],
        ["Thanh tra Sở Kế hoạch và Đầu tư", "Cá nhân", "Nguyễn Văn An"],
        ["Thanh tra Sở Kế hoạch và Đầu tư", "Cá nhân", "Trần Thị Bình"],
        ["Thanh tra Sở Kế hoạch và Đầu tư", "Cá nhân", "Lê Văn Cường"],
    ]
    assert rows[0][5] == "Tập thể lao động tiên tiến" and "15% của 3 người chưa đủ một người" in rows[0][11]

    await converse(
        head,
        [
            ("/dangky", "Cụm của tôi"),
            (
                Press("Cụm của tôi"),
                [
                    "Tình hình đăng ký thi đua năm 2024 — Cụm thi đua số 2 - Thanh tra các sở",
                    "Đã đăng ký: 1/9 đơn vị",
                    "✅ Thanh tra Sở Kế hoạch và Đầu tư — đã đăng ký",
                    "⏳ Thanh tra Sở Xây dựng — chưa đăng ký",
                ],
            ),
            ("/dangkythidua", "⏳ Thanh tra Sở Tài chính — chưa đăng ký"),
        ],
    )
    async with world.bot.db.transaction() as s:
        audit = (await s.scalars(select(AuditEntry).where(AuditEntry.action.like("registration.%")))).all()
    outcomes = sorted((entry.action, entry.outcome) for entry in audit)
    assert ("registration.reopen", "ok") in outcomes
    assert ("registration.view", "denied") in outcomes and ("registration.reopen", "denied") in outcomes
    assert ("registration.cluster", "denied") in outcomes
