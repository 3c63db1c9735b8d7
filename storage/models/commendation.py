"""The year's second half: the council and its secret ballot, award decisions, the commendation record.

How the ballot tables keep a vote secret is written in services/commendation/ballot.py; in short:
``ballot_entries`` carries no account, no time and no sequence, only an opaque tag per (member,
nominee) that cannot be recomputed from the database alone, and the tags are re-drawn at random when
the ballot closes.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.units import _enum


class CouncilRole(enum.StrEnum):
    CHAIR = "chair"  # Chủ tịch Hội đồng
    VICE_CHAIR = "vice_chair"  # Phó Chủ tịch
    STANDING = "standing"  # Ủy viên thường trực
    MEMBER = "member"  # Ủy viên


class SessionStatus(enum.StrEnum):
    DRAFT = "draft"  # the Office is preparing the nominee list and the rules
    PUBLISHED = "published"  # nominee list made public inside the agency (công khai)
    OPEN = "open"  # ballot open: members vote, may change their vote
    CLOSED = "closed"  # counted; results and minutes fixed


class VoteMethod(enum.StrEnum):
    SECRET = "secret"  # noqa: S105 - bỏ phiếu kín, not a password
    SHOW_OF_HANDS = "show_of_hands"  # biểu quyết giơ tay


class VoteBase(enum.StrEnum):
    ALL_MEMBERS = "all"  # tổng số thành viên Hội đồng
    PRESENT = "present"  # số thành viên có mặt (và phiếu bằng văn bản, nếu cho phép)


class Choice(enum.StrEnum):
    YES = "yes"  # Đồng ý
    NO = "no"  # Không đồng ý


class Council(Base):
    """The council of one level for one year (e.g. Hội đồng TĐKT Thanh tra tỉnh 2024, level co_so)."""

    __tablename__ = "councils"
    __table_args__ = (UniqueConstraint("level", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(255))
    issuer: Mapped[str] = mapped_column(String(255))  # "THANH TRA TỈNH LẠNG SƠN"
    created_at: Mapped[datetime]


class CouncilMember(Base):
    __tablename__ = "council_members"
    __table_args__ = (UniqueConstraint("council_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    role: Mapped[CouncilRole] = mapped_column(_enum(CouncilRole, "council_role"))
    full_name: Mapped[str] = mapped_column(String(255))
    position: Mapped[str] = mapped_column(String(255), default="")


class CouncilSession(Base):
    __tablename__ = "council_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, "council_session_status"))
    publish_days: Mapped[int]
    published_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Random salt of the ballot key while the ballot is open; NULL before and after (see ballot.py).
    ballot_salt: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    members_total: Mapped[int | None]
    members_present: Mapped[int | None]
    voters: Mapped[int | None]  # members who answered at least one nominee, counted at close
    created_by_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]


class SessionAttendance(Base):
    """Who attended. Written by the Office before the ballot opens; it says nothing of votes."""

    __tablename__ = "council_attendance"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id", ondelete="CASCADE"))
    present: Mapped[bool]


class AwardRule(Base):
    """How one title is decided in one session (domain.md §1.5: rules are data, the Quy chế sets them)."""

    __tablename__ = "council_award_rules"
    __table_args__ = (UniqueConstraint("session_id", "award_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"))
    award_code: Mapped[str] = mapped_column(String(32))
    method: Mapped[VoteMethod] = mapped_column(_enum(VoteMethod, "council_vote_method"))
    base: Mapped[VoteBase] = mapped_column(_enum(VoteBase, "council_vote_base"))
    threshold_pct: Mapped[int]
    quorum_pct: Mapped[int]
    absent_in_writing: Mapped[bool]


class Nominee(Base):
    __tablename__ = "council_nominees"
    __table_args__ = (UniqueConstraint("session_id", "holder_key", "award_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    collective: Mapped[bool]
    name: Mapped[str] = mapped_column(String(255))
    holder_key: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_name: Mapped[str] = mapped_column(String(255))
    award_code: Mapped[str] = mapped_column(String(32))
    # Filled at close.
    yes_count: Mapped[int | None]
    no_count: Mapped[int | None]
    base_count: Mapped[int | None]
    passed: Mapped[bool | None]
    quorum_met: Mapped[bool | None]


class BallotEntry(Base):
    """One member's answer on one nominee, without the member: no account, no time, no row number.

    ``tag`` is HMAC(ballot key, member, nominee) while open, random bytes after close.
    """

    __tablename__ = "ballot_entries"

    nominee_id: Mapped[int] = mapped_column(ForeignKey("council_nominees.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True)
    choice: Mapped[Choice | None] = mapped_column(_enum(Choice, "ballot_choice"))
    # HMAC(ballot key, nominee|tag|choice) while open: a choice edited in the database fails the close.
    seal: Mapped[bytes | None] = mapped_column(LargeBinary(32))


class Decision(Base):
    """A signed award decision (Quyết định khen thưởng)."""

    __tablename__ = "award_decisions"
    __table_args__ = (UniqueConstraint("issuer_code", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_code: Mapped[str] = mapped_column(String(32))  # "TTr": the symbol's tail, one numbering per issuer
    issuer: Mapped[str] = mapped_column(String(255))
    year: Mapped[int]
    number: Mapped[int]
    symbol: Mapped[str] = mapped_column(String(64))  # "QĐ-TTr"
    signed_on: Mapped[date]
    signer: Mapped[str] = mapped_column(String(255))
    signer_title: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(String(16))
    award_code: Mapped[str] = mapped_column(String(32))
    award_year: Mapped[int]
    summary: Mapped[str] = mapped_column(Text)  # trích yếu
    session_id: Mapped[int | None] = mapped_column(ForeignKey("council_sessions.id"))
    amount_total: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}"


class AwardRecord(Base):
    """Lịch sử khen thưởng: one award held by one person or collective in one year."""

    __tablename__ = "award_records"
    __table_args__ = (
        UniqueConstraint("holder_key", "collective", "year", "award_code"),
        Index("ix_award_records_holder", "holder_key", "collective"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collective: Mapped[bool]
    name: Mapped[str] = mapped_column(String(255))
    holder_key: Mapped[str] = mapped_column(String(255))  # folded name (person) or unit code (collective)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_name: Mapped[str] = mapped_column(String(255))
    year: Mapped[int]
    award_code: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(default=0)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("award_decisions.id", ondelete="SET NULL"))
    decision_ref: Mapped[str] = mapped_column(String(64), default="")  # "12/QĐ-TTr" also for imported years
    decision_date: Mapped[date | None]
    source: Mapped[str] = mapped_column(String(32))  # decision | import
    created_at: Mapped[datetime]
