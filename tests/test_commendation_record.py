"""Decisions from the council's results, the commendation record, its Excel import and the next eligible award."""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from core.catalog import TEXTS
from core.clock import FixedClock
from services.award_catalog import default_catalog
from services.commendation import ballot, decisions, record
from services.commendation.decisions import DecisionInput, Recipient
from services.commendation.record_import import describe, import_records
from services.errors import Refusal
from storage.db import Database
from storage.models import Choice
from tests import factories as f
from tests.council_helpers import SECRET, make_world

CATALOG = default_catalog()


def decision(number: int, award: str = "CSTDCS", year: int = 2024) -> DecisionInput:
    return DecisionInput(
        issuer_code="TTr",
        issuer="THANH TRA TỈNH LẠNG SƠN",
        number=number,
        symbol="QĐ-TTr",
        signed_on=date(year, 12, 28),
        signer="Đậu Trường An",
        signer_title="CHÁNH THANH TRA",
        award_code=award,
        award_year=year,
        summary=f"Về việc tặng danh hiệu {award} năm {year}",
    )


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "LichSu"
    sheet.append(
        ["Năm", "Đối tượng", "Tên", "Đơn vị", "Danh hiệu, hình thức", "Số quyết định", "Ngày quyết định", "Số tiền"]
    )
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


async def test_decision_from_passed_nominees_writes_the_record(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=3, nominees=2)
    for i in range(3):
        for j, choice in enumerate((Choice.YES, Choice.NO)):
            async with db.transaction() as s:
                await ballot.vote(s, w.members[i], SECRET, w.session_id, w.nominee_ids[j], choice)
    async with db.transaction() as s:
        await ballot.close_ballot(s, w.office, SECRET, w.session_id, clock.now() + timedelta(days=4))
    async with db.transaction() as s:
        with pytest.raises(Refusal) as refused:
            await decisions.passed_recipients(s, w.session_id, "CSTDCS", only=[w.nominee_ids[1]])
        assert refused.value.key == "decision.not_passed"
        people = await decisions.passed_recipients(s, w.session_id, "CSTDCS", amount_each=2_340_000)
        assert [p.name for p in people] == ["Nguyễn Văn 000"]
        made = await decisions.record_decision(
            s, w.office, CATALOG, decision(12), people, clock.now(), session_id=w.session_id
        )
        assert (made.reference, made.amount_total, made.level) == ("12/QĐ-TTr", 2_340_000, "co_so")
    async with db.transaction() as s:
        (held,) = await record.history(s, "nguyen van 000", collective=False)
        assert (held.award_code, held.year, held.decision_ref) == ("CSTDCS", 2024, "12/QĐ-TTr")
        with pytest.raises(Refusal) as refused:  # the same number again, even for another award
            await decisions.record_decision(
                s, w.office, CATALOG, decision(12, "LDTT"), [Recipient("B", "VP")], clock.now()
            )
        assert refused.value.key == "decision.number_used"
        with pytest.raises(Refusal) as refused:  # the same award to the same person in the same year
            await decisions.record_decision(
                s, w.office, CATALOG, decision(13), [Recipient("Nguyễn Văn 000", "PNV1")], clock.now()
            )
        assert refused.value.key == "decision.already_recorded"


async def test_two_offices_typing_one_number_at_once_record_one_decision(db: Database, clock: FixedClock) -> None:
    await f.load_default_units(db, clock.now())
    office = await f.admin(db, 1, clock.now())

    async def attempt(name: str) -> str:
        try:
            async with db.transaction() as s:
                await decisions.record_decision(
                    s, office, CATALOG, decision(7, "LDTT"), [Recipient(name, "VP")], clock.now()
                )
        except Refusal as refused:
            return refused.key
        return "ok"

    outcomes = sorted(await asyncio.gather(attempt("A"), attempt("B")))
    assert outcomes == ["decision.number_used", "ok"]
    async with db.transaction() as s:  # the same number in another year is a new decision
        made = await decisions.record_decision(
            s, office, CATALOG, decision(7, "LDTT", 2025), [Recipient("A", "VP")], clock.now()
        )
        assert made.year == 2025


async def test_import_names_each_bad_row_and_writes_nothing(db: Database, clock: FixedClock) -> None:
    await f.load_default_units(db, clock.now())
    office = await f.admin(db, 1, clock.now())
    content = workbook(
        [
            [2022, "Cá nhân", "Lê Thị Hoa", "Phòng Nghiệp vụ 1", "LĐTT", "5/QĐ-TTr", "28/12/2022", 702000],
            [2022, "Cá nhân", "Lê Thị Hoa", "Văn phòng", "CSTĐCS", "6/QĐ-TTr", "28/12/2022", 0],  # two units
            [2023, "Cá nhân", "Trần Văn Nam", "Văn phòng", "Chiến sĩ thi đua xã", "", "", 0],  # unknown title
            [2023, "Tập thể", "Phòng Nghiệp vụ 1", "Thanh tra tỉnh", "LĐTT", "", "", 0],  # a person's title
            ["năm ngoái", "Cá nhân", "Hà Văn Sơn", "Văn phòng", "LĐTT", "", "", 0],
            [2023, "Cá nhân", "Hà Văn Sơn", "Văn phòng", "LĐTT", "", "31/02/2023", 0],
            [2023, "Cá nhân", "Nông Thị Mai", "Văn phòng", "LĐTT", "", "", 0],
            [2023, "Cá nhân", "Nông Thị Mai", "Văn phòng", "Lao động tiên tiến", "", "", 0],  # twice
        ]
    )
    async with db.transaction() as s:
        result = await import_records(s, office, CATALOG, content, clock.now())
    assert result.created == 0
    assert [(e.row, e.key) for e in result.errors] == [
        (3, "record.import.two_units"),
        (4, "record.import.unknown_title"),
        (5, "record.import.wrong_subject"),
        (6, "record.import.bad_year"),
        (7, "record.import.bad_date"),
        (9, "record.import.twice"),
    ]
    texts = [describe(e) for e in result.errors]
    assert texts[0] == "Dòng 3: Lê Thị Hoa năm 2022 đã ghi ở đơn vị «Phòng Nghiệp vụ 1» (dòng 2), nay ghi ở «Văn phòng»"
    assert "«Chiến sĩ thi đua xã» không có trong danh mục" in texts[1] and "cho tập thể" in texts[2]
    async with db.transaction() as s:
        assert await record.history(s, "Lê Thị Hoa", collective=False) == []


