"""Pieces the year's-end flows share: the year, notices to units and the Office, numbers and dates as
people type them, long lists in parts, files out, and the dialog guard every button re-checks."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Sequence

from core.catalog import label
from core.messages import Choice, OutgoingDocument
from core.text import RichText
from handlers.context import FlowContext, Keyboard
from handlers.office_format import part_chars, parts
from services import file_types, office_review, unit_tasks
from services.award_catalog import AwardCatalog, default_catalog
from services.dossiers.rules import DossierRules, default_rules
from services.errors import Refusal
from services.unit_notice import UnitNotice
from services.uploads import StoredUpload

_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[;:\-–—|]\s*|\s+)?(.*)$", re.S)
_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
NOTE_CHARS = 500


def year_of(ctx: FlowContext) -> int:
    """The year whose work is being closed: the calendar year in Việt Nam (the council meets in December)."""
    return ctx.today.year


async def catalog() -> AwardCatalog:
    return await asyncio.to_thread(default_catalog)  # parsed once, off the event loop


async def dossier_rules() -> DossierRules:
    return await asyncio.to_thread(default_rules)


def award_name(awards: AwardCatalog, code: str) -> tuple[str, str]:
    """(full name, short form) of an award code; the code itself for one the catalogue no longer has."""
    award = awards.find(code)
    return (award.name, award.short) if award else (code, code)


def points_text(value: float | None) -> str:
    """12.5 → "12,5"; None → "—"."""
    return "—" if value is None else f"{value:g}".replace(".", ",")


def parse_points(text: str) -> tuple[float, str] | None:
    """ "18", "18,5", "18.5; thiếu 1 cuộc", "4 - chậm 1 báo cáo" → (points, note); None when no number leads."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    return float(match.group(1).replace(",", ".")), " ".join(match.group(2).split())[:NOTE_CHARS]


def parse_date(text: str) -> dt.date | None:
    """ "20/12/2024" (also 20-12-2024, 20.12.2024) → a date; None when it is not one."""
    match = _DATE.match(text)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_int(text: str) -> int | None:
    digits = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    return int(digits) if digits.isdigit() and len(digits) <= 12 else None


def guard(ctx: FlowContext, flow: str, steps: Sequence[str], **expected: object) -> None:
    """A button that belongs to a dialog step: stale unless the chat is at that step of that dialog,
    about the same thing (a check, a dossier, a session)."""
    data = ctx.dialog.data
    if ctx.dialog.flow != flow or ctx.dialog.step not in steps:
        raise Refusal("common.stale_button")
    if any(data.get(name) != value for name, value in expected.items()):
        raise Refusal("common.stale_button")


async def tell_units(ctx: FlowContext, notices: Sequence[UnitNotice]) -> int:
    """Send each notice to its unit's reachable accounts; how many messages went out."""
    sent = 0
    for notice in notices:
        for account in await office_review.recipients(ctx.session, notice.unit_id):
            if account.id != ctx.actor.account_id:
                sent += await ctx.send_to_person(account.id, notice.text)
    return sent


async def tell_office(ctx: FlowContext, text: RichText) -> None:
    for chat_id in await unit_tasks.office_chats(ctx.session, ctx.actor):
        ctx.send_to(chat_id, text)


def say_long(ctx: FlowContext, head: RichText, lines: Sequence[RichText], buttons: Keyboard = ()) -> None:
    """A header and a list that may be long: cut into messages the chat's channel takes, the choices on the last."""
    room = max(part_chars(ctx.channel.text_limit) - len(head.markup), ctx.channel.text_limit // 4)
    chunks = parts(lines, max_chars=room) or [[]]
    for index, chunk in enumerate(chunks):
        text = RichText.join([head, *chunk]) if index == 0 else RichText.join(chunk)
        ctx.say(text, buttons if index == len(chunks) - 1 else ())


def send_file(ctx: FlowContext, name: str, content: bytes, caption: RichText) -> None:
    """A generated file (Excel, Word); a channel without documents turns it into a link."""
    ctx.send_document(OutgoingDocument(file_name=name, content=content), caption)


def rows(*choices: Choice | None) -> Keyboard:
    """One choice per row, skipping the ones not offered (None)."""
    return tuple((c,) for c in choices if c is not None)


async def read_xlsx(upload: StoredUpload, content: bytes, today: dt.date) -> bytes | None:
    """A step's preparer for a workbook: its bytes when it is one (the step's service reads it)."""
    return content if upload.mime_type == file_types.XLSX.mime_type else None


def typed(ctx: FlowContext) -> str:
    """The message's text, spaces collapsed."""
    return " ".join((ctx.incoming.text or "").split())


def back(data: str) -> Choice:
    return Choice(label("common.back"), data)


__all__ = [
    "award_name",
    "back",
    "catalog",
    "dossier_rules",
    "guard",
    "parse_date",
    "parse_int",
    "parse_points",
    "points_text",
    "read_xlsx",
    "rows",
    "say_long",
    "send_file",
    "tell_office",
    "tell_units",
    "typed",
    "year_of",
]
