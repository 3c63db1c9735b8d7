"""``thidua-bot backup`` → wipe everything → ``thidua-bot restore``: every submission and every file is back."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.cli import main
from bot.settings import Settings
from services import plan_import
from services.uploads import StoredUpload
from storage.db import Database, create_engine
from storage.files import FileStore
from storage.migrate import upgrade
from storage.models import Submission, SubmissionFile
from tests import factories as f
from tests.conftest import POSTGRES_URL
from tests.office_helpers import round_for, submit

NOW = datetime(2024, 6, 12, 2, 30, tzinfo=UTC)


async def make_history(url: str, files_dir: Path) -> dict[str, bytes]:
    """Officers of three units send reports with files; what the store holds, by digest."""
    db = Database.from_url(url)
    await upgrade(db.engine)
    await f.load_default_units(db, NOW)
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), NOW, ZoneInfo("Asia/Ho_Chi_Minh"), label="test")
    store = FileStore(files_dir)
    contents: dict[str, bytes] = {}
    for number, code in enumerate(("TTH-CL", "TTH-TPLS", "TTS-TC")):
        officer = await f.officer(db, 10 + number, code, NOW)
        for version in range(2):
            content = f"%PDF báo cáo {code} lần {version}".encode() + os.urandom(64)
            digest = await store.put(content)
            contents[digest] = content
            upload = StoredUpload(sha256=digest, file_name=f"{code}.pdf", mime_type="application/pdf",
                                  size=len(content), label="PDF")  # fmt: skip
            await submit(db, officer, await round_for(db, "II.1"), NOW, upload=upload)
    await db.dispose()
    return contents


async def stored(url: str) -> tuple[int, list[str]]:
    db = Database.from_url(url)
    async with db.transaction() as s:
        submissions = await s.scalar(select(func.count()).select_from(Submission))
        digests = list((await s.scalars(select(SubmissionFile.sha256))).all())
    await db.dispose()
    return int(submissions or 0), digests


def run_cli(monkeypatch: pytest.MonkeyPatch, url: str, files_dir: Path, *argv: str) -> int:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FILES_DIR", str(files_dir))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return main(list(argv))


def test_backup_wipe_restore_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    url, files_dir = f"sqlite+aiosqlite:///{data / 'thidua.db'}", data / "files"
    contents = asyncio.run(make_history(url, files_dir))
    before = asyncio.run(stored(url))
    assert before[0] == 6 and sorted(before[1]) == sorted(contents)
    secret = Settings(_env_file=None, files_dir=files_dir)  # type: ignore[call-arg]
    invite_secret = secret.files_dir.parent / "invite.secret"
    invite_secret.write_text("an-invite-secret-of-enough-length\n")
    archive = tmp_path / "sao-luu.tar.gz"
    assert run_cli(monkeypatch, url, files_dir, "backup", "-o", str(archive)) == 0
    assert "Đã sao lưu" in capsys.readouterr().out and archive.stat().st_mode & 0o077 == 0
    shutil.rmtree(data)  # the server's disk is gone
    assert run_cli(monkeypatch, url, files_dir, "restore", str(archive)) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    after = asyncio.run(stored(url))
    assert after == before
    store = FileStore(files_dir)
    for digest, content in contents.items():
        assert store.path_of(digest).read_bytes() == content
    assert invite_secret.read_text() == "an-invite-secret-of-enough-length\n"
    # Restoring over a database that has data needs --force (and keeps the old one beside it).
    assert run_cli(monkeypatch, url, files_dir, "restore", str(archive)) == 2
    assert "--force" in capsys.readouterr().err
    assert run_cli(monkeypatch, url, files_dir, "restore", "--force", str(archive)) == 0
    assert (data / "thidua.db.truoc-khoi-phuc").exists()


def test_restore_refuses_what_is_not_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    assert run_cli(monkeypatch, url, tmp_path / "files", "restore", str(junk)) == 2
    assert "không phải bản sao lưu" in capsys.readouterr().err


def test_backup_of_postgres_wipe_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    monkeypatch.chdir(tmp_path)
    name = f"backup_{uuid.uuid4().hex[:10]}"
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_database(name, create=True))
    try:
        files_dir = tmp_path / "data" / "files"
        contents = asyncio.run(make_history(url, files_dir))
        before = asyncio.run(stored(url))
        archive = tmp_path / "pg.tar.gz"
        assert run_cli(monkeypatch, url, files_dir, "backup", "-o", str(archive)) == 0
        asyncio.run(_database(name, create=False))  # wiped
        asyncio.run(_database(name, create=True))
        shutil.rmtree(tmp_path / "data")
        assert run_cli(monkeypatch, url, files_dir, "restore", str(archive)) == 0, capsys.readouterr().err
        assert asyncio.run(stored(url)) == before
        assert all(FileStore(files_dir).path_of(d).read_bytes() == c for d, c in contents.items())
    finally:
        asyncio.run(_database(name, create=False))


async def _database(name: str, *, create: bool) -> None:
    engine = create_engine(POSTGRES_URL)
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if create:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        else:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()
