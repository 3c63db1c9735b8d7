"""Nomination dossiers: missing parts per award, eligibility with its legal basis, the 15 % rule,
prerequisite chains, statuses and who moves them, duplicates (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.text import to_plain
from services.actors import Actor
from services.award_catalog import default_catalog
from services.award_models import Subject
from services.dossiers import lifecycle
from services.dossiers.eligibility import Check, Level, check_nominee
from services.dossiers.history import InMemoryHistory, Who
from services.dossiers.proposals import StoredFile, add_nominee, attach, create_dossier, missing_parts
from services.dossiers.rules import default_rules
from services.errors import Forbidden, Refusal
from storage.db import Database
from storage.models import AuditEntry, Dossier, DossierStatus, Registration, RegistrationLine, Round, RoundKind
from storage.repos import dossiers as repo
from tests import factories

YEAR = 2024
CATALOG, RULES = default_catalog(), default_rules()
PDF = StoredFile("a" * 64, "to-trinh.pdf", "application/pdf", 1000)


class Setup:
    office: Actor
    officer: Actor  # Thanh tra Sở Tài chính
    unit: int
    history: InMemoryHistory


async def _setup(db: Database, clock: FixedClock) -> Setup:
    now = clock.now()
    await factories.load_default_units(db, now)
    setup = Setup()
    setup.office = await factories.admin(db, 1, now)
    setup.officer = await factories.officer(db, 2, "TTS-TC", now)
    setup.unit = await factories.unit_id(db, "TTS-TC")
    setup.history = InMemoryHistory()
    return setup


async def _dossier(db: Database, actor: Actor, unit: int, now: datetime, category: str = "cong_trang") -> int:
    async with db.transaction() as s:
        return (await create_dossier(s, actor, unit, YEAR, category, now)).id


async def _nominate(
    db: Database,
    setup: Setup,
    dossier_id: int,
    name: str,
    award: str,
    now: datetime,
    actor: Actor | None = None,
    subject: Subject = Subject.CA_NHAN,
) -> tuple[int, list[Check]]:
    async with db.transaction() as s:
        nominee, found = await add_nominee(
            s,
            actor or setup.officer,
            dossier_id,
            subject=subject,
            full_name=name,
            award_code=award,
            now=now,
            catalog=CATALOG,
            rules=RULES,
            history=setup.history,
        )
        return nominee.id, found


def _by_rule(found: list[Check]) -> dict[str, Check]:
    return {c.rule.split(":")[0]: c for c in found}


async def test_missing_parts_follow_each_award(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    dossier_id = await _dossier(db, setup.officer, setup.unit, now)
    first, _ = await _nominate(db, setup, dossier_id, "Nguyễn Văn An", "LDTT", now)
    async with db.transaction() as s:
        dossier = await s.get(Dossier, dossier_id)
        assert dossier is not None
        assert [m.part for m in await missing_parts(s, dossier, RULES)] == [
            "to_trinh",
            "danh_sach",
            "bien_ban",
            "ket_qua_danh_gia",
        ]
    second, _ = await _nominate(db, setup, dossier_id, "Trần Thị Bình", "CSTDCS", now)
    async with db.transaction() as s:
        await attach(s, setup.officer, dossier_id, "to_trinh", PDF, now, rules=RULES)
        await attach(s, setup.officer, dossier_id, "bao_cao_thanh_tich", PDF, now, rules=RULES, nominee_id=second)
        with pytest.raises(Refusal) as caught:
            await attach(s, setup.officer, dossier_id, "minh_chung_sang_kien", PDF, now, rules=RULES)
        assert caught.value.key == "dossier.part_needs_nominee"
        with pytest.raises(Refusal) as caught:
            await attach(s, setup.officer, dossier_id, "bien_ban", PDF, now, rules=RULES, nominee_id=second)
        assert caught.value.key == "dossier.part_for_dossier"
        dossier = await s.get(Dossier, dossier_id)
        assert dossier is not None
        missing = [(m.part, m.nominee_id) for m in await missing_parts(s, dossier, RULES)]
    assert missing == [
        ("danh_sach", None),
        ("bien_ban", None),
        ("ket_qua_danh_gia", None),
        ("minh_chung_sang_kien", second),
    ]
    assert first not in {n for _, n in missing}  # LĐTT needs no achievement report


async def test_ad_hoc_dossier_needs_the_simplified_file(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    dossier_id = await _dossier(db, setup.officer, setup.unit, now, "dot_xuat")
    nominee, _ = await _nominate(db, setup, dossier_id, "Lê Văn Cường", "GK_CTT", now)
    async with db.transaction() as s:
        dossier = await s.get(Dossier, dossier_id)
        assert dossier is not None
        assert [(m.part, m.nominee_id) for m in await missing_parts(s, dossier, RULES)] == [
            ("to_trinh", None),
            ("tom_tat_thanh_tich", nominee),
        ]


async def test_legal_basis_follows_the_date(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    who = Who(Subject.CA_NHAN, setup.unit, "Nguyễn Văn An")

    async def basis(year: int, on: dt.date) -> Check:
        async with db.transaction() as s:
            found = await check_nominee(
                s, catalog=CATALOG, rules=RULES, history=setup.history, who=who, award_code="LDTT", year=year, on=on
            )
        return _by_rule(found)["basis"]

    before, after = await basis(2025, dt.date(2025, 6, 30)), await basis(2025, dt.date(2025, 7, 1))
    assert "98/2023" in before.basis and "152/2025" not in before.basis
    assert "152/2025" in after.basis and "98/2023" not in after.basis
    assert "Luật số 06/2022/QH15" in after.basis and "Điều 24" in after.basis
    async with db.transaction() as s:
        old = await check_nominee(
            s,
            catalog=CATALOG,
            rules=RULES,
            history=setup.history,
            who=who,
            award_code="LDTT",
            year=2023,
            on=dt.date(2023, 12, 31),
        )
    assert _by_rule(old)["in_force"].level is Level.FAIL


async def test_unregistered_is_a_warning_with_the_rule(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    async with db.transaction() as s:
        round_ = Round(
            year=YEAR, name="Đăng ký thi đua 2024", kind=RoundKind.REGISTRATION, deadline=now, created_at=now
        )
        s.add(round_)
        await s.flush()
        registration = Registration(
            round_id=round_.id,
            unit_id=setup.unit,
            version=1,
            commitments="",
            receipt_code="DK24-TEST",
            warnings=[],
            created_at=now,
            collective_title_code="TTLDTT",
        )
        s.add(registration)
        await s.flush()
        s.add(
            RegistrationLine(registration_id=registration.id, line_no=1, full_name="Nguyễn Văn An", title_code="CSTDCS")
        )
    dossier_id = await _dossier(db, setup.officer, setup.unit, now)
    _, as_ldtt = await _nominate(db, setup, dossier_id, "nguyen van AN", "LDTT", now)  # CSTĐCS covers LĐTT
    _, other = await _nominate(db, setup, dossier_id, "Phạm Văn Dũng", "LDTT", now)
    _, team = await _nominate(db, setup, dossier_id, "Thanh tra Sở Tài chính", "TTLDTT", now, subject=Subject.TAP_THE)
    assert _by_rule(as_ldtt)["registered"].level is Level.OK
    assert _by_rule(team)["registered"].level is Level.OK
    warning = _by_rule(other)["registered"]
    assert (warning.level, warning.key) == (Level.WARN, "dossier.elig.unregistered")


async def test_cstdcs_at_most_15_percent_of_ldtt(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    dossier_id = await _dossier(db, setup.officer, setup.unit, now)
    for n in range(6):
        await _nominate(db, setup, dossier_id, f"Cán bộ {n}", "LDTT", now)
    _, first = await _nominate(db, setup, dossier_id, "Người thứ nhất", "CSTDCS", now)
    quota = _by_rule(first)["quota"]
    assert quota.level is Level.OK and quota.values["base"] == 7 and quota.values["count"] == 1
    _, second = await _nominate(db, setup, dossier_id, "Người thứ hai", "CSTDCS", now)
    over = _by_rule(second)["quota"]
    assert (over.level, over.values["count"], over.values["base"]) == (Level.FAIL, 2, 8)
    assert over.basis  # the rule's own wording comes with it


async def test_prerequisite_chains_from_the_record(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    dossier_id = await _dossier(db, setup.officer, setup.unit, now)
    three = Who(Subject.CA_NHAN, setup.unit, "Hoàng Thị Ba")
    gap = Who(Subject.CA_NHAN, setup.unit, "Vũ Văn Hở")
    for year in (2021, 2022, 2023):
        setup.history.add(three, year, "CSTDCS")
    setup.history.add(gap, 2021, "CSTDCS")
    setup.history.add(gap, 2023, "CSTD_TINH")  # counts as CSTĐCS through the catalogue
    _, met = await _nominate(db, setup, dossier_id, "Hoàng Thị Ba", "CSTD_TINH", now)
    _, missing = await _nominate(db, setup, dossier_id, "Vũ Văn Hở", "CSTD_TINH", now)
    _, manual = await _nominate(db, setup, dossier_id, "Đỗ Văn Tư", "BK_UBND_TINH", now)
    assert _by_rule(met)["prerequisite"].level is Level.OK
    failed = _by_rule(missing)["prerequisite"]
    assert failed.level is Level.FAIL and "Điều 22" in failed.basis and "CSTĐCS 3 năm" in failed.values["routes"]
    assert _by_rule(manual)["prerequisite"].level is Level.MANUAL  # the HTXS + initiatives route
    setup.history.add(Who(Subject.CA_NHAN, setup.unit, "Đỗ Văn Năm"), 2022, "CSTDCS")
    setup.history.add(Who(Subject.CA_NHAN, setup.unit, "Đỗ Văn Năm"), 2023, "CSTDCS")
    _, two = await _nominate(db, setup, dossier_id, "Đỗ Văn Năm", "BK_UBND_TINH", now)
    assert _by_rule(two)["prerequisite"].level is Level.OK


async def test_a_nominee_twice_in_one_year_is_refused(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    first = await _dossier(db, setup.officer, setup.unit, now)
    second = await _dossier(db, setup.officer, setup.unit, now)
    await _nominate(db, setup, first, "Nguyễn Văn An", "LDTT", now)
    for dossier_id, name in ((first, "Nguyễn  Văn An"), (second, "NGUYEN VAN AN")):
        with pytest.raises(Refusal) as caught:
            await _nominate(db, setup, dossier_id, name, "LDTT", now)
        assert caught.value.key == "dossier.duplicate"
    await _nominate(db, setup, second, "Nguyễn Văn An", "GK_CTT", now)  # another award is another proposal


async def test_who_may_propose(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    division = await factories.unit_id(db, "PNV1")
    other = await factories.officer(db, 3, "TTS-KHDT", now)
    async with db.transaction() as s:
        with pytest.raises(Forbidden):  # the Office proposes for its own units only
            await create_dossier(s, setup.office, setup.unit, YEAR, "cong_trang", now)
        with pytest.raises(Forbidden):  # a unit for itself only
            await create_dossier(s, other, setup.unit, YEAR, "cong_trang", now)
        with pytest.raises(Refusal) as caught:
            await create_dossier(s, setup.officer, setup.unit, YEAR, "tu_che", now)
        assert caught.value.key == "dossier.bad_category"
    dossier_id = await _dossier(db, setup.office, division, now)
    _, found = await _nominate(
        db, setup, dossier_id, "Phòng Nghiệp vụ 1", "TTLDTT", now, actor=setup.office, subject=Subject.TAP_THE
    )
    assert found
    with pytest.raises(Refusal) as caught:
        await _nominate(
            db, setup, dossier_id, "Phòng Nghiệp vụ 1", "LDTT", now, actor=setup.office, subject=Subject.TAP_THE
        )
    assert caught.value.key == "dossier.wrong_subject"


async def _complete(db: Database, setup: Setup, dossier_id: int, now: datetime) -> None:
    async with db.transaction() as s:
        for part in ("to_trinh", "danh_sach", "bien_ban", "ket_qua_danh_gia"):
            await attach(s, setup.officer, dossier_id, part, PDF, now, rules=RULES)


async def test_status_moves_audited_and_told(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    dossier_id = await _dossier(db, setup.officer, setup.unit, now)

    async def move(actor: Actor, action: str, **kw: object) -> str:
        async with db.transaction() as s:
            notice = await lifecycle.move(s, actor, dossier_id, action, now, rules=RULES, **kw)  # type: ignore[arg-type]
            assert notice.unit_id == setup.unit
            return to_plain(notice.text)

    async def refused(actor: Actor, action: str, **kw: object) -> str:
        async with db.transaction() as s:
            with pytest.raises(Refusal) as caught:
                await lifecycle.move(s, actor, dossier_id, action, now, rules=RULES, **kw)  # type: ignore[arg-type]
        return caught.value.key

    assert await refused(setup.officer, "submit") == "dossier.no_nominees"
    await _nominate(db, setup, dossier_id, "Nguyễn Văn An", "LDTT", now)
    assert await refused(setup.officer, "submit") == "dossier.missing"
    await _complete(db, setup, dossier_id, now)
    assert "Đã gửi" in await move(setup.officer, "submit")
    assert await refused(setup.officer, "receive") == "common.forbidden"
    assert await refused(setup.office, "pass") == "dossier.illegal_move"
    assert await refused(setup.office, "submit") == "common.forbidden"  # the Office does not send for a unit
    await move(setup.office, "receive")
    assert await refused(setup.office, "return", reason="Thiếu chữ ký") == "dossier.deadline_needed"
    assert await refused(setup.office, "return", resubmit_by=dt.date(2024, 6, 20)) == "dossier.reason_needed"
    text = await move(setup.office, "return", reason="Thiếu chữ ký", resubmit_by=dt.date(2024, 6, 20))
    assert "Thiếu chữ ký" in text and "20/06/2024" in text
    async with db.transaction() as s:  # returned: the unit may add to it again
        await attach(s, setup.officer, dossier_id, "to_trinh", PDF, now, rules=RULES)
    await move(setup.officer, "submit")
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:  # sent: no more edits
            await attach(s, setup.officer, dossier_id, "to_trinh", PDF, now, rules=RULES)
        assert caught.value.key == "dossier.not_editable"
    for action in ("receive", "eligible", "to_council", "pass", "decide", "propose_up", "decided_up"):
        await move(setup.office, action)
    assert await refused(setup.office, "return", reason="x", resubmit_by=dt.date(2024, 7, 1)) == "dossier.illegal_move"
    async with db.transaction() as s:
        dossier = await s.get(Dossier, dossier_id)
        assert dossier is not None and dossier.status is DossierStatus.DECIDED_UP
        moves = (
            await s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.target_type == "dossier", AuditEntry.outcome == "ok")
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [m for m in moves if m.removeprefix("dossier.") in lifecycle.MOVES] == [
        "dossier.submit",
        "dossier.receive",
        "dossier.return",
        "dossier.submit",
        "dossier.receive",
        "dossier.eligible",
        "dossier.to_council",
        "dossier.pass",
        "dossier.decide",
        "dossier.propose_up",
        "dossier.decided_up",
    ]


async def test_eligible_refused_while_a_nominee_fails(db: Database, clock: FixedClock) -> None:
    setup = await _setup(db, clock)
    now = clock.now()
    dossier_id = await _dossier(db, setup.officer, setup.unit, now)
    await _nominate(db, setup, dossier_id, "Vũ Văn Hở", "CSTD_TINH", now)  # no CSTĐCS record: fails
    async with db.transaction() as s:
        for part in ("to_trinh", "danh_sach", "bien_ban", "ket_qua_danh_gia"):
            await attach(s, setup.officer, dossier_id, part, PDF, now, rules=RULES)
    async with db.transaction() as s:
        (nominee,) = await repo.nominees(s, dossier_id)
        for part in ("bao_cao_thanh_tich", "minh_chung_sang_kien"):
            await attach(s, setup.officer, dossier_id, part, PDF, now, rules=RULES, nominee_id=nominee.id)
        await lifecycle.move(s, setup.officer, dossier_id, "submit", now, rules=RULES)
        await lifecycle.move(s, setup.office, dossier_id, "receive", now, rules=RULES)
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:
            await lifecycle.move(s, setup.office, dossier_id, "eligible", now, rules=RULES)
        assert caught.value.key == "dossier.has_ineligible" and "Vũ Văn Hở" in str(caught.value.values["names"])
        notice = await lifecycle.move(
            s, setup.office, dossier_id, "not_eligible", now, rules=RULES, reason="Chưa đủ 3 năm CSTĐCS"
        )
    assert "Không đủ điều kiện" in to_plain(notice.text) and "Chưa đủ 3 năm" in to_plain(notice.text)


def test_every_status_has_a_text_and_every_move_a_known_target() -> None:
    from core.catalog import t

    for status in DossierStatus:
        assert t(f"dossier.status.{status.value}")
    reachable = {m.target for m in lifecycle.MOVES.values()} | {DossierStatus.DRAFT}
    assert reachable == set(DossierStatus)


async def test_recheck_sees_the_record_change_and_lists_by_role(db: Database, clock: FixedClock) -> None:
    from services.dossiers.proposals import dossiers_for, recheck

    setup = await _setup(db, clock)
    now = clock.now()
    dossier_id = await _dossier(db, setup.officer, setup.unit, now)
    nominee_id, before = await _nominate(db, setup, dossier_id, "Vũ Văn Hở", "CSTD_TINH", now)
    assert _by_rule(before)["prerequisite"].level is Level.FAIL
    who = Who(Subject.CA_NHAN, setup.unit, "Vũ Văn Hở")
    for year in (2021, 2022, 2023):  # the past decisions are entered into the record afterwards
        setup.history.add(who, year, "CSTDCS")
    other = await factories.officer(db, 3, "TTS-KHDT", now)
    async with db.transaction() as s:
        with pytest.raises(Forbidden):
            await recheck(s, setup.officer, dossier_id, now, catalog=CATALOG, rules=RULES, history=setup.history)
        again = await recheck(s, setup.office, dossier_id, now, catalog=CATALOG, rules=RULES, history=setup.history)
        (nominee,) = await repo.nominees(s, dossier_id)
        assert [d.id for d in await dossiers_for(s, setup.office, YEAR)] == [dossier_id]
        assert [d.id for d in await dossiers_for(s, setup.officer, YEAR)] == [dossier_id]
        assert await dossiers_for(s, other, YEAR) == []
    assert _by_rule(again[nominee_id])["prerequisite"].level is Level.OK
    assert {c["rule"]: c["level"] for c in nominee.eligibility}["prerequisite"] == "ok"


def test_a_chain_applies_within_its_own_dates() -> None:
    from services.dossiers.rules import DossierRules

    chains = DossierRules.model_validate(
        {
            "parts": [{"code": "to_trinh", "name": "Tờ trình"}],
            "required": {"all": ["to_trinh"]},
            "prerequisites": {
                "CSTD_TINH": [
                    {"basis_article": "cũ", "valid_to": "2025-06-30", "any_of": [{"award": "CSTDCS", "years": 3}]},
                    {"basis_article": "mới", "valid_from": "2025-07-01", "any_of": [{"award": "CSTDCS", "years": 2}]},
                ],
                "CSTD_TQ": {
                    "basis_article": "một",
                    "subject": "ca_nhan",
                    "any_of": [{"award": "CSTD_TINH", "years": 2}],
                },
            },
        }
    )
    old = chains.prerequisite("CSTD_TINH", Subject.CA_NHAN, dt.date(2025, 6, 30))
    new = chains.prerequisite("CSTD_TINH", Subject.CA_NHAN, dt.date(2025, 7, 1))
    assert old is not None and old.basis_article == "cũ" and old.any_of[0].years == 3
    assert new is not None and new.basis_article == "mới" and new.any_of[0].years == 2
    assert chains.prerequisite("CSTD_TQ", Subject.TAP_THE, dt.date(2025, 7, 1)) is None
    assert chains.prerequisite("LDTT", Subject.CA_NHAN, dt.date(2025, 7, 1)) is None
