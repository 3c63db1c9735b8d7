"""/viecvanphong: the Office's checklist of plan items that are not reporting rounds.

A notice or a meeting opens /thongbao prefilled from the item (sending it marks the item done); an
internal task, a report upward or a decision gets an owner, then done / not done with a note and an
optional file. Every button re-checks the caller's role in services/plan_actions.py.
"""

from __future__ import annotations

from core.catalog import Ref, label, shorten, t
from core.clock import fmt_date, fmt_datetime
from core.messages import Choice, OutgoingDocument
from core.text import EMPTY, Label, RichText
from handlers import broadcast_draft
from handlers.context import FlowContext, Keyboard
from handlers.plan_action_messages import PREFIX, compose_button, meeting_when
from handlers.routes import ADMINS, Routes, action_table, callback_data, int_arg
from services import attendance_workbook, plan_actions
from services.errors import Refusal
from services.plan_actions import ItemLine, ItemStatus
from storage.models import ItemState

FLOW = "checklist"
TASK_CHARS = 120
ANSWER_LINES = 30


def _button(key: str, *args: object, **values: object) -> Choice:
    return Choice(label(key, **values), callback_data(PREFIX, *args))


def status_text(status: ItemStatus) -> Ref:
    return Ref(f"pa.status.{status.value}")


def counts_text(kind: str, counts: dict[str, int]) -> RichText:
    if not counts:
        return EMPTY
    delivered = counts.get("delivered", 0)
    if kind == "meeting":
        return t(
            "pa.counts_meeting",
            attend=counts.get("attend", 0),
            delegate=counts.get("delegate", 0),
            absent=counts.get("absent", 0),
            delivered=delivered,
        )
    return t("pa.counts_ack", received=counts.get("received", 0), delivered=delivered)


def _due(ctx: FlowContext, line: ItemLine) -> str | RichText:
    if line.item.due_on:
        return fmt_date(line.item.due_on, ctx.config.tz)
    return line.item.due_note or t("plan.due_unknown")


async def show_home(ctx: FlowContext, *, edit: bool = False) -> None:
    plan, lines = await plan_actions.checklist(ctx.session, ctx.actor, ctx.today)
    body = RichText.join(
        t(
            "pa.home_line",
            status=status_text(line.status),
            ref=line.item.ref,
            task=shorten(line.item.task, TASK_CHARS),
            due=_due(ctx, line),
        )
        for line in lines
    )
    buttons = [_button("pa.item_button", "i", line.item.id, ref=line.item.ref) for line in lines]
    rows: Keyboard = tuple(tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4))
    (ctx.edit if edit else ctx.say)(t("pa.home", year=plan.year, lines=body), rows)


async def viecvanphong(ctx: FlowContext) -> None:
    if ctx.dialog.flow == FLOW:
        ctx.dialog.clear()
    await show_home(ctx)


async def _home(ctx: FlowContext, args: list[str]) -> None:
    await show_home(ctx, edit=True)


def _item_id(args: list[str]) -> int:
    item_id = int_arg(args, 0)
    if item_id is None:
        raise Refusal("common.stale_button")
    return item_id


