"""The streaming XLSX writer, read back with openpyxl (as Excel would read it)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from core.xlsx import Cell, Style, XlsxBook, column_letter


def read(book: XlsxBook):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(book.save()))


def test_values_styles_and_layout_round_trip() -> None:
    book = XlsxBook()
    sheet = book.add_sheet("Tinh hinh", widths=[30, 12], freeze="B2")
    sheet.append([Cell("Đơn vị", Style(bold=True, fill="DDEBF7", wrap=True)), "Kỳ 1"], height=45)
    sheet.append(
        [
            "  Thanh tra & <Sở>  ",
            date(2024, 6, 12),
            datetime(2024, 6, 12, 9, 30),
            7,
            2.5,
            True,
            None,
            Cell("Chưa nộp", Style(fill="FFC7CE")),
            Cell(date(2024, 7, 1), Style(fill="FFD966", bold=True)),
        ]
    )
    sheet.auto_filter()
    second = book.add_sheet("Don vi")
    second.append(["x"])
    workbook = read(book)
    assert workbook.sheetnames == ["Tinh hinh", "Don vi"]
    ws = workbook["Tinh hinh"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:I2"
    assert ws.column_dimensions["A"].width == 30
    assert ws.row_dimensions[1].height == 45 and ws.row_dimensions[2].height is None
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FFDDEBF7" and ws["A1"].alignment.wrap_text
    assert ws["A2"].value == "  Thanh tra & <Sở>  "
    assert (ws["B2"].value, ws["B2"].number_format) == (datetime(2024, 6, 12), "DD/MM/YYYY")
    assert (ws["C2"].value, ws["C2"].number_format) == (datetime(2024, 6, 12, 9, 30), "DD/MM/YYYY HH:MM")
    assert (ws["D2"].value, ws["E2"].value, ws["F2"].value, ws["G2"].value) == (7, 2.5, True, None)
    assert ws["H2"].fill.fgColor.rgb == "FFFFC7CE" and not ws["H2"].font.b
    assert ws["I2"].number_format == "DD/MM/YYYY" and ws["I2"].font.b and ws["I2"].fill.fgColor.rgb == "FFFFD966"
    assert workbook["Don vi"].freeze_panes is None


def test_text_is_never_a_formula_and_illegal_characters_are_dropped() -> None:
    book = XlsxBook()
    sheet = book.add_sheet("A")
    sheet.append(['=HYPERLINK("http://x")', "a\x00b\x1fc", "x" * 40_000])
    ws = read(book)["A"]
    assert ws["A1"].data_type == "s" and ws["A1"].value.startswith("=HYPERLINK")
    assert ws["B1"].value == "abc"
    assert len(ws["C1"].value) == 32_767


@pytest.mark.parametrize(("freeze", "expected"), [("A2", "A2"), ("B1", "B1"), ("C3", "C3"), (None, None)])
def test_frozen_panes(freeze: str | None, expected: str | None) -> None:
    book = XlsxBook()
    book.add_sheet("A", freeze=freeze).append(["x"])
    assert read(book)["A"].freeze_panes == expected


def test_bad_titles_aware_datetimes_and_empty_books_are_refused() -> None:
    book = XlsxBook()
    for title in ("", "a" * 32, "a/b", "x[1]"):
        with pytest.raises(ValueError, match="bad sheet title"):
            book.add_sheet(title)
    book.add_sheet("Sheet")
    with pytest.raises(ValueError, match="exists"):
        book.add_sheet("SHEET")
    with pytest.raises(ValueError, match="time zones"):
        book.sheets[0].append([datetime(2024, 1, 1, tzinfo=UTC)])
    with pytest.raises(ValueError, match="at least one sheet"):
        XlsxBook().save()


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
