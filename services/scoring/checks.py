"""The year's cross-check in a cluster: assignments, self-scores, the checker's scores, agreement, settling.

Plain async functions for a flow to call: (session, actor, values, now). A user's mistake raises
:class:`Refusal` with a ``score.*`` catalogue key; a lack of rights raises :class:`Forbidden` (audited
by the router). Every write is audited; what a unit must be told comes back as :class:`UnitNotice`.

Rules: no unit checks itself; by default unit i of the cluster's list (head first) is checked by unit
i+1, the last by the first; the Office or the cluster head may change a pair. A score is a number from
0 to the criterion's max (a penalty is entered as the points taken off); a criterion may be skipped.
Once the cluster head has closed the year nothing changes.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import t
from services import audit
from services.actors import Actor
from services.errors import Refusal
from services.scoring.access import require_office_or_head, require_unit
from services.scoring.ranking import proposed_points
from services.scoring.template import SheetTemplate, default_template, parse_template
from services.unit_notice import UnitNotice
from storage.models import CheckStatus, ClusterRole, CrossCheck, ScoreTemplate, UnitKind
from storage.repos import scoring as repo
from storage.repos import units as unit_repo

__all__ = [
    "apply_sheet",
    "assign",
    "assign_rotation",
    "close",
    "finish_scoring",
    "install_template",
    "my_checks",
    "proposed_reporting_score",
    "respond",
    "rotation",
    "score",
    "self_score",
    "settle",
    "sheet_of",
    "valid_points",
]


def rotation(unit_ids: list[int]) -> list[tuple[int, int]]:
    """(checker, checked) pairs: each unit is checked by the next one in the list, the last by the first."""
    if len(unit_ids) < 2:
        raise Refusal("score.too_few_units")
    return [(unit_ids[(i + 1) % len(unit_ids)], unit_ids[i]) for i in range(len(unit_ids))]


def valid_points(sheet: SheetTemplate, criterion: str, points: float | None) -> float | None:
    item = sheet.item(criterion)
    if item is None:
        raise Refusal("score.unknown_criterion", code=criterion)
    if points is None:
        return None
    if math.isnan(points) or math.isinf(points):
        raise Refusal("score.not_a_number")
    if points < 0:
        raise Refusal("score.negative", code=item.code)
    if points > item.max:
        raise Refusal("score.above_max", code=item.code, max=_fmt(item.max))
    return round(points, 2)


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


async def _cluster(session: AsyncSession, cluster_id: int) -> None:
    unit = await unit_repo.get(session, cluster_id)
    if unit is None or unit.kind is not UnitKind.CLUSTER:
        raise Refusal("score.not_a_cluster")


async def _template_row(session: AsyncSession, cluster_id: int, year: int, now: datetime) -> ScoreTemplate:
    row = await repo.template(session, cluster_id, year)
    if row is None:
        row = ScoreTemplate(cluster_id=cluster_id, year=year, body=default_template().to_json(), updated_at=now)
        await repo.add(session, row)
    if row.closed_at is not None:
        raise Refusal("score.closed")
    return row


def sheet_of(row: ScoreTemplate) -> SheetTemplate:
    return parse_template(row.body)


async def install_template(
    session: AsyncSession, actor: Actor, cluster_id: int, year: int, sheet: SheetTemplate, now: datetime
) -> ScoreTemplate:
    """The cluster's real sheet replaces the default; refused once anyone has scored."""
    await require_office_or_head(session, actor, cluster_id, year, "score.template")
    await _cluster(session, cluster_id)
    row = await _template_row(session, cluster_id, year, now)
    for check in await repo.checks(session, row.id):
        if await repo.lines(session, check.id):
            raise Refusal("score.template_in_use")
    row.body, row.updated_by_id, row.updated_at = sheet.to_json(), actor.account_id, now
    await audit.record(
        session,
        actor,
        "score.template",
        now,
        target_type="cluster",
        target_id=cluster_id,
        details={"year": year, "items": len(sheet.items)},
    )
    return row


async def assign_rotation(
    session: AsyncSession, actor: Actor, cluster_id: int, year: int, now: datetime
) -> list[CrossCheck]:
    """The default pairs for the cluster's members that year; replaces earlier pairs while nobody has scored."""
    await require_office_or_head(session, actor, cluster_id, year, "score.assign")
    await _cluster(session, cluster_id)
    members = [unit.id for _, unit in await unit_repo.cluster_members(session, cluster_id, year)]
    pairs = rotation(members)
    row = await _template_row(session, cluster_id, year, now)
    for check in await repo.checks(session, row.id):
        if check.status is not CheckStatus.ASSIGNED or await repo.lines(session, check.id):
            raise Refusal("score.already_started")
    await repo.delete_checks(session, row.id)
    created = []
    for checker, checked in pairs:
        check = CrossCheck(template_id=row.id, checker_unit_id=checker, checked_unit_id=checked, updated_at=now)
        await repo.add(session, check)
        created.append(check)
    await audit.record(
        session,
        actor,
        "score.assign",
        now,
        target_type="cluster",
        target_id=cluster_id,
        details={"year": year, "pairs": [[a, b] for a, b in pairs]},
    )
    return created


