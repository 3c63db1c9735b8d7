"""How Zalo events reach the bot: a long-polling loop (development) or a webhook handler (production).

Both hand each parsed event to ``on_event`` and nothing else; deduplicating a redelivered event
(same message id) belongs to whoever records it, in the update's own transaction.

Polling: Zalo's ``getUpdates`` has no offset: an event is handed out once, so a poll cancelled
in flight can lose the event it was carrying. :meth:`ZaloPoller.stop` therefore lets the running
poll finish (at most ``poll_seconds``) and cancels only after ``drain_seconds``.

Webhook: Zalo POSTs each event with the header ``X-Bot-Api-Secret-Token``. A missing or wrong
secret gets 403 (compared in constant time) and changes nothing; a body that is not an event
gets 400; neither log line contains the secret or the body.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.channels.zalo.client import ZaloBotClient
from bot.channels.zalo.errors import MalformedEvent, ZaloApiError, ZaloError
from bot.channels.zalo.events import ZaloEvent, parse_webhook_body

log = logging.getLogger(__name__)

EventHandler = Callable[[ZaloEvent], Awaitable[None]]
SECRET_HEADER = "X-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
BACKOFF_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)
FATAL_CODES = frozenset({401, 409})  # a bad token; a webhook still set (polling would never get anything)
MAX_BODY_BYTES = 1024 * 1024
# The secret travels in an HTTP header: ASCII only (the alphabet Telegram allows for the same header).
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,256}")


class ZaloPoller:
    def __init__(
        self,
        client: ZaloBotClient,
        on_event: EventHandler,
        *,
        poll_seconds: int = 25,
        drain_seconds: float = 35.0,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
    ) -> None:
        self.client, self.on_event = client, on_event
        self.poll_seconds, self.drain_seconds, self.backoff = poll_seconds, drain_seconds, backoff
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Remove any webhook first: Zalo serves getUpdates only without one."""
        await self.client.delete_webhook()
        self._stopping.clear()
        self._task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._task), self.drain_seconds)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                event = await self.client.get_update(self.poll_seconds)
            except ZaloApiError as exc:
                if exc.error_code in FATAL_CODES:
                    log.exception("Zalo polling stopped")
                    raise
                failures += 1
                await self._pause(exc, failures)
                continue
            except ZaloError as exc:
                failures += 1
                await self._pause(exc, failures)
                continue
            failures = 0
            if event is not None:
                await self._deliver(event)

    async def _deliver(self, event: ZaloEvent) -> None:
        try:
            await self.on_event(event)
        except Exception:  # one bad event must not stop the channel; the handler reports its own errors
            log.exception("handling a Zalo %s event failed", event.name)

    async def _pause(self, exc: ZaloError, failures: int) -> None:
        wait = self.backoff[min(failures, len(self.backoff)) - 1]
        log.warning("Zalo getUpdates failed (%s); polling again in %.0fs", exc, wait)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), wait)


def webhook_handler(secret: str, on_event: EventHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The aiohttp handler for Zalo's webhook POSTs; mount it at the path given to setWebhook."""
    if not SECRET_PATTERN.fullmatch(secret):
        raise ValueError("the Zalo webhook secret must have 8 to 256 characters A-Z, a-z, 0-9, _ or -")
    expected = secret.encode()

    async def handle(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("Zalo webhook call from %s refused: wrong or missing secret", request.remote)
            return web.json_response({"ok": False, "description": "forbidden"}, status=403)
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return web.json_response({"ok": False, "description": "too large"}, status=413)
        try:
            event = parse_webhook_body(await request.read())
        except MalformedEvent as exc:
            log.warning("Zalo webhook call refused: %s", exc)
            return web.json_response({"ok": False, "description": "bad request"}, status=400)
        await on_event(event)  # an error here is a 500: Zalo retries, the record deduplicates
        return web.json_response({"ok": True})

    return handle
