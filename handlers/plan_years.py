"""Lập kế hoạch năm sau (from /kehoach's admin row, or /start in December): next year's draft made from
this year's plan, previewed by quarter, edited item by item, then published; and "Kết thúc năm" for a
past year's rounds. Every rule is in services/plan_*.py, and every button is re-checked there.

Buttons that change the draft carry the version the admin saw: an edit or a publish made on a
preview another admin has since changed is refused, never applied to what was not seen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, time

from core.catalog import Ref, Safe, shorten, t
from core.messages import Button
from handlers.context import FlowContext, Keyboard
from handlers.plan_texts import report_lines, selector_name
from handlers.routes import Routes, callback_data, int_arg
from services import plan_closing, plan_drafts, plan_notice, plan_preview, plan_publish
from services.access import ensure_admin
from services.deadline_parser import DeadlineParseError, parse_deadline
from services.errors import Refusal
from services.plan_drafts import EDITABLE_KINDS, LEADS, ItemEdit
from services.plan_states import STATUS_KEYS
from services.reminder_policy import WorkCalendar
from services.unit_selectors import GROUP_KINDS
from storage.models import PlanItem, Unit

PREFIX = "ny"
FLOW = "plan_years"
PAGE_ITEMS = 4
TASK_CHARS = 300
NAMES_SHOWN = 3
QUARTERS = (1, 2, 3, 4)
SUBMITTER_GROUPS = tuple(GROUP_KINDS)  # the groups a draft's owing units are chosen from
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def menu_button() -> Button:
    """The admins' entry under /kehoach."""
    return Button(t("plans.menu_button"), callback_data(PREFIX, "m"))


def offer(year: int) -> tuple[Safe, Button]:
    """December's offer at /start: next year's plan."""
    return t("plans.start_offer", year=year), Button(
        t("plans.start_offer_button", year=year), callback_data(PREFIX, "m")
    )


def _calendar(ctx: FlowContext) -> WorkCalendar:
    if ctx.config.reminders is not None:
        return ctx.config.reminders.calendar
    return WorkCalendar(ctx.config.tz, time(7, 30), time(17, 0))


def _ref(item: PlanItem) -> str:
    return f"{('I', 'II', 'III', 'IV')[item.quarter - 1]}.{item.item_no}"


def _args(args: list[str], count: int) -> list[int]:
    values = [int_arg(args, i) for i in range(count)]
    if any(v is None for v in values):
        raise Refusal("common.stale_button")
    return [v for v in values if v is not None]


async def menu(ctx: FlowContext, *, edit: bool = True) -> None:
    found = await plan_preview.years(ctx.session, ctx.actor, ctx.today.year)
    lines = [t("plans.menu_line", year=p.year, status=Ref(STATUS_KEYS[p.status])) for p in found.plans]
    rows: list[tuple[Button, ...]] = []
    if found.can_make and found.in_force is not None:
        label = t("plans.make_button", year=found.next_year, source=found.in_force.year)
        rows.append((Button(label, callback_data(PREFIX, "new", found.next_year)),))
    rows += [(Button(t("plans.open_button", year=y), callback_data(PREFIX, "p", y, 1, 1)),) for y in found.drafts]
    rows += [(Button(t("plans.close_year_button", year=y), callback_data(PREFIX, "cy", y)),) for y in found.to_close]
    text = t("plans.menu", lines=Safe("\n".join(lines)))
    (ctx.edit if edit else ctx.say)(text, tuple(rows))


async def _menu(ctx: FlowContext, _args: list[str]) -> None:
    ctx.dialog.clear()
    await menu(ctx)


async def _new(ctx: FlowContext, args: list[str]) -> None:
    (year,) = _args(args, 1)
    made = await plan_drafts.make_draft(
        ctx.session,
        ctx.actor,
        year=year,
        source_year=None,
        today=ctx.today,
        now=ctx.now,
        calendar=_calendar(ctx),
    )
    names = {u.code: u.name for u in (await plan_drafts.directory(ctx.session)).by_code.values()}
    lines = report_lines(made.rollover, names)
    r = made.rollover
    text = t("plans.made", year=r.year, source=r.source_year, items=len(r.items), shifts=Safe(""), units=Safe(""))
    ctx.say(Safe("\n".join([text.rstrip("\n"), *lines])))
    await _show_quarter(ctx, year, 1, 1, edit=False)