async def assign(session: AsyncSession, actor: Actor, check_id: int, checker_unit_id: int, now: datetime) -> CrossCheck:
    """Give a checked unit another checker (a member of the same cluster, never itself)."""
    check, row = await _load(session, check_id)
    await require_office_or_head(session, actor, row.cluster_id, row.year, "score.assign")
    if checker_unit_id == check.checked_unit_id:
        raise Refusal("score.self_check")
    members = {unit.id for _, unit in await unit_repo.cluster_members(session, row.cluster_id, row.year)}
    if checker_unit_id not in members:
        raise Refusal("score.not_member")
    if check.status is not CheckStatus.ASSIGNED:
        raise Refusal("score.already_started")
    before, check.checker_unit_id, check.updated_at = check.checker_unit_id, checker_unit_id, now
    await audit.record(
        session,
        actor,
        "score.reassign",
        now,
        target_type="cross_check",
        target_id=check.id,
        details={"from": before, "to": checker_unit_id},
    )
    return check


async def _load(
    session: AsyncSession, check_id: int, *, open_only: bool = True, lock: bool = True
) -> tuple[CrossCheck, ScoreTemplate]:
    check = await repo.check(session, check_id, lock=lock)
    if check is None:
        raise Refusal("score.no_check")
    row = await repo.template_by_id(session, check.template_id)
    assert row is not None  # a check cannot outlive its template (ON DELETE CASCADE)
    if open_only and row.closed_at is not None:
        raise Refusal("score.closed")
    return check, row


async def self_score(
    session: AsyncSession, actor: Actor, check_id: int, criterion: str, points: float | None, now: datetime
) -> None:
    """The checked unit's own score for one criterion (None skips it)."""
    check, row = await _load(session, check_id)
    require_unit(actor, check.checked_unit_id, "score.self", check.id)
    value = valid_points(sheet_of(row), criterion, points)
    line = await repo.line(session, check.id, criterion)
    line.self_points = value
    check.updated_at = now


async def score(
    session: AsyncSession,
    actor: Actor,
    check_id: int,
    criterion: str,
    points: float | None,
    note: str,
    now: datetime,
) -> None:
    """The checker's score for one criterion, with a note; None skips it. Only before the checked unit answers."""
    check, row = await _load(session, check_id)
    if actor.unit_id == check.checked_unit_id and actor.unit_id != check.checker_unit_id:
        raise Refusal("score.self_check")
    require_unit(actor, check.checker_unit_id, "score.check", check.id)
    if check.status not in (CheckStatus.ASSIGNED, CheckStatus.SCORED):
        raise Refusal("score.answered")
    value = valid_points(sheet_of(row), criterion, points)
    line = await repo.line(session, check.id, criterion)
    line.checker_points, line.note = value, " ".join(note.split())[:500]
    check.updated_at = now


async def finish_scoring(session: AsyncSession, actor: Actor, check_id: int, now: datetime) -> UnitNotice:
    """The checker is done: the checked unit is told to look and agree or disagree."""
    check, row = await _load(session, check_id)
    require_unit(actor, check.checker_unit_id, "score.check", check.id)
    if check.status not in (CheckStatus.ASSIGNED, CheckStatus.SCORED):
        raise Refusal("score.answered")
    lines = await repo.lines(session, check.id)
    if not any(line.checker_points is not None for line in lines.values()):
        raise Refusal("score.nothing_scored")
    check.status, check.updated_at = CheckStatus.SCORED, now
    sheet = sheet_of(row)
    total = sheet.total({c: line.checker_points or 0.0 for c, line in lines.items()})
    await audit.record(
        session, actor, "score.finish", now, target_type="cross_check", target_id=check.id, details={"total": total}
    )
    return UnitNotice(check.checked_unit_id, t("score.notice.scored", total=_fmt(total)))


async def respond(
    session: AsyncSession, actor: Actor, check_id: int, agree: bool, reason: str, now: datetime
) -> UnitNotice:
    """The checked unit agrees, or disagrees with a reason; the cluster head is told."""
    check, row = await _load(session, check_id)
    require_unit(actor, check.checked_unit_id, "score.respond", check.id)
    if check.status is not CheckStatus.SCORED:
        raise Refusal("score.not_scored_yet")
    reason = " ".join(reason.split())
    if not agree and not reason:
        raise Refusal("score.reason_needed")
    check.status = CheckStatus.AGREED if agree else CheckStatus.DISPUTED
    check.dispute_reason, check.updated_at = (None if agree else reason[:2000]), now
    await audit.record(
        session, actor, "score.respond", now, target_type="cross_check", target_id=check.id, details={"agree": agree}
    )
    heads = [
        m.unit_id
        for m, _ in await unit_repo.cluster_members(session, row.cluster_id, row.year)
        if m.role is ClusterRole.HEAD
    ]
    key = "score.notice.agreed" if agree else "score.notice.disputed"
    return UnitNotice(heads[0] if heads else row.cluster_id, t(key, reason=reason))


