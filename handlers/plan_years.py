"""Lập kế hoạch năm sau (from /kehoach's admin row, or /start in December): next year's draft made from
this year's plan, previewed by quarter, edited item by item, then published; and "Kết thúc năm" for a
past year's rounds. Every rule is in services/plan_*.py, and every button is re-checked there.

Buttons that change the draft carry the version the admin saw: an edit or a publish made on a
preview another admin has since changed is refused, never applied to what was not seen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time

from core.catalog import Ref, label, shorten, t
from core.messages import Choice
from core.text import RichText
from handlers import plan_item_edit
from handlers.context import FlowContext
from handlers.plan_texts import FLOW, PREFIX, due_text, int_args, item_ref, lead_name, owing_text, report_lines
from handlers.routes import Routes, callback_data
from services import plan_closing, plan_drafts, plan_notice, plan_preview, plan_publish
from services.access import ensure_admin
from services.errors import Refusal
from services.plan_states import STATUS_KEYS
from services.reminder_policy import WorkCalendar

PAGE_ITEMS = 4
TASK_CHARS = 300
QUARTERS = (1, 2, 3, 4)
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def menu_button() -> Choice:
    """The admins' entry under /kehoach."""
    return Choice(label("plans.menu_button"), callback_data(PREFIX, "m"))


def offer(year: int) -> tuple[RichText, Choice]:
    """December's offer at /start: next year's plan."""
    return t("plans.start_offer", year=year), Choice(
        label("plans.start_offer_button", year=year), callback_data(PREFIX, "m")
    )


def _calendar(ctx: FlowContext) -> WorkCalendar:
    if ctx.config.reminders is not None:
        return ctx.config.reminders.calendar
    return WorkCalendar(ctx.config.tz, time(7, 30), time(17, 0))


async def menu(ctx: FlowContext, *, edit: bool = True) -> None:
    found = await plan_preview.years(ctx.session, ctx.actor, ctx.today.year)
    lines = [t("plans.menu_line", year=p.year, status=Ref(STATUS_KEYS[p.status])) for p in found.plans]
    rows: list[tuple[Choice, ...]] = []
    if found.can_make and found.in_force is not None:
        make = label("plans.make_button", year=found.next_year, source=found.in_force.year)
        rows.append((Choice(make, callback_data(PREFIX, "new", found.next_year)),))
    rows += [(Choice(label("plans.open_button", year=y), callback_data(PREFIX, "p", y, 1, 1)),) for y in found.drafts]
    rows += [
        (Choice(label("plans.close_year_button", year=y), callback_data(PREFIX, "cy", y)),) for y in found.to_close
    ]
    text = t("plans.menu", lines=RichText.join(lines))
    (ctx.edit if edit else ctx.say)(text, tuple(rows))


async def _menu(ctx: FlowContext, _args: list[str]) -> None:
    ctx.dialog.clear()
    await menu(ctx)


async def _new(ctx: FlowContext, args: list[str]) -> None:
    (year,) = int_args(args, 1)
    made = await plan_drafts.make_draft(
        ctx.session,
        ctx.actor,
        year=year,
        source_year=None,
        today=ctx.today,
        now=ctx.now,
        calendar=_calendar(ctx),
    )
    names = {u.code: u.name for u in (await plan_drafts.directory(ctx.session)).by_code.values()}
    lines = report_lines(made.rollover, names)
    r = made.rollover
    text = t("plans.made", year=r.year, source=r.source_year, items=len(r.items))
    ctx.say(RichText.join([text, *lines]))
    await _show_quarter(ctx, year, 1, 1, edit=False)


async def _preview(ctx: FlowContext, args: list[str]) -> None:
    year, quarter, page = int_args(args, 3)
    await _show_quarter(ctx, year, quarter, page, edit=True)


