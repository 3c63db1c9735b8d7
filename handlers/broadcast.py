"""/thongbao: the Office composes a notice, picks who gets it, previews it and confirms.

The sending itself runs in the background (``bot/broadcast_worker.py``); the recipients'
answer buttons and the history views live in ``handlers/broadcast_history.py``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from core.catalog import Ref, Safe, t
from core.messages import Button
from handlers import broadcast_history, broadcast_views
from handlers.context import FlowContext, Keyboard
from handlers.routes import ADMINS, Routes, callback_data, int_arg
from services import broadcast_audience, broadcasts
from services.broadcast_audience import Audience, AudienceKind
from services.broadcasts import Attachment, Draft
from services.errors import Refusal
from storage.models import ReplyKind, UnitKind

FLOW = "broadcast"
P = broadcast_views.PREFIX
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def _button(key: str, *args: object, **values: object) -> Button:
    return Button(t(key, **values), callback_data(P, *args))


def _cancel_row() -> tuple[Button, ...]:
    return (_button("bc.cancel_button", "x"),)


def home_keyboard() -> Keyboard:
    return ((_button("bc.new_button", "new"),), (_button("bc.history_button", "h"),))


async def thongbao(ctx: FlowContext) -> None:
    broadcasts.ensure_can_broadcast(ctx.actor)
    if ctx.dialog.flow == FLOW:
        await _drop_previous_draft(ctx)
        ctx.dialog.clear()
    ctx.say(t("bc.home"), home_keyboard())


# --- composing --------------------------------------------------------------------------------


async def _new(ctx: FlowContext, args: list[str]) -> None:
    broadcasts.ensure_can_broadcast(ctx.actor)
    ctx.dialog.go(FLOW, "text", text=None, file=None, units=[])
    ctx.edit(t("bc.ask_text", limit=broadcasts.text_limit(None)), (_cancel_row(),))


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
        drop = (_button("bc.drop_file_button", "drop"),)
        ctx.say(t("bc.got_file_need_text", name=_file_name(attachment)), (drop, _cancel_row()))
        return
    broadcasts.check_fits_every_reply(text, attachment)
    ctx.dialog.go(FLOW, "options", text=text, file=attachment.to_json() if attachment else None)
    _show_options(ctx, text, attachment, edit=False)


def _show_options(ctx: FlowContext, text: str, attachment: Attachment | None, *, edit: bool) -> None:
    line = t("bc.attachment_line", name=_file_name(attachment)) if attachment else ""
    rows: list[tuple[Button, ...]] = [(_button("bc.continue_button", "next"),)]
    if attachment:
        rows.append((_button("bc.drop_file_button", "drop"),))
    rows.append(_cancel_row())
    message = t("bc.got_text", length=len(text), attachment=Safe(line))
    (ctx.edit if edit else ctx.say)(message, tuple(rows))


async def _drop_file(ctx: FlowContext, args: list[str]) -> None:
    data = _composing(ctx)
    text = data.get("text")
    if not isinstance(text, str) or not text:
        ctx.dialog.go(FLOW, "text", file=None)
        ctx.edit(t("bc.ask_text", limit=broadcasts.text_limit(None)), (_cancel_row(),))
        return
    ctx.dialog.go(FLOW, "options", file=None)
    _show_options(ctx, text, None, edit=True)


async def _next(ctx: FlowContext, args: list[str]) -> None:
    _text(_composing(ctx))
    ctx.dialog.go(FLOW, "reply")
    rows = tuple((_button(f"bc.reply.{kind.value}", "rk", kind.value),) for kind in ReplyKind)
    ctx.edit(t("bc.ask_reply"), (*rows, _cancel_row()))


async def _reply_kind(ctx: FlowContext, args: list[str]) -> None:
    _composing(ctx)
    if not args or args[0] not in ReplyKind._value2member_map_:
        raise Refusal("common.stale_button")
    ctx.dialog.go(FLOW, "audience", reply=args[0])
    _audience_menu(ctx)


def _audience_menu(ctx: FlowContext) -> None:
    rows = (
        (_button("bc.aud.all_button", "au", AudienceKind.ALL.value),),
        (_button("bc.aud.kind_button", "au", AudienceKind.KIND.value),),
        (_button("bc.aud.cluster_button", "au", AudienceKind.CLUSTER.value),),
        (_button("bc.aud.units_button", "au", AudienceKind.UNITS.value),),
        (_button("bc.aud.admins_button", "au", AudienceKind.ADMINS.value),),
        (_button("common.back", "next"), *_cancel_row()),
    )
    ctx.edit(t("bc.ask_audience"), rows)


async def _audience(ctx: FlowContext, args: list[str]) -> None:
    _composing(ctx)
    choice = args[0] if args else ""
    if choice in (AudienceKind.ALL, AudienceKind.ADMINS):
        await _preview(ctx, Audience(AudienceKind(choice)))
    elif choice == AudienceKind.KIND:
        counts = await broadcast_audience.units_by_kind(ctx.session, ctx.today)
        rows = tuple(
            (_button("units.kind_button", "ak", kind.value, kind=Ref(f"kind.{kind.value}"), count=len(counts[kind])),)
            for kind in UnitKind
            if counts.get(kind)
        )
        ctx.edit(t("bc.pick_kind"), (*rows, (_button("common.back", "rk", _reply(ctx).value),)))
    elif choice == AudienceKind.CLUSTER:
        clusters = await broadcast_audience.clusters(ctx.session, ctx.today)
        back = (_button("common.back", "rk", _reply(ctx).value),)
        if not clusters:
            ctx.edit(t("bc.no_clusters"), (back,))
            return
        rows = tuple((Button(cluster.name, callback_data(P, "ac", cluster.id)),) for cluster in clusters)
        ctx.edit(t("bc.pick_cluster"), (*rows, back))
    elif choice == AudienceKind.UNITS:
        await _units_home(ctx)
    else:
        raise Refusal("common.stale_button")


async def _of_kind(ctx: FlowContext, args: list[str]) -> None:
    _composing(ctx)
    await _preview(ctx, Audience(AudienceKind.KIND, args[0] if args else None))


async def _of_cluster(ctx: FlowContext, args: list[str]) -> None:
    _composing(ctx)
    await _preview(ctx, Audience(AudienceKind.CLUSTER, args[0] if args else None))


async def _units_home(ctx: FlowContext) -> None:
    chosen = set(_chosen(ctx))
    grouped = await broadcast_audience.units_by_kind(ctx.session, ctx.today)
    rows = tuple(
        (
            _button(
                "units.kind_button",
                "uk",
                kind.value,
                kind=Ref(f"kind.{kind.value}"),
                count=f"{len(chosen & {u.id for u in grouped[kind]})}/{len(grouped[kind])}",
            ),
        )
        for kind in UnitKind
        if grouped.get(kind)
    )
    done = _button("bc.units_done_button", "ud", count=len(chosen))
    ctx.edit(
        t("bc.pick_units", count=len(chosen)), (*rows, (done,), (_button("common.back", "rk", _reply(ctx).value),))
    )


async def _units_of_kind(ctx: FlowContext, kind_value: str) -> None:
    if kind_value not in UnitKind._value2member_map_:
        raise Refusal("common.stale_button")
    kind = UnitKind(kind_value)
    chosen = set(_chosen(ctx))
    units = (await broadcast_audience.units_by_kind(ctx.session, ctx.today)).get(kind, [])
    rows = tuple(
        (_button("bc.unit_on" if unit.id in chosen else "bc.unit_off", "tu", unit.id, name=unit.name),)
        for unit in units
    )
    done = _button("bc.units_done_button", "ud", count=len(chosen))
    back = _button("common.back", "au", AudienceKind.UNITS.value)
    ctx.edit(t("bc.pick_units_kind", kind=Ref(f"kind.{kind.value}"), count=len(chosen)), (*rows, (back, done)))


async def _pick_kind(ctx: FlowContext, args: list[str]) -> None:
    _composing(ctx)
    await _units_of_kind(ctx, args[0] if args else "")


async def _toggle_unit(ctx: FlowContext, args: list[str]) -> None:
    _composing(ctx)
    unit_id = int_arg(args, 0)
    unit = await broadcast_audience.selectable_unit(ctx.session, unit_id or 0, ctx.today)
    chosen = _chosen(ctx)
    chosen = [i for i in chosen if i != unit.id] if unit.id in chosen else [*chosen, unit.id]
    ctx.dialog.go(FLOW, "audience", units=chosen)
    await _units_of_kind(ctx, unit.kind.value)


async def _units_done(ctx: FlowContext, args: list[str]) -> None:
    _composing(ctx)
    await _preview(ctx, Audience(AudienceKind.UNITS, unit_ids=tuple(_chosen(ctx))))


# --- preview and confirmation -----------------------------------------------------------------


async def _preview(ctx: FlowContext, audience: Audience) -> None:
    data = _composing(ctx)
    await _drop_previous_draft(ctx)
    draft = Draft(_text(data), _reply(ctx), Attachment.from_json(data.get("file")), audience)
    broadcast, resolution = await broadcasts.create_draft(ctx.session, ctx.actor, draft, ctx.now, ctx.today)
    ctx.dialog.go(FLOW, "preview", draft=broadcast.id)
    ctx.edit(t("bc.preview_header"))
    ctx.replies.append(
        broadcast_views.notice(
            broadcast.body_html,
            broadcast.reply_kind,
            broadcast.attachment_kind,
            broadcast.attachment_file_id,
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
        unreached = (
            t(
                "bc.unreached",
                count=len(resolution.unreached),
                names=", ".join(unit.name for unit in resolution.unreached),
            )
            if resolution.unreached
            else ""
        )
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
            (_button("bc.confirm_button", "go", broadcast.id),),
            (_button("bc.edit_button", "ed", broadcast.id), _button("bc.cancel_button", "x", broadcast.id)),
        ),
    )


async def _confirm(ctx: FlowContext, args: list[str]) -> None:
    broadcast_id = int_arg(args, 0)
    if broadcast_id is None:
        raise Refusal("common.stale_button")
    broadcast = await broadcasts.confirm(ctx.session, ctx.actor, broadcast_id, ctx.incoming.chat_id, ctx.now)
    if ctx.dialog.flow == FLOW and ctx.dialog.data.get("draft") == broadcast_id:
        ctx.dialog.clear()
    ctx.edit(t("bc.confirmed", id=broadcast.id, accounts=broadcast.total))


async def _edit(ctx: FlowContext, args: list[str]) -> None:
    broadcast_id = int_arg(args, 0)
    if broadcast_id is None:
        raise Refusal("common.stale_button")
    await broadcasts.drop_draft(ctx.session, ctx.actor, broadcast_id, ctx.now)
    data = _composing(ctx)
    ctx.dialog.go(FLOW, "options", draft=None)
    _show_options(ctx, _text(data), Attachment.from_json(data.get("file")), edit=True)


async def _cancel(ctx: FlowContext, args: list[str]) -> None:
    broadcast_id = int_arg(args, 0)
    if broadcast_id is not None:
        await broadcasts.drop_draft(ctx.session, ctx.actor, broadcast_id, ctx.now)
    elif ctx.dialog.flow == FLOW:
        await _drop_previous_draft(ctx)
    if ctx.dialog.flow == FLOW:
        ctx.dialog.clear()
    ctx.edit(t("bc.cancelled"))


async def _preview_button(ctx: FlowContext, args: list[str]) -> None:
    ctx.say(t("bc.preview_only"))


async def _home(ctx: FlowContext, args: list[str]) -> None:
    broadcasts.ensure_can_broadcast(ctx.actor)
    ctx.edit(t("bc.home"), home_keyboard())


# --- helpers ----------------------------------------------------------------------------------


def _composing(ctx: FlowContext) -> dict[str, Any]:
    """The dialog's data, re-checking the caller's rights: buttons of an old dialog do nothing."""
    broadcasts.ensure_can_broadcast(ctx.actor)
    if ctx.dialog.flow != FLOW:
        raise Refusal("common.session_expired")
    return ctx.dialog.data


def _text(data: dict[str, Any]) -> str:
    text = data.get("text")
    if not isinstance(text, str) or not text:
        raise Refusal("bc.empty")
    return text


def _reply(ctx: FlowContext) -> ReplyKind:
    value = str(ctx.dialog.data.get("reply"))
    return ReplyKind(value) if value in ReplyKind._value2member_map_ else ReplyKind.NONE


def _chosen(ctx: FlowContext) -> list[int]:
    return [int(i) for i in ctx.dialog.data.get("units") or [] if isinstance(i, int)]


def _file_name(attachment: Attachment | None) -> str | Ref:
    if attachment is None or attachment.kind == "photo" or not attachment.name:
        return Ref("bc.photo_name") if attachment and attachment.kind == "photo" else "—"
    return attachment.name


async def _drop_previous_draft(ctx: FlowContext) -> None:
    """A re-preview or a new start replaces the dialog's earlier draft; one already sent stays as it is."""
    draft_id = ctx.dialog.data.get("draft") if ctx.dialog.flow == FLOW else None
    if isinstance(draft_id, int):
        with contextlib.suppress(Refusal):
            await broadcasts.drop_draft(ctx.session, ctx.actor, draft_id, ctx.now)


async def use_buttons(ctx: FlowContext) -> None:
    ctx.say(t("common.use_buttons"))


ACTIONS: dict[str, Action] = {
    "home": _home,
    "new": _new,
    "drop": _drop_file,
    "next": _next,
    "rk": _reply_kind,
    "au": _audience,
    "ak": _of_kind,
    "ac": _of_cluster,
    "uk": _pick_kind,
    "tu": _toggle_unit,
    "ud": _units_done,
    "go": _confirm,
    "ed": _edit,
    "x": _cancel,
    "pv": _preview_button,
    **broadcast_history.ACTIONS,
}


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = ACTIONS.get(args[0] if args else "")
    if action is None:
        raise Refusal("common.stale_button")
    await action(ctx, args[1:])


def register(routes: Routes) -> None:
    routes.command("thongbao", thongbao, shown_to=ADMINS, description_key="cmd.thongbao")
    routes.callback(P, on_button)
    for step in ("text", "options"):
        routes.step(FLOW, step, on_input)
    for step in ("reply", "audience", "preview"):
        routes.step(FLOW, step, use_buttons)
