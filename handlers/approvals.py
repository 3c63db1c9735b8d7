"""/duyet: the Office approves or rejects accounts that asked to join a unit."""

from __future__ import annotations

from core.catalog import Ref, label, sentence, t
from core.messages import Choice
from handlers.context import FlowContext, Keyboard
from handlers.menu import menu_for
from handlers.routes import ADMINS, Routes, callback_data, int_arg
from services import onboarding
from services.errors import Refusal

FLOW = "approve"


def request_buttons(account_id: int, unit_id: int) -> Keyboard:
    return (
        (
            Choice(label("approve.approve_button"), callback_data("ap", "y", account_id, unit_id)),
            Choice(label("approve.reject_button"), callback_data("ap", "n", account_id, unit_id)),
        ),
    )


async def list_pending(ctx: FlowContext) -> None:
    requests = await onboarding.pending_requests(ctx.session, ctx.actor)
    if not requests:
        ctx.say(t("approve.none_pending"))
        return
    ctx.say(t("approve.list_header", count=len(requests)))
    for account, unit in requests:
        when = account.requested_at or account.created_at
        text = t(
            "approve.request", name=account.display_name, account_id=account.id, unit=unit.name, when=ctx.datetime(when)
        )
        ctx.say(text, request_buttons(account.id, unit.id))


async def on_decision(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    if action == "x":  # the reason was not given after all: the request still waits
        if ctx.dialog.flow == FLOW:
            ctx.dialog.clear()
        ctx.edit(t("approve.reject_cancelled"))
        return
    account_id, unit_id = int_arg(args, 1), int_arg(args, 2)
    if action not in ("y", "n", "nn") or account_id is None or unit_id is None:
        raise Refusal("common.stale_button")
    if action == "n":  # ask why first; the admin may also reject without a reason
        account, unit = await onboarding.pending_request(ctx.session, ctx.actor, account_id, unit_id, "account.reject")
        ctx.dialog.clear()
        ctx.dialog.go(FLOW, "reason", account_id=account_id, unit_id=unit_id)
        ctx.say(
            t("approve.ask_reason", name=account.display_name, unit=unit.name),
            (
                (Choice(label("approve.reject_no_reason_button"), callback_data("ap", "nn", account_id, unit_id)),),
                (Choice(label("common.cancel_button"), callback_data("ap", "x")),),
            ),
        )
        return
    await _decide(ctx, account_id, unit_id, approve=action == "y", reason=None)


async def reason_step(ctx: FlowContext) -> None:
    data = ctx.dialog.data
    account_id, unit_id = int(data.get("account_id", 0)), int(data.get("unit_id", 0))
    await _decide(ctx, account_id, unit_id, approve=False, reason=ctx.incoming.text or "")


async def _decide(ctx: FlowContext, account_id: int, unit_id: int, *, approve: bool, reason: str | None) -> None:
    decision = await onboarding.decide(ctx.session, ctx.actor, account_id, unit_id, approve, ctx.now, reason=reason)
    if ctx.dialog.flow == FLOW:
        ctx.dialog.clear()
    account, unit = decision.account, decision.unit
    key = "approve.done_approved" if approve else "approve.done_rejected"
    done = t(key, name=account.display_name, unit=unit.name, admin=ctx.actor.display_name, when=ctx.datetime(ctx.now))
    given = (reason or "").strip()
    if given:
        done = done + t("approve.reason_line", reason=given)
    (ctx.edit if ctx.incoming.callback_data is not None else ctx.say)(done)
    if approve:
        await ctx.send_to_person(
            account.id,
            t("onboard.approved", unit=unit.name, role=Ref(f"role.{account.role}")),
            menu=menu_for(ctx.routes, account.role),
        )
        return
    notice = t("onboard.rejected", unit=unit.name)
    if given:
        notice = notice + t("onboard.rejected_reason", reason=sentence(given))
    await ctx.send_to_person(account.id, notice)


def register(routes: Routes) -> None:
    routes.command("duyet", list_pending, shown_to=ADMINS, description_key="cmd.duyet")
    routes.callback("ap", on_decision)
    routes.step(FLOW, "reason", reason_step)
