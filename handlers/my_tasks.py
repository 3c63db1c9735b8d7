"""/nhiemvu: what my unit owes (deadline, days left, status), a button to send each, and what we sent."""

from __future__ import annotations

from core.catalog import Ref, shorten, t
from core.messages import Choice, OutgoingDocument
from core.text import RichText
from handlers.context import FlowContext, Keyboard
from handlers.register_emulation_state import start_button
from handlers.routes import LINKED, Routes, callback_data, int_arg
from handlers.submit_report import round_button_data
from handlers.task_folding import folded_block
from handlers.task_texts import fmt_size, label, left_text, task_labels, timeliness
from services import task_urgency, unit_tasks
from services.errors import Refusal
from services.submissions import Receipt
from services.unit_tasks import UnitTask

PREFIX = "nv"
MAX_VERSIONS_SHOWN = 5
NOTE_CHARS = 300
CAPTION_ROUND_CHARS = 200


def _history_row() -> tuple[Choice, ...]:
    return (Choice(label("tasks.history_button"), callback_data(PREFIX, "h")),)


async def show_tasks(ctx: FlowContext) -> None:
    tasks = await unit_tasks.open_tasks(ctx.session, ctx.actor)
    unit = ctx.actor.unit_name or ""
    if not tasks:
        ctx.say(t("tasks.none", unit=unit), (_history_row(),))
        return
    view = task_urgency.agenda(tasks, ctx.now, ctx.config.tz)
    blocks = [t("tasks.header", unit=unit, now=ctx.datetime(ctx.now))]
    blocks += [_task_block(ctx, number, task) for number, task in enumerate(view.current, 1)]
    if view.folded:
        blocks.append(folded_block(ctx, view))
    owed = [task for task in view.ordered if task.owes]
    names = task_labels(owed, ctx.config.tz)
    rows: list[tuple[Choice, ...]] = [(_send_button(task, names[task.round.id]),) for task in owed]
    rows.append(_history_row())
    ctx.say(RichText.join(blocks, "\n\n"), tuple(rows))


def _send_button(task: UnitTask, name: str) -> Choice:
    """/nopbaocao for a report, /dangky for a registration round."""
    if task.registration:
        return start_button(task.round.id)
    return Choice(label("tasks.submit_button", round=name), round_button_data(task.round.id))


def _task_block(ctx: FlowContext, number: int, task: UnitTask) -> RichText:
    obligation = task.obligation
    detail: RichText | str = ""
    if task.return_reason:
        detail = t("tasks.returned_reason", reason=shorten(task.return_reason, NOTE_CHARS))
    elif obligation.last_submitted_at is not None and not task.owes:
        detail = t("tasks.last_sent", version=obligation.versions, when=ctx.datetime(obligation.last_submitted_at))
    return t(
        "tasks.line",
        number=number,
        ref=f"{task.ref}. " if task.ref else "",
        name=task.round.name,
        deadline=ctx.datetime(task.deadline),
        left=t("tasks.left", left=left_text(task.deadline, ctx.now, ctx.config.tz)) if task.owes else "",
        status=Ref(task.status_key),
        detail=detail,
    )


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    round_id = int_arg(args, 1)
    if action == "h":
        await _sent_rounds(ctx)
    elif action == "r" and round_id is not None:
        await _round_history(ctx, round_id)
    elif action == "f" and round_id is not None and (file_id := int_arg(args, 2)) is not None:
        await _send_file(ctx, round_id, file_id)
    else:
        raise Refusal("common.stale_button")


async def _sent_rounds(ctx: FlowContext) -> None:
    tasks = await unit_tasks.sent_rounds(ctx.session, ctx.actor)
    unit = ctx.actor.unit_name or ""
    if not tasks:
        ctx.say(t("tasks.history_none", unit=unit))
        return
    names = task_labels(tasks, ctx.config.tz, 44)
    rows = tuple(
        (
            Choice(
                label("tasks.history_round_button", round=names[task.round.id], versions=task.obligation.versions),
                callback_data(PREFIX, "r", task.round.id),
            ),
        )
        for task in tasks
    )
    ctx.say(t("tasks.history_pick", unit=unit), rows)


async def _round_history(ctx: FlowContext, round_id: int) -> None:
    receipts = await unit_tasks.history(ctx.session, ctx.actor, round_id)
    if not receipts:  # a round of another unit, or one we never sent to: nothing to show
        ctx.say(t("tasks.history_none", unit=ctx.actor.unit_name or ""))
        return
    shown = receipts[:MAX_VERSIONS_SHOWN]
    blocks = [t("tasks.history_header", name=receipts[0].round.name, unit=ctx.actor.unit_name or "")]
    blocks += [_version_block(ctx, receipt) for receipt in shown]
    if len(receipts) > len(shown):
        blocks.append(t("tasks.older_versions", count=len(receipts) - len(shown)))
    ctx.say(RichText.join(blocks, "\n\n"), _file_buttons(round_id, shown))


def _version_block(ctx: FlowContext, receipt: Receipt) -> RichText:
    submission = receipt.submission
    lines = [
        t(
            "tasks.version",
            version=submission.version,
            code=submission.receipt_code,
            when=ctx.datetime(submission.submitted_at),
            timeliness=timeliness(submission.late),
            status=Ref(f"status.submission.{submission.status.value}"),
        )
    ]
    lines += [t("tasks.version_file", name=f.file_name, size=fmt_size(f.size)) for f in receipt.files]
    if submission.note:
        lines.append(t("tasks.version_note", note=shorten(submission.note, NOTE_CHARS)))
    if submission.review_note:
        lines.append(t("tasks.version_review", note=shorten(submission.review_note, NOTE_CHARS)))
    return RichText.join(lines)


def _file_buttons(round_id: int, receipts: list[Receipt]) -> Keyboard:
    return tuple(
        (
            Choice(
                label("tasks.file_button", version=r.submission.version, name=f.file_name),
                callback_data(PREFIX, "f", round_id, f.id),
            ),
        )
        for r in receipts
        for f in r.files
    )


async def _send_file(ctx: FlowContext, round_id: int, file_id: int) -> None:
    receipt, file = await unit_tasks.own_file(ctx.session, ctx.actor, round_id, file_id)
    if ctx.files is None:
        raise RuntimeError("the file store is not configured")
    content = await ctx.files.read(file.sha256)
    caption = t(
        "tasks.file_caption",
        name=file.file_name,
        round=shorten(receipt.round.name, CAPTION_ROUND_CHARS),
        version=receipt.submission.version,
        code=receipt.submission.receipt_code,
    )
    ctx.send_document(OutgoingDocument(file.file_name, content=content), caption)


def register(routes: Routes) -> None:
    routes.command("nhiemvu", show_tasks, shown_to=LINKED, description_key="cmd.nhiemvu")
    routes.callback(PREFIX, on_button)
