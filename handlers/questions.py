"""Free text outside a flow: a question in plain Vietnamese, answered by services/questions.

The one place an :class:`~services.questions.answer.Answer` meets today's Reply/Choice types: lines
through the catalogue, offers as buttons ("hoi:<intent>[:<slot>]" for a suggestion). The matcher and
the answers know no channel, so the next flow model only replaces this module's rendering.
"""

from __future__ import annotations

from core.catalog import t
from core.messages import Choice
from core.text import RichText
from handlers import my_channels
from handlers.context import FlowContext
from handlers.menu import render_help
from handlers.register_emulation_state import start_button
from handlers.routes import Routes, callback_data
from handlers.submit_report import round_button_data
from handlers.task_texts import label
from services import identity_links
from services.errors import Refusal
from services.questions.answer import Answer, Line, Offer, OfferKind

PREFIX = "hoi"
ROUND_LABEL_CHARS = 40


def render(line: Line) -> RichText:
    """A line with its nested lines rendered first (a status, a topic, "còn 3 ngày")."""
    return t(line.key, **{k: render(v) if isinstance(v, Line) else v for k, v in line.values.items()})


def _button(offer: Offer) -> Choice:
    if offer.kind is OfferKind.SUBMIT and isinstance(offer.arg, int):
        name = str(offer.label_values.get("round", ""))
        return Choice(label("q.submit_button", round=name[:ROUND_LABEL_CHARS]), round_button_data(offer.arg))
    if offer.kind is OfferKind.REGISTER and isinstance(offer.arg, int):
        return start_button(offer.arg)
    if offer.kind is OfferKind.ASK:
        return Choice(label(offer.label or "q.menu_button", **offer.label_values), callback_data(PREFIX, offer.arg))
    return Choice(label("q.menu_button"), callback_data(PREFIX, "menu"))


def show(ctx: FlowContext, found: Answer) -> None:
    if not found.lines:  # "bot làm được gì": the caller's commands
        render_help(ctx)
        return
    rows = tuple((_button(offer),) for offer in found.offers)
    ctx.say(RichText.join(render(line) for line in found.lines), rows)


async def answer_free_text(ctx: FlowContext) -> None:
    """Called by the dispatcher for text outside any flow (and for anything else there: the menu)."""
    text = (ctx.incoming.text or "").strip()
    if not text:
        render_help(ctx)
        return
    if identity_links.looks_like_code(text):  # a link code typed on its own: a link, never a stored question
        await my_channels.redeem(ctx, text)
        return
    from services.questions import service  # the matcher (rapidfuzz, its vocabulary) loads on the first question

    found = await service.reply_to(
        ctx.session, ctx.actor, text, now=ctx.now, tz=ctx.config.tz, platform=ctx.incoming.platform
    )
    show(ctx, found)


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    """A suggestion pressed: the same answer as the question typed out (roles re-checked by the service)."""
    if args == ["menu"]:
        render_help(ctx)
        return
    from services.questions import service

    if not args or args[0] not in service.INTENTS or len(args) > 2:
        raise Refusal("common.stale_button")
    slots = {"title": args[1]} if len(args) == 2 else {}
    show(ctx, await service.run(ctx.session, ctx.actor, args[0], slots, now=ctx.now, tz=ctx.config.tz))


def register(routes: Routes) -> None:
    routes.callback(PREFIX, on_button)
