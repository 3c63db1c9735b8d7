"""The council (Hội đồng TĐKT) of a level and year, and its sessions up to the ballot.

A session goes draft → published (the nominee list is made public inside the agency for
``publish_days`` days, domain.md §1.5) → open (members vote, see ballot.py) → closed (counted).
Every function is a plain async call taking a session, the actor and values; a user's mistake
raises ``Refusal("council.…")`` and changes nothing. The Office (admins) manages; members vote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.award_catalog import AwardCatalog
from services.award_models import Subject, fold
from services.errors import Refusal
from storage.models import (
    AwardRule,
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Nominee,
    SessionAttendance,
    SessionStatus,
    VoteBase,
    VoteMethod,
)
from storage.repos import accounts as account_repo
from storage.repos import commendation as repo

MAX_PUBLISH_DAYS = 60


@dataclass(frozen=True, slots=True)
class MemberInput:
    account_id: int
    role: CouncilRole
    full_name: str
    position: str = ""


@dataclass(frozen=True, slots=True)
class RuleInput:
    """How one title is decided: method, base, threshold %, quorum %, written votes of absent members."""

    award_code: str
    method: VoteMethod = VoteMethod.SECRET
    base: VoteBase = VoteBase.ALL_MEMBERS
    threshold_pct: int = 70
    quorum_pct: int = 50
    absent_in_writing: bool = True


@dataclass(frozen=True, slots=True)
class NomineeInput:
    name: str
    award_code: str
    unit_name: str
    collective: bool = False
    unit_id: int | None = None


async def set_council(
    session: AsyncSession,
    actor: Actor,
    *,
    level: str,
    year: int,
    name: str,
    issuer: str,
    members: Sequence[MemberInput],
    now: datetime,
) -> Council:
    """Create or replace the council of ``level`` for ``year`` with its members."""
    ensure_admin(actor, "council.set", target_type="council", target_id=f"{level}/{year}")
    if sum(1 for m in members if m.role is CouncilRole.CHAIR) != 1:
        raise Refusal("council.one_chair")
    if len({m.account_id for m in members}) != len(members):
        raise Refusal("council.member_twice")
    for member in members:
        account = await account_repo.get(session, member.account_id)
        if account is None or not account.is_active:
            raise Refusal("council.member_not_active", name=member.full_name)
    found = await repo.council_by_level(session, level, year)
    if found is None:
        found = Council(level=level, year=year, name=name, issuer=issuer, created_at=now)
        session.add(found)
        await session.flush()
    else:
        if await repo.has_open_session(session, found.id):
            raise Refusal("council.ballot_running")  # the ballot's rows are keyed by today's members
        found.name, found.issuer = name, issuer
        await repo.remove_members(session, found.id)
    session.add_all(
        CouncilMember(
            council_id=found.id,
            account_id=m.account_id,
            role=m.role,
            full_name=m.full_name.strip(),
            position=m.position,
        )
        for m in members
    )
    await session.flush()
    await audit.record(session, actor, "council.set", now, target_type="council", target_id=found.id)
    return found


async def convene(
    session: AsyncSession,
    actor: Actor,
    catalog: AwardCatalog,
    *,
    council_id: int,
    held_on: date,
    place: str,
    publish_days: int,
    nominees: Sequence[NomineeInput],
    rules: Sequence[RuleInput],
    now: datetime,
) -> CouncilSession:
    """A draft session: the nominee list and the rule of each title on it."""
    ensure_admin(actor, "council.convene", target_type="council", target_id=council_id)
    council = await repo.council(session, council_id)
    if council is None:
        raise Refusal("council.unknown")
    if not 0 <= publish_days <= MAX_PUBLISH_DAYS:
        raise Refusal("council.bad_publish_days", limit=MAX_PUBLISH_DAYS)
    if not nominees:
        raise Refusal("council.no_nominees")
    by_code = {rule.award_code: rule for rule in rules}
    for rule in rules:
        if not (0 < rule.threshold_pct <= 100 and 0 <= rule.quorum_pct <= 100):
            raise Refusal("council.bad_rule", award=rule.award_code)
    members = await repo.members(session, council_id)
    if not members:
        raise Refusal("council.no_members")
    created = CouncilSession(
        council_id=council_id,
        held_on=held_on,
        place=place,
        status=SessionStatus.DRAFT,
        publish_days=publish_days,
        created_by_id=actor.account_id,
        created_at=now,
    )
    session.add(created)
    await session.flush()
    seen: set[tuple[str, str]] = set()
    for position, item in enumerate(nominees, start=1):
        award = catalog.find(item.award_code)
        subject = Subject.TAP_THE if item.collective else Subject.CA_NHAN
        if award is None or not award.is_for(subject):
            raise Refusal("council.unknown_award", name=item.name, award=item.award_code)
        if item.award_code not in by_code:
            raise Refusal("council.no_rule", award=award.short)
        key = holder_key(item.name, item.collective)
        if (key, item.award_code) in seen:
            raise Refusal("council.nominee_twice", name=item.name, award=award.short)
        seen.add((key, item.award_code))
        session.add(
            Nominee(
                session_id=created.id,
                position=position,
                collective=item.collective,
                name=" ".join(item.name.split()),
                holder_key=key,
                unit_id=item.unit_id,
                unit_name=item.unit_name,
                award_code=item.award_code,
            )
        )
    used = {item.award_code for item in nominees}
    session.add_all(
        AwardRule(
            session_id=created.id,
            award_code=r.award_code,
            method=r.method,
            base=r.base,
            threshold_pct=r.threshold_pct,
            quorum_pct=r.quorum_pct,
            absent_in_writing=r.absent_in_writing,
        )
        for r in rules
        if r.award_code in used
    )
    session.add_all(SessionAttendance(session_id=created.id, member_id=m.id, present=True) for m in members)
    await session.flush()
    await audit.record(session, actor, "council.convene", now, target_type="council_session", target_id=created.id)
    return created


def holder_key(name: str, collective: bool) -> str:
    """How one person or collective is recognised across years: the name, folded (no accents, no case)."""
    return ("tt:" if collective else "cn:") + fold(name)


async def editable(session: AsyncSession, actor: Actor, session_id: int, action: str) -> CouncilSession:
    ensure_admin(actor, action, target_type="council_session", target_id=session_id)
    found = await repo.council_session(session, session_id, lock=True)
    if found is None:
        raise Refusal("council.session_unknown")
    return found


async def publish(session: AsyncSession, actor: Actor, session_id: int, now: datetime) -> CouncilSession:
    """Make the nominee list public inside the agency; the ballot may open ``publish_days`` later."""
    found = await editable(session, actor, session_id, "council.publish")
    if found.status is not SessionStatus.DRAFT:
        raise Refusal("council.not_draft")
    found.status, found.published_at = SessionStatus.PUBLISHED, now
    await audit.record(session, actor, "council.publish", now, target_type="council_session", target_id=session_id)
    return found


async def published_list(session: AsyncSession, actor: Actor, session_id: int) -> Sequence[Nominee]:
    """The nominee list as made public inside the agency: any linked account may read it once published."""
    if not actor.is_active:
        raise Refusal("council.session_unknown")
    found = await repo.council_session(session, session_id)
    if found is None or (found.status is SessionStatus.DRAFT and not actor.is_admin):
        raise Refusal("council.session_unknown")
    return await repo.nominees(session, session_id)


def may_open_from(found: CouncilSession) -> datetime | None:
    if found.published_at is None:
        return None
    return found.published_at + timedelta(days=found.publish_days)


async def mark_absent(
    session: AsyncSession, actor: Actor, session_id: int, absent_account_ids: Sequence[int], now: datetime
) -> None:
    """Record who is absent (everyone else is present). Fixed once the ballot opens."""
    found = await editable(session, actor, session_id, "council.attendance")
    if found.status not in (SessionStatus.DRAFT, SessionStatus.PUBLISHED):
        raise Refusal("council.attendance_fixed")
    absent = set(absent_account_ids)
    for member in await repo.members(session, found.council_id):
        await repo.set_presence(session, session_id, member.id, member.account_id not in absent)
    await audit.record(
        session,
        actor,
        "council.attendance",
        now,
        target_type="council_session",
        target_id=session_id,
        details={"absent": len(absent)},
    )
