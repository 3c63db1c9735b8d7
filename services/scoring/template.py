"""A cluster's scoring sheet as data: criteria tree, bonus and penalty items, rating bands (domain.md §2.4).

Groups are criteria without a parent; the items under them are scored. A group's ``max`` is the sum
the sheet announces (checked against its items when the items are plain criteria). Bonus items add,
penalty items subtract; both are entered as a non-negative number up to the item's max.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from services.errors import Refusal

__all__ = ["Band", "Criterion", "ItemKind", "SheetTemplate", "default_template", "parse_template"]


class TemplateProblem(ValueError):
    """A sheet that breaks its own structure, named by a catalogue text."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


class ItemKind(StrEnum):
    CRITERION = "criterion"
    BONUS = "bonus"
    PENALTY = "penalty"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Criterion(_Model):
    code: str = Field(pattern=r"^[A-Za-z0-9_.]{1,32}$")
    parent: str | None = None
    text: str = Field(min_length=1, max_length=500)
    max: float = Field(ge=0, le=1000)
    kind: ItemKind = ItemKind.CRITERION
    guidance: str = ""
    reporting: bool = False


class Band(_Model):
    min: float = Field(ge=-1000, le=2000)
    name: str = Field(min_length=1, max_length=60)


class SheetTemplate(_Model):
    name: str = Field(min_length=1, max_length=255)
    criteria: tuple[Criterion, ...] = Field(min_length=1, max_length=300)
    bands: tuple[Band, ...] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _consistent(self) -> SheetTemplate:
        codes = [c.code for c in self.criteria]
        if twice := sorted({c for c in codes if codes.count(c) > 1}):
            raise TemplateProblem("score.template.duplicate_code", code=twice[0])
        groups = {c.code: c for c in self.criteria if c.parent is None}
        for item in self.criteria:
            if item.parent is not None and item.parent not in groups:
                raise TemplateProblem("score.template.unknown_parent", code=item.code, parent=item.parent)
        for group in groups.values():
            children = [c for c in self.criteria if c.parent == group.code]
            if group.max and children and all(c.kind is ItemKind.CRITERION for c in children):
                total = sum(c.max for c in children)
                if abs(total - group.max) > 1e-6:
                    raise TemplateProblem(
                        "score.template.group_sum", code=group.code, sum=f"{total:g}", max=f"{group.max:g}"
                    )
        if [b.min for b in self.bands] != sorted((b.min for b in self.bands), reverse=True):
            raise TemplateProblem("score.template.bands_order")
        return self

    @cached_property
    def items(self) -> tuple[Criterion, ...]:
        """What is scored: the leaves (a group with no items is scored itself)."""
        parents = {c.parent for c in self.criteria if c.parent is not None}
        return tuple(c for c in self.criteria if c.code not in parents)

    @cached_property
    def _signs(self) -> tuple[tuple[str, float], ...]:
        return tuple((c.code, -1.0 if c.kind is ItemKind.PENALTY else 1.0) for c in self.items)

    def item(self, code: str) -> Criterion | None:
        return next((c for c in self.items if c.code == code), None)

    @property
    def reporting_item(self) -> Criterion | None:
        return next((c for c in self.items if c.reporting), None)

    @property
    def max_total(self) -> float:
        return sum(c.max for c in self.items if c.kind is ItemKind.CRITERION)

    def total(self, points: dict[str, float]) -> float:
        return round(sum(sign * (points.get(code) or 0.0) for code, sign in self._signs), 2)

    def band(self, total: float) -> str:
        return next((b.name for b in self.bands if total >= b.min), self.bands[-1].name)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def parse_template(raw: Any) -> SheetTemplate:
    try:
        return SheetTemplate.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = (first.get("ctx") or {}).get("error")
        if isinstance(problem, TemplateProblem):
            raise Refusal(problem.key, **problem.values) from None
        raise Refusal("score.template.invalid", where=_where(first["loc"])) from None


def _where(loc: tuple[int | str, ...]) -> str:
    """Where pydantic found the problem, as the Office would say it ("tiêu chí thứ 4")."""
    if len(loc) >= 2 and loc[0] in ("criteria", "bands") and isinstance(loc[1], int):
        return f"{'tiêu chí' if loc[0] == 'criteria' else 'mức xếp loại'} thứ {loc[1] + 1}"
    return "tên bảng" if loc[:1] == ("name",) else "cấu trúc bảng"


@cache
def default_template() -> SheetTemplate:
    path = Path(__file__).parent / "data" / "default_sheet.yaml"
    return SheetTemplate.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
