"""The consolidated register (Tổng hợp đăng ký thi đua) as an Excel sheet for the Office.

One row per collective (the unit's own target, its commitments and the warnings it was sent with), then
one row per individual. :func:`register_table` makes the rows; :func:`add_register_sheet` writes them into
an openpyxl workbook and :func:`register_workbook` makes a file of its own (/dangkythidua's "Xuất Excel");
services/export_registration.py writes the same rows into the streaming /xuat workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from core.catalog import plain
from core.xlsx import DATETIME_FORMAT, save_openpyxl
from services.award_catalog import AwardCatalog
from services.registration_entries import render_issue_plain
from services.registration_rules import RuleWarning
from storage.models import Registration, Unit

__all__ = [
    "COLUMNS",
    "HEADER_ROW",
    "WHEN_COLUMN",
    "RegisterRow",
    "add_register_sheet",
    "register_table",
    "register_workbook",
]

HEADER_ROW = 3
COLUMNS = (
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
WHEN_COLUMN = 11  # 1-based: "Thời gian gửi", a date cell


def _name(catalog: AwardCatalog, code: str | None) -> str | None:
    if code is None:
        return None
    award = catalog.find(code)
    return award.name if award else code  # a code since removed from the catalogue is shown as it was stored


def _warnings(registration: Registration) -> str | None:
    return (
        "\n".join(
            render_issue_plain(w.key, w.values) for w in (RuleWarning.from_json(item) for item in registration.warnings)
        )
        or None
    )


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One row of the register: ``cells`` follow :data:`COLUMNS`; empty cells are None, the sending
    time is local wall time without tzinfo (a real Excel date cell)."""

    collective: bool
    cells: tuple[Any, ...]


def register_table(
    current: Sequence[tuple[Registration, Unit]], catalog: AwardCatalog, tz: ZoneInfo
) -> list[RegisterRow]:
    """The register's rows, for both writers: the standalone openpyxl file and the /xuat streaming sheet.

    Per unit, the collective first (its target, commitments and the warnings it was sent with), then
    its individuals; numbered from 1 across the whole register.
    """
    rows: list[tuple[bool, list[Any]]] = []
    for registration, unit in current:
        sent = registration.created_at.astimezone(tz).replace(tzinfo=None)
        common = [registration.receipt_code, registration.version, sent]
        collective_title = _name(catalog, registration.collective_title_code) or plain("reg.summary_none")
        rows.append(
            (
                True,
                [
                    unit.name,
                    plain("reg.export.collective"),
                    unit.name,
                    None,
                    collective_title,
                    _name(catalog, registration.collective_award_code),
                    registration.commitments or None,
                    *common,
                    _warnings(registration),
                ],
            )
        )
        for line in registration.lines:
            rows.append(
                (
                    False,
                    [
                        unit.name,
                        plain("reg.export.person"),
                        line.full_name,
                        line.position or None,
                        _name(catalog, line.title_code),
                        _name(catalog, line.award_code),
                        line.note or None,
                        *common,
                        None,
                    ],
                )
            )
    return [RegisterRow(collective, (number, *cells)) for number, (collective, cells) in enumerate(rows, 1)]


def add_register_sheet(
    workbook: Any,
    current: Sequence[tuple[Registration, Unit]],
    catalog: AwardCatalog,
    *,
    year: int,
    tz: ZoneInfo,
) -> Any:
    """Add the sheet to ``workbook`` (an openpyxl Workbook); ``current`` as the repository's current_for_round."""
    # openpyxl (and numpy with it) is imported only when a workbook is made: it is slow to load.
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(plain("reg.export.sheet"))
    sheet["A1"] = plain("reg.export.title", year=year)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(f"A1:{get_column_letter(len(COLUMNS))}1")
    for index, (key, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=plain(key))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, row in enumerate(register_table(current, catalog, tz), 1):
        for index, value in enumerate(row.cells, 1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=index, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if index == WHEN_COLUMN:
                cell.number_format = DATETIME_FORMAT
            if row.collective:
                cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{max(HEADER_ROW + 1, sheet.max_row)}"
    return sheet


def register_workbook(
    current: Sequence[tuple[Registration, Unit]], catalog: AwardCatalog, *, year: int, tz: ZoneInfo
) -> bytes:
    """The register alone, as the bytes of an .xlsx file."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    add_register_sheet(workbook, current, catalog, year=year, tz=tz)
    return save_openpyxl(workbook)
