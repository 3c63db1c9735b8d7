"""A flow's replies out through the one outbound path, whatever channel the message came from.

Each reply goes on its own (one that fails never stops the others) to ``reply.to``, or back to the
chat the message came from. A reply that edits (``Reply.edit``) replaces the message whose button was
pressed, where the channel can. A chat that blocked the bot is marked unreachable; a message the
platform refused is a bot bug, raised once the others are out so the error reporter hears of it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from core.delivery import Address, DeliveryOutcome, Outbound
from core.messages import Incoming, Reply
from handlers.dispatch import Dispatcher, Later

log = logging.getLogger(__name__)


class RepliesRejected(Exception):
    """The platform refused some replies (a bad request): a bot bug, reported once the others are out."""


class ReplySender:
    def __init__(self, outbound: Outbound, on_blocked: Callable[[Address], Awaitable[None]]) -> None:
        self.outbound = outbound
        self.on_blocked = on_blocked

    async def deliver(self, replies: list[Reply], incoming: Incoming | None) -> list[DeliveryOutcome]:
        outcomes: list[DeliveryOutcome] = []
        rejected: list[str] = []
        here = incoming.address if incoming is not None else None
        for reply in replies:
            to = reply.to or here
            if to is None:
                continue
            answer = to == here
            pressed = incoming.callback_message_id if incoming is not None else None
            replace = pressed if reply.edit and answer else None
            outcome = await self.outbound.deliver(to, reply, replace=replace, reply=answer)
            outcomes.append(outcome)
            if outcome.status == "blocked":
                await self.on_blocked(to)
            elif outcome.status in ("failed", "retry_later"):
                log.error("a reply to %s was not delivered: %s", to, outcome.reason)
                if outcome.status == "failed":
                    rejected.append(f"{to}: {outcome.reason}")
            elif outcome.status == "unknown":
                log.warning("a reply to %s may or may not have arrived: %s", to, outcome.reason)
        if rejected:
            raise RepliesRejected("; ".join(rejected))
        return outcomes


Report = Callable[[BaseException, Incoming | None], Awaitable[list[Reply]]]


async def answer(dispatcher: Dispatcher, replies: ReplySender, report: Report, incoming: Incoming) -> None:
    """One incoming message, whatever its channel: dispatched, its replies sent, then the work its step
    left for after the commit (which runs even if a reply failed). A bot-side failure ends in a log,
    an admin note and an apology."""
    try:
        later: list[Later] = []
        answers = await dispatcher.handle(incoming, later)
        try:
            await replies.deliver(answers, incoming)
        finally:
            for work in later:
                await replies.deliver(await work(), incoming)
    except Exception as exc:
        notices = await report(exc, incoming)
        try:
            await replies.deliver(notices, incoming)
        except Exception:
            log.exception("could not deliver the error notice for %s chat %s", incoming.platform, incoming.chat_id)
