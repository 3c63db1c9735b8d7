"""Questions the bot did not understand, kept so the Office sees what people ask (issue 15)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class UnansweredQuestion(Base):
    """The text and the asker's role only: no account, so the log never says who asked."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(index=True)
    role: Mapped[str] = mapped_column(String(16))  # admin | officer | leader | none
    platform: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # The closest intents offered as suggestions ("my.missing,plan.quarter"), to see what was near.
    suggested: Mapped[str] = mapped_column(String(255), default="")
