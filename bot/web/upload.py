"""``GET/POST /u/{token}``: the upload page for a chat whose channel cannot send documents (Zalo).

The bot offers the link at a step that takes files (services/upload_tickets.py). ``GET`` shows one
small form; ``POST`` takes the file:

1. the ticket is checked first: a dead link (not the bot's, used, expired) gets a page saying so and
   its body is never read, so nothing is stored;
2. the file is read from the multipart stream and cut off at the size limit, its name checked, its
   type found from its content (services/file_types.py, whose zips go through services/archive.py);
   a refused file gets the form again with the reason, and the link stays usable;
3. only then is the ticket claimed (atomically: of two uploads racing, one wins), the bytes stored
   in the FileStore, and the file handed to the conversation through ``on_upload`` as a
   :class:`FileRef` whose ``file_id`` is ``stored:<sha256>``: the dispatcher's UploadIntake takes the
   stored bytes, and the step runs exactly as for a file sent in the chat (its receipt goes there).

The token is never logged (the ticket's id is).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import BodyPartReader, web

from bot.web.pages import page, upload_form
from core.catalog import has, plain, t
from core.clock import Clock
from core.messages import FileRef
from core.text import RichText, fmt_size
from services import file_types, upload_tickets
from services.errors import Refusal
from services.upload_tickets import Ticket, TicketRefused
from services.uploads import stored_file_id
from storage.db import Database
from storage.files import FileStore

log = logging.getLogger(__name__)

OnUpload = Callable[[str, str, FileRef], Awaitable[None]]
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file itself
MAX_PARTS = 4  # the form has one field; a body with more is not from it
_CHUNK = 64 * 1024
_STATUS = {
    "files.too_big": 413,
    "files.archive_too_big": 413,
    "files.bad_name": 400,
    "files.name_too_long": 400,
    "files.empty": 400,
    "web.upload_no_file": 400,
}  # any other refusal is about the file's type: 415


def upload_routes(
    db: Database,
    store: FileStore,
    clock: Clock,
    on_upload: OnUpload,
    *,
    tz: ZoneInfo,
    max_bytes: int = file_types.MAX_BYTES,
) -> list[web.RouteDef]:
    """The page's two routes. ``on_upload(platform, chat_id, file)`` runs the chat's step with the file."""

    async def show(request: web.Request) -> web.Response:
        try:
            ticket = await _check(db, request.match_info["token"], clock.now())
        except TicketRefused as refusal:
            return _dead_link(refusal)
        return _form_page(ticket, tz, max_bytes)

    async def take(request: web.Request) -> web.Response:
        token = request.match_info["token"]
        try:
            ticket = await _check(db, token, clock.now())
        except TicketRefused as refusal:
            return _dead_link(refusal)
        try:
            name, content, kind = await _checked_file(request, ticket, max_bytes)
        except Refusal as refusal:  # the link stays usable: say why, show the form again
            status = _STATUS.get(refusal.key, 415)
            return _form_page(ticket, tz, max_bytes, note=t(refusal.key, **refusal.values), status=status)
        try:
            async with db.transaction() as session:
                ticket = await upload_tickets.claim(session, token, clock.now())
        except TicketRefused as refusal:
            return _dead_link(refusal)
        try:
            digest = await store.put(content)
        except OSError:
            log.exception("upload ticket %s: the file could not be stored", ticket.id)
            async with db.transaction() as session:
                await upload_tickets.release(session, ticket)
            return _form_page(ticket, tz, max_bytes, note=t("web.upload_failed"), status=500)
        file = FileRef(stored_file_id(digest), name, kind.mime_type, len(content), kind="document")
        log.info("upload ticket %s: %s, %d bytes, for a %s chat", ticket.id, kind.label, len(content), ticket.platform)
        app = _app(ticket.platform)
        try:
            await on_upload(ticket.platform, ticket.chat_id, file)
        except Exception:
            log.exception("upload ticket %s: the conversation could not take the file", ticket.id)
            return page(
                plain("web.upload_refused_title"), t("web.upload_not_processed", name=name, app=app), status=500
            )
        done = t("web.upload_done", name=name, label=kind.label, size=fmt_size(len(content)), app=app)
        return page(plain("web.upload_done_title"), done)

    return [web.get("/u/{token}", show), web.post("/u/{token}", take)]


async def _check(db: Database, token: str, now: datetime) -> Ticket:
    async with db.transaction() as session:
        return await upload_tickets.check(session, token, now)


async def _checked_file(request: web.Request, ticket: Ticket, max_bytes: int) -> tuple[str, bytes, file_types.FileKind]:
    """The posted file's safe name, bytes and kind (from its content), or the :class:`Refusal` saying why not."""
    name, content = await _read_file(request, max_bytes)
    name = file_types.check_name(name)
    # Off the event loop: a zip's directory is read to tell an office document from a bomb.
    kind = await asyncio.to_thread(file_types.detect, content, name)
    if not ticket.accepts(kind):
        raise Refusal("web.upload_wrong_kind", kinds=_kinds(ticket), label=kind.label)
    return name, content, kind


async def _read_file(request: web.Request, max_bytes: int) -> tuple[str, bytes]:
    """The form's file: its name and bytes, read in chunks and refused once past ``max_bytes``."""
    if request.content_length is not None and request.content_length > max_bytes + MULTIPART_SLACK:
        raise Refusal("files.too_big", limit_mb=max_bytes // (1024 * 1024))
    try:
        reader = await request.multipart()
        for _ in range(MAX_PARTS):
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, BodyPartReader) or part.name != "file":
                continue
            content = bytearray()
            while chunk := await part.read_chunk(_CHUNK):
                content += chunk
                if len(content) > max_bytes:
                    raise Refusal("files.too_big", limit_mb=max_bytes // (1024 * 1024))
            if not part.filename and not content:
                break  # the form sent with no file chosen
            if not content:
                raise Refusal("files.empty")
            return part.filename or "", bytes(content)
    except (ValueError, KeyError, AssertionError, web.HTTPException) as exc:  # not a multipart body
        log.info("an upload body that is not the form's was refused: %s", type(exc).__name__)
    raise Refusal("web.upload_no_file")


def _form_page(
    ticket: Ticket, tz: ZoneInfo, max_bytes: int, *, note: RichText | None = None, status: int = 200
) -> web.Response:
    expires = ticket.expires_at.astimezone(tz).strftime("%H:%M %d/%m/%Y")
    intro = t("web.upload_intro", kinds=_kinds(ticket), limit_mb=max_bytes // (1024 * 1024), time=expires)
    paragraphs = (intro,) if note is None else (intro, t("web.upload_try_again"))
    form = upload_form(_accept(ticket), plain("web.upload_choose"), plain("web.upload_submit"))
    return page(plain("web.upload_title"), *paragraphs, note=note, form=form, status=status)


def _dead_link(refusal: TicketRefused) -> web.Response:
    app = _app(refusal.ticket.platform if refusal.ticket else "")
    status = 403 if refusal.key == "web.upload_bad" else 410
    return page(plain("web.upload_refused_title"), t(refusal.key, app=app, **refusal.values), status=status)


def _kinds(ticket: Ticket) -> str:
    return ", ".join(ticket.kinds)


def _accept(ticket: Ticket) -> str:
    """Extensions and MIME types both: phones filter their pickers by the latter, desktops by the former."""
    kinds = ticket.file_kinds()
    return ",".join([ext for kind in kinds for ext in kind.extensions] + sorted({kind.mime_type for kind in kinds}))


def _app(platform: str) -> str:
    key = f"web.app_{platform}"
    return plain(key if has(key) else "web.app_other")
