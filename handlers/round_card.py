"""/kybaocao screens shared by its modules: the list of rounds, one round's card, the deadline prompt."""

from __future__ import annotations

from datetime import datetime

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import EMPTY, RichText
from handlers.context import FlowContext, Keyboard
from handlers.round_labels import round_choices
from handlers.routes import callback_data
from services import round_admin
from services.deadline_parser import EXAMPLES, format_deadline
from storage.models import RoundStatus

FLOW = "rounds_admin"
ROUNDS_PER_PAGE = 8


def deadline_text(ctx: FlowContext, value: datetime) -> str:
    """'17:00 thứ Sáu, 12/07/2024' in the configured zone."""
    return format_deadline(value.astimezone(ctx.config.tz))


def examples() -> str:
    return ", ".join(f"«{example}»" for example in EXAMPLES)


async def show_list(ctx: FlowContext, page: int = 1, *, edit: bool = False) -> None:
    lines = await round_admin.rounds_overview(ctx.session, ctx.actor)
    new = (Choice(label("rounds_admin.new_button"), callback_data("kb", "new")),)
    if not lines:
        (ctx.edit if edit else ctx.say)(t("rounds_admin.list_empty"), (new,))
        return
    pages = (len(lines) + ROUNDS_PER_PAGE - 1) // ROUNDS_PER_PAGE
    page = min(max(page, 1), pages)
    rows: list[tuple[Choice, ...]] = []
    shown = lines[(page - 1) * ROUNDS_PER_PAGE : page * ROUNDS_PER_PAGE]
    texts = [
        (
            "rounds_admin.line_open" if line.round.status == RoundStatus.OPEN else "rounds_admin.line_closed",
            {"done": line.progress.submitted, "total": line.progress.total},
        )
        for line in shown
    ]
    names = round_choices([line.round for line in shown], ctx.config.tz, texts)
    rows.extend(
        (Choice(name, callback_data("kb", "r", line.round.id)),) for line, name in zip(shown, names, strict=True)
    )
    nav: list[Choice] = []
    if page > 1:
        nav.append(Choice(label("rounds_admin.prev_button"), callback_data("kb", "l", page - 1)))
    if page < pages:
        nav.append(Choice(label("rounds_admin.next_button"), callback_data("kb", "l", page + 1)))
    if nav:
        rows.append(tuple(nav))
    rows.append(new)
    open_count = sum(line.round.status == RoundStatus.OPEN for line in lines)
    text = t("rounds_admin.list_header", open=open_count, closed=len(lines) - open_count, page=page, pages=pages)
    (ctx.edit if edit else ctx.say)(text, tuple(rows))


async def show_card(ctx: FlowContext, round_id: int, *, notice: RichText | None = None, edit: bool = True) -> None:
    card = await round_admin.round_card(ctx.session, ctx.actor, round_id)
    r, progress = card.round, card.progress
    text = t(
        "rounds_admin.card",
        name=r.name,
        ref=t("rounds_admin.card_ref", ref=card.plan_ref) if card.plan_ref else "",
        kind=Ref(f"rounds_admin.kind.{r.kind.value}"),
        status=Ref(f"rounds_admin.status.{r.status.value}"),
        deadline=deadline_text(ctx, r.deadline),
        total=progress.total,
        submitted=progress.submitted,
        late=progress.late,
        missing=progress.missing,
        returned=progress.returned,
    )
    if notice is not None:
        text = RichText.join([notice, EMPTY, text])
    (ctx.edit if edit else ctx.say)(text, card_buttons(r.id, r.status))


def card_buttons(round_id: int, status: RoundStatus) -> Keyboard:
    toggle = (
        Choice(label("rounds_admin.close_button"), callback_data("kb", "cl", round_id))
        if status == RoundStatus.OPEN
        else Choice(label("rounds_admin.reopen_button"), callback_data("kb", "op", round_id))
    )
    return (
        (
            Choice(label("rounds_admin.rename_button"), callback_data("kb", "ren", round_id)),
            Choice(label("rounds_admin.deadline_button"), callback_data("kb", "dl", round_id)),
        ),
        (Choice(label("rounds_admin.units_button"), callback_data("kb", "un", round_id)),),
        (toggle,),
        (Choice(label("rounds_admin.list_button"), callback_data("kb", "l", 1)),),
    )


def ask_deadline(ctx: FlowContext, *, name: str, new: bool, edit: bool = False) -> None:
    """Move to the deadline step (the dialog already holds mode, name and units)."""
    ctx.dialog.go(FLOW, "deadline")
    text = t(
        "rounds_admin.ask_deadline",
        step=Ref("rounds_admin.step_deadline") if new else "",
        name=name,
        examples=examples(),
    )
    (ctx.edit if edit else ctx.say)(text)
