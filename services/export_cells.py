"""What the export's sheets share: the scope, the writer protocol, the colours and cell helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import TEXTS, Ref, t
from core.xlsx import Cell, Style, XlsxBook, XlsxSheet
from storage.repos.export import RoundRow, UnitRow

# Cell colours of the status matrix (RGB), also shown in its legend.
GREEN = "C6EFCE"  # submitted on time; accepted (bold)
AMBER = "FFD966"  # submitted late
RED = "FFC7CE"  # not submitted
PURPLE = "D9C3E9"  # returned: the unit owes it again
HEADER = Style(bold=True, fill="DDEBF7", wrap=True)
HEADER_HEIGHT = 32  # points: two lines of a wrapped header
LINE_HEIGHT = 15
WRAP = Style(wrap=True)


@dataclass(frozen=True, slots=True)
class ExportScope:
    """What every sheet shares: the year, the clock and zone, the units and the year's rounds."""

    year: int
    tz: ZoneInfo
    now: datetime
    units: Sequence[UnitRow]
    rounds: Sequence[RoundRow]

    def local(self, value: datetime) -> datetime:
        """Local wall time without tzinfo: Excel cells have no time zone."""
        return value.astimezone(self.tz).replace(tzinfo=None)


class SheetWriter(Protocol):
    """One sheet of the export. ``collect`` runs in the caller's transaction, ``render`` in a worker
    thread (no database access there: everything it needs comes from ``collect``)."""

    title: str

    async def collect(self, session: AsyncSession, scope: ExportScope) -> Any: ...

    def render(self, book: XlsxBook, data: Any, scope: ExportScope) -> None: ...


def label(key: str, **values: object) -> str:
    """A catalogue text for a cell: plain text, so values are not HTML-escaped (a cell is not HTML)."""
    return TEXTS[key].format_map({name: t(v) if isinstance(v, Ref) else v for name, v in values.items()})


def add_table_sheet(
    book: XlsxBook, title: str, columns: Sequence[tuple[str, float]], *, freeze: str = "A2"
) -> XlsxSheet:
    """A sheet with a header row of catalogue labels: ``columns`` are (catalogue key, width)."""
    sheet = book.add_sheet(title, widths=[width for _, width in columns], freeze=freeze)
    sheet.append([Cell(label(key), HEADER) for key, _ in columns], height=HEADER_HEIGHT)
    return sheet
