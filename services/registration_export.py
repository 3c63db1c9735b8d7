"""The consolidated register (Tổng hợp đăng ký thi đua) as an Excel sheet for the Office.

One row per collective (the unit's own target, its commitments and the warnings it was sent with), then
one row per individual. :func:`add_register_sheet` adds the sheet to a workbook (the /xuat export);
:func:`register_workbook` makes a file of its own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.catalog import plain
from core.clock import fmt_datetime
from services.award_catalog import AwardCatalog
from services.registration_entries import render_issue_plain
from services.registration_rules import RuleWarning
from storage.models import Registration, Unit

__all__ = ["HEADER_ROW", "add_register_sheet", "register_workbook"]

HEADER_ROW = 3
_COLUMNS = (
    ("reg.export.col_no", 6),
    ("reg.export.col_unit", 32),
    ("reg.export.col_subject", 10),
    ("reg.export.col_name", 30),
    ("reg.export.col_position", 24),
    ("reg.export.col_title", 30),
    ("reg.export.col_award", 34),
    ("reg.export.col_note", 40),
    ("reg.export.col_code", 24),
    ("reg.export.col_version", 6),
    ("reg.export.col_when", 17),
    ("reg.export.col_warnings", 60),
)


def _name(catalog: AwardCatalog, code: str | None) -> str:
    if code is None:
        return ""
    award = catalog.find(code)
    return award.name if award else code  # a code since removed from the catalogue is shown as it was stored


def _warnings(registration: Registration) -> str:
    return "\n".join(
        render_issue_plain(w.key, w.values) for w in (RuleWarning.from_json(item) for item in registration.warnings)
    )


def _rows(current: Sequence[tuple[Registration, Unit]], catalog: AwardCatalog, tz: ZoneInfo) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for registration, unit in current:
        sent = fmt_datetime(registration.created_at, tz)
        common = [registration.receipt_code, registration.version, sent]
        collective_title = _name(catalog, registration.collective_title_code) or plain("reg.summary_none")
        rows.append(
            [
                unit.name,
                plain("reg.export.collective"),
                unit.name,
                "",
                collective_title,
                _name(catalog, registration.collective_award_code),
                registration.commitments,
                *common,
                _warnings(registration),
            ]
        )
        for line in registration.lines:
            rows.append(
                [
                    unit.name,
                    plain("reg.export.person"),
                    line.full_name,
                    line.position,
                    _name(catalog, line.title_code),
                    _name(catalog, line.award_code),
                    line.note,
                    *common,
                    "",
                ]
            )
    return [[number, *row] for number, row in enumerate(rows, 1)]


def add_register_sheet(
    workbook: Any,
    current: Sequence[tuple[Registration, Unit]],
    catalog: AwardCatalog,
    *,
    year: int,
    tz: ZoneInfo,
) -> Any:
    """Add the sheet to ``workbook`` (an openpyxl Workbook); ``current`` as the repository's current_for_round."""
    sheet = workbook.create_sheet(plain("reg.export.sheet"))
    sheet["A1"] = plain("reg.export.title", year=year)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(f"A1:{get_column_letter(len(_COLUMNS))}1")
    for index, (key, width) in enumerate(_COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=plain(key))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, row in enumerate(_rows(current, catalog, tz), 1):
        for index, value in enumerate(row, 1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=index, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        if row[2] == plain("reg.export.collective"):
            for index in range(1, len(_COLUMNS) + 1):
                sheet.cell(row=HEADER_ROW + offset, column=index).font = Font(bold=True)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(_COLUMNS))}{max(HEADER_ROW + 1, sheet.max_row)}"
    return sheet


def register_workbook(
    current: Sequence[tuple[Registration, Unit]], catalog: AwardCatalog, *, year: int, tz: ZoneInfo
) -> bytes:
    """The register alone, as the bytes of an .xlsx file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_register_sheet(workbook, current, catalog, year=year, tz=tz)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
