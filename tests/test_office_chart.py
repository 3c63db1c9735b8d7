"""The /tinhhinh chart and the helpers that cut long lists into messages and pages."""

from __future__ import annotations

import struct

from core.text import RichText
from handlers.office_format import due_text, nav_row, page_of, parts
from services.status_chart import MAX_BARS, ChartRow, ChartTexts, picture_size, render

TEXTS = ChartTexts(
    "Tình hình nộp báo cáo – 09:00 12/06/2024", "Số đơn vị", ("Đúng hạn", "Nộp muộn", "Bị trả lại", "Chưa nộp")
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _dimensions(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


async def test_chart_is_a_png_of_a_size_that_depends_only_on_the_number_of_bars() -> None:
    rows = [
        ChartRow("Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024 và các báo cáo khác", 20, 5, 2, 4),
        ChartRow("Đăng ký thi đua năm 2024 (chi phí $5)", 0, 0, 0, 36),
    ]
    png = await render(rows, TEXTS)
    assert png.startswith(PNG_MAGIC) and len(png) > 10_000
    assert _dimensions(png) == picture_size(2) == (1000, 285)
    assert await render(rows, TEXTS) == png  # same numbers, same bytes
    other = await render([ChartRow("Khác", 1, 1, 1, 1), ChartRow("Khác nữa", 0, 0, 0, 0)], TEXTS)
    assert _dimensions(other) == _dimensions(png) and other != png


async def test_many_rounds_are_cut_to_a_readable_chart() -> None:
    rows = [ChartRow(f"Kỳ báo cáo số {n}", n, 1, 0, 2) for n in range(MAX_BARS + 5)]
    texts = ChartTexts(TEXTS.title, TEXTS.axis, TEXTS.legend, more="… và 5 kỳ báo cáo khác")
    png = await render(rows, texts)
    assert _dimensions(png) == picture_size(MAX_BARS) == picture_size(MAX_BARS + 5)


def test_long_lists_are_cut_into_message_parts_at_line_boundaries() -> None:
    lines = [RichText.plain(f"{n}. Thanh tra huyện số {n} (Cụm thi đua số 1) – quá hạn 3 ngày") for n in range(1, 131)]
    cut = parts(lines, max_lines=40)
    assert [len(p) for p in cut] == [40, 40, 40, 10]
    assert [line for part in cut for line in part] == lines
    wide = parts([RichText.plain("x" * 1000)] * 9, max_chars=3500)
    assert [len(p) for p in wide] == [3, 3, 3]


def test_pages_and_due_texts() -> None:
    items = list(range(23))
    assert page_of(items, 3, 10) == ([20, 21, 22], 3, 3)
    assert page_of(items, 99, 10)[1:] == (3, 3) and page_of(items, -1, 10)[1] == 1
    assert page_of([], 1, 10) == ([], 1, 1)
    assert [b.data for b in nav_row(2, 3, "cn", "p", 7)] == ["cn:p:7:1", "cn:p:7:3"]
    assert nav_row(1, 1, "cn", "p", 7) == ()
    assert [due_text(d).markup for d in (-3, 0, 2)] == ["quá hạn 3 ngày", "hạn cuối hôm nay", "còn 2 ngày"]
