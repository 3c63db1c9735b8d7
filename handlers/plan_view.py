"""/kehoach: the annual plan by quarter, the current quarter first, items that involve my unit marked 👉."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.catalog import Ref, has, label, shorten, t
from core.clock import fmt_date
from core.messages import Choice
from core.text import RichText
from handlers import office_checklist, plan_years
from handlers.context import FlowContext, Keyboard
from handlers.routes import LINKED, Routes, callback_data, int_arg
from schedules.plan_file import quarter_roman
from services import plan_view
from services.errors import Refusal
from services.plan_view import ItemView, Party, QuarterView

PREFIX = "kh"
# Telegram's limit is 4,096 characters; a quarter that does not fit goes out as several messages.
MESSAGE_LIMIT = 3800
TASK_CHARS = 1000


async def show_plan(ctx: FlowContext) -> None:
    view = await plan_view.quarter_view(ctx.session, ctx.actor, today=ctx.today, tz=ctx.config.tz, quarter=None)
    _send(ctx, view, edit=False)


async def on_quarter(ctx: FlowContext, args: list[str]) -> None:
    year, quarter = int_arg(args, 0), int_arg(args, 1)
    if year is None or quarter is None:
        raise Refusal("common.stale_button")
    view = await plan_view.quarter_view(
        ctx.session, ctx.actor, today=ctx.today, tz=ctx.config.tz, year=year, quarter=quarter
    )
    _send(ctx, view, edit=True)


def _send(ctx: FlowContext, view: QuarterView, *, edit: bool) -> None:
    messages = render(view, ctx.config.tz)
    buttons = _quarter_buttons(view)
    if ctx.actor.is_admin:  # the Office prepares next year's plan from here
        buttons = (*buttons, (plan_years.menu_button(),))
    if edit and len(messages) == 1:
        ctx.edit(messages[0], buttons)
        return
    for text in messages[:-1]:
        ctx.say(text)
    ctx.say(messages[-1], buttons)


def render(view: QuarterView, tz: ZoneInfo) -> list[RichText]:
    """One message per quarter; only a quarter too long for one message is split, between items."""
    roman = quarter_roman(view.quarter)
    head = RichText.join(
        [
            t(
                "plan.header",
                title=view.plan.title,
                quarter=roman,
                current=Ref("plan.current_mark") if view.is_current else "",
                count=len(view.items),
            ),
            t("plan.legend", unit=view.unit_name),
        ]
    )
    blocks = [_item(item, tz) for item in view.items] or [t("plan.no_items")]
    messages: list[RichText] = []
    current = head
    for block in blocks:
        if len(current.markup) + 2 + len(block.markup) > MESSAGE_LIMIT:
            messages.append(current)
            current = t("plan.header_more", quarter=roman)
        current = RichText.join([current, block], "\n\n")
    messages.append(current)
    return messages


def _item(item: ItemView, tz: ZoneInfo) -> RichText:
    lines = [
        t(
            "plan.item",
            mark=Ref("plan.mine_mark") if item.involved else "",
            ref=item.ref,
            task=shorten(item.task, TASK_CHARS),
            optional=Ref("plan.optional") if item.optional else "",
        ),
        t("plan.lead", who=_who([item.lead]) if item.lead else Ref("plan.due_unknown")),
    ]
    if item.coordinating:
        lines.append(t("plan.coordinating", who=_who(item.coordinating)))
    if item.submitters:
        lines.append(t("plan.submitters", who=_who(item.submitters)))
    due = fmt_date(item.due_on, tz) if item.due_on else item.due_note or Ref("plan.due_unknown")
    lines.append(t("plan.due", due=due))
    if item.status is not None:
        counts = office_checklist.counts_text(item.kind, item.counts or {})
        lines.append(t("pa.plan_status", status=office_checklist.status_text(item.status), counts=counts))
    return RichText.join(lines)


def _who(parties: tuple[Party, ...] | list[Party]) -> RichText:
    """Human names joined by "; " (group names such as "Thanh tra các sở, ban, ngành" contain commas)."""
    names: list[RichText] = []
    for party in parties:
        key = f"plan.group.{party.group}"
        if party.group is not None and has(key):
            names.append(t(key))
        else:
            names.append(RichText.plain(party.group or party.name or ""))
    return RichText.join(names, "; ")


def _quarter_buttons(view: QuarterView) -> Keyboard:
    row = tuple(
        Choice(
            label(
                "plan.quarter_button_shown" if q == view.quarter else "plan.quarter_button", quarter=quarter_roman(q)
            ),
            callback_data(PREFIX, view.plan.year, q),
        )
        for q in plan_view.QUARTERS
    )
    return (row,)


def register(routes: Routes) -> None:
    routes.command("kehoach", show_plan, shown_to=LINKED, description_key="cmd.kehoach")
    routes.callback(PREFIX, on_quarter)
