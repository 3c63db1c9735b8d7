"""Tests for services.deadline_parser: a table of Vietnamese phrasings with exact expectations."""

from __future__ import annotations

import time
import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import dateparser
import pytest

from services.deadline_parser import (
    EXAMPLES,
    DeadlineParseError,
    format_deadline,
    parse_deadline,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 12, 9, 30, tzinfo=VN)  # a Wednesday


def at(y: int, m: int, d: int, hh: int = 17, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


# (text, expected) with NOW = Wed 12/06/2024 09:30.
TABLE: list[tuple[str, datetime]] = [
    # numeric and verbal dates; no time -> 17:00
    ("15/7/2024", at(2024, 7, 15)),
    ("15-7", at(2024, 7, 15)),
    ("15.7.2024", at(2024, 7, 15)),
    ("15/7/24", at(2024, 7, 15)),
    ("2024-07-15", at(2024, 7, 15)),
    ("ngày 15 tháng 7", at(2024, 7, 15)),
    ("ngày 15 tháng 7 năm 2024", at(2024, 7, 15)),
    ("15 tháng 7", at(2024, 7, 15)),
    ("15 tháng bảy", at(2024, 7, 15)),
    ("thứ sáu, 12/7/2024", at(2024, 7, 12)),
    ("ngày 20", at(2024, 6, 20)),
    ("ngày 5", at(2024, 7, 5)),
    ("5/6", at(2025, 6, 5)),  # already passed this year -> next year
    # explicit times
    ("17 giờ ngày 30/6", at(2024, 6, 30)),
    ("17h 30/6/2024", at(2024, 6, 30)),
    ("17h00 ngày 30/6/2024", at(2024, 6, 30)),
    ("8h30 ngày 2/7", at(2024, 7, 2, 8, 30)),
    ("17:00 30/6", at(2024, 6, 30)),
    ("14 giờ 30 phút ngày 15/7", at(2024, 7, 15, 14, 30)),
    ("hạn 15/7/2024 lúc 10h", at(2024, 7, 15, 10)),
    ("5 giờ chiều mai", at(2024, 6, 13, 17)),
    ("14h30 thứ sáu tuần này", at(2024, 6, 14, 14, 30)),
    ("16h", at(2024, 6, 12, 16)),  # a time alone: today
    ("trước 17 giờ", at(2024, 6, 12, 17)),
    # weekdays
    ("thứ sáu tuần sau", at(2024, 6, 21)),
    ("thứ 6 tuần này", at(2024, 6, 14)),
    ("thứ hai tuần sau", at(2024, 6, 17)),
    ("thứ hai tuần này", at(2024, 6, 10)),  # in the past: not rejected here
    ("chủ nhật tuần này", at(2024, 6, 16)),
    ("t6 tuần sau", at(2024, 6, 21)),
    ("vào thứ 2 tuần tới", at(2024, 6, 17)),
    ("thứ sáu", at(2024, 6, 14)),
    ("cn", at(2024, 6, 16)),
    # weeks
    ("tuần sau", at(2024, 6, 21)),
    ("cuối tuần", at(2024, 6, 14)),
    ("cuối tuần sau", at(2024, 6, 21)),
    ("đầu tuần sau", at(2024, 6, 17)),
    # relative days
    ("hôm nay", at(2024, 6, 12)),
    ("ngày mai", at(2024, 6, 13)),
    ("mai", at(2024, 6, 13)),
    ("ngày kia", at(2024, 6, 14)),
    ("ngày mốt", at(2024, 6, 14)),
    ("3 ngày nữa", at(2024, 6, 15)),
    ("10 ngày tới", at(2024, 6, 22)),
    ("sau 3 ngày", at(2024, 6, 15)),
    ("2 tuần nữa", at(2024, 6, 26)),
    ("1 tháng nữa", at(2024, 7, 12)),
    ("trong 5 ngày làm việc", at(2024, 6, 19)),
    # month parts
    ("cuối tháng 6", at(2024, 6, 30)),  # a Sunday: kept as the last calendar day
    ("cuối tháng này", at(2024, 6, 30)),
    ("cuối tháng sau", at(2024, 7, 31)),
    ("cuối tháng sáu", at(2024, 6, 30)),
    ("cuối tháng 5", at(2025, 5, 31)),
    ("đầu tháng 7", at(2024, 7, 5)),
    ("đầu tháng sau", at(2024, 7, 5)),
    ("giữa tháng 7", at(2024, 7, 15)),
    ("giữa tháng này", at(2024, 6, 15)),
    ("cuối tháng trước", at(2024, 5, 31)),
    ("trong tháng 7", at(2024, 7, 31)),
    # quarters and year
    ("cuối năm", at(2024, 12, 31)),
    ("cuối năm 2025", at(2025, 12, 31)),
    ("hết quý 2", at(2024, 6, 30)),
    ("cuối quý II", at(2024, 6, 30)),
    ("hết quý IV", at(2024, 12, 31)),
    ("cuối quý 1", at(2025, 3, 31)),
    ("hết quý sau", at(2024, 9, 30)),
    # noise prefixes
    ("trước ngày 20/12", at(2024, 12, 20)),
    ("hạn chót: 15/7", at(2024, 7, 15)),
    ("chậm nhất ngày 20/6", at(2024, 6, 20)),
    ("đến hết ngày 15/7", at(2024, 7, 15)),
    # case, spaces, no diacritics
    ("THỨ SÁU   TUẦN SAU", at(2024, 6, 21)),
    ("  Cuối Tháng 6 ", at(2024, 6, 30)),
    ("thu sau tuan sau", at(2024, 6, 21)),
    ("cuoi thang 6", at(2024, 6, 30)),
    ("ngay 15 thang 7", at(2024, 7, 15)),
    ("cuoi quy ii", at(2024, 6, 30)),
    # dateparser fallback (no rule of ours claims these)
    ("1 năm", at(2025, 6, 12)),
    ("ngày 15/7/2024 (thứ hai)", at(2024, 7, 15)),
]


def _ascii_id(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return "_".join(plain.split()) or "empty"


def _param_id(value: object) -> str | None:
    """ASCII ids for the text column; pytest's default for the datetime column."""
    return _ascii_id(value) if isinstance(value, str) else None


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[_ascii_id(t) for t, _ in TABLE])
def test_table(text: str, expected: datetime) -> None:
    got = parse_deadline(text, NOW)
    assert got == expected
    assert got.tzinfo is VN


def test_table_is_large_and_fast() -> None:
    assert len(TABLE) >= 40
    parse_deadline("15/7", NOW)  # warm-up: dateparser loads its language data lazily
    start = time.perf_counter()
    for text, _ in TABLE:
        parse_deadline(text, NOW)
    elapsed = time.perf_counter() - start
    print(f"\n{len(TABLE)} phrasings parsed in {elapsed * 1000:.1f} ms")
    assert elapsed < 2.0


def test_plain_dateparser_gets_many_wrong() -> None:
    """Evidence for our rules: plain dateparser with only the clock pinned to NOW."""
    base = {"RELATIVE_BASE": NOW.replace(tzinfo=None)}
    unparsed: list[str] = []
    wrong_date: list[str] = []
    wrong_time: list[str] = []
    for text, expected in TABLE:
        got = dateparser.parse(text, languages=["vi"], settings=base)
        if got is None:
            unparsed.append(text)
        elif got.date() != expected.date():
            wrong_date.append(f"{text} -> {got:%d/%m/%Y %H:%M}")
        elif got.time() != expected.time().replace(tzinfo=None):
            wrong_time.append(f"{text} -> {got:%H:%M}")
    print("\nunparsed:", unparsed, "\nwrong date:", wrong_date, "\nwrong time:", wrong_time)
    assert unparsed
    assert wrong_date
    assert len(unparsed) + len(wrong_date) >= len(TABLE) // 3


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "   ",
        "ngày 32/13",
        "30/2",
        "31/4/2024",
        "thứ tám",
        "25h 15/7",
        "17h75 15/7",
        "15/7 abc",
        "5",
        "99",
        "t8",
        "tháng 13",
        "quý 5",
        "hạn chót",
        "thứ 6 tuần kia",
    ],
    ids=_param_id,
)
def test_garbage_is_rejected(text: str) -> None:
    with pytest.raises(DeadlineParseError) as info:
        parse_deadline(text, NOW)
    assert info.value.text == text
    assert isinstance(info.value, ValueError)


