"""/dangky: a unit registers for the year's emulation (đăng ký thi đua); /maudangky sends the Excel template.

Round → collective title → (form of commendation for the collective) → (headcount) → the individuals
(handlers/register_emulation_people.py) → commitments → the signed scan → summary with the warnings →
[Gửi] [Sửa] [Hủy] → receipt code. A unit that already sent one starts from its last version and sends
a new one. Every button is re-checked: the round through the services (a forged round id finds
nothing), the titles against the catalogue, the step against the dialog, [Gửi] against its one-time token.
"""

from __future__ import annotations

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import Label, RichText, fmt_size
from handlers import register_emulation_people as people
from handlers.context import FlowContext
from handlers.register_emulation_state import (
    FLOW,
    PREFIX,
    after_collective,
    after_commitments,
    ask_collective,
    ask_collective_award,
    ask_commitments,
    ask_member_count,
    ask_people,
    ask_scan,
    at_step,
    catalog,
    cb,
    draft_of,
    keep,
    round_of,
    show_summary,
)
from handlers.round_labels import round_labels, tag
from handlers.routes import Routes, action_table, callback_data, int_arg
from services import registration_flow, unit_tasks
from services.award_catalog import Kind, Subject
from services.errors import Refusal
from services.registration_submit import (
    RegistrationDraft,
    check_draft,
    clean_commitments,
    draft_from,
    ensure_choice,
    member_count_of,
    scan_from,
)
from storage.models import AccountRole

ROUND_BUTTON_CHARS = 60
OFFICERS: frozenset[AccountRole | None] = frozenset({AccountRole.OFFICER})


# ---------------------------------------------------------------- /dangky and the round
async def start(ctx: FlowContext) -> None:
    ctx.dialog.clear()
    tasks = await registration_flow.registration_tasks(ctx.session, ctx.actor)
    names = round_labels([tag(task.round.name, task.deadline, ctx.config.tz) for task in tasks], ROUND_BUTTON_CHARS)
    rows = [(Choice(Label(name), cb("r", task.round.id)),) for task, name in zip(tasks, names, strict=True)]
    years = {task.round.year for task in tasks} or {ctx.today.year}
    if any([await registration_flow.heads_a_cluster(ctx.session, ctx.actor, year) for year in years]):
        rows.append((Choice(label("reg.cluster.button"), callback_data("ro", "my")),))
    if not tasks:
        ctx.say(t("reg.no_open_round", unit=ctx.actor.unit_name or ""), tuple(rows))
        return
    ctx.dialog.go(FLOW, "round")
    ctx.say(t("reg.choose_round"), tuple(rows))


def _invite(ctx: FlowContext, opened: registration_flow.OpenRegistration) -> RichText:
    round_, plan = opened.task.round, opened.plan
    values = {
        "name": ctx.actor.display_name,
        "unit": opened.unit.name,
        "year": round_.year,
        "due": ctx.date(opened.window.closes_at or opened.task.deadline),
    }
    if plan is not None and plan.number and plan.issued_on:
        return t("reg.invite", plan_no=plan.number, plan_date=ctx.date_only(plan.issued_on), **values)
    return t("reg.invite_plan", **values)


async def choose_round(ctx: FlowContext, args: list[str]) -> None:
    """A round of /dangky's own list: the list becomes the first prompt."""
    at_step(ctx, "round")  # an old list's button must not wipe a draft in progress
    round_id = int_arg(args, 0)
    if round_id is None:
        raise Refusal("common.stale_button")
    await _open_round(ctx, round_id, new_message=False)


async def start_on_round(ctx: FlowContext, args: list[str]) -> None:
    """:func:`start_button` (/nhiemvu, reminders, /nopbaocao): /dangky on that round, in a new message so
    the message pressed stays on screen. Like typing /dangky, except that a draft in progress is kept."""
    round_id = int_arg(args, 0)
    if round_id is None:
        raise Refusal("common.stale_button")
    if ctx.dialog.flow == FLOW and ctx.dialog.step not in ("round", "existing"):
        raise Refusal("reg.draft_in_progress")
    await _open_round(ctx, round_id, new_message=True)


