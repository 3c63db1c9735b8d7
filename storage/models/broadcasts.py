"""Broadcasts from the Office: the notice and its outbox (one row per recipient, written before sending)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.units import _enum


class BroadcastStatus(enum.StrEnum):
    DRAFT = "draft"  # previewed, recipients written, not confirmed
    SENDING = "sending"  # confirmed: the worker sends it (also after a restart)
    DONE = "done"  # every recipient has an outcome; the report was sent
    CANCELLED = "cancelled"  # a draft the admin dropped or edited


class ReplyKind(enum.StrEnum):
    NONE = "none"
    ACK = "ack"  # [Đã nhận]
    MEETING = "meeting"  # [Tham dự] [Cử người thay] [Vắng mặt]


class RecipientState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed and committed just before the send
    DELIVERED = "delivered"
    BLOCKED = "blocked"  # the user blocked the bot
    FAILED = "failed"  # Telegram refused, or errors outlasted the retries: not delivered
    UNKNOWN = "unknown"  # the send may or may not have happened (crash mid-send, timeout): not resent


class Response(enum.StrEnum):
    RECEIVED = "received"  # Đã nhận
    ATTEND = "attend"  # Tham dự
    DELEGATE = "delegate"  # Cử người thay
    ABSENT = "absent"  # Vắng mặt


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[BroadcastStatus] = mapped_column(_enum(BroadcastStatus, "broadcast_status"), index=True)
    reply_kind: Mapped[ReplyKind] = mapped_column(_enum(ReplyKind, "broadcast_reply_kind"))
    # What the admin typed (plain text) and the HTML every recipient gets, rendered once at preview.
    text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    attachment_kind: Mapped[str | None] = mapped_column(String(16))  # "document" | "photo" | "stored"
    # What the admin sent on Telegram: re-sent there by Telegram's file_id, never downloaded.
    attachment_tg_file_id: Mapped[str | None] = mapped_column(String(255))
    # A file the bot keeps (the plan's workbook: kind "stored"), by its sha256 in the file store.
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    audience: Mapped[dict[str, Any]]
    audience_label: Mapped[str] = mapped_column(String(255))
    # Units of the audience with no reachable account at preview time, for the report.
    unreached_unit_ids: Mapped[list[int]] = mapped_column(JSON)
    total: Mapped[int]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    confirmed_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # The admin's message that shows progress and then the outcome: on the chat identity the broadcast
    # was confirmed from.
    progress_identity_id: Mapped[int | None] = mapped_column(ForeignKey("chat_identities.id", ondelete="SET NULL"))
    progress_message_id: Mapped[str | None] = mapped_column(String(64))
    # A notice or an invitation made from a plan item (sending it carries the item out).
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id", ondelete="SET NULL"))
    # A meeting invitation's date, time and place.
    meeting_at: Mapped[datetime | None]
    meeting_place: Mapped[str | None] = mapped_column(String(255))

    @property
    def attachment_ref(self) -> str | None:
        """What finds the attachment: the sha256 of a stored file, else Telegram's file_id."""
        return self.attachment_sha256 if self.attachment_kind == "stored" else self.attachment_tg_file_id


class BroadcastRecipient(Base):
    __tablename__ = "broadcast_recipients"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "identity_id"),  # once per channel of each person
        Index("ix_broadcast_recipients_broadcast_state", "broadcast_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    identity_id: Mapped[int] = mapped_column(ForeignKey("chat_identities.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    state: Mapped[RecipientState] = mapped_column(_enum(RecipientState, "broadcast_recipient_state"))
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None]
    # The process sending it, and until when its claim holds (renewed while it runs): only a row
    # whose lease ran out is recovered as "unknown", never one another live process is sending.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(255))
    response: Mapped[Response | None] = mapped_column(_enum(Response, "broadcast_response"))
    responded_at: Mapped[datetime | None]
