"""/chamdiem, the units' side: a checker scores the unit it checks, a checked unit scores itself and
answers the checker's result (domain.md §2.4, stage 7).

    /chamdiem → [Cụm …] (the Office, the cluster head: scoring_head.py)
              → [Chấm điểm: <unit>] → card → [Chấm theo từng tiêu chí] → criterion by criterion:
                  a number (with a note after «;») · [Bỏ qua] · [Sửa tiêu chí khác] · [Xong]
                → [Gửi bảng chấm (Excel)] → the filled-in sheet → all or nothing
                → [Hoàn thành, gửi kết quả] → the checked unit is told
              → [Đơn vị mình] → card → [Tự chấm …] · [Xem điểm chấm] · [Nhất trí] · [Không nhất trí] → reason

Every press names a check; services/scoring re-checks the unit and the role (a unit never scores
itself, a score above the criterion's max or below zero is refused and the same criterion asked again).
"""

from __future__ import annotations

from core.catalog import label, t
from core.messages import Choice
from handlers.context import FlowContext
from handlers.routes import LINKED, Routes, action_table, callback_data
from handlers.yearend import scoring_criteria, scoring_head
from handlers.yearend.common import (
    back,
    rows,
    tell_units,
    typed,
    year_of,
)
from handlers.yearend.scoring_card import check_arg, send_sheet, show_check, show_lines, status_ref
from services.errors import Refusal
from services.scoring import board, checks
from storage.models import CheckStatus

FLOW = "scoring"
P = "cd"
CHECKER, SELF = "c", "s"
PICK_PAGE = 10


async def start(ctx: FlowContext) -> None:
    ctx.dialog.clear()
    year = year_of(ctx)
    clusters = await board.clusters_for(ctx.session, ctx.actor, year)
    doing, done_to_us = await checks.my_checks(ctx.session, ctx.actor, year)
    if not (clusters or doing or done_to_us):
        if not ctx.actor.is_active:
            raise Refusal("common.not_linked")
        ctx.say(t("score.flow.nothing", year=year, unit=ctx.actor.unit_name or ""))
        return
    names = await board.unit_names(ctx.session, [c.checked_unit_id for c in doing])
    choices = [Choice(label("score.flow.cluster", name=name), callback_data(P, "c", cid)) for cid, name in clusters]
    choices += [
        Choice(
            label("score.flow.to_check", unit=names.get(c.checked_unit_id, "?"), status=status_ref(c.status)),
            callback_data(P, "k", c.id),
        )
        for c in doing
    ]
    choices += [
        Choice(label("score.flow.own", status=status_ref(c.status)), callback_data(P, "k", c.id)) for c in done_to_us
    ]
    ctx.say(t("score.flow.start", year=year), rows(*choices))


async def _finish(ctx: FlowContext, args: list[str]) -> None:
    check_id = check_arg(args)
    notice = await checks.finish_scoring(ctx.session, ctx.actor, check_id, ctx.now)
    told = await tell_units(ctx, [notice])
    await show_check(ctx, check_id, t("score.flow.finished", told=told))


# --- the checked unit's answer --------------------------------------------------------------------------------


async def _agree(ctx: FlowContext, args: list[str]) -> None:
    check_id = check_arg(args)
    notice = await checks.respond(ctx.session, ctx.actor, check_id, True, "", ctx.now)
    await tell_units(ctx, [notice])
    await show_check(ctx, check_id, t("score.flow.agreed"))


async def _disagree(ctx: FlowContext, args: list[str]) -> None:
    check_id = check_arg(args)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    if detail.viewer != "checked" or detail.check.status is not CheckStatus.SCORED:
        raise Refusal("score.not_scored_yet")
    ctx.dialog.go(FLOW, "reason", check=check_id)
    ctx.say(t("score.flow.ask_reason"), rows(back(callback_data(P, "k", check_id))))


async def reason_step(ctx: FlowContext) -> None:
    check_id = int(ctx.dialog.data["check"])
    notice = await checks.respond(ctx.session, ctx.actor, check_id, False, typed(ctx), ctx.now)
    await tell_units(ctx, [notice])
    await show_check(ctx, check_id, t("score.flow.disputed"))


async def _home(ctx: FlowContext, args: list[str]) -> None:
    await start(ctx)


async def _card(ctx: FlowContext, args: list[str]) -> None:
    await show_check(ctx, check_arg(args))


async def _lines(ctx: FlowContext, args: list[str]) -> None:
    await show_lines(ctx, check_arg(args))


async def _sheet(ctx: FlowContext, args: list[str]) -> None:
    await send_sheet(ctx, check_arg(args))


def register(routes: Routes) -> None:
    routes.command("chamdiem", start, shown_to=LINKED, description_key="cmd.chamdiem")
    routes.callback(
        P,
        action_table(
            {
                "home": _home,
                "k": _card,
                "ln": _lines,
                "x": _sheet,
                **scoring_criteria.ACTIONS,
                "fin": _finish,
                "ok": _agree,
                "no": _disagree,
                **scoring_head.ACTIONS,
            }
        ),
    )
    scoring_criteria.register_steps(routes)
    routes.step(FLOW, "reason", reason_step)
    scoring_head.register_steps(routes)
