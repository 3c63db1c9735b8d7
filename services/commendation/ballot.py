"""The council's secret ballot (bỏ phiếu kín): per nominee Đồng ý / Không đồng ý, changeable until closed.

The scheme
----------
Goal: nobody — the Office, an admin, anyone reading every table of the database — can tell how a
member voted; yet the bot proves that every member answered each nominee at most once, that no
ballot came from outside the council, and that the count is complete.

* **Server secret.** The bot holds a secret ``S`` outside the database (the ``BALLOT_SECRET``
  setting; tests and the bench pass their own). It is never written to a table or a log.
* **Per-session key.** Opening the ballot draws a random 32-byte ``salt`` (kept in
  ``council_sessions.ballot_salt`` only while the ballot is open) and derives
  ``K = HMAC-SHA256(S, "ballot-key|session|salt")``. ``K`` itself is never stored.
* **Tags, not voters.** Each answer row in ``ballot_entries`` is ``(nominee, tag, choice)`` with
  ``tag = HMAC-SHA256(K, "member|nominee")``. There is no account, no member id, no timestamp and no
  sequence number in it; its primary key is ``(nominee, tag)``. A tag differs per nominee, so even
  the rows of one member on different nominees cannot be grouped without ``K``.
* **Rows exist before anyone votes.** At opening, one row with ``choice = NULL`` is created for every
  (member allowed to vote, nominee), in a shuffled order and in one statement. Voting is then an
  ``UPDATE … SET choice`` of the member's own row, found by recomputing the tag in memory: no insert
  whose position or row id would reveal who voted when, and a second vote replaces the first (it is
  the same row), never adds one. No "has voted" flag is stored anywhere.
* **The vote is written alone.** :func:`vote` writes nothing else in its transaction (no audit entry,
  no dialog state), so a transaction id (PostgreSQL ``xmin``) shared with a row naming the member
  cannot give the link away. A flow must call it in a transaction of its own and keep the choice out
  of its dialog row.
* **Sealed answers.** Each row also carries ``seal = HMAC(K, nominee|tag|choice)``, so a choice
  edited directly in the database (without ``S``) is detected at close and the count refused. A writer
  who kept an older (choice, seal) pair of the same row could restore it (a replay); the count cannot
  tell an old answer of that member from a current one.
* **Close = count, prove, forget.** Closing recomputes every member's tags (the only moment the link
  is made, in memory), checks that the rows are exactly the expected set — none missing, none extra
  (a forged row), one per member and nominee — counts per nominee against its rule, then **erases the
  salt** and **re-draws every tag at random** (delete + shuffled insert in the same transaction).
  After close, even someone holding ``S`` cannot recompute a tag, and the table keeps only anonymous
  answers whose totals equal the published counts (a recount is a ``GROUP BY``).

What this does not protect against (be honest with the Office):

* While the ballot is open, whoever holds **both** the database and ``S`` (the server operator) can
  recompute the tags and read the votes; so can anyone who can read the bot process's memory or
  attach a debugger, and anyone who can change the bot's code. Secrecy against the operator would
  need votes encrypted on the member's device (a blind-signature or mix-net scheme), which a chat bot
  cannot offer.
* Old row versions and free pages may keep the pre-close tags until PostgreSQL vacuums the table or
  SQLite reuses the pages; with the salt erased they can no longer be linked to a member, but a
  backup taken while the ballot was open, together with ``S``, still can.
* The chat platform (Telegram, Zalo) sees which button a member pressed; the ballot is secret from
  the Office and the database, not from the messaging provider.
* Timing: someone watching the bot's network traffic or logs (message times) and the table's physical
  order at the same time might correlate a press with a row update on PostgreSQL until close.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from random import SystemRandom
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import fmt_datetime
from services import audit
from services.actors import Actor
from services.commendation.council import editable, may_open_from
from services.errors import Refusal
from storage.models import AwardRule, Choice, CouncilMember, CouncilSession, Nominee, SessionStatus, VoteBase
from storage.repos import commendation as repo

_random = SystemRandom()
VN = ZoneInfo("Asia/Ho_Chi_Minh")


class BallotIntegrityError(RuntimeError):
    """The ballot rows are not exactly one per (member allowed to vote, nominee): refuse to count."""


def _key(secret: bytes, session_id: int, salt: bytes) -> bytes:
    return hmac.new(secret, b"ballot-key|%d|" % session_id + salt, hashlib.sha256).digest()


def _tag(key: bytes | hmac.HMAC, member_id: int, nominee_id: int) -> bytes:
    """HMAC(key, "member|nominee"); pass :func:`_keyed` for many tags (a copy skips re-keying)."""
    mac = key.copy() if isinstance(key, hmac.HMAC) else hmac.new(key, digestmod=hashlib.sha256)
    mac.update(b"%d|%d" % (member_id, nominee_id))
    return mac.digest()


def _seal(key: hmac.HMAC, nominee_id: int, tag: bytes, choice: Choice | None) -> bytes:
    mac = key.copy()
    mac.update(b"seal|%d|" % nominee_id + tag + b"|" + (choice.value.encode() if choice else b"-"))
    return mac.digest()


def _keyed(key: bytes) -> hmac.HMAC:
    return hmac.new(key, digestmod=hashlib.sha256)


def _may_vote(member: CouncilMember, nominee: Nominee, present: dict[int, bool], rules: dict[str, AwardRule]) -> bool:
    return present.get(member.id, True) or rules[nominee.award_code].absent_in_writing


async def open_ballot(session: AsyncSession, actor: Actor, secret: bytes, session_id: int, now: datetime) -> None:
    """Open the ballot once the publication period is over: draw the salt and create the empty rows."""
    found = await editable(session, actor, session_id, "council.open")
    if found.status is not SessionStatus.PUBLISHED:
        raise Refusal("council.not_published")
    opens = may_open_from(found)
    if opens is not None and now < opens:
        raise Refusal("council.publication_running", until=fmt_datetime(opens, VN))
    salt = secrets.token_bytes(32)
    key = _keyed(_key(secret, session_id, salt))
    members = await repo.members(session, found.council_id)
    present = await repo.attendance(session, session_id)
    rules = await repo.rules(session, session_id)
    tags = [
        (n.id, _tag(key, m.id, n.id))
        for n in await repo.nominees(session, session_id)
        for m in members
        if _may_vote(m, n, present, rules)
    ]
    rows: list[tuple[int, bytes, Choice | None, bytes | None]] = [(n, t, None, _seal(key, n, t, None)) for n, t in tags]
    _random.shuffle(rows)
    await repo.insert_ballot_rows(session, session_id, rows)
    found.status, found.opened_at, found.ballot_salt = SessionStatus.OPEN, now, salt
    await audit.record(session, actor, "council.open", now, target_type="council_session", target_id=session_id)


async def _voter(session: AsyncSession, actor: Actor, session_id: int) -> tuple[CouncilSession, CouncilMember, bytes]:
    found = await repo.council_session_shared(session, session_id)
    if found is None:
        raise Refusal("council.session_unknown")
    # A member of another council (another level or year) is not a member here.
    member = await repo.member_of(session, found.council_id, actor.account_id) if actor.is_active else None
    if member is None:
        raise Refusal("council.not_member")
    if found.status is SessionStatus.CLOSED:
        raise Refusal("council.ballot_closed")
    if found.status is not SessionStatus.OPEN or found.ballot_salt is None:
        raise Refusal("council.ballot_not_open")
    return found, member, bytes(found.ballot_salt)


async def vote(
    session: AsyncSession, actor: Actor, secret: bytes, session_id: int, nominee_id: int, choice: Choice
) -> None:
    """Record (or replace) the actor's answer on one nominee. Writes that one row and nothing else."""
    found, member, salt = await _voter(session, actor, session_id)
    nominee = await repo.nominee(session, nominee_id)
    if nominee is None or nominee.session_id != found.id:
        raise Refusal("council.nominee_unknown")
    key = _keyed(_key(secret, found.id, salt))
    tag = _tag(key, member.id, nominee_id)
    if not await repo.set_choice(session, nominee_id, tag, choice, _seal(key, nominee_id, tag, choice)):
        raise Refusal("council.absent_no_vote")


