from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class AuditEntry(Base):
    """Every admin action, allowed or refused."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    actor_label: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60), index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # "ok" | "denied"
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]]


class ErrorReport(Base):
    """Throttles error reports to admins: one per distinct error per hour."""

    __tablename__ = "error_reports"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_reported_at: Mapped[datetime]
    occurrences: Mapped[int] = mapped_column(default=0)


class ChatNotice(Base):
    """One-time notices per chat (e.g. 'the bot works in private chats only')."""

    __tablename__ = "chat_notices"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[datetime]


class InboundSeen(Base):
    """Events a platform may deliver twice (Zalo redelivers by message id): each is handled once.
    Recorded in the update's own transaction, so an update that failed is not marked seen."""

    __tablename__ = "inbound_seen"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)


class SendToken(Base):
    """The bot's send budget, shared by every process (PostgreSQL; storage/repos/send_budget.py).

    ``rate`` tokens per bot: a send holds one from before it starts until one window after it
    completed (``free_at``, on the database's clock); ``held_until`` bounds the hold of a process
    that died mid-send.
    """

    __tablename__ = "send_tokens"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    slot: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    held_until: Mapped[datetime | None]
    free_at: Mapped[datetime]
