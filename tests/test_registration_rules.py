"""The registration warnings: rules from the data file, evaluated into warnings with numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from core.text import to_plain
from services.award_catalog import AwardCatalog, default_catalog, default_catalog_path, load_catalog
from services.registration_entries import PersonEntry, render_issue
from services.registration_rules import RuleWarning, evaluate, format_pct


@pytest.fixture(scope="module")
def catalog() -> AwardCatalog:
    return default_catalog()


def people(**counts: int) -> list[PersonEntry]:
    """people(LDTT=10, CSTDCS=2): distinct people with those titles, in that order."""
    result: list[PersonEntry] = []
    for code, n in counts.items():
        for i in range(n):
            result.append(PersonEntry(f"Cán Bộ {code} {chr(65 + i // 26)}{chr(65 + i % 26)}", "TTV", code, None))
    return result


def texts(warnings: list[RuleWarning]) -> list[str]:
    return [to_plain(render_issue(w.key, w.values)) for w in warnings]


def test_a_clean_registration_has_no_warnings(catalog: AwardCatalog) -> None:
    assert evaluate(catalog, collective_code="TTLDTT", people=people(LDTT=8, CSTDCS=1)) == []
    assert evaluate(catalog, collective_code=None, people=[]) == []


@pytest.mark.parametrize(
    ("ldtt", "cstdcs", "warned"),
    [
        (17, 3, False),  # 3 of 20 counted as LĐTT = 15%: at the limit
        (16, 3, True),  # 3 of 19 = 15,8%
        (10, 1, False),
        (9, 2, True),  # 2 of 11 = 18,2%
        (0, 1, True),  # only CSTĐCS: 1 of 1
    ],
)
def test_cstdcs_quota_counts_cstdcs_people_as_ldtt_too(
    catalog: AwardCatalog, ldtt: int, cstdcs: int, warned: bool
) -> None:
    warnings = evaluate(catalog, collective_code=None, people=people(LDTT=ldtt, CSTDCS=cstdcs))
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].rule_id == "cstdcs_quota"


def test_cstdcs_quota_message_has_the_numbers(catalog: AwardCatalog) -> None:
    (warning,) = evaluate(catalog, collective_code=None, people=people(LDTT=16, CSTDCS=3))
    assert warning.values == {
        "n": 3,
        "m": 19,
        "titles": "Chiến sĩ thi đua cơ sở",
        "of": "Lao động tiên tiến",
        "max_pct": "15",
        "limit": 2,
        "pct": "15,8",
        "need": 7,
    }
    assert texts([warning]) == [
        "Đơn vị có 3 cá nhân đăng ký Chiến sĩ thi đua cơ sở, vượt quá 15% số cá nhân đăng ký Lao động tiên tiến "
        "(19 người, kể cả người đăng ký danh hiệu cao hơn; tối đa 2 người). Đề nghị đồng chí rà soát lại trước khi gửi."
    ]


def test_a_small_base_is_not_told_at_most_zero(catalog: AwardCatalog) -> None:
    (warning,) = evaluate(catalog, collective_code=None, people=people(LDTT=3, CSTDCS=1))
    (text,) = texts([warning])
    assert "tối đa 0" not in text
    assert text == (
        "Đơn vị có 1 cá nhân đăng ký Chiến sĩ thi đua cơ sở, trong khi chỉ có 4 người đăng ký Lao động tiên tiến "
        "(kể cả người đăng ký danh hiệu cao hơn): 15% của 4 người chưa đủ một người; cần ít nhất 7 người đăng ký "
        "Lao động tiên tiến cho mỗi cá nhân Chiến sĩ thi đua cơ sở. Đề nghị đồng chí rà soát lại trước khi gửi."
    )


def test_cstd_tinh_counts_toward_the_cstdcs_quota(catalog: AwardCatalog) -> None:
    (warning,) = evaluate(catalog, collective_code=None, people=people(LDTT=8, CSTD_TINH=2))
    assert (warning.values["n"], warning.values["m"]) == (2, 10)


def test_ttldxs_needs_70_percent_ldtt_and_one_cstdcs(catalog: AwardCatalog) -> None:
    warnings = evaluate(catalog, collective_code="TTLDXS", people=people(LDTT=6), member_count=10)
    assert [w.rule_id for w in warnings] == ["ttldxs_ldtt_share", "ttldxs_needs_cstdcs"]
    assert texts(warnings) == [
        "Danh hiệu Tập thể lao động xuất sắc yêu cầu ít nhất 70% cá nhân đạt Lao động tiên tiến. Hiện đơn vị mới "
        "đăng ký 6/10 người (60%), tính trên tổng số cán bộ của đơn vị.",
        "Danh hiệu Tập thể lao động xuất sắc yêu cầu có ít nhất 1 cá nhân đạt Chiến sĩ thi đua cơ sở. Hiện đơn vị "
        "đăng ký 0 người.",
    ]


def test_ttldxs_at_exactly_70_percent_with_one_cstdcs_is_fine(catalog: AwardCatalog) -> None:
    assert evaluate(catalog, collective_code="TTLDXS", people=people(LDTT=6, CSTDCS=1), member_count=10) == []


def test_without_a_headcount_the_list_is_the_base(catalog: AwardCatalog) -> None:
    commended = [PersonEntry(f"Người Thứ {c}", "Lái xe", None, "GK_CTT") for c in "ABCDEF"]
    (warning,) = evaluate(catalog, collective_code="TTLDXS", people=people(LDTT=8, CSTDCS=1) + commended)
    assert (warning.values["n"], warning.values["base"], warning.values["pct"]) == (9, 15, "60")
    assert "tính trên số cá nhân trong danh sách" in texts([warning])[0]


def test_a_flag_target_gets_the_ttldxs_checks(catalog: AwardCatalog) -> None:
    warnings = evaluate(catalog, collective_code="CO_UBND_TINH", people=people(LDTT=3), member_count=10)
    assert [w.rule_id for w in warnings] == ["ttldxs_ldtt_share", "ttldxs_needs_cstdcs"]
    assert warnings[0].values["target"] == "Cờ thi đua của Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(("ldtt", "warned"), [(5, True), (6, False)])
def test_ttldtt_needs_more_than_half(catalog: AwardCatalog, ldtt: int, warned: bool) -> None:
    warnings = evaluate(catalog, collective_code="TTLDTT", people=people(LDTT=ldtt), member_count=10)
    assert bool(warnings) is warned
    if warned:
        assert texts(warnings)[0].startswith("Danh hiệu Tập thể lao động tiên tiến yêu cầu trên 50% cá nhân")


def test_a_collective_target_with_nobody_listed(catalog: AwardCatalog) -> None:
    warnings = evaluate(catalog, collective_code="TTLDTT", people=[])
    assert warnings[0].values["base"] == 0 and warnings[0].values["pct"] == "0"


def test_the_same_person_twice(catalog: AwardCatalog) -> None:
    listed = [
        PersonEntry("Nguyễn Văn An", "TTV", "LDTT", None),
        PersonEntry("Trần Thị Bình", "TTV", "LDTT", None),
        PersonEntry("nguyễn  văn AN", "Phó Trưởng phòng", "CSTDCS", None),
        PersonEntry("Nguyễn Văn Ân", "TTV", "LDTT", None),  # a different person: diacritics are kept
    ]
    warnings = evaluate(catalog, collective_code=None, people=listed + people(LDTT=10))
    assert [w.rule_id for w in warnings] == ["duplicate_person"]
    assert texts(warnings) == ["Đồng chí Nguyễn Văn An có tên 2 lần trong danh sách (số thứ tự 1, 3)."]


def test_a_duplicate_is_counted_once(catalog: AwardCatalog) -> None:
    twice = [PersonEntry("Nguyễn Văn An", "TTV", "CSTDCS", None)] * 2
    warnings = evaluate(catalog, collective_code=None, people=twice + people(LDTT=5))
    quota = next(w for w in warnings if w.rule_id == "cstdcs_quota")
    assert (quota.values["n"], quota.values["m"]) == (1, 6)


def test_warnings_round_trip_through_json(catalog: AwardCatalog) -> None:
    warnings = evaluate(catalog, collective_code="TTLDXS", people=people(LDTT=2) * 2, member_count=4)
    stored = [w.to_json() for w in warnings]
    assert [RuleWarning.from_json(item) for item in stored] == warnings
    assert texts([RuleWarning.from_json(item) for item in stored]) == texts(warnings)


def test_rules_follow_the_data_file(tmp_path: Path) -> None:
    raw = yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))
    raw["registration_rules"][0]["max_pct"] = 25
    raw["registration_rules"][4]["valid_to"] = "2024-12-31"
    path = tmp_path / "awards.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    catalog = load_catalog(path)
    assert evaluate(catalog, collective_code=None, people=people(LDTT=7, CSTDCS=2)) == []  # 2/9 = 22%
    twice = [PersonEntry("Nguyễn Văn An", "TTV", "LDTT", None)] * 2
    assert evaluate(catalog, collective_code=None, people=twice, on=dt.date(2025, 3, 1)) == []
    assert evaluate(catalog, collective_code=None, people=twice, on=dt.date(2024, 3, 1))


@pytest.mark.parametrize(("value", "text"), [(15, "15"), (15.789, "15,8"), (100 / 3, "33,3"), (0, "0"), (70.0, "70")])
def test_format_pct(value: float, text: str) -> None:
    assert format_pct(value) == text
