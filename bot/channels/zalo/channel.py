"""The Zalo channel: event → Incoming → the same dispatcher as Telegram → replies as Zalo messages.

- Events are handled one at a time per chat (a webhook may deliver two of one chat at once) and
  once each: the event's message id travels as ``Incoming.event_id`` and the dispatcher records
  it in the update's transaction, so a redelivered event changes nothing and answers nothing.
- Replies are rendered as plain text with the choices numbered (render.py), split at line
  breaks under Zalo's 2,000 characters, and sent by the one outcome rule (outcome.py): only a
  send that surely did not arrive is tried again. :class:`ZaloSender` is the platform's
  :class:`core.channel.Channel` in the bot's router; replies go out through the one
  :class:`bot.replies.ReplySender`, which marks a blocked chat unreachable.
- Files: Zalo has no documents. A reply's document or photo goes out as a signed, expiring link
  (``links``), a photo by ``sendPhoto`` with that link; a user's photo is a file like any other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Protocol

import httpx

from bot.channels.zalo.client import ZaloBotClient
from bot.channels.zalo.events import ImageReceived, TextReceived, ZaloEvent, dedup_key
from bot.channels.zalo.outcome import send_with_retries, to_delivery_outcome
from bot.channels.zalo.render import render
from bot.replies import ReplySender, answer
from core.catalog import t
from core.channel import ZALO, Capabilities
from core.delivery import Address, DeliveryOutcome
from core.messages import FileRef, Incoming, OutgoingDocument, Reply
from core.text import split_lines, to_plain
from handlers.dispatch import Dispatcher

log = logging.getLogger(__name__)
PLATFORM = ZALO.platform


class FileLinks(Protocol):
    """Signed, expiring links to files the bot sends (bot/web): the link and its expiry text."""

    async def link(self, document: OutgoingDocument) -> tuple[str, str] | None: ...


def to_incoming(event: ZaloEvent) -> Incoming | None:
    info = event.info
    if info is None or info.sender.is_bot:
        return None
    chat_type = "private" if info.is_private else "group"
    base = {
        "platform": PLATFORM,
        "user_id": info.sender.id,
        "chat_id": info.chat_id,
        "chat_type": chat_type,
        "display_name": info.sender.display_name,
        "event_id": dedup_key(event),
    }
    if isinstance(event, TextReceived):
        command, args = _command(event.text)
        return Incoming(**base, text=event.text, command=command, args=args)  # type: ignore[arg-type]
    if isinstance(event, ImageReceived):
        photo = FileRef(event.photo_url, "anh.jpg", "image/jpeg", None, kind="photo")
        return Incoming(**base, text=event.caption, file=photo)  # type: ignore[arg-type]
    return Incoming(**base)  # type: ignore[arg-type]  # a sticker or what Zalo cannot pass on


def _command(text: str) -> tuple[str | None, tuple[str, ...]]:
    """Zalo has no command entities: a text starting with "/" is a command, as on Telegram."""
    if not text.startswith("/"):
        return None, ()
    head, *args = text.split()
    name = head[1:].partition("@")[0].lower()
    return (name, tuple(args)) if name else (None, ())


class ZaloFileFetcher:
    """A user's photo: Zalo hands a link; the bytes are fetched with the size capped."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def fetch(self, file: FileRef, max_bytes: int) -> bytes:
        from services.uploads import DownloadFailed

        try:
            async with self.http.stream("GET", file.file_id) as response:
                response.raise_for_status()
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise DownloadFailed(f"the photo is over {max_bytes} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise DownloadFailed(type(exc).__name__) from None


class ZaloSender:
    """Zalo's way out: the :class:`core.channel.Channel` every message to a Zalo chat takes.

    Zalo cannot edit a sent message: ``replace`` sends the new state anew. ``reply`` changes nothing
    (Zalo's limits are per chat; the bot's own sends are few).
    """

    def __init__(self, client: ZaloBotClient, links: FileLinks | None = None, *, backoff: float = 0.5) -> None:
        self.client, self.links, self.backoff = client, links, backoff

    @property
    def capabilities(self) -> Capabilities:
        return ZALO

    async def deliver(
        self, to: Address, message: Reply, *, replace: str | None = None, reply: bool = False
    ) -> DeliveryOutcome:
        if to.platform != PLATFORM:
            return DeliveryOutcome.failed(f"rejected: not a Zalo chat: {to}")
        return await self.send(to.chat_id, message)

    async def send(self, chat_id: str, reply: Reply) -> DeliveryOutcome:
        """One reply: its file as a link (a photo as a photo), then its text in parts."""
        text = render(reply)
        out = reply.document or reply.photo
        if out is not None:
            link = await self.links.link(out) if self.links is not None else None
            if link is None:
                text = "\n".join([text, to_plain(t("zalo.file_unavailable", name=out.file_name))])
            elif reply.photo is not None and len(text) <= ZALO.caption_limit:
                url = link[0]
                return await self._attempt(lambda: self.client.send_photo(chat_id, url, text or None))
            else:
                text = "\n".join(
                    [text, to_plain(t("zalo.file_link", name=out.file_name, url=link[0], expires=link[1]))]
                )
        outcome = DeliveryOutcome.delivered()
        for part in split_lines(text, ZALO.text_limit):
            outcome = await self._attempt(lambda part=part: self.client.send_message(chat_id, part))  # type: ignore[misc]
            if not outcome.ok:
                break
        return outcome

    async def _attempt(self, call: Callable[[], Awaitable[object]]) -> DeliveryOutcome:
        async def send() -> str | None:
            sent = await call()
            return getattr(sent, "message_id", None)

        return to_delivery_outcome(await send_with_retries(send, backoff=self.backoff))


class ZaloChannel:
    """Takes events from the poller or the webhook and answers them through the dispatcher."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        replies: ReplySender,
        report: Callable[[BaseException, Incoming | None], Awaitable[list[Reply]]] | None = None,
    ) -> None:
        self.dispatcher, self.replies, self.report = dispatcher, replies, report
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    async def on_event(self, event: ZaloEvent) -> None:
        incoming = to_incoming(event)
        if incoming is None:
            return
        async with self._chat(str(incoming.chat_id)):
            await self._handle(incoming)

    async def _handle(self, incoming: Incoming) -> None:
        if incoming.text is None and incoming.file is None and incoming.is_private:
            await self.replies.deliver([Reply(text=t("zalo.unsupported"))], incoming)
            return
        await answer(self.dispatcher, self.replies, self.report or self._apology, incoming)

    @staticmethod
    async def _apology(exc: BaseException, incoming: Incoming | None) -> list[Reply]:
        """Without an error reporter (tests of the channel alone): logged, and the user told."""
        log.error("a Zalo update failed", exc_info=exc)
        return [Reply(text=t("error.apology"))]

    @asynccontextmanager
    async def _chat(self, chat_id: str) -> AsyncIterator[None]:
        """One event at a time per chat; the lock is dropped when nobody waits for it."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._users[chat_id] = self._users.get(chat_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[chat_id] -= 1
            if not self._users[chat_id]:
                del self._users[chat_id], self._locks[chat_id]
