"""Answers from the plan in force: a quarter's items, the council's meeting, who leads the cross-check."""

from __future__ import annotations

from services import plan_view
from services.questions.answer import Answer, Asked, Line, answer, say
from services.questions.my_unit import linked, not_linked
from services.questions.normalise import normalise
from storage.models import Plan, PlanItem
from storage.repos import rounds as round_repo

TASK_CHARS = 110


async def plan_in_force(asked: Asked) -> Plan | None:
    """The one place these answers ask which plan is in force (the current one)."""
    return await round_repo.current_plan(asked.session)


def _short(text: str) -> str:
    return text if len(text) <= TASK_CHARS else text[: TASK_CHARS - 1] + "…"


async def quarter(asked: Asked) -> Answer:
    if not linked(asked):
        return not_linked("plan.quarter")
    assert asked.actor.unit_id is not None
    plan = await plan_in_force(asked)
    if plan is None:
        return answer("plan.quarter", say("q.plan.none"))
    wanted = asked.slots.get("quarter")
    current = plan_view.default_quarter(plan.year, asked.today)
    number = {"current": current, "next": min(current + 1, 4)}.get(wanted or "current") or int(wanted or current)
    # Marked: the items whose round the caller's unit owes (cheaper than /kehoach's full involvement).
    owed = {
        r.plan_item_id
        for _, r in await round_repo.obligations_of_unit(asked.session, asked.actor.unit_id, open_only=False)
    }
    items = [(item, due) for item, due in await _items(asked, plan) if item.quarter == number]
    lines = [say("q.plan.header", title=plan.title, quarter=number, count=len(items))]
    for item, due in items:
        lines.append(_line(item, due, mine=item.id in owed))
    lines.append(say("q.plan.footer"))
    return answer("plan.quarter", *lines)


async def _items(
    asked: Asked, plan: Plan, words: str | None = None, lead: str | None = None
) -> list[tuple[PlanItem, object]]:
    """Items whose task names ``words`` (accents folded) or that ``lead`` leads (all without either)."""
    deadlines = {
        r.plan_item_id: r.deadline for r in await round_repo.rounds(asked.session, year=plan.year) if r.plan_item_id
    }
    found = []
    for item in await round_repo.plan_items(asked.session, plan.id):
        task = f" {normalise(item.task)} "
        if words is None or f" {words} " in task or (lead is not None and item.lead == lead):
            due = asked.date(deadlines[item.id]) if item.id in deadlines else _due(asked, item)
            found.append((item, due))
    return found


def _line(item: PlanItem, due: object, *, mine: bool = False) -> Line:
    mark = say("q.plan.mine") if mine else ""
    return say("q.plan.item", mark=mark, ref=item.ref, task=_short(item.task), due=due)


def _due(asked: Asked, item: PlanItem) -> object:
    if item.due_on:
        return item.due_on.strftime("%d/%m/%Y")
    return item.due_note or say("q.plan.no_due")


def _lead(item: PlanItem) -> Line | None:
    if not item.lead:
        return None
    kind, _, code = item.lead.rpartition(":")
    return say("q.plan.lead", who=say(f"plan.group.{code}") if not kind else code)


async def council(asked: Asked) -> Answer:
    plan = await plan_in_force(asked)
    if plan is None:
        return answer("plan.council", say("q.plan.none"))
    items = await _items(asked, plan, "hoi dong", lead="HD")
    if not items:
        return answer("plan.council", say("q.council.none"))
    return answer("plan.council", say("q.council.header", title=plan.title), *(_line(i, d) for i, d in items))


async def cross_check(asked: Asked) -> Answer:
    plan = await plan_in_force(asked)
    if plan is None:
        return answer("plan.cross_check", say("q.plan.none"))
    items = await _items(asked, plan, "kiem tra cheo")
    if not items:
        return answer("plan.cross_check", say("q.cross_check.none"))
    lines = [say("q.cross_check.header", title=plan.title)]
    for item, due in items:
        lines.append(_line(item, due))
        if lead := _lead(item):
            lines.append(lead)
    lines.append(say("q.cross_check.note"))
    return answer("plan.cross_check", *lines)
