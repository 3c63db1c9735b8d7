"""Files of a cluster's cross-check for a flow to send: the sheet to fill in, and the result sheet.

Who may have them: the Office and the cluster head; a member unit may have the blank sheet (its
own cluster's) to prepare its self-score. Exports are audited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.actors import Actor
from services.errors import Forbidden, Refusal
from services.scoring.access import require_office_or_head
from services.scoring.ranking import ranking
from services.scoring.sheet_excel import result_workbook, template_workbook
from services.scoring.template import SheetTemplate, default_template, parse_template
from storage.repos import scoring as repo
from storage.repos import units as unit_repo

__all__ = ["blank_sheet", "check_sheet", "result_sheet", "template_for"]


async def template_for(session: AsyncSession, cluster_id: int, year: int) -> SheetTemplate:
    """The cluster's sheet for the year: the one it loaded, else the illustrative default."""
    row = await repo.template(session, cluster_id, year)
    return default_template() if row is None else parse_template(row.body)


async def blank_sheet(session: AsyncSession, actor: Actor, cluster_id: int, year: int) -> bytes:
    members = {u.id for _, u in await unit_repo.cluster_members(session, cluster_id, year)}
    if not (actor.is_active and actor.unit_id in members):
        await require_office_or_head(session, actor, cluster_id, year, "score.sheet")
    return template_workbook(await template_for(session, cluster_id, year))


async def check_sheet(session: AsyncSession, actor: Actor, check_id: int, now: datetime) -> bytes:
    """One check's sheet with the self-scores, the checker's scores and notes: for the two units,
    the cluster head and the Office (a read of another unit's scores is audited)."""
    check = await repo.check(session, check_id)
    if check is None:
        raise Refusal("score.no_check")
    row = await repo.template_by_id(session, check.template_id)
    assert row is not None
    if not (actor.is_active and actor.unit_id in (check.checker_unit_id, check.checked_unit_id)):
        await require_office_or_head(session, actor, row.cluster_id, row.year, "score.sheet")
        await audit.record(session, actor, "score.sheet", now, target_type="cross_check", target_id=check.id)
    lines = await repo.lines(session, check.id)
    return template_workbook(
        parse_template(row.body),
        self_points={c: line.self_points for c, line in lines.items()},
        checker_points={c: line.checker_points for c, line in lines.items()},
        notes={c: line.note for c, line in lines.items()},
    )


async def result_sheet(session: AsyncSession, actor: Actor, cluster_id: int, year: int, now: datetime) -> bytes:
    """The cluster's ranking with rating bands as Excel (Office or cluster head; audited)."""
    await require_office_or_head(session, actor, cluster_id, year, "score.result")
    cluster = await unit_repo.get(session, cluster_id)
    if cluster is None:
        raise Forbidden("score.result", target_type="cluster", target_id=cluster_id)
    sheet, rows = await ranking(session, cluster_id, year)
    names = {u.id: u.name for u in await unit_repo.by_ids(session, [r.unit_id for r in rows])}
    await audit.record(
        session, actor, "score.result", now, target_type="cluster", target_id=cluster_id, details={"year": year}
    )
    return result_workbook(cluster.name, year, sheet, rows, names)
