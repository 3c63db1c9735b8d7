"""Time to answer a question typed in plain Vietnamese, with 2,000 units in the database (issue 15).

Seeds the default units and plan, then 2,000 more units that owe every open round, and times
``services.questions.service.reply_to`` (match + the intent's queries + the answer, in its own
transaction; sending excluded) for a mix of questions from services/questions/data/questions.yaml,
asked by an officer and by an admin. Each question is answered ``--repeat`` times and its median
kept, so one scheduler hiccup on a shared machine does not stand for the question; p50/p95 are then
taken across the questions (the p95 over every single run is printed too). Baseline measured in the
same run the same way: ``unit_tasks.open_tasks``, the query behind /nhiemvu. Target: p95 < 20 ms.

    python bench/questions.py [--units 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services import plan_import, unit_import, unit_tasks  # noqa: E402
from services.actors import Actor, actor_of, identify  # noqa: E402
from services.questions import service  # noqa: E402
from services.questions.matcher import default_matcher  # noqa: E402
from services.roles import bootstrap_admins  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import AccountRole, AccountStatus, Obligation, Round, RoundStatus, Unit, UnitKind  # noqa: E402
from storage.repos import accounts as account_repo  # noqa: E402
from storage.repos import units as unit_repo  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 12, 2, 0, tzinfo=UTC)
TARGET_MS = 20.0
QUESTIONS = ROOT / "services" / "questions" / "data" / "questions.yaml"


async def seed(db: Database, extra_units: int) -> tuple[Actor, Actor]:
    async with db.transaction() as s:
        await unit_import.load_defaults_if_empty(s, NOW)
        await plan_import.apply(s, plan_import.load_default(), NOW, TZ, label="bench")
    rows = [
        {
            "code": f"X{n:05d}",
            "name": f"Thanh tra xã số {n} huyện Mẫu {n % 40}",
            "kind": UnitKind.DISTRICT_INSPECTORATE,
            "sort_order": 1000 + n,
        }
        for n in range(extra_units)
    ]
    async with db.engine.begin() as conn:
        await conn.execute(insert(Unit.__table__), rows)
    async with db.transaction() as s:
        ids = list(await s.scalars(select(Unit.id).where(Unit.code.like("X%"))))
        rounds = list(await s.scalars(select(Round.id).where(Round.status == RoundStatus.OPEN)))
    obligations = [
        {"round_id": r, "unit_id": u, "versions": 0, "late": False, "reminders_paused": False, "status": "missing"}
        for r in rounds
        for u in ids
    ]
    async with db.engine.begin() as conn:
        for start in range(0, len(obligations), 2000):
            await conn.execute(insert(Obligation.__table__), obligations[start : start + 2000])
    async with db.transaction() as s:
        await bootstrap_admins(s, {"telegram": ["1"]}, NOW)
        admin = await identify(s, platform="telegram", user_id="1", chat_id="1", display_name="Quản trị", now=NOW)
        officer = await identify(s, platform="telegram", user_id="10", chat_id="10", display_name="Cán bộ", now=NOW)
        account = await account_repo.get(s, officer.account_id)
        unit = await unit_repo.by_code(s, "TTH-CL")
        assert account is not None and unit is not None
        account.status, account.role, account.unit_id = AccountStatus.ACTIVE, AccountRole.OFFICER, unit.id
        await s.flush()
        officer = await actor_of(s, account)
    return officer, admin


async def timed(call: Callable[[], Awaitable[Any]], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def figures(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    questions = [row["q"] for row in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        await upgrade(db.engine)
        officer, admin = await seed(db, args.units)
        async with db.transaction() as s:
            units = len(await unit_repo.list_units(s))
        matcher = default_matcher()
        matcher.match("khởi động")  # the first call builds nothing more, but warms the caches

        async def answer(actor: Actor, text: str) -> None:
            async with db.transaction() as s:
                await service.reply_to(s, actor, text, now=NOW, tz=TZ, platform="telegram")

        async def baseline() -> None:
            async with db.transaction() as s:
                await unit_tasks.open_tasks(s, officer)

        match_times: list[float] = []
        for text in questions:
            start = time.perf_counter()
            matcher.match(text)
            match_times.append((time.perf_counter() - start) * 1000)
        answer_times: dict[str, list[float]] = {"officer": [], "admin": []}
        every_run: dict[str, list[float]] = {"officer": [], "admin": []}
        for name, actor in (("officer", officer), ("admin", admin)):
            for text in questions:
                runs = await timed(lambda a=actor, q=text: answer(a, q), args.repeat)
                every_run[name] += runs
                answer_times[name].append(statistics.median(runs))
        base = [statistics.median(await timed(baseline, args.repeat)) for _ in questions]
        await db.dispose()
    print(f"Câu hỏi tự do, SQLite, {units} đơn vị, {len(questions)} câu × {args.repeat} lần mỗi vai trò")
    p50, p95 = figures(match_times)
    print(f"  chỉ nhận dạng (matcher):          p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
    b50, b95 = figures(base)
    print(f"  mốc so sánh /nhiemvu (open_tasks): p50 {b50:6.2f} ms   p95 {b95:6.2f} ms")
    for name, times in answer_times.items():
        a50, a95 = figures(times)
        verdict = "đạt" if a95 < TARGET_MS else "CHƯA ĐẠT"
        _, raw95 = figures(every_run[name])
        print(
            f"  trả lời đầy đủ ({name:7s}):         p50 {a50:6.2f} ms   p95 {a95:6.2f} ms"
            f"   = {a95 / b95:4.1f}× mốc · mục tiêu p95 < {TARGET_MS:g} ms: {verdict}"
            f"   (p95 mọi lần chạy: {raw95:.1f} ms)"
        )


if __name__ == "__main__":
    asyncio.run(main())
