"""/bophieu, the Office's side (1/2): the year's council and convening a session.

    [Hội đồng, phiên họp] → the council, its members and sessions
      → [Lập / Sửa thành viên Hội đồng] → tick accounts (the agency's own units) → [Xong] → the chair
        → the standing member (or [Bỏ qua]) → saved (all others are members)
      → [Triệu tập phiên họp] → date → place → days the nominee list is published first → the list
        (the year's eligible dossiers) with each title's voting rule → [Sửa quy định: …] → [Triệu tập]

The session itself (publish, absences, open, close, minutes) is council_session.py. Every write is a
service call that checks the caller is the Office; the nominee list is read from the dossiers again
when the session is convened, never taken from the dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.office_format import nav_row, page_of
from handlers.routes import Routes, callback_data, int_arg
from handlers.yearend import council_session
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
    tell_units,
    typed,
    year_of,
)
from services.award_models import fold
from services.commendation import council, cycle
from services.commendation.council import MAX_PUBLISH_DAYS, MemberInput, RuleInput
from services.errors import Refusal
from storage.models import CouncilRole, VoteBase

FLOW = "council"
P = "bp"
PICK_PAGE = 8
DEFAULT_RULE = [70, 50, VoteBase.ALL_MEMBERS.value, True]  # threshold %, quorum %, base, written votes
DEFAULT_DAYS = 3
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def _id(args: list[str], index: int = 0) -> int:
    value = int_arg(args, index)
    if value is None:
        raise Refusal("common.stale_button")
    return value


async def show_office(ctx: FlowContext, notice: RichText | None = None) -> None:
    year = year_of(ctx)
    found, members = await cycle.council_of(ctx.session, ctx.actor, year)
    ctx.dialog.clear()
    if found is None:
        text = RichText.lines(notice, t("council.flow.no_council", year=year))
        ctx.say(text, rows(Choice(label("council.flow.set_button"), callback_data(P, "cs", 1))))
        return
    sessions = await cycle.sessions_of(ctx.session, ctx.actor, found.id)
    head = RichText.lines(notice, t("council.flow.council", name=found.name, year=year, count=len(members)))
    lines = [t("council.flow.member", role=Ref(f"council.role.{m.role.value}"), name=m.full_name) for m in members]
    choices = [
        Choice(
            label(
                "council.flow.session_choice",
                date=s.held_on.strftime("%d/%m/%Y"),
                status=Ref(f"council.status.{s.status.value}"),
            ),
            callback_data(P, "s", s.id),
        )
        for s in sessions
    ]
    say_long(
        ctx,
        head,
        lines,
        rows(
            *choices,
            Choice(label("council.flow.convene_button"), callback_data(P, "cv")),
            Choice(label("council.flow.edit_members_button"), callback_data(P, "cs", 1)),
        ),
    )


async def _office(ctx: FlowContext, args: list[str]) -> None:
    await show_office(ctx)


# --- members ----------------------------------------------------------------------------------------------


async def _members(ctx: FlowContext, args: list[str]) -> None:
    """Start (or page through) ticking the members; the accounts already on the council come ticked."""
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "members":
        _found, members = await cycle.council_of(ctx.session, ctx.actor, year_of(ctx))
        ctx.dialog.go(FLOW, "members", picked=[m.account_id for m in members])
    await _show_members(ctx, int_arg(args, 0) or 1)


async def _show_members(ctx: FlowContext, page: int) -> None:
    candidates = await cycle.member_candidates(ctx.session, ctx.actor)
    picked = set(ctx.dialog.data.get("picked") or [])
    shown, page, pages = page_of(candidates, page, PICK_PAGE)
    choices = [
        Choice(
            label("council.flow.candidate", mark="✓ " if a.id in picked else "", name=a.display_name, unit=unit),
            callback_data(P, "ct", a.id, page),
        )
        for a, unit in shown
    ]
    nav = nav_row(page, pages, P, "cs")
    done = Choice(label("council.flow.members_done", count=len(picked)), callback_data(P, "cd"))
    ctx.say(
        t("council.flow.pick_members", page=page, pages=pages),
        (*rows(*choices), *((nav,) if nav else ()), (done,), (back(callback_data(P, "o")),)),
    )


async def _toggle(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("members",))
    account_id = _id(args)
    if account_id not in {a.id for a, _ in await cycle.member_candidates(ctx.session, ctx.actor)}:
        raise Refusal("common.stale_button")
    picked = list(ctx.dialog.data.get("picked") or [])
    picked = [a for a in picked if a != account_id] if account_id in picked else [*picked, account_id]
    ctx.dialog.go(FLOW, "members", picked=picked)
    await _show_members(ctx, int_arg(args, 1) or 1)


async def _people(ctx: FlowContext) -> dict[int, tuple[str, str]]:
    return {a.id: (a.display_name, unit) for a, unit in await cycle.member_candidates(ctx.session, ctx.actor)}


async def _members_done(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("members",))
    people = await _people(ctx)
    picked = [a for a in ctx.dialog.data.get("picked") or [] if a in people]
    if not picked:
        raise Refusal("council.no_members")
    ctx.dialog.go(FLOW, "chair", picked=picked)
    choices = [Choice(label("council.flow.person", name=people[a][0]), callback_data(P, "cc", a)) for a in picked]
    ctx.say(t("council.flow.pick_chair"), rows(*choices, back(callback_data(P, "o"))))


async def _chair(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("chair",))
    chair, people = _id(args), await _people(ctx)
    picked = list(ctx.dialog.data["picked"])
    if chair not in picked:
        raise Refusal("common.stale_button")
    ctx.dialog.go(FLOW, "standing", chair=chair)
    choices = [
        Choice(label("council.flow.person", name=people[a][0]), callback_data(P, "cst", a))
        for a in picked
        if a != chair
    ]
    skip = Choice(label("council.flow.skip"), callback_data(P, "cst", 0))
    ctx.say(t("council.flow.pick_standing"), rows(*choices, skip, back(callback_data(P, "o"))))


async def _standing(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("standing",))
    standing, people = int_arg(args, 0), await _people(ctx)
    picked, chair = list(ctx.dialog.data["picked"]), int(ctx.dialog.data["chair"])

    def role(account: int) -> CouncilRole:
        if account == chair:
            return CouncilRole.CHAIR
        return CouncilRole.STANDING if account == standing else CouncilRole.MEMBER

    members = [MemberInput(a, role(a), people[a][0], people[a][1]) for a in picked if a in people]
    members.sort(key=lambda m: list(CouncilRole).index(m.role))
    await council.set_council(
        ctx.session,
        ctx.actor,
        level=cycle.LEVEL,
        year=year_of(ctx),
        name=cycle.COUNCIL_NAME,
        issuer=cycle.ISSUER,
        members=members,
        now=ctx.now,
    )
    await show_office(ctx, t("council.flow.members_saved", count=len(members)))


# --- convening a session ------------------------------------------------------------------------------------


async def _convene(ctx: FlowContext, args: list[str]) -> None:
    found, _ = await cycle.council_of(ctx.session, ctx.actor, year_of(ctx))
    if found is None:
        raise Refusal("council.unknown")
    ctx.dialog.go(FLOW, "date", council=found.id)
    ctx.say(t("council.flow.ask_date"), rows(back(callback_data(P, "o"))))


async def date_step(ctx: FlowContext) -> None:
    day = parse_date(typed(ctx))
    if day is None:
        raise Refusal("dossier.flow.bad_date")
    if day < ctx.today:
        raise Refusal("council.flow.date_past")
    ctx.dialog.go(FLOW, "place", held_on=day.isoformat())
    skip = Choice(label("council.flow.default_place"), callback_data(P, "cpl"))
    ctx.say(t("council.flow.ask_place"), rows(skip, back(callback_data(P, "o"))))


async def place_step(ctx: FlowContext) -> None:
    await _ask_days(ctx, typed(ctx)[:255])


async def _default_place(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("place",))
    await _ask_days(ctx, "")


async def _ask_days(ctx: FlowContext, place: str) -> None:
    ctx.dialog.go(FLOW, "days", place=place)
    default = Choice(label("council.flow.default_days", days=DEFAULT_DAYS), callback_data(P, "cpd", DEFAULT_DAYS))
    ctx.say(t("council.flow.ask_days", limit=MAX_PUBLISH_DAYS), rows(default, back(callback_data(P, "o"))))


async def days_step(ctx: FlowContext) -> None:
    days = parse_int(typed(ctx))
    if days is None or not 0 <= days <= MAX_PUBLISH_DAYS:
        raise Refusal("council.bad_publish_days", limit=MAX_PUBLISH_DAYS)
    await _review(ctx, days)


async def _default_days(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("days",))
    await _review(ctx, DEFAULT_DAYS)


async def _review(ctx: FlowContext, days: int | None = None, notice: RichText | None = None) -> None:
    nominees, _dossiers = await cycle.eligible_nominees(ctx.session, ctx.actor, year_of(ctx))
    awards = await catalog()
    kept = dict(ctx.dialog.data.get("rules") or {})
    rules = {n.award_code: kept.get(n.award_code, DEFAULT_RULE) for n in nominees}
    ctx.dialog.go(FLOW, "review", rules=rules, **({"days": days} if days is not None else {}))
    data = ctx.dialog.data
    head = RichText.lines(
        notice,
        t(
            "council.flow.review",
            date=dt.date.fromisoformat(str(data["held_on"])).strftime("%d/%m/%Y"),
            place=data.get("place") or Ref("council.flow.place_default"),
            days=data["days"],
            count=len(nominees),
        ),
    )
    lines = [
        t("council.flow.nominee", n=i, name=n.name, unit=n.unit_name, award=award_name(awards, n.award_code)[1])
        for i, n in enumerate(nominees, 1)
    ] or [t("council.flow.no_candidates")]
    lines += [_rule_line(award_name(awards, code)[1], rule) for code, rule in rules.items()]
    choices = [
        Choice(label("council.flow.rule_button", award=award_name(awards, code)[1]), callback_data(P, "cr", code))
        for code in rules
    ]
    go = Choice(label("council.flow.convene_ok"), callback_data(P, "cgo")) if nominees else None
    say_long(ctx, head, lines, rows(go, *choices, back(callback_data(P, "o"))))


def _rule_line(award: str, rule: list[object]) -> RichText:
    threshold, quorum, base, written = rule
    return t(
        "council.flow.rule",
        award=award,
        threshold=threshold,
        quorum=quorum,
        base=Ref(f"council.flow.base.{base}"),
        written=Ref("council.flow.written_yes" if written else "council.flow.written_no"),
    )


async def _ask_rule(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("review",))
    code = args[0] if args else ""
    if code not in (ctx.dialog.data.get("rules") or {}):
        raise Refusal("common.stale_button")
    ctx.dialog.go(FLOW, "rule", award=code)
    ctx.say(t("council.flow.ask_rule", award=award_name(await catalog(), code)[1]), rows(back(callback_data(P, "crb"))))


async def rule_step(ctx: FlowContext) -> None:
    parts = [p.strip() for p in typed(ctx).replace(";", ",").split(",")]
    threshold = parse_int(parts[0].rstrip("%")) if parts else None
    quorum = parse_int(parts[1].rstrip("%")) if len(parts) > 1 else None
    base = VoteBase.PRESENT if len(parts) > 2 and fold(parts[2]).startswith("comat") else VoteBase.ALL_MEMBERS
    written = not (len(parts) > 3 and fold(parts[3]).startswith("khong"))
    if threshold is None or quorum is None or not (0 < threshold <= 100 and 0 <= quorum <= 100):
        raise Refusal("council.bad_rule", award=str(ctx.dialog.data["award"]))
    rules = dict(ctx.dialog.data["rules"])
    rules[str(ctx.dialog.data["award"])] = [threshold, quorum, base.value, written]
    ctx.dialog.go(FLOW, "review", rules=rules)
    await _review(ctx, notice=t("council.flow.rule_saved"))


async def _back_to_review(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("rule",))
    await _review(ctx)


async def _convene_ok(ctx: FlowContext, args: list[str]) -> None:
    guard(ctx, FLOW, ("review",))
    data = ctx.dialog.data
    nominees, dossier_ids = await cycle.eligible_nominees(ctx.session, ctx.actor, year_of(ctx))
    rules = [
        RuleInput(
            code, base=VoteBase(str(r[2])), threshold_pct=int(r[0]), quorum_pct=int(r[1]), absent_in_writing=bool(r[3])
        )
        for code, r in dict(data["rules"]).items()
    ]
    created = await council.convene(
        ctx.session,
        ctx.actor,
        await catalog(),
        council_id=int(data["council"]),
        held_on=dt.date.fromisoformat(str(data["held_on"])),
        place=str(data.get("place") or ""),
        publish_days=int(data["days"]),
        nominees=nominees,
        rules=rules,
        now=ctx.now,
    )
    notices = await cycle.to_council(ctx.session, ctx.actor, dossier_ids, ctx.now, await dossier_rules())
    await tell_units(ctx, notices)
    await council_session.show_session(
        ctx, created.id, t("council.flow.convened", count=len(nominees), dossiers=len(notices))
    )


ACTIONS: dict[str, Action] = {
    "o": _office,
    "cs": _members,
    "ct": _toggle,
    "cd": _members_done,
    "cc": _chair,
    "cst": _standing,
    "cv": _convene,
    "cpl": _default_place,
    "cpd": _default_days,
    "cr": _ask_rule,
    "crb": _back_to_review,
    "cgo": _convene_ok,
}


def register_steps(routes: Routes) -> None:
    routes.choices_only(FLOW, "members", "chair", "standing", "review")
    routes.step(FLOW, "date", date_step)
    routes.step(FLOW, "place", place_step)
    routes.step(FLOW, "days", days_step, numbers=True)
    routes.step(FLOW, "rule", rule_step, numbers=True)
    council_session.register_steps(routes)
