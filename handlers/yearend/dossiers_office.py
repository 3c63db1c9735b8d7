"""/hoso, the Office's side of a dossier: receive it, return it with a reason and a new deadline, find
it eligible or not (with a reason), check it again, send it to the council, propose it upward.

Each move goes through services/dossiers/lifecycle.py, which refuses a move the status does not allow,
audits it and returns the notice the proposing unit is sent here. The choices shown follow the status;
a forged one is refused by the service all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from core.catalog import label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.routes import Routes, callback_data, int_arg
from handlers.yearend.common import back, catalog, dossier_rules, guard, parse_date, rows, tell_units, typed
from services.access import ensure_admin
from services.dossiers.history import record_history
from services.dossiers.lifecycle import move
from services.dossiers.proposals import recheck
from services.errors import Refusal
from storage.models import Dossier, DossierStatus

FLOW = "dossier"
P = "hs"
REASON_CHARS = 2000
S = DossierStatus
# Moves without a reason, by the status they start from (lifecycle.MOVES says which are legal).
SIMPLE = {
    S.SENT: ("receive",),
    S.RECEIVED: ("eligible",),
    S.ELIGIBLE: ("to_council",),
    S.DECIDED: ("propose_up",),
    S.PROPOSED_UP: ("decided_up",),
}
Show = Callable[[FlowContext, int, RichText | None], Awaitable[None]]
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def choices(ctx: FlowContext, d: Dossier) -> list[Choice]:
    if not ctx.actor.is_admin:
        return []
    found = [Choice(label(f"dossier.flow.move.{a}"), callback_data(P, "mv", d.id, a)) for a in SIMPLE.get(d.status, ())]
    if d.status in (S.SENT, S.RECEIVED):
        found.append(Choice(label("dossier.flow.move.return"), callback_data(P, "why", d.id, "return")))
    if d.status is S.RECEIVED:
        found.append(Choice(label("dossier.flow.move.not_eligible"), callback_data(P, "why", d.id, "not_eligible")))
        found.append(Choice(label("dossier.flow.recheck"), callback_data(P, "rc", d.id)))
    return found


def _id(args: list[str]) -> int:
    value = int_arg(args, 0)
    if value is None:
        raise Refusal("common.stale_button")
    return value


def actions(show: Show) -> dict[str, Action]:
    async def simple(ctx: FlowContext, args: list[str]) -> None:
        dossier_id, action = _id(args), (args[1] if len(args) > 1 else "")
        if action not in {a for moves in SIMPLE.values() for a in moves}:
            raise Refusal("dossier.bad_move")
        notice = await move(ctx.session, ctx.actor, dossier_id, action, ctx.now, rules=await dossier_rules())
        told = await tell_units(ctx, [notice])
        await show(ctx, dossier_id, t("dossier.flow.moved", text=notice.text, told=told))

    async def ask_reason(ctx: FlowContext, args: list[str]) -> None:
        dossier_id, action = _id(args), (args[1] if len(args) > 1 else "")
        if action not in ("return", "not_eligible"):
            raise Refusal("dossier.bad_move")
        ensure_admin(ctx.actor, f"dossier.{action}", target_type="dossier", target_id=dossier_id)
        ctx.dialog.go(FLOW, "reason", dossier=dossier_id, action=action, reason=None)
        ctx.say(t(f"dossier.flow.ask_reason.{action}"), rows(back(callback_data(P, "d", dossier_id))))

    async def again(ctx: FlowContext, args: list[str]) -> None:
        dossier_id = _id(args)
        await recheck(
            ctx.session,
            ctx.actor,
            dossier_id,
            ctx.now,
            catalog=await catalog(),
            rules=await dossier_rules(),
            history=record_history,
        )
        await show(ctx, dossier_id, t("dossier.flow.rechecked"))

    return {"mv": simple, "why": ask_reason, "rc": again}


def register_steps(routes: Routes, show: Show) -> None:
    async def reason_step(ctx: FlowContext) -> None:
        data = ctx.dialog.data
        dossier_id, action, reason = int(data["dossier"]), str(data["action"]), typed(ctx)
        if not reason:
            raise Refusal("dossier.reason_needed")
        if len(reason) > REASON_CHARS:
            raise Refusal("common.too_long", limit=REASON_CHARS)
        if action == "return":  # a returned dossier needs a new deadline too
            ctx.dialog.go(FLOW, "due", reason=reason)
            ctx.say(t("dossier.flow.ask_due"), rows(back(callback_data(P, "d", dossier_id))))
            return
        await _finish(ctx, dossier_id, action, reason, None)

    async def due_step(ctx: FlowContext) -> None:
        guard(ctx, FLOW, ("due",))
        day = parse_date(typed(ctx))
        if day is None:
            raise Refusal("dossier.flow.bad_date")
        data = ctx.dialog.data
        await _finish(ctx, int(data["dossier"]), "return", str(data["reason"]), day)

    async def _finish(ctx: FlowContext, dossier_id: int, action: str, reason: str, due: dt.date | None) -> None:
        notice = await move(
            ctx.session,
            ctx.actor,
            dossier_id,
            action,
            ctx.now,
            rules=await dossier_rules(),
            reason=reason,
            resubmit_by=due,
        )
        told = await tell_units(ctx, [notice])
        await show(ctx, dossier_id, t("dossier.flow.moved", text=notice.text, told=told))

    routes.step(FLOW, "reason", reason_step)
    routes.step(FLOW, "due", due_step)
