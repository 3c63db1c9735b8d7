"""Taking a user's file in: size and name checked before download, type from the content after,
then stored by content hash. Runs outside the message's transaction: a slow download on a weak
network must not hold the database.

A file sent through the bot's upload page (bot/web/upload.py, for channels without documents) is
already checked and stored when it reaches a flow: its ``file_id`` is ``stored:<sha256>``, made only
by that page (no platform's file ids have that form), and its bytes are taken from the store.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

from core.messages import FileRef
from services import file_types
from storage.files import SHA256, FileStore

STORED_PREFIX = "stored:"


def stored_file_id(sha256: str) -> str:
    """The ``file_id`` of a file the upload page has stored: :meth:`UploadIntake.take` reads it back."""
    if not SHA256.match(sha256):
        raise ValueError("not a sha256 digest")
    return STORED_PREFIX + sha256


class DownloadFailed(Exception):
    """The channel could not hand over the file's bytes (network, or the platform refused)."""


class FileFetcher(Protocol):
    """The channel's way to get a file's bytes (Telegram: getFile + download)."""

    async def fetch(self, file: FileRef, max_bytes: int) -> bytes: ...


@dataclass(frozen=True, slots=True)
class StoredUpload:
    sha256: str
    file_name: str
    mime_type: str
    size: int
    label: str  # "PDF", "DOCX", … as shown to people


@dataclass(frozen=True, slots=True)
class UploadIntake:
    fetcher: FileFetcher
    store: FileStore

    async def take(self, file: FileRef) -> StoredUpload:
        default_name = "anh.jpg" if (file.mime_type or "").startswith("image/") else None
        name = file_types.check_name(file.file_name or default_name)
        file_types.check_declared_size(file.size)
        if file.file_id.startswith(STORED_PREFIX):
            content = await self._stored(file.file_id.removeprefix(STORED_PREFIX))
        else:
            content = await self.fetcher.fetch(file, file_types.MAX_BYTES)
        # Off the event loop: a zip's directory is read to tell an office document from a bomb.
        kind = await asyncio.to_thread(file_types.detect, content, name)
        digest = await self.store.put(content)
        return StoredUpload(
            sha256=digest, file_name=name, mime_type=kind.mime_type, size=len(content), label=kind.label
        )

    async def _stored(self, sha256: str) -> bytes:
        """The bytes the upload page stored (checked again below, as any file: cheap, and no trust needed)."""
        if not SHA256.match(sha256) or not self.store.exists(sha256):
            raise DownloadFailed("the stored upload is not in the file store")
        return await self.store.read(sha256)
