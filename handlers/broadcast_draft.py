"""What /thongbao's steps share: the dialog's data, the preview of the draft, small helpers."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from core.catalog import Ref, label, t
from core.messages import Choice
from handlers import broadcast_views
from handlers.context import FlowContext
from handlers.routes import callback_data
from services import broadcasts
from services.broadcast_audience import Audience, AudienceKind
from services.broadcasts import Attachment, Draft
from services.errors import Refusal
from storage.models import ReplyKind

FLOW = "broadcast"
P = broadcast_views.PREFIX
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def button(key: str, *args: object, **values: object) -> Choice:
    return Choice(label(key, **values), callback_data(P, *args))


def cancel_row() -> tuple[Choice, ...]:
    return (button("bc.cancel_button", "x"),)


def composing(ctx: FlowContext) -> dict[str, Any]:
    """The dialog's data, re-checking the caller's rights: buttons of an old dialog do nothing."""
    broadcasts.ensure_can_broadcast(ctx.actor)
    if ctx.dialog.flow != FLOW:
        raise Refusal("common.session_expired")
    return ctx.dialog.data


def text_of(data: dict[str, Any]) -> str:
    text = data.get("text")
    if not isinstance(text, str) or not text:
        raise Refusal("bc.empty")
    return text


def reply_of(ctx: FlowContext) -> ReplyKind:
    value = str(ctx.dialog.data.get("reply"))
    return ReplyKind(value) if value in ReplyKind._value2member_map_ else ReplyKind.NONE


def chosen_units(ctx: FlowContext) -> list[int]:
    return [int(i) for i in ctx.dialog.data.get("units") or [] if isinstance(i, int)]


def file_name(attachment: Attachment | None) -> str | Ref:
    if attachment is None or attachment.kind == "photo" or not attachment.name:
        return Ref("bc.photo_name") if attachment and attachment.kind == "photo" else "—"
    return attachment.name


async def drop_previous_draft(ctx: FlowContext) -> None:
    """A re-preview or a new start replaces the dialog's earlier draft; one already sent stays as it is."""
    draft_id = ctx.dialog.data.get("draft") if ctx.dialog.flow == FLOW else None
    if isinstance(draft_id, int):
        with contextlib.suppress(Refusal):
            await broadcasts.drop_draft(ctx.session, ctx.actor, draft_id, ctx.now)


async def preview(ctx: FlowContext, audience: Audience) -> None:
    """Write the draft and its recipients, then show the notice exactly as they will get it."""
    data = composing(ctx)
    await drop_previous_draft(ctx)
    item = data.get("plan_item")
    meeting = data.get("meeting_at")
    draft = Draft(
        text_of(data),
        reply_of(ctx),
        Attachment.from_json(data.get("file")),
        audience,
        plan_item_id=item if isinstance(item, int) else None,
        meeting_at=datetime.fromisoformat(meeting).astimezone(ctx.config.tz) if isinstance(meeting, str) else None,
        meeting_place=str(data["place"]) if data.get("place") else None,
    )
    broadcast, resolution = await broadcasts.create_draft(ctx.session, ctx.actor, draft, ctx.now, ctx.today)
    ctx.dialog.go(FLOW, "preview", draft=broadcast.id)
    ctx.edit(t("bc.preview_header"))
    ctx.replies.append(
        broadcast_views.notice(
            broadcast.body_html,
            broadcast.reply_kind,
            broadcast.attachment_kind,
            broadcast.attachment_ref,
            broadcast.attachment_name,
            recipient_id=None,
        )
    )
    note = t("bc.html_note") if broadcasts.looks_like_html(broadcast.text) else ""
    reply = Ref(f"bc.reply.{broadcast.reply_kind.value}")
    if audience.kind == AudienceKind.ADMINS:
        summary = t(
            "bc.preview_summary_accounts", accounts=broadcast.total, audience=resolution.label, reply=reply, note=note
        )
    else:
        names = ", ".join(unit.name for unit in resolution.unreached)
        unreached = t("bc.unreached", count=len(resolution.unreached), names=names) if resolution.unreached else ""
        summary = t(
            "bc.preview_summary",
            accounts=broadcast.total,
            units=resolution.unit_count,
            audience=resolution.label,
            reply=reply,
            unreached=unreached,
            note=note,
        )
    ctx.say(
        summary,
        (
            (button("bc.confirm_button", "go", broadcast.id),),
            (button("bc.edit_button", "ed", broadcast.id), button("bc.cancel_button", "x", broadcast.id)),
        ),
    )
