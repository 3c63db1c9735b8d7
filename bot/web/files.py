"""``GET /f/{token}``: a stored file behind a signed, expiring link (services/file_links.py).

For channels that cannot send documents (Zalo): the bot puts the link in its message instead of the
file. A bad link gets 403 and an expired one 410, each with a page saying so in Vietnamese; neither
the token nor the file's name is ever logged (the token is the download right, a name may be
personal). The bytes are streamed from the FileStore, not read into memory.
"""

from __future__ import annotations

import logging
import mimetypes
import unicodedata
from urllib.parse import quote

from aiohttp import web

from bot.web.pages import SECURITY_HEADERS, page
from core.catalog import plain, t
from core.clock import Clock
from services import file_links
from storage.files import FileStore

log = logging.getLogger(__name__)


def file_routes(store: FileStore, key: bytes, clock: Clock) -> list[web.RouteDef]:
    """The download route; ``key`` from bot/file_link_key.load_file_link_key."""

    async def download(request: web.Request) -> web.StreamResponse:
        try:
            link = file_links.verify(request.match_info["token"], clock.now(), key=key)
        except file_links.ExpiredLink as refusal:
            return page(plain("web.link_title"), t(refusal.key), status=410)
        except file_links.BadLink as refusal:
            log.info("a download link that the bot did not sign was refused")
            return page(plain("web.link_title"), t(refusal.key), status=403)
        path = store.path_of(link.sha256)
        if not path.is_file():  # swept, or the store was moved without it
            log.warning("a signed download link names a file no longer stored (%s…)", link.sha256[:12])
            return page(plain("web.link_title"), t("web.file_gone"), status=410)
        headers = {
            **SECURITY_HEADERS,
            "Content-Type": content_type(link.name),
            "Content-Disposition": content_disposition(link.name),
            "Cache-Control": "private, no-store",
        }
        return web.FileResponse(path, headers=headers)

    return [web.get("/f/{token}", download)]


def content_disposition(name: str) -> str:
    """RFC 6266: the real name UTF-8 encoded (every current browser), an ASCII one for the rest."""
    fallback = (
        "".join(
            ch if ch.isascii() and (ch.isalnum() or ch in "._- ") else "_"
            for ch in unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
            if not unicodedata.combining(ch)
        ).strip()
        or "tep"
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def content_type(name: str) -> str:
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"
