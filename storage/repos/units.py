"""Units and cluster memberships."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account, AccountStatus, ClusterMembership, ClusterRole, Unit, UnitKind


async def get(session: AsyncSession, unit_id: int) -> Unit | None:
    return await session.get(Unit, unit_id)


async def by_code(session: AsyncSession, code: str) -> Unit | None:
    return await session.scalar(select(Unit).where(Unit.code == code))


async def count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Unit)) or 0


def _valid_on(day: date) -> list[ColumnElement[bool]]:
    return [
        or_(Unit.valid_from.is_(None), Unit.valid_from <= day),
        or_(Unit.valid_to.is_(None), Unit.valid_to >= day),
    ]


async def list_units(
    session: AsyncSession, *, kind: UnitKind | None = None, valid_on: date | None = None
) -> Sequence[Unit]:
    query = select(Unit).order_by(Unit.kind, Unit.sort_order, Unit.name)
    if kind is not None:
        query = query.where(Unit.kind == kind)
    if valid_on is not None:
        query = query.where(*_valid_on(valid_on))
    return (await session.scalars(query)).all()


async def count_by_kind(session: AsyncSession, *, valid_on: date | None = None) -> dict[UnitKind, int]:
    query = select(Unit.kind, func.count()).group_by(Unit.kind)
    if valid_on is not None:
        query = query.where(*_valid_on(valid_on))
    return {kind: n for kind, n in (await session.execute(query)).all()}


async def active_account_counts(session: AsyncSession) -> dict[int, int]:
    query = (
        select(Account.unit_id, func.count())
        .where(Account.status == AccountStatus.ACTIVE, Account.unit_id.is_not(None))
        .group_by(Account.unit_id)
    )
    return {unit_id: n for unit_id, n in (await session.execute(query)).all() if unit_id is not None}


async def memberships(session: AsyncSession, *, year: int) -> Sequence[ClusterMembership]:
    query = select(ClusterMembership).where(ClusterMembership.year == year)
    return (await session.scalars(query)).all()


async def headed_clusters(session: AsyncSession, unit_id: int, year: int) -> Sequence[Unit]:
    """The clusters the unit heads (cụm trưởng) in ``year``."""
    query = (
        select(Unit)
        .join(ClusterMembership, ClusterMembership.cluster_id == Unit.id)
        .where(
            ClusterMembership.unit_id == unit_id,
            ClusterMembership.year == year,
            ClusterMembership.role == ClusterRole.HEAD,
        )
        .order_by(Unit.sort_order, Unit.name)
    )
    return (await session.scalars(query)).all()


async def cluster_members(
    session: AsyncSession, cluster_id: int, year: int
) -> Sequence[tuple[ClusterMembership, Unit]]:
    """A cluster's members in ``year``: the head first, then the deputy, then the others by name."""
    query = (
        select(ClusterMembership, Unit)
        .join(Unit, Unit.id == ClusterMembership.unit_id)
        .where(ClusterMembership.cluster_id == cluster_id, ClusterMembership.year == year)
        .order_by(Unit.sort_order, Unit.name)
    )
    rank = {ClusterRole.HEAD: 0, ClusterRole.DEPUTY: 1, ClusterRole.MEMBER: 2}
    rows = [(membership, unit) for membership, unit in (await session.execute(query)).all()]
    return sorted(rows, key=lambda row: rank[row[0].role])


async def add(session: AsyncSession, unit: Unit) -> Unit:
    session.add(unit)
    await session.flush()
    return unit


async def cluster_member_ids(session: AsyncSession, cluster_id: int, year: int) -> list[int]:
    """Members of a cluster in the latest year up to ``year`` that has a list (lists are kept per year)."""
    latest = await session.scalar(
        select(func.max(ClusterMembership.year)).where(
            ClusterMembership.cluster_id == cluster_id, ClusterMembership.year <= year
        )
    )
    if latest is None:
        return []
    query = select(ClusterMembership.unit_id).where(
        ClusterMembership.cluster_id == cluster_id, ClusterMembership.year == latest
    )
    return list((await session.scalars(query)).all())


async def by_ids(session: AsyncSession, unit_ids: Sequence[int]) -> Sequence[Unit]:
    if not unit_ids:
        return []
    query = select(Unit).where(Unit.id.in_(unit_ids)).order_by(Unit.kind, Unit.sort_order, Unit.name)
    return (await session.scalars(query)).all()
