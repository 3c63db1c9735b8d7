"""/nhacviec: the Office sees each open round's reminders, pauses or resumes them for the round or
for one unit, and changes a round's schedule. Buttons carry the state they ask for (pause = 1),
so a double press changes nothing; every press is re-checked by services/reminder_admin.py."""

from __future__ import annotations

from datetime import time

from core.catalog import Ref, label, shorten, t
from core.messages import Choice
from core.text import EMPTY, RichText
from handlers.context import FlowContext, Keyboard
from handlers.round_labels import round_choices
from handlers.routes import ADMINS, Routes, callback_data, int_arg
from services import reminder_admin
from services.errors import Refusal
from services.reminder_policy import ReminderPolicy, ReminderRules, WorkCalendar, parse_rules_text

FLOW = "reminders_admin"
PREFIX = "nh"  # nhắc việc
PAGE = 10


def _policy(ctx: FlowContext) -> ReminderPolicy:
    """The factory passes the settings' policy; a bare FlowConfig (other tests) gets the defaults."""
    return ctx.config.reminders or ReminderPolicy(WorkCalendar(ctx.config.tz, time(7, 30), time(17, 0)))


def describe_rules(rules: ReminderRules) -> RichText:
    before = [t("rem.days", days=d) for d in rules.before_days if d > 0]
    if 0 in rules.before_days:
        before.append(t("rem.day_zero"))
    return t(
        "rem.rules",
        before=RichText.join(before, sep=", ") if before else RichText.plain("—"),
        first=rules.after_first_days,
        every=rules.after_every_working_days,
    )


async def nhacviec(ctx: FlowContext) -> None:
    await _home(ctx, edit=False)


async def _home(ctx: FlowContext, *, edit: bool) -> None:
    states = await reminder_admin.overview(ctx.session, ctx.actor, _policy(ctx), ctx.now)
    show = ctx.edit if edit else ctx.say
    if not states:
        show(t("rem.none"))
        return
    texts = [
        (
            "rem.round_button",
            {"state": Ref("rem.icon_off" if s.round.reminders_paused else "rem.icon_on"), "missing": s.missing},
        )
        for s in states
    ]
    names = round_choices([s.round for s in states], ctx.config.tz, texts)
    rows = tuple((Choice(name, callback_data(PREFIX, "r", s.round.id)),) for s, name in zip(states, names, strict=True))
    show(t("rem.header", count=len(states)), rows)


async def _card(ctx: FlowContext, round_id: int) -> None:
    state = await reminder_admin.round_state(ctx.session, ctx.actor, _policy(ctx), round_id, ctx.now)
    round_ = state.round
    rules = describe_rules(state.rules)
    if state.custom_rules:
        rules += t("rem.rules_custom")
    text = t(
        "rem.card",
        name=round_.name,
        deadline=ctx.datetime(round_.deadline),
        state=t("rem.state_off" if round_.reminders_paused else "rem.state_on"),
        missing=state.missing,
        total=state.total,
        paused_units=t("rem.paused_units", n=state.paused_units) if state.paused_units else EMPTY,
        rules=rules,
        next=ctx.datetime(state.next_at) if state.next_at else t("rem.next_none"),
    )
    pause = (
        Choice(label("rem.resume_button"), callback_data(PREFIX, "p", round_.id, 0))
        if round_.reminders_paused
        else Choice(label("rem.pause_button"), callback_data(PREFIX, "p", round_.id, 1))
    )
    buttons: Keyboard = (
        (pause,),
        (Choice(label("rem.units_button"), callback_data(PREFIX, "u", round_.id, 1)),),
        (Choice(label("rem.rules_button"), callback_data(PREFIX, "rules", round_.id)),),
        *(
            ((Choice(label("rem.rules_reset_button"), callback_data(PREFIX, "rd", round_.id)),),)
            if state.custom_rules
            else ()
        ),
        (Choice(label("common.back"), callback_data(PREFIX, "home")),),
    )
    ctx.edit(text, buttons)


