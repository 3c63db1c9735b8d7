"""The reminder log and the set-based reads a sweep plans from. Never commits.

A sweep reads a handful of result sets (open rounds, owing pairs, reachable accounts, what the log
already holds) instead of walking rounds and units one by one, so planning 2,000 units × 10 rounds
stays well under a second.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, String, and_, func, or_, select, text, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, upsert
from storage.models import (
    Account,
    AccountRole,
    AccountStatus,
    ChatIdentity,
    DeliveryStatus,
    Obligation,
    ObligationStatus,
    PlanItem,
    ReminderDelivery,
    Round,
    RoundStatus,
    Submission,
    Unit,
)

# Kinds of rows the engine writes; "manual" rows (/chuanop) are sent by their flow, and the engine
# only closes those a stopped process left claimed (never resending them).
ROUND_KINDS = ("before", "due", "after")
ENGINE_KINDS = (*ROUND_KINDS, "quarter", "office", "flag", "item", "eve")  # item, eve: plan_action_dues
MANUAL = "manual"
# Advisory-lock class id for "the reminder sweep"; the schema name is the second key, so tests
# (one schema each) and several deployments on one server never block each other.
SWEEP_LOCK_CLASS = 4_104_2024


class OwingRow(NamedTuple):  # a tuple: built 20,000 times per sweep
    round_id: int
    unit_id: int
    status: ObligationStatus
    due_at: datetime | None
    paused: bool
    returned_at: datetime | None  # when the latest version was returned (the unit owes again since)


class AccountRow(NamedTuple):
    """One channel of a person who can be reminded (one row per enabled, reachable identity)."""

    account_id: int
    unit_id: int
    platform: str
    chat_id: str
    name: str
    admin: bool
    identity_id: int


@asynccontextmanager
async def sweep_lock(db: Database) -> AsyncIterator[bool]:
    """True if this process may sweep now. PostgreSQL: a transaction-scoped advisory lock held on its
    own connection for the whole sweep (released when it ends or the process dies); elsewhere True."""
    if db.dialect != "postgresql":
        yield True
        return
    async with db.engine.connect() as conn, conn.begin():
        query = text("SELECT pg_try_advisory_xact_lock(:cls, hashtext(current_schema()))")
        yield bool(await conn.scalar(query, {"cls": SWEEP_LOCK_CLASS}))


async def open_rounds(session: AsyncSession) -> Sequence[Round]:
    query = select(Round).where(Round.status == RoundStatus.OPEN).order_by(Round.deadline, Round.id)
    return (await session.scalars(query)).all()


async def owing(session: AsyncSession, round_ids: Sequence[int]) -> list[OwingRow]:
    if not round_ids:
        return []
    # Status and flag read raw: SQLAlchemy's Enum/Boolean result processing costs more than the
    # query itself at 20,000 rows; converting here is a dictionary lookup.
    query = (
        select(
            Obligation.round_id,
            Obligation.unit_id,
            type_coerce(Obligation.status, String),
            Obligation.due_at,
            type_coerce(Obligation.reminders_paused, Integer),
            Submission.reviewed_at,
        )
        .outerjoin(Submission, Submission.id == Obligation.latest_submission_id)
        .where(
            Obligation.round_id.in_(round_ids),
            Obligation.status.in_([ObligationStatus.MISSING, ObligationStatus.RETURNED]),
        )
    )
    statuses = {s.value: s for s in ObligationStatus}
    return [
        OwingRow(round_id, unit_id, statuses[status], due_at, bool(paused), returned_at)
        for round_id, unit_id, status, due_at, paused, returned_at in (await session.execute(query)).all()
    ]


async def reachable_accounts(session: AsyncSession) -> list[AccountRow]:
    """The enabled, reachable channels of active accounts with a role and a unit, by account then channel."""
    query = (
        select(
            Account.id,
            Account.unit_id,
            ChatIdentity.platform,
            ChatIdentity.chat_id,
            Account.display_name,
            Account.role,
            ChatIdentity.id,
        )
        .join(ChatIdentity, ChatIdentity.account_id == Account.id)
        .where(
            Account.status == AccountStatus.ACTIVE,
            Account.role.is_not(None),
            Account.unit_id.is_not(None),
            ChatIdentity.enabled.is_(True),
            ChatIdentity.unreachable_since.is_(None),
        )
    )
    rows = (await session.execute(query.order_by(Account.id, ChatIdentity.id))).all()
    return [
        AccountRow(aid, uid or 0, platform, chat_id, name, role == AccountRole.ADMIN, identity_id)
        for aid, uid, platform, chat_id, name, role, identity_id in rows
    ]


async def last_round_days(session: AsyncSession, round_ids: Sequence[int], since: date) -> dict[tuple[int, int], date]:
    """Per (round, unit): the latest day an automatic slot was handled (sent, failed, skipped…)."""
    if not round_ids:
        return {}
    query = (
        select(ReminderDelivery.round_id, ReminderDelivery.unit_id, func.max(ReminderDelivery.slot_date))
        .where(
            ReminderDelivery.round_id.in_(round_ids),
            ReminderDelivery.slot_date >= since,
            ReminderDelivery.kind.in_(ROUND_KINDS),
        )
        .group_by(ReminderDelivery.round_id, ReminderDelivery.unit_id)
    )
    return {(r, u): day for r, u, day in (await session.execute(query)).all() if r is not None and u is not None}


async def manual_days(
    session: AsyncSession, round_ids: Sequence[int], since: date
) -> dict[tuple[int, int], list[date]]:
    """Days a manual reminder went out (or is going out, or may have) per (round, unit); a failed one
    does not count: the automatic reminder still goes."""
    if not round_ids:
        return {}
    query = select(ReminderDelivery.round_id, ReminderDelivery.unit_id, ReminderDelivery.slot_date).where(
        ReminderDelivery.round_id.in_(round_ids),
        ReminderDelivery.slot_date >= since,
        ReminderDelivery.kind == MANUAL,
        ReminderDelivery.status.in_([DeliveryStatus.SENT, DeliveryStatus.CLAIMED, DeliveryStatus.UNKNOWN]),
    )
    result: dict[tuple[int, int], list[date]] = {}
    for r, u, day in (await session.execute(query)).all():
        if r is not None and u is not None:
            result.setdefault((r, u), []).append(day)
    return result


async def present_keys(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    if not wanted:
        return set()
    query = select(ReminderDelivery.key).where(ReminderDelivery.key.in_(wanted))
    return set((await session.scalars(query)).all())


async def has_slot(session: AsyncSession, kind: str, slot: str) -> bool:
    query = select(ReminderDelivery.id).where(ReminderDelivery.kind == kind, ReminderDelivery.slot == slot).limit(1)
    return await session.scalar(query) is not None


async def unfinished(session: AsyncSession, since: datetime) -> Sequence[ReminderDelivery]:
    """The engine's rows still claimed (a sweep died, or is running; however old) or failed since
    ``since``, and manual rows still claimed (the process stopped while sending them)."""
    query = (
        select(ReminderDelivery)
        .where(
            or_(
                and_(
                    ReminderDelivery.kind.in_(ENGINE_KINDS),
                    or_(
                        ReminderDelivery.status == DeliveryStatus.CLAIMED,
                        and_(ReminderDelivery.status == DeliveryStatus.FAILED, ReminderDelivery.due_at >= since),
                    ),
                ),
                and_(ReminderDelivery.kind == MANUAL, ReminderDelivery.status == DeliveryStatus.CLAIMED),
            )
        )
        .order_by(ReminderDelivery.id)
    )
    return (await session.scalars(query)).all()


def _insert(session: AsyncSession) -> Any:
    return upsert(session, ReminderDelivery)


async def claim(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert the rows whose key is new; {key: id} of those this call inserted (and so owns).

    ``INSERT … ON CONFLICT (key) DO NOTHING RETURNING``: two sweeps claiming the same key at once
    cannot both get it back, on SQLite or PostgreSQL.
    """
    if not rows:
        return {}
    statement = (
        _insert(session)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ReminderDelivery.key, ReminderDelivery.id)
    )
    # executemany with RETURNING: SQLAlchemy batches it into multi-row INSERTs ("insertmanyvalues").
    result = await session.execute(statement, list(rows))
    return {key: row_id for key, row_id in result.all()}


