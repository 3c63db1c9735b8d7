"""Invite codes: issued per unit, stored as a keyed hash, expiring, revocable, with limited uses.

A code has 10 characters of a 31-letter alphabet (about 8×10¹⁴ codes). Only HMAC-SHA256 of it under
the server's invite secret is stored, and nothing of the code in clear: a copy of the database alone
does not let anyone find a code (the secret lives outside it, see bot/invite_secret.py).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from storage.models import AccountRole, InviteCode, Unit
from storage.repos import accounts as account_repo
from storage.repos import units as unit_repo

# No 0/O, 1/I/L: codes are read aloud over the phone and typed on small screens.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def hash_code(code: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised code under the server's invite secret."""
    if len(key) < 16:
        raise ValueError("the invite secret is missing or too short")
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


@dataclass(frozen=True, slots=True)
class IssuedInvite:
    """The only moment the plain code exists: shown once, never stored."""

    code: str
    invite: InviteCode
    unit: Unit


async def issue(
    session: AsyncSession,
    actor: Actor | None,
    unit_id: int,
    now: datetime,
    *,
    ttl: timedelta,
    max_uses: int,
    key: bytes,
    role: AccountRole = AccountRole.OFFICER,
    label: str | None = None,
) -> IssuedInvite:
    """Issue a code for a unit. ``actor`` None means the operator's CLI (audited with ``label``)."""
    if actor is not None:
        ensure_admin(actor, "invite.issue", target_type="unit", target_id=unit_id)
    unit = await unit_repo.get(session, unit_id)
    if unit is None:
        raise Refusal("units.unknown_unit")
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    invite = await account_repo.add_invite(
        session,
        InviteCode(
            unit_id=unit.id,
            code_hash=hash_code(code, key),
            role=role,
            max_uses=max_uses,
            expires_at=now + ttl,
            created_by_id=actor.account_id if actor else None,
            created_at=now,
        ),
    )
    await audit.record(
        session,
        actor,
        "invite.issue",
        now,
        target_type="unit",
        target_id=unit.id,
        details={"invite_id": invite.id, "max_uses": max_uses},
        label=label,
    )
    return IssuedInvite(code=code, invite=invite, unit=unit)


async def revoke(session: AsyncSession, actor: Actor, invite_id: int, now: datetime) -> InviteCode:
    ensure_admin(actor, "invite.revoke", target_type="invite", target_id=invite_id)
    invite = await account_repo.invite(session, invite_id)
    if invite is None or invite.revoked_at is not None:
        raise Refusal("common.stale_button")
    invite.revoked_at = now
    await audit.record(
        session,
        actor,
        "invite.revoke",
        now,
        target_type="invite",
        target_id=invite.id,
        details={"unit_id": invite.unit_id},
    )
    return invite


async def check(session: AsyncSession, code: str, now: datetime, *, key: bytes) -> InviteCode:
    """The usable invite behind ``code``, or a refusal that says why not."""
    invite = await account_repo.invite_by_hash(session, hash_code(code, key))
    if invite is None:
        raise Refusal("onboard.code_invalid")
    if invite.revoked_at is not None:
        raise Refusal("onboard.code_revoked")
    if invite.expires_at <= now:
        raise Refusal("onboard.code_expired")
    if invite.uses >= invite.max_uses:
        raise Refusal("onboard.code_used_up")
    unit = await unit_repo.get(session, invite.unit_id)
    if unit is None or (unit.valid_to is not None and unit.valid_to < now.date()):
        raise Refusal("onboard.code_unit_closed")
    return invite
