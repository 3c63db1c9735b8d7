"""A unit's nomination dossier: create it, add nominees with their award, attach documents, list what is missing.

A unit's officer proposes for the unit; the Office (an admin) proposes for its own collectives and staff
(the Office, the divisions, the leadership). Nominees and documents change only while the dossier is a
draft or returned. The same nominee for the same award twice in one year is refused, in any dossier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.actors import Actor
from services.award_catalog import AwardCatalog
from services.award_models import Subject
from services.dossiers.eligibility import Check, check_nominee
from services.dossiers.history import AwardHistory, Who
from services.dossiers.rules import DossierRules
from services.errors import Forbidden, Refusal
from storage.models import Dossier, DossierDocument, DossierNominee, DossierStatus, UnitKind
from storage.repos import dossiers as repo
from storage.repos import units as unit_repo

__all__ = [
    "CATEGORIES",
    "Missing",
    "StoredFile",
    "add_nominee",
    "attach",
    "create_dossier",
    "dossiers_for",
    "missing_parts",
    "recheck",
    "require_proposer",
]

CATEGORIES = ("cong_trang", "chuyen_de", "dot_xuat", "cong_hien", "nien_han", "doi_ngoai")
OFFICE_OWN = (UnitKind.OFFICE, UnitKind.DIVISION, UnitKind.LEADERSHIP)
EDITABLE = (DossierStatus.DRAFT, DossierStatus.RETURNED)


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A document already in the file store (storage/files.py); the flow stores it, the dossier refers to it."""

    sha256: str
    name: str
    mime: str
    size: int


@dataclass(frozen=True, slots=True)
class Missing:
    part: str
    name: str
    nominee_id: int | None = None
    nominee: str | None = None


async def require_proposer(session: AsyncSession, actor: Actor, unit_id: int, action: str) -> None:
    """The unit's own officer, or the Office for the units of Thanh tra tỉnh itself."""
    if actor.is_active and actor.unit_id == unit_id and not actor.is_admin:
        return
    if actor.is_admin:
        unit = await unit_repo.get(session, unit_id)
        if unit is not None and unit.kind in OFFICE_OWN:
            return
    raise Forbidden(action, target_type="unit", target_id=unit_id)


async def create_dossier(
    session: AsyncSession, actor: Actor, unit_id: int, year: int, category: str, now: datetime
) -> Dossier:
    await require_proposer(session, actor, unit_id, "dossier.create")
    if category not in CATEGORIES:
        raise Refusal("dossier.bad_category")
    dossier = Dossier(
        unit_id=unit_id,
        year=year,
        category=category,
        status=DossierStatus.DRAFT,
        created_by_id=actor.account_id,
        created_at=now,
        updated_at=now,
    )
    await repo.add(session, dossier)
    await audit.record(
        session,
        actor,
        "dossier.create",
        now,
        target_type="dossier",
        target_id=dossier.id,
        details={"unit": unit_id, "year": year, "category": category},
    )
    return dossier


async def _editable(session: AsyncSession, actor: Actor, dossier_id: int, action: str) -> Dossier:
    dossier = await repo.dossier(session, dossier_id, lock=True)
    if dossier is None:
        raise Refusal("dossier.not_found")
    await require_proposer(session, actor, dossier.unit_id, action)
    if dossier.status not in EDITABLE:
        raise Refusal("dossier.not_editable")
    return dossier


async def add_nominee(
    session: AsyncSession,
    actor: Actor,
    dossier_id: int,
    *,
    subject: Subject,
    full_name: str,
    award_code: str,
    now: datetime,
    catalog: AwardCatalog,
    rules: DossierRules,
    history: AwardHistory,
    position: str = "",
    unit_id: int | None = None,
) -> tuple[DossierNominee, list[Check]]:
    """Add a person (in the proposing unit) or a collective (the proposing unit, or for the Office one of
    its own units), checked at once: the eligibility checks come back to be shown and are kept."""
    dossier = await _editable(session, actor, dossier_id, "dossier.nominee")
    name = " ".join(full_name.split())
    if not name or len(name) > 255:
        raise Refusal("dossier.bad_name")
    target_unit = unit_id if unit_id is not None else dossier.unit_id
    if target_unit != dossier.unit_id:
        await require_proposer(session, actor, target_unit, "dossier.nominee")
    award = catalog.find(award_code)
    if award is None:
        raise Refusal("dossier.unknown_award", code=award_code)
    if not award.is_for(subject):
        raise Refusal("dossier.wrong_subject", award=award.short)
    who = Who(subject, target_unit, name)
    if await repo.nominee_exists(session, dossier.year, who.key, award.code):
        raise Refusal("dossier.duplicate", name=name, award=award.short, year=dossier.year)
    nominee = DossierNominee(
        dossier_id=dossier.id,
        year=dossier.year,
        subject=subject.value,
        unit_id=target_unit,
        full_name=name,
        position=" ".join(position.split())[:120],
        subject_key=who.key,
        award_code=award.code,
        eligibility=[],
    )
    await repo.add(session, nominee)
    checks = await _evaluate(session, nominee, now, catalog, rules, history)
    dossier.updated_at = now
    await audit.record(
        session,
        actor,
        "dossier.nominee",
        now,
        target_type="dossier",
        target_id=dossier.id,
        details={"nominee": nominee.id, "award": award.code, "subject": subject.value},
    )
    return nominee, checks


