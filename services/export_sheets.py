"""Three sheets of the year's export: "Tình hình", "Văn bản đã nộp", "Đơn vị" (the register: export_registration.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from core.xlsx import Cell, Style, XlsxBook
from services.export_cells import (
    AMBER,
    GREEN,
    HEADER,
    LINE_HEIGHT,
    PURPLE,
    RED,
    WRAP,
    ExportScope,
    add_table_sheet,
    label,
)
from storage.models import AccountRole, ObligationStatus, SubmissionStatus, UnitKind
from storage.repos import export as export_repo
from storage.repos.export import ObligationRow, OfficerRow, RoundRow, SubmissionRow

_ROMAN = ("I", "II", "III", "IV")
MATRIX_HEADER_HEIGHT = 90  # points: a round's name over several lines, then its deadline


def round_title(round_: RoundRow, scope: ExportScope) -> str:
    """ "II.1 Báo cáo sơ kết …\nHạn: 10/06/2024": the plan's reference, the name, the deadline."""
    ref = f"{_ROMAN[round_.quarter - 1]}.{round_.item_no} " if round_.quarter and round_.item_no else ""
    deadline = label("export.deadline", date=scope.local(round_.deadline).strftime("%d/%m/%Y"))
    return f"{ref}{round_.name}\n{deadline}"


def cell_state(obligation: ObligationRow) -> str:
    """How a matrix cell looks: on_time, late, missing, returned or accepted."""
    if obligation.status == ObligationStatus.SUBMITTED:
        return "late" if obligation.late else "on_time"
    return obligation.status.value


# ---------------------------------------------------------------- Tình hình: units × rounds
class StatusMatrix:
    """Rows: units that owe at least one round of the year; columns: the rounds, by deadline.

    A cell is the date of the unit's latest submission, or "Chưa nộp"; its colour says on time, late,
    missing, returned or accepted (bold). A blank cell: the unit does not owe that round. A legend
    sits to the right of the first rows; the last row counts who has submitted.
    """

    def __init__(self) -> None:
        self.title = label("export.sheet.status")  # from the catalogue, read when the export is built

    STYLES: ClassVar[dict[str, Style]] = {
        "on_time": Style(fill=GREEN),
        "late": Style(fill=AMBER),
        "missing": Style(fill=RED),
        "returned": Style(fill=PURPLE),
        "accepted": Style(fill=GREEN, bold=True),
    }
    LEGEND = (
        ("on_time", "export.legend.on_time"),
        ("late", "export.legend.late"),
        ("missing", "export.legend.missing"),
        ("returned", "export.legend.returned"),
        ("accepted", "export.legend.accepted"),
        (None, "export.legend.not_owed"),
    )

    async def collect(self, session: AsyncSession, scope: ExportScope) -> dict[tuple[int, int], ObligationRow]:
        return {(o.unit_id, o.round_id): o for o in await export_repo.obligations_of_year(session, scope.year)}

    def render(self, book: XlsxBook, data: dict[tuple[int, int], ObligationRow], scope: ExportScope) -> None:
        rounds = scope.rounds
        sheet = book.add_sheet(self.title, widths=[42, *([20] * len(rounds)), 3, 46], freeze="B2")
        owing = {unit_id for unit_id, _ in data}
        units = [u for u in scope.units if u.id in owing]
        legend = [Cell(label(key), self.STYLES[state] if state else Style()) for state, key in self.LEGEND]
        title = Cell(label("export.legend.title"), Style(bold=True))
        header = [Cell(label("export.col.unit"), HEADER), *(Cell(round_title(r, scope), HEADER) for r in rounds)]
        sheet.append([*header, None, title], height=MATRIX_HEADER_HEIGHT)
        missing = label("export.missing")
        submitted, owed = [0] * len(rounds), [0] * len(rounds)
        for number, unit in enumerate(units):
            row: list[Any] = [unit.name]
            for col, round_ in enumerate(rounds):
                obligation = data.get((unit.id, round_.id))
                if obligation is None:
                    row.append(None)
                    continue
                owed[col] += 1
                state = cell_state(obligation)
                submitted[col] += state in ("on_time", "late", "accepted")  # returned ones owe it again
                if obligation.last_submitted_at is None:
                    row.append(Cell(missing, self.STYLES[state]))
                else:
                    row.append(Cell(scope.local(obligation.last_submitted_at).date(), self.STYLES[state]))
            if number < len(legend):
                row += [None, legend[number]]
            sheet.append(row)
        for extra in legend[len(units) :]:  # fewer units than legend lines
            sheet.append([None] * (len(rounds) + 2) + [extra])
        total = [f"{done}/{due}" for done, due in zip(submitted, owed, strict=True)]
        sheet.append([Cell(label("export.summary_row"), Style(bold=True)), *total])


