from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Dialog(Base):
    """Where a person is inside a conversation; kept in the database so restarts lose nothing.

    One per person (account), whichever channel they use: ``identity_id`` is the chat identity the
    last prompt was shown on.
    """

    __tablename__ = "dialogs"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("chat_identities.id", ondelete="SET NULL"))
    # None with a prompt: the chat is at no step, but its last message offered choices.
    flow: Mapped[str | None] = mapped_column(String(40))
    step: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]]
    # The choices of the chat's last prompt (handlers/choices.py): what "2", a label typed out or a
    # button press means. None: the last message offered no choices.
    prompt: Mapped[dict[str, Any] | None]
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime]
