"""Read-only views of units and accounts for the Office (admin only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from storage.models import Account, InviteCode, Unit, UnitKind
from storage.repos import accounts as account_repo
from storage.repos import identities as identity_repo
from storage.repos import units as unit_repo


@dataclass(frozen=True, slots=True)
class UnitCard:
    unit: Unit
    merged_into: Unit | None
    accounts: Sequence[Account]
    # Accounts no channel of which can be reached, with since when (the latest "blocked").
    unreachable: Mapping[int, datetime] = field(default_factory=dict)


async def kinds_overview(session: AsyncSession, actor: Actor, day: date) -> dict[UnitKind, int]:
    ensure_admin(actor, "units.view")
    return await unit_repo.count_by_kind(session, valid_on=day)


async def selectable_kinds(session: AsyncSession, day: date) -> list[UnitKind]:
    """Groups a new officer may pick from: those with at least one unit in force today."""
    counts = await unit_repo.count_by_kind(session, valid_on=day)
    return [kind for kind in UnitKind if counts.get(kind)]


async def units_of_kind(session: AsyncSession, kind: UnitKind, day: date) -> Sequence[Unit]:
    return await unit_repo.list_units(session, kind=kind, valid_on=day)


async def units_with_accounts(session: AsyncSession, actor: Actor, kind: UnitKind, day: date) -> list[tuple[Unit, int]]:
    ensure_admin(actor, "units.view")
    counts = await unit_repo.active_account_counts(session)
    return [(unit, counts.get(unit.id, 0)) for unit in await units_of_kind(session, kind, day)]


async def unit_card(session: AsyncSession, actor: Actor, unit_id: int) -> UnitCard:
    ensure_admin(actor, "units.view", target_type="unit", target_id=unit_id)
    unit = await unit_repo.get(session, unit_id)
    if unit is None:
        raise Refusal("units.unknown_unit")
    merged = await unit_repo.get(session, unit.merged_into_id) if unit.merged_into_id else None
    accounts = await account_repo.of_unit(session, unit.id)
    unreachable = await identity_repo.unreachable_since(session, [a.id for a in accounts])
    return UnitCard(unit=unit, merged_into=merged, accounts=accounts, unreachable=unreachable)


async def account_card(session: AsyncSession, actor: Actor, account_id: int) -> tuple[Account, Unit | None]:
    ensure_admin(actor, "accounts.view", target_type="account", target_id=account_id)
    account = await account_repo.get(session, account_id)
    if account is None:
        raise Refusal("units.unknown_account")
    unit = await unit_repo.get(session, account.unit_id) if account.unit_id else None
    return account, unit


async def live_invites(session: AsyncSession, actor: Actor, unit_id: int, now: datetime) -> Sequence[InviteCode]:
    ensure_admin(actor, "invite.view", target_type="unit", target_id=unit_id)
    return await account_repo.live_invites(session, unit_id, now)
