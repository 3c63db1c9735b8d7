"""One incoming message → one transaction → replies. The only place a flow's transaction is opened."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from core import log_context
from core.catalog import t
from core.clock import Clock
from core.messages import Choice, Incoming, Reply
from core.text import Label
from handlers import choices, questions
from handlers.context import DialogState, FlowConfig, FlowContext
from handlers.menu import render_help
from handlers.routes import Routes, parse_callback
from services import audit
from services.actors import SavedDialog, identify, identify_with_dialog
from services.delivery import Sending
from services.errors import Refusal
from services.uploads import DownloadFailed, StoredUpload, UploadIntake
from storage.db import Database
from storage.files import FileStore
from storage.models import Dialog
from storage.repos import dialogs as dialog_repo
from storage.repos import identities as identity_repo
from storage.repos import ops

log = logging.getLogger(__name__)
Later = Callable[[], Awaitable[list[Reply]]]

# Longest text accepted at all: Telegram caps a message at 4,096 characters, so anything longer is
# not from a real client. Flows set tighter limits of their own (a name, a reason, a note).
MAX_INPUT_CHARS = 4096
LONG_TEXT_CEILING = 4 * MAX_INPUT_CHARS  # a step that names its own limit still gets no megabyte


@dataclass
class Dispatcher:
    db: Database
    routes: Routes
    clock: Clock
    config: FlowConfig
    uploads: UploadIntake | None = None
    files: FileStore | None = None
    outbound: Sending | None = None  # for the work steps leave for after their commit

    async def handle(self, incoming: Incoming, later: list[Later] | None = None) -> list[Reply]:
        """The replies to send; work a step left for after its commit is added to ``later``."""
        if not incoming.is_private:
            return await self._group_chat(incoming)
        try:
            upload, prepared = await self._take_upload(incoming)
            async with self.db.transaction() as session:
                now = self.clock.now()
                if incoming.event_id is not None and not await ops.first_seen(
                    session, incoming.platform, incoming.event_id, now
                ):
                    log.info("event %s of %s delivered again: already handled", incoming.event_id, incoming.platform)
                    return []
                actor, saved = await identify_with_dialog(
                    session,
                    platform=incoming.platform,
                    user_id=incoming.user_id,
                    chat_id=incoming.chat_id,
                    display_name=incoming.display_name,
                    now=now,
                )
                row: Dialog | SavedDialog | None = saved
                # Several processes (or two channels of one person): one update of a dialog at a time;
                # under the lock the dialog is read again, as the one before us committed it.
                if await dialog_repo.lock_chat(session, actor.account_id):
                    row = await dialog_repo.load(session, actor.account_id)
                dialog = _live_dialog(row, now)
                log_context.bind(flow=dialog.flow, step=dialog.step)  # for the JSON log lines
                ctx = FlowContext(
                    session, actor, incoming, now, self.config, dialog, self.routes, upload=upload, files=self.files
                )
                ctx.prepared = prepared
                await self._route(ctx)
                ctx.replies, prompt = choices.number_replies(ctx.replies)
                if prompt is not None:
                    dialog.prompt, dialog.changed = prompt, True
                elif choices.shown_without_choices(ctx.replies) and choices.typed_resolves(dialog.prompt):
                    # The last message now shows no choices: a number typed no longer means one
                    # (an old button of Telegram still works; a round named "2" stays a name).
                    dialog.prompt, dialog.changed = choices.press_only(dialog.prompt), True
                if dialog.changed:
                    await self._save_dialog(ctx)
        except Refusal as refusal:
            if refusal.denied is not None:
                await self._audit_denial(incoming, refusal)
            return [Reply(text=t(refusal.key, **refusal.values))]
        self._follow(ctx, later)  # committed: the work may start
        return ctx.replies

    def _follow(self, ctx: FlowContext, later: list[Later] | None) -> None:
        if not ctx.followups:
            return
        if self.outbound is None or later is None:  # claimed work is closed by the next reminder sweep
            log.error("work left by %s cannot run here: no sender", ctx.dialog.flow or "a step")
            return
        later.extend(partial(work, self.outbound) for work in ctx.followups)

    async def _take_upload(self, incoming: Incoming) -> tuple[StoredUpload | None, object]:
        """Download a sent file first, outside the transaction, if the chat is at a step that takes files;
        and read it there too when the step has a preparer (a workbook is parsed holding no connection)."""
        if incoming.file is None or self.uploads is None:
            return None, None
        async with self.db.transaction() as session:
            row = await dialog_repo.load_of(session, incoming.platform, incoming.user_id)
            step = _live_dialog(row, self.clock.now())
        key = (step.flow or "", step.step or "")
        if key not in self.routes.file_steps:
            return None, None
        try:
            upload = await self.uploads.take(incoming.file)
        except DownloadFailed as exc:
            log.warning("download of a file from chat %s failed: %s", incoming.chat_id, exc)
            raise Refusal("files.download_failed") from exc
        prepare = self.routes.preparers.get(key)
        if prepare is None or self.files is None:
            return upload, None
        content = await self.files.read(upload.sha256)
        return upload, await prepare(upload, content, self.clock.now().astimezone(self.config.tz).date())

    async def _route(self, ctx: FlowContext) -> None:
        incoming = ctx.incoming
        if incoming.text is not None and len(incoming.text) > MAX_INPUT_CHARS:
            at = (ctx.dialog.flow or "", ctx.dialog.step or "")
            if at not in self.routes.long_text_steps or len(incoming.text) > LONG_TEXT_CEILING:
                raise Refusal("common.too_long", limit=MAX_INPUT_CHARS)
        if incoming.command is not None:
            spec = self.routes.commands.get(incoming.command)
            if spec is None:
                ctx.say(t("common.unknown_command", text=f"/{incoming.command}"))
                render_help(ctx)
                return
            await spec.fn(ctx)
        elif incoming.callback_data is not None:
            pressed = choices.resolve_press(ctx.dialog.prompt, incoming.callback_data)
            if isinstance(pressed, choices.Picked):
                await self._picked(ctx, pressed.data)
            else:
                self._offer_again(ctx, "common.stale_choice")
        else:
            await self._typed(ctx)

    async def _typed(self, ctx: FlowContext) -> None:
        """Text or a file: a choice typed out, else the step's input, else a question (issue 15)."""
        at = (ctx.dialog.flow or "", ctx.dialog.step or "")
        text = ctx.incoming.text
        if text is not None and ctx.incoming.file is None:
            typed = choices.resolve_text(ctx.dialog.prompt, text, numbers_are_data=at in self.routes.number_steps)
            if isinstance(typed, choices.Picked):
                await self._picked(ctx, typed.data)
                return
            if choices.normalise(text) in _CANCEL_WORDS and "huy" in self.routes.commands:
                await self.routes.commands["huy"].fn(ctx)
                return
            if isinstance(typed, choices.NotInMenu) and (not ctx.dialog.active or at in self.routes.choice_steps):
                low, high = min(typed.numbers, default=0), max(typed.numbers, default=0)
                self._offer_again(ctx, "common.not_in_menu", low=low, high=high)
                return
        if not ctx.dialog.active:
            await questions.answer_free_text(ctx)
        elif at in self.routes.choice_steps:
            default = "common.use_buttons" if ctx.channel.inline_choices else "common.use_numbers"
            file_reprompt = self.routes.choice_steps[at] if ctx.incoming.file is not None else None
            self._offer_again(ctx, file_reprompt or default)
        elif (step := self.routes.steps.get(at)) is not None:
            await step(ctx)
        else:  # a step removed by an upgrade: start clean rather than guess
            ctx.dialog.clear()
            render_help(ctx)

    async def _picked(self, ctx: FlowContext, data: str) -> None:
        prefix, args = parse_callback(data)
        callback = self.routes.callbacks.get(prefix)
        if callback is None:
            raise Refusal("common.stale_button")
        await callback(ctx, args)

    @staticmethod
    def _offer_again(ctx: FlowContext, key: str, **values: object) -> None:
        """Say why nothing ran and show the chat's current choices again (they get a new prompt id)."""
        prompt = ctx.dialog.prompt
        rows = tuple((Choice(Label(label), data),) for _n, data, label in (prompt or {}).get("c", []))
        ctx.say(t(key if rows else "common.stale_button", **values), rows)

    async def _save_dialog(self, ctx: FlowContext) -> None:
        dialog = ctx.dialog
        if (dialog.flow is None or dialog.step is None) and dialog.prompt is None:
            await dialog_repo.clear(ctx.session, ctx.actor.account_id)
            return
        await dialog_repo.save(
            ctx.session,
            ctx.actor.account_id,
            identity_id=ctx.actor.identity_id,
            flow=dialog.flow,
            step=dialog.step,
            data=dialog.data,
            expires_at=ctx.now + self.config.dialog_ttl,
            now=ctx.now,
            prompt=dialog.prompt,
        )

    async def _group_chat(self, incoming: Incoming) -> list[Reply]:
        async with self.db.transaction() as session:
            first = await ops.first_notice(
                session, incoming.platform, incoming.chat_id, "private_only", self.clock.now()
            )
        return [Reply(text=t("common.private_only"))] if first else []

    async def _audit_denial(self, incoming: Incoming, refusal: Refusal) -> None:
        assert refusal.denied is not None
        async with self.db.transaction() as session:
            now = self.clock.now()
            actor = await identify(
                session,
                platform=incoming.platform,
                user_id=incoming.user_id,
                chat_id=incoming.chat_id,
                display_name=incoming.display_name,
                now=now,
            )
            await audit.record_denial(session, actor, refusal.denied, now)
        log.warning("%s: %s by account %s", refusal.denied.outcome, refusal.denied.action, actor.account_id)

    async def mark_unreachable(self, platform: str, chat_id: str) -> None:
        """The platform said the user blocked the bot: stop counting that channel as reachable."""
        async with self.db.transaction() as session:
            changed = await identity_repo.mark_unreachable(session, platform, chat_id, self.clock.now())
        if changed:
            log.info("%s chat %s blocked the bot; marked unreachable", platform, chat_id)


def _live_dialog(row: Dialog | SavedDialog | None, now: datetime) -> DialogState:
    """The saved dialog, unless it has expired (then the chat starts clean)."""
    if row is None or row.expires_at <= now:
        return DialogState()
    return DialogState(flow=row.flow, step=row.step, data=dict(row.data), prompt=row.prompt)


_CANCEL_WORDS = frozenset({"hủy", "huy", "huỷ", "hủy bỏ", "thôi"})
