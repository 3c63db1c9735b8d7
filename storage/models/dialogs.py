from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Dialog(Base):
    """Where a chat is inside a conversation; kept in the database so restarts lose nothing."""

    __tablename__ = "dialogs"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # None with a prompt: the chat is at no step, but its last message offered choices.
    flow: Mapped[str | None] = mapped_column(String(40))
    step: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]]
    # The choices of the chat's last prompt (handlers/choices.py): what "2", a label typed out or a
    # button press means. None: the last message offered no choices.
    prompt: Mapped[dict[str, Any] | None]
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime]