def _owing(units: list[Unit]) -> Safe | str:
    if not units:
        return Ref("plans.owing_none")
    names = ", ".join(u.short_name or u.name for u in units[:NAMES_SHOWN]) + ("…" if len(units) > NAMES_SHOWN else "")
    return t("plans.owing", names=names, n=len(units))


def _due(ctx: FlowContext, day: date | None) -> str | Ref:
    return ctx.date_only(day) if day else Ref("plans.due_none")


def _lead(code: str | None) -> str:
    return selector_name(code, {}) if code else "—"


async def _preview(ctx: FlowContext, args: list[str]) -> None:
    year, quarter, page = _args(args, 3)
    await _show_quarter(ctx, year, quarter, page, edit=True)


async def _show_quarter(ctx: FlowContext, year: int, quarter: int, page: int, *, edit: bool) -> None:
    if quarter not in QUARTERS:
        raise Refusal("common.stale_button")
    view = await plan_preview.quarter(ctx.session, ctx.actor, year, quarter)
    pages = max(1, -(-len(view.items) // PAGE_ITEMS))
    page = min(max(page, 1), pages)
    shown = view.items[(page - 1) * PAGE_ITEMS : page * PAGE_ITEMS]
    blocks = [
        t("plans.preview_header", year=year, quarter=("I", "II", "III", "IV")[quarter - 1], page=page, pages=pages)
    ]
    for entry in shown:
        item = entry.item
        blocks.append(
            t(
                "plans.preview_item",
                ref=_ref(item),
                kind=Ref(f"plans.kind.{item.kind}"),
                task=shorten(item.task, TASK_CHARS),
                lead=_lead(item.lead),
                due=_due(ctx, item.due_on) if item.due_on else (item.due_note or Ref("plans.due_none")),
                owing=_owing(entry.owing),
            )
        )
    version = view.plan.version
    rows: list[tuple[Button, ...]] = [
        tuple(
            Button(
                t(
                    "plans.quarter_shown" if q == quarter else "plans.quarter_button",
                    quarter=("I", "II", "III", "IV")[q - 1],
                ),
                callback_data(PREFIX, "p", year, q, 1),
            )
            for q in QUARTERS
        )
    ]
    if shown:
        rows.append(
            tuple(
                Button(t("plans.edit_button", ref=_ref(e.item)), callback_data(PREFIX, "i", year, e.item.id))
                for e in shown
            )
        )
    if page < pages:
        rows.append((Button(t("plans.more_button"), callback_data(PREFIX, "p", year, quarter, page + 1)),))
    rows.append((Button(t("plans.publish_button"), callback_data(PREFIX, "pub", year, version)),))
    rows.append((Button(t("plans.back_button"), callback_data(PREFIX, "m")),))
    (ctx.edit if edit else ctx.say)(Safe("\n\n".join(blocks)), tuple(rows))


# ---------------------------------------------------------------- one item
async def _item_card(
    ctx: FlowContext, year: int, item_id: int, *, notice: Safe | None = None, edit: bool = True
) -> None:
    plan = await plan_drafts.draft_of(ctx.session, year)
    ensure_admin(ctx.actor, "plan.preview", target_type="plan", target_id=year)
    item = await plan_drafts.draft_item(ctx.session, plan.id, item_id)
    view = await plan_preview.quarter(ctx.session, ctx.actor, year, item.quarter)
    owing = next((e.owing for e in view.items if e.item.id == item.id), [])
    text = t(
        "plans.item_card",
        ref=_ref(item),
        year=year,
        task=shorten(item.task, 1500),
        kind=Ref(f"plans.kind.{item.kind}"),
        lead=_lead(item.lead),
        due=_due(ctx, item.due_on),
        owing=_owing(owing),
    )
    v = plan.version
    fields = ("due", "task", "lead", "submitters", "kind")
    rows: Keyboard = (
        tuple(Button(t(f"plans.field.{f}"), callback_data(PREFIX, "f", year, item.id, v, f[:3])) for f in fields[:3]),
        tuple(Button(t(f"plans.field.{f}"), callback_data(PREFIX, "f", year, item.id, v, f[:3])) for f in fields[3:]),
        (Button(t("plans.back_button"), callback_data(PREFIX, "p", year, item.quarter, 1)),),
    )
    body = Safe(f"{notice}\n\n{text}") if notice else text
    (ctx.edit if edit else ctx.say)(body, rows)


async def _item(ctx: FlowContext, args: list[str]) -> None:
    year, item_id = _args(args, 2)
    ctx.dialog.clear()
    await _item_card(ctx, year, item_id)


async def _field(ctx: FlowContext, args: list[str]) -> None:
    year, item_id, version = _args(args, 3)
    field = args[3] if len(args) > 3 else ""
    plan = await plan_drafts.draft_of(ctx.session, year)
    ensure_admin(ctx.actor, "plan.edit", target_type="plan", target_id=year)
    item = await plan_drafts.draft_item(ctx.session, plan.id, item_id)
    ref = _ref(item)
    ctx.dialog.clear()
    if field == "due":
        ctx.dialog.go(FLOW, "due", year=year, item=item_id, version=version, ref=ref)
        ctx.say(t("plans.ask_due", ref=ref))
    elif field == "tas":
        ctx.dialog.go(FLOW, "task", year=year, item=item_id, version=version, ref=ref)
        ctx.say(t("plans.ask_task", ref=ref))
    elif field == "lea":
        rows = [Button(_lead(c), callback_data(PREFIX, "ld", year, item_id, version, c)) for c in LEADS]
        ctx.edit(t("plans.choose_lead", ref=ref), tuple((b,) for b in rows))
    elif field == "kin":
        rows = [
            Button(t(f"plans.kind.{k}"), callback_data(PREFIX, "kd", year, item_id, version, k)) for k in EDITABLE_KINDS
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
        (Button(("✅ " if code in chosen else "▫️ ") + _lead(code), callback_data(PREFIX, "st", year, item_id, code)),)
        for code in SUBMITTER_GROUPS
    ]
    rows.append((Button(t("plans.done_button"), callback_data(PREFIX, "sd", year, item_id)),))
    ctx.edit(t("plans.choose_submitters", ref=ref), tuple(rows))


async def _save(ctx: FlowContext, year: int, item_id: int, version: int, change: ItemEdit, *, edit: bool) -> None:
    _plan, item = await plan_drafts.edit_item(
        ctx.session, ctx.actor, year=year, version=version, item_id=item_id, change=change, now=ctx.now
    )
    ctx.dialog.clear()
    await _item_card(ctx, year, item.id, notice=t("plans.edited", ref=_ref(item)), edit=edit)


async def _set_lead(ctx: FlowContext, args: list[str]) -> None:
    year, item_id, version = _args(args, 3)
    await _save(ctx, year, item_id, version, ItemEdit(lead=args[3] if len(args) > 3 else ""), edit=True)


async def _set_kind(ctx: FlowContext, args: list[str]) -> None:
    year, item_id, version = _args(args, 3)
    await _save(ctx, year, item_id, version, ItemEdit(kind=args[3] if len(args) > 3 else ""), edit=True)


def _dialog_on(ctx: FlowContext, step: str, year: int, item_id: int) -> dict[str, object]:
    data = ctx.dialog.data
    if ctx.dialog.flow != FLOW or ctx.dialog.step != step or data.get("year") != year or data.get("item") != item_id:
        raise Refusal("common.stale_button")  # the question this button answered is over
    return data


async def _toggle(ctx: FlowContext, args: list[str]) -> None:
    year, item_id = _args(args, 2)
    code = args[2] if len(args) > 2 else ""
    data = _dialog_on(ctx, "submitters", year, item_id)
    if code not in SUBMITTER_GROUPS:
        raise Refusal("common.stale_button")
    chosen = [str(c) for c in data.get("chosen", [])]  # type: ignore[attr-defined]
    chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
    ctx.dialog.go(FLOW, "submitters", **{**data, "chosen": chosen})
    _submitter_buttons(ctx, year, item_id, str(data.get("ref", "")), chosen)


async def _submitters_done(ctx: FlowContext, args: list[str]) -> None:
    year, item_id = _args(args, 2)
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
            Button(t("plans.yes_button"), callback_data(PREFIX, "dy", year, data.get("item", 0))),
            Button(t("plans.retype_button"), callback_data(PREFIX, "dn", year, data.get("item", 0))),
        ),
    )
    ctx.say(t("plans.confirm_due", ref=data.get("ref", ""), due=ctx.date_only(day)), buttons)


