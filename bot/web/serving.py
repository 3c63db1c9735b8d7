"""How a running bot takes its updates and answers health checks: polling or webhook, and the drain.

- ``PUBLIC_BASE_URL`` set: the web server mounts Telegram's webhook (bot/channels/telegram/webhook.py)
  and the bot calls ``setWebhook``; any number of processes may run behind a load balancer.
- Otherwise: long polling, one process per token. A second poller is refused: Telegram answers
  409 Conflict to one of two ``getUpdates`` callers, so a Conflict in this process's first
  ``CONFLICT_WINDOW`` seconds means another instance was polling first: this one stops with a
  clear message (``conflict`` is set; ``thidua-bot run`` exits). A Conflict later means a newcomer:
  logged, and the newcomer is the one that gives up.
- The web server (when PUBLIC_BASE_URL or HTTP_PORT is set) serves ``/healthz`` and ``/readyz``;
  readiness = database reachable, migrations current, Telegram's ``getMe`` done (and whatever
  other channels add).
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta

from sqlalchemy import text
from telegram.error import Conflict, TelegramError
from telegram.ext import Application

from bot import ops_words
from bot.channels.telegram import webhook
from bot.settings import Settings
from bot.web.server import WebServer
from storage.db import Database
from storage.migrate import database_revisions, script_heads

log = logging.getLogger(__name__)
CONFLICT_WINDOW = 30.0


class Serving:
    def __init__(self, settings: Settings, application: Application, db: Database) -> None:  # type: ignore[type-arg]
        self.settings, self.application, self.db = settings, application, db
        port = settings.web_port
        self.web = WebServer(settings.http_host, port) if port is not None else None
        self.webhook: webhook.TelegramWebhook | None = None
        self.conflict = asyncio.Event()  # another instance polls with this token: this one must stop
        self.telegram_ready = False
        self.conflict_window = CONFLICT_WINDOW
        self._heads: set[str] | None = None  # read when first asked
        self._started_at = 0.0
        if self.web is not None:
            self.web.add_readiness_check("database", self._database_up)
            self.web.add_readiness_check("migrations", self._migrations_current)
            self.web.add_readiness_check("telegram", self._telegram_up)

    @property
    def webhook_mode(self) -> bool:
        return bool(self.settings.public_base_url)

    async def open(self) -> None:
        """Before the database is prepared: the webhook route is mounted and /healthz answers."""
        if self.web is None:
            return
        if self.webhook_mode:
            secret = await asyncio.to_thread(webhook.load_secret, self.settings)
            self.webhook = webhook.TelegramWebhook(self.application, secret)
            self._secret = secret
            self.web.add_route("POST", webhook.PATH, self.webhook.handle)
        await self.web.start()

    async def take_updates(self, allowed_updates: list[str], *, poll_timeout: float) -> None:
        """Once the application runs: set the webhook, or start polling."""
        self.telegram_ready = True
        self._started_at = time.monotonic()
        if self.webhook is not None:
            assert self.settings.public_base_url is not None
            await self.webhook.register(self.settings.public_base_url, allowed_updates, self._secret)
            return
        updater = self.application.updater
        assert updater is not None
        await updater.start_polling(
            poll_interval=0,
            timeout=timedelta(seconds=poll_timeout),
            allowed_updates=allowed_updates,
            drop_pending_updates=False,
            error_callback=self._polling_error,
        )

    async def stop_taking(self) -> None:
        """The first step of a stop: no new update comes in (503 to the webhook, polling stopped)."""
        if self.web is not None:
            self.web.drain()
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()

    async def close(self) -> None:
        if self.web is not None:
            await self.web.stop()

    def _polling_error(self, exc: TelegramError) -> None:
        if not isinstance(exc, Conflict):
            log.warning(ops_words.POLLING_FAILED, exc)
            return
        if time.monotonic() - self._started_at < self.conflict_window:
            if not self.conflict.is_set():
                log.error(ops_words.SECOND_POLLER)
                self.conflict.set()
            return
        log.warning(ops_words.NEWCOMER_POLLER)

    # --- readiness -----------------------------------------------------------------------------

    async def _database_up(self) -> None:
        async with self.db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def _migrations_current(self) -> bool:
        if self._heads is None:
            self._heads = await asyncio.to_thread(script_heads)
        return await database_revisions(self.db.engine) == self._heads

    async def _telegram_up(self) -> bool:
        return self.telegram_ready
