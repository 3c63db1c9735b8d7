"""Turning the plan's "who" (a group code, a unit, a cluster) into the units in force that year."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import UnitKind
from storage.repos import units as unit_repo

# Plan group codes (schedules/plan_file.GroupCode) → unit kinds or fixed unit codes.
GROUP_KINDS: dict[str, UnitKind] = {
    "VP": UnitKind.OFFICE,
    "CUM": UnitKind.CLUSTER,
    "TTS": UnitKind.DEPT_INSPECTORATE,
    "TTH": UnitKind.DISTRICT_INSPECTORATE,
    "PNV": UnitKind.DIVISION,
}
GROUP_UNITS: dict[str, str] = {"HD": "HD", "CTT": "LD"}


def selector_text(kind: str, code: str) -> str:
    """How a selector is stored on a plan item: "CUM", "unit:TTS-TC", "cluster:CUM1"."""
    return code if kind == "group" else f"{kind}:{code}"


async def resolve(session: AsyncSession, selectors: Iterable[str], *, year: int, on: date) -> set[int]:
    """The ids of the units the selectors name, among those in force on ``on``."""
    result: set[int] = set()
    for selector in selectors:
        kind, _, code = selector.rpartition(":")
        if not kind and code in GROUP_KINDS:
            result |= {u.id for u in await unit_repo.list_units(session, kind=GROUP_KINDS[code], valid_on=on)}
        elif not kind and code in GROUP_UNITS:
            unit = await unit_repo.by_code(session, GROUP_UNITS[code])
            if unit is not None:
                result.add(unit.id)
        elif kind == "unit":
            unit = await unit_repo.by_code(session, code)
            if unit is not None and unit.is_valid_on(on):
                result.add(unit.id)
        elif kind == "cluster":
            cluster = await unit_repo.by_code(session, code)
            if cluster is not None:
                members = await unit_repo.memberships(session, year=year)
                result |= {m.unit_id for m in members if m.cluster_id == cluster.id}
    return result


def unit_kinds_of(selectors: Iterable[str]) -> set[UnitKind]:
    return {GROUP_KINDS[s] for s in selectors if s in GROUP_KINDS}
