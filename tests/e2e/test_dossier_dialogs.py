"""/hoso through the real stack: a unit proposes nominees (eligibility shown with its legal basis, a
nominee proposed twice refused), sends the documents the awards need (the bot lists what is missing),
sends the dossier; the Office receives it, is refused "eligible" while a nominee fails a rule, and
returns it with a reason and a new deadline; every move is told to the unit and audited."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.sandbox.fake_api import FakeBotApi
from storage.models import AuditEntry, Dossier, DossierDocument, DossierStatus
from tests.e2e.harness import Press, Upload, converse
from tests.e2e.officer_helpers import forge
from tests.e2e.yearend_helpers import PDF, year_bot

CAO_LOC = "Thanh tra huyện Cao Lộc"


async def test_a_dossier_from_draft_to_returned(api: FakeBotApi, tmp_path: Path) -> None:
    async with year_bot(api, tmp_path) as year:
        db = year.runtime.db
        lan, _ = await year.person(2002, "Lan", "TTH-CL")
        other, _ = await year.person(2003, "Minh", "TTH-VL")
        await converse(
            lan,
            [
                ("/hoso", "chưa có hồ sơ đề nghị khen thưởng"),
                (Press("Lập hồ sơ mới"), "loại hình khen thưởng"),
                (Press("công trạng"), ["Đã lập hồ sơ số", f"Đơn vị đề nghị: {CAO_LOC}", "Trạng thái: Dự thảo"]),
                (Press("Thêm cá nhân"), "họ và tên, chức vụ"),
                ("Nguyễn Văn An, Thanh tra viên", "Đề nghị danh hiệu, hình thức khen thưởng nào cho Nguyễn Văn An"),
                (
                    Press("LĐTT"),
                    [
                        "Đã thêm Nguyễn Văn An. Kết quả kiểm tra điều kiện:",
                        "✅ Căn cứ xét Lao động tiên tiến áp dụng ngày 18/11/2024",
                        "Căn cứ: Luật số 06/2022/QH15",
                        "⚠️ Chưa đăng ký thi đua LĐTT năm 2024",
                        "Tờ trình đề nghị khen thưởng",  # what is still missing
                    ],
                ),
                (Press("Thêm cá nhân"), "họ và tên"),
                ("nguyễn văn an", "Đề nghị danh hiệu"),
                (Press("LĐTT"), "nguyễn văn an đã được đề nghị LĐTT năm 2024; không đề nghị hai lần trong một năm"),
                (Press("CSTĐCS"), ["Đã thêm nguyễn văn an", "chưa đủ điều kiện", "❌ Vượt tỷ lệ"]),
                (Press("Gửi Văn phòng"), "Hồ sơ còn thiếu: Tờ trình đề nghị khen thưởng"),
            ],
        )
        for part, whose in (
            ("Tờ trình", None),
            ("Danh sách đề nghị", None),
            ("Biên bản họp", None),
            ("Kết quả đánh giá", None),
            ("Báo cáo thành tích", "(CSTĐCS)"),
            ("sáng kiến", "(CSTĐCS)"),
        ):
            table = [(Press("Gửi tài liệu"), "thành phần nào"), (Press(part), "của ai" if whose else "Đề nghị gửi tệp")]
            if whose:
                table.append((Press(whose), "Đề nghị gửi tệp"))
            table.append((Upload(PDF, f"{part}.pdf", "application/pdf"), f"Đã nhận tệp «{part}.pdf»"))
            await converse(lan, table)
        await converse(
            lan,
            [(Press("Gửi Văn phòng"), ["Đã gửi hồ sơ về Văn phòng", "Hồ sơ đã đủ thành phần", "Trạng thái: Đã gửi"])],
        )
        async with db.transaction() as s:
            dossier = await s.scalar(select(Dossier))
        assert dossier is not None
        # Another unit cannot open it, even with a forged button: "not found", audited as a probe.
        assert "Không tìm thấy hồ sơ" in await forge(api, other, f"hs:d:{dossier.id}")
        await converse(
            year.admin,
            [
                ("/hoso", f"Số {dossier.id} · {CAO_LOC} · Đã gửi"),
                (Press(f"Số {dossier.id}"), ["Tiếp nhận", "Trả lại"]),
                (Press("Tiếp nhận"), ["Đã tiếp nhận", "đã báo 1 tài khoản", "✅ Đủ điều kiện"]),
                (Press("✅ Đủ điều kiện"), "Còn người, tập thể chưa đủ điều kiện: nguyễn văn an"),
                (Press("Trả lại"), "lý do trả lại"),
                ("Báo cáo thành tích chưa có xác nhận của thủ trưởng", "Hạn đơn vị gửi lại"),
                ("ngày mai", "Chưa đọc được ngày"),
                ("01/11/2024", "thời hạn gửi lại hồ sơ (không sớm hơn hôm nay)"),
                ("20/12/2024", ["bị trả lại", "Đề nghị đơn vị bổ sung, gửi lại trước ngày 20/12/2024"]),
            ],
        )
        await converse(
            lan,
            [
                ("/hoso", "Bị trả lại"),
                (Press("Số"), ["Lý do trả lại: Báo cáo thành tích chưa có xác nhận", "Hạn gửi lại: 20/12/2024"]),
            ],
        )
        assert "Văn phòng" not in " ".join(other.last_buttons)
        async with db.transaction() as s:
            status = await s.scalar(select(Dossier.status))
            documents = (await s.scalars(select(DossierDocument))).all()
            actions = (await s.scalars(select(AuditEntry.action))).all()
            probes = (await s.scalars(select(AuditEntry.action).where(AuditEntry.outcome == "not_found"))).all()
        assert status is DossierStatus.RETURNED and len(documents) == 6
        assert {"dossier.create", "dossier.nominee", "dossier.attach", "dossier.submit", "dossier.receive"} <= set(
            actions
        )
        assert "dossier.return" in actions and probes == ["dossier.view"]
