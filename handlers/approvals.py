"""/duyet: the Office approves or rejects accounts that asked to join a unit."""

from __future__ import annotations

from core.catalog import Ref, t
from core.messages import Button
from handlers.context import FlowContext, Keyboard
from handlers.menu import menu_for
from handlers.routes import ADMINS, Routes, callback_data, int_arg
from services import onboarding
from services.errors import Refusal


def request_buttons(account_id: int, unit_id: int) -> Keyboard:
    return (
        (
            Button(t("approve.approve_button"), callback_data("ap", "y", account_id, unit_id)),
            Button(t("approve.reject_button"), callback_data("ap", "n", account_id, unit_id)),
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
    account_id, unit_id = int_arg(args, 1), int_arg(args, 2)
    if not args or args[0] not in ("y", "n") or account_id is None or unit_id is None:
        raise Refusal("common.stale_button")
    approve = args[0] == "y"
    decision = await onboarding.decide(ctx.session, ctx.actor, account_id, unit_id, approve, ctx.now)
    account, unit = decision.account, decision.unit
    key = "approve.done_approved" if approve else "approve.done_rejected"
    ctx.edit(
        t(key, name=account.display_name, unit=unit.name, admin=ctx.actor.display_name, when=ctx.datetime(ctx.now))
    )
    if approve:
        ctx.send_to(
            account.chat_id,
            t("onboard.approved", unit=unit.name, role=Ref(f"role.{account.role}")),
            menu=menu_for(ctx.routes, account.role),
        )
    else:
        ctx.send_to(account.chat_id, t("onboard.rejected", unit=unit.name))


def register(routes: Routes) -> None:
    routes.command("duyet", list_pending, shown_to=ADMINS, description_key="cmd.duyet")
    routes.callback("ap", on_decision)
