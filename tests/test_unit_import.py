"""Importing units from YAML and Excel: upsert by code, clusters, validity, clear errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.clock import FixedClock
from services import unit_import
from storage.db import Database
from storage.models import UnitKind
from storage.repos import ops
from storage.repos import units as unit_repo


async def test_default_list_loads_once_with_clusters_and_abolition_dates(db: Database, clock: FixedClock) -> None:
    async with db.transaction() as s:
        first = await unit_import.load_defaults_if_empty(s, clock.now())
        again = await unit_import.load_defaults_if_empty(s, clock.now())
    assert first is not None and first.created >= 40 and again is None
    async with db.transaction() as s:
        kinds = await unit_repo.count_by_kind(s)
        assert set(kinds) == set(UnitKind)
        cao_loc = await unit_repo.by_code(s, "TTH-CL")
        assert cao_loc is not None and cao_loc.valid_to == date(2025, 6, 30) and cao_loc.merged_into_id
        in_2026 = await unit_repo.count_by_kind(s, valid_on=date(2026, 1, 5))
        assert UnitKind.DISTRICT_INSPECTORATE not in in_2026
        heads = [m for m in await unit_repo.memberships(s, year=2024) if m.role.value == "head"]
        assert len(heads) == 3


async def test_yaml_import_updates_by_code_and_is_audited(db: Database, clock: FixedClock, tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(
        "units:\n"
        "  - {code: vp, name: Văn phòng, kind: office}\n"
        "  - {code: CUM9, name: Cụm 9, kind: cluster}\n"
        "  - {code: TTS-A, name: Thanh tra Sở A, kind: dept_inspectorate, valid_to: 2025-06-30, merged_into: VP}\n"
        "clusters:\n  - {cluster: CUM9, year: 2024, members: [{unit: TTS-A, role: head}]}\n",
        encoding="utf-8",
    )
    for _ in range(2):
        async with db.transaction() as s:
            result = await unit_import.apply(s, unit_import.read_file(path), clock.now(), label="test")
    assert (result.created, result.updated, result.memberships) == (0, 3, 1)
    async with db.transaction() as s:
        assert await unit_repo.count(s) == 3
        assert len(await unit_repo.memberships(s, year=2024)) == 1
        assert [e.action for e in await ops.audit_entries(s)] == ["units.import", "units.import"]


async def test_xlsx_import(db: Database, clock: FixedClock, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "DonVi"
    sheet.append(["code", "name", "kind", "valid_to"])
    sheet.append(["VP", "Văn phòng Thanh tra tỉnh", "office", None])
    sheet.append(["CUM1", "Cụm 1", "cluster", None])
    sheet.append(["TTH-X", "Thanh tra huyện X", "district_inspectorate", date(2025, 6, 30)])
    members = book.create_sheet("Cum")
    members.append(["cluster", "year", "unit", "role"])
    members.append(["CUM1", 2024, "TTH-X", "head"])
    path = tmp_path / "units.xlsx"
    book.save(path)
    async with db.transaction() as s:
        result = await unit_import.apply(s, unit_import.read_file(path), clock.now(), label="test")
    assert (result.created, result.memberships) == (3, 1)
    async with db.transaction() as s:
        unit = await unit_repo.by_code(s, "TTH-X")
        assert unit is not None and unit.valid_to == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("units:\n  - {code: A, name: A, kind: planet}\n", "units.0.kind"),
        ("units:\n  - {code: A, name: A, kind: office}\n  - {code: a, name: B, kind: office}\n", "trùng"),
        ("units:\n  - {code: A, name: A, kind: office, merged_into: NOPE}\n", "NOPE"),
        ("units: [\n", "YAML"),
        (
            "units:\n  - {code: A, name: A, kind: office}\nclusters:\n  - {cluster: A, year: 2024, members: []}\n",
            "không phải là cụm",
        ),
    ],
)
async def test_bad_files_are_refused_with_a_reason_and_change_nothing(
    db: Database, clock: FixedClock, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(unit_import.UnitImportError, match=message):
        async with db.transaction() as s:
            await unit_import.apply(s, unit_import.read_file(path), clock.now(), label="test")
    async with db.transaction() as s:
        assert await unit_repo.count(s) == 0


def test_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(unit_import.UnitImportError, match="yaml"):
        unit_import.read_file(path)
