"""The one way a zip-based file from a user (ODT/ODS, DOCX/XLSX, an uploaded or imported workbook) is opened.

A zip says how big each member will be once decompressed, and it can lie or boast: a 1 MB .xlsx
whose sharedStrings.xml declares a gigabyte took the process to 2 GB. So before anything reads a
member, the central directory is checked against :class:`ArchiveLimits` (member count, declared size
per member and in total, compression ratio), and a member is only ever read through
:func:`read_member`, which stops at its cap whatever the header said. For a workbook that openpyxl
will parse, :func:`check_workbook` also decompresses every member once, bounded, so a member whose
real size differs from its declared one (or whose data is corrupt) is refused before openpyxl sees it.

Refusals are :class:`ArchiveRefused` (a :class:`Refusal` with a catalogue text); a file that is not a
readable zip at all raises :class:`NotAnArchive`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from services.errors import Refusal

__all__ = [
    "DOCUMENT",
    "IMPORT_WORKBOOK",
    "UPLOADED_WORKBOOK",
    "ArchiveLimits",
    "ArchiveRefused",
    "NotAnArchive",
    "check_workbook",
    "open_archive",
    "read_member",
]

MIB = 1024 * 1024
_CHUNK = 64 * 1024
# Below this a member's ratio says nothing (1,000 spaces compress 100:1 and harm no one).
_RATIO_FLOOR = 256 * 1024


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: float  # decompressed / compressed, for members over 256 KiB


# A document kept in the file store (≤ 20 MB): only its directory is read, and its `mimetype`.
DOCUMENT = ArchiveLimits(max_members=20_000, max_member_bytes=512 * MIB, max_total_bytes=1024 * MIB, max_ratio=100)
# A filled registration template (~20 KB, ≤ 2 MB): openpyxl parses all of it, in memory.
UPLOADED_WORKBOOK = ArchiveLimits(max_members=200, max_member_bytes=8 * MIB, max_total_bytes=24 * MIB, max_ratio=100)
# A plan or unit list the operator imports from the command line.
IMPORT_WORKBOOK = ArchiveLimits(max_members=500, max_member_bytes=64 * MIB, max_total_bytes=128 * MIB, max_ratio=100)


class NotAnArchive(Exception):
    """Not a zip file that can be read (truncated, corrupt, or something else altogether)."""


class ArchiveRefused(Refusal):
    """A zip that would expand beyond the limits: refused before it is decompressed."""

    def __init__(self, limit_bytes: int) -> None:
        super().__init__("files.archive_too_big", limit_mb=max(1, -(-limit_bytes // MIB)))


def _check_directory(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise ArchiveRefused(limits.max_total_bytes)
    total = 0
    for info in members:
        declared = info.file_size
        if declared > limits.max_member_bytes:
            raise ArchiveRefused(limits.max_total_bytes)
        if declared > _RATIO_FLOOR and declared > limits.max_ratio * max(info.compress_size, 1):
            raise ArchiveRefused(limits.max_total_bytes)
        total += declared
        if total > limits.max_total_bytes:
            raise ArchiveRefused(limits.max_total_bytes)


@contextmanager
def open_archive(source: bytes | Path, limits: ArchiveLimits) -> Iterator[zipfile.ZipFile]:
    """The zip, its directory checked against ``limits``; read members with :func:`read_member` only."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise NotAnArchive(str(exc)) from None
    with archive:
        _check_directory(archive, limits)
        yield archive


def read_member(archive: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a member, decompressed in chunks: more than that is refused, not read."""
    out = bytearray()
    try:
        with archive.open(name) as member:
            while chunk := member.read(min(_CHUNK, max_bytes + 1 - len(out))):
                out += chunk
                if len(out) > max_bytes:
                    raise ArchiveRefused(max_bytes)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise NotAnArchive(str(exc)) from None
    return bytes(out)


def check_workbook(source: bytes | Path, limits: ArchiveLimits) -> None:
    """Before openpyxl opens it: the directory within limits and every member's real size within its
    declared one (decompressed once, in chunks, never held whole), its checksum right."""
    with open_archive(source, limits) as archive:
        total = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            try:
                with archive.open(info) as member:
                    size = 0
                    while chunk := member.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.max_member_bytes or total > limits.max_total_bytes:
                            raise ArchiveRefused(limits.max_total_bytes)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
                raise NotAnArchive(str(exc)) from None
            if size != info.file_size:
                raise NotAnArchive(f"{info.filename}: {size} bytes, {info.file_size} declared")
