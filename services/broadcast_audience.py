"""Who a notice goes to. An audience is a rule the admin picks; it is resolved to accounts at preview.

Each kind of audience has a resolver that picks units (their reachable accounts get the notice)
or accounts directly (the admins); the reporting rounds give two more: the units that owe a
round, and those that still have to send it (not sent yet, or sent back to them).
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import Ref, plain, shorten
from services.errors import Refusal
from storage.models import Account, Round, RoundStatus, Unit, UnitKind
from storage.repos import accounts as account_repo
from storage.repos import broadcasts as broadcast_repo
from storage.repos import identities as identity_repo
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo
from storage.repos.broadcasts import RecipientTarget

MAX_LABEL = 255  # the column's size
NAMES_IN_LABEL = 3
ROUND_IN_LABEL = 150


class AudienceKind(enum.StrEnum):
    ALL = "all"
    KIND = "kind"  # value: a UnitKind
    CLUSTER = "cluster"  # value: the cluster's unit id
    UNITS = "units"  # unit_ids: the units the admin ticked
    ADMINS = "admins"
    OWING = "owing"  # value: a round id; every unit the round is asked of
    MISSING = "missing"  # value: a round id; units that have not sent it, or had it returned


@dataclass(frozen=True, slots=True)
class Audience:
    kind: AudienceKind
    value: str | None = None
    unit_ids: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "value": self.value, "unit_ids": list(self.unit_ids)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Audience:
        """From saved dialog data; anything malformed is a stale dialog, not a crash."""
        try:
            kind = AudienceKind(str(data.get("kind")))
            value = data.get("value")
            unit_ids = tuple(int(i) for i in data.get("unit_ids") or ())
        except (TypeError, ValueError):
            raise Refusal("common.session_expired") from None
        return cls(kind, None if value is None else str(value), unit_ids)


@dataclass(frozen=True, slots=True)
class Selection:
    """What a resolver picks: units (their reachable accounts are the recipients) or accounts directly.
    ``label`` is plain text: it is stored with the notice and shown in its reports."""

    label: str
    units: Sequence[Unit] = ()
    accounts: Sequence[Account] | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    label: str
    unit_count: int
    targets: list[RecipientTarget]
    unreached: list[Unit]  # units of the audience with no reachable account


Resolver = Callable[[AsyncSession, Audience, date], Awaitable[Selection]]


async def _all_units(session: AsyncSession, audience: Audience, today: date) -> Selection:
    return Selection(plain("bc.aud.all"), await unit_repo.list_units(session, valid_on=today))


async def _unit_kind(session: AsyncSession, audience: Audience, today: date) -> Selection:
    if audience.value is None or audience.value not in UnitKind._value2member_map_:
        raise Refusal("common.stale_button")
    kind = UnitKind(audience.value)
    units = await unit_repo.list_units(session, kind=kind, valid_on=today)
    return Selection(plain("bc.aud.kind", kind=Ref(f"kind.{kind.value}")), units)


async def _cluster(session: AsyncSession, audience: Audience, today: date) -> Selection:
    cluster = await _cluster_unit(session, audience.value)
    members = await unit_repo.by_ids(session, await unit_repo.cluster_member_ids(session, cluster.id, today.year))
    units = [cluster, *(unit for unit in members if unit.is_valid_on(today) and unit.id != cluster.id)]
    return Selection(plain("bc.aud.cluster", cluster=cluster.name), units)


async def _chosen_units(session: AsyncSession, audience: Audience, today: date) -> Selection:
    units = [unit for unit in await unit_repo.by_ids(session, audience.unit_ids) if unit.is_valid_on(today)]
    if not units:
        raise Refusal("bc.no_units_chosen")
    names = ", ".join(shorten(unit.name, 60) for unit in units[:NAMES_IN_LABEL])
    if len(units) > NAMES_IN_LABEL:
        names += ", …"
    label = plain("bc.aud.units", count=len(units), names=names)
    if len(label) > MAX_LABEL:
        label = plain("bc.aud.units", count=len(units), names="…")
    return Selection(label, units)


async def _admins(session: AsyncSession, audience: Audience, today: date) -> Selection:
    return Selection(plain("bc.aud.admins"), accounts=await account_repo.active_admins(session))


async def _owing_round(session: AsyncSession, audience: Audience, today: date) -> Selection:
    round_ = await _round(session, audience.value)
    unit_ids = [obligation.unit_id for obligation in await round_repo.obligations_of_round(session, round_.id)]
    return Selection(
        plain("bc.aud.owing", round=shorten(round_.name, ROUND_IN_LABEL)), await unit_repo.by_ids(session, unit_ids)
    )


async def _missing_round(session: AsyncSession, audience: Audience, today: date) -> Selection:
    round_ = await _round(session, audience.value)
    units = [unit for _, unit in await round_repo.owing_units(session, round_.id)]
    return Selection(plain("bc.aud.missing", round=shorten(round_.name, ROUND_IN_LABEL)), units)


RESOLVERS: Mapping[AudienceKind, Resolver] = {
    AudienceKind.ALL: _all_units,
    AudienceKind.KIND: _unit_kind,
    AudienceKind.CLUSTER: _cluster,
    AudienceKind.UNITS: _chosen_units,
    AudienceKind.ADMINS: _admins,
    AudienceKind.OWING: _owing_round,
    AudienceKind.MISSING: _missing_round,
}


async def resolve(session: AsyncSession, audience: Audience, today: date) -> Resolution:
    selection = await RESOLVERS[audience.kind](session, audience, today)
    unreached: list[Unit] = []
    if selection.accounts is not None:
        accounts = selection.accounts
    else:
        accounts = await broadcast_repo.reachable_accounts(session, [unit.id for unit in selection.units])
        reached = {account.unit_id for account in accounts}
        unreached = [unit for unit in selection.units if unit.id not in reached]
    # One recipient row per channel of each person (each enabled, reachable identity).
    unit_of = {account.id: account.unit_id for account in accounts}
    channels = await identity_repo.reachable_of(session, unit_of)
    targets = [RecipientTarget(c.account_id, unit_of[c.account_id], c.identity_id) for c in channels]
    return Resolution(selection.label, len(selection.units), targets, unreached)


async def clusters(session: AsyncSession, today: date) -> Sequence[Unit]:
    return await unit_repo.list_units(session, kind=UnitKind.CLUSTER, valid_on=today)


async def units_by_kind(session: AsyncSession, today: date) -> dict[UnitKind, list[Unit]]:
    grouped: dict[UnitKind, list[Unit]] = {}
    for unit in await unit_repo.list_units(session, valid_on=today):
        grouped.setdefault(unit.kind, []).append(unit)
    return grouped


async def selectable_unit(session: AsyncSession, unit_id: int, today: date) -> Unit:
    unit = await unit_repo.get(session, unit_id)
    if unit is None or not unit.is_valid_on(today):
        raise Refusal("units.unknown_unit")
    return unit


async def open_rounds(session: AsyncSession) -> Sequence[Round]:
    """Rounds to pick for the two round audiences: the open ones, nearest deadline first."""
    return await round_repo.rounds(session, status=RoundStatus.OPEN)


async def _round(session: AsyncSession, value: str | None) -> Round:
    round_ = await round_repo.round_(session, int(value)) if value and value.isdigit() else None
    if round_ is None:
        raise Refusal("bc.unknown_round")
    return round_


async def _cluster_unit(session: AsyncSession, value: str | None) -> Unit:
    cluster = await unit_repo.get(session, int(value)) if value and value.isdigit() else None
    if cluster is None or cluster.kind != UnitKind.CLUSTER:
        raise Refusal("units.unknown_unit")
    return cluster
