"""Editing one item of a draft plan: deadline (typed in Vietnamese, shown back), text, lead, owing
groups, kind. Each save names the draft's version the admin saw (services/plan_drafts.edit_item)."""

from __future__ import annotations

from datetime import date

from core.catalog import Ref, label, shorten, t
from core.messages import Choice
from core.text import Label, RichText
from handlers.context import FlowContext, Keyboard
from handlers.plan_texts import FLOW, PREFIX, due_text, int_args, item_ref, lead_name, owing_text
from handlers.routes import Routes, callback_data
from services import plan_drafts, plan_preview
from services.access import ensure_admin
from services.deadline_parser import DeadlineParseError, parse_deadline
from services.errors import Refusal
from services.plan_drafts import EDITABLE_KINDS, LEADS, ItemEdit
from services.unit_selectors import GROUP_KINDS

SUBMITTER_GROUPS = tuple(GROUP_KINDS)  # the groups a draft's owing units are chosen from


async def _item_card(
    ctx: FlowContext, year: int, item_id: int, *, notice: RichText | None = None, edit: bool = True
) -> None:
    plan = await plan_drafts.draft_of(ctx.session, year)
    ensure_admin(ctx.actor, "plan.preview", target_type="plan", target_id=year)
    item = await plan_drafts.draft_item(ctx.session, plan.id, item_id)
    view = await plan_preview.quarter(ctx.session, ctx.actor, year, item.quarter)
    owing = next((e.owing for e in view.items if e.item.id == item.id), [])
    text = t(
        "plans.item_card",
        ref=item_ref(item),
        year=year,
        task=shorten(item.task, 1500),
        kind=Ref(f"plans.kind.{item.kind}"),
        lead=lead_name(item.lead),
        due=due_text(ctx, item.due_on),
        owing=owing_text(owing),
    )
    v = plan.version
    fields = ("due", "task", "lead", "submitters", "kind")
    rows: Keyboard = (
        tuple(
            Choice(label(f"plans.field.{f}"), callback_data(PREFIX, "f", year, item.id, v, f[:3])) for f in fields[:3]
        ),
        tuple(
            Choice(label(f"plans.field.{f}"), callback_data(PREFIX, "f", year, item.id, v, f[:3])) for f in fields[3:]
        ),
        (Choice(label("plans.back_button"), callback_data(PREFIX, "p", year, item.quarter, 1)),),
    )
    body = RichText(f"{notice}\n\n{text}") if notice else text
    (ctx.edit if edit else ctx.say)(body, rows)


async def _item(ctx: FlowContext, args: list[str]) -> None:
    year, item_id = int_args(args, 2)
    ctx.dialog.clear()
    await _item_card(ctx, year, item_id)


async def _field(ctx: FlowContext, args: list[str]) -> None:
    year, item_id, version = int_args(args, 3)
    field = args[3] if len(args) > 3 else ""
    plan = await plan_drafts.draft_of(ctx.session, year)
    ensure_admin(ctx.actor, "plan.edit", target_type="plan", target_id=year)
    item = await plan_drafts.draft_item(ctx.session, plan.id, item_id)
    ref = item_ref(item)
    ctx.dialog.clear()
    if field == "due":
        ctx.dialog.go(FLOW, "due", year=year, item=item_id, version=version, ref=ref)
        ctx.say(t("plans.ask_due", ref=ref))
    elif field == "tas":
        ctx.dialog.go(FLOW, "task", year=year, item=item_id, version=version, ref=ref)
        ctx.say(t("plans.ask_task", ref=ref))
    elif field == "lea":
        rows = [Choice(Label(lead_name(c)), callback_data(PREFIX, "ld", year, item_id, version, c)) for c in LEADS]
        ctx.edit(t("plans.choose_lead", ref=ref), tuple((b,) for b in rows))
    elif field == "kin":
        rows = [
            Choice(label(f"plans.kind.{k}"), callback_data(PREFIX, "kd", year, item_id, version, k))
            for k in EDITABLE_KINDS
        ]
        ctx.edit(t("plans.choose_kind", ref=ref), tuple((b,) for b in rows))
    elif field == "sub":
        chosen = [s for s in item.submitters if s in SUBMITTER_GROUPS]
        ctx.dialog.go(
            FLOW,
            "submitters",
            year=year,
            item=item_id,
            version=version,
            ref=ref,
            chosen=chosen,
            others=[s for s in item.submitters if s not in SUBMITTER_GROUPS],
        )
        _submitter_buttons(ctx, year, item_id, ref, chosen)
    else:
        raise Refusal("common.stale_button")


def _submitter_buttons(ctx: FlowContext, year: int, item_id: int, ref: str, chosen: list[str]) -> None:
    rows = [
        (
            Choice(
                Label(("✅ " if code in chosen else "▫️ ") + lead_name(code)),
                callback_data(PREFIX, "st", year, item_id, code),
            ),
        )
        for code in SUBMITTER_GROUPS
    ]
    rows.append((Choice(label("plans.done_button"), callback_data(PREFIX, "sd", year, item_id)),))
    ctx.edit(t("plans.choose_submitters", ref=ref), tuple(rows))


