"""Old overdue work folded under the current work, in /nhiemvu and /nopbaocao (services/task_urgency.py)."""

from __future__ import annotations

from core.catalog import shorten, t
from core.text import Label, RichText
from handlers.context import FlowContext
from handlers.task_texts import label, left_text
from services.task_urgency import OVERDUE_WINDOW, Agenda

NAME_CHARS = 120


def folded_block(ctx: FlowContext, view: Agenda) -> RichText:
    key = "tasks.folded_last_year" if view.folded_all_last_year else "tasks.folded_long"
    lines = [t(key, n=len(view.folded), days=OVERDUE_WINDOW.days)]
    lines += [
        t(
            "tasks.folded_line",
            ref=f"{task.ref}. " if task.ref else "",
            name=shorten(task.round.name, NAME_CHARS),
            deadline=ctx.date(task.deadline),
            left=left_text(task.deadline, ctx.now, ctx.config.tz),
        )
        for task in view.folded
    ]
    return RichText.join(lines)


def folded_button_label(view: Agenda) -> Label:
    key = "tasks.folded_button" if view.folded_all_last_year else "tasks.folded_button_long"
    return label(key, n=len(view.folded), days=OVERDUE_WINDOW.days)
