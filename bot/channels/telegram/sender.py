"""Rendering for Telegram: long texts split at line breaks, files given by id or by their bytes.

The channel that sends (outbound.py) uses these for every message.
"""

from __future__ import annotations

from telegram import InputFile
from telegram.constants import MessageLimit

from core.messages import OutgoingDocument
from core.text import split_lines


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long rendered text at line breaks so each part stays within Telegram's limit."""
    return split_lines(text, limit)


def input_file(out: OutgoingDocument) -> str | InputFile:
    """A file Telegram already has goes by its id; otherwise the bytes are uploaded."""
    if out.file_id is not None:
        return out.file_id
    if out.content is not None:
        return InputFile(out.content, filename=out.file_name)
    assert out.path is not None
    return InputFile(out.path.read_bytes(), filename=out.file_name)
