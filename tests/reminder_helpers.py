"""Shared pieces of the reminder tests: a recording outbound, the engine as the factory builds it, a 2024 world."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from zoneinfo import ZoneInfo

from bot.channels.telegram.render import to_html
from core.clock import FixedClock
from core.delivery import Address, DeliveryOutcome
from core.messages import Reply
from handlers.reminder_messages import ReminderMessages
from services import plan_import
from services.reminder_engine import ReminderEngine
from services.reminder_policy import ReminderPolicy, WorkCalendar
from storage.db import Database
from tests import factories as f
from tests.factories import round_for as round_id  # noqa: F401 - re-exported for this module's tests

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@dataclass(frozen=True)
class Pushed:
    chat_id: str
    text: str
    buttons: tuple[tuple[str, str | None], ...]
    at: datetime
    platform: str = "telegram"


class RecordingOutbound:
    """An outbound port (core.delivery) that records what would reach the chats; a queue of results
    per chat can inject failures."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.sent: list[Pushed] = []
        self.results: dict[str, deque[DeliveryOutcome]] = {}

    def fail(self, chat_id: int | str, *results: DeliveryOutcome) -> None:
        self.results.setdefault(str(chat_id), deque()).extend(results)

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome:
        queue = self.results.get(to.chat_id)
        if queue:
            return queue.popleft()
        # As Telegram gets it: the text as HTML, each choice's label and data.
        buttons = tuple((b.label.text, b.data) for row in message.buttons for b in row)
        self.sent.append(Pushed(to.chat_id, to_html(message.text), buttons, self.clock.now(), to.platform))
        return DeliveryOutcome.delivered()

    def to(self, chat_id: int | str) -> list[Pushed]:
        return [p for p in self.sent if p.chat_id == str(chat_id)]


@cache
def policy() -> ReminderPolicy:
    """One per test process: the holiday table of a year is computed on first use (~0.1 s)."""
    return ReminderPolicy(WorkCalendar(TZ, time(7, 30), time(17, 0)))


def engine(db: Database, clock: FixedClock, pusher: RecordingOutbound, **options: object) -> ReminderEngine:
    return ReminderEngine(db, policy(), pusher, ReminderMessages(TZ), clock, **options)  # type: ignore[arg-type]


async def world_2024(db: Database) -> None:
    """The default units and the 2024 plan, imported on 01/01/2024 (so every round exists all year)."""
    at = local(2024, 1, 1, 0, 0)
    await f.load_default_units(db, at)
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), at, TZ, label="test")
