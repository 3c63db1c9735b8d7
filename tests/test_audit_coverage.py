"""Exports and the Office's reads of a unit's documents are audited acts, and so is a probe with an id
that finds nothing (issue 9, item 9). Each test reads the audit rows back."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from services import export_workbook, office_review, unit_tasks
from services import registration_office as office
from services.award_catalog import AwardCatalog
from services.errors import Refusal
from storage.db import Database
from storage.models import AuditEntry, Round, RoundKind
from storage.repos import ops
from tests import factories as f
from tests.office_helpers import round_for, submit
from tests.test_office_views import world
from tests.test_registration_flow import MARCH_5, catalog, rounds, send

__all__ = ["catalog", "rounds", "world"]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def entries(db: Database, action: str) -> list[AuditEntry]:
    async with db.transaction() as s:
        return list(await ops.audit_entries(s, action=action))


async def test_the_year_export_is_audited_from_the_bot_and_the_command_line(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    async with world.transaction() as s:
        await export_workbook.build_export(s, boss, 2024, tz=TZ, now=clock.now())
        await export_workbook.build_export(s, None, 2024, tz=TZ, now=clock.now())
    rows = await entries(world, "export.year")
    assert [(r.actor_account_id, r.actor_label, r.target_id, r.outcome) for r in rows] == [
        (boss.account_id, boss.label, "2024", "ok"),
        (None, "cli", "2024", "ok"),
    ]
    assert rows[0].details["rounds"] > 0


async def test_the_office_downloading_a_units_files_is_audited_and_a_missing_id_is_a_probe(
    world: Database, clock: FixedClock
) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 10, "TTH-CL", clock.now())
    receipt = await submit(world, officer, await round_for(world, "II.1"), clock.now())
    async with world.transaction() as s:
        found = await office_review.version_files(s, boss, receipt.submission.id, clock.now())
    rows = await entries(world, "submission.files")
    assert [(r.actor_account_id, r.target_id, r.details["unit_id"]) for r in rows] == [
        (boss.account_id, str(receipt.submission.id), officer.unit_id)
    ]
    assert rows[0].details["files"] == [file.id for file in found.files]
    with pytest.raises(Refusal) as caught:
        async with world.transaction() as s:
            await office_review.version_files(s, boss, 999_999, clock.now())
    assert caught.value.key == "review.unknown"
    assert caught.value.denied is not None and caught.value.denied.outcome == "not_found"


async def test_an_officer_probing_another_units_file_gets_not_found_marked_for_the_audit(
    world: Database, clock: FixedClock
) -> None:
    owner = await f.officer(world, 10, "TTH-CL", clock.now())
    prober = await f.officer(world, 11, "TTH-VL", clock.now())
    round_id = await round_for(world, "II.1")
    receipt = await submit(world, owner, round_id, clock.now())
    with pytest.raises(Refusal) as caught:
        async with world.transaction() as s:
            await unit_tasks.own_file(s, prober, round_id, receipt.files[0].id)
    assert caught.value.key == "tasks.file_unknown"
    denied = caught.value.denied
    assert denied is not None and (denied.action, denied.target_id, denied.outcome) == (
        "submission.file",
        str(receipt.files[0].id),
        "not_found",
    )


async def test_the_registration_scan_and_the_register_export_are_audited(
    db: Database, catalog: AwardCatalog, rounds: dict[RoundKind, Round]
) -> None:
    round_id = rounds[RoundKind.REGISTRATION].id
    unit_officer = await f.officer(db, 505, "TTS-KHDT", MARCH_5)
    sent = await send(db, unit_officer, catalog, round_id, MARCH_5)
    boss = await f.admin(db, 9001, MARCH_5)
    async with db.transaction() as s:
        registration, _ = await office.scan_of(s, boss, sent.saved.registration.id, MARCH_5)
        view = await office.register_export(s, boss, round_id, MARCH_5)
    scans = await entries(db, "registration.scan")
    assert [(r.actor_account_id, r.target_id, r.details["unit_id"]) for r in scans] == [
        (boss.account_id, str(registration.id), unit_officer.unit_id)
    ]
    exports = await entries(db, "registration.export")
    assert [(r.actor_account_id, r.target_id, r.details["units"]) for r in exports] == [
        (boss.account_id, str(round_id), len(view.current))
    ]
    with pytest.raises(Refusal) as caught:
        async with db.transaction() as s:
            await office.scan_of(s, boss, 999_999, MARCH_5)
    assert caught.value.denied is not None and caught.value.denied.outcome == "not_found"
