"""Answers about the caller's own unit: what it owes, deadlines, what it sent, receipt codes.

Everything starts from the caller's unit (as /nhiemvu does); a question naming another unit is
answered only for the Office and the leadership, and politely refused for an officer.
"""

from __future__ import annotations

from datetime import datetime

from services import unit_tasks
from services.questions.answer import Answer, Asked, Line, Offer, OfferKind, answer, ask_offer, say
from services.questions.matcher import default_matcher
from services.questions.office import office_unit_status, open_rounds_on, sees_everything
from services.rounds import days_left
from services.unit_tasks import UnitTask
from storage.models import ObligationStatus
from storage.repos import questions as question_repo
from storage.repos import registrations as registration_repo
from storage.repos import units as unit_repo

MAX_LISTED = 6
MAX_RECEIPTS = 3


def left(asked: Asked, task: UnitTask) -> Line:
    days = days_left(task.deadline, asked.now, asked.tz)
    if days > 0:
        return say("q.left.days", days=days)
    return say("q.left.today") if days == 0 else say("q.left.overdue", days=-days)


def send_offer(task: UnitTask) -> Offer:
    kind = OfferKind.REGISTER if task.registration else OfferKind.SUBMIT
    return Offer(kind, task.round.id, label_values={"round": task.round.name})


def _fits(task: UnitTask, topic: str | None) -> bool:
    return topic is None or default_matcher().round_fits(topic, task.round.name, task.registration)


def linked(asked: Asked) -> bool:
    return asked.actor.is_active and asked.actor.unit_id is not None


def not_linked(intent: str) -> Answer:
    return answer(intent, say("q.not_linked"))


async def missing(asked: Asked) -> Answer:
    if not linked(asked):
        return not_linked("my.missing")
    unit = asked.actor.unit_name or ""
    owed = [t for t in await unit_tasks.open_tasks(asked.session, asked.actor) if t.owes]
    if not owed:
        return answer("my.missing", say("q.my.nothing_owed", unit=unit))
    lines = [say("q.my.owed_header", unit=unit, count=len(owed))]
    lines += [_owed_line(asked, task) for task in owed[:MAX_LISTED]]
    lines.append(say("q.my.more"))
    return answer("my.missing", *lines, offers=tuple(send_offer(t) for t in owed[:MAX_LISTED]))


def _owed_line(asked: Asked, task: UnitTask) -> Line:
    returned = say("q.my.returned") if task.obligation.status == ObligationStatus.RETURNED else ""
    return say(
        "q.my.owed_line",
        ref=f"{task.ref}. " if task.ref else "",
        name=task.round.name,
        deadline=asked.datetime(task.deadline),
        left=left(asked, task),
        returned=returned,
    )


async def deadline(asked: Asked) -> Answer:
    if not linked(asked):
        return not_linked("my.deadline")
    topic = asked.slots.get("round")
    if topic is None:
        found = await missing(asked)
        return Answer("my.deadline", found.lines, found.offers)
    tasks = [t for t in await unit_tasks.open_tasks(asked.session, asked.actor) if _fits(t, topic)]
    if not tasks:
        return await _not_owed("my.deadline", asked, topic)
    lines, offers = [], []
    for task in tasks:
        status = say(task.status_key)
        if task.owes:
            lines.append(
                say(
                    "q.deadline.line",
                    name=task.round.name,
                    deadline=asked.datetime(task.deadline),
                    left=left(asked, task),
                    status=status,
                )
            )
            offers.append(send_offer(task))
        else:
            lines.append(
                say("q.deadline.done", name=task.round.name, deadline=asked.datetime(task.deadline), status=status)
            )
    return answer("my.deadline", *lines, offers=tuple(offers))


async def _not_owed(intent: str, asked: Asked, topic: str) -> Answer:
    """The unit owes no open round of that topic: say the round's deadline if there is one, or that there is none."""
    rounds = await open_rounds_on(asked, topic)
    if not rounds:
        return answer(intent, say("q.deadline.no_round", topic=say(f"q.topic.{topic}")))
    unit = asked.actor.unit_name or ""
    return answer(
        intent,
        *(say("q.deadline.not_owed", name=r.name, deadline=asked.datetime(r.deadline), unit=unit) for r in rounds),
    )


