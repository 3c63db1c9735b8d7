"""The upload page in a real browser (Debian's headless chromium, driven by Selenium), as a phone shows it:
from opening the link the bot sent, through a refused file, to the file reaching the conversation.

Skipped only when chromium or its driver is not installed here; ``.ci/run`` installs both and sets
REQUIRE_BROWSER_TESTS, so in CI a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from bot.web.upload import upload_routes
from core.clock import FixedClock
from services import upload_tickets
from services.uploads import STORED_PREFIX
from storage.db import Database
from storage.files import FileStore
from storage.migrate import upgrade
from tests.web.conftest import EXE, PDF, TZ, Conversation, serving, stored

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
MISSING = "chromium is not installed here (apt-get install chromium chromium-driver; .ci/run does)"
pytestmark = [
    pytest.mark.skipif(
        (CHROMIUM is None or DRIVER is None) and not os.environ.get("REQUIRE_BROWSER_TESTS"), reason=MISSING
    ),
    pytest.mark.timeout(90),
]
PHONE = {"width": 360, "height": 740, "pixelRatio": 3.0}
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36 Zalo"
)


@dataclass
class Visit:
    title: str
    accept: str
    fits_the_phone: bool
    refused: str
    done: str
    reused: str


def _browser() -> webdriver.Chrome:
    if CHROMIUM is None or DRIVER is None:
        pytest.fail(MISSING)  # REQUIRE_BROWSER_TESTS is set: CI must run this test
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=vi"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE, "userAgent": PHONE_AGENT})
    return webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))


def _send(browser: webdriver.Chrome, path: Path) -> str:
    """Choose ``path`` in the page's file input and tap the button; the text of the page that answers."""
    before = browser.find_element(By.TAG_NAME, "main")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(expected_conditions.staleness_of(before))
    return browser.find_element(By.TAG_NAME, "main").text


def _visit(url: str, files: Path) -> Visit:
    """What a person on a phone does with the link (blocking: run in a thread while the server serves)."""
    browser = _browser()
    try:
        browser.get(url)
        accept = browser.find_element(By.CSS_SELECTOR, "input[type=file]").get_attribute("accept") or ""
        fits = browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        title = browser.title
        refused = _send(browser, files / "bao-cao.pdf")  # an executable renamed: refused, link still usable
        done = _send(browser, files / "Báo cáo sơ kết.pdf")
        browser.get(url)  # the link again, as from the chat
        return Visit(title, accept, bool(fits), refused, done, browser.find_element(By.TAG_NAME, "main").text)
    finally:
        browser.quit()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'browser.db'}")
    await upgrade(database.engine)
    yield database
    await database.dispose()


async def test_a_phone_browser_sends_a_file_into_the_conversation(
    sqlite_db: Database, store: FileStore, clock: FixedClock, conversation: Conversation, tmp_path: Path
) -> None:
    files = tmp_path / "phone"
    files.mkdir()
    (files / "bao-cao.pdf").write_bytes(EXE)
    (files / "Báo cáo sơ kết.pdf").write_bytes(PDF)
    async with sqlite_db.transaction() as s:
        token = await upload_tickets.issue(
            s, platform="zalo", chat_id="6ede9afa66b88fe6d6a9", flow="submit", step="files", prompt_id="k3J9",
            now=clock.now(),
        )  # fmt: skip
    async with serving(upload_routes(sqlite_db, store, clock, conversation, tz=TZ)) as base:
        visit = await asyncio.to_thread(_visit, base + upload_tickets.upload_path(token), files)

    assert visit.title == "Gửi tệp cho trợ lý thi đua" and visit.fits_the_phone
    assert visit.accept.startswith(".pdf,.doc,") and "application/pdf" in visit.accept
    assert "không phải tệp PDF thật" in visit.refused and "chọn tệp khác và gửi lại" in visit.refused
    assert "Đã nhận tệp «Báo cáo sơ kết.pdf» (PDF, 77 B). Đồng chí quay lại Zalo để tiếp tục." in visit.done
    assert "đã được dùng" in visit.reused
    # The file reached the conversation as a file sent in the chat would: taken by UploadIntake.
    [(platform, chat_id, file)] = conversation.received
    [taken] = conversation.taken
    assert (platform, chat_id, file.file_name) == ("zalo", "6ede9afa66b88fe6d6a9", "Báo cáo sơ kết.pdf")
    assert file.file_id == STORED_PREFIX + taken.sha256 and taken.label == "PDF"
    assert stored(store) == [taken.sha256]  # the refused executable was never stored