async def show_card(ctx: FlowContext, item_id: int, *, edit: bool) -> None:
    line = await plan_actions.item_line(ctx.session, ctx.actor, item_id, ctx.today)
    item, action = line.item, line.action
    text = t(
        "pa.card",
        ref=item.ref,
        task=item.task,
        kind=Ref(f"pa.kind.{item.kind}"),
        due=_due(ctx, line),
        status=status_text(line.status),
        counts=counts_text(item.kind, line.counts),
    )
    parts = [text]
    meeting = line.broadcast
    if meeting is not None and meeting.meeting_at is not None:
        parts.append(t("pa.card_meeting", when=meeting_when(meeting.meeting_at, ctx.config.tz)))
        parts.append(t("pa.card_place", place=meeting.meeting_place or Ref("pa.place_unknown")))
    if line.owner_name:
        parts.append(t("pa.card_owner", name=line.owner_name))
    if action is not None and action.done_at is not None:
        parts.append(t("pa.card_done", who=line.done_by_name or "—", at=fmt_datetime(action.done_at, ctx.config.tz)))
    if action is not None and action.sent_to and action.state == ItemState.DONE:
        parts.append(t("pa.card_sent_to", to=action.note or action.sent_to))
    elif action is not None and action.note:
        parts.append(t("pa.card_note", note=action.note))
    if action is not None and action.file_name:
        parts.append(t("pa.card_file", name=action.file_name))
    rows: list[tuple[Choice, ...]] = []
    if item.kind in ("notice", "meeting"):
        rows.append((compose_button(item.id, item.kind),))
        if item.kind == "meeting" and action is not None and action.broadcast_id is not None:
            parts.append(await _answers(ctx, item.id))
            rows.append((_button("pa.attendance_button", "xl", item.id),))
    if action is None or action.state == ItemState.OPEN:
        owner_row = [_button("pa.give_button", "gv", item.id)]
        if action is None or action.owner_id != ctx.actor.account_id:
            owner_row.insert(0, _button("pa.take_button", "tk", item.id))
        rows.append(tuple(owner_row))
        done_key = "pa.sent_button" if item.kind == "outbound" else "pa.done_button"
        rows.append((_button(done_key, "ok", item.id), _button("pa.not_done_button", "no", item.id)))
    else:
        rows.append((_button("pa.reopen_button", "ro", item.id),))
    if action is not None and action.file_sha256:
        rows.append((_button("pa.file_button", "fl", item.id),))
    rows.append((_button("pa.back_button", "h"),))
    (ctx.edit if edit else ctx.say)(RichText.join(parts, sep=""), tuple(rows))


async def _answers(ctx: FlowContext, item_id: int) -> RichText:
    _, _, rows = await plan_actions.attendance(ctx.session, ctx.actor, item_id, ctx.now, export=False)
    lines = [
        t(
            "pa.answer_line",
            who=row.account_name,
            unit=row.unit_name or "—",
            answer=Ref(f"pa.answer.{row.response.value}" if row.response else "pa.answer.none"),
        )
        for row in rows[:ANSWER_LINES]
    ]
    return t("pa.card_answers", lines=RichText.join(lines)) if lines else EMPTY


async def _item(ctx: FlowContext, args: list[str]) -> None:
    await show_card(ctx, _item_id(args), edit=ctx.incoming.callback_message_id is not None)


async def _compose(ctx: FlowContext, args: list[str]) -> None:
    """Open /thongbao with the item's text; the admin may replace it, then goes on as for any notice."""
    prefill = await plan_actions.prefill(ctx.session, ctx.actor, _item_id(args))
    await broadcast_draft.drop_previous_draft(ctx)
    ctx.dialog.clear()
    ctx.dialog.go(broadcast_draft.FLOW, "options", text=prefill.text, file=None, units=[], plan_item=prefill.item_id)
    kind = Ref("pa.prefill_meeting" if prefill.kind == "meeting" else "pa.prefill_notice")
    rows = ((broadcast_draft.button("bc.continue_button", "next"),), broadcast_draft.cancel_row())
    ctx.say(t("pa.prefilled", kind=kind, ref=prefill.ref, text=prefill.text), rows)


async def _take(ctx: FlowContext, args: list[str]) -> None:
    item_id = _item_id(args)
    await plan_actions.take(ctx.session, ctx.actor, item_id, ctx.now)
    await show_card(ctx, item_id, edit=True)


async def _give(ctx: FlowContext, args: list[str]) -> None:
    item_id = _item_id(args)
    owners = await plan_actions.possible_owners(ctx.session, ctx.actor, item_id)
    rows = tuple(
        (Choice(Label(shorten(name, 40)), callback_data(PREFIX, "as", item_id, account_id)),)
        for account_id, name in owners
    )
    ctx.edit(t("pa.ask_owner"), (*rows, (_button("pa.back_button", "i", item_id),)))


async def _assign(ctx: FlowContext, args: list[str]) -> None:
    item_id, owner_id = _item_id(args), int_arg(args, 1)
    if owner_id is None:
        raise Refusal("common.stale_button")
    await plan_actions.take(ctx.session, ctx.actor, item_id, ctx.now, owner_id)
    await show_card(ctx, item_id, edit=True)


