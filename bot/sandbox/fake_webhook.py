"""The fake Bot API's webhook mode: ``setWebhook`` checked like Telegram does, then each update POSTed.

Like the real service:
- the URL must be HTTPS on port 443, 80, 88 or 8443, and ``secret_token`` 1-256 characters
  A-Z a-z 0-9 _ -; the one deviation: a loopback URL (127.0.0.1, localhost, ::1) is accepted over
  plain HTTP on any port when ``allow_loopback`` is on (the default), so the tests can run the bot;
- each update is POSTed as JSON with the header ``X-Telegram-Bot-Api-Secret-Token``; only a 2xx
  answer confirms it; anything else (or no answer) leaves it pending and it is sent again later,
  with a growing delay, and ``getWebhookInfo`` shows the last error;
- ``getUpdates`` answers 409 while a webhook is set (fake_api.py), ``deleteWebhook`` stops delivery
  and keeps what is pending;
- at most ``max_connections`` updates are in flight at once (default 40).

Updates of one chat are sent one at a time, in order (the next once the previous is confirmed):
what the bot sees is then what one chat's user did, in the order they did it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import ipaddress
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

from bot.sandbox.api_spec import JSONDict, bad_request

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
ALLOWED_PORTS = frozenset({443, 80, 88, 8443})
LOOPBACK_NAMES = frozenset({"localhost"})
RETRY_SECONDS = (0.1, 0.3, 1.0, 2.0)  # Telegram's are longer; a test should not wait minutes


@dataclass
class WebhookConfig:
    url: str
    secret: str | None
    max_connections: int
    allowed_updates: list[str] | None


@dataclass
class Delivery:
    update_id: int
    status: int | str  # the HTTP status, or the error's name
    at: float


@dataclass
class WebhookState:
    config: WebhookConfig | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    failures: int = 0


def check_config(params: JSONDict, *, allow_loopback: bool) -> WebhookConfig | None:
    """The webhook ``setWebhook`` asks for (None: an empty URL removes it); refusals as Telegram words them."""
    url = str(params.get("url") or "")
    if not url:
        return None
    parts = urlsplit(url)
    loopback = _is_loopback(parts.hostname or "")
    if parts.scheme != "https" and not (allow_loopback and loopback and parts.scheme == "http"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if not parts.hostname:
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if port not in ALLOWED_PORTS and not (allow_loopback and loopback):
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    secret = params.get("secret_token")
    if secret is not None and not SECRET_PATTERN.fullmatch(str(secret)):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    connections = int(params.get("max_connections") or 40)
    if not 1 <= connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    allowed = params.get("allowed_updates")
    return WebhookConfig(url, None if secret is None else str(secret), connections, allowed or None)


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookPusher:
    """Sends the fake's pending updates to the webhook while one is set; runs until ``closing`` is set."""

    def __init__(
        self,
        state: WebhookState,
        pending: Callable[[], list[JSONDict]],
        confirm: Callable[[int], None],
        wait_for_change: Callable[[float], Awaitable[None]],
        closing: asyncio.Event,
    ) -> None:
        self.state, self.pending, self.confirm = state, pending, confirm
        self.wait_for_change, self.closing = wait_for_change, closing
        self._in_flight: dict[int, int] = {}  # update_id → chat key
        self._not_before = 0.0

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            tasks: set[asyncio.Task[None]] = set()
            try:
                while not self.closing.is_set():
                    started = self._start_some(session, tasks)
                    if not started:
                        delay = max(self._not_before - time.monotonic(), 0.0)
                        await self.wait_for_change(delay if delay > 0 else 1.0)
            finally:
                for task in tasks:
                    task.cancel()
                for task in tasks:
                    with contextlib.suppress(asyncio.CancelledError):
                        await task

    def _start_some(self, session: aiohttp.ClientSession, tasks: set[asyncio.Task[None]]) -> bool:
        config = self.state.config
        if config is None or time.monotonic() < self._not_before:
            return False
        busy_chats = set(self._in_flight.values())
        started = False
        for update in self.pending():
            if len(self._in_flight) >= config.max_connections:
                break
            update_id, chat = update["update_id"], _chat_key(update)
            if update_id in self._in_flight or chat in busy_chats:
                continue
            busy_chats.add(chat)
            self._in_flight[update_id] = chat
            task = asyncio.create_task(self._post(session, config, update))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            started = True
        return started

    async def _post(self, session: aiohttp.ClientSession, config: WebhookConfig, update: JSONDict) -> None:
        update_id = update["update_id"]
        headers = {SECRET_HEADER: config.secret} if config.secret else {}
        status: int | str
        try:
            async with session.post(config.url, json=copy.deepcopy(update), headers=headers) as response:
                status = response.status
                await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            status = type(exc).__name__
        finally:
            self._in_flight.pop(update_id, None)
        self.state.deliveries.append(Delivery(update_id, status, time.monotonic()))
        if isinstance(status, int) and 200 <= status < 300:
            self.state.failures = 0
            self.confirm(update_id)
            return
        self.state.failures += 1
        self.state.last_error_date = int(time.time())
        self.state.last_error_message = (
            f"Wrong response from the webhook: {status}" if isinstance(status, int) else f"Connection error: {status}"
        )
        delay = RETRY_SECONDS[min(self.state.failures, len(RETRY_SECONDS)) - 1]
        self._not_before = max(self._not_before, time.monotonic() + delay)
        self.confirm(-1)  # nothing confirmed; wakes the loop to plan the retry


def _chat_key(update: JSONDict) -> int:
    for kind in ("message", "edited_message", "callback_query"):
        payload = update.get(kind)
        if isinstance(payload, dict):
            message = payload.get("message", payload) if kind == "callback_query" else payload
            chat = message.get("chat") if isinstance(message, dict) else None
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                return int(chat["id"])
            user = payload.get("from")
            if isinstance(user, dict) and isinstance(user.get("id"), int):
                return int(user["id"])
    return 0
