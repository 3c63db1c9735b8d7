"""Permission rules as domain calls: a flow asks ``ensure_…`` and never decides with an ``if``."""

from __future__ import annotations

from services.actors import Actor
from services.errors import Forbidden, Refusal
from storage.models import AccountRole, AccountStatus


def ensure_linked(actor: Actor) -> None:
    """The account may act for its unit: linked by an invite or approved by an admin."""
    if actor.status == AccountStatus.PENDING:
        raise Refusal("common.pending", unit=actor.pending_unit_name or "")
    if not actor.is_active or actor.unit_id is None:
        raise Refusal("common.not_linked")


def ensure_admin(actor: Actor, action: str, *, target_type: str | None = None, target_id: object = None) -> None:
    """Refuse, and have the refusal audited, unless the caller is an active admin."""
    if not actor.is_admin:
        raise Forbidden(action, target_type=target_type, target_id=target_id)


def ensure_can_view_overview(actor: Actor, action: str) -> None:
    """Admins and leaders see the whole picture; officers see their own unit only."""
    if not (actor.is_active and actor.role in (AccountRole.ADMIN, AccountRole.LEADER)):
        raise Forbidden(action)
