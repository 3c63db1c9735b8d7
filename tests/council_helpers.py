"""A council of officers and a session with nominees, for the ballot, decision and document tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.actors import Actor
from services.award_catalog import AwardCatalog, default_catalog
from services.commendation import ballot, council
from services.commendation.council import MemberInput, NomineeInput, RuleInput
from storage.db import Database
from storage.models import CouncilRole, VoteBase
from storage.repos import commendation as repo
from tests import factories as f

SECRET = b"test-ballot-secret-not-for-production"
ROLES = (CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.STANDING)


@dataclass
class World:
    office: Actor
    members: list[Actor]
    council_id: int
    session_id: int
    nominee_ids: list[int]
    catalog: AwardCatalog


async def make_council(
    db: Database, now: datetime, *, size: int, level: str = "co_so", first_user: int = 100, year: int = 2024
) -> tuple[list[Actor], int]:
    members = [await f.officer(db, first_user + i, "PNV1", now) for i in range(size)]
    inputs = [
        MemberInput(m.account_id, ROLES[i] if i < len(ROLES) else CouncilRole.MEMBER, f"Thành viên {i + 1}", "Ủy viên")
        for i, m in enumerate(members)
    ]
    office = await f.admin(db, 1, now)
    async with db.transaction() as s:
        found = await council.set_council(
            s,
            office,
            level=level,
            year=year,
            name="Hội đồng Thi đua - Khen thưởng Thanh tra tỉnh",
            issuer="THANH TRA TỈNH LẠNG SƠN",
            members=inputs,
            now=now,
        )
        return members, found.id


async def make_world(
    db: Database,
    now: datetime,
    *,
    size: int = 5,
    nominees: int = 3,
    base: VoteBase = VoteBase.ALL_MEMBERS,
    threshold: int = 70,
    absent_in_writing: bool = True,
    absent: int = 0,
    open_it: bool = True,
) -> World:
    await f.load_default_units(db, now)
    members, council_id = await make_council(db, now, size=size)
    office = await f.admin(db, 1, now)
    catalog = default_catalog()
    people = [NomineeInput(f"Nguyễn Văn {i:03d}", "CSTDCS", "Phòng Nghiệp vụ 1") for i in range(nominees)]
    async with db.transaction() as s:
        created = await council.convene(
            s,
            office,
            catalog,
            council_id=council_id,
            held_on=date(2024, 12, 20),
            place="Lạng Sơn",
            publish_days=3,
            nominees=people,
            rules=[RuleInput("CSTDCS", base=base, threshold_pct=threshold, absent_in_writing=absent_in_writing)],
            now=now,
        )
        session_id = created.id
        await council.publish(s, office, session_id, now)
        if absent:
            await council.mark_absent(s, office, session_id, [m.account_id for m in members[-absent:]], now)
        nominee_ids = [n.id for n in await repo.nominees(s, session_id)]
    if open_it:
        async with db.transaction() as s:
            await ballot.open_ballot(s, office, SECRET, session_id, now + timedelta(days=3))
    return World(office, members, council_id, session_id, nominee_ids, catalog)
