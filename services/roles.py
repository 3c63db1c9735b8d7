"""Granting and removing roles (admin, unit officer, leader)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor, promote_admin
from services.errors import Refusal
from storage.models import Account, AccountRole, AccountStatus
from storage.repos import accounts as account_repo
from storage.repos import identities as identity_repo


async def _target(session: AsyncSession, actor: Actor, account_id: int, action: str) -> Account:
    ensure_admin(actor, action, target_type="account", target_id=account_id)
    if account_id == actor.account_id:
        raise Refusal("units.cannot_change_self")
    account = await account_repo.get_for_update(session, account_id)
    if account is None or account.unit_id is None:
        raise Refusal("units.unknown_account")
    return account


async def grant(session: AsyncSession, actor: Actor, account_id: int, role: AccountRole, now: datetime) -> Account:
    account = await _target(session, actor, account_id, "role.grant")
    previous = account.role
    account.role, account.status, account.requested_unit_id = role, AccountStatus.ACTIVE, None
    account.updated_at = now
    await audit.record(
        session,
        actor,
        "role.grant",
        now,
        target_type="account",
        target_id=account.id,
        details={"role": role.value, "previous": previous.value if previous else None},
    )
    return account


async def remove(session: AsyncSession, actor: Actor, account_id: int, now: datetime) -> Account:
    account = await _target(session, actor, account_id, "role.remove")
    previous = account.role
    account.status, account.role = AccountStatus.REVOKED, None
    account.updated_at = now
    await audit.record(
        session,
        actor,
        "role.remove",
        now,
        target_type="account",
        target_id=account.id,
        details={"previous": previous.value if previous else None},
    )
    return account


async def grant_admin_by_operator(session: AsyncSession, platform: str, user_id: str, now: datetime) -> Account:
    """``thidua-bot admin add``: the operator on the server is trusted, and audited as such."""
    await promote_admin(session, platform, user_id, now)
    identity = await identity_repo.by_external(session, platform, user_id)
    account = await account_repo.get(session, identity.account_id) if identity is not None else None
    assert account is not None
    await _record_admin(session, account, user_id, now, action="role.grant", label="cli")
    return account


async def _record_admin(
    session: AsyncSession, account: Account, user_id: str, now: datetime, *, action: str, label: str
) -> None:
    """An admin made outside the bot (the operator, the setting): audited with where it came from."""
    await session.flush()
    await audit.record(
        session,
        None,
        action,
        now,
        target_type="account",
        target_id=account.id,
        details={"role": AccountRole.ADMIN.value, "user_id": user_id},
        label=label,
    )


async def bootstrap_admins(session: AsyncSession, ids: Mapping[str, Iterable[str]], now: datetime) -> int:
    """ADMIN_TELEGRAM_IDS, ADMIN_ZALO_IDS (``ids`` by platform): the first admins, only while the
    database has no active admin.

    Once the Office has an admin, admins are granted and removed in the bot (/donvi) or with
    ``thidua-bot admin add``; an id left in a setting no longer re-promotes an admin someone
    removed. Each promotion is audited. Returns how many accounts were promoted.
    """
    if await account_repo.has_active_admin(session):
        return 0
    promoted = 0
    for platform, user_ids in ids.items():
        label = f"ADMIN_{platform.upper()}_IDS"
        for user_id in dict.fromkeys(user_ids):
            account = await promote_admin(session, platform, user_id, now)
            if account is None:
                continue
            await _record_admin(session, account, user_id, now, action="role.bootstrap", label=label)
            promoted += 1
    return promoted
