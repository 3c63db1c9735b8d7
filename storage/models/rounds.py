"""The annual plan, reporting rounds, what each unit owes, and what it submitted."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from storage.models.base import Base
from storage.models.units import _enum


class PlanStatus(enum.StrEnum):
    """A plan's life: prepared (draft), the one the bot runs (in force, at most one), then history (past)."""

    DRAFT = "draft"
    IN_FORCE = "in_force"
    PAST = "past"


class Plan(Base):
    """A year's Kế hoạch công tác thi đua, khen thưởng. Several years coexist; one is in force."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    number: Mapped[str | None] = mapped_column(String(60))
    issued_on: Mapped[date | None]
    title: Mapped[str] = mapped_column(String(255))
    issuer: Mapped[str] = mapped_column(String(255))
    signer: Mapped[str] = mapped_column(String(120))
    signer_title: Mapped[str] = mapped_column(String(120))
    status: Mapped[PlanStatus] = mapped_column(_enum(PlanStatus, "plan_status"), default=PlanStatus.DRAFT)
    # Bumped by every change to a draft: a confirm made on an older preview is refused (services/plan_drafts.py).
    version: Mapped[int] = mapped_column(default=1)
    source_year: Mapped[int | None]  # the plan it was rolled over from
    published_at: Mapped[datetime | None]
    imported_at: Mapped[datetime]

    @hybrid_property
    def is_current(self) -> bool:
        return self.status == PlanStatus.IN_FORCE

    @is_current.inplace.expression
    @classmethod
    def _is_current_expression(cls) -> ColumnElement[bool]:
        return cls.status == PlanStatus.IN_FORCE


class PlanItem(Base):
    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("plan_id", "quarter", "item_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    quarter: Mapped[int]
    item_no: Mapped[int]
    task: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    lead: Mapped[str | None] = mapped_column(String(40))
    # Unit selectors as written in the plan file: "CUM", "unit:TTS-TC", "cluster:CUM1".
    coordinating: Mapped[list[Any]] = mapped_column(default=list)
    submitters: Mapped[list[Any]] = mapped_column(default=list)
    deliverable: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None]
    due_note: Mapped[str | None] = mapped_column(String(255))
    optional: Mapped[bool] = mapped_column(default=False)
    conditional: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    # "registration" for the emulation registration round; kept here so a draft knows before its round exists.
    round_kind: Mapped[str | None] = mapped_column(String(16))
    # The day the plan means before a day off moved ``due_on`` to a working day: next year starts from
    # it, so the moves of successive years do not add up (15/02 stays 15/02, not 13/02 then 12/02).
    planned_on: Mapped[date | None]

    @property
    def ref(self) -> str:
        return f"{('I', 'II', 'III', 'IV')[self.quarter - 1]}.{self.item_no}"


class RoundKind(enum.StrEnum):
    REPORT = "report"
    REGISTRATION = "registration"


class RoundStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Round(Base):
    """A reporting round (kỳ báo cáo): something a set of units must send by a deadline."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[RoundKind] = mapped_column(_enum(RoundKind, "round_kind"), default=RoundKind.REPORT)
    status: Mapped[RoundStatus] = mapped_column(_enum(RoundStatus, "round_status"), default=RoundStatus.OPEN)
    deadline: Mapped[datetime]
    reminders_paused: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    closed_at: Mapped[datetime | None]
    # This round's reminder schedule where it differs from the settings (services.reminder_policy.ReminderRules).
    reminder_policy: Mapped[dict[str, Any] | None]


class ObligationStatus(enum.StrEnum):
    MISSING = "missing"  # chưa nộp
    SUBMITTED = "submitted"  # đã nộp, chờ Văn phòng xem
    ACCEPTED = "accepted"  # đã tiếp nhận
    RETURNED = "returned"  # bị trả lại: the unit owes it again

    @property
    def owes(self) -> bool:
        return self in (ObligationStatus.MISSING, ObligationStatus.RETURNED)


class Obligation(Base):
    """A unit owes a round. Its status mirrors the latest submission so overviews are one GROUP BY."""

    __tablename__ = "obligations"
    __table_args__ = (
        UniqueConstraint("round_id", "unit_id"),
        # Covers the overview's GROUP BY (round, status, late) without reading the table, and the
        # "who still owes this round" lookups by (round, status).
        Index("ix_obligations_round_status_late", "round_id", "status", "late"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    status: Mapped[ObligationStatus] = mapped_column(
        _enum(ObligationStatus, "obligation_status"), default=ObligationStatus.MISSING
    )
    # A returned submission may come with a new deadline for this unit only.
    due_at: Mapped[datetime | None]
    versions: Mapped[int] = mapped_column(default=0)
    latest_submission_id: Mapped[int | None]
    last_submitted_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(default=False)
    reminders_paused: Mapped[bool] = mapped_column(default=False)


class SubmissionStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class Submission(Base):
    """One version of what a unit sent for a round; earlier versions are kept."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("obligation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    version: Mapped[int]
    receipt_code: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[SubmissionStatus] = mapped_column(
        _enum(SubmissionStatus, "submission_status"), default=SubmissionStatus.SUBMITTED
    )
    note: Mapped[str | None] = mapped_column(Text)
    late: Mapped[bool] = mapped_column(default=False)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    submitted_at: Mapped[datetime]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[str | None] = mapped_column(Text)


class SubmissionFile(Base):
    """A file of a submission; the bytes live in the content-addressed store under FILES_DIR."""

    __tablename__ = "submission_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
