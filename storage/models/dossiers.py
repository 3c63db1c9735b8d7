"""Nomination dossiers (hồ sơ đề nghị khen thưởng, domain.md §1.6, §2.5): dossiers, nominees, documents.

The status lives on the dossier and moves only along services/dossiers/lifecycle.py; each move is in
the audit log. A nominee is a person (by name, in a unit) or a collective (a unit), with one award
code from services/data/awards.yaml; ``subject_key`` makes "the same nominee for the same award twice
in one year" a unique-constraint violation as well as a refusal.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.units import _enum


class DossierStatus(enum.StrEnum):
    DRAFT = "du_thao"
    SENT = "da_gui"
    RECEIVED = "da_tiep_nhan"
    RETURNED = "tra_lai"
    ELIGIBLE = "du_dieu_kien"
    NOT_ELIGIBLE = "khong_du_dieu_kien"
    TO_COUNCIL = "trinh_hoi_dong"
    PASSED = "hoi_dong_thong_qua"
    NOT_PASSED = "khong_thong_qua"
    DECIDED = "da_co_quyet_dinh"
    PROPOSED_UP = "trinh_cap_tren"
    DECIDED_UP = "cap_tren_da_quyet_dinh"


class Dossier(Base):
    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # the proposing unit
    year: Mapped[int] = mapped_column(index=True)
    category: Mapped[str] = mapped_column(String(16), default="cong_trang")  # loại hình khen thưởng
    status: Mapped[DossierStatus] = mapped_column(_enum(DossierStatus, "dossier_status"), default=DossierStatus.DRAFT)
    return_reason: Mapped[str | None] = mapped_column(Text)
    resubmit_by: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DossierNominee(Base):
    __tablename__ = "dossier_nominees"
    __table_args__ = (UniqueConstraint("year", "subject_key", "award_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    subject: Mapped[str] = mapped_column(String(16))  # ca_nhan | tap_the
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the person's unit, or the collective
    full_name: Mapped[str] = mapped_column(String(255))  # the person, or the collective's name
    position: Mapped[str] = mapped_column(String(120), default="")
    subject_key: Mapped[str] = mapped_column(String(300))
    award_code: Mapped[str] = mapped_column(String(32))
    # The last eligibility check: [{"rule", "level", "key", "values", "basis"}], shown as it was.
    eligibility: Mapped[list[Any]] = mapped_column(default=list)


class DossierDocument(Base):
    __tablename__ = "dossier_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_nominees.id", ondelete="CASCADE"))
    part: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    uploaded_at: Mapped[datetime]
