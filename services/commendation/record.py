"""The commendation record across years, and what a person or collective is eligible for next.

"Eligible" here means the part computable from the record: the consecutive years of a title that a
higher one requires (data: services/commendation/data/chains.yaml, the chains of domain.md §1.4).
The other conditions (initiatives, annual ratings) are named in each answer with its legal basis,
never silently assumed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from services.award_catalog import AwardCatalog
from services.award_models import Award, Subject
from services.commendation.council import holder_key
from storage.models import AwardRecord
from storage.repos import commendation_records as repo

CHAINS_FILE = Path(__file__).parent / "data" / "chains.yaml"


class Chain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    target: str
    subject: Subject
    needs: str
    years: int = Field(default=1, ge=1)
    once: bool = False
    note: str = ""


class ChainsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    chains: tuple[Chain, ...]


@cache
def load_chains(path: Path = CHAINS_FILE) -> tuple[Chain, ...]:
    return ChainsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).chains


def check_chains(catalog: AwardCatalog, chains: Sequence[Chain]) -> list[str]:
    """Codes the chains name that the award catalogue does not have (checked by a test and at start-up)."""
    return [
        f"{c.target} → {c.needs}" for c in chains if catalog.find(c.target) is None or catalog.find(c.needs) is None
    ]


@dataclass(frozen=True, slots=True)
class NextStep:
    award: Award
    met: bool
    have: int  # consecutive years (or times, for "once") found on the record
    need: int
    note: str
    basis: str  # "Luật số 06/2022/QH15 (Điều 22); Nghị định số 152/2025/NĐ-CP"


async def history(session: AsyncSession, name: str, *, collective: bool) -> Sequence[AwardRecord]:
    return await repo.history(session, holder_key(name, collective), collective)


@dataclass(frozen=True, slots=True)
class Lookup:
    """What /lichsu answers: the awards held, year by year, and what may be proposed next."""

    records: Sequence[AwardRecord]
    steps: list[NextStep]


async def lookup(session: AsyncSession, catalog: AwardCatalog, name: str, *, collective: bool, year: int) -> Lookup:
    records = await history(session, name, collective=collective)
    return Lookup(records, next_steps(catalog, records, collective=collective, year=year))


def held_years(catalog: AwardCatalog, records: Sequence[AwardRecord], code: str) -> set[int]:
    """Years in which the record holds ``code`` or a title that counts as it (CSTĐ tỉnh counts as CSTĐCS)."""
    return {r.year for r in records if code in catalog.closure(r.award_code)}


def streak(years: set[int], up_to: int) -> int:
    """Consecutive years ending at ``up_to`` or, if that year is not held, at the year before."""
    end = up_to if up_to in years else up_to - 1
    count = 0
    while end - count in years:
        count += 1
    return count


def next_steps(
    catalog: AwardCatalog,
    records: Sequence[AwardRecord],
    *,
    collective: bool,
    year: int,
    chains: Sequence[Chain] | None = None,
) -> list[NextStep]:
    """For ``year``'s proposals: each chained award, whether the record meets its prerequisite."""
    subject = Subject.TAP_THE if collective else Subject.CA_NHAN
    on = dt.date(year, 12, 31)
    steps: list[NextStep] = []
    for chain in chains if chains is not None else load_chains():
        award = catalog.find(chain.target)
        if chain.subject is not subject or award is None or not award.in_force_on(on):
            continue
        years = held_years(catalog, records, chain.needs)
        if chain.once:
            have, need = (1 if any(y <= year for y in years) else 0), 1
        else:
            have, need = streak(years, year), chain.years
        if held_years(catalog, records, chain.target) & {year}:
            continue  # already has it this year
        steps.append(NextStep(award, have >= need, have, need, chain.note, basis_of(catalog, award, on)))
    return steps


def basis_of(catalog: AwardCatalog, award: Award, on: dt.date) -> str:
    return "; ".join(bases_of(catalog, award, on)) or award.decided_by


def bases_of(catalog: AwardCatalog, award: Award, on: dt.date) -> list[str]:
    """The legal bases in force on ``on``, the Law first with the article: "Luật số 06/2022/QH15 (Điều 23; …)"."""
    bases = [b.short for b in catalog.legal_bases_of(award, on)]
    if award.article and bases:
        bases[0] = f"{bases[0]} ({award.article})"
    return bases
