"""A plan's year on both backends: the fresh install, drafts, edits, publishing, and bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from services import plan_bootstrap, plan_drafts, plan_publish, plan_states, rounds, submissions
from services.errors import Refusal
from services.plan_drafts import ItemEdit
from services.reminder_policy import WorkCalendar
from services.uploads import StoredUpload
from storage.db import Database
from storage.models import PlanStatus, RoundStatus
from storage.repos import plan_years as plan_repo
from storage.repos import rounds as round_repo
from tests import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = WorkCalendar(TZ, time(7, 30), time(17, 0))
DECEMBER = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội, a Friday


@pytest.fixture
async def installed(db: Database) -> Database:
    """A fresh install on 04/12/2026: the seed's 2024 plan is history, 2026 is in force."""
    await f.load_default_units(db, DECEMBER)
    async with db.transaction() as s:
        await plan_bootstrap.ensure_plan_in_force(s, now=DECEMBER, tz=TZ, calendar=CALENDAR)
    return db


async def draft_2027(db: Database, *, replace: bool = False) -> plan_drafts.NewPlan:
    async with db.transaction() as s:
        return await plan_drafts.make_draft(
            s,
            None,
            year=2027,
            source_year=None,
            today=DECEMBER.date(),
            now=DECEMBER,
            calendar=CALENDAR,
            replace_existing=replace,
        )


async def test_a_fresh_install_runs_this_years_plan_and_keeps_2024_closed(installed: Database) -> None:
    ended = {await f.unit_id(installed, "TTS-TC"), await f.unit_id(installed, "TTH-CL")}
    async with installed.transaction() as s:
        in_force = await plan_states.plan_in_force(s)
        assert in_force is not None and in_force.year == 2026
        seed = await round_repo.plan_by_year(s, 2024)
        assert seed is not None and seed.status == PlanStatus.PAST
        assert await plan_repo.open_rounds_of_plan(s, seed.id) == []
        opened = await plan_repo.open_rounds_of_plan(s, in_force.id)
        assert len(opened) == 7 and {r.year for r in opened} == {2026}
        assert "2026" in next(r.name for r in opened if r.name.startswith("Đăng ký"))
        # Thanh tra sở/huyện ended on 30/06/2025: no 2026 round is owed by one of them.
        owing = [o for r in opened for o in await round_repo.obligations_of_round(s, r.id)]
        assert owing and not {o.unit_id for o in owing} & ended
        # Installed on 04/12: rounds already past their deadline are shown but not chased automatically.
        assert {r.name[:20] for r in opened if r.reminders_paused} == {
            r.name[:20] for r in opened if r.deadline < DECEMBER
        }
        assert any(not r.reminders_paused for r in opened)
        again = await plan_bootstrap.ensure_plan_in_force(s, now=DECEMBER, tz=TZ, calendar=CALENDAR)
        assert again == ""  # a restart changes nothing


async def test_next_years_draft_edit_and_publish(installed: Database) -> None:
    boss = await f.admin(installed, 1, DECEMBER)
    made = await draft_2027(installed)
    assert made.plan is not None and made.plan.status == PlanStatus.DRAFT
    async with installed.transaction() as s:
        assert (await plan_states.plan_in_force(s)).year == 2026  # type: ignore[union-attr]
        plan = await round_repo.plan_by_year(s, 2027)
        assert plan is not None
        items = await round_repo.plan_items(s, plan.id)
        report = next(i for i in items if i.ref == "II.1")
        version = plan.version
        edited_plan, edited = await plan_drafts.edit_item(
            s,
            boss,
            year=2027,
            version=version,
            item_id=report.id,
            change=ItemEdit(due_on=date(2027, 6, 15)),
            now=DECEMBER,
        )
        assert edited.due_on == date(2027, 6, 15) and edited_plan.version == version + 1
    async with installed.transaction() as s:
        with pytest.raises(Refusal) as stale:  # an edit made on the preview before the last change
            await plan_drafts.edit_item(
                s, boss, year=2027, version=version, item_id=report.id, change=ItemEdit(task="Khác"), now=DECEMBER
            )
        assert stale.value.key == "plans.changed"
    async with installed.transaction() as s:
        with pytest.raises(Refusal) as early:
            await plan_drafts.edit_item(
                s,
                boss,
                year=2027,
                version=version + 1,
                item_id=report.id,
                change=ItemEdit(due_on=date(2026, 12, 30)),
                now=DECEMBER,
            )
        assert early.value.key == "plans.deadline_before_year"
    async with installed.transaction() as s:
        published = await plan_publish.publish(s, boss, year=2027, version=version + 1, now=DECEMBER, tz=TZ)
        assert published.rounds_opened == 7 and published.previous_year == 2026
    async with installed.transaction() as s:
        assert (await plan_states.plan_in_force(s)).year == 2027  # type: ignore[union-attr]
        old = await round_repo.plan_by_year(s, 2026)
        assert old is not None and old.status == PlanStatus.PAST
        assert len(await plan_repo.open_rounds_of_plan(s, old.id)) == 7  # still open until the year is closed
        six = next(r for r in await round_repo.rounds(s, year=2027) if r.name.startswith("Báo cáo sơ kết"))
        assert six.deadline.astimezone(TZ).date() == date(2027, 6, 15)


