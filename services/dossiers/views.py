"""What the /hoso flow shows and sends: a dossier with its nominees, documents and what is missing.

Who sees a dossier: its proposing unit's officers, and the Office (every dossier). A document of
another unit fetched by the Office is an audited read, as a report's files are (services/office_review.py);
an id the caller may not see is one answer, "not found", audited as a probe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.actors import Actor
from services.award_catalog import AwardCatalog
from services.award_models import Award, Kind, Subject
from services.dossiers.proposals import OFFICE_OWN, Missing, missing_parts
from services.dossiers.rules import DossierRules
from services.errors import NotFound
from storage.models import Dossier, DossierDocument, DossierNominee, Unit
from storage.repos import dossiers as repo
from storage.repos import units as unit_repo

__all__ = ["DossierView", "awards_for", "document", "proposer_units", "unit_names", "view"]


@dataclass(frozen=True, slots=True)
class DossierView:
    dossier: Dossier
    unit: str
    nominees: Sequence[DossierNominee]
    documents: Sequence[DossierDocument]
    missing: list[Missing]
    own: bool  # the caller proposes for this dossier's unit (may edit it while it is a draft or returned)


def _may_see(actor: Actor, dossier: Dossier) -> bool:
    return actor.is_admin or (actor.is_active and actor.unit_id == dossier.unit_id)


async def _own(session: AsyncSession, actor: Actor, dossier: Dossier) -> bool:
    if actor.is_admin:
        unit = await unit_repo.get(session, dossier.unit_id)
        return unit is not None and unit.kind in OFFICE_OWN
    return actor.is_active and actor.unit_id == dossier.unit_id


async def view(session: AsyncSession, actor: Actor, dossier_id: int, rules: DossierRules) -> DossierView:
    dossier = await repo.dossier(session, dossier_id)
    if dossier is None or not _may_see(actor, dossier):
        raise NotFound("dossier.not_found", action="dossier.view", target_type="dossier", target_id=dossier_id)
    unit = await unit_repo.get(session, dossier.unit_id)
    return DossierView(
        dossier,
        unit.name if unit else "?",
        await repo.nominees(session, dossier.id),
        await repo.documents(session, dossier.id),
        await missing_parts(session, dossier, rules),
        await _own(session, actor, dossier),
    )


async def document(session: AsyncSession, actor: Actor, dossier_id: int, now: datetime) -> Sequence[DossierDocument]:
    """A dossier's documents to send to the caller; the Office reading another unit's is audited."""
    dossier = await repo.dossier(session, dossier_id)
    if dossier is None or not _may_see(actor, dossier):
        raise NotFound("dossier.not_found", action="dossier.documents", target_type="dossier", target_id=dossier_id)
    found = await repo.documents(session, dossier.id)
    if actor.unit_id != dossier.unit_id:
        await audit.record(
            session,
            actor,
            "dossier.documents",
            now,
            target_type="dossier",
            target_id=dossier.id,
            details={"unit_id": dossier.unit_id, "documents": [d.id for d in found]},
        )
    return found


async def proposer_units(session: AsyncSession, actor: Actor) -> list[Unit]:
    """The units the caller proposes for: its own unit, or for the Office its own collectives."""
    if not actor.is_active or actor.unit_id is None:
        return []
    if actor.is_admin:
        return [u for kind in OFFICE_OWN for u in await unit_repo.list_units(session, kind=kind)]
    unit = await unit_repo.get(session, actor.unit_id)
    return [unit] if unit is not None else []


async def unit_names(session: AsyncSession, unit_ids: Sequence[int]) -> dict[int, str]:
    return {u.id: u.name for u in await unit_repo.by_ids(session, list(set(unit_ids)))}


def awards_for(catalog: AwardCatalog, subject: Subject, on: dt.date) -> list[Award]:
    """Titles first, then forms of commendation, for this kind of nominee, in force that day."""
    return [
        a
        for kind in (Kind.DANH_HIEU, Kind.HINH_THUC)
        for a in catalog.select(kind, subject=subject, on=on, registrable=False)
    ]
