"""/chamdiem: one check's card — who checks whom, the status, the totals and what the caller may do next
(the checker, the checked unit, or whoever manages the cluster); the scores criterion by criterion; the sheet.
"""

from __future__ import annotations

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.routes import callback_data, int_arg
from handlers.yearend.common import (
    back,
    points_text,
    rows,
    say_long,
    send_file,
)
from services.errors import Refusal
from services.scoring import board, sheets
from services.scoring.board import CheckDetail
from storage.models import CheckStatus

FLOW = "scoring"
P = "cd"
CHECKER, SELF = "c", "s"
PICK_PAGE = 10


def status_ref(status: CheckStatus) -> Ref:
    return Ref(f"score.check_status.{status.value}")


# --- a check's card -------------------------------------------------------------------------------------


async def show_check(ctx: FlowContext, check_id: int, notice: RichText | None = None) -> None:
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    ctx.dialog.clear()
    check, sums = detail.check, detail.totals
    lines = [notice] if notice else []
    lines.append(
        t(
            "score.flow.card",
            checked=detail.checked,
            checker=detail.checker,
            year=detail.year,
            sheet=detail.sheet.name,
            status=status_ref(check.status),
            items=len(detail.sheet.items),
            self_total=points_text(sums.self_total),
            max_total=points_text(detail.sheet.max_total),
        )
    )
    if detail.checker_visible:
        lines.append(t("score.flow.card_checker", scored=sums.scored, total=points_text(sums.checker_total)))
    if check.dispute_reason:
        lines.append(t("score.flow.card_dispute", reason=check.dispute_reason))
    if sums.final_total is not None and check.status is CheckStatus.SETTLED:
        lines.append(
            t("score.flow.card_final", total=points_text(sums.final_total), band=detail.sheet.band(sums.final_total))
        )
    if detail.closed:
        lines.append(t("score.flow.card_closed"))
    ctx.say(RichText.join(lines), _card_choices(detail))


def _card_choices(detail: CheckDetail) -> tuple[tuple[Choice, ...], ...]:
    cid, status, open_ = detail.check.id, detail.check.status, not detail.closed
    scoring = status in (CheckStatus.ASSIGNED, CheckStatus.SCORED)
    checker, checked = detail.viewer == "checker", detail.viewer == "checked"
    return rows(
        Choice(label("score.flow.score_button"), callback_data(P, "go", cid, CHECKER))
        if checker and open_ and scoring
        else None,
        Choice(label("score.flow.upload_button"), callback_data(P, "up", cid))
        if checker and open_ and scoring
        else None,
        Choice(label("score.flow.finish_button"), callback_data(P, "fin", cid))
        if checker and open_ and scoring and detail.totals.scored
        else None,
        Choice(label("score.flow.self_button"), callback_data(P, "go", cid, SELF)) if checked and open_ else None,
        Choice(label("score.flow.lines_button"), callback_data(P, "ln", cid)),
        Choice(label("score.flow.agree_button"), callback_data(P, "ok", cid))
        if checked and open_ and status is CheckStatus.SCORED
        else None,
        Choice(label("score.flow.disagree_button"), callback_data(P, "no", cid))
        if checked and open_ and status is CheckStatus.SCORED
        else None,
        Choice(label("score.flow.sheet_button"), callback_data(P, "x", cid)),
        back(callback_data(P, "home")),
    )


async def show_lines(ctx: FlowContext, check_id: int) -> None:
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    lines = [t("score.flow.lines_head", checked=detail.checked, checker=detail.checker)]
    for item in detail.sheet.items:
        line = detail.lines.get(item.code)
        lines.append(
            t(
                "score.flow.line",
                code=item.code,
                max=points_text(item.max),
                self=points_text(line.self_points if line else None),
                checker=points_text(line.checker_points if line and detail.checker_visible else None),
                final=points_text(line.final_points if line else None),
                note=t("score.flow.line_note", note=line.note) if line and line.note and detail.checker_visible else "",
            )
        )
    say_long(ctx, lines[0], lines[1:], rows(back(callback_data(P, "k", check_id))))


async def send_sheet(ctx: FlowContext, check_id: int) -> None:
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    content = await sheets.check_sheet(ctx.session, ctx.actor, check_id, ctx.now)
    name = f"bang-cham-diem-{detail.year}-{check_id}.xlsx"
    send_file(ctx, name, content, t("score.flow.sheet_caption", checked=detail.checked, year=detail.year))


def check_arg(args: list[str]) -> int:
    check_id = int_arg(args, 0)
    if check_id is None:
        raise Refusal("common.stale_button")
    return check_id
