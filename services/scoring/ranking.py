"""Ranking per cluster with the rating band, and the on-time rate proposed for the reporting criterion."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.errors import Refusal
from services.scoring.template import SheetTemplate, parse_template
from storage.repos import scoring as repo
from storage.repos import units as unit_repo

__all__ = ["Punctuality", "RankRow", "punctuality", "rank", "rank_clusters", "ranking"]


@dataclass(frozen=True, slots=True)
class RankRow:
    place: int  # equal totals share a place (1, 2, 2, 4)
    unit_id: int
    total: float
    band: str


def rank(sheet: SheetTemplate, points: dict[int, dict[str, float]], unit_ids: Iterable[int] = ()) -> list[RankRow]:
    """Units by total, highest first; ties share a place and keep the order of ``unit_ids``."""
    order = {u: i for i, u in enumerate(unit_ids)}
    totals = {u: sheet.total(p) for u, p in points.items()} | {u: 0.0 for u in order if u not in points}
    ordered = sorted(totals, key=lambda u: (-totals[u], order.get(u, len(order)), u))
    rows: list[RankRow] = []
    for index, unit in enumerate(ordered):
        same = rows and rows[-1].total == totals[unit]
        place = rows[-1].place if same else index + 1
        rows.append(RankRow(place, unit, totals[unit], sheet.band(totals[unit])))
    return rows


async def rank_clusters(session: AsyncSession, year: int) -> dict[int, list[RankRow]]:
    """Every cluster's ranking that year from the settled scores, in one query for all the scores."""
    templates = await repo.templates_of_year(session, year)
    points: dict[int, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for template_id, unit_id, criterion, value in await repo.final_points(session, [t.id for t in templates]):
        if value is not None:
            points[template_id][unit_id][criterion] = value
    result = {}
    for row in templates:
        checked = [c.checked_unit_id for c in await repo.checks(session, row.id)]
        result[row.cluster_id] = rank(parse_template(row.body), dict(points[row.id]), checked)
    return result


async def ranking(session: AsyncSession, cluster_id: int, year: int) -> tuple[SheetTemplate, list[RankRow]]:
    row = await repo.template(session, cluster_id, year)
    if row is None:
        raise Refusal("score.no_checks")
    checks = await repo.checks(session, row.id)
    points: dict[int, dict[str, float]] = defaultdict(dict)
    for _, unit_id, criterion, value in await repo.final_points(session, [row.id]):
        if value is not None:
            points[unit_id][criterion] = value
    sheet = parse_template(row.body)
    return sheet, rank(sheet, dict(points), [c.checked_unit_id for c in checks])


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
        proposed = None if item is None else round(item.max * (ok / due if due else 1.0), 2)
        result.append(Punctuality(unit, due, ok, proposed))
    return result
