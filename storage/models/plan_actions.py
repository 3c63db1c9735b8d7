"""What the Office did about a plan item that is not a reporting round (notices, meetings, its own
tasks, reports upward, decisions): one row per item, written the first time anybody acts on it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.units import _enum


class ItemState(enum.StrEnum):
    OPEN = "open"  # an owner was named, nothing done yet
    DONE = "done"  # đã thực hiện (a notice or invitation sent, a task done, a report sent upward)
    NOT_DONE = "not_done"  # không thực hiện, with the reason in the note


class PlanItemAction(Base):
    __tablename__ = "plan_item_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id", ondelete="CASCADE"), unique=True)
    state: Mapped[ItemState] = mapped_column(_enum(ItemState, "plan_item_state"), default=ItemState.OPEN)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # Sent upward to (outbound items): the free text the Office typed ("Sở Nội vụ, công văn số …").
    sent_to: Mapped[str | None] = mapped_column(String(255))
    # An optional file in the content-addressed store (services/uploads.py).
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_mime: Mapped[str | None] = mapped_column(String(120))
    # The broadcast that carried out a notice or a meeting invitation.
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="SET NULL"))
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    updated_at: Mapped[datetime]
