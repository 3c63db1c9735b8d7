"""The dossier rules file (services/dossiers/data/dossier_rules.yaml): parts, what each award needs, prerequisites."""

from __future__ import annotations

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


class DossierRules(_Model):
    parts: tuple[Part, ...] = Field(min_length=1)
    required: Required
    prerequisites: dict[str, Prerequisite] = {}

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
