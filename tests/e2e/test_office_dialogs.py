"""The Office's views through the real stack: /tinhhinh with its chart, /chuanop and reminders, review.

The clock stands at 09:00 on Wednesday 12/06/2024 in Hà Nội; the 6-month report (II.1) was due on
10/06 at 17:00, so it is two days overdue. State is set up through the services in a transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select

from bot.app import BotRuntime
from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from core.clock import FixedClock
from services import rounds
from services.actors import Actor
from services.uploads import StoredUpload
from storage.files import FileStore
from storage.models import AuditEntry, Obligation, ReminderDelivery, Unit, UnitKind
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, converse, make_settings, running_bot
from tests.office_helpers import leader, review, round_for, submit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 12, 2, 0, tzinfo=UTC)
PDF_BYTES = b"%PDF-1.4\n" + b"bao cao so ket 6 thang " * 200 + b"\n%%EOF\n"
SIX_MONTHS = "Báo cáo sơ kết"


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotRuntime]:
    async with running_bot(api, make_settings(tmp_path), clock=FixedClock(NOW)) as runtime:
        yield runtime


@dataclass
class Office:
    runtime: BotRuntime
    api: FakeBotApi
    admin: SimUser
    boss: Actor
    round_id: int

    async def linked(self, user_id: int, name: str, unit: str) -> tuple[SimUser, Actor]:
        """A chat user who has talked to the bot, linked to ``unit`` as its officer."""
        user = SimUser(self.api, user_id, name)
        await user.send("/toi")
        return user, await f.officer(self.runtime.db, user_id, unit, NOW)

    async def upload(self) -> StoredUpload:
        sha = await FileStore(self.runtime.settings.files_dir).put(PDF_BYTES)
        return StoredUpload(sha, "bao-cao-6-thang.pdf", "application/pdf", len(PDF_BYTES), "PDF")


@pytest.fixture
async def office(bot: BotRuntime, api: FakeBotApi) -> Office:
    admin = SimUser(api, ADMIN_ID, "Văn phòng")
    await admin.send("/start")
    boss = await f.reload(bot.db, await f.newcomer(bot.db, ADMIN_ID, NOW, name="Văn phòng"))
    return Office(bot, api, admin, boss, await round_for(bot.db, "II.1"))


async def test_tinhhinh_sends_the_summary_and_a_chart_to_admins_and_leaders(office: Office, officer: SimUser) -> None:
    db = office.runtime.db
    _, cao_loc_actor = await office.linked(1002, "Hà", "TTH-CL")
    receipt = await submit(db, cao_loc_actor, office.round_id, NOW)
    await review(db, office.boss, receipt.submission.id, NOW, accept=True)
    _, tai_chinh = await office.linked(1004, "Minh", "TTS-TC")
    await submit(db, tai_chinh, office.round_id, NOW)
    await converse(
        office.admin,
        [
            (
                "/tinhhinh",
                [
                    "TÌNH HÌNH NỘP BÁO CÁO (tính đến 09:00 ngày 12/06/2024)",
                    "Hạn nộp: 17:00 10/06/2024 (quá hạn 2 ngày)",
                    "Tổng hợp: Đã nộp 2/31 đơn vị; chưa nộp 29; bị trả lại, chờ bổ sung 0; nộp muộn 2.",
                    "Trong số đã nộp: đúng hạn 0; đã tiếp nhận 1; chờ xem xét 1.",
                    "Danh sách đơn vị chưa nộp",
                ],
            ),
        ],
    )
    chart = await office.api.wait_for_message(ADMIN_ID, lambda m: "photo" in m)  # sent right after the text
    assert chart["caption"].startswith("📊 Biểu đồ tình hình nộp báo cáo các kỳ đang mở (tính đến 09:00")
    photos = [c for c in office.api.sent if c.method == "sendPhoto" and c.chat_id == ADMIN_ID]
    assert len(photos) == 1 and photos[0].message is not None
    png = office.api.file_content(photos[0].message["photo"][-1]["file_id"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    chief = SimUser(office.api, 1003, "Lãnh đạo")
    await chief.send("/toi")
    await leader(db, 1003, NOW)
    await converse(chief, [("/tinhhinh", "Đã nộp 2/31 đơn vị")])
    await office.api.wait_for_message(chief.chat_id, lambda m: "photo" in m)
    await converse(chief, [("/chuanop", "chọn kỳ báo cáo")])
    await converse(chief, [(Press(SIX_MONTHS), ["DANH SÁCH ĐƠN VỊ CHƯA GỬI", "chọn kỳ báo cáo khác"])])
    assert not any("Gửi nhắc" in b for b in chief.last_buttons)  # leaders look; the Office acts
    await converse(officer, [("/tinhhinh", "không có quyền"), ("/chuanop", "không có quyền")])
    async with db.transaction() as s:
        denied = (await s.scalars(select(AuditEntry.action).where(AuditEntry.outcome == "denied"))).all()
    assert {"overview.view"} <= set(denied)


async def test_chuanop_lists_missing_units_and_reminds_them_all(office: Office) -> None:
    db = office.runtime.db
    van_lang, _ = await office.linked(1001, "Lan", "TTH-VL")
    _, cao_loc = await office.linked(1002, "Hà", "TTH-CL")
    await submit(db, cao_loc, office.round_id, NOW)
    await converse(
        office.admin,
        [
            (
                "/chuanop",
                ["Danh sách đơn vị chưa nộp", "Báo cáo sơ kết công tác TĐKT 6 tháng… · hạn 10/06 · 30 chưa nộp"],
            ),
            (
                Press(SIX_MONTHS),
                [
                    "DANH SÁCH ĐƠN VỊ CHƯA GỬI BÁO CÁO SƠ KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG 6 THÁNG ĐẦU NĂM 2024",
                    "(tính đến 09:00 ngày 12/06/2024):",
                    "Thanh tra huyện Văn Lãng (Cụm thi đua số 1 - Thanh tra các huyện, thành phố) – quá hạn 2 ngày\n",
                    "Thanh tra Sở Tài chính (Cụm thi đua số 2 - Thanh tra các sở) – quá hạn 2 ngày · ⚠️ chưa có",
                    "Tổng hợp: Đã nộp 1/31 đơn vị; chưa nộp 30; bị trả lại, chờ bổ sung 0; nộp muộn 1.",
                    "Trang 1/3",
                    "Gửi nhắc tất cả (30)",
                    "Chờ xem xét (1)",
                ],
            ),
            (Press("Trang sau"), ["(edited) Trang 2/3", "11. "]),
            (Press("Gửi nhắc tất cả"), ["Gửi nhắc việc tới tất cả 30 đơn vị chưa nộp", "1 đơn vị có tài khoản"]),
            (
                Press("📣 Gửi nhắc"),
                [
                    "Đang gửi nhắc việc",
                    "tới 1 đơn vị (1 tài khoản)",
                    "29 đơn vị chưa có tài khoản",
                    "đã nhắc được 1/1 đơn vị",
                    "Đã gửi tới: 1 tài khoản",
                ],
            ),
        ],
    )
    reminder = await office.api.wait_for_message(van_lang.chat_id, lambda m: "Nhắc việc" in m.get("text", ""))
    assert (
        "Nhắc việc: Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024 và các báo cáo liên quan "
        "khác liên quan đến công tác thi đua, khen thưởng của Thanh tra huyện Văn Lãng đã quá hạn 2 ngày."
    ) in reminder["text"]
    assert "liên hệ đồng chí Văn phòng" in reminder["text"]
    confirm_id = office.admin.inbox[-1]["message_id"]
    office.api.user_presses(ADMIN_ID, confirm_id, f"cn:ok:{office.round_id}:0", forged=True)  # pressed twice
    await office.api.wait_for_message(ADMIN_ID, lambda m: "vừa được gửi" in m.get("text", ""))
    keyboard = next(m for m in reversed(office.admin.inbox) if "Trang 2/3" in m.get("text", ""))
    # The list's choices were replaced by the confirmation's: its old buttons are stale, nothing runs.
    await office.admin.press("Gửi nhắc tất cả", keyboard)
    await office.api.wait_for_message(ADMIN_ID, lambda m: "Lựa chọn này đã cũ" in m.get("text", ""))
    again = [("/chuanop", SIX_MONTHS), (Press(SIX_MONTHS), "Gửi nhắc tất cả")]
    await converse(
        office.admin,
        [
            *again,
            (Press("Gửi nhắc tất cả"), ["đã gửi nhắc việc kỳ này 1 lần, lần gần nhất lúc 09:00", "chắc chắn"]),
            (Press("Không"), "Đã hủy, không gửi nhắc việc"),
            *again,
            (Press("Gửi nhắc tất cả"), "chắc chắn"),
            (Press("📣 Gửi nhắc"), "tới 1 đơn vị (1 tài khoản)"),
        ],
    )
    async with db.transaction() as s:
        logged = (await s.scalars(select(ReminderDelivery.key))).all()
        audited = (await s.scalars(select(AuditEntry).where(AuditEntry.action == "missing.remind_all"))).all()
    assert len(logged) == 60 and len(audited) == 2
    van_lang_unit = await f.unit_id(db, "TTH-VL")
    assert sorted(k for k in logged if f":u{van_lang_unit}:" in k) == [
        f"r{office.round_id}:u{van_lang_unit}:manual:2024-06-12:1",
        f"r{office.round_id}:u{van_lang_unit}:manual:2024-06-12:2",
    ]
    texts = [m.get("text", "") for m in van_lang.inbox]
    assert sum("Nhắc việc" in text for text in texts) == 2


async def test_review_return_with_reason_and_a_typed_deadline(office: Office) -> None:
    db = office.runtime.db
    tai_chinh, actor = await office.linked(1004, "Minh", "TTS-TC")
    receipt = await submit(db, actor, office.round_id, NOW, await office.upload(), note="Gửi kèm báo cáo")
    await converse(
        office.admin,
        [
            ("/chuanop", "chọn kỳ báo cáo"),
            (Press(SIX_MONTHS), "Chờ xem xét (1)"),
            (Press("Chờ xem xét"), ["Văn bản chờ xem xét", "Thanh tra Sở Tài chính · lần 1 (nộp muộn)"]),
            (
                Press("Thanh tra Sở Tài chính"),
                ["Lần 1 · 09:00 12/06/2024 (nộp muộn) · đã nộp", "Gửi kèm báo cáo", "bao-cao-6-thang.pdf (5 KB)"],
            ),
            (Press("Tải tệp lần 1"), ["[file] bao-cao-6-thang.pdf", "Thanh tra Sở Tài chính · lần 1"]),
        ],
    )
    document = next(m for m in reversed(office.admin.inbox) if "document" in m)
    assert office.api.file_content(document["document"]["file_id"]) == PDF_BYTES
    await converse(
        office.admin,
        [
            (Press("Trả lại"), ["Trả lại văn bản lần 1 của Thanh tra Sở Tài chính", "nhập lý do"]),
            ("   ", "nhập lý do"),
            ("Thiếu chữ ký của Thủ trưởng đơn vị", ["Lý do: Thiếu chữ ký", "hạn gửi lại", "17:00 10/06/2024"]),
            ("10/6/2024", "Hạn nộp phải sau thời điểm hiện tại"),
            ("khi nào rảnh", "Chưa hiểu thời hạn «khi nào rảnh»"),
            (Press("Giữ hạn cũ"), ["Hạn gửi lại: 17:00 thứ Hai, 10/06/2024 (giữ hạn cũ, đã qua"]),
            ("đồng ý", "chọn bằng các nút"),
            (Press("Nhập lại hạn"), "hạn gửi lại"),
            ("17 giờ ngày 20/6", ["Hạn gửi lại: 17:00 thứ Năm, 20/06/2024", "Xác nhận trả lại"]),
            (Press("Xác nhận trả lại"), ["Đã trả lại", "Lý do: Thiếu chữ ký", "Đã thông báo cho 1 tài khoản"]),
        ],
    )
    told = await office.api.wait_for_message(tai_chinh.chat_id, lambda m: "trả lại" in m.get("text", ""))
    assert told["text"] == (
        "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024 và các báo cáo liên quan khác liên quan "
        "đến công tác thi đua, khen thưởng của Thanh tra Sở Tài chính chưa đạt yêu cầu và được trả lại. "
        "Lý do: Thiếu chữ ký của Thủ trưởng đơn vị. Đề nghị hoàn thiện, gửi lại trước 17:00 ngày 20/06/2024."
    )
    card_id = next(m["message_id"] for m in office.admin.inbox if "Tải tệp lần 1" in str(m.get("reply_markup")))
    for forged, expected in (
        (f"rv:r:{receipt.submission.id}", "đã được xử lý trước đó (bị trả lại)"),
        (f"rv:a:{receipt.submission.id}", "đã được xử lý trước đó (bị trả lại)"),
        (f"rv:ok:{receipt.submission.id}", "không còn hiệu lực"),
    ):
        office.api.user_presses(ADMIN_ID, card_id, forged, forged=True)
        await office.api.wait_for_message(ADMIN_ID, lambda m, e=expected: e in m.get("text", ""))  # type: ignore[misc]
    async with db.transaction() as s:
        obligation = (
            await s.scalars(
                select(Obligation).where(Obligation.round_id == office.round_id, Obligation.unit_id == actor.unit_id)
            )
        ).one()
    assert obligation.due_at == datetime(2024, 6, 20, 17, 0, tzinfo=TZ)


async def test_review_from_the_unit_card_accept_and_return_keeping_the_old_deadline(office: Office) -> None:
    db = office.runtime.db
    khdt, khdt_actor = await office.linked(1005, "Bình", "TTS-KHDT")
    receipt = await submit(db, khdt_actor, office.round_id, NOW)
    xay_dung, xd_actor = await office.linked(1006, "Cường", "TTS-XD")
    await submit(db, xd_actor, office.round_id, NOW, upload=None, note="Đơn vị gửi bản giấy qua đường văn thư")
    await converse(
        office.admin,
        [
            ("/donvi", "Danh sách đơn vị"),
            (Press("Thanh tra sở, ban, ngành"), "Thanh tra Sở Kế hoạch và Đầu tư"),
            (Press("Thanh tra Sở Kế hoạch và Đầu tư"), "Văn bản đã nộp"),
            (Press("Văn bản đã nộp"), ["Văn bản của Thanh tra Sở Kế hoạch và Đầu tư", "· nộp muộn"]),
            (Press(SIX_MONTHS), ["Lần 1", "Tiếp nhận"]),
            (
                Press("Tiếp nhận"),
                ["Đã tiếp nhận Báo cáo sơ kết", "Đã thông báo cho 1 tài khoản", "Tình trạng: đã tiếp nhận"],
            ),
            (Press("Quay lại"), ["Văn bản của Thanh tra Sở Kế hoạch và Đầu tư", "· đã tiếp nhận"]),
        ],
    )
    told = await office.api.wait_for_message(khdt.chat_id, lambda m: "Đã tiếp nhận" in m.get("text", ""))
    assert told["text"].endswith("của Thanh tra Sở Kế hoạch và Đầu tư. Cảm ơn đồng chí.")
    office.api.user_presses(
        ADMIN_ID, office.admin.inbox[-1]["message_id"], f"rv:a:{receipt.submission.id}:u", forged=True
    )
    await office.api.wait_for_message(ADMIN_ID, lambda m: "đã được xử lý trước đó (đã tiếp nhận)" in m.get("text", ""))
    await converse(
        office.admin,
        [
            ("/chuanop", "chọn kỳ báo cáo"),
            (Press(SIX_MONTHS), "Chờ xem xét (1)"),
            (Press("Chờ xem xét"), "Thanh tra Sở Xây dựng"),
            (Press("Thanh tra Sở Xây dựng"), ["Đơn vị gửi bản giấy", "(không có tệp đính kèm)"]),
            (Press("Trả lại"), "nhập lý do"),
            ("Chưa có bản ký số.", "hạn gửi lại"),  # a reason typed with its full stop
            (Press("Giữ hạn cũ"), "giữ hạn cũ"),
            (Press("Xác nhận trả lại"), "Đã trả lại"),
        ],
    )
    told = await office.api.wait_for_message(xay_dung.chat_id, lambda m: "trả lại" in m.get("text", ""))
    assert told["text"].endswith("Lý do: Chưa có bản ký số. Đề nghị hoàn thiện, gửi lại trong thời gian sớm nhất.")


async def test_forged_and_garbage_buttons_change_nothing(office: Office, officer: SimUser) -> None:
    db = office.runtime.db
    _, actor = await office.linked(1004, "Minh", "TTS-TC")
    receipt = await submit(db, actor, office.round_id, NOW)
    sid, rid = receipt.submission.id, office.round_id
    await officer.send("/start")
    message_id = officer.last_message["message_id"]  # type: ignore[index]
    for forged in (
        f"rv:a:{sid}",
        f"rv:r:{sid}",
        f"rv:f:{sid}",
        f"rv:s:{rid}:{actor.unit_id}",
        "rv:k",
        f"cn:all:{rid}",
        f"cn:ok:{rid}:0",
        f"cn:u:{rid}:{actor.unit_id}",
        f"cn:r:{rid}",
        "th:all",
    ):
        office.api.user_presses(officer.user_id, message_id, forged, forged=True)
        await office.api.wait_for_message(officer.chat_id, lambda m: "không có quyền" in m.get("text", ""))
    admin_id = office.admin.inbox[-1]["message_id"]
    vp = await f.unit_id(db, "VP")
    for forged, expected in (
        ("cn:r:999999", "Không tìm thấy kỳ báo cáo"),
        (f"cn:u:{rid}:{vp}", "không phải nộp kỳ báo cáo này"),
        ("cn:p:abc:1", "không còn hiệu lực"),
        ("rv:f:999999", "Không tìm thấy văn bản"),
        (f"rv:ok:{sid}", "không còn hiệu lực"),
        ("th:x", "không còn hiệu lực"),
        ("cn:ok:1:x", "không còn hiệu lực"),
    ):
        office.api.user_presses(ADMIN_ID, admin_id, forged, forged=True)
        await office.api.wait_for_message(ADMIN_ID, lambda m, e=expected: e in m.get("text", ""))  # type: ignore[misc]
    async with db.transaction() as s:
        denied = set((await s.scalars(select(AuditEntry.action).where(AuditEntry.outcome == "denied"))).all())
        reminders = await s.scalar(select(func.count()).select_from(ReminderDelivery))
        obligation = (
            await s.scalars(select(Obligation).where(Obligation.round_id == rid, Obligation.unit_id == actor.unit_id))
        ).one()
    assert denied >= {
        "submission.accept",
        "submission.return",
        "submission.files",
        "submission.view",
        "missing.remind",
        "missing.view",
        "overview.view",
    }
    assert reminders == 0 and obligation.status.value == "submitted"


async def test_a_long_list_comes_in_several_messages_and_pages(office: Office) -> None:
    db = office.runtime.db
    async with db.transaction() as s:
        await s.execute(
            insert(Unit),
            [
                {
                    "code": f"X{n:03d}",
                    "name": f"Thanh tra đơn vị thử nghiệm số {n:03d}",
                    "kind": UnitKind.DEPT_INSPECTORATE,
                    "sort_order": n,
                }
                for n in range(1, 81)
            ],
        )
        ids = (await s.scalars(select(Unit.id).where(Unit.code.like("X%")))).all()
        await rounds.create(
            s,
            office.boss,
            name="Báo cáo chuyên đề",
            tz=TZ,
            deadline=datetime(2024, 6, 14, 10, tzinfo=UTC),
            unit_ids=ids,
            now=NOW,
        )
    await office.admin.send("/chuanop")
    replies = await office.admin.press("Báo cáo chuyên đề")
    texts = [m.get("text", "") for m in replies]
    assert len(texts) == 3 and "BÁO CÁO CHUYÊN ĐỀ (tính đến 09:00 ngày 12/06/2024)" in texts[0]
    assert "(tiếp theo, phần 2/2)" in texts[1] and "80. Thanh tra đơn vị thử nghiệm số 080 – còn 2 ngày · ⚠️" in texts[1]
    assert "Tổng hợp: Đã nộp 0/80 đơn vị; chưa nộp 80" in texts[1] and "Trang 1/8" in texts[2]
    await converse(office.admin, [(Press("Trang sau"), ["Trang 2/8", "11. Thanh tra đơn vị thử nghiệm số 011"])])
