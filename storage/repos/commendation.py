"""Councils, their sessions and the anonymous ballot rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import column, delete, insert, select, table, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AwardRule,
    BallotEntry,
    Choice,
    Council,
    CouncilMember,
    CouncilSession,
    Nominee,
    SessionAttendance,
    SessionStatus,
)

# A bare Core view of ballot_entries for the bulk inserts at open and close: no ORM bookkeeping and no
# per-value type processing (the ORM path cost ~80 µs a row, the Enum processor alone ~20 µs).
BALLOT_TABLE = table(
    "ballot_entries", column("session_id"), column("nominee_id"), column("tag"), column("choice"), column("seal")
)


async def council(session: AsyncSession, council_id: int) -> Council | None:
    return await session.get(Council, council_id)


async def council_by_level(session: AsyncSession, level: str, year: int) -> Council | None:
    return await session.scalar(select(Council).where(Council.level == level, Council.year == year))


async def members(session: AsyncSession, council_id: int) -> Sequence[CouncilMember]:
    query = select(CouncilMember).where(CouncilMember.council_id == council_id).order_by(CouncilMember.id)
    return (await session.scalars(query)).all()


async def member_of(session: AsyncSession, council_id: int, account_id: int) -> CouncilMember | None:
    query = select(CouncilMember).where(CouncilMember.council_id == council_id, CouncilMember.account_id == account_id)
    return await session.scalar(query)


async def remove_members(session: AsyncSession, council_id: int) -> None:
    await session.execute(delete(CouncilMember).where(CouncilMember.council_id == council_id))


async def has_open_session(session: AsyncSession, council_id: int) -> bool:
    query = select(CouncilSession.id).where(
        CouncilSession.council_id == council_id, CouncilSession.status == SessionStatus.OPEN
    )
    return (await session.scalar(query.limit(1))) is not None


async def council_session(session: AsyncSession, session_id: int, *, lock: bool = False) -> CouncilSession | None:
    query = select(CouncilSession).where(CouncilSession.id == session_id)
    return await session.scalar(query.with_for_update() if lock else query)


async def council_session_shared(session: AsyncSession, session_id: int) -> CouncilSession | None:
    """The session row under a shared lock (PostgreSQL): votes run side by side, a close waits for them."""
    query = select(CouncilSession).where(CouncilSession.id == session_id).with_for_update(read=True)
    return await session.scalar(query)


async def nominees(session: AsyncSession, session_id: int) -> Sequence[Nominee]:
    query = select(Nominee).where(Nominee.session_id == session_id).order_by(Nominee.position, Nominee.id)
    return (await session.scalars(query)).all()


async def nominee(session: AsyncSession, nominee_id: int) -> Nominee | None:
    return await session.get(Nominee, nominee_id)


async def rules(session: AsyncSession, session_id: int) -> dict[str, AwardRule]:
    found = await session.scalars(select(AwardRule).where(AwardRule.session_id == session_id))
    return {rule.award_code: rule for rule in found}


async def attendance(session: AsyncSession, session_id: int) -> dict[int, bool]:
    rows = await session.execute(
        select(SessionAttendance.member_id, SessionAttendance.present).where(SessionAttendance.session_id == session_id)
    )
    return {member_id: present for member_id, present in rows.all()}


async def set_presence(session: AsyncSession, session_id: int, member_id: int, present: bool) -> None:
    await session.execute(
        update(SessionAttendance)
        .where(SessionAttendance.session_id == session_id, SessionAttendance.member_id == member_id)
        .values(present=present)
    )


async def insert_ballot_rows(
    session: AsyncSession, session_id: int, rows: Iterable[tuple[int, bytes, Choice | None, bytes | None]]
) -> None:
    """Insert ballot rows in the order given (the caller shuffles: the order must say nothing)."""
    values = [
        {"session_id": session_id, "nominee_id": n, "tag": tag, "choice": c and c.value, "seal": seal}
        for n, tag, c, seal in rows
    ]
    if values:  # Core insert: the ORM's bulk path costs ~80 µs a row here, Core a few
        await session.execute(insert(BALLOT_TABLE), values)


async def set_choice(session: AsyncSession, nominee_id: int, tag: bytes, choice: Choice, seal: bytes) -> bool:
    """Record or replace one answer; False when no such row exists (not this member's to cast)."""
    result = await session.execute(
        update(BallotEntry)
        .where(BallotEntry.nominee_id == nominee_id, BallotEntry.tag == tag)
        .values(choice=choice, seal=seal)
    )
    return bool(getattr(result, "rowcount", 0))


async def choice_of(
    session: AsyncSession, nominee_ids: Sequence[int], tags: Sequence[bytes]
) -> dict[int, Choice | None]:
    query = select(BallotEntry.nominee_id, BallotEntry.choice).where(
        BallotEntry.nominee_id.in_(nominee_ids), BallotEntry.tag.in_(tags)
    )
    return {n: c for n, c in (await session.execute(query)).all()}


async def ballot_rows(session: AsyncSession, session_id: int) -> list[tuple[int, bytes, Choice | None, bytes | None]]:
    query = select(BallotEntry.nominee_id, BallotEntry.tag, BallotEntry.choice, BallotEntry.seal).where(
        BallotEntry.session_id == session_id
    )
    return [(n, bytes(t), c, None if z is None else bytes(z)) for n, t, c, z in (await session.execute(query)).all()]


async def drop_ballot_rows(session: AsyncSession, session_id: int) -> None:
    await session.execute(delete(BallotEntry).where(BallotEntry.session_id == session_id))


async def sessions_of_council(session: AsyncSession, council_id: int) -> Sequence[CouncilSession]:
    query = select(CouncilSession).where(CouncilSession.council_id == council_id).order_by(CouncilSession.id.desc())
    return (await session.scalars(query)).all()


async def sessions_of_member(
    session: AsyncSession, account_id: int, statuses: Iterable[SessionStatus]
) -> Sequence[CouncilSession]:
    """Sessions, in the given statuses, of every council the account sits on (the member's ballots)."""
    query = (
        select(CouncilSession)
        .join(CouncilMember, CouncilMember.council_id == CouncilSession.council_id)
        .where(CouncilMember.account_id == account_id, CouncilSession.status.in_(list(statuses)))
        .order_by(CouncilSession.id)
    )
    return (await session.scalars(query)).all()
