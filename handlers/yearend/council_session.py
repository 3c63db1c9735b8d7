"""/bophieu, the Office's side (2/2): one session of the council, step by step.

    draft     → [Công khai danh sách] (members are sent the list) · [Thành viên vắng mặt]
    published → [Mở bỏ phiếu] (refused until the publication days are over) · [Thành viên vắng mặt]
    open      → [Kết thúc bỏ phiếu] → confirm → counted: each nominee against its title's rule, the
                dossiers moved (passed / not passed) and their units told, the minutes (.docx)
    closed    → results · [Biên bản họp] · [Tờ trình cấp trên: …] · [Ghi quyết định khen thưởng] (/lichsu)

Nobody sees how a member voted: the Office sees how many answered only once the ballot is closed
(services/commendation/ballot.py counts and forgets in one transaction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from core.catalog import Ref, label, t
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
    rows,
    say_long,
    send_file,
    tell_units,
)
from services.commendation import ballot, council, cycle
from services.commendation.documents.content import Letterhead, minutes_data, minutes_docx, submission_docx
from services.errors import Refusal
from storage.models import SessionStatus

FLOW = "council"
P = "bp"
OWN_LEVEL_SIGNER = "Chánh Thanh tra tỉnh"
# Who a higher award is proposed to (domain.md §2.1): the province through Sở Nội vụ, the sector through TTCP.
UPWARD = {
    "tinh": ("Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn (qua Sở Nội vụ)", "Chủ tịch Ủy ban nhân dân tỉnh"),
    "nha_nuoc": ("Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn (qua Sở Nội vụ)", "Chủ tịch Ủy ban nhân dân tỉnh"),
    "nganh": ("Tổng Thanh tra Chính phủ (qua Vụ Tổ chức cán bộ)", "Tổng Thanh tra Chính phủ"),
}
Action = Callable[[FlowContext, list[str]], Awaitable[None]]
S = SessionStatus


def _id(args: list[str], index: int = 0) -> int:
    value = int_arg(args, index)
    if value is None:
        raise Refusal("common.stale_button")
    return value


async def show_session(ctx: FlowContext, session_id: int, notice: RichText | None = None) -> None:
    view = await cycle.session_view(ctx.session, ctx.actor, session_id)
    awards = await catalog()
    found = view.session
    ctx.dialog.clear()
    opens = council.may_open_from(found)
    head = RichText.lines(
        notice,
        t(
            "council.flow.session",
            council=view.council.name,
            date=found.held_on.strftime("%d/%m/%Y"),
            place=found.place or Ref("council.flow.place_default"),
            status=Ref(f"council.status.{found.status.value}"),
            count=len(view.nominees),
            absent=sum(1 for m in view.members if not view.present.get(m.id, True)),
            members=len(view.members),
        ),
        t("council.flow.publication", until=ctx.datetime(opens)) if opens and found.status is S.PUBLISHED else None,
        t("council.flow.tally", voters=found.voters, members=found.members_total, present=found.members_present)
        if found.status is S.CLOSED
        else None,
    )
    lines = []
    for i, n in enumerate(view.nominees, 1):
        short = award_name(awards, n.award_code)[1]
        if found.status is S.CLOSED:
            rule = view.rules[n.award_code]
            verdict = "passed" if n.passed else ("failed" if n.quorum_met else "no_quorum")
            yes, base = n.yes_count or 0, n.base_count or 0
            pct = f"{ballot.percent(yes, base):g}".replace(".", ",")
            result = t(
                "council.result",
                name=n.name,
                yes=yes,
                base=base,
                pct=pct,
                verdict=Ref(f"council.verdict.{verdict}"),
                threshold=rule[0],
            )
            lines.append(t("council.flow.result_line", n=i, award=short, result=result))
        else:
            lines.append(t("council.flow.nominee", n=i, name=n.name, unit=n.unit_name, award=short))
    say_long(ctx, head, lines, await _choices(ctx, view))


async def _choices(ctx: FlowContext, view: cycle.SessionView) -> tuple[tuple[Choice, ...], ...]:
    sid, status = view.session.id, view.session.status
    awards = await catalog()
    upward = []
    if status is S.CLOSED:
        passed = dict.fromkeys(n.award_code for n in view.nominees if n.passed)
        for code in passed:
            award = awards.find(code)
            if award is not None and award.decided_by != OWN_LEVEL_SIGNER and award.level.value in UPWARD:
                upward.append(
                    Choice(label("council.flow.upward_button", award=award.short), callback_data(P, "tt", sid, code))
                )
    undecided = any(n.passed and n.id not in view.decided for n in view.nominees)
    return rows(
        Choice(label("council.flow.publish_button"), callback_data(P, "pub", sid)) if status is S.DRAFT else None,
        Choice(label("council.flow.open_button"), callback_data(P, "op", sid)) if status is S.PUBLISHED else None,
        Choice(label("council.flow.absent_button"), callback_data(P, "ab", sid))
        if status in (S.DRAFT, S.PUBLISHED)
        else None,
        Choice(label("council.flow.close_button"), callback_data(P, "cl", sid)) if status is S.OPEN else None,
        Choice(label("council.flow.minutes_button"), callback_data(P, "mn", sid)) if status is S.CLOSED else None,
        *upward,
        Choice(label("council.flow.decide_button"), callback_data("ls", "dn", sid))
        if status is S.CLOSED and undecided
        else None,
        back(callback_data(P, "o")),
    )


async def _session(ctx: FlowContext, args: list[str]) -> None:
    await show_session(ctx, _id(args))


def _list_text(view: cycle.SessionView, names: dict[str, str]) -> RichText:
    lines = [
        t("council.flow.nominee", n=i, name=n.name, unit=n.unit_name, award=names.get(n.award_code, n.award_code))
        for i, n in enumerate(view.nominees, 1)
    ]
    return RichText.join(lines)


async def _publish(ctx: FlowContext, args: list[str]) -> None:
    sid = _id(args)
    found = await council.publish(ctx.session, ctx.actor, sid, ctx.now)
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    awards = await catalog()
    names = {n.award_code: award_name(awards, n.award_code)[1] for n in view.nominees}
    opens = council.may_open_from(found)
    text = t(
        "council.flow.published_notice",
        council=view.council.name,
        date=found.held_on.strftime("%d/%m/%Y"),
        until=ctx.datetime(opens) if opens else "",
        list=_list_text(view, names),
    )
    for chat_id in await cycle.member_chats(ctx.session, found.council_id):
        ctx.send_to(chat_id, text)
    await show_session(ctx, sid, t("council.flow.published", days=found.publish_days))


async def _open(ctx: FlowContext, args: list[str]) -> None:
    sid = _id(args)
    await ballot.open_ballot(ctx.session, ctx.actor, ctx.config.ballot_key, sid, ctx.now)
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    text = t("council.flow.opened_notice", council=view.council.name, count=len(view.nominees))
    for chat_id in await cycle.member_chats(ctx.session, view.council.id):
        ctx.send_to(chat_id, text)
    await show_session(ctx, sid, t("council.flow.opened"))


async def _close(ctx: FlowContext, args: list[str]) -> None:
    sid = _id(args)
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    if view.session.status is not S.OPEN:
        raise Refusal("council.ballot_not_open")
    ctx.say(
        t("council.flow.close_confirm"),
        rows(Choice(label("council.flow.close_ok"), callback_data(P, "clok", sid)), back(callback_data(P, "s", sid))),
    )


async def _close_ok(ctx: FlowContext, args: list[str]) -> None:
    sid = _id(args)
    tally = await ballot.close_ballot(ctx.session, ctx.actor, ctx.config.ballot_key, sid, ctx.now)
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    notices = await cycle.after_count(ctx.session, ctx.actor, sid, view.council.year, ctx.now, await dossier_rules())
    await tell_units(ctx, notices)
    await show_session(ctx, sid, t("council.flow.closed", voters=tally.voters, members=tally.members_total))
    await _send_minutes(ctx, sid)


async def _minutes(ctx: FlowContext, args: list[str]) -> None:
    await _send_minutes(ctx, _id(args))


def _clock(value: dt.datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%H giờ %M") if value else ""


async def _send_minutes(ctx: FlowContext, sid: int) -> None:
    view = await cycle.session_view(ctx.session, ctx.actor, sid)  # the Office only
    data = await minutes_data(ctx.session, await catalog(), sid)
    tz = ctx.config.tz
    content = minutes_docx(
        data,
        Letterhead(),
        number_symbol="      /BB-HĐTĐKT",
        opened=_clock(view.session.opened_at, tz),
        closed=_clock(view.session.closed_at, tz),
    )
    name = f"bien-ban-hop-hoi-dong-{data.year}-{sid}.docx"
    send_file(ctx, name, content, t("council.flow.minutes_caption", date=data.held_on.strftime("%d/%m/%Y")))


async def _upward(ctx: FlowContext, args: list[str]) -> None:
    """The tờ trình to the level that decides a higher award, for the nominees the council passed."""
    sid, code = _id(args), (args[1] if len(args) > 1 else "")
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    awards = await catalog()
    award = awards.find(code)
    if (
        award is None
        or award.level.value not in UPWARD
        or not any(n.passed and n.award_code == code for n in view.nominees)
    ):
        raise Refusal("common.stale_button")
    data = await minutes_data(ctx.session, awards, sid)
    addressee, addressee_head = UPWARD[award.level.value]
    content = submission_docx(
        data,
        awards,
        Letterhead(),
        award_code=code,
        number_symbol="      /TTr-TTr",
        day=ctx.today,
        addressee=addressee,
        addressee_head=addressee_head,
        minutes_ref=f"Biên bản họp ngày {data.held_on.strftime('%d/%m/%Y')}",
        signer=data.chair,
        signer_title="CHÁNH THANH TRA",
        recipients=["Như trên", "Lưu: VT, VP"],
    )
    send_file(
        ctx, f"to-trinh-{code.lower()}-{data.year}.docx", content, t("council.flow.upward_caption", award=award.name)
    )


# --- who is absent (before the ballot opens) ----------------------------------------------------------------


async def _absent(ctx: FlowContext, args: list[str]) -> None:
    sid = _id(args)
    view = await cycle.session_view(ctx.session, ctx.actor, sid)
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "absent" or ctx.dialog.data.get("session") != sid:
        away = [m.account_id for m in view.members if not view.present.get(m.id, True)]
        ctx.dialog.go(FLOW, "absent", session=sid, away=away)
    away_now = set(ctx.dialog.data.get("away") or [])
    choices = [
        Choice(
            label("council.flow.absent_choice", mark="✗ " if m.account_id in away_now else "", name=m.full_name),
            callback_data(P, "at", sid, m.account_id),
        )
        for m in view.members
    ]
    done = Choice(label("council.flow.absent_done", count=len(away_now)), callback_data(P, "ad", sid))
    ctx.say(t("council.flow.pick_absent"), rows(*choices, done, back(callback_data(P, "s", sid))))


async def _absent_toggle(ctx: FlowContext, args: list[str]) -> None:
    sid, account = _id(args), _id(args, 1)
    guard(ctx, FLOW, ("absent",), session=sid)
    away = list(ctx.dialog.data.get("away") or [])
    away = [a for a in away if a != account] if account in away else [*away, account]
    ctx.dialog.go(FLOW, "absent", away=away)
    await _absent(ctx, [str(sid)])


async def _absent_done(ctx: FlowContext, args: list[str]) -> None:
    sid = _id(args)
    guard(ctx, FLOW, ("absent",), session=sid)
    away = [int(a) for a in ctx.dialog.data.get("away") or []]
    await council.mark_absent(ctx.session, ctx.actor, sid, away, ctx.now)
    await show_session(ctx, sid, t("council.flow.absent_saved", count=len(away)))


ACTIONS: dict[str, Action] = {
    "s": _session,
    "pub": _publish,
    "op": _open,
    "cl": _close,
    "clok": _close_ok,
    "mn": _minutes,
    "tt": _upward,
    "ab": _absent,
    "at": _absent_toggle,
    "ad": _absent_done,
}


def register_steps(routes: Routes) -> None:
    routes.choices_only(FLOW, "absent")
