"""/chuanop: choose a round, see the units that have not sent it, open one, or remind them all.

The list can be long (dozens of units): it is sent in several messages, and the unit buttons come in
pages on one keyboard message that the page buttons edit in place.
"""

from __future__ import annotations

from core.catalog import label, t
from core.messages import Choice, Reply
from core.text import EMPTY, RichText, shorten
from handlers import review
from handlers.context import FlowContext, Keyboard
from handlers.office_format import due_text, nav_row, page_of, part_chars, parts
from handlers.round_labels import round_choices
from handlers.routes import Routes, callback_data, int_arg
from handlers.status_overview import VIEWERS
from services import manual_reminders, missing_units, plan_states, status_overview
from services.delivery import Sending
from services.errors import Refusal
from services.missing_units import MissingList, MissingUnit

ROUNDS_PER_PAGE = 8
UNITS_PER_PAGE = 10


def _when(ctx: FlowContext) -> dict[str, str]:
    return {"gio": ctx.now.astimezone(ctx.config.tz).strftime("%H:%M"), "ngay": ctx.date(ctx.now)}


async def chuanop(ctx: FlowContext) -> None:
    await _choose_round(ctx, page=1, edit=False)


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    first, second = int_arg(args, 1), int_arg(args, 2)
    if action == "start":
        await _choose_round(ctx, page=1, edit=False)
    elif action == "home":
        await _choose_round(ctx, page=first or 1, edit=True)
    elif action == "no":
        ctx.edit(t("missing.remind_cancelled"))
    elif first is None:
        raise Refusal("common.stale_button")
    elif action == "r":
        await _show_list(ctx, first)
    elif action == "p" and second is not None:
        listing = await missing_units.missing_list(ctx.session, ctx.actor, first, ctx.now, ctx.config.tz)
        ctx.edit(*_keyboard_message(ctx, listing, second))
    elif action == "u" and second is not None:
        await review.show_unit(ctx, first, second, edit=False, origin=review.FROM_LIST)
    elif action == "q":
        await review.show_queue(ctx, first, page=second or 1)
    elif action == "all":
        await _confirm_reminders(ctx, first)
    elif action == "ok" and len(args) > 2 and args[2].isdigit():
        await _remind_all(ctx, first, int(args[2]))
    else:
        raise Refusal("common.stale_button")


async def _choose_round(ctx: FlowContext, *, page: int, edit: bool) -> None:
    result = await status_overview.overview(
        ctx.session, ctx.actor, year=await plan_states.year_in_force(ctx.session, ctx.today), all_years=True
    )
    if not result.rounds:
        (ctx.edit if edit else ctx.say)(t("missing.no_rounds"))
        return
    shown, page, pages = page_of(result.rounds, page, ROUNDS_PER_PAGE)
    names = round_choices(
        [r.round for r in shown], ctx.config.tz, [("missing.round_button", {"n": r.owing}) for r in shown]
    )
    rows: list[tuple[Choice, ...]] = [
        (Choice(name, callback_data("cn", "r", r.round.id)),) for r, name in zip(shown, names, strict=True)
    ]
    if pages > 1:
        rows.append(nav_row(page, pages, "cn", "home"))
    (ctx.edit if edit else ctx.say)(t("missing.choose_round"), tuple(rows))


async def _show_list(ctx: FlowContext, round_id: int) -> None:
    listing = await missing_units.missing_list(ctx.session, ctx.actor, round_id, ctx.now, ctx.config.tz)
    name = listing.round.name
    tally = listing.tally
    summary = t(
        "overview.summary", a=tally.submitted, tong=tally.total, b=tally.missing, c=tally.returned, d=tally.late
    )
    if not listing.units:
        ctx.say(RichText.lines(t("missing.none", tong=tally.total, ten_van_ban=name), summary))
    else:
        lines = [_line(number, unit) for number, unit in enumerate(listing.units, 1)]
        chunks = parts(lines, max_chars=part_chars(ctx.channel.text_limit))
        for index, chunk in enumerate(chunks):
            header = (
                t("missing.header", ten_van_ban=name.upper(), **_when(ctx))
                if index == 0
                else t("missing.header_next", ten_van_ban=name.upper(), part=index + 1, parts=len(chunks))
            )
            body = [header, *chunk]
            if index == len(chunks) - 1:
                body += [EMPTY, summary]
            ctx.say(RichText.join(body))
    ctx.say(*_keyboard_message(ctx, listing, 1))


def _line(number: int, unit: MissingUnit) -> RichText:
    flags = EMPTY
    if unit.returned:
        flags += t("missing.flag_returned")
    if not unit.has_account:
        flags += t("missing.flag_no_account")
    clusters = t("missing.cluster", ten_cum="; ".join(unit.clusters)) if unit.clusters else EMPTY
    return t("missing.line", stt=number, ten_don_vi=unit.name, cum=clusters, han=due_text(unit.days_left), flags=flags)


