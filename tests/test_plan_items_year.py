"""One whole year of the 2024 plan (January → December) with a fixed clock: every one of its 23 items
reaches its action on its date, and nothing is sent twice.

The oracle is written here from the rules' words (services/plan_actions.py docstring) and the plan file's
dates, with the hand-made list of 2024 days off — not from the code:
- a submission: its round's first reminder (D-7, moved to a working day) reaches the units owing it;
- a notice: the Office is asked on its date; a meeting: seven days before; an internal task, a report
  upward or a decision: three days before and on the date; an item without a date: on the first working
  day of its quarter. A weekend or a holiday moves to the next working day, at 08:00;
- an item done stops being prompted; a meeting's attendees are reminded the working day before it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from core.clock import FixedClock
from services import broadcasts, plan_actions
from services.actors import Actor
from services.broadcast_audience import Audience, AudienceKind
from services.broadcasts import Draft
from storage.db import Database
from storage.models import Response
from storage.repos import rounds as round_repo
from tests import factories as f
from tests.reminder_helpers import RecordingOutbound, engine, local, world_2024
from tests.test_plan_actions import answer, send
from tests.test_reminder_time_travel import on_or_after, sqlite_db, working  # noqa: F401 - sqlite_db: the fixture

Q = {q: on_or_after(date(2024, 3 * q - 2, 1)) for q in (1, 2, 3, 4)}
# Prompts to the Office, per item, from the plan file's kinds and dates.
PROMPTS: dict[str, list[date]] = {
    "I.1": [date(2024, 2, 15)],  # notice, 15/02 (Tết ends 14/02)
    "I.2": [date(2024, 2, 29)],  # notice
    "I.5": [Q[1]],  # notice, "thường xuyên": 02/01 (01/01 is a holiday)
    "I.6": [Q[1]],  # meeting, "theo giấy mời"
    "II.3": [Q[2]],
    "II.4": [Q[2]],
    "II.5": [Q[2]],  # notice, if any
    "III.1": [Q[3]],  # internal, no date
    "III.2": [Q[3]],
    "III.3": [date(2024, 9, 27), date(2024, 9, 30)],  # internal 30/09: D-3, D0
    "IV.1": [Q[4]],
    "IV.2": [date(2024, 12, 12), date(2024, 12, 16)],  # outbound 15/12 (Sunday → Monday)
    "IV.4": [date(2024, 12, 9)],  # internal 10/12: D-3 is Saturday → Monday 09/12; done that day, so no D0
    "IV.5": [date(2024, 12, 13)],  # the council meeting 20/12: D-7
    "IV.6": [date(2024, 12, 30), date(2024, 12, 31)],  # decision 31/12: D-3 Saturday → Monday
    "IV.7": [date(2024, 12, 23), date(2024, 12, 25)],  # outbound 25/12: D-3 Sunday → Monday
    "IV.8": [Q[4]],
}
# Submissions: the round's first reminder (D-7 moved to a working day) to a unit that owes it.
ROUNDS: dict[str, tuple[str, date]] = {
    "I.3": ("PNV1", date(2024, 3, 8)),
    "I.4": ("PNV1", date(2024, 3, 25)),
    "II.1": ("CUM1", date(2024, 6, 3)),
    "II.2": ("CUM1", date(2024, 6, 24)),
    "II.6": ("CUM1", date(2024, 6, 24)),
    "IV.3": ("CUM1", date(2024, 11, 28)),
    "IV.5": ("PNV1", date(2024, 12, 13)),
}


async def test_every_item_of_the_2024_plan_acts_on_its_date_once(sqlite_db: Database) -> None:  # noqa: F811
    db = sqlite_db
    await world_2024(db)
    clock = FixedClock(local(2024, 1, 1, 0, 0))
    boss = await f.admin(db, 1, clock.now())
    officers = {code: await f.officer(db, 100 + n, code, clock.now()) for n, code in enumerate(("PNV1", "CUM1"))}
    async with db.transaction() as s:
        plan = await round_repo.current_plan(s)
        assert plan is not None
        items = {i.id: i for i in await round_repo.plan_items(s, plan.id)}
        rounds = {r.id: items[r.plan_item_id].ref for r in await round_repo.rounds(s, year=2024) if r.plan_item_id}
    refs = {i.ref: i.id for i in items.values()}
    assert len(items) == 23 and set(PROMPTS) | set(ROUNDS) == set(refs)

    pusher = RecordingOutbound(clock)
    sweeper = engine(db, clock, pusher)
    invitation: int | None = None
    day = date(2024, 1, 1)
    while day.year == 2024:
        for hour, minute in ((8, 5), (14, 0), (21, 0)):
            clock.at = local(day.year, day.month, day.day, hour, minute)
            await sweeper.sweep()
            if day == date(2024, 12, 9) and hour == 8:  # the Office does IV.4 the morning it is reminded
                async with db.transaction() as s:
                    await plan_actions.finish(
                        s, boss, refs["IV.4"], done=True, note="Tờ trình", upload=None, now=clock.now()
                    )
            if day == date(2024, 12, 13) and hour == 8:  # and sends the council's invitation
                invitation = await invite(db, boss, refs["IV.5"], clock)
                await answer(db, officers["PNV1"], invitation, Response.ATTEND, clock.now())
        day += timedelta(days=1)

    for pushed in pusher.sent:  # never at night, on a weekend or a holiday
        assert working(pushed.at.date()) and (pushed.at.hour, pushed.at.minute) in ((8, 5), (14, 0)), pushed

    prompts: dict[str, list[date]] = defaultdict(list)
    for pushed in pusher.to(boss.chat_id):
        for _, data in pushed.buttons:
            if data and data.startswith("vv:"):
                prompts[items[int(data.rsplit(":", 1)[1])].ref].append(pushed.at.date())
    assert dict(prompts) == PROMPTS

    for ref, (code, first) in ROUNDS.items():
        chat = officers[code].chat_id
        days = [
            p.at.date()
            for p in pusher.to(chat)
            for _, d in p.buttons
            if d and rounds.get(int(d.rsplit(":", 1)[1])) == ref
        ]
        assert days and days[0] == first, (ref, days[:3])
        assert len(days) == len(set(days)), ref  # one reminder a day at most

    eve = [p for p in pusher.to(officers["PNV1"].chat_id) if "Nhắc lịch họp" in p.text]
    assert [p.at.date() for p in eve] == [date(2024, 12, 19)]
    assert not [p for p in pusher.to(officers["CUM1"].chat_id) if "Nhắc lịch họp" in p.text]

    async with db.transaction() as s:
        found = await plan_actions.statuses(s, plan, list(items.values()), date(2024, 12, 31))
    assert found[refs["IV.4"]][0] == found[refs["IV.5"]][0] == plan_actions.ItemStatus.DONE
    assert found[refs["IV.6"]][0] == plan_actions.ItemStatus.DUE
    assert found[refs["IV.7"]][0] == plan_actions.ItemStatus.OVERDUE
    assert found[refs["II.1"]][0] == plan_actions.ItemStatus.OVERDUE  # nobody sent the 6-month report


async def invite(db: Database, boss: Actor, item_id: int, clock: FixedClock) -> int:
    async with db.transaction() as s:
        prefill = await plan_actions.prefill(s, boss, item_id)
        meeting = local(2024, 12, 20, 8, 0)
        audience = Audience(AudienceKind.KIND, "division")
        draft = Draft(prefill.text, prefill.reply_kind, None, audience, item_id, meeting, "Hội trường")
        broadcast, _ = await broadcasts.create_draft(s, boss, draft, clock.now(), clock.now().date())
    await send(db, boss, broadcast.id, clock.now())
    return broadcast.id