async def _units(ctx: FlowContext, round_id: int, page: int) -> None:
    round_, owing = await reminder_admin.owing_units(ctx.session, ctx.actor, round_id)
    back = (Choice(label("common.back"), callback_data(PREFIX, "r", round_id)),)
    if not owing:
        ctx.edit(t("rem.units_none", name=round_.name), (back,))
        return
    pages = (len(owing) + PAGE - 1) // PAGE
    page = min(max(page, 1), pages)
    rows: list[tuple[Choice, ...]] = [
        (
            Choice(
                label(
                    "rem.unit_button", state=Ref("rem.icon_off" if o.reminders_paused else "rem.icon_on"), unit=u.name
                ),
                callback_data(PREFIX, "up", round_id, u.id, 0 if o.reminders_paused else 1, page),
            ),
        )
        for o, u in owing[(page - 1) * PAGE : page * PAGE]
    ]
    paging: list[Choice] = []
    if page > 1:
        paging.append(Choice(label("rem.prev_page"), callback_data(PREFIX, "u", round_id, page - 1)))
    if page < pages:
        paging.append(Choice(label("rem.next_page"), callback_data(PREFIX, "u", round_id, page + 1)))
    if paging:
        rows.append(tuple(paging))
    ctx.edit(t("rem.units_header", name=round_.name, count=len(owing)), (*rows, back))


async def _ask_rules(ctx: FlowContext, round_id: int) -> None:
    state = await reminder_admin.round_state(ctx.session, ctx.actor, _policy(ctx), round_id, ctx.now)
    ctx.dialog.go(FLOW, "rules", round_id=round_id)
    ctx.say(t("rem.rules_prompt", name=state.round.name))


async def on_rules_text(ctx: FlowContext) -> None:
    round_id = int(ctx.dialog.data.get("round_id", 0))
    text = (ctx.incoming.text or "").strip()
    state = await reminder_admin.round_state(ctx.session, ctx.actor, _policy(ctx), round_id, ctx.now)
    try:
        rules = parse_rules_text(text, _policy(ctx).rules)
    except ValueError:
        ctx.say(t("rem.rules_invalid", text=shorten(text, 60)))
        return
    ctx.dialog.go(FLOW, "confirm", round_id=round_id, rules=rules.as_dict())
    ctx.say(
        t("rem.rules_confirm", name=state.round.name, rules=describe_rules(rules)),
        (
            (
                Choice(label("rem.save_button"), callback_data(PREFIX, "rs", round_id)),
                Choice(label("common.cancel_button"), callback_data(PREFIX, "r", round_id)),
            ),
        ),
    )


async def _save_rules(ctx: FlowContext, round_id: int) -> None:
    data = ctx.dialog.data
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "confirm" or data.get("round_id") != round_id:
        raise Refusal("common.stale_button")
    raw = data.get("rules") or {}
    try:  # re-validated: the dialog data is ours, but never trusted blindly
        rules = ReminderRules(
            tuple(int(d) for d in raw["before_days"]),
            int(raw["after_first_days"]),
            int(raw["after_every_working_days"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Refusal("common.stale_button") from exc
    round_ = await reminder_admin.set_round_rules(ctx.session, ctx.actor, round_id, rules, ctx.now)
    ctx.dialog.clear()
    ctx.edit(t("rem.rules_saved", name=round_.name, rules=describe_rules(rules)))


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    round_id = int_arg(args, 1)
    if action == "home":
        await _home(ctx, edit=True)
        return
    if round_id is None:
        raise Refusal("common.stale_button")
    if action == "r":
        if ctx.dialog.flow == FLOW:
            ctx.dialog.clear()
        await _card(ctx, round_id)
    elif action == "p" and len(args) > 2 and args[2] in ("0", "1"):
        await reminder_admin.set_round_paused(ctx.session, ctx.actor, round_id, args[2] == "1", ctx.now)
        await _card(ctx, round_id)
    elif action == "u":
        await _units(ctx, round_id, int_arg(args, 2) or 1)
    elif action == "up" and len(args) > 3 and args[3] in ("0", "1") and (unit_id := int_arg(args, 2)):
        await reminder_admin.set_unit_paused(ctx.session, ctx.actor, round_id, unit_id, args[3] == "1", ctx.now)
        await _units(ctx, round_id, int_arg(args, 4) or 1)
    elif action == "rules":
        await _ask_rules(ctx, round_id)
    elif action == "rs":
        await _save_rules(ctx, round_id)
    elif action == "rd":
        await reminder_admin.set_round_rules(ctx.session, ctx.actor, round_id, None, ctx.now)
        await _card(ctx, round_id)
    else:
        raise Refusal("common.stale_button")


def register(routes: Routes) -> None:
    routes.command("nhacviec", nhacviec, shown_to=ADMINS, description_key="cmd.nhacviec")
    routes.callback(PREFIX, on_button)
    # "3" is a schedule (remind 3 days before), not the third choice
    routes.step(FLOW, "rules", on_rules_text, numbers=True)
    routes.step(FLOW, "confirm", on_rules_text, numbers=True)
