"""The reminder log: one row per (round, unit, slot), claimed before anything is sent.

The unique ``key`` is what makes a reminder go out once: two sweeps, two processes or a restart
all try to insert the same key and only one succeeds. Manual reminders from /chuanop are rows too
(slot "manual"), so the automatic ones of that day can see them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.units import _enum


class DeliveryStatus(enum.StrEnum):
    CLAIMED = "claimed"  # taken by a sweep; being sent
    SENT = "sent"
    FAILED = "failed"  # surely not delivered, with the error; retried by a later sweep only if retryable
    UNKNOWN = "unknown"  # the send went out and no answer came back: maybe delivered; never sent again
    SKIPPED = "skipped"  # missed by more than the catch-up window, or nobody to send to


class ReminderDelivery(Base):
    __tablename__ = "reminder_deliveries"
    __table_args__ = (Index("ix_reminder_deliveries_round_unit_day", "round_id", "unit_id", "slot_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "r12:u7:D-3", "r12:u7:manual:2024-06-12", "q2024-2:u7", "office:2024-06-17"
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(24))  # before | due | after | quarter | office | manual
    slot: Mapped[str] = mapped_column(String(40))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    slot_date: Mapped[date]  # local date the slot belongs to
    due_at: Mapped[datetime]  # when it was meant to go out
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus, "delivery_status"))
    claimed_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=1)
    recipients: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
