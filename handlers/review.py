"""Review: the Office opens a unit's versions for a round, fetches the files, and accepts or returns
the latest one. Returning asks for a reason, then a new deadline (typed in Vietnamese, shown back) or
"Giữ hạn cũ", then a confirmation. The unit's reachable accounts are told either way.

Reached from /chuanop (a unit of the list, or the queue of versions waiting for review) and from the
/donvi unit card ("Văn bản đã nộp").
"""

from __future__ import annotations

from datetime import datetime

from core.catalog import Ref, label, plain, sentence, shorten, t
from core.messages import Choice, OutgoingDocument
from core.text import EMPTY, RichText, fmt_size
from core.text import shorten as cut
from handlers.context import FlowContext
from handlers.office_format import nav_row, page_of
from handlers.round_labels import round_choices
from handlers.routes import Routes, callback_data, int_arg
from services import office_review, rounds, submissions
from services.access import ensure_admin
from services.deadline_parser import EXAMPLES, DeadlineParseError, format_deadline, parse_deadline
from services.errors import Refusal
from services.submissions import Receipt
from storage.models import SubmissionStatus

FLOW = "review"
QUEUE_PER_PAGE = 10
# Where a unit's card was opened from, so "« Quay lại" goes back there: the /chuanop list, its review
# queue, or the unit's rounds (from /donvi).
FROM_LIST, FROM_QUEUE, FROM_UNIT = "l", "q", "u"
ORIGINS = (FROM_LIST, FROM_QUEUE, FROM_UNIT)
REASON_ECHO = 500  # how much of a reason or note is echoed to the admin; the unit gets the reason whole


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    first, second = int_arg(args, 1), int_arg(args, 2)
    origin = args[-1] if args and args[-1] in ORIGINS else FROM_UNIT
    if action in ("k", "d", "x"):
        ensure_admin(ctx.actor, "submission.return")
        await _dialog_button(ctx, action)
    elif first is None:
        raise Refusal("common.stale_button")
    elif action == "s" and second is not None:
        await show_unit(ctx, first, second, edit=True, origin=origin)
    elif action == "u":
        await _unit_rounds(ctx, first)
    elif action == "f":
        await _send_files(ctx, first)
    elif action == "a":
        await _accept(ctx, first, origin)
    elif action == "r":
        await _ask_reason(ctx, first)
    elif action == "ok":
        await _return(ctx, first)
    else:
        raise Refusal("common.stale_button")


# --- looking ----------------------------------------------------------------------------------------


async def show_unit(
    ctx: FlowContext, round_id: int, unit_id: int, *, edit: bool, origin: str, notice: RichText | None = None
) -> None:
    record = await office_review.unit_record(ctx.session, ctx.actor, round_id, unit_id)
    lines: list[RichText] = [notice] if notice else []
    lines.append(
        t(
            "review.card",
            unit=record.unit.name,
            round=record.round.name,
            deadline=ctx.datetime(record.deadline),
            status=Ref(rounds.status_of(record.obligation)),
        )
    )
    if not record.versions:
        lines.append(t("review.no_versions"))
    for receipt in record.versions:
        lines += _version_lines(ctx, receipt)
    buttons: list[tuple[Choice, ...]] = [
        (Choice(label("review.files_button", version=r.submission.version), callback_data("rv", "f", r.submission.id)),)
        for r in record.versions
        if r.files
    ]
    latest = record.versions[0].submission if record.versions else None
    if latest is not None and latest.status == SubmissionStatus.SUBMITTED:
        buttons.insert(
            0,
            (
                Choice(label("review.accept_button"), callback_data("rv", "a", latest.id, origin)),
                Choice(label("review.return_button"), callback_data("rv", "r", latest.id)),
            ),
        )
    buttons.append((Choice(label("common.back"), _back(origin, round_id, unit_id)),))
    (ctx.edit if edit else ctx.say)(RichText.join(lines), tuple(buttons))


def _back(origin: str, round_id: int, unit_id: int) -> str:
    if origin == FROM_LIST:
        return callback_data("cn", "p", round_id, 1)
    if origin == FROM_QUEUE:
        return callback_data("cn", "q", round_id, 1)
    return callback_data("rv", "u", unit_id)


def _version_lines(ctx: FlowContext, receipt: Receipt) -> list[RichText]:
    s = receipt.submission
    lines: list[RichText] = [
        t(
            "review.version",
            version=s.version,
            when=ctx.datetime(s.submitted_at),
            late=t("review.version_late") if s.late else "",
            status=Ref(f"status.submission.{s.status.value}"),
            code=s.receipt_code,
        )
    ]
    if s.note:
        lines.append(t("review.version_note", note=shorten(s.note, REASON_ECHO)))
    if s.review_note and s.status == SubmissionStatus.RETURNED:
        lines.append(t("review.version_reason", reason=shorten(s.review_note, REASON_ECHO)))
    lines += [t("review.file_line", name=f.file_name, size=fmt_size(f.size)) for f in receipt.files]
    if not receipt.files:
        lines.append(t("review.version_no_files"))
    return lines