def test_plain_dateparser_accepts_garbage_we_reject() -> None:
    base = {"RELATIVE_BASE": NOW.replace(tzinfo=None)}
    accepted = {t: dateparser.parse(t, languages=["vi"], settings=base) for t in ("ngày 32/13", "t8", "5", "99")}
    accepted = {t: d for t, d in accepted.items() if d is not None}
    print("\nplain dateparser accepts:", {t: f"{d:%d/%m/%Y}" for t, d in accepted.items()})
    assert accepted
    for text in accepted:
        with pytest.raises(DeadlineParseError):
            parse_deadline(text, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5/1", at(2025, 1, 5)),
        ("28/12", at(2024, 12, 28)),  # today counts as "on or after today"
        ("20/12", at(2025, 12, 20)),
        ("thứ hai tuần sau", at(2024, 12, 30)),
        ("đầu tháng sau", at(2025, 1, 5)),
        ("cuối tháng 1", at(2025, 1, 31)),
        ("hết quý 1", at(2025, 3, 31)),
        ("10 ngày nữa", at(2025, 1, 7)),
        ("cuối năm", at(2024, 12, 31)),
        ("cuối năm sau", at(2025, 12, 31)),
    ],
    ids=_param_id,
)
def test_year_rollover(text: str, expected: datetime) -> None:
    now = datetime(2024, 12, 28, 10, 0, tzinfo=VN)
    assert parse_deadline(text, now) == expected


