"""The scoring sheet as Excel: the template a cluster head loads or fills in, and the cluster's result sheet.

One sheet layout serves both directions: code, group, text, kind, max, guidance, self-score, checker's
score, note. Reading is bounded: the upload's size is capped, the archive goes through
services/archive.py (UPLOADED_WORKBOOK limits) before openpyxl opens it, and only a fixed number of rows
and columns is scanned (read-only mode).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from core.catalog import plain
from core.xlsx import Cell, Style, XlsxBook
from services import archive
from services.errors import Refusal
from services.scoring.ranking import RankRow
from services.scoring.template import ItemKind, SheetTemplate, parse_template

__all__ = [
    "MAX_UPLOAD_BYTES",
    "read_scores",
    "read_template",
    "result_workbook",
    "template_workbook",
]

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 400
COLUMNS = ("code", "group", "text", "kind", "max", "guidance", "reporting", "self", "checker", "note")
SHEET, BANDS = "score.xlsx.sheet", "score.xlsx.bands"
_KINDS = {kind: f"score.xlsx.kind.{kind.value}" for kind in ItemKind}


def _header() -> list[str]:
    return [plain(f"score.xlsx.col.{c}") for c in COLUMNS]


def template_workbook(
    sheet: SheetTemplate,
    *,
    self_points: dict[str, float | None] | None = None,
    checker_points: dict[str, float | None] | None = None,
    notes: dict[str, str] | None = None,
) -> bytes:
    """The sheet as a workbook, optionally with a check's scores filled in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = plain(SHEET)
    ws.append([sheet.name])
    ws.append(_header())
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for item in sheet.criteria:
        ws.append(
            [
                item.code,
                item.parent or "",
                item.text,
                plain(_KINDS[item.kind]),
                item.max,
                item.guidance,
                "x" if item.reporting else "",
                (self_points or {}).get(item.code),
                (checker_points or {}).get(item.code),
                (notes or {}).get(item.code, ""),
            ]
        )
    for letter, width in zip("ABCDEFGHIJ", (8, 8, 60, 12, 10, 30, 10, 10, 10, 30), strict=True):
        ws.column_dimensions[letter].width = width
    bands = book.create_sheet(plain(BANDS))
    bands.append([plain("score.xlsx.col.band_min"), plain("score.xlsx.col.band_name")])
    for band in sheet.bands:
        bands.append([band.min, band.name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _open(content: bytes) -> Any:
    from openpyxl import load_workbook

    if len(content) > MAX_UPLOAD_BYTES:
        raise Refusal("score.xlsx.too_big", limit=MAX_UPLOAD_BYTES // (1024 * 1024))
    try:
        archive.check_workbook(content, archive.UPLOADED_WORKBOOK)  # refused before anything expands
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except archive.NotAnArchive:
        raise Refusal("score.xlsx.unreadable") from None
    except Refusal:
        raise
    except Exception:  # openpyxl fails on a bad file in many ways; each means "unreadable"
        raise Refusal("score.xlsx.unreadable") from None


def _rows(workbook: Any, title_key: str, columns: int) -> list[tuple[Any, ...]]:
    title = plain(title_key)
    if title not in workbook.sheetnames:
        raise Refusal("score.xlsx.not_sheet", sheet=title)
    rows = workbook[title].iter_rows(min_row=1, max_row=MAX_ROWS, max_col=columns, values_only=True)
    try:
        return [tuple(row) + (None,) * (columns - len(row)) for row in rows]
    except Exception:  # read-only sheets are parsed lazily: broken XML surfaces while rows are read
        raise Refusal("score.xlsx.unreadable") from None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any, row: int) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise Refusal("score.xlsx.bad_number", row=row, value=value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise Refusal("score.xlsx.bad_number", row=row, value=_text(value)[:40]) from None


def _body(rows: list[tuple[Any, ...]]) -> list[tuple[int, tuple[Any, ...]]]:
    if len(rows) < 2 or [_text(v) for v in rows[1]] != _header():
        raise Refusal("score.xlsx.bad_header")
    return [(n, row) for n, row in enumerate(rows[2:], start=3) if any(v is not None for v in row)]


def read_template(content: bytes) -> SheetTemplate:
    """A cluster's own sheet from a workbook laid out as :func:`template_workbook` writes it."""
    kinds = {plain(key).casefold(): kind for kind, key in _KINDS.items()}
    workbook = _open(content)
    try:
        rows = _rows(workbook, SHEET, len(COLUMNS))
        band_rows = _rows(workbook, BANDS, 2)
    finally:
        workbook.close()
    criteria: list[dict[str, Any]] = []
    for n, row in _body(rows):
        kind = kinds.get(_text(row[3]).casefold())
        if kind is None:
            raise Refusal("score.xlsx.bad_kind", row=n, value=_text(row[3])[:40])
        criteria.append(
            {
                "code": _text(row[0]),
                "parent": _text(row[1]) or None,
                "text": _text(row[2]),
                "kind": kind,
                "max": _number(row[4], n) or 0.0,
                "guidance": _text(row[5]),
                "reporting": bool(_text(row[6])),
            }
        )
    bands = [
        {"min": _number(row[0], n), "name": _text(row[1])}
        for n, row in enumerate(band_rows[1:], start=2)
        if any(v is not None for v in row)
    ]
    title = _text(rows[0][0]) if rows else ""
    return parse_template({"name": title or plain("score.xlsx.default_name"), "criteria": criteria, "bands": bands})


def read_scores(content: bytes, sheet: SheetTemplate) -> dict[str, tuple[float | None, str]]:
    """The checker's scores and notes from a filled sheet: {code: (points or None, note)} for known items.

    Values are range-checked by the caller (services.scoring.checks.valid_points); an unknown code is refused.
    """
    workbook = _open(content)
    try:
        rows = _rows(workbook, SHEET, len(COLUMNS))
    finally:
        workbook.close()
    known = {item.code for item in sheet.items}
    groups = {c.code for c in sheet.criteria} - known
    result: dict[str, tuple[float | None, str]] = {}
    for n, row in _body(rows):
        code = _text(row[0])
        if code in groups:
            continue
        if code not in known:
            raise Refusal("score.xlsx.unknown_code", row=n, code=code[:32])
        result[code] = (_number(row[8], n), _text(row[9])[:500])
    return result


def result_workbook(
    cluster_name: str, year: int, sheet: SheetTemplate, rows: Sequence[RankRow], unit_names: dict[int, str]
) -> bytes:
    """The cluster's result sheet: place, unit, total, band."""
    book = XlsxBook()
    ws = book.add_sheet(plain("score.result.sheet"), widths=[8, 50, 12, 16], freeze="A3")
    bold = Style(bold=True)
    ws.append([Cell(plain("score.result.title", cluster=cluster_name, year=year, sheet=sheet.name), bold)])
    ws.append(
        [
            Cell(plain(f"score.result.col.{c}"), Style(bold=True, fill="DDEBF7"))
            for c in ("place", "unit", "total", "band")
        ]
    )
    for row in rows:
        ws.append([row.place, unit_names.get(row.unit_id, str(row.unit_id)), row.total, row.band])
    return book.save()