async def reclaim(
    session: AsyncSession,
    delivery_id: int,
    *,
    status: DeliveryStatus,
    attempts: int,
    claimed_at: datetime,
    now: datetime,
) -> bool:
    """Take a failed (or never started) row back for another attempt, if nobody else has."""
    result = await session.execute(
        update(ReminderDelivery)
        .where(
            ReminderDelivery.id == delivery_id,
            ReminderDelivery.status == status,
            ReminderDelivery.attempts == attempts,
            ReminderDelivery.claimed_at == claimed_at,
        )
        .values(status=DeliveryStatus.CLAIMED, claimed_at=now, recipients=0, finished_at=None)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


def _unstarted(delivery_id: int, claimed_at: datetime) -> tuple[ColumnElement[bool], ...]:
    """This claim, still claimed by the same sweep, with no send begun: certainly not delivered."""
    return (
        ReminderDelivery.id == delivery_id,
        ReminderDelivery.status == DeliveryStatus.CLAIMED,
        ReminderDelivery.claimed_at == claimed_at,
        ReminderDelivery.recipients == 0,
    )


async def start_send(session: AsyncSession, delivery_id: int, claimed_at: datetime, recipients: int) -> bool:
    """Record that sending starts. Only a claimed row that nobody started yet can be started.

    "claimed with recipients = 0" therefore means: certainly not sent, safe to send again.
    """
    result = await session.execute(
        update(ReminderDelivery)
        .where(*_unstarted(delivery_id, claimed_at))
        .values(recipients=recipients, attempts=ReminderDelivery.attempts + 1)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def skip_unstarted(
    session: AsyncSession, delivery_id: int, claimed_at: datetime, reason: str, now: datetime
) -> bool:
    """Close a claim nobody started (so certainly unsent) that is no longer due."""
    result = await session.execute(
        update(ReminderDelivery)
        .where(*_unstarted(delivery_id, claimed_at))
        .values(status=DeliveryStatus.SKIPPED, finished_at=now, error=reason)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def interrupt(session: AsyncSession, delivery_id: int, claimed_at: datetime, error: str, now: datetime) -> bool:
    """A started send that never finished: maybe delivered, so unknown for good (never resent),
    unless its sweep finished it meanwhile."""
    result = await session.execute(
        update(ReminderDelivery)
        .where(
            ReminderDelivery.id == delivery_id,
            ReminderDelivery.status == DeliveryStatus.CLAIMED,
            ReminderDelivery.claimed_at == claimed_at,
        )
        .values(status=DeliveryStatus.UNKNOWN, finished_at=now, error=error)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def finish(
    session: AsyncSession,
    delivery_ids: Sequence[int],
    *,
    status: DeliveryStatus,
    now: datetime,
    recipients: int,
    error: str | None,
    details: dict[str, Any],
) -> None:
    await session.execute(
        update(ReminderDelivery)
        .where(ReminderDelivery.id.in_(delivery_ids))
        .values(status=status, finished_at=now, recipients=recipients, error=error, details=details)
    )


async def units_by_id(session: AsyncSession, unit_ids: Iterable[int]) -> dict[int, Unit]:
    wanted = sorted(set(unit_ids))
    if not wanted:
        return {}
    return {u.id: u for u in (await session.scalars(select(Unit).where(Unit.id.in_(wanted)))).all()}


async def plan_items_by_id(session: AsyncSession, item_ids: Iterable[int]) -> dict[int, PlanItem]:
    wanted = sorted(set(item_ids))
    if not wanted:
        return {}
    return {i.id: i for i in (await session.scalars(select(PlanItem).where(PlanItem.id.in_(wanted)))).all()}


async def of_round(session: AsyncSession, round_id: int) -> Sequence[ReminderDelivery]:
    query = select(ReminderDelivery).where(ReminderDelivery.round_id == round_id).order_by(ReminderDelivery.due_at)
    return (await session.scalars(query)).all()
