"""The year's cycle through the real stack, one unit and one person from registration to the next year:
registration (March) → cross-check in the cluster (November) → nomination dossier → council and secret
ballot → award decision (a number already used refused) → the commendation record (past years imported
from Excel, bad rows named) → in January the record says what the person may be proposed for next."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import select

from bot.sandbox.fake_api import FakeBotApi
from services import registration_flow
from services.award_catalog import default_catalog
from services.commendation.decisions import DecisionInput, Recipient, record_decision
from services.registration_paste import parse_paste
from services.registration_submit import RegistrationDraft, ScanRef, add_people
from storage.models import AwardRecord, Dossier, DossierStatus, Round, RoundKind
from tests import factories as f
from tests.e2e.harness import Press, Upload, converse, shown_since
from tests.e2e.yearend_helpers import PDF, document_text, sent_documents, year_bot

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH_5 = datetime(2024, 3, 5, 2, 0, tzinfo=UTC)
DEC_2 = datetime(2024, 12, 2, 2, 0, tzinfo=UTC)
JAN_10 = datetime(2025, 1, 10, 2, 0, tzinfo=UTC)
AN = "Nguyễn Văn An"
CITY, CAO_LOC = "Thanh tra thành phố Lạng Sơn", "Thanh tra huyện Cao Lộc"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def record_sheet(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "LichSu"
    sheet.append(["Năm", "Đối tượng", "Tên", "Đơn vị", "Danh hiệu, hình thức", "Số quyết định", "Ngày quyết định"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_registration_to_next_years_eligibility(api: FakeBotApi, tmp_path: Path) -> None:
    async with year_bot(api, tmp_path, at=MARCH_5) as year:
        db, clock, admin = year.runtime.db, year.clock, year.admin
        lan, cao_loc = await year.person(2002, "Lan", "TTH-CL")
        head, _ = await year.person(2001, "Hùng", "TTH-TPLS")
        members = [await year.person(3001 + i, f"Thành viên {i}", "PNV1") for i in range(2)]
        # March: Cao Lộc registers Nguyễn Văn An for LĐTT (the registration flow's own dialogs are tested elsewhere).
        catalog = default_catalog()
        people = parse_paste(f"{AN} - Thanh tra viên - LĐTT", catalog)
        draft = add_people(
            RegistrationDraft(
                collective_title_code="TTLDTT",
                commitments="Hoàn thành kế hoạch.",
                scan=ScanRef(sha256="ab" * 32, name="DangKy.pdf", mime="application/pdf", size=2048),
            ),
            people.entries,
        )
        async with db.transaction() as s:
            round_id = await s.scalar(select(Round.id).where(Round.kind == RoundKind.REGISTRATION, Round.year == 2024))
            assert round_id is not None
            await registration_flow.send(s, cao_loc, catalog, draft, round_id=round_id, now=clock.now(), tz=VN)
        # An earlier decision of the Office this year already took number 12.
        office = await f.reload(db, await f.newcomer(db, 9001, clock.now(), name="Văn phòng"))
        async with db.transaction() as s:
            await record_decision(
                s,
                office,
                catalog,
                DecisionInput(
                    "TTr",
                    "THANH TRA TỈNH LẠNG SƠN",
                    12,
                    "QĐ-TTr",
                    date(2024, 3, 1),
                    "Chánh",
                    "CHÁNH THANH TRA",
                    "GK_CTT",
                    2023,
                    "Về việc tặng Giấy khen",
                ),
                [Recipient("Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 1", collective=True)],
                clock.now(),
            )

        # December: the cluster's cross-check (Cao Lộc checks the city), then the dossier.
        clock.at = DEC_2
        await converse(head, [("/chamdiem", "Cụm thi đua số 1"), (Press("Cụm thi đua số 1"), "Phân công theo vòng")])
        await converse(head, [(Press("Phân công theo vòng"), "Đã phân công 11 cặp")])
        await converse(
            lan,
            [
                ("/chamdiem", f"Chấm điểm: {CITY}"),
                (Press(f"Chấm điểm: {CITY}"), "Chấm theo từng tiêu chí"),
                (Press("Chấm theo từng tiêu chí"), "Tiêu chí 1/"),
                ("18", "Tiêu chí 2/"),
                (Press("Xong"), "tổng 18 điểm"),
                (Press("Hoàn thành"), "Đã gửi kết quả chấm điểm"),
            ],
        )
        await converse(head, [("/chamdiem", "Đơn vị mình"), (Press("Đơn vị mình"), "Nhất trí")])
        await converse(head, [(Press("👍 Nhất trí"), "Đã ghi ý kiến nhất trí")])
        await converse(head, [("/chamdiem", "Cụm"), (Press("Cụm thi đua số 1"), f"Chốt điểm: {CITY}")])
        await converse(head, [(Press(f"Chốt điểm: {CITY}"), "Tổng điểm chốt: 18"), (Press("Chốt điểm"), "Đã chốt")])
        await converse(head, [(Press("Xếp hạng"), f"1. {CITY}: 18 điểm — Trung bình")])

        await converse(
            lan,
            [
                ("/hoso", "chưa có hồ sơ"),
                (Press("Lập hồ sơ mới"), "loại hình"),
                (Press("công trạng"), "Đã lập hồ sơ"),
                (Press("Thêm cá nhân"), "họ và tên"),
                (f"{AN}, Thanh tra viên", "danh hiệu"),
                (Press("LĐTT"), ["✅ Đã đăng ký thi đua LĐTT năm 2024", "Căn cứ: Luật số 06/2022/QH15"]),
            ],
        )
        for part in ("Tờ trình", "Danh sách đề nghị", "Biên bản họp", "Kết quả đánh giá"):
            await converse(
                lan,
                [
                    (Press("Gửi tài liệu"), "thành phần nào"),
                    (Press(part), "Đề nghị gửi tệp"),
                    (Upload(PDF, f"{part}.pdf", "application/pdf"), "Đã nhận tệp"),
                ],
            )
        await converse(lan, [(Press("Gửi Văn phòng"), "Đã gửi hồ sơ")])
        await converse(
            admin,
            [
                ("/hoso", "Đã gửi"),
                (Press("Số"), "Tiếp nhận"),
                (Press("Tiếp nhận"), "Đã tiếp nhận"),
                (Press("✅ Đủ điều kiện"), "Đủ điều kiện"),
            ],
        )

        # The council: seated, convened from the eligible dossier, published for 0 days, opened, voted, closed.
        await converse(
            admin,
            [
                ("/bophieu", "Hội đồng, phiên họp"),
                (Press("Hội đồng, phiên họp"), "Lập Hội đồng"),
                (Press("Lập Hội đồng"), "chọn các thành viên"),
                (Press("Văn phòng"), "Xong (1"),
                (Press("Cán bộ 3001"), "Xong (2"),
                (Press("Cán bộ 3002"), "Xong (3"),
                (Press("Xong"), "Chủ tịch"),
                (Press("Cán bộ 3001"), "Ủy viên thường trực"),
                (Press("Văn phòng"), "Đã lưu Hội đồng"),
                (Press("Triệu tập phiên họp"), "Ngày họp"),
                ("20/12/2024", "Địa điểm"),
                (Press("Trụ sở"), "bao nhiêu ngày"),
                ("0", f"1. {AN} — {CAO_LOC} (LĐTT)"),
                (Press("Triệu tập"), "Đã triệu tập"),
                (Press("Công khai danh sách"), "Đã công khai"),
                (Press("Mở bỏ phiếu"), "Đã mở bỏ phiếu"),
                ("/bophieu", "Phiếu"),
                (Press("Phiếu"), "PHIẾU BẦU KÍN"),
                (Press(f". Đồng ý: {AN}"), "Đã ghi nhận"),
            ],
        )
        for member, _actor in members:
            await converse(member, [("/bophieu", "PHIẾU BẦU KÍN"), (Press(f". Đồng ý: {AN}"), "Đã ghi nhận")])
        await converse(
            admin,
            [
                ("/bophieu", "Hội đồng"),
                (Press("Hội đồng, phiên họp"), "Phiên họp 20/12/2024"),
                (Press("Phiên họp 20/12"), "Kết thúc bỏ phiếu"),
                (Press("Kết thúc bỏ phiếu"), "kiểm ngay"),
                (Press("Kết thúc và kiểm phiếu"), [f"{AN} đạt 3/3 phiếu đồng ý (100%), đạt", "Ghi quyết định"]),
                # The decision, from the session: number 12 is taken this year.
                (Press("Ghi quyết định"), "LĐTT · 1 trường hợp"),
                (Press("LĐTT · 1 trường hợp"), "Ngày ký quyết định"),
                (Press("Hôm nay"), "Số quyết định"),
                ("12", "Số quyết định 12/QĐ-TTr năm 2024 đã được dùng"),
                ("13", "Họ và tên người ký"),
                ("Hoàng Văn Chánh", "Số tiền thưởng"),
                ("450000", ["Quyết định số 13/QĐ-TTr", f"1. {AN} — {CAO_LOC}", "tổng 450.000 đồng"]),
                (Press("Ghi quyết định"), ["Đã ghi Quyết định số 13/QĐ-TTr", "1 hồ sơ chuyển"]),
            ],
        )
        decision = next(c for n, c in sent_documents(api, admin.chat_id) if n.startswith("quyet-dinh-13"))
        words = document_text(decision)
        assert "QUYẾT ĐỊNH" in words and "13/QĐ-TTr" in words and AN in words and "450.000" in words
        assert "Đã có quyết định khen thưởng" in shown_since(lan, 0)
        async with db.transaction() as s:
            assert await s.scalar(select(Dossier.status)) is DossierStatus.DECIDED

        # The record of past years: a file with bad rows is refused whole, each row named; then a good one.
        bad = record_sheet(
            [
                [2023, "Cá nhân", AN, CAO_LOC, "CSTĐ xã", "5/QĐ-TTr", "10/01/2024"],
                [2022, "Cá nhân", "Phạm Thị Dung", "Phòng Nghiệp vụ 1", "LĐTT", "", ""],
                [2022, "Cá nhân", "Phạm Thị Dung", "Phòng Nghiệp vụ 2", "CSTĐCS", "", ""],
            ]
        )
        good = record_sheet([[2023, "Cá nhân", AN, CAO_LOC, "LĐTT", "5/QĐ-TTr", "10/01/2024"]])
        await converse(
            admin,
            [
                ("/lichsu", "LỊCH SỬ KHEN THƯỞNG"),
                (Press("Nhập lịch sử"), "trang «LichSu»"),
                (
                    Upload(bad, "lich-su.xlsx", XLSX),
                    [
                        "2 dòng lỗi",
                        "Dòng 2: danh hiệu, hình thức «CSTĐ xã» không có trong danh mục",
                        "Dòng 4: Phạm Thị Dung",
                    ],
                ),
                (Upload(good, "lich-su.xlsx", XLSX), "Đã nhập 1 dòng"),
            ],
        )

        # January: what Nguyễn Văn An may be proposed for in 2025.
        clock.at = JAN_10
        await converse(
            lan,
            [
                ("/lichsu", "Tra cứu cá nhân"),
                (Press("Tra cứu cá nhân"), "họ và tên"),
                (
                    "nguyen van an",
                    [
                        "2023: Lao động tiên tiến (Quyết định số 5/QĐ-TTr ngày 10/01/2024)",
                        "2024: Lao động tiên tiến (Quyết định số 13/QĐ-TTr ngày 02/12/2024)",
                        "Điều kiện đề nghị năm 2025",
                        "Kết quả tra cứu khen thưởng của cá nhân Nguyễn Văn An (2 lượt)",
                        "Đủ điều kiện về thành tích để đề nghị Chiến sĩ thi đua cơ sở: đã đạt 1/1 năm",
                        "Căn cứ: Luật số 06/2022/QH15",
                        "Chưa đủ điều kiện đề nghị Chiến sĩ thi đua cấp tỉnh",
                    ],
                ),
                ("/lichsu", CAO_LOC),
                (Press(CAO_LOC), ["tập thể", CAO_LOC]),
            ],
        )
        async with db.transaction() as s:
            held = [
                (r.year, r.award_code, r.source)
                for r in await s.scalars(select(AwardRecord).where(AwardRecord.name == AN))
            ]
        assert sorted(held) == [(2023, "LDTT", "import"), (2024, "LDTT", "decision")]
