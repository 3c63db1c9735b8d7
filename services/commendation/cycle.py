"""The council's side of the year's end as the chat flows need it: views, and the dossiers kept in step.

- Views for /bophieu: the year's council and its sessions (the Office), a member's open ballots.
- The nominee list of a session comes from the dossiers the Office found eligible (domain.md §2.5):
  convening moves them to "trình Hội đồng"; counting moves each to "Hội đồng đã thông qua" (any of its
  nominees passed) or "không thông qua"; recording a decision moves the passed ones to "đã có quyết định".
  Each move goes through services/dossiers/lifecycle.py (audited) and returns the unit's notice.
- A nominee of a dossier and of a session are the same when the name (folded), the kind (person or
  collective) and the award agree: services/commendation/council.py's ``holder_key``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Address
from services import reach
from services.access import ensure_admin
from services.actors import Actor
from services.award_models import Subject
from services.commendation import ballot
from services.commendation.council import NomineeInput, holder_key
from services.dossiers.lifecycle import move
from services.dossiers.proposals import OFFICE_OWN
from services.dossiers.rules import DossierRules
from services.errors import Refusal
from services.unit_notice import UnitNotice
from storage.models import (
    Account,
    Choice,
    Council,
    CouncilMember,
    CouncilSession,
    DossierNominee,
    DossierStatus,
    Nominee,
    SessionStatus,
)
from storage.repos import accounts as account_repo
from storage.repos import commendation as repo
from storage.repos import commendation_records as record_repo
from storage.repos import dossiers as dossier_repo
from storage.repos import units as unit_repo

__all__ = [
    "COUNCIL_NAME",
    "ISSUER",
    "LEVEL",
    "BallotView",
    "SessionView",
    "after_count",
    "after_decision",
    "ballot_view",
    "council_of",
    "eligible_nominees",
    "member_candidates",
    "member_chats",
    "number_free",
    "open_ballots",
    "session_view",
    "sessions_of",
    "to_council",
]

LEVEL = "co_so"  # the council of Thanh tra tỉnh itself
COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng Thanh tra tỉnh"
ISSUER = "THANH TRA TỈNH LẠNG SƠN"
ISSUER_CODE, SYMBOL = "TTr", "QĐ-TTr"


def _key(nominee: DossierNominee) -> tuple[str, str]:
    return holder_key(nominee.full_name, nominee.subject == Subject.TAP_THE.value), nominee.award_code


async def council_of(session: AsyncSession, actor: Actor, year: int) -> tuple[Council | None, Sequence[CouncilMember]]:
    ensure_admin(actor, "council.view", target_type="council", target_id=f"{LEVEL}/{year}")
    found = await repo.council_by_level(session, LEVEL, year)
    return found, (await repo.members(session, found.id) if found else ())


async def member_candidates(session: AsyncSession, actor: Actor) -> list[tuple[Account, str]]:
    """Active accounts of the agency's own units (leadership, Office, divisions) with their unit's name:
    whom the Office may seat on the council."""
    ensure_admin(actor, "council.set")
    found: list[tuple[Account, str]] = []
    for kind in OFFICE_OWN:
        for unit in await unit_repo.list_units(session, kind=kind):
            found += [(a, unit.name) for a in await account_repo.of_unit(session, unit.id) if a.is_active]
    return found


async def sessions_of(session: AsyncSession, actor: Actor, council_id: int) -> Sequence[CouncilSession]:
    ensure_admin(actor, "council.view", target_type="council", target_id=council_id)
    return await repo.sessions_of_council(session, council_id)


@dataclass(frozen=True, slots=True)
class SessionView:
    session: CouncilSession
    council: Council
    nominees: Sequence[Nominee]
    members: Sequence[CouncilMember]
    present: dict[int, bool]  # member id → present
    rules: dict[str, tuple[int, int, str, bool]]  # award → (threshold %, quorum %, base, written votes)
    decided: set[int]  # nominee ids already in a recorded decision


async def session_view(session: AsyncSession, actor: Actor, session_id: int) -> SessionView:
    ensure_admin(actor, "council.view", target_type="council_session", target_id=session_id)
    found = await repo.council_session(session, session_id)
    if found is None:
        raise Refusal("council.session_unknown")
    council = await repo.council(session, found.council_id)
    assert council is not None
    nominees = await repo.nominees(session, session_id)
    rules = {
        code: (r.threshold_pct, r.quorum_pct, r.base.value, r.absent_in_writing)
        for code, r in (await repo.rules(session, session_id)).items()
    }
    decided: set[int] = set()
    for decision in await record_repo.decisions_of_session(session, session_id):
        keys = {(r.holder_key, r.award_code) for r in await record_repo.records_of_decision(session, decision.id)}
        decided |= {n.id for n in nominees if (n.holder_key, n.award_code) in keys}
    return SessionView(
        found,
        council,
        nominees,
        await repo.members(session, council.id),
        await repo.attendance(session, session_id),
        rules,
        decided,
    )


async def member_chats(session: AsyncSession, council_id: int) -> list[Address]:
    """Chats of the council's active members that can be told: each enabled, reachable channel."""
    active = []
    for member in await repo.members(session, council_id):
        account = await account_repo.get(session, member.account_id)
        if account is not None and account.is_active:
            active.append(account.id)
    return await reach.addresses_of(session, active)


