"""/chamdiem through the real stack: the cluster head assigns the rotation, a checker scores criterion
by criterion (bad scores refused and asked again), the checked unit disagrees with a reason, the head
settles and closes; ranking, result sheet and result document. A unit can never score itself."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from bot.sandbox.fake_api import FakeBotApi
from storage.models import AuditEntry, CheckStatus, CrossCheck, ScoreLine
from tests import factories as f
from tests.e2e.harness import Press, Upload, converse, shown_since
from tests.e2e.officer_helpers import forge
from tests.e2e.yearend_helpers import document_text, sent_documents, year_bot

CLUSTER = "Cụm thi đua số 1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CITY, CAO_LOC, VAN_LANG = "Thanh tra thành phố Lạng Sơn", "Thanh tra huyện Cao Lộc", "Thanh tra huyện Văn Lãng"


async def test_cross_check_from_rotation_to_ranking(api: FakeBotApi, tmp_path: Path) -> None:
    async with year_bot(api, tmp_path) as year:
        db = year.runtime.db
        head, _ = await year.person(2001, "Hùng", "TTH-TPLS")  # cluster head (cụm trưởng)
        cao_loc, _ = await year.person(2002, "Lan", "TTH-CL")  # checks the city by rotation
        van_lang, _ = await year.person(2003, "Minh", "TTH-VL")  # checks Cao Lộc
        await converse(
            head,
            [
                ("/chamdiem", ["KIỂM TRA CHÉO NĂM 2024", CLUSTER]),
                (Press(CLUSTER), ["Chưa phân công kiểm tra chéo", "Phân công theo vòng"]),
                (Press("Phân công theo vòng"), ["Đã phân công 11 cặp", f"{CITY} ← {CAO_LOC}: chưa chấm"]),
            ],
        )
        cao_loc_id, cluster_id = await f.unit_id(db, "TTH-CL"), await f.unit_id(db, "CUM1")
        async with db.transaction() as s:
            own = await s.scalar(select(CrossCheck).where(CrossCheck.checked_unit_id == cao_loc_id))
        assert own is not None
        await converse(
            cao_loc,
            [
                ("/chamdiem", [f"Chấm điểm: {CITY}", "Đơn vị mình"]),
                (Press(f"Chấm điểm: {CITY}"), ["Đơn vị kiểm tra: Thanh tra huyện Cao Lộc", "Trạng thái: chưa chấm"]),
                (Press("Chấm theo từng tiêu chí"), ["Tiêu chí 1/", "tối đa 20 điểm", "Bỏ qua"]),
                ("25", "vượt điểm tối đa (20 điểm)"),
                ("-3", "không được là số âm"),
                ("mười tám", "Chưa đọc được số điểm"),
                ("18,5; thiếu 01 cuộc thanh tra", ["Đã ghi tiêu chí", "18,5 điểm", "Tiêu chí 2/"]),
                (Press("Bỏ qua"), ["Đã bỏ qua tiêu chí", "Tiêu chí 3/"]),
                ("12", "vượt điểm tối đa (10 điểm)"),
                ("8", ["8 điểm", "Tiêu chí 4/"]),
                (Press("Sửa tiêu chí khác"), "chọn tiêu chí cần chấm"),
                (Press(1), ["Tiêu chí 1/", "Điểm đang ghi: 18,5"]),
                ("19", "Tiêu chí 2/"),
                (Press("Sửa tiêu chí khác"), "chọn tiêu chí"),
                (Press("A5"), ["Đề xuất theo chế độ báo cáo: 0 điểm", "báo cáo gửi đúng hạn"]),
                (Press("Dùng điểm đề xuất"), ["Đã ghi tiêu chí A5: 0 điểm", "Tiêu chí 6/"]),
                (Press("Xong"), ["đã chấm 3 tiêu chí", "tổng 27 điểm"]),
                (Press("Tải bảng chấm"), "Bảng chấm điểm kiểm tra chéo năm 2024"),
            ],
        )
        # The filled-in sheet: the checker adds B1 in Excel and sends it back (all rows checked first).
        name, sheet_bytes = sent_documents(api, cao_loc.chat_id)[-1]
        assert name.endswith(".xlsx")
        book = load_workbook(io.BytesIO(sheet_bytes))
        page = book.active
        assert page is not None
        row = next(r for r in page.iter_rows(min_row=3) if r[0].value == "B1")
        row[8].value, row[9].value = 4, "đủ hồ sơ giao ước"
        filled = io.BytesIO()
        book.save(filled)
        await converse(
            cao_loc,
            [
                (Press("Gửi bảng chấm"), "Đề nghị gửi tệp Excel"),
                (Upload(filled.getvalue(), "bang-cham.xlsx", XLSX), ["Đã ghi điểm của 4 tiêu chí", "tổng 31 điểm"]),
                (Press("Hoàn thành"), "Đã gửi kết quả chấm điểm"),
            ],
        )
        # Cao Lộc presses its own check as if it were its checker: a unit never scores itself.
        assert "không được tự kiểm tra" in await forge(api, cao_loc, f"cd:go:{own.id}:c")
        assert "không được tự kiểm tra" in await forge(api, head, f"cd:ra:{own.id}:{own.checked_unit_id}")
        await converse(
            head,
            [
                ("/chamdiem", "Đơn vị mình"),
                (Press("Đơn vị mình"), ["tổng 31 điểm", "Nhất trí", "Không nhất trí"]),
                (Press("Không nhất trí"), "nêu rõ lý do"),
                ("Tiêu chí 1 đã có đủ hồ sơ", "Đã ghi ý kiến không nhất trí"),
            ],
        )
        await converse(
            head,
            [
                ("/chamdiem", CLUSTER),
                (Press(CLUSTER), [f"{CITY} ← {CAO_LOC}: không nhất trí", f"Chốt điểm: {CITY}"]),
                (
                    Press(f"Chốt điểm: {CITY}"),
                    ["Lý do không nhất trí: Tiêu chí 1 đã có đủ hồ sơ", "Tổng điểm chốt: 31"],
                ),
                (Press("Sửa điểm một tiêu chí"), "chọn tiêu chí"),
                (Press(1), "Gõ điểm chốt"),
                ("21", "vượt điểm tối đa"),
                ("20", ["Điểm chốt tiêu chí", "Tổng điểm chốt: 32"]),
                (Press("Chốt điểm"), [f"Đã chốt điểm của {CITY}", f"{CITY} ← {CAO_LOC}: đã chốt điểm, 32 điểm"]),
                (Press("Kết thúc kiểm tra chéo"), "Còn 10 kết quả kiểm tra chéo chưa được cụm trưởng chốt điểm"),
                (Press("Xếp hạng"), ["XẾP HẠNG KIỂM TRA CHÉO", f"1. {CITY}: 32 điểm"]),
            ],
        )
        files = dict(sent_documents(api, head.chat_id))
        xlsx = next(content for name, content in files.items() if name.endswith(".xlsx"))
        sheet = load_workbook(io.BytesIO(xlsx)).active
        assert sheet is not None and any(row[1] == CITY for row in sheet.iter_rows(values_only=True))
        docx = next(content for name, content in files.items() if name.endswith(".docx"))
        words = document_text(docx)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words and "Kết quả kiểm tra chéo" in words
        assert CITY in words and "32" in words and "Tiêu chí 1 đã có đủ hồ sơ" in words
        assert "Đơn vị kiểm tra chéo đã chấm điểm đơn vị đồng chí: tổng 31 điểm" in shown_since(head, 0)
        async with db.transaction() as s:
            lines = (await s.scalars(select(ScoreLine))).all()
            status = {c.checked_unit_id: c.status for c in await s.scalars(select(CrossCheck))}
            denied = (await s.scalars(select(AuditEntry.action).where(AuditEntry.outcome == "denied"))).all()
        assert sorted(line.checker_points for line in lines if line.checker_points is not None) == [0.0, 4.0, 8.0, 19.0]
        assert CheckStatus.SETTLED in status.values()
        assert "score.check" not in denied  # refused as "scoring itself", before any rights question
        await converse(van_lang, [("/chamdiem", f"Chấm điểm: {CAO_LOC}")])
        assert CLUSTER not in van_lang.last_buttons
        assert "không có quyền" in await forge(api, van_lang, f"cd:c:{cluster_id}")
