"""/chamdiem: scoring criterion by criterion (a number with an optional note, «Bỏ qua», «Sửa tiêu chí khác»,
the reporting criterion's proposed score) and the filled-in sheet sent back; each score goes through
services/scoring/checks.py, which refuses one above the criterion's max, below zero, or by the wrong unit.
"""

from __future__ import annotations

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
    typed,
)
from handlers.yearend.scoring_card import check_arg, show_check
from services.errors import Refusal
from services.scoring import board, checks
from services.scoring.board import CheckDetail
from services.scoring.template import Criterion, ItemKind

FLOW = "scoring"
P = "cd"
CHECKER, SELF = "c", "s"
PICK_PAGE = 10


# --- criterion by criterion --------------------------------------------------------------------------------


def _next_code(detail: CheckDetail, after: str | None) -> str | None:
    codes = [item.code for item in detail.sheet.items]
    if after is None:
        return codes[0] if codes else None
    index = codes.index(after) + 1 if after in codes else len(codes)
    return codes[index] if index < len(codes) else None


async def begin(ctx: FlowContext, check_id: int, mode: str) -> None:
    if mode not in (CHECKER, SELF):
        raise Refusal("common.stale_button")
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    if detail.viewer != ("checker" if mode == CHECKER else "checked"):
        # Only the checker scores, only the checked unit scores itself (a unit scoring itself as its
        # own checker is refused here): the service names the refusal, nothing is written.
        await _write(ctx, detail, mode, detail.sheet.items[0].code, None, "")
    first = next(
        (i.code for i in detail.sheet.items if detail.points(i.code, _field(mode)) is None),
        detail.sheet.items[0].code,
    )
    await ask(ctx, detail, mode, first)


def _field(mode: str) -> str:
    return "checker_points" if mode == CHECKER else "self_points"


async def ask(ctx: FlowContext, detail: CheckDetail, mode: str, code: str, notice: RichText | None = None) -> None:
    item = detail.sheet.item(code)
    if item is None:
        raise Refusal("score.unknown_criterion", code=code)
    ctx.dialog.go(FLOW, "score", check=detail.check.id, mode=mode, code=code)
    index = [i.code for i in detail.sheet.items].index(code) + 1
    parent = next((c for c in detail.sheet.criteria if c.code == item.parent), None)
    lines = [notice] if notice else []
    lines.append(
        t(
            "score.flow.ask",
            n=index,
            of=len(detail.sheet.items),
            group=parent.text if parent else "",
            code=item.code,
            text=item.text,
            max=points_text(item.max),
            kind=Ref(f"score.flow.kind.{item.kind.value}"),
        )
    )
    if item.guidance:
        lines.append(t("score.flow.guidance", text=item.guidance))
    current = detail.points(code, _field(mode))
    if mode == CHECKER:
        lines.append(t("score.flow.self_was", points=points_text(detail.points(code, "self_points"))))
    if current is not None:
        lines.append(t("score.flow.current", points=points_text(current)))
    proposal = await _proposal(ctx, detail, mode, item)
    if proposal is not None:
        lines.append(proposal[1])
    lines.append(t("score.flow.how_to_score" if item.kind is not ItemKind.PENALTY else "score.flow.how_to_penalty"))
    cid = detail.check.id
    ctx.say(
        RichText.join(lines),
        rows(
            Choice(label("score.flow.use_proposal", points=points_text(proposal[0])), callback_data(P, "use", cid))
            if proposal
            else None,
            Choice(label("score.flow.skip_button"), callback_data(P, "skip", cid)),
            Choice(label("score.flow.pick_button"), callback_data(P, "pick", cid, 1)),
            Choice(label("score.flow.done_button"), callback_data(P, "k", cid)),
        ),
    )


async def _proposal(ctx: FlowContext, detail: CheckDetail, mode: str, item: Criterion) -> tuple[float, RichText] | None:
    """For the checker at the reporting criterion: the on-time rate of the checked unit's reports."""
    if mode != CHECKER or not item.reporting:
        return None
    found = await checks.proposed_reporting_score(ctx.session, ctx.actor, detail.check.id, ctx.now)
    if found is None:
        return None
    _code, points, due, on_time = found
    return points, t("score.flow.proposal", points=points_text(points), due=due, on_time=on_time)


