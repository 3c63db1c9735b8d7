"""Who is talking: the chat account resolved to a unit and a role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account, AccountRole, AccountStatus, UnitKind
from storage.repos import accounts as account_repo
from storage.repos import units as unit_repo

MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class SavedDialog:
    """The chat's dialog as stored (it may have expired)."""

    flow: str | None
    step: str | None
    data: dict[str, Any]
    expires_at: datetime
    prompt: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    account_id: int
    platform: str
    user_id: int
    chat_id: int
    display_name: str
    status: AccountStatus
    role: AccountRole | None
    unit_id: int | None
    unit_name: str | None
    pending_unit_id: int | None = None
    pending_unit_name: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE and self.role is not None

    @property
    def is_pending(self) -> bool:
        """Asked to join a unit and waiting for the Office."""
        return self.status == AccountStatus.PENDING

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == AccountRole.ADMIN

    @property
    def label(self) -> str:
        return f"{self.display_name} (#{self.account_id})"


async def actor_of(session: AsyncSession, account: Account) -> Actor:
    unit = await unit_repo.get(session, account.unit_id) if account.unit_id else None
    pending = await unit_repo.get(session, account.requested_unit_id) if account.requested_unit_id else None
    return Actor(
        account_id=account.id,
        platform=account.platform,
        user_id=account.user_id,
        chat_id=account.chat_id,
        display_name=account.display_name,
        status=account.status,
        role=account.role,
        unit_id=account.unit_id,
        unit_name=unit.name if unit else None,
        pending_unit_id=account.requested_unit_id,
        pending_unit_name=pending.name if pending else None,
    )


async def identify(
    session: AsyncSession,
    *,
    platform: str,
    user_id: int,
    chat_id: int,
    display_name: str,
    now: datetime,
) -> Actor:
    """The caller's account, created on first contact; writing again makes it reachable again."""
    actor, _ = await identify_with_dialog(
        session, platform=platform, user_id=user_id, chat_id=chat_id, display_name=display_name, now=now
    )
    return actor


async def identify_with_dialog(
    session: AsyncSession,
    *,
    platform: str,
    user_id: int,
    chat_id: int,
    display_name: str,
    now: datetime,
) -> tuple[Actor, SavedDialog | None]:
    """:func:`identify` plus the chat's saved dialog, read together because every message needs both."""
    name = display_name.strip()[:MAX_NAME] or str(user_id)
    found = await account_repo.caller(session, platform, user_id, chat_id)
    if found is None:
        account = await _new_account(session, platform, user_id, chat_id, name, now)
        return await actor_of(session, account), None
    if found.display_name != name or found.unreachable_since is not None or found.chat_id != chat_id:
        await account_repo.touch(session, found.account_id, display_name=name, chat_id=chat_id, now=now)
    actor = Actor(
        account_id=found.account_id,
        platform=platform,
        user_id=user_id,
        chat_id=chat_id,
        display_name=name,
        status=found.status,
        role=found.role,
        unit_id=found.unit_id,
        unit_name=found.unit_name,
        pending_unit_id=found.requested_unit_id,
        pending_unit_name=found.requested_unit_name,
    )
    saved = None
    if found.expires_at is not None:
        saved = SavedDialog(found.flow, found.step, found.data or {}, found.expires_at, found.prompt)
    return actor, saved


async def promote_admin(session: AsyncSession, platform: str, user_id: int, now: datetime) -> Account | None:
    """Make ``user_id`` an active admin of the Office; the account, or None if it was one already.

    No rights are checked and nothing is audited here: the callers are the operator's CLI and the
    first start's bootstrap (services/roles.py), which record why.
    """
    offices = await unit_repo.list_units(session, kind=UnitKind.OFFICE)
    office_id = offices[0].id if offices else None
    account = await account_repo.by_user(session, platform, user_id)
    if account is None:
        account = await _new_account(session, platform, user_id, user_id, str(user_id), now)
    if account.is_active and account.role == AccountRole.ADMIN:
        return None
    account.status, account.role = AccountStatus.ACTIVE, AccountRole.ADMIN
    account.unit_id = account.unit_id or office_id
    account.requested_unit_id = None
    account.updated_at = now
    return account


async def _new_account(
    session: AsyncSession, platform: str, user_id: int, chat_id: int, name: str, now: datetime
) -> Account:
    account = Account(
        platform=platform,
        user_id=user_id,
        chat_id=chat_id,
        display_name=name,
        status=AccountStatus.NEW,
        created_at=now,
        updated_at=now,
    )
    return await account_repo.add(session, account)
