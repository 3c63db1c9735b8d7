"""Sending a registration: the deadline rule, versions, forged choices, warnings kept, the register sheet."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core.clock import FixedClock
from services.actors import Actor
from services.award_catalog import AwardCatalog, Kind, Subject, default_catalog
from services.errors import Refusal
from services.registration_entries import MAX_INDIVIDUALS, PersonEntry
from services.registration_export import HEADER_ROW, register_workbook
from services.registration_paste import parse_paste
from services.registration_submit import (
    RegistrationDraft,
    SavedRegistration,
    ScanRef,
    add_people,
    clean_commitments,
    edit_window,
    ensure_can_edit,
    ensure_choice,
    ensure_own_unit,
    load_draft,
    member_count_of,
    save_version,
    scan_from,
)
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import RegistrationStatus, Round, RoundKind
from storage.repos import ops
from storage.repos import registrations as repo
from tests.factories import load_default_units, newcomer, officer, unit_id

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = datetime(2024, 6, 15, 10, 0, tzinfo=UTC)  # 17:00 15/06/2024 in Hà Nội
ROUND = 7
SCAN = ScanRef(sha256="0f" * 32, name="DangKy_PNV1.pdf", mime="application/pdf", size=48_213)
PASTE = """1. Nguyễn Văn An - Trưởng phòng - CSTĐCS
2. Trần Thị Bình - Phó Trưởng phòng - LĐTT
3. Lê Văn Cường - Thanh tra viên - LĐTT
4. Hà Thị Dung - Thanh tra viên - LĐTT
5. Phạm Văn Em - Thanh tra viên - LĐTT + GK
6. Vi Thị Giang - Kế toán - LĐTT
7. Nông Văn Hải - Văn thư - LĐTT
8. Hoàng Thị Inh - Lái xe - LĐTT"""


@pytest.fixture(scope="module")
def catalog() -> AwardCatalog:
    return default_catalog()


def draft(catalog: AwardCatalog, **changes: object) -> RegistrationDraft:
    people = parse_paste(PASTE, catalog).entries
    base = RegistrationDraft(collective_title_code="TTLDTT", member_count=10, commitments="Hoàn thành 100% kế hoạch.")
    return add_people(base, people).model_copy(update={"scan": SCAN, **changes})


# ---------------------------------------------------------------- pure rules
@pytest.mark.parametrize(
    ("now", "due", "reopened", "open_", "reopened_flag"),
    [
        (DUE - timedelta(days=3), DUE, None, True, False),
        (DUE, DUE, None, True, False),  # the deadline itself is still in time
        (DUE + timedelta(minutes=1), DUE, None, False, False),
        (DUE + timedelta(days=2), DUE, DUE + timedelta(days=3), True, True),
        (DUE + timedelta(days=4), DUE, DUE + timedelta(days=3), False, False),
        (DUE + timedelta(days=400), None, None, True, False),  # a round without a deadline
    ],
)
def test_the_deadline_rule(
    now: datetime, due: datetime | None, reopened: datetime | None, open_: bool, reopened_flag: bool
) -> None:
    window = edit_window(now, due_at=due, reopened_until=reopened)
    assert (window.open, window.reopened) == (open_, reopened_flag)


def test_after_the_deadline_the_refusal_says_when_it_was() -> None:
    with pytest.raises(Refusal) as caught:
        ensure_can_edit(DUE + timedelta(hours=1), due_at=DUE, reopened_until=None, year=2024, tz=VN)
    assert (caught.value.key, caught.value.values) == ("reg.after_deadline", {"year": 2024, "due": "17:00 15/06/2024"})


@pytest.mark.parametrize(
    ("code", "kind", "subject", "expected"),
    [
        ("TTLDTT", Kind.DANH_HIEU, Subject.TAP_THE, "TTLDTT"),
        ("CO_UBND_TINH", Kind.DANH_HIEU, Subject.TAP_THE, "CO_UBND_TINH"),
        ("GK_CTT", Kind.HINH_THUC, Subject.TAP_THE, "GK_CTT"),
        (None, Kind.DANH_HIEU, Subject.TAP_THE, None),
        ("-", Kind.DANH_HIEU, Subject.TAP_THE, None),
        ("LDTT", Kind.DANH_HIEU, Subject.TAP_THE, "refused"),  # a person's title offered as the collective's
        ("BK_UBND_TINH", Kind.DANH_HIEU, Subject.TAP_THE, "refused"),  # a form where a title is chosen
        ("KNC_VSNTT", Kind.HINH_THUC, Subject.CA_NHAN, "refused"),  # not registrable
        ("DROP TABLE", Kind.DANH_HIEU, Subject.CA_NHAN, "refused"),
    ],
)
def test_button_choices_are_checked_against_the_catalogue(
    catalog: AwardCatalog, code: str | None, kind: Kind, subject: Subject, expected: str | None
) -> None:
    if expected == "refused":
        with pytest.raises(Refusal) as caught:
            ensure_choice(catalog, code, kind=kind, subject=subject, on=None)
        assert caught.value.key == "common.stale_button"
    else:
        award = ensure_choice(catalog, code, kind=kind, subject=subject, on=None)
        assert (award.code if award else None) == expected


def test_the_draft_survives_the_dialog_state(catalog: AwardCatalog) -> None:
    original = draft(catalog, collective_award_code="GK_CTT")
    stored = json.loads(json.dumps(original.model_dump(mode="json")))
    assert load_draft(stored) == original
    assert load_draft({}) == RegistrationDraft()
    for garbage in ({"people": "x"}, {"member_count": -1}, {"scan": {"sha256": "nope"}}, {"surprise": 1}, None):
        with pytest.raises(Refusal) as caught:
            load_draft(garbage)
        assert caught.value.key == "common.session_expired"


def test_the_list_has_a_ceiling(catalog: AwardCatalog) -> None:
    one = PersonEntry("Nguyễn Văn An", "TTV", "LDTT", None)
    full = add_people(RegistrationDraft(), [one] * MAX_INDIVIDUALS)
    assert len(full.people) == MAX_INDIVIDUALS
    with pytest.raises(Refusal) as caught:
        add_people(full, [one])
    assert caught.value.values == {"limit": MAX_INDIVIDUALS, "count": MAX_INDIVIDUALS, "adding": 1}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25", 25),
        (" 1.200 ", 1200),
        ("1,200", 1200),
        ("12 người", 12),  # a number followed by words
        ("1.200 cán bộ", 1200),
        ("12 người, 3 hợp đồng", None),  # two numbers: which one?
        ("0", None),
        ("2001", None),
        ("mười", None),
        ("-3", None),
    ],
)
def test_the_headcount_as_typed(typed: str, expected: int | None) -> None:
    if expected is None:
        with pytest.raises(Refusal) as caught:
            member_count_of(typed)
        assert caught.value.key == "reg.member_count_invalid"
    else:
        assert member_count_of(typed) == expected


def test_commitments_and_the_scan_are_checked_before_they_enter_the_draft() -> None:
    assert clean_commitments("  Hoàn thành 100% kế hoạch.\nKhông có vi phạm.  ") == (
        "Hoàn thành 100% kế hoạch.\nKhông có vi phạm."
    )
    with pytest.raises(Refusal) as caught:
        clean_commitments("x" * 2001)
    assert caught.value.key == "reg.commitments_too_long"
    photo = StoredUpload(sha256="1a" * 32, file_name="anh.jpg", mime_type="image/jpeg", size=300_000, label="JPG")
    assert scan_from(photo) == ScanRef(sha256="1a" * 32, name="anh.jpg", mime="image/jpeg", size=300_000)
    word = StoredUpload(sha256="1a" * 32, file_name="dk.docx", mime_type="application/msword", size=9, label="DOC")
    with pytest.raises(Refusal) as caught:
        scan_from(word)
    assert caught.value.key == "reg.scan_wrong_type"


# ---------------------------------------------------------------- with the database
@pytest.fixture
async def pnv1(db: Database, clock: FixedClock) -> Actor:
    await load_default_units(db, clock.now())
    async with db.transaction() as s:  # registrations belong to a real round (foreign key)
        s.add(
            Round(
                id=ROUND,
                year=2024,
                name="Đăng ký thi đua năm 2024",
                kind=RoundKind.REGISTRATION,
                deadline=DUE,
                created_at=clock.now(),
            )
        )
    return await officer(db, 501, "PNV1", clock.now())


async def send(
    db: Database,
    actor: Actor,
    catalog: AwardCatalog,
    value: RegistrationDraft,
    now: datetime,
    version: int = 1,
    **kw: object,
) -> SavedRegistration:
    args: dict[str, object] = {
        "round_id": ROUND,
        "unit_id": actor.unit_id,
        "year": 2024,
        "version": version,
        "receipt_code": f"BC24-PNV1V{version}",
        "due_at": DUE,
        "reopened_until": None,
        "now": now,
        "tz": VN,
    }
    args.update(kw)
    async with db.transaction() as s:
        return await save_version(s, actor, catalog, value, **args)  # type: ignore[arg-type]


async def test_send_then_edit_as_a_new_version(
    db: Database, clock: FixedClock, catalog: AwardCatalog, pnv1: Actor
) -> None:
    first = await send(db, pnv1, catalog, draft(catalog), clock.now())
    assert first.previous is None and first.warnings == []
    assert first.registration.receipt_code == "BC24-PNV1V1"  # the round submission's code, given by the caller
    edited = draft(catalog, collective_title_code="TTLDXS", member_count=20)
    with pytest.raises(Refusal) as caught:  # a version that is not above the stored one is never written
        await send(db, pnv1, catalog, edited, clock.now() + timedelta(hours=1), version=1)
    assert caught.value.key == "reg.concurrent"
    second = await send(db, pnv1, catalog, edited, clock.now() + timedelta(hours=2), version=2)
    assert second.previous is not None and second.previous.receipt_code == "BC24-PNV1V1"
    assert second.registration.version == 2
    assert [w.rule_id for w in second.warnings] == ["ttldxs_ldtt_share"]  # 8 of 20 members: 40% < 70%
    async with db.transaction() as s:
        current = await repo.latest(s, ROUND, pnv1.unit_id or 0)
        assert current is not None and current.collective_title_code == "TTLDXS"
        assert [(x.line_no, x.full_name, x.title_code, x.award_code) for x in current.lines] == [
            (1, "Nguyễn Văn An", "CSTDCS", None),
            (2, "Trần Thị Bình", "LDTT", None),
            (3, "Lê Văn Cường", "LDTT", None),
            (4, "Hà Thị Dung", "LDTT", None),
            (5, "Phạm Văn Em", "LDTT", "GK_CTT"),
            (6, "Vi Thị Giang", "LDTT", None),
            (7, "Nông Văn Hải", "LDTT", None),
            (8, "Hoàng Thị Inh", "LDTT", None),
        ]
        assert current.warnings == [w.to_json() for w in second.warnings]
        assert (current.scan_sha256, current.scan_name, current.created_by_id) == (
            SCAN.sha256,
            SCAN.name,
            pnv1.account_id,
        )
        history = await repo.versions(s, ROUND, pnv1.unit_id or 0)
        assert [r.status for r in history] == [RegistrationStatus.SUBMITTED, RegistrationStatus.SUPERSEDED]
        entries = await ops.audit_entries(s, action="registration.submit")
        assert [e.details["version"] for e in entries] == [1, 2]


async def test_after_the_deadline_nothing_is_written_unless_reopened(
    db: Database, clock: FixedClock, catalog: AwardCatalog, pnv1: Actor
) -> None:
    late = DUE + timedelta(days=1)
    with pytest.raises(Refusal) as caught:
        await send(db, pnv1, catalog, draft(catalog), late)
    assert caught.value.key == "reg.after_deadline"
    async with db.transaction() as s:
        assert await repo.latest(s, ROUND, pnv1.unit_id or 0) is None
    saved = await send(db, pnv1, catalog, draft(catalog), late, reopened_until=late + timedelta(days=2))
    assert saved.window.reopened and saved.registration.version == 1


async def test_another_units_registration_is_refused_and_marked_for_audit(
    db: Database, clock: FixedClock, catalog: AwardCatalog, pnv1: Actor
) -> None:
    other = await unit_id(db, "PNV2")
    with pytest.raises(Refusal) as caught:
        await send(db, pnv1, catalog, draft(catalog), clock.now(), unit_id=other)
    assert caught.value.key == "reg.not_your_unit"
    assert caught.value.denied is not None and caught.value.denied.target_id == str(other)
    stranger = await newcomer(db, 777, clock.now())
    with pytest.raises(Refusal) as caught:
        ensure_own_unit(stranger, other)
    assert caught.value.key == "common.not_linked"


async def test_incomplete_or_outdated_drafts_are_refused(
    db: Database, clock: FixedClock, catalog: AwardCatalog, pnv1: Actor
) -> None:
    cases = [
        (draft(catalog, scan=None), "reg.scan_missing"),
        (draft(catalog, collective_title_code="LDTT"), "reg.draft_outdated"),
        (draft(catalog, people=(PersonEntry("Nguyễn Văn An", "TTV", "LDTT", "KNC_VSNTT"),)), "reg.draft_outdated"),
        (draft(catalog, people=(PersonEntry("Nguyễn Văn An", "TTV", None, None),)), "reg.draft_outdated"),
    ]
    for value, key in cases:
        with pytest.raises(Refusal) as caught:
            await send(db, pnv1, catalog, value, clock.now())
        assert caught.value.key == key
    async with db.transaction() as s:
        assert await repo.latest(s, ROUND, pnv1.unit_id or 0) is None


async def test_the_register_sheet(db: Database, clock: FixedClock, catalog: AwardCatalog, pnv1: Actor) -> None:
    await send(db, pnv1, catalog, draft(catalog, collective_title_code="TTLDXS", member_count=20), clock.now())
    async with db.transaction() as s:
        current = await repo.current_for_round(s, ROUND)
    sheet = load_workbook(io.BytesIO(register_workbook(current, catalog, year=2024, tz=VN)))["Tổng hợp đăng ký thi đua"]
    assert sheet["A1"].value == "TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM 2024"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    assert len(rows) == 9
    collective = rows[0]
    assert collective[:10] == [
        1,
        "Phòng Nghiệp vụ 1",
        "Tập thể",
        "Phòng Nghiệp vụ 1",
        None,
        "Tập thể lao động xuất sắc",
        None,
        "Hoàn thành 100% kế hoạch.",
        "BC24-PNV1V1",
        1,
    ]
    assert collective[10] == datetime(2024, 6, 12, 9, 30)  # a real date cell, local time
    assert sheet.cell(row=HEADER_ROW + 1, column=11).number_format == "DD/MM/YYYY HH:MM"
    assert "yêu cầu ít nhất 70% cá nhân đạt Lao động tiên tiến" in collective[11]
    assert "8/20 người (40%), tính trên tổng số cán bộ của đơn vị" in collective[11]
    assert rows[1][2:7] == ["Cá nhân", "Nguyễn Văn An", "Trưởng phòng", "Chiến sĩ thi đua cơ sở", None]
    assert rows[5][5:7] == ["Lao động tiên tiến", "Giấy khen của Chánh Thanh tra tỉnh"]
