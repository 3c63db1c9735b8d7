"""Set-based reads behind the Office's views: who still owes a round, who waits for review, who can be told.

Each function is one query whatever the number of units, so /chuanop stays fast with thousands of them.
Rows are plain column tuples, not ORM objects: these lists are read, never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    Account,
    AccountStatus,
    ChatIdentity,
    ClusterMembership,
    Obligation,
    ObligationStatus,
    Submission,
    Unit,
)
from storage.repos.identities import reachable as reachable_channel

OWING = (ObligationStatus.MISSING, ObligationStatus.RETURNED)


def reachable() -> list[ColumnElement[bool]]:
    """An account that can be told something: active with a role, with a channel the bot may write to."""
    return [
        Account.status == AccountStatus.ACTIVE,
        Account.role.is_not(None),
        reachable_channel(Account.id),
    ]


@dataclass(frozen=True, slots=True)
class OwingRow:
    unit_id: int
    unit_name: str
    status: ObligationStatus
    due_at: datetime | None  # the unit's own deadline after a return, if any
    cluster_name: str | None
    reachable_accounts: int


async def owing_with_details(session: AsyncSession, round_id: int, year: int) -> list[OwingRow]:
    """Units that still owe the round (missing or returned), with their cluster of ``year`` and how many
    accounts could receive a reminder. A unit in two clusters that year comes back once per cluster."""
    cluster = aliased(Unit)
    accounts = (
        select(func.count())
        .select_from(Account)
        .where(Account.unit_id == Obligation.unit_id, *reachable())
        .correlate(Obligation)
        .scalar_subquery()
    )
    query = (
        select(Obligation.unit_id, Unit.name, Obligation.status, Obligation.due_at, cluster.name, accounts)
        .join(Unit, Unit.id == Obligation.unit_id)
        .outerjoin(
            ClusterMembership, and_(ClusterMembership.unit_id == Obligation.unit_id, ClusterMembership.year == year)
        )
        .outerjoin(cluster, cluster.id == ClusterMembership.cluster_id)
        .where(Obligation.round_id == round_id, Obligation.status.in_(OWING))
        .order_by(Unit.kind, Unit.sort_order, Unit.name, Unit.id, cluster.name)
    )
    return [OwingRow(*row) for row in (await session.execute(query)).all()]


@dataclass(frozen=True, slots=True)
class PendingRow:
    unit_id: int
    unit_name: str
    submission_id: int
    version: int
    late: bool
    submitted_at: datetime


async def awaiting_review(session: AsyncSession, round_id: int) -> list[PendingRow]:
    """Units whose latest version waits for the Office, oldest first (first come, first reviewed)."""
    query = (
        select(Unit.id, Unit.name, Submission.id, Submission.version, Submission.late, Submission.submitted_at)
        .join(Obligation, Obligation.unit_id == Unit.id)
        .join(Submission, Submission.id == Obligation.latest_submission_id)
        .where(Obligation.round_id == round_id, Obligation.status == ObligationStatus.SUBMITTED)
        .order_by(Submission.submitted_at, Unit.name)
    )
    return [PendingRow(*row) for row in (await session.execute(query)).all()]


class Reachable(NamedTuple):
    """One channel (enabled, reachable identity) of a person who can be told."""

    account_id: int
    platform: str
    chat_id: str
    name: str
    identity_id: int


async def recipients_of_owing(session: AsyncSession, round_id: int) -> dict[int, list[Reachable]]:
    """The reachable channels of the accounts of every unit that still owes the round, by unit."""
    query = (
        select(
            Account.unit_id,
            Account.id,
            ChatIdentity.platform,
            ChatIdentity.chat_id,
            Account.display_name,
            ChatIdentity.id,
        )
        .join(Obligation, Obligation.unit_id == Account.unit_id)
        .join(ChatIdentity, ChatIdentity.account_id == Account.id)
        .where(
            Obligation.round_id == round_id,
            Obligation.status.in_(OWING),
            Account.status == AccountStatus.ACTIVE,
            Account.role.is_not(None),
            ChatIdentity.enabled.is_(True),
            ChatIdentity.unreachable_since.is_(None),
        )
        .order_by(Account.unit_id, Account.id, ChatIdentity.id)
    )
    result: dict[int, list[Reachable]] = {}
    for unit_id, account_id, platform, chat_id, name, identity_id in (await session.execute(query)).all():
        if unit_id is not None:  # joined on it, so always set; the column type allows None
            result.setdefault(unit_id, []).append(Reachable(account_id, platform, chat_id, name, identity_id))
    return result
