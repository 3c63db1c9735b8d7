"""One person, two channels: link a Telegram and a Zalo identity to the same account, and choose where
notices and reminders go.

- ``issue``: from /toi, the person asks for a one-time link code for a platform they do not use yet:
  6 digits, valid 10 minutes, once. Only an HMAC of it is kept (under the invite secret, like invite
  codes); the code itself is shown once and never stored or logged.
- ``redeem``: typed on the other platform (``/lienket 123456``, or at a code prompt), it moves the
  identity it is typed from onto the person's account. The account that identity had is deleted: it
  must be one that never held a unit (new, waiting or rejected) and had no other identity. Audited.
- Guessing is bounded: a wrong or stale code is an audited refusal, and after ``MAX_FAILED_PER_HOUR``
  of them a caller is refused without the code being looked at (``MAX_FAILED_PER_HOUR_ALL`` over
  everyone, against many fresh accounts).
- ``set_enabled``: a person turns notices and reminders off or on per channel; one stays on.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Address
from services import audit
from services.actors import Actor, actor_of
from services.errors import DeniedAction, Refusal
from storage.models import AccountStatus, ChatIdentity, LinkCode
from storage.repos import accounts as account_repo
from storage.repos import identities as identity_repo
from storage.repos import ops

PLATFORMS = ("telegram", "zalo")
CODE_DIGITS = 6
LINK_TTL = timedelta(minutes=10)
MAX_FAILED_PER_HOUR = 5
MAX_FAILED_PER_HOUR_ALL = 100
# An account whose identity may be moved away and the account deleted: it never held a unit.
MERGEABLE = (AccountStatus.NEW, AccountStatus.PENDING, AccountStatus.REJECTED)
LINK_ACTION = "identity.link"
_CODE = re.compile(rf"\d{{{CODE_DIGITS}}}")


def looks_like_code(text: str) -> bool:
    """Six digits (spaces allowed): never an invite code, whose alphabet has no 0 or 1 and is 10 long."""
    return _CODE.fullmatch("".join(text.split())) is not None


def hash_code(code: str, key: bytes) -> str:
    if len(key) < 16:
        raise ValueError("the invite secret is missing or too short")
    return hmac.new(key, f"link:{''.join(code.split())}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedLink:
    """The only moment the plain code exists: shown once, never stored."""

    code: str
    platform: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Linked:
    actor: Actor  # the person, now on the identity the code was typed from
    platform: str
    others: tuple[Address, ...]  # the person's other reachable channels, to be told


async def channels(session: AsyncSession, actor: Actor) -> Sequence[ChatIdentity]:
    """The person's identities, oldest first."""
    return await identity_repo.of_account(session, actor.account_id)


def missing(identities: Sequence[ChatIdentity]) -> list[str]:
    """Platforms the person can still link."""
    have = {i.platform for i in identities}
    return [p for p in PLATFORMS if p not in have]


async def issue(session: AsyncSession, actor: Actor, platform: str, now: datetime, *, key: bytes) -> IssuedLink:
    if platform not in PLATFORMS or platform == actor.platform:
        raise Refusal("common.stale_button")
    if platform not in missing(await channels(session, actor)):
        raise Refusal("link.already_has", channel=_name(platform))
    await identity_repo.drop_unused_link_codes(session, actor.account_id)
    for _ in range(5):  # a clash with another live code is unlikely; draw again rather than fail
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if await identity_repo.link_code_by_hash(session, hash_code(code, key)) is None:
            break
    else:
        raise RuntimeError("could not draw a free link code")
    expires_at = now + LINK_TTL
    await identity_repo.add_link_code(
        session,
        LinkCode(
            account_id=actor.account_id,
            platform=platform,
            code_hash=hash_code(code, key),
            expires_at=expires_at,
            created_at=now,
        ),
    )
    await audit.record(
        session,
        actor,
        "identity.link_code",
        now,
        target_type="account",
        target_id=actor.account_id,
        details={"platform": platform},
    )
    return IssuedLink(code, platform, expires_at)


async def redeem(session: AsyncSession, actor: Actor, code: str, now: datetime, *, key: bytes) -> Linked:
    """Move the caller's identity onto the account that issued ``code``."""
    since = now - timedelta(hours=1)
    mine = await ops.count_audit(
        session, action=LINK_ACTION, outcome="denied", since=since, actor_account_id=actor.account_id
    )
    everyone = await ops.count_audit(session, action=LINK_ACTION, outcome="denied", since=since)
    if mine >= MAX_FAILED_PER_HOUR or everyone >= MAX_FAILED_PER_HOUR_ALL:
        raise Refusal("link.too_many")
    row = await identity_repo.link_code_by_hash(session, hash_code(code, key)) if looks_like_code(code) else None
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise _denied("link.code_invalid", "invalid" if row is None else "used_or_expired")
    if row.platform != actor.platform:
        raise _denied("link.wrong_channel", "wrong_channel", channel=_name(row.platform))
    if row.account_id == actor.account_id:
        raise Refusal("link.already_yours")
    if actor.platform not in missing(await identity_repo.of_account(session, row.account_id)):
        raise Refusal("link.already_has", channel=_name(actor.platform))
    gone = await account_repo.get_for_update(session, actor.account_id)
    target = await account_repo.get_for_update(session, row.account_id)
    if target is None:
        raise _denied("link.code_invalid", "account_gone")
    if gone is None or gone.status not in MERGEABLE or len(await identity_repo.of_account(session, gone.id)) > 1:
        raise Refusal("link.in_use", channel=_name(actor.platform))
    row.used_at = now
    await identity_repo.move(session, actor.identity_id, target.id, now)
    await account_repo.merge_away(session, gone.id, target.id)
    target.updated_at = now
    identity = await identity_repo.get(session, actor.identity_id)
    assert identity is not None
    await session.refresh(identity)
    linked = await actor_of(session, target, identity)
    await audit.record(
        session,
        linked,
        LINK_ACTION,
        now,
        target_type="account",
        target_id=target.id,
        details={"identity_id": identity.id, "platform": identity.platform, "merged_account": gone.id},
    )
    others = [r for r in await identity_repo.reachable_of(session, [target.id]) if r.identity_id != identity.id]
    return Linked(linked, identity.platform, tuple(Address(r.platform, r.chat_id) for r in others))


async def set_enabled(
    session: AsyncSession, actor: Actor, identity_id: int, enabled: bool, now: datetime
) -> Sequence[ChatIdentity]:
    """Turn notices and reminders on one of the person's channels on or off; at least one stays on."""
    identities = await channels(session, actor)
    chosen = next((i for i in identities if i.id == identity_id), None)
    if chosen is None:
        raise Refusal("common.stale_button")
    if not enabled and not any(i.enabled for i in identities if i.id != identity_id):
        raise Refusal("link.keep_one")
    if chosen.enabled != enabled:
        chosen.enabled = enabled
        await audit.record(
            session,
            actor,
            "identity.notify",
            now,
            target_type="identity",
            target_id=chosen.id,
            details={"platform": chosen.platform, "enabled": enabled},
        )
    return identities


def _name(platform: str) -> str:
    return {"telegram": "Telegram", "zalo": "Zalo"}.get(platform, platform)


def _denied(key: str, reason: str, **values: object) -> Refusal:
    """A wrong or stale code: refused, and audited (in a transaction of its own) so guessing is counted."""
    refusal = Refusal(key, **values)
    refusal.denied = DeniedAction(action=LINK_ACTION, details={"reason": reason})
    return refusal
