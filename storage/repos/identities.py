"""Chat identities (a person's user on one platform) and the link codes that join two of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account, AccountRole, AccountStatus, ChatIdentity, Dialog, LinkCode, Unit


def reachable(account_id: Any) -> ColumnElement[bool]:
    """The account has a channel the bot may write to: an enabled identity that has not blocked it."""
    return exists().where(
        ChatIdentity.account_id == account_id,
        ChatIdentity.enabled.is_(True),
        ChatIdentity.unreachable_since.is_(None),
    )


class Caller(NamedTuple):
    """What every message needs about its sender, read in one statement without building ORM objects."""

    identity_id: int
    chat_id: str
    identity_name: str
    unreachable_since: datetime | None
    last_seen_at: datetime
    account_id: int
    display_name: str
    status: AccountStatus
    role: AccountRole | None
    unit_id: int | None
    unit_name: str | None
    requested_unit_id: int | None
    requested_unit_name: str | None
    # The person's saved dialog (all None when there is none; it may have expired).
    flow: str | None
    step: str | None
    data: dict[str, Any] | None
    expires_at: datetime | None
    prompt: dict[str, Any] | None
    dialog_identity_id: int | None


def _caller_statement() -> Any:
    identities, accounts, dialogs = ChatIdentity.__table__, Account.__table__, Dialog.__table__
    unit, requested = Unit.__table__.alias("unit"), Unit.__table__.alias("requested")
    return (
        select(
            identities.c.id,
            identities.c.chat_id,
            identities.c.display_name,
            identities.c.unreachable_since,
            identities.c.last_seen_at,
            accounts.c.id,
            accounts.c.display_name,
            accounts.c.status,
            accounts.c.role,
            accounts.c.unit_id,
            unit.c.name,
            accounts.c.requested_unit_id,
            requested.c.name,
            dialogs.c.flow,
            dialogs.c.step,
            dialogs.c.data,
            dialogs.c.expires_at,
            dialogs.c.prompt,
            dialogs.c.identity_id,
        )
        .join(accounts, accounts.c.id == identities.c.account_id)
        .outerjoin(unit, unit.c.id == accounts.c.unit_id)
        .outerjoin(requested, requested.c.id == accounts.c.requested_unit_id)
        .outerjoin(dialogs, dialogs.c.account_id == accounts.c.id)
        .where(
            identities.c.platform == bindparam("platform"),
            identities.c.external_user_id == bindparam("external_user_id"),
        )
    )


# Built once: a Core statement (no ORM compile step) whose compiled form SQLAlchemy caches.
_CALLER = _caller_statement()


async def caller(session: AsyncSession, platform: str, external_user_id: str) -> Caller | None:
    """The sender's identity, its person, their unit names and dialog: one round trip per message."""
    params = {"platform": platform, "external_user_id": external_user_id}
    row = (await session.execute(_CALLER, params)).first()
    return Caller(*row) if row is not None else None


async def touch(
    session: AsyncSession,
    identity_id: int,
    *,
    display_name: str,
    chat_id: str,
    now: datetime,
    account_id: int | None = None,
) -> None:
    """The sender wrote again: current name and chat, reachable again; ``account_id``: rename the person too."""
    identities = cast(Table, ChatIdentity.__table__)
    await session.execute(
        update(identities)
        .where(identities.c.id == identity_id)
        .values(display_name=display_name, chat_id=chat_id, unreachable_since=None, last_seen_at=now)
    )
    if account_id is not None:
        accounts = cast(Table, Account.__table__)
        await session.execute(
            update(accounts).where(accounts.c.id == account_id).values(display_name=display_name, updated_at=now)
        )


async def add(session: AsyncSession, identity: ChatIdentity) -> ChatIdentity:
    session.add(identity)
    await session.flush()
    return identity


async def get(session: AsyncSession, identity_id: int) -> ChatIdentity | None:
    return await session.get(ChatIdentity, identity_id)


