"""Chat accounts and invite codes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, and_, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account, AccountRole, AccountStatus, Dialog, InviteCode, Unit


async def get(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


async def by_user(session: AsyncSession, platform: str, user_id: int) -> Account | None:
    query = select(Account).where(Account.platform == platform, Account.user_id == user_id)
    return await session.scalar(query)


class Caller(NamedTuple):
    """What every message needs about its sender, read in one statement without building ORM objects."""

    account_id: int
    chat_id: int
    display_name: str
    status: AccountStatus
    role: AccountRole | None
    unit_id: int | None
    unit_name: str | None
    requested_unit_id: int | None
    requested_unit_name: str | None
    unreachable_since: datetime | None
    # The chat's saved dialog (all None when there is none; it may have expired).
    flow: str | None
    step: str | None
    data: dict[str, Any] | None
    expires_at: datetime | None
    prompt: dict[str, Any] | None


def _caller_statement() -> Any:
    accounts, dialogs = Account.__table__, Dialog.__table__
    unit, requested = Unit.__table__.alias("unit"), Unit.__table__.alias("requested")
    return (
        select(
            accounts.c.id,
            accounts.c.chat_id,
            accounts.c.display_name,
            accounts.c.status,
            accounts.c.role,
            accounts.c.unit_id,
            unit.c.name,
            accounts.c.requested_unit_id,
            requested.c.name,
            accounts.c.unreachable_since,
            dialogs.c.flow,
            dialogs.c.step,
            dialogs.c.data,
            dialogs.c.expires_at,
            dialogs.c.prompt,
        )
        .outerjoin(unit, unit.c.id == accounts.c.unit_id)
        .outerjoin(requested, requested.c.id == accounts.c.requested_unit_id)
        .outerjoin(dialogs, and_(dialogs.c.platform == accounts.c.platform, dialogs.c.chat_id == bindparam("chat_id")))
        .where(accounts.c.platform == bindparam("platform"), accounts.c.user_id == bindparam("user_id"))
    )


# Built once: a Core statement (no ORM compile step) whose compiled form SQLAlchemy caches.
_CALLER = _caller_statement()


async def caller(session: AsyncSession, platform: str, user_id: int, chat_id: int) -> Caller | None:
    """The sender's account, its unit names and its chat's dialog: one round trip per message."""
    params = {"platform": platform, "user_id": user_id, "chat_id": chat_id}
    row = (await session.execute(_CALLER, params)).first()
    return Caller(*row) if row is not None else None


async def touch(session: AsyncSession, account_id: int, *, display_name: str, chat_id: int, now: datetime) -> None:
    """The sender wrote again: current name and chat, reachable again."""
    accounts = cast(Table, Account.__table__)
    await session.execute(
        update(accounts)
        .where(accounts.c.id == account_id)
        .values(display_name=display_name, chat_id=chat_id, unreachable_since=None, updated_at=now)
    )


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
