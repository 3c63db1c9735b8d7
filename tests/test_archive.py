"""Zip-based files from users are read through one bounded reader: bombs refused before they expand,
broken workbooks refused as unreadable, memory and time bounded (issue 9, items 1 and 11)."""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core.catalog import plain
from schedules.plan_file import PlanFileError
from schedules.plan_workbook import read_plan_workbook
from services import archive, file_types
from services.award_catalog import AwardCatalog, default_catalog
from services.errors import Refusal
from services.registration_excel import FIRST_DATA_ROW, build_template, read_template
from services.unit_import import UnitImportError, read_xlsx
from tests.zip_samples import odt_bomb, rewrite, truncate_sheet, xlsx_with_huge_shared_strings

ON = dt.date(2025, 3, 1)
# The old code read these members whole: 200 MB and more of peak memory. The bound is loose on purpose.
PEAK_BOUND = 32 * 1024 * 1024


@pytest.fixture(scope="module")
def catalog() -> AwardCatalog:
    return default_catalog()


@pytest.fixture(scope="module")
def filled(catalog: AwardCatalog) -> bytes:
    workbook = load_workbook(io.BytesIO(build_template(catalog, on=ON, unit_name="Phòng 1", year=2025)))
    sheet = workbook["Danh sách"]
    sheet.cell(row=FIRST_DATA_ROW, column=2, value="Vi Văn Đức")
    sheet.cell(row=FIRST_DATA_ROW, column=4, value="LĐTT")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measured(call: Callable[[], Any]) -> tuple[BaseException | None, float, int]:
    """What ``call`` raised, how long it took and its peak of Python memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()
        raised: BaseException | None = None
    except Exception as exc:  # the test looks at which one
        raised = exc
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return raised, elapsed, peak


def test_an_odt_whose_mimetype_expands_to_200_mb_is_refused_quickly_in_bounded_memory() -> None:
    bomb = odt_bomb(200)
    assert len(bomb) < 400_000
    raised, elapsed, peak = measured(lambda: file_types.detect(bomb, "bao_cao.odt"))
    assert isinstance(raised, Refusal) and raised.key == "files.archive_too_big", raised
    assert peak < PEAK_BOUND, f"peak {peak / 1e6:.0f} MB"
    assert elapsed < 2


def test_a_template_with_an_oversized_shared_strings_part_is_refused_before_openpyxl_reads_it(
    catalog: AwardCatalog, filled: bytes
) -> None:
    bomb = xlsx_with_huge_shared_strings(filled, 150)
    assert len(bomb) < 1024 * 1024
    raised, elapsed, peak = measured(lambda: read_template(bomb, catalog, on=ON))
    assert isinstance(raised, Refusal) and raised.key == "files.archive_too_big", raised
    assert "vượt quá giới hạn" in plain(raised.key, **raised.values)
    assert peak < PEAK_BOUND, f"peak {peak / 1e6:.0f} MB"
    assert elapsed < 2


def test_a_member_bigger_than_it_declares_is_caught_while_reading(filled: bytes) -> None:
    # The directory says 10 bytes; the data inflates to far more: zipfile stops at the declared size and
    # the checksum then fails. Either way nothing beyond the declared size is ever produced.
    liar = bytearray(rewrite(filled, lambda name, data: data, extra={"xl/extra.xml": b"x" * 5_000_000}))
    entry = liar.find(b"xl/extra.xml", liar.find(b"PK\x01\x02")) - 46  # its central directory entry
    assert liar[entry : entry + 4] == b"PK\x01\x02"
    assert int.from_bytes(liar[entry + 24 : entry + 28], "little") == 5_000_000
    liar[entry + 24 : entry + 28] = (10).to_bytes(4, "little")  # "uncompressed size: 10 bytes"
    with pytest.raises(archive.NotAnArchive):
        archive.check_workbook(bytes(liar), archive.UPLOADED_WORKBOOK)


def test_a_member_read_through_the_reader_stops_at_its_cap() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("mimetype", b"a" * 10_000)
    with archive.open_archive(out.getvalue(), archive.DOCUMENT) as zipped, pytest.raises(archive.ArchiveRefused):
        archive.read_member(zipped, "mimetype", 256)


def test_real_office_files_still_pass(filled: bytes) -> None:
    assert file_types.detect(filled, "ds.xlsx") == file_types.XLSX
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("mimetype", file_types.ODT.mime_type)
        target.writestr("content.xml", "<office:document-content/>")
    assert file_types.detect(out.getvalue(), "bao_cao.odt") == file_types.ODT


def test_a_truncated_sheet_is_unreadable_not_a_crash(catalog: AwardCatalog, filled: bytes) -> None:
    with pytest.raises(Refusal) as caught:
        read_template(truncate_sheet(filled), catalog, on=ON)
    assert caught.value.key == "reg.excel.unreadable"


def test_imports_from_the_command_line_go_through_the_same_reader(tmp_path: Path, filled: bytes) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(xlsx_with_huge_shared_strings(filled, 150))
    with pytest.raises(PlanFileError) as plan_error:
        read_plan_workbook(bomb)
    assert "vượt quá giới hạn" in str(plan_error.value)
    with pytest.raises(UnitImportError) as unit_error:
        read_xlsx(bomb)
    assert "vượt quá giới hạn" in str(unit_error.value)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(truncate_sheet(filled))
    with pytest.raises(UnitImportError):
        read_xlsx(broken)
