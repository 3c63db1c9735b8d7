"""Telegram's classifier: what its answer means, and when a send is tried again. Every send uses it.

- Forbidden (blocked, deactivated), or 400 "chat not found" (a user who never opened the bot):
  ``blocked`` — the identity is unreachable; nothing went out.
- RetryAfter: AIORateLimiter already waited and retried; if Telegram still says wait, we wait as
  told and try again a few more times (nothing was delivered), then ``retry_later``.
- A 5xx answer, or a connection that never opened: nothing was delivered; retried with backoff,
  then ``retry_later`` (a later reminder sweep may try again).
- Any other BadRequest: Telegram refused this message; retrying cannot help: ``failed``.
- A read timeout or a connection lost after the request went out: Telegram may have delivered
  it. It is NOT retried (that could deliver twice); the outcome is ``unknown``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import httpx
from telegram import Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.http11 import NotSent
from core.delivery import DeliveryOutcome

log = logging.getLogger(__name__)
T = TypeVar("T")

SERVER_ATTEMPTS = 4
RETRY_AFTER_ROUNDS = 3
# Errors raised before any byte of the request reached Telegram: httpx's, and the lean transport's.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, NotSent)


def surely_not_sent(exc: NetworkError) -> bool:
    """No transport error behind it: Telegram (or its proxy) answered with an error status, so the
    request was handled and refused. A connect or pool failure: nothing went out. Anything else
    (read timeout, connection dropped after writing) may have been delivered."""
    cause = exc.__cause__
    if cause is None or isinstance(cause, TelegramError):  # TelegramError: an unparsable error body
        return True
    return isinstance(cause, _NOT_SENT)


def classify(exc: TelegramError) -> DeliveryOutcome:
    """The outcome of one failed request, before any retry."""
    if isinstance(exc, Forbidden):
        return DeliveryOutcome.blocked(f"blocked: {exc.message}")
    if isinstance(exc, BadRequest):  # before NetworkError: PTB derives BadRequest from it
        if "chat not found" in exc.message.lower():
            return DeliveryOutcome.blocked(f"chat_not_found: {exc.message}")
        return DeliveryOutcome.failed(f"rejected: {exc.message}")
    if isinstance(exc, RetryAfter):
        return DeliveryOutcome.retry_later(f"rate_limited: {_seconds(exc.retry_after):g}")
    if isinstance(exc, NetworkError):  # TimedOut included
        if surely_not_sent(exc):
            return DeliveryOutcome.retry_later(f"server: {exc.message}")
        return DeliveryOutcome.unknown("timeout")
    return DeliveryOutcome.failed(f"error: {exc.message}")


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def attempt(
    call: Callable[[], Awaitable[T]], *, backoff: float = 0.5, what: str = "message"
) -> tuple[DeliveryOutcome, T | None]:
    """Make one send, retrying only what surely did not arrive; its outcome and Telegram's result."""
    server_errors = waits = 0
    while True:
        try:
            result = await call()
        except TelegramError as exc:
            outcome = classify(exc)
            if isinstance(exc, RetryAfter):
                waits += 1
                if waits <= RETRY_AFTER_ROUNDS:
                    await asyncio.sleep(_seconds(exc.retry_after) + 0.1)
                    continue
            elif outcome.retryable:
                server_errors += 1
                if server_errors < SERVER_ATTEMPTS:
                    log.warning("%s not sent (attempt %s), trying again: %s", what, server_errors, exc)
                    await asyncio.sleep(backoff * server_errors)
                    continue
            if outcome.status == "unknown":
                log.warning("%s may or may not have arrived; not sent again: %r", what, exc)
            return outcome, None
        message_id: str | None
        if isinstance(result, Message):
            message_id = str(result.message_id)
        else:  # a raw answer (a text sent as JSON): the sent message, or True for an edit
            found = result.get("message_id") if isinstance(result, dict) else None
            message_id = str(found) if isinstance(found, int) else None
        return DeliveryOutcome.delivered(message_id), result
