"""ADMIN_TELEGRAM_IDS makes the first admins only (issue 9, item 8): audited when it does, and a start
after an admin was removed does not bring them back."""

from __future__ import annotations

from datetime import timedelta

from bot.app import prepare_database
from bot.settings import Settings
from core.clock import FixedClock
from services import roles
from storage.db import Database
from storage.models import AccountRole, AccountStatus
from storage.repos import accounts as account_repo
from storage.repos import ops
from tests import factories as f

FIRST, SECOND = 7001, 7002


def settings(*ids: int) -> Settings:
    return Settings(_env_file=None, admin_telegram_ids=ids)  # type: ignore[arg-type]


async def test_the_configured_ids_are_the_first_admins_and_a_removal_is_respected(
    db: Database, clock: FixedClock
) -> None:
    await prepare_database(db, settings(FIRST, SECOND), clock)
    async with db.transaction() as s:
        bootstrap = await ops.audit_entries(s, action="role.bootstrap")
        assert [(e.actor_label, e.details["user_id"]) for e in bootstrap] == [
            ("ADMIN_TELEGRAM_IDS", FIRST),
            ("ADMIN_TELEGRAM_IDS", SECOND),
        ]
    first = await f.reload(db, await f.newcomer(db, FIRST, clock.now()))
    second = await f.newcomer(db, SECOND, clock.now())
    assert first.role == AccountRole.ADMIN and second.role == AccountRole.ADMIN
    async with db.transaction() as s:
        await roles.remove(s, first, second.account_id, clock.now())

    clock.at += timedelta(days=1)
    await prepare_database(db, settings(FIRST, SECOND), clock)  # the next start, the setting unchanged
    async with db.transaction() as s:
        removed = await account_repo.by_user(s, "telegram", SECOND)
        assert removed is not None and removed.status == AccountStatus.REVOKED and removed.role is None
        assert len(await ops.audit_entries(s, action="role.bootstrap")) == 2  # nothing new promoted


async def test_with_no_admin_left_the_setting_restores_one_audited(db: Database, clock: FixedClock) -> None:
    await prepare_database(db, settings(), clock)
    async with db.transaction() as s:
        assert not await account_repo.has_active_admin(s)
        assert await roles.bootstrap_admins(s, "telegram", [FIRST, FIRST], clock.now()) == 1
        assert await roles.bootstrap_admins(s, "telegram", [SECOND], clock.now()) == 0
        entries = await ops.audit_entries(s, action="role.bootstrap")
    assert [e.details["user_id"] for e in entries] == [FIRST]