async def _save(ctx: FlowContext, year: int, item_id: int, version: int, change: ItemEdit, *, edit: bool) -> None:
    _plan, item = await plan_drafts.edit_item(
        ctx.session, ctx.actor, year=year, version=version, item_id=item_id, change=change, now=ctx.now
    )
    ctx.dialog.clear()
    await _item_card(ctx, year, item.id, notice=t("plans.edited", ref=item_ref(item)), edit=edit)


async def _set_lead(ctx: FlowContext, args: list[str]) -> None:
    year, item_id, version = int_args(args, 3)
    await _save(ctx, year, item_id, version, ItemEdit(lead=args[3] if len(args) > 3 else ""), edit=True)


async def _set_kind(ctx: FlowContext, args: list[str]) -> None:
    year, item_id, version = int_args(args, 3)
    await _save(ctx, year, item_id, version, ItemEdit(kind=args[3] if len(args) > 3 else ""), edit=True)


def _dialog_on(ctx: FlowContext, step: str, year: int, item_id: int) -> dict[str, object]:
    data = ctx.dialog.data
    if ctx.dialog.flow != FLOW or ctx.dialog.step != step or data.get("year") != year or data.get("item") != item_id:
        raise Refusal("common.stale_button")  # the question this button answered is over
    return data


async def _toggle(ctx: FlowContext, args: list[str]) -> None:
    year, item_id = int_args(args, 2)
    code = args[2] if len(args) > 2 else ""
    data = _dialog_on(ctx, "submitters", year, item_id)
    if code not in SUBMITTER_GROUPS:
        raise Refusal("common.stale_button")
    chosen = [str(c) for c in data.get("chosen", [])]  # type: ignore[attr-defined]
    chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
    ctx.dialog.go(FLOW, "submitters", **{**data, "chosen": chosen})
    _submitter_buttons(ctx, year, item_id, str(data.get("ref", "")), chosen)


async def _submitters_done(ctx: FlowContext, args: list[str]) -> None:
    year, item_id = int_args(args, 2)
    data = _dialog_on(ctx, "submitters", year, item_id)
    chosen = [str(c) for c in data.get("chosen", [])]  # type: ignore[attr-defined]
    others = [str(c) for c in data.get("others", [])]  # type: ignore[attr-defined]
    selectors = tuple([c for c in SUBMITTER_GROUPS if c in chosen] + others)
    await _save(ctx, year, item_id, int(str(data.get("version", 0))), ItemEdit(submitters=selectors), edit=True)


async def due_step(ctx: FlowContext) -> None:
    data = ctx.dialog.data
    text = (ctx.incoming.text or "").strip()
    year = int(data.get("year", 0))
    try:
        deadline = parse_deadline(text, ctx.now.astimezone(ctx.config.tz))
    except DeadlineParseError:
        ctx.say(t("plans.due_unknown", text=text[:100], year=year))
        return
    day = deadline.astimezone(ctx.config.tz).date()
    if day.year < year:
        raise Refusal("plans.deadline_before_year", year=year)
    ctx.dialog.go(FLOW, "due_confirm", **{**data, "due": day.isoformat()})
    buttons = (
        (
            Choice(label("plans.yes_button"), callback_data(PREFIX, "dy", year, data.get("item", 0))),
            Choice(label("plans.retype_button"), callback_data(PREFIX, "dn", year, data.get("item", 0))),
        ),
    )
    ctx.say(t("plans.confirm_due", ref=data.get("ref", ""), due=ctx.date_only(day)), buttons)


async def _due_answer(ctx: FlowContext, args: list[str], *, accepted: bool) -> None:
    year, item_id = int_args(args, 2)
    data = _dialog_on(ctx, "due_confirm", year, item_id)
    if not accepted:
        ctx.dialog.go(FLOW, "due", **{k: v for k, v in data.items() if k != "due"})
        ctx.edit(t("plans.ask_due", ref=data.get("ref", "")))
        return
    day = date.fromisoformat(str(data["due"]))
    await _save(ctx, year, item_id, int(str(data.get("version", 0))), ItemEdit(due_on=day), edit=True)


async def _due_yes(ctx: FlowContext, args: list[str]) -> None:
    await _due_answer(ctx, args, accepted=True)


async def _due_no(ctx: FlowContext, args: list[str]) -> None:
    await _due_answer(ctx, args, accepted=False)


async def task_step(ctx: FlowContext) -> None:
    data = ctx.dialog.data
    text = ctx.incoming.text or ""
    await _save(
        ctx,
        int(data.get("year", 0)),
        int(data.get("item", 0)),
        int(data.get("version", 0)),
        ItemEdit(task=text),
        edit=False,
    )


async def buttons_expected(ctx: FlowContext) -> None:
    ctx.say(t("common.use_buttons"))


ACTIONS = {
    "i": _item,
    "f": _field,
    "ld": _set_lead,
    "kd": _set_kind,
    "st": _toggle,
    "sd": _submitters_done,
    "dy": _due_yes,
    "dn": _due_no,
}


def register_steps(routes: Routes) -> None:
    routes.step(FLOW, "due", due_step)
    routes.step(FLOW, "task", task_step)
    routes.step(FLOW, "due_confirm", buttons_expected)
    routes.step(FLOW, "submitters", buttons_expected)
