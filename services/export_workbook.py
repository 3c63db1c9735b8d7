"""The year's Excel workbook for the Office: who submitted what, when, who the units are, and the
consolidated emulation register (Tổng hợp đăng ký thi đua).

A workbook is a list of sheet writers (:func:`default_sheets`). Each writer first ``collect``s what
it needs with a few set-based queries (inside the caller's transaction), then ``render``s it into a
streaming XLSX book (core/xlsx.py) in a worker thread, so the event loop never waits on it.

To add a sheet, write a class
with ``title``, ``collect`` and ``render`` (see :class:`services.export_cells.SheetWriter`) and add it
to :func:`default_sheets`, or pass ``sheets=`` to :func:`build_export`.

Dates are real Excel date cells (``number_format`` "DD/MM/YYYY", "DD/MM/YYYY HH:MM", local time), so the
Office can sort and filter by them; Excel shows them as dd/mm/yyyy.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.xlsx import XlsxBook
from services import audit
from services.access import ensure_can_view_overview
from services.actors import Actor
from services.errors import Refusal
from services.export_cells import ExportScope, SheetWriter
from services.export_registration import RegistrationRegister
from services.export_sheets import StatusMatrix, SubmissionList, UnitList
from storage.repos import export as export_repo


@dataclass(frozen=True, slots=True)
class ExportFile:
    file_name: str
    content: bytes
    year: int
    rounds: int


def default_sheets() -> list[SheetWriter]:
    """The sheets every export has, in order: the extension point for new sheets."""
    return [StatusMatrix(), SubmissionList(), UnitList(), RegistrationRegister()]


def authorize(actor: Actor) -> None:
    """Admins and leaders may export; a refusal is audited."""
    ensure_can_view_overview(actor, "export.year")


async def build_export(
    session: AsyncSession,
    actor: Actor | None,
    year: int,
    *,
    tz: ZoneInfo,
    now: datetime,
    sheets: Sequence[SheetWriter] | None = None,
) -> ExportFile:
    """The year's workbook as bytes. ``actor`` None is the operator at the command line."""
    if actor is not None:
        authorize(actor)
    rounds = await export_repo.rounds_of_year(session, year)
    if not rounds:
        raise Refusal("export.no_rounds", year=year)
    scope = ExportScope(year, tz, now, await export_repo.units(session), rounds)
    collected = [(writer, await writer.collect(session, scope)) for writer in sheets or default_sheets()]
    content = await asyncio.to_thread(render_workbook, collected, scope)
    await audit.record(
        session,
        actor,
        "export.year",
        now,
        target_type="year",
        target_id=year,
        details={"rounds": len(rounds), "bytes": len(content)},
        label=None if actor is not None else "cli",
    )
    return ExportFile(file_name=f"thi-dua-{year}.xlsx", content=content, year=year, rounds=len(rounds))


def render_workbook(collected: Sequence[tuple[SheetWriter, Any]], scope: ExportScope) -> bytes:
    """Blocking (CPU): every sheet into one book, then the zipped file."""
    book = XlsxBook()
    for writer, data in collected:
        writer.render(book, data, scope)
    return book.save()
