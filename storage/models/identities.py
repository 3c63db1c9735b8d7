"""Chat identities: who a person is on one chat platform. An account (a person) may hold one per platform."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ChatIdentity(Base):
    """A platform's user, as text whatever the platform (Telegram's integers, Zalo's strings).

    ``chat_id`` is where the bot writes to that user (the private chat). ``enabled`` is the person's
    choice (/toi: receive notices and reminders on this channel or not); ``unreachable_since`` is set
    when the platform says the bot cannot write there (blocked), and cleared when the user writes again.
    """

    __tablename__ = "chat_identities"
    __table_args__ = (
        UniqueConstraint("platform", "external_user_id"),
        UniqueConstraint("account_id", "platform"),  # one identity per platform and person
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    external_user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(255), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    unreachable_since: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]

    @property
    def reachable(self) -> bool:
        return self.enabled and self.unreachable_since is None


class LinkCode(Base):
    """A one-time code that moves a chat identity onto the account that asked for it (/toi → link).

    Only an HMAC of the code is kept (like invite codes); it is valid for ``platform`` only, once,
    until ``expires_at``.
    """

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