async def open_ballots(session: AsyncSession, actor: Actor) -> Sequence[CouncilSession]:
    """The sessions whose ballot is open on a council the caller sits on."""
    if not actor.is_active:
        return []
    return await repo.sessions_of_member(session, actor.account_id, [SessionStatus.OPEN])


@dataclass(frozen=True, slots=True)
class BallotView:
    session: CouncilSession
    council: Council
    nominees: Sequence[Nominee]
    mine: dict[int, Choice | None]  # the caller's own answers, computed in memory, never stored


async def ballot_view(session: AsyncSession, actor: Actor, secret: bytes, session_id: int) -> BallotView:
    """The caller's ballot (refused for a non-member, a closed or not yet open ballot)."""
    mine = await ballot.my_ballot(session, actor, secret, session_id)
    found = await repo.council_session(session, session_id)
    assert found is not None  # my_ballot found it
    council = await repo.council(session, found.council_id)
    assert council is not None
    return BallotView(found, council, await repo.nominees(session, session_id), mine)


async def eligible_nominees(session: AsyncSession, actor: Actor, year: int) -> tuple[list[NomineeInput], list[int]]:
    """The nominees of the year's dossiers found eligible (or already sent to the council), and those dossiers."""
    ensure_admin(actor, "council.convene")
    dossiers = [
        d
        for d in await dossier_repo.dossiers_of(session, year)
        if d.status in (DossierStatus.ELIGIBLE, DossierStatus.TO_COUNCIL)
    ]
    names = {u.id: u.name for u in await unit_repo.by_ids(session, list({d.unit_id for d in dossiers}))}
    inputs: list[NomineeInput] = []
    seen: set[tuple[str, str]] = set()
    for dossier in dossiers:
        for nominee in await dossier_repo.nominees(session, dossier.id):
            if _key(nominee) in seen:
                continue
            seen.add(_key(nominee))
            collective = nominee.subject == Subject.TAP_THE.value
            inputs.append(
                NomineeInput(
                    nominee.full_name,
                    nominee.award_code,
                    names.get(nominee.unit_id, ""),
                    collective=collective,
                    unit_id=nominee.unit_id,
                )
            )
    return inputs, [d.id for d in dossiers]


async def to_council(
    session: AsyncSession, actor: Actor, dossier_ids: Sequence[int], now: datetime, rules: DossierRules
) -> list[UnitNotice]:
    notices = []
    for dossier_id in dossier_ids:
        dossier = await dossier_repo.dossier(session, dossier_id)
        if dossier is not None and dossier.status is DossierStatus.ELIGIBLE:
            notices.append(await move(session, actor, dossier_id, "to_council", now, rules=rules))
    return notices


async def after_count(
    session: AsyncSession, actor: Actor, session_id: int, year: int, now: datetime, rules: DossierRules
) -> list[UnitNotice]:
    """Dossiers at the council whose nominees were on this session: passed if any of them passed."""
    results = {(n.holder_key, n.award_code): bool(n.passed) for n in await repo.nominees(session, session_id)}
    notices = []
    for dossier in await dossier_repo.dossiers_of(session, year):
        if dossier.status is not DossierStatus.TO_COUNCIL:
            continue
        keys = [_key(n) for n in await dossier_repo.nominees(session, dossier.id)]
        counted = [results[k] for k in keys if k in results]
        if counted:
            action = "pass" if any(counted) else "fail"
            notices.append(await move(session, actor, dossier.id, action, now, rules=rules))
    return notices


async def after_decision(
    session: AsyncSession, actor: Actor, decision_id: int, year: int, now: datetime, rules: DossierRules
) -> list[UnitNotice]:
    """Dossiers the council passed with a nominee in this decision: "đã có quyết định"."""
    records = await record_repo.records_of_decision(session, decision_id)
    decided = {(r.holder_key, r.award_code) for r in records}
    notices = []
    for dossier in await dossier_repo.dossiers_of(session, year):
        if dossier.status is not DossierStatus.PASSED:
            continue
        if any(_key(n) in decided for n in await dossier_repo.nominees(session, dossier.id)):
            notices.append(await move(session, actor, dossier.id, "decide", now, rules=rules))
    return notices


async def number_free(session: AsyncSession, actor: Actor, number: int, year: int) -> None:
    """Refuse a decision number already used by the Office that year (checked again when recording)."""
    ensure_admin(actor, "decision.record")
    if number <= 0:
        raise Refusal("decision.bad_number")
    if await record_repo.decision_by_number(session, ISSUER_CODE, year, number) is not None:
        raise Refusal("decision.number_used", number=number, symbol=SYMBOL, year=year)
