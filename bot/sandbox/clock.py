"""The sandbox's clock: real time moved to an instant the user chooses, so reminders can be tried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SandboxClock:
    """Runs like the wall clock, from the instant last set (``--at`` or ``:at``)."""

    def __init__(self, at: datetime | None = None) -> None:
        self.offset = timedelta(0)
        if at is not None:
            self.set(at)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("SandboxClock needs an aware datetime")
        self.offset = at - datetime.now(UTC)
