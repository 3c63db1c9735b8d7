"""A message a service wants told to a unit's accounts; the flow sends it (services never send)."""

from __future__ import annotations

from dataclasses import dataclass

from core.catalog import Safe


@dataclass(frozen=True, slots=True)
class UnitNotice:
    unit_id: int
    text: Safe
