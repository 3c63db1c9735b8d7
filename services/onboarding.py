"""Linking a chat account to a unit: by invite code, or by request and an admin's decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import Ref
from services import audit, invites
from services.access import ensure_admin
from services.actors import Actor, actor_of
from services.errors import Refusal
from storage.models import Account, AccountRole, AccountStatus, Unit
from storage.repos import accounts as account_repo
from storage.repos import units as unit_repo

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class Decision:
    account: Account
    unit: Unit
    approved: bool
    admins: Sequence[Account]


async def _account(session: AsyncSession, actor: Actor) -> Account:
    account = await account_repo.get(session, actor.account_id)
    if account is None:  # the caller's own row: only missing if deleted underneath us
        raise Refusal("common.not_linked")
    return account


def ensure_not_linked(actor: Actor) -> None:
    if actor.is_active:
        raise Refusal("onboard.already_linked", unit=actor.unit_name or "", role=Ref(f"role.{actor.role}"))
    if actor.status == AccountStatus.PENDING:
        raise Refusal("onboard.already_pending", unit=actor.pending_unit_name or "")


async def redeem(session: AsyncSession, actor: Actor, code: str, now: datetime, *, key: bytes) -> Actor:
    """Link the caller with an invite code; the code's use is counted in the same transaction."""
    ensure_not_linked(actor)
    invite = await invites.check(session, code, now, key=key)
    invite.uses += 1
    account = await _account(session, actor)
    account.unit_id, account.role, account.status = invite.unit_id, invite.role, AccountStatus.ACTIVE
    account.requested_unit_id = None
    account.updated_at = now
    await audit.record(
        session,
        actor,
        "account.link_by_invite",
        now,
        target_type="account",
        target_id=account.id,
        details={"unit_id": invite.unit_id, "invite_id": invite.id},
    )
    return await actor_of(session, account, actor.identity_id)


async def selectable_unit(session: AsyncSession, unit_id: int, now: datetime) -> Unit:
    unit = await unit_repo.get(session, unit_id)
    if unit is None or not unit.is_valid_on(now.date()):
        raise Refusal("common.stale_button")
    return unit


async def request(session: AsyncSession, actor: Actor, unit_id: int, now: datetime) -> tuple[Unit, Sequence[Account]]:
    """Ask to join a unit; returns the unit and the admins who must be asked."""
    ensure_not_linked(actor)
    unit = await selectable_unit(session, unit_id, now)
    account = await _account(session, actor)
    account.status, account.requested_unit_id, account.requested_at = AccountStatus.PENDING, unit.id, now
    account.updated_at = now
    return unit, await account_repo.active_admins(session)


async def withdraw(session: AsyncSession, actor: Actor, now: datetime) -> str:
    """The caller takes back a request still waiting for the Office; returns the unit's name."""
    if actor.status != AccountStatus.PENDING:
        raise Refusal("onboard.nothing_to_withdraw")
    account = await _account(session, actor)
    unit_id = account.requested_unit_id
    account.status, account.requested_unit_id, account.updated_at = AccountStatus.NEW, None, now
    await audit.record(
        session,
        actor,
        "account.withdraw",
        now,
        target_type="account",
        target_id=account.id,
        details={"unit_id": unit_id},
    )
    return actor.pending_unit_name or ""


async def pending_request(
    session: AsyncSession, actor: Actor, account_id: int, unit_id: int, action: str
) -> tuple[Account, Unit]:
    """The request an admin is about to decide, still pending (not withdrawn, not decided by another admin)."""
    ensure_admin(actor, action, target_type="account", target_id=account_id)
    account = await account_repo.get_for_update(session, account_id)
    if account is None:
        raise Refusal("units.unknown_account")
    if account.status != AccountStatus.PENDING or account.requested_unit_id != unit_id:
        raise Refusal("approve.already_handled", status=Ref(f"status.{account.status}"))
    unit = await unit_repo.get(session, unit_id)
    if unit is None:
        raise Refusal("units.unknown_unit")
    return account, unit


async def decide(
    session: AsyncSession,
    actor: Actor,
    account_id: int,
    unit_id: int,
    approve: bool,
    now: datetime,
    *,
    reason: str | None = None,
) -> Decision:
    """An admin approves or rejects (a rejection may say why); a replayed or forged press changes nothing."""
    action = "account.approve" if approve else "account.reject"
    account, unit = await pending_request(session, actor, account_id, unit_id, action)
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise Refusal("common.too_long", limit=MAX_REASON)
    if approve:
        account.status, account.role, account.unit_id = AccountStatus.ACTIVE, AccountRole.OFFICER, unit.id
    else:
        account.status = AccountStatus.REJECTED
    account.requested_unit_id = None
    account.updated_at = now
    details: dict[str, object] = {"unit_id": unit.id} | ({"reason": reason} if reason else {})
    await audit.record(session, actor, action, now, target_type="account", target_id=account.id, details=details)
    return Decision(account=account, unit=unit, approved=approve, admins=await account_repo.active_admins(session))


async def pending_requests(session: AsyncSession, actor: Actor) -> list[tuple[Account, Unit]]:
    ensure_admin(actor, "account.list_pending")
    result: list[tuple[Account, Unit]] = []
    for account in await account_repo.pending(session):
        unit = await unit_repo.get(session, account.requested_unit_id) if account.requested_unit_id else None
        if unit is not None:
            result.append((account, unit))
    return result
