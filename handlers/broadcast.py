"""/thongbao: the Office composes a notice, picks who gets it, previews it and confirms.

Choosing who gets it is ``broadcast_recipients.py``, the draft and its preview ``broadcast_draft.py``;
the recipients' answer buttons and the history views are ``broadcast_history.py``. The sending runs
in the background (``bot/broadcast_worker.py``).
"""

from __future__ import annotations

from core.catalog import t
from core.messages import Choice
from handlers import broadcast_history, broadcast_meeting, broadcast_recipients
from handlers.broadcast_draft import (
    FLOW,
    Action,
    P,
    button,
    cancel_row,
    composing,
    drop_previous_draft,
    file_name,
    text_of,
)
from handlers.context import FlowContext, Keyboard
from handlers.routes import ADMINS, Routes, action_table, int_arg
from services import broadcasts
from services.broadcasts import Attachment
from services.errors import Refusal
from storage.models import ReplyKind


def home_keyboard() -> Keyboard:
    return ((button("bc.new_button", "new"),), (button("bc.history_button", "h"),))


async def thongbao(ctx: FlowContext) -> None:
    broadcasts.ensure_can_broadcast(ctx.actor)
    if ctx.dialog.flow == FLOW:
        await drop_previous_draft(ctx)
        ctx.dialog.clear()
    ctx.say(t("bc.home"), home_keyboard())


async def _home(ctx: FlowContext, args: list[str]) -> None:
    broadcasts.ensure_can_broadcast(ctx.actor)
    ctx.edit(t("bc.home"), home_keyboard())


async def _new(ctx: FlowContext, args: list[str]) -> None:
    broadcasts.ensure_can_broadcast(ctx.actor)
    ctx.dialog.go(FLOW, "text", text=None, file=None, units=[], plan_item=None)
    ctx.edit(t("bc.ask_text", limit=broadcasts.text_limit(None)), (cancel_row(),))


async def on_input(ctx: FlowContext) -> None:
    """Text (the notice) or a file/photo (its attachment, the caption being the text) while composing."""
    broadcasts.ensure_can_broadcast(ctx.actor)
    incoming, data = ctx.incoming, ctx.dialog.data
    text: str | None = data.get("text")
    attachment = Attachment.from_json(data.get("file"))
    if incoming.file is not None:
        file = incoming.file
        attachment = Attachment("photo" if file.kind == "photo" else "document", file.file_id, file.file_name)
        if incoming.text and incoming.text.strip():
            text = incoming.text.strip()
    else:
        text = broadcasts.clean_text(incoming.text)
    if text is None:
        assert attachment is not None
        ctx.dialog.go(FLOW, "text", file=attachment.to_json())
        drop = (button("bc.drop_file_button", "drop"),)
        ctx.say(t("bc.got_file_need_text", name=file_name(attachment)), (drop, cancel_row()))
        return
    broadcasts.check_fits_every_reply(text, attachment)
    ctx.dialog.go(FLOW, "options", text=text, file=attachment.to_json() if attachment else None)
    _show_options(ctx, text, attachment, edit=False)


def _show_options(ctx: FlowContext, text: str, attachment: Attachment | None, *, edit: bool) -> None:
    line = t("bc.attachment_line", name=file_name(attachment)) if attachment else ""
    rows: list[tuple[Choice, ...]] = [(button("bc.continue_button", "next"),)]
    if attachment:
        rows.append((button("bc.drop_file_button", "drop"),))
    rows.append(cancel_row())
    message = t("bc.got_text", length=len(text), attachment=line)
    (ctx.edit if edit else ctx.say)(message, tuple(rows))


async def _drop_file(ctx: FlowContext, args: list[str]) -> None:
    data = composing(ctx)
    text = data.get("text")
    if not isinstance(text, str) or not text:
        ctx.dialog.go(FLOW, "text", file=None)
        ctx.edit(t("bc.ask_text", limit=broadcasts.text_limit(None)), (cancel_row(),))
        return
    ctx.dialog.go(FLOW, "options", file=None)
    _show_options(ctx, text, None, edit=True)


async def _next(ctx: FlowContext, args: list[str]) -> None:
    text_of(composing(ctx))
    ctx.dialog.go(FLOW, "reply")
    rows = tuple((button(f"bc.reply.{kind.value}", "rk", kind.value),) for kind in ReplyKind)
    ctx.edit(t("bc.ask_reply"), (*rows, cancel_row()))


async def _reply_kind(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    if not args or args[0] not in ReplyKind._value2member_map_:
        raise Refusal("common.stale_button")
    ctx.dialog.go(FLOW, "audience", reply=args[0])
    if args[0] == ReplyKind.MEETING.value:
        broadcast_meeting.ask_when(ctx)  # an invitation says when and where
        return
    broadcast_recipients.audience_menu(ctx)


async def _confirm(ctx: FlowContext, args: list[str]) -> None:
    broadcast_id = int_arg(args, 0)
    if broadcast_id is None:
        raise Refusal("common.stale_button")
    # Only the preview the dialog is at can be confirmed: a button left from a dialog the admin
    # cancelled (/huy), replaced or let expire sends nothing.
    at_preview = ctx.dialog.flow == FLOW and ctx.dialog.step == "preview"
    if not at_preview or ctx.dialog.data.get("draft") != broadcast_id:
        await broadcasts.refuse_stale_confirm(ctx.session, ctx.actor, broadcast_id)
    broadcast = await broadcasts.confirm(ctx.session, ctx.actor, broadcast_id, ctx.actor.identity_id, ctx.now)
    ctx.dialog.clear()
    ctx.edit(t("bc.confirmed", id=broadcast.id, accounts=broadcast.total))


async def _edit(ctx: FlowContext, args: list[str]) -> None:
    broadcast_id = int_arg(args, 0)
    if broadcast_id is None:
        raise Refusal("common.stale_button")
    await broadcasts.drop_draft(ctx.session, ctx.actor, broadcast_id, ctx.now)
    data = composing(ctx)
    ctx.dialog.go(FLOW, "options", draft=None)
    _show_options(ctx, text_of(data), Attachment.from_json(data.get("file")), edit=True)


async def _cancel(ctx: FlowContext, args: list[str]) -> None:
    broadcast_id = int_arg(args, 0)
    if broadcast_id is not None:
        await broadcasts.drop_draft(ctx.session, ctx.actor, broadcast_id, ctx.now)
    elif ctx.dialog.flow == FLOW:
        await drop_previous_draft(ctx)
    if ctx.dialog.flow == FLOW:
        ctx.dialog.clear()
    ctx.edit(t("bc.cancelled"))


async def _preview_button(ctx: FlowContext, args: list[str]) -> None:
    ctx.say(t("bc.preview_only"))


ACTIONS: dict[str, Action] = {
    "home": _home,
    "new": _new,
    "drop": _drop_file,
    "next": _next,
    "rk": _reply_kind,
    "go": _confirm,
    "ed": _edit,
    "x": _cancel,
    "pv": _preview_button,
    **broadcast_recipients.ACTIONS,
    **broadcast_history.ACTIONS,
}


on_button = action_table(ACTIONS)


def register(routes: Routes) -> None:
    routes.command("thongbao", thongbao, shown_to=ADMINS, description_key="cmd.thongbao")
    routes.callback(P, on_button)
    routes.on_cancel(FLOW, drop_previous_draft)
    broadcast_meeting.register(routes)
    for step in ("text", "options"):
        routes.step(FLOW, step, on_input, long_text=True)  # the refusal names the notice's own limit
    routes.choices_only(FLOW, "reply", "audience", "preview")
