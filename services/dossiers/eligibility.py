"""Eligibility of one nominee, rule by rule, each with its legal basis — never a silent yes or no.

Checks, in order:
- the award exists for this kind of nominee and is in force on the day of the check (its validity
  dates in the catalogue);
- the legal basis in force that day (NĐ 98/2023 until 30/06/2025, NĐ 152/2025 from 01/07/2025);
- registered for that title or form this year (the registration tables): unregistered is a WARNING,
  as the registration rules say ("most regulations do not consider unregistered people");
- the catalogue's quota rules (CSTĐCS ≤ 15 % of LĐTT) over the unit's nominees that year;
- prerequisite chains (services/dossiers/data/dossier_rules.yaml) against the commendation record,
  given as an :class:`~services.dossiers.history.AwardHistory`. Routes the record cannot show (ratings,
  initiatives) come back as MANUAL: the Office checks them in the dossier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.award_catalog import AwardCatalog, MaxShareRule
from services.award_models import Award, Subject, fold
from services.dossiers.history import AwardHistory, Who
from services.dossiers.rules import DossierRules, Prerequisite
from storage.repos import dossiers as repo

__all__ = ["Check", "Level", "basis_text", "check_nominee", "evaluate_prerequisite", "is_eligible"]


class Level(StrEnum):
    OK = "ok"
    WARN = "warn"  # shown, does not block
    MANUAL = "manual"  # the record cannot tell: the Office checks the documents
    FAIL = "fail"  # not eligible


@dataclass(frozen=True, slots=True)
class Check:
    rule: str
    level: Level
    key: str  # catalogue text (core/catalog/dossiers.py)
    values: dict[str, Any] = field(default_factory=dict)
    basis: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def is_eligible(checks: list[Check]) -> bool:
    return not any(c.level is Level.FAIL for c in checks)


def basis_text(catalog: AwardCatalog, award: Award, on: dt.date) -> str:
    bases = [b.short for b in catalog.legal_bases_of(award, on)]
    article = f" ({award.article})" if award.article else ""
    return "; ".join(bases) + article


def _held(history: Mapping[int, frozenset[str]], catalog: AwardCatalog, year: int, code: str) -> bool:
    return any(code in catalog.closure(c) for c in history.get(year, ()))


def evaluate_prerequisite(
    prerequisite: Prerequisite, history: Mapping[int, frozenset[str]], catalog: AwardCatalog, year: int
) -> tuple[bool, str | None]:
    """(met, the award code of the route met). Awards count through the catalogue's ``counts_as``."""
    for route in prerequisite.any_of:
        if route.within is None:
            met = all(_held(history, catalog, y, route.award) for y in range(year - route.years, year))
        else:
            met = sum(_held(history, catalog, y, route.award) for y in range(year - route.within, year)) >= route.years
        if met:
            return True, route.award
    return False, None


async def check_nominee(
    session: AsyncSession,
    *,
    catalog: AwardCatalog,
    rules: DossierRules,
    history: AwardHistory,
    who: Who,
    award_code: str,
    year: int,
    on: dt.date,
) -> list[Check]:
    award = catalog.find(award_code)
    if award is None:
        return [Check("award", Level.FAIL, "dossier.elig.unknown_award", {"code": award_code})]
    checks: list[Check] = []
    if not award.is_for(who.subject):
        checks.append(Check("subject", Level.FAIL, "dossier.elig.wrong_subject", {"award": award.short}))
    if not award.in_force_on(on):
        checks.append(
            Check(
                "in_force",
                Level.FAIL,
                "dossier.elig.not_in_force",
                {"award": award.short, "day": on.strftime("%d/%m/%Y")},
            )
        )
    basis = basis_text(catalog, award, on)
    checks.append(
        Check(
            "basis",
            Level.OK if basis else Level.WARN,
            "dossier.elig.basis" if basis else "dossier.elig.no_basis",
            {"award": award.name, "day": on.strftime("%d/%m/%Y")},
            basis,
        )
    )
    checks.append(await _registration(session, catalog, who, award, year, basis))
    checks += await _quotas(session, catalog, who, award, year, on)
    prerequisite = rules.prerequisite(award.code, who.subject, on)
    if prerequisite is not None:
        checks.append(await _prerequisite(session, catalog, prerequisite, history, who, award, year))
    return checks


async def _registration(
    session: AsyncSession, catalog: AwardCatalog, who: Who, award: Award, year: int, basis: str
) -> Check:
    registered = False
    for registration in await repo.current_registrations(session, who.unit_id, year):
        if who.subject is Subject.TAP_THE:
            codes = [registration.collective_title_code, registration.collective_award_code]
        else:
            name = fold(who.full_name)
            codes = [
                c
                for line in registration.lines
                if fold(line.full_name) == name
                for c in (line.title_code, line.award_code)
            ]
        registered = registered or any(c and award.code in catalog.closure(c) for c in codes)
    values = {"award": award.short, "year": year}
    if registered:
        return Check("registered", Level.OK, "dossier.elig.registered", values)
    return Check("registered", Level.WARN, "dossier.elig.unregistered", values, basis)


async def _quotas(
    session: AsyncSession, catalog: AwardCatalog, who: Who, award: Award, year: int, on: dt.date
) -> list[Check]:
    rules = [r for r in catalog.rules_on(on) if isinstance(r, MaxShareRule) and award.code in r.titles]
    if not rules or who.subject is not Subject.CA_NHAN:
        return []
    counts = await repo.unit_award_counts(session, who.unit_id, year)
    result = []
    for rule in rules:

        def count(codes: tuple[str, ...]) -> int:
            return sum(n for code, n in counts.items() if catalog.closure(code) & set(codes))

        titled, base = count(rule.titles), count(rule.of)
        limit = base * rule.max_pct / 100
        values = {"count": titled, "base": base, "pct": f"{rule.max_pct:g}", "limit": f"{limit:.1f}".replace(".", ",")}
        level = Level.OK if titled <= limit else Level.FAIL
        key = "dossier.elig.quota_ok" if level is Level.OK else "dossier.elig.quota_exceeded"
        result.append(Check(f"quota:{rule.id}", level, key, values, rule.message))
    return result


async def _prerequisite(
    session: AsyncSession,
    catalog: AwardCatalog,
    prerequisite: Prerequisite,
    history: AwardHistory,
    who: Who,
    award: Award,
    year: int,
) -> Check:
    past = await history(session, who, year)
    met, route = evaluate_prerequisite(prerequisite, past, catalog, year)
    routes = "; ".join(
        f"{catalog.get(r.award).short} {r.years} năm" + (" liên tục" if r.within is None else f" trong {r.within} năm")
        for r in prerequisite.any_of
    )
    values = {"award": award.short, "routes": routes, "manual": prerequisite.manual_alternative or ""}
    if met:
        return Check(
            "prerequisite",
            Level.OK,
            "dossier.elig.prerequisite_ok",
            values | {"route": catalog.get(route or "").short},
            prerequisite.basis_article,
        )
    if prerequisite.manual_alternative:
        return Check(
            "prerequisite", Level.MANUAL, "dossier.elig.prerequisite_manual", values, prerequisite.basis_article
        )
    return Check("prerequisite", Level.FAIL, "dossier.elig.prerequisite_missing", values, prerequisite.basis_article)