async def test_imported_years_give_the_next_eligible_award_with_its_basis(db: Database, clock: FixedClock) -> None:
    await f.load_default_units(db, clock.now())
    office = await f.admin(db, 1, clock.now())
    rows: list[list[object]] = [
        [y, "Cá nhân", "Lê Thị Hoa", "Văn phòng", "CSTĐCS", f"{y}/QĐ-TTr", f"28/12/{y}", 0] for y in (2022, 2023)
    ]
    rows.append([2021, "Cá nhân", "Lê Thị Hoa", "Văn phòng", "LĐTT", "", "", 0])
    async with db.transaction() as s:
        assert (await import_records(s, office, CATALOG, workbook(rows), clock.now())).created == 3
    async with db.transaction() as s:
        held = await record.history(s, "LE THI HOA", collective=False)
        assert [(r.year, r.award_code) for r in held] == [(2021, "LDTT"), (2022, "CSTDCS"), (2023, "CSTDCS")]
        steps = {s.award.code: s for s in record.next_steps(CATALOG, held, collective=False, year=2024)}
        assert (steps["CSTD_TINH"].met, steps["CSTD_TINH"].have, steps["CSTD_TINH"].need) == (False, 2, 3)
        assert steps["BK_UBND_TINH"].met and steps["CSTDCS"].met  # 2 consecutive CSTĐCS; CSTĐCS counts as LĐTT
        assert (
            "Luật số 06/2022/QH15" in steps["CSTD_TINH"].basis
            and "Nghị định số 98/2023/NĐ-CP" in steps["CSTD_TINH"].basis
        )
        in_2026 = {s.award.code: s for s in record.next_steps(CATALOG, held, collective=False, year=2026)}
        assert in_2026["CSTDCS"].have == 0 and "Nghị định số 152/2025/NĐ-CP" in in_2026["CSTDCS"].basis


def test_chains_name_only_catalogue_codes_and_texts_exist() -> None:
    assert record.check_chains(CATALOG, record.load_chains()) == []
    for key in ("record.import.two_units", "record.import.twice", "decision.number_used", "council.ballot_closed"):
        assert key in TEXTS


def test_streak_counts_back_from_this_year_or_the_last() -> None:
    assert record.streak({2021, 2022, 2023}, 2024) == 3
    assert record.streak({2021, 2022, 2024}, 2024) == 1
    assert record.streak({2020, 2021}, 2024) == 0


async def test_a_whole_cycle_makes_next_years_proposal_eligible(db: Database, clock: FixedClock) -> None:
    """Past years imported → council passes CSTĐCS 2024 → decision → record → CSTĐ tỉnh eligible in 2025."""
    w = await make_world(db, clock.now(), size=3, nominees=1)
    past = [[y, "Cá nhân", "Nguyễn Văn 000", "Phòng Nghiệp vụ 1", "CSTĐCS", f"{y}/QĐ-TTr", "", 0] for y in (2022, 2023)]
    async with db.transaction() as s:
        assert (await import_records(s, w.office, CATALOG, workbook(past), clock.now())).created == 2
        before = await record.lookup(s, CATALOG, "Nguyễn Văn 000", collective=False, year=2025)
        assert {x.award.code: x.met for x in before.steps}["CSTD_TINH"] is False  # 2023 + 2022 only, 2024 missing
    for i in range(3):
        async with db.transaction() as s:
            await ballot.vote(s, w.members[i], SECRET, w.session_id, w.nominee_ids[0], Choice.YES)
    async with db.transaction() as s:
        await ballot.close_ballot(s, w.office, SECRET, w.session_id, clock.now() + timedelta(days=4))
    async with db.transaction() as s:
        people = await decisions.passed_recipients(s, w.session_id, "CSTDCS")
        await decisions.record_decision(
            s, w.office, CATALOG, decision(30), people, clock.now(), session_id=w.session_id
        )
    async with db.transaction() as s:
        after = await record.lookup(s, CATALOG, "nguyễn văn 000", collective=False, year=2025)
    assert [(r.year, r.award_code, r.decision_ref) for r in after.records][-1] == (2024, "CSTDCS", "30/QĐ-TTr")
    step = {x.award.code: x for x in after.steps}["CSTD_TINH"]
    assert (step.met, step.have, step.need) == (True, 3, 3) and "Nghị định số 152/2025/NĐ-CP" in step.basis


async def test_import_refuses_an_unreadable_file_and_a_zip_bomb(db: Database, clock: FixedClock) -> None:
    import zipfile

    await f.load_default_units(db, clock.now())
    office = await f.admin(db, 1, clock.now())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"<" + b" " * (30 * 1024 * 1024))
    for content, key in ((b"not a workbook", "record.import.bad_file"), (bomb.getvalue(), "files.archive_too_big")):
        async with db.transaction() as s:
            with pytest.raises(Refusal) as refused:
                await import_records(s, office, CATALOG, content, clock.now())
        assert refused.value.key == key
