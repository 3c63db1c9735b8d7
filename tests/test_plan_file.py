"""Tests for schedules.plan_file and the shipped 2024 plan (schedules/data/plan-2024.yaml)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from schedules.plan_file import (
    GroupCode,
    PlanFile,
    PlanFileError,
    PlanItemKind,
    PlanItemSpec,
    UnitSelector,
    default_plan_path,
    load_plan_file,
)

SEED_NAME = "ke-hoach-thi-dua-khen-thuong-2024.txt"
SEED_CANDIDATES = [
    Path("/work/shared/seeds") / SEED_NAME,
    Path(__file__).resolve().parents[2] / "shared" / "seeds" / SEED_NAME,
]
REPAIRED_IV_8 = (
    "Tổ chức Hội nghị tổng kết công tác TĐKT Cụm II - Các cơ quan quản lý chuyên ngành tỉnh Lạng Sơn "
    "năm 2024; Dự Hội nghị tổng kết công tác TĐKT năm 2024"
)


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan_file(default_plan_path())


@pytest.fixture(scope="module")
def seed_text() -> str:
    for path in SEED_CANDIDATES:
        if path.exists():
            return squeeze(path.read_text(encoding="utf-8"))
    pytest.skip("seed text not available")


@pytest.fixture
def raw() -> dict[str, Any]:
    data = yaml.safe_load(default_plan_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def find(data: dict[str, Any], quarter: int, item_no: int) -> dict[str, Any]:
    items: list[dict[str, Any]] = data["items"]
    return next(i for i in items if (i["quarter"], i["item_no"]) == (quarter, item_no))


# ---------------------------------------------------------------- the shipped 2024 plan
def test_default_path_points_into_the_package() -> None:
    path = default_plan_path()
    assert path.name == "plan-2024.yaml"
    assert path.parent == Path(__file__).resolve().parents[1] / "schedules" / "data"
    assert path.is_file()


def test_plan_metadata(plan: PlanFile) -> None:
    assert plan.year == 2024
    assert plan.number is None
    assert plan.date is None
    assert plan.title == "Kế hoạch thực hiện công tác thi đua, khen thưởng năm 2024"
    assert plan.issuer == "Thanh tra tỉnh Lạng Sơn"
    assert plan.signer == "Đậu Trường An"
    assert plan.signer_title == "Chánh Thanh tra"
    law = plan.legal_basis[0]
    assert law.title == "Luật Thi đua, khen thưởng số 06/2022/QH15"
    assert law.as_cited == "Luật Thi đua, Khen thưởng năm 2023"  # the seed's wrong name, kept for reference
    titles = " | ".join(b.title for b in plan.legal_basis)
    assert "64/KH-TTCP" in titles
    assert "241/KH-UBND" in titles
    assert len(plan.implementation) == 2
    assert set(plan.groups) == set(GroupCode)
    assert plan.groups[GroupCode.TTS].abolished_from == dt.date(2025, 7, 1)


def test_23_items_6_6_3_8(plan: PlanFile) -> None:
    assert len(plan.items) == 23
    assert [len(plan.items_in_quarter(q)) for q in (1, 2, 3, 4)] == [6, 6, 3, 8]
    for q in (1, 2, 3, 4):
        numbers = [i.item_no for i in plan.items_in_quarter(q)]
        assert numbers == list(range(1, len(numbers) + 1))


def test_repaired_rows(plan: PlanFile) -> None:
    i6 = plan.item(1, 6)
    assert i6.lead is None
    assert i6.coordinating == []
    assert i6.kind is PlanItemKind.MEETING

    ii3, ii4 = plan.item(2, 3), plan.item(2, 4)
    assert ii3.task == "Tham dự Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024"
    assert ii4.task == "Dự Hội nghị tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2024"
    for item in (ii3, ii4):
        assert item.lead is GroupCode.VP
        assert item.coordinating == []
        assert item.kind is PlanItemKind.MEETING

    assert plan.item(3, 2).coordinating == []
    assert plan.item(2, 5).coordinating == [UnitSelector(group=GroupCode(g)) for g in ("CUM", "TTS", "TTH")]
    assert plan.item(4, 8).task == REPAIRED_IV_8


def test_submission_items_and_rounds(plan: PlanFile) -> None:
    submissions = [i.ref for i in plan.items if i.kind is PlanItemKind.SUBMISSION]
    assert submissions == ["I.3", "I.4", "II.1", "II.2", "II.6", "IV.3"]
    assert [i.ref for i in plan.round_items] == ["I.3", "I.4", "II.1", "II.2", "II.6", "IV.3", "IV.5"]

    iv5 = plan.item(4, 5)
    assert iv5.kind is PlanItemKind.MEETING
    assert iv5.lead is GroupCode.HD
    assert [str(s) for s in iv5.submitters] == ["PNV"]
    assert iv5.creates_round

    assert [str(s) for s in plan.item(1, 3).submitters] == ["CUM", "TTS", "TTH", "PNV"]
    assert [str(s) for s in plan.item(2, 6).submitters] == ["CUM"]
    assert plan.item(2, 6).lead is GroupCode.CUM
    assert plan.item(2, 2).optional
    assert not plan.item(2, 5).creates_round  # conditional notice: no round until a campaign is launched


def test_kinds_flags_and_dues(plan: PlanFile) -> None:
    kinds = {i.ref: i.kind.value for i in plan.items}
    assert kinds["I.1"] == "notice"
    assert kinds["III.1"] == "internal"
    assert kinds["IV.2"] == "outbound"
    assert kinds["IV.6"] == "decision"
    assert kinds["IV.7"] == "outbound"
    assert {i.ref for i in plan.items if i.conditional} == {"II.5", "III.2", "IV.7"}
    assert plan.item(1, 3).due == dt.date(2024, 3, 15)
    assert plan.item(4, 2).due == dt.date(2024, 12, 15)
    for item in plan.items:
        assert item.due is not None or item.due_note, f"{item.ref}: no due and no due_note"
    assert plan.item(2, 4).due_note == "Theo thông báo của đơn vị tổ chức"
    assert plan.item(3, 3).depends_on == ["II.6"]


def test_task_texts_come_from_the_seed(plan: PlanFile, seed_text: str) -> None:
    for item in plan.items:
        if item.ref == "IV.8":
            assert item.task == REPAIRED_IV_8
            assert item.task.replace("Tổ chức Hội nghị", "Tổ chức nghị", 1) in seed_text
            assert REPAIRED_IV_8 not in seed_text
        else:
            assert squeeze(item.task) == item.task
            assert item.task in seed_text, item.ref
    for text in plan.implementation:
        assert text in seed_text
    for recipient in plan.recipients:
        assert recipient in seed_text
    assert plan.signer in seed_text
    assert plan.legal_basis[0].as_cited in seed_text


# ---------------------------------------------------------------- unit selectors
def test_unit_selector_forms() -> None:
    assert UnitSelector.model_validate("CUM") == UnitSelector(group=GroupCode.CUM)
    unit = UnitSelector.model_validate({"unit": "TTS-TC"})
    cluster = UnitSelector.model_validate({"cluster": "CUM-1"})
    assert (unit.kind, unit.code, str(unit)) == ("unit", "TTS-TC", "unit:TTS-TC")
    assert (cluster.kind, cluster.code, str(cluster)) == ("cluster", "CUM-1", "cluster:CUM-1")
    for bad in ({"unit": "TTS-TC", "cluster": "CUM-1"}, {}, "XYZ", {"unit": "tts tc"}):
        with pytest.raises(ValidationError):
            UnitSelector.model_validate(bad)


def test_coordinating_may_name_units_and_clusters(tmp_path: Path, raw: dict[str, Any]) -> None:
    find(raw, 2, 6)["coordinating"] = ["TTS", {"unit": "TTS-TC"}, {"cluster": "CUM-1"}]
    find(raw, 2, 6)["submitters"] = [{"cluster": "CUM-1"}, {"cluster": "CUM-2"}]
    item = load_plan_file(write(tmp_path, raw)).item(2, 6)
    assert [str(s) for s in item.coordinating] == ["TTS", "unit:TTS-TC", "cluster:CUM-1"]
    assert item.creates_round


# ---------------------------------------------------------------- bad files
def test_duplicate_item_no_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    find(raw, 2, 4)["item_no"] = 3
    with pytest.raises(PlanFileError) as info:
        load_plan_file(write(tmp_path, raw))
    err = info.value
    assert (err.quarter, err.item_no, err.field) == (2, 3, "item_no")
    assert "Quý II" in str(err)
    assert "bị trùng" in str(err)


def test_same_item_no_in_another_quarter_is_fine(tmp_path: Path, raw: dict[str, Any]) -> None:
    assert load_plan_file(write(tmp_path, raw)).item(3, 1).item_no == 1


def test_quarter_5_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    find(raw, 4, 8)["quarter"] = 5
    with pytest.raises(PlanFileError) as info:
        load_plan_file(write(tmp_path, raw))
    assert (info.value.item_no, info.value.field) == (8, "quarter")
    assert "quá lớn" in str(info.value)


def test_submission_without_submitters_rejected(tmp_path: Path, raw: dict[str, Any]) -> None:
    del find(raw, 2, 1)["submitters"]
    with pytest.raises(PlanFileError) as info:
        load_plan_file(write(tmp_path, raw))
    err = info.value
    assert (err.quarter, err.item_no, err.field) == (2, 1, "submitters")
    assert str(err).startswith("Tệp kế hoạch plan.yaml không hợp lệ:")
    assert "Quý II, nhiệm vụ 1, trường «submitters»" in str(err)


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"kind": "party"}, "kind", "chỉ chấp nhận"),
        ({"lead": "XYZ"}, "lead", "không hợp lệ"),
        ({"coordinating": ["CUM", "CUM"]}, "coordinating", "trùng lặp: CUM"),
        ({"due": "30/6/2024"}, "due", "YYYY-MM-DD"),
        ({"due": dt.date(2019, 1, 1)}, "due", "không thuộc năm 2024"),
        ({"optional": "có"}, "optional", "true hoặc false"),
        ({"taks": "typo"}, "taks", "không được phép"),
        ({"task": ""}, "task", "không được để trống"),
        ({"depends_on": ["V.1"]}, "depends_on", "không có nhiệm vụ V.1"),
    ],
    ids=["kind", "lead", "dup-coord", "due-format", "due-year", "bool", "extra-field", "empty-task", "depends"],
)
def test_field_errors_name_item_and_field(
    tmp_path: Path, raw: dict[str, Any], change: dict[str, Any], field: str, fragment: str
) -> None:
    find(raw, 3, 3).update(change)
    with pytest.raises(PlanFileError) as info:
        load_plan_file(write(tmp_path, raw))
    err = info.value
    assert (err.quarter, err.item_no, err.field) == (3, 3, field)
    assert fragment in str(err)


def test_several_issues_are_all_reported(tmp_path: Path, raw: dict[str, Any]) -> None:
    find(raw, 1, 1)["kind"] = "x"
    find(raw, 4, 1)["quarter"] = 0
    with pytest.raises(PlanFileError) as info:
        load_plan_file(write(tmp_path, raw))
    assert [(i.item_no, i.field) for i in info.value.issues] == [(1, "kind"), (1, "quarter")]


def test_undeclared_group_rejected_when_groups_given(tmp_path: Path, raw: dict[str, Any]) -> None:
    del raw["groups"]["HD"]
    with pytest.raises(PlanFileError) as info:
        load_plan_file(write(tmp_path, raw))
    assert (info.value.quarter, info.value.item_no, info.value.field) == (4, 5, "groups")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="không tìm thấy"):
        load_plan_file(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("items:\n  - quarter: 1\n   item_no: [\n", encoding="utf-8")
    with pytest.raises(PlanFileError, match="dòng"):
        load_plan_file(broken)
    listing = tmp_path / "list.yaml"
    listing.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(PlanFileError, match="mapping"):
        load_plan_file(listing)


def test_models_are_frozen(plan: PlanFile) -> None:
    item: PlanItemSpec = plan.items[0]
    with pytest.raises(ValidationError):
        item.task = "khác"  # type: ignore[misc]
