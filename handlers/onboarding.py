"""Onboarding: /start, an invite code (deep link or typed), or choosing a unit and waiting for approval."""

from __future__ import annotations

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import Label
from handlers import my_channels, plan_years
from handlers.approvals import request_buttons
from handlers.context import FlowContext
from handlers.menu import menu_for, render_help
from handlers.routes import EVERYONE, Routes, callback_data, int_arg
from services import directory, identity_links, onboarding, plan_preview
from services.errors import Refusal
from storage.models import UnitKind

FLOW = "onboarding"
MAX_CODE_CHARS = 64


def _withdraw_row() -> tuple[Choice, ...]:
    return (Choice(label("onboard.withdraw_button"), callback_data("ob", "wd")),)


def _cancel_row() -> tuple[Choice, ...]:
    return (Choice(label("common.cancel_button"), callback_data("ob", "cancel")),)


async def start(ctx: FlowContext) -> None:
    ctx.dialog.clear()
    if ctx.incoming.args:
        await _redeem(ctx, ctx.incoming.args[0])
        return
    actor = ctx.actor
    if actor.is_active:
        ctx.say(t("onboard.already_linked", unit=actor.unit_name or "", role=Ref(f"role.{actor.role}")))
        render_help(ctx)
        if actor.is_admin and (year := await plan_preview.december_offer(ctx.session, ctx.today)):
            text, button = plan_years.offer(year)
            ctx.say(text, ((button,),))
        return
    if actor.is_pending:  # waiting: say so, and let them take the request back
        ctx.say(t("onboard.already_pending", unit=actor.pending_unit_name or ""), (_withdraw_row(),))
        return
    onboarding.ensure_not_linked(actor)
    ctx.say(
        t("onboard.welcome", name=actor.display_name),
        (
            (Choice(label("onboard.have_code"), callback_data("ob", "code")),),
            (Choice(label("onboard.choose_unit"), callback_data("ob", "kinds")),),
        ),
    )


async def _redeem(ctx: FlowContext, code: str) -> None:
    if identity_links.looks_like_code(code):  # a link code from /toi on the person's other channel
        await my_channels.redeem(ctx, code)
        return
    if len(code) > MAX_CODE_CHARS:
        raise Refusal("onboard.code_invalid")
    actor = await onboarding.redeem(ctx.session, ctx.actor, code, ctx.now, key=ctx.config.invite_key)
    ctx.dialog.clear()
    ctx.say(
        t("onboard.linked", unit=actor.unit_name or "", role=Ref(f"role.{actor.role}")),
        menu=menu_for(ctx.routes, actor.role),
    )


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    if action == "cancel":
        ctx.dialog.clear()
        ctx.edit(t("common.cancelled"))
        return
    if action == "wd":
        withdrawn = await onboarding.withdraw(ctx.session, ctx.actor, ctx.now)
        ctx.edit(t("onboard.withdrawn", unit=withdrawn))
        return
    onboarding.ensure_not_linked(ctx.actor)
    if action == "code":
        ctx.dialog.go(FLOW, "code")
        ctx.edit(t("onboard.ask_code"), (_cancel_row(),))
    elif action == "kinds":
        await _show_kinds(ctx)
    elif action == "kind" and len(args) > 1 and args[1] in UnitKind._value2member_map_:
        await _show_units(ctx, UnitKind(args[1]))
    elif action == "unit" and (unit_id := int_arg(args, 1)):
        unit = await onboarding.selectable_unit(ctx.session, unit_id, ctx.now)
        ctx.dialog.go(FLOW, "choose")
        ctx.edit(
            t("onboard.confirm_request", unit=unit.name),
            (
                (Choice(label("onboard.send_request"), callback_data("ob", "req", unit.id)),),
                (Choice(label("common.back"), callback_data("ob", "kind", unit.kind.value)),),
            ),
        )
    elif action == "req" and (unit_id := int_arg(args, 1)):
        await _send_request(ctx, unit_id)
    else:
        raise Refusal("common.stale_button")


async def _show_kinds(ctx: FlowContext) -> None:
    kinds = await directory.selectable_kinds(ctx.session, ctx.today)
    rows = tuple((Choice(label(f"kind.{kind.value}"), callback_data("ob", "kind", kind.value)),) for kind in kinds)
    ctx.dialog.go(FLOW, "choose")
    ctx.edit(t("onboard.choose_kind"), (*rows, _cancel_row()))


async def _show_units(ctx: FlowContext, kind: UnitKind) -> None:
    units = await directory.units_of_kind(ctx.session, kind, ctx.today)
    if not units:
        raise Refusal("onboard.no_units")
    rows = tuple((Choice(Label(unit.name), callback_data("ob", "unit", unit.id)),) for unit in units)
    ctx.dialog.go(FLOW, "choose")
    ctx.edit(
        t("onboard.choose_unit_of_kind", kind=Ref(f"kind.{kind.value}")),
        (*rows, (Choice(label("common.back"), callback_data("ob", "kinds")),)),
    )


async def _send_request(ctx: FlowContext, unit_id: int) -> None:
    unit, admins = await onboarding.request(ctx.session, ctx.actor, unit_id, ctx.now)
    ctx.dialog.clear()
    ctx.edit(t("onboard.request_sent", unit=unit.name), (_withdraw_row(),))
    if not admins:
        ctx.say(t("onboard.no_admin"))
    text = t(
        "approve.request",
        name=ctx.actor.display_name,
        account_id=ctx.actor.account_id,
        unit=unit.name,
        when=ctx.datetime(ctx.now),
    )
    for admin in admins:
        await ctx.send_to_person(admin.id, text, request_buttons(ctx.actor.account_id, unit.id))


async def code_step(ctx: FlowContext) -> None:
    text = (ctx.incoming.text or "").strip()
    if not text:
        ctx.say(t("onboard.ask_code"), (_cancel_row(),))
        return
    await _redeem(ctx, text)


def register(routes: Routes) -> None:
    routes.command("start", start, shown_to=EVERYONE, description_key="cmd.start")
    routes.callback("ob", on_button)
    # An invite code may be all digits: a number typed here is the code, never choice number n.
    routes.step(FLOW, "code", code_step, numbers=True)
    routes.choices_only(FLOW, "choose")
