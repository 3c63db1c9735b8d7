"""How long the Office's views take to compute with many units: /tinhhinh and /chuanop.

Seeds N units × 30 open rounds (N × 30 obligations; 80 % with a submission: accepted, waiting, returned,
a quarter of them late), clusters, memberships and accounts, with bulk Core inserts, then times the
service functions the handlers call, each in its own transaction:

  - /tinhhinh: ``status_overview.overview`` (the 30 open rounds and one GROUP BY for their counts);
  - /chuanop:  ``missing_units.missing_list`` for one round (owing units with cluster and reachable
    accounts in one query, plus that round's counts).

Target: at most 50 ms each with 2,000 units (60,000 obligations). Sizes 100, 1,000, 2,000 and 10,000
show how the time grows. SQLite always; PostgreSQL when a URL is given or TEST_POSTGRES_URL is set
(a scratch schema, dropped afterwards).

    python bench/status_views.py [postgresql://postgres@127.0.0.1:5432/test] [--sizes 100,1000,2000,10000]
                                 [--repeat 15] [--postgres-only]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services import missing_units, status_overview  # noqa: E402
from services.actors import Actor  # noqa: E402
from storage.db import Database, create_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    Account,
    AccountRole,
    AccountStatus,
    ChatIdentity,
    ClusterMembership,
    Obligation,
    ObligationStatus,
    Round,
    RoundStatus,
    Submission,
    SubmissionStatus,
    Unit,
    UnitKind,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 12, 2, 0, tzinfo=UTC)
ROUNDS = 30
UNITS_PER_CLUSTER = 20
CHUNK = 2000
LIMIT_MS = 50.0


async def bulk(db: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    """Core executemany on the table (not the ORM's bulk path): thousands of rows per round trip."""
    table = model.__table__
    defaults = {c.key: c.default.arg for c in table.columns if c.default is not None and c.default.is_scalar}
    keys = {k for row in rows for k in row} | defaults.keys()
    # The same keys in every row, so each chunk is one statement run for many parameter sets.
    full = [{k: row.get(k, defaults.get(k)) for k in keys} for row in rows]
    async with db.engine.begin() as conn:
        for start in range(0, len(full), CHUNK):
            await conn.execute(insert(table), full[start : start + CHUNK])


async def seed(db: Database, units: int) -> tuple[Actor, int]:
    """Returns the admin and the round to list (the one due two days ago)."""
    rng = random.Random(units)
    clusters = max(1, units // UNITS_PER_CLUSTER)
    members = units - clusters
    unit_rows = [
        {"id": 1, "code": "VP", "name": "Văn phòng Thanh tra tỉnh", "kind": UnitKind.OFFICE, "sort_order": 0},
        *(
            {
                "id": 2 + c,
                "code": f"CUM{c}",
                "name": f"Cụm thi đua số {c + 1}",
                "kind": UnitKind.CLUSTER,
                "sort_order": c,
            }
            for c in range(clusters)
        ),
        *(
            {
                "id": 2 + clusters + m,
                "code": f"U{m}",
                "name": f"Thanh tra đơn vị số {m + 1}",
                "kind": UnitKind.DEPT_INSPECTORATE if m % 2 else UnitKind.DISTRICT_INSPECTORATE,
                "sort_order": m,
            }
            for m in range(members)
        ),
    ]
    await bulk(db, Unit, unit_rows)
    owing_ids = [row["id"] for row in unit_rows[1:]]
    await bulk(
        db,
        ClusterMembership,
        [{"cluster_id": 2 + (m % clusters), "unit_id": 2 + clusters + m, "year": 2024} for m in range(members)],
    )
    accounts: list[dict[str, Any]] = [
        {
            "id": 1,
            "display_name": "Văn phòng",
            "unit_id": 1,
            "role": AccountRole.ADMIN,
            "status": AccountStatus.ACTIVE,
            "created_at": NOW,
            "updated_at": NOW,
        }
    ]
    channels: list[dict[str, Any]] = [
        {
            "id": 1,
            "account_id": 1,
            "platform": "telegram",
            "external_user_id": "1",
            "chat_id": "1",
            "display_name": "Văn phòng",
            "enabled": True,
            "created_at": NOW,
            "last_seen_at": NOW,
        }
    ]
    for unit_id in owing_ids:
        if rng.random() < 0.7:
            n = len(accounts) + 1
            accounts.append(
                {
                    "id": n,
                    "display_name": f"Cán bộ {n}",
                    "unit_id": unit_id,
                    "role": AccountRole.OFFICER,
                    "status": AccountStatus.ACTIVE,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            channels.append(
                {
                    "id": n,
                    "account_id": n,
                    "platform": "telegram",
                    "external_user_id": str(n),
                    "chat_id": str(n),
                    "display_name": f"Cán bộ {n}",
                    "enabled": True,
                    "unreachable_since": NOW if rng.random() < 0.05 else None,
                    "created_at": NOW,
                    "last_seen_at": NOW,
                }
            )
    await bulk(db, Account, accounts)
    await bulk(db, ChatIdentity, channels)
    await bulk(
        db,
        Round,
        [
            {
                "id": r + 1,
                "year": 2024,
                "name": f"Báo cáo số {r + 1} năm 2024",
                "status": RoundStatus.OPEN,
                "deadline": NOW + timedelta(days=10 * r - 150),
                "created_at": NOW,
            }
            for r in range(ROUNDS)
        ],
    )
    obligations: list[dict[str, Any]] = []
    submissions: list[dict[str, Any]] = []
    for r in range(ROUNDS):
        for unit_id in owing_ids:
            draw = rng.random()
            status = (
                ObligationStatus.ACCEPTED
                if draw < 0.6
                else ObligationStatus.SUBMITTED
                if draw < 0.75
                else ObligationStatus.RETURNED
                if draw < 0.8
                else ObligationStatus.MISSING
            )
            obligation_id = len(obligations) + 1
            late = status != ObligationStatus.MISSING and rng.random() < 0.25
            row: dict[str, Any] = {
                "id": obligation_id,
                "round_id": r + 1,
                "unit_id": unit_id,
                "status": status,
                "versions": 0,
                "late": late,
            }
            if status != ObligationStatus.MISSING:
                submission_id = len(submissions) + 1
                submissions.append(
                    {
                        "id": submission_id,
                        "obligation_id": obligation_id,
                        "round_id": r + 1,
                        "unit_id": unit_id,
                        "version": 1,
                        "receipt_code": f"B{submission_id}",
                        "status": SubmissionStatus(status.value),
                        "late": late,
                        "submitted_at": NOW - timedelta(days=1),
                    }
                )
                row.update(versions=1, latest_submission_id=submission_id, last_submitted_at=NOW - timedelta(days=1))
            obligations.append(row)
    await bulk(db, Obligation, obligations)
    await bulk(db, Submission, submissions)
    # Fresh statistics and visibility map, as a running system has them (autovacuum on PostgreSQL).
    async with db.engine.connect() as conn:
        autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE" if db.dialect == "postgresql" else "ANALYZE"))
    admin = Actor(
        1, 1, "telegram", "1", "1", "Văn phòng", AccountStatus.ACTIVE, AccountRole.ADMIN, 1, "Văn phòng Thanh tra tỉnh"
    )
    return admin, 16  # deadline NOW - 2 days


async def timed(db: Database, call: Callable[[Any], Awaitable[object]], repeat: int) -> tuple[float, float]:
    """Median and best, in ms, of ``call(session)`` in its own transaction (BEGIN/COMMIT not counted)."""
    samples = []
    for _ in range(repeat):
        async with db.transaction() as s:
            started = time.perf_counter()
            await call(s)
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples)


async def measure(db: Database, units: int, repeat: int) -> dict[str, tuple[float, float]]:
    started = time.perf_counter()
    admin, round_id = await seed(db, units)
    seeded = time.perf_counter() - started
    listing: list[int] = []

    async def overview(s: Any) -> object:
        return await status_overview.overview(s, admin, year=2024)

    async def missing(s: Any) -> object:
        result = await missing_units.missing_list(s, admin, round_id, NOW, TZ)
        listing.append(len(result.units))
        return result

    await timed(db, overview, 2)  # warm the connection, statement caches and pages
    await timed(db, missing, 2)
    result = {"/tinhhinh": await timed(db, overview, repeat), "/chuanop": await timed(db, missing, repeat)}
    print(f"    seeded {units * ROUNDS:,} obligations in {seeded:.1f} s; /chuanop lists {listing[-1]} units")
    return result


async def sqlite_run(units: int, repeat: int) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        await upgrade(db.engine)
        try:
            return await measure(db, units, repeat)
        finally:
            await db.dispose()


async def postgres_run(url: str, units: int, repeat: int) -> dict[str, tuple[float, float]]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = Database.from_url(url, schema=schema)
    try:
        await upgrade(db.engine)
        return await measure(db, units, repeat)
    finally:
        await db.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("postgres_url", nargs="?", default=os.environ.get("TEST_POSTGRES_URL", ""))
    parser.add_argument("--sizes", default="100,1000,2000,10000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres-only", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends: list[tuple[str, Callable[[int], Awaitable[dict[str, tuple[float, float]]]]]] = []
    if not args.postgres_only:
        backends.append(("SQLite", lambda n: sqlite_run(n, args.repeat)))
    if args.postgres_url:
        backends.append(("PostgreSQL", lambda n: postgres_run(args.postgres_url, n, args.repeat)))
    failed = False
    table: list[str] = []
    for name, run in backends:
        for units in sizes:
            print(f"{name}, {units:,} units × {ROUNDS} rounds:")
            result = await run(units)
            for view, (median, best) in result.items():
                over = units == 2000 and median > LIMIT_MS
                failed |= over
                mark = "  OVER THE 50 ms LIMIT" if over else ""
                table.append(f"{name:<11} {units:>7,} {view:<10} median {median:7.1f} ms   best {best:7.1f} ms{mark}")
    print("\nbackend       units view       time per call")
    print("\n".join(table))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