def test_leap_day_without_year_finds_next_leap_year() -> None:
    assert parse_deadline("29/2", NOW) == at(2028, 2, 29)


def test_result_is_aware_in_the_zone_of_now() -> None:
    got = parse_deadline("15/7/2024", NOW)
    assert got.tzinfo is VN
    assert got.utcoffset() == timedelta(hours=7)
    assert got.astimezone(UTC) == datetime(2024, 7, 15, 10, 0, tzinfo=UTC)

    utc_now = NOW.astimezone(UTC)
    assert parse_deadline("15/7/2024", utc_now) == datetime(2024, 7, 15, 17, 0, tzinfo=UTC)


def test_today_is_the_local_day_of_now() -> None:
    # 06:00 in Hà Nội is still the previous day in UTC; "hôm nay" follows now's own zone.
    early = datetime(2024, 6, 12, 6, 0, tzinfo=VN)
    assert early.astimezone(UTC).day == 11
    assert parse_deadline("hôm nay", early) == at(2024, 6, 12)
    assert parse_deadline("ngày mai", early) == at(2024, 6, 13)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_deadline("15/7", datetime(2024, 6, 12, 9, 30))


def test_format_deadline() -> None:
    assert format_deadline(at(2024, 7, 12)) == "17:00 thứ Sáu, 12/07/2024"
    assert format_deadline(at(2024, 6, 16, 8, 5)) == "08:05 Chủ nhật, 16/06/2024"
    assert format_deadline(parse_deadline("8h30 ngày 2/7", NOW)) == "08:30 thứ Ba, 02/07/2024"


def test_examples_all_parse() -> None:
    assert len(EXAMPLES) == 5
    for text in EXAMPLES:
        assert parse_deadline(text, NOW) > NOW