async def test_two_admins_publishing_at_once_one_wins(installed: Database) -> None:
    first, second = await f.admin(installed, 1, DECEMBER), await f.admin(installed, 2, DECEMBER)
    made = await draft_2027(installed)
    assert made.plan is not None
    version = made.plan.version
    async with installed.transaction() as s:
        await plan_publish.publish(s, first, year=2027, version=version, now=DECEMBER, tz=TZ)
    async with installed.transaction() as s:
        with pytest.raises(Refusal) as lost:
            await plan_publish.publish(s, second, year=2027, version=version, now=DECEMBER, tz=TZ)
        assert lost.value.key == "plans.already_published"
    async with installed.transaction() as s:  # the conditional update itself, as a racing second press sees it
        plan = await round_repo.plan_by_year(s, 2027)
        assert plan is not None
        assert not await plan_repo.claim_publish(s, plan.id, version, DECEMBER)


async def test_publishing_refuses_an_item_without_a_deadline(installed: Database) -> None:
    made = await draft_2027(installed)
    assert made.plan is not None
    async with installed.transaction() as s:
        item = next(i for i in await round_repo.plan_items(s, made.plan.id) if i.ref == "IV.3")
        item.due_on = None
    async with installed.transaction() as s:
        with pytest.raises(Refusal) as refused:
            await plan_publish.publish(s, None, year=2027, version=None, now=DECEMBER, tz=TZ)
        assert refused.value.key == "plans.item_no_deadline" and refused.value.values["refs"] == "IV.3"


@pytest.mark.parametrize(
    ("year", "source", "key"),
    [(2025, None, "plans.past_year"), (2027, 2019, "plans.no_source"), (2026, None, "plans.exists")],
)
async def test_bad_years(installed: Database, year: int, source: int | None, key: str) -> None:
    async with installed.transaction() as s:
        with pytest.raises(Refusal) as refused:
            await plan_drafts.make_draft(
                s, None, year=year, source_year=source, today=DECEMBER.date(), now=DECEMBER, calendar=CALENDAR
            )
        assert refused.value.key == key


async def test_replace_keeps_what_units_sent(installed: Database) -> None:
    officer = await f.officer(installed, 10, "PNV1", DECEMBER)
    async with installed.transaction() as s:
        plan = await plan_states.plan_in_force(s)
        assert plan is not None
        typical = next(r for r in await plan_repo.open_rounds_of_plan(s, plan.id) if r.name.startswith("Xây dựng"))
        pdf = StoredUpload(sha256="d" * 64, file_name="x.pdf", mime_type="application/pdf", size=1, label="PDF")
        receipt = await submissions.submit(s, officer, typical.id, [pdf], None, DECEMBER)
        assert receipt.submission.receipt_code.startswith("BC26-")  # the round belongs to its plan's year
    async with installed.transaction() as s:
        made = await plan_drafts.make_draft(
            s,
            None,
            year=2026,
            source_year=2024,
            today=DECEMBER.date(),
            now=DECEMBER,
            calendar=CALENDAR,
            replace_existing=True,
        )
        assert made.replaced
    async with installed.transaction() as s:
        kept = await round_repo.submissions_of(s, typical.id, officer.unit_id or 0)
        assert len(kept) == 1
        assert (await round_repo.round_(s, typical.id)).status == RoundStatus.OPEN  # type: ignore[union-attr]


async def test_a_round_created_alone_belongs_to_its_deadlines_year(installed: Database) -> None:
    boss = await f.admin(installed, 1, DECEMBER)
    unit = await f.unit_id(installed, "PNV1")
    async with installed.transaction() as s:
        made = await rounds.create(
            s,
            boss,
            name="Báo cáo nhanh",
            deadline=datetime(2027, 1, 15, 10, tzinfo=TZ),
            unit_ids=[unit],
            now=DECEMBER,
            tz=TZ,
        )
        assert made.year == 2027
