"""Chat accounts and invite codes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account, AccountRole, AccountStatus, Dialog, InviteCode


async def get(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


async def by_user(session: AsyncSession, platform: str, user_id: int) -> Account | None:
    query = select(Account).where(Account.platform == platform, Account.user_id == user_id)
    return await session.scalar(query)


async def with_dialog(
    session: AsyncSession, platform: str, user_id: int, chat_id: int
) -> tuple[Account | None, Dialog | None]:
    """The caller's account and its chat's dialog in one round trip (every message needs both)."""
    query = (
        select(Account, Dialog)
        .outerjoin(Dialog, and_(Dialog.platform == Account.platform, Dialog.chat_id == chat_id))
        .where(Account.platform == platform, Account.user_id == user_id)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row is not None else (None, None)


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
    query = select(Account).where(
        Account.status == AccountStatus.ACTIVE,
        Account.role == AccountRole.ADMIN,
        Account.unreachable_since.is_(None),
    )
    return (await session.scalars(query.order_by(Account.id))).all()


async def of_unit(session: AsyncSession, unit_id: int) -> Sequence[Account]:
    query = select(Account).where(Account.unit_id == unit_id).order_by(Account.display_name)
    return (await session.scalars(query)).all()


async def mark_unreachable(session: AsyncSession, platform: str, chat_id: int, at: datetime) -> int:
    result = await session.execute(
        update(Account)
        .where(Account.platform == platform, Account.chat_id == chat_id, Account.unreachable_since.is_(None))
        .values(unreachable_since=at, updated_at=at)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


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
