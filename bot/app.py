"""The one application factory: settings in, a runnable bot out. No globals."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import Bot, Update
from telegram.ext import AIORateLimiter, Application, TypeHandler

from bot.ballot_secret import load_ballot_key
from bot.broadcast_worker import BroadcastWorker, WorkerConfig
from bot.channels.telegram import transport
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.files import TelegramFileFetcher
from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.channels.telegram.outbound import TelegramOutbound
from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.shared_pacing import SharedPacer, pacer_for
from bot.invite_secret import load_invite_key
from bot.log_redaction import Redactor
from bot.replies import ReplySender
from bot.settings import Settings
from bot.web.server import WebServer
from bot.web.serving import Serving
from core.clock import Clock, SystemClock
from core.delivery import Address, Outbound, Router
from handlers.context import FlowConfig
from handlers.dispatch import Dispatcher
from handlers.menu import menu_for
from handlers.reminder_messages import ReminderMessages
from handlers.wiring import build_routes
from schedules.reminder_scheduler import ReminderScheduler
from services import plan_bootstrap, unit_import
from services.delivery import Sending
from services.error_report import ErrorReporter
from services.file_sweep import sweep_orphans
from services.reminder_engine import ReminderEngine
from services.reminder_policy import ReminderPolicy, ReminderRules, WorkCalendar
from services.roles import bootstrap_admins
from services.uploads import UploadIntake
from storage.db import Database
from storage.files import FileStore
from storage.migrate import startup_lock, upgrade

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
# Of SHUTDOWN_SECONDS, what a reminder sweep or the broadcast sender may take to finish its sends.
DRAIN_SHARE = 0.4


async def prepare_database(db: Database, settings: Settings, clock: Clock) -> None:
    """Migrations, the default unit list on first start, and the configured admins (one process at a time)."""
    async with startup_lock(db.engine):
        await _prepare(db, settings, clock)


async def _prepare(db: Database, settings: Settings, clock: Clock) -> None:
    await upgrade(db.engine)
    async with db.transaction() as session:
        now = clock.now()
        loaded = await unit_import.load_defaults_if_empty(session, now)
        if loaded:
            log.info("loaded the default unit list: %s units", loaded.created)
        calendar = WorkCalendar(settings.tz, settings.work_day_start, settings.work_day_end)
        if done := await plan_bootstrap.ensure_plan_in_force(session, now=now, tz=settings.tz, calendar=calendar):
            log.info("plan: %s", done)
        promoted = await bootstrap_admins(session, settings.admin_ids(), now)
        if promoted:
            log.info("ADMIN_TELEGRAM_IDS / ADMIN_ZALO_IDS: %s first admin(s) of the Office", promoted)


def reminder_policy(settings: Settings) -> ReminderPolicy:
    """The reminder policy from settings; a round may still override its own schedule."""
    return ReminderPolicy(
        calendar=WorkCalendar(settings.tz, settings.work_day_start, settings.work_day_end),
        rules=ReminderRules(
            before_days=settings.reminder_before_days,
            after_first_days=settings.reminder_after_first_days,
            after_every_working_days=settings.reminder_after_every_working_days,
        ),
        send_time=settings.reminder_time,
        catch_up_working_days=settings.reminder_catch_up_working_days,
        office_weekday=settings.office_digest_weekday,
        lookback_days=settings.reminder_lookback_days,
    )


def reminder_engine(
    settings: Settings, db: Database, outbound: Outbound, clock: Clock, policy: ReminderPolicy | None = None
) -> ReminderEngine:
    return ReminderEngine(
        db,
        policy or reminder_policy(settings),
        outbound,
        ReminderMessages(settings.tz, settings.office_contact_name, settings.office_contact_phone),
        clock,
        max_attempts=settings.reminder_max_attempts,
        stale_after=timedelta(minutes=settings.reminder_stale_claim_minutes),
    )


def outbound_router(settings: Settings, bot: Bot, pacer: Pacer | None = None) -> Router:
    """The one outbound path (core/delivery.py) with the Telegram channel, paced under its overall limit.

    The running bot builds one and shares it: reminders, notices, progress and replies on Telegram
    all go through one pacer (pacing.py). Another platform's channel is added to the same router.
    Several processes (the shared pacer, shared_pacing.py): replies take their place in the bot's one
    budget too; one process leaves them to AIORateLimiter alone.
    """
    pacer = pacer or Pacer(settings.rate_limit_per_second)
    return Router([TelegramOutbound(bot, pacer, pace_replies=isinstance(pacer, SharedPacer))])


@dataclass
class BotRuntime:
    """A built bot: its PTB application and the services the flows use."""

    settings: Settings
    application: Application  # type: ignore[type-arg]
    db: Database
    clock: Clock
    ordering: PerChatUpdateProcessor
    # Polling or webhook, the web server and the drain (bot/web/serving.py).
    serving: Serving
    channel: TelegramChannel | None = None
    # Every message the bot sends, on any platform, goes through this (core/delivery.py).
    router: Router | None = None
    replies: ReplySender | None = None
    reporter: ErrorReporter | None = None
    worker: BroadcastWorker | None = None
    # Every message the bot starts (reminders, notices, broadcast progress) takes a place here.
    pacer: Pacer | None = None
    reminders: ReminderEngine | None = None
    scheduler: ReminderScheduler | None = None
    file_sweeper: ReminderScheduler | None = None
    # The invite secret's key (bot/invite_secret.py), read at start.
    invite_key: bytes = b""
    _stopped: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def web(self) -> WebServer | None:
        """The HTTP server, when it runs; other channels add their routes here before :meth:`start`."""
        return self.serving.web

    async def start(self, *, poll_timeout: float = 10) -> None:
        await self.serving.open()  # /healthz answers (and /readyz says "not yet") while the database upgrades
        await prepare_database(self.db, self.settings, self.clock)
        app = self.application
        await app.initialize()
        routes = build_routes()
        policy = reminder_policy(self.settings)
        self.invite_key = await asyncio.to_thread(load_invite_key, self.settings)
        ballot_key = await asyncio.to_thread(load_ballot_key, self.settings)
        config = FlowConfig(
            tz=self.settings.tz,
            bot_username=app.bot.username,
            dialog_ttl=timedelta(hours=self.settings.dialog_ttl_hours),
            invite_ttl=timedelta(days=self.settings.invite_ttl_days),
            invite_max_uses=self.settings.invite_max_uses,
            admin_ids=self.settings.admin_telegram_ids,
            reminders=policy,
            invite_key=self.invite_key,
            ballot_key=ballot_key,
        )
        store = FileStore(self.settings.files_dir)
        intake = UploadIntake(TelegramFileFetcher(app.bot), store)
        # Shared by the processes on one PostgreSQL database (shared_pacing.py); this process's own on SQLite.
        self.pacer = pacer_for(self.db.engine, self.settings.rate_limit_per_second)
        router = self.router = outbound_router(self.settings, app.bot, self.pacer)
        sending = Sending(self.db, self.clock, router)
        dispatcher = Dispatcher(self.db, routes, self.clock, config, uploads=intake, files=store, outbound=sending)
        self.replies = ReplySender(router, self._blocked)
        self.reporter = ErrorReporter(self.db, self.clock, self._redactor(app.bot.token).redact)
        channel = TelegramChannel(dispatcher, self.replies, self.reporter, app.bot.username)
        self.channel = channel
        app.bot_data["dispatcher"] = dispatcher
        self.ordering.on_overflow = channel.on_flood
        app.add_handler(TypeHandler(Update, channel.on_update))
        app.add_error_handler(channel.on_error)
        await app.bot.set_my_commands([(n, d) for n, d in menu_for(routes, None)])
        await app.start()
        # Before polling: broadcasts a previous run left unfinished resume now.
        self.worker = self._broadcast_worker(router)
        await self.worker.start()
        await self.serving.take_updates(ALLOWED_UPDATES, poll_timeout=poll_timeout)
        if self.settings.reminders_enabled:
            engine = reminder_engine(self.settings, self.db, router, self.clock, policy)
            self.reminders = engine
            self.scheduler = ReminderScheduler(
                engine.sweep,
                self.settings.reminder_sweep_seconds,
                self.settings.tz,
                on_stop=engine.stop,
                on_error=self._background_error,
            )
            self.scheduler.start()
        self.file_sweeper = self._file_sweeper(store)
        self.file_sweeper.start()
        log.info("bot @%s is running", app.bot.username)

    def _file_sweeper(self, store: FileStore) -> ReminderScheduler:
        """The orphan file sweep (services/file_sweep.py) on the same kind of interval job as reminders."""
        grace = timedelta(hours=self.settings.orphan_file_grace_hours)

        async def sweep() -> None:
            result = await sweep_orphans(self.db, store, self.clock.now(), grace=grace)
            if result.removed:
                log.info("removed %s orphan files (%s bytes)", result.removed, result.removed_bytes)

        hours = self.settings.file_sweep_hours
        return ReminderScheduler(sweep, hours * 3600, self.settings.tz, on_error=self._background_error)

    def _broadcast_worker(self, outbound: Outbound) -> BroadcastWorker:
        settings = self.settings
        config = WorkerConfig(
            concurrency=settings.broadcast_concurrency,
            poll_seconds=settings.broadcast_poll_seconds,
            drain_seconds=settings.shutdown_seconds * DRAIN_SHARE,
        )
        files = FileStore(settings.files_dir)
        return BroadcastWorker(
            self.db, self.clock, outbound, settings.tz, config, on_error=self._background_error, files=files
        )

    async def _background_error(self, exc: Exception) -> None:
        """A failed reminder sweep or broadcast pass: logged, and admins told (once an hour per distinct error)."""
        if self.replies is not None and self.reporter is not None:
            await self.replies.deliver(await self.reporter.report(exc, None), None)

    def _redactor(self, token: str) -> Redactor:
        return Redactor(token, self.settings.other_secrets())

    async def _blocked(self, to: Address) -> None:
        assert self.channel is not None
        await self.channel.dispatcher.mark_unreachable(to.platform, to.chat_id)

    async def stop(self) -> None:
        """Stop taking updates, finish those in flight, stop the workers (within SHUTDOWN_SECONDS)."""
        await self.serving.stop_taking()
        grace = self.settings.shutdown_seconds * DRAIN_SHARE
        if self.file_sweeper is not None:
            await self.file_sweeper.stop(grace)
        if self.scheduler is not None:  # first: a sweep in flight still needs the bot and the database
            await self.scheduler.stop(grace)
        app = self.application
        if self.worker is not None:  # sends in flight finish (PTB still running) before the bot stops
            await self.worker.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if self.pacer is not None:
            await self.pacer.close()
        await self.db.dispose()
        await self.serving.close()
        self._stopped.set()


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    base_url: str | None = None,
    base_file_url: str | None = None,
    token: str | None = None,
) -> BotRuntime:
    """Build the bot from settings; the sandbox and the tests pass their fake server's URLs and token."""
    secret = token or (settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None)
    if not secret:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    ordering = PerChatUpdateProcessor(backlog_limit=settings.chat_backlog_limit)
    builder = (
        Application.builder()
        .token(secret)
        .base_url(base_url or settings.telegram_api_url)
        .base_file_url(base_file_url or settings.telegram_file_url)
        .concurrent_updates(ordering)
        .job_queue(None)  # PTB's own scheduler: unused (reminders have theirs, schedules/reminder_scheduler.py)
    )
    lean = transport.requests(lean=settings.telegram_http == "lean")
    if lean is not None:
        builder = builder.request(lean[0]).get_updates_request(lean[1])
    if settings.rate_limit_per_second > 0:
        limiter = AIORateLimiter(overall_max_rate=settings.rate_limit_per_second, overall_time_period=1, max_retries=3)
        # PTB types the builder by its rate limiter's generic; ours keeps the default "no per-call args".
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    application = builder.build()
    db = Database.from_url(settings.database_url)
    return BotRuntime(
        settings=settings,
        application=application,
        db=db,
        clock=clock or SystemClock(),
        ordering=ordering,
        serving=Serving(settings, application, db),
    )
