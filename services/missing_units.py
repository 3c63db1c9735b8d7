"""/chuanop: the units that still owe a round, with their cluster, how late they are and whether anyone
in the unit can be told. One query for the list and one GROUP BY for the summary, however many units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.access import ensure_can_view_overview
from services.actors import Actor
from services.errors import Refusal
from services.rounds import days_left
from services.status_overview import RoundTally, tally
from storage.models import ObligationStatus, Round
from storage.repos import office_views
from storage.repos import rounds as round_repo


@dataclass(frozen=True, slots=True)
class MissingUnit:
    unit_id: int
    name: str
    clusters: tuple[str, ...]  # names of the unit's clusters in the round's year
    returned: bool  # sent, but returned by the Office: owes a new version
    deadline: datetime  # the unit's own deadline (a return may have set a new one)
    days_left: int  # local calendar days; negative when overdue
    reachable: int  # active accounts that can receive a reminder

    @property
    def has_account(self) -> bool:
        return self.reachable > 0


@dataclass(frozen=True, slots=True)
class MissingList:
    round: Round
    tally: RoundTally
    units: list[MissingUnit]


async def missing_list(session: AsyncSession, actor: Actor, round_id: int, now: datetime, tz: ZoneInfo) -> MissingList:
    """Admins and leaders; a forged round id finds nothing."""
    ensure_can_view_overview(actor, "missing.view")
    round_ = await round_repo.round_(session, round_id)
    if round_ is None:
        raise Refusal("rounds.unknown")
    return await missing_of(session, round_, now, tz)


async def missing_of(session: AsyncSession, round_: Round, now: datetime, tz: ZoneInfo) -> MissingList:
    """The list for a round already checked by the caller."""
    rows = await office_views.owing_with_details(session, round_.id, round_.year)
    units: dict[int, MissingUnit] = {}
    for row in rows:
        known = units.get(row.unit_id)
        if known is not None:  # a second cluster of the same unit
            if row.cluster_name is not None:
                units[row.unit_id] = _with_cluster(known, row.cluster_name)
            continue
        deadline = row.due_at or round_.deadline
        units[row.unit_id] = MissingUnit(
            unit_id=row.unit_id,
            name=row.unit_name,
            clusters=(row.cluster_name,) if row.cluster_name else (),
            returned=row.status == ObligationStatus.RETURNED,
            deadline=deadline,
            days_left=days_left(deadline, now, tz),
            reachable=row.reachable_accounts,
        )
    counts = await round_repo.status_counts(session, [round_.id])
    return MissingList(round_, tally(round_, counts.get(round_.id, {})), list(units.values()))


def _with_cluster(unit: MissingUnit, cluster: str) -> MissingUnit:
    return MissingUnit(
        unit.unit_id,
        unit.name,
        (*unit.clusters, cluster),
        unit.returned,
        unit.deadline,
        unit.days_left,
        unit.reachable,
    )
