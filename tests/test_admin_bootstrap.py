"""ADMIN_TELEGRAM_IDS and ADMIN_ZALO_IDS make the first admins only (issue 9, item 8): audited when they
do, and a start after an admin was removed does not bring them back."""

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


def settings(*ids: int, zalo: str = "") -> Settings:
    return Settings(_env_file=None, admin_telegram_ids=ids, admin_zalo_ids=zalo)  # type: ignore[arg-type]


async def test_the_configured_ids_are_the_first_admins_and_a_removal_is_respected(
    db: Database, clock: FixedClock
) -> None:
    await prepare_database(db, settings(FIRST, SECOND), clock)
    async with db.transaction() as s:
        bootstrap = await ops.audit_entries(s, action="role.bootstrap")
        assert [(e.actor_label, e.details["user_id"]) for e in bootstrap] == [
            ("ADMIN_TELEGRAM_IDS", str(FIRST)),
            ("ADMIN_TELEGRAM_IDS", str(SECOND)),
        ]
    first = await f.reload(db, await f.newcomer(db, FIRST, clock.now()))
    second = await f.newcomer(db, SECOND, clock.now())
    assert first.role == AccountRole.ADMIN and second.role == AccountRole.ADMIN
    async with db.transaction() as s:
        await roles.remove(s, first, second.account_id, clock.now())

    clock.at += timedelta(days=1)
    await prepare_database(db, settings(FIRST, SECOND), clock)  # the next start, the setting unchanged
    async with db.transaction() as s:
        removed = await account_repo.get(s, second.account_id)
        assert removed is not None and removed.status == AccountStatus.REVOKED and removed.role is None
        assert len(await ops.audit_entries(s, action="role.bootstrap")) == 2  # nothing new promoted


async def test_with_no_admin_left_the_setting_restores_one_audited(db: Database, clock: FixedClock) -> None:
    await prepare_database(db, settings(), clock)
    async with db.transaction() as s:
        assert not await account_repo.has_active_admin(s)
        assert await roles.bootstrap_admins(s, {"telegram": [str(FIRST), str(FIRST)]}, clock.now()) == 1
        assert await roles.bootstrap_admins(s, {"telegram": [str(SECOND)]}, clock.now()) == 0
        entries = await ops.audit_entries(s, action="role.bootstrap")
    assert [e.details["user_id"] for e in entries] == [str(FIRST)]


async def test_zalo_ids_make_first_admins_beside_telegram_ones(db: Database, clock: FixedClock) -> None:
    """Both settings count as one bootstrap: the Zalo admins are not skipped because a Telegram one came first."""
    await prepare_database(db, settings(FIRST, zalo=" 8a1f0c2e9d ; 77b3e "), clock)
    async with db.transaction() as s:
        labels = [(e.actor_label, e.details["user_id"]) for e in await ops.audit_entries(s, action="role.bootstrap")]
    assert labels == [
        ("ADMIN_TELEGRAM_IDS", str(FIRST)),
        ("ADMIN_ZALO_IDS", "8a1f0c2e9d"),
        ("ADMIN_ZALO_IDS", "77b3e"),
    ]
    on_zalo = await f.newcomer(db, "8a1f0c2e9d", clock.now(), "Trần Văn Quản", platform="zalo")
    assert on_zalo.is_admin and on_zalo.platform == "zalo" and on_zalo.display_name == "Trần Văn Quản"
