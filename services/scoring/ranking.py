"""Ranking per cluster with the rating band, and the on-time rate proposed for the reporting criterion."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.errors import Refusal
from services.scoring.template import ItemKind, SheetTemplate, parse_template
from storage.repos import scoring as repo
from storage.repos import units as unit_repo

__all__ = [
    "Punctuality",
    "RankRow",
    "proposed_points",
    "punctuality",
    "rank",
    "rank_clusters",
    "rank_totals",
    "ranking",
]


@dataclass(frozen=True, slots=True)
class RankRow:
    place: int  # equal totals share a place (1, 2, 2, 4)
    unit_id: int
    total: float
    band: str


def rank(sheet: SheetTemplate, points: dict[int, dict[str, float]], unit_ids: Iterable[int] = ()) -> list[RankRow]:
    """Units by total, highest first; ties share a place and keep the order of ``unit_ids``."""
    totals = {u: sheet.total(p) for u, p in points.items()}
    return rank_totals(sheet, totals, unit_ids)


def rank_totals(sheet: SheetTemplate, totals: dict[int, float], unit_ids: Iterable[int] = ()) -> list[RankRow]:
    """:func:`rank` from totals already summed; a unit of ``unit_ids`` without a total has 0."""
    order = {u: i for i, u in enumerate(unit_ids)}
    totals = {u: round(v, 2) for u, v in totals.items()} | {u: 0.0 for u in order if u not in totals}
    ordered = sorted(totals, key=lambda u: (-totals[u], order.get(u, len(order)), u))
    rows: list[RankRow] = []
    for index, unit in enumerate(ordered):
        same = rows and rows[-1].total == totals[unit]
        place = rows[-1].place if same else index + 1
        rows.append(RankRow(place, unit, totals[unit], sheet.band(totals[unit])))
    return rows


async def rank_clusters(session: AsyncSession, year: int, *, only: int | None = None) -> dict[int, list[RankRow]]:
    """Every cluster's ranking that year from the settled scores: two queries whatever the number of
    clusters, the totals summed by the database (bench/scoring.py: 30 clusters × 40 units)."""
    templates = [t for t in await repo.templates_of_year(session, year) if only is None or t.id == only]
    sheets = {row.id: parse_template(row.body) for row in templates}
    penalties = [(t, item.code) for t, sheet in sheets.items() for item in sheet.items if item.kind is ItemKind.PENALTY]
    totals: dict[int, dict[int, float]] = defaultdict(dict)
    order: dict[int, list[int]] = defaultdict(list)
    for template_id, unit_id, total in await repo.settled_totals(session, list(sheets), penalties):
        totals[template_id][unit_id] = total
        order[template_id].append(unit_id)
    return {row.cluster_id: rank_totals(sheets[row.id], totals[row.id], order[row.id]) for row in templates}


async def ranking(session: AsyncSession, cluster_id: int, year: int) -> tuple[SheetTemplate, list[RankRow]]:
    """One cluster's sheet and ranking (the result sheet's rows)."""
    row = await repo.template(session, cluster_id, year)
    if row is None:
        raise Refusal("score.no_checks")
    return parse_template(row.body), (await rank_clusters(session, year, only=row.id))[cluster_id]


def proposed_points(maximum: float, due: int, on_time: int) -> float:
    """The reporting criterion's points for a rate of reports on time (full marks when none was due)."""
    return round(maximum * (on_time / due if due else 1.0), 2)


@dataclass(frozen=True, slots=True)
class Punctuality:
    unit_id: int
    due: int
    on_time: int
    proposed: float | None  # the reporting criterion's proposed score, None without such a criterion

    @property
    def rate(self) -> float | None:
        return None if self.due == 0 else self.on_time / self.due


async def punctuality(
    session: AsyncSession, sheet: SheetTemplate, cluster_id: int, year: int, now: datetime
) -> list[Punctuality]:
    """Each member's reports due so far this year and how many came on time (first version before the
    deadline), with the reporting criterion's score proposed as max × rate (full marks when none was due)."""
    members: Sequence[int] = [u.id for _, u in await unit_repo.cluster_members(session, cluster_id, year)]
    counts = await repo.report_punctuality(session, members, year, now)
    item = sheet.reporting_item
    result = []
    for unit in members:
        due, ok = counts.get(unit, (0, 0))
        proposed = None if item is None else proposed_points(item.max, due, ok)
        result.append(Punctuality(unit, due, ok, proposed))
    return result
