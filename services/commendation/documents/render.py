"""Fill a .docx template (docxtpl: Jinja tags in Word) and return the file's bytes."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"
MINUTES, DECISION, SUBMISSION = "bien_ban", "quyet_dinh", "to_trinh"


def render(template: str, context: dict[str, Any], *, folder: Path = TEMPLATES) -> bytes:
    """The document ``template`` (a name in ``folder``) filled with ``context``; values are escaped as text."""
    from docxtpl import DocxTemplate  # only when a document is made

    document = DocxTemplate(str(folder / f"{template}.docx"))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def date_words(day: date) -> str:
    """ "ngày 05 tháng 02 năm 2024": NĐ 30/2020 writes days below 10 and months 1–2 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: date) -> str:
    return f"{place}, {date_words(day)}"


def money(amount: int) -> str:
    """2340000 → "2.340.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")
