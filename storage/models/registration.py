from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base
from storage.models.units import _enum


class RegistrationStatus(enum.StrEnum):
    SUBMITTED = "submitted"  # đã gửi
    ACCEPTED = "accepted"  # Văn phòng đã tiếp nhận
    RETURNED = "returned"  # trả lại, chờ bổ sung
    SUPERSEDED = "superseded"  # thay thế bởi bản mới hơn của cùng đơn vị, cùng đợt


class Registration(Base):
    """One version of a unit's emulation registration (bản đăng ký thi đua) for a round.

    Every edit is a new row with the next version; earlier rows stay, marked SUPERSEDED. Titles and
    forms of commendation are catalogue codes (services/data/awards.yaml), kept in separate columns.
    """

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("round_id", "unit_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique (round_id, unit_id, version) serves lookups by round.
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    version: Mapped[int]
    status: Mapped[RegistrationStatus] = mapped_column(
        _enum(RegistrationStatus, "registration_status"), default=RegistrationStatus.SUBMITTED
    )
    collective_title_code: Mapped[str | None] = mapped_column(String(32))  # danh hiệu thi đua tập thể
    collective_award_code: Mapped[str | None] = mapped_column(String(32))  # hình thức khen thưởng tập thể
    member_count: Mapped[int | None]  # headcount the unit declared, the base of share rules
    commitments: Mapped[str] = mapped_column(Text, default="")
    # The signed and stamped scan, in the content-addressed file store.
    scan_sha256: Mapped[str | None] = mapped_column(String(64))
    scan_name: Mapped[str | None] = mapped_column(String(255))
    scan_mime: Mapped[str | None] = mapped_column(String(100))
    scan_size: Mapped[int | None]
    receipt_code: Mapped[str] = mapped_column(String(64), unique=True)
    # Rule warnings as evaluated when sent: [{"rule", "key", "values"}], shown to the Office as they were.
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]

    lines: Mapped[list[RegistrationLine]] = relationship(
        order_by="RegistrationLine.line_no", cascade="all, delete-orphan", lazy="raise"
    )


class RegistrationLine(Base):
    """One person on a registration: their target title and/or form of commendation."""

    __tablename__ = "registration_lines"
    __table_args__ = (
        UniqueConstraint("registration_id", "line_no"),
        CheckConstraint("title_code IS NOT NULL OR award_code IS NOT NULL", name="has_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int]  # 1-based order in the list, as the summary and the warnings number it
    full_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[str] = mapped_column(String(120), default="")  # chức vụ
    title_code: Mapped[str | None] = mapped_column(String(32))  # danh hiệu thi đua
    award_code: Mapped[str | None] = mapped_column(String(32))  # hình thức khen thưởng
    note: Mapped[str] = mapped_column(String(255), default="")
