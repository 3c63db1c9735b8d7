"""What the Office sees while setting up and editing reporting rounds (/kybaocao).

Reads only, each behind ``ensure_admin``; every change goes through services/rounds.py, which audits it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import rounds
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from storage.models import ObligationStatus, PlanItem, Round, RoundStatus, Unit, UnitKind
from storage.repos import rounds as round_repo
from storage.repos import units as unit_repo

# Units that report to the Office. "All units" means these: the Office itself, the leadership and the
# Council do not send reports to themselves (an admin can still tick them one by one).
REPORTING_KINDS = (UnitKind.DIVISION, UnitKind.DEPT_INSPECTORATE, UnitKind.DISTRICT_INSPECTORATE, UnitKind.CLUSTER)
GROUPS: dict[str, tuple[UnitKind, ...]] = {
    "all": REPORTING_KINDS,
    "TTS": (UnitKind.DEPT_INSPECTORATE,),
    "TTH": (UnitKind.DISTRICT_INSPECTORATE,),
    "CUM": (UnitKind.CLUSTER,),
    "PNV": (UnitKind.DIVISION,),
}


@dataclass(frozen=True, slots=True)
class Progress:
    """How many owing units are where, from the obligations' statuses."""

    total: int = 0
    submitted: int = 0  # submitted or accepted
    missing: int = 0
    returned: int = 0
    late: int = 0

    @classmethod
    def of(cls, counts: dict[str, int]) -> Progress:
        return cls(
            total=counts.get("total", 0),
            submitted=counts.get(ObligationStatus.SUBMITTED.value, 0) + counts.get(ObligationStatus.ACCEPTED.value, 0),
            missing=counts.get(ObligationStatus.MISSING.value, 0),
            returned=counts.get(ObligationStatus.RETURNED.value, 0),
            late=counts.get("late", 0),
        )


@dataclass(frozen=True, slots=True)
class RoundLine:
    round: Round
    progress: Progress


@dataclass(frozen=True, slots=True)
class RoundCard:
    round: Round
    progress: Progress
    plan_ref: str | None


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """Units an admin may pick for a round: those in force, the groups, and each cluster's members."""

    units: Sequence[Unit]
    groups: dict[str, set[int]]
    clusters: Sequence[tuple[Unit, set[int]]]
    kinds: dict[int, UnitKind] = field(default_factory=dict)  # every unit, in force or not

    def unit(self, unit_id: int) -> Unit:
        """A unit of the list; a forged or outdated id finds nothing and changes nothing."""
        found = next((u for u in self.units if u.id == unit_id), None)
        if found is None:
            raise Refusal("units.unknown_unit")
        return found

    def cluster_members(self, cluster_id: int) -> set[int]:
        found = next((members for cluster, members in self.clusters if cluster.id == cluster_id), None)
        if found is None:
            raise Refusal("units.unknown_unit")
        return found


@dataclass(frozen=True, slots=True)
class UnitChange:
    added: int
    removed: int
    kept: int  # asked to drop, but they have submitted something: kept, never dropped silently


def authorize(actor: Actor, action: str = "round.view") -> None:
    """Every /kybaocao button starts here, so a forged press by a non-admin is refused and audited."""
    ensure_admin(actor, action)


async def rounds_overview(session: AsyncSession, actor: Actor) -> list[RoundLine]:
    """All rounds: open ones first by deadline, then closed ones, latest first."""
    authorize(actor)
    every = await round_repo.rounds(session)
    ordered = [r for r in every if r.status == RoundStatus.OPEN] + sorted(
        (r for r in every if r.status != RoundStatus.OPEN), key=lambda r: r.deadline, reverse=True
    )
    counts = await round_repo.status_counts(session, [r.id for r in ordered])
    return [RoundLine(r, Progress.of(counts.get(r.id, {}))) for r in ordered]


async def round_card(session: AsyncSession, actor: Actor, round_id: int) -> RoundCard:
    authorize(actor)
    round_ = await round_repo.round_(session, round_id)
    if round_ is None:
        raise Refusal("rounds.unknown")
    counts = await round_repo.status_counts(session, [round_.id])
    item = await session.get(PlanItem, round_.plan_item_id) if round_.plan_item_id else None
    return RoundCard(round_, Progress.of(counts.get(round_.id, {})), item.ref if item else None)


async def working_year(session: AsyncSession, today: date) -> int:
    """The year new rounds belong to: the current plan's, else this calendar year."""
    plan = await round_repo.current_plan(session)
    return plan.year if plan is not None else today.year


async def unit_choice(session: AsyncSession, actor: Actor, *, day: date, year: int) -> UnitChoice:
    authorize(actor)
    every = await unit_repo.list_units(session)
    order = list(UnitKind)  # the Office's reading order, not the codes' alphabetical one
    units = sorted((u for u in every if u.is_valid_on(day)), key=lambda u: (order.index(u.kind), u.sort_order, u.name))
    groups = {code: {u.id for u in units if u.kind in kinds} for code, kinds in GROUPS.items()}
    members: dict[int, set[int]] = {}
    for membership in await unit_repo.memberships(session, year=year):
        members.setdefault(membership.cluster_id, set()).add(membership.unit_id)
    in_force = {u.id for u in units}
    clusters = [(u, members[u.id] & in_force) for u in units if u.kind == UnitKind.CLUSTER and members.get(u.id)]
    return UnitChoice(units, groups, clusters, {u.id: u.kind for u in every})


async def owing_unit_ids(session: AsyncSession, actor: Actor, round_id: int) -> set[int]:
    authorize(actor)
    if await round_repo.round_(session, round_id) is None:
        raise Refusal("rounds.unknown")
    return {o.unit_id for o in await round_repo.obligations_of_round(session, round_id)}


async def change_units(
    session: AsyncSession, actor: Actor, round_id: int, unit_ids: Iterable[int], now: datetime
) -> UnitChange:
    """Make exactly these units owe the round, except that units which submitted stay (and are counted)."""
    ensure_admin(actor, "round.units", target_type="round", target_id=round_id)
    wanted = set(unit_ids)
    before = await owing_unit_ids(session, actor, round_id)
    added, removed = await rounds.set_units(session, actor, round_id, wanted, now)
    return UnitChange(added=added, removed=removed, kept=len(before - wanted) - removed)
