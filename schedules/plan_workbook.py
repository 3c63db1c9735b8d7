"""The annual plan as an Excel workbook the Office can fill in (pure: no database code).

``write_plan_workbook(plan, path)`` writes the template: sheet "Kế hoạch" (the plan's header fields),
"Nhiệm vụ" (one row per item), "Căn cứ" (legal basis), "Nhóm" (unit groups), a short "Hướng dẫn" and a
very hidden marker sheet so ``read_plan_workbook`` recognises our own file. Written from a plan, it
reads back as the same :class:`PlanFile` (the template ships prefilled with the default plan).

Every problem is a :class:`PlanFileError` whose issues name the sheet and row, in Vietnamese.
The sheets and columns are laid out in schedules/plan_layout.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.xlsx import save_openpyxl
from schedules.plan_file import PlanFile, PlanFileError, PlanIssue, describe_error, load_plan_file
from schedules.plan_layout import (
    BOOLS,
    DATE_FORMAT,
    DATES,
    FALSE_WORDS,
    GROUP_COLUMNS,
    GROUPS_SHEET,
    HELP_LINES,
    HELP_SHEET,
    ITEM_COLUMNS,
    ITEMS_SHEET,
    LEGAL_COLUMNS,
    LEGAL_SHEET,
    MARKER,
    MARKER_SHEET,
    OLD_SHEET_NAMES,
    PLAN_FIELDS,
    PLAN_LISTS,
    PLAN_SHEET,
    SELECTORS,
    TRUE_WORDS,
    YES,
    Column,
)

__all__ = ["load_plan_source", "read_plan_workbook", "write_plan_workbook"]


# ---------------------------------------------------------------- writing
def write_plan_workbook(plan: PlanFile, path: Path) -> None:
    """Write the template, prefilled with ``plan`` (blocking: call it in a thread from async code)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    _write_plan_sheet(sheet, plan)
    _write_items_sheet(workbook.create_sheet(ITEMS_SHEET), plan)
    legal_rows = [[b.title, b.as_cited, b.note] for b in plan.legal_basis]
    _write_table(workbook.create_sheet(LEGAL_SHEET), LEGAL_COLUMNS, legal_rows)
    group_rows = [[code.value, g.name, g.abolished_from] for code, g in plan.groups.items()]
    _write_table(workbook.create_sheet(GROUPS_SHEET), GROUP_COLUMNS, group_rows)
    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.column_dimensions["A"].width = 120
    for line in HELP_LINES:
        help_sheet.append([line])
    marker = workbook.create_sheet(MARKER_SHEET)
    marker["A1"] = MARKER
    marker.sheet_state = "veryHidden"  # staff cannot unhide (and so cannot break) it from the Excel menus
    workbook.active = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(save_openpyxl(workbook))


