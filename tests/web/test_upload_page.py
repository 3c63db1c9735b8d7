"""GET/POST /u/{token}: the upload page over real HTTP, on SQLite and PostgreSQL. A file joins the
conversation only through a live ticket, only once, only when it is what the step takes; a dead link
stores nothing."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import httpx
import pytest

from bot.log_redaction import Redactor
from bot.web.upload import upload_routes
from core.clock import FixedClock
from services import upload_tickets
from services.uploads import STORED_PREFIX
from storage.db import Database
from storage.files import FileStore
from tests.web.conftest import EXE, PDF, TZ, Conversation, docx, serving, stored

CHAT = "6ede9afa66b88fe6d6a9"


async def _ticket(db: Database, clock: FixedClock, **values: object) -> str:
    async with db.transaction() as s:
        return await upload_tickets.issue(
            s,
            platform="zalo",
            chat_id=CHAT,
            flow="submit",
            step="files",
            prompt_id="k3J9",
            now=clock.now(),
            **values,  # type: ignore[arg-type]
        )


def _routes(db: Database, store: FileStore, clock: FixedClock, conversation: Conversation, **values: object):  # type: ignore[no-untyped-def]
    return upload_routes(db, store, clock, conversation, tz=TZ, **values)  # type: ignore[arg-type]


def _server_log(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore")))


async def test_the_page_takes_a_file_into_the_conversation_once(
    db: Database, store: FileStore, clock: FixedClock, conversation: Conversation, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await _ticket(db, clock)
    async with serving(_routes(db, store, clock, conversation)) as base, httpx.AsyncClient(base_url=base) as http:
        form = await http.get(f"/u/{token}")
        done = await http.post(f"/u/{token}", files={"file": ("Báo cáo quý II.pdf", PDF, "application/pdf")})
        again = await http.post(f"/u/{token}", files={"file": ("khac.pdf", PDF + b"2", "application/pdf")})
        reopened = await http.get(f"/u/{token}")
    assert form.status_code == 200 and 'type="file"' in form.text and 'name="file"' in form.text
    assert 'accept=".pdf,.doc,.xls,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png,' in form.text
    assert "tối đa 20 MB" in form.text and "hết hạn lúc 10:00 12/06/2024" in form.text
    assert token not in form.text  # the form posts to its own address
    assert (
        form.headers["referrer-policy"] == "no-referrer"
        and "default-src 'none'" in form.headers["content-security-policy"]
    )
    assert done.status_code == 200
    assert "Đã nhận tệp «Báo cáo quý II.pdf» (PDF," in done.text and "quay lại Zalo" in done.text
    [(platform, chat_id, file)] = conversation.received
    [taken] = conversation.taken
    assert (platform, chat_id, file.file_name, file.mime_type, file.size) == (
        "zalo",
        CHAT,
        "Báo cáo quý II.pdf",
        "application/pdf",
        len(PDF),
    )
    assert file.file_id == STORED_PREFIX + taken.sha256 and taken.label == "PDF"
    assert stored(store) == [taken.sha256] and await store.read(taken.sha256) == PDF
    assert again.status_code == 410 and "đã được dùng" in again.text  # the second file stored nowhere
    assert reopened.status_code == 410 and len(conversation.received) == 1 and len(stored(store)) == 1
    assert token not in _server_log(caplog)


async def test_a_wrong_file_leaves_the_link_usable(
    db: Database, store: FileStore, clock: FixedClock, conversation: Conversation
) -> None:
    token = await _ticket(db, clock, kinds=["PDF"])
    small = _routes(db, store, clock, conversation, max_bytes=2048)
    async with serving(small) as base, httpx.AsyncClient(base_url=base) as http:
        exe = await http.post(f"/u/{token}", files={"file": ("bao-cao.pdf", EXE, "application/pdf")})
        renamed = await http.post(f"/u/{token}", files={"file": ("chuong-trinh.exe", EXE, "application/octet-stream")})
        word = await http.post(f"/u/{token}", files={"file": ("to-trinh.docx", docx(), "application/msword")})
        big = await http.post(f"/u/{token}", files={"file": ("lon.pdf", PDF + b"0" * 4096, "application/pdf")})

        async def chunked():  # type: ignore[no-untyped-def]
            yield b"--b\r\nContent-Disposition: form-data; name=file; filename=lon.pdf\r\n\r\n" + PDF
            for _ in range(200):  # no Content-Length: cut off while streaming
                yield b"0" * 1024
            yield b"\r\n--b--\r\n"

        streamed = await http.post(
            f"/u/{token}", content=chunked(), headers={"content-type": "multipart/form-data; boundary=b"}
        )
        empty = await http.post(f"/u/{token}", files={"file": ("", b"", "application/octet-stream")})
        not_form = await http.post(f"/u/{token}", content=b"file=x", headers={"content-type": "text/plain"})
        bad_name = await http.post(
            f"/u/{token}",
            content=b'--b\r\nContent-Disposition: form-data; name="file"; filename="../../a/b.pdf"\r\n\r\n'
            + PDF
            + b"\r\n--b--\r\n",
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
        assert conversation.received == [] and stored(store) == []
        good = await http.post(f"/u/{token}", files={"file": ("bao-cao.pdf", PDF, "application/pdf")})
    assert (exe.status_code, renamed.status_code, word.status_code) == (415, 415, 415)
    assert "không phải tệp PDF thật" in exe.text and "Loại tệp không được chấp nhận" in renamed.text
    assert "chỉ nhận tệp PDF; tệp vừa chọn là DOCX" in word.text
    assert (big.status_code, streamed.status_code) == (413, 413) and "vượt quá dung lượng" in big.text
    assert (empty.status_code, not_form.status_code, bad_name.status_code) == (400, 400, 400)
    assert "Chưa chọn tệp" in empty.text and "Chưa chọn tệp" in not_form.text
    assert "Tên tệp có ký tự không hợp lệ" in bad_name.text
    for refused in (exe, word, big, empty):
        assert 'type="file"' in refused.text and "chọn tệp khác và gửi lại" in refused.text
    assert good.status_code == 200 and len(conversation.taken) == 1 and len(stored(store)) == 1


async def test_a_dead_link_reads_nothing_and_stores_nothing(
    db: Database, store: FileStore, clock: FixedClock, conversation: Conversation
) -> None:
    token = await _ticket(db, clock)
    async with serving(_routes(db, store, clock, conversation)) as base, httpx.AsyncClient(base_url=base) as http:
        forged = await http.get("/u/" + "A" * 32)
        forged_post = await http.post("/u/" + "A" * 32, files={"file": ("a.pdf", PDF, "application/pdf")})
        clock.at += timedelta(minutes=31)
        expired = await http.get(f"/u/{token}")
        expired_post = await http.post(f"/u/{token}", files={"file": ("a.pdf", PDF, "application/pdf")})
    assert (forged.status_code, forged_post.status_code) == (403, 403) and "không hợp lệ" in forged.text
    assert (expired.status_code, expired_post.status_code) == (410, 410)
    assert "đã hết hạn (chỉ dùng được trong 30 phút)" in expired_post.text and "quay lại Zalo" in expired_post.text
    assert 'type="file"' not in expired.text + forged.text
    assert conversation.received == [] and stored(store) == []


async def test_two_uploads_racing_with_one_link_join_the_conversation_once(
    db: Database, store: FileStore, clock: FixedClock, conversation: Conversation
) -> None:
    token = await _ticket(db, clock)
    async with serving(_routes(db, store, clock, conversation)) as base, httpx.AsyncClient(base_url=base) as http:
        answers = await asyncio.gather(
            *(
                http.post(f"/u/{token}", files={"file": (f"{n}.pdf", PDF + bytes([n]), "application/pdf")})
                for n in range(4)
            )
        )
    assert sorted(r.status_code for r in answers) == [200, 410, 410, 410]
    assert len(conversation.received) == 1 and len(stored(store)) == 1  # the losers stored nothing


async def test_a_conversation_that_breaks_is_said_on_the_page(
    db: Database, store: FileStore, clock: FixedClock, conversation: Conversation
) -> None:
    conversation.fail = True
    token = await _ticket(db, clock)
    async with serving(_routes(db, store, clock, conversation)) as base, httpx.AsyncClient(base_url=base) as http:
        answer = await http.post(f"/u/{token}", files={"file": ("a.pdf", PDF, "application/pdf")})
    assert answer.status_code == 500 and "bot chưa xử lý được" in answer.text and "gửi lại tệp" in answer.text


def test_link_tokens_are_redacted_from_any_log_line() -> None:
    line = '127.0.0.1 "GET /u/Abc_defGhi-jklMnoPqrStuVwxYz0123456 HTTP/1.1" 200; GET /f/eyJhYmMi.ZGVm_-x HTTP'
    assert Redactor().redact(line) == '127.0.0.1 "GET /u/<token> HTTP/1.1" 200; GET /f/<token> HTTP'
