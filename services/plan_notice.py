"""The notice of a published plan: one broadcast to every unit, with the plan as a workbook.

It is written in the publishing transaction, straight into the broadcast outbox (confirmed), so the
background sender delivers it once per account; a publish that loses the race writes nothing.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import t
from core.text import to_plain
from schedules.plan_file import GroupCode, PlanFile, PlanItemKind, PlanItemSpec, UnitSelector
from services import broadcasts
from services.actors import Actor
from services.broadcast_audience import Audience, AudienceKind, resolve
from services.broadcasts import STORED, Attachment, Draft
from storage.files import FileStore
from storage.models import Plan, PlanItem, ReplyKind


@dataclass(frozen=True, slots=True)
class Announced:
    recipients: int
    broadcast_id: int | None  # None: no unit has an account yet


def _selector(text: str) -> UnitSelector:
    kind, _, code = text.rpartition(":")
    if not kind:
        return UnitSelector.model_validate(code)
    return UnitSelector.model_validate({kind: code})


def plan_file_of(plan: Plan, items: Sequence[PlanItem]) -> PlanFile:
    """The stored plan in the file shape the workbook writer takes (not re-validated: it is ours)."""
    specs = [
        PlanItemSpec.model_construct(
            quarter=i.quarter,
            item_no=i.item_no,
            task=i.task,
            task_en=None,
            lead=GroupCode(i.lead) if i.lead else None,
            coordinating=[_selector(s) for s in i.coordinating or ()],
            kind=PlanItemKind(i.kind),
            submitters=[_selector(s) for s in i.submitters or ()],
            deliverable=i.deliverable,
            due=i.due_on,
            due_note=i.due_note,
            optional=i.optional,
            conditional=i.conditional,
            depends_on=[],
            recipients=[],
            note=i.note,
            round_kind="registration" if i.round_kind == "registration" else "report",
        )
        for i in items
    ]
    return PlanFile.model_construct(
        number=plan.number,
        date=plan.issued_on,
        title=plan.title,
        issuer=plan.issuer,
        signer=plan.signer,
        signer_title=plan.signer_title,
        year=plan.year,
        legal_basis=[],
        implementation=[],
        recipients=[],
        groups={},
        items=specs,
    )


def workbook_bytes(plan: PlanFile) -> bytes:
    from schedules.plan_workbook import write_plan_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ke-hoach.xlsx"
        write_plan_workbook(plan, path)
        return path.read_bytes()


async def announce(
    session: AsyncSession,
    actor: Actor,
    plan: Plan,
    items: Sequence[PlanItem],
    *,
    files: FileStore | None,
    identity_id: int,
    now: datetime,
    today: date,
) -> Announced:
    audience = Audience(AudienceKind.ALL)
    if not (await resolve(session, audience, today)).targets:
        return Announced(0, None)
    attachment = None
    if files is not None:
        content = await asyncio.to_thread(workbook_bytes, plan_file_of(plan, items))
        name = to_plain(t("plans.workbook_name", year=plan.year))
        attachment = Attachment(STORED, await files.put(content), name)
    # The notice is plain text (the broadcast escapes it): the catalogue's HTML is turned back into text.
    text = to_plain(t("plans.notice_text", year=plan.year, issuer=plan.issuer, items=len(items)))
    draft, _ = await broadcasts.create_draft(
        session, actor, Draft(text, ReplyKind.ACK, attachment, audience), now, today
    )
    confirmed = await broadcasts.confirm(session, actor, draft.id, identity_id, now)
    return Announced(confirmed.total, confirmed.id)
