"""How long ranking every cluster's cross-check takes: 30 clusters × 40 units (target < 200 ms).

Seeds 30 clusters of 40 member units each, the default scoring sheet per cluster, the rotation's
1,200 checks and a settled score for every scored item (22,800 lines), with bulk Core inserts; then
times ``services.scoring.ranking.rank_clusters`` (every cluster's ranking with its rating band, in its
own transaction, as a flow or the result sheet would call it). The baseline, measured in the same run,
is the pure ranking (``rank``) over the same scores already in memory: the ratio is what reading them
from the database costs. SQLite always; PostgreSQL when a URL is given or TEST_POSTGRES_URL is set
(a scratch schema, dropped afterwards).

    python bench/scoring.py [postgresql://postgres@127.0.0.1:5432/test] [--clusters 30] [--units 40] [--repeat 15]
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
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.scoring.checks import rotation  # noqa: E402
from services.scoring.ranking import rank, rank_clusters  # noqa: E402
from services.scoring.template import ItemKind, default_template  # noqa: E402
from storage.db import Database, create_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    CheckStatus,
    ClusterMembership,
    CrossCheck,
    ScoreLine,
    ScoreTemplate,
    Unit,
    UnitKind,
)

YEAR = 2024
TARGET_MS = 200.0


async def seed(db: Database, clusters: int, units: int) -> dict[int, dict[int, dict[str, float]]]:
    """The database rows, and the same scores in memory for the baseline: {cluster: {unit: {code: points}}}."""
    rng = random.Random(13)
    sheet = default_template()
    now = datetime(2024, 11, 20, tzinfo=UTC)
    memory: dict[int, dict[int, dict[str, float]]] = {}
    async with db.transaction() as s:
        for c in range(clusters):
            cluster = Unit(code=f"CUM{c:03d}", name=f"Cụm thi đua số {c + 1}", kind=UnitKind.CLUSTER, sort_order=c)
            s.add(cluster)
            await s.flush()
            members = [
                {
                    "code": f"U{c:03d}-{u:03d}",
                    "name": f"Thanh tra đơn vị {c}-{u}",
                    "kind": UnitKind.DEPT_INSPECTORATE,
                    "sort_order": u,
                }
                for u in range(units)
            ]
            await s.execute(insert(Unit), members)
            ids = list((await s.scalars(select(Unit.id).where(Unit.code.like(f"U{c:03d}-%")).order_by(Unit.id))).all())
            await s.execute(
                insert(ClusterMembership), [{"cluster_id": cluster.id, "unit_id": u, "year": YEAR} for u in ids]
            )
            template = ScoreTemplate(
                cluster_id=cluster.id, year=YEAR, body=sheet.to_json(), updated_at=now, closed_at=now
            )
            s.add(template)
            await s.flush()
            await s.execute(
                insert(CrossCheck),
                [
                    {
                        "template_id": template.id,
                        "checker_unit_id": a,
                        "checked_unit_id": b,
                        "status": CheckStatus.SETTLED,
                        "updated_at": now,
                    }
                    for a, b in rotation(ids)
                ],
            )
            checks = (
                await s.execute(
                    select(CrossCheck.id, CrossCheck.checked_unit_id).where(CrossCheck.template_id == template.id)
                )
            ).all()
            lines = []
            memory[cluster.id] = {}
            for check_id, unit in checks:
                points = {}
                for item in sheet.items:
                    top = item.max if item.kind is ItemKind.CRITERION else item.max / 2
                    points[item.code] = round(rng.uniform(0, top) * 2) / 2
                memory[cluster.id][unit] = points
                lines += [
                    {
                        "check_id": check_id,
                        "criterion": code,
                        "checker_points": value,
                        "final_points": value,
                        "note": "",
                    }
                    for code, value in points.items()
                ]
            await s.execute(insert(ScoreLine), lines)
    return memory


async def measure(db: Database, memory: dict[int, dict[int, dict[str, float]]], repeat: int, label: str) -> float:
    sheet = default_template()
    pure: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        expected = {c: rank(sheet, units, list(units)) for c, units in memory.items()}
        pure.append((time.perf_counter() - start) * 1000)
    timings: list[float] = []
    result = {}
    for _ in range(repeat):
        start = time.perf_counter()
        async with db.transaction() as s:
            result = await rank_clusters(s, YEAR)
        timings.append((time.perf_counter() - start) * 1000)
    assert {c: [(r.unit_id, r.total, r.band) for r in rows] for c, rows in result.items()} == {
        c: [(r.unit_id, r.total, r.band) for r in rows] for c, rows in expected.items()
    }, "the database ranking differs from the in-memory one"
    median, baseline = statistics.median(timings), statistics.median(pure)
    verdict = "đạt" if median < TARGET_MS else "KHÔNG ĐẠT"
    print(
        f"{label}: xếp hạng {len(memory)} cụm × {len(next(iter(memory.values())))} đơn vị: "
        f"trung vị {median:.1f} ms (mục tiêu < {TARGET_MS:.0f} ms: {verdict}); "
        f"xếp hạng thuần trong bộ nhớ {baseline:.1f} ms; tỷ lệ {median / baseline:.1f}×"
    )
    return median


async def run_sqlite(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database.from_url(f"sqlite+aiosqlite:///{folder}/bench.db")
        await upgrade(db.engine)
        memory = await seed(db, args.clusters, args.units)
        await measure(db, memory, args.repeat, "SQLite")
        await db.dispose()


async def run_postgres(url: str, args: argparse.Namespace) -> None:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        db = Database.from_url(url, schema=schema)
        await upgrade(db.engine)
        memory = await seed(db, args.clusters, args.units)
        await measure(db, memory, args.repeat, "PostgreSQL")
        await db.dispose()
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("TEST_POSTGRES_URL", ""))
    parser.add_argument("--clusters", type=int, default=30)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(run_sqlite(args))
    if args.url:
        asyncio.run(run_postgres(args.url, args))


if __name__ == "__main__":
    main()
