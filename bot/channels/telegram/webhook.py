"""Telegram's webhook: updates POSTed to ``<PUBLIC_BASE_URL>/telegram/webhook`` feed PTB's update queue.

``setWebhook`` is called with a ``secret_token``; Telegram sends it back in the header
``X-Telegram-Bot-Api-Secret-Token`` with every update, and a request without the right one gets
403 (compared in constant time) and changes nothing. A body that is not JSON, or not an update,
gets 400; a body over the server's cap gets 413 (bot/web/server.py). Neither log line holds the
secret or the body. An accepted update is answered 200 once it is in PTB's queue: from then on it
is this process's to finish, which a SIGTERM lets it do (the server answers 503 while draining,
and Telegram redelivers those later, to whichever process is up).

Every process behind the load balancer calls ``setWebhook`` with the same URL and secret at start
(idempotent); none deletes the webhook when it stops: Telegram keeps the updates until one is up.

The secret: TELEGRAM_WEBHOOK_SECRET, or generated once into ``telegram-webhook.secret`` beside
FILES_DIR (0600), like the invite secret; processes on several machines share it through the
volume or the setting.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.secret_file import read_or_create
from bot.settings import Settings

log = logging.getLogger(__name__)

PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
# Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
MIN_SECRET_CHARS = 16
# Updates Telegram keeps sending at once to the webhook; PTB's per-chat ordering does the rest.
MAX_CONNECTIONS = 40


def secret_path(settings: Settings) -> Path:
    return settings.files_dir.parent / "telegram-webhook.secret"


def load_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or the generated file's (made the first time)."""
    if settings.telegram_webhook_secret is not None:
        value = settings.telegram_webhook_secret.get_secret_value()
    else:
        value = read_or_create(secret_path(settings), min_chars=MIN_SECRET_CHARS, what="Telegram webhook secret")
    if len(value) < MIN_SECRET_CHARS or not SECRET_PATTERN.fullmatch(value):
        raise ValueError(
            f"TELEGRAM_WEBHOOK_SECRET must have {MIN_SECRET_CHARS} to 256 characters A-Z, a-z, 0-9, _ or -"
        )
    return value


def webhook_url(public_base_url: str) -> str:
    return public_base_url.rstrip("/") + PATH


class TelegramWebhook:
    """The aiohttp handler for Telegram's POSTs, and the ``setWebhook`` call that points Telegram at it."""

    def __init__(self, application: Application, secret: str) -> None:  # type: ignore[type-arg]
        self.application = application
        self._expected = secret.encode()
        self.accepted = 0
        self.refused = 0

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._expected):
            self.refused += 1
            log.warning("Telegram webhook call from %s refused: wrong or missing secret", request.remote)
            return web.json_response({"ok": False, "description": "forbidden"}, status=403)
        update = self._parse(await request.read())
        if update is None:
            self.refused += 1
            return web.json_response({"ok": False, "description": "bad request"}, status=400)
        await self.application.update_queue.put(update)
        self.accepted += 1
        return web.json_response({"ok": True})

    def _parse(self, body: bytes) -> Update | None:
        try:
            data: Any = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            log.warning("Telegram webhook call refused: the body is not JSON")
            return None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            log.warning("Telegram webhook call refused: the body is not an update")
            return None
        try:
            return Update.de_json(data, self.application.bot)
        except (KeyError, TypeError, ValueError) as exc:
            name = type(exc).__name__
            log.warning("Telegram webhook call refused: malformed update %s (%s)", data["update_id"], name)
            return None

    async def register(self, public_base_url: str, allowed_updates: Sequence[str], secret: str) -> None:
        """Point Telegram at this server; pending updates are kept (none is dropped by a deploy)."""
        await self.application.bot.set_webhook(
            url=webhook_url(public_base_url),
            secret_token=secret,
            allowed_updates=list(allowed_updates),
            max_connections=MAX_CONNECTIONS,
            drop_pending_updates=False,
        )
        log.info("Telegram webhook set to %s", webhook_url(public_base_url))
