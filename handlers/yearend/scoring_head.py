"""/chamdiem, the cluster's side: the Office or the cluster head assigns who checks whom, settles each
check and closes the year; the ranking with rating bands, the result sheet (Excel) and the result
document (.docx) for the Office.

    [Cụm …] → board → [Phân công theo vòng] (unit i checked by unit i+1) · [Đổi đơn vị kiểm tra]
                    → [Chốt điểm: <unit>] → the scores side by side → [Sửa điểm một tiêu chí] → number
                                                                   → [Chốt điểm] → the unit is told
                    → [Kết thúc kiểm tra chéo] · [Xếp hạng, tệp kết quả] · [Mẫu bảng chấm] · [Nạp bảng chấm]

Buttons carry only ids; services/scoring re-checks that the caller is the Office or the head of that
cluster that year, that no unit checks itself and that nothing changes once the year is closed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.office_format import nav_row, page_of
from handlers.routes import Routes, callback_data, int_arg
from handlers.yearend.common import (
    back,
    guard,
    parse_points,
    points_text,
    read_xlsx,
    rows,
    say_long,
    send_file,
    tell_units,
    typed,
    year_of,
)
from services.errors import Refusal
from services.scoring import board, checks, sheets
from services.scoring.board import Board
from services.scoring.ranking import ranking
from services.scoring.result_document import result_docx
from services.scoring.sheet_excel import read_template
from services.scoring.template import SheetTemplate
from services.uploads import StoredUpload
from storage.models import CheckStatus

FLOW = "scoring"
P = "cd"
PICK_PAGE = 10
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def _id(args: list[str], index: int = 0) -> int:
    value = int_arg(args, index)
    if value is None:
        raise Refusal("common.stale_button")
    return value


def _status(status: CheckStatus) -> Ref:
    return Ref(f"score.check_status.{status.value}")


async def show_board(ctx: FlowContext, cluster_id: int, notice: RichText | None = None) -> None:
    found = await board.board(ctx.session, ctx.actor, cluster_id, year_of(ctx))
    ctx.dialog.clear()
    head = t(
        "score.flow.board",
        cluster=found.cluster,
        year=found.year,
        sheet=found.sheet.name,
        state=Ref("score.flow.state_closed" if found.closed else "score.flow.state_open"),
    )
    lines = [
        t(
            "score.flow.board_line",
            checked=row.checked,
            checker=row.checker,
            status=_status(row.check.status),
            total=points_text(
                row.totals.final_total if row.check.status is CheckStatus.SETTLED else row.totals.checker_total
            ),
        )
        for row in found.rows
    ] or [t("score.flow.no_pairs")]
    say_long(ctx, RichText.lines(notice, head), lines, _board_choices(found))


def _board_choices(found: Board) -> tuple[tuple[Choice, ...], ...]:
    cid, open_ = found.cluster_id, not found.closed
    settle = [
        Choice(label("score.flow.settle_button", unit=row.checked), callback_data(P, "s", row.check.id))
        for row in found.rows
        if open_ and row.check.status in (CheckStatus.AGREED, CheckStatus.DISPUTED, CheckStatus.SETTLED)
    ]
    return rows(
        Choice(label("score.flow.rotate_button"), callback_data(P, "rot", cid))
        if open_ and not found.started
        else None,
        Choice(label("score.flow.reassign_button"), callback_data(P, "re", cid))
        if open_ and found.rows and not found.started
        else None,
        *settle,
        Choice(label("score.flow.close_button"), callback_data(P, "end", cid)) if open_ and found.rows else None,
        Choice(label("score.flow.rank_button"), callback_data(P, "rk", cid)) if found.rows else None,
        Choice(label("score.flow.template_button"), callback_data(P, "tpl", cid)),
        Choice(label("score.flow.load_button"), callback_data(P, "ld", cid)) if open_ and not found.started else None,
        back(callback_data(P, "home")),
    )


async def _board(ctx: FlowContext, args: list[str]) -> None:
    await show_board(ctx, _id(args))


async def _rotate(ctx: FlowContext, args: list[str]) -> None:
    cluster_id = _id(args)
    created = await checks.assign_rotation(ctx.session, ctx.actor, cluster_id, year_of(ctx), ctx.now)
    await show_board(ctx, cluster_id, t("score.flow.rotated", count=len(created)))


async def _reassign(ctx: FlowContext, args: list[str]) -> None:
    """Which checked unit gets another checker."""
    found = await board.board(ctx.session, ctx.actor, _id(args), year_of(ctx))
    choices = [
        Choice(label("score.flow.pair", checked=row.checked, checker=row.checker), callback_data(P, "rc", row.check.id))
        for row in found.rows
    ]
    ctx.say(t("score.flow.reassign_which"), rows(*choices, back(callback_data(P, "c", found.cluster_id))))


async def _reassign_to(ctx: FlowContext, args: list[str]) -> None:
    """The members that may check it: every member but the checked unit itself."""
    detail = await board.check_detail(ctx.session, ctx.actor, _id(args))
    found = await board.board(ctx.session, ctx.actor, detail.cluster_id, detail.year)
    choices = [
        Choice(label("score.flow.checker_choice", unit=name), callback_data(P, "ra", detail.check.id, unit_id))
        for unit_id, name in found.members
        if unit_id not in (detail.check.checked_unit_id, detail.check.checker_unit_id)
    ]
    text = t("score.flow.reassign_to", checked=detail.checked, checker=detail.checker)
    ctx.say(text, rows(*choices, back(callback_data(P, "c", detail.cluster_id))))


async def _assign(ctx: FlowContext, args: list[str]) -> None:
    check = await checks.assign(ctx.session, ctx.actor, _id(args), _id(args, 1), ctx.now)
    detail = await board.check_detail(ctx.session, ctx.actor, check.id)
    await show_board(ctx, detail.cluster_id, t("score.flow.reassigned", checked=detail.checked, checker=detail.checker))


# --- settling a check -----------------------------------------------------------------------------------


def _overrides(ctx: FlowContext, check_id: int) -> dict[str, float | None]:
    data = ctx.dialog.data
    if ctx.dialog.flow == FLOW and data.get("check") == check_id and isinstance(data.get("overrides"), dict):
        return {str(k): (None if v is None else float(v)) for k, v in data["overrides"].items()}
    return {}


async def show_settle(ctx: FlowContext, check_id: int, notice: RichText | None = None) -> None:
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    if detail.viewer != "office":  # the checker or checked unit sees it too; only who manages the cluster settles
        await board.board(ctx.session, ctx.actor, detail.cluster_id, detail.year)
    overrides = _overrides(ctx, check_id)
    ctx.dialog.go(FLOW, "settle", check=check_id, overrides=overrides)
    head = t(
        "score.flow.settle",
        checked=detail.checked,
        checker=detail.checker,
        status=_status(detail.check.status),
        reason=t("score.flow.card_dispute", reason=detail.check.dispute_reason) if detail.check.dispute_reason else "",
    )
    finals: dict[str, float] = {}
    lines = []
    for item in detail.sheet.items:
        checker = detail.points(item.code, "checker_points")
        final = overrides.get(item.code, checker)
        if final is not None:
            finals[item.code] = final
        lines.append(
            t(
                "score.flow.settle_line",
                code=item.code,
                max=points_text(item.max),
                self=points_text(detail.points(item.code, "self_points")),
                checker=points_text(checker),
                final=points_text(final),
                changed="✏️" if item.code in overrides else "",
            )
        )
    total = detail.sheet.total(finals)
    lines.append(t("score.flow.settle_total", total=points_text(total), band=detail.sheet.band(total)))
    choices = rows(
        Choice(label("score.flow.settle_ok"), callback_data(P, "sok", check_id)),
        Choice(label("score.flow.override_button"), callback_data(P, "so", check_id, 1)),
        back(callback_data(P, "c", detail.cluster_id)),
    )
    say_long(ctx, RichText.lines(notice, head), lines, choices)


async def _settle(ctx: FlowContext, args: list[str]) -> None:
    check_id = _id(args)
    ctx.dialog.clear()
    await show_settle(ctx, check_id)


async def _override_which(ctx: FlowContext, args: list[str]) -> None:
    check_id = _id(args)
    guard(ctx, FLOW, ("settle",), check=check_id)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    shown, page, pages = page_of(list(detail.sheet.items), int_arg(args, 1) or 1, PICK_PAGE)
    choices = [
        Choice(
            label(
                "score.flow.pick_item",
                code=i.code,
                points=points_text(detail.points(i.code, "checker_points")),
                max=points_text(i.max),
            ),
            callback_data(P, "soc", check_id, i.code),
        )
        for i in shown
    ]
    nav = nav_row(page, pages, P, "so", check_id)
    ctx.say(
        t("score.flow.pick", page=page, pages=pages),
        (*rows(*choices), *((nav,) if nav else ()), (back(callback_data(P, "s", check_id)),)),
    )


async def _override_ask(ctx: FlowContext, args: list[str]) -> None:
    check_id = _id(args)
    guard(ctx, FLOW, ("settle",), check=check_id)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    code = args[1] if len(args) > 1 else ""
    item = detail.sheet.item(code)
    if item is None:
        raise Refusal("score.unknown_criterion", code=code)
    ctx.dialog.go(FLOW, "override", code=code)
    ctx.say(
        t("score.flow.ask_override", code=code, text=item.text, max=points_text(item.max)),
        rows(back(callback_data(P, "s", check_id))),
    )


async def override_step(ctx: FlowContext) -> None:
    check_id, code = int(ctx.dialog.data["check"]), str(ctx.dialog.data["code"])
    read = parse_points(typed(ctx))
    if read is None:
        raise Refusal("score.flow.not_a_score")
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    points = checks.valid_points(detail.sheet, code, read[0])  # above the max or below zero: refused here
    overrides = {**_overrides(ctx, check_id), code: points}
    ctx.dialog.go(FLOW, "settle", overrides=overrides)
    await show_settle(ctx, check_id, t("score.flow.overridden", code=code, points=points_text(points)))


async def _settle_ok(ctx: FlowContext, args: list[str]) -> None:
    check_id = _id(args)
    guard(ctx, FLOW, ("settle",), check=check_id)
    notice = await checks.settle(ctx.session, ctx.actor, check_id, _overrides(ctx, check_id), ctx.now)
    await tell_units(ctx, [notice])
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    await show_board(ctx, detail.cluster_id, t("score.flow.settled", checked=detail.checked))


# --- closing, results, the sheet template ----------------------------------------------------------------------


async def _close(ctx: FlowContext, args: list[str]) -> None:
    cluster_id = _id(args)
    await checks.close(ctx.session, ctx.actor, cluster_id, year_of(ctx), ctx.now)
    await _results(ctx, cluster_id, t("score.flow.closed"))


async def _rank(ctx: FlowContext, args: list[str]) -> None:
    await _results(ctx, _id(args), None)


async def _results(ctx: FlowContext, cluster_id: int, notice: RichText | None) -> None:
    year = year_of(ctx)
    found = await board.board(ctx.session, ctx.actor, cluster_id, year)  # the Office or the head only
    sheet, ranked = await ranking(ctx.session, cluster_id, year)
    names = dict(found.members)
    lines = [
        t(
            "score.flow.rank_line",
            place=r.place,
            unit=names.get(r.unit_id, "?"),
            total=points_text(r.total),
            band=r.band,
        )
        for r in ranked
    ]
    head = RichText.lines(notice, t("score.flow.ranking", cluster=found.cluster, year=year, sheet=sheet.name))
    ctx.dialog.clear()
    say_long(ctx, head, lines, rows(back(callback_data(P, "c", cluster_id))))
    xlsx = await sheets.result_sheet(ctx.session, ctx.actor, cluster_id, year, ctx.now)
    send_file(
        ctx,
        f"ket-qua-kiem-tra-cheo-{year}-{cluster_id}.xlsx",
        xlsx,
        t("score.flow.result_caption", cluster=found.cluster),
    )
    docx = await result_docx(ctx.session, ctx.actor, cluster_id, year, ctx.now)
    send_file(
        ctx,
        f"bao-cao-kiem-tra-cheo-{year}-{cluster_id}.docx",
        docx,
        t("score.flow.docx_caption", cluster=found.cluster),
    )


async def _template(ctx: FlowContext, args: list[str]) -> None:
    cluster_id = _id(args)
    content = await sheets.blank_sheet(ctx.session, ctx.actor, cluster_id, year_of(ctx))
    send_file(ctx, f"mau-bang-cham-diem-{year_of(ctx)}.xlsx", content, t("score.flow.template_caption"))


async def _load(ctx: FlowContext, args: list[str]) -> None:
    cluster_id = _id(args)
    found = await board.board(ctx.session, ctx.actor, cluster_id, year_of(ctx))
    if found.started or found.closed:
        raise Refusal("score.template_in_use")
    ctx.dialog.go(FLOW, "template", cluster=cluster_id)
    ctx.say(t("score.flow.ask_template", cluster=found.cluster), rows(back(callback_data(P, "c", cluster_id))))


async def read_sheet(upload: StoredUpload, content: bytes, today: dt.date) -> SheetTemplate | None:
    """The template step's preparer: the workbook read in a thread, before the transaction opens (a
    broken sheet is refused there, naming the row)."""
    if await read_xlsx(upload, content, today) is None:
        return None
    return await asyncio.to_thread(read_template, content)


async def template_step(ctx: FlowContext) -> None:
    cluster_id = int(ctx.dialog.data["cluster"])
    prepared = ctx.prepared
    if not isinstance(prepared, SheetTemplate):
        raise Refusal("score.flow.send_xlsx")
    await checks.install_template(ctx.session, ctx.actor, cluster_id, year_of(ctx), prepared, ctx.now)
    await show_board(ctx, cluster_id, t("score.flow.template_loaded", name=prepared.name, items=len(prepared.items)))


ACTIONS: dict[str, Action] = {
    "c": _board,
    "rot": _rotate,
    "re": _reassign,
    "rc": _reassign_to,
    "ra": _assign,
    "s": _settle,
    "so": _override_which,
    "soc": _override_ask,
    "sok": _settle_ok,
    "end": _close,
    "rk": _rank,
    "tpl": _template,
    "ld": _load,
}


def register_steps(routes: Routes) -> None:
    routes.choices_only(FLOW, "settle")
    routes.step(FLOW, "override", override_step, numbers=True)
    routes.step(FLOW, "template", template_step, prepare=read_sheet)