async def _unit_rounds(ctx: FlowContext, unit_id: int) -> None:
    unit, owed = await office_review.unit_rounds(ctx.session, ctx.actor, unit_id)
    back = (Choice(label("common.back"), callback_data("un", "u", unit_id)),)
    if not owed:
        ctx.edit(t("review.unit_no_rounds"), (back,))
        return
    texts = [("review.unit_round_button", {"status": Ref(rounds.status_of(o))}) for o, _ in owed]
    names = round_choices([r for _, r in owed], ctx.config.tz, texts)
    rows = tuple(
        (Choice(name, callback_data("rv", "s", r.id, unit_id, FROM_UNIT)),)
        for (_, r), name in zip(owed, names, strict=True)
    )
    ctx.edit(t("review.unit_rounds", unit=unit.name), (*rows, back))


async def show_queue(ctx: FlowContext, round_id: int, *, page: int) -> None:
    round_, pending = await office_review.review_queue(ctx.session, ctx.actor, round_id)
    back = (Choice(label("common.back"), callback_data("cn", "p", round_id, 1)),)
    if not pending:
        ctx.edit(t("review.queue_empty"), (back,))
        return
    shown, page, pages = page_of(pending, page, QUEUE_PER_PAGE)
    rows: list[tuple[Choice, ...]] = [
        (
            Choice(
                label(
                    "review.queue_button",
                    name=cut(p.unit_name, 45),
                    version=p.version,
                    late=plain("review.version_late") if p.late else "",
                ),
                callback_data("rv", "s", round_id, p.unit_id, FROM_QUEUE),
            ),
        )
        for p in shown
    ]
    if pages > 1:
        rows.append(nav_row(page, pages, "cn", "q", round_id))
    ctx.edit(t("review.queue", ten_van_ban=round_.name, n=len(pending), page=page, pages=pages), (*rows, back))


async def _send_files(ctx: FlowContext, submission_id: int) -> None:
    found = await office_review.version_files(ctx.session, ctx.actor, submission_id, ctx.now)
    for f in found.files:
        if ctx.files is None or not ctx.files.exists(f.sha256):
            ctx.say(t("review.file_lost", name=f.file_name))
            continue
        content = await ctx.files.read(f.sha256)
        caption = t("review.file_caption", unit=found.unit.name, version=found.submission.version, name=f.file_name)
        ctx.send_document(OutgoingDocument(file_name=f.file_name, content=content), caption)


# --- accepting ----------------------------------------------------------------------------------------


async def _accept(ctx: FlowContext, submission_id: int, origin: str) -> None:
    done = await submissions.review(ctx.session, ctx.actor, submission_id, accept=True, reason=None, now=ctx.now)
    notice = t(
        "review.accepted",
        ten_van_ban=done.round.name,
        ten_don_vi=done.unit.name,
        version=done.submission.version,
        admin=ctx.actor.display_name,
        when=ctx.datetime(ctx.now),
    )
    text = t("review.notify_accepted", ten_van_ban=done.round.name, ten_don_vi=done.unit.name)
    told = await _tell_unit(ctx, done.unit.id, text)
    await show_unit(
        ctx, done.round.id, done.unit.id, edit=True, origin=origin, notice=RichText.join([notice, told, EMPTY])
    )


async def _tell_unit(ctx: FlowContext, unit_id: int, text: RichText) -> RichText:
    accounts = await office_review.recipients(ctx.session, unit_id)
    for account in accounts:
        await ctx.send_to_person(account.id, text)
    return t("review.told", n=len(accounts)) if accounts else t("review.nobody_told")


# --- returning: reason → deadline → confirmation ----------------------------------------------------------


def _cancel_row() -> tuple[Choice, ...]:
    return (Choice(label("common.cancel_button"), callback_data("rv", "x")),)


async def _ask_reason(ctx: FlowContext, submission_id: int) -> None:
    target = await office_review.returnable(ctx.session, ctx.actor, submission_id)
    ctx.dialog.go(FLOW, "reason", sid=submission_id, reason=None, deadline=None)
    ctx.say(t("review.ask_reason", version=target.submission.version, unit=target.unit.name), (_cancel_row(),))


async def _target_or_end(ctx: FlowContext) -> office_review.ReturnTarget | None:
    """The version being returned, or None after ending the dialog: it was reviewed or replaced meanwhile.

    A refusal here must end the dialog, which a raised Refusal cannot (it rolls the dialog back too);
    a refusal for lack of rights is still raised, to be audited.
    """
    try:
        return await office_review.returnable(ctx.session, ctx.actor, int(ctx.dialog.data["sid"]))
    except Refusal as refusal:
        if refusal.denied is not None:
            raise
        ctx.dialog.clear()
        ctx.say(t(refusal.key, **refusal.values))
        return None


async def reason_step(ctx: FlowContext) -> None:
    reason = " ".join((ctx.incoming.text or "").split())
    target = await _target_or_end(ctx)
    if target is None:
        return
    if not reason:
        ctx.say(t("review.ask_reason", version=target.submission.version, unit=target.unit.name), (_cancel_row(),))
        return
    if len(reason) > submissions.MAX_NOTE:
        raise Refusal("common.too_long", limit=submissions.MAX_NOTE)
    ctx.dialog.go(FLOW, "deadline", reason=reason)
    _ask_deadline(ctx, target.deadline, edit=False)


