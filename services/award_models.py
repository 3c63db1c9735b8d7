"""The shapes of the award catalogue file (services/data/awards.yaml): awards, legal bases, rules.

Pure data and validation of single entries; cross-references are checked by
:func:`services.award_catalog.load_catalog`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AmbiguousAlias",
    "Award",
    "AwardEntry",
    "CatalogFile",
    "DuplicatePersonRule",
    "Kind",
    "LegalBasis",
    "Level",
    "MaxShareRule",
    "MinCountRule",
    "MinShareRule",
    "Rule",
    "Subject",
    "fold",
]

_CODE = r"^[A-Z][A-Z0-9_]*$"
_ETH = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})  # Ð (U+00D0) is a common stand-in for Đ


def fold(text: str) -> str:
    """A comparison key: no diacritics, no case, only letters and digits ("CSTĐ CS" -> "cstdcs")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_ETH))
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


class Kind(StrEnum):
    DANH_HIEU = "danh_hieu"  # danh hiệu thi đua
    HINH_THUC = "hinh_thuc"  # hình thức khen thưởng


class Subject(StrEnum):
    CA_NHAN = "ca_nhan"
    TAP_THE = "tap_the"


class Level(StrEnum):
    CO_SO = "co_so"
    NGANH = "nganh"
    TINH = "tinh"
    NHA_NUOC = "nha_nuoc"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _in_force(valid_from: dt.date | None, valid_to: dt.date | None, day: dt.date | None) -> bool:
    if day is None:
        return True
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


class LegalBasis(_Model):
    code: str = Field(pattern=_CODE)
    title: str = Field(min_length=1)
    short: str = Field(min_length=1)
    issued: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    replaced_by: str | None = None
    note: str | None = None

    def in_force_on(self, day: dt.date | None) -> bool:
        return _in_force(self.valid_from, self.valid_to, day)


class _AwardFields(_Model):
    """What the file says of an award and the catalogue keeps (one list of fields for both)."""

    code: str = Field(pattern=_CODE, max_length=32)
    name: str = Field(min_length=1)
    subjects: tuple[Subject, ...] = Field(min_length=1)
    level: Level
    decided_by: str = Field(min_length=1)
    legal_basis: tuple[str, ...] = ()
    article: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    counts_as: tuple[str, ...] = ()
    registrable: bool = True
    aliases: tuple[str, ...] = ()
    note: str | None = None


class Award(_AwardFields):
    short: str = Field(min_length=1)
    kind: Kind

    def in_force_on(self, day: dt.date | None) -> bool:
        return _in_force(self.valid_from, self.valid_to, day)

    def is_for(self, subject: Subject) -> bool:
        return subject in self.subjects

    @property
    def label(self) -> str:
        """ "LĐTT — Lao động tiên tiến": the short form people type, then the full name."""
        return self.name if fold(self.short) == fold(self.name) else f"{self.short} — {self.name}"


class AmbiguousAlias(_Model):
    aliases: tuple[str, ...] = Field(min_length=1)
    candidates: tuple[str, ...] = Field(min_length=2)
    default: str | None = None


class _RuleBase(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    message: str = Field(min_length=1)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def in_force_on(self, day: dt.date | None) -> bool:
        return _in_force(self.valid_from, self.valid_to, day)


class MaxShareRule(_RuleBase):
    type: Literal["max_share"]
    titles: tuple[str, ...] = Field(min_length=1)
    of: tuple[str, ...] = Field(min_length=1)
    max_pct: float = Field(gt=0, le=100)


class MinShareRule(_RuleBase):
    type: Literal["min_share"]
    when_collective: tuple[str, ...] = Field(min_length=1)
    titles: tuple[str, ...] = Field(min_length=1)
    min_pct: float = Field(gt=0, le=100)
    strict: bool = False


class MinCountRule(_RuleBase):
    type: Literal["min_count"]
    when_collective: tuple[str, ...] = Field(min_length=1)
    titles: tuple[str, ...] = Field(min_length=1)
    min: int = Field(ge=1)


class DuplicatePersonRule(_RuleBase):
    type: Literal["duplicate_person"]


Rule = Annotated[MaxShareRule | MinShareRule | MinCountRule | DuplicatePersonRule, Field(discriminator="type")]


class AwardEntry(_AwardFields):
    """An award as written in the file: the section it sits in gives its kind."""

    short: str | None = None

    def to_award(self, kind: Kind) -> Award:
        return Award(kind=kind, **self.model_dump(exclude={"short"}), short=self.short or self.name)


class CatalogFile(_Model):
    version: int = Field(ge=1)
    legal_bases: tuple[LegalBasis, ...] = ()
    danh_hieu_thi_dua: tuple[AwardEntry, ...] = Field(min_length=1)
    hinh_thuc_khen_thuong: tuple[AwardEntry, ...] = Field(min_length=1)
    ambiguous: tuple[AmbiguousAlias, ...] = ()
    registration_rules: tuple[Rule, ...] = ()