# ---------------------------------------------------------------- Văn bản đã nộp: one row per version
@dataclass(frozen=True, slots=True)
class SubmissionData:
    rows: list[SubmissionRow]
    files: dict[int, list[str]]


class SubmissionList:
    def __init__(self) -> None:
        self.title = label("export.sheet.submissions")  # from the catalogue, read when the export is built

    COLUMNS = (
        ("export.col.unit", 40),
        ("export.col.round", 50),
        ("export.col.version", 8),
        ("export.col.receipt", 14),
        ("export.col.submitted_at", 17),
        ("export.col.timeliness", 11),
        ("export.col.status", 18),
        ("export.col.files", 40),
        ("export.col.note", 40),
        ("export.col.review_note", 40),
    )

    async def collect(self, session: AsyncSession, scope: ExportScope) -> SubmissionData:
        rows = await export_repo.submissions_of_year(session, scope.year)
        round_at = {r.id: i for i, r in enumerate(scope.rounds)}
        unit_at = {u.id: i for i, u in enumerate(scope.units)}
        # By round (deadline), then unit in list order, then version: as the status matrix reads.
        rows.sort(key=lambda r: (round_at.get(r.round_id, 0), unit_at.get(r.unit_id, 0), r.version))
        return SubmissionData(rows, await export_repo.file_names_of_year(session, scope.year))

    def render(self, book: XlsxBook, data: SubmissionData, scope: ExportScope) -> None:
        sheet = add_table_sheet(book, self.title, self.COLUMNS)
        units = {u.id: u.name for u in scope.units}
        rounds = {r.id: r.name for r in scope.rounds}
        timeliness = {True: label("export.late"), False: label("export.on_time")}
        status = {s: label(f"export.status.{s.value}") for s in SubmissionStatus}
        for row in data.rows:
            files = data.files.get(row.id)
            sheet.append(
                (
                    units.get(row.unit_id),
                    rounds.get(row.round_id),
                    row.version,
                    row.receipt_code,
                    scope.local(row.submitted_at),
                    timeliness[row.late],
                    status[row.status],
                    "; ".join(files) if files else None,
                    row.note,
                    row.review_note,
                )
            )
        sheet.auto_filter()


# ---------------------------------------------------------------- Don vi: units, validity, officers
class UnitList:
    def __init__(self) -> None:
        self.title = label("export.sheet.units")  # from the catalogue, read when the export is built

    COLUMNS = (
        ("export.col.code", 12),
        ("export.col.unit", 42),
        ("export.col.kind", 28),
        ("export.col.valid_from", 13),
        ("export.col.valid_to", 13),
        ("export.col.merged_into", 30),
        ("export.col.officer_count", 10),
        ("export.col.officers", 60),
    )

    async def collect(self, session: AsyncSession, scope: ExportScope) -> dict[int, list[OfficerRow]]:
        officers: dict[int, list[OfficerRow]] = {}
        for officer in await export_repo.active_officers(session):
            officers.setdefault(officer.unit_id, []).append(officer)
        return officers

    def render(self, book: XlsxBook, data: dict[int, list[OfficerRow]], scope: ExportScope) -> None:
        sheet = add_table_sheet(book, self.title, self.COLUMNS, freeze="C2")
        names = {u.id: u.name for u in scope.units}
        kinds = {kind: label(f"kind.{kind.value}") for kind in UnitKind}
        roles = {role: label(f"role.{role.value}") for role in AccountRole}
        for unit in scope.units:
            people = data.get(unit.id, [])
            lines = [label("export.officer", name=o.display_name, role=roles[o.role] if o.role else "") for o in people]
            sheet.append(
                (
                    unit.code,
                    unit.name,
                    kinds[unit.kind],
                    unit.valid_from,
                    unit.valid_to,
                    names.get(unit.merged_into_id) if unit.merged_into_id else None,
                    len(people),
                    Cell("\n".join(lines), WRAP) if lines else None,
                ),
                height=LINE_HEIGHT * len(lines) if len(lines) > 1 else None,
            )
        sheet.auto_filter()