async def _open_round(ctx: FlowContext, round_id: int, *, new_message: bool) -> None:
    """The round is re-checked (owed by the caller's unit, open, still editable): a forged id finds nothing."""
    opened = await registration_flow.open_for_edit(ctx.session, ctx.actor, round_id, ctx.now, ctx.config.tz)
    ctx.dialog.clear()
    keep(ctx, "round", RegistrationDraft(), round=round_id, unit=opened.unit.name, year=opened.task.round.year)
    latest = opened.latest
    if latest is None:
        await ask_collective(ctx, RegistrationDraft(), intro=_invite(ctx, opened), new_message=new_message)
        return
    keep(ctx, "existing")
    (ctx.say if new_message else ctx.edit)(
        t(
            "reg.already_submitted",
            unit=opened.unit.name,
            year=opened.task.round.year,
            code=latest.receipt_code,
            when=ctx.datetime(latest.created_at),
        ),
        ((Choice(label("reg.continue_button"), cb("new")),), (Choice(label("reg.cancel_button"), cb("x")),)),
    )


async def continue_from_latest(ctx: FlowContext, args: list[str]) -> None:
    """A new version starts from the last one sent; one the catalogue no longer fits starts afresh."""
    at_step(ctx, "existing")
    opened = await registration_flow.open_for_edit(ctx.session, ctx.actor, round_of(ctx), ctx.now, ctx.config.tz)
    if opened.latest is None:
        raise Refusal("common.stale_button")
    draft = draft_from(opened.latest)
    try:
        check_draft(await catalog(), draft, ctx.today)
    except Refusal:
        await ask_collective(ctx, RegistrationDraft(), intro=t("reg.draft_restart"))
        return
    await show_summary(ctx, draft)


# ---------------------------------------------------------------- the collective
async def collective_title(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "collective")
    code = args[0] if args else "?"
    title = ensure_choice(await catalog(), code or "?", kind=Kind.DANH_HIEU, subject=Subject.TAP_THE, on=ctx.today)
    update: dict[str, object] = {"collective_title_code": title.code if title else None}
    if title is None:
        update["member_count"] = None  # the headcount only serves the collective's share rules
    draft = draft_of(ctx).model_copy(update=update)
    chosen = t("reg.collective_chosen", title=title.name if title else Ref("reg.summary_none"))
    await ask_collective_award(ctx, draft, intro=chosen)


async def collective_award(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "collective_award")
    code = args[0] if args else "?"
    award = ensure_choice(await catalog(), code or "?", kind=Kind.HINH_THUC, subject=Subject.TAP_THE, on=ctx.today)
    draft = draft_of(ctx).model_copy(update={"collective_award_code": award.code if award else None})
    if draft.collective_title_code is not None:
        ask_member_count(ctx, draft)
    else:
        await after_collective(ctx, draft)


async def member_count_step(ctx: FlowContext) -> None:
    if ctx.incoming.file is not None or not ctx.incoming.text:
        ctx.say(t("reg.text_expected"))
        return
    draft = draft_of(ctx).model_copy(update={"member_count": member_count_of(ctx.incoming.text)})
    await after_collective(ctx, draft)


async def skip_member_count(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "members")
    await after_collective(ctx, draft_of(ctx).model_copy(update={"member_count": None}))


# ---------------------------------------------------------------- commitments and the scan
async def commitments_step(ctx: FlowContext) -> None:
    if ctx.incoming.file is not None or not ctx.incoming.text:
        ctx.say(t("reg.text_expected"))
        return
    text = clean_commitments(ctx.incoming.text)
    await after_commitments(ctx, draft_of(ctx).model_copy(update={"commitments": text}))


async def skip_commitments(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "commitments")
    await after_commitments(ctx, draft_of(ctx))  # "Bỏ qua" keeps what there is (nothing, on a first pass)


async def scan_step(ctx: FlowContext) -> None:
    draft = draft_of(ctx)
    upload = ctx.upload
    if upload is None:
        if ctx.incoming.file is not None:
            raise Refusal("reg.scan_wrong_type")
        ctx.say(t("reg.ask_scan"))
        return
    scan = scan_from(upload)
    ctx.say(t("reg.scan_received", file=upload.file_name, size=fmt_size(upload.size)))
    await show_summary(ctx, draft.model_copy(update={"scan": scan}))