async def _evaluate(
    session: AsyncSession,
    nominee: DossierNominee,
    now: datetime,
    catalog: AwardCatalog,
    rules: DossierRules,
    history: AwardHistory,
) -> list[Check]:
    """Check the nominee against the rules of the day (or of its year's end) and keep the result on it."""
    checks = await check_nominee(
        session,
        catalog=catalog,
        rules=rules,
        history=history,
        who=Who(Subject(nominee.subject), nominee.unit_id, nominee.full_name),
        award_code=nominee.award_code,
        year=nominee.year,
        on=min(now.date(), dt.date(nominee.year, 12, 31)),
    )
    nominee.eligibility = [c.to_json() for c in checks]
    return checks


async def attach(
    session: AsyncSession,
    actor: Actor,
    dossier_id: int,
    part: str,
    file: StoredFile,
    now: datetime,
    *,
    rules: DossierRules,
    nominee_id: int | None = None,
) -> DossierDocument:
    dossier = await _editable(session, actor, dossier_id, "dossier.attach")
    known = {p.code: p for p in rules.parts}
    if part not in known:
        raise Refusal("dossier.unknown_part")
    if known[part].per_nominee:
        nominee = await repo.nominee(session, nominee_id) if nominee_id is not None else None
        if nominee is None or nominee.dossier_id != dossier.id:
            raise Refusal("dossier.part_needs_nominee", part=known[part].name)
    elif nominee_id is not None:
        raise Refusal("dossier.part_for_dossier", part=known[part].name)
    document = DossierDocument(
        dossier_id=dossier.id,
        nominee_id=nominee_id,
        part=part,
        sha256=file.sha256,
        file_name=file.name[:255],
        mime_type=file.mime[:120],
        size=file.size,
        uploaded_by_id=actor.account_id,
        uploaded_at=now,
    )
    await repo.add(session, document)
    dossier.updated_at = now
    await audit.record(
        session,
        actor,
        "dossier.attach",
        now,
        target_type="dossier",
        target_id=dossier.id,
        details={"part": part, "nominee": nominee_id, "sha256": file.sha256},
    )
    return document


async def missing_parts(session: AsyncSession, dossier: Dossier, rules: DossierRules) -> list[Missing]:
    """What the dossier still lacks for its nominees' awards (domain.md §1.6), dossier-wide parts first."""
    nominees = await repo.nominees(session, dossier.id)
    have = {(d.part, d.nominee_id) for d in await repo.documents(session, dossier.id)}
    needed = {code: None for n in nominees for code in rules.required_parts(n.award_code, dossier.category)}
    missing: list[Missing] = []
    for code in needed:
        part = rules.part(code)
        if part.per_nominee:
            continue
        if (code, None) not in have:
            missing.append(Missing(code, part.name))
    for nominee in nominees:
        for code in rules.required_parts(nominee.award_code, dossier.category):
            part = rules.part(code)
            if part.per_nominee and (code, nominee.id) not in have:
                missing.append(Missing(code, part.name, nominee.id, nominee.full_name))
    return missing


async def recheck(
    session: AsyncSession,
    actor: Actor,
    dossier_id: int,
    now: datetime,
    *,
    catalog: AwardCatalog,
    rules: DossierRules,
    history: AwardHistory,
) -> dict[int, list[Check]]:
    """The Office checks every nominee again (registrations or the record may have changed since they
    were added), keeps the new results and returns them by nominee."""
    if not actor.is_admin:
        raise Forbidden("dossier.recheck", target_type="dossier", target_id=dossier_id)
    dossier = await repo.dossier(session, dossier_id, lock=True)
    if dossier is None:
        raise Refusal("dossier.not_found")
    result = {
        nominee.id: await _evaluate(session, nominee, now, catalog, rules, history)
        for nominee in await repo.nominees(session, dossier.id)
    }
    await audit.record(session, actor, "dossier.recheck", now, target_type="dossier", target_id=dossier.id)
    return result


async def dossiers_for(session: AsyncSession, actor: Actor, year: int) -> list[Dossier]:
    """What the caller may see: the Office every dossier of the year, a unit its own."""
    if actor.is_admin:
        return list(await repo.dossiers_of(session, year))
    if not actor.is_active or actor.unit_id is None:
        return []
    return list(await repo.dossiers_of(session, year, [actor.unit_id]))
