"""Free text outside a flow → an answer: match the question, run the intent's answer, log what was
not understood (text and the asker's role only) for the Office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.actors import Actor
from services.questions import awards, my_unit, office, plan
from services.questions.answer import Answer, Asked, Offer, OfferKind, answer, ask_offer, say
from services.questions.matcher import UNKNOWN, Matched, default_matcher, unit_names
from storage.models import UnansweredQuestion
from storage.repos import questions as question_repo

MAX_LOGGED_CHARS = 1000
ECHO_CHARS = 60
DEFAULT_SUGGESTIONS = ("my.missing", "plan.quarter", "award.criteria")
MAX_SUGGESTIONS = 3


async def _thanks(asked: Asked) -> Answer:
    return answer("talk.thanks", say("q.thanks"))


async def _hello(asked: Asked) -> Answer:
    greeting = say("q.hello", name=asked.actor.display_name)
    if asked.actor.is_active:
        return answer("talk.hello", greeting)
    return answer("talk.hello", greeting, say("q.hello.start"))


async def _help(asked: Asked) -> Answer:
    return answer("help", offers=(Offer(OfferKind.MENU),))


INTENTS: Mapping[str, Callable[[Asked], Awaitable[Answer]]] = {
    "my.missing": my_unit.missing,
    "my.deadline": my_unit.deadline,
    "my.submitted": my_unit.submitted,
    "my.receipt": my_unit.receipt,
    "plan.quarter": plan.quarter,
    "plan.council": plan.council,
    "plan.cross_check": plan.cross_check,
    "award.criteria": awards.criteria,
    "award.dossier": awards.dossier,
    "award.decider": awards.decider,
    "law.basis": awards.law,
    "rule.quota": awards.quota,
    "office.missing": office.missing,
    "office.registered": office.registered,
    "office.unacked": office.unacked,
    "talk.thanks": _thanks,
    "talk.hello": _hello,
    "help": _help,
}


# Intents whose answer depends on a unit named in the question; the units (2,000 rows) are read only for them.
UNIT_INTENTS = frozenset({"my.submitted", UNKNOWN})


async def understand(session: AsyncSession, text: str) -> Matched:
    matcher = default_matcher()
    matched = matcher.match(text)
    if matched.intent in UNIT_INTENTS and matcher.needs_units(text):
        matched = matcher.match(text, unit_names(await question_repo.unit_names(session)))
    return matched


async def reply_to(
    session: AsyncSession, actor: Actor, text: str, *, now: dt.datetime, tz: ZoneInfo, platform: str
) -> Answer:
    """The answer to a typed question; a question not understood is logged and answered with suggestions."""
    matched = await understand(session, text)
    if matched.intent == UNKNOWN:
        await question_repo.add_unanswered(
            session,
            UnansweredQuestion(
                asked_at=now,
                role=actor.role.value if actor.is_active and actor.role else "none",
                platform=platform,
                text=text[:MAX_LOGGED_CHARS],
                suggested=",".join(matched.suggestions),
            ),
        )
        return not_understood(text, matched.suggestions)
    return await run(session, actor, matched.intent, matched.slots, now=now, tz=tz)


async def run(
    session: AsyncSession, actor: Actor, intent: str, slots: Mapping[str, str], *, now: dt.datetime, tz: ZoneInfo
) -> Answer:
    """One intent's answer (also what a suggestion button asks); an unknown intent is stale."""
    handler = INTENTS.get(intent)
    if handler is None:
        return not_understood("", ())
    return await handler(Asked(session, actor, now, tz, slots))


def not_understood(text: str, near: tuple[str, ...]) -> Answer:
    picked = [i for i in near if i in INTENTS and not i.startswith("talk.")][:MAX_SUGGESTIONS]
    picked += [i for i in DEFAULT_SUGGESTIONS if i not in picked][: MAX_SUGGESTIONS - len(picked)]
    echo = text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"
    offers = (*(ask_offer(i) for i in picked), Offer(OfferKind.MENU, label="q.menu_button"))
    return Answer(UNKNOWN, (say("q.unknown", text=echo),), offers, understood=False)
