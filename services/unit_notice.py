"""A message a service wants told to a unit's accounts; the flow sends it (services never send)."""

from __future__ import annotations

from dataclasses import dataclass

from core.text import RichText


@dataclass(frozen=True, slots=True)
class UnitNotice:
    unit_id: int
    text: RichText
