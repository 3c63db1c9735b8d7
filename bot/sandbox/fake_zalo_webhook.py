"""The fake Zalo Bot API's webhook mode: each event is POSTed to the bot with the secret header."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field

import aiohttp

from bot.sandbox.fake_zalo_people import JSONDict, People

WEBHOOK_SECRET_HEADER = "X-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret


@dataclass
class Webhook:
    url: str = ""
    secret: str = ""
    updated_at: int = 0
    attempts: int = 3
    deliveries: list[tuple[JSONDict, int | str]] = field(default_factory=list)  # (event, status or error)


async def push_forever(webhook: Webhook, people: People, closing: asyncio.Event, *, wrap: bool) -> None:
    """While a webhook is set, deliver each waiting event; a refused one is retried, then dropped."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        while not closing.is_set():
            if not webhook.url or not people.pending:
                await people.wait_for_change(1.0)
                continue
            event = people.next_event()
            if event is not None:
                await _post(session, webhook, people, {"ok": True, "result": event} if wrap else event)


async def _post(session: aiohttp.ClientSession, webhook: Webhook, people: People, body: JSONDict) -> None:
    headers = {WEBHOOK_SECRET_HEADER: webhook.secret}
    outcome: int | str = "not sent"
    for attempt in range(1, webhook.attempts + 1):
        try:
            async with session.post(webhook.url, json=body, headers=headers) as response:
                outcome = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            outcome = type(exc).__name__
        if isinstance(outcome, int) and outcome < 300:
            break
        await asyncio.sleep(0.05 * attempt)
    webhook.deliveries.append((copy.deepcopy(body), outcome))
    people.notify()
