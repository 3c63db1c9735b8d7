"""Zalo Bot API events, parsed into typed values.

The wire shape (getUpdates' ``result``, and the body Zalo POSTs to a webhook)::

    {"event_name": "message.text.received",
     "message": {"message_id": "2d758cb5e222177a4e35",
                 "from": {"id": "6ede9afa66b88fe6d6a9", "display_name": "Nguyễn Văn A", "is_bot": false},
                 "chat": {"id": "6ede9afa66b88fe6d6a9", "chat_type": "PRIVATE"},
                 "date": 1750316131602,            # milliseconds, not seconds
                 "text": "/start"}}

An image carries ``photo_url`` (and maybe ``caption``); a sticker ``sticker`` (an id) and ``url``.
``message.unsupported.received`` (files, voice, contact cards, messages of protected accounts)
may come with no ``message`` at all. Ids are strings. Zalo's documentation shows webhook bodies
wrapped as ``{"ok": true, "result": {...}}`` while integrators report the bare event; both are
accepted. Unknown extra fields are ignored; a missing required one is a :class:`MalformedEvent`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.channels.zalo.errors import MalformedEvent

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"
EVENT_NAMES = frozenset({TEXT, IMAGE, STICKER, UNSUPPORTED})


@dataclass(frozen=True, slots=True)
class Sender:
    id: str
    display_name: str
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class MessageInfo:
    """What every message event carries: who, where, which message, when."""

    message_id: str
    chat_id: str
    chat_type: str  # "PRIVATE" | "GROUP"
    sender: Sender
    date: datetime

    @property
    def is_private(self) -> bool:
        return self.chat_type == "PRIVATE"


@dataclass(frozen=True, slots=True)
class TextReceived:
    info: MessageInfo
    text: str
    name = TEXT


@dataclass(frozen=True, slots=True)
class ImageReceived:
    info: MessageInfo
    photo_url: str
    caption: str | None = None
    name = IMAGE


@dataclass(frozen=True, slots=True)
class StickerReceived:
    info: MessageInfo
    sticker: str
    url: str | None = None
    name = STICKER


@dataclass(frozen=True, slots=True)
class UnsupportedReceived:
    info: MessageInfo | None  # Zalo sends some of these with no message at all
    name = UNSUPPORTED


ZaloEvent = TextReceived | ImageReceived | StickerReceived | UnsupportedReceived


def dedup_key(event: ZaloEvent) -> str | None:
    """Zalo redelivers an event with the same message id; this names it (None: nothing to name)."""
    return None if event.info is None else f"{event.name}:{event.info.message_id}"


def parse_event(raw: object) -> ZaloEvent:
    if not isinstance(raw, dict):
        raise MalformedEvent("an event must be a JSON object")
    name = raw.get("event_name")
    if name not in EVENT_NAMES:
        raise MalformedEvent(f"unknown event_name {name!r}")
    message = raw.get("message")
    if name == UNSUPPORTED:
        return UnsupportedReceived(_info(message) if isinstance(message, dict) and message else None)
    if not isinstance(message, dict):
        raise MalformedEvent(f"{name} without a message")
    info = _info(message)
    if name == TEXT:
        return TextReceived(info, _text(message, "text"))
    if name == IMAGE:
        return ImageReceived(info, _text(message, "photo_url"), _optional(message, "caption"))
    return StickerReceived(info, _text(message, "sticker"), _optional(message, "url"))


def parse_webhook_body(body: bytes) -> ZaloEvent:
    """A webhook call's body: the bare event, or the same wrapped in ``{"ok": true, "result": …}``."""
    try:
        raw: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedEvent("the body is not JSON") from None
    if isinstance(raw, dict) and raw.get("ok") is True and "result" in raw:
        raw = raw["result"]
    return parse_event(raw)


def _info(message: dict[str, Any]) -> MessageInfo:
    sender, chat = message.get("from"), message.get("chat")
    if not isinstance(sender, dict) or not isinstance(chat, dict):
        raise MalformedEvent("a message needs 'from' and 'chat'")
    return MessageInfo(
        message_id=_text(message, "message_id"),
        chat_id=_text(chat, "id"),
        chat_type=str(chat.get("chat_type") or "PRIVATE"),
        sender=Sender(_text(sender, "id"), str(sender.get("display_name") or ""), bool(sender.get("is_bot"))),
        date=_date(message.get("date")),
    )


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        raise MalformedEvent(f"missing {key!r}")
    return value


def _optional(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value else None


def _date(value: object) -> datetime:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise MalformedEvent("a message needs 'date' in milliseconds")
    return datetime.fromtimestamp(value / 1000, tz=UTC)
