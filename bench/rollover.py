"""Next year's plan from this year's at scale: 200 items × 2,000 units, on SQLite.

Seeds 2,000 units (a quarter of them ended on 30/06/2025, most merged into a successor in force),
a 2024 plan of 200 items, each owed by two groups and ten named units, then times
``plan_drafts.make_draft`` for 2027 (read the plan and the units, roll every date off days off,
resolve every unit against 2027's organisation, write the draft). The baseline, measured in the same
run, is copying the same 200 items into a plan with no rules at all.

    python bench/rollover.py [--units 2000] [--items 200]
Target: under 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from services import plan_drafts  # noqa: E402
from services.reminder_policy import WorkCalendar  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Plan, PlanItem, PlanStatus, Unit, UnitKind  # noqa: E402
from storage.repos import rounds as round_repo  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
KINDS = [UnitKind.DIVISION, UnitKind.DEPT_INSPECTORATE, UnitKind.DISTRICT_INSPECTORATE, UnitKind.CLUSTER]


async def seed(db: Database, units: int, items: int) -> None:
    async with db.transaction() as s:
        await s.execute(insert(Unit), [{"code": "TTT", "name": "Thanh tra tỉnh", "kind": UnitKind.LEADERSHIP}])
        rows = []
        for n in range(units):
            ended = n % 4 == 1
            rows.append(
                {
                    "code": f"U{n:05d}",
                    "name": f"Đơn vị {n}",
                    "kind": KINDS[n % len(KINDS)],
                    "valid_to": date(2025, 6, 30) if ended else None,
                }
            )
        await s.execute(insert(Unit), rows)
        ids = {u.code: u.id for u in await round_repo_units(s)}
        for n in range(units):  # an ended unit merged into the next unit, which is in force
            if n % 4 == 1:
                unit = await s.get(Unit, ids[f"U{n:05d}"])
                assert unit is not None
                unit.merged_into_id = ids[f"U{(n + 1) % units:05d}"]
        plan = Plan(
            year=2024,
            title="Kế hoạch năm 2024",
            issuer="Thanh tra tỉnh",
            signer="A",
            signer_title="B",
            status=PlanStatus.PAST,
            imported_at=NOW,
        )
        s.add(plan)
        await s.flush()
        start = date(2024, 1, 2)
        await s.execute(
            insert(PlanItem),
            [
                {
                    "plan_id": plan.id,
                    "quarter": (n % 4) + 1,
                    "item_no": n // 4 + 1,
                    "task": f"Báo cáo số {n} năm 2024",
                    "kind": "submission",
                    "submitters": ["PNV", "TTS", *(f"unit:U{(n * 10 + k) % units:05d}" for k in range(10))],
                    "coordinating": ["CUM"],
                    "due_on": start + timedelta(days=(n * 7) % 360),
                }
                for n in range(items)
            ],
        )


async def round_repo_units(s):  # type: ignore[no-untyped-def]
    from storage.repos import plan_years

    return await plan_years.all_units(s)


async def copy_plain(db: Database) -> None:
    """The baseline: the same items copied to another year, no rule applied."""
    async with db.transaction() as s:
        source = await round_repo.plan_by_year(s, 2024)
        assert source is not None
        target = Plan(year=2030, title="x", issuer="x", signer="x", signer_title="x", imported_at=NOW)
        s.add(target)
        await s.flush()
        for row in await round_repo.plan_items(s, source.id):
            s.add(
                PlanItem(
                    plan_id=target.id,
                    quarter=row.quarter,
                    item_no=row.item_no,
                    task=row.task,
                    kind=row.kind,
                    submitters=list(row.submitters),
                    coordinating=list(row.coordinating),
                    due_on=row.due_on,
                )
            )
        await s.flush()
        await s.rollback()


async def main(units: int, items: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        await upgrade(db.engine)
        await seed(db, units, items)
        calendar = WorkCalendar(TZ, clock_time(7, 30), clock_time(17, 0))
        started = time.perf_counter()
        await copy_plain(db)
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        async with db.transaction() as s:
            made = await plan_drafts.make_draft(
                s, None, year=2027, source_year=2024, today=NOW.date(), now=NOW, calendar=calendar
            )
        elapsed = time.perf_counter() - started
        await db.dispose()
    r = made.rollover
    print(f"rollover {items} items × {units} units → 2027 (SQLite): {elapsed:.3f} s  (target < 2 s)")
    print(f"  {len(r.shifts)} dates moved off days off, {len(r.unit_changes)} unit changes listed")
    print(f"  baseline (plain copy of the items): {baseline:.3f} s  → ratio {elapsed / baseline:.1f}×")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.units, args.items))
