"""Small builders for service tests: units from the default file, accounts in a given state."""

from __future__ import annotations

from datetime import datetime

from services import unit_import
from services.actors import Actor, actor_of, identify, promote_admin
from storage.db import Database
from storage.models import AccountRole, AccountStatus
from storage.repos import accounts as account_repo
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo

# The invite secret of service tests (the bot reads its own: bot/invite_secret.py).
INVITE_KEY = b"test-invite-secret-0123456789abcdef"


async def load_default_units(db: Database, now: datetime) -> None:
    async with db.transaction() as s:
        await unit_import.load_defaults_if_empty(s, now)


async def unit_id(db: Database, code: str) -> int:
    async with db.transaction() as s:
        unit = await unit_repo.by_code(s, code)
        assert unit is not None, code
        return unit.id


async def newcomer(
    db: Database, user_id: int | str, now: datetime, name: str = "Nguyễn Văn A", *, platform: str = "telegram"
) -> Actor:
    """Someone who wrote to the bot (on ``platform``; ids as text, the chat being the user's own)."""
    async with db.transaction() as s:
        return await identify(
            s, platform=platform, user_id=str(user_id), chat_id=str(user_id), display_name=name, now=now
        )


async def admin(db: Database, user_id: int, now: datetime) -> Actor:
    async with db.transaction() as s:
        await promote_admin(s, "telegram", str(user_id), now)
    return await newcomer(db, user_id, now, name=f"Quản trị {user_id}")


async def officer(
    db: Database, user_id: int | str, unit_code: str, now: datetime, *, platform: str = "telegram"
) -> Actor:
    target = await unit_id(db, unit_code)
    actor = await newcomer(db, user_id, now, name=f"Cán bộ {user_id}", platform=platform)
    async with db.transaction() as s:
        account = await account_repo.get(s, actor.account_id)
        assert account is not None
        account.status, account.role, account.unit_id = AccountStatus.ACTIVE, AccountRole.OFFICER, target
        await s.flush()
        return await actor_of(s, account)


async def reload(db: Database, actor: Actor) -> Actor:
    async with db.transaction() as s:
        account = await account_repo.get(s, actor.account_id)
        assert account is not None
        return await actor_of(s, account)


async def round_for(db: Database, ref: str) -> int:
    """The round of the current plan's item ``ref`` ("II.1" is the 6-month report, due 10/06/2024)."""
    async with db.transaction() as s:
        plan = await round_repo.current_plan(s)
        assert plan is not None
        item = next(i for i in await round_repo.plan_items(s, plan.id) if i.ref == ref)
        found = await round_repo.round_for_item(s, item.id)
        assert found is not None
        return found.id


async def load_default_plan(db: Database, now: datetime) -> Database:
    """The default units and the 2024 plan with its rounds: the world most service tests start from."""
    from zoneinfo import ZoneInfo

    from services import plan_import

    await load_default_units(db, now)
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), now, ZoneInfo("Asia/Ho_Chi_Minh"), label="test")
    return db
