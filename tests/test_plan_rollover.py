"""The rollover's rules as tables: dates moved off days off (Tết included), the source year in texts,
and the units of the 07/2025 re-organisation (Thanh tra sở/huyện merged into the Thanh tra tỉnh)."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from services.plan_rollover import Directory, ItemData, UnitChange, UnitFact, retitle, roll
from services.reminder_policy import WorkCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = WorkCalendar(TZ, time(7, 30), time(17, 0))
ENDED = date(2025, 6, 30)
UNITS = Directory(
    [
        UnitFact("TTT", "Thanh tra tỉnh Lạng Sơn", "leadership"),
        UnitFact("PNV1", "Phòng Nghiệp vụ 1", "division"),
        UnitFact("CUM1", "Cụm thi đua số 1", "cluster"),
        UnitFact("TTS-TC", "Thanh tra Sở Tài chính", "dept_inspectorate", valid_to=ENDED, merged_into="TTT"),
        UnitFact("TTH-CL", "Thanh tra huyện Cao Lộc", "district_inspectorate", valid_to=ENDED, merged_into="TTT"),
        UnitFact("P-OLD", "Phòng cũ", "division", valid_to=ENDED, merged_into="P-NEW"),
        UnitFact("P-NEW", "Phòng mới", "division", valid_from=date(2025, 7, 1)),
        UnitFact("P-GONE", "Phòng giải thể", "division", valid_to=ENDED),
    ]
)


def rolled(due: date | None, *, year: int = 2027, submitters: tuple[str, ...] = ("PNV",)) -> tuple[ItemData, list]:  # type: ignore[type-arg]
    item = ItemData(quarter=1, item_no=1, task="Báo cáo năm 2024", kind="submission", submitters=submitters, due_on=due)
    result = roll(
        [item],
        title="Kế hoạch năm 2024",
        source_year=2024,
        year=year,
        directory=UNITS,
        calendar=CALENDAR,
        issuer_code="TTT",
    )
    return result.items[0], [result.shifts, result.unit_changes]


@pytest.mark.parametrize(
    ("source", "year", "expected", "reason"),
    [
        (date(2024, 3, 15), 2027, date(2027, 3, 15), None),  # a Monday: kept
        (date(2024, 2, 13), 2027, date(2027, 2, 12), "Thứ Bảy"),  # a Saturday → Friday
        (date(2024, 2, 6), 2027, date(2027, 2, 3), "Tết Nguyên Đán"),  # Tết (04–10/02/2027) → the Wednesday before
        (date(2024, 2, 10), 2027, date(2027, 2, 3), "Mùng năm Tết Nguyên Đán"),
        (date(2024, 2, 11), 2027, date(2027, 2, 11), None),  # the first working day after Tết
        (date(2024, 2, 17), 2026, date(2026, 2, 13), "Mùng một"),  # Tết 2026: 16–20/02 → Friday 13/02
        (date(2024, 9, 2), 2027, date(2027, 9, 1), "Quốc khánh"),
        (date(2024, 2, 29), 2027, date(2027, 2, 26), "Chủ nhật"),  # 29/02 → 28/02 (a Sunday) → Friday
        (date(2024, 1, 1), 2027, date(2027, 1, 4), "Tết Dương lịch"),  # before it is last year: the day after
        (date(2025, 1, 15), 2027, date(2028, 1, 14), "Thứ Bảy"),  # due early next year keeps the offset
    ],
)
def test_dates_move_to_the_new_year_and_off_days_off(
    source: date, year: int, expected: date, reason: str | None
) -> None:
    item, (shifts, _) = rolled(source, year=year)
    assert item.due_on == expected
    if reason is None:
        assert shifts == []
    else:
        assert len(shifts) == 1 and shifts[0].moved_to == expected
        named = shifts[0].reason or ("Thứ Bảy" if shifts[0].same_day.weekday() == 5 else "Chủ nhật")
        assert reason in named or (reason == "Mùng một" and "Tết" in named)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăng ký thi đua năm 2024", "Đăng ký thi đua năm 2027"),
        ("Báo cáo sơ kết 6 tháng đầu năm 2024", "Báo cáo sơ kết 6 tháng đầu năm 2027"),
        ("dự kiến từ 15/6 đến 31/7/2024", "dự kiến từ 15/6 đến 31/7/2027"),
        ("Tháng 12/2024, theo giấy mời", "Tháng 12/2027, theo giấy mời"),
        ("Hội nghị tổng kết năm 2024 (tháng 01/2025)", "Hội nghị tổng kết năm 2027 (tháng 01/2028)"),
        ("Theo Luật số 84/2024/QH15", "Theo Luật số 84/2024/QH15"),  # a document number is not a year
        ("Mã 120241", "Mã 120241"),
    ],
)
def test_mentions_of_the_source_year_become_the_new_year(text: str, expected: str) -> None:
    assert retitle(text, 2024, 2027) == expected


@pytest.mark.parametrize(
    ("year", "due", "submitters", "after", "changes"),
    [
        # 2027: Thanh tra sở and huyện were merged into the Thanh tra tỉnh, which does not report to itself.
        (
            2027,
            date(2024, 6, 10),
            ("CUM", "TTS", "TTH"),
            ("CUM",),
            [
                UnitChange("I.1", "submitters", "TTS", (), "issuer"),
                UnitChange("I.1", "submitters", "TTH", (), "issuer"),
            ],
        ),
        (2027, date(2024, 6, 10), ("unit:TTS-TC",), (), [UnitChange("I.1", "submitters", "unit:TTS-TC", (), "issuer")]),
        # A unit merged into another unit in force: its successor owes the item.
        (
            2027,
            date(2024, 6, 10),
            ("unit:P-OLD", "PNV"),
            ("unit:P-NEW", "PNV"),
            [UnitChange("I.1", "submitters", "unit:P-OLD", ("unit:P-NEW",), "ended")],
        ),
        (2027, date(2024, 6, 10), ("unit:P-GONE",), (), [UnitChange("I.1", "submitters", "unit:P-GONE", (), "ended")]),
        (2027, date(2024, 6, 10), ("unit:NOPE",), (), [UnitChange("I.1", "submitters", "unit:NOPE", (), "unknown")]),
        # 2025 before July: the Thanh tra sở still exist, nothing changes.
        (2025, date(2024, 3, 14), ("TTS", "unit:TTS-TC"), ("TTS", "unit:TTS-TC"), []),
        # 2025 after July: the same item, due in December, no longer has them.
        (2025, date(2024, 12, 5), ("TTS",), (), [UnitChange("I.1", "submitters", "TTS", (), "issuer")]),
    ],
)
def test_units_follow_the_organisation_of_the_new_year(
    year: int, due: date, submitters: tuple[str, ...], after: tuple[str, ...], changes: list[UnitChange]
) -> None:
    item, (_, unit_changes) = rolled(due, year=year, submitters=submitters)
    assert item.submitters == after
    assert unit_changes == changes


def test_the_title_and_items_named_are_listed() -> None:
    items = [
        ItemData(1, 1, "Ban hành Kế hoạch năm 2024", "notice"),
        ItemData(1, 2, "Phát động phong trào thi đua", "notice"),
    ]
    result = roll(
        items,
        title="Kế hoạch năm 2024",
        source_year=2024,
        year=2027,
        directory=UNITS,
        calendar=CALENDAR,
        issuer_code="TTT",
    )
    assert result.title == "Kế hoạch năm 2027"
    assert result.retitled == ["I.1"]
    assert [i.due_on for i in result.items] == [None, None]


def test_moves_of_successive_years_do_not_add_up() -> None:
    """15/02/2024 → 2026 falls on a Sunday (moved to 13/02); 2027 starts again from 15/02, not 13/02."""
    item = ItemData(quarter=1, item_no=1, task="Ban hành kế hoạch", kind="notice", due_on=date(2024, 2, 15))
    kwargs = {"directory": UNITS, "calendar": CALENDAR, "issuer_code": "TTT", "title": "x"}
    (in_2026,) = roll([item], source_year=2024, year=2026, **kwargs).items  # type: ignore[arg-type]
    assert (in_2026.due_on, in_2026.planned_on) == (date(2026, 2, 13), date(2026, 2, 15))
    rolled = roll([in_2026], source_year=2026, year=2027, **kwargs)  # type: ignore[arg-type]
    assert rolled.items[0].due_on == date(2027, 2, 15)  # a Monday: kept
    assert rolled.shifts == []
