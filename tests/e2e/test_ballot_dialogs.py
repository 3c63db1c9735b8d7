"""/bophieu through the real stack: the Office seats the council, convenes a session from the eligible
dossiers, publishes the list (members told), opens the ballot once the publication days are over;
members vote by pressing, change their mind (the second answer replaces the first), a non-member's
forged button and a vote after the close are refused; closing counts each nominee against its rule,
moves the dossiers and sends the minutes. Afterwards no table links a member to an answer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from storage.models import AuditEntry, BallotEntry, Dialog, Dossier, DossierStatus, Nominee
from tests.e2e.harness import Press, converse, shown_since
from tests.e2e.officer_helpers import forge
from tests.e2e.yearend_helpers import document_text, eligible_dossier, sent_documents, year_bot

PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


async def test_council_session_secret_ballot_and_count(api: FakeBotApi, tmp_path: Path) -> None:
    async with year_bot(api, tmp_path) as year:
        db = year.runtime.db
        chair, _ = await year.person(3001, "Hoàng", "LD")
        second, _ = await year.person(3002, "Mai", "PNV1")
        third, _ = await year.person(3003, "Tùng", "PNV2")
        lan, cao_loc = await year.person(2002, "Lan", "TTH-CL")
        await eligible_dossier(year, cao_loc, PEOPLE)
        admin = year.admin
        await converse(
            admin,
            [
                ("/bophieu", "Hội đồng, phiên họp"),
                (Press("Hội đồng, phiên họp"), "Chưa có Hội đồng Thi đua - Khen thưởng năm 2024"),
                (Press("Lập Hội đồng"), ["chọn các thành viên Hội đồng", "Xong (0 thành viên)"]),
                (Press("Cán bộ 3001"), "Xong (1 thành viên)"),
                (Press("Cán bộ 3002"), "Xong (2 thành viên)"),
                (Press("Cán bộ 3003"), "Xong (3 thành viên)"),
                (Press("Văn phòng"), "Xong (4 thành viên)"),
                (Press("Xong"), "Ai là Chủ tịch Hội đồng?"),
                (Press("Cán bộ 3001"), "Ủy viên thường trực"),
                (Press("Văn phòng"), ["Đã lưu Hội đồng với 4 thành viên", "Chủ tịch Hội đồng: Cán bộ 3001"]),
                (Press("Triệu tập phiên họp"), "Ngày họp Hội đồng"),
                ("01/01/2024", "Ngày họp đã qua"),
                ("20/12/2024", "Địa điểm họp"),
                ("Phòng họp tầng 2", "bao nhiêu ngày"),
                ("99", "Số ngày công khai danh sách phải từ 0 đến 60 ngày"),
                ("3", ["Danh sách đề nghị (3 trường hợp", "1. Nguyễn Văn An — Thanh tra huyện Cao Lộc (LĐTT)"]),
                (Press("Quy định biểu quyết"), "tỷ lệ đồng ý"),
                ("70, 50, tất cả, có", ["Đã sửa quy định", "đồng ý từ 70% trên tổng số thành viên"]),
                (Press("Triệu tập"), ["Đã triệu tập phiên họp với 3 trường hợp; 1 hồ sơ", "Trạng thái: dự thảo"]),
                (Press("Công khai danh sách"), ["Đã công khai danh sách", "mở bỏ phiếu được từ"]),
                (Press("Mở bỏ phiếu"), "đang trong thời gian công khai"),
            ],
        )
        assert "công khai danh sách đề nghị xét khen thưởng" in shown_since(chair, 0)
        assert "Trần Thị Bình" in shown_since(second, 0)
        year.clock.at += timedelta(days=3)  # the publication is over (and yesterday's dialog has expired)
        await converse(
            admin,
            [
                ("/bophieu", "Hội đồng, phiên họp"),
                (Press("Hội đồng, phiên họp"), "Phiên họp 20/12/2024 · đang công khai danh sách"),
                (Press("Phiên họp 20/12"), "Mở bỏ phiếu"),
                (Press("Mở bỏ phiếu"), ["Đã mở bỏ phiếu", "Trạng thái: đang bỏ phiếu"]),
            ],
        )
        assert "Đề nghị đồng chí gõ /bophieu" in shown_since(third, 0)
        async with db.transaction() as s:
            session_id = await s.scalar(select(Nominee.session_id))
            ids = {n.name: n.id for n in await s.scalars(select(Nominee))}
        an, binh, cuong = (ids[name] for name in PEOPLE)
        await _ballot(chair, [(". Đồng ý: Nguyễn Văn An", "«✅ Đồng ý» đối với Nguyễn Văn An")])
        await converse(chair, [(Press("Không đồng ý: Nguyễn Văn An"), "«❌ Không đồng ý» đối với Nguyễn Văn An")])
        await converse(chair, [(Press(". Đồng ý: Nguyễn Văn An"), "«✅ Đồng ý»")])  # changed back: replaces
        await converse(
            chair, [(Press(". Đồng ý: Trần Thị Bình"), "Trần Thị Bình"), (Press(". Đồng ý: Lê Văn Cường"), "Cường")]
        )
        await converse(chair, [(Press("Xem lại phiếu"), ["đã cho ý kiến 3/3 trường hợp", "(LĐTT): ✅ Đồng ý"])])
        await _ballot(second, [(". Đồng ý: Nguyễn Văn An", "Nguyễn Văn An")])
        await converse(second, [(Press(". Đồng ý: Trần Thị Bình"), "Bình"), (Press(". Đồng ý: Lê Văn Cường"), "Cường")])
        await converse(second, [(Press("Không đồng ý: Lê Văn Cường"), "«❌ Không đồng ý» đối với Lê Văn Cường")])
        await _ballot(third, [(". Đồng ý: Nguyễn Văn An", "An"), ("Không đồng ý: Trần Thị Bình", "Bình")])
        await converse(admin, [("/bophieu", "Phiếu: phiên họp ngày 20/12/2024"), (Press("Phiếu"), "PHIẾU BẦU KÍN")])
        await converse(admin, [(Press(". Đồng ý: Nguyễn Văn An"), "Đã ghi nhận")])
        # Someone outside the council presses a forged ballot button: refused, nothing written.
        assert "không phải là thành viên" in await forge(api, lan, f"bp:v:{session_id}:{an}:y")
        await converse(
            admin,
            [
                ("/bophieu", "Hội đồng, phiên họp"),
                (Press("Hội đồng, phiên họp"), "Phiên họp 20/12/2024 · đang bỏ phiếu"),
                (Press("Phiên họp 20/12"), "Kết thúc bỏ phiếu"),
                (Press("Kết thúc bỏ phiếu"), "Phiếu được kiểm ngay"),
                (
                    Press("Kết thúc và kiểm phiếu"),
                    [
                        "Đã kết thúc bỏ phiếu: 4/4 thành viên đã bỏ phiếu",
                        "Nguyễn Văn An đạt 4/4 phiếu đồng ý (100%), đạt tỷ lệ quy định (70%)",
                        "Trần Thị Bình đạt 2/4 phiếu đồng ý (50%), không đạt",
                        "Lê Văn Cường đạt 1/4 phiếu đồng ý (25%), không đạt",
                    ],
                ),
            ],
        )
        # A member presses an old ballot button after the close.
        await converse(third, [(Press(". Đồng ý: Lê Văn Cường"), "đã kết thúc bỏ phiếu")])
        minutes = next(content for name, content in sent_documents(api, admin.chat_id) if name.startswith("bien-ban"))
        words = document_text(minutes)
        assert "BIÊN BẢN" in words and "Nguyễn Văn An" in words and "4/4" in words and "Đạt" in words
        assert "Hội đồng đã thông qua" in shown_since(lan, 0)  # the proposing unit is told
        async with db.transaction() as s:
            rows = (await s.execute(select(BallotEntry.nominee_id, BallotEntry.choice))).all()
            counted = {n.id: (n.yes_count, n.no_count, n.passed) for n in await s.scalars(select(Nominee))}
            status = await s.scalar(select(Dossier.status))
            columns = [c["name"] for c in (await s.execute(text("PRAGMA table_info(ballot_entries)"))).mappings()]
            audited = (await s.scalars(select(AuditEntry.action))).all()
            dialogs = (await s.scalars(select(Dialog))).all()
        assert counted == {an: (4, 0, True), binh: (2, 1, False), cuong: (1, 1, False)}
        assert len(rows) == 12  # one row per member and nominee: a second answer replaced the first
        assert status is DossierStatus.PASSED
        assert set(columns) == {"nominee_id", "tag", "session_id", "choice", "seal"}  # no voter, no time
        assert not any("vote" in action or "ballot" in action for action in audited)
        # What the members' chats keep: every "Đồng ý" stored beside its "Không đồng ý", nothing chosen.
        for dialog in dialogs:
            data = {str(d) for _n, d, _l in (dialog.prompt or {}).get("c", [])}
            assert all(d[:-1] + "n" in data for d in data if d.startswith("bp:v:") and d.endswith(":y"))
            assert "choice" not in dialog.data and "vote" not in str(dialog.data)


async def _ballot(member: SimUser, presses: list[tuple[str, str]]) -> None:
    """Open the member's ballot with /bophieu, then press each answer."""
    await converse(member, [("/bophieu", ["PHIẾU BẦU KÍN", "đã cho ý kiến"])])
    await converse(member, [(Press(label), expected) for label, expected in presses])
