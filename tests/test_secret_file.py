"""Secrets generated into a file (invite secret, Telegram webhook secret): several processes starting at once
on one volume all end up with the same one, and never read half of it."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.secret_file import read_or_create


def test_processes_starting_at_once_share_one_secret(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "telegram-webhook.secret"
    with ThreadPoolExecutor(max_workers=8) as pool:
        values = list(pool.map(lambda _: read_or_create(path, min_chars=16, what="secret"), range(32)))
    assert len(set(values)) == 1 and len(values[0]) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
