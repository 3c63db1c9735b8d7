from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class UnitKind(enum.StrEnum):
    OFFICE = "office"  # Văn phòng Thanh tra tỉnh
    DIVISION = "division"  # Phòng nghiệp vụ
    DEPT_INSPECTORATE = "dept_inspectorate"  # Thanh tra sở, ban, ngành
    DISTRICT_INSPECTORATE = "district_inspectorate"  # Thanh tra huyện, thành phố
    CLUSTER = "cluster"  # Cụm thi đua
    LEADERSHIP = "leadership"  # Hội đồng TĐKT, Lãnh đạo Thanh tra tỉnh


class ClusterRole(enum.StrEnum):
    HEAD = "head"
    DEPUTY = "deputy"
    MEMBER = "member"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings (no native PG enum) so adding a kind needs no ALTER TYPE.
    return Enum(cls, name=name, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    short_name: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind, "unit_kind"))
    host_agency: Mapped[str | None] = mapped_column(String(255))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    sort_order: Mapped[int] = mapped_column(default=0)

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class ClusterMembership(Base):
    __tablename__ = "cluster_memberships"
    __table_args__ = (UniqueConstraint("cluster_id", "unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    role: Mapped[ClusterRole] = mapped_column(_enum(ClusterRole, "cluster_role"), default=ClusterRole.MEMBER)
