"""Who is told when the Office creates a round or moves its deadline: the units that owe it.

Without this a unit first heard of a new round from the D-7 reminder, and of a moved deadline not at all.
The notices go out after the commit, as the Office's notices about a submission do.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Address
from services import reach
from services.actors import Actor
from storage.repos import broadcasts as broadcast_repo
from storage.repos import rounds as round_repo


async def owing_unit_chats(session: AsyncSession, actor: Actor, round_id: int) -> list[Address]:
    """Chats of the linked, reachable persons of the units that still owe the round (not the actor's)."""
    obligations = await round_repo.obligations_of_round(session, round_id)
    unit_ids = sorted({o.unit_id for o in obligations if o.status.owes})
    accounts = await broadcast_repo.reachable_accounts(session, unit_ids)
    return await reach.addresses_of(session, [a.id for a in accounts if a.id != actor.account_id])