def _ask_deadline(ctx: FlowContext, current: datetime, *, edit: bool) -> None:
    text = t(
        "review.ask_deadline",
        reason=shorten(str(ctx.dialog.data["reason"]), REASON_ECHO),
        examples="; ".join(EXAMPLES),
        current=ctx.datetime(current),
    )
    keep = (Choice(label("review.keep_deadline_button"), callback_data("rv", "k")),)
    (ctx.edit if edit else ctx.say)(text, (keep, _cancel_row()))


async def deadline_step(ctx: FlowContext) -> None:
    text = (ctx.incoming.text or "").strip()
    target = await _target_or_end(ctx)
    if target is None:
        return
    try:
        deadline = parse_deadline(text, ctx.now.astimezone(ctx.config.tz))
    except DeadlineParseError as exc:
        ctx.say(t("review.bad_deadline", text=shorten(text, 60), reason=exc.reason, examples="; ".join(EXAMPLES)))
        return
    if deadline <= ctx.now:
        raise Refusal("rounds.deadline_past")
    ctx.dialog.go(FLOW, "confirm", deadline=deadline.isoformat())
    _confirm(ctx, target, edit=False)


def _confirm(ctx: FlowContext, target: office_review.ReturnTarget, *, edit: bool) -> None:
    (ctx.edit if edit else ctx.say)(
        t(
            "review.confirm_return",
            version=target.submission.version,
            unit=target.unit.name,
            reason=shorten(str(ctx.dialog.data["reason"]), REASON_ECHO),
            deadline=_deadline_shown(ctx, target),
        ),
        (
            (Choice(label("review.confirm_button"), callback_data("rv", "ok", target.submission.id)),),
            (
                Choice(label("review.change_deadline_button"), callback_data("rv", "d")),
                Choice(label("common.cancel_button"), callback_data("rv", "x")),
            ),
        ),
    )


def _new_deadline(ctx: FlowContext) -> datetime | None:
    value = ctx.dialog.data.get("deadline")
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _deadline_shown(ctx: FlowContext, target: office_review.ReturnTarget) -> RichText:
    new = _new_deadline(ctx)
    if new is not None:
        return RichText.plain(format_deadline(new.astimezone(ctx.config.tz)))
    kept = format_deadline(target.deadline.astimezone(ctx.config.tz))
    return t("review.deadline_kept" if target.deadline > ctx.now else "review.deadline_kept_past", deadline=kept)


async def _dialog_button(ctx: FlowContext, action: str) -> None:
    if action == "x":
        ctx.dialog.clear()
        ctx.edit(t("common.cancelled"))
        return
    if ctx.dialog.flow != FLOW or ctx.dialog.step not in ("deadline", "confirm"):
        raise Refusal("review.stale_dialog")
    target = await office_review.returnable(ctx.session, ctx.actor, int(ctx.dialog.data["sid"]))
    if action == "k":  # "Giữ hạn cũ"
        ctx.dialog.go(FLOW, "confirm", deadline=None)
        _confirm(ctx, target, edit=True)
    else:  # "Nhập lại hạn"
        ctx.dialog.go(FLOW, "deadline", deadline=None)
        _ask_deadline(ctx, target.deadline, edit=True)


async def _return(ctx: FlowContext, submission_id: int) -> None:
    ensure_admin(ctx.actor, "submission.return", target_type="submission", target_id=submission_id)
    data = ctx.dialog.data
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "confirm" or data.get("sid") != submission_id:
        raise Refusal("review.stale_dialog")
    target = await office_review.returnable(ctx.session, ctx.actor, submission_id)
    shown = _deadline_shown(ctx, target)
    new_deadline = _new_deadline(ctx)
    reason = str(data["reason"])
    done = await submissions.review(
        ctx.session, ctx.actor, submission_id, accept=False, reason=reason, now=ctx.now, new_deadline=new_deadline
    )
    ctx.dialog.clear()
    due = new_deadline or target.deadline
    names = {"ten_van_ban": done.round.name, "ten_don_vi": done.unit.name, "ly_do": sentence(reason)}
    if due > ctx.now:
        local = due.astimezone(ctx.config.tz)
        text = t("review.notify_returned", gio=local.strftime("%H:%M"), han_moi=ctx.date(due), **names)
    else:
        text = t("review.notify_returned_asap", **names)
    told = await _tell_unit(ctx, done.unit.id, text)
    notice = t(
        "review.returned",
        ten_van_ban=done.round.name,
        ten_don_vi=done.unit.name,
        version=done.submission.version,
        admin=ctx.actor.display_name,
        when=ctx.datetime(ctx.now),
        reason=shorten(reason, REASON_ECHO),
        deadline=shown,
    )
    ctx.edit(RichText.lines(notice, told))


def register(routes: Routes) -> None:
    routes.callback("rv", on_button)
    routes.step(FLOW, "reason", reason_step)
    routes.step(FLOW, "deadline", deadline_step)
    routes.choices_only(FLOW, "confirm")
