"""The award catalogue data file: the shipped file, lookups as people type them, and broken files."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.catalog import has
from services.award_catalog import (
    AwardCatalog,
    AwardCatalogError,
    Kind,
    MatchStatus,
    Subject,
    default_catalog,
    default_catalog_path,
    fold,
    load_catalog,
)

PERSON, GROUP = Subject.CA_NHAN, Subject.TAP_THE
TITLE, FORM = Kind.DANH_HIEU, Kind.HINH_THUC


@pytest.fixture(scope="module")
def catalog() -> AwardCatalog:
    return default_catalog()


@pytest.fixture
def raw() -> dict[str, Any]:
    data = yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "awards.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_file_has_both_catalogues_kept_apart(catalog: AwardCatalog) -> None:
    titles = {a.code for a in catalog.select(TITLE, registrable=False)}
    forms = {a.code for a in catalog.select(FORM, registrable=False)}
    assert titles == {"LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_UBND_TINH", "CO_TTCP", "CO_CP"}
    assert forms == {"GK_CTT", "BK_UBND_TINH", "BK_TTCP", "BK_TTG", "KNC_VSNTT"}
    assert not titles & forms
    assert [a.code for a in catalog.select(TITLE, subject=PERSON)] == ["LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ"]
    assert [a.code for a in catalog.select(TITLE, subject=GROUP)][:2] == ["TTLDTT", "TTLDXS"]
    assert "KNC_VSNTT" not in {a.code for a in catalog.select(FORM, subject=PERSON)}  # not a registration target
    assert {a.code for a in catalog.select(FORM, subject=GROUP)} == {"GK_CTT", "BK_UBND_TINH", "BK_TTCP", "BK_TTG"}


def test_every_award_names_its_authority_level_and_legal_basis(catalog: AwardCatalog) -> None:
    for award in catalog.awards:
        assert award.decided_by and award.level and award.subjects
        assert award.legal_basis, award.code
        assert all(code in catalog.legal_bases for code in award.legal_basis)
    assert catalog.get("LDTT").decided_by == "Chánh Thanh tra tỉnh"
    assert catalog.get("TTLDXS").decided_by == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert catalog.get("CO_TTCP").legal_basis == ("LUAT_06_2022", "TT_03_2024_TTCP")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 3, 15), ["LUAT_06_2022", "ND_98_2023"]),
        (dt.date(2025, 6, 30), ["LUAT_06_2022", "ND_98_2023"]),
        (dt.date(2025, 7, 1), ["LUAT_06_2022", "ND_152_2025"]),
        (dt.date(2026, 3, 1), ["LUAT_06_2022", "ND_152_2025"]),
    ],
)
def test_the_decree_in_force_follows_the_date(catalog: AwardCatalog, day: dt.date, expected: list[str]) -> None:
    assert [b.code for b in catalog.legal_bases_of(catalog.get("CSTDCS"), day)] == expected


def test_the_legal_bases_carry_their_dates(catalog: AwardCatalog) -> None:
    law = catalog.legal_bases["LUAT_06_2022"]
    assert "06/2022/QH15" in law.title and law.valid_from == dt.date(2024, 1, 1)
    nd98 = catalog.legal_bases["ND_98_2023"]
    assert nd98.valid_to == dt.date(2025, 6, 30) and nd98.replaced_by == "ND_152_2025"
    assert catalog.legal_bases["ND_152_2025"].valid_from == dt.date(2025, 7, 1)
    assert catalog.legal_bases["TT_03_2024_TTCP"].valid_from == dt.date(2024, 5, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CSTĐ CS", "cstdcs"),
        ("C.S.T.Đ.C.S", "cstdcs"),
        ("  Lao   động tiên-tiến ", "laodongtientien"),
        ("ÐLTT", "dltt"),  # Icelandic Eth typed for Đ
        ("Chiến sỹ", "chiensy"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


# (typed, subject, kind, status, code)
LOOKUPS: list[tuple[str, Subject | None, Kind | None, MatchStatus, str | None]] = [
    ("LĐTT", PERSON, None, MatchStatus.EXACT, "LDTT"),
    ("ldtt", PERSON, None, MatchStatus.EXACT, "LDTT"),
    ("Lao động tiên tiến", PERSON, TITLE, MatchStatus.EXACT, "LDTT"),
    ("lao dong tien tien", PERSON, None, MatchStatus.EXACT, "LDTT"),
    ("CSTĐCS", PERSON, None, MatchStatus.EXACT, "CSTDCS"),
    ("CSTDCS", PERSON, None, MatchStatus.EXACT, "CSTDCS"),
    ("cstđ cơ sở", PERSON, None, MatchStatus.EXACT, "CSTDCS"),
    ("Chiến sỹ thi đua cơ sở", PERSON, None, MatchStatus.EXACT, "CSTDCS"),
    ("CSTĐ tỉnh", PERSON, None, MatchStatus.EXACT, "CSTD_TINH"),
    ("CSTĐTQ", PERSON, None, MatchStatus.EXACT, "CSTD_TQ"),
    ("TTLĐTT", GROUP, TITLE, MatchStatus.EXACT, "TTLDTT"),
    ("tt ldxs", GROUP, TITLE, MatchStatus.EXACT, "TTLDXS"),
    ("Cờ thi đua UBND tỉnh", GROUP, TITLE, MatchStatus.EXACT, "CO_UBND_TINH"),
    ("Cờ TTCP", GROUP, None, MatchStatus.EXACT, "CO_TTCP"),
    ("GK", PERSON, None, MatchStatus.EXACT, "GK_CTT"),
    ("GK", GROUP, FORM, MatchStatus.EXACT, "GK_CTT"),
    ("BK UBND tỉnh", PERSON, FORM, MatchStatus.EXACT, "BK_UBND_TINH"),
    ("bk ttcp", PERSON, None, MatchStatus.EXACT, "BK_TTCP"),
    ("BK TTg", PERSON, None, MatchStatus.EXACT, "BK_TTG"),
    # "BK" alone: Bằng khen of the provincial chairman, flagged as a default
    ("BK", PERSON, None, MatchStatus.DEFAULTED, "BK_UBND_TINH"),
    ("Bằng khen", GROUP, FORM, MatchStatus.DEFAULTED, "BK_UBND_TINH"),
    # generic words with no default
    ("CSTĐ", PERSON, None, MatchStatus.AMBIGUOUS, None),
    ("Cờ thi đua", GROUP, None, MatchStatus.AMBIGUOUS, None),
    ("Cờ", PERSON, None, MatchStatus.WRONG_SUBJECT, "CO_UBND_TINH"),
    # the two catalogues never stand in for each other
    ("Bằng khen UBND tỉnh", PERSON, TITLE, MatchStatus.WRONG_KIND, "BK_UBND_TINH"),
    ("LĐTT", PERSON, FORM, MatchStatus.WRONG_KIND, "LDTT"),
    ("TTLĐXS", PERSON, None, MatchStatus.WRONG_SUBJECT, "TTLDXS"),
    ("LĐTT", GROUP, None, MatchStatus.WRONG_SUBJECT, "LDTT"),
    ("KNC", PERSON, None, MatchStatus.NOT_REGISTRABLE, "KNC_VSNTT"),
    ("LĐTC", PERSON, None, MatchStatus.UNKNOWN, None),
]


@pytest.mark.parametrize(("text", "subject", "kind", "status", "code"), LOOKUPS)
def test_lookup_as_people_type(
    catalog: AwardCatalog, text: str, subject: Subject | None, kind: Kind | None, status: MatchStatus, code: str | None
) -> None:
    match = catalog.resolve(text, subject=subject, kind=kind)
    assert match.status is status
    assert (match.award.code if match.award else None) == code


def test_a_default_lists_the_other_readings(catalog: AwardCatalog) -> None:
    match = catalog.resolve("BK", subject=PERSON)
    assert [a.code for a in match.candidates] == ["BK_UBND_TINH", "BK_TTCP", "BK_TTG"]
    ambiguous = catalog.resolve("CSTĐ", subject=PERSON)
    assert [a.code for a in ambiguous.candidates] == ["CSTDCS", "CSTD_TINH", "CSTD_TQ"]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("LĐTC", "LDTT"),
        ("CSTĐC", "CSTDCS"),
        ("cstdcs1", "CSTDCS"),
        ("Lao dong tien tein", "LDTT"),
        ("BK UBNDD", "BK_UBND_TINH"),
    ],
)
def test_closest_suggests_what_was_meant(catalog: AwardCatalog, typed: str, first: str) -> None:
    assert catalog.closest(typed, subject=PERSON)[0].code == first
    assert catalog.resolve(typed, subject=PERSON).suggestions[0].code == first


@pytest.mark.parametrize("typed", ["xyz qwerty", "Thanh tra viên", "Phó Chánh Thanh tra", "Kế toán"])
def test_closest_has_nothing_for_gibberish_or_positions(catalog: AwardCatalog, typed: str) -> None:
    assert catalog.closest(typed, subject=PERSON) == []


def test_validity_dates_are_applied(catalog: AwardCatalog) -> None:
    assert catalog.resolve("LĐTT", subject=PERSON, on=dt.date(2023, 12, 31)).status is MatchStatus.NOT_IN_FORCE
    assert catalog.resolve("LĐTT", subject=PERSON, on=dt.date(2024, 1, 1)).ok


def test_counts_as_closure(catalog: AwardCatalog) -> None:
    assert catalog.closure("CSTD_TQ") == {"CSTD_TQ", "CSTD_TINH", "CSTDCS", "LDTT"}
    assert catalog.closure("LDTT") == {"LDTT"}
    assert catalog.closure("CO_UBND_TINH") == {"CO_UBND_TINH", "TTLDXS", "TTLDTT"}


def test_rules_are_data_and_their_texts_exist(catalog: AwardCatalog) -> None:
    assert [r.id for r in catalog.rules] == [
        "cstdcs_quota",
        "ttldxs_ldtt_share",
        "ttldxs_needs_cstdcs",
        "ttldtt_ldtt_share",
        "duplicate_person",
    ]
    assert all(has(rule.message) for rule in catalog.rules)


def test_the_default_catalogue_is_read_once() -> None:
    assert default_catalog() is default_catalog()


# ---------------------------------------------------------------- broken files
def _problems(tmp_path: Path, data: dict[str, Any]) -> str:
    with pytest.raises(AwardCatalogError) as caught:
        load_catalog(write(tmp_path, data))
    return str(caught.value)


def test_duplicate_code(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["hinh_thuc_khen_thuong"][0]["code"] = "LDTT"
    assert "mã LDTT bị trùng" in _problems(tmp_path, raw)


def test_alias_used_by_two_awards(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["danh_hieu_thi_dua"][1]["aliases"].append("L.Đ.T.T")
    assert "dùng cho cả LDTT và CSTDCS" in _problems(tmp_path, raw)


def test_unknown_references(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["danh_hieu_thi_dua"][0]["legal_basis"].append("ND_999")
    raw["danh_hieu_thi_dua"][1]["counts_as"] = ["NOPE"]
    raw["ambiguous"][0]["default"] = "GK_CTT"
    text = _problems(tmp_path, raw)
    assert "LDTT: căn cứ pháp lý ND_999 không có" in text
    assert "CSTDCS: counts_as NOPE không có" in text
    assert "default GK_CTT không thuộc candidates" in text


def test_counts_as_cycle_and_cross_kind(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["danh_hieu_thi_dua"][0]["counts_as"] = ["CSTDCS"]
    raw["hinh_thuc_khen_thuong"][0]["counts_as"] = ["LDTT"]
    text = _problems(tmp_path, raw)
    assert "vòng lặp" in text and "GK_CTT: counts_as LDTT khác loại" in text


def test_rules_must_name_person_titles(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["registration_rules"][0]["titles"] = ["BK_UBND_TINH"]
    raw["registration_rules"][1]["when_collective"] = ["LDTT"]
    raw["registration_rules"].append(dict(raw["registration_rules"][-1]))
    text = _problems(tmp_path, raw)
    assert "quy tắc cstdcs_quota: BK_UBND_TINH không phải danh hiệu thi đua cá nhân" in text
    assert "quy tắc ttldxs_ldtt_share: LDTT không phải danh hiệu, hình thức tập thể" in text
    assert "quy tắc duplicate_person bị trùng" in text


def test_schema_errors_say_where(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["danh_hieu_thi_dua"][0]["subjects"] = ["ca_nhan", "ai_do"]
    raw["registration_rules"][0]["type"] = "nope"
    raw["hinh_thuc_khen_thuong"][0]["unexpected"] = 1
    text = _problems(tmp_path, raw)
    assert "danh_hieu_thi_dua.0.subjects.1" in text
    assert "registration_rules.0" in text
    assert "hinh_thuc_khen_thuong.0.unexpected" in text


def test_missing_and_unparsable_files(tmp_path: Path) -> None:
    with pytest.raises(AwardCatalogError, match="không tìm thấy"):
        load_catalog(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("danh_hieu_thi_dua: [", encoding="utf-8")
    with pytest.raises(AwardCatalogError, match="cú pháp YAML"):
        load_catalog(bad)


def test_an_edited_file_is_used(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["registration_rules"][0]["max_pct"] = 20
    raw["ambiguous"][0]["default"] = None
    catalog = load_catalog(write(tmp_path, raw))
    assert catalog.rules[0].max_pct == 20  # type: ignore[union-attr]
    assert catalog.resolve("BK", subject=PERSON).status is MatchStatus.AMBIGUOUS
