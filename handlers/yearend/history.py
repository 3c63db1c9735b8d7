"""/lichsu: what a person or a unit has been awarded, and what they may be proposed for next, with the
legal basis (services/commendation/record.py); for the Office also recording an award decision from
the council's result (decisions.py) and importing past years from Excel.

    /lichsu → [<my unit>] · [Tra cứu cá nhân] → name · [Tra cứu tập thể] → name
            → (the Office) [Ghi quyết định khen thưởng] · [Nhập lịch sử khen thưởng (Excel)] → the file

The record is public inside the agency (awards are announced by decision), so any linked account may
look it up; recording and importing are the Office's (checked by the services).
"""

from __future__ import annotations

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.routes import LINKED, Routes, action_table, callback_data
from handlers.yearend import decisions
from handlers.yearend.common import award_name, back, catalog, read_xlsx, rows, say_long, typed, year_of
from services.access import ensure_admin
from services.commendation import record
from services.commendation.record_import import describe, import_records
from services.errors import Refusal

FLOW = "history"
P = "ls"
NAME_CHARS = 255
ERRORS_SHOWN = 30


async def start(ctx: FlowContext) -> None:
    ctx.dialog.clear()
    if not ctx.actor.is_active:
        raise Refusal("common.not_linked")
    admin = ctx.actor.is_admin
    ctx.say(
        t("history.start"),
        rows(
            Choice(label("history.unit_button", unit=ctx.actor.unit_name), callback_data(P, "u"))
            if ctx.actor.unit_name
            else None,
            Choice(label("history.person_button"), callback_data(P, "p")),
            Choice(label("history.collective_button"), callback_data(P, "t")),
            Choice(label("history.decide_button"), callback_data(P, "dl")) if admin else None,
            Choice(label("history.import_button"), callback_data(P, "im")) if admin else None,
        ),
    )


async def show_lookup(ctx: FlowContext, name: str, *, collective: bool) -> None:
    awards = await catalog()
    year = year_of(ctx)
    found = await record.lookup(ctx.session, awards, name, collective=collective, year=year)
    kind = Ref("record.subject.collective" if collective else "record.subject.person")
    shown = found.records[-1].name if found.records else name  # as recorded, not as typed
    head = t("history.title", kind=kind, name=shown, count=len(found.records))
    lines: list[RichText] = [
        t(
            "record.line",
            year=r.year,
            award=award_name(awards, r.award_code)[0],
            decision=r.decision_ref or "—",
            date=r.decision_date.strftime("%d/%m/%Y") if r.decision_date else "—",
        )
        for r in found.records
    ] or [t("history.none")]
    lines.append(t("history.next_head", year=year))
    for step in found.steps:
        reason = t("history.reason", have=min(step.have, step.need), need=step.need, note=step.note)
        key = "record.next_met" if step.met else "record.next_missing"
        lines.append(t(key, award=step.award.name, reason=reason, basis=step.basis))
    if not found.steps:
        lines.append(t("history.no_next"))
    again = "t" if collective else "p"
    say_long(
        ctx,
        head,
        lines,
        rows(Choice(label("history.again_button"), callback_data(P, again)), back(callback_data(P, "home"))),
    )


async def _unit(ctx: FlowContext, args: list[str]) -> None:
    if not ctx.actor.is_active or not ctx.actor.unit_name:
        raise Refusal("common.not_linked")
    ctx.dialog.clear()
    await show_lookup(ctx, ctx.actor.unit_name, collective=True)


async def _ask_name(ctx: FlowContext, collective: bool) -> None:
    if not ctx.actor.is_active:
        raise Refusal("common.not_linked")
    ctx.dialog.go(FLOW, "name", collective=collective)
    key = "history.ask_collective" if collective else "history.ask_person"
    ctx.say(t(key), rows(back(callback_data(P, "home"))))


async def _person(ctx: FlowContext, args: list[str]) -> None:
    await _ask_name(ctx, False)


async def _collective(ctx: FlowContext, args: list[str]) -> None:
    await _ask_name(ctx, True)


async def name_step(ctx: FlowContext) -> None:
    name = typed(ctx)
    if not name or len(name) > NAME_CHARS:
        raise Refusal("dossier.bad_name")
    collective = bool(ctx.dialog.data.get("collective"))
    ctx.dialog.clear()
    await show_lookup(ctx, name, collective=collective)


async def _home(ctx: FlowContext, args: list[str]) -> None:
    await start(ctx)


# --- importing past years ------------------------------------------------------------------------------


async def _import(ctx: FlowContext, args: list[str]) -> None:
    ensure_admin(ctx.actor, "record.import")
    ctx.dialog.go(FLOW, "import")
    ctx.say(t("history.ask_import"), rows(back(callback_data(P, "home"))))


async def import_step(ctx: FlowContext) -> None:
    if not isinstance(ctx.prepared, bytes):
        raise Refusal("history.send_xlsx")
    result = await import_records(ctx.session, ctx.actor, await catalog(), ctx.prepared, ctx.now)
    if result.errors:  # nothing was written; every bad row is named
        lines = [RichText.plain(describe(e)) for e in result.errors[:ERRORS_SHOWN]]
        if len(result.errors) > ERRORS_SHOWN:
            lines.append(t("history.more_errors", count=len(result.errors) - ERRORS_SHOWN))
        say_long(ctx, t("history.import_rejected", count=len(result.errors)), lines)
        return
    ctx.dialog.clear()
    ctx.say(t("history.imported", count=result.created), rows(back(callback_data(P, "home"))))


def register(routes: Routes) -> None:
    routes.command("lichsu", start, shown_to=LINKED, description_key="cmd.lichsu")
    routes.callback(
        P,
        action_table(
            {
                "home": _home,
                "u": _unit,
                "p": _person,
                "t": _collective,
                "im": _import,
                **decisions.ACTIONS,
            }
        ),
    )
    routes.step(FLOW, "name", name_step)
    routes.step(FLOW, "import", import_step, prepare=read_xlsx)
    decisions.register_steps(routes)
