"""One-time, expiring upload links: how a person on a channel without documents sends a file to a step.

The router issues a ticket when a step that takes files is shown on such a channel and puts its link
in the prompt (``upload.offer``). The web page (bot/web/upload.py) first :func:`check`s the ticket
(nothing read or stored for a dead link), checks the file, and only then :func:`claim`s the ticket:
one atomic ``UPDATE … WHERE used_at IS NULL AND expires_at > now``, so of two uploads racing with one
link exactly one is taken, and a refused file (wrong type, too big) leaves the link usable. The token
is 192 random bits; only its SHA-256 is stored, so a copy of the database holds no usable link.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services import file_types
from services.errors import Refusal
from storage.models import UploadTicket
from storage.repos import upload_tickets as repo

TICKET_TTL = timedelta(minutes=30)
ALL_KINDS = tuple(kind.label for kind in file_types.KINDS)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


class TicketRefused(Refusal):
    """The link cannot take a file: not one the bot issued, already used, or past its time."""

    def __init__(self, key: str, ticket: Ticket | None = None, **values: object) -> None:
        super().__init__(key, **values)
        self.ticket = ticket


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    platform: str
    chat_id: str
    flow: str
    step: str
    prompt_id: str | None
    kinds: tuple[str, ...]  # file_types labels
    expires_at: datetime

    def accepts(self, kind: file_types.FileKind) -> bool:
        return kind.label in self.kinds

    def file_kinds(self) -> tuple[file_types.FileKind, ...]:
        return tuple(kind for kind in file_types.KINDS if kind.label in self.kinds)


async def issue(
    session: AsyncSession,
    *,
    platform: str,
    chat_id: str | int,
    flow: str,
    step: str,
    prompt_id: str | None,
    now: datetime,
    kinds: Iterable[str] = ALL_KINDS,
    ttl: timedelta = TICKET_TTL,
) -> str:
    """A new ticket for the chat's step; returns the token (shown once, in the link, never stored)."""
    wanted = [label for label in ALL_KINDS if label in set(kinds)]
    if not wanted:
        raise ValueError("an upload ticket must accept at least one known kind of file")
    token = secrets.token_urlsafe(24)
    await repo.add(
        session,
        token_hash=_hash(token),
        platform=platform,
        chat_id=str(chat_id),
        flow=flow,
        step=step,
        prompt_id=prompt_id,
        kinds=wanted,
        expires_at=now + ttl,
        now=now,
    )
    return token


async def check(session: AsyncSession, token: str, now: datetime) -> Ticket:
    """The ticket while it can still take a file; :class:`TicketRefused` otherwise. Changes nothing."""
    row = await repo.by_hash(session, _hash(token)) if _TOKEN.fullmatch(token) else None
    return _usable(row, now)


async def claim(session: AsyncSession, token: str, now: datetime) -> Ticket:
    """Use the ticket up, atomically; :class:`TicketRefused` when another upload or the clock got there first."""
    if _TOKEN.fullmatch(token) and await repo.claim(session, _hash(token), now):
        row = await repo.by_hash(session, _hash(token))
        assert row is not None
        return _ticket(row)
    # Not ours, or another upload took it, or it expired: read it again (not from the session's cache) to say which.
    row = await repo.by_hash(session, _hash(token), fresh=True) if _TOKEN.fullmatch(token) else None
    _usable(row, now)
    raise TicketRefused("web.upload_used", _ticket(row) if row else None)


async def release(session: AsyncSession, ticket: Ticket) -> None:
    """The claimed upload could not be stored: the link works again (until it expires)."""
    await repo.release(session, ticket.id)


def upload_path(token: str) -> str:
    """The path under the bot's PUBLIC_BASE_URL."""
    return f"/u/{token}"


def _usable(row: UploadTicket | None, now: datetime) -> Ticket:
    if row is None:
        raise TicketRefused("web.upload_bad")
    ticket = _ticket(row)
    if row.used_at is not None:
        raise TicketRefused("web.upload_used", ticket)
    if row.expires_at <= now:
        raise TicketRefused("web.upload_expired", ticket, minutes=_minutes(row))
    return ticket


def _ticket(row: UploadTicket) -> Ticket:
    return Ticket(
        id=row.id,
        platform=row.platform,
        chat_id=row.chat_id,
        flow=row.flow,
        step=row.step,
        prompt_id=row.prompt_id,
        kinds=tuple(str(kind) for kind in row.kinds),
        expires_at=row.expires_at,
    )


def _minutes(row: UploadTicket) -> int:
    return max(1, round((row.expires_at - row.created_at).total_seconds() / 60))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
