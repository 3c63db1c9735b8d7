"""Past notices and their answers: the Office's history and reports, and the recipients' buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.catalog import Ref, label, t
from core.clock import fmt_date
from core.messages import Choice
from handlers import broadcast_views
from handlers.context import FlowContext
from handlers.routes import callback_data, int_arg
from services import broadcasts
from services.broadcasts import excerpt
from services.errors import Refusal
from storage.models import RecipientState, Response

P = broadcast_views.PREFIX
HISTORY_PAGE = 8
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


async def _history(ctx: FlowContext, args: list[str]) -> None:
    before = int_arg(args, 0)
    page = await broadcasts.history(ctx.session, ctx.actor, before, HISTORY_PAGE + 1)
    home = (Choice(label("common.back"), callback_data(P, "home")),)
    if not page:
        ctx.edit(t("bc.history_empty"), (home,))
        return
    rows = [
        (
            Choice(
                label(
                    "bc.history_line",
                    id=broadcast.id,
                    date=fmt_date(broadcast.confirmed_at or broadcast.created_at, ctx.config.tz),
                    excerpt=excerpt(broadcast.text, 28),
                    delivered=counts.get(RecipientState.DELIVERED, 0),
                    total=broadcast.total,
                ),
                callback_data(P, "v", broadcast.id),
            ),
        )
        for broadcast, counts in page[:HISTORY_PAGE]
    ]
    if len(page) > HISTORY_PAGE:
        rows.append((Choice(label("bc.older_button"), callback_data(P, "h", page[HISTORY_PAGE - 1][0].id)),))
    ctx.edit(t("bc.history_header"), (*rows, home))


async def _view(ctx: FlowContext, args: list[str]) -> None:
    broadcast_id = _id(args)
    report = await broadcasts.report(ctx.session, ctx.actor, broadcast_id)
    ctx.edit(broadcast_views.report_text(report, ctx.config.tz), broadcast_views.report_buttons(report))


async def _answered(ctx: FlowContext, args: list[str]) -> None:
    broadcast, lines = await broadcasts.answered(ctx.session, ctx.actor, _id(args))
    back = (Choice(label("common.back"), callback_data(P, "v", broadcast.id)),)
    ctx.edit(broadcast_views.answers_text(broadcast.id, broadcast.reply_kind, lines), (back,))


async def _not_answered(ctx: FlowContext, args: list[str]) -> None:
    broadcast, lines = await broadcasts.not_answered(ctx.session, ctx.actor, _id(args))
    back = (Choice(label("common.back"), callback_data(P, "v", broadcast.id)),)
    ctx.edit(broadcast_views.missing_text(broadcast.id, lines), (back,))


async def _answer(ctx: FlowContext, args: list[str]) -> None:
    """A recipient pressed [Đã nhận] or a meeting answer; the server checks it is really theirs."""
    recipient_id = int_arg(args, 0)
    response = broadcast_views.RESPONSE_OF_CODE.get(args[1]) if len(args) > 1 else None
    if recipient_id is None or response is None:
        raise Refusal("common.stale_button")
    broadcast = await broadcasts.answer(ctx.session, ctx.actor, recipient_id, response, ctx.now)
    key = "bc.ack_received" if response == Response.RECEIVED else "bc.ack_meeting"
    ctx.say(t(key, response=Ref(f"bc.resp.{response.value}"), excerpt=excerpt(broadcast.text)))


def _id(args: list[str]) -> int:
    broadcast_id = int_arg(args, 0)
    if broadcast_id is None:
        raise Refusal("common.stale_button")
    return broadcast_id


ACTIONS: dict[str, Action] = {
    "h": _history,
    "v": _view,
    "ans": _answered,
    "nr": _not_answered,
    "ack": _answer,
}
