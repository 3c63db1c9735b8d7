"""How a plan item's prompt, a meeting's eve reminder and the Office digest's overdue items read.
The buttons open /viecvanphong (prefix ``vv``), whose handlers re-check who presses them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.catalog import Ref, label, shorten, t
from core.clock import fmt_date
from core.messages import Choice, Reply
from core.text import RichText
from handlers.routes import callback_data
from services.plan_action_content import MeetingEve, PlanActionContent
from services.plan_actions import OverdueItem

PREFIX = "vv"
EVE_TEXT_CHARS = 600  # the invitation may fill a message; its eve reminder quotes the start of it


def meeting_when(at: datetime, tz: ZoneInfo) -> str:
    local = at.astimezone(tz)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def compose_button(item_id: int, kind: str) -> Choice:
    key = "pa.compose_meeting_button" if kind == "meeting" else "pa.compose_notice_button"
    return Choice(label(key), callback_data(PREFIX, "bc", item_id))


def render(content: PlanActionContent, now: datetime, tz: ZoneInfo) -> Reply:
    if isinstance(content, MeetingEve):
        text = t(
            "pa.eve",
            text=shorten(content.text, EVE_TEXT_CHARS),
            when=meeting_when(content.meeting_at, tz),
            place=content.place or Ref("pa.place_unknown"),
        )
        return Reply(text=text)
    due = fmt_date(content.due_on, tz) if content.due_on else content.due_note or Ref("plan.due_unknown")
    if content.kind in ("notice", "meeting"):
        text = t(f"pa.prompt.{content.kind}", task=content.task, ref=content.ref, due=due)
        return Reply(text=text, buttons=((compose_button(content.item_id, content.kind),),))
    today = content.due_on is not None and content.due_on == now.astimezone(tz).date()
    text = t(
        "pa.prompt.task",
        task=content.task,
        ref=content.ref,
        kind=Ref(f"pa.kind.{content.kind}"),
        due=due,
        when=Ref("pa.prompt.today") if today else "",
    )
    button = Choice(label("pa.open_button", ref=content.ref), callback_data(PREFIX, "i", content.item_id))
    return Reply(text=text, buttons=((button,),))


def digest_lines(items: tuple[OverdueItem, ...], tz: ZoneInfo) -> list[RichText]:
    if not items:
        return []
    lines = [t("pa.digest_header")]
    for item in items:
        owner = t("pa.digest_owner", name=item.owner_name) if item.owner_name else ""
        lines.append(t("pa.digest_line", ref=item.ref, task=item.task, due=fmt_date(item.deadline, tz), owner=owner))
    return lines
