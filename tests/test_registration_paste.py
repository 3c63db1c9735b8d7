"""The paste parser on a table of real-looking lines, the whole-paste limits, and how issues read."""

from __future__ import annotations

import datetime as dt

import pytest

from core.text import to_plain
from services.award_catalog import AwardCatalog, Kind, default_catalog
from services.errors import Refusal
from services.registration_entries import EntryIssue, PersonEntry, clean_name, match_issue
from services.registration_paste import MAX_PASTE_LINES, parse_paste


@pytest.fixture(scope="module")
def catalog() -> AwardCatalog:
    return default_catalog()


# One pasted line -> (full name, position, title code, award code, note).
GOOD: list[tuple[str, tuple[str, str, str | None, str | None, str]]] = [
    ("Nguyễn Văn A - Phó Chánh Thanh tra - CSTĐCS", ("Nguyễn Văn A", "Phó Chánh Thanh tra", "CSTDCS", None, "")),
    ("1. Trần Thị Bình – Chánh Văn phòng – LĐTT", ("Trần Thị Bình", "Chánh Văn phòng", "LDTT", None, "")),
    (
        "2) Hoàng Văn Cường — Thanh tra viên — Lao động tiên tiến",
        ("Hoàng Văn Cường", "Thanh tra viên", "LDTT", None, ""),
    ),
    ("(3) Lê Thị Dung | Kế toán | CSTĐ CS", ("Lê Thị Dung", "Kế toán", "CSTDCS", None, "")),
    (
        "4 - Phạm Văn Em; Trưởng phòng Nghiệp vụ 1; cstdcs",
        ("Phạm Văn Em", "Trưởng phòng Nghiệp vụ 1", "CSTDCS", None, ""),
    ),
    ("Nông Thị Phương\tVăn thư\tLĐTT", ("Nông Thị Phương", "Văn thư", "LDTT", None, "")),
    ("Vi Van Giang, Lai xe, lao dong tien tien", ("Vi Van Giang", "Lai xe", "LDTT", None, "")),
    ("NGUYỄN THỊ HÀ - THANH TRA VIÊN CHÍNH - LĐTT", ("Nguyễn Thị Hà", "THANH TRA VIÊN CHÍNH", "LDTT", None, "")),
    ("lương văn inh - thanh tra viên - ldtt", ("Lương Văn Inh", "thanh tra viên", "LDTT", None, "")),
    ("- Đ/c Hà Văn Khánh - Phó Trưởng phòng - CSTĐCS", ("Hà Văn Khánh", "Phó Trưởng phòng", "CSTDCS", None, "")),
    ("• Bà Chu Thị Lan - Chuyên viên - LĐTT", ("Chu Thị Lan", "Chuyên viên", "LDTT", None, "")),
    ("Mạc Văn Minh-Thanh tra viên-LĐTT", ("Mạc Văn Minh", "Thanh tra viên", "LDTT", None, "")),
    ("Đàm Thị Ngọc    Thanh tra viên    CSTĐCS", ("Đàm Thị Ngọc", "Thanh tra viên", "CSTDCS", None, "")),
    ("Triệu Văn Oanh - Chánh Thanh tra - CSTĐ tỉnh", ("Triệu Văn Oanh", "Chánh Thanh tra", "CSTD_TINH", None, "")),
    (
        "Ngô Thị Phượng - Thanh tra viên - CSTĐCS + BK",
        ("Ngô Thị Phượng", "Thanh tra viên", "CSTDCS", "BK_UBND_TINH", ""),
    ),
    ("Hứa Văn Quang, Thanh tra viên, CSTĐCS, BK TTCP", ("Hứa Văn Quang", "Thanh tra viên", "CSTDCS", "BK_TTCP", "")),
    ("Lộc Thị Sen - Văn thư - LĐTT và Giấy khen", ("Lộc Thị Sen", "Văn thư", "LDTT", "GK_CTT", "")),
    ("Dương Văn Tâm - Thanh tra viên - Bằng khen Thủ tướng", ("Dương Văn Tâm", "Thanh tra viên", None, "BK_TTG", "")),
    (
        "Bế Thị Uyên - Kế toán - LĐTT (nghỉ thai sản 6 tháng)",
        ("Bế Thị Uyên", "Kế toán", "LDTT", None, "nghỉ thai sản 6 tháng"),
    ),
    (
        "Hoàng Thị Vân - Thanh tra viên - LĐTT - chuyển công tác từ 01/3",
        ("Hoàng Thị Vân", "Thanh tra viên", "LDTT", None, "chuyển công tác từ 01/3"),
    ),
    ("Lý Văn Xuân - LĐTT", ("Lý Văn Xuân", "", "LDTT", None, "")),
    (
        "Đinh Văn Yên - Phó Chánh Văn phòng - Kế toán trưởng - LĐTT",
        ("Đinh Văn Yên", "Phó Chánh Văn phòng - Kế toán trưởng", "LDTT", None, ""),
    ),
    ("Tô Thị Ánh - Thanh tra viên - LĐTT, CSTĐCS", ("Tô Thị Ánh", "Thanh tra viên", "CSTDCS", None, "")),
    ("10. Vũ Văn Bảo / Thanh tra viên / Chiến sỹ thi đua cơ sở", ("Vũ Văn Bảo", "Thanh tra viên", "CSTDCS", None, "")),
    ("  Phùng Thị Chi  -  Thủ quỹ  -  LĐTT  ", ("Phùng Thị Chi", "Thủ quỹ", "LDTT", None, "")),
    ("1.Lăng Văn Dũng - Lái xe - LĐTT", ("Lăng Văn Dũng", "Lái xe", "LDTT", None, "")),
    ("Nguyễn Văn Đức - Thanh tra viên - LÐTT", ("Nguyễn Văn Đức", "Thanh tra viên", "LDTT", None, "")),  # Ð for Đ
]


