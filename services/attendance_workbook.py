"""A meeting's attendance list as an Excel workbook: one row per person the invitation reached."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from core.catalog import plain
from core.xlsx import Cell, Style, XlsxBook
from storage.models import Broadcast, PlanItem
from storage.repos.plan_actions import Attendee

BOLD = Style(bold=True)


def attendance_xlsx(item: PlanItem, broadcast: Broadcast, rows: Sequence[Attendee], tz: ZoneInfo) -> bytes:
    book = XlsxBook()
    sheet = book.add_sheet(plain("pa.xlsx.title"), widths=(6, 40, 30, 18, 20), freeze="A4")
    when = f"{broadcast.meeting_at.astimezone(tz):%H:%M %d/%m/%Y}" if broadcast.meeting_at else ""
    sheet.append([Cell(f"{item.ref}. {item.task}", BOLD)])
    sheet.append(
        [plain("pa.xlsx.meeting", task=plain("pa.xlsx.title"), when=when, place=broadcast.meeting_place or "")]
    )
    sheet.append(
        [
            Cell(plain(key), BOLD)
            for key in ("pa.xlsx.no", "pa.xlsx.unit", "pa.xlsx.person", "pa.xlsx.answer", "pa.xlsx.answered_at")
        ]
    )
    for number, row in enumerate(rows, 1):
        answer = plain(f"pa.answer.{row.response.value}") if row.response else plain("pa.answer.none")
        at = f"{row.responded_at.astimezone(tz):%H:%M %d/%m/%Y}" if row.responded_at else ""
        sheet.append([number, row.unit_name or "", row.account_name, answer, at])
    return book.save()
