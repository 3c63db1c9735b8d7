"""The bot's web routes served on 127.0.0.1 for tests, with sample files and a recorder standing in for
the conversation that receives an upload."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from core.messages import FileRef
from services.uploads import DownloadFailed, StoredUpload, UploadIntake
from storage.files import FileStore

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@contextlib.asynccontextmanager
async def serving(routes: list[web.RouteDef]) -> AsyncIterator[str]:
    """A plain application with ``routes`` on 127.0.0.1 (a free port); yields its base URL."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


class NoDownloads:
    """A channel fetcher that must not be used: an uploaded file is already in the store."""

    async def fetch(self, file: FileRef, max_bytes: int) -> bytes:
        raise DownloadFailed("the upload page's file was fetched from a channel")


@dataclass
class Conversation:
    """``on_upload`` as the coordinator wires it: the file taken by the dispatcher's UploadIntake."""

    intake: UploadIntake
    received: list[tuple[str, str, FileRef]] = field(default_factory=list)
    taken: list[StoredUpload] = field(default_factory=list)
    fail: bool = False

    async def __call__(self, platform: str, chat_id: str, file: FileRef) -> None:
        self.received.append((platform, chat_id, file))
        if self.fail:
            raise RuntimeError("the dispatcher broke")
        self.taken.append(await self.intake.take(file))


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


@pytest.fixture
def conversation(store: FileStore) -> Conversation:
    return Conversation(UploadIntake(NoDownloads(), store))


def stored(store: FileStore) -> list[str]:
    return sorted(f.digest or "" for f in store.listing())
