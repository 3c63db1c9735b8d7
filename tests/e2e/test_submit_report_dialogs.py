"""Submitting a report as an officer lives it, through the real PTB stack and the fake Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from services import submissions
from storage.models import Obligation, ObligationStatus, RoundStatus, Submission, SubmissionFile
from storage.repos import rounds as round_repo
from tests.e2e.harness import ADMIN_ID, Press, Upload, texts
from tests.e2e.officer_helpers import (
    EXE,
    PDF,
    PDF_2,
    button_data,
    docx,
    forge,
    is_stale,
    june_bot,
    link,
    plain_zip,
    round_id,
    stored_files,
    submission_count,
    talk,
)

ASK_FILES = 'Có thể gửi nhiều tệp; gõ "Xong" khi đã gửi đủ.'
MiB = 1024 * 1024


async def test_two_files_and_a_note_then_a_second_version(api: FakeBotApi, tmp_path: Path) -> None:
    officer, office = SimUser(api, 1001, "Lan"), SimUser(api, ADMIN_ID, "Văn phòng")
    async with june_bot(api, tmp_path) as bot:
        await talk(office, [("/start", "Văn phòng Thanh tra tỉnh")])
        await link(bot, officer, "TTH-CL")
        await talk(
            officer,
            [
                ("/nopbaocao", ["Chọn kỳ báo cáo cần nộp", "II.1 · Báo cáo sơ kết", "IV.3 · Tổng hợp"]),  # I.3: /dangky
                (
                    Press("II.1"),
                    [
                        "Hạn nộp: 17:00 10/06/2024 — còn 5 ngày",
                        "Đồng chí vui lòng gửi tệp báo cáo (PDF hoặc Word) đã ký, đóng dấu.",
                        ASK_FILES,
                    ],
                ),
                (
                    Upload(PDF, "bao-cao-6-thang.pdf"),
                    [f"Đã nhận tệp bao-cao-6-thang.pdf (PDF, {len(PDF)} B)", "Số tệp: 1"],
                ),
                (Upload(docx(), "phu-luc.docx"), ["Đã nhận tệp phu-luc.docx (DOCX", "Số tệp: 2"]),
                ("Kính gửi Văn phòng: báo cáo kèm phụ lục số liệu & biểu mẫu.", "Đã ghi nhận ghi chú"),
                (
                    "Xong",
                    [
                        "kiểm tra, xác nhận",
                        "Kỳ báo cáo: Báo cáo sơ kết công tác thi đua",
                        "Đơn vị: Thanh tra huyện Cao Lộc",
                        f"Tệp đính kèm (2):\n• bao-cao-6-thang.pdf — PDF, {len(PDF)} B\n• phu-luc.docx — DOCX",
                        "Ghi chú: Kính gửi Văn phòng: báo cáo kèm phụ lục số liệu & biểu mẫu.",
                        "Gửi lúc 09:00 05/06/2024: đúng hạn",
                    ],
                ),
                (
                    Press("Gửi"),
                    [
                        "Văn phòng Thanh tra tỉnh đã nhận Báo cáo sơ kết",
                        "của Thanh tra huyện Cao Lộc, lần nộp thứ 1",
                        "Mã tiếp nhận: BC24-",
                        "Thời gian: 09:00 05/06/2024 — đúng hạn",
                        "Số tệp: 2",
                    ],
                ),
            ],
        )
        notice = await api.wait_for_message(office.chat_id, lambda m: "đã nộp" in m.get("text", ""), timeout=10)
        assert "\n" not in notice["text"] and "reply_markup" not in notice
        assert notice["text"].startswith("📥 Thanh tra huyện Cao Lộc đã nộp Báo cáo sơ kết")
        assert "(lần 1), mã BC24-" in notice["text"]
        await talk(
            officer,
            [
                ("/nopbaocao", ["II.1 · Báo cáo sơ kết", "(đã nộp)"]),
                (Press("II.1"), ASK_FILES),
                (Upload(PDF_2, "bo-sung.pdf"), "Số tệp: 1"),
                (Press("Xong"), "Tệp đính kèm (1)"),
                (Press("Gửi"), ["lần nộp thứ 2", "đúng hạn"]),
            ],
        )
        async with bot.db.transaction() as s:
            rows = (await s.scalars(select(Submission).order_by(Submission.version))).all()
            names = (await s.scalars(select(SubmissionFile.file_name).order_by(SubmissionFile.id))).all()
        assert [(r.version, r.late) for r in rows] == [(1, False), (2, False)]
        assert rows[0].note == "Kính gửi Văn phòng: báo cáo kèm phụ lục số liệu & biểu mẫu."
        assert names == ["bao-cao-6-thang.pdf", "phu-luc.docx", "bo-sung.pdf"]
        assert rows[0].receipt_code in texts(officer) and rows[1].receipt_code in texts(officer)


async def test_bad_files_and_bad_input_get_clear_answers_and_change_nothing(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1002, "Hùng")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTH-VL")
        await talk(
            officer,
            [
                ("/nopbaocao", "Chọn kỳ báo cáo"),
                ("II.1", "chọn bằng các nút"),  # text where a button is expected
                (Upload(PDF, "bao-cao.pdf"), "chưa nhận tệp"),  # a file before a round is chosen
                (Press("II.1"), ASK_FILES),
                ("Xong", "Chưa có tệp nào"),
                (Upload(b"%PDF-" + b"0" * (21 * MiB), "qua-lon.pdf"), "vượt quá dung lượng cho phép (20 MB)"),
                (Upload(EXE, "x.pdf"), "Tệp «x.pdf» bị hỏng hoặc không phải tệp PDF thật"),
                (Upload(plain_zip(), "ho-so.zip"), "Loại tệp không được chấp nhận"),
                (Upload(EXE, "setup.exe"), "Loại tệp không được chấp nhận"),
                (Upload(b"", "rong.pdf"), "Tệp rỗng"),
                (Upload(PDF, "thu-muc/bao-cao.pdf"), "ký tự không hợp lệ"),
                (Upload(PDF, "bao\x07cao.pdf"), "ký tự không hợp lệ"),
                (Upload(docx(), "bao-cao.pdf"), "Tệp có đuôi .pdf nhưng nội dung là DOCX"),
                (Upload(PDF, "bao-cao.pdf"), "Số tệp: 1"),
                (Upload(PDF, "ban-sao.pdf"), "đã có trong danh sách"),
                ("x" * 1995, "Đã ghi nhận ghi chú"),
                ("y" * 10, "Nội dung quá dài (tối đa 2000 ký tự)"),
                ("Xong", ["Tệp đính kèm (1)", "• bao-cao.pdf — PDF"]),
                ("gửi đi", "chọn bằng các nút"),  # text that names no choice
                (Upload(PDF_2, "them.pdf"), "bấm «Sửa»"),
                ("/huy", "Đã hủy thao tác"),
            ],
        )
        assert await submission_count(bot) == 0
        assert len(stored_files(tmp_path)) == 1  # the one good PDF, now an orphan: no half submission


async def test_forged_round_of_another_unit_or_a_closed_round_is_refused(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1003, "Mai")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTH-CL")
        await talk(officer, [("/nopbaocao", "Chọn kỳ báo cáo")])
        for ref in ("II.6", "IV.5", "I.4"):  # the clusters', the divisions' rounds
            answer = await forge(api, officer, f"sb:r:{await round_id(bot, ref)}")
            assert "Đơn vị của đồng chí không phải nộp" in answer
        for garbage in ("sb:r:999999", "sb:r:abc", "sb:ok:", "sb:x:../../etc", "sb:zzz", "sb"):
            answer = await forge(api, officer, garbage)
            assert "không phải nộp" in answer or is_stale(answer), (garbage, answer)
        closed = await round_id(bot, "II.1")
        async with bot.db.transaction() as s:
            row = await round_repo.round_(s, closed)
            assert row is not None
            row.status = RoundStatus.CLOSED
        assert "đã đóng" in await forge(api, officer, f"sb:r:{closed}")
        assert await submission_count(bot) == 0


async def test_replayed_confirm_and_edit_remove_a_file(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1004, "Tú")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTS-TC")
        await talk(
            officer,
            [
                ("/nopbaocao", "II.1"),
                (Press("II.1"), ASK_FILES),
                (Upload(PDF, "nham.pdf"), "Số tệp: 1"),
                (Upload(PDF_2, "dung.pdf"), "Số tệp: 2"),
                ("Ghi chú cũ", "Đã ghi nhận"),
                ("Xong", "Tệp đính kèm (2)"),
            ],
        )
        first_send = button_data(officer, "Gửi")
        await talk(
            officer,
            [
                (Press("Sửa"), ["Sửa nội dung gửi", "nham.pdf", "dung.pdf", "Bỏ ghi chú"]),
                (Press("❌ nham.pdf"), ["Tệp hiện có (1)", "dung.pdf"]),
                (Press("Bỏ ghi chú"), "Ghi chú: không có"),
                (Press("Xong"), ["Tệp đính kèm (1)", "• dung.pdf", "Ghi chú: không có"]),
            ],
        )
        # The summary before "Sửa" had its own token: pressing its [Gửi] now sends nothing.
        assert is_stale(await forge(api, officer, first_send))
        send = button_data(officer, "Gửi")
        await talk(officer, [(Press("Gửi"), "lần nộp thứ 1")])
        assert "không còn hiệu lực" in await forge(api, officer, send)  # the replay
        assert await submission_count(bot) == 1
        async with bot.db.transaction() as s:
            names = (await s.scalars(select(SubmissionFile.file_name))).all()
        assert names == ["dung.pdf"]


async def test_deep_entry_from_nhiemvu_and_a_late_submission(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1005, "Bình")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "PNV1")
        await talk(
            officer,
            [
                ("/nhiemvu", ["I.3. Đăng ký thi đua năm 2024", "quá hạn 82 ngày", "I.4.", "chưa nộp"]),
                (Press("Nộp: I.4"), ["Xây dựng và nhân rộng", "quá hạn 66 ngày", ASK_FILES]),
                (Upload(PDF, "dien-hinh.pdf"), "Số tệp: 1"),
                (Press("Xong"), "Gửi lúc 09:00 05/06/2024: nộp muộn"),
                (Press("Gửi"), ["lần nộp thứ 1", "nộp muộn"]),
                ("/nhiemvu", ["I.4.", "Tình trạng: nộp muộn (lần 1, 09:00 05/06/2024)"]),
            ],
        )
        async with bot.db.transaction() as s:
            obligation = await s.scalar(select(Obligation).where(Obligation.versions == 1))
        assert obligation is not None and obligation.status == ObligationStatus.SUBMITTED and obligation.late


async def test_restart_in_the_middle_keeps_the_collected_files(api: FakeBotApi, tmp_path: Path) -> None:
    officer = SimUser(api, 1006, "Hạnh")
    async with june_bot(api, tmp_path) as bot:
        await link(bot, officer, "TTH-CL")
        await talk(
            officer,
            [("/nopbaocao", "II.1"), (Press("II.1"), ASK_FILES), (Upload(PDF, "truoc.pdf"), "Số tệp: 1")],
        )
    async with june_bot(api, tmp_path) as bot:
        await talk(
            officer,
            [
                (Upload(PDF_2, "sau.pdf"), "Số tệp: 2"),  # still at the file step after the restart
                ("Xong", ["• truoc.pdf", "• sau.pdf"]),
                (Press("Gửi"), "lần nộp thứ 1"),
            ],
        )
        assert await submission_count(bot) == 1


async def test_a_crash_between_download_and_commit_leaves_no_half_submission(
    api: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer, office = SimUser(api, 1007, "Dũng"), SimUser(api, ADMIN_ID, "Văn phòng")
    real_submit = submissions.submit

    async def submit_then_crash(*args: object, **kwargs: object) -> object:
        await real_submit(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("mất kết nối cơ sở dữ liệu")

    async with june_bot(api, tmp_path) as bot:
        await talk(office, [("/start", "Văn phòng Thanh tra tỉnh")])
        await link(bot, officer, "TTH-CL")
        await talk(
            officer,
            [
                ("/nopbaocao", "II.1"),
                (Press("II.1"), ASK_FILES),
                (Upload(PDF, "bao-cao.pdf"), "Số tệp: 1"),
                ("Xong", "Tệp đính kèm (1)"),
            ],
        )
        monkeypatch.setattr(submissions, "submit", submit_then_crash)
        await talk(officer, [(Press("Gửi"), "hệ thống gặp sự cố")])
        assert await submission_count(bot) == 0
        async with bot.db.transaction() as s:
            assert (await s.scalars(select(SubmissionFile))).all() == []
            obligation = await s.scalar(select(Obligation).where(Obligation.versions > 0))
            assert obligation is None
        assert len(stored_files(tmp_path)) == 1  # an orphan in the store, nothing in the database
        await api.wait_for_message(office.chat_id, lambda m: "Lỗi hệ thống" in m.get("text", ""), timeout=10)
        monkeypatch.setattr(submissions, "submit", real_submit)
        # The dialog was rolled back with the rest: the same [Gửi] now goes through, once.
        await talk(officer, [(Press("Gửi"), "lần nộp thứ 1")])
        assert await submission_count(bot) == 1