async def submitted(asked: Asked) -> Answer:
    if not linked(asked):
        return not_linked("my.submitted")
    code = asked.slots.get("unit")
    if code is not None:
        unit = await unit_repo.by_code(asked.session, code)
        if unit is not None and unit.id != asked.actor.unit_id:
            if not sees_everything(asked.actor):
                return answer("my.submitted", say("q.other_unit", unit=asked.actor.unit_name or ""))
            return await office_unit_status(asked, unit)
    topic = asked.slots.get("round")
    unit_name = asked.actor.unit_name or ""
    tasks = [t for t in await unit_tasks.open_tasks(asked.session, asked.actor) if _fits(t, topic)]
    if topic is not None and not tasks:
        return await _not_owed("my.submitted", asked, topic)
    if topic is None and len(tasks) != 1:
        lines = [say("q.submitted.which", unit=unit_name)]
        lines += [say("q.submitted.summary", name=t.round.name, status=say(t.status_key)) for t in tasks]
        return answer("my.submitted", *lines, offers=tuple(send_offer(t) for t in tasks if t.owes))
    lines, offers = [], []
    for task in tasks:
        lines.append(await _sent_line(asked, task, unit_name))
        if task.owes:
            offers.append(send_offer(task))
    return answer("my.submitted", *lines, offers=tuple(offers))


async def _sent_line(asked: Asked, task: UnitTask, unit_name: str) -> Line:
    obligation = task.obligation
    if obligation.status == ObligationStatus.RETURNED:
        return say(
            "q.submitted.returned",
            name=task.round.name,
            unit=unit_name,
            deadline=asked.datetime(task.deadline),
            left=left(asked, task),
        )
    if obligation.versions == 0 or obligation.last_submitted_at is None:
        return say(
            "q.submitted.no",
            unit=unit_name,
            name=task.round.name,
            deadline=asked.datetime(task.deadline),
            left=left(asked, task),
        )
    receipts = [
        r
        for r in await question_repo.latest_receipts(asked.session, obligation.unit_id, 20)
        if r.round_id == task.round.id
    ]
    return say(
        "q.submitted.yes",
        unit=unit_name,
        name=task.round.name,
        versions=obligation.versions,
        when=asked.datetime(obligation.last_submitted_at),
        code=receipts[0].receipt_code if receipts else "—",
        status=say(task.status_key),
    )


async def receipt(asked: Asked) -> Answer:
    """The latest receipt codes of the unit: report versions, and registrations (sent through /dangky)."""
    if not linked(asked):
        return not_linked("my.receipt")
    assert asked.actor.unit_id is not None
    unit = asked.actor.unit_name or ""
    topic = asked.slots.get("round")
    found: list[tuple[datetime, Line]] = []
    rows = await question_repo.latest_receipts(asked.session, asked.actor.unit_id, 30)
    sent = {t.round.id: t for t in await unit_tasks.sent_rounds(asked.session, asked.actor)}
    for r in rows:
        if r.round_id in sent and _fits(sent[r.round_id], topic):
            name = sent[r.round_id].round.name
            line = say(
                "q.receipt.line", code=r.receipt_code, name=name, version=r.version, when=asked.datetime(r.submitted_at)
            )
            found.append((r.submitted_at, line))
    for task in await unit_tasks.open_tasks(asked.session, asked.actor):
        if task.registration and _fits(task, topic):
            latest = await registration_repo.latest(asked.session, task.round.id, asked.actor.unit_id)
            if latest is not None:
                line = say(
                    "q.receipt.line",
                    code=latest.receipt_code,
                    name=task.round.name,
                    version=latest.version,
                    when=asked.datetime(latest.created_at),
                )
                found.append((latest.created_at, line))
    if not found:
        return answer("my.receipt", say("q.receipt.none", unit=unit), offers=(ask_offer("my.missing"),))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return answer("my.receipt", say("q.receipt.header", unit=unit), *(line for _, line in found[:MAX_RECEIPTS]))
