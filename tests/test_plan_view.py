"""The plan as an officer reads it (services/plan_view), on SQLite and PostgreSQL, and its rendering."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.channels.telegram.render import to_html
from core.channel import ZALO
from core.clock import FixedClock
from core.text import to_plain
from handlers.plan_view import CHOICES_ROOM, MESSAGE_LIMIT, render
from schedules.plan_file import PlanFile
from services import plan_import, plan_view, rounds
from services.actors import Actor
from services.errors import Refusal
from services.plan_view import ItemView, Party, QuarterView
from storage.db import Database
from storage.models import Plan
from storage.repos import rounds as round_repo
from tests import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
JUNE = date(2024, 6, 12)


async def view(db: Database, actor: Actor, **kwargs: Any) -> QuarterView:
    kwargs.setdefault("quarter", None)
    kwargs.setdefault("today", JUNE)
    async with db.transaction() as s:
        return await plan_view.quarter_view(s, actor, tz=TZ, **kwargs)


def marked(result: QuarterView) -> set[str]:
    return {item.ref for item in result.items if item.involved}


def custom_plan(year: int, items: list[dict[str, Any]]) -> PlanFile:
    return PlanFile.model_validate(
        {
            "title": f"Kế hoạch thử năm {year}",
            "issuer": "Thanh tra tỉnh Lạng Sơn",
            "signer": "Người ký",
            "signer_title": "Chánh Thanh tra",
            "year": year,
            "items": items,
        }
    )


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), clock.now(), TZ, label="test")
    return db


async def test_current_quarter_first_with_the_items_of_my_unit(world: Database, clock: FixedClock) -> None:
    district = await f.officer(world, 10, "TTH-CL", clock.now())
    result = await view(world, district)
    assert (result.plan.year, result.quarter, result.is_current) == (2024, 2, True)
    assert [i.ref for i in result.items] == ["II.1", "II.2", "II.3", "II.4", "II.5", "II.6"]
    assert marked(result) == {"II.1", "II.2", "II.5", "II.6"}
    first = result.items[0]
    assert first.lead == Party(group="VP")
    assert first.coordinating == (Party(group="CUM"), Party(group="TTS"), Party(group="TTH"))
    assert first.due_on == date(2024, 6, 10)
    meeting = result.items[2]
    assert meeting.due_on is None and meeting.due_note is not None and meeting.due_note.startswith("Theo thông báo")
    assert result.items[1].optional


INVOLVEMENT = [
    ("PNV1", 1, {"I.3", "I.4"}),
    ("PNV1", 4, {"IV.5"}),
    ("CUM2", 2, {"II.1", "II.2", "II.5", "II.6"}),
    ("VP", 3, {"III.1", "III.2", "III.3"}),
    ("TTS-TC", 4, {"IV.3"}),
    ("TTH-CL", 3, set()),
]


async def test_involvement_per_unit_and_quarter(world: Database, clock: FixedClock) -> None:
    for number, (unit, quarter, expected) in enumerate(INVOLVEMENT, 11):
        officer = await f.officer(world, number, unit, clock.now())
        result = await view(world, officer, quarter=quarter)
        assert (unit, quarter, marked(result)) == (unit, quarter, expected)
        assert result.is_current == (quarter == 2)


async def test_a_moved_deadline_is_what_the_plan_shows(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    async with world.transaction() as s:
        plan = await round_repo.current_plan(s)
        assert plan is not None
        item = next(i for i in await round_repo.plan_items(s, plan.id) if i.ref == "II.1")
        found = await round_repo.round_for_item(s, item.id)
        assert found is not None
        await rounds.set_deadline(s, boss, found.id, datetime(2024, 6, 20, 10, 0, tzinfo=UTC), clock.now())
    result = await view(world, boss)
    assert result.items[0].due_on == date(2024, 6, 20)


async def test_refusals_change_nothing(world: Database, clock: FixedClock) -> None:
    stranger = await f.newcomer(world, 20, clock.now())
    officer = await f.officer(world, 21, "TTH-CL", clock.now())
    cases: list[tuple[Actor, dict[str, Any], str]] = [
        (stranger, {}, "common.not_linked"),
        (officer, {"year": 1999, "quarter": 1}, "plan.unknown"),
        (officer, {"year": 2024, "quarter": 5}, "common.stale_button"),
    ]
    for actor, kwargs, key in cases:
        with pytest.raises(Refusal) as refused:
            await view(world, actor, **kwargs)
        assert refused.value.key == key


async def test_no_plan_at_all(db: Database, clock: FixedClock) -> None:
    await f.load_default_units(db, clock.now())
    officer = await f.officer(db, 22, "TTH-CL", clock.now())
    with pytest.raises(Refusal, match=r"plan\.none"):
        await view(db, officer)


async def test_single_units_and_clusters_by_name_and_units_no_longer_in_force(db: Database, clock: FixedClock) -> None:
    await f.load_default_units(db, clock.now())
    item = {"quarter": 3, "item_no": 1, "task": "Kiểm tra chéo", "lead": "VP", "kind": "meeting"}
    async with db.transaction() as s:
        selectors = [{"unit": "TTS-TC"}, {"cluster": "CUM1"}, {"unit": "KHONGCO"}]
        plan = custom_plan(2024, [{**item, "coordinating": selectors}])
        await plan_import.apply(s, plan, clock.now(), TZ, label="test")
    treasury = await f.officer(db, 30, "TTS-TC", clock.now())
    result = await view(db, treasury, quarter=3)
    assert result.items[0].coordinating == (
        Party(name="Thanh tra Sở Tài chính"),
        Party(name="Cụm thi đua số 1 - Thanh tra các huyện, thành phố"),
        Party(name="KHONGCO"),
    )
    assert result.items[0].due_on is None and result.items[0].due_note is None
    assert marked(result) == {"III.1"}
    member = await f.officer(db, 31, "TTH-VL", clock.now())  # a member of CUM1 in 2024
    assert marked(await view(db, member, quarter=3)) == {"III.1"}
    outsider = await f.officer(db, 32, "TTS-XD", clock.now())
    assert marked(await view(db, outsider, quarter=3)) == set()
    # In 2026 the department inspectorates no longer exist (valid to 30/06/2025): never involved.
    async with db.transaction() as s:
        later = custom_plan(2026, [{**item, "coordinating": ["TTS"], "due": "2026-03-15"}])
        await plan_import.apply(s, later, clock.now(), TZ, label="test")
    result = await view(db, treasury, quarter=None, today=date(2026, 8, 1))
    assert (result.plan.year, result.quarter) == (2026, 3)
    assert marked(result) == set()


def test_default_quarter_for_this_and_other_years() -> None:
    assert [plan_view.default_quarter(2024, date(2024, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert plan_view.default_quarter(2024, date(2025, 2, 1)) == 4
    assert plan_view.default_quarter(2024, date(2023, 11, 1)) == 1


def test_a_quarter_too_long_for_one_message_is_split_between_items() -> None:
    plan = Plan(year=2024, title="Kế hoạch <thử> & kiểm tra", issuer="x", signer="x", signer_title="x")
    items = tuple(
        ItemView(
            ref=f"II.{n}",
            task="Nhiệm vụ rất dài & <cần> tách " * 40,
            lead=Party(group="VP"),
            coordinating=(Party(group="CUM"), Party(name="Thanh tra Sở <Tài chính>")),
            submitters=(),
            due_on=date(2024, 6, 10),
            due_note=None,
            optional=False,
            involved=n % 2 == 0,
        )
        for n in range(1, 31)
    )
    messages = [to_html(m) for m in render(QuarterView(plan, 2, True, items, "Thanh tra & Cao Lộc"), TZ)]
    assert len(messages) > 1
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    joined = "\n".join(messages)
    zalo = render(QuarterView(plan, 2, True, items, "Thanh tra & Cao Lộc"), TZ, limit=ZALO.text_limit - CHOICES_ROOM)
    assert len(zalo) > len(messages) and all(len(to_plain(m)) <= ZALO.text_limit - CHOICES_ROOM for m in zalo)
    assert all(f"<b>II.{n}.</b>" in joined for n in range(1, 31))
    assert "Kế hoạch &lt;thử&gt; &amp; kiểm tra" in joined and "Sở &lt;Tài chính&gt;" in joined
    assert "👉 <b>II.2.</b>" in joined and "👉 <b>II.1.</b>" not in joined
