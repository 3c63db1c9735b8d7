"""Past years' commendations from an Excel sheet, all or nothing, every bad row named.

Sheet ``LichSu``, one award per row, columns found by their header (any order):
Năm | Đối tượng (Cá nhân / Tập thể) | Tên (họ tên hoặc tên tập thể) | Đơn vị | Danh hiệu, hình thức |
Số quyết định | Ngày quyết định (dd/mm/yyyy) | Số tiền.
The file is checked by services/archive.py first (no member may expand beyond UPLOADED_WORKBOOK),
then read with openpyxl in read-only mode under a size and row cap. Blocking and CPU-bound for a large
file: a chat flow reads it in a thread.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.text import to_plain
from services import archive, audit
from services.access import ensure_admin
from services.actors import Actor
from services.award_catalog import AwardCatalog, MatchStatus
from services.award_models import Subject, fold
from services.commendation.council import holder_key
from services.errors import Refusal
from storage.models import AwardRecord
from storage.repos import commendation_records as repo

SHEET = "LichSu"
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
COLUMNS = {
    "year": "Năm",
    "subject": "Đối tượng",
    "name": "Tên",
    "unit": "Đơn vị",
    "award": "Danh hiệu, hình thức",
    "decision": "Số quyết định",
    "date": "Ngày quyết định",
    "amount": "Số tiền",
}
REQUIRED = ("year", "subject", "name", "unit", "award")


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    key: str  # catalogue key "record.import.…"
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    errors: tuple[RowError, ...]


@dataclass(frozen=True, slots=True)
class _Row:
    row: int
    year: int
    collective: bool
    name: str
    unit: str
    award_code: str
    decision: str
    day: date | None
    amount: int


def _rows(content: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook  # only when a workbook is read

    if len(content) > MAX_BYTES:
        raise Refusal("record.import.too_big", limit_mb=MAX_BYTES // (1024 * 1024), rows=MAX_ROWS)
    try:
        archive.check_workbook(content, archive.UPLOADED_WORKBOOK)
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except archive.NotAnArchive:
        raise Refusal("record.import.bad_file") from None
    except Refusal:
        raise
    except Exception:  # openpyxl fails on a bad file in many ways (zip, XML, keys); each means "unreadable"
        raise Refusal("record.import.bad_file") from None
    try:
        if SHEET not in book.sheetnames:
            raise Refusal("record.import.no_sheet", sheet=SHEET)
        lines = book[SHEET].iter_rows(values_only=True)
        header = [fold(str(c or "")) for c in next(lines, ())]
        where = {k: header.index(fold(title)) for k, title in COLUMNS.items() if fold(title) in header}
        for k in REQUIRED:
            if k not in where:
                raise Refusal("record.import.missing_column", column=COLUMNS[k])
        for number, line in enumerate(lines, start=2):
            if number > MAX_ROWS + 1:
                raise Refusal("record.import.too_big", limit_mb=MAX_BYTES // (1024 * 1024), rows=MAX_ROWS)
            if not any(c not in (None, "") for c in line):
                continue
            yield number, {k: (line[i] if i < len(line) else None) for k, i in where.items()}
    finally:
        book.close()


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _int(value: Any) -> int | None:
    try:
        number = float(str(value).strip().replace(" ", ""))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _parse(catalog: AwardCatalog, number: int, cells: dict[str, Any]) -> _Row | RowError:
    name, unit = _text(cells.get("name")), _text(cells.get("unit"))
    if not name:
        return RowError(number, "record.import.no_name")
    raw_year = cells.get("year")
    year = _int(raw_year)
    if year is None or not 1945 <= year <= 2100:
        return RowError(number, "record.import.bad_year", {"value": _text(raw_year)})
    collective = fold(_text(cells.get("subject"))).startswith("tapthe")
    subject = Subject.TAP_THE if collective else Subject.CA_NHAN
    typed = _text(cells.get("award"))
    match = catalog.resolve(typed, registrable=False)
    if match.award is None or match.status in (MatchStatus.UNKNOWN, MatchStatus.AMBIGUOUS):
        return RowError(number, "record.import.unknown_title", {"value": typed})
    if not match.award.is_for(subject):
        who = "record.subject.collective" if collective else "record.subject.person"
        return RowError(number, "record.import.wrong_subject", {"value": typed, "subject_key": who})
    day = cells.get("date")
    if isinstance(day, datetime):
        day = day.date()
    elif day not in (None, "") and not isinstance(day, date):
        try:
            day = datetime.strptime(_text(day), "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            return RowError(number, "record.import.bad_date", {"value": _text(cells.get("date"))})
    amount = _int(cells.get("amount") or 0)
    if amount is None or amount < 0:
        return RowError(number, "record.import.bad_amount", {"value": _text(cells.get("amount"))})
    return _Row(
        number, year, collective, name, unit, match.award.code, _text(cells.get("decision")), day or None, amount
    )


async def import_records(
    session: AsyncSession, actor: Actor, catalog: AwardCatalog, content: bytes, now: datetime
) -> ImportResult:
    """Check every row; write them all only when none has an error."""
    ensure_admin(actor, "record.import")
    errors: list[RowError] = []
    parsed: list[_Row] = []
    for number, cells in _rows(content):
        row = _parse(catalog, number, cells)
        (errors if isinstance(row, RowError) else parsed).append(row)  # type: ignore[arg-type]
    errors.extend(await _conflicts(session, parsed))
    if errors:
        return ImportResult(0, tuple(sorted(errors, key=lambda e: e.row)))
    session.add_all(
        AwardRecord(
            collective=r.collective,
            name=r.name,
            holder_key=holder_key(r.name, r.collective),
            unit_id=None,
            unit_name=r.unit,
            year=r.year,
            award_code=r.award_code,
            amount=r.amount,
            decision_id=None,
            decision_ref=r.decision,
            decision_date=r.day,
            source="import",
            created_at=now,
        )
        for r in parsed
    )
    await session.flush()
    await audit.record(session, actor, "record.import", now, details={"rows": len(parsed)})
    return ImportResult(len(parsed), ())


async def _conflicts(session: AsyncSession, rows: list[_Row]) -> list[RowError]:
    """A person in two units in one year; one award twice in a year (in the file or already recorded)."""
    errors: list[RowError] = []
    keys = [(holder_key(r.name, r.collective), r.collective, r.year) for r in rows]
    stored = await repo.existing(session, keys)
    # Per (holder, year): what is known so far, as (row or "đã lưu", unit as written, award).
    seen: dict[tuple[str, bool, int], list[tuple[int | str, str, str]]] = {
        key: [("đã lưu", r.unit_name, r.award_code) for r in found] for key, found in stored.items()
    }
    for key, row in zip(keys, rows, strict=True):
        earlier = seen.setdefault(key, [])
        for other_row, other_unit, other_award in earlier:
            if not row.collective and fold(other_unit) != fold(row.unit):
                values = {"name": row.name, "year": row.year, "other": other_unit, "other_row": other_row}
                errors.append(RowError(row.row, "record.import.two_units", {**values, "unit": row.unit}))
                break
            if other_award == row.award_code:
                values = {"name": row.name, "award": row.award_code, "year": row.year, "other_row": other_row}
                errors.append(RowError(row.row, "record.import.twice", values))
                break
        earlier.append((row.row, row.unit, row.award_code))
    return errors


def describe(error: RowError) -> str:
    """The row's error as the Office reads it: "Dòng 7: danh hiệu, hình thức «CSTĐ xã» không có…"."""
    from core.catalog import Ref, t

    values = dict(error.values)
    if "subject_key" in values:
        values["subject"] = Ref(str(values.pop("subject_key")))
    return to_plain(t("record.import.row_error", row=error.row, error=t(error.key, **values)))
