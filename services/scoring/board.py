"""What the /chamdiem flow shows: the clusters a caller manages, a cluster's board, one check in detail.

Reads only. Who sees what: the Office (admins) every cluster; the officer of a cluster's head unit that
cluster; a member unit the checks it does and the check of itself (the checker's scores only once the
checker has sent them). Anything else is refused as :class:`Forbidden` (audited by the router).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from services.actors import Actor
from services.errors import Forbidden, Refusal
from services.scoring.access import is_head, require_office_or_head
from services.scoring.template import SheetTemplate, default_template, parse_template
from storage.models import CheckStatus, ClusterRole, CrossCheck, ScoreLine, UnitKind
from storage.repos import scoring as repo
from storage.repos import units as unit_repo

__all__ = ["Board", "CheckDetail", "CheckRow", "board", "check_detail", "clusters_for", "totals", "unit_names"]

Viewer = Literal["checker", "checked", "office"]


@dataclass(frozen=True, slots=True)
class Totals:
    self_total: float | None
    checker_total: float | None
    final_total: float | None
    scored: int  # criteria the checker has scored


def totals(sheet: SheetTemplate, lines: dict[str, ScoreLine]) -> Totals:
    def total(attr: str) -> float | None:
        points = {code: getattr(line, attr) for code, line in lines.items() if getattr(line, attr) is not None}
        return sheet.total(points) if points else None

    scored = sum(1 for line in lines.values() if line.checker_points is not None)
    return Totals(total("self_points"), total("checker_points"), total("final_points"), scored)


@dataclass(frozen=True, slots=True)
class CheckRow:
    check: CrossCheck
    checker: str
    checked: str
    totals: Totals


@dataclass(frozen=True, slots=True)
class Board:
    cluster_id: int
    cluster: str
    year: int
    closed: bool
    sheet: SheetTemplate
    members: list[tuple[int, str]]  # (unit id, name), head first
    rows: list[CheckRow]
    head_unit: str

    @property
    def started(self) -> bool:
        """Anyone scored already: the pairs and the sheet are fixed."""
        return any(r.check.status is not CheckStatus.ASSIGNED or r.totals.scored for r in self.rows)


async def clusters_for(session: AsyncSession, actor: Actor, year: int) -> list[tuple[int, str]]:
    """(cluster id, name) the caller manages that year: every cluster with members for the Office,
    the clusters its unit heads for a cluster head."""
    if not actor.is_active or actor.unit_id is None:
        return []
    if actor.is_admin:
        member_of = {m.cluster_id for m in await unit_repo.memberships(session, year=year)}
        return [(u.id, u.name) for u in await unit_repo.list_units(session, kind=UnitKind.CLUSTER) if u.id in member_of]
    return [(u.id, u.name) for u in await unit_repo.headed_clusters(session, actor.unit_id, year)]


async def board(session: AsyncSession, actor: Actor, cluster_id: int, year: int) -> Board:
    await require_office_or_head(session, actor, cluster_id, year, "score.board")
    cluster = await unit_repo.get(session, cluster_id)
    if cluster is None or cluster.kind is not UnitKind.CLUSTER:
        raise Refusal("score.not_a_cluster")
    members = await unit_repo.cluster_members(session, cluster_id, year)
    names = {u.id: u.name for _, u in members}
    row = await repo.template(session, cluster_id, year)
    sheet = default_template() if row is None else parse_template(row.body)
    rows: list[CheckRow] = []
    if row is not None:
        checks = await repo.checks(session, row.id)
        order = {u.id: i for i, (_, u) in enumerate(members)}
        for check in sorted(checks, key=lambda c: order.get(c.checked_unit_id, len(order))):
            lines = await repo.lines(session, check.id)
            rows.append(
                CheckRow(
                    check,
                    names.get(check.checker_unit_id, "?"),
                    names.get(check.checked_unit_id, "?"),
                    totals(sheet, lines),
                )
            )
    head = next((u.name for m, u in members if m.role is ClusterRole.HEAD), members[0][1].name if members else "")
    return Board(
        cluster_id,
        cluster.name,
        year,
        row is not None and row.closed_at is not None,
        sheet,
        [(u.id, u.name) for _, u in members],
        rows,
        head,
    )


@dataclass(frozen=True, slots=True)
class CheckDetail:
    check: CrossCheck
    cluster_id: int
    year: int
    closed: bool
    sheet: SheetTemplate
    lines: dict[str, ScoreLine]
    checker: str
    checked: str
    viewer: Viewer

    @property
    def checker_visible(self) -> bool:
        """The checked unit sees the checker's scores only once they were sent."""
        return self.viewer != "checked" or self.check.status is not CheckStatus.ASSIGNED

    def points(self, code: str, attr: str) -> float | None:
        line = self.lines.get(code)
        return None if line is None else getattr(line, attr)

    @property
    def totals(self) -> Totals:
        return totals(self.sheet, self.lines)


async def check_detail(session: AsyncSession, actor: Actor, check_id: int) -> CheckDetail:
    check = await repo.check(session, check_id)
    if check is None:
        raise Refusal("score.no_check")
    row = await repo.template_by_id(session, check.template_id)
    assert row is not None
    viewer: Viewer
    if actor.is_active and actor.unit_id == check.checker_unit_id:
        viewer = "checker"
    elif actor.is_active and actor.unit_id == check.checked_unit_id:
        viewer = "checked"
    elif actor.is_admin or await is_head(session, actor, row.cluster_id, row.year):
        viewer = "office"
    else:
        raise Forbidden("score.view", target_type="cross_check", target_id=check_id)
    units = {u.id: u.name for u in await unit_repo.by_ids(session, [check.checker_unit_id, check.checked_unit_id])}
    return CheckDetail(
        check,
        row.cluster_id,
        row.year,
        row.closed_at is not None,
        parse_template(row.body),
        await repo.lines(session, check.id),
        units.get(check.checker_unit_id, "?"),
        units.get(check.checked_unit_id, "?"),
        viewer,
    )


async def unit_names(session: AsyncSession, unit_ids: list[int]) -> dict[int, str]:
    return {u.id: u.name for u in await unit_repo.by_ids(session, sorted(set(unit_ids)))}
