"""Zalo events as they arrive by webhook: the bare event, the documented wrapper, and bad bodies."""

from __future__ import annotations

import json

import pytest

from bot.channels.zalo.errors import MalformedEvent
from bot.channels.zalo.events import TextReceived, UnsupportedReceived, dedup_key, parse_webhook_body

EVENT = {
    "event_name": "message.text.received",
    "message": {
        "message_id": "2d758cb5e222177a4e35",
        "text": "2",
        "chat": {"id": "6ede9afa66b88fe6d6a9", "chat_type": "PRIVATE"},
        "from": {"id": "6ede9afa66b88fe6d6a9", "display_name": "Lan", "is_bot": False},
        "date": 1750316131602,
        "some_future_field": {"ignored": True},
    },
}


@pytest.mark.parametrize("body", [EVENT, {"ok": True, "result": EVENT}])
def test_bare_and_wrapped_bodies_read_the_same(body: object) -> None:
    event = parse_webhook_body(json.dumps(body).encode())

    assert isinstance(event, TextReceived) and event.text == "2"
    assert dedup_key(event) == "message.text.received:2d758cb5e222177a4e35"
    assert event.info.date.year == 2025  # milliseconds, not seconds


def test_an_unsupported_event_may_come_without_a_message() -> None:
    event = parse_webhook_body(b'{"event_name": "message.unsupported.received"}')

    assert isinstance(event, UnsupportedReceived) and event.info is None and dedup_key(event) is None


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"event_name": "user.follow"}',
        b'{"event_name": "message.text.received"}',
        json.dumps({**EVENT, "message": {**EVENT["message"], "from": None}}).encode(),
        json.dumps({**EVENT, "message": {**EVENT["message"], "date": 1.5}}).encode(),
        json.dumps({**EVENT, "message": {**EVENT["message"], "text": ""}}).encode(),
        json.dumps({"ok": False, "result": EVENT}).encode(),
    ],
)
def test_a_malformed_body_is_refused(body: bytes) -> None:
    with pytest.raises(MalformedEvent):
        parse_webhook_body(body)
