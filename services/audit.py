"""Admin actions, exports, reads of another unit's documents and refused or probing requests go to the
audit log, with who did what to what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.actors import Actor
from services.errors import DeniedAction
from storage.repos import ops


async def record(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    now: datetime,
    *,
    target_type: str | None = None,
    target_id: object = None,
    details: dict[str, Any] | None = None,
    outcome: str = "ok",
    label: str | None = None,
) -> None:
    await ops.audit(
        session,
        at=now,
        actor_account_id=actor.account_id if actor else None,
        actor_label=label or (actor.label if actor else "hệ thống"),
        action=action,
        outcome=outcome,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        details=details,
    )


async def record_denial(session: AsyncSession, actor: Actor | None, denied: DeniedAction, now: datetime) -> None:
    await record(
        session,
        actor,
        denied.action,
        now,
        target_type=denied.target_type,
        target_id=denied.target_id,
        details=denied.details,
        outcome=denied.outcome,
    )
