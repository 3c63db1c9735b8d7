"""Cross-check scoring: assignments, the score rules, agreement and settling, ranking (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.text import to_plain
from services.errors import Forbidden, Refusal
from services.scoring import checks
from services.scoring.ranking import rank, rank_clusters, ranking
from services.scoring.template import default_template
from storage.db import Database
from storage.models import AuditEntry, CheckStatus, CrossCheck
from storage.repos import scoring as repo
from tests.scoring_helpers import YEAR, Cluster, cluster_one


def test_rotation_pairs_every_unit_with_the_next_and_never_itself() -> None:
    assert checks.rotation([5, 7, 9]) == [(7, 5), (9, 7), (5, 9)]
    pairs = checks.rotation(list(range(1, 41)))
    assert all(a != b for a, b in pairs)
    assert sorted(b for _, b in pairs) == list(range(1, 41))  # everyone is checked once
    assert sorted(a for a, _ in pairs) == list(range(1, 41))  # everyone checks once
    with pytest.raises(Refusal) as caught:
        checks.rotation([3])
    assert caught.value.key == "score.too_few_units"


def test_points_rules() -> None:
    sheet = default_template()
    assert checks.valid_points(sheet, "A1", 19.456) == 19.46
    assert checks.valid_points(sheet, "A1", 20) == 20
    assert checks.valid_points(sheet, "A1", None) is None  # skipped
    for code, value, key in [
        ("A1", 20.01, "score.above_max"),
        ("A5", 6, "score.above_max"),
        ("A1", -1, "score.negative"),
        ("D2", -2, "score.negative"),  # a penalty is entered as the points taken off
        ("A", 10, "score.unknown_criterion"),  # a group is not scored itself
        ("Z9", 1, "score.unknown_criterion"),
        ("A1", float("nan"), "score.not_a_number"),
    ]:
        with pytest.raises(Refusal) as caught:
            checks.valid_points(sheet, code, value)
        assert caught.value.key == key, (code, value)


async def _assigned(db: Database, clock: FixedClock) -> tuple[Cluster, list[CrossCheck]]:
    cluster = await cluster_one(db, clock.now())
    async with db.transaction() as s:
        made = await checks.assign_rotation(s, cluster.head, cluster.id, YEAR, clock.now())
    return cluster, made


async def test_rotation_in_the_cluster_by_its_head(db: Database, clock: FixedClock) -> None:
    cluster, made = await _assigned(db, clock)
    assert len(made) == len(cluster.members) == 11  # Cụm 1 in 2024
    assert {c.checked_unit_id for c in made} == set(cluster.members)
    assert all(c.checker_unit_id != c.checked_unit_id for c in made)
    first = next(c for c in made if c.checked_unit_id == cluster.members[0])
    assert first.checker_unit_id == cluster.members[1]
    async with db.transaction() as s:
        logged = (await s.scalars(select(AuditEntry.action).where(AuditEntry.action == "score.assign"))).all()
    assert logged == ["score.assign"]


async def test_only_the_office_or_the_head_assigns(db: Database, clock: FixedClock) -> None:
    cluster = await cluster_one(db, clock.now())
    member = cluster.officers[cluster.members[2]]
    async with db.transaction() as s:
        with pytest.raises(Forbidden):
            await checks.assign_rotation(s, member, cluster.id, YEAR, clock.now())
    async with db.transaction() as s:  # the Office may, and may redo it while nobody has scored
        await checks.assign_rotation(s, cluster.office, cluster.id, YEAR, clock.now())
        again = await checks.assign_rotation(s, cluster.office, cluster.id, YEAR, clock.now())
    assert len(again) == 11


async def test_reassign_refuses_self_and_outsiders(db: Database, clock: FixedClock) -> None:
    cluster, made = await _assigned(db, clock)
    target = made[0]
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:
            await checks.assign(s, cluster.head, target.id, target.checked_unit_id, clock.now())
        assert caught.value.key == "score.self_check"
        other_cluster_member = cluster.members[0] + 1000
        with pytest.raises(Refusal) as caught:
            await checks.assign(s, cluster.head, target.id, other_cluster_member, clock.now())
        assert caught.value.key == "score.not_member"
        new_checker = cluster.members[5]
        changed = await checks.assign(s, cluster.office, target.id, new_checker, clock.now())
    assert changed.checker_unit_id == new_checker


async def test_scoring_rules_in_the_database(db: Database, clock: FixedClock) -> None:
    cluster, made = await _assigned(db, clock)
    check = made[0]
    checker = cluster.officers[check.checker_unit_id]
    checked = cluster.officers[check.checked_unit_id]
    now = clock.now()
    async with db.transaction() as s:
        for points, key in [(21, "score.above_max"), (-0.5, "score.negative")]:
            with pytest.raises(Refusal) as caught:
                await checks.score(s, checker, check.id, "A1", points, "", now)
            assert caught.value.key == key
        with pytest.raises(Refusal) as caught:  # the checked unit cannot give itself the checker's score
            await checks.score(s, checked, check.id, "A1", 20, "", now)
        assert caught.value.key == "score.self_check"
        with pytest.raises(Forbidden):  # a third unit cannot score either
            await checks.score(s, cluster.officers[cluster.members[4]], check.id, "A1", 20, "", now)
        with pytest.raises(Refusal) as caught:
            await checks.finish_scoring(s, checker, check.id, now)
        assert caught.value.key == "score.nothing_scored"
    async with db.transaction() as s:
        await checks.self_score(s, checked, check.id, "A1", 20, now)
        await checks.score(s, checker, check.id, "A1", 18.5, "  thiếu   2 cuộc ", now)
        await checks.score(s, checker, check.id, "A2", None, "", now)  # skipped
        await checks.score(s, checker, check.id, "D2", 2, "1 báo cáo chậm", now)
        notice = await checks.finish_scoring(s, checker, check.id, now)
    assert notice.unit_id == check.checked_unit_id
    assert "16,5" in to_plain(notice.text)  # 18.5 - 2 (penalty)
    async with db.transaction() as s:
        lines = await repo.lines(s, check.id)
    assert (lines["A1"].self_points, lines["A1"].checker_points, lines["A1"].note) == (20, 18.5, "thiếu 2 cuộc")
    assert lines["A2"].checker_points is None


async def test_agree_disagree_settle_close_and_rank(db: Database, clock: FixedClock) -> None:
    cluster, made = await _assigned(db, clock)
    now = clock.now()
    scores = {}  # checked unit -> A1 points: a distinct total per unit, two equal
    for n, check in enumerate(made):
        scores[check.checked_unit_id] = [20, 15, 15, 10, 5, 0, 19, 18, 17, 16, 14][n]
        async with db.transaction() as s:
            await checks.score(
                s, cluster.officers[check.checker_unit_id], check.id, "A1", scores[check.checked_unit_id], "", now
            )
            await checks.score(s, cluster.officers[check.checker_unit_id], check.id, "B1", 5, "", now)
            await checks.finish_scoring(s, cluster.officers[check.checker_unit_id], check.id, now)
    first, second = made[0], made[1]
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:
            await checks.respond(s, cluster.officers[first.checked_unit_id], first.id, False, "   ", now)
        assert caught.value.key == "score.reason_needed"
        with pytest.raises(Refusal) as caught:  # no more changes once scored and answered... first the answer
            await checks.settle(s, cluster.head, first.id, {}, now)
        assert caught.value.key == "score.not_answered"
    async with db.transaction() as s:
        told = await checks.respond(s, cluster.officers[first.checked_unit_id], first.id, False, "A1 chấm thấp", now)
    assert told.unit_id == cluster.members[0] and "A1 chấm thấp" in to_plain(told.text)  # the head is told
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:
            await checks.score(s, cluster.officers[first.checker_unit_id], first.id, "A1", 1, "", now)
        assert caught.value.key == "score.answered"
        with pytest.raises(Forbidden):  # only the head or the Office settles
            await checks.settle(s, cluster.officers[second.checked_unit_id], first.id, {}, now)
        with pytest.raises(Refusal) as caught:  # an override obeys the same rules
            await checks.settle(s, cluster.head, first.id, {"A1": 25}, now)
        assert caught.value.key == "score.above_max"
    async with db.transaction() as s:
        settled = await checks.settle(s, cluster.head, first.id, {"A1": 13, "D2": 2}, now)
        scores[first.checked_unit_id] = 11  # 13 - 2 (penalty)
        with pytest.raises(Refusal) as caught:
            await checks.close(s, cluster.head, cluster.id, YEAR, now)
        assert caught.value.key == "score.unsettled"
    assert "<b>16</b>" in settled.text.markup
    for check in made[1:]:
        async with db.transaction() as s:
            await checks.respond(s, cluster.officers[check.checked_unit_id], check.id, True, "", now)
            await checks.settle(s, cluster.head, check.id, {}, now)
    async with db.transaction() as s:
        await checks.close(s, cluster.head, cluster.id, YEAR, now)
        sheet, rows = await ranking(s, cluster.id, YEAR)
        every = await rank_clusters(s, YEAR)
        statuses = {c.status for c in (await s.scalars(select(CrossCheck))).all()}
    assert statuses == {CheckStatus.SETTLED}
    assert every == {cluster.id: rows}
    expected = sorted(scores.values(), reverse=True)
    assert [r.total for r in rows] == [p + 5 for p in expected]
    assert [r.place for r in rows][:4] == [1, 2, 3, 4]
    tied = [r for r in rows if r.total == 20]  # two units with 15 + 5
    assert len(tied) == 2 and tied[0].place == tied[1].place
    assert all(r.band == sheet.band(r.total) for r in rows)
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:  # closed: nothing moves
            await checks.self_score(s, cluster.officers[first.checked_unit_id], first.id, "A1", 1, now)
        assert caught.value.key == "score.closed"


def test_rank_bands_and_ties() -> None:
    sheet = default_template()
    full = {item.code: item.max for item in sheet.items if item.kind.value == "criterion"}
    points = {
        1: full,  # 100
        2: full | {"D2": 6},  # 94
        3: {"A1": 20, "A2": 15, "A3": 10, "A4": 10, "A5": 5, "B1": 5, "B2": 5, "B3": 5, "B4": 5, "B5": 5},  # 85
        4: {"A1": 20, "A2": 15, "A3": 10, "A4": 10, "A5": 5, "B1": 5, "B2": 5, "B3": 5, "B4": 5, "B5": 5},  # 85
        5: {"A1": 20, "D1": 5, "D3": 5},  # 20
    }
    rows = rank(sheet, points, [1, 2, 3, 4, 5, 6])
    assert [(r.place, r.unit_id, r.total, r.band) for r in rows] == [
        (1, 1, 100.0, "Xuất sắc"),
        (2, 2, 94.0, "Tốt"),
        (3, 3, 85.0, "Tốt"),
        (3, 4, 85.0, "Tốt"),
        (5, 5, 20.0, "Trung bình"),
        (6, 6, 0.0, "Trung bình"),  # assigned, nothing settled: ranked last, never dropped
    ]


async def test_the_head_loads_the_clusters_own_sheet_until_scoring_starts(db: Database, clock: FixedClock) -> None:
    from services.scoring.sheets import template_for
    from services.scoring.template import parse_template

    cluster = await cluster_one(db, clock.now())
    now = clock.now()
    own = default_template().to_json()
    own["name"] = "Bảng chấm điểm Cụm 1 năm 2024"
    own["bands"] = [{"min": 90, "name": "Xuất sắc"}, {"min": 0, "name": "Hoàn thành"}]
    sheet = parse_template(own)
    async with db.transaction() as s:
        with pytest.raises(Forbidden):
            await checks.install_template(s, cluster.officers[cluster.members[2]], cluster.id, YEAR, sheet, now)
        await checks.install_template(s, cluster.head, cluster.id, YEAR, sheet, now)
        made = await checks.assign_rotation(s, cluster.head, cluster.id, YEAR, now)
    async with db.transaction() as s:
        assert (await template_for(s, cluster.id, YEAR)).name == "Bảng chấm điểm Cụm 1 năm 2024"
        await checks.score(s, cluster.officers[made[0].checker_unit_id], made[0].id, "A1", 10, "", now)
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:
            await checks.install_template(s, cluster.office, cluster.id, YEAR, default_template(), now)
        assert caught.value.key == "score.template_in_use"
        with pytest.raises(Refusal) as caught:  # nor are the pairs redone once scoring has started
            await checks.assign_rotation(s, cluster.office, cluster.id, YEAR, now)
        assert caught.value.key == "score.already_started"
