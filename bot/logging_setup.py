"""Logging that never prints the bot token, another secret or an invite code (see bot/log_redaction.py).

``LOG_FORMAT=text`` (default): one readable line per event. ``LOG_FORMAT=json``: one JSON object
per line (``ts``, ``level``, ``logger``, ``msg``, and ``update_id``, ``chat``, ``flow``, ``step``
when the line was written while handling an update, ``exc`` for a traceback), for a log collector.
The redactor runs before either formatter, so both print the same masked text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.log_redaction import Redactor, protect
from core import log_context


class ContextFilter(logging.Filter):
    """Copies the task's log context (core/log_context.py) onto each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in log_context.current().items():
            setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key in log_context.FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                line[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exc"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(level: str, secrets: list[str], *, others: Iterable[str | None] = (), fmt: str = "text") -> Redactor:
    """``secrets``: the bot token first (shown as ``<token>``); ``others``: further secrets to hide."""
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    token = next((s for s in secrets if s), None)
    redactor = protect([handler], token, [*secrets[1:], *others])
    # Each poll is a request, and its URL holds the token: at INFO these would flood the log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Alembic tells every start which plugins it loaded and each step it ran: noise for an operator.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # aiohttp's access log is off (bot/web/server.py); its server errors stay.
    return redactor