async def by_external(session: AsyncSession, platform: str, external_user_id: str) -> ChatIdentity | None:
    query = select(ChatIdentity).where(
        ChatIdentity.platform == platform, ChatIdentity.external_user_id == external_user_id
    )
    return await session.scalar(query)


async def of_account(session: AsyncSession, account_id: int) -> Sequence[ChatIdentity]:
    query = select(ChatIdentity).where(ChatIdentity.account_id == account_id).order_by(ChatIdentity.id)
    return (await session.scalars(query)).all()


class Reachable(NamedTuple):
    """One channel of a person the bot may write to."""

    account_id: int
    identity_id: int
    platform: str
    chat_id: str


async def reachable_of(session: AsyncSession, account_ids: Iterable[int]) -> list[Reachable]:
    """The enabled, reachable identities of these accounts, by account then identity."""
    wanted = sorted(set(account_ids))
    if not wanted:
        return []
    query = (
        select(ChatIdentity.account_id, ChatIdentity.id, ChatIdentity.platform, ChatIdentity.chat_id)
        .where(
            ChatIdentity.account_id.in_(wanted),
            ChatIdentity.enabled.is_(True),
            ChatIdentity.unreachable_since.is_(None),
        )
        .order_by(ChatIdentity.account_id, ChatIdentity.id)
    )
    return [Reachable(*row) for row in (await session.execute(query)).all()]


async def unreachable_since(session: AsyncSession, account_ids: Iterable[int]) -> dict[int, datetime]:
    """Accounts none of whose identities can be reached because the platform said so, and since when.

    An identity the person switched off (``enabled`` false) counts as neither: an account whose only
    other channels are switched off is not reported as blocked.
    """
    wanted = sorted(set(account_ids))
    if not wanted:
        return {}
    query = select(ChatIdentity.account_id, ChatIdentity.enabled, ChatIdentity.unreachable_since).where(
        ChatIdentity.account_id.in_(wanted)
    )
    reachable_ids: set[int] = set()
    blocked: dict[int, datetime] = {}
    for account_id, enabled, since in (await session.execute(query)).all():
        if since is not None:
            blocked[account_id] = max(since, blocked.get(account_id, since))
        elif enabled:
            reachable_ids.add(account_id)
    return {account_id: since for account_id, since in blocked.items() if account_id not in reachable_ids}


async def mark_unreachable(session: AsyncSession, platform: str, chat_id: str, at: datetime) -> int:
    """The platform said the bot cannot write to this chat: its identity stops counting as reachable."""
    result = await session.execute(
        update(ChatIdentity)
        .where(
            ChatIdentity.platform == platform,
            ChatIdentity.chat_id == chat_id,
            ChatIdentity.unreachable_since.is_(None),
        )
        .values(unreachable_since=at)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def mark_unreachable_ids(session: AsyncSession, identity_ids: Sequence[int], at: datetime) -> int:
    if not identity_ids:
        return 0
    result = await session.execute(
        update(ChatIdentity)
        .where(ChatIdentity.id.in_(identity_ids), ChatIdentity.unreachable_since.is_(None))
        .values(unreachable_since=at)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def move(session: AsyncSession, identity_id: int, account_id: int, now: datetime) -> None:
    """The identity now belongs to ``account_id`` (a link); it is enabled there and seen now."""
    await session.execute(
        update(ChatIdentity)
        .where(ChatIdentity.id == identity_id)
        .values(account_id=account_id, enabled=True, last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


# ---------------------------------------------------------------- link codes
async def add_link_code(session: AsyncSession, code: LinkCode) -> LinkCode:
    session.add(code)
    await session.flush()
    return code


async def link_code_by_hash(session: AsyncSession, code_hash: str) -> LinkCode | None:
    query = select(LinkCode).where(LinkCode.code_hash == code_hash).with_for_update()
    return await session.scalar(query)


async def drop_unused_link_codes(session: AsyncSession, account_id: int) -> None:
    """A new code replaces the ones the person asked for before (one live code per person)."""
    await session.execute(delete(LinkCode).where(and_(LinkCode.account_id == account_id, LinkCode.used_at.is_(None))))
