"""A whole year of the 2024 plan, swept on every working morning and at odd hours, checked against an
oracle written here from the policy's words (and a hand-made list of 2024 days off), not from the code.

- each unit gets exactly the reminders the policy says, on every active account;
- none on weekends, public holidays (Tết 08–14/02, 18/04, 29/04–01/05, 02–03/09…) or outside 07:30–17:00;
- none after a submission; again after a return; none after a round is closed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from core.clock import FixedClock
from services import rounds, submissions
from services.actors import Actor
from services.uploads import StoredUpload
from storage.db import Database
from storage.migrate import upgrade
from storage.models import RoundStatus
from tests import factories as f
from tests.reminder_helpers import RecordingOutbound, engine, local, round_id, world_2024
from tests.test_reminder_policy import VN_2024_DAYS_OFF

PDF = StoredUpload(sha256="c" * 64, file_name="bc.pdf", mime_type="application/pdf", size=10, label="PDF")
# Deadlines of the 2024 plan file (17:00 local) and the rounds' submitters among the units below.
DEADLINES = {
    "I.3": date(2024, 3, 15),
    "I.4": date(2024, 3, 31),
    "II.1": date(2024, 6, 10),
    "II.2": date(2024, 6, 30),
    "II.6": date(2024, 6, 30),
    "IV.3": date(2024, 12, 5),
    "IV.5": date(2024, 12, 20),
}
OWES = {
    "TTH-CL": ["I.3", "II.1", "II.2", "IV.3"],
    "TTS-TC": ["I.3", "II.1", "II.2", "IV.3"],
    "TTH-VL": ["I.3", "II.1", "II.2", "IV.3"],
    "CUM1": ["I.3", "II.1", "II.2", "II.6", "IV.3"],
    "PNV1": ["I.3", "I.4", "IV.5"],
}
CLOSED = {"I.4": local(2024, 5, 30, 17, 30), **{r: local(2024, 7, 31, 17, 30) for r in ("II.1", "II.2", "II.6")}}
# Quarter digests: quarters in which the unit leads, coordinates or submits a plan item (Q3 has none).
QUARTERS = {
    "TTH-CL": [1, 2, 4],
    "TTS-TC": [1, 2, 4],
    "TTH-VL": [1, 2, 4],
    "CUM1": [1, 2, 4],
    "PNV1": [1, 4],
}


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in VN_2024_DAYS_OFF


def on_or_after(day: date) -> date:
    while not working(day):
        day += timedelta(days=1)
    return day


def after(day: date, n: int) -> date:
    for _ in range(n):
        day = on_or_after(day + timedelta(days=1))
    return day


def policy_days(deadline: date) -> list[date]:
    """D-7, D-3, D-1, D0 (moved to the next working day, dropped past the deadline, one per day),
    then D+1 (moved) and every 3 working days after it."""
    days: list[date] = []
    for offset in (7, 3, 1, 0):
        day = on_or_after(deadline - timedelta(days=offset))
        if day <= deadline and day not in days:
            days.append(day)
    day = on_or_after(deadline + timedelta(days=1))
    while day.year == 2024:
        days.append(day)
        day = after(day, 3)
    return days


Event = tuple[datetime, Callable[[], Awaitable[object]]]


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'year.db'}")
    await upgrade(database.engine)
    yield database
    await database.dispose()


async def test_a_year_of_reminders(sqlite_db: Database) -> None:
    db = sqlite_db
    await world_2024(db)
    clock = FixedClock(local(2024, 1, 1, 0, 0))
    boss = await f.admin(db, 1, clock.now())
    people: dict[str, list[Actor]] = {
        code: [await f.officer(db, 100 + n, code, clock.now())] for n, code in enumerate(OWES)
    }
    people["TTH-CL"].append(await f.officer(db, 200, "TTH-CL", clock.now()))  # two accounts: both reminded
    ids = {ref: await round_id(db, ref) for ref in DEADLINES}
    receipts: dict[str, int] = {}

    def submit(code: str, ref: str) -> Callable[[], Awaitable[object]]:
        async def run() -> None:
            async with db.transaction() as s:
                receipt = await submissions.submit(s, people[code][0], ids[ref], [PDF], None, clock.now())
            receipts[f"{code}/{ref}"] = receipt.submission.id

        return run

    def review(code: str, ref: str, accept: bool) -> Callable[[], Awaitable[object]]:
        async def run() -> None:
            async with db.transaction() as s:
                await submissions.review(
                    s, boss, receipts[f"{code}/{ref}"], accept=accept, reason="Bổ sung", now=clock.now()
                )

        return run

    def close(ref: str) -> Callable[[], Awaitable[object]]:
        async def run() -> None:
            async with db.transaction() as s:
                await rounds.set_status(s, boss, ids[ref], RoundStatus.CLOSED, clock.now())

        return run

    # Who owes what, when: (unit, round) → owing intervals [from, to).
    events: list[Event] = [
        (local(2024, 3, 13, 10), submit("TTH-VL", "I.3")),
        (local(2024, 6, 12, 10), submit("TTH-VL", "II.1")),  # late
        (local(2024, 3, 5, 10), submit("TTS-TC", "I.3")),
        (local(2024, 3, 19, 10), review("TTS-TC", "I.3", accept=False)),  # owes again from 10:00
        (local(2024, 4, 2, 10), submit("TTS-TC", "I.3")),
        (local(2024, 4, 3, 10), review("TTS-TC", "I.3", accept=True)),
        (local(2024, 12, 3, 10), submit("PNV1", "IV.5")),
        *((at, close(ref)) for ref, at in CLOSED.items()),
    ]
    owing_breaks = {
        ("TTH-VL", "I.3"): [(None, local(2024, 3, 13, 10))],
        ("TTH-VL", "II.1"): [(None, local(2024, 6, 12, 10))],
        ("TTS-TC", "I.3"): [(None, local(2024, 3, 5, 10)), (local(2024, 3, 19, 10), local(2024, 4, 2, 10))],
        ("PNV1", "IV.5"): [(None, local(2024, 12, 3, 10))],
    }

    def owes(code: str, ref: str, at: datetime) -> bool:
        if ref in CLOSED and at >= CLOSED[ref]:
            return False
        intervals = owing_breaks.get((code, ref), [(None, None)])
        return any((a is None or a <= at) and (b is None or at < b) for a, b in intervals)

    sweeps: list[datetime] = []
    day = date(2024, 1, 1)
    while day.year == 2024:
        times = ((7, 30), (8, 0), (16, 59)) if working(day) else ((8, 0),)
        sweeps += [local(day.year, day.month, day.day, h, m) for h, m in (*times, (3, 0), (17, 0), (21, 0))]
        day += timedelta(days=1)
    timeline = sorted([(at, 1, None) for at in sweeps] + [(at, 0, fn) for at, fn in events], key=lambda e: (e[0], e[1]))
    pusher = RecordingOutbound(clock)
    reminders = engine(db, clock, pusher)
    for at, _, fn in timeline:
        clock.at = at
        if fn is not None:
            await fn()
        else:
            await reminders.sweep(at)

    # Never at night, on a weekend or a holiday; always at the 08:00 slot.
    for pushed in pusher.sent:
        assert working(pushed.at.date()) and pushed.at.hour == 8 and pushed.at.minute == 0, pushed

    by_round = {rid: ref for ref, rid in ids.items()}
    for code, accounts in people.items():
        for account in accounts:
            got: dict[str, list[date]] = defaultdict(list)
            for pushed in pusher.to(account.chat_id):
                for _, data in pushed.buttons:
                    got[by_round[int((data or "").rsplit(":", 1)[1])]].append(pushed.at.date())
            for ref in DEADLINES:
                expected = [
                    d
                    for d in policy_days(DEADLINES[ref])
                    if ref in OWES[code] and owes(code, ref, local(d.year, d.month, d.day))
                ]
                assert got.get(ref, []) == expected, (code, ref)
            quarters = [
                p.at.date() for p in pusher.to(account.chat_id) if "Nhiệm vụ thi đua, khen thưởng Quý" in p.text
            ]
            assert quarters == [on_or_after(date(2024, 3 * q - 2, 1)) for q in QUARTERS[code]], code

    # "Again after a return": TTS-TC was reminded on 21/03 (owing since 19/03 10:00) and not before.
    assert date(2024, 3, 21) in [p.at.date() for p in pusher.to(people["TTS-TC"][0].chat_id)]
    # The Office: one weekly digest per week at most, on its Monday or the next working morning.
    weekly = [p.at.date() for p in pusher.to(boss.chat_id) if "Tổng hợp tình hình gửi văn bản" in p.text]
    assert len({d.isocalendar()[1] for d in weekly}) == len(weekly)
    assert date(2024, 5, 2) in weekly and date(2024, 9, 4) in weekly  # 29/04 and 02/09 were days off
    assert all(d.weekday() == 0 or not working(d - timedelta(days=d.weekday())) for d in weekly)
    after_deadline = [p.at.date() for p in pusher.to(boss.chat_id) if "Đã hết hạn gửi văn bản" in p.text]
    assert after_deadline == [date(2024, 6, 11), date(2024, 12, 6)]  # the others fell on a Monday
