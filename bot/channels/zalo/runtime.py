"""The Zalo channel as the running bot holds it: client, sender, channel and how events arrive.

Without ``PUBLIC_BASE_URL`` events come by long polling (development: ``getUpdates`` has no offset,
so an event on a poll whose connection drops is lost). With it, Zalo POSTs them to the bot's web
server at :data:`WEBHOOK_PATH`, the secret checked in constant time (receiver.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from bot.channels.zalo.channel import FileLinks, ZaloChannel, ZaloFileFetcher, ZaloSender
from bot.channels.zalo.client import ZaloBotClient
from bot.channels.zalo.receiver import ZaloPoller, webhook_handler
from bot.replies import ReplySender
from core.delivery import Address, Router
from core.messages import Incoming, Reply
from handlers.dispatch import Dispatcher

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/zalo/webhook"


@dataclass
class ZaloRuntime:
    token: str
    api_url: str
    dispatcher: Dispatcher
    on_blocked: Callable[[Address], Awaitable[None]]
    report: Callable[[BaseException, Incoming | None], Awaitable[list[Reply]]] | None = None
    links: FileLinks | None = None
    public_base_url: str | None = None
    webhook_secret: str | None = None
    poll_seconds: int = 25
    # The bot's one outbound path: the Zalo channel joins it (a new one when the bot has none).
    router: Router | None = None
    client: ZaloBotClient = field(init=False)
    sender: ZaloSender = field(init=False)
    channel: ZaloChannel = field(init=False)
    http: httpx.AsyncClient = field(init=False)
    poller: ZaloPoller | None = None
    bot_name: str = ""

    def __post_init__(self) -> None:
        self.http = httpx.AsyncClient(timeout=15.0)
        self.client = ZaloBotClient(self.token, self.api_url, http=self.http)
        self.sender = ZaloSender(self.client, self.links)
        if self.router is None:
            self.router = Router()
        self.router.add(self.sender)
        self.channel = ZaloChannel(self.dispatcher, ReplySender(self.router, self.on_blocked), self.report)

    @property
    def fetcher(self) -> ZaloFileFetcher:
        return ZaloFileFetcher(self.http)

    def webhook(self) -> Callable[..., Awaitable[object]] | None:
        """The aiohttp handler to mount at WEBHOOK_PATH when the bot runs by webhook."""
        if not self.public_base_url or not self.webhook_secret:
            return None
        return webhook_handler(self.webhook_secret, self.channel.on_event)

    async def start(self) -> None:
        me = await self.client.get_me()
        self.bot_name = me.account_name
        if self.public_base_url and self.webhook_secret:
            url = self.public_base_url.rstrip("/") + WEBHOOK_PATH
            await self.client.set_webhook(url, self.webhook_secret)
            log.info("Zalo bot %s receives events by webhook", me.account_name)
            return
        self.poller = ZaloPoller(self.client, self.channel.on_event, poll_seconds=self.poll_seconds)
        await self.poller.start()
        log.info("Zalo bot %s receives events by long polling", me.account_name)

    async def stop(self) -> None:
        if self.poller is not None:
            await self.poller.stop()
            self.poller = None
        await self.http.aclose()