@pytest.mark.parametrize(("line", "expected"), GOOD, ids=[g[0][:40] for g in GOOD])
def test_good_lines(catalog: AwardCatalog, line: str, expected: tuple[str, str, str | None, str | None, str]) -> None:
    result = parse_paste(line, catalog)
    assert result.errors == (), [to_plain(e.render()) for e in result.errors]
    (entry,) = result.entries
    assert (entry.full_name, entry.position, entry.title_code, entry.award_code, entry.note) == expected
    assert entry.source_line == 1


# One pasted line -> (catalogue key of the first error, a fragment of its text).
BAD: list[tuple[str, str, str]] = [
    ("Vi Văn Giang - Lái xe - LĐTC", "reg.entry.unknown", "Có phải: LĐTT — Lao động tiên tiến?"),
    ("Nông Văn Hải - Thanh tra viên - CSTĐC", "reg.entry.unknown", "CSTĐCS — Chiến sĩ thi đua cơ sở"),
    ("Nguyễn Văn Đức - Thanh tra viên - LTĐT", "reg.entry.unknown", "LĐTT"),
    ("Lý Thị Hà - Thanh tra viên - CSTĐ", "reg.entry.ambiguous", "CSTĐCS — Chiến sĩ thi đua cơ sở; CSTĐ tỉnh"),
    ("Mai Văn Inh - Thanh tra viên - TTLĐXS", "reg.entry.collective_only", "dành cho tập thể"),
    ("Đỗ Thị Oanh - Thanh tra viên - KNC", "reg.entry.not_registrable", "không thuộc danh mục đăng ký"),
    ("Lan - Thanh tra viên - LĐTT", "reg.entry.name_incomplete", "«Lan» chưa đầy đủ"),
    ("Nguyễn Văn 3 - Thanh tra viên - LĐTT", "reg.entry.name_invalid", "có chữ số"),
    ("Nguyễn Văn Phúc", "reg.entry.format", "chưa tách được họ tên"),
    ("Nguyễn Văn Phúc - Thanh tra viên", "reg.entry.unknown_no_hint", "«Thanh tra viên»"),
    ("Nguyễn Văn Phúc - Phó Chánh Thanh tra", "reg.entry.unknown_no_hint", "«Phó Chánh Thanh tra»"),
    ("Trần Văn Quý - Thanh tra viên - LĐTT + GK + BK", "reg.entry.two_awards", "Giấy khen, Bằng khen UBND tỉnh"),
    ("Trần Văn Quý - Thanh tra viên - CSTĐCS + TTLĐXS", "reg.entry.collective_only", "Tập thể lao động xuất sắc"),
    ("Trần Văn Sơn - " + "Thanh tra viên " * 10 + "- LĐTT", "reg.entry.position_too_long", "120 ký tự"),
    ("Trần Văn Tài - TTV - LĐTT (" + "ghi chú " * 30 + ")", "reg.entry.note_too_long", "200 ký tự"),
]


@pytest.mark.parametrize(("line", "key", "fragment"), BAD, ids=[b[0][:40] for b in BAD])
def test_bad_lines(catalog: AwardCatalog, line: str, key: str, fragment: str) -> None:
    result = parse_paste(line, catalog)
    assert result.entries == ()
    assert result.errors[0].key == key
    text = to_plain(result.errors[0].render())
    assert text.startswith("Dòng 1") and fragment in text, text


def test_the_table_is_long_enough() -> None:
    assert len(GOOD) + len(BAD) >= 25


def test_a_whole_paste_with_numbers_blank_lines_a_header_and_errors(catalog: AwardCatalog) -> None:
    text = "\n".join(
        [
            "Họ và tên - Chức vụ - Danh hiệu đăng ký",
            "1. Nguyễn Văn An - Chánh Thanh tra - CSTĐCS",
            "",
            "2. Trần Thị Bình - Phó Chánh Thanh tra - LĐTT",
            "3. Lê Văn Cường - Thanh tra viên - LĐTC",
            "4. Phạm Thị Dung - Thanh tra viên - BK",
            "   ",
            "5. Hà Văn Em - Kế toán - CSTĐ",
        ]
    )
    result = parse_paste(text, catalog)
    assert [e.full_name for e in result.entries] == ["Nguyễn Văn An", "Trần Thị Bình", "Phạm Thị Dung"]
    assert [e.source_line for e in result.entries] == [2, 4, 6]
    assert [(e.line, e.key) for e in result.errors] == [(5, "reg.entry.unknown"), (8, "reg.entry.ambiguous")]
    assert [(n.line, n.key) for n in result.notices] == [(6, "reg.entry.defaulted")]
    assert not result.ok
    assert to_plain(result.notices[0].render()) == (
        "Dòng 6: «BK» được hiểu là Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh. "
        "Nếu là Bằng khen Tổng TTCP hoặc Bằng khen Thủ tướng, đề nghị ghi rõ tên."
    )


