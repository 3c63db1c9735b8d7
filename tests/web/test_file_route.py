"""GET /f/{token}: a stored file behind a signed link, over real HTTP."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from urllib.parse import quote

import httpx
import pytest

from bot.web.files import content_disposition, file_routes
from core.clock import FixedClock
from services import file_links
from storage.files import FileStore
from tests.web.conftest import PDF, serving

KEY = b"a-file-link-key-for-tests-only-0123456789"
NAME = "Báo cáo sơ kết – Đội 1.pdf"


def server_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the bot's side logged (the test's own HTTP client logs the URLs it requests)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore")))


async def test_a_signed_link_downloads_the_file_under_its_name(
    store: FileStore, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    digest = await store.put(PDF)
    token = file_links.issue(digest, NAME, clock.now() + file_links.LINK_TTL, key=KEY)
    async with serving(file_routes(store, KEY, clock)) as base, httpx.AsyncClient(base_url=base) as http:
        response = await http.get(file_links.download_path(token))
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote(NAME, safe='')}" in disposition
    assert 'filename="Bao cao so ket _ Doi 1.pdf"' in disposition
    assert response.headers["referrer-policy"] == "no-referrer"
    assert token not in server_log(caplog)


async def test_a_bad_expired_or_swept_link_gets_a_page_saying_so(
    store: FileStore, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    digest = await store.put(PDF)
    expired = file_links.issue(digest, NAME, clock.now() - timedelta(seconds=1), key=KEY)
    forged = file_links.issue(digest, NAME, clock.now() + timedelta(hours=1), key=b"not-the-bot-key-at-all-000")
    gone = file_links.issue(hashlib.sha256(b"swept").hexdigest(), NAME, clock.now() + timedelta(hours=1), key=KEY)
    async with serving(file_routes(store, KEY, clock)) as base, httpx.AsyncClient(base_url=base) as http:
        answers = {
            "expired": await http.get(f"/f/{expired}"),
            "forged": await http.get(f"/f/{forged}"),
            "mangled": await http.get(f"/f/{expired[:-3]}"),
            "gone": await http.get(f"/f/{gone}"),
        }
    assert {what: r.status_code for what, r in answers.items()} == {
        "expired": 410,
        "forged": 403,
        "mangled": 403,
        "gone": 410,
    }
    assert "đã hết hạn" in answers["expired"].text
    assert "không hợp lệ" in answers["forged"].text and "không hợp lệ" in answers["mangled"].text
    assert "không còn được lưu" in answers["gone"].text
    assert all(r.headers["content-type"].startswith("text/html") and PDF not in r.content for r in answers.values())
    for token in (expired, forged, gone):
        assert token[:40] not in server_log(caplog)


def test_a_name_cannot_break_out_of_the_header() -> None:
    header = content_disposition('a"b\r\nSet-Cookie: x=1;.pdf')
    assert "\r" not in header and "\n" not in header and header.count('"') == 2
    assert content_disposition("Đơn đề nghị.docx").startswith('attachment; filename="Don de nghi.docx"; ')
