"""/kybaocao: the Office lists reporting rounds, creates one (name → owing units → deadline, confirmed)
and edits one (rename, new deadline, owing units, close or reopen). Changes go through services/rounds.py.
"""

from __future__ import annotations

from datetime import datetime

from core.catalog import label, t
from core.messages import Choice
from core.text import RichText
from handlers import round_card, round_units
from handlers.context import FlowContext
from handlers.round_card import FLOW, deadline_text, show_card, show_list
from handlers.routes import ADMINS, Routes, callback_data, int_arg
from services import round_admin, round_notices, rounds
from services.deadline_parser import DeadlineParseError, parse_deadline
from services.errors import Refusal
from storage.models import RoundStatus

LIST_ACTIONS = frozenset({"l", "r", "cl", "op"})


def begin(ctx: FlowContext, step: str, **data: object) -> None:
    """Start a sub-dialog afresh, so nothing from an abandoned one (a half-made selection) leaks in."""
    ctx.dialog.clear()
    ctx.dialog.go(FLOW, step, **data)


async def kybaocao(ctx: FlowContext) -> None:
    round_admin.authorize(ctx.actor)
    ctx.dialog.clear()  # the command starts over, whatever was half done
    await show_list(ctx)


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    round_admin.authorize(ctx.actor)
    action = args[0] if args else ""
    number = int_arg(args, 1)
    if action in LIST_ACTIONS and ctx.dialog.flow == FLOW:
        ctx.dialog.clear()  # a list or card action ends a step waiting for text (a name, a deadline)
    if action == "new":
        begin(ctx, "name", mode="new")
        ctx.say(t("rounds_admin.ask_name"))
    elif action in ("y", "n"):
        await _confirm(ctx, accepted=action == "y")
    elif number is None:
        raise Refusal("common.stale_button")
    elif action == "l":
        await show_list(ctx, number, edit=True)
    elif action == "r":
        await show_card(ctx, number)
    elif action == "ren":
        card = await round_admin.round_card(ctx.session, ctx.actor, number)
        begin(ctx, "rename", mode="edit", round_id=card.round.id, name=card.round.name)
        ctx.say(t("rounds_admin.ask_rename", name=card.round.name))
    elif action == "dl":
        card = await round_admin.round_card(ctx.session, ctx.actor, number)
        begin(ctx, "deadline", mode="edit", round_id=card.round.id, name=card.round.name)
        round_card.ask_deadline(ctx, name=card.round.name, new=False)
    elif action == "un":
        card = await round_admin.round_card(ctx.session, ctx.actor, number)
        owing = await round_admin.owing_unit_ids(ctx.session, ctx.actor, number)
        await round_units.start(
            ctx, new=False, name=card.round.name, selected=owing, year=card.round.year, round_id=card.round.id
        )
    elif action in ("cl", "op"):
        status = RoundStatus.CLOSED if action == "cl" else RoundStatus.OPEN
        changed = await rounds.set_status(ctx.session, ctx.actor, number, status, ctx.now)
        key = "rounds_admin.closed" if status == RoundStatus.CLOSED else "rounds_admin.reopened"
        await show_card(ctx, changed.id, notice=t(key, name=changed.name))
    else:
        raise Refusal("common.stale_button")


async def name_step(ctx: FlowContext) -> None:
    name = rounds.check_name(ctx.incoming.text or "")
    year = await round_admin.working_year(ctx.session, ctx.today)
    await round_units.start(ctx, new=True, name=name, selected=set(), year=year)


async def rename_step(ctx: FlowContext) -> None:
    round_id = int(ctx.dialog.data.get("round_id", 0))
    renamed = await rounds.rename(ctx.session, ctx.actor, round_id, ctx.incoming.text or "", ctx.now)
    ctx.dialog.clear()
    await show_card(ctx, renamed.id, notice=t("rounds_admin.renamed", name=renamed.name), edit=False)


async def deadline_step(ctx: FlowContext) -> None:
    text = (ctx.incoming.text or "").strip()
    try:
        deadline = parse_deadline(text, ctx.now.astimezone(ctx.config.tz))
    except DeadlineParseError:
        ctx.say(t("rounds_admin.deadline_unknown", text=text[:100], examples=round_card.examples()))
        return
    rounds.check_deadline(deadline, ctx.now)  # refuse a past date now, not after the confirmation
    ctx.dialog.go(FLOW, "confirm", deadline=deadline.isoformat())
    ctx.say(
        t("rounds_admin.confirm_deadline", deadline=deadline_text(ctx, deadline)),
        (
            (
                Choice(label("rounds_admin.yes_button"), callback_data("kb", "y")),
                Choice(label("rounds_admin.retype_button"), callback_data("kb", "n")),
            ),
        ),
    )


async def _confirm(ctx: FlowContext, *, accepted: bool) -> None:
    data = ctx.dialog.data
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "confirm" or "deadline" not in data:
        raise Refusal("common.stale_button")  # the question this button answered is over
    name = str(data.get("name", ""))
    if not accepted:
        round_card.ask_deadline(ctx, name=name, new=data.get("mode") == "new", edit=True)
        return
    deadline = datetime.fromisoformat(str(data["deadline"]))
    if data.get("mode") == "new":
        units = {int(i) for i in data.get("selected", [])}
        created = await rounds.create(
            ctx.session, ctx.actor, name=name, deadline=deadline, unit_ids=units, now=ctx.now, tz=ctx.config.tz
        )
        ctx.dialog.clear()
        notice = t("rounds_admin.created", name=created.name, count=len(units), deadline=deadline_text(ctx, deadline))
        told = t("rounds_admin.unit_created", name=created.name, deadline=deadline_text(ctx, deadline))
        await _show_and_tell(ctx, created.id, notice, told)
        return
    changed = await rounds.set_deadline(ctx.session, ctx.actor, int(data.get("round_id", 0)), deadline, ctx.now)
    ctx.dialog.clear()
    notice = t("rounds_admin.deadline_set", name=changed.name, deadline=deadline_text(ctx, deadline))
    told = t("rounds_admin.unit_deadline", name=changed.name, deadline=deadline_text(ctx, deadline))
    await _show_and_tell(ctx, changed.id, notice, told)


async def _show_and_tell(ctx: FlowContext, round_id: int, notice: RichText, told: RichText) -> None:
    """The card for the admin first, then the owing units' accounts are told (after the commit, like the
    Office's notices of a submission): a round owed by many units must not hold up the admin's answer."""
    chats = await round_notices.owing_unit_chats(ctx.session, ctx.actor, round_id)
    await show_card(ctx, round_id, notice=RichText.lines(notice, t("rounds_admin.units_told", n=len(chats))))
    for chat_id in chats:
        ctx.send_to(chat_id, told)


def register(routes: Routes) -> None:
    routes.command("kybaocao", kybaocao, shown_to=ADMINS, description_key="cmd.kybaocao")
    routes.callback("kb", on_button)
    routes.step(FLOW, "name", name_step)
    routes.step(FLOW, "rename", rename_step)
    routes.step(FLOW, "deadline", deadline_step)
    routes.choices_only(FLOW, "confirm")
