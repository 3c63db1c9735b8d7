"""/thongbao for a meeting: the invitation's time and place, asked once «Tham dự / Cử người thay /
Vắng mặt» is chosen; then who gets it, as for any notice."""

from __future__ import annotations

from datetime import datetime

from core.catalog import t
from handlers import broadcast_recipients
from handlers.broadcast_draft import FLOW, cancel_row, composing
from handlers.context import FlowContext
from handlers.plan_action_messages import meeting_when
from handlers.routes import Routes
from services.deadline_parser import DeadlineParseError, parse_deadline
from services.errors import Refusal

PLACE_LIMIT = 200


def ask_when(ctx: FlowContext) -> None:
    ctx.dialog.go(FLOW, "when")
    ctx.edit(t("pa.ask_when"), (cancel_row(),))


async def on_when(ctx: FlowContext) -> None:
    composing(ctx)
    text = (ctx.incoming.text or "").strip()
    try:
        at = parse_deadline(text, ctx.now.astimezone(ctx.config.tz))
    except DeadlineParseError:
        raise Refusal("pa.when_unreadable", text=text[:100]) from None
    if at <= ctx.now:
        raise Refusal("pa.when_past", when=meeting_when(at, ctx.config.tz))
    ctx.dialog.go(FLOW, "place", meeting_at=at.isoformat())
    ctx.say(t("pa.ask_place", when=meeting_when(at, ctx.config.tz)), (cancel_row(),))


async def on_place(ctx: FlowContext) -> None:
    composing(ctx)
    place = " ".join((ctx.incoming.text or "").split())
    if not place:
        raise Refusal("pa.ask_place", when=meeting_when(meeting_at(ctx) or ctx.now, ctx.config.tz))
    if len(place) > PLACE_LIMIT:
        raise Refusal("pa.place_too_long", limit=PLACE_LIMIT, length=len(place))
    ctx.dialog.go(FLOW, "audience", place=place)
    broadcast_recipients.audience_menu(ctx)


def meeting_at(ctx: FlowContext) -> datetime | None:
    value = ctx.dialog.data.get("meeting_at")
    return datetime.fromisoformat(value).astimezone(ctx.config.tz) if isinstance(value, str) else None


def register(routes: Routes) -> None:
    routes.step(FLOW, "when", on_when)
    routes.step(FLOW, "place", on_place, numbers=True)  # a room number alone ("305") is a place
