"""/bophieu, the member's side: the council's secret ballot in chat (domain.md §1.5).

    /bophieu → [Phiếu: phiên họp …] (straight to it when there is one) → the ballot, a page of nominees:
               per nominee [✅ Đồng ý: …] [❌ Không đồng ý: …]; answers may change until the Office closes it.
    (the Office also sees [Hội đồng, phiên họp] → council.py)

How the flow keeps the vote secret (the scheme itself: services/commendation/ballot.py):

* The press is checked in the message's own transaction by *reading* the member's ballot (a non-member,
  a closed or not yet open ballot, a nominee of another session are refused there); that transaction
  writes nothing about the vote and answers nothing, so the chat's prompt — which lists every
  "Đồng ý" and "Không đồng ý" choice alike — stays as it was and no dialog row is written.
* The vote itself is written after that transaction has committed, in a transaction of its own that
  writes the one ballot row and nothing else (:func:`services.commendation.ballot.vote`); its answer,
  "recorded", goes to the chat and is stored nowhere.
* The ballot shows the member's own answers, computed in memory from the server secret; the labels of
  the choices never carry them (labels are stored with the prompt).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.catalog import Ref, label, t
from core.messages import Choice, Reply
from core.text import RichText
from handlers.context import FlowContext
from handlers.office_format import nav_row, page_of
from handlers.routes import LINKED, Routes, action_table, callback_data, int_arg
from handlers.yearend import council_session, council_setup
from handlers.yearend.common import award_name, catalog, rows
from services.commendation import ballot, cycle
from services.delivery import Sending
from services.errors import Refusal
from storage.models import Choice as Vote
from storage.models import Nominee

P = "bp"
BALLOT_PAGE = 5
VOTES = {"y": Vote.YES, "n": Vote.NO}


def _id(args: list[str], index: int = 0) -> int:
    value = int_arg(args, index)
    if value is None:
        raise Refusal("common.stale_button")
    return value


async def start(ctx: FlowContext) -> None:
    ctx.dialog.clear()
    sessions = await cycle.open_ballots(ctx.session, ctx.actor)
    if len(sessions) == 1 and not ctx.actor.is_admin:
        await show_ballot(ctx, sessions[0].id, 1)
        return
    choices = [
        Choice(label("council.flow.ballot_choice", date=s.held_on.strftime("%d/%m/%Y")), callback_data(P, "b", s.id, 1))
        for s in sessions
    ]
    if ctx.actor.is_admin:
        choices.append(Choice(label("council.flow.office_button"), callback_data(P, "o")))
    if not choices:
        if not ctx.actor.is_active:
            raise Refusal("common.not_linked")
        ctx.say(t("council.flow.no_ballot"))
        return
    ctx.say(t("council.flow.start"), rows(*choices))


def _mine(choice: Vote | None) -> Ref:
    return Ref(f"council.flow.mine.{choice.value if choice else 'none'}")


def _intro(nominees: Sequence[Nominee], awards: dict[str, str], year: int) -> list[RichText]:
    codes = list(dict.fromkeys(n.award_code for n in nominees))
    return [t("council.ballot_intro", award=awards.get(code, code), year=year) for code in codes]


async def show_ballot(ctx: FlowContext, session_id: int, page: int) -> None:
    view = await cycle.ballot_view(ctx.session, ctx.actor, ctx.config.ballot_key, session_id)
    awards = await catalog()
    names = {n.award_code: award_name(awards, n.award_code)[0] for n in view.nominees}
    everyone = list(view.nominees)
    shown, page, pages = page_of(everyone, page, BALLOT_PAGE)
    first = everyone.index(shown[0]) + 1 if shown else 1
    answered = sum(1 for c in view.mine.values() if c is not None)
    lines = [
        t(
            "council.flow.ballot_head",
            council=view.council.name,
            date=view.session.held_on.strftime("%d/%m/%Y"),
            answered=answered,
            total=len(everyone),
            page=page,
            pages=pages,
        ),
        *_intro(shown, names, view.council.year),
    ]
    choices: list[tuple[Choice, ...]] = []
    for n, nominee in enumerate(shown, first):
        lines.append(
            t(
                "council.flow.ballot_line",
                n=n,
                name=nominee.name,
                unit=nominee.unit_name,
                award=award_name(awards, nominee.award_code)[1],
                mine=_mine(view.mine.get(nominee.id)),
            )
        )
        choices.append(
            (
                Choice(
                    label("council.flow.vote_yes", n=n, name=nominee.name),
                    callback_data(P, "v", session_id, nominee.id, "y"),
                ),
                Choice(
                    label("council.flow.vote_no", n=n, name=nominee.name),
                    callback_data(P, "v", session_id, nominee.id, "n"),
                ),
            )
        )
    lines.append(t("council.flow.ballot_foot"))
    nav = nav_row(page, pages, P, "b", session_id)
    refresh = (Choice(label("council.flow.refresh"), callback_data(P, "b", session_id, page)),)
    ctx.say(RichText.join(lines), (*choices, *((nav,) if nav else ()), refresh))


async def _ballot(ctx: FlowContext, args: list[str]) -> None:
    await show_ballot(ctx, _id(args), int_arg(args, 1) or 1)


async def _vote(ctx: FlowContext, args: list[str]) -> None:
    """A press of Đồng ý / Không đồng ý: checked here by reading only, written after the commit."""
    session_id, nominee_id = _id(args), _id(args, 1)
    choice = VOTES.get(args[2] if len(args) > 2 else "")
    if choice is None:
        raise Refusal("common.stale_button")
    secret, actor = ctx.config.ballot_key, ctx.actor
    view = await cycle.ballot_view(ctx.session, actor, secret, session_id)  # a member, the ballot open
    nominee = next((n for n in view.nominees if n.id == nominee_id), None)
    if nominee is None:
        raise Refusal("council.nominee_unknown")
    name = nominee.name

    async def record(out: Sending) -> list[Reply]:
        try:
            async with out.db.transaction() as session:  # this row, and nothing else, in this transaction
                await ballot.vote(session, actor, secret, session_id, nominee_id, choice)
        except Refusal as refusal:  # closed meanwhile
            return [Reply(text=t(refusal.key, **refusal.values))]
        return [Reply(text=t("council.flow.voted", name=name, choice=_mine(choice)))]

    ctx.after_commit(record)


def register(routes: Routes) -> None:
    routes.command("bophieu", start, shown_to=LINKED, description_key="cmd.bophieu")
    routes.callback(
        P,
        action_table({"b": _ballot, "v": _vote, **council_setup.ACTIONS, **council_session.ACTIONS}),
    )
    council_setup.register_steps(routes)  # and the session's
