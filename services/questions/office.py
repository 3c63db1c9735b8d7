"""Answers to the Office's questions, the same figures as its views (/chuanop, /dangkythidua, /thongbao).

Only admins and leaders get them; anyone else gets a polite refusal and no other unit's data.
"""

from __future__ import annotations

from services import broadcasts
from services.questions.answer import Answer, Asked, answer, say
from services.questions.matcher import default_matcher
from services.rounds import days_left, status_of
from services.status_overview import tally
from storage.models import AccountRole, BroadcastStatus, ReplyKind, Round, RoundKind, RoundStatus, Unit
from storage.repos import broadcasts as broadcast_repo
from storage.repos import questions as question_repo
from storage.repos import registrations as registration_repo
from storage.repos import rounds as round_repo

MAX_UNITS = 15
MAX_PEOPLE = 15
NOTICES_LOOKED_AT = 20


def sees_everything(actor: object) -> bool:
    """The roles that see every unit (as services.access.ensure_can_view_overview), asked without raising."""
    return bool(getattr(actor, "is_active", False)) and getattr(actor, "role", None) in (
        AccountRole.ADMIN,
        AccountRole.LEADER,
    )


def refused(intent: str) -> Answer:
    return answer(intent, say("q.office_only"))


async def open_rounds_on(asked: Asked, topic: str | None) -> list[Round]:
    rounds = await round_repo.rounds(asked.session, status=RoundStatus.OPEN)
    matcher = default_matcher()
    return [r for r in rounds if topic is None or matcher.round_fits(topic, r.name, r.kind is RoundKind.REGISTRATION)]


async def missing(asked: Asked) -> Answer:
    if not sees_everything(asked.actor):
        return refused("office.missing")
    topic = asked.slots.get("round")
    rounds = await open_rounds_on(asked, topic)
    if topic is not None and not rounds:
        return answer("office.missing", say("q.office.no_round", topic=say(f"q.topic.{topic}")))
    if topic is None and len(rounds) != 1:
        counts = await round_repo.status_counts(asked.session, [r.id for r in rounds])
        lines = [say("q.office.rounds_header")]
        for r in rounds:
            figures = tally(r, counts.get(r.id, {}))
            lines.append(say("q.office.round_line", name=r.name, owing=figures.owing, total=figures.total))
        return answer("office.missing", *lines)
    counts = await round_repo.status_counts(asked.session, [r.id for r in rounds])
    lines = []
    for round_ in rounds:
        figures = tally(round_, counts.get(round_.id, {}))
        if figures.owing == 0:
            lines.append(say("q.office.all_sent", name=round_.name, total=figures.total))
            continue
        lines.append(
            say(
                "q.office.missing_header",
                name=round_.name,
                deadline=asked.date(round_.deadline),
                owing=figures.owing,
                total=figures.total,
            )
        )
        for name, due_at in await question_repo.owing_first(asked.session, round_.id, MAX_UNITS):
            overdue = -days_left(due_at or round_.deadline, asked.now, asked.tz)
            late = say("q.office.missing_late", days=overdue) if overdue > 0 else ""
            lines.append(say("q.office.missing_line", unit=name, late=late))
        if figures.owing > MAX_UNITS:
            lines.append(say("q.office.missing_more", count=figures.owing - MAX_UNITS))
    return answer("office.missing", *lines)


async def office_unit_status(asked: Asked, unit: Unit) -> Answer:
    """Another unit's rounds, for the Office (what /chuanop shows of one unit)."""
    topic = asked.slots.get("round")
    rounds = {r.id: r for r in await open_rounds_on(asked, topic)}
    lines = []
    for obligation, round_ in await round_repo.obligations_of_unit(asked.session, unit.id):
        if round_.id in rounds:
            lines.append(
                say("q.submitted.summary", name=f"{unit.name} · {round_.name}", status=say(status_of(obligation)))
            )
    if not lines:
        lines.append(
            say(
                "q.deadline.not_owed",
                name=", ".join(r.name for r in rounds.values()) or "—",
                deadline="—",
                unit=unit.name,
            )
        )
    return answer("my.submitted", *lines)


async def registered(asked: Asked) -> Answer:
    if not sees_everything(asked.actor):
        return refused("office.registered")
    rounds = await registration_repo.registration_rounds(asked.session)
    if not rounds:
        return answer("office.registered", say("q.office.no_registration"))
    round_ = rounds[0]  # newest year first
    registered_ids = await registration_repo.registered_unit_ids(asked.session, round_.id)
    total, count = await question_repo.owing_count_among(asked.session, round_.id, registered_ids)
    return answer(
        "office.registered",
        say("q.office.registered", name=round_.name, done=count, total=total, missing=total - count),
    )


async def unacked(asked: Asked) -> Answer:
    if not sees_everything(asked.actor):
        return refused("office.unacked")
    if not asked.actor.is_admin:  # the notices' reports are the admins' (services.broadcasts)
        return answer("office.unacked", say("q.office.admins_only"))
    recent = await broadcast_repo.history(asked.session, before_id=None, limit=NOTICES_LOOKED_AT)
    asking = [
        b
        for b in recent
        if b.reply_kind is not ReplyKind.NONE
        and b.status is not BroadcastStatus.DRAFT
        and b.status is not BroadcastStatus.CANCELLED
    ]
    if not asking:
        return answer("office.unacked", say("q.office.no_notice"))
    notice = asking[0]  # the latest notice that asked for an answer (yesterday's, usually)
    _, lines = await broadcasts.not_answered(asked.session, asked.actor, notice.id)
    sent_on = asked.date(notice.confirmed_at or notice.created_at)
    excerpt = broadcasts.excerpt(notice.text, 50)
    if not lines:
        return answer("office.unacked", say("q.office.unacked_none", id=notice.id, day=sent_on, excerpt=excerpt))
    shown = [say("q.office.unacked_header", id=notice.id, day=sent_on, excerpt=excerpt, count=len(lines))]
    shown += [
        say("q.office.unacked_line", name=line.account_name, unit=line.unit_name or "—") for line in lines[:MAX_PEOPLE]
    ]
    if len(lines) > MAX_PEOPLE:
        shown.append(say("q.office.unacked_more", count=len(lines) - MAX_PEOPLE))
    return answer("office.unacked", *shown)
