"""/xuat takes a year as people type it (issue 9, item 21)."""

from __future__ import annotations

from datetime import date

import pytest

from services.year_words import parse_year

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("2024", 2024),
        ("năm 2025", 2025),
        ("năm nay", 2026),
        ("Năm  ngoái", 2025),
        ("năm trước", 2025),
        ("nam ngoai", 2025),
        ("năm sau", 2027),
        ("ngoái", 2025),
        ("1999", None),
        ("năm kia kìa", None),
        ("20x4", None),
        ("", None),
    ],
)
def test_years_as_typed(typed: str, year: int | None) -> None:
    assert parse_year(typed, TODAY) == year
