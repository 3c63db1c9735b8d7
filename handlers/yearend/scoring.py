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

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.office_format import nav_row, page_of
from handlers.routes import LINKED, Routes, action_table, callback_data, int_arg
from handlers.yearend import scoring_head
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
from services.scoring.board import CheckDetail
from services.scoring.template import Criterion, ItemKind
from storage.models import CheckStatus

FLOW = "scoring"
P = "cd"
CHECKER, SELF = "c", "s"
PICK_PAGE = 10


def status_ref(status: CheckStatus) -> Ref:
    return Ref(f"score.check_status.{status.value}")


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
    check_id = _check_arg(args)
    mode, code = _at(ctx, check_id)
    await _after_write(ctx, check_id, mode, code, t("score.flow.skipped", code=code))


async def _use(ctx: FlowContext, args: list[str]) -> None:
    check_id = _check_arg(args)
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
    check_id = _check_arg(args)
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
    check_id = _check_arg(args)
    mode, _code = _at(ctx, check_id)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    await ask(ctx, detail, mode, args[1] if len(args) > 1 else "")


# --- the checker's other actions -----------------------------------------------------------------------------


async def _upload(ctx: FlowContext, args: list[str]) -> None:
    check_id = _check_arg(args)
    detail = await board.check_detail(ctx.session, ctx.actor, check_id)
    ctx.dialog.go(FLOW, "sheet", check=check_id)
    ctx.say(t("score.flow.ask_sheet", checked=detail.checked), rows(back(callback_data(P, "k", check_id))))


async def sheet_step(ctx: FlowContext) -> None:
    check_id = int(ctx.dialog.data["check"])
    if not isinstance(ctx.prepared, bytes):
        raise Refusal("score.flow.send_xlsx")
    count = await checks.apply_sheet(ctx.session, ctx.actor, check_id, ctx.prepared, ctx.now)
    await show_check(ctx, check_id, t("score.flow.sheet_applied", count=count))


async def _finish(ctx: FlowContext, args: list[str]) -> None:
    check_id = _check_arg(args)
    notice = await checks.finish_scoring(ctx.session, ctx.actor, check_id, ctx.now)
    told = await tell_units(ctx, [notice])
    await show_check(ctx, check_id, t("score.flow.finished", told=told))


# --- the checked unit's answer --------------------------------------------------------------------------------


async def _agree(ctx: FlowContext, args: list[str]) -> None:
    check_id = _check_arg(args)
    notice = await checks.respond(ctx.session, ctx.actor, check_id, True, "", ctx.now)
    await tell_units(ctx, [notice])
    await show_check(ctx, check_id, t("score.flow.agreed"))


async def _disagree(ctx: FlowContext, args: list[str]) -> None:
    check_id = _check_arg(args)
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


def _check_arg(args: list[str]) -> int:
    check_id = int_arg(args, 0)
    if check_id is None:
        raise Refusal("common.stale_button")
    return check_id


async def _home(ctx: FlowContext, args: list[str]) -> None:
    await start(ctx)


async def _card(ctx: FlowContext, args: list[str]) -> None:
    await show_check(ctx, _check_arg(args))


async def _lines(ctx: FlowContext, args: list[str]) -> None:
    await show_lines(ctx, _check_arg(args))


async def _sheet(ctx: FlowContext, args: list[str]) -> None:
    await send_sheet(ctx, _check_arg(args))


async def _go(ctx: FlowContext, args: list[str]) -> None:
    await begin(ctx, _check_arg(args), args[1] if len(args) > 1 else "")


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
                "go": _go,
                "skip": _skip,
                "use": _use,
                "pick": _pick,
                "at": _jump,
                "up": _upload,
                "fin": _finish,
                "ok": _agree,
                "no": _disagree,
                **scoring_head.ACTIONS,
            }
        ),
    )
    routes.step(FLOW, "score", score_step, numbers=True)
    routes.step(FLOW, "sheet", sheet_step, prepare=read_xlsx)
    routes.step(FLOW, "reason", reason_step)
    scoring_head.register_steps(routes)
