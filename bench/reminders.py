"""Reminder engine figures.

1. Planning one sweep for 2,000 units × 10 open rounds (20,000 owing pairs, 60,000 past log rows,
   2,000 accounts), seeded with bulk Core inserts: median of several plans (target ≤ 1 s).
2. Sending 1,000 reminders through the fake Bot API enforcing Telegram's 30 messages/s, with the
   real python-telegram-bot stack (AIORateLimiter, the reminder pacer): wall time against the
   theoretical 33.3 s (target ≤ 1.1×), counted at the server: none lost, none duplicated.

    python bench/reminders.py [--units 2000] [--rounds 10] [--send 1000] [--postgres URL] [--skip-send]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application, outbound_router, reminder_engine, reminder_policy  # noqa: E402
from bot.sandbox.fake_api import FakeBotApi  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.clock import FixedClock  # noqa: E402
from services.reminder_planner import Planner, round_key  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    Account,
    AccountRole,
    AccountStatus,
    ChatIdentity,
    DeliveryStatus,
    Obligation,
    ObligationStatus,
    ReminderDelivery,
    Round,
    RoundKind,
    RoundStatus,
    Unit,
    UnitKind,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 12, 8, 0, tzinfo=TZ)  # a Wednesday
# Deadlines around NOW: five rounds have a slot this morning (D-7, D-3, D-1, D0, D+1), five are overdue.
DEADLINE_DAYS = [date(2024, 6, d) for d in (19, 15, 13, 12, 11, 10, 3)] + [
    date(2024, 5, 20),
    date(2024, 5, 2),
    date(2024, 4, 15),
]


def settings(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": url, "telegram_bot_token": None, "admin_telegram_ids": ()}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


async def seed(db: Database, units: int, rounds: int, *, history: int, accounts: bool = True) -> list[int]:
    """Units, one officer each, open rounds all owed by every unit, and past log rows."""
    created = datetime(2024, 1, 1, tzinfo=UTC)
    policy = reminder_policy(settings("sqlite://"))
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(Unit),
            [
                {"code": f"U{i:05d}", "name": f"Đơn vị thử {i}", "kind": UnitKind.DEPT_INSPECTORATE, "sort_order": i}
                for i in range(units)
            ],
        )
        unit_ids = list((await conn.execute(text("SELECT id FROM units ORDER BY id"))).scalars())
        if accounts:
            await conn.execute(
                insert(Account),
                [
                    {
                        "id": n + 1,
                        "display_name": f"Cán bộ {n}",
                        "unit_id": uid,
                        "role": AccountRole.OFFICER,
                        "status": AccountStatus.ACTIVE,
                        "created_at": created,
                        "updated_at": created,
                    }
                    for n, uid in enumerate(unit_ids)
                ],
            )
            await conn.execute(
                insert(ChatIdentity),
                [
                    {
                        "id": n + 1,
                        "account_id": n + 1,
                        "platform": "telegram",
                        "external_user_id": str(100_000 + n),
                        "chat_id": str(100_000 + n),
                        "display_name": f"Cán bộ {n}",
                        "enabled": True,
                        "created_at": created,
                        "last_seen_at": created,
                    }
                    for n in range(len(unit_ids))
                ],
            )
        deadlines = [
            datetime.combine(DEADLINE_DAYS[r % len(DEADLINE_DAYS)], datetime.min.time(), TZ) for r in range(rounds)
        ]
        deadlines = [d.replace(hour=17) for d in deadlines]
        await conn.execute(
            insert(Round),
            [
                {
                    "year": 2024,
                    "name": f"Kỳ báo cáo thử {r}",
                    "kind": RoundKind.REPORT,
                    "status": RoundStatus.OPEN,
                    "deadline": deadlines[r],
                    "reminders_paused": False,
                    "created_at": created,
                }
                for r in range(rounds)
            ],
        )
        round_ids = list((await conn.execute(text("SELECT id FROM rounds ORDER BY id"))).scalars())
        await conn.execute(
            insert(Obligation),
            [
                {"round_id": rid, "unit_id": uid, "status": ObligationStatus.MISSING, "versions": 0}
                for rid in round_ids
                for uid in unit_ids
            ],
        )
        # The last `history` slots before today, already handled, for every pair.
        for rid, deadline in zip(round_ids, deadlines, strict=True):
            past = [s for s in policy.round_slots(deadline, NOW - timedelta(hours=12))][-history:]
            rows = [
                {
                    "key": round_key(rid, uid, slot),
                    "kind": slot.kind,
                    "slot": slot.label,
                    "round_id": rid,
                    "unit_id": uid,
                    "slot_date": slot.day,
                    "due_at": slot.due,
                    "status": DeliveryStatus.SENT,
                    "claimed_at": slot.due,
                    "finished_at": slot.due,
                    "attempts": 1,
                    "recipients": 1,
                    "details": {},
                }
                for slot in past
                for uid in unit_ids
            ]
            for start in range(0, len(rows), 5000):
                await conn.execute(insert(ReminderDelivery), rows[start : start + 5000])
    return unit_ids


async def bench_planning(url: str, units: int, rounds: int, *, schema: str | None = None) -> None:
    db = Database.from_url(url, schema=schema)
    await upgrade(db.engine)
    started = time.perf_counter()
    await seed(db, units, rounds, history=3)
    seeded = time.perf_counter() - started
    async with db.engine.connect() as conn:
        log_rows = await conn.scalar(text("SELECT count(*) FROM reminder_deliveries"))
    planner = Planner(reminder_policy(settings(url)), max_attempts=3, stale_after=timedelta(minutes=15))
    times = []
    cpu = []
    plan = None
    for _ in range(6):
        async with db.transaction() as session:
            t0, c0 = time.perf_counter(), time.process_time()
            plan = await planner.plan(session, NOW)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    assert plan is not None
    await db.dispose()
    first, rest = times[0], times[1:]
    print(
        f"  planning {units:,} units × {rounds} rounds ({units * rounds:,} owing pairs, {log_rows:,} log rows, "
        f"seeded in {seeded:.1f} s): median {statistics.median(rest) * 1000:.0f} ms, "
        f"first {first * 1000:.0f} ms (holiday table warm-up), max {max(rest) * 1000:.0f} ms, "
        f"CPU of this process {statistics.median(cpu[1:]) * 1000:.0f} ms — "
        f"{len(plan.send):,} due now, {len(plan.skip):,} to record as skipped"
    )


async def bench_sending(count: int) -> tuple[float, int, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'send.db'}"
        db = Database.from_url(url)
        await upgrade(db.engine)
        await seed(db, count, 1, history=0)  # one round, D-7 this morning, one officer per unit
        async with FakeBotApi(rate_limit_per_second=30) as api:
            config = settings(url)
            runtime = build_application(config, token=api.token, base_url=api.bot_base_url)
            await runtime.application.initialize()
            engine = reminder_engine(config, db, outbound_router(config, runtime.application.bot), FixedClock(NOW))
            try:
                t0 = time.perf_counter()
                report = await engine.sweep(NOW)
                elapsed = time.perf_counter() - t0
                retry = await engine.sweep(NOW + timedelta(minutes=5))  # whatever failed, retried once
            finally:
                await runtime.application.shutdown()
                await runtime.db.dispose()
            per_chat = Counter(c.chat_id for c in api.sent if c.method == "sendMessage")
            rejected = sum(1 for _, _, error in api.errors if error.get("error_code") == 429)
        await db.dispose()
    expected = {100_000 + n for n in range(count)}
    lost = len(expected - per_chat.keys())
    duplicated = sum(n - 1 for n in per_chat.values() if n > 1)
    print(
        f"  sending {count:,} reminders at 30 msg/s: {elapsed:.1f} s (theory {count / 30:.1f} s, "
        f"ratio {elapsed / (count / 30):.3f}); at the server: {sum(per_chat.values()):,} received, "
        f"{lost} lost, {duplicated} duplicated, {rejected} answered 429; "
        f"first sweep sent {report.count('sent')}, failed {report.count('failed')}, "
        f"retry sweep sent {retry.count('sent')}"
    )
    return elapsed, lost, duplicated, rejected


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--send", type=int, default=1000)
    parser.add_argument("--postgres", help="also plan against this PostgreSQL (a throw-away schema)")
    parser.add_argument("--skip-send", action="store_true")
    args = parser.parse_args()
    print(f"Reminder engine (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory() as tmp:
        print(" SQLite:")
        await bench_planning(f"sqlite+aiosqlite:///{Path(tmp) / 'plan.db'}", args.units, args.rounds)
    if args.postgres:
        print(" PostgreSQL:")
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = Database.from_url(args.postgres)
        async with admin.engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            await bench_planning(args.postgres, args.units, args.rounds, schema=schema)
        finally:
            async with admin.engine.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()
    if not args.skip_send:
        await bench_sending(args.send)


if __name__ == "__main__":
    asyncio.run(main())
