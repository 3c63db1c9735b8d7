"""The year's Excel export at scale: 2,000 units × 30 rounds (~60,000 submissions).

Seeds a fresh database with bulk Core inserts (units, officers, rounds, obligations, submissions with
one file each, some second versions), then times ``build_export`` (queries + rendering + saving) and
prints the time and the file size. SQLite always; PostgreSQL too when a URL is given.

    python bench/export.py [--units 2000] [--rounds 30] [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from services.export_workbook import build_export  # noqa: E402
from storage.db import Database, create_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    Account,
    AccountRole,
    AccountStatus,
    ChatIdentity,
    Obligation,
    ObligationStatus,
    Round,
    RoundKind,
    RoundStatus,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    Unit,
    UnitKind,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2024
NOW = datetime(2024, 12, 31, 3, 0, tzinfo=UTC)
KINDS = [UnitKind.DIVISION, UnitKind.DEPT_INSPECTORATE, UnitKind.DISTRICT_INSPECTORATE, UnitKind.CLUSTER]
BATCH = 5000


async def seed(db: Database, n_units: int, n_rounds: int) -> int:
    rng = random.Random(2024)
    start = datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
    async with db.transaction() as s:
        await s.execute(
            insert(Unit),
            [
                {
                    "id": i,
                    "code": f"DV{i:05d}",
                    "name": f"Thanh tra đơn vị số {i}",
                    "kind": KINDS[i % 4],
                    "sort_order": i,
                }
                for i in range(1, n_units + 1)
            ],
        )
        await s.execute(
            insert(Account),
            [
                {
                    "id": i,
                    "display_name": f"Cán bộ {i}",
                    "unit_id": i,
                    "role": AccountRole.OFFICER,
                    "status": AccountStatus.ACTIVE,
                    "created_at": start,
                    "updated_at": start,
                }
                for i in range(1, n_units + 1)
            ],
        )
        await s.execute(
            insert(ChatIdentity),
            [
                {
                    "id": i,
                    "account_id": i,
                    "platform": "telegram",
                    "external_user_id": str(100000 + i),
                    "chat_id": str(100000 + i),
                    "display_name": f"Cán bộ {i}",
                    "enabled": True,
                    "created_at": start,
                    "last_seen_at": start,
                }
                for i in range(1, n_units + 1)
            ],
        )
        await s.execute(
            insert(Round),
            [
                {
                    "id": r,
                    "year": YEAR,
                    "name": f"Báo cáo định kỳ số {r} năm {YEAR}",
                    "kind": RoundKind.REPORT,
                    "status": RoundStatus.OPEN,
                    "deadline": start + timedelta(days=10 * r),
                    "created_at": start,
                }
                for r in range(1, n_rounds + 1)
            ],
        )
    obligations, submissions, files = [], [], []
    sub_id = 0
    for r in range(1, n_rounds + 1):
        deadline = start + timedelta(days=10 * r)
        for u in range(1, n_units + 1):
            ob_id = (r - 1) * n_units + u
            roll = rng.random()
            versions = 0 if roll < 0.04 else 2 if roll > 0.97 else 1
            status, late, last = ObligationStatus.MISSING, False, None
            for v in range(1, versions + 1):
                sub_id += 1
                at = deadline + timedelta(hours=rng.randint(-240, 48))
                late = at > deadline
                final = v == versions
                sub_status = (
                    SubmissionStatus.RETURNED
                    if not final
                    else rng.choice([SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED])
                )
                submissions.append(
                    {
                        "id": sub_id,
                        "obligation_id": ob_id,
                        "round_id": r,
                        "unit_id": u,
                        "version": v,
                        "receipt_code": f"BC24-{sub_id:07d}",
                        "status": sub_status,
                        "note": "Gửi kèm báo cáo" if v == 1 else "Bổ sung theo ý kiến của Văn phòng",
                        "late": late,
                        "submitted_by_id": u,
                        "submitted_at": at,
                        "review_note": "Đề nghị bổ sung số liệu" if sub_status == SubmissionStatus.RETURNED else None,
                    }
                )
                files.append(
                    {
                        "submission_id": sub_id,
                        "sha256": f"{sub_id:064x}",
                        "file_name": f"bao-cao-{r}-{u}-v{v}.pdf",
                        "mime_type": "application/pdf",
                        "size": 120_000,
                    }
                )
                status = ObligationStatus(sub_status.value)
                last = at
            obligations.append(
                {
                    "id": ob_id,
                    "round_id": r,
                    "unit_id": u,
                    "status": status,
                    "versions": versions,
                    "latest_submission_id": sub_id if versions else None,
                    "last_submitted_at": last,
                    "late": late,
                }
            )
    for model, rows in ((Obligation, obligations), (Submission, submissions), (SubmissionFile, files)):
        async with db.transaction() as s:
            for i in range(0, len(rows), BATCH):
                await s.execute(insert(model), rows[i : i + BATCH])
    return len(submissions)


async def measure(name: str, db: Database, n_units: int, n_rounds: int, out: Path) -> None:
    await upgrade(db.engine)
    started = time.perf_counter()
    count = await seed(db, n_units, n_rounds)
    seeded = time.perf_counter() - started
    runs = []
    for _ in range(3):  # the first run also fills SQLAlchemy's statement cache
        started, cpu = time.perf_counter(), time.process_time()
        async with db.transaction() as s:
            result = await build_export(s, None, YEAR, tz=TZ, now=NOW)
        runs.append((time.perf_counter() - started, time.process_time() - cpu))
    await asyncio.to_thread(out.parent.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(out.write_bytes, result.content)
    # CPU time is this process only (queries' server time on PostgreSQL is not in it); it is the figure
    # to trust on a busy machine, where wall time also counts waiting for a core.
    print(
        f"{name:<10} {n_units} units × {n_rounds} rounds, {count} submissions (seeded in {seeded:.1f} s)\n"
        + "".join(f"           run {i}: {wall:.2f} s wall, {cpu:.2f} s CPU\n" for i, (wall, cpu) in enumerate(runs, 1))
        + f"           file {len(result.content) / 1e6:.1f} MB, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--postgres", help="PostgreSQL URL; a throwaway schema is created and dropped")
    parser.add_argument("--keep", type=Path, help="copy the exported workbooks into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        try:
            await measure("SQLite", db, args.units, args.rounds, (args.keep or Path(tmp)) / "export-sqlite.xlsx")
        finally:
            await db.dispose()
        if args.postgres:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(args.postgres)
            async with admin.begin() as conn:
                await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            db = Database.from_url(args.postgres, schema=schema)
            try:
                await measure("PostgreSQL", db, args.units, args.rounds, (args.keep or Path(tmp)) / "export-pg.xlsx")
            finally:
                await db.dispose()
                async with admin.begin() as conn:
                    await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
