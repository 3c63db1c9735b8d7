"""A dossier's statuses (domain.md §2.5) and the only moves between them.

    du_thao ─submit─► da_gui ─receive─► da_tiep_nhan ─eligible─► du_dieu_kien ─to_council─► trinh_hoi_dong
        ▲                │                   │    └─not_eligible─► khong_du_dieu_kien        │
        └── tra_lai ◄────┴───────────────────┘ (reason + new deadline)        pass / fail ◄──┘
    hoi_dong_thong_qua ─decide─► da_co_quyet_dinh ─propose_up─► trinh_cap_tren ─decided_up─► cap_tren_da_quyet_dinh

The unit submits (from a draft or after a return) once nothing required is missing; every other move is
the Office's. "eligible" is refused while a nominee fails a rule. Each move is audited and returns the
notice for the proposing unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import Ref, t
from core.text import RichText
from services import audit
from services.actors import Actor
from services.dossiers.proposals import missing_parts, require_proposer
from services.dossiers.rules import DossierRules
from services.errors import Forbidden, Refusal
from services.unit_notice import UnitNotice
from storage.models import Dossier, DossierStatus
from storage.repos import dossiers as repo

__all__ = ["MOVES", "Move", "move", "status_label"]

S = DossierStatus


@dataclass(frozen=True, slots=True)
class Move:
    sources: frozenset[DossierStatus]
    target: DossierStatus
    by_unit: bool = False  # the proposing unit; otherwise the Office


MOVES: dict[str, Move] = {
    "submit": Move(frozenset({S.DRAFT, S.RETURNED}), S.SENT, by_unit=True),
    "receive": Move(frozenset({S.SENT}), S.RECEIVED),
    "return": Move(frozenset({S.SENT, S.RECEIVED}), S.RETURNED),
    "eligible": Move(frozenset({S.RECEIVED}), S.ELIGIBLE),
    "not_eligible": Move(frozenset({S.RECEIVED}), S.NOT_ELIGIBLE),
    "to_council": Move(frozenset({S.ELIGIBLE}), S.TO_COUNCIL),
    "pass": Move(frozenset({S.TO_COUNCIL}), S.PASSED),
    "fail": Move(frozenset({S.TO_COUNCIL}), S.NOT_PASSED),
    "decide": Move(frozenset({S.PASSED}), S.DECIDED),
    "propose_up": Move(frozenset({S.DECIDED}), S.PROPOSED_UP),
    "decided_up": Move(frozenset({S.PROPOSED_UP}), S.DECIDED_UP),
}


def status_label(status: DossierStatus) -> Ref:
    return Ref(f"dossier.status.{status.value}")


async def move(
    session: AsyncSession,
    actor: Actor,
    dossier_id: int,
    action: str,
    now: datetime,
    *,
    rules: DossierRules,
    reason: str = "",
    resubmit_by: dt.date | None = None,
) -> UnitNotice:
    step = MOVES.get(action)
    if step is None:
        raise Refusal("dossier.bad_move")
    dossier = await repo.dossier(session, dossier_id, lock=True)
    if dossier is None:
        raise Refusal("dossier.not_found")
    if step.by_unit:
        await require_proposer(session, actor, dossier.unit_id, f"dossier.{action}")
    elif not actor.is_admin:
        raise Forbidden(f"dossier.{action}", target_type="dossier", target_id=dossier.id)
    if dossier.status not in step.sources:
        raise Refusal("dossier.illegal_move", status=status_label(dossier.status), target=status_label(step.target))
    reason = " ".join(reason.split())[:2000]
    await _guard(session, dossier, action, rules, reason, resubmit_by, now)
    before = dossier.status
    dossier.status, dossier.updated_at = step.target, now
    if action == "return":
        dossier.return_reason, dossier.resubmit_by = reason, resubmit_by
    await audit.record(
        session,
        actor,
        f"dossier.{action}",
        now,
        target_type="dossier",
        target_id=dossier.id,
        details={"from": before.value, "to": step.target.value, "reason": reason or None},
    )
    return UnitNotice(dossier.unit_id, _notice(dossier, reason))


async def _guard(
    session: AsyncSession,
    dossier: Dossier,
    action: str,
    rules: DossierRules,
    reason: str,
    resubmit_by: dt.date | None,
    now: datetime,
) -> None:
    if action == "submit":
        nominees = await repo.nominees(session, dossier.id)
        if not nominees:
            raise Refusal("dossier.no_nominees")
        if missing := await missing_parts(session, dossier, rules):
            raise Refusal("dossier.missing", parts="; ".join(_missing_label(m.name, m.nominee) for m in missing))
    elif action == "return":
        if not reason:
            raise Refusal("dossier.reason_needed")
        if resubmit_by is None or resubmit_by < now.date():
            raise Refusal("dossier.deadline_needed")
    elif action == "not_eligible" and not reason:
        raise Refusal("dossier.reason_needed")
    elif action == "eligible":
        failing = [
            n.full_name
            for n in await repo.nominees(session, dossier.id)
            if any(c.get("level") == "fail" for c in n.eligibility)
        ]
        if failing:
            raise Refusal("dossier.has_ineligible", names=", ".join(failing))


def _missing_label(part: str, nominee: str | None) -> str:
    return part if nominee is None else f"{part} ({nominee})"


def _notice(dossier: Dossier, reason: str) -> RichText:
    status = status_label(dossier.status)
    if dossier.status is DossierStatus.RETURNED:
        due = dossier.resubmit_by.strftime("%d/%m/%Y") if dossier.resubmit_by else ""
        return t("dossier.notice.returned", id=dossier.id, year=dossier.year, reason=reason, due=due)
    if reason:
        return t("dossier.notice.status_reason", id=dossier.id, year=dossier.year, status=status, reason=reason)
    return t("dossier.notice.status", id=dossier.id, year=dossier.year, status=status)
