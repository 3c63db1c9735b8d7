"""Cross-check scoring inside a cluster (kiểm tra chéo, domain.md §2.4): sheet templates, checks, scores.

A template is one cluster's scoring sheet for one year, kept as validated data (criteria tree, bonus
and penalty items, rating bands; see services/scoring/template.py). A check pairs a checker unit
with the unit it checks; its lines hold the self-score, the checker's score and the settled score of
each criterion. Points are stored rounded to 2 decimals.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.units import _enum


class CheckStatus(enum.StrEnum):
    ASSIGNED = "assigned"  # đã phân công
    SCORED = "scored"  # đơn vị kiểm tra đã chấm xong
    AGREED = "agreed"  # đơn vị được kiểm tra nhất trí
    DISPUTED = "disputed"  # đơn vị được kiểm tra không nhất trí (có lý do)
    SETTLED = "settled"  # cụm trưởng đã chốt điểm


class ScoreTemplate(Base):
    __tablename__ = "score_templates"
    __table_args__ = (UniqueConstraint("cluster_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int]
    body: Mapped[dict[str, Any]]  # services.scoring.template.SheetTemplate as JSON
    closed_at: Mapped[datetime | None]  # the cluster head closed the year's cross-check
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    updated_at: Mapped[datetime]


class CrossCheck(Base):
    __tablename__ = "cross_checks"
    __table_args__ = (
        UniqueConstraint("template_id", "checked_unit_id"),
        CheckConstraint("checker_unit_id <> checked_unit_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("score_templates.id", ondelete="CASCADE"))
    checker_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    checked_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[CheckStatus] = mapped_column(_enum(CheckStatus, "check_status"), default=CheckStatus.ASSIGNED)
    dispute_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime]


class ScoreLine(Base):
    __tablename__ = "score_lines"
    __table_args__ = (UniqueConstraint("check_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("cross_checks.id", ondelete="CASCADE"))
    criterion: Mapped[str] = mapped_column(String(32))
    self_points: Mapped[float | None] = mapped_column(Float)
    checker_points: Mapped[float | None] = mapped_column(Float)
    final_points: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(500), default="")
