"""What a log line is about (chat, flow, step, update id), carried by the task handling the update.

The channel binds the update's id and chat when it starts on an update, the dispatcher the flow
and step once the dialog is read; every log line written meanwhile, in that task, carries them
(bot/logging_setup.py puts them in the JSON line). Each update runs in its own task, so the values
never leak from one update to another.
"""

from __future__ import annotations

from contextvars import ContextVar

FIELDS = ("update_id", "chat", "flow", "step")
_context: ContextVar[dict[str, object] | None] = ContextVar("log_context", default=None)


def bind(**values: object) -> None:
    """Add ``values`` (None values are dropped) to this task's log context."""
    current = dict(_context.get() or {})
    current.update({key: value for key, value in values.items() if value is not None})
    _context.set(current)


def current() -> dict[str, object]:
    return dict(_context.get() or {})
