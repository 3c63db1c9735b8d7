"""Who is talking: the chat identity resolved to its person (account), their unit and role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Address
from storage.models import Account, AccountRole, AccountStatus, ChatIdentity, UnitKind
from storage.repos import accounts as account_repo
from storage.repos import identities as identity_repo
from storage.repos import units as unit_repo

MAX_NAME = 120
# last_seen_at is refreshed at most this often: a write on every message would cost more than it says.
SEEN_EVERY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class SavedDialog:
    """The person's dialog as stored (it may have expired)."""

    flow: str | None
    step: str | None
    data: dict[str, Any]
    expires_at: datetime
    prompt: dict[str, Any] | None = None
    # The chat identity the dialog's last prompt was shown on.
    identity_id: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (``account_id``) and the chat identity they write from (``identity_id``)."""

    account_id: int
    identity_id: int
    platform: str
    user_id: str
    chat_id: str
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

    @property
    def address(self) -> Address:
        """The chat this person is writing from."""
        return Address(self.platform, self.chat_id)


async def actor_of(session: AsyncSession, account: Account, identity: ChatIdentity | int | None = None) -> Actor:
    """The person as an actor on ``identity`` (or that identity's id; default: their first identity)."""
    if isinstance(identity, int):
        identity = await identity_repo.get(session, identity)
    if identity is None or identity.account_id != account.id:
        identity = (await identity_repo.of_account(session, account.id))[0]
    unit = await unit_repo.get(session, account.unit_id) if account.unit_id else None
    pending = await unit_repo.get(session, account.requested_unit_id) if account.requested_unit_id else None
    return Actor(
        account_id=account.id,
        identity_id=identity.id,
        platform=identity.platform,
        user_id=identity.external_user_id,
        chat_id=identity.chat_id,
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
    user_id: str,
    chat_id: str,
    display_name: str,
    now: datetime,
) -> Actor:
    """The caller's person, created with their identity on first contact; writing again makes it reachable."""
    actor, _ = await identify_with_dialog(
        session, platform=platform, user_id=user_id, chat_id=chat_id, display_name=display_name, now=now
    )
    return actor


async def identify_with_dialog(
    session: AsyncSession,
    *,
    platform: str,
    user_id: str,
    chat_id: str,
    display_name: str,
    now: datetime,
) -> tuple[Actor, SavedDialog | None]:
    """:func:`identify` plus the person's saved dialog, read together because every message needs both."""
    name = display_name.strip()[:MAX_NAME] or user_id
    found = await identity_repo.caller(session, platform, user_id)
    if found is None:
        account, identity = await _new_person(session, platform, user_id, chat_id, name, now)
        return await actor_of(session, account, identity), None
    renamed = found.identity_name != name  # the person takes the name their platform shows, when it changes
    if renamed or found.unreachable_since is not None or found.chat_id != chat_id or stale(found.last_seen_at, now):
        await identity_repo.touch(
            session,
            found.identity_id,
            display_name=name,
            chat_id=chat_id,
            now=now,
            account_id=found.account_id if renamed and found.display_name != name else None,
        )
    actor = Actor(
        account_id=found.account_id,
        identity_id=found.identity_id,
        platform=platform,
        user_id=user_id,
        chat_id=chat_id,
        display_name=name if renamed else found.display_name,
        status=found.status,
        role=found.role,
        unit_id=found.unit_id,
        unit_name=found.unit_name,
        pending_unit_id=found.requested_unit_id,
        pending_unit_name=found.requested_unit_name,
    )
    saved = None
    if found.expires_at is not None:
        saved = SavedDialog(
            found.flow, found.step, found.data or {}, found.expires_at, found.prompt, found.dialog_identity_id
        )
    return actor, saved


def stale(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= SEEN_EVERY


async def promote_admin(session: AsyncSession, platform: str, user_id: str, now: datetime) -> Account | None:
    """Make this platform's ``user_id`` an active admin of the Office; the account, or None if it was one already.

    No rights are checked and nothing is audited here: the callers are the operator's CLI and the
    first start's bootstrap (services/roles.py), which record why. Someone the bot has not met yet
    gets their person and identity now (the chat of a private conversation has the user's id).
    """
    offices = await unit_repo.list_units(session, kind=UnitKind.OFFICE)
    office_id = offices[0].id if offices else None
    identity = await identity_repo.by_external(session, platform, user_id)
    if identity is None:
        account, _ = await _new_person(session, platform, user_id, user_id, user_id, now)
    else:
        found = await account_repo.get(session, identity.account_id)
        assert found is not None  # an identity always belongs to an account
        account = found
    if account.is_active and account.role == AccountRole.ADMIN:
        return None
    account.status, account.role = AccountStatus.ACTIVE, AccountRole.ADMIN
    account.unit_id = account.unit_id or office_id
    account.requested_unit_id = None
    account.updated_at = now
    return account


async def _new_person(
    session: AsyncSession, platform: str, user_id: str, chat_id: str, name: str, now: datetime
) -> tuple[Account, ChatIdentity]:
    account = await account_repo.add(
        session, Account(display_name=name, status=AccountStatus.NEW, created_at=now, updated_at=now)
    )
    identity = await identity_repo.add(
        session,
        ChatIdentity(
            account_id=account.id,
            platform=platform,
            external_user_id=user_id,
            chat_id=chat_id,
            display_name=name,
            enabled=True,
            created_at=now,
            last_seen_at=now,
        ),
    )
    return account, identity
