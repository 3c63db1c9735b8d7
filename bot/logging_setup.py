"""Logging that never prints the bot token, another secret or an invite code (see bot/log_redaction.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.log_redaction import Redactor, protect


def configure(level: str, secrets: list[str], *, others: Iterable[str | None] = ()) -> Redactor:
    """``secrets``: the bot token first (shown as ``<token>``); ``others``: further secrets to hide."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    token = next((s for s in secrets if s), None)
    redactor = protect([handler], token, [*secrets[1:], *others])
    # Each poll is a request; at INFO these would flood the log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Alembic tells every start which plugins it loaded and each step it ran: noise for an operator.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return redactor
