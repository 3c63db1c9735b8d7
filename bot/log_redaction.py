"""No log line carries a secret or an invite code, tracebacks included.

The bot token sits in every Bot API URL (httpx logs them) and in python-telegram-bot's InvalidToken
message; an invite code sits in "/start CODE" and in the reply that hands it to an admin. A
:class:`Redactor` on each handler rewrites every record that reaches it: the message, the formatted
traceback and the stack. The loggers that at DEBUG dump whole payloads (python-telegram-bot's API calls
with their results and each update it processes, aiosqlite's SQL parameters: what users type, codes
typed in any case) are held at INFO whatever the level, so a DEBUG log is not a copy of everyone's
messages; the pattern for codes is a second line of defence, not the first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

__all__ = ["PAYLOAD_LOGGERS", "Redactor", "protect"]

# Loggers whose DEBUG lines are whole payloads (Bot API calls and results, SQL parameters: user text,
# invite codes); never below INFO.
PAYLOAD_LOGGERS = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",  # "Processing update Update(…)": the whole message
    "telegram.ext.Updater",
    "httpx",
    "aiosqlite",
)
# An invite code as issued (services/invites.py: 10 characters of its alphabet), and any /start payload.
_INVITE_CODE = re.compile(r"(?<![A-Za-z0-9_])[A-HJKMNP-Z2-9]{10}(?![A-Za-z0-9_])")
_START_PAYLOAD = re.compile(r"(/start)(?:\s+|=)[A-Za-z0-9_-]{6,64}\b", re.IGNORECASE)
# A download or upload link's token (bot/web/): whoever reads it may fetch the file or send one.
_WEB_TOKEN = re.compile(r"(/[fu]/)[A-Za-z0-9_.-]{16,}")
# A link code (services/identity_links.py: 6 digits) as typed after /lienket.
_LINK_CODE = re.compile(r"(/lienket)\s+\d[\d ]{4,10}\d\b", re.IGNORECASE)
_FORMATTER = logging.Formatter()


class Redactor(logging.Filter):
    """Replaces the bot token with ``<token>``, other secrets with ``<secret>``, invite codes with ``<code>``."""

    def __init__(self, token: str | None = None, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        pairs = [(token, "<token>")] if token else []
        pairs += [(s, "<secret>") for s in secrets if s and len(s) >= 6]
        self._pairs = sorted(pairs, key=lambda pair: -len(pair[0]))

    def redact(self, text: str) -> str:
        for secret, mask in self._pairs:
            if secret in text:
                text = text.replace(secret, mask)
        text = _START_PAYLOAD.sub(r"\1 <code>", text)
        text = _WEB_TOKEN.sub(r"\1<token>", text)
        text = _LINK_CODE.sub(r"\1 <code>", text)
        return _INVITE_CODE.sub("<code>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            # The formatter prints exc_text as it is once set, so the traceback goes out redacted.
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def protect(handlers: Iterable[logging.Handler], token: str | None, secrets: Iterable[str | None] = ()) -> Redactor:
    """Put one redactor on each handler and hold the payload loggers at INFO or above."""
    redactor = Redactor(token, secrets)
    for handler in handlers:
        handler.addFilter(redactor)
    for name in PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)
    return redactor