def _header(sheet: Any, columns: tuple[Column, ...]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append([c.label for c in columns])
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _write_table(sheet: Any, columns: tuple[Column, ...], rows: list[list[Any]]) -> None:
    _header(sheet, columns)
    for row in rows:
        sheet.append(row)
    for index, column in enumerate(columns, 1):
        if column.key in DATES:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT


def _write_plan_sheet(sheet: Any, plan: PlanFile) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(["Trường", "Nội dung"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 110
    for key, label in PLAN_FIELDS:
        values = getattr(plan, key)
        for value in values if key in PLAN_LISTS else [values]:
            sheet.append([label, value])
            cell = sheet.cell(row=sheet.max_row, column=2)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if key == "date":
                cell.number_format = DATE_FORMAT


def _write_items_sheet(sheet: Any, plan: PlanFile) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _header(sheet, ITEM_COLUMNS)
    wrap = Alignment(wrap_text=True, vertical="top")
    for item in plan.items:
        values = item.model_dump()
        row: list[Any] = []
        for column in ITEM_COLUMNS:
            value = values[column.key]
            if column.key in SELECTORS:
                value = ", ".join(str(s) for s in getattr(item, column.key))
            elif column.key in BOOLS:
                value = YES if value else None
            elif column.key == "depends_on":
                value = ", ".join(value)
            elif column.key == "recipients":
                value = "\n".join(value)
            row.append(value)
        sheet.append(row)
    last = max(200, sheet.max_row + 100)  # room for the Office to add items under the drop-downs
    for index, column in enumerate(ITEM_COLUMNS, 1):
        letter = get_column_letter(index)
        if column.choices:
            check = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            check.error = f"Chọn một giá trị trong danh sách: {', '.join(column.choices)}"
            check.errorTitle = column.label
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}{last}")
        for (cell,) in sheet.iter_rows(min_row=2, max_row=sheet.max_row, min_col=index, max_col=index):
            cell.alignment = wrap
            if column.key == "due":
                cell.number_format = DATE_FORMAT


# ---------------------------------------------------------------- reading
def load_plan_source(path: Path) -> PlanFile:
    """A plan from YAML or from our Excel template, chosen by the file's extension."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_plan_file(path)
    if suffix == ".xlsx":
        return read_plan_workbook(path)
    raise PlanFileError(path, [PlanIssue("chỉ nhận tệp .yaml, .yml hoặc .xlsx")])


def read_plan_workbook(path: Path) -> PlanFile:
    """Read a filled-in template back; raise :class:`PlanFileError` naming sheet and row."""
    from openpyxl import load_workbook

    from core.catalog import plain
    from services import archive

    if not path.exists():
        raise PlanFileError(path, [PlanIssue(f"không tìm thấy tệp {path}")])
    try:
        archive.check_workbook(path, archive.IMPORT_WORKBOOK)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except archive.ArchiveRefused as exc:
        raise PlanFileError(path, [PlanIssue(plain(exc.key, **exc.values))]) from None
    except Exception as exc:  # openpyxl fails on a bad file in many ways (zip, XML, keys)
        raise PlanFileError(path, [PlanIssue(f"không đọc được tệp Excel ({exc})")]) from None
    try:
        return _Reader(path, workbook).read()
    except PlanFileError:
        raise
    except Exception as exc:  # read-only sheets are parsed lazily: broken XML surfaces row by row
        raise PlanFileError(path, [PlanIssue(f"không đọc được tệp Excel ({exc})")]) from None
    finally:
        workbook.close()


class _Reader:
    def __init__(self, path: Path, workbook: Any) -> None:
        self.path, self.workbook = path, workbook
        self.issues: list[PlanIssue] = []
        self.plan_rows: dict[str, int] = {}
        self.item_rows: list[int] = []

    def read(self) -> PlanFile:
        for old, new in OLD_SHEET_NAMES.items():
            if old in self.workbook.sheetnames and new not in self.workbook.sheetnames:
                self.workbook[old].title = new
        names = self.workbook.sheetnames
        if MARKER_SHEET not in names or self.workbook[MARKER_SHEET]["A1"].value != MARKER:
            message = "tệp Excel không phải mẫu kế hoạch của Bot Thi đua (tạo mẫu bằng: thidua-bot plan template)"
            raise PlanFileError(self.path, [PlanIssue(message)])
        missing = [n for n in (PLAN_SHEET, ITEMS_SHEET) if n not in names]
        if missing:
            raise PlanFileError(self.path, [PlanIssue(f"thiếu trang tính {', '.join(missing)}")])
        raw = self._plan_fields()
        raw["items"] = self._items()
        if LEGAL_SHEET in names:
            raw["legal_basis"] = [row for _, row in self._table(LEGAL_SHEET, LEGAL_COLUMNS)]
        if GROUPS_SHEET in names:
            raw["groups"] = {
                str(row.pop("code", "")).upper(): row for _, row in self._table(GROUPS_SHEET, GROUP_COLUMNS)
            }
        if self.issues:
            raise PlanFileError(self.path, self.issues)
        try:
            return PlanFile.model_validate(raw)
        except ValidationError as exc:
            raise PlanFileError(self.path, [self._placed(e, raw) for e in exc.errors()]) from None

    def _issue(self, sheet: str, row: int, field: str | None, message: str) -> None:
        self.issues.append(PlanIssue(message, field=field, sheet=sheet, row=row))

    def _plan_fields(self) -> dict[str, Any]:
        by_label = {_fold(label): key for key, label in PLAN_FIELDS} | {key: key for key, _ in PLAN_FIELDS}
        raw: dict[str, Any] = {key: [] for key in PLAN_LISTS}
        for number, row in enumerate(self.workbook[PLAN_SHEET].iter_rows(min_row=2, values_only=True), 2):
            label, value = (*row, None, None)[:2]
            if label is None or str(label).strip() == "":
                continue
            key = by_label.get(_fold(str(label)))
            if key is None:
                self._issue(PLAN_SHEET, number, str(label), "trường không có trong mẫu")
                continue
            self.plan_rows.setdefault(key, number)
            if key in PLAN_LISTS:
                if (text := _text(value)) is not None:
                    raw[key].append(text)
            elif key == "date":
                raw[key] = self._date(value, PLAN_SHEET, number, "Ngày ban hành")
            elif value is not None and _text(value) is not None:  # blank: "missing", not "not a string"
                raw[key] = value if key == "year" else _text(value)
        return raw

    def _columns(self, sheet_name: str, columns: tuple[Column, ...], header: tuple[Any, ...]) -> dict[int, Column]:
        known = {_fold(c.label): c for c in columns} | {c.key: c for c in columns}
        found = {i: known[_fold(str(h))] for i, h in enumerate(header) if h is not None and _fold(str(h)) in known}
        absent = [c.label for c in columns if c not in found.values()]
        if absent:
            self._issue(sheet_name, 1, None, f"thiếu cột: {', '.join(absent)}")
        return found

    def _table(self, sheet_name: str, columns: tuple[Column, ...]) -> list[tuple[int, dict[str, Any]]]:
        rows = self.workbook[sheet_name].iter_rows(values_only=True)
        header = next(rows, ())
        found = self._columns(sheet_name, columns, header)
        result = []
        for number, row in enumerate(rows, 2):
            if all(_text(v) is None for v in row):
                continue  # blank rows between items are fine
            data: dict[str, Any] = {}
            for index, column in found.items():
                value = row[index] if index < len(row) else None
                converted = self._cell(column, value, sheet_name, number)
                if converted is not None:
                    data[column.key] = converted
            result.append((number, data))
        return result

    def _items(self) -> list[dict[str, Any]]:
        items = []
        for number, data in self._table(ITEMS_SHEET, ITEM_COLUMNS):
            data.setdefault("lead", None)  # blank means "no lead", which the plan allows
            self.item_rows.append(number)
            items.append(data)
        return items

    def _cell(self, column: Column, value: Any, sheet: str, row: int) -> Any:
        key = column.key
        if key in DATES:
            return self._date(value, sheet, row, column.label)
        if key in ("quarter", "item_no"):
            return value if isinstance(value, int | float) else _text(value)
        text = _text(value)
        if key in BOOLS:
            folded = _fold(text or "")
            if folded not in TRUE_WORDS | FALSE_WORDS:
                self._issue(sheet, row, column.label, f"ghi 'có' hoặc để trống, giá trị đang ghi: {text!r}")
                return None
            return folded in TRUE_WORDS
        if text is None:
            return None
        if key in SELECTORS:
            return [_selector(part) for part in _split(text, ",;\n")]
        if key == "depends_on":
            return [part.upper() for part in _split(text, ",;\n")]
        if key == "recipients":
            return _split(text, "\n")
        if key in ("lead", "code"):
            return text.upper()
        return text

    def _date(self, value: Any, sheet: str, row: int, label: str) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        text = str(value).strip()
        if not text:
            return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
            except ValueError:
                continue
        self._issue(sheet, row, label, f"phải là ngày dạng dd/mm/yyyy, giá trị đang ghi: {text!r}")
        return None

    def _placed(self, error: Any, raw: dict[str, Any]) -> PlanIssue:
        """A validation error, placed at the sheet and row it came from, with the column's label."""
        issue = describe_error(error, raw)
        loc = tuple(error["loc"])
        labels = {c.key: c.label for c in ITEM_COLUMNS}
        if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int) and loc[1] < len(self.item_rows):
            return _moved(issue, ITEMS_SHEET, self.item_rows[loc[1]], labels.get(issue.field or "", issue.field))
        if issue.quarter is not None and issue.item_no is not None:
            rows = [
                r
                for r, item in zip(self.item_rows, raw["items"], strict=True)
                if (_int(item.get("quarter")), _int(item.get("item_no"))) == (issue.quarter, issue.item_no)
            ]
            if rows:
                return _moved(issue, ITEMS_SHEET, rows[-1], labels.get(issue.field or "", issue.field))
        if loc and loc[0] in ("legal_basis", "groups"):
            return _moved(issue, LEGAL_SHEET if loc[0] == "legal_basis" else GROUPS_SHEET, None, issue.field)
        field_labels = dict(PLAN_FIELDS)
        if issue.field in field_labels:
            return _moved(issue, PLAN_SHEET, self.plan_rows.get(issue.field), field_labels[issue.field])
        return issue


def _moved(issue: PlanIssue, sheet: str, row: int | None, field: str | None) -> PlanIssue:
    return PlanIssue(issue.message, issue.quarter, issue.item_no, field, sheet=sheet, row=row)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", text) if part.strip()]


def _selector(part: str) -> Any:
    """ "CUM" → "CUM"; "unit:TTS-TC" → {"unit": "TTS-TC"}: the YAML shapes of :class:`UnitSelector`
    (whose ``str`` is what the writer prints)."""
    kind, _, code = part.partition(":")
    if code and kind.strip().lower() in ("unit", "cluster"):
        return {kind.strip().lower(): code.strip().upper()}
    return part.upper()
