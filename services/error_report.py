"""Errors the bot causes: logged with context, admins told once per distinct error per hour.

Channel-neutral: the report is a list of messages, an apology to the chat the error happened in
(``to`` None) and a note to each enabled, reachable channel of every active admin; whoever runs a
channel delivers them through the one outbound path.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from core.catalog import t
from core.clock import Clock
from core.messages import Incoming, Reply
from services import reach
from storage.db import Database
from storage.repos import accounts as account_repo
from storage.repos import ops

log = logging.getLogger(__name__)
REPORT_EVERY = timedelta(hours=1)


def fingerprint(exc: BaseException) -> str:
    """Same error type at the same place → same fingerprint, whatever the message says."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    return hashlib.sha256(f"{type(exc).__qualname__}@{where}".encode()).hexdigest()[:16]


@dataclass
class ErrorReporter:
    db: Database
    clock: Clock
    # The log's redactor: the admin's note quotes the exception, which may hold the token or a code.
    redact: Callable[[str], str] = str

    async def report(self, exc: BaseException, incoming: Incoming | None) -> list[Reply]:
        """Messages to send: an apology to the user and, at most hourly per error, a note to admins."""
        code = fingerprint(exc)
        log.error(
            "error %s while handling %s from user %s: %s",
            code,
            _what(incoming),
            incoming.user_id if incoming else "-",
            exc,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        replies: list[Reply] = []
        if incoming is not None and incoming.is_private:
            replies.append(Reply(text=t("error.apology")))
        try:
            async with self.db.transaction() as session:
                if await ops.should_report_error(session, code, self.clock.now(), REPORT_EVERY):
                    text = t(
                        "error.admin_report",
                        fingerprint=code,
                        kind=type(exc).__name__,
                        message=self.redact(str(exc))[:300],
                        user_id=incoming.user_id if incoming else "-",
                    )
                    admins = [a.id for a in await account_repo.active_admins(session)]
                    replies += [Reply(text=text, to=to) for to in await reach.addresses_of(session, admins)]
        except Exception:  # the database itself may be what failed; the log line above has it
            log.exception("could not record error %s", code)
        return replies


def _what(incoming: Incoming | None) -> str:
    if incoming is None:
        return "-"
    if incoming.command:
        return f"/{incoming.command}"
    if incoming.callback_data:
        return f"button {incoming.callback_data}"
    return "file" if incoming.file else "text"