async def my_ballot(session: AsyncSession, actor: Actor, secret: bytes, session_id: int) -> dict[int, Choice | None]:
    """The actor's own answers so far (to show the ballot again); computed in memory, never stored."""
    found, member, salt = await _voter(session, actor, session_id)
    key = _key(secret, found.id, salt)
    ids = [n.id for n in await repo.nominees(session, session_id)]
    return await repo.choice_of(session, ids, [_tag(key, member.id, n) for n in ids])


@dataclass(frozen=True, slots=True)
class Tally:
    members_total: int
    members_present: int
    voters: int


async def close_ballot(session: AsyncSession, actor: Actor, secret: bytes, session_id: int, now: datetime) -> Tally:
    """Count, check completeness, store the results per nominee, then forget every link."""
    found = await editable(session, actor, session_id, "council.close")
    if found.status is not SessionStatus.OPEN or found.ballot_salt is None:
        raise Refusal("council.ballot_not_open")
    key = _keyed(_key(secret, found.id, bytes(found.ballot_salt)))
    members = await repo.members(session, found.council_id)
    present = await repo.attendance(session, session_id)
    rules = await repo.rules(session, session_id)
    nominees = await repo.nominees(session, session_id)
    rows = await repo.ballot_rows(session, session_id)
    answers = {(n, tag): c for n, tag, c, _ in rows}
    if len(answers) != len(rows):
        raise BallotIntegrityError("two rows with one tag")
    expected = {
        (n.id, _tag(key, m.id, n.id)): m.id for n in nominees for m in members if _may_vote(m, n, present, rules)
    }
    if answers.keys() != expected.keys():
        extra, missing = len(answers.keys() - expected.keys()), len(expected.keys() - answers.keys())
        raise BallotIntegrityError(f"{extra} rows from no member, {missing} missing")
    altered = sum(1 for n, tag, c, seal in rows if seal is None or not hmac.compare_digest(seal, _seal(key, n, tag, c)))
    if altered:
        raise BallotIntegrityError(f"{altered} rows altered outside the ballot")
    voters = {expected[k] for k, c in answers.items() if c is not None}
    n_present = sum(1 for m in members if present.get(m.id, True))
    by_nominee: dict[int, list[tuple[int, Choice | None]]] = {n.id: [] for n in nominees}
    for (nominee_id, tag), choice in answers.items():
        by_nominee[nominee_id].append((expected[(nominee_id, tag)], choice))
    for nominee in nominees:
        _count(nominee, rules[nominee.award_code], by_nominee[nominee.id], len(members), n_present, present)
    found.status, found.closed_at, found.ballot_salt = SessionStatus.CLOSED, now, None
    found.members_total, found.members_present, found.voters = len(members), n_present, len(voters)
    await _forget(session, session_id, rows)
    await audit.record(
        session,
        actor,
        "council.close",
        now,
        target_type="council_session",
        target_id=session_id,
        details={"voters": len(voters), "nominees": len(nominees)},
    )
    return Tally(len(members), n_present, len(voters))


