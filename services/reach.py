"""Where a person is reached: every enabled channel of theirs the bot may write to (fan-out).

A notice or a reminder for a person goes once to each of their identities that is enabled (the
person's choice in /toi) and reachable (the platform has not said the bot is blocked there).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Address
from storage.repos import identities as identity_repo


async def addresses_of(session: AsyncSession, account_ids: Iterable[int]) -> list[Address]:
    """The chats to write to for these persons, by person then identity."""
    return [Address(r.platform, r.chat_id) for r in await identity_repo.reachable_of(session, account_ids)]
