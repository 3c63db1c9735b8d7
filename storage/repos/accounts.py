"""Accounts (persons) and invite codes. Where a person is reached: storage/repos/identities.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account, AccountRole, AccountStatus, AuditEntry, Dialog, InviteCode, LinkCode
from storage.repos.identities import reachable


async def get(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


async def get_for_update(session: AsyncSession, account_id: int) -> Account | None:
    """Lock the row (PostgreSQL) so two admins pressing Approve at once cannot both win."""
    query = select(Account).where(Account.id == account_id).with_for_update()
    return await session.scalar(query)


async def pending(session: AsyncSession) -> Sequence[Account]:
    query = select(Account).where(Account.status == AccountStatus.PENDING).order_by(Account.requested_at)
    return (await session.scalars(query)).all()


async def has_active_admin(session: AsyncSession) -> bool:
    """Whether any account is an active admin (reachable or not)."""
    query = select(Account.id).where(Account.status == AccountStatus.ACTIVE, Account.role == AccountRole.ADMIN)
    return (await session.scalar(query.limit(1))) is not None


async def active_admins(session: AsyncSession) -> Sequence[Account]:
    """Active admins with a channel the bot may write to."""
    query = select(Account).where(
        Account.status == AccountStatus.ACTIVE,
        Account.role == AccountRole.ADMIN,
        reachable(Account.id),
    )
    return (await session.scalars(query.order_by(Account.id))).all()


async def of_unit(session: AsyncSession, unit_id: int) -> Sequence[Account]:
    query = select(Account).where(Account.unit_id == unit_id).order_by(Account.display_name)
    return (await session.scalars(query)).all()


async def reachable_of_unit(session: AsyncSession, unit_id: int) -> Sequence[Account]:
    """The unit's active accounts (with a role) that have a channel the bot may write to."""
    query = select(Account).where(
        Account.unit_id == unit_id,
        Account.status == AccountStatus.ACTIVE,
        Account.role.is_not(None),
        reachable(Account.id),
    )
    return (await session.scalars(query.order_by(Account.display_name))).all()


async def merge_away(session: AsyncSession, gone_id: int, kept_id: int) -> None:
    """Delete an account that never held a unit, after a link moved its identity to ``kept_id``.

    Its audit entries (what it was refused, what it asked) are the same person's: they move with it.
    Its dialog and link codes go with the row (ON DELETE CASCADE, done here explicitly for SQLite
    databases opened without foreign keys).
    """
    await session.execute(
        update(AuditEntry).where(AuditEntry.actor_account_id == gone_id).values(actor_account_id=kept_id)
    )
    await session.execute(delete(Dialog).where(Dialog.account_id == gone_id))
    await session.execute(delete(LinkCode).where(LinkCode.account_id == gone_id))
    await session.execute(delete(Account).where(Account.id == gone_id).execution_options(synchronize_session="fetch"))


async def add(session: AsyncSession, account: Account) -> Account:
    session.add(account)
    await session.flush()
    return account


async def invite_by_hash(session: AsyncSession, code_hash: str) -> InviteCode | None:
    query = select(InviteCode).where(InviteCode.code_hash == code_hash).with_for_update()
    return await session.scalar(query)


async def invite(session: AsyncSession, invite_id: int) -> InviteCode | None:
    return await session.get(InviteCode, invite_id)


async def live_invites(session: AsyncSession, unit_id: int, now: datetime) -> Sequence[InviteCode]:
    query = (
        select(InviteCode)
        .where(
            InviteCode.unit_id == unit_id,
            InviteCode.revoked_at.is_(None),
            InviteCode.expires_at > now,
            InviteCode.uses < InviteCode.max_uses,
        )
        .order_by(InviteCode.created_at)
    )
    return (await session.scalars(query)).all()


async def add_invite(session: AsyncSession, invite: InviteCode) -> InviteCode:
    session.add(invite)
    await session.flush()
    return invite