# ---------------------------------------------------------------- confirm, edit, cancel
async def send(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "confirm")
    token = ctx.dialog.data.get("token")
    if not args or not isinstance(token, str) or args[0] != token:
        raise Refusal("common.stale_button")
    draft = draft_of(ctx)
    if not draft.people and draft.collective_title_code is None:
        raise Refusal("reg.nothing_registered")
    sent = await registration_flow.send(
        ctx.session, ctx.actor, await catalog(), draft, round_id=round_of(ctx), now=ctx.now, tz=ctx.config.tz
    )
    ctx.dialog.clear()  # the token goes with it: a replayed press finds no confirmation step
    registration = sent.saved.registration
    lines = [
        t(
            "reg.received",
            year=sent.receipt.round.year,
            unit=sent.unit.name,
            time=ctx.now.astimezone(ctx.config.tz).strftime("%H:%M"),
            date=ctx.date(ctx.now),
            code=registration.receipt_code,
        )
    ]
    if sent.saved.previous is not None:
        lines.append(t("reg.received_version", version=registration.version, previous=sent.saved.previous.receipt_code))
    ctx.edit(RichText.join(lines))
    notice = t(
        "reg.office_notice",
        unit=sent.unit.name,
        year=sent.receipt.round.year,
        version=registration.version,
        code=registration.receipt_code,
    )
    for chat_id in await unit_tasks.office_chats(ctx.session, ctx.actor):
        ctx.send_to(chat_id, notice)


async def edit_menu(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "confirm")
    keep(ctx, "edit", editing=True)
    ctx.edit(
        t("reg.edit_menu"),
        (
            (Choice(label("reg.edit_collective_button"), cb("e", "ct")),),
            (Choice(label("reg.edit_list_button"), cb("e", "list")),),
            (Choice(label("reg.edit_commitments_button"), cb("e", "cm")),),
            (Choice(label("reg.edit_scan_button"), cb("e", "scan")),),
            (Choice(label("reg.back_to_summary_button"), cb("sum")),),
        ),
    )


async def edit_part(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "edit")
    draft, part = draft_of(ctx), args[0] if args else ""
    if part == "ct":
        await ask_collective(ctx, draft)
    elif part == "list":
        await ask_people(ctx, draft)
    elif part == "cm":
        ask_commitments(ctx, draft)
    elif part == "scan":
        ask_scan(ctx, draft)
    else:
        raise Refusal("common.stale_button")


async def back_to_summary(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "edit", "scan")
    await show_summary(ctx, draft_of(ctx))


async def cancel(ctx: FlowContext, args: list[str]) -> None:
    if ctx.dialog.flow != FLOW:
        raise Refusal("common.stale_button")
    ctx.dialog.clear()
    ctx.edit(t("reg.cancelled"))


ACTIONS = {
    "r": choose_round,
    "go": start_on_round,
    "new": continue_from_latest,
    "ct": collective_title,
    "ca": collective_award,
    "mc": skip_member_count,
    "skip": skip_commitments,
    "send": send,
    "edit": edit_menu,
    "e": edit_part,
    "sum": back_to_summary,
    "x": cancel,
    **people.ACTIONS,
}


on_button = action_table(ACTIONS)


def register(routes: Routes) -> None:
    routes.command("dangky", start, shown_to=OFFICERS, description_key="cmd.dangky")
    routes.command("maudangky", people.send_template, shown_to=OFFICERS, description_key="cmd.maudangky")
    routes.callback(PREFIX, on_button)
    routes.choices_only(
        FLOW, "round", "existing", "collective", "collective_award", "p_title", "p_award", "confirm", "edit"
    )
    routes.step(FLOW, "members", member_count_step, numbers=True)
    routes.step(FLOW, "people", people.people_step, prepare=people.read_excel)
    for step, fn in people.STEPS.items():
        routes.step(FLOW, step, fn)
    routes.step(FLOW, "commitments", commitments_step)
    routes.step(FLOW, "scan", scan_step, accepts_files=True)
