"""Round buttons tell the rounds of one list apart: the distinctive words kept, the deadline shown."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.round_labels import RoundTag, round_labels
from services.plan_import import load_default, round_name

# The 2024 plan's rounds, as /kybaocao and /chuanop list them (name, deadline).
PLAN_2024 = [(round_name(item), item.due) for item in load_default().round_items]

# What a new user met on the first day: the Office's own rounds, the same opening, cut at the same width.
OFFICE_ROUNDS = [
    ("Báo cáo công tác thi đua, khen thưởng quý IV năm 2026", date(2026, 12, 20)),
    ("Báo cáo công tác thi đua, khen thưởng năm 2026", date(2026, 12, 25)),
    ("Báo cáo công tác thi đua, khen thưởng 6 tháng đầu năm 2026", date(2026, 6, 10)),
]


@pytest.mark.parametrize(
    ("rounds", "limit", "expected"),
    [
        (
            OFFICE_ROUNDS,
            34,
            ["Quý IV năm 2026 · hạn 20/12", "Năm 2026 · hạn 25/12", "6 tháng 2026 · hạn 10/06"],
        ),
        (
            OFFICE_ROUNDS,
            60,
            [
                "Báo cáo công tác TĐKT quý IV năm 2026 · hạn 20/12",
                "Báo cáo công tác TĐKT năm 2026 · hạn 25/12",
                "Báo cáo công tác TĐKT 6 tháng 2026 · hạn 10/06",
            ],
        ),
        (
            PLAN_2024[2:3],
            45,
            ["Báo cáo sơ kết công tác TĐKT 6… · hạn 10/06"],
        ),
    ],
)
def test_labels_keep_what_tells_rounds_apart(rounds: list[tuple[str, date]], limit: int, expected: list[str]) -> None:
    tags = [RoundTag(name=name, deadline=due) for name, due in rounds]
    assert round_labels(tags, limit) == expected


@pytest.mark.parametrize("limit", [24, 30, 34, 40, 45, 60])
def test_every_list_of_the_2024_plan_is_distinct_and_fits(limit: int) -> None:
    for rounds in (PLAN_2024, OFFICE_ROUNDS, PLAN_2024 + OFFICE_ROUNDS):
        labels = round_labels([RoundTag(name=n, deadline=d) for n, d in rounds], limit)
        assert len(set(labels)) == len(labels), labels
        assert all(len(label) <= limit for label in labels), labels
        assert all(label.endswith(f"hạn {d:%d/%m}") for label, (_, d) in zip(labels, rounds, strict=True))


def test_same_name_and_deadline_differ_by_the_tail_or_a_number() -> None:
    twins = [
        RoundTag("Báo cáo kết quả thực hiện phong trào thi đua chuyên đề đợt 1", date(2026, 12, 7)),
        RoundTag("Báo cáo kết quả thực hiện phong trào thi đua chuyên đề đợt 2", date(2026, 12, 7)),
    ]
    first, second = round_labels(twins, 30)
    assert first != second
    assert "đợt 1" in first.casefold() and "đợt 2" in second.casefold()
    same = round_labels([twins[0], twins[0]], 40)
    assert same[0] != same[1]


def test_the_year_is_shown_when_asked_and_the_plan_ref_kept() -> None:
    tags = [
        RoundTag("Đăng ký thi đua", date(2025, 3, 15), show_year=True),
        RoundTag("Đăng ký thi đua", date(2026, 3, 15), ref="I.3", show_year=True),
    ]
    assert round_labels(tags, 60) == ["Đăng ký thi đua · hạn 15/03/2025", "I.3 · Đăng ký thi đua · hạn 15/03/2026"]