def test_two_titles_keep_the_higher_with_a_notice(catalog: AwardCatalog) -> None:
    result = parse_paste("Tô Thị Ánh - Thanh tra viên - LĐTT, CSTĐCS", catalog)
    assert to_plain(result.notices[0].render()) == (
        "Dòng 1: ghi cả LĐTT; ghi nhận danh hiệu cao hơn là Chiến sĩ thi đua cơ sở."
    )


def test_a_title_not_in_force_on_the_day(catalog: AwardCatalog) -> None:
    result = parse_paste("Nguyễn Văn An - Thanh tra viên - LĐTT", catalog, on=dt.date(2023, 6, 1))
    assert result.errors[0].key == "reg.entry.not_in_force"


@pytest.mark.parametrize("text", ["", "   ", "\n\n \t\n", "Họ và tên - Chức vụ - Danh hiệu"])
def test_an_empty_paste_is_refused(catalog: AwardCatalog, text: str) -> None:
    with pytest.raises(Refusal) as caught:
        parse_paste(text, catalog)
    assert caught.value.key == "reg.paste.empty"


def test_the_line_limit(catalog: AwardCatalog) -> None:
    line = "Nguyễn Văn An - Thanh tra viên - LĐTT"
    assert len(parse_paste("\n".join([line] * MAX_PASTE_LINES), catalog).entries) == MAX_PASTE_LINES
    with pytest.raises(Refusal) as caught:
        parse_paste("\n".join([line] * 300), catalog)
    assert (caught.value.key, caught.value.values) == ("reg.paste.too_many", {"count": 300, "limit": 200})


def test_blank_lines_do_not_count_toward_the_limit(catalog: AwardCatalog) -> None:
    line = "Nguyễn Văn An - Thanh tra viên - LĐTT"
    assert len(parse_paste("\n\n".join([line] * MAX_PASTE_LINES), catalog).entries) == MAX_PASTE_LINES


def test_user_text_is_escaped_when_rendered(catalog: AwardCatalog) -> None:
    result = parse_paste("Nguyễn Văn <b>An</b> - TTV - <i>LĐTT</i>", catalog)
    rendered = " ".join(e.render().markup for e in result.errors)
    assert "<b>" not in rendered and "<i>" not in rendered and "&lt;i&gt;" in rendered


def test_every_issue_renders() -> None:
    """Each key an issue can carry has a text that accepts its values."""
    samples = [
        EntryIssue(1, "reg.entry.format", {"text": "x"}),
        EntryIssue(1, "reg.entry.name_missing", {"value": "", "limit": 80}),
        EntryIssue(1, "reg.entry.name_too_long", {"value": "x", "limit": 80}),
        EntryIssue(1, "reg.entry.title_missing"),
        EntryIssue(1, "reg.entry.award_in_title_column", {"value": "BK", "name": "Bằng khen"}),
        EntryIssue(1, "reg.entry.title_in_award_column", {"value": "LĐTT", "name": "Lao động tiên tiến"}),
        EntryIssue(1, "reg.entry.two_titles", {"first": "A", "second": "B"}),
    ]
    assert all(to_plain(issue.render()).startswith("Dòng 1") for issue in samples)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("NGUYỄN  VĂN   AN", "Nguyễn Văn An"),
        ("đ/c trần thị bình", "Trần Thị Bình"),
        ("Đồng chí Lê Văn Cường", "Lê Văn Cường"),
        ("Ông Lê Văn C.", "Lê Văn C"),
        ("Bà Chu Thị Lan", "Chu Thị Lan"),
        ("Ông Ích Khiêm", "Ông Ích Khiêm"),  # Ông is also a surname
        ("Ông Văn Tùng", "Ông Văn Tùng"),
    ],
)
def test_clean_name(typed: str, expected: str) -> None:
    assert clean_name(typed) == expected


def test_entries_are_plain_values() -> None:
    entry = PersonEntry("Nguyễn Văn An", "TTV", "LDTT", None)
    assert entry == PersonEntry("Nguyễn Văn An", "TTV", "LDTT", None, "", 0)


def test_a_form_where_a_title_is_asked_names_the_right_column(catalog: AwardCatalog) -> None:
    match = catalog.resolve("BK UBND tỉnh", kind=Kind.DANH_HIEU)
    for asked in (Kind.DANH_HIEU, None):
        issue = match_issue(3, match, asked)
        assert issue is not None and issue.key == "reg.entry.award_in_title_column"
