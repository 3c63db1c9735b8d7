"""The registration checks, as data: each rule of the catalogue file is evaluated into warnings with numbers.

Warnings never block: the officer may fix the list or send it anyway, and the Office sees them. A
:class:`RuleWarning` is plain JSON (stored with the registration) and is rendered with
:func:`services.registration_entries.render_issue`.

Counting: a person registered for a higher title also counts for the titles it includes
(``counts_as`` in the catalogue: CSTĐCS counts as LĐTT); each person is counted once, however many
times the name appears (the duplicate is a warning of its own). The base of a share rule on a
collective is the unit's headcount when the unit gave it, otherwise the number of people listed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from core.catalog import has
from services.award_catalog import (
    AwardCatalog,
    DuplicatePersonRule,
    MaxShareRule,
    MinCountRule,
    MinShareRule,
    Rule,
)
from services.registration_entries import IssueValue, person_key

__all__ = ["Person", "RuleWarning", "evaluate", "format_pct"]


class Person(Protocol):
    @property
    def full_name(self) -> str: ...

    @property
    def title_code(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class RuleWarning:
    rule_id: str
    key: str
    values: dict[str, IssueValue]

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule_id, "key": self.key, "values": dict(self.values)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RuleWarning:
        return cls(rule_id=str(data["rule"]), key=str(data["key"]), values=dict(data.get("values", {})))


def format_pct(value: float) -> str:
    """16.666 -> "16,7", 20.0 -> "20": one decimal, Vietnamese decimal comma."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True, slots=True)
class _Tally:
    """Per person (by name), every title their registration counts as, and the list positions."""

    titles: dict[str, frozenset[str]]
    positions: dict[str, list[int]]
    names: dict[str, str]

    def count(self, codes: Iterable[str]) -> int:
        wanted = set(codes)
        return sum(1 for titles in self.titles.values() if titles & wanted)

    @property
    def people(self) -> int:
        return len(self.titles)


def _tally(catalog: AwardCatalog, people: Sequence[Person]) -> _Tally:
    titles: dict[str, frozenset[str]] = {}
    positions: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for position, person in enumerate(people, 1):
        key = person_key(person.full_name)
        names.setdefault(key, person.full_name)
        positions.setdefault(key, []).append(position)
        extra = catalog.closure(person.title_code) if person.title_code else frozenset()
        titles[key] = titles.get(key, frozenset()) | extra
    return _Tally(titles, positions, names)


def _names(catalog: AwardCatalog, codes: Iterable[str]) -> str:
    return " / ".join(catalog.get(code).name for code in codes)


def evaluate(
    catalog: AwardCatalog,
    *,
    collective_code: str | None,
    people: Sequence[Person],
    member_count: int | None = None,
    on: dt.date | None = None,
) -> list[RuleWarning]:
    """Every warning the catalogue's rules (in force on ``on``) raise for this registration, in rule order."""
    tally = _tally(catalog, people)
    warnings: list[RuleWarning] = []
    for rule in catalog.rules_on(on):
        warnings += _check(rule, catalog, tally, collective_code, member_count)
    return warnings


def _check(
    rule: Rule, catalog: AwardCatalog, tally: _Tally, collective: str | None, member_count: int | None
) -> list[RuleWarning]:
    if isinstance(rule, MaxShareRule):
        return _max_share(rule, catalog, tally)
    if isinstance(rule, DuplicatePersonRule):
        return [
            RuleWarning(rule.id, rule.message, {"name": tally.names[key], "count": len(lines), "lines": lines})
            for key, lines in tally.positions.items()
            if len(lines) > 1
        ]
    if collective is None or collective not in rule.when_collective:
        return []
    if isinstance(rule, MinShareRule):
        return _min_share(rule, catalog, tally, collective, member_count)
    return _min_count(rule, catalog, tally, collective)


def _max_share(rule: MaxShareRule, catalog: AwardCatalog, tally: _Tally) -> list[RuleWarning]:
    n, m = tally.count(rule.titles), tally.count(rule.of)
    if n * 100 <= rule.max_pct * m:
        return []
    values: dict[str, IssueValue] = {
        "n": n,
        "m": m,
        "titles": _names(catalog, rule.titles),
        "of": _names(catalog, rule.of),
        "max_pct": format_pct(rule.max_pct),
        "limit": int(rule.max_pct * m // 100),
        "pct": format_pct(100 * n / m) if m else "—",
        # the fewest people of the base that allow one: 7 for 15 %
        "need": math.ceil(100 / rule.max_pct) if rule.max_pct > 0 else 0,
    }
    # "tối đa 0 người" reads as a mistake: with a small base, say that the share is not yet one person.
    message = f"{rule.message}_small" if values["limit"] == 0 and has(f"{rule.message}_small") else rule.message
    return [RuleWarning(rule.id, message, values)]


def _min_share(
    rule: MinShareRule, catalog: AwardCatalog, tally: _Tally, collective: str, member_count: int | None
) -> list[RuleWarning]:
    n = tally.count(rule.titles)
    base = member_count if member_count else tally.people
    enough = n * 100 > rule.min_pct * base if rule.strict else n * 100 >= rule.min_pct * base
    if enough and base:
        return []
    values: dict[str, IssueValue] = {
        "target": catalog.get(collective).name,
        "titles": _names(catalog, rule.titles),
        "n": n,
        "base": base,
        "base_ref": "reg.base.members" if member_count else "reg.base.listed",
        "min_pct": format_pct(rule.min_pct),
        "pct": format_pct(100 * n / base) if base else "0",
    }
    return [RuleWarning(rule.id, rule.message, values)]


def _min_count(rule: MinCountRule, catalog: AwardCatalog, tally: _Tally, collective: str) -> list[RuleWarning]:
    n = tally.count(rule.titles)
    if n >= rule.min:
        return []
    values: dict[str, IssueValue] = {
        "target": catalog.get(collective).name,
        "titles": _names(catalog, rule.titles),
        "n": n,
        "min": rule.min,
    }
    return [RuleWarning(rule.id, rule.message, values)]
