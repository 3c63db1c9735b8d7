"""Importing the unit list from YAML or Excel (upsert by unit code), audited as one action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from services import archive, audit
from storage.models import ClusterMembership, ClusterRole, Unit, UnitKind
from storage.repos import units as unit_repo

DEFAULT_UNITS_FILE = Path(__file__).resolve().parent.parent / "storage" / "data" / "units-langson.yaml"


class UnitImportError(ValueError):
    """The file cannot be imported; the message says where, in Vietnamese."""


class UnitRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=255)
    kind: UnitKind
    short_name: str | None = None
    host_agency: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    merged_into: str | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        return value.strip().upper()


class MemberRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: str
    role: ClusterRole = ClusterRole.MEMBER


class ClusterRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cluster: str
    year: int = Field(ge=2000, le=2100)
    members: list[MemberRow]


class UnitFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: list[UnitRow]
    clusters: list[ClusterRow] = []


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    memberships: int


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"Dữ liệu không hợp lệ tại {where}: {first['msg']}"


def read_yaml(path: Path) -> UnitFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return UnitFile.model_validate(raw)
    except yaml.YAMLError as exc:
        raise UnitImportError(f"Tệp YAML không đọc được: {exc}") from exc
    except ValidationError as exc:
        raise UnitImportError(_describe(exc)) from exc


def read_xlsx(path: Path) -> UnitFile:
    """Sheet 'DonVi' (columns as the YAML keys) and optional sheet 'Cum' (cluster, year, unit, role)."""
    from openpyxl import load_workbook

    from core.catalog import plain

    try:
        archive.check_workbook(path, archive.IMPORT_WORKBOOK)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except archive.ArchiveRefused as exc:
        raise UnitImportError(plain(exc.key, **exc.values)) from None
    except Exception as exc:  # openpyxl fails on a bad file in many ways (zip, XML, keys)
        raise UnitImportError(f"Tệp Excel không đọc được: {exc}") from None
    try:
        if "DonVi" not in workbook.sheetnames:
            raise UnitImportError("Không tìm thấy trang tính 'DonVi' trong tệp Excel.")
        units = [_row_dict(header, row) for header, row in _rows(workbook["DonVi"])]
        clusters: dict[tuple[str, int], list[dict[str, Any]]] = {}
        if "Cum" in workbook.sheetnames:
            for header, row in _rows(workbook["Cum"]):
                data = _row_dict(header, row)
                key = (str(data.pop("cluster")), int(data.pop("year")))
                clusters.setdefault(key, []).append(data)
        raw = {
            "units": units,
            "clusters": [{"cluster": c, "year": y, "members": m} for (c, y), m in clusters.items()],
        }
        return UnitFile.model_validate(raw)
    except ValidationError as exc:
        raise UnitImportError(_describe(exc)) from exc
    finally:
        workbook.close()


def _rows(sheet: Any) -> list[tuple[list[str], tuple[Any, ...]]]:
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    return [(header, row) for row in rows[1:] if any(cell not in (None, "") for cell in row)]


def _row_dict(header: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, cell in zip(header, row, strict=False):
        if name and cell not in (None, ""):
            data[name] = cell.date() if isinstance(cell, datetime) else cell
    return data


def read_file(path: Path) -> UnitFile:
    if not path.exists():
        raise UnitImportError(f"Không tìm thấy tệp {path}")
    if path.suffix.lower() in (".yaml", ".yml"):
        return read_yaml(path)
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path)
    raise UnitImportError("Chỉ nhận tệp .yaml, .yml hoặc .xlsx")


async def apply(session: AsyncSession, data: UnitFile, now: datetime, *, label: str) -> ImportResult:
    codes = [row.code for row in data.units]
    if len(codes) != len(set(codes)):
        raise UnitImportError("Mã đơn vị bị trùng trong tệp.")
    created = updated = 0
    by_code: dict[str, Unit] = {}
    for order, row in enumerate(data.units):
        unit = await unit_repo.by_code(session, row.code)
        if unit is None:
            unit = Unit(code=row.code, name=row.name, kind=row.kind)
            session.add(unit)
            created += 1
        else:
            updated += 1
        unit.name, unit.kind, unit.short_name = row.name, row.kind, row.short_name
        unit.host_agency, unit.valid_from, unit.valid_to = row.host_agency, row.valid_from, row.valid_to
        unit.sort_order = order
        by_code[row.code] = unit
    await session.flush()

    async def resolve(code: str) -> Unit:
        unit = by_code.get(code.upper()) or await unit_repo.by_code(session, code.upper())
        if unit is None:
            raise UnitImportError(f"Mã đơn vị không tồn tại: {code}")
        return unit

    for row in data.units:
        by_code[row.code].merged_into_id = (await resolve(row.merged_into)).id if row.merged_into else None
    memberships = 0
    existing = {
        (m.cluster_id, m.unit_id, m.year): m
        for c in data.clusters
        for m in await unit_repo.memberships(session, year=c.year)
    }
    for cluster_row in data.clusters:
        cluster = await resolve(cluster_row.cluster)
        if cluster.kind != UnitKind.CLUSTER:
            raise UnitImportError(f"{cluster.code} không phải là cụm thi đua.")
        for member in cluster_row.members:
            unit = await resolve(member.unit)
            key = (cluster.id, unit.id, cluster_row.year)
            if key in existing:
                existing[key].role = member.role
            else:
                session.add(
                    ClusterMembership(cluster_id=cluster.id, unit_id=unit.id, year=cluster_row.year, role=member.role)
                )
            memberships += 1
    await session.flush()
    await audit.record(
        session,
        None,
        "units.import",
        now,
        label=label,
        details={"created": created, "updated": updated, "memberships": memberships},
    )
    return ImportResult(created=created, updated=updated, memberships=memberships)


async def load_defaults_if_empty(session: AsyncSession, now: datetime) -> ImportResult | None:
    """On first start, load the shipped Lạng Sơn list so the bot is usable at once."""
    if await unit_repo.count(session) > 0:
        return None
    return await apply(session, read_yaml(DEFAULT_UNITS_FILE), now, label="khởi tạo")
