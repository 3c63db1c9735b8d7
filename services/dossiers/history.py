"""Past awards of a person or a unit: the one thing eligibility needs from the commendation record.

The record itself (services/commendation/record.py) is built elsewhere; eligibility takes any object
with this shape, so tests use :class:`InMemoryHistory` and the application wires the real record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from services.award_models import Subject, fold

__all__ = ["AwardHistory", "InMemoryHistory", "Who", "record_history", "subject_key"]


@dataclass(frozen=True, slots=True)
class Who:
    subject: Subject
    unit_id: int
    full_name: str  # the person, or the collective's name

    @property
    def key(self) -> str:
        return subject_key(self.subject, self.unit_id, self.full_name)


def subject_key(subject: Subject, unit_id: int, full_name: str) -> str:
    """The same person (name compared without case or diacritics) in the same unit, or the same collective."""
    return f"u:{unit_id}" if subject is Subject.TAP_THE else f"p:{unit_id}:{fold(full_name)}"


class AwardHistory(Protocol):
    async def __call__(self, session: AsyncSession, who: Who, before_year: int) -> Mapping[int, frozenset[str]]:
        """Award codes received per year, for the years before ``before_year``."""
        ...


@dataclass
class InMemoryHistory:
    """A fixed record: {subject key: {year: codes}}."""

    awards: dict[str, dict[int, frozenset[str]]] = field(default_factory=dict)

    def add(self, who: Who, year: int, *codes: str) -> None:
        years = self.awards.setdefault(who.key, {})
        years[year] = years.get(year, frozenset()) | frozenset(codes)

    async def __call__(self, session: AsyncSession, who: Who, before_year: int) -> Mapping[int, frozenset[str]]:
        return {y: c for y, c in self.awards.get(who.key, {}).items() if y < before_year}


async def record_history(session: AsyncSession, who: Who, before_year: int) -> Mapping[int, frozenset[str]]:
    """The commendation record (services/commendation/record.py) as an :class:`AwardHistory`.

    The record knows a person or a collective by the folded name, across units (people move)."""
    from services.commendation import record

    years: dict[int, frozenset[str]] = {}
    for row in await record.history(session, who.full_name, collective=who.subject is Subject.TAP_THE):
        if row.year < before_year:
            years[row.year] = years.get(row.year, frozenset()) | {row.award_code}
    return years
