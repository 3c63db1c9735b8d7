"""Who may do what in a cluster's cross-check: the Office, the cluster head, the checker, the checked unit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.actors import Actor
from services.errors import Forbidden
from storage.repos import units as unit_repo


async def is_head(session: AsyncSession, actor: Actor, cluster_id: int, year: int) -> bool:
    if not actor.is_active or actor.unit_id is None:
        return False
    return any(c.id == cluster_id for c in await unit_repo.headed_clusters(session, actor.unit_id, year))


async def require_office_or_head(session: AsyncSession, actor: Actor, cluster_id: int, year: int, action: str) -> None:
    if actor.is_admin or await is_head(session, actor, cluster_id, year):
        return
    raise Forbidden(action, target_type="cluster", target_id=cluster_id)


def require_unit(actor: Actor, unit_id: int, action: str, target_id: int) -> None:
    """The caller speaks for ``unit_id`` (an active account of that unit)."""
    if not (actor.is_active and actor.unit_id == unit_id):
        raise Forbidden(action, target_type="cross_check", target_id=target_id)
