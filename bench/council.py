"""The council's secret ballot at scale: 15 members voting on 300 nominees at the same time.

Each member casts every answer in its own transaction (as a chat press would), all 15 members
concurrently; then the Office closes the ballot: tags recomputed for every (member, nominee),
completeness checked, counted against the rule, the salt erased and every tag re-drawn. Target:
close and count in under 1 s. Baseline measured in the same run: a plain ``GROUP BY`` count of the
same rows (what an open, non-secret ballot would cost to count), so the ratio says what secrecy adds.

    python bench/council.py [--members 15] [--nominees 300] [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from services.commendation import ballot  # noqa: E402
from storage.db import Database, create_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Choice  # noqa: E402
from tests.council_helpers import SECRET, make_world  # noqa: E402

NOW = datetime(2024, 12, 10, 2, 0, tzinfo=UTC)


async def run(db: Database, members: int, nominees: int, label: str) -> None:
    w = await make_world(db, NOW, size=members, nominees=nominees)

    async def member(i: int) -> None:
        for j, nominee in enumerate(w.nominee_ids):
            async with db.transaction() as s:
                choice = Choice.YES if (i * 7 + j) % 3 else Choice.NO
                await ballot.vote(s, w.members[i], SECRET, w.session_id, nominee, choice)

    started = time.perf_counter()
    await asyncio.gather(*(member(i) for i in range(members)))
    voting = time.perf_counter() - started

    started = time.perf_counter()
    async with db.transaction() as s:
        rows = (
            await s.execute(
                text("SELECT nominee_id, choice, count(*) FROM ballot_entries WHERE session_id = :s GROUP BY 1, 2"),
                {"s": w.session_id},
            )
        ).all()
    baseline = time.perf_counter() - started
    assert len(rows) >= nominees

    started = time.perf_counter()
    async with db.transaction() as s:
        tally = await ballot.close_ballot(s, w.office, SECRET, w.session_id, NOW + timedelta(days=4))
    closing = time.perf_counter() - started
    assert tally.voters == members
    votes = members * nominees
    print(f"[{label}] {members} thành viên × {nominees} trường hợp = {votes} phiếu")
    print(f"  bỏ phiếu đồng thời: {voting:.2f} s ({votes / voting:.0f} phiếu/s, mỗi phiếu một giao dịch)")
    print(f"  kết thúc và kiểm phiếu: {closing * 1000:.0f} ms (mục tiêu < 1000 ms)")
    print(f"  so với đếm GROUP BY không bí mật: {baseline * 1000:.1f} ms, gấp {closing / baseline:.0f} lần")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--nominees", type=int, default=300)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database.from_url(f"sqlite+aiosqlite:///{folder}/bench.db")
        await upgrade(db.engine)
        await run(db, args.members, args.nominees, "SQLite")
        await db.dispose()
    if args.postgres:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres)
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            db = Database.from_url(args.postgres, schema=schema)
            await upgrade(db.engine)
            await run(db, args.members, args.nominees, "PostgreSQL")
            await db.dispose()
        finally:
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
