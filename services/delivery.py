"""What a send after a flow's transaction needs: the database, the time, and the one outbound port.

Services that send on their own initiative (reminders, manual reminders) depend on this and on
``core.delivery.Outbound``, never on a chat library.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.clock import Clock
from core.delivery import Outbound
from storage.db import Database


@dataclass(frozen=True, slots=True)
class Sending:
    db: Database
    clock: Clock
    outbound: Outbound
