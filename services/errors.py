"""The one exception a user-caused problem raises: it names a catalogue text and changes nothing.

The router rolls the transaction back, shows the text, and (for refused admin actions)
records the refusal in the audit log in a transaction of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Refusal(Exception):
    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
        self.denied: DeniedAction | None = None


@dataclass(frozen=True, slots=True)
class DeniedAction:
    """What to write to the audit log when an action is refused for lack of rights."""

    action: str
    target_type: str | None = None
    target_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    outcome: str = "denied"  # or "not_found": a probe for something the caller cannot see


class NotFound(Refusal):
    """Something named by a button or an id that does not exist or is not the caller's to see: one
    answer for both (nothing to learn from it), and audited, since forged ids are how another unit's
    documents are probed for."""

    def __init__(self, key: str, /, *, action: str, target_type: str | None = None, target_id: object = None) -> None:
        super().__init__(key)
        self.denied = DeniedAction(
            action=action,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            outcome="not_found",
        )


class Forbidden(Refusal):
    def __init__(self, action: str, *, target_type: str | None = None, target_id: object = None) -> None:
        super().__init__("common.forbidden")
        self.denied = DeniedAction(
            action=action, target_type=target_type, target_id=None if target_id is None else str(target_id)
        )
