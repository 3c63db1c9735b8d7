"""The secret ballot: nothing in the database links a member to a choice; every member counts at most once."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update

from core.catalog import TEXTS
from core.clock import FixedClock
from services.commendation import ballot, council
from services.commendation.ballot import BallotIntegrityError
from services.commendation.council import NomineeInput, RuleInput
from services.errors import Refusal
from storage.db import Database
from storage.models import BallotEntry, Base, Choice, CouncilRole, CouncilSession, Nominee, VoteBase
from storage.repos import commendation as repo
from tests.council_helpers import SECRET, World, make_council, make_world

YES, NO = Choice.YES, Choice.NO


async def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as a database reader sees them."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with db.transaction() as s:
        for table in Base.metadata.sorted_tables:
            tables[table.name] = [tuple(r) for r in (await s.execute(select(table))).all()]
    return tables


async def cast(db: Database, w: World, member: int, nominee: int, choice: Choice) -> None:
    async with db.transaction() as s:
        await ballot.vote(s, w.members[member], SECRET, w.session_id, w.nominee_ids[nominee], choice)


async def close(db: Database, w: World, clock: FixedClock) -> ballot.Tally:
    async with db.transaction() as s:
        return await ballot.close_ballot(s, w.office, SECRET, w.session_id, clock.now() + timedelta(days=4))


async def results(db: Database, w: World) -> list[Nominee]:
    async with db.transaction() as s:
        return list(
            (
                await s.scalars(select(Nominee).where(Nominee.session_id == w.session_id).order_by(Nominee.position))
            ).all()
        )


async def test_a_vote_writes_one_anonymous_row_and_nothing_else(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now())
    before = await dump(db)
    await cast(db, w, 2, 0, NO)
    after = await dump(db)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"ballot_entries"}  # no audit entry, no flag, no dialog: nothing shares the write
    gone = set(before["ballot_entries"]) - set(after["ballot_entries"])
    new = set(after["ballot_entries"]) - set(before["ballot_entries"])
    assert len(gone) == len(new) == 1
    assert {c.key for c in BallotEntry.__table__.columns} == {"nominee_id", "tag", "session_id", "choice", "seal"}


async def test_no_table_links_a_member_to_a_choice_after_the_session(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=6, nominees=4)
    async with db.transaction() as s:
        open_salt = bytes((await s.get(CouncilSession, w.session_id)).ballot_salt or b"")  # type: ignore[union-attr]
    # Member i says yes to nominee j exactly when (i + j) is even: a distinct pattern per member.
    for i in range(6):
        for j in range(4):
            await cast(db, w, i, j, YES if (i + j) % 2 == 0 else NO)
    await close(db, w, clock)
    tables = await dump(db)

    # 1. Only the ballot table holds choices, and it names no account, member or time.
    holders = [t.name for t in Base.metadata.sorted_tables if "choice" in t.columns]
    assert holders == ["ballot_entries"]
    # 2. The salt is gone, and even the secret with the salt read while open recomputes no tag.
    session_row = next(r for r in tables["council_sessions"] if r[0] == w.session_id)
    salt_index = [c.key for c in CouncilSession.__table__.columns].index("ballot_salt")
    assert session_row[salt_index] is None
    key = hmac.new(SECRET, b"ballot-key|%d|" % w.session_id + open_salt, hashlib.sha256).digest()
    async with db.transaction() as s:
        members = [m.id for m in await repo.members(s, w.council_id)]
    recomputed = {hmac.new(key, b"%d|%d" % (m, n), hashlib.sha256).digest() for m in members for n in w.nominee_ids}
    stored = {bytes(r[1]) for r in tables["ballot_entries"]}
    assert len(stored) == 24 and not stored & recomputed
    # 3. No value of any other table equals a tag (no copy of the link elsewhere).
    elsewhere = [v for name, rows in tables.items() if name != "ballot_entries" for row in rows for v in row]
    assert not stored & {bytes(v) for v in elsewhere if isinstance(v, bytes | memoryview)}
    assert not any(tag.hex() in repr(v) for tag in stored for v in elsewhere)
    # 4. The anonymous rows still add up to the published counts.
    for nominee in await results(db, w):
        mine = [r[3] for r in tables["ballot_entries"] if r[0] == nominee.id]
        assert (mine.count(YES), mine.count(NO)) == (nominee.yes_count, nominee.no_count) == (3, 3)


async def test_counts_equal_voters_and_a_second_vote_replaces_the_first(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=5, nominees=2, threshold=60)
    for i in range(4):  # member 5 never votes
        await cast(db, w, i, 0, NO)
        await cast(db, w, i, 1, YES)
    for i in range(3):  # three change their mind while open
        await cast(db, w, i, 0, YES)
    async with db.transaction() as s:
        assert await ballot.my_ballot(s, w.members[0], SECRET, w.session_id) == {
            w.nominee_ids[0]: YES,
            w.nominee_ids[1]: YES,
        }
    tally = await close(db, w, clock)
    assert (tally.members_total, tally.members_present, tally.voters) == (5, 5, 4)
    first, second = await results(db, w)
    assert (first.yes_count, first.no_count, first.base_count, first.passed) == (3, 1, 5, True)  # 60 % of 5
    assert (second.yes_count, second.no_count, second.passed) == (4, 0, True)


async def test_votes_after_close_from_strangers_and_from_another_level_are_refused(
    db: Database, clock: FixedClock
) -> None:
    w = await make_world(db, clock.now(), size=3, nominees=1)
    others, _ = await make_council(db, clock.now(), size=2, level="nganh", first_user=500)
    for stranger in (others[0],):  # a member of the sector-level council
        async with db.transaction() as s:
            with pytest.raises(Refusal) as refused:
                await ballot.vote(s, stranger, SECRET, w.session_id, w.nominee_ids[0], YES)
        assert refused.value.key == "council.not_member"
    async with db.transaction() as s:
        with pytest.raises(Refusal) as refused:  # the Office is not a member either
            await ballot.vote(s, w.office, SECRET, w.session_id, w.nominee_ids[0], YES)
    assert refused.value.key == "council.not_member"
    await cast(db, w, 0, 0, YES)
    await close(db, w, clock)
    with pytest.raises(Refusal) as refused:
        await cast(db, w, 1, 0, YES)
    assert refused.value.key == "council.ballot_closed"
    assert (await results(db, w))[0].yes_count == 1


async def test_ballot_opens_only_after_the_publication_days(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), open_it=False)
    async with db.transaction() as s:
        with pytest.raises(Refusal) as refused:
            await ballot.open_ballot(s, w.office, SECRET, w.session_id, clock.now() + timedelta(days=2))
    assert refused.value.key == "council.publication_running"
    assert "12/06/2024" not in str(refused.value.values["until"]) and "15/06/2024" in refused.value.values["until"]
    with pytest.raises(Refusal) as refused:
        await cast(db, w, 0, 0, YES)
    assert refused.value.key == "council.ballot_not_open"


async def test_absent_members_vote_in_writing_only_where_the_rule_allows(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=5, nominees=1, absent=2, absent_in_writing=False, base=VoteBase.PRESENT)
    with pytest.raises(Refusal) as refused:
        await cast(db, w, 4, 0, YES)
    assert refused.value.key == "council.absent_no_vote"
    for i in range(3):
        await cast(db, w, i, 0, YES if i < 2 else NO)
    tally = await close(db, w, clock)
    assert (tally.members_present, tally.voters) == (3, 3)
    (only,) = await results(db, w)
    assert (only.yes_count, only.base_count, only.quorum_met, only.passed) == (2, 3, True, False)  # 66.7 % < 70 %


async def test_no_quorum_means_not_passed(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=4, nominees=1, absent=3)  # 1 of 4 present, quorum 50 %
    for i in range(4):
        await cast(db, w, i, 0, YES)  # absent members may vote in writing here
    await close(db, w, clock)
    (only,) = await results(db, w)
    assert (only.yes_count, only.quorum_met, only.passed) == (4, False, False)


async def test_a_forged_row_stops_the_count(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=3, nominees=1)
    await cast(db, w, 0, 0, YES)
    async with db.transaction() as s:
        await s.execute(
            insert(BallotEntry).values(session_id=w.session_id, nominee_id=w.nominee_ids[0], tag=b"x" * 32, choice=YES)
        )
    with pytest.raises(BallotIntegrityError, match="1 rows from no member"):
        await close(db, w, clock)
    async with db.transaction() as s:
        assert (await s.get(CouncilSession, w.session_id)).status == "open"  # type: ignore[union-attr]


async def test_a_choice_edited_in_the_database_stops_the_count(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=3, nominees=1)
    for i in range(3):
        await cast(db, w, i, 0, NO)
    async with db.transaction() as s:  # someone with write access turns one "no" into "yes"
        tag = await s.scalar(select(BallotEntry.tag).where(BallotEntry.nominee_id == w.nominee_ids[0]).limit(1))
        await s.execute(update(BallotEntry).where(BallotEntry.tag == tag).values(choice=YES))
    with pytest.raises(BallotIntegrityError, match="1 rows altered"):
        await close(db, w, clock)


async def test_concurrent_votes_all_count_once(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), size=8, nominees=5)

    async def member_votes(i: int) -> None:
        for j in range(5):
            await cast(db, w, i, j, NO)
            await cast(db, w, i, j, YES if i % 2 else NO)  # the second press replaces the first

    await asyncio.gather(*(member_votes(i) for i in range(8)), *(member_votes(i) for i in range(8)))
    tally = await close(db, w, clock)
    assert tally.voters == 8
    for nominee in await results(db, w):
        assert (nominee.yes_count, nominee.no_count) == (4, 4)
    async with db.transaction() as s:
        rows = (await s.execute(text("SELECT count(*) FROM ballot_entries"))).scalar_one()
    assert rows == 40


async def test_convene_refuses_unknown_titles_and_double_nominees(db: Database, clock: FixedClock) -> None:
    w = await make_world(db, clock.now(), open_it=False)
    bad = [
        ([NomineeInput("Trần Thị B", "XYZ", "VP")], "council.unknown_award"),
        ([NomineeInput("Phòng Nghiệp vụ 1", "LDTT", "PNV1", collective=True)], "council.unknown_award"),
        (
            [NomineeInput("Trần Thị B", "LDTT", "VP"), NomineeInput("tran thi  b", "LDTT", "VP")],
            "council.nominee_twice",
        ),
        ([NomineeInput("Trần Thị B", "CSTDCS", "VP")], "council.no_rule"),
    ]
    for nominees, key in bad:
        async with db.transaction() as s:
            with pytest.raises(Refusal) as refused:
                await council.convene(
                    s,
                    w.office,
                    w.catalog,
                    council_id=w.council_id,
                    held_on=date(2024, 12, 20),
                    place="",
                    publish_days=3,
                    nominees=nominees,
                    rules=[RuleInput("LDTT")],
                    now=clock.now(),
                )
        assert refused.value.key == key
        assert key in TEXTS


async def test_members_cannot_change_while_a_ballot_is_open_and_the_list_is_public_once_published(
    db: Database, clock: FixedClock
) -> None:
    w = await make_world(db, clock.now(), size=3, nominees=2)
    async with db.transaction() as s:
        with pytest.raises(Refusal) as refused:
            await council.set_council(
                s,
                w.office,
                level="co_so",
                year=2024,
                name="HĐ",
                issuer="TTT",
                members=[council.MemberInput(w.members[0].account_id, CouncilRole.CHAIR, "A")],
                now=clock.now(),
            )
        assert refused.value.key == "council.ballot_running"
        listed = await council.published_list(s, w.members[2], w.session_id)
        assert [n.name for n in listed] == ["Nguyễn Văn 000", "Nguyễn Văn 001"]
