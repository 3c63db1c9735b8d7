"""The minutes, the decision with its list and the tờ trình: NĐ 30/2020 blocks present, the counts right."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document

from core.clock import FixedClock
from services.award_catalog import default_catalog
from services.commendation import ballot, decisions
from services.commendation.decisions import DecisionInput
from services.commendation.documents import content
from services.commendation.documents.render import date_words, money
from storage.db import Database
from storage.models import Choice
from tests.council_helpers import SECRET, World, make_world

CATALOG = default_catalog()
HEAD = content.Letterhead()


def text_of(data: bytes) -> str:
    """Every paragraph, in the body and in table cells, one per line."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


async def closed_world(db: Database, clock: FixedClock) -> World:
    w = await make_world(db, clock.now(), size=4, nominees=3, absent=1)
    pattern = {
        0: [Choice.YES] * 4,
        1: [Choice.YES, Choice.YES, Choice.NO, Choice.NO],
        2: [Choice.NO] * 3 + [Choice.YES],
    }
    for j, choices in pattern.items():
        for i, choice in enumerate(choices):
            async with db.transaction() as s:
                await ballot.vote(s, w.members[i], SECRET, w.session_id, w.nominee_ids[j], choice)
    async with db.transaction() as s:
        await ballot.close_ballot(s, w.office, SECRET, w.session_id, clock.now() + timedelta(days=4))
    return w


async def documents(db: Database, clock: FixedClock) -> tuple[bytes, bytes, bytes]:
    w = await closed_world(db, clock)
    async with db.transaction() as s:
        data = await content.minutes_data(s, CATALOG, w.session_id)
        minutes = content.minutes_docx(data, HEAD, number_symbol="01/BB-HĐTĐKT", opened="08 giờ 00", closed="10 giờ 30")
        people = await decisions.passed_recipients(s, w.session_id, "CSTDCS", amount_each=2_340_000)
        made = await decisions.record_decision(
            s,
            w.office,
            CATALOG,
            DecisionInput(
                "TTr",
                "THANH TRA TỈNH LẠNG SƠN",
                12,
                "QĐ-TTr",
                date(2024, 12, 28),
                "Đậu Trường An",
                "CHÁNH THANH TRA",
                "CSTDCS",
                2024,
                "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024",
            ),
            people,
            clock.now(),
            session_id=w.session_id,
        )
        decision = await content.decision_docx(
            s, CATALOG, made.id, HEAD, proposer="Chánh Văn phòng", recipients=["Như Điều 3;", "Lưu: VT, VP."]
        )
        submission = content.submission_docx(
            data,
            CATALOG,
            HEAD,
            award_code="CSTDCS",
            number_symbol="15/TTr-TTr",
            day=date(2024, 12, 29),
            addressee="Sở Nội vụ tỉnh Lạng Sơn",
            addressee_head="Giám đốc Sở Nội vụ",
            minutes_ref="Biên bản số 01/BB-HĐTĐKT",
            signer="Đậu Trường An",
            signer_title="CHÁNH THANH TRA",
            recipients=["Như trên;", "Lưu: VT, VP."],
        )
    return minutes, decision, submission


async def test_the_three_documents_carry_the_state_format_and_the_counts(db: Database, clock: FixedClock) -> None:
    minutes, decision, submission = await documents(db, clock)
    for data in (minutes, decision, submission):
        text = text_of(data)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "UBND TỈNH LẠNG SƠN" in text and "THANH TRA TỈNH" in text
        assert "{{" not in text and "{%" not in text
    m = text_of(minutes)
    assert "BIÊN BẢN" in m and "Số: 01/BB-HĐTĐKT" in m and "Lạng Sơn, ngày 20 tháng 12 năm 2024" in m
    assert "có mặt 3 đồng chí; vắng mặt 1 đồng chí (Thành viên 4)" in m and "bỏ phiếu kín" in m
    assert "1 | Nguyễn Văn 000 | Phòng Nghiệp vụ 1 | Chiến sĩ thi đua cơ sở | 4/4 | 100% | Đạt" in m
    assert "2 | Nguyễn Văn 001 | Phòng Nghiệp vụ 1 | Chiến sĩ thi đua cơ sở | 2/4 | 50% | Không đạt" in m
    assert "1/4 | 25% | Không đạt" in m and "khen thưởng 1 trường hợp" in m
    assert "CHỦ TỊCH HỘI ĐỒNG" in m and "Thành viên 1" in m  # the chair signs; the standing member is the secretary
    d = text_of(decision)
    assert "QUYẾT ĐỊNH" in d and "Số: 12/QĐ-TTr" in d and "Lạng Sơn, ngày 28 tháng 12 năm 2024" in d
    assert "Căn cứ Luật số 06/2022/QH15" in d and "Nghị định số 98/2023/NĐ-CP" in d
    assert "cho 1 cá nhân" in d and "Nơi nhận:" in d and "- Như Điều 3;" in d and "Đậu Trường An" in d
    assert "(Kèm theo Quyết định số 12/QĐ-TTr ngày 28 tháng 12 năm 2024 của Chánh Thanh tra tỉnh)" in d
    assert "1 | Nguyễn Văn 000 | Phòng Nghiệp vụ 1 | 2.340.000" in d and "Nguyễn Văn 001" not in d
    t = text_of(submission)
    assert "TỜ TRÌNH" in t and "Kính gửi: Sở Nội vụ tỉnh Lạng Sơn." in t and "Số: 15/TTr-TTr" in t
    assert "1 | Nguyễn Văn 000 | Phòng Nghiệp vụ 1 | 4/4 (100%)" in t and "Nguyễn Văn 002" not in t


async def test_user_text_cannot_break_the_document(db: Database, clock: FixedClock) -> None:
    w = await closed_world(db, clock)
    async with db.transaction() as s:
        data = await content.minutes_data(s, CATALOG, w.session_id)
    odd = content.Letterhead(issuer="THANH TRA <b>&amp; {{ x }}", place="Lạng Sơn & <Cao Bằng>")
    text = text_of(content.minutes_docx(data, odd, number_symbol="01/BB", opened="8 giờ", closed="9 giờ"))
    assert "THANH TRA <b>&amp; {{ x }}" in text and "Lạng Sơn & <Cao Bằng>, ngày" in text


def test_dates_and_money_in_the_state_format() -> None:
    assert date_words(date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert date_words(date(2024, 12, 28)) == "ngày 28 tháng 12 năm 2024"
    assert money(2_340_000) == "2.340.000"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
async def test_libreoffice_renders_the_decision_to_pdf(db: Database, clock: FixedClock, tmp_path: Path) -> None:
    if db.dialect != "sqlite":
        pytest.skip("one backend is enough to check the file")
    _, decision, _ = await documents(db, clock)
    source = tmp_path / "quyet_dinh.docx"
    source.write_bytes(decision)
    convert = await asyncio.create_subprocess_exec(
        "soffice",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(source),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert await asyncio.wait_for(convert.wait(), 120) == 0
    pdf = (tmp_path / "quyet_dinh.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 2  # decision + its list