def _count(
    nominee: Nominee,
    rule: AwardRule,
    mine: list[tuple[int, Choice | None]],
    total: int,
    n_present: int,
    present: dict[int, bool],
) -> None:
    counts = Counter(c for _, c in mine)
    written = sum(1 for member_id, c in mine if c is not None and not present.get(member_id, True))
    base = total if rule.base is VoteBase.ALL_MEMBERS else n_present + written
    nominee.yes_count, nominee.no_count, nominee.base_count = counts[Choice.YES], counts[Choice.NO], base
    nominee.quorum_met = n_present * 100 >= rule.quorum_pct * total
    nominee.passed = bool(nominee.quorum_met and base > 0 and counts[Choice.YES] * 100 >= rule.threshold_pct * base)


async def _forget(
    session: AsyncSession, session_id: int, rows: Iterable[tuple[int, bytes, Choice | None, bytes | None]]
) -> None:
    """Re-draw every tag at random and rewrite the rows shuffled, without seals, in this one transaction."""
    rows = list(rows)
    noise = secrets.token_bytes(32 * len(rows))  # one call to the OS, sliced into fresh tags
    fresh: list[tuple[int, bytes, Choice | None, bytes | None]] = [
        (n, noise[32 * i : 32 * i + 32], c, None) for i, (n, _, c, _) in enumerate(rows)
    ]
    _random.shuffle(fresh)
    await repo.drop_ballot_rows(session, session_id)
    await repo.insert_ballot_rows(session, session_id, fresh)


def percent(yes: int, base: int) -> float:
    return round(yes * 100 / base, 2) if base else 0.0


def summarise(nominees: Sequence[Nominee]) -> tuple[int, int]:
    """(passed, not passed) among counted nominees."""
    passed = sum(1 for n in nominees if n.passed)
    return passed, sum(1 for n in nominees if n.passed is False)
