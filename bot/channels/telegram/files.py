"""Fetching a user's file from Telegram for the upload intake."""

from __future__ import annotations

from telegram import Bot
from telegram.error import TelegramError

from core.messages import FileRef
from services.errors import Refusal
from services.uploads import DownloadFailed


class TelegramFileFetcher:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, file: FileRef, max_bytes: int) -> bytes:
        try:
            remote = await self.bot.get_file(file.file_id)
            if remote.file_size is not None and remote.file_size > max_bytes:
                raise Refusal("files.too_big", limit_mb=max_bytes // (1024 * 1024))
            return bytes(await remote.download_as_bytearray())
        except TelegramError as exc:
            raise DownloadFailed(str(exc)) from exc
