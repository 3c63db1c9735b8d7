"""A report being put together in a chat: the files collected so far live in the dialog's data until
the officer confirms. Only checked, stored files get here (the dispatcher stored them first).

The confirm button carries a one-time token that is also kept in the dialog; a successful send clears
the dialog, so a second press (a replay, or a double tap) finds nothing to send.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services import submissions
from services.errors import Refusal
from services.uploads import StoredUpload
from storage.files import FileStore
from storage.repos import dialogs as dialog_repo

MAX_FILES = submissions.MAX_FILES
MAX_NOTE = submissions.MAX_NOTE


def to_data(upload: StoredUpload) -> dict[str, Any]:
    return {
        "sha256": upload.sha256,
        "name": upload.file_name,
        "mime": upload.mime_type,
        "size": upload.size,
        "label": upload.label,
    }


def from_data(items: object) -> list[StoredUpload]:
    """The collected files back from the dialog's JSON (written by :func:`to_data`)."""
    if not isinstance(items, list):
        return []
    return [
        StoredUpload(
            sha256=str(item["sha256"]),
            file_name=str(item["name"]),
            mime_type=str(item["mime"]),
            size=int(item["size"]),
            label=str(item["label"]),
        )
        for item in items
        if isinstance(item, dict)
    ]


def add_file(collected: Sequence[StoredUpload], upload: StoredUpload) -> list[StoredUpload] | None:
    """The list with ``upload`` added; None if the same content is already there."""
    if any(f.sha256 == upload.sha256 for f in collected):
        return None
    if len(collected) >= MAX_FILES:
        raise Refusal("submit.too_many_files", limit=MAX_FILES)
    return [*collected, upload]


def add_note(current: str | None, text: str) -> str:
    """Notes typed one after another are kept together, in order."""
    text = text.strip()
    note = f"{current}\n{text}" if current else text
    if len(note) > MAX_NOTE:
        raise Refusal("common.too_long", limit=MAX_NOTE)
    return note


def new_token() -> str:
    return secrets.token_urlsafe(9)


async def claim(session: AsyncSession, account_id: int, flow: str, token: str) -> bool:
    """True once per token: re-reads the person's dialog under a lock, so of two presses racing in two
    processes the second waits for the first to finish and then finds the dialog gone."""
    row = await dialog_repo.load(session, account_id, lock=True)
    return row is not None and row.flow == flow and row.data.get("token") == token


async def ensure_stored(store: FileStore, uploads: Sequence[StoredUpload]) -> None:
    """Every collected file must still be in the store before a submission points at it."""
    for upload in uploads:
        if not await asyncio.to_thread(store.exists, upload.sha256):
            raise Refusal("submit.file_lost", name=upload.file_name)