async def _ask(ctx: FlowContext, args: list[str], *, done: bool) -> None:
    item_id = _item_id(args)
    line = await plan_actions.item_line(ctx.session, ctx.actor, item_id, ctx.today)
    if line.action is not None and line.action.state != ItemState.OPEN:
        raise Refusal("pa.already_finished", ref=line.item.ref)
    ctx.dialog.go(FLOW, "note", item=item_id, done=done, ref=line.item.ref)
    done_key = "pa.ask_sent_note" if line.item.kind == "outbound" else "pa.ask_done_note"
    key = done_key if done else "pa.ask_reason"
    rows: list[tuple[Choice, ...]] = []
    if done:
        rows.append((_button("pa.no_note_button", "nn"),))
    rows.append((_button("pa.cancel_button", "x"),))
    ctx.edit(t(key, ref=line.item.ref), tuple(rows))


async def _done(ctx: FlowContext, args: list[str]) -> None:
    await _ask(ctx, args, done=True)


async def _not_done(ctx: FlowContext, args: list[str]) -> None:
    await _ask(ctx, args, done=False)


async def _record(ctx: FlowContext, note: str | None) -> None:
    if ctx.dialog.flow != FLOW:
        raise Refusal("common.session_expired")
    data = ctx.dialog.data
    item_id, done = int(data["item"]), bool(data["done"])
    await plan_actions.finish(ctx.session, ctx.actor, item_id, done=done, note=note, upload=ctx.upload, now=ctx.now)
    ctx.dialog.clear()
    ctx.say(t("pa.recorded_done" if done else "pa.recorded_not_done", ref=str(data.get("ref", ""))))
    await show_card(ctx, item_id, edit=False)


async def on_note(ctx: FlowContext) -> None:
    note = ctx.incoming.text
    if not (note and note.strip()) and ctx.upload is None:
        raise Refusal("pa.use_buttons_or_note")
    await _record(ctx, note)


async def _no_note(ctx: FlowContext, args: list[str]) -> None:
    await _record(ctx, None)


async def _reopen(ctx: FlowContext, args: list[str]) -> None:
    item_id = _item_id(args)
    await plan_actions.reopen(ctx.session, ctx.actor, item_id, ctx.now)
    await show_card(ctx, item_id, edit=True)


async def _cancel(ctx: FlowContext, args: list[str]) -> None:
    if ctx.dialog.flow == FLOW:
        ctx.dialog.clear()
    ctx.edit(t("pa.cancelled"))


async def _attendance(ctx: FlowContext, args: list[str]) -> None:
    item, broadcast, rows = await plan_actions.attendance(ctx.session, ctx.actor, _item_id(args), ctx.now)
    content = attendance_workbook.attendance_xlsx(item, broadcast, rows, ctx.config.tz)
    name = f"tham-du-{item.ref.replace('.', '-')}.xlsx"
    ctx.send_document(
        OutgoingDocument(name, content=content), t("pa.attendance_caption", ref=item.ref, task=shorten(item.task, 200))
    )


async def _file(ctx: FlowContext, args: list[str]) -> None:
    item, action = await plan_actions.item_file(ctx.session, ctx.actor, _item_id(args), ctx.now)
    if ctx.files is None or action.file_sha256 is None or action.file_name is None:
        raise RuntimeError("the file store is not configured")
    content = await ctx.files.read(action.file_sha256)
    ctx.send_document(OutgoingDocument(action.file_name, content=content), t("pa.file_caption", ref=item.ref))


on_button = action_table(
    {
        "h": _home,
        "i": _item,
        "bc": _compose,
        "tk": _take,
        "gv": _give,
        "as": _assign,
        "ok": _done,
        "no": _not_done,
        "nn": _no_note,
        "ro": _reopen,
        "x": _cancel,
        "xl": _attendance,
        "fl": _file,
    }
)


def register(routes: Routes) -> None:
    routes.command("viecvanphong", viecvanphong, shown_to=ADMINS, description_key="cmd.viecvanphong")
    routes.callback(PREFIX, on_button)
    routes.step(FLOW, "note", on_note, accepts_files=True)
