"""Zip files that would expand far beyond their size (decompression bombs) and broken workbooks, for tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

MIB = 1024 * 1024
_SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def rewrite(
    content: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> bytes:
    """A copy of a zip with each member passed through ``change`` (None drops it), plus ``extra``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _stream(target: zipfile.ZipFile, name: str, head: bytes, fill: bytes, megabytes: int, tail: bytes) -> None:
    """A member of ``megabytes`` MiB written in chunks (the test never holds it whole), compressed to the max."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 9  # type: ignore[attr-defined]
    chunk = fill * (MIB // len(fill))
    with target.open(info, "w", force_zip64=True) as member:
        member.write(head)
        for _ in range(megabytes):
            member.write(chunk)
        member.write(tail)


def odt_bomb(megabytes: int) -> bytes:
    """An .odt whose `mimetype` member expands to ``megabytes`` MiB (the file itself stays small)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        _stream(target, "mimetype", b"application/vnd.oasis.opendocument.text", b" ", megabytes, b"")
        target.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def xlsx_with_huge_shared_strings(workbook: bytes, megabytes: int) -> bytes:
    """The workbook with an sharedStrings.xml of one string ``megabytes`` MiB long."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml" and b"sharedStrings" not in data:
                data = data.replace(b"</Types>", _SHARED_STRINGS_TYPE + b"</Types>")
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info.filename, data)
        head = (
            b'<?xml version="1.0" encoding="UTF-8"?><sst count="1" uniqueCount="1" '
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        )
        _stream(target, "xl/sharedStrings.xml", head, b"A", megabytes, b"</t></si></sst>")
    return out.getvalue()


def truncate_sheet(workbook: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with one sheet's XML cut in the middle (as a broken save or transfer leaves it)."""
    return rewrite(workbook, lambda name, data: data[: len(data) // 2] if name == sheet else data)