async def _show_quarter(ctx: FlowContext, year: int, quarter: int, page: int, *, edit: bool) -> None:
    if quarter not in QUARTERS:
        raise Refusal("common.stale_button")
    view = await plan_preview.quarter(ctx.session, ctx.actor, year, quarter)
    pages = max(1, -(-len(view.items) // PAGE_ITEMS))
    page = min(max(page, 1), pages)
    shown = view.items[(page - 1) * PAGE_ITEMS : page * PAGE_ITEMS]
    blocks = [
        t("plans.preview_header", year=year, quarter=("I", "II", "III", "IV")[quarter - 1], page=page, pages=pages)
    ]
    for entry in shown:
        item = entry.item
        blocks.append(
            t(
                "plans.preview_item",
                ref=item_ref(item),
                kind=Ref(f"plans.kind.{item.kind}"),
                task=shorten(item.task, TASK_CHARS),
                lead=lead_name(item.lead),
                due=due_text(ctx, item.due_on) if item.due_on else (item.due_note or Ref("plans.due_none")),
                owing=owing_text(entry.owing),
            )
        )
    version = view.plan.version
    rows: list[tuple[Choice, ...]] = [
        tuple(
            Choice(
                label(
                    "plans.quarter_shown" if q == quarter else "plans.quarter_button",
                    quarter=("I", "II", "III", "IV")[q - 1],
                ),
                callback_data(PREFIX, "p", year, q, 1),
            )
            for q in QUARTERS
        )
    ]
    if shown:
        rows.append(
            tuple(
                Choice(label("plans.edit_button", ref=item_ref(e.item)), callback_data(PREFIX, "i", year, e.item.id))
                for e in shown
            )
        )
    if page < pages:
        rows.append((Choice(label("plans.more_button"), callback_data(PREFIX, "p", year, quarter, page + 1)),))
    rows.append((Choice(label("plans.publish_button"), callback_data(PREFIX, "pub", year, version)),))
    rows.append((Choice(label("plans.back_button"), callback_data(PREFIX, "m")),))
    (ctx.edit if edit else ctx.say)(RichText.join(blocks, "\n\n"), tuple(rows))


# ---------------------------------------------------------------- publishing
async def _publish_ask(ctx: FlowContext, args: list[str]) -> None:
    year, version = int_args(args, 2)
    view = await plan_preview.quarter(ctx.session, ctx.actor, year, 1)
    if view.plan.version != version:
        raise Refusal("plans.changed", year=year)
    found = await plan_preview.years(ctx.session, ctx.actor, ctx.today.year)
    accounts = await plan_preview.notice_audience(ctx.session, ctx.today)
    text = t(
        "plans.publish_confirm",
        year=year,
        items=view.total_items,
        rounds=view.rounds,
        previous=found.in_force.year if found.in_force else "—",
        accounts=accounts,
    )
    buttons = (
        (
            Choice(label("plans.publish_yes"), callback_data(PREFIX, "pok", year, version)),
            Choice(label("plans.cancel_button"), callback_data(PREFIX, "p", year, 1, 1)),
        ),
    )
    ctx.edit(text, buttons)


async def _publish(ctx: FlowContext, args: list[str]) -> None:
    year, version = int_args(args, 2)
    done = await plan_publish.publish(ctx.session, ctx.actor, year=year, version=version, now=ctx.now, tz=ctx.config.tz)
    items = await plan_drafts.items_of(ctx.session, done.plan.id)
    announced = await plan_notice.announce(
        ctx.session,
        ctx.actor,
        done.plan,
        items,
        files=ctx.files,
        identity_id=ctx.actor.identity_id,
        now=ctx.now,
        today=ctx.today,
    )
    notice = (
        t("plans.notice_queued", n=announced.recipients, id=announced.broadcast_id)
        if announced.broadcast_id
        else t("plans.notice_nobody")
    )
    ctx.edit(t("plans.published", year=year, rounds=done.rounds_opened, notice=notice))


# ---------------------------------------------------------------- closing a past year
async def _close_ask(ctx: FlowContext, args: list[str]) -> None:
    (year,) = int_args(args, 1)
    seen = await plan_closing.preview(ctx.session, ctx.actor, year)
    if not seen.rounds:
        ctx.edit(t("plans.close_nothing", year=year))
        return
    lines = []
    for round_, missing in seen.rounds:
        names = (
            (": " + ", ".join(u.short_name or u.name for u in missing[:5]) + ("…" if len(missing) > 5 else ""))
            if missing
            else ""
        )
        lines.append(
            t(
                "plans.close_round",
                name=shorten(round_.name, 120),
                deadline=ctx.date(round_.deadline),
                n=len(missing),
                names=names,
            )
        )
    ctx.dialog.clear()
    ctx.dialog.go(FLOW, "close_year", year=year, rounds=[r.id for r, _ in seen.rounds])
    buttons = (
        (
            Choice(label("plans.close_yes", year=year), callback_data(PREFIX, "cyok", year)),
            Choice(label("plans.cancel_button"), callback_data(PREFIX, "m")),
        ),
    )
    ctx.edit(t("plans.close_preview", year=year, n=len(seen.rounds), lines=RichText.join(lines)), buttons)


async def _close(ctx: FlowContext, args: list[str]) -> None:
    (year,) = int_args(args, 1)
    data = ctx.dialog.data
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "close_year" or data.get("year") != year:
        raise Refusal("common.stale_button")
    ids = [int(i) for i in data.get("rounds", [])]
    closed = await plan_closing.close_year(ctx.session, ctx.actor, year, ids, ctx.now)
    ctx.dialog.clear()
    ctx.edit(t("plans.closed_year", year=year, n=closed))


ACTIONS: dict[str, Action] = {
    **plan_item_edit.ACTIONS,
    "m": _menu,
    "new": _new,
    "p": _preview,
    "pub": _publish_ask,
    "pok": _publish,
    "cy": _close_ask,
    "cyok": _close,
}


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    ensure_admin(ctx.actor, "plan.menu")
    action = ACTIONS.get(args[0] if args else "")
    if action is None:
        raise Refusal("common.stale_button")
    await action(ctx, args[1:])


def register(routes: Routes) -> None:
    routes.callback(PREFIX, on_button)
    plan_item_edit.register_steps(routes)
    routes.choices_only(FLOW, "close_year")


__all__ = ["menu_button", "offer", "register"]
