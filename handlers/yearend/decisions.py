"""/lichsu (the Office): record an award decision from the nominees the council passed, and send its draft.

    [Ghi quyết định khen thưởng] (or from a closed session in /bophieu) → which title of which session
      → date signed → number (a number already used that year is refused at once) → signer → amount each
      → the recipients, summed up → [Ghi quyết định] → the record is written, the dossiers move to
        "đã có quyết định", their units are told, the decision and its list come as .docx (NĐ 30/2020)

The recipients are read again from the closed session when the decision is recorded (never from the
dialog); services/commendation/decisions.py refuses a nominee the council did not pass, a number used
twice and an award already on someone's record for that year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from core.catalog import label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.routes import Routes, callback_data, int_arg
from handlers.yearend.common import (
    award_name,
    back,
    catalog,
    dossier_rules,
    guard,
    parse_date,
    parse_int,
    rows,
    say_long,
    send_file,
    tell_units,
    typed,
    year_of,
)
from services.commendation import cycle
from services.commendation.decisions import DecisionInput, passed_recipients, record_decision
from services.commendation.documents.content import Letterhead, decision_docx
from services.commendation.documents.render import money
from services.errors import Refusal
from storage.models import SessionStatus

FLOW = "decision"
P = "ls"
SIGNER_TITLE = "CHÁNH THANH TRA"
PROPOSER = "Chánh Văn phòng Thanh tra tỉnh (Thường trực Hội đồng Thi đua - Khen thưởng)"
RECIPIENTS = ["Như Điều 3", "Lưu: VT, VP"]
MAX_AMOUNT = 1_000_000_000
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def _id(args: list[str], index: int = 0) -> int:
    value = int_arg(args, index)
    if value is None:
        raise Refusal("common.stale_button")
    return value


async def _pending(ctx: FlowContext, only: int | None = None) -> list[Choice]:
    """One choice per (closed session, title) with passed nominees not yet in a decision."""
    found, _ = await cycle.council_of(ctx.session, ctx.actor, year_of(ctx))
    if found is None:
        return []
    awards = await catalog()
    choices = []
    for s in await cycle.sessions_of(ctx.session, ctx.actor, found.id):
        if s.status is not SessionStatus.CLOSED or (only is not None and s.id != only):
            continue
        view = await cycle.session_view(ctx.session, ctx.actor, s.id)
        waiting: dict[str, int] = {}
        for n in view.nominees:
            if n.passed and n.id not in view.decided:
                waiting[n.award_code] = waiting.get(n.award_code, 0) + 1
        choices += [
            Choice(
                label(
                    "decision.flow.choice",
                    award=award_name(awards, code)[1],
                    count=count,
                    date=s.held_on.strftime("%d/%m/%Y"),
                ),
                callback_data(P, "da", s.id, code),
            )
            for code, count in waiting.items()
        ]
    return choices


async def _list(ctx: FlowContext, args: list[str]) -> None:
    only = int_arg(args, 0)
    choices = await _pending(ctx, only)
    ctx.dialog.clear()
    if not choices:
        ctx.say(t("decision.flow.none"), rows(back(callback_data(P, "home"))))
        return
    ctx.say(t("decision.flow.which"), rows(*choices, back(callback_data(P, "home"))))


async def _begin(ctx: FlowContext, args: list[str]) -> None:
    sid, code = _id(args), (args[1] if len(args) > 1 else "")
    await cycle.session_view(ctx.session, ctx.actor, sid)  # the Office only
    recipients = await passed_recipients(ctx.session, sid, code)
    if not recipients:
        raise Refusal("decision.no_recipients")
    ctx.dialog.go(FLOW, "date", session=sid, award=code)
    today = Choice(label("decision.flow.today", date=ctx.today.strftime("%d/%m/%Y")), callback_data(P, "dt"))
    ctx.say(
        t("decision.flow.ask_date", award=award_name(await catalog(), code)[0], count=len(recipients)),
        rows(today, back(callback_data(P, "home"))),
    )


async def date_step(ctx: FlowContext) -> None:
    day = parse_date(typed(ctx))
    if day is None:
        raise Refusal("dossier.flow.bad_date")
    _ask_number(ctx, day)


async def _today(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("date",))
    _ask_number(ctx, ctx.today)


def _ask_number(ctx: FlowContext, day: dt.date) -> None:
    ctx.dialog.go(FLOW, "number", signed=day.isoformat())
    ctx.say(t("decision.flow.ask_number", symbol=cycle.SYMBOL, year=day.year), rows(back(callback_data(P, "home"))))


async def number_step(ctx: FlowContext) -> None:
    number = parse_int(typed(ctx))
    if number is None:
        raise Refusal("decision.bad_number")
    signed = dt.date.fromisoformat(str(ctx.dialog.data["signed"]))
    await cycle.number_free(ctx.session, ctx.actor, number, signed.year)  # used already: refused, asked again
    if ctx.dialog.data.get("signer"):  # "Sửa số" from the summary: straight back to it
        ctx.dialog.go(FLOW, "confirm", number=number)
        await _summary(ctx)
        return
    ctx.dialog.go(FLOW, "signer", number=number)
    ctx.say(t("decision.flow.ask_signer"), rows(back(callback_data(P, "home"))))


async def signer_step(ctx: FlowContext) -> None:
    signer = typed(ctx)
    if not signer or len(signer) > 120:
        raise Refusal("decision.flow.bad_signer")
    ctx.dialog.go(FLOW, "amount", signer=signer)
    none = Choice(label("decision.flow.no_amount"), callback_data(P, "dz"))
    ctx.say(t("decision.flow.ask_amount"), rows(none, back(callback_data(P, "home"))))


async def amount_step(ctx: FlowContext) -> None:
    amount = parse_int(typed(ctx))
    if amount is None or amount > MAX_AMOUNT:
        raise Refusal("decision.flow.bad_amount")
    ctx.dialog.go(FLOW, "confirm", amount=amount)
    await _summary(ctx)


async def _no_amount(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("amount",))
    ctx.dialog.go(FLOW, "confirm", amount=0)
    await _summary(ctx)


def _input(ctx: FlowContext, award: str, year: int) -> DecisionInput:
    data = ctx.dialog.data
    return DecisionInput(
        issuer_code=cycle.ISSUER_CODE,
        issuer=cycle.ISSUER,
        number=int(data["number"]),
        symbol=cycle.SYMBOL,
        signed_on=dt.date.fromisoformat(str(data["signed"])),
        signer=str(data["signer"]),
        signer_title=SIGNER_TITLE,
        award_code=str(data["award"]),
        award_year=year,
        summary=f"Về việc tặng {award} năm {year}",
    )


async def _summary(ctx: FlowContext) -> None:
    data = ctx.dialog.data
    sid, code, amount = int(data["session"]), str(data["award"]), int(data["amount"])
    recipients = await passed_recipients(ctx.session, sid, code, amount_each=amount)
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    award = award_name(await catalog(), code)[0]
    decision = _input(ctx, award, view.council.year)
    head = t(
        "decision.flow.summary",
        number=decision.number,
        symbol=decision.symbol,
        date=decision.signed_on.strftime("%d/%m/%Y"),
        signer=decision.signer,
        summary=decision.summary,
        count=len(recipients),
        amount=money(amount),
        total=money(amount * len(recipients)),
    )
    lines = [t("decision.flow.recipient", n=i, name=r.name, unit=r.unit_name) for i, r in enumerate(recipients, 1)]
    choices = rows(
        Choice(label("decision.flow.ok"), callback_data(P, "dok", sid)),
        Choice(label("decision.flow.change_number"), callback_data(P, "dre", sid)),
        back(callback_data(P, "home")),
    )
    say_long(ctx, head, lines, choices)


async def _change_number(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("confirm",), session=_id(args))
    ctx.dialog.go(FLOW, "number")
    ctx.say(
        t(
            "decision.flow.ask_number",
            symbol=cycle.SYMBOL,
            year=dt.date.fromisoformat(str(ctx.dialog.data["signed"])).year,
        ),
        rows(back(callback_data(P, "home"))),
    )


async def _record(ctx: FlowContext, args: list[str]) -> None:
    sid = _id(args)
    guard(ctx, FLOW, ("confirm",), session=sid)
    data = ctx.dialog.data
    code, amount = str(data["award"]), int(data["amount"])
    awards = await catalog()
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    recipients = await passed_recipients(ctx.session, sid, code, amount_each=amount)
    decision = await record_decision(
        ctx.session,
        ctx.actor,
        awards,
        _input(ctx, award_name(awards, code)[0], view.council.year),
        recipients,
        ctx.now,
        session_id=sid,
    )
    notices = await cycle.after_decision(
        ctx.session, ctx.actor, decision.id, view.council.year, ctx.now, await dossier_rules()
    )
    told = await tell_units(ctx, notices)
    content = await decision_docx(
        ctx.session, awards, decision.id, Letterhead(), proposer=PROPOSER, recipients=RECIPIENTS
    )
    ctx.dialog.clear()
    ctx.say(
        RichText.lines(
            t(
                "decision.flow.recorded",
                reference=decision.reference,
                count=len(recipients),
                dossiers=len(notices),
                told=told,
            ),
        ),
        rows(back(callback_data(P, "home"))),
    )
    send_file(
        ctx,
        f"quyet-dinh-{decision.number}-{decision.year}.docx",
        content,
        t("decision.flow.caption", reference=decision.reference),
    )


ACTIONS: dict[str, Action] = {
    "dl": _list,
    "dn": _list,
    "da": _begin,
    "dt": _today,
    "dz": _no_amount,
    "dre": _change_number,
    "dok": _record,
}


def register_steps(routes: Routes) -> None:
    routes.step(FLOW, "date", date_step)
    routes.step(FLOW, "number", number_step, numbers=True)
    routes.step(FLOW, "signer", signer_step)
    routes.step(FLOW, "amount", amount_step, numbers=True)
    routes.choices_only(FLOW, "confirm")
