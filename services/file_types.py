"""What a file really is, from its first bytes, not from its name.

Accepted: PDF, DOC/XLS (OLE2), DOCX/XLSX (OOXML), ODT/ODS (OpenDocument), JPEG, PNG.
A zip that is not an office document, an executable renamed to .pdf, an empty file: refused.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from services import archive
from services.errors import Refusal

MAX_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot download
MAX_NAME = 180


@dataclass(frozen=True, slots=True)
class FileKind:
    label: str
    mime_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", (".pdf",))
DOC = FileKind("DOC", "application/msword", (".doc",))
XLS = FileKind("XLS", "application/vnd.ms-excel", (".xls",))
DOCX = FileKind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileKind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT = FileKind("ODT", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind("ODS", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
JPEG = FileKind("JPG", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("PNG", "image/png", (".png",))

KINDS = (PDF, DOC, XLS, DOCX, XLSX, ODT, ODS, JPEG, PNG)
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_MIMETYPE_BYTES = 256  # "application/vnd.oasis.opendocument.spreadsheet" is 46


def check_name(name: str | None) -> str:
    """A safe display name: no path separators or control characters (refused, not silently fixed)."""
    if not name:
        return "tep-dinh-kem"
    if "/" in name or "\\" in name or name in (".", "..") or any(unicodedata.category(ch) == "Cc" for ch in name):
        raise Refusal("files.bad_name")
    if len(name) > MAX_NAME:
        raise Refusal("files.name_too_long", limit=MAX_NAME)
    return name


def check_declared_size(size: int | None) -> None:
    """Before download: Telegram tells the size; refuse what we would not keep anyway."""
    if size is not None and size > MAX_BYTES:
        raise Refusal("files.too_big", limit_mb=MAX_BYTES // (1024 * 1024))
    if size == 0:
        raise Refusal("files.empty")


def detect(content: bytes, name: str) -> FileKind:
    """After download: the real type from the content, and the name must not claim another one."""
    if not content:
        raise Refusal("files.empty")
    if len(content) > MAX_BYTES:
        raise Refusal("files.too_big", limit_mb=MAX_BYTES // (1024 * 1024))
    kind = _sniff(content)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None:
        named = next((k for k in KINDS if extension in k.extensions), None)
        if named is not None:  # a JPG that is not one: damaged, not a type we refuse
            raise Refusal("files.damaged", name=name, label=named.label)
        raise Refusal("files.bad_type")
    if extension and extension not in kind.extensions:
        raise Refusal("files.type_mismatch", declared=extension, actual=kind.label)
    return kind


def _sniff(content: bytes) -> FileKind | None:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(OLE2):
        # Word and Excel 97-2003 share the container; the stream names tell them apart.
        head = content[:65536]
        if "WordDocument".encode("utf-16-le") in head:
            return DOC
        if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
            return XLS
        return None
    if content.startswith(b"PK\x03\x04"):
        return _sniff_zip(content)
    return None


def _sniff_zip(content: bytes) -> FileKind | None:
    """An office document is a zip: its directory is checked against the limits before any member is
    read (a bomb is refused, not decompressed), and only the tiny ODF `mimetype` member is read, capped."""
    try:
        with archive.open_archive(content, archive.DOCUMENT) as zipped:
            names = set(zipped.namelist())
            if "mimetype" in names:
                if zipped.getinfo("mimetype").file_size > MAX_MIMETYPE_BYTES:
                    return None
                declared = archive.read_member(zipped, "mimetype", MAX_MIMETYPE_BYTES).decode("ascii", "replace")
                return {ODT.mime_type: ODT, ODS.mime_type: ODS}.get(declared.strip())
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except archive.NotAnArchive:
        return None
    return None
