"""/kehoach and /nhiemvu as an officer sees them, through the real PTB stack and the fake Bot API."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from services import submissions
from storage.models import Submission, SubmissionFile
from tests import factories as f
from tests.e2e.harness import ADMIN_ID, Press, Upload
from tests.e2e.officer_helpers import PDF, button_data, docx, forge, is_stale, june_bot, link, round_id, talk


async def test_plan_by_quarter_with_my_items_marked(api: FakeBotApi, tmp_path: Path) -> None:
    officer, division = SimUser(api, 1101, "Lan"), SimUser(api, 1102, "Phòng")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTH-CL")
        await talk(
            officer,
            [
                (
                    "/kehoach",
                    [
                        "Kế hoạch thực hiện công tác thi đua, khen thưởng năm 2024",
                        "QUÝ II (quý hiện tại) · 6 nhiệm vụ",
                        "👉 nhiệm vụ có sự tham gia của Thanh tra huyện Cao Lộc",
                        "👉 II.1. Báo cáo sơ kết",
                        "Chủ trì: Văn phòng Thanh tra tỉnh\nPhối hợp: Các cụm thi đua; Thanh tra các sở, ban, ngành; "
                        "Thanh tra các huyện, thành phố",
                        "Thời hạn: 10/06/2024",
                        "\nII.3. Tham dự Hội nghị sơ kết",  # not ours: no mark
                        "Thời hạn: Theo thông báo của đơn vị tổ chức",
                        "👉 II.6. Thực hiện kiểm tra chéo",
                        "• Quý II •",
                    ],
                ),
                (
                    Press("Quý I"),
                    [
                        "(edited) 📋",
                        "QUÝ I · 6 nhiệm vụ",
                        "👉 I.3. Đăng ký thi đua năm 2024",
                        "\nI.1. Ban hành Kế hoạch",
                        "Thời hạn: Thường xuyên trong năm",
                        "I.6. Dự Hội nghị ký kết giao ước thi đua\nChủ trì: Chưa xác định",
                        "• Quý I •",
                    ],
                ),
                (Press("Quý III"), ["QUÝ III · 3 nhiệm vụ", "\nIII.3. Tổng hợp báo cáo", "Thời hạn: 30/09/2024"]),
                (Press("Quý IV"), ["QUÝ IV · 8 nhiệm vụ", "👉 IV.3.", "\nIV.5. Họp xem xét", "Chủ trì: Hội đồng"]),
            ],
        )
        for forged in ("kh:2024:9", "kh:2024:0", "kh:abc:1", "kh", "kh:2024"):
            assert is_stale(await forge(api, officer, forged)), forged
        assert "Không tìm thấy kế hoạch" in await forge(api, officer, "kh:1999:1")
        await link(bot, division, "PNV1")
        await talk(
            division,
            [
                ("/kehoach", ["QUÝ II (quý hiện tại)", "\nII.1. Báo cáo sơ kết", "\nII.6. Thực hiện"]),
                (Press("Quý I"), ["👉 I.3. Đăng ký", "👉 I.4. Xây dựng", "\nI.2. Phát động"]),
            ],
        )


async def test_unlinked_accounts_are_told_to_link_first(api: FakeBotApi, tmp_path: Path) -> None:
    stranger = SimUser(api, 1103, "Khách")
    async with june_bot(api, tmp_path):
        await talk(
            stranger,
            [
                ("/kehoach", "chưa được liên kết"),
                ("/nhiemvu", "chưa được liên kết"),
                ("/nopbaocao", "chưa được liên kết"),
            ],
        )
        assert "chưa được liên kết" in await forge(api, stranger, "nv:f:1:1")


async def test_statuses_reasons_history_and_files_of_my_unit_only(api: FakeBotApi, tmp_path: Path) -> None:
    officer, other, office = SimUser(api, 1104, "Lan"), SimUser(api, 1105, "Nam"), SimUser(api, ADMIN_ID, "VP")
    async with june_bot(api, tmp_path) as bot:
        await talk(office, [("/start", "Văn phòng Thanh tra tỉnh")])
        await link(bot, officer, "TTH-CL")
        for ref, upload in (("II.1", Upload(PDF, "so-ket.pdf")), ("II.2", Upload(docx(), "dien-hinh.docx"))):
            await talk(
                officer,
                [
                    ("/nopbaocao", ref),
                    (Press(ref), "gửi tệp"),
                    (upload, "Số tệp: 1"),
                    ("Xong", "Tệp đính kèm (1)"),
                    (Press("Gửi"), "lần nộp thứ 1"),
                ],
            )
        boss = await f.admin(bot.db, ADMIN_ID, bot.clock.now())
        six_months, models = await round_id(bot, "II.1"), await round_id(bot, "II.2")
        async with bot.db.transaction() as s:
            sent = {r.round_id: r.id for r in (await s.scalars(select(Submission))).all()}
            first, second = sent[six_months], sent[models]
            await submissions.review(s, boss, first, accept=False, reason="Thiếu chữ ký & dấu", now=bot.clock.now())
            await submissions.review(s, boss, second, accept=True, reason=None, now=bot.clock.now())
        await talk(
            officer,
            [
                (
                    "/nhiemvu",
                    [
                        "II.1. Báo cáo sơ kết",
                        "Hạn nộp: 17:00 10/06/2024 — còn 5 ngày\nTình trạng: bị trả lại\n"
                        "Lý do trả lại: Thiếu chữ ký & dấu",
                        "Tình trạng: đã tiếp nhận (lần 1, 09:00 05/06/2024)",
                        "📤 Nộp: II.1",
                    ],
                ),
                (Press("Văn bản đơn vị đã nộp"), ["II.1 · Báo cáo sơ kết", "II.2 · Tiếp tục"]),
                (
                    Press("II.1"),
                    [
                        "Lần 1 · mã BC24-",
                        "Tình trạng: bị trả lại",
                        "• so-ket.pdf — ",
                        "Ý kiến của Văn phòng: Thiếu chữ ký & dấu",
                        "📄 Lần 1: so-ket.pdf",
                    ],
                ),
            ],
        )
        file_button = button_data(officer, "so-ket.pdf")
        mark = api.mark(officer.chat_id)
        await officer.press("so-ket.pdf")
        sent = await api.wait_for_message(officer.chat_id, lambda m: "document" in m, timeout=10, after=mark)
        document = sent["document"]
        assert document["file_name"] == "so-ket.pdf" and api.file_content(document["file_id"]) == PDF
        assert "so-ket.pdf" in sent["caption"] and "lần 1, mã BC24-" in sent["caption"]
        await talk(
            officer,
            [
                ("/nopbaocao", ["II.1 · Báo cáo sơ kết", "(bị trả lại)"]),
                (Press("II.1"), ["Lần nộp trước bị trả lại. Lý do: Thiếu chữ ký & dấu", "gửi tệp"]),
            ],
        )
        # Another unit's officer replays the file button and forges ids: nothing of ours is shown.
        await link(bot, other, "TTH-VL")
        await talk(other, [("/nhiemvu", "Việc của Thanh tra huyện Văn Lãng")])
        assert is_stale(await forge(api, other, file_button))  # another chat's choice means nothing here
        assert "chưa nộp văn bản nào" in await forge(api, other, f"nv:r:{six_months}")
        async with bot.db.transaction() as s:
            file_ids = (await s.scalars(select(SubmissionFile.id))).all()
        for file_id in file_ids:
            assert "Không tìm thấy tệp" in await forge(api, other, f"nv:f:{models}:{file_id}")
        for garbage in ("nv:f:x:1", "nv:zz", "nv:r:", "nv:f:1"):
            assert is_stale(await forge(api, other, garbage)), garbage
        assert "Không tìm thấy kỳ báo cáo" in await forge(api, other, "nv:r:999999")
        assert all("document" not in m for m in other.inbox)


async def test_the_office_owes_nothing_and_is_told_so(api: FakeBotApi, tmp_path: Path) -> None:
    office = SimUser(api, ADMIN_ID, "Văn phòng")
    async with june_bot(api, tmp_path):
        await talk(
            office,
            [
                ("/nhiemvu", ["không có kỳ báo cáo nào đang mở", "Văn bản đơn vị đã nộp"]),
                (Press("Văn bản đơn vị đã nộp"), "chưa nộp văn bản nào"),
                ("/nopbaocao", "không có kỳ báo cáo nào cần nộp"),
                ("/kehoach", ["QUÝ II", "👉 II.1.", "👉 II.3."]),
            ],
        )