def _keyboard_message(ctx: FlowContext, listing: MissingList, page: int) -> tuple[RichText, Keyboard]:
    round_id = listing.round.id
    back = (Choice(label("missing.other_round_button"), callback_data("cn", "home")),)
    if not ctx.actor.is_admin:  # leaders see the list; opening units and reminding are the Office's
        return t("missing.keyboard_view"), (back,)
    numbered = list(enumerate(listing.units, 1))
    shown, page, pages = page_of(numbered, page, UNITS_PER_PAGE)
    rows: list[tuple[Choice, ...]] = [
        (
            Choice(
                label("missing.unit_button", stt=n, name=u.name),
                callback_data("cn", "u", round_id, u.unit_id),
            ),
        )
        for n, u in shown
    ]
    if pages > 1:
        rows.append(nav_row(page, pages, "cn", "p", round_id))
    if listing.units:
        rows.append(
            (Choice(label("missing.remind_all_button", n=len(listing.units)), callback_data("cn", "all", round_id)),)
        )
    if listing.tally.pending:
        rows.append(
            (
                Choice(
                    label("missing.review_queue_button", n=listing.tally.pending), callback_data("cn", "q", round_id, 1)
                ),
            )
        )
    rows.append(back)
    return t("missing.keyboard", page=page, pages=pages), tuple(rows)


async def _confirm_reminders(ctx: FlowContext, round_id: int) -> None:
    plan = await manual_reminders.preview(ctx.session, ctx.actor, round_id, ctx.now, ctx.config.tz)
    text = t("missing.remind_confirm", n=plan.units, ten_van_ban=plan.round.name, reachable=plan.reachable_units)
    if plan.times_today and plan.last_at is not None:
        # A second batch the same day is allowed, but only after the admin has seen that one went out.
        again = t(
            "missing.remind_again", times=plan.times_today, gio=plan.last_at.astimezone(ctx.config.tz).strftime("%H:%M")
        )
        text = RichText.join([again, EMPTY, text])
    ctx.say(
        text,
        (
            (
                Choice(label("missing.remind_yes"), callback_data("cn", "ok", round_id, plan.token)),
                Choice(label("missing.remind_no"), callback_data("cn", "no")),
            ),
        ),
    )


async def _remind_all(ctx: FlowContext, round_id: int, token: int) -> None:
    result = await manual_reminders.remind_all(ctx.session, ctx.actor, round_id, token, ctx.now, ctx.config.tz)
    name = result.round.name
    jobs = [(r, Reply(text=_reminder_text(ctx, name, r.unit))) for r in result.reminders if r.recipients]
    lines = [t("missing.remind_sending", ten_van_ban=name, units=len(jobs), recipients=result.recipients)]
    if result.without_account:
        names = ", ".join(u.name for u in result.without_account)
        lines.append(t("missing.remind_unreached", n=len(result.without_account), names=shorten(names, 1500)))
    ctx.edit(RichText.join(lines))
    if not jobs:
        return
    admin_chat = ctx.actor.address
    tz = ctx.config.tz

    async def send_and_report(out: Sending) -> list[Reply]:
        # After the commit: each unit sent on its own and recorded; the admin sees what truly happened.
        counts = await manual_reminders.send(out, jobs)
        done = out.clock.now().astimezone(tz)
        text = t(
            "missing.remind_result",
            ten_van_ban=name,
            units=counts.units_reached,
            of_units=len(jobs),
            delivered=counts.delivered,
            unreachable=counts.unreachable,
            failed=counts.failed,
            unknown=counts.unknown,
            gio=done.strftime("%H:%M"),
            ngay=done.strftime("%d/%m/%Y"),
        )
        return [Reply(text=text, to=admin_chat)]

    ctx.after_commit(send_and_report)


def _reminder_text(ctx: FlowContext, name: str, unit: MissingUnit) -> RichText:
    deadline = ctx.datetime(unit.deadline)
    if unit.days_left > 0:
        text = t("missing.remind_before", n=unit.days_left, ten_van_ban=name, han_nop=deadline, ten_don_vi=unit.name)
    elif unit.days_left == 0:
        text = t("missing.remind_today", ten_van_ban=name, han_nop=deadline)
    else:
        text = t(
            "missing.remind_overdue",
            ten_van_ban=name,
            ten_don_vi=unit.name,
            n=-unit.days_left,
            can_bo_vp=ctx.actor.display_name,
        )
    return RichText.lines(text, t("missing.remind_returned")) if unit.returned else text


def register(routes: Routes) -> None:
    routes.command("chuanop", chuanop, shown_to=VIEWERS, description_key="cmd.chuanop")
    routes.callback("cn", on_button)
