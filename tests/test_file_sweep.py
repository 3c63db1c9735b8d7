"""Orphan files leave the store after a grace period (issue 9, item 13): kept while a row or a live
dialog refers to them or they were stored recently (a submission in progress); run by the bot's
scheduler (tests/e2e/test_file_sweep_bot.py) and from the CLI."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from core.clock import FixedClock
from services import plan_import
from services.file_sweep import sweep_orphans
from services.uploads import StoredUpload
from storage.db import Database
from storage.files import TEMP_PREFIX, FileStore
from storage.repos import dialogs as dialog_repo
from tests import factories as f
from tests.office_helpers import round_for, submit


def age(path: Path, hours: float, now: float | None = None) -> None:
    stamp = (now if now is not None else time.time()) - hours * 3600
    os.utime(path, (stamp, stamp))


async def test_only_old_files_nobody_refers_to_are_removed(db: Database, clock: FixedClock, tmp_path: Path) -> None:
    await f.load_default_units(db, clock.now())
    async with db.transaction() as s:
        await plan_import.apply(s, plan_import.load_default(), clock.now(), ZoneInfo("Asia/Ho_Chi_Minh"), label="test")
    store = FileStore(tmp_path / "files")
    submitted, orphan, recent, drafted = [await store.put(f"tệp {n}".encode()) for n in range(4)]
    officer = await f.officer(db, 10, "TTH-CL", clock.now())
    upload = StoredUpload(sha256=submitted, file_name="a.pdf", mime_type="application/pdf", size=5, label="PDF")
    await submit(db, officer, await round_for(db, "II.1"), clock.now(), upload=upload)
    async with db.transaction() as s:  # a /nopbaocao draft still open: its file is in the dialog only
        await dialog_repo.save(
            s,
            officer.account_id,
            identity_id=officer.identity_id,
            flow="submit",
            step="files",
            data={"files": [{"sha256": drafted, "name": "b.pdf"}]},
            expires_at=clock.now() + timedelta(hours=2),
            now=clock.now(),
        )
    leftover = store.path_of(orphan).parent / f"{TEMP_PREFIX}crashed"
    leftover.write_bytes(b"half a file")
    now = clock.now().timestamp()
    for digest in (submitted, orphan, drafted):
        age(store.path_of(digest), 48, now)
    age(leftover, 48, now)
    age(store.path_of(recent), 1, now)

    result = await sweep_orphans(db, store, clock.now(), grace=timedelta(hours=24))

    assert (result.removed, result.kept_in_use, result.kept_recent) == (2, 2, 1)
    assert not store.exists(orphan) and not leftover.exists()
    assert all(store.exists(d) for d in (submitted, recent, drafted))


async def test_a_file_stored_again_for_a_submission_in_progress_is_kept(db: Database, tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    digest = await store.put(b"bao cao cu")
    age(store.path_of(digest), 72)  # an orphan for days…
    assert await store.put(b"bao cao cu") == digest  # …sent again by someone now, not yet committed
    result = await sweep_orphans(db, store, datetime.now(UTC), grace=timedelta(hours=24))
    assert result.removed == 0 and store.exists(digest)
    age(store.path_of(digest), 72)  # the check has teeth: left alone, the same file goes
    assert (await sweep_orphans(db, store, datetime.now(UTC), grace=timedelta(hours=24))).removed == 1


def test_the_cli_sweeps_and_says_what_it_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("FILES_DIR", str(tmp_path / "files"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    store = FileStore(tmp_path / "files")
    digest = asyncio.run(store.put(b"mo coi"))
    age(store.path_of(digest), 30)
    assert main(["files", "sweep", "--dry-run"]) == 0
    assert "Sẽ xóa 1 tệp" in capsys.readouterr().out and store.exists(digest)
    assert main(["files", "sweep"]) == 0
    assert "Đã xóa 1 tệp" in capsys.readouterr().out and not store.exists(digest)
