"""Registration as a round: one transaction writes the submission and the registration under one receipt code;
the deadline and the Office's reopening; the overview, cluster heads and the register rows for /xuat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from services import plan_import, registration_flow
from services import registration_office as office
from services.actors import Actor
from services.award_catalog import AwardCatalog, default_catalog
from services.errors import Refusal
from services.registration_export import HEADER_ROW, add_register_sheet
from services.registration_paste import parse_paste
from services.registration_submit import RegistrationDraft, ScanRef, add_people
from storage.db import Database
from storage.models import ObligationStatus, Round, RoundKind
from storage.repos import ops
from storage.repos import registrations as registration_repo
from storage.repos import rounds as round_repo
from tests.factories import admin, load_default_units, officer, unit_id

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH_5 = datetime(2024, 3, 5, 2, 0, tzinfo=UTC)
DEADLINE = datetime(2024, 3, 15, 10, 0, tzinfo=UTC)  # 17:00 15/03/2024 in Hà Nội
SCAN = ScanRef(sha256="ab" * 32, name="DangKy.pdf", mime="application/pdf", size=2048)


@pytest.fixture(scope="module")
def catalog() -> AwardCatalog:
    return default_catalog()


def draft(catalog: AwardCatalog, **changes: object) -> RegistrationDraft:
    people = parse_paste("Nguyễn Văn An - Trưởng phòng - CSTĐCS\nTrần Thị Bình - Chuyên viên - LĐTT", catalog)
    base = RegistrationDraft(collective_title_code="TTLDTT", commitments="Hoàn thành kế hoạch.", scan=SCAN)
    return add_people(base, people.entries).model_copy(update=changes)


@pytest.fixture
async def rounds(db: Database) -> dict[RoundKind, Round]:
    await load_default_units(db, MARCH_5)
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), MARCH_5, VN, label="test")
        by_kind: dict[RoundKind, Round] = {}
        for round_ in await round_repo.rounds(s, year=2024):
            by_kind.setdefault(round_.kind, round_)
    assert by_kind[RoundKind.REGISTRATION].deadline == DEADLINE
    return by_kind


async def send(db: Database, actor: Actor, catalog: AwardCatalog, round_id: int, now: datetime, **changes: object):  # type: ignore[no-untyped-def]
    async with db.transaction() as s:
        return await registration_flow.send(
            s, actor, catalog, draft(catalog, **changes), round_id=round_id, now=now, tz=VN
        )


async def test_one_receipt_for_the_submission_and_the_registration(
    db: Database, catalog: AwardCatalog, rounds: dict[RoundKind, Round]
) -> None:
    round_id = rounds[RoundKind.REGISTRATION].id
    pnv1 = await officer(db, 501, "PNV1", MARCH_5)
    first = await send(db, pnv1, catalog, round_id, MARCH_5)
    second = await send(db, pnv1, catalog, round_id, MARCH_5 + timedelta(days=1), collective_title_code="TTLDXS")
    for sent, version in ((first, 1), (second, 2)):
        submission, registration = sent.receipt.submission, sent.saved.registration
        assert (registration.receipt_code, registration.version) == (submission.receipt_code, version)
        assert submission.version == version and not submission.late
        assert [f.file_name for f in sent.receipt.files] == ["DangKy.pdf"]
    assert second.saved.previous is not None and second.saved.previous.id == first.saved.registration.id
    assert "2 cá nhân" in (second.receipt.submission.note or "")
    async with db.transaction() as s:
        obligation = await round_repo.obligation(s, round_id, pnv1.unit_id or 0)
        assert obligation is not None
        assert (obligation.status, obligation.versions) == (ObligationStatus.SUBMITTED, 2)
        assert obligation.latest_submission_id == second.receipt.submission.id


async def test_nothing_is_written_when_refused(
    db: Database, catalog: AwardCatalog, rounds: dict[RoundKind, Round]
) -> None:
    registration_round, report_round = rounds[RoundKind.REGISTRATION], rounds[RoundKind.REPORT]
    tts = await officer(db, 502, "TTS-XD", MARCH_5)
    cases = [
        (registration_round.id, MARCH_5, {"collective_title_code": "LDTT"}, "reg.draft_outdated"),
        (registration_round.id, MARCH_5, {"scan": None}, "reg.scan_missing"),
        (registration_round.id, DEADLINE + timedelta(minutes=1), {}, "reg.after_deadline"),
        (report_round.id, MARCH_5, {}, "rounds.not_owed"),  # a report round is not sent through /dangky
        (999_999, MARCH_5, {}, "rounds.not_owed"),
    ]
    for round_id, now, changes, key in cases:
        with pytest.raises(Refusal) as caught:
            await send(db, tts, catalog, round_id, now, **changes)
        assert caught.value.key == key
    async with db.transaction() as s:
        obligation = await round_repo.obligation(s, registration_round.id, tts.unit_id or 0)
        assert obligation is not None and obligation.versions == 0
        assert await registration_repo.latest(s, registration_round.id, tts.unit_id or 0) is None


async def test_the_office_reopens_a_unit_after_the_deadline(
    db: Database, catalog: AwardCatalog, rounds: dict[RoundKind, Round]
) -> None:
    round_id = rounds[RoundKind.REGISTRATION].id
    late = DEADLINE + timedelta(days=1)
    tts = await officer(db, 503, "TTS-XD", MARCH_5)
    other = await officer(db, 504, "TTS-YT", MARCH_5)
    office_admin = await admin(db, 9001, MARCH_5)
    unit = tts.unit_id or 0
    refusals = [
        (tts, late, late + timedelta(days=3), "common.forbidden"),
        (office_admin, MARCH_5, DEADLINE - timedelta(hours=1), "reg.office.reopen_too_early"),  # would shorten it
        (office_admin, late, late - timedelta(hours=1), "rounds.deadline_past"),
    ]
    for actor, now, until, key in refusals:
        with pytest.raises(Refusal) as caught:
            async with db.transaction() as s:
                await office.reopen(s, actor, round_id, unit, until, now)
        assert caught.value.key == key
    async with db.transaction() as s:
        done = await office.reopen(s, office_admin, round_id, unit, late + timedelta(days=3), late)
        assert [a.display_name for a in done.recipients] == ["Cán bộ 503"]
        entries = await ops.audit_entries(s, action="registration.reopen")
        assert [(e.target_id, e.details["round_id"]) for e in entries] == [(str(unit), round_id)]
    sent = await send(db, tts, catalog, round_id, late)
    assert sent.saved.window.reopened and not sent.receipt.submission.late  # within its own, extended deadline
    with pytest.raises(Refusal) as caught:  # reopening is per unit
        await send(db, other, catalog, round_id, late)
    assert caught.value.key == "reg.after_deadline"
    with pytest.raises(Refusal):
        await send(db, tts, catalog, round_id, late + timedelta(days=4))


async def test_overview_cluster_head_and_the_register_rows_for_xuat(
    db: Database, catalog: AwardCatalog, rounds: dict[RoundKind, Round]
) -> None:
    round_id = rounds[RoundKind.REGISTRATION].id
    khdt = await officer(db, 505, "TTS-KHDT", MARCH_5)
    head = await officer(db, 506, "TTS-TC", MARCH_5)
    outside = await officer(db, 507, "LD", MARCH_5)
    await send(db, khdt, catalog, round_id, MARCH_5)
    office_admin = await admin(db, 9001, MARCH_5)
    async with db.transaction() as s:
        view = await office.overview(s, office_admin, round_id)
        assert (view.done, len(view.owing), view.warned) == (1, 36, 1)
        assert view.counts.person_titles == {"CSTDCS": 1, "LDTT": 1}
        assert view.counts.collective_titles == {"TTLDTT": 1}
        statuses = await office.cluster_status(s, head, round_id)
        assert [(c.cluster.code, c.done, len(c.members)) for c in statuses] == [("CUM2", 1, 9)]
        assert statuses[0].members[0][0].code == "TTS-TC"  # the head first
        for outsider in (khdt, outside):  # a member, and an officer of a unit outside every cluster
            with pytest.raises(Refusal) as caught:
                await office.cluster_status(s, outsider, round_id)
            assert caught.value.key == "reg.cluster.not_head" and caught.value.denied is not None
        with pytest.raises(Refusal):
            await office.overview(s, head, round_id)
        rows = await office.register_rows(s, 2024)
        assert await office.register_rows(s, 2023) == []
    assert [unit.code for _, unit in rows] == ["TTS-KHDT"]
    workbook = Workbook()  # the /xuat workbook, with a sheet of its own already in it
    sheet = add_register_sheet(workbook, rows, catalog, year=2024, tz=VN)
    assert workbook.sheetnames == ["Sheet", "Tổng hợp đăng ký thi đua"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    assert [row[2:4] for row in values] == [
        ["Tập thể", "Thanh tra Sở Kế hoạch và Đầu tư"],
        ["Cá nhân", "Nguyễn Văn An"],
        ["Cá nhân", "Trần Thị Bình"],
    ]
    assert values[0][8] == rows[0][0].receipt_code and values[0][8].startswith("BC24-")
    assert await unit_id(db, "TTS-KHDT") == rows[0][1].id
