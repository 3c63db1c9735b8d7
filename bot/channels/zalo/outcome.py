"""What became of a send to Zalo, in the categories the bot uses for every channel.

=================  ===========================================================  ==================
outcome            when                                                         may be sent again?
=================  ===========================================================  ==================
``delivered``      Zalo answered ok                                             —
``blocked``        403: the person blocked the bot or cannot be written to      no; mark unreachable
``retry_later``    429, 5xx, or the connection never opened                     yes: surely not sent
``failed``         any other refusal (400, 401, 404, a text over 2,000 chars)   no: it would fail again
``unknown``        a timeout or a connection lost after the request went out,   NEVER: it may have
                   a 408 on a send, an answer that is not the API's envelope    arrived
=================  ===========================================================  ==================

Zalo's public documentation does not list the code for "this user blocked the bot"; 403 is read
as blocked, as with Telegram, and the fake server answers so. A 408 on a send is read as doubtful
(Zalo uses it for "gave up waiting", and we cannot tell whether it had already delivered).

``reason`` is "code" or "code: detail", the code naming a catalogue text ``bc.reason.<code>``
(the broadcast report's reasons), so :func:`to_delivery_outcome` hands it on unchanged.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.channels.zalo.errors import ZaloApiError, ZaloBadResponse, ZaloError, ZaloNetworkError
from core.delivery import DeliveryOutcome

log = logging.getLogger(__name__)

SERVER_ATTEMPTS = 4  # sends that surely did not arrive are tried this many times in all
MAX_WAIT_SECONDS = 30.0  # a longer "retry after" is reported as retry_later instead of waited out


class SendOutcome(enum.StrEnum):
    DELIVERED = "delivered"
    BLOCKED = "blocked"
    RETRY_LATER = "retry_later"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Classified:
    outcome: SendOutcome
    reason: str | None = None
    retry_after: float | None = None  # seconds, when Zalo said how long to wait
    message_id: str | None = None


def classify(exc: ZaloError) -> Classified:
    """The outcome of a send that raised ``exc``."""
    if isinstance(exc, ZaloNetworkError):
        if exc.maybe_sent:
            return Classified(SendOutcome.UNKNOWN, "timeout")
        return Classified(SendOutcome.RETRY_LATER, f"server: {exc.detail}")
    if isinstance(exc, ZaloBadResponse):
        if exc.http_status >= 500:
            return Classified(SendOutcome.RETRY_LATER, f"server: HTTP {exc.http_status}")
        return Classified(SendOutcome.UNKNOWN, "timeout")
    if isinstance(exc, ZaloApiError):
        code, detail = exc.error_code, exc.description or str(exc.error_code)
        if code == 429:
            return Classified(SendOutcome.RETRY_LATER, f"rate_limited: {detail}", exc.retry_after)
        if code >= 500:
            return Classified(SendOutcome.RETRY_LATER, f"server: {detail}")
        if code == 403:
            return Classified(SendOutcome.BLOCKED, f"blocked: {detail}")
        if code == 408:
            return Classified(SendOutcome.UNKNOWN, "timeout")
        return Classified(SendOutcome.FAILED, f"rejected: {detail}")
    return Classified(SendOutcome.FAILED, f"error: {type(exc).__name__}")


async def send_with_retries(
    send: Callable[[], Awaitable[str | None]],
    *,
    backoff: float = 0.5,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Classified:
    """Run ``send`` (which returns the message id) until it is delivered or retrying cannot help.

    Only ``retry_later`` is tried again, a few times, waiting as Zalo asks; ``unknown`` never is.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            message_id = await send()
        except ValueError as exc:  # refused before sending: too long, not a link
            return Classified(SendOutcome.FAILED, f"rejected: {exc}")
        except ZaloError as exc:
            result = classify(exc)
            if result.outcome is not SendOutcome.RETRY_LATER or attempt >= SERVER_ATTEMPTS:
                return result
            wait = result.retry_after if result.retry_after is not None else backoff * attempt
            if wait > MAX_WAIT_SECONDS:
                return result
            log.info("Zalo send not accepted (%s); trying again in %.1fs", result.reason, wait)
            await sleep(wait)
        else:
            return Classified(SendOutcome.DELIVERED, message_id=message_id)


def to_delivery_outcome(result: Classified) -> DeliveryOutcome:
    """The one outcome every send reports (``core.delivery``): the same five categories."""
    reason = result.reason or result.outcome.value
    match result.outcome:
        case SendOutcome.DELIVERED:
            return DeliveryOutcome.delivered(result.message_id)
        case SendOutcome.BLOCKED:
            return DeliveryOutcome.blocked(reason)
        case SendOutcome.RETRY_LATER:
            return DeliveryOutcome.retry_later(reason)
        case SendOutcome.UNKNOWN:
            return DeliveryOutcome.unknown(reason)
    return DeliveryOutcome.failed(reason)
