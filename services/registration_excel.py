"""The Excel template that /maudangky sends, and reading a filled one back.

Layout (version :data:`TEMPLATE_VERSION`): sheet "Danh sách" — a title, the unit, and the header row
:data:`HEADER_ROW` (STT | Họ và tên | Chức vụ | Danh hiệu thi đua | Hình thức khen thưởng | Ghi chú),
people from :data:`FIRST_DATA_ROW`; drop-down lists for the two award columns (typing an
abbreviation is allowed too). Sheet "Hướng dẫn": how to fill it in. A very hidden sheet
:data:`META_SHEET` holds the marker, the version, the unit and the year, and the drop-down lists.

A workbook without our marker is refused as "not our template"; an older version asks for the new
template; a changed header row is refused naming the column. Rows are then checked like a pasted list,
each problem reported with its Excel row number, and nothing is taken unless every row is right.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Any

from core.catalog import plain
from core.xlsx import save_openpyxl
from services import archive
from services.award_catalog import AwardCatalog, Kind, Match, Subject, fold
from services.errors import Refusal
from services.registration_entries import (
    MAX_INDIVIDUALS,
    EntryIssue,
    ParsedEntries,
    PersonEntry,
    make_entry,
    resolve_parts,
    resolve_person_word,
)

__all__ = [
    "FIRST_DATA_ROW",
    "HEADER_ROW",
    "MAX_UPLOAD_BYTES",
    "META_SHEET",
    "TEMPLATE_MARKER",
    "TEMPLATE_VERSION",
    "TemplateUpload",
    "build_template",
    "read_template",
    "template_file_name",
]

log = logging.getLogger(__name__)

TEMPLATE_MARKER = "THIDUA-DANGKY-CANHAN"
TEMPLATE_VERSION = 1
META_SHEET = "_thidua"
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a filled template is ~20 KB; anything near this is not one
COLUMNS = (
    "reg.tpl.col_no",
    "reg.tpl.col_name",
    "reg.tpl.col_position",
    "reg.tpl.col_title",
    "reg.tpl.col_award",
    "reg.tpl.col_note",
)
WIDTHS = (6, 30, 30, 30, 34, 30)
_SCAN_ROWS = MAX_INDIVIDUALS * 2  # rows read after the header: enough to see that a list is too long


@dataclass(frozen=True, slots=True)
class TemplateUpload:
    parsed: ParsedEntries
    unit_name: str | None  # as written in the template when it was sent
    year: int | None


def template_file_name() -> str:
    return plain("reg.tpl.file_name")


# ---------------------------------------------------------------- writing
def build_template(
    catalog: AwardCatalog, *, on: dt.date | None = None, unit_name: str | None = None, year: int | None = None
) -> bytes:
    """The .xlsx bytes of an empty template with the titles and forms in force on ``on``."""
    # openpyxl (and numpy with it) is imported only when a workbook is made: it is slow to load.
    from openpyxl import Workbook

    titles = [a.name for a in catalog.select(Kind.DANH_HIEU, subject=Subject.CA_NHAN, on=on)]
    forms = [a.name for a in catalog.select(Kind.HINH_THUC, subject=Subject.CA_NHAN, on=on)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = plain("reg.tpl.sheet_list")
    _write_list_sheet(sheet, unit_name, year, len(titles), len(forms))
    _write_help_sheet(workbook.create_sheet(plain("reg.tpl.sheet_help")))
    _write_meta_sheet(workbook.create_sheet(META_SHEET), unit_name, year, titles, forms)
    return save_openpyxl(workbook)


def _write_list_sheet(sheet: Any, unit_name: str | None, year: int | None, titles: int, forms: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = get_column_letter(len(COLUMNS))
    sheet["A1"] = plain("reg.tpl.title_year", year=year) if year else plain("reg.tpl.title")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(f"A1:{last}1")
    if unit_name:
        sheet["A2"] = plain("reg.tpl.unit", unit=unit_name)
        sheet.merge_cells(f"A2:{last}2")
    thin = Side(style="thin")
    for index, (key, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), 1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=plain(key))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    last_row = FIRST_DATA_ROW + MAX_INDIVIDUALS - 1
    lists = (("D", "A", titles, "reg.tpl.prompt_title"), ("E", "B", forms, "reg.tpl.prompt_award"))
    for column, source, count, prompt in lists:
        validation = DataValidation(
            type="list",
            formula1=f"'{META_SHEET}'!${source}$2:${source}${count + 1}",
            allow_blank=True,
            showErrorMessage=False,  # abbreviations typed by hand are read too
            showInputMessage=True,
            prompt=plain(prompt),
        )
        validation.add(f"{column}{FIRST_DATA_ROW}:{column}{last_row}")
        sheet.add_data_validation(validation)


def _write_help_sheet(sheet: Any) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 120
    for row, line in enumerate(plain("reg.tpl.help", limit=MAX_INDIVIDUALS).splitlines(), 1):
        cell = sheet.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(bold=row == 1)


def _write_meta_sheet(sheet: Any, unit_name: str | None, year: int | None, titles: list[str], forms: list[str]) -> None:
    sheet.sheet_state = "veryHidden"
    sheet["A1"], sheet["B1"] = plain("reg.tpl.lists_title"), plain("reg.tpl.lists_award")
    for row, name in enumerate(titles, 2):
        sheet.cell(row=row, column=1, value=name)
    for row, name in enumerate(forms, 2):
        sheet.cell(row=row, column=2, value=name)
    for row, (label, value) in enumerate(
        (("marker", TEMPLATE_MARKER), ("version", TEMPLATE_VERSION), ("unit", unit_name), ("year", year)), 1
    ):
        sheet.cell(row=row, column=4, value=label)
        sheet.cell(row=row, column=5, value=value)


# ---------------------------------------------------------------- reading
def read_template(content: bytes, catalog: AwardCatalog, *, on: dt.date | None = None) -> TemplateUpload:
    """People from a filled template; :class:`Refusal` when the file cannot be taken as a whole.

    Blocking and CPU-bound: call it in a thread, outside any transaction. The archive is checked
    first (no member may expand beyond :data:`archive.UPLOADED_WORKBOOK`), and anything openpyxl
    raises while reading, up to the last row (a truncated sheet fails only there), means "unreadable".
    """
    from openpyxl import load_workbook

    if len(content) > MAX_UPLOAD_BYTES:
        raise Refusal("reg.excel.too_big", limit=MAX_UPLOAD_BYTES // (1024 * 1024))
    try:
        archive.check_workbook(content, archive.UPLOADED_WORKBOOK)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except archive.NotAnArchive:
        log.info("unreadable Excel upload (%d bytes): not a sound zip", len(content), exc_info=True)
        raise Refusal("reg.excel.unreadable") from None
    except Refusal:
        raise
    except Exception:  # openpyxl fails on a bad file in many ways (zip, XML, keys); each means "unreadable"
        log.info("unreadable Excel upload (%d bytes)", len(content), exc_info=True)
        raise Refusal("reg.excel.unreadable") from None
    try:
        meta = _meta(workbook)
        sheet_name = plain("reg.tpl.sheet_list")
        sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(
            min_row=HEADER_ROW, max_row=FIRST_DATA_ROW + _SCAN_ROWS, max_col=len(COLUMNS), values_only=True
        )
        _check_header(next(rows, ()))
        parsed = _read_rows(rows, catalog, on)
    except Refusal:
        raise
    except Exception:  # read-only sheets are parsed lazily: broken XML surfaces while rows are read
        log.info("unreadable Excel upload (%d bytes) while reading rows", len(content), exc_info=True)
        raise Refusal("reg.excel.unreadable") from None
    finally:
        workbook.close()
    return TemplateUpload(parsed, unit_name=meta.get("unit") or None, year=_int(meta.get("year")))


def _meta(workbook: Any) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        raise Refusal("reg.excel.not_template")
    values: dict[str, str] = {}
    for label, value in workbook[META_SHEET].iter_rows(min_row=1, max_row=10, min_col=4, max_col=5, values_only=True):
        if label is not None:
            values[str(label)] = _text(value)
    if values.get("marker") != TEMPLATE_MARKER:
        raise Refusal("reg.excel.not_template")
    if _int(values.get("version")) != TEMPLATE_VERSION:
        raise Refusal("reg.excel.old_version", found=values.get("version") or "?", expected=TEMPLATE_VERSION)
    return values


def _check_header(header: tuple[Any, ...]) -> None:
    from openpyxl.utils import get_column_letter

    cells = list(header) + [None] * (len(COLUMNS) - len(header))
    for index, key in enumerate(COLUMNS):
        found = _text(cells[index])
        if fold(found) != fold(plain(key)):
            raise Refusal(
                "reg.excel.header_changed", column=get_column_letter(index + 1), found=found or plain("reg.excel.blank")
            )


def _read_rows(rows: Any, catalog: AwardCatalog, on: dt.date | None) -> ParsedEntries:
    entries: list[PersonEntry] = []
    errors: list[EntryIssue] = []
    notices: list[EntryIssue] = []
    filled = 0
    for offset, cells in enumerate(rows):
        _no, name, position, title, award, note = (_text(c) for c in (*cells, *[None] * len(COLUMNS))[: len(COLUMNS)])
        if not any((name, position, title, award, note)):
            continue
        filled += 1
        if filled > MAX_INDIVIDUALS:
            raise Refusal("reg.excel.too_many_rows", limit=MAX_INDIVIDUALS)
        line = FIRST_DATA_ROW + offset
        matches: list[tuple[Match, Kind]] = []
        if title:
            matches.append((resolve_person_word(title, catalog, on, Kind.DANH_HIEU), Kind.DANH_HIEU))
        if award:
            matches.append((resolve_person_word(award, catalog, on, Kind.HINH_THUC), Kind.HINH_THUC))
        found_title, found_award, row_errors, row_notices = None, None, [], []
        for match, asked in matches:
            got_title, got_award, match_errors, match_notices = resolve_parts(line, [match], catalog, asked=asked)
            found_title, found_award = found_title or got_title, found_award or got_award
            row_errors += match_errors
            row_notices += match_notices
        entry, field_errors = make_entry(
            line,
            name=name,
            position=position,
            title=found_title,
            award=found_award,
            note=note,
            target_reported=bool(row_errors),
        )
        errors += row_errors + field_errors
        notices += row_notices
        if entry is not None and not row_errors:
            entries.append(entry)
    if not filled:
        raise Refusal("reg.excel.empty")
    return ParsedEntries(tuple(entries), tuple(errors), tuple(notices))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
