from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class UploadTicket(Base):
    """A one-time link to send a file from a web page, for a chat whose channel cannot send documents.

    Only the token's hash is kept. ``used_at`` is set by the one upload that claims it (an atomic
    ``UPDATE … WHERE used_at IS NULL AND expires_at > now``); a refused upload (wrong type, too big)
    leaves it unset. ``flow``/``step``/``prompt_id`` say which step of the chat's dialog asked for it.
    """

    __tablename__ = "upload_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))  # the channel's chat id as text (Zalo's are strings)
    flow: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    prompt_id: Mapped[str | None] = mapped_column(String(16))
    kinds: Mapped[list[Any]]  # the file_types labels the step accepts: ["PDF", "DOCX", …]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
