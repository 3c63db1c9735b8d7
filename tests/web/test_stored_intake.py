"""A file the upload page stored reaches a flow as ``stored:<sha256>``: UploadIntake takes its bytes from
the store (checked again), never from a channel."""

from __future__ import annotations

import hashlib

import pytest

from core.messages import FileRef
from services.errors import Refusal
from services.uploads import DownloadFailed, stored_file_id
from storage.files import FileStore
from tests.web.conftest import EXE, PDF, Conversation


async def test_a_stored_upload_is_taken_from_the_store(store: FileStore, conversation: Conversation) -> None:
    digest = await store.put(PDF)
    taken = await conversation.intake.take(FileRef(stored_file_id(digest), "ke-hoach.pdf", "application/pdf", len(PDF)))
    assert (taken.sha256, taken.file_name, taken.label, taken.size) == (digest, "ke-hoach.pdf", "PDF", len(PDF))


async def test_a_stored_id_for_nothing_stored_or_not_a_digest_fails_like_a_download(
    store: FileStore, conversation: Conversation
) -> None:
    for file_id in ("stored:" + hashlib.sha256(b"never stored").hexdigest(), "stored:../../etc/passwd", "stored:"):
        with pytest.raises(DownloadFailed):
            await conversation.intake.take(FileRef(file_id, "a.pdf", "application/pdf", 10))
    with pytest.raises(ValueError):
        stored_file_id("not-a-digest")


async def test_a_stored_file_is_checked_again(store: FileStore, conversation: Conversation) -> None:
    digest = await store.put(EXE)
    with pytest.raises(Refusal) as refused:
        await conversation.intake.take(FileRef(stored_file_id(digest), "a.pdf", "application/pdf", len(EXE)))
    assert refused.value.key == "files.damaged"
