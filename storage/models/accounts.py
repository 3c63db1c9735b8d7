from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.units import _enum


class AccountRole(enum.StrEnum):
    ADMIN = "admin"  # cán bộ Văn phòng Thanh tra tỉnh
    OFFICER = "officer"  # cán bộ đầu mối của đơn vị
    LEADER = "leader"  # lãnh đạo: xem tổng hợp, không thao tác


class AccountStatus(enum.StrEnum):
    NEW = "new"  # has talked to the bot, not linked to anything
    PENDING = "pending"  # asked to join a unit, waiting for an admin
    ACTIVE = "active"
    REJECTED = "rejected"
    REVOKED = "revoked"  # an admin removed the access


class Account(Base):
    """A person. It reaches a unit's data only when ACTIVE with a unit and a role.

    Where the person is reached lives in their chat identities (``ChatIdentity``: one per platform),
    so one person may use Telegram and Zalo with the same unit, role and history.
    """

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(255), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[AccountRole | None] = mapped_column(_enum(AccountRole, "account_role"))
    status: Mapped[AccountStatus] = mapped_column(_enum(AccountStatus, "account_status"))
    requested_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    requested_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE and self.role is not None


class InviteCode(Base):
    """An invite to join a unit. Only an HMAC of the code (under the server's invite secret) is kept;
    admins tell codes apart by their number (id), never by characters of the code."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[AccountRole] = mapped_column(_enum(AccountRole, "account_role"))
    max_uses: Mapped[int]
    uses: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]
