"""What an answer is, channel-neutral: catalogue lines and the actions offered with it.

A channel (today handlers/questions.py with Telegram-style buttons; next, choices on every channel)
renders ``Line`` with the catalogue and turns each ``Offer`` into a button or a numbered choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.actors import Actor


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    values: Mapping[str, object] = field(default_factory=dict)


class OfferKind(StrEnum):
    SUBMIT = "submit"  # send a report for a round (arg: round id)
    REGISTER = "register"  # emulation registration for a round (arg: round id)
    ASK = "ask"  # ask another question (arg: "intent" or "intent:slot value")
    MENU = "menu"  # the caller's commands


@dataclass(frozen=True, slots=True)
class Offer:
    kind: OfferKind
    arg: str | int | None = None
    label: str | None = None  # catalogue key of the label (ASK, MENU) …
    label_values: Mapping[str, object] = field(default_factory=dict)  # … or the round's name (SUBMIT)


@dataclass(frozen=True, slots=True)
class Answer:
    intent: str
    lines: tuple[Line, ...]
    offers: tuple[Offer, ...] = ()
    understood: bool = True


@dataclass(frozen=True, slots=True)
class Asked:
    """Everything an intent's answer may use: the caller, the database, the time."""

    session: AsyncSession
    actor: Actor
    now: dt.datetime
    tz: ZoneInfo
    slots: Mapping[str, str]

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.tz).date()

    def date(self, value: dt.datetime) -> str:
        return value.astimezone(self.tz).strftime("%d/%m/%Y")

    def datetime(self, value: dt.datetime) -> str:
        return value.astimezone(self.tz).strftime("%H:%M %d/%m/%Y")


def say(key: str, **values: object) -> Line:
    return Line(key, values)


def ask_offer(intent: str, slot: str | None = None, label: str | None = None, **values: object) -> Offer:
    arg = intent if slot is None else f"{intent}:{slot}"
    return Offer(OfferKind.ASK, arg, label or f"q.suggest.{intent}", values)


def answer(intent: str, *lines: Line, offers: tuple[Offer, ...] = ()) -> Answer:
    return Answer(intent, tuple(lines), offers)