async def _write(ctx: FlowContext, detail: CheckDetail, mode: str, code: str, points: float | None, note: str) -> None:
    cid = detail.check.id
    if mode == CHECKER:
        await checks.score(ctx.session, ctx.actor, cid, code, points, note, ctx.now)
    else:
        await checks.self_score(ctx.session, ctx.actor, cid, code, points, ctx.now)


async def _after_write(ctx: FlowContext, check_id: int, mode: str, code: str, notice: RichText) -> None:
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    following = _next_code(detail, code)
    if following is None:
        await show_check(ctx, check_id, RichText.lines(notice, t("score.flow.all_done")))
    else:
        await ask(ctx, detail, mode, following, notice)


def _at(ctx: FlowContext, check_id: int) -> tuple[str, str]:
    guard(ctx, FLOW, ("score",), check=check_id)
    return str(ctx.dialog.data["mode"]), str(ctx.dialog.data["code"])


async def score_step(ctx: FlowContext) -> None:
    """A number typed at a criterion (a bare number is a score here, never a choice's number)."""
    check_id = int(ctx.dialog.data["check"])
    mode, code = str(ctx.dialog.data["mode"]), str(ctx.dialog.data["code"])
    read = parse_points(typed(ctx))
    if read is None:
        raise Refusal("score.flow.not_a_score")
    points, note = read
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    await _write(ctx, detail, mode, code, points, note)
    await _after_write(ctx, check_id, mode, code, t("score.flow.saved", code=code, points=points_text(points)))


async def _skip(ctx: FlowContext, args: list[str]) -> None:
    check_id = check_arg(args)
    mode, code = _at(ctx, check_id)
    await _after_write(ctx, check_id, mode, code, t("score.flow.skipped", code=code))


async def _use(ctx: FlowContext, args: list[str]) -> None:
    check_id = check_arg(args)
    mode, code = _at(ctx, check_id)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    item = detail.sheet.item(code)
    proposal = await _proposal(ctx, detail, mode, item) if item else None
    if proposal is None:
        raise Refusal("common.stale_button")
    await _write(ctx, detail, mode, code, proposal[0], "")
    await _after_write(ctx, check_id, mode, code, t("score.flow.saved", code=code, points=points_text(proposal[0])))


async def _pick(ctx: FlowContext, args: list[str]) -> None:
    """[Sửa tiêu chí khác]: every criterion with its current score, to jump to one."""
    check_id = check_arg(args)
    mode, _code = _at(ctx, check_id)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    shown, page, pages = page_of(list(detail.sheet.items), int_arg(args, 1) or 1, PICK_PAGE)
    choices = tuple(
        (
            Choice(
                label(
                    "score.flow.pick_item",
                    code=i.code,
                    points=points_text(detail.points(i.code, _field(mode))),
                    max=points_text(i.max),
                ),
                callback_data(P, "at", check_id, i.code),
            ),
        )
        for i in shown
    )
    nav = nav_row(page, pages, P, "pick", check_id)
    ctx.say(
        t("score.flow.pick", page=page, pages=pages),
        (*choices, *((nav,) if nav else ()), (back(callback_data(P, "k", check_id)),)),
    )


async def _jump(ctx: FlowContext, args: list[str]) -> None:
    check_id = check_arg(args)
    mode, _code = _at(ctx, check_id)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    await ask(ctx, detail, mode, args[1] if len(args) > 1 else "")


# --- the checker's other actions -----------------------------------------------------------------------------


async def _upload(ctx: FlowContext, args: list[str]) -> None:
    check_id = check_arg(args)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    ctx.dialog.go(FLOW, "sheet", check=check_id)
    ctx.say(t("score.flow.ask_sheet", checked=detail.checked), rows(back(callback_data(P, "k", check_id))))


async def sheet_step(ctx: FlowContext) -> None:
    check_id = int(ctx.dialog.data["check"])
    if not isinstance(ctx.prepared, bytes):
        raise Refusal("score.flow.send_xlsx")
    count = await checks.apply_sheet(ctx.session, ctx.actor, check_id, ctx.prepared, ctx.now)
    await show_check(ctx, check_id, t("score.flow.sheet_applied", count=count))


async def _go(ctx: FlowContext, args: list[str]) -> None:
    await begin(ctx, check_arg(args), args[1] if len(args) > 1 else "")


ACTIONS = {"go": _go, "skip": _skip, "use": _use, "pick": _pick, "at": _jump, "up": _upload}


def register_steps(routes: Routes) -> None:
    routes.step(FLOW, "score", score_step, numbers=True)
    routes.step(FLOW, "sheet", sheet_step, prepare=read_xlsx)
