"""The /xuat workbook's "Tổng hợp đăng ký thi đua" sheet: the year's consolidated emulation register.

The rows are :func:`services.registration_export.register_table`'s, the same as the register file
/dangkythidua sends; only the writer differs (the streaming core/xlsx.py here, openpyxl there), and the
header sits on the first row as on the export's other sheets. A year without registrations still has
the sheet, with its header alone.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from core.xlsx import Cell, Style, XlsxBook
from services.award_catalog import default_catalog
from services.export_cells import LINE_HEIGHT, ExportScope, add_table_sheet, label
from services.registration_export import COLUMNS, RegisterRow, register_table
from services.registration_office import register_rows

__all__ = ["RegistrationRegister"]

_PERSON = Style(wrap=True)
_COLLECTIVE = Style(bold=True, wrap=True)


class RegistrationRegister:
    """One row per collective (bold), then one per individual, of each unit's current registration."""

    def __init__(self) -> None:
        self.title = label("reg.export.sheet")  # from the catalogue, read when the export is built

    async def collect(self, session: AsyncSession, scope: ExportScope) -> list[RegisterRow]:
        rows = await register_rows(session, scope.year)
        if not rows:
            return []
        catalog = await asyncio.to_thread(default_catalog)  # its first read is file I/O
        # Built here, not in render: the ORM objects stay on the session's side of the thread boundary.
        return register_table(rows, catalog, scope.tz)

    def render(self, book: XlsxBook, data: list[RegisterRow], scope: ExportScope) -> None:
        sheet = add_table_sheet(book, self.title, COLUMNS)
        for row in data:
            style = _COLLECTIVE if row.collective else _PERSON
            lines = max((value.count("\n") + 1 for value in row.cells if isinstance(value, str)), default=1)
            sheet.append(
                [None if value is None else Cell(value, style) for value in row.cells],
                height=LINE_HEIGHT * lines if lines > 1 else None,
            )
        sheet.auto_filter()
