"""The Excel template: what /maudangky sends, filled in with openpyxl and read back; files we refuse."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from core.text import to_plain
from services.award_catalog import AwardCatalog, default_catalog
from services.errors import Refusal
from services.registration_entries import MAX_INDIVIDUALS
from services.registration_excel import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    MAX_UPLOAD_BYTES,
    META_SHEET,
    TEMPLATE_MARKER,
    build_template,
    read_template,
    template_file_name,
)

ON = dt.date(2025, 3, 1)
Row = Sequence[Any]


@pytest.fixture(scope="module")
def catalog() -> AwardCatalog:
    return default_catalog()


@pytest.fixture(scope="module")
def template(catalog: AwardCatalog) -> bytes:
    return build_template(catalog, on=ON, unit_name="Phòng Nghiệp vụ 1", year=2025)


def fill(template: bytes, rows: Sequence[Row], *, start: int = FIRST_DATA_ROW, edit: Any = None) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Danh sách"]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, 1):
            sheet.cell(row=start + offset, column=column, value=value)
    if edit is not None:
        edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(content: bytes, catalog: AwardCatalog) -> Refusal:
    with pytest.raises(Refusal) as caught:
        read_template(content, catalog, on=ON)
    return caught.value


def test_the_template_layout(template: bytes) -> None:
    workbook = load_workbook(io.BytesIO(template))
    assert workbook.sheetnames == ["Danh sách", "Hướng dẫn", META_SHEET]
    assert workbook.active.title == "Danh sách"
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    sheet = workbook["Danh sách"]
    assert sheet["A1"].value == "DANH SÁCH CÁ NHÂN ĐĂNG KÝ THI ĐUA NĂM 2025"
    assert sheet["A2"].value == "Đơn vị: Phòng Nghiệp vụ 1"
    assert [c.value for c in sheet[HEADER_ROW]] == [
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Danh hiệu thi đua",
        "Hình thức khen thưởng (nếu có)",
        "Ghi chú",
    ]
    assert sheet.freeze_panes == f"A{FIRST_DATA_ROW}"
    help_text = "\n".join(str(c.value) for c in workbook["Hướng dẫn"]["A"] if c.value)
    assert "Tối đa 300 người" in help_text and "hai loại khác nhau" in help_text
    assert template_file_name() == "Mau_dang_ky_thi_dua.xlsx"


def test_the_drop_downs_list_person_titles_and_forms_apart(template: bytes) -> None:
    workbook = load_workbook(io.BytesIO(template))
    meta = workbook[META_SHEET]
    titles = [c.value for c in meta["A"][1:] if c.value]
    forms = [c.value for c in meta["B"][1:] if c.value]
    assert titles == [
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Chiến sĩ thi đua cấp tỉnh",
        "Chiến sĩ thi đua toàn quốc",
    ]
    assert forms == [
        "Giấy khen của Chánh Thanh tra tỉnh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Bằng khen của Tổng Thanh tra Chính phủ",
        "Bằng khen của Thủ tướng Chính phủ",
    ]
    validations = {str(v.sqref): v.formula1 for v in workbook["Danh sách"].data_validations.dataValidation}
    last = FIRST_DATA_ROW + MAX_INDIVIDUALS - 1
    assert validations == {
        f"D{FIRST_DATA_ROW}:D{last}": f"'{META_SHEET}'!$A$2:$A$5",
        f"E{FIRST_DATA_ROW}:E{last}": f"'{META_SHEET}'!$B$2:$B$5",
    }


def test_a_template_without_unit_or_year(catalog: AwardCatalog) -> None:
    workbook = load_workbook(io.BytesIO(build_template(catalog)))
    assert workbook["Danh sách"]["A1"].value == "DANH SÁCH CÁ NHÂN ĐĂNG KÝ THI ĐUA"
    assert workbook["Danh sách"]["A2"].value is None
    upload = read_template(fill(build_template(catalog), [(1, "Nguyễn Văn An", "TTV", "LĐTT")]), catalog)
    assert (upload.unit_name, upload.year) == (None, None)


def test_round_trip(template: bytes, catalog: AwardCatalog) -> None:
    content = fill(
        template,
        [
            (
                1,
                "Nguyễn Văn An",
                "Chánh Thanh tra",
                "Chiến sĩ thi đua cơ sở",
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            ),
            (2, "trần thị bình", "Phó Chánh Văn phòng", "LĐTT", None, "nghỉ thai sản"),
            (None, "Lê Văn Cường", None, "cstdcs", "BK"),
            (),  # a blank row in the middle
            (4,),  # a number with nobody
            (5, "Hoàng Thị Dung", "Kế toán", None, "GK"),
            (6, "Đinh Văn Em", 2024, "Lao dong tien tien"),
        ],
    )
    upload = read_template(content, catalog, on=ON)
    assert (upload.unit_name, upload.year) == ("Phòng Nghiệp vụ 1", 2025)
    parsed = upload.parsed
    assert parsed.ok
    assert [(e.source_line, e.full_name, e.position, e.title_code, e.award_code, e.note) for e in parsed.entries] == [
        (5, "Nguyễn Văn An", "Chánh Thanh tra", "CSTDCS", "BK_UBND_TINH", ""),
        (6, "Trần Thị Bình", "Phó Chánh Văn phòng", "LDTT", None, "nghỉ thai sản"),
        (7, "Lê Văn Cường", "", "CSTDCS", "BK_UBND_TINH", ""),
        (10, "Hoàng Thị Dung", "Kế toán", None, "GK_CTT", ""),
        (11, "Đinh Văn Em", "2024", "LDTT", None, ""),
    ]
    assert [(n.line, n.key) for n in parsed.notices] == [(7, "reg.entry.defaulted")]


def test_broken_rows_are_reported_by_their_excel_row(template: bytes, catalog: AwardCatalog) -> None:
    content = fill(
        template,
        [
            (1, "Nguyễn Văn An", "TTV", "LĐTT"),
            (2, "Trần Thị Bình", "TTV", "Bằng khen UBND tỉnh"),  # a form in the title column
            (3, "Lê Văn Cường", "TTV", "LĐTT", "Lao động tiên tiến"),  # a title in the form column
            (4, None, "TTV", "LĐTT"),
            (5, "Hà Văn Dũng", "TTV", "LĐTC"),
            (6, "Phạm Thị Em", "TTV"),
            (7, "Vũ Văn Giang", "TTV", "Tập thể lao động tiên tiến"),
            (8, "Ngô Văn Hải", "TTV", "CSTĐ"),
        ],
    )
    parsed = read_template(content, catalog, on=ON).parsed
    assert not parsed.ok
    assert [e.full_name for e in parsed.entries] == ["Nguyễn Văn An"]
    assert [(e.line, e.key) for e in parsed.errors] == [
        (6, "reg.entry.award_in_title_column"),
        (7, "reg.entry.title_in_award_column"),
        (8, "reg.entry.name_missing"),
        (9, "reg.entry.unknown"),
        (10, "reg.entry.title_missing"),
        (11, "reg.entry.collective_only"),
        (12, "reg.entry.ambiguous"),
    ]
    texts = [to_plain(e.render()) for e in parsed.errors]
    assert texts[0] == (
        "Dòng 6: «Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh» là hình thức khen thưởng, không phải danh hiệu "
        "thi đua. Đề nghị ghi vào cột «Hình thức khen thưởng»."
    )
    assert texts[3] == "Dòng 9: không nhận ra «LĐTC» trong danh mục. Có phải: LĐTT — Lao động tiên tiến?"


def test_an_empty_template_is_refused(template: bytes, catalog: AwardCatalog) -> None:
    assert refused(template, catalog).key == "reg.excel.empty"
    assert refused(fill(template, [(1,), (2,), (3,)]), catalog).key == "reg.excel.empty"


def test_too_many_rows(template: bytes, catalog: AwardCatalog) -> None:
    rows = [(n, f"Nguyễn Văn {chr(65 + n % 26)}", "TTV", "LĐTT") for n in range(MAX_INDIVIDUALS + 1)]
    refusal = refused(fill(template, rows), catalog)
    assert (refusal.key, refusal.values) == ("reg.excel.too_many_rows", {"limit": MAX_INDIVIDUALS})
    assert read_template(fill(template, rows[:MAX_INDIVIDUALS]), catalog, on=ON).parsed.ok


def test_a_plain_workbook_is_not_our_template(catalog: AwardCatalog) -> None:
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Chức vụ", "Danh hiệu thi đua"])
    workbook.active.append(["Nguyễn Văn An", "TTV", "LĐTT"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refused(buffer.getvalue(), catalog).key == "reg.excel.not_template"


def test_a_forged_or_old_marker(template: bytes, catalog: AwardCatalog) -> None:
    def marker(value: str) -> Any:
        return lambda wb: wb[META_SHEET].cell(row=1, column=5, value=value)

    def version(value: int) -> Any:
        return lambda wb: wb[META_SHEET].cell(row=2, column=5, value=value)

    row = [(1, "Nguyễn Văn An", "TTV", "LĐTT")]
    assert refused(fill(template, row, edit=marker("SOMETHING-ELSE")), catalog).key == "reg.excel.not_template"
    old = refused(fill(template, row, edit=version(0)), catalog)
    assert (old.key, old.values) == ("reg.excel.old_version", {"found": "0", "expected": 1})
    assert read_template(fill(template, row, edit=marker(TEMPLATE_MARKER)), catalog, on=ON).parsed.ok


def test_a_changed_header_row(template: bytes, catalog: AwardCatalog) -> None:
    def swap(wb: Any) -> None:
        sheet = wb["Danh sách"]
        sheet.cell(row=HEADER_ROW, column=4, value="Hình thức khen thưởng")
        sheet.cell(row=HEADER_ROW, column=5, value="Danh hiệu thi đua")

    refusal = refused(fill(template, [(1, "Nguyễn Văn An", "TTV", "LĐTT")], edit=swap), catalog)
    assert (refusal.key, refusal.values) == (
        "reg.excel.header_changed",
        {"column": "D", "found": "Hình thức khen thưởng"},
    )

    def blank(wb: Any) -> None:
        wb["Danh sách"].cell(row=HEADER_ROW, column=2).value = None

    refusal = refused(fill(template, [(1, "Nguyễn Văn An", "TTV", "LĐTT")], edit=blank), catalog)
    assert refusal.values == {"column": "B", "found": "(trống)"}


def test_a_renamed_list_sheet_is_still_read(template: bytes, catalog: AwardCatalog) -> None:
    def rename(wb: Any) -> None:
        wb["Danh sách"].title = "DS"

    content = fill(template, [(1, "Nguyễn Văn An", "TTV", "LĐTT")], edit=rename)
    assert [e.full_name for e in read_template(content, catalog, on=ON).parsed.entries] == ["Nguyễn Văn An"]


def test_header_case_and_spacing_do_not_matter(template: bytes, catalog: AwardCatalog) -> None:
    def shout(wb: Any) -> None:
        wb["Danh sách"].cell(row=HEADER_ROW, column=2, value="  HỌ VÀ  TÊN ")

    content = fill(template, [(1, "Nguyễn Văn An", "TTV", "LĐTT")], edit=shout)
    assert read_template(content, catalog, on=ON).parsed.ok


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"%PDF-1.7 not a workbook",
        b"PK\x03\x04 broken zip",
        "Nguyễn Văn An;TTV;LĐTT".encode(),
    ],
    ids=["empty", "pdf", "broken-zip", "csv"],
)
def test_unreadable_files(content: bytes, catalog: AwardCatalog) -> None:
    assert refused(content, catalog).key == "reg.excel.unreadable"


def test_a_zip_that_is_not_a_workbook(catalog: AwardCatalog) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert refused(buffer.getvalue(), catalog).key == "reg.excel.unreadable"


def test_a_file_too_big(catalog: AwardCatalog) -> None:
    refusal = refused(b"0" * (MAX_UPLOAD_BYTES + 1), catalog)
    assert (refusal.key, refusal.values) == ("reg.excel.too_big", {"limit": 2})
