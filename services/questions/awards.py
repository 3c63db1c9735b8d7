"""Answers from the award catalogue (services/data/awards.yaml): criteria, who decides, the dossier,
the legal basis in force on a date, the 15 % rule. The legal basis is chosen by date: NĐ 98/2023
until 30/06/2025, NĐ 152/2025 from 01/07/2025."""

from __future__ import annotations

import datetime as dt

from core.catalog import TEXTS
from services.award_catalog import Award, AwardCatalog, Level, MaxShareRule, default_catalog
from services.questions.answer import Answer, Asked, Line, Offer, answer, ask_offer, say

SIMPLE_DOSSIER = frozenset({"LDTT", "TTLDTT", "GK_CTT"})


def _award(asked: Asked, catalog: AwardCatalog) -> Award | None:
    code = asked.slots.get("title")
    return catalog.find(code) if code else None


def _choices(intent: str, catalog: AwardCatalog, codes: list[str] | None = None) -> tuple[Offer, ...]:
    awards = [catalog.get(c) for c in codes] if codes else list(catalog.awards)
    return tuple(ask_offer(intent, a.code, "q.award.label", name=a.short) for a in awards)


def _which(intent: str, asked: Asked, catalog: AwardCatalog) -> Answer:
    codes = asked.slots.get("titles")
    return answer(intent, say("q.award.which"), offers=_choices(intent, catalog, codes.split(",") if codes else None))


def _head(award: Award) -> Line:
    subjects = say(f"q.award.subject.{award.subjects[0].value}" if len(award.subjects) == 1 else "q.award.subject.both")
    return say("q.award.head", name=award.name, kind=say(f"q.award.kind.{award.kind.value}"), subjects=subjects)


def _basis(award: Award, catalog: AwardCatalog, on: dt.date) -> Line:
    bases = ", ".join(b.short for b in catalog.legal_bases_of(award, on))
    if award.article:
        return say("q.award.basis", article=f"{award.article} · " if bases else award.article, bases=bases)
    return say("q.award.basis_plain", bases=bases or "—")


def _confirm_note(*lines: Line) -> tuple[Line, ...]:
    return (say("q.award.confirm"),) if any("[cần xác nhận]" in _template(line.key) for line in lines) else ()


def _template(key: str) -> str:
    """The text itself, only to see whether it carries the [cần xác nhận] mark."""
    return TEXTS.get(key, "")


async def criteria(asked: Asked) -> Answer:
    catalog = default_catalog()
    award = _award(asked, catalog)
    if award is None:
        return _which("award.criteria", asked, catalog)
    body = say(f"q.criteria.{award.code}")
    lines = (_head(award), body, say("q.award.decider", who=award.decided_by), _basis(award, catalog, asked.today))
    return answer(
        "award.criteria",
        *lines,
        *_confirm_note(body),
        offers=(ask_offer("award.dossier", award.code), ask_offer("award.decider", award.code)),
    )


async def decider(asked: Asked) -> Answer:
    catalog = default_catalog()
    award = _award(asked, catalog)
    if award is None and asked.slots.get("titles"):
        return _which("award.decider", asked, catalog)
    if award is None:
        lines = [say("q.decider.header")]
        lines += [say("q.decider.line", name=a.name, who=a.decided_by) for a in catalog.awards]
        return answer("award.decider", *lines)
    return answer(
        "award.decider",
        _head(award),
        say("q.award.decider", who=award.decided_by),
        _basis(award, catalog, asked.today),
        offers=(ask_offer("award.criteria", award.code),),
    )


def decree_on(catalog: AwardCatalog, day: dt.date) -> str:
    """The implementing decree in force on ``day`` (its short name)."""
    for code in ("ND_152_2025", "ND_98_2023"):
        basis = catalog.legal_bases.get(code)
        if basis is not None and basis.in_force_on(day):
            return basis.short
    return catalog.legal_bases["ND_152_2025"].short


async def dossier(asked: Asked) -> Answer:
    catalog = default_catalog()
    lines = [say("q.dossier", decree=decree_on(catalog, asked.today))]
    award = _award(asked, catalog)
    if award is not None:
        simple = award.code in SIMPLE_DOSSIER or (award.level is Level.CO_SO and award.code != "CSTDCS")
        parts = say("q.dossier.parts.simple" if simple else "q.dossier.parts.full")
        lines.append(say("q.dossier.title", name=award.name, parts=parts))
    lines.append(say("q.dossier.source"))
    return answer("award.dossier", *lines)


def _asked_day(value: str | None, today: dt.date) -> tuple[dt.date, dt.date, Line]:
    """The period a question is about: a day, a year, or today."""
    if value and len(value) == 4:
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), say("q.law.in_year", year=year)
    if value:
        day = dt.date.fromisoformat(value)
        return day, day, say("q.law.on_day", day=day.strftime("%d/%m/%Y"))
    return today, today, say("q.law.on_day", day=today.strftime("%d/%m/%Y"))


async def law(asked: Asked) -> Answer:
    catalog = default_catalog()
    try:
        start, end, when = _asked_day(asked.slots.get("date"), asked.today)
    except ValueError:  # "31/02/2025": no such day; answer for today rather than guess
        start, end, when = _asked_day(None, asked.today)
    lines = [say("q.law.header", when=when)]
    for basis in catalog.legal_bases.values():
        if (basis.valid_from is None or basis.valid_from <= end) and (
            basis.valid_to is None or start <= basis.valid_to
        ):
            period: object = ""
            if basis.valid_from or basis.valid_to:
                begin = say("q.law.from", day=basis.valid_from.strftime("%d/%m/%Y")) if basis.valid_from else ""
                finish = say("q.law.to", day=basis.valid_to.strftime("%d/%m/%Y")) if basis.valid_to else ""
                period = say("q.law.period", start=begin, end=finish)
            lines.append(say("q.law.line", title=basis.title, period=period))
            if basis.note:
                lines.append(say("q.law.note", note=basis.note))
    if start <= dt.date(2025, 6, 30) and end >= dt.date(2025, 7, 1):
        lines.append(say("q.law.split"))
    return answer("law.basis", *lines)


async def quota(asked: Asked) -> Answer:
    rule = next((r for r in default_catalog().rules_on(asked.today) if isinstance(r, MaxShareRule)), None)
    pct = f"{rule.max_pct:g}" if rule is not None else "15"
    return answer("rule.quota", say("q.quota", pct=pct), offers=(ask_offer("award.criteria", "CSTDCS"),))
