"""The year's Excel export and its queries, on SQLite and PostgreSQL, opened and checked with openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core.clock import FixedClock
from services import plan_import, registration_flow, submissions
from services.actors import Actor
from services.award_catalog import default_catalog
from services.errors import Forbidden, Refusal
from services.export_cells import AMBER, GREEN, PURPLE, RED
from services.export_workbook import build_export
from services.registration_paste import parse_paste
from services.registration_submit import RegistrationDraft, ScanRef, add_people
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import AccountRole, UnitKind
from storage.repos import accounts as account_repo
from storage.repos import export as export_repo
from storage.repos import registrations as registration_repo
from tests import factories as f
from tests.factories import round_for

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SCAN = ScanRef(sha256="ab" * 32, name="DangKy.pdf", mime="application/pdf", size=2048)


def upload(name: str) -> StoredUpload:
    return StoredUpload(sha256="b" * 64, file_name=name, mime_type="application/pdf", size=10, label="PDF")


class World:
    def __init__(self, db: Database, boss: Actor, receipts: dict[str, str]) -> None:
        self.db, self.boss, self.receipts = db, boss, receipts


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> World:
    """The 2024 plan; clock 12/06/2024 09:30 local. II.1 was due 10/06, II.2 is due 30/06."""
    now = clock.now()
    await f.load_default_units(db, now)
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), now, TZ, label="test")
    boss = await f.admin(db, 1, now)
    late = await f.officer(db, 10, "TTH-CL", now)
    on_time = await f.officer(db, 11, "TTS-TC", now)
    returned = await f.officer(db, 12, "TTH-VL", now)
    ii1, ii2 = await round_for(db, "II.1"), await round_for(db, "II.2")
    receipts = {}
    async with db.transaction() as s:
        receipt = await submissions.submit(s, late, ii1, [upload("bao-cao-6-thang.pdf")], "=SUM(A1) \x07", now)
        receipts["late"] = receipt.submission.receipt_code
        receipt = await submissions.submit(s, on_time, ii2, [upload("a.pdf"), upload("b.pdf")], None, now)
        receipts["accepted"] = receipt.submission.receipt_code
        accepted_id = receipt.submission.id
        receipt = await submissions.submit(s, returned, ii2, [upload("c.pdf")], None, now - timedelta(days=1))
        receipts["returned"] = receipt.submission.receipt_code
        returned_id = receipt.submission.id
    async with db.transaction() as s:
        await submissions.review(s, boss, accepted_id, accept=True, reason=None, now=now)
        await submissions.review(s, boss, returned_id, accept=False, reason="Thiếu số liệu & chữ ký", now=now)
    return World(db, boss, receipts)


async def export(world: World, clock: FixedClock, actor: Actor | None = None, year: int = 2024) -> Any:
    async with world.db.transaction() as s:
        result = await build_export(s, actor or world.boss, year, tz=TZ, now=clock.now())
    assert result.file_name == f"thi-dua-{year}.xlsx" and result.rounds == 7
    return load_workbook(io.BytesIO(result.content))


def find_row(sheet: Any, first_cell: str) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == first_cell)


def find_column(sheet: Any, prefix: str) -> int:
    return next(cell.column for cell in sheet[1] if isinstance(cell.value, str) and cell.value.startswith(prefix))


async def test_the_workbook(world: World, clock: FixedClock) -> None:
    workbook = await export(world, clock)
    assert workbook.sheetnames == ["Tình hình", "Văn bản đã nộp", "Đơn vị", "Tổng hợp đăng ký thi đua"]
    status_matrix(workbook["Tình hình"])
    submission_list(workbook["Văn bản đã nộp"], world)
    unit_list(workbook["Đơn vị"])
    register = workbook["Tổng hợp đăng ký thi đua"]  # nobody has registered: the header alone
    assert [c.value for c in register[1]][:4] == ["STT", "Đơn vị", "Đối tượng", "Họ và tên / Tên tập thể"]
    assert register.max_row == 1


async def test_the_register_sheet(world: World, clock: FixedClock) -> None:
    """A unit's registration is in the /xuat workbook: its collective row (bold), then its people."""
    march = datetime(2024, 3, 5, 2, 0, tzinfo=UTC)  # before the registration round's deadline (15/03)
    khdt = await f.officer(world.db, 30, "TTS-KHDT", clock.now())
    catalog = default_catalog()
    people = parse_paste("Nguyễn Văn An - Trưởng phòng - CSTĐCS", catalog)
    draft = add_people(
        RegistrationDraft(collective_title_code="TTLDTT", commitments="Hoàn thành kế hoạch.", scan=SCAN),
        people.entries,
    )
    async with world.db.transaction() as s:
        (registration_round,) = await registration_repo.registration_rounds(s, year=2024)
        sent = await registration_flow.send(s, khdt, catalog, draft, round_id=registration_round.id, now=march, tz=TZ)
    sheet = (await export(world, clock))["Tổng hợp đăng ký thi đua"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    code = sent.receipt.submission.receipt_code
    assert [row[:4] for row in rows] == [
        [1, "Thanh tra Sở Kế hoạch và Đầu tư", "Tập thể", "Thanh tra Sở Kế hoạch và Đầu tư"],
        [2, "Thanh tra Sở Kế hoạch và Đầu tư", "Cá nhân", "Nguyễn Văn An"],
    ]
    assert rows[0][5] == "Tập thể lao động tiên tiến" and rows[0][7] == "Hoàn thành kế hoạch."
    assert rows[1][4:6] == ["Trưởng phòng", "Chiến sĩ thi đua cơ sở"]
    assert [row[8:11] for row in rows] == [[code, 1, datetime(2024, 3, 5, 9, 0)]] * 2
    assert sheet["K2"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["B2"].font.b and not sheet["B3"].font.b
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L3"


def status_matrix(sheet: Any) -> None:
    assert sheet.freeze_panes == "B2" and sheet.row_dimensions[1].height == 90
    ii1, ii2 = find_column(sheet, "II.1 "), find_column(sheet, "II.2 ")
    assert "Hạn: 10/06/2024" in sheet.cell(row=1, column=ii1).value

    late = sheet.cell(row=find_row(sheet, "Thanh tra huyện Cao Lộc"), column=ii1)
    assert (late.value, late.number_format) == (datetime(2024, 6, 12), "DD/MM/YYYY")
    assert late.fill.fgColor.rgb == f"FF{AMBER}"
    missing = sheet.cell(row=find_row(sheet, "Cụm thi đua số 1 - Thanh tra các huyện, thành phố"), column=ii1)
    assert missing.value == "Chưa nộp" and missing.fill.fgColor.rgb == f"FF{RED}"
    accepted = sheet.cell(row=find_row(sheet, "Thanh tra Sở Tài chính"), column=ii2)
    assert accepted.fill.fgColor.rgb == f"FF{GREEN}" and accepted.font.b
    returned = sheet.cell(row=find_row(sheet, "Thanh tra huyện Văn Lãng"), column=ii2)
    assert returned.value == datetime(2024, 6, 11) and returned.fill.fgColor.rgb == f"FF{PURPLE}"
    not_owed = sheet.cell(row=find_row(sheet, "Phòng Nghiệp vụ 1"), column=ii1)  # divisions do not owe II.1
    assert not_owed.value is None
    assert "Chú thích" in [c.value for c in sheet[1]]
    assert any(c.value == "Nộp muộn (ngày nộp)" and c.fill.fgColor.rgb == f"FF{AMBER}" for c in sheet[3])
    totals = sheet[sheet.max_row]
    assert totals[0].value == "Số đơn vị đã nộp" and totals[ii1 - 1].value == "1/31" and totals[ii2 - 1].value == "1/31"
    # Office, leadership and the Council owe nothing in 2024: they are not rows of the matrix.
    assert "Văn phòng Thanh tra tỉnh" not in [row[0].value for row in sheet.iter_rows(min_row=2)]


def submission_list(sheet: Any, world: World) -> None:
    rows = {row[3].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == set(world.receipts.values())
    late = rows[world.receipts["late"]]
    assert [c.value for c in late[:3]] == ["Thanh tra huyện Cao Lộc", late[1].value, 1]
    assert late[1].value.startswith("Báo cáo sơ kết")
    assert (late[4].value, late[4].number_format) == (datetime(2024, 6, 12, 9, 30), "DD/MM/YYYY HH:MM")
    assert (late[5].value, late[6].value, late[7].value) == ("Muộn", "Đã nộp, chờ xem xét", "bao-cao-6-thang.pdf")
    assert late[8].value == "=SUM(A1) " and late[8].data_type == "s"  # text stays text, never a formula
    returned = rows[world.receipts["returned"]]
    assert (returned[5].value, returned[6].value, returned[9].value) == (
        "Đúng hạn",
        "Bị trả lại",
        "Thiếu số liệu & chữ ký",
    )
    assert rows[world.receipts["accepted"]][7].value == "a.pdf; b.pdf"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J4"


def unit_list(units: Any) -> None:
    tc = next(row for row in units.iter_rows(min_row=2) if row[0].value == "TTS-TC")
    assert [c.value for c in tc[1:3]] == ["Thanh tra Sở Tài chính", "Thanh tra sở, ban, ngành"]
    assert (tc[4].value, tc[4].number_format) == (datetime(2025, 6, 30), "DD/MM/YYYY")
    assert tc[5].value == "Thanh tra tỉnh Lạng Sơn" and tc[6].value == 1
    assert tc[7].value == "Cán bộ 11 — Cán bộ đầu mối của đơn vị"
    assert units["A2"].value == "VP"  # the Office first, as the Office reads its list


async def test_leaders_may_export_officers_may_not_and_empty_years_are_refused(world: World, clock: FixedClock) -> None:
    leader = await f.officer(world.db, 20, "LD", clock.now())
    async with world.db.transaction() as s:
        account = await account_repo.get(s, leader.account_id)
        assert account is not None
        account.role = AccountRole.LEADER
    leader = await f.reload(world.db, leader)
    assert "Tình hình" in (await export(world, clock, leader)).sheetnames
    officer = await f.officer(world.db, 21, "TTS-XD", clock.now())
    with pytest.raises(Forbidden):
        await export(world, clock, officer)
    with pytest.raises(Refusal) as refused:
        await export(world, clock, year=2030)
    assert refused.value.key == "export.no_rounds"


async def test_repository_queries(world: World, clock: FixedClock) -> None:
    async with world.db.transaction() as s:
        units = await export_repo.units(s)
        rounds = await export_repo.rounds_of_year(s, 2024)
        obligations = await export_repo.obligations_of_year(s, 2024)
        rows = await export_repo.submissions_of_year(s, 2024)
        files = await export_repo.file_names_of_year(s, 2024)
        officers = await export_repo.active_officers(s)
        years = await export_repo.years_with_rounds(s)
        assert await export_repo.rounds_of_year(s, 2023) == []
    kinds = [u.kind for u in units]
    assert kinds == sorted(kinds, key=list(UnitKind).index) and len(units) == 40
    assert [r.deadline for r in rounds] == sorted(r.deadline for r in rounds) and len(rounds) == 7
    assert {(r.quarter, r.item_no) for r in rounds} >= {(1, 3), (2, 1), (4, 5)}
    assert len(obligations) == 36 + 5 + 31 + 31 + 3 + 31 + 5
    assert sorted(r.receipt_code for r in rows) == sorted(world.receipts.values())
    assert sorted(len(names) for names in files.values()) == [1, 1, 2]
    assert {o.display_name for o in officers} >= {"Cán bộ 10", "Cán bộ 11", "Cán bộ 12"}
    assert list(years) == [2024]
    assert all(isinstance(r.submitted_at, datetime) and r.submitted_at.tzinfo for r in rows)
    assert date(2024, 6, 12) in {r.submitted_at.astimezone(TZ).date() for r in rows}
