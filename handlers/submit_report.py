"""/nopbaocao: choose a round my unit owes → send files and/or a note → check the summary → [Gửi] → receipt.

Files are checked and stored by the dispatcher before the transaction (the "files" step takes files);
the dialog keeps only their digests and names until the officer confirms. Confirming calls
``services.submissions.submit``, which re-checks the round and the unit. The [Gửi] button carries a
one-time token kept in the dialog; success clears the dialog, so a replayed press finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.catalog import Ref, shorten, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.register_emulation_state import start_button
from handlers.routes import LINKED, Routes, callback_data, int_arg
from handlers.task_folding import folded_block, folded_button_label
from handlers.task_texts import fmt_size, label, left_text, task_labels, timeliness
from services import report_drafts, submissions, task_urgency, unit_tasks
from services.errors import Refusal
from services.unit_tasks import UnitTask
from services.uploads import StoredUpload

FLOW = "submit_report"
PREFIX = "sb"
NOTICE_ROUND_CHARS = 150
FILE_KEY = re.compile(r"^[0-9a-f]{16}$")


def round_button_data(round_id: int) -> str:
    """What a "send this round" button carries (also used by /nhiemvu and reminders). For a registration
    round it answers with a button that starts /dangky (:func:`handlers.register_emulation_state.start_button`)."""
    return callback_data(PREFIX, "r", round_id)


def _is_done(text: str) -> bool:
    return text.strip().rstrip(".!").casefold() == "xong"


def _done_row() -> tuple[Choice, ...]:
    return (
        Choice(label("submit.done_button"), callback_data(PREFIX, "done")),
        Choice(label("submit.cancel_button"), callback_data(PREFIX, "cancel")),
    )


def _collected(ctx: FlowContext) -> tuple[list[StoredUpload], str | None]:
    note = ctx.dialog.data.get("note")
    return report_drafts.from_data(ctx.dialog.data.get("files")), note if isinstance(note, str) else None


def _round_id(ctx: FlowContext, *steps: str) -> int:
    """The round of the dialog in progress; a button of a finished or other dialog is stale."""
    round_id = ctx.dialog.data.get("round_id")
    if ctx.dialog.flow != FLOW or ctx.dialog.step not in steps or not isinstance(round_id, int):
        raise Refusal("common.stale_button")
    return round_id


def _file_lines(files: list[StoredUpload]) -> RichText:
    if not files:
        return t("submit.no_files")
    lines = [t("submit.file_line", name=f.file_name, label=f.label, size=fmt_size(f.size)) for f in files]
    return RichText.join(lines)


# --- choosing the round ------------------------------------------------------------------------------


async def start(ctx: FlowContext) -> None:
    tasks = await unit_tasks.submittable(ctx.session, ctx.actor)
    unit = ctx.actor.unit_name or ""
    ctx.dialog.clear()
    if not tasks:
        ctx.say(t("submit.no_rounds", unit=unit))
        return
    view = task_urgency.agenda(tasks, ctx.now, ctx.config.tz)
    rows = _round_rows(ctx, view.current)
    if view.folded:  # old overdue rounds fold under one button, so they never push this week's down
        rows = (*rows, (Choice(folded_button_label(view), callback_data(PREFIX, "old")),))
    ctx.dialog.go(FLOW, "choose")
    ctx.say(t("submit.choose", unit=unit), (*rows, _cancel_row()))


def _round_rows(ctx: FlowContext, tasks: Sequence[UnitTask]) -> tuple[tuple[Choice, ...], ...]:
    names = task_labels(tasks, ctx.config.tz)
    return tuple(
        (
            Choice(
                label("submit.round_button", round=names[task.round.id], status=Ref(task.status_key)),
                round_button_data(task.round.id),
            ),
        )
        for task in tasks
    )


def _cancel_row() -> tuple[Choice, ...]:
    return (Choice(label("submit.cancel_button"), callback_data(PREFIX, "cancel")),)


async def _show_folded(ctx: FlowContext) -> None:
    view = task_urgency.agenda(await unit_tasks.submittable(ctx.session, ctx.actor), ctx.now, ctx.config.tz)
    if not view.folded:
        raise Refusal("common.stale_button")
    ctx.edit(folded_block(ctx, view), (*_round_rows(ctx, view.folded), _cancel_row()))


async def _choose(ctx: FlowContext, round_id: int) -> None:
    task = await unit_tasks.owed_task(ctx.session, ctx.actor, round_id)
    if task.registration:  # a reminder's button: registration has its own flow, /dangky
        ctx.say(t("submit.registration_round", name=task.round.name), ((start_button(task.round.id),),))
        return
    from_our_list = ctx.dialog.flow == FLOW and ctx.dialog.step == "choose"
    ctx.dialog.clear()
    ctx.dialog.go(FLOW, "files", round_id=task.round.id, files=[], note=None, token=None)
    text = t(
        "submit.ask_files",
        name=task.round.name,
        deadline=ctx.datetime(task.deadline),
        left=left_text(task.deadline, ctx.now, ctx.config.tz),
        returned=t("submit.returned_reason", reason=task.return_reason) if task.return_reason else "",
    )
    # From our own list the list becomes the prompt; from /nhiemvu the task list stays on screen.
    (ctx.edit if from_our_list else ctx.say)(text, (_done_row(),))


# --- collecting files and a note ---------------------------------------------------------------------


async def files_step(ctx: FlowContext) -> None:
    _round_id(ctx, "files")
    text = (ctx.incoming.text or "").strip()
    if ctx.upload is not None:
        replies = [_take_file(ctx, ctx.upload)]
        if text:  # a caption sent with the file is a note too
            _take_note(ctx, text)
            replies.append(t("submit.note_saved"))
        ctx.say(RichText.join(replies), (_done_row(),))
    elif ctx.incoming.file is not None:  # no intake configured: nothing was stored
        ctx.say(t("submit.file_not_now"), (_done_row(),))
    elif _is_done(text):
        await _summary(ctx, edit=False)
    elif text:
        _take_note(ctx, text)
        ctx.say(t("submit.note_saved"), (_done_row(),))
    else:
        ctx.say(t("submit.nothing_yet"), (_done_row(),))


def _take_file(ctx: FlowContext, upload: StoredUpload) -> RichText:
    files, _ = _collected(ctx)
    added = report_drafts.add_file(files, upload)
    if added is None:
        return t("submit.file_duplicate", name=upload.file_name)
    ctx.dialog.go(FLOW, "files", files=[report_drafts.to_data(f) for f in added], token=None)
    return t(
        "submit.file_received", name=upload.file_name, label=upload.label, size=fmt_size(upload.size), count=len(added)
    )


def _take_note(ctx: FlowContext, text: str) -> None:
    _, note = _collected(ctx)
    ctx.dialog.go(FLOW, "files", note=report_drafts.add_note(note, text), token=None)


# --- summary, edit, confirm --------------------------------------------------------------------------


async def _summary(ctx: FlowContext, *, edit: bool) -> None:
    round_id = _round_id(ctx, "files", "confirm")
    files, note = _collected(ctx)
    if not files and not note:
        ctx.say(t("submit.nothing_yet"), (_done_row(),))
        return
    task = await unit_tasks.task_to_submit(ctx.session, ctx.actor, round_id)
    token = report_drafts.new_token()  # a new summary makes every earlier [Gửi] stale
    ctx.dialog.go(FLOW, "confirm", token=token)
    text = t(
        "submit.summary",
        name=task.round.name,
        unit=ctx.actor.unit_name or "",
        deadline=ctx.datetime(task.deadline),
        count=len(files),
        files=_file_lines(files),
        note=note or Ref("submit.no_note"),
        now=ctx.datetime(ctx.now),
        timeliness=timeliness(ctx.now > task.deadline),
    )
    buttons = (
        (
            Choice(label("submit.send_button"), callback_data(PREFIX, "ok", token)),
            Choice(label("submit.edit_button"), callback_data(PREFIX, "edit")),
            Choice(label("submit.cancel_button"), callback_data(PREFIX, "cancel")),
        ),
    )
    (ctx.edit if edit else ctx.say)(text, buttons)


async def _confirm(ctx: FlowContext, token: str) -> None:
    round_id = _round_id(ctx, "confirm")
    if ctx.dialog.data.get("token") != token or not await report_drafts.claim(
        ctx.session, ctx.actor.account_id, FLOW, token
    ):
        raise Refusal("common.stale_button")
    files, note = _collected(ctx)
    if ctx.files is not None:
        await report_drafts.ensure_stored(ctx.files, files)
    receipt = await submissions.submit(ctx.session, ctx.actor, round_id, files, note, ctx.now)
    ctx.dialog.clear()
    submission, unit = receipt.submission, ctx.actor.unit_name or ""
    ctx.edit(
        t(
            "submit.receipt",
            name=receipt.round.name,
            unit=unit,
            version=submission.version,
            code=submission.receipt_code,
            when=ctx.datetime(submission.submitted_at),
            timeliness=timeliness(submission.late),
            count=len(receipt.files),
        )
    )
    notice = t(
        "submit.office_notice",
        unit=unit,
        name=shorten(" ".join(receipt.round.name.split()), NOTICE_ROUND_CHARS),
        version=submission.version,
        code=submission.receipt_code,
    )
    for chat_id in await unit_tasks.office_chats(ctx.session, ctx.actor):
        ctx.send_to(chat_id, notice)


def _render_edit(ctx: FlowContext) -> None:
    files, note = _collected(ctx)
    rows: list[tuple[Choice, ...]] = [
        (Choice(label("submit.remove_file_button", name=f.file_name), callback_data(PREFIX, "x", f.sha256[:16])),)
        for f in files
    ]
    if note:
        rows.append((Choice(label("submit.remove_note_button"), callback_data(PREFIX, "xn")),))
    rows.append(_done_row())
    text = t("submit.edit", count=len(files), files=_file_lines(files), note=note or Ref("submit.no_note"))
    ctx.edit(text, tuple(rows))


async def _edit(ctx: FlowContext) -> None:
    _round_id(ctx, "files", "confirm")
    ctx.dialog.go(FLOW, "files", token=None)
    _render_edit(ctx)


async def _remove(ctx: FlowContext, file_key: str | None) -> None:
    _round_id(ctx, "files")
    files, _ = _collected(ctx)
    if file_key is None:
        ctx.dialog.go(FLOW, "files", note=None)
    elif FILE_KEY.match(file_key):
        kept = [f for f in files if not f.sha256.startswith(file_key)]
        ctx.dialog.go(FLOW, "files", files=[report_drafts.to_data(f) for f in kept])
    else:
        raise Refusal("common.stale_button")
    _render_edit(ctx)


def _cancel(ctx: FlowContext) -> None:
    if ctx.dialog.flow != FLOW:
        raise Refusal("common.stale_button")
    ctx.dialog.clear()
    ctx.edit(t("submit.cancelled"))


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    argument = args[1] if len(args) > 1 else None
    if action == "r" and (round_id := int_arg(args, 1)) is not None:
        await _choose(ctx, round_id)
    elif action == "done":
        await _summary(ctx, edit=True)
    elif action == "ok" and argument:
        await _confirm(ctx, argument)
    elif action == "edit":
        await _edit(ctx)
    elif action == "x" and argument:
        await _remove(ctx, argument)
    elif action == "xn":
        await _remove(ctx, None)
    elif action == "old":
        await _show_folded(ctx)
    elif action == "cancel":
        _cancel(ctx)
    else:
        raise Refusal("common.stale_button")


def register(routes: Routes) -> None:
    routes.command("nopbaocao", start, shown_to=LINKED, description_key="cmd.nopbaocao")
    routes.callback(PREFIX, on_button)
    routes.choices_only(FLOW, "choose", file_reprompt="submit.file_not_now")
    routes.step(FLOW, "files", files_step, accepts_files=True)
    routes.choices_only(FLOW, "confirm", file_reprompt="submit.file_at_confirm")
