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
    flow: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]]
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime]
