"""Storage on both backends: migrations, aware datetimes, dialogs, notices, error throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect

from services.actors import Actor, identify
from storage.db import Database
from storage.models import Base
from storage.repos import dialogs, ops


async def test_migrations_create_every_model_table(db: Database) -> None:
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


async def test_migrations_match_the_models(db: Database) -> None:
    """No model change without a migration: autogenerate must find nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    async with db.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata)
        )
    assert diff == []


async def someone(db: Database, user_id: str, now: datetime) -> Actor:
    async with db.transaction() as s:
        return await identify(s, platform="telegram", user_id=user_id, chat_id=user_id, display_name="A", now=now)


async def test_dialog_round_trip_keeps_aware_utc_times(db: Database) -> None:
    now = datetime(2024, 6, 12, 2, 30, tzinfo=UTC)
    person = (await someone(db, "42", now)).account_id
    async with db.transaction() as s:
        await dialogs.save(
            s,
            person,
            identity_id=None,
            flow="f",
            step="a",
            data={"x": [1, "ă"]},
            expires_at=now + timedelta(hours=1),
            now=now,
        )
    async with db.transaction() as s:
        row = await dialogs.load(s, person)
        assert row is not None
        assert (row.flow, row.step, row.data) == ("f", "a", {"x": [1, "ă"]})
        assert row.expires_at == now + timedelta(hours=1)
        assert row.expires_at.tzinfo is not None
        await dialogs.save(s, person, identity_id=None, flow="f", step="b", data={}, expires_at=now, now=now)
    async with db.transaction() as s:
        row = await dialogs.load_of(s, "telegram", "42")  # found from the identity the person writes from
        assert row is not None and row.step == "b"
        await dialogs.clear(s, person)
    async with db.transaction() as s:
        assert await dialogs.load(s, person) is None


async def test_naive_datetimes_are_refused(db: Database) -> None:
    person = (await someone(db, "1", datetime(2024, 1, 1, tzinfo=UTC))).account_id
    with pytest.raises(Exception, match="naive"):
        async with db.transaction() as s:
            await dialogs.save(
                s,
                person,
                identity_id=None,
                flow="f",
                step="a",
                data={},
                expires_at=datetime(2024, 1, 1),
                now=datetime(2024, 1, 1),
            )


async def test_a_failed_transaction_leaves_nothing(db: Database) -> None:
    now = datetime(2024, 6, 12, tzinfo=UTC)
    person = (await someone(db, "7", now)).account_id
    with pytest.raises(RuntimeError):
        async with db.transaction() as s:
            await dialogs.save(s, person, identity_id=None, flow="f", step="a", data={}, expires_at=now, now=now)
            raise RuntimeError("boom")
    async with db.transaction() as s:
        assert await dialogs.load(s, person) is None


async def test_error_reports_are_throttled_per_hour(db: Database) -> None:
    t0 = datetime(2024, 6, 12, tzinfo=UTC)
    results = []
    for minutes in (0, 10, 59, 61, 62):
        async with db.transaction() as s:
            results.append(await ops.should_report_error(s, "abc", t0 + timedelta(minutes=minutes), timedelta(hours=1)))
    assert results == [True, False, False, True, False]


async def test_chat_notice_is_given_once(db: Database) -> None:
    now = datetime(2024, 6, 12, tzinfo=UTC)
    seen = []
    for _ in range(3):
        async with db.transaction() as s:
            seen.append(await ops.first_notice(s, "telegram", "-100", "private_only", now))
    assert seen == [True, False, False]
