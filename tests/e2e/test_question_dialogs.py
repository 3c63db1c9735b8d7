"""Questions in plain Vietnamese through the real stack (issue 15): every intent answered for an officer
and for an admin of the Office; the Office's questions and another unit's data refused to an officer.

The clock stands at 09:00 on Wednesday 05/06/2024: the 6-month report (II.1) is due on 10/06.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from storage.models import UnansweredQuestion
from tests.e2e.harness import ADMIN_ID, Press
from tests.e2e.officer_helpers import forge, june_bot, link, talk

# Questions every linked account may ask, with what the answer must say (same for officer and admin).
SHARED = [
    ("quy 3 co viec gi", ["Quý 3, 3 nhiệm vụ", "III.3. Tổng hợp báo cáo kết quả kiểm tra"]),
    ("khi nào họp hội đồng", ["Hội đồng Thi đua - Khen thưởng", "IV.5. Họp xem xét kết quả", "20/12/2024"]),
    ("ai chu tri ktra cheo", ["II.6. Thực hiện kiểm tra chéo", "Chủ trì: Các cụm thi đua"]),
    (
        "dieu kien cstdcs",
        ["Chiến sĩ thi đua cơ sở", "Điều 23", "Thẩm quyền quyết định: Chánh Thanh tra tỉnh", "98/2023/NĐ-CP"],
    ),
    ("CSTĐCS cần mấy năm LĐTT", ["Lao động tiên tiến và có sáng kiến"]),
    ("hồ sơ đề nghị khen thưởng gồm những gì", ["Tờ trình kèm Danh sách", "Nghị định số 98/2023/NĐ-CP"]),
    ("giấy khen do ai tặng", ["Giấy khen của Chánh Thanh tra tỉnh", "Thẩm quyền quyết định: Chánh Thanh tra tỉnh"]),
    ("ngay 01/08/2025 ap dung van ban nao", ["ngày 01/08/2025", "152/2025/NĐ-CP", "Luật Thi đua, khen thưởng số 06"]),
    ("tỷ lệ 15% là gì", ["Tỷ lệ 15%", "tối đa 3 người"]),
    ("cảm ơn bot", "không có gì"),
    ("chào bot", "Kính chào đồng chí"),
]


async def test_officer_asks_about_own_unit_plan_and_awards(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1501, "Lan")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTH-CL")
        await talk(
            officer,
            [
                ("đơn vị tôi còn thiếu gì", ["Thanh tra huyện Cao Lộc còn 4 việc", "Báo cáo sơ kết", "còn 5 ngày"]),
                ("han nop bc so ket", ["hạn nộp 17:00 10/06/2024", "Trạng thái: chưa nộp"]),
                ("toi da nop bao cao so ket chua", "chưa nộp"),
                ("ma bien nhan lan truoc", "chưa có lần nộp nào"),
                *SHARED,
            ],
        )
        # The answer about what we owe offers the send button, which opens /nopbaocao on that round.
        await talk(officer, [("con thieu j ko", "📤 Nộp:"), (Press("Nộp: Báo cáo sơ kết"), "Báo cáo sơ kết")])


async def test_officer_is_refused_the_office_questions_and_other_units(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1502, "Hùng")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTH-CL")
        refusal = "thuộc phần theo dõi chung của Văn phòng"
        await talk(
            officer,
            [
                ("don vi nao chua nop so ket", refusal),
                ("bao nhieu don vi da dang ky", refusal),
                ("ai chưa xác nhận thông báo hôm qua", refusal),
                ("Thanh tra huyện Văn Lãng đã nộp sơ kết chưa", "chỉ xem được tình hình của đơn vị mình"),
            ],
        )
        refused = str(officer.inbox[-1].get("text", ""))
        assert "Văn Lãng" not in refused and "chưa nộp" not in refused  # no word of the other unit's status


async def test_admin_gets_the_office_answers(api: FakeBotApi, tmp_path: Path) -> None:
    admin = SimUser(api, ADMIN_ID, "Văn phòng")
    async with june_bot(api, tmp_path):
        await talk(admin, [("/start", "")])
        await talk(
            admin,
            [
                (
                    "đơn vị nào chưa nộp sơ kết",
                    ["Báo cáo sơ kết", "chưa nộp 31/31 đơn vị", "• Thanh tra Sở Tài chính", "… và 16 đơn vị khác"],
                ),
                ("bao nhieu don vi da dang ky", ["đã đăng ký 0/"]),
                ("ai chưa xác nhận thông báo hôm qua", "Chưa có thông báo nào cần xác nhận"),
                (
                    "Thanh tra huyện Cao Lộc đã nộp sơ kết chưa",
                    ["Thanh tra huyện Cao Lộc · Báo cáo sơ kết", ": chưa nộp"],
                ),
                ("đơn vị tôi còn thiếu gì", "Văn phòng Thanh tra tỉnh"),
                ("han nop bc so ket", ["hạn nộp 17:00 10/06/2024", "Văn phòng Thanh tra tỉnh không phải nộp kỳ này"]),
                ("toi da nop bao cao so ket chua", "không phải nộp kỳ này"),
                ("ma bien nhan lan truoc", "chưa có lần nộp nào"),
                ("bot làm được gì", "/kybaocao"),
                *SHARED,
            ],
        )


async def test_not_understood_offers_suggestions_and_is_logged(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1503, "Mai")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTH-CL")
        await talk(
            officer,
            [
                ("giá vàng hôm nay bao nhiêu", ["Bot chưa hiểu câu hỏi «giá vàng hôm nay bao nhiêu»", "📋 Các lệnh"]),
                (Press("📋 Các lệnh"), "/nhiemvu"),
                ("hát một bài đi", "Bot chưa hiểu câu hỏi"),
                (Press("Đơn vị tôi còn thiếu gì?"), "Báo cáo sơ kết"),
                ("bot làm được gì", "/kehoach"),
            ],
        )
        for forged in ("hoi:office.missing:x:y", "hoi:nothing", "hoi"):
            assert "không còn hiệu lực" in await forge(api, officer, forged), forged
        # A suggestion forged for the Office's question is re-checked on the server: refused, no data.
        assert "thuộc phần theo dõi chung của Văn phòng" in await forge(api, officer, "hoi:office.missing")
        async with bot.db.transaction() as s:
            logged = (await s.scalars(select(UnansweredQuestion))).all()
        assert sorted((q.text, q.role) for q in logged) == [
            ("giá vàng hôm nay bao nhiêu", "officer"),
            ("hát một bài đi", "officer"),
        ]
