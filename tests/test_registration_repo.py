"""Registrations in storage, on SQLite and PostgreSQL: versions, lines, current views and counts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from core.clock import FixedClock
from storage.db import Database
from storage.migrate import alembic_config
from storage.models import Registration, RegistrationLine, RegistrationStatus, Round, RoundKind
from storage.repos import registrations as repo
from tests.factories import load_default_units, unit_id

ROUND, OTHER_ROUND = 11, 12


def make(
    round_id: int,
    unit: int,
    version: int,
    now: datetime,
    *,
    people: list[tuple[str, str | None, str | None]] | None = None,
    collective: str | None = "TTLDTT",
    collective_award: str | None = None,
    warnings: list[dict[str, object]] | None = None,
) -> Registration:
    registration = Registration(
        round_id=round_id,
        unit_id=unit,
        version=version,
        collective_title_code=collective,
        collective_award_code=collective_award,
        member_count=12,
        commitments="Hoàn thành 100% kế hoạch thanh tra năm.",
        scan_sha256="ab" * 32,
        scan_name="Đăng ký thi đua.pdf",
        scan_mime="application/pdf",
        scan_size=123_456,
        receipt_code=f"DK2025-R{round_id}-U{unit}-{version:02d}",
        warnings=warnings or [],
        created_at=now,
    )
    registration.lines = [
        RegistrationLine(line_no=n, full_name=name, position="Thanh tra viên", title_code=title, award_code=award)
        for n, (name, title, award) in enumerate(people or [("Nguyễn Văn An", "LDTT", None)], 1)
    ]
    return registration


@pytest.fixture
async def units(db: Database, clock: FixedClock) -> dict[str, int]:
    await load_default_units(db, clock.now())
    async with db.transaction() as s:  # registrations belong to real rounds (foreign key)
        for round_id in (ROUND, OTHER_ROUND):
            s.add(
                Round(
                    id=round_id,
                    year=2025,
                    name=f"Đăng ký {round_id}",
                    kind=RoundKind.REGISTRATION,
                    deadline=clock.now() + timedelta(days=30),
                    created_at=clock.now(),
                )
            )
    return {code: await unit_id(db, code) for code in ("PNV1", "PNV2", "VP")}


async def test_versions_supersede_and_keep_their_lines(db: Database, clock: FixedClock, units: dict[str, int]) -> None:
    now, pnv1 = clock.now(), units["PNV1"]
    async with db.transaction() as s:
        assert await repo.next_version(s, ROUND, pnv1) == 1
        await repo.add_version(s, make(ROUND, pnv1, 1, now, people=[("Nguyễn Văn An", "LDTT", None)]))
    async with db.transaction() as s:
        assert await repo.next_version(s, ROUND, pnv1) == 2
        people = [
            ("Trần Thị Bình", "CSTDCS", "BK_UBND_TINH"),
            ("Lê Văn Cường", None, "GK_CTT"),
            ("Hà Thị Dung", "LDTT", None),
        ]
        await repo.add_version(s, make(ROUND, pnv1, 2, now + timedelta(hours=1), people=people))
    async with db.transaction() as s:
        current = await repo.latest(s, ROUND, pnv1)
        assert current is not None and current.version == 2 and current.status is RegistrationStatus.SUBMITTED
        assert [(x.line_no, x.full_name, x.title_code, x.award_code) for x in current.lines] == [
            (1, "Trần Thị Bình", "CSTDCS", "BK_UBND_TINH"),
            (2, "Lê Văn Cường", None, "GK_CTT"),
            (3, "Hà Thị Dung", "LDTT", None),
        ]
        assert current.created_at == now + timedelta(hours=1) and current.created_at.tzinfo is not None
        history = await repo.versions(s, ROUND, pnv1)
        assert [(r.version, r.status) for r in history] == [
            (2, RegistrationStatus.SUBMITTED),
            (1, RegistrationStatus.SUPERSEDED),
        ]
        first = await repo.by_receipt(s, history[1].receipt_code)
        assert first is not None and [x.full_name for x in first.lines] == ["Nguyễn Văn An"]
        assert await repo.latest(s, OTHER_ROUND, pnv1) is None


async def test_the_same_version_twice_fails_and_writes_nothing(
    db: Database, clock: FixedClock, units: dict[str, int]
) -> None:
    async with db.transaction() as s:
        await repo.add_version(s, make(ROUND, units["PNV1"], 1, clock.now()))
    racing = make(ROUND, units["PNV1"], 1, clock.now())
    racing.receipt_code = "DK-RACE"
    with pytest.raises(IntegrityError):
        async with db.transaction() as s:
            await repo.add_version(s, racing)
    async with db.transaction() as s:
        assert [r.status for r in await repo.versions(s, ROUND, units["PNV1"])] == [RegistrationStatus.SUBMITTED]
        assert await repo.by_receipt(s, "DK-RACE") is None


async def test_a_line_needs_a_title_or_a_form(db: Database, clock: FixedClock, units: dict[str, int]) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as s:
            await repo.add_version(s, make(ROUND, units["PNV1"], 1, clock.now(), people=[("Ai Đó", None, None)]))


async def test_warnings_and_texts_round_trip(db: Database, clock: FixedClock, units: dict[str, int]) -> None:
    warnings: list[dict[str, object]] = [
        {
            "rule": "duplicate_person",
            "key": "reg.warn.duplicate_person",
            "values": {"name": "Ngô Thị Ánh", "lines": [1, 3]},
        }
    ]
    async with db.transaction() as s:
        saved = await repo.add_version(s, make(ROUND, units["PNV2"], 1, clock.now(), warnings=warnings))
    async with db.transaction() as s:
        again = await repo.get(s, saved.id)
        assert again is not None
        assert again.warnings == warnings
        assert again.commitments == "Hoàn thành 100% kế hoạch thanh tra năm."
        assert (again.scan_name, again.scan_size, again.member_count) == ("Đăng ký thi đua.pdf", 123_456, 12)


async def test_current_registrations_of_a_round_and_counts(
    db: Database, clock: FixedClock, units: dict[str, int]
) -> None:
    now = clock.now()
    async with db.transaction() as s:
        first = [("A Văn Một", "LDTT", None), ("B Văn Hai", "LDTT", None)]
        await repo.add_version(s, make(ROUND, units["PNV2"], 1, now, people=first))
        second = [("A Văn Một", "CSTDCS", "BK_UBND_TINH"), ("B Văn Hai", "LDTT", None), ("C Văn Ba", "LDTT", None)]
        await repo.add_version(s, make(ROUND, units["PNV2"], 2, now, people=second, collective="TTLDXS"))
        await repo.add_version(
            s, make(ROUND, units["PNV1"], 1, now, people=[("D Văn Bốn", None, "GK_CTT")], collective_award="GK_CTT")
        )
        await repo.add_version(s, make(OTHER_ROUND, units["VP"], 1, now, people=[("E Văn Năm", "CSTD_TINH", None)]))
    async with db.transaction() as s:
        current = await repo.current_for_round(s, ROUND)
        assert [(unit.code, r.version, len(r.lines)) for r, unit in current] == [("PNV1", 1, 1), ("PNV2", 2, 3)]
        assert await repo.registered_unit_ids(s, ROUND) == {units["PNV1"], units["PNV2"]}
        counts = await repo.title_counts(s, ROUND)
        assert counts.person_titles == {"LDTT": 2, "CSTDCS": 1}
        assert counts.person_awards == {"BK_UBND_TINH": 1, "GK_CTT": 1}
        assert counts.collective_titles == {"TTLDXS": 1, "TTLDTT": 1}
        assert counts.collective_awards == {"GK_CTT": 1}
        assert (await repo.title_counts(s, 999)).person_titles == {}


async def test_status_changes_and_lines_go_with_their_registration(
    db: Database, clock: FixedClock, units: dict[str, int]
) -> None:
    async with db.transaction() as s:
        saved = await repo.add_version(s, make(ROUND, units["PNV1"], 1, clock.now()))
        await repo.set_status(s, saved, RegistrationStatus.ACCEPTED)
    async with db.transaction() as s:
        again = await repo.get(s, saved.id)
        assert again is not None and again.status is RegistrationStatus.ACCEPTED
        await s.delete(again)
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(RegistrationLine)) == 0


async def test_the_migration_goes_down_and_up_again(db: Database) -> None:
    config = alembic_config()

    def run(connection: object, revision: str, *, down: bool) -> set[str]:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
        return set(inspect(connection).get_table_names())  # type: ignore[arg-type]

    async with db.engine.begin() as conn:
        tables = await conn.run_sync(lambda c: run(c, "0001", down=True))
        assert "registrations" not in tables and "registration_lines" not in tables
    async with db.engine.begin() as conn:
        tables = await conn.run_sync(lambda c: run(c, "head", down=False))
        assert {"registrations", "registration_lines"} <= tables
