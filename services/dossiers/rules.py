"""The dossier rules file (services/dossiers/data/dossier_rules.yaml): parts, what each award needs, prerequisites."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.award_models import Subject

__all__ = ["Alternative", "DossierRules", "Part", "Prerequisite", "Required", "default_rules"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Part(_Model):
    code: str = Field(pattern=r"^[a-z_]+$")
    name: str = Field(min_length=1)
    per_nominee: bool = False


class Required(_Model):
    all: tuple[str, ...]
    by_award: dict[str, tuple[str, ...]] = {}
    by_category: dict[str, tuple[str, ...]] = {}


class Alternative(_Model):
    award: str
    years: int = Field(ge=1, le=20)
    within: int | None = Field(default=None, ge=1, le=30)  # None: ``years`` consecutive years just before


class Prerequisite(_Model):
    subject: Subject | None = None  # None: applies to individuals and collectives alike
    basis_article: str
    any_of: tuple[Alternative, ...] = Field(min_length=1)
    manual_alternative: str | None = None
    valid_from: dt.date | None = None  # the chain as the law of the day states it
    valid_to: dt.date | None = None

    def applies(self, subject: Subject, on: dt.date) -> bool:
        return (
            self.subject in (None, subject)
            and (self.valid_from is None or self.valid_from <= on)
            and (self.valid_to is None or on <= self.valid_to)
        )


class DossierRules(_Model):
    parts: tuple[Part, ...] = Field(min_length=1)
    required: Required
    # One chain per award, or a list of chains with their own validity dates when the law changed it.
    prerequisites: dict[str, Prerequisite | tuple[Prerequisite, ...]] = {}

    @model_validator(mode="after")
    def _known_parts(self) -> DossierRules:
        codes = {p.code for p in self.parts}
        used = {
            *self.required.all,
            *(c for v in self.required.by_award.values() for c in v),
            *(c for v in self.required.by_category.values() for c in v),
        }
        if unknown := used - codes:
            raise ValueError(f"unknown parts: {sorted(unknown)}")
        return self

    def prerequisite(self, award_code: str, subject: Subject, on: dt.date) -> Prerequisite | None:
        """The award's chain for this kind of nominee in force on ``on``."""
        found = self.prerequisites.get(award_code, ())
        chains = found if isinstance(found, tuple) else (found,)
        return next((p for p in chains if p.applies(subject, on)), None)

    def part(self, code: str) -> Part:
        return next(p for p in self.parts if p.code == code)

    def required_parts(self, award_code: str, category: str) -> tuple[str, ...]:
        if category in self.required.by_category:
            return self.required.by_category[category]
        extra = self.required.by_award.get(award_code, ())
        return self.required.all + tuple(c for c in extra if c not in self.required.all)


@cache
def default_rules() -> DossierRules:
    path = Path(__file__).parent / "data" / "dossier_rules.yaml"
    return DossierRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