async def _due_answer(ctx: FlowContext, args: list[str], *, accepted: bool) -> None:
    year, item_id = _args(args, 2)
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


# ---------------------------------------------------------------- publishing
async def _publish_ask(ctx: FlowContext, args: list[str]) -> None:
    year, version = _args(args, 2)
    view = await plan_preview.quarter(ctx.session, ctx.actor, year, 1)
    if view.plan.version != version:
        raise Refusal("plans.changed", year=year)
    found = await plan_preview.years(ctx.session, ctx.actor, ctx.today.year)
    accounts = await plan_preview.notice_audience(ctx.session, ctx.today)
    text = t(
        "plans.publish_confirm",
        year=year,
        items=view.total_items,
        rounds=view.rounds,
        previous=found.in_force.year if found.in_force else "—",
        accounts=accounts,
    )
    buttons = (
        (
            Button(t("plans.publish_yes"), callback_data(PREFIX, "pok", year, version)),
            Button(t("plans.cancel_button"), callback_data(PREFIX, "p", year, 1, 1)),
        ),
    )
    ctx.edit(text, buttons)


async def _publish(ctx: FlowContext, args: list[str]) -> None:
    year, version = _args(args, 2)
    done = await plan_publish.publish(ctx.session, ctx.actor, year=year, version=version, now=ctx.now, tz=ctx.config.tz)
    items = await plan_drafts.items_of(ctx.session, done.plan.id)
    announced = await plan_notice.announce(
        ctx.session,
        ctx.actor,
        done.plan,
        items,
        files=ctx.files,
        chat_id=ctx.incoming.chat_id,
        now=ctx.now,
        today=ctx.today,
    )
    notice = (
        t("plans.notice_queued", n=announced.recipients, id=announced.broadcast_id)
        if announced.broadcast_id
        else t("plans.notice_nobody")
    )
    ctx.edit(t("plans.published", year=year, rounds=done.rounds_opened, notice=notice))


