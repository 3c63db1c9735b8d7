"""The Excel plan template: it round-trips to the same PlanFile, and broken rows are named by row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from schedules.plan_file import PlanFile, PlanFileError, default_plan_path, load_plan_file
from schedules.plan_layout import ITEMS_SHEET, MARKER_SHEET, PLAN_SHEET
from schedules.plan_workbook import load_plan_source, read_plan_workbook, write_plan_workbook


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan_file(default_plan_path())


@pytest.fixture
def template(tmp_path: Path, plan: PlanFile) -> Path:
    path = tmp_path / "ke-hoach.xlsx"
    write_plan_workbook(plan, path)
    return path


def column(sheet, label: str) -> int:  # type: ignore[no-untyped-def]
    return next(cell.column for cell in sheet[1] if cell.value == label)


def errors_of(path: Path) -> list[str]:
    with pytest.raises(PlanFileError) as failed:
        read_plan_workbook(path)
    return [str(issue) for issue in failed.value.issues]


def test_template_reads_back_as_the_same_plan(template: Path, plan: PlanFile) -> None:
    assert read_plan_workbook(template) == plan
    assert load_plan_source(template) == load_plan_source(default_plan_path())


def test_template_layout_for_office_staff(template: Path, plan: PlanFile) -> None:
    workbook = load_workbook(template)
    assert workbook.sheetnames[:2] == [PLAN_SHEET, ITEMS_SHEET]
    assert workbook[MARKER_SHEET].sheet_state == "veryHidden"
    items = workbook[ITEMS_SHEET]
    assert items.max_row == len(plan.items) + 1 and items.freeze_panes == "A2"
    due = items.cell(row=4, column=column(items, "Hạn (ngày)"))  # Quý I, nhiệm vụ 3
    assert due.value.date() == date(2024, 3, 15) and due.number_format == "DD/MM/YYYY"
    submitters = items.cell(row=4, column=column(items, "Đơn vị phải nộp")).value
    assert submitters == "CUM, TTS, TTH, PNV"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in items.data_validations.dataValidation}
    kind_col = items.cell(row=1, column=column(items, "Loại nhiệm vụ")).column_letter
    quarter_col = items.cell(row=1, column=column(items, "Quý")).column_letter
    assert "submission" in lists[f"{kind_col}2"] and lists[f"{quarter_col}2"] == '"1,2,3,4"'


def test_office_edits_are_read(template: Path) -> None:
    workbook = load_workbook(template)
    items = workbook[ITEMS_SHEET]
    row = items.max_row + 1
    values = {
        "Quý": 3,
        "STT": 4,
        "Nội dung nhiệm vụ": "Báo cáo chuyên đề",
        "Chủ trì": "vp",
        "Loại nhiệm vụ": "submission",
        "Đơn vị phải nộp": "unit:tts-tc; cluster:CUM1",
        "Hạn (ngày)": "20/09/2024",
        "Không bắt buộc": "x",
    }
    for label, value in values.items():
        items.cell(row=row, column=column(items, label), value=value)
    workbook.save(template)
    item = read_plan_workbook(template).item(3, 4)
    assert (item.lead, item.due, item.optional) == ("VP", date(2024, 9, 20), True)
    assert [str(s) for s in item.submitters] == ["unit:TTS-TC", "cluster:CUM1"]


def test_broken_rows_are_reported_with_their_row_numbers(template: Path) -> None:
    workbook = load_workbook(template)
    items = workbook[ITEMS_SHEET]
    items.cell(row=4, column=column(items, "Loại nhiệm vụ"), value="bao cao")
    items.cell(row=5, column=column(items, "Hạn (ngày)"), value="32/13/2024")
    items.cell(row=6, column=column(items, "Không bắt buộc"), value="có lẽ")
    items.cell(row=7, column=column(items, "Quý"), value=9)
    workbook[PLAN_SHEET]["B2"] = None  # the plan's title
    workbook.save(template)
    # Cell-level problems come first (nothing is validated until every cell can be read).
    errors = errors_of(template)
    assert any(e.startswith("trang Nhiệm vụ, dòng 5") and "dd/mm/yyyy" in e for e in errors), errors
    assert any(e.startswith("trang Nhiệm vụ, dòng 6") and "Không bắt buộc" in e for e in errors), errors
    workbook = load_workbook(template)
    items = workbook[ITEMS_SHEET]
    items.cell(row=5, column=column(items, "Hạn (ngày)")).value = None
    items.cell(row=6, column=column(items, "Không bắt buộc")).value = None
    workbook.save(template)
    errors = errors_of(template)
    assert any(e.startswith("trang Kế hoạch, dòng 2") and "Tên kế hoạch" in e for e in errors), errors
    assert any(e.startswith("trang Nhiệm vụ, dòng 4") and "'bao cao'" in e for e in errors), errors
    assert any(e.startswith("trang Nhiệm vụ, dòng 7") and "tối đa 4" in e for e in errors), errors


def test_a_duplicate_item_is_placed_on_its_row(template: Path) -> None:
    workbook = load_workbook(template)
    items = workbook[ITEMS_SHEET]
    items.cell(row=3, column=column(items, "STT"), value=1)  # Quý I now has two items no. 1
    workbook.save(template)
    assert any(e.startswith("trang Nhiệm vụ, dòng 3") and "bị trùng" in e for e in errors_of(template))


def test_foreign_workbooks_and_other_files_are_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = tmp_path / "khac.xlsx"
    Workbook().save(other)
    assert "không phải mẫu kế hoạch" in errors_of(other)[0]
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    assert "không đọc được" in errors_of(broken)[0]
    assert "không tìm thấy" in errors_of(tmp_path / "khong-co.xlsx")[0]
    with pytest.raises(PlanFileError, match="chỉ nhận"):
        load_plan_source(tmp_path / "ke-hoach.csv")


def test_sheets_are_named_in_vietnamese_and_old_templates_still_read(template: Path, plan: PlanFile) -> None:
    book = load_workbook(template)
    assert book.sheetnames[:5] == ["Kế hoạch", "Nhiệm vụ", "Căn cứ", "Nhóm", "Hướng dẫn"]
    for old, new in (("KeHoach", "Kế hoạch"), ("NhiemVu", "Nhiệm vụ"), ("CanCu", "Căn cứ"), ("Nhom", "Nhóm")):
        book[new].title = old  # a template filled in before the rename
    book.save(template)
    assert read_plan_workbook(template) == plan