async def settle(
    session: AsyncSession,
    actor: Actor,
    check_id: int,
    overrides: dict[str, float | None],
    now: datetime,
) -> UnitNotice:
    """The cluster head fixes the final scores: the checker's, unless overridden for a criterion."""
    check, row = await _load(session, check_id)
    await require_office_or_head(session, actor, row.cluster_id, row.year, "score.settle")
    if check.status not in (CheckStatus.AGREED, CheckStatus.DISPUTED, CheckStatus.SETTLED):
        raise Refusal("score.not_answered")
    sheet = sheet_of(row)
    checked = {code: valid_points(sheet, code, value) for code, value in overrides.items()}
    lines = await repo.lines(session, check.id)
    for item in sheet.items:
        line = lines.get(item.code)
        if item.code in checked:
            line = line or await repo.line(session, check.id, item.code)
            line.final_points = checked[item.code]
        elif line is not None:
            line.final_points = line.checker_points
    check.status, check.updated_at = CheckStatus.SETTLED, now
    finals = {c: (line.final_points or 0.0) for c, line in (await repo.lines(session, check.id)).items()}
    total = sheet.total(finals)
    await audit.record(
        session,
        actor,
        "score.settle",
        now,
        target_type="cross_check",
        target_id=check.id,
        details={"total": total, "overrides": sorted(checked)},
    )
    return UnitNotice(check.checked_unit_id, t("score.notice.settled", total=_fmt(total), band=sheet.band(total)))


async def close(session: AsyncSession, actor: Actor, cluster_id: int, year: int, now: datetime) -> None:
    """The cluster head closes the year's cross-check once every check is settled."""
    await require_office_or_head(session, actor, cluster_id, year, "score.close")
    row = await repo.template(session, cluster_id, year)
    if row is None:
        raise Refusal("score.no_checks")
    if row.closed_at is not None:
        raise Refusal("score.closed")
    checks = await repo.checks(session, row.id)
    if not checks:
        raise Refusal("score.no_checks")
    if open_ := [c for c in checks if c.status is not CheckStatus.SETTLED]:
        raise Refusal("score.unsettled", count=len(open_))
    row.closed_at = now
    await audit.record(
        session, actor, "score.close", now, target_type="cluster", target_id=cluster_id, details={"year": year}
    )


async def apply_sheet(session: AsyncSession, actor: Actor, check_id: int, content: bytes, now: datetime) -> int:
    """The checker's scores from an uploaded filled sheet, all or nothing; returns how many were scored."""
    from services.scoring.sheet_excel import read_scores

    check, row = await _load(session, check_id)
    require_unit(actor, check.checker_unit_id, "score.check", check.id)
    sheet = sheet_of(row)
    read = read_scores(content, sheet)
    for code, (points, _) in read.items():
        valid_points(sheet, code, points)  # every value checked before anything is written
    for code, (points, note) in read.items():
        await score(session, actor, check_id, code, points, note, now)
    return sum(1 for points, _ in read.values() if points is not None)


async def my_checks(session: AsyncSession, actor: Actor, year: int) -> tuple[list[CrossCheck], list[CrossCheck]]:
    """(the checks the caller's unit does, the check of the caller's unit) that year: where a flow starts."""
    if not actor.is_active or actor.unit_id is None:
        return [], []
    found = await repo.checks_of_unit(session, actor.unit_id, year)
    return [c for c in found if c.checker_unit_id == actor.unit_id], [
        c for c in found if c.checked_unit_id == actor.unit_id
    ]


async def proposed_reporting_score(
    session: AsyncSession, actor: Actor, check_id: int, now: datetime
) -> tuple[str, float, int, int] | None:
    """For the checker: (criterion code, proposed points, reports due, on time) of the checked unit,
    from the submissions in the database; None when the sheet has no reporting criterion."""
    check, row = await _load(session, check_id, open_only=False, lock=False)
    if actor.unit_id != check.checker_unit_id:
        await require_office_or_head(session, actor, row.cluster_id, row.year, "score.check")
    sheet = sheet_of(row)
    item = sheet.reporting_item
    if item is None:
        return None
    due, on_time = (await repo.report_punctuality(session, [check.checked_unit_id], row.year, now)).get(
        check.checked_unit_id, (0, 0)
    )
    return item.code, proposed_points(item.max, due, on_time), due, on_time