# ---------------------------------------------------------------- closing a past year
async def _close_ask(ctx: FlowContext, args: list[str]) -> None:
    (year,) = _args(args, 1)
    seen = await plan_closing.preview(ctx.session, ctx.actor, year)
    if not seen.rounds:
        ctx.edit(t("plans.close_nothing", year=year))
        return
    lines = []
    for round_, missing in seen.rounds:
        names = (
            (": " + ", ".join(u.short_name or u.name for u in missing[:5]) + ("…" if len(missing) > 5 else ""))
            if missing
            else ""
        )
        lines.append(
            t(
                "plans.close_round",
                name=shorten(round_.name, 120),
                deadline=ctx.date(round_.deadline),
                n=len(missing),
                names=names,
            )
        )
    ctx.dialog.clear()
    ctx.dialog.go(FLOW, "close_year", year=year, rounds=[r.id for r, _ in seen.rounds])
    buttons = (
        (
            Button(t("plans.close_yes", year=year), callback_data(PREFIX, "cyok", year)),
            Button(t("plans.cancel_button"), callback_data(PREFIX, "m")),
        ),
    )
    ctx.edit(t("plans.close_preview", year=year, n=len(seen.rounds), lines=Safe("\n".join(lines))), buttons)


async def _close(ctx: FlowContext, args: list[str]) -> None:
    (year,) = _args(args, 1)
    data = ctx.dialog.data
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "close_year" or data.get("year") != year:
        raise Refusal("common.stale_button")
    ids = [int(i) for i in data.get("rounds", [])]
    closed = await plan_closing.close_year(ctx.session, ctx.actor, year, ids, ctx.now)
    ctx.dialog.clear()
    ctx.edit(t("plans.closed_year", year=year, n=closed))


async def buttons_expected(ctx: FlowContext) -> None:
    ctx.say(t("common.use_buttons"))


ACTIONS: dict[str, Action] = {
    "m": _menu,
    "new": _new,
    "p": _preview,
    "i": _item,
    "f": _field,
    "ld": _set_lead,
    "kd": _set_kind,
    "st": _toggle,
    "sd": _submitters_done,
    "dy": _due_yes,
    "dn": _due_no,
    "pub": _publish_ask,
    "pok": _publish,
    "cy": _close_ask,
    "cyok": _close,
}


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    ensure_admin(ctx.actor, "plan.menu")
    action = ACTIONS.get(args[0] if args else "")
    if action is None:
        raise Refusal("common.stale_button")
    await action(ctx, args[1:])


def register(routes: Routes) -> None:
    routes.callback(PREFIX, on_button)
    routes.step(FLOW, "due", due_step)
    routes.step(FLOW, "task", task_step)
    routes.step(FLOW, "due_confirm", buttons_expected)
    routes.step(FLOW, "submitters", buttons_expected)
    routes.step(FLOW, "close_year", buttons_expected)


__all__ = ["menu_button", "offer", "register"]
